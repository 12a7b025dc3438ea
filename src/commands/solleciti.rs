use std::path::PathBuf;

use chrono::NaiveDate;
use consuntivo::diag::escape_controls;
use consuntivo::ente::ReminderOptions;

use super::stato::today;
use super::{CmdResult, ente_with_templates, sayln};
use crate::Common;

pub struct Options {
    pub dati: Option<PathBuf>,
    pub al: Option<NaiveDate>,
    pub scadenza: Option<NaiveDate>,
    pub referente: Option<String>,
    pub modelli: Option<PathBuf>,
    pub email: bool,
}

pub fn cmd_reminders(common: &Common, o: Options) -> CmdResult {
    let progress = crate::terminal_progress::TerminalProgress::new();
    let folder = ente_with_templates(common, o.modelli);
    let w = folder.write_reminders(
        &ReminderOptions {
            forms: o.dati,
            date: o.al.unwrap_or_else(today),
            return_by: o.scadenza,
            contact: o.referente,
            email: o.email,
        },
        &progress,
    )?;
    super::note(|c| c.documents += w.written.len());
    let vocab = folder.load_vocab()?;
    // The letters are signed by the top official: the top official's own
    // unit gets no letter, its rows are for the office to complete.
    let own = w.own.as_ref().map(|(unit, rows)| {
        format!(
            "{}, {} da completare a cura dell'ufficio: nessun sollecito, perché le lettere sono firmate {}.",
            escape_controls(unit),
            consuntivo::italian::count(*rows as f64, "righe"),
            vocab.top_official.prep(consuntivo::vocab::Prep::Da, false)
        )
    });
    if w.units.is_empty() {
        match &own {
            Some(own) => sayln!("Nessun sollecito da scrivere. {own}"),
            None => sayln!(
                "{} hanno completato la rendicontazione: nessun sollecito da scrivere.",
                vocab.all_units()
            ),
        }
        return Ok(w.warnings);
    }
    sayln!(
        "{} {} in {} (PDF e testo da incollare in un messaggio di posta):",
        if w.units.len() == 1 {
            "Scritto"
        } else {
            "Scritti"
        },
        consuntivo::italian::count(w.units.len() as f64, "solleciti"),
        escape_controls(&w.dir.display().to_string())
    );
    for unit in &w.units {
        sayln!("  {unit}");
    }
    if !w.drafts_for.is_empty() {
        // Which units have one (review 33 C13: «Con una bozza» after three
        // units read as if each had one).
        sayln!(
            "Bozze di e-mail (file .eml, da aprire con il programma di posta, controllare e inviare), {} su {}:",
            w.drafts_for.len(),
            w.units.len()
        );
        for unit in &w.drafts_for {
            sayln!("  {unit}");
        }
    }
    if let Some(own) = own {
        sayln!("{own}");
    }
    Ok(w.warnings)
}
