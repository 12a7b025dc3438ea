//! A run of `relazione` composes only the documents whose key changed
//! (`report::reuse`), takes the others from the previous run, says which
//! (and `verifica` says it beforehand), and writes the same bytes a full
//! run (`--da-capo`) writes. Each input
//! that reaches the documents changes their key.

use std::path::Path;

mod common;
use common::{consuntivo, differing, relative_files, repo, scratch_inputs, text};

use consuntivo::{forms, plan};

/// What one run said it composed: the Relazione composed, schede
/// composed, schede taken unchanged, the Riepilogo written again.
#[derive(Debug, PartialEq, Eq)]
struct Said {
    relazione: bool,
    composed: usize,
    unchanged: usize,
    riepilogo: bool,
}

/// The Riepilogo follows the Relazione when the data change.
const fn said(relazione: bool, composed: usize, unchanged: usize) -> Said {
    Said {
        relazione,
        composed,
        unchanged,
        riepilogo: relazione,
    }
}

fn relazione(dir: &Path, extra: &[&str]) -> Said {
    // Each change below is validated again before the final version.
    common::revalidate(dir);
    let mut args = vec!["relazione"];
    args.extend_from_slice(extra);
    let out = consuntivo(&args, dir);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let relazione = if stdout.contains("Relazione: composta.\n") {
        true
    } else {
        assert!(stdout.contains("Relazione: invariata.\n"), "{stdout}");
        assert!(
            stdout.contains("ripresi invariati dalla scrittura precedente perché nulla di loro è cambiato:\nRelazione: invariata.\n"),
            "{stdout}"
        );
        false
    };
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Schede "))
        .unwrap_or_else(|| panic!("no line on the schede in {stdout}"));
    let (_, counts) = line.split_once(": ").expect("«Schede …: counts.»");
    let mut composed = 0;
    let mut unchanged = 0;
    for part in counts.trim_end_matches('.').split(", ") {
        let (n, word) = part.split_once(' ').expect("«N word»");
        let n: usize = n.parse().expect("a count");
        match (n, word) {
            (1, "composta") => composed = 1,
            (1, "invariata") => unchanged = 1,
            (2.., "composte") => composed = n,
            (2.., "invariate") => unchanged = n,
            _ => panic!("«{part}» in «{line}»"),
        }
    }
    let riepilogo = if stdout.contains("Riepilogo: aggiornato.\n") {
        true
    } else {
        assert!(stdout.contains("Riepilogo: invariato.\n"), "{stdout}");
        false
    };
    Said {
        relazione,
        composed,
        unchanged,
        riepilogo,
    }
}

/// Every file under `a` has the same bytes under `b`, hidden lists
/// included, and neither has a file the other lacks.
fn same_bytes(a: &Path, b: &Path) {
    let listed = relative_files(a);
    assert_eq!(listed, relative_files(b));
    assert!(
        listed
            .iter()
            .any(|p| p.ends_with(".consuntivo-relazione.elenco"))
    );
    let differ = differing(a, b, &listed);
    assert!(
        differ.is_empty(),
        "{differ:?} differ; lists:\n{}\n{}",
        std::fs::read_to_string(a.join(".consuntivo-relazione.elenco")).unwrap(),
        std::fs::read_to_string(b.join(".consuntivo-relazione.elenco")).unwrap()
    );
}

/// The folder the last run left is, byte for byte, what a full run
/// (`--da-capo`, with the same `extra` options) writes in its place.
fn same_as_a_full_run(root: &Path, extra: &[&str]) {
    let folder = root.join("outputs/2023");
    let incremental = root.join("incrementale");
    let _ = std::fs::remove_dir_all(&incremental);
    common::copy_dir(&folder, &incremental);
    let mut args = vec!["--da-capo"];
    args.extend_from_slice(extra);
    assert_eq!(relazione(root, &args), said(true, 7, 0), "full run");
    same_bytes(&incremental, &folder);
}

/// `unit`'s form rewritten with its entries as `change` leaves them.
fn rewrite_form(
    inputs: &Path,
    unit: &str,
    change: impl FnOnce(&mut Vec<consuntivo::results::Entry>),
) {
    let p = plan::load(&inputs.join("piano-2023.toml")).unwrap();
    let forms_dir = inputs.join("rendicontazioni/2023");
    let (results, _) = forms::read_dir(&p, &forms_dir, &Default::default()).unwrap();
    let report = results
        .reports
        .iter()
        .find(|r| r.area.0 == unit)
        .unwrap_or_else(|| panic!("{unit}'s form"));
    let mut entries = report.entries.clone();
    change(&mut entries);
    let (name, bytes) = forms::generate_prefilled(&p, &report.area, &entries).unwrap();
    assert_eq!(forms_dir.join(&name), report.source.path, "the same file");
    std::fs::write(forms_dir.join(name), bytes).unwrap();
}

/// The date `indicator`'s first target was achieved, in `unit`'s form,
/// moved to `date`: the form written again.
fn move_one_date(inputs: &Path, unit: &str, indicator: &str, date: chrono::NaiveDate) {
    rewrite_form(inputs, unit, |entries| {
        let when = entries
            .iter_mut()
            .find(|e| e.indicator.0 == indicator)
            .and_then(|e| e.date.as_mut())
            .unwrap_or_else(|| panic!("a date for {indicator}"));
        when.value = date;
    });
}

/// The ente's grade as the open data give it.
fn ente_grade(root: &Path) -> serde_json::Value {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("outputs/2023/dati-aperti/risultati.json")).unwrap(),
    )
    .unwrap();
    json["ente"]["grado"].clone()
}

/// One value of one unit's form changed: its form written again with
/// that value one lower.
fn change_one_value(inputs: &Path) {
    rewrite_form(inputs, "III", |entries| {
        let value = entries
            .iter_mut()
            .find_map(|e| e.value.as_mut().filter(|v| v.value >= 1.0))
            .expect("a value to change");
        value.value -= 1.0;
    });
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn only_what_changed_is_composed_and_the_bytes_are_a_full_run_s() {
    let dir = scratch_inputs();
    let root = dir.path();
    let inputs = root.join("inputs");
    assert_eq!(relazione(root, &[]), said(true, 7, 0), "first run");
    assert_eq!(relazione(root, &[]), said(false, 0, 7), "nothing changed");
    let out = consuntivo(&["verifica"], root);
    assert!(
        text(&out.stdout).contains(
            "Documenti da comporre alla prossima esecuzione di «relazione»: 0 su 8 \
             (Relazione invariata; schede delle Aree: 7 invariate); riepilogo invariato.\n"
        ),
        "{}",
        text(&out.stdout)
    );

    // One value in Area III's form: its scheda and the Relazione, as
    // `verifica` foresees.
    change_one_value(&inputs);
    common::revalidate(root);
    let out = consuntivo(&["verifica"], root);
    assert!(
        text(&out.stdout).contains(
            "Documenti da comporre alla prossima esecuzione di «relazione»: 2 su 8 \
             (Relazione da comporre; schede delle Aree: 1 da comporre, 6 invariate); \
             riepilogo da aggiornare.\n"
        ),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(relazione(root, &[]), said(true, 1, 6), "one form");
    // The same bytes as a full run on the same inputs.
    same_as_a_full_run(root, &[]);

    // A result achieved late in another unit's form moves the ente's
    // grade: still only that unit's scheda (the schede carry no ente-wide
    // result).
    let before = ente_grade(root);
    move_one_date(
        &inputs,
        "VI",
        "OB17.1",
        chrono::NaiveDate::from_ymd_opt(2023, 10, 15).unwrap(),
    );
    assert_eq!(relazione(root, &[]), said(true, 1, 6), "a late result");
    assert_ne!(ente_grade(root), before, "the ente's grade moved");
    same_as_a_full_run(root, &[]);

    // The Nucleo's decision on one unit's indicator (OB09.2, Area III).
    edit(
        &inputs.join("valutazioni-nucleo-2023.toml"),
        "grado = 50",
        "grado = 60",
    );
    assert_eq!(relazione(root, &[]), said(true, 1, 6), "Nucleo");

    // A comment in the rules changes no document; a rule does.
    let rules = inputs.join("smvp.toml");
    edit(&rules, "[esiti]", "# una nota\n[esiti]");
    assert_eq!(relazione(root, &[]), said(false, 0, 7), "comment");
    edit(&rules, "raggiunto = 90", "raggiunto = 95");
    let after_rules = relazione(root, &[]);
    assert!(
        after_rules.relazione && after_rules.composed > 0,
        "{after_rules:?}"
    );

    // The previous year's open data: the comparison is the Relazione's.
    let previous = root.join("outputs/2022/dati-aperti");
    std::fs::create_dir_all(&previous).unwrap();
    let json = std::fs::read_to_string(root.join("outputs/2023/dati-aperti/risultati.json"))
        .unwrap()
        .replace("\"anno\": 2023", "\"anno\": 2022");
    std::fs::write(previous.join("risultati.json"), json).unwrap();
    assert_eq!(relazione(root, &[]), said(true, 0, 7), "previous year");

    // The settings of relazione.toml, the document date, the words of
    // ente.toml.
    edit(
        &inputs.join("relazione.toml"),
        "verbale n. 3/2024",
        "verbale n. 4/2024",
    );
    let after_settings = relazione(root, &[]);
    assert!(after_settings.relazione, "{after_settings:?}");
    assert_eq!(
        relazione(root, &["--data", "02/05/2024"]),
        Said {
            riepilogo: false,
            ..said(true, 7, 0)
        },
        "date: every PDF, not the workbook"
    );
    assert_eq!(
        relazione(root, &["--data", "02/05/2024"]),
        said(false, 0, 7)
    );
    std::fs::copy(
        repo().join("tests/fixtures/ente/settori-oiv.toml"),
        inputs.join("ente.toml"),
    )
    .unwrap();
    let out = consuntivo(&["relazione", "--data", "02/05/2024"], root);
    assert!(
        text(&out.stdout).contains("Relazione: composta.\nSchede dei Settori: 7 composte.\n"),
        "{}",
        text(&out.stdout)
    );

    // A template the comune edited: the documents that use it.
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let scheda = consuntivo::report::BUILT_IN_TEMPLATES
        .iter()
        .find(|(n, _)| *n == "scheda.typ")
        .unwrap()
        .1;
    std::fs::write(
        templates.join("scheda.typ"),
        format!("// del Comune\n{scheda}"),
    )
    .unwrap();
    assert_eq!(
        relazione(root, &["--data", "02/05/2024"]),
        said(false, 7, 0),
        "template"
    );

    // A byte flipped in one scheda, one entry of the list cut short: those
    // two are composed again, never trusted.
    let folder = root.join("outputs/2023");
    let flipped = folder.join("schede/Area I Affari generali e giuridico-legale.pdf");
    let mut bytes = std::fs::read(&flipped).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&flipped, bytes).unwrap();
    let list = folder.join(".consuntivo-relazione.elenco");
    let lines: Vec<String> = std::fs::read_to_string(&list)
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("Relazione") {
                l[..l.len() - 5].to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&list, lines.join("\n") + "\n").unwrap();
    assert_eq!(
        relazione(root, &["--data", "02/05/2024"]),
        Said {
            riepilogo: false,
            ..said(true, 1, 6)
        },
        "damaged: the Relazione's line and one scheda"
    );
    // And the result is a full run's.
    same_as_a_full_run(root, &["--data", "02/05/2024"]);
    // The list deleted: everything composed again.
    std::fs::remove_file(&list).unwrap();
    assert_eq!(
        relazione(root, &["--data", "02/05/2024"]),
        said(true, 7, 0),
        "no list"
    );
}
