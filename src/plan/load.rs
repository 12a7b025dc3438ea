//! Loading the plan from its TOML file (format: `docs/formato-piano.md`).
//!
//! The document is parsed into toml's spanned tree (`DeTable`) rather than
//! deserialised with serde: walking the tree by hand lets one pass report
//! every problem with its line and column instead of stopping at the first.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::*;
use crate::diag::{Diagnostic, Diagnostics, Location};

/// The reserved area name that stands for every Area with `in_tutte_le_aree`.
const ALL_AREAS: &str = "tutte";
/// The note given to responsibilities expanded from `area = "tutte"`.
pub const ALL_AREAS_NOTE: &str = "Tutte le Aree";

const TOP_KEYS: &[&str] = &["piano", "ente", "area", "ambito", "obiettivo"];
const PLAN_KEYS: &[&str] = &["anno", "titolo", "approvato_con"];
const ENTE_KEYS: &[&str] = &["nome", "provincia"];
const AREA_KEYS: &[&str] = &["id", "nome", "uffici", "responsabile", "in_tutte_le_aree"];
const THEME_KEYS: &[&str] = &["id", "nome"];
const OBJECTIVE_KEYS: &[&str] = &[
    "id",
    "ambito",
    "titolo",
    "descrizione",
    "responsabili",
    "finanziamento",
    "indicatore",
];
const INDICATOR_KEYS: &[&str] = &[
    "id",
    "descrizione",
    "livello_atteso",
    "condizione",
    "aree",
    "responsabili",
    "traguardi",
];
const RESP_KEYS: &[&str] = &["area", "peso", "nota"];
const TARGET_KINDS: &[&str] = &[
    "scadenza",
    "minimo",
    "massimo",
    "percentuale",
    "si_no",
    "qualitativo",
];

/// Reads and validates a plan file.
pub fn load(path: &Path) -> Result<Plan, Diagnostics> {
    let bytes = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "il file non esiste".to_string(),
            std::io::ErrorKind::PermissionDenied => "permesso negato".to_string(),
            _ => format!("errore di lettura ({e})"),
        };
        Diagnostics::from(Diagnostic::error(
            Location::file(path),
            format!("impossibile leggere il piano: {why}"),
        ))
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => parse(&text, path),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or("");
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostic::error(
                Location::line_col(path, line, column),
                "il file non è in codifica UTF-8",
            )
            .with_hint("salvare il file come testo UTF-8")
            .into())
        }
    }
}

/// Parses and validates the text of a plan; `path` is only used to locate
/// the problems. Every problem found is returned, sorted by position.
pub fn parse(text: &str, path: &Path) -> Result<Plan, Diagnostics> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let mut cx = Ctx::new(text, bom, path);
    let (root, errors) = DeTable::parse_recoverable(body);
    if !errors.is_empty() {
        // After a syntax error the recovered tree may lack whole entries, and
        // checking it would report problems that do not exist.
        for e in &errors {
            let span = e.span().unwrap_or(0..0);
            cx.error(span, syntax_message(e.message()));
        }
        return Err(cx.finish());
    }
    let root = Tab {
        t: root.get_ref(),
        span: 0..0,
        name: "al primo livello del file".to_string(),
    };
    let plan = cx.plan(&root);
    let diags = cx.finish();
    match plan {
        Some(plan) if !diags.has_errors() => Ok(plan),
        _ => Err(diags),
    }
}

/// A table of the document and how messages name it.
struct Tab<'t, 'i> {
    t: &'t DeTable<'i>,
    span: Range<usize>,
    name: String,
}

impl<'t, 'i> Tab<'t, 'i> {
    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.t.get(key)
    }
}

/// An area as written in a `responsabili` or `aree` list.
#[derive(Clone)]
enum AreaRef {
    All,
    One(AreaId),
}

/// The weight of an entry of `responsabili`, before we know whether a
/// missing one is allowed.
#[derive(Clone, Copy)]
enum Weight {
    Given(f64),
    Missing,
    Invalid,
}

struct RawResp {
    area: AreaRef,
    weight: Weight,
    note: Option<String>,
    span: Range<usize>,
    area_span: Range<usize>,
}

struct AreaInfo {
    id: AreaId,
    in_all: bool,
}

struct Ctx<'a> {
    src: &'a str,
    /// Byte offset of the parsed text in `src` (a UTF-8 byte order mark).
    shift: usize,
    path: &'a Path,
    line_starts: Vec<usize>,
    diags: Vec<(usize, Diagnostic)>,
    areas: Vec<AreaInfo>,
    year: Option<i32>,
}

impl<'a> Ctx<'a> {
    fn new(src: &'a str, shift: usize, path: &'a Path) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Ctx {
            src,
            shift,
            path,
            line_starts,
            diags: Vec::new(),
            areas: Vec::new(),
            year: None,
        }
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = (offset + self.shift).min(self.src.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = match self.src.get(start..offset) {
            Some(s) => s.chars().count(),
            None => offset - start,
        };
        (line, column + 1)
    }

    fn loc(&self, offset: usize) -> Location {
        let (line, column) = self.line_col(offset);
        Location::line_col(self.path, line, column)
    }

    fn push(&mut self, span: Range<usize>, d: Diagnostic) {
        self.diags.push((span.start, d));
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let d = Diagnostic::error(self.loc(span.start), message);
        self.push(span, d);
    }

    fn error_hint(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = Diagnostic::error(self.loc(span.start), message).with_hint(hint);
        self.push(span, d);
    }

    fn finish(mut self) -> Diagnostics {
        self.diags.sort_by_key(|(offset, _)| *offset);
        Diagnostics(self.diags.into_iter().map(|(_, d)| d).collect())
    }

    // ---- generic readers -------------------------------------------------

    fn check_keys(&mut self, tab: &Tab, allowed: &[&str]) {
        for (key, _) in tab.t.iter() {
            let name: &str = key.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            let message = format!(
                "chiave sconosciuta `{name}` {}: le chiavi ammesse sono {}",
                tab.name,
                allowed.join(", ")
            );
            match closest(name, allowed) {
                Some(s) => {
                    self.error_hint(key.span(), message, format!("forse si intendeva `{s}`?"))
                }
                None => self.error(key.span(), message),
            }
        }
    }

    fn required<'t, 'i>(
        &mut self,
        tab: &Tab<'t, 'i>,
        key: &str,
    ) -> Option<&'t Spanned<DeValue<'i>>> {
        let v = tab.get(key);
        if v.is_none() {
            self.error(tab.span.clone(), format!("manca `{key}` {}", tab.name));
        }
        v
    }

    fn string(&mut self, v: &Spanned<DeValue>, key: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.error(
                    v.span(),
                    format!(
                        "`{key}` deve essere un testo tra virgolette, non {}",
                        type_name(other)
                    ),
                );
                None
            }
        }
    }

    fn required_string(&mut self, tab: &Tab, key: &str) -> Option<(String, Range<usize>)> {
        let v = self.required(tab, key)?;
        let s = self.string(v, key)?;
        if s.trim().is_empty() {
            self.error(v.span(), format!("`{key}` non può essere vuoto"));
            return None;
        }
        Some((s, v.span()))
    }

    /// An optional text; an empty one counts as absent.
    fn optional_string(&mut self, tab: &Tab, key: &str) -> Option<String> {
        let v = tab.get(key)?;
        self.string(v, key).filter(|s| !s.trim().is_empty())
    }

    fn optional_bool(&mut self, tab: &Tab, key: &str) -> Option<bool> {
        let v = tab.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.error_hint(
                    v.span(),
                    format!("`{key}` deve essere true o false, non {}", type_name(other)),
                    format!("scrivere `{key} = true` oppure `{key} = false`, senza virgolette"),
                );
                None
            }
        }
    }

    fn number(&mut self, v: &Spanned<DeValue>, key: &str) -> Option<f64> {
        let x = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::String(s) => {
                let message = format!("`{key}` deve essere un numero, non un testo");
                if s.trim().replace(',', ".").parse::<f64>().is_ok() {
                    let plain = s.trim().replace(',', ".");
                    self.error_hint(
                        v.span(),
                        message,
                        format!(
                            "scrivere `{key} = {plain}`, senza virgolette e con il punto decimale"
                        ),
                    );
                } else {
                    self.error(v.span(), message);
                }
                return None;
            }
            other => {
                self.error(
                    v.span(),
                    format!("`{key}` deve essere un numero, non {}", type_name(other)),
                );
                return None;
            }
        };
        match x {
            Some(x) if x.is_finite() => Some(x),
            _ => {
                self.error(v.span(), format!("`{key}` deve essere un numero finito"));
                None
            }
        }
    }

    fn non_negative(&mut self, v: &Spanned<DeValue>, key: &str) -> Option<f64> {
        let x = self.number(v, key)?;
        if x < 0.0 {
            self.error(
                v.span(),
                format!(
                    "`{key}` non può essere negativo ({})",
                    crate::italian::number(x, 6)
                ),
            );
            return None;
        }
        Some(x)
    }

    /// The tables of a list (`[[name]]` sections or an inline list of `{ … }`).
    fn tables<'t, 'i>(
        &mut self,
        v: &'t Spanned<DeValue<'i>>,
        key: &str,
        name: &str,
    ) -> Vec<Tab<'t, 'i>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error_hint(
                v.span(),
                format!(
                    "`{key}` deve essere una lista, non {}",
                    type_name(v.get_ref())
                ),
                format!("scrivere ogni elemento in una sezione [[{key}]]"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push(Tab {
                    t,
                    span: item.span(),
                    name: name.to_string(),
                }),
                other => self.error(
                    item.span(),
                    format!(
                        "ogni elemento di `{key}` deve essere una tabella {{ … }}, non {}",
                        type_name(other)
                    ),
                ),
            }
        }
        out
    }

    fn string_list(&mut self, v: &Spanned<DeValue>, key: &str) -> Vec<(String, Range<usize>)> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error_hint(
                v.span(),
                format!(
                    "`{key}` deve essere una lista, non {}",
                    type_name(v.get_ref())
                ),
                format!("scrivere `{key} = [\"…\", \"…\"]`"),
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.string(item, key).map(|s| (s, item.span())))
            .collect()
    }

    // ---- the plan ------------------------------------------------------

    fn section<'t, 'i>(&mut self, root: &Tab<'t, 'i>, key: &str) -> Option<Tab<'t, 'i>> {
        let Some(v) = root.get(key) else {
            self.error_hint(
                0..0,
                format!("manca la sezione [{key}]"),
                format!("aggiungere la sezione [{key}]"),
            );
            return None;
        };
        match v.get_ref() {
            DeValue::Table(t) => Some(Tab {
                t,
                span: v.span(),
                name: format!("in [{key}]"),
            }),
            other => {
                self.error(
                    v.span(),
                    format!(
                        "`{key}` deve essere una sezione [{key}], non {}",
                        type_name(other)
                    ),
                );
                None
            }
        }
    }

    fn list_section<'t, 'i>(
        &mut self,
        root: &Tab<'t, 'i>,
        key: &str,
        what: &str,
    ) -> Vec<Tab<'t, 'i>> {
        let Some(v) = root.get(key) else {
            self.error_hint(
                0..0,
                format!("il piano non ha {what}"),
                format!("aggiungere almeno una sezione [[{key}]]"),
            );
            return Vec::new();
        };
        let tabs = self.tables(v, key, &format!("in [[{key}]]"));
        if tabs.is_empty() && matches!(v.get_ref(), DeValue::Array(_)) {
            self.error(v.span(), format!("il piano non ha {what}"));
        }
        tabs
    }

    fn plan(&mut self, root: &Tab) -> Option<Plan> {
        self.check_keys(root, TOP_KEYS);

        let piano = self.section(root, "piano");
        let mut year = None;
        let mut title = None;
        let mut adopted_by = None;
        if let Some(p) = &piano {
            self.check_keys(p, PLAN_KEYS);
            if let Some(v) = self.required(p, "anno") {
                year = self.year_value(v);
            }
            title = self.required_string(p, "titolo").map(|(s, _)| s);
            adopted_by = self.optional_string(p, "approvato_con");
        }
        self.year = year;

        let ente = self.section(root, "ente").and_then(|e| {
            self.check_keys(&e, ENTE_KEYS);
            let name = self.required_string(&e, "nome").map(|(s, _)| s);
            let province = self.optional_string(&e, "provincia");
            name.map(|name| Ente { name, province })
        });

        let areas = self.areas(root);
        let themes = self.themes(root);

        let mut objectives = Vec::new();
        let mut objective_ids: HashMap<String, Range<usize>> = HashMap::new();
        let mut indicator_ids: HashMap<String, Range<usize>> = HashMap::new();
        for tab in self.list_section(root, "obiettivo", "obiettivi") {
            if let Some(o) = self.objective(&tab, &themes, &mut objective_ids, &mut indicator_ids) {
                objectives.push(o);
            }
        }

        Some(Plan {
            ente: ente?,
            year: year?,
            title: title?,
            adopted_by,
            areas,
            themes,
            objectives,
        })
    }

    fn year_value(&mut self, v: &Spanned<DeValue>) -> Option<i32> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        };
        match n {
            Some(n) if (1900..=2200).contains(&n) => Some(n as i32),
            _ => {
                self.error_hint(
                    v.span(),
                    "`anno` deve essere un anno, es. 2023",
                    "scrivere `anno = 2023`, senza virgolette",
                );
                None
            }
        }
    }

    fn duplicate(
        &mut self,
        seen: &mut HashMap<String, Range<usize>>,
        id: &str,
        span: Range<usize>,
        what: &str,
    ) {
        if let Some(first) = seen.get(id) {
            let (line, _) = self.line_col(first.start);
            self.error(
                span,
                format!("{what} «{id}» ripetuto: è già usato alla riga {line}"),
            );
        } else {
            seen.insert(id.to_string(), span);
        }
    }

    fn areas(&mut self, root: &Tab) -> Vec<Area> {
        let mut out = Vec::new();
        let mut seen = HashMap::new();
        let mut file_names: HashMap<String, (String, Range<usize>)> = HashMap::new();
        for tab in self.list_section(root, "area", "aree ([[area]])") {
            self.check_keys(&tab, AREA_KEYS);
            let id = self.required_string(&tab, "id");
            let name = self.required_string(&tab, "nome");
            let offices = match tab.get("uffici") {
                Some(v) => self
                    .string_list(v, "uffici")
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect(),
                None => Vec::new(),
            };
            let head = self.optional_string(&tab, "responsabile");
            let in_all = self.optional_bool(&tab, "in_tutte_le_aree").unwrap_or(true);
            let Some((id, id_span)) = id else { continue };
            if id.eq_ignore_ascii_case(ALL_AREAS) {
                self.error(
                    id_span,
                    format!("«{id}» non può essere l'id di un'area: è riservato per indicare tutte le aree"),
                );
                continue;
            }
            if seen.contains_key(&id) {
                self.duplicate(&mut seen, &id, id_span, "id di area");
                continue;
            }
            seen.insert(id.clone(), id_span);
            self.areas.push(AreaInfo {
                id: AreaId(id.clone()),
                in_all,
            });
            if let Some((name, name_span)) = name {
                // Each unit's form is a file named after it: two names that
                // give one file would overwrite each other.
                let key = crate::filename::collision_key(&name);
                if let Some((other, other_span)) = file_names.get(&key) {
                    let (line, _) = self.line_col(other_span.start);
                    self.error_hint(
                        name_span,
                        format!(
                            "il nome «{name}» dà lo stesso nome di file di «{other}» (riga {line}): i moduli si sovrascriverebbero"
                        ),
                        "dare alle unità nomi che differiscano per lettere o cifre, non solo per maiuscole, punteggiatura o spazi",
                    );
                    continue;
                }
                file_names.insert(key, (name.clone(), name_span));
                out.push(Area {
                    id: AreaId(id),
                    name,
                    offices,
                    head,
                });
            }
        }
        out
    }

    fn themes(&mut self, root: &Tab) -> Vec<Theme> {
        let mut out = Vec::new();
        let mut seen = HashMap::new();
        let Some(v) = root.get("ambito") else {
            self.error_hint(
                0..0,
                "il piano non ha ambiti strategici",
                "aggiungere almeno una sezione [[ambito]]",
            );
            return out;
        };
        for tab in self.tables(v, "ambito", "in [[ambito]]") {
            self.check_keys(&tab, THEME_KEYS);
            let id = self.required_string(&tab, "id");
            let name = self.required_string(&tab, "nome");
            let Some((id, span)) = id else { continue };
            if seen.contains_key(&id) {
                self.duplicate(&mut seen, &id, span, "id di ambito");
                continue;
            }
            seen.insert(id.clone(), span);
            if let Some((name, _)) = name {
                out.push(Theme {
                    id: ThemeId(id),
                    name,
                });
            }
        }
        out
    }

    fn known_area_ids(&self) -> String {
        self.areas
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn area_ref(&mut self, name: &str, span: Range<usize>) -> Option<AreaRef> {
        if name.eq_ignore_ascii_case(ALL_AREAS) {
            return Some(AreaRef::All);
        }
        if let Some(a) = self.areas.iter().find(|a| a.id.as_str() == name) {
            return Some(AreaRef::One(a.id.clone()));
        }
        let message = if self.areas.is_empty() {
            format!("area «{name}» sconosciuta: il piano non definisce aree ([[area]])")
        } else {
            format!(
                "area «{name}» sconosciuta: le aree definite sono {} (oppure «tutte»)",
                self.known_area_ids()
            )
        };
        let ids: Vec<&str> = self.areas.iter().map(|a| a.id.as_str()).collect();
        match closest(name, &ids) {
            Some(s) => {
                let hint = format!("forse si intendeva «{s}»?");
                self.error_hint(span, message, hint)
            }
            None => self.error(span, message),
        }
        None
    }

    /// Rejects "tutte" mixed with explicit areas and an area listed twice.
    fn check_area_list(&mut self, refs: &[(AreaRef, Range<usize>)], key: &str) -> bool {
        let mut ok = true;
        let has_all = refs.iter().any(|(r, _)| matches!(r, AreaRef::All));
        let has_one = refs.iter().any(|(r, _)| matches!(r, AreaRef::One(_)));
        if has_all && has_one {
            let span = refs
                .iter()
                .find(|(r, _)| matches!(r, AreaRef::All))
                .map(|(_, s)| s.clone())
                .unwrap_or(0..0);
            self.error_hint(
                span,
                format!("in `{key}` «tutte» non può stare insieme ad altre aree"),
                "indicare «tutte» da solo, oppure elencare le aree una per una",
            );
            ok = false;
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut all_seen = false;
        for (r, span) in refs {
            let repeated = match r {
                AreaRef::All => std::mem::replace(&mut all_seen, true),
                AreaRef::One(id) => {
                    let dup = seen.contains(&id.as_str());
                    seen.push(id.as_str());
                    dup
                }
            };
            if repeated {
                let name = match r {
                    AreaRef::All => ALL_AREAS,
                    AreaRef::One(id) => id.as_str(),
                };
                self.error(
                    span.clone(),
                    format!("l'area «{name}» compare due volte in `{key}`"),
                );
                ok = false;
            }
        }
        ok
    }

    fn expand(&self, r: &AreaRef) -> Vec<AreaId> {
        match r {
            AreaRef::All => self
                .areas
                .iter()
                .filter(|a| a.in_all)
                .map(|a| a.id.clone())
                .collect(),
            AreaRef::One(id) => vec![id.clone()],
        }
    }

    fn responsibilities(&mut self, v: &Spanned<DeValue>, owner: &str) -> Option<Vec<RawResp>> {
        let tabs = self.tables(v, "responsabili", &format!("in un responsabile {owner}"));
        if !matches!(v.get_ref(), DeValue::Array(_)) {
            return None;
        }
        if tabs.is_empty() {
            self.error_hint(
                v.span(),
                "`responsabili` è vuoto",
                "indicare almeno un'area, es. { area = \"I\", peso = 5 }",
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for tab in &tabs {
            self.check_keys(tab, RESP_KEYS);
            let area = self.required_string(tab, "area");
            let weight = match tab.get("peso") {
                None => Weight::Missing,
                Some(pv) => match self.non_negative(pv, "peso") {
                    Some(x) => Weight::Given(x),
                    None => Weight::Invalid,
                },
            };
            let note = self.optional_string(tab, "nota");
            let Some((name, area_span)) = area else {
                ok = false;
                continue;
            };
            let Some(area) = self.area_ref(&name, area_span.clone()) else {
                ok = false;
                continue;
            };
            out.push(RawResp {
                area,
                weight,
                note,
                span: tab.span.clone(),
                area_span,
            });
        }
        let refs: Vec<(AreaRef, Range<usize>)> = out
            .iter()
            .map(|r| (r.area.clone(), r.area_span.clone()))
            .collect();
        ok &= self.check_area_list(&refs, "responsabili");
        ok.then_some(out)
    }

    fn objective(
        &mut self,
        tab: &Tab,
        themes: &[Theme],
        objective_ids: &mut HashMap<String, Range<usize>>,
        indicator_ids: &mut HashMap<String, Range<usize>>,
    ) -> Option<Objective> {
        self.check_keys(tab, OBJECTIVE_KEYS);
        let id = self.required_string(tab, "id");
        if let Some((id, span)) = &id {
            self.duplicate(objective_ids, id, span.clone(), "id di obiettivo");
        }
        let theme = self.required_string(tab, "ambito").and_then(|(t, span)| {
            if themes.iter().any(|th| th.id.as_str() == t) {
                Some(ThemeId(t))
            } else {
                let known: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
                let message = if known.is_empty() {
                    format!("ambito «{t}» sconosciuto: il piano non definisce ambiti ([[ambito]])")
                } else {
                    format!(
                        "ambito «{t}» sconosciuto: gli ambiti definiti sono {}",
                        known.join(", ")
                    )
                };
                match closest(&t, &known) {
                    Some(s) => self.error_hint(span, message, format!("forse si intendeva «{s}»?")),
                    None => self.error(span, message),
                }
                None
            }
        });
        let title = self.required_string(tab, "titolo").map(|(s, _)| s);
        let description = self.optional_string(tab, "descrizione");
        let funding = self.optional_string(tab, "finanziamento");
        let own = match &id {
            Some((id, _)) => format!("dell'obiettivo «{id}»"),
            None => "dell'obiettivo".to_string(),
        };
        let resp = tab
            .get("responsabili")
            .map(|v| self.responsibilities(v, &own));
        let obj_areas: Option<Vec<AreaId>> = match &resp {
            Some(Some(list)) => Some(list.iter().flat_map(|r| self.expand(&r.area)).collect()),
            _ => None,
        };

        let ind_tabs = match tab.get("indicatore") {
            Some(v) => self.tables(v, "indicatore", "in [[obiettivo.indicatore]]"),
            None => Vec::new(),
        };
        let obj_name = id.as_ref().map_or("", |(s, _)| s.as_str()).to_string();
        if ind_tabs.is_empty() {
            self.error_hint(
                tab.span.clone(),
                format!("l'obiettivo «{obj_name}» non ha indicatori"),
                "aggiungere almeno una sezione [[obiettivo.indicatore]] dopo l'obiettivo",
            );
        }
        let mut indicators = Vec::new();
        let mut ind_resps = Vec::new();
        let mut all_own_weights = !ind_tabs.is_empty();
        let mut ind_ok = true;
        for it in &ind_tabs {
            let (ind, own_resp) = self.indicator(
                it,
                &obj_name,
                resp.is_some(),
                obj_areas.as_deref(),
                indicator_ids,
            );
            all_own_weights &= own_resp.is_some();
            if let Some(r) = own_resp {
                ind_resps.push(r);
            }
            match ind {
                Some(i) => indicators.push(i),
                None => ind_ok = false,
            }
        }

        // A unit without weight is a project on other resources, which the
        // plan must say (`finanziamento`); at objective level the weights
        // may instead come from every indicator's own list.
        let missing_hint = "aggiungere `peso = …`, oppure `finanziamento = \"…\"` all'obiettivo se è finanziato a parte";
        if funding.is_none() {
            if let Some(Some(list)) = &resp
                && !all_own_weights
            {
                for r in list.iter().filter(|r| matches!(r.weight, Weight::Missing)) {
                    let name = area_ref_name(&r.area);
                    self.error_hint(
                        r.span.clone(),
                        format!("manca `peso` per l'area «{name}»"),
                        missing_hint,
                    );
                }
            }
            for list in &ind_resps {
                for r in list.iter().filter(|r| matches!(r.weight, Weight::Missing)) {
                    let name = area_ref_name(&r.area);
                    self.error_hint(
                        r.span.clone(),
                        format!("manca `peso` per l'area «{name}»"),
                        missing_hint,
                    );
                }
            }
        }

        let areas = match resp {
            Some(Some(list)) => self.to_responsibilities(&list),
            Some(None) => return None,
            None => Vec::new(),
        };
        if !ind_ok {
            return None;
        }
        Some(Objective {
            id: ObjectiveId(id?.0),
            theme: theme?,
            title: title?,
            description,
            areas,
            funding,
            indicators,
        })
    }

    fn to_responsibilities(&self, list: &[RawResp]) -> Vec<Responsibility> {
        let mut out = Vec::new();
        for r in list {
            let weight = match r.weight {
                Weight::Given(x) => Some(x),
                _ => None,
            };
            let note = match (&r.area, &r.note) {
                (AreaRef::All, Some(n)) => Some(format!("{ALL_AREAS_NOTE} ({n})")),
                (AreaRef::All, None) => Some(ALL_AREAS_NOTE.to_string()),
                (AreaRef::One(_), n) => n.clone(),
            };
            for area in self.expand(&r.area) {
                out.push(Responsibility {
                    area,
                    weight,
                    note: note.clone(),
                });
            }
        }
        out
    }

    /// The indicator, and its own `responsabili` list when it has one
    /// (whose missing weights the objective checks).
    fn indicator(
        &mut self,
        tab: &Tab,
        objective: &str,
        objective_has_resp: bool,
        objective_areas: Option<&[AreaId]>,
        indicator_ids: &mut HashMap<String, Range<usize>>,
    ) -> (Option<Indicator>, Option<Vec<RawResp>>) {
        self.check_keys(tab, INDICATOR_KEYS);
        let id = self.required_string(tab, "id");
        if let Some((id, span)) = &id {
            self.duplicate(indicator_ids, id, span.clone(), "id di indicatore");
        }
        let description = self.required_string(tab, "descrizione").map(|(s, _)| s);
        let expected = self.required_string(tab, "livello_atteso").map(|(s, _)| s);
        let condition = self.optional_string(tab, "condizione");
        let ind_name = id.as_ref().map_or("", |(s, _)| s.as_str()).to_string();
        let mut ok = true;

        let aree = tab.get("aree");
        let resp_v = tab.get("responsabili");
        if let (Some(_), Some(r)) = (aree, resp_v) {
            self.error_hint(
                r.span(),
                format!("l'indicatore «{ind_name}» ha sia `aree` sia `responsabili`"),
                "usare `aree` per restringere le aree dell'obiettivo, oppure `responsabili` con i pesi propri dell'indicatore, non entrambi",
            );
            ok = false;
        }
        let mut areas = None;
        let mut own = None;
        if let Some(v) = aree {
            if !objective_has_resp {
                self.error_hint(
                    v.span(),
                    format!("`aree` restringe i responsabili dell'obiettivo «{objective}», che però non ne indica"),
                    "usare `responsabili = [{ area = \"…\", peso = … }]` nell'indicatore",
                );
                ok = false;
            }
            let names = self.string_list(v, "aree");
            if names.is_empty() && matches!(v.get_ref(), DeValue::Array(_)) {
                self.error(v.span(), "`aree` è vuoto: indicare almeno un'area");
                ok = false;
            }
            let mut refs = Vec::new();
            for (name, span) in names {
                match self.area_ref(&name, span.clone()) {
                    Some(r) => refs.push((r, span)),
                    None => ok = false,
                }
            }
            ok &= self.check_area_list(&refs, "aree");
            ok &= self.check_subset(refs.iter().map(|(r, s)| (r, s)), objective, objective_areas);
            let mut list = Vec::new();
            for (r, _) in &refs {
                for area in self.expand(r) {
                    list.push(Responsibility {
                        area,
                        weight: None,
                        note: matches!(r, AreaRef::All).then(|| ALL_AREAS_NOTE.to_string()),
                    });
                }
            }
            areas = Some(list);
        } else if let Some(v) = resp_v {
            let own_name = format!("dell'indicatore «{ind_name}»");
            match self.responsibilities(v, &own_name) {
                Some(list) => {
                    ok &= self.check_subset(
                        list.iter().map(|r| (&r.area, &r.area_span)),
                        objective,
                        objective_areas,
                    );
                    areas = Some(self.to_responsibilities(&list));
                    own = Some(list);
                }
                None => ok = false,
            }
        } else if !objective_has_resp {
            self.error_hint(
                tab.span.clone(),
                format!(
                    "l'indicatore «{ind_name}» non ha responsabili, e l'obiettivo «{objective}» non ne indica"
                ),
                "aggiungere `responsabili` all'obiettivo oppure a ogni suo indicatore",
            );
            ok = false;
        }

        let targets = self.targets(tab, &ind_name);
        let indicator = match (id, description, expected, targets, ok) {
            (Some((id, _)), Some(description), Some(expected), Some(targets), true) => {
                Some(Indicator {
                    id: IndicatorId(id),
                    description,
                    expected,
                    targets,
                    condition,
                    areas,
                })
            }
            _ => None,
        };
        (indicator, own)
    }

    /// The indicator's list narrows the objective's: every area must be one of it.
    fn check_subset<'r>(
        &mut self,
        refs: impl Iterator<Item = (&'r AreaRef, &'r Range<usize>)>,
        objective: &str,
        objective_areas: Option<&[AreaId]>,
    ) -> bool {
        let Some(allowed) = objective_areas else {
            return true;
        };
        let mut ok = true;
        for (r, span) in refs {
            for area in self.expand(r) {
                if !allowed.contains(&area) {
                    self.error_hint(
                        span.clone(),
                        format!("l'area «{area}» non è tra i responsabili dell'obiettivo «{objective}»"),
                        "un indicatore può solo restringere l'elenco dei responsabili del suo obiettivo",
                    );
                    ok = false;
                }
            }
        }
        ok
    }

    fn targets(&mut self, tab: &Tab, indicator: &str) -> Option<Vec<Target>> {
        let Some(v) = tab.get("traguardi") else {
            self.error_hint(
                tab.span.clone(),
                format!("l'indicatore «{indicator}» non ha `traguardi`"),
                "aggiungere `traguardi = [{ tipo = \"…\", … }]` con almeno un traguardo misurabile",
            );
            return None;
        };
        let tabs = self.tables(v, "traguardi", "in un traguardo");
        if !matches!(v.get_ref(), DeValue::Array(_)) {
            return None;
        }
        if tabs.is_empty() {
            self.error_hint(
                v.span(),
                format!("l'indicatore «{indicator}» non ha traguardi: `traguardi` è vuoto"),
                "aggiungere almeno un traguardo, es. { tipo = \"scadenza\", data = \"31/12/2023\" }",
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for t in &tabs {
            match self.target(t) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn target(&mut self, tab: &Tab) -> Option<Target> {
        let (kind, kind_span) = self.required_string(tab, "tipo")?;
        let fields: &[&str] = match kind.as_str() {
            "scadenza" => &["tipo", "data", "spostabile", "nota"],
            "minimo" => &["tipo", "valore", "unita"],
            "massimo" => &["tipo", "valore", "unita", "stretto"],
            "percentuale" => &["tipo", "valore", "di"],
            "si_no" => &["tipo", "cosa"],
            "qualitativo" => &["tipo", "criterio"],
            other => {
                let message = format!(
                    "tipo di traguardo «{other}» sconosciuto: i tipi ammessi sono {}",
                    TARGET_KINDS.join(", ")
                );
                match closest(other, TARGET_KINDS) {
                    Some(s) => {
                        self.error_hint(kind_span, message, format!("forse si intendeva «{s}»?"))
                    }
                    None => self.error(kind_span, message),
                }
                return None;
            }
        };
        let tab = Tab {
            t: tab.t,
            span: tab.span.clone(),
            name: format!("in un traguardo «{kind}»"),
        };
        self.check_keys(&tab, fields);
        match kind.as_str() {
            "scadenza" => {
                let movable = self.optional_string(&tab, "spostabile");
                let note = self.optional_string(&tab, "nota");
                let v = self.required(&tab, "data")?;
                let date = self.date(v)?;
                if let Some(year) = self.year
                    && date.year() != year
                    && movable.is_none()
                    && note.is_none()
                {
                    self.error_hint(
                        v.span(),
                        format!(
                            "la scadenza {} è fuori dall'anno del piano ({year})",
                            crate::italian::date_short(date)
                        ),
                        "aggiungere `nota = \"…\"` che spieghi perché (es. obiettivo pluriennale), oppure `spostabile = \"…\"`",
                    );
                    return None;
                }
                Some(Target::Deadline {
                    date,
                    movable,
                    note,
                })
            }
            "minimo" | "massimo" => {
                let value = self
                    .required(&tab, "valore")
                    .and_then(|v| self.non_negative(v, "valore"));
                let unit = self.required_string(&tab, "unita").map(|(s, _)| s);
                let strict = self.optional_bool(&tab, "stretto");
                let (value, unit) = (value?, unit?);
                Some(if kind == "minimo" {
                    Target::Minimum { value, unit }
                } else {
                    Target::Maximum {
                        value,
                        unit,
                        strict: strict.unwrap_or(false),
                    }
                })
            }
            "percentuale" => {
                let value = self.required(&tab, "valore").and_then(|v| {
                    let x = self.number(v, "valore")?;
                    if !(0.0..=100.0).contains(&x) {
                        self.error(
                            v.span(),
                            format!(
                                "la percentuale {} è fuori dall'intervallo 0–100",
                                crate::italian::number(x, 6)
                            ),
                        );
                        return None;
                    }
                    Some(x)
                });
                let of = self.required_string(&tab, "di").map(|(s, _)| s);
                Some(Target::Percentage {
                    value: value?,
                    of: of?,
                })
            }
            "si_no" => {
                let what = self.required_string(&tab, "cosa")?.0;
                Some(Target::YesNo { what })
            }
            _ => {
                let criterion = self.required_string(&tab, "criterio")?.0;
                Some(Target::Qualitative { criterion })
            }
        }
    }

    fn date(&mut self, v: &Spanned<DeValue>) -> Option<NaiveDate> {
        match v.get_ref() {
            DeValue::String(s) => match parse_date(s) {
                Ok(d) => Some(d),
                Err(DateError::Impossible) => {
                    self.error(v.span(), format!("«{s}» non è una data valida"));
                    None
                }
                Err(DateError::Format) => {
                    self.error_hint(
                        v.span(),
                        format!("«{s}» non è una data nel formato gg/mm/aaaa"),
                        "scrivere la data come \"31/12/2023\"",
                    );
                    None
                }
            },
            DeValue::Datetime(dt) => {
                let date = match (dt.date, dt.time, dt.offset) {
                    (Some(d), None, None) => NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    ),
                    _ => None,
                };
                if date.is_none() {
                    self.error_hint(
                        v.span(),
                        format!("«{dt}» non è una data senza orario"),
                        "scrivere la data come \"31/12/2023\"",
                    );
                }
                date
            }
            other => {
                self.error_hint(
                    v.span(),
                    format!("`data` deve essere una data, non {}", type_name(other)),
                    "scrivere la data come \"31/12/2023\"",
                );
                None
            }
        }
    }
}

fn area_ref_name(r: &AreaRef) -> &str {
    match r {
        AreaRef::All => ALL_AREAS,
        AreaRef::One(id) => id.as_str(),
    }
}

#[derive(Debug, PartialEq)]
enum DateError {
    Format,
    Impossible,
}

/// "31/12/2023" or "1/7/2023".
fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let parts: Vec<&str> = s.trim().split('/').collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(DateError::Format);
    };
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(d, 1, 2) || !digits(m, 1, 2) || !digits(y, 4, 4) {
        return Err(DateError::Format);
    }
    let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) else {
        return Err(DateError::Format);
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::Impossible)
}

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "un testo",
        DeValue::Integer(_) => "un numero intero",
        DeValue::Float(_) => "un numero",
        DeValue::Boolean(_) => "un valore true/false",
        DeValue::Datetime(_) => "una data",
        DeValue::Array(_) => "una lista",
        DeValue::Table(_) => "una tabella",
    }
}

/// The allowed name nearest to a misspelt one, if it is near enough.
fn closest<'s>(name: &str, allowed: &[&'s str]) -> Option<&'s str> {
    let lower = name.to_lowercase();
    allowed
        .iter()
        .map(|a| (edit_distance(&lower, &a.to_lowercase()), *a))
        .filter(|(d, a)| *a != name && *d <= if a.chars().count() <= 3 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// toml's syntax messages, in Italian.
fn syntax_message(message: &str) -> String {
    let (description, expected) = match message.split_once(", expected ") {
        Some((d, e)) => (d, Some(e)),
        None => (message, None),
    };
    let it = match description {
        "duplicate key" => "chiave ripetuta".to_string(),
        "missing assignment between key-value pairs" => {
            "manca `=` tra la chiave e il valore".to_string()
        }
        "extra assignment between key-value pairs" | "extra `=`" | "unexpected `=` in array" => {
            "`=` di troppo".to_string()
        }
        "string values must be quoted" => "i testi vanno scritti tra virgolette".to_string(),
        "invalid basic string" => {
            "testo tra virgolette non valido (virgolette non chiuse?)".to_string()
        }
        "invalid multi-line basic string" => "testo su più righe non valido".to_string(),
        "missing comma between array elements" => {
            "manca una virgola tra gli elementi della lista".to_string()
        }
        "missing comma between key-value pairs" => {
            "manca una virgola tra le coppie chiave = valore".to_string()
        }
        "extra comma in array" | "extra comma in inline table" => "virgola di troppo".to_string(),
        "unclosed array" => "lista non chiusa: manca `]`".to_string(),
        "unclosed inline table" => "tabella non chiusa: manca `}`".to_string(),
        "unclosed table" => "intestazione di sezione non chiusa: manca `]`".to_string(),
        "unclosed array table" => "intestazione di sezione non chiusa: manca `]]`".to_string(),
        "missing value" | "missing value for key" | "key with no value" => {
            "manca il valore".to_string()
        }
        "invalid value" => "valore non valido".to_string(),
        "invalid key-value pair" => "coppia chiave = valore non valida".to_string(),
        "invalid unquoted key" => "nome di chiave non valido".to_string(),
        "unquoted keys cannot be empty" => "nome di chiave vuoto".to_string(),
        "unexpected key or value" | "unexpected content" => "contenuto inatteso".to_string(),
        "unexpected content between comment and newline" | "invalid comment character" => {
            "carattere non ammesso in un commento".to_string()
        }
        "missing comment start" => "manca `#` all'inizio del commento".to_string(),
        "unexpected leading zero" => "zero iniziale non ammesso in un numero".to_string(),
        "missing escaped value" => "sequenza `\\` incompleta".to_string(),
        "carriage return must be followed by newline" => "ritorno a capo non valido".to_string(),
        "missing key for inline table element" => {
            "manca la chiave in un elemento della tabella".to_string()
        }
        "missing opening quote" => "manca la virgoletta di apertura".to_string(),
        "missing table open" | "missing inline table opening" | "missing array opening" => {
            "manca la parentesi di apertura".to_string()
        }
        "recursion limit" | "cannot recurse further; max recursion depth met" => {
            "struttura annidata troppo in profondità".to_string()
        }
        "invalid date" => "data non valida".to_string(),
        "invalid time" => "orario non valido".to_string(),
        "invalid datetime" => "data e ora non valide".to_string(),
        d if d.starts_with("cannot extend value of type") => {
            "impossibile aggiungere chiavi a un valore già definito".to_string()
        }
        d => format!("errore non riconosciuto ({d})"),
    };
    let mut out = format!("sintassi TOML non valida: {it}");
    // "manca `]`" already says what is expected.
    if let Some(e) = expected.filter(|_| !it.contains("manca")) {
        let items: Vec<String> = e.split(", ").map(expected_item).collect();
        out.push_str(&format!(" (atteso: {})", items.join(", ")));
    }
    out
}

fn expected_item(item: &str) -> String {
    let words = [
        ("newline", "fine riga"),
        ("nothing", "nulla"),
        ("literal string", "testo tra apici"),
        ("multi-line basic string", "testo su più righe"),
        ("basic string", "testo tra virgolette"),
        ("key", "una chiave"),
        ("value", "un valore"),
        ("digits", "cifre"),
        ("numbers", "cifre"),
        ("letters", "lettere"),
        ("characters", "caratteri"),
        ("etc", "altro"),
    ];
    if let Some((_, it)) = words.iter().find(|(en, _)| *en == item) {
        return it.to_string();
    }
    // "day between 01 and 28" and similar, from date parsing.
    item.replace(" between ", " tra ")
        .replace(" and ", " e ")
        .replace("hours", "ore")
        .replace("minutes", "minuti")
        .replace("day", "giorno")
        .replace("month", "mese")
        .replace("hour", "ora")
        .replace("minute", "minuto")
        .replace("second", "secondo")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_italian_form() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_date("31/12/2023"), Ok(d(2023, 12, 31)));
        assert_eq!(parse_date("1/7/2023"), Ok(d(2023, 7, 1)));
        assert_eq!(parse_date("31/02/2023"), Err(DateError::Impossible));
        assert_eq!(parse_date("29/02/2024"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("2023-12-31"), Err(DateError::Format));
        assert_eq!(parse_date("31/12/23"), Err(DateError::Format));
        assert_eq!(parse_date("+1/12/2023"), Err(DateError::Format));
        assert_eq!(parse_date(""), Err(DateError::Format));
    }

    #[test]
    fn nearest_names() {
        assert_eq!(closest("pesi", RESP_KEYS), Some("peso"));
        assert_eq!(closest("zzz", RESP_KEYS), None);
        assert_eq!(closest("Scadenza", TARGET_KINDS), Some("scadenza"));
        assert_eq!(closest("scadenze", TARGET_KINDS), Some("scadenza"));
    }

    #[test]
    fn syntax_messages_are_italian() {
        assert_eq!(
            syntax_message("invalid basic string, expected `\"`"),
            "sintassi TOML non valida: testo tra virgolette non valido (virgolette non chiuse?) (atteso: `\"`)"
        );
        assert_eq!(
            syntax_message("invalid date, expected day between 01 and 28"),
            "sintassi TOML non valida: data non valida (atteso: giorno tra 01 e 28)"
        );
    }
}
