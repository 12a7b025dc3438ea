//! The monitoring report as data for its templates (`monitoraggio.j2` for
//! the wording, `monitoraggio.typ` for the PDF).

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::diag::Diagnostics;
use crate::italian;
use crate::plan::Plan;
use crate::report::document::{self, Templates};
use crate::vocab::Vocabulary;

use super::analysis::{Analysis, Counts, Standing};

fn standing(s: Standing) -> Value {
    json!({ "codice": s.code(), "etichetta": s.label() })
}

fn counts(c: &Counts) -> Value {
    json!({
        "nome": c.name,
        "linea": c.on_track,
        "rischio": c.at_risk,
        "ritardo": c.late,
        "senza": c.no_forecast,
        "totale": c.total(),
    })
}

/// The data the monitoring templates read. `date` is the document's date.
pub fn data(plan: &Plan, analysis: &Analysis, vocab: &Vocabulary, date: NaiveDate) -> Value {
    let objectives: Vec<Value> = analysis
        .objectives
        .iter()
        .map(|o| {
            json!({
                "id": o.id,
                "titolo": o.title,
                "ambito": o.theme,
                "stato": standing(o.standing),
                "traguardi": o.targets.iter().map(|t| json!({
                    "unita": t.unit,
                    "codice": t.code,
                    "indicatore": t.indicator,
                    "traguardo": t.target,
                    "stato": standing(t.standing),
                    "motivo": t.reason,
                    "avanzamento": t.progress,
                    "note": t.notes,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let proposals: Vec<Value> = analysis
        .proposals
        .iter()
        .map(|p| {
            json!({
                "unita": p.unit,
                "codice": p.code,
                "indicatore": p.indicator,
                "traguardo": p.target,
                "proposta": p.proposal,
                "motivazione": p.motivation,
            })
        })
        .collect();
    let labels: serde_json::Map<String, Value> = Standing::ALL
        .iter()
        .map(|s| (s.code().to_string(), Value::from(s.label())))
        .collect();
    json!({
        "ente": { "nome": plan.ente.name },
        "anno": plan.year,
        "anno_testo": plan.year.to_string(),
        "titolo_piano": plan.title,
        "piano": { "documento": crate::plan::instrument_json(plan) },
        "data": {
            "anno": date.year(),
            "mese": date.month(),
            "giorno": date.day(),
            "testo": italian::date_long(date),
        },
        "monitoraggio": {
            "testo": italian::date_long(analysis.date),
            "al": italian::date_long_after("al", analysis.date),
        },
        "vocab": vocab.to_json(),
        "etichette": labels,
        "totali": counts(&analysis.totals),
        "unita": analysis.by_unit.iter().map(counts).collect::<Vec<_>>(),
        "ambiti": analysis.by_theme.iter().map(counts).collect::<Vec<_>>(),
        "obiettivi": objectives,
        "proposte": proposals,
        "senza_modulo": analysis.units_without_form,
        // Whether the plan has dated phases: only then does the report
        // say how a phase is late.
        "fasi": plan.objectives.iter().flat_map(|o| &o.indicators).flat_map(|i| &i.targets)
            .any(|t| matches!(t, crate::plan::Target::Phase { end: Some(_), .. })),
    })
}

/// The report's file name, without extension, for the check at
/// `check_date`: the name [`render`] gives it (the template's `nome_file`,
/// e.g. «Monitoraggio al 30 giugno 2023»). Whether a check has had its
/// report is asked with this name.
pub fn name(
    plan: &Plan,
    vocab: &Vocabulary,
    check_date: NaiveDate,
    templates: &crate::report::TemplateDirs,
) -> Result<String, Diagnostics> {
    let check = crate::results::check::Check {
        year: plan.year,
        date: check_date,
        reports: Vec::new(),
    };
    let analysis = super::analyse(plan, &check);
    let set = Templates::load(templates)?;
    let blocks = set.texts(
        "monitoraggio.j2",
        &data(plan, &analysis, vocab, check_date),
        &["nome_file"],
    )?;
    Ok(document::file_name(
        blocks.get("nome_file").map(String::as_str).unwrap_or(""),
    ))
}

/// The PDF and its file name (without extension), composed from the
/// templates in `templates` (or the built-in ones).
pub fn render(
    plan: &Plan,
    analysis: &Analysis,
    vocab: &Vocabulary,
    date: NaiveDate,
    templates: &crate::report::TemplateDirs,
) -> Result<(String, Vec<u8>), Diagnostics> {
    let set = Templates::load(templates)?;
    let mut data = data(plan, analysis, vocab, date);
    let blocks = set.texts(
        "monitoraggio.j2",
        &data,
        &["titolo", "nome_file", "sintesi"],
    )?;
    let get = |k: &str| blocks.get(k).map(String::as_str).unwrap_or("");
    data["testi"] = json!({
        "titolo": document::line(get("titolo")),
        "sintesi": document::paragraphs(get("sintesi")),
    });
    let name = document::file_name(get("nome_file"));
    let ident = PathBuf::from(plan.year.to_string()).join(format!("{name}.pdf"));
    let pdf = set.pdf("monitoraggio.typ", data, &ident)?;
    Ok((name, pdf))
}
