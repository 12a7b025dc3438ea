//! The JSON the scheda template reads (numbers, dates and amounts already
//! written in Italian) and the aggregates the public Relazione may print:
//! counts per band and the spread of scores, no names, no amounts.

use serde_json::{Value, json};

use crate::italian;
use crate::plan::Plan;
use crate::vocab::Vocabulary;

use super::model::{Evaluation, GateMode, Model, Part, PayRule, PaymentTimesData, Role};

fn pts(x: f64) -> String {
    italian::number(x, 2)
}

fn part(p: Part) -> Value {
    json!({ "punti": pts(p.points), "massimo": pts(p.max) })
}

use crate::italian::euro;

fn role_word(role: Role, vocab: &Vocabulary) -> String {
    match role {
        Role::Head => vocab.head.singular.clone(),
        Role::TopOfficial => vocab.top_official.singular.clone(),
    }
}

/// The data of one person's scheda, dated with the evaluation's date, or
/// `fallback` (the documents' date) for a draft without one; `definitive`:
/// the run's documents are final (`report::is_definitive`).
pub fn scheda_data(
    plan: &Plan,
    model: &Model,
    e: &Evaluation,
    payment_times: Option<&PaymentTimesData>,
    vocab: &Vocabulary,
    fallback: chrono::NaiveDate,
    definitive: bool,
) -> Value {
    let p = &e.person;
    let rm = model.role(p.role);
    let fund = matches!(rm.map(|r| &r.pay), Some(PayRule::Fund { .. }));
    let by_position = matches!(
        rm.map(|r| &r.pay),
        Some(PayRule::Fund {
            by_position: true,
            ..
        })
    );
    let objectives: Vec<Value> = e
        .objectives
        .iter()
        .map(|o| {
            json!({
                "id": o.id,
                "titolo": o.title,
                "peso": pts(o.weight),
                "massimo": pts(o.max),
                "grado": o.grade.map(italian::percent),
                "punti": o.points.map(pts),
                "spiegazione": o.explanation,
            })
        })
        .collect();
    let behaviours: Vec<Value> = e
        .behaviours
        .iter()
        .map(|b| {
            json!({
                "id": b.id,
                "nome": b.name,
                "massimo": pts(b.max),
                "punteggio": b.score.map(pts),
                "punti": b.points.map(pts),
                "motivazione": b.motivation,
            })
        })
        .collect();
    let pay = e.pay.as_ref().map(|pay| {
        json!({
            "fascia": pay.band,
            "quota": italian::percent(pay.share),
            "base": pay.base.map(euro),
            "importo": pay.amount.map(euro),
        })
    });
    // The payment-times rule (art. 4-bis, c. 2, DL 13/2023), for a head
    // it applies to: the share, the objective's result, what is withheld.
    let gate = e.payment_times.as_ref().map(|g| {
        json!({
            "obiettivo": g.objective,
            "titolo": g.title,
            "indicatore": g.indicator,
            "quota": italian::percent(g.share / 100.0),
            "proporzionale": g.mode == GateMode::Proportional,
            "grado": if g.neutralised {
                Some("neutralizzato".to_string())
            } else {
                g.grade.map(|x| g.mode.grade_text(x))
            },
            "raggiunto": g.reached,
            // «parzialmente raggiunto: sotto la soglia del 90%».
            "esito": g.outcome.map(|o| o.label().to_lowercase()),
            "soglia_del": italian::with_article("di", &italian::percent(g.threshold)),
            "soglia_al": italian::with_article("a", &italian::percent(g.threshold)),
            "lordo": g.gross.map(euro),
            "trattenuto": g.withheld.map(euro),
            "quota_importo": g.gross.map(|a| euro(crate::decimal::round_product(&[a, g.share], &[100.0], 2))),
            "verificato": g.checked,
            "ritardo": g.late,
            "neutralizzato": g.neutralised,
            "indicatore_ritardo": payment_times.and_then(|d| d.delay_days).map(super::payment_times::delay_text),
            "anno": payment_times.and_then(|d| d.year),
            "verifica": payment_times.and_then(|d| d.check.as_ref()).map(|(a, d)| json!({
                "atto": a,
                "data": italian::date_long(*d),
            })),
        })
    });
    let period = format!(
        "dal {} al {}",
        italian::date_long(p.from),
        italian::date_long(p.to)
    );
    json!({
        "ente": { "nome": plan.ente.name },
        "anno_testo": plan.year.to_string(),
        "data": crate::report::date_value(p.date.unwrap_or(fallback)),
        // The person's unit is named with its own kind word.
        "vocab": vocab.for_unit(p.unit.as_str(), &e.unit_name).to_json(),
        "bozza": !e.is_final(),
        // Only the payment-times rule is pending: score and band stand.
        "solo_importo": !e.is_final() && e.score.is_some(),
        // The run's state: while the Relazione is a draft (a proposal
        // awaits the evaluator, or the validation is not recorded) the
        // scheda is one too, BOZZA on every page.
        "documento": { "definitiva": definitive && e.is_final() },
        "relazione_in_bozza": !definitive,
        "mancanze": e.missing,
        "attesa_fondo": e.fund_waits,
        "note_calcolo": e.notes,
        "persona": {
            "nome": p.name,
            "ruolo": role_word(p.role, vocab),
            "unita": e.unit_name,
            "periodo": period,
            "giorni": format!("{} su {}", italian::days(e.days), e.year_days),
            "intero_anno": e.days == e.year_days,
            "valutatore": p.evaluator,
            "data_valutazione": p.date.map(italian::date_long),
            "note": p.notes,
            "retribuzione_posizione": p.position_pay.map(euro),
        },
        "obiettivi": objectives,
        "parte_obiettivi": part(e.objectives_part),
        "punti_obiettivi_modello": pts(rm.map_or(0.0, |r| r.objective_points)),
        "neutralizzato_ridistribuito": model.neutralised == super::NeutralisedRule::Redistribute,
        "ente_parte": e.ente.map(|(g, p)| json!({ "grado": italian::percent(g), "punti": pts(p.points), "massimo": pts(p.max) })),
        "comportamenti": behaviours,
        "parte_comportamenti": part(e.behaviours_part),
        "scala": { "minimo": pts(model.scale.min), "massimo": pts(model.scale.max) },
        "totale": part(e.total),
        "punteggio": e.score.map(pts),
        "retribuzione": pay,
        "fondo": fund,
        "per_posizione": by_position,
        "pro_rata": (e.days != e.year_days).then(|| italian::percent(e.pro_rata)),
        "tempi_pagamento": gate,
    })
}

/// "Scheda individuale 2023 - Area III Finanziaria - Mario Rossi": unique
/// per person (one evaluation per name), sorted by unit.
/// The data of the e-mail draft that sends a concluded evaluation's scheda
/// (`scheda-individuale.j2`): the person, the date it was concluded, the
/// attached file's name and the conciliation procedure, when the SMVP
/// has one (`[conciliazione]` of smvp.toml).
pub fn email_data(
    plan: &Plan,
    e: &Evaluation,
    vocab: &Vocabulary,
    conciliation: Option<&crate::scoring::Conciliation>,
    attachment: &str,
) -> Value {
    json!({
        "ente": { "nome": plan.ente.name },
        "anno": plan.year,
        "persona": {
            "nome": e.person.name,
            "ruolo": role_word(e.person.role, vocab),
            "unita": e.unit_name,
        },
        // «conclusa il 22 aprile», «conclusa l'8 maggio».
        "data": e.person.date.map(|d| italian::date_long_after("il", d)),
        "allegato": attachment,
        "conciliazione": crate::scoring::conciliation_json(conciliation),
    })
}

pub fn scheda_file_name(year: i32, e: &Evaluation) -> String {
    let stem = format!(
        "Scheda individuale {year} - {} - {}",
        e.unit_name, e.person.name
    );
    format!("{}.pdf", crate::filename::safe_file_name(&stem))
}

pub use crate::privacy::{MIN_AGGREGATE, MIN_EXTREMES};

/// Aggregates of the heads' final evaluations for the public Relazione:
/// how many in each band and the spread of scores. No names, no amounts;
/// the top official, one person, is left out. Nothing over fewer than
/// [`MIN_AGGREGATE`] people: adjacent bands are shown together as the
/// premi data group them ([`super::premi::band_groups`]: each group holds
/// no one or at least three people, and no one or at least three paid);
/// the minimum, maximum and range need [`MIN_EXTREMES`].
pub fn aggregates(model: &Model, evaluations: &[Evaluation], vocab: &Vocabulary) -> Value {
    let Some(rm) = model.role(Role::Head) else {
        return Value::Null;
    };
    let heads: Vec<&Evaluation> = evaluations
        .iter()
        .filter(|e| e.person.role == Role::Head)
        .collect();
    let final_: Vec<&Evaluation> = heads.iter().copied().filter(|e| e.is_final()).collect();
    let scores: Vec<f64> = final_.iter().filter_map(|e| e.score).collect();
    let n = scores.len();
    let bands: Vec<Value> = if n < MIN_AGGREGATE {
        Vec::new()
    } else {
        // The groups of the premi data (art. 20), so the two publications
        // cannot be set against each other.
        super::premi::band_groups(rm, &final_)
            .into_iter()
            .map(|g| {
                json!({
                    "etichetta": crate::privacy::group_label(&g.labels),
                    "persone": g.members.len(),
                    "unite": g.labels.len() > 1,
                })
            })
            .collect()
    };
    let spread = (n >= MIN_AGGREGATE).then(|| {
        let mean = scores.iter().sum::<f64>() / n as f64;
        let sd = (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
        let mut distinct: Vec<i64> = scores.iter().map(|s| (s * 100.0).round() as i64).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let extremes = (n >= MIN_EXTREMES).then(|| {
            let min = scores.iter().copied().fold(f64::INFINITY, f64::min);
            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            json!({ "minimo": pts(min), "massimo": pts(max), "scarto": pts(max - min) })
        });
        json!({
            "estremi": extremes,
            "media": pts(mean),
            "deviazione_standard": pts(sd),
            "punteggi_distinti": distinct.len(),
        })
    });
    json!({
        "responsabili": vocab.head.plural,
        "valutati": n,
        "minimo_persone": MIN_AGGREGATE,
        "minimo_estremi": MIN_EXTREMES,
        "in_corso": heads.len() - final_.len(),
        "fasce": bands,
        "punteggi": spread,
    })
}
