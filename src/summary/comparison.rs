//! The comparison with the year before, below the chart of the Sintesi
//! sheet: each unit's and the ente's grade in both years, the change in
//! percentage points as a formula over the two grades, and how units were
//! matched.

use rust_xlsxwriter::{Format, Formula, RowNum, Worksheet, XlsxError};

use super::SHEET_SUMMARY;
use super::cells::{Column, Ctx, col};
use crate::opendata::compare::{self, Comparison, Delta, rounded_points};
use crate::vocab::Vocabulary;

/// Widths in characters of the Sintesi table's first six columns (set by
/// `sheets::summary`), which this block shares; the note is merged over
/// the last six, so it reads on one or two lines.
const WIDTHS: [f64; 6] = [8.0, 26.0, 18.0, 11.0, 10.0, 14.0];
const NOTE_WIDTH: f64 = 14.0 + 18.0 + 13.0 + 14.0 + 10.0 + 40.0;
const LAST_COL: u16 = 10;
/// Width in characters of the Sintesi table's eleven columns.
const SINTESI_WIDTH: f64 = 182.0;

/// Writes the block from `first_row`; returns the first row after it.
pub(crate) fn write(
    ctx: &mut Ctx,
    ws: &mut Worksheet,
    first_row: RowNum,
    c: &Comparison,
    vocab: &Vocabulary,
) -> Result<RowNum, XlsxError> {
    const S: &str = SHEET_SUMMARY;
    let title = ctx.f.title.clone();
    ctx.text(
        ws,
        S,
        first_row,
        0,
        &format!("Confronto con il {}", c.previous_year),
        &title,
        None,
    )?;
    let header_row = first_row + 1;
    let headers = [
        vocab.unit.singular.clone(),
        "Denominazione".to_string(),
        format!("Grado {}", c.previous_year),
        format!("Grado {}", c.year),
        "Differenza (p.p.)".to_string(),
        "Nota".to_string(),
    ];
    // Row heights follow the wrapped text, as in the table above.
    let mut columns: Vec<Column> = WIDTHS.iter().map(|w| col("", *w)).collect();
    columns[5] = col("", NOTE_WIDTH);
    ctx.start_table(&columns, header_row);
    let header_fmt = ctx.f.header.clone();
    for (i, h) in headers.iter().enumerate() {
        ctx.text(ws, S, header_row, i as u16, h, &header_fmt, None)?;
    }
    ws.merge_range(header_row, 5, header_row, LAST_COL, "", &header_fmt)?;
    ctx.text(ws, S, header_row, 5, &headers[5], &header_fmt, None)?;
    let (text, pct) = (ctx.f.text.clone(), ctx.f.pct.clone());
    let points = ctx.f.number.clone().set_num_format("+0.0;-0.0;0.0");
    let mut row = header_row + 1;
    for u in &c.units {
        let note = compare::note(u, c, vocab);
        ctx.text(ws, S, row, 0, &u.id, &text, None)?;
        ctx.text(ws, S, row, 1, &u.name, &text, None)?;
        grades(ctx, ws, row, &u.delta, (&pct, &points))?;
        ws.merge_range(row, 5, row, LAST_COL, "", &text)?;
        ctx.opt_text(ws, S, row, 5, note.as_deref(), &text, None)?;
        row += 1;
    }
    let (text_bold, pct_bold) = (ctx.f.text_bold.clone(), ctx.f.pct_bold.clone());
    ctx.text(ws, S, row, 0, "Ente", &text_bold, None)?;
    ws.write_blank(row, 1, &text_bold)?;
    grades(
        ctx,
        ws,
        row,
        &c.ente,
        (&pct_bold, &points.clone().set_bold()),
    )?;
    ws.merge_range(row, 5, row, LAST_COL, "", &text_bold)?;
    ctx.finish_table(ws)?;
    row += 1;
    if let Some(line) = compare::gone_line(c, vocab) {
        row += 1;
        let note = ctx.f.note.clone();
        // Merged over the Sintesi table's width, like the note above the chart.
        ws.merge_range(row, 0, row, LAST_COL, "", &note)?;
        ctx.text(ws, S, row, 0, &line, &note, None)?;
        let lines = crate::xlsx_style::result_lines(&line, SINTESI_WIDTH) + 1;
        ws.set_row_height(row, f64::from(lines) * 15.0)?;
        row += 1;
    }
    Ok(row)
}

/// Grades of both years and their difference in percentage points, as a
/// formula so a reader sees where it comes from.
fn grades(
    ctx: &mut Ctx,
    ws: &mut Worksheet,
    row: RowNum,
    d: &Delta,
    (pct, points): (&Format, &Format),
) -> Result<(), XlsxError> {
    ctx.number(ws, SHEET_SUMMARY, row, 2, d.previous, pct)?;
    ctx.number(ws, SHEET_SUMMARY, row, 3, d.current, pct)?;
    let Some(p) = d.points() else {
        ws.write_blank(row, 4, points)?;
        return Ok(());
    };
    // Rounded as printed elsewhere, so a difference of 1e-14 is 0, not -0.0.
    let (prev, cur) = (format!("C{}", row + 1), format!("D{}", row + 1));
    let formula = Formula::new(format!("ROUND(({cur}-{prev})*100,1)"))
        .set_result(rounded_points(p).to_string());
    ws.write_formula_with_format(row, 4, formula, points)?;
    Ok(())
}
