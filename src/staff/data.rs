//! The anonymous aggregates of the staff evaluation, for the Relazione:
//! no names, no amounts per person, no group of fewer than
//! [`MIN_AGGREGATE`] people (`privacy.rs`'s rule), and nothing that two
//! publications set against each other would give by difference:
//!
//! - the distribution by band is the very one of the premi open data
//!   (`opendata::premi::category`, the same groups of bands, joined until
//!   each holds none or at least 3 people and none or at least 3 paid);
//! - by category, only how many people and their mean score: a table of
//!   category × band, beside the bands' totals, would give a category's
//!   joined band by subtraction (review 37);
//! - categories of one or two people are shown together («Altre
//!   categorie»), and when even together they are fewer than 3, with the
//!   smallest category shown; with no category of 3, one row for all.

use serde_json::{Value, json};

use crate::privacy::{self, MIN_AGGREGATE};

use super::compute::std_dev;
use super::model::{BonusStanding, StaffModel, StaffResult};

fn mean(scores: &[f64]) -> f64 {
    crate::decimal::round_product(
        &[scores.iter().sum::<f64>()],
        &[scores.len().max(1) as f64],
        2,
    )
}

/// The aggregates as JSON: `persone` (concluded evaluations), `fasce`
/// (groups of bands with `persone`, as in the premi open data),
/// `per_categoria` (`categoria`, `persone`, `media`), `categorie_unite`
/// (whether some categories are shown together), `maggiorazione`
/// (`persone` who received the art. 81 bonus, `null` when 1 or 2),
/// `differenziazione` (`punteggi_diversi`, their share of the people,
/// `deviazione_standard` of all the scores, `valutatori`),
/// `elenco_definitivo`, `in_corso`, `con_maggiorazione`.
pub fn aggregates(result: &StaffResult, model: &StaffModel) -> Value {
    let scored: Vec<_> = result
        .evaluations
        .iter()
        .filter(|e| e.score.is_some() && !e.is_draft())
        .collect();
    let bands: Vec<Value> = super::premi::premi_category(result, model)
        .map(|(c, _)| {
            c.bands
                .iter()
                .map(|b| {
                    let labels: Vec<&str> = b.labels.iter().map(String::as_str).collect();
                    json!({ "fasce": privacy::group_label(&labels), "persone": b.people })
                })
                .collect()
        })
        .unwrap_or_default();
    // Categories: (name, scores), in the model's order.
    let mut rows: Vec<(String, Vec<f64>)> = Vec::new();
    let mut small: Vec<f64> = Vec::new();
    for c in &model.categories {
        let scores: Vec<f64> = scored
            .iter()
            .filter(|e| e.person.category == c.id)
            .filter_map(|e| e.score)
            .collect();
        if scores.len() >= MIN_AGGREGATE {
            rows.push((c.name.clone(), scores));
        } else {
            small.extend(scores);
        }
    }
    let joined = !small.is_empty();
    if small.len() >= MIN_AGGREGATE {
        rows.push(("Altre categorie".to_string(), small));
    } else if !small.is_empty() {
        match rows.iter_mut().min_by_key(|(_, s)| s.len()) {
            Some((name, scores)) => {
                *name = format!("{name} e altre categorie");
                scores.extend(small);
            }
            None => rows.push(("Tutte le categorie".to_string(), small)),
        }
    }
    let per_category: Vec<Value> = rows
        .iter()
        .filter(|(_, s)| s.len() >= MIN_AGGREGATE)
        .map(|(name, s)| {
            json!({
                "categoria": name,
                "persone": s.len(),
                "media": crate::italian::fixed(mean(s), 2),
            })
        })
        .collect();
    let bonus = scored
        .iter()
        .filter(|e| {
            e.premium.as_ref().is_some_and(|p| {
                matches!(
                    p.bonus_standing,
                    BonusStanding::Full | BonusStanding::SharedTie
                )
            })
        })
        .count();
    let scores: Vec<f64> = scored.iter().filter_map(|e| e.score).collect();
    let mut distinct: Vec<i64> = scores.iter().map(|s| crate::decimal::cents(*s)).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let enough = scores.len() >= MIN_AGGREGATE;
    json!({
        "persone": scores.len(),
        "fasce": bands,
        "per_categoria": per_category,
        "categorie_unite": joined,
        "maggiorazione": {
            "persone": (bonus == 0 || bonus >= MIN_AGGREGATE).then_some(bonus),
        },
        "differenziazione": if enough {
            let share = crate::decimal::round_product(
                &[distinct.len() as f64],
                &[scores.len() as f64],
                4,
            );
            let sd = std_dev(&scores);
            json!({
                "punteggi_diversi": distinct.len(),
                "quota_punteggi_diversi": share,
                "quota_punteggi_diversi_testo": crate::italian::percent(share),
                "deviazione_standard": sd,
                "deviazione_standard_testo": crate::italian::fixed(sd, 2),
                "valutatori": result.differentiation.len(),
            })
        } else {
            Value::Null
        },
        "elenco_definitivo": result.split.finality.is_final(),
        // Figures printed while an evaluation is open, and again once it
        // closes, would give that person's result by difference.
        "in_corso": result.evaluations.iter().filter(|e| e.is_draft()).count(),
        "con_maggiorazione": model.bonus.is_some(),
    })
}
