//! Each job of the office's page as a call of the library's run (the one
//! the command calls), and its result as an [`Outcome`] for the pages.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::json;

use super::job_kind::{Kind, Outcome};
use super::page::Shown;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ente::{EnteFolder, MonitoringOptions, RelazioneOptions, ReminderOptions};
use crate::forms::FormSettings;
use crate::progress::Progress;

/// The diagnostic of a job that could not finish (its thread failed).
pub fn interrupted() -> Diagnostics {
    Diagnostic::error(
        Location::default(),
        "il lavoro si è interrotto prima della fine: nessun file è stato cambiato",
    )
    .with_hint("riprovare; se si ripete, lanciare il comando corrispondente dal terminale per leggere l'errore")
    .into()
}

/// Runs `kind` on the ente, `today` being the day of the letters and of
/// the status they are written from.
pub fn run(ente: &EnteFolder, kind: Kind, today: NaiveDate, progress: &dyn Progress) -> Outcome {
    let done = match kind {
        Kind::Forms | Kind::MonitoringForms(_) => forms(ente, kind, progress),
        Kind::Reminders => reminders(ente, today, progress),
        Kind::Monitoring => monitoring(ente, progress),
        Kind::Draft | Kind::Final => relazione(ente, kind == Kind::Final, progress),
        Kind::SmvpDocument(date) => smvp_document(ente, date, today),
        Kind::ValidationPapers(date) => validation_papers(ente, date, progress),
    };
    done.unwrap_or_else(|d| Outcome::failed(&d))
}

/// `paths` relative to the outputs, and those in the year's folder
/// relative to it.
fn listed(ente: &EnteFolder, year: i32, paths: &[PathBuf]) -> (Vec<String>, Vec<String>) {
    let shown = |p: &Path| {
        p.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    let year_dir = ente.year_dir(year);
    let files = paths
        .iter()
        .map(|p| shown(p.strip_prefix(&ente.outputs).unwrap_or(p)))
        .collect();
    let documents = paths
        .iter()
        .filter_map(|p| p.strip_prefix(&year_dir).ok())
        .map(shown)
        .collect();
    (files, documents)
}

fn outcome(
    ente: &EnteFolder,
    year: i32,
    written: &[PathBuf],
    warnings: &Diagnostics,
    facts: serde_json::Value,
) -> Outcome {
    let (files, documents) = listed(ente, year, written);
    Outcome {
        ok: true,
        files,
        documents,
        diagnostics: Shown::all(warnings),
        facts,
    }
}

fn forms(ente: &EnteFolder, kind: Kind, progress: &dyn Progress) -> Result<Outcome, Diagnostics> {
    let monitoring = match kind {
        Kind::MonitoringForms(d) => Some(d),
        _ => None,
    };
    let settings = FormSettings {
        monitoring,
        ..FormSettings::default()
    };
    let w = ente.write_forms(&settings, progress)?;
    let year = ente.load_plan()?.year;
    let without: Vec<_> = w
        .without
        .iter()
        .map(|(name, why)| json!({ "nome": name, "perche": why }))
        .collect();
    let folder = w
        .done
        .dir
        .strip_prefix(&ente.outputs)
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let facts = json!({
        "scritti": w.done.written.len(),
        "cartella": folder,
        "senza": without,
        "monitoraggio": monitoring.map(crate::italian::date_short),
    });
    Ok(outcome(
        ente,
        year,
        &w.done.written,
        &Diagnostics::new(),
        facts,
    ))
}

fn reminders(
    ente: &EnteFolder,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<Outcome, Diagnostics> {
    let w = ente.write_reminders(
        &ReminderOptions {
            forms: None,
            date: today,
            return_by: None,
            contact: None,
            // An office that keeps the units' addresses gets the e-mail
            // drafts too, as `solleciti --email` writes them.
            email: ente.addresses_path().exists(),
        },
        progress,
    )?;
    let year = ente.load_plan()?.year;
    let facts = json!({ "unita": w.units, "bozze_email": w.drafts_for });
    Ok(outcome(ente, year, &w.written, &w.warnings, facts))
}

fn monitoring(ente: &EnteFolder, progress: &dyn Progress) -> Result<Outcome, Diagnostics> {
    let w = ente.write_monitoring_report(&MonitoringOptions::default(), progress)?;
    let t = &w.analysis.totals;
    let facts = json!({
        "nome": w.name,
        "obiettivi": t.total(),
        "in_linea": t.on_track,
        "a_rischio": t.at_risk,
        "in_ritardo": t.late,
        "senza_previsione": t.no_forecast,
        "proposte": w.analysis.proposals.len(),
    });
    let year = ente.load_plan()?.year;
    Ok(outcome(ente, year, &w.written, &w.warnings, facts))
}

/// The SMVP document, `outputs/smvp.pdf`, as `smvp documento` writes it:
/// dated `date`, else by the adopting act; a text not yet adopted, with
/// no date given, is the proposal of `today` (the command asks --data).
fn smvp_document(
    ente: &EnteFolder,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Outcome, Diagnostics> {
    let rules =
        crate::scoring::load_rules(&ente.inputs.join("smvp.toml"), crate::ente::RULES_SECTIONS)?;
    // Said in the page's words (its date field), not the command's option.
    if let (Some(d), Some(a)) = (date, rules.adoption.as_ref())
        && d < a.date
    {
        return Err(crate::diag::Diagnostic::error(
                crate::diag::Location::file(ente.inputs.join("smvp.toml")),
                format!(
                    "la data indicata, {}, è precedente all'atto di adozione del Sistema, del {}: il documento non può citare un atto successivo alla propria data",
                    crate::italian::date_short(d),
                    crate::italian::date_short(a.date)
                ),
            )
            .with_hint(format!(
                "indicare nel campo della data un giorno dal {} in poi, oppure lasciarlo vuoto per usare la data dell'atto",
                crate::italian::date_short(a.date)
            ))
            .into());
    }
    let date = date.or_else(|| rules.adoption.is_none().then_some(today));
    let w = ente.write_smvp_document(None, date, None)?;
    let year = ente.load_plan()?.year;
    let facts = json!({
        "data": crate::italian::date_short(w.date),
        "adottato": rules.adoption.is_some(),
    });
    Ok(outcome(ente, year, &[w.path], &w.warnings, facts))
}

/// The evaluator's papers, as `validazione` writes them (review 35 n. 1:
/// an office working only from the browser could not write them, and the
/// publication list never named the adopted documento).
fn validation_papers(
    ente: &EnteFolder,
    date: Option<NaiveDate>,
    progress: &dyn Progress,
) -> Result<Outcome, Diagnostics> {
    use crate::validation::Verdict;
    let w = ente.write_validation_papers(
        &crate::ente::ValidationOptions {
            date,
            ..Default::default()
        },
        progress,
    )?;
    let facts = json!({
        "data": crate::italian::date_short(w.date),
        "impronta": w.fingerprint,
        "esito": w.verdict.map(Verdict::key),
        "adottato": w.verdict.is_some_and(|v| v != Verdict::NotValidated) && w.pending == 0,
        "in_attesa": w.pending,
        "elenco": w.listed,
        "file_esito": w.file.file_name().map(|n| n.to_string_lossy().into_owned()),
    });
    Ok(outcome(ente, w.year, &w.written, &w.warnings, facts))
}

fn relazione(
    ente: &EnteFolder,
    require_final: bool,
    progress: &dyn Progress,
) -> Result<Outcome, Diagnostics> {
    let w = ente.write_relazione(
        &RelazioneOptions {
            draft: !require_final,
            require_final,
            ..RelazioneOptions::default()
        },
        progress,
    )?;
    let s = &w.scored;
    // What was composed and what was taken unchanged from the last run,
    // in the lines the command prints.
    let reused: Vec<&str> = w.reused.lines().filter(|l| !l.is_empty()).collect();
    let facts = json!({
        "definitiva": w.definitive,
        "grado": s.scorecard.grade.map(crate::italian::percent),
        "riuso": reused,
    });
    // The office sees the warnings about people too: the page is its own.
    let mut warnings = s.warnings.clone();
    warnings.extend(w.private_warnings.clone());
    Ok(outcome(
        ente,
        s.plan.year,
        &w.done.written,
        &warnings,
        facts,
    ))
}
