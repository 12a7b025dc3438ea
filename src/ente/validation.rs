//! The evaluator's validation papers (`validazione`): the carta di lavoro
//! and the draft of the documento di validazione, written together in
//! `outputs/<anno>/validazione/` from the same scorecard the Relazione
//! prints. They are for the evaluator, not for publication until the
//! document is adopted.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::forms::write_error;
use super::{EnteFolder, ScoreOptions};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::output::OutputSet;
use crate::progress::Progress;
use crate::validation::{self, Checked, Verdict};
use crate::{checks, report, scoring};

/// The papers' folder inside the year's.
pub const VALIDATION_DIR: &str = "validazione";

/// What `validazione` is asked for besides the ente's defaults.
#[derive(Debug, Clone, Default)]
pub struct ValidationOptions {
    pub score: ScoreOptions,
    /// The papers' date (default: `relazione.toml`'s).
    pub date: Option<NaiveDate>,
    /// The evaluator's file (default: `inputs/validazione-<anno>.toml`).
    pub file: Option<PathBuf>,
}

/// What `validazione` wrote.
pub struct ValidationWritten {
    pub year: i32,
    /// The carta di lavoro, then the draft document.
    pub written: Vec<PathBuf>,
    /// The fingerprint of the results the papers describe.
    pub fingerprint: String,
    /// The evaluator's file, read or looked for.
    pub file: PathBuf,
    /// Whether it was there.
    pub file_found: bool,
    /// Its conclusion, if written.
    pub verdict: Option<Verdict>,
    pub warnings: Diagnostics,
}

/// The two files' names for `year`, under [`VALIDATION_DIR`].
pub fn paper_names(year: i32) -> [String; 2] {
    [
        format!("Carta di lavoro per la validazione {year}.pdf"),
        format!("Documento di validazione {year}.pdf"),
    ]
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl EnteFolder {
    /// Writes both papers, or nothing.
    pub fn write_validation_papers(
        &self,
        options: &ValidationOptions,
        progress: &dyn Progress,
    ) -> Result<ValidationWritten, Diagnostics> {
        let s = self.score_all(&options.score, progress)?;
        let year = s.plan.year;
        let mut diags = self.check_printable(&s);
        diags.extend(checks::relazione_settings(&self.inputs, year, options.date));
        let path = options
            .file
            .clone()
            .unwrap_or_else(|| self.inputs.join(validation::file::file_name(year)));
        // A file named with --testi must be there; the year's own is optional.
        if options.file.is_some()
            && !path.exists()
            && let Err(e) = crate::input::read_text(&path)
        {
            diags.push(
                e.into_diagnostic(&path, "il file dei testi della validazione")
                    .with_hint("controllare il percorso indicato con --testi"),
            );
        }
        let read = validation::file::load(&path, year, &s.vocab);
        if let Err(e) = &read {
            diags.extend(e.clone());
        }
        if let Ok(Some(_)) = &read
            && let Ok(text) = crate::input::read_text(&path)
        {
            diags.extend(report::printable::check_file(&path, &text));
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let found = read.unwrap_or_default();
        let (config, file_date) = report::load_config(&self.inputs)?;
        let date = options.date.or(file_date).ok_or_else(|| {
            Diagnostics::from(
                Diagnostic::error(
                    Location::file(self.inputs.join(report::SETTINGS_FILE)),
                    "manca la data dei documenti",
                )
                .with_hint("indicarla con --data GG/MM/AAAA, oppure con data = \"GG/MM/AAAA\" in relazione.toml"),
            )
        })?;
        let mut files: Vec<Checked> = s
            .results
            .reports
            .iter()
            .map(|r| Checked {
                what: "modulo".into(),
                unit: Some(r.area.clone()),
                name: name_of(&r.source.path),
                sha256: r.source.sha256.clone(),
            })
            .collect();
        for (what, f) in ["piano", "regole", "decisioni"].into_iter().zip(&s.files) {
            let bytes = crate::input::read_bytes(f, crate::input::MAX_TEXT_FILE)
                .map_err(|e| Diagnostics::from(e.into_diagnostic(f, "il file")))?;
            files.push(Checked {
                what: what.into(),
                unit: None,
                name: name_of(f),
                sha256: crate::output::checksum(&bytes),
            });
        }
        let changes: Vec<(String, String)> = config
            .variazioni
            .iter()
            .map(|c| (c.atto.clone(), c.descrizione.clone()))
            .collect();
        let recorded = config
            .validazione
            .as_ref()
            .and_then(|v| v.impronta.as_deref());
        // The payment-times rule (art. 4-bis, c. 2, DL 13/2023), as the
        // run applies it: from the evaluations when there are some, else
        // from the rules alone (the share configured, nothing applied yet).
        let rules_path = self.rules_path(&options.score);
        let payment_times = match self.load_individual(&rules_path, &s)? {
            Some(l) => {
                let evaluations = l.evaluate(&s);
                crate::individual::payment_times::summary(
                    &s.plan,
                    &l.model,
                    l.payment_times.as_ref(),
                    &evaluations,
                )
            }
            None => match crate::individual::load_model(&rules_path)? {
                Some(model) => {
                    crate::individual::payment_times::summary(&s.plan, &model, None, &[])
                }
                None => serde_json::Value::Null,
            },
        };
        let input = validation::Input {
            payment_times: &payment_times,
            plan: &s.plan,
            vocab: &s.vocab,
            results: &s.results,
            scorecard: &s.scorecard,
            changes: &changes,
            files: &files,
            date,
            recorded,
            validation: found.as_ref(),
        };
        let names = paper_names(year);
        let carta = report::render_document(
            self.templates.as_deref(),
            "validazione-carta.typ",
            validation::work_paper_data(&input),
            Path::new(&names[0]),
        )?;
        let draft = report::render_document(
            self.templates.as_deref(),
            "validazione.typ",
            validation::draft_data(&input),
            Path::new(&names[1]),
        )?;
        let mut out = OutputSet::new(self.year_dir(year), "validazione");
        let dir = Path::new(VALIDATION_DIR);
        out.add(dir.join(&names[0]), carta);
        out.add(dir.join(&names[1]), draft);
        let done = out.commit().map_err(|e| write_error(&e))?;
        Ok(ValidationWritten {
            year,
            written: done.written,
            fingerprint: scoring::fingerprint(&s.scorecard),
            file: path,
            file_found: found.is_some(),
            verdict: found.as_ref().and_then(|v| v.verdict),
            warnings: s.warnings,
        })
    }
}
