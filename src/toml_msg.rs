//! TOML errors in Italian: the toml crate's syntax messages and the serde
//! messages of typed files (unknown or missing keys, wrong types), so no
//! English reaches the user.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Longest text one TOML value may hold: a long description is a few
/// thousand characters; a megabyte of combining accents is an accident (or
/// an attack) that would take minutes to lay out.
pub const MAX_TEXT: usize = 20_000;

/// Span and length (in characters) of every string longer than
/// [`MAX_TEXT`] in `table`, keys included.
pub fn overlong(table: &DeTable<'_>) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    let mut stack = Vec::new();
    walk_table(table, &mut out, &mut stack);
    out
}

fn walk_table<'t, 'a>(
    table: &'t DeTable<'a>,
    out: &mut Vec<(Range<usize>, usize)>,
    stack: &mut Vec<&'t Spanned<DeValue<'a>>>,
) {
    for (k, v) in table.iter() {
        let n = k.get_ref().chars().count();
        if n > MAX_TEXT {
            out.push((k.span(), n));
        }
        stack.push(v);
    }
    while let Some(v) = stack.pop() {
        match v.get_ref() {
            DeValue::String(s) => {
                let n = s.chars().count();
                if n > MAX_TEXT {
                    out.push((v.span(), n));
                }
            }
            DeValue::Array(items) => stack.extend(items.iter()),
            DeValue::Table(t) => {
                for (k, v) in t.iter() {
                    let n = k.get_ref().chars().count();
                    if n > MAX_TEXT {
                        out.push((k.span(), n));
                    }
                    stack.push(v);
                }
            }
            _ => {}
        }
    }
}

/// The message for a text of `n` characters over the limit.
pub fn overlong_message(n: usize) -> String {
    format!("testo troppo lungo ({n} caratteri, al massimo {MAX_TEXT}): abbreviarlo")
}

/// The toml crate's message `raw`, syntax or serde, in Italian.
pub fn italian(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(m) = serde_message(raw) {
        return m;
    }
    syntax(raw)
}

/// [`italian`], told where the value stands in `source`: a date written
/// without quotes (`data = 2024-04-30`, a TOML date where a text is
/// expected) reaches serde as a table, which [`italian`] alone would call
/// «una tabella». Said as what it is, with the date to write instead.
pub fn italian_at(raw: &str, source: &str, span: Option<Range<usize>>) -> String {
    if raw.trim().starts_with("invalid type: map")
        && let Some(value) = span.and_then(|s| source.get(s.start..))
        && let Some(date) = bare_date(value)
    {
        return format!(
            "«{}» è una data senza virgolette: le date vanno scritte tra virgolette come GG/MM/AAAA, qui \"{}\"",
            date.0,
            date.1.format("%d/%m/%Y")
        );
    }
    italian(raw)
}

/// The TOML date `value` starts with ("2024-04-30", a time after it
/// ignored), with its day.
fn bare_date(value: &str) -> Option<(&str, chrono::NaiveDate)> {
    let lit = value.get(..10)?;
    let date = chrono::NaiveDate::parse_from_str(lit, "%Y-%m-%d").ok()?;
    Some((lit, date))
}

/// Names between backticks in a serde message: "`dataa`" → "dataa".
fn ticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

fn serde_message(raw: &str) -> Option<String> {
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let names = ticked(rest);
        let (field, allowed) = names.split_first()?;
        return Some(if allowed.is_empty() {
            format!("chiave sconosciuta «{field}»")
        } else {
            format!(
                "chiave sconosciuta «{field}»: le chiavi ammesse sono {}",
                allowed
                    .iter()
                    .map(|a| format!("«{a}»"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let names = ticked(rest);
        let (value, allowed) = names.split_first()?;
        return Some(format!(
            "valore «{value}» non ammesso: i valori ammessi sono {}",
            allowed
                .iter()
                .map(|a| format!("«{a}»"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        return Some(format!("manca la chiave «{}»", ticked(rest).first()?));
    }
    if raw.starts_with("duplicate field ") || raw == "duplicate key" {
        let names = ticked(raw);
        return Some(match names.first() {
            Some(n) => format!("chiave «{n}» ripetuta: ogni chiave va scritta una volta sola"),
            None => "chiave ripetuta: ogni chiave va scritta una volta sola".to_string(),
        });
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ")?;
        return Some(format!(
            "tipo di valore non valido: c'è {}, serve {}",
            kind(found),
            kind(expected)
        ));
    }
    if raw.starts_with("invalid length") || raw.starts_with("invalid value") {
        return Some("valore non valido".to_string());
    }
    None
}

/// A serde type description in Italian.
fn kind(what: &str) -> String {
    let w = what.trim();
    let base = w.split([' ', '(']).next().unwrap_or(w);
    match base {
        "string" | "a" if w.contains("string") => "un testo".into(),
        "string" => "un testo".into(),
        "integer" => "un numero intero".into(),
        "floating" | "float" | "f64" | "f32" => "un numero".into(),
        "boolean" => "true o false".into(),
        "sequence" | "array" => "una lista".into(),
        "map" | "table" => "una tabella".into(),
        _ if w.contains("string") => "un testo".into(),
        _ if w.contains("integer") || w.contains("u32") || w.contains("i64") => {
            "un numero intero".into()
        }
        _ if w.contains("float") || w.contains("f64") => "un numero".into(),
        _ if w.contains("bool") => "true o false".into(),
        _ if w.contains("sequence") => "una lista".into(),
        _ if w.contains("map") || w.contains("struct") => "una tabella".into(),
        _ => "un altro tipo di valore".into(),
    }
}

/// A syntax message of the toml parser, in Italian.
fn syntax(message: &str) -> String {
    let (description, expected) = match message.split_once(", expected ") {
        Some((d, e)) => (d, Some(e)),
        None => (message, None),
    };
    let it = match description {
        "duplicate key" => "chiave ripetuta".to_string(),
        "missing assignment between key-value pairs" => {
            "manca `=` tra la chiave e il valore".to_string()
        }
        "extra assignment between key-value pairs" | "extra `=`" | "unexpected `=` in array" => {
            "`=` di troppo".to_string()
        }
        "string values must be quoted" => "i testi vanno scritti tra virgolette".to_string(),
        "invalid basic string" => {
            "testo tra virgolette non valido (virgolette non chiuse?)".to_string()
        }
        "invalid multi-line basic string" => "testo su più righe non valido".to_string(),
        "missing comma between array elements" => {
            "manca una virgola tra gli elementi della lista".to_string()
        }
        "missing comma between key-value pairs" => {
            "manca una virgola tra le coppie chiave = valore".to_string()
        }
        "extra comma in array" | "extra comma in inline table" => "virgola di troppo".to_string(),
        "unclosed array" => "lista non chiusa: manca `]`".to_string(),
        "unclosed inline table" => "tabella non chiusa: manca `}`".to_string(),
        "unclosed table" => "intestazione di sezione non chiusa: manca `]`".to_string(),
        "unclosed array table" => "intestazione di sezione non chiusa: manca `]]`".to_string(),
        "missing value" | "missing value for key" | "key with no value" => {
            "manca il valore".to_string()
        }
        "invalid value" => "valore non valido".to_string(),
        "invalid key-value pair" => "coppia chiave = valore non valida".to_string(),
        "invalid unquoted key" => "nome di chiave non valido".to_string(),
        "unquoted keys cannot be empty" => "nome di chiave vuoto".to_string(),
        "unexpected key or value" | "unexpected content" => "contenuto inatteso".to_string(),
        "unexpected content between comment and newline" | "invalid comment character" => {
            "carattere non ammesso in un commento".to_string()
        }
        "missing comment start" => "manca `#` all'inizio del commento".to_string(),
        "unexpected leading zero" => "zero iniziale non ammesso in un numero".to_string(),
        "missing escaped value" => "sequenza `\\` incompleta".to_string(),
        "carriage return must be followed by newline" => "ritorno a capo non valido".to_string(),
        "missing key for inline table element" => {
            "manca la chiave in un elemento della tabella".to_string()
        }
        "missing opening quote" => "manca la virgoletta di apertura".to_string(),
        "missing table open" | "missing inline table opening" | "missing array opening" => {
            "manca la parentesi di apertura".to_string()
        }
        "recursion limit" | "cannot recurse further; max recursion depth met" => {
            "struttura annidata troppo in profondità".to_string()
        }
        "invalid date" => "data non valida".to_string(),
        "invalid time" => "orario non valido".to_string(),
        "invalid datetime" => "data e ora non valide".to_string(),
        d if d.starts_with("cannot extend value of type") => {
            "impossibile aggiungere chiavi a un valore già definito".to_string()
        }
        "invalid float" | "invalid number" | "invalid floating-point number" => {
            "numero non valido (per i decimali usare il punto, es. 2.5)".to_string()
        }
        "invalid integer" | "invalid integer number" => "numero intero non valido".to_string(),
        "invalid string" | "invalid literal string" => "testo non valido".to_string(),
        "invalid array" => "lista non valida".to_string(),
        "invalid inline table" => "tabella non valida".to_string(),
        "invalid table header" | "invalid array table header" => {
            "intestazione di sezione non valida".to_string()
        }
        "invalid key" => "nome di chiave non valido".to_string(),
        "invalid boolean" => "valore non valido: scrivere true o false".to_string(),
        "number too large to fit in target type" => "numero troppo grande".to_string(),
        // Never the parser's English: the location says where to look.
        _ => "questo punto non si può leggere".to_string(),
    };
    let mut out = format!("sintassi TOML non valida: {it}");
    // "manca `]`" already says what is expected.
    if let Some(e) = expected.filter(|_| !it.contains("manca")) {
        let items: Vec<String> = e.split(", ").map(expected_item).collect();
        out.push_str(&format!(" (atteso: {})", items.join(", ")));
    }
    out
}

fn expected_item(item: &str) -> String {
    let words = [
        ("newline", "fine riga"),
        ("nothing", "nulla"),
        ("literal string", "testo tra apici"),
        ("multi-line basic string", "testo su più righe"),
        ("basic string", "testo tra virgolette"),
        ("key", "una chiave"),
        ("value", "un valore"),
        ("digits", "cifre"),
        ("numbers", "cifre"),
        ("letters", "lettere"),
        ("characters", "caratteri"),
        ("etc", "altro"),
    ];
    if let Some((_, it)) = words.iter().find(|(en, _)| *en == item) {
        return it.to_string();
    }
    // "day between 01 and 28" and similar, from date parsing.
    item.replace(" between ", " tra ")
        .replace(" and ", " e ")
        .replace("hours", "ore")
        .replace("minutes", "minuti")
        .replace("day", "giorno")
        .replace("month", "mese")
        .replace("hour", "ora")
        .replace("minute", "minuto")
        .replace("second", "secondo")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_texts_are_found_at_any_depth() {
        let long = "\u{301}".repeat(MAX_TEXT + 1);
        let text = format!("a = \"ok\"\n[[b]]\nc = [\"x\", \"{long}\"]\n");
        let t = DeTable::parse(&text).unwrap();
        let found = overlong(t.get_ref());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, MAX_TEXT + 1);
        assert_eq!(&text[found[0].0.start..found[0].0.start + 1], "\"");
    }

    #[test]
    fn no_english_reaches_the_user() {
        assert_eq!(
            italian("unknown field `dataa`, expected one of `data`, `firme`"),
            "chiave sconosciuta «dataa»: le chiavi ammesse sono «data», «firme»"
        );
        assert_eq!(italian("missing field `anno`"), "manca la chiave «anno»");
        assert_eq!(
            italian("duplicate key"),
            "chiave ripetuta: ogni chiave va scritta una volta sola"
        );
        assert_eq!(
            italian("invalid type: string \"sì\", expected a boolean"),
            "tipo di valore non valido: c'è un testo, serve true o false"
        );
        assert_eq!(
            italian("invalid float"),
            "sintassi TOML non valida: numero non valido (per i decimali usare il punto, es. 2.5)"
        );
        assert_eq!(
            italian("some future message"),
            "sintassi TOML non valida: questo punto non si può leggere"
        );
        assert_eq!(
            italian("invalid basic string, expected `\"`"),
            "sintassi TOML non valida: testo tra virgolette non valido (virgolette non chiuse?) (atteso: `\"`)"
        );
    }

    /// `data = 2024-04-30` is a TOML date, which serde reports as a
    /// table: the message says it is a date without quotes and gives the
    /// same day to write (review of #20: «c'è una tabella, serve un testo»).
    #[test]
    fn a_date_without_quotes_is_said_as_such() {
        let source = "data = 2024-04-30\n";
        assert_eq!(
            italian_at("invalid type: map, expected a string", source, Some(7..17)),
            "«2024-04-30» è una data senza virgolette: le date vanno scritte tra virgolette come GG/MM/AAAA, qui \"30/04/2024\""
        );
        // A real table is still a table.
        let source = "data = { a = 1 }\n";
        assert_eq!(
            italian_at("invalid type: map, expected a string", source, Some(7..16)),
            "tipo di valore non valido: c'è una tabella, serve un testo"
        );
    }
}
