//! What a job of the office's page is and what it did: the values the
//! jobs' runner ([`super::jobs`]), the runs ([`super::runs`]) and the
//! pages share. A leaf: it uses none of them.

use chrono::NaiveDate;
use serde::Serialize;

use super::page::Shown;
use crate::diag::Diagnostics;

/// What the office can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// The units' year-end forms.
    Forms,
    /// The units' monitoring forms at a check date.
    MonitoringForms(NaiveDate),
    Reminders,
    /// The monitoring report.
    Monitoring,
    /// The Relazione as a draft, for the evaluator.
    Draft,
    /// The final Relazione.
    Final,
    /// The SMVP document (`smvp documento`), at a date when given.
    SmvpDocument(Option<NaiveDate>),
    /// The evaluator's validation papers (`validazione`), at a date when
    /// given; they refresh «Cosa pubblicare e dove» when it is written.
    ValidationPapers(Option<NaiveDate>),
}

impl Kind {
    /// The key in the page's forms and addresses (`/lavori/<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Forms => "moduli",
            Kind::MonitoringForms(_) => "moduli-monitoraggio",
            Kind::Reminders => "solleciti",
            Kind::Monitoring => "monitoraggio",
            Kind::Draft => "bozza",
            Kind::Final => "definitiva",
            Kind::SmvpDocument(_) => "smvp",
            Kind::ValidationPapers(_) => "validazione",
        }
    }
}

/// What a finished job did, for the pages (their words are the
/// templates').
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub ok: bool,
    /// The files written, relative to the outputs folder, with `/`.
    pub files: Vec<String>,
    /// The files of the year's folder among them, downloadable from the
    /// «Documenti» list (relative to it).
    pub documents: Vec<String>,
    /// The errors that stopped the job, or the warnings of one that ran.
    pub diagnostics: Vec<Shown>,
    /// What the kind of job has to say (counts, names): see each run.
    pub facts: serde_json::Value,
}

impl Outcome {
    pub fn failed(d: &Diagnostics) -> Self {
        Outcome {
            ok: false,
            files: Vec::new(),
            documents: Vec::new(),
            diagnostics: Shown::all(d),
            facts: serde_json::Value::Null,
        }
    }
}
