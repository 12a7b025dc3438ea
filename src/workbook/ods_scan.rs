//! A streaming pass over an .ods `content.xml` before calamine reads it:
//! calamine allocates the rectangle spanning each sheet's cells, so a
//! 37 kB file with one cell at row 96,002 column 1,000 would cost
//! gigabytes. The pass measures every sheet's extent first, and notes the
//! cells of percentage type (which calamine reads as plain numbers).

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::limits::{MAX_COLS, MAX_ROWS, MAX_WORKBOOK_CELLS};

/// Cells of percentage type, by sheet name, as (row, column).
pub type PercentCells = HashMap<String, HashSet<(u32, u32)>>;

struct Extent {
    rows: (u64, u64),
    cols: (u64, u64),
}

/// Checks the extents of every sheet of the .ods in `bytes` and returns
/// its percentage cells; `Err` is the Italian reason to refuse the file.
pub fn scan(bytes: &[u8]) -> Result<PercentCells, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "il file è danneggiato: l'archivio .ods non si può aprire".to_string())?;
    // An encrypted document's content is not XML: say what it is.
    if let Ok(manifest) = zip.by_name("META-INF/manifest.xml") {
        let mut text = String::new();
        if manifest.take(1 << 20).read_to_string(&mut text).is_ok()
            && text.contains("encryption-data")
        {
            return Err(super::limits::password_message());
        }
    }
    let content = zip.by_name("content.xml").map_err(|_| {
        "il file è danneggiato: manca il contenuto del foglio (content.xml)".to_string()
    })?;
    scan_xml(BufReader::new(
        content.take(super::limits::MAX_INFLATED_BYTES),
    ))
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| {
            a.value
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
}

fn scan_xml(input: impl std::io::BufRead) -> Result<PercentCells, String> {
    let damaged = || "il file è danneggiato: il contenuto del foglio non è leggibile".to_string();
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut percent = PercentCells::new();
    let mut total: u64 = 0;
    let mut sheet = String::new();
    let mut extent: Option<Extent> = None;
    let (mut row, mut col): (u64, u64) = (0, 0);
    let mut row_repeat: u64 = 1;
    let too_big = |sheet: &str, r: u64, c: u64| {
        format!(
            "il foglio «{sheet}» contiene dati fuori dall'area di un modulo (riga {}, colonna {}): \
             il file non viene letto",
            r + 1,
            c + 1
        )
    };
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|_| damaged())?;
        let (e, has_children) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    "table-row" => {
                        row += row_repeat;
                        row_repeat = 1;
                    }
                    "table" => {
                        if let Some(x) = extent.take() {
                            let area = (x.rows.1 - x.rows.0 + 1) * (x.cols.1 - x.cols.0 + 1);
                            total = total.saturating_add(area);
                            if total > MAX_WORKBOOK_CELLS {
                                return Err(too_big(&sheet, x.rows.1, x.cols.1));
                            }
                        }
                    }
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.local_name().as_ref() {
            "table" if e.name().as_ref() == "table:table" => {
                sheet = attr(e, "table:name").unwrap_or_default();
                extent = None;
                row = 0;
            }
            "table-row" => {
                col = 0;
                row_repeat = repeat(e, "table:number-rows-repeated");
                if !has_children {
                    row += row_repeat;
                    row_repeat = 1;
                }
            }
            "table-cell" | "covered-table-cell" => {
                let n = repeat(e, "table:number-columns-repeated");
                let kind = attr(e, "office:value-type");
                if kind.is_some() || has_children {
                    let last_row = row + row_repeat - 1;
                    let last_col = col + n - 1;
                    if last_row >= MAX_ROWS as u64 || last_col >= MAX_COLS as u64 {
                        return Err(too_big(&sheet, last_row, last_col));
                    }
                    let x = extent.get_or_insert(Extent {
                        rows: (row, last_row),
                        cols: (col, last_col),
                    });
                    x.rows = (x.rows.0.min(row), x.rows.1.max(last_row));
                    x.cols = (x.cols.0.min(col), x.cols.1.max(last_col));
                    if kind.as_deref() == Some("percentage") {
                        let set = percent.entry(sheet.clone()).or_default();
                        for c in col..=last_col {
                            for r in row..=last_row {
                                set.insert((r as u32, c as u32));
                            }
                        }
                    }
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn percentage_cells_are_noted() {
        let xml = content(
            r#"<table:table table:name="Dati"><table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="1.05"/></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="3"/></table:table-row></table:table>"#,
        );
        let p = scan_xml(xml.as_bytes()).unwrap();
        assert_eq!(p["Dati"], HashSet::from([(0, 1)]));
    }

    #[test]
    fn a_far_cell_is_refused_before_reading() {
        let xml = content(
            r#"<table:table table:name="Extra"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="96000"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="999"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
        );
        let err = scan_xml(xml.as_bytes()).unwrap_err();
        assert!(err.contains("«Extra»"), "{err}");
        assert!(err.contains("riga 96002, colonna 1000"), "{err}");
    }

    #[test]
    fn many_medium_sheets_add_up() {
        let sheet = |i: usize| {
            format!(
                r#"<table:table table:name="S{i}"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="15000"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="400"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#
            )
        };
        let xml = content(&(0..16).map(sheet).collect::<String>());
        assert!(scan_xml(xml.as_bytes()).is_err());
    }
}
