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
/// "30/04/2024" (or "30.04.2024", "30-04-2024", see [`parse_dmy`]) or
/// "2024-04-30".
pub fn parse_document_date(s: &str) -> Option<NaiveDate> {
    parse_dmy(s).ok().or_else(|| parse_iso(s))
}

/// "2024-04-30", with a four-digit year, two-digit month and day: chrono's
/// `%Y` alone would read "18-04-24" as 24 April of the year 18 (review 35
/// n. 6).
fn parse_iso(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shape
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
}

/// A day/month/year date with a two-digit year ("18-04-24", "1/4/24"),
/// which is refused, not guessed: the same date with the year in four
/// digits of this century, for the message to show as the form to write.
pub fn two_digit_year_example(s: &str) -> Option<String> {
    let s = s.trim();
    let sep = s.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let parts: Vec<&str> = s.split(sep).collect();
    let digits =
        |p: &str, n: usize| (1..=n).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [d, m, y] if digits(d, 2) && digits(m, 2) && digits(y, 2) && y.len() == 2 => {
            Some(format!("{d:0>2}/{m:0>2}/20{y}"))
        }
        _ => None,
    }
}

/// Why a text is not a day/month/year date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not in the form day, month, four-digit year.
    Format,
    /// In that form, but no such day ("31/02/2024").
    Impossible,
}

/// A date written day, month, year with one separator, as Italian offices
/// write it: "31/12/2023", "1/7/2023", "09.08.2024", "09-08-2024". The
/// year has four digits: "09.08.24" is refused, not guessed.
pub fn parse_dmy(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    let Some(sep) = s.chars().find(|c| matches!(c, '/' | '.' | '-')) else {
        return Err(DateError::Format);
    };
    let parts: Vec<&str> = s.split(sep).collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(DateError::Format);
    };
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(d, 1, 2) || !digits(m, 1, 2) || !digits(y, 4, 4) {
        return Err(DateError::Format);
    }
    let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) else {
        return Err(DateError::Format);
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::Impossible)
}

/// A date found inside a free text such as an act's citation ("DGC n. 12
/// del 09.08.2024"): the word as written, its byte offset in the text, and
/// the date, or why the word that looks like a date is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateInText {
    pub word: String,
    pub offset: usize,
    pub date: Result<NaiveDate, DateError>,
}

/// The words of `text` that look like a day/month/year date (digits and
/// two equal separators `/`, `.` or `-`), in order, each read with
/// [`parse_dmy`]: "n. 3/2024" is no date, "31.02.2024" is a wrong one.
pub fn dates_in_text(text: &str) -> Vec<DateInText> {
    // An apostrophe breaks a word too: «dell'11/08/2023».
    let is_break = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '\'' | '’');
    let mut out = Vec::new();
    let mut words = Vec::new();
    let mut begin = None;
    for (i, c) in text.char_indices() {
        match (is_break(c), begin) {
            (true, Some(b)) => {
                words.push((b, &text[b..i]));
                begin = None;
            }
            (false, None) => begin = Some(i),
            _ => {}
        }
    }
    if let Some(b) = begin {
        words.push((b, &text[b..]));
    }
    for (offset, word) in words {
        let w = word.trim_end_matches(['.', ':']);
        let Some(sep) = w.chars().find(|c| matches!(c, '/' | '.' | '-')) else {
            continue;
        };
        let looks_like_date = w.split(sep).count() == 3
            && w.split(sep)
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if looks_like_date {
            out.push(DateInText {
                word: w.to_string(),
                offset,
                date: parse_dmy(w),
            });
        }
    }
    out
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

/// A number with exactly `decimals` digits after the comma, dots between
/// thousands: scores and points «al centesimo» (94 → "94,00").
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = number(x, decimals);
    if decimals == 0 || s == "—" {
        return s;
    }
    let have = s.split_once(',').map_or(0, |(_, d)| d.len());
    let mut out = s;
    if have == 0 {
        out.push(',');
    }
    out.push_str(&"0".repeat(decimals - have));
    out
}

/// "€ 1.234,50": amounts always show the cents.
pub fn euro(x: f64) -> String {
    format!("€ {}", fixed(x, 2))
}

/// A fraction as a percentage with one decimal at most: 0.855 → "85,5%", 1.0 → "100%".
pub fn percent(fraction: f64) -> String {
    format!("{}%", number(fraction * 100.0, 1))
}

/// A grade before a correction and the grade after it, as percentages
/// that never read alike when the grades differ: one decimal, or as many
/// more (up to three) as tell them apart: (0.7593, 0.7587) → ("75,93%",
/// "75,87%"), where one decimal would print 75,9% twice.
pub fn percents_apart(before: f64, after: f64) -> (String, String) {
    for decimals in 1..=3 {
        let (b, a) = (
            number(before * 100.0, decimals),
            number(after * 100.0, decimals),
        );
        if b != a {
            return (format!("{b}%"), format!("{a}%"));
        }
    }
    (percent(before), percent(after))
}

/// The grade after a correction with the decimals that tell it from the
/// grade before, when one decimal (`percent`) does not: `None` otherwise.
pub fn percent_after_if_finer(before: f64, after: f64) -> Option<String> {
    let (_, a) = percents_apart(before, after);
    (a != percent(after)).then_some(a)
}

/// The grade before a correction, for a line that follows the grade
/// after it: "75,93% (75,87% dopo le correzioni)" when one decimal would
/// print both as 75,9%, else "70%".
pub fn before_and_after(before: f64, after: f64) -> String {
    let (b, _) = percents_apart(before, after);
    match percent_after_if_finer(before, after) {
        Some(a) => format!("{b} ({a} dopo le correzioni)"),
        None => b,
    }
}

/// [`percent`], or "—" where there is no figure (a grade not computed).
pub fn percent_or_dash(fraction: Option<f64>) -> String {
    fraction.map(percent).unwrap_or_else(|| "—".to_string())
}

/// "1 giorno" / "12 giorni".
pub fn days(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} giorno")
    } else {
        format!("{n} giorni")
    }
}

/// The article a number written in digits takes, read aloud: "l'8",
/// "l'11", "l'80%", "l'1º", "lo 0%", otherwise "il" ("il 30", "il 100%").
fn number_article(digits: &str) -> &'static str {
    let int: String = digits
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .filter(char::is_ascii_digit)
        .collect();
    let Ok(n) = int.parse::<u64>() else {
        return "il";
    };
    // Read aloud, these begin with a vowel: uno (un/l'1), otto, undici,
    // ottanta…, ottocento…, and 8 000, 11 000…; "zero" takes "lo".
    let lead = if n >= 1000 {
        n / 10u64.pow((n.ilog10() / 3) * 3)
    } else {
        n
    };
    match (n, lead) {
        (0, _) => "lo",
        (_, 1 | 8 | 11) => "l'",
        (_, 80..=89 | 800..=899) => "l'",
        _ => "il",
    }
}

/// `prep` ("", "di", "a", "da", "in", "su") fused with the article `text`
/// (a number, a percentage or a date in digits or words) takes:
/// ("a", "80%") → "all'80%", ("di", "11 agosto 2023") → "dell'11 agosto
/// 2023", ("", "0%") → "lo 0%", ("di", "30/06/2023") → "del 30/06/2023".
pub fn with_article(prep: &str, text: &str) -> String {
    // The first of the month is read "primo": "il 1º giugno", "il 01/06".
    let first_of_month = ["1º", "01/", "1/"].iter().any(|p| text.starts_with(p));
    let article = if first_of_month {
        "il"
    } else {
        number_article(text)
    };
    let stem = match prep {
        "di" => "de",
        "a" => "a",
        "da" => "da",
        "in" => "ne",
        "su" => "su",
        _ => "",
    };
    let fused = match (stem, article) {
        ("", a) => a.to_string(),
        (st, "il") => format!("{st}l"),
        (st, "l'") => format!("{st}ll'"),
        (st, _) => format!("{st}llo"),
    };
    if fused.ends_with('\'') {
        format!("{fused}{text}")
    } else {
        format!("{fused} {text}")
    }
}

/// A span of dates in words: «dal 01/02/2025 al 31/03/2025», «entro il
/// 31/03/2025», «dal 01/02/2025»; `None` without either date.
pub fn period(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Option<String> {
    match (start, end) {
        (Some(a), Some(b)) => Some(format!("dal {} al {}", date_short(a), date_short(b))),
        (None, Some(b)) => Some(format!("entro il {}", date_short(b))),
        (Some(a), None) => Some(format!("dal {}", date_short(a))),
        (None, None) => None,
    }
}

/// `text` as a sentence of a paragraph made of several people's texts
/// (the motivations of two phases, side by side): ended with a full stop
/// when it ends with none, so that two never run together («… del modulo
/// pagamenti Collaudo slittato …»).
pub fn as_sentence(text: &str) -> String {
    let t = text.trim();
    match t.chars().last() {
        None => String::new(),
        Some('.' | '!' | '?' | '…' | ';') => t.to_string(),
        Some(_) => format!("{t}."),
    }
}

/// Alternatives quoted and joined for a hint: ["PIAO", "PEG", "delibera"]
/// → `"PIAO", "PEG" oppure "delibera"`.
pub fn or_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} oppure {last}", rest.join(", ")),
    }
}

/// A count with its unit agreeing in number: (1, "corsi") → "1 corso",
/// (2, "corsi") → "2 corsi", (1, "verifiche al mese") → "1 verifica al
/// mese". The plan writes units in the plural; the common Italian endings
/// are turned to the singular word by word, up to the first preposition.
pub fn count(n: f64, unit: &str) -> String {
    let unit = unit.trim();
    let digits = number(n, 2);
    if unit.is_empty() {
        return digits;
    }
    if (n - 1.0).abs() > f64::EPSILON {
        return format!("{digits} {unit}");
    }
    format!("{digits} {}", singular(unit))
}

/// "giornate formative" → "giornata formativa"; stops at the first word
/// that is not inflected with the noun (a preposition, a number).
pub fn singular(phrase: &str) -> String {
    const STOP: &[&str] = &[
        "di", "a", "da", "in", "su", "per", "con", "tra", "fra", "al", "allo", "alla", "ai",
        "agli", "alle", "del", "dello", "della", "dei", "degli", "delle", "nel", "nella", "nei",
        "nelle", "sul", "sulla", "sui", "e", "o", "entro", "l'anno", "all'anno",
    ];
    let mut out: Vec<String> = Vec::new();
    let mut inflect = true;
    for w in phrase.split(' ') {
        if inflect
            && (STOP.contains(&w.to_lowercase().as_str()) || !w.chars().all(char::is_alphabetic))
        {
            inflect = false;
        }
        out.push(if inflect {
            singular_word(w)
        } else {
            w.to_string()
        });
    }
    out.join(" ")
}

fn singular_word(w: &str) -> String {
    // Invariable: abbreviations, foreign words, stressed endings.
    if w.chars().count() < 3
        || w.chars().any(|c| c.is_uppercase())
            && w.len() > 1
            && w.chars().skip(1).any(|c| c.is_uppercase())
    {
        return w.to_string();
    }
    // Plurals in «-ori» are mostly of nouns and adjectives in «-ore»
    // (minori, valori, colori); the few of «-oro» are listed.
    match w {
        "lavori" => return "lavoro".to_string(),
        "tesori" => return "tesoro".to_string(),
        "cori" => return "coro".to_string(),
        "fori" => return "foro".to_string(),
        _ => {}
    }
    let rules: &[(&str, &str)] = &[
        ("ioni", "ione"),
        ("ori", "ore"),
        ("anti", "ante"),
        ("enti", "ente"),
        ("tori", "tore"),
        ("sori", "sore"),
        ("zie", "zia"),
        ("ghi", "go"),
        ("chi", "co"),
        ("ghe", "ga"),
        ("che", "ca"),
        ("gli", "glio"),
        ("i", "o"),
        ("e", "a"),
    ];
    for (from, to) in rules {
        if let Some(stem) = w.strip_suffix(from) {
            return format!("{stem}{to}");
        }
    }
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::build::d;

    #[test]
    fn plurals_in_ori_take_their_own_singular() {
        assert_eq!(count(1.0, "minori coinvolti"), "1 minore coinvolto");
        assert_eq!(count(1.0, "lavori pubblici"), "1 lavoro pubblico");
        assert_eq!(count(1.0, "valori"), "1 valore");
        assert_eq!(count(1.0, "settori"), "1 settore");
    }

    #[test]
    fn a_motivation_without_a_full_stop_gets_one() {
        assert_eq!(
            as_sentence(" Ritardo del fornitore "),
            "Ritardo del fornitore."
        );
        assert_eq!(as_sentence("Fatto."), "Fatto.");
        assert_eq!(as_sentence("Davvero?"), "Davvero?");
        assert_eq!(as_sentence(""), "");
    }

    #[test]
    fn dates_with_dots_or_dashes_are_read_and_two_digit_years_refused() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_dmy("09.08.2024"), Ok(d(2024, 8, 9)));
        assert_eq!(parse_dmy("9-8-2024"), Ok(d(2024, 8, 9)));
        assert_eq!(parse_dmy("1/7/2023"), Ok(d(2023, 7, 1)));
        assert_eq!(parse_dmy("09.08.24"), Err(DateError::Format));
        assert_eq!(parse_dmy("09.08/2024"), Err(DateError::Format));
        assert_eq!(parse_dmy("31.02.2024"), Err(DateError::Impossible));
        assert_eq!(parse_document_date("09.08.2024"), Some(d(2024, 8, 9)));
        assert_eq!(parse_document_date("2024-08-09"), Some(d(2024, 8, 9)));
        // A two-digit year is never read as the year 18 or 24 (review 35 n. 6).
        for s in ["18-04-24", "18/04/24", "18.04.24", "24-04-18", "2024-4-18"] {
            assert_eq!(parse_document_date(s), None, "{s}");
        }
        assert_eq!(
            two_digit_year_example("18-04-24").as_deref(),
            Some("18/04/2024")
        );
        assert_eq!(
            two_digit_year_example("1/4/24").as_deref(),
            Some("01/04/2024")
        );
        assert_eq!(two_digit_year_example("18/04/2024"), None);
        assert_eq!(two_digit_year_example("2024-04-18"), None);
        let found = dates_in_text("DGC n. 3/2024 del 09.08.2024, poi 31.02.2024.");
        let elided = dates_in_text("Determinazione n. 140 dell’11/08/2023");
        assert_eq!(elided[0].date, Ok(d(2023, 8, 11)), "{elided:?}");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].date, Ok(d(2024, 8, 9)));
        assert_eq!(found[0].word, "09.08.2024");
        assert_eq!(
            &"DGC n. 3/2024 del 09.08.2024"[found[0].offset..],
            "09.08.2024"
        );
        assert_eq!(found[1].date, Err(DateError::Impossible));
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

    #[test]
    fn grades_before_and_after_a_correction_never_read_alike() {
        assert_eq!(
            percents_apart(0.7593, 0.7587),
            ("75,93%".into(), "75,87%".into())
        );
        assert_eq!(percents_apart(0.70, 0.80), ("70%".into(), "80%".into()));
        assert_eq!(
            percents_apart(0.75904, 0.75896),
            ("75,904%".into(), "75,896%".into())
        );
        assert_eq!(
            percent_after_if_finer(0.7593, 0.7587),
            Some("75,87%".into())
        );
        assert_eq!(percent_after_if_finer(0.70, 0.80), None);
        // A grade moved to one that reads alike at 1 decimal only because
        // of a trailing zero keeps it: 75,9% and 75,93%.
        assert_eq!(
            percents_apart(0.7593, 0.759),
            ("75,93%".into(), "75,9%".into())
        );
        assert_eq!(percent_after_if_finer(0.7593, 0.759), None);
        assert_eq!(
            before_and_after(0.7593, 0.7587),
            "75,93% (75,87% dopo le correzioni)"
        );
        assert_eq!(before_and_after(0.70, 0.80), "70%");
    }

    #[test]
    fn articles_with_numbers_and_dates() {
        assert_eq!(with_article("", "11 agosto 2023"), "l'11 agosto 2023");
        assert_eq!(with_article("di", "8 gennaio 2023"), "dell'8 gennaio 2023");
        assert_eq!(with_article("di", "11/01/2023"), "dell'11/01/2023");
        assert_eq!(with_article("di", "30/06/2023"), "del 30/06/2023");
        assert_eq!(with_article("", "1º giugno 2023"), "il 1º giugno 2023");
        assert_eq!(with_article("di", "01/12/2023"), "del 01/12/2023");
        assert_eq!(with_article("a", "1%"), "all'1%");
        assert_eq!(with_article("a", "80%"), "all'80%");
        assert_eq!(with_article("a", "90%"), "al 90%");
        assert_eq!(with_article("", "0%"), "lo 0%");
        assert_eq!(with_article("", "100%"), "il 100%");
        assert_eq!(with_article("a", "85,5%"), "all'85,5%");
        assert_eq!(with_article("di", "8.000"), "dell'8.000");
        assert_eq!(with_article("di", "18"), "del 18");
    }

    #[test]
    fn counts_agree_with_their_unit() {
        assert_eq!(count(1.0, "corsi"), "1 corso");
        assert_eq!(count(2.0, "corsi"), "2 corsi");
        assert_eq!(count(1.0, "richiami"), "1 richiamo");
        assert_eq!(count(1.0, "verifiche al mese"), "1 verifica al mese");
        assert_eq!(count(1.0, "offerte"), "1 offerta");
        assert_eq!(count(1.0, "giornate formative"), "1 giornata formativa");
        assert_eq!(count(1.0, "associazioni"), "1 associazione");
        assert_eq!(count(1.0, "partecipanti"), "1 partecipante");
        assert_eq!(
            count(1.0, "incontri con le scuole"),
            "1 incontro con le scuole"
        );
        assert_eq!(count(1.5, "ore"), "1,5 ore");
        assert_eq!(count(3.0, ""), "3");
    }
}
