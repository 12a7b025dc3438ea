//! Boundary (table-driven) and property tests of the grading engine.

use proptest::prelude::*;

use super::fixture::*;
use super::target::{band, grade_target, outcome};
use super::*;
use crate::plan::{AreaId, Objective, Target};
use crate::results::{Entry, ProposedStatus};

const A: ProposedStatus = ProposedStatus::Achieved;
const P: ProposedStatus = ProposedStatus::PartiallyAchieved;
const N: ProposedStatus = ProposedStatus::NotAchieved;
const NA: ProposedStatus = ProposedStatus::NotApplicable;

/// The default (Alzano's) words the explanations are checked against.
fn vocab() -> crate::vocab::Vocabulary {
    crate::vocab::Vocabulary::default()
}

fn e() -> Entry {
    entry("I", "X.1", 0)
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn deadline_boundaries() {
    let r = Rules::default();
    let t = deadline(2023, 6, 30);
    // (date done, expected grade, words the explanation must contain)
    let cases: &[(NaiveDateTriple, f64, &str)] = &[
        ((2023, 1, 10), 1.0, "entro la scadenza del 30/06/2023"),
        ((2023, 6, 29), 1.0, "entro la scadenza"),
        ((2023, 6, 30), 1.0, "il giorno stesso della scadenza"),
        (
            (2023, 7, 1),
            0.8,
            "1 giorno dopo la scadenza del 30/06/2023: fascia fino a 30 giorni, 80%",
        ),
        (
            (2023, 7, 12),
            0.8,
            "realizzato il 12/07/2023, 12 giorni dopo la scadenza del 30/06/2023: fascia fino a 30 giorni, 80%",
        ),
        ((2023, 7, 30), 0.8, "30 giorni dopo"),
        (
            (2023, 7, 31),
            0.5,
            "31 giorni dopo la scadenza del 30/06/2023: fascia fino a 60 giorni, 50%",
        ),
        ((2023, 8, 29), 0.5, "60 giorni"),
        (
            (2023, 8, 30),
            0.0,
            "61 giorni dopo la scadenza del 30/06/2023: oltre l'ultima fascia (60 giorni), 0%",
        ),
        ((2024, 6, 30), 0.0, "366 giorni"),
    ];
    for ((y, m, d), want, words) in cases {
        let g = grade_target(&t, &e().on(date(*y, *m, *d)), &r, &vocab());
        assert!(close(g.grade, Some(*want)), "{y}-{m}-{d}: {g:?}");
        assert!(g.text.contains(words), "{y}-{m}-{d}: {}", g.text);
    }
}

type NaiveDateTriple = (i32, u32, u32);

#[test]
fn deadline_across_leap_days() {
    let r = Rules::default();
    let cases: &[(NaiveDateTriple, NaiveDateTriple, f64, &str)] = &[
        ((2024, 2, 29), (2024, 2, 29), 1.0, "il giorno stesso"),
        (
            (2024, 2, 29),
            (2024, 3, 1),
            0.8,
            "1 giorno dopo la scadenza del 29/02/2024",
        ),
        ((2024, 2, 28), (2024, 3, 1), 0.8, "2 giorni dopo"),
        ((2023, 2, 28), (2023, 3, 1), 0.8, "1 giorno dopo"),
        ((2024, 1, 30), (2024, 3, 31), 0.0, "61 giorni"),
        ((2023, 1, 30), (2023, 3, 31), 0.5, "60 giorni"),
    ];
    for (due, done, want, words) in cases {
        let t = deadline(due.0, due.1, due.2);
        let g = grade_target(&t, &e().on(date(done.0, done.1, done.2)), &r, &vocab());
        assert!(close(g.grade, Some(*want)), "{due:?} {done:?}: {g:?}");
        assert!(g.text.contains(words), "{}", g.text);
    }
}

#[test]
fn movable_deadlines() {
    let mut r = Rules::default();
    let t = movable_deadline(2023, 12, 31, "in base alla definizione del nuovo contratto");
    let late = e().on(date(2024, 3, 15));
    let g = grade_target(
        &t,
        &late.clone().motivation("contratto firmato a marzo"),
        &r,
        &vocab(),
    );
    assert!(close(g.grade, Some(1.0)), "{g:?}");
    assert!(g.text.contains("consente di spostare"), "{}", g.text);
    assert!(g.text.contains("contratto firmato a marzo"));
    // Without motivation the delay bands apply.
    let g = grade_target(&t, &late.clone().motivation("  "), &r, &vocab());
    assert!(close(g.grade, Some(0.0)), "{g:?}");
    // And when the rule is off, even with a motivation.
    r.deadline.movable_accepts_later_date_with_motivation = false;
    let g = grade_target(&t, &e().on(date(2024, 1, 10)).motivation("m"), &r, &vocab());
    assert!(close(g.grade, Some(0.8)), "{g:?}");
    // A fixed deadline ignores the motivation.
    let g = grade_target(
        &deadline(2023, 12, 31),
        &late.motivation("m"),
        &Rules::default(),
        &vocab(),
    );
    assert!(close(g.grade, Some(0.0)), "{g:?}");
}

#[test]
fn deadline_without_a_date() {
    let r = Rules::default();
    let t = deadline(2023, 6, 30);
    let g = grade_target(&t, &e().done(true), &r, &vocab());
    assert!(close(g.grade, Some(1.0)));
    assert!(
        g.text.contains("data di realizzazione non indicata"),
        "{}",
        g.text
    );
    assert_eq!(g.warnings.len(), 1);
    let g = grade_target(&t, &e().status(A), &r, &vocab());
    assert!(close(g.grade, Some(1.0)));
    let g = grade_target(&t, &e().done(false), &r, &vocab());
    assert!(close(g.grade, Some(0.0)));
    let g = grade_target(&t, &e().status(P), &r, &vocab());
    assert!(close(g.grade, Some(0.5)));
    let g = grade_target(&t, &e().motivation("in corso"), &r, &vocab());
    assert_eq!(g.grade, None);
    assert!(g.text.starts_with("non rendicontato"));
}

#[test]
fn quantities_at_their_boundaries() {
    let prop = Rules::default();
    let mut aon = Rules::default();
    aon.quantity.minimum = QuantityMode::AllOrNothing;
    aon.quantity.percentage = QuantityMode::AllOrNothing;
    // (target, rules, entry value, expected)
    let cases: Vec<(Target, &Rules, Option<f64>, Option<f64>)> = vec![
        (minimum(2.0), &prop, Some(2.0), Some(1.0)),
        (minimum(2.0), &prop, Some(3.0), Some(1.0)),
        (minimum(2.0), &prop, Some(1.0), Some(0.5)),
        (minimum(2.0), &prop, Some(0.0), Some(0.0)),
        (minimum(2.0), &prop, Some(-4.0), Some(0.0)),
        (minimum(2.0), &prop, None, None),
        (minimum(2.0), &aon, Some(1.99), Some(0.0)),
        (minimum(2.0), &aon, Some(2.0), Some(1.0)),
        (minimum(0.0), &prop, Some(0.0), Some(1.0)),
        (minimum(0.0), &aon, Some(5.0), Some(1.0)),
        (minimum(0.0), &prop, None, None),
        (percentage(90.0), &prop, Some(90.0), Some(1.0)),
        (percentage(90.0), &prop, Some(45.0), Some(0.5)),
        (percentage(90.0), &prop, Some(100.0), Some(1.0)),
        (percentage(90.0), &aon, Some(89.9), Some(0.0)),
        (percentage(100.0), &prop, Some(99.0), Some(0.99)),
        (percentage(0.0), &prop, Some(0.0), Some(1.0)),
        (maximum(3.0, true), &prop, Some(2.0), Some(1.0)),
        (maximum(3.0, true), &prop, Some(3.0), Some(0.0)),
        (maximum(3.0, false), &prop, Some(3.0), Some(1.0)),
        (maximum(3.0, false), &prop, Some(3.01), Some(0.0)),
        (maximum(0.0, false), &prop, Some(0.0), Some(1.0)),
        (maximum(3.0, true), &prop, None, None),
    ];
    for (t, r, v, want) in cases {
        let mut en = e();
        if let Some(v) = v {
            en = en.value(v);
        }
        let g = grade_target(&t, &en, r, &vocab());
        assert!(close(g.grade, want), "{t:?} {v:?}: {g:?}");
    }
}

#[test]
fn maximum_override_and_exceeded_grade() {
    let mut r = Rules::default();
    r.maximum.strict_override = Some(false);
    r.maximum.exceeded_grade = 0.25;
    let g = grade_target(&maximum(3.0, true), &e().value(3.0), &r, &vocab());
    assert!(close(g.grade, Some(1.0)), "{g:?}");
    assert!(g.text.contains("non superiore a 3"), "{}", g.text);
    let g = grade_target(&maximum(3.0, true), &e().value(4.0), &r, &vocab());
    assert!(close(g.grade, Some(0.25)), "{g:?}");
    r.maximum.strict_override = Some(true);
    let g = grade_target(&maximum(3.0, false), &e().value(3.0), &r, &vocab());
    assert!(close(g.grade, Some(0.25)), "{g:?}");
}

#[test]
fn yes_no_qualitative_and_status_fallback() {
    let r = Rules::default();
    let cases: Vec<(Target, Entry, Option<f64>, bool)> = vec![
        (yes_no(), e().done(true), Some(1.0), false),
        (yes_no(), e().done(false), Some(0.0), false),
        (yes_no(), e().status(A), Some(1.0), false),
        (yes_no(), e().motivation("x"), None, false),
        (qualitative(), e().status(A), Some(1.0), true),
        (qualitative(), e().status(P), Some(0.5), true),
        (qualitative(), e().status(N), Some(0.0), true),
        (qualitative(), e().done(true), Some(1.0), true),
        (qualitative(), e().motivation("x"), None, false),
        (minimum(2.0), e().status(P), Some(0.5), false),
        (percentage(90.0), e().done(true), Some(1.0), false),
    ];
    for (t, en, want, pending) in cases {
        let g = grade_target(&t, &en, &r, &vocab());
        assert!(close(g.grade, want), "{t:?}: {g:?}");
        assert_eq!(g.pending, pending, "{t:?}: {g:?}");
    }
    let g = grade_target(&qualitative(), &e().status(P), &r, &vocab());
    assert!(
        g.text
            .contains("proposto dall'Area «Parzialmente raggiunto»"),
        "{}",
        g.text
    );
    // The wait for the Nucleo is said once, on the indicator.
    assert!(g.pending && !g.text.contains("in attesa"), "{}", g.text);
}

#[test]
fn outcome_and_band_edges() {
    let r = Rules::default();
    let cases: &[(f64, Outcome, &str, f64)] = &[
        (1.0, Outcome::Achieved, "Fascia 3 (dal 90%)", 1.0),
        (0.9, Outcome::Achieved, "Fascia 3 (dal 90%)", 1.0),
        (0.1 * 9.0, Outcome::Achieved, "Fascia 3 (dal 90%)", 1.0),
        (
            0.8999,
            Outcome::PartiallyAchieved,
            "Fascia 2 (dal 60% al 90%)",
            0.8999,
        ),
        (
            0.6,
            Outcome::PartiallyAchieved,
            "Fascia 2 (dal 60% al 90%)",
            0.6,
        ),
        (
            0.5999,
            Outcome::PartiallyAchieved,
            "Fascia 1 (meno del 60%)",
            0.0,
        ),
        (
            0.5,
            Outcome::PartiallyAchieved,
            "Fascia 1 (meno del 60%)",
            0.0,
        ),
        (0.4999, Outcome::NotAchieved, "Fascia 1 (meno del 60%)", 0.0),
        (0.0, Outcome::NotAchieved, "Fascia 1 (meno del 60%)", 0.0),
    ];
    for (g, o, label, share) in cases {
        assert_eq!(outcome(*g, &r), *o, "{g}");
        let b = band(*g, &r).unwrap();
        assert_eq!(b.label, *label, "{g}");
        assert!((b.share - share).abs() < 1e-9, "{g}: {b:?}");
    }
}

// ------------------------------------------------------------ engine ---

fn a(id: &str) -> AreaId {
    id.into()
}

fn area<'s>(sc: &'s Scorecard, id: &str) -> &'s AreaScore {
    sc.areas.iter().find(|x| x.area.as_str() == id).unwrap()
}

/// The Nucleo's file `n.toml` with `text`, checked against `plan`.
fn review_of(plan: &Plan, text: &str) -> Review {
    parse_review(text, std::path::Path::new("n.toml"), plan, &vocab())
        .unwrap_or_else(|d| panic!("{d}"))
}

fn obj_area<'s>(sc: &'s Scorecard, obj: &str, area: &str) -> &'s ObjectiveAreaScore {
    sc.objectives
        .iter()
        .find(|o| o.objective.as_str() == obj)
        .unwrap()
        .areas
        .iter()
        .find(|x| x.area.as_str() == area)
        .unwrap()
}

fn ind<'s>(sc: &'s Scorecard, obj: &str, area: &str, i: &str) -> &'s IndicatorScore {
    obj_area(sc, obj, area)
        .indicators
        .iter()
        .find(|x| x.indicator.as_str() == i)
        .unwrap()
}

fn two_area_plan() -> crate::plan::Plan {
    plan_with(vec![
        objective(
            "OB01",
            &[("I", Some(5.0)), ("III", Some(10.0))],
            vec![indicator(
                "OB01.1",
                vec![minimum(2.0), deadline(2023, 12, 31)],
            )],
        ),
        objective(
            "OB02",
            &[("III", Some(5.0))],
            vec![indicator("OB02.1", vec![deadline(2023, 6, 30)])],
        ),
        objective(
            "OB03",
            &[("I", None), ("III", None)],
            vec![indicator("OB03.1", vec![yes_no()])],
        ),
    ])
}

#[test]
fn multi_area_objective_is_graded_per_area_and_weighted() {
    let plan = two_area_plan();
    let res = results(
        &["I", "III", "SG", "II"],
        vec![
            entry("I", "OB01.1", 0)
                .value(1.0)
                .motivation("un solo corso"),
            entry("I", "OB01.1", 1).on(date(2023, 12, 1)),
            entry("III", "OB01.1", 0).value(2.0),
            entry("III", "OB01.1", 1)
                .on(date(2024, 1, 12))
                .motivation("ritardo"),
            entry("III", "OB02.1", 0).on(date(2023, 6, 30)),
            entry("I", "OB03.1", 0)
                .done(false)
                .motivation("fondi non arrivati"),
            entry("III", "OB03.1", 0).done(true),
        ],
    );
    let sc = score(&plan, &res, &Rules::default(), &Review::default());
    // Area I: OB01 = mean(0.5, 1) = 0.75, weight 5.
    assert!(close(ind(&sc, "OB01", "I", "OB01.1").grade, Some(0.75)));
    assert!(close(area(&sc, "I").grade, Some(0.75)));
    assert_eq!(area(&sc, "I").total_weight, 5.0);
    // Area III: OB01 = mean(1, 0.8) = 0.9 (w 10), OB02 = 1 (w 5) → 14/15.
    assert!(close(obj_area(&sc, "OB01", "III").grade, Some(0.9)));
    assert!(close(area(&sc, "III").grade, Some(14.0 / 15.0)));
    assert!(
        area(&sc, "III")
            .explanation
            .contains("per i gradi 14 diviso somma dei pesi 15 = 93,3%"),
        "{}",
        area(&sc, "III").explanation
    );
    // Ente: (5×0.75 + 10×0.9 + 5×1) ÷ 20.
    assert!(close(sc.grade, Some((3.75 + 9.0 + 5.0) / 20.0)));
    // The unweighted project is graded but stays apart.
    let ob03 = sc
        .objectives
        .iter()
        .find(|o| o.objective.as_str() == "OB03")
        .unwrap();
    assert!(!ob03.weighted);
    assert!(close(ob03.grade, Some(0.5)));
    assert!(
        area(&sc, "I")
            .explanation
            .contains("valutati a parte: OB03")
    );
    // Objective grade over Areas, weighted: (5×0.75 + 10×0.9) ÷ 15.
    let ob01 = sc
        .objectives
        .iter()
        .find(|o| o.objective.as_str() == "OB01")
        .unwrap();
    assert!(close(ob01.grade, Some(12.75 / 15.0)));
    // Areas with no objective have no grade, and say so.
    assert_eq!(area(&sc, "SG").grade, None);
    assert!(
        area(&sc, "SG")
            .explanation
            .contains("Nessun obiettivo pesato")
    );
    // Explanation of a multi-target indicator names both targets.
    let text = &ind(&sc, "OB01", "III", "OB01.1").explanation;
    assert!(
        text.contains("traguardo 2: realizzato il 12/01/2024, 12 giorni dopo"),
        "{text}"
    );
    // Determinism.
    assert_eq!(
        sc,
        score(&plan, &res, &Rules::default(), &Review::default())
    );
}

#[test]
fn per_indicator_weights_make_the_area_weight() {
    let plan = plan_with(vec![objective(
        "OB04",
        &[],
        vec![
            with_areas(
                indicator("OB04.1", vec![yes_no()]),
                &[("I", Some(5.0)), ("II", Some(2.0))],
            ),
            with_areas(indicator("OB04.2", vec![yes_no()]), &[("I", Some(15.0))]),
        ],
    )]);
    let res = results(
        &["I", "II"],
        vec![
            entry("I", "OB04.1", 0).done(false).motivation("m"),
            entry("I", "OB04.2", 0).done(true),
            entry("II", "OB04.1", 0).done(true),
        ],
    );
    let sc = score(&plan, &res, &Rules::default(), &Review::default());
    let oa = obj_area(&sc, "OB04", "I");
    assert_eq!(oa.weight, Some(20.0));
    assert!(close(oa.grade, Some(15.0 / 20.0)), "{oa:?}");
    assert!(
        oa.explanation.contains("Media pesata"),
        "{}",
        oa.explanation
    );
    assert_eq!(obj_area(&sc, "OB04", "II").weight, Some(2.0));
    assert!(close(area(&sc, "I").grade, Some(0.75)));
    assert_eq!(area(&sc, "I").total_weight, 20.0);
}

#[test]
fn minimum_aggregation() {
    let plan = plan_with(vec![objective(
        "OB01",
        &[("I", Some(1.0))],
        vec![
            indicator("OB01.1", vec![yes_no()]),
            indicator("OB01.2", vec![percentage(100.0)]),
        ],
    )]);
    let res = results(
        &["I"],
        vec![
            entry("I", "OB01.1", 0).done(true),
            entry("I", "OB01.2", 0).value(70.0).motivation("m"),
        ],
    );
    let r = Rules {
        objective: ObjectiveAggregation::Minimum,
        ..Rules::default()
    };
    let sc = score(&plan, &res, &r, &Review::default());
    assert!(close(obj_area(&sc, "OB01", "I").grade, Some(0.7)));
    assert!(
        obj_area(&sc, "OB01", "I")
            .explanation
            .contains("Il grado più basso")
    );
}

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
    assert!(
        sc.warnings
            .iter()
            .any(|w| w.message.contains("l'Area III non ha inviato"))
    );
    assert!(summary(&plan, &sc, &vocab()).contains("Area III (modulo non inviato)"));
}

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

#[test]
fn missed_target_without_motivation_is_warned_at_its_cell() {
    let plan = two_area_plan();
    let res = results(
        &["III"],
        vec![entry("III", "OB02.1", 0).on(date(2023, 7, 3))],
    );
    let sc = score(&plan, &res, &Rules::default(), &Review::default());
    let w = sc
        .warnings
        .iter()
        .find(|w| w.message.contains("senza motivazione dello scostamento"))
        .unwrap();
    assert_eq!(w.location.cell.as_deref(), Some("F5"));
    assert!(
        w.message.contains("OB02.1") && w.message.contains("80%"),
        "{}",
        w.message
    );
}

#[test]
fn summary_lists_every_area_and_the_ente() {
    let plan = two_area_plan();
    let res = results(
        &["I", "III"],
        vec![
            entry("I", "OB01.1", 0).value(2.0),
            entry("I", "OB01.1", 1).on(date(2023, 12, 1)),
            entry("III", "OB02.1", 0).on(date(2023, 6, 1)),
        ],
    );
    let sc = score(&plan, &res, &Rules::default(), &Review::default());
    let s = summary(&plan, &sc, &vocab());
    for needle in [
        "Valutazione della performance 2023 — Comune di Prova",
        "Area  ",
        "Segretario generale",
        "Area I ",
        "Fascia 3 (dal 90%)",
        "Grado dell'ente:",
        "Obiettivi pesati (per Area): raggiunti",
        "valutati a parte: OB03",
    ] {
        assert!(s.contains(needle), "{needle:?} missing in\n{s}");
    }
}

// ----------------------------------------------------------- properties ---

fn arb_rules() -> impl Strategy<Value = Rules> {
    (
        prop::collection::vec((1u32..40, 0.0f64..=1.0), 0..4),
        0.0f64..=1.0,
        any::<bool>(),
        any::<bool>(),
        0.0f64..=1.0,
        any::<bool>(),
    )
        .prop_map(|(steps, beyond, aon, movable, partial, exclude)| {
            let mut r = Rules::default();
            // Valid bands: increasing days, non-increasing grades.
            let mut days = 0;
            let mut grade: f64 = 1.0;
            r.deadline.bands = steps
                .into_iter()
                .map(|(d, g)| {
                    days += d;
                    grade = grade.min(g);
                    DelayBand {
                        up_to_days: days,
                        grade,
                    }
                })
                .collect();
            r.deadline.beyond_last_band = beyond.min(grade);
            r.deadline.movable_accepts_later_date_with_motivation = movable;
            if aon {
                r.quantity.minimum = QuantityMode::AllOrNothing;
            }
            r.qualitative.partially_achieved = partial;
            if exclude {
                r.missing = MissingPolicy::Exclude;
            }
            r
        })
}

fn arb_target() -> impl Strategy<Value = Target> {
    prop_oneof![
        (0i64..365).prop_map(|d| deadline(2023, 1, 1).clone().with_offset(d)),
        (0.0f64..100.0).prop_map(minimum),
        (0.0f64..100.0, any::<bool>()).prop_map(|(v, s)| maximum(v, s)),
        (0.0f64..=100.0).prop_map(percentage),
        Just(yes_no()),
        Just(qualitative()),
    ]
}

trait WithOffset {
    fn with_offset(self, days: i64) -> Self;
}

impl WithOffset for Target {
    fn with_offset(self, days: i64) -> Self {
        match self {
            Target::Deadline {
                date,
                movable,
                note,
            } => Target::Deadline {
                date: date + chrono::Duration::days(days),
                movable,
                note,
            },
            t => t,
        }
    }
}

fn arb_entry() -> impl Strategy<Value = Entry> {
    (
        prop::option::of(-400i64..800),
        prop::option::of(-1000.0f64..1000.0),
        prop::option::of(any::<bool>()),
        prop::option::of(prop_oneof![Just(A), Just(P), Just(N)]),
        prop::option::of(Just("motivo")),
    )
        .prop_map(|(d, v, done, st, m)| {
            let mut en = e();
            if let Some(d) = d {
                en = en.on(date(2023, 1, 1) + chrono::Duration::days(d));
            }
            if let Some(v) = v {
                en = en.value(v);
            }
            if let Some(b) = done {
                en = en.done(b);
            }
            if let Some(s) = st {
                en = en.status(s);
            }
            if let Some(m) = m {
                en = en.motivation(m);
            }
            en
        })
}

proptest! {
    #[test]
    fn target_grades_stay_in_range(t in arb_target(), en in arb_entry(), r in arb_rules()) {
        let g = grade_target(&t, &en, &r, &vocab());
        if let Some(g) = g.grade {
            prop_assert!((0.0..=1.0).contains(&g), "{g}");
        }
        prop_assert!(!g.text.is_empty());
    }

    #[test]
    fn lateness_never_raises_a_grade(
        r in arb_rules(),
        d1 in -30i64..400,
        extra in 0i64..400,
        movable in any::<bool>(),
        motivated in any::<bool>(),
    ) {
        let t = if movable {
            movable_deadline(2024, 2, 29, "condizione")
        } else {
            deadline(2024, 2, 29)
        };
        let base = date(2024, 2, 29);
        let mk = |d: i64| {
            let en = e().on(base + chrono::Duration::days(d));
            if motivated { en.motivation("m") } else { en }
        };
        let early = grade_target(&t, &mk(d1), &r, &vocab()).grade.unwrap();
        let late = grade_target(&t, &mk(d1 + extra), &r, &vocab()).grade.unwrap();
        prop_assert!(late <= early + 1e-12, "{d1}+{extra}: {early} → {late}");
    }

    #[test]
    fn scorecard_grades_stay_in_range(
        r in arb_rules(),
        entries in prop::collection::vec(arb_entry(), 6),
        reporting in prop::sample::subsequence(vec!["I", "II", "III"], 0..=3),
    ) {
        let plan = plan_with(vec![
            objective("OB01", &[("I", Some(3.0)), ("II", Some(1.0))], vec![
                indicator("OB01.1", vec![deadline(2023, 6, 30), minimum(5.0)]),
                indicator("OB01.2", vec![qualitative()]),
            ]),
            objective("OB02", &[("III", Some(2.0))], vec![
                indicator("OB02.1", vec![percentage(90.0), maximum(3.0, true)]),
            ]),
        ]);
        let keys = [("I", "OB01.1", 0), ("I", "OB01.1", 1), ("II", "OB01.2", 0),
                    ("III", "OB02.1", 0), ("III", "OB02.1", 1), ("I", "OB01.2", 0)];
        let list: Vec<Entry> = entries.into_iter().zip(keys).map(|(mut en, (a, i, t))| {
            en.area = a.into();
            en.indicator = i.into();
            en.target = t;
            en
        }).collect();
        let res = results(&reporting, list);
        let sc = score(&plan, &res, &r, &Review::default());
        let in_range = |g: Option<f64>| g.is_none_or(|g| (0.0..=1.0).contains(&g));
        prop_assert!(in_range(sc.grade) && in_range(sc.computed));
        for ar in &sc.areas {
            prop_assert!(in_range(ar.grade) && in_range(ar.computed));
            if let Some(b) = &ar.band { prop_assert!((0.0..=1.0).contains(&b.share)); }
        }
        for o in &sc.objectives {
            prop_assert!(in_range(o.grade));
            for oa in &o.areas {
                prop_assert!(in_range(oa.grade) && in_range(oa.computed));
                for i in &oa.indicators {
                    prop_assert!(in_range(i.grade) && in_range(i.computed));
                }
            }
        }
    }

    #[test]
    fn neutralising_an_indicator_leaves_the_others_alone(
        specs in prop::collection::vec((prop::option::of(1.0f64..20.0), 0.0f64..=100.0), 2..6),
        which in any::<prop::sample::Index>(),
        per_indicator_weights in any::<bool>(),
    ) {
        let n = specs.len();
        let k = which.index(n);
        let inds = specs.iter().enumerate().map(|(i, (w, _))| {
            let ind = indicator(&format!("OB01.{}", i + 1), vec![percentage(100.0)]);
            if per_indicator_weights { with_areas(ind, &[("I", Some(w.unwrap_or(1.0)))]) } else { ind }
        }).collect();
        let obj_areas: Vec<(&str, Option<f64>)> =
            if per_indicator_weights { vec![] } else { vec![("I", Some(7.0))] };
        let plan = plan_with(vec![
            objective("OB01", &obj_areas, inds),
            objective("OB02", &[("I", Some(3.0))], vec![indicator("OB02.1", vec![yes_no()])]),
        ]);
        let mk = |neutral: bool| {
            let mut list: Vec<Entry> = specs.iter().enumerate().map(|(i, (_, v))| {
                let en = entry("I", &format!("OB01.{}", i + 1), 0);
                if neutral && i == k { en.status(NA).motivation("causa esterna") } else { en.value(*v).motivation("m") }
            }).collect();
            list.push(entry("I", "OB02.1", 0).done(true));
            results(&["I"], list)
        };
        let before = score(&plan, &mk(false), &Rules::default(), &Review::default());
        let after = score(&plan, &mk(true), &Rules::default(), &review_of(&plan, &format!("[[conferma]]\nindicatore = \"OB01.{}\"\nmotivazione = \"accolta\"\n", k + 1)));
        let (b, a) = (obj_area(&before, "OB01", "I"), obj_area(&after, "OB01", "I"));
        // The objective's weight for the Area does not move.
        prop_assert_eq!(b.weight, a.weight);
        for (x, y) in b.indicators.iter().zip(&a.indicators) {
            if x.indicator.as_str() != format!("OB01.{}", k + 1) {
                prop_assert_eq!(x.weight, y.weight);
                prop_assert_eq!(x.grade, y.grade);
            } else {
                prop_assert!(matches!(y.standing, Standing::Neutralised(_)));
                prop_assert_eq!(y.grade, None);
            }
        }
        // The objective grade is the (weighted) mean of the others alone.
        let others: Vec<(f64, f64)> = specs.iter().enumerate().filter(|(i, _)| *i != k)
            .map(|(_, (w, v))| (if per_indicator_weights { w.unwrap_or(1.0) } else { 1.0 }, v / 100.0))
            .collect();
        let sw: f64 = others.iter().map(|(w, _)| w).sum();
        let want = others.iter().map(|(w, g)| w * g).sum::<f64>() / sw;
        prop_assert!((a.grade.unwrap() - want).abs() < 1e-9);
        // The other objective's contribution to the Area is unchanged.
        prop_assert_eq!(obj_area(&before, "OB02", "I"), obj_area(&after, "OB02", "I"));
    }
}

#[test]
fn objective_helper_is_consistent() {
    // Guard against fixture drift: the per-Area indicator list comes from the plan model.
    let o: Objective = objective(
        "OB9",
        &[("I", Some(1.0))],
        vec![indicator("OB9.1", vec![yes_no()])],
    );
    assert_eq!(o.indicators_for(&a("I")).count(), 1);
    assert_eq!(o.indicators_for(&a("II")).count(), 0);
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
        i.explanation.contains("traguardo 2: valore raggiunto 10"),
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
