//! The validation binds the final Relazione to the results the evaluator
//! validated: the draft prints their fingerprint (*impronta*), the act
//! records it, and a form or a decision that changes the results after the
//! validation stops the final version until the evaluator validates again.

use std::path::{Path, PathBuf};

mod common;
use common::{consuntivo, flat, pdftotext_flow, scratch_inputs, text};

fn relazione(dir: &Path) -> PathBuf {
    dir.join("outputs/2023/Relazione sulla performance 2023.pdf")
}

fn settings(dir: &Path) -> PathBuf {
    dir.join("inputs/relazione.toml")
}

/// The fingerprint recorded in the shipped `[validazione]`.
fn recorded(dir: &Path) -> String {
    let t = std::fs::read_to_string(settings(dir)).unwrap();
    let line = t
        .lines()
        .find(|l| l.starts_with("impronta = "))
        .expect("the shipped validation records its fingerprint");
    line["impronta = ".len()..].trim_matches('"').to_string()
}

/// The fingerprint `relazione --bozza` prints for today's results.
fn drafted(dir: &Path) -> String {
    let out = consuntivo(&["relazione", "--bozza"], dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    let at = said
        .find("Impronta dei risultati di questa bozza: ")
        .unwrap_or_else(|| panic!("the draft's fingerprint is printed:\n{said}"));
    let code: String = said[at + "Impronta dei risultati di questa bozza: ".len()..]
        .chars()
        .take(14)
        .collect();
    assert_eq!(code.len(), 14, "{said}");
    code
}

fn edit(path: &Path, from: &str, to: &str) {
    let t = std::fs::read_to_string(path).unwrap();
    assert!(t.contains(from), "{from} in {}", path.display());
    std::fs::write(path, t.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_final_relazione_is_refused_when_the_results_changed_after_the_validation() {
    let dir = scratch_inputs();
    let root = dir.path();
    let validated = recorded(root);

    // The shipped results are the validated ones: the final version, which
    // prints the fingerprint beside the acts.
    let out = consuntivo(&[], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains(&format!("(impronta dei risultati {validated})")),
        "{said}"
    );
    let all = flat(&pdftotext_flow(&relazione(root)));
    assert!(!all.contains("BOZZA"));
    // A key–value table: the key and the value are read apart.
    assert!(all.contains("Impronta dei risultati"));
    assert!(
        all.contains(&validated),
        "the fingerprint in the acts' table"
    );
    let before = std::fs::read(relazione(root)).unwrap();

    // The draft of the same results prints the same fingerprint.
    assert_eq!(drafted(root), validated);
    let _ = consuntivo(&[], root);

    // The evaluator's correction changes after the validation: the final
    // version is refused, with both fingerprints, and nothing is written.
    edit(
        &root.join("inputs/valutazioni-nucleo-2023.toml"),
        "grado = 50",
        "grado = 60",
    );
    let out = consuntivo(&[], root);
    assert!(!out.status.success(), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains("i risultati sono cambiati dopo la validazione del Nucleo di Valutazione"),
        "{err}"
    );
    assert!(err.contains(&validated), "{err}");
    assert!(err.contains("relazione.toml"), "{err}");
    assert!(err.contains("nuova validazione"), "{err}");
    assert_eq!(std::fs::read(relazione(root)).unwrap(), before);

    // The draft of the new results has another fingerprint; recorded with
    // a new validation, the final version is written again.
    let now = drafted(root);
    assert_ne!(now, validated);
    assert!(err.contains(&now), "{err}");
    edit(
        &settings(root),
        &format!("impronta = \"{validated}\""),
        &format!("impronta = \"{}\"", now.to_lowercase()),
    );
    let out = consuntivo(&[], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!flat(&pdftotext_flow(&relazione(root))).contains("BOZZA"));
}

#[test]
fn what_the_relazione_does_not_report_leaves_the_fingerprint_as_it_is() {
    let dir = scratch_inputs();
    let root = dir.path();
    let validated = recorded(root);
    // The Giunta's approval and the Segretario's texts come after, or
    // beside, the validation: they do not undo it.
    edit(
        &settings(root),
        "presentazione = [\n",
        "presentazione = [\n  \"Un paragrafo aggiunto dopo la validazione.\",\n",
    );
    assert_eq!(drafted(root), validated);
    // A form moved to another name reports the same values.
    let forms = root.join("inputs/rendicontazioni/2023");
    let first = std::fs::read_dir(&forms)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .unwrap();
    let mut moved = first.clone();
    moved.set_file_name(format!(
        "copia {}",
        first.file_name().unwrap().to_string_lossy()
    ));
    std::fs::rename(&first, &moved).unwrap();
    assert_eq!(drafted(root), validated);
}

#[test]
fn a_fingerprint_that_is_none_or_out_of_place_is_refused_at_its_line() {
    let dir = scratch_inputs();
    let root = dir.path();
    let validated = recorded(root);
    edit(
        &settings(root),
        &format!("impronta = \"{validated}\""),
        "impronta = \"3F2A-91C0\"",
    );
    let out = consuntivo(&["verifica"], root);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("«3F2A-91C0» non è un'impronta dei risultati"),
        "{err}"
    );
    assert!(err.contains("relazione.toml:"), "{err}");
    assert!(err.contains("dodici cifre"), "{err}");

    let dir = scratch_inputs();
    let root = dir.path();
    edit(
        &settings(root),
        "data = \"29/04/2024\"",
        "data = \"29/04/2024\"\nimpronta = \"3F2A-91C0-B7D4\"",
    );
    let out = consuntivo(&["verifica"], root);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("`impronta` va indicata in [validazione], non in [approvazione]"),
        "{err}"
    );
}

#[test]
fn a_validation_without_its_fingerprint_is_a_warning_that_gives_it() {
    let dir = scratch_inputs();
    let root = dir.path();
    let validated = recorded(root);
    edit(
        &settings(root),
        &format!("impronta = \"{validated}\"\n"),
        "",
    );
    let out = consuntivo(&["verifica"], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("la validazione non indica l'impronta dei risultati validati"),
        "{err}"
    );
    assert!(
        err.contains(&format!("impronta = \"{validated}\"")),
        "{err}"
    );
    // The final version is still written, as before the fingerprint.
    let out = consuntivo(&[], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("avvis"),
        "the verdict announces the warnings: {said}"
    );
    // The act cites no fingerprint: the final version does not print one
    // under it, as if it were validated (review 32 B5).
    let pdf = flat(&pdftotext_flow(&relazione(root)));
    assert!(pdf.contains("Validazione"), "{pdf}");
    assert!(!pdf.contains("Impronta dei risultati"), "{pdf}");
    // Nor does Allegato B point to it (review 33 C18).
    assert!(!pdf.contains("tra gli atti"), "{pdf}");
    assert!(!pdf.contains(&validated), "{pdf}");
}

#[test]
fn an_individual_evaluation_dated_after_the_relazione_is_flagged_at_its_line() {
    let dir = scratch_inputs();
    let root = dir.path();
    let path = root.join("inputs/valutazioni-individuali-2023.toml");
    // The second person, a head (the first is the Segretario, whose
    // evaluation the Relazione's aggregates leave out).
    let t = std::fs::read_to_string(&path).unwrap();
    let (at, _) = t.match_indices("data = \"22/04/2024\"").nth(1).unwrap();
    let t = format!(
        "{}data = \"15/05/2024\"{}",
        &t[..at],
        &t[at + "data = \"22/04/2024\"".len()..]
    );
    std::fs::write(&path, t).unwrap();
    let line = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .position(|l| l.contains("15/05/2024"))
        .unwrap();
    let out = consuntivo(&["verifica"], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    let said = err
        .lines()
        .find(|l| {
            l.contains("valutazione datata 15/05/2024, dopo la data della Relazione (30/04/2024)")
        })
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        said.contains("valutazioni-individuali-2023.toml:"),
        "{said}"
    );
    // At the person's entry, before the date's own line, and without the
    // person's name.
    let at: usize = said
        .split("valutazioni-individuali-2023.toml:")
        .nth(1)
        .and_then(|r| r.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(at <= line + 1, "{said}");
    // The shipped evaluations are dated between the validation and the
    // Relazione: no such warning.
    let clean = scratch_inputs();
    let out = consuntivo(&["verifica"], clean.path());
    assert!(!text(&out.stderr).contains("valutazione datata"));
}

#[test]
fn a_draft_asked_for_after_the_validation_neither_cites_it_nor_denies_it() {
    let dir = scratch_inputs();
    let root = dir.path();
    let out = consuntivo(&["relazione", "--bozza"], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let all = flat(&pdftotext_flow(&relazione(root)));
    assert!(all.contains("BOZZA"));
    assert!(!all.contains("non ancora avvenuta"), "{all}");
    assert!(!all.contains("da sottoporre"), "{all}");
    assert!(!all.contains("verbale n. 3/2024"), "{all}");
    assert!(
        all.contains("non riportata: questo documento è una bozza"),
        "{all}"
    );
}

/// The evaluator's paper says «non validata»: the final Relazione is not
/// written as «validata» whatever relazione.toml records (review 34: the
/// two files were never compared).
#[test]
fn a_relazione_the_evaluator_did_not_validate_is_never_final() {
    let dir = scratch_inputs();
    let root = dir.path();
    let paper = root.join("inputs/validazione-2023.toml");
    let written = std::fs::read_to_string(&paper).unwrap();
    let at = written.find("esito = ").expect("the shipped verdict");
    let end = at + written[at..].find('\n').unwrap();
    std::fs::write(
        &paper,
        format!(
            "{}esito = \"non_validata\"{}",
            &written[..at],
            &written[end..]
        ),
    )
    .unwrap();
    // The main job writes the draft, and says why.
    let out = consuntivo(&[], root);
    assert!(out.status.success(), "{}", text_of(&out.stderr));
    let err = text_of(&out.stderr);
    // At the line of `esito`, no capital after the colon (review 35 n. 8).
    let line = written[..at].lines().count() + 1;
    assert!(
        err.contains(&format!(
            "validazione-2023.toml:{line}:1: il Nucleo di Valutazione non ha validato la Relazione (esito = \"non_validata\")"
        )),
        "{err}"
    );
    let pdf = flat(&pdftotext_flow(&relazione(root)));
    assert!(pdf.contains("BOZZA"), "{pdf}");
    assert!(!pdf.contains("Validata con"), "{pdf}");
}

fn text_of(b: &[u8]) -> String {
    text(b)
}
