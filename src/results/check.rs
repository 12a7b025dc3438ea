//! What the units reported at a mid-year check: the contract between the
//! form reader (`forms`) and the monitoring report (`monitoring`), as the
//! rest of `results` is for year-end.

use chrono::NaiveDate;

use crate::plan::{AreaId, IndicatorId};
use crate::results::{SourceFile, Sourced};

/// The unit's forecast for a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forecast {
    OnTrack,
    AtRisk,
    Unreachable,
}

impl Forecast {
    pub const ALL: [Forecast; 3] = [Forecast::OnTrack, Forecast::AtRisk, Forecast::Unreachable];

    /// As written in the form's drop-down.
    pub fn label(self) -> &'static str {
        match self {
            Forecast::OnTrack => "In linea",
            Forecast::AtRisk => "A rischio",
            Forecast::Unreachable => "Non raggiungibile",
        }
    }
}

/// One row of a monitoring form: one target of one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckEntry {
    pub indicator: IndicatorId,
    pub target: usize,
    pub area: AreaId,
    /// Date of realisation, when the target is already done.
    pub date: Option<Sourced<NaiveDate>>,
    /// Value reached so far (a percentage 0–100 for percentage targets and
    /// for the share of work done on deadline, yes/no and qualitative ones).
    pub progress: Option<Sourced<f64>>,
    pub forecast: Option<Sourced<Forecast>>,
    /// Proposed change to the plan (new target or deadline).
    pub proposal: Option<Sourced<String>>,
    pub proposal_motivation: Option<Sourced<String>>,
    pub notes: Option<Sourced<String>>,
}

impl CheckEntry {
    pub fn blank(indicator: IndicatorId, target: usize, area: AreaId) -> Self {
        CheckEntry {
            indicator,
            target,
            area,
            date: None,
            progress: None,
            forecast: None,
            proposal: None,
            proposal_motivation: None,
            notes: None,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.date.is_none()
            && self.progress.is_none()
            && self.forecast.is_none()
            && self.proposal.is_none()
            && self.proposal_motivation.is_none()
            && self.notes.is_none()
    }
}

/// The monitoring form of one unit, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    pub area: AreaId,
    pub source: SourceFile,
    pub entries: Vec<CheckEntry>,
}

/// Every monitoring form of one check.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub year: i32,
    /// The date of the check, as written in the forms.
    pub date: NaiveDate,
    pub reports: Vec<CheckReport>,
}

impl Check {
    /// The date a report on this check carries when none is given: the
    /// check's date, or the latest date of realisation the forms report
    /// if later. Never the clock: the same forms give the same document,
    /// and a report is never dated before what it reports.
    pub fn default_document_date(&self) -> NaiveDate {
        self.reports
            .iter()
            .flat_map(|r| &r.entries)
            .filter_map(|e| e.date.as_ref().map(|d| d.value))
            .fold(self.date, NaiveDate::max)
    }
}
