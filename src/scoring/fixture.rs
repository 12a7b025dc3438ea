//! Small plans and results built in code for the scoring tests.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::plan::*;
use crate::results::*;

pub const AREAS: [&str; 4] = ["SG", "I", "II", "III"];

pub fn plan_with(objectives: Vec<Objective>) -> Plan {
    Plan {
        ente: Ente {
            name: "Comune di Prova".into(),
            province: Some("BG".into()),
        },
        year: 2023,
        title: "Piano di prova".into(),
        adopted_by: None,
        areas: AREAS
            .iter()
            .map(|id| Area {
                id: (*id).into(),
                name: if *id == "SG" {
                    "Segretario generale".into()
                } else {
                    format!("Area {id}")
                },
                offices: vec![],
                head: None,
                top_official: false,
            })
            .collect(),
        themes: vec![Theme {
            id: "t".into(),
            name: "Tema".into(),
        }],
        objectives,
        strategic: Vec::new(),
    }
}

pub fn objective(id: &str, areas: &[(&str, Option<f64>)], indicators: Vec<Indicator>) -> Objective {
    Objective {
        id: id.into(),
        theme: "t".into(),
        title: format!("Obiettivo {id}"),
        description: None,
        areas: areas
            .iter()
            .map(|(a, w)| Responsibility {
                area: (*a).into(),
                weight: *w,
                note: None,
            })
            .collect(),
        funding: if areas.iter().all(|(_, w)| w.is_none()) {
            Some("risorse variabili".into())
        } else {
            None
        },
        indicators,
        strategic: None,
        dormant: Vec::new(),
    }
}

pub fn indicator(id: &str, targets: Vec<Target>) -> Indicator {
    Indicator {
        id: id.into(),
        description: format!("Indicatore {id}"),
        expected: "livello atteso".into(),
        targets,
        condition: None,
        areas: None,
        ..Default::default()
    }
}

pub fn with_areas(mut ind: Indicator, areas: &[(&str, Option<f64>)]) -> Indicator {
    ind.areas = Some(
        areas
            .iter()
            .map(|(a, w)| Responsibility {
                area: (*a).into(),
                weight: *w,
                note: None,
            })
            .collect(),
    );
    ind
}

pub fn conditional(mut ind: Indicator, condition: &str) -> Indicator {
    ind.condition = Some(condition.into());
    ind
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
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

fn cell(area: &str, c: &str) -> CellRef {
    CellRef {
        file: PathBuf::from(format!("2023 - Area {area}.xlsx")),
        sheet: "Rendicontazione".into(),
        cell: c.into(),
    }
}

/// A blank entry; fill it with the builder methods.
pub fn entry(area: &str, indicator: &str, target: usize) -> Entry {
    Entry::blank(indicator.into(), target, area.into())
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
        self.date = Some(Sourced {
            value: d,
            at: cell(self.area.as_str(), "F5"),
        });
        self
    }
    fn value(mut self, v: f64) -> Self {
        self.value = Some(Sourced {
            value: v,
            at: cell(self.area.as_str(), "G5"),
        });
        self
    }
    fn done(mut self, b: bool) -> Self {
        self.done = Some(Sourced {
            value: b,
            at: cell(self.area.as_str(), "H5"),
        });
        self
    }
    fn status(mut self, s: ProposedStatus) -> Self {
        self.status = Some(Sourced {
            value: s,
            at: cell(self.area.as_str(), "I5"),
        });
        self
    }
    fn motivation(mut self, m: &str) -> Self {
        self.motivation = Some(Sourced {
            value: m.into(),
            at: cell(self.area.as_str(), "L5"),
        });
        self
    }
}

/// Results where every Area of `reporting` sent a form with the given entries.
pub fn results(reporting: &[&str], entries: Vec<Entry>) -> Results {
    Results {
        year: 2023,
        reports: reporting
            .iter()
            .map(|a| AreaReport {
                area: (*a).into(),
                source: SourceFile {
                    path: PathBuf::from(format!("2023 - Area {a}.xlsx")),
                    sha256: "0".repeat(64),
                    area: (*a).into(),
                },
                entries: entries
                    .iter()
                    .filter(|e| e.area.as_str() == *a)
                    .cloned()
                    .collect(),
            })
            .collect(),
    }
}
