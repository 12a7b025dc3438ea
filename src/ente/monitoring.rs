//! The mid-year monitoring report of an ente (`monitoraggio`): the
//! returned monitoring forms read, analysed and written as a PDF and a
//! workbook in the year's outputs.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::EnteFolder;
use super::forms::write_error;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::monitoring::{self, Analysis};
use crate::output::OutputSet;
use crate::progress::{Progress, Stage, StageGuard};
use crate::{forms, italian};

/// What the monitoring report run reads besides the ente's defaults.
#[derive(Debug, Clone, Default)]
pub struct MonitoringOptions {
    /// The returned monitoring forms (default: `inputs/monitoraggio/<anno>`).
    pub forms: Option<PathBuf>,
    /// The document's date (default: the check's, or the latest date of
    /// realisation in the forms).
    pub date: Option<NaiveDate>,
}

/// What the monitoring report run wrote.
pub struct MonitoringWritten {
    /// The report's name, without extension (the file names' stem).
    pub name: String,
    pub analysis: Analysis,
    /// The files written (PDF, workbook).
    pub written: Vec<PathBuf>,
    pub warnings: Diagnostics,
}

impl EnteFolder {
    /// Where the returned monitoring forms are: `inputs/monitoraggio/<anno>`.
    pub fn monitoring_dir(&self, year: i32) -> PathBuf {
        self.inputs.join("monitoraggio").join(year.to_string())
    }

    /// Reads the returned monitoring forms and writes the report, PDF and
    /// workbook, as one set in the year's folder (the Relazione's files
    /// are carried over untouched).
    pub fn write_monitoring_report(
        &self,
        o: &MonitoringOptions,
        progress: &dyn Progress,
    ) -> Result<MonitoringWritten, Diagnostics> {
        let plan = self.load_plan()?;
        let vocab = self.load_vocab()?;
        let dir = o
            .forms
            .clone()
            .unwrap_or_else(|| self.monitoring_dir(plan.year));
        let (check, warnings) = forms::read_monitoring_dir(&plan, &dir, &vocab)?;
        let analysis = monitoring::analyse(&plan, &check);
        let date = match o.date {
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
        let stage = StageGuard::start(progress, Stage::DocumentsComposed, 2);
        let (name, pdf) =
            monitoring::document::render(&plan, &analysis, &vocab, date, &self.template_dirs())?;
        stage.advance();
        let xlsx_name = format!("{name}.xlsx");
        let xlsx = monitoring::xlsx::render(&analysis, &vocab, &xlsx_name)?;
        stage.advance();
        drop(stage);
        // Its own set in the year's folder: the Relazione's files are
        // carried over untouched.
        let mut out = OutputSet::new(self.year_dir(plan.year), &format!("monitoraggio {name}"));
        out.add(format!("{name}.pdf"), pdf);
        out.add(&xlsx_name, xlsx);
        let written = out.commit().map_err(|e| write_error(&e))?.written;
        Ok(MonitoringWritten {
            name,
            analysis,
            written,
            warnings,
        })
    }
}
