//! The reader both kinds of form share: it checks the hidden identity
//! sheet against the plan and finds the data rows by header and code, so
//! that a sorted, filtered or re-ordered sheet reads the same. What a row
//! means is left to the year-end (`read.rs`) and monitoring
//! (`read_monitoring.rs`) readers.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range};
use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::{AreaId, Plan};
use crate::results::{CellRef, SourceFile};
use crate::vocab::{Prep, Vocabulary};

use super::folder::file_label;
use super::layout::{self, Column, FormKind, NOT_THE_FORM, OTHER_FORM, RowSpec};
use super::parse;
use crate::workbook::{
    MAX_COLS, MAX_ROWS, PercentCells, SheetData, sha256_hex, sheets_and_percent,
};

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
    /// The form's kind, as its hidden sheet says (the check date of a
    /// monitoring form).
    pub kind: FormKind,
}

/// A form read through the steps both kinds share; a form with errors is
/// never one (its errors are returned instead).
pub(super) struct FormRead<E> {
    pub source: SourceFile,
    pub kind: FormKind,
    pub entries: Vec<E>,
    pub warnings: Diagnostics,
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

    /// Reads a whole form from its bytes: identity checked, rows found by
    /// code, `read` turning each into an entry and `blank` standing for a
    /// row of the unit missing from the sheet.
    pub fn read_form<E>(
        mut self,
        bytes: Vec<u8>,
        read: &mut dyn FnMut(&mut Self, &RowSpec<'_>, &RowAt<'_>) -> E,
        blank: &dyn Fn(&RowSpec<'_>, &AreaId) -> E,
    ) -> Result<FormRead<E>, Diagnostics> {
        let sha256 = sha256_hex(&bytes);
        // calamine has panicked on malformed files in the past: a broken file
        // must be an error naming it, never a crash.
        let (sheets, percent) = sheets_and_percent(self.path, bytes)?;
        self.percent = percent;
        let (area, kind) = self.check_meta(&sheets)?;
        let entries = self.read_rows(&sheets, &area, kind, read, &|spec| blank(spec, &area));
        self.warn_foreign_sheets(&sheets);
        if self.diags.has_errors() {
            return Err(self.diags);
        }
        Ok(FormRead {
            source: SourceFile {
                path: self.path.to_path_buf(),
                sha256,
                area,
            },
            kind,
            entries,
            warnings: self.diags,
        })
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
            .with_code(NOT_THE_FORM)
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
            .with_code(NOT_THE_FORM)
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
            )
            .with_code(NOT_THE_FORM)),
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
                .with_hint("usare i moduli generati per l'anno del piano")
                .with_code(OTHER_FORM),
            );
        }
        if let Some((e, at)) = ente
            && e.trim() != plan.ente.name.trim()
        {
            errs.push(
                Diagnostic::error(
                    at,
                    format!(
                        "il modulo è di un altro ente («{e}»), non di «{}»",
                        plan.ente.name
                    ),
                )
                .with_code(OTHER_FORM),
            );
        }
        let area = AreaId(area.trim().to_string());
        if plan.area(&area).is_none() {
            errs.push(
                Diagnostic::error(
                    area_at,
                    format!(
                        "il modulo è {} «{area}», che non esiste nel piano {}",
                        self.vocab.unit.prep(Prep::Di, false),
                        plan.year
                    ),
                )
                .with_code(NOT_THE_FORM),
            );
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
                .with_hint("rigenerare i moduli con `consuntivo moduli` e ricopiarvi i dati")
                // A form, but of another version of the plan: said to a
                // unit as it is (`OTHER_FORM`), with «download it again».
                .with_code(OTHER_FORM),
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
                        .with_code(NOT_THE_FORM)
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
                .with_code(NOT_THE_FORM)
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
            .with_code(OTHER_FORM)
            .into()),
            (Expect::Monitoring, FormKind::YearEnd) => Err(Diagnostic::error(
                Location::file(self.path),
                format!("«{file}» è un modulo di rendicontazione di fine anno, non un modulo di monitoraggio intermedio"),
            )
            .with_hint(format!(
                "toglierlo da questa cartella: i moduli di fine anno vanno in inputs/rendicontazioni/{}; quelli di monitoraggio si generano con `consuntivo moduli --monitoraggio GG/MM/AAAA`",
                self.plan.year
            ))
            .with_code(OTHER_FORM)
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
            let Some(idx) = self.match_code(&specs, area, &code_text, sheet, r, code_col) else {
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
                kind,
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
                    self.diags.push(
                        Diagnostic::warning(
                            sheet_loc.clone(),
                            format!(
                                "manca la riga «{}»: il traguardo risulta non rendicontato",
                                spec.key()
                            ),
                        )
                        .with_code(crate::diag::MISSING_ROW),
                    );
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
        area: &AreaId,
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
                // In this unit's own kind word («questa U.O.A.»).
                let name = self
                    .plan
                    .area(area)
                    .map_or(area.as_str(), |a| a.name.as_str());
                let word = self.vocab.unit_kind(area.as_str(), name);
                format!(
                    "l'indicatore «{}» non è assegnato a {} {}",
                    code.id,
                    word.agree("questo", false),
                    word.singular
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
