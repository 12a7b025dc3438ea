//! The commands' wiring: each file loads what its command needs through the
//! library and returns the warnings to print, or the errors that stopped it.
//! Printing diagnostics is left to `main`, once, at the top.
//!
//! Takes: the parsed command line. Gives: files through `output` and text
//! through `say`. Must not touch: any rule, grade or wording of its own:
//! every decision is the library's.

use std::path::{Path, PathBuf};

use consuntivo::diag::{Diagnostic, Diagnostics, Location, escape_controls};
use consuntivo::forms;
use consuntivo::output::Committed;
use consuntivo::plan::{self, Plan};
use consuntivo::results::Results;
use consuntivo::scoring::{self, Review, Rules, Scorecard};
use consuntivo::vocab::{self, Vocabulary};

use crate::{Common, ScoreArgs};

mod individuali;
mod moduli;
mod monitoraggio;
mod piano;
mod previous;
mod relazione;
mod solleciti;
mod stato;
mod verifica;

pub use individuali::cmd_individual_form;
pub use moduli::cmd_forms;
pub use monitoraggio::cmd_monitoring;
pub use piano::{PianoCmd, cmd_plan};
pub use relazione::{cmd_score, relazione};
pub use solleciti::{Options as ReminderOptions, cmd_reminders};
pub use stato::cmd_status;
pub use verifica::cmd_check;

pub type CmdResult = Result<Diagnostics, Diagnostics>;

/// `println!` through [`say`], so every command ends quietly on a closed
/// pipe (`println!` would panic); `print_stdout` is denied in `commands`.
macro_rules! sayln {
    () => {
        $crate::commands::say("\n")
    };
    ($($arg:tt)*) => {
        $crate::commands::say(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use sayln;

/// Writes `text` to standard output. A reader that stopped reading
/// (`consuntivo piano --json | head`) ends the program quietly, as any
/// command-line tool does, instead of a panic.
pub fn say(text: impl std::fmt::Display) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let result = write!(out, "{text}").and_then(|()| out.flush());
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!(
            "errore: impossibile scrivere sullo standard output: {}",
            consuntivo::diag::os_error_text(&e)
        );
        std::process::exit(1);
    }
}

/// What a commit did, for the user: the folder, each file written, the
/// files of the previous run that are gone and the others kept.
pub fn written_report(done: &Committed, (one, many): (&str, &str)) -> String {
    let shown = |p: &Path| escape_controls(&p.display().to_string()).into_owned();
    let count = |n: usize| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut text = format!(
        "{} {} in {} (la cartella contiene ora solo il risultato di questa esecuzione):\n",
        if done.written.len() == 1 {
            "Scritto"
        } else {
            "Scritti"
        },
        count(done.written.len()),
        shown(&done.dir)
    );
    list_files(&mut text, &done.written, &shown);
    if !done.removed.is_empty() {
        text.push_str(&format!(
            "{} {} di un'esecuzione precedente, non più prodotti:\n",
            if done.removed.len() == 1 {
                "Tolto"
            } else {
                "Tolti"
            },
            count(done.removed.len())
        ));
        list_files(&mut text, &done.removed, &shown);
    }
    if !done.kept.is_empty() {
        text.push_str("Lasciati al loro posto, perché non prodotti da questo comando:\n");
        list_files(&mut text, &done.kept, &shown);
    }
    text
}

/// One line per file, but the individual schede in the confidential
/// folder, whose names are people's names, are counted: «7 schede
/// individuali in outputs/2023/riservato/». A terminal is seen by others
/// and its text ends up in logs and messages.
fn list_files(text: &mut String, paths: &[PathBuf], shown: &dyn Fn(&Path) -> String) {
    let confidential = |p: &&PathBuf| {
        p.extension().is_some_and(|e| e == "pdf")
            && p.parent().and_then(Path::file_name)
                == Some(std::ffi::OsStr::new(
                    consuntivo::individual::CONFIDENTIAL_DIR,
                ))
    };
    let mut folders: Vec<(PathBuf, usize)> = Vec::new();
    for p in paths {
        if confidential(&p) {
            let folder = p.parent().map(Path::to_path_buf).unwrap_or_default();
            match folders.iter_mut().find(|(f, _)| *f == folder) {
                Some((_, n)) => *n += 1,
                None => folders.push((folder, 1)),
            }
        } else {
            text.push_str(&format!("  {}\n", shown(p)));
        }
    }
    for (folder, n) in folders {
        let schede = if n == 1 {
            "1 scheda individuale".to_string()
        } else {
            format!("{n} schede individuali")
        };
        text.push_str(&format!("  {schede} in {}/\n", shown(&folder)));
    }
}

pub fn io_error(path: &Path, message: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(Location::file(path), message.to_string()).into()
}

/// The plan named by `--piano`, or the newest `piano-<anno>.toml` in the inputs.
fn plan_path(common: &Common) -> Result<PathBuf, Diagnostics> {
    if let Some(p) = &common.piano {
        return Ok(p.clone());
    }
    let dir = &common.ingressi;
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
                    consuntivo::diag::os_error_text(&e)
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
            Location::file(dir),
            "nessun piano trovato: serve un file piano-<anno>.toml",
        )
        .with_hint("indicare il file con --piano FILE")
        .into()
    })
}

pub fn load_plan(common: &Common) -> Result<Plan, Diagnostics> {
    plan::load(&plan_path(common)?)
}

/// What the documents could not print, at the cell or line where it was
/// typed: `verifica` and `relazione` stop on it before any rendering.
pub fn check_printable(common: &Common, s: &Scored) -> Diagnostics {
    let mut diags = consuntivo::report::printable::check_results(&s.results);
    diags.extend(check_printable_files(common, &s.files));
    diags
}

/// The same check on the TOML files a document prints from (`files`, with
/// `relazione.toml` and `ente.toml`): `piano documento` and `solleciti`
/// stop on it too, at the line, before typst would in English.
pub fn check_printable_files(common: &Common, files: &[PathBuf]) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let optional = ["relazione.toml", "ente.toml"].map(|n| common.ingressi.join(n));
    for path in files.iter().chain(optional.iter()) {
        // Unreadable files were already reported by their loader.
        if let Ok(text) = consuntivo::input::read_text(path) {
            diags.extend(consuntivo::report::printable::check_file(path, &text));
        }
    }
    diags
}

/// [`check_printable_files`] on the plan: an error stops the command.
pub fn check_plan_printable(common: &Common) -> Result<(), Diagnostics> {
    let d = check_printable_files(common, &[plan_path(common)?]);
    if d.has_errors() { Err(d) } else { Ok(()) }
}

/// Impossible chronology against the Relazione's date (`--data`, else
/// `relazione.toml`): acts it would cite dated after it (errors), results
/// achieved or documented after it (warnings at the cell). `draft`: the
/// document will be the draft, which cites neither validation nor
/// approval. Nothing to check without a date.
pub fn check_chronology(
    common: &Common,
    s: &Scored,
    cli_date: Option<chrono::NaiveDate>,
    draft: bool,
) -> Diagnostics {
    use consuntivo::report;
    let (config, file_date) = match report::load_config(&common.ingressi) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let Some(date) = cli_date.or(file_date) else {
        return Diagnostics::new();
    };
    let definitive = !draft && report::asks_final(&config);
    let mut diags = report::chronology::cited_acts(&common.ingressi, &config, date, definitive);
    diags.extend(report::chronology::results_after(&s.results, date));
    diags
}

/// The ente's words (`inputs/ente.toml`, optional), loaded once per run.
/// The units `[[altre_unita]]` lists by id must be the plan's: checked
/// here, where both are at hand (a plan that does not load reports its own
/// errors where it is loaded).
pub fn load_vocab(common: &Common) -> Result<Vocabulary, Diagnostics> {
    let v = vocab::load(&common.ingressi)?;
    if v.other_units.iter().any(|k| !k.units.is_empty())
        && let Ok(plan) = load_plan(common)
    {
        let path = common.ingressi.join(vocab::FILE_NAME);
        let text = consuntivo::input::read_text(&path).unwrap_or_default();
        let ids: Vec<&str> = plan.areas.iter().map(|a| a.id.as_str()).collect();
        let diags = vocab::check_units(&v, &ids, &text, &path);
        if diags.has_errors() {
            return Err(diags);
        }
    }
    Ok(v)
}

fn forms_dir(common: &Common, plan: &Plan, dati: Option<&PathBuf>) -> PathBuf {
    dati.cloned().unwrap_or_else(|| {
        common
            .ingressi
            .join("rendicontazioni")
            .join(plan.year.to_string())
    })
}

pub fn read_forms(
    common: &Common,
    plan: &Plan,
    dati: Option<&PathBuf>,
    vocab: &Vocabulary,
) -> Result<(Results, Diagnostics), Diagnostics> {
    forms::read_dir_with_progress(
        plan,
        &forms_dir(common, plan, dati),
        vocab,
        &crate::terminal_progress::TerminalProgress::new(),
    )
}

pub struct Scored {
    pub plan: Plan,
    pub vocab: Vocabulary,
    pub results: Results,
    pub scorecard: Scorecard,
    pub warnings: Diagnostics,
    /// The text files read: plan, rules, and the Nucleo's file if any.
    pub files: Vec<PathBuf>,
}

/// The evaluator's review named by `--nucleo`, or
/// `valutazioni-nucleo-<anno>.toml` in the inputs when it exists, or none.
pub fn load_review(
    common: &Common,
    plan: &Plan,
    nucleo: Option<&PathBuf>,
    vocab: &Vocabulary,
) -> Result<Review, Diagnostics> {
    match review_file(common, plan, nucleo) {
        Some(path) => scoring::load_review(&path, plan, vocab),
        None => Ok(Review::default()),
    }
}

/// The Nucleo's file of the run: `--nucleo`, or the year's file in the
/// inputs if there is one (a broken link counts, to be reported).
fn review_file(common: &Common, plan: &Plan, nucleo: Option<&PathBuf>) -> Option<PathBuf> {
    let path = nucleo.cloned().unwrap_or_else(|| {
        common
            .ingressi
            .join(format!("valutazioni-nucleo-{}.toml", plan.year))
    });
    (nucleo.is_some() || path.exists() || path.is_symlink()).then_some(path)
}

/// `--regole`, or `smvp.toml` in the inputs.
pub fn rules_path(common: &Common, run: &ScoreArgs) -> PathBuf {
    run.regole
        .clone()
        .unwrap_or_else(|| common.ingressi.join("smvp.toml"))
}

pub fn score_all(common: &Common, run: &ScoreArgs) -> Result<Scored, Diagnostics> {
    let plan_file = plan_path(common)?;
    let plan = plan::load(&plan_file)?;
    let plan_at = Location::file(&plan_file);
    let vocab = load_vocab(common)?;
    let rules_file = rules_path(common, run);
    let rules: Rules = scoring::load_rules(&rules_file, &[consuntivo::individual::RULES_SECTION])?;
    // A plan the rules cannot weigh stops the run before the forms are
    // read; the forms are read, and the weight totals checked, against the
    // plan as written (its fingerprint); the weights the rule fills in are
    // used to score.
    let weighted = scoring::apply_weight_rule(plan.clone(), &rules, &plan_at)?;
    let (results, mut warnings) = read_forms(common, &plan, run.dati.as_ref(), &vocab)?;
    let weights = scoring::check_weight_totals(&plan, &rules, &vocab, &plan_at);
    if weights.has_errors() {
        return Err(weights);
    }
    let plan = weighted;
    let review = load_review(common, &plan, run.nucleo.as_ref(), &vocab)?;
    let mut files = vec![plan_file, rules_file];
    files.extend(review_file(common, &plan, run.nucleo.as_ref()));
    let scorecard = scoring::score_with(&plan, &results, &rules, &review, &vocab);
    warnings.extend(weights);
    // Some mistakes in the Nucleo's file (a correction equal to the computed
    // grade) show only once grades are known.
    let graded = Diagnostics(scorecard.warnings.clone());
    if graded.has_errors() {
        return Err(graded);
    }
    warnings.extend(graded);
    Ok(Scored {
        plan,
        vocab,
        results,
        scorecard,
        warnings,
        files,
    })
}
