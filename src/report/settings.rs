//! `inputs/relazione.toml`: what the report needs that is not in the plan
//! or in the forms (document date, signatories, logo, the ente's own
//! presentation).
//!
//! ```toml
//! # Data dei documenti (GG/MM/AAAA); l'opzione --data della riga di comando prevale.
//! data = "30/04/2024"
//! # Logo dell'ente, file nella cartella inputs/ (PNG, JPG o SVG); facoltativo.
//! logo = "stemma.png"
//! # Paragrafi di presentazione dell'ente; facoltativi.
//! presentazione = ["Il Comune di …", "…"]
//! # Dati aperti dell'anno precedente, per il confronto (cartella dati-aperti
//! # o il suo risultati.json, relativo a inputs/); facoltativo: senza, si usa
//! # outputs/<anno-1>/dati-aperti/ se esiste.
//! anno_precedente = "../archivio/2022/dati-aperti"
//!
//! [segretario]            # facoltativo: senza nome si stampa solo il ruolo
//! nome = "Dott. Mario Rossi"
//! ruolo = "Il Segretario generale"     # predefinito
//!
//! [[nucleo]]              # uno per componente; facoltativo
//! nome = "Dott.ssa Anna Bianchi"
//! ruolo = "Presidente"
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, Location};

pub const FILE_NAME: &str = "relazione.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// The year the file is for: accepted here, checked with its line and
    /// column by `checks::relazione_settings`, which reads the file itself.
    #[allow(dead_code)]
    anno: Option<toml::Value>,
    pub data: Option<String>,
    pub logo: Option<String>,
    #[serde(default)]
    pub presentazione: Vec<String>,
    pub segretario: Option<Signatory>,
    #[serde(default)]
    pub nucleo: Vec<Signatory>,
    /// Where the previous year's open data are (see `opendata::previous`).
    pub anno_precedente: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    pub nome: Option<String>,
    pub ruolo: Option<String>,
}

/// Reads `relazione.toml` from the inputs folder; a missing file is an
/// empty configuration (the date may still come from the command line).
pub fn load(inputs: &Path) -> Result<(ReportConfig, Option<NaiveDate>), Diagnostics> {
    let path = inputs.join(FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((ReportConfig::default(), None));
        }
        Err(e) => {
            return Err(Diagnostic::error(
                Location::file(&path),
                format!("impossibile leggere il file: {e}"),
            )
            .into());
        }
    };
    let config: ReportConfig = toml::from_str(&text).map_err(|e| {
        let location = match e.span() {
            Some(span) => Location::at_offset(&path, &text, span.start),
            None => Location::file(&path),
        };
        Diagnostics::from(Diagnostic::error(
            location,
            format!(
                "impostazioni della Relazione non valide: {}",
                e.message().trim()
            ),
        ))
    })?;
    let date = match &config.data {
        None => None,
        Some(s) => Some(
            crate::italian::parse_document_date(s.trim()).ok_or_else(|| {
                let at = text.find(s.as_str()).unwrap_or(0);
                Diagnostics::from(
                    Diagnostic::error(
                        Location::at_offset(&path, &text, at),
                        format!("«{s}» non è una data valida"),
                    )
                    .with_hint("scrivere la data come GG/MM/AAAA, es. data = \"30/04/2024\""),
                )
            })?,
        ),
    };
    Ok((config, date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_date_and_signatories() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "data = \"30/04/2024\"\n[segretario]\nnome = \"Mario Rossi\"\n[[nucleo]]\nruolo = \"Presidente\"\n",
        )
        .unwrap();
        let (c, d) = load(dir.path()).unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2024, 4, 30));
        assert_eq!(c.segretario.unwrap().nome.as_deref(), Some("Mario Rossi"));
        assert_eq!(c.nucleo.len(), 1);
    }

    #[test]
    fn bad_date_and_unknown_key_are_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "\ndata = \"31/02/2024\"\n").unwrap();
        let err = load(dir.path()).unwrap_err();
        assert!(err.to_string().contains("relazione.toml:2:"), "{err}");
        std::fs::write(dir.path().join(FILE_NAME), "dataa = \"1/1/2024\"\n").unwrap();
        let err = load(dir.path()).unwrap_err();
        assert!(err.to_string().contains("relazione.toml:1:1"), "{err}");
    }

    #[test]
    fn missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let (c, d) = load(dir.path()).unwrap();
        assert!(d.is_none() && c.logo.is_none());
    }
}
