//! The staff evaluation of an ente's run: when `personale-<anno>.toml`
//! exists, it is read and checked against the plan and `[personale]`,
//! every person scored with the units' grades of the scorecard, and the
//! fund split; the run reports its errors (nothing is written) and its
//! warnings (at lines, never by name). Without the file nothing changes.
//! The outputs (schede, payment list) are built on [`LoadedStaff::result`].

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{EnteFolder, Scored};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::staff::{self, StaffFile, StaffModel, StaffResult};

/// The year's staff file as read and checked.
pub struct LoadedStaff {
    pub model: StaffModel,
    pub file: StaffFile,
    /// The staff file.
    pub path: PathBuf,
    /// The file's warnings (missing motivations), at their lines.
    pub warnings: Diagnostics,
}

impl LoadedStaff {
    /// Every person scored with the units' grades of the scorecard, the
    /// fund split, its finality at `run_date`.
    pub fn result(&self, s: &Scored, run_date: NaiveDate) -> StaffResult {
        let grades: Vec<_> = s
            .scorecard
            .areas
            .iter()
            .map(|a| (a.area.clone(), a.grade))
            .collect();
        staff::evaluate(&self.model, &self.file, &s.plan, &grades, run_date)
    }

    /// The file's warnings, and why the payment list is not final (no
    /// names: the reasons count people).
    pub fn warnings(&self, result: &StaffResult) -> Diagnostics {
        let mut out = self.warnings.clone();
        if let staff::Finality::NotFinal(why) = &result.split.finality {
            out.push(
                Diagnostic::warning(
                    Location::file(&self.path),
                    format!("l'elenco dei premi del personale non è definitivo: {why}"),
                )
                .with_hint(
                    "completare i dati nel file del personale e rieseguire il comando dopo la fine del periodo per il riesame",
                ),
            );
        }
        out
    }
}

impl EnteFolder {
    /// The year's staff file as read and checked; `None` when the year has
    /// no `personale-<anno>.toml`.
    pub fn load_staff(
        &self,
        rules_path: &Path,
        s: &Scored,
    ) -> Result<Option<LoadedStaff>, Diagnostics> {
        let year = s.plan.year;
        let path = self.inputs.join(staff::file_name(year));
        if !path.exists() {
            return Ok(None);
        }
        let Some(model) = staff::load_model(rules_path)? else {
            return Err(Diagnostic::error(
                Location::file(rules_path),
                format!(
                    "le regole non hanno la sezione [personale], che serve alla valutazione del personale {year} ({})",
                    staff::file_name(year)
                ),
            )
            .with_hint("aggiungere a smvp.toml la sezione [personale] (esempio nel file fornito, spiegazioni in docs/regole-smvp.md, «Il personale»)")
            .into());
        };
        let (file, warnings) = staff::load_staff(&path, &s.plan, &model)?;
        Ok(Some(LoadedStaff {
            model,
            file,
            path,
            warnings,
        }))
    }

    /// The staff evaluation's warnings as the run gives them, at today's
    /// date; none without a staff file; its errors stop the run.
    pub fn staff_warnings(
        &self,
        rules_path: &Path,
        s: &Scored,
    ) -> Result<Diagnostics, Diagnostics> {
        let Some(l) = self.load_staff(rules_path, s)? else {
            return Ok(Diagnostics::new());
        };
        let result = l.result(s, chrono::Local::now().date_naive());
        Ok(l.warnings(&result))
    }
}
