//! The individual evaluations in the `relazione` run: when
//! `valutazioni-individuali-<anno>.toml` exists, the confidential schede
//! and workbook under `<anno>/riservato/`, and the aggregates for the
//! Relazione.

use std::path::{Path, PathBuf};

use consuntivo::diag::{Diagnostic, Diagnostics, Location};
use consuntivo::individual::{self, CONFIDENTIAL_DIR};
use consuntivo::report;
use consuntivo::vocab::Vocabulary;

use super::Scored;

/// What the individual evaluations add to the run.
pub struct Individual {
    /// Files relative to the output directory.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// For the Relazione (`valutazione_individuale`).
    pub aggregates: serde_json::Value,
    pub warnings: Diagnostics,
}

/// `None` when the year has no evaluations file (the comune does not
/// evaluate individuals with this program).
pub fn individual_outputs(
    inputs: &Path,
    rules_path: &Path,
    s: &Scored,
    vocab: &Vocabulary,
    settings: &report::Settings,
) -> Result<Option<Individual>, Diagnostics> {
    let year = s.plan.year;
    let path = inputs.join(individual::file_name(year));
    if !path.exists() {
        return Ok(None);
    }
    let Some(model) = individual::load_model(rules_path)? else {
        return Err(Diagnostic::error(
            Location::file(rules_path),
            format!(
                "c'è il file {} ma le regole non hanno la sezione [individuale]",
                individual::file_name(year)
            ),
        )
        .with_hint("aggiungere a smvp.toml la sezione [individuale] (esempio nel file fornito, spiegazioni in docs/regole-smvp.md)")
        .into());
    };
    let persons = individual::load_evaluations(&path, &s.plan, &model, vocab)?;
    let evaluations = individual::evaluate(&s.plan, &s.scorecard, &model, &persons, vocab);
    let warnings = individual::warnings(&s.plan, &evaluations, &path);
    let dir = Path::new(&year.to_string()).join(CONFIDENTIAL_DIR);
    let mut files = Vec::new();
    let mut errors = Diagnostics::new();
    for e in &evaluations {
        let rel = dir.join(individual::scheda_file_name(year, e));
        let data = individual::scheda_data(&s.plan, &model, e, vocab);
        match report::render_single(settings, "scheda-individuale.typ", data, &rel) {
            Ok(bytes) => files.push((rel, bytes)),
            Err(d) => {
                for x in d.0 {
                    if !errors.0.contains(&x) {
                        errors.push(x);
                    }
                }
            }
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let xlsx = individual::render_workbook(&s.plan, &model, &evaluations, vocab)?;
    files.push((dir.join(individual::workbook_file_name(year)), xlsx));
    Ok(Some(Individual {
        files,
        aggregates: individual::aggregates(&model, &evaluations, vocab),
        warnings,
    }))
}
