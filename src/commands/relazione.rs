use std::path::PathBuf;

use consuntivo::opendata::{self, compare};
use consuntivo::output::{OutputSet, Previous};
use consuntivo::vocab::Prep;
use consuntivo::{checks, report, scoring, summary};

use super::individuali::individual_outputs;
use super::previous::compare_with_previous;
use super::{
    CmdResult, check_chronology, check_printable, io_error, rules_path, say, sayln, score_all,
    written_report,
};
use crate::{Common, RunArgs, ScoreArgs};

pub fn cmd_score(common: &Common, run: &ScoreArgs) -> CmdResult {
    let mut s = score_all(common, run)?;
    let open = opendata::build(&s.plan, &s.scorecard);
    let (comparison, found) = compare_with_previous(common, &open)?;
    s.warnings.extend(found);
    say(scoring::summary(&s.plan, &s.scorecard, &s.vocab));
    if let Some(c) = &comparison {
        say(compare::text(c, &s.vocab));
    }
    Ok(s.warnings)
}

/// The name of the Relazione's set of files in the year's folder.
const SET: &str = "relazione";

pub fn relazione(common: &Common, run: &RunArgs) -> CmdResult {
    let mut s = score_all(common, &run.score)?;
    let unprintable = check_printable(common, &s);
    if unprintable.has_errors() {
        return Err(unprintable);
    }
    let mut dates = checks::relazione_settings(&common.ingressi, s.plan.year, run.data);
    dates.extend(check_chronology(common, &s, run.data, run.bozza));
    if dates.has_errors() {
        return Err(dates);
    }
    s.warnings.extend(dates);
    let open = opendata::build(&s.plan, &s.scorecard);
    let (comparison, found) = compare_with_previous(common, &open)?;
    s.warnings.extend(found);
    let templates = run
        .modelli
        .clone()
        .or_else(|| Some(PathBuf::from("templates")).filter(|p| p.is_dir()));
    let settings = report::Settings {
        templates,
        inputs: common.ingressi.clone(),
        date: run.data,
        draft: run.bozza,
    };
    let individual = individual_outputs(
        &common.ingressi,
        &rules_path(common, &run.score),
        &s,
        &settings,
    )?;
    // The individual evaluations' warnings name people: they go to the
    // terminal, never to the public documents (the Riepilogo's Anomalie,
    // the Relazione).
    let private_warnings = individual
        .as_ref()
        .map(|i| i.warnings.clone())
        .unwrap_or_default();
    let input = report::Input {
        plan: &s.plan,
        vocab: &s.vocab,
        results: &s.results,
        scorecard: &s.scorecard,
        warnings: &s.warnings,
        settings: &settings,
        individual: individual.as_ref().map(|i| i.aggregates.clone()),
    };
    let year = s.plan.year;
    // Every file of the run lives in the year's folder, which is replaced
    // as a whole; the documents name their paths under it.
    let folder = common.uscite.join(year.to_string());
    // The documents whose key has not changed since the previous run are
    // taken from the folder (`--da-capo`: none is).
    let previous = if run.da_capo {
        Previous::none()
    } else {
        Previous::load(&folder, SET)
    };
    let reuse = report::Reuse::new(previous);
    let mut out = OutputSet::new(folder, SET);
    let mut add = |rel: PathBuf, bytes: Vec<u8>, key: Option<String>| {
        let inside = rel
            .strip_prefix(year.to_string())
            .map(PathBuf::from)
            .unwrap_or(rel);
        match key {
            Some(key) => out.add_keyed(inside, bytes, key),
            None => out.add(inside, bytes),
        }
    };
    let definitive = report::is_definitive(input.settings, &input.scorecard.pending, input.vocab)?;
    let confronto = comparison.as_ref().map(|c| compare::to_json(c, &s.vocab));
    let progress = crate::terminal_progress::TerminalProgress::new();
    let (docs, _) = report::render_reusing(&input, confronto.as_ref(), &progress, &reuse)?;
    let reused = report::reuse_summary(&docs, &s.vocab);
    for doc in docs {
        add(doc.path, doc.bytes, doc.key);
    }
    let (xlsx, _) = summary::render_compared(
        &s.plan,
        &s.results,
        &s.scorecard,
        &s.warnings,
        &s.vocab,
        comparison.as_ref(),
    )?;
    add(PathBuf::from(summary::file_name(year)), xlsx, None);
    let individual_files = individual.map(|i| i.files).unwrap_or_default();
    for (rel, bytes) in opendata::files(&open).into_iter().chain(individual_files) {
        add(rel, bytes, None);
    }
    let done = out.commit().map_err(|e| io_error(&e.path.clone(), e))?;
    say(scoring::summary(&s.plan, &s.scorecard, &s.vocab));
    if let Some(c) = &comparison {
        say(compare::text(c, &s.vocab));
    }
    say("\n");
    say(written_report(&done, ("file", "file")));
    say(reused);
    s.warnings.extend(private_warnings);
    let evaluator = s.vocab.evaluator.prep(Prep::A, false);
    if definitive {
        sayln!(
            "La Relazione {year} è la versione definitiva, validata e senza proposte in attesa."
        );
    } else {
        sayln!(
            "La Relazione {year} è una BOZZA, con la scritta BOZZA su ogni pagina: è da inviare {evaluator} per la validazione, non da pubblicare."
        );
    }
    Ok(s.warnings)
}
