//! The livello atteso of the other years of a multi-year plan, written
//! in columns such as «Target 2026»: typed with the same rules as the
//! plan year's, each target with its year; "n.a." marks a year without
//! target.

use super::draft::{DIndicator, DTarget, YearText};
use super::names::normalise;
use super::targets::parse_expected;

/// "n.a.", "non applicabile", "-": no target that year.
pub fn not_applicable(text: &str) -> bool {
    matches!(
        normalise(text).as_str(),
        "n.a." | "n.a" | "na" | "n/a" | "non applicabile" | "non previsto" | "-" | "–" | "—"
    )
}

/// Types each year's text into targets of that year (or "n.a."), and
/// adds the years' words to the livello atteso, so the plan shows what
/// the table said for every year.
pub fn type_other_years(ind: &mut DIndicator, texts: Vec<YearText>, plan_year: i32) {
    if texts.is_empty() {
        return;
    }
    if !ind.expected.is_empty() && !ind.expected.starts_with(&plan_year.to_string()) {
        ind.expected = format!("{plan_year}: {}", ind.expected);
    }
    for y in texts {
        let line = format!("{}: {}", y.year, y.text.replace('\n', " "));
        ind.expected = if ind.expected.is_empty() {
            line
        } else {
            format!("{}\n{line}", ind.expected)
        };
        if not_applicable(&y.text) {
            ind.na_years.push(y.year);
            continue;
        }
        let parsed = parse_expected(&y.text, y.year, &ind.description);
        for t in parsed.targets {
            ind.targets.push(DTarget {
                target: t.target,
                year: Some(y.year),
                source: Some(format!("{}: «{}»", y.cell, t.words.replace('\n', " "))),
                check: t.check,
            });
        }
        if let Some(c) = parsed.condition {
            ind.checks.push(format!(
                "condizione scritta per il {} e non riportata nel piano: «{c}»",
                y.year
            ));
        }
        for l in parsed.leftovers {
            ind.checks.push(format!(
                "parole del livello atteso del {} non tradotte in un traguardo: «{l}»",
                y.year
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_applicable_words() {
        for w in ["n.a.", "N.A.", "non applicabile", "-", " – "] {
            assert!(not_applicable(w), "{w}");
        }
        for w in ["almeno 10", "nessuna", ""] {
            assert!(!not_applicable(w), "{w}");
        }
    }
}
