//! `moduli --personale`: one workbook per evaluator of the staff.

use super::sayln;

use consuntivo::diag::Diagnostics;

use super::{CmdResult, ente};
use crate::Common;

pub fn cmd_staff_forms(common: &Common) -> CmdResult {
    let w = ente(common).write_staff_forms()?;
    // Counts and files only: the evaluators' names are in the file names,
    // which the office reads in its own folder.
    sayln!(
        "Scritti {} moduli di valutazione del personale, uno per valutatore, in {}",
        w.forms.len(),
        w.dir.display()
    );
    for (_, path, persons) in &w.forms {
        sayln!(
            "  {} ({persons} {})",
            path.file_name().unwrap_or_default().to_string_lossy(),
            if *persons == 1 { "persona" } else { "persone" }
        );
    }
    sayln!("Contengono dati personali: ogni modulo va consegnato solo al suo valutatore.");
    sayln!(
        "Compilati, vanno salvati nella cartella {}; i punteggi scritti nei moduli non vanno ripetuti nel file del personale.",
        w.return_to.display()
    );
    Ok(Diagnostics::new())
}
