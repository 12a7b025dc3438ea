//! The units' forms of an ente written to its outputs (`moduli`, and
//! `moduli --monitoraggio`), and whether a mid-year check is open: its
//! forms written and its report not yet.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use super::EnteFolder;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::forms::{self, FormSettings};
use crate::output::{Committed, OutputSet};
use crate::plan::Plan;
use crate::progress::{Progress, Stage, StageGuard};
use crate::vocab::Vocabulary;

/// What writing the forms did.
#[derive(Debug)]
pub struct FormsWritten {
    /// The check date, for monitoring forms.
    pub monitoring: Option<NaiveDate>,
    pub done: Committed,
    /// The units without a form, each with why (they have no row to
    /// report): name, reason.
    pub without: Vec<(String, String)>,
}

/// A mid-year check whose forms are out and whose report is not written
/// yet: the units are filling its forms.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenCheck {
    pub date: NaiveDate,
    /// Where its forms were written.
    pub dir: PathBuf,
}

pub(super) fn write_error(e: &crate::output::WriteError) -> Diagnostics {
    Diagnostic::error(Location::file(&e.path), e.to_string()).into()
}

impl EnteFolder {
    /// Where `moduli` writes the year's forms: `outputs/moduli/<anno>`.
    pub fn forms_output_dir(&self, year: i32) -> PathBuf {
        self.outputs.join("moduli").join(year.to_string())
    }

    /// Where `moduli --monitoraggio` writes the forms of the check at
    /// `date`, apart from the year-end ones so the two are never mixed:
    /// `outputs/moduli/<anno>/monitoraggio GG-MM-AAAA`.
    pub fn monitoring_forms_dir(&self, year: i32, date: NaiveDate) -> PathBuf {
        self.forms_output_dir(year)
            .join(format!("monitoraggio {}", date.format("%d-%m-%Y")))
    }

    /// Writes a form for every unit that has rows to report (`settings`:
    /// deadline, contact, password, and the check date for monitoring
    /// forms; its words are the ente's), all or none.
    pub fn write_forms(
        &self,
        settings: &FormSettings,
        progress: &dyn Progress,
    ) -> Result<FormsWritten, Diagnostics> {
        let plan = self.load_plan()?;
        // A mid-year check belongs to the plan's year: a date of another
        // year (a typo, the clock's year) would open a monitoring that
        // makes no sense for every unit.
        if let Some(d) = settings.monitoring.filter(|d| d.year() != plan.year) {
            return Err(Diagnostic::error(
                Location::default(),
                format!(
                    "la data del monitoraggio, {}, non è dell'anno del piano ({})",
                    crate::italian::date_short(d),
                    plan.year
                ),
            )
            .with_hint(format!(
                "il monitoraggio verifica l'avanzamento durante l'anno del piano: indicare una data del {}, per esempio 30/06/{}",
                plan.year, plan.year
            ))
            .into());
        }
        let settings = FormSettings {
            vocab: self.load_vocab()?,
            ..settings.clone()
        };
        let dir = match settings.monitoring {
            Some(d) => self.monitoring_forms_dir(plan.year, d),
            None => self.forms_output_dir(plan.year),
        };
        let mut out = OutputSet::new(&dir, "moduli");
        let mut errors = Diagnostics::new();
        // A unit with no row to report gets no form (not an empty one); the
        // user is told why.
        let mut without = Vec::new();
        let stage = StageGuard::start(progress, Stage::FormsWritten, plan.areas.len());
        for area in &plan.areas {
            if let Some(why) = forms::no_rows_reason(&plan, &area.id, &settings.vocab) {
                without.push((area.name.clone(), why));
            } else {
                match forms::generate_with(&plan, &area.id, &settings) {
                    Ok((name, bytes)) => out.add(name, bytes),
                    Err(d) => errors.extend(d),
                }
            }
            stage.advance();
        }
        drop(stage);
        if errors.has_errors() {
            return Err(errors);
        }
        let done = out.commit().map_err(|e| write_error(&e))?;
        Ok(FormsWritten {
            monitoring: settings.monitoring,
            done,
            without,
        })
    }

    /// The open mid-year check: the newest one whose forms `moduli
    /// --monitoraggio` wrote, while its report (`monitoraggio`, named as
    /// [`crate::monitoring::document::name`] names it) is not in the
    /// year's outputs. Once the report is written the check is closed.
    pub fn open_check(&self, plan: &Plan, vocab: &Vocabulary) -> Option<OpenCheck> {
        let base = self.forms_output_dir(plan.year);
        let newest = std::fs::read_dir(&base)
            .ok()?
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let date = name.strip_prefix("monitoraggio ")?;
                NaiveDate::parse_from_str(date, "%d-%m-%Y").ok()
            })
            .filter(|d| self.monitoring_forms_dir(plan.year, *d).is_dir())
            .max()?;
        let report =
            crate::monitoring::document::name(plan, vocab, newest, &self.template_dirs()).ok()?;
        let year = self.year_dir(plan.year);
        if year.join(format!("{report}.pdf")).exists() {
            return None;
        }
        Some(OpenCheck {
            date: newest,
            dir: self.monitoring_forms_dir(plan.year, newest),
        })
    }
}
