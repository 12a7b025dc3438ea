use consuntivo::diag::{Diagnostics, escape_controls};
use consuntivo::forms;
use consuntivo::output::OutputSet;

use super::{CmdResult, io_error, load_plan, load_vocab, say, written_report};
use crate::Common;

pub fn cmd_forms(common: &Common, settings: &forms::FormSettings) -> CmdResult {
    let plan = load_plan(common)?;
    let settings = forms::FormSettings {
        vocab: load_vocab(common)?,
        ..settings.clone()
    };
    let mut dir = common.uscite.join("moduli").join(plan.year.to_string());
    // Monitoring forms go apart, so they are never mixed with year-end ones.
    if let Some(d) = settings.monitoring {
        dir = dir.join(format!("monitoraggio {}", d.format("%d-%m-%Y")));
    }
    let mut out = OutputSet::new(&dir, "moduli");
    let mut errors = Diagnostics::new();
    // A unit with no row to report gets no form (not an empty one); the
    // user is told why.
    let mut without = Vec::new();
    for area in &plan.areas {
        if let Some(why) = forms::no_rows_reason(&plan, &area.id, &settings.vocab) {
            without.push(format!("  {}: {why}.\n", escape_controls(&area.name)));
            continue;
        }
        match forms::generate_with(&plan, &area.id, &settings) {
            Ok((name, bytes)) => out.add(name, bytes),
            Err(d) => errors.extend(d),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let done = out.commit().map_err(|e| io_error(&e.path.clone(), e))?;
    say(written_report(&done, ("modulo", "moduli")));
    if !without.is_empty() {
        say(format!(
            "Nessun modulo per {} {}, che non {} righe da rendicontare:\n{}",
            without.len(),
            settings.vocab.unit.count_form(without.len()),
            if without.len() == 1 { "ha" } else { "hanno" },
            without.concat()
        ));
    }
    Ok(errors)
}
