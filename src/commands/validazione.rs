//! `validazione`: the evaluator's carta di lavoro and the draft of the
//! documento di validazione.

use std::path::PathBuf;

use chrono::NaiveDate;
use consuntivo::ente::{VALIDATION_DIR, ValidationOptions};
use consuntivo::validation::{self, Verdict};
use consuntivo::vocab::Prep;

use super::{CmdResult, ente_with_templates, say, sayln, score_options};
use crate::{Common, ScoreArgs};

pub fn cmd_validation(
    common: &Common,
    score: &ScoreArgs,
    testi: Option<PathBuf>,
    data: Option<NaiveDate>,
    modelli: Option<PathBuf>,
) -> CmdResult {
    let progress = crate::terminal_progress::TerminalProgress::new();
    let ente = ente_with_templates(common, modelli);
    let vocab = ente.load_vocab()?;
    let w = ente.write_validation_papers(
        &ValidationOptions {
            score: score_options(score),
            date: data,
            file: testi,
        },
        &progress,
    )?;
    let evaluator = vocab.evaluator.prep(Prep::Di, false);
    sayln!("Carte della validazione {evaluator} scritte in {VALIDATION_DIR}/:");
    for p in &w.written {
        sayln!("  {}", p.display());
    }
    sayln!(
        "Impronta dei risultati della bozza della Relazione, da citare nell'atto di validazione: {}.",
        w.fingerprint
    );
    sayln!(
        "Data delle carte: {}.",
        consuntivo::italian::date_short(w.date)
    );
    let said = |v: Verdict| match v {
        Verdict::Validated => "validata",
        Verdict::WithObservations => "validata con osservazioni",
        Verdict::NotValidated => "non validata",
    };
    match (w.file_found, w.verdict) {
        // A conclusion while proposals await the evaluator: only proposed.
        (true, Some(v)) if w.pending > 0 => sayln!(
            "Il documento di validazione resta una bozza, con la conclusione proposta «{}» (da {}): {} ancora la decisione {evaluator}. Decise le proposte, rieseguire consuntivo validazione.",
            said(v),
            w.file.display(),
            if w.pending == 1 {
                "1 proposta attende".to_string()
            } else {
                format!("{} proposte attendono", w.pending)
            }
        ),
        (true, Some(v)) => sayln!(
            "Esito scritto nel documento: «{}» (da {}).",
            said(v),
            w.file.display()
        ),
        (true, None) => sayln!(
            "Il documento di validazione resta una bozza: {} non indica ancora l'esito (esito = \"validata\", \"validata_con_osservazioni\" o \"non_validata\").",
            w.file.display()
        ),
        (false, _) => {
            sayln!(
                "Il documento di validazione è una bozza senza conclusione: i testi e l'esito {evaluator} si scrivono nel file {}, per esempio:",
                w.file.display()
            );
            for line in validation::file::example(w.year) {
                sayln!("    {line}");
            }
        }
    }
    // The publication list follows the papers (review 35 n. 1).
    let adopted = w.verdict.is_some_and(|v| v != Verdict::NotValidated) && w.pending == 0;
    let list = consuntivo::publication::file_name(w.year);
    match (w.listed, adopted) {
        (Some(true), _) => sayln!(
            "Elenco «{list}» scritto di nuovo: ora riporta il documento di validazione adottato, con il suo codice di controllo."
        ),
        (Some(false), true) => sayln!(
            "Elenco «{list}» scritto di nuovo, senza il documento di validazione: l'elenco è quello di una bozza o di altri risultati, e lo riporterà con la Relazione definitiva di questi risultati (consuntivo)."
        ),
        (Some(false), false) => sayln!(
            "Elenco «{list}» scritto di nuovo: il documento di validazione non vi compare finché non è adottato."
        ),
        (None, true) => sayln!(
            "L'elenco «{list}» riporterà il documento di validazione adottato quando sarà scritta la Relazione definitiva (consuntivo)."
        ),
        (None, false) => {}
    }
    say("");
    Ok(w.warnings)
}
