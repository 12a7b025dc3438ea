//! What was not done or not reported: indicators and targets not applicable
//! (by a plan condition or as a request), neutralised, not reported, an Area
//! without a form, a missed target without a motivation; how each weighs on
//! the grades and which warnings it raises.

use super::*;

#[test]
fn not_applicable_neutralised_and_not_reported() {
    let plan = plan_with(vec![
        objective(
            "OB01",
            &[("I", Some(4.0))],
            vec![
                conditional(
                    indicator("OB01.1", vec![minimum(2.0)]),
                    "Solo in caso di adesione all'avviso pubblico",
                ),
                indicator("OB01.2", vec![yes_no()]),
                indicator("OB01.3", vec![yes_no()]),
                indicator("OB01.4", vec![yes_no()]),
                indicator("OB01.5", vec![yes_no()]),
            ],
        ),
        objective(
            "OB02",
            &[("I", Some(6.0))],
            vec![conditional(
                indicator("OB02.1", vec![yes_no()]),
                "Se finanziato",
            )],
        ),
    ]);
    let res = results(
        &["I"],
        vec![
            entry("I", "OB01.1", 0).status(NA),
            entry("I", "OB01.2", 0)
                .status(NA)
                .motivation("sciopero dei fornitori"),
            entry("I", "OB01.3", 0).status(NA),
            entry("I", "OB01.4", 0).done(true),
            // OB01.5: no row at all.
            entry("I", "OB02.1", 0).status(NA),
        ],
    );
    let sc = score(&plan, &res, &Rules::default(), &Review::default());
    let i1 = ind(&sc, "OB01", "I", "OB01.1");
    assert_eq!(
        i1.standing,
        Standing::NotApplicable("Solo in caso di adesione all'avviso pubblico".into())
    );
    assert_eq!(i1.grade, None);
    // No condition in the plan: the Area's "Non applicabile" is a request,
    // graded as not reported until the Nucleo decides.
    let i2 = ind(&sc, "OB01", "I", "OB01.2");
    assert_eq!(i2.standing, Standing::NotReported);
    assert_eq!(i2.pending, Some(PendingKind::NotApplicableRequest));
    assert!(
        i2.explanation.contains("in attesa della decisione"),
        "{}",
        i2.explanation
    );
    let i3 = ind(&sc, "OB01", "I", "OB01.3");
    assert_eq!(i3.standing, Standing::NotReported);
    assert_eq!(i3.grade, Some(0.0));
    let i5 = ind(&sc, "OB01", "I", "OB01.5");
    assert_eq!(i5.standing, Standing::NotReported);
    assert!(
        i5.explanation.starts_with("Non rendicontato"),
        "{}",
        i5.explanation
    );
    // OB01 = mean(OB01.2 0, OB01.3 0, OB01.4 1, OB01.5 0).
    assert!(close(obj_area(&sc, "OB01", "I").grade, Some(1.0 / 4.0)));
    // OB02: its only indicator is not applicable → out of the Area grade.
    let ob2 = obj_area(&sc, "OB02", "I");
    assert_eq!(ob2.grade, None);
    assert!(matches!(ob2.standing, Standing::NotApplicable(_)));
    assert!(close(area(&sc, "I").grade, Some(1.0 / 4.0)));
    assert_eq!(area(&sc, "I").total_weight, 4.0);
    assert!(
        area(&sc, "I")
            .explanation
            .contains("esclusi: OB02 (non applicabile)")
    );
    // One grouped message for the two requests, saying what to write.
    assert_eq!(sc.pending.len(), 2, "{:?}", sc.pending);
    let w: Vec<String> = sc.warnings.iter().map(|d| d.to_string()).collect();
    let grouped: Vec<&String> = w
        .iter()
        .filter(|m| m.contains("attendono la decisione"))
        .collect();
    assert_eq!(grouped.len(), 1, "{w:?}");
    assert!(grouped[0].contains("OB01.2 (Area I): richiesta di non applicabilità proposta «Non applicabile («sciopero dei fornitori»)»"), "{}", grouped[0]);
    assert!(
        grouped[0].contains("OB01.3 (Area I)") && grouped[0].contains("[[conferma]]"),
        "{}",
        grouped[0]
    );
    // Once the Nucleo confirms, the request takes the indicator out.
    let confirmed = score(
        &plan,
        &res,
        &Rules::default(),
        &review_of(
            &plan,
            "[[conferma]]\nindicatore = \"OB01.2\"\nmotivazione = \"verificato\"\n",
        ),
    );
    let i2 = ind(&confirmed, "OB01", "I", "OB01.2");
    assert_eq!(
        i2.standing,
        Standing::Neutralised("sciopero dei fornitori".into())
    );
    assert_eq!(i2.confirmation.as_deref(), Some("verificato"));
    assert!(
        i2.explanation.contains("confermata dal Nucleo"),
        "{}",
        i2.explanation
    );
    assert_eq!(confirmed.pending.len(), 1);
    assert!(
        // The unit by its name, with the article its word takes.
        w.iter()
            .any(|m| m.contains("indicatore OB01.5 non rendicontato dall'Area ")),
        "{w:?}"
    );
    assert_eq!(sc.indicator_counts.not_applicable, 2);
    assert_eq!(sc.indicator_counts.neutralised, 0);
    assert_eq!(sc.indicator_counts.not_reported, 3);
    assert_eq!(sc.indicator_counts.achieved, 1);
    assert_eq!(confirmed.indicator_counts.neutralised, 1);

    // With "escludi" missing data leaves the averages.
    let r = Rules {
        missing: MissingPolicy::Exclude,
        ..Rules::default()
    };
    let sc = score(&plan, &res, &r, &Review::default());
    assert_eq!(ind(&sc, "OB01", "I", "OB01.5").grade, None);
    assert!(close(obj_area(&sc, "OB01", "I").grade, Some(1.0)));
}

#[test]
fn all_neutralised_objective_and_area_without_weighted_objectives() {
    let plan = plan_with(vec![
        objective(
            "OB01",
            &[("II", Some(10.0))],
            vec![
                indicator("OB01.1", vec![yes_no()]),
                indicator("OB01.2", vec![yes_no()]),
            ],
        ),
        objective(
            "OB02",
            &[("II", None)],
            vec![indicator("OB02.1", vec![yes_no()])],
        ),
    ]);
    let res = results(
        &["II"],
        vec![
            entry("II", "OB01.1", 0).status(NA).motivation("a"),
            entry("II", "OB01.2", 0).status(NA).motivation("b"),
            entry("II", "OB02.1", 0).done(true),
        ],
    );
    let review = review_of(
        &plan,
        "[[conferma]]\nindicatore = \"OB01.1\"\nmotivazione = \"x\"\n[[conferma]]\nindicatore = \"OB01.2\"\nmotivazione = \"y\"\n",
    );
    let sc = score(&plan, &res, &Rules::default(), &review);
    let oa = obj_area(&sc, "OB01", "II");
    assert_eq!(oa.grade, None);
    assert!(matches!(oa.standing, Standing::Neutralised(_)));
    let ar = area(&sc, "II");
    assert_eq!(ar.grade, None);
    assert_eq!(ar.band, None);
    assert_eq!(ar.total_weight, 0.0);
    assert!(
        ar.explanation
            .contains("Nessun obiettivo pesato ha un grado"),
        "{}",
        ar.explanation
    );
    assert_eq!(sc.grade, None);
    assert!(summary(&plan, &sc, &vocab()).contains("Grado dell'ente: non calcolabile"));
}

#[test]
fn area_without_a_form() {
    let plan = two_area_plan();
    let res = results(&["I"], vec![entry("I", "OB01.1", 0).value(2.0)]);
    let sc = score(&plan, &res, &Rules::default(), &Review::default());
    let iii = area(&sc, "III");
    assert!(!iii.reported);
    assert!(close(iii.grade, Some(0.0)));
    assert!(
        iii.explanation
            .starts_with("L'Area non ha inviato il modulo")
    );
    let i = ind(&sc, "OB02", "III", "OB02.1");
    assert_eq!(i.standing, Standing::NotReported);
    assert!(
        i.explanation.contains("l'Area non ha inviato il modulo"),
        "{}",
        i.explanation
    );
    // Named by the ente's words, not by its code, and coded so that the
    // forms' reader's own line makes it unsaid (`diag::without_repeats`).
    let w = sc
        .warnings
        .iter()
        .find(|w| w.message.contains("non ha inviato il modulo"))
        .expect("a warning");
    assert!(
        w.message
            .starts_with("L'Area III non ha inviato il modulo di rendicontazione, e i suoi"),
        "{}",
        w.message
    );
    assert_eq!(w.code, Some(crate::diag::NO_FORM));
    assert!(summary(&plan, &sc, &vocab()).contains("Area III (modulo non inviato)"));
}

#[test]
fn a_miss_the_form_reader_warns_about_is_not_warned_again() {
    let plan = two_area_plan();
    let late = entry("III", "OB02.1", 0).on(date(2023, 7, 3));
    let (_, ind) = plan.indicator(&"OB02.1".into()).unwrap();
    // The reader warns at the motivation's cell (forms::tests::warnings)...
    assert!(crate::forms::missed_target(&ind.targets[0], &late).is_some());
    let res = results(&["III"], vec![late]);
    let sc = score(&plan, &res, &Rules::default(), &Review::default());
    // ...so grading, which gives it 80%, does not say it a second time.
    assert!(
        !sc.warnings
            .iter()
            .any(|w| w.message.contains("senza motivazione dello scostamento")),
        "{:?}",
        sc.warnings
    );
}

#[test]
fn not_applicable_without_reason_only_blanks_that_target() {
    let plan = plan_with(vec![objective(
        "OB01",
        &[("I", Some(1.0))],
        vec![indicator("OB01.1", vec![yes_no(), minimum(10.0)])],
    )]);
    let res = results(
        &["I"],
        vec![
            entry("I", "OB01.1", 0).status(NA),
            entry("I", "OB01.1", 1).value(10.0),
        ],
    );
    let sc = score(&plan, &res, &Rules::default(), &Review::default());
    let i = ind(&sc, "OB01", "I", "OB01.1");
    assert_eq!(i.targets[0].standing, Standing::NotReported);
    assert!(
        i.targets[0]
            .explanation
            .starts_with("Non rendicontato («Non applicabile»"),
        "{}",
        i.targets[0].explanation
    );
    assert_eq!(i.targets[1].standing, Standing::Scored);
    assert!(i.targets[1].explanation.starts_with("Valore raggiunto 10"));
    assert!(close(i.grade, Some(0.5)));
    assert_eq!(i.standing, Standing::Scored);
    assert!(
        i.explanation.contains("traguardo 2 – valore raggiunto 10"),
        "{}",
        i.explanation
    );
}

#[test]
fn not_applicable_on_one_target_leaves_the_other_targets() {
    let plan = plan_with(vec![objective(
        "OB01",
        &[("I", Some(5.0))],
        vec![conditional(
            indicator("OB01.1", vec![minimum(2.0), minimum(10.0)]),
            "Solo in caso di adesione all'avviso pubblico",
        )],
    )]);
    let res = results(
        &["I"],
        vec![
            entry("I", "OB01.1", 0).value(2.0),
            entry("I", "OB01.1", 1).status(NA),
        ],
    );
    let sc = score(&plan, &res, &Rules::default(), &Review::default());
    let i = ind(&sc, "OB01", "I", "OB01.1");
    assert_eq!(i.standing, Standing::Scored);
    assert!(close(i.grade, Some(1.0)), "{i:?}");
    assert!(matches!(i.targets[1].standing, Standing::NotApplicable(_)));
    assert_eq!(i.targets[1].grade, None);
}
