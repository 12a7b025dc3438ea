//! Tests of the Area forms, with the exact message and cell of every
//! forgiving and strict case of the issue. This module holds the shared
//! helpers (forms written from a fill or laid out by hand, read back, the
//! diagnostics they give); each submodule covers one concern.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Formula, Workbook};

use super::fill::{CellInput, Fill, FormSettings};
use super::layout::{self, Column};
use super::write;
use crate::diag::{Diagnostics, Severity};
use crate::plan::{AreaId, IndicatorId, Plan};
use crate::results::{CellRef, Entry, ProposedStatus, Results, Sourced};
use crate::testkit::forms::{d, plan};
use crate::vocab::Vocabulary;

// The tests call the forms API as `super::generate(…)` (`super::super::…`
// from the nested `prop`), written when they sat right under `forms`: from
// a submodule `super` is this module, so those names must resolve here.
use super::{generate, generate_prefilled, generate_with, read, read_dir, read_dir_with_progress};

mod files;
mod forgiving;
mod generation;
mod libreoffice;
mod round_trip;
mod strict;
mod warnings;

pub(super) fn a(id: &str) -> AreaId {
    AreaId::from(id)
}

pub(super) fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Writes `area`'s form with `fill` into `dir` under its own name.
pub(super) fn form(dir: &Path, plan: &Plan, area: &str, fill: &Fill) -> PathBuf {
    let (name, bytes) =
        write::build(plan, &a(area), fill, &FormSettings::default()).expect("form is generated");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write form");
    path
}

pub(super) fn typed(cells: &[(&str, Column, &str)]) -> Fill {
    cells
        .iter()
        .map(|(k, c, v)| ((k.to_string(), *c), CellInput::Text(v.to_string())))
        .collect()
}

pub(super) fn read_ok(plan: &Plan, path: &Path) -> (crate::results::AreaReport, Diagnostics) {
    match super::read_file(plan, path, &Vocabulary::default()) {
        Ok(x) => x,
        Err(d) => panic!("unexpected errors:\n{d}"),
    }
}

pub(super) fn read_err(plan: &Plan, path: &Path) -> Diagnostics {
    match super::read_file(plan, path, &Vocabulary::default()) {
        Ok((_, w)) => panic!("expected errors, got warnings:\n{w}"),
        Err(d) => d,
    }
}

pub(super) fn entry<'a>(r: &'a crate::results::AreaReport, id: &str, target: usize) -> &'a Entry {
    r.entries
        .iter()
        .find(|e| e.indicator.as_str() == id && e.target == target)
        .unwrap_or_else(|| panic!("no entry {id}/{target}"))
}

/// (cell, message) of each diagnostic of `severity`.
pub(super) fn msgs(d: &Diagnostics, severity: Severity) -> Vec<(String, String)> {
    d.iter()
        .filter(|x| x.severity == severity)
        .map(|x| {
            (
                x.location.cell.clone().unwrap_or_default(),
                x.message.clone(),
            )
        })
        .collect()
}

pub(super) fn has(d: &Diagnostics, severity: Severity, cell: &str, message: &str) -> bool {
    msgs(d, severity)
        .iter()
        .any(|(c, m)| c == cell && m == message)
}

#[track_caller]
pub(super) fn assert_diag(d: &Diagnostics, severity: Severity, cell: &str, message: &str) {
    assert!(
        has(d, severity, cell, message),
        "missing {severity:?} at {cell}: {message}\ngot:\n{d}"
    );
}

fn src(cell: &str) -> CellRef {
    CellRef {
        file: PathBuf::new(),
        sheet: String::new(),
        cell: cell.into(),
    }
}

fn sv<T>(value: T) -> Option<Sourced<T>> {
    Some(Sourced { value, at: src("") })
}

fn blank(id: &str, target: usize, area: &str) -> Entry {
    Entry::blank(IndicatorId::from(id), target, a(area))
}

/// What Area III reports in the round trip: every row, every kind.
fn area_iii_entries() -> Vec<Entry> {
    let mut out = Vec::new();
    let mut e = blank("OB01.1", 0, "III");
    e.date = sv(d(2023, 6, 15));
    e.status = sv(ProposedStatus::Achieved);
    e.evidence = sv("Pubblicazione del 15/06/2023".to_string());
    out.push(e);
    let mut e = blank("OB02.1", 0, "III");
    e.value = sv(3.0);
    e.evidence = sv("DGC n. 45 del 12/05/2023".to_string());
    out.push(e);
    let mut e = blank("OB02.1", 1, "III");
    e.date = sv(d(2023, 11, 20));
    e.done = sv(true);
    out.push(e);
    let mut e = blank("OB03.1", 0, "III");
    e.value = sv(92.5);
    e.notes = sv("=SOMMA(A1:A3) è scritto così di proposito".to_string());
    out.push(e);
    let mut e = blank("OB03.2", 0, "III");
    e.value = sv(1.0);
    out.push(e);
    let mut e = blank("OB04.1", 0, "III");
    e.done = sv(false);
    e.status = sv(ProposedStatus::NotAchieved);
    e.motivation = sv("Relazione rinviata per l'assenza prolungata del personale".to_string());
    out.push(e);
    let mut e = blank("OB04.2", 0, "III");
    e.status = sv(ProposedStatus::NotApplicable);
    e.notes = sv("Nessun controllo a campione nel 2023".to_string());
    out.push(e);
    let mut e = blank("OB04.3", 0, "III");
    e.date = sv(d(2023, 9, 29));
    out.push(e);
    let mut e = blank("OB05.1", 0, "III");
    e.value = sv(24.0);
    e.status = sv(ProposedStatus::Achieved);
    out.push(e);
    out
}

/// Entry values without cells, for comparisons.
fn plain(e: &Entry) -> Entry {
    fn strip<T: Clone>(s: &Option<Sourced<T>>) -> Option<Sourced<T>> {
        s.as_ref().map(|s| Sourced {
            value: s.value.clone(),
            at: src(""),
        })
    }
    Entry {
        indicator: e.indicator.clone(),
        target: e.target,
        area: e.area.clone(),
        date: strip(&e.date),
        value: strip(&e.value),
        done: strip(&e.done),
        status: strip(&e.status),
        evidence: strip(&e.evidence),
        notes: strip(&e.notes),
        motivation: strip(&e.motivation),
    }
}

fn check_round_trip(results: &Results) {
    check_report_round_trip(results.report(&a("III")).expect("Area III read"));
}

fn check_report_round_trip(report: &crate::results::AreaReport) {
    let expected = area_iii_entries();
    assert_eq!(report.entries.len(), expected.len());
    for (got, want) in report.entries.iter().zip(&expected) {
        assert_eq!(plain(got), *want);
    }
}

fn parse_shown(c: Option<&calamine::Data>) -> String {
    c.map(super::parse::shown).unwrap_or_default()
}

/// A workbook laid out by hand: the recognition sheet of `plan`/`area` and
/// a data sheet whose first row is the header.
pub(super) fn raw_form(
    dir: &Path,
    name: &str,
    plan: &Plan,
    area: &str,
    grid: &[Vec<Option<CellInput>>],
) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Rendicontazione").expect("name");
    for (r, row) in grid.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 2, c as u16);
            match cell {
                None => {}
                Some(CellInput::Text(s)) => {
                    ws.write_string(r, c, s).expect("cell");
                }
                Some(CellInput::Number(n)) | Some(CellInput::Percent(n)) => {
                    ws.write_number(r, c, *n).expect("cell");
                }
                Some(CellInput::Date(dt)) => {
                    let f = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
                    ws.write_date_with_format(r, c, dt, &f).expect("cell");
                }
                Some(CellInput::Formula(f, res)) => {
                    ws.write_formula(r, c, Formula::new(f).set_result(res))
                        .expect("cell");
                }
            }
        }
    }
    let meta = wb.add_worksheet();
    let area_name = plan
        .area(&a(area))
        .map(|x| x.name.clone())
        .unwrap_or_default();
    write::write_meta(
        meta,
        plan,
        &plan.fingerprint(),
        &a(area),
        &area_name,
        layout::FormKind::YearEnd,
    )
    .expect("meta");
    let path = dir.join(name);
    std::fs::write(&path, wb.save_to_buffer().expect("save")).expect("write");
    path
}

pub(super) fn t(s: &str) -> Option<CellInput> {
    Some(CellInput::Text(s.into()))
}

/// The hidden sheet of Area III's year-end form, for hand-built workbooks.
fn meta_of_area_iii(meta: &mut rust_xlsxwriter::Worksheet, p: &Plan) {
    write::write_meta(
        meta,
        p,
        &p.fingerprint(),
        &a("III"),
        "Area III Finanziaria",
        layout::FormKind::YearEnd,
    )
    .expect("meta");
}
