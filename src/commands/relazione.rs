use std::path::PathBuf;

use consuntivo::opendata::{self, compare};
use consuntivo::output::OutputSet;
use consuntivo::{report, scoring, summary, vocab};

use super::previous::compare_with_previous;
use super::{CmdResult, io_error, score_all};
use crate::{Common, RunArgs};

pub fn cmd_score(common: &Common, run: &RunArgs) -> CmdResult {
    let mut s = score_all(common, run)?;
    let vocab = vocab::load(&common.ingressi)?;
    let open = opendata::build(&s.plan, &s.scorecard);
    let (comparison, found) = compare_with_previous(common, &open)?;
    s.warnings.extend(found);
    print!("{}", scoring::summary(&s.plan, &s.scorecard));
    if let Some(c) = &comparison {
        print!("{}", compare::text(c, &vocab));
    }
    Ok(s.warnings)
}

pub fn relazione(common: &Common, run: &RunArgs) -> CmdResult {
    let mut s = score_all(common, run)?;
    let vocab = vocab::load(&common.ingressi)?;
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
    let input = report::Input {
        plan: &s.plan,
        vocab: &vocab,
        results: &s.results,
        scorecard: &s.scorecard,
        warnings: &s.warnings,
        settings: &settings,
    };
    let mut out = OutputSet::new();
    let confronto = comparison.as_ref().map(|c| compare::to_json(c, &vocab));
    for (rel, bytes) in report::render_compared(&input, confronto.as_ref())? {
        out.add(common.uscite.join(rel), bytes);
    }
    let (xlsx, _) = summary::render_compared(
        &s.plan,
        &s.results,
        &s.scorecard,
        &s.warnings,
        comparison.as_ref().map(|c| (c, &vocab)),
    )?;
    let year = s.plan.year;
    out.add(
        common
            .uscite
            .join(year.to_string())
            .join(summary::file_name(year)),
        xlsx,
    );
    for (rel, bytes) in opendata::files(&open) {
        out.add(common.uscite.join(rel), bytes);
    }
    let written = out.commit().map_err(|e| io_error(&e.path.clone(), e))?;
    print!("{}", scoring::summary(&s.plan, &s.scorecard));
    if let Some(c) = &comparison {
        print!("{}", compare::text(c, &vocab));
    }
    println!("\nScritti {} file:", written.len());
    for p in &written {
        println!("  {}", p.display());
    }
    Ok(s.warnings)
}
