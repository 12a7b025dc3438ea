//! One function per sheet. Each returns a finished worksheet; the Sintesi
//! formulas refer to the Obiettivi sheet by the ranges recorded here.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartType, ColNum, Formula, RowNum, Worksheet, XlsxError,
    utility::column_number_to_name,
};

use super::cells::{
    Ctx, col, evaluator_grade_col, evaluator_motivation_col, outcome_label, standing_label,
    table_frame, yes_no,
};
use super::{SHEET_ANOMALIES, SHEET_FORMS, SHEET_INDICATORS, SHEET_OBJECTIVES, SHEET_SUMMARY};
use crate::diag::{Diagnostic, Location, Severity};
use crate::italian;
use crate::plan::{AreaId, Plan, Target};
use crate::results::{CellRef, Entry, Results};
use crate::scoring::{
    IndicatorScore, ObjectiveAggregation, ObjectiveAreaScore, ObjectiveScore, Scorecard, Standing,
};
use crate::vocab::Prep;

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

pub(crate) fn summary(
    ctx: &mut Ctx,
    plan: &Plan,
    scorecard: &Scorecard,
    objective_rows: &ObjectiveRows,
) -> Result<(Worksheet, RowNum), XlsxError> {
    const S: &str = SHEET_SUMMARY;
    let mut ws = Worksheet::new();
    ws.set_name(S)?;
    let v = &ctx.vocab;
    let columns = [
        col(&v.unit.singular, 8.0),
        col("Denominazione", 26.0),
        col(&v.head.singular, 18.0),
        col("Peso totale conteggiato", 11.0),
        col("Grado", 10.0),
        col("Esito", 14.0),
        col("Fascia", 18.0),
        col("Quota della retribuzione di risultato", 13.0),
        col(
            format!(
                "Grado autovalutato (prima delle correzioni {})",
                v.evaluator_short_prep(Prep::Di)
            ),
            14.0,
        ),
        col("Modulo ricevuto", 10.0),
        col("Spiegazione", 40.0),
    ];
    let (title_fmt, subtitle_fmt) = (ctx.f.title.clone(), ctx.f.subtitle.clone());
    ctx.text(
        &mut ws,
        S,
        0,
        0,
        &format!("Riepilogo della performance {}", plan.year),
        &title_fmt,
        None,
    )?;
    let mut subtitle = format!("{} — {}", plan.ente.name, plan.title);
    if let Some(act) = &plan.adopted_by {
        subtitle.push_str(&format!(" ({act})"));
    }
    ctx.text(&mut ws, S, 1, 0, &subtitle, &subtitle_fmt, None)?;

    let header: RowNum = 3;
    ctx.start_table(&columns, header);
    let mut row = header + 1;
    // Areas in plan order, then any the scorecard has that the plan lacks.
    let mut order: Vec<&crate::scoring::AreaScore> = plan
        .areas
        .iter()
        .filter_map(|a| scorecard.areas.iter().find(|s| s.area == a.id))
        .collect();
    for s in &scorecard.areas {
        if !order.iter().any(|o| o.area == s.area) {
            order.push(s);
        }
    }
    let (text, pct, num) = (ctx.f.text.clone(), ctx.f.pct.clone(), ctx.f.number.clone());
    for s in &order {
        let area = plan.area(&s.area);
        ctx.text(&mut ws, S, row, 0, s.area.as_str(), &text, None)?;
        ctx.opt_text(
            &mut ws,
            S,
            row,
            1,
            area.map(|a| a.name.as_str()),
            &text,
            None,
        )?;
        ctx.opt_text(
            &mut ws,
            S,
            row,
            2,
            area.and_then(|a| a.head.as_deref()),
            &text,
            None,
        )?;
        let id_cell = format!("$A{}", row + 1);
        if let Some(range) = objective_rows.range {
            let areas = objectives_range(O_AREA, range);
            let weights = objectives_range(O_COUNTED, range);
            let grades = objectives_range(O_GRADE, range);
            // EXACT, not `=`: Area ids are case-sensitive, Excel's `=` is not.
            let denominator = format!("SUMPRODUCT(EXACT({areas},{id_cell})*{weights})");
            let weight_formula =
                Formula::new(&denominator).set_result(cached(Some(s.total_weight)));
            ws.write_formula_with_format(row, 3, weight_formula, &num)?;
            let grade_formula = Formula::new(format!(
                "IF({denominator}=0,\"{NO_GRADE}\",SUMPRODUCT(EXACT({areas},{id_cell})*{weights}*{grades})/{denominator})"
            ))
            .set_result(cached(s.grade));
            ws.write_formula_with_format(row, 4, grade_formula, &pct)?;
        } else {
            ctx.number(&mut ws, S, row, 3, Some(s.total_weight), &num)?;
            ctx.number(&mut ws, S, row, 4, s.grade, &pct)?;
        }
        let (weight, grade) = recompute(objective_rows, |a| a == &s.area);
        if !same(grade, s.grade) || (weight - s.total_weight).abs() >= TOLERANCE {
            ctx.anomalies.push(
                Diagnostic::warning(
                    Location::default(),
                    format!(
                        "{} {}: il foglio Obiettivi dà peso {} e grado {}, la valutazione peso {} e grado {}; il riepilogo mostra i valori della valutazione, ma ricalcolando le formule (foglio Sintesi, riga {}) si otterrebbero i primi",
                        ctx.vocab.unit.singular,
                        s.area,
                        italian::number(weight, 2),
                        fmt_opt_pct(grade),
                        italian::number(s.total_weight, 2),
                        fmt_opt_pct(s.grade),
                        row + 1
                    ),
                )
                .with_hint("segnalare il caso a chi cura il programma: i due calcoli devono coincidere"),
            );
        }
        ctx.opt_text(&mut ws, S, row, 5, outcome_label(s.outcome), &text, None)?;
        let band = s.band.as_ref();
        ctx.opt_text(
            &mut ws,
            S,
            row,
            6,
            band.map(|b| b.label.as_str()),
            &text,
            None,
        )?;
        ctx.number(&mut ws, S, row, 7, band.map(|b| b.share), &pct)?;
        ctx.number(&mut ws, S, row, 8, s.computed, &pct)?;
        ctx.text(&mut ws, S, row, 9, yes_no(s.reported), &text, None)?;
        ctx.text(&mut ws, S, row, 10, &s.explanation, &text, None)?;
        row += 1;
    }
    let last_area_row = row - 1;
    // Without unit pay bands in the SMVP (pay comes from the individual
    // evaluation) the band columns stay, empty and hidden, so that the
    // columns of the sheet do not move between comuni.
    if scorecard.rules.reward_bands.is_empty() {
        ws.set_column_hidden(6)?;
        ws.set_column_hidden(7)?;
    }
    ctx.traffic_light(&mut ws, header + 1, last_area_row, 4)?;
    ctx.traffic_light(&mut ws, header + 1, last_area_row, 8)?;

    // The ente line sits below the table, out of the autofilter, like a
    // total row: sorting or filtering the Areas leaves it in place.
    let ente_row = row + 1;
    let (text_bold, pct_bold, num_bold) = (
        ctx.f.text_bold.clone(),
        ctx.f.pct_bold.clone(),
        ctx.f.number_bold.clone(),
    );
    ctx.text(&mut ws, S, ente_row, 0, "Ente", &text_bold, None)?;
    ctx.text(&mut ws, S, ente_row, 1, &plan.ente.name, &text_bold, None)?;
    ws.write_blank(ente_row, 2, &text_bold)?;
    let (ente_weight, ente_grade) = recompute(objective_rows, |_| true);
    if let Some(range) = objective_rows.range {
        let weights = objectives_range(O_COUNTED, range);
        let grades = objectives_range(O_GRADE, range);
        let total: f64 = scorecard
            .areas
            .iter()
            .map(|a| a.total_weight)
            .filter(|w| w.is_finite())
            .sum();
        let weight_formula =
            Formula::new(format!("SUM({weights})")).set_result(cached(Some(total)));
        ws.write_formula_with_format(ente_row, 3, weight_formula, &num_bold)?;
        let grade_formula = Formula::new(format!(
            "IF(SUM({weights})=0,\"{NO_GRADE}\",SUMPRODUCT({weights},{grades})/SUM({weights}))"
        ))
        .set_result(cached(scorecard.grade));
        ws.write_formula_with_format(ente_row, 4, grade_formula, &pct_bold)?;
    } else {
        ctx.number(&mut ws, S, ente_row, 3, Some(0.0), &num_bold)?;
        ctx.number(&mut ws, S, ente_row, 4, scorecard.grade, &pct_bold)?;
    }
    if !same(ente_grade, scorecard.grade) {
        ctx.anomalies.push(
            Diagnostic::warning(
                Location::default(),
                format!(
                    "ente: il foglio Obiettivi dà peso {} e grado {}, la valutazione grado {}; il riepilogo mostra il valore della valutazione, ma ricalcolando la formula (foglio Sintesi, riga {}) si otterrebbe il primo",
                    italian::number(ente_weight, 2),
                    fmt_opt_pct(ente_grade),
                    fmt_opt_pct(scorecard.grade),
                    ente_row + 1
                ),
            )
            .with_hint("segnalare il caso a chi cura il programma: i due calcoli devono coincidere"),
        );
    }
    ctx.opt_text(
        &mut ws,
        S,
        ente_row,
        5,
        outcome_label(scorecard.outcome),
        &text_bold,
        None,
    )?;
    ws.write_blank(ente_row, 6, &text_bold)?;
    ws.write_blank(ente_row, 7, &text_bold)?;
    ctx.number(&mut ws, S, ente_row, 8, scorecard.computed, &pct_bold)?;
    ws.write_blank(ente_row, 9, &text_bold)?;
    ctx.text(
        &mut ws,
        S,
        ente_row,
        10,
        &format!(
            "Media dei gradi di tutte le coppie obiettivo–{} ponderate, pesata con i rispettivi pesi",
            ctx.vocab.unit.singular
        ),
        &text_bold,
        None,
    )?;
    ctx.traffic_light(&mut ws, ente_row, ente_row, 4)?;
    ctx.traffic_light(&mut ws, ente_row, ente_row, 8)?;
    table_frame(ctx, &mut ws, &columns, header, last_area_row)?;
    ws.set_repeat_rows(header, header)?;
    ws.set_print_fit_to_pages(1, 0);

    let note_fmt = ctx.f.note.clone();
    let u = &ctx.vocab.unit;
    let note = format!(
        "Come si leggono i gradi: «Peso totale conteggiato» e «Grado» sono formule sul foglio Obiettivi \
         (grado = somma dei pesi conteggiati per i gradi, divisa per la somma dei pesi conteggiati, delle righe {}). \
         Il «peso conteggiato» è il peso dell'obiettivo per {} quando l'obiettivo entra nella media, \
         0 quando è neutralizzato, non applicabile, privo di grado o senza peso (risorse variabili). \
         I gradi includono le correzioni {}; la colonna «Grado autovalutato» \
         riporta i gradi calcolati dai dati {} prima delle correzioni.",
        u.prep(Prep::Di, false),
        u.the(false),
        ctx.vocab.evaluator.prep(Prep::Di, false),
        u.prep(Prep::Di, true)
    );
    let note = note.as_str();
    ws.merge_range(ente_row + 2, 0, ente_row + 2, 10, "", &note_fmt)?;
    ctx.text(&mut ws, S, ente_row + 2, 0, note, &note_fmt, None)?;
    let merged_width: f64 = columns.iter().map(|c| c.width).sum();
    let note_lines = super::cells::wrapped_lines(note, merged_width) + 1;
    ws.set_row_height(ente_row + 2, f64::from(note_lines) * 15.0)?;

    if !order.is_empty() {
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name("Grado")
            .set_categories((S, header + 1, 1, last_area_row, 1))
            .set_values((S, header + 1, 4, last_area_row, 4))
            .set_data_label(ChartDataLabel::new().show_value().set_num_format("0.0%"));
        chart
            .title()
            .set_name(&format!("Grado per {}", ctx.vocab.unit.singular));
        chart.y_axis().set_min(0).set_max(1).set_num_format("0%");
        chart.legend().set_hidden();
        chart.set_width(900).set_height(360);
        ws.insert_chart(ente_row + 4, 0, &chart)?;
        // 360 px of chart over 20 px rows, and one row of space.
        return Ok((ws, ente_row + 4 + 19));
    }
    Ok((ws, ente_row + 4))
}

// ----------------------------------------------------------- Indicatori ---

/// Who wrote which cell: "Data F12; Note K12", with the full reference
/// when a value comes from another file or sheet than the first one.
fn sources(entry: &Entry) -> Option<(CellRef, String)> {
    let fields: [(&str, Option<&CellRef>); 7] = [
        ("Data", entry.date.as_ref().map(|s| &s.at)),
        ("Valore", entry.value.as_ref().map(|s| &s.at)),
        ("Fatto", entry.done.as_ref().map(|s| &s.at)),
        ("Stato", entry.status.as_ref().map(|s| &s.at)),
        ("Evidenze", entry.evidence.as_ref().map(|s| &s.at)),
        ("Note", entry.notes.as_ref().map(|s| &s.at)),
        ("Motivazione", entry.motivation.as_ref().map(|s| &s.at)),
    ];
    let first = fields.iter().find_map(|(_, at)| *at)?.clone();
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|(label, at)| {
            let at = (*at)?;
            Some(if at.file == first.file && at.sheet == first.sheet {
                format!("{label} {}", at.cell)
            } else {
                format!("{label} {at}")
            })
        })
        .collect();
    Some((first, parts.join("; ")))
}

pub(crate) fn indicators(
    ctx: &mut Ctx,
    plan: &Plan,
    results: &Results,
    scorecard: &Scorecard,
) -> Result<Worksheet, XlsxError> {
    const S: &str = SHEET_INDICATORS;
    let mut ws = Worksheet::new();
    ws.set_name(S)?;
    let v = &ctx.vocab;
    let columns = [
        col("Obiettivo", 10.0),
        col("Indicatore", 10.0),
        col("Descrizione dell'indicatore", 35.0),
        col(&v.unit.singular, 7.0),
        col("Livello atteso (dal piano)", 28.0),
        col("Traguardo n.", 7.0),
        col("Tipo di traguardo", 12.0),
        col("Valore atteso", 11.0),
        col("Unità / oggetto / criterio", 22.0),
        col("Data di realizzazione", 12.0),
        col("Valore raggiunto", 10.0),
        col("Fatto", 7.0),
        col(
            format!("Stato proposto {}", v.unit.prep(Prep::Da, false)),
            14.0,
        ),
        col("Grado del traguardo", 9.0),
        col("Stato del traguardo", 14.0),
        col("Spiegazione del grado del traguardo", 40.0),
        col("Documentazione / evidenze", 28.0),
        col(format!("Note {}", v.unit.prep(Prep::Di, false)), 30.0),
        col("Motivazione dello scostamento", 30.0),
        col("Peso dell'indicatore", 11.0),
        col("Grado autovalutato dell'indicatore", 14.0),
        evaluator_grade_col(v),
        evaluator_motivation_col(v),
        col("Grado dell'indicatore", 11.0),
        col("Esito dell'indicatore", 14.0),
        col("Stato dell'indicatore", 14.0),
        col("Motivo (neutralizzazione o non applicabilità)", 28.0),
        col("Spiegazione del grado dell'indicatore", 40.0),
        col("File di origine", 28.0),
        col("Foglio di origine", 16.0),
        col("Celle di origine", 28.0),
        col("Peso nella media dell'obiettivo", 12.0),
    ];
    let (text, pct, num) = (ctx.f.text.clone(), ctx.f.pct.clone(), ctx.f.number.clone());
    let header = 0;
    ctx.start_table(&columns, header);
    let mut row = header + 1;
    for os in &scorecard.objectives {
        // Looked up in its objective: searching the whole plan for every
        // row made this sheet quadratic (seconds at 10,000 indicators).
        let po = plan.objective(&os.objective);
        for oa in &os.areas {
            for is in &oa.indicators {
                let pi = po.and_then(|o| o.indicators.iter().find(|i| i.id == is.indicator));
                // An indicator always gets a row, even with no target scored.
                let n = is.targets.len().max(1);
                for k in 0..n {
                    let ts = is.targets.get(k);
                    let target_index = ts.map(|t| t.target).unwrap_or(k);
                    let target = pi.and_then(|i| i.targets.get(target_index));
                    let entry = ts
                        .and_then(|t| t.entry.as_ref())
                        .or_else(|| results.entry(&is.area, &is.indicator, target_index));
                    ctx.text(&mut ws, S, row, 0, os.objective.as_str(), &text, None)?;
                    ctx.text(&mut ws, S, row, 1, is.indicator.as_str(), &text, None)?;
                    let description = pi.map(|i| i.description.as_str());
                    ctx.opt_text(&mut ws, S, row, 2, description, &text, None)?;
                    ctx.text(&mut ws, S, row, 3, is.area.as_str(), &text, None)?;
                    let expected = pi.map(|i| match &i.condition {
                        Some(c) => format!("{} ({c})", i.expected),
                        None => i.expected.clone(),
                    });
                    ctx.opt_text(&mut ws, S, row, 4, expected.as_deref(), &text, None)?;
                    ctx.number(&mut ws, S, row, 5, Some(target_index as f64 + 1.0), &num)?;
                    let kind = target.map(|t| t.kind().label());
                    ctx.opt_text(&mut ws, S, row, 6, kind, &text, None)?;
                    let is_pct = target.is_some_and(|t| t.kind().value_is_percent());
                    match target {
                        Some(Target::Deadline {
                            date,
                            movable,
                            note,
                        }) => {
                            ctx.date(&mut ws, row, 7, Some(*date))?;
                            let mut what = Vec::new();
                            if let Some(m) = movable {
                                what.push(format!("scadenza mobile: {m}"));
                            }
                            if let Some(n) = note {
                                what.push(n.clone());
                            }
                            let what = (!what.is_empty()).then(|| what.join("; "));
                            ctx.opt_text(&mut ws, S, row, 8, what.as_deref(), &text, None)?;
                        }
                        Some(Target::Minimum { value, unit }) => {
                            ctx.number(&mut ws, S, row, 7, Some(*value), &num)?;
                            ctx.text(&mut ws, S, row, 8, &format!("almeno: {unit}"), &text, None)?;
                        }
                        Some(Target::Maximum {
                            value,
                            unit,
                            strict,
                        }) => {
                            ctx.number(&mut ws, S, row, 7, Some(*value), &num)?;
                            let bound = if *strict { "meno di" } else { "al massimo" };
                            ctx.text(&mut ws, S, row, 8, &format!("{bound}: {unit}"), &text, None)?;
                        }
                        Some(Target::Percentage { value, of }) => {
                            ctx.number(&mut ws, S, row, 7, Some(value / 100.0), &pct)?;
                            ctx.text(&mut ws, S, row, 8, of, &text, None)?;
                        }
                        Some(Target::YesNo { what }) => {
                            ctx.text(&mut ws, S, row, 7, "Sì", &text, None)?;
                            ctx.text(&mut ws, S, row, 8, what, &text, None)?;
                        }
                        Some(Target::Qualitative { criterion }) => {
                            ctx.text(&mut ws, S, row, 7, "Giudizio", &text, None)?;
                            ctx.text(&mut ws, S, row, 8, criterion, &text, None)?;
                        }
                        Some(t @ Target::Change { goal, .. }) => {
                            ctx.number(&mut ws, S, row, 7, Some(*goal), &num)?;
                            let what = crate::forms::describe_target(t);
                            ctx.text(&mut ws, S, row, 8, &what, &text, None)?;
                        }
                        Some(t @ Target::Phase { .. }) => {
                            ctx.number(&mut ws, S, row, 7, Some(1.0), &pct)?;
                            let what = crate::forms::describe_target(t);
                            ctx.text(&mut ws, S, row, 8, &what, &text, None)?;
                        }
                        None => {
                            ws.write_blank(row, 7, &text)?;
                            ws.write_blank(row, 8, &text)?;
                        }
                    }
                    ctx.date(
                        &mut ws,
                        row,
                        9,
                        entry.and_then(|e| e.date.as_ref()).map(|d| d.value),
                    )?;
                    let value = entry.and_then(|e| e.value.as_ref()).map(|v| v.value);
                    if is_pct {
                        ctx.number(&mut ws, S, row, 10, value.map(|v| v / 100.0), &pct)?;
                    } else {
                        ctx.number(&mut ws, S, row, 10, value, &num)?;
                    }
                    let done = entry.and_then(|e| e.done.as_ref()).map(|d| yes_no(d.value));
                    ctx.opt_text(&mut ws, S, row, 11, done, &text, None)?;
                    let status = entry
                        .and_then(|e| e.status.as_ref())
                        .map(|s| s.value.label())
                        .or(is.proposed.map(|p| p.label()));
                    ctx.opt_text(&mut ws, S, row, 12, status, &text, None)?;
                    ctx.number(&mut ws, S, row, 13, ts.and_then(|t| t.grade), &pct)?;
                    let target_standing = ts.map(|t| standing_label(&t.standing).0);
                    ctx.opt_text(&mut ws, S, row, 14, target_standing, &text, None)?;
                    let target_explanation = ts.map(|t| t.explanation.as_str());
                    ctx.opt_text(&mut ws, S, row, 15, target_explanation, &text, None)?;
                    for (c, field) in [
                        (16, entry.and_then(|e| e.evidence.as_ref())),
                        (17, entry.and_then(|e| e.notes.as_ref())),
                        (18, entry.and_then(|e| e.motivation.as_ref())),
                    ] {
                        let value = field.map(|s| s.value.as_str());
                        ctx.opt_text(&mut ws, S, row, c, value, &text, field.map(|s| &s.at))?;
                    }
                    ctx.number(&mut ws, S, row, 19, is.weight, &num)?;
                    ctx.number(&mut ws, S, row, 20, is.computed, &pct)?;
                    let correction = is.correction.as_ref();
                    ctx.number(&mut ws, S, row, 21, correction.map(|c| c.grade), &pct)?;
                    let motivation = correction.map(|c| c.motivation.as_str());
                    ctx.opt_text(&mut ws, S, row, 22, motivation, &text, None)?;
                    ctx.number(&mut ws, S, row, 23, is.grade, &pct)?;
                    ctx.opt_text(&mut ws, S, row, 24, outcome_label(is.outcome), &text, None)?;
                    let (label, reason) = standing_label(&is.standing);
                    ctx.text(&mut ws, S, row, 25, label, &text, None)?;
                    ctx.opt_text(&mut ws, S, row, 26, reason, &text, None)?;
                    ctx.text(&mut ws, S, row, 27, &is.explanation, &text, None)?;
                    match entry.and_then(sources) {
                        Some((first, cells)) => {
                            let file = first
                                .file
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_else(|| first.file.display().to_string());
                            ctx.text(&mut ws, S, row, 28, &file, &text, None)?;
                            ctx.text(&mut ws, S, row, 29, &first.sheet, &text, None)?;
                            ctx.text(&mut ws, S, row, 30, &cells, &text, None)?;
                        }
                        None => {
                            let file = results
                                .report(&is.area)
                                .and_then(|r| r.source.path.file_name())
                                .map(|n| n.to_string_lossy().into_owned());
                            ctx.opt_text(&mut ws, S, row, 28, file.as_deref(), &text, None)?;
                            ws.write_blank(row, 29, &text)?;
                            ws.write_blank(row, 30, &text)?;
                        }
                    }
                    // Counted once per indicator, on its first target's row.
                    let counted = if k == 0 {
                        indicator_counted_weight(is)
                    } else {
                        0.0
                    };
                    ctx.number(&mut ws, S, row, I_COUNTED, Some(counted), &num)?;
                    row += 1;
                }
            }
        }
    }
    let last = row - 1;
    table_frame(ctx, &mut ws, &columns, header, last)?;
    // Too many columns for one page: three pages wide, ids repeated.
    ws.set_print_fit_to_pages(3, 0);
    ws.set_repeat_columns(0, 1)?;
    ctx.traffic_light(&mut ws, header + 1, last, 13)?;
    ctx.traffic_light(&mut ws, header + 1, last, 20)?;
    ctx.traffic_light(&mut ws, header + 1, last, 23)?;
    Ok(ws)
}

// ------------------------------------------------------------- Anomalie ---

pub(crate) fn anomalies(
    ctx: &mut Ctx,
    all: &[(&Diagnostic, &'static str)],
) -> Result<Worksheet, XlsxError> {
    const S: &str = SHEET_ANOMALIES;
    let mut ws = Worksheet::new();
    ws.set_name(S)?;
    let columns = [
        col("N.", 5.0),
        col("Gravità", 9.0),
        col("Origine", 14.0),
        col("File", 28.0),
        col("Foglio", 16.0),
        col("Cella", 7.0),
        col("Riga", 6.0),
        col("Colonna", 7.0),
        col("Messaggio", 60.0),
        col("Suggerimenti", 40.0),
    ];
    let (text, num) = (ctx.f.text.clone(), ctx.f.number.clone());
    let header = 0;
    ctx.start_table(&columns, header);
    let mut row = header + 1;
    for (i, (d, origin)) in all.iter().enumerate() {
        ctx.number(&mut ws, S, row, 0, Some(i as f64 + 1.0), &num)?;
        let severity = match d.severity {
            Severity::Error => "Errore",
            Severity::Warning => "Avviso",
        };
        ctx.text(&mut ws, S, row, 1, severity, &text, None)?;
        ctx.text(&mut ws, S, row, 2, origin, &text, None)?;
        let file = d.location.file.as_ref().map(|f| {
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| f.display().to_string())
        });
        ctx.opt_text(&mut ws, S, row, 3, file.as_deref(), &text, None)?;
        ctx.opt_text(&mut ws, S, row, 4, d.location.sheet.as_deref(), &text, None)?;
        ctx.opt_text(&mut ws, S, row, 5, d.location.cell.as_deref(), &text, None)?;
        ctx.number(&mut ws, S, row, 6, d.location.line.map(|l| l as f64), &num)?;
        ctx.number(
            &mut ws,
            S,
            row,
            7,
            d.location.column.map(|c| c as f64),
            &num,
        )?;
        ctx.text(&mut ws, S, row, 8, &d.message, &text, None)?;
        let hints = (!d.hints.is_empty()).then(|| d.hints.join("\n"));
        ctx.opt_text(&mut ws, S, row, 9, hints.as_deref(), &text, None)?;
        row += 1;
    }
    if all.is_empty() {
        let note_fmt = ctx.f.note.clone();
        ctx.text(
            &mut ws,
            S,
            row,
            8,
            "Nessuna anomalia rilevata.",
            &note_fmt,
            None,
        )?;
    }
    table_frame(ctx, &mut ws, &columns, header, row - 1)?;
    ws.set_print_fit_to_pages(1, 0);
    Ok(ws)
}

// --------------------------------------------------------------- Moduli ---

pub(crate) fn forms(
    ctx: &mut Ctx,
    plan: &Plan,
    results: &Results,
    scorecard: &Scorecard,
) -> Result<Worksheet, XlsxError> {
    const S: &str = SHEET_FORMS;
    let mut ws = Worksheet::new();
    ws.set_name(S)?;
    let columns = [
        col(&ctx.vocab.unit.singular, 8.0),
        col("Denominazione", 30.0),
        col("Modulo ricevuto", 10.0),
        col("File", 40.0),
        col("Impronta SHA-256", 66.0),
        col("Righe lette", 9.0),
        col("Righe compilate", 11.0),
    ];
    let (text, num) = (ctx.f.text.clone(), ctx.f.number.clone());
    let mut ids: Vec<&AreaId> = plan.areas.iter().map(|a| &a.id).collect();
    for id in results
        .reports
        .iter()
        .map(|r| &r.area)
        .chain(scorecard.areas.iter().map(|a| &a.area))
    {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let header = 0;
    ctx.start_table(&columns, header);
    let mut row = header + 1;
    for id in ids {
        let report = results.report(id);
        ctx.text(&mut ws, S, row, 0, id.as_str(), &text, None)?;
        let name = plan.area(id).map(|a| a.name.as_str());
        ctx.opt_text(&mut ws, S, row, 1, name, &text, None)?;
        ctx.text(&mut ws, S, row, 2, yes_no(report.is_some()), &text, None)?;
        let path = report.map(|r| r.source.path.display().to_string());
        ctx.opt_text(&mut ws, S, row, 3, path.as_deref(), &text, None)?;
        let sha = report.map(|r| r.source.sha256.as_str());
        ctx.opt_text(&mut ws, S, row, 4, sha, &text, None)?;
        let read = report.map(|r| r.entries.len() as f64);
        ctx.number(&mut ws, S, row, 5, read, &num)?;
        let filled = report.map(|r| r.entries.iter().filter(|e| !e.is_blank()).count() as f64);
        ctx.number(&mut ws, S, row, 6, filled, &num)?;
        row += 1;
    }
    table_frame(ctx, &mut ws, &columns, header, row - 1)?;
    ws.set_print_fit_to_pages(1, 0);
    Ok(ws)
}
