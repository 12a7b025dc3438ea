//! The grading rules called on example values, for the documents that
//! explain the SMVP (`smvp documento`): each worked example is computed by
//! the very functions that grade the year, never by a second copy of the
//! rule, so the adopted text and the computation cannot diverge.

use crate::plan::Target;
use crate::results::Entry;
use crate::vocab::Vocabulary;

use super::model::{ObjectiveAggregation, Outcome, Rules};

/// One target graded: the grade (none: no usable datum) and the sentence
/// every scheda would print for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub grade: Option<f64>,
    pub text: String,
}

/// Grades `target` on what `entry` reports, under `rules`.
pub fn grade_example(target: &Target, entry: &Entry, rules: &Rules, vocab: &Vocabulary) -> Example {
    let g = super::target::grade_target(target, entry, rules, vocab);
    Example {
        grade: g.grade,
        text: g.text,
    }
}

/// An objective's grade from its indicators' (weight, grade), under the
/// objective's (or the strategic level's) aggregation.
pub fn aggregate_grades(
    items: &[(Option<f64>, Option<f64>)],
    how: ObjectiveAggregation,
) -> Option<f64> {
    super::engine::aggregate(items, how)
}

/// Σ(weight × grade) ÷ Σ(weight) over the items with a grade: a unit's and
/// the ente's grade.
pub fn weighted_grade(items: &[(Option<f64>, Option<f64>)]) -> Option<f64> {
    super::target::weighted_mean(items)
}

/// The outcome class of a grade.
pub fn outcome_of(grade: f64, rules: &Rules) -> Outcome {
    super::target::outcome(grade, rules)
}

/// A grade measured against a success level below 100%.
pub fn measured_against_success(grade: f64, level: f64) -> f64 {
    super::target::against_success(grade, level)
}
