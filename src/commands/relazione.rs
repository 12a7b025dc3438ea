use consuntivo::ente::RelazioneOptions;
use consuntivo::opendata::{self, compare};
use consuntivo::scoring;
use consuntivo::vocab::Prep;

use super::previous::compare_with_previous;
use super::{CmdResult, ente_with_templates, say, sayln, score_all, score_options, written_report};
use crate::{Common, RunArgs, ScoreArgs};

pub fn cmd_score(common: &Common, run: &ScoreArgs) -> CmdResult {
    let mut s = score_all(common, run)?;
    // Only compared with the year before, never written: its state
    // (draft or final) is not read.
    let open = opendata::build(&s.plan, &s.scorecard, false);
    let (comparison, found) = compare_with_previous(common, &open)?;
    s.warnings.extend(found);
    super::note_scored(&s.scorecard);
    say(scoring::summary(&s.plan, &s.scorecard, &s.vocab));
    if let Some(c) = &comparison {
        say(compare::text(c, &s.vocab));
    }
    Ok(s.warnings)
}

pub fn relazione(common: &Common, run: &RunArgs) -> CmdResult {
    let progress = crate::terminal_progress::TerminalProgress::new();
    let w = ente_with_templates(common, run.modelli.clone()).write_relazione(
        &RelazioneOptions {
            score: score_options(&run.score),
            date: run.data,
            draft: run.bozza,
            require_final: false,
            from_scratch: run.da_capo,
        },
        &progress,
    )?;
    let s = &w.scored;
    super::note_scored(&s.scorecard);
    say(scoring::summary(&s.plan, &s.scorecard, &s.vocab));
    if let Some(c) = &w.comparison {
        say(compare::text(c, &s.vocab));
    }
    say("\n");
    say(written_report(&w.done, ("file", "file")));
    // Written is not composed: what nothing changed is the earlier file,
    // taken again (review 32 B6: «Scritti 11 file» then «invariata»).
    if w.reused.contains("invariat") {
        say(
            "Composti ora, o ripresi invariati dalla scrittura precedente perché nulla di loro è cambiato:\n",
        );
    }
    say(&w.reused);
    let year = s.plan.year;
    let evaluator = s.vocab.evaluator.prep(Prep::A, false);
    let of_evaluator = s.vocab.evaluator.prep(Prep::Di, false);
    let code = scoring::fingerprint(&s.scorecard);
    // The individual evaluations' warnings name people: they go to the
    // terminal, never to the public documents.
    let mut warnings = w.scored.warnings.clone();
    warnings.extend(w.private_warnings);
    // The verdict is the last thing said: the warnings printed after it
    // are announced in it, so that «definitiva» is not read as «all well».
    // Before what comes next: publishing the final version, sending a
    // draft to the evaluator.
    let before = if w.definitive {
        "di pubblicare".to_string()
    } else {
        format!("di inviare la bozza {evaluator}")
    };
    let read_below = match warnings.len() {
        0 => String::new(),
        1 => format!(" C'è 1 avviso, qui sotto: leggerlo prima {before}."),
        n => format!(" Ci sono {n} avvisi, qui sotto: leggerli prima {before}."),
    };
    if w.definitive {
        sayln!(
            "La Relazione {year} è la versione definitiva, validata e senza proposte in attesa (impronta dei risultati {code}).{read_below}"
        );
    } else {
        sayln!(
            "La Relazione {year} è una BOZZA, con la scritta BOZZA su ogni pagina: è da inviare {evaluator} per la validazione, non da pubblicare."
        );
        sayln!(
            "Impronta dei risultati di questa bozza: {code}. L'atto di validazione {of_evaluator} la cita; in relazione.toml si registra con l'atto: [validazione] impronta = \"{code}\".{read_below}"
        );
    }
    Ok(warnings)
}
