//! Opening a workbook a user sent, safely: every input file is treated as
//! hostile, so size, zip-bomb and far-cell limits are checked before
//! calamine allocates anything, and a calamine panic becomes an Italian
//! error naming the file.
//!
//! Takes: the path and bytes of an `.xlsx`, `.xls` or `.ods` file. Gives:
//! its sheets as calamine ranges (with the cells formatted as
//! percentages), the A1 names of cells, the limits (`limits.rs`). Used by the
//! form readers (`forms`), the plan importer (`plan::import`) and the
//! individual evaluation form (`individual`). Must not touch: any meaning
//! of the cells (forms, plans and evaluations are read above it); it
//! imports nothing of the crate but `diag` and `input`.

use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, OdsError, Range, Reader, Sheets, Xls, XlsError, Xlsx, XlsxError};

use crate::diag::{Diagnostic, Diagnostics, Location};

mod errors;
mod limits;
mod ods_scan;
mod xls_scan;

pub(crate) use errors::error_text;
pub use errors::formula_error;
pub(crate) use limits::damaged;
use limits::password_message;
pub(crate) use limits::{
    MAX_CELLS, MAX_COLS, MAX_FILE_BYTES, MAX_INFLATED_BYTES, MAX_ROWS, MAX_WORKBOOK_CELLS,
};
pub(crate) use ods_scan::PercentCells;

/// The bytes of a form file, refused before reading when far too large.
pub(crate) fn file_bytes(path: &Path) -> Result<Vec<u8>, Diagnostics> {
    crate::input::read_bytes(path, MAX_FILE_BYTES)
        .map_err(|e| e.into_diagnostic(path, "il modulo").into())
}

/// Hex SHA-256 of a file's bytes, to tell later which version was read.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The sheets of a workbook: (name, cells) in workbook order.
pub(crate) type SheetData = Vec<(String, Range<Data>)>;

/// The sheets of any user workbook, through the forms' guards (file size,
/// zip bomb, calamine panics): for the other workbooks users fill in.
pub(crate) fn open_guarded(path: &Path) -> Result<SheetData, Diagnostics> {
    sheets_of(path, file_bytes(path)?)
}

/// Reads the sheets of a workbook, turning a calamine panic into an error
/// naming the file.
pub(crate) fn sheets_of(path: &Path, bytes: Vec<u8>) -> Result<SheetData, Diagnostics> {
    sheets_and_percent(path, bytes).map(|(sheets, _)| sheets)
}

/// [`sheets_of`], with the cells whose type or number format is a
/// percentage.
pub(crate) fn sheets_and_percent(
    path: &Path,
    bytes: Vec<u8>,
) -> Result<(SheetData, PercentCells), Diagnostics> {
    quietly(|| load_sheets(path, bytes))
        .unwrap_or_else(|| Err("il file è danneggiato e non può essere letto".to_string()))
        .map_err(|m| Diagnostics::from(Diagnostic::error(Location::file(path), m)))
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into `None` without the panic's English text
/// and backtrace on the terminal (calamine has panicked on damaged files;
/// the user gets an Italian error instead). Panics elsewhere still print.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(false));
    out
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Opens a workbook of any supported format from its bytes, refusing zip
/// bombs, sheets far beyond a form (before calamine allocates them) and
/// password-protected files with an Italian message. Shared with the plan
/// importer, which reads the same formats.
pub(crate) fn open_book(path: &Path, bytes: Vec<u8>) -> Result<Sheets<Cursor<Vec<u8>>>, String> {
    open_scanned(path, bytes).map(|(book, _)| book)
}

type Book = Sheets<Cursor<Vec<u8>>>;

/// [`open_book`], with the cells an .ods marks as percentages.
fn open_scanned(path: &Path, bytes: Vec<u8>) -> Result<(Book, PercentCells), String> {
    let mut percent = PercentCells::new();
    let is_ods = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ods"))
        || bytes
            .windows(46)
            .take(200)
            .any(|w| w.starts_with(b"application/vnd.oasis.opendocument.spreadsheet"));
    let book: Sheets<Cursor<Vec<u8>>> = if bytes.starts_with(ZIP_MAGIC) {
        if zip_inflated_size(&bytes).is_some_and(|n| n > MAX_INFLATED_BYTES) {
            return Err(format!(
                "il file, una volta decompresso, supera {} MB: non sembra un modulo",
                MAX_INFLATED_BYTES / (1024 * 1024)
            ));
        }
        if is_ods {
            percent = ods_scan::scan(&bytes)?;
            Sheets::Ods(Ods::new(Cursor::new(bytes)).map_err(|e| match e {
                OdsError::Password => password_message(),
                e => damaged(&e),
            })?)
        } else {
            Sheets::Xlsx(Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
                XlsxError::Password => password_message(),
                e => damaged(&e),
            })?)
        }
    } else if bytes.starts_with(CFB_MAGIC) {
        // An encrypted .xlsx/.ods is an OLE container with an
        // "EncryptionInfo" stream (names are UTF-16).
        let marker: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(password_message());
        }
        xls_scan::scan(&bytes)?;
        Sheets::Xls(Xls::new(Cursor::new(bytes)).map_err(|e| match e {
            XlsError::Password => password_message(),
            e => damaged(&e),
        })?)
    } else {
        return Err(
            "il file non è un foglio di calcolo leggibile (né .xlsx, né .xls, né .ods): riaprirlo con il programma con cui è stato compilato e salvarlo come cartella di lavoro Excel (.xlsx)".into(),
        );
    };
    Ok((book, percent))
}

fn load_sheets(path: &Path, bytes: Vec<u8>) -> Result<(SheetData, PercentCells), String> {
    let (mut book, mut percent) = open_scanned(path, bytes)?;
    let mut budget = MAX_WORKBOOK_CELLS;
    let names = book.sheet_names();
    let mut out = Vec::new();
    for name in names {
        if let Sheets::Xlsx(x) = &mut book {
            let (range, pct) =
                xlsx_range_within(x, &name, &mut budget).map_err(|e| damaged(&e))??;
            if !pct.is_empty() {
                percent.insert(name.clone(), pct);
            }
            out.push((name.clone(), range));
            continue;
        }
        let range = book.worksheet_range(&name).map_err(|e| match e {
            calamine::Error::Xlsx(XlsxError::Password)
            | calamine::Error::Xls(XlsError::Password)
            | calamine::Error::Ods(OdsError::Password) => password_message(),
            e => damaged(&e),
        })?;
        out.push((name, range));
    }
    Ok((out, percent))
}

/// Uncompressed size of everything in a zip archive, from its central
/// directory, so a zip bomb is refused before it is inflated. `None` when
/// the directory cannot be read (calamine then reports the damage); zip64
/// sizes count as `u64::MAX` (far larger than any form).
fn zip_inflated_size(bytes: &[u8]) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const ENTRY: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    let u16_at = |i: usize| -> Option<usize> {
        Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?) as usize)
    };
    let u32_at = |i: usize| -> Option<u32> {
        Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?))
    };
    let search_from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (search_from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..i + 4] == EOCD)?;
    let entries = u16_at(eocd + 10)?;
    let mut pos = u32_at(eocd + 16)? as usize;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if bytes.get(pos..pos + 4)? != ENTRY {
            return None;
        }
        let inflated = u32_at(pos + 24)?;
        if inflated == u32::MAX {
            return Some(u64::MAX);
        }
        total += u64::from(inflated);
        pos += 46 + u16_at(pos + 28)? + u16_at(pos + 30)? + u16_at(pos + 32)?;
    }
    Some(total)
}

/// A sheet's cells and its percentage cells, or why it is refused.
type SheetRead = Result<(Range<Data>, HashSet<(u32, u32)>), String>;

/// An xlsx sheet read cell by cell, refusing cells far outside any form
/// before calamine would allocate the rectangle spanning them; `budget`
/// is what is left of the workbook's allowance of cells. For the plan
/// importer.
pub(crate) fn xlsx_range(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    budget: &mut u64,
) -> Result<Result<Range<Data>, String>, XlsxError> {
    Ok(xlsx_range_within(book, name, budget)?.map(|(range, _)| range))
}

/// Formulas of a sheet: ((row, column), text).
pub(crate) type Formulas = Vec<((u32, u32), String)>;

/// The formulas of an xlsx sheet as (row, column) and text, read cell by
/// cell: calamine's own reader allocates the rectangle spanning them, so a
/// formula in a far cell is refused here first.
pub(crate) fn xlsx_formulas(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
) -> Result<Result<Formulas, String>, XlsxError> {
    let mut reader = book.worksheet_cells_reader(name)?;
    let mut out = Vec::new();
    while let Some(cell) = reader.next_formula()? {
        if cell.get_value().is_empty() {
            continue;
        }
        let (r, c) = cell.get_position();
        if r as usize >= MAX_ROWS || c as usize >= MAX_COLS || out.len() >= MAX_CELLS {
            return Ok(Err(format!(
                "il foglio «{name}» contiene formule fuori dall'area di un modulo (cella {}): il \
                 file non viene letto",
                cell_name(r, c)
            )));
        }
        out.push(((r, c), cell.get_value().clone()));
    }
    Ok(Ok(out))
}

/// An xlsx sheet read cell by cell, refusing cells far outside any form
/// before calamine would allocate the rectangle spanning them; `budget`
/// is what is left of the workbook's allowance of cells. Also returns the
/// cells whose number format is a percentage.
fn xlsx_range_within(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    budget: &mut u64,
) -> Result<SheetRead, XlsxError> {
    let mut reader = book.worksheet_cells_reader(name)?;
    let percent_styles: HashSet<usize> = reader
        .styles()
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.number_format
                .as_ref()
                .is_some_and(|f| is_percent_format(&f.format_code))
        })
        .map(|(i, _)| i)
        .collect();
    let mut cells = Vec::new();
    let mut percent = HashSet::new();
    let (mut lo, mut hi) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    let too_far = |r: u32, c: u32| {
        format!(
            "il foglio «{name}» contiene dati fuori dall'area di un modulo (cella {}): il file \
             non viene letto",
            cell_name(r, c)
        )
    };
    while let Some((cell, style)) = reader.next_cell_with_style_id()? {
        let value = Data::from(cell.get_value().clone());
        if value == Data::Empty {
            continue;
        }
        let (r, c) = cell.get_position();
        if r as usize >= MAX_ROWS || c as usize >= MAX_COLS || cells.len() >= MAX_CELLS {
            return Ok(Err(too_far(r, c)));
        }
        lo = (lo.0.min(r), lo.1.min(c));
        hi = (hi.0.max(r), hi.1.max(c));
        let area = u64::from(hi.0 - lo.0 + 1) * u64::from(hi.1 - lo.1 + 1);
        if area > *budget {
            return Ok(Err(format!(
                "il foglio «{name}» contiene dati fuori dall'area di un modulo: con la cella {} i \
                 fogli del file superano insieme {} milioni di celle, e il file non viene letto",
                cell_name(r, c),
                MAX_WORKBOOK_CELLS / 1_000_000
            )));
        }
        if percent_styles.contains(&style) {
            percent.insert((r, c));
        }
        cells.push(calamine::Cell::new((r, c), value));
    }
    if !cells.is_empty() {
        *budget -= u64::from(hi.0 - lo.0 + 1) * u64::from(hi.1 - lo.1 + 1);
    }
    Ok(Ok((Range::from_sparse(cells), percent)))
}

/// A1 name of a 0-based (row, column).
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push((b'A' + rem as u8) as char);
        c = (c - 1) / 26;
    }
    letters.reverse();
    let mut s: String = letters.into_iter().collect();
    s.push_str(&(row + 1).to_string());
    s
}

/// Whether an Excel/LibreOffice number format shows a percentage (a `%`
/// outside quotes and escapes: `0%`, `0,00%`, but not `"%"` as text).
pub fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match (c, quoted, escaped) {
            (_, _, true) => escaped = false,
            ('\\', false, _) => escaped = true,
            ('"', _, _) => quoted = !quoted,
            ('%', false, _) => return true,
            _ => {}
        }
    }
    false
}
