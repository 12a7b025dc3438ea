use std::path::Path;

use serde_json::Value;

use super::compare::{Match, compare, points_text};
use super::previous::{Lookup, find, load};
use super::*;
use crate::results::ProposedStatus;
use crate::scoring::{Review, Rules, score};
use crate::testkit::small::*;
use crate::vocab::{Gender, Noun, Vocabulary};

/// A small scored year: SG and Areas I–III, one objective each plus a
/// shared one, a head for every Area and motivations that must not leak.
fn scored(year: i32) -> (crate::plan::Plan, Scorecard) {
    let mut plan = plan_with(vec![
        objective(
            "OB01",
            &[("SG", Some(10.0)), ("I", Some(5.0)), ("II", Some(5.0))],
            vec![indicator("OB01.1", vec![minimum(4.0)])],
        ),
        objective(
            "OB02",
            &[("III", Some(8.0))],
            vec![indicator("OB02.1", vec![yes_no()])],
        ),
        objective(
            "OB03",
            &[("I", None)],
            vec![indicator("OB03.1", vec![qualitative()])],
        ),
    ]);
    plan.year = year;
    for a in &mut plan.areas {
        a.head = Some(format!("Dott.ssa Testa {}", a.id));
    }
    let results = results(
        &["SG", "I", "II", "III"],
        vec![
            entry("SG", "OB01.1", 0).value(4.0),
            entry("I", "OB01.1", 0)
                .value(2.0)
                .motivation("assenza per malattia della sig.ra Bianchi"),
            entry("II", "OB01.1", 0).value(3.0),
            entry("III", "OB02.1", 0)
                .done(false)
                .motivation("ritardo del fornitore Rossi"),
            entry("I", "OB03.1", 0).status(ProposedStatus::Achieved),
        ],
    );
    let sc = score(&plan, &results, &Rules::default(), &Review::default());
    (plan, sc)
}

fn text_of(files: &[(std::path::PathBuf, Vec<u8>)], name: &str) -> String {
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p.file_name().is_some_and(|n| n == name))
        .unwrap_or_else(|| panic!("{name} not written"));
    String::from_utf8(bytes.clone()).unwrap()
}

#[path = "../../tests/common/csv.rs"]
mod csv_reader;
use csv_reader::parse as parse_csv;

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("column {name} missing"))
}

#[test]
fn files_are_the_four_levels_and_the_json() {
    let (plan, sc) = scored(2023);
    let files = files(&build(&plan, &sc, true));
    let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "2023/dati-aperti/ente.csv",
            "2023/dati-aperti/unita.csv",
            "2023/dati-aperti/obiettivi.csv",
            "2023/dati-aperti/indicatori.csv",
            "2023/dati-aperti/risultati.json",
        ]
    );
    for (name, columns) in [
        ("unita.csv", &csv::UNIT_COLUMNS[..]),
        ("obiettivi.csv", &csv::OBJECTIVE_COLUMNS[..]),
        ("indicatori.csv", &csv::INDICATOR_COLUMNS[..]),
    ] {
        let rows = parse_csv(&text_of(&files, name));
        assert_eq!(rows[0], columns, "{name}");
        assert!(rows.iter().all(|r| r.len() == columns.len()), "{name}");
    }
}

#[test]
fn csv_values_are_the_scorecards() {
    let (plan, sc) = scored(2023);
    let files = files(&build(&plan, &sc, true));
    let units = parse_csv(&text_of(&files, "unita.csv"));
    let (id, grade, sent) = (
        column(&units, "unita_id"),
        column(&units, "grado_percentuale"),
        column(&units, "modulo_inviato"),
    );
    assert_eq!(units.len(), 1 + sc.areas.len());
    for a in &sc.areas {
        let row = units.iter().find(|r| r[id] == a.area.as_str()).unwrap();
        let expected = a
            .grade
            .map(|g| format!("{:.2}", g * 100.0).replace('.', ","))
            .unwrap_or_default();
        assert_eq!(row[grade], expected, "{}", a.area);
        assert_eq!(row[sent], "sì");
    }
    // Area I: 2 of 4 on OB01 (weight 5): 50%; OB03 is unweighted.
    let i = units.iter().find(|r| r[id] == "I").unwrap();
    assert_eq!(i[grade], "50,00");
    let ente = parse_csv(&text_of(&files, "ente.csv"));
    let g = sc.grade.unwrap() * 100.0;
    assert_eq!(
        ente[1][column(&ente, "grado_percentuale")],
        format!("{g:.2}").replace('.', ",")
    );
    let objectives = parse_csv(&text_of(&files, "obiettivi.csv"));
    let ob03 = objectives
        .iter()
        .find(|r| r[column(&objectives, "obiettivo_id")] == "OB03")
        .unwrap();
    assert_eq!(ob03[column(&objectives, "pesato")], "no");
    assert_eq!(ob03[column(&objectives, "peso")], "");
    let indicators = parse_csv(&text_of(&files, "indicatori.csv"));
    assert_eq!(indicators.len(), 1 + 5);
    // Every row of every file says whose data they are: here the final
    // Relazione's, and a draft's in a draft run.
    for (draft, state) in [(false, "definitiva"), (true, "bozza")] {
        let files = super::files(&build(&plan, &sc, !draft));
        for name in ["ente.csv", "unita.csv", "obiettivi.csv", "indicatori.csv"] {
            let rows = parse_csv(&text_of(&files, name));
            let c = column(&rows, "stato_dati");
            assert_eq!(c, 1, "{name}");
            assert!(rows[1..].iter().all(|r| r[c] == state), "{name}");
        }
        assert!(text_of(&files, JSON_FILE).contains(&format!("\"stato\": \"{state}\"")));
    }
}

#[test]
fn no_names_quotas_or_unit_text_in_any_file() {
    let (plan, sc) = scored(2023);
    let files = files(&build(&plan, &sc, true));
    let banned: Vec<String> = plan
        .areas
        .iter()
        .filter_map(|a| a.head.clone())
        .chain(sc.rules.reward_bands.iter().map(|b| b.label.clone()))
        .chain(["Bianchi", "Rossi", "fascia", "quota", "retribuzione"].map(String::from))
        .collect();
    assert!(banned.len() > 5);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for b in &banned {
            assert!(
                !text.contains(&b.to_lowercase()),
                "{} contains «{b}»",
                path.display()
            );
        }
    }
}

#[test]
fn hostile_text_is_never_a_formula_and_round_trips() {
    let (mut plan, _) = scored(2023);
    let hostile = [
        "=HYPERLINK(\"http://x\";\"clic\")",
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "  =1+1",
        "\tTAB",
        "testo con \"virgolette\"; e punto e virgola\nsu due righe",
        "\n=1+1",
        " \u{a0}\r\n-1",
    ];
    plan.objectives[0].title = hostile[0].into();
    plan.areas[1].name = hostile[1].into();
    plan.objectives[0].indicators[0].description = hostile[2].into();
    plan.objectives[0].indicators[0].expected = hostile[3].into();
    plan.themes[0].name = hostile[4].into();
    plan.objectives[1].indicators[0].description = hostile[5].into();
    plan.objectives[1].indicators[0].expected = hostile[6].into();
    plan.objectives[1].title = hostile[7].into();
    plan.areas[2].name = hostile[8].into();
    let sc = score(
        &plan,
        &results(&["SG"], vec![entry("SG", "OB01.1", 0).value(4.0)]),
        &Rules::default(),
        &Review::default(),
    );
    let data = build(&plan, &sc, true);
    let files = files(&data);
    let mut seen = Vec::new();
    for name in ["unita.csv", "obiettivi.csv", "indicatori.csv"] {
        for row in parse_csv(&text_of(&files, name)).into_iter().skip(1) {
            for field in row {
                let first = field.trim_start().chars().next();
                assert!(
                    !matches!(first, Some('=' | '+' | '-' | '@'))
                        && !field.starts_with(char::is_whitespace),
                    "{name}: «{field}» would be a formula"
                );
                if let Some(original) = field.strip_prefix('\'') {
                    seen.push(original.to_string());
                } else if field == hostile[6] {
                    seen.push(field);
                }
            }
        }
    }
    for h in hostile {
        assert!(seen.iter().any(|s| s == h), "«{h}» not found as typed");
    }
    // The JSON keeps every text unchanged.
    let json: OpenData = serde_json::from_str(&text_of(&files, JSON_FILE)).unwrap();
    assert_eq!(json, data);
    assert_eq!(json.objectives[0].title, hostile[0]);
}

/// The JSON's shape is a published contract: any change to it must be a
/// deliberate new schema version (`UPDATE_GOLDEN=1` rewrites the file).
#[test]
fn json_schema_is_stable() {
    let (plan, sc) = scored(2023);
    let files = files(&build(&plan, &sc, true));
    let actual = text_of(&files, JSON_FILE);
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dati-aperti/risultati.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).expect("golden file present");
    assert_eq!(
        actual, expected,
        "schema changed: bump VERSION and document it"
    );
}

fn vocab_settore() -> Vocabulary {
    Vocabulary {
        unit: Noun::new("Settore", "Settori", Gender::Masculine),
        ..Vocabulary::default()
    }
}

#[test]
fn units_are_matched_by_id_then_by_name() {
    let (plan, sc) = scored(2023);
    let current = build(&plan, &sc, true);
    let mut before = current.clone();
    before.year = 2022;
    before.ente.grade = Some(0.5);
    before.units[1].grade = Some(0.4); // I: 50% now, +10 points
    before.units[2].id = "2".into(); // II renumbered: matched by name
    before.units[3].name = "Area Ragioneria".into(); // III renamed: matched by id
    before.units[0].id = "DG".into(); // SG: new id and name
    before.units[0].name = "Direzione generale".into();
    let c = compare(&current, &before);
    assert_eq!(c.previous_year, 2022);
    let by = |id: &str| c.units.iter().find(|u| u.id == id).unwrap();
    assert_eq!(by("SG").matched, Match::New);
    assert_eq!(by("I").matched, Match::Id { renamed_from: None });
    assert!((by("I").delta.points().unwrap() - 10.0).abs() < 1e-9);
    assert_eq!(
        by("II").matched,
        Match::Name {
            previous_id: "2".into()
        }
    );
    assert_eq!(
        by("III").matched,
        Match::Id {
            renamed_from: Some("Area Ragioneria".into())
        }
    );
    assert_eq!(c.gone.len(), 1);
    assert_eq!(c.gone[0].name, "Direzione generale");

    let text = compare::text(&c, &Vocabulary::default());
    assert!(text.contains("Confronto con il 2022"), "{text}");
    assert!(text.contains("nuova nel 2023"), "{text}");
    assert!(text.contains("nel 2022 con il codice 2"), "{text}");
    assert!(
        text.contains("nel 2022 denominata «Area Ragioneria»"),
        "{text}"
    );
    assert!(
        text.contains("Area non più presente nel 2023: Direzione generale (2022: 100%)"),
        "{text}"
    );
    let settore = compare::text(&c, &vocab_settore());
    assert!(settore.contains("nuovo nel 2023"), "{settore}");
    assert!(
        settore.contains("denominato «Area Ragioneria»"),
        "{settore}"
    );
    assert!(
        settore.starts_with("\nConfronto con il 2022\n\nSettore "),
        "{settore}"
    );

    let json = compare::to_json(&c, &Vocabulary::default());
    assert_eq!(json["anno_precedente"], 2022);
    assert_eq!(json["unita"][1]["differenza"], "+10 punti percentuali");
    assert_eq!(json["unita"][1]["grado_precedente"], "40%");
    assert_eq!(json["ente"]["il_grado_precedente"], "il 50%");
    assert_eq!(json["unita"][0]["il_grado_precedente"], Value::Null);
    assert_eq!(json["cessate"][0]["id"], "DG");
}

#[test]
fn differences_are_written_in_italian() {
    let d = |c: f64, p: f64| compare::Delta {
        current: Some(c),
        previous: Some(p),
    };
    assert_eq!(points_text(&d(0.81, 0.80)), "+1 punto percentuale");
    assert_eq!(points_text(&d(0.80, 0.81)), "−1 punto percentuale");
    assert_eq!(points_text(&d(0.855, 0.80)), "+5,5 punti percentuali");
    assert_eq!(points_text(&d(0.8, 0.8004)), "invariato");
    assert_eq!(
        points_text(&compare::Delta {
            current: Some(0.8),
            previous: None
        }),
        "—"
    );
}

fn write_json(dir: &Path, data: &OpenData) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(JSON_FILE);
    std::fs::write(&path, serde_json::to_vec(data).unwrap()).unwrap();
    path
}

#[test]
fn previous_data_are_checked_with_italian_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let (plan, sc) = scored(2022);
    let good = write_json(&tmp.path().join("ok"), &build(&plan, &sc, true));
    assert_eq!(load(&good, 2023).unwrap().year, 2022);

    let err = load(&good, 2022).unwrap_err().to_string();
    assert!(
        err.contains("sono dell'anno 2022, non di un anno precedente al 2022"),
        "{err}"
    );

    let err = load(&tmp.path().join("manca.json"), 2023)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("non trovato") && err.contains("consuntivo relazione"),
        "{err}"
    );

    let broken = tmp.path().join("rotto.json");
    std::fs::write(&broken, "{\n  \"schema\": ,\n}").unwrap();
    let err = load(&broken, 2023).unwrap_err().to_string();
    assert!(
        err.contains("rotto.json:2:") && err.contains("non sono un JSON valido"),
        "{err}"
    );

    let other = tmp.path().join("altro.json");
    std::fs::write(&other, "{\"schema\": \"altro\", \"versione\": 1}").unwrap();
    let err = load(&other, 2023).unwrap_err().to_string();
    assert!(
        err.contains("non contiene dati aperti di consuntivo"),
        "{err}"
    );

    let newer = tmp.path().join("nuovo.json");
    std::fs::write(
        &newer,
        format!("{{\"schema\": \"{SCHEMA}\", \"versione\": 99}}"),
    )
    .unwrap();
    let err = load(&newer, 2023).unwrap_err().to_string();
    assert!(
        err.contains("versione 99 dello schema dei dati aperti non supportata")
            && err.contains(&format!("legge la versione {VERSION}")),
        "{err}"
    );

    let cut = tmp.path().join("incompleto.json");
    std::fs::write(
        &cut,
        format!("{{\"schema\": \"{SCHEMA}\", \"versione\": {VERSION}, \"anno\": 2022}}"),
    )
    .unwrap();
    let err = load(&cut, 2023).unwrap_err().to_string();
    assert!(err.contains("incompleti o alterati"), "{err}");
}

#[test]
fn previous_data_are_read_as_hostile_input() {
    let tmp = tempfile::tempdir().unwrap();
    let (plan, sc) = scored(2022);
    let good = build(&plan, &sc, true);
    let err = |path: &Path| load(path, 2023).unwrap_err().to_string();
    let english = ["expected", "invalid", "line ", "column", "os error", "EOF"];

    // A FIFO would hang, /dev/zero would fill the memory, a huge file too.
    #[cfg(unix)]
    {
        let fifo = tmp.path().join("coda.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(
                err(&fifo).contains("non è un file ordinario"),
                "{}",
                err(&fifo)
            );
        }
        let zero = tmp.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(
            err(&zero).contains("non è un file ordinario"),
            "{}",
            err(&zero)
        );
    }
    let huge = tmp.path().join("enorme.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(super::previous::MAX_FILE + 1)
        .unwrap();
    assert!(err(&huge).contains("troppo grande"), "{}", err(&huge));

    // Syntax and shape errors in Italian, at their line.
    let bad = tmp.path().join("rotto.json");
    std::fs::write(&bad, "{\n  \"schema\": [1, 2,,]\n}").unwrap();
    let e = err(&bad);
    assert!(
        e.contains("rotto.json:2:") && e.contains("non sono un JSON valido"),
        "{e}"
    );
    let mut json = serde_json::to_value(&good).unwrap();
    json["unita"][0].as_object_mut().unwrap().remove("grado");
    json["ente"]["nome"] = serde_json::json!(7);
    std::fs::write(&bad, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let e = err(&bad);
    assert!(
        e.contains("valore del tipo sbagliato") || e.contains("manca il campo"),
        "{e}"
    );
    for word in english {
        assert!(!e.contains(word), "English in «{e}»");
    }

    // A name that would drive the terminal, a grade no program writes.
    let mut json = serde_json::to_value(&good).unwrap();
    json["unita"][1]["nome"] = serde_json::json!("Area \u{1b}[2J II");
    std::fs::write(&bad, serde_json::to_string(&json).unwrap()).unwrap();
    let e = err(&bad);
    assert!(
        e.contains("«unita[1].nome» contiene caratteri di controllo"),
        "{e}"
    );
    assert!(!e.contains('\u{1b}'), "{e}");
    let mut json = serde_json::to_value(&good).unwrap();
    json["unita"][0]["grado"] = serde_json::json!(-5.0);
    std::fs::write(&bad, serde_json::to_string(&json).unwrap()).unwrap();
    let e = err(&bad);
    assert!(e.contains("grado -5 fuori dall'intervallo da 0 a 1"), "{e}");
    let mut json = serde_json::to_value(&good).unwrap();
    json["indicatori"][0]["peso"] = serde_json::json!(1e300);
    std::fs::write(&bad, serde_json::to_string(&json).unwrap()).unwrap();
    assert!(err(&bad).contains("non ammesso"), "{}", err(&bad));
    let mut json = serde_json::to_value(&good).unwrap();
    json["obiettivi"][0]["titolo"] = serde_json::json!("x ".repeat(6_000));
    std::fs::write(&bad, serde_json::to_string(&json).unwrap()).unwrap();
    assert!(
        err(&bad).contains("più di 10000 caratteri"),
        "{}",
        err(&bad)
    );
}

#[test]
fn where_the_previous_year_is_looked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let (inputs, outputs) = (tmp.path().join("inputs"), tmp.path().join("outputs"));
    std::fs::create_dir_all(&inputs).unwrap();
    let lookup = |configured| Lookup {
        year: 2023,
        inputs: &inputs,
        outputs: &outputs,
        configured,
    };
    // First year of use: nothing, silently.
    let (found, warnings) = find(&lookup(None)).unwrap();
    assert!(found.is_none() && warnings.is_empty());

    // A broken default folder: a warning, the run goes on.
    let default = outputs.join("2022").join(DIR);
    std::fs::create_dir_all(&default).unwrap();
    std::fs::write(default.join(JSON_FILE), "non è JSON").unwrap();
    let (found, warnings) = find(&lookup(None)).unwrap();
    assert!(found.is_none());
    let w = warnings.to_string();
    assert!(
        warnings.warnings().count() == 1
            && w.contains("il confronto con l'anno precedente è omesso"),
        "{w}"
    );

    // Not a file: said once, at the file's whole path, without a chain of
    // colons or advice for a file the user did not indicate.
    std::fs::remove_file(default.join(JSON_FILE)).unwrap();
    std::fs::create_dir(default.join(JSON_FILE)).unwrap();
    let (found, warnings) = find(&lookup(None)).unwrap();
    assert!(found.is_none());
    let w = warnings.to_string();
    let first = w.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "avviso: {}: è una cartella, non un file; il confronto con l'anno precedente è omesso",
            default.join(JSON_FILE).display()
        ),
        "{w}"
    );
    assert!(!w.contains("indicare al suo posto"), "{w}");
    std::fs::remove_dir(default.join(JSON_FILE)).unwrap();

    let (plan, sc) = scored(2022);
    write_json(&default, &build(&plan, &sc, true));
    let (found, warnings) = find(&lookup(None)).unwrap();
    assert_eq!(found.unwrap().year, 2022);
    assert!(warnings.is_empty());

    // A configured path, folder or file, relative to the inputs.
    let archive = tmp.path().join("archivio/2021");
    let (plan, sc) = scored(2021);
    let file = write_json(&archive, &build(&plan, &sc, true));
    for configured in ["../archivio/2021", "../archivio/2021/risultati.json"] {
        let (found, _) = find(&lookup(Some(configured))).unwrap();
        assert_eq!(found.unwrap().year, 2021, "{configured}");
    }
    assert!(file.exists());
    // A configured path that is wrong stops the run and says where it came from.
    let err = find(&lookup(Some("../archivio/2020")))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("non trovato") && err.contains("anno_precedente = \"../archivio/2020\""),
        "{err}"
    );
}
