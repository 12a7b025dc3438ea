//! Report data for the plan shapes of a PIAO: an indicator's baseline,
//! other years, success level, lead unit and metadata; the strategic
//! cascade; the rules on weights, success and strategic grades. Kept apart
//! from `data/` so the documents' core data stays readable.

use serde_json::{Map, Value, json};

use crate::italian;
use crate::plan::{Indicator, Plan};
use crate::scoring::{ObjectiveAggregation, Outcome, Rules, Scorecard, Standing, WeightRule};

use crate::italian::percent_or_dash as pct;

/// Fields added to an indicator's data (all `null`/empty when the plan does
/// not use them, so templates can test them one by one).
pub fn indicator_fields(plan: &Plan, ind: &Indicator) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        "base".into(),
        ind.baseline
            .as_ref()
            .map(|b| {
                json!({
                    "valore": italian::number(b.value, 2),
                    "anno": b.year,
                    "fonte": b.source,
                })
            })
            .unwrap_or(Value::Null),
    );
    m.insert("altri_anni".into(), crate::forms::other_years(ind).into());
    m.insert("successo".into(), ind.success.map(italian::percent).into());
    m.insert(
        "capofila".into(),
        ind.lead
            .as_ref()
            .map(|a| {
                plan.area(a)
                    .map_or_else(|| a.to_string(), |x| x.name.clone())
            })
            .into(),
    );
    m.insert("condiviso".into(), ind.shared.into());
    let meta = &ind.meta;
    m.insert(
        "metadati".into(),
        if meta.is_empty() {
            Value::Null
        } else {
            json!({
                "formula": meta.formula,
                "fonte": meta.source,
                "tipologia": meta.kind,
                "missione": meta.mission,
                "programma": meta.programme,
                "pnrr": meta.pnrr,
                "sdg": meta.sdg.iter().map(u8::to_string).collect::<Vec<_>>().join(", "),
                "dimensione": meta.scope,
            })
        },
    );
    m
}

/// The strategic objectives with their grades and operational objectives;
/// `status` gives the code and label of a standing and outcome (the
/// documents' `stato`, built by the caller's data module).
pub fn strategic(
    plan: &Plan,
    sc: &Scorecard,
    status: impl Fn(&Standing, Option<Outcome>) -> Value,
) -> Value {
    Value::Array(
        sc.strategic
            .iter()
            .filter_map(|ss| {
                let s = plan.strategic_objective(&ss.strategic)?;
                let objectives: Vec<Value> = ss
                    .objectives
                    .iter()
                    .filter_map(|id| {
                        let o = plan.objective(id)?;
                        let os = sc.objectives.iter().find(|x| &x.objective == id)?;
                        Some(json!({
                            "id": id.as_str(), "titolo": o.title, "grado": pct(os.grade),
                            "stato": status(&os.standing, os.outcome),
                        }))
                    })
                    .collect();
                let indicators: Vec<Value> = s
                    .indicators
                    .iter()
                    .map(|i| {
                        let mut m = indicator_fields(plan, i);
                        m.insert("id".into(), i.id.as_str().into());
                        m.insert("descrizione".into(), i.description.clone().into());
                        m.insert("atteso".into(), i.expected.clone().into());
                        // The plan year's targets: context, not graded.
                        m.insert(
                            "traguardi".into(),
                            i.targets
                                .iter()
                                .map(crate::forms::describe_target)
                                .collect::<Vec<_>>()
                                .join("; ")
                                .into(),
                        );
                        Value::Object(m)
                    })
                    .collect();
                Some(json!({
                    "id": s.id.as_str(),
                    "titolo": s.title,
                    "descrizione": s.description,
                    "grado": pct(ss.grade),
                    "esito": ss.outcome.map(|o| o.label()),
                    "stato": status(&Standing::Scored, ss.outcome),
                    "spiegazione": ss.explanation,
                    "obiettivi": objectives,
                    "indicatori": indicators,
                }))
            })
            .collect(),
    )
}

/// The rules on weights, success level and strategic grades, for the
/// methodology chapter.
pub fn rules_fields(r: &Rules) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        "pesi_mancanti".into(),
        match r.weights {
            WeightRule::Required => "errore",
            WeightRule::Equal => "uguali",
        }
        .into(),
    );
    m.insert("successo".into(), italian::percent(r.success).into());
    m.insert("successo_pieno".into(), (r.success >= 1.0).into());
    m.insert(
        "strategico".into(),
        match r.strategic {
            ObjectiveAggregation::Mean => "media",
            ObjectiveAggregation::Minimum => "minimo",
        }
        .into(),
    );
    m
}
