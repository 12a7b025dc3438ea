//! The plan workbook's typed columns: targets written in their own
//! columns (kind, value, date…) and the indicator's details read on its
//! first row (success level, lead unit, shared result, metadata).

use chrono::NaiveDate;

use crate::plan::{Baseline, Change, INDICATOR_SCOPES, INDICATOR_TYPES, Target};

use super::draft::DIndicator;
use super::header::Role;
use super::names::normalise;
use super::reader::{At, Reader};

impl Reader<'_> {
    /// A date cell, GG/MM/AAAA (or as a spreadsheet date).
    pub(super) fn date(&mut self, d: &At) -> Option<NaiveDate> {
        let date = NaiveDate::parse_from_str(d.text.trim(), "%d/%m/%Y")
            .or_else(|_| NaiveDate::parse_from_str(d.text.trim(), "%Y-%m-%d"))
            .ok();
        if date.is_none() {
            self.error(
                d,
                format!("«{}» non è una data valida", d.text),
                format!("scrivere la data come GG/MM/AAAA, es. 30/06/{}", self.year),
            );
        }
        date
    }

    /// A number ≥ 0 in a cell, "80", "80%" or "7,5".
    pub(super) fn number(&mut self, v: &At) -> Option<f64> {
        let n = cell_number(v).filter(|n| *n >= 0.0);
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
    pub(super) fn one_of(&mut self, a: &At, allowed: &[&str]) -> Option<String> {
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
    pub(super) fn indicator_details(&mut self, row: usize, ind: Option<&mut DIndicator>) {
        let Some(ind) = ind else { return };
        ind.baseline = self.baseline(row);
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

    /// The Valore di partenza, its year and source, on an indicator's first row.
    fn baseline(&mut self, row: usize) -> Option<Baseline> {
        let value = self.get(row, Role::BaselineValue);
        let year = self.get(row, Role::BaselineYear);
        let source = self.get(row, Role::BaselineSource);
        let Some(v) = value else {
            if let Some(a) = year.or(source) {
                self.error(
                    &a,
                    "anno o fonte del valore di partenza senza il valore",
                    "scrivere il Valore di partenza nella stessa riga, oppure cancellare questa cella",
                );
            }
            return None;
        };
        let Some(value) = cell_number(&v) else {
            self.error(
                &v,
                format!("«{}» non è un numero", v.text),
                "scrivere il valore di partenza come numero, es. 2000 o 35,5",
            );
            return None;
        };
        let year = match &year {
            Some(a) => Some(self.target_year(a)?),
            None => self.table.baseline_year,
        };
        Some(Baseline {
            value,
            year,
            source: source.map(|a| a.text),
        })
    }

    /// A target year: a whole number, 1990–2199.
    pub(super) fn target_year(&mut self, a: &At) -> Option<i32> {
        let y = a
            .number
            .or_else(|| a.text.trim().parse::<f64>().ok())
            .filter(|y| y.fract() == 0.0 && (1990.0..2200.0).contains(y));
        if y.is_none() {
            self.error(
                a,
                format!("«{}» non è un anno", a.text),
                format!("scrivere l'anno con quattro cifre, es. {}", self.year + 1),
            );
        }
        y.map(|y| y as i32)
    }

    /// The target typed in a row's own columns, for `year`; `baseline` is
    /// the indicator's starting value, which relative targets need (those
    /// counted from the previous year's target take their starting value
    /// when the plan is loaded).
    pub(super) fn structured_target(
        &mut self,
        row: usize,
        kind: &At,
        expected: &str,
        baseline: Option<f64>,
        year: i32,
    ) -> Option<Typed> {
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
        if NOT_APPLICABLE_WORDS.contains(&k.as_str()) {
            return Some(Typed::NotApplicable);
        }
        if let Some(how) = further_change_kind(&k) {
            return Some(Typed::Target(Target::Change {
                from: 0.0,
                goal: 0.0,
                change: how(need_value(self)?),
                unit: text.unwrap_or_default(),
                previous: Some(year - 1),
            }));
        }
        if let Some(how) = change_kind(&k) {
            let amount = need_value(self)?;
            let Some(from) = baseline else {
                self.error(
                    kind,
                    format!(
                        "il traguardo «{}» si misura dal valore di partenza, che l'indicatore non indica",
                        kind.text
                    ),
                    "scrivere il Valore di partenza (e l'anno e la fonte) nella prima riga dell'indicatore",
                );
                return None;
            };
            let change = how(amount);
            if let Some(message) = crate::plan::load::zero_base_message(change, from) {
                self.error(
                    kind,
                    message,
                    "scegliere «aumento assoluto» o «riduzione assoluta» (Valore = la quantità) oppure «totale», o correggere il Valore di partenza",
                );
                return None;
            }
            let goal = change.goal(from);
            if goal < 0.0 {
                self.error(
                    kind,
                    format!(
                        "la riduzione porta sotto zero il valore di partenza ({})",
                        crate::italian::number(from, 6)
                    ),
                    "controllare il Valore del traguardo e il Valore di partenza",
                );
                return None;
            }
            return Some(Typed::Target(Target::Change {
                from,
                goal,
                change,
                unit: text.unwrap_or_default(),
                previous: None,
            }));
        }
        if matches!(
            k.as_str(),
            "aumento" | "incremento" | "riduzione" | "diminuzione" | "variazione"
        ) {
            self.error(
                kind,
                format!("«{}»: in percentuale o in valore assoluto?", kind.text),
                "scegliere «aumento %» o «riduzione %» (Valore = la percentuale), oppure «aumento assoluto» o «riduzione assoluta» (Valore = la quantità)",
            );
            return None;
        }
        Some(Typed::Target(match k.as_str() {
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
                let (start, end) = self.phase_dates(row)?;
                let weight = match value {
                    Some(_) => Some(need_value(self)?),
                    None => None,
                };
                Target::Phase {
                    name,
                    start,
                    end,
                    weight,
                    note: self.get(row, Role::TargetNote).map(|a| a.text),
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
        }))
    }
}

/// A cell's number: as the file stores it, or typed as text the Italian
/// way ("7,5", "2.000", "80%").
fn cell_number(v: &At) -> Option<f64> {
    let n = v.number.or_else(|| {
        let t = v.text.trim().trim_end_matches('%').trim();
        let thousands = t.split('.').count() > 1
            && t.split('.').skip(1).all(|g| g.len() == 3)
            && t.split('.')
                .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
        let t = if t.contains(',') || thousands {
            t.replace('.', "").replace(',', ".")
        } else {
            t.to_string()
        };
        t.parse::<f64>().ok()
    });
    n.filter(|n| n.is_finite())
}

/// What the «Tipo traguardo» of a row gives.
pub(super) enum Typed {
    Target(Target),
    /// No target that year ("n.a.").
    NotApplicable,
}

const NOT_APPLICABLE_WORDS: [&str; 4] = ["non applicabile", "non_applicabile", "n.a.", "n.a"];

/// The relative kinds, by their words (normalised) in the «Tipo traguardo» column.
fn change_kind(k: &str) -> Option<fn(f64) -> Change> {
    Some(match k {
        "aumento %" | "aumento percentuale" | "incremento %" | "incremento percentuale" => {
            Change::IncreasePercent
        }
        "aumento assoluto" | "aumento di" | "incremento assoluto" => Change::IncreaseBy,
        "riduzione %" | "riduzione percentuale" | "diminuzione %" | "diminuzione percentuale" => {
            Change::DecreasePercent
        }
        "riduzione assoluta" | "riduzione di" | "diminuzione assoluta" => Change::DecreaseBy,
        "totale" | "valore finale" | "totale da raggiungere" => Change::Total,
        _ => return None,
    })
}

/// The relative kinds counted from the previous year's target
/// (`rispetto = "anno_precedente"`), by their words («+2 ulteriori»).
fn further_change_kind(k: &str) -> Option<fn(f64) -> Change> {
    Some(match k {
        "ulteriore aumento %" => Change::IncreasePercent,
        "ulteriore aumento assoluto" => Change::IncreaseBy,
        "ulteriore riduzione %" => Change::DecreasePercent,
        "ulteriore riduzione assoluta" => Change::DecreaseBy,
        _ => return None,
    })
}

/// Kinds accepted in the "Tipo traguardo" column (also the dropdown).
pub const TARGET_KIND_WORDS: [&str; 18] = [
    "scadenza",
    "minimo",
    "massimo",
    "inferiore a",
    "percentuale",
    "sì/no",
    "qualitativo",
    "fase",
    "aumento %",
    "aumento assoluto",
    "riduzione %",
    "riduzione assoluta",
    "totale",
    "non applicabile",
    "ulteriore aumento %",
    "ulteriore aumento assoluto",
    "ulteriore riduzione %",
    "ulteriore riduzione assoluta",
];

/// The "Risultato condiviso" column's words (also the dropdown).
pub const YES_NO: [&str; 2] = ["sì", "no"];

/// Columns read once per indicator, on its first row.
pub const INDICATOR_DETAILS: [Role; 14] = [
    Role::BaselineValue,
    Role::BaselineYear,
    Role::BaselineSource,
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
