//! A unit's form sent through the page: judged by its content (never by
//! its name), read with the same reader and checks as `verifica`, then
//! either put in place of the unit's accepted form (atomically, the
//! previous version kept in the archive) or kept aside «da correggere»
//! with its messages, leaving the accepted form as it was.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::access::hex;
use super::page::Shown;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ente::{EnteFolder, ScoreOptions};
use crate::filename::safe_file_name;
use crate::forms;
use crate::plan::{Area, Plan};
use crate::vocab::Vocabulary;

/// A spreadsheet format, as the file's bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// What `bytes` are: an xls (OLE compound file), an ods (zip whose
/// `mimetype` says so) or an xlsx (zip with a workbook part); anything
/// else is `None`. Only the zip's directory is read, never its contents.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Some(Format::Xls);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    // An ods stores `mimetype` first and uncompressed, as its spec requires.
    if bytes.len() > 38 + ODS_MIME.len() && &bytes[30..38] == b"mimetype" {
        let body = &bytes[38..];
        if body.starts_with(ODS_MIME) && !body[ODS_MIME.len()..].starts_with(b"-") {
            return Some(Format::Ods);
        }
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<&[u8]> = zip.file_names_raw().collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n.as_bytes()));
    (has("[Content_Types].xml") && has("xl/workbook.xml")).then_some(Format::Xlsx)
}

/// What happened to one upload: shown on the unit's page, kept as JSON in
/// the sportello's folder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Outcome {
    /// When the file arrived, local time, «GG/MM/AAAA HH:MM».
    pub when: String,
    pub sha256: String,
    pub bytes: usize,
    pub accepted: bool,
    /// The file name it was checked (and, if accepted, saved) under.
    pub file: String,
    pub diagnostics: Vec<Shown>,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.error).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Where the sportello keeps a unit's uploads: `<cartella>/<anno>/<unità>/`.
pub fn unit_dir(state: &Path, kind: &str, plan: &Plan, area: &Area) -> PathBuf {
    state
        .join(kind)
        .join(plan.year.to_string())
        .join(safe_file_name(&area.name))
}

/// The last outcome of a unit's uploads, if any.
pub fn last_outcome(state: &Path, plan: &Plan, area: &Area) -> Option<Outcome> {
    let path = unit_dir(state, "esiti", plan, area).join("ultimo.json");
    let text = crate::input::read_text(&path).ok()?;
    serde_json::from_str(&text).ok()
}

/// The unit's accepted form in the forms folder, if there is one under
/// its own name (any of the spreadsheet extensions).
pub fn accepted_form(ente: &EnteFolder, plan: &Plan, area: &Area) -> Option<PathBuf> {
    let dir = ente.forms_dir(plan.year);
    let stem = stem_of(plan, area);
    ["xlsx", "xlsm", "xls", "ods"]
        .iter()
        .map(|x| dir.join(format!("{stem}.{x}")))
        .find(|p| p.is_file())
}

fn stem_of(plan: &Plan, area: &Area) -> String {
    let name = forms::file_name(plan, &area.name);
    name.strip_suffix(".xlsx").unwrap_or(&name).to_string()
}

/// Everything that checking one upload needs.
pub struct Upload<'a> {
    pub ente: &'a EnteFolder,
    pub state: &'a Path,
    pub plan: &'a Plan,
    pub vocab: &'a Vocabulary,
    pub area: &'a Area,
    pub bytes: Vec<u8>,
    pub at: DateTime<Local>,
}

/// Checks an upload: the same reading and the same checks as `verifica`,
/// with this file in place of the unit's form; returns the outcome and
/// the name to save it under. Nothing is written to the inputs here.
pub fn check(u: &Upload<'_>) -> (Outcome, Option<Format>) {
    let sha = hex(&Sha256::digest(&u.bytes));
    let format = sniff(&u.bytes);
    let stem = stem_of(u.plan, u.area);
    let file = format!("{stem}.{}", format.map_or("xlsx", Format::extension));
    let shown_path = u.ente.forms_dir(u.plan.year).join(&file);
    let mut outcome = Outcome {
        when: u.at.format("%d/%m/%Y %H:%M").to_string(),
        sha256: sha,
        bytes: u.bytes.len(),
        accepted: false,
        file: file.clone(),
        diagnostics: Vec::new(),
    };
    if format.is_none() {
        outcome.diagnostics.push(Shown::from(
            &Diagnostic::error(
                Location::default(),
                "il file inviato non è un foglio di calcolo .xlsx, .xls o .ods (o è troncato)",
            )
            .with_hint(format!(
                "inviare il modulo scaricato da questa pagina, salvato dal programma di fogli di calcolo come {stem}.xlsx"
            )),
        ));
        return (outcome, None);
    }
    let diags = match forms::read_form_bytes(u.plan, &shown_path, u.bytes.clone(), u.vocab) {
        Err(d) => d,
        Ok((report, warnings)) if report.area != u.area.id => {
            let other = u
                .plan
                .area(&report.area)
                .map(|a| a.name.clone())
                .unwrap_or_else(|| report.area.to_string());
            let mut d = Diagnostics::from(
                Diagnostic::error(
                    Location::file(&shown_path),
                    format!("è il modulo di {other}, non di {}", u.area.name),
                )
                .with_hint(format!(
                    "inviare da questa pagina il modulo di {}; quello di {other} lo invia chi ne ha il link",
                    u.area.name
                )),
            );
            d.extend(warnings);
            d
        }
        Ok(_) => whole_check(u, &file),
    };
    outcome.accepted = !diags.has_errors();
    outcome.diagnostics = Shown::all(&diags);
    (outcome, format)
}

/// `verifica` on a copy of the forms folder with this upload in place of
/// the unit's form: the diagnostics about this file.
fn whole_check(u: &Upload<'_>, file: &str) -> Diagnostics {
    let scratch = match tempfile::Builder::new()
        .prefix(".verifica-")
        .tempdir_in(u.state)
    {
        Ok(d) => d,
        Err(e) => {
            return Diagnostic::error(
                Location::file(u.state),
                format!(
                    "impossibile preparare la verifica del modulo: {}",
                    crate::diag::os_error_text(&e)
                ),
            )
            .into();
        }
    };
    let dir = scratch.path();
    let mine = accepted_form(u.ente, u.plan, u.area);
    if let Ok(listing) = std::fs::read_dir(u.ente.forms_dir(u.plan.year)) {
        for e in listing.flatten() {
            let p = e.path();
            let hidden = e.file_name().to_string_lossy().starts_with('.');
            if hidden || Some(&p) == mine.as_ref() || !p.is_file() {
                continue;
            }
            let to = dir.join(e.file_name());
            if std::fs::hard_link(&p, &to).is_err() {
                let _ = std::fs::copy(&p, &to);
            }
        }
    }
    if let Err(e) = std::fs::write(dir.join(file), &u.bytes) {
        return Diagnostic::error(
            Location::file(u.state),
            format!(
                "impossibile preparare la verifica del modulo: {}",
                crate::diag::os_error_text(&e)
            ),
        )
        .into();
    }
    let options = ScoreOptions {
        forms: Some(dir.to_path_buf()),
        ..ScoreOptions::default()
    };
    let all = match u.ente.check(&options, &crate::progress::Silent) {
        Ok((_, warnings)) => warnings,
        Err(d) => d,
    };
    let ours = dir.join(file);
    let shown = u.ente.forms_dir(u.plan.year).join(file);
    let mut mine = Diagnostics::new();
    for mut d in all.0 {
        if d.location.file.as_deref() == Some(ours.as_path()) {
            d.location.file = Some(shown.clone());
            mine.push(d);
        }
    }
    mine
}

/// Keeps the outcome, and the file: accepted, it replaces the unit's form
/// in the inputs (one rename) and a copy goes to the archive; with errors
/// it is kept aside «da correggere» and the inputs are left alone.
pub fn keep(u: &Upload<'_>, outcome: &Outcome, format: Option<Format>) -> Result<(), Diagnostics> {
    let io = |path: &Path, e: String| -> Diagnostics {
        Diagnostic::error(
            Location::file(path),
            format!("impossibile salvare il modulo inviato: {e}"),
        )
        .into()
    };
    let write = |path: &Path, bytes: &[u8]| -> Result<(), Diagnostics> {
        crate::output::write_file(path, bytes)
            .map(|_| ())
            .map_err(|e| io(path, e.to_string()))
    };
    let ext = format.map_or("bin", Format::extension);
    let stamp = u.at.format("%Y%m%d-%H%M%S").to_string();
    if outcome.accepted {
        let archived = unit_dir(u.state, "archivio", u.plan, u.area)
            .join(format!("{stamp}-{}.{ext}", &outcome.sha256[..12]));
        write(&archived, &u.bytes)?;
        let dir = u.ente.forms_dir(u.plan.year);
        let target = dir.join(&outcome.file);
        let previous = accepted_form(u.ente, u.plan, u.area).filter(|p| *p != target);
        write(&target, &u.bytes)?;
        // Sent in another format than the accepted one: the old file goes,
        // or the folder would hold two forms of one unit.
        if let Some(old) = previous {
            std::fs::remove_file(&old).map_err(|e| io(&old, crate::diag::os_error_text(&e)))?;
        }
        let aside = unit_dir(u.state, "da-correggere", u.plan, u.area);
        let _ = std::fs::remove_dir_all(&aside);
    } else if format.is_some() {
        let aside = unit_dir(u.state, "da-correggere", u.plan, u.area);
        let _ = std::fs::remove_dir_all(&aside);
        write(&aside.join(&outcome.file), &u.bytes)?;
    }
    let json = serde_json::to_vec_pretty(outcome).map_err(|e| io(u.state, e.to_string()))?;
    write(
        &unit_dir(u.state, "esiti", u.plan, u.area).join("ultimo.json"),
        &json,
    )
}
