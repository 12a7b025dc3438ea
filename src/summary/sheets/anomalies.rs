//! The Anomalie and Moduli sheets: every warning of the run with its
//! place, and which forms were read, from which file.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::diag::{Diagnostic, Severity};
use crate::plan::{AreaId, Plan};
use crate::results::Results;
use crate::scoring::Scorecard;
use crate::summary::cells::{Ctx, col, table_frame, yes_no};
use crate::summary::{SHEET_ANOMALIES, SHEET_FORMS};

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
        // 9 wide, for its header in bold: the message gives up two.
        col("Colonna", 9.0),
        col("Messaggio", 58.0),
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
        ctx.text(&mut ws, S, row, 8, &d.full_message(), &text, None)?;
        let hints = (!d.hints.is_empty() || !d.example.is_empty()).then(|| d.full_hints());
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
        col("Codice di controllo (SHA-256)", 66.0),
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
        // Rows that report a result, by the rule grading and `stato` use.
        let filled = report.map(|r| {
            r.entries
                .iter()
                .filter(|e| {
                    plan.indicator(&e.indicator)
                        .and_then(|(_, ind)| ind.targets.get(e.target))
                        .is_some_and(|t| crate::scoring::reports_result(t, e))
                })
                .count() as f64
        });
        ctx.number(&mut ws, S, row, 6, filled, &num)?;
        row += 1;
    }
    table_frame(ctx, &mut ws, &columns, header, row - 1)?;
    ws.set_print_fit_to_pages(1, 0);
    Ok(ws)
}
