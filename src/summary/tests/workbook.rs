//! The workbook as a whole: reproducible bytes, document properties and
//! print setup, and the manual and LibreOffice checks (ignored by default).

use super::*;

#[test]
fn same_input_gives_the_same_bytes() {
    let fx = fixture();
    assert_eq!(fx.render(), fx.render());
}

#[test]
fn properties_and_print_setup() {
    let fx = fixture();
    let zip = zip_entries(&fx.render());
    let core = &zip["docProps/core.xml"];
    assert!(
        core.contains("<dc:title>Riepilogo performance 2023</dc:title>"),
        "{core}"
    );
    assert!(core.contains("<dc:creator>Comune di Alzano Lombardo</dc:creator>"));
    assert!(core.contains("2023-12-31T00:00:00Z"));
    let workbook = &zip["xl/workbook.xml"];
    for name in [
        SHEET_SUMMARY,
        SHEET_OBJECTIVES,
        SHEET_INDICATORS,
        SHEET_ANOMALIES,
        SHEET_FORMS,
    ] {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "{name}");
    }
    // Repeated header rows on every sheet whose table runs over pages; the
    // Sintesi's few units fit its first page, and its next page (the
    // chart's) repeats no header.
    assert_eq!(workbook.matches("_xlnm.Print_Titles").count(), 4);
    assert_eq!(pages_of_headers_only(&zip), Vec::<String>::new());
    for i in 1..=5 {
        let xml = &zip[&format!("xl/worksheets/sheet{i}.xml")];
        assert!(xml.contains("orientation=\"landscape\""), "sheet{i}");
        assert!(xml.contains("paperSize=\"9\""), "sheet{i}");
        assert!(xml.contains("<autoFilter"), "sheet{i}");
        assert!(xml.contains("state=\"frozen\""), "sheet{i}");
    }
    assert!(zip["xl/styles.xml"].contains("0.0%"));
    assert!(zip["xl/styles.xml"].contains("dd/mm/yyyy"));
    // Traffic lights on the grades.
    assert!(zip["xl/worksheets/sheet1.xml"].contains("conditionalFormatting"));
    assert!(zip.keys().any(|k| k.starts_with("xl/charts/chart")));
}

/// The sheets where a printed page would hold only the repeated header
/// rows: a manual page break after the end of the table (its autofilter)
/// on a sheet that repeats rows at the top of every page starts a page
/// with the header and none of the table's rows under it.
fn pages_of_headers_only(zip: &std::collections::HashMap<String, String>) -> Vec<String> {
    let workbook = &zip["xl/workbook.xml"];
    let mut out = Vec::new();
    for i in 0.. {
        let Some(xml) = zip.get(&format!("xl/worksheets/sheet{}.xml", i + 1)) else {
            break;
        };
        let titles = workbook.contains(&format!(
            "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\""
        ));
        let table_end: Option<u32> = xml
            .split("<autoFilter ref=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|r| r.split(':').nth(1))
            .and_then(|c| c.trim_start_matches(char::is_alphabetic).parse().ok());
        let breaks: Vec<u32> = xml
            .split("<rowBreaks")
            .nth(1)
            .map(|b| {
                b.split("<brk id=\"")
                    .skip(1)
                    .filter_map(|x| x.split('"').next()?.parse().ok())
                    .collect()
            })
            .unwrap_or_default();
        if let (true, Some(end)) = (titles, table_end) {
            // A break id is the last row (1-based) before the break.
            for b in breaks.iter().filter(|b| **b >= end) {
                out.push(format!(
                    "sheet{}: break after row {b}, table ends at {end}",
                    i + 1
                ));
            }
        }
    }
    out
}

/// Many units: the Sintesi's table runs over its first page, so its header
/// repeats; with few (the fixture) it does not, and no page of any sheet
/// holds only header rows.
#[test]
fn a_long_sintesi_repeats_its_header_and_no_page_holds_only_headers() {
    let plan = crate::synth::plan(
        crate::synth::Size {
            areas: 60,
            objectives: 60,
            indicators_per_objective: 1,
        },
        2023,
    );
    let results = crate::synth::results(&plan, 7, &[]);
    let scorecard = crate::scoring::score(
        &plan,
        &results,
        &crate::scoring::Rules::default(),
        &crate::scoring::Review::default(),
    );
    let bytes = render(
        &plan,
        &results,
        &scorecard,
        &Diagnostics::default(),
        &crate::vocab::Vocabulary::default(),
    )
    .expect("renders");
    let zip = zip_entries(&bytes);
    assert!(
        zip["xl/workbook.xml"]
            .contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\""),
        "the long Sintesi repeats its header"
    );
    let small = zip_entries(&fixture().render());
    assert!(
        !small["xl/workbook.xml"]
            .contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\""),
        "the short Sintesi does not"
    );
    assert!(
        small["xl/worksheets/sheet1.xml"].contains("<rowBreaks"),
        "the chart's page"
    );
}

/// Writes the fixture's workbook for a look in LibreOffice/Excel:
/// `SUMMARY_SAMPLE=/tmp/r.xlsx cargo test --lib summary -- --ignored`.
/// Beside it, `…-cache-errato.xlsx` caches a wrong Area I grade (50%):
/// a spreadsheet that recalculates must show 83,3% there.
#[test]
#[ignore]
fn write_sample_for_manual_check() {
    let path = std::env::var("SUMMARY_SAMPLE").unwrap_or_else(|_| {
        let p = std::env::temp_dir().join("Riepilogo-esempio.xlsx");
        p.display().to_string()
    });
    let mut fx = fixture();
    std::fs::write(&path, fx.render()).unwrap();
    fx.scorecard.areas[1].grade = Some(0.5);
    let wrong = path.replace(".xlsx", "-cache-errato.xlsx");
    std::fs::write(wrong, fx.render()).unwrap();
}

/// Needs LibreOffice (`soffice`), so it is not part of the default suite:
/// `cargo test --lib summary -- --ignored`. LibreOffice opens the workbook,
/// recalculates every formula and exports the sheets as csv: the Sintesi
/// grades it computes must be the scorecard's, even when the cached values
/// are wrong, and the hostile notes must come out as typed.
#[test]
#[ignore]
fn libreoffice_opens_it_and_recalculates_the_scorecard_grades() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture();
    let right = fx.scorecard.areas[1].grade.unwrap();
    fx.scorecard.areas[1].grade = Some(0.5);
    let xlsx = dir.path().join("Riepilogo.xlsx");
    std::fs::write(&xlsx, fx.render()).unwrap();
    // A private profile that recalculates xlsx files on load.
    let profile = dir.path().join("profilo");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>"#,
    )
    .unwrap();
    let status = std::process::Command::new("soffice")
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&xlsx)
        .env("HOME", dir.path())
        .status()
        .expect("soffice runs");
    assert!(status.success());
    let sintesi = std::fs::read_to_string(dir.path().join("Riepilogo-Sintesi.csv")).unwrap();
    let line = sintesi
        .lines()
        .find(|l| l.starts_with("I,"))
        .expect("Area I row");
    let grade: f64 = line
        .split(',')
        .nth(3)
        .unwrap()
        .trim_end_matches('%')
        .parse()
        .unwrap();
    assert!((grade / 100.0 - right).abs() < 1e-9, "{line}");
    let indicatori = std::fs::read_to_string(dir.path().join("Riepilogo-Indicatori.csv")).unwrap();
    for s in [FORMULA_NOTE, PLUS_NOTE, MINUS_NOTE, AT_NOTE] {
        assert!(indicatori.contains(s), "{s}");
    }
}
