//! Parsing of what people type in cells, the Italian way: dates as real
//! dates or as text (`30/06/2023`, `30-6-2023`, `30.06.2023`, `2023-06-30`),
//! numbers with a decimal comma, percentages as `0,9`, `90` or `90%`,
//! `Sì/si/SI/X/No`. Every refusal is an Italian message quoting the cell.

use calamine::Data;
use chrono::NaiveDate;

use crate::italian;
use crate::results::ProposedStatus;

use super::layout::{fold_accent, normalize};
use crate::workbook::error_text;
pub use crate::workbook::formula_error;

/// Longest text accepted in one cell (Excel's own limit is 32 767).
pub const MAX_TEXT: usize = 32_767;

/// What a cell holds, as a user would quote it in a message.
pub fn shown(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => italian::number(*i as f64, 0),
        Data::Float(f) => italian::number(*f, 6),
        Data::Bool(true) => "VERO".into(),
        Data::Bool(false) => "FALSO".into(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => italian::date_short(d.date()),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => error_text(e),
    }
}

/// Whether the cell is empty (or holds only spaces).
pub fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn quote(cell: &Data) -> String {
    format!("«{}»", shown(cell))
}

/// A date, from a real date cell or from text in the usual Italian forms;
/// `year` (the plan's) gives the example in the error messages.
pub fn date(cell: &Data, year: i32) -> Result<NaiveDate, String> {
    let invalid = || format!("{} non è una data valida", quote(cell));
    match cell {
        Data::DateTime(dt) if dt.is_datetime() => {
            dt.as_datetime().map(|d| d.date()).ok_or_else(invalid)
        }
        Data::DateTimeIso(s) => date_text(s).ok_or_else(invalid),
        Data::String(s) => date_text(s).ok_or_else(|| {
            format!(
                "{} non è una data valida (scrivere ad esempio 30/06/{year})",
                quote(cell)
            )
        }),
        Data::Int(_) | Data::Float(_) => Err(format!(
            "{} è un numero, non una data (scrivere ad esempio 30/06/{year})",
            quote(cell)
        )),
        _ => Err(invalid()),
    }
}

/// `30/06/2023`, `30-6-2023`, `30.06.2023`, `30/06/23`, `2023-06-30`
/// (with an optional time, as LibreOffice stores dates), `30 giugno 2023`.
pub fn date_text(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let t = t
        .split(['T', ' '])
        .next()
        .filter(|first| {
            first.len() >= 8
                && first.contains('-')
                && first.starts_with(|c: char| c.is_ascii_digit())
                && first.find('-') == Some(4)
        })
        .unwrap_or(t);
    let parts: Vec<&str> = t.split(['/', '-', '.']).map(str::trim).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if nums.len() != 3 {
            return None;
        }
        if parts[0].len() == 4 {
            return NaiveDate::from_ymd_opt(nums[0] as i32, nums[1], nums[2]);
        }
        let year = match parts[2].len() {
            4 => nums[2] as i32,
            2 => 2000 + nums[2] as i32,
            _ => return None,
        };
        if parts[0].len() > 2 || parts[1].len() > 2 {
            return None;
        }
        return NaiveDate::from_ymd_opt(year, nums[1], nums[0]);
    }
    // "30 giugno 2023", "1º luglio 2023".
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() == 3 {
        let day: u32 = words[0].trim_end_matches(['º', '°']).parse().ok()?;
        let month_word: String = words[1].chars().flat_map(char::to_lowercase).collect();
        let month = (1..=12).find(|m| italian::month_name(*m) == month_word)?;
        let year: i32 = words[2].parse().ok()?;
        if words[2].len() != 4 {
            return None;
        }
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    None
}

/// A number from a numeric cell or from text with a decimal comma
/// ("1.234,5", "12,5"; "12.5" is read as twelve and a half, "1.234" as
/// one thousand two hundred thirty-four, as an Italian writes it).
pub fn number_text(text: &str) -> Option<f64> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if t.is_empty() {
        return None;
    }
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, t.strip_prefix('+').unwrap_or(&t)),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let has_comma = body.contains(',');
    let has_dot = body.contains('.');
    let plain = if has_comma {
        if body.matches(',').count() > 1 {
            return None;
        }
        let (int, frac) = body.split_once(',')?;
        if has_dot && !thousands_grouped(int) {
            return None;
        }
        if frac.is_empty() {
            int.replace('.', "")
        } else {
            format!("{}.{}", int.replace('.', ""), frac)
        }
    } else if has_dot {
        if body.matches('.').count() > 1 || thousands_grouped(body) {
            if !thousands_grouped(body) {
                return None;
            }
            body.replace('.', "")
        } else {
            body.to_string()
        }
    } else {
        body.to_string()
    };
    if plain.starts_with('.') || plain.ends_with('.') {
        return None;
    }
    plain.parse::<f64>().ok().map(|v| sign * v)
}

/// Whether `text` is a number with one dot followed by exactly three
/// digits ("1.160", "2.000"): read the Italian way, as thousands, but an
/// English decimal looks the same, so the reader says how it was read.
pub fn dot_could_be_decimal(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['+', '-']);
    match t.split_once('.') {
        Some((int, frac)) => {
            (1..=3).contains(&int.len())
                && frac.len() == 3
                && int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// "1.234" or "12.345.678": groups of three after the first.
fn thousands_grouped(s: &str) -> bool {
    let groups: Vec<&str> = s.split('.').collect();
    groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
}

/// A value ≥ 0 (counts, amounts).
pub fn number(cell: &Data) -> Result<f64, String> {
    let v = match cell {
        Data::Int(i) => *i as f64,
        Data::Float(f) => *f,
        Data::String(s) => number_text(s).ok_or_else(|| {
            format!(
                "{} non è un numero valido (scrivere solo il numero, ad esempio 12 o 12,5)",
                quote(cell)
            )
        })?,
        _ => return Err(format!("{} non è un numero valido", quote(cell))),
    };
    if !v.is_finite() {
        return Err(format!("{} non è un numero valido", quote(cell)));
    }
    if v < 0.0 {
        return Err(format!(
            "{} è fuori intervallo: il valore non può essere negativo",
            quote(cell)
        ));
    }
    Ok(v)
}

/// How far from a round figure a number may be and still be that figure:
/// a formula leaves 1,0000000000000002 where a person sees 1.
const TOLERANCE: f64 = 1e-9;

/// A percentage as 0–100. A cell typed or formatted as percentage holds a
/// fraction and is read as such (1,05 shown as 105% is 105%); text ending
/// in `%` is what it says; any other number is a fraction up to 1 (within
/// [`TOLERANCE`]) and percentage points above (`0,9` and `90` are 90).
/// Above 100% is refused.
pub fn percentage(cell: &Data, percent_cell: bool) -> Result<f64, String> {
    let fraction = |n: f64| {
        // Rounded so 0,925 reads back as 92,5 and not 92,500000000001.
        (n * 100.0 * 1e9).round() / 1e9
    };
    let v = match cell {
        Data::String(s) if s.trim().ends_with('%') => {
            let body = s.trim().trim_end_matches('%');
            number_text(body)
                .ok_or_else(|| format!("{} non è una percentuale valida", quote(cell)))?
        }
        Data::Float(_) | Data::Int(_) if percent_cell => fraction(number(cell)?),
        _ => {
            let n = number(cell)?;
            if n <= 1.0 + TOLERANCE { fraction(n) } else { n }
        }
    };
    let v = if (v - 100.0).abs() <= 100.0 * TOLERANCE {
        100.0
    } else {
        v
    };
    if !(0.0..=100.0).contains(&v) {
        let shown = if percent_cell {
            format!("«{}%»", italian::number(v, 2))
        } else {
            quote(cell)
        };
        return Err(format!(
            "{shown} è fuori intervallo: una percentuale va da 0 a 100%"
        ));
    }
    Ok(v)
}

/// Sì / No in the ways people write it (an `X` means yes).
pub fn yes_no(cell: &Data) -> Result<bool, String> {
    let bad = || {
        format!(
            "{} non è una risposta valida: scrivere «Sì» o «No»",
            quote(cell)
        )
    };
    match cell {
        Data::Bool(b) => Ok(*b),
        Data::Int(1) => Ok(true),
        Data::Int(0) => Ok(false),
        Data::Float(f) if *f == 1.0 => Ok(true),
        Data::Float(f) if *f == 0.0 => Ok(false),
        Data::String(s) => {
            let key: String = s
                .trim()
                .chars()
                .flat_map(char::to_lowercase)
                .map(fold_accent)
                .filter(|c| !matches!(c, '\'' | '’' | '.' | '!'))
                .collect();
            match key.as_str() {
                "si" | "s" | "x" | "yes" | "vero" | "true" | "1" | "fatto" | "realizzato" => {
                    Ok(true)
                }
                "no" | "n" | "falso" | "false" | "0" | "non realizzato" => Ok(false),
                _ => Err(bad()),
            }
        }
        _ => Err(bad()),
    }
}

/// One of the four statuses, in any case, accents optional.
pub fn status(cell: &Data) -> Result<ProposedStatus, String> {
    let bad = || {
        format!(
            "{} non è uno stato valido: scegliere tra Raggiunto, Parzialmente raggiunto, \
             Non raggiunto, Non applicabile",
            quote(cell)
        )
    };
    let Data::String(s) = cell else {
        return Err(bad());
    };
    let key = normalize(s);
    let found = match key.as_str() {
        "raggiunto" => ProposedStatus::Achieved,
        "parzialmenteraggiunto" | "parzialmente" | "raggiuntoparzialmente" => {
            ProposedStatus::PartiallyAchieved
        }
        "nonraggiunto" => ProposedStatus::NotAchieved,
        "nonapplicabile" | "na" | "nonpertinente" => ProposedStatus::NotApplicable,
        _ => return Err(bad()),
    };
    Ok(found)
}

/// `text` without control characters (line breaks and tabs are kept),
/// Unicode non-characters and the invisible format characters a paste
/// brings along (byte-order mark, line and paragraph separators, word
/// joiner and invisible operators), with how many were removed: they
/// cannot be printed and could drive a terminal.
pub fn without_controls(text: String) -> (String, usize) {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(
                c,
                '\u{FDD0}'..='\u{FDEF}'
                    | '\u{FEFF}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{2060}'..='\u{2064}'
            )
            || (c as u32 & 0xFFFE) == 0xFFFE
    };
    let removed = text.chars().filter(|c| bad(*c)).count();
    if removed == 0 {
        return (text, 0);
    }
    (text.chars().filter(|c| !bad(*c)).collect(), removed)
}

/// Free text; whatever the cell holds becomes text, as the user sees it.
pub fn text(cell: &Data) -> Result<Option<String>, String> {
    let s = match cell {
        Data::Empty => return Ok(None),
        Data::String(s) => s.trim().to_string(),
        Data::Bool(true) => "Sì".into(),
        Data::Bool(false) => "No".into(),
        Data::DateTimeIso(iso) => match date_text(iso) {
            Some(d) => italian::date_short(d),
            None => iso.clone(),
        },
        other => shown(other),
    };
    if s.chars().count() > MAX_TEXT {
        return Err(format!(
            "il testo è troppo lungo ({} caratteri, al massimo {MAX_TEXT})",
            s.chars().count()
        ));
    }
    Ok(if s.is_empty() { None } else { Some(s) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::is_percent_format;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn s(text: &str) -> Data {
        Data::String(text.into())
    }

    #[test]
    fn italian_dates_as_text() {
        for t in [
            "30/06/2023",
            "30-6-2023",
            "30.06.2023",
            "2023-06-30",
            " 30/6/23 ",
            "30 giugno 2023",
            "2023-06-30T00:00:00",
        ] {
            assert_eq!(date(&s(t), 2023), Ok(d(2023, 6, 30)), "{t}");
        }
        assert_eq!(
            date(&Data::DateTimeIso("2023-06-30".into()), 2023),
            Ok(d(2023, 6, 30))
        );
        assert_eq!(
            date(&s("31/02/2025"), 2025),
            Err("«31/02/2025» non è una data valida (scrivere ad esempio 30/06/2025)".into())
        );
        assert!(date(&s("06/30/2023"), 2023).is_err());
        assert!(date(&s("entro giugno"), 2023).is_err());
        assert!(date(&s("1/2/3/4"), 2023).is_err());
        assert_eq!(
            date(&Data::Float(45107.0), 2024),
            Err("«45.107» è un numero, non una data (scrivere ad esempio 30/06/2024)".into())
        );
    }

    #[test]
    fn numbers_with_decimal_comma() {
        assert_eq!(number_text("12,5"), Some(12.5));
        assert_eq!(number_text("12.5"), Some(12.5));
        assert_eq!(number_text("1.234"), Some(1234.0));
        assert_eq!(number_text("1.234,56"), Some(1234.56));
        assert_eq!(number_text("1 234"), Some(1234.0));
        assert_eq!(number_text("-3"), Some(-3.0));
        assert_eq!(number_text("1,2,3"), None);
        assert_eq!(number_text("12,"), Some(12.0));
        assert_eq!(number_text("due"), None);
        assert_eq!(number_text("1.2.3"), None);
        assert_eq!(number(&Data::Int(7)), Ok(7.0));
        assert_eq!(
            number(&s("-2")),
            Err("«-2» è fuori intervallo: il valore non può essere negativo".into())
        );
        assert_eq!(
            number(&s("dodici")),
            Err(
                "«dodici» non è un numero valido (scrivere solo il numero, ad esempio 12 o 12,5)"
                    .into()
            )
        );
    }

    #[test]
    fn the_notations_decided() {
        // Italian first: a dot before three digits groups thousands, a
        // comma is the decimal separator; a dot before other digit counts
        // can only be a decimal point.
        assert_eq!(number_text("1.160"), Some(1160.0));
        assert_eq!(number_text("2.000"), Some(2000.0));
        assert_eq!(number_text("1.5"), Some(1.5));
        assert_eq!(number_text("1,160"), Some(1.16));
        assert!(dot_could_be_decimal("1.160") && dot_could_be_decimal("2.000"));
        assert!(!dot_could_be_decimal("1.5") && !dot_could_be_decimal("1.234.567"));
        assert!(!dot_could_be_decimal("1,160") && !dot_could_be_decimal("1234"));
        // Yes/no in every unambiguous spelling.
        for t in ["S", "Yes", "TRUE", "1", "vero", "fatto"] {
            assert_eq!(yes_no(&s(t)), Ok(true), "{t}");
        }
        for t in ["N", "no", "FALSE", "0", "falso"] {
            assert_eq!(yes_no(&s(t)), Ok(false), "{t}");
        }
        // Two-digit years are of this century (the reader then checks the
        // date is near the plan's year).
        assert_eq!(date(&s("30/06/23"), 2023), Ok(d(2023, 6, 30)));
        assert_eq!(date(&s("1/7/24"), 2023), Ok(d(2024, 7, 1)));
    }

    #[test]
    fn percentages_three_ways() {
        let p = |c: &Data| percentage(c, false);
        assert_eq!(p(&s("0,9")), Ok(90.0));
        assert_eq!(p(&Data::Float(0.9)), Ok(90.0));
        assert_eq!(p(&s("90")), Ok(90.0));
        assert_eq!(p(&s("90%")), Ok(90.0));
        assert_eq!(p(&s("87,5 %")), Ok(87.5));
        assert_eq!(p(&Data::Float(92.5 / 100.0)), Ok(92.5));
        assert_eq!(p(&Data::Float(0.005)), Ok(0.5));
        assert_eq!(
            p(&s("120%")),
            Err("«120%» è fuori intervallo: una percentuale va da 0 a 100%".into())
        );
        // What a formula leaves where a person sees 100%.
        assert_eq!(p(&Data::Float(1.0000000000000002)), Ok(100.0));
        assert_eq!(p(&Data::Float(0.1 + 0.2 + 0.7)), Ok(100.0));
    }

    #[test]
    fn percent_cells_hold_fractions() {
        let pc = |c: &Data| percentage(c, true);
        assert_eq!(pc(&Data::Float(0.9)), Ok(90.0));
        assert_eq!(pc(&Data::Float(1.0000000000000002)), Ok(100.0));
        assert_eq!(pc(&Data::Int(1)), Ok(100.0));
        assert_eq!(
            pc(&Data::Float(1.05)),
            Err("«105%» è fuori intervallo: una percentuale va da 0 a 100%".into())
        );
        // Text typed into a percent cell keeps its own notation.
        assert_eq!(pc(&s("90%")), Ok(90.0));
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.00%;[Red]-0.00%"));
        assert!(!is_percent_format("0\"%\""));
        assert!(!is_percent_format("\\%0"));
        assert!(!is_percent_format("General"));
    }

    #[test]
    fn yes_no_words() {
        for t in ["Sì", "si", "SI", "sí", "X", "x", "Si'"] {
            assert_eq!(yes_no(&s(t)), Ok(true), "{t}");
        }
        for t in ["No", "NO", "n"] {
            assert_eq!(yes_no(&s(t)), Ok(false), "{t}");
        }
        assert_eq!(yes_no(&Data::Bool(true)), Ok(true));
        assert_eq!(
            yes_no(&s("forse")),
            Err("«forse» non è una risposta valida: scrivere «Sì» o «No»".into())
        );
    }

    #[test]
    fn statuses() {
        assert_eq!(status(&s("raggiunto")), Ok(ProposedStatus::Achieved));
        assert_eq!(
            status(&s("PARZIALMENTE RAGGIUNTO")),
            Ok(ProposedStatus::PartiallyAchieved)
        );
        assert_eq!(status(&s("Non raggiunto")), Ok(ProposedStatus::NotAchieved));
        assert_eq!(status(&s("n.a.")), Ok(ProposedStatus::NotApplicable));
        assert!(status(&s("quasi")).is_err());
    }

    #[test]
    fn formula_errors() {
        assert_eq!(
            formula_error(&Data::Error(calamine::CellErrorType::Div0)),
            Some("la cella contiene un errore di formula (#DIV/0!): scrivere il valore".into())
        );
        assert!(formula_error(&s("#N/D")).is_some());
        assert!(formula_error(&s("=A1")).is_none());
    }

    #[test]
    fn control_characters_are_removed_and_counted() {
        assert_eq!(
            without_controls("a\u{1b}[2Jb\r\nc\td\u{FFFF}\u{0}".into()),
            ("a[2Jb\nc\td".to_string(), 4)
        );
        assert_eq!(without_controls("è già".into()), ("è già".to_string(), 0));
        // Invisible format characters pasted with a text go the same way.
        assert_eq!(
            without_controls("\u{FEFF}riga\u{2028}due\u{2060}".into()),
            ("rigadue".to_string(), 3)
        );
    }

    #[test]
    fn text_keeps_what_was_typed() {
        assert_eq!(text(&s("  =SOMMA(A1)  ")), Ok(Some("=SOMMA(A1)".into())));
        assert_eq!(text(&Data::Int(45)), Ok(Some("45".into())));
        assert_eq!(text(&s("   ")), Ok(None));
        assert_eq!(
            text(&Data::DateTimeIso("2023-05-12T00:00:00".into())),
            Ok(Some("12/05/2023".into()))
        );
    }
}
