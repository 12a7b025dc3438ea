//! A small reader over spanned TOML so the rules and review files can report
//! every problem with line and column, unknown keys included, without serde
//! stopping at the first error.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Location};

/// Source text plus the collected diagnostics.
pub(crate) struct Doc<'a> {
    pub path: PathBuf,
    pub text: &'a str,
    pub diags: Diagnostics,
    /// The year of the example date in the hint for a bad date; `None`
    /// for the generic example.
    pub example_year: Option<i32>,
}

impl<'a> Doc<'a> {
    pub fn new(path: &Path, text: &'a str) -> Self {
        Doc {
            path: path.to_path_buf(),
            text,
            diags: Diagnostics::new(),
            example_year: None,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
        Location::line_col(&self.path, line, column)
    }

    pub fn error(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let loc = self.location(span.start);
        self.diags.push(Diagnostic::error(loc, message));
    }

    pub fn error_hint(&mut self, span: &Range<usize>, message: impl Into<String>, hint: &str) {
        let loc = self.location(span.start);
        self.diags
            .push(Diagnostic::error(loc, message).with_hint(hint.to_string()));
    }

    /// Parses the whole document; a syntax error is reported and `None` returned.
    pub fn parse(&mut self) -> Option<Spanned<DeTable<'a>>> {
        match DeTable::parse(self.text) {
            Ok(t) => {
                let long = crate::toml_msg::overlong(t.get_ref());
                for (span, n) in &long {
                    self.error(span, crate::toml_msg::overlong_message(*n));
                }
                long.is_empty().then_some(t)
            }
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                self.error_hint(
                    &span,
                    crate::toml_msg::italian(e.message()),
                    "controllare virgolette, parentesi e il segno = intorno a questo punto",
                );
                None
            }
        }
    }

    pub fn finish(mut self) -> Diagnostics {
        self.diags
            .0
            .sort_by_key(|d| (d.location.line, d.location.column));
        self.diags
    }
}

/// A table being read: remembers which keys were used, so the rest can be
/// reported as unknown.
pub(crate) struct Table<'t, 'a> {
    pub table: &'t DeTable<'a>,
    /// Span of the table itself (its header, or the inline table).
    pub span: Range<usize>,
    /// Where a key of this table is, e.g. "in [scadenze]", "nel file delle regole".
    pub place: String,
    used: Vec<String>,
}

impl<'t, 'a> Table<'t, 'a> {
    pub fn new(table: &'t DeTable<'a>, span: Range<usize>, name: impl Into<String>) -> Self {
        let name: String = name.into();
        // "[x]" reads "in [x]"; a file reads "nel file …".
        let place = if name.starts_with('[') {
            format!("in {name}")
        } else {
            format!("nel {name}")
        };
        Table {
            table,
            span,
            place,
            used: Vec::new(),
        }
    }

    pub fn get(&mut self, key: &str) -> Option<&'t Spanned<DeValue<'a>>> {
        // A key read twice (a section checked, then read) is listed once
        // among the allowed ones.
        if !self.used.iter().any(|u| u == key) {
            self.used.push(key.to_string());
        }
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    /// Reports every key not read, with the list of the allowed ones.
    pub fn finish(&self, doc: &mut Doc<'_>) {
        for (k, _) in self.table.iter() {
            let key: &str = k.get_ref().as_ref();
            if !self.used.iter().any(|u| u == key) {
                let allowed = self
                    .used
                    .iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                doc.error_hint(
                    &k.span(),
                    format!("chiave sconosciuta `{key}` {}", self.place),
                    &format!("le chiavi ammesse sono: {allowed}"),
                );
            }
        }
    }

    /// A required key: reports it missing at the table.
    pub fn required(&mut self, doc: &mut Doc<'_>, key: &str) -> Option<&'t Spanned<DeValue<'a>>> {
        let v = self.get(key);
        if v.is_none() {
            doc.error_hint(
                &self.span,
                format!("manca la chiave `{key}` {}", self.place),
                &format!("aggiungere `{key} = …`"),
            );
        }
        v
    }
}

pub(crate) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "un testo",
        DeValue::Integer(_) => "un numero intero",
        DeValue::Float(_) => "un numero",
        DeValue::Boolean(_) => "un valore vero/falso",
        DeValue::Datetime(_) => "una data",
        DeValue::Array(_) => "un elenco",
        DeValue::Table(_) => "una tabella",
    }
}

/// A number (integer or float).
pub(crate) fn number(doc: &mut Doc<'_>, v: &Spanned<DeValue<'_>>, key: &str) -> Option<f64> {
    let n = match v.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|x| x as f64),
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        DeValue::String(_) => {
            doc.error_hint(
                &v.span(),
                format!("`{key}` deve essere un numero, non un testo"),
                "scrivere il numero senza virgolette, con il punto per i decimali (es. 3.5, oppure -3.5 se negativo)",
            );
            return None;
        }
        other => {
            doc.error(
                &v.span(),
                format!("`{key}` deve essere un numero, non {}", type_name(other)),
            );
            return None;
        }
    };
    match n {
        Some(x) if x.is_finite() => Some(x),
        _ => {
            doc.error(&v.span(), format!("`{key}`: numero non valido"));
            None
        }
    }
}

/// A percentage written 0–100 in the file, returned as a fraction.
pub(crate) fn percent(doc: &mut Doc<'_>, v: &Spanned<DeValue<'_>>, key: &str) -> Option<f64> {
    let x = number(doc, v, key)?;
    if !(0.0..=100.0).contains(&x) {
        doc.error_hint(
            &v.span(),
            format!(
                "`{key}` = {} è fuori dall'intervallo 0–100",
                crate::italian::number(x, 2)
            ),
            "le percentuali si scrivono da 0 a 100 (es. 80 per 80%)",
        );
        return None;
    }
    Some(x / 100.0)
}

pub(crate) fn boolean(doc: &mut Doc<'_>, v: &Spanned<DeValue<'_>>, key: &str) -> Option<bool> {
    match v.get_ref() {
        DeValue::Boolean(b) => Some(*b),
        other => {
            doc.error_hint(
                &v.span(),
                format!("`{key}` deve essere true o false, non {}", type_name(other)),
                "scrivere `true` (sì) oppure `false` (no), senza virgolette",
            );
            None
        }
    }
}

pub(crate) fn string<'v>(
    doc: &mut Doc<'_>,
    v: &'v Spanned<DeValue<'_>>,
    key: &str,
) -> Option<&'v str> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.as_ref()),
        other => {
            doc.error(
                &v.span(),
                format!(
                    "`{key}` deve essere un testo tra virgolette, non {}",
                    type_name(other)
                ),
            );
            None
        }
    }
}

pub(crate) fn table<'v, 'a>(
    doc: &mut Doc<'_>,
    v: &'v Spanned<DeValue<'a>>,
    name: &str,
) -> Option<Table<'v, 'a>> {
    match v.get_ref() {
        DeValue::Table(t) => Some(Table::new(t, v.span(), name)),
        other => {
            doc.error(
                &v.span(),
                format!("{name} deve essere una tabella, non {}", type_name(other)),
            );
            None
        }
    }
}

/// A list of tables (`[[x]]` or `x = [{…}, …]`).
pub(crate) fn tables<'v, 'a>(
    doc: &mut Doc<'_>,
    v: &'v Spanned<DeValue<'a>>,
    name: &str,
) -> Vec<Table<'v, 'a>> {
    match v.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .filter_map(|item| table(doc, item, name))
            .collect(),
        other => {
            doc.error(
                &v.span(),
                format!(
                    "{name} deve essere un elenco di tabelle, non {}",
                    type_name(other)
                ),
            );
            Vec::new()
        }
    }
}

/// A date: a text «GG/MM/AAAA» (`italian::parse_dmy`: also «1/7/2023» and
/// «09.08.2024») or a TOML date without time. Anything else is an error at
/// the value, never passed over.
pub(crate) fn date(
    doc: &mut Doc<'_>,
    v: &Spanned<DeValue<'_>>,
    key: &str,
) -> Option<chrono::NaiveDate> {
    let d = match v.get_ref() {
        DeValue::String(s) => crate::italian::parse_dmy(s).ok(),
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => chrono::NaiveDate::from_ymd_opt(
                i32::from(d.year),
                u32::from(d.month),
                u32::from(d.day),
            ),
            _ => None,
        },
        _ => None,
    };
    if d.is_none() {
        let example = doc
            .example_year
            .map_or_else(|| "30/01/2023".to_string(), |y| format!("31/03/{y}"));
        doc.error_hint(
            &v.span(),
            format!("`{key}` non è una data valida"),
            &format!(
                "scrivere la data tra virgolette nella forma \"GG/MM/AAAA\", ad esempio \"{example}\""
            ),
        );
    }
    d
}

/// The value of a key of the file's top table, if written.
pub(crate) fn top_key<'v, 'a>(
    root: &'v Spanned<DeTable<'a>>,
    key: &str,
) -> Option<&'v Spanned<DeValue<'a>>> {
    root.get_ref()
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

/// A value with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Val<T> {
    pub v: T,
    pub at: Location,
}

/// Where a value was written.
pub(crate) fn at(doc: &Doc<'_>, v: &Spanned<DeValue<'_>>) -> Location {
    doc.location(v.span().start)
}

pub(crate) fn text_val(doc: &mut Doc<'_>, t: &mut Table<'_, '_>, key: &str) -> Option<Val<String>> {
    let v = t.get(key)?;
    let s = string(doc, v, key)?;
    Some(Val {
        v: s.to_string(),
        at: at(doc, v),
    })
}

/// A number, `None` when the key is absent; a value written but not a
/// finite number (`nan`, `inf`, a text) is reported here and kept as NaN,
/// so the checks do not call it missing too.
pub(crate) fn number_val(doc: &mut Doc<'_>, t: &mut Table<'_, '_>, key: &str) -> Option<Val<f64>> {
    let v = t.get(key)?;
    let x = number(doc, v, key).unwrap_or(f64::NAN);
    Some(Val {
        v: x,
        at: at(doc, v),
    })
}

pub(crate) fn date_val(
    doc: &mut Doc<'_>,
    t: &mut Table<'_, '_>,
    key: &str,
) -> Option<Val<chrono::NaiveDate>> {
    let v = t.get(key)?;
    let d = date(doc, v, key)?;
    Some(Val {
        v: d,
        at: at(doc, v),
    })
}

/// Reads the section `key` of a rules file (a table, named `name` in
/// messages) with `read`, which also gets the whole file (to check the
/// section against others); unknown keys of the section are reported.
/// `Ok(None)` when the file has no such section.
pub(crate) fn read_section<T>(
    text: &str,
    path: &Path,
    key: &str,
    name: &str,
    read: impl FnOnce(&mut Doc<'_>, &Spanned<DeTable<'_>>, &mut Table<'_, '_>) -> Option<T>,
) -> Result<Option<T>, Diagnostics> {
    let mut doc = Doc::new(path, text);
    let Some(root) = doc.parse() else {
        return Err(doc.finish());
    };
    let Some(v) = top_key(&root, key) else {
        return Ok(None);
    };
    let value = table(&mut doc, v, name).and_then(|mut t| {
        let value = read(&mut doc, &root, &mut t);
        t.finish(&mut doc);
        value
    });
    let diags = doc.finish();
    match value {
        Some(x) if !diags.has_errors() => Ok(Some(x)),
        _ => Err(diags),
    }
}
