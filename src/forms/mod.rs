//! Area forms: one workbook per Area generated from the plan
//! (rust_xlsxwriter), and the filled workbooks read back (calamine) into
//! [`crate::results::Results`].
//!
//! Takes: a [`Plan`] and the ente's words; the folder of returned
//! workbooks. Gives: the forms' bytes; [`Results`] (year-end) or a
//! [`crate::results::check::Check`] (mid-year), with warnings at the cell.
//! Must not touch: grades, rules or documents (scoring and the reports
//! stand above it); workbooks are opened through `crate::workbook`.
//!
//! - [`layout`]: sheets, columns and row codes shared by writer and reader.
//!   One row per target: an indicator with several targets has one row for
//!   each, coded "OB27.1 (1/2)", "OB27.1 (2/2)"; rows are matched by that
//!   code, never by position.
//! - [`write`]: the form, assembled from [`instructions`] and
//!   [`data_sheet`], with the hidden `_consuntivo` sheet (ente, year, Area,
//!   plan fingerprint and format version); [`write_monitoring`] holds what
//!   differs in a monitoring form; [`fill`] the settings and prefilled
//!   cells all three read.
//! - [`parse`]: what people type in cells, the Italian way.
//! - [`folder`]: which files of a folder are forms; [`reader`]: identity
//!   checks and rows found by header and code, every problem with file,
//!   sheet and cell; [`read`] and [`read_monitoring`]: what a year-end or
//!   monitoring row means.

use std::path::Path;

use crate::diag::Diagnostics;
use crate::plan::{AreaId, Plan};
use crate::results::{AreaReport, Entry, Results};
use crate::vocab::Vocabulary;

mod data_sheet;
mod fill;
mod folder;
mod instructions;
mod layout;
pub(crate) mod parse;
mod read;
mod read_monitoring;
mod reader;
mod write;
mod write_monitoring;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_typed;

pub use data_sheet::{describe_target, other_years};
#[cfg(test)]
pub(crate) use fill::CellInput;
pub(crate) use fill::Fill;
pub use fill::FormSettings;
pub(crate) use folder::list_forms;
pub(crate) use layout::{Column, asked, rows};
pub use layout::{META_SHEET, NOT_THE_FORM, OTHER_FORM, fold_accent};
pub(crate) use read::missed as missed_target;

/// A monitoring form with arbitrary cells filled, for tests that play a
/// user typing what the prefilled helpers never write.
#[cfg(test)]
pub(crate) fn build_filled(
    plan: &Plan,
    area: &AreaId,
    fill: &Fill,
    date: chrono::NaiveDate,
) -> Result<Vec<u8>, Diagnostics> {
    let settings = FormSettings {
        monitoring: Some(date),
        ..FormSettings::default()
    };
    write::build(plan, area, fill, &settings).map(|(_, b)| b)
}

/// The year-end form's file name for a unit ("2023 - Area III Finanziaria.xlsx"),
/// the name `generate` gives it.
pub fn file_name(plan: &Plan, area_name: &str) -> String {
    layout::file_name(plan, area_name)
}

/// The monitoring form's file name for a unit at a check `date`
/// ("2023 - Monitoraggio 30-06-2023 - Area III Finanziaria.xlsx"), the name
/// `generate_monitoring` gives it.
pub fn monitoring_file_name(plan: &Plan, area_name: &str, date: chrono::NaiveDate) -> String {
    layout::file_name_of(plan, area_name, layout::FormKind::Monitoring(date))
}

/// Why `area` has no row to report, when it has none: every indicator it
/// answers for is reported by a lead unit (*capofila*), or the plan assigns
/// it nothing. `None`: the unit has rows, and a form. `moduli` writes no
/// form for such a unit and prints this reason instead; the sentence
/// follows the unit's name and a colon.
pub fn no_rows_reason(plan: &Plan, area: &AreaId, vocab: &Vocabulary) -> Option<String> {
    if !layout::rows(plan, area).is_empty() {
        return None;
    }
    let mut codes: Vec<&str> = Vec::new();
    let mut leads: Vec<&AreaId> = Vec::new();
    for o in plan.objectives_for(area) {
        for i in o.indicators_for(area) {
            if let Some(lead) = i.lead.as_ref().filter(|l| *l != area) {
                codes.push(i.id.as_str());
                if !leads.contains(&lead) {
                    leads.push(lead);
                }
            }
        }
    }
    let named = |id: &AreaId, prep| {
        let name = plan.area(id).map_or(id.as_str(), |a| a.name.as_str());
        vocab.named_unit(prep, id.as_str(), name)
    };
    if leads.is_empty() {
        return Some(format!(
            "il piano non assegna obiettivi {}",
            named(area, crate::vocab::Prep::A)
        ));
    }
    let mut by: Vec<String> = leads
        .iter()
        .map(|l| named(l, crate::vocab::Prep::Da))
        .collect();
    let last = by.pop().unwrap_or_default();
    let by = if by.is_empty() {
        last
    } else {
        format!("{} e {last}", by.join(", "))
    };
    let what = match codes.as_slice() {
        [one] => format!("il suo indicatore {one} è rendicontato"),
        many => format!("i suoi indicatori ({}) sono rendicontati", many.join(", ")),
    };
    Some(format!("{what} {by}, capofila"))
}

/// The workbook for `area`, as bytes, and its file name
/// (e.g. "2023 - Area III Finanziaria.xlsx").
pub fn generate(plan: &Plan, area: &AreaId) -> Result<(String, Vec<u8>), Diagnostics> {
    write::build(plan, area, &Fill::new(), &FormSettings::default())
}

/// Like [`generate`], with settings not in the plan (return deadline,
/// contact, password).
pub fn generate_with(
    plan: &Plan,
    area: &AreaId,
    settings: &FormSettings,
) -> Result<(String, Vec<u8>), Diagnostics> {
    write::build(plan, area, &Fill::new(), settings)
}

/// The same form as [`generate`] with the input cells already filled from
/// `entries` (those of other Areas are an error; `Entry::area` is not
/// checked, the row is found by indicator and target). Used for example
/// data and by tests that fill forms as a user would. Text is written as
/// text, never as a formula.
pub fn generate_prefilled(
    plan: &Plan,
    area: &AreaId,
    entries: &[Entry],
) -> Result<(String, Vec<u8>), Diagnostics> {
    let fill = fill::fill_from_entries(plan, area, entries)?;
    write::build(plan, area, &fill, &FormSettings::default())
}

/// Reads every form in `dir`. Warnings are returned with the results;
/// errors make the whole read fail. Messages speak the ente's `vocab`.
pub fn read_dir(
    plan: &Plan,
    dir: &Path,
    vocab: &Vocabulary,
) -> Result<(Results, Diagnostics), Diagnostics> {
    read::read_dir(plan, dir, vocab, &crate::progress::Silent)
}

/// [`read_dir`], reporting each form read to `progress`.
pub fn read_dir_with_progress(
    plan: &Plan,
    dir: &Path,
    vocab: &Vocabulary,
    progress: &dyn crate::progress::Progress,
) -> Result<(Results, Diagnostics), Diagnostics> {
    read::read_dir(plan, dir, vocab, progress)
}

/// [`read_dir_with_progress`] where a folder not created yet means no
/// form back (`stato`, `solleciti`).
pub fn read_dir_so_far(
    plan: &Plan,
    dir: &Path,
    vocab: &Vocabulary,
    progress: &dyn crate::progress::Progress,
) -> Result<(Results, Diagnostics), Diagnostics> {
    read::read_dir_so_far(plan, dir, vocab, progress)
}

/// A monitoring form for a check at `date` (see [`FormSettings::monitoring`]).
pub fn generate_monitoring(
    plan: &Plan,
    area: &AreaId,
    date: chrono::NaiveDate,
    settings: &FormSettings,
) -> Result<(String, Vec<u8>), Diagnostics> {
    let settings = FormSettings {
        monitoring: Some(date),
        ..settings.clone()
    };
    write::build(plan, area, &Fill::new(), &settings)
}

/// The monitoring form of [`generate_monitoring`] with its input cells
/// filled from `entries`, as a unit would: for example data and tests.
pub fn generate_monitoring_prefilled(
    plan: &Plan,
    area: &AreaId,
    date: chrono::NaiveDate,
    entries: &[crate::results::check::CheckEntry],
) -> Result<(String, Vec<u8>), Diagnostics> {
    let fill = write_monitoring::fill_from_checks(plan, area, entries)?;
    let settings = FormSettings {
        monitoring: Some(date),
        ..FormSettings::default()
    };
    write::build(plan, area, &fill, &settings)
}

/// Reads every monitoring form in `dir` (all of one check date); a
/// year-end form among them is an error naming the file.
pub fn read_monitoring_dir(
    plan: &Plan,
    dir: &Path,
    vocab: &Vocabulary,
) -> Result<(crate::results::check::Check, Diagnostics), Diagnostics> {
    read_monitoring::read_dir(plan, dir, vocab)
}

/// Reads one filled form from its bytes; `path` names it in messages.
pub fn read_form_bytes(
    plan: &Plan,
    path: &Path,
    bytes: Vec<u8>,
    vocab: &Vocabulary,
) -> Result<(AreaReport, Diagnostics), Diagnostics> {
    read::read_bytes(plan, path, bytes, vocab)
}

/// Reads one filled form (`.xlsx`, `.xls` or `.ods`).
pub fn read_file(
    plan: &Plan,
    path: &Path,
    vocab: &Vocabulary,
) -> Result<(AreaReport, Diagnostics), Diagnostics> {
    read::read_file(plan, path, vocab)
}
