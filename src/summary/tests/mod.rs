//! The workbook is read back with calamine and compared with the scorecard
//! it came from, one file per sheet or concern; this module holds the
//! helpers that read the workbook back.

mod anomalies;
mod indicators;
mod objectives;
mod sintesi;
mod text;
mod workbook;

use std::io::Cursor;

use calamine::{Data, Range, Reader, open_workbook_auto_from_rs};

use super::*;
use crate::testkit::summary::*;

struct Book {
    sheets: calamine::Sheets<Cursor<Vec<u8>>>,
}

impl Book {
    fn open(bytes: Vec<u8>) -> Book {
        Book {
            sheets: open_workbook_auto_from_rs(Cursor::new(bytes)).expect("calamine opens it"),
        }
    }

    fn values(&mut self, sheet: &str) -> Range<Data> {
        self.sheets.worksheet_range(sheet).expect("sheet exists")
    }

    fn formulas(&mut self, sheet: &str) -> Range<String> {
        self.sheets.worksheet_formula(sheet).expect("sheet exists")
    }
}

/// Cell at absolute 0-based (row, col), whatever the range's origin.
fn cell(r: &Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn formula(r: &Range<String>, row: u32, col: u32) -> String {
    r.get_value((row, col)).cloned().unwrap_or_default()
}

fn num(data: &Data) -> Option<f64> {
    match data {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::Empty => None,
        Data::String(s) if s == super::sheets::NO_GRADE => None,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn text(data: &Data) -> Option<String> {
    match data {
        Data::String(s) => Some(s.clone()),
        Data::Empty => None,
        other => panic!("expected text, found {other:?}"),
    }
}

fn header_col(r: &Range<Data>, header_row: u32, name: &str) -> u32 {
    let width = r.end().map(|e| e.1).unwrap_or(0);
    (0..=width)
        .find(|&c| text(&cell(r, header_row, c)).as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no column «{name}»"))
}

fn assert_close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (None, None) => {}
        (Some(x), Some(y)) if (x - y).abs() < 1e-12 => {}
        _ => panic!("{what}: workbook {a:?}, scorecard {b:?}"),
    }
}

fn find_row(r: &Range<Data>, cols: &[(u32, &str)]) -> u32 {
    let height = r.end().map(|e| e.0).unwrap_or(0);
    (1..=height)
        .find(|&row| {
            cols.iter()
                .all(|(c, v)| text(&cell(r, row, *c)).as_deref() == Some(*v))
        })
        .unwrap_or_else(|| panic!("no row with {cols:?}"))
}

fn zip_entries(bytes: &[u8]) -> std::collections::HashMap<String, String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = std::collections::HashMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            out.insert(f.name().map(|n| n.to_string()).unwrap_or_default(), s);
        }
    }
    out
}

impl Fixture {
    fn render(&self) -> Vec<u8> {
        render(
            &self.plan,
            &self.results,
            &self.scorecard,
            &self.warnings,
            &crate::vocab::Vocabulary::default(),
        )
        .expect("renders")
    }
}
