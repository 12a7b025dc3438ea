//! Which files in a folder are forms, and what the folder as a whole says:
//! a unit with two forms, units with none. Shared by the year-end and
//! monitoring readers, which differ only in how they word a missing form.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::{AreaId, Plan};
use crate::results::check::CheckReport;
use crate::results::{AreaReport, SourceFile};
use crate::vocab::Vocabulary;

use super::layout;

const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// What the folder-wide rules need of one form read: its unit and file
/// (a year-end [`AreaReport`] or a monitoring [`CheckReport`]).
pub(super) trait UnitForm {
    fn unit(&self) -> &AreaId;
    fn source(&self) -> &SourceFile;
}

impl UnitForm for AreaReport {
    fn unit(&self) -> &AreaId {
        &self.area
    }
    fn source(&self) -> &SourceFile {
        &self.source
    }
}

impl UnitForm for CheckReport {
    fn unit(&self) -> &AreaId {
        &self.area
    }
    fn source(&self) -> &SourceFile {
        &self.source
    }
}

/// Adds `report`, read from `path`, unless its unit already has a form in
/// the folder: then the error naming both files.
pub(super) fn keep_first<R: UnitForm>(
    plan: &Plan,
    vocab: &Vocabulary,
    path: &Path,
    report: R,
    reports: &mut Vec<R>,
    diags: &mut Diagnostics,
) {
    if let Some(other) = reports.iter().find(|r| r.unit() == report.unit()) {
        diags.push(second_form(
            plan,
            vocab,
            path,
            report.unit(),
            &other.source().path,
        ));
    } else {
        reports.push(report);
    }
}

/// The forms in the plan's order of units.
pub(super) fn in_plan_order<R: UnitForm>(plan: &Plan, reports: &mut [R]) {
    reports.sort_by_key(|r| {
        plan.areas
            .iter()
            .position(|a| &a.id == r.unit())
            .unwrap_or(usize::MAX)
    });
}

/// The error for a second form of the same unit in one folder.
fn second_form(
    plan: &Plan,
    vocab: &Vocabulary,
    path: &Path,
    area: &AreaId,
    first: &Path,
) -> Diagnostic {
    Diagnostic::error(
        Location::file(path),
        format!(
            "secondo modulo per {}: c'è già «{}»",
            area_label(plan, vocab, area),
            file_label(first)
        ),
    )
    .with_hint(format!(
        "lasciare nella cartella un solo modulo per {}",
        vocab.unit.singular
    ))
}

/// Warnings for the units with rows in the plan and no form in `dir`.
/// `message` says it for a unit's name.
pub(super) fn missing_units(
    plan: &Plan,
    dir: &Path,
    has_form: impl Fn(&AreaId) -> bool,
    message: impl Fn(&str) -> String,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for area in &plan.areas {
        let has_rows = !layout::rows(plan, &area.id).is_empty();
        if has_rows && !has_form(&area.id) {
            diags.push(
                Diagnostic::warning(Location::folder(dir), message(&area.name))
                    .with_code(crate::diag::NO_FORM),
            );
        }
    }
    diags
}

/// The workbooks in `dir`, sorted by name (lock and hidden files skipped,
/// other files warned about). A folder that cannot be read is an error at
/// its whole path, with `hint` (how this kind of form gets there).
pub(crate) fn list_forms(
    dir: &Path,
    hint: &str,
) -> Result<(Vec<PathBuf>, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let listing = match std::fs::read_dir(dir) {
        Ok(l) => l,
        Err(e) => {
            return Err(Diagnostic::error(
                Location::folder(dir),
                format!(
                    "impossibile leggere la cartella dei moduli: {}",
                    io_text(&e)
                ),
            )
            .with_hint(hint)
            .into());
        }
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for item in listing.flatten() {
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => {}
            Ok(m) if m.is_dir() => {
                // A sub-folder is nobody's form, unless it is named like
                // one: then somebody meant a form to be here.
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                if EXTENSIONS.contains(&ext.as_str()) {
                    diags.push(
                        Diagnostic::warning(
                            Location::file(&path),
                            "cartella ignorata, perché ha il nome di un modulo ma non è un modulo",
                        )
                        .with_hint("mettere al suo posto il file del modulo compilato"),
                    );
                }
                continue;
            }
            Ok(_) => {
                diags.push(Diagnostic::warning(
                    Location::file(&path),
                    "file ignorato: non è un file ordinario (è un dispositivo, una coda o un socket)",
                ));
                continue;
            }
            Err(e) => {
                let why = if path.is_symlink() {
                    "è un collegamento simbolico che non porta a nessun file (o che gira in tondo)"
                        .to_string()
                } else {
                    crate::diag::os_error_text(&e)
                };
                diags.push(Diagnostic::warning(
                    Location::file(&path),
                    format!("file ignorato: {why}"),
                ));
                continue;
            }
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if EXTENSIONS.contains(&ext.as_str()) {
            files.push(path);
        } else {
            diags.push(Diagnostic::warning(
                Location::file(&path),
                "file ignorato: non è un foglio di calcolo (.xlsx, .xls o .ods)",
            ));
        }
    }
    files.sort();
    Ok((files, diags))
}

fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "la cartella non esiste".into(),
        std::io::ErrorKind::PermissionDenied => "permesso negato".into(),
        _ => crate::diag::os_error_text(e),
    }
}

/// "l'Area III Finanziaria", "il Settore «Tributi»": the unit with its
/// article, naming the unit's word only when its name does not start with it.
fn area_label(plan: &Plan, vocab: &Vocabulary, id: &AreaId) -> String {
    match plan.area(id) {
        Some(a) => vocab.the_unit(id.as_str(), &a.name),
        None => format!("{} «{id}»", vocab.unit.the(false)),
    }
}

pub(super) fn file_label(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}
