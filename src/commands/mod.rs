//! The commands' wiring: each file loads what its command needs through the
//! library and returns the warnings to print, or the errors that stopped it.
//! Printing diagnostics is left to `main`, once, at the top.
//!
//! Takes: the parsed command line. Gives: files through `output` and text
//! through `say`. Must not touch: any rule, grade or wording of its own:
//! every decision is the library's.

use std::path::{Path, PathBuf};

use consuntivo::diag::{Diagnostic, Diagnostics, Location, escape_controls};
pub use consuntivo::ente::Scored;
use consuntivo::ente::{EnteFolder, ScoreOptions};
use consuntivo::output::Committed;
use consuntivo::plan::Plan;
use consuntivo::results::Results;
use consuntivo::scoring::Review;
use consuntivo::vocab::Vocabulary;

use crate::{Common, ScoreArgs};

mod enti;
mod individuali;
mod moduli;
mod monitoraggio;
mod personale_moduli;
mod piano;
mod previous;
mod relazione;
mod smvp;
mod solleciti;
mod sportello;
mod stato;
mod validazione;
mod verifica;

pub use enti::{GroupRun, cmd_compare, cmd_group};
pub use individuali::cmd_individual_form;
pub use moduli::cmd_forms;
pub use monitoraggio::cmd_monitoring;
pub use personale_moduli::cmd_staff_forms;
pub use piano::{PianoCmd, cmd_plan};
pub use relazione::{cmd_score, relazione};
pub use smvp::{SmvpCmd, cmd_smvp};
pub use solleciti::{Options as ReminderOptions, cmd_reminders};
pub use sportello::{Options as SportelloOptions, cmd_sportello};
pub use stato::cmd_status;
pub use validazione::cmd_validation;
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

/// What one ente's run said and did, kept apart while a group of entes
/// runs in parallel (`--enti`): its text, printed afterwards as one block,
/// and the figures of its row in the closing table.
#[derive(Debug, Default)]
pub struct Captured {
    pub text: String,
    /// The ente's grade, when the command computed it.
    pub grade: Option<f64>,
    /// The units' proposals the Nucleo has not decided on, when read.
    pub pending: Option<usize>,
    /// Files written.
    pub documents: usize,
}

std::thread_local! {
    /// This thread's run, when it is one ente's of a group.
    static CAPTURE: std::cell::RefCell<Option<Captured>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with what it says and does kept in a [`Captured`] of this
/// thread instead of printed (progress bars hidden).
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Captured) {
    CAPTURE.with(|c| *c.borrow_mut() = Some(Captured::default()));
    let out = crate::terminal_progress::hidden(f);
    let captured = CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (out, captured)
}

/// Records a figure of the run for the group's table (nothing outside a
/// group).
pub fn note(f: impl FnOnce(&mut Captured)) {
    CAPTURE.with(|c| {
        if let Some(captured) = c.borrow_mut().as_mut() {
            f(captured);
        }
    });
}

/// Records the ente's grade and pending proposals for the group's table.
pub fn note_scored(scorecard: &consuntivo::scoring::Scorecard) {
    note(|c| {
        c.grade = scorecard.grade;
        c.pending = Some(scorecard.pending.len());
    });
}

/// Writes `text` to standard output. A reader that stopped reading
/// (`consuntivo piano --json | head`) ends the program quietly, as any
/// command-line tool does, instead of a panic. In a group's run, the
/// text is kept for the ente's block instead ([`capture`]).
pub fn say(text: impl std::fmt::Display) {
    use std::io::Write;
    let kept = CAPTURE.with(|c| match c.borrow_mut().as_mut() {
        Some(captured) => {
            captured.text.push_str(&text.to_string());
            true
        }
        None => false,
    });
    if kept {
        return;
    }
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
    note(|c| c.documents += done.written.len());
    let shown = |p: &Path| escape_controls(&p.display().to_string()).into_owned();
    let count = |n: usize| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut text = format!(
        "{} {} in {}:\n",
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
/// folder, their e-mail drafts and the staff's schede (`riservato/personale/`),
/// whose names are people's names, are counted: «7 schede individuali e 2
/// bozze di e-mail in outputs/2023/riservato/», «56 schede del personale
/// in outputs/2023/riservato/personale/». A terminal is seen by others and
/// its text ends up in logs and messages.
fn list_files(text: &mut String, paths: &[PathBuf], shown: &dyn Fn(&Path) -> String) {
    let confidential = std::ffi::OsStr::new(consuntivo::individual::CONFIDENTIAL_DIR);
    let kind = |p: &Path| -> Option<usize> {
        let parent = p.parent();
        let in_folder = parent.and_then(Path::file_name) == Some(confidential);
        let in_staff = parent.and_then(Path::file_name)
            == Some(std::ffi::OsStr::new(consuntivo::ente::STAFF_DIR))
            && parent.and_then(Path::parent).and_then(Path::file_name) == Some(confidential);
        match p.extension().and_then(|e| e.to_str()) {
            Some("pdf") if in_folder => Some(0),
            Some("eml") if in_folder => Some(1),
            Some("pdf") if in_staff => Some(2),
            _ => None,
        }
    };
    let mut folders: Vec<(PathBuf, [usize; 3])> = Vec::new();
    for p in paths {
        if let Some(k) = kind(p) {
            let folder = p.parent().map(Path::to_path_buf).unwrap_or_default();
            match folders.iter_mut().find(|(f, _)| *f == folder) {
                Some((_, n)) => n[k] += 1,
                None => {
                    let mut n = [0, 0, 0];
                    n[k] = 1;
                    folders.push((folder, n));
                }
            }
        } else {
            text.push_str(&format!("  {}\n", shown(p)));
        }
    }
    for (folder, [schede, drafts, staff]) in folders {
        let mut parts = Vec::new();
        match schede {
            0 => {}
            1 => parts.push("1 scheda individuale".to_string()),
            n => parts.push(format!("{n} schede individuali")),
        }
        match drafts {
            0 => {}
            1 => parts.push("1 bozza di e-mail".to_string()),
            n => parts.push(format!("{n} bozze di e-mail")),
        }
        match staff {
            0 => {}
            1 => parts.push("1 scheda del personale".to_string()),
            n => parts.push(format!("{n} schede del personale")),
        }
        text.push_str(&format!("  {} in {}/\n", parts.join(" e "), shown(&folder)));
    }
}

pub fn io_error(path: &Path, message: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(Location::file(path), message.to_string()).into()
}

/// The ente's folder as the command line names it; in a group's run,
/// the group's ente (without its templates: [`ente_with_templates`]).
pub fn ente(common: &Common) -> EnteFolder {
    if let Some(member) = &common.member {
        return EnteFolder {
            templates: None,
            ..member.clone()
        };
    }
    EnteFolder {
        inputs: common.ingressi.clone(),
        outputs: common.uscite.clone(),
        plan: common.piano.clone(),
        templates: None,
        shared: None,
    }
}

/// The ente's folder with its templates: `--modelli`, else `templates/`
/// in the current folder when there is one (the built-in copies
/// otherwise); in a group's run, `--modelli` or the ente's own
/// `templates/`, over the group's shared one.
pub fn ente_with_templates(common: &Common, modelli: Option<PathBuf>) -> EnteFolder {
    if let Some(member) = &common.member {
        return EnteFolder {
            templates: modelli.or_else(|| member.templates.clone()),
            ..member.clone()
        };
    }
    EnteFolder {
        templates: modelli.or_else(|| Some(PathBuf::from("templates")).filter(|p| p.is_dir())),
        ..ente(common)
    }
}

/// `--dati`, `--regole`, `--nucleo` as the library's options.
pub fn score_options(run: &ScoreArgs) -> ScoreOptions {
    ScoreOptions {
        forms: run.dati.clone(),
        rules: run.regole.clone(),
        review: run.nucleo.clone(),
    }
}

pub fn load_plan(common: &Common) -> Result<Plan, Diagnostics> {
    ente(common).load_plan()
}

/// The ente's words (`inputs/ente.toml`, optional), loaded once per run.
/// The units `[[altre_unita]]` lists by id must be the plan's: checked
/// here, where both are at hand (a plan that does not load reports its own
/// errors where it is loaded).
pub fn load_vocab(common: &Common) -> Result<Vocabulary, Diagnostics> {
    // (`EnteFolder::load_vocab` reads the group's shared words too.)
    ente(common).load_vocab()
}

pub fn read_forms(
    common: &Common,
    plan: &Plan,
    dati: Option<&PathBuf>,
    vocab: &Vocabulary,
) -> Result<(Results, Diagnostics), Diagnostics> {
    ente(common).read_forms_so_far(
        plan,
        dati.map(PathBuf::as_path),
        vocab,
        &crate::terminal_progress::TerminalProgress::new(),
    )
}

/// The evaluator's review named by `--nucleo`, or
/// `valutazioni-nucleo-<anno>.toml` in the inputs when it exists, or none.
pub fn load_review(
    common: &Common,
    plan: &Plan,
    nucleo: Option<&PathBuf>,
    vocab: &Vocabulary,
) -> Result<Review, Diagnostics> {
    ente(common).load_review(plan, nucleo.map(PathBuf::as_path), vocab)
}

pub fn score_all(common: &Common, run: &ScoreArgs) -> Result<Scored, Diagnostics> {
    ente(common).score_all(
        &score_options(run),
        &crate::terminal_progress::TerminalProgress::new(),
    )
}
