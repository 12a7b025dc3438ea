use std::path::Path;

use super::*;

fn ente(dir: &Path, folder: &str, name: &str, year: i32) {
    let inputs = dir.join(folder).join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(
        inputs.join(format!("piano-{year}.toml")),
        format!("[piano]\nanno = {year}\n\n[ente]\nnome = \"{name}\"\n"),
    )
    .unwrap();
}

fn group(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE_NAME), text).unwrap();
    dir
}

fn error(dir: &Path) -> String {
    let e = Group::load(dir).unwrap_err();
    e.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn without_a_list_every_subfolder_with_inputs_is_an_ente_and_the_others_are_skipped() {
    let dir = group("nome = \"Unione\"\n");
    ente(dir.path(), "b", "Comune di Bi", 2023);
    ente(dir.path(), "a", "Comune di A", 2023);
    std::fs::create_dir_all(dir.path().join("documenti")).unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::create_dir_all(dir.path().join("outputs")).unwrap();
    let g = Group::load(dir.path()).unwrap();
    let names: Vec<&str> = g.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Comune di A", "Comune di Bi"]);
    assert_eq!(g.skipped, [PathBuf::from("documenti")]);
    assert_eq!(g.members[0].ente.shared.as_deref(), Some(dir.path()));
}

#[test]
fn a_listed_folder_that_does_not_exist_is_an_error_at_its_line() {
    let dir = group(
        "nome = \"Unione\"\n\n[[ente]]\ncartella = \"a\"\n\n[[ente]]\ncartella = \"manca\"\n",
    );
    ente(dir.path(), "a", "Comune di A", 2023);
    let e = error(dir.path());
    assert!(e.contains("enti.toml:7:"), "{e}");
    assert!(e.contains("«manca» non esiste"), "{e}");
}

#[test]
fn two_entes_with_one_name_are_an_error_at_the_second_ones_line() {
    let dir = group("nome = \"Unione\"\n[[ente]]\ncartella = \"a\"\n[[ente]]\ncartella = \"b\"\n");
    ente(dir.path(), "a", "Comune di A", 2023);
    ente(dir.path(), "b", "Comune di A", 2023);
    let e = error(dir.path());
    assert!(e.contains("enti.toml:4:"), "{e}");
    assert!(e.contains("stesso nome «Comune di A»"), "{e}");
}

#[test]
fn a_folder_outside_the_group_is_refused() {
    let dir = group("nome = \"Unione\"\n[[ente]]\ncartella = \"../x\"\n");
    let e = error(dir.path());
    assert!(e.contains("enti.toml:3:"), "{e}");
}

#[test]
fn an_ente_of_another_year_is_told_apart_and_solo_names_the_entes() {
    let dir = group("nome = \"Unione\"\nanno = 2023\n");
    ente(dir.path(), "a", "Comune di A", 2023);
    ente(dir.path(), "b", "Comune di B", 2025);
    let g = Group::load(dir.path()).unwrap();
    assert_eq!(g.members[0].other_year(&g), None);
    assert_eq!(g.members[1].other_year(&g), Some((2025, 2023)));
    let only = g.select(&["b".to_string()]).unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].name, "Comune di B");
    let e = g.select(&["Comune di C".to_string()]).unwrap_err();
    let text = e.iter().map(|d| d.to_string()).collect::<String>();
    assert!(text.contains("«Comune di C» non è un ente"), "{text}");
    assert!(text.contains("«Comune di A» (cartella a)"), "{text}");
}

#[test]
fn run_each_keeps_the_order_and_a_panic_stays_with_its_item() {
    let out = run_each(&[1, 2, 3, 4, 5], |n| {
        assert!(*n != 3, "three fails");
        n * 10
    });
    assert_eq!(out, [Some(10), Some(20), None, Some(40), Some(50)]);
}

#[test]
fn entes_of_very_different_size_are_warned_about_and_an_unscored_one_does_not_count() {
    use compare::{Column, Figures, size_warning};
    let sized = |units: usize| {
        Column::Scored(Box::new(Figures {
            year: 2023,
            grade: Some(0.9),
            units_graded: units,
            unit_lowest: None,
            unit_highest: None,
            reached: 0,
            partly: 0,
            missed: 0,
            gaps: 0,
            gaps_unmotivated: 0,
            forms_expected: units,
            forms_returned: units,
            forms_on_time: units,
            corrections: 0,
            neutralised: 0,
        }))
    };
    let named = |cols: Vec<(&str, Column)>| -> Vec<(String, Column)> {
        cols.into_iter().map(|(n, c)| (n.to_string(), c)).collect()
    };
    let alike = named(vec![
        ("A", sized(6)),
        ("B", sized(4)),
        ("C", Column::NotScorable("x".into())),
    ]);
    assert_eq!(size_warning(&alike), None);
    let apart = named(vec![("A", sized(8)), ("B", sized(4))]);
    let w = size_warning(&apart).unwrap();
    assert!(w.contains("A ha 8 unità con obiettivi, B ne ha 4"), "{w}");
}
