//! The year's documents of an ente (`relazione`): the Relazione and the
//! schede, the Riepilogo, the open data and, when the year has individual
//! evaluations, the confidential schede, written as one set in
//! `outputs/<anno>/`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::forms::write_error;
use super::{EnteFolder, ScoreOptions, Scored};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::opendata::{self, Comparison, OpenData, compare};
use crate::output::{Committed, OutputSet, Previous};
use crate::progress::Progress;
use crate::publication::{self, Kind, Published};
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

/// Where the evaluator's file states its conclusion: the line of `esito`,
/// else the file (review 35 n. 8: the avviso had no line).
fn verdict_at(path: &Path) -> Location {
    let text = crate::input::read_text(path).unwrap_or_default();
    text.lines()
        .enumerate()
        .find_map(|(n, l)| {
            let key = l.split_once('=')?.0.trim();
            (key == "esito")
                .then(|| Location::line_col(path, n + 1, l.len() - l.trim_start().len() + 1))
        })
        .unwrap_or_else(|| Location::file(path))
}

/// The name of the Relazione's set of files in the year's folder.
const SET: &str = "relazione";

/// In the year's folder, one line per unit: its id, a tab, the path of its
/// scheda under the folder (with `/`). Hidden: the folder's listings skip
/// it.
const SCHEDE_INDEX: &str = ".consuntivo-schede.tsv";

/// A path of the run under the outputs folder (`2023/…`), under the
/// year's folder.
fn within_year(year: i32, rel: &std::path::Path) -> PathBuf {
    rel.strip_prefix(year.to_string())
        .map(PathBuf::from)
        .unwrap_or_else(|_| rel.to_path_buf())
}

fn slashed(p: &std::path::Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

impl EnteFolder {
    /// The path, under the year's folder and with `/`, of `unit`'s scheda
    /// as the last `relazione` wrote it; `None` before any or for a unit
    /// without one.
    pub fn unit_scheda(&self, year: i32, unit: &str) -> Option<String> {
        let text = std::fs::read_to_string(self.year_dir(year).join(SCHEDE_INDEX)).ok()?;
        text.lines().find_map(|l| {
            let (id, path) = l.split_once('\t')?;
            (id == unit).then(|| path.to_string())
        })
    }
}

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

/// The warnings of the run for the public documents (the Riepilogo's
/// Anomalie): `warnings` without those of the individual evaluations,
/// which are said in one line without their text: that every warning of
/// the run is accounted for, and no one is named.
fn public_warnings(warnings: &Diagnostics, private: &Diagnostics) -> Diagnostics {
    let mut out = Diagnostics(
        warnings
            .iter()
            .filter(|d| !private.iter().any(|p| p == *d))
            .cloned()
            .collect(),
    );
    // One line per file the private warnings come from (the heads'
    // evaluations, the staff file, the rules), each with its count: never
    // the staff's count filed under smvp.toml (review 37, 32).
    let mut files: Vec<(Location, usize)> = Vec::new();
    for d in private.iter() {
        let file = d
            .location
            .file
            .as_ref()
            .and_then(|f| f.file_name())
            .map(|f| Location::file(std::path::Path::new(f)))
            .unwrap_or_default();
        match files.iter_mut().find(|(f, _)| *f == file) {
            Some((_, n)) => *n += 1,
            None => files.push((file, 1)),
        }
    }
    for (file, n) in files {
        out.push(
            Diagnostic::warning(
                file,
                if n == 1 {
                    "1 avviso sulle valutazioni individuali: il testo è riservato e non compare in questo foglio".to_string()
                } else {
                    format!("{n} avvisi sulle valutazioni individuali: il testo è riservato e non compare in questo foglio")
                },
            )
            .with_hint("chi cura le valutazioni individuali li legge eseguendo «consuntivo verifica» o «consuntivo relazione»"),
        );
    }
    out
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
        let mut d = report::final_blockers(&config, &self.inputs, &s.scorecard, &s.vocab);
        match self.not_validated(s) {
            Err(e) => d.extend(e),
            Ok(Some(e)) => d.push(e),
            Ok(None) => {}
        }
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

    /// The warning of a final run whose evaluator's file adopts the
    /// documento («validata», with or without observations) when no
    /// documento adopted for these results is written yet: the list
    /// «Cosa pubblicare e dove» cannot name it until `validazione` writes
    /// it (review 35 n. 1).
    fn adopted_but_unwritten(&self, s: &Scored) -> Option<Diagnostic> {
        use crate::validation::{Verdict, file};
        let year = s.plan.year;
        let paper = self.inputs.join(file::file_name(year));
        let verdict = file::load(&paper, year, &s.vocab).ok()??.verdict?;
        if verdict == Verdict::NotValidated {
            return None;
        }
        Some(
            Diagnostic::warning(
                verdict_at(&paper),
                format!(
                    "il documento di validazione adottato (esito = \"{}\") non è ancora scritto per questi risultati: l'elenco «{}» non lo riporta",
                    verdict.key(),
                    publication::file_name(year)
                ),
            )
            .with_hint(
                "eseguire consuntivo validazione (nello sportello: «Scrivi le carte della validazione»), che scrive il documento e lo aggiunge all'elenco",
            ),
        )
    }

    /// The evaluator's own conclusion (`inputs/validazione-<anno>.toml`):
    /// a Relazione it did not validate is never printed as «validata»
    /// (review 34: the two files were never compared). The error that
    /// stops the final version, or what is wrong with the file.
    fn not_validated(&self, s: &Scored) -> Result<Option<Diagnostic>, Diagnostics> {
        let paper = self
            .inputs
            .join(crate::validation::file::file_name(s.plan.year));
        match crate::validation::file::load(&paper, s.plan.year, &s.vocab)? {
            Some(v) if v.verdict == Some(crate::validation::Verdict::NotValidated) => Ok(Some(
                Diagnostic::error(
                    verdict_at(&paper),
                    format!(
                        "{} non ha validato la Relazione (esito = \"non_validata\"): la versione definitiva non si può produrre",
                        // After the file's name and a colon: no capital
                        // (review 35 n. 8).
                        s.vocab.evaluator.the(false)
                    ),
                )
                .with_hint(
                    "correggere la Relazione come chiedono le osservazioni, inviare la nuova bozza per una nuova validazione e registrarne l'esito",
                ),
            )),
            _ => Ok(None),
        }
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
        warnings.extend(self.check_chronology(s, o.date, o.draft, &o.score));
        if warnings.has_errors() {
            return Err(warnings);
        }
        // Not validated by the evaluator: the draft, and why.
        let refused = self.not_validated(s)?;
        if let (Some(mut why), false) = (refused.clone(), o.draft) {
            why.severity = crate::diag::Severity::Warning;
            warnings.push(why);
        }
        let settings = report::Settings {
            templates: self.template_dirs(),
            inputs: self.inputs.clone(),
            date: o.date,
            draft: o.draft || refused.is_some(),
        };
        // The open data say whether they are a draft's, like every other
        // document of the run.
        let definitive = report::is_definitive(&settings, &s.scorecard, &s.vocab)?;
        let open = opendata::build(&s.plan, &s.scorecard, definitive);
        let (comparison, found) = self.compare_with_previous(&open)?;
        warnings.extend(found);
        let sources = Sources {
            open,
            comparison,
            settings,
        };
        Ok((sources, warnings))
    }

    /// A validation recorded without the fingerprint of the results it
    /// validated: the final version cannot be checked against them.
    pub(super) fn unbound_validation(
        &self,
        s: &Scored,
        config: &report::ReportConfig,
    ) -> Option<Diagnostic> {
        let act = config.validazione.as_ref()?;
        if act.impronta.is_some() {
            return None;
        }
        let of_evaluator = s.vocab.evaluator.prep(crate::vocab::Prep::Di, false);
        let code = crate::scoring::fingerprint(&s.scorecard);
        Some(
            Diagnostic::warning(
                Location::file(self.inputs.join(report::SETTINGS_FILE)),
                format!(
                    "la validazione non indica l'impronta dei risultati validati, e senza di essa non si può controllare che la versione definitiva riporti i risultati validati {of_evaluator}"
                ),
            )
            .with_hint(format!(
                "se l'atto di validazione cita l'impronta {code} (quella dei risultati di oggi, stampata sulla bozza), aggiungere in [validazione] impronta = \"{code}\""
            )),
        )
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
        let rules_path = self.rules_path(&o.score);
        let aggregates = self.individual_aggregates(&rules_path, s)?;
        let staff = self
            .staff_run(&rules_path, s, self.staff_date(o.date)?)?
            .map(|r| crate::staff::aggregates(&r.result, &r.loaded.model));
        // As the run will list them in its Riepilogo.
        let warnings = public_warnings(&warnings, &self.individual_warnings(&rules_path, s)?);
        let input = report::Input {
            plan: &s.plan,
            vocab: &s.vocab,
            results: &s.results,
            scorecard: &s.scorecard,
            warnings: &warnings,
            settings: &sources.settings,
            individual: aggregates,
            staff,
        };
        let reuse = report::Reuse::new(Previous::load(&self.year_dir(s.plan.year), SET));
        let confronto = sources
            .comparison
            .as_ref()
            .map(|c| compare::to_json(c, &s.vocab));
        let documents = report::plan_reuse(&input, confronto.as_ref(), &reuse)?;
        let definitive = report::is_definitive(input.settings, input.scorecard, input.vocab)?;
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
            mut open,
            comparison,
            settings,
        } = sources;
        // The staff file: its errors stop the run before anything is
        // written; its warnings are the office's.
        let staff_date = self.staff_date(o.date)?;
        let staff_run = self.staff_run(&self.rules_path(&o.score), &s, staff_date)?;
        let staff = staff_run
            .as_ref()
            .map(|r| r.outputs(&s, &settings, staff_date))
            .transpose()?;
        let individual = self.individual_outputs(
            &self.rules_path(&o.score),
            &s,
            &settings,
            staff_run.as_ref(),
        )?;
        // The premi data (art. 20) go with the open data, in their format:
        // the heads' category and the staff's.
        open.premi = individual.as_ref().and_then(|i| i.premi.clone());
        if let Some(run) = &staff_run {
            let definitive = report::is_definitive(&settings, &s.scorecard, &s.vocab)?;
            match crate::staff::premi_category(&run.result, &run.loaded.model) {
                // A final run publishes the staff's figures only once
                // their list is final (the heads' need not wait for it).
                Ok((_, false)) if definitive => {
                    let why = match &run.result.split.finality {
                        crate::staff::Finality::NotFinal(why) => why.clone(),
                        crate::staff::Finality::Final => "ci sono valutazioni non concluse".to_string(),
                    };
                    s.warnings.push(Diagnostic::warning(
                        Location::file(&run.loaded.path),
                        format!(
                            "i dati sui premi del personale (art. 20 del D.Lgs. 33/2013) non sono scritti: l'elenco dei premi del personale non è definitivo ({why}); lo sono quando è definitivo, perché totali parziali confrontati con quelli completi darebbero per differenza l'importo di una persona"
                        ),
                    ));
                }
                Ok((category, complete)) => {
                    let premi = open.premi.get_or_insert(crate::opendata::premi::Premi {
                        state: crate::opendata::State::of(definitive),
                        categories: Vec::new(),
                    });
                    if !complete {
                        premi.state = crate::opendata::State::Bozza;
                    }
                    premi.categories.push(category);
                }
                Err(n) => s.warnings.push(Diagnostic::warning(
                    Location::file(&run.loaded.path),
                    format!(
                        "i dati sui premi del personale (art. 20 del D.Lgs. 33/2013) non sono scritti: le valutazioni concluse sono {n}, meno di {}; con meno di {} i dati renderebbero riconoscibili le persone",
                        crate::privacy::MIN_AGGREGATE,
                        crate::privacy::MIN_AGGREGATE
                    ),
                )),
            }
        }
        let mut private_warnings = individual
            .as_ref()
            .map(|i| i.warnings.clone())
            .unwrap_or_default();
        if let Some(st) = &staff {
            private_warnings.extend(st.warnings.clone());
        }
        // Only final premi data reach the folder to publish: draft totals
        // beside the final ones would give one person's amount by
        // difference (review 34).
        if open
            .premi
            .as_ref()
            .is_some_and(|p| p.state == crate::opendata::State::Bozza)
        {
            open.premi = None;
            let message = "i dati sui premi non sono scritti: lo sono quando la Relazione è definitiva e tutte le valutazioni individuali sono concluse, perché totali parziali confrontati con quelli completi darebbero per differenza l'importo di una persona";
            // No one named: a warning of the run, in the Anomalie sheet too.
            s.warnings.push(Diagnostic::warning(
                Location::folder(self.year_dir(s.plan.year).join(crate::opendata::DIR)),
                message,
            ));
        }
        let input = report::Input {
            plan: &s.plan,
            vocab: &s.vocab,
            results: &s.results,
            scorecard: &s.scorecard,
            warnings: &s.warnings,
            settings: &settings,
            individual: individual.as_ref().map(|i| i.aggregates.clone()),
            staff: staff.as_ref().map(|st| st.aggregates.clone()),
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
            let inside = within_year(year, &rel);
            match key {
                Some(key) => out.add_keyed(inside, bytes, key),
                None => out.add(inside, bytes),
            }
        };
        let definitive = report::is_definitive(input.settings, input.scorecard, input.vocab)?;
        let confronto = comparison.as_ref().map(|c| compare::to_json(c, &s.vocab));
        let (docs, _) = report::render_reusing(&input, confronto.as_ref(), progress, &reuse)?;
        let mut reused = report::reuse_summary(&docs, &s.vocab);
        // Which scheda is whose: the sportello gives a unit its own.
        let mut index = String::new();
        for doc in &docs {
            if let (Some(unit), Ok(inside)) = (&doc.unit, doc.path.strip_prefix(year.to_string()))
                && !unit.contains(['\t', '\n'])
            {
                index.push_str(&format!("{unit}\t{}\n", slashed(inside)));
            }
        }
        // The files meant for publication, for «Cosa pubblicare e dove»:
        // the Relazione (the one document without a unit) and the open
        // data, the premi data among them; never the schede, the Riepilogo or `riservato/`.
        let mut public = Vec::new();
        for doc in docs {
            if doc.unit.is_none() {
                public.extend(Published::new(
                    Kind::Relazione,
                    &within_year(year, &doc.path),
                    &doc.bytes,
                ));
            }
            add(doc.path, doc.bytes, doc.key);
        }
        add(PathBuf::from(SCHEDE_INDEX), index.into_bytes(), None);
        // Every warning of the run is in the Anomalie sheet, the private
        // ones as a count.
        let anomalies = public_warnings(&s.warnings, &private_warnings);
        // The forms named as from the ente's folder
        // (`inputs/rendicontazioni/…`), wherever the program ran: the same
        // workbook for the ente alone and in a group (`--enti`).
        let mut results = s.results.clone();
        if let Some(root) = self.inputs.parent() {
            for r in &mut results.reports {
                if let Ok(p) = r.source.path.strip_prefix(root) {
                    r.source.path = p.to_path_buf();
                }
            }
        }
        let (xlsx, xlsx_key, xlsx_reused) = summary::render_reusing(
            &s.plan,
            &results,
            &s.scorecard,
            &anomalies,
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
        // In a final run the premi data are listed only once they are
        // final too (every evaluation concluded): until then they say
        // `bozza` and are not to be published.
        let premi_listed = !definitive
            || open
                .premi
                .as_ref()
                .is_some_and(|p| p.state == opendata::State::Definitiva);
        for (rel, bytes) in opendata::files(&open) {
            let kind = match opendata::premi::File::of(&rel) {
                None => Some(Kind::OpenData),
                Some(_) if !premi_listed => None,
                Some(opendata::premi::File::Amount) => Some(Kind::PremiAmount),
                Some(opendata::premi::File::Distribution) => Some(Kind::PremiDistribution),
                Some(opendata::premi::File::Differentiation) => Some(Kind::PremiDifferentiation),
            };
            if let Some(kind) = kind {
                public.extend(Published::new(kind, &within_year(year, &rel), &bytes));
            }
            add(rel, bytes, None);
        }
        // The evaluator's documento, when it is adopted for these very
        // results (review 34 n. 9): «Controlli e rilievi», art. 31. Adopted
        // in the evaluator's file but not yet written: the list cannot
        // name it, and the run says so (review 35 n. 1).
        let fingerprint = crate::scoring::fingerprint(&s.scorecard);
        let mut unlisted = None;
        if definitive {
            match super::validation::adopted_document(&self.year_dir(year), year, &fingerprint) {
                Some((rel, bytes, date)) => public
                    .extend(Published::new(Kind::Validation, &rel, &bytes).map(|p| p.dated(date))),
                None => unlisted = self.adopted_but_unwritten(&s),
            }
        }
        let individual_files = individual.map(|i| i.files).unwrap_or_default();
        let staff_files = staff.map(|st| st.files).unwrap_or_default();
        for (rel, bytes) in individual_files.into_iter().chain(staff_files) {
            add(rel, bytes, None);
        }
        // The documents' date: without one the Relazione has already
        // stopped the run («manca la data della Relazione»).
        let (_, file_date) = report::load_config(&self.inputs)?;
        if let Some(date) = o.date.or(file_date) {
            let context = publication::Context {
                year,
                ente: &s.plan.ente.name,
                vocab: &s.vocab,
                date,
                definitive,
            };
            let note = publication::note(&public, &context, &fingerprint);
            for (rel, bytes) in publication::files(&public, &context, &settings.templates)? {
                add(rel, bytes, None);
            }
            add(PathBuf::from(publication::NOTE), note.into_bytes(), None);
        }
        let done = out.commit().map_err(|e| write_error(&e))?;
        if let Some(w) = unlisted {
            s.warnings.push(w);
        }
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
