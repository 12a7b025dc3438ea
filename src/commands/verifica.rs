use std::path::PathBuf;

use super::{CmdResult, load_plan, load_vocab, read_forms};
use crate::Common;

pub fn cmd_check(common: &Common, dati: Option<PathBuf>) -> CmdResult {
    let plan = load_plan(common)?;
    let vocab = load_vocab(common)?;
    let (results, warnings) = read_forms(common, &plan, dati.as_ref(), &vocab)?;
    let entries: usize = results.reports.iter().map(|r| r.entries.len()).sum();
    println!(
        "Moduli verificati: {} ({} righe lette), nessun errore.",
        results.reports.len(),
        entries
    );
    Ok(warnings)
}
