use std::path::PathBuf;

use consuntivo::output::OutputSet;
use consuntivo::{report, scoring, summary, vocab};

use super::{CmdResult, io_error, score_all};
use crate::{Common, RunArgs};

pub fn cmd_score(common: &Common, run: &RunArgs) -> CmdResult {
    let s = score_all(common, run)?;
    print!("{}", scoring::summary(&s.plan, &s.scorecard));
    Ok(s.warnings)
}

pub fn relazione(common: &Common, run: &RunArgs) -> CmdResult {
    let s = score_all(common, run)?;
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
    let vocab = vocab::load(&common.ingressi)?;
    let input = report::Input {
        plan: &s.plan,
        vocab: &vocab,
        results: &s.results,
        scorecard: &s.scorecard,
        warnings: &s.warnings,
        settings: &settings,
    };
    let mut out = OutputSet::new();
    for (rel, bytes) in report::render(&input)? {
        out.add(common.uscite.join(rel), bytes);
    }
    let xlsx = summary::render(&s.plan, &s.results, &s.scorecard, &s.warnings)?;
    let year = s.plan.year;
    out.add(
        common
            .uscite
            .join(year.to_string())
            .join(summary::file_name(year)),
        xlsx,
    );
    let written = out.commit().map_err(|e| io_error(&e.path.clone(), e))?;
    print!("{}", scoring::summary(&s.plan, &s.scorecard));
    println!("\nScritti {} file:", written.len());
    for p in &written {
        println!("  {}", p.display());
    }
    Ok(s.warnings)
}
