//! The payment-times rule by hand: the gate's arithmetic to the cent, the
//! fund split with a head who loses the share (the others' amounts
//! unchanged), the pending check, the rule's settings and its errors.

use std::path::Path;

use super::*;
use crate::individual::{
    GateMode, Model, PayRule, PaymentTimesData, Person, Score, evaluate, parse_model,
    parse_payment_times, payment_times_withheld,
};
use crate::plan::{Objective, PaymentTimes};
use crate::scoring::{Review, Rules, Scorecard, score};
use crate::testkit::small::{EntryExt, entry, indicator, objective, plan_with, results, yes_no};

const SHIPPED_RULES: &str = include_str!("../../inputs/smvp.toml");

fn model() -> Model {
    parse_model(SHIPPED_RULES, Path::new("smvp.toml"))
        .unwrap()
        .unwrap()
}

#[test]
fn the_gate_to_the_cent() {
    use GateMode::{AllOrNothing as All, Proportional as Prop};
    // (amount, share %, mode, reached, grade, withheld)
    let cases: &[(f64, f64, GateMode, bool, f64, f64)] = &[
        // Reached: nothing withheld, whatever the share.
        (1505.46, 30.0, All, true, 1.0, 0.0),
        (1505.46, 40.0, All, true, 0.95, 0.0),
        // Missed: the whole share, to the cent (451,638 → 451,64).
        (1505.46, 30.0, All, false, 0.5, 451.64),
        (1505.46, 40.0, All, false, 0.0, 602.18),
        // Half a cent rounds away from zero on the decimal: 300,015.
        (1000.05, 30.0, All, false, 0.0, 300.02),
        (1000.05, 40.0, All, false, 0.0, 400.02),
        // Graded: the share × (1 − grade); 1 − 0,8 is 0,2 exactly.
        (1000.0, 30.0, Prop, false, 0.8, 60.0),
        (2000.10, 40.0, Prop, false, 0.75, 200.01),
        (1505.46, 30.0, Prop, true, 1.0, 0.0),
        (1505.46, 30.0, Prop, false, 0.0, 451.64),
        // 3.333,33 × 30% × (1 − 0,9) = 99,9999 → 100,00.
        (3333.33, 30.0, Prop, true, 0.9, 100.0),
        (0.0, 30.0, All, false, 0.0, 0.0),
    ];
    for (amount, share, mode, reached, grade, expected) in cases {
        let got = payment_times_withheld(*amount, *share, *mode, *reached, *grade);
        assert_eq!(
            got, *expected,
            "{amount} × {share}% {mode:?} reached {reached} grade {grade}"
        );
    }
}

/// Three heads of units I, II and III, all reaching the shared objective;
/// `flag`: OBT (unit I only, not reached) is the payment-times objective.
fn three_heads(flag: bool) -> (crate::plan::Plan, Scorecard) {
    let mut obt: Objective = objective(
        "OBT",
        &[("I", Some(10.0))],
        vec![indicator("OBT.1", vec![yes_no()])],
    );
    if flag {
        obt.payment_times = Some(PaymentTimes {
            indicator: None,
            at: Default::default(),
        });
    }
    let plan = plan_with(vec![
        objective(
            "OB1",
            &[("I", Some(50.0)), ("II", Some(60.0)), ("III", Some(60.0))],
            vec![indicator("OB1.1", vec![yes_no()])],
        ),
        obt,
    ]);
    let r = results(
        &["I", "II", "III"],
        vec![
            entry("I", "OB1.1", 0).done(true),
            entry("II", "OB1.1", 0).done(true),
            entry("III", "OB1.1", 0).done(true),
            entry("I", "OBT.1", 0).done(false),
        ],
    );
    let sc = score(&plan, &r, &Rules::default(), &Review::default());
    (plan, sc)
}

fn head(m: &Model, unit: &str, position: f64) -> Person {
    let rm = m.role(crate::individual::Role::Head).unwrap();
    Person {
        name: format!("Persona {unit}"),
        role: crate::individual::Role::Head,
        unit: unit.into(),
        from: crate::testkit::build::d(2023, 1, 1),
        to: crate::testkit::build::d(2023, 12, 31),
        position_pay: Some(position),
        max_amount: None,
        evaluator: Some("Il Sindaco".into()),
        date: Some(crate::testkit::build::d(2024, 4, 1)),
        notes: None,
        email: None,
        scores: rm
            .behaviours
            .iter()
            .map(|b| Score {
                behaviour: b.id.clone(),
                score: 4.0,
                motivation: None,
                at: Default::default(),
            })
            .collect(),
        at: Default::default(),
    }
}

/// The heads of units I, II and III, with different position pays.
fn three_persons(m: &Model) -> [Person; 3] {
    [
        head(m, "I", 13000.0),
        head(m, "II", 14000.0),
        head(m, "III", 15000.0),
    ]
}

fn checked() -> PaymentTimesData {
    PaymentTimesData {
        delay_days: Some(12.0),
        year: Some(2023),
        check: Some(("Verbale n. 4".into(), crate::testkit::build::d(2024, 3, 20))),
        at: Default::default(),
    }
}

fn amounts(e: &[crate::individual::Evaluation]) -> Vec<Option<f64>> {
    e.iter()
        .map(|e| e.pay.as_ref().and_then(|p| p.amount))
        .collect()
}

#[test]
fn a_head_who_misses_the_objective_loses_exactly_the_share_and_the_others_keep_theirs() {
    let m = model();
    assert!(matches!(
        m.role(crate::individual::Role::Head).unwrap().pay,
        PayRule::Fund { .. }
    ));
    let persons = three_persons(&m);
    let vocab = crate::vocab::Vocabulary::default();
    let data = checked();
    for share in [30.0, 40.0] {
        let mut m = m.clone();
        m.payment_times.as_mut().unwrap().share = share;
        let (plan, sc) = three_heads(false);
        let without = evaluate(&plan, &sc, &m, &persons, Some(&data), &vocab);
        let (plan, sc) = three_heads(true);
        let with = evaluate(&plan, &sc, &m, &persons, Some(&data), &vocab);
        // The same points and the same split: the flag decides pay only.
        assert_eq!(with[0].score, without[0].score);
        let before = amounts(&without);
        let after = amounts(&with);
        assert!(before.iter().all(Option::is_some), "{before:?}");
        // The others' amounts are those of the split, unchanged.
        assert_eq!(after[1..], before[1..]);
        assert!(with[1].payment_times.is_none() && with[2].payment_times.is_none());
        let g = with[0].payment_times.as_ref().unwrap();
        assert_eq!(g.reached, Some(false));
        let gross = before[0].unwrap();
        assert_eq!(g.gross, Some(gross));
        let share_amount = crate::decimal::round_product(&[gross, share], &[100.0], 2);
        assert_eq!(g.withheld, Some(share_amount), "share {share}");
        let cents = |x: f64| crate::decimal::cents(x);
        assert_eq!(cents(after[0].unwrap()), cents(gross) - cents(share_amount));
        // Not redistributed: the split now adds up to the fund less the share.
        let total: i64 = after.iter().map(|a| cents(a.unwrap())).sum();
        assert_eq!(total, cents(14000.0) - cents(share_amount));
        // The scheda says the real outcome and the threshold it missed.
        let d = crate::individual::scheda_data(
            &plan,
            &m,
            &with[0],
            Some(&data),
            &vocab,
            chrono::NaiveDate::from_ymd_opt(2024, 4, 30).unwrap(),
            true,
        );
        let tp = &d["tempi_pagamento"];
        assert!(
            tp["esito"]
                .as_str()
                .is_some_and(|e| e.contains("raggiunto")),
            "{tp}"
        );
        assert_eq!(tp["soglia_del"], "del 90%", "{tp}");
        assert_eq!(tp["soglia_al"], "al 90%", "{tp}");
    }
}

#[test]
fn a_negative_delay_is_printed_with_a_real_minus() {
    assert_eq!(super::delay_text(-3.5), "\u{2212}3,5");
    assert_eq!(super::delay_text(25.0), "25");
}

#[test]
fn without_the_revisori_s_check_the_share_is_pending_and_the_evaluation_open() {
    let m = model();
    let persons = three_persons(&m);
    let vocab = crate::vocab::Vocabulary::default();
    let (plan, sc) = three_heads(true);
    let unchecked = PaymentTimesData {
        check: None,
        ..checked()
    };
    for data in [None, Some(&unchecked)] {
        let e = evaluate(&plan, &sc, &m, &persons, data, &vocab);
        assert!(!e[0].is_final());
        assert!(
            e[0].missing
                .iter()
                .any(|m| m.contains("organo di revisione"))
        );
        let g = e[0].payment_times.as_ref().unwrap();
        assert_eq!((g.checked, g.withheld), (false, None));
        // The fund waits for every evaluation, as for any open one.
        assert!(amounts(&e).iter().all(Option::is_none));
        assert!(e[1].fund_waits.is_some());
        // Only the amount waits: score and band do not depend on the check.
        assert!(e[0].score.is_some());
        assert!(e[0].pay.as_ref().is_some_and(|p| !p.band.is_empty()));
        // The premi warning gives the real cause: the pending check.
        let (premi, w) =
            crate::individual::premi::build(&plan, &m, &e, &vocab, true, Path::new("v.toml"));
        assert!(premi.is_none());
        assert!(
            w.0.iter().any(|d| d
                .to_string()
                .contains("1 attende la verifica dell'organo di revisione")),
            "{w:?}"
        );
        let d = crate::individual::scheda_data(
            &plan,
            &m,
            &e[0],
            data,
            &vocab,
            chrono::NaiveDate::from_ymd_opt(2024, 4, 30).unwrap(),
            true,
        );
        assert_eq!(d["solo_importo"], serde_json::json!(true));
    }
}

#[test]
fn graded_mode_pays_the_share_times_the_grade() {
    let mut m = model();
    m.payment_times.as_mut().unwrap().mode = GateMode::Proportional;
    let persons = three_persons(&m);
    let vocab = crate::vocab::Vocabulary::default();
    let (plan, sc) = three_heads(true);
    let e = evaluate(&plan, &sc, &m, &persons, Some(&checked()), &vocab);
    let g = e[0].payment_times.as_ref().unwrap();
    // Grade 0: the whole share, as all-or-nothing.
    assert_eq!(g.grade, Some(0.0));
    let gross = g.gross.unwrap();
    assert_eq!(
        g.withheld,
        Some(crate::decimal::round_product(&[gross, 30.0], &[100.0], 2))
    );
}

#[test]
fn the_rule_s_settings_and_their_errors_at_line_and_column() {
    let m = model();
    let rule = m.payment_times.unwrap();
    assert_eq!((rule.share, rule.mode), (30.0, GateMode::AllOrNothing));
    let errors = |from: &str, to: &str| -> Vec<String> {
        let text = SHIPPED_RULES.replacen(from, to, 1);
        assert_ne!(text, SHIPPED_RULES, "{from}");
        parse_model(&text, Path::new("smvp.toml"))
            .unwrap_err()
            .0
            .iter()
            .map(|d| d.to_string())
            .collect()
    };
    let line = SHIPPED_RULES
        .lines()
        .position(|l| l.starts_with("quota = 30"))
        .unwrap()
        + 1;
    let e = errors("quota = 30 ", "quota = 29.9 ");
    assert!(
        e.iter().any(|d| d.contains(&format!("smvp.toml:{line}:9"))
            && d.contains("art. 4-bis, c. 2, DL 13/2023")
            && d.contains("29,9")),
        "{e:?}"
    );
    let e = errors("modalita = \"tutto_o_niente\"", "modalita = \"a_metà\"");
    assert!(
        e.iter()
            .any(|d| d.contains("`modalita`") && d.contains("\"proporzionale\"")),
        "{e:?}"
    );
    let e = errors("quota = 30 ", "quota = 30\nsoglia = 2 ");
    assert!(e.iter().any(|d| d.contains("soglia")), "{e:?}");
    // One bad value, one error: no false «chiave sconosciuta» for the
    // valid keys and sections after it (review 36, finding 8).
    for (from, to) in [
        ("quota = 30 ", "quota = 25 "),
        ("quota = 30 ", "quota = 101 "),
        ("quota = 30 ", "quota = \"trenta\" "),
        ("modalita = \"tutto_o_niente\"", "modalita = \"graduale\""),
    ] {
        let e = errors(from, to);
        assert_eq!(e.len(), 1, "{to}: {e:?}");
        assert!(!e[0].contains("chiave sconosciuta"), "{e:?}");
    }
    let e = errors("quota = 30 ", "");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("quota"), "{e:?}");
    // Above 100: the ceiling is the reason, not the law's minimum.
    let e = errors("quota = 30 ", "quota = 101 ");
    assert!(
        e[0].contains("al massimo 100") && !e[0].contains("almeno"),
        "{e:?}"
    );
    // Without the mode, all-or-nothing.
    let text = SHIPPED_RULES.replacen("modalita = \"tutto_o_niente\"", "", 1);
    let m = parse_model(&text, Path::new("smvp.toml")).unwrap().unwrap();
    assert_eq!(m.payment_times.unwrap().mode, GateMode::AllOrNothing);
}

#[test]
fn the_pcc_data_read_and_their_errors() {
    let good = "[tempi_pagamento]\nindicatore_ritardo = -3.5\nanno = 2023\nverifica_revisori = \"Verbale n. 4\"\ndata_verifica = \"20/03/2024\"\n";
    let d = parse_payment_times(good, Path::new("v.toml"), 2023)
        .unwrap()
        .unwrap();
    assert_eq!(d.delay_days, Some(-3.5));
    assert_eq!(d.check.as_ref().map(|c| c.0.as_str()), Some("Verbale n. 4"));
    assert!(
        parse_payment_times("[[persona]]\n", Path::new("v.toml"), 2023)
            .unwrap()
            .is_none()
    );
    let bad = |from: &str, to: &str, expect: &str, at: &str| {
        let text = good.replacen(from, to, 1);
        let e: Vec<String> = parse_payment_times(&text, Path::new("v.toml"), 2023)
            .unwrap_err()
            .0
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert!(
            e.iter().any(|d| d.contains(expect) && d.contains(at)),
            "{from} → {to}: {e:?}"
        );
    };
    bad("-3.5", "\"tre\"", "indicatore_ritardo", "v.toml:2:");
    bad("-3.5", "\"-3,5\"", "senza virgolette", "v.toml:2:");
    bad("-3.5", "99999", "fuori misura", "v.toml:2:22");
    bad("-3.5", "4000", "al massimo 3.650 giorni", "v.toml:2:22");
    // A date written wrong is one error, not also «manca la data».
    for wrong in ["\"31/02/2024\"", "\"2024-03-20\""] {
        let text = good.replacen("\"20/03/2024\"", wrong, 1);
        let e: Vec<String> = parse_payment_times(&text, Path::new("v.toml"), 2023)
            .unwrap_err()
            .0
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(e.len(), 1, "{wrong}: {e:?}");
        assert!(e[0].contains("non è una data valida"), "{e:?}");
    }
    bad(
        "anno = 2023",
        "anno = 2022",
        "l'anno valutato, 2023",
        "v.toml:3:8",
    );
    bad(
        "\"20/03/2024\"",
        "\"31/02/2024\"",
        "data_verifica",
        "v.toml:5:",
    );
    bad(
        "\"20/03/2024\"",
        "\"20/03/2023\"",
        "precede la fine dell'anno",
        "v.toml:5:",
    );
    bad(
        "data_verifica = \"20/03/2024\"\n",
        "",
        "manca la data",
        "v.toml:4:",
    );
    bad(
        "anno = 2023\n",
        "anno = 2023\nfonte = 1\n",
        "fonte",
        "v.toml:",
    );
}

#[test]
fn a_flagged_objective_without_a_head_is_an_error_at_the_flag() {
    let m = model();
    let (mut plan, _) = three_heads(true);
    plan.objectives[1].payment_times.as_mut().unwrap().at =
        crate::diag::Location::line_col(Path::new("piano-2023.toml"), 40, 19);
    let persons = [head(&m, "II", 14000.0), head(&m, "III", 15000.0)];
    let e = check(&plan, &persons);
    assert!(e.has_errors());
    let text = e.0[0].to_string();
    assert!(text.contains("piano-2023.toml:40:19"), "{text}");
    assert!(text.contains("«Area I»"), "{text}");
    let persons = [head(&m, "I", 13000.0)];
    assert!(!check(&plan, &persons).has_errors());
}

#[test]
fn one_head_losing_the_share_withholds_the_distributed_amounts_of_the_premi_data() {
    // Budget less distributed would be that head's withholding.
    let m = model();
    let persons = three_persons(&m);
    let vocab = crate::vocab::Vocabulary::default();
    for flag in [false, true] {
        let (plan, sc) = three_heads(flag);
        let e = evaluate(&plan, &sc, &m, &persons, Some(&checked()), &vocab);
        let (premi, _) = crate::individual::premi::build(
            &plan,
            &m,
            &e,
            &vocab,
            true,
            Path::new("valutazioni.toml"),
        );
        let c = &premi.unwrap().categories[0];
        assert_eq!(c.evaluated, 3);
        // Without the flag the amounts are published; with one head losing
        // the share, what was distributed is not (budget less distributed
        // would be the withholding), but the budget, already public, and
        // how many are paid are (review 36, finding 12).
        assert_eq!(c.distributed.is_none(), flag, "{:?}", c.distributed);
        assert_eq!(c.budgeted, Some(14000.0));
        assert_eq!(c.paid, Some(3));
        assert!(c.bands.iter().all(|b| b.total.is_none() == flag));
    }
}

/// The objective is the respect of the payment terms: a verified PCC
/// indicator above zero withholds the whole share even when the flagged
/// objective is graded «raggiunto», in either mode (review 36).
#[test]
fn a_verified_delay_withholds_the_share_whatever_the_grade() {
    let vocab = crate::vocab::Vocabulary::default();
    for mode in [GateMode::AllOrNothing, GateMode::Proportional] {
        let mut m = model();
        m.payment_times.as_mut().unwrap().mode = mode;
        let persons = three_persons(&m);
        let (plan, mut sc) = three_heads(true);
        for o in sc
            .objectives
            .iter_mut()
            .filter(|o| o.objective.as_str() == "OBT")
        {
            for a in &mut o.areas {
                a.grade = Some(1.0);
                a.outcome = Some(crate::scoring::Outcome::Achieved);
            }
        }
        let on_time = PaymentTimesData {
            delay_days: Some(-3.0),
            ..checked()
        };
        let e = evaluate(&plan, &sc, &m, &persons, Some(&on_time), &vocab);
        let g = e[0].payment_times.as_ref().unwrap();
        assert_eq!(
            (g.reached, g.late, g.withheld),
            (Some(true), false, Some(0.0))
        );

        let late = PaymentTimesData {
            delay_days: Some(25.0),
            ..checked()
        };
        let e = evaluate(&plan, &sc, &m, &persons, Some(&late), &vocab);
        let g = e[0].payment_times.as_ref().unwrap();
        assert_eq!((g.reached, g.late), (Some(false), true), "{mode:?}");
        let gross = g.gross.unwrap();
        assert_eq!(
            g.withheld,
            Some(crate::decimal::round_product(&[gross, 30.0], &[100.0], 2)),
            "{mode:?}"
        );
    }
}

#[test]
fn the_grade_is_printed_to_the_precision_the_rule_uses() {
    use crate::individual::GateMode::{AllOrNothing, Proportional};
    // Just under the threshold: never «90%» beside a share lost at 90%.
    assert_eq!(AllOrNothing.grade_text(0.8999), "89,99%");
    assert_eq!(AllOrNothing.grade_text(0.89996), "89,996%");
    assert_eq!(AllOrNothing.grade_text(0.625), "62,5%");
    assert_eq!(AllOrNothing.grade_text(0.9), "90%");
    // Proportional: the grade the withholding uses, and prints, to the
    // hundredth of a percent: 1.505,46 × 30% × (1 − 93,33%) = 30,12.
    assert_eq!(Proportional.grade_text(14.0 / 15.0), "93,33%");
    let used = Proportional.grade_used(14.0 / 15.0);
    assert_eq!(
        crate::individual::payment_times_withheld(1505.46, 30.0, Proportional, true, used),
        30.12
    );
}

/// A flagged objective the Nucleo neutralised for the unit never blocks
/// the fund: the verified PCC indicator decides (review 36, finding 7).
#[test]
fn a_neutralised_flagged_objective_is_decided_by_the_verified_indicator() {
    let m = model();
    let persons = three_persons(&m);
    let vocab = crate::vocab::Vocabulary::default();
    let (plan, mut sc) = three_heads(true);
    for o in sc
        .objectives
        .iter_mut()
        .filter(|o| o.objective.to_string() == "OBT")
    {
        for a in &mut o.areas {
            a.grade = None;
            a.outcome = None;
            a.standing = crate::scoring::Standing::Neutralised("dati non disponibili".into());
        }
    }
    // (delay, checked, withheld share?)
    for (delay, check, lost) in [
        (-3.5, true, Some(false)),
        (12.0, true, Some(true)),
        (-3.5, false, None),
    ] {
        let data = PaymentTimesData {
            delay_days: Some(delay),
            check: check.then(|| checked().check.unwrap()),
            ..checked()
        };
        let e = evaluate(&plan, &sc, &m, &persons, Some(&data), &vocab);
        let g = e[0].payment_times.as_ref().unwrap();
        assert!(g.neutralised);
        assert!(
            !e[0].missing.iter().any(|x| x.contains("il grado")),
            "{:?}",
            e[0].missing
        );
        match lost {
            Some(lost) => {
                assert!(e[0].is_final(), "{:?}", e[0].missing);
                assert!(amounts(&e).iter().all(Option::is_some));
                assert_eq!(g.withheld.is_some_and(|w| w > 0.0), lost, "{delay}");
            }
            // Without the check: pending on the check alone.
            None => assert_eq!(e[0].missing.len(), 1, "{:?}", e[0].missing),
        }
    }
}

/// A flag on a project without weight (variable resources) is said: it
/// is in no scheda's points, yet the share depends on it (finding 19).
#[test]
fn a_flag_on_an_unweighted_project_is_warned() {
    let m = model();
    let vocab = crate::vocab::Vocabulary::default();
    let mut obt: Objective = objective(
        "OBT",
        &[("I", None)],
        vec![indicator("OBT.1", vec![yes_no()])],
    );
    obt.payment_times = Some(PaymentTimes {
        indicator: None,
        at: Default::default(),
    });
    let plan = plan_with(vec![
        objective(
            "OB1",
            &[("I", Some(100.0))],
            vec![indicator("OB1.1", vec![yes_no()])],
        ),
        obt,
    ]);
    let w = super::warnings(
        &plan,
        &m,
        Some(&checked()),
        &[],
        Path::new("smvp.toml"),
        Path::new("v.toml"),
        &vocab,
    );
    assert!(
        w.0.iter()
            .any(|d| d.to_string().contains("progetto senza peso")),
        "{w:?}"
    );
    // A weighted flag: no such warning.
    let (plan, _) = three_heads(true);
    let w = super::warnings(
        &plan,
        &m,
        Some(&checked()),
        &[],
        Path::new("smvp.toml"),
        Path::new("v.toml"),
        &vocab,
    );
    assert!(
        !w.0.iter()
            .any(|d| d.to_string().contains("progetto senza peso"))
    );
}
