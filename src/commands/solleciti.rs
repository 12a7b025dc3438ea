use std::path::PathBuf;

use super::sayln;
use chrono::NaiveDate;
use consuntivo::diag::escape_controls;
use consuntivo::output::OutputSet;
use consuntivo::status::{self, letters};

use super::stato::today;
use super::{CmdResult, io_error, load_plan, load_review, load_vocab, read_forms};
use crate::Common;

pub struct Options {
    pub dati: Option<PathBuf>,
    pub al: Option<NaiveDate>,
    pub scadenza: Option<NaiveDate>,
    pub referente: Option<String>,
    pub modelli: Option<PathBuf>,
}

pub fn cmd_reminders(common: &Common, o: Options) -> CmdResult {
    let plan = load_plan(common)?;
    let vocab = load_vocab(common)?;
    let review = load_review(common, &plan, None, &vocab)?;
    let (results, warnings) = read_forms(common, &plan, o.dati.as_ref(), &vocab)?;
    super::check_plan_printable(common)?;
    let date = o.al.unwrap_or_else(today);
    let state = status::build(&plan, &results, &review, date);
    let settings = letters::LetterSettings {
        date,
        return_by: o
            .scadenza
            .or_else(|| NaiveDate::from_ymd_opt(plan.year + 1, 3, 31))
            .unwrap_or(date),
        contact: o.referente.unwrap_or_else(|| vocab.contact.clone()),
        templates: o
            .modelli
            .or_else(|| Some(PathBuf::from("templates")).filter(|p| p.is_dir())),
    };
    let written = letters::render(&plan, &state, &vocab, &settings)?;
    let dir = common.uscite.join(plan.year.to_string()).join("solleciti");
    // Letters of an earlier run for units that have since completed their
    // form would read as still due: the set removes the letters it wrote
    // before (its own list), and only those; anything else in the folder
    // (notes, a signed letter) stays.
    let mut out = OutputSet::new(&dir, "solleciti");
    for l in &written {
        out.add(format!("{}.pdf", l.name), l.pdf.clone());
        out.add(format!("{}.txt", l.name), l.text.clone().into_bytes());
    }
    if written.is_empty() {
        if dir.is_dir() {
            out.commit().map_err(|e| io_error(&e.path.clone(), e))?;
        }
        sayln!(
            "{} hanno completato la rendicontazione: nessun sollecito da scrivere.",
            vocab.all_units()
        );
        return Ok(warnings);
    }
    out.commit().map_err(|e| io_error(&e.path.clone(), e))?;
    sayln!(
        "{} {} in {} (PDF e testo da incollare in un messaggio di posta):",
        if written.len() == 1 {
            "Scritto"
        } else {
            "Scritti"
        },
        consuntivo::italian::count(written.len() as f64, "solleciti"),
        escape_controls(&dir.display().to_string())
    );
    for l in &written {
        sayln!("  {}", l.unit);
    }
    Ok(warnings)
}
