//! The evaluator's validation papers (`validazione`): the carta di lavoro
//! and the draft of the documento di validazione, written together in
//! `outputs/<anno>/validazione/` from the same scorecard the Relazione
//! prints. They are for the evaluator, not for publication until the
//! document is adopted.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::forms::write_error;
use super::{EnteFolder, ScoreOptions};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::output::OutputSet;
use crate::progress::Progress;
use crate::validation::{self, Checked, Verdict};
use crate::{checks, report, scoring};
use serde_json::{Value, json};

/// The papers' folder inside the year's.
pub const VALIDATION_DIR: &str = "validazione";

/// What `validazione` is asked for besides the ente's defaults.
#[derive(Debug, Clone, Default)]
pub struct ValidationOptions {
    pub score: ScoreOptions,
    /// The papers' date (default: the registered validation act's, else
    /// `relazione.toml`'s, the draft's).
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
    /// Proposals still awaiting the evaluator: with a conclusion written,
    /// the document stays a draft until they are decided.
    pub pending: usize,
    /// The papers' date.
    pub date: NaiveDate,
    /// «Cosa pubblicare e dove», when the main job had written it: written
    /// again, with the documento (`true`) or without it (`false`).
    pub listed: Option<bool>,
    pub warnings: Diagnostics,
}

/// The note the validation run leaves beside an adopted documento (its
/// conclusion, the results' fingerprint, its date and checksum), so that
/// «Cosa pubblicare e dove» lists it only while it is the one adopted for
/// today's results. Hidden, like the schede's index.
pub const ADOPTED_NOTE: &str = ".consuntivo-documento-adottato.tsv";

/// The adopted documento of `dir` (the year's folder), if the note beside
/// it still describes it: its path under the year's folder, bytes and date.
pub(crate) fn adopted_document(
    dir: &Path,
    year: i32,
    fingerprint: &str,
) -> Option<(PathBuf, Vec<u8>, NaiveDate)> {
    let folder = dir.join(VALIDATION_DIR);
    let note = std::fs::read_to_string(folder.join(ADOPTED_NOTE)).ok()?;
    let field = |k: &str| {
        note.lines()
            .find_map(|l| l.strip_prefix(k)?.strip_prefix('\t'))
            .map(str::trim)
    };
    let name = &paper_names(year)[1];
    let bytes = std::fs::read(folder.join(name)).ok()?;
    let final_verdict = matches!(field("esito")?, "validata" | "validata_con_osservazioni");
    let date = NaiveDate::parse_from_str(field("data")?, "%Y-%m-%d").ok()?;
    (final_verdict
        && scoring::same_fingerprint(field("impronta")?, fingerprint)
        && field("sha256")? == crate::output::checksum(&bytes))
    .then(|| (Path::new(VALIDATION_DIR).join(name), bytes, date))
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
        // relazione.toml checked as the Relazione reads it; the papers' own
        // date is checked below, in the validation's words.
        diags.extend(checks::relazione_settings(&self.inputs, year, None));
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
        let act = config.validazione.as_ref();
        let act_date = act.and_then(report::act_date);
        // The papers belong to the validation act: dated by it when it is
        // registered for these very results, else by the draft's date
        // (review 34 n. 8). An act that cites another fingerprint
        // validated other results: its date is no bound on these papers,
        // which could not know on that day that the results would change
        // (review 35 n. 4).
        let fingerprint = scoring::fingerprint(&s.scorecard);
        let act_matches = act
            .and_then(|v| v.impronta.as_deref())
            .is_some_and(|r| scoring::same_fingerprint(r, &fingerprint));
        let own_act_date = act_date.filter(|_| act_matches);
        let date = options.date.or(own_act_date).or(file_date).ok_or_else(|| {
            Diagnostics::from(
                Diagnostic::error(
                    Location::file(self.inputs.join(report::SETTINGS_FILE)),
                    "manca la data dei documenti",
                )
                .with_hint("indicarla con --data GG/MM/AAAA, oppure con data = \"GG/MM/AAAA\" in relazione.toml"),
            )
        })?;
        if let Some(d) = self.papers_date_problem(&s, date, options.date.is_some(), own_act_date) {
            return Err(d.into());
        }
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
        // relazione.toml too: the plan's changes and the registered
        // validation come from it (review 34 n. 18).
        let settings = self.inputs.join(report::SETTINGS_FILE);
        let settings = settings.exists().then_some(settings);
        let sources = ["piano", "regole", "decisioni"]
            .into_iter()
            .zip(&s.files)
            .chain(settings.iter().map(|p| ("impostazioni", p)));
        for (what, f) in sources {
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
        let act_text = act.and_then(|a| {
            let atto = a.atto.as_deref()?.trim();
            Some(match act_date {
                Some(d) => format!("{atto} del {}", crate::italian::date_short(d)),
                None => atto.to_string(),
            })
        });
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
        let payment_times = carta_payment_times(&s.plan, &s.scorecard, payment_times);
        let input = validation::Input {
            act: act_text,
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
            &self.template_dirs(),
            "validazione-carta.typ",
            validation::work_paper_data(&input),
            Path::new(&names[0]),
        )?;
        let draft = report::render_document(
            &self.template_dirs(),
            "validazione.typ",
            validation::draft_data(&input),
            Path::new(&names[1]),
        )?;
        let verdict = found.as_ref().and_then(|v| v.verdict);
        let pending = s.scorecard.pending.len();
        let mut out = OutputSet::new(self.year_dir(year), "validazione");
        let dir = Path::new(VALIDATION_DIR);
        // An adopted documento (a conclusion, nothing pending): the note
        // that lets the publication list name it.
        if let Some(v) = verdict.filter(|v| *v != Verdict::NotValidated && pending == 0) {
            let note = format!(
                "esito\t{}\nimpronta\t{fingerprint}\ndata\t{}\nsha256\t{}\n",
                v.key(),
                date.format("%Y-%m-%d"),
                crate::output::checksum(&draft)
            );
            out.add(dir.join(ADOPTED_NOTE), note.into_bytes());
        }
        let adopted = verdict.is_some_and(|v| v != Verdict::NotValidated) && pending == 0;
        let list = self.list_again(&s, adopted.then_some((&draft, date)), &fingerprint)?;
        let listed = list.as_ref().map(|l| l.1);
        for (rel, bytes) in list.map(|l| l.0).unwrap_or_default() {
            out.add(rel, bytes);
        }
        out.add(dir.join(&names[0]), carta);
        out.add(dir.join(&names[1]), draft);
        let done = out.commit().map_err(|e| write_error(&e))?;
        Ok(ValidationWritten {
            year,
            written: done.written,
            fingerprint,
            file: path,
            file_found: found.is_some(),
            verdict,
            pending,
            date,
            listed,
            warnings: s.warnings,
        })
    }

    /// «Cosa pubblicare e dove» written again, when the main job has
    /// written it (its note is in the year's folder and every file it
    /// lists is still there), with the documento when it is adopted for
    /// the results the list's documents carry, else without it: the list
    /// and the papers agree whatever the order of the commands (review 35
    /// n. 1). The files (paths under the year's folder) and whether the
    /// documento is listed; `None` when there is no list to write again.
    #[allow(clippy::type_complexity)]
    fn list_again(
        &self,
        s: &super::Scored,
        adopted: Option<(&Vec<u8>, NaiveDate)>,
        fingerprint: &str,
    ) -> Result<Option<(Vec<(PathBuf, Vec<u8>)>, bool)>, Diagnostics> {
        use crate::publication::{self, Kind, Published};
        let year = s.plan.year;
        let dir = self.year_dir(year);
        let Some(noted) = std::fs::read_to_string(dir.join(publication::NOTE))
            .ok()
            .and_then(|t| publication::read_note(&t))
        else {
            return Ok(None);
        };
        let mut public = Vec::new();
        for (kind, path, date) in &noted.files {
            let Ok(bytes) = std::fs::read(dir.join(path)) else {
                return Ok(None);
            };
            let file = Published::new(*kind, Path::new(path), &bytes);
            public.extend(file.map(|f| match date {
                Some(d) => f.dated(*d),
                None => f,
            }));
        }
        let listed = noted.definitive
            && scoring::same_fingerprint(&noted.fingerprint, fingerprint)
            && adopted.is_some();
        if let Some((bytes, date)) = adopted.filter(|_| listed) {
            let rel = Path::new(VALIDATION_DIR).join(&paper_names(year)[1]);
            public.extend(Published::new(Kind::Validation, &rel, bytes).map(|p| p.dated(date)));
        }
        let context = publication::Context {
            year,
            ente: &s.plan.ente.name,
            vocab: &s.vocab,
            date: noted.date,
            definitive: noted.definitive,
        };
        let files = publication::files(&public, &context, &self.template_dirs())?
            .into_iter()
            .map(|(p, b)| {
                let inside = p.strip_prefix(year.to_string()).map(Path::to_path_buf);
                (inside.unwrap_or(p), b)
            })
            .collect();
        Ok(Some((files, listed)))
    }

    /// What is wrong with `date` as the papers' date: before the year
    /// closes, before a result they report, or after the validation act
    /// they belong to. Located at `--data` when `from_cli`, else at
    /// relazione.toml (review 34 n. 8).
    fn papers_date_problem(
        &self,
        s: &super::Scored,
        date: NaiveDate,
        from_cli: bool,
        act_date: Option<NaiveDate>,
    ) -> Option<Diagnostic> {
        use crate::italian::date_short;
        let year = s.plan.year;
        let at = if from_cli {
            Location::file("--data")
        } else {
            Location::file(self.inputs.join(report::SETTINGS_FILE))
        };
        let evaluator = s.vocab.evaluator.the(false);
        let fix = if from_cli {
            "indicare con --data"
        } else {
            "indicare con --data, o con data = \"GG/MM/AAAA\" in relazione.toml,"
        };
        let example = act_date
            .or_else(|| NaiveDate::from_ymd_opt(year + 1, 4, 15))
            .map(date_short)
            .unwrap_or_default();
        let hint = format!(
            "{fix} la data dell'atto con cui {evaluator} adotta il documento di validazione, es. {example}"
        );
        let shown = date_short(date);
        if date.year() <= year {
            return Some(
                Diagnostic::error(
                    at,
                    format!(
                        "la data delle carte della validazione, {shown}, non è successiva alla fine del {year}: la validazione riguarda l'anno chiuso"
                    ),
                )
                .with_hint(hint),
            );
        }
        if let Some(act) = act_date
            && date > act
        {
            return Some(
                Diagnostic::error(
                    at,
                    format!(
                        "la data delle carte della validazione, {shown}, è successiva all'atto di validazione registrato in relazione.toml ({})",
                        date_short(act)
                    ),
                )
                .with_hint(format!(
                    "le carte precedono l'atto che le adotta: {fix} la data dell'atto, es. {}, o una precedente",
                    date_short(act)
                )),
            );
        }
        let latest = s
            .results
            .reports
            .iter()
            .flat_map(|r| &r.entries)
            .filter_map(|e| e.date.as_ref().map(|d| (d.value, e.indicator.to_string())))
            .max();
        if let Some((last, indicator)) = latest
            && date < last
        {
            return Some(
                Diagnostic::error(
                    at,
                    format!(
                        "la data delle carte della validazione, {shown}, è precedente a un risultato che la Relazione riporta ({indicator}, del {})",
                        date_short(last)
                    ),
                )
                .with_hint(format!(
                    "{fix} la data dell'atto con cui {evaluator} adotta il documento di validazione, che non può precedere il {}",
                    date_short(last)
                )),
            );
        }
        None
    }
}

/// The payment-times rule for the carta: the summary, with the flagged
/// objective's grade per unit from the scorecard.
fn carta_payment_times(
    plan: &crate::plan::Plan,
    scorecard: &crate::scoring::Scorecard,
    summary: Value,
) -> Value {
    let mut v = summary;
    if v.is_null() {
        return v;
    }
    // The grade to the precision the rule compares (89,99%, never «90%»).
    let mode = if v["modalita"] == "proporzionale" {
        crate::individual::GateMode::Proportional
    } else {
        crate::individual::GateMode::AllOrNothing
    };
    let grades: Vec<Value> = plan
        .payment_times_objective()
        .and_then(|o| {
            let flag = o.payment_times.as_ref()?;
            let os = scorecard
                .objectives
                .iter()
                .find(|s| s.objective == o.id)?;
            Some(
                os.areas
                    .iter()
                    .filter(|a| o.payment_times_units().contains(&&a.area))
                    .map(|a| {
                        let grade = match &flag.indicator {
                            Some(id) => a
                                .indicators
                                .iter()
                                .find(|x| &x.indicator == id)
                                .and_then(|x| x.grade),
                            None => a.grade,
                        };
                        json!({ "unita": plan.area(&a.area).map_or_else(|| a.area.to_string(), |x| x.name.clone()), "grado": grade.map(|g| mode.grade_text(g)) })
                    })
                    .collect(),
            )
        })
        .unwrap_or_default();
    v["gradi_unita"] = json!(grades);
    v
}
