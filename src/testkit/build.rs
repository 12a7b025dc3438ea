//! The builders every fixture is written with.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::plan::{
    Area, AreaId, Ente, Indicator, IndicatorId, Objective, ObjectiveId, Plan, Responsibility,
    Target, Theme, ThemeId,
};
use crate::results::{AreaReport, CellRef, Entry, Results, SourceFile, Sourced};
use crate::scoring::{IndicatorScore, Outcome, Standing, TargetScore};

/// A date of the fixtures.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// A unit with its name and head.
pub fn area(id: &str, name: &str, head: Option<&str>) -> Area {
    Area {
        id: AreaId::from(id),
        name: name.into(),
        offices: vec![],
        head: head.map(String::from),
        top_official: false,
    }
}

/// A unit answering for an objective or indicator, with its weight.
pub fn resp(area: &str, weight: Option<f64>) -> Responsibility {
    Responsibility {
        area: AreaId::from(area),
        weight,
        note: None,
    }
}

/// [`resp`] for each (unit, weight).
pub fn resps(list: &[(&str, Option<f64>)]) -> Vec<Responsibility> {
    list.iter().map(|(a, w)| resp(a, *w)).collect()
}

/// An indicator with its description, livello atteso and targets.
pub fn ind(id: &str, description: &str, expected: &str, targets: Vec<Target>) -> Indicator {
    Indicator {
        id: IndicatorId::from(id),
        description: description.into(),
        expected: expected.into(),
        targets,
        condition: None,
        areas: None,
        ..Default::default()
    }
}

/// An objective of `theme` with its units and indicators (weighted, not
/// strategic, nothing at rest).
pub fn obj(
    id: &str,
    theme: &str,
    title: &str,
    areas: Vec<Responsibility>,
    indicators: Vec<Indicator>,
) -> Objective {
    Objective {
        id: ObjectiveId::from(id),
        theme: ThemeId::from(theme),
        title: title.into(),
        description: None,
        areas,
        funding: None,
        indicators,
        strategic: None,
        dormant: Vec::new(),
        payment_times: None,
    }
}

/// A theme.
pub fn theme(id: &str, name: &str) -> Theme {
    Theme {
        id: ThemeId::from(id),
        name: name.into(),
    }
}

/// A plan of `ente` (province BG) for `year`, without strategic level.
pub fn plan(
    ente: &str,
    year: i32,
    title: &str,
    areas: Vec<Area>,
    themes: Vec<Theme>,
    objectives: Vec<Objective>,
) -> Plan {
    Plan {
        ente: Ente {
            name: ente.into(),
            province: Some("BG".into()),
        },
        year,
        title: title.into(),
        adopted_by: None,
        document: None,
        areas,
        themes,
        objectives,
        strategic: Vec::new(),
    }
}

/// A plan of the Comune di Alzano Lombardo for 2023, titled as its
/// Allegato H, with no unit, theme or objective yet: the fixtures complete
/// it with struct update syntax.
pub fn alzano_2023() -> Plan {
    plan(
        "Comune di Alzano Lombardo",
        2023,
        "Allegato H: Piano e indicatori di Performance",
        Vec::new(),
        Vec::new(),
        Vec::new(),
    )
}

/// A cell of a form's data sheet.
pub fn cell_of(file: PathBuf, cell: &str) -> CellRef {
    CellRef {
        file,
        sheet: "Rendicontazione".into(),
        cell: cell.into(),
    }
}

/// A value read from a cell of `file`'s data sheet.
pub fn sourced<T>(value: T, file: PathBuf, cell: &str) -> Option<Sourced<T>> {
    Some(Sourced {
        value,
        at: cell_of(file, cell),
    })
}

/// An untouched row of `area`'s form.
pub fn blank(area: &str, indicator: &str, target: usize) -> Entry {
    Entry::blank(IndicatorId::from(indicator), target, AreaId::from(area))
}

/// The form of `area` read from `path`, with its entries among `entries`.
pub fn report_of(area: &str, path: PathBuf, sha256: String, entries: &[Entry]) -> AreaReport {
    AreaReport {
        area: AreaId::from(area),
        source: SourceFile {
            path,
            sha256,
            area: AreaId::from(area),
        },
        entries: entries
            .iter()
            .filter(|e| e.area.as_str() == area)
            .cloned()
            .collect(),
        rows: Vec::new(),
    }
}

/// The outcome of a grade under the shipped rules (90% achieved, 50%
/// partially), for scorecards written out by hand.
pub fn outcome(g: f64) -> Outcome {
    if g >= 0.9 {
        Outcome::Achieved
    } else if g >= 0.5 {
        Outcome::PartiallyAchieved
    } else {
        Outcome::NotAchieved
    }
}

/// The 2023 results of the units in `reporting`, each form at `form(unit)`
/// with its entries among `entries`.
pub fn results_2023(
    reporting: &[&str],
    entries: &[Entry],
    form: impl Fn(&str) -> PathBuf,
) -> Results {
    Results {
        year: 2023,
        reports: reporting
            .iter()
            .map(|a| report_of(a, form(a), "0".repeat(64), entries))
            .collect(),
    }
}

/// A unit's score for a one-target indicator, as computed (no decision of
/// the evaluator), with the explanations of the target and the indicator.
pub fn indicator_score(
    indicator: &str,
    area: &str,
    grade: Option<f64>,
    standing: Standing,
    explanations: (String, String),
    entry: Option<Entry>,
) -> IndicatorScore {
    let (target_explanation, explanation) = explanations;
    IndicatorScore {
        indicator: IndicatorId::from(indicator),
        area: AreaId::from(area),
        weight: None,
        targets: vec![TargetScore {
            target: 0,
            grade,
            standing: standing.clone(),
            explanation: target_explanation,
            entry,
        }],
        computed: grade,
        grade,
        outcome: grade.map(outcome),
        standing,
        proposed: None,
        correction: None,
        confirmation: None,
        pending: None,
        explanation,
        aggregate: None,
    }
}
