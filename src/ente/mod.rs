//! One ente's folder as a value: where its inputs, outputs and templates
//! are, the loading steps every front end (the command line, the
//! sportello's pages) goes through, so both read the same files the same
//! way, and the runs that write its documents (`forms.rs` the units'
//! forms, `reminders.rs`, `monitoring.rs` the monitoring report,
//! `relazione.rs` the year's documents, `individual.rs` the individual
//! evaluations, `plan_document.rs` the plan's PDF), each reporting to a
//! `Progress` and returning what it wrote. Nothing here prints: results
//! and diagnostics go back to the caller.

use std::path::{Path, PathBuf};

mod forms;
mod individual;
mod monitoring;
mod plan_document;
mod relazione;
mod reminders;
mod smvp_document;
mod staff;
mod staff_forms;
mod validation;

pub use forms::{FormsWritten, OpenCheck};
pub use individual::{Individual, IndividualForm, LoadedIndividual};
pub use monitoring::{MonitoringOptions, MonitoringWritten};
pub use relazione::{RelazioneOptions, RelazioneWritten};
pub use reminders::{ReminderOptions, RemindersWritten, default_return_by};
pub use smvp_document::{SMVP_FILE, SmvpWritten};
pub use staff::{LoadedStaff, STAFF_DIR, StaffOutputs, StaffRun};
pub use staff_forms::StaffFormsWritten;
pub use validation::{VALIDATION_DIR, ValidationOptions, ValidationWritten, paper_names};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::forms as form_files;
use crate::opendata::{self, Comparison, OpenData, previous};
use crate::plan::{self, Plan};
use crate::progress::Progress;
use crate::report;
use crate::results::Results;
use crate::scoring::{self, Review, Rules, Scorecard};
use crate::vocab::{self, Vocabulary};

pub mod addresses;
pub mod decisions;
pub mod edit;
pub mod texts;

pub use edit::Refusal;

/// The sections of `smvp.toml` that modules other than `scoring` read:
/// the heads' individual evaluation and the staff evaluation.
pub const RULES_SECTIONS: &[&str] = &[
    crate::individual::RULES_SECTION,
    crate::staff::RULES_SECTION,
];

/// The rules' file name, in the inputs or in a group's folder.
pub const RULES_FILE: &str = "smvp.toml";

/// The ente's folder: its inputs, where outputs go, its templates (when it
/// has its own) and, optionally, a plan file other than the newest one.
#[derive(Debug, Clone)]
pub struct EnteFolder {
    pub inputs: PathBuf,
    pub outputs: PathBuf,
    /// A plan file named explicitly (`--piano`), else the newest
    /// `piano-<anno>.toml` in `inputs`.
    pub plan: Option<PathBuf>,
    /// The ente's own templates, if any (built-in copies otherwise).
    pub templates: Option<PathBuf>,
    /// In a group of entes (`consuntivo --enti`), the group's folder: its
    /// `smvp.toml`, `templates/` and `ente.toml`, when there, serve the
    /// ente where it has no file of its own ([`Self::rules_path`],
    /// [`Self::template_dirs`], [`Self::words`]).
    pub shared: Option<PathBuf>,
}

/// What scoring reads besides the plan, when not the ente's defaults.
#[derive(Debug, Clone, Default)]
pub struct ScoreOptions {
    /// The returned forms (default: `inputs/rendicontazioni/<anno>`).
    pub forms: Option<PathBuf>,
    /// The rules (default: `inputs/smvp.toml`).
    pub rules: Option<PathBuf>,
    /// The Nucleo's decisions (default: `inputs/valutazioni-nucleo-<anno>.toml`, if it exists).
    pub review: Option<PathBuf>,
}

/// Everything graded, with what was read to grade it.
pub struct Scored {
    pub plan: Plan,
    pub vocab: Vocabulary,
    pub results: Results,
    pub scorecard: Scorecard,
    pub warnings: Diagnostics,
    /// The text files read: plan, rules, and the Nucleo's file if any.
    pub files: Vec<PathBuf>,
}

impl EnteFolder {
    /// An ente whose inputs and outputs are the given folders, with the
    /// default plan and no templates of its own.
    pub fn new(inputs: impl Into<PathBuf>, outputs: impl Into<PathBuf>) -> Self {
        EnteFolder {
            inputs: inputs.into(),
            outputs: outputs.into(),
            plan: None,
            templates: None,
            shared: None,
        }
    }

    /// Where the ente's templates come from: its own folder, then the
    /// group's shared `templates/` (file by file), then the built-in
    /// copies.
    pub fn template_dirs(&self) -> report::TemplateDirs {
        report::TemplateDirs {
            own: self.templates.clone(),
            shared: self
                .shared
                .as_ref()
                .map(|g| g.join("templates"))
                .filter(|d| d.is_dir()),
        }
    }

    /// The ente's words: its own `ente.toml`, section by section over the
    /// group's shared one (see [`vocab::load_over`]); without a group, its
    /// own file alone. The plan is not consulted ([`Self::load_vocab`]
    /// checks the units the words name against it).
    pub fn words(&self) -> Result<Vocabulary, Diagnostics> {
        vocab::load_over(&self.inputs, self.shared.as_deref())
    }

    /// The plan named explicitly, or the newest `piano-<anno>.toml` in the inputs.
    pub fn plan_path(&self) -> Result<PathBuf, Diagnostics> {
        if let Some(p) = &self.plan {
            return Ok(p.clone());
        }
        let dir = &self.inputs;
        let entries = std::fs::read_dir(dir).map_err(|e| {
            let cwd = std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|_| ".".into());
            Diagnostics::from(
                Diagnostic::error(
                    Location::file(dir),
                    format!(
                        "impossibile leggere la cartella dei dati di ingresso «{}» (cercata in {cwd}): {}",
                        dir.display(),
                        crate::diag::os_error_text(&e)
                    ),
                )
                .with_hint(
                    "eseguire consuntivo dalla cartella che contiene inputs/, oppure indicare la cartella con --ingressi CARTELLA",
                ),
            )
        })?;
        let mut best: Option<(i32, PathBuf)> = None;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let year = name
                .strip_prefix("piano-")
                .and_then(|s| s.strip_suffix(".toml"))
                .and_then(|s| s.parse::<i32>().ok());
            if let Some(y) = year
                && best.as_ref().is_none_or(|(b, _)| y > *b)
            {
                best = Some((y, entry.path()));
            }
        }
        best.map(|(_, p)| p).ok_or_else(|| {
            Diagnostic::error(
                Location::folder(dir),
                "nessun piano trovato: serve un file piano-<anno>.toml",
            )
            .with_hint(
                "crearlo con «consuntivo piano modello» (il foglio da compilare, poi «consuntivo piano importa FILE») o importarlo con «consuntivo piano importa FILE» dalla tabella dell'ente; se il piano è altrove, indicarlo con --piano FILE",
            )
            .into()
        })
    }

    /// The plan, its messages in the ente's words (the default words when
    /// `ente.toml` does not load: its own errors are reported where the
    /// words are loaded).
    pub fn load_plan(&self) -> Result<Plan, Diagnostics> {
        let vocab = self.words().unwrap_or_default();
        plan::load_in(&self.plan_path()?, &vocab)
    }

    /// The ente's words (`inputs/ente.toml`, optional). The units
    /// `[[altre_unita]]` lists by id must be the plan's: checked here, where
    /// both are at hand (a plan that does not load reports its own errors
    /// where it is loaded).
    pub fn load_vocab(&self) -> Result<Vocabulary, Diagnostics> {
        let v = self.words()?;
        if v.other_units.iter().any(|k| !k.units.is_empty())
            && let Ok(plan) = self.load_plan()
        {
            let path = vocab::other_units_file(&self.inputs, self.shared.as_deref());
            let text = crate::input::read_text(&path).unwrap_or_default();
            let ids: Vec<&str> = plan.areas.iter().map(|a| a.id.as_str()).collect();
            let diags = vocab::check_units(&v, &ids, &text, &path);
            if diags.has_errors() {
                return Err(diags);
            }
        }
        Ok(v)
    }

    /// Where the year's returned forms are: `inputs/rendicontazioni/<anno>`.
    pub fn forms_dir(&self, year: i32) -> PathBuf {
        self.inputs.join("rendicontazioni").join(year.to_string())
    }

    /// The year's output folder: `outputs/<anno>`.
    pub fn year_dir(&self, year: i32) -> PathBuf {
        self.outputs.join(year.to_string())
    }

    /// The Nucleo's file of the year: `inputs/valutazioni-nucleo-<anno>.toml`.
    pub fn review_path(&self, year: i32) -> PathBuf {
        self.inputs.join(crate::scoring::review_file_name(year))
    }

    /// The rules: `options.rules`, or `smvp.toml` in the inputs, or, in a
    /// group, the group's shared `smvp.toml` when the ente has none of its
    /// own (the whole file: an ente's own file replaces the shared one).
    pub fn rules_path(&self, options: &ScoreOptions) -> PathBuf {
        if let Some(r) = &options.rules {
            return r.clone();
        }
        let own = self.inputs.join(RULES_FILE);
        match &self.shared {
            Some(g) if !own.exists() && g.join(RULES_FILE).is_file() => g.join(RULES_FILE),
            _ => own,
        }
    }

    /// Reads the returned forms (`dir`, or the year's folder).
    pub fn read_forms(
        &self,
        plan: &Plan,
        dir: Option<&Path>,
        vocab: &Vocabulary,
        progress: &dyn Progress,
    ) -> Result<(Results, Diagnostics), Diagnostics> {
        let default = self.forms_dir(plan.year);
        form_files::read_dir_with_progress(plan, dir.unwrap_or(&default), vocab, progress)
    }

    /// [`Self::read_forms`] for `stato`, `solleciti` and the office's
    /// page: when no folder is named and the year's does not exist yet, no
    /// form has come back (a named folder must exist).
    pub fn read_forms_so_far(
        &self,
        plan: &Plan,
        dir: Option<&Path>,
        vocab: &Vocabulary,
        progress: &dyn Progress,
    ) -> Result<(Results, Diagnostics), Diagnostics> {
        match dir {
            Some(_) => self.read_forms(plan, dir, vocab, progress),
            None => form_files::read_dir_so_far(plan, &self.forms_dir(plan.year), vocab, progress),
        }
    }

    /// The Nucleo's file of a run: `explicit`, or the year's file in the
    /// inputs if there is one (a broken link counts, to be reported).
    fn review_file(&self, plan: &Plan, explicit: Option<&Path>) -> Option<PathBuf> {
        let path = explicit
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.review_path(plan.year));
        (explicit.is_some() || path.exists() || path.is_symlink()).then_some(path)
    }

    /// The evaluator's review: `explicit`, or the year's file when it
    /// exists, or none.
    pub fn load_review(
        &self,
        plan: &Plan,
        explicit: Option<&Path>,
        vocab: &Vocabulary,
    ) -> Result<Review, Diagnostics> {
        match self.review_file(plan, explicit) {
            Some(path) => scoring::load_review(&path, plan, vocab),
            None => Ok(Review::default()),
        }
    }

    /// Loads plan, rules, forms and the Nucleo's decisions and grades
    /// everything: what `verifica`, `valuta` and `relazione` start from.
    pub fn score_all(
        &self,
        options: &ScoreOptions,
        progress: &dyn Progress,
    ) -> Result<Scored, Diagnostics> {
        self.score_all_with(options, None, progress)
    }

    /// Grades `results` (for instance one unit's form alone) under the
    /// ente's rules and `review`, the Nucleo's decisions the caller read: a
    /// unit's draft of its own grades in the sportello, before any
    /// Relazione.
    pub fn score_results(
        &self,
        plan: &Plan,
        results: &Results,
        review: &Review,
        vocab: &Vocabulary,
    ) -> Result<Scorecard, Diagnostics> {
        let rules_file = self.rules_path(&ScoreOptions::default());
        let rules: Rules = scoring::load_rules(&rules_file, crate::ente::RULES_SECTIONS)?;
        let plan_at = Location::file(self.plan_path()?);
        let weighted = scoring::apply_weight_rule(plan.clone(), &rules, &plan_at)?;
        Ok(scoring::score_with(
            &weighted, results, &rules, review, vocab,
        ))
    }

    /// [`Self::score_all`] with the year's Nucleo's file read as `review`
    /// instead of from the disk: what every command would say of that
    /// text, before it is written (the sportello's decisions).
    pub fn score_with_review(
        &self,
        review: &str,
        progress: &dyn Progress,
    ) -> Result<Scored, Diagnostics> {
        self.score_all_with(&ScoreOptions::default(), Some(review), progress)
    }

    fn score_all_with(
        &self,
        options: &ScoreOptions,
        review_text: Option<&str>,
        progress: &dyn Progress,
    ) -> Result<Scored, Diagnostics> {
        let plan_file = self.plan_path()?;
        let plan = plan::load_in(&plan_file, &self.words().unwrap_or_default())?;
        let plan_at = Location::file(&plan_file);
        let vocab = self.load_vocab()?;
        let rules_file = self.rules_path(options);
        let rules: Rules = scoring::load_rules(&rules_file, crate::ente::RULES_SECTIONS)?;
        // A plan the rules cannot weigh stops the run before the forms are
        // read; the forms are read, and the weight totals checked, against the
        // plan as written (its fingerprint); the weights the rule fills in are
        // used to score.
        let weighted = scoring::apply_weight_rule(plan.clone(), &rules, &plan_at)?;
        let (results, mut warnings) =
            self.read_forms(&plan, options.forms.as_deref(), &vocab, progress)?;
        let weights = scoring::check_weight_totals(&plan, &rules, &vocab, &plan_at);
        if weights.has_errors() {
            return Err(weights);
        }
        let plan = weighted;
        let mut files = vec![plan_file, rules_file];
        let review = match review_text {
            Some(text) => {
                let path = self.review_path(plan.year);
                let review = scoring::parse_review(text, &path, &plan, &vocab)?;
                files.push(path);
                review
            }
            None => {
                files.extend(self.review_file(&plan, options.review.as_deref()));
                self.load_review(&plan, options.review.as_deref(), &vocab)?
            }
        };
        let scorecard = scoring::score_with(&plan, &results, &rules, &review, &vocab);
        warnings.extend(weights);
        // The evaluator's opinion on the SMVP after the act adopting it.
        if let Some(a) = &rules.adoption {
            warnings.extend(a.warnings());
        }
        // Some mistakes in the Nucleo's file (a correction equal to the computed
        // grade) show only once grades are known.
        let graded = Diagnostics(scorecard.warnings.clone());
        if graded.has_errors() {
            return Err(graded);
        }
        warnings.extend(crate::diag::without_repeats(&warnings, graded));
        Ok(Scored {
            plan,
            vocab,
            results,
            scorecard,
            warnings,
            files,
        })
    }

    /// What the documents could not print, at the cell or line where it was
    /// typed: `verifica` and `relazione` stop on it before any rendering.
    pub fn check_printable(&self, s: &Scored) -> Diagnostics {
        let mut diags = report::printable::check_results(&s.results);
        diags.extend(self.check_printable_files(&s.files));
        diags
    }

    /// The same check on the TOML files a document prints from (`files`,
    /// with `relazione.toml` and `ente.toml`).
    pub fn check_printable_files(&self, files: &[PathBuf]) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let optional = ["relazione.toml", "ente.toml"].map(|n| self.inputs.join(n));
        for path in files.iter().chain(optional.iter()) {
            // Unreadable files were already reported by their loader.
            if let Ok(text) = crate::input::read_text(path) {
                diags.extend(report::printable::check_file(path, &text));
            }
        }
        diags
    }

    /// The plan (with `relazione.toml` and `ente.toml`) checked as the
    /// documents would print it: `piano documento` and `solleciti` stop on
    /// an error at its line, before typst would stop in English.
    pub fn check_plan_printable(&self) -> Result<(), Diagnostics> {
        let d = self.check_printable_files(&[self.plan_path()?]);
        if d.has_errors() { Err(d) } else { Ok(()) }
    }

    /// Impossible chronology against the Relazione's date (`cli_date`,
    /// else `relazione.toml`): acts it would cite dated after it (errors),
    /// results achieved or documented after it (warnings at the cell).
    /// `draft`: the document will be the draft, which cites neither
    /// validation nor approval. Nothing to check without a date.
    pub fn check_chronology(
        &self,
        s: &Scored,
        cli_date: Option<chrono::NaiveDate>,
        draft: bool,
        options: &ScoreOptions,
    ) -> Diagnostics {
        let (config, file_date) = match report::load_config(&self.inputs) {
            Ok(c) => c,
            Err(e) => return e,
        };
        let Some(date) = cli_date.or(file_date) else {
            return Diagnostics::new();
        };
        let definitive = !draft && report::asks_final(&config);
        let mut diags = report::chronology::cited_acts(&self.inputs, &config, date, definitive);
        diags.extend(report::chronology::smvp_adoption(&s.scorecard.rules, date));
        if definitive && let Some(d) = self.unbound_validation(s, &config) {
            diags.push(d);
        }
        diags.extend(report::chronology::results_after(&s.results, date));
        // The Relazione reports the individual evaluations' aggregates: an
        // evaluation dated after it is flagged like a result. (A file that
        // cannot be read is reported where the evaluations are checked.)
        if let Ok(Some(l)) = self.load_individual(&self.rules_path(options), s) {
            diags.extend(crate::individual::dated_after(&l.persons, date));
            diags.extend(crate::individual::payment_times::check_after_relazione(
                l.payment_times.as_ref(),
                date,
            ));
        }
        diags
    }

    /// Everything `verifica` reports: the warnings of a run that would
    /// succeed, or every error that would stop it (also what the Relazione
    /// would refuse or flag for its date, and the individual evaluations,
    /// read and checked as the schede print them, with what they lack).
    pub fn check(
        &self,
        options: &ScoreOptions,
        progress: &dyn Progress,
    ) -> Result<(Scored, Diagnostics), Diagnostics> {
        let mut s = self.score_all(options, progress)?;
        let mut unprintable = self.check_printable(&s);
        unprintable.extend(self.check_chronology(&s, None, false, options));
        if unprintable.has_errors() {
            let mut all = unprintable;
            all.extend(s.warnings);
            return Err(all);
        }
        s.warnings.extend(unprintable);
        // The same warnings `relazione` gives on them (by unit, never by
        // name), so a clean `verifica` means a clean run.
        match self.load_individual(&self.rules_path(options), &s) {
            Err(mut d) => {
                d.extend(s.warnings);
                return Err(d);
            }
            Ok(Some(l)) => {
                let evaluations = l.evaluate(&s);
                let found = l.warnings(&s, &self.rules_path(options), &evaluations);
                s.warnings.extend(found);
            }
            Ok(None) => {}
        }
        // The staff file, read and checked as the run reads it.
        match self.staff_warnings(&self.rules_path(options), &s) {
            Err(mut d) => {
                d.extend(s.warnings);
                return Err(d);
            }
            Ok(found) => s.warnings.extend(found),
        }
        // The address book, when the ente keeps one: a wrong address is
        // found now, not on the day the reminders go out.
        if let Err(mut d) = self.load_addresses(&s.plan, &s.vocab) {
            d.extend(s.warnings);
            return Err(d);
        }
        let warnings = s.warnings.clone();
        Ok((s, warnings))
    }

    /// The comparison of this year's open data with the year before's, when
    /// those are found (see `opendata::previous` for where), and the warnings
    /// met looking for them.
    pub fn compare_with_previous(
        &self,
        current: &OpenData,
    ) -> Result<(Option<Comparison>, Diagnostics), Diagnostics> {
        let (config, _) = report::load_config(&self.inputs)?;
        let lookup = previous::Lookup {
            year: current.year,
            inputs: &self.inputs,
            outputs: &self.outputs,
            configured: config.anno_precedente.as_deref(),
        };
        let (found, warnings) = previous::find(&lookup)?;
        Ok((
            found.map(|p| opendata::compare::compare(current, &p)),
            warnings,
        ))
    }
}
