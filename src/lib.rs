//! consuntivo: closes the yearly performance cycle of an Italian comune.
//!
//! Data flows one way: [`plan`] (the *Piano della performance*, loaded and
//! validated) → [`forms`] (one workbook per Area, written and read back
//! into [`results`]) → [`scoring`] (pure functions: plan + results + rules →
//! [`scoring::Scorecard`]) → [`report`] (the PDF Relazione and schede) and
//! [`summary`] (the xlsx workbook). Problems in user input are
//! [`diag::Diagnostic`]s, collected so one run reports them all. The ente's
//! own words (its units, roles, evaluator) come from [`vocab`].

/// typst allocates and frees many small objects from several threads:
/// glibc's allocator kept freed memory in per-thread arenas, so a large
/// ente's run held on to the peak of every document composed so far.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod checks;
pub mod decimal;
pub mod diag;
pub mod ente;
pub mod filename;
pub mod forms;
pub mod group;
pub mod individual;
pub mod input;
pub mod italian;
pub mod mail;
pub mod monitoring;
pub mod opendata;
pub mod output;
pub mod plan;
pub mod privacy;
pub mod progress;
pub mod publication;
pub mod report;
pub mod results;
pub mod scoring;
pub mod staff;
pub mod status;
pub mod summary;
pub mod synth;
pub mod tables;
pub mod tax_code;
#[doc(hidden)]
pub mod testkit;
pub mod text_table;
pub mod toml_msg;
pub mod validation;
pub mod vocab;
pub mod web;
mod workbook;
mod xlsx_style;
