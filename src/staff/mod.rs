//! The evaluation of every employee (not only the heads): the model of
//! `[personale]` in `smvp.toml`, the staff file `personale-<anno>.toml`,
//! each person's score out of 100 with several evaluators and the review
//! (*conciliazione*), the split of the performance fund (art. 80 CCNL
//! Funzioni Locali 2019-21) exact to the cent with art. 81's differentiated
//! bonus, each evaluator's differentiation, and the anonymous aggregates
//! for the public documents. Confidential like `individual`: names and
//! amounts never leave `riservato/`.
//!
//! Takes: the `[personale]` section, the staff file, the plan and the
//! units' grades. Gives: a [`StaffResult`]. Must not touch: the scorecard
//! (it reads grades) or `individual` (a module of its own layer; the
//! head's differentiation reaches the heads' scheda through `ente`).
//!
//! - `model.rs`: the types (the contract with the outputs);
//! - `rules.rs`: the `[personale]` section of `smvp.toml`;
//! - `input.rs`: the staff file, read into raw values with their place,
//!   then checked by one function whatever the source;
//! - `compute.rs`: the arithmetic (pure, table-tested);
//! - `data.rs`: the anonymous aggregates for the public documents;
//! - `method.rs`: the staff model in words for the SMVP document, with a
//!   worked example computed by `compute.rs`;
//! - `scheda.rs`: the JSON of each person's scheda (`scheda-personale.typ`);
//! - `premi.rs`: the staff's category of the premi open data;
//! - `xlsx.rs`: the payment list for the payroll office;
//! - `form.rs`: the evaluators' workbooks (`moduli --personale`);
//! - `form_read.rs`: the filled workbooks, merged into the raw values
//!   before `check`.

mod compute;
mod data;
mod form;
mod form_read;
mod input;
mod method;
mod model;
mod premi;
mod rules;
mod scheda;
mod xlsx;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_compute;

pub use compute::{
    SplitInput, behaviour_points, bonus_places, combined_score, evaluate, evaluate_person,
    finality, finality_hint, judgement_out_of_100, split_fund, split_weight, std_dev,
};
pub use data::aggregates;
pub use form::{StaffForm, forms_dir_name, write_forms};
pub use form_read::{load_with_forms, read_forms};
pub use input::{
    RawEvaluator, RawJudgement, RawReview, RawStaffFile, RawStaffPerson, RawStaffScore, check,
    file_name, load as load_staff, parse as parse_staff, read_toml,
};
pub use method::method_data;
pub use model::*;
pub use premi::{STAFF as PREMI_CATEGORY, premi_category};
pub use rules::{SECTION as RULES_SECTION, load_model, parse_model};
pub use scheda::{SchedaContext, add_differentiation, scheda_data, scheda_file_name};
pub use xlsx::{payment_list_file_name, render as render_payment_list};
