//! The evaluators' workbooks (`moduli --personale`, issue 26): one per
//! evaluator with that evaluator's staff and what the staff file already
//! holds; filled and put in `inputs/personale-<anno>/`, they give the same
//! scores as the TOML route; every bad workbook is an Italian error at its
//! sheet and cell, and a run with one writes nothing.

mod common;

use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader};
use common::{consuntivo, scratch_inputs, text};
use consuntivo::diag::{Diagnostics, Severity};
use consuntivo::plan::Plan;
use consuntivo::staff::{self, StaffFile, StaffModel};

const EXAMPLE: &str = include_str!("../inputs/personale-2023.toml");
const RULES: &str = include_str!("../inputs/smvp.toml");
const FORMS: &str = "outputs/moduli/2023/riservato/personale";

fn plan() -> Plan {
    consuntivo::testkit::shipped::plan_2023()
}

fn model() -> StaffModel {
    staff::parse_model(RULES, Path::new("smvp.toml"))
        .unwrap()
        .unwrap()
}

fn example() -> StaffFile {
    staff::parse_staff(EXAMPLE, Path::new("personale-2023.toml"), &plan(), &model())
        .unwrap()
        .0
}

/// The staff file without any score: the list and the weights only.
fn without_scores(toml: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in toml.lines() {
        if line.starts_with("comportamento = [") {
            skipping = true;
        } else if skipping && line == "]" {
            skipping = false;
        } else if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(!out.contains("comportamento"), "a score left");
    out
}

/// A scratch ente with the forms written: their paths, sorted.
fn with_forms() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = scratch_inputs();
    let out = consuntivo(&["moduli", "--personale"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut forms: Vec<PathBuf> = std::fs::read_dir(dir.path().join(FORMS))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    forms.sort();
    (dir, forms)
}

/// The forms moved to `inputs/personale-2023/`, the TOML file left with
/// the list only: the forms route.
fn forms_route(root: &Path, forms: &[PathBuf]) -> PathBuf {
    let folder = root.join("inputs/personale-2023");
    std::fs::create_dir_all(&folder).unwrap();
    for f in forms {
        std::fs::copy(f, folder.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        root.join("inputs/personale-2023.toml"),
        without_scores(EXAMPLE),
    )
    .unwrap();
    folder
}

fn load(root: &Path) -> Result<(StaffFile, Diagnostics), Diagnostics> {
    staff::load_with_forms(
        &root.join("inputs/personale-2023.toml"),
        &root.join("inputs/personale-2023"),
        &plan(),
        &model(),
    )
}

fn errors(root: &Path) -> Vec<String> {
    match load(root) {
        Ok(_) => panic!("loaded"),
        Err(d) => {
            d.0.iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.to_string().trim_start_matches("errore: ").to_string())
                .collect()
        }
    }
}

fn sheets(path: &Path) -> Vec<(String, calamine::Range<Data>)> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            (n, r)
        })
        .collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The evaluator a form is for, from its hidden sheet.
fn evaluator_of(path: &Path) -> String {
    let s = sheets(path);
    let meta = &s.iter().find(|(n, _)| n == "_consuntivo").unwrap().1;
    cell_text(meta.get_value((3, 1)).unwrap())
}

enum Edit {
    Number(f64),
    Text(&'static str),
    Blank,
}

/// The workbook written again with its values (as a user's spreadsheet
/// program saves it) and `edits` (sheet, row and column, 0-based) applied.
fn rewrite(path: &Path, edits: &[(&str, u32, u16, Edit)]) {
    let all = sheets(path);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (name, range) in &all {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
                match d {
                    Data::String(s) => ws.write_string(r, c, s),
                    Data::Float(f) => ws.write_number(r, c, *f),
                    Data::Int(i) => ws.write_number(r, c, *i as f64),
                    Data::DateTime(x) => ws.write_number_with_format(r, c, x.as_f64(), &date),
                    Data::Empty => continue,
                    other => ws.write_string(r, c, other.to_string()),
                }
                .unwrap();
            }
        }
        for (sheet, r, c, e) in edits {
            if sheet == name {
                match e {
                    Edit::Number(v) => ws.write_number(*r, *c, *v),
                    Edit::Text(t) => ws.write_string(*r, *c, *t),
                    Edit::Blank => ws.write_blank(*r, *c, &rust_xlsxwriter::Format::new()),
                }
                .unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// The evaluation sheets of a form (those between the instructions and
/// the dictionary).
fn evaluation_sheets(path: &Path) -> Vec<(String, calamine::Range<Data>)> {
    sheets(path)
        .into_iter()
        .filter(|(n, _)| !["Istruzioni", "Dizionario", "_consuntivo"].contains(&n.as_str()))
        .collect()
}

/// The forms route, with the first form in the inputs and its first
/// evaluation sheet.
fn first_form() -> (tempfile::TempDir, PathBuf, String, calamine::Range<Data>) {
    let (dir, forms) = with_forms();
    let folder = forms_route(dir.path(), &forms);
    let form = folder.join(forms[0].file_name().unwrap());
    let (sheet, range) = evaluation_sheets(&form).remove(0);
    (dir, form, sheet, range)
}

#[test]
fn one_workbook_per_evaluator_with_their_staff_and_what_the_file_holds() {
    let (dir, forms) = with_forms();
    let file = example();
    assert_eq!(forms.len(), file.evaluators.len());
    // Names: only in the confidential folder.
    let public: Vec<_> = std::fs::read_dir(dir.path().join("outputs/moduli/2023"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(public, vec!["riservato".to_string()]);
    let model = model();
    let mut listed = 0;
    for form in &forms {
        let who = evaluator_of(form);
        let name = form.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.contains(&who), "{name} is not {who}'s");
        let all = sheets(form);
        assert_eq!(all[0].0, "Istruzioni");
        let instructions: Vec<String> = all[0].1.rows().map(|r| cell_text(&r[0])).collect();
        assert!(
            instructions.iter().any(|l| l.contains("da 1 a 5")),
            "{instructions:?}"
        );
        assert!(
            instructions.iter().any(|l| l.contains("personale-2023/")),
            "{instructions:?}"
        );
        assert!(all.iter().any(|(n, _)| n == "Dizionario"));
        let mut names = Vec::new();
        for (_, range) in evaluation_sheets(form) {
            let header: Vec<String> = range.rows().next().unwrap().iter().map(cell_text).collect();
            for row in range.rows().skip(1) {
                let person = file
                    .persons
                    .iter()
                    .find(|p| p.name == cell_text(&row[0]))
                    .expect("a person of the list");
                names.push(person.name.clone());
                let j = person.judgements.iter().find(|j| j.who == who).unwrap();
                let category = model.category(&person.category).unwrap();
                // Each behaviour's score and motivation, as the file has them.
                for b in &category.behaviours {
                    let col = |h: String| header.iter().position(|x| *x == h).unwrap();
                    let s = j.scores.iter().find(|s| s.behaviour == b.id).unwrap();
                    assert_eq!(
                        row[col(format!("{}: punteggio", b.name))],
                        Data::Float(s.score)
                    );
                    assert_eq!(
                        cell_text(&row[col(format!("{}: motivazione", b.name))]),
                        s.motivation.clone().unwrap_or_default()
                    );
                }
                let interview = &row[header.len() - 1];
                assert_eq!(
                    interview.as_date(),
                    person.interview,
                    "colloquio of {}",
                    person.name
                );
            }
        }
        let mut expected: Vec<String> = file
            .persons
            .iter()
            .filter(|p| p.judgements.iter().any(|j| j.who == who))
            .map(|p| p.name.clone())
            .collect();
        expected.sort();
        names.sort();
        assert_eq!(names, expected, "{who}'s staff");
        listed += names.len();
    }
    // Every judgement of the file is in one form.
    let judgements: usize = file.persons.iter().map(|p| p.judgements.len()).sum();
    assert_eq!(listed, judgements);
    // The first evaluation sheet: protected, its scores limited to the
    // scale.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&forms[0]).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("<sheetProtection"), "not protected");
    assert!(
        xml.contains(r#"type="decimal""#)
            && xml.contains("<formula1>1</formula1><formula2>5</formula2>"),
        "{xml}"
    );
}

#[test]
fn a_list_the_run_would_refuse_gives_no_forms() {
    let dir = scratch_inputs();
    let path = dir.path().join("inputs/personale-2023.toml");
    let bad = without_scores(EXAMPLE).replacen("part_time = 50\n", "part_time = 0\n", 1);
    std::fs::write(&path, bad).unwrap();
    let out = consuntivo(&["moduli", "--personale"], dir.path());
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("`part_time` = 0%"), "{err}");
    // Scores are what the forms are for: their absence is no error.
    assert!(!err.contains("manca il punteggio"), "{err}");
    assert!(
        !dir.path().join("outputs").exists(),
        "something was written"
    );
}

#[test]
fn a_colloquio_other_than_the_file_s_is_an_error_naming_both() {
    let (dir, form, sheet, range) = first_form();
    let last = range.rows().next().unwrap().len() as u16 - 1;
    rewrite(&form, &[(&sheet, 1, last, Edit::Text("01/01/2024"))]);
    let e = errors(dir.path());
    let cell = format!("{}2", (b'A' + last as u8) as char);
    assert!(
        e.iter().any(|x| x.contains(&format!(
            "› {sheet} › {cell}: la data del colloquio è diversa da quella scritta in personale-2023.toml:"
        ))),
        "{e:?}"
    );
}

/// What the scores of a file are, person by person.
fn scores(file: &StaffFile) -> Vec<(String, Option<chrono::NaiveDate>, Vec<String>)> {
    file.persons
        .iter()
        .map(|p| {
            let js = p
                .judgements
                .iter()
                .map(|j| {
                    let s: Vec<String> = j
                        .scores
                        .iter()
                        .map(|s| format!("{}={} {:?}", s.behaviour, s.score, s.motivation))
                        .collect();
                    format!("{} {} {}", j.who, j.weight, s.join(", "))
                })
                .collect();
            (p.name.clone(), p.interview, js)
        })
        .collect()
}

#[test]
fn the_filled_forms_give_the_scores_of_the_toml_route() {
    let (dir, forms) = with_forms();
    let folder = forms_route(dir.path(), &forms);
    let (from_forms, warnings) = load(dir.path()).unwrap();
    assert!(warnings.0.is_empty(), "{warnings:?}");
    assert_eq!(scores(&from_forms), scores(&example()));
    // The list itself: the TOML file's.
    assert_eq!(from_forms.persons.len(), example().persons.len());
    // A score changed in a form is the person's new score, at its cell.
    let form = folder.join(forms[0].file_name().unwrap());
    let (sheet, range) = evaluation_sheets(&form).remove(0);
    let name = cell_text(range.get_value((1, 0)).unwrap());
    let old = match range.get_value((1, 4)).unwrap() {
        Data::Float(f) => *f,
        other => panic!("{other:?}"),
    };
    let new = if old == 3.0 { 4.0 } else { 3.0 };
    rewrite(&form, &[(&sheet, 1, 4, Edit::Number(new))]);
    let (changed, _) = load(dir.path()).unwrap();
    let who = evaluator_of(&form);
    let p = changed.persons.iter().find(|p| p.name == name).unwrap();
    let s = &p.judgements.iter().find(|j| j.who == who).unwrap().scores[0];
    assert_eq!(s.score, new);
    assert_eq!(s.at.sheet.as_deref(), Some(sheet.as_str()));
    assert_eq!(s.at.cell.as_deref(), Some("E2"));
    // The run reads the folder: `verifica` accepts it without a word.
    let out = consuntivo(&["verifica"], dir.path());
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("personale-2023"), "{err}");
}

/// Each person's score and premium as the run computes them (the run's
/// own loader, the units' grades, the fund's split), without composing
/// any document.
fn premiums(root: &Path) -> Vec<(String, Option<f64>, Option<f64>)> {
    let ente = consuntivo::ente::EnteFolder::new(root.join("inputs"), root.join("outputs"));
    let scored = ente
        .score_all(&Default::default(), &consuntivo::progress::Silent)
        .unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
    let run = ente
        .staff_run(&ente.rules_path(&Default::default()), &scored, date)
        .unwrap()
        .expect("the staff evaluation");
    run.result
        .evaluations
        .iter()
        .map(|e| {
            (
                e.person.name.clone(),
                e.score,
                e.premium.as_ref().map(|p| p.total),
            )
        })
        .collect()
}

#[test]
fn the_run_pays_the_same_premiums_from_the_forms_as_from_the_file() {
    let (dir, forms) = with_forms();
    let from_file = premiums(dir.path());
    assert_eq!(from_file.len(), example().persons.len());
    assert!(from_file.iter().any(|(_, _, p)| p.is_some_and(|p| p > 0.0)));
    forms_route(dir.path(), &forms);
    assert_eq!(premiums(dir.path()), from_file);
}

#[test]
fn a_score_off_the_scale_or_not_a_number_is_an_error_at_its_cell() {
    let (dir, forms) = with_forms();
    let folder = forms_route(dir.path(), &forms);
    let form = folder.join(forms[0].file_name().unwrap());
    let file = form.file_name().unwrap().to_string_lossy().into_owned();
    let (sheet, _) = evaluation_sheets(&form).remove(0);
    rewrite(
        &form,
        &[
            (&sheet, 1, 4, Edit::Number(7.0)),
            (&sheet, 2, 4, Edit::Text("buono")),
        ],
    );
    let e = errors(dir.path());
    assert!(
        e.iter().any(|x| x.starts_with(&format!(
            "{file} › {sheet} › E2: punteggio 7 fuori dalla scala"
        ))),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|x| x.starts_with(&format!("{file} › {sheet} › E3: punteggio: «buono»"))),
        "{e:?}"
    );
}

#[test]
fn a_score_at_an_end_without_motivation_is_a_warning_at_its_cell_without_the_name() {
    let (dir, form, sheet, range) = first_form();
    let name = cell_text(range.get_value((1, 0)).unwrap());
    rewrite(
        &form,
        &[
            (&sheet, 1, 4, Edit::Number(5.0)),
            (&sheet, 1, 5, Edit::Blank),
        ],
    );
    let (_, warnings) = load(dir.path()).unwrap();
    let w: Vec<String> = warnings.0.iter().map(|d| d.to_string()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains(&format!("› {sheet} › E2: punteggio 5 agli estremi")),
        "{w:?}"
    );
    assert!(!w[0].contains(&name), "{w:?}");
}

#[test]
fn an_edited_name_or_a_person_not_in_the_list_is_an_error_at_the_name() {
    let (dir, form, sheet, range) = first_form();
    rewrite(&form, &[(&sheet, 1, 0, Edit::Text("Qualcun Altro"))]);
    let e = errors(dir.path());
    assert!(
        e.iter().any(|x| x.contains(&format!(
            "› {sheet} › A2: il nome in questa riga non è quello scritto dal programma"
        ))),
        "{e:?}"
    );
    // The second person of the sheet taken out of the staff list.
    let gone = cell_text(range.get_value((2, 0)).unwrap());
    let toml = without_scores(EXAMPLE);
    let at = toml.find(&format!("nome = \"{gone}\"")).unwrap();
    let start = toml[..at].rfind("[[persona]]").unwrap();
    let end = toml[at..]
        .find("[[persona]]")
        .map_or(toml.len(), |i| at + i);
    let cut = format!("{}{}", &toml[..start], &toml[end..]);
    std::fs::write(dir.path().join("inputs/personale-2023.toml"), cut).unwrap();
    let e = errors(dir.path());
    assert!(
        e.iter().any(|x| x.contains(&format!(
            "› {sheet} › A3: la persona di questa riga non è nell'elenco del personale"
        ))),
        "{e:?}"
    );
}

#[test]
fn a_form_of_another_year_or_evaluator_or_twice_is_refused() {
    let (dir, forms) = with_forms();
    let folder = forms_route(dir.path(), &forms);
    let first = folder.join(forms[0].file_name().unwrap());
    let second = folder.join(forms[1].file_name().unwrap());
    rewrite(&first, &[("_consuntivo", 2, 1, Edit::Text("2022"))]);
    rewrite(
        &second,
        &[("_consuntivo", 3, 1, Edit::Text("Nessuno (esempio)"))],
    );
    let e = errors(dir.path());
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        e.iter().any(|x| x.starts_with(&format!(
            "{} › _consuntivo › B3: il modulo è della valutazione del personale 2022, ma il piano è del 2023",
            name(&first)
        ))),
        "{e:?}"
    );
    assert!(
        e.iter().any(|x| x.starts_with(&format!(
            "{} › _consuntivo › B4: il modulo è del valutatore «Nessuno (esempio)», che non è dichiarato",
            name(&second)
        ))),
        "{e:?}"
    );
    // Two copies of one evaluator's form.
    std::fs::copy(&forms[0], &first).unwrap();
    std::fs::copy(&forms[1], &second).unwrap();
    let copy = folder.join("copia.xlsx");
    std::fs::copy(&forms[2], &copy).unwrap();
    let e = errors(dir.path());
    assert!(
        e.iter().any(
            |x| x.starts_with("copia.xlsx: ci sono due moduli dello stesso valutatore")
                || x.contains("ci sono due moduli dello stesso valutatore: questo e copia.xlsx")
        ),
        "{e:?}"
    );
}

#[test]
fn scores_both_in_the_file_and_in_a_form_name_both_places_and_a_run_writes_nothing() {
    let (dir, forms) = with_forms();
    let folder = forms_route(dir.path(), &forms);
    // The file keeps its scores, and the forms come back as written
    // (prefilled from it): the same scores in both places are no
    // conflict (review 39).
    std::fs::write(dir.path().join("inputs/personale-2023.toml"), EXAMPLE).unwrap();
    let (file, _) = load(dir.path()).expect("forms sent back unchanged");
    assert_eq!(scores(&file), scores(&example()));
    // One score changed in a form: now the two places disagree.
    let form = folder.join(forms[0].file_name().unwrap());
    let (sheet, range) = evaluation_sheets(&form).remove(0);
    let given = range
        .get((1, 4))
        .and_then(|d| match d {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        })
        .expect("a prefilled score at E2");
    let other = if given >= 3.0 {
        given - 1.0
    } else {
        given + 1.0
    };
    rewrite(&form, &[(&sheet, 1, 4, Edit::Number(other))]);
    let e = errors(dir.path());
    assert_eq!(e.len(), 1, "{e:?}");
    let first = forms[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        e.iter().any(|x| x.starts_with(&first)
            && x.contains(" › A2: i punteggi di questa persona per questo valutatore sono sia in personale-2023.toml:")),
        "{e:?}"
    );
    let out = consuntivo(&["relazione"], dir.path());
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("tenerli in un solo posto"), "{err}");
    assert!(
        !dir.path().join("outputs/2023").exists(),
        "something was written"
    );
}

#[test]
fn a_damaged_workbook_or_another_kind_of_form_is_named_not_read() {
    let dir = scratch_inputs();
    let folder = forms_route(dir.path(), &[]);
    std::fs::write(folder.join("rotto.xlsx"), b"not a workbook").unwrap();
    let unit_form = std::fs::read_dir(dir.path().join("inputs/rendicontazioni/2023"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .unwrap();
    std::fs::copy(&unit_form, folder.join("unita.xlsx")).unwrap();
    std::fs::write(folder.join("appunti.txt"), "da chiedere").unwrap();
    // The list has no scores, so the load fails in any case: what
    // matters is what it says of each file.
    let diags = load(dir.path()).err().unwrap();
    let all: Vec<String> = diags.0.iter().map(|d| d.to_string()).collect();
    for want in [
        "errore: rotto.xlsx",
        "errore: unita.xlsx: il file non è un modulo di valutazione del personale",
        "avviso: appunti.txt: file ignorato",
    ] {
        assert!(all.iter().any(|x| x.starts_with(want)), "{want}: {all:?}");
    }
}

#[test]
fn two_evaluators_whose_names_make_one_file_name_get_two_files() {
    let dir = scratch_inputs();
    let toml = EXAMPLE
        .replace("Giulia Carrara (esempio)", "Silvia/Rota (esempio)")
        .replace("Silvia Rota (esempio)", "Silvia-Rota (esempio)");
    std::fs::write(dir.path().join("inputs/personale-2023.toml"), toml).unwrap();
    let out = consuntivo(&["moduli", "--personale"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let folder = dir.path().join(FORMS);
    let one = folder.join("Valutazione del personale 2023 - Silvia-Rota (esempio).xlsx");
    let two = folder.join("Valutazione del personale 2023 - Silvia-Rota (esempio) (2).xlsx");
    assert_eq!(evaluator_of(&one), "Silvia/Rota (esempio)");
    assert_eq!(evaluator_of(&two), "Silvia-Rota (esempio)");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 7);
}

/// Review 39: a form not yet returned (the evaluator's judgements empty in
/// the file, no form in the folder) stops nothing: those people's schede
/// are BOZZE, the fund waits, and a warning at each judgement's line says
/// so — the rest of the run is written.
#[test]
fn a_form_not_yet_returned_leaves_drafts_and_the_run_goes_on() {
    let (dir, forms) = with_forms();
    // Every form but the first is back; the first evaluator's are missing.
    let folder = forms_route(dir.path(), &forms[1..]);
    assert!(!folder.join(forms[0].file_name().unwrap()).exists());
    let (file, warnings) = load(dir.path()).expect("a missing form is no error");
    let waiting: Vec<String> = warnings
        .0
        .iter()
        .map(|d| d.to_string())
        .filter(|w| w.contains("nessun punteggio di"))
        .collect();
    assert!(!waiting.is_empty(), "{warnings:?}");
    assert!(
        waiting.iter().all(|w| w.contains("personale-2023.toml:")),
        "at the judgement's line: {waiting:?}"
    );
    assert!(
        file.persons
            .iter()
            .any(|p| p.judgements.iter().any(|j| j.scores.is_empty()))
    );
    let out = consuntivo(&["relazione", "--bozza"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("l'elenco dei premi del personale non è definitivo"),
        "{stderr}"
    );
    assert!(
        dir.path()
            .join("outputs/2023/Relazione sulla performance 2023.pdf")
            .exists()
    );
}
