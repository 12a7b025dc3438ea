//! What typst cannot print, found before rendering and said where it was
//! typed: characters no embedded font covers (typst would stop the whole
//! Relazione at the template line, once per character) and words too long
//! to break (a PDF string has a limit). `verifica` runs the same check.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::results::{CellRef, Results};

/// Longest word without a space the documents accept: a web address is
/// well under this; pasted garbage is not.
pub const MAX_WORD: usize = 300;

fn skipped(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\r' | '\t')
}

const HINT_CHARS: &str =
    "togliere o sostituire i caratteri indicati (ad esempio un simbolo con una parola)";
const HINT_WORD: &str = "spezzare la parola con spazi (un indirizzo web lungo si può abbreviare)";

/// The problems of one text, each a message and a hint (none when it
/// prints).
pub fn problems_with_hints(text: &str) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    out.extend(problems_chars(text).map(|m| (m, HINT_CHARS)));
    out.extend(long_word(text).map(|m| (m, HINT_WORD)));
    out
}

/// The problems of one text, as messages.
pub fn problems(text: &str) -> Vec<String> {
    problems_with_hints(text)
        .into_iter()
        .map(|(m, _)| m)
        .collect()
}

fn problems_chars(text: &str) -> Option<String> {
    let distinct: BTreeSet<char> = text
        .chars()
        .filter(|c| !skipped(*c) && !(c.is_ascii_graphic()))
        .collect();
    let missing: BTreeSet<char> = distinct
        .into_iter()
        .filter(|c| !super::world::printable(*c))
        .collect();
    if missing.is_empty() {
        return None;
    }
    {
        let listed: Vec<String> = missing
            .iter()
            .take(10)
            .map(|c| {
                if c.is_control() {
                    format!("U+{:04X}", *c as u32)
                } else {
                    format!("«{c}» (U+{:04X})", *c as u32)
                }
            })
            .collect();
        let more = if missing.len() > 10 {
            format!(" e altri {}", missing.len() - 10)
        } else {
            String::new()
        };
        Some(format!(
            "{} {}{more} non si {} stampare nei documenti: nessun carattere tipografico incluso lo prevede",
            if missing.len() == 1 {
                "il carattere"
            } else {
                "i caratteri"
            },
            listed.join(", "),
            if missing.len() == 1 {
                "può"
            } else {
                "possono"
            },
        ))
    }
}

fn long_word(text: &str) -> Option<String> {
    let word = text
        .split(char::is_whitespace)
        .find(|w| w.chars().count() > MAX_WORD)?;
    Some(format!(
        "una parola di {} caratteri senza spazi («{}…») non si può impaginare: al massimo {MAX_WORD}",
        word.chars().count(),
        word.chars().take(20).collect::<String>()
    ))
}

/// Every text the Areas typed in their forms, checked at its cell.
pub fn check_results(results: &Results) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let at = |c: &CellRef| Location::cell(&c.file, c.sheet.as_str(), c.cell.as_str());
    for report in &results.reports {
        for e in &report.entries {
            for text in [&e.evidence, &e.notes, &e.motivation].into_iter().flatten() {
                for (m, hint) in problems_with_hints(&text.value) {
                    diags.push(Diagnostic::error(at(&text.at), m).with_hint(hint));
                }
            }
        }
    }
    diags
}

/// A TOML input whose text reaches the documents (plan, rules, Nucleo,
/// settings), checked line by line so each problem has its line and
/// column. Comment lines are skipped: they are never printed. A character
/// written as an escape (`\u001B`, `\e`, `\x1b`) is checked as the
/// character the string will hold, at the escape's column.
pub fn check_file(path: &Path, text: &str) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let at = |col: usize| Location::line_col(path, n + 1, col + 1);
        for (m, hint) in problems_with_hints(line) {
            let col = line
                .chars()
                .position(|c| !skipped(c) && !c.is_ascii_graphic() && !super::world::printable(c))
                .unwrap_or(0);
            diags.push(Diagnostic::error(at(col), m).with_hint(hint));
        }
        let escaped = escapes(line);
        let decoded: String = escaped.iter().map(|(_, c)| *c).collect();
        if let Some(m) = problems_chars(&decoded) {
            let col = escaped
                .iter()
                .find(|(_, c)| {
                    !skipped(*c) && !c.is_ascii_graphic() && !super::world::printable(*c)
                })
                .map_or(0, |(col, _)| *col);
            diags.push(Diagnostic::error(at(col), m).with_hint(HINT_ESCAPE));
        }
    }
    diags
}

const HINT_ESCAPE: &str = "togliere dal testo la sequenza che comincia con «\\» in questo punto (un carattere scritto in codice)";

/// The characters a line writes as TOML escapes, with the column (in
/// characters) of each escape: `\e`, `\xHH`, `\uHHHH`, `\UHHHHHHHH`. An
/// escaped backslash is skipped with the character it escapes.
fn escapes(line: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '\\' {
            i += 1;
            continue;
        }
        let digits = match chars.get(i + 1) {
            Some('e') => {
                out.push((i, '\u{1B}'));
                i += 2;
                continue;
            }
            Some('x') => 2,
            Some('u') => 4,
            Some('U') => 8,
            _ => {
                i += 2;
                continue;
            }
        };
        let hex: String = chars.iter().skip(i + 2).take(digits).collect();
        if let Some(c) = u32::from_str_radix(&hex, 16)
            .ok()
            .filter(|_| hex.len() == digits)
            .and_then(char::from_u32)
        {
            out.push((i, c));
        }
        i += 2 + digits;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_symbols_and_european_scripts_print() {
        for text in [
            "Fatto ✅ 🙂 ✔ ★ → € © ½ ❌ ⚠ ☎ 📄",
            "Ελληνικά, Русский, Українська, Ärger, Œuvre, ł ż ș ț, 中",
            "שלום, مرحبا",
        ] {
            assert_eq!(problems(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn uncovered_characters_and_long_words_are_named() {
        assert_eq!(
            problems("nota ก e \u{FFFF}"),
            [
                "i caratteri «ก» (U+0E01), «\u{FFFF}» (U+FFFF) non si possono stampare nei documenti: nessun carattere tipografico incluso lo prevede"
            ]
        );
        assert_eq!(
            problems("a\u{1B}b"),
            [
                "il carattere U+001B non si può stampare nei documenti: nessun carattere tipografico incluso lo prevede"
            ]
        );
        // PDF/A refuses the private use areas and the byte-order mark,
        // whatever glyph a font gives them.
        assert_eq!(
            problems("icona \u{E000} e \u{FEFF}"),
            [
                "i caratteri «\u{E000}» (U+E000), «\u{FEFF}» (U+FEFF) non si possono stampare nei documenti: nessun carattere tipografico incluso lo prevede"
            ]
        );
        let long = "x".repeat(24_000);
        assert_eq!(
            problems(&long),
            [format!(
                "una parola di 24000 caratteri senza spazi («{}…») non si può impaginare: al massimo 300",
                "x".repeat(20)
            )]
        );
    }

    #[test]
    fn characters_written_as_escapes_are_checked_too() {
        let d = check_file(
            Path::new("valutazioni-nucleo-2023.toml"),
            "motivazione = \"verificato \\u001B[2J dal Nucleo\"\nnota = \"a capo \\n e \\\\u001B\"\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d.0[0].location.to_string(),
            "valutazioni-nucleo-2023.toml:1:27"
        );
        assert!(d.0[0].message.contains("U+001B"), "{d:?}");
        assert_eq!(
            escapes("\\e \\x41 \\U0001F600 \\uZZZZ"),
            [(0, '\u{1B}'), (3, 'A'), (8, '😀')]
        );
    }

    #[test]
    fn a_file_problem_has_line_and_column() {
        let d = check_file(
            Path::new("piano.toml"),
            "# 龘 in un commento\nnome = \"ok 龘\"\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d.0[0].location.to_string(), "piano.toml:2:12");
    }
}
