//! End-to-end: `consuntivo --enti CARTELLA`, a group of entes served by
//! one Nucleo: the shipped 2023 data, the plans of
//! `tests/fixtures/piani/settori` and `triennale` (no smvp.toml of their
//! own: they use the group's) and, where a test says so, a broken ente.

use std::path::{Path, PathBuf};

mod common;
use common::{consuntivo, copy_dir, files_under, pdftotext, repo, text, workbook_text};

/// A group folder: `alzano` (a copy of the shipped inputs, with its own
/// smvp.toml), `settori` and `triennale` (fixtures with the shared
/// smvp.toml and an empty folder of returned forms, so that scoring runs),
/// the group's `enti.toml` (`extra` appended) and the shipped smvp.toml as
/// the shared one, with `[pesi_mancanti]` as `missing_weights` says.
fn group(extra: &str, missing_weights: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path();
    copy_dir(&repo().join("inputs"), &g.join("alzano/inputs"));
    for fixture in ["settori", "triennale"] {
        let inputs = g.join(fixture).join("inputs");
        copy_dir(&repo().join("tests/fixtures/piani").join(fixture), &inputs);
        std::fs::create_dir_all(inputs.join("rendicontazioni/2025")).unwrap();
        std::fs::write(inputs.join("relazione.toml"), "data = \"30/04/2026\"\n").unwrap();
    }
    shared_rules(g, missing_weights);
    std::fs::write(
        g.join("enti.toml"),
        format!("nome = \"Nucleo di Valutazione associato dell'Unione della Valle\"\n{extra}"),
    )
    .unwrap();
    dir
}

/// The shipped smvp.toml as the group's, with the rule for a plan
/// without weights (`errore` or `uguali`).
fn shared_rules(g: &Path, missing_weights: &str) {
    let shipped = std::fs::read_to_string(repo().join("inputs/smvp.toml")).unwrap();
    let at = shipped.find("[pesi_mancanti]").unwrap();
    let rule = at + shipped[at..].find("\nregola = ").unwrap() + 1;
    let end = rule + shipped[rule..].find('\n').unwrap();
    let rules = format!(
        "{}regola = \"{missing_weights}\"{}",
        &shipped[..rule],
        &shipped[end..]
    );
    std::fs::write(g.join("smvp.toml"), rules).unwrap();
}

/// A fourth ente whose plan has a mistake at line 17.
fn add_broken(g: &Path) {
    let inputs = g.join("rotto/inputs");
    copy_dir(&repo().join("tests/fixtures/piani/settori"), &inputs);
    let plan = inputs.join("piano-2025.toml");
    let t = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        t.replacen(
            "nome = \"Comune di Monte Ferro\"",
            "nome = \"Comune di Roccarotta\"\nnomx = 1",
            1,
        ),
    )
    .unwrap();
}

/// The block the run printed for the ente in `folder`: from its heading
/// to the next one (or the closing table).
fn block<'a>(stdout: &'a str, folder: &str) -> &'a str {
    let start = stdout
        .find(&format!("(cartella {folder}) ──"))
        .unwrap_or_else(|| panic!("no block for {folder}:\n{stdout}"));
    let rest = &stdout[start..];
    let end = rest[1..]
        .find("\n── ")
        .or_else(|| rest.find("\nEnte "))
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

/// The closing table's row of the ente named `name`.
fn row<'a>(stdout: &'a str, name: &str) -> &'a str {
    let table = &stdout[stdout.rfind("\nEnte ").expect("a closing table")..];
    table
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no row for {name}:\n{table}"))
}

#[test]
fn three_entes_complete_and_a_broken_one_is_reported_with_its_first_error() {
    let dir = group("", "uguali");
    let g = dir.path();
    add_broken(g);
    std::fs::create_dir_all(g.join("documenti")).unwrap();
    let out = consuntivo(&["--enti", ".", "stato", "--al", "01/04/2026"], g);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stdout}{stderr}");
    assert!(stderr.contains("1 ente non completato su 4"), "{stderr}");
    assert!(
        stdout.contains(
            "Saltate, perché non sono un ente (non hanno la cartella inputs/): documenti"
        ),
        "{stdout}"
    );
    for (name, folder, year) in [
        ("Comune di Alzano Lombardo", "alzano", 2023),
        ("Comune di Monte Ferro", "settori", 2025),
        ("Comune di Valle Serena", "triennale", 2025),
    ] {
        assert!(row(&stdout, name).contains("completato"), "{stdout}");
        assert!(row(&stdout, name).trim_end().ends_with(" 1"), "{stdout}");
        let written = g
            .join(folder)
            .join(format!("outputs/{year}/Stato rendicontazione {year}.xlsx"));
        assert!(written.is_file(), "{}", written.display());
        assert!(
            block(&stdout, folder).contains(&format!("Stato della rendicontazione {year}")),
            "{stdout}"
        );
    }
    let broken = block(&stdout, "rotto");
    assert!(
        stdout.contains("\n── Comune di Roccarotta (cartella rotto) ──\n"),
        "{stdout}"
    );
    assert!(broken.contains("piano-2025.toml:17:1"), "{broken}");
    assert!(broken.contains("nomx"), "{broken}");
    assert!(
        broken.contains("Nessun file di questo ente è stato scritto"),
        "{broken}"
    );
    assert!(
        row(&stdout, "Comune di Roccarotta").contains("non riuscito"),
        "{stdout}"
    );
    assert!(!g.join("rotto/outputs").exists());
}

#[test]
fn a_change_to_the_shared_smvp_reaches_every_ente_without_its_own() {
    let dir = group("", "errore");
    let g = dir.path();
    let run = || {
        let out = consuntivo(&["--enti", ".", "verifica"], g);
        (out.status.success(), text(&out.stdout))
    };
    let (ok, stdout) = run();
    assert!(!ok, "{stdout}");
    // Each ente says which rules and templates it uses.
    assert!(
        block(&stdout, "alzano").contains("Regole: alzano/inputs/smvp.toml."),
        "{stdout}"
    );
    assert!(
        block(&stdout, "triennale").contains("Regole: smvp.toml."),
        "{stdout}"
    );
    assert!(
        block(&stdout, "settori").contains("Regole: smvp.toml."),
        "{stdout}"
    );
    // The triennale plan has no weights: the shared rules stop it.
    assert!(
        block(&stdout, "triennale").contains("[pesi_mancanti]"),
        "{stdout}"
    );
    assert!(
        row(&stdout, "Comune di Valle Serena").contains("non riuscito"),
        "{stdout}"
    );
    // Alzano's own rules say the same, and are not the ones that change.
    let alzano_rules = std::fs::read(g.join("alzano/inputs/smvp.toml")).unwrap();
    shared_rules(g, "uguali");
    let (ok, stdout) = run();
    assert!(ok, "{stdout}");
    assert!(
        row(&stdout, "Comune di Valle Serena").contains("completato"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read(g.join("alzano/inputs/smvp.toml")).unwrap(),
        alzano_rules
    );
    // The ente's own templates, then the shared ones.
    std::fs::create_dir_all(g.join("templates")).unwrap();
    std::fs::create_dir_all(g.join("settori/templates")).unwrap();
    let out = consuntivo(&["--enti", ".", "--solo", "settori", "verifica"], g);
    let stdout = text(&out.stdout);
    assert!(
        block(&stdout, "settori")
            .contains("Modelli: settori/templates, poi templates, poi quelli predefiniti."),
        "{stdout}"
    );
}

/// Every workbook, CSV and JSON file under `dir`, relative to it.
fn data_files(dir: &Path) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("xlsx" | "csv" | "json")
            )
        })
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

/// What a reader finds in the data files under `dir`: workbook cells, CSV
/// and JSON text.
fn data_text(dir: &Path) -> String {
    data_files(dir)
        .iter()
        .map(|rel| {
            let p = dir.join(rel);
            if rel.extension().is_some_and(|e| e == "xlsx") {
                workbook_text(&p)
            } else {
                std::fs::read_to_string(&p).unwrap()
            }
        })
        .collect()
}

#[test]
fn the_main_job_over_the_group_writes_what_each_ente_gets_alone_and_nothing_of_another() {
    let dir = group(
        "\n[[ente]]\ncartella = \"alzano\"\n\n[[ente]]\ncartella = \"triennale\"\n",
        "uguali",
    );
    let g = dir.path();
    let out = consuntivo(&["--enti", "."], g);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(!g.join("settori/outputs").exists(), "settori is not listed");
    assert!(
        row(&stdout, "Comune di Alzano Lombardo").contains("91,4%"),
        "{stdout}"
    );

    // The same ente alone, from its own folder.
    let alone = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("inputs"), &alone.path().join("inputs"));
    let single = consuntivo(&[], alone.path());
    assert!(single.status.success(), "{}", text(&single.stderr));
    let in_group = g.join("alzano/outputs");
    let files = data_files(&in_group);
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("Riepilogo performance 2023.xlsx")),
        "{files:?}"
    );
    assert!(
        files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "csv")),
        "{files:?}"
    );
    assert_eq!(files, data_files(&alone.path().join("outputs")));
    for f in &files {
        assert!(
            std::fs::read(in_group.join(f)).unwrap()
                == std::fs::read(alone.path().join("outputs").join(f)).unwrap(),
            "{} differs from the single ente's",
            f.display()
        );
    }

    // Nothing of one ente in the other's: names, the evaluator's words.
    let alzano = data_text(&in_group);
    let triennale = data_text(&g.join("triennale/outputs"));
    assert!(triennale.contains("Valle Serena"), "{triennale}");
    assert!(alzano.contains("Alzano"));
    for word in ["Alzano", "Segretario generale", "Area I"] {
        assert!(
            !triennale.contains(word),
            "«{word}» in the triennale's outputs"
        );
    }
    for word in ["Valle Serena", "monocratico", "Direttore generale"] {
        assert!(!alzano.contains(word), "«{word}» in Alzano's outputs");
    }
    // The triennale's Relazione, as a reader sees it.
    let relazione =
        pdftotext(&g.join("triennale/outputs/2025/Relazione sulla performance 2025.pdf"));
    assert!(relazione.contains("Valle Serena"), "{relazione}");
    for word in ["Alzano", "Segretario generale"] {
        assert!(
            !relazione.contains(word),
            "«{word}» in the triennale's Relazione"
        );
    }
}

#[test]
fn bad_group_files_are_reported_at_their_line() {
    // A listed folder that does not exist.
    let dir = group(
        "\n[[ente]]\ncartella = \"alzano\"\n\n[[ente]]\ncartella = \"cusano\"\n",
        "uguali",
    );
    let out = consuntivo(&["--enti", ".", "stato"], dir.path());
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("enti.toml:7:"), "{stderr}");
    assert!(stderr.contains("«cusano» non esiste"), "{stderr}");
    assert!(!dir.path().join("alzano/outputs").exists(), "nothing runs");

    // Two entes with the same name: the second one's line.
    let dir = group(
        "\n[[ente]]\ncartella = \"settori\"\n\n[[ente]]\ncartella = \"copia\"\n",
        "uguali",
    );
    copy_dir(&dir.path().join("settori"), &dir.path().join("copia"));
    let out = consuntivo(&["--enti", ".", "stato"], dir.path());
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("enti.toml:6:"), "{stderr}");
    assert!(
        stderr.contains("stesso nome «Comune di Monte Ferro»"),
        "{stderr}"
    );

    // An ente of another year than the group's: in its row, not run.
    let dir = group("anno = 2025\n", "uguali");
    let out = consuntivo(&["--enti", ".", "stato", "--al", "01/04/2026"], dir.path());
    let stdout = text(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        row(&stdout, "Comune di Alzano Lombardo")
            .contains("non eseguito: piano 2023, il gruppo è del 2025"),
        "{stdout}"
    );
    assert!(!dir.path().join("alzano/outputs").exists());
    assert!(
        row(&stdout, "Comune di Monte Ferro").contains("completato"),
        "{stdout}"
    );
}

#[test]
fn solo_limits_the_run_and_an_unknown_name_lists_the_entes() {
    let dir = group("", "uguali");
    let g = dir.path();
    let out = consuntivo(
        &[
            "--enti",
            ".",
            "stato",
            "--solo",
            "Comune di Valle Serena,settori",
            "--al",
            "01/04/2026",
        ],
        g,
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("Comune di Valle Serena"));
    assert!(stdout.contains("Comune di Monte Ferro"));
    assert!(!stdout.contains("Alzano"), "{stdout}");
    assert!(!g.join("alzano/outputs").exists());

    let out = consuntivo(&["--enti", ".", "--solo", "Cusano", "stato"], g);
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("--solo: «Cusano» non è un ente del gruppo"),
        "{stderr}"
    );
    assert!(
        stderr.contains("«Comune di Alzano Lombardo» (cartella alzano)"),
        "{stderr}"
    );

    let out = consuntivo(&["--solo", "alzano", "stato"], g);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("si usa con --enti"));
}

#[test]
fn confronta_sets_each_ente_beside_the_others_as_its_own_valuta_scores_it() {
    let dir = group("", "uguali");
    let g = dir.path();
    add_broken(g);
    let out = consuntivo(&["--enti", ".", "confronta"], g);
    let stdout = text(&out.stdout);
    assert!(
        !out.status.success(),
        "the broken ente is not scored: {stdout}"
    );
    assert!(
        stdout.contains("Comune di Roccarotta: non valutabile, piano-2025.toml:17:1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("avviso: enti di dimensioni molto diverse"),
        "{stdout}"
    );
    let path = g.join("outputs/Confronto fra gli enti.xlsx");
    let cells = common::table_cells(&path, "Confronto");
    // The header: one column per ente, in the group's order (folders by
    // name).
    let header = cells
        .iter()
        .find(|r| r.len() > 1 && r[1] == "Comune di Alzano Lombardo")
        .expect("a header");
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    assert_eq!(
        header,
        [
            "",
            "Comune di Alzano Lombardo",
            "Comune di Roccarotta",
            "Comune di Monte Ferro",
            "Comune di Valle Serena"
        ]
    );
    let figure = |label: &str| -> Vec<String> {
        cells
            .iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("no row «{label}»: {cells:?}"))[1..]
            .to_vec()
    };
    assert!(figure("Esito")[1].starts_with("non valutabile: piano-2025.toml:17:1"));
    assert_eq!(figure("Valutazione dell'ente")[1], "—");
    // Each ente's grade is the one its own `valuta` gives.
    let valuta = text(&consuntivo(&["--enti", ".", "valuta"], g).stdout);
    for (i, name) in header[1..].iter().enumerate() {
        let grade = &figure("Valutazione dell'ente")[i];
        assert!(
            row(&valuta, name).contains(&format!("  {grade}  ")),
            "{name}: {grade}\n{valuta}"
        );
    }
    assert!(figure("Valutazione dell'ente")[0].ends_with('%'));
    assert_eq!(figure("Moduli attesi")[0], "7");
    assert_eq!(figure("Moduli restituiti")[0], "7");
    assert_eq!(figure("Correzioni del valutatore")[0], "1");
    // No person's name: the individual evaluations stay out.
    let all: String = cells.concat().concat();
    assert!(!all.contains("(esempio)"), "{all}");
}

#[test]
fn the_groups_shared_words_fill_what_an_entes_own_ente_toml_leaves_out() {
    let dir = group("", "uguali");
    let g = dir.path();
    std::fs::write(
        g.join("ente.toml"),
        "referente = \"Ufficio unico di valutazione dell'Unione\"\n",
    )
    .unwrap();
    // The triennale's own words without its referente; settori keeps its own.
    let own = g.join("triennale/inputs/ente.toml");
    let words = std::fs::read_to_string(&own).unwrap();
    let without: String = words
        .lines()
        .filter(|l| !l.starts_with("referente"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(words, without);
    std::fs::write(&own, without).unwrap();
    let out = consuntivo(&["--enti", ".", "--solo", "triennale,settori", "moduli"], g);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let forms = |folder: &str| -> String {
        let dir = g.join(folder).join("outputs/moduli/2025");
        let files = files_under(&dir);
        assert!(!files.is_empty(), "{}", dir.display());
        files.iter().map(|f| workbook_text(f)).collect()
    };
    let triennale = forms("triennale");
    assert!(triennale.contains("Ufficio unico di valutazione dell'Unione"));
    assert!(triennale.contains("Servizio"), "its own [unita] stays");
    let settori = forms("settori");
    assert!(settori.contains("Ufficio di Segreteria"));
    assert!(!settori.contains("Ufficio unico di valutazione"));
}

/// Review 38: what a single ente's options would name is refused, never
/// dropped; the group's year picks each ente's plan of that year even when
/// next year's plan is already in its folder; `verifica --regole FILE`
/// says that FILE is the rules every ente is checked under.
#[test]
fn single_ente_options_are_refused_and_the_groups_year_picks_the_plan() {
    let dir = group("anno = 2023\n", "uguali");
    let g = dir.path();
    for option in ["--ingressi", "--uscite"] {
        let out = consuntivo(&["--enti", ".", option, "altrove", "valuta"], g);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "errore: {option} indica la cartella di un solo ente"
            )),
            "{stderr}"
        );
    }
    assert!(!g.join("altrove").exists());

    // Alzano also holds its 2024 plan: the group of 2023 closes 2023.
    let plan = std::fs::read_to_string(g.join("alzano/inputs/piano-2023.toml")).unwrap();
    std::fs::write(
        g.join("alzano/inputs/piano-2024.toml"),
        plan.replacen("anno = 2023", "anno = 2024", 1),
    )
    .unwrap();
    let out = consuntivo(&["--enti", ".", "--solo", "alzano", "valuta"], g);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(!stdout.contains("Non eseguito"), "{stdout}");
    assert!(stdout.contains("2023"), "{stdout}");

    let rules = g.join("regole-del-nucleo.toml");
    std::fs::copy(g.join("smvp.toml"), &rules).unwrap();
    let out = consuntivo(
        &[
            "--enti",
            ".",
            "--solo",
            "alzano",
            "verifica",
            "--regole",
            rules.to_str().unwrap(),
        ],
        g,
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Regole: ") && stdout.contains("regole-del-nucleo.toml"),
        "{stdout}"
    );
}
