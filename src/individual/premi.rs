//! The premi data of art. 20 D.Lgs. 33/2013 from the individual
//! evaluations: the total budgeted and paid, the distribution by band and
//! the degree of differentiation, for the heads (the staff's category is
//! `staff::premi`'s). Aggregates only, written with the open data
//! (`opendata::premi`, whose `category` applies the figures' part of
//! the rule to every category); the rule that keeps every person out of
//! them:
//!
//! - only concluded evaluations count, and nothing is published about a
//!   category with fewer than [`MIN_AGGREGATE`] of them;
//! - the top official is left out: one person, whose amount no aggregate
//!   could hide (added to the heads' total, it is that total minus the
//!   heads' fund, which the SMVP publishes);
//! - adjacent bands are joined ([`band_groups`]) until each group holds
//!   no one or at least [`MIN_AGGREGATE`] people, and no one or at least
//!   [`MIN_AGGREGATE`] people paid something: people paid nothing do not
//!   hide the amounts of the others (three people, one paid: the group's
//!   total would be that one's amount). The Relazione's distribution by
//!   band uses the same groups, so that the two publications cannot be
//!   set against each other;
//! - when even all the bands together hold one or two people paid, the
//!   amounts, the budget and the number paid are withheld (empty): each
//!   of them would be one or two persons' amounts.

use std::path::Path;

use crate::decimal::cents;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::opendata::State;
use crate::opendata::premi::{Category, Member, Premi, Source};
use crate::plan::Plan;
use crate::privacy::{self, MIN_AGGREGATE};
use crate::vocab::{Prep, Vocabulary};

use super::model::{Evaluation, PayRule, Role, RoleModel};

/// The category code of the heads in the files.
pub const HEADS: &str = "responsabili";

/// Whether a concluded evaluation is paid something: an amount above
/// zero once determined, a band with a share above zero before.
fn paid(e: &Evaluation) -> bool {
    e.pay.as_ref().is_some_and(|p| match p.amount {
        Some(a) => a > 0.0,
        None => p.share > 0.0,
    })
}

/// A band, or adjacent bands joined, with the evaluations in it.
pub struct Group<'a> {
    /// Indices of its bands in the role's model, in order.
    pub bands: std::ops::Range<usize>,
    pub labels: Vec<&'a str>,
    pub members: Vec<&'a Evaluation>,
    pub paid: usize,
}

/// The bands of `rm` joined as every public document shows them (see the
/// module's comment), over the concluded evaluations `finals`. When even
/// all together are short of [`MIN_AGGREGATE`] people paid, the one group
/// returned is not [`privacy::publishable`].
pub fn band_groups<'a>(rm: &'a RoleModel, finals: &[&'a Evaluation]) -> Vec<Group<'a>> {
    let members = |label: &str| -> Vec<&'a Evaluation> {
        finals
            .iter()
            .copied()
            .filter(|e| e.pay.as_ref().is_some_and(|p| p.band == label))
            .collect()
    };
    let counts: Vec<(&str, [usize; 2])> = rm
        .bands
        .iter()
        .map(|b| {
            let m = members(&b.label);
            let paid = m.iter().filter(|e| paid(e)).count();
            (b.label.as_str(), [m.len(), paid])
        })
        .collect();
    let mut start = 0;
    privacy::groups(&counts)
        .into_iter()
        .map(|(labels, [_, paid])| {
            let bands = start..start + labels.len();
            start = bands.end;
            let members = rm.bands[bands.clone()]
                .iter()
                .flat_map(|b| members(&b.label))
                .collect();
            Group {
                bands,
                labels,
                members,
                paid,
            }
        })
        .collect()
}

/// The heads' category, or why it cannot be published.
fn heads(
    plan: &Plan,
    rm: &RoleModel,
    evaluations: &[Evaluation],
    vocab: &Vocabulary,
) -> Result<(Category, bool), usize> {
    let all: Vec<&Evaluation> = evaluations
        .iter()
        .filter(|e| e.person.role == Role::Head)
        .collect();
    let finals: Vec<&Evaluation> = all.iter().copied().filter(|e| e.is_final()).collect();
    let n = finals.len();
    if n < MIN_AGGREGATE {
        return Err(n);
    }
    let members: Vec<Member> = finals
        .iter()
        .map(|e| Member {
            band: e
                .pay
                .as_ref()
                .and_then(|p| rm.bands.iter().position(|b| b.label == p.band))
                .unwrap_or(0),
            score: e.score,
            amount: e.pay.as_ref().and_then(|p| p.amount),
            paid: paid(e),
        })
        .collect();
    // The payment-times rule's withholdings are a saving: the budget less
    // the total paid is their sum, so one or two heads losing the share
    // would have their amounts published by difference.
    let losing = finals
        .iter()
        .filter(|e| {
            e.payment_times
                .as_ref()
                .and_then(|g| g.withheld)
                .is_some_and(|w| w > 0.0)
        })
        .count();
    let budgeted = match rm.pay {
        PayRule::Fund { amount, .. } => Some(amount),
        PayRule::PerPerson => all
            .iter()
            .map(|e| e.person.max_amount.map(cents))
            .sum::<Option<i64>>()
            .map(|c| c as f64 / 100.0),
    };
    let determined = members.iter().all(|m| m.amount.is_some());
    // Every unit the heads lead has its evaluation, all concluded, every
    // amount determined: only then is the total final.
    let top_unit = plan.top_official_unit(vocab).map(|a| a.id.clone());
    let covered = plan
        .areas
        .iter()
        .filter(|a| top_unit.as_ref() != Some(&a.id))
        .all(|a| all.iter().any(|e| e.person.unit == a.id));
    let complete = covered && all.len() == n && determined;
    let category = crate::opendata::premi::category(&Source {
        code: HEADS,
        name: &vocab.head.plural,
        pay_rule: match rm.pay {
            PayRule::Fund { .. } => "fondo",
            PayRule::PerPerson => "importo_individuale",
        },
        bands: rm
            .bands
            .iter()
            .map(|b| (b.label.as_str(), b.min_grade * 100.0))
            .collect(),
        finals: &members,
        pending: all.len() - n,
        budgeted,
        losing,
    });
    Ok((category, complete))
}

/// The premi data of the year's evaluations, `None` when no category may
/// be published (with a warning that says why, naming no one); `definitive`:
/// the run's documents are final. `source` is the evaluations file.
pub fn build(
    plan: &Plan,
    model: &super::Model,
    evaluations: &[Evaluation],
    vocab: &Vocabulary,
    definitive: bool,
    source: &Path,
) -> (Option<Premi>, Diagnostics) {
    let mut warnings = Diagnostics::new();
    let Some(rm) = model.role(Role::Head) else {
        return (None, warnings);
    };
    match heads(plan, rm, evaluations, vocab) {
        Ok((category, complete)) => (
            Some(Premi {
                state: State::of(definitive && complete),
                categories: vec![category],
            }),
            warnings,
        ),
        Err(n) => {
            // The evaluations that wait only for the revisori's check.
            let waiting = evaluations
                .iter()
                .filter(|e| e.person.role == Role::Head && !e.is_final())
                .filter(|e| e.payment_times.as_ref().is_some_and(|g| !g.checked))
                .count();
            let why = match waiting {
                0 => String::new(),
                1 => ", e 1 attende la verifica dell'organo di revisione sull'indicatore di ritardo dei pagamenti".to_string(),
                k => format!(", e {k} attendono la verifica dell'organo di revisione sull'indicatore di ritardo dei pagamenti"),
            };
            let hint = if waiting > 0 {
                format!(
                    "registrare la verifica nel file delle valutazioni individuali ([tempi_pagamento], con `verifica_revisori` e `data_verifica`): i dati sono scritti quando almeno {MIN_AGGREGATE} valutazioni sono concluse"
                )
            } else {
                format!("sono scritti quando almeno {MIN_AGGREGATE} valutazioni sono concluse")
            };
            warnings.push(
                Diagnostic::warning(
                    Location::file(source),
                    format!(
                        "i dati sui premi (art. 20 del D.Lgs. 33/2013) non sono scritti: le valutazioni concluse {} sono {n}, meno di {MIN_AGGREGATE}{why}; con meno di {MIN_AGGREGATE} i dati renderebbero riconoscibili le persone",
                        vocab.head.prep(Prep::Di, true)
                    ),
                )
                .with_hint(hint),
            );
            (None, warnings)
        }
    }
}

#[cfg(test)]
#[path = "tests_premi.rs"]
mod tests;
