use super::individuali::load_individual;
use super::{CmdResult, check_chronology, check_printable, rules_path, say, score_all};
use crate::{Common, ScoreArgs};

/// Reads everything `valuta` and the Relazione read and reports every
/// problem they would meet, warnings included, without writing anything:
/// the individual evaluations too, each text checked as the scheda would
/// print it; also what the Relazione would refuse or flag for its date
/// (`check_chronology`).
pub fn cmd_check(common: &Common, run: &ScoreArgs) -> CmdResult {
    let mut s = score_all(common, run)?;
    let mut unprintable = check_printable(common, &s);
    unprintable.extend(check_chronology(common, &s, None, false));
    if let Err(d) = load_individual(&common.ingressi, &rules_path(common, run), &s) {
        unprintable.extend(d);
    }
    if unprintable.has_errors() {
        let mut all = unprintable;
        all.extend(s.warnings);
        return Err(all);
    }
    s.warnings.extend(unprintable);
    let entries: usize = s.results.reports.iter().map(|r| r.entries.len()).sum();
    let warnings = match s.warnings.len() {
        0 => String::new(),
        1 => "; 1 avviso, elencato sotto".to_string(),
        n => format!("; {n} avvisi, elencati sotto"),
    };
    say(format_args!(
        "Moduli verificati: {} ({} righe lette), nessun errore{warnings}.\n",
        s.results.reports.len(),
        entries
    ));
    Ok(s.warnings)
}
