//! Helpers shared by the end-to-end tests: the real binary on scratch
//! copies of the shipped `inputs/`.
#![allow(dead_code)]

pub mod csv;
pub mod formulas;
pub mod hostile;
pub mod sportello;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The commands of consuntivo, as a user types them after its name.
pub const COMMANDS: [&str; 12] = [
    "piano",
    "smvp",
    "moduli",
    "verifica",
    "stato",
    "solleciti",
    "monitoraggio",
    "valuta",
    "relazione",
    "validazione",
    "confronta",
    "sportello",
];

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn consuntivo(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consuntivo"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch copy of `inputs/` so tests can break it without touching the repo.
pub fn scratch_inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("inputs"), &dir.path().join("inputs"));
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The files a user sees under `dir` (the hidden list each output set
/// keeps of its files is not one of them).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    all_under(dir)
        .into_iter()
        .filter(|p| {
            !p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(".consuntivo-"))
        })
        .collect()
}

/// Every file under `root` (hidden ones included), relative to it.
pub fn relative_files(root: &Path) -> Vec<PathBuf> {
    all_under(root)
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
        .collect()
}

/// Which of `files` (relative) have other bytes under `a` than under `b`.
pub fn differing<'a>(a: &Path, b: &Path, files: &'a [PathBuf]) -> Vec<&'a PathBuf> {
    files
        .iter()
        .filter(|rel| std::fs::read(a.join(rel)).ok() != std::fs::read(b.join(rel)).ok())
        .collect()
}

/// Every file and folder under `dir`, hidden ones included.
pub fn all_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(all_under(&p));
            }
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The text of a PDF, laid out (poppler's pdftotext).
pub fn pdftotext(pdf: &Path) -> String {
    pdftotext_with(pdf, &["-layout", "-enc", "UTF-8"])
}

/// The text of a PDF in reading order, each table cell's lines together:
/// for searching phrases that may wrap.
pub fn pdftotext_flow(pdf: &Path) -> String {
    pdftotext_with(pdf, &["-enc", "UTF-8"])
}

/// `text` with every run of whitespace made one space: for phrases that a
/// table cell may wrap anywhere.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdftotext_with(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed by the tests (Debian: poppler-utils; .ci/run installs it)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    text(&out.stdout)
}

/// Records in `root`'s `relazione.toml` the fingerprint of today's results
/// (`impronta`), as the evaluator does when it validates again after a
/// change: for the tests that change the inputs and still ask for the
/// final version. Nothing is written when the fingerprint is the same.
pub fn revalidate(root: &Path) {
    let code = fingerprint_of(root);
    let path = root.join("inputs/relazione.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = format!("impronta = \"{code}\"");
    let next: Vec<&str> = text
        .lines()
        .map(|l| {
            if l.starts_with("impronta = ") {
                line.as_str()
            } else {
                l
            }
        })
        .collect();
    let next = next.join("\n") + "\n";
    if next != text {
        std::fs::write(&path, next).unwrap();
    }
}

/// The fingerprint of the results of the ente in `root` (what its draft
/// prints).
pub fn fingerprint_of(root: &Path) -> String {
    let ente = consuntivo::ente::EnteFolder::new(root.join("inputs"), root.join("outputs"));
    let s = ente
        .score_all(
            &consuntivo::ente::ScoreOptions::default(),
            &consuntivo::progress::Silent,
        )
        .expect("the inputs score");
    consuntivo::scoring::fingerprint(&s.scorecard)
}

/// `root`'s `relazione.toml` without the fingerprint of the validated
/// results: for the tests that ask for the final version of other results
/// (blank forms, another vocabulary) and are not about the validation.
pub fn forget_fingerprint(root: &Path) {
    let path = root.join("inputs/relazione.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let next: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("impronta = "))
        .collect();
    std::fs::write(&path, next.join("\n") + "\n").unwrap();
}

/// The rows of the confidential workbook's «Valutazioni» sheet: each
/// person's name and the cells of the columns named, in that order.
pub fn evaluation_rows(path: &Path, columns: &[&str]) -> Vec<(String, Vec<calamine::Data>)> {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let sheet = wb.worksheet_range("Valutazioni").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let header = rows
        .iter()
        .position(|r| matches!(r.first(), Some(Data::String(s)) if s == "Nome"))
        .expect("a header row");
    let cols: Vec<usize> = columns
        .iter()
        .map(|name| {
            rows[header]
                .iter()
                .position(|c| matches!(c, Data::String(s) if s == name))
                .unwrap_or_else(|| panic!("column {name}"))
        })
        .collect();
    rows[header + 1..]
        .iter()
        .filter(|r| matches!(r.first(), Some(Data::String(_))))
        .map(|r| {
            (
                r[0].to_string(),
                cols.iter().map(|c| r[*c].clone()).collect(),
            )
        })
        .collect()
}

/// A workbook cell as a number, if it is one.
pub fn cell_number(c: &calamine::Data) -> Option<f64> {
    match c {
        calamine::Data::Float(f) => Some(*f),
        calamine::Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// Every cell of every sheet of a workbook, as text, one cell a line:
/// what a reader of the file sees, for checks that a word is (or is not)
/// in it.
pub fn workbook_text(path: &Path) -> String {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let mut out = String::new();
    for name in wb.sheet_names() {
        if let Ok(range) = wb.worksheet_range(&name) {
            for row in range.rows() {
                for cell in row {
                    out.push_str(&cell.to_string());
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// The cells of one sheet of a workbook as text, row by row.
pub fn table_cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect()
}
