//! The reminders of an ente (`solleciti`): a letter, PDF and text for the
//! mail, for every unit with rows still to complete.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::EnteFolder;
use super::forms::write_error;
use crate::diag::Diagnostics;
use crate::output::OutputSet;
use crate::progress::Progress;
use crate::status::{self, letters};

/// What the reminders say besides the ente's defaults.
#[derive(Debug, Clone)]
pub struct ReminderOptions {
    /// The returned forms (default: `inputs/rendicontazioni/<anno>`).
    pub forms: Option<PathBuf>,
    /// The letters' date, and the day the status is taken.
    pub date: NaiveDate,
    /// The day to return the completed forms by (default: 31 March of the
    /// following year).
    pub return_by: Option<NaiveDate>,
    /// Whom to ask (default: the contact of `ente.toml`).
    pub contact: Option<String>,
    /// Also an e-mail draft (`.eml`, never sent) for each letter whose
    /// unit has an address in `indirizzi.toml`.
    pub email: bool,
}

/// What writing the reminders did.
pub struct RemindersWritten {
    /// `outputs/<anno>/solleciti`.
    pub dir: PathBuf,
    /// The units written to, in plan order (none: every unit is complete,
    /// and the letters of an earlier run were removed).
    pub units: Vec<String>,
    /// The unit of the top official's own objectives, with the number of
    /// its rows still to complete: the letters are signed by the top
    /// official, so it gets none and the office completes them.
    pub own: Option<(String, usize)>,
    /// The files written.
    pub written: Vec<PathBuf>,
    /// The units with an e-mail draft among the files, in plan order.
    pub drafts_for: Vec<String>,
    pub warnings: Diagnostics,
}

/// The day the completed forms of `year` are due when nothing else is
/// said: 31 March of the following year (the reminders' default, and the
/// deadline the sportello's home shows).
pub fn default_return_by(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year + 1, 3, 31)
}

impl EnteFolder {
    /// Where the reminders go: `outputs/<anno>/solleciti`.
    pub fn reminders_dir(&self, year: i32) -> PathBuf {
        self.year_dir(year).join("solleciti")
    }

    /// Reads the returned forms and writes a reminder for each unit with
    /// something missing.
    pub fn write_reminders(
        &self,
        o: &ReminderOptions,
        progress: &dyn Progress,
    ) -> Result<RemindersWritten, Diagnostics> {
        let plan = self.load_plan()?;
        let vocab = self.load_vocab()?;
        let review = self.load_review(&plan, None, &vocab)?;
        let (results, warnings) =
            self.read_forms_so_far(&plan, o.forms.as_deref(), &vocab, progress)?;
        self.check_plan_printable()?;
        let state = status::build(&plan, &results, &review, o.date);
        let settings = letters::LetterSettings {
            date: o.date,
            return_by: o
                .return_by
                .or_else(|| default_return_by(plan.year))
                .unwrap_or(o.date),
            contact: o.contact.clone().unwrap_or_else(|| vocab.contact.clone()),
            templates: self.template_dirs(),
        };
        // The addresses first: a wrong one stops the run before anything
        // is composed or written.
        let addresses = if o.email {
            Some(self.load_addresses(&plan, &vocab)?)
        } else {
            None
        };
        let written = letters::render_with_progress(&plan, &state, &vocab, &settings, progress)?;
        let mut warnings = warnings;
        let mut drafts_for = Vec::new();
        let mut without_book = Vec::new();
        let own =
            letters::own_unit_due(&plan, &state, &vocab).map(|u| (u.name.clone(), u.missing.len()));
        let dir = self.reminders_dir(plan.year);
        // Letters of an earlier run for units that have since completed
        // their form would read as still due: the set removes the letters
        // it wrote before (its own list), and only those; anything else in
        // the folder (notes, a signed letter) stays.
        let mut out = OutputSet::new(&dir, "solleciti");
        for l in &written {
            out.add(format!("{}.pdf", l.name), l.pdf.clone());
            out.add(format!("{}.txt", l.name), l.text.clone().into_bytes());
            match &addresses {
                Some(Some(book)) => match book.unit(&l.area) {
                    Some(address) => {
                        let draft = crate::mail::Draft {
                            to: (
                                l.head.clone().unwrap_or_else(|| l.unit.clone()),
                                address.to_string(),
                            ),
                            subject: l.subject.clone(),
                            body: l.body.clone(),
                            attachment: Some((format!("{}.pdf", l.name), l.pdf.clone())),
                        };
                        out.add(format!("{}.eml", l.name), crate::mail::render(&draft));
                        drafts_for.push(l.unit.clone());
                    }
                    None => warnings.push(super::addresses::no_address(
                        &self.addresses_path(),
                        &vocab,
                        &l.area,
                        &l.unit,
                    )),
                },
                // No address book at all: said once, below.
                Some(None) => without_book.push(l.unit.clone()),
                None => {}
            }
        }
        if !without_book.is_empty() {
            warnings.push(super::addresses::no_book(
                &self.addresses_path(),
                without_book,
            ));
        }
        let files = if written.is_empty() && !dir.is_dir() {
            Vec::new()
        } else {
            out.commit().map_err(|e| write_error(&e))?.written
        };
        Ok(RemindersWritten {
            dir,
            units: written.into_iter().map(|l| l.unit).collect(),
            own,
            written: files,
            drafts_for,
            warnings,
        })
    }
}
