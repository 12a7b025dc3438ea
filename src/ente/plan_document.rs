//! The plan as a PDF document (`piano documento`), dated by the act that
//! adopted it unless told otherwise.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::EnteFolder;
use super::forms::write_error;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::{italian, output, report};

/// A document dated `date` (`--data`) cannot cite the act (`what`: «di
/// approvazione del piano») of a later day `act`.
pub(super) fn dated_before_act(date: NaiveDate, what: &str, act: NaiveDate) -> Diagnostics {
    Diagnostic::error(
        Location::file("--data"),
        format!(
            "il documento sarebbe datato {} ma cita l'atto {what} del {}: un documento non può citare un atto successivo alla propria data",
            italian::date_short(date),
            italian::date_short(act)
        ),
    )
    .with_hint(format!(
        "indicare con --data una data dal {} in poi, oppure ometterla per usare quella dell'atto",
        italian::date_short(act)
    ))
    .into()
}

impl EnteFolder {
    /// Writes the plan's PDF at `path` (default: `outputs/piano-<anno>.pdf`)
    /// dated `date` (default: the adopting act's date, else
    /// `relazione.toml`'s), and returns where it went.
    pub fn write_plan_document(
        &self,
        date: Option<NaiveDate>,
        path: Option<PathBuf>,
    ) -> Result<(i32, PathBuf), Diagnostics> {
        let plan = self.load_plan()?;
        let vocab = self.words()?;
        self.check_plan_printable()?;
        if let (Some(d), Some(adopted)) = (date, report::adoption_date(&plan))
            && d < adopted
        {
            return Err(dated_before_act(d, "di approvazione del piano", adopted));
        }
        let date = match date.or_else(|| report::adoption_date(&plan)) {
            Some(d) => d,
            None => report::load_config(&self.inputs)?.1.ok_or_else(|| {
                Diagnostics::from(
                    Diagnostic::error(
                        Location::file(&self.inputs),
                        "manca la data del documento: il piano non indica l'atto di approvazione con la sua data",
                    )
                    .with_hint("indicarla con --data GG/MM/AAAA, oppure aggiungere approvato_con = \"DGC n. … del GG/MM/AAAA\" nel piano"),
                )
            })?,
        };
        let path = path.unwrap_or_else(|| self.outputs.join(format!("piano-{}.pdf", plan.year)));
        let bytes = report::render_document(
            &self.template_dirs(),
            "piano.typ",
            report::plan_data(&plan, &vocab, date),
            // The PDF's identifier names the document, not the folder it
            // is written to: the same plan gives the same bytes anywhere.
            Path::new(&format!("piano-{}.pdf", plan.year)),
        )?;
        output::write_file(&path, &bytes).map_err(|e| write_error(&e))?;
        Ok((plan.year, path))
    }
}
