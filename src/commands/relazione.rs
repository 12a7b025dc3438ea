use std::path::PathBuf;

use consuntivo::output::OutputSet;
use consuntivo::{report, scoring, summary, vocab};

use super::individuali::individual_outputs;
use super::{CmdResult, io_error, rules_path, score_all};
use crate::{Common, RunArgs};

pub fn cmd_score(common: &Common, run: &RunArgs) -> CmdResult {
    let s = score_all(common, run)?;
    print!("{}", scoring::summary(&s.plan, &s.scorecard));
    Ok(s.warnings)
}

pub fn relazione(common: &Common, run: &RunArgs) -> CmdResult {
    let mut s = score_all(common, run)?;
    let templates = run
        .modelli
        .clone()
        .or_else(|| Some(PathBuf::from("templates")).filter(|p| p.is_dir()));
    let settings = report::Settings {
        templates,
        inputs: common.ingressi.clone(),
        date: run.data,
    };
    let vocab = vocab::load(&common.ingressi)?;
    let individual = individual_outputs(
        &common.ingressi,
        &rules_path(common, run),
        &s,
        &vocab,
        &settings,
    )?;
    if let Some(ind) = &individual {
        s.warnings.extend(ind.warnings.clone());
    }
    let input = report::Input {
        plan: &s.plan,
        results: &s.results,
        scorecard: &s.scorecard,
        warnings: &s.warnings,
        settings: &settings,
        individual: individual.as_ref().map(|i| i.aggregates.clone()),
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
    for (rel, bytes) in individual.map(|i| i.files).unwrap_or_default() {
        out.add(common.uscite.join(rel), bytes);
    }
    let written = out.commit().map_err(|e| io_error(&e.path.clone(), e))?;
    print!("{}", scoring::summary(&s.plan, &s.scorecard));
    println!("\nScritti {} file:", written.len());
    for p in &written {
        println!("  {}", p.display());
    }
    Ok(s.warnings)
}
