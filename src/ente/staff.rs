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
    ///
    /// The units' grades count to the hundredth of a percent, as the open
    /// data publish them and the schede print them, so that the points
    /// follow from the printed grade (review 37). The file is read as it
    /// stood at `run_date`, the documents' date: a review asked after it is
    /// left out, one decided after it is still pending, so that documents
    /// of one date say the same whenever they are composed again.
    pub fn result(&self, s: &Scored, run_date: NaiveDate) -> StaffResult {
        let grades: Vec<_> = s
            .scorecard
            .areas
            .iter()
            .map(|a| (a.area.clone(), a.grade.map(|g| crate::decimal::round(g, 4))))
            .collect();
        let mut file = self.file.clone();
        for p in &mut file.persons {
            if p.review.as_ref().is_some_and(|r| r.requested > run_date) {
                p.review = None;
            }
            if let Some(r) = p.review.as_mut()
                && r.decided.is_some_and(|d| d > run_date)
            {
                r.outcome = staff::ReviewOutcome::Pending;
                r.decided = None;
                r.scores.clear();
            }
        }
        staff::evaluate(&self.model, &file, &s.plan, &grades, run_date)
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
                // What to do for this very reason (review 37, 32).
                .with_hint(result.not_final_hint.clone().unwrap_or_else(|| {
                    "completare i dati nel file del personale e rieseguire il comando".to_string()
                })),
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
        // The evaluators' filled workbooks, when their folder exists, are
        // merged into the file's raw values before the checks.
        let forms = self.inputs.join(staff::forms_dir_name(year));
        let (file, warnings) = staff::load_with_forms(&path, &forms, &s.plan, &model)?;
        Ok(Some(LoadedStaff {
            model,
            file,
            path,
            warnings,
        }))
    }

    /// The date the payment list's finality is judged at: the documents'
    /// date (`--data`, else `relazione.toml`), so a run gives the same
    /// outputs whatever the day; today's only when neither says one.
    pub fn staff_date(&self, explicit: Option<NaiveDate>) -> Result<NaiveDate, Diagnostics> {
        if let Some(d) = explicit {
            return Ok(d);
        }
        let (_, file_date) = crate::report::load_config(&self.inputs)?;
        Ok(file_date.unwrap_or_else(|| chrono::Local::now().date_naive()))
    }

    /// The year's staff evaluation computed at `date` ([`Self::staff_date`]);
    /// `None` without a staff file; its errors stop the run.
    pub fn staff_run(
        &self,
        rules_path: &Path,
        s: &Scored,
        date: NaiveDate,
    ) -> Result<Option<StaffRun>, Diagnostics> {
        let Some(loaded) = self.load_staff(rules_path, s)? else {
            return Ok(None);
        };
        let result = loaded.result(s, date);
        Ok(Some(StaffRun { loaded, result }))
    }

    /// The staff evaluation's warnings as the run gives them, at the
    /// documents' date; none without a staff file; its errors stop the run.
    pub fn staff_warnings(
        &self,
        rules_path: &Path,
        s: &Scored,
    ) -> Result<Diagnostics, Diagnostics> {
        let date = self.staff_date(None)?;
        Ok(self
            .staff_run(rules_path, s, date)?
            .map(|r| r.loaded.warnings(&r.result))
            .unwrap_or_default())
    }
}

/// The staff evaluation of a run: the file as read and what it computes.
pub struct StaffRun {
    pub loaded: LoadedStaff,
    pub result: StaffResult,
}

/// What the staff evaluation adds to the run's files.
pub struct StaffOutputs {
    /// Files relative to the output directory: the schede and the payment
    /// list under `<anno>/riservato/personale/`.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// For the Relazione (`valutazione_personale`): aggregates only.
    pub aggregates: serde_json::Value,
    /// The office's warnings (at lines, never by name).
    pub warnings: Diagnostics,
}

/// The folder of the staff's confidential files, under the year's.
pub const STAFF_DIR: &str = "personale";

impl StaffRun {
    /// The head's scheda data with the differentiation of the scores the
    /// head gave their staff, beside the heads' behaviour that judges it.
    pub fn add_differentiation(&self, scheda: &mut serde_json::Value, unit: &crate::plan::AreaId) {
        if let (Some(behaviour), Some(d)) = (
            self.loaded.model.head_behaviour.as_deref(),
            self.result.differentiation_of_unit(unit),
        ) {
            staff::add_differentiation(scheda, behaviour, d);
        }
    }

    /// One scheda per person and the payment list, in
    /// `<anno>/riservato/personale/`, with the Relazione's aggregates.
    pub fn outputs(
        &self,
        s: &Scored,
        settings: &crate::report::Settings,
        date: NaiveDate,
    ) -> Result<StaffOutputs, Diagnostics> {
        let year = s.plan.year;
        let definitive = crate::report::is_definitive(settings, &s.scorecard, &s.vocab)?;
        let dir = Path::new(&year.to_string())
            .join(crate::output::PRIVATE_DIR)
            .join(STAFF_DIR);
        let context = staff::SchedaContext {
            plan: &s.plan,
            model: &self.loaded.model,
            result: &self.result,
            fund: &self.loaded.file.fund,
            vocab: &s.vocab,
            conciliation: crate::scoring::conciliation_json(
                s.scorecard.rules.conciliation.as_ref(),
            ),
            date,
            definitive,
        };
        let mut files = Vec::new();
        let mut errors = Diagnostics::new();
        let mut used: Vec<PathBuf> = Vec::new();
        for e in &self.result.evaluations {
            let name = staff::scheda_file_name(year, e);
            let mut rel = dir.join(&name);
            // Names cut to a safe length could meet: never overwrite one.
            let mut n = 1;
            while used.contains(&rel) {
                n += 1;
                rel = dir.join(format!("{} ({n}).pdf", name.trim_end_matches(".pdf")));
            }
            used.push(rel.clone());
            let data = staff::scheda_data(&context, e);
            match crate::report::render_document(
                &settings.templates,
                "scheda-personale.typ",
                data,
                &rel,
            ) {
                Ok(bytes) => files.push((rel, bytes)),
                Err(d) => {
                    errors.extend_once(d);
                }
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        let xlsx = staff::render_payment_list(
            &s.plan,
            &self.loaded.model,
            &self.result,
            &s.vocab,
            definitive,
        )?;
        files.push((dir.join(staff::payment_list_file_name(year)), xlsx));
        Ok(StaffOutputs {
            files,
            aggregates: staff::aggregates(&self.result, &self.loaded.model),
            warnings: self.loaded.warnings(&self.result),
        })
    }
}
