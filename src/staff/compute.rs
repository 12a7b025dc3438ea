//! The arithmetic of the staff evaluation, pure and table-tested: points
//! and scores to the hundredth, several evaluators combined by weight, the
//! review, the fund split to the cent by largest remainder (the rule of
//! the heads' fund, `decimal::distribute`), art. 81's bonus with its tie
//! rules, the payment list's finality, each evaluator's differentiation.

use chrono::NaiveDate;

use crate::decimal::{Ratio, cents, distribute, round_product, round2, scaled_points};
use crate::plan::{AreaId, Plan};

use super::model::{
    BehaviourResult, BelowMinimum, BonusQuota, BonusStanding, Category, Component, Conversion,
    Differentiation, Finality, FundSplit, Points, Premium, ReviewOutcome, Scale, SplitRule,
    StaffBand, StaffEvaluation, StaffFile, StaffModel, StaffPerson, StaffResult, TieRule,
};

/// Places for the bonus: the quota's percent of the persons evaluated,
/// rounded down (10% of 25 is 2), or the number of persons written.
pub fn bonus_places(quota: BonusQuota, persons: usize) -> usize {
    match quota {
        // Rounded down, in hundredths of a percent: the quota is a maximum.
        BonusQuota::Percent(p) => (cents(p).max(0) as u128 * persons as u128 / 10_000) as usize,
        BonusQuota::Persons(n) => n as usize,
    }
}

/// Points of a behaviour score on the scale, to the hundredth.
pub fn behaviour_points(score: f64, max_points: f64, scale: &Scale) -> f64 {
    let bottom = match scale.conversion {
        Conversion::Proportional => 0.0,
        Conversion::FromBottom => scale.min,
    };
    scaled_points(max_points, score, bottom, scale.max)
}

/// Several evaluators' scores combined by weight (percent, summing to
/// 100), exactly, to the hundredth: 4 × 70% + 5 × 30% = 4,30.
pub fn combined_score(components: &[(f64, f64)]) -> f64 {
    let exact = || {
        let mut sum = Ratio::int(0);
        for (score, weight) in components {
            sum = sum.checked_add(Ratio::of(*score)?.checked_mul(Ratio::of(*weight)?)?)?;
        }
        sum.checked_div(Ratio::int(100))?.round(2)
    };
    exact().unwrap_or_else(|| round2(components.iter().map(|(s, w)| s * w).sum::<f64>() / 100.0))
}

/// Points × a grade (0–1), to the hundredth.
pub fn part_points(max: f64, grade: f64) -> f64 {
    round_product(&[max, grade], &[], 2)
}

/// Hundredths of a score, for exact comparisons.
fn hundredths(x: f64) -> i64 {
    cents(x)
}

/// The band a score out of 100 falls in.
pub fn band_of(score: f64, bands: &[StaffBand]) -> Option<&StaffBand> {
    bands
        .iter()
        .rev()
        .find(|b| hundredths(score) >= hundredths(b.from))
}

/// A person's weight in the split: the basis (the score, or the band's
/// coefficient) × part-time (percent) × service days ÷ days of the year.
pub fn split_weight(basis: f64, part_time: f64, days: i64, year_days: i64) -> f64 {
    if year_days <= 0 {
        return 0.0;
    }
    basis * part_time / 100.0 * days as f64 / year_days as f64
}

/// One person as the split sees them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SplitInput {
    /// Final score out of 100.
    pub score: f64,
    /// The band's coefficient.
    pub coefficient: f64,
    /// Percent.
    pub part_time: f64,
    pub days: i64,
    pub year_days: i64,
}

fn euros(c: i64) -> f64 {
    c as f64 / 100.0
}

/// The fund split among `people`, to the cent:
///
/// 1. each person's weight is [`split_weight`] of the score (or of the
///    band's coefficient, with `ripartizione = "fascia"`); below
///    `punteggio_minimo` (or in a band of coefficient 0) no premium;
/// 2. under `sotto_minimo = "economia"` the fund is first split among
///    everyone, and the shares of those below the minimum are saved;
///    under `"ridistribuisci"` nothing is saved; when nobody can have a
///    premium (everyone below the minimum, or every weight 0) the whole
///    fund is saved under either rule, and each person's `saved` is their
///    share of it by largest remainder over the weights they would have
///    had (over persons, equally, when every weight is 0);
/// 3. the average per-capita premium is what is paid (the fund less the
///    savings) ÷ the persons with a premium, to the cent: the average of
///    the premiums actually paid, the base art. 81 names;
/// 4. the bonus, `percentuale` × that average to the cent, goes to the
///    places of the quota by ranking of the final score; at a tie on the
///    last place, `"ripartisci"` shares the places left equally among the
///    tied (rounded down to the cent, the same for each: the cents left
///    over go back into the split of point 5), `"escludi"` leaves all
///    the tied out when they do not all fit;
/// 5. what is paid less the bonuses is split among everyone with a
///    premium in proportion to their weights, by largest remainder.
///
/// The [`FundSplit`] comes back [`Finality::Final`]: whether the list is
/// final is for [`finality`] to say.
pub fn split_fund(
    fund: f64,
    people: &[SplitInput],
    model: &StaffModel,
) -> (Vec<Premium>, FundSplit) {
    let weights: Vec<f64> = people
        .iter()
        .map(|p| {
            let basis = match model.split {
                SplitRule::Score => p.score,
                SplitRule::Band => p.coefficient,
            };
            split_weight(basis, p.part_time, p.days, p.year_days)
        })
        .collect();
    let minimum = hundredths(model.minimum_score);
    let below: Vec<bool> = people
        .iter()
        .map(|p| hundredths(p.score) < minimum)
        .collect();
    let eligible: Vec<bool> = (0..people.len())
        .map(|i| !below[i] && weights[i] > 0.0)
        .collect();
    let n = eligible.iter().filter(|e| **e).count();
    let fund_c = cents(fund);
    let saved_each: Vec<i64> = if n == 0 {
        // Nobody to pay, under either rule: the whole fund is saved, each
        // person's share by the weight they would have had, or equally
        // when every weight is 0, so that the rows add up to the fund.
        let positive = weights.iter().any(|w| *w > 0.0);
        let over = if positive {
            weights.clone()
        } else {
            vec![1.0; people.len()]
        };
        distribute(fund, &over).into_iter().map(cents).collect()
    } else {
        match model.below_minimum {
            BelowMinimum::Save => {
                let all = distribute(fund, &weights);
                (0..people.len())
                    .map(|i| if below[i] { cents(all[i]) } else { 0 })
                    .collect()
            }
            BelowMinimum::Redistribute => vec![0; people.len()],
        }
    };
    let saved_c: i64 = if n == 0 {
        fund_c
    } else {
        saved_each.iter().sum()
    };
    let distributed_c = fund_c - saved_c;
    let average_c = if n == 0 {
        0
    } else {
        // Half away from zero, in cents.
        (2 * distributed_c + n as i64) / (2 * n as i64)
    };
    let mut bonus_c = vec![0i64; people.len()];
    let mut standing = vec![BonusStanding::None; people.len()];
    let (mut bonus_each_c, mut places, mut tied, mut tied_places) = (0, 0, 0, 0);
    if let Some(rule) = model.bonus.as_ref().filter(|_| n > 0) {
        bonus_each_c = cents(round_product(
            &[rule.percent, euros(average_c)],
            &[100.0],
            2,
        ));
        places = bonus_places(rule.quota, people.len()).min(n);
        let mut ranked: Vec<usize> = (0..people.len()).filter(|i| eligible[*i]).collect();
        ranked.sort_by_key(|i| std::cmp::Reverse(hundredths(people[*i].score)));
        if places > 0 {
            let last = hundredths(people[ranked[places - 1]].score);
            let above: Vec<usize> = ranked
                .iter()
                .copied()
                .filter(|i| hundredths(people[*i].score) > last)
                .collect();
            let at_last: Vec<usize> = ranked
                .iter()
                .copied()
                .filter(|i| hundredths(people[*i].score) == last)
                .collect();
            for i in &above {
                bonus_c[*i] = bonus_each_c;
                standing[*i] = BonusStanding::Full;
            }
            if above.len() + at_last.len() <= places {
                for i in &at_last {
                    bonus_c[*i] = bonus_each_c;
                    standing[*i] = BonusStanding::Full;
                }
            } else {
                tied = at_last.len();
                tied_places = places - above.len();
                match rule.tie {
                    TieRule::Share => {
                        // Rounded down to the cent, the same for every
                        // tied person: the cents left over stay in what
                        // is split by weight.
                        let share = bonus_each_c * tied_places as i64 / tied as i64;
                        for i in &at_last {
                            bonus_c[*i] = share;
                            standing[*i] = BonusStanding::SharedTie;
                        }
                    }
                    TieRule::Exclude => {
                        for i in &at_last {
                            standing[*i] = BonusStanding::ExcludedTie;
                        }
                    }
                }
            }
        }
    }
    let bonus_total_c: i64 = bonus_c.iter().sum();
    // The bonuses never exceed what is paid (percent ≤ 100, places ≤
    // persons); a remainder below 0 could only come of rounding the
    // average up with everyone in the places at 100%.
    let remainder_c = (distributed_c - bonus_total_c).max(0);
    let paid_weights: Vec<f64> = (0..people.len())
        .map(|i| if eligible[i] { weights[i] } else { 0.0 })
        .collect();
    let base = distribute(euros(remainder_c), &paid_weights);
    let premiums = (0..people.len())
        .map(|i| {
            let base_c = cents(base[i]);
            Premium {
                weight: paid_weights[i],
                base: euros(base_c),
                bonus: euros(bonus_c[i]),
                total: euros(base_c + bonus_c[i]),
                bonus_standing: standing[i],
                below_minimum: below[i],
                saved: euros(saved_each[i]),
            }
        })
        .collect();
    let split = FundSplit {
        fund: euros(fund_c),
        saved: euros(saved_c),
        distributed: euros(distributed_c),
        with_premium: n,
        average: euros(average_c),
        bonus_each: euros(bonus_each_c),
        places,
        tied,
        tied_places,
        bonus_total: euros(bonus_total_c),
        finality: Finality::Final,
    };
    (premiums, split)
}

/// Whether the payment list is final at `run_date`, and why not: a review
/// still pending, a person without the date of the *colloquio*, the review
/// period (`giorni_riesame` after the latest *colloquio*) not yet passed,
/// a scheda still a draft, a unit without its grade. The reasons name no
/// one.
pub fn finality(
    evaluations: &[StaffEvaluation],
    review_days: i64,
    run_date: NaiveDate,
) -> Finality {
    let why = not_final(evaluations, review_days, run_date);
    if why.is_empty() {
        Finality::Final
    } else {
        Finality::NotFinal(
            why.into_iter()
                .map(|(w, _)| w)
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
}

/// What to do for the list to become final, one suggestion for each of
/// [`finality`]'s reasons and in its order: `None` when it is final.
pub fn finality_hint(
    evaluations: &[StaffEvaluation],
    review_days: i64,
    run_date: NaiveDate,
) -> Option<String> {
    let why = not_final(evaluations, review_days, run_date);
    (!why.is_empty()).then(|| {
        why.into_iter()
            .map(|(_, h)| h)
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Each reason the list is not final, with its suggestion.
fn not_final(
    evaluations: &[StaffEvaluation],
    review_days: i64,
    run_date: NaiveDate,
) -> Vec<(String, String)> {
    let mut why: Vec<(String, String)> = Vec::new();
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            one.to_string()
        } else {
            many.replace("{n}", &n.to_string())
        }
    };
    let mut ungraded: Vec<&str> = Vec::new();
    for e in evaluations.iter().filter(|e| e.unit_grade.is_none()) {
        if !ungraded.contains(&e.unit_name.as_str()) {
            ungraded.push(&e.unit_name);
        }
    }
    if !ungraded.is_empty() {
        why.push((
            format!(
                "manca il grado di {}",
                ungraded
                    .iter()
                    .map(|u| format!("«{u}»"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "completare la rendicontazione dell'unità, che dà il suo grado, e rieseguire il comando"
                .to_string(),
        ));
    }
    let pending = evaluations
        .iter()
        .filter(|e| {
            e.person
                .review
                .as_ref()
                .is_some_and(|r| r.outcome == ReviewOutcome::Pending)
        })
        .count();
    if pending > 0 {
        why.push((
            count(
                pending,
                "una richiesta di riesame è ancora in corso",
                "{n} richieste di riesame sono ancora in corso",
            ),
            "quando il riesame è deciso, scriverne l'esito nel file del personale (`esito` e `data_esito`, e i `punteggi` se accolto) e rieseguire il comando"
                .to_string(),
        ));
    }
    let no_interview = evaluations
        .iter()
        .filter(|e| e.person.interview.is_none())
        .count();
    if no_interview > 0 {
        why.push((
            count(
                no_interview,
                "manca la data del colloquio di una persona",
                "manca la data del colloquio di {n} persone",
            ),
            "scrivere nel file del personale la data del colloquio finale (`colloquio`) e rieseguire il comando"
                .to_string(),
        ));
    }
    if let Some(last) = evaluations.iter().filter_map(|e| e.person.interview).max() {
        let end = last + chrono::Duration::days(review_days);
        if run_date <= end {
            why.push((
                format!(
                    "il periodo per chiedere il riesame termina il {}",
                    crate::italian::date_short(end)
                ),
                format!(
                    "rieseguire il comando dal {}, a periodo per il riesame concluso",
                    crate::italian::date_short(end + chrono::Duration::days(1))
                ),
            ));
        }
    }
    let unjudged = evaluations
        .iter()
        .filter(|e| !e.missing_judgements.is_empty())
        .count();
    if unjudged > 0 {
        why.push((
            count(
                unjudged,
                "una persona non ha ancora il giudizio di un suo valutatore",
                "{n} persone non hanno ancora il giudizio di un loro valutatore",
            ),
            "aspettare i moduli dei valutatori (consuntivo moduli --personale) e salvarli nella cartella personale-<anno> dei dati di ingresso, o scrivere i punteggi nel file del personale; gli avvisi alla riga dicono quali mancano, poi rieseguire il comando"
                .to_string(),
        ));
    }
    let drafts = evaluations
        .iter()
        .filter(|e| !e.missing_motivations.is_empty())
        .count();
    if drafts > 0 {
        why.push((
            count(
                drafts,
                "una scheda è una BOZZA per motivazioni mancanti",
                "{n} schede sono BOZZE per motivazioni mancanti",
            ),
            "scrivere nel file del personale la motivazione dei punteggi agli estremi della scala (gli avvisi alla riga dicono quali) e rieseguire il comando"
                .to_string(),
        ));
    }
    why
}

/// One person's points and scores, before the split.
pub fn evaluate_person(
    model: &StaffModel,
    person: &StaffPerson,
    unit_name: &str,
    unit_grade: Option<f64>,
) -> StaffEvaluation {
    let category: Option<&Category> = model.category(&person.category);
    let (unit_points, objective_points) =
        category.map_or((0.0, 0.0), |c| (c.unit_points, c.objective_points));
    let upheld = person
        .review
        .as_ref()
        .filter(|r| r.outcome == ReviewOutcome::Upheld);
    // An evaluator who has not judged yet (no scores): the evaluation
    // waits for them, and nothing is computed from the others alone.
    let missing_judgements: Vec<String> = person
        .judgements
        .iter()
        .filter(|j| j.scores.is_empty())
        .map(|j| j.who.clone())
        .collect();
    let mut behaviours = Vec::new();
    let mut missing_motivations = Vec::new();
    for b in category.map(|c| c.behaviours.as_slice()).unwrap_or(&[]) {
        let components: Vec<Component> = person
            .judgements
            .iter()
            .filter_map(|j| {
                let s = j.scores.iter().find(|s| s.behaviour == b.id)?;
                Some(Component {
                    who: j.who.clone(),
                    weight: j.weight,
                    score: s.score,
                    motivation: s.motivation.clone(),
                })
            })
            .collect();
        let at_end = |x: f64| x == model.scale.min || x == model.scale.max;
        if model.motivation_at_ends
            && components
                .iter()
                .any(|c| at_end(c.score) && c.motivation.is_none())
        {
            missing_motivations.push(b.id.clone());
        }
        let combined = combined_score(
            &components
                .iter()
                .map(|c| (c.score, c.weight))
                .collect::<Vec<_>>(),
        );
        let reviewed = upheld.and_then(|r| {
            r.scores
                .iter()
                .find(|s| s.behaviour == b.id)
                .map(|s| s.score)
        });
        let score = reviewed.unwrap_or(combined);
        behaviours.push(BehaviourResult {
            id: b.id.clone(),
            name: b.name.clone(),
            max: b.points,
            components,
            combined,
            reviewed,
            score,
            points: behaviour_points(score, b.points, &model.scale),
        });
    }
    let unit_part = Points {
        points: unit_grade.map_or(0.0, |g| part_points(unit_points, g)),
        max: unit_points,
    };
    let objectives_part = Points {
        points: part_points(objective_points, person.objectives.unwrap_or(0.0)),
        max: objective_points,
    };
    let total = |points: &dyn Fn(&BehaviourResult) -> f64| {
        let b: i64 = behaviours.iter().map(|x| cents(points(x))).sum();
        Points {
            points: euros(b),
            max: round2(behaviours.iter().map(|x| x.max).sum()),
        }
    };
    let behaviours_part = total(&|b| b.points);
    let first_part = total(&|b| behaviour_points(b.combined, b.max, &model.scale));
    let sum = |b: Points| {
        unit_grade
            .filter(|_| missing_judgements.is_empty())
            .map(|_| {
                euros(cents(unit_part.points) + cents(objectives_part.points) + cents(b.points))
            })
    };
    let score = sum(behaviours_part);
    StaffEvaluation {
        person: person.clone(),
        unit_name: unit_name.to_string(),
        category_name: category.map_or_else(String::new, |c| c.name.clone()),
        unit_grade,
        unit_part,
        objectives_part,
        behaviours,
        behaviours_part,
        first_score: sum(first_part),
        score,
        band: score.and_then(|s| band_of(s, &model.bands)).cloned(),
        premium: None,
        missing_motivations,
        missing_judgements,
    }
}

/// Population standard deviation, to the hundredth.
pub fn std_dev(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    round2(var.sqrt())
}

/// The behaviour part of a person as one evaluator's own scores alone
/// give it: the points of their scores (each to the hundredth) out of the
/// behaviours' maximum, rescaled to 100, to the hundredth. `None` when
/// the evaluator gave the person no score.
pub fn judgement_out_of_100(
    model: &StaffModel,
    person: &StaffPerson,
    judgement: &super::model::Judgement,
) -> Option<f64> {
    let category = model.category(&person.category)?;
    let (mut points, mut max) = (0i64, 0i64);
    for b in &category.behaviours {
        let s = judgement.scores.iter().find(|s| s.behaviour == b.id)?;
        points += cents(behaviour_points(s.score, b.points, &model.scale));
        max += cents(b.points);
    }
    (max > 0).then(|| round_product(&[euros(points), 100.0], &[euros(max)], 2))
}

/// Each declared evaluator's differentiation over the judgements they
/// gave (issue #26 §5): for every person they evaluated, alone or with
/// others, the behaviour part from their own scores alone
/// ([`judgement_out_of_100`]) — not the final score, which holds the
/// unit's grade, the objectives, the other evaluators' marks and the
/// review. Distinct values, population standard deviation, and the share
/// at or above the top band's threshold.
pub fn differentiation(
    file: &StaffFile,
    model: &StaffModel,
    bands: &[StaffBand],
) -> Vec<Differentiation> {
    let top = bands.last().map(|b| b.from);
    file.evaluators
        .iter()
        .filter_map(|e| {
            let scores: Vec<f64> = file
                .persons
                .iter()
                .flat_map(|p| {
                    p.judgements
                        .iter()
                        .filter(|j| j.who == e.who)
                        .filter_map(move |j| judgement_out_of_100(model, p, j))
                })
                .collect();
            if scores.is_empty() {
                return None;
            }
            let mut distinct: Vec<i64> = scores.iter().map(|s| hundredths(*s)).collect();
            distinct.sort_unstable();
            distinct.dedup();
            let in_top = scores
                .iter()
                .filter(|s| top.is_some_and(|t| hundredths(**s) >= hundredths(t)))
                .count();
            Some(Differentiation {
                who: e.who.clone(),
                unit: e.unit.clone(),
                persons: scores.len(),
                distinct: distinct.len(),
                std_dev: std_dev(&scores),
                top_band_share: round_product(&[in_top as f64], &[scores.len() as f64], 4),
            })
        })
        .collect()
}

/// Everything for the year: each person, the split (when every unit has
/// its grade), its finality at `run_date`, the differentiation.
/// `unit_grades`: each unit's organisational grade (0–1), from the
/// scorecard.
pub fn evaluate(
    model: &StaffModel,
    file: &StaffFile,
    plan: &Plan,
    unit_grades: &[(AreaId, Option<f64>)],
    run_date: NaiveDate,
) -> StaffResult {
    let mut evaluations: Vec<StaffEvaluation> = file
        .persons
        .iter()
        .map(|p| {
            let name = plan
                .areas
                .iter()
                .find(|a| a.id == p.unit)
                .map_or_else(|| p.unit.as_str().to_string(), |a| a.name.clone());
            let grade = unit_grades
                .iter()
                .find(|(u, _)| *u == p.unit)
                .and_then(|(_, g)| *g);
            evaluate_person(model, p, &name, grade)
        })
        .collect();
    let inputs: Option<Vec<SplitInput>> = evaluations
        .iter()
        .map(|e| {
            Some(SplitInput {
                score: e.score?,
                coefficient: e.band.as_ref().map_or(0.0, |b| b.coefficient),
                part_time: e.person.part_time,
                days: e.person.days,
                year_days: e.person.year_days,
            })
        })
        .collect();
    let mut split = match &inputs {
        Some(inputs) => {
            let (premiums, split) = split_fund(file.fund.amount, inputs, model);
            for (e, p) in evaluations.iter_mut().zip(premiums) {
                e.premium = Some(p);
            }
            split
        }
        None => FundSplit {
            fund: file.fund.amount,
            saved: 0.0,
            distributed: 0.0,
            with_premium: 0,
            average: 0.0,
            bonus_each: 0.0,
            places: 0,
            tied: 0,
            tied_places: 0,
            bonus_total: 0.0,
            finality: Finality::Final,
        },
    };
    split.finality = finality(&evaluations, model.review_days, run_date);
    let not_final_hint = finality_hint(&evaluations, model.review_days, run_date);
    let differentiation = differentiation(file, model, &model.bands);
    StaffResult {
        evaluations,
        split,
        differentiation,
        not_final_hint,
    }
}
