//! The arithmetic by hand, the model's and the input's checks with their
//! positions.

use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::scoring::{RewardBand, RewardShare};
use crate::testkit::small::plan_with;
use crate::vocab::Vocabulary;

const SHIPPED_RULES: &str = include_str!("../../inputs/smvp.toml");

fn shipped_model() -> Model {
    parse_model(SHIPPED_RULES, Path::new("smvp.toml"))
        .expect("the shipped model parses")
        .expect("the shipped rules have the section")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn objective_points_by_hand() {
    use NeutralisedRule::*;
    // (weights and grades, part maximum, rule) → (rows (max, points), part points, part max)
    type Case = (
        &'static [(f64, Option<f64>)],
        f64,
        NeutralisedRule,
        &'static [(f64, Option<f64>)],
        f64,
        f64,
    );
    let cases: &[Case] = &[
        // Weights are the points: 20 × 100% + 40 × 50%.
        (
            &[(20.0, Some(1.0)), (40.0, Some(0.5))],
            60.0,
            Redistribute,
            &[(20.0, Some(20.0)), (40.0, Some(20.0))],
            40.0,
            60.0,
        ),
        (
            &[(20.0, Some(1.0)), (40.0, Some(0.5))],
            60.0,
            RemoveFromMax,
            &[(20.0, Some(20.0)), (40.0, Some(20.0))],
            40.0,
            60.0,
        ),
        // The 20-point objective neutralised: its points go to the other…
        (
            &[(20.0, None), (40.0, Some(0.5))],
            60.0,
            Redistribute,
            &[(0.0, None), (60.0, Some(30.0))],
            30.0,
            60.0,
        ),
        // …or leave the maximum.
        (
            &[(20.0, None), (40.0, Some(0.5))],
            60.0,
            RemoveFromMax,
            &[(0.0, None), (40.0, Some(20.0))],
            20.0,
            40.0,
        ),
        // Weights summing to 65 for a 60-point part: rescaled by 60/65.
        (
            &[(13.0, Some(1.0)), (52.0, Some(0.5))],
            60.0,
            Redistribute,
            &[(12.0, Some(12.0)), (48.0, Some(24.0))],
            36.0,
            60.0,
        ),
        // A third of a point is rounded to the hundredth.
        (
            &[(10.0, Some(1.0 / 3.0)), (10.0, Some(1.0))],
            20.0,
            Redistribute,
            &[(10.0, Some(3.33)), (10.0, Some(10.0))],
            13.33,
            20.0,
        ),
        // Nothing graded: nothing to give the points to.
        (
            &[(20.0, None)],
            20.0,
            Redistribute,
            &[(0.0, None)],
            0.0,
            0.0,
        ),
        (&[], 60.0, RemoveFromMax, &[], 0.0, 0.0),
    ];
    for (i, (items, max, rule, rows, points, part_max)) in cases.iter().enumerate() {
        let (got_rows, part) = objective_points(items, *max, *rule);
        assert_eq!(got_rows.len(), rows.len(), "case {i}");
        for ((gm, gp), (em, ep)) in got_rows.iter().zip(rows.iter()) {
            assert!(close(*gm, *em), "case {i}: max {gm} ≠ {em}");
            assert_eq!(
                gp.map(|p| (p * 100.0).round()),
                ep.map(|p| (p * 100.0).round()),
                "case {i}"
            );
        }
        assert!(
            close(part.points, *points),
            "case {i}: points {} ≠ {points}",
            part.points
        );
        assert!(
            close(part.max, *part_max),
            "case {i}: max {} ≠ {part_max}",
            part.max
        );
    }
}

#[test]
fn behaviour_scales_become_points() {
    let one_to_five = |c| Scale {
        min: 1.0,
        max: 5.0,
        conversion: c,
    };
    let zero_to_ten = Scale {
        min: 0.0,
        max: 10.0,
        conversion: Conversion::Proportional,
    };
    let cases = [
        (one_to_five(Conversion::Proportional), 4.0, 10.0, 8.0),
        (one_to_five(Conversion::Proportional), 1.0, 10.0, 2.0),
        (one_to_five(Conversion::Proportional), 3.0, 8.0, 4.8),
        (one_to_five(Conversion::FromBottom), 1.0, 10.0, 0.0),
        (one_to_five(Conversion::FromBottom), 3.0, 10.0, 5.0),
        (one_to_five(Conversion::FromBottom), 5.0, 10.0, 10.0),
        (one_to_five(Conversion::FromBottom), 2.0, 6.0, 1.5),
        (zero_to_ten.clone(), 7.0, 8.0, 5.6),
        (zero_to_ten, 0.0, 8.0, 0.0),
    ];
    for (scale, score, max, expected) in cases {
        let got = behaviour_points(score, max, &scale);
        assert!(
            close(got, expected),
            "{score} on {scale:?} of {max}: {got} ≠ {expected}"
        );
    }
}

fn bands() -> Vec<RewardBand> {
    let b = |from: f64, share: RewardShare, label: &str| RewardBand {
        min_grade: from / 100.0,
        share,
        label: label.into(),
    };
    vec![
        b(0.0, RewardShare::Fixed(0.0), "F1"),
        b(60.0, RewardShare::Fixed(0.6), "F2"),
        b(75.0, RewardShare::Proportional, "F3"),
        b(90.0, RewardShare::Fixed(1.0), "F4"),
    ]
}

#[test]
fn bands_at_their_boundaries() {
    let bands = bands();
    let cases = [
        (0.0, "F1", 0.0),
        (59.99, "F1", 0.0),
        (60.0, "F2", 0.6),
        (74.99, "F2", 0.6),
        (75.0, "F3", 0.75),
        (84.5, "F3", 0.845),
        (89.99, "F3", 0.8999),
        (90.0, "F4", 1.0),
        (100.0, "F4", 1.0),
    ];
    for (score, label, share) in cases {
        let (b, s) = band(score, &bands).expect("every score has a band");
        assert_eq!(b.label, label, "{score}");
        assert!(close(s, share), "{score}: {s} ≠ {share}");
    }
    // A sum of float points that lands a hair under the boundary is the
    // boundary once rounded to the hundredth.
    let total = score_out_of_100(Part {
        points: 0.1 + 0.2 + 59.7,
        max: 100.0,
    })
    .unwrap();
    assert_eq!(band(total, &bands).unwrap().0.label, "F2");
    // Out of a maximum reduced by a neutralised objective.
    assert_eq!(
        score_out_of_100(Part {
            points: 45.0,
            max: 90.0
        }),
        Some(50.0)
    );
    assert_eq!(
        score_out_of_100(Part {
            points: 0.0,
            max: 0.0
        }),
        None
    );
}

#[test]
fn unit_pay_bands_and_the_individual_evaluation_are_not_both_accepted() {
    // The shipped file leaves the unit bands commented: switched on, a head
    // would get a quota by the unit's grade and another by the evaluation.
    let text = SHIPPED_RULES.replacen("# [[fascia]]\n# da = 0 ", "[[fascia]]\nda = 0 ", 1);
    let text = text.replacen("# quota = 0 ", "quota = 0 ", 1);
    let line = text.lines().position(|l| l == "[[fascia]]").unwrap() + 1;
    let e = match parse_model(&text, Path::new("smvp.toml")) {
        Err(d) => d.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        Ok(_) => panic!("accepted"),
    };
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains(&format!("smvp.toml:{line}:1:")) && e[0].contains("due quote"),
        "{e:?}"
    );
}

#[test]
fn small_bands_are_shown_together_with_their_neighbours() {
    let g = |counts: &[(&'static str, usize)]| -> Vec<(String, usize)> {
        crate::privacy::band_groups(counts)
            .into_iter()
            .map(|(l, n)| (l.join("+"), n))
            .collect()
    };
    let own = |v: &[(&str, usize)]| -> Vec<(String, usize)> {
        v.iter().map(|(l, n)| (l.to_string(), *n)).collect()
    };
    // Six heads: one in band 2, five in band 3 (the 2023 example's shape).
    assert_eq!(
        g(&[("F1", 0), ("F2", 1), ("F3", 5), ("F4", 0)]),
        own(&[("F1", 0), ("F2+F3", 6), ("F4", 0)])
    );
    assert_eq!(
        g(&[("F1", 3), ("F2", 0), ("F3", 4)]),
        own(&[("F1", 3), ("F2", 0), ("F3", 4)])
    );
    // A small group at the end joins the ones before it.
    assert_eq!(
        g(&[("F1", 4), ("F2", 0), ("F3", 2)]),
        own(&[("F1+F2+F3", 6)])
    );
    assert_eq!(
        g(&[("F1", 1), ("F2", 1), ("F3", 1)]),
        own(&[("F1+F2+F3", 3)])
    );
    // Every group holds no one or at least 3.
    for a in 0..4 {
        for b in 0..4 {
            for c in 0..4 {
                if a + b + c < data::MIN_AGGREGATE {
                    continue;
                }
                let groups = g(&[("A", a), ("B", b), ("C", c)]);
                assert!(
                    groups
                        .iter()
                        .all(|(_, n)| *n == 0 || *n >= data::MIN_AGGREGATE),
                    "{a} {b} {c}: {groups:?}"
                );
                assert_eq!(groups.iter().map(|(_, n)| n).sum::<usize>(), a + b + c);
            }
        }
    }
}

#[test]
fn amounts_are_exact_to_the_cent() {
    // 1.000,30 × 75% = 750,225: half-up is 750,23 (binary floats gave 750,22).
    assert_eq!(person_amount(1000.3, 0.75, 365, 365), 750.23);
    assert_eq!(person_amount(1000.3, 0.75, 73, 365), 150.05);
    assert_eq!(person_amount(12_000.0, 0.8534, 182, 366), 5092.42);
    // An objective's points: its whole maximum × the grade, as the workbook's
    // ROUND(max*grade,2) recalculates it (60 × 1/7 = 8,571428…).
    let (rows, part) = objective_points(
        &[(1.0, Some(0.9)), (6.0, Some(1.0))],
        60.0,
        NeutralisedRule::Redistribute,
    );
    assert!(close(rows[0].0, 60.0 / 7.0));
    assert_eq!(rows[0].1, Some(7.71));
    assert_eq!(part.points, 59.14);
    // Behaviour points and the score follow the same rule.
    let scale = Scale {
        min: 1.0,
        max: 5.0,
        conversion: Conversion::Proportional,
    };
    assert_eq!(behaviour_points(3.0, 12.5, &scale), 7.5);
    assert_eq!(behaviour_points(4.5, 8.05, &scale), 7.25);
    assert_eq!(
        score_out_of_100(Part {
            points: 80.5,
            max: 80.0
        }),
        Some(100.63)
    );
}

#[test]
fn pro_rata_counts_the_days_in_the_role() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(pro_rata(d(2023, 1, 1), d(2023, 12, 31)), (365, 365));
    assert_eq!(pro_rata(d(2023, 3, 1), d(2023, 12, 31)), (306, 365));
    assert_eq!(pro_rata(d(2024, 1, 1), d(2024, 6, 30)), (182, 366));
    assert_eq!(pro_rata(d(2023, 7, 1), d(2023, 7, 1)), (1, 365));
}

#[test]
fn fund_distribution_sums_exactly_to_the_fund() {
    let cases: &[(f64, &[f64], &[f64])] = &[
        (100.0, &[1.0, 1.0, 1.0], &[33.34, 33.33, 33.33]),
        // The cent left goes to the largest remainder, not the first.
        (100.0, &[1.0, 2.0], &[33.33, 66.67]),
        (100.0, &[0.0, 5.0], &[0.0, 100.0]),
        (
            0.05,
            &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            &[0.01, 0.01, 0.01, 0.01, 0.01, 0.0],
        ),
        // Nobody with a positive weight: nothing is distributed.
        (100.0, &[0.0, 0.0], &[0.0, 0.0]),
        // Exact cents 423963.72, 688688.07, 287348.21: floors leave one
        // cent, to the largest remainder (,72).
        (
            14000.0,
            &[
                0.8 * 88.79 * 13000.0,
                100.0 * 15000.0,
                0.6 * 69.54 * 15000.0,
            ],
            &[4239.64, 6886.88, 2873.48],
        ),
    ];
    for (fund, weights, expected) in cases {
        let got = distribute(*fund, weights);
        assert_eq!(got.len(), expected.len());
        for (g, e) in got.iter().zip(expected.iter()) {
            assert!(close(*g, *e), "{fund} over {weights:?}: {got:?}");
        }
    }
    // Whatever the weights, the cents add up to the fund.
    for fund in [1.0, 999.99, 14000.0, 123456.78] {
        let weights: Vec<f64> = (1..=7).map(|i| (i * i) as f64 * 13.7 + 0.3).collect();
        let cents: i64 = distribute(fund, &weights)
            .iter()
            .map(|x| (x * 100.0).round() as i64)
            .sum();
        assert_eq!(cents, (fund * 100.0_f64).round() as i64, "{fund}");
    }
}

#[test]
fn the_shipped_model_is_60_plus_40_and_20_plus_80() {
    let m = shipped_model();
    let head = m.role(Role::Head).unwrap();
    let top = m.role(Role::TopOfficial).unwrap();
    assert_eq!(head.objective_points, 60.0);
    assert_eq!(head.behaviours.iter().map(|b| b.points).sum::<f64>(), 40.0);
    assert_eq!(top.objective_points, 20.0);
    assert_eq!(top.behaviours.iter().map(|b| b.points).sum::<f64>(), 80.0);
    assert_eq!(
        head.pay,
        PayRule::Fund {
            amount: 14000.0,
            by_position: true
        }
    );
    assert_eq!(top.pay, PayRule::PerPerson);
    assert_eq!(m.scale.min, 1.0);
    assert_eq!(m.scale.max, 5.0);
    // Without the section there is no individual evaluation.
    assert_eq!(
        parse_model("[scadenze]\n", Path::new("smvp.toml")),
        Ok(None)
    );
}

fn model_errors(from: &str, to: &str) -> Vec<String> {
    assert!(SHIPPED_RULES.contains(from), "{from}");
    let text = SHIPPED_RULES.replacen(from, to, 1);
    match parse_model(&text, Path::new("smvp.toml")) {
        Ok(_) => panic!("expected errors after replacing {from}"),
        Err(d) => d.iter().map(|d| d.to_string()).collect(),
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

#[test]
fn model_errors_have_their_position() {
    let e = model_errors(
        "punti = 10                       # punti al punteggio",
        "punti = 12                       # punti al punteggio",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("sommano a 102 punti invece che a 100"),
        "{e:?}"
    );
    let e = model_errors(
        "conversione = \"proporzionale\"",
        "conversione = \"lineare\"",
    );
    let line = line_of(SHIPPED_RULES, "conversione = \"proporzionale\"");
    assert!(e[0].contains(&format!("smvp.toml:{line}:15")), "{e:?}");
    let e = model_errors(
        "punti_ente = 0                   # nessuna parte per il risultato dell'ente\nretribuzione = \"importo_individuale\"",
        "punti_ente = 0\nfondo = 3\nretribuzione = \"importo_individuale\"",
    );
    assert!(
        e.iter().any(|x| x.contains("`fondo` vale solo con")),
        "{e:?}"
    );
    let e = model_errors("scala_massimo = 5 ", "scala_massimo = 1 ");
    assert!(e[0].contains("scala dei comportamenti non valida"), "{e:?}");
    let e = model_errors("per_posizione = true", "per_posizione = true\nbonus = 1");
    assert!(
        e[0].contains("chiave sconosciuta `bonus` in [individuale.responsabile]"),
        "{e:?}"
    );
}

// ------------------------------------------------------------------ input ---

const GOOD: &str = r#"
[[persona]]
nome = "Anna Verdi"
ruolo = "responsabile"
unita = "I"
retribuzione_posizione = 10000
valutatore = "Il Sindaco"
data = "10/05/2024"

[[persona.comportamento]]
id = "leadership"
punteggio = 4
"#;

fn check(text: &str) -> Result<Vec<Person>, Vec<String>> {
    parse_evaluations(
        text,
        Path::new("valutazioni.toml"),
        &plan_with(vec![]),
        &shipped_model(),
        &Vocabulary::default(),
    )
    .map_err(|d| d.iter().map(|d| d.to_string()).collect())
}

#[test]
fn a_good_file_reads_with_the_whole_year_by_default() {
    let p = check(GOOD).unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].from, NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
    assert_eq!(p[0].to, NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    assert_eq!(p[0].scores.len(), 1);
    assert_eq!(p[0].role, Role::Head);
}

#[test]
fn every_input_error_is_reported_at_its_line_and_column() {
    let text = format!(
        "{GOOD}{}",
        r#"
[[persona]]
nome = "anna  verdi"
ruolo = "responsabile"
unita = "IX"
dal = "01/06/2022"
retribuzione_posizione = 10000

[[persona.comportamento]]
id = "leadership"
punteggio = 6

[[persona.comportamento]]
id = "utenza"
punteggio = 5

[[persona.comportamento]]
id = "simpatia"
punteggio = 3
colore = "blu"
"#
    );
    let e = check(&text).unwrap_err();
    let at =
        |needle: &str, col: usize| format!("valutazioni.toml:{}:{col}", line_of(&text, needle));
    let expect = [
        (at("colore", 1), "chiave sconosciuta `colore`"),
        (at("nome = \"anna", 8), "«anna  verdi» è valutato due volte"),
        (at("unita = \"IX\"", 9), "Area «IX» non è nel piano 2023"),
        (
            at("dal = \"01/06/2022\"", 7),
            "la data 01/06/2022 è fuori dall'anno 2023",
        ),
        (
            at("punteggio = 6", 13),
            "punteggio 6 fuori dalla scala da 1 a 5",
        ),
        (
            at("punteggio = 5", 13),
            "il punteggio 5 è all'estremo della scala e richiede una motivazione",
        ),
        (
            at("id = \"simpatia\"", 6),
            "comportamento «simpatia» sconosciuto",
        ),
    ];
    assert_eq!(e.len(), expect.len(), "{e:#?}");
    for (place, message) in expect {
        assert!(
            e.iter().any(|x| x.contains(&place) && x.contains(message)),
            "missing «{message}» at {place}: {e:#?}"
        );
    }
}

#[test]
fn the_pay_rule_needs_its_amounts() {
    let e = check(&GOOD.replace("retribuzione_posizione = 10000\n", "")).unwrap_err();
    assert!(e[0].contains("manca `retribuzione_posizione`"), "{e:?}");
    let top = GOOD
        .replace("\"responsabile\"", "\"vertice\"")
        .replace("unita = \"I\"", "unita = \"SG\"");
    let e = check(&top).unwrap_err();
    assert!(
        e.iter().any(|x| x.contains("manca `importo_massimo`")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|x| x.contains("comportamento «leadership» sconosciuto")),
        "{e:?}"
    );
    let e = check(&GOOD.replace("ruolo = \"responsabile\"", "ruolo = \"capo\"")).unwrap_err();
    assert!(e[0].contains("ruolo «capo» sconosciuto"), "{e:?}");
    let e = check(&GOOD.replace("data = \"10/05/2024\"", "data = \"31/02/2024\"")).unwrap_err();
    assert!(e[0].contains("`data` non è una data valida"), "{e:?}");
}

#[test]
fn the_form_reports_the_same_checks_at_their_cells() {
    let plan = plan_with(vec![]);
    let model = shipped_model();
    let vocab = Vocabulary::default();
    let mut persons = check(GOOD).unwrap();
    // Written as if typed: a score off the scale, a motivation missing at
    // the top of the scale.
    persons[0].scores[0].score = 7.0;
    persons[0].scores.push(Score {
        behaviour: "utenza".into(),
        score: 5.0,
        motivation: None,
        at: crate::diag::Location::default(),
    });
    let bytes = write_form(&plan, &model, &vocab, &persons).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("valutazioni-individuali-2023.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let e: Vec<String> = read_form(&path, &plan, &model, &vocab)
        .unwrap_err()
        .iter()
        .map(|d| d.to_string())
        .collect();
    // Area I is the second unit: its behaviours follow the Segretario's
    // five, from row 7; «utenza» is the fifth.
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(
        e[0].contains(
            "valutazioni-individuali-2023.xlsx › Comportamenti › F7: punteggio 7 fuori dalla scala"
        ),
        "{e:#?}"
    );
    assert!(
        e[1].contains("Comportamenti › F11: il punteggio 5 è all'estremo"),
        "{e:#?}"
    );

    // Fixed, the form reads back into the persons written.
    persons[0].scores[0].score = 4.0;
    persons[0].scores[1].motivation = Some("Sportello sempre aperto.".into());
    std::fs::write(&path, write_form(&plan, &model, &vocab, &persons).unwrap()).unwrap();
    let back = read_form(&path, &plan, &model, &vocab).unwrap();
    assert_eq!(back.len(), 1);
    let strip = |p: &Person| {
        let mut p = p.clone();
        p.at = Default::default();
        p.scores.iter_mut().for_each(|s| s.at = Default::default());
        p
    };
    assert_eq!(strip(&back[0]), strip(&persons[0]));
}

#[test]
fn the_form_gives_the_declared_top_official_s_unit_the_top_official_s_role() {
    use calamine::{Reader, open_workbook_auto_from_rs};
    let model = shipped_model();
    let vocab = Vocabulary::default();
    // The role proposed for each unit, as the form's people sheet shows it.
    let roles = |plan: &crate::plan::Plan| -> Vec<String> {
        let bytes = write_form(plan, &model, &vocab, &[]).unwrap();
        let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range(form::PEOPLE).unwrap();
        (1..=plan.areas.len() as u32)
            .map(|r| {
                sheet
                    .get_value((r, 2))
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            })
            .collect()
    };
    let mut plan = plan_with(vec![]);
    plan.areas[0].name = "Segreteria generale".into();
    // Named otherwise and undeclared: an ordinary unit.
    assert_eq!(
        roles(&plan)[..2],
        ["Responsabile di Area", "Responsabile di Area"]
    );
    plan.areas[0].top_official = true;
    assert_eq!(
        roles(&plan)[..2],
        ["Segretario generale", "Responsabile di Area"]
    );
}
