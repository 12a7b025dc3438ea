//! `moduli --individuali`: the evaluator's spreadsheet form.

use super::sayln;

use consuntivo::diag::Diagnostics;

use super::{CmdResult, ente};
use crate::Common;

pub fn cmd_individual_form(common: &Common) -> CmdResult {
    let f = ente(common).write_individual_form()?;
    sayln!(
        "Scritto il modulo delle valutazioni individuali: {}",
        f.path.display()
    );
    if let Some(toml) = &f.prefilled_from {
        sayln!(
            "Il modulo riporta le valutazioni già scritte in {}.",
            toml.display()
        );
    }
    sayln!(
        "Compilato, va salvato come {} nella cartella dei dati di ingresso, al posto di {}.",
        f.return_to.display(),
        f.replaces
    );
    Ok(Diagnostics::new())
}
