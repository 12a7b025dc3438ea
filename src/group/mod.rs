//! A group of entes served by one Nucleo (`consuntivo --enti CARTELLA`):
//! the group's folder, with `enti.toml` naming the group and its entes,
//! each ente a subfolder laid out as a single ente's (`inputs/`,
//! `templates/`, `outputs/`), and at the top the files the entes share
//! (`smvp.toml`, `templates/`, `ente.toml`). Each ente comes out as an
//! [`EnteFolder`] value that knows the group's folder ([`EnteFolder::shared`]):
//! an ente's own file wins over the shared one. `run.rs` runs a job over
//! the entes in parallel and tabulates the outcome. Nothing here prints.
//!
//! ```toml
//! nome = "Nucleo di Valutazione associato dell'Unione …"
//! anno = 2023              # optional: an ente of another year is not run
//!
//! [[ente]]
//! cartella = "alzano"      # a subfolder of the group's folder
//! ```
//!
//! Without any `[[ente]]`, every subfolder with an `inputs/` folder is an
//! ente, in the order of their names; the other subfolders are skipped
//! and named ([`Group::skipped`]).

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::ente::EnteFolder;

pub mod compare;
mod run;

pub use run::{Outcome, Row, run_each, table};

/// The group's file, in the group's folder.
pub const FILE_NAME: &str = "enti.toml";

/// The group: its name, its year if it fixes one, its entes.
#[derive(Debug, Clone)]
pub struct Group {
    /// The group's folder.
    pub dir: PathBuf,
    /// The group's name (`nome`): the Unione, the convenzione.
    pub name: String,
    /// The year every ente's plan must be of (`anno`), if given.
    pub year: Option<i32>,
    pub members: Vec<Member>,
    /// Subfolders that are not an ente (no `inputs/`), relative to the
    /// group's folder, when the entes are found rather than listed.
    pub skipped: Vec<PathBuf>,
}

/// One ente of the group.
#[derive(Debug, Clone)]
pub struct Member {
    /// The ente's name: its plan's `[ente] nome`, or its folder's name
    /// when the plan does not say it or does not load.
    pub name: String,
    /// Its folder, relative to the group's folder.
    pub folder: PathBuf,
    /// The ente as a value, with the group's folder for what it shares.
    pub ente: EnteFolder,
    /// The year of its plan, when the plan loads.
    pub plan_year: Option<i32>,
}

impl Member {
    /// The rules file the ente uses, relative to the group's folder.
    pub fn rules_file(&self, group: &Group) -> PathBuf {
        relative(
            &group.dir,
            &self.ente.rules_path(&crate::ente::ScoreOptions::default()),
        )
    }

    /// The templates folders the ente uses (its own, then the shared
    /// one), relative to the group's folder; empty: the built-in copies.
    pub fn template_folders(&self, group: &Group) -> Vec<PathBuf> {
        let dirs = self.ente.template_dirs();
        dirs.own
            .iter()
            .chain(dirs.shared.iter())
            .map(|d| relative(&group.dir, d))
            .collect()
    }

    /// Why the ente is not run with the others: its plan is of another
    /// year than the group's.
    pub fn other_year(&self, group: &Group) -> Option<(i32, i32)> {
        match (self.plan_year, group.year) {
            (Some(p), Some(g)) if p != g => Some((p, g)),
            _ => None,
        }
    }
}

fn relative(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    nome: toml::Spanned<String>,
    anno: Option<toml::Spanned<i64>>,
    #[serde(default)]
    ente: Vec<toml::Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    cartella: toml::Spanned<String>,
}

impl Group {
    /// Reads `enti.toml` in `dir` and finds the entes; every problem of
    /// the file at its line.
    pub fn load(dir: &Path) -> Result<Group, Diagnostics> {
        let path = dir.join(FILE_NAME);
        let text = match crate::input::read_text(&path) {
            Ok(t) => t,
            Err(crate::input::InputError::Missing) => {
                return Err(Diagnostic::error(
                    Location::folder(dir),
                    format!("la cartella del gruppo non ha il file {FILE_NAME}"),
                )
                .with_hint(format!(
                    "creare {FILE_NAME} con il nome del gruppo, per esempio nome = \"Nucleo di Valutazione associato dell'Unione dei Comuni\", ed eventualmente un [[ente]] cartella = \"…\" per ogni ente (docs/enti.md)"
                ))
                .into());
            }
            Err(crate::input::InputError::Bad(d)) => return Err((*d).into()),
        };
        let at = |offset: usize| Location::at_offset(&path, &text, offset);
        let file: File = toml::from_str(&text).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(
                    e.span().map_or_else(|| Location::file(&path), |s| at(s.start)),
                    format!(
                        "{FILE_NAME} non valido: {}",
                        crate::toml_msg::italian_at(e.message(), &text, e.span())
                    ),
                )
                .with_hint(
                    "le voci ammesse sono nome (obbligatorio), anno e, per ogni ente, una sezione [[ente]] con cartella = \"…\"",
                ),
            )
        })?;
        let mut errors = Diagnostics::new();
        let name = file.nome.get_ref().trim().to_string();
        if name.is_empty() {
            errors.push(Diagnostic::error(
                at(file.nome.span().start),
                "il nome del gruppo (nome) è vuoto",
            ));
        }
        let year = match &file.anno {
            Some(y) => match i32::try_from(*y.get_ref()) {
                Ok(v) if (2000..=2100).contains(&v) => Some(v),
                _ => {
                    errors.push(
                        Diagnostic::error(
                            at(y.span().start),
                            format!("anno {} non valido", y.get_ref()),
                        )
                        .with_hint(format!(
                            "scrivere l'anno dei piani in quattro cifre, es. anno = {}",
                            chrono::Datelike::year(&chrono::Local::now().date_naive()) - 1
                        )),
                    );
                    None
                }
            },
            None => None,
        };
        // (folder, where the file lists it)
        let mut folders: Vec<(PathBuf, Option<usize>)> = Vec::new();
        let mut skipped = Vec::new();
        if file.ente.is_empty() {
            let mut found = Vec::new();
            let entries = std::fs::read_dir(dir).map_err(|e| {
                Diagnostics::from(Diagnostic::error(
                    Location::folder(dir),
                    format!(
                        "impossibile leggere la cartella del gruppo: {}",
                        crate::diag::os_error_text(&e)
                    ),
                ))
            })?;
            for entry in entries.flatten() {
                let name = entry.file_name();
                let shown = name.to_string_lossy();
                // The group's shared templates and its own outputs
                // (`confronta`) are not entes, nor worth naming.
                if !entry.path().is_dir()
                    || shown.starts_with('.')
                    || shown == "templates"
                    || shown == "outputs"
                {
                    continue;
                }
                found.push(PathBuf::from(name));
            }
            found.sort();
            for f in found {
                if dir.join(&f).join("inputs").is_dir() {
                    folders.push((f, None));
                } else {
                    skipped.push(f);
                }
            }
        } else {
            for entry in &file.ente {
                let c = &entry.get_ref().cartella;
                let rel = PathBuf::from(c.get_ref().trim());
                let here = at(c.span().start);
                let inside = !rel.as_os_str().is_empty()
                    && rel.components().all(|p| matches!(p, Component::Normal(_)));
                if !inside {
                    errors.push(
                        Diagnostic::error(
                            here,
                            format!("la cartella «{}» non è dentro la cartella del gruppo", c.get_ref()),
                        )
                        .with_hint("scrivere il nome di una sottocartella della cartella del gruppo, es. cartella = \"alzano\""),
                    );
                } else if !dir.join(&rel).is_dir() {
                    errors.push(
                        Diagnostic::error(
                            here,
                            format!(
                                "la cartella «{}» non esiste nella cartella del gruppo",
                                c.get_ref()
                            ),
                        )
                        .with_hint(
                            "correggere il nome della cartella, o togliere questa sezione [[ente]]",
                        ),
                    );
                } else if !dir.join(&rel).join("inputs").is_dir() {
                    errors.push(
                        Diagnostic::error(
                            here,
                            format!("la cartella «{}» non è un ente: non ha la cartella inputs/", c.get_ref()),
                        )
                        .with_hint("ogni ente ha i propri dati in inputs/ dentro la sua cartella (inputs/piano-<anno>.toml…)"),
                    );
                } else if let Some((_, first)) = folders.iter().find(|(f, _)| *f == rel) {
                    let line = first.map_or(0, |o| line_of(&text, o));
                    errors.push(Diagnostic::error(
                        here,
                        format!(
                            "la cartella «{}» è già elencata alla riga {line}",
                            c.get_ref()
                        ),
                    ));
                } else {
                    folders.push((rel, Some(entry.span().start)));
                }
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        let members: Vec<(Member, Option<usize>)> = folders
            .into_iter()
            .map(|(folder, line)| (member(dir, folder, year), line))
            .collect();
        for (i, (m, listed)) in members.iter().enumerate() {
            if let Some((first, _)) = members[..i].iter().find(|(o, _)| o.name == m.name) {
                let location = listed.map_or_else(|| Location::file(&path), at);
                errors.push(
                    Diagnostic::error(
                        location,
                        format!(
                            "due enti con lo stesso nome «{}»: le cartelle «{}» e «{}»",
                            m.name,
                            first.folder.display(),
                            m.folder.display()
                        ),
                    )
                    .with_hint("ogni ente del gruppo ha il suo nome ([ente] nome nel suo piano): correggere il piano, o togliere la cartella doppia"),
                );
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        Ok(Group {
            dir: dir.to_path_buf(),
            name,
            year,
            members: members.into_iter().map(|(m, _)| m).collect(),
            skipped,
        })
    }

    /// The members `only` names (by name or folder), in the group's order;
    /// all of them when `only` is empty. An unknown name is an error that
    /// lists the entes.
    pub fn select(&self, only: &[String]) -> Result<Vec<&Member>, Diagnostics> {
        if only.is_empty() {
            return Ok(self.members.iter().collect());
        }
        let matches = |m: &Member, n: &str| {
            let n = n.trim();
            m.name.eq_ignore_ascii_case(n) || m.folder.as_os_str().to_string_lossy() == n
        };
        let unknown: Vec<&String> = only
            .iter()
            .filter(|n| !self.members.iter().any(|m| matches(m, n)))
            .collect();
        if !unknown.is_empty() {
            let names: Vec<String> = self
                .members
                .iter()
                .map(|m| format!("«{}» (cartella {})", m.name, m.folder.display()))
                .collect();
            return Err(Diagnostic::error(
                Location::file(self.dir.join(FILE_NAME)),
                format!(
                    "--solo: {} non {} del gruppo",
                    unknown
                        .iter()
                        .map(|n| format!("«{n}»"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if unknown.len() == 1 {
                        "è un ente"
                    } else {
                        "sono enti"
                    }
                ),
            )
            .with_hint(format!("gli enti del gruppo sono: {}", names.join(", ")))
            .into());
        }
        Ok(self
            .members
            .iter()
            .filter(|m| only.iter().any(|n| matches(m, n)))
            .collect())
    }
}

/// The ente in `folder` of the group in `dir`: its inputs, outputs and
/// own templates where a single ente has them, the group's folder for the
/// rest; its name and year from its plan when it loads.
///
/// With the group's `year`, the ente's plan of that year when it has one
/// (`piano-<anno>.toml`): in spring a comune closes last year's cycle
/// while next year's plan is already in its folder (review 38).
fn member(dir: &Path, folder: PathBuf, year: Option<i32>) -> Member {
    let root = dir.join(&folder);
    let inputs = root.join("inputs");
    let plan = year
        .map(|y| inputs.join(format!("piano-{y}.toml")))
        .filter(|p| p.is_file());
    let ente = EnteFolder {
        templates: Some(root.join("templates")).filter(|d| d.is_dir()),
        shared: Some(dir.to_path_buf()),
        plan,
        ..EnteFolder::new(inputs, root.join("outputs"))
    };
    // The name and year as the plan writes them, read without loading the
    // whole plan: a plan with a mistake elsewhere still names its ente
    // (its mistakes are reported when the ente runs).
    let plan: Option<toml::Table> = ente
        .plan_path()
        .ok()
        .and_then(|p| crate::input::read_text(&p).ok())
        .and_then(|t| t.parse().ok());
    let field = |section: &str, key: &str| {
        plan.as_ref()
            .and_then(|t| t.get(section))
            .and_then(|s| s.get(key))
            .cloned()
    };
    let name = field("ente", "nome")
        .and_then(|v| v.as_str().map(|n| n.trim().to_string()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| folder.to_string_lossy().into_owned());
    let plan_year = field("piano", "anno")
        .and_then(|v| v.as_integer())
        .and_then(|y| i32::try_from(y).ok());
    Member {
        name,
        plan_year,
        folder,
        ente,
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
}

#[cfg(test)]
mod tests;
