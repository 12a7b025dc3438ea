//! The Sintesi sheet: unit and ente grades as formulas over the Obiettivi
//! sheet, so the workbook recomputes what the program computed, with a
//! chart and the note on how to read them.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFont, ChartType, Formula, RowNum, Worksheet, XlsxError,
};

use crate::diag::Diagnostic;
use crate::italian;
use crate::plan::Plan;
use crate::scoring::Scorecard;
use crate::summary::SHEET_SUMMARY;
use crate::summary::cells::{Ctx, TABLE_MARGIN, col, outcome_label, table_frame_repeating, yes_no};
use crate::vocab::Prep;

use super::{
    NO_GRADE, O_AREA, O_COUNTED, O_GRADE, ObjectiveRows, TOLERANCE, cached, fmt_opt_pct,
    objectives_range, recompute, same,
};

/// What to do when a formula would not give the program's figure.
const RECOMPUTE_HINT: &str =
    "segnalare il caso a chi cura il programma: i due calcoli devono coincidere";

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
    let mut subtitle = format!("{} — {}", plan.ente.name, plan.title_with_act());
    if let Some(act) = &plan.adopted_by {
        subtitle.push_str(&format!(" ({act})"));
    }
    ctx.text(&mut ws, S, 1, 0, &subtitle, &subtitle_fmt, None)?;

    let header: RowNum = 3;
    ctx.start_table(&columns, header);
    let mut row = header + 1;
    let order = scorecard.areas_in_plan_order(plan);
    // A corrected grade that would print like the computed one («75,9%»
    // beside «75,9%») needs two decimals: then the whole grade columns
    // get them, the ente's line too, one format for a column.
    let fine = order.iter().any(|s| finer(s.grade, s.computed))
        || finer(scorecard.grade, scorecard.computed);
    let (text, num) = (ctx.f.text.clone(), ctx.f.number.clone());
    let pct = if fine {
        ctx.f.pct_fine.clone()
    } else {
        ctx.f.pct.clone()
    };
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
        let id_cell = format!("$A{}", row + 1);
        if let Some(range) = objective_rows.range {
            let areas = objectives_range(O_AREA, range);
            let weights = objectives_range(O_COUNTED, range);
            let grades = objectives_range(O_GRADE, range);
            // EXACT, not `=`: Area ids are case-sensitive, Excel's `=` is not.
            let denominator = format!("SUMPRODUCT(EXACT({areas},{id_cell})*{weights})");
            let weight_formula =
                Formula::new(&denominator).set_result(cached(Some(s.total_weight)));
            ws.write_formula_with_format(row, 2, weight_formula, &num)?;
            let grade_formula = Formula::new(format!(
                "IF({denominator}=0,\"{NO_GRADE}\",SUMPRODUCT(EXACT({areas},{id_cell})*{weights}*{grades})/{denominator})"
            ))
            .set_result(cached(s.grade));
            ws.write_formula_with_format(row, 3, grade_formula, &pct)?;
        } else {
            ctx.number(&mut ws, S, row, 2, Some(s.total_weight), &num)?;
            ctx.number(&mut ws, S, row, 3, s.grade, &pct)?;
        }
        let (weight, grade) = recompute(objective_rows, |a| a == &s.area);
        if !same(grade, s.grade) || (weight - s.total_weight).abs() >= TOLERANCE {
            let at = ctx.here(S, row, 3);
            ctx.anomalies.push(
                Diagnostic::warning(
                    at,
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
                .with_hint(RECOMPUTE_HINT),
            );
        }
        ctx.opt_text(&mut ws, S, row, 4, outcome_label(s.outcome), &text, None)?;
        let band = s.band.as_ref();
        ctx.opt_text(
            &mut ws,
            S,
            row,
            5,
            band.map(|b| b.label.as_str()),
            &text,
            None,
        )?;
        ctx.number(
            &mut ws,
            S,
            row,
            6,
            band.map(|b| b.share),
            &ctx.f.pct.clone(),
        )?;
        ctx.number(&mut ws, S, row, 7, s.computed, &pct)?;
        ctx.text(&mut ws, S, row, 8, yes_no(s.reported), &text, None)?;
        ctx.text(&mut ws, S, row, 9, &s.explanation, &text, None)?;
        row += 1;
    }
    let last_area_row = row - 1;
    // Without unit pay bands in the SMVP (pay comes from the individual
    // evaluation) the band columns stay, empty and hidden, so that the
    // columns of the sheet do not move between comuni.
    let no_bands = scorecard.rules.reward_bands.is_empty();
    if no_bands {
        ws.set_column_hidden(5)?;
        ws.set_column_hidden(6)?;
    }
    ctx.traffic_light(&mut ws, header + 1, last_area_row, 3)?;
    ctx.traffic_light(&mut ws, header + 1, last_area_row, 7)?;

    // The ente line sits below the table, out of the autofilter, like a
    // total row: sorting or filtering the Areas leaves it in place.
    let ente_row = row + 1;
    let (text_bold, pct_bold, num_bold) = (
        ctx.f.text_bold.clone(),
        if fine {
            ctx.f.pct_fine_bold.clone()
        } else {
            ctx.f.pct_bold.clone()
        },
        ctx.f.number_bold.clone(),
    );
    ctx.text(&mut ws, S, ente_row, 0, "Ente", &text_bold, None)?;
    ctx.text(&mut ws, S, ente_row, 1, &plan.ente.name, &text_bold, None)?;
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
        ws.write_formula_with_format(ente_row, 2, weight_formula, &num_bold)?;
        let grade_formula = Formula::new(format!(
            "IF(SUM({weights})=0,\"{NO_GRADE}\",SUMPRODUCT({weights},{grades})/SUM({weights}))"
        ))
        .set_result(cached(scorecard.grade));
        ws.write_formula_with_format(ente_row, 3, grade_formula, &pct_bold)?;
    } else {
        ctx.number(&mut ws, S, ente_row, 2, Some(0.0), &num_bold)?;
        ctx.number(&mut ws, S, ente_row, 3, scorecard.grade, &pct_bold)?;
    }
    if !same(ente_grade, scorecard.grade) {
        let at = ctx.here(S, ente_row, 3);
        ctx.anomalies.push(
            Diagnostic::warning(
                at,
                format!(
                    "ente: il foglio Obiettivi dà peso {} e grado {}, la valutazione grado {}; il riepilogo mostra il valore della valutazione, ma ricalcolando la formula (foglio Sintesi, riga {}) si otterrebbe il primo",
                    italian::number(ente_weight, 2),
                    fmt_opt_pct(ente_grade),
                    fmt_opt_pct(scorecard.grade),
                    ente_row + 1
                ),
            )
            .with_hint(RECOMPUTE_HINT),
        );
    }
    ctx.opt_text(
        &mut ws,
        S,
        ente_row,
        4,
        outcome_label(scorecard.outcome),
        &text_bold,
        None,
    )?;
    ws.write_blank(ente_row, 5, &text_bold)?;
    ws.write_blank(ente_row, 6, &text_bold)?;
    ctx.number(&mut ws, S, ente_row, 7, scorecard.computed, &pct_bold)?;
    ws.write_blank(ente_row, 8, &text_bold)?;
    ctx.text(
        &mut ws,
        S,
        ente_row,
        9,
        &format!(
            "Media dei gradi di tutte le coppie obiettivo–{} ponderate, pesata con i rispettivi pesi",
            ctx.vocab.unit.singular
        ),
        &text_bold,
        None,
    )?;
    ctx.traffic_light(&mut ws, ente_row, ente_row, 3)?;
    ctx.traffic_light(&mut ws, ente_row, ente_row, 7)?;
    // Points the table takes down to the ente's line, before its row
    // heights are set (and forgotten) by the frame.
    let table_height = ctx.rows_height(header, ente_row);
    table_frame_repeating(ctx, &mut ws, &columns, header, last_area_row, false)?;
    let mut hidden = 0.0;
    if no_bands {
        hidden += columns[5].width + columns[6].width;
    }
    let width: f64 = columns.iter().map(|c| c.width).sum::<f64>() - hidden;
    let mut draft_height = 15.0;

    // A draft run says so under the title (and in every page's header),
    // wrapped within the printed columns.
    if !ctx.notices.is_empty() {
        let draft = format!(
            "BOZZA: la Relazione non è ancora definitiva ({} deve ancora validarla o decidere su qualche proposta); gradi, esiti e quote possono cambiare.",
            ctx.vocab.evaluator.the(false)
        );
        let fmt = ctx.f.draft.clone().set_text_wrap();
        ws.merge_range(2, 0, 2, 9, "", &fmt)?;
        ctx.text(&mut ws, S, 2, 0, &draft, &fmt, None)?;
        let lines = crate::xlsx_style::result_lines(&draft, width / 1.15) + 1;
        draft_height = f64::from(lines) * 15.0;
        ws.set_row_height(2, draft_height)?;
    }

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
    ws.merge_range(ente_row + 2, 0, ente_row + 2, 9, "", &note_fmt)?;
    ctx.text(&mut ws, S, ente_row + 2, 0, note, &note_fmt, None)?;
    // The note wraps within the printed (visible) columns.
    // (a font wider than Calibri draws it on more lines: allowed for).
    let note_lines = crate::xlsx_style::result_lines(note, width / 1.15) + 1;
    ws.set_row_height(ente_row + 2, f64::from(note_lines) * 15.0)?;
    // A fixed scale, not a fit to the width: the page break above the
    // chart must hold (a fit overrides manual breaks). The table's header
    // repeats on every printed page only when the table and its note run
    // past the first page (title, draft line, table and the ente's line;
    // the note starts the chart's page): else that page would start with
    // a header row with nothing of the table under it.
    let first_page = 25.0 + 15.0 + draft_height + table_height;
    let scale = f64::from(crate::xlsx_style::scale_for(width, true)) / 100.0;
    let fits = first_page * scale <= 0.9 * crate::xlsx_style::page_body_height(true, TABLE_MARGIN);
    let titles = (!fits).then_some((header, header));
    crate::xlsx_style::print_scaled(&mut ws, true, width, titles)?;

    if !order.is_empty() {
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name("Grado")
            .set_categories((S, header + 1, 1, last_area_row, 1))
            .set_values((S, header + 1, 3, last_area_row, 3))
            .set_data_label(ChartDataLabel::new().show_value().set_num_format("0.0%"));
        chart
            .title()
            .set_name(&format!("Grado per {}", ctx.vocab.unit.singular));
        chart.y_axis().set_min(0).set_max(1).set_num_format("0%");
        // The names across, wrapped under their bars: turned at an angle
        // (as a spreadsheet program may choose) they run out of the chart.
        chart
            .x_axis()
            .set_font(ChartFont::new().set_rotation(0).set_size(8));
        chart.legend().set_hidden();
        chart.set_width(900).set_height(360);
        ws.insert_chart(ente_row + 4, 0, &chart)?;
        // The note and the chart start a page: printed, the chart is never
        // cut between two, nor the note left alone on a page.
        ws.set_page_breaks(&[ente_row + 2])?;
        // 360 px of chart over 20 px rows, and one row of space.
        return Ok((ws, ente_row + 4 + 19));
    }
    Ok((ws, ente_row + 4))
}

/// Whether a grade and the computed one differ but would print alike at
/// one decimal: both then get two.
fn finer(grade: Option<f64>, computed: Option<f64>) -> bool {
    match (grade, computed) {
        // As a spreadsheet shows them: the exact decimal value of each
        // number, to three decimals of the fraction.
        (Some(g), Some(c)) => (g - c).abs() > 1e-12 && format!("{g:.3}") == format!("{c:.3}"),
        _ => false,
    }
}
