//! Italian formatting of dates and numbers, shared by every module that
//! writes text for people ("30 giugno 2023", "85,5%", "1.000").

use chrono::{Datelike, NaiveDate};

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

/// Name of the month, 1-based ("giugno" for 6).
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// "30 giugno 2023"; the first of the month is "1º giugno 2023", as Italian style wants.
pub fn date_long(d: NaiveDate) -> String {
    let day = if d.day() == 1 {
        "1º".to_string()
    } else {
        d.day().to_string()
    };
    format!("{day} {} {}", month_name(d.month()), d.year())
}

/// The long date after an article or articulated preposition, elided
/// before a vowel sound: `("al", 11 agosto)` → "all'11 agosto 2023",
/// `("il", 30 giugno)` → "il 30 giugno 2023", `("entro il", 8 marzo)` →
/// "entro l'8 marzo 2024".
pub fn date_long_after(article: &str, d: NaiveDate) -> String {
    let long = date_long(d);
    // "otto" and "undici" are the only day numbers that start with a vowel.
    if !matches!(d.day(), 8 | 11) {
        return format!("{article} {long}");
    }
    let (head, last) = match article.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), article),
    };
    let elided = match last {
        "il" => "l'",
        "al" => "all'",
        "del" => "dell'",
        "dal" => "dall'",
        "nel" => "nell'",
        "sul" => "sull'",
        other => return format!("{head}{other} {long}"),
    };
    format!("{head}{elided}{long}")
}

/// "30/06/2023".
pub fn date_short(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A document date as settings files and the command line take it:
/// "30/04/2024" or "2024-04-30".
pub fn parse_document_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
}

/// A number with `decimals` digits after a decimal comma and dots between
/// thousands, trailing zeros of the decimals removed: 1000 → "1.000",
/// 2.5 → "2,5", 85.0 → "85".
pub fn number(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (s.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let negative = x < 0.0 && (int != "0" || !frac.is_empty());
    let mut out = if negative {
        format!("-{grouped}")
    } else {
        grouped
    };
    if !frac.is_empty() {
        out.push(',');
        out.push_str(&frac);
    }
    out
}

/// A fraction as a percentage with one decimal at most: 0.855 → "85,5%", 1.0 → "100%".
pub fn percent(fraction: f64) -> String {
    format!("{}%", number(fraction * 100.0, 1))
}

/// "1 giorno" / "12 giorni".
pub fn days(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} giorno")
    } else {
        format!("{n} giorni")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(date_long(d(2023, 6, 30)), "30 giugno 2023");
        assert_eq!(date_long(d(2023, 10, 1)), "1º ottobre 2023");
        assert_eq!(date_short(d(2023, 7, 3)), "03/07/2023");
        assert_eq!(date_long_after("al", d(2023, 8, 11)), "all'11 agosto 2023");
        assert_eq!(
            date_long_after("entro il", d(2024, 3, 8)),
            "entro l'8 marzo 2024"
        );
        assert_eq!(date_long_after("al", d(2023, 6, 30)), "al 30 giugno 2023");
        assert_eq!(date_long_after("al", d(2023, 10, 1)), "al 1º ottobre 2023");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(1000.0, 0), "1.000");
        assert_eq!(number(1234567.891, 2), "1.234.567,89");
        assert_eq!(number(2.5, 1), "2,5");
        assert_eq!(number(85.0, 1), "85");
        assert_eq!(number(-3.25, 2), "-3,25");
        assert_eq!(number(-0.001, 1), "0");
        assert_eq!(percent(0.855), "85,5%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(days(1), "1 giorno");
        assert_eq!(days(12), "12 giorni");
    }
}
