//! The premi data by hand: the arithmetic to the cent, the groups, and the
//! privacy rule under several settings (all in one band, each in its own,
//! three people, two, one paid), checked on the files as written.

use std::path::Path;

use serde_json::Value;

use super::*;
use crate::individual::{Evaluation, Model, Part, Pay, Person, band, distribute, parse_model};
use crate::opendata::premi::tables;
use crate::testkit::build;

const SHIPPED_RULES: &str = include_str!("../../inputs/smvp.toml");

fn model() -> Model {
    parse_model(SHIPPED_RULES, Path::new("smvp.toml"))
        .unwrap()
        .unwrap()
}

fn heads_model(m: &Model) -> &RoleModel {
    m.role(Role::Head).unwrap()
}

fn plan(units: &[&str]) -> Plan {
    let mut areas = vec![build::area("SG", "Segretario generale", None)];
    areas.extend(
        units
            .iter()
            .map(|u| build::area(u, &format!("Unità {u}"), None)),
    );
    build::plan(
        "Comune di Prova",
        2031,
        "Piano",
        areas,
        vec![build::theme("t", "Tema")],
        vec![],
    )
}

fn part(points: f64) -> Part {
    Part { points, max: 100.0 }
}

/// A concluded evaluation (or a draft, without a score) of `unit`, in the
/// band its score falls in, with `amount`.
fn person(rm: &RoleModel, unit: &str, score: Option<f64>, amount: Option<f64>) -> Evaluation {
    let pay = score.map(|s| {
        let (b, share) = band(s, &rm.bands).unwrap();
        Pay {
            band: b.label.clone(),
            share,
            base: None,
            amount,
        }
    });
    Evaluation {
        person: Person {
            name: format!("Nome Cognome {unit}"),
            role: rm.role,
            unit: unit.into(),
            from: build::d(2031, 1, 1),
            to: build::d(2031, 12, 31),
            position_pay: None,
            max_amount: Some(5000.0),
            evaluator: Some("Chi valuta".into()),
            date: Some(build::d(2032, 3, 1)),
            notes: None,
            email: None,
            scores: vec![],
            at: Default::default(),
        },
        unit_name: format!("Unità {unit}"),
        objectives: vec![],
        objectives_part: part(0.0),
        ente: None,
        behaviours: vec![],
        behaviours_part: part(0.0),
        total: part(score.unwrap_or(0.0)),
        score,
        pro_rata: 1.0,
        days: 365,
        year_days: 365,
        pay,
        missing: if score.is_some() {
            vec![]
        } else {
            vec!["il punteggio dei comportamenti".into()]
        },
        notes: vec![],
        fund_waits: None,
        payment_times: None,
    }
}

/// Heads with these scores sharing the model's fund (share × score), as
/// `compute::evaluate` splits it.
fn fund_heads(rm: &RoleModel, scores: &[f64]) -> Vec<Evaluation> {
    let PayRule::Fund { amount, .. } = rm.pay else {
        panic!("the shipped heads' model pays from a fund")
    };
    let weights: Vec<f64> = scores
        .iter()
        .map(|s| band(*s, &rm.bands).unwrap().1 * s)
        .collect();
    scores
        .iter()
        .zip(distribute(amount, &weights))
        .enumerate()
        .map(|(i, (s, a))| person(rm, &format!("U{i}"), Some(*s), Some(a)))
        .collect()
}

fn units(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("U{i}")).collect()
}

fn premi_of(units: &[String], m: &Model, evaluations: &[Evaluation]) -> Option<Premi> {
    let refs: Vec<&str> = units.iter().map(String::as_str).collect();
    let (p, _) = build(
        &plan(&refs),
        m,
        evaluations,
        &Vocabulary::default(),
        true,
        Path::new("valutazioni.toml"),
    );
    p
}

#[test]
fn the_2023_shape_to_the_cent() {
    let m = model();
    let rm = heads_model(&m);
    // The shipped example's amounts: two heads in band 2, one in band 3,
    // three in band 4, sharing € 14.000; the top official paid apart.
    let rows = [
        (74.64, 1505.46),
        (69.54, 1502.78),
        (88.79, 2217.25),
        (94.55, 3178.39),
        (91.1, 3281.16),
        (92.0, 2314.96),
    ];
    let mut evaluations: Vec<Evaluation> = rows
        .iter()
        .enumerate()
        .map(|(i, (s, a))| person(rm, &format!("U{i}"), Some(*s), Some(*a)))
        .collect();
    evaluations.push(person(
        m.role(Role::TopOfficial).unwrap(),
        "SG",
        Some(86.0),
        Some(6450.0),
    ));
    let p = premi_of(&units(6), &m, &evaluations).unwrap();
    assert_eq!(p.state, State::Definitiva);
    let c = &p.categories[0];
    assert_eq!(
        (c.code.as_str(), c.pay_rule.as_str()),
        ("responsabili", "fondo")
    );
    assert_eq!((c.evaluated, c.pending, c.paid), (6, 0, Some(6)));
    // The top official's € 6.450 is in no figure.
    assert_eq!((c.budgeted, c.distributed), (Some(14000.0), Some(14000.0)));
    type Row = (String, usize, Option<f64>, Option<f64>, f64, Option<f64>);
    let got: Vec<Row> = c
        .bands
        .iter()
        .map(|b| (b.labels.join("+"), b.people, b.total, b.mean, b.from, b.to))
        .collect();
    let f = |i: usize| rm.bands[i].label.clone();
    assert_eq!(
        got,
        [
            (f(0), 0, Some(0.0), None, 0.0, Some(60.0)),
            (
                format!("{}+{}", f(1), f(2)),
                3,
                Some(5225.49),
                // 5.225,49 ÷ 3 = 1.741,83
                Some(1741.83),
                60.0,
                Some(90.0)
            ),
            // 8.774,51 ÷ 3 = 2.924,836… → 2.924,84
            (f(3), 3, Some(8774.51), Some(2924.84), 90.0, None),
        ]
    );
    let d = &c.differentiation;
    assert_eq!(
        (
            d.distinct_scores,
            d.bands,
            d.bands_used,
            d.top_people.unwrap_or(0)
        ),
        // Bands 2 and 3 published as one group: two groups used, never
        // «3», which would say band 3 holds one person (review 34).
        (6, 4, 2, 3)
    );
    assert_eq!(d.top.as_deref(), Some(f(3).as_str()));
    assert_eq!(d.top_share, Some(0.5));
}

#[test]
fn group_amounts_by_hand() {
    let m = model();
    let rm = heads_model(&m);
    // (scores and amounts) → per group: (people, total, mean)
    type Case = (
        &'static [(f64, f64)],
        &'static [(usize, Option<f64>, Option<f64>)],
    );
    let cases: &[Case] = &[
        // One band: the mean rounds half away from zero, on the decimal
        // (10,02 ÷ 4 = 2,505 → 2,51).
        (
            &[(95.0, 2.50), (96.0, 2.50), (97.0, 2.51), (98.0, 2.51)],
            &[
                (0, Some(0.0), None),
                (0, Some(0.0), None),
                (0, Some(0.0), None),
                (4, Some(10.02), Some(2.51)),
            ],
        ),
        // 0,10 + 0,20 ÷ 3 = 0,10; 100,01 + 100 + 100 ÷ 3 = 100,00.
        (
            &[
                (61.0, 0.10),
                (62.0, 0.10),
                (63.0, 0.10),
                (91.0, 100.01),
                (92.0, 100.0),
                (93.0, 100.0),
            ],
            &[
                (0, Some(0.0), None),
                (3, Some(0.30), Some(0.10)),
                (0, Some(0.0), None),
                (3, Some(300.01), Some(100.0)),
            ],
        ),
        // Three in the band that pays nothing: a group of its own.
        (
            &[
                (10.0, 0.0),
                (20.0, 0.0),
                (30.0, 0.0),
                (80.0, 700.0),
                (85.0, 800.0),
                (99.0, 1000.0),
            ],
            &[
                (3, Some(0.0), Some(0.0)),
                (0, Some(0.0), None),
                (3, Some(2500.0), Some(833.33)),
            ],
        ),
    ];
    for (rows, want) in cases {
        let evaluations: Vec<Evaluation> = rows
            .iter()
            .enumerate()
            .map(|(i, (s, a))| person(rm, &format!("U{i}"), Some(*s), Some(*a)))
            .collect();
        let p = premi_of(&units(rows.len()), &m, &evaluations).unwrap();
        let got: Vec<(usize, Option<f64>, Option<f64>)> = p.categories[0]
            .bands
            .iter()
            .map(|b| (b.people, b.total, b.mean))
            .collect();
        assert_eq!(got, *want, "{rows:?}");
        let sum: f64 = rows.iter().map(|(_, a)| a).sum();
        assert_eq!(
            p.categories[0].distributed,
            Some(crate::decimal::round2(sum))
        );
    }
}

#[test]
fn a_draft_or_an_unevaluated_unit_keeps_the_data_a_draft() {
    let m = model();
    let rm = heads_model(&m);
    let mut evaluations = fund_heads(rm, &[70.0, 80.0, 95.0, 96.0]);
    assert_eq!(
        premi_of(&units(4), &m, &evaluations).unwrap().state,
        State::Definitiva
    );
    // A fifth unit without an evaluation: the total may still grow.
    assert_eq!(
        premi_of(&units(5), &m, &evaluations).unwrap().state,
        State::Bozza
    );
    // An evaluation not concluded: counted apart, the rest a draft.
    evaluations.push(person(rm, "U4", None, None));
    let p = premi_of(&units(5), &m, &evaluations).unwrap();
    assert_eq!(p.state, State::Bozza);
    assert_eq!((p.categories[0].evaluated, p.categories[0].pending), (4, 1));
    // A draft run: a draft whatever the evaluations.
    let (p, _) = build(
        &plan(&["U0", "U1", "U2", "U3"]),
        &m,
        &evaluations[..4],
        &Vocabulary::default(),
        false,
        Path::new("v.toml"),
    );
    assert_eq!(p.unwrap().state, State::Bozza);
}

#[test]
fn the_budget_of_individual_maxima_is_their_sum() {
    let mut m = model();
    m.roles
        .iter_mut()
        .find(|r| r.role == Role::Head)
        .unwrap()
        .pay = PayRule::PerPerson;
    let rm = heads_model(&m).clone();
    let mut evaluations: Vec<Evaluation> = [(70.0, 1800.0), (80.0, 2400.0), (95.0, 3000.0)]
        .iter()
        .enumerate()
        .map(|(i, (s, a))| person(&rm, &format!("U{i}"), Some(*s), Some(*a)))
        .collect();
    evaluations[2].person.max_amount = Some(3000.3);
    let p = premi_of(&units(3), &m, &evaluations).unwrap();
    let c = &p.categories[0];
    assert_eq!(c.pay_rule, "importo_individuale");
    assert_eq!(c.budgeted, Some(13000.3));
    assert_eq!(c.distributed, Some(7200.0));
    // A maximum not given: the budget is not known.
    evaluations[0].person.max_amount = None;
    let p = premi_of(&units(3), &m, &evaluations).unwrap();
    assert_eq!(p.categories[0].budgeted, None);
}

/// Every number of a text (CSV fields, JSON numbers), in cents.
fn figures(csv: &[String], json: &Value) -> Vec<i64> {
    let mut out = Vec::new();
    // Numbers are the unquoted fields; no text of these files holds `;`.
    for file in csv {
        for f in file.split("\r\n").flat_map(|l| l.split(';')) {
            if let Ok(x) = f.replace(',', ".").parse::<f64>() {
                out.push((x * 100.0).round() as i64);
            }
        }
    }
    fn walk(v: &Value, out: &mut Vec<i64>) {
        match v {
            Value::Number(n) => out.push((n.as_f64().unwrap() * 100.0).round() as i64),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(json, &mut out);
    out
}

/// What the public files say, checked against every person: no name, no
/// figure equal to one person's amount (nor the difference of two
/// published amounts), no group of one or two people, no amounts over one
/// or two people paid.
fn check_private(what: &str, m: &Model, evaluations: &[Evaluation], n_units: usize) {
    let Some(p) = premi_of(&units(n_units), m, evaluations) else {
        return;
    };
    let csv: Vec<String> = tables(2031, &p)
        .into_iter()
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    let json = serde_json::to_value(&p).unwrap();
    let all = format!("{}{json}", csv.concat());
    let amounts: Vec<i64> = evaluations
        .iter()
        .filter_map(|e| e.pay.as_ref()?.amount)
        .map(crate::decimal::cents)
        .filter(|c| *c > 0)
        .collect();
    for e in evaluations {
        assert!(!all.contains(&e.person.name), "{what}: a name in\n{all}");
    }
    let figures = figures(&csv, &json);
    for a in &amounts {
        assert!(!figures.contains(a), "{what}: {a} cents published\n{all}");
    }
    let c = &p.categories[0];
    let published: Vec<i64> = [c.budgeted, c.distributed]
        .into_iter()
        .chain(c.bands.iter().map(|b| b.total))
        .flatten()
        .map(crate::decimal::cents)
        .collect();
    for x in &published {
        for y in &published {
            assert!(
                !amounts.contains(&(x - y).abs()),
                "{what}: {x} − {y} is one person's amount"
            );
        }
    }
    assert!(c.evaluated >= 3, "{what}");
    for b in &c.bands {
        assert!(b.people == 0 || b.people >= 3, "{what}: {b:?}");
    }
    let paid = evaluations
        .iter()
        .filter(|e| e.person.role == Role::Head && e.is_final())
        .filter(|e| {
            e.pay
                .as_ref()
                .and_then(|p| p.amount)
                .is_some_and(|a| a > 0.0)
        })
        .count();
    if paid < 3 {
        assert_eq!((c.paid, c.budgeted, c.distributed), (None, None, None));
        assert!(c.bands.iter().all(|b| b.total.is_none()), "{what}");
    }
    // The Relazione shows the same groups.
    let relazione = crate::individual::aggregates(m, evaluations, &Vocabulary::default());
    let shown: Vec<usize> = relazione["fasce"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["persone"].as_u64().unwrap() as usize)
        .collect();
    let ours: Vec<usize> = c.bands.iter().map(|b| b.people).collect();
    assert_eq!(shown, ours, "{what}");
}

#[test]
fn no_name_and_no_one_s_amount_under_any_setting() {
    let m = model();
    let rm = heads_model(&m);
    let top = m.role(Role::TopOfficial).unwrap();
    let settings: Vec<(&str, Vec<Evaluation>, usize)> = vec![
        (
            "all in one band",
            fund_heads(rm, &[91.0, 93.5, 97.25, 99.0, 90.0]),
            5,
        ),
        (
            "each in its own band",
            fund_heads(rm, &[40.0, 65.0, 80.0, 95.0]),
            4,
        ),
        ("three people", fund_heads(rm, &[65.0, 80.0, 95.0]), 3),
        ("two people", fund_heads(rm, &[80.0, 95.0]), 2),
        (
            "three people, one paid",
            fund_heads(rm, &[10.0, 20.0, 95.0]),
            3,
        ),
        (
            "five people, two paid",
            fund_heads(rm, &[10.0, 20.0, 30.0, 92.0, 95.0]),
            5,
        ),
        (
            "the 2023 shape",
            fund_heads(rm, &[74.64, 69.54, 88.79, 94.55, 91.1, 92.0]),
            6,
        ),
    ];
    for (what, mut evaluations, n) in settings {
        check_private(what, &m, &evaluations, n);
        // With the top official too: never in any figure.
        evaluations.push(person(top, "SG", Some(86.0), Some(6450.0)));
        check_private(what, &m, &evaluations, n);
    }
}

#[test]
fn fewer_than_three_concluded_write_nothing_and_say_why() {
    let m = model();
    let rm = heads_model(&m);
    let mut evaluations = fund_heads(rm, &[80.0, 95.0]);
    evaluations.push(person(rm, "U2", None, None));
    let (p, warnings) = build(
        &plan(&["U0", "U1", "U2"]),
        &m,
        &evaluations,
        &Vocabulary::default(),
        true,
        Path::new("valutazioni.toml"),
    );
    assert!(p.is_none());
    let w: Vec<String> = warnings.iter().map(|d| d.message.clone()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("le valutazioni concluse dei Responsabili")
            && w[0].contains("sono 2, meno di 3"),
        "{w:?}"
    );
    assert!(!w[0].contains("Nome Cognome"), "{w:?}");
}

#[test]
fn one_or_two_paid_withhold_every_amount() {
    let m = model();
    let rm = heads_model(&m);
    // Three heads, two in the band that pays nothing: the fund is one
    // person's.
    let evaluations = fund_heads(rm, &[10.0, 20.0, 95.0]);
    let p = premi_of(&units(3), &m, &evaluations).unwrap();
    let c = &p.categories[0];
    assert_eq!((c.paid, c.budgeted, c.distributed), (None, None, None));
    assert_eq!(c.bands.len(), 1, "all the bands in one group");
    assert_eq!((c.bands[0].people, c.bands[0].total), (3, None));
    let csv = String::from_utf8(tables(2031, &p)[0].1.clone()).unwrap();
    assert!(csv.ends_with(";3;0;;;\r\n"), "{csv}");
    // The top band joined with the lowest: no «100% in the top band»,
    // which would say the opposite of the truth (review 34).
    let d = &c.differentiation;
    assert_eq!(
        (d.top.as_deref(), d.top_people, d.top_share),
        (None, None, None)
    );
    let differentiation = String::from_utf8(tables(2031, &p)[2].1.clone()).unwrap();
    assert!(differentiation.ends_with(";;;\r\n"), "{differentiation}");
}
