use std::path::PathBuf;

use consuntivo::output::OutputSet;
use consuntivo::{report, scoring, summary};

use super::{CmdResult, check_printable, io_error, say, score_all, written_report};
use crate::{Common, RunArgs, ScoreArgs};

pub fn cmd_score(common: &Common, run: &ScoreArgs) -> CmdResult {
    let s = score_all(common, run)?;
    say(scoring::summary(&s.plan, &s.scorecard));
    Ok(s.warnings)
}

pub fn relazione(common: &Common, run: &RunArgs) -> CmdResult {
    let s = score_all(common, &run.score)?;
    let unprintable = check_printable(common, &s);
    if unprintable.has_errors() {
        return Err(unprintable);
    }
    let templates = run
        .modelli
        .clone()
        .or_else(|| Some(PathBuf::from("templates")).filter(|p| p.is_dir()));
    let settings = report::Settings {
        templates,
        inputs: common.ingressi.clone(),
        date: run.data,
    };
    let input = report::Input {
        plan: &s.plan,
        results: &s.results,
        scorecard: &s.scorecard,
        warnings: &s.warnings,
        settings: &settings,
    };
    let year = s.plan.year;
    let mut out = OutputSet::new(common.uscite.join(year.to_string()));
    for (rel, bytes) in report::render(&input)? {
        // The documents name their paths under the year's folder.
        let inside = rel
            .strip_prefix(year.to_string())
            .unwrap_or(&rel)
            .to_path_buf();
        out.add(inside, bytes);
    }
    let xlsx = summary::render(&s.plan, &s.results, &s.scorecard, &s.warnings)?;
    out.add(summary::file_name(year), xlsx);
    let done = out.commit().map_err(|e| io_error(&e.path.clone(), e))?;
    say(scoring::summary(&s.plan, &s.scorecard));
    say("\n");
    say(written_report(&done, ("file", "file")));
    Ok(s.warnings)
}
