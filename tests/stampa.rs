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
    let mut widths = column_widths(xml);
    widths.resize(last_col as usize, 8.43);
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
                // A fixed scale must hold the width also where the font
                // is drawn wider (LibreOffice without Calibri or Carlito:
                // about 15%, as seen when printing the Sintesi).
                (false, Some(s)) => {
                    if used_width(&xml) * s > across * 0.85 + 1.0 {
                        problems.push(format!(
                            "{at}: wider than the page at {:.0}% ({:.0} characters)",
                            s * 100.0,
                            used_width(&xml)
                        ));
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
            // A manual break after the table (the Riepilogo's Sintesi: the
            // chart starts a page) with repeated rows would print a page
            // of headers alone: that sheet repeats them only when its
            // table runs past the first page (`summary::sheets::sintesi`).
            let table_end: Option<u32> = attr(&xml, "autoFilter", "ref")
                .and_then(|r| r.split(':').nth(1).map(str::to_string))
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
            let break_after_table = table_end.is_some_and(|end| breaks.iter().any(|b| *b >= end));
            if titles && break_after_table {
                problems.push(format!(
                    "{at}: a page break after the table with repeated header rows: a page of headers alone"
                ));
            }
            if frozen_rows && !titles && !break_after_table {
                problems.push(format!("{at}: header rows not repeated on each page"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The Riepilogo's chart starts a printed page (after the note on how to
/// read the grades), so it is never cut, and lies within the printed
/// columns of the table.
#[test]
fn the_riepilogo_chart_starts_a_page() {
    let dir = scratch_inputs();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let book = dir
        .path()
        .join("outputs/2023/Riepilogo performance 2023.xlsx");
    let drawing = zip_text(&book, "xl/drawings/drawing1.xml").expect("a chart");
    let anchor = |end: &str, what: &str| -> u32 {
        drawing
            .split(&format!("<xdr:{end}>"))
            .nth(1)
            .and_then(|f| f.split(&format!("<xdr:{what}>")).nth(1))
            .and_then(|r| r.split('<').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("the chart's {end} {what}: {drawing}"))
    };
    let (from, to) = (anchor("from", "row"), anchor("to", "row"));
    let (_, xml, _) = sheets(&book)
        .into_iter()
        .find(|(n, _, _)| n == "Sintesi")
        .expect("the Sintesi sheet");
    assert!(xml.contains("<drawing "), "{xml}");
    let breaks: Vec<u32> = xml
        .split("<brk id=\"")
        .skip(1)
        .filter_map(|b| b.split('"').next()?.parse().ok())
        .collect();
    // A break at most a few rows above the chart (the note goes with it),
    // none across it.
    assert!(
        breaks
            .iter()
            .any(|b| (from.saturating_sub(3)..=from).contains(b)),
        "no page break just above row {from}: {breaks:?}"
    );
    assert!(
        !breaks.iter().any(|b| (from + 1..=to).contains(b)),
        "a page break across the chart (rows {from}–{to}): {breaks:?}"
    );
    // Within the table's columns (A–K), all of which print on one page.
    let last_col = anchor("to", "col");
    assert!(last_col <= 10, "the chart ends in column {last_col}");
    assert_eq!(attr(&xml, "pageSetup", "fitToWidth"), None, "{xml}");
}

/// The print header of every sheet (`&C…` in `oddHeader`).
fn print_header(xml: &str) -> String {
    xml.split("<oddHeader>")
        .nth(1)
        .and_then(|h| h.split("</oddHeader>").next())
        .unwrap_or("")
        .to_string()
}

/// Every printed page of a draft run's workbooks says BOZZA, and every
/// page of the individual evaluations says RISERVATO: in the print header
/// of every sheet, and under the title of the sheets. A final run's
/// workbooks say no BOZZA.
#[test]
fn a_draft_run_s_workbooks_say_so_on_every_printed_page() {
    let dir = scratch_inputs();
    let riepilogo = dir
        .path()
        .join("outputs/2023/Riepilogo performance 2023.xlsx");
    let individual = dir
        .path()
        .join("outputs/2023/riservato/Valutazioni individuali 2023.xlsx");
    for (args, draft) in [
        (&["relazione", "--bozza"][..], true),
        (&["relazione"], false),
    ] {
        let out = consuntivo(args, dir.path());
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let mut problems = Vec::new();
        for book in [&riepilogo, &individual] {
            let file = book.file_name().unwrap().to_string_lossy().into_owned();
            let reserved = book == &individual;
            let all = sheets(book);
            assert!(!all.is_empty(), "{file}");
            for (name, xml, _) in all {
                let header = print_header(&xml);
                let at = format!("{args:?}: {file} › {name}");
                if header.contains("BOZZA") != draft {
                    problems.push(format!("{at}: print header «{header}»"));
                }
                if reserved && !header.contains("RISERVATO") {
                    problems.push(format!("{at}: print header «{header}» without RISERVATO"));
                }
            }
            // Under the title: the Sintesi, and every sheet of the
            // individual evaluations.
            let mut wb: calamine::Xlsx<_> = calamine::open_workbook(book).unwrap();
            use calamine::Reader;
            for name in wb.sheet_names() {
                if !reserved && name != "Sintesi" {
                    continue;
                }
                let range = wb.worksheet_range(&name).unwrap();
                let cell = |r: u32| {
                    range
                        .get_value((r, 0))
                        .map(|v| v.to_string())
                        .unwrap_or_default()
                };
                let at = format!("{args:?}: {file} › {name}");
                if cell(2).starts_with("BOZZA") != draft {
                    problems.push(format!("{at}: A3 «{}»", cell(2)));
                }
                if reserved && !cell(1).starts_with("RISERVATO") {
                    problems.push(format!("{at}: A2 «{}»", cell(1)));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// Column headers wrap between words, never inside one: each column is
/// wider than the longest word of its header (bold; ×1,1 for a font wider
/// than Calibri), in the results workbooks.
#[test]
fn the_results_workbooks_headers_wrap_between_words() {
    let dir = scratch_inputs();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut problems = Vec::new();
    for rel in [
        "outputs/2023/Riepilogo performance 2023.xlsx",
        "outputs/2023/riservato/Valutazioni individuali 2023.xlsx",
    ] {
        let book = dir.path().join(rel);
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
        use calamine::Reader;
        for (name, xml, _) in sheets(&book) {
            // The header row is the frozen one.
            let Some(split) = attr(&xml, "pane", "ySplit") else {
                continue;
            };
            let header_row = split.parse::<f64>().unwrap() as u32 - 1;
            let range = wb.worksheet_range(&name).unwrap();
            let widths = column_widths(&xml);
            for c in 0..range.end().map_or(0, |e| e.1 + 1) {
                let Some(h) = range.get_value((header_row, c)) else {
                    continue;
                };
                let h = h.to_string();
                let longest = h
                    .split_whitespace()
                    .map(|w| w.chars().count())
                    .max()
                    .unwrap_or(0);
                let w = widths.get(c as usize).copied().unwrap_or(8.43);
                if w > 0.0 && (longest as f64) * 1.1 + 1.0 > w + 0.01 {
                    problems.push(format!("{rel} › {name}: «{h}» in a column {w:.1} wide"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The width of each column (characters; 0 when hidden).
fn column_widths(xml: &str) -> Vec<f64> {
    let mut widths = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<col ") {
        rest = &rest[at..];
        let min: usize = attr(rest, "col", "min").unwrap().parse().unwrap();
        let max: usize = attr(rest, "col", "max").unwrap().parse().unwrap();
        let w: f64 = attr(rest, "col", "width").unwrap().parse().unwrap();
        let hidden = attr(rest, "col", "hidden").is_some_and(|h| h == "1");
        if widths.len() < max {
            widths.resize(max, 8.43);
        }
        for c in min..=max {
            widths[c - 1] = if hidden { 0.0 } else { w };
        }
        rest = &rest[5..];
    }
    widths
}
