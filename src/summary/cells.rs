//! Cell writers that keep user text as text, numbers as numbers and dates as
//! dates, and record (never hide) what had to be changed to fit Excel.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ColNum, Color, ConditionalFormatFormula, Format, FormatAlign, RowNum, Worksheet, XlsxError,
    utility::row_col_to_cell,
};

use crate::diag::{Diagnostic, Location};
use crate::italian;
use crate::results::CellRef;
use crate::scoring::{Outcome, OutcomeThresholds, Standing};
use crate::vocab::{Prep, Vocabulary};
use crate::xlsx_style::result_lines;

/// Excel's limit of characters (UTF-16 code units) in one cell.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// Appended to a text cut to Excel's limit, so the reader sees it is cut.
pub(crate) const TRUNCATION_MARK: &str = " […] [TESTO TRONCATO: supera il limite di 32.767 caratteri di una cella di Excel; il testo completo è nella cella di origine indicata nel foglio «Anomalie»]";

/// Points per line of 11-point text, and Excel's tallest row.
const LINE_HEIGHT: f64 = 15.0;
const MAX_ROW_HEIGHT: f64 = 409.0;
/// The top and bottom margins of a table sheet, in inches, and those of
/// its print header and footer (`table_frame`).
pub(crate) const TABLE_MARGIN: f64 = 0.6;
const TABLE_MARGIN_HEADER: f64 = 0.3;

/// Limit for document properties, which are short labels.
const MAX_PROPERTY_CHARS: usize = 255;

/// `text` cut to Excel's cell limit (counted in UTF-16 units, as Excel
/// does, and never inside a character), with the visible mark appended;
/// the flag says whether it was cut.
pub(crate) fn fit_cell(text: &str) -> (Cow<'_, str>, bool) {
    if text.encode_utf16().count() <= MAX_CELL_CHARS {
        return (Cow::Borrowed(text), false);
    }
    let budget = MAX_CELL_CHARS - TRUNCATION_MARK.encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    let mut out = String::with_capacity(end + TRUNCATION_MARK.len());
    out.push_str(&text[..end]);
    out.push_str(TRUNCATION_MARK);
    (Cow::Owned(out), true)
}

/// A short label for document properties.
pub(crate) fn clip_plain(text: &str) -> String {
    text.chars().take(MAX_PROPERTY_CHARS).collect()
}

pub(crate) struct Formats {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    pub text: Format,
    pub text_bold: Format,
    pub pct: Format,
    pub pct_bold: Format,
    /// Two decimals: a grade beside the computed one that rounds alike.
    pub pct_fine: Format,
    pub pct_fine_bold: Format,
    pub number: Format,
    pub number_bold: Format,
    pub date: Format,
    pub note: Format,
    pub draft: Format,
    good: Format,
    fair: Format,
    poor: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = crate::xlsx_style::result_cell();
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic(),
            header: crate::xlsx_style::result_header(),
            text: cell.clone().set_text_wrap(),
            text_bold: cell.clone().set_text_wrap().set_bold(),
            pct: cell.clone().set_num_format("0.0%"),
            pct_bold: cell.clone().set_num_format("0.0%").set_bold(),
            pct_fine: cell.clone().set_num_format("0.00%"),
            pct_fine_bold: cell.clone().set_num_format("0.00%").set_bold(),
            number: cell.clone().set_num_format("General"),
            number_bold: cell.clone().set_num_format("General").set_bold(),
            date: cell.set_num_format("dd/mm/yyyy"),
            note: Format::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            draft: crate::xlsx_style::draft_note(),
            good: Format::new()
                .set_background_color(Color::RGB(0xC6EFCE))
                .set_font_color(Color::RGB(0x006100)),
            fair: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
            poor: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
        }
    }
}

/// State shared by the sheet writers.
pub(crate) struct Ctx {
    pub f: Formats,
    /// The ente's words, for headers and texts naming units and roles.
    pub vocab: Vocabulary,
    /// What this module had to do to the data (cut texts, grades the
    /// formulas would recompute differently…): listed in «Anomalie».
    pub anomalies: Vec<Diagnostic>,
    /// The workbook's file name, for the place of those anomalies.
    pub file: String,
    /// What the print header of every sheet says (a draft's BOZZA).
    pub notices: Vec<String>,
    achieved: f64,
    partially: f64,
    /// Column widths of the table being written and the lines of wrapped
    /// text each of its rows needs: Excel and LibreOffice do not grow rows
    /// to fit wrapped text on opening a file, so heights are set here.
    widths: Vec<f64>,
    lines: BTreeMap<RowNum, u32>,
    track_from: RowNum,
}

impl Ctx {
    /// The place of a cell of this workbook: file, sheet, cell.
    pub fn here(&self, sheet: &str, row: RowNum, col: ColNum) -> Location {
        Location::cell(&self.file, sheet, row_col_to_cell(row, col))
    }

    pub fn new(thresholds: &OutcomeThresholds, vocab: &Vocabulary) -> Self {
        Ctx {
            vocab: vocab.clone(),
            f: Formats::new(),
            anomalies: Vec::new(),
            file: String::new(),
            notices: Vec::new(),
            achieved: thresholds.achieved,
            partially: thresholds.partially,
            widths: Vec::new(),
            lines: BTreeMap::new(),
            track_from: 0,
        }
    }

    /// Starts a table: rows from `header_row` on get heights that fit
    /// their wrapped text in `columns`' widths.
    pub fn start_table(&mut self, columns: &[Column], header_row: RowNum) {
        self.widths = columns.iter().map(|c| c.width).collect();
        self.lines.clear();
        self.track_from = header_row;
    }

    fn track(&mut self, row: RowNum, col: ColNum, text: &str) {
        if row < self.track_from {
            return;
        }
        let Some(width) = self.widths.get(col as usize) else {
            return;
        };
        let n = result_lines(text, *width);
        let entry = self.lines.entry(row).or_insert(1);
        *entry = (*entry).max(n);
    }

    /// Points the rows `from..=to` take, as [`Self::finish_table`] will
    /// set them (one line for a row with nothing tracked); before it.
    pub fn rows_height(&self, from: RowNum, to: RowNum) -> f64 {
        (from..=to)
            .map(|r| {
                let n = self.lines.get(&r).copied().unwrap_or(1);
                if n > 1 {
                    (f64::from(n) * LINE_HEIGHT + 2.0).min(MAX_ROW_HEIGHT)
                } else {
                    LINE_HEIGHT
                }
            })
            .sum()
    }

    /// Sets the heights of the table's rows that need more than one line.
    pub fn finish_table(&mut self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (&row, &n) in &self.lines {
            if n > 1 {
                ws.set_row_height(row, (f64::from(n) * LINE_HEIGHT + 2.0).min(MAX_ROW_HEIGHT))?;
            }
        }
        self.lines.clear();
        self.widths.clear();
        Ok(())
    }

    /// Writes user or plan text as a string (never a formula), cut to
    /// Excel's limit with a visible mark and an anomaly when too long.
    /// `source` is where the text came from, cited in the anomaly.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        ws: &mut Worksheet,
        sheet: &str,
        row: RowNum,
        col: ColNum,
        text: &str,
        format: &Format,
        source: Option<&CellRef>,
    ) -> Result<(), XlsxError> {
        let (fitted, cut) = fit_cell(text);
        if cut {
            let here = format!("{sheet}!{}", row_col_to_cell(row, col));
            let location = source
                .map(|s| Location::cell(&s.file, &s.sheet, &s.cell))
                .unwrap_or_default();
            let origin = source
                .map(|s| format!(" (origine: {s})"))
                .unwrap_or_default();
            self.anomalies.push(
                Diagnostic::warning(
                    location,
                    format!(
                        "testo troncato nel riepilogo: la cella {here} riporta solo i primi {} caratteri di {}{origin}, per il limite di Excel di 32.767 caratteri per cella",
                        italian::number(fitted.chars().count() as f64 - TRUNCATION_MARK.chars().count() as f64, 0),
                        italian::number(text.chars().count() as f64, 0),
                    ),
                )
                .with_hint("leggere il testo completo nel file di origine"),
            );
        }
        self.track(row, col, &fitted);
        if fitted.is_empty() {
            ws.write_blank(row, col, format)?;
        } else {
            ws.write_string_with_format(row, col, fitted.as_ref(), format)?;
        }
        Ok(())
    }

    /// Optional text: blank cell (keeping the borders) when absent.
    #[allow(clippy::too_many_arguments)]
    pub fn opt_text(
        &mut self,
        ws: &mut Worksheet,
        sheet: &str,
        row: RowNum,
        col: ColNum,
        text: Option<&str>,
        format: &Format,
        source: Option<&CellRef>,
    ) -> Result<(), XlsxError> {
        match text {
            Some(t) => self.text(ws, sheet, row, col, t, format, source),
            None => {
                ws.write_blank(row, col, format)?;
                Ok(())
            }
        }
    }

    /// A number, or a blank cell when absent. A value that is not a finite
    /// number (it should never happen) is written as visible text.
    pub fn number(
        &mut self,
        ws: &mut Worksheet,
        sheet: &str,
        row: RowNum,
        col: ColNum,
        value: Option<f64>,
        format: &Format,
    ) -> Result<(), XlsxError> {
        match value {
            Some(v) if v.is_finite() => {
                ws.write_number_with_format(row, col, v, format)?;
            }
            Some(v) => {
                let at = self.here(sheet, row, col);
                self.anomalies.push(Diagnostic::warning(
                    at,
                    format!(
                        "valore non numerico ({v}) nella cella {sheet}!{}: riportato come testo",
                        row_col_to_cell(row, col)
                    ),
                ));
                ws.write_string_with_format(row, col, format!("{v}"), &self.f.text)?;
            }
            None => {
                ws.write_blank(row, col, format)?;
            }
        }
        Ok(())
    }

    /// A date as a real Excel date; dates Excel cannot hold (before 1900)
    /// are written as text.
    pub fn date(
        &mut self,
        ws: &mut Worksheet,
        row: RowNum,
        col: ColNum,
        value: Option<NaiveDate>,
    ) -> Result<(), XlsxError> {
        match value {
            Some(d) if (1900..=9999).contains(&d.year()) => {
                ws.write_datetime_with_format(row, col, d, &self.f.date)?;
            }
            Some(d) => {
                ws.write_string_with_format(row, col, italian::date_short(d), &self.f.text)?;
            }
            None => {
                ws.write_blank(row, col, &self.f.date)?;
            }
        }
        Ok(())
    }

    /// Traffic-light colours on a column of grades (fractions), following
    /// the SMVP's outcome thresholds; blank and text cells stay uncoloured.
    pub fn traffic_light(
        &self,
        ws: &mut Worksheet,
        first_row: RowNum,
        last_row: RowNum,
        col: ColNum,
    ) -> Result<(), XlsxError> {
        if last_row < first_row {
            return Ok(());
        }
        let top = row_col_to_cell(first_row, col);
        let rules = [
            (
                format!("AND(ISNUMBER({top}),{top}>={})", self.achieved),
                &self.f.good,
            ),
            (
                format!(
                    "AND(ISNUMBER({top}),{top}>={},{top}<{})",
                    self.partially, self.achieved
                ),
                &self.f.fair,
            ),
            (
                format!("AND(ISNUMBER({top}),{top}<{})", self.partially),
                &self.f.poor,
            ),
        ];
        for (rule, format) in rules {
            let cf = ConditionalFormatFormula::new()
                .set_rule(rule.as_str())
                .set_format(format);
            ws.add_conditional_format(first_row, col, last_row, col, &cf)?;
        }
        Ok(())
    }
}

pub(crate) fn outcome_label(o: Option<Outcome>) -> Option<&'static str> {
    o.map(Outcome::label)
}

/// Italian label of a standing and its reason, if any.
pub(crate) fn standing_label(s: &Standing) -> (&'static str, Option<&str>) {
    match s {
        Standing::Scored => ("Valutato", None),
        Standing::NotApplicable(r) => ("Non applicabile", Some(r.as_str())),
        Standing::Neutralised(r) => ("Neutralizzato (non valutabile)", Some(r.as_str())),
        Standing::NotReported => ("Non rendicontato", None),
    }
}

pub(crate) fn yes_no(b: bool) -> &'static str {
    if b { "Sì" } else { "No" }
}

/// Column widths (in characters) and header labels of a table.
pub(crate) struct Column {
    pub header: String,
    pub width: f64,
}

/// A column; headers that name units or roles come from the vocabulary.
pub(crate) fn col(header: impl Into<String>, width: f64) -> Column {
    let header = header.into();
    let width = crate::xlsx_style::header_width(&header, width);
    Column { header, width }
}

/// "Grado fissato dal Nucleo" / "dall'OIV": the evaluator's grade column.
pub(crate) fn evaluator_grade_col(v: &Vocabulary) -> Column {
    col(
        format!("Grado fissato {}", v.evaluator_short_prep(Prep::Da)),
        11.0,
    )
}

/// "Motivazione del Nucleo" / "dell'OIV".
pub(crate) fn evaluator_motivation_col(v: &Vocabulary) -> Column {
    col(
        format!("Motivazione {}", v.evaluator_short_prep(Prep::Di)),
        30.0,
    )
}

/// Header row, widths, frozen header, autofilter and print setup of a
/// table whose header is at `header_row` and data end at `last_row`.
pub(crate) fn table_frame(
    ctx: &mut Ctx,
    ws: &mut Worksheet,
    columns: &[Column],
    header_row: RowNum,
    last_row: RowNum,
) -> Result<(), XlsxError> {
    table_frame_repeating(ctx, ws, columns, header_row, last_row, true)
}

/// [`table_frame`], repeating the rows down to the header on every
/// printed page only when `repeat` (a sheet that sets its own print
/// titles passes `false`).
pub(crate) fn table_frame_repeating(
    ctx: &mut Ctx,
    ws: &mut Worksheet,
    columns: &[Column],
    header_row: RowNum,
    last_row: RowNum,
    repeat: bool,
) -> Result<(), XlsxError> {
    let last_col = (columns.len().max(1) - 1) as ColNum;
    for (i, c) in columns.iter().enumerate() {
        let i = i as ColNum;
        ws.write_string_with_format(header_row, i, &c.header, &ctx.f.header)?;
        ws.set_column_width(i, c.width)?;
        // Bold headers are wider than body text.
        ctx.track(
            header_row,
            i,
            &format!("{}{}", c.header, " ".repeat(c.header.len() / 4)),
        );
    }
    ctx.finish_table(ws)?;
    ws.autofilter(header_row, 0, last_row.max(header_row), last_col)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    let width: f64 = columns.iter().map(|c| c.width).sum();
    let titles = repeat.then_some((0, header_row));
    crate::xlsx_style::print_setup(ws, true, width, titles, false)?;
    ws.set_margins(
        0.4,
        0.4,
        TABLE_MARGIN,
        TABLE_MARGIN,
        TABLE_MARGIN_HEADER,
        TABLE_MARGIN_HEADER,
    );
    ws.set_footer("&L&A&CPagina &P di &N&R&F");
    crate::xlsx_style::print_notices(ws, &ctx.notices);
    Ok(())
}
