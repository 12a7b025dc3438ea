//! The fingerprint of a year's results (*impronta dei risultati*): a short
//! code that changes whenever anything the Relazione reports changes — a
//! value, a date or a text of a form, a grade, a decision of the evaluator
//! and its motivation. The draft prints it; the evaluator cites it when it
//! validates; the final version is refused when the results are no longer
//! the ones validated. Where the values came from (file names, cells) and
//! the documents' settings do not enter it: moving a form, or recording
//! the Giunta's approval, does not undo a validation.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::model::{Correction, Scorecard};
use crate::results::{Entry, Sourced};

/// Characters of the hexadecimal digest shown to people: 12, in three
/// groups of four («3F2A-91C0-B7D4»), enough to tell two versions of one
/// year apart and short enough to copy into an act by hand.
const SHOWN: usize = 12;

/// The fingerprint of `scorecard`, as printed («3F2A-91C0-B7D4»).
pub fn fingerprint(scorecard: &Scorecard) -> String {
    let digest = Sha256::digest(canonical(scorecard).as_bytes());
    let hex: String = digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<String>()
        .chars()
        .take(SHOWN)
        .collect();
    hex.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("-")
}

/// Whether two fingerprints are the same code, however the person wrote
/// it (case, spaces, hyphens).
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    normalise(a) == normalise(b)
}

/// The code without separators, upper case; `None` when `text` is not a
/// fingerprint (12 hexadecimal digits, possibly grouped).
pub fn parse_fingerprint(text: &str) -> Option<String> {
    let n = normalise(text);
    (n.len() == SHOWN && n.chars().all(|c| c.is_ascii_hexdigit())).then_some(n)
}

fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// One line per graded item, in the scorecard's (plan) order; grades to
/// six decimals, so that the code depends on the figures and not on how
/// the arithmetic rounded its last bit.
fn canonical(s: &Scorecard) -> String {
    let mut out = String::new();
    let g = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.6}"));
    let _ = writeln!(out, "anno|{}|{}", s.year, g(s.grade));
    for a in &s.areas {
        let band = a.band.as_ref().map_or("", |b| b.label.as_str());
        let _ = writeln!(out, "unita|{}|{}|{}", a.area.0, g(a.grade), band);
    }
    for o in &s.objectives {
        let _ = writeln!(out, "obiettivo|{}|{}", o.objective.0, g(o.grade));
        for oa in &o.areas {
            let _ = writeln!(
                out,
                "obiettivo-unita|{}|{}|{}|{}",
                o.objective.0,
                oa.area.0,
                g(oa.grade),
                correction(oa.correction.as_ref())
            );
            for i in &oa.indicators {
                let _ = writeln!(
                    out,
                    "indicatore|{}|{}|{}|{:?}|{}|{}",
                    i.indicator.0,
                    i.area.0,
                    g(i.grade),
                    i.standing,
                    correction(i.correction.as_ref()),
                    i.confirmation.as_deref().unwrap_or("")
                );
                for t in &i.targets {
                    let _ = writeln!(out, "traguardo|{}|{}", t.target, g(t.grade));
                    if let Some(e) = &t.entry {
                        entry(&mut out, e);
                    }
                }
            }
        }
    }
    for st in &s.strategic {
        let _ = writeln!(out, "strategico|{}|{}", st.strategic.0, g(st.grade));
    }
    out
}

fn correction(c: Option<&Correction>) -> String {
    c.map_or(String::new(), |c| {
        format!("{:.6}|{}", c.grade, c.motivation)
    })
}

/// What the unit wrote in one row: the values, never where they were.
fn entry(out: &mut String, e: &Entry) {
    fn v<T: std::fmt::Debug>(x: &Option<Sourced<T>>) -> String {
        x.as_ref()
            .map_or(String::new(), |s| format!("{:?}", s.value))
    }
    let value = e
        .value
        .as_ref()
        .map_or(String::new(), |s| format!("{:.6}", s.value));
    let _ = writeln!(
        out,
        "riga|{}|{}|{}|{}|{}|{}|{}|{}|{}",
        e.area.0,
        v(&e.date),
        value,
        v(&e.done),
        v(&e.status),
        v(&e.evidence),
        v(&e.notes),
        v(&e.motivation),
        e.target
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_the_printed_form_and_its_variants() {
        assert_eq!(
            parse_fingerprint("3f2a-91c0-b7d4").as_deref(),
            Some("3F2A91C0B7D4")
        );
        assert_eq!(
            parse_fingerprint(" 3F2A 91C0 B7D4 ").as_deref(),
            Some("3F2A91C0B7D4")
        );
        assert!(parse_fingerprint("3F2A-91C0").is_none());
        assert!(parse_fingerprint("3F2A-91C0-B7DZ").is_none());
        assert!(same_fingerprint("3f2a91c0b7d4", "3F2A-91C0-B7D4"));
        assert!(!same_fingerprint("3F2A-91C0-B7D5", "3F2A-91C0-B7D4"));
    }
}
