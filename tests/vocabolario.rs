//! End-to-end: a comune organised in Settori, with Dirigenti, a Segretario
//! comunale and an OIV (`tests/fixtures/ente/settori-oiv.toml`) on a copy of
//! `inputs/` whose units are renamed accordingly. What the program itself
//! writes — CLI summaries and messages, form instructions and headers, the
//! xlsx summary — must use the ente's words and none of Alzano's.

use std::path::Path;

use calamine::{Data, Reader};

mod common;
use common::{consuntivo, files_under, pdftotext_flow, repo, scratch_inputs, text};

/// Words of the default vocabulary that this ente does not use.
const FOREIGN: [&str; 4] = [
    "Area",
    "Aree",
    "Segretario generale",
    "Nucleo di Valutazione",
];

fn assert_no_foreign_words(what: &str, text: &str) {
    if let Some(word) = foreign_word(text) {
        panic!("{what} contains «{word}»:\n{text}");
    }
}

fn foreign_word(text: &str) -> Option<&'static str> {
    for word in FOREIGN {
        // Whole words only: "Aree" must not match inside "aree" keys, nor
        // "Area" inside another word.
        let found = text
            .split(|c: char| !c.is_alphanumeric())
            .collect::<Vec<_>>()
            .windows(word.split(' ').count())
            .any(|w| w.join(" ") == word);
        if found {
            return Some(word);
        }
    }
    None
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

    // relazione: the xlsx summary's headers and notes (of the blank
    // forms' results, not the validated ones).
    common::forget_fingerprint(cwd);
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
    // A masculine unit word takes «ciascun», not «ciascuno».
    let relazione = common::flat(&flow(&pdftotext_flow(
        &cwd.join("outputs/2023/Relazione sulla performance 2023.pdf"),
    )));
    assert!(relazione.contains("per ciascun Settore"), "{relazione}");
    assert!(!relazione.contains("ciascuno Settore"), "{relazione}");
    let xlsx = cwd.join("outputs/2023/Riepilogo performance 2023.xlsx");
    let sintesi = sheet_strings(&xlsx, "Sintesi", 0..30);
    // No column of the heads: their names beside their unit's band would
    // say a person's pay in a public workbook.
    assert!(!sintesi.contains("Dirigente"), "{sintesi}");
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
        err.contains("relazione.toml:8:8: la data dei documenti, 30/04/2023, non è successiva alla fine del 2023"),
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

/// The text a user typed (plan, rules, individual evaluations) that
/// contains the default words: the ente's own data, not the program's.
fn typed_strings(cwd: &Path) -> Vec<String> {
    fn walk_json(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk_json(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| walk_json(v, out)),
            _ => {}
        }
    }
    fn walk_toml(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|v| walk_toml(v, out)),
            toml::Value::Table(t) => t.values().for_each(|v| walk_toml(v, out)),
            _ => {}
        }
    }
    let out = consuntivo(&["piano", "--json"], cwd);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut all = Vec::new();
    walk_json(&serde_json::from_slice(&out.stdout).unwrap(), &mut all);
    for file in ["smvp.toml", "valutazioni-individuali-2023.toml"] {
        let source = std::fs::read_to_string(cwd.join("inputs").join(file)).unwrap();
        walk_toml(&source.parse::<toml::Table>().unwrap().into(), &mut all);
    }
    let mut typed: Vec<String> = all
        .iter()
        .map(|s| flow(s))
        .filter(|s| FOREIGN.iter().any(|w| s.contains(w)))
        .collect();
    // Longest first, so a name is removed whole before a shorter one inside it.
    typed.sort_by_key(|s| std::cmp::Reverse(s.len()));
    typed
}

/// Hyphens dropped, as pdftotext joins a word broken at its hyphen, and
/// the typeset apostrophe read as typed.
fn flow(text: &str) -> String {
    text.replace(['\u{ad}', '-'], "").replace('\u{2019}', "'")
}

/// `output` with every occurrence of the typed strings blanked, matched
/// regardless of whitespace: a page breaks a long name anywhere, with or
/// without a visible hyphen.
fn without_typed(output: &str, typed: &[String]) -> String {
    let mut chars: Vec<char> = flow(output).chars().collect();
    // The non-blank characters and where each one is in `chars`.
    let (compact, at): (Vec<char>, Vec<usize>) = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (*c, i))
        .unzip();
    for s in typed {
        let needle: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        if needle.is_empty() {
            continue;
        }
        let mut i = 0;
        while i + needle.len() <= compact.len() {
            if compact[i..i + needle.len()] == needle[..] {
                for c in &mut chars[at[i]..=at[i + needle.len() - 1]] {
                    *c = ' ';
                }
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    chars
        .into_iter()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The default word found in `output` once the typed text is taken out.
fn leak(output: &str, typed: &[String]) -> Option<String> {
    let rest = without_typed(output, typed);
    let word = foreign_word(&rest)?;
    let at = rest.split(word).next().map_or(0, str::len);
    let from = rest.floor_char_boundary(at.saturating_sub(80));
    let to = rest.ceil_char_boundary((at + 80).min(rest.len()));
    Some(format!("«{word}» in «…{}…»", &rest[from..to]))
}

fn workbook_strings(path: &Path) -> String {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let mut all = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        all.push(name);
        for c in range.rows().flat_map(|r| r.iter()) {
            if let Data::String(s) = c {
                all.push(s.clone());
            }
        }
    }
    all.join("\n")
}

fn run_ok(args: &[&str], cwd: &Path) -> String {
    let out = consuntivo(args, cwd);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    format!("{}\n{}", text(&out.stdout), text(&out.stderr))
}

/// The commands added after the first vocabulary sweep, on the shipped
/// plan, forms and evaluations with the Settori ente: what they write
/// around the ente's data uses its words.
#[test]
fn the_plan_monitoring_reminder_and_individual_outputs_use_the_ente_s_words() {
    let dir = scratch_inputs();
    let cwd = dir.path();
    std::fs::copy(
        repo().join("tests/fixtures/ente/settori-oiv.toml"),
        cwd.join("inputs/ente.toml"),
    )
    .unwrap();
    let typed = typed_strings(cwd);
    let leaks = std::cell::RefCell::new(Vec::new());
    let check = |what: &str, output: &str| {
        if let Some(l) = leak(output, &typed) {
            leaks.borrow_mut().push(format!("{what}: {l}"));
        }
    };
    let outputs = cwd.join("outputs");

    let stato = run_ok(&["stato", "--al", "15/03/2024"], cwd);
    assert!(stato.contains("Proposte per l'OIV"), "{stato}");
    check("stato", &stato);
    check(
        "the status workbook",
        &workbook_strings(&outputs.join("2023/Stato rendicontazione 2023.xlsx")),
    );

    check(
        "moduli --monitoraggio",
        &run_ok(&["moduli", "--monitoraggio", "30/06/2023"], cwd),
    );
    for form in files_under(&outputs.join("moduli/2023")) {
        check(&form.display().to_string(), &workbook_strings(&form));
    }
    check(
        "monitoraggio",
        &run_ok(&["monitoraggio", "--data", "15/07/2023"], cwd),
    );
    let report = pdftotext_flow(&outputs.join("2023/Monitoraggio al 30 giugno 2023.pdf"));
    assert!(
        without_typed(&report, &[]).contains("contato per ciascun Settore che ne risponde"),
        "{report}"
    );
    check("the monitoring report", &report);
    check(
        "the monitoring workbook",
        &workbook_strings(&outputs.join("2023/Monitoraggio al 30 giugno 2023.xlsx")),
    );

    check(
        "moduli --individuali",
        &run_ok(&["moduli", "--individuali"], cwd),
    );
    let individual_form =
        outputs.join("moduli/2023/riservato/Valutazioni individuali 2023 - modulo.xlsx");
    check("the individual form", &workbook_strings(&individual_form));
    std::fs::remove_file(&individual_form).unwrap();

    check("relazione", &run_ok(&["relazione"], cwd));
    let confidential = files_under(&outputs.join("2023/riservato"));
    let top = confidential
        .iter()
        .find(|p| p.to_string_lossy().contains("Marchetti"))
        .expect("the top official's scheda");
    let top = without_typed(&pdftotext_flow(top), &[]);
    assert!(
        top.contains("Per presa visione – Segretario comunale"),
        "{top}"
    );
    // The heads' 7 schede and workbook; the staff's schede and payment
    // list (in riservato/personale/), checked for the ente's words too.
    let staff = std::fs::read_to_string(cwd.join("inputs/personale-2023.toml"))
        .map(|t| t.lines().filter(|l| l.trim() == "[[persona]]").count())
        .unwrap_or(0);
    let expected = 8 + if staff > 0 { staff + 1 } else { 0 };
    assert_eq!(confidential.len(), expected, "{confidential:?}");
    for file in confidential {
        let content = if file.extension().is_some_and(|e| e == "pdf") {
            pdftotext_flow(&file)
        } else {
            workbook_strings(&file)
        };
        check(&file.display().to_string(), &content);
    }

    // The validation draft, without the evaluator's own texts (its words
    // are typed, not the program's). The carta di lavoro quotes the forms'
    // motivations and the decisions, typed text this check does not take
    // out: `tests/carte_validazione.rs` checks it on the Settori fixture.
    std::fs::remove_file(cwd.join("inputs/validazione-2023.toml")).unwrap();
    check("validazione", &run_ok(&["validazione"], cwd));
    check(
        "the validation draft",
        &pdftotext_flow(&outputs.join("2023/validazione/Documento di validazione 2023.pdf")),
    );

    // Reminders for the blank forms: every row is still to fill in.
    check("moduli", &run_ok(&["moduli"], cwd));
    let said = run_ok(
        &[
            "solleciti",
            "--al",
            "15/03/2024",
            "--dati",
            "outputs/moduli/2023",
        ],
        cwd,
    );
    check("solleciti", &said);
    // The letters are signed by the top official: the unit of the top
    // official's own objectives gets none, and is listed for the office.
    assert!(
        said.contains("da completare a cura dell'ufficio: nessun sollecito, perché le lettere sono firmate dal Segretario comunale."),
        "{said}"
    );
    let letters = files_under(&outputs.join("2023/solleciti"));
    assert_eq!(letters.len(), 12, "{letters:?}");
    for file in letters {
        let content = if file.extension().is_some_and(|e| e == "pdf") {
            pdftotext_flow(&file)
        } else {
            let letter = std::fs::read_to_string(&file).unwrap();
            // The signature, in the ente's words; no letter to the unit the
            // plan declares `vertice = true` (named «Segretario generale»).
            assert!(
                !file.to_string_lossy().contains("Segretario generale"),
                "{}",
                file.display()
            );
            assert!(
                letter.contains("\nIl Segretario comunale\n")
                    && letter.contains("\nAl Dirigente\n"),
                "{letter}"
            );
            letter
        };
        check(&file.display().to_string(), &content);
    }

    check("piano esporta", &run_ok(&["piano", "esporta"], cwd));
    check(
        "the exported plan",
        &workbook_strings(&outputs.join("piano-2023.xlsx")),
    );
    check("piano modello", &run_ok(&["piano", "modello"], cwd));
    check(
        "the plan template",
        &workbook_strings(&outputs.join("piano-2024-modello.xlsx")),
    );
    check("piano documento", &run_ok(&["piano", "documento"], cwd));
    let document = pdftotext_flow(&outputs.join("piano-2023.pdf"));
    assert!(
        without_typed(&document, &[]).contains("Peso totale di ciascun Settore"),
        "{document}"
    );
    check("the plan document", &document);
    check("smvp documento", &run_ok(&["smvp", "documento"], cwd));
    let smvp = pdftotext_flow(&outputs.join("smvp.pdf"));
    assert!(
        flow(&smvp).contains("I poteri dell'Organismo indipendente di valutazione"),
        "{smvp}"
    );
    check("the SMVP document", &smvp);
    let leaks = leaks.into_inner();
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}
