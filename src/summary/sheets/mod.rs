//! One function per sheet, each returning a finished worksheet: the
//! Obiettivi sheet here, with what the other sheets share (the counted
//! weights, the ranges the Sintesi formulas refer to); the Sintesi, the
//! Indicatori and the Anomalie/Moduli sheets in their own files.

use rust_xlsxwriter::{
    ColNum, Formula, RowNum, Worksheet, XlsxError, utility::column_number_to_name,
};

use crate::italian;
use crate::plan::{AreaId, Plan};
use crate::scoring::{
    IndicatorScore, ObjectiveAggregation, ObjectiveAreaScore, ObjectiveScore, Scorecard, Standing,
};
use crate::summary::cells::{
    Ctx, col, evaluator_grade_col, evaluator_motivation_col, outcome_label, standing_label,
    table_frame,
};
use crate::summary::{SHEET_INDICATORS, SHEET_OBJECTIVES};

mod anomalies;
mod indicators;
mod sintesi;
mod strategic;

pub(crate) use anomalies::{anomalies, forms};
pub(crate) use indicators::indicators;
pub(crate) use sintesi::summary;
pub(crate) use strategic::strategic;

pub(crate) const ORIGIN_RUN: &str = "Lettura e valutazione";
pub(crate) const ORIGIN_SUMMARY: &str = "Riepilogo xlsx";

/// Two grades are the same when they differ by less than this.
const TOLERANCE: f64 = 1e-9;

// ------------------------------------------------------------ Obiettivi ---

pub(crate) const O_AREA: ColNum = 1;
pub(crate) const O_WEIGHT: ColNum = 5;
pub(crate) const O_GRADE: ColNum = 6;
pub(crate) const O_COUNTED: ColNum = 13;

/// What the Sintesi formulas need from the Obiettivi sheet.
pub(crate) struct ObjectiveRows {
    /// First and last data row (0-based, inclusive); `None` with no rows.
    pub range: Option<(RowNum, RowNum)>,
    /// Per row: Area, weight counted in the averages, grade.
    pub rows: Vec<(AreaId, f64, Option<f64>)>,
}

/// The weight an (objective, Area) pair brings to the Area and ente
/// averages: its weight when it is weighted and graded, otherwise 0
/// (neutralised, not applicable, without a grade, project on variable
/// resources).
pub(crate) fn counted_weight(os: &ObjectiveScore, oa: &ObjectiveAreaScore) -> f64 {
    match (os.weighted, oa.weight, oa.grade, &oa.standing) {
        (true, Some(w), Some(g), Standing::Scored | Standing::NotReported)
            if w.is_finite() && w > 0.0 && g.is_finite() =>
        {
            w
        }
        _ => 0.0,
    }
}

/// Indicatori columns the Obiettivi grade formulas read.
pub(crate) const I_OBJECTIVE: ColNum = 0;
pub(crate) const I_AREA: ColNum = 3;
pub(crate) const I_GRADE: ColNum = 23;
pub(crate) const I_COUNTED: ColNum = 31;

/// The weight an indicator brings to its objective's mean for one Area:
/// its own weight where the plan gives one, otherwise 1; 0 when it is not
/// graded (neutralised, not applicable, excluded).
pub(crate) fn indicator_counted_weight(is: &IndicatorScore) -> f64 {
    match (is.grade, &is.standing) {
        (Some(g), Standing::Scored | Standing::NotReported) if g.is_finite() => match is.weight {
            Some(w) if w.is_finite() && w > 0.0 => w,
            Some(_) => 0.0,
            None => 1.0,
        },
        _ => 0.0,
    }
}

/// Rows of the Indicatori sheet (one per target, at least one per
/// indicator), known before it is written so Obiettivi can refer to it.
fn indicator_rows(scorecard: &Scorecard) -> usize {
    scorecard
        .objectives
        .iter()
        .flat_map(|o| &o.areas)
        .flat_map(|a| &a.indicators)
        .map(|i| i.targets.len().max(1))
        .sum()
}

/// `Indicatori!$X$2:$X$n` for column `c`.
fn indicators_range(c: ColNum, rows: usize) -> String {
    let name = column_number_to_name(c);
    format!("{SHEET_INDICATORS}!${name}$2:${name}${}", rows + 1)
}

/// The objective's grade for one Area as a formula over the Indicatori
/// sheet, when the scorecard's grade is the weighted mean of its
/// indicators (SMVP "mean", no correction by the Nucleo at this level);
/// `None` when the grade is something a formula here would not reproduce.
/// `rows`: the Indicatori sheet's rows ([`indicator_rows`], counted once).
fn objective_grade_formula(
    scorecard: &Scorecard,
    oa: &ObjectiveAreaScore,
    row: RowNum,
    rows: usize,
) -> Option<Formula> {
    let grade = oa.grade?;
    if scorecard.rules.objective != ObjectiveAggregation::Mean
        || oa.correction.is_some()
        || rows == 0
    {
        return None;
    }
    let (sw, swg) = oa.indicators.iter().fold((0.0, 0.0), |(sw, swg), is| {
        let w = indicator_counted_weight(is);
        (sw + w, swg + w * is.grade.unwrap_or(0.0))
    });
    if sw <= 0.0 || (swg / sw - grade).abs() >= TOLERANCE {
        return None;
    }
    let objective = indicators_range(I_OBJECTIVE, rows);
    let area = indicators_range(I_AREA, rows);
    let weights = indicators_range(I_COUNTED, rows);
    let grades = indicators_range(I_GRADE, rows);
    let (id, area_id) = (format!("$A{}", row + 1), format!("$B{}", row + 1));
    let select = format!("EXACT({objective},{id})*EXACT({area},{area_id})*{weights}");
    Some(
        Formula::new(format!(
            "SUMPRODUCT({select}*{grades})/SUMPRODUCT({select})"
        ))
        .set_result(cached(Some(grade))),
    )
}

pub(crate) fn objectives(
    ctx: &mut Ctx,
    plan: &Plan,
    scorecard: &Scorecard,
) -> Result<(Worksheet, ObjectiveRows), XlsxError> {
    const S: &str = SHEET_OBJECTIVES;
    let mut ws = Worksheet::new();
    ws.set_name(S)?;
    let v = &ctx.vocab;
    let unit = &v.unit.singular;
    let columns = [
        col("Obiettivo", 10.0),
        col(unit, 7.0),
        col("Ambito", 16.0),
        col("Titolo dell'obiettivo", 36.0),
        col(format!("Denominazione {unit}"), 20.0),
        col("Peso", 7.0),
        col("Grado", 9.0),
        col("Esito", 13.0),
        col("Stato", 14.0),
        col("Motivo (neutralizzazione o non applicabilità)", 28.0),
        col("Grado autovalutato (prima della correzione)", 13.0),
        evaluator_grade_col(v),
        evaluator_motivation_col(v),
        col("Peso conteggiato nella media", 11.0),
        col(
            format!("Grado complessivo dell'obiettivo ({})", v.all_units_lower()),
            13.0,
        ),
        col("Finanziamento (obiettivi senza peso)", 24.0),
        col("Spiegazione del calcolo", 40.0),
    ];
    let header = 0;
    ctx.start_table(&columns, header);
    let mut row = header + 1;
    let mut rows = Vec::new();
    let indicator_sheet_rows = indicator_rows(scorecard);
    for os in &scorecard.objectives {
        let po = plan.objective(&os.objective);
        let theme = po.map(|o| {
            plan.theme(&o.theme)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| o.theme.to_string())
        });
        for oa in &os.areas {
            let f = &ctx.f;
            let (text, pct, num) = (f.text.clone(), f.pct.clone(), f.number.clone());
            let title = po.map(|o| o.title.as_str());
            ctx.text(&mut ws, S, row, 0, os.objective.as_str(), &text, None)?;
            ctx.text(&mut ws, S, row, O_AREA, oa.area.as_str(), &text, None)?;
            ctx.opt_text(&mut ws, S, row, 2, theme.as_deref(), &text, None)?;
            ctx.opt_text(&mut ws, S, row, 3, title, &text, None)?;
            let area_name = plan.area(&oa.area).map(|a| a.name.as_str());
            ctx.opt_text(&mut ws, S, row, 4, area_name, &text, None)?;
            ctx.number(&mut ws, S, row, O_WEIGHT, oa.weight, &num)?;
            match objective_grade_formula(scorecard, oa, row, indicator_sheet_rows) {
                Some(f) => {
                    ws.write_formula_with_format(row, O_GRADE, f, &pct)?;
                }
                None => ctx.number(&mut ws, S, row, O_GRADE, oa.grade, &pct)?,
            }
            ctx.opt_text(&mut ws, S, row, 7, outcome_label(oa.outcome), &text, None)?;
            let (label, reason) = standing_label(&oa.standing);
            ctx.text(&mut ws, S, row, 8, label, &text, None)?;
            ctx.opt_text(&mut ws, S, row, 9, reason, &text, None)?;
            ctx.number(&mut ws, S, row, 10, oa.computed, &pct)?;
            let correction = oa.correction.as_ref();
            ctx.number(&mut ws, S, row, 11, correction.map(|c| c.grade), &pct)?;
            let motivation = correction.map(|c| c.motivation.as_str());
            ctx.opt_text(&mut ws, S, row, 12, motivation, &text, None)?;
            let counted = counted_weight(os, oa);
            ctx.number(&mut ws, S, row, O_COUNTED, Some(counted), &num)?;
            ctx.number(&mut ws, S, row, 14, os.grade, &pct)?;
            let funding = po.and_then(|o| o.funding.as_deref()).or(if os.weighted {
                None
            } else {
                Some("Obiettivo senza peso: non entra nelle medie")
            });
            ctx.opt_text(&mut ws, S, row, 15, funding, &text, None)?;
            ctx.text(&mut ws, S, row, 16, &oa.explanation, &text, None)?;
            rows.push((oa.area.clone(), counted, oa.grade));
            row += 1;
        }
    }
    let last = row - 1;
    table_frame(ctx, &mut ws, &columns, header, last)?;
    // Two pages wide at a readable size, the ids repeated on each.
    ws.set_print_fit_to_pages(2, 0);
    ws.set_repeat_columns(0, 1)?;
    ctx.traffic_light(&mut ws, header + 1, last, O_GRADE)?;
    ctx.traffic_light(&mut ws, header + 1, last, 10)?;
    ctx.traffic_light(&mut ws, header + 1, last, 14)?;
    let range = (last > header).then_some((header + 1, last));
    Ok((ws, ObjectiveRows { range, rows }))
}

// -------------------------------------------------------------- Sintesi ---

/// `Obiettivi!$X$a:$X$b` for column `c` of the recorded range.
fn objectives_range(c: ColNum, (first, last): (RowNum, RowNum)) -> String {
    let name = column_number_to_name(c);
    format!(
        "{SHEET_OBJECTIVES}!${name}${}:${name}${}",
        first + 1,
        last + 1
    )
}

/// What a grade formula shows when there is no weight to average over
/// (rust_xlsxwriter cannot cache an empty string: it would read as 0).
pub(crate) const NO_GRADE: &str = "—";

/// Cached result of a formula: the number, or [`NO_GRADE`].
fn cached(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x}"),
        _ => NO_GRADE.to_string(),
    }
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() < TOLERANCE,
        _ => false,
    }
}

/// Σ(weight × grade) ÷ Σ(weight) over the rows `keep` selects, as the
/// formulas compute it.
fn recompute(rows: &ObjectiveRows, keep: impl Fn(&AreaId) -> bool) -> (f64, Option<f64>) {
    let (mut sw, mut swg) = (0.0, 0.0);
    for (area, w, g) in &rows.rows {
        if keep(area) {
            sw += w;
            swg += w * g.unwrap_or(0.0);
        }
    }
    (sw, (sw > 0.0).then(|| swg / sw))
}

fn fmt_opt_pct(v: Option<f64>) -> String {
    v.map(italian::percent)
        .unwrap_or_else(|| "nessun grado".to_string())
}
