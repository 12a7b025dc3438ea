//! The evaluator's decisions written into the year's
//! `valutazioni-nucleo-<anno>.toml`, the file every command reads: what
//! the sportello's page does instead of an editor. The file is edited,
//! never rewritten: comments, order and spacing stay as they were, and a
//! new decision goes among those of its kind in the plan's order, with a
//! comment saying what it decided. A decision the commands would refuse is
//! refused with their own message, and nothing is written.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, value};

use super::EnteFolder;
use super::edit::{self, Refusal};
use crate::diag::{Diagnostic, Diagnostics, Location, Severity};
use crate::plan::{AreaId, IndicatorId, Plan};
use crate::results::{CellRef, Results};
use crate::scoring::{PendingDecision, PendingKind};
use crate::vocab::{Prep, Vocabulary};

/// What the evaluator decides on a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    /// Accepts the unit's proposal as it is (`[[conferma]]`).
    Confirm,
    /// Sets another grade (`[[correzione]]`).
    Correct,
    /// Takes the indicator out of the means (`[[neutralizzazione]]`).
    Neutralise,
}

impl DecisionKind {
    /// The array of tables the decision is written in.
    pub fn key(self) -> &'static str {
        match self {
            DecisionKind::Confirm => "conferma",
            DecisionKind::Correct => "correzione",
            DecisionKind::Neutralise => "neutralizzazione",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Confirm, Self::Correct, Self::Neutralise]
            .into_iter()
            .find(|k| k.key() == key)
    }

    /// The decision as a noun: «conferma», «correzione», «neutralizzazione».
    pub fn noun(self) -> &'static str {
        self.key()
    }
}

/// One decision on one unit's proposal for one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub kind: DecisionKind,
    pub indicator: IndicatorId,
    pub area: AreaId,
    /// The grade as typed (0–100), for a correction: written as a number
    /// when it reads as one («85», «85,5», «85%»), otherwise as the text
    /// typed, so that the file's reader says what is wrong with it.
    pub grade: Option<String>,
    pub motivation: String,
}

/// What the unit wrote in its form for one target of the indicator.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reported {
    /// The target's expected level, when the indicator has several.
    pub target: Option<String>,
    pub status: Option<String>,
    pub motivation: Option<String>,
    pub evidence: Option<String>,
    pub notes: Option<String>,
    /// Where the row is: «modulo › foglio › riga».
    pub place: Option<String>,
}

/// A proposal awaiting the evaluator, with what the unit wrote for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Proposal {
    pub indicator: String,
    pub description: String,
    pub objective: String,
    pub objective_title: String,
    pub area: String,
    pub unit_name: String,
    /// «valutazione qualitativa» or «richiesta di non applicabilità».
    pub kind: &'static str,
    /// The proposal in words («Raggiunto», «Non applicabile (…)»).
    pub proposal: String,
    pub reported: Vec<Reported>,
}

/// The pending proposals of a scoring, in the plan's order, with the
/// units' motivations and evidence.
pub fn proposals(plan: &Plan, results: &Results, pending: &[PendingDecision]) -> Vec<Proposal> {
    let mut out: Vec<(OrderKey, Proposal)> = pending
        .iter()
        .map(|p| {
            let found = plan.indicator(&p.indicator);
            let several = found.is_some_and(|(_, i)| i.targets.len() > 1);
            let reported = results
                .report(&p.area)
                .map(|r| {
                    r.entries
                        .iter()
                        .filter(|e| e.indicator == p.indicator && !e.is_blank())
                        .map(|e| Reported {
                            target: several
                                .then(|| found.and_then(|(_, i)| i.targets.get(e.target)))
                                .flatten()
                                .map(crate::forms::describe_target),
                            status: e.status.as_ref().map(|s| s.value.label().to_string()),
                            motivation: e.motivation.as_ref().map(|s| s.value.clone()),
                            evidence: e.evidence.as_ref().map(|s| s.value.clone()),
                            notes: e.notes.as_ref().map(|s| s.value.clone()),
                            place: row_place(e),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let proposal = Proposal {
                indicator: p.indicator.to_string(),
                description: found
                    .map(|(_, i)| i.description.clone())
                    .unwrap_or_default(),
                objective: found.map(|(o, _)| o.id.to_string()).unwrap_or_default(),
                objective_title: found.map(|(o, _)| o.title.clone()).unwrap_or_default(),
                area: p.area.to_string(),
                unit_name: plan
                    .area(&p.area)
                    .map_or_else(|| p.area.to_string(), |a| a.name.clone()),
                kind: match p.kind {
                    PendingKind::Qualitative => "valutazione qualitativa",
                    PendingKind::NotApplicableRequest => "richiesta di non applicabilità",
                },
                proposal: p.proposal.clone(),
                reported,
            };
            (
                order_key(
                    plan,
                    Some(p.indicator.as_str()),
                    None,
                    Some(p.area.as_str()),
                ),
                proposal,
            )
        })
        .collect();
    out.sort_by_key(|(k, _)| *k);
    out.into_iter().map(|(_, p)| p).collect()
}

/// The row of an entry: the file, sheet and row of its first filled cell.
fn row_place(e: &crate::results::Entry) -> Option<String> {
    let cell: Option<&CellRef> = e
        .status
        .as_ref()
        .map(|s| &s.at)
        .or(e.motivation.as_ref().map(|s| &s.at))
        .or(e.evidence.as_ref().map(|s| &s.at))
        .or(e.value.as_ref().map(|s| &s.at))
        .or(e.date.as_ref().map(|s| &s.at))
        .or(e.done.as_ref().map(|s| &s.at))
        .or(e.notes.as_ref().map(|s| &s.at));
    cell.map(|c| {
        let row: String = c.cell.chars().filter(char::is_ascii_digit).collect();
        let name = c
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!("{name} › {} › riga {row}", c.sheet)
    })
}

/// Where an indicator or objective (and unit) stands in the plan: the
/// order decisions are kept in. Unknown ids go last.
type OrderKey = (usize, usize, usize);

fn order_key(
    plan: &Plan,
    indicator: Option<&str>,
    objective: Option<&str>,
    area: Option<&str>,
) -> OrderKey {
    let area_at = area
        .and_then(|a| plan.areas.iter().position(|x| x.id.as_str() == a))
        .map_or(usize::MAX, |i| i + 1);
    // Without `area` a decision is for every unit: before any one unit's.
    let area_at = if area.is_none() { 0 } else { area_at };
    for (o, obj) in plan.objectives.iter().enumerate() {
        if objective == Some(obj.id.as_str()) {
            return (o, 0, area_at);
        }
        if let Some(i) = obj
            .indicators
            .iter()
            .position(|i| Some(i.id.as_str()) == indicator)
        {
            return (o, i + 1, area_at);
        }
    }
    (usize::MAX, usize::MAX, area_at)
}

/// The start of a comment line written by the sportello above a decision:
/// a new first decision of a kind takes the comment above the old first
/// one (the heading of the group) unless it is one of these.
const MARK: &str = "# Decisione presa dallo sportello";

/// Who took a decision and when, for the comment above it.
pub struct Author<'a> {
    /// «Nucleo di Valutazione», «Ufficio del Segretario generale».
    pub role: &'a str,
    pub date: chrono::NaiveDate,
}

impl EnteFolder {
    /// Writes `decision` into the year's Nucleo's file, if the file still
    /// has the fingerprint `seen` (the one the page was made from) and the
    /// commands would accept the result. Returns the file written.
    pub fn write_decision(
        &self,
        plan: &Plan,
        vocab: &Vocabulary,
        decision: &Decision,
        author: &Author,
        seen: &str,
    ) -> Result<PathBuf, Refusal> {
        let path = self.review_path(plan.year);
        let current = edit::read_if_unchanged(&path, seen)?;
        let text = match current {
            Some(t) => t,
            None => new_file(plan, vocab),
        };
        let next = add_decision(&text, &path, plan, vocab, decision, author)?;
        self.check_review_text(plan, vocab, &path, &next)?;
        edit::write(&path, &next)?;
        Ok(path)
    }

    /// What the commands say of `text` as the Nucleo's file: its own
    /// errors, those only grading shows (a correction equal to the computed
    /// grade), and characters the documents cannot print. Errors of other
    /// files (a unit's form) do not stop a decision.
    fn check_review_text(
        &self,
        plan: &Plan,
        vocab: &Vocabulary,
        path: &Path,
        text: &str,
    ) -> Result<(), Refusal> {
        crate::scoring::parse_review(text, path, plan, vocab).map_err(Refusal::Invalid)?;
        let mine = |d: &Diagnostic| {
            d.severity == Severity::Error && d.location.file.as_deref() == Some(path)
        };
        if let Err(d) = self.score_with_review(text, &crate::progress::Silent) {
            let own: Diagnostics = Diagnostics(d.iter().filter(|x| mine(x)).cloned().collect());
            if !own.is_empty() {
                return Err(Refusal::Invalid(own));
            }
        }
        let printable = crate::report::printable::check_file(path, text);
        if printable.has_errors() {
            return Err(Refusal::Invalid(printable));
        }
        Ok(())
    }
}

/// The text of a Nucleo's file that does not exist yet.
fn new_file(plan: &Plan, vocab: &Vocabulary) -> String {
    let year = plan.year;
    format!(
        "# Valutazioni {of} sulla performance {year}, lette da consuntivo.\n\
         # Le decisioni prese dallo sportello sono scritte qui; si possono\n\
         # scrivere anche a mano (formato in docs/regole-smvp.md):\n\
         # - [[conferma]]: accoglie la proposta {of_unit} così com'è;\n\
         # - [[correzione]]: fissa un grado diverso (da 0 a 100);\n\
         # - [[neutralizzazione]]: l'indicatore esce dalle medie.\n\
         \n\
         anno = {year}\n",
        of = vocab.evaluator.prep(Prep::Di, false),
        of_unit = vocab.unit.prep(Prep::Di, false),
    )
}

/// `text` with `decision` added among the decisions of its kind, in the
/// plan's order. A file that is not TOML is refused with its reader's
/// message.
fn add_decision(
    text: &str,
    path: &Path,
    plan: &Plan,
    vocab: &Vocabulary,
    decision: &Decision,
    author: &Author,
) -> Result<String, Refusal> {
    let mut doc: DocumentMut = match text.parse() {
        Ok(d) => d,
        Err(_) => {
            return Err(Refusal::Invalid(
                crate::scoring::parse_review(text, path, plan, vocab)
                    .err()
                    .unwrap_or_else(|| unreadable(path)),
            ));
        }
    };
    let key = decision.kind.key();
    let mut entry = Table::new();
    entry.insert("indicatore", value(decision.indicator.as_str()));
    entry.insert("area", value(decision.area.as_str()));
    if decision.kind == DecisionKind::Correct {
        entry.insert("grado", grade_item(decision.grade.as_deref().unwrap_or("")));
    }
    entry.insert("motivazione", value(decision.motivation.trim()));
    let comment = comment_lines(plan, decision, author);

    let root = doc.as_table_mut();
    if root.get(key).is_some_and(|i| !i.is_array_of_tables()) {
        // `conferma = …` written otherwise: the reader says what is wrong.
        return Err(Refusal::Invalid(
            crate::scoring::parse_review(text, path, plan, vocab)
                .err()
                .unwrap_or_else(|| unreadable(path)),
        ));
    }
    let list = root
        .entry(key)
        .or_insert_with(|| Item::ArrayOfTables(Default::default()))
        .as_array_of_tables_mut()
        .expect("checked to be an array of tables");
    let new_key = order_key(
        plan,
        Some(decision.indicator.as_str()),
        None,
        Some(decision.area.as_str()),
    );
    let keys: Vec<OrderKey> = list
        .iter()
        .map(|t| {
            let s = |k: &str| t.get(k).and_then(|v| v.as_str());
            order_key(plan, s("indicatore"), s("obiettivo"), s("area"))
        })
        .collect();
    let index = keys
        .iter()
        .rposition(|k| *k <= new_key)
        .map_or(0, |i| i + 1);
    if list.is_empty() {
        entry.decor_mut().set_prefix(format!("\n{comment}"));
        list.push(entry);
    } else if index == 0 {
        // The new first decision of its kind: it goes above the old first
        // one, under the comment that headed the group.
        let first = list.get_mut(0).expect("not empty");
        let old = first
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("\n")
            .to_string();
        let (heading, own) = match old.find(MARK) {
            Some(at) => (old[..at].to_string(), old[at..].to_string()),
            None => (old, String::new()),
        };
        let heading = if heading.is_empty() {
            "\n".to_string()
        } else {
            heading
        };
        first.decor_mut().set_prefix(format!("\n{own}"));
        entry.set_position(first.position());
        entry.decor_mut().set_prefix(format!("{heading}{comment}"));
        list.insert(0, entry);
    } else {
        let before = list.get(index - 1).expect("index within the list");
        entry.set_position(before.position());
        entry.decor_mut().set_prefix(format!("\n{comment}"));
        list.insert(index, entry);
    }
    Ok(doc.to_string())
}

/// The grade as typed, as a TOML value: a number when it reads as one.
fn grade_item(typed: &str) -> Item {
    let t = typed.trim().trim_end_matches('%').trim();
    let normal = t.replace(',', ".");
    if let Ok(i) = normal.parse::<i64>() {
        return value(i);
    }
    match normal.parse::<f64>() {
        Ok(x) if x.is_finite() && !normal.contains(['e', 'E', 'i', 'n', 'N']) => value(x),
        _ => value(typed),
    }
}

/// The comment above a decision: who took it, when, and on what.
fn comment_lines(plan: &Plan, d: &Decision, author: &Author) -> String {
    let unit = plan
        .area(&d.area)
        .map_or_else(|| d.area.to_string(), |a| a.name.clone());
    let description = plan
        .indicator(&d.indicator)
        .map(|(_, i)| i.description.clone())
        .unwrap_or_default();
    let first = format!(
        "{MARK} il {} ({}): {}",
        crate::italian::date_short(author.date),
        one_line(author.role, 80),
        d.kind.noun()
    );
    let second = format!(
        "# {} {}, {}",
        d.indicator,
        if description.is_empty() {
            String::new()
        } else {
            format!("«{}»", one_line(&description, 90))
        },
        one_line(&unit, 80),
    );
    format!("{first}\n{second}\n")
}

/// A text fit for one comment line: no line breaks or control characters,
/// at most `max` characters.
fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words: Vec<&str> = flat.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= max {
        joined
    } else {
        let cut: String = joined.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

fn unreadable(path: &Path) -> Diagnostics {
    Diagnostic::error(
        Location::file(path),
        "il file delle valutazioni non è un file TOML leggibile",
    )
    .into()
}
