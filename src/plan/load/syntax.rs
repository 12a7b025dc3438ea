//! The generic readers: positions, typed values, keys, and TOML's syntax
//! messages in Italian.

use super::*;

/// Largest weight a plan may give an objective, an indicator or a phase.
pub const MAX_WEIGHT: f64 = 1_000_000.0;

impl<'a> Ctx<'a> {
    pub(super) fn new(src: &'a str, shift: usize, path: &'a Path, vocab: &'a Vocabulary) -> Self {
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
            strategic_ids: Vec::new(),
            plan_has_weights: true,
            vocab,
        }
    }

    pub(super) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = (offset + self.shift).min(self.src.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = match self.src.get(start..offset) {
            Some(s) => s.chars().count(),
            None => offset - start,
        };
        (line, column + 1)
    }

    pub(super) fn loc(&self, offset: usize) -> Location {
        let (line, column) = self.line_col(offset);
        Location::line_col(self.path, line, column)
    }

    pub(super) fn push(&mut self, span: Range<usize>, d: Diagnostic) {
        self.diags.push((span.start, d));
    }

    pub(super) fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let d = Diagnostic::error(self.loc(span.start), message);
        self.push(span, d);
    }

    pub(super) fn error_hint(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = Diagnostic::error(self.loc(span.start), message).with_hint(hint);
        self.push(span, d);
    }

    pub(super) fn finish(mut self) -> Diagnostics {
        self.diags.sort_by_key(|(offset, _)| *offset);
        Diagnostics(self.diags.into_iter().map(|(_, d)| d).collect())
    }

    pub(super) fn check_keys(&mut self, tab: &Tab, allowed: &[&str]) {
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

    pub(super) fn required<'t, 'i>(
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

    pub(super) fn string(&mut self, v: &Spanned<DeValue>, key: &str) -> Option<String> {
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

    pub(super) fn required_string(
        &mut self,
        tab: &Tab,
        key: &str,
    ) -> Option<(String, Range<usize>)> {
        let v = self.required(tab, key)?;
        let s = self.string(v, key)?;
        if s.trim().is_empty() {
            self.error(v.span(), format!("`{key}` non può essere vuoto"));
            return None;
        }
        Some((s, v.span()))
    }

    /// An optional text; an empty one counts as absent.
    pub(super) fn optional_string(&mut self, tab: &Tab, key: &str) -> Option<String> {
        let v = tab.get(key)?;
        self.string(v, key).filter(|s| !s.trim().is_empty())
    }

    /// The dates written in an act's citation (`approvato_con`): a word
    /// that looks like a date but is none ("31.02.2023", "30.01.23") is an
    /// error at its place, never passed over (the plan document takes its
    /// date from the act).
    pub(super) fn act_dates(&mut self, act: &str, span: Range<usize>) {
        for found in crate::italian::dates_in_text(act) {
            if found.date.is_ok() {
                continue;
            }
            // Past the opening quote; exact for text without escapes.
            let at = span.start + 1 + found.offset;
            let example = match self.year {
                Some(y) => {
                    format!(", es. \"deliberazione della Giunta comunale n. 12 del 30/01/{y}\"")
                }
                None => String::new(),
            };
            self.error_hint(
                at..at + found.word.len(),
                format!("«{}» non è una data valida", found.word),
                format!(
                    "scrivere la data dell'atto come GG/MM/AAAA, con l'anno di quattro cifre{example}"
                ),
            );
        }
    }

    pub(super) fn optional_bool(&mut self, tab: &Tab, key: &str) -> Option<bool> {
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

    pub(super) fn number(&mut self, v: &Spanned<DeValue>, key: &str) -> Option<f64> {
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

    /// A weight: not negative, and no larger than [`MAX_WEIGHT`] (a weight
    /// of 1e308 would turn every sum and grade into infinity).
    pub(super) fn weight(&mut self, v: &Spanned<DeValue>, key: &str) -> Option<f64> {
        let x = self.non_negative(v, key)?;
        if x > MAX_WEIGHT {
            self.error_hint(
                v.span(),
                format!(
                    "`{key}` = {} è troppo grande: al massimo {}",
                    crate::italian::number(x, 2),
                    crate::italian::number(MAX_WEIGHT, 0)
                ),
                "i pesi di solito sono punti o percentuali, es. `peso = 10`",
            );
            return None;
        }
        Some(x)
    }

    pub(super) fn non_negative(&mut self, v: &Spanned<DeValue>, key: &str) -> Option<f64> {
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
    pub(super) fn tables<'t, 'i>(
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

    pub(super) fn string_list(
        &mut self,
        v: &Spanned<DeValue>,
        key: &str,
    ) -> Vec<(String, Range<usize>)> {
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

    pub(super) fn duplicate(
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
}

pub(super) fn type_name(v: &DeValue) -> &'static str {
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
pub(super) fn closest<'s>(name: &str, allowed: &[&'s str]) -> Option<&'s str> {
    let lower = name.to_lowercase();
    allowed
        .iter()
        .map(|a| (edit_distance(&lower, &a.to_lowercase()), *a))
        .filter(|(d, a)| *a != name && *d <= if a.chars().count() <= 3 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

pub(super) fn edit_distance(a: &str, b: &str) -> usize {
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
pub(super) fn syntax_message(message: &str) -> String {
    crate::toml_msg::italian(message)
}

#[cfg(test)]
mod tests {
    use super::*;

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
