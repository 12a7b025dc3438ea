//! The individual evaluations of an ente's run: when
//! `valutazioni-individuali-<anno>.toml` (or its filled form) exists, the
//! confidential schede and workbook under `<anno>/riservato/`, the
//! aggregates for the Relazione and the premi data for the open data; and the evaluator's form (`moduli
//! --individuali`).

use std::path::{Path, PathBuf};

use super::{EnteFolder, Scored};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::individual::{self, CONFIDENTIAL_DIR};
use crate::output::{self, WriteError};
use crate::report;

/// What the individual evaluations add to the run.
pub struct Individual {
    /// Files relative to the output directory.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// For the Relazione (`valutazione_individuale`).
    pub aggregates: serde_json::Value,
    /// They name people: for the office, never for the public documents.
    pub warnings: Diagnostics,
    /// The premi data of art. 20 for the open data; `None` when no
    /// category may be published (a warning says why).
    pub premi: Option<crate::opendata::premi::Premi>,
}

/// The evaluator's form as written: where, and whether it carries the
/// evaluations already typed in the TOML file (named).
pub struct IndividualForm {
    pub path: PathBuf,
    pub prefilled_from: Option<PathBuf>,
    /// Where the filled form goes back: `inputs/<filled form name>`.
    pub return_to: PathBuf,
    /// The TOML file the filled form replaces, when there is one.
    pub replaces: Option<String>,
    /// With the payment-times rule in the rules: the file that holds
    /// `[tempi_pagamento]` beside the form (the form has no place for it).
    pub payment_times_file: Option<PathBuf>,
}

/// The year's individual evaluations as read and checked.
pub struct LoadedIndividual {
    pub model: individual::Model,
    pub persons: Vec<individual::Person>,
    /// The evaluations file (TOML, or the filled form).
    pub path: PathBuf,
    /// `[tempi_pagamento]` of the TOML file, when written.
    pub payment_times: Option<individual::PaymentTimesData>,
}

impl LoadedIndividual {
    /// Every person evaluated, with the payment-times rule applied.
    pub fn evaluate(&self, s: &Scored) -> Vec<individual::Evaluation> {
        individual::evaluate(
            &s.plan,
            &s.scorecard,
            &self.model,
            &self.persons,
            self.payment_times.as_ref(),
            &s.vocab,
        )
    }

    /// The run's warnings about the evaluations and the payment-times rule.
    pub fn warnings(
        &self,
        s: &Scored,
        rules_path: &Path,
        evaluations: &[individual::Evaluation],
    ) -> Diagnostics {
        let mut w = individual::warnings(&s.plan, evaluations, &self.path);
        w.extend(individual::payment_times::warnings(
            &s.plan,
            &self.model,
            self.payment_times.as_ref(),
            evaluations,
            rules_path,
            &self.path,
            &s.vocab,
        ));
        w
    }

    /// The Relazione's aggregates, the payment-times rule's included
    /// (without how many lose the share: the work-paper's alone).
    pub fn aggregates(
        &self,
        s: &Scored,
        evaluations: &[individual::Evaluation],
    ) -> serde_json::Value {
        let mut a = individual::aggregates(&self.model, evaluations, &s.vocab);
        let mut pt = individual::payment_times::summary(
            &s.plan,
            &self.model,
            self.payment_times.as_ref(),
            evaluations,
        );
        if let Some(m) = pt.as_object_mut() {
            m.remove("perdono");
        }
        if let Some(m) = a.as_object_mut() {
            m.insert("tempi_pagamento".to_string(), pt);
        }
        a
    }
}

fn missing_model(rules_path: &Path, year: i32) -> Diagnostics {
    Diagnostic::error(
        Location::file(rules_path),
        format!(
            "le regole non hanno la sezione [individuale], che serve alle valutazioni individuali {year}"
        ),
    )
    .with_hint("aggiungere a smvp.toml la sezione [individuale] (esempio nel file fornito, spiegazioni in docs/regole-smvp.md)")
    .into()
}

fn write_error(e: &WriteError) -> Diagnostics {
    Diagnostic::error(Location::file(&e.path), e.to_string()).into()
}

impl EnteFolder {
    /// The evaluator's spreadsheet form (`moduli --individuali`), with the
    /// evaluations begun in the TOML file, in `outputs/moduli/<anno>/`.
    pub fn write_individual_form(&self) -> Result<IndividualForm, Diagnostics> {
        let plan = self.load_plan()?;
        let rules = self.rules_path(&super::ScoreOptions::default());
        let Some(model) = individual::load_model(&rules)? else {
            return Err(missing_model(&rules, plan.year));
        };
        let vocab = self.load_vocab()?;
        // An evaluation begun in the TOML file goes on in the form.
        let toml = self.inputs.join(individual::file_name(plan.year));
        let prefill = if toml.exists() {
            individual::load_evaluations(&toml, &plan, &model, &vocab)?
        } else {
            Vec::new()
        };
        let bytes = individual::write_form(&plan, &model, &vocab, &prefill)?;
        // Names, pay and scores: kept apart from the forms sent to the
        // units, in the confidential folder.
        let path = self
            .forms_output_dir(plan.year)
            .join(CONFIDENTIAL_DIR)
            .join(individual::form_file_name(plan.year));
        output::write_file(&path, &bytes).map_err(|e| write_error(&e))?;
        let replaces = toml.exists().then(|| individual::file_name(plan.year));
        let payment_times_file = model.payment_times.map(|_| {
            self.inputs
                .join(individual::payment_times_file_name(plan.year))
        });
        Ok(IndividualForm {
            path,
            prefilled_from: (!prefill.is_empty()).then_some(toml),
            return_to: self.inputs.join(individual::filled_form_name(plan.year)),
            replaces,
            payment_times_file,
        })
    }

    /// The year's individual evaluations as read and checked (every text
    /// they print included), with the model and the file they came from;
    /// `None` when the year has no evaluations file (the comune does not
    /// evaluate individuals with this program). `verifica` stops here.
    pub fn load_individual(
        &self,
        rules_path: &Path,
        s: &Scored,
    ) -> Result<Option<LoadedIndividual>, Diagnostics> {
        let year = s.plan.year;
        let vocab = &s.vocab;
        let toml = self.inputs.join(individual::file_name(year));
        let form = self.inputs.join(individual::filled_form_name(year));
        let path = match (toml.exists(), form.exists()) {
            (false, false) => return Ok(None),
            (true, true) => {
                return Err(Diagnostic::error(
                    Location::file(&form),
                    format!(
                        "ci sono sia {} sia {}: non è chiaro quale valutazione usare",
                        individual::file_name(year),
                        individual::filled_form_name(year)
                    ),
                )
                .with_hint("tenere nella cartella dei dati di ingresso uno solo dei due file")
                .into());
            }
            (true, false) => toml,
            (false, true) => form,
        };
        let Some(model) = individual::load_model(rules_path)? else {
            return Err(missing_model(rules_path, year));
        };
        let persons = if path.extension().is_some_and(|e| e == "toml") {
            individual::load_evaluations(&path, &s.plan, &model, vocab)?
        } else {
            individual::read_form(&path, &s.plan, &model, vocab)?
        };
        // `[tempi_pagamento]` sits in the evaluations file; beside the xlsx
        // form, which has no place for it, in a file of its own. Never in
        // both places.
        let separate = self.inputs.join(individual::payment_times_file_name(year));
        let payment_times = if path.extension().is_some_and(|e| e == "toml") {
            if separate.exists() {
                return Err(Diagnostic::error(
                    Location::file(&separate),
                    format!(
                        "c'è {}, ma le valutazioni sono in {}: l'indicatore di ritardo e la verifica dei revisori vanno nella sezione [tempi_pagamento] di {}",
                        individual::payment_times_file_name(year),
                        individual::file_name(year),
                        individual::file_name(year)
                    ),
                )
                .with_hint("spostare la sezione [tempi_pagamento] nel file delle valutazioni e togliere l'altro file (serve solo accanto al modulo xlsx)")
                .into());
            }
            individual::load_payment_times(&path, year)?
        } else if separate.exists() {
            individual::load_payment_times(&separate, year)?
        } else {
            None
        };
        let found = individual::payment_times::check(&s.plan, &persons);
        if found.has_errors() {
            return Err(found);
        }
        Ok(Some(LoadedIndividual {
            model,
            persons,
            path,
            payment_times,
        }))
    }

    /// The individual evaluations' warnings, as the run gives them (they
    /// name units, and so people: for the office only); none when the
    /// year has no evaluations file.
    pub fn individual_warnings(
        &self,
        rules_path: &Path,
        s: &Scored,
    ) -> Result<Diagnostics, Diagnostics> {
        let Some(l) = self.load_individual(rules_path, s)? else {
            return Ok(Diagnostics::new());
        };
        let evaluations = l.evaluate(s);
        Ok(l.warnings(s, rules_path, &evaluations))
    }

    /// The aggregates of the year's individual evaluations for the
    /// Relazione (`valutazione_individuale`), as the run computes them;
    /// `None` when the year has no evaluations file.
    pub fn individual_aggregates(
        &self,
        rules_path: &Path,
        s: &Scored,
    ) -> Result<Option<serde_json::Value>, Diagnostics> {
        let Some(l) = self.load_individual(rules_path, s)? else {
            return Ok(None);
        };
        let evaluations = l.evaluate(s);
        Ok(Some(l.aggregates(s, &evaluations)))
    }

    /// The confidential schede and workbook of the run; `None` when the
    /// year has no evaluations file.
    pub fn individual_outputs(
        &self,
        rules_path: &Path,
        s: &Scored,
        settings: &report::Settings,
        staff: Option<&super::StaffRun>,
    ) -> Result<Option<Individual>, Diagnostics> {
        let year = s.plan.year;
        let vocab = &s.vocab;
        let Some(l) = self.load_individual(rules_path, s)? else {
            return Ok(None);
        };
        let (model, path) = (&l.model, &l.path);
        // While the Relazione is a draft, so are the individual schede and the
        // workbook: their points and amounts move with the evaluator's decisions.
        let definitive = report::is_definitive(settings, &s.scorecard, vocab)?;
        let evaluations = l.evaluate(s);
        let mut warnings = l.warnings(s, rules_path, &evaluations);
        let (premi, withheld) =
            individual::premi::build(&s.plan, model, &evaluations, vocab, definitive, path);
        warnings.extend(withheld);
        let (_, file_date) = report::load_config(&settings.inputs)?;
        let Some(date) = settings.date.or(file_date) else {
            return Err(Diagnostic::error(
                Location::file(settings.inputs.join("relazione.toml")),
                "manca la data dei documenti, che serve anche alle schede di valutazione individuale",
            )
            .with_hint(
                "indicare data = \"GG/MM/AAAA\" in relazione.toml, o l'opzione --data GG/MM/AAAA",
            )
            .with_code("relazione-senza-data")
            .into());
        };
        let dir = Path::new(&year.to_string()).join(CONFIDENTIAL_DIR);
        let drafts = SchedaDrafts {
            templates: report::document::Templates::load(&settings.templates)?,
            conciliation: s.scorecard.rules.conciliation.as_ref(),
            // Nobody has an address: the ente does not send schede by
            // e-mail, and no one is warned about it.
            wanted: evaluations.iter().any(|e| e.person.email.is_some()),
            definitive,
        };
        let mut files = Vec::new();
        let mut errors = Diagnostics::new();
        let mut used: Vec<PathBuf> = Vec::new();
        for e in &evaluations {
            let mut rel = dir.join(individual::scheda_file_name(year, e));
            // Names cut to a safe length could meet: never overwrite a scheda.
            let mut n = 1;
            while used.contains(&rel) {
                n += 1;
                let stem = individual::scheda_file_name(year, e);
                let stem = stem.trim_end_matches(".pdf");
                rel = dir.join(format!("{stem} ({n}).pdf"));
            }
            used.push(rel.clone());
            let mut data = individual::scheda_data(
                &s.plan,
                model,
                e,
                l.payment_times.as_ref(),
                vocab,
                date,
                definitive,
            );
            // How the head differentiated the staff's scores, beside the
            // behaviour that judges it.
            if let Some(st) = staff {
                st.add_differentiation(&mut data, &e.person.unit);
            }
            match report::render_document(&settings.templates, "scheda-individuale.typ", data, &rel)
            {
                Ok(bytes) => {
                    match drafts.draft(&s.plan, e, vocab, &rel, &bytes) {
                        Ok(Some(Ok(eml))) => files.push((rel.with_extension("eml"), eml)),
                        Ok(Some(Err(w))) => warnings.push(w),
                        Ok(None) => {}
                        Err(d) => {
                            errors.extend_once(d);
                        }
                    }
                    files.push((rel, bytes));
                }
                Err(d) => {
                    errors.extend_once(d);
                }
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        let xlsx = individual::render_workbook(&s.plan, model, &evaluations, vocab, definitive)?;
        files.push((dir.join(individual::workbook_file_name(year)), xlsx));
        Ok(Some(Individual {
            files,
            aggregates: l.aggregates(s, &evaluations),
            warnings,
            premi,
        }))
    }
}

/// The e-mail drafts that send each person the scheda of a concluded
/// evaluation (`scheda-individuale.j2`, attached PDF), written beside the
/// scheda in `riservato/`.
struct SchedaDrafts<'a> {
    templates: report::document::Templates,
    conciliation: Option<&'a crate::scoring::Conciliation>,
    /// Someone has an address: the others are warned that they have none.
    wanted: bool,
    definitive: bool,
}

impl SchedaDrafts<'_> {
    /// `None`: no draft is due (a draft run, an evaluation not concluded,
    /// or no address anywhere); `Some(Err)`: due but the person has no
    /// address, the warning that names them.
    fn draft(
        &self,
        plan: &crate::plan::Plan,
        e: &individual::Evaluation,
        vocab: &crate::vocab::Vocabulary,
        rel: &Path,
        pdf: &[u8],
    ) -> Result<Option<Result<Vec<u8>, Diagnostic>>, Diagnostics> {
        if !self.definitive || !e.is_final() || !self.wanted {
            return Ok(None);
        }
        // Named by unit and line, never by person: the terminal is seen
        // by others.
        let of_unit =
            vocab.named_unit(crate::vocab::Prep::Di, e.person.unit.as_str(), &e.unit_name);
        // The amount still moves (a fund waits for the other evaluations):
        // a scheda sent now would be followed by a different one.
        if e.pay.as_ref().is_some_and(|p| p.amount.is_none()) {
            return Ok(Some(Err(Diagnostic::warning(
                e.person.at.clone(),
                format!(
                    "la bozza di e-mail della scheda individuale {} non è scritta: la retribuzione di risultato non è ancora determinata",
                    of_unit
                ),
            )
            .with_hint(
                "la bozza si scrive quando l'importo è determinato (per un fondo, quando tutte le valutazioni del ruolo sono concluse)",
            ))));
        }
        let Some(address) = &e.person.email else {
            return Ok(Some(Err(Diagnostic::warning(
                e.person.at.clone(),
                format!(
                    "nessuna bozza di e-mail per la scheda individuale {}: manca l'indirizzo della persona valutata",
                    of_unit
                ),
            )
            .with_hint(
                "aggiungere email = \"…\" nella sua sezione [[persona]] (o nella colonna dell'e-mail del modulo), con l'indirizzo personale: la scheda è riservata",
            ))));
        };
        let attachment = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let data = individual::email_data(plan, e, vocab, self.conciliation, &attachment);
        let blocks =
            self.templates
                .texts("scheda-individuale.j2", &data, &["oggetto", "corpo_email"])?;
        let get = |k: &str| blocks.get(k).map(String::as_str).unwrap_or("");
        let draft = crate::mail::Draft {
            to: (e.person.name.clone(), address.clone()),
            subject: report::document::line(get("oggetto")),
            body: crate::mail::body_text(get("corpo_email")),
            attachment: Some((attachment, pdf.to_vec())),
        };
        Ok(Some(Ok(crate::mail::render(&draft))))
    }
}
