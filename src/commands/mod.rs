//! The commands' wiring: each file loads what its command needs through the
//! library and returns the warnings to print, or the errors that stopped it.
//! Printing diagnostics is left to `main`, once, at the top.

use std::path::{Path, PathBuf};

use consuntivo::diag::{Diagnostic, Diagnostics, Location};
use consuntivo::forms;
use consuntivo::plan::{self, Plan};
use consuntivo::results::Results;
use consuntivo::scoring::{self, Review, Rules, Scorecard};
use consuntivo::vocab::{self, Vocabulary};

use crate::{Common, RunArgs};

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
        io_error(
            dir,
            format!("impossibile leggere la cartella dei dati di ingresso: {e}"),
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

/// The plan and where it was read from, for checks located at the file.
fn load_plan_at(common: &Common) -> Result<(Plan, Location), Diagnostics> {
    let path = plan_path(common)?;
    Ok((plan::load(&path)?, Location::file(path)))
}

/// The ente's words (`inputs/ente.toml`, optional), loaded once per run.
pub fn load_vocab(common: &Common) -> Result<Vocabulary, Diagnostics> {
    vocab::load(&common.ingressi)
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
    forms::read_dir(plan, &forms_dir(common, plan, dati), vocab)
}

pub struct Scored {
    pub plan: Plan,
    pub vocab: Vocabulary,
    pub results: Results,
    pub scorecard: Scorecard,
    pub warnings: Diagnostics,
}

/// The evaluator's review named by `--nucleo`, or
/// `valutazioni-nucleo-<anno>.toml` in the inputs when it exists, or none.
pub fn load_review(
    common: &Common,
    plan: &Plan,
    nucleo: Option<&PathBuf>,
    vocab: &Vocabulary,
) -> Result<Review, Diagnostics> {
    let path = nucleo.cloned().unwrap_or_else(|| {
        common
            .ingressi
            .join(format!("valutazioni-nucleo-{}.toml", plan.year))
    });
    if nucleo.is_some() || path.exists() {
        scoring::load_review(&path, plan, vocab)
    } else {
        Ok(Review::default())
    }
}

/// `--regole`, or `smvp.toml` in the inputs.
pub fn rules_path(common: &Common, run: &RunArgs) -> PathBuf {
    run.regole
        .clone()
        .unwrap_or_else(|| common.ingressi.join("smvp.toml"))
}

pub fn score_all(common: &Common, run: &RunArgs) -> Result<Scored, Diagnostics> {
    let (plan, plan_at) = load_plan_at(common)?;
    let vocab = load_vocab(common)?;
    let rules: Rules = scoring::load_rules(&rules_path(common, run))?;
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
    })
}
