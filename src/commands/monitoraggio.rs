use std::path::PathBuf;

use super::sayln;
use chrono::NaiveDate;
use consuntivo::output::OutputSet;
use consuntivo::{forms, monitoring};

use super::{CmdResult, io_error, load_plan, load_vocab};
use crate::Common;
use consuntivo::diag::{Diagnostic, Location};
use consuntivo::italian;

pub fn cmd_monitoring(
    common: &Common,
    dati: Option<PathBuf>,
    data: Option<NaiveDate>,
    modelli: Option<PathBuf>,
) -> CmdResult {
    let plan = load_plan(common)?;
    let vocab = load_vocab(common)?;
    let dir = dati.unwrap_or_else(|| {
        common
            .ingressi
            .join("monitoraggio")
            .join(plan.year.to_string())
    });
    let (check, warnings) = forms::read_monitoring_dir(&plan, &dir, &vocab)?;
    let analysis = monitoring::analyse(&plan, &check);
    let date = match data {
        Some(d) if d < check.date => {
            return Err(Diagnostic::error(
                Location::file("--data"),
                format!(
                    "la data del documento, {}, precede la data del monitoraggio, {}: il documento non può riferire dati successivi alla propria data",
                    italian::date_short(d),
                    italian::date_short(check.date)
                ),
            )
            .with_hint(format!(
                "indicare con --data una data dal {} in poi, oppure ometterla",
                italian::date_short(check.date)
            ))
            .into());
        }
        Some(d) => d,
        None => check.default_document_date(),
    };
    let templates = modelli.or_else(|| Some(PathBuf::from("templates")).filter(|p| p.is_dir()));
    let (name, pdf) =
        monitoring::document::render(&plan, &analysis, &vocab, date, templates.as_deref())?;
    let out_dir = common.uscite.join(plan.year.to_string());
    let xlsx_name = format!("{name}.xlsx");
    let xlsx = monitoring::xlsx::render(&analysis, &vocab, &xlsx_name)?;
    // Its own set in the year's folder: the Relazione's files are carried
    // over untouched.
    let mut out = OutputSet::new(&out_dir, &format!("monitoraggio {name}"));
    out.add(format!("{name}.pdf"), pdf);
    out.add(&xlsx_name, xlsx);
    let written = out
        .commit()
        .map_err(|e| io_error(&e.path.clone(), e))?
        .written;
    let t = &analysis.totals;
    let n = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    sayln!(
        "{name}: {}, {} in linea, {} a rischio, {} in ritardo, {} senza previsione; {} del piano.",
        n(t.total(), "obiettivo", "obiettivi"),
        t.on_track,
        t.at_risk,
        t.late,
        t.no_forecast,
        n(
            analysis.proposals.len(),
            "proposta di modifica",
            "proposte di modifica"
        ),
    );
    for p in &written {
        sayln!("  {}", p.display());
    }
    Ok(warnings)
}
