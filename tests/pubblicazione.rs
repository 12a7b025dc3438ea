//! «Cosa pubblicare e dove», as `relazione` writes it on the shipped 2023
//! data: every public file of the run listed with its sub-section of
//! «Amministrazione trasparente», its date and its codice di controllo
//! (checked against the file's bytes), the ente's codice fiscale in the
//! heading, never a file of `riservato/`; the PDF read back with
//! pdftotext, the CSV parsed.

use std::path::Path;

use sha2::{Digest, Sha256};

mod common;
use common::{consuntivo, flat, pdftotext, text};

const LIST_PDF: &str = "outputs/2023/Cosa pubblicare e dove 2023.pdf";
const LIST_CSV: &str = "outputs/2023/Cosa pubblicare e dove 2023.csv";

/// A scratch copy of `inputs/`, edited, run with `args`; panics unless it
/// succeeds.
fn run(args: &[&str], edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = common::scratch_inputs();
    edit(&dir.path().join("inputs"));
    let out = consuntivo(args, dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

fn csv_rows(dir: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(dir.join(LIST_CSV)).expect("the list's CSV is written");
    common::csv::parse(&String::from_utf8(bytes).expect("UTF-8"))
}

/// The list's row of the documento di validazione.
fn documento_row(rows: &[Vec<String>]) -> &Vec<String> {
    rows.iter()
        .find(|r| r[7] == "validazione/Documento di validazione 2023.pdf")
        .unwrap_or_else(|| panic!("the documento is not listed: {rows:?}"))
}

fn sha256(path: &Path) -> String {
    format!(
        "{:x}",
        Sha256::digest(std::fs::read(path).expect("listed file"))
    )
}

#[test]
fn the_final_list_names_every_public_file_with_its_section_and_code() {
    let dir = run(&["relazione"], |_| {});
    let year = dir.path().join("outputs/2023");
    let rows = csv_rows(dir.path());
    // The header, as the unit test spells it.
    assert_eq!(rows[0], consuntivo::publication::COLUMNS);
    let listed: Vec<&str> = rows[1..].iter().map(|r| r[7].as_str()).collect();
    assert_eq!(
        listed,
        [
            "Relazione sulla performance 2023.pdf",
            "dati-aperti/ente.csv",
            "dati-aperti/unita.csv",
            "dati-aperti/obiettivi.csv",
            "dati-aperti/indicatori.csv",
            "dati-aperti/risultati.json",
            "dati-aperti/premi-ammontare.csv",
            "dati-aperti/premi-distribuzione.csv",
            "dati-aperti/premi-differenziazione.csv",
        ]
    );
    for r in &rows[1..] {
        let (subsection, rule) = if r[7].ends_with(".pdf") {
            (
                "Relazione sulla performance",
                "art. 10, comma 8, lettera b), del D.Lgs. 33/2013",
            )
        } else if r[7] == "dati-aperti/premi-ammontare.csv" {
            (
                "Ammontare complessivo dei premi",
                "art. 20, comma 1, del D.Lgs. 33/2013",
            )
        } else if r[7].starts_with("dati-aperti/premi-") {
            (
                "Dati relativi ai premi",
                "art. 20, comma 2, del D.Lgs. 33/2013",
            )
        } else {
            (
                "Relazione sulla performance",
                "art. 7 del D.Lgs. 33/2013 (dati in formato di tipo aperto)",
            )
        };
        assert_eq!(
            r[..7],
            [
                "2023",
                "definitiva",
                "Comune di Alzano Lombardo",
                "00220080162",
                "Performance",
                subsection,
                rule,
            ]
        );
        assert_eq!(r[9], "30/04/2024", "the document's date");
        // The code is the file's as written in the folder.
        assert_eq!(r[10], sha256(&year.join(&r[7])), "{}", r[7]);
    }
    assert_eq!(rows[1][8], "Relazione sulla performance");
    assert_eq!(
        rows[2][8],
        "Dati aperti dei risultati della Relazione, il grado dell'ente, in formato CSV"
    );
    // Each open-data file its own description (review 33 C4).
    let described: Vec<&str> = rows[2..7].iter().map(|r| r[8].as_str()).collect();
    let mut distinct = described.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), described.len(), "{described:?}");
    assert_eq!(
        rows[6][8],
        "Dati aperti dei risultati della Relazione, tutti i risultati in un file, in formato JSON"
    );
    assert_eq!(
        rows[7][8],
        "Ammontare dei premi stanziati e distribuiti in formato CSV"
    );
    assert_eq!(
        rows[9][8],
        "Grado di differenziazione nell'utilizzo della premialità in formato CSV"
    );

    let pdf = pdftotext(&dir.path().join(LIST_PDF));
    let said = flat(&pdf);
    for phrase in [
        "Comune di Alzano Lombardo Ciclo della performance 2023",
        "Codice fiscale 00220080162",
        "30 aprile 2024",
        "Cosa pubblicare e dove 2023",
        "Questo elenco indica i file prodotti con la Relazione sulla performance 2023 per la pubblicazione nella sezione «Amministrazione trasparente» del sito istituzionale",
        "Performance › Relazione sulla performance",
        "Performance › Ammontare complessivo dei premi",
        "Performance › Dati relativi ai premi",
        "le schede delle Aree e il riepilogo in formato xlsx sono documenti interni",
        "Lo stesso elenco, in formato CSV, è nel file «Cosa pubblicare e dove 2023.csv».",
    ] {
        assert!(said.contains(phrase), "«{phrase}» missing in\n{pdf}");
    }
    // Each file with its code, as two lines of 32 digits in its row.
    for r in &rows[1..] {
        let (a, b) = r[10].split_at(32);
        assert!(said.contains(a) && said.contains(b), "{} in\n{pdf}", r[7]);
    }
    assert!(!said.contains("BOZZA") && !said.contains("Bozza."), "{pdf}");
}

#[test]
fn no_file_of_riservato_is_ever_listed() {
    let dir = run(&["relazione"], |_| {});
    let private = dir.path().join("outputs/2023/riservato");
    let confidential: Vec<String> = std::fs::read_dir(&private)
        .expect("the run wrote the individual evaluations")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(confidential.len() >= 2, "{confidential:?}");
    let csv = String::from_utf8(std::fs::read(dir.path().join(LIST_CSV)).unwrap()).unwrap();
    let pdf = flat(&pdftotext(&dir.path().join(LIST_PDF)));
    for r in &csv_rows(dir.path())[1..] {
        assert!(!r[7].starts_with("riservato"), "{r:?}");
    }
    for name in &confidential {
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        assert!(!csv.contains(stem), "{name} listed in the CSV");
        assert!(!pdf.contains(stem), "{name} listed in the PDF");
    }
    // The heads' names (the individual schede's) appear nowhere.
    for person in ["Giulia Carrara", "Marco Pezzotta", "Elena Marchetti"] {
        assert!(!csv.contains(person) && !pdf.contains(person), "{person}");
    }
}

#[test]
fn a_draft_list_says_not_to_publish_and_without_a_codice_fiscale_has_none() {
    let dir = run(&["relazione", "--bozza"], |inputs| {
        let p = inputs.join("ente.toml");
        let t = std::fs::read_to_string(&p).unwrap();
        let t: Vec<&str> = t
            .lines()
            .filter(|l| !l.starts_with("codice_fiscale"))
            .collect();
        std::fs::write(&p, t.join("\n")).unwrap();
    });
    let rows = csv_rows(dir.path());
    // No premi files in a draft run (review 34): the Relazione and the 6
    // open-data files.
    assert_eq!(rows.len(), 7, "{rows:?}");
    for r in &rows[1..] {
        assert_eq!(r[1], "bozza");
        assert_eq!(r[3], "", "no codice fiscale given");
    }
    let pdf = pdftotext(&dir.path().join(LIST_PDF));
    let said = flat(&pdf);
    assert!(!said.contains("Codice fiscale"), "{pdf}");
    assert!(
        said.contains("Bozza. Questo elenco accompagna una bozza: i file elencati non vanno pubblicati. Si pubblicano quelli della versione definitiva, dopo la validazione del Nucleo di Valutazione"),
        "{pdf}"
    );
}

#[test]
fn premi_data_still_a_draft_are_neither_written_nor_listed_in_a_final_run() {
    // One head's evaluation without its date: not concluded, so the
    // premi data are a draft while the Relazione is final.
    let dir = run(&["relazione"], |inputs| {
        let p = inputs.join("valutazioni-individuali-2023.toml");
        let t = std::fs::read_to_string(&p).unwrap();
        let mut dates = 0;
        let t: Vec<&str> = t
            .lines()
            .filter(|l| {
                let date = l.starts_with("data = ");
                dates += usize::from(date);
                !(date && dates == 2)
            })
            .collect();
        std::fs::write(&p, t.join("\n")).unwrap();
    });
    // Not written at all: draft totals beside the final ones would give
    // one person's amount by difference (review 34).
    let open = dir.path().join("outputs/2023/dati-aperti");
    assert!(open.join("ente.csv").exists());
    assert!(!open.join("premi-ammontare.csv").exists());
    assert!(!open.join("premi-distribuzione.csv").exists());
    let rows = csv_rows(dir.path());
    assert_eq!(rows.len(), 7, "{rows:?}");
    for r in &rows[1..] {
        assert_eq!(r[1], "definitiva");
        assert!(!r[7].contains("premi"), "{r:?}");
    }
}

/// The evaluator's documento, once adopted for these results, is listed
/// under «Controlli e rilievi» (art. 31) with its own date and code; the
/// carta and the drafts are named among what is not published (review 34
/// n. 9). A file name breaks at its «/», never at its own hyphen (n. 5).
#[test]
fn the_adopted_validation_document_is_listed_under_controlli_e_rilievi() {
    let dir = common::scratch_inputs();
    let root = dir.path();
    for args in [&["validazione"][..], &["relazione"]] {
        let out = consuntivo(args, root);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let rows = csv_rows(root);
    let row = documento_row(&rows);
    // ANAC's own names (review 35 n. 7), the item in the ente's words.
    assert_eq!(
        (row[4].as_str(), row[5].as_str()),
        (
            "Controlli e rilievi sull'amministrazione",
            "Organismi indipendenti di valutazione, nuclei di valutazione o altri organismi con funzioni analoghe"
        )
    );
    assert_eq!(
        row[8],
        "Documento del Nucleo di Valutazione di validazione della Relazione sulla performance"
    );
    assert!(row[6].starts_with("art. 31 del D.Lgs. 33/2013"), "{row:?}");
    // Dated by the validation act, not by the Relazione.
    assert_eq!(row[9], "18/04/2024");
    assert_eq!(
        row[10],
        sha256(&root.join("outputs/2023/validazione/Documento di validazione 2023.pdf"))
    );
    assert!(
        !rows.iter().any(|r| r[7].contains("Carta di lavoro")),
        "{rows:?}"
    );
    let pdf = pdftotext(&root.join(LIST_PDF));
    let said = flat(&pdf);
    for phrase in [
        "Controlli e rilievi sull’amministrazione › Organismi indipendenti di valutazione, nuclei di valutazione o altri organismi con funzioni analoghe",
        "la carta di lavoro è un documento interno del Nucleo di Valutazione e non si pubblica",
        "mai una sua bozza",
    ] {
        assert!(said.contains(phrase), "«{phrase}» not in\n{pdf}");
    }
    for line in pdf.lines() {
        assert!(
            !line.trim_end().ends_with("premi-"),
            "a name broken at its hyphen:\n{pdf}"
        );
    }
    assert!(pdf.contains("premi-ammontare.csv"), "{pdf}");
    assert!(!pdf.contains('\u{200b}'), "no invisible character to copy");

    // The papers written again with another date after the list: the
    // list follows, with the new file's date and code (review 35 n. 1 b).
    let out = consuntivo(&["validazione", "--data", "15/04/2024"], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Elenco «Cosa pubblicare e dove 2023» scritto di nuovo: ora riporta il documento di validazione adottato"),
        "{}",
        text(&out.stdout)
    );
    let rows = csv_rows(root);
    let row = documento_row(&rows);
    assert_eq!(row[9], "15/04/2024");
    assert_eq!(
        row[10],
        sha256(&root.join("outputs/2023/validazione/Documento di validazione 2023.pdf"))
    );
    // The other rows are the same files, with the same codes.
    for r in rows
        .iter()
        .skip(1)
        .filter(|r| !r[7].starts_with("validazione/"))
    {
        assert_eq!(
            r[10],
            sha256(&root.join("outputs/2023").join(&r[7])),
            "{r:?}"
        );
    }
}

/// The main job before the papers: the run says the adopted documento is
/// not written and the list lacks it; the papers written after put it in
/// the list (review 35 n. 1 a).
#[test]
fn the_papers_written_after_the_list_put_the_documento_in_it() {
    let dir = common::scratch_inputs();
    let root = dir.path();
    let out = consuntivo(&["relazione"], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("validazione-2023.toml:12:1: il documento di validazione adottato (esito = \"validata_con_osservazioni\") non è ancora scritto per questi risultati: l'elenco «Cosa pubblicare e dove 2023» non lo riporta"),
        "{err}"
    );
    assert!(err.contains("eseguire consuntivo validazione"), "{err}");
    assert!(
        !csv_rows(root)
            .iter()
            .any(|r| r[7].starts_with("validazione/")),
        "listed before it is written"
    );
    let out = consuntivo(&["validazione"], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = csv_rows(root);
    let row = documento_row(&rows);
    assert_eq!(
        row[10],
        sha256(&root.join("outputs/2023/validazione/Documento di validazione 2023.pdf"))
    );
    assert_eq!(row[1], "definitiva");
    // Run again, the main job finds it and says nothing.
    let out = consuntivo(&["relazione"], root);
    assert!(
        !text(&out.stderr).contains("non è ancora scritto"),
        "{}",
        text(&out.stderr)
    );
}

/// A documento still a draft (a proposal awaits the evaluator), or one
/// the validation file no longer concludes, is never listed.
#[test]
fn a_draft_validation_document_is_not_listed() {
    let dir = common::scratch_inputs();
    let root = dir.path();
    let out = consuntivo(&["validazione"], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The conclusion withdrawn: the next validation run writes a draft,
    // and the list of the final Relazione leaves it out.
    let file = root.join("inputs/validazione-2023.toml");
    let t = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        t.replace("esito = \"validata_con_osservazioni\"", ""),
    )
    .unwrap();
    for args in [&["validazione"][..], &["relazione"]] {
        let out = consuntivo(args, root);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let rows = csv_rows(root);
    assert!(
        !rows
            .iter()
            .any(|r| r[4] == "Controlli e rilievi sull'amministrazione"),
        "{rows:?}"
    );
    let said = flat(&pdftotext(&root.join(LIST_PDF)));
    assert!(
        said.contains("il documento di validazione si pubblica, in «Controlli e rilievi sull’amministrazione», solo dopo che il Nucleo di Valutazione lo ha adottato"),
        "{said}"
    );
}
