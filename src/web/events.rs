//! What the sportello's pages did, as values: a decision of the
//! evaluator, the validation act recorded, the Relazione's texts edited,
//! a generation started, refused or ended.
//! Every action that writes an input file sends one to [`record`], the
//! single place where actions are recorded: a line on the server's
//! standard error (the terminal, or the service's journal) and an entry
//! in the registro ([`super::record`]).

use std::path::PathBuf;

use super::App;
use super::access::Role;
use super::page::Visitor;
use super::record;
use crate::ente::decisions::DecisionKind;

/// An action taken from a page that changed an input file.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A decision on a unit's proposal, written in the Nucleo's file.
    Decision {
        /// Who took it, as the role is named («Nucleo di Valutazione»).
        who: String,
        kind: DecisionKind,
        indicator: String,
        area: String,
        /// The grade as typed, for a correction.
        grade: Option<String>,
        file: PathBuf,
    },
    /// The validation act recorded in `relazione.toml`.
    Validation {
        who: String,
        act: String,
        date: String,
    },
    /// Texts of `relazione.toml` changed: the fields, as the page names them.
    TextsEdited { who: String, fields: Vec<String> },
    /// A generation started from the office's page, refused (another
    /// was running) or ended: `what` is the job's key (`bozza`, …),
    /// `outcome` how it stands («avviata», «non avviata», «completata»,
    /// «non riuscita»), `line` the page's own sentence on it, `files` the
    /// files it wrote.
    Generation {
        who: String,
        what: String,
        outcome: String,
        line: String,
        files: Vec<String>,
    },
}

impl Event {
    /// One sentence in Italian, for the record.
    pub fn describe(&self) -> String {
        match self {
            Event::Decision {
                who,
                kind,
                indicator,
                area,
                grade,
                file,
            } => {
                let grade = grade
                    .as_deref()
                    .map(|g| format!(" (grado {})", g.trim()))
                    .unwrap_or_default();
                let name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                format!(
                    "{who}: {} dell'indicatore {indicator} per {area}{grade}, scritta in {name}",
                    kind.noun()
                )
            }
            Event::Validation { who, act, date } => {
                format!("{who}: registrato l'atto di validazione «{act}» del {date}")
            }
            Event::Generation {
                who, line, files, ..
            } => match files.len() {
                0 => format!("{who}: {line}"),
                1 => format!("{who}: {line} File scritto: {}", files[0]),
                n => format!("{who}: {line} {n} file scritti in outputs/"),
            },
            Event::TextsEdited { who, fields } => {
                format!(
                    "{who}: modificati i testi della Relazione ({})",
                    fields.join(", ")
                )
            }
        }
    }

    /// The registro's entry for this action.
    pub fn entry(&self) -> record::Event {
        match self {
            Event::Decision {
                kind,
                indicator,
                area,
                grade,
                ..
            } => record::Event::Decision {
                code: indicator.clone(),
                action: kind.noun().to_string(),
                note: match grade {
                    Some(g) => format!("{area}, grado {}", g.trim()),
                    None => area.clone(),
                },
            },
            Event::Validation { act, date, .. } => record::Event::Decision {
                code: String::new(),
                action: "atto di validazione".to_string(),
                note: format!("«{act}» del {date}"),
            },
            Event::TextsEdited { fields, .. } => record::Event::TextEdit {
                field: fields.join(", "),
                note: String::new(),
            },
            Event::Generation {
                what,
                outcome,
                line,
                files,
                ..
            } => record::Event::Generation {
                what: what.clone(),
                outcome: outcome.clone(),
                note: match files.len() {
                    0 => line.clone(),
                    1 => "1 file scritto".to_string(),
                    n => format!("{n} file scritti"),
                },
            },
        }
    }
}

/// Records `event`, done by visitor `v`.
pub fn record(app: &App, v: &Visitor, event: Event) {
    let who = super::page::role_label(&v.role, &v.plan, &v.vocab);
    record_as(app, &v.role, &who, v.plan.year, event);
}

/// Records `event`, done by `role` (named `who`) for `year`: for what
/// ends after the request that started it (a generation).
pub fn record_as(app: &App, role: &Role, who: &str, year: i32, event: Event) {
    let now = chrono::Local::now().format("%d/%m/%Y %H:%M:%S");
    // Typed text may hold control characters: none reaches the terminal.
    let line: String = event
        .describe()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    eprintln!("{now} {line}");
    if let Err(d) = app.registro.record(role, who, year, &event.entry()) {
        for x in d.iter() {
            eprintln!("{x}");
        }
    }
}
