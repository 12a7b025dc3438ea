//! The staff arithmetic, table-driven: the fund, the bonus, ties both
//! ways, below the minimum both ways, the cent, part-time and days,
//! several evaluators, the review. The expected amounts were worked out
//! apart (exact fractions, largest remainder by hand), not by this code.

use chrono::NaiveDate;

use super::compute::*;
use super::model::*;
use crate::diag::Location;

fn bands() -> Vec<StaffBand> {
    [(0.0, 0.0), (60.0, 0.8), (80.0, 0.9), (90.0, 1.0)]
        .iter()
        .map(|(from, coefficient)| StaffBand {
            from: *from,
            label: format!("da {from}"),
            coefficient: *coefficient,
        })
        .collect()
}

pub(super) fn model(
    split: SplitRule,
    below: BelowMinimum,
    minimum: f64,
    bonus: Option<(BonusQuota, TieRule)>,
) -> StaffModel {
    StaffModel {
        scale: Scale {
            min: 1.0,
            max: 5.0,
            conversion: Conversion::Proportional,
        },
        motivation_at_ends: true,
        categories: vec![Category {
            id: "istruttori".into(),
            name: "Istruttori".into(),
            unit_points: 30.0,
            objective_points: 20.0,
            behaviours: ["autonomia", "utenza"]
                .iter()
                .map(|id| StaffBehaviour {
                    id: id.to_string(),
                    name: id.to_string(),
                    points: 25.0,
                    descriptors: vec![String::new(); 5],
                })
                .collect(),
        }],
        bands: bands(),
        minimum_score: minimum,
        split,
        below_minimum: below,
        bonus: bonus.map(|(quota, tie)| BonusRule {
            percent: 30.0,
            quota,
            tie,
            at: Location::default(),
        }),
        review_days: 15,
        head_behaviour: None,
        at: Location::default(),
    }
}

fn full(score: f64) -> SplitInput {
    SplitInput {
        score,
        coefficient: band_of(score, &bands()).unwrap().coefficient,
        part_time: 100.0,
        days: 365,
        year_days: 365,
    }
}

#[test]
fn the_fund_is_split_to_the_cent() {
    use BelowMinimum::{Redistribute as R, Save as S};
    use SplitRule::{Band, Score};
    type Case = (
        &'static str,
        f64,
        Vec<SplitInput>,
        SplitRule,
        BelowMinimum,
        f64,
        Option<(BonusQuota, TieRule)>,
        &'static [f64],
        &'static [f64],
        f64,
        f64,
    );
    let pt = |score: f64, part_time: f64, days: i64| SplitInput {
        part_time,
        days,
        ..full(score)
    };
    let scores = |s: &[f64]| s.iter().map(|x| full(*x)).collect::<Vec<_>>();
    // (what, fund, people, split, below minimum, minimum, bonus,
    //  totals, bonuses, saved, average)
    let cases: Vec<Case> = vec![
        (
            "below the minimum, redistributed",
            100.0,
            scores(&[80.0, 60.0, 40.0]),
            Score,
            R,
            60.0,
            None,
            &[57.14, 42.86, 0.0],
            &[0.0, 0.0, 0.0],
            0.0,
            50.0,
        ),
        (
            "below the minimum, saved",
            100.0,
            scores(&[80.0, 60.0, 40.0]),
            Score,
            S,
            60.0,
            None,
            &[44.45, 33.33, 0.0],
            &[0.0, 0.0, 0.0],
            22.22,
            38.89,
        ),
        (
            "part-time and days",
            1000.0,
            vec![pt(80.0, 50.0, 365), pt(80.0, 100.0, 182), full(70.0)],
            Score,
            R,
            60.0,
            None,
            &[266.86, 266.13, 467.01],
            &[0.0, 0.0, 0.0],
            0.0,
            333.33,
        ),
        (
            "the cent left goes to the first of equals",
            100.0,
            scores(&[70.0, 70.0, 70.0]),
            Score,
            R,
            60.0,
            None,
            &[33.34, 33.33, 33.33],
            &[0.0, 0.0, 0.0],
            0.0,
            33.33,
        ),
        (
            "bonus to 10% of ten people",
            10000.0,
            scores(&[95.0, 90.0, 85.0, 80.0, 75.0, 70.0, 65.0, 62.0, 61.0, 60.0]),
            Score,
            R,
            60.0,
            Some((BonusQuota::Percent(10.0), TieRule::Share)),
            &[
                1540.24, 1174.97, 1109.69, 1044.41, 979.14, 913.86, 848.59, 809.42, 796.37, 783.31,
            ],
            &[300.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            0.0,
            1000.0,
        ),
        (
            "a tie at the last place, shared",
            1000.0,
            scores(&[90.0, 85.0, 85.0, 85.0, 70.0]),
            Score,
            R,
            60.0,
            Some((BonusQuota::Persons(2), TieRule::Share)),
            &[250.84, 200.24, 200.24, 200.24, 148.44],
            &[60.0, 20.0, 20.0, 20.0, 0.0],
            0.0,
            200.0,
        ),
        (
            "a tie shared pays the tied the same, the cent left goes to the split",
            1000.2,
            scores(&[90.0, 85.0, 85.0, 85.0, 70.0]),
            Score,
            R,
            60.0,
            Some((BonusQuota::Persons(2), TieRule::Share)),
            // Average 200,04, bonus 60,01; 60,01 ÷ 3 = 20,00 each, and
            // 880,19 split by weight.
            &[250.89, 200.28, 200.28, 200.28, 148.47],
            &[60.01, 20.0, 20.0, 20.0, 0.0],
            0.0,
            200.04,
        ),
        (
            "a tie at the last place, excluded",
            1000.0,
            scores(&[90.0, 85.0, 85.0, 85.0, 70.0]),
            Score,
            R,
            60.0,
            Some((BonusQuota::Persons(2), TieRule::Exclude)),
            &[263.86, 192.53, 192.53, 192.53, 158.55],
            &[60.0, 0.0, 0.0, 0.0, 0.0],
            0.0,
            200.0,
        ),
        (
            "a tie excluded, below the minimum saved",
            1000.0,
            scores(&[90.0, 85.0, 85.0, 85.0, 70.0]),
            Score,
            S,
            75.0,
            Some((BonusQuota::Persons(2), TieRule::Exclude)),
            &[262.95, 189.46, 189.46, 189.46, 0.0],
            &[62.35, 0.0, 0.0, 0.0, 0.0],
            168.67,
            207.83,
        ),
        (
            "split by band",
            1000.0,
            scores(&[92.0, 85.0, 70.0, 50.0]),
            Band,
            R,
            60.0,
            None,
            &[370.37, 333.33, 296.3, 0.0],
            &[0.0, 0.0, 0.0, 0.0],
            0.0,
            333.33,
        ),
    ];
    for (what, fund, people, split, below, minimum, bonus, totals, bonuses, saved, average) in cases
    {
        let m = model(split, below, minimum, bonus);
        let (premiums, s) = split_fund(fund, &people, &m);
        let got: Vec<f64> = premiums.iter().map(|p| p.total).collect();
        assert_eq!(got, totals, "{what}");
        let got: Vec<f64> = premiums.iter().map(|p| p.bonus).collect();
        assert_eq!(got, bonuses, "{what}");
        assert_eq!((s.saved, s.average), (saved, average), "{what}");
        // Paid + saved is the fund, to the cent.
        let paid: i64 = premiums
            .iter()
            .map(|p| crate::decimal::cents(p.total))
            .sum();
        assert_eq!(
            paid + crate::decimal::cents(s.saved),
            crate::decimal::cents(fund),
            "{what}"
        );
    }
}

#[test]
fn ties_are_told_apart_in_the_standing() {
    let people: Vec<SplitInput> = [90.0, 85.0, 85.0, 85.0, 70.0].map(full).to_vec();
    for (tie, want, tied_places) in [
        (TieRule::Share, BonusStanding::SharedTie, 1),
        (TieRule::Exclude, BonusStanding::ExcludedTie, 1),
    ] {
        let m = model(
            SplitRule::Score,
            BelowMinimum::Redistribute,
            60.0,
            Some((BonusQuota::Persons(2), tie)),
        );
        let (p, s) = split_fund(1000.0, &people, &m);
        assert_eq!(p[0].bonus_standing, BonusStanding::Full);
        assert!(p[1..4].iter().all(|x| x.bonus_standing == want));
        assert_eq!(p[4].bonus_standing, BonusStanding::None);
        assert_eq!((s.places, s.tied, s.tied_places), (2, 3, tied_places));
        assert_eq!(s.bonus_each, 60.0);
    }
    // All the tied fit: no tie to resolve.
    let m = model(
        SplitRule::Score,
        BelowMinimum::Redistribute,
        60.0,
        Some((BonusQuota::Persons(4), TieRule::Exclude)),
    );
    let (p, s) = split_fund(1000.0, &people, &m);
    assert!(
        p[..4]
            .iter()
            .all(|x| x.bonus_standing == BonusStanding::Full)
    );
    assert_eq!((s.tied, s.bonus_total), (0, 240.0));
}

#[test]
fn places_round_down_and_nobody_with_a_premium_saves_the_fund() {
    assert_eq!(bonus_places(BonusQuota::Percent(10.0), 3), 0);
    assert_eq!(bonus_places(BonusQuota::Percent(10.0), 25), 2);
    assert_eq!(bonus_places(BonusQuota::Percent(12.5), 8), 1);
    assert_eq!(bonus_places(BonusQuota::Percent(10.0), 60), 6);
    assert_eq!(bonus_places(BonusQuota::Persons(4), 3), 4);
    // Nobody with a premium: the fund is saved, and each row carries its
    // share, by the weight it would have had (over persons when every
    // weight is 0), so that the rows add up to the fund.
    // (split, below minimum, fund, scores, saved by row)
    use BelowMinimum::{Redistribute as R, Save as S};
    type Case = (SplitRule, BelowMinimum, f64, &'static [f64], &'static [f64]);
    let cases: &[Case] = &[
        (SplitRule::Score, R, 500.0, &[40.0, 55.0], &[210.53, 289.47]),
        (SplitRule::Score, S, 500.0, &[40.0, 55.0], &[210.53, 289.47]),
        // Band: Fascia 1's coefficient is 0 for everyone.
        (
            SplitRule::Band,
            R,
            100.0,
            &[40.0, 55.0, 10.0],
            &[33.34, 33.33, 33.33],
        ),
        (
            SplitRule::Band,
            S,
            9000.0,
            &[40.0, 55.0, 10.0, 59.99],
            &[2250.0; 4],
        ),
    ];
    for (split, below, fund, scores, want) in cases {
        let m = model(*split, *below, 60.0, None);
        let people: Vec<SplitInput> = scores.iter().map(|x| full(*x)).collect();
        let (p, s) = split_fund(*fund, &people, &m);
        assert!(p.iter().all(|x| x.total == 0.0 && x.below_minimum));
        assert_eq!((s.saved, s.distributed, s.with_premium), (*fund, 0.0, 0));
        let saved: Vec<f64> = p.iter().map(|x| x.saved).collect();
        assert_eq!(saved, *want, "{split:?} {below:?}");
        let rows: i64 = p.iter().map(|x| crate::decimal::cents(x.saved)).sum();
        assert_eq!(rows, crate::decimal::cents(s.saved));
    }
}

#[test]
fn evaluators_combine_by_weight_and_a_review_replaces_the_score() {
    // (scores and weights, combined)
    let cases: &[(&[(f64, f64)], f64)] = &[
        (&[(4.0, 100.0)], 4.0),
        (&[(4.0, 70.0), (5.0, 30.0)], 4.3),
        (&[(3.0, 70.0), (4.0, 20.0), (5.0, 10.0)], 3.4),
        (&[(4.0, 33.33), (3.0, 33.33), (5.0, 33.34)], 4.0),
        (&[(2.0, 50.0), (3.0, 50.0)], 2.5),
    ];
    for (components, want) in cases {
        assert_eq!(combined_score(components), *want, "{components:?}");
    }
    assert_eq!(
        behaviour_points(
            4.3,
            25.0,
            &model(SplitRule::Score, BelowMinimum::Save, 60.0, None).scale
        ),
        21.5
    );
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Judgements: (who, weight, [(behaviour, score)]).
type Judged<'a> = &'a [(&'a str, f64, &'a [(&'a str, f64)])];

pub(super) fn person(scores: Judged<'_>, review: Option<Review>) -> StaffPerson {
    // scores: (who, weight, [(behaviour, score)])
    StaffPerson {
        name: "Persona di prova".into(),
        unit: crate::plan::AreaId::from("III"),
        category: "istruttori".into(),
        part_time: 100.0,
        days: 365,
        year_days: 365,
        objectives: Some(0.9),
        judgements: scores
            .iter()
            .map(|(who, weight, s)| Judgement {
                who: who.to_string(),
                weight: *weight,
                scores: s
                    .iter()
                    .map(|(b, x)| StaffScore {
                        behaviour: b.to_string(),
                        score: *x,
                        motivation: Some("motivata".into()),
                        at: Location::default(),
                    })
                    .collect(),
                at: Location::default(),
            })
            .collect(),
        interview: Some(d(2024, 3, 1)),
        review,
        at: Location::default(),
    }
}

fn review(outcome: ReviewOutcome, scores: &[(&str, f64)]) -> Review {
    Review {
        requested: d(2024, 3, 5),
        reasons: "motivi".into(),
        outcome,
        scores: scores
            .iter()
            .map(|(b, x)| StaffScore {
                behaviour: b.to_string(),
                score: *x,
                motivation: Some("riesame".into()),
                at: Location::default(),
            })
            .collect(),
        decided: (outcome != ReviewOutcome::Pending).then(|| d(2024, 3, 20)),
        at: Location::default(),
    }
}

#[test]
fn the_score_before_and_after_the_review() {
    let m = model(SplitRule::Score, BelowMinimum::Save, 60.0, None);
    let judged: Judged<'_> = &[
        ("Capo", 70.0, &[("autonomia", 4.0), ("utenza", 3.0)]),
        ("Collega", 30.0, &[("autonomia", 5.0), ("utenza", 3.0)]),
    ];
    // unit 30 × 80% = 24; objectives 20 × 90% = 18; autonomia 4,3 → 21,5;
    // utenza 3 → 15: 78,50. Upheld to utenza 4 → 20: 83,50.
    // (review, first score, final score)
    let cases = [
        (None, 78.5, 78.5),
        (
            Some(review(ReviewOutcome::Upheld, &[("utenza", 4.0)])),
            78.5,
            83.5,
        ),
        (Some(review(ReviewOutcome::Rejected, &[])), 78.5, 78.5),
        (Some(review(ReviewOutcome::Pending, &[])), 78.5, 78.5),
    ];
    for (r, first, last) in cases {
        let pending = r
            .as_ref()
            .is_some_and(|r| r.outcome == ReviewOutcome::Pending);
        let e = evaluate_person(&m, &person(judged, r), "Area III", Some(0.8));
        assert_eq!((e.first_score, e.score), (Some(first), Some(last)));
        assert_eq!(e.is_draft(), pending);
        assert_eq!(e.behaviours[0].components.len(), 2);
    }
    let e = evaluate_person(&m, &person(judged, None), "Area III", None);
    assert_eq!(e.score, None);
}

#[test]
fn the_list_is_final_only_after_the_review_period_and_every_review() {
    let m = model(SplitRule::Score, BelowMinimum::Save, 60.0, None);
    let judged: Judged<'_> = &[("Capo", 100.0, &[("autonomia", 4.0), ("utenza", 3.0)])];
    let e = |r: Option<Review>| evaluate_person(&m, &person(judged, r), "Area III", Some(0.8));
    // Colloquio 1/3/2024, 15 days: the period ends 16/3/2024.
    let cases: Vec<(Vec<StaffEvaluation>, NaiveDate, Option<&str>)> = vec![
        (vec![e(None)], d(2024, 3, 17), None),
        (
            vec![e(None)],
            d(2024, 3, 16),
            Some("il periodo per chiedere il riesame termina il 16/03/2024"),
        ),
        (
            vec![e(None), e(Some(review(ReviewOutcome::Pending, &[])))],
            d(2024, 5, 1),
            Some("una richiesta di riesame è ancora in corso"),
        ),
        (
            vec![e(Some(review(ReviewOutcome::Upheld, &[("utenza", 4.0)])))],
            d(2024, 5, 1),
            None,
        ),
    ];
    for (evaluations, run, want) in cases {
        let got = finality(&evaluations, 15, run);
        match want {
            None => assert_eq!(got, Finality::Final),
            Some(w) => assert_eq!(got, Finality::NotFinal(w.to_string())),
        }
    }
    let mut no_date = e(None);
    no_date.person.interview = None;
    assert_eq!(
        finality(&[no_date.clone()], 15, d(2024, 5, 1)),
        Finality::NotFinal("manca la data del colloquio di una persona".into())
    );
    // The suggestion fits the cause, one for each reason, in order.
    let mut draft = e(None);
    draft.missing_motivations = vec!["utenza".into()];
    let mut ungraded = e(None);
    ungraded.unit_grade = None;
    // (evaluations, run date, words of the suggestion)
    let cases: Vec<(Vec<StaffEvaluation>, NaiveDate, Option<&str>)> = vec![
        (vec![e(None)], d(2024, 3, 17), None),
        (
            vec![e(None)],
            d(2024, 3, 16),
            Some("rieseguire il comando dal 17/03/2024, a periodo per il riesame concluso"),
        ),
        (
            vec![e(Some(review(ReviewOutcome::Pending, &[])))],
            d(2024, 5, 1),
            Some("scriverne l'esito nel file del personale (`esito` e `data_esito`"),
        ),
        (
            vec![draft],
            d(2024, 5, 1),
            Some("scrivere nel file del personale la motivazione dei punteggi agli estremi"),
        ),
        (
            vec![no_date],
            d(2024, 5, 1),
            Some("la data del colloquio finale (`colloquio`)"),
        ),
        (
            vec![ungraded],
            d(2024, 5, 1),
            Some("completare la rendicontazione dell'unità"),
        ),
    ];
    for (evaluations, run, want) in cases {
        let got = finality_hint(&evaluations, 15, run);
        match want {
            None => assert_eq!(got, None),
            Some(w) => {
                let got = got.unwrap();
                assert!(got.contains(w), "{got}");
                // Only the suggestion for the cause that applies.
                assert_eq!(got.matches("rieseguire il comando").count(), 1, "{got}");
            }
        }
    }
}

#[test]
fn differentiation_counts_distinct_scores_spread_and_top_band() {
    assert_eq!(std_dev(&[70.0, 80.0, 90.0]), 8.16);
    assert_eq!(std_dev(&[75.0, 75.0]), 0.0);
    assert_eq!(std_dev(&[]), 0.0);
}

fn shipped() -> StaffModel {
    let text = include_str!("../../inputs/smvp.toml");
    super::parse_model(text, std::path::Path::new("smvp.toml"))
        .unwrap()
        .unwrap()
}

#[test]
fn the_worked_examples_of_the_rules_document() {
    // docs/regole-smvp.md, «Il personale», «Il punteggio»: 88,20.
    let m = shipped();
    let mut p = person(
        &[
            (
                "Capo",
                70.0,
                &[("autonomia", 4.0), ("collaborazione", 4.0), ("utenza", 5.0)],
            ),
            (
                "Segretario",
                30.0,
                &[("autonomia", 5.0), ("collaborazione", 4.0), ("utenza", 5.0)],
            ),
        ],
        None,
    );
    p.objectives = Some(0.85);
    let e = evaluate_person(&m, &p, "Area", Some(0.9));
    let points: Vec<f64> = e.behaviours.iter().map(|b| b.points).collect();
    assert_eq!(points, [17.2, 12.0, 15.0]);
    assert_eq!((e.unit_part.points, e.objectives_part.points), (27.0, 17.0));
    assert_eq!(e.score, Some(88.2));
    assert_eq!(e.band.unwrap().label, "Fascia 3 (da 80 a 89,99 punti)");
    // «Il fondo e la maggiorazione»: A…E.
    let mut m = shipped();
    let rule = m.bonus.as_mut().unwrap();
    rule.quota = BonusQuota::Persons(2);
    let people = [
        (92.0, 100.0, 365),
        (87.0, 100.0, 365),
        (87.0, 50.0, 365),
        (75.0, 100.0, 335),
        (55.0, 100.0, 365),
    ]
    .map(|(score, part_time, days)| SplitInput {
        part_time,
        days,
        ..full(score)
    });
    let totals = |m: &StaffModel| -> (Vec<f64>, FundSplit) {
        let (p, s) = split_fund(10_000.0, &people, m);
        (p.iter().map(|x| x.total).collect(), s)
    };
    let (got, s) = totals(&m);
    assert_eq!(got, [3434.19, 2913.31, 1644.15, 2008.35, 0.0]);
    assert_eq!(
        (s.average, s.bonus_each, s.bonus_total),
        (2500.0, 750.0, 1500.0)
    );
    m.bonus.as_mut().unwrap().tie = TieRule::Exclude;
    assert_eq!(totals(&m).0, [3671.03, 2762.28, 1381.14, 2185.55, 0.0]);
    m.bonus.as_mut().unwrap().tie = TieRule::Share;
    m.below_minimum = BelowMinimum::Save;
    assert_eq!(totals(&m).1.saved, 1588.06);
}

#[test]
fn differentiation_by_evaluator_and_unit_and_the_public_aggregates() {
    let m = shipped();
    let plan = crate::testkit::shipped::plan_2023();
    let behaviours = |s: [f64; 3]| {
        [
            ("autonomia", s[0]),
            ("collaborazione", s[1]),
            ("utenza", s[2]),
        ]
    };
    let mk = |who: &'static str, unit: &str, scores: [f64; 3], second: bool| {
        let own = behaviours(scores);
        let secretary = behaviours([4.0, 4.0, 4.0]);
        let judged: Vec<_> = if second {
            vec![(who, 70.0, &own[..]), ("Segretario", 30.0, &secretary[..])]
        } else {
            vec![(who, 100.0, &own[..])]
        };
        let mut p = person(&judged, None);
        p.unit = crate::plan::AreaId::from(unit);
        p
    };
    // docs/regole-smvp.md, «La differenziazione dei giudizi»: Capo I
    // evaluates three people, the Segretario is second evaluator (30%) of
    // the third and of Capo II's only person.
    let persons = vec![
        mk("Capo I", "I", [4.0, 4.0, 4.0], false),
        mk("Capo I", "I", [5.0, 5.0, 4.0], false),
        mk("Capo I", "I", [2.0, 3.0, 3.0], true),
        mk("Capo II", "II", [3.0, 3.0, 3.0], true),
    ];
    let evaluators = [
        ("Capo I", Some("I")),
        ("Capo II", Some("II")),
        ("Segretario", None),
    ]
    .map(|(who, unit)| Evaluator {
        who: who.into(),
        unit: unit.map(crate::plan::AreaId::from),
        at: Location::default(),
    })
    .to_vec();
    let file = StaffFile {
        year: 2023,
        fund: Fund {
            amount: 1000.0,
            act: None,
            at: Location::default(),
        },
        evaluators,
        persons,
    };
    let grades: Vec<(crate::plan::AreaId, Option<f64>)> = plan
        .areas
        .iter()
        .map(|a| (a.id.clone(), Some(1.0)))
        .collect();
    let r = evaluate(&m, &file, &plan, &grades, d(2025, 1, 1));
    // Final scores: unit 30 + objectives 18 + 16 + 12 + 12 = 88; 30 + 18
    // + 20 + 15 + 12 = 95; with the Segretario's 4s at 30%: 2,6 / 3,3 /
    // 3,3 → 30 + 18 + 10,4 + 9,9 + 9,9 = 78,20; 3,3 each → 81,00.
    let scores: Vec<Option<f64>> = r.evaluations.iter().map(|e| e.score).collect();
    assert_eq!(scores, [Some(88.0), Some(95.0), Some(78.2), Some(81.0)]);
    // Capo I's own judgements out of 100: 40/50 = 80, 47/50 = 94, 26/50 =
    // 52 (not the final 88, 95, 78,20).
    let one = r
        .differentiation_of_unit(&crate::plan::AreaId::from("I"))
        .unwrap();
    assert_eq!(
        (one.who.as_str(), one.persons, one.distinct),
        ("Capo I", 3, 3)
    );
    // Mean 226/3; deviations 14/3, 56/3, −70/3: √(8232/27) = 17,46.
    assert_eq!(one.std_dev, 17.46);
    assert_eq!(one.top_band_share, 0.3333);
    assert_eq!(r.differentiation_of("Capo II").unwrap().persons, 1);
    // The Segretario gave 4, 4, 4 to both: one value (80), no spread,
    // though their final scores (78,20 and 81,00) differ.
    let sec = r.differentiation_of("Segretario").unwrap();
    assert_eq!(
        (sec.persons, sec.distinct, sec.std_dev, sec.top_band_share),
        (2, 1, 0.0, 0.0)
    );
    // A review changes the final score, not the judgements given.
    let mut reviewed = file.clone();
    reviewed.persons[0].review = Some(review(ReviewOutcome::Upheld, &[("utenza", 5.0)]));
    let again = evaluate(&m, &reviewed, &plan, &grades, d(2025, 1, 1));
    assert_eq!(again.evaluations[0].score, Some(91.0));
    assert_eq!(again.differentiation, r.differentiation);
    // Public: four Istruttori, bands joined until each holds 0 or 3+.
    let a = super::aggregates(&r, &m);
    assert_eq!(a["persone"], 4);
    assert_eq!(a["per_categoria"][0]["categoria"], "Istruttori");
    assert_eq!(a["per_categoria"][0]["persone"], 4);
    let groups = a["fasce"].as_array().unwrap();
    for g in groups {
        let n = g["persone"].as_u64().unwrap();
        assert!(n == 0 || n >= 3, "{g}");
    }
    // 10% of 4 people is no place: no one has the bonus, and 0 may be said.
    assert_eq!(a["maggiorazione"]["persone"], 0);
    assert_eq!(a["differenziazione"]["punteggi_diversi"], 4);
    let text = a.to_string();
    assert!(
        !text.contains("Persona di prova") && !text.contains("Capo"),
        "{text}"
    );
}
