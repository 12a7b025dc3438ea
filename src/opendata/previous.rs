//! The open data of the year before, read back to compare grades.
//!
//! Where: the path given by `anno_precedente` in `relazione.toml` (a
//! `dati-aperti` folder or its JSON file, relative to the inputs folder),
//! else `<uscite>/<anno-1>/dati-aperti/` when it exists. A configured path
//! that cannot be used stops the run (the user asked for it); a problem
//! with the default location is a warning and the comparison is left out,
//! because the first year of use has nothing to compare with.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};

use super::{DIR, JSON_FILE, OpenData, SCHEMA, VERSION};

/// Where the previous year's data are looked for.
#[derive(Debug, Clone)]
pub struct Lookup<'a> {
    /// The year being reported.
    pub year: i32,
    pub inputs: &'a Path,
    pub outputs: &'a Path,
    /// `anno_precedente` from `relazione.toml`, as written.
    pub configured: Option<&'a str>,
}

/// The previous year's data, if any, and the warnings met looking for them.
pub fn find(lookup: &Lookup) -> Result<(Option<OpenData>, Diagnostics), Diagnostics> {
    if let Some(c) = lookup.configured {
        let mut path = lookup.inputs.join(c);
        if path.is_dir() {
            path = path.join(JSON_FILE);
        }
        let data = load(&path, lookup.year).map_err(|mut d| {
            for x in &mut d.0 {
                x.hints.push(format!(
                    "il percorso viene da anno_precedente = \"{c}\" in relazione.toml (relativo alla cartella dei dati di ingresso): correggerlo, oppure toglierlo per non fare il confronto"
                ));
            }
            d
        })?;
        return Ok((Some(data), Diagnostics::new()));
    }
    let dir = default_dir(lookup.outputs, lookup.year - 1);
    if !dir.is_dir() {
        return Ok((None, Diagnostics::new()));
    }
    match load(&dir.join(JSON_FILE), lookup.year) {
        Ok(data) => Ok((Some(data), Diagnostics::new())),
        Err(errors) => {
            let warnings = errors
                .0
                .into_iter()
                .map(|mut d| {
                    d.severity = crate::diag::Severity::Warning;
                    d.message
                        .push_str(": il confronto con l'anno precedente è omesso");
                    d
                })
                .collect();
            Ok((None, Diagnostics(warnings)))
        }
    }
}

fn error(path: &Path, message: String) -> Diagnostics {
    Diagnostic::error(Location::file(path), message)
        .with_hint(regenerate_hint(path))
        .into()
}

fn regenerate_hint(path: &Path) -> String {
    format!(
        "il file deve essere il {JSON_FILE} scritto da consuntivo nella cartella {DIR}/ dell'anno precedente: per rigenerarlo, eseguire «consuntivo relazione» sui dati di quell'anno (file indicato: {})",
        path.display()
    )
}

/// Reads and checks one open-data JSON that must be of a year before `year`.
pub fn load(path: &Path, year: i32) -> Result<OpenData, Diagnostics> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let what = if e.kind() == std::io::ErrorKind::NotFound {
            "file dei dati aperti dell'anno precedente non trovato".to_string()
        } else {
            format!("impossibile leggere i dati aperti dell'anno precedente: {e}")
        };
        error(path, what)
    })?;
    let located = |e: &serde_json::Error, message: String| -> Diagnostics {
        let at = if e.line() > 0 {
            Location::line_col(path, e.line(), e.column())
        } else {
            Location::file(path)
        };
        Diagnostic::error(at, message)
            .with_hint(regenerate_hint(path))
            .into()
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        located(
            &e,
            format!("i dati aperti dell'anno precedente non sono un JSON valido ({e})"),
        )
    })?;
    if value.get("schema").and_then(|s| s.as_str()) != Some(SCHEMA) {
        return Err(error(
            path,
            format!(
                "il file non contiene dati aperti di consuntivo: manca \"schema\": \"{SCHEMA}\""
            ),
        ));
    }
    match value.get("versione").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(error(
                path,
                format!(
                    "versione {v} dello schema dei dati aperti non supportata: questa versione di consuntivo legge la versione {VERSION}"
                ),
            ));
        }
        None => {
            return Err(error(
                path,
                "manca la versione dello schema dei dati aperti (campo \"versione\")".into(),
            ));
        }
    }
    let data: OpenData = serde_json::from_value(value).map_err(|e| {
        error(
            path,
            format!("dati aperti dell'anno precedente incompleti o alterati: {e}"),
        )
    })?;
    if data.year >= year {
        return Err(error(
            path,
            format!(
                "i dati aperti indicati sono dell'anno {}, non di un anno precedente al {year}",
                data.year
            ),
        ));
    }
    Ok(data)
}

/// The default folder of a year's open data under the output directory.
pub fn default_dir(outputs: &Path, year: i32) -> PathBuf {
    outputs.join(year.to_string()).join(DIR)
}
