//! One indicator for one unit: where what the unit proposes ("Non
//! applicabile", a qualitative status) meets what the evaluator decides
//! (confirmation, correction, neutralisation), so that a grade reaches its
//! objective already saying who set it and why, and every warning points at
//! the cell it comes from.

use crate::diag::{Diagnostic, Location};
use crate::italian::percent;
use crate::plan::{AreaId, Indicator, Plan, Target};
use crate::results::{CellRef, Entry, ProposedStatus, Results};

use crate::vocab::{Prep, Vocabulary};

use super::explain as ex;
use super::model::*;
use super::review::{Review, ReviewSubject};
use super::target::{EPS, Graded, grade_target, outcome, phase_weight, weighted_mean};

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

pub(super) struct Ctx<'a> {
    pub(super) plan: &'a Plan,
    pub(super) results: &'a Results,
    pub(super) rules: &'a Rules,
    pub(super) review: &'a Review,
    pub(super) vocab: &'a Vocabulary,
    pub(super) warnings: Vec<Diagnostic>,
    pub(super) pending: Vec<PendingDecision>,
}

impl Ctx<'_> {
    fn area_location(&self, area: &AreaId) -> Location {
        self.results
            .report(area)
            .map(|r| Location::file(&r.source.path))
            .unwrap_or_default()
    }

    pub(super) fn warn(&mut self, at: Option<Location>, area: &AreaId, message: String) {
        let at = at.unwrap_or_else(|| self.area_location(area));
        self.warnings.push(Diagnostic::warning(at, message));
    }
}

pub(super) fn score_indicator(
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
                // A miss the form reader can see is already warned about at
                // the motivation's cell, in its words: said once, not twice.
                if g < 1.0 - EPS
                    && let Some(e) = entry
                    && !has_motivation(e)
                    && crate::forms::missed_target(t, e).is_none()
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
    // How the targets combine, said alone: where a document prints every
    // target beside it (the phase table), this is all it adds.
    let mut aggregate: Option<String> = None;
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
        let (text, mean) = if texts.len() == 1 {
            (texts[0].clone(), None)
        } else {
            let parts: Vec<String> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| match &ind.targets[targets[i].target] {
                    // A phase names itself: «fase «Analisi», avanzamento 80%».
                    Target::Phase { .. } => t.clone(),
                    // «traguardo 1 – …»: no colon before an explanation
                    // that has its own.
                    _ => format!("traguardo {} – {t}", i + 1),
                })
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
            let mean = ex::capitalise(&mean);
            (format!("{}. {mean}", parts.join("; ")), Some(mean))
        };
        let level = ind.success.unwrap_or(rules.success);
        match computed {
            Some(c) if level < 1.0 - EPS => {
                let g = super::target::against_success(c, level);
                let success = ex::success(c, level, g);
                let text = format!("{text}; {success}");
                aggregate = mean.map(|m| format!("{m}; {success}"));
                (standing, Some(g), text)
            }
            _ => {
                aggregate = mean;
                (standing, computed, text)
            }
        }
    };
    // Said once, of the unit that reports: not again for each unit that
    // shares the lead unit's result. A «Non applicabile» the unit asked
    // for is reported: it waits for the evaluator (listed among the
    // pending proposals), it is not missing.
    if self_standing == Standing::NotReported && !na_request && report.is_some() && reporter == area
    {
        // At the row of its first target left empty, as every other
        // message about a form names its sheet and cell.
        let row = report.and_then(|r| (0..ind.targets.len()).find_map(|t| r.row(&ind.id, t)));
        let at = row
            .map(|c| Location::cell(&c.file, &c.sheet, &c.cell))
            .unwrap_or_else(|| ctx.area_location(area));
        // Coded: where the form's reader already said the row is empty, at
        // the same cell, the run says it once (`ente::score_all`).
        ctx.warnings.push(
            Diagnostic::warning(
                at,
                format!(
                    "indicatore {} non rendicontato {}",
                    ind.id,
                    vocab.named_unit(
                        Prep::Da,
                        area.as_str(),
                        ctx.plan
                            .area(area)
                            .map_or(area.as_str(), |a| a.name.as_str())
                    )
                ),
            )
            .with_code(crate::diag::NOT_REPORTED),
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
        aggregate,
    }
}

#[derive(Clone, Copy)]
pub(super) enum Subject {
    Indicator,
    Objective,
}

/// What the Nucleo decided on an indicator or objective for one Area.
pub(super) struct Decision {
    pub(super) standing: Standing,
    pub(super) grade: Option<f64>,
    pub(super) correction: Option<Correction>,
    /// Appended to the explanation of the grade.
    pub(super) sentence: String,
}

/// The Nucleo's neutralisation or correction of `subject` for `area`, if
/// any; `before` is the grade it replaces.
pub(super) fn nucleo_decision(
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
            .with_hint(&hint)
            .with_code("correzione-uguale"),
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
