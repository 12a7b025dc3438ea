//! `consuntivo validazione`: the evaluator's carta di lavoro and the draft
//! documento di validazione, read back with pdftotext, for the shipped
//! 2023 data (the OB09.2 correction, the OB21.4 neutralisation, the
//! confirmations) and for the Settori fixture, whose evaluator is an OIV;
//! the evaluator's file refused at its line and column, nothing written.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

mod common;
use common::{consuntivo, copy_dir, flat, pdftotext_flow, repo, scratch_inputs, text};

fn carta(dir: &Path, year: i32) -> PathBuf {
    dir.join(format!(
        "outputs/{year}/validazione/Carta di lavoro per la validazione {year}.pdf"
    ))
}

fn documento(dir: &Path, year: i32) -> PathBuf {
    dir.join(format!(
        "outputs/{year}/validazione/Documento di validazione {year}.pdf"
    ))
}

/// The text in one line, words hyphenated at a line's end joined again.
fn read(pdf: &Path) -> String {
    flat(&pdftotext_flow(pdf)).replace("\u{ad} ", "")
}

fn run_ok(args: &[&str], dir: &Path) -> String {
    let out = consuntivo(args, dir);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

fn fingerprint(dir: &Path) -> String {
    let said = run_ok(&["relazione", "--bozza"], dir);
    let at = said
        .find("Impronta dei risultati di questa bozza: ")
        .expect("the draft prints its fingerprint");
    said[at + "Impronta dei risultati di questa bozza: ".len()..]
        .chars()
        .take(14)
        .collect()
}

#[test]
fn the_2023_carta_lists_every_finding_by_criterion() {
    let dir = scratch_inputs();
    let root = dir.path();
    let code = fingerprint(root);
    let said = run_ok(&["validazione"], root);
    assert!(said.contains(&code), "{said}");
    let c = read(&carta(root, 2023));
    // The gaps in the plan's order of codes (review 35 n. 3).
    let gaps =
        &c[c.find("Scostamenti").unwrap()..c.find("Indicatori esclusi o neutralizzati").unwrap()];
    let at = |code: &str| gaps.find(code).unwrap_or_else(|| panic!("{code}: {gaps}"));
    assert!(
        at("OB02.2") < at("OB24.1") && at("OB24.1") < at("OB24.3"),
        "{gaps}"
    );
    for phrase in [
        "Carta di lavoro, documento interno.",
        "Tutti i 42 obiettivi del piano compaiono nella Relazione, e la Relazione non riporta obiettivi che non siano nel piano.",
        "Tutte le Aree che rendicontano hanno restituito il modulo.",
        // The plan's change, with its act.
        "Il piano ha avuto una variazione nel corso dell'anno, con il suo atto:",
        "DGC n. 142 del 14/09/2023",
        // OB09.2's gap is the evaluator's correction of a full grade: not
        // a missing motivation (review 34 n. 13).
        // 16 indicator × Area pairs of 14 indicators, said as such
        // (review 35 n. 3), no sentence opening with a digit (n. 8).
        "Le valutazioni di indicatori che non hanno raggiunto pienamente il traguardo sono 16 (14 indicatori, contati una volta per ciascuna Area che ne risponde). Per una lo scostamento viene dalla correzione del grado del Nucleo di Valutazione: i dati davano il 100%, e non c'era nulla da motivare. Le altre hanno la motivazione dello scostamento.",
        "Queste carte descrivono i dati con l'impronta dei risultati",
        "scostamento da correzione del Nucleo di Valutazione",
        // OB30.1 at 93,6% is «raggiunto» (n. 11).
        "una valutazione dell'elenco ha l'esito «raggiunto», pur con un grado sotto il 100%",
        // The correction: before and after, with the evaluator's motivation.
        "indicatore OB09.2",
        "100% 50% Dalle note inviate al Distretto del Commercio",
        "corretto dal Nucleo di Valutazione",
        // The neutralisation and the plan's condition, each with its reason.
        "OB21.4",
        "neutralizzato dal Nucleo di Valutazione Regione Lombardia non ha pubblicato nel 2023",
        "condizione di applicabilità non verificata Solo in caso di adesione all'avviso pubblico",
        // The confirmations: one decision for six units is one row.
        "OB20.1",
        "Raggiunto Gli indicatori dei progetti Alzano sicura",
        // OB02.2's confirmation covers its first target only (n. 12).
        "Traguardo 1: Raggiunto",
        "una decisione presa per più Aree è una riga sola",
        "Nessuna proposta delle Aree attende la decisione del Nucleo di Valutazione.",
        "I moduli di rendicontazione letti sono 7.",
        "2023 - Area III Finanziaria.xlsx",
        "valutazioni-nucleo-2023.toml",
        // relazione.toml: the plan's changes and the validation (n. 18).
        "Impostazioni della Relazione: variazioni del piano e validazione registrata",
        "L'atto di validazione registrato (verbale n. 3/2024 del Nucleo di Valutazione del 18/04/2024) cita questa stessa impronta",
        // Dated by that act (n. 8).
        "18 aprile 2024",
    ] {
        let phrase = phrase.replace('\'', "’");
        assert!(c.contains(&phrase), "«{phrase}» not in the carta:\n{c}");
    }
    assert!(c.contains(&code), "the fingerprint {code} in the carta");
    assert_eq!(
        c.matches("L’Ufficio per i procedimenti disciplinari")
            .count(),
        1
    );
    // Every form's codice di controllo, as the bytes give it.
    let forms = root.join("inputs/rendicontazioni/2023");
    for entry in std::fs::read_dir(&forms).unwrap() {
        let path = entry.unwrap().path();
        let sha = format!("{:x}", Sha256::digest(std::fs::read(&path).unwrap()));
        let shown = format!("{} {}", &sha[..32], &sha[32..]);
        assert!(
            c.contains(&shown),
            "{} {sha} not in the carta",
            path.display()
        );
    }
    assert!(
        !c.contains("BOZZA"),
        "the carta is a work-paper, not a draft"
    );
    let settings = root.join("inputs/relazione.toml");
    let sha = format!("{:x}", Sha256::digest(std::fs::read(&settings).unwrap()));
    assert!(
        c.contains(&format!("{} {}", &sha[..32], &sha[32..])),
        "relazione.toml's code"
    );
    assert!(
        !c.contains(" unità") && !c.contains("Unità"),
        "the ente's words, not «unità»:\n{c}"
    );
}

#[test]
fn the_2023_documento_has_four_headings_the_evaluators_words_and_its_verdict() {
    let dir = scratch_inputs();
    let root = dir.path();
    run_ok(&["validazione"], root);
    let d = read(&documento(root, 2023));
    let mut from = 0;
    for heading in [
        "1. Conformità",
        "2. Attendibilità",
        "3. Comprensibilità e completezza",
        "4. Utilizzo degli indicatori",
        "5. Conclusione",
    ] {
        let at = d[from..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} after the previous heading:\n{d}"));
        from += at + heading.len();
    }
    for phrase in [
        "18 aprile 2024",
        "Il Nucleo di Valutazione, ai sensi dell'articolo 14, comma 4, lettera c), del D.Lgs. 150/2009, ha esaminato la bozza",
        "La Relazione riporta tutti i 42 obiettivi del piano",
        "Il piano ha avuto una variazione nel corso dell'anno, con il suo atto.",
        "Il Nucleo di Valutazione ha corretto 1 grado e ha confermato 7 proposte delle Aree, ogni decisione con la sua motivazione.",
        "Le valutazioni di indicatori che non hanno raggiunto pienamente il traguardo, con un grado sotto il 100%, sono 16, relative a 14 indicatori (una di queste ha comunque l'esito «raggiunto»). Per una lo scostamento viene dalla correzione del grado del Nucleo di Valutazione, e non c'era nulla da motivare. Per le altre la Relazione riporta la motivazione dello scostamento.",
        // With its article (review 35 n. 8).
        "Il grado complessivo dell'ente è il 91,4%.",
        // Indicator × Area pairs are not the plan's indicators (n. 11).
        "Il piano ha 84 indicatori, che contati una volta per ciascuna Area che ne risponde danno 111 valutazioni: di queste, 108 hanno un grado (93 raggiunte, 10 parzialmente raggiunte, 5 non raggiunte)",
        "3 sono escluse dalla valutazione o neutralizzate, ciascuna con il suo motivo",
        // The evaluator's own words, from validazione-2023.toml.
        "Il Nucleo ha verificato a campione la documentazione",
        "Il Nucleo di Valutazione valida la Relazione sulla performance 2023 con le osservazioni che seguono.",
        "Per l'indicatore OB09.2 il Nucleo ha ridotto il grado al 50%",
        "La versione definitiva della Relazione cita l'atto",
    ] {
        let phrase = phrase.replace('\'', "’");
        assert!(d.contains(&phrase), "«{phrase}» not in the documento:\n{d}");
    }
    assert!(
        !d.contains("BOZZA") && !d.contains("Bozza."),
        "the verdict is set: not a draft"
    );
}

#[test]
fn without_the_evaluators_file_the_documento_is_a_draft_and_the_terminal_says_what_to_write() {
    let dir = scratch_inputs();
    let root = dir.path();
    std::fs::remove_file(root.join("inputs/validazione-2023.toml")).unwrap();
    let said = run_ok(&["validazione"], root);
    assert!(said.contains("inputs/validazione-2023.toml"), "{said}");
    assert!(said.contains("esito = \"validata\""), "{said}");
    let d = read(&documento(root, 2023));
    assert!(d.contains("Bozza. Le parti sono precompilate"), "{d}");
    assert!(
        d.contains("La conclusione («validata», «validata con osservazioni» o «non validata») spetta al Nucleo di Valutazione"),
        "{d}"
    );
    // A draft does not state the examination as done (review 34 n. 19).
    assert!(
        d.contains("esamina la bozza della Relazione sulla performance 2023"),
        "{d}"
    );
    assert!(!d.contains("ha esaminato"), "{d}");
    assert!(!d.contains("Considerazioni del Nucleo"), "{d}");
}

/// The evaluator's file broken one way at a time: an Italian error at its
/// line and column, and nothing written.
#[test]
fn a_bad_validation_file_is_refused_at_its_line_and_nothing_is_written() {
    let cases: [(&str, &str, &str); 6] = [
        // Remarks under a plain «validata» (review 34 n. 16).
        (
            "esito = \"validata_con_osservazioni\"",
            "esito = \"validata\"",
            ":14:16",
        ),
        // An accented key, with the key to write (n. 17).
        ("\nconformita = ", "\nconformità = ", ":22:1"),
        (
            "esito = \"validata_con_osservazioni\"",
            "esito = \"approvata\"",
            ":12:9",
        ),
        ("anno = 2023", "anno = 2022", ":8:8"),
        ("[testi]", "[testi]\nsintesi = \"…\"", ":22:1"),
        (
            "osservazioni = [",
            "osservazione = \"x\"\nvecchie = [",
            ":14:1",
        ),
    ];
    for (from, to, at) in cases {
        let dir = scratch_inputs();
        let root = dir.path();
        let file = root.join("inputs/validazione-2023.toml");
        let t = std::fs::read_to_string(&file).unwrap();
        assert!(t.contains(from), "{from}");
        std::fs::write(&file, t.replacen(from, to, 1)).unwrap();
        let out = consuntivo(&["validazione"], root);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{to}: accepted");
        assert!(
            err.contains(&format!("validazione-2023.toml{at}")),
            "{to}: not at {at}:\n{err}"
        );
        assert!(
            !root.join("outputs/2023/validazione").exists(),
            "{to}: written"
        );
    }
    // A file named for another year.
    let dir = scratch_inputs();
    let root = dir.path();
    let other = root.join("inputs/validazione-2022.toml");
    std::fs::rename(root.join("inputs/validazione-2023.toml"), &other).unwrap();
    let out = consuntivo(
        &["validazione", "--testi", "inputs/validazione-2022.toml"],
        root,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("il file della validazione è del 2022, ma il piano è del 2023"),
        "{}",
        text(&out.stderr)
    );
    assert!(!root.join("outputs/2023/validazione").exists());
    // A file named with --testi that is not there.
    let out = consuntivo(&["validazione", "--testi", "inputs/nessuno.toml"], root);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("nessuno.toml"),
        "{}",
        text(&out.stderr)
    );
    assert!(!root.join("outputs/2023/validazione").exists());
}

/// A comune in Settori whose evaluator is an OIV: neither paper says
/// «Nucleo», «Area», the example ente or its year.
#[test]
fn the_papers_speak_the_entes_words() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let inputs = root.join("inputs");
    copy_dir(&repo().join("tests/fixtures/piani/settori"), &inputs);
    std::fs::copy(repo().join("inputs/smvp.toml"), inputs.join("smvp.toml")).unwrap();
    std::fs::write(
        inputs.join("relazione.toml"),
        "data = \"30/04/2026\"\n\n[[variazioni]]\natto = \"DGC n. 7 del 10/07/2025\"\ndescrizione = \"Spostata la scadenza di una fase.\"\n",
    )
    .unwrap();
    run_ok(&["moduli"], root);
    copy_dir(
        &root.join("outputs/moduli/2025"),
        &inputs.join("rendicontazioni/2025"),
    );
    let said = run_ok(&["validazione"], root);
    assert!(
        said.contains("dell'Organismo indipendente di valutazione"),
        "{said}"
    );
    let c = read(&carta(root, 2025));
    let d = read(&documento(root, 2025));
    for (name, t) in [("carta", &c), ("documento", &d)] {
        // The payment-times law's number is not the example's year.
        let t = &t
            .replace("DL 13/2023", "DL 13/…")
            .replace("L. 41/2023", "L. 41/…");
        for word in ["Nucleo", "Area", "2023", "Alzano"] {
            assert!(!t.contains(word), "«{word}» in the {name}:\n{t}");
        }
    }
    assert!(c.contains("DGC n. 7 del 10/07/2025"), "{c}");
    assert!(
        c.contains("decisione dell’Organismo indipendente di valutazione"),
        "{c}"
    );
    // Not reported is not «senza motivazione» (review 35 n. 2): listed
    // apart, with the grade the Relazione gives it.
    assert!(
        c.contains("Le valutazioni di indicatori non rendicontate sono 7 (5 indicatori, contati una volta per ciascun Settore che ne risponde): la Relazione le conta con il grado 0%, secondo la regola dei dati mancanti"),
        "{c}"
    );
    assert!(
        c.contains("Nessun indicatore rendicontato ha un grado sotto il 100%"),
        "{c}"
    );
    assert!(!c.contains("senza motivazione"), "{c}");
    assert!(d.contains("Bozza. Le parti sono precompilate"), "{d}");
    assert!(
        d.contains("non ha corretto gradi né confermato proposte dei Settori"),
        "{d}"
    );
    assert!(
        d.contains("spetta all’Organismo indipendente di valutazione"),
        "{d}"
    );
    // Blank forms: the objectives appear, none is reported (review 34
    // n. 10); zero counts in words and no grade of the ente (n. 15); the
    // ente's words, never «unità» (n. 14).
    for phrase in [
        "Tutti i 5 obiettivi del piano compaiono nella Relazione",
        "Nessun obiettivo, però, ha un indicatore rendicontato:",
        "Nessun Settore ha dichiarato «non applicabile» un indicatore.",
    ] {
        assert!(c.contains(phrase), "«{phrase}» not in the carta:\n{c}");
    }
    for phrase in [
        "La Relazione riporta tutti i 5 obiettivi del piano",
        "Nessun obiettivo, però, ha un indicatore rendicontato.",
        "Le valutazioni di indicatori non rendicontate sono 7, relative a 5 indicatori, e la Relazione le conta con il grado 0%, secondo la regola dei dati mancanti: non sono scostamenti da motivare",
        "Il piano ha 5 indicatori, che contati una volta per ciascun Settore che ne risponde danno 7 valutazioni: di queste, nessuna è rendicontata, e tutte valgono lo 0% secondo la regola dei dati mancanti.",
        "Nessun Settore ha dichiarato «non applicabile» un indicatore.",
    ] {
        assert!(d.contains(phrase), "«{phrase}» not in the documento:\n{d}");
    }
    assert!(!d.contains("rendiconta tutti"), "{d}");
    assert!(!d.contains(" 0 "), "a zero count in figures:\n{d}");
    assert!(!d.contains("senza la motivazione"), "{d}");
    // The ente's grade is the one the Relazione prints for the same run
    // (review 35 n. 2): «valuta» says it.
    let said = run_ok(&["valuta"], root);
    let grade = said
        .split("Grado dell'ente: ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap_or_else(|| panic!("{said}"));
    assert_eq!(grade, "0%", "{said}");
    assert!(d.contains("Il grado complessivo dell’ente è lo 0%."), "{d}");
    for (name, t) in [("carta", &c), ("documento", &d)] {
        assert!(
            !t.contains(" unità") && !t.contains("Unità"),
            "«unità» in the {name}:\n{t}"
        );
    }
    // Returned blank but one: «1 Settore», the ente's word.
    std::fs::remove_file(inputs.join("rendicontazioni/2025/2025 - Settore Tecnico.xlsx")).unwrap();
    std::fs::write(
        inputs.join("validazione-2025.toml"),
        "anno = 2025\nesito = \"non_validata\"\nosservazioni = \"Manca il modulo del Settore Tecnico.\"\n",
    )
    .unwrap();
    run_ok(&["validazione"], root);
    let c = read(&carta(root, 2025));
    let d = read(&documento(root, 2025));
    assert!(
        c.contains(
            "Settori che non hanno restituito il modulo di rendicontazione: • Settore Tecnico"
        ),
        "{c}"
    );
    assert!(d.contains("Un Settore non ha restituito il modulo."), "{d}");
    // Not validated: no word of a final version (review 34 n. 6).
    assert!(
        d.contains(
            "L’Organismo indipendente di valutazione non valida la Relazione sulla performance 2025"
        ),
        "{d}"
    );
    assert!(
        d.contains("La Relazione non validata non si pubblica come versione definitiva"),
        "{d}"
    );
    assert!(
        !d.contains("La versione definitiva della Relazione cita"),
        "{d}"
    );
}

/// A conclusion written while a proposal awaits the evaluator: the
/// documento stays a draft, marked as such, says the conclusion is only
/// proposed, never «valida»; the terminal says why (review 34 n. 7).
#[test]
fn a_conclusion_with_a_proposal_pending_leaves_the_documento_a_draft() {
    let dir = scratch_inputs();
    let root = dir.path();
    let file = root.join("inputs/valutazioni-nucleo-2023.toml");
    let t = std::fs::read_to_string(&file).unwrap();
    let at = t
        .find("[[conferma]]\nindicatore = \"OB20.1\"")
        .expect("OB20.1's confirmation");
    let end = at + t[at..].find("\n\n").unwrap();
    std::fs::write(&file, format!("{}{}", &t[..at], &t[end..])).unwrap();
    let said = run_ok(&["validazione"], root);
    assert!(
        said.contains("Il documento di validazione resta una bozza, con la conclusione proposta «validata con osservazioni»"),
        "{said}"
    );
    assert!(
        said.contains("1 proposta attende ancora la decisione del Nucleo di Valutazione"),
        "{said}"
    );
    assert!(!said.contains("Esito scritto nel documento"), "{said}");
    // The registered act validated other results: the papers take the
    // draft's date, not the act's (review 35 n. 4).
    assert!(said.contains("Data delle carte: 30/04/2024."), "{said}");
    let c = read(&carta(root, 2023));
    assert!(
        c.contains("Una proposta attende la decisione del Nucleo di Valutazione: la Relazione non può essere definitiva finché non è decisa."),
        "{c}"
    );
    let d = read(&documento(root, 2023));
    for phrase in [
        "BOZZA",
        "Bozza. La conclusione è solo proposta: una proposta delle Aree attende ancora la decisione del Nucleo di Valutazione",
        "esamina la bozza",
        "La conclusione proposta è «validata con osservazioni»: il Nucleo di Valutazione la adotta quando la proposta in attesa sarà decisa.",
        "Osservazioni proposte:",
    ] {
        assert!(d.contains(phrase), "«{phrase}» not in the documento:\n{d}");
    }
    assert!(!d.contains("valida la Relazione"), "{d}");
    assert!(!d.contains("ha esaminato"), "{d}");
}

/// The papers belong to the validation act: dated by it when registered;
/// a date before the year closes, before a result they report or after
/// the act is refused at --data, in the evaluator's words, nothing
/// written (review 34 n. 8 and 17).
#[test]
fn the_papers_date_is_the_validation_acts_and_a_wrong_one_is_refused() {
    let dir = scratch_inputs();
    let root = dir.path();
    let said = run_ok(&["validazione"], root);
    assert!(said.contains("Data delle carte: 18/04/2024."), "{said}");
    assert!(
        said.contains(
            "Impronta dei risultati della bozza della Relazione, da citare nell'atto di validazione"
        ),
        "{said}"
    );
    std::fs::remove_dir_all(root.join("outputs")).unwrap();
    for (date, says) in [
        ("01/06/2023", "non è successiva alla fine del 2023"),
        (
            "01/01/2024",
            "è precedente a un risultato che la Relazione riporta (OB11.2, del 31/03/2024)",
        ),
        (
            "20/04/2024",
            "è successiva all'atto di validazione registrato in relazione.toml (18/04/2024)",
        ),
    ] {
        let out = consuntivo(&["validazione", "--data", date], root);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{date}: accepted");
        assert!(
            err.contains("errore: --data: la data delle carte della validazione"),
            "{date}: {err}"
        );
        assert!(err.contains(says), "{date}: {err}");
        assert!(
            err.contains("la data dell'atto") && !err.contains("approvazione"),
            "{date}: the hint speaks of the evaluator's act: {err}"
        );
        assert!(!root.join("outputs").exists(), "{date}: written");
    }
    // A two-digit year is refused with the form to write, never read as
    // the year 18 or 24 (review 35 n. 6).
    for date in ["18-04-24", "18/04/24"] {
        let out = consuntivo(&["validazione", "--data", date], root);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{date}: accepted");
        assert!(
            err.contains("ha l'anno in due cifre: scrivere la data come GG/MM/AAAA")
                && err.contains("18/04/2024"),
            "{date}: {err}"
        );
        assert!(!err.contains("0018") && !err.contains("0024"), "{err}");
        assert!(!root.join("outputs").exists(), "{date}: written");
    }
    // An earlier date, after every result: accepted, and printed.
    let said = run_ok(&["validazione", "--data", "10/04/2024"], root);
    assert!(said.contains("Data delle carte: 10/04/2024."), "{said}");
    assert!(read(&documento(root, 2023)).contains("10 aprile 2024"));
}
