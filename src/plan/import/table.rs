//! From the rows of the plan table to a [`Draft`]: objectives spanning
//! several rows (merged or left blank below), indicators, their
//! responsible units and weights, and targets, either typed in the
//! workbook's own columns or read from the livello atteso.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::IndicatorMeta;
use crate::vocab::Vocabulary;
use crate::workbook::cell_name;

use super::ImportOptions;
use super::draft::{DIndicator, DObjective, DTarget, Draft, YearText};
use super::header::{self, Role, Table};
use super::names::{STRATEGIC_SHEET, normalise};
use super::reader::{At, Reader, RespCells, label};
use super::sheet::{Book, Grid};
use super::side;
use super::typed::{INDICATOR_DETAILS, Typed};

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

impl Reader<'_> {
    /// The id of the strategic objective a cell names (by code or title).
    fn strategic_id(&mut self, a: &At) -> Option<String> {
        let text = a.text.trim();
        if let Some(s) = self
            .strategic
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(text) || normalise(&s.title) == normalise(text))
        {
            return Some(s.id.clone());
        }
        if self.strategic_fixed {
            let known: Vec<&str> = self.strategic.iter().map(|s| s.id.as_str()).collect();
            self.error(
                a,
                format!(
                    "obiettivo strategico «{text}» non presente nel foglio «{STRATEGIC_SHEET}» (sono: {})",
                    known.join(", ")
                ),
                format!("scrivere il codice di un obiettivo del foglio «{STRATEGIC_SHEET}», oppure aggiungerlo a quel foglio"),
            );
            return None;
        }
        let mut n = self.strategic.len() + 1;
        while self.strategic.iter().any(|s| s.id == format!("S{n}")) {
            n += 1;
        }
        let id = format!("S{n}");
        let cell = label(self.grid, a.row, a.col);
        self.strategic.push(DObjective::new(
            id.clone(),
            String::new(),
            text.to_string(),
            cell,
        ));
        Some(id)
    }

    pub(super) fn at(&self, row: usize, col: usize) -> Location {
        self.book.at(&self.grid.name, row, col)
    }

    pub(super) fn get(&self, row: usize, role: Role) -> Option<At> {
        let col = self.table.col(role)?;
        let cell = self.grid.cell(row, col)?;
        (!cell.text.is_empty()).then(|| At {
            text: cell.text.clone(),
            number: cell.number,
            row,
            col,
        })
    }

    pub(super) fn error(&mut self, a: &At, msg: impl Into<String>, hint: impl Into<String>) {
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

    /// Reads every row below the header.
    pub fn objectives(&mut self) -> Vec<DObjective> {
        let grid = self.grid;
        let mut out: Vec<DObjective> = Vec::new();
        let mut theme: Option<String> = None;
        // The Allegato H prints the first theme's name above the header
        // («Legalità», then «Obiettivo | Indicatore | …»): under a title,
        // that row is the theme of the objectives before the next one.
        let has_theme_col = self.table.col(Role::Theme).is_some();
        let above = title_rows(grid, &self.table);
        let mut first_theme = (!has_theme_col && !self.strategic_mode && above.len() >= 2)
            .then(|| self.table.header_row.checked_sub(1))
            .flatten()
            .and_then(|r| {
                let cells = grid.rows.get(r)?;
                let filled: Vec<&super::sheet::Cell> =
                    cells.iter().filter(|c| !c.text.is_empty()).collect();
                (filled.len() == 1).then(|| filled[0].text.clone())
            });
        let mut cur: Option<DObjective> = None;
        let mut cur_code: Option<String> = None;
        let mut resp_cells: Vec<RespCells> = Vec::new();
        let mut objective_row = 0;
        let mut ind_code: Option<String> = None;
        let structured = self.table.col(Role::TargetKind).is_some();
        // «Obiettivo | Fase | Peso | Inizio | Fine | Settore»: one row per
        // phase of the objective's one indicator; «Peso» is the phase's.
        let phases = !structured && self.table.col(Role::Phase).is_some();
        if !self.strategic_mode {
            self.learn_unit_words();
            self.unread_columns(phases);
        }
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
                && !self.strategic_mode
                && filled.len() == 1
                && !self.table.year_columns.iter().any(|(c, _)| *c == filled[0])
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
                let id = obj_code.as_ref().map_or_else(
                    || {
                        if self.strategic_mode {
                            format!("S{n}")
                        } else {
                            format!("OB{n:02}")
                        }
                    },
                    |c| c.text.clone(),
                );
                let first = obj_cell
                    .clone()
                    .or(obj_code.clone())
                    .expect("a new objective has a cell");
                if theme.is_none()
                    && let Some(name) = first_theme.take()
                {
                    theme = Some(self.theme_id(&name));
                }
                let theme_id = if self.strategic_mode {
                    Some(String::new())
                } else {
                    theme.clone()
                };
                let Some(theme_id) = theme_id else {
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
                // «13 – Inclusione sociale»: 13 is the objective's code.
                let (id, text) = match (&obj_code, leading_code(&text)) {
                    (None, Some((code, rest))) if !self.strategic_mode => {
                        let id = if code.chars().all(|c| c.is_ascii_digit()) {
                            format!("OB{code:0>2}")
                        } else {
                            format!("OB{code}")
                        };
                        (id, rest)
                    }
                    _ => (id, text),
                };
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
                let mut o = DObjective::new(id, theme_id, title, label(grid, row, first.col));
                o.description = description;
                o.funding = self.get(row, Role::Funding).map(|a| a.text);
                o.strategic = match self.get(row, Role::Strategic) {
                    Some(a) => self.strategic_id(&a),
                    None => None,
                };
                cur = Some(o);
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
            // A strategic objective may have no indicator: its row only
            // starts one when it says something about it.
            let says = code.is_some() || indicator.is_some() || expected.is_some();
            let new_indicator = (new_objective && (says || !self.strategic_mode))
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
                    baseline: None,
                    na_years: Vec::new(),
                    year_texts: Vec::new(),
                });
                self.indicator_details(row, obj.indicators.last_mut());
                ind_code = code.map(|c| c.text);
            } else if let Some(e) = &expected
                && let Some(ind) = obj.indicators.last_mut()
            {
                // A second livello atteso for the same indicator, not merged.
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
                if let Some(s) = self.get(row, Role::Strategic)
                    && !self.strategic.iter().any(|x| {
                        Some(&x.id) == obj.strategic.as_ref()
                            && (x.id.eq_ignore_ascii_case(s.text.trim())
                                || normalise(&x.title) == normalise(&s.text))
                    })
                {
                    late.push(s);
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
                if !t.is_empty() {
                    let note = format!("{heading} ({}): {t}", label(grid, row, c));
                    match obj.indicators.last_mut() {
                        Some(ind) => ind.notes.push(note),
                        None => obj.notes.push(note),
                    }
                }
            }
            for (c, year) in self.table.year_columns.clone() {
                let text = grid.text(row, c).trim();
                if text.is_empty() {
                    continue;
                }
                let yt = YearText {
                    year,
                    text: text.to_string(),
                    cell: cell_name(row as u32, c as u32),
                };
                match obj.indicators.last_mut() {
                    Some(ind) => ind.year_texts.push(yt),
                    None => {
                        let a = At {
                            text: yt.text,
                            number: None,
                            row,
                            col: c,
                        };
                        self.error(
                            &a,
                            format!("livello atteso del {year} senza indicatore"),
                            "scrivere nella stessa riga l'indicatore a cui appartiene",
                        );
                    }
                }
            }
            let resp = self.get(row, Role::Responsible);
            let weight = if phases {
                None
            } else {
                self.get(row, Role::Weight)
            };
            if let Some(h) = self.get(row, Role::Head) {
                self.unit_head(&h, resp.as_ref());
            }
            // A phase table repeats the unit on every phase: once is enough.
            let repeated = phases
                && resp.as_ref().is_some_and(|r| {
                    resp_cells
                        .iter()
                        .any(|c| c.resp.as_ref().is_some_and(|x| x.text == r.text))
                });
            if phases && let Some(name) = self.get(row, Role::Phase) {
                let phase = self.phase_target(row, &name);
                match (phase, cur.as_mut().and_then(|o| o.indicators.last_mut())) {
                    (Some(target), Some(ind)) => ind.targets.push(DTarget {
                        target,
                        year: None,
                        source: None,
                        check: None,
                    }),
                    (Some(_), None) => self.error(
                        &name,
                        "fase senza obiettivo",
                        "scrivere l'obiettivo nella colonna Obiettivo della prima riga",
                    ),
                    (None, _) => {}
                }
            }
            if !repeated && (resp.is_some() || weight.is_some()) {
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
                        ind.areas = Some(list);
                    } else {
                        ind.resp = Some(list);
                    }
                }
            }
            let year = self.get(row, Role::TargetYear);
            if let Some(kind) = self.get(row, Role::TargetKind) {
                let Some((exp, base)) = cur
                    .as_ref()
                    .and_then(|o| o.indicators.last())
                    .map(|i| (i.expected.clone(), i.baseline.as_ref().map(|b| b.value)))
                else {
                    self.error(
                        &kind,
                        "traguardo senza indicatore",
                        "scrivere nella stessa riga l'indicatore a cui il traguardo appartiene",
                    );
                    continue;
                };
                let year = match &year {
                    Some(a) => match self.target_year(a) {
                        Some(y) => (y != self.year).then_some(y),
                        None => continue,
                    },
                    None => None,
                };
                let typed =
                    self.structured_target(row, &kind, &exp, base, year.unwrap_or(self.year));
                if let Some(ind) = cur.as_mut().and_then(|o| o.indicators.last_mut()) {
                    match typed {
                        Some(Typed::Target(target)) => ind.targets.push(DTarget {
                            target,
                            year,
                            source: None,
                            check: None,
                        }),
                        Some(Typed::NotApplicable) => ind.na_years.push(year.unwrap_or(self.year)),
                        None => {}
                    }
                }
            } else if let Some(a) = year
                && a.number.is_none_or(|y| y != f64::from(self.year))
            {
                self.diags.push(
                    Diagnostic::warning(
                        self.at(a.row, a.col),
                        format!("l'anno «{}» non è stato letto: vale solo per un traguardo scritto nella colonna Tipo traguardo", a.text),
                    )
                    .with_hint("scegliere il Tipo traguardo della riga (con Valore o Data), oppure scrivere l'anno nel Livello atteso, es. «2026: almeno 10»"),
                );
            }
        }
        if let Some(o) = cur.take() {
            out.push(self.finish_objective(o, resp_cells, objective_row));
        }
        self.check_weights();
        out
    }
}

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

/// «13 – Inclusione sociale», «2.1 - Trasparenza»: a leading number and a
/// dash are the objective's code, the rest its title.
fn leading_code(title: &str) -> Option<(String, String)> {
    let end = title.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let code = title[..end].trim_end_matches('.');
    if code.is_empty() {
        return None;
    }
    let rest = title[end..]
        .trim_start()
        .strip_prefix(['-', '–', '—'])?
        .trim();
    (!rest.is_empty()).then(|| (code.to_string(), rest.to_string()))
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

/// The draft plan from the objectives' table and, when the workbook has
/// one, the strategic objectives' table.
pub fn draft(
    book: &Book,
    mut table: Table,
    strategic: Option<Table>,
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
        .or(year_in_title)
        // «Target 2025 | Target 2026 | Target 2027»: the first year's.
        .or_else(|| table.year_columns.iter().map(|(_, y)| *y).min());
    let Some(year) = year else {
        return Err(Diagnostic::error(
            Location::file(&book.path),
            "anno del piano non trovato: né nel foglio generale, né nel titolo, né come «AAAA:» nei livelli attesi",
        )
        .with_hint("indicarlo con --anno AAAA (quattro cifre): consuntivo piano importa FILE --anno AAAA")
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
        .unwrap_or_else(|| format!("Obiettivi di performance {year}"));
    let mut diags = Diagnostics::new();
    table.settle_years(year, book, &mut diags);
    let mut known = Vec::new();
    if let Some(mut st) = strategic {
        st.settle_years(year, book, &mut diags);
        let mut r = Reader::new(book, st, vocab, year, side);
        r.strategic_mode = true;
        known = r.objectives();
        diags.extend(r.diags);
    }
    let mut reader = Reader::new(book, table, vocab, year, side);
    reader.diags = diags;
    // An empty strategic sheet (as in the blank workbook) fixes nothing:
    // the «Obiettivo strategico» column then names them.
    reader.strategic_fixed = !known.is_empty();
    reader.strategic = known;
    let objectives = reader.objectives();
    reader.sort_units();
    if !reader.diags.has_errors() && objectives.is_empty() {
        reader.diags.push(
            Diagnostic::error(Location::file(&book.path), "la tabella del piano non contiene obiettivi")
                .with_hint("sotto la riga di intestazione serve almeno una riga con obiettivo, indicatore e livello atteso"),
        );
    }
    // The payment-times flag names an objective or an indicator of the
    // table: anything else is an error at its cell, never dropped.
    if let Some((code, at)) = &side.payment_times {
        let known = objectives
            .iter()
            .any(|o| &o.id == code || o.indicators.iter().any(|i| &i.id == code));
        if !known {
            reader.diags.push(
                Diagnostic::error(
                    at.clone(),
                    format!("«{code}» non è il codice di un obiettivo o di un indicatore della tabella"),
                )
                .with_hint("scrivere il codice dell'obiettivo (es. OB06) o dell'indicatore (es. OB06.1) sui tempi di pagamento, oppure lasciare vuota la riga"),
            );
        }
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
            document: side.document,
            adopted_by: side.adopted_by.clone(),
            payment_times: side.payment_times.as_ref().map(|(c, _)| c.clone()),
            source,
            units: reader.units,
            themes: reader.themes,
            strategic: reader.strategic,
            objectives,
        },
        reader.diags,
    ))
}
