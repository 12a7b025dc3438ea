//! Pure grading: plan + results + rules + review → scorecard. No I/O, no
//! clock, no randomness; iteration follows the plan's order.

use crate::diag::{Diagnostic, Location};
use crate::italian::percent;
use crate::plan::{AreaId, Indicator, Objective, Plan, Target};
use crate::results::{CellRef, Entry, ProposedStatus, Results};

use crate::vocab::{Prep, Vocabulary};

use super::explain as ex;
use super::model::*;
use super::review::{Review, ReviewSubject};

/// Tolerance for comparing grades with thresholds, so 0.9 computed as
/// 0.8999999999 still counts as 90%.
const EPS: f64 = 1e-9;

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
    fn missing(text: String) -> Self {
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
        } => match value {
            Some(v) => {
                let need = goal - from;
                let mode = rules.quantity.minimum;
                let g = if need.abs() < EPS {
                    1.0
                } else {
                    let share = (v - from) / need;
                    match mode {
                        QuantityMode::Proportional => share.clamp(0.0, 1.0),
                        QuantityMode::AllOrNothing => f64::from(u8::from(share + EPS >= 1.0)),
                    }
                };
                Graded::value(g, ex::change(v, *from, *goal, *change, unit, mode, g))
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
fn weighted_mean(items: &[(Option<f64>, Option<f64>)]) -> Option<f64> {
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

fn phase_weight(t: &Target) -> Option<f64> {
    match t {
        Target::Phase { weight, .. } => *weight,
        _ => None,
    }
}

fn cell_location(at: &CellRef) -> Location {
    Location::cell(&at.file, &at.sheet, &at.cell)
}

/// The first cell the Area filled in for an entry, to point warnings at.
fn entry_location(e: &Entry) -> Option<Location> {
    e.date
        .as_ref()
        .map(|s| &s.at)
        .or(e.value.as_ref().map(|s| &s.at))
        .or(e.done.as_ref().map(|s| &s.at))
        .or(e.status.as_ref().map(|s| &s.at))
        .or(e.motivation.as_ref().map(|s| &s.at))
        .or(e.notes.as_ref().map(|s| &s.at))
        .or(e.evidence.as_ref().map(|s| &s.at))
        .map(cell_location)
}

fn has_motivation(e: &Entry) -> bool {
    e.motivation
        .as_ref()
        .is_some_and(|m| !m.value.trim().is_empty())
}

struct Ctx<'a> {
    plan: &'a Plan,
    results: &'a Results,
    rules: &'a Rules,
    review: &'a Review,
    vocab: &'a Vocabulary,
    warnings: Vec<Diagnostic>,
    pending: Vec<PendingDecision>,
}

impl Ctx<'_> {
    fn area_location(&self, area: &AreaId) -> Location {
        self.results
            .report(area)
            .map(|r| Location::file(&r.source.path))
            .unwrap_or_default()
    }

    fn warn(&mut self, at: Option<Location>, area: &AreaId, message: String) {
        let at = at.unwrap_or_else(|| self.area_location(area));
        self.warnings.push(Diagnostic::warning(at, message));
    }
}

fn score_indicator(
    ctx: &mut Ctx<'_>,
    ind: &Indicator,
    area: &AreaId,
    weight: Option<f64>,
) -> IndicatorScore {
    let rules = ctx.rules;
    let vocab = ctx.vocab;
    let unit = &vocab.unit.singular;
    let by_unit = vocab.unit.prep(Prep::Da, false);
    // A shared result is reported once, by the lead unit, for every
    // co-responsible unit.
    let reporter = ind.lead.as_ref().unwrap_or(area);
    let report = ctx.results.report(reporter);
    let entries: Vec<Option<&Entry>> = (0..ind.targets.len())
        .map(|t| {
            report.and_then(|r| {
                r.entries
                    .iter()
                    .find(|e| e.indicator == ind.id && e.target == t)
            })
        })
        .map(|e| e.filter(|e| !e.is_blank()))
        .collect();
    let area_motivation = entries
        .iter()
        .flatten()
        .find_map(|e| e.motivation.as_ref())
        .map(|m| m.value.trim().to_string())
        .filter(|m| !m.is_empty());
    let proposed = entries
        .iter()
        .flatten()
        .find_map(|e| e.status.as_ref().map(|s| s.value));
    let is_na =
        |e: &Entry| e.status.as_ref().map(|s| s.value) == Some(ProposedStatus::NotApplicable);

    let subject = ReviewSubject::Indicator(ind.id.clone());
    let confirmation = ctx.review.confirmation(&ind.id, area);
    let other_decision = ctx.review.neutralisation(&subject, area).is_some()
        || ctx.review.correction(&subject, area).is_some();
    // A "Non applicabile" without a condition in the plan is the Area's
    // request: it takes the target out only once the Nucleo accepts it.
    let mut na_request = false;
    let mut na_confirmed = false;
    let mut targets = Vec::new();
    // Lower-case sentences, joined into the indicator's explanation.
    let mut texts: Vec<String> = Vec::new();
    let mut pending = false;
    for (i, t) in ind.targets.iter().enumerate() {
        let entry = entries.get(i).copied().flatten();
        if let Some(e) = entry.filter(|e| is_na(e)) {
            let reason = area_motivation
                .as_ref()
                .map(|m| format!(" («{m}»)"))
                .unwrap_or_default();
            let excluded = match (&ind.condition, confirmation) {
                (Some(cond), _) => Some((
                    Standing::NotApplicable(cond.clone()),
                    format!(
                        "non applicabile: {} dichiara che la condizione «{cond}» non si è verificata{reason}",
                        vocab.unit.the(false)
                    ),
                )),
                (None, Some(c)) => Some((
                    {
                        na_confirmed = true;
                        Standing::Neutralised(
                            area_motivation
                                .clone()
                                .unwrap_or_else(|| c.motivation.clone()),
                        )
                    },
                    format!(
                        "non applicabile su richiesta {}{reason}, accolta {}",
                        vocab.unit.prep(Prep::Di, false),
                        vocab.evaluator.prep(Prep::Da, false)
                    ),
                )),
                (None, None) => None,
            };
            if let Some((standing, text)) = excluded {
                targets.push(TargetScore {
                    target: i,
                    grade: None,
                    standing,
                    explanation: ex::capitalise(&text),
                    entry: Some(e.clone()),
                });
                texts.push(text);
                continue;
            }
            na_request = !other_decision;
        }
        let graded = match entry {
            Some(e) if is_na(e) => Graded::missing(ex::not_reported(&format!(
                "«Non applicabile» richiesto {by_unit}{} senza una condizione nel piano, in attesa della decisione {}",
                area_motivation
                    .as_ref()
                    .map(|m| format!(" («{m}»)"))
                    .unwrap_or_default(),
                vocab.evaluator.prep(Prep::Di, false)
            ))),
            Some(e) => grade_target(t, e, rules, vocab),
            None if report.is_none() => Graded::missing(ex::not_reported(&format!(
                "{} non ha inviato il modulo",
                vocab.unit.the(false)
            ))),
            None => Graded::missing(ex::not_reported("nessun dato per questo traguardo")),
        };
        let loc = entry.and_then(entry_location);
        for w in &graded.warnings {
            ctx.warn(
                loc.clone(),
                area,
                format!("indicatore {}, {unit} {area}: {w}", ind.id),
            );
        }
        pending |= graded.pending;
        let (grade, standing, explanation) = match graded.grade {
            Some(g) => {
                if g < 1.0 - EPS
                    && let Some(e) = entry
                    && !has_motivation(e)
                {
                    ctx.warn(
                        loc.clone(),
                        area,
                        format!(
                            "indicatore {}, {unit} {area}: traguardo non pienamente raggiunto ({}) senza motivazione dello scostamento",
                            ind.id,
                            percent(g)
                        ),
                    );
                }
                (Some(g), Standing::Scored, graded.text)
            }
            None => {
                let (g, rule) = match rules.missing {
                    MissingPolicy::Zero => {
                        (Some(0.0), "vale 0% secondo la regola dei dati mancanti")
                    }
                    MissingPolicy::Exclude => (
                        None,
                        "escluso dalle medie secondo la regola dei dati mancanti",
                    ),
                };
                (g, Standing::NotReported, format!("{}: {rule}", graded.text))
            }
        };
        targets.push(TargetScore {
            target: i,
            grade,
            standing,
            explanation: ex::capitalise(&explanation),
            entry: entry.cloned(),
        });
        texts.push(explanation);
    }

    let all_excluded = !targets.is_empty()
        && targets.iter().all(|t| {
            matches!(
                t.standing,
                Standing::NotApplicable(_) | Standing::Neutralised(_)
            )
        });
    let (self_standing, computed, mut explanation) = if all_excluded {
        let standing = targets
            .iter()
            .map(|t| t.standing.clone())
            .find(|s| matches!(s, Standing::Neutralised(_)))
            .unwrap_or_else(|| targets[0].standing.clone());
        let mut unique = texts.clone();
        unique.dedup();
        (standing, None, unique.join("; "))
    } else {
        let grades: Vec<f64> = targets.iter().filter_map(|t| t.grade).collect();
        // Phases with weights weigh in the indicator; any other target
        // counts equally.
        let weighted: Vec<(Option<f64>, Option<f64>)> = targets
            .iter()
            .map(|t| (phase_weight(&ind.targets[t.target]), t.grade))
            .collect();
        let by_weight = grades.len() > 1
            && weighted
                .iter()
                .filter(|(_, g)| g.is_some())
                .all(|(w, _)| w.is_some());
        let computed = weighted_mean(&weighted);
        let standing = if targets.iter().all(|t| t.standing == Standing::NotReported) {
            Standing::NotReported
        } else {
            Standing::Scored
        };
        let text = if texts.len() == 1 {
            texts[0].clone()
        } else {
            let parts: Vec<String> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| format!("traguardo {}: {t}", i + 1))
                .collect();
            let mean = match computed {
                Some(c) if by_weight => format!(
                    "media pesata delle {} fasi valutate: {}",
                    grades.len(),
                    percent(c)
                ),
                Some(c) => format!(
                    "media dei {} traguardi valutati: {}",
                    grades.len(),
                    percent(c)
                ),
                None => "nessun traguardo valutato".to_string(),
            };
            format!("{}. {}", parts.join("; "), ex::capitalise(&mean))
        };
        let level = ind.success.unwrap_or(rules.success);
        match computed {
            Some(c) if level < 1.0 - EPS => {
                let g = (c / level).clamp(0.0, 1.0);
                let text = format!("{text}; {}", ex::success(c, level, g));
                (standing, Some(g), text)
            }
            _ => (standing, computed, text),
        }
    };
    if self_standing == Standing::NotReported && report.is_some() {
        ctx.warn(
            None,
            area,
            format!("indicatore {} non rendicontato {by_unit} {area}", ind.id),
        );
    }

    let decision = nucleo_decision(ctx, &subject, area, computed, Subject::Indicator);
    let correction = decision.as_ref().and_then(|d| d.correction.clone());
    let mut pending_kind = None;
    let (standing, grade) = if let Some(d) = decision {
        explanation.push_str(&d.sentence);
        (d.standing, d.grade)
    } else {
        if let Some(c) = confirmation {
            if pending || na_confirmed {
                explanation.push_str(&format!(
                    ". Proposta {} confermata {}: «{}»",
                    vocab.unit.prep(Prep::Di, false),
                    vocab.evaluator.prep(Prep::Da, false),
                    c.motivation
                ));
            } else {
                // A warning, not an error: with a form not yet returned the
                // confirmation may be written before the proposal arrives.
                ctx.warnings.push(
                    Diagnostic::warning(
                        c.at.clone(),
                        format!(
                            "conferma dell'indicatore {} per {} {area} senza effetto: non c'è una proposta da confermare (né una valutazione qualitativa né una richiesta di «Non applicabile»)",
                            ind.id,
                            vocab.unit.the(false)
                        ),
                    )
                    .with_hint("togliere la [[conferma]], oppure usare [[correzione]] per cambiare il grado calcolato"),
                );
            }
        } else if na_request {
            pending_kind = Some(PendingKind::NotApplicableRequest);
        } else if pending {
            pending_kind = Some(PendingKind::Qualitative);
            explanation.push_str(&format!(
                ". Proposta in attesa della decisione {}",
                vocab.evaluator.prep(Prep::Di, false)
            ));
        }
        (self_standing, computed)
    };
    if let Some(kind) = pending_kind {
        let proposal = match kind {
            PendingKind::NotApplicableRequest => match &area_motivation {
                Some(m) => format!("Non applicabile («{m}»)"),
                None => "Non applicabile (senza motivazione)".to_string(),
            },
            PendingKind::Qualitative => proposed
                .map(|p| p.label().to_string())
                .or_else(|| computed.map(percent))
                .unwrap_or_else(|| "nessun grado".to_string()),
        };
        ctx.pending.push(PendingDecision {
            indicator: ind.id.clone(),
            area: area.clone(),
            kind,
            proposal,
        });
    }

    IndicatorScore {
        indicator: ind.id.clone(),
        area: area.clone(),
        weight,
        targets,
        computed,
        grade,
        outcome: grade.map(|g| outcome(g, rules)),
        standing,
        proposed,
        correction,
        confirmation: confirmation
            .filter(|_| pending_kind.is_none())
            .map(|c| c.motivation.clone()),
        pending: pending_kind,
        explanation: ex::capitalise(&explanation),
    }
}

#[derive(Clone, Copy)]
enum Subject {
    Indicator,
    Objective,
}

/// What the Nucleo decided on an indicator or objective for one Area.
struct Decision {
    standing: Standing,
    grade: Option<f64>,
    correction: Option<Correction>,
    /// Appended to the explanation of the grade.
    sentence: String,
}

/// The Nucleo's neutralisation or correction of `subject` for `area`, if
/// any; `before` is the grade it replaces.
fn nucleo_decision(
    ctx: &mut Ctx<'_>,
    subject: &ReviewSubject,
    area: &AreaId,
    before: Option<f64>,
    kind: Subject,
) -> Option<Decision> {
    let (neutralised, of) = match kind {
        Subject::Indicator => ("Neutralizzato", "il grado"),
        Subject::Objective => ("Obiettivo neutralizzato", "il grado dell'obiettivo"),
    };
    let review = ctx.review;
    let evaluator = &ctx.vocab.evaluator;
    if let Some(n) = review.neutralisation(subject, area) {
        return Some(Decision {
            standing: Standing::Neutralised(n.motivation.clone()),
            grade: None,
            correction: None,
            sentence: format!(
                ". {neutralised} {}: «{}»; escluso dalle medie",
                evaluator.prep(Prep::Da, false),
                n.motivation
            ),
        });
    }
    let c = review.correction(subject, area)?;
    // Shown as the same percentage, a correction would read "from 100% to
    // 100%": that is a confirmation, or nothing to decide.
    if let Some(b) = before
        && percent(b) == percent(c.grade)
    {
        let hint = match kind {
            Subject::Indicator => format!(
                "per accogliere la proposta {} scrivere invece [[conferma]] con indicatore = \"{}\", area = \"{area}\" e la motivazione",
                ctx.vocab.unit.prep(Prep::Di, false),
                match subject {
                    ReviewSubject::Indicator(id) => id.as_str(),
                    ReviewSubject::Objective(id) => id.as_str(),
                }
            ),
            Subject::Objective => {
                "togliere la [[correzione]]: il grado calcolato resta".to_string()
            }
        };
        ctx.warnings.push(
            Diagnostic::error(
                c.at.clone(),
                format!(
                    "la correzione {} per {} {area} porta il grado a {}, uguale al grado calcolato",
                    subject.describe_of(),
                    ctx.vocab.unit.the(false),
                    percent(c.grade)
                ),
            )
            .with_hint(&hint),
        );
    }
    let from = before
        .map(|b| crate::italian::with_article("da", &percent(b)))
        .unwrap_or_else(|| "in assenza di un grado calcolato".into());
    let to = crate::italian::with_article("a", &percent(c.grade));
    Some(Decision {
        standing: Standing::Scored,
        grade: Some(c.grade),
        correction: Some(Correction {
            grade: c.grade,
            motivation: c.motivation.clone(),
        }),
        sentence: format!(
            ". {} ha corretto {of} {from} {to}: «{}»",
            ex::capitalise(&evaluator.the(false)),
            c.motivation
        ),
    })
}

fn aggregate(items: &[(Option<f64>, Option<f64>)], how: ObjectiveAggregation) -> Option<f64> {
    match how {
        ObjectiveAggregation::Mean => weighted_mean(items),
        ObjectiveAggregation::Minimum => items
            .iter()
            .filter_map(|(_, g)| *g)
            .fold(None, |m: Option<f64>, g| Some(m.map_or(g, |m| m.min(g)))),
    }
}

fn standing_label(s: &Standing) -> &'static str {
    match s {
        Standing::Scored => "valutato",
        Standing::NotApplicable(_) => "non applicabile",
        Standing::Neutralised(_) => "neutralizzato",
        Standing::NotReported => "non rendicontato",
    }
}

fn score_objective_area(ctx: &mut Ctx<'_>, obj: &Objective, area: &AreaId) -> ObjectiveAreaScore {
    let own = obj.areas.iter().find(|r| &r.area == area);
    let ind_weight = |ind: &Indicator| -> Option<f64> {
        ind.areas
            .iter()
            .flatten()
            .find(|r| &r.area == area)
            .and_then(|r| r.weight)
    };
    let indicators: Vec<&Indicator> = obj.indicators_for(area).collect();
    let weight = own.and_then(|r| r.weight).or_else(|| {
        let ws: Vec<f64> = indicators.iter().filter_map(|i| ind_weight(i)).collect();
        (!ws.is_empty()).then(|| ws.iter().sum())
    });
    let scores: Vec<IndicatorScore> = indicators
        .iter()
        .map(|ind| score_indicator(ctx, ind, area, ind_weight(ind)))
        .collect();

    let how = ctx.rules.objective;
    let computed = aggregate(
        &scores
            .iter()
            .map(|s| (s.weight, s.computed))
            .collect::<Vec<_>>(),
        how,
    );
    let final_grade = aggregate(
        &scores
            .iter()
            .map(|s| (s.weight, s.grade))
            .collect::<Vec<_>>(),
        how,
    );

    let counted: Vec<String> = scores
        .iter()
        .filter_map(|s| {
            s.grade.map(|g| match s.weight {
                Some(w) => format!("{} {} (peso {})", s.indicator, percent(g), ex::num(w)),
                None => format!("{} {}", s.indicator, percent(g)),
            })
        })
        .collect();
    let excluded: Vec<String> = scores
        .iter()
        .filter(|s| s.grade.is_none())
        .map(|s| format!("{} ({})", s.indicator, standing_label(&s.standing)))
        .collect();
    let mut explanation = match final_grade {
        Some(g) => {
            let rule = match how {
                ObjectiveAggregation::Minimum => "il grado più basso tra",
                ObjectiveAggregation::Mean
                    if scores
                        .iter()
                        .filter(|s| s.grade.is_some())
                        .all(|s| s.weight.is_some()) =>
                {
                    "media pesata di"
                }
                ObjectiveAggregation::Mean => "media di",
            };
            if scores.len() == 1 {
                format!(
                    "grado dell'indicatore {}: {}",
                    scores[0].indicator,
                    percent(g)
                )
            } else if counted.len() == 1 {
                let only = scores
                    .iter()
                    .find(|s| s.grade.is_some())
                    .map(|s| s.indicator.as_str());
                format!(
                    "grado dell'unico indicatore valutato, {}: {}",
                    only.unwrap_or_default(),
                    percent(g)
                )
            } else {
                format!("{rule} {}: {}", ex::list_and(&counted), percent(g))
            }
        }
        None => "nessun indicatore valutato".to_string(),
    };
    if !excluded.is_empty() {
        explanation.push_str(&format!(
            "; esclusi dalle medie: {}",
            ex::list_and(&excluded)
        ));
    }

    let counted_all_missing = scores
        .iter()
        .filter(|s| s.grade.is_some())
        .all(|s| s.standing == Standing::NotReported);
    let self_standing = if final_grade.is_some() && !counted_all_missing {
        Standing::Scored
    } else if final_grade.is_some() {
        Standing::NotReported
    } else if !scores.is_empty()
        && scores
            .iter()
            .all(|s| matches!(s.standing, Standing::NotApplicable(_)))
    {
        Standing::NotApplicable("nessun indicatore applicabile".into())
    } else if !scores.is_empty()
        && scores.iter().all(|s| {
            matches!(
                s.standing,
                Standing::NotApplicable(_) | Standing::Neutralised(_)
            )
        })
    {
        Standing::Neutralised("tutti gli indicatori sono neutralizzati o non applicabili".into())
    } else {
        Standing::NotReported
    };

    let subject = ReviewSubject::Objective(obj.id.clone());
    let decision = nucleo_decision(ctx, &subject, area, final_grade, Subject::Objective);
    let correction = decision.as_ref().and_then(|d| d.correction.clone());
    let (standing, grade) = match decision {
        Some(d) => {
            explanation.push_str(&d.sentence);
            (d.standing, d.grade)
        }
        None => (self_standing, final_grade),
    };

    ObjectiveAreaScore {
        area: area.clone(),
        weight,
        indicators: scores,
        computed,
        grade,
        outcome: grade.map(|g| outcome(g, ctx.rules)),
        standing,
        correction,
        explanation: ex::capitalise(&explanation),
    }
}

fn score_objective(ctx: &mut Ctx<'_>, obj: &Objective) -> ObjectiveScore {
    let weighted = obj.is_weighted();
    let areas: Vec<ObjectiveAreaScore> = ctx
        .plan
        .areas
        .iter()
        .map(|a| a.id.clone())
        .filter(|a| obj.responsible_areas().contains(&a))
        .chain(
            // Units named by the objective but missing from the plan's list
            // of Areas are still graded, after the known ones.
            obj.responsible_areas()
                .into_iter()
                .filter(|a| ctx.plan.area(a).is_none())
                .cloned(),
        )
        .filter(|a| obj.indicators_for(a).next().is_some())
        .collect::<Vec<_>>()
        .iter()
        .map(|a| score_objective_area(ctx, obj, a))
        .collect();
    let grade = weighted_mean(
        &areas
            .iter()
            .map(|a| (if weighted { a.weight } else { None }, a.grade))
            .collect::<Vec<_>>(),
    );
    let standing = if grade.is_some() {
        Standing::Scored
    } else {
        areas
            .first()
            .map(|a| a.standing.clone())
            .unwrap_or(Standing::NotReported)
    };
    ObjectiveScore {
        objective: obj.id.clone(),
        weighted,
        grade,
        outcome: grade.map(|g| outcome(g, ctx.rules)),
        standing,
        areas,
    }
}

fn score_area(ctx: &mut Ctx<'_>, area: &AreaId, objectives: &[ObjectiveScore]) -> AreaScore {
    let rules = ctx.rules;
    let pairs: Vec<(&ObjectiveScore, &ObjectiveAreaScore)> = objectives
        .iter()
        .flat_map(|o| {
            o.areas
                .iter()
                .filter(|a| &a.area == area)
                .map(move |a| (o, a))
        })
        .collect();
    let weighted: Vec<(&ObjectiveScore, &ObjectiveAreaScore, f64)> = pairs
        .iter()
        .filter(|(o, _)| o.weighted)
        .filter_map(|(o, a)| a.weight.map(|w| (*o, *a, w)))
        .collect();
    let sum = |f: fn(&ObjectiveAreaScore) -> Option<f64>| -> (f64, f64) {
        weighted
            .iter()
            .fold((0.0, 0.0), |(sw, swg), (_, a, w)| match f(a) {
                Some(g) => (sw + w, swg + w * g),
                None => (sw, swg),
            })
    };
    let (total_weight, weighted_sum) = sum(|a| a.grade);
    let (computed_weight, computed_sum) = sum(|a| a.computed);
    let grade = (total_weight > 0.0).then(|| (weighted_sum / total_weight).clamp(0.0, 1.0));
    let computed =
        (computed_weight > 0.0).then(|| (computed_sum / computed_weight).clamp(0.0, 1.0));
    let reported = ctx.results.report(area).is_some();

    let mut explanation = String::new();
    if !reported && !pairs.is_empty() {
        let the_unit = ctx.vocab.unit.the(false);
        explanation.push_str(&format!(
            "{} non ha inviato il modulo di rendicontazione: i suoi indicatori risultano non rendicontati. ",
            ex::capitalise(&the_unit)
        ));
        ctx.warn(
            None,
            area,
            format!("{the_unit} {area} non ha inviato il modulo di rendicontazione: i suoi indicatori risultano non rendicontati"),
        );
    }
    match grade {
        Some(g) => {
            let counted = weighted.iter().filter(|(_, a, _)| a.grade.is_some()).count();
            explanation.push_str(&format!(
                "Media ponderata: somma dei pesi per i gradi {} diviso somma dei pesi {} = {}, su {counted} obiettiv{} pesat{}",
                ex::num(weighted_sum),
                ex::num(total_weight),
                percent(g),
                if counted == 1 { "o" } else { "i" },
                if counted == 1 { "o" } else { "i" },
            ));
        }
        None if weighted.is_empty() => {
            explanation.push_str(&format!(
                "Nessun obiettivo pesato: il grado {} non è calcolabile",
                ctx.vocab.unit.prep(Prep::Di, false)
            ));
        }
        None => explanation.push_str(&format!(
            "Nessun obiettivo pesato ha un grado (tutti neutralizzati, non applicabili o non rendicontati): il grado {} non è calcolabile",
            ctx.vocab.unit.prep(Prep::Di, false)
        )),
    }
    let excluded: Vec<String> = weighted
        .iter()
        .filter(|(_, a, _)| a.grade.is_none())
        .map(|(o, a, _)| format!("{} ({})", o.objective, standing_label(&a.standing)))
        .collect();
    if !excluded.is_empty() {
        explanation.push_str(&format!("; esclusi: {}", ex::list_and(&excluded)));
    }
    let apart: Vec<String> = pairs
        .iter()
        .filter(|(o, _)| !o.weighted)
        .map(|(o, _)| o.objective.to_string())
        .collect();
    if !apart.is_empty() {
        explanation.push_str(&format!(
            "; obiettivi senza peso (risorse variabili), valutati a parte: {}",
            ex::list_and(&apart)
        ));
    }
    if let (Some(g), Some(c)) = (grade, computed)
        && (g - c).abs() > EPS
    {
        explanation.push_str(&format!(
            "; prima delle correzioni {}: {}",
            ctx.vocab.evaluator.prep(Prep::Di, false),
            percent(c)
        ));
    }
    let band = grade.and_then(|g| band(g, rules));
    if let Some(b) = &band {
        explanation.push_str(&format!(
            ". {}: quota della retribuzione di risultato {}",
            b.label,
            percent(b.share)
        ));
    }
    AreaScore {
        area: area.clone(),
        total_weight,
        grade,
        computed,
        outcome: grade.map(|g| outcome(g, rules)),
        band,
        reported,
        explanation,
    }
}

fn count(counts: &mut OutcomeCounts, standing: &Standing, outcome: Option<Outcome>) {
    match (standing, outcome) {
        (Standing::NotApplicable(_), _) => counts.not_applicable += 1,
        (Standing::Neutralised(_), _) => counts.neutralised += 1,
        (Standing::NotReported, _) | (Standing::Scored, None) => counts.not_reported += 1,
        (Standing::Scored, Some(Outcome::Achieved)) => counts.achieved += 1,
        (Standing::Scored, Some(Outcome::PartiallyAchieved)) => counts.partially_achieved += 1,
        (Standing::Scored, Some(Outcome::NotAchieved)) => counts.not_achieved += 1,
    }
}

/// Grades everything, with the explanations and warnings in the ente's
/// words (`scoring::score_with`). Pure: same input, same output.
pub fn score(
    plan: &Plan,
    results: &Results,
    rules: &Rules,
    review: &Review,
    vocab: &Vocabulary,
) -> Scorecard {
    let mut ctx = Ctx {
        plan,
        results,
        rules,
        review,
        vocab,
        warnings: Vec::new(),
        pending: Vec::new(),
    };
    let objectives: Vec<ObjectiveScore> = plan
        .objectives
        .iter()
        .map(|o| score_objective(&mut ctx, o))
        .collect();
    let areas: Vec<AreaScore> = plan
        .areas
        .iter()
        .map(|a| score_area(&mut ctx, &a.id, &objectives))
        .collect();

    let pairs: Vec<&ObjectiveAreaScore> = objectives
        .iter()
        .filter(|o| o.weighted)
        .flat_map(|o| o.areas.iter())
        .filter(|a| a.weight.is_some())
        .collect();
    let ente = |f: fn(&ObjectiveAreaScore) -> Option<f64>| {
        let (sw, swg) = pairs
            .iter()
            .fold((0.0, 0.0), |(sw, swg), a| match (a.weight, f(a)) {
                (Some(w), Some(g)) => (sw + w, swg + w * g),
                _ => (sw, swg),
            });
        (sw > 0.0).then(|| (swg / sw).clamp(0.0, 1.0))
    };
    let grade = ente(|a| a.grade);
    let computed = ente(|a| a.computed);

    let strategic = super::shapes::strategic(plan, &objectives, rules);
    ctx.warnings
        .extend(super::shapes::shared_mismatches(plan, results));

    let mut indicator_counts = OutcomeCounts::default();
    let mut objective_counts = OutcomeCounts::default();
    for o in &objectives {
        for a in &o.areas {
            for i in &a.indicators {
                count(&mut indicator_counts, &i.standing, i.outcome);
            }
            if o.weighted {
                count(&mut objective_counts, &a.standing, a.outcome);
            }
        }
    }

    Scorecard {
        year: plan.year,
        grade,
        computed,
        outcome: grade.map(|g| outcome(g, rules)),
        areas,
        objectives,
        indicator_counts,
        objective_counts,
        rules: rules.clone(),
        warnings: {
            let mut w = ctx.warnings;
            w.extend(super::review::pending_message(&ctx.pending, ctx.vocab));
            w
        },
        pending: ctx.pending,
        strategic,
    }
}
