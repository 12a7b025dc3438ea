//! The individual evaluation of each head of unit (and of the top
//! official): the plan's weights as points, behaviours judged by the
//! evaluator, the score out of 100, the band and the *retribuzione di
//! risultato*. Confidential: the schede and the workbook go to
//! `outputs/<anno>/riservato/`; the Relazione only gets aggregates.
//!
//! Takes: the `[individuale]` section of `smvp.toml`, the evaluator's file
//! or form, the plan and the scorecard. Gives: one [`Evaluation`] per
//! person, the schede's JSON, the confidential workbook, the Relazione's
//! aggregates. Must not touch: the scorecard (it reads grades, never
//! changes them) or anything public: names and amounts stay in
//! `riservato/`.
//!
//! - `model.rs`: the types (model, input, evaluation);
//! - `rules.rs`: the `[individuale]` section of `smvp.toml`;
//! - `input.rs`: the evaluator's file, read into raw values with their
//!   place, then checked by one function whatever the source;
//! - `form.rs`: the spreadsheet form for evaluators who prefer it, written
//!   and read back into the same raw values;
//! - `compute.rs`: the arithmetic (pure, table-tested);
//! - `data.rs`: the JSON of each scheda and the Relazione's aggregates;
//! - `premi.rs`: the premi data of art. 20 D.Lgs. 33/2013 (aggregates
//!   for the open data) and the band groups every public figure uses;
//! - `method.rs`: the model in words for the SMVP document, with worked
//!   examples computed by `compute.rs`;
//! - `payment_times.rs`: the payment-times rule around the evaluation
//!   (art. 4-bis, c. 2, DL 13/2023): its checks, warnings and aggregates;
//! - `xlsx.rs`: the *Valutazioni individuali* workbook.

mod compute;
mod data;
mod form;
mod input;
mod method;
mod model;
pub mod payment_times;
pub mod premi;
mod rules;
mod xlsx;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::Plan;
use crate::scoring::Scorecard;
use crate::vocab::Vocabulary;

pub use compute::{
    band, behaviour_points, distribute, ente_part, fund_weight, objective_points,
    payment_times_withheld, person_amount, pro_rata, score_out_of_100, total_part,
};
pub use data::{aggregates, email_data, scheda_data, scheda_file_name};
pub use form::{filled_form_name, form_file_name, read_form, write_form};
pub use input::{
    file_name, load as load_evaluations, load_payment_times, parse as parse_evaluations,
    parse_payment_times, payment_times_file_name,
};
pub use method::method_data;
pub use model::*;
pub use rules::{SECTION as RULES_SECTION, load_model, parse_model};
pub use xlsx::{render as render_workbook, workbook_file_name};

/// The confidential folder under the year's outputs.
pub const CONFIDENTIAL_DIR: &str = crate::output::PRIVATE_DIR;

/// Evaluates every person; see [`compute::evaluate`]. `payment_times`:
/// the year's PCC indicator and the revisori's check, when recorded.
pub fn evaluate(
    plan: &Plan,
    scorecard: &Scorecard,
    model: &Model,
    persons: &[Person],
    payment_times: Option<&PaymentTimesData>,
    vocab: &Vocabulary,
) -> Vec<Evaluation> {
    compute::evaluate(plan, scorecard, model, persons, payment_times, vocab)
}

/// What the program says about drafts and units left without an
/// evaluation: which unit's evaluation is incomplete (at the person's
/// line or cell, never by name), and what it lacks.
pub fn warnings(plan: &Plan, evaluations: &[Evaluation], source: &Path) -> Diagnostics {
    let mut out = Diagnostics::new();
    for e in evaluations.iter().filter(|e| !e.is_final()) {
        out.push(
            Diagnostic::warning(
                e.person.at.clone(),
                // No name: the terminal and the Riepilogo are not
                // confidential; the location points at the person's entry.
                format!(
                    "valutazione individuale per «{}» non conclusa: manca {}; la scheda è una BOZZA",
                    e.unit_name,
                    e.missing.join(", ")
                ),
            )
            .with_hint("completare la valutazione nel file e rieseguire il comando"),
        );
    }
    let mut waits: Vec<&str> = Vec::new();
    for why in evaluations.iter().filter_map(|e| e.fund_waits.as_deref()) {
        if !waits.contains(&why) {
            waits.push(why);
            out.push(
                Diagnostic::warning(
                    Location::file(PathBuf::from(source)),
                    format!("retribuzione di risultato non ripartita, perché {why}"),
                )
                .with_hint(
                    "completare le valutazioni nel file e rieseguire il comando: fino ad allora gli importi restano da determinare",
                ),
            );
        }
    }
    for unit in &plan.areas {
        if !evaluations.iter().any(|e| e.person.unit == unit.id) {
            out.push(
                Diagnostic::warning(
                    Location::file(PathBuf::from(source)),
                    format!("nessuna valutazione individuale per «{}»", unit.name),
                )
                .with_hint(
                    "aggiungere una sezione [[persona]] con `unita = \"…\"` per chi la dirige",
                ),
            );
        }
    }
    out
}

/// The evaluations dated after `date`, the date of the Relazione that
/// prints their aggregates: a warning at each one's place in the file (a
/// document never reports what happened after it), without the name.
pub fn dated_after(persons: &[Person], date: chrono::NaiveDate) -> Diagnostics {
    let mut out = Diagnostics::new();
    // Only the heads' evaluations reach the Relazione's aggregates.
    for p in persons.iter().filter(|p| p.role == Role::Head) {
        let Some(d) = p.date.filter(|d| *d > date) else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                p.at.clone(),
                format!(
                    "valutazione datata {}, dopo la data della Relazione ({}), che ne riporta i dati aggregati",
                    crate::italian::date_short(d),
                    crate::italian::date_short(date)
                ),
            )
            .with_hint("correggere la data della valutazione, se è un errore di battitura; altrimenti datare la Relazione al giorno dell'ultima valutazione o dopo"),
        );
    }
    out
}
