//! Grading under the comune's rules (SMVP): pure functions from plan +
//! results + rules (+ the Nucleo's corrections) to a [`Scorecard`].
//!
//! Takes: a [`Plan`], [`Results`], the rules and the Nucleo's review.
//! Gives: the [`Scorecard`], every grade with its explanation. Must not
//! touch: workbooks, documents or files other than `smvp.toml` and the
//! review; the sections of `smvp.toml` other modules own are passed in by
//! name (`load_rules`), never known here.
//!
//! `rules` loads `smvp.toml`, `review` the Nucleo's file; `target` grades
//! one target, `indicator` one indicator with the Nucleo's decisions,
//! `engine` rolls them up into objectives, Areas and the ente; `explain`
//! writes the Italian sentences, `summary` the per-Area table.

mod adoption;
mod engine;
mod examples;
mod explain;
mod fingerprint;
mod indicator;
mod model;
mod review;
pub(crate) mod rules;
mod shapes;
mod summary;
mod target;
pub(crate) mod toml_read;
mod weights;

#[cfg(test)]
mod tests;

pub use adoption::{Adoption, Conciliation, Opinion, conciliation_json};
pub use engine::score as score_with;
pub use examples::{
    Example, aggregate_grades, grade_example, measured_against_success, outcome_of, weighted_grade,
};
pub use fingerprint::{fingerprint, parse_fingerprint, same_fingerprint};
pub use model::*;
pub use review::{
    Review, ReviewConfirmation, ReviewCorrection, ReviewNeutralisation, ReviewSubject, parse_review,
};
pub use review::{decision_hints, file_name as review_file_name, pending_line, pending_message};
pub use rules::parse_rules;
pub use shapes::apply_weight_rule;
pub use target::reports_result;

pub(crate) use target::EPS as GRADE_TOLERANCE;
pub use weights::check_weight_totals;

use std::path::Path;

use crate::diag::Diagnostics;
use crate::plan::Plan;
use crate::results::Results;
use crate::vocab::Vocabulary;

/// Reads `smvp.toml`, accepting the sections named in `others`, which
/// other modules own (e.g. `individual::RULES_SECTION`).
pub fn load_rules(path: &Path, others: &[&str]) -> Result<Rules, Diagnostics> {
    rules::load_rules(path, others)
}

/// Reads `valutazioni-nucleo-<anno>.toml`, checking it against the plan.
pub fn load_review(path: &Path, plan: &Plan, vocab: &Vocabulary) -> Result<Review, Diagnostics> {
    review::load_review(path, plan, vocab)
}

/// Grades everything, explaining each grade in the default (Alzano's)
/// words. Pure: same input, same output.
pub fn score(plan: &Plan, results: &Results, rules: &Rules, review: &Review) -> Scorecard {
    engine::score(plan, results, rules, review, &Vocabulary::default())
}

/// Italian per-unit summary printed by the CLI, in the ente's words.
pub fn summary(plan: &Plan, scorecard: &Scorecard, vocab: &Vocabulary) -> String {
    summary::summary(plan, scorecard, vocab)
}
