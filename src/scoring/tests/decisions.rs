//! The evaluator's decisions read from the review file: corrections,
//! confirmations of the Areas' proposals, neutralisations, and the warnings
//! about proposals still waiting for a decision.

use super::*;

#[test]
fn nucleo_corrections_and_neutralisations() {
    let plan = two_area_plan();
    let res = results(
        &["I", "III"],
        vec![
            entry("I", "OB01.1", 0).value(2.0),
            entry("I", "OB01.1", 1).on(date(2023, 12, 1)),
            entry("III", "OB01.1", 0).value(2.0),
            entry("III", "OB01.1", 1).on(date(2023, 12, 1)),
            entry("III", "OB02.1", 0)
                .on(date(2023, 9, 30))
                .motivation("x"),
        ],
    );
    let text = "[[correzione]]\nindicatore = \"OB01.1\"\narea = \"III\"\ngrado = 60\n\
                motivazione = \"evidenze incomplete\"\n\
                [[neutralizzazione]]\nobiettivo = \"OB02\"\nmotivazione = \"norma sopravvenuta\"\n";
    let review = parse_review(text, std::path::Path::new("n.toml"), &plan, &vocab()).unwrap();
    let sc = score(&plan, &res, &Rules::default(), &review);
    let i = ind(&sc, "OB01", "III", "OB01.1");
    assert!(close(i.computed, Some(1.0)));
    assert!(close(i.grade, Some(0.6)));
    assert_eq!(
        i.correction.as_ref().unwrap().motivation,
        "evidenze incomplete"
    );
    assert!(
        i.explanation
            .contains("ha corretto il grado dal 100% al 60%: «evidenze incomplete»"),
        "{}",
        i.explanation
    );
    // Area I untouched.
    assert!(close(ind(&sc, "OB01", "I", "OB01.1").grade, Some(1.0)));
    let ob2 = obj_area(&sc, "OB02", "III");
    assert!(matches!(ob2.standing, Standing::Neutralised(_)));
    assert_eq!(ob2.grade, None);
    // Area III: final = OB01 only (0.6); self-assessed: OB01 1.0 and OB02 0 (w 5, neutralised
    // objective keeps its computed grade): (10 + 0) ÷ 15.
    let iii = area(&sc, "III");
    assert!(close(iii.grade, Some(0.6)));
    assert_eq!(iii.total_weight, 10.0);
    assert!(close(iii.computed, Some(10.0 / 15.0)), "{iii:?}");
    assert!(
        iii.explanation
            .contains("prima delle correzioni del Nucleo")
    );
    assert_ne!(sc.grade, sc.computed);
}

#[test]
fn qualitative_pending_warning_goes_away_with_a_correction() {
    let plan = plan_with(vec![objective(
        "OB05",
        &[("III", Some(5.0))],
        vec![indicator("OB05.1", vec![qualitative()])],
    )]);
    let res = results(
        &["III"],
        vec![entry("III", "OB05.1", 0).status(P).motivation("m")],
    );
    let sc = score(&plan, &res, &Rules::default(), &Review::default());
    assert!(sc.warnings.iter().any(|w| {
        w.message
            .contains("1 proposta delle Aree attende la decisione del Nucleo")
    }));
    assert_eq!(sc.pending[0].kind, PendingKind::Qualitative);
    assert!(close(area(&sc, "III").grade, Some(0.5)));
    // Confirming keeps the proposed grade and ends the wait.
    let ok = score(
        &plan,
        &res,
        &Rules::default(),
        &review_of(
            &plan,
            "[[conferma]]\nindicatore = \"OB05.1\"\nmotivazione = \"visto\"\n",
        ),
    );
    assert!(
        ok.pending.is_empty() && ok.warnings.is_empty(),
        "{:?}",
        ok.warnings
    );
    assert!(close(area(&ok, "III").grade, Some(0.5)));
    let i = ind(&ok, "OB05", "III", "OB05.1");
    assert!(i.correction.is_none());
    assert!(
        i.explanation
            .contains("confermata dal Nucleo di Valutazione: «visto»"),
        "{}",
        i.explanation
    );
    // A "correction" to the same grade is refused, pointing at confirmation.
    let same = score(
        &plan,
        &res,
        &Rules::default(),
        &review_of(
            &plan,
            "[[correzione]]\nindicatore = \"OB05.1\"\ngrado = 50\nmotivazione = \"visto\"\n",
        ),
    );
    let e: Vec<String> = same
        .warnings
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("n.toml:1:1: la correzione dell'indicatore OB05.1 per l'Area III porta il grado a 50%, uguale al grado calcolato"), "{}", e[0]);
    assert!(e[0].contains("[[conferma]]"), "{}", e[0]);
    // Confirming what was not proposed is an error too.
    let plan2 = two_area_plan();
    let res2 = results(&["I"], vec![entry("I", "OB01.1", 0).value(2.0)]);
    let odd = score(
        &plan2,
        &res2,
        &Rules::default(),
        &review_of(
            &plan2,
            "[[conferma]]\nindicatore = \"OB01.1\"\narea = \"I\"\nmotivazione = \"x\"\n",
        ),
    );
    assert!(
        odd.warnings
            .iter()
            .any(|d| !d.is_error() && d.message.contains("senza effetto: non c'è una proposta")),
        "{:?}",
        odd.warnings
    );
    let review = parse_review(
        "[[correzione]]\nindicatore = \"OB05.1\"\ngrado = 100\nmotivazione = \"verificato\"\n",
        std::path::Path::new("n.toml"),
        &plan,
        &vocab(),
    )
    .unwrap();
    let sc = score(&plan, &res, &Rules::default(), &review);
    assert!(!sc.warnings.iter().any(|w| w.message.contains("in attesa")));
    assert!(close(area(&sc, "III").grade, Some(1.0)));
    assert!(close(area(&sc, "III").computed, Some(0.5)));
}
