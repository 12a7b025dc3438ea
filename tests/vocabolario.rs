//! End-to-end: a comune organised in Settori, with Dirigenti, a Segretario
//! comunale and an OIV (`tests/fixtures/ente/settori-oiv.toml`) on a copy of
//! `inputs/` whose units are renamed accordingly. What the program itself
//! writes — CLI summaries and messages, form instructions and headers, the
//! xlsx summary — must use the ente's words and none of Alzano's.

use std::path::Path;

use calamine::{Data, Reader};

mod common;
use common::{consuntivo, files_under, repo, scratch_inputs, text};

/// Words of the default vocabulary that this ente does not use.
const FOREIGN: [&str; 4] = [
    "Area",
    "Aree",
    "Segretario generale",
    "Nucleo di Valutazione",
];

fn assert_no_foreign_words(what: &str, text: &str) {
    for word in FOREIGN {
        // Whole words only: "Aree" must not match inside "aree" keys, nor
        // "Area" inside another word.
        let found = text
            .split(|c: char| !c.is_alphanumeric())
            .collect::<Vec<_>>()
            .windows(word.split(' ').count())
            .any(|w| w.join(" ") == word);
        assert!(!found, "{what} contains «{word}»:\n{text}");
    }
}

/// A copy of `inputs/` for the Settori ente: its `ente.toml`, and units
/// named "Settore …" (the plan's data is the ente's, not the program's).
fn settori_inputs() -> tempfile::TempDir {
    let dir = scratch_inputs();
    let inputs = dir.path().join("inputs");
    std::fs::copy(
        repo().join("tests/fixtures/ente/settori-oiv.toml"),
        inputs.join("ente.toml"),
    )
    .unwrap();
    let plan_path = inputs.join("piano-2023.toml");
    let plan = std::fs::read_to_string(&plan_path).unwrap();
    let plan = plan.replace("nome = \"Area ", "nome = \"Settore ").replace(
        "nome = \"Segretario generale\"",
        "nome = \"Segreteria comunale\"",
    );
    std::fs::write(&plan_path, plan).unwrap();
    dir
}

fn sheet_strings(path: &Path, sheet: &str, rows: std::ops::Range<usize>) -> String {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .skip(rows.start)
        .take(rows.end - rows.start)
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_comune_with_settori_and_an_oiv_reads_its_own_words() {
    let dir = settori_inputs();
    let cwd = dir.path();

    // piano: the plural as the count's label and the singular as the
    // table's header.
    let out = consuntivo(&["piano"], cwd);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let piano = text(&out.stdout);
    assert!(piano.contains("\nSettori: 7\n"), "{piano}");
    assert!(piano.contains("\nSettore  Nome"), "{piano}");
    assert_no_foreign_words("piano", &piano);

    // moduli: file names, instructions and headers.
    let out = consuntivo(&["moduli"], cwd);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let forms = files_under(&cwd.join("outputs/moduli/2023"));
    assert_eq!(forms.len(), 7, "{forms:?}");
    let settore_iii = cwd.join("outputs/moduli/2023/2023 - Settore III Finanziaria.xlsx");
    assert!(forms.contains(&settore_iii), "{forms:?}");
    let instructions = sheet_strings(&settore_iii, "Istruzioni", 0..100);
    for expected in [
        "assegnati a questo Settore, compresi quelli di «Tutti i Settori»",
        "a: Ufficio Segreteria.",
        "Un solo file per Settore.",
        "non usarlo per un altro anno o un altro Settore.",
    ] {
        assert!(
            instructions.contains(expected),
            "«{expected}» missing:\n{instructions}"
        );
    }
    assert_no_foreign_words("the instructions", &instructions);
    // The Segreteria is not among "Tutti i Settori" (in_tutte_le_aree =
    // false): its instructions do not mention them.
    let sg = sheet_strings(
        &cwd.join("outputs/moduli/2023/2023 - Segreteria comunale.xlsx"),
        "Istruzioni",
        0..100,
    );
    assert!(sg.contains("assegnati a questo Settore ("), "{sg}");
    assert!(!sg.contains("Tutti i Settori"), "{sg}");
    // Title, subtitle and column headers of the data sheet.
    let head = sheet_strings(&settore_iii, "Rendicontazione", 0..4);
    assert!(head.contains("Codice"), "{head}");
    assert_no_foreign_words("the form's header", &head);

    // The blank forms of this copy read back.
    let out = consuntivo(&["verifica", "--dati", "outputs/moduli/2023"], cwd);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Moduli verificati: 7"));

    // valuta: the table, the corrections line and every warning.
    let out = consuntivo(&["valuta", "--dati", "outputs/moduli/2023"], cwd);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let valuta = text(&out.stdout);
    assert!(valuta.contains("\nSettore "), "{valuta}");
    assert!(
        valuta.contains("Correzioni dell'Organismo indipendente di valutazione: 1"),
        "{valuta}"
    );
    assert!(valuta.contains("Indicatori (per Settore)"), "{valuta}");
    assert_no_foreign_words("valuta", &valuta);
    let warnings = text(&out.stderr);
    assert!(warnings.contains("avvisi."), "{warnings}");
    assert_no_foreign_words("the warnings", &warnings);

    // relazione: the xlsx summary's headers and notes.
    let out = consuntivo(
        &[
            "relazione",
            "--dati",
            "outputs/moduli/2023",
            "--data",
            "30/04/2024",
        ],
        cwd,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let xlsx = cwd.join("outputs/2023/Riepilogo performance 2023.xlsx");
    let sintesi = sheet_strings(&xlsx, "Sintesi", 0..30);
    assert!(sintesi.contains("Dirigente"), "{sintesi}");
    assert!(
        sintesi.contains("Grado autovalutato (prima delle correzioni dell'OIV)"),
        "{sintesi}"
    );
    assert!(sintesi.contains("delle righe del Settore"), "{sintesi}");
    assert_no_foreign_words("Sintesi", &sintesi);
    let obiettivi = sheet_strings(&xlsx, "Obiettivi", 0..1);
    for expected in [
        "Denominazione Settore",
        "Grado fissato dall'OIV",
        "Motivazione dell'OIV",
        "Grado complessivo dell'obiettivo (tutti i Settori)",
    ] {
        assert!(obiettivi.contains(expected), "«{expected}»:\n{obiettivi}");
    }
    assert_no_foreign_words("Obiettivi", &obiettivi);
    let indicatori = sheet_strings(&xlsx, "Indicatori", 0..1);
    for expected in [
        "Stato proposto dal Settore",
        "Note del Settore",
        "Tipo di traguardo",
    ] {
        assert!(indicatori.contains(expected), "«{expected}»:\n{indicatori}");
    }
    assert!(!indicatori.contains("target"), "{indicatori}");
    assert_no_foreign_words("Indicatori", &indicatori);
    let moduli = sheet_strings(&xlsx, "Moduli", 0..1);
    assert_no_foreign_words("Moduli", &moduli);
}

#[test]
fn a_relazione_toml_copied_from_the_year_before_is_refused() {
    let dir = scratch_inputs();
    let relazione = dir.path().join("inputs/relazione.toml");
    let text_before = std::fs::read_to_string(&relazione).unwrap();
    std::fs::write(
        &relazione,
        text_before.replace("data = \"30/04/2024\"", "data = \"30/04/2023\""),
    )
    .unwrap();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("relazione.toml:7:8: la data dei documenti, 30/04/2023, non è successiva alla fine del 2023"),
        "{err}"
    );
    assert!(err.contains("es. 30/04/2024"), "{err}");
    assert!(files_under(&dir.path().join("outputs")).is_empty());
}

#[test]
#[should_panic(expected = "contains «Area»")]
fn the_word_check_finds_a_word_after_an_apostrophe() {
    assert_no_foreign_words("a sentence", "il grado dell'Area non è calcolabile");
}

#[test]
fn the_word_check_ignores_longer_words_and_keys() {
    assert_no_foreign_words("a sentence", "in_tutte_le_aree = false; Areale; Settore");
}
