//! Reading monitoring forms: the same files, limits, identity checks and
//! row matching as year-end forms (`folder.rs`, `workbook.rs`,
//! `reader.rs`), with the monitoring columns.

use std::path::Path;

use calamine::Data;
use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::{Plan, TargetKind};
use crate::results::Sourced;
use crate::results::check::{Check, CheckEntry, CheckReport, Forecast};
use crate::vocab::Vocabulary;

use super::folder::{file_label, in_plan_order, keep_first, list_forms, missing_units};
use super::layout::{self, Column, FormKind, RowSpec};
use super::parse;
use super::reader::{Expect, FormReader, RowAt, cell_at};
use crate::workbook::file_bytes;

/// How monitoring forms reach their folder, for a folder that is missing
/// or holds none.
const MONITORING_HINT: &str = "generare i moduli con `consuntivo moduli --monitoraggio GG/MM/AAAA`, farli compilare e copiare in questa cartella quelli compilati, oppure indicare con --dati la cartella che li contiene";

/// Reads every monitoring form in `dir`. All must be for the same check
/// date; errors anywhere make the whole read fail.
pub fn read_dir(
    plan: &Plan,
    dir: &Path,
    vocab: &Vocabulary,
) -> Result<(Check, Diagnostics), Diagnostics> {
    let (files, mut diags) = list_forms(dir, MONITORING_HINT)?;
    let fingerprint = plan.fingerprint();
    let read: Vec<_> = {
        use rayon::prelude::*;
        files
            .par_iter()
            .map(|path| read_expecting(plan, path, &fingerprint, vocab))
            .collect()
    };
    let mut reports: Vec<CheckReport> = Vec::new();
    let mut date: Option<(NaiveDate, &Path)> = None;
    for (path, outcome) in files.iter().zip(read) {
        match outcome {
            Ok((report, d, warnings)) => {
                diags.extend(warnings);
                if let Some((first, first_path)) = date
                    && first != d
                {
                    diags.push(
                        Diagnostic::error(
                            Location::file(path),
                            format!(
                                "il modulo è del monitoraggio al {}, ma «{}» è del monitoraggio al {}",
                                italian::date_short(d),
                                file_label(first_path),
                                italian::date_short(first)
                            ),
                        )
                        .with_hint("tenere nella cartella solo i moduli di un monitoraggio"),
                    );
                    continue;
                }
                date.get_or_insert((d, path));
                keep_first(plan, vocab, path, report, &mut reports, &mut diags);
            }
            Err(d) => diags.extend(d),
        }
    }
    diags.extend(missing_units(
        plan,
        dir,
        |a| reports.iter().any(|r| &r.area == a),
        |name| {
            format!(
                "{name} – nessun modulo di monitoraggio trovato, obiettivi senza previsione (in ritardo quelli con una scadenza già passata)"
            )
        },
    ));
    if diags.has_errors() {
        return Err(diags);
    }
    let Some((date, _)) = date else {
        return Err(Diagnostic::error(
            Location::folder(dir),
            "nessun modulo di monitoraggio trovato nella cartella",
        )
        .with_hint(MONITORING_HINT)
        .into());
    };
    in_plan_order(plan, &mut reports);
    Ok((
        Check {
            year: plan.year,
            date,
            reports,
        },
        diags,
    ))
}

/// Reads one monitoring form (the report, the check date, the warnings),
/// against the plan's fingerprint computed once by the caller.
fn read_expecting(
    plan: &Plan,
    path: &Path,
    fingerprint: &str,
    vocab: &Vocabulary,
) -> Result<(CheckReport, NaiveDate, Diagnostics), Diagnostics> {
    let form = FormReader::new(plan, vocab, path, fingerprint, Expect::Monitoring).read_form(
        file_bytes(path)?,
        &mut read_check_entry,
        &|spec, area| CheckEntry::blank(spec.indicator.id.clone(), spec.target, area.clone()),
    )?;
    let FormKind::Monitoring(date) = form.kind else {
        return Err(Diagnostic::error(
            Location::file(path),
            "il file non è un modulo di monitoraggio intermedio",
        )
        .into());
    };
    Ok((
        CheckReport {
            area: form.source.area.clone(),
            source: form.source,
            entries: form.entries,
        },
        date,
        form.warnings,
    ))
}

/// A forecast as people type it, accents and case aside.
fn forecast(cell: &Data) -> Result<Forecast, String> {
    let bad = || {
        let labels: Vec<&str> = Forecast::ALL.iter().map(|f| f.label()).collect();
        format!(
            "«{}» non è una previsione valida: scegliere tra {}",
            parse::shown(cell),
            labels.join(", ")
        )
    };
    let Data::String(s) = cell else {
        return Err(bad());
    };
    match layout::normalize(s).as_str() {
        "inlinea" | "linea" => Ok(Forecast::OnTrack),
        "arischio" | "rischio" => Ok(Forecast::AtRisk),
        "nonraggiungibile" | "irraggiungibile" => Ok(Forecast::Unreachable),
        _ => Err(bad()),
    }
}

fn read_check_entry(r: &mut FormReader<'_>, spec: &RowSpec<'_>, row: &RowAt<'_>) -> CheckEntry {
    let mut entry = CheckEntry::blank(spec.indicator.id.clone(), spec.target, row.area.clone());
    let kind = spec.target().kind();
    let mut typed = false;
    for &col in FormKind::Monitoring(NaiveDate::MIN).inputs() {
        let Some(&c) = row.columns.get(&col) else {
            continue;
        };
        let cell = cell_at(row.range, row.row, c);
        if parse::is_blank(cell) {
            continue;
        }
        typed = true;
        let at = r.at(row.sheet, row.row, c);
        if let Some(msg) = parse::formula_error(cell) {
            r.error(at, msg);
            continue;
        }
        let src = r.cell_ref(row.sheet, row.row, c);
        let result: Result<(), String> = match col {
            Column::Date => r
                .date_in_range(cell)
                .map(|d| entry.date = Some(Sourced { value: d, at: src })),
            Column::Progress => {
                let v = match kind {
                    TargetKind::Minimum | TargetKind::Maximum => parse::number(cell),
                    _ => parse::percentage(
                        cell,
                        r.percent
                            .get(row.sheet)
                            .is_some_and(|set| set.contains(&(row.row, c))),
                    ),
                };
                v.map(|v| entry.progress = Some(Sourced { value: v, at: src }))
            }
            Column::Forecast => {
                forecast(cell).map(|v| entry.forecast = Some(Sourced { value: v, at: src }))
            }
            Column::Proposal | Column::ProposalMotivation | Column::Notes => {
                parse::text(cell).map(|t| {
                    let slot = match col {
                        Column::Proposal => &mut entry.proposal,
                        Column::ProposalMotivation => &mut entry.proposal_motivation,
                        _ => &mut entry.notes,
                    };
                    *slot = t.map(|value| Sourced { value, at: src });
                })
            }
            _ => Ok(()),
        };
        match result {
            Err(msg) => r.error(at, msg),
            Ok(()) if !layout::asked_monitoring(kind, col) => r.diags.push(Diagnostic::warning(
                at,
                format!(
                    "«{}» è nella colonna «{}», che non riguarda un traguardo di tipo {}: il valore è letto ma non considerato",
                    parse::shown(cell),
                    col.header(),
                    kind.label()
                ),
            )),
            Ok(()) => {}
        }
    }
    let code_at = |r: &FormReader<'_>, col: Column| {
        let c = row
            .columns
            .get(&col)
            .or_else(|| row.columns.get(&Column::Code))
            .copied()
            .unwrap_or(0);
        r.at(row.sheet, row.row, c)
    };
    // A phase that starts after the check date is neither late nor to be
    // forecast: an empty row is what it should be.
    let not_started = match (spec.target(), row.kind) {
        (crate::plan::Target::Phase { start: Some(s), .. }, FormKind::Monitoring(date)) => {
            *s > date
        }
        _ => false,
    };
    if not_started {
        // Nothing to ask of it.
    } else if !typed {
        let at = code_at(r, Column::Code);
        r.diags.push(Diagnostic::warning(
            at,
            format!(
                "riga «{}» non compilata: il traguardo è senza previsione, o in ritardo se la sua scadenza è già passata",
                spec.key()
            ),
        ));
    } else if entry.forecast.is_none() && entry.date.is_none() {
        let at = code_at(r, Column::Forecast);
        r.diags.push(Diagnostic::warning(
            at,
            format!(
                "riga «{}»: manca la «{}» e il traguardo non risulta realizzato",
                spec.key(),
                Column::Forecast.header()
            ),
        ));
    }
    if entry.proposal.is_some() && entry.proposal_motivation.is_none() {
        let at = code_at(r, Column::ProposalMotivation);
        r.diags.push(Diagnostic::warning(
            at,
            format!(
                "riga «{}»: proposta di modifica del piano senza «{}»",
                spec.key(),
                Column::ProposalMotivation.header()
            ),
        ));
    }
    entry
}
