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
