use consuntivo::diag::escape_controls;
use consuntivo::forms;

use super::{CmdResult, ente, say, written_report};
use crate::Common;

pub fn cmd_forms(common: &Common, settings: &forms::FormSettings) -> CmdResult {
    let progress = crate::terminal_progress::TerminalProgress::new();
    let w = ente(common).write_forms(settings, &progress)?;
    say(written_report(&w.done, ("modulo", "moduli")));
    // A unit with no row to report gets no form (not an empty one); the
    // user is told why.
    if !w.without.is_empty() {
        let vocab = ente(common).load_vocab()?;
        let lines: String = w
            .without
            .iter()
            .map(|(name, why)| format!("  {}: {why}.\n", escape_controls(name)))
            .collect();
        say(format!(
            "Nessun modulo per {} {}, che non {} righe da rendicontare:\n{lines}",
            w.without.len(),
            vocab.unit.count_form(w.without.len()),
            if w.without.len() == 1 { "ha" } else { "hanno" },
        ));
    }
    Ok(Default::default())
}
