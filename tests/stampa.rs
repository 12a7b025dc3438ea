//! Every workbook the program writes prints readably: on A4, with the
//! table's header rows repeated on every page, fitted to the width (never
//! squeezed onto one page) at a scale that keeps the text legible, and its
//! charts whole on one page. Read back from the workbooks' XML.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::*;

/// Every .xlsx each command writes from the shipped `inputs/`.
fn all_workbooks() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = scratch_inputs();
    for args in [
        &["relazione"][..],
        &["stato"],
        &["moduli"],
        &["moduli", "--individuali"],
        &["moduli", "--monitoraggio", "30/06/2023"],
        &["monitoraggio", "--data", "10/07/2023"],
        &["piano", "esporta"],
        &["piano", "modello"],
    ] {
        let out = consuntivo(args, dir.path());
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let books: Vec<PathBuf> = files_under(&dir.path().join("outputs"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    (dir, books)
}

fn zip_text(book: &Path, name: &str) -> Option<String> {
    let file = std::fs::File::open(book).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip.by_name(name).ok()?;
    let mut s = String::new();
    entry.read_to_string(&mut s).unwrap();
    Some(s)
}

/// The value of `attr` in the first `<tag …>` of `xml`.
fn attr(xml: &str, tag: &str, attr: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let end = start + xml[start..].find('>')?;
    let el = &xml[start..end];
    let key = format!(" {attr}=\"");
    let at = el.find(&key)? + key.len();
    Some(el[at..at + el[at..].find('"')?].to_string())
}

/// Each worksheet's name and XML, in workbook order.
fn sheets(book: &Path) -> Vec<(String, String, usize)> {
    let wb = zip_text(book, "xl/workbook.xml").unwrap();
    let mut out = Vec::new();
    let mut rest = wb.as_str();
    let mut i = 0;
    while let Some(at) = rest.find("<sheet ") {
        rest = &rest[at..];
        i += 1;
        let name = attr(rest, "sheet", "name").unwrap();
        let xml = zip_text(book, &format!("xl/worksheets/sheet{i}.xml")).unwrap();
        out.push((name, xml, i - 1));
        rest = &rest[6..];
    }
    out
}

/// The sum of the widths of the used columns (characters).
fn used_width(xml: &str) -> f64 {
    let last_col = attr(xml, "dimension", "ref")
        .and_then(|r| r.split(':').nth(1).map(str::to_string))
        .map(|c| {
            c.chars()
                .take_while(char::is_ascii_alphabetic)
                .fold(0u32, |n, ch| n * 26 + (ch as u32 - 'A' as u32 + 1))
        })
        .unwrap_or(1);
    let mut widths = vec![8.43_f64; last_col as usize];
    let mut rest = xml;
    while let Some(at) = rest.find("<col ") {
        rest = &rest[at..];
        let min: usize = attr(rest, "col", "min").unwrap().parse().unwrap();
        let max: usize = attr(rest, "col", "max").unwrap().parse().unwrap();
        let w: f64 = attr(rest, "col", "width").unwrap().parse().unwrap();
        let hidden = attr(rest, "col", "hidden").is_some_and(|h| h == "1");
        for c in min..=max.min(widths.len()) {
            widths[c - 1] = if hidden { 0.0 } else { w };
        }
        rest = &rest[5..];
    }
    widths.iter().sum()
}

#[test]
fn every_workbook_prints_on_a4_readably() {
    let (_dir, books) = all_workbooks();
    let names: Vec<String> = books
        .iter()
        .map(|b| b.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "Riepilogo performance 2023.xlsx",
        "Valutazioni individuali 2023.xlsx",
        "Stato rendicontazione 2023.xlsx",
        "Monitoraggio al 30 giugno 2023.xlsx",
        "piano-2023.xlsx",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} among {names:?}"
        );
    }
    let mut problems = Vec::new();
    for book in &books {
        let wb = zip_text(book, "xl/workbook.xml").unwrap();
        let file = book.file_name().unwrap().to_string_lossy().into_owned();
        for (name, xml, index) in sheets(book) {
            if xml.contains("state=\"hidden\"")
                || wb.contains(&format!(
                    "name=\"{name}\" sheetId=\"{}\" state=\"hidden\"",
                    index + 1
                ))
            {
                continue;
            }
            let at = format!("{file} › {name}");
            if attr(&xml, "pageSetup", "paperSize").as_deref() != Some("9") {
                problems.push(format!("{at}: not on A4"));
            }
            // Fitted to the width (and as many pages down as needed), or
            // printed at a fixed scale that keeps the width on one page.
            let fit = xml.contains("fitToPage=\"1\"");
            let wide: u32 = attr(&xml, "pageSetup", "fitToWidth").map_or(1, |w| w.parse().unwrap());
            let high = attr(&xml, "pageSetup", "fitToHeight");
            let fixed: Option<f64> =
                attr(&xml, "pageSetup", "scale").map(|s| s.parse::<f64>().unwrap() / 100.0);
            let landscape = attr(&xml, "pageSetup", "orientation").as_deref() == Some("landscape");
            // A4 at 100%: about 130 characters across in landscape, 90 in
            // portrait (default margins). The fit scales the sheet down to
            // `wide` pages; below 65% the text is under 7 pt.
            let across = if landscape { 130.0 } else { 90.0 } * f64::from(wide);
            if fit && high.as_deref() != Some("0") {
                problems.push(format!("{at}: squeezed onto {high:?} page(s) high"));
            }
            let scale = match (fit, fixed) {
                (true, _) => (across / used_width(&xml)).min(1.0),
                (false, Some(s)) => {
                    if used_width(&xml) * s > across + 1.0 {
                        problems.push(format!("{at}: wider than the page at {:.0}%", s * 100.0));
                    }
                    s
                }
                (false, None) => {
                    problems.push(format!("{at}: neither fitted to the width nor scaled"));
                    1.0
                }
            };
            if scale < 0.65 {
                problems.push(format!(
                    "{at}: printed at about {:.0}% ({:.0} characters on {wide} page(s) {})",
                    scale * 100.0,
                    used_width(&xml),
                    if landscape { "landscape" } else { "portrait" }
                ));
            }
            // A sheet whose table has a frozen header repeats it on every page.
            let frozen_rows = xml.contains("ySplit=");
            let titles = wb.contains(&format!(
                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{index}\""
            ));
            if frozen_rows && !titles {
                problems.push(format!("{at}: header rows not repeated on each page"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The Riepilogo's chart starts a printed page, so it is never cut.
#[test]
fn the_riepilogo_chart_starts_a_page() {
    let dir = scratch_inputs();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let book = dir
        .path()
        .join("outputs/2023/Riepilogo performance 2023.xlsx");
    let drawing = zip_text(&book, "xl/drawings/drawing1.xml").expect("a chart");
    let from = drawing
        .split("<xdr:from>")
        .nth(1)
        .and_then(|f| f.split("<xdr:row>").nth(1))
        .and_then(|r| r.split('<').next())
        .expect("the chart's first row")
        .to_string();
    let (_, xml, _) = sheets(&book)
        .into_iter()
        .find(|(n, _, _)| n == "Sintesi")
        .expect("the Sintesi sheet");
    assert!(
        xml.contains("<drawing ") && xml.contains(&format!("<brk id=\"{from}\"")),
        "no page break above row {from}: {xml}"
    );
}
