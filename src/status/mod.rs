//! Where the year-end reporting stands: for each unit, whether its form came
//! back, which rows are still empty, which missed targets lack a
//! motivation, which proposals (a qualitative grade, a «Non applicabile»
//! without a condition in the plan) wait for the evaluator and which
//! plan deadlines (a phase's end date too) have passed with nothing reported. Plain data built from
//! the plan and the forms read so far; [`table`] lays it out for the
//! terminal and the xlsx, [`letters`] turns it into reminders.
//!
//! Takes: the plan, the forms read so far, a date. Gives: [`Status`], its
//! table, workbook and reminder letters. Must not touch: grades (nothing is
//! scored here) or the forms themselves.

pub mod letters;
pub mod table;
pub mod xlsx;

use std::path::Path;

use chrono::NaiveDate;

use crate::forms;
use crate::plan::{AreaId, Plan, Target, TargetKind};
use crate::results::{Entry, Results};
use crate::scoring::{Review, ReviewSubject, reports_result};

/// The state of the reporting at `date`.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub year: i32,
    /// The day the state refers to (deadlines before it have passed).
    pub date: NaiveDate,
    /// Units with at least one row to report, in plan order.
    pub units: Vec<UnitStatus>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitStatus {
    pub area: AreaId,
    pub name: String,
    pub head: Option<String>,
    /// `None`: no form returned yet.
    pub form: Option<ReturnedForm>,
    /// Rows of the unit's form (one per target).
    pub rows: usize,
    /// Rows that report a result (`scoring::reports_result`: the same rule
    /// grading uses, so a row with only «Documentazione» is not filled).
    pub filled: usize,
    /// What the unit still has to fill, row by row, in form order.
    pub missing: Vec<MissingRow>,
    /// Codes of the rows whose proposal waits for the evaluator: a
    /// qualitative target the unit proposed a status for, or a «Non
    /// applicabile» asked on an indicator without a condition in the plan
    /// (the pending proposals of scoring, of either kind), not yet judged.
    pub proposals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReturnedForm {
    /// File name as found in the forms folder.
    pub file: String,
    /// Last modification of the file, when the file system knows it.
    pub modified: Option<NaiveDate>,
}

/// One row the unit still has to complete.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingRow {
    /// Row code of the form, e.g. "OB36.1 (1/2)".
    pub code: String,
    pub indicator: String,
    /// The target in plain words ("Entro il 30/06/2023").
    pub target: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Nothing typed in the row. `overdue`: the plan's deadline, when it is
    /// before the status date.
    Empty {
        columns: Vec<&'static str>,
        overdue: Option<NaiveDate>,
    },
    /// A missed or late target without the motivation; `why` says what the
    /// unit reported ("realizzato il 12/07/2023, scadenza 30/06/2023").
    NoMotivation { why: String },
}

impl UnitStatus {
    pub fn empty_rows(&self) -> usize {
        self.missing
            .iter()
            .filter(|m| matches!(m.problem, Problem::Empty { .. }))
            .count()
    }

    pub fn missing_motivations(&self) -> usize {
        self.missing
            .iter()
            .filter(|m| matches!(m.problem, Problem::NoMotivation { .. }))
            .count()
    }

    pub fn overdue(&self) -> usize {
        self.missing
            .iter()
            .filter(|m| {
                matches!(
                    m.problem,
                    Problem::Empty {
                        overdue: Some(_),
                        ..
                    }
                )
            })
            .count()
    }

    /// Whether the unit has anything left to do (and gets a reminder).
    pub fn has_missing(&self) -> bool {
        !self.missing.is_empty()
    }
}

impl Status {
    pub fn units_without_form(&self) -> usize {
        self.units.iter().filter(|u| u.form.is_none()).count()
    }
}

/// The columns to fill for a target kind, as the form heads them.
/// The cells a row still lacks for its target: the result the target is
/// measured by (the state proposed, for a qualitative one), and the
/// evidence unless the row already gives it. Never a cell already filled.
fn columns_to_fill(kind: TargetKind, entry: Option<&Entry>) -> Vec<&'static str> {
    use forms::Column;
    let mut out: Vec<&'static str> = [Column::Date, Column::Value, Column::Done]
        .into_iter()
        .filter(|c| forms::asked(kind, *c))
        .map(Column::header)
        .collect();
    if kind == TargetKind::Qualitative {
        out.push(Column::Status.header());
    }
    if entry.is_none_or(|e| e.evidence.is_none()) {
        out.push(Column::Evidence.header());
    }
    out
}

/// The state of the reporting: `results` are the forms read so far;
/// `review` holds what the evaluator already decided (its qualitative
/// judgements are no longer waiting).
pub fn build(plan: &Plan, results: &Results, review: &Review, date: NaiveDate) -> Status {
    let mut units = Vec::new();
    for area in &plan.areas {
        let rows = forms::rows(plan, &area.id);
        if rows.is_empty() {
            continue;
        }
        let report = results.report(&area.id);
        let form = report.map(|r| ReturnedForm {
            file: r
                .source
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| r.source.path.display().to_string()),
            // A file saved after the status's own date (a back-dated
            // `--al`) is not dated: no document prints a date after its own.
            modified: modified(&r.source.path).filter(|m| *m <= date),
        });
        let mut filled = 0;
        let mut missing = Vec::new();
        let mut proposals = Vec::new();
        for row in &rows {
            let target = row.target();
            let entry: Option<&Entry> = report.and_then(|r| {
                r.entries
                    .iter()
                    .find(|e| e.indicator == row.indicator.id && e.target == row.target)
            });
            let missing_row = |problem| MissingRow {
                code: row.key(),
                indicator: row.indicator.description.clone(),
                target: forms::describe_target(target),
                problem,
            };
            // A row counts as filled by the rule grading uses: a row with
            // only «Documentazione» or notes is still to fill.
            match entry {
                Some(e) if reports_result(target, e) => {
                    filled += 1;
                    let decided = review.confirmation(&row.indicator.id, &area.id).is_some()
                        || [
                            ReviewSubject::Indicator(row.indicator.id.clone()),
                            ReviewSubject::Objective(row.objective.id.clone()),
                        ]
                        .iter()
                        .any(|s| {
                            review.correction(s, &area.id).is_some()
                                || review.neutralisation(s, &area.id).is_some()
                        });
                    let na_request = row.indicator.condition.is_none()
                        && e.status.as_ref().map(|s| s.value)
                            == Some(crate::results::ProposedStatus::NotApplicable);
                    let qualitative =
                        target.kind() == TargetKind::Qualitative && e.status.is_some();
                    if (qualitative || na_request) && !decided {
                        proposals.push(row.key());
                    }
                    if e.motivation.is_none()
                        && let Some(why) = forms::missed_target(target, e)
                    {
                        missing.push(missing_row(Problem::NoMotivation { why }));
                    }
                }
                _ => {
                    // A deadline, or a phase's end date, passed with nothing
                    // reported.
                    let overdue = match target {
                        Target::Deadline { date: due, .. }
                        | Target::Phase { end: Some(due), .. }
                            if *due < date =>
                        {
                            Some(*due)
                        }
                        _ => None,
                    };
                    missing.push(missing_row(Problem::Empty {
                        columns: columns_to_fill(target.kind(), entry),
                        overdue,
                    }));
                }
            }
        }
        units.push(UnitStatus {
            area: area.id.clone(),
            name: area.name.clone(),
            head: area.head.clone(),
            form,
            rows: rows.len(),
            filled,
            missing,
            proposals,
        });
    }
    Status {
        year: plan.year,
        date,
        units,
    }
}

fn modified(path: &Path) -> Option<NaiveDate> {
    let time = std::fs::metadata(path).ok()?.modified().ok()?;
    let local: chrono::DateTime<chrono::Local> = time.into();
    Some(local.date_naive())
}

#[cfg(test)]
pub(crate) mod tests;
