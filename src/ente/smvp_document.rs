//! The SMVP as a PDF document (`smvp documento`): the methodological part
//! of the *Sistema di misurazione e valutazione* written from `smvp.toml`,
//! dated by the act that adopted it unless told otherwise.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::EnteFolder;
use super::forms::write_error;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::{individual, output, report, scoring};

/// The file name the document takes in `outputs/`: the SMVP is not
/// yearly, so it sits beside the plan documents, not in a year's folder.
pub const SMVP_FILE: &str = "smvp.pdf";

/// What `smvp documento` wrote.
pub struct SmvpWritten {
    pub path: PathBuf,
    /// The document's date.
    pub date: NaiveDate,
    /// Warnings on the rules (a *parere* dated after the adoption).
    pub warnings: Diagnostics,
}

impl EnteFolder {
    /// Writes the SMVP document at `path` (default: `outputs/smvp.pdf`)
    /// dated `date` (default: the adopting act's date).
    pub fn write_smvp_document(
        &self,
        rules_file: Option<PathBuf>,
        date: Option<NaiveDate>,
        path: Option<PathBuf>,
    ) -> Result<SmvpWritten, Diagnostics> {
        let rules_file =
            rules_file.unwrap_or_else(|| self.rules_path(&super::ScoreOptions::default()));
        let rules = scoring::load_rules(&rules_file, crate::ente::RULES_SECTIONS)?;
        let model = individual::load_model(&rules_file)?;
        let plan = self.load_plan()?;
        let vocab = self.load_vocab()?;
        let adopted = rules.adoption.as_ref().map(|a| a.date);
        if let (Some(d), Some(adopted)) = (date, adopted)
            && d < adopted
        {
            return Err(super::plan_document::dated_before_act(
                d,
                "di adozione del sistema",
                adopted,
            ));
        }
        let date = date.or(adopted).ok_or_else(|| {
            Diagnostics::from(
                Diagnostic::error(
                    Location::file(&rules_file),
                    "manca la data del documento: il file delle regole non indica l'atto di adozione",
                )
                .with_hint("indicarla con --data GG/MM/AAAA, oppure aggiungere a smvp.toml la sezione [adozione] con l'atto e il parere (docs/regole-smvp.md)"),
            )
        })?;
        let individual = model
            .as_ref()
            .map(|m| individual::method_data(m, &vocab, date.year()));
        let mut data = report::smvp_data(&plan.ente.name, &rules, individual, &vocab, date);
        // The staff model (`[personale]`), when the SMVP has one.
        data["personale"] = crate::staff::load_model(&rules_file)?
            .as_ref()
            .and_then(crate::staff::method_data)
            .unwrap_or(serde_json::Value::Null);
        let path = path.unwrap_or_else(|| self.outputs.join(SMVP_FILE));
        let bytes = report::render_document(
            &self.template_dirs(),
            "smvp.typ",
            data,
            // The PDF's identifier names the document, not its folder.
            Path::new(SMVP_FILE),
        )?;
        output::write_file(&path, &bytes).map_err(|e| write_error(&e))?;
        let warnings = rules
            .adoption
            .as_ref()
            .map(scoring::Adoption::warnings)
            .unwrap_or_default();
        Ok(SmvpWritten {
            path,
            date,
            warnings,
        })
    }
}
