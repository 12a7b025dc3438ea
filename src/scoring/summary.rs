//! The plain-text summary printed by `consuntivo valuta`.

use crate::italian::{before_and_after, number, percent};
use crate::plan::Plan;
use crate::vocab::{Prep, Vocabulary};

use super::model::{ObjectiveAggregation, OutcomeCounts, Scorecard};

fn counts_line(c: &OutcomeCounts) -> String {
    format!(
        "raggiunti {}, parzialmente raggiunti {}, non raggiunti {}, non applicabili {}, neutralizzati {}, non rendicontati {}",
        c.achieved,
        c.partially_achieved,
        c.not_achieved,
        c.not_applicable,
        c.neutralised,
        c.not_reported
    )
}

/// The strategic objectives with their grade and the operational
/// objectives it comes from; empty without a strategic level.
fn strategic_table(plan: &Plan, sc: &Scorecard) -> String {
    if sc.strategic.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<String>> = sc
        .strategic
        .iter()
        .map(|s| {
            let title = plan
                .strategic_objective(&s.strategic)
                .map(|p| format!("{} {}", s.strategic, p.title))
                .unwrap_or_else(|| s.strategic.to_string());
            vec![
                title,
                s.grade.map(percent).unwrap_or_else(|| "—".into()),
                s.outcome
                    .map(|o| o.label().to_string())
                    .unwrap_or_else(|| "—".into()),
                s.objectives
                    .iter()
                    .map(|o| o.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    let rule = match sc.rules.strategic {
        ObjectiveAggregation::Mean => "media dei gradi degli obiettivi operativi collegati",
        ObjectiveAggregation::Minimum => "il grado più basso tra gli obiettivi operativi collegati",
    };
    format!(
        "\nObiettivi strategici (grado: {rule})\n{}\n",
        crate::text_table::render(
            &[
                "Obiettivo strategico",
                "Grado",
                "Esito",
                "Obiettivi operativi"
            ],
            &rows
        )
    )
}

pub fn summary(plan: &Plan, sc: &Scorecard, vocab: &Vocabulary) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Valutazione della performance {} — {}\n\n",
        sc.year, plan.ente.name
    ));
    let bands = !sc.rules.reward_bands.is_empty();
    // A plan whose units all weigh alike (written without weights, or one
    // weight for all) has no weight to show: each unit's count of
    // objectives instead, as the Relazione says «tutti di pari peso».
    let equal = plan.equal_weights();
    let rows: Vec<Vec<String>> = sc
        .areas
        .iter()
        .map(|a| {
            let name = plan
                .area(&a.area)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| a.area.to_string());
            let name = if a.reported {
                name
            } else {
                format!("{name} (modulo non inviato)")
            };
            let weight = if equal {
                plan.objectives
                    .iter()
                    .filter(|o| o.is_weighted() && o.area_weight(&a.area).is_some())
                    .count()
                    .to_string()
            } else {
                number(a.total_weight, 2)
            };
            let mut row = vec![
                name,
                weight,
                a.grade.map(percent).unwrap_or_else(|| "—".into()),
                a.outcome
                    .map(|o| o.label().to_string())
                    .unwrap_or_else(|| "—".into()),
            ];
            if bands {
                row.push(
                    a.band
                        .as_ref()
                        .map(|b| b.label.clone())
                        .unwrap_or_else(|| "—".into()),
                );
                row.push(
                    a.band
                        .as_ref()
                        .map(|b| percent(b.share))
                        .unwrap_or_else(|| "—".into()),
                );
            }
            row
        })
        .collect();
    let all = [
        vocab.unit.singular.as_str(),
        if equal { "Obiettivi" } else { "Peso" },
        "Grado",
        "Esito",
        "Fascia",
        "Quota",
    ];
    let header = &all[..if bands { 6 } else { 4 }];
    out.push_str(&crate::text_table::render(header, &rows));
    out.push('\n');
    match sc.grade {
        Some(g) => out.push_str(&format!(
            "Grado dell'ente: {} ({})\n",
            percent(g),
            sc.outcome.map(|o| o.label()).unwrap_or("—")
        )),
        None => {
            out.push_str("Grado dell'ente: non calcolabile (nessun obiettivo pesato valutato)\n")
        }
    }
    if let (Some(g), Some(c)) = (sc.grade, sc.computed)
        && (g - c).abs() > 1e-9
    {
        out.push_str(&format!(
            "Prima delle correzioni {}: {}\n",
            vocab.evaluator.prep(Prep::Di, false),
            before_and_after(c, g)
        ));
    }
    out.push_str(&strategic_table(plan, sc));
    out.push_str(&format!(
        "Obiettivi pesati (per {}): {}\n",
        vocab.unit.singular,
        counts_line(&sc.objective_counts)
    ));
    out.push_str(&format!(
        "Indicatori (per {}): {}\n",
        vocab.unit.singular,
        counts_line(&sc.indicator_counts)
    ));
    let apart: Vec<String> = sc
        .objectives
        .iter()
        .filter(|o| !o.weighted)
        .map(|o| match o.grade {
            Some(g) => format!("{} {}", o.objective, percent(g)),
            None => format!("{} —", o.objective),
        })
        .collect();
    if !apart.is_empty() {
        out.push_str(&format!(
            "Obiettivi senza peso (risorse variabili), valutati a parte: {}\n",
            apart.join(", ")
        ));
    }
    let corrections = sc.corrections();
    if corrections > 0 {
        out.push_str(&format!(
            "Correzioni {}: {corrections}\n",
            vocab.evaluator.prep(Prep::Di, false)
        ));
    }
    // No count of warnings here: the scorecard holds only its own, while the
    // command prints every warning (forms, rules, dates) with their count.
    out
}
