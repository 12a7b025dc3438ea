//! Regenerates the example filled forms shipped in
//! `inputs/rendicontazioni/<anno>/` from the plan: each Area's form,
//! filled as that Area plausibly would (most targets met, some late, a few
//! missed with a motivation, conditional steps not applicable), by
//! `consuntivo::synth` with a fixed seed.
//!
//!     cargo run --example esempio_rendicontazioni
//!
//! One form is then re-saved by LibreOffice as `.ods`, to ship a real
//! LibreOffice file (see README.md, "Dati di esempio"):
//!
//!     soffice --headless --convert-to ods --outdir inputs/rendicontazioni/2023 \
//!         "inputs/rendicontazioni/2023/2023 - Area II Socio-culturale e personale.xlsx"

use std::path::PathBuf;
use std::process::ExitCode;

use consuntivo::{forms, plan, synth};

/// Chosen among the first seeds because it gives a varied year: most Areas
/// in the top band, two in the proportional one, a few objectives missed.
const SEED: u64 = 2004;

/// The motivation each missed target of the 2023 example carries, written
/// for its indicator (and, where several Areas missed it, for the Area):
/// the generic ones the generator picks would read as copied. Keyed by
/// indicator and, optionally, Area.
const MOTIVATIONS: &[(&str, Option<&str>, &str)] = &[
    (
        "OB01.2",
        None,
        "La seconda giornata di formazione si è svolta a dicembre, in coincidenza con le scadenze di fine anno: parte del personale dell'Area non ha potuto partecipare.",
    ),
    (
        "OB02.2",
        Some("I"),
        "I richiami hanno riguardato ritardi nella pubblicazione dei dati in Amministrazione trasparente; nessuno ha dato luogo a provvedimenti disciplinari.",
    ),
    (
        "OB02.2",
        Some("IV"),
        "I 4 richiami hanno riguardato ritardi nella pubblicazione degli affidamenti in Amministrazione trasparente, dovuti alla scopertura del posto di istruttore tecnico; nessuno ha dato luogo a provvedimenti disciplinari.",
    ),
    (
        "OB06.1",
        None,
        "La richiesta dei dati è partita in ritardo perché il nuovo programma di contabilità, necessario per estrarli, è stato consegnato dal fornitore oltre i termini contrattuali.",
    ),
    (
        "OB06.2",
        None,
        "I dati sono stati trasmessi dopo la scadenza perché la richiesta del Servizio finanziario è pervenuta in ritardo.",
    ),
    (
        "OB07.1",
        None,
        "La richiesta è stata inviata dopo la scadenza per attendere il parere dell'organo di revisione sul rendiconto 2022.",
    ),
    (
        "OB15.1",
        None,
        "Il piano è stato presentato alla Giunta a settembre, dopo la riorganizzazione della squadra operai seguita al pensionamento di due addetti.",
    ),
    (
        "OB19.1",
        None,
        "I materiali della campagna sono stati distribuiti dopo il termine perché la stampa dipendeva dal contributo regionale, erogato in ritardo.",
    ),
    (
        "OB21.3",
        None,
        "Il progetto è stato approvato dopo la scadenza interna perché la Regione ha pubblicato le specifiche tecniche del bando solo a fine aprile.",
    ),
    (
        "OB23.1",
        None,
        "La relazione sui consumi della stagione termica è stata completata solo dopo il conguaglio del fornitore di energia, arrivato a marzo 2024.",
    ),
    (
        "OB24.1",
        None,
        "La migrazione al cloud si è conclusa dopo la scadenza per il ritardo del fornitore nella conversione degli archivi dell'edilizia privata.",
    ),
    (
        "OB24.3",
        Some("III"),
        "Il corso sui nuovi programmi è stato seguito da una sola persona: il resto dell'Area era impegnato nella chiusura dell'esercizio e nel passaggio al nuovo programma di contabilità.",
    ),
    (
        "OB24.3",
        Some("IV"),
        "Ha seguito la formazione un solo dipendente: il personale tecnico era impegnato nei cantieri finanziati dal PNRR, con scadenze non differibili.",
    ),
    (
        "OB29.1",
        None,
        "La scansione dei registri è stata completata in ritardo perché la ditta incaricata ha sospeso il servizio per due mesi.",
    ),
    (
        "OB30.1",
        None,
        "Hanno aderito meno associazioni del previsto: alcune non hanno rinnovato l'iscrizione all'albo comunale.",
    ),
];

/// The motivation written for `indicator` of `area`, if any.
fn motivation_for(indicator: &str, area: &str) -> Option<&'static str> {
    MOTIVATIONS
        .iter()
        .find(|(i, a, _)| *i == indicator && *a == Some(area))
        .or_else(|| {
            MOTIVATIONS
                .iter()
                .find(|(i, a, _)| *i == indicator && a.is_none())
        })
        .map(|(_, _, m)| *m)
}

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let plan_path = root.join("inputs/piano-2023.toml");
    let p = match plan::load(&plan_path) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::FAILURE;
        }
    };
    let dir = root.join(format!("inputs/rendicontazioni/{}", p.year));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("impossibile creare {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let mut results = synth::results(&p, SEED, &[]);
    for report in &mut results.reports {
        for e in &mut report.entries {
            if let Some(m) = e.motivation.as_mut()
                && let Some(text) = motivation_for(e.indicator.as_str(), e.area.as_str())
            {
                m.value = text.to_string();
            }
        }
    }
    for report in &results.reports {
        match forms::generate_prefilled(&p, &report.area, &report.entries) {
            Ok((name, bytes)) => {
                let path = dir.join(name);
                if let Err(e) = std::fs::write(&path, bytes) {
                    eprintln!("impossibile scrivere {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
                println!("scritto {}", path.display());
            }
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
