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
    sayln!("Contiene dati personali: va consegnato solo al valutatore, non alle unità.");
    match &f.replaces {
        Some(toml) => sayln!(
            "Compilato, va salvato come {} nella cartella dei dati di ingresso, al posto di {toml}.",
            f.return_to.display()
        ),
        None => sayln!(
            "Compilato, va salvato come {} nella cartella dei dati di ingresso.",
            f.return_to.display()
        ),
    }
    if let Some(pt) = &f.payment_times_file {
        sayln!(
            "Il modulo non contiene l'indicatore di ritardo annuale dei pagamenti né la verifica dei revisori: con il modulo, la sezione [tempi_pagamento] (indicatore_ritardo, anno, verifica_revisori, data_verifica) va scritta in {}.",
            pt.display()
        );
    }
    Ok(Diagnostics::new())
}
