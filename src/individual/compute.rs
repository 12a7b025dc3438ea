//! The arithmetic of the individual evaluation: pure functions, each small
//! enough to be checked by hand in a table of cases.

use chrono::{Datelike, NaiveDate};

use crate::plan::Plan;
use crate::scoring::{RewardBand, RewardShare, Scorecard};
use crate::vocab::Vocabulary;

use super::model::{
    BehaviourPoints, Conversion, Evaluation, GateMode, Model, NeutralisedRule, ObjectivePoints,
    Part, Pay, PayRule, PaymentTimesData, PaymentTimesGate, Person, Role, Scale,
};

use crate::decimal::round_product;
/// To the hundredth, half away from zero on the decimal (not the binary)
/// value: points and euros are shown and summed at this precision.
pub use crate::decimal::round2;

/// The objectives part from (weight, grade) pairs: each objective's maximum
/// and points, and the part. An ungraded objective (`None`: neutralised)
/// either gives its points to the others in proportion to their weights or
/// leaves the maximum. Weights not summing to `part_max` are rescaled to it.
/// An objective's maximum is kept whole (the workbook stores it so), and its
/// points are that maximum × the grade, exactly, rounded to the hundredth:
/// the workbook's `ROUND(max*grade,2)` recalculates to the same value.
pub fn objective_points(
    items: &[(f64, Option<f64>)],
    part_max: f64,
    rule: NeutralisedRule,
) -> (Vec<(f64, Option<f64>)>, Part) {
    let all: f64 = items.iter().map(|(w, _)| w).sum();
    let graded: f64 = items
        .iter()
        .filter(|(_, g)| g.is_some())
        .map(|(w, _)| w)
        .sum();
    let denominator = match rule {
        NeutralisedRule::Redistribute => graded,
        NeutralisedRule::RemoveFromMax => all,
    };
    let rows: Vec<(f64, Option<f64>)> = items
        .iter()
        .map(|(w, g)| match g {
            Some(g) if denominator > 0.0 => {
                let max = part_max * w / denominator;
                (max, Some(round_product(&[max, *g], &[], 2)))
            }
            Some(_) => (0.0, Some(0.0)),
            None => (0.0, None),
        })
        .collect();
    let points = rows.iter().filter_map(|(_, p)| *p).sum::<f64>();
    let max = if graded > 0.0 {
        match rule {
            NeutralisedRule::Redistribute => part_max,
            NeutralisedRule::RemoveFromMax => round_product(&[part_max, graded], &[all], 2),
        }
    } else {
        // Nothing graded: nothing to give the points to.
        0.0
    };
    (
        rows,
        Part {
            points: round2(points),
            max: round2(max),
        },
    )
}

/// Points of a behaviour score on the scale.
pub fn behaviour_points(score: f64, max_points: f64, scale: &Scale) -> f64 {
    // As the workbook's formulas: ROUND(max*score/top,2) and
    // ROUND(max*(score-bottom)/(top-bottom),2).
    let bottom = match scale.conversion {
        Conversion::Proportional => 0.0,
        Conversion::FromBottom => scale.min,
    };
    crate::decimal::scaled_points(max_points, score, bottom, scale.max)
}

/// The ente's part: its maximum × the ente's grade, to the hundredth.
pub fn ente_part(max: f64, grade: f64) -> Part {
    Part {
        points: round_product(&[max, grade], &[], 2),
        max,
    }
}

/// The parts summed: the total points and the total maximum.
pub fn total_part(parts: &[Part]) -> Part {
    Part {
        points: round2(parts.iter().map(|p| p.points).sum()),
        max: round2(parts.iter().map(|p| p.max).sum()),
    }
}

/// A person's weight in a fund's split: the band's share × the score ×
/// the share of the year in the role × the position pay (1 when the split
/// does not weigh it).
pub fn fund_weight(share: f64, score: f64, pro_rata: f64, position: f64) -> f64 {
    share * score * pro_rata * position
}

/// Score out of 100, to the hundredth.
pub fn score_out_of_100(total: Part) -> Option<f64> {
    (total.max > 0.0).then(|| round_product(&[total.points, 100.0], &[total.max], 2))
}

/// The band a score out of 100 falls in, and its share (0–1).
pub fn band(score: f64, bands: &[RewardBand]) -> Option<(&RewardBand, f64)> {
    // The score is already rounded to the hundredth: compare in hundredths
    // so 60,00 falls in the band "da 60" whatever the float error.
    let hundredths = (score * 100.0).round() as i64;
    let b = bands
        .iter()
        .rev()
        .find(|b| hundredths >= (b.min_grade * 10_000.0).round() as i64)?;
    let share = match b.share {
        RewardShare::Fixed(s) => s,
        // The score is to the hundredth: its share is exact to 4 places.
        RewardShare::Proportional => round_product(&[score], &[100.0], 4),
    };
    Some((b, share))
}

/// Days in the role and days of the year.
pub fn pro_rata(from: NaiveDate, to: NaiveDate) -> (i64, i64) {
    let days = (to - from).num_days() + 1;
    let year = from.year();
    let year_days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    };
    (days.max(0), year_days)
}

/// A person's own maximum × the band's share × days in the role ÷ days of
/// the year, to the cent, exactly as the workbook's
/// `ROUND(base*share*days/year_days,2)`: 1.000,30 × 75% is € 750,23.
pub fn person_amount(maximum: f64, share: f64, days: i64, year_days: i64) -> f64 {
    round_product(&[maximum, share, days as f64], &[year_days as f64], 2)
}

pub use crate::decimal::distribute;

/// What the payment-times rule withholds from a head's result pay
/// `amount`, to the cent: with `share` percent depending on the flagged
/// objective, all of that share when the objective is not reached
/// ([`GateMode::AllOrNothing`]), or the share × (1 − the objective's
/// grade) ([`GateMode::Proportional`]). Exact decimals, half away from
/// zero: 1.000,05 × 30% withholds € 300,02 (300,015).
pub fn payment_times_withheld(
    amount: f64,
    share: f64,
    mode: GateMode,
    reached: bool,
    grade: f64,
) -> f64 {
    use crate::decimal::Ratio;
    let lost = match mode {
        GateMode::AllOrNothing if reached => return 0.0,
        GateMode::AllOrNothing => Some(Ratio::int(1)),
        GateMode::Proportional => {
            Ratio::of(grade.clamp(0.0, 1.0)).and_then(|g| Ratio::int(1).checked_sub(g))
        }
    };
    let exact = || {
        Ratio::of(amount)?
            .checked_mul(Ratio::of(share)?)?
            .checked_div(Ratio::int(100))?
            .checked_mul(lost?)?
            .round(2)
    };
    exact().unwrap_or_else(|| {
        let lost = match mode {
            GateMode::AllOrNothing => 1.0,
            GateMode::Proportional => 1.0 - grade.clamp(0.0, 1.0),
        };
        round2(amount * share / 100.0 * lost)
    })
}

/// The payment-times rule for one person, before the amounts: `None`
/// when it does not apply (no rule in the SMVP, no flagged objective in
/// the plan, not a head, or a unit the flagged objective does not name).
fn payment_times_gate(
    plan: &Plan,
    scorecard: &Scorecard,
    model: &Model,
    person: &Person,
    data: Option<&PaymentTimesData>,
) -> Option<PaymentTimesGate> {
    let rule = model.payment_times?;
    if person.role != Role::Head {
        return None;
    }
    let o = plan.payment_times_objective()?;
    let flag = o.payment_times.as_ref()?;
    if !o.payment_times_units().contains(&&person.unit) {
        return None;
    }
    let oa = scorecard
        .objectives
        .iter()
        .find(|s| s.objective == o.id)
        .and_then(|s| s.areas.iter().find(|a| a.area == person.unit));
    let (grade, outcome, standing) = match &flag.indicator {
        Some(id) => oa
            .and_then(|a| a.indicators.iter().find(|i| &i.indicator == id))
            .map_or((None, None, None), |i| {
                (i.grade, i.outcome, Some(&i.standing))
            }),
        None => oa.map_or((None, None, None), |a| {
            (a.grade, a.outcome, Some(&a.standing))
        }),
    };
    // The objective is the respect of the payment terms, measured by the
    // PCC indicator: a verified delay means it was not kept.
    let late = data.is_some_and(|d| d.check.is_some() && d.delay_days.is_some_and(|x| x > 0.0));
    // Neutralised (or not applicable) by the Nucleo: the plan's measure is
    // gone, the law's remains. The verified PCC indicator decides: no
    // delay, the share is paid; a delay, it is not.
    let neutralised = grade.is_none()
        && matches!(
            standing,
            Some(
                crate::scoring::Standing::Neutralised(_)
                    | crate::scoring::Standing::NotApplicable(_)
            )
        );
    let (grade, outcome) = if neutralised && data.is_some_and(|d| d.check.is_some()) {
        if late {
            (Some(0.0), Some(crate::scoring::Outcome::NotAchieved))
        } else {
            (Some(1.0), Some(crate::scoring::Outcome::Achieved))
        }
    } else {
        (grade, outcome)
    };
    let grade = if late { grade.or(Some(0.0)) } else { grade };
    Some(PaymentTimesGate {
        objective: o.id.to_string(),
        title: o.title.clone(),
        indicator: flag.indicator.as_ref().map(|i| i.to_string()),
        share: rule.share,
        mode: rule.mode,
        grade,
        reached: grade.map(|_| !late && outcome == Some(crate::scoring::Outcome::Achieved)),
        outcome,
        threshold: scorecard.rules.outcomes.achieved,
        gross: None,
        withheld: None,
        checked: data.is_some_and(|d| d.check.is_some()),
        late,
        neutralised,
    })
}

/// The rule applied to a determined amount: the share withheld, the rest
/// paid. What is withheld is a saving, never shared among the others.
fn apply_payment_times(e: &mut Evaluation) {
    let (Some(g), Some(pay)) = (e.payment_times.as_mut(), e.pay.as_mut()) else {
        return;
    };
    let (Some(amount), Some(grade), Some(reached)) = (pay.amount, g.grade, g.reached) else {
        return;
    };
    if g.gross.is_some() || !g.checked {
        return;
    }
    let withheld = if g.late {
        // The terms were not kept: the whole share, in either mode.
        payment_times_withheld(amount, g.share, GateMode::AllOrNothing, false, 0.0)
    } else {
        payment_times_withheld(amount, g.share, g.mode, reached, g.mode.grade_used(grade))
    };
    g.gross = Some(amount);
    g.withheld = Some(withheld);
    pay.amount =
        Some((crate::decimal::cents(amount) - crate::decimal::cents(withheld)) as f64 / 100.0);
}

/// Evaluates every person: objectives from the scorecard, behaviours from
/// the evaluator, then band and pay. Pay from a fund waits until every
/// person of the role has a final evaluation and every unit the role
/// covers has one: until then each evaluation of the role is a draft that
/// says what the split waits for.
pub fn evaluate(
    plan: &Plan,
    scorecard: &Scorecard,
    model: &Model,
    persons: &[Person],
    payment_times: Option<&PaymentTimesData>,
    vocab: &Vocabulary,
) -> Vec<Evaluation> {
    let mut out: Vec<Evaluation> = persons
        .iter()
        .filter_map(|p| evaluate_one(plan, scorecard, model, p, payment_times, vocab))
        .collect();
    for rm in &model.roles {
        let PayRule::Fund {
            amount,
            by_position,
        } = rm.pay
        else {
            continue;
        };
        let idx: Vec<usize> = (0..out.len())
            .filter(|i| out[*i].person.role == rm.role)
            .collect();
        let waiting = fund_waits_for(plan, &out, &idx, rm.role, vocab);
        if !waiting.is_empty() {
            let why = format!(
                "il fondo si ripartisce quando ci sono tutte le valutazioni, e {}",
                waiting.join("; ")
            );
            for i in &idx {
                out[*i].fund_waits = Some(why.clone());
            }
            continue;
        }
        let weights: Vec<f64> = idx
            .iter()
            .map(|i| {
                let e = &out[*i];
                let share = e.pay.as_ref().map_or(0.0, |p| p.share);
                let position = if by_position {
                    e.person.position_pay.unwrap_or(0.0)
                } else {
                    1.0
                };
                fund_weight(share, e.score.unwrap_or(0.0), e.pro_rata, position)
            })
            .collect();
        for (i, a) in idx.iter().zip(distribute(amount, &weights)) {
            if let Some(pay) = out[*i].pay.as_mut() {
                pay.amount = Some(a);
            }
        }
    }
    // After the split: the share one head loses is withheld from that
    // head only, and the others' amounts stay as the split gave them.
    for e in &mut out {
        apply_payment_times(e);
    }
    out
}

/// What the split of a role's fund waits for: the units the role covers
/// without any evaluation, and how many evaluations of the role are not
/// concluded (no names: each scheda is read by its own person). A fund
/// split among the people evaluated so far would give them the shares of
/// those still to evaluate.
fn fund_waits_for(
    plan: &Plan,
    out: &[Evaluation],
    idx: &[usize],
    role: Role,
    vocab: &Vocabulary,
) -> Vec<String> {
    let top = plan.top_official_unit(vocab).map(|a| a.id.clone());
    let covered = |unit: &crate::plan::AreaId| match role {
        Role::TopOfficial => top.as_ref() == Some(unit),
        Role::Head => top.as_ref() != Some(unit),
    };
    let missing: Vec<String> = plan
        .areas
        .iter()
        .filter(|a| covered(&a.id))
        .filter(|a| !idx.iter().any(|i| out[*i].person.unit == a.id))
        .map(|a| format!("«{}»", a.name))
        .collect();
    let mut waiting: Vec<String> = Vec::new();
    // «per «A», «B» e «C»»: one clause for every unit missing.
    if let Some((last, rest)) = missing.split_last() {
        let units = if rest.is_empty() {
            last.clone()
        } else {
            format!("{} e {last}", rest.join(", "))
        };
        waiting.push(format!("manca la valutazione per {units}"));
    }
    let drafts = idx.iter().filter(|i| !out[**i].is_final()).count();
    match drafts {
        0 => {}
        1 => waiting.push("1 valutazione non è conclusa".to_string()),
        n => waiting.push(format!("{n} valutazioni non sono concluse")),
    }
    waiting
}

fn evaluate_one(
    plan: &Plan,
    scorecard: &Scorecard,
    model: &Model,
    person: &Person,
    payment_times: Option<&PaymentTimesData>,
    vocab: &Vocabulary,
) -> Option<Evaluation> {
    let rm = model.role(person.role)?;
    let unit = plan.areas.iter().find(|a| a.id == person.unit)?;
    let mut items = Vec::new();
    let mut objectives = Vec::new();
    for os in scorecard.objectives.iter().filter(|o| o.weighted) {
        for oa in os.areas.iter().filter(|a| a.area == person.unit) {
            let Some(w) = oa.weight.filter(|w| *w > 0.0) else {
                continue;
            };
            let title = plan
                .objectives
                .iter()
                .find(|o| o.id == os.objective)
                .map(|o| o.title.clone())
                .unwrap_or_default();
            items.push((w, oa.grade));
            objectives.push(ObjectivePoints {
                id: os.objective.to_string(),
                title,
                weight: w,
                max: 0.0,
                grade: oa.grade,
                points: None,
                explanation: oa.explanation.clone(),
            });
        }
    }
    let (rows, objectives_part) = objective_points(&items, rm.objective_points, model.neutralised);
    for (o, (max, points)) in objectives.iter_mut().zip(rows) {
        o.max = max;
        o.points = points;
    }
    let mut notes = Vec::new();
    let weights: f64 = items.iter().map(|(w, _)| w).sum();
    if (weights - rm.objective_points).abs() > 1e-9 && weights > 0.0 {
        notes.push(format!(
            "I pesi degli obiettivi {} nel piano sommano a {} e non a {}: i punti di ciascun obiettivo sono il suo peso riproporzionato a {} punti.",
            vocab
                .unit_kind(unit.id.as_str(), &unit.name)
                .prep(crate::vocab::Prep::Di, false),
            crate::italian::number(weights, 2),
            crate::italian::number(rm.objective_points, 2),
            crate::italian::number(rm.objective_points, 2),
        ));
    }
    let mut missing = Vec::new();
    let ente = if rm.ente_points > 0.0 {
        match scorecard.grade {
            Some(g) => Some((g, ente_part(rm.ente_points, g))),
            None => {
                missing.push("il grado dell'ente".to_string());
                None
            }
        }
    } else {
        None
    };
    let behaviours: Vec<BehaviourPoints> = rm
        .behaviours
        .iter()
        .map(|b| {
            let s = person.scores.iter().find(|s| s.behaviour == b.id);
            BehaviourPoints {
                id: b.id.clone(),
                name: b.name.clone(),
                max: b.points,
                score: s.map(|s| s.score),
                points: s.map(|s| behaviour_points(s.score, b.points, &model.scale)),
                motivation: s.and_then(|s| s.motivation.clone()),
            }
        })
        .collect();
    let unscored: Vec<&str> = behaviours
        .iter()
        .filter(|b| b.score.is_none())
        .map(|b| b.name.as_str())
        .collect();
    if !unscored.is_empty() {
        missing.push(format!(
            "il punteggio dei comportamenti: {}",
            unscored.join("; ")
        ));
    }
    if person.evaluator.is_none() {
        missing.push("chi ha valutato («valutatore»)".to_string());
    }
    if person.date.is_none() {
        missing.push("la data della valutazione («data»)".to_string());
    }
    // What the payment-times rule still waits for touches only the amount:
    // score and band stand without it.
    let scored = missing.is_empty();
    let gate = payment_times_gate(plan, scorecard, model, person, payment_times);
    let gate_pending = gate
        .as_ref()
        .is_some_and(|g| g.grade.is_none() || !g.checked);
    if let Some(g) = &gate {
        if g.grade.is_none() && !g.neutralised {
            missing.push(format!(
                "il grado dell'obiettivo sui tempi di pagamento «{}», da cui dipende il {}% della retribuzione di risultato",
                g.objective,
                crate::italian::number(g.share, 2)
            ));
        }
        if !g.checked {
            missing.push(
                "la verifica dell'organo di revisione sull'indicatore di ritardo annuale dei pagamenti ([tempi_pagamento] del file delle valutazioni)"
                    .to_string(),
            );
        }
    }
    let behaviours_part = Part {
        points: round2(behaviours.iter().filter_map(|b| b.points).sum()),
        max: behaviours.iter().map(|b| b.max).sum(),
    };
    let ente_part = ente.map(|(_, p)| p).unwrap_or(Part {
        points: 0.0,
        max: 0.0,
    });
    let total = total_part(&[objectives_part, ente_part, behaviours_part]);
    let (days, year_days) = pro_rata(person.from, person.to);
    let pro_rata = days as f64 / year_days as f64;
    let score = if scored {
        score_out_of_100(total)
    } else {
        None
    };
    let pay = score.and_then(|s| band(s, &rm.bands)).map(|(b, share)| {
        let (base, amount) = match rm.pay {
            PayRule::PerPerson => (
                person.max_amount,
                person
                    .max_amount
                    .filter(|_| !gate_pending)
                    .map(|m| person_amount(m, share, days, year_days)),
            ),
            // Set once every evaluation of the role is final.
            PayRule::Fund { amount, .. } => (Some(amount), None),
        };
        Pay {
            band: b.label.clone(),
            share,
            base,
            amount,
        }
    });
    Some(Evaluation {
        person: person.clone(),
        unit_name: unit.name.clone(),
        objectives,
        objectives_part,
        ente,
        behaviours,
        behaviours_part,
        total,
        score,
        pro_rata,
        days,
        year_days,
        pay,
        missing,
        notes,
        fund_waits: None,
        payment_times: gate,
    })
}
