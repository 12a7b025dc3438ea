//! The payment-times rule (art. 4-bis, c. 2, DL 13/2023, L. 41/2023) around
//! the evaluation: the plan's flagged objective must have a head among the
//! evaluations, what the run warns about, and the aggregates the public
//! Relazione and the evaluator's work-paper print (no names, no amounts).
//! The arithmetic is `compute.rs`'s (`payment_times_withheld`).

use std::path::Path;

use serde_json::{Value, json};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::Plan;
use crate::vocab::{Prep, Vocabulary};

use super::model::{Evaluation, Model, PaymentTimesData, Person, Role};

/// «l'obiettivo «OB07»» or «l'indicatore «OB07.2» dell'obiettivo «OB07»».
fn flagged_name(plan: &Plan) -> Option<String> {
    let o = plan.payment_times_objective()?;
    Some(
        match o.payment_times.as_ref().and_then(|f| f.indicator.as_ref()) {
            Some(i) => format!("l'indicatore «{i}» dell'obiettivo «{}»", o.id),
            None => format!("l'obiettivo «{}»", o.id),
        },
    )
}

/// A flagged objective that no head among the evaluations answers for:
/// an error at the flag, in the plan.
pub fn check(plan: &Plan, persons: &[Person]) -> Diagnostics {
    let mut out = Diagnostics::new();
    let Some(o) = plan.payment_times_objective() else {
        return out;
    };
    let Some(flag) = o.payment_times.as_ref() else {
        return out;
    };
    let units = o.payment_times_units();
    if persons
        .iter()
        .any(|p| p.role == Role::Head && units.contains(&&p.unit))
    {
        return out;
    }
    let names = units
        .iter()
        .map(|u| {
            plan.area(u)
                .map_or_else(|| u.to_string(), |a| a.name.clone())
        })
        .map(|n| format!("«{n}»"))
        .collect::<Vec<_>>()
        .join(", ");
    out.push(
        Diagnostic::error(
            flag.at.clone(),
            format!(
                "{} è indicato come obiettivo sui tempi di pagamento (art. 4-bis, c. 2, DL 13/2023), ma nessun responsabile valutato ne risponde: le unità responsabili ({names}) non hanno una valutazione individuale con `ruolo = \"responsabile\"`",
                flagged_name(plan).unwrap_or_default()
            ),
        )
        .with_hint(
            "indicare `tempi_pagamento = true` sull'obiettivo di cui rispondono i responsabili dei pagamenti, oppure aggiungere la loro valutazione nel file delle valutazioni individuali",
        ),
    );
    out
}

/// What the run says about the rule: the share configured without a
/// flagged objective (or the reverse), and the share pending the
/// revisori's check. Named by the rule, never by person.
pub fn warnings(
    plan: &Plan,
    model: &Model,
    data: Option<&PaymentTimesData>,
    evaluations: &[Evaluation],
    rules_path: &Path,
    source: &Path,
    vocab: &Vocabulary,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    let flagged = plan.payment_times_objective();
    // Where the plan flags it: the warnings about the flag point there.
    let flag_at = || {
        flagged
            .and_then(|o| o.payment_times.as_ref())
            .map_or_else(|| Location::file(rules_path), |f| f.at.clone())
    };
    match (model.payment_times, flagged) {
        (Some(rule), None) => out.push(
            Diagnostic::warning(
                Location::file(rules_path),
                format!(
                    "le regole legano il {}% della retribuzione di risultato {} che rispondono dei pagamenti agli obiettivi sui tempi di pagamento (art. 4-bis, c. 2, DL 13/2023), ma il piano {} non indica quale obiettivo li misura: la quota non è applicata",
                    italian::number(rule.share, 2),
                    vocab.head.prep(Prep::Di, true),
                    plan.year
                ),
            )
            .with_hint(
                "nel piano, scrivere `tempi_pagamento = true` nell'obiettivo (o nell'indicatore) sui tempi di pagamento misurato con l'indicatore di ritardo annuale della PCC (docs/formato-piano.md)",
            ),
        ),
        (None, Some(_)) => out.push(
            Diagnostic::warning(
                flag_at(),
                format!(
                    "{} è indicato come obiettivo sui tempi di pagamento, ma le regole (smvp.toml) non dicono quale quota della retribuzione di risultato ne dipende: la quota non è applicata",
                    flagged_name(plan).unwrap_or_default()
                ),
            )
            .with_hint(
                "aggiungere a smvp.toml la sezione [individuale.tempi_pagamento] con `quota = 30` (almeno 30, art. 4-bis, c. 2, DL 13/2023)",
            ),
        ),
        _ => {}
    }
    // A project on variable resources (no weight) is not in the schede's
    // objectives nor in the score: a share depending on it is legal but
    // worth saying (review 36, finding 19).
    if model.payment_times.is_some()
        && let Some(o) = flagged
        && !o.is_weighted()
    {
        out.push(
            Diagnostic::warning(
                flag_at(),
                format!(
                    "{} è indicato come obiettivo sui tempi di pagamento, ma è un progetto senza peso (finanziato con risorse variabili): non entra nei punti né nel punteggio delle schede, eppure ne dipende la quota della retribuzione di risultato",
                    flagged_name(plan).unwrap_or_default()
                ),
            )
            .with_hint(
                "controllare che sia l'obiettivo sui tempi di pagamento misurato con l'indicatore di ritardo annuale della PCC; altrimenti spostare `tempi_pagamento = true` sull'obiettivo giusto",
            ),
        );
    }
    // The schede cite the check: one dated before it cites an act that
    // does not exist yet (counted, never named).
    if let Some(d) = data
        && let Some((_, checked)) = &d.check
    {
        let before: Vec<chrono::NaiveDate> = evaluations
            .iter()
            .filter(|e| e.payment_times.is_some())
            .filter_map(|e| e.person.date)
            .filter(|x| x < checked)
            .collect();
        if let Some(first) = before.iter().min() {
            let n = before.len();
            out.push(
                Diagnostic::warning(
                    d.at.clone(),
                    format!(
                        "la verifica dei revisori sull'indicatore di ritardo dei pagamenti è datata {}, dopo la data di {} che la {} (dal {})",
                        italian::date_short(*checked),
                        if n == 1 { "1 valutazione individuale".to_string() } else { format!("{n} valutazioni individuali") },
                        if n == 1 { "cita" } else { "citano" },
                        italian::date_short(*first)
                    ),
                )
                .with_hint("correggere `data_verifica`, se è un errore di battitura; altrimenti datare le valutazioni (`data`) al giorno della verifica o dopo"),
            );
        }
    }
    let under = evaluations.iter().filter(|e| e.payment_times.is_some());
    if under
        .clone()
        .any(|e| !e.payment_times.as_ref().is_some_and(|g| g.checked))
    {
        out.push(
            Diagnostic::warning(
                data.map_or_else(|| Location::file(source), |d| d.at.clone()),
                "la quota della retribuzione di risultato legata ai tempi di pagamento resta sospesa: manca la verifica dell'organo di revisione sull'indicatore di ritardo annuale dei pagamenti, e le valutazioni a cui si applica non sono concluse",
            )
            .with_hint(if source.extension().is_some_and(|e| e == "toml") {
                "indicare nel file delle valutazioni individuali [tempi_pagamento] con `indicatore_ritardo`, `anno`, `verifica_revisori` e `data_verifica`".to_string()
            } else {
                // The xlsx form has no place for it: a file beside it.
                format!(
                    "il modulo xlsx non ha posto per l'indicatore e la verifica: scriverli nel file {} della cartella dei dati di ingresso, accanto al modulo, con la sezione [tempi_pagamento] e `indicatore_ritardo`, `anno`, `verifica_revisori` e `data_verifica`",
                    super::input::payment_times_file_name(plan.year)
                )
            }),
        );
    }
    out
}

/// The revisori's check dated after the Relazione that cites it: a
/// warning naming both dates (a document cites no act dated after itself).
pub fn check_after_relazione(
    data: Option<&PaymentTimesData>,
    date: chrono::NaiveDate,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    if let Some(d) = data
        && let Some((_, checked)) = &d.check
        && *checked > date
    {
        out.push(
            Diagnostic::warning(
                d.at.clone(),
                format!(
                    "la verifica dei revisori sull'indicatore di ritardo dei pagamenti è datata {}, dopo la data della Relazione ({}), che la cita",
                    italian::date_short(*checked),
                    italian::date_short(date)
                ),
            )
            .with_hint("correggere `data_verifica`, se è un errore di battitura; altrimenti datare la Relazione al giorno della verifica o dopo"),
        );
    }
    out
}

/// The PCC indicator in days as the documents print it, with a real
/// minus for payments ahead of time: «−3,5».
pub fn delay_text(days: f64) -> String {
    italian::number(days, 2).replacen('-', "\u{2212}", 1)
}

/// The rule in aggregate: the flagged objective, the PCC indicator, the
/// revisori's check, how many heads are under the rule and how many of
/// them reached the objective (and, for the evaluator's work-paper only,
/// how many lose the share). `Null` when the SMVP has no rule. No name,
/// no amount.
pub fn summary(
    plan: &Plan,
    model: &Model,
    data: Option<&PaymentTimesData>,
    evaluations: &[Evaluation],
) -> Value {
    let Some(rule) = model.payment_times else {
        // The plan flags an objective the rules give no share to: said in
        // the documents too, not only on the terminal.
        return plan.payment_times_objective().map_or(Value::Null, |o| {
            json!({
                "senza_quota": true,
                "obiettivo": {
                    "id": o.id.to_string(),
                    "titolo": o.title,
                    "indicatore": o.payment_times.as_ref().and_then(|f| f.indicator.as_ref()).map(|i| i.to_string()),
                },
            })
        });
    };
    let gates: Vec<_> = evaluations
        .iter()
        .filter_map(|e| e.payment_times.as_ref())
        .collect();
    let o = plan.payment_times_objective();
    let grades: Vec<f64> = gates.iter().filter_map(|g| g.grade).collect();
    json!({
        "quota": italian::percent(rule.share / 100.0),
        "modalita": rule.mode.key(),
        "obiettivo": o.map(|o| json!({
            "id": o.id.to_string(),
            "titolo": o.title,
            "indicatore": o.payment_times.as_ref().and_then(|f| f.indicator.as_ref()).map(|i| i.to_string()),
            "unita": o.payment_times_units().iter().map(|u| plan.area(u).map_or_else(|| u.to_string(), |a| a.name.clone())).collect::<Vec<_>>(),
        })),
        "gradi": grades.iter().map(|g| rule.mode.grade_text(*g)).collect::<Vec<_>>(),
        "indicatore_ritardo": data.and_then(|d| d.delay_days).map(delay_text),
        "anno": data.and_then(|d| d.year),
        "verifica": data.and_then(|d| d.check.as_ref()).map(|(a, d)| json!({
            "atto": a,
            "data": italian::date_long(*d),
        })),
        "responsabili": gates.len(),
        "raggiunto": gates.iter().filter(|g| g.reached == Some(true)).count(),
        "non_raggiunto": gates.iter().filter(|g| g.reached == Some(false)).count(),
        "perdono": gates
            .iter()
            .filter(|g| g.withheld.is_some_and(|w| w > 0.0))
            .count(),
        "in_attesa": gates.iter().filter(|g| g.withheld.is_none()).count(),
    })
}

#[cfg(test)]
#[path = "tests_payment_times.rs"]
mod tests;
