//! The "Responsabile/i" and "Peso" cells of the plan table: units met
//! in the table (or fixed by the units sheet) and their weights.

use std::collections::BTreeSet;

use super::draft::DResp;
use super::header::Role;
use super::reader::{At, Reader};
use super::unit_words::{self, Candidate};
use super::units::{self, Named, Unit, Weights, Who};

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

impl Reader<'_> {
    /// Resolves a unit id met in the table, registering it when the
    /// workbook has no units sheet.
    pub(super) fn unit(&mut self, id: &str, a: &At) -> Option<String> {
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
            // Named like the top official: the plan's fallback finds it.
            top_official: false,
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
    pub(super) fn responsibilities(
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
                    let unit = &self.vocab.unit.singular;
                    let hint = format!(
                        "scrivere un numero (es. 5 o 7,5), uno per riga come le unità, oppure «5 ({unit} I-II) 10 ({unit} III)»"
                    );
                    self.error(&w, format!("peso non riconosciuto: «{t}»"), hint);
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
        let (lines, loose) = self.unit_lines(resp)?;
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
}

impl Reader<'_> {
    /// The words each unit is known by: its name and offices, and what the
    /// table writes after its numeral anywhere («Area III Finanziaria -
    /// Ufficio tributi»), so that «Area Finanziaria» elsewhere is found.
    /// Read before the rows, so the order of the rows does not matter.
    pub(super) fn learn_unit_words(&mut self) {
        let mut learned: Vec<(String, String)> = Vec::new();
        for u in &self.units {
            // «Area III Finanziaria» gives «Finanziaria».
            let own = units::strip_prefix_ci(&u.name, &self.vocab.unit.singular)
                .unwrap_or(&u.name)
                .trim_start();
            let own = match own.split_once(char::is_whitespace) {
                Some((first, rest)) if first.eq_ignore_ascii_case(&u.id) => rest,
                _ if own.eq_ignore_ascii_case(&u.id) => "",
                _ => own,
            };
            learned.push((u.id.clone(), own.to_string()));
            for o in &u.offices {
                learned.push((u.id.clone(), o.clone()));
            }
        }
        let cols: Vec<usize> = [Role::Responsible, Role::IndicatorResponsible]
            .iter()
            .filter_map(|r| self.table.col(*r))
            .collect();
        for row in self.table.header_row + 1..self.grid.rows.len() {
            for &c in &cols {
                // A unit line with what follows it up to the next unit line.
                let mut current: Option<(String, String)> = None;
                for line in self.grid.text(row, c).lines().map(str::trim) {
                    match units::parse_line(line, self.vocab, &self.units) {
                        Ok(named) => {
                            learned.extend(current.take());
                            if let [
                                Named {
                                    who: Who::Unit(id),
                                    note,
                                },
                            ] = named.as_slice()
                            {
                                current = Some((id.clone(), note.clone().unwrap_or_default()));
                            }
                        }
                        Err(_) => {
                            if let Some((_, phrase)) = current.as_mut() {
                                phrase.push(' ');
                                phrase.push_str(line);
                            }
                        }
                    }
                }
                learned.extend(current);
            }
        }
        for (id, phrase) in learned {
            self.unit_words
                .entry(id)
                .or_default()
                .extend(unit_words::words_of(&phrase));
        }
    }

    /// One line of a «Responsabile/i» cell as units: by numeral or name
    /// (`units::parse_line`), else by the words of a unit's name after the
    /// unit word («Area AAGG»). A doubtful match is kept with the reason.
    pub(super) fn line_units(&self, line: &str) -> Option<(Vec<Named>, Option<String>)> {
        if let Ok(named) = units::parse_line(line, self.vocab, &self.units) {
            return Some((named, None));
        }
        let rest = [&self.vocab.unit.singular, &self.vocab.unit.plural]
            .iter()
            .find_map(|w| units::strip_prefix_ci(line, w))?;
        // Units met so far, and those the table names by numeral further
        // down (learnt before the rows): «Area AAGG» may come first.
        let empty = BTreeSet::new();
        let later: Vec<(String, String)> = self
            .unit_words
            .keys()
            .filter(|id| !self.units.iter().any(|u| u.id == **id))
            .map(|id| (id.clone(), format!("{} {id}", self.vocab.unit.singular)))
            .collect();
        let candidates: Vec<Candidate> = self
            .units
            .iter()
            .map(|u| (u.id.as_str(), u.name.as_str()))
            .chain(later.iter().map(|(id, name)| (id.as_str(), name.as_str())))
            .map(|(id, name)| Candidate {
                id,
                name,
                words: self.unit_words.get(id).unwrap_or(&empty),
            })
            .collect();
        let m = unit_words::find(rest, &candidates)?;
        Some((
            vec![Named {
                who: Who::Unit(m.id),
                note: m.note,
            }],
            m.doubt,
        ))
    }

    /// The units of a «Responsabile/i» cell, one entry per unit line, and
    /// the lines that only mention a unit («Con il coordinamento
    /// dell'Area III»). Lines that name no unit continue the unit above
    /// (a cell typed as the printed plan wraps it: «Area I AA.GG.» /
    /// «Giuridico legale -»), and free text ending with a colon before the
    /// list («Le Aree coinvolte, …: Area AAGG …») is kept as a note. A
    /// doubtful match is marked `DA VERIFICARE` with the cell; a line that
    /// names no unit at all is an error.
    pub(super) fn unit_lines(&mut self, resp: &At) -> Option<(Vec<Vec<Named>>, Vec<String>)> {
        let cell = super::reader::label(self.grid, resp.row, resp.col);
        let mut text = resp.text.as_str();
        if let Some(i) = text.find(':') {
            let (before, after) = (&text[..i], &text[i + 1..]);
            let names_unit = |t: &str| t.lines().any(|l| self.line_units(l.trim()).is_some());
            if !names_unit(before) && names_unit(after) {
                let intro = before.split_whitespace().collect::<Vec<_>>().join(" ");
                self.pending_notes
                    .push(format!("{} ({cell}): {intro}:", self.resp_heading(resp)));
                text = after;
            }
        }
        let raw: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut lines: Vec<Vec<Named>> = Vec::new();
        let mut loose: Vec<String> = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            if let Some((named, doubt)) = self.line_units(raw[i]) {
                self.doubt(&cell, doubt);
                lines.push(named);
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < raw.len() && self.line_units(raw[j]).is_none() {
                j += 1;
            }
            let block = raw[i..j].join(" ");
            i = j;
            if let Some((named, doubt)) = self.line_units(&block) {
                // «Segretario» / «generale»: one name wrapped on two lines.
                self.doubt(&cell, doubt);
                lines.push(named);
            } else if !units::units_mentioned(&block, self.vocab).is_empty() {
                loose.push(block);
            } else if let Some(last) = lines.last_mut() {
                for n in last.iter_mut() {
                    n.note = Some(match n.note.take() {
                        // «urbanistica-» / «edilizia privata»: a word
                        // broken at its hyphen joins without a space.
                        Some(note) if joins_word(&note) => format!("{note}{block}"),
                        Some(note) => format!("{note} {block}"),
                        None => block.clone(),
                    });
                }
            } else {
                let unit = self.vocab.unit.singular.clone();
                let all = self.vocab.all_units();
                let top = self.vocab.top_official.singular.clone();
                self.error(
                    resp,
                    format!("unità responsabile non riconosciuta: «{block}»"),
                    format!("scrivere una unità per riga, ad esempio «{unit} III», «{unit} I-II», «{all}», «{top}», eventualmente seguita da « – nota»; un'unità scritta con il nome («{unit} Finanziaria») è riconosciuta se altrove nella tabella il nome segue il suo numero («{unit} III Finanziaria»)"),
                );
                return None;
            }
        }
        Some((lines, loose))
    }

    fn doubt(&mut self, cell: &str, doubt: Option<String>) {
        if let Some(why) = doubt {
            self.pending_checks
                .push((cell.to_string(), format!("unità responsabile: {why}")));
        }
    }

    /// The heading of the column a cell is in, for notes.
    fn resp_heading(&self, a: &At) -> String {
        self.grid.text(self.table.header_row, a.col).to_string()
    }
}

/// Whether a note ends with a hyphen glued to its word («urbanistica-»),
/// as a printed plan breaks a compound word at the end of a line.
fn joins_word(note: &str) -> bool {
    let mut end = note.chars().rev();
    end.next() == Some('-') && end.next().is_some_and(char::is_alphanumeric)
}
