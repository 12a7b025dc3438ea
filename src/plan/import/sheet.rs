//! A plan table as a grid of texts, whatever it came from (.xlsx, .xls,
//! .ods, .csv), with merged ranges resolved: a cell covered by a merge
//! knows it continues the one above or to its left. Hostile content
//! (formulas, very long texts, huge sheets) is reported with its cell.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Sheets};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::workbook::{self, cell_name};

/// Longer cell texts are refused: an objective or livello atteso is a few
/// hundred characters, and a long one is a paste gone wrong.
pub const MAX_CELL_CHARS: usize = 5_000;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub text: String,
    /// A number as the file stores it (not as displayed).
    pub number: Option<f64>,
    /// Covered by a merged range that starts in an earlier row.
    pub continues_above: bool,
    /// Covered by a merged range that starts in an earlier column.
    pub continues_left: bool,
}

#[derive(Debug, Clone)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// Merged ranges: (first row, first col, last row, last col), 0-based.
    pub merges: Vec<(u32, u32, u32, u32)>,
}

impl Grid {
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row).and_then(|r| r.get(col))
    }

    pub fn text(&self, row: usize, col: usize) -> &str {
        self.cell(row, col).map_or("", |c| c.text.as_str())
    }
}

pub struct Book {
    pub path: PathBuf,
    pub sheets: Vec<Grid>,
}

impl Book {
    pub fn at(&self, sheet: &str, row: usize, col: usize) -> Location {
        Location::cell(&self.path, sheet, cell_name(row as u32, col as u32))
    }

    pub fn sheet(&self, names: &[&str]) -> Option<&Grid> {
        self.sheets.iter().find(|g| {
            let n = g.name.trim().to_lowercase();
            names.iter().any(|w| n == *w)
        })
    }
}

/// Reads every sheet of `path` (a CSV file is one sheet named after it).
pub fn read(path: &Path) -> Result<(Book, Diagnostics), Diagnostics> {
    let file_err = |msg: String| Diagnostics::from(Diagnostic::error(Location::file(path), msg));
    let meta = std::fs::metadata(path)
        .map_err(|e| file_err(format!("impossibile leggere il file: {e}")))?;
    if meta.len() > workbook::MAX_FILE_BYTES {
        return Err(file_err(format!(
            "il file è troppo grande ({} MB, al massimo {} MB): non sembra la tabella di un piano",
            meta.len() / (1024 * 1024),
            workbook::MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| file_err(format!("impossibile leggere il file: {e}")))?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
    let mut diags = Diagnostics::new();
    let sheets = if is_csv {
        vec![read_csv(path, &bytes)?]
    } else {
        // calamine has panicked on malformed files: a broken file must be
        // an error naming it, never a crash.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_workbook(path, bytes, &mut diags)
        }))
        .unwrap_or_else(|_| Err("il file è danneggiato e non può essere letto".to_string()))
        .map_err(file_err)?
    };
    let book = Book {
        path: path.to_path_buf(),
        sheets,
    };
    check_lengths(&book, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((book, diags))
}

fn check_lengths(book: &Book, diags: &mut Diagnostics) {
    for g in &book.sheets {
        for (r, row) in g.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let n = cell.text.chars().count();
                if n > MAX_CELL_CHARS {
                    diags.push(
                        Diagnostic::error(
                            book.at(&g.name, r, c),
                            format!(
                                "la cella contiene un testo troppo lungo ({} caratteri, al massimo {})",
                                crate::italian::number(n as f64, 0),
                                crate::italian::number(MAX_CELL_CHARS as f64, 0)
                            ),
                        )
                        .with_hint("controllare la cella: probabilmente è stato incollato per errore un testo intero"),
                    );
                }
            }
        }
    }
}

/// Text of a cell as a person reads it; whole numbers without decimals.
fn cell_of(data: &Data) -> Cell {
    let (text, number) = match data {
        Data::Empty => (String::new(), None),
        Data::String(s) => (s.replace("\r\n", "\n").trim().to_string(), None),
        Data::Int(i) => (i.to_string(), Some(*i as f64)),
        Data::Float(f) => (plain_number(*f), Some(*f)),
        Data::Bool(b) => ((if *b { "sì" } else { "no" }).to_string(), None),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => (d.date().format("%d/%m/%Y").to_string(), None),
            None => (plain_number(dt.as_f64()), Some(dt.as_f64())),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), None),
        Data::Error(e) => (format!("#{e:?}"), None),
    };
    Cell {
        text,
        number,
        ..Default::default()
    }
}

/// "5", "7,5": the number as an Italian user would type it back.
pub fn plain_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}").replace('.', ",")
    }
}

fn read_workbook(
    path: &Path,
    bytes: Vec<u8>,
    diags: &mut Diagnostics,
) -> Result<Vec<Grid>, String> {
    let mut book = workbook::open_book(path, bytes)?;
    let damaged = |e: &dyn std::fmt::Display| {
        format!("il file è danneggiato o non è un foglio di calcolo leggibile ({e})")
    };
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = match &mut book {
            Sheets::Xlsx(x) => workbook::xlsx_range(x, &name).map_err(|e| damaged(&e))??,
            b => b.worksheet_range(&name).map_err(|e| damaged(&e))?,
        };
        let (h, w) = range.get_size();
        if h > workbook::MAX_ROWS
            || w > workbook::MAX_COLS
            || h.saturating_mul(w) > workbook::MAX_CELLS
        {
            return Err(format!(
                "il foglio «{name}» è troppo grande ({h} righe × {w} colonne): non sembra la tabella di un piano"
            ));
        }
        let start = range.start().unwrap_or((0, 0));
        let mut rows = vec![vec![Cell::default(); start.1 as usize + w]; start.0 as usize + h];
        for (r, c, v) in range.cells() {
            rows[start.0 as usize + r][start.1 as usize + c] = cell_of(v);
        }
        // Formulas are a hazard in a plan table: the value shown depends on
        // other cells, and a formula never recalculated has no value at all.
        let formulas = book.worksheet_formula(&name).ok();
        if let Some(f) = formulas {
            let fstart = f.start().unwrap_or((0, 0));
            for (r, c, formula) in f.cells() {
                if formula.trim().is_empty() {
                    continue;
                }
                let (rr, cc) = (fstart.0 as usize + r, fstart.1 as usize + c);
                let value = rows
                    .get(rr)
                    .and_then(|row| row.get(cc))
                    .map(|c| c.text.clone());
                let loc = Location::cell(path, &name, cell_name(rr as u32, cc as u32));
                match value.filter(|v| !v.is_empty()) {
                    Some(v) => diags.push(
                        Diagnostic::warning(
                            loc,
                            format!("la cella contiene una formula (={}): letto il valore calcolato «{v}»", formula.trim()),
                        )
                        .with_hint("sostituire la formula con il suo valore (Copia, Incolla speciale › Solo valori)"),
                    ),
                    None => diags.push(
                        Diagnostic::error(
                            loc,
                            format!("la cella contiene una formula (={}) senza un valore calcolato", formula.trim()),
                        )
                        .with_hint("aprire il file, ricalcolarlo e salvarlo, oppure sostituire la formula con il suo valore"),
                    ),
                }
            }
        }
        let merges: Vec<(u32, u32, u32, u32)> = match &mut book {
            Sheets::Xlsx(x) => x
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .into_iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect(),
            Sheets::Xls(x) => x
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .into_iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect(),
            // calamine does not report merges in .ods: covered cells read
            // as empty, which the table reader treats as "same as above".
            _ => Vec::new(),
        };
        let mut grid = Grid {
            name: name.clone(),
            rows,
            merges: merges.clone(),
        };
        for (r0, c0, r1, c1) in merges {
            if r1 as usize >= workbook::MAX_ROWS || c1 as usize >= workbook::MAX_COLS {
                continue;
            }
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) == (r0, c0) {
                        continue;
                    }
                    let (r, c) = (r as usize, c as usize);
                    if grid.rows.len() <= r {
                        grid.rows.resize(r + 1, Vec::new());
                    }
                    if grid.rows[r].len() <= c {
                        grid.rows[r].resize(c + 1, Cell::default());
                    }
                    let cell = &mut grid.rows[r][c];
                    cell.continues_above = r > r0 as usize;
                    cell.continues_left = r == r0 as usize;
                }
            }
        }
        out.push(grid);
    }
    Ok(out)
}

fn read_csv(path: &Path, bytes: &[u8]) -> Result<Grid, Diagnostics> {
    let err = |msg: String, hint: &str| {
        Diagnostics::from(Diagnostic::error(Location::file(path), msg).with_hint(hint.to_string()))
    };
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| {
            err(
                "il file CSV non è in codifica UTF-8".into(),
                "salvarlo come «CSV UTF-8» (Excel) o con codifica UTF-8 (LibreOffice)",
            )
        },
    )?;
    // Italian spreadsheets separate fields with ";" (the comma is the
    // decimal separator); others with "," or a tab.
    // Counted on the header line (table text is full of commas), or over
    // the first lines when no line looks like a header.
    let head: String = text
        .lines()
        .take(30)
        .find(|l| {
            let l = l.to_lowercase();
            l.contains("obiettiv") || l.contains("indicator")
        })
        .map_or_else(
            || text.lines().take(20).collect::<Vec<_>>().join("\n"),
            str::to_string,
        );
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| head.bytes().filter(|b| b == d).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            err(
                format!("il file CSV non è leggibile alla riga {}: {e}", i + 1),
                "controllare le virgolette nella riga indicata",
            )
        })?;
        if rows.len() >= workbook::MAX_ROWS || record.len() > workbook::MAX_COLS {
            return Err(err(
                "il file CSV è troppo grande: non sembra la tabella di un piano".into(),
                "controllare di aver scelto il file giusto",
            ));
        }
        rows.push(
            record
                .iter()
                .map(|t| {
                    let t = t.replace("\r\n", "\n").trim().to_string();
                    Cell {
                        text: t,
                        ..Default::default()
                    }
                })
                .collect(),
        );
    }
    let name = path
        .file_stem()
        .map_or_else(|| "CSV".to_string(), |s| s.to_string_lossy().into_owned());
    Ok(Grid {
        name,
        rows,
        merges: Vec::new(),
    })
}
