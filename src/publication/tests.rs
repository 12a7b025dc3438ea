use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::vocab::Vocabulary;

fn context(vocab: &Vocabulary, definitive: bool) -> Context<'_> {
    Context {
        year: 2031,
        ente: "Comune di Prova",
        vocab,
        date: NaiveDate::from_ymd_opt(2032, 5, 6).unwrap(),
        definitive,
    }
}

#[test]
fn a_file_under_riservato_is_never_listed() {
    for path in [
        "riservato/Valutazioni individuali 2031.xlsx",
        "riservato/Scheda individuale 2031 - Area I - Mario Rossi.pdf",
        "dati-aperti/riservato/unita.csv",
    ] {
        assert_eq!(
            Published::new(Kind::OpenData, Path::new(path), b"x"),
            None,
            "{path}"
        );
    }
    let listed = Published::new(Kind::OpenData, Path::new("dati-aperti/unita.csv"), b"x");
    assert_eq!(
        listed.map(|p| p.path).as_deref(),
        Some("dati-aperti/unita.csv")
    );
}

#[test]
fn the_csv_lists_each_file_with_its_section_date_and_code() {
    let files: Vec<Published> = [
        (Kind::OpenData, "dati-aperti/ente.csv", &b"ente"[..]),
        (
            Kind::Relazione,
            "Relazione sulla performance 2031.pdf",
            b"pdf",
        ),
    ]
    .into_iter()
    .filter_map(|(k, p, b)| Published::new(k, Path::new(p), b))
    .collect();
    let vocab = Vocabulary {
        tax_code: Some("00220080162".to_string()),
        ..Vocabulary::default()
    };
    let csv = String::from_utf8(csv(&files, &context(&vocab, true))).unwrap();
    // The Relazione first, as DESTINATIONS orders them; the SHA-256 of
    // «pdf» and «ente».
    assert_eq!(
        csv,
        "\u{feff}anno;stato_dati;ente;codice_fiscale_ente;sezione;sottosezione;riferimento_normativo;file;descrizione;data;codice_di_controllo_sha256\r\n\
         2031;\"definitiva\";\"Comune di Prova\";\"00220080162\";\"Performance\";\"Relazione sulla performance\";\"art. 10, comma 8, lettera b), del D.Lgs. 33/2013\";\"Relazione sulla performance 2031.pdf\";\"Relazione sulla performance\";\"06/05/2032\";\"c35b21d6ca39aa7cc3b79a705d989f1a6e88b99ab43988d74048799e3db926a3\"\r\n\
         2031;\"definitiva\";\"Comune di Prova\";\"00220080162\";\"Performance\";\"Relazione sulla performance\";\"art. 7 del D.Lgs. 33/2013 (dati in formato di tipo aperto)\";\"dati-aperti/ente.csv\";\"Dati aperti dei risultati della Relazione, il grado dell'ente, in formato CSV\";\"06/05/2032\";\"76966ac0d65eb3c46c4b807c9d46db9c94e1069450ea35c83db678b3c797bf47\"\r\n"
    );
}

#[test]
fn without_a_codice_fiscale_its_field_is_empty_and_a_draft_says_so() {
    let files: Vec<Published> = Published::new(Kind::Relazione, Path::new("Relazione.pdf"), b"pdf")
        .into_iter()
        .collect();
    let vocab = Vocabulary::default();
    let csv = String::from_utf8(csv(&files, &context(&vocab, false))).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.starts_with("2031;\"bozza\";\"Comune di Prova\";;\"Performance\";"),
        "{row}"
    );
    let data = data(&files, &context(&vocab, false));
    assert_eq!(data["ente"]["codice_fiscale"], Value::Null);
    assert_eq!(data["documento"]["definitiva"], false);
}

#[test]
fn the_files_are_grouped_by_sub_section() {
    let files: Vec<Published> = [
        (Kind::OpenData, "dati-aperti/ente.csv"),
        (Kind::OpenData, "dati-aperti/risultati.json"),
        (Kind::Relazione, "Relazione.pdf"),
    ]
    .into_iter()
    .filter_map(|(k, p)| Published::new(k, Path::new(p), p.as_bytes()))
    .collect();
    let vocab = Vocabulary::default();
    let data = data(&files, &context(&vocab, true));
    let sections = data["sezioni"].as_array().unwrap();
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0]["sezione"], "Performance");
    assert_eq!(sections[0]["sottosezione"], "Relazione sulla performance");
    let listed: Vec<&str> = sections[0]["file"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        [
            "Relazione.pdf",
            "dati-aperti/ente.csv",
            "dati-aperti/risultati.json"
        ]
    );
    assert_eq!(data["file_csv"], "Cosa pubblicare e dove 2031.csv");
}

#[test]
fn the_note_gives_back_the_files_state_date_and_fingerprint_but_never_the_documento() {
    let vocab = Vocabulary::default();
    let c = context(&vocab, true);
    let day = NaiveDate::from_ymd_opt(2032, 4, 18).unwrap();
    let files = vec![
        Published::new(Kind::Relazione, Path::new("Relazione 2031.pdf"), b"r").unwrap(),
        Published::new(Kind::OpenData, Path::new("dati-aperti/ente.csv"), b"e").unwrap(),
        Published::new(Kind::Validation, Path::new("validazione/D.pdf"), b"v")
            .unwrap()
            .dated(day),
        Published::new(Kind::PremiAmount, Path::new("dati-aperti/p.csv"), b"p")
            .unwrap()
            .dated(day),
    ];
    let noted = read_note(&note(&files, &c, "AB10-33FE-1807")).unwrap();
    assert!(noted.definitive);
    assert_eq!(noted.date, c.date);
    assert_eq!(noted.fingerprint, "AB10-33FE-1807");
    assert_eq!(
        noted.files,
        vec![
            (Kind::Relazione, "Relazione 2031.pdf".to_string(), None),
            (Kind::OpenData, "dati-aperti/ente.csv".to_string(), None),
            (
                Kind::PremiAmount,
                "dati-aperti/p.csv".to_string(),
                Some(day)
            ),
        ]
    );
    assert_eq!(read_note("definitiva\tforse\n"), None);
    assert_eq!(read_note("altro\n"), None);
}

#[test]
fn the_documento_goes_to_the_anac_sub_section_named_with_the_entes_evaluator() {
    let vocab = Vocabulary::default();
    let c = context(&vocab, true);
    let files =
        vec![Published::new(Kind::Validation, Path::new("validazione/D.pdf"), b"v").unwrap()];
    let d = data(&files, &c);
    let s = &d["sezioni"][0];
    assert_eq!(s["sezione"], "Controlli e rilievi sull'amministrazione");
    assert_eq!(
        s["sottosezione"],
        "Organismi indipendenti di valutazione, nuclei di valutazione o altri organismi con funzioni analoghe"
    );
    assert_eq!(
        s["file"][0]["descrizione"],
        "Documento del Nucleo di Valutazione di validazione della Relazione sulla performance"
    );
}
