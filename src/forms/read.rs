//! Reading filled forms (calamine): `.xlsx`, `.xls` and `.ods` through
//! one path. Forgiving about layout (rows matched by code, extra columns,
//! empty rows), strict about values: every problem is collected with its
//! file, sheet and cell.

use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Ods, OdsError, Range, Reader, Sheets, Xls, XlsError, Xlsx, XlsxError};
use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::{AreaId, Plan, Target};
use crate::progress::{Progress, Stage, StageGuard};
use crate::results::{AreaReport, CellRef, Entry, ProposedStatus, Results, SourceFile, Sourced};
use crate::vocab::{Prep, Vocabulary};

use super::layout::{self, Column, FormKind, RowSpec};
use super::ods_scan::PercentCells;
use super::parse;

/// Larger files are refused before parsing (a form is a few hundred kB).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Larger sheets are refused (a plan has at most a few hundred targets).
pub const MAX_ROWS: usize = 20_000;
pub const MAX_COLS: usize = 500;
pub const MAX_CELLS: usize = 1_000_000;
/// calamine allocates the rectangle spanning each sheet's cells: the sum
/// of those rectangles over a workbook is bounded (a form spans a few
/// thousand cells; 2 million cost about 64 MB).
pub const MAX_WORKBOOK_CELLS: u64 = 2_000_000;
/// A form inflates to well under a megabyte.
pub const MAX_INFLATED_BYTES: u64 = 200 * 1024 * 1024;

const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// Reads every form in `dir` (sorted by name, lock and hidden files
/// skipped). Errors anywhere make the whole read fail, with every
/// diagnostic found (warnings too).
pub fn read_dir(
    plan: &Plan,
    dir: &Path,
    vocab: &Vocabulary,
    progress: &dyn Progress,
) -> Result<(Results, Diagnostics), Diagnostics> {
    let (files, mut diags) = list_forms(dir)?;
    // Serialising and hashing the plan once, not once per form: at 10,000
    // indicators that was a third of the time spent reading 200 forms.
    let fingerprint = plan.fingerprint();

    // Files are independent: read them on every core, then merge in the
    // sorted order so diagnostics and results stay deterministic.
    let read: Vec<_> = {
        use rayon::prelude::*;
        let stage = StageGuard::start(progress, Stage::FormsRead, files.len());
        files
            .par_iter()
            .map(|path| {
                let r = file_bytes(path)
                    .and_then(|bytes| read_bytes_expecting(plan, path, bytes, &fingerprint, vocab));
                stage.advance();
                r
            })
            .collect()
    };
    let mut reports: Vec<AreaReport> = Vec::new();
    let mut any_failed = false;
    for (path, outcome) in files.iter().zip(read) {
        match outcome {
            Ok((report, d)) => {
                diags.extend(d);
                if let Some(other) = reports.iter().find(|r| r.area == report.area) {
                    diags.push(second_form(
                        plan,
                        vocab,
                        path,
                        &report.area,
                        &other.source.path,
                    ));
                } else {
                    reports.push(report);
                }
            }
            Err(d) => {
                any_failed = true;
                diags.extend(d)
            }
        }
    }
    // A form with errors is reported by its errors, not as a missing form
    // too (its unit may well be one of those without a report).
    if !any_failed {
        diags.extend(missing_units(
            plan,
            dir,
            |a| reports.iter().any(|r| &r.area == a),
            not_reported,
        ));
    }

    if diags.has_errors() {
        return Err(diags);
    }
    reports.sort_by_key(|r| {
        plan.areas
            .iter()
            .position(|a| a.id == r.area)
            .unwrap_or(usize::MAX)
    });
    Ok((
        Results {
            year: plan.year,
            reports,
        },
        diags,
    ))
}

/// The error for a second form of the same unit in one folder.
pub(super) fn second_form(
    plan: &Plan,
    vocab: &Vocabulary,
    path: &Path,
    area: &AreaId,
    first: &Path,
) -> Diagnostic {
    Diagnostic::error(
        Location::file(path),
        format!(
            "secondo modulo per {}: c'è già «{}»",
            area_label(plan, vocab, area),
            file_label(first)
        ),
    )
    .with_hint(format!(
        "lasciare nella cartella un solo modulo per {}",
        vocab.unit.singular
    ))
}

/// Warnings for the units with rows in the plan and no form in `dir`.
/// `message` says it for a unit's name.
pub(super) fn missing_units(
    plan: &Plan,
    dir: &Path,
    has_form: impl Fn(&AreaId) -> bool,
    message: impl Fn(&str) -> String,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for area in &plan.areas {
        let has_rows = !layout::rows(plan, &area.id).is_empty();
        if has_rows && !has_form(&area.id) {
            diags.push(Diagnostic::warning(
                Location::file(dir),
                message(&area.name),
            ));
        }
    }
    diags
}

/// The warning for a unit without a year-end form.
fn not_reported(name: &str) -> String {
    if name.to_lowercase().starts_with("area") {
        format!("{name} non rendicontata: nessun modulo trovato")
    } else {
        format!("{name}: nessun modulo trovato, obiettivi non rendicontati")
    }
}

/// The workbooks in `dir`, sorted by name (lock and hidden files skipped,
/// other files warned about).
pub(super) fn list_forms(dir: &Path) -> Result<(Vec<PathBuf>, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let listing = match std::fs::read_dir(dir) {
        Ok(l) => l,
        Err(e) => {
            return Err(Diagnostic::error(
                Location::file(dir),
                format!(
                    "impossibile leggere la cartella dei moduli {}: {}",
                    dir.display(),
                    io_text(&e)
                ),
            )
            .with_hint(
                "indicare la cartella con --dati oppure crearla e copiarvi i moduli compilati",
            )
            .into());
        }
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for item in listing.flatten() {
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => {}
            Ok(m) if m.is_dir() => continue,
            Ok(_) => {
                diags.push(Diagnostic::warning(
                    Location::file(&path),
                    "file ignorato: non è un file ordinario (è un dispositivo, una coda o un socket)",
                ));
                continue;
            }
            Err(e) => {
                let why = if path.is_symlink() {
                    "è un collegamento simbolico che non porta a nessun file (o che gira in tondo)"
                        .to_string()
                } else {
                    crate::diag::os_error_text(&e)
                };
                diags.push(Diagnostic::warning(
                    Location::file(&path),
                    format!("file ignorato: {why}"),
                ));
                continue;
            }
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if EXTENSIONS.contains(&ext.as_str()) {
            files.push(path);
        } else {
            diags.push(Diagnostic::warning(
                Location::file(&path),
                "file ignorato: non è un foglio di calcolo (.xlsx, .xls o .ods)",
            ));
        }
    }
    files.sort();
    Ok((files, diags))
}

fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "la cartella non esiste".into(),
        std::io::ErrorKind::PermissionDenied => "permesso negato".into(),
        _ => crate::diag::os_error_text(e),
    }
}

/// "l'Area III Finanziaria", "il Settore «Tributi»": the unit with its
/// article, naming the unit's word only when its name does not start with it.
fn area_label(plan: &Plan, vocab: &Vocabulary, id: &AreaId) -> String {
    let word = &vocab.unit.singular;
    let starts_with_word = |name: &str| name.to_lowercase().starts_with(&word.to_lowercase());
    match plan.area(id) {
        Some(a) if starts_with_word(&a.name) => {
            crate::vocab::the(&a.name, vocab.unit.gender, false)
        }
        Some(a) => format!("{} «{}»", vocab.unit.the(false), a.name),
        None => format!("{} «{id}»", vocab.unit.the(false)),
    }
}

fn file_label(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Reads one filled form.
pub fn read_file(
    plan: &Plan,
    path: &Path,
    vocab: &Vocabulary,
) -> Result<(AreaReport, Diagnostics), Diagnostics> {
    read_bytes(plan, path, file_bytes(path)?, vocab)
}

/// The bytes of a form file, refused before reading when far too large.
pub(super) fn file_bytes(path: &Path) -> Result<Vec<u8>, Diagnostics> {
    crate::input::read_bytes(path, MAX_FILE_BYTES)
        .map_err(|e| e.into_diagnostic(path, "il modulo").into())
}

/// Hex SHA-256 of a file's bytes, to tell later which version was read.
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads a form from its bytes; `path` names it in messages and results.
pub fn read_bytes(
    plan: &Plan,
    path: &Path,
    bytes: Vec<u8>,
    vocab: &Vocabulary,
) -> Result<(AreaReport, Diagnostics), Diagnostics> {
    read_bytes_expecting(plan, path, bytes, &plan.fingerprint(), vocab)
}

/// Like [`read_bytes`], accepting forms that carry `fingerprint`: the
/// committed LibreOffice fixtures keep being read when the plan model
/// gains a field (which changes every fingerprint, not the test plan).
pub(crate) fn read_bytes_expecting(
    plan: &Plan,
    path: &Path,
    bytes: Vec<u8>,
    fingerprint: &str,
    vocab: &Vocabulary,
) -> Result<(AreaReport, Diagnostics), Diagnostics> {
    let sha256 = sha256_hex(&bytes);
    // calamine has panicked on malformed files in the past: a broken file
    // must be an error naming it, never a crash.
    let (sheets, percent) = sheets_and_percent(path, bytes)?;
    let mut reader = FormReader::new(plan, vocab, path, fingerprint, Expect::YearEnd);
    reader.percent = percent;
    let (area, kind) = reader.check_meta(&sheets)?;
    let entries = reader.read_rows(
        &sheets,
        &area,
        kind,
        &mut |r, spec, at| r.read_entry(spec, at),
        &|spec| blank_entry(spec, &area),
    );
    reader.warn_foreign_sheets(&sheets);
    if reader.diags.has_errors() {
        return Err(reader.diags);
    }
    Ok((
        AreaReport {
            area: area.clone(),
            source: SourceFile {
                path: path.to_path_buf(),
                sha256,
                area,
            },
            entries,
        },
        reader.diags,
    ))
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
pub(super) fn sheets_of(path: &Path, bytes: Vec<u8>) -> Result<SheetData, Diagnostics> {
    sheets_and_percent(path, bytes).map(|(sheets, _)| sheets)
}

/// [`sheets_of`], with the cells whose type or number format is a
/// percentage.
pub(super) fn sheets_and_percent(
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
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
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

/// Which kind of form the caller reads: the other kind is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    YearEnd,
    Monitoring,
}

/// Where one input row is: the sheet, its cells, the row and the columns
/// found by header.
pub(super) struct RowAt<'a> {
    pub area: &'a AreaId,
    pub sheet: &'a str,
    pub range: &'a Range<Data>,
    pub row: u32,
    pub columns: &'a BTreeMap<Column, u32>,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(super) fn password_message() -> String {
    "il file è protetto da password: salvarlo senza password e riprovare".to_string()
}

/// The library's own text is English and sometimes a debug dump: the user
/// gets the Italian sentence alone.
fn damaged(_: &dyn std::fmt::Display) -> String {
    "il file è danneggiato o non è un foglio di calcolo leggibile: riaprirlo con il programma \
     con cui è stato compilato e salvarlo di nuovo"
        .to_string()
}

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
            percent = super::ods_scan::scan(&bytes)?;
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
        super::xls_scan::scan(&bytes)?;
        Sheets::Xls(Xls::new(Cursor::new(bytes)).map_err(|e| match e {
            XlsError::Password => password_message(),
            e => damaged(&e),
        })?)
    } else {
        return Err(
            "il file non è un foglio di calcolo leggibile (né .xlsx, né .xls, né .ods)".into(),
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
/// before calamine would allocate the rectangle spanning them, with a
/// workbook's allowance of cells. For the plan importer.
pub(crate) fn xlsx_range(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
) -> Result<Result<Range<Data>, String>, XlsxError> {
    let mut budget = MAX_WORKBOOK_CELLS;
    Ok(xlsx_range_within(book, name, &mut budget)?.map(|(range, _)| range))
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
                .is_some_and(|f| parse::is_percent_format(&f.format_code))
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
            layout::cell_name(r, c)
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
            return Ok(Err(too_far(r, c)));
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

pub(super) struct FormReader<'a> {
    pub plan: &'a Plan,
    pub vocab: &'a Vocabulary,
    pub path: &'a Path,
    /// The fingerprint forms must carry (the plan's own).
    fingerprint: &'a str,
    expect: Expect,
    /// Cells whose type or number format is a percentage.
    pub percent: PercentCells,
    /// The data sheet read, as named in the file (a user may rename it).
    data_sheet: Option<String>,
    pub diags: Diagnostics,
}

/// Cell text for the recognition sheet: integers without separators.
fn meta_text(cell: &Data) -> String {
    match cell {
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => parse::shown(other),
    }
}

pub(super) fn cell_at(range: &Range<Data>, row: u32, col: u32) -> &Data {
    static EMPTY: Data = Data::Empty;
    range.get_value((row, col)).unwrap_or(&EMPTY)
}

impl<'a> FormReader<'a> {
    pub fn new(
        plan: &'a Plan,
        vocab: &'a Vocabulary,
        path: &'a Path,
        fingerprint: &'a str,
        expect: Expect,
    ) -> Self {
        FormReader {
            plan,
            vocab,
            path,
            fingerprint,
            expect,
            percent: PercentCells::new(),
            data_sheet: None,
            diags: Diagnostics::new(),
        }
    }

    pub fn at(&self, sheet: &str, row: u32, col: u32) -> Location {
        Location::cell(self.path, sheet, layout::cell_name(row, col))
    }

    pub fn cell_ref(&self, sheet: &str, row: u32, col: u32) -> CellRef {
        CellRef {
            file: self.path.to_path_buf(),
            sheet: sheet.to_string(),
            cell: layout::cell_name(row, col),
        }
    }

    /// A date cell within the years a form can speak of.
    pub fn date_in_range(&self, cell: &Data) -> Result<NaiveDate, String> {
        let year = self.plan.year;
        let d = parse::date(cell, year)?;
        let first_ok = NaiveDate::from_ymd_opt(year - 1, 1, 1);
        let last_ok = NaiveDate::from_ymd_opt(year + 3, 12, 31);
        if first_ok.is_some_and(|f| d < f) || last_ok.is_some_and(|l| d > l) {
            return Err(format!(
                "«{}» è fuori intervallo: la data deve essere tra il 01/01/{} e il 31/12/{}",
                italian::date_short(d),
                year - 1,
                year + 3
            ));
        }
        Ok(d)
    }

    pub fn error(&mut self, loc: Location, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(loc, msg));
    }

    /// Checks the hidden sheet against the plan and returns the form's
    /// Area and kind.
    pub fn check_meta(&mut self, sheets: &SheetData) -> Result<(AreaId, FormKind), Diagnostics> {
        let plan = self.plan;
        let Some((sheet, range)) = sheets
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(layout::META_SHEET))
        else {
            return Err(Diagnostic::error(
                Location::file(self.path),
                format!(
                    "il file non è un modulo di rendicontazione generato da consuntivo (manca il foglio nascosto «{}»)",
                    layout::META_SHEET
                ),
            )
            .with_hint(format!("compilare il modulo {} generato con `consuntivo moduli`, senza copiare i dati in un altro file", self.vocab.unit.prep(Prep::Di, false)))
            .into());
        };
        let mut values: BTreeMap<String, (String, Location)> = BTreeMap::new();
        if let (Some((r0, _)), Some((r1, _))) = (range.start(), range.end()) {
            for r in r0..=r1.min(r0 + 100) {
                let key = meta_text(cell_at(range, r, 0));
                let value = meta_text(cell_at(range, r, 1));
                values.insert(key, (value, self.at(sheet, r, 1)));
            }
        }
        let missing = |what: &str| -> Diagnostics {
            Diagnostic::error(
                Location::cell(self.path, sheet.as_str(), "B"),
                format!("i dati di riconoscimento del modulo sono incompleti (manca «{what}»)"),
            )
            .with_hint("usare il modulo generato da `consuntivo moduli` senza modificare il foglio nascosto")
            .into()
        };
        let get = |k: &str| values.get(k).cloned().ok_or_else(|| missing(k));
        let (format, format_at) = get(layout::META_FORMAT)?;
        let (year, year_at) = get(layout::META_YEAR)?;
        let (area, area_at) = get(layout::META_AREA)?;
        let (fingerprint, fp_at) = get(layout::META_FINGERPRINT)?;
        let ente = values.get(layout::META_ENTE).cloned();

        let mut errs = Diagnostics::new();
        let kind = self.kind_of(&values, &format_at)?;
        match format.trim().parse::<i32>() {
            Ok(v) if (1..=kind.format_version()).contains(&v) => {}
            _ => errs.push(Diagnostic::error(
                format_at,
                format!("formato del modulo «{format}» non riconosciuto da questa versione di consuntivo"),
            )),
        }
        if year.trim() != plan.year.to_string() {
            errs.push(
                Diagnostic::error(
                    year_at,
                    format!(
                        "il modulo è dell'anno {year}, ma il piano è del {}",
                        plan.year
                    ),
                )
                .with_hint("usare i moduli generati per l'anno del piano"),
            );
        }
        if let Some((e, at)) = ente
            && e.trim() != plan.ente.name.trim()
        {
            errs.push(Diagnostic::error(
                at,
                format!(
                    "il modulo è di un altro ente («{e}»), non di «{}»",
                    plan.ente.name
                ),
            ));
        }
        let area = AreaId(area.trim().to_string());
        if plan.area(&area).is_none() {
            errs.push(Diagnostic::error(
                area_at,
                format!(
                    "il modulo è {} «{area}», che non esiste nel piano {}",
                    self.vocab.unit.prep(Prep::Di, false),
                    plan.year
                ),
            ));
        }
        if errs.is_empty() && fingerprint.trim() != self.fingerprint {
            errs.push(
                Diagnostic::error(
                    fp_at,
                    format!(
                        "il modulo è stato generato da un'altra versione del piano (impronta {}, piano attuale {})",
                        fingerprint.trim(),
                        self.fingerprint
                    ),
                )
                .with_hint("rigenerare i moduli con `consuntivo moduli` e ricopiarvi i dati"),
            );
        }
        if errs.is_empty() {
            Ok((area, kind))
        } else {
            Err(errs)
        }
    }

    /// The kind the hidden sheet declares, refused when it is not the one
    /// the caller reads: a monitoring form in the year-end folder, or the
    /// reverse, is an error naming the file.
    fn kind_of(
        &self,
        values: &BTreeMap<String, (String, Location)>,
        fallback: &Location,
    ) -> Result<FormKind, Diagnostics> {
        let (kind, at) = match values.get(layout::META_KIND) {
            Some((k, at)) => (k.trim().to_string(), at.clone()),
            // Forms written before monitoring existed are year-end forms.
            None => (layout::KIND_YEAR_END.to_string(), fallback.clone()),
        };
        let file = file_label(self.path);
        let found = match kind.as_str() {
            layout::KIND_YEAR_END => FormKind::YearEnd,
            layout::KIND_MONITORING => {
                let date = values
                    .get(layout::META_MONITORING_DATE)
                    .and_then(|(d, _)| parse::date_text(d));
                match date {
                    Some(d) => FormKind::Monitoring(d),
                    None => {
                        return Err(Diagnostic::error(
                            at,
                            format!("«{file}»: manca la data del monitoraggio nei dati di riconoscimento del modulo"),
                        )
                        .with_hint("usare il modulo generato da `consuntivo moduli --monitoraggio` senza modificare il foglio nascosto")
                        .into());
                    }
                }
            }
            other => {
                return Err(Diagnostic::error(
                    at,
                    format!(
                        "«{file}»: tipo di modulo «{other}» non riconosciuto da questa versione di consuntivo"
                    ),
                )
                .into());
            }
        };
        match (self.expect, found) {
            (Expect::YearEnd, FormKind::Monitoring(d)) => Err(Diagnostic::error(
                Location::file(self.path),
                format!(
                    "«{file}» è un modulo di monitoraggio intermedio (al {}), non un modulo di rendicontazione di fine anno",
                    italian::date_short(d)
                ),
            )
            .with_hint(format!(
                "toglierlo da questa cartella: i moduli di monitoraggio si leggono con `consuntivo monitoraggio` (cartella predefinita inputs/monitoraggio/{})",
                self.plan.year
            ))
            .into()),
            (Expect::Monitoring, FormKind::YearEnd) => Err(Diagnostic::error(
                Location::file(self.path),
                format!("«{file}» è un modulo di rendicontazione di fine anno, non un modulo di monitoraggio intermedio"),
            )
            .with_hint(format!(
                "toglierlo da questa cartella: i moduli di fine anno vanno in inputs/rendicontazioni/{}; quelli di monitoraggio si generano con `consuntivo moduli --monitoraggio GG/MM/AAAA`",
                self.plan.year
            ))
            .into()),
            _ => Ok(found),
        }
    }

    /// Sheets a user added: their content is not read, so say so.
    pub fn warn_foreign_sheets(&mut self, sheets: &SheetData) {
        let known = [
            layout::normalize(layout::DATA_SHEET),
            layout::normalize(layout::MONITORING_SHEET),
            layout::normalize(layout::INSTRUCTIONS_SHEET),
            layout::normalize(layout::META_SHEET),
        ];
        for (name, range) in sheets {
            if known.contains(&layout::normalize(name)) || self.data_sheet.as_ref() == Some(name) {
                continue;
            }
            if let Some((r, c, _)) = range.used_cells().find(|(_, _, v)| !parse::is_blank(v)) {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                self.diags.push(Diagnostic::warning(
                    self.at(name, r0 + r as u32, c0 + c as u32),
                    format!("il foglio «{name}» non fa parte del modulo: il suo contenuto non viene letto"),
                ));
            }
        }
    }

    /// The rows of the data sheet of a form of `kind`, matched by code:
    /// `read` turns a row into an entry, `blank` stands for a missing row.
    pub fn read_rows<E>(
        &mut self,
        sheets: &SheetData,
        area: &AreaId,
        kind: FormKind,
        read: &mut dyn FnMut(&mut Self, &RowSpec<'_>, &RowAt<'_>) -> E,
        blank: &dyn Fn(&RowSpec<'_>) -> E,
    ) -> Vec<E> {
        let plan = self.plan;
        let specs = layout::rows(plan, area);
        let mut found: BTreeMap<usize, E> = BTreeMap::new();
        let data_key = layout::normalize(kind.data_sheet());
        let sheet = sheets
            .iter()
            .find(|(n, _)| layout::normalize(n) == data_key)
            .or_else(|| {
                sheets
                    .iter()
                    .filter(|(n, _)| !n.eq_ignore_ascii_case(layout::META_SHEET))
                    .find(|(_, r)| find_header(r).is_some())
            });
        let Some((sheet, range)) = sheet else {
            self.error(
                Location::file(self.path),
                format!(
                    "manca il foglio «{}» con le righe da rendicontare",
                    kind.data_sheet()
                ),
            );
            return Vec::new();
        };
        self.data_sheet = Some(sheet.clone());
        if range.height() > MAX_ROWS || range.width() > MAX_COLS {
            self.error(
                Location::cell(self.path, sheet.as_str(), ""),
                format!(
                    "il foglio è troppo grande ({} righe × {} colonne): non sembra un modulo",
                    range.height(),
                    range.width()
                ),
            );
            return Vec::new();
        }
        let Some(columns) = find_header(range) else {
            self.error(
                Location {
                    file: Some(self.path.to_path_buf()),
                    sheet: Some(sheet.clone()),
                    ..Default::default()
                },
                format!(
                    "manca la riga di intestazione con la colonna «{}»",
                    Column::Code.header()
                ),
            );
            return Vec::new();
        };
        let header_row = columns.row;
        for (col, (a, b)) in &columns.duplicates {
            self.error(
                self.at(sheet, header_row, *b),
                format!(
                    "la colonna «{}» compare due volte ({} e {})",
                    col.header(),
                    layout::cell_name(header_row, *a),
                    layout::cell_name(header_row, *b)
                ),
            );
        }
        let Some(end) = range.end() else {
            return Vec::new();
        };
        let code_col = columns.map[&Column::Code];
        let mut seen: BTreeMap<usize, u32> = BTreeMap::new();
        let mut extra_used: BTreeMap<u32, u32> = BTreeMap::new();

        for r in header_row + 1..=end.0 {
            for (c, _) in &columns.extra {
                if !parse::is_blank(cell_at(range, r, *c)) {
                    extra_used.entry(*c).or_insert(r);
                }
            }
            let code_cell = cell_at(range, r, code_col);
            if let Some(msg) = parse::formula_error(code_cell) {
                self.error(self.at(sheet, r, code_col), msg);
                continue;
            }
            if parse::is_blank(code_cell) {
                let typed: Vec<String> = kind
                    .inputs()
                    .iter()
                    .filter_map(|c| columns.map.get(c))
                    .filter(|c| !parse::is_blank(cell_at(range, r, **c)))
                    .map(|c| layout::cell_name(r, *c))
                    .collect();
                if let Some(first) = typed.first() {
                    self.error(
                        Location::cell(self.path, sheet.as_str(), first.clone()),
                        format!(
                            "riga {} senza codice: i dati inseriti ({}) non si possono attribuire a un indicatore",
                            r + 1,
                            typed.join(", ")
                        ),
                    );
                }
                continue;
            }
            let code_text = meta_text(code_cell);
            let Some(idx) = self.match_code(&specs, &code_text, sheet, r, code_col) else {
                continue;
            };
            if let Some(prev) = seen.get(&idx) {
                let msg = format!(
                    "la riga «{}» compare due volte (anche in {})",
                    specs[idx].key(),
                    layout::cell_name(*prev, code_col)
                );
                self.error(self.at(sheet, r, code_col), msg);
                continue;
            }
            seen.insert(idx, r);
            let at = RowAt {
                area,
                sheet,
                range,
                row: r,
                columns: &columns.map,
            };
            let entry = read(self, &specs[idx], &at);
            found.insert(idx, entry);
        }

        for (c, r) in extra_used {
            let header = parse::shown(cell_at(range, header_row, c));
            let what = if header.is_empty() {
                "la colonna senza intestazione".to_string()
            } else {
                format!("la colonna «{header}»")
            };
            self.diags.push(Diagnostic::warning(
                self.at(sheet, r, c),
                format!(
                    "{what} non fa parte del modulo: il suo contenuto non viene letto; \
                     spostarlo nelle «{}» se deve essere considerato",
                    Column::Notes.header()
                ),
            ));
        }

        let sheet_loc = Location {
            file: Some(self.path.to_path_buf()),
            sheet: Some(sheet.clone()),
            ..Default::default()
        };
        let mut entries = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            match found.remove(&i) {
                Some(e) => entries.push(e),
                None => {
                    self.diags.push(Diagnostic::warning(
                        sheet_loc.clone(),
                        format!(
                            "manca la riga «{}»: il traguardo risulta non rendicontato",
                            spec.key()
                        ),
                    ));
                    entries.push(blank(spec));
                }
            }
        }
        entries
    }

    /// The row spec a code names, or an error at the code cell.
    fn match_code(
        &mut self,
        specs: &[RowSpec<'_>],
        text: &str,
        sheet: &str,
        r: u32,
        c: u32,
    ) -> Option<usize> {
        let at = self.at(sheet, r, c);
        let Some(code) = layout::parse_code(text) else {
            self.error(at, format!("«{text}» non è un codice di indicatore valido"));
            return None;
        };
        let exact = specs.iter().find(|s| s.indicator.id.as_str() == code.id);
        let spec = exact.or_else(|| {
            specs
                .iter()
                .find(|s| s.indicator.id.as_str().eq_ignore_ascii_case(&code.id))
        });
        let Some(spec) = spec else {
            let in_plan = self
                .plan
                .objectives
                .iter()
                .flat_map(|o| &o.indicators)
                .any(|i| i.id.as_str().eq_ignore_ascii_case(&code.id));
            let msg = if in_plan {
                format!(
                    "l'indicatore «{}» non è assegnato a {} {}",
                    code.id,
                    self.vocab.unit.agree("questo", false),
                    self.vocab.unit.singular
                )
            } else {
                format!(
                    "«{}» non è un indicatore del piano {}",
                    code.id, self.plan.year
                )
            };
            self.error(at, msg);
            return None;
        };
        let n = spec.indicator.targets.len();
        let target = match code.part {
            None if n == 1 => 0,
            None => {
                self.error(
                    at,
                    format!(
                        "l'indicatore {} ha {n} traguardi: il codice deve indicare quale, ad esempio «{} (1/{n})»",
                        spec.indicator.id, spec.indicator.id
                    ),
                );
                return None;
            }
            Some((k, total)) if total == n && (1..=n).contains(&k) => k - 1,
            Some(_) => {
                self.error(
                    at,
                    format!(
                        "«{text}» non corrisponde a un traguardo dell'indicatore {} (che ne ha {n})",
                        spec.indicator.id
                    ),
                );
                return None;
            }
        };
        specs
            .iter()
            .position(|s| s.indicator.id == spec.indicator.id && s.target == target)
    }

    fn read_entry(&mut self, spec: &RowSpec<'_>, row: &RowAt<'_>) -> Entry {
        let RowAt {
            area,
            sheet,
            range,
            row: r,
            columns,
        } = *row;
        let mut entry = blank_entry(spec, area);
        let target = spec.target();
        let kind = target.kind();
        let mut typed = false;
        for col in FormKind::YearEnd.inputs().iter().copied() {
            let Some(&c) = columns.get(&col) else {
                continue;
            };
            let cell = cell_at(range, r, c);
            if parse::is_blank(cell) {
                continue;
            }
            typed = true;
            let at = self.at(sheet, r, c);
            if let Some(msg) = parse::formula_error(cell) {
                self.error(at, msg);
                continue;
            }
            let src = self.cell_ref(sheet, r, c);
            let fits = layout::fits(kind, col);
            let result: Result<(), String> =
                match col {
                    Column::Date => self.date_in_range(cell).map(|d| {
                        entry.date = Some(Sourced { value: d, at: src });
                    }),
                    Column::Value => {
                        let v = if kind.value_is_percent() {
                            let percent_cell = self
                                .percent
                                .get(sheet)
                                .is_some_and(|set| set.contains(&(r, c)));
                            parse::percentage(cell, percent_cell)
                        } else {
                            parse::number(cell)
                        };
                        if let Ok(n) = v
                            && let Data::String(t) = cell
                            && parse::dot_could_be_decimal(t)
                        {
                            self.diags.push(Diagnostic::warning(
                                at.clone(),
                                format!(
                                    "«{}» è letto come {} (il punto separa le migliaia): se si \
                                     intendeva un numero con decimali, scriverlo con la virgola",
                                    t.trim(),
                                    // Without separators: "1.160" again would say nothing.
                                    n as i64
                                ),
                            ));
                        }
                        v.map(|v| entry.value = Some(Sourced { value: v, at: src }))
                    }
                    Column::Done => parse::yes_no(cell)
                        .map(|v| entry.done = Some(Sourced { value: v, at: src })),
                    Column::Status => parse::status(cell)
                        .map(|v| entry.status = Some(Sourced { value: v, at: src })),
                    Column::Evidence | Column::Notes | Column::Motivation => {
                        parse::text(cell).map(|t| {
                            let t = t.map(|t| {
                                let (clean, removed) = parse::without_controls(t);
                                if removed > 0 {
                                    self.diags.push(Diagnostic::warning(
                                        at.clone(),
                                        format!(
                                            "{} dal testo: non si possono stampare",
                                            if removed == 1 {
                                                "tolto 1 carattere di controllo (invisibile)"
                                                    .to_string()
                                            } else {
                                                format!(
                                                    "tolti {removed} caratteri di controllo (invisibili)"
                                                )
                                            }
                                        ),
                                    ));
                                }
                                clean
                            });
                            let slot = match col {
                                Column::Evidence => &mut entry.evidence,
                                Column::Notes => &mut entry.notes,
                                _ => &mut entry.motivation,
                            };
                            *slot = t
                                .filter(|v| !v.trim().is_empty())
                                .map(|value| Sourced { value, at: src });
                        })
                    }
                    _ => Ok(()),
                };
            match result {
                Err(msg) => self.error(at, msg),
                Ok(()) if !fits => self.diags.push(Diagnostic::warning(
                    at,
                    format!(
                        "«{}» è nella colonna «{}», che non riguarda un traguardo di tipo {}: il valore è letto ma potrebbe non essere considerato",
                        parse::shown(cell),
                        col.header(),
                        kind.label()
                    ),
                )),
                Ok(()) => {}
            }
        }
        if !typed {
            let c = columns.get(&Column::Code).copied().unwrap_or(0);
            self.diags.push(Diagnostic::warning(
                self.at(sheet, r, c),
                format!(
                    "riga «{}» non compilata: il traguardo risulta non rendicontato",
                    spec.key()
                ),
            ));
        } else if entry.motivation.is_none()
            && let Some(why) = missed(target, &entry)
        {
            let c = columns
                .get(&Column::Motivation)
                .or_else(|| columns.get(&Column::Code))
                .copied()
                .unwrap_or(0);
            self.diags.push(Diagnostic::warning(
                self.at(sheet, r, c),
                format!(
                    "traguardo «{}» non raggiunto ({why}) senza motivazione dello scostamento",
                    spec.key()
                ),
            ));
        }
        if typed {
            self.warn_unused_or_contradictory(spec, &entry);
        }
        entry
    }

    /// Entries scoring cannot use as typed, said at their cell: a datum in
    /// a column the target does not read when the one it reads is empty,
    /// and a deadline met by date while «Realizzato» says No.
    fn warn_unused_or_contradictory(&mut self, spec: &RowSpec<'_>, e: &Entry) {
        let target = spec.target();
        let at = |c: &CellRef| Location::cell(&c.file, c.sheet.as_str(), c.cell.as_str());
        let done_header = Column::Done.header();
        if let (Target::Deadline { date: due, .. }, Some(d), Some(done)) =
            (target, &e.date, &e.done)
            && d.value <= *due
            && !done.value
        {
            self.diags.push(Diagnostic::warning(
                at(&done.at),
                format!(
                    "dati contraddittori per «{}»: la data di realizzazione ({}, in {}) è entro la \
                     scadenza, ma «{done_header}» è «No»: la valutazione usa la data",
                    spec.key(),
                    italian::date_short(d.value),
                    d.at.cell
                ),
            ).with_hint("correggere la cella sbagliata: cancellare la data se l'attività non è stata realizzata, oppure scrivere «Sì»"));
        }
        if e.done.is_some() || e.status.is_some() {
            return;
        }
        let (needed, unused): (Column, Option<&CellRef>) = match target {
            Target::YesNo { .. } => (
                Column::Done,
                e.date
                    .as_ref()
                    .map(|d| &d.at)
                    .or(e.value.as_ref().map(|v| &v.at)),
            ),
            Target::Deadline { .. } if e.date.is_none() => {
                (Column::Date, e.value.as_ref().map(|v| &v.at))
            }
            Target::Minimum { .. } | Target::Maximum { .. } | Target::Percentage { .. }
                if e.value.is_none() =>
            {
                (Column::Value, e.date.as_ref().map(|d| &d.at))
            }
            _ => return,
        };
        if let Some(cell) = unused {
            self.diags.push(
                Diagnostic::warning(
                    at(cell),
                    format!(
                        "il dato in {} non basta per valutare «{}», un traguardo di tipo {}: \
                         serve la colonna «{}» (oppure «{}» o «{}»); così il traguardo risulta \
                         non rendicontato",
                        cell.cell,
                        spec.key(),
                        target.kind().label(),
                        needed.header(),
                        done_header,
                        Column::Status.header()
                    ),
                )
                .with_hint(format!(
                    "compilare la colonna «{}» della stessa riga",
                    needed.header()
                )),
            );
        }
    }
}

fn blank_entry(spec: &RowSpec<'_>, area: &AreaId) -> Entry {
    Entry {
        indicator: spec.indicator.id.clone(),
        target: spec.target,
        area: area.clone(),
        date: None,
        value: None,
        done: None,
        status: None,
        evidence: None,
        notes: None,
        motivation: None,
    }
}

/// Why the entry shows a missed target, in the reader's view (the obvious
/// cases only; scoring judges the rest).
pub(crate) fn missed(target: &Target, e: &Entry) -> Option<String> {
    if let Some(s) = &e.status
        && matches!(
            s.value,
            ProposedStatus::NotAchieved | ProposedStatus::PartiallyAchieved
        )
    {
        return Some(format!("stato proposto «{}»", s.value.label()));
    }
    // A deadline with its date is judged by the date (a contradicting
    // «No» is warned about apart).
    let dated_deadline = matches!(target, Target::Deadline { .. }) && e.date.is_some();
    if let Some(d) = &e.done
        && !d.value
        && !dated_deadline
        && matches!(target, Target::YesNo { .. } | Target::Deadline { .. })
    {
        return Some("risposta «No»".into());
    }
    let n = |x: f64| italian::number(x, 2);
    match target {
        Target::Deadline { date, .. } => {
            let d = e.date.as_ref()?;
            (d.value > *date).then(|| {
                format!(
                    "realizzato il {}, scadenza {}",
                    italian::date_short(d.value),
                    italian::date_short(*date)
                )
            })
        }
        Target::Minimum { value, .. } => {
            let v = e.value.as_ref()?.value;
            (v < *value).then(|| format!("valore {} contro un minimo di {}", n(v), n(*value)))
        }
        Target::Maximum { value, strict, .. } => {
            let v = e.value.as_ref()?.value;
            let over = if *strict { v >= *value } else { v > *value };
            over.then(|| {
                format!(
                    "valore {} contro un massimo {}di {}",
                    n(v),
                    if *strict { "(escluso) " } else { "" },
                    n(*value)
                )
            })
        }
        Target::Percentage { value, .. } => {
            let v = e.value.as_ref()?.value;
            (v < *value).then(|| format!("{}% contro il {}% atteso", n(v), n(*value)))
        }
        Target::Change { from, goal, .. } => {
            let v = e.value.as_ref()?.value;
            let short = if goal >= from { v < *goal } else { v > *goal };
            short.then(|| format!("valore {} contro un obiettivo di {}", n(v), n(*goal)))
        }
        Target::Phase { .. } => {
            let v = e.value.as_ref()?.value;
            (v < 100.0).then(|| format!("fase al {}%", n(v)))
        }
        Target::YesNo { .. } | Target::Qualitative { .. } => None,
    }
}

struct HeaderMap {
    row: u32,
    map: BTreeMap<Column, u32>,
    duplicates: Vec<(Column, (u32, u32))>,
    /// Columns the form does not know (kept to warn about their content).
    extra: Vec<(u32, String)>,
}

/// The header row: the first of the top rows with a "Codice" cell. Returns
/// the row, the known columns and the unknown (extra) ones.
fn find_header(range: &Range<Data>) -> Option<HeaderMap> {
    let (r0, c0) = range.start()?;
    let (r1, c1) = range.end()?;
    for r in r0..=r1.min(r0 + 30) {
        let is_header = (c0..=c1).any(|c| {
            matches!(cell_at(range, r, c), Data::String(s) if Column::from_header(s) == Some(Column::Code))
        });
        if !is_header {
            continue;
        }
        let mut map = BTreeMap::new();
        let mut duplicates = Vec::new();
        let mut extra = Vec::new();
        for c in c0..=c1 {
            let cell = cell_at(range, r, c);
            let text = parse::shown(cell);
            match Column::from_header(&text) {
                Some(col) => {
                    if let Some(prev) = map.get(&col) {
                        duplicates.push((col, (*prev, c)));
                    } else {
                        map.insert(col, c);
                    }
                }
                None => extra.push((c, text)),
            }
        }
        return Some(HeaderMap {
            row: r,
            map,
            duplicates,
            extra,
        });
    }
    None
}
