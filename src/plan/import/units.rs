//! The "Responsabile/i" and "Peso" cells as plans write them: "Tutte le
//! Aree", "Area III – ufficio tributi", "Area I-II-IV-V-VI", "Segretario
//! generale", "con il coordinamento dell'Area III"; weights "10", "7,5",
//! one per line, or "5 (Area I-II-IV-V-VI) 10 (Area III)". Unit words are
//! the ente's (`Vocabulary`): "Tutti i Settori", "Settore II".

use std::sync::LazyLock;

use regex::Regex;

use crate::vocab::Vocabulary;

use super::names::normalise;

/// A responsible unit the importer knows: from the units sheet, or met in
/// the table ("Area III").
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub offices: Vec<String>,
    pub head: Option<String>,
    pub in_all: bool,
    /// «sì» in the units sheet's «Vertice» column: the plan's `vertice = true`.
    pub top_official: bool,
}

/// One unit named in a "Responsabile/i" cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Who {
    /// "Tutte le Aree".
    All,
    Unit(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub who: Who,
    /// What the line says beyond the unit's name.
    pub note: Option<String>,
}

/// A "Peso" cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Weights {
    None,
    /// One weight for every unit of the cell.
    Single(f64),
    /// One weight per line of the "Responsabile/i" cell.
    PerLine(Vec<f64>),
    /// "5 (Area I-II-IV-V-VI) 10 (Area III)".
    PerUnit(Vec<(f64, Vec<String>)>),
    /// No number: the cell says where the money comes from
    /// ("Da finanziarsi con risorse variabili…").
    Funding(String),
}

static NUMERALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[IVXL]+|\d{1,2})(?:\s*[-–,/e]\s*(?:[IVXL]+|\d{1,2})\b)*)\b")
        .expect("valid regex")
});
static WEIGHT_GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d+(?:[.,]\d+)?)\s*%?\s*\(([^)]*)\)").expect("valid regex"));
static PLAIN_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$").expect("valid regex"));

/// "SG" for "Segretario generale", "DG" for "Direttore generale".
pub fn top_official_id(vocab: &Vocabulary) -> String {
    vocab
        .top_official
        .singular
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Text after a unit's name: separators dropped, empty as `None`.
pub(super) fn rest_note(rest: &str) -> Option<String> {
    let r = rest
        .trim()
        .trim_start_matches(['-', '–', '—', ',', ':', ';', ' '])
        .trim();
    (!r.is_empty()).then(|| r.to_string())
}

fn split_numerals(s: &str) -> Vec<String> {
    s.split(|c: char| matches!(c, '-' | '–' | ',' | '/') || c.is_whitespace())
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "e")
        .map(str::to_string)
        .collect()
}

/// Case-insensitive prefix match; returns the rest of `line`.
pub(super) fn strip_prefix_ci<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let n = prefix.chars().count();
    let head: String = line.chars().take(n).collect();
    if normalise(&head) == normalise(prefix) && head.chars().count() == n {
        let bytes: usize = line.chars().take(n).map(char::len_utf8).sum();
        let rest = &line[bytes..];
        // A whole word: "Area I" must not match "Area II".
        if rest.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
            return Some(rest);
        }
    }
    None
}

/// The ways a text says "every unit".
pub fn all_units_phrases(vocab: &Vocabulary) -> Vec<String> {
    let mut v = vec![vocab.all_units()];
    let plural = &vocab.unit.plural;
    for all in ["tutte le", "tutti i", "tutti gli"] {
        v.push(format!("{all} {plural}"));
    }
    v
}

/// Reads one line of a "Responsabile/i" cell. `Err` carries what was not
/// understood.
pub fn parse_line(line: &str, vocab: &Vocabulary, known: &[Unit]) -> Result<Vec<Named>, String> {
    let line = line.trim();
    for phrase in all_units_phrases(vocab) {
        if let Some(rest) = strip_prefix_ci(line, &phrase) {
            return Ok(vec![Named {
                who: Who::All,
                note: rest_note(rest),
            }]);
        }
    }
    // Known units by full name first (longest first), then by code.
    let mut by_name: Vec<&Unit> = known.iter().collect();
    by_name.sort_by_key(|u| std::cmp::Reverse(u.name.chars().count()));
    for u in by_name {
        if let Some(rest) = strip_prefix_ci(line, &u.name) {
            return Ok(vec![Named {
                who: Who::Unit(u.id.clone()),
                note: rest_note(rest),
            }]);
        }
    }
    if let Some(rest) = strip_prefix_ci(line, &vocab.top_official.singular) {
        // The plan's rule (`Plan::top_official_unit`): the declared unit,
        // else the one named like the top official.
        let id = known
            .iter()
            .find(|u| u.top_official)
            .or_else(|| {
                known
                    .iter()
                    .find(|u| normalise(&u.name) == normalise(&vocab.top_official.singular))
            })
            .map_or_else(|| top_official_id(vocab), |u| u.id.clone());
        return Ok(vec![Named {
            who: Who::Unit(id),
            note: rest_note(rest),
        }]);
    }
    for word in [&vocab.unit.plural, &vocab.unit.singular] {
        if let Some(rest) = strip_prefix_ci(line, word)
            && let Some(c) = NUMERALS.captures(rest.trim_start())
        {
            let ids = split_numerals(&c[1]);
            let after = &rest.trim_start()[c[0].len()..];
            let note = rest_note(after);
            return Ok(ids
                .into_iter()
                .map(|id| Named {
                    who: Who::Unit(id),
                    note: note.clone(),
                })
                .collect());
        }
    }
    for u in known {
        if let Some(rest) = strip_prefix_ci(line, &u.id) {
            return Ok(vec![Named {
                who: Who::Unit(u.id.clone()),
                note: rest_note(rest),
            }]);
        }
    }
    Err(line.to_string())
}

/// Units referred to inside a note, e.g. "Con il coordinamento dell'Area III".
pub fn units_mentioned(text: &str, vocab: &Vocabulary) -> Vec<String> {
    let word = regex::escape(&vocab.unit.singular);
    let re = Regex::new(&format!(r"(?i)\b{word}\s+((?:[IVXL]+|\d{{1,2}})\b)"));
    match re {
        Ok(re) => re.captures_iter(text).map(|c| c[1].to_string()).collect(),
        Err(_) => Vec::new(),
    }
}

fn num(s: &str) -> Option<f64> {
    s.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// Reads a "Peso" cell. `number` is the value the file stores, when it is one.
pub fn parse_weights(
    text: &str,
    number: Option<f64>,
    vocab: &Vocabulary,
) -> Result<Weights, String> {
    if let Some(n) = number {
        return if n.is_finite() && n >= 0.0 {
            Ok(Weights::Single(n))
        } else {
            Err(format!("peso non valido ({n})"))
        };
    }
    let t = text.trim();
    if t.is_empty() {
        return Ok(Weights::None);
    }
    if let Some(c) = PLAIN_NUMBER.captures(t) {
        return num(&c[1]).map(Weights::Single).ok_or_else(|| t.to_string());
    }
    let groups: Vec<_> = WEIGHT_GROUP.captures_iter(t).collect();
    if !groups.is_empty() {
        let mut out = Vec::new();
        for g in groups {
            let w = num(&g[1]).ok_or_else(|| t.to_string())?;
            let inside = g[2].trim();
            let named = parse_line(inside, vocab, &[]).map_err(|_| t.to_string())?;
            let ids = named
                .into_iter()
                .filter_map(|n| match n.who {
                    Who::Unit(id) => Some(id),
                    Who::All => None,
                })
                .collect::<Vec<_>>();
            if ids.is_empty() {
                return Err(t.to_string());
            }
            out.push((w, ids));
        }
        return Ok(Weights::PerUnit(out));
    }
    let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() > 1 && lines.iter().all(|l| PLAIN_NUMBER.is_match(l)) {
        return lines
            .iter()
            .map(|l| {
                PLAIN_NUMBER
                    .captures(l)
                    .and_then(|c| num(&c[1]))
                    .ok_or_else(|| t.to_string())
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Weights::PerLine);
    }
    if !t.chars().any(|c| c.is_ascii_digit()) || t.to_lowercase().contains("finanziar") {
        return Ok(Weights::Funding(t.to_string()));
    }
    Err(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Gender, Noun};

    fn unit(id: &str) -> Named {
        Named {
            who: Who::Unit(id.into()),
            note: None,
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_cell(s in "\\PC{0,200}", n in proptest::option::of(proptest::num::f64::ANY)) {
            let v = Vocabulary::default();
            let _ = parse_line(&s, &v, &[]);
            let _ = parse_weights(&s, n, &v);
            let _ = units_mentioned(&s, &v);
        }
    }

    #[test]
    fn seed_wordings_of_responsible_units() {
        let v = Vocabulary::default();
        assert_eq!(
            parse_line("Tutte le Aree", &v, &[]).unwrap(),
            vec![Named {
                who: Who::All,
                note: None
            }]
        );
        assert_eq!(
            parse_line("Area III – ufficio tributi", &v, &[]).unwrap(),
            vec![Named {
                who: Who::Unit("III".into()),
                note: Some("ufficio tributi".into())
            }]
        );
        assert_eq!(
            parse_line("Area I-II-IV-V-VI", &v, &[]).unwrap(),
            ["I", "II", "IV", "V", "VI"].map(unit).to_vec()
        );
        assert_eq!(
            parse_line("Segretario generale", &v, &[]).unwrap(),
            vec![unit("SG")]
        );
        assert!(parse_line("Ufficio misterioso", &v, &[]).is_err());
    }

    #[test]
    fn the_entes_unit_word_is_used() {
        let v = Vocabulary {
            unit: Noun::new("Settore", "Settori", Gender::Masculine),
            ..Vocabulary::default()
        };
        assert_eq!(
            parse_line("Tutti i Settori", &v, &[]).unwrap()[0].who,
            Who::All
        );
        assert_eq!(parse_line("Settore II", &v, &[]).unwrap(), vec![unit("II")]);
        assert!(parse_line("Area II", &v, &[]).is_err());
    }

    #[test]
    fn weight_cells() {
        let v = Vocabulary::default();
        assert_eq!(parse_weights("10", None, &v), Ok(Weights::Single(10.0)));
        assert_eq!(parse_weights("7,5", None, &v), Ok(Weights::Single(7.5)));
        assert_eq!(parse_weights("", Some(3.0), &v), Ok(Weights::Single(3.0)));
        assert_eq!(
            parse_weights("5 (Area I-II-IV-V-VI) 10 (Area III)", None, &v),
            Ok(Weights::PerUnit(vec![
                (5.0, ["I", "II", "IV", "V", "VI"].map(String::from).to_vec()),
                (10.0, vec!["III".to_string()]),
            ]))
        );
        assert_eq!(
            parse_weights("8\n9\n2", None, &v),
            Ok(Weights::PerLine(vec![8.0, 9.0, 2.0]))
        );
        assert!(matches!(
            parse_weights(
                "Da finanziarsi con risorse variabili Art. 79 CCNL 2019/2021",
                None,
                &v
            ),
            Ok(Weights::Funding(_))
        ));
        assert!(parse_weights("dieci e mezzo 3", None, &v).is_err());
    }
}
