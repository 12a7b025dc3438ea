//! The staff model in the SMVP document (`smvp documento`): categories,
//! behaviours with their dictionary, bands, the fund's rule, art. 81's
//! bonus, the review period, and a worked example computed by the
//! functions that evaluate the year (`compute.rs`), never by a second copy
//! of their arithmetic. Numbers are written here; every word around them
//! is the template's.

use serde_json::{Value, json};

use crate::decimal::round_product;
use crate::diag::Location;
use crate::italian::{self, euro};

use super::compute::{SplitInput, behaviour_points, bonus_places, evaluate_person, split_fund};
use super::model::{
    BelowMinimum, BonusQuota, Conversion, Judgement, SplitRule, StaffModel, StaffPerson,
    StaffScore, TieRule,
};

fn pts(x: f64) -> String {
    italian::number(x, 2)
}

/// The example's person: a whole year at `part_time`, every behaviour of
/// the first category scored one step below the top of the scale, the
/// individual objectives (if the category has them) fully reached.
fn example_person(model: &StaffModel, part_time: f64, days: i64) -> Option<StaffPerson> {
    let category = model.categories.first()?;
    let score = (model.scale.max - 1.0).max(model.scale.min);
    Some(StaffPerson {
        name: String::new(),
        unit: "U".into(),
        category: category.id.clone(),
        part_time,
        days,
        year_days: 365,
        objectives: (category.objective_points > 0.0).then_some(1.0),
        judgements: vec![Judgement {
            who: String::new(),
            weight: 100.0,
            scores: category
                .behaviours
                .iter()
                .map(|b| StaffScore {
                    behaviour: b.id.clone(),
                    score,
                    motivation: None,
                    at: Location::default(),
                })
                .collect(),
            at: Location::default(),
        }],
        interview: None,
        review: None,
        at: Location::default(),
    })
}

/// The `personale` part of the SMVP document's data; `None` when the
/// model has no category to show.
pub fn method_data(model: &StaffModel) -> Option<Value> {
    let scale = &model.scale;
    let example_score = (scale.max - 1.0).max(scale.min);
    let mut table = Vec::new();
    let mut s = scale.min;
    while s <= scale.max + 1e-9 && table.len() < 20 {
        table.push(json!({
            "punteggio": pts(s),
            "punti": pts(behaviour_points(s, 10.0, scale)),
        }));
        s += 1.0;
    }
    let categories: Vec<Value> = model
        .categories
        .iter()
        .map(|c| {
            json!({
                "nome": c.name,
                "punti_unita": pts(c.unit_points),
                "punti_obiettivi": (c.objective_points > 0.0).then(|| pts(c.objective_points)),
                "comportamenti": c.behaviours.iter().map(|b| json!({
                    "nome": b.name,
                    "punti": pts(b.points),
                    "descrittori": scale.levels().iter().zip(&b.descriptors).map(|(l, t)| json!({
                        "livello": pts(*l),
                        "testo": t,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let bands: Vec<Value> = model
        .bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            json!({
                "etichetta": b.label,
                "da": pts(b.from),
                "a": model.bands.get(i + 1).map(|n| pts(n.from)),
                "coefficiente": italian::percent(b.coefficient / 100.0),
            })
        })
        .collect();
    // The worked example: one person full time, one part-time with
    // absences, the same judgements, the unit at 90%, a fund of 10.000 €
    // split between the two (without the bonus, shown apart).
    let unit_grade = 0.9;
    let full = example_person(model, 100.0, 365)?;
    let part = example_person(model, 50.0, 300)?;
    let e = evaluate_person(model, &full, "", Some(unit_grade));
    let score = e.score?;
    let band = e.band.clone()?;
    let input = |p: &StaffPerson| SplitInput {
        score,
        coefficient: band.coefficient,
        part_time: p.part_time,
        days: p.days,
        year_days: p.year_days,
    };
    let without_bonus = StaffModel {
        bonus: None,
        ..model.clone()
    };
    let fund = 10_000.0;
    let (premiums, _) = split_fund(fund, &[input(&full), input(&part)], &without_bonus);
    let bonus = model.bonus.as_ref().map(|b| {
        let (people, average) = (20, 1_500.0);
        json!({
            "percentuale_al": italian::with_article("a", &italian::percent(b.percent / 100.0)),
            "quota": match b.quota {
                BonusQuota::Percent(x) => json!({ "percentuale": italian::percent(x / 100.0) }),
                BonusQuota::Persons(n) => json!({ "persone": n }),
            },
            "ripartisci": b.tie == TieRule::Share,
            "esempio": {
                "persone": people,
                "media": euro(average),
                "importo": euro(round_product(&[b.percent, average], &[100.0], 2)),
                "posti": bonus_places(b.quota, people),
            },
        })
    });
    Some(json!({
        "scala": {
            "minimo": pts(scale.min),
            "massimo": pts(scale.max),
            "dal_minimo": scale.conversion == Conversion::FromBottom,
            "tabella": table,
        },
        "motivazione_agli_estremi": model.motivation_at_ends,
        "categorie": categories,
        "fasce": bands,
        "minimo": pts(model.minimum_score),
        "per_fascia": model.split == SplitRule::Band,
        "economia": model.below_minimum == BelowMinimum::Save,
        "maggiorazione": bonus,
        "giorni_riesame": italian::days(model.review_days),
        "esempio": {
            "categoria": model.categories.first().map(|c| c.name.clone()),
            "grado_unita": italian::percent(unit_grade),
            "punteggio_scala": pts(example_score),
            "parte_unita": pts(e.unit_part.points),
            "parte_obiettivi": (e.objectives_part.max > 0.0).then(|| pts(e.objectives_part.points)),
            "parte_comportamenti": pts(e.behaviours_part.points),
            "punteggio": pts(score),
            "fascia": band.label,
            "fondo": euro(fund),
            "pieno": premiums.first().map(|p| euro(p.total)),
            "ridotto": premiums.get(1).map(|p| euro(p.total)),
        },
    }))
}
