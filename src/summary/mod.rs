//! The consolidated xlsx summary (Riepilogo performance) for the
//! Segretario and the Nucleo.
//!
//! Takes: plan, results, scorecard, warnings and the comparison from
//! `opendata`. Gives: the workbook's bytes. Must not touch: grading, which
//! it only restates as formulas over its own cells.
//!
//! Sheets: *Sintesi* (ente and Area grades, chart, and the comparison with
//! the year before when its open data were found), *Obiettivi strategici*
//! (only for a plan with a strategic level), *Obiettivi* (one row per
//! objective × Area), *Indicatori* (one row per indicator × Area × target,
//! with the cell each reported value came from), *Anomalie* (every warning
//! of the run, plus what this module had to do to the data), *Moduli* (the
//! forms that were read, with their SHA-256).
//!
//! Aggregated grades are formulas over the *Obiettivi* sheet so the Nucleo
//! can audit them; the scorecard's value is cached in each formula cell, so
//! the file reads right without recalculation.

mod cells;

/// For other workbooks sizing rows to their wrapped text.
mod comparison;
mod sheets;
#[cfg(test)]
mod tests;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::opendata::Comparison;
use crate::plan::Plan;
use crate::results::Results;
use crate::scoring::Scorecard;
use crate::vocab::Vocabulary;

use cells::Ctx;

/// Sheet names, shared with the tests that read the workbook back.
pub(crate) const SHEET_SUMMARY: &str = "Sintesi";
pub(crate) const SHEET_STRATEGIC: &str = "Obiettivi strategici";
pub(crate) const SHEET_OBJECTIVES: &str = "Obiettivi";
pub(crate) const SHEET_INDICATORS: &str = "Indicatori";
pub(crate) const SHEET_ANOMALIES: &str = "Anomalie";
pub(crate) const SHEET_FORMS: &str = "Moduli";

/// File name of the summary for `year` (the CLI puts it under `<anno>/`).
pub fn file_name(year: i32) -> String {
    let stem = crate::filename::safe_file_name(&format!("Riepilogo performance {year}"));
    format!("{stem}.xlsx")
}

/// The workbook's bytes; its file name is
/// `<anno>/Riepilogo performance <anno>.xlsx` under the output directory.
///
/// The same input always gives the same bytes: the document's creation date
/// is derived from the plan year, not from the clock.
pub fn render(
    plan: &Plan,
    results: &Results,
    scorecard: &Scorecard,
    warnings: &Diagnostics,
    vocab: &Vocabulary,
) -> Result<Vec<u8>, Diagnostics> {
    render_with_warnings(plan, results, scorecard, warnings, vocab).map(|(bytes, _)| bytes)
}

/// As [`render`], also returning the warnings about the workbook itself
/// (texts cut to Excel's cell limit, a grade the formulas would recompute
/// differently from the scorecard), which are listed in its «Anomalie»
/// sheet too: a caller may print them with the run's other warnings.
pub fn render_with_warnings(
    plan: &Plan,
    results: &Results,
    scorecard: &Scorecard,
    warnings: &Diagnostics,
    vocab: &Vocabulary,
) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
    render_compared(plan, results, scorecard, warnings, vocab, None, true)
}

/// What the run adds to the workbook: the comparison with the year before
/// and whether the documents are final.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    pub compared: Option<&'a Comparison>,
    pub definitive: bool,
}

/// As [`render_with_warnings`], with the comparison with the year before
/// below the Sintesi chart, and the run's state: a draft run's workbook
/// (`definitive` false, `report::is_definitive`) says BOZZA under the
/// Sintesi's title and in the print header of every sheet.
pub fn render_compared(
    plan: &Plan,
    results: &Results,
    scorecard: &Scorecard,
    warnings: &Diagnostics,
    vocab: &Vocabulary,
    compared: Option<&Comparison>,
    definitive: bool,
) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
    let state = Run {
        compared,
        definitive,
    };
    build(plan, results, scorecard, warnings, vocab, &state).map_err(|e| {
        Diagnostic::error(
            Location::file(file_name(plan.year)),
            format!("impossibile produrre il riepilogo xlsx: {e}"),
        )
        .into()
    })
}

/// [`render_compared`], taking the previous run's workbook when none of
/// its inputs changed (`report::Reuse::key_of`): the bytes, their key for
/// the set's list, and whether they were taken. At 10,000 indicators the
/// workbook takes most of a second to write.
pub fn render_reusing(
    plan: &Plan,
    results: &Results,
    scorecard: &Scorecard,
    warnings: &Diagnostics,
    vocab: &Vocabulary,
    run: Run,
    reuse: &crate::report::Reuse,
) -> Result<(Vec<u8>, Option<String>, bool), Diagnostics> {
    let key = key(plan, results, scorecard, warnings, vocab, run, reuse);
    if let Some(bytes) = key.as_deref().and_then(|k| reuse.take(k)) {
        return Ok((bytes, key, true));
    }
    let (bytes, _) = render_compared(
        plan,
        results,
        scorecard,
        warnings,
        vocab,
        run.compared,
        run.definitive,
    )?;
    Ok((bytes, key, false))
}

/// The workbook's key: everything it is written from.
fn key(
    plan: &Plan,
    results: &Results,
    scorecard: &Scorecard,
    warnings: &Diagnostics,
    vocab: &Vocabulary,
    run: Run,
    reuse: &crate::report::Reuse,
) -> Option<String> {
    reuse.key_of(
        "riepilogo",
        &(
            plan,
            results,
            scorecard,
            warnings,
            vocab,
            run.compared,
            run.definitive,
        ),
    )
}

/// Whether [`render_reusing`] would take the previous run's workbook.
pub fn is_unchanged(
    plan: &Plan,
    results: &Results,
    scorecard: &Scorecard,
    warnings: &Diagnostics,
    vocab: &Vocabulary,
    run: Run,
    reuse: &crate::report::Reuse,
) -> bool {
    key(plan, results, scorecard, warnings, vocab, run, reuse).is_some_and(|k| reuse.holds(&k))
}

fn build(
    plan: &Plan,
    results: &Results,
    scorecard: &Scorecard,
    warnings: &Diagnostics,
    vocab: &Vocabulary,
    run: &Run,
) -> Result<(Vec<u8>, Diagnostics), XlsxError> {
    let mut ctx = Ctx::new(&scorecard.rules.outcomes, vocab);
    if !run.definitive {
        ctx.notices.push(format!(
            "BOZZA: la Relazione {} non è ancora definitiva, non pubblicare",
            plan.year
        ));
    }

    // Obiettivi first: the Sintesi formulas need its row range.
    let (objectives_ws, objective_rows) = sheets::objectives(&mut ctx, plan, scorecard)?;
    let (mut summary_ws, free_row) = sheets::summary(&mut ctx, plan, scorecard, &objective_rows)?;
    if let Some(c) = run.compared {
        comparison::write(&mut ctx, &mut summary_ws, free_row, c, vocab)?;
    }
    let strategic_ws = sheets::strategic(&mut ctx, plan, scorecard)?;
    let indicators_ws = sheets::indicators(&mut ctx, plan, results, scorecard)?;
    let forms_ws = sheets::forms(&mut ctx, plan, results, scorecard)?;

    // Every warning of the run: the CLI passes them all, scorecard's
    // included; a caller that did not is still covered.
    let mut all: Vec<(&Diagnostic, &'static str)> =
        warnings.iter().map(|d| (d, sheets::ORIGIN_RUN)).collect();
    for d in &scorecard.warnings {
        if !warnings.iter().any(|w| w == d) {
            all.push((d, sheets::ORIGIN_RUN));
        }
    }
    let own = std::mem::take(&mut ctx.anomalies);
    all.extend(own.iter().map(|d| (d, sheets::ORIGIN_SUMMARY)));
    let anomalies_ws = sheets::anomalies(&mut ctx, &all)?;

    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(plan, vocab)?);
    workbook.push_worksheet(summary_ws);
    if let Some(ws) = strategic_ws {
        workbook.push_worksheet(ws);
    }
    workbook.push_worksheet(objectives_ws);
    workbook.push_worksheet(indicators_ws);
    workbook.push_worksheet(anomalies_ws);
    workbook.push_worksheet(forms_ws);
    let bytes = workbook.save_to_buffer()?;
    Ok((bytes, Diagnostics(own)))
}

fn properties(plan: &Plan, vocab: &Vocabulary) -> Result<DocProperties, XlsxError> {
    // A fixed date keeps the bytes reproducible: 31 December of the plan
    // year, the close of the cycle the workbook accounts for.
    let created = crate::xlsx_style::created_on(crate::xlsx_style::year_end(plan.year))?;
    let title = format!("Riepilogo performance {}", plan.year);
    Ok(DocProperties::new()
        .set_title(cells::clip_plain(&title))
        .set_subject(cells::clip_plain(&format!(
            "{} — {}",
            plan.title, plan.ente.name
        )))
        .set_author(cells::clip_plain(&plan.ente.name))
        .set_company(cells::clip_plain(&plan.ente.name))
        .set_keywords(cells::clip_plain(&format!(
            "performance, Relazione sulla performance, {}",
            vocab.evaluator.singular
        )))
        .set_comment("Prodotto da consuntivo")
        .set_creation_datetime(&created))
}
