//! The JSON the templates read. Numbers and dates are formatted here, in
//! Italian, so templates print strings; raw numbers are kept beside them
//! where a template draws (the bar chart). Keys are Italian because the
//! people who customise templates are the comune's staff.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::italian;
use crate::plan::{AreaId, Indicator, Objective, Plan, Target};
use crate::results::Entry;
use crate::scoring::{
    Correction, IndicatorScore, ObjectiveAreaScore, ObjectiveScore, Outcome, OutcomeCounts,
    QuantityMode, RewardShare, Rules, Standing,
};

use super::Input;
use super::settings::ReportConfig;

pub fn pct(g: Option<f64>) -> String {
    g.map(italian::percent).unwrap_or_else(|| "—".to_string())
}

fn outcome_code(o: Option<Outcome>) -> &'static str {
    match o {
        Some(Outcome::Achieved) => "raggiunto",
        Some(Outcome::PartiallyAchieved) => "parziale",
        Some(Outcome::NotAchieved) => "non_raggiunto",
        None => "nessuno",
    }
}

/// Code and label of what a grade shows: the outcome when graded, else why not.
fn status(standing: &Standing, outcome: Option<Outcome>) -> Value {
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

fn correction(c: &Option<Correction>, computed: Option<f64>) -> Value {
    match c {
        None => Value::Null,
        Some(c) => json!({
            "grado": italian::percent(c.grade),
            "calcolato": pct(computed),
            "motivazione": c.motivation,
        }),
    }
}

fn weight(w: Option<f64>) -> Value {
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

/// What the Area reported for one target, in words.
fn reported(target: &Target, entry: Option<&Entry>) -> String {
    let Some(e) = entry else {
        return "Non rendicontato".to_string();
    };
    let main = match target {
        Target::Deadline { .. } => e
            .date
            .as_ref()
            .map(|d| format!("Realizzato il {}", italian::date_long(d.value))),
        Target::Minimum { unit, .. } | Target::Maximum { unit, .. } => e.value.as_ref().map(|v| {
            let n = italian::number(v.value, 2);
            if unit.is_empty() {
                n
            } else {
                format!("{n} {unit}")
            }
        }),
        Target::Percentage { .. } => e
            .value
            .as_ref()
            .map(|v| format!("{}%", italian::number(v.value, 1))),
        Target::Phase { name, .. } => e
            .value
            .as_ref()
            .map(|v| format!("{name}: avanzamento {}%", italian::number(v.value, 1))),
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
            .map(|d| format!("Realizzato il {}", italian::date_long(d.value)))
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
fn join_results(results: &[String]) -> String {
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

fn texts_of(entries: &[&Entry], pick: fn(&Entry) -> Option<&String>) -> Vec<String> {
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

fn indicator_json(plan: &Plan, ind: &Indicator, score: &IndicatorScore) -> Value {
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
    let mut explanations: Vec<String> = Vec::new();
    if !score.explanation.trim().is_empty() {
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
        "risultato": join_results(&results),
        "grado": pct(score.grade),
        "stato": status(&score.standing, score.outcome),
        "proposto": score.proposed.map(|p| p.label()),
        "evidenze": texts_of(&entries, |e| e.evidence.as_ref().map(|s| &s.value)),
        "note": texts_of(&entries, |e| e.notes.as_ref().map(|s| &s.value)),
        "motivazioni": texts_of(&entries, |e| e.motivation.as_ref().map(|s| &s.value)),
        "spiegazioni": explanations,
        "correzione": correction(&score.correction, score.computed),
    });
    if let Value::Object(m) = &mut out {
        m.extend(super::shapes::indicator_fields(plan, ind));
    }
    out
}

fn objective_area_json(plan: &Plan, obj: &Objective, oa: &ObjectiveAreaScore) -> Value {
    let area = plan.area(&oa.area);
    let indicators: Vec<Value> = oa
        .indicators
        .iter()
        .filter_map(|is| {
            let ind = obj.indicators.iter().find(|i| i.id == is.indicator)?;
            Some(indicator_json(plan, ind, is))
        })
        .collect();
    json!({
        "area_id": oa.area.as_str(),
        "area": area.map(|a| a.name.clone()).unwrap_or_else(|| oa.area.to_string()),
        "peso": weight(oa.weight),
        "grado": pct(oa.grade),
        "stato": status(&oa.standing, oa.outcome),
        "spiegazione": oa.explanation,
        "correzione": correction(&oa.correction, oa.computed),
        "indicatori": indicators,
    })
}

fn objective_json(plan: &Plan, obj: &Objective, os: &ObjectiveScore) -> Value {
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
        "aree": os.areas.iter().map(|oa| objective_area_json(plan, obj, oa)).collect::<Vec<_>>(),
    })
}

fn counts(c: &OutcomeCounts) -> Value {
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

fn mode(m: QuantityMode) -> &'static str {
    match m {
        QuantityMode::Proportional => "proporzionale",
        QuantityMode::AllOrNothing => "tutto_o_niente",
    }
}

/// The rules, pre-formatted for the methodology text.
fn rules_json(r: &Rules) -> Value {
    let bands: Vec<Value> = r
        .deadline
        .bands
        .iter()
        .map(|b| json!({ "fino_a_giorni": b.up_to_days, "giorni": italian::days(b.up_to_days as i64), "grado": italian::percent(b.grade) }))
        .collect();
    let fasce: Vec<Value> = r
        .reward_bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let next = r
                .reward_bands
                .get(i + 1)
                .map(|n| italian::percent(n.min_grade));
            let (kind, share) = match b.share {
                RewardShare::Fixed(s) => ("fissa", italian::percent(s)),
                RewardShare::Proportional => ("proporzionale", String::new()),
            };
            json!({
                "etichetta": b.label,
                "da": italian::percent(b.min_grade),
                "a": next,
                "tipo": kind,
                "quota": share,
            })
        })
        .collect();
    let mut out = json!({
        "scadenze": {
            "fasce": bands,
            "oltre": italian::percent(r.deadline.beyond_last_band),
            "differibili_con_motivazione": r.deadline.movable_accepts_later_date_with_motivation,
        },
        "minimi": mode(r.quantity.minimum),
        "percentuali": mode(r.quantity.percentage),
        "massimi": {
            "rigido": r.maximum.strict_override,
            "superato": italian::percent(r.maximum.exceeded_grade),
        },
        "obiettivo": match r.objective {
            crate::scoring::ObjectiveAggregation::Mean => "media",
            crate::scoring::ObjectiveAggregation::Minimum => "minimo",
        },
        "soglie": {
            "raggiunto": italian::percent(r.outcomes.achieved),
            "parziale": italian::percent(r.outcomes.partially),
        },
        "mancanti": match r.missing {
            crate::scoring::MissingPolicy::Zero => "zero",
            crate::scoring::MissingPolicy::Exclude => "esclusi",
        },
        "fasce": fasce,
    });
    if let Value::Object(m) = &mut out {
        m.extend(super::shapes::rules_fields(r));
    }
    out
}

fn area_name(plan: &Plan, id: &AreaId) -> String {
    plan.area(id)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Everything both documents share; the scheda adds its `area`.
pub fn build(input: &Input, config: &ReportConfig, date: NaiveDate, logo: Option<&str>) -> Value {
    let plan = input.plan;
    let sc = input.scorecard;
    let objectives: Vec<(&Objective, &ObjectiveScore)> = sc
        .objectives
        .iter()
        .filter_map(|os| plan.objective(&os.objective).map(|o| (o, os)))
        .collect();

    let themes: Vec<Value> = plan
        .themes
        .iter()
        .filter_map(|t| {
            let objs: Vec<Value> = objectives
                .iter()
                .filter(|(o, os)| o.theme == t.id && os.weighted)
                .map(|(o, os)| objective_json(plan, o, os))
                .collect();
            (!objs.is_empty())
                .then(|| json!({ "id": t.id.as_str(), "nome": t.name, "obiettivi": objs }))
        })
        .collect();
    let projects: Vec<Value> = objectives
        .iter()
        .filter(|(_, os)| !os.weighted)
        .map(|(o, os)| objective_json(plan, o, os))
        .collect();

    let areas: Vec<Value> = plan
        .areas
        .iter()
        .map(|a| {
            let score = sc.areas.iter().find(|s| s.area == a.id);
            let objs: Vec<Value> = objectives
                .iter()
                .filter_map(|(o, os)| {
                    let oa = os.areas.iter().find(|x| x.area == a.id)?;
                    Some(json!({
                        "id": o.id.as_str(),
                        "titolo": o.title,
                        "ponderato": os.weighted,
                        "peso": weight(oa.weight),
                        "grado": pct(oa.grade),
                        "stato": status(&oa.standing, oa.outcome),
                        "dettaglio": objective_area_json(plan, o, oa),
                    }))
                })
                .collect();
            json!({
                "id": a.id.as_str(),
                "nome": a.name,
                "uffici": a.offices,
                "responsabile": a.head,
                "grado": pct(score.and_then(|s| s.grade)),
                "grado_num": score.and_then(|s| s.grade).map(|g| (g * 1000.0).round() / 10.0),
                "calcolato": pct(score.and_then(|s| s.computed)),
                "corretto": score.is_some_and(|s| s.grade != s.computed),
                "stato": status(&Standing::Scored, score.and_then(|s| s.outcome)),
                "fascia": score.and_then(|s| s.band.as_ref()).map(|b| json!({
                    "etichetta": b.label, "quota": italian::percent(b.share),
                })),
                "peso_totale": score.map(|s| italian::number(s.total_weight, 2)),
                "rendicontato": score.is_some_and(|s| s.reported),
                "spiegazione": score.map(|s| s.explanation.clone()),
                "obiettivi": objs,
            })
        })
        .collect();

    let mut excluded: Vec<Value> = Vec::new();
    let mut corrections: Vec<Value> = Vec::new();
    for (o, os) in &objectives {
        for oa in &os.areas {
            let an = area_name(plan, &oa.area);
            let subject = format!("{} {}", o.id, o.title);
            match &oa.standing {
                Standing::NotApplicable(r) | Standing::Neutralised(r) => excluded.push(json!({
                    "oggetto": subject, "livello": "Obiettivo", "area": an,
                    "stato": status(&oa.standing, None), "motivo": r,
                })),
                _ => {}
            }
            if let Some(c) = &oa.correction {
                corrections.push(json!({
                    "oggetto": subject, "livello": "Obiettivo", "area": an,
                    "calcolato": pct(oa.computed), "grado": italian::percent(c.grade),
                    "motivazione": c.motivation,
                }));
            }
            for is in &oa.indicators {
                let desc = o
                    .indicators
                    .iter()
                    .find(|i| i.id == is.indicator)
                    .map(|i| format!("{} {}", i.id, i.description))
                    .unwrap_or_else(|| is.indicator.to_string());
                match &is.standing {
                    Standing::NotApplicable(r) | Standing::Neutralised(r) => excluded.push(json!({
                        "oggetto": desc, "livello": "Indicatore", "area": an,
                        "stato": status(&is.standing, None), "motivo": r,
                    })),
                    _ => {}
                }
                if let Some(c) = &is.correction {
                    corrections.push(json!({
                        "oggetto": desc, "livello": "Indicatore", "area": an,
                        "calcolato": pct(is.computed), "grado": italian::percent(c.grade),
                        "motivazione": c.motivation,
                    }));
                }
            }
        }
    }

    let sources: Vec<Value> = input
        .results
        .reports
        .iter()
        .map(|r| {
            json!({
                "file": r.source.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                "area": area_name(plan, &r.source.area),
                "sha256": r.source.sha256,
            })
        })
        .collect();
    let missing_forms: Vec<String> = plan
        .areas
        .iter()
        .filter(|a| input.results.report(&a.id).is_none())
        .map(|a| a.name.clone())
        .collect();

    let sign = |s: &crate::report::settings::Signatory, default_role: &str| {
        json!({
            "nome": s.nome.as_deref().map(str::trim).filter(|n| !n.is_empty()),
            "ruolo": s.ruolo.clone().unwrap_or_else(|| default_role.to_string()),
        })
    };
    let secretary = config
        .segretario
        .as_ref()
        .map(|s| sign(s, "Il Segretario generale"))
        .unwrap_or_else(|| json!({ "nome": null, "ruolo": "Il Segretario generale" }));
    let nucleo: Vec<Value> = config
        .nucleo
        .iter()
        .map(|s| sign(s, "Componente"))
        .collect();

    json!({
        "ente": { "nome": plan.ente.name, "provincia": plan.ente.province },
        "anno": plan.year,
        "anno_testo": plan.year.to_string(),
        "data": date_value(date),
        "logo": logo,
        "piano": { "titolo": plan.title, "adottato": plan.adopted_by },
        "presentazione_ente": config.presentazione,
        "grado": pct(sc.grade),
        "grado_num": sc.grade.map(|g| (g * 1000.0).round() / 10.0),
        "calcolato": pct(sc.computed),
        "stato": status(&Standing::Scored, sc.outcome),
        "conteggi": { "indicatori": counts(&sc.indicator_counts), "obiettivi": counts(&sc.objective_counts) },
        "regole": rules_json(&sc.rules),
        "strategici": super::shapes::strategic(plan, sc),
        "soglia_raggiunto_num": sc.rules.outcomes.achieved * 100.0,
        "soglia_parziale_num": sc.rules.outcomes.partially * 100.0,
        "numero_obiettivi": objectives.iter().filter(|(_, os)| os.weighted).count(),
        "numero_indicatori": objectives.iter().filter(|(_, os)| os.weighted).map(|(o, _)| o.indicators.len()).sum::<usize>(),
        "ambiti": themes,
        "progetti": projects,
        "aree": areas,
        "esclusi": excluded,
        "correzioni": corrections,
        "fonti": sources,
        "aree_senza_modulo": missing_forms,
        "firme": { "segretario": secretary, "nucleo": nucleo },
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
