//! What the Areas reported (*rendicontazione*): the contract between
//! `forms` (which reads it from workbooks) and `scoring` (which grades it).
//! Every value keeps the cell it came from, so reports can cite it and
//! nothing a user typed is lost. [`check`] is the same contract for the
//! mid-year monitoring, between `forms` and `monitoring`.
//!
//! Takes nothing but plan identifiers; gives plain data. Must not touch
//! workbooks, rules or grades: it is what was reported, not what it means.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::plan::{AreaId, IndicatorId};

pub mod check;

/// Where a value was read: file, sheet and A1 cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellRef {
    pub file: PathBuf,
    pub sheet: String,
    pub cell: String,
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = self
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        write!(f, "{name} › {} › {}", self.sheet, self.cell)
    }
}

/// A value with the cell it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    pub at: CellRef,
}

/// The status an Area proposes for an indicator (*stato proposto*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposedStatus {
    Achieved,
    PartiallyAchieved,
    NotAchieved,
    NotApplicable,
}

impl ProposedStatus {
    pub const ALL: [ProposedStatus; 4] = [
        ProposedStatus::Achieved,
        ProposedStatus::PartiallyAchieved,
        ProposedStatus::NotAchieved,
        ProposedStatus::NotApplicable,
    ];

    /// The wording used in forms and reports.
    pub fn label(self) -> &'static str {
        match self {
            ProposedStatus::Achieved => "Raggiunto",
            ProposedStatus::PartiallyAchieved => "Parzialmente raggiunto",
            ProposedStatus::NotAchieved => "Non raggiunto",
            ProposedStatus::NotApplicable => "Non applicabile",
        }
    }
}

/// One source workbook that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Lower-case hex SHA-256 of the file's bytes (annex of the Relazione).
    pub sha256: String,
    pub area: AreaId,
}

/// What one Area reported for one target of one indicator. Indicators with
/// several targets have one entry per target (`target` is the index in
/// [`crate::plan::Indicator::targets`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub indicator: IndicatorId,
    pub target: usize,
    pub area: AreaId,
    /// Date the target was achieved (*data di realizzazione*).
    pub date: Option<Sourced<NaiveDate>>,
    /// Value achieved; a percentage is stored as 0–100 (90 means 90%).
    pub value: Option<Sourced<f64>>,
    /// Done / not done (*sì/no*).
    pub done: Option<Sourced<bool>>,
    pub status: Option<Sourced<ProposedStatus>>,
    /// *Documentazione/evidenze*, e.g. "DGC n. 45 del 12/05/2023".
    pub evidence: Option<Sourced<String>>,
    pub notes: Option<Sourced<String>>,
    /// *Motivazione dello scostamento*.
    pub motivation: Option<Sourced<String>>,
}

impl Entry {
    /// A row of `area`'s form for `indicator`'s target number `target`,
    /// with nothing filled in: what an untouched row reads as, and the
    /// start of every entry built by hand.
    pub fn blank(indicator: IndicatorId, target: usize, area: AreaId) -> Self {
        Entry {
            indicator,
            target,
            area,
            date: None,
            value: None,
            done: None,
            status: None,
            evidence: None,
            notes: None,
            motivation: None,
        }
    }

    /// True when the Area filled in nothing for this row.
    pub fn is_blank(&self) -> bool {
        self.date.is_none()
            && self.value.is_none()
            && self.done.is_none()
            && self.status.is_none()
            && self.evidence.is_none()
            && self.notes.is_none()
            && self.motivation.is_none()
    }
}

/// The form of one Area, as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaReport {
    pub area: AreaId,
    pub source: SourceFile,
    pub entries: Vec<Entry>,
    /// Where each target's row is in the form (the cell of its code), so
    /// a message about a row left empty names it; empty for reports not
    /// read from a form.
    #[serde(skip)]
    pub rows: Vec<TargetRow>,
}

/// The row of one target in a form: the cell holding its code.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    pub indicator: IndicatorId,
    pub target: usize,
    pub at: CellRef,
}

impl AreaReport {
    /// The cell of the row of `indicator`'s target number `target`.
    pub fn row(&self, indicator: &IndicatorId, target: usize) -> Option<&CellRef> {
        self.rows
            .iter()
            .find(|r| &r.indicator == indicator && r.target == target)
            .map(|r| &r.at)
    }
}

/// Everything reported for one year.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Results {
    pub year: i32,
    /// One per Area that sent a form; Areas without one are absent.
    pub reports: Vec<AreaReport>,
}

impl Results {
    pub fn report(&self, area: &AreaId) -> Option<&AreaReport> {
        self.reports.iter().find(|r| &r.area == area)
    }

    pub fn entry(&self, area: &AreaId, indicator: &IndicatorId, target: usize) -> Option<&Entry> {
        self.report(area)?
            .entries
            .iter()
            .find(|e| &e.indicator == indicator && e.target == target)
    }
}
