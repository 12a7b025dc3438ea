//! The Indicatori sheet: one row per indicator, unit and target, with the
//! value reported, its grade and the cells it was read from.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::plan::{Plan, Target};
use crate::results::{CellRef, Entry, Results};
use crate::scoring::Scorecard;
use crate::summary::SHEET_INDICATORS;
use crate::summary::cells::{
    Ctx, col, evaluator_grade_col, evaluator_motivation_col, outcome_label, standing_label,
    table_frame, yes_no,
};
use crate::vocab::Prep;

use super::{I_COUNTED, indicator_counted_weight};

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
    // Too many columns for one page (`table_frame` sets how many pages
    // across): the ids repeated on each.
    ws.set_repeat_columns(0, 1)?;
    ctx.traffic_light(&mut ws, header + 1, last, 13)?;
    ctx.traffic_light(&mut ws, header + 1, last, 20)?;
    ctx.traffic_light(&mut ws, header + 1, last, 23)?;
    Ok(ws)
}
