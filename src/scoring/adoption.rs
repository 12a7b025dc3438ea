//! The SMVP as an adopted act: `[adozione]` (the act that adopted the
//! system and the evaluator's binding opinion before it) and the optional
//! `[conciliazione]` (how a person asks to review an individual
//! evaluation). Read with the rules reader, so a wrong date or an unknown
//! key is an error at its line and column; printed on the SMVP document and
//! in the Relazione's methodology.

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;

use super::toml_read::{self as tr, Doc, Table};

/// `[adozione]`: the act adopting the SMVP and the evaluator's opinion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adoption {
    /// The kind of act, as the comune writes it: «deliberazione della
    /// Giunta comunale».
    pub act: String,
    /// Its number, as written («12», «12/2023»).
    pub number: String,
    pub date: NaiveDate,
    /// Where its date is written, for the documents that cite it.
    #[serde(skip)]
    pub at: Location,
    /// The evaluator's binding opinion (*parere vincolante*).
    pub opinion: Opinion,
}

/// The evaluator's *parere vincolante* on the SMVP.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opinion {
    pub date: NaiveDate,
    /// Its protocol number, when given.
    pub protocol: Option<String>,
    /// Where its date is written, for the warning on its order.
    #[serde(skip)]
    pub at: Location,
}

/// `[conciliazione]`: the review of an individual evaluation on request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conciliation {
    /// Days from the communication of the evaluation within which the
    /// person may ask for a review.
    pub request_days: u32,
    /// To whom the request goes, as the sentence continues: «al Nucleo di
    /// Valutazione».
    pub addressee: String,
    /// Days from the request within which the outcome is given.
    pub outcome_days: u32,
}

impl Adoption {
    /// The order the acts must keep: the opinion precedes the adoption.
    /// A later opinion is a warning at its date.
    pub fn warnings(&self) -> Diagnostics {
        let mut out = Diagnostics::new();
        if self.opinion.date > self.date {
            out.push(
                Diagnostic::warning(
                    self.opinion.at.clone(),
                    format!(
                        "il parere sul Sistema di misurazione e valutazione è datato {}, dopo l'atto di adozione del {}: il parere vincolante deve precedere l'adozione",
                        italian::date_short(self.opinion.date),
                        italian::date_short(self.date)
                    ),
                )
                .with_hint("controllare le due date in [adozione] di smvp.toml"),
            );
        }
        out
    }
}

/// A text key, required and not blank.
fn text(doc: &mut Doc<'_>, t: &mut Table<'_, '_>, key: &str, example: &str) -> Option<String> {
    let v = t.required(doc, key)?;
    let s = tr::string(doc, v, key)?.trim();
    if s.is_empty() {
        doc.error_hint(
            &v.span(),
            format!("`{key}` è vuoto {}", t.place),
            &format!("scrivere ad esempio {key} = \"{example}\""),
        );
        return None;
    }
    Some(s.to_string())
}

/// A whole number of days, at least 1.
fn days(doc: &mut Doc<'_>, t: &mut Table<'_, '_>, key: &str) -> Option<u32> {
    let v = t.required(doc, key)?;
    let n = tr::number(doc, v, key)?;
    if n < 1.0 || n.fract() != 0.0 || n > 3660.0 {
        doc.error_hint(
            &v.span(),
            format!("`{key}` deve essere un numero intero di giorni, almeno 1"),
            &format!("scrivere ad esempio {key} = 15"),
        );
        return None;
    }
    Some(n as u32)
}

/// `[adozione]`: `atto`, `numero`, `data` and `parere = { data, protocollo }`.
pub(super) fn read_adoption(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<Adoption> {
    let act = text(doc, t, "atto", "deliberazione della Giunta comunale");
    let number = t.required(doc, "numero").and_then(|v| match v.get_ref() {
        toml::de::DeValue::Integer(_) => tr::number(doc, v, "numero").map(|n| format!("{n}")),
        _ => tr::string(doc, v, "numero")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .or_else(|| {
                doc.error_hint(
                    &v.span(),
                    "`numero` dell'atto di adozione è vuoto",
                    "scrivere ad esempio numero = 12",
                );
                None
            }),
    });
    let at = t.get("data").map(|d| doc.location(d.span().start));
    let date = t
        .required(doc, "data")
        .and_then(|v| tr::date(doc, v, "data"));
    let opinion = t.required(doc, "parere").and_then(|v| {
        let mut p = tr::table(doc, v, "[adozione.parere]")?;
        let at = p.get("data").map(|d| doc.location(d.span().start));
        let date = p
            .required(doc, "data")
            .and_then(|d| tr::date(doc, d, "data"));
        let protocol = p.get("protocollo").and_then(|x| {
            tr::string(doc, x, "protocollo")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        });
        p.finish(doc);
        Some(Opinion {
            date: date?,
            protocol,
            at: at?,
        })
    });
    Some(Adoption {
        act: act?,
        number: number?,
        date: date?,
        at: at?,
        opinion: opinion?,
    })
}

/// `[conciliazione]`: `giorni_richiesta`, `presentata_a`, `giorni_esito`.
pub(super) fn read_conciliation(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<Conciliation> {
    let request_days = days(doc, t, "giorni_richiesta");
    let addressee = text(doc, t, "presentata_a", "al Nucleo di Valutazione");
    let outcome_days = days(doc, t, "giorni_esito");
    Some(Conciliation {
        request_days: request_days?,
        addressee: addressee?,
        outcome_days: outcome_days?,
    })
}

/// The conciliation procedure in words, for the documents that state it
/// (the SMVP document, the e-mail that sends a scheda): «15 giorni», «al
/// Nucleo di Valutazione», «30 giorni»; `null` without one.
pub fn conciliation_json(c: Option<&Conciliation>) -> serde_json::Value {
    c.map_or(serde_json::Value::Null, |c| {
        serde_json::json!({
            "richiesta": crate::italian::days(i64::from(c.request_days)),
            "presentata_a": c.addressee,
            "esito": crate::italian::days(i64::from(c.outcome_days)),
        })
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::scoring::parse_rules;

    const SHIPPED: &str = include_str!("../../inputs/smvp.toml");

    fn errors(text: &str) -> Vec<String> {
        parse_rules(text, Path::new("smvp.toml"), crate::ente::RULES_SECTIONS)
            .unwrap_err()
            .0
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    #[test]
    fn the_shipped_acts_are_read() {
        let r = parse_rules(SHIPPED, Path::new("smvp.toml"), crate::ente::RULES_SECTIONS).unwrap();
        let a = r.adoption.unwrap();
        assert_eq!(a.act, "deliberazione della Giunta comunale");
        assert_eq!(a.number, "141");
        assert_eq!(a.date.to_string(), "2022-12-14");
        assert_eq!(a.opinion.date.to_string(), "2022-12-06");
        assert_eq!(a.opinion.protocol.as_deref(), Some("18452"));
        assert!(a.warnings().is_empty());
        let c = r.conciliation.unwrap();
        assert_eq!(c.addressee, "al Nucleo di Valutazione");
    }

    #[test]
    fn bad_acts_are_errors_at_their_line() {
        let t = SHIPPED.replacen("numero = 141", "numero = 141\nnumro = 2", 1);
        let e = errors(&t);
        assert_eq!(e.len(), 1, "{e:?}");
        let line = line_of(&t, "numro = 2");
        assert!(
            e[0].contains(&format!(
                "smvp.toml:{line}:1: chiave sconosciuta `numro` in [adozione]"
            )),
            "{}",
            e[0]
        );

        let t = SHIPPED.replacen("data = \"06/12/2022\"", "data = \"6 dicembre\"", 1);
        let e = errors(&t);
        assert_eq!(e.len(), 1, "{e:?}");
        let line = line_of(&t, "6 dicembre");
        assert!(e[0].contains(&format!("smvp.toml:{line}:")), "{}", e[0]);
        assert!(e[0].contains("`data` non è una data valida"), "{}", e[0]);

        let t = SHIPPED.replacen("giorni_esito = 30", "giorni_esito = 0", 1);
        let e = errors(&t);
        assert!(
            e[0].contains("`giorni_esito` deve essere un numero intero"),
            "{}",
            e[0]
        );

        let t = SHIPPED.replacen(
            "parere = { data = \"06/12/2022\", protocollo = \"18452\" }",
            "",
            1,
        );
        let e = errors(&t);
        assert!(
            e[0].contains("manca la chiave `parere` in [adozione]"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn a_later_opinion_is_a_warning_at_its_date() {
        let t = SHIPPED.replacen("data = \"06/12/2022\"", "data = \"15/12/2022\"", 1);
        let r = parse_rules(&t, Path::new("smvp.toml"), crate::ente::RULES_SECTIONS).unwrap();
        let w = r.adoption.unwrap().warnings();
        assert_eq!(w.0.len(), 1);
        let line = line_of(&t, "15/12/2022");
        let text = w.0[0].to_string();
        assert!(text.contains(&format!("smvp.toml:{line}:")), "{text}");
        assert!(text.contains("deve precedere l'adozione"), "{text}");
        // A TOML date is read as the product reads dates.
        let t = SHIPPED.replacen("data = \"14/12/2022\"", "data = 2022-12-14", 1);
        let r = parse_rules(&t, Path::new("smvp.toml"), crate::ente::RULES_SECTIONS).unwrap();
        assert_eq!(r.adoption.unwrap().date.to_string(), "2022-12-14");
    }
}
