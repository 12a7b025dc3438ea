//! The «Obiettivi strategici» sheet, when the plan has a strategic level:
//! each strategic objective's grade, the rule that made it from its
//! operational objectives and the objectives it comes from.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::plan::Plan;
use crate::scoring::{ObjectiveAggregation, Scorecard};
use crate::summary::SHEET_STRATEGIC;
use crate::summary::cells::{Ctx, col, outcome_label, table_frame};

/// The sheet, or `None` when the plan has no strategic objective.
pub(crate) fn strategic(
    ctx: &mut Ctx,
    plan: &Plan,
    scorecard: &Scorecard,
) -> Result<Option<Worksheet>, XlsxError> {
    const S: &str = SHEET_STRATEGIC;
    if scorecard.strategic.is_empty() {
        return Ok(None);
    }
    let mut ws = Worksheet::new();
    ws.set_name(S)?;
    let columns = [
        col("Codice", 8.0),
        col("Obiettivo strategico", 34.0),
        col("Grado", 10.0),
        col("Esito", 14.0),
        col("Aggregazione", 16.0),
        col("Obiettivi operativi collegati", 22.0),
        col("Spiegazione", 50.0),
    ];
    let aggregation = match scorecard.rules.strategic {
        ObjectiveAggregation::Mean => "Media dei gradi",
        ObjectiveAggregation::Minimum => "Grado più basso",
    };
    let (text, pct) = (ctx.f.text.clone(), ctx.f.pct.clone());
    let header = 0;
    ctx.start_table(&columns, header);
    let mut row = header + 1;
    for s in &scorecard.strategic {
        let p = plan.strategic_objective(&s.strategic);
        ctx.text(&mut ws, S, row, 0, s.strategic.as_str(), &text, None)?;
        let title = match p {
            Some(p) => match &p.description {
                Some(d) => format!("{}\n{d}", p.title),
                None => p.title.clone(),
            },
            None => String::new(),
        };
        ctx.text(&mut ws, S, row, 1, &title, &text, None)?;
        ctx.number(&mut ws, S, row, 2, s.grade, &pct)?;
        ctx.opt_text(&mut ws, S, row, 3, outcome_label(s.outcome), &text, None)?;
        ctx.text(&mut ws, S, row, 4, aggregation, &text, None)?;
        let ids: Vec<&str> = s.objectives.iter().map(|o| o.as_str()).collect();
        ctx.text(&mut ws, S, row, 5, &ids.join(", "), &text, None)?;
        ctx.text(&mut ws, S, row, 6, &s.explanation, &text, None)?;
        row += 1;
    }
    ctx.traffic_light(&mut ws, header + 1, row - 1, 2)?;
    table_frame(ctx, &mut ws, &columns, header, row - 1)?;
    ws.set_print_fit_to_pages(1, 0);
    Ok(Some(ws))
}
