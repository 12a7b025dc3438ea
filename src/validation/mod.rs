//! The evaluator's validation papers (art. 14, c. 4, lett. c, D.Lgs.
//! 150/2009; `consuntivo validazione`): the *carta di lavoro*, the
//! findings computed from the data and laid out by criterion, and the
//! draft of the *documento di validazione* in the four headings small
//! comuni use, pre-filled with the same findings counted, with the
//! evaluator's own words and conclusion from `validazione-<anno>.toml`
//! (`file.rs`).
//!
//! Takes: the plan, the results, the scorecard the Relazione prints, the
//! plan's changes recorded in `relazione.toml`, the files the grades come
//! from with their checksums, the evaluator's file. Gives: the data
//! `validazione-carta.typ` and `validazione.typ` read. Must not touch:
//! grading (it reads the scorecard as it is) or files (the caller reads
//! and writes them).

pub mod file;

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

pub use file::{HEADINGS, Validation, Verdict};

use crate::italian;
use crate::plan::{AreaId, Plan};
use crate::results::{ProposedStatus, Results};
use crate::scoring::{self, IndicatorScore, Outcome, PendingKind, Scorecard, Standing};
use crate::vocab::Vocabulary;

/// A file the grades come from, with its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// What the file is («Modulo di rendicontazione», «Piano»…).
    pub what: String,
    /// The unit whose form it is, if it is a form.
    pub unit: Option<AreaId>,
    /// Its name, without folders.
    pub name: String,
    pub sha256: String,
}

/// Everything the papers are made from.
pub struct Input<'a> {
    pub plan: &'a Plan,
    pub vocab: &'a Vocabulary,
    pub results: &'a Results,
    pub scorecard: &'a Scorecard,
    /// The plan's changes in the year (act, what changed), from
    /// `relazione.toml`'s `[[variazioni]]`.
    pub changes: &'a [(String, String)],
    /// The forms, then the other files the grades come from.
    pub files: &'a [Checked],
    /// The papers' date.
    pub date: NaiveDate,
    /// The registered validation act (`relazione.toml`'s `[validazione]`),
    /// as «atto del GG/MM/AAAA», if any.
    pub act: Option<String>,
    /// The fingerprint recorded in `relazione.toml`'s `[validazione]`, if any.
    pub recorded: Option<&'a str>,
    /// The evaluator's file, when there is one.
    pub validation: Option<&'a Validation>,
    /// The payment-times rule in aggregate (`individual::payment_times::
    /// summary`); `Null` when the SMVP has none.
    pub payment_times: &'a Value,
}

fn unit_name(plan: &Plan, id: &AreaId) -> String {
    plan.area(id)
        .map_or_else(|| id.to_string(), |a| a.name.clone())
}

fn indicator_text(plan: &Plan, s: &IndicatorScore) -> String {
    plan.indicator(&s.indicator)
        .map(|(_, i)| i.description.clone())
        .unwrap_or_default()
}

fn pct(g: Option<f64>) -> Value {
    g.map_or(Value::Null, |g| json!(italian::percent(g)))
}

/// Every indicator score of the year, with its objective's id.
fn indicators(s: &Scorecard) -> impl Iterator<Item = &IndicatorScore> {
    s.objectives
        .iter()
        .flat_map(|o| o.areas.iter())
        .flat_map(|a| a.indicators.iter())
}

fn requested_na(s: &IndicatorScore) -> bool {
    s.proposed == Some(ProposedStatus::NotApplicable)
}

/// The findings, as lists: the carta prints them, the draft counts them.
struct Findings {
    objectives: usize,
    /// Objectives in the Relazione none of whose indicators is reported.
    unreported_objectives: Vec<Value>,
    missing: Vec<Value>,
    extra: Vec<Value>,
    changes: Vec<Value>,
    /// Indicator scores below 100%, in the plan's order.
    gaps: Vec<Value>,
    /// Indicator scores not reported (and not asked «non applicabile»).
    unreported: Vec<Value>,
    unmotivated: usize,
    /// Gaps made by the evaluator's correction of a grade the data gave
    /// in full: nothing for the unit to motivate.
    from_correction: usize,
    /// Gaps whose indicator is still classed as achieved (above the
    /// threshold of «raggiunto», below 100%).
    achieved_gaps: usize,
    not_reported: usize,
    excluded: Vec<Value>,
    requests: Vec<Value>,
    confirmations: Vec<Value>,
    /// Proposals confirmed, one per unit.
    confirmed: usize,
    corrections: Vec<Value>,
    pending: Vec<Value>,
    forms: Vec<Value>,
    others: Vec<Value>,
    missing_forms: Vec<Value>,
    graded: usize,
    /// Unreported indicator scores the rule of missing data counts as 0%.
    zero_unreported: usize,
}

fn findings(i: &Input) -> Findings {
    let (plan, sc) = (i.plan, i.scorecard);
    let row = |s: &IndicatorScore| {
        json!({
            "indicatore": s.indicator.to_string(),
            "descrizione": indicator_text(plan, s),
            "unita": unit_name(plan, &s.area),
        })
    };
    let with = |mut v: Value, k: &str, x: Value| {
        v[k] = x;
        v
    };
    // Coherence: the plan's objectives against the scorecard's.
    let missing = plan
        .objectives
        .iter()
        .filter(|o| !sc.objectives.iter().any(|s| s.objective == o.id))
        .map(|o| json!({ "obiettivo": o.id.to_string(), "titolo": o.title }))
        .collect();
    let extra = sc
        .objectives
        .iter()
        .filter(|s| plan.objective(&s.objective).is_none())
        .map(|s| json!(s.objective.to_string()))
        .collect();
    let changes = i
        .changes
        .iter()
        .map(|(a, d)| json!({ "atto": a, "descrizione": d }))
        .collect();

    let mut gaps = Vec::new();
    let mut unreported = Vec::new();
    let mut zero_unreported = 0;
    let (mut unmotivated, mut not_reported, mut graded, mut confirmed) = (0, 0, 0, 0);
    let (mut from_correction, mut achieved_gaps) = (0, 0);
    let mut excluded = Vec::new();
    let mut requests = Vec::new();
    let mut confirmations = Vec::new();
    let mut corrections = Vec::new();
    for s in indicators(sc) {
        let motivations: Vec<String> = s
            .targets
            .iter()
            .filter_map(|t| t.entry.as_ref()?.motivation.as_ref())
            .map(|m| m.value.trim().to_string())
            .filter(|m| !m.is_empty())
            .fold(Vec::new(), |mut v, m| {
                if !v.contains(&m) {
                    v.push(m);
                }
                v
            });
        let motivation = (!motivations.is_empty()).then(|| motivations.join(" "));
        let na = requested_na(s);
        match &s.standing {
            Standing::Scored => {
                graded += 1;
                if s.grade.is_some_and(|g| g < 1.0 - scoring::GRADE_TOLERANCE) {
                    // The data gave the full grade: the gap is the
                    // evaluator's correction, not the unit's to motivate.
                    let corrected = s.correction.is_some()
                        && s.computed
                            .is_some_and(|c| c >= 1.0 - scoring::GRADE_TOLERANCE);
                    if corrected {
                        from_correction += 1;
                    } else {
                        unmotivated += usize::from(motivation.is_none());
                    }
                    achieved_gaps += usize::from(s.outcome == Some(Outcome::Achieved));
                    let mut gap = with(row(s), "grado", pct(s.grade));
                    gap["corretto"] = json!(s.correction.is_some());
                    gap["da_correzione"] = json!(corrected);
                    gap["raggiunto"] = json!(s.outcome == Some(Outcome::Achieved));
                    gaps.push(with(gap, "motivazione", json!(motivation)));
                }
            }
            // Not reported: «non rendicontato», never a gap «senza
            // motivazione» (nothing was declared to motivate); graded as
            // the rule of missing data says, as the Relazione prints it
            // (review 35 n. 2).
            Standing::NotReported => {
                not_reported += 1;
                zero_unreported += usize::from(s.grade.is_some());
                if !na {
                    unreported.push(with(row(s), "grado", pct(s.grade)));
                }
            }
            Standing::NotApplicable(cond) => excluded.push(with(
                with(row(s), "motivo", json!(cond)),
                "tipo",
                json!("condizione"),
            )),
            // An accepted «non applicabile» is listed with the requests.
            Standing::Neutralised(reason) if !(na && s.confirmation.is_some()) => {
                excluded.push(with(
                    with(row(s), "motivo", json!(reason)),
                    "tipo",
                    json!("indicatore"),
                ))
            }
            Standing::Neutralised(_) => {}
        }
        if na {
            let outcome = if matches!(s.standing, Standing::NotApplicable(_)) {
                "condizione"
            } else if s.confirmation.is_some() {
                "accolta"
            } else if s.pending == Some(PendingKind::NotApplicableRequest) {
                "in_attesa"
            } else if s.correction.is_some() {
                "corretta"
            } else if matches!(s.standing, Standing::Neutralised(_)) {
                "neutralizzata"
            } else {
                "non_accolta"
            };
            requests.push(with(
                with(row(s), "motivazione", json!(motivation)),
                "esito",
                json!(outcome),
            ));
        } else if let Some(m) = &s.confirmation {
            confirmed += 1;
            let proposal = s
                .proposed
                .map(|p| p.label())
                .map_or_else(|| italian::percent_or_dash(s.computed), str::to_string);
            // With several targets the proposal is one target's: say which,
            // or the row reads as the whole indicator's (review 34 n. 12).
            let proposal = match s
                .targets
                .iter()
                .position(|t| t.entry.as_ref().is_some_and(|e| e.status.is_some()))
            {
                Some(n) if s.targets.len() > 1 => format!("Traguardo {}: {proposal}", n + 1),
                _ => proposal,
            };
            // One decision for several units (no unit named in the file)
            // is one row, with the units listed.
            let unit = unit_name(plan, &s.area);
            let same = confirmations.iter_mut().find(|c: &&mut Value| {
                c["indicatore"] == json!(s.indicator.to_string())
                    && c["proposta"] == json!(proposal)
                    && c["motivazione"] == json!(m)
            });
            match same {
                Some(c) => {
                    let units = format!("{}, {unit}", c["unita"].as_str().unwrap_or_default());
                    c["unita"] = json!(units);
                }
                None => confirmations.push(with(
                    with(row(s), "proposta", json!(proposal)),
                    "motivazione",
                    json!(m),
                )),
            }
        }
        if let Some(c) = &s.correction {
            corrections.push(json!({
                "oggetto": format!("indicatore {}", s.indicator),
                "descrizione": indicator_text(plan, s),
                "unita": unit_name(plan, &s.area),
                "prima": pct(s.computed),
                "dopo": italian::percent(c.grade),
                "motivazione": c.motivation,
            }));
        }
    }
    for o in &sc.objectives {
        let title = plan
            .objective(&o.objective)
            .map(|x| x.title.clone())
            .unwrap_or_default();
        for a in &o.areas {
            if let Standing::Neutralised(reason) = &a.standing {
                excluded.push(json!({
                    "obiettivo": o.objective.to_string(),
                    "descrizione": title,
                    "unita": unit_name(plan, &a.area),
                    "motivo": reason,
                    "tipo": "obiettivo",
                }));
            }
            if let Some(c) = &a.correction {
                corrections.push(json!({
                    "oggetto": format!("obiettivo {}", o.objective),
                    "descrizione": title,
                    "unita": unit_name(plan, &a.area),
                    "prima": pct(a.computed),
                    "dopo": italian::percent(c.grade),
                    "motivazione": c.motivation,
                }));
            }
        }
    }
    let unreported_objectives = sc
        .objectives
        .iter()
        .filter(|o| {
            let mut all = o.areas.iter().flat_map(|a| a.indicators.iter()).peekable();
            all.peek().is_some() && all.all(|s| s.standing == Standing::NotReported)
        })
        .map(|o| {
            json!({
                "obiettivo": o.objective.to_string(),
                "titolo": plan.objective(&o.objective).map(|x| x.title.clone()).unwrap_or_default(),
            })
        })
        .collect();
    let pending = sc
        .pending
        .iter()
        .map(|p| {
            json!({
                "indicatore": p.indicator.to_string(),
                "unita": unit_name(plan, &p.area),
                "proposta": p.proposal,
            })
        })
        .collect();
    let file_json = |f: &Checked| {
        json!({
            "cosa": f.what,
            "unita": f.unit.as_ref().map(|u| unit_name(plan, u)),
            "file": f.name,
            "sha256": f.sha256,
        })
    };
    let forms = i
        .files
        .iter()
        .filter(|f| f.unit.is_some())
        .map(file_json)
        .collect();
    let others = i
        .files
        .iter()
        .filter(|f| f.unit.is_none())
        .map(file_json)
        .collect();
    let missing_forms = plan
        .areas
        .iter()
        .filter(|a| plan.reports_itself(&a.id) && i.results.report(&a.id).is_none())
        .map(|a| json!(a.name))
        .collect();
    Findings {
        objectives: plan.objectives.len(),
        unreported_objectives,
        missing,
        extra,
        changes,
        gaps: by_code(plan, gaps),
        unreported: by_code(plan, unreported),
        unmotivated,
        from_correction,
        achieved_gaps,
        not_reported,
        excluded,
        requests,
        confirmations,
        confirmed,
        corrections,
        pending,
        forms,
        others,
        missing_forms,
        graded,
        zero_unreported,
    }
}

/// Rows in the plan's order of indicators (review 35 n. 3: the carta listed
/// OB24.3, OB24.3, OB24.1), then of units.
fn by_code(plan: &Plan, mut rows: Vec<Value>) -> Vec<Value> {
    let order: Vec<String> = plan
        .objectives
        .iter()
        .flat_map(|o| o.indicators.iter().map(|i| i.id.to_string()))
        .collect();
    let areas: Vec<&str> = plan.areas.iter().map(|a| a.name.as_str()).collect();
    let key = |v: &Value| {
        let code = v["indicatore"].as_str().unwrap_or_default();
        let unit = v["unita"].as_str().unwrap_or_default();
        (
            order.iter().position(|c| c == code).unwrap_or(usize::MAX),
            areas.iter().position(|a| *a == unit).unwrap_or(usize::MAX),
        )
    };
    rows.sort_by_key(|v| key(v));
    rows
}

/// How many distinct indicators `rows` are about.
fn distinct(rows: &[Value]) -> usize {
    rows.iter()
        .map(|r| r["indicatore"].as_str().unwrap_or_default())
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

/// The rule of missing data, as the papers name it.
fn missing_rule(sc: &Scorecard) -> &'static str {
    match sc.rules.missing {
        scoring::MissingPolicy::Zero => "zero",
        scoring::MissingPolicy::Exclude => "esclusi",
    }
}

/// What both papers share: the ente, the year, the date, the words, the
/// fingerprint.
fn common(i: &Input) -> Value {
    let fingerprint = scoring::fingerprint(i.scorecard);
    let recorded = i.recorded.map(|r| {
        json!({
            "impronta": r,
            "uguale": scoring::same_fingerprint(r, &fingerprint),
        })
    });
    json!({
        "ente": { "nome": i.plan.ente.name },
        "anno": i.plan.year,
        "anno_testo": i.plan.year.to_string(),
        "data": {
            "anno": i.date.year(),
            "mese": i.date.month(),
            "giorno": i.date.day(),
            "testo": italian::date_long(i.date),
        },
        "vocab": i.vocab.to_json(),
        "piano": { "titolo": i.plan.title, "atto": i.plan.adopted_by },
        "impronta": fingerprint,
        "registrata": recorded,
        "atto_validazione": i.act,
        "file_validazione": file::file_name(i.plan.year),
    })
}

/// The data `validazione-carta.typ` reads: every finding, listed.
pub fn work_paper_data(i: &Input) -> Value {
    let f = findings(i);
    let mut d = common(i);
    d["coerenza"] = json!({
        "obiettivi": f.objectives,
        "mancanti": f.missing,
        "estranei": f.extra,
        "non_rendicontati": f.unreported_objectives,
        "moduli_mancanti": f.missing_forms,
    });
    d["variazioni"] = json!(f.changes);
    d["scostamenti"] = json!(f.gaps);
    d["non_rendicontati"] = json!(f.unreported);
    d["mancanti"] = json!(missing_rule(i.scorecard));
    d["esclusi"] = json!(f.excluded);
    d["richieste_na"] = json!(f.requests);
    d["conferme"] = json!(f.confirmations);
    d["correzioni"] = json!(f.corrections);
    d["in_attesa"] = json!(f.pending);
    d["moduli"] = json!(f.forms);
    d["altri_file"] = json!(f.others);
    d["tempi_pagamento"] = payment_times(i);
    d
}

/// The payment-times rule for the carta, as the run computed it (with
/// the flagged objective's grade per unit: `ente::validation`).
fn payment_times(i: &Input) -> Value {
    i.payment_times.clone()
}

/// The data `validazione.typ` reads: the findings counted under the four
/// headings, the evaluator's words and conclusion.
pub fn draft_data(i: &Input) -> Value {
    let f = findings(i);
    let mut d = common(i);
    let sc = i.scorecard;
    let v = i.validation;
    let texts: Vec<Value> = HEADINGS
        .iter()
        .enumerate()
        .map(|(n, _)| json!(v.map(|v| v.texts[n].clone()).unwrap_or_default()))
        .collect();
    let verdict = v.and_then(|v| v.verdict);
    // A conclusion written while a proposal still awaits the evaluator is
    // only proposed: the document stays a draft (review 34 n. 7).
    d["documento"] = json!({ "definitiva": verdict.is_some() && f.pending.is_empty() });
    d["esito"] = json!(verdict.map(Verdict::key));
    d["osservazioni"] = json!(v.map(|v| v.observations.clone()).unwrap_or_default());
    d["testi"] = json!({
        "conformita": texts[0],
        "attendibilita": texts[1],
        "comprensibilita": texts[2],
        "indicatori": texts[3],
    });
    d["conteggi"] = json!({
        "obiettivi": f.objectives,
        "mancanti": f.missing.len(),
        "estranei": f.extra.len(),
        "obiettivi_non_rendicontati": f.unreported_objectives.len(),
        "variazioni": f.changes.len(),
        "moduli": f.forms.len(),
        "moduli_mancanti": f.missing_forms.len(),
        "correzioni": f.corrections.len(),
        "conferme": f.confirmed,
        "in_attesa": f.pending.len(),
        "scostamenti": f.gaps.len(),
        "scostamenti_indicatori": distinct(&f.gaps),
        "senza_motivazione": f.unmotivated,
        "da_correzione": f.from_correction,
        "scostamenti_raggiunti": f.achieved_gaps,
        "non_rendicontati": f.not_reported,
        "non_rendicontati_indicatori": distinct(&f.unreported),
        "indicatori": indicators(sc).count(),
        "indicatori_piano": indicators(sc)
            .map(|s| &s.indicator)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        "valutati": f.graded,
        "non_rendicontati_zero": f.zero_unreported,
        "esclusi": f.excluded.len(),
        "richieste_na": f.requests.len(),
        "raggiunti": sc.indicator_counts.achieved,
        "parziali": sc.indicator_counts.partially_achieved,
        "non_raggiunti": sc.indicator_counts.not_achieved,
    });
    // The ente's grade as the Relazione prints it, from the same scorecard:
    // 0% when the rule of missing data counts the unreported indicators as
    // 0%, none when it leaves them out and nothing else is graded
    // (review 35 n. 2).
    d["grado_ente"] = sc.grade.map_or(Value::Null, |g| {
        json!(italian::with_article("", &italian::percent(g)))
    });
    d["mancanti"] = json!(missing_rule(sc));
    d["smvp"] = crate::report::adoption_json(sc.rules.adoption.as_ref());
    d
}
