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
        let warnings = draft_warning(&path, &data);
        return Ok((Some(data), warnings));
    }
    let dir = default_dir(lookup.outputs, lookup.year - 1);
    if !dir.is_dir() {
        return Ok((None, Diagnostics::new()));
    }
    match load(&dir.join(JSON_FILE), lookup.year) {
        Ok(data) => {
            let warnings = draft_warning(&dir.join(JSON_FILE), &data);
            Ok((Some(data), warnings))
        }
        Err(errors) => {
            let warnings = errors
                .0
                .into_iter()
                .map(|mut d| {
                    d.severity = crate::diag::Severity::Warning;
                    d.message
                        .push_str("; il confronto con l'anno precedente è omesso");
                    d
                })
                .collect();
            Ok((None, Diagnostics(warnings)))
        }
    }
}

/// A warning when the year before's data are a draft's: the comparison
/// then uses grades that may have changed since.
fn draft_warning(path: &Path, data: &OpenData) -> Diagnostics {
    if data.state != Some(super::State::Bozza) {
        return Diagnostics::new();
    }
    Diagnostic::warning(
        Location::file(path),
        format!(
            "i dati aperti del {} sono quelli di una bozza: il confronto con l'anno precedente usa gradi che potrebbero essere cambiati nella versione definitiva",
            data.year
        ),
    )
    .with_hint(format!(
        "eseguire «consuntivo relazione» sui dati del {} dopo la validazione, per avere i dati definitivi",
        data.year
    ))
    .into()
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

/// Largest open-data JSON read back: an ente of 10,000 indicators writes
/// a few megabytes.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;
/// Longest text in it (the plan's titles and descriptions are far shorter).
pub const MAX_TEXT: usize = 10_000;

/// Reads and checks one open-data JSON that must be of a year before `year`:
/// read as hostile input (a regular file of bounded size, UTF-8), every
/// text free of control characters, every grade a fraction in [0, 1] and
/// every weight a plain number, so what it says can be printed as it is.
pub fn load(path: &Path, year: i32) -> Result<OpenData, Diagnostics> {
    let text = crate::input::read_text_max(path, MAX_FILE).map_err(|e| match e {
        crate::input::InputError::Missing => error(
            path,
            "file dei dati aperti dell'anno precedente non trovato".to_string(),
        ),
        // The whole path says these are last year's open data; how to get
        // them back replaces the generic hint.
        crate::input::InputError::Bad(d) => Diagnostic {
            location: Location {
                whole_path: true,
                ..d.location.clone()
            },
            hints: Vec::new(),
            ..*d
        }
        .with_hint(regenerate_hint(path))
        .into(),
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
            "i dati aperti dell'anno precedente non sono un JSON valido".to_string(),
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
    if let Some(problem) = bad_text(&value, &mut String::new()) {
        return Err(error(path, problem));
    }
    let data: OpenData = serde_json::from_str(&text).map_err(|e| {
        located(
            &e,
            format!(
                "dati aperti dell'anno precedente incompleti o alterati: {}",
                json_problem(&e)
            ),
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
    if let Some(problem) = out_of_range(&data) {
        return Err(error(
            path,
            format!("dati aperti dell'anno precedente alterati: {problem}"),
        ));
    }
    Ok(data)
}

/// What serde_json found wrong with a field, in Italian.
fn json_problem(e: &serde_json::Error) -> String {
    let m = e.to_string();
    let quoted = |prefix: &str| {
        m.strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    if let Some(field) = quoted("missing field `") {
        format!("manca il campo «{field}»")
    } else if m.starts_with("invalid type") || m.starts_with("invalid value") {
        "un campo ha un valore del tipo sbagliato".to_string()
    } else {
        "un campo non è come lo scrive consuntivo".to_string()
    }
}

/// The first text that no document or terminal should print as it is: a
/// control or bidirectional formatting character (line breaks and tabs
/// only in texts other than names and codes), or a text too long; `at` is
/// the field's path (`unita[2].nome`).
fn bad_text(v: &serde_json::Value, at: &mut String) -> Option<String> {
    use serde_json::Value;
    let child = |at: &mut String, suffix: &str, v: &Value| {
        let len = at.len();
        at.push_str(suffix);
        let found = bad_text(v, at);
        at.truncate(len);
        found
    };
    match v {
        Value::String(s) => {
            if s.chars().count() > MAX_TEXT {
                Some(format!(
                    "il testo del campo «{at}» è lungo più di {MAX_TEXT} caratteri"
                ))
            } else if s.chars().any(|c| {
                // Plan texts keep their line breaks; names and codes, which
                // the comparison prints on the terminal, keep none.
                let line_break = matches!(c, '\n' | '\r' | '\t');
                let name = at.ends_with("nome") || at.ends_with("id");
                crate::diag::is_unsafe_char(c) && (name || !line_break)
            }) {
                Some(format!(
                    "il campo «{at}» contiene caratteri di controllo, che consuntivo non scrive"
                ))
            } else {
                None
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, x)| child(at, &format!("[{i}]"), x)),
        Value::Object(map) => map.iter().find_map(|(k, x)| {
            let name = if at.is_empty() {
                k.clone()
            } else {
                format!(".{k}")
            };
            child(at, &name, x)
        }),
        _ => None,
    }
}

/// The first grade outside [0, 1] or weight that is no plain number.
fn out_of_range(d: &OpenData) -> Option<String> {
    let grade = |what: String, g: Option<f64>| {
        g.filter(|g| !(0.0..=1.0).contains(g))
            .map(|g| format!("{what}: grado {g} fuori dall'intervallo da 0 a 1"))
    };
    let weight = |what: String, w: Option<f64>| {
        w.filter(|w| !(0.0..=1e9).contains(w))
            .map(|w| format!("{what}: peso {w} non ammesso"))
    };
    if !(1900..=9999).contains(&d.year) {
        return Some(format!("anno {} non ammesso", d.year));
    }
    let ente =
        || grade("ente".into(), d.ente.grade).or_else(|| grade("ente".into(), d.ente.computed));
    let units = || {
        d.units.iter().find_map(|u| {
            let what = || format!("unità «{}»", u.id);
            grade(what(), u.grade)
                .or_else(|| grade(what(), u.computed))
                .or_else(|| weight(what(), Some(u.total_weight)))
        })
    };
    let objectives = || {
        d.objectives.iter().find_map(|o| {
            let what = || format!("obiettivo «{}» dell'unità «{}»", o.objective, o.unit);
            grade(what(), o.grade)
                .or_else(|| grade(what(), o.objective_grade))
                .or_else(|| weight(what(), o.weight))
        })
    };
    let indicators = || {
        d.indicators.iter().find_map(|i| {
            let what = || format!("indicatore «{}» dell'unità «{}»", i.indicator, i.unit);
            grade(what(), i.grade)
                .or_else(|| grade(what(), i.computed))
                .or_else(|| weight(what(), i.weight))
        })
    };
    ente()
        .or_else(units)
        .or_else(objectives)
        .or_else(indicators)
}

/// The default folder of a year's open data under the output directory.
pub fn default_dir(outputs: &Path, year: i32) -> PathBuf {
    outputs.join(year.to_string()).join(DIR)
}
