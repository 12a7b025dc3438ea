//! One target graded on its own: deadlines (fixed, movable, across leap
//! days, without a date), quantities, yes/no and qualitative targets, and
//! the outcome and band a grade falls in.

use super::*;
use crate::scoring::target::{band, grade_target, outcome};

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

/// One rule for "this row reports a result": for every kind of target and
/// every mix of filled cells, `reports_result` is true exactly when the
/// target gets a grade (a «Non applicabile» is a report, decided per
/// indicator). A row with only «Documentazione» reports nothing.
#[test]
fn reports_result_agrees_with_grading() {
    use crate::scoring::target::reports_result;
    let r = Rules::default();
    let phase = Target::Phase {
        name: "progettazione".into(),
        weight: Some(50.0),
        start: None,
        end: None,
        note: None,
    };
    let change = Target::Change {
        from: 10.0,
        goal: 12.0,
        change: crate::plan::Change::IncreaseBy(2.0),
        unit: "servizi".into(),
        previous: None,
    };
    let kinds = [
        deadline(2023, 6, 30),
        minimum(3.0),
        maximum(3.0, false),
        percentage(90.0),
        yes_no(),
        qualitative(),
        change,
        phase,
    ];
    let statuses = [
        None,
        Some(ProposedStatus::Achieved),
        Some(ProposedStatus::PartiallyAchieved),
        Some(ProposedStatus::NotAchieved),
    ];
    for t in &kinds {
        for mask in 0..8u8 {
            for s in statuses {
                let mut x = e();
                if mask & 1 != 0 {
                    x = x.on(date(2023, 5, 2));
                }
                if mask & 2 != 0 {
                    x = x.value(2.0);
                }
                if mask & 4 != 0 {
                    x = x.done(true);
                }
                if let Some(s) = s {
                    x = x.status(s);
                }
                // What never grades: evidence, notes, a motivation.
                x.evidence = Some(crate::results::Sourced {
                    value: "DGC n. 1".into(),
                    at: crate::results::CellRef {
                        file: "modulo.xlsx".into(),
                        sheet: "Rendicontazione".into(),
                        cell: "K5".into(),
                    },
                });
                x = x.motivation("per questo");
                let graded = grade_target(t, &x, &r, &vocab()).grade.is_some();
                assert_eq!(reports_result(t, &x), graded, "{t:?} {x:?}");
            }
        }
        let only_evidence = e().motivation("allegata");
        assert!(!reports_result(t, &only_evidence), "{t:?}");
        assert!(
            reports_result(t, &e().status(ProposedStatus::NotApplicable)),
            "{t:?}"
        );
    }
}

/// A relative target that asks no change (a `totale` equal to the
/// baseline, a change of 0) holds its goal; the grade and the form's
/// «non raggiunto» warning follow one rule: under 100% exactly when the
/// value misses the goal.
#[test]
fn a_target_asking_no_change_holds_its_goal_and_agrees_with_the_warning() {
    use crate::plan::Change;
    let change = |from: f64, change: Change| Target::Change {
        from,
        goal: change.goal(from),
        change,
        unit: "pratiche".into(),
        previous: None,
    };
    let prop = Rules::default();
    let mut aon = Rules::default();
    aon.quantity.minimum = QuantityMode::AllOrNothing;
    let cases: Vec<(Target, &Rules, f64, f64)> = vec![
        // The case seen: 2.000 to hold, 1.990 reported.
        (change(2000.0, Change::Total(2000.0)), &prop, 1990.0, 0.995),
        (change(2000.0, Change::Total(2000.0)), &aon, 1990.0, 0.0),
        (change(2000.0, Change::Total(2000.0)), &prop, 2000.0, 1.0),
        (change(2000.0, Change::Total(2000.0)), &prop, 2500.0, 1.0),
        (change(2000.0, Change::IncreaseBy(0.0)), &prop, 1000.0, 0.5),
        // A reduction of 0 is a ceiling.
        (
            change(300.0, Change::DecreasePercent(0.0)),
            &prop,
            290.0,
            1.0,
        ),
        (
            change(300.0, Change::DecreasePercent(0.0)),
            &prop,
            310.0,
            0.0,
        ),
        // Ordinary changes, both ways.
        (
            change(2000.0, Change::IncreasePercent(10.0)),
            &prop,
            2160.0,
            0.8,
        ),
        (
            change(2000.0, Change::IncreasePercent(10.0)),
            &prop,
            2200.0,
            1.0,
        ),
        (
            change(300.0, Change::DecreasePercent(10.0)),
            &prop,
            279.0,
            0.7,
        ),
        (
            change(300.0, Change::DecreasePercent(10.0)),
            &prop,
            250.0,
            1.0,
        ),
        (change(300.0, Change::Total(200.0)), &prop, 250.0, 0.5),
    ];
    for (t, rules, v, want) in cases {
        let entry = e().value(v);
        let g = grade_target(&t, &entry, rules, &vocab());
        assert!(close(g.grade, Some(want)), "{t:?} with {v}: {g:?}");
        let warned = crate::forms::missed_target(&t, &entry);
        assert_eq!(
            warned.is_some(),
            want < 1.0,
            "{t:?} with {v}: grade {want} but warning {warned:?}"
        );
    }
    let held = grade_target(
        &change(2000.0, Change::Total(2000.0)),
        &e().value(1990.0),
        &prop,
        &vocab(),
    );
    assert!(
        held.text.contains(
            "nessuna variazione richiesta, il valore non deve scendere sotto 2.000: livello non mantenuto, in proporzione, 99,5%"
        ),
        "{}",
        held.text
    );
}
