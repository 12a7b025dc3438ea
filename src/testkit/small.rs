//! A small plan of four units assembled from the objectives each test
//! needs, target builders, fluent entries and the results of the units
//! that reported: for the scoring, open data, individual evaluation and
//! review tests.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::plan::*;
use crate::results::*;

use super::build::{self, resps, sourced, theme};

pub const AREAS: [&str; 4] = ["SG", "I", "II", "III"];

pub fn plan_with(objectives: Vec<Objective>) -> Plan {
    let areas = AREAS
        .iter()
        .map(|id| {
            let name = if *id == "SG" {
                "Segretario generale".to_string()
            } else {
                format!("Area {id}")
            };
            build::area(id, &name, None)
        })
        .collect();
    build::plan(
        "Comune di Prova",
        2023,
        "Piano di prova",
        areas,
        vec![theme("t", "Tema")],
        objectives,
    )
}

/// An objective of the one theme; without any weight it is a project on
/// variable resources.
pub fn objective(id: &str, areas: &[(&str, Option<f64>)], indicators: Vec<Indicator>) -> Objective {
    let mut o = build::obj(
        id,
        "t",
        &format!("Obiettivo {id}"),
        resps(areas),
        indicators,
    );
    if areas.iter().all(|(_, w)| w.is_none()) {
        o.funding = Some("risorse variabili".into());
    }
    o
}

pub fn indicator(id: &str, targets: Vec<Target>) -> Indicator {
    build::ind(id, &format!("Indicatore {id}"), "livello atteso", targets)
}

pub fn with_areas(mut ind: Indicator, areas: &[(&str, Option<f64>)]) -> Indicator {
    ind.areas = Some(resps(areas));
    ind
}

pub fn conditional(mut ind: Indicator, condition: &str) -> Indicator {
    ind.condition = Some(condition.into());
    ind
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    build::d(y, m, d)
}

pub fn deadline(y: i32, m: u32, d: u32) -> Target {
    Target::Deadline {
        date: date(y, m, d),
        movable: None,
        note: None,
    }
}

pub fn movable_deadline(y: i32, m: u32, d: u32, condition: &str) -> Target {
    Target::Deadline {
        date: date(y, m, d),
        movable: Some(condition.into()),
        note: None,
    }
}

pub fn minimum(value: f64) -> Target {
    Target::Minimum {
        value,
        unit: "giornate formative".into(),
    }
}

pub fn maximum(value: f64, strict: bool) -> Target {
    Target::Maximum {
        value,
        unit: "richiami".into(),
        strict,
    }
}

pub fn percentage(value: f64) -> Target {
    Target::Percentage {
        value,
        of: "segnalazioni".into(),
    }
}

pub fn yes_no() -> Target {
    Target::YesNo {
        what: "relazione finale alla G.C.".into(),
    }
}

pub fn qualitative() -> Target {
    Target::Qualitative {
        criterion: "assenza di rilievi".into(),
    }
}

fn form(area: &str) -> PathBuf {
    PathBuf::from(format!("2023 - Area {area}.xlsx"))
}

/// A blank entry; fill it with the builder methods.
pub fn entry(area: &str, indicator: &str, target: usize) -> Entry {
    build::blank(area, indicator, target)
}

pub trait EntryExt {
    fn on(self, d: NaiveDate) -> Self;
    fn value(self, v: f64) -> Self;
    fn done(self, b: bool) -> Self;
    fn status(self, s: ProposedStatus) -> Self;
    fn motivation(self, m: &str) -> Self;
}

impl EntryExt for Entry {
    fn on(mut self, d: NaiveDate) -> Self {
        self.date = sourced(d, form(self.area.as_str()), "F5");
        self
    }
    fn value(mut self, v: f64) -> Self {
        self.value = sourced(v, form(self.area.as_str()), "G5");
        self
    }
    fn done(mut self, b: bool) -> Self {
        self.done = sourced(b, form(self.area.as_str()), "H5");
        self
    }
    fn status(mut self, s: ProposedStatus) -> Self {
        self.status = sourced(s, form(self.area.as_str()), "I5");
        self
    }
    fn motivation(mut self, m: &str) -> Self {
        self.motivation = sourced(m.into(), form(self.area.as_str()), "L5");
        self
    }
}

/// Results where every Area of `reporting` sent a form with the given entries.
pub fn results(reporting: &[&str], entries: Vec<Entry>) -> Results {
    build::results_2023(reporting, &entries, form)
}
