//! The test kit: the builders every unit and integration test uses — plans,
//! units, targets, what the units reported, scorecards — and the
//! hand-written fixtures built with them. Each fixture is small and
//! realistic, and shaped for what its tests look at; they share the
//! builders of [`build`], so a plan, a unit or a reported value is written
//! one way everywhere.
//!
//! - [`build`]: dates, units, responsibilities, indicators, objectives,
//!   plans, cells and values with their source cell, entries;
//! - [`small`]: a four-unit plan assembled from objectives per test, with
//!   target builders and fluent entries (scoring, open data, individual
//!   evaluation, weights, the Nucleo's review);
//! - [`forms`]: the plan every target kind is written in a form from (its
//!   forms under `tests/fixtures/forms/` were generated from it);
//! - [`report`]: four units, four objectives, hostile and very long notes,
//!   and its scorecard written out by hand ([`report_scores`]) (the
//!   Relazione and schede);
//! - [`summary`]: a plan, results and a hand-computed scorecard with
//!   spreadsheet-hostile text (the Riepilogo workbook);
//! - [`alzano`]: five objectives shaped like the 2023 plan and the units'
//!   results (scoring end to end with the shipped rules);
//! - [`shipped`]: the example data in `inputs/` (the 2023 plan, the example
//!   forms).
//!
//! [`pdf_text`] reads a PDF back and [`listing`] an output folder (unit
//! tests; `tests/common/` has the integration tests' readers).
//!
//! Takes nothing from outside; gives plain values. Not for the program:
//! it is compiled with the library (hidden from its documentation) only
//! so that integration tests in `tests/` can use it too.

pub mod alzano;
pub mod build;
pub mod forms;
pub mod report;
pub mod report_scores;
pub mod shipped;
pub mod small;
pub mod summary;

/// Text of a PDF, via `pdftotext -layout`.
#[cfg(test)]
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext non trovato: installare poppler-utils (apt-get install poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir` except hidden ones (the output set's own list),
/// as «relative/path=contents», sorted: an output folder's state as one
/// value to compare before and after.
#[cfg(test)]
pub fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else if !e.file_name().to_string_lossy().starts_with('.') {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                let bytes = std::fs::read(e.path()).unwrap();
                out.push(format!("{rel}={}", String::from_utf8_lossy(&bytes)));
            }
        }
    }
    out.sort();
    out
}
