//! End-to-end: the open data written beside the Relazione, checked against
//! the xlsx summary, and the comparison with a previous year built by
//! running the pipeline on a modified copy of the 2023 data.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range, Reader};

use consuntivo::opendata::{self, OpenData};
use consuntivo::plan::AreaId;
use consuntivo::{forms, plan, scoring};

mod common;
use common::{consuntivo, files_under, scratch_inputs, text};

/// The records of a CSV file as maps from column name to value.
fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rows = common::csv::parse(&std::fs::read_to_string(path).unwrap());
    let header = rows.remove(0);
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// "85,53" (percentage points) → 0.8553.
fn csv_grade(s: &str) -> Option<f64> {
    (!s.is_empty()).then(|| s.replace(',', ".").parse::<f64>().unwrap() / 100.0)
}

fn sheet(xlsx: &Path, name: &str) -> Range<Data> {
    let mut wb = calamine::open_workbook_auto(xlsx).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn num(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn col(r: &Range<Data>, header_row: u32, name: &str) -> u32 {
    (0..r.width() as u32)
        .find(|c| r.get_value((header_row, *c)).map(cell_text).as_deref() == Some(name))
        .unwrap_or_else(|| panic!("column «{name}» not found"))
}

fn close(a: Option<f64>, b: Option<f64>, tolerance: f64, what: &str) {
    match (a, b) {
        (Some(x), Some(y)) => assert!((x - y).abs() <= tolerance, "{what}: {x} vs {y}"),
        (None, None) => {}
        _ => panic!("{what}: {a:?} vs {b:?}"),
    }
}

fn read_json(path: &Path) -> OpenData {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn open_data_equal_the_xlsx_and_hold_no_personal_data() {
    let dir = scratch_inputs();
    let inputs = dir.path().join("inputs");
    // Names that are in the inputs and must not reach the open data.
    let settings = inputs.join("relazione.toml");
    let toml = std::fs::read_to_string(&settings).unwrap().replace(
        "[segretario]\n",
        "[segretario]\nnome = \"Dott. Mario Verdi\"\n",
    );
    std::fs::write(
        &settings,
        format!("{toml}\n[[nucleo]]\nnome = \"Dott.ssa Anna Neri\"\nruolo = \"Presidente\"\n"),
    )
    .unwrap();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let year = dir.path().join("outputs/2023");
    let open = year.join("dati-aperti");
    let json = read_json(&open.join("risultati.json"));
    let xlsx = year.join("Riepilogo performance 2023.xlsx");

    // Units and ente: the Sintesi sheet, header on row 4.
    let s = sheet(&xlsx, "Sintesi");
    let (id_col, grade_col) = (col(&s, 3, "Area"), col(&s, 3, "Grado"));
    let xlsx_grades: BTreeMap<String, Option<f64>> = (4..s.height() as u32)
        .filter_map(|r| {
            let id = cell_text(s.get_value((r, id_col))?);
            (!id.is_empty()).then(|| (id, s.get_value((r, grade_col)).and_then(num)))
        })
        .collect();
    let units = read_csv(&open.join("unita.csv"));
    assert_eq!(units.len(), 7);
    for (u, j) in units.iter().zip(&json.units) {
        let id = &u["unita_id"];
        assert_eq!(id, &j.id);
        let x = *xlsx_grades
            .get(id)
            .unwrap_or_else(|| panic!("{id} in xlsx"));
        close(csv_grade(&u["grado_percentuale"]), x, 0.00005, id);
        close(j.grade, x, 1e-9, id);
    }
    let ente = read_csv(&open.join("ente.csv"));
    close(
        csv_grade(&ente[0]["grado_percentuale"]),
        xlsx_grades["Ente"],
        0.00005,
        "ente",
    );
    close(json.ente.grade, xlsx_grades["Ente"], 1e-9, "ente");
    assert_eq!(ente[0]["grado_percentuale"], "91,36");

    // Objectives: one row per objective × unit, in the Obiettivi sheet's order.
    let o = sheet(&xlsx, "Obiettivi");
    let (oc, ac, gc) = (
        col(&o, 0, "Obiettivo"),
        col(&o, 0, "Area"),
        col(&o, 0, "Grado"),
    );
    let objectives = read_csv(&open.join("obiettivi.csv"));
    assert_eq!(objectives.len(), o.height() - 1);
    for (k, row) in objectives.iter().enumerate() {
        let r = k as u32 + 1;
        let what = format!("{} {}", row["obiettivo_id"], row["unita_id"]);
        assert_eq!(
            cell_text(o.get_value((r, oc)).unwrap()),
            row["obiettivo_id"]
        );
        assert_eq!(cell_text(o.get_value((r, ac)).unwrap()), row["unita_id"]);
        close(
            csv_grade(&row["grado_percentuale"]),
            o.get_value((r, gc)).and_then(num),
            0.00005,
            &what,
        );
    }

    // Indicators: the Indicatori sheet has a row per target; the grade of
    // the indicator is on each.
    let i = sheet(&xlsx, "Indicatori");
    let (ic, iac, igc) = (
        col(&i, 0, "Indicatore"),
        col(&i, 0, "Area"),
        col(&i, 0, "Grado dell'indicatore"),
    );
    let mut xlsx_ind: BTreeMap<(String, String), Option<f64>> = BTreeMap::new();
    for r in 1..i.height() as u32 {
        let key = (
            cell_text(i.get_value((r, ic)).unwrap()),
            cell_text(i.get_value((r, iac)).unwrap()),
        );
        xlsx_ind.insert(key, i.get_value((r, igc)).and_then(num));
    }
    let indicators = read_csv(&open.join("indicatori.csv"));
    assert_eq!(indicators.len(), xlsx_ind.len());
    assert_eq!(indicators.len(), json.indicators.len());
    for (row, j) in indicators.iter().zip(&json.indicators) {
        let key = (row["indicatore_id"].clone(), row["unita_id"].clone());
        let x = xlsx_ind[&key];
        close(csv_grade(&row["grado_percentuale"]), x, 0.00005, &key.0);
        close(j.grade, x, 1e-9, &key.0);
    }

    // Nothing personal: signatories, reward bands and quotas, and the free
    // text the units wrote in their forms.
    let plan = plan::load(&inputs.join("piano-2023.toml")).unwrap();
    let (results, _) = forms::read_dir(
        &plan,
        &inputs.join("rendicontazioni/2023"),
        &Default::default(),
    )
    .unwrap();
    let rules =
        scoring::load_rules(&inputs.join("smvp.toml"), consuntivo::ente::RULES_SECTIONS).unwrap();
    let mut banned: Vec<String> = [
        "Mario Verdi",
        "Anna Neri",
        "fascia",
        "quota",
        "retribuzione",
    ]
    .map(String::from)
    .to_vec();
    banned.extend(rules.reward_bands.iter().map(|b| b.label.clone()));
    let free_text = results
        .reports
        .iter()
        .flat_map(|r| &r.entries)
        .flat_map(|e| [&e.motivation, &e.notes])
        .flatten()
        .map(|s| s.value.clone())
        .filter(|s| s.chars().count() > 20);
    banned.extend(free_text);
    assert!(banned.len() > 20, "the forms hold motivations and notes");
    // The results' files; the premi data (art. 20) print the bands of the
    // individual evaluations by design, and have their own test below.
    let files: Vec<_> = files_under(&open)
        .into_iter()
        .filter(|f| !f.to_string_lossy().contains("premi-"))
        .collect();
    assert_eq!(files.len(), 5);
    for f in files {
        let mut content = std::fs::read_to_string(&f).unwrap().to_lowercase();
        if f.extension().is_some_and(|e| e == "json") {
            let mut v: serde_json::Value = serde_json::from_str(&content).unwrap();
            assert!(
                v["premi"].is_object(),
                "the year has individual evaluations"
            );
            v.as_object_mut().unwrap().remove("premi");
            content = v.to_string();
        }
        for b in &banned {
            assert!(
                !content.contains(&b.to_lowercase()),
                "{} contains «{b}»",
                f.display()
            );
        }
    }
}

/// The 2023 data, scored as if they were 2022 after the changes a year
/// brings: Area I did less, Area V had another code, Area VI another name,
/// Area IV did not exist (its predecessor had another code and name), and
/// an Area that no longer exists.
fn previous_year(inputs: &Path) -> OpenData {
    let mut plan = plan::load(&inputs.join("piano-2023.toml")).unwrap();
    let (mut results, _) = forms::read_dir(
        &plan,
        &inputs.join("rendicontazioni/2023"),
        &Default::default(),
    )
    .unwrap();
    let rules =
        scoring::load_rules(&inputs.join("smvp.toml"), consuntivo::ente::RULES_SECTIONS).unwrap();
    let review = scoring::load_review(
        &inputs.join("valutazioni-nucleo-2023.toml"),
        &plan,
        &Default::default(),
    )
    .unwrap();
    plan.year = 2022;
    results.year = 2022;
    let rename = |a: &mut AreaId| match a.as_str() {
        "V" => *a = AreaId::from("5"),
        "IV" => *a = AreaId::from("4"),
        _ => {}
    };
    for a in &mut plan.areas {
        rename(&mut a.id);
        match a.id.as_str() {
            "VI" => a.name = "Area VI Vigilanza".into(),
            "4" => a.name = "Area Opere pubbliche".into(),
            _ => {}
        }
    }
    plan.areas.push(consuntivo::plan::Area {
        id: "VII".into(),
        name: "Area VII Servizi demografici".into(),
        offices: vec![],
        head: None,
        top_official: false,
    });
    for o in &mut plan.objectives {
        o.areas.iter_mut().for_each(|r| rename(&mut r.area));
        for i in &mut o.indicators {
            i.areas
                .iter_mut()
                .flatten()
                .for_each(|r| rename(&mut r.area));
        }
    }
    for r in &mut results.reports {
        rename(&mut r.area);
        rename(&mut r.source.area);
        r.entries.iter_mut().for_each(|e| rename(&mut e.area));
        if r.area.as_str() == "I" {
            // Two thirds of Area I's data were never sent that year.
            let keep = r.entries.len() / 3;
            r.entries.truncate(keep);
        }
    }
    let sc = scoring::score(&plan, &results, &rules, &review);
    opendata::build(&plan, &sc, true)
}

#[test]
fn the_year_before_is_compared_in_the_cli_and_the_xlsx() {
    let dir = scratch_inputs();
    let before = previous_year(&dir.path().join("inputs"));
    for (rel, bytes) in opendata::files(&before) {
        let path = dir.path().join("outputs").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let now = read_json(&dir.path().join("outputs/2023/dati-aperti/risultati.json"));

    let pct = |g: Option<f64>| g.map(consuntivo::italian::percent).unwrap();
    let grade = |d: &OpenData, id: &str| d.units.iter().find(|u| u.id == id).unwrap().grade;
    let (i_then, i_now) = (grade(&before, "I"), grade(&now, "I"));
    assert!(
        i_then.unwrap() < i_now.unwrap() - 0.01,
        "Area I did less in 2022"
    );
    let points = (i_now.unwrap() - i_then.unwrap()) * 100.0;
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Area I Affari generali"))
        .and_then(|_| {
            stdout
                .split("Confronto con il 2022")
                .nth(1)?
                .lines()
                .find(|l| l.starts_with("Area I Affari generali"))
        })
        .unwrap_or_else(|| panic!("no comparison row for Area I:\n{stdout}"));
    assert!(
        line.contains(&pct(i_then)) && line.contains(&pct(i_now)),
        "{line}"
    );
    assert!(
        line.contains(&format!(
            "+{} punti percentuali",
            consuntivo::italian::number(points, 1)
        )),
        "{line}"
    );
    let ente_points = (now.ente.grade.unwrap() - before.ente.grade.unwrap()) * 100.0;
    assert!(ente_points > 0.5, "{ente_points}");
    assert!(
        stdout.contains(&format!(
            "+{} punti percentuali",
            consuntivo::italian::number(ente_points, 1)
        )),
        "{stdout}"
    );
    assert!(stdout.contains("nel 2022 con il codice 5"), "{stdout}");
    assert!(
        stdout.contains("nel 2022 denominata «Area VI Vigilanza»"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "Aree non più presenti nel 2023: Area Opere pubbliche (2022: {}); Area VII Servizi demografici (2022: —)",
            pct(grade(&before, "4"))
        )),
        "{stdout}"
    );

    // The Sintesi sheet: the block below the chart, with both grades and
    // the difference as a formula whose cached value is right.
    let s = sheet(
        &dir.path()
            .join("outputs/2023/Riepilogo performance 2023.xlsx"),
        "Sintesi",
    );
    let title = (0..s.height() as u32)
        .find(|r| s.get_value((*r, 0)).map(cell_text).as_deref() == Some("Confronto con il 2022"))
        .expect("comparison block in Sintesi");
    let header = title + 1;
    assert_eq!(cell_text(s.get_value((header, 2)).unwrap()), "Grado 2022");
    assert_eq!(cell_text(s.get_value((header, 3)).unwrap()), "Grado 2023");
    let row_of = |id: &str| {
        (header + 1..s.height() as u32)
            .find(|r| s.get_value((*r, 0)).map(cell_text).as_deref() == Some(id))
            .unwrap_or_else(|| panic!("{id} in the comparison"))
    };
    let r = row_of("I");
    close(s.get_value((r, 2)).and_then(num), i_then, 1e-9, "2022");
    close(s.get_value((r, 3)).and_then(num), i_now, 1e-9, "2023");
    let one_decimal = |p: f64| (p * 10.0).round() / 10.0;
    let diff = |r| s.get_value((r, 4)).and_then(num);
    close(diff(r), Some(one_decimal(points)), 1e-9, "points");
    close(
        diff(row_of("Ente")),
        Some(one_decimal(ente_points)),
        1e-9,
        "ente",
    );
    // No difference for a unit new this year: a blank cell, not 0.
    assert_eq!(s.get_value((row_of("IV"), 4)), Some(&Data::Empty));
    assert_eq!(
        cell_text(s.get_value((row_of("IV"), 5)).unwrap()),
        "nuova nel 2023"
    );
    assert_eq!(
        cell_text(s.get_value((row_of("V"), 5)).unwrap()),
        "nel 2022 con il codice 5"
    );

    // `valuta` prints the same comparison.
    let out = consuntivo(&["valuta"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(line), "{}", text(&out.stdout));

    // The Relazione's templates read it as `confronto`: a custom template
    // prints it. The output goes elsewhere, so the year before is named
    // in relazione.toml.
    let settings = dir.path().join("inputs/relazione.toml");
    let toml = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        format!("anno_precedente = \"../outputs/2022/dati-aperti\"\n{toml}"),
    )
    .unwrap();
    let models = dir.path().join("modelli");
    std::fs::create_dir_all(&models).unwrap();
    std::fs::write(models.join("relazione.typ"), CONFRONTO_TEMPLATE).unwrap();
    let out = consuntivo(
        &["relazione", "--modelli", "modelli", "--uscite", "prova"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = std::process::Command::new("pdftotext")
        .arg(
            dir.path()
                .join("prova/2023/Relazione sulla performance 2023.pdf"),
        )
        .arg("-")
        .output()
        .expect("pdftotext is needed by the tests (Debian: poppler-utils)");
    let pdf = text(&pdf.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let expected = format!(
        "Ente 2022: {} 2023: {} ({})",
        pct(before.ente.grade),
        pct(now.ente.grade),
        format_args!(
            "+{} punti percentuali",
            consuntivo::italian::number(ente_points, 1)
        )
    );
    assert!(pdf.contains(&expected), "{expected}\n{pdf}");
    assert!(
        pdf.contains("Area VI Polizia Locale: nel 2022 denominata «Area VI Vigilanza»"),
        "{pdf}"
    );

    // The built-in Relazione prints it in its summary.
    let out = consuntivo(&["relazione", "--uscite", "prova2"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = std::process::Command::new("pdftotext")
        .arg(
            dir.path()
                .join("prova2/2023/Relazione sulla performance 2023.pdf"),
        )
        .arg("-")
        .output()
        .expect("pdftotext is needed by the tests (Debian: poppler-utils)");
    let pdf = text(&pdf.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(pdf.contains("Confronto con il 2022"), "{pdf}");
    assert!(
        pdf.contains(&format!(
            "Il grado dell’ente è {}, contro {} del 2022",
            pct(now.ente.grade),
            consuntivo::italian::with_article("", &pct(before.ente.grade))
        )),
        "{pdf}"
    );
}

/// A Relazione that prints only the comparison (PDF/A needs the title and
/// a fixed date).
const CONFRONTO_TEMPLATE: &str = r#"#let d = json("dati.json")
#set document(title: "Confronto", date: datetime(year: 2024, month: 4, day: 30))
#set text(lang: "it")
= Confronto con il #d.confronto.anno_precedente
Ente #d.confronto.anno_precedente: #d.confronto.ente.grado_precedente #d.confronto.anno: #d.confronto.ente.grado (#d.confronto.ente.differenza)

#for u in d.confronto.unita [
  #u.nome: #if u.nota != none { u.nota } else { u.differenza }

]
"#;

#[test]
fn missing_or_broken_previous_data_say_what_to_do() {
    let dir = scratch_inputs();
    let settings = dir.path().join("inputs/relazione.toml");
    let original = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        format!("anno_precedente = \"../archivio/2022\"\n{original}"),
    )
    .unwrap();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("file dei dati aperti dell'anno precedente non trovato")
            && stderr.contains("anno_precedente = \"../archivio/2022\"")
            && stderr.contains("Nessun file è stato scritto"),
        "{stderr}"
    );
    assert!(files_under(&dir.path().join("outputs")).is_empty());

    // Without the setting, a damaged default folder is a warning only.
    std::fs::write(&settings, &original).unwrap();
    let default = dir.path().join("outputs/2022/dati-aperti");
    std::fs::create_dir_all(&default).unwrap();
    std::fs::write(
        default.join("risultati.json"),
        "{\"schema\": \"consuntivo/dati-aperti\", \"versione\": 7}",
    )
    .unwrap();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("versione 7 dello schema dei dati aperti non supportata")
            && stderr.contains("il confronto con l'anno precedente è omesso"),
        "{stderr}"
    );
    assert!(!text(&out.stdout).contains("Confronto con il"));
    assert!(
        dir.path()
            .join("outputs/2023/dati-aperti/risultati.json")
            .is_file()
    );
}

/// Every open-data file of `year` says the same state, `bozza` or
/// `definitiva`: the JSON's `stato` and each CSV's `stato_dati`.
fn open_data_state(year: &Path) -> String {
    let open = year.join("dati-aperti");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(open.join("risultati.json")).unwrap()).unwrap();
    let state = json["stato"]
        .as_str()
        .expect("stato in the JSON")
        .to_string();
    let mut csvs = 0;
    for f in files_under(&open) {
        if f.extension().is_some_and(|e| e == "csv") {
            let rows = read_csv(&f);
            assert!(!rows.is_empty(), "{}", f.display());
            for r in rows {
                assert_eq!(r["stato_dati"], state, "{}", f.display());
            }
            csvs += 1;
        }
    }
    assert!(csvs >= 4);
    if let Some(premi) = json.get("premi") {
        assert_eq!(premi["stato"], state.as_str());
    }
    state
}

/// Every number of the open data in cents: each CSV field that reads as
/// one, each JSON number.
fn published_cents(open: &Path) -> Vec<i64> {
    fn walk(v: &serde_json::Value, out: &mut Vec<i64>) {
        match v {
            serde_json::Value::Number(n) => out.push((n.as_f64().unwrap() * 100.0).round() as i64),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for f in files_under(open) {
        let text = std::fs::read_to_string(&f).unwrap();
        if f.extension().is_some_and(|e| e == "json") {
            walk(&serde_json::from_str(&text).unwrap(), &mut out);
            continue;
        }
        for row in common::csv::parse(&text) {
            for field in row {
                if let Ok(x) = field.replace(',', ".").parse::<f64>() {
                    out.push((x * 100.0).round() as i64);
                }
            }
        }
    }
    out
}

/// "1234,5" or 1234.5 → 123450.
fn cents_of(s: &str) -> i64 {
    (s.replace(',', ".").parse::<f64>().unwrap() * 100.0).round() as i64
}

/// 123450 → "1234,50", as the CSV writes amounts.
fn csv_euros(c: i64) -> String {
    format!("{},{:02}", c / 100, c % 100)
}

/// The rows of the heads' category of a premi file.
fn heads_rows(rows: Vec<BTreeMap<String, String>>) -> Vec<BTreeMap<String, String>> {
    rows.into_iter()
        .filter(|r| r.get("categoria").map(String::as_str) == Some("responsabili"))
        .collect()
}

#[test]
fn the_premi_data_of_2023_add_up_to_the_confidential_workbook_and_name_no_one() {
    let dir = scratch_inputs();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let year = dir.path().join("outputs/2023");
    let open = year.join("dati-aperti");

    // Each person's band and amount, from the confidential workbook.
    let ws = sheet(
        &year.join("riservato/Valutazioni individuali 2023.xlsx"),
        "Valutazioni",
    );
    let (nc, rc, bc, ac) = (
        col(&ws, 3, "Nome"),
        col(&ws, 3, "Ruolo"),
        col(&ws, 3, "Fascia"),
        col(&ws, 3, "Retribuzione di risultato"),
    );
    let mut heads: Vec<(String, i64)> = Vec::new();
    let mut everyone: Vec<(String, i64)> = Vec::new();
    for r in 4..ws.height() as u32 {
        let name = ws.get_value((r, nc)).map(cell_text).unwrap_or_default();
        if name.is_empty() {
            continue;
        }
        let amount = ws.get_value((r, ac)).and_then(num).expect("an amount");
        let cents = (amount * 100.0).round() as i64;
        everyone.push((name, cents));
        if ws.get_value((r, rc)).map(cell_text).as_deref() == Some("Responsabile di Area") {
            heads.push((cell_text(ws.get_value((r, bc)).unwrap()), cents));
        }
    }
    assert_eq!(
        (heads.len(), everyone.len()),
        (6, 7),
        "six heads and the top official"
    );

    // The heads' rows (the staff's, category «personale», are checked in
    // tests/personale_documenti.rs).
    let amount = heads_rows(read_csv(&open.join("premi-ammontare.csv")));
    assert_eq!(amount.len(), 1);
    let a = &amount[0];
    assert_eq!(
        (
            a["categoria"].as_str(),
            a["categoria_nome"].as_str(),
            a["retribuzione"].as_str()
        ),
        ("responsabili", "Responsabili di Area", "fondo")
    );
    assert_eq!(a["persone_valutate"], "6");
    assert_eq!(a["valutazioni_non_concluse"], "0");
    assert_eq!(a["persone_premiate"], "6");
    // The fund of smvp.toml, all of it distributed to the heads; the top
    // official's amount in neither.
    let smvp = std::fs::read_to_string(dir.path().join("inputs/smvp.toml")).unwrap();
    let fund = smvp
        .lines()
        .find_map(|l| l.strip_prefix("fondo = "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap();
    assert_eq!(cents_of(&a["importo_stanziato"]), cents_of(fund));
    let paid: i64 = heads.iter().map(|(_, c)| c).sum();
    assert_eq!(a["importo_distribuito"], csv_euros(paid));

    // By band: each row's people and total are those of the heads in its
    // bands; the mean is the total ÷ people, half away from zero.
    let rows = heads_rows(read_csv(&open.join("premi-distribuzione.csv")));
    let mut people = 0;
    for row in &rows {
        let inside: Vec<i64> = heads
            .iter()
            .filter(|(band, _)| row["fasce"].contains(band.as_str()))
            .map(|(_, c)| *c)
            .collect();
        let n = inside.len();
        assert!(n == 0 || n >= 3, "{row:?}");
        assert_eq!(row["persone"], n.to_string());
        let total: i64 = inside.iter().sum();
        assert_eq!(row["importo_totale"], csv_euros(total));
        if n > 0 {
            let mean = (2 * total + n as i64) / (2 * n as i64);
            assert_eq!(row["importo_medio"], csv_euros(mean), "{row:?}");
        }
        people += n;
    }
    assert_eq!(people, 6, "every head in one row");
    assert_eq!(
        rows.iter()
            .map(|r| (
                r["fasce"].as_str(),
                r["persone"].as_str(),
                r["importo_totale"].as_str(),
                r["importo_medio"].as_str()
            ))
            .collect::<Vec<_>>(),
        [
            ("Fascia 1 (meno di 60 punti)", "0", "0,00", ""),
            (
                "Fascia 2 (da 60 a 74,99 punti) e Fascia 3 (da 75 a 89,99 punti)",
                "3",
                "5225,49",
                "1741,83"
            ),
            ("Fascia 4 (da 90 punti)", "3", "8774,51", "2924,84"),
        ]
    );

    let diff = heads_rows(read_csv(&open.join("premi-differenziazione.csv")));
    assert_eq!(diff.len(), 1);
    let d = &diff[0];
    let last = rows.last().unwrap();
    assert_eq!(d["fascia_piu_alta"], last["fasce"]);
    assert_eq!(d["persone_fascia_piu_alta"], last["persone"]);
    assert_eq!(d["quota_persone_fascia_piu_alta_percentuale"], "50,00");
    assert_eq!(
        (
            d["punteggi_distinti"].as_str(),
            d["fasce_previste"].as_str(),
            d["fasce_utilizzate"].as_str()
        ),
        // Groups used, bands 2 and 3 joined (review 34).
        ("6", "4", "2")
    );

    // No name, and no one person's amount, in any public file.
    let figures = published_cents(&open);
    let relazione = common::pdftotext(&year.join("Relazione sulla performance 2023.pdf"));
    for (name, cents) in &everyone {
        for f in files_under(&open) {
            let t = std::fs::read_to_string(&f).unwrap();
            assert!(!t.contains(name.as_str()), "{name} in {}", f.display());
        }
        assert!(
            !relazione.contains(name.as_str()),
            "{name} in the Relazione"
        );
        assert!(!figures.contains(cents), "{cents} cents published");
        let printed = format!(
            "{}.{:03},{:02}",
            cents / 100_000,
            (cents / 100) % 1000,
            cents % 100
        );
        assert!(
            *cents < 100_000 || !relazione.contains(&printed),
            "{printed} in the Relazione"
        );
    }
}

#[test]
fn a_draft_s_open_data_say_bozza_and_stato_says_the_last_relazione_is_a_draft() {
    let dir = scratch_inputs();
    let year = dir.path().join("outputs/2023");
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(open_data_state(&year), "definitiva");
    let stato = consuntivo(&["stato", "--al", "15/03/2024"], dir.path());
    assert!(
        text(&stato.stdout).contains("Relazione 2023: l'ultima scritta è la versione definitiva."),
        "{}",
        text(&stato.stdout)
    );

    let out = consuntivo(&["relazione", "--bozza"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(open_data_state(&year), "bozza");
    let stato = consuntivo(&["stato", "--al", "15/03/2024"], dir.path());
    assert!(
        text(&stato.stdout).contains("Relazione 2023: l'ultima scritta è una BOZZA"),
        "{}",
        text(&stato.stdout)
    );

    // A folder where no Relazione was written says so.
    let fresh = scratch_inputs();
    let stato = consuntivo(&["stato", "--al", "15/03/2024"], fresh.path());
    assert!(
        text(&stato.stdout).contains("Relazione 2023: non ancora scritta"),
        "{}",
        text(&stato.stdout)
    );
}
