//! The comparison with the year before, below the chart of the Sintesi
//! sheet: each unit's and the ente's grade in both years, the change in
//! percentage points as a formula over the two grades, and how units were
//! matched.

use rust_xlsxwriter::{Format, Formula, RowNum, Worksheet, XlsxError};

use super::SHEET_SUMMARY;
use super::cells::Ctx;
use crate::opendata::compare::{self, Comparison, Delta};
use crate::vocab::Vocabulary;

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
        "Differenza (punti percentuali)".to_string(),
        "Nota".to_string(),
    ];
    let header_fmt = ctx.f.header.clone();
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(header_row, i as u16, h, &header_fmt)?;
    }
    ws.set_row_height(header_row, 45.0)?;
    let (text, pct) = (ctx.f.text.clone(), ctx.f.pct.clone());
    let points = ctx.f.number.clone().set_num_format("+0.0;-0.0;0.0");
    let mut row = header_row + 1;
    for u in &c.units {
        let note = compare::note(u, c, vocab);
        ctx.text(ws, S, row, 0, &u.id, &text, None)?;
        ctx.text(ws, S, row, 1, &u.name, &text, None)?;
        grades(ctx, ws, row, &u.delta, (&pct, &points))?;
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
    ws.write_blank(row, 5, &text_bold)?;
    row += 1;
    if !c.gone.is_empty() {
        row += 1;
        let note = ctx.f.note.clone();
        let list: Vec<String> = c
            .gone
            .iter()
            .map(|g| {
                let grade = g
                    .grade
                    .map(crate::italian::percent)
                    .unwrap_or_else(|| "—".into());
                format!("{} {} ({}: {grade})", g.id, g.name, c.previous_year)
            })
            .collect();
        let line = format!("{}: {}", compare::gone_heading(c, vocab), list.join("; "));
        // Merged over the Sintesi table's width, like the note above the chart.
        ws.merge_range(row, 0, row, 10, "", &note)?;
        ctx.text(ws, S, row, 0, &line, &note, None)?;
        let lines = super::cells::wrapped_lines(&line, SINTESI_WIDTH) + 1;
        ws.set_row_height(row, f64::from(lines) * 15.0)?;
        row += 1;
    }
    Ok(row)
}

/// Grades of both years and their difference, as a formula so a reader
/// sees where it comes from.
fn grades(
    ctx: &mut Ctx,
    ws: &mut Worksheet,
    row: RowNum,
    d: &Delta,
    (pct, points): (&Format, &Format),
) -> Result<(), XlsxError> {
    ctx.number(ws, SHEET_SUMMARY, row, 2, d.previous, pct)?;
    ctx.number(ws, SHEET_SUMMARY, row, 3, d.current, pct)?;
    let (prev, cur) = (format!("C{}", row + 1), format!("D{}", row + 1));
    let cached = d.points().map(|p| p.to_string()).unwrap_or_default();
    let formula = Formula::new(format!(
        "IF(AND(ISNUMBER({prev}),ISNUMBER({cur})),({cur}-{prev})*100,\"\")"
    ))
    .set_result(cached);
    ws.write_formula_with_format(row, 4, formula, points)?;
    Ok(())
}
