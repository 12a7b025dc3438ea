//! The two house styles of the workbooks the program writes, so that every
//! workbook of one kind looks the same: the results workbooks (Riepilogo,
//! individual evaluations) and the forms people fill (unit forms, status).

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

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
