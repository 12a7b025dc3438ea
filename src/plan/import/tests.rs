//! Import against real plans: the 2023 Allegato H rebuilt from the shipped
//! plan in the seed's own wording, round trips through the plan workbook,
//! .ods and .csv files, and hostile cells.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook};

use super::*;
use crate::plan::{ALL_AREAS_NOTE, Plan, Responsibility, Target, export};
use crate::testkit::shipped::plan_2023;

pub(super) fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

pub(super) fn options() -> ImportOptions {
    ImportOptions::default()
}

/// Writes `bytes` as `name` in a fresh temporary folder and imports it.
pub(super) fn import_bytes(
    name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> (tempfile::TempDir, Result<Imported, Diagnostics>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    let out = import(&path, &dir.path().join("piano.toml"), opts);
    (dir, out)
}

pub(super) fn messages(d: &Diagnostics) -> String {
    d.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

// ─────────────────────── the 2023 Allegato H, as the seed lays it out ───────────────────────

/// "Area III – ufficio tributi", "Segretario generale": how the seed names a unit.
fn seed_unit(id: &str, note: Option<&str>) -> String {
    let name = if id == "SG" {
        "Segretario generale".to_string()
    } else {
        format!("Area {id}")
    };
    match note {
        Some(n) => format!("{name} – {n}"),
        None => name,
    }
}

/// The Responsabile/i and Peso cells of a list, worded as the seed words
/// them: "Tutte le Aree" + "3"; "Area III – ufficio tributi" + "10";
/// "Tutte le Aree\nCon il coordinamento dell’Area III" +
/// "5 (Area I-II-IV-V-VI) 10 (Area III)"; one weight per line.
fn seed_cells(plan: &Plan, list: &[Responsibility], funding: Option<&str>) -> (String, String) {
    let in_all: Vec<&str> = plan
        .areas
        .iter()
        .map(|a| a.id.as_str())
        .filter(|id| *id != "SG")
        .collect();
    let ids: Vec<&str> = list.iter().map(|r| r.area.as_str()).collect();
    let weights: Vec<Option<f64>> = list.iter().map(|r| r.weight).collect();
    let same = weights.windows(2).all(|w| w[0] == w[1]);
    let w = |x: Option<f64>| x.map_or(String::new(), number_text);
    let weight_cell = |text: String| match funding {
        Some(f) if text.is_empty() => f.to_string(),
        _ => text,
    };
    if list
        .iter()
        .all(|r| r.note.as_deref() == Some(ALL_AREAS_NOTE))
        && same
    {
        return ("Tutte le Aree".into(), weight_cell(w(weights[0])));
    }
    if same {
        let lines: Vec<String> = list
            .iter()
            .map(|r| seed_unit(r.area.as_str(), r.note.as_deref()))
            .collect();
        return (lines.join("\n"), weight_cell(w(weights[0])));
    }
    if ids == in_all {
        let mut groups: Vec<(f64, Vec<&str>)> = Vec::new();
        for r in list {
            let x = r.weight.unwrap_or(0.0);
            match groups.iter_mut().find(|(g, _)| *g == x) {
                Some((_, v)) => v.push(r.area.as_str()),
                None => groups.push((x, vec![r.area.as_str()])),
            }
        }
        let mut resp = vec!["Tutte le Aree".to_string()];
        resp.extend(list.iter().filter_map(|r| r.note.clone()));
        let weight = groups
            .iter()
            .map(|(g, v)| format!("{} (Area {})", number_text(*g), v.join("-")))
            .collect::<Vec<_>>()
            .join(" ");
        return (resp.join("\n"), weight);
    }
    let lines: Vec<String> = list
        .iter()
        .map(|r| seed_unit(r.area.as_str(), r.note.as_deref()))
        .collect();
    let weight: Vec<String> = weights.iter().map(|x| w(*x)).collect();
    (lines.join("\n"), weight.join("\n"))
}

/// Builds the 2023 plan table as the Allegato H lays it out: a title row,
/// the header, a row with the theme's name and the header again before
/// each theme (as the seed repeats it on every page), one row per
/// indicator, the objective (title - description) and its units and
/// weights merged over its rows.
fn allegato_h(plan: &Plan) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let wrap = Format::new().set_text_wrap();
    let header = [
        "Obiettivo",
        "Indicatore",
        "Livello atteso",
        "Responsabile/i",
        "Peso",
    ];
    ws.write_string(0, 0, &plan.title).unwrap();
    let mut row = 1u32;
    for (i, h) in header.iter().enumerate() {
        ws.write_string(row, i as u16, *h).unwrap();
    }
    row += 1;
    let mut theme = None;
    for o in &plan.objectives {
        if theme != Some(&o.theme) {
            theme = Some(&o.theme);
            ws.write_string(row, 0, &plan.theme(&o.theme).unwrap().name)
                .unwrap();
            row += 1;
            for (i, h) in header.iter().enumerate() {
                ws.write_string(row, i as u16, *h).unwrap();
            }
            row += 1;
        }
        let first = row;
        let last = row + o.indicators.len() as u32 - 1;
        let text = match &o.description {
            Some(d) => format!("{} - {d}", o.title),
            None => o.title.clone(),
        };
        let merged = |ws: &mut rust_xlsxwriter::Worksheet, c: u16, t: &str| {
            if last > first {
                ws.merge_range(first, c, last, c, t, &wrap).unwrap();
            } else {
                ws.write_string_with_format(first, c, t, &wrap).unwrap();
            }
        };
        merged(ws, 0, &text);
        if !o.areas.is_empty() {
            let (r, w) = seed_cells(plan, &o.areas, o.funding.as_deref());
            merged(ws, 3, &r);
            merged(ws, 4, &w);
        }
        for ind in &o.indicators {
            ws.write_string_with_format(row, 1, &ind.description, &wrap)
                .unwrap();
            let expected = match &ind.condition {
                Some(c) if !ind.expected.contains(c.as_str()) => format!("{c}: {}", ind.expected),
                _ => ind.expected.clone(),
            };
            ws.write_string_with_format(row, 2, &expected, &wrap)
                .unwrap();
            if let Some(list) = &ind.areas
                && list.iter().any(|r| r.weight.is_some())
            {
                let (r, w) = seed_cells(plan, list, None);
                ws.write_string_with_format(row, 3, &r, &wrap).unwrap();
                ws.write_string_with_format(row, 4, &w, &wrap).unwrap();
            }
            row += 1;
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Same kind and the same measure: what "typed identically" means (the
/// words naming what is counted are the plan writer's, not a type).
fn same_type(a: &Target, b: &Target) -> bool {
    match (a, b) {
        (
            Target::Deadline {
                date: d1,
                movable: m1,
                ..
            },
            Target::Deadline {
                date: d2,
                movable: m2,
                ..
            },
        ) => d1 == d2 && m1.is_some() == m2.is_some(),
        (Target::Minimum { value: v1, .. }, Target::Minimum { value: v2, .. }) => v1 == v2,
        (
            Target::Maximum {
                value: v1,
                strict: s1,
                ..
            },
            Target::Maximum {
                value: v2,
                strict: s2,
                ..
            },
        ) => v1 == v2 && s1 == s2,
        (Target::Percentage { value: v1, .. }, Target::Percentage { value: v2, .. }) => v1 == v2,
        (Target::YesNo { .. }, Target::YesNo { .. }) => true,
        (Target::Qualitative { .. }, Target::Qualitative { .. }) => true,
        _ => false,
    }
}

#[test]
fn allegato_h_2023_imports_with_its_targets_and_weights() {
    let plan = plan_2023();
    let opts = ImportOptions {
        ente: Some(plan.ente.name.clone()),
        ..options()
    };
    let (_dir, got) = import_bytes("Allegato H 2023.xlsx", &allegato_h(&plan), &opts);
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let imported = &got.plan;
    assert_eq!(imported.year, 2023);
    assert_eq!(imported.title, plan.title);
    assert_eq!(imported.objectives.len(), plan.objectives.len());
    let checked: Vec<&str> = got
        .counts
        .to_check
        .iter()
        .map(|(id, _, _)| id.as_str())
        .collect();
    let (mut total, mut same) = (0, 0);
    let mut unmarked = Vec::new();
    for (o, io) in plan.objectives.iter().zip(&imported.objectives) {
        assert_eq!(o.indicators.len(), io.indicators.len(), "{}", o.id);
        for (ind, iind) in o.indicators.iter().zip(&io.indicators) {
            assert_eq!(ind.id, iind.id);
            let mut pool: Vec<&Target> = iind.targets.iter().collect();
            let mut differs = pool.len() != ind.targets.len();
            for t in &ind.targets {
                total += 1;
                match pool.iter().position(|x| same_type(t, x)) {
                    Some(p) => {
                        same += 1;
                        pool.remove(p);
                    }
                    None => differs = true,
                }
            }
            if differs && !checked.contains(&ind.id.as_str()) {
                unmarked.push(format!(
                    "{}: {:?} ≠ {:?}",
                    ind.id, ind.targets, iind.targets
                ));
            }
        }
    }
    assert!(
        unmarked.is_empty(),
        "differences not marked DA VERIFICARE:\n{}",
        unmarked.join("\n")
    );
    eprintln!("{same} of {total} targets typed identically");
    assert!(
        same * 100 >= total * 95,
        "{same} of {total} targets typed identically"
    );
    for a in &plan.areas {
        assert_eq!(
            imported.area_total_weight(&a.id),
            plan.area_total_weight(&a.id),
            "total weight of {}",
            a.id
        );
    }
    assert_eq!(
        got.counts.targets,
        imported
            .objectives
            .iter()
            .map(|o| o.indicators.iter().map(|i| i.targets.len()).sum::<usize>())
            .sum::<usize>()
    );
    // Every inferred target names its cell and words; the list at the end
    // repeats every point to check.
    assert!(
        got.toml
            .contains("# dal testo C5: «almeno 2 giornate formative»"),
        "{}",
        &got.toml[..3000]
    );
    let tail = got.toml.rsplit(&format!("─ {CHECK} ─")).next().unwrap();
    assert_eq!(tail.matches("\n# - OB").count(), got.counts.to_check.len());
}

// ─────────────────────── round trips through the plan workbook ───────────────────────

fn round_trip(plan: &Plan) {
    round_trip_in(plan, crate::vocab::Vocabulary::default());
}

fn round_trip_in(plan: &Plan, vocab: crate::vocab::Vocabulary) {
    let bytes = export::export(plan, &vocab).unwrap();
    let opts = ImportOptions { vocab, ..options() };
    let (_dir, got) = import_bytes("piano.xlsx", &bytes, &opts);
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert!(got.warnings.is_empty(), "{}", messages(&got.warnings));
    assert!(got.counts.to_check.is_empty(), "{:?}", got.counts.to_check);
    assert_eq!(got.plan, *plan);
}

#[test]
fn export_then_import_gives_back_the_2023_plan() {
    round_trip(&plan_2023());
}

/// The payment-times flag (on an objective or on an indicator) goes
/// through the plan workbook's «Dati generali» and back; a code the table
/// does not have is refused at its cell.
#[test]
fn the_payment_times_flag_goes_through_the_plan_workbook() {
    let text = std::fs::read_to_string(repo("inputs/piano-2023.toml")).unwrap();
    for code in ["OB06", "OB06.1"] {
        let line = format!("id = \"{code}\"\n");
        let flagged = text.replacen(&line, &format!("{line}tempi_pagamento = true\n"), 1);
        let plan = crate::plan::parse(&flagged, Path::new("piano-2023.toml")).unwrap();
        assert_eq!(plan.payment_times_code().as_deref(), Some(code));
        let vocab = crate::vocab::Vocabulary::default();
        let bytes = export::export(&plan, &vocab).unwrap();
        let (_dir, got) = import_bytes("piano.xlsx", &bytes, &options());
        let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
        assert_eq!(
            got.plan.payment_times_code().as_deref(),
            Some(code),
            "{code}"
        );
        assert!(got.toml.contains("tempi_pagamento = true"), "{code}");
    }
    let g = "Ente;Comune di Prova\nAnno;2024\nTitolo;Obiettivi 2024\nObiettivo sui tempi di pagamento;OB99\n";
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Dati generali").unwrap();
    for (r, row) in g.lines().enumerate() {
        for (c, t) in row.split(';').enumerate() {
            ws.write_string(r as u32, c as u16, t).unwrap();
        }
    }
    one_objective_table(&mut wb);
    let bytes = wb.save_to_buffer().unwrap();
    let (_dir, got) = import_bytes("errore.xlsx", &bytes, &opts_2024());
    let text = messages(&got.expect_err("an unknown code"));
    assert!(
        text.contains("Dati generali › B4")
            && text.contains(
                "«OB99» non è il codice di un obiettivo o di un indicatore della tabella"
            ),
        "{text}"
    );
}

/// Every plan under `tests/fixtures/piani/` (at any depth, in the words
/// of the `ente.toml` beside it) that loads without errors: a fixture
/// added later is covered too.
#[test]
fn export_then_import_gives_back_every_fixture_plan() {
    fn plans(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                plans(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml")
                && path.file_name().is_some_and(|n| n != "ente.toml")
            {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    plans(&repo("tests/fixtures/piani"), &mut paths);
    paths.sort();
    let mut done = Vec::new();
    for path in &paths {
        let Ok(plan) = plan::load(path) else { continue };
        let dir = path.parent().unwrap();
        round_trip_in(&plan, crate::vocab::load(dir).unwrap());
        done.push(
            path.strip_prefix(repo("tests/fixtures/piani"))
                .unwrap()
                .to_path_buf(),
        );
    }
    // The shipped fixtures at least: the flat one, the Settori, the
    // triennial plan (strategic level, years, baselines, no weights) and
    // the shared results (strategic level, lead units, shared results,
    // units per indicator, no weights: issue 20).
    for p in [
        "valido.toml",
        "settori/piano-2025.toml",
        "triennale/piano-2025.toml",
        "condivisi/piano-2025.toml",
    ] {
        assert!(
            done.contains(&PathBuf::from(p)),
            "{p} not round-tripped: {done:?}"
        );
    }
}

#[test]
fn blank_workbook_imports_without_warnings() {
    let vocab = crate::vocab::Vocabulary::default();
    let bytes = export::blank("Comune di Esempio", 2025, &vocab).unwrap();
    let (_dir, got) = import_bytes("modello.xlsx", &bytes, &options());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert!(got.warnings.is_empty(), "{}", messages(&got.warnings));
    assert!(got.counts.to_check.is_empty());
    assert_eq!(
        got.plan,
        export::example_plan("Comune di Esempio", 2025, &vocab)
    );
}

#[test]
fn ods_and_xls_saved_by_libreoffice_import_as_the_plan() {
    // The fixtures are the 2023 export converted by LibreOffice (merges are
    // not reported by calamine for .ods: covered cells read as empty),
    // written before the units sheet had its «Vertice» column: such a
    // workbook still imports, and the plan finds the Segretario's unit by
    // its name.
    let mut undeclared = plan_2023();
    undeclared
        .areas
        .iter_mut()
        .for_each(|a| a.top_official = false);
    // Nor had «Dati generali» its «Documento» row.
    undeclared.document = None;
    let vocab = crate::vocab::Vocabulary::default();
    for ext in ["ods", "xls"] {
        let path = repo(&format!("tests/fixtures/piani/piano-2023.{ext}"));
        let dir = tempfile::tempdir().unwrap();
        let got = import(&path, &dir.path().join("piano.toml"), &options())
            .unwrap_or_else(|d| panic!("{ext}: {}", messages(&d)));
        assert!(
            got.warnings.is_empty(),
            "{ext}: {}",
            messages(&got.warnings)
        );
        assert_eq!(got.plan, undeclared, "{ext}");
        let top = got.plan.top_official_unit(&vocab).map(|a| a.id.as_str());
        assert_eq!(top, Some("SG"), "{ext}");
    }
}

/// Regenerates the .ods and .xls fixtures with LibreOffice (not run by default).
#[test]
#[ignore]
fn regenerate_libreoffice_fixtures() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("piano-2023.xlsx");
    let bytes = export::export(&plan_2023(), &crate::vocab::Vocabulary::default()).unwrap();
    std::fs::write(&xlsx, bytes).unwrap();
    for (ext, filter) in [("ods", "ods"), ("xls", "xls:MS Excel 97")] {
        let status = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", filter, "--outdir"])
            .arg(dir.path())
            .arg(&xlsx)
            .status()
            .expect("LibreOffice (soffice) installed");
        assert!(status.success());
        let name = format!("piano-2023.{ext}");
        std::fs::copy(
            dir.path().join(&name),
            repo(&format!("tests/fixtures/piani/{name}")),
        )
        .unwrap();
    }
}

#[test]
fn a_csv_with_semicolons_and_line_breaks_imports() {
    let csv = "Piano della performance 2024 - Comune di Prova;;;;;\n\
        Ambito;Obiettivo;Indicatore;Livello atteso;Responsabile/i;Peso\n\
        Legalità;Trasparenza - Aggiornare la sezione;Pubblicazioni;\"2024: entro il 30/06/2024\";\"Area I – segreteria\nArea II\";\"5\n7,5\"\n\
        ;;Richiami;2024: Richiami inferiori a n. 3;;\n\
        Servizi;Biblioteca;Prestiti;2024: almeno 1.000 prestiti;Area II;10\n";
    let (_dir, got) = import_bytes("piano.csv", csv.as_bytes(), &options());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let p = &got.plan;
    assert_eq!(p.year, 2024);
    assert_eq!(p.ente.name, "Comune di Prova");
    assert_eq!(p.objectives.len(), 2);
    let o = &p.objectives[0];
    assert_eq!(o.title, "Trasparenza");
    assert_eq!(o.description.as_deref(), Some("Aggiornare la sezione"));
    assert_eq!(o.indicators.len(), 2);
    assert_eq!(o.areas.len(), 2);
    assert_eq!(o.areas[0].note.as_deref(), Some("segreteria"));
    assert_eq!(o.areas[1].weight, Some(7.5));
    assert_eq!(
        o.indicators[1].targets,
        vec![Target::Maximum {
            value: 3.0,
            unit: "Richiami".into(),
            strict: true
        }]
    );
    assert_eq!(
        p.objectives[1].indicators[0].targets,
        vec![Target::Minimum {
            value: 1000.0,
            unit: "prestiti".into()
        }]
    );
    assert_eq!(got.counts.to_check.len(), 0, "{:?}", got.counts.to_check);
}

// ─────────────────────── hostile files ───────────────────────

pub(super) fn table_with(edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut wb = Workbook::new();
    edit(one_objective_table(&mut wb));
    wb.save_to_buffer().unwrap()
}

/// A «Piano» sheet with one objective of «Area I», weight 5.
pub(super) fn one_objective_table(wb: &mut Workbook) -> &mut rust_xlsxwriter::Worksheet {
    let ws = wb.add_worksheet();
    ws.set_name("Piano").unwrap();
    for (i, h) in [
        "Ambito",
        "Obiettivo",
        "Indicatore",
        "Livello atteso",
        "Responsabile/i",
        "Peso",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    for (i, v) in [
        "Legalità",
        "Trasparenza",
        "Pubblicazioni",
        "2024: entro il 30/06/2024",
        "Area I",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, i as u16, *v).unwrap();
    }
    ws.write_number(1, 5, 5.0).unwrap();
    ws
}

/// [`one_objective_table`] with its objective assigned to `responsible`,
/// beside the units sheet of the plan workbook holding `units` (code,
/// name, «Vertice» cell).
fn table_and_units(responsible: &str, units: &[[&str; 3]]) -> Vec<u8> {
    let vocab = crate::vocab::Vocabulary::default();
    let mut wb = Workbook::new();
    one_objective_table(&mut wb)
        .write_string(1, 4, responsible)
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name(&vocab.unit.plural).unwrap();
    for (c, h) in side::unit_headings(&vocab).iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, [id, name, top]) in units.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        ws.write_string(r, 5, *top).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn the_units_sheet_declares_the_top_official_s_unit() {
    // Named otherwise, declared «sì»: the plan's `vertice = true`, and the
    // top official's title in a cell means that unit.
    let units = [["SEG", "Segreteria generale", "sì"], ["I", "Area I", "no"]];
    let bytes = table_and_units("Segretario generale", &units);
    let (_dir, got) = import_bytes("t.xlsx", &bytes, &opts_2024());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert!(got.warnings.is_empty(), "{}", messages(&got.warnings));
    assert!(
        got.toml
            .contains("id = \"SEG\"\nnome = \"Segreteria generale\"\nvertice = true\n"),
        "{}",
        got.toml
    );
    let top: Vec<bool> = got.plan.areas.iter().map(|a| a.top_official).collect();
    assert_eq!(top, [true, false]);
    assert_eq!(got.plan.objectives[0].areas[0].area.as_str(), "SEG");

    // Two «sì», or a word that is neither: errors at their cells.
    let units = [["I", "Area I", "sì"], ["II", "Area II", "sì"]];
    let (_dir, got) = import_bytes("t.xlsx", &table_and_units("Area I", &units), &opts_2024());
    assert_eq!(
        messages(&got.expect_err("two top officials")),
        "errore: t.xlsx › Aree › F3: anche la cella F2 dice «sì»: una sola unità può raccogliere gli obiettivi propri del Segretario generale\n  suggerimento: lasciare «sì» soltanto nella riga di quell'unità e scrivere «no» nelle altre"
    );
    let units = [["I", "Area I", "forse"]];
    let (_dir, got) = import_bytes("t.xlsx", &table_and_units("Area I", &units), &opts_2024());
    assert_eq!(
        messages(&got.expect_err("not a yes or no")),
        "errore: t.xlsx › Aree › F2: «forse» non è ammesso nella colonna «Vertice (sì/no)»\n  suggerimento: scrivere «sì» per l'unità degli obiettivi propri del Segretario generale, «no» o niente per le altre"
    );
}

pub(super) fn opts_2024() -> ImportOptions {
    ImportOptions {
        ente: Some("Comune di Prova".into()),
        ..options()
    }
}

#[test]
fn the_plain_table_imports_and_keeps_extra_columns_as_notes() {
    let bytes = table_with(|ws| {
        ws.write_string(0, 6, "Portatori di interesse").unwrap();
        ws.write_string(1, 6, "Cittadini e imprese").unwrap();
    });
    let (_dir, got) = import_bytes("t.xlsx", &bytes, &opts_2024());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert!(got.warnings.is_empty(), "{}", messages(&got.warnings));
    assert_eq!(got.plan.objectives[0].areas[0].weight, Some(5.0));
    assert!(
        got.toml
            .contains("# nota: Portatori di interesse (Piano › G2): Cittadini e imprese"),
        "{}",
        got.toml
    );
}

#[test]
fn a_formula_is_reported_with_its_cell() {
    let bytes = table_with(|ws| {
        ws.write_formula(1, 5, "=2+3").unwrap();
    });
    let (_dir, got) = import_bytes("t.xlsx", &bytes, &opts_2024());
    // rust_xlsxwriter stores 0 as the computed value unless told otherwise.
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let text = messages(&got.warnings);
    assert!(
        text.contains("Piano › F2") && text.contains("«0»"),
        "{text}"
    );

    let bytes = table_with(|ws| {
        ws.write_formula(1, 5, rust_xlsxwriter::Formula::new("=2+3").set_result("5"))
            .unwrap();
    });
    let (_dir, got) = import_bytes("t.xlsx", &bytes, &opts_2024());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let text = messages(&got.warnings);
    assert!(
        text.contains("Piano › F2") && text.contains("formula"),
        "{text}"
    );
}

#[test]
fn a_huge_cell_is_an_error_not_a_crash() {
    // An .xlsx cell holds at most 32,767 characters; a CSV field anything.
    let long = "a".repeat(32_767);
    let bytes = table_with(|ws| {
        ws.write_string(1, 3, &long).unwrap();
    });
    let (_dir, got) = import_bytes("t.xlsx", &bytes, &opts_2024());
    let text = messages(&got.expect_err("refused"));
    assert!(
        text.contains("Piano › D2") && text.contains("troppo lungo"),
        "{text}"
    );
    let csv = format!(
        "Ambito;Obiettivo;Indicatore;Livello atteso;Responsabile/i;Peso\nA;B;C;{};Area I;5\n",
        "x".repeat(100_000)
    );
    let (_dir, got) = import_bytes("t.csv", csv.as_bytes(), &opts_2024());
    let text = messages(&got.expect_err("refused"));
    assert!(
        text.contains("t › D2") && text.contains("100.000 caratteri"),
        "{text}"
    );
}

#[test]
fn a_merge_over_the_header_is_an_error_with_its_cells() {
    let bytes = table_with(|ws| {
        ws.merge_range(0, 1, 1, 1, "Obiettivo", &Format::new())
            .unwrap();
    });
    let (_dir, got) = import_bytes("t.xlsx", &bytes, &opts_2024());
    let text = messages(&got.expect_err("refused"));
    assert!(
        text.contains("Piano › B1") && text.contains("B1:B2"),
        "{text}"
    );
}

#[test]
fn unknown_units_and_weights_name_their_cell() {
    let bytes = table_with(|ws| {
        ws.write_string(1, 4, "Ufficio misterioso").unwrap();
        ws.write_string(1, 5, "tanto 3").unwrap();
    });
    let (_dir, got) = import_bytes("t.xlsx", &bytes, &opts_2024());
    let text = messages(&got.expect_err("refused"));
    assert!(
        text.contains("Piano › F2") && text.contains("peso non riconosciuto"),
        "{text}"
    );
}

#[test]
fn garbage_and_empty_files_are_errors() {
    for (name, bytes) in [
        ("x.xlsx", b"PK\x03\x04 not really a zip".to_vec()),
        ("x.xlsx", Vec::new()),
        ("x.csv", b"\xff\xfe\x00garbage".to_vec()),
        ("x.csv", b"uno;due\ntre;quattro\n".to_vec()),
    ] {
        let (_dir, got) = import_bytes(name, &bytes, &opts_2024());
        assert!(got.is_err(), "{name}");
    }
}

#[test]
#[ignore]
fn dump_2023_import() {
    let plan = plan_2023();
    let opts = ImportOptions {
        ente: Some(plan.ente.name.clone()),
        ..options()
    };
    let (_dir, got) = import_bytes("Allegato H 2023.xlsx", &allegato_h(&plan), &opts);
    std::fs::write("/tmp/import-2023.toml", got.unwrap().toml).unwrap();
}

#[test]
fn the_entes_unit_words_are_read() {
    use crate::vocab::{Gender, Noun, Vocabulary};
    let vocab = Vocabulary {
        unit: Noun::new("Settore", "Settori", Gender::Masculine),
        ..Vocabulary::default()
    };
    let csv = "Piano della performance 2024 del Comune di Prova\n\
        Area strategica;Obiettivo;Indicatore;Target;Settore;Peso %\n\
        Servizi;Sportello unico;Apertura;entro il 31/03/2024;Tutti i Settori;4\n\
        Servizi;Biblioteca;Prestiti;almeno 500 prestiti;Settore II – biblioteca;6\n";
    let opts = ImportOptions { vocab, ..options() };
    let (_dir, got) = import_bytes("settori.csv", csv.as_bytes(), &opts);
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let p = &got.plan;
    assert_eq!(p.areas.len(), 1);
    assert_eq!(p.areas[0].name, "Settore II");
    assert_eq!(
        p.objectives[0].areas[0].note.as_deref(),
        Some(ALL_AREAS_NOTE)
    );
    assert_eq!(p.objectives[1].areas[0].note.as_deref(), Some("biblioteca"));
    assert_eq!(p.area_total_weight(&"II".into()), 10.0);
    // "Area II" is not this ente's word.
    let csv = csv.replace("Settore II", "Area II");
    let (_dir, got) = import_bytes("settori.csv", csv.as_bytes(), &opts);
    let text = messages(&got.expect_err("refused"));
    assert!(
        text.contains("settori › E4") && text.contains("«Settore III»"),
        "{text}"
    );
}

#[test]
fn text_below_an_objectives_first_row_is_reported_not_dropped() {
    let csv = "Ambito;Obiettivo;Indicatore;Livello atteso;Responsabile/i;Peso\n\
        Legalità;Trasparenza;Pubblicazioni;2024: entro il 30/06/2024;Area I;5\n\
        Servizi;;Richiami;Richiami inferiori a n. 3;;\n";
    let (_dir, got) = import_bytes("late.csv", csv.as_bytes(), &opts_2024());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let text = messages(&got.warnings);
    assert!(
        text.contains("late › A3") && text.contains("«Servizi» non è stato letto"),
        "{text}"
    );
    assert_eq!(got.plan.objectives.len(), 1);
    assert_eq!(got.plan.objectives[0].indicators.len(), 2);
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(64))]
    /// Tables of plan-like fragments in any arrangement: an import result
    /// or Italian errors, never a panic.
    #[test]
    fn any_table_imports_or_fails_cleanly(
        rows in proptest::collection::vec(
            proptest::collection::vec(
                "(|Legalità|Area I|Area I-II|Tutte le Aree|Segretario generale|5|7,5|5 \\(Area I\\) 2 \\(Area II\\)|2024: entro il 30/06/2024|almeno 2 corsi|Obiettivo|Indicatore|Livello atteso|Peso|Responsabile/i|;|\"|\n|x{0,5})",
                0..7,
            ),
            0..12,
        )
    ) {
        let mut csv = String::from("Ambito;Obiettivo;Indicatore;Livello atteso;Responsabile/i;Peso\n");
        for r in rows {
            csv.push_str(&r.join(";"));
            csv.push('\n');
        }
        let (_dir, got) = import_bytes("p.csv", csv.as_bytes(), &opts_2024());
        if let Err(d) = got {
            proptest::prop_assert!(d.has_errors());
        }
    }
}
