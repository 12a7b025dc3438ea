//! The two house styles of the workbooks the program writes, so that every
//! workbook of one kind looks the same: the results workbooks (Riepilogo,
//! individual evaluations) and the forms people fill (unit forms, status),
//! each with its cell formats and its estimate of the lines a wrapped text
//! takes (the fonts differ, so the estimates do too).

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

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
