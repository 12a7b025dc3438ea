//! Pure grading: plan + results + rules + review → scorecard. No I/O, no
//! clock, no randomness; iteration follows the plan's order. This module
//! rolls indicator grades up into objectives, units and the ente, the one
//! place where the SMVP's aggregation rules apply; `target` and `indicator`
//! grade the pieces.

use crate::diag::{Diagnostic, Location};
use crate::italian::percent;
use crate::plan::{AreaId, Indicator, Objective, Plan};
use crate::results::Results;

use crate::vocab::{Prep, Vocabulary};

use super::explain as ex;
use super::indicator::{Ctx, Subject, nucleo_decision, score_indicator};
use super::model::*;
use super::review::{Review, ReviewSubject};
use super::target::{EPS, band, outcome, weighted_mean};

pub(super) fn aggregate(
    items: &[(Option<f64>, Option<f64>)],
    how: ObjectiveAggregation,
) -> Option<f64> {
    match how {
        ObjectiveAggregation::Mean => weighted_mean(items),
        ObjectiveAggregation::Minimum => items
            .iter()
            .filter_map(|(_, g)| *g)
            .fold(None, |m: Option<f64>, g| Some(m.map_or(g, |m| m.min(g)))),
    }
}

fn standing_label(s: &Standing) -> &'static str {
    match s {
        Standing::Scored => "valutato",
        Standing::NotApplicable(_) => "non applicabile",
        Standing::Neutralised(_) => "neutralizzato",
        Standing::NotReported => "non rendicontato",
    }
}

fn score_objective_area(ctx: &mut Ctx<'_>, obj: &Objective, area: &AreaId) -> ObjectiveAreaScore {
    let own = obj.areas.iter().find(|r| &r.area == area);
    let ind_weight = |ind: &Indicator| -> Option<f64> {
        ind.areas
            .iter()
            .flatten()
            .find(|r| &r.area == area)
            .and_then(|r| r.weight)
    };
    let indicators: Vec<&Indicator> = obj.indicators_for(area).collect();
    let weight = own.and_then(|r| r.weight).or_else(|| {
        let ws: Vec<f64> = indicators.iter().filter_map(|i| ind_weight(i)).collect();
        (!ws.is_empty()).then(|| ws.iter().sum())
    });
    let scores: Vec<IndicatorScore> = indicators
        .iter()
        .map(|ind| score_indicator(ctx, ind, area, ind_weight(ind)))
        .collect();

    let how = ctx.rules.objective;
    let computed = aggregate(
        &scores
            .iter()
            .map(|s| (s.weight, s.computed))
            .collect::<Vec<_>>(),
        how,
    );
    let final_grade = aggregate(
        &scores
            .iter()
            .map(|s| (s.weight, s.grade))
            .collect::<Vec<_>>(),
        how,
    );

    let counted: Vec<String> = scores
        .iter()
        .filter_map(|s| {
            s.grade.map(|g| match s.weight {
                Some(w) => format!("{} {} (peso {})", s.indicator, percent(g), ex::num(w)),
                None => format!("{} {}", s.indicator, percent(g)),
            })
        })
        .collect();
    let excluded: Vec<String> = scores
        .iter()
        .filter(|s| s.grade.is_none())
        .map(|s| format!("{} ({})", s.indicator, standing_label(&s.standing)))
        .collect();
    let mut explanation = match final_grade {
        Some(g) => {
            let rule = match how {
                ObjectiveAggregation::Minimum => "il grado più basso tra",
                ObjectiveAggregation::Mean
                    if scores
                        .iter()
                        .filter(|s| s.grade.is_some())
                        .all(|s| s.weight.is_some()) =>
                {
                    "media pesata di"
                }
                ObjectiveAggregation::Mean => "media di",
            };
            if scores.len() == 1 {
                format!(
                    "grado dell'indicatore {}: {}",
                    scores[0].indicator,
                    percent(g)
                )
            } else if counted.len() == 1 {
                let only = scores
                    .iter()
                    .find(|s| s.grade.is_some())
                    .map(|s| s.indicator.as_str());
                format!(
                    "grado dell'unico indicatore valutato, {}: {}",
                    only.unwrap_or_default(),
                    percent(g)
                )
            } else {
                format!("{rule} {}: {}", ex::list_and(&counted), percent(g))
            }
        }
        None => "nessun indicatore valutato".to_string(),
    };
    if !excluded.is_empty() {
        explanation.push_str(&format!(
            "; esclusi dalle medie: {}",
            ex::list_and(&excluded)
        ));
    }

    let counted_all_missing = scores
        .iter()
        .filter(|s| s.grade.is_some())
        .all(|s| s.standing == Standing::NotReported);
    let self_standing = if final_grade.is_some() && !counted_all_missing {
        Standing::Scored
    } else if final_grade.is_some() {
        Standing::NotReported
    } else if !scores.is_empty()
        && scores
            .iter()
            .all(|s| matches!(s.standing, Standing::NotApplicable(_)))
    {
        Standing::NotApplicable("nessun indicatore applicabile".into())
    } else if !scores.is_empty()
        && scores.iter().all(|s| {
            matches!(
                s.standing,
                Standing::NotApplicable(_) | Standing::Neutralised(_)
            )
        })
    {
        Standing::Neutralised("tutti gli indicatori sono neutralizzati o non applicabili".into())
    } else {
        Standing::NotReported
    };

    let subject = ReviewSubject::Objective(obj.id.clone());
    let decision = nucleo_decision(ctx, &subject, area, final_grade, Subject::Objective);
    let correction = decision.as_ref().and_then(|d| d.correction.clone());
    let (standing, grade) = match decision {
        Some(d) => {
            explanation.push_str(&d.sentence);
            (d.standing, d.grade)
        }
        None => (self_standing, final_grade),
    };

    ObjectiveAreaScore {
        area: area.clone(),
        weight,
        indicators: scores,
        computed,
        grade,
        outcome: grade.map(|g| outcome(g, ctx.rules)),
        standing,
        correction,
        explanation: ex::capitalise(&explanation),
    }
}

fn score_objective(ctx: &mut Ctx<'_>, obj: &Objective) -> ObjectiveScore {
    let weighted = obj.is_weighted();
    let areas: Vec<ObjectiveAreaScore> = ctx
        .plan
        .areas
        .iter()
        .map(|a| a.id.clone())
        .filter(|a| obj.responsible_areas().contains(&a))
        .chain(
            // Units named by the objective but missing from the plan's list
            // of Areas are still graded, after the known ones.
            obj.responsible_areas()
                .into_iter()
                .filter(|a| ctx.plan.area(a).is_none())
                .cloned(),
        )
        .filter(|a| obj.indicators_for(a).next().is_some())
        .collect::<Vec<_>>()
        .iter()
        .map(|a| score_objective_area(ctx, obj, a))
        .collect();
    let grade = weighted_mean(
        &areas
            .iter()
            .map(|a| (if weighted { a.weight } else { None }, a.grade))
            .collect::<Vec<_>>(),
    );
    let standing = if grade.is_some() {
        Standing::Scored
    } else {
        areas
            .first()
            .map(|a| a.standing.clone())
            .unwrap_or(Standing::NotReported)
    };
    ObjectiveScore {
        objective: obj.id.clone(),
        weighted,
        grade,
        outcome: grade.map(|g| outcome(g, ctx.rules)),
        standing,
        areas,
    }
}

fn score_area(ctx: &mut Ctx<'_>, area: &AreaId, objectives: &[ObjectiveScore]) -> AreaScore {
    let rules = ctx.rules;
    let pairs: Vec<(&ObjectiveScore, &ObjectiveAreaScore)> = objectives
        .iter()
        .flat_map(|o| {
            o.areas
                .iter()
                .filter(|a| &a.area == area)
                .map(move |a| (o, a))
        })
        .collect();
    let weighted: Vec<(&ObjectiveScore, &ObjectiveAreaScore, f64)> = pairs
        .iter()
        .filter(|(o, _)| o.weighted)
        .filter_map(|(o, a)| a.weight.map(|w| (*o, *a, w)))
        .collect();
    let sum = |f: fn(&ObjectiveAreaScore) -> Option<f64>| -> (f64, f64) {
        weighted
            .iter()
            .fold((0.0, 0.0), |(sw, swg), (_, a, w)| match f(a) {
                Some(g) => (sw + w, swg + w * g),
                None => (sw, swg),
            })
    };
    let (total_weight, weighted_sum) = sum(|a| a.grade);
    let (computed_weight, computed_sum) = sum(|a| a.computed);
    let grade = (total_weight > 0.0).then(|| (weighted_sum / total_weight).clamp(0.0, 1.0));
    let computed =
        (computed_weight > 0.0).then(|| (computed_sum / computed_weight).clamp(0.0, 1.0));
    // A unit whose results its lead units report has no form to send.
    let reported = ctx.results.report(area).is_some() || !ctx.plan.reports_itself(area);

    let mut explanation = String::new();
    // This unit's own kind word (`[[altre_unita]]`), else the ente's.
    let word = ctx.vocab.unit_kind(
        area.as_str(),
        ctx.plan
            .area(area)
            .map_or(area.as_str(), |a| a.name.as_str()),
    );
    if !reported && !pairs.is_empty() {
        let the_unit = word.the(false);
        explanation.push_str(&format!(
            "{} non ha inviato il modulo di rendicontazione: i suoi indicatori risultano non rendicontati. ",
            ex::capitalise(&the_unit)
        ));
        // Named as the ente names it (not by its code); coded, so that
        // where the forms' reader already listed it the run says it once.
        let named = ctx.vocab.the_unit(
            area.as_str(),
            ctx.plan
                .area(area)
                .map_or(area.as_str(), |a| a.name.as_str()),
        );
        ctx.warnings.push(
            Diagnostic::warning(
                Location::default(),
                format!(
                    "{} non ha inviato il modulo di rendicontazione, e i suoi indicatori risultano non rendicontati",
                    ex::capitalise(&named)
                ),
            )
            .with_code(crate::diag::NO_FORM),
        );
    }
    match grade {
        Some(g) => {
            let counted = weighted.iter().filter(|(_, a, _)| a.grade.is_some()).count();
            explanation.push_str(&format!(
                "Media ponderata: somma dei pesi per i gradi {} diviso somma dei pesi {} = {}, su {counted} obiettiv{} pesat{}",
                ex::num(weighted_sum),
                ex::num(total_weight),
                percent(g),
                if counted == 1 { "o" } else { "i" },
                if counted == 1 { "o" } else { "i" },
            ));
        }
        None if weighted.is_empty() => {
            explanation.push_str(&format!(
                "Nessun obiettivo pesato: il grado {} non è calcolabile",
                word.prep(Prep::Di, false)
            ));
        }
        None => explanation.push_str(&format!(
            "Nessun obiettivo pesato ha un grado (tutti neutralizzati, non applicabili o non rendicontati): il grado {} non è calcolabile",
            word.prep(Prep::Di, false)
        )),
    }
    let excluded: Vec<String> = weighted
        .iter()
        .filter(|(_, a, _)| a.grade.is_none())
        .map(|(o, a, _)| format!("{} ({})", o.objective, standing_label(&a.standing)))
        .collect();
    if !excluded.is_empty() {
        explanation.push_str(&format!("; esclusi: {}", ex::list_and(&excluded)));
    }
    let apart: Vec<String> = pairs
        .iter()
        .filter(|(o, _)| !o.weighted)
        .map(|(o, _)| o.objective.to_string())
        .collect();
    if !apart.is_empty() {
        explanation.push_str(&format!(
            "; obiettivi senza peso (risorse variabili), valutati a parte: {}",
            ex::list_and(&apart)
        ));
    }
    if let (Some(g), Some(c)) = (grade, computed)
        && (g - c).abs() > EPS
    {
        explanation.push_str(&format!(
            "; prima delle correzioni {}: {}",
            ctx.vocab.evaluator.prep(Prep::Di, false),
            crate::italian::before_and_after(c, g)
        ));
    }
    let band = grade.and_then(|g| band(g, rules));
    if let Some(b) = &band {
        explanation.push_str(&format!(
            ". {}: quota della retribuzione di risultato {}",
            b.label,
            percent(b.share)
        ));
    }
    AreaScore {
        area: area.clone(),
        total_weight,
        grade,
        computed,
        outcome: grade.map(|g| outcome(g, rules)),
        band,
        reported,
        explanation,
    }
}

fn count(counts: &mut OutcomeCounts, standing: &Standing, outcome: Option<Outcome>) {
    match (standing, outcome) {
        (Standing::NotApplicable(_), _) => counts.not_applicable += 1,
        (Standing::Neutralised(_), _) => counts.neutralised += 1,
        (Standing::NotReported, _) | (Standing::Scored, None) => counts.not_reported += 1,
        (Standing::Scored, Some(Outcome::Achieved)) => counts.achieved += 1,
        (Standing::Scored, Some(Outcome::PartiallyAchieved)) => counts.partially_achieved += 1,
        (Standing::Scored, Some(Outcome::NotAchieved)) => counts.not_achieved += 1,
    }
}

/// Grades everything, with the explanations and warnings in the ente's
/// words (`scoring::score_with`). Pure: same input, same output.
pub fn score(
    plan: &Plan,
    results: &Results,
    rules: &Rules,
    review: &Review,
    vocab: &Vocabulary,
) -> Scorecard {
    let mut ctx = Ctx {
        plan,
        results,
        rules,
        review,
        vocab,
        warnings: Vec::new(),
        pending: Vec::new(),
    };
    let objectives: Vec<ObjectiveScore> = plan
        .objectives
        .iter()
        .map(|o| score_objective(&mut ctx, o))
        .collect();
    let areas: Vec<AreaScore> = plan
        .areas
        .iter()
        .map(|a| score_area(&mut ctx, &a.id, &objectives))
        .collect();

    let pairs: Vec<&ObjectiveAreaScore> = objectives
        .iter()
        .filter(|o| o.weighted)
        .flat_map(|o| o.areas.iter())
        .filter(|a| a.weight.is_some())
        .collect();
    let ente = |f: fn(&ObjectiveAreaScore) -> Option<f64>| {
        let (sw, swg) = pairs
            .iter()
            .fold((0.0, 0.0), |(sw, swg), a| match (a.weight, f(a)) {
                (Some(w), Some(g)) => (sw + w, swg + w * g),
                _ => (sw, swg),
            });
        (sw > 0.0).then(|| (swg / sw).clamp(0.0, 1.0))
    };
    let grade = ente(|a| a.grade);
    let computed = ente(|a| a.computed);

    let strategic = super::shapes::strategic(plan, &objectives, rules);
    ctx.warnings
        .extend(super::shapes::shared_mismatches(plan, results, ctx.vocab));

    let mut indicator_counts = OutcomeCounts::default();
    let mut objective_counts = OutcomeCounts::default();
    for o in &objectives {
        for a in &o.areas {
            for i in &a.indicators {
                count(&mut indicator_counts, &i.standing, i.outcome);
            }
            if o.weighted {
                count(&mut objective_counts, &a.standing, a.outcome);
            }
        }
    }

    Scorecard {
        year: plan.year,
        grade,
        computed,
        outcome: grade.map(|g| outcome(g, rules)),
        areas,
        objectives,
        indicator_counts,
        objective_counts,
        rules: rules.clone(),
        warnings: {
            let mut w = ctx.warnings;
            w.extend(super::review::pending_message(
                &ctx.pending,
                plan.year,
                ctx.vocab,
            ));
            w
        },
        pending: ctx.pending,
        strategic,
    }
}
