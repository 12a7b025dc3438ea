//! The year's documents of an ente (`relazione`): the Relazione and the
//! schede, the Riepilogo, the open data and, when the year has individual
//! evaluations, the confidential schede, written as one set in
//! `outputs/<anno>/`.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::forms::write_error;
use super::{EnteFolder, ScoreOptions, Scored};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::opendata::{self, Comparison, OpenData, compare};
use crate::output::{Committed, OutputSet, Previous};
use crate::progress::Progress;
use crate::{checks, report, summary};

/// What the run is asked for besides the ente's defaults.
#[derive(Debug, Clone, Default)]
pub struct RelazioneOptions {
    pub score: ScoreOptions,
    /// The documents' date (default: `relazione.toml`'s).
    pub date: Option<NaiveDate>,
    /// The draft even with the validation recorded (`--bozza`).
    pub draft: bool,
    /// The final version or nothing: stop with [`EnteFolder::final_blockers`]
    /// rather than write a draft (the sportello's «definitiva» button).
    pub require_final: bool,
    /// Compose every document again, even those whose key has not
    /// changed since the previous run (`--da-capo`).
    pub from_scratch: bool,
}

/// What the run wrote, with what it graded.
pub struct RelazioneWritten {
    pub scored: Scored,
    /// This year's open data against the year before's, when found.
    pub comparison: Option<Comparison>,
    pub done: Committed,
    /// The final version (validated, nothing pending), else the draft.
    pub definitive: bool,
    /// Warnings about the individual evaluations: they name people, so
    /// they are for the office only, never in the public documents (the
    /// Riepilogo's Anomalie, the Relazione). `scored.warnings` has the
    /// others.
    pub private_warnings: Diagnostics,
    /// What was composed and what was taken unchanged from the previous
    /// run, one line per kind of document («Schede delle Aree: 1
    /// composta, 6 invariate.», «Riepilogo: invariato.»).
    pub reused: String,
}

/// The name of the Relazione's set of files in the year's folder.
const SET: &str = "relazione";

/// What the Relazione's documents are made from once the year is graded,
/// besides the grades.
struct Sources {
    open: OpenData,
    comparison: Option<Comparison>,
    settings: report::Settings,
}

/// How the next `relazione` would go: each of its PDFs (path, and whether
/// the previous run's file will be taken for it), and whether the
/// Riepilogo will.
pub struct ToCompose {
    pub documents: Vec<(PathBuf, bool)>,
    pub summary_unchanged: bool,
}

impl EnteFolder {
    /// Why the final version cannot be written yet, in the words
    /// `relazione` stops with when asked for it (none: it can be): the
    /// missing validation, the proposals pending, or `relazione.toml`
    /// asking for the draft (`stato = "bozza"`); also an error in
    /// `relazione.toml` itself.
    pub fn final_blockers(&self, s: &Scored) -> Diagnostics {
        let config = match report::load_config(&self.inputs) {
            Ok((config, _)) => config,
            Err(d) => return d,
        };
        let mut d = report::final_blockers(&config, &self.inputs, &s.scorecard.pending, &s.vocab);
        if config.stato.as_deref() == Some("bozza") {
            d.push(
                Diagnostic::error(
                    Location::file(self.inputs.join("relazione.toml")),
                    "relazione.toml chiede la bozza (stato = \"bozza\")",
                )
                .with_hint(
                    "togliere la riga stato = \"bozza\" per produrre la versione definitiva",
                ),
            );
        }
        d
    }

    /// The checks a run makes before composing (what cannot be printed,
    /// the date and the chronology of the acts), the open data, the
    /// comparison with the year before and the settings; with the warnings
    /// met, for the run's.
    fn sources(
        &self,
        o: &RelazioneOptions,
        s: &Scored,
    ) -> Result<(Sources, Diagnostics), Diagnostics> {
        let unprintable = self.check_printable(s);
        if unprintable.has_errors() {
            return Err(unprintable);
        }
        let mut warnings = checks::relazione_settings(&self.inputs, s.plan.year, o.date);
        warnings.extend(self.check_chronology(s, o.date, o.draft));
        if warnings.has_errors() {
            return Err(warnings);
        }
        let open = opendata::build(&s.plan, &s.scorecard);
        let (comparison, found) = self.compare_with_previous(&open)?;
        warnings.extend(found);
        let settings = report::Settings {
            templates: self.templates.clone(),
            inputs: self.inputs.clone(),
            date: o.date,
            draft: o.draft,
        };
        let sources = Sources {
            open,
            comparison,
            settings,
        };
        Ok((sources, warnings))
    }

    /// What the next `relazione` with `o` would compose, and what it would
    /// take unchanged from the year's folder (`verifica`), without
    /// composing anything: the documents' keys against the folder's list.
    pub fn relazione_to_compose(
        &self,
        o: &RelazioneOptions,
        s: &Scored,
    ) -> Result<ToCompose, Diagnostics> {
        let (sources, found) = self.sources(o, s)?;
        let mut warnings = s.warnings.clone();
        warnings.extend(found);
        let aggregates = self.individual_aggregates(&self.rules_path(&o.score), s)?;
        let input = report::Input {
            plan: &s.plan,
            vocab: &s.vocab,
            results: &s.results,
            scorecard: &s.scorecard,
            warnings: &warnings,
            settings: &sources.settings,
            individual: aggregates,
        };
        let reuse = report::Reuse::new(Previous::load(&self.year_dir(s.plan.year), SET));
        let confronto = sources
            .comparison
            .as_ref()
            .map(|c| compare::to_json(c, &s.vocab));
        let documents = report::plan_reuse(&input, confronto.as_ref(), &reuse)?;
        let definitive =
            report::is_definitive(input.settings, &input.scorecard.pending, input.vocab)?;
        let summary_unchanged = summary::is_unchanged(
            &s.plan,
            &s.results,
            &s.scorecard,
            &warnings,
            &s.vocab,
            summary::Run {
                compared: sources.comparison.as_ref(),
                definitive,
            },
            &reuse,
        );
        Ok(ToCompose {
            documents,
            summary_unchanged,
        })
    }

    /// Grades the year and writes every document of the run, all or none.
    pub fn write_relazione(
        &self,
        o: &RelazioneOptions,
        progress: &dyn Progress,
    ) -> Result<RelazioneWritten, Diagnostics> {
        let mut s = self.score_all(&o.score, progress)?;
        if o.require_final {
            let blockers = self.final_blockers(&s);
            if !blockers.is_empty() {
                return Err(blockers);
            }
        }
        let (sources, found) = self.sources(o, &s)?;
        s.warnings.extend(found);
        let Sources {
            open,
            comparison,
            settings,
        } = sources;
        let individual = self.individual_outputs(&self.rules_path(&o.score), &s, &settings)?;
        let private_warnings = individual
            .as_ref()
            .map(|i| i.warnings.clone())
            .unwrap_or_default();
        let input = report::Input {
            plan: &s.plan,
            vocab: &s.vocab,
            results: &s.results,
            scorecard: &s.scorecard,
            warnings: &s.warnings,
            settings: &settings,
            individual: individual.as_ref().map(|i| i.aggregates.clone()),
        };
        let year = s.plan.year;
        let folder = self.year_dir(year);
        // The documents whose key has not changed since the previous run
        // are taken from the folder (none when composing from scratch).
        let reuse = report::Reuse::new(if o.from_scratch {
            Previous::none()
        } else {
            Previous::load(&folder, SET)
        });
        // Every file of the run lives in the year's folder, which is
        // replaced as a whole; the documents name their paths under it.
        let mut out = OutputSet::new(folder, SET);
        let mut add = |rel: PathBuf, bytes: Vec<u8>, key: Option<String>| {
            let inside = rel
                .strip_prefix(year.to_string())
                .map(PathBuf::from)
                .unwrap_or(rel);
            match key {
                Some(key) => out.add_keyed(inside, bytes, key),
                None => out.add(inside, bytes),
            }
        };
        let definitive =
            report::is_definitive(input.settings, &input.scorecard.pending, input.vocab)?;
        let confronto = comparison.as_ref().map(|c| compare::to_json(c, &s.vocab));
        let (docs, _) = report::render_reusing(&input, confronto.as_ref(), progress, &reuse)?;
        let mut reused = report::reuse_summary(&docs, &s.vocab);
        for doc in docs {
            add(doc.path, doc.bytes, doc.key);
        }
        let (xlsx, xlsx_key, xlsx_reused) = summary::render_reusing(
            &s.plan,
            &s.results,
            &s.scorecard,
            &s.warnings,
            &s.vocab,
            summary::Run {
                compared: comparison.as_ref(),
                definitive,
            },
            &reuse,
        )?;
        add(PathBuf::from(summary::file_name(year)), xlsx, xlsx_key);
        reused.push_str(if xlsx_reused {
            "Riepilogo: invariato.\n"
        } else {
            "Riepilogo: aggiornato.\n"
        });
        let individual_files = individual.map(|i| i.files).unwrap_or_default();
        for (rel, bytes) in opendata::files(&open).into_iter().chain(individual_files) {
            add(rel, bytes, None);
        }
        let done = out.commit().map_err(|e| write_error(&e))?;
        Ok(RelazioneWritten {
            scored: s,
            comparison,
            done,
            definitive,
            private_warnings,
            reused,
        })
    }
}
