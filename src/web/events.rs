//! What the sportello's pages did, as values: a decision of the
//! evaluator, the validation act recorded, the Relazione's texts edited.
//! Every action that writes an input file sends one to [`record`], the
//! single place where actions are recorded: today a line on the server's
//! standard error (the terminal, or the service's journal); the «Registro»
//! keeps them too once it exists.

use std::path::PathBuf;

use super::App;
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
            Event::TextsEdited { who, fields } => {
                format!(
                    "{who}: modificati i testi della Relazione ({})",
                    fields.join(", ")
                )
            }
        }
    }
}

/// Records `event`.
pub fn record(_app: &App, event: Event) {
    let now = chrono::Local::now().format("%d/%m/%Y %H:%M:%S");
    // Typed text may hold control characters: none reaches the terminal.
    let line: String = event
        .describe()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    eprintln!("{now} {line}");
}
