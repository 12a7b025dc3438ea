//! The JSON form of the plan printed by `consuntivo piano --json`.
//!
//! Written field by field, not derived from the model, so that refactoring
//! the model does not change what scripts reading this output see. The
//! shape is documented in `docs/formato-piano.md`; changing it means
//! raising [`JSON_FORMAT_VERSION`].

use serde_json::{Map, Value, json};

use super::model::*;
use crate::vocab::Vocabulary;

/// Version of the JSON shape, written as `format_version`.
pub const JSON_FORMAT_VERSION: u32 = 4;

/// The documented, stable JSON shape printed by `consuntivo piano --json`.
/// `vocab` decides the top official's unit when the plan does not declare
/// it, so scripts see the unit every output treats as the top official's.
pub fn to_json(plan: &Plan, vocab: &Vocabulary) -> Value {
    json!({
        "format_version": JSON_FORMAT_VERSION,
        "ente": {
            "name": plan.ente.name,
            "province": plan.ente.province,
        },
        "year": plan.year,
        "title": plan.title,
        "adopted_by": plan.adopted_by,
        "document": plan.document.map(PlanInstrument::written),
        "payment_times": plan.payment_times_code(),
        "areas": plan.areas.iter().map(|a| json!({
            "id": a.id.as_str(),
            "name": a.name,
            "offices": a.offices,
            "head": a.head,
            "top_official": plan.is_top_official_unit(&a.id, vocab),
            "total_weight": plan.area_total_weight(&a.id),
        })).collect::<Vec<_>>(),
        "themes": plan.themes.iter().map(|t| json!({
            "id": t.id.as_str(),
            "name": t.name,
        })).collect::<Vec<_>>(),
        "strategic_objectives": plan.strategic.iter().map(|s| json!({
            "id": s.id.as_str(),
            "title": s.title,
            "description": s.description,
            "indicators": s.indicators.iter().map(indicator).collect::<Vec<_>>(),
            "objectives": plan.objectives.iter()
                .filter(|o| o.strategic.as_ref() == Some(&s.id))
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "objectives": plan.objectives.iter().map(objective).collect::<Vec<_>>(),
    })
}

fn objective(o: &Objective) -> Value {
    json!({
        "id": o.id.as_str(),
        "theme": o.theme.as_str(),
        "title": o.title,
        "description": o.description,
        "funding": o.funding,
        "weighted": o.is_weighted(),
        "strategic": o.strategic.as_ref().map(|s| s.as_str()),
        "areas": responsibilities(&o.areas),
        "indicators": o.indicators.iter().map(indicator).collect::<Vec<_>>(),
        "inactive_indicators": o.dormant.iter().map(indicator).collect::<Vec<_>>(),
    })
}

fn indicator(i: &Indicator) -> Value {
    json!({
        "id": i.id.as_str(),
        "description": i.description,
        "expected": i.expected,
        "condition": i.condition,
        "areas": i.areas.as_deref().map(responsibilities),
        "lead": i.lead.as_ref().map(|a| a.as_str()),
        "shared": i.shared,
        "targets": i.targets.iter().map(target).collect::<Vec<_>>(),
        "other_years": i.other_years.iter().map(|y| json!({
            "year": y.year,
            "targets": y.targets.iter().map(target).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "baseline": i.baseline.as_ref().map(|b| json!({
            "value": b.value,
            "year": b.year,
            "source": b.source,
        })),
        "success_level": i.success,
        "meta": json!({
            "formula": i.meta.formula,
            "source": i.meta.source,
            "type": i.meta.kind,
            "mission": i.meta.mission,
            "programme": i.meta.programme,
            "pnrr": i.meta.pnrr,
            "sdg": i.meta.sdg,
            "scope": i.meta.scope,
        }),
    })
}

fn responsibilities(list: &[Responsibility]) -> Value {
    Value::Array(
        list.iter()
            .map(|r| {
                json!({
                    "area": r.area.as_str(),
                    "weight": r.weight,
                    "note": r.note,
                })
            })
            .collect(),
    )
}

/// `kind` plus only the fields of that kind; optional ones are left out
/// when absent.
fn target(t: &Target) -> Value {
    let mut m = Map::new();
    let kind = match t.kind() {
        TargetKind::Deadline => "deadline",
        TargetKind::Minimum => "minimum",
        TargetKind::Maximum => "maximum",
        TargetKind::Percentage => "percentage",
        TargetKind::YesNo => "yes_no",
        TargetKind::Qualitative => "qualitative",
        TargetKind::Change => "change",
        TargetKind::Phase => "phase",
    };
    m.insert("kind".into(), kind.into());
    match t {
        Target::Deadline {
            date,
            movable,
            note,
        } => {
            m.insert("date".into(), date.format("%Y-%m-%d").to_string().into());
            if let Some(s) = movable {
                m.insert("movable".into(), s.as_str().into());
            }
            if let Some(s) = note {
                m.insert("note".into(), s.as_str().into());
            }
        }
        Target::Minimum { value, unit } => {
            m.insert("value".into(), (*value).into());
            m.insert("unit".into(), unit.as_str().into());
        }
        Target::Maximum {
            value,
            unit,
            strict,
        } => {
            m.insert("value".into(), (*value).into());
            m.insert("unit".into(), unit.as_str().into());
            m.insert("strict".into(), (*strict).into());
        }
        Target::Percentage { value, of } => {
            m.insert("value".into(), (*value).into());
            m.insert("of".into(), of.as_str().into());
        }
        Target::YesNo { what } => {
            m.insert("text".into(), what.as_str().into());
        }
        Target::Qualitative { criterion } => {
            m.insert("text".into(), criterion.as_str().into());
        }
        Target::Change {
            from,
            goal,
            change,
            unit,
            previous,
        } => {
            if let Some(y) = previous {
                m.insert("from_target_of".into(), (*y).into());
            }
            let (how, amount) = match change {
                Change::IncreasePercent(x) => ("increase_percent", x),
                Change::IncreaseBy(x) => ("increase_by", x),
                Change::DecreasePercent(x) => ("decrease_percent", x),
                Change::DecreaseBy(x) => ("decrease_by", x),
                Change::Total(x) => ("total", x),
            };
            m.insert("how".into(), how.into());
            m.insert("amount".into(), (*amount).into());
            m.insert("from".into(), (*from).into());
            m.insert("goal".into(), (*goal).into());
            m.insert("unit".into(), unit.as_str().into());
        }
        Target::Phase {
            name,
            start,
            end,
            weight,
            note,
        } => {
            if let Some(n) = note {
                m.insert("note".into(), n.as_str().into());
            }
            m.insert("name".into(), name.as_str().into());
            for (k, d) in [("start", start), ("end", end)] {
                if let Some(d) = d {
                    m.insert(k.into(), d.format("%Y-%m-%d").to_string().into());
                }
            }
            if let Some(w) = weight {
                m.insert("weight".into(), (*w).into());
            }
        }
    }
    Value::Object(m)
}
