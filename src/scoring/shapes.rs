//! The plan shapes graded beyond one Area's indicators: the strategic
//! level, results shared by co-responsible units, and the weight rule for
//! plans written without weights.

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian::{date_short, number, percent};
use crate::plan::{Indicator, Plan, Responsibility};
use crate::results::{CellRef, Entry, Results};

use super::explain as ex;
use super::model::*;

/// One grade per strategic objective, from its operational objectives'
/// overall grades under `rules.strategic`.
pub(super) fn strategic(
    plan: &Plan,
    objectives: &[ObjectiveScore],
    rules: &Rules,
) -> Vec<StrategicScore> {
    plan.strategic
        .iter()
        .map(|s| {
            let own: Vec<&ObjectiveScore> = objectives
                .iter()
                .filter(|o| {
                    plan.objective(&o.objective)
                        .is_some_and(|p| p.strategic.as_ref() == Some(&s.id))
                })
                .collect();
            let graded: Vec<(String, f64)> = own
                .iter()
                .filter_map(|o| o.grade.map(|g| (o.objective.to_string(), g)))
                .collect();
            let grade = match rules.strategic {
                _ if graded.is_empty() => None,
                ObjectiveAggregation::Mean => {
                    Some(graded.iter().map(|(_, g)| g).sum::<f64>() / graded.len() as f64)
                }
                ObjectiveAggregation::Minimum => graded.iter().map(|(_, g)| *g).reduce(f64::min),
            };
            let parts: Vec<String> = graded
                .iter()
                .map(|(id, g)| format!("{id} {}", percent(*g)))
                .collect();
            let explanation = match (grade, own.len()) {
                (_, 0) => "Nessun obiettivo operativo collegato: grado non calcolabile".to_string(),
                (None, _) => {
                    "Nessun obiettivo operativo collegato ha un grado: grado non calcolabile"
                        .to_string()
                }
                (Some(g), _) if graded.len() == 1 => {
                    format!(
                        "Grado dell'obiettivo operativo {}: {}",
                        parts[0],
                        percent(g)
                    )
                }
                (Some(g), _) => {
                    let rule = match rules.strategic {
                        ObjectiveAggregation::Mean => "Media dei gradi",
                        ObjectiveAggregation::Minimum => "Il grado più basso tra quelli",
                    };
                    format!(
                        "{rule} degli obiettivi operativi collegati ({}): {}",
                        ex::list_and(&parts),
                        percent(g)
                    )
                }
            };
            StrategicScore {
                strategic: s.id.clone(),
                objectives: own.iter().map(|o| o.objective.clone()).collect(),
                grade,
                outcome: grade.map(|g| super::target::outcome(g, rules)),
                explanation,
            }
        })
        .collect()
}

/// A warning for each target of a shared result (`risultato_condiviso`,
/// no lead unit) that co-responsible units reported differently, naming
/// both cells.
pub(super) fn shared_mismatches(
    plan: &Plan,
    results: &Results,
    vocab: &crate::vocab::Vocabulary,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for o in &plan.objectives {
        for ind in o.indicators.iter().filter(|i| i.shared && i.lead.is_none()) {
            let units: Vec<_> = match &ind.areas {
                Some(list) => list.iter().map(|r| &r.area).collect(),
                None => o.areas.iter().map(|r| &r.area).collect(),
            };
            for t in 0..ind.targets.len() {
                let entries: Vec<&Entry> = units
                    .iter()
                    .filter_map(|a| results.entry(a, &ind.id, t))
                    .collect();
                if let Some(d) = first_mismatch(plan, vocab, ind, t, &entries) {
                    out.push(d);
                }
            }
        }
    }
    out
}

fn first_mismatch(
    plan: &Plan,
    vocab: &crate::vocab::Vocabulary,
    ind: &Indicator,
    target: usize,
    entries: &[&Entry],
) -> Option<Diagnostic> {
    // «il Settore Affari generali»: the unit in the ente's words.
    let unit = |e: &Entry| {
        let id = e.area.as_str();
        vocab.the_unit(id, plan.area(&e.area).map_or(id, |a| a.name.as_str()))
    };
    // (shown value, cell) of each field, per unit.
    type Pick = fn(&Entry) -> Option<(String, &CellRef)>;
    let picks: [Pick; 3] = [
        |e| e.value.as_ref().map(|v| (number(v.value, 2), &v.at)),
        |e| e.date.as_ref().map(|v| (date_short(v.value), &v.at)),
        |e| {
            e.done
                .as_ref()
                .map(|v| ((if v.value { "Sì" } else { "No" }).to_string(), &v.at))
        },
    ];
    for pick in picks {
        let seen: Vec<(&Entry, String, &CellRef)> = entries
            .iter()
            .filter_map(|e| pick(e).map(|(s, at)| (*e, s, at)))
            .collect();
        let Some((first, v1, at1)) = seen.first() else {
            continue;
        };
        if let Some((other, v2, at2)) = seen.iter().find(|(_, v, _)| v != v1) {
            let code = if ind.targets.len() > 1 {
                format!("{} (traguardo {})", ind.id, target + 1)
            } else {
                ind.id.to_string()
            };
            return Some(
                Diagnostic::warning(
                    Location::cell(&at1.file, &at1.sheet, &at1.cell),
                    // The first cell is the message's place: only the
                    // other one is named in the text.
                    format!(
                        "per il risultato condiviso {code} {} indica {v1}, {} indica {v2} ({})",
                        unit(first),
                        unit(other),
                        Location::cell(&at2.file, &at2.sheet, &at2.cell),
                    ),
                )
                .with_hint(
                    "il risultato è unico per tutti i responsabili: concordare il valore, oppure indicare nel piano una `capofila` che lo rendiconta per tutti",
                ),
            );
        }
    }
    None
}

/// Applies `[pesi_mancanti] regola` to a plan written without weights: with
/// "uguali" each responsible unit weighs 1 in every objective that has no
/// weight and no separate funding; with "errore" such objectives are an
/// error, located at `at` (the plan file).
pub fn apply_weight_rule(
    mut plan: Plan,
    rules: &Rules,
    at: &Location,
) -> Result<Plan, Diagnostics> {
    let unweighted: Vec<usize> = plan
        .objectives
        .iter()
        .enumerate()
        .filter(|(_, o)| o.funding.is_none() && !o.has_weights())
        .map(|(i, _)| i)
        .collect();
    if unweighted.is_empty() {
        return Ok(plan);
    }
    if rules.weights == WeightRule::Required {
        let ids: Vec<String> = unweighted
            .iter()
            .map(|i| plan.objectives[*i].id.to_string())
            .collect();
        let shown = if ids.len() > 5 {
            format!("{} e altri {}", ids[..5].join(", "), ids.len() - 5)
        } else {
            ex::list_and(&ids)
        };
        return Err(Diagnostic::error(
            at.clone(),
            format!(
                "il piano non indica i pesi degli obiettivi ({shown}) e le regole del SMVP li richiedono ([pesi_mancanti] regola = \"errore\")"
            ),
        )
        .with_hint(
            "indicare `peso` per ogni responsabile, oppure scrivere `regola = \"uguali\"` nella sezione [pesi_mancanti] di smvp.toml per dare a tutti lo stesso peso",
        )
        .into());
    }
    for i in unweighted {
        let o = &mut plan.objectives[i];
        if o.areas.is_empty() {
            // Responsible units named only by the indicators: the objective
            // still weighs 1 for each of them.
            let mut list: Vec<Responsibility> = Vec::new();
            for r in o.indicators.iter().flat_map(|i| i.areas.iter().flatten()) {
                if !list.iter().any(|x| x.area == r.area) {
                    list.push(Responsibility {
                        area: r.area.clone(),
                        weight: None,
                        note: None,
                    });
                }
            }
            o.areas = list;
        }
        for r in &mut o.areas {
            r.weight = Some(1.0);
        }
    }
    Ok(plan)
}
