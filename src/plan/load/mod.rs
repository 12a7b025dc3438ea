//! Loading the plan from its TOML file (format: `docs/formato-piano.md`).
//!
//! The document is parsed into toml's spanned tree (`DeTable`) rather than
//! deserialised with serde: walking the tree by hand lets one pass report
//! every problem with its line and column instead of stopping at the first.

mod objectives;
mod shapes;
mod syntax;
mod targets;
mod units;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::*;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::vocab::Vocabulary;
use shapes::Loaded;
use syntax::{closest, syntax_message, type_name};
pub(crate) use targets::zero_base_message;

/// The reserved area name that stands for every Area with `in_tutte_le_aree`.
const ALL_AREAS: &str = "tutte";
/// The note given to responsibilities expanded from `area = "tutte"`.
pub const ALL_AREAS_NOTE: &str = "Tutte le Aree";

const TOP_KEYS: &[&str] = &["piano", "ente", "area", "ambito", "strategico", "obiettivo"];
const PLAN_KEYS: &[&str] = &["anno", "titolo", "documento", "approvato_con"];
const ENTE_KEYS: &[&str] = &["nome", "provincia"];
const AREA_KEYS: &[&str] = &[
    "id",
    "nome",
    "uffici",
    "responsabile",
    "in_tutte_le_aree",
    "vertice",
];
const THEME_KEYS: &[&str] = &["id", "nome"];
const OBJECTIVE_KEYS: &[&str] = &[
    "id",
    "ambito",
    "titolo",
    "descrizione",
    "responsabili",
    "finanziamento",
    "strategico",
    "indicatore",
    "tempi_pagamento",
];
const INDICATOR_KEYS: &[&str] = &[
    "id",
    "descrizione",
    "livello_atteso",
    "condizione",
    "aree",
    "responsabili",
    "traguardi",
    "base",
    "successo",
    "capofila",
    "risultato_condiviso",
    "tempi_pagamento",
    "formula",
    "fonte",
    "tipologia",
    "missione",
    "programma",
    "pnrr",
    "sdg",
    "dimensione",
];
const RESP_KEYS: &[&str] = &["area", "peso", "nota"];
const TARGET_KINDS: &[&str] = &[
    "scadenza",
    "minimo",
    "massimo",
    "percentuale",
    "si_no",
    "qualitativo",
    "aumento",
    "riduzione",
    "totale",
    "fase",
    "non_applicabile",
];

/// Reads and validates a plan file, its messages in the default words.
pub fn load(path: &Path) -> Result<Plan, Diagnostics> {
    load_in(path, &Vocabulary::default())
}

/// Reads and validates a plan file; its messages name the units in the
/// ente's own words («il Settore «II» compare due volte…»).
pub fn load_in(path: &Path, vocab: &Vocabulary) -> Result<Plan, Diagnostics> {
    let text = crate::input::read_text(path)
        .map_err(|e| Diagnostics::from(e.into_diagnostic(path, "il piano")))?;
    parse_in(&text, path, vocab)
}

/// Parses and validates the text of a plan; `path` is only used to locate
/// the problems. Every problem found is returned, sorted by position.
pub fn parse(text: &str, path: &Path) -> Result<Plan, Diagnostics> {
    parse_in(text, path, &Vocabulary::default())
}

/// [`parse`], its messages in the ente's words.
pub fn parse_in(text: &str, path: &Path, vocab: &Vocabulary) -> Result<Plan, Diagnostics> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let mut cx = Ctx::new(text, bom, path, vocab);
    let (root, errors) = DeTable::parse_recoverable(body);
    if !errors.is_empty() {
        // After a syntax error the recovered tree may lack whole entries, and
        // checking it would report problems that do not exist.
        // One syntax error is what to fix: the parser's recovery after it
        // produces hundreds of consequences (1,890 for one missing `]`).
        if let Some(e) = errors
            .iter()
            .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start))
        {
            let span = e.span().unwrap_or(0..0);
            cx.error(span, syntax_message(e.message()));
        }
        return Err(cx.finish());
    }
    let long = crate::toml_msg::overlong(root.get_ref());
    if !long.is_empty() {
        for (span, n) in long {
            cx.error(span, crate::toml_msg::overlong_message(n));
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
    /// Ids of the strategic objectives, to check `strategico` references.
    strategic_ids: Vec<String>,
    /// Whether any `responsabili` entry of the plan has a `peso`: a plan
    /// without any weight is valid (the SMVP decides), a plan with some
    /// must give them all.
    plan_has_weights: bool,
    /// The ente's words, for the units named in messages.
    vocab: &'a Vocabulary,
}

impl Ctx<'_> {
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
        let mut document = None;
        if let Some(p) = &piano {
            self.check_keys(p, PLAN_KEYS);
            if let Some(v) = self.required(p, "anno") {
                year = self.year_value(v);
            }
            // Known before the act, whose date hint is of the plan's year.
            self.year = year;
            title = self.required_string(p, "titolo").map(|(s, _)| s);
            adopted_by = self.optional_string(p, "approvato_con");
            if let (Some(act), Some(v)) = (&adopted_by, p.get("approvato_con")) {
                self.act_dates(act, v.span());
            }
            document = self.instrument(p, adopted_by.is_some());
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
        self.plan_has_weights = shapes::has_weights(root);
        let mut indicator_ids: HashMap<String, Range<usize>> = HashMap::new();
        let strategic = self.strategic(root, &mut indicator_ids);

        let mut objectives = Vec::new();
        let mut objective_ids: HashMap<String, Range<usize>> = HashMap::new();
        let mut payment_times: Option<String> = None;
        for tab in self.list_section(root, "obiettivo", "obiettivi") {
            if let Some(o) = self.objective(
                &tab,
                &themes,
                &mut objective_ids,
                &mut indicator_ids,
                &mut payment_times,
            ) {
                objectives.push(o);
            }
        }

        Some(Plan {
            ente: ente?,
            year: year?,
            title: title?,
            adopted_by,
            document,
            areas,
            themes,
            strategic,
            objectives,
        })
    }

    /// `documento`: the act the plan is part of. A resolution is the plan
    /// itself, so it needs its number and date in `approvato_con`.
    fn instrument(&mut self, p: &Tab, has_act: bool) -> Option<PlanInstrument> {
        let v = p.get("documento")?;
        let text = self.string(v, "documento")?;
        let Some(kind) = PlanInstrument::parse(&text) else {
            self.error_hint(
                v.span(),
                format!("`documento` = «{text}» non è un documento di programmazione riconosciuto"),
                format!(
                    "scrivere {}: il documento con cui l'ente ha adottato il piano (la sottosezione Performance del PIAO, il PEG con il piano dettagliato degli obiettivi, oppure una deliberazione della Giunta)",
                    crate::italian::or_list(&PlanInstrument::WRITTEN)
                ),
            );
            return None;
        };
        if kind == PlanInstrument::Delibera && !has_act {
            let example = self.year.map_or(2024, |y| y);
            self.error_hint(
                v.span(),
                "con `documento = \"delibera\"` il piano è la deliberazione stessa, ma manca `approvato_con`",
                format!(
                    "aggiungere in [piano] il numero e la data della deliberazione, es. approvato_con = \"deliberazione della Giunta comunale n. 12 del 30/01/{example}\""
                ),
            );
        }
        Some(kind)
    }

    /// "31/12/<anno del piano>", for the hints of date errors; the plan's
    /// year is read before its objectives.
    fn example_date(&self) -> String {
        match self.year {
            Some(y) => format!("31/12/{y}"),
            None => "GG/MM/AAAA".to_string(),
        }
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
                    "`anno` deve essere un anno di quattro cifre",
                    "scrivere l'anno del piano come numero, senza virgolette: `anno = AAAA`",
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
