//! The state of the reporting as a workbook («Stato rendicontazione»): the
//! summary table and every row still to complete, written as a small
//! table workbook (`crate::tables`).

use crate::diag::Diagnostics;
use crate::tables::{Cell, Sheet, Table, workbook};
use crate::vocab::Vocabulary;

use super::Status;
use super::table;

/// File name of the state workbook (under `<anno>/`).
pub fn file_name(year: i32) -> String {
    format!("Stato rendicontazione {year}.xlsx")
}

/// Sheet names, shared with the tests that read the workbook back.
pub const SHEET_STATE: &str = "Stato";
pub const SHEET_MISSING: &str = "Righe mancanti";

/// The state workbook: the summary table and every missing row.
pub fn render(status: &Status, vocab: &Vocabulary) -> Result<Vec<u8>, Diagnostics> {
    let summary = table::summary(status, vocab);
    let mut rows = Vec::new();
    for u in &status.units {
        for m in &u.missing {
            rows.push(vec![
                Cell::Text(u.name.clone()),
                Cell::Text(m.code.clone()),
                Cell::Text(m.indicator.clone()),
                Cell::Text(m.target.clone()),
                Cell::Text(table::what_is_missing(m)),
            ]);
        }
    }
    let missing = Table {
        headers: vec![
            vocab.unit.singular.clone(),
            "Codice".into(),
            "Indicatore".into(),
            "Traguardo".into(),
            "Cosa manca".into(),
        ],
        rows,
        totals: Vec::new(),
    };
    let at = crate::italian::date_long_after("al", status.date);
    let sheets = [
        Sheet {
            name: SHEET_STATE.into(),
            title: format!("Stato della rendicontazione {} {at}", status.year),
            table: summary,
            widths: vec![30.0, 45.0, 11.0, 8.0, 11.0, 8.0, 12.0, 14.0, 14.0],
        },
        Sheet {
            name: SHEET_MISSING.into(),
            // A header over nothing reads like a table lost in print:
            // the title says there is nothing to complete.
            title: if missing.rows.is_empty() {
                format!("Righe da completare {at}: nessuna")
            } else {
                format!("Righe da completare {at}")
            },
            table: missing,
            widths: vec![30.0, 13.0, 45.0, 35.0, 60.0],
        },
    ];
    workbook(
        &file_name(status.year),
        &format!("Stato della rendicontazione {}", status.year),
        status.date,
        &sheets,
    )
}
