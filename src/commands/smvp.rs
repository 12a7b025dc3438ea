//! `smvp documento`: the SMVP's methodological part as a PDF.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;

use super::{CmdResult, sayln};
use crate::Common;

#[derive(Subcommand, Clone)]
pub enum SmvpCmd {
    /// Produce il documento del Sistema di misurazione e valutazione (PDF/A), con gli esempi calcolati dalle regole di smvp.toml
    Documento {
        /// File da scrivere (predefinito: outputs/smvp.pdf)
        #[arg(long, value_name = "FILE")]
        uscita: Option<PathBuf>,
        /// Regole di valutazione (predefinito: inputs/smvp.toml)
        #[arg(long, value_name = "FILE")]
        regole: Option<PathBuf>,
        /// Cartella dei modelli (predefinita: templates/, se esiste)
        #[arg(long, value_name = "CARTELLA")]
        modelli: Option<PathBuf>,
        /// Data del documento, GG/MM/AAAA (predefinita: quella dell'atto di adozione in smvp.toml)
        #[arg(long, value_name = "DATA", value_parser = crate::parse_date)]
        data: Option<NaiveDate>,
    },
}

pub fn cmd_smvp(common: &Common, action: SmvpCmd) -> CmdResult {
    match action {
        SmvpCmd::Documento {
            uscita,
            regole,
            modelli,
            data,
        } => {
            let written = super::ente_with_templates(common, modelli)
                .write_smvp_document(regole, data, uscita)?;
            sayln!(
                "Documento del Sistema di misurazione e valutazione della performance scritto in {}.",
                written.path.display()
            );
            Ok(written.warnings)
        }
    }
}
