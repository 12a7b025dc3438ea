use consuntivo::ente::RelazioneOptions;
use consuntivo::report;

use super::{CmdResult, ente, ente_with_templates, say, score_options};
use crate::{Common, ScoreArgs};

/// Reads everything `valuta` and the Relazione read and reports every
/// problem they would meet, warnings included, without writing anything:
/// the individual evaluations too, each text checked as the scheda would
/// print it; also what the Relazione would refuse or flag for its date
/// (`check_chronology`).
pub fn cmd_check(common: &Common, run: &ScoreArgs) -> CmdResult {
    let progress = crate::terminal_progress::TerminalProgress::new();
    // One check, the library's: the sportello runs the same.
    let (s, warnings) = ente(common).check(&score_options(run), &progress)?;
    super::note_scored(&s.scorecard);
    let entries: usize = s.results.reports.iter().map(|r| r.entries.len()).sum();
    let counted = match warnings.len() {
        0 => String::new(),
        1 => "; 1 avviso, elencato sotto".to_string(),
        n => format!("; {n} avvisi, elencati sotto"),
    };
    say(format_args!(
        "Moduli verificati: {} ({} righe lette), nessun errore{counted}.\n",
        s.results.reports.len(),
        entries
    ));
    // What the next `relazione` would compose, and take unchanged. When
    // it would stop instead (a final version asked for with proposals
    // pending), it has nothing to compose: the warnings above say why.
    if let Ok(next) = ente_with_templates(common, None).relazione_to_compose(
        &RelazioneOptions {
            score: score_options(run),
            ..RelazioneOptions::default()
        },
        &s,
    ) {
        say(report::pending_summary(
            &next.documents,
            next.summary_unchanged,
            &s.vocab,
        ));
    }
    Ok(warnings)
}
