use std::path::PathBuf;

use chrono::NaiveDate;
use consuntivo::ente::MonitoringOptions;

use super::{CmdResult, ente_with_templates, sayln};
use crate::Common;

pub fn cmd_monitoring(
    common: &Common,
    dati: Option<PathBuf>,
    data: Option<NaiveDate>,
    modelli: Option<PathBuf>,
) -> CmdResult {
    let progress = crate::terminal_progress::TerminalProgress::new();
    let w = ente_with_templates(common, modelli).write_monitoring_report(
        &MonitoringOptions {
            forms: dati,
            date: data,
        },
        &progress,
    )?;
    super::note(|c| c.documents += w.written.len());
    let t = &w.analysis.totals;
    let n = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    sayln!(
        "{}: {}, {} in linea, {} a rischio, {} in ritardo, {} senza previsione; {} del piano.",
        w.name,
        n(t.total(), "obiettivo", "obiettivi"),
        t.on_track,
        t.at_risk,
        t.late,
        t.no_forecast,
        n(
            w.analysis.proposals.len(),
            "proposta di modifica",
            "proposte di modifica"
        ),
    );
    for p in &w.written {
        sayln!("  {}", p.display());
    }
    Ok(w.warnings)
}
