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
    /// An error value (a cached `#DIV/0!`, or its text pasted), as the
    /// message to report at the cell: never read as text.
    pub error: Option<String>,
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
/// The file is hostile until read: only a regular file of bounded size (a
/// FIFO or a link to a device is refused at once), and a workbook goes
/// through the forms' guards (zip bombs, far cells, one cell budget for
/// the whole workbook, bounded merged ranges).
pub fn read(path: &Path) -> Result<(Book, Diagnostics), Diagnostics> {
    let file_err = |msg: String| Diagnostics::from(Diagnostic::error(Location::file(path), msg));
    let bytes = crate::input::read_bytes(path, workbook::MAX_FILE_BYTES)
        .map_err(|e| Diagnostics::from(e.into_diagnostic(path, "la tabella del piano")))?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
    let mut diags = Diagnostics::new();
    let sheets = if is_csv {
        vec![read_csv(path, &bytes)?]
    } else {
        // calamine has panicked on malformed files: a broken file must be
        // an error naming it, never a crash (nor an English backtrace).
        workbook::quietly(|| read_workbook(path, bytes, &mut diags))
            .unwrap_or_else(|| Err("il file è danneggiato e non può essere letto".to_string()))
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
                if let Some(e) = &cell.error {
                    diags.push(
                        Diagnostic::error(book.at(&g.name, r, c), e.clone()).with_hint(
                            "correggere la formula o scrivere nella cella il valore voluto, poi salvare il file",
                        ),
                    );
                    continue;
                }
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
        Data::Error(_) => (String::new(), None),
    };
    Cell {
        text,
        number,
        error: workbook::formula_error(data),
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

/// Merged ranges kept per sheet: a plan table has a few hundred.
pub const MAX_MERGES: usize = 10_000;

fn read_workbook(
    path: &Path,
    bytes: Vec<u8>,
    diags: &mut Diagnostics,
) -> Result<Vec<Grid>, String> {
    let mut book = workbook::open_book(path, bytes)?;
    let damaged = workbook::damaged;
    // One allowance of cells for the whole workbook, as for the forms: 40
    // sheets may not each take a form's worth of memory.
    let mut budget = workbook::MAX_WORKBOOK_CELLS;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = match &mut book {
            Sheets::Xlsx(x) => {
                workbook::xlsx_range(x, &name, &mut budget).map_err(|e| damaged(&e))??
            }
            b => b.worksheet_range(&name).map_err(|e| damaged(&e))?,
        };
        let (h, w) = range.get_size();
        let start = range.start().unwrap_or((0, 0));
        let (height, width) = (start.0 as usize + h, start.1 as usize + w);
        if height > workbook::MAX_ROWS
            || width > workbook::MAX_COLS
            || height.saturating_mul(width) > workbook::MAX_CELLS
        {
            return Err(format!(
                "il foglio «{name}» è troppo grande ({height} righe × {width} colonne): non sembra la tabella di un piano"
            ));
        }
        let mut rows = vec![vec![Cell::default(); width]; height];
        for (r, c, v) in range.cells() {
            rows[start.0 as usize + r][start.1 as usize + c] = cell_of(v);
        }
        drop(range);
        // Formulas are a hazard in a plan table: the value shown depends on
        // other cells, and a formula never recalculated has no value at all.
        let formulas = match &mut book {
            Sheets::Xlsx(x) => workbook::xlsx_formulas(x, &name).map_err(|e| damaged(&e))??,
            b => b.worksheet_formula(&name).map_or_else(
                |_| Vec::new(),
                |f| {
                    let s = f.start().unwrap_or((0, 0));
                    f.cells()
                        .map(|(r, c, t)| ((s.0 + r as u32, s.1 + c as u32), t.clone()))
                        .collect()
                },
            ),
        };
        for ((rr, cc), formula) in formulas {
            if formula.trim().is_empty() {
                continue;
            }
            let cell = rows.get(rr as usize).and_then(|row| row.get(cc as usize));
            if cell.is_some_and(|c| c.error.is_some()) {
                // Reported as an error value at the cell.
                continue;
            }
            let value = cell.map(|c| c.text.clone());
            let loc = Location::cell(path, &name, cell_name(rr, cc));
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
            merges: Vec::new(),
        };
        resolve_merges(&mut grid, merges)?;
        out.push(grid);
    }
    Ok(out)
}

/// Marks the cells each merged range covers. Only cells inside the
/// sheet's data matter (a covered cell beyond it is empty anyway), so
/// ranges are clipped to it, and the cells marked over all ranges are
/// bounded: overlapping or huge ranges cost no more than the sheet.
fn resolve_merges(grid: &mut Grid, merges: Vec<(u32, u32, u32, u32)>) -> Result<(), String> {
    let too_many = || {
        format!(
            "il foglio «{}» contiene troppe celle unite (o unioni sovrapposte): non sembra la tabella di un piano",
            grid.name
        )
    };
    if merges.len() > MAX_MERGES {
        return Err(too_many());
    }
    let height = grid.rows.len();
    let width = grid.rows.first().map_or(0, Vec::len);
    let mut marked: usize = 0;
    for &(r0, c0, r1, c1) in &merges {
        let (r0, c0) = (r0 as usize, c0 as usize);
        let r1 = (r1 as usize).min(height.saturating_sub(1));
        let c1 = (c1 as usize).min(width.saturating_sub(1));
        if r0 >= height || c0 >= width || r1 < r0 || c1 < c0 {
            continue;
        }
        marked = marked.saturating_add((r1 - r0 + 1) * (c1 - c0 + 1));
        if marked > workbook::MAX_CELLS {
            return Err(too_many());
        }
        for (r, row) in grid.rows.iter_mut().enumerate().take(r1 + 1).skip(r0) {
            for (c, cell) in row.iter_mut().enumerate().take(c1 + 1).skip(c0) {
                if (r, c) != (r0, c0) {
                    cell.continues_above = r > r0;
                    cell.continues_left = r == r0;
                }
            }
        }
    }
    grid.merges = merges;
    Ok(())
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
        let record = record.map_err(|_| {
            err(
                format!("il file CSV non è leggibile alla riga {}", i + 1),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(height: usize, width: usize) -> Grid {
        Grid {
            name: "Piano".into(),
            rows: vec![vec![Cell::default(); width]; height],
            merges: Vec::new(),
        }
    }

    #[test]
    fn merged_ranges_never_grow_the_sheet() {
        // 200 ranges down to the last row a sheet may have: they cover
        // the two data rows only, and the grid keeps its size.
        let mut g = grid(2, 6);
        let merges: Vec<_> = (0..200)
            .map(|c| (0, c, workbook::MAX_ROWS as u32 - 1, c))
            .collect();
        resolve_merges(&mut g, merges).unwrap();
        assert_eq!((g.rows.len(), g.rows[0].len()), (2, 6));
        assert!(g.rows[1][0].continues_above && !g.rows[0][0].continues_above);
        assert_eq!(g.merges.len(), 200);
    }

    #[test]
    fn overlapping_merges_are_bounded() {
        let mut g = grid(1_000, 500);
        let merges = vec![(0, 0, 999, 499); 200];
        let err = resolve_merges(&mut g, merges).unwrap_err();
        assert!(err.contains("troppe celle unite"), "{err}");
        let mut g = grid(2, 2);
        let err = resolve_merges(&mut g, vec![(0, 0, 0, 1); MAX_MERGES + 1]).unwrap_err();
        assert!(err.contains("troppe celle unite"), "{err}");
    }

    #[test]
    fn a_cached_error_value_is_an_error_not_a_text() {
        let c = cell_of(&Data::Error(calamine::CellErrorType::Div0));
        assert_eq!(c.text, "");
        assert!(c.error.as_deref().is_some_and(|e| e.contains("#DIV/0!")));
        let c = cell_of(&Data::String("#DIV/0!".into()));
        assert!(c.error.is_some());
    }
}
