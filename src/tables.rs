//! Tables of text and counts (the state of the reporting, the monitoring
//! results), written as aligned text for the terminal ([`to_text`]) or as
//! a small workbook ([`workbook`]): a title, a header row, one row per
//! item, optional totals, in the forms' house style. Text is always
//! written as text, never as a formula.
//!
//! Takes plain rows; gives text or xlsx bytes. Must not touch what the
//! rows mean: `status` and `monitoring` build them.

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, DocProperties, Format, Workbook, Worksheet, XlsxError};

use crate::diag::{Diagnostic, Diagnostics, Location};

/// A cell: text, or a count written as a number in the xlsx.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(usize),
}

impl Cell {
    pub fn shown(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
        }
    }
}

/// One line per unit, then the totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub totals: Vec<Cell>,
}

/// The table as aligned text for the terminal, totals as the last line.
pub fn to_text(table: &Table) -> String {
    let mut rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.iter().map(Cell::shown).collect())
        .collect();
    rows.push(table.totals.iter().map(Cell::shown).collect());
    crate::text_table::render(&table.headers, &rows)
}

/// Excel refuses longer cell texts.
const MAX_CELL_CHARS: usize = 32_767;

/// One sheet of a workbook.
pub struct Sheet {
    pub name: String,
    pub title: String,
    pub table: Table,
    /// Column widths in characters, one per header.
    pub widths: Vec<f64>,
}

/// The bytes of a workbook with `sheets`; `date` is its creation date (never
/// the clock, so the same inputs give the same bytes).
pub fn workbook(
    file_name: &str,
    title: &str,
    date: NaiveDate,
    sheets: &[Sheet],
) -> Result<Vec<u8>, Diagnostics> {
    build(title, date, sheets).map_err(|e| {
        Diagnostic::error(
            Location::file(file_name),
            format!("impossibile produrre il file xlsx: {e}"),
        )
        .into()
    })
}

fn build(title: &str, date: NaiveDate, sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = crate::xlsx_style::created_on(date)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("consuntivo")
            .set_creation_datetime(&created),
    );
    for sheet in sheets {
        let ws = wb.add_worksheet();
        write_sheet(ws, sheet)?;
    }
    wb.save_to_buffer()
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    let base = crate::xlsx_style::form_cell();
    let header = crate::xlsx_style::form_header();
    let total = base
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xE8EEF5));
    ws.write_string_with_format(
        0,
        0,
        &sheet.title,
        &Format::new().set_bold().set_font_size(13),
    )?;
    // A table with nothing in it prints as its title alone («…:
    // nessuna»), on one page: a header row over nothing reads like a table
    // lost in print.
    if sheet.table.rows.is_empty() && sheet.table.totals.is_empty() {
        let width = (sheet.title.chars().count() as f64 * 1.3).max(30.0);
        ws.set_column_width(0, width)?;
        return crate::xlsx_style::print_setup(ws, true, width, None, false);
    }
    let h = 2;
    for (c, text) in sheet.table.headers.iter().enumerate() {
        ws.write_string_with_format(h, c as u16, text, &header)?;
        let width = sheet.widths.get(c).copied().unwrap_or(14.0);
        ws.set_column_width(c as u16, width)?;
    }
    ws.set_row_height(h, 42)?;
    let mut r = h + 1;
    for row in &sheet.table.rows {
        write_row(ws, r, row, &sheet.widths, &base)?;
        r += 1;
    }
    if !sheet.table.totals.is_empty() {
        write_row(ws, r, &sheet.table.totals, &sheet.widths, &total)?;
    }
    if !sheet.table.rows.is_empty() {
        ws.autofilter(
            h,
            0,
            h + sheet.table.rows.len() as u32,
            sheet.table.headers.len() as u16 - 1,
        )?;
    }
    ws.set_freeze_panes(h + 1, 1)?;
    let width: f64 = sheet.widths.iter().sum();
    crate::xlsx_style::print_setup(ws, true, width, Some((h, h)), true)
}

fn write_row(
    ws: &mut Worksheet,
    r: u32,
    row: &[Cell],
    widths: &[f64],
    fmt: &Format,
) -> Result<(), XlsxError> {
    let mut lines = 1;
    for (c, cell) in row.iter().enumerate() {
        match cell {
            Cell::Text(t) => {
                let clipped: String = t.chars().take(MAX_CELL_CHARS).collect();
                let width = widths.get(c).copied().unwrap_or(14.0);
                lines = lines.max(crate::xlsx_style::form_lines(&clipped, width));
                ws.write_string_with_format(r, c as u16, clipped, fmt)?;
            }
            Cell::Count(n) => {
                ws.write_number_with_format(r, c as u16, *n as f64, fmt)?;
            }
        }
    }
    // LibreOffice does not recompute row heights of files it did not write.
    ws.set_row_height(r, 13 * lines.min(40) + 3)?;
    Ok(())
}
