//! The anonymous aggregates of the staff evaluation, for the Relazione and
//! the open data: no names, no amounts per person, and no group of fewer
//! than [`MIN_AGGREGATE`] people (`privacy.rs`'s rule): bands joined until
//! each holds none or at least 3 people, categories too small shown
//! together, or left out and counted.

use serde_json::{Value, json};

use crate::privacy::{self, MIN_AGGREGATE};

use super::compute::std_dev;
use super::model::{BonusStanding, StaffModel, StaffResult};

/// The aggregates as JSON:
/// `persone` (evaluated with a score), `per_categoria` (each category, or
/// the small ones together as «Altre categorie», with `persone` and
/// `fasce`: groups of bands with their count), `categorie_omesse` (people
/// in categories too small to show even together), `maggiorazione`
/// (`persone` who received the art. 81 bonus, `null` when 1 or 2),
/// `differenziazione` (`punteggi_diversi`, their share of the people,
/// `deviazione_standard` of all the scores, `valutatori`).
pub fn aggregates(result: &StaffResult, model: &StaffModel) -> Value {
    let scored: Vec<_> = result
        .evaluations
        .iter()
        .filter(|e| e.score.is_some())
        .collect();
    let band_counts = |category: &dyn Fn(&str) -> bool| -> (usize, Vec<(&str, usize)>) {
        let counts: Vec<(&str, usize)> = model
            .bands
            .iter()
            .map(|b| {
                let n = scored
                    .iter()
                    .filter(|e| category(&e.person.category))
                    .filter(|e| e.band.as_ref().is_some_and(|x| x.label == b.label))
                    .count();
                (b.label.as_str(), n)
            })
            .collect();
        (counts.iter().map(|(_, n)| n).sum(), counts)
    };
    let groups = |counts: &[(&str, usize)]| -> Vec<Value> {
        privacy::band_groups(counts)
            .into_iter()
            .map(|(labels, n)| json!({"fasce": privacy::group_label(&labels), "persone": n}))
            .collect()
    };
    let mut per_category = Vec::new();
    let mut small: Vec<&str> = Vec::new();
    for c in &model.categories {
        let (n, counts) = band_counts(&|id| id == c.id);
        if n == 0 {
            continue;
        }
        if n < MIN_AGGREGATE {
            small.push(&c.id);
            continue;
        }
        per_category.push(json!({"categoria": c.name, "persone": n, "fasce": groups(&counts)}));
    }
    let (n_small, small_counts) = band_counts(&|id| small.contains(&id));
    let mut omitted = 0;
    if n_small >= MIN_AGGREGATE {
        per_category.push(
            json!({"categoria": "Altre categorie", "persone": n_small, "fasce": groups(&small_counts)}),
        );
    } else {
        omitted = n_small;
    }
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
        "per_categoria": per_category,
        "categorie_omesse": omitted,
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
                "deviazione_standard_testo": crate::italian::number(sd, 2),
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
