//! The JSON of one plan item with its score (an indicator, an objective
//! for one unit or for all, the annex detail), shared by the Relazione and
//! the schede: results said as the units reported them, grades and
//! outcomes already written in Italian.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::italian;
use crate::plan::{Indicator, Objective, Plan, Target};
use crate::results::Entry;
use crate::scoring::{
    Correction, IndicatorScore, ObjectiveAreaScore, ObjectiveScore, Outcome, OutcomeCounts,
    Standing,
};

use super::area_name;

pub(crate) use crate::italian::percent_or_dash as pct;

/// The grade computed before a correction, with the decimals that tell it
/// from the grade after (`italian::percents_apart`).
pub fn before_correction(computed: Option<f64>, grade: Option<f64>) -> String {
    match (computed, grade) {
        (Some(c), Some(g)) => italian::percents_apart(c, g).0,
        (c, _) => pct(c),
    }
}

/// A corrected grade, with the decimals that tell it from the computed one.
pub fn after_correction(computed: Option<f64>, grade: f64) -> String {
    match computed {
        Some(c) => italian::percents_apart(c, grade).1,
        None => italian::percent(grade),
    }
}

/// The grade after a correction with more decimals, when its one-decimal
/// form would read like the grade before: templates add it in brackets.
pub fn finer_after(computed: Option<f64>, grade: Option<f64>) -> Option<String> {
    italian::percent_after_if_finer(computed?, grade?)
}

pub(super) fn outcome_code(o: Option<Outcome>) -> &'static str {
    match o {
        Some(Outcome::Achieved) => "raggiunto",
        Some(Outcome::PartiallyAchieved) => "parziale",
        Some(Outcome::NotAchieved) => "non_raggiunto",
        None => "nessuno",
    }
}

/// Code and label of what a grade shows: the outcome when graded, else why not.
pub(super) fn status(standing: &Standing, outcome: Option<Outcome>) -> Value {
    let (code, label, reason) = match standing {
        Standing::Scored => match outcome {
            Some(o) => (outcome_code(Some(o)), o.label().to_string(), None),
            None => ("nessuno", "Non valutato".to_string(), None),
        },
        Standing::NotApplicable(r) => ("non_applicabile", "Non applicabile".into(), Some(r)),
        Standing::Neutralised(r) => ("neutralizzato", "Neutralizzato".into(), Some(r)),
        Standing::NotReported => match outcome {
            // Counted as 0 under MissingPolicy::Zero: the outcome is real.
            Some(o) => (outcome_code(Some(o)), o.label().to_string(), None),
            None => ("non_rendicontato", "Non rendicontato".into(), None),
        },
    };
    json!({ "codice": code, "etichetta": label, "motivo": reason })
}

pub(super) fn correction(c: &Option<Correction>, computed: Option<f64>) -> Value {
    match c {
        None => Value::Null,
        Some(c) => json!({
            "grado": after_correction(computed, c.grade),
            "calcolato": before_correction(computed, Some(c.grade)),
            "motivazione": c.motivation,
        }),
    }
}

pub(super) fn weight(w: Option<f64>) -> Value {
    match w {
        Some(w) => Value::String(italian::number(w, 2)),
        None => Value::Null,
    }
}

pub(crate) fn date_value(d: NaiveDate) -> Value {
    json!({
        "anno": d.year(), "mese": d.month(), "giorno": d.day(),
        "testo": italian::date_long(d), "breve": italian::date_short(d),
    })
}

/// "Realizzato l'11 agosto 2023".
pub(super) fn done_on(d: NaiveDate) -> String {
    format!(
        "Realizzato {}",
        italian::with_article("", &italian::date_long(d))
    )
}

/// What the Area reported for one target, in words.
pub(super) fn reported(target: &Target, entry: Option<&Entry>) -> String {
    let Some(e) = entry else {
        return "Non rendicontato".to_string();
    };
    let main = match target {
        Target::Deadline { .. } => e.date.as_ref().map(|d| done_on(d.value)),
        Target::Minimum { unit, .. } | Target::Maximum { unit, .. } => {
            e.value.as_ref().map(|v| italian::count(v.value, unit))
        }
        Target::Percentage { .. } => e
            .value
            .as_ref()
            .map(|v| format!("{}%", italian::number(v.value, 1))),
        Target::Phase { name, note, .. } => e.value.as_ref().map(|v| {
            let what = match note {
                Some(n) => format!("{name} ({n})"),
                None => name.clone(),
            };
            format!("{what}: avanzamento {}%", italian::number(v.value, 1))
        }),
        Target::Change { unit, .. } => e.value.as_ref().map(|v| {
            let n = italian::number(v.value, 2);
            if unit.is_empty() {
                n
            } else {
                format!("{n} {unit}")
            }
        }),
        Target::YesNo { .. } => e
            .done
            .as_ref()
            .map(|d| if d.value { "Sì" } else { "No" }.to_string()),
        Target::Qualitative { .. } => None,
    };
    let fallback = || {
        e.date
            .as_ref()
            .map(|d| done_on(d.value))
            .or_else(|| e.value.as_ref().map(|v| italian::number(v.value, 2)))
            .or_else(|| {
                e.done
                    .as_ref()
                    .map(|d| if d.value { "Sì" } else { "No" }.to_string())
            })
    };
    let status = e.status.as_ref().map(|s| s.value.label().to_string());
    match (main.or_else(fallback), status) {
        (Some(m), _) => m,
        (None, Some(s)) => format!("Stato dichiarato: {s}"),
        (None, None) => "Non rendicontato".to_string(),
    }
}

/// "2 giornate formative; realizzato il 17 dicembre 2023": the first
/// result keeps its capital, the following ones continue the sentence.
pub(super) fn join_results(results: &[String]) -> String {
    let mut out = String::new();
    for (i, r) in results.iter().enumerate() {
        if i == 0 {
            out.push_str(r);
            continue;
        }
        out.push_str("; ");
        let mut chars = r.chars();
        let starts_with_word = r
            .split_whitespace()
            .next()
            .is_some_and(|w| w.chars().skip(1).all(|c| c.is_lowercase()));
        match chars.next() {
            Some(c) if starts_with_word => {
                out.extend(c.to_lowercase());
                out.push_str(chars.as_str());
            }
            _ => out.push_str(r),
        }
    }
    out
}

pub(super) fn sentences(texts: Vec<String>) -> Vec<String> {
    texts
        .iter()
        .map(|t| crate::italian::as_sentence(t))
        .collect()
}

pub(super) fn texts_of(entries: &[&Entry], pick: fn(&Entry) -> Option<&String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in entries {
        if let Some(t) = pick(e) {
            let t = t.trim();
            if !t.is_empty() && !out.iter().any(|o| o == t) {
                out.push(t.to_string());
            }
        }
    }
    out
}

pub(super) fn indicator_json(plan: &Plan, ind: &Indicator, score: &IndicatorScore) -> Value {
    let entries: Vec<&Entry> = score
        .targets
        .iter()
        .filter_map(|t| t.entry.as_ref())
        .collect();
    let results: Vec<String> = ind
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let entry = score
                .targets
                .iter()
                .find(|ts| ts.target == i)
                .and_then(|ts| ts.entry.as_ref());
            reported(t, entry)
        })
        .collect();
    // The indicator's explanation already cites each of its targets; a
    // target's own sentence is used only when the indicator has none.
    // Phases have their own table: under it, only how they combine.
    let all_phases = !ind.targets.is_empty()
        && ind
            .targets
            .iter()
            .all(|t| matches!(t, Target::Phase { .. }));
    let mut explanations: Vec<String> = Vec::new();
    if let (true, Some(aggregate)) = (all_phases, &score.aggregate) {
        explanations.push(aggregate.clone());
    } else if !score.explanation.trim().is_empty() {
        explanations.push(score.explanation.trim().to_string());
    } else {
        explanations.extend(
            score
                .targets
                .iter()
                .map(|t| t.explanation.trim().to_string())
                .filter(|e| !e.is_empty()),
        );
    }
    let area_name = plan
        .area(&score.area)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| score.area.to_string());
    let mut out = json!({
        "id": ind.id.as_str(),
        "descrizione": ind.description,
        "atteso": ind.expected,
        "condizione": ind.condition,
        "area": area_name,
        "peso": weight(score.weight),
        // Phases have their own table (`fasi`): the result cell says so
        // instead of listing every phase.
        "risultato": if all_phases {
            "Per fase, nella tabella delle fasi".to_string()
        } else {
            join_results(&results)
        },
        "grado": pct(score.grade),
        "stato": status(&score.standing, score.outcome),
        "proposto": score.proposed.map(|p| p.label()),
        "evidenze": texts_of(&entries, |e| e.evidence.as_ref().map(|s| &s.value)),
        // Printed one after the other: each a sentence of its own.
        "note": sentences(texts_of(&entries, |e| e.notes.as_ref().map(|s| &s.value))),
        "motivazioni": sentences(texts_of(&entries, |e| e.motivation.as_ref().map(|s| &s.value))),
        "spiegazioni": explanations,
        "correzione": correction(&score.correction, score.computed),
    });
    if let Value::Object(m) = &mut out {
        m.extend(crate::report::shapes::indicator_fields(plan, ind));
    }
    out["fasi"] = phases_json(ind, score);
    out
}

/// An indicator's phases, one row each with its weight, period, progress
/// and grade: the documents print them as a table, not squeezed into the
/// result's cell. Empty when the indicator has no phases.
fn phases_json(ind: &Indicator, score: &IndicatorScore) -> Value {
    let rows: Vec<Value> = ind
        .targets
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let Target::Phase {
                name,
                start,
                end,
                weight: w,
                note,
            } = t
            else {
                return None;
            };
            let ts = score.targets.iter().find(|ts| ts.target == i);
            let progress = ts
                .and_then(|ts| ts.entry.as_ref())
                .and_then(|e| e.value.as_ref())
                .map(|v| format!("{}%", italian::number(v.value, 1)));
            let period = match (start, end) {
                (Some(s), Some(e)) => {
                    format!("{} – {}", italian::date_short(*s), italian::date_short(*e))
                }
                (None, Some(e)) => format!("entro il {}", italian::date_short(*e)),
                (Some(s), None) => format!("dal {}", italian::date_short(*s)),
                (None, None) => "—".to_string(),
            };
            Some(json!({
                // The phase's deliverable, as the plan writes it.
                "nome": match note {
                    Some(n) if !n.trim().is_empty() => format!("{name} ({})", n.trim()),
                    _ => name.clone(),
                },
                "peso": weight(*w),
                "periodo": period,
                "avanzamento": progress,
                "grado": pct(ts.and_then(|ts| ts.grade)),
            }))
        })
        .collect();
    Value::Array(rows)
}

pub(super) fn objective_area_json(
    plan: &Plan,
    obj: &Objective,
    oa: &ObjectiveAreaScore,
    with_indicators: bool,
) -> Value {
    let area = plan.area(&oa.area);
    let mut v = json!({
        "area_id": oa.area.as_str(),
        "area": area.map(|a| a.name.clone()).unwrap_or_else(|| oa.area.to_string()),
        "peso": weight(oa.weight),
        "grado": pct(oa.grade),
        "stato": status(&oa.standing, oa.outcome),
        "spiegazione": oa.explanation,
        "correzione": correction(&oa.correction, oa.computed),
    });
    if with_indicators {
        v["indicatori"] = oa
            .indicators
            .iter()
            .filter_map(|is| {
                let ind = obj.indicators.iter().find(|i| i.id == is.indicator)?;
                Some(indicator_json(plan, ind, is))
            })
            .collect();
    }
    v
}

/// `with_indicators`: false for a large ente's Relazione, which stops at
/// the objectives (the schede carry the indicators).
pub(super) fn objective_json(
    plan: &Plan,
    obj: &Objective,
    os: &ObjectiveScore,
    with_indicators: bool,
) -> Value {
    let theme = plan
        .theme(&obj.theme)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| obj.theme.to_string());
    json!({
        "id": obj.id.as_str(),
        "titolo": obj.title,
        "descrizione": obj.description,
        "ambito": theme,
        "strategico": obj.strategic.as_ref().map(|s| s.as_str()),
        "finanziamento": obj.funding,
        "ponderato": os.weighted,
        "grado": pct(os.grade),
        "stato": status(&os.standing, os.outcome),
        "aree": os.areas.iter().map(|oa| objective_area_json(plan, obj, oa, with_indicators)).collect::<Vec<_>>(),
    })
}

pub(super) fn counts(c: &OutcomeCounts) -> Value {
    let graded = c.achieved + c.partially_achieved + c.not_achieved;
    json!({
        "raggiunti": c.achieved,
        "parziali": c.partially_achieved,
        "non_raggiunti": c.not_achieved,
        "non_applicabili": c.not_applicable,
        "neutralizzati": c.neutralised,
        "non_rendicontati": c.not_reported,
        "valutati": graded,
        "totale": graded + c.not_applicable + c.neutralised + c.not_reported,
    })
}

/// The annex: every objective with its indicators, an indicator shared by
/// several units being one table with one row per unit.
pub(super) fn detail_json(plan: &Plan, obj: &Objective, os: &ObjectiveScore) -> Value {
    let mut indicators: Vec<Value> = Vec::new();
    for ind in &obj.indicators {
        let rows: Vec<Value> = os
            .areas
            .iter()
            .filter_map(|oa| {
                let is = oa.indicators.iter().find(|i| i.indicator == ind.id)?;
                let mut v = indicator_json(plan, ind, is);
                v["conferma"] = json!(is.confirmation);
                v["in_attesa"] = json!(is.pending.is_some());
                Some(v)
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        indicators.push(json!({
            "id": ind.id.as_str(),
            "descrizione": ind.description,
            "atteso": ind.expected,
            "condizione": ind.condition,
            "righe": rows,
        }));
    }
    let areas: Vec<Value> = os
        .areas
        .iter()
        .map(|oa| {
            json!({
                "area": area_name(plan, &oa.area),
                "peso": weight(oa.weight),
                "grado": pct(oa.grade),
                "stato": status(&oa.standing, oa.outcome),
                "correzione": correction(&oa.correction, oa.computed),
            })
        })
        .collect();
    json!({
        "id": obj.id.as_str(),
        "titolo": obj.title,
        "ponderato": os.weighted,
        "finanziamento": obj.funding,
        "aree": areas,
        "indicatori": indicators,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_continue_one_sentence() {
        let r = |v: &[&str]| join_results(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            r(&["2 giornate formative", "Realizzato il 17 dicembre 2023"]),
            "2 giornate formative; realizzato il 17 dicembre 2023"
        );
        assert_eq!(r(&["Sì", "CED attivo"]), "Sì; CED attivo");
        assert_eq!(
            r(&["Realizzato il 1º giugno 2023"]),
            "Realizzato il 1º giugno 2023"
        );
    }

    #[test]
    fn missing_grades_print_a_dash() {
        assert_eq!(pct(None), "—");
        assert_eq!(pct(Some(0.855)), "85,5%");
    }
}
