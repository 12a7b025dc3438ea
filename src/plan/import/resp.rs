//! The "Responsabile/i" and "Peso" cells of the plan table: units met
//! in the table (or fixed by the units sheet) and their weights.

use super::draft::DResp;
use super::reader::{At, Reader};
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
}
