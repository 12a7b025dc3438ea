//! Grading under the comune's rules (SMVP): pure functions from plan +
//! results + rules (+ the Nucleo's corrections) to a [`Scorecard`].

mod model;

pub use model::*;

use std::path::Path;

use crate::diag::Diagnostics;
use crate::plan::Plan;
use crate::results::Results;

/// The Nucleo di Valutazione's corrections and neutralisations for a year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {}

/// Reads `smvp.toml`.
pub fn load_rules(path: &Path) -> Result<Rules, Diagnostics> {
    let _ = path;
    todo!("rules loader")
}

/// Reads `valutazioni-nucleo-<anno>.toml`, checking it against the plan.
pub fn load_review(path: &Path, plan: &Plan) -> Result<Review, Diagnostics> {
    let _ = (path, plan);
    todo!("review loader")
}

/// Grades everything. Pure: same input, same output.
pub fn score(plan: &Plan, results: &Results, rules: &Rules, review: &Review) -> Scorecard {
    let _ = (plan, results, rules, review);
    todo!("scoring")
}

/// Italian per-Area summary printed by the CLI.
pub fn summary(plan: &Plan, scorecard: &Scorecard) -> String {
    let _ = (plan, scorecard);
    todo!("scoring summary")
}
