//! The Relazione sulla performance and the Area schede as PDF/A, rendered
//! in-process with typst from templates, data passed as JSON.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::diag::Diagnostics;
use crate::plan::Plan;
use crate::results::Results;
use crate::scoring::Scorecard;

/// Where templates and the logo are, and the document date.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `templates/`: files here override the built-in copies.
    pub templates: Option<PathBuf>,
    /// `inputs/`: logo and report settings.
    pub inputs: PathBuf,
    /// Date printed on the documents and stored in the PDF metadata; never
    /// the clock, so the same inputs give the same bytes.
    pub date: Option<NaiveDate>,
}

pub struct Input<'a> {
    pub plan: &'a Plan,
    pub results: &'a Results,
    pub scorecard: &'a Scorecard,
    /// Warnings of the whole run (forms and scoring).
    pub warnings: &'a Diagnostics,
    pub settings: &'a Settings,
}

/// Renders the Relazione and one scheda per Area. Paths are relative to the
/// output directory (e.g. `2023/Relazione sulla performance 2023.pdf`).
pub fn render(input: &Input) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
    let _ = input;
    todo!("report")
}
