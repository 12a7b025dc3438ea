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
use super::disk::Disk;
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
    /// Not an upload: an earlier version put back in place, accepted then
    /// at this time («GG/MM/AAAA HH:MM:SS»).
    #[serde(default)]
    pub restored: Option<String>,
    /// Accepted, and byte for byte the form already in use: nothing was
    /// replaced and no version added.
    #[serde(default)]
    pub unchanged: bool,
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
    pub disk: &'a Disk,
    /// The name the visitor's file had on their computer, shown (as text,
    /// never a path) where a refusal names the file.
    pub sent_name: Option<String>,
}

impl<'a> Upload<'a> {
    /// `bytes` sent now by visitor `v` for `area`.
    pub(crate) fn now(
        app: &'a super::App,
        v: &'a super::page::Visitor,
        area: &'a Area,
        bytes: Vec<u8>,
    ) -> Self {
        Upload {
            ente: &app.config.ente,
            state: &app.config.state,
            plan: &v.plan,
            vocab: &v.vocab,
            area,
            bytes,
            at: chrono::Local::now(),
            disk: &app.disk,
            sent_name: None,
        }
    }

    /// The same, naming the file as the visitor's computer named it.
    pub(crate) fn sent_as(mut self, name: Option<&str>) -> Self {
        self.sent_name = name.and_then(shown_name);
        self
    }
}

/// The last part of a name a browser sent (some send a whole Windows
/// path), without control characters; `None` when nothing is left.
fn shown_name(sent: &str) -> Option<String> {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or(sent);
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    (!clean.is_empty()).then(|| clean.to_string())
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
        restored: None,
        unchanged: false,
    };
    if format.is_none() {
        outcome.diagnostics.push(Shown::from(
            &Diagnostic::error(
                Location::default(),
                "il file inviato non è un foglio di calcolo .xlsx, .xls o .ods (o è troncato)",
            )
            .with_hint(format!(
                "inviare il modulo «{stem}.xlsx» scaricato da questa pagina, salvato dal programma di fogli di calcolo in formato .xlsx, .xls o .ods"
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
            let of = |id: &str, name: &str| u.vocab.named_unit(crate::vocab::Prep::Di, id, name);
            let other = of(report.area.as_str(), &other);
            let mine = of(u.area.id.as_str(), &u.area.name);
            let mut d = Diagnostics::from(
                Diagnostic::error(
                    Location::file(&shown_path),
                    format!("è il modulo {other}, non {mine}"),
                )
                .with_hint(format!(
                    "inviare da questa pagina il modulo {mine}; quello {other} lo invia chi ne ha il link"
                )),
            );
            d.extend(warnings);
            d
        }
        Ok(_) => whole_check(u, &file),
    };
    let mut diags = for_the_unit(diags, u, &shown_path);
    outcome.accepted = !diags.has_errors();
    // Refused, the file has no name here yet: it is named as it was sent
    // («il file inviato»), not as it would have been saved.
    if !outcome.accepted
        && let Some(sent) = &u.sent_name
    {
        for d in diags.0.iter_mut() {
            if d.location.file.as_deref() == Some(shown_path.as_path()) {
                d.location.file = Some(PathBuf::from(sent));
                d.location.whole_path = false;
            }
        }
    }
    outcome.diagnostics = Shown::all(&diags);
    (outcome, format)
}

/// The code of the plain message [`for_the_unit`] writes.
pub const TAKE_AGAIN: &str = "modulo-da-scaricare-di-nuovo";

/// The diagnostics of an upload as the unit can act on them: a problem
/// in the form's hidden sheet (cells the unit cannot see) becomes one
/// message at the file, saying in plain words that this is not the form
/// written for the unit this year, or that it was altered, and what to
/// do (take the form again: `code` [`TAKE_AGAIN`], worded by
/// `diagnostica.html`). Every other diagnostic stays as `verifica`
/// prints it.
fn for_the_unit(diags: Diagnostics, u: &Upload<'_>, shown_path: &Path) -> Diagnostics {
    let hidden = |d: &Diagnostic| {
        matches!(d.code, Some(forms::NOT_THE_FORM | forms::OTHER_FORM))
            || d.location
                .sheet
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case(forms::META_SHEET))
    };
    let mut out = Diagnostics::new();
    let mut told = false;
    for d in diags.0 {
        if !hidden(&d) {
            out.push(d);
            continue;
        }
        if told {
            continue;
        }
        told = true;
        let mut plain = Diagnostic::error(
            Location::file(shown_path),
            format!(
                "il file inviato non è il modulo {} per il {} scaricato da questa pagina, oppure è stato modificato nelle parti nascoste che servono a riconoscerlo",
                u.vocab.unit_named(crate::vocab::Prep::Di, &u.area.name),
                u.plan.year
            ),
        )
        .with_code(TAKE_AGAIN);
        // What the reader found, when it says it in the unit's terms (a
        // form of another year, ente or kind).
        if d.code == Some(forms::OTHER_FORM) {
            plain = plain.with_detail(d.message.clone());
        }
        out.push(plain);
    }
    out
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

/// Keeps the outcome, and the file: accepted, a copy goes to the archive
/// and it replaces the unit's form in the inputs (one rename); with errors
/// it is kept aside «da correggere» and the inputs are left alone. A write
/// that fails (a full disk) leaves the unit's accepted form as it was, and
/// no archived copy of a version that never was in use.
pub fn keep(u: &Upload<'_>, outcome: &Outcome, format: Option<Format>) -> Result<(), Diagnostics> {
    let ext = format.map_or("bin", Format::extension);
    let in_use = accepted_form(u.ente, u.plan, u.area);
    if outcome.accepted
        && in_use.as_ref().and_then(|p| p.file_name()) == Some(std::ffi::OsStr::new(&outcome.file))
        && in_use
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .as_deref()
            == Some(&u.bytes[..])
    {
        // The same file again: the form in use stays, no version is added.
        let aside = unit_dir(u.state, "da-correggere", u.plan, u.area);
        let _ = std::fs::remove_dir_all(&aside);
        let same = Outcome {
            unchanged: true,
            ..outcome.clone()
        };
        return save_outcome(u, &same);
    }
    if outcome.accepted {
        // When, to the millisecond: the names sort as the uploads came.
        let stamp = format!(
            "{}-{:03}",
            u.at.format(STAMP),
            u.at.timestamp_subsec_millis().min(999)
        );
        let archived = unit_dir(u.state, ARCHIVE, u.plan, u.area)
            .join(format!("{stamp}-{}.{ext}", &outcome.sha256[..12]));
        let existed = archived.exists();
        write(u.disk, &archived, &u.bytes)?;
        if let Err(e) = put_in_place(u, &outcome.file) {
            if !existed {
                let _ = std::fs::remove_file(&archived);
            }
            return Err(e);
        }
        let aside = unit_dir(u.state, "da-correggere", u.plan, u.area);
        let _ = std::fs::remove_dir_all(&aside);
        // The form is in place: an outcome that cannot be saved does not
        // undo it, but the previous outcome must not pass for this one.
        if let Err(d) = save_outcome(u, outcome) {
            let _ = std::fs::remove_file(outcome_path(u));
            for x in d.iter() {
                eprintln!("{x}");
            }
        }
        return Ok(());
    } else if format.is_some() {
        let aside = unit_dir(u.state, "da-correggere", u.plan, u.area);
        let _ = std::fs::remove_dir_all(&aside);
        write(u.disk, &aside.join(&outcome.file), &u.bytes)?;
    }
    save_outcome(u, outcome)
}

fn outcome_path(u: &Upload<'_>) -> PathBuf {
    unit_dir(u.state, "esiti", u.plan, u.area).join("ultimo.json")
}

/// The outcome shown on the unit's page, kept as `ultimo.json`.
pub fn save_outcome(u: &Upload<'_>, outcome: &Outcome) -> Result<(), Diagnostics> {
    let json = serde_json::to_vec_pretty(outcome).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            Location::file(u.state),
            format!("impossibile salvare l'esito: {e}"),
        ))
    })?;
    write(u.disk, &outcome_path(u), &json)
}

/// `u.bytes` in place of the unit's form, under `file`; a form of the
/// unit in another format goes, or the folder would hold two forms of one
/// unit.
pub fn put_in_place(u: &Upload<'_>, file: &str) -> Result<(), Diagnostics> {
    let target = u.ente.forms_dir(u.plan.year).join(file);
    let previous = accepted_form(u.ente, u.plan, u.area).filter(|p| *p != target);
    write(u.disk, &target, &u.bytes)?;
    if let Some(old) = previous {
        std::fs::remove_file(&old).map_err(|e| not_saved(&old, &crate::diag::os_error_text(&e)))?;
    }
    Ok(())
}

/// How an archived version's file name starts: when it was accepted.
pub const STAMP: &str = "%Y%m%d-%H%M%S";

/// The folder of the accepted versions, in the sportello's folder.
pub const ARCHIVE: &str = "archivio";

fn not_saved(path: &Path, reason: &str) -> Diagnostics {
    Diagnostic::error(
        Location::file(path),
        format!("il modulo non si è potuto salvare: {reason}"),
    )
    .with_hint(
        "il modulo accettato in precedenza resta valido; avvisare l'ufficio e inviarlo di nuovo più tardi",
    )
    .into()
}

fn write(disk: &Disk, path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    disk.write(path, bytes)
        .map(|_| ())
        .map_err(|e| not_saved(&e.path, &e.reason))
}

#[cfg(test)]
mod tests {
    use super::shown_name;

    /// The name of a sent file as shown: its last part, whatever path a
    /// browser sent with it, never a control character.
    #[test]
    fn a_sent_name_is_shown_as_its_last_part() {
        let cases = [
            (
                "2023 - Area III Finanziaria.xlsx",
                Some("2023 - Area III Finanziaria.xlsx"),
            ),
            (
                "C:\\Users\\ufficio\\Desktop\\modulo.xlsx",
                Some("modulo.xlsx"),
            ),
            ("/home/ufficio/modulo.xlsx", Some("modulo.xlsx")),
            ("modulo\u{7}.xlsx", Some("modulo.xlsx")),
            ("C:\\", None),
            ("   ", None),
        ];
        for (sent, shown) in cases {
            assert_eq!(shown_name(sent).as_deref(), shown, "{sent:?}");
        }
    }
}
