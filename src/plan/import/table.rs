//! From the rows of the plan table to a [`Draft`]: objectives spanning
//! several rows (merged or left blank below), indicators, their
//! responsible units and weights, and targets, either typed in the
//! workbook's own columns or read from the livello atteso.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::forms::cell_name;
use crate::plan::{INDICATOR_SCOPES, INDICATOR_TYPES, IndicatorMeta, Target};
use crate::vocab::Vocabulary;

use super::draft::{DIndicator, DObjective, DResp, DTarget, Draft};
use super::header::{self, Role, Table, normalise};
use super::sheet::{Book, Grid};
use super::targets::parse_expected;
use super::units::{self, Named, Unit, Weights, Who};
use super::{ImportOptions, side};

/// A cell of the table with its location, for messages.
#[derive(Clone)]
struct At {
    text: String,
    number: Option<f64>,
    row: usize,
    col: usize,
}

/// The responsible and weight cells met inside one objective.
struct RespCells {
    row: usize,
    indicator: usize,
    resp: Option<At>,
    weight: Option<At>,
}

pub struct Reader<'a> {
    book: &'a Book,
    grid: &'a Grid,
    table: Table,
    vocab: &'a Vocabulary,
    year: i32,
    pub diags: Diagnostics,
    /// Units from the units sheet (fixed) or met in the table.
    pub units: Vec<Unit>,
    units_fixed: bool,
    pub themes: Vec<(String, String)>,
}

/// Sheet-relative label of a cell, "Obiettivi › J12", for TOML comments.
fn label(grid: &Grid, row: usize, col: usize) -> String {
    format!("{} › {}", grid.name, cell_name(row as u32, col as u32))
}

fn slug(name: &str) -> String {
    let folded = normalise(name);
    let mut s = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-');
    let short: String = s.split('-').take(4).collect::<Vec<_>>().join("-");
    if short.is_empty() {
        "ambito".to_string()
    } else {
        short
    }
}

fn roman_value(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let mut total = 0;
    let mut prev = 0;
    for c in s.chars().rev() {
        let v = match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    Some(total)
}

impl<'a> Reader<'a> {
    pub fn new(
        book: &'a Book,
        table: Table,
        vocab: &'a Vocabulary,
        year: i32,
        side: &side::Side,
    ) -> Self {
        let grid = &book.sheets[table.sheet];
        Reader {
            book,
            grid,
            table,
            vocab,
            year,
            diags: Diagnostics::new(),
            units_fixed: !side.units.is_empty(),
            units: side.units.clone(),
            themes: side.themes.clone(),
        }
    }

    fn at(&self, row: usize, col: usize) -> Location {
        self.book.at(&self.grid.name, row, col)
    }

    fn get(&self, row: usize, role: Role) -> Option<At> {
        let col = self.table.col(role)?;
        let cell = self.grid.cell(row, col)?;
        (!cell.text.is_empty()).then(|| At {
            text: cell.text.clone(),
            number: cell.number,
            row,
            col,
        })
    }

    fn error(&mut self, a: &At, msg: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::error(self.at(a.row, a.col), msg).with_hint(hint);
        self.diags.push(d);
    }

    fn theme_id(&mut self, name: &str) -> String {
        if let Some((id, _)) = self
            .themes
            .iter()
            .find(|(id, n)| normalise(n) == normalise(name) || normalise(id) == normalise(name))
        {
            return id.clone();
        }
        let base = slug(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.themes.iter().any(|(i, _)| *i == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.themes.push((id.clone(), name.to_string()));
        id
    }

    /// Resolves a unit id met in the table, registering it when the
    /// workbook has no units sheet.
    fn unit(&mut self, id: &str, a: &At) -> Option<String> {
        if let Some(u) = self.units.iter().find(|u| u.id.eq_ignore_ascii_case(id)) {
            return Some(u.id.clone());
        }
        if self.units_fixed {
            let known = self
                .units
                .iter()
                .map(|u| u.id.clone())
                .collect::<Vec<_>>()
                .join(", ");
            let plural = self.vocab.unit.plural.to_lowercase();
            self.error(
                a,
                format!("unità «{id}» non presente nel foglio delle {plural} (sono: {known})"),
                format!("aggiungere l'unità al foglio delle {plural}, oppure correggere la cella"),
            );
            return None;
        }
        let top = units::top_official_id(self.vocab);
        let name = if id == top {
            self.vocab.top_official.singular.clone()
        } else {
            format!("{} {id}", self.vocab.unit.singular)
        };
        self.units.push(Unit {
            id: id.to_string(),
            name,
            offices: Vec::new(),
            head: None,
            in_all: id != top,
        });
        Some(id.to_string())
    }

    /// Sorts units met in the table: top official first, then by numeral.
    pub fn sort_units(&mut self) {
        if self.units_fixed {
            return;
        }
        let top = units::top_official_id(self.vocab);
        self.units
            .sort_by_key(|u| (u.id != top, roman_value(&u.id).unwrap_or(u32::MAX)));
    }

    /// The units and weights of one "Responsabile/i" + "Peso" pair.
    fn responsibilities(
        &mut self,
        resp: Option<&At>,
        weight: Option<&At>,
    ) -> Option<(Vec<DResp>, Option<String>)> {
        let weights = match weight {
            None => Weights::None,
            Some(w) => match units::parse_weights(&w.text, w.number, self.vocab) {
                Ok(x) => x,
                Err(t) => {
                    let w = w.clone();
                    self.error(
                        &w,
                        format!("peso non riconosciuto: «{t}»"),
                        "scrivere un numero (es. 5 o 7,5), uno per riga come le unità, oppure «5 (Area I-II) 10 (Area III)»",
                    );
                    return None;
                }
            },
        };
        let Some(resp) = resp else {
            if let Some(w) = weight
                && !matches!(weights, Weights::None | Weights::Funding(_))
            {
                let w = w.clone();
                self.error(
                    &w,
                    "peso senza unità responsabile",
                    "indicare nella colonna Responsabile/i l'unità a cui va il peso",
                );
            }
            return Some((Vec::new(), None));
        };
        let mut lines: Vec<Vec<Named>> = Vec::new();
        let mut loose: Vec<String> = Vec::new();
        for line in resp.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match units::parse_line(line, self.vocab, &self.units) {
                Ok(named) => lines.push(named),
                Err(t) if !units::units_mentioned(&t, self.vocab).is_empty() => loose.push(t),
                Err(t) => {
                    let r = resp.clone();
                    let unit = self.vocab.unit.singular.clone();
                    let all = self.vocab.all_units();
                    let top = self.vocab.top_official.singular.clone();
                    self.error(
                        &r,
                        format!("unità responsabile non riconosciuta: «{t}»"),
                        format!("scrivere una unità per riga, ad esempio «{unit} III», «{unit} I-II», «{all}», «{top}», eventualmente seguita da « – nota»"),
                    );
                    return None;
                }
            }
        }
        let mut out: Vec<DResp> = Vec::new();
        let mut funding = None;
        let resolve = |this: &mut Self, n: &Named| -> Option<String> {
            match &n.who {
                Who::All => Some("tutte".to_string()),
                Who::Unit(id) => this.unit(id, resp),
            }
        };
        match weights {
            Weights::PerUnit(groups) => {
                for (w, ids) in groups {
                    for id in ids {
                        let area = self.unit(&id, weight.unwrap_or(resp))?;
                        let note = lines
                            .iter()
                            .flatten()
                            .find(|n| n.who == Who::Unit(id.clone()))
                            .and_then(|n| n.note.clone())
                            .or_else(|| {
                                loose
                                    .iter()
                                    .find(|l| units::units_mentioned(l, self.vocab).contains(&id))
                                    .cloned()
                            });
                        out.push(DResp {
                            area,
                            weight: Some(w),
                            note,
                        });
                    }
                }
                let order: Vec<String> = self.units.iter().map(|u| u.id.clone()).collect();
                out.sort_by_key(|r| order.iter().position(|o| *o == r.area));
                return Some((out, None));
            }
            Weights::PerLine(ws) => {
                if ws.len() != lines.len() {
                    let w = weight.unwrap_or(resp).clone();
                    self.error(
                        &w,
                        format!(
                            "{} pesi per {} righe di unità responsabili",
                            ws.len(),
                            lines.len()
                        ),
                        "scrivere un peso per ogni riga della colonna Responsabile/i, nello stesso ordine",
                    );
                    return None;
                }
                for (named, w) in lines.iter().zip(ws) {
                    for n in named {
                        let area = resolve(self, n)?;
                        out.push(DResp {
                            area,
                            weight: Some(w),
                            note: n.note.clone(),
                        });
                    }
                }
            }
            Weights::Single(_) | Weights::None | Weights::Funding(_) => {
                let w = match &weights {
                    Weights::Single(w) => Some(*w),
                    Weights::Funding(f) => {
                        funding = Some(f.clone());
                        None
                    }
                    _ => None,
                };
                for n in lines.iter().flatten() {
                    let area = resolve(self, n)?;
                    out.push(DResp {
                        area,
                        weight: w,
                        note: n.note.clone(),
                    });
                }
            }
        }
        // "Con il coordinamento dell'Area III" under a list: a note on that unit.
        for l in loose {
            for id in units::units_mentioned(&l, self.vocab) {
                if let Some(r) = out.iter_mut().find(|r| r.area == id) {
                    r.note = Some(match r.note.take() {
                        Some(n) => format!("{n}; {l}"),
                        None => l.clone(),
                    });
                } else {
                    let r = resp.clone();
                    self.error(
                        &r,
                        format!("«{l}» nomina un'unità che non è tra i responsabili della cella"),
                        "elencare l'unità su una riga propria con il suo peso",
                    );
                    return None;
                }
            }
        }
        if out.iter().any(|r| r.area == "tutte") && out.len() > 1 {
            let r = resp.clone();
            let all = self.vocab.all_units();
            let unit = self.vocab.unit.singular.clone();
            self.error(
                &r,
                format!("«{all}» insieme ad altre unità nella stessa cella"),
                format!("con pesi diversi per unità scrivere nel Peso, ad esempio, «5 ({unit} I-II) 10 ({unit} III)»"),
            );
            return None;
        }
        Some((out, funding))
    }

    /// A date cell, GG/MM/AAAA (or as a spreadsheet date).
    fn date(&mut self, d: &At) -> Option<NaiveDate> {
        let date = NaiveDate::parse_from_str(d.text.trim(), "%d/%m/%Y")
            .or_else(|_| NaiveDate::parse_from_str(d.text.trim(), "%Y-%m-%d"))
            .ok();
        if date.is_none() {
            self.error(
                d,
                format!("«{}» non è una data valida", d.text),
                "scrivere la data come GG/MM/AAAA, es. 30/06/2024",
            );
        }
        date
    }

    /// A number ≥ 0 in a cell, "80", "80%" or "7,5".
    fn number(&mut self, v: &At) -> Option<f64> {
        let n = v.number.or_else(|| {
            let t = v.text.trim().trim_end_matches('%').trim();
            let t = if t.contains(',') {
                t.replace('.', "").replace(',', ".")
            } else {
                t.to_string()
            };
            t.parse::<f64>().ok()
        });
        let n = n.filter(|n| n.is_finite() && *n >= 0.0);
        if n.is_none() {
            self.error(
                v,
                format!("«{}» non è un numero valido (≥ 0)", v.text),
                "scrivere un numero, es. 10 o 7,5",
            );
        }
        n
    }

    /// A word of `allowed` in a cell (the metadata dropdowns).
    fn one_of(&mut self, a: &At, allowed: &[&str]) -> Option<String> {
        let w = normalise(&a.text);
        let found = allowed.iter().find(|x| normalise(x) == w);
        if found.is_none() {
            self.error(
                a,
                format!("«{}» non è ammesso in questa colonna", a.text),
                format!("scrivere uno di: {}", allowed.join(", ")),
            );
        }
        found.map(|x| x.to_string())
    }

    /// The indicator's cells besides its targets (success level, lead
    /// unit, shared result, metadata), read on its first row.
    fn indicator_details(&mut self, row: usize, ind: Option<&mut DIndicator>) {
        let Some(ind) = ind else { return };
        if let Some(v) = self.get(row, Role::Success) {
            ind.success = self.number(&v).filter(|x| {
                let ok = *x > 0.0 && *x <= 100.0;
                if !ok {
                    self.error(
                        &v,
                        format!(
                            "il successo atteso {} è fuori dall'intervallo 1–100",
                            v.text
                        ),
                        "scrivere la percentuale che conta come pieno successo, es. 80",
                    );
                }
                ok
            });
        }
        if let Some(a) = self.get(row, Role::Lead) {
            let id = self
                .units
                .iter()
                .find(|u| normalise(&u.name) == normalise(&a.text))
                .map(|u| u.id.clone())
                .unwrap_or_else(|| a.text.trim().to_string());
            ind.lead = self.unit(&id, &a);
        }
        if let Some(a) = self.get(row, Role::Shared) {
            ind.shared = self.one_of(&a, &YES_NO).is_some_and(|w| w == YES_NO[0]);
        }
        let text = |this: &Self, role| this.get(row, role).map(|a| a.text);
        ind.meta.formula = text(self, Role::Formula);
        ind.meta.source = text(self, Role::DataSource);
        ind.meta.mission = text(self, Role::Mission);
        ind.meta.programme = text(self, Role::Programme);
        ind.meta.pnrr = text(self, Role::Pnrr);
        if let Some(a) = self.get(row, Role::IndicatorType) {
            ind.meta.kind = self.one_of(&a, INDICATOR_TYPES);
        }
        if let Some(a) = self.get(row, Role::Scope) {
            ind.meta.scope = self.one_of(&a, INDICATOR_SCOPES);
        }
        if let Some(a) = self.get(row, Role::Sdg) {
            for part in a
                .text
                .split([',', ';', ' '])
                .filter(|p| !p.trim().is_empty())
            {
                match part.trim().parse::<u8>() {
                    Ok(n) if (1..=17).contains(&n) => ind.meta.sdg.push(n),
                    _ => self.error(
                        &a,
                        format!("«{}» non è un obiettivo SDG (da 1 a 17)", part.trim()),
                        "scrivere i numeri degli SDG separati da virgole, es. 11, 12",
                    ),
                }
            }
        }
    }

    fn structured_target(&mut self, row: usize, kind: &At, expected: &str) -> Option<Target> {
        let text = self.get(row, Role::TargetText).map(|a| a.text);
        let value = self.get(row, Role::TargetValue);
        let need_value = |this: &mut Self| -> Option<f64> {
            let Some(v) = &value else {
                let k = kind.clone();
                this.error(
                    &k,
                    format!("il traguardo «{}» richiede un Valore", kind.text),
                    "scrivere il numero nella colonna Valore",
                );
                return None;
            };
            this.number(v)
        };
        let k = normalise(&kind.text);
        Some(match k.as_str() {
            "scadenza" => {
                let Some(d) = self.get(row, Role::TargetDate) else {
                    let k = kind.clone();
                    self.error(
                        &k,
                        "la scadenza richiede una Data",
                        "scrivere la data nella colonna Data, GG/MM/AAAA",
                    );
                    return None;
                };
                Target::Deadline {
                    date: self.date(&d)?,
                    movable: self.get(row, Role::Movable).map(|a| a.text),
                    note: self.get(row, Role::TargetNote).map(|a| a.text),
                }
            }
            "minimo" | "valore minimo" | "almeno" => Target::Minimum {
                value: need_value(self)?,
                unit: text.unwrap_or_default(),
            },
            "massimo" | "valore massimo" | "al massimo" => Target::Maximum {
                value: need_value(self)?,
                unit: text.unwrap_or_default(),
                strict: false,
            },
            "inferiore a" | "meno di" => Target::Maximum {
                value: need_value(self)?,
                unit: text.unwrap_or_default(),
                strict: true,
            },
            "percentuale" => {
                let v = need_value(self)?;
                if v > 100.0 {
                    let k = kind.clone();
                    self.error(
                        &k,
                        format!("la percentuale {v} è fuori dall'intervallo 0–100"),
                        "scrivere un valore da 0 a 100",
                    );
                    return None;
                }
                Target::Percentage {
                    value: v,
                    of: text.unwrap_or_default(),
                }
            }
            "si/no" | "si_no" | "sì/no" => Target::YesNo {
                what: text.unwrap_or_else(|| expected.to_string()),
            },
            "qualitativo" => Target::Qualitative {
                criterion: text.unwrap_or_else(|| expected.to_string()),
            },
            "fase" => {
                let Some(name) = text else {
                    let k = kind.clone();
                    self.error(
                        &k,
                        "la fase richiede un nome",
                        "scrivere il nome della fase nella colonna Descrizione traguardo",
                    );
                    return None;
                };
                let start = match self.get(row, Role::PhaseStart) {
                    Some(d) => Some(self.date(&d)?),
                    None => None,
                };
                let end = match self.get(row, Role::TargetDate) {
                    Some(d) => Some(self.date(&d)?),
                    None => None,
                };
                let weight = match value {
                    Some(_) => Some(need_value(self)?),
                    None => None,
                };
                Target::Phase {
                    name,
                    start,
                    end,
                    weight,
                }
            }
            _ => {
                let k = kind.clone();
                self.error(
                    &k,
                    format!("tipo di traguardo «{}» sconosciuto", kind.text),
                    format!("i tipi ammessi sono: {}", TARGET_KIND_WORDS.join(", ")),
                );
                return None;
            }
        })
    }

    /// Reads every row below the header.
    pub fn objectives(&mut self) -> Vec<DObjective> {
        let grid = self.grid;
        let mut out: Vec<DObjective> = Vec::new();
        let mut theme: Option<String> = None;
        let mut cur: Option<DObjective> = None;
        let mut cur_code: Option<String> = None;
        let mut resp_cells: Vec<RespCells> = Vec::new();
        let mut objective_row = 0;
        let mut ind_code: Option<String> = None;
        let has_theme_col = self.table.col(Role::Theme).is_some();
        let structured = self.table.col(Role::TargetKind).is_some();
        for row in self.table.header_row + 1..grid.rows.len() {
            let cells = &grid.rows[row];
            let filled: Vec<usize> = (0..cells.len())
                .filter(|c| !cells[*c].text.is_empty())
                .collect();
            if filled.is_empty() || header::is_header_row(grid, row, self.vocab) {
                continue;
            }
            let expected = self.get(row, Role::Expected);
            let indicator = self.get(row, Role::Indicator);
            if !has_theme_col
                && filled.len() == 1
                && expected.is_none()
                && indicator.is_none()
                && self.get(row, Role::Responsible).is_none()
                && self.get(row, Role::Weight).is_none()
            {
                let name = cells[filled[0]].text.clone();
                theme = Some(self.theme_id(&name));
                continue;
            }
            if let Some(t) = self.get(row, Role::Theme) {
                theme = Some(self.theme_id(&t.text));
            }
            let obj_cell = self.get(row, Role::Objective);
            let obj_code = self.get(row, Role::ObjectiveCode);
            let new_objective = obj_code
                .as_ref()
                .is_some_and(|c| Some(&c.text) != cur_code.as_ref())
                || (obj_code.is_none() && obj_cell.is_some());
            if new_objective {
                if let Some(o) = cur.take() {
                    out.push(self.finish_objective(
                        o,
                        std::mem::take(&mut resp_cells),
                        objective_row,
                    ));
                }
                let n = out.len() + 1;
                let id = obj_code
                    .as_ref()
                    .map_or_else(|| format!("OB{n:02}"), |c| c.text.clone());
                let first = obj_cell
                    .clone()
                    .or(obj_code.clone())
                    .expect("a new objective has a cell");
                let Some(theme_id) = theme.clone() else {
                    self.error(
                        &first,
                        "obiettivo senza ambito",
                        "aggiungere una colonna «Ambito», oppure una riga con il solo nome dell'ambito sopra i suoi obiettivi",
                    );
                    cur = None;
                    cur_code = obj_code.map(|c| c.text);
                    continue;
                };
                let text = obj_cell.as_ref().map_or(String::new(), |c| c.text.clone());
                let (title, description) = match self.get(row, Role::ObjectiveDescription) {
                    Some(d) => (text, Some(d.text)),
                    None if self.table.col(Role::ObjectiveDescription).is_some() => (text, None),
                    None => split_title(&text),
                };
                if title.is_empty() {
                    self.error(
                        &first,
                        "obiettivo senza titolo",
                        "scrivere il titolo nella colonna Obiettivo",
                    );
                }
                cur = Some(DObjective {
                    id,
                    theme: theme_id,
                    title,
                    description,
                    funding: self.get(row, Role::Funding).map(|a| a.text),
                    resp: Vec::new(),
                    indicators: Vec::new(),
                    cell: label(grid, row, first.col),
                    notes: Vec::new(),
                });
                cur_code = obj_code.map(|c| c.text);
                objective_row = row;
                ind_code = None;
            }
            let Some(obj) = cur.as_mut() else {
                if let Some(a) = expected.clone().or(indicator.clone()) {
                    self.error(
                        &a,
                        "indicatore senza obiettivo",
                        "scrivere l'obiettivo nella colonna Obiettivo della prima riga",
                    );
                }
                continue;
            };
            let code = self.get(row, Role::IndicatorCode);
            let new_indicator = new_objective
                || code
                    .as_ref()
                    .is_some_and(|c| Some(&c.text) != ind_code.as_ref())
                || (code.is_none() && indicator.is_some())
                || (code.is_none() && indicator.is_none() && expected.is_some() && !structured);
            if new_indicator {
                let n = obj.indicators.len() + 1;
                let id = code
                    .as_ref()
                    .map_or_else(|| format!("{}.{n}", obj.id), |c| c.text.clone());
                let anchor = indicator.clone().or(expected.clone()).or(code.clone());
                let description = indicator
                    .as_ref()
                    .map(|a| a.text.clone())
                    .unwrap_or_default();
                let cell = anchor
                    .as_ref()
                    .map_or_else(|| label(grid, row, 0), |a| label(grid, row, a.col));
                obj.indicators.push(DIndicator {
                    id,
                    description,
                    expected: expected
                        .as_ref()
                        .map(|a| a.text.clone())
                        .unwrap_or_default(),
                    condition: self.get(row, Role::Condition).map(|a| a.text),
                    areas: None,
                    resp: None,
                    targets: Vec::new(),
                    cell,
                    expected_cell: expected
                        .as_ref()
                        .map(|a| cell_name(a.row as u32, a.col as u32)),
                    notes: Vec::new(),
                    checks: Vec::new(),
                    success: None,
                    lead: None,
                    shared: false,
                    meta: IndicatorMeta::default(),
                });
                self.indicator_details(row, obj.indicators.last_mut());
                ind_code = code.map(|c| c.text);
            } else if let Some(e) = &expected {
                // A second livello atteso for the same indicator, not merged.
                let ind = obj
                    .indicators
                    .last_mut()
                    .expect("an objective starts with an indicator");
                if ind.expected.is_empty() {
                    ind.expected = e.text.clone();
                } else if ind.expected != e.text {
                    ind.expected = format!("{}\n{}", ind.expected, e.text);
                }
            }
            // Cells read only on an objective's or indicator's first row:
            // anything written further down is reported, not dropped.
            let mut late: Vec<At> = Vec::new();
            if !new_objective {
                for role in [Role::ObjectiveDescription, Role::Funding] {
                    late.extend(self.get(row, role));
                }
                if has_theme_col
                    && let Some(t) = self.get(row, Role::Theme)
                    && self.theme_id(&t.text) != obj.theme
                {
                    late.push(t);
                }
            }
            if !new_indicator {
                for role in [Role::Condition].iter().chain(&INDICATOR_DETAILS) {
                    late.extend(self.get(row, *role));
                }
            }
            for a in late {
                self.diags.push(
                    Diagnostic::warning(
                        self.at(a.row, a.col),
                        format!("«{}» non è stato letto: la cella non è nella prima riga del suo obiettivo o indicatore", a.text),
                    )
                    .with_hint("spostare il testo nella prima riga dell'obiettivo o dell'indicatore (o unire le celle)"),
                );
            }
            let Some(obj) = cur.as_mut() else { continue };
            let ind_index = obj.indicators.len().saturating_sub(1);
            for (c, heading) in self.table.extra.clone() {
                let t = grid.text(row, c);
                if !t.is_empty()
                    && let Some(ind) = obj.indicators.last_mut()
                {
                    ind.notes
                        .push(format!("{heading} ({}): {t}", label(grid, row, c)));
                }
            }
            let resp = self.get(row, Role::Responsible);
            let weight = self.get(row, Role::Weight);
            if resp.is_some() || weight.is_some() {
                resp_cells.push(RespCells {
                    row,
                    indicator: ind_index,
                    resp,
                    weight,
                });
            }
            let ind_resp = self.get(row, Role::IndicatorResponsible);
            let ind_weight = self.get(row, Role::IndicatorWeight);
            if ind_resp.is_some() || ind_weight.is_some() {
                let r = self.responsibilities(ind_resp.as_ref(), ind_weight.as_ref());
                let obj = cur.as_mut().expect("checked above");
                if let (Some((list, _)), Some(ind)) = (r, obj.indicators.last_mut()) {
                    if ind_weight.is_none() {
                        ind.areas = Some(list.into_iter().map(|r| r.area).collect());
                    } else {
                        ind.resp = Some(list);
                    }
                }
            }
            if let Some(kind) = self.get(row, Role::TargetKind) {
                let exp = cur
                    .as_ref()
                    .and_then(|o| o.indicators.last())
                    .map(|i| i.expected.clone())
                    .unwrap_or_default();
                if let Some(t) = self.structured_target(row, &kind, &exp)
                    && let Some(ind) = cur.as_mut().and_then(|o| o.indicators.last_mut())
                {
                    ind.targets.push(DTarget {
                        target: t,
                        source: None,
                        check: None,
                    });
                }
            }
        }
        if let Some(o) = cur.take() {
            out.push(self.finish_objective(o, resp_cells, objective_row));
        }
        out
    }

    fn finish_objective(
        &mut self,
        mut o: DObjective,
        cells: Vec<RespCells>,
        first_row: usize,
    ) -> DObjective {
        let objective_level = cells.len() == 1 && cells[0].row == first_row;
        if objective_level {
            let c = &cells[0];
            if let Some((list, funding)) = self.responsibilities(c.resp.as_ref(), c.weight.as_ref())
            {
                o.resp = list;
                if o.funding.is_none() {
                    o.funding = funding;
                }
            }
        } else {
            for c in &cells {
                if let Some((list, funding)) =
                    self.responsibilities(c.resp.as_ref(), c.weight.as_ref())
                {
                    if o.funding.is_none() {
                        o.funding = funding;
                    }
                    if let Some(ind) = o.indicators.get_mut(c.indicator) {
                        match &mut ind.resp {
                            Some(existing) => existing.extend(list),
                            None => ind.resp = Some(list),
                        }
                    }
                }
            }
        }
        // Targets from the livello atteso where the table did not type them.
        for ind in &mut o.indicators {
            if ind.description.is_empty() {
                ind.description = ind.expected.lines().next().unwrap_or("").to_string();
                ind.checks
                    .push("indicatore senza descrizione: usato il livello atteso".into());
            }
            if ind.expected.is_empty() && ind.targets.is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        Location {
                            file: Some(self.book.path.clone()),
                            sheet: Some(self.grid.name.clone()),
                            cell: ind.cell.rsplit(" › ").next().map(str::to_string),
                            ..Default::default()
                        },
                        format!("l'indicatore «{}» non ha un livello atteso", ind.description),
                    )
                    .with_hint("scrivere il livello atteso (es. «entro il 30/06/2024», «almeno 10 partecipanti»)"),
                );
                continue;
            }
            if !ind.targets.is_empty() {
                continue;
            }
            let parsed = parse_expected(&ind.expected, self.year, &ind.description);
            let cell = ind.expected_cell.clone().unwrap_or_default();
            if ind.condition.is_none() {
                ind.condition = parsed.condition;
            }
            for t in parsed.targets {
                ind.targets.push(DTarget {
                    target: t.target,
                    source: Some(format!("{cell}: «{}»", t.words.replace('\n', " "))),
                    check: t.check,
                });
            }
            for l in parsed.leftovers {
                ind.checks.push(format!(
                    "parole del livello atteso non tradotte in un traguardo: «{l}»"
                ));
            }
        }
        if o.indicators.is_empty() {
            let grid = self.grid;
            self.diags.push(
                Diagnostic::error(
                    self.at(first_row, 0),
                    format!("l'obiettivo «{}» non ha indicatori", o.title),
                )
                .with_hint(format!(
                    "scrivere almeno un indicatore nella colonna Indicatore ({})",
                    grid.name
                )),
            );
        }
        if o.resp.is_empty() && o.indicators.iter().any(|i| i.resp.is_none()) {
            self.diags.push(
                Diagnostic::error(
                    self.at(first_row, self.table.col(Role::Responsible).unwrap_or(0)),
                    format!("l'obiettivo «{}» non ha unità responsabili", o.title),
                )
                .with_hint(
                    "scrivere nella colonna Responsabile/i le unità e nella colonna Peso i pesi",
                ),
            );
        }
        let unweighted = o.resp.iter().all(|r| r.weight.is_none())
            && o.indicators
                .iter()
                .flat_map(|i| i.resp.iter().flatten())
                .all(|r| r.weight.is_none());
        if unweighted && o.funding.is_none() && !o.resp.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    self.at(first_row, self.table.col(Role::Weight).unwrap_or(0)),
                    format!("l'obiettivo «{}» non ha peso", o.title),
                )
                .with_hint("scrivere il peso nella colonna Peso; se l'obiettivo è finanziato con altre risorse, scriverne la fonte (es. «Da finanziarsi con risorse variabili»)"),
            );
        }
        o
    }
}

/// Kinds accepted in the "Tipo traguardo" column (also the dropdown).
pub const TARGET_KIND_WORDS: [&str; 8] = [
    "scadenza",
    "minimo",
    "massimo",
    "inferiore a",
    "percentuale",
    "sì/no",
    "qualitativo",
    "fase",
];

/// The "Risultato condiviso" column's words (also the dropdown).
pub const YES_NO: [&str; 2] = ["sì", "no"];

/// Columns read once per indicator, on its first row.
pub const INDICATOR_DETAILS: [Role; 11] = [
    Role::Success,
    Role::Lead,
    Role::Shared,
    Role::Formula,
    Role::DataSource,
    Role::IndicatorType,
    Role::Scope,
    Role::Mission,
    Role::Programme,
    Role::Pnrr,
    Role::Sdg,
];

/// The Obiettivo cell as the 2023 Allegato H writes it: "Titolo - descrizione".
fn split_title(text: &str) -> (String, Option<String>) {
    for sep in [" - ", " – "] {
        if let Some((t, d)) = text.split_once(sep) {
            let (t, d) = (t.trim(), d.trim());
            if !t.is_empty() && !d.is_empty() {
                return (t.to_string(), Some(d.to_string()));
            }
        }
    }
    (text.trim().to_string(), None)
}

/// Year of the plan: "2023:" prefixes of the livello atteso, most frequent first.
pub fn guess_year(grid: &Grid, table: &Table) -> Option<i32> {
    let col = table.col(Role::Expected)?;
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for row in table.header_row + 1..grid.rows.len() {
        for line in grid.text(row, col).lines() {
            let l = line.trim();
            if l.len() > 5
                && l.as_bytes()[4] == b':'
                && let Ok(y) = l[..4].parse::<i32>()
                && (1990..2200).contains(&y)
            {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, *y))
        .map(|(y, _)| y)
}

/// Texts above the header (title rows).
pub fn title_rows(grid: &Grid, table: &Table) -> Vec<String> {
    (0..table.header_row)
        .filter_map(|r| {
            grid.rows
                .get(r)?
                .iter()
                .find(|c| !c.text.is_empty())
                .map(|c| c.text.clone())
        })
        .collect()
}

pub fn draft(
    book: &Book,
    table: Table,
    vocab: &Vocabulary,
    options: &ImportOptions,
    side: &side::Side,
) -> Result<(Draft, Diagnostics), Diagnostics> {
    let grid = &book.sheets[table.sheet];
    let titles = title_rows(grid, &table);
    let year_in_title = titles.iter().find_map(|t| {
        t.split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .filter_map(|w| w.parse::<i32>().ok())
            .find(|y| (1990..2200).contains(y))
    });
    let year = options
        .year
        .or(side.year)
        .or_else(|| guess_year(grid, &table))
        .or(year_in_title);
    let Some(year) = year else {
        return Err(Diagnostic::error(
            Location::file(&book.path),
            "anno del piano non trovato (né «2024:» nei livelli attesi, né nel titolo)",
        )
        .with_hint("indicarlo con --anno, es. consuntivo piano importa FILE --anno 2024")
        .into());
    };
    let ente = options.ente.clone().or(side.ente.clone()).or_else(|| {
        titles.iter().find_map(|t| {
            let i = t.find("Comune di ")?;
            let name: String = t[i..]
                .split([',', '–', '-', '\n', ':'])
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            (name.len() > "Comune di ".len()).then_some(name)
        })
    });
    let Some(ente) = ente else {
        return Err(Diagnostic::error(
            Location::file(&book.path),
            "nome dell'ente non trovato nel file",
        )
        .with_hint(
            "indicarlo con --ente, es. consuntivo piano importa FILE --ente \"Comune di Esempio\"",
        )
        .into());
    };
    let title = side
        .title
        .clone()
        .or_else(|| titles.first().cloned())
        .unwrap_or_else(|| format!("Piano della performance {year}"));
    let mut reader = Reader::new(book, table, vocab, year, side);
    let objectives = reader.objectives();
    reader.sort_units();
    if !reader.diags.has_errors() && objectives.is_empty() {
        reader.diags.push(
            Diagnostic::error(Location::file(&book.path), "la tabella del piano non contiene obiettivi")
                .with_hint("sotto la riga di intestazione serve almeno una riga con obiettivo, indicatore e livello atteso"),
        );
    }
    if reader.diags.has_errors() {
        return Err(reader.diags);
    }
    let source = book
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok((
        Draft {
            year,
            title,
            ente,
            province: side.province.clone(),
            adopted_by: side.adopted_by.clone(),
            source,
            units: reader.units,
            themes: reader.themes,
            objectives,
        },
        reader.diags,
    ))
}
