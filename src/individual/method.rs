//! The individual model in the SMVP document (`smvp documento`): each
//! role's parts, behaviours, bands and pay as configured, and a worked
//! example computed by the functions that evaluate the year
//! (`compute.rs`), never by a second copy of their arithmetic. Numbers are
//! written here; every word around them is the template's.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::italian;
use crate::scoring::RewardShare;
use crate::vocab::Vocabulary;

use super::compute::{
    band, behaviour_points, distribute, ente_part, fund_weight, objective_points,
    payment_times_withheld, person_amount, pro_rata, score_out_of_100, total_part,
};
use super::model::{Conversion, Model, NeutralisedRule, Part, PayRule, Role, RoleModel, Scale};
use crate::italian::euro;

fn pts(x: f64) -> String {
    italian::number(x, 2)
}

fn part(p: Part) -> Value {
    json!({ "punti": pts(p.points), "massimo": pts(p.max) })
}

/// The score of the worked examples: one step below the top of the scale.
fn example_score(scale: &Scale) -> f64 {
    (scale.max - 1.0).max(scale.min)
}

/// Points of a behaviour worth 10 at every score of the scale (whole steps).
fn conversion_table(scale: &Scale) -> Vec<Value> {
    let mut out = Vec::new();
    let mut s = scale.min;
    while s <= scale.max + 1e-9 && out.len() < 20 {
        out.push(json!({
            "punteggio": italian::number(s, 2),
            "punti": pts(behaviour_points(s, 10.0, scale)),
        }));
        s += 1.0;
    }
    out
}

/// A neutralised objective: two objectives weighing a third and two
/// thirds of the part, the first neutralised, the second at 50%.
fn neutralised_example(part_max: f64, rule: NeutralisedRule) -> Value {
    let (first, second) = (part_max / 3.0, part_max * 2.0 / 3.0);
    let (_, p) = objective_points(&[(first, None), (second, Some(0.5))], part_max, rule);
    json!({
        "primo": pts(first),
        "secondo": pts(second),
        "grado": italian::percent(0.5),
        // «al 50%», «all'80%»: the article agrees with the number.
        "al_grado": italian::with_article("a", &italian::percent(0.5)),
        "parte": part(p),
    })
}

fn bands_json(rm: &RoleModel) -> Vec<Value> {
    rm.bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let next = rm.bands.get(i + 1).map(|n| pts(n.min_grade * 100.0));
            json!({
                "etichetta": b.label,
                "da": pts(b.min_grade * 100.0),
                "a": next,
                "quota": match b.share {
                    RewardShare::Fixed(s) => Value::from(italian::percent(s)),
                    RewardShare::Proportional => Value::Null,
                },
            })
        })
        .collect()
}

/// A person in the role from 1 March to the year's end: two objectives
/// sharing the part (100% and 80%), the ente at 85% when it is a part,
/// every behaviour one step below the top of the scale; then the score,
/// the band and the pay, by the year's own functions.
fn worked_example(model: &Model, rm: &RoleModel, year: i32) -> Option<Value> {
    let from = NaiveDate::from_ymd_opt(year, 3, 1)?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31)?;
    let half = rm.objective_points / 2.0;
    let grades = [1.0, 0.8];
    let (rows, objectives) = objective_points(
        &[(half, Some(grades[0])), (half, Some(grades[1]))],
        rm.objective_points,
        model.neutralised,
    );
    let ente_grade = 0.85;
    let ente = (rm.ente_points > 0.0).then(|| ente_part(rm.ente_points, ente_grade));
    let score = example_score(&model.scale);
    let behaviours: Vec<(String, f64, f64)> = rm
        .behaviours
        .iter()
        .map(|b| {
            (
                b.name.clone(),
                b.points,
                behaviour_points(score, b.points, &model.scale),
            )
        })
        .collect();
    let behaviours_part = total_part(
        &behaviours
            .iter()
            .map(|(_, max, p)| Part {
                points: *p,
                max: *max,
            })
            .collect::<Vec<_>>(),
    );
    let none = Part {
        points: 0.0,
        max: 0.0,
    };
    let total = total_part(&[objectives, ente.unwrap_or(none), behaviours_part]);
    let out_of_100 = score_out_of_100(total)?;
    let (b, share) = band(out_of_100, &rm.bands)?;
    let (days, year_days) = pro_rata(from, to);
    let pay = match rm.pay {
        PayRule::PerPerson => {
            let maximum = 3000.0;
            json!({
                "massimo": euro(maximum),
                "importo": euro(person_amount(maximum, share, days, year_days)),
            })
        }
        PayRule::Fund {
            amount,
            by_position,
        } => {
            // A second person, all year, one band higher when there is
            // one, with a different position pay.
            let other_score = 95.0;
            let (_, other_share) = band(other_score, &rm.bands)?;
            let (mine, theirs) = if by_position {
                (12000.0, 9000.0)
            } else {
                (1.0, 1.0)
            };
            let weights = [
                fund_weight(share, out_of_100, days as f64 / year_days as f64, mine),
                fund_weight(other_share, other_score, 1.0, theirs),
            ];
            let split = distribute(amount, &weights);
            json!({
                "fondo": euro(amount),
                "posizione": by_position.then(|| euro(mine)),
                "altro": {
                    "punteggio": pts(other_score),
                    "quota": italian::percent(other_share),
                    "posizione": by_position.then(|| euro(theirs)),
                    "importo": euro(split.get(1).copied().unwrap_or(0.0)),
                },
                "importo": euro(split.first().copied().unwrap_or(0.0)),
            })
        }
    };
    Some(json!({
        "obiettivi": rows.iter().zip(grades).map(|((max, p), g)| json!({
            "massimo": pts(*max),
            "grado": italian::percent(g),
            "al_grado": italian::with_article("a", &italian::percent(g)),
            "punti": p.map(pts),
        })).collect::<Vec<_>>(),
        "parte_obiettivi": part(objectives),
        "ente": ente.map(|p| json!({
            "grado": italian::percent(ente_grade),
            "al_grado": italian::with_article("a", &italian::percent(ente_grade)),
            "parte": part(p),
        })),
        "punteggio_scala": italian::number(score, 2),
        "comportamenti": behaviours.iter().map(|(name, max, p)| json!({
            "nome": name, "massimo": pts(*max), "punti": pts(*p),
        })).collect::<Vec<_>>(),
        "parte_comportamenti": part(behaviours_part),
        "totale": part(total),
        "su_100": pts(out_of_100),
        "fascia": b.label,
        "quota": italian::percent(share),
        "dal": italian::date_long(from),
        "al": italian::date_long(to),
        "giorni": days,
        "giorni_anno": year_days,
        "retribuzione": pay,
    }))
}

fn role_json(model: &Model, rm: &RoleModel, vocab: &Vocabulary, year: i32) -> Value {
    let behaviours_max: f64 = rm.behaviours.iter().map(|b| b.points).sum();
    json!({
        "ruolo": rm.role.key(),
        "nome": match rm.role {
            Role::Head => &vocab.head.plural,
            Role::TopOfficial => &vocab.top_official.singular,
        },
        "nome_il": match rm.role {
            Role::Head => vocab.head.the(true),
            Role::TopOfficial => vocab.top_official.the(false),
        },
        "punti_obiettivi": pts(rm.objective_points),
        "punti_ente": (rm.ente_points > 0.0).then(|| pts(rm.ente_points)),
        "punti_comportamenti": pts(behaviours_max),
        "comportamenti": rm.behaviours.iter().map(|b| json!({ "nome": b.name, "punti": pts(b.points) })).collect::<Vec<_>>(),
        "fasce": bands_json(rm),
        "retribuzione": match rm.pay {
            PayRule::PerPerson => json!({ "tipo": "importo_individuale" }),
            PayRule::Fund { amount, by_position } => json!({
                "tipo": "fondo", "fondo": euro(amount), "per_posizione": by_position,
            }),
        },
        "neutralizzato": neutralised_example(rm.objective_points, model.neutralised),
        "esempio": worked_example(model, rm, year),
    })
}

/// The payment-times rule (art. 4-bis, c. 2, DL 13/2023) with a worked
/// example: a head whose result pay is € 2.000,00 before the rule, and the
/// flagged objective graded 60% (not reached), by the year's own
/// function. `Null` without the rule.
fn payment_times_json(model: &Model, vocab: &Vocabulary) -> Value {
    let Some(rule) = model.payment_times else {
        return Value::Null;
    };
    let (amount, grade) = (2000.0, 0.6);
    let withheld = payment_times_withheld(amount, rule.share, rule.mode, false, grade);
    let cents = |x: f64| crate::decimal::cents(x);
    json!({
        "quota": italian::percent(rule.share / 100.0),
        "modalita": rule.mode.key(),
        "dei_responsabili": vocab.head.prep(crate::vocab::Prep::Di, true),
        "esempio": {
            "importo": euro(amount),
            "quota_importo": euro(crate::decimal::round_product(&[amount, rule.share], &[100.0], 2)),
            "grado": italian::percent(grade),
            "al_grado": italian::with_article("a", &italian::percent(grade)),
            "trattenuto": euro(withheld),
            "pagato": euro((cents(amount) - cents(withheld)) as f64 / 100.0),
        },
    })
}

/// The `individuale` part of the SMVP document's data; `year` dates the
/// worked examples (the document's year).
pub fn method_data(model: &Model, vocab: &Vocabulary, year: i32) -> Value {
    json!({
        "scala": {
            "minimo": italian::number(model.scale.min, 2),
            "massimo": italian::number(model.scale.max, 2),
            "conversione": match model.scale.conversion {
                Conversion::Proportional => "proporzionale",
                Conversion::FromBottom => "dal_minimo",
            },
            "tabella": conversion_table(&model.scale),
        },
        "motivazione_agli_estremi": model.motivation_at_ends,
        "neutralizzato": match model.neutralised {
            NeutralisedRule::Redistribute => "ridistribuisci",
            NeutralisedRule::RemoveFromMax => "togli_dal_massimo",
        },
        "ruoli": model.roles.iter().map(|rm| role_json(model, rm, vocab, year)).collect::<Vec<_>>(),
        // Whether any role has a part for the ente's grade: the general
        // rule names it only then (review 33 C8).
        "parte_ente": model.roles.iter().any(|rm| rm.ente_points > 0.0),
        "tempi_pagamento": payment_times_json(model, vocab),
    })
}
