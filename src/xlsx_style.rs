//! The two house styles of the workbooks the program writes, so that every
//! workbook of one kind looks the same: the results workbooks (Riepilogo,
//! individual evaluations) and the forms people fill (unit forms, status),
//! each with its cell formats and its estimate of the lines a wrapped text
//! takes (the fonts differ, so the estimates do too).

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, XlsxError};

/// The creation date every workbook records (`docProps/core.xml`): a date
/// of its content (the plan year's close, the check date), never the
/// clock, so two runs on the same inputs give the same bytes. Years
/// outside what Excel stores are clamped.
pub(crate) fn created_on(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(date.year().clamp(1900, 9999)).unwrap_or(1900);
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// 31 December of `year`: the close of the cycle a workbook accounts for.
pub(crate) fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year.clamp(1900, 9999), 12, 31).unwrap_or_default()
}

/// The first sheet of every workbook people fill (unit forms, the plan
/// workbook, the individual evaluation form): what to do, in words.
pub(crate) const INSTRUCTIONS_SHEET: &str = "Istruzioni";

/// A bordered cell of a results workbook, aligned to the top.
pub(crate) fn result_cell() -> Format {
    Format::new()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF))
}

/// A draft's notice in a results workbook: bold, in the red of the BOZZA
/// mark of the PDFs.
pub(crate) fn draft_note() -> Format {
    Format::new()
        .set_bold()
        .set_font_color(Color::RGB(0xB3261E))
}

/// A column header of a results workbook: bold, wrapped, on light blue.
pub(crate) fn result_header() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin)
}

/// A cell of a form: 10 pt, wrapped, bordered, aligned to the top.
pub(crate) fn form_cell() -> Format {
    Format::new()
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xA6A6A6))
}

/// A column header of a form: white bold text on dark blue.
pub(crate) fn form_header() -> Format {
    form_cell()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x1F4E79))
        .set_align(FormatAlign::VerticalCenter)
}

/// How a sheet prints: always on A4, landscape when `landscape`, fitted to
/// as many pages across as `width` (the characters of its visible columns)
/// needs to print at 70% or more ([`pages_across`]) and as many down as the
/// rows need (never shrunk to one page); the rows `header` (first, last;
/// 0-based) repeated at the top of every page and, with
/// `repeat_first_column`, the first column at the left of every page when
/// the sheet runs over several pages across. Every workbook goes through
/// here, so no sheet prints on Letter or shrinks to an unreadable size.
pub(crate) fn print_setup(
    ws: &mut rust_xlsxwriter::Worksheet,
    landscape: bool,
    width: f64,
    header: Option<(u32, u32)>,
    repeat_first_column: bool,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_paper_size(PAPER_A4);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    let pages = pages_across(width, landscape);
    ws.set_print_fit_to_pages(pages, 0);
    if let Some((first, last)) = header {
        ws.set_repeat_rows(first, last)?;
    }
    if repeat_first_column && pages > 1 {
        ws.set_repeat_columns(0, 0)?;
    }
    Ok(())
}

/// Characters of column width one A4 page holds across at 100% (default
/// margins), landscape or portrait.
fn across(landscape: bool) -> f64 {
    if landscape { 125.0 } else { 85.0 }
}

/// How much narrower than [`across`] a page is, in characters, where the
/// workbook's font (Calibri) is missing and a wider one takes its place
/// (LibreOffice without Carlito draws the columns about 15% wider). A fit
/// to the width adapts by itself; a fixed scale must allow for it.
pub const FALLBACK_FONT: f64 = 0.85;

/// A column wide enough for the longest word of its header (bold, in a
/// font that may be wider than Calibri): headers wrap between words,
/// never inside one («comportamen-/ti»).
pub(crate) fn header_width(header: &str, width: f64) -> f64 {
    let longest = header
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0) as f64;
    width.max((longest * 1.1 + 1.0).ceil())
}

/// The print header of every page of a sheet: `notices` (a draft's BOZZA,
/// a confidential workbook's RISERVATO) centred, in bold red, so that a
/// printed page read alone says what it is. Nothing when there are none.
/// Excel keeps at most 255 characters of a header: the notices are short.
pub(crate) fn print_notices(ws: &mut rust_xlsxwriter::Worksheet, notices: &[String]) {
    if notices.is_empty() {
        return;
    }
    // `&` starts a code in a header: doubled, it prints itself.
    let text = notices
        .iter()
        .map(|n| n.replace('&', "&&"))
        .collect::<Vec<_>>()
        .join(" — ");
    ws.set_header(format!("&C&\"-,Bold\"&KB3261E{text}"));
}

/// For a sheet printed over several pages across with its first column
/// repeated: only the table prints (from its header row `first_row`), the
/// sheet's `title` in every page's footer. The title rows above the table
/// would print, on every continuation page, cut at the first column's
/// edge («RISERVATO: dati personali, non»); the print header keeps the
/// notices ([`print_notices`]) on every page.
pub(crate) fn print_table_only(
    ws: &mut rust_xlsxwriter::Worksheet,
    (first_row, last_row, last_col): (u32, u32, u16),
    title: &str,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_print_area(first_row, 0, last_row.max(first_row), last_col)?;
    ws.set_footer(format!("&L{}&RPagina &P di &N", title.replace('&', "&&")));
    Ok(())
}

/// Pages across that print `width` characters of columns at 70% or more.
pub(crate) fn pages_across(width: f64, landscape: bool) -> u16 {
    (width / (across(landscape) / 0.7)).ceil().clamp(1.0, 8.0) as u16
}

/// [`print_setup`] for a sheet whose manual page breaks must hold (a fit to
/// the width overrides them): a fixed scale that fits `width` characters
/// of columns across one A4 page, never above 100%, with the font drawn by
/// Excel or by a spreadsheet program that lacks it ([`FALLBACK_FONT`]).
pub(crate) fn print_scaled(
    ws: &mut rust_xlsxwriter::Worksheet,
    landscape: bool,
    width: f64,
    header: Option<(u32, u32)>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    print_setup(ws, landscape, width, header, false)?;
    ws.set_print_scale(scale_for(width, landscape));
    Ok(())
}

/// The scale [`print_scaled`] prints `width` characters of columns at, in %.
pub(crate) fn scale_for(width: f64, landscape: bool) -> u16 {
    (across(landscape) * FALLBACK_FONT / width.max(1.0) * 100.0)
        .floor()
        .clamp(10.0, 100.0) as u16
}

/// Height in points of an A4 page's printable body, top and bottom margins
/// of `margin` inches each.
pub(crate) fn page_body_height(landscape: bool, margin: f64) -> f64 {
    let height = if landscape { 8.27 } else { 11.69 };
    (height - 2.0 * margin) * 72.0
}

/// The `paperSize` code of A4 in a worksheet's page setup.
pub const PAPER_A4: u8 = 9;

/// Lines `text` takes when wrapped in a results workbook's column `width`
/// characters wide (an estimate: a unit of width is one digit, and average text in a
/// proportional font is a little narrower; words do not break).
pub(crate) fn result_lines(text: &str, width: f64) -> u32 {
    let per_line = (width * 1.15 - 1.0).max(1.0);
    let lines: f64 = text
        .split('\n')
        .map(|p| (p.chars().count() as f64 / per_line).ceil().max(1.0))
        .sum();
    lines.min(f64::from(u32::MAX)) as u32
}

/// Readers do not grow a row to its wrapped text: a results workbook's
/// row sized from the longest text of the row, (text, column width) pairs.
pub(crate) fn fit_result_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    texts: &[(&str, f64)],
) -> Result<(), XlsxError> {
    let lines = texts
        .iter()
        .map(|(t, w)| result_lines(t, *w))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        ws.set_row_height(row, (f64::from(lines) * 15.0 + 2.0).min(409.0))?;
    }
    Ok(())
}

/// Lines a wrapped text takes in a form's column `width` characters wide
/// (10 pt text): the row heights are written explicitly, because LibreOffice does not
/// recompute them for files it did not write.
pub(crate) fn form_lines(text: &str, width: f64) -> u32 {
    let per_line = (width * 1.05 - 1.0).max(1.0);
    text.split('\n')
        .map(|p| {
            // Word wrapping wastes part of each line.
            let chars = p.chars().count() as f64 * 1.12;
            (chars / per_line).ceil().max(1.0) as u32
        })
        .sum()
}
