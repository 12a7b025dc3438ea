//! One target against its expected level. Each kind of target (deadline,
//! minimum, phase, qualitative…) has its own reading of what a unit
//! reported; keeping them together, with the mapping of grades to outcomes
//! and reward bands, means every threshold in the scoring compares with the
//! same tolerance.

use crate::plan::Target;
use crate::results::{Entry, ProposedStatus};

use crate::vocab::Vocabulary;

use super::explain as ex;
use super::model::*;

/// Tolerance for comparing grades with thresholds, so 0.9 computed as
/// 0.8999999999 still counts as 90%.
pub(crate) const EPS: f64 = 1e-9;

/// A target graded from an entry. `grade == None` means no usable data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Graded {
    pub grade: Option<f64>,
    pub text: String,
    /// Problems worth a warning (Italian), beyond the generic ones.
    pub warnings: Vec<String>,
    /// A qualitative grade the Nucleo still has to confirm.
    pub pending: bool,
}

impl Graded {
    fn value(grade: f64, text: String) -> Self {
        Graded {
            grade: Some(grade.clamp(0.0, 1.0)),
            text,
            warnings: Vec::new(),
            pending: false,
        }
    }
    pub(super) fn missing(text: String) -> Self {
        Graded {
            grade: None,
            text,
            warnings: Vec::new(),
            pending: false,
        }
    }
    fn warn(mut self, w: String) -> Self {
        self.warnings.push(w);
        self
    }
}

fn status_grade(status: ProposedStatus, rules: &Rules) -> Option<f64> {
    match status {
        ProposedStatus::Achieved => Some(1.0),
        ProposedStatus::PartiallyAchieved => Some(rules.qualitative.partially_achieved),
        ProposedStatus::NotAchieved => Some(0.0),
        ProposedStatus::NotApplicable => None,
    }
}

/// The status to fall back on when the datum of the target is missing:
/// the done flag first, then the proposed status.
fn fallback_status(entry: &Entry) -> Option<ProposedStatus> {
    match (&entry.done, &entry.status) {
        (Some(d), _) if d.value => Some(ProposedStatus::Achieved),
        (Some(_), _) => Some(ProposedStatus::NotAchieved),
        (None, Some(s)) if s.value != ProposedStatus::NotApplicable => Some(s.value),
        _ => None,
    }
}

/// Whether a form row reports a result its target can be graded on: the
/// datum the target asks for (date, value, done) or a proposed status,
/// «Non applicabile» included. A row holding only evidence, notes or a
/// motivation reports nothing. One rule for every reader of a form:
/// grading scores such a row as not reported (`grade_target` gives no
/// grade exactly when this is false), `stato` counts it as still to fill
/// and the reminder asks for it.
pub fn reports_result(target: &Target, entry: &Entry) -> bool {
    if entry
        .status
        .as_ref()
        .is_some_and(|s| s.value == ProposedStatus::NotApplicable)
    {
        return true;
    }
    let value = entry.value.as_ref().is_some_and(|v| v.value.is_finite());
    match target {
        Target::Deadline { .. } => entry.date.is_some() || fallback_status(entry).is_some(),
        Target::Qualitative { .. } => fallback_status_qualitative(entry).is_some(),
        Target::YesNo { .. } => fallback_status(entry).is_some(),
        Target::Minimum { .. }
        | Target::Percentage { .. }
        | Target::Maximum { .. }
        | Target::Change { .. }
        | Target::Phase { .. } => value || fallback_status(entry).is_some(),
    }
}

fn fallback(entry: &Entry, rules: &Rules, vocab: &Vocabulary, missing: &str) -> Graded {
    match fallback_status(entry).and_then(|s| status_grade(s, rules).map(|g| (s, g))) {
        Some((s, g)) => Graded::value(g, ex::from_status(vocab, missing, s, g)).warn(format!(
            "{missing}: il grado è ricavato dallo stato proposto «{}»",
            s.label()
        )),
        None => Graded::missing(ex::not_reported(missing)),
    }
}

/// Grades one target from what the Area reported (never `NotApplicable`
/// entries: those are handled per indicator).
pub(crate) fn grade_target(
    target: &Target,
    entry: &Entry,
    rules: &Rules,
    vocab: &Vocabulary,
) -> Graded {
    let value = entry
        .value
        .as_ref()
        .map(|v| v.value)
        .filter(|v| v.is_finite());
    match target {
        Target::Deadline { date, movable, .. } => {
            let Some(done) = entry.date.as_ref().map(|d| d.value) else {
                return match fallback_status(entry) {
                    Some(ProposedStatus::Achieved) => Graded::value(
                        1.0,
                        ex::undated(
                            *date,
                            &format!(
                                "{} lo indica come realizzato: considerato nei termini, da verificare",
                                vocab.unit.the(false)
                            ),
                            1.0,
                        ),
                    )
                    .warn(
                        "indicato come realizzato senza la data di realizzazione: considerato nei termini, da verificare"
                            .to_string(),
                    ),
                    Some(s) => {
                        let g = status_grade(s, rules).unwrap_or(0.0);
                        Graded::value(
                            g,
                            ex::undated(*date, &format!("stato proposto «{}»", s.label()), g),
                        )
                    }
                    None => Graded::missing(ex::not_reported("data di realizzazione non indicata")),
                };
            };
            let delay = (done - *date).num_days();
            if delay <= 0 {
                let mut why = ex::on_time(done, *date);
                if entry.done.as_ref().is_some_and(|d| !d.value) {
                    why.push_str(ex::DATE_OVER_NO);
                }
                return Graded::value(1.0, why);
            }
            let motivation = entry
                .motivation
                .as_ref()
                .map(|m| m.value.trim())
                .filter(|m| !m.is_empty());
            if let (Some(cond), Some(m), true) = (
                movable,
                motivation,
                rules.deadline.movable_accepts_later_date_with_motivation,
            ) {
                return Graded::value(1.0, ex::movable_accepted(vocab, done, *date, cond, m));
            }
            match rules
                .deadline
                .bands
                .iter()
                .find(|b| delay <= i64::from(b.up_to_days))
            {
                Some(b) => Graded::value(b.grade, ex::late_in_band(done, *date, delay, b)),
                None => {
                    let g = rules.deadline.beyond_last_band;
                    Graded::value(
                        g,
                        ex::late_beyond(done, *date, delay, rules.deadline.bands.last(), g),
                    )
                }
            }
        }
        Target::Minimum { value: t, unit } => match value {
            Some(v) => quantity("minimo richiesto", v, *t, unit, rules.quantity.minimum),
            None => fallback(entry, rules, vocab, "valore raggiunto non indicato"),
        },
        Target::Percentage { value: t, of } => match value {
            Some(v) if *t <= 0.0 => Graded::value(1.0, ex::zero_target("percentuale richiesta", v)),
            Some(v) => {
                let mode = rules.quantity.percentage;
                let g = match mode {
                    QuantityMode::Proportional => (v / t).clamp(0.0, 1.0),
                    QuantityMode::AllOrNothing => f64::from(u8::from(v >= *t)),
                };
                Graded::value(g, ex::percentage(v, *t, of, mode, g))
            }
            None => fallback(entry, rules, vocab, "percentuale raggiunta non indicata"),
        },
        Target::Maximum {
            value: max,
            unit,
            strict,
        } => match value {
            Some(v) => {
                let strict = rules.maximum.strict_override.unwrap_or(*strict);
                let ok = if strict { v < *max } else { v <= *max };
                let g = if ok {
                    1.0
                } else {
                    rules.maximum.exceeded_grade
                };
                Graded::value(g, ex::maximum(v, *max, unit, strict, ok, g))
            }
            None => fallback(entry, rules, vocab, "valore rendicontato non indicato"),
        },
        Target::Change {
            from,
            goal,
            change,
            unit,
            previous,
        } => match value {
            Some(v) => {
                let need = goal - from;
                let mode = rules.quantity.minimum;
                let g = if need.abs() < EPS {
                    // No change asked: the goal is a level to hold (at
                    // least it; at most it for a reduction), graded as a
                    // minimum or a maximum, so the grade is under 100%
                    // exactly when the value misses the goal.
                    hold_grade(v, *goal, *change, rules)
                } else {
                    let share = (v - from) / need;
                    match mode {
                        QuantityMode::Proportional => share.clamp(0.0, 1.0),
                        QuantityMode::AllOrNothing => f64::from(u8::from(share + EPS >= 1.0)),
                    }
                };
                let text = ex::change(v, *from, *goal, *change, unit, *previous, mode, g);
                Graded::value(g, text)
            }
            None => fallback(entry, rules, vocab, "valore raggiunto non indicato"),
        },
        Target::Phase { name, .. } => match value {
            Some(v) => {
                let g = (v / 100.0).clamp(0.0, 1.0);
                Graded::value(g, ex::phase(name, v, g))
            }
            None => fallback(entry, rules, vocab, "avanzamento della fase non indicato"),
        },
        Target::YesNo { .. } => match &entry.done {
            Some(d) => Graded::value(if d.value { 1.0 } else { 0.0 }, ex::yes_no(d.value)),
            None => fallback(entry, rules, vocab, "realizzazione (sì/no) non indicata"),
        },
        Target::Qualitative { .. } => {
            match fallback_status_qualitative(entry)
                .and_then(|s| status_grade(s, rules).map(|g| (s, g)))
            {
                Some((s, g)) => {
                    let mut out = Graded::value(g, ex::qualitative(vocab, s, g));
                    out.pending = true;
                    out
                }
                None => Graded::missing(ex::not_reported("stato proposto non indicato")),
            }
        }
    }
}

/// For a qualitative target the proposed status comes first, then the
/// done flag.
fn fallback_status_qualitative(entry: &Entry) -> Option<ProposedStatus> {
    match (&entry.status, &entry.done) {
        (Some(s), _) if s.value != ProposedStatus::NotApplicable => Some(s.value),
        (_, Some(d)) if d.value => Some(ProposedStatus::Achieved),
        (_, Some(_)) => Some(ProposedStatus::NotAchieved),
        _ => None,
    }
}

/// The grade of a relative target that asks no change (a `totale` equal to
/// the baseline, an increase or a reduction of 0): the goal is held when
/// the value is at least the goal (at most, for a reduction). At least is
/// graded as a minimum, at most as a maximum, with the SMVP's rules for
/// those.
pub(crate) fn hold_grade(v: f64, goal: f64, change: crate::plan::Change, rules: &Rules) -> f64 {
    if change.is_reduction() {
        if v <= goal + EPS {
            1.0
        } else {
            rules.maximum.exceeded_grade
        }
    } else if goal <= 0.0 || v + EPS >= goal {
        1.0
    } else {
        match rules.quantity.minimum {
            QuantityMode::Proportional => (v / goal).clamp(0.0, 1.0),
            QuantityMode::AllOrNothing => 0.0,
        }
    }
}

fn quantity(kind: &str, v: f64, t: f64, unit: &str, mode: QuantityMode) -> Graded {
    if t <= 0.0 {
        return Graded::value(1.0, ex::zero_target(kind, v));
    }
    let g = match mode {
        QuantityMode::Proportional => (v / t).clamp(0.0, 1.0),
        QuantityMode::AllOrNothing => {
            if v >= t {
                1.0
            } else {
                0.0
            }
        }
    };
    Graded::value(g, ex::quantity(kind, v, t, unit, mode, g))
}

/// A grade measured against the expected success level (`[successo]`
/// or the indicator's own): 72% against 80% is 90%, at most 100%.
pub(super) fn against_success(grade: f64, level: f64) -> f64 {
    (grade / level).clamp(0.0, 1.0)
}

pub(crate) fn outcome(grade: f64, rules: &Rules) -> Outcome {
    if grade + EPS >= rules.outcomes.achieved {
        Outcome::Achieved
    } else if grade + EPS >= rules.outcomes.partially {
        Outcome::PartiallyAchieved
    } else {
        Outcome::NotAchieved
    }
}

pub(crate) fn band(grade: f64, rules: &Rules) -> Option<BandResult> {
    let b = rules
        .reward_bands
        .iter()
        .rev()
        .find(|b| grade + EPS >= b.min_grade)?;
    let share = match b.share {
        RewardShare::Fixed(s) => s,
        RewardShare::Proportional => grade,
    };
    Some(BandResult {
        label: b.label.clone(),
        share: share.clamp(0.0, 1.0),
    })
}

/// Σ(w × g) ÷ Σ(w) over the items with a grade; plain mean when any counted
/// item lacks a weight. `None` when nothing counts or the weights sum to 0.
pub(super) fn weighted_mean(items: &[(Option<f64>, Option<f64>)]) -> Option<f64> {
    let counted: Vec<(Option<f64>, f64)> = items
        .iter()
        .filter_map(|(w, g)| g.map(|g| (*w, g)))
        .collect();
    if counted.is_empty() {
        return None;
    }
    if counted.iter().all(|(w, _)| w.is_some()) {
        let sw: f64 = counted.iter().map(|(w, _)| w.unwrap_or(0.0)).sum();
        if sw > 0.0 {
            let s: f64 = counted.iter().map(|(w, g)| w.unwrap_or(0.0) * g).sum();
            return Some((s / sw).clamp(0.0, 1.0));
        }
    }
    Some(counted.iter().map(|(_, g)| g).sum::<f64>() / counted.len() as f64)
}

pub(super) fn phase_weight(t: &Target) -> Option<f64> {
    match t {
        Target::Phase { weight, .. } => *weight,
        _ => None,
    }
}
