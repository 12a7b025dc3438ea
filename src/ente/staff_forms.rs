//! The evaluators' workbooks of an ente (`moduli --personale`): one per
//! evaluator of `personale-<anno>.toml`, with what the file already holds,
//! in the confidential folder of the year's forms; filled, they go back to
//! `inputs/personale-<anno>/` and the run reads them with the file
//! ([`EnteFolder::load_staff`]).

use std::path::PathBuf;

use super::EnteFolder;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::output;
use crate::staff;

/// The workbooks as written.
pub struct StaffFormsWritten {
    /// The folder they are in.
    pub dir: PathBuf,
    /// (evaluator, file, persons listed), in the file's order.
    pub forms: Vec<(String, PathBuf, usize)>,
    /// Where the filled workbooks go back.
    pub return_to: PathBuf,
}

impl EnteFolder {
    /// Writes one workbook per evaluator into
    /// `outputs/moduli/<anno>/riservato/personale/`; the staff file's
    /// errors (a list that the run would refuse, scores aside) stop it
    /// before anything is written.
    pub fn write_staff_forms(&self) -> Result<StaffFormsWritten, Diagnostics> {
        let plan = self.load_plan()?;
        let year = plan.year;
        let vocab = self.load_vocab()?;
        let rules = self.inputs.join("smvp.toml");
        let path = self.inputs.join(staff::file_name(year));
        let Some(model) = staff::load_model(&rules)? else {
            return Err(Diagnostic::error(
                Location::file(&rules),
                format!(
                    "le regole non hanno la sezione [personale], che serve ai moduli di valutazione del personale {year}"
                ),
            )
            .with_hint("aggiungere a smvp.toml la sezione [personale] (esempio nel file fornito, spiegazioni in docs/regole-smvp.md, «Il personale»)")
            .into());
        };
        let text = crate::input::read_text(&path).map_err(|e| {
            Diagnostics::from(
                e.into_diagnostic(&path, "il file del personale")
                    .with_hint(format!(
                        "scrivere prima l'elenco del personale in {} (formato in docs/regole-smvp.md, «Il personale»)",
                        staff::file_name(year)
                    )),
            )
        })?;
        let (raw, diags) = staff::read_toml(&text, &path)?;
        if diags.has_errors() {
            return Err(diags);
        }
        let forms = staff::write_forms(&raw, &plan, &model, &vocab)?;
        let dir = self
            .forms_output_dir(year)
            .join(output::PRIVATE_DIR)
            .join(super::STAFF_DIR);
        let mut written = Vec::new();
        for f in forms {
            let p = dir.join(&f.file_name);
            output::write_file(&p, &f.bytes).map_err(|e| {
                Diagnostics::from(Diagnostic::error(Location::file(&e.path), e.to_string()))
            })?;
            written.push((f.evaluator, p, f.persons));
        }
        Ok(StaffFormsWritten {
            dir,
            forms: written,
            return_to: self.inputs.join(staff::forms_dir_name(year)),
        })
    }
}
