//! `inputs/validazione-<anno>.toml`: the evaluator's own words in the
//! documento di validazione (one text per heading, the observations) and
//! its conclusion. Read with the spanned reader of `smvp.toml` and the
//! evaluator's decisions, so every problem is at its line and column.
//!
//! ```toml
//! anno = 2023
//! esito = "validata_con_osservazioni"   # "validata" | "non_validata"
//! osservazioni = "…"
//! [testi]
//! conformita = "…"
//! attendibilita = "…"
//! comprensibilita = "…"
//! indicatori = "…"
//! ```

use std::path::Path;

use toml::Spanned;
use toml::de::DeValue;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::scoring::toml_read::{self as tr, Doc, Table};
use crate::vocab::{Prep, Vocabulary};

/// The file's name for `year`.
pub fn file_name(year: i32) -> String {
    format!("validazione-{year}.toml")
}

/// The evaluator's conclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Validated,
    WithObservations,
    NotValidated,
}

impl Verdict {
    /// The value written in the file.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Validated => "validata",
            Verdict::WithObservations => "validata_con_osservazioni",
            Verdict::NotValidated => "non_validata",
        }
    }

    const ALL: [Verdict; 3] = [
        Verdict::Validated,
        Verdict::WithObservations,
        Verdict::NotValidated,
    ];
}

/// The keys of `[testi]`, one per heading of the document, in its order.
pub const HEADINGS: [&str; 4] = [
    "conformita",
    "attendibilita",
    "comprensibilita",
    "indicatori",
];

/// What the evaluator wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validation {
    /// `None`: the conclusion is not written yet (the draft says so).
    pub verdict: Option<Verdict>,
    /// Paragraphs per heading, in [`HEADINGS`]' order.
    pub texts: [Vec<String>; 4],
    pub observations: Vec<String>,
}

/// Reads the file at `path`, for the plan's `year`; `Ok(None)` when there
/// is none.
pub fn load(path: &Path, year: i32, vocab: &Vocabulary) -> Result<Option<Validation>, Diagnostics> {
    if !path.exists() && !path.is_symlink() {
        return Ok(None);
    }
    let what = format!(
        "il file della validazione {}",
        vocab.evaluator_short_prep(Prep::Di)
    );
    let text = crate::input::read_text(path)
        .map_err(|e| Diagnostics::from(e.into_diagnostic(path, &what)))?;
    parse(&text, path, year, vocab).map(Some)
}

/// A text, or a list of texts (paragraphs).
fn paragraphs(doc: &mut Doc<'_>, v: &Spanned<DeValue<'_>>, key: &str) -> Vec<String> {
    let list: Vec<String> = match v.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .filter_map(|i| tr::string(doc, i, key).map(str::to_string))
            .collect(),
        _ => tr::string(doc, v, key)
            .map(|s| vec![s.to_string()])
            .unwrap_or_default(),
    };
    list.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Parses `text`, the content of `path` (named in messages).
pub fn parse(
    text: &str,
    path: &Path,
    year: i32,
    vocab: &Vocabulary,
) -> Result<Validation, Diagnostics> {
    if let Some(y) = crate::checks::year_in_file_name(path, "validazione-")
        && y != year
    {
        return Err(Diagnostic::error(
            Location::file(path),
            format!("il file della validazione è del {y}, ma il piano è del {year}"),
        )
        .with_hint(format!(
            "usare {}, il file dello stesso anno del piano",
            file_name(year)
        ))
        .into());
    }
    let mut doc = Doc::new(path, text);
    let Some(root) = doc.parse() else {
        if let Some(d) = accented_key(text, path) {
            return Err(d.into());
        }
        return Err(doc.finish());
    };
    let mut top = Table::new(
        root.get_ref(),
        0..0,
        format!(
            "file della validazione {}",
            vocab.evaluator_short_prep(Prep::Di)
        ),
    );
    let mut out = Validation::default();
    if let Some(v) = top.get("anno")
        && let Some(y) = tr::number(&mut doc, v, "anno")
        && y != f64::from(year)
    {
        doc.error_hint(
            &v.span(),
            format!("il file è per l'anno {y}, ma il piano è del {year}"),
            &format!(
                "usare il file della validazione dello stesso anno del piano ({})",
                file_name(year)
            ),
        );
    }
    let verdict_at = top.get("esito").map(|v| v.span());
    if let Some(v) = top.get("esito")
        && let Some(s) = tr::string(&mut doc, v, "esito")
    {
        match Verdict::ALL.into_iter().find(|x| x.key() == s.trim()) {
            Some(x) => out.verdict = Some(x),
            None => doc.error_hint(
                &v.span(),
                format!("`esito` = «{s}» non è un esito della validazione"),
                "scrivere esito = \"validata\", \"validata_con_osservazioni\" oppure \"non_validata\"",
            ),
        }
    }
    let observations_at = top.get("osservazioni").map(|v| v.span());
    if let Some(v) = top.get("osservazioni") {
        out.observations = paragraphs(&mut doc, v, "osservazioni");
    }
    if let Some(v) = top.get("testi")
        && let Some(mut t) = tr::table(&mut doc, v, "[testi]")
    {
        for (i, key) in HEADINGS.iter().enumerate() {
            if let Some(v) = t.get(key) {
                out.texts[i] = paragraphs(&mut doc, v, key);
            }
        }
        t.finish(&mut doc);
    }
    if let (Some(span), Some(v)) = (verdict_at, out.verdict)
        && v != Verdict::Validated
        && out.observations.is_empty()
    {
        doc.error_hint(
            &span,
            format!(
                "`esito` = «{}» richiede le osservazioni {}",
                v.key(),
                vocab.evaluator_short_prep(Prep::Di)
            ),
            "aggiungere osservazioni = \"…\" con i rilievi che motivano l'esito",
        );
    }
    // Remarks under a plain «validata» would be printed with no heading:
    // a validation with remarks says so (review 34 n. 16).
    if let (Some(span), Some(Verdict::Validated)) = (observations_at, out.verdict)
        && !out.observations.is_empty()
    {
        doc.error_hint(
            &span,
            "ci sono osservazioni, ma `esito` = «validata» non ne ha".to_string(),
            "scrivere esito = \"validata_con_osservazioni\", oppure togliere le osservazioni",
        );
    }
    top.finish(&mut doc);
    let diags = doc.finish();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// A key written with an accent (`conformità = …`), which TOML does not
/// allow unquoted: the error names the key to write (review 34 n. 17).
fn accented_key(text: &str, path: &Path) -> Option<Diagnostic> {
    for (n, line) in text.lines().enumerate() {
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key.is_ascii()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        let plain: String = key.chars().map(crate::forms::fold_accent).collect();
        let column = line.len() - line.trim_start().len() + 1;
        return Some(
            Diagnostic::error(
                Location::line_col(path, n + 1, column),
                format!("la chiave «{key}» ha lettere accentate, che nel file non sono ammesse"),
            )
            .with_hint(format!(
                "scrivere la chiave senza accenti: {plain} (le chiavi di [testi] sono {})",
                HEADINGS.join(", ")
            )),
        );
    }
    None
}

/// The lines of an example file, for the message that says to create it.
pub fn example(year: i32) -> Vec<String> {
    [
        format!("anno = {year}"),
        "esito = \"validata\"   # oppure \"validata_con_osservazioni\", \"non_validata\"".into(),
        "osservazioni = \"…\"   # necessarie se l'esito non è «validata»".into(),
        "[testi]".into(),
        "conformita = \"…\"".into(),
        "attendibilita = \"…\"".into(),
        "comprensibilita = \"…\"".into(),
        "indicatori = \"…\"".into(),
    ]
    .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Validation, Diagnostics> {
        parse(
            text,
            Path::new("validazione-2023.toml"),
            2023,
            &Vocabulary::default(),
        )
    }

    fn first(text: &str) -> Diagnostic {
        read(text).unwrap_err().0.remove(0)
    }

    #[test]
    fn reads_the_verdict_the_texts_and_the_observations() {
        let v = read(
            "anno = 2023\nesito = \"validata_con_osservazioni\"\nosservazioni = [\"Uno.\", \"Due.\"]\n[testi]\nconformita = \"Conforme.\"\nindicatori = \"Adeguati.\"\n",
        )
        .unwrap();
        assert_eq!(v.verdict, Some(Verdict::WithObservations));
        assert_eq!(v.observations, ["Uno.", "Due."]);
        assert_eq!(v.texts[0], ["Conforme."]);
        assert!(v.texts[1].is_empty());
        assert_eq!(v.texts[3], ["Adeguati."]);
    }

    #[test]
    fn without_esito_the_conclusion_is_open() {
        assert_eq!(read("anno = 2023\n").unwrap().verdict, None);
    }

    #[test]
    fn a_wrong_verdict_an_unknown_key_and_another_year_are_at_their_line() {
        let d = first("esito = \"approvata\"\n");
        assert_eq!((d.location.line, d.location.column), (Some(1), Some(9)));
        assert!(d.message.contains("«approvata»"), "{}", d.message);
        let d = first("anno = 2023\n[testi]\ncoerenza = \"x\"\n");
        assert_eq!(d.location.line, Some(3));
        assert!(
            d.message.contains("chiave sconosciuta `coerenza`"),
            "{}",
            d.message
        );
        let d = first("anno = 2022\n");
        assert_eq!((d.location.line, d.location.column), (Some(1), Some(8)));
        assert!(d.message.contains("2022") && d.message.contains("2023"));
    }

    #[test]
    fn a_verdict_with_observations_needs_them() {
        let d = first("anno = 2023\nesito = \"non_validata\"\n");
        assert_eq!(d.location.line, Some(2));
        assert!(d.message.contains("osservazioni"), "{}", d.message);
    }

    #[test]
    fn remarks_under_a_plain_validata_are_refused_at_their_line() {
        let d = first("anno = 2023\nesito = \"validata\"\nosservazioni = \"x\"\n");
        assert_eq!((d.location.line, d.location.column), (Some(3), Some(16)));
        assert!(
            d.hints
                .iter()
                .any(|h| h.contains("validata_con_osservazioni")),
            "{d:?}"
        );
    }

    #[test]
    fn an_accented_key_is_refused_with_the_key_to_write() {
        let d = first("anno = 2023\n[testi]\n  conformità = \"x\"\n");
        assert_eq!((d.location.line, d.location.column), (Some(3), Some(3)));
        assert!(d.message.contains("«conformità»"), "{}", d.message);
        assert!(
            d.hints
                .iter()
                .any(|h| h.contains("senza accenti: conformita")),
            "{d:?}"
        );
    }

    #[test]
    fn a_file_named_for_another_year_is_refused() {
        let e = parse(
            "",
            Path::new("validazione-2022.toml"),
            2023,
            &Vocabulary::default(),
        )
        .unwrap_err();
        assert!(e.0[0].message.contains("del 2022"));
    }
}
