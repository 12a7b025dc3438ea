//! Boundary (table-driven) and property tests of the grading engine, split
//! by concern; this module holds the helpers they share.

mod aggregation;
mod decisions;
mod properties;
mod standing;
mod targets;

use super::*;
use crate::plan::{AreaId, Target};
use crate::results::{Entry, ProposedStatus};
use crate::testkit::small::*;

const A: ProposedStatus = ProposedStatus::Achieved;
const P: ProposedStatus = ProposedStatus::PartiallyAchieved;
const N: ProposedStatus = ProposedStatus::NotAchieved;
const NA: ProposedStatus = ProposedStatus::NotApplicable;

/// The default (Alzano's) words the explanations are checked against.
fn vocab() -> crate::vocab::Vocabulary {
    crate::vocab::Vocabulary::default()
}

fn e() -> Entry {
    entry("I", "X.1", 0)
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

fn a(id: &str) -> AreaId {
    id.into()
}

fn area<'s>(sc: &'s Scorecard, id: &str) -> &'s AreaScore {
    sc.areas.iter().find(|x| x.area.as_str() == id).unwrap()
}

/// The Nucleo's file `n.toml` with `text`, checked against `plan`.
fn review_of(plan: &Plan, text: &str) -> Review {
    parse_review(text, std::path::Path::new("n.toml"), plan, &vocab())
        .unwrap_or_else(|d| panic!("{d}"))
}

fn obj_area<'s>(sc: &'s Scorecard, obj: &str, area: &str) -> &'s ObjectiveAreaScore {
    sc.objectives
        .iter()
        .find(|o| o.objective.as_str() == obj)
        .unwrap()
        .areas
        .iter()
        .find(|x| x.area.as_str() == area)
        .unwrap()
}

fn ind<'s>(sc: &'s Scorecard, obj: &str, area: &str, i: &str) -> &'s IndicatorScore {
    obj_area(sc, obj, area)
        .indicators
        .iter()
        .find(|x| x.indicator.as_str() == i)
        .unwrap()
}

fn two_area_plan() -> crate::plan::Plan {
    plan_with(vec![
        objective(
            "OB01",
            &[("I", Some(5.0)), ("III", Some(10.0))],
            vec![indicator(
                "OB01.1",
                vec![minimum(2.0), deadline(2023, 12, 31)],
            )],
        ),
        objective(
            "OB02",
            &[("III", Some(5.0))],
            vec![indicator("OB02.1", vec![deadline(2023, 6, 30)])],
        ),
        objective(
            "OB03",
            &[("I", None), ("III", None)],
            vec![indicator("OB03.1", vec![yes_no()])],
        ),
    ])
}
