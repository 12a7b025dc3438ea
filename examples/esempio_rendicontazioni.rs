//! Regenerates the example filled forms shipped in
//! `inputs/rendicontazioni/<anno>/` from the plan: each Area's form,
//! filled as that Area plausibly would (most targets met, some late, a few
//! missed with a motivation, conditional steps not applicable), by
//! `consuntivo::synth` with a fixed seed.
//!
//!     cargo run --example esempio_rendicontazioni
//!
//! The example is then made coherent with the rest of `inputs/` (a
//! Nucleo reads it as a sample of the care taken): no date after the day
//! the forms came back ([`FORMS_RETURNED`]), and the acts cited as
//! evidence numbered in the order of their dates, around the acts the
//! other example files cite ([`FIXED_ACTS`]).
//!
//! One form is then re-saved by LibreOffice as `.ods`, to ship a real
//! LibreOffice file (see README.md, "Dati di esempio"):
//!
//!     soffice --headless --convert-to ods --outdir inputs/rendicontazioni/2023 \
//!         "inputs/rendicontazioni/2023/2023 - Area II Socio-culturale e personale.xlsx"

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use consuntivo::results::Entry;
use consuntivo::{forms, italian, plan, synth};

/// The last day the example forms came back (the deadline the forms
/// print): nothing in them can be dated later.
const FORMS_RETURNED: (i32, u32, u32) = (2024, 3, 31);

/// Acts the other example files cite (`inputs/valutazioni-nucleo-2023.toml`,
/// `inputs/relazione.toml`): kind, number, date. Evidence numbers go
/// around them, so a number never comes back with another date.
const FIXED_ACTS: &[(&str, u32, (i32, u32, u32))] = &[
    ("DGC", 32, (2023, 2, 24)),
    ("DGC", 142, (2023, 9, 14)),
    ("DGC", 58, (2024, 4, 29)),
];

/// The registers acts are numbered in, with the kinds of act each holds
/// (protocol numbers are shared by every document filed) and roughly how
/// many acts it numbers in a year, to number evidence by its date.
const REGISTERS: &[(&[&str], u32)] = &[
    (&["DGC"], 200),
    (&["DCC"], 80),
    (&["Determinazione"], 900),
    (&["Verbale prot.", "Relazione prot."], 15000),
];

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
        Some("III"),
        "Il riscontro dei dati dell'Area è slittato insieme alla richiesta alle altre Aree (OB06.1), partita in ritardo per la consegna tardiva del nuovo programma di contabilità.",
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

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid example date")
}

/// A date after the forms came back becomes that day, in the date cell and
/// in the evidence that cites it.
fn no_date_after_return(e: &mut Entry) {
    let returned = ymd(FORMS_RETURNED);
    let Some(d) = e.date.as_mut() else { return };
    if d.value <= returned {
        return;
    }
    let (old, new) = (italian::date_short(d.value), italian::date_short(returned));
    d.value = returned;
    if let Some(ev) = e.evidence.as_mut() {
        ev.value = ev.value.replace(&old, &new);
    }
}

/// The kind and date of an evidence citing an act ("DGC n. 45 del
/// 12/05/2023"), when it does.
fn act_of(evidence: &str) -> Option<(&'static str, NaiveDate)> {
    let kind = REGISTERS
        .iter()
        .flat_map(|(kinds, _)| kinds.iter())
        .find(|k| evidence.starts_with(&format!("{k} n. ")))?;
    let date = italian::dates_in_text(evidence).first()?.date.ok()?;
    Some((kind, date))
}

/// Renumbers the acts cited as evidence so that, register by register and
/// year by year, numbers grow with dates and fit around [`FIXED_ACTS`].
fn number_acts_in_order(entries: &mut [&mut Entry]) {
    for (kinds, per_year) in REGISTERS {
        let in_register = |e: &Entry| {
            e.evidence
                .as_ref()
                .and_then(|ev| act_of(&ev.value))
                .filter(|(k, _)| kinds.contains(k))
        };
        let mut years: Vec<i32> = entries
            .iter()
            .filter_map(|e| in_register(e))
            .map(|(_, d)| d.year())
            .collect();
        years.sort();
        years.dedup();
        for year in years {
            // (date, fixed number or None, entry index)
            let mut acts: Vec<(NaiveDate, Option<u32>, usize)> = FIXED_ACTS
                .iter()
                .filter(|(k, _, d)| kinds.contains(k) && d.0 == year)
                .map(|(_, n, d)| (ymd(*d), Some(*n), usize::MAX))
                .collect();
            for (i, e) in entries.iter().enumerate() {
                if let Some((_, d)) = in_register(e)
                    && d.year() == year
                {
                    acts.push((d, None, i));
                }
            }
            // Fixed acts first on their day: evidence of that day follows.
            acts.sort_by_key(|(d, fixed, i)| (*d, fixed.is_none(), *i));
            let mut last = 0;
            for (k, (date, fixed, i)) in acts.iter().enumerate() {
                let n = match fixed {
                    Some(n) => *n,
                    None => {
                        let guess = 1 + date.ordinal() * per_year / 366;
                        let next_fixed = acts[k..].iter().find_map(|a| a.1).unwrap_or(u32::MAX);
                        let n = guess.max(last + 1);
                        if n < next_fixed { n } else { last + 1 }
                    }
                };
                assert!(
                    n > last,
                    "{kinds:?} {year}: numbering cannot follow the dates"
                );
                last = n;
                if let Some(ev) = entries.get_mut(*i).and_then(|e| e.evidence.as_mut())
                    && let Some((kind, _)) = act_of(&ev.value)
                {
                    let rest = ev.value[kind.len() + 4..]
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .to_string();
                    ev.value = format!("{kind} n. {n}{rest}");
                }
            }
        }
    }
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
    for report in &mut results.reports {
        for e in &mut report.entries {
            no_date_after_return(e);
        }
    }
    let mut all: Vec<&mut Entry> = results
        .reports
        .iter_mut()
        .flat_map(|r| r.entries.iter_mut())
        .collect();
    number_acts_in_order(&mut all);
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
