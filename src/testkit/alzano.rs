//! Five objectives shaped like the 2023 plan of Alzano Lombardo (a few of
//! its real objectives: per-indicator weights and "Tutte le Aree", a strict
//! maximum, a movable deadline, a conditional indicator, a project on
//! variable resources) and what the units reported: scoring end to end
//! with the shipped rules (`tests/scoring.rs`).

use std::path::PathBuf;

use crate::plan::*;
use crate::results::*;

pub use super::build::d;
use super::build::{self, blank, resps as resp};

fn ind(id: &str, expected: &str, targets: Vec<Target>) -> Indicator {
    build::ind(id, expected, expected, targets)
}

fn obj(
    id: &str,
    theme: &str,
    title: &str,
    areas: &[(&str, Option<f64>)],
    funding: Option<&str>,
    indicators: Vec<Indicator>,
) -> Objective {
    Objective {
        funding: funding.map(String::from),
        ..build::obj(id, theme, title, resp(areas), indicators)
    }
}

/// The units of [`plan_2023`], id and name.
pub const ALL: [(&str, &str); 7] = [
    ("SG", "Segretario generale"),
    ("I", "Area I Affari generali e giuridico-legale"),
    ("II", "Area II Socio-culturale e personale"),
    ("III", "Area III Finanziaria"),
    ("IV", "Area IV Lavori pubblici e patrimonio"),
    ("V", "Area V Urbanistica, edilizia privata, SUAP, CED"),
    ("VI", "Area VI Polizia Locale"),
];

/// Five objectives shaped like the 2023 plan: per-indicator weights and
/// "Tutte le Aree", a strict maximum, a movable deadline, a conditional
/// indicator and a project on variable resources.
pub fn plan_2023() -> Plan {
    let aree: Vec<(&str, Option<f64>)> = ALL[1..].iter().map(|(a, _)| (*a, Some(5.0))).collect();
    let mut ob01_1 = ind(
        "OB01.1",
        "2023: almeno 2 giornate formative entro il 31/12/2023",
        vec![
            Target::Minimum {
                value: 2.0,
                unit: "giornate formative".into(),
            },
            Target::Deadline {
                date: d(2023, 12, 31),
                movable: None,
                note: None,
            },
        ],
    );
    ob01_1.areas = Some(resp(&[("SG", Some(10.0))]));
    let mut ob01_2 = ind(
        "OB01.2",
        "2023: 100%",
        vec![Target::Percentage {
            value: 100.0,
            of: "presenze alle giornate di formazione".into(),
        }],
    );
    ob01_2.areas = Some(
        ALL[1..]
            .iter()
            .map(|(a, _)| Responsibility {
                area: (*a).into(),
                weight: Some(3.0),
                note: None,
            })
            .collect(),
    );
    let mut ob04_2 = ind(
        "OB04.2",
        "Solo in caso di adesione all'avviso pubblico: stipula convenzione di co-progettazione",
        vec![Target::YesNo {
            what: "stipula convenzione".into(),
        }],
    );
    ob04_2.condition = Some("Solo in caso di adesione all'avviso pubblico".into());
    Plan {
        adopted_by: None,
        document: None,
        areas: ALL
            .iter()
            .map(|(id, name)| Area {
                id: (*id).into(),
                name: (*name).into(),
                offices: vec![],
                head: None,
                top_official: false,
            })
            .collect(),
        themes: vec![
            Theme {
                id: "legalita".into(),
                name: "Legalità".into(),
            },
            Theme {
                id: "servizi".into(),
                name: "Servizi".into(),
            },
        ],
        objectives: vec![
            obj(
                "OB01",
                "legalita",
                "Cultura della legalità e rispetto delle regole comportamentali",
                &[],
                None,
                vec![ob01_1, ob01_2],
            ),
            obj(
                "OB02",
                "legalita",
                "Rispetto delle misure del PTPCT e del Codice di comportamento",
                &aree,
                None,
                vec![ind(
                    "OB02.1",
                    "Richiami inferiori a n. 3, fino al 31/12/2023",
                    vec![Target::Maximum {
                        value: 3.0,
                        unit: "richiami".into(),
                        strict: true,
                    }],
                )],
            ),
            obj(
                "OB03",
                "servizi",
                "Ricezione telematica delle dichiarazioni dei tributi comunali",
                &[("III", Some(10.0))],
                None,
                vec![ind(
                    "OB03.1",
                    "2023: Entro il 31/12 o data successiva (in base alla definizione del nuovo contratto)",
                    vec![Target::Deadline {
                        date: d(2023, 12, 31),
                        movable: Some("in base alla definizione del nuovo contratto".into()),
                        note: None,
                    }],
                )],
            ),
            obj(
                "OB04",
                "servizi",
                "Co-programmazione e co-progettazione per la frazione Monte di Nese",
                &[("II", Some(10.0))],
                None,
                vec![
                    ind(
                        "OB04.1",
                        "Approvazione avviso pubblico per l'attivazione della co-progettazione",
                        vec![Target::Deadline {
                            date: d(2023, 9, 30),
                            movable: None,
                            note: None,
                        }],
                    ),
                    ob04_2,
                ],
            ),
            obj(
                "OB05",
                "servizi",
                "Servizio neve",
                &[("IV", None)],
                Some("Da finanziarsi con risorse variabili Art. 79 CCNL 2019/2021"),
                vec![ind(
                    "OB05.1",
                    "intervento entro il 31/12/2023",
                    vec![Target::YesNo {
                        what: "intervento".into(),
                    }],
                )],
            ),
        ],
        ..build::alzano_2023()
    }
}

fn form(area: &str) -> PathBuf {
    PathBuf::from(format!("2023 - Area {area}.xlsx"))
}

fn s<T>(area: &str, cell: &str, value: T) -> Option<Sourced<T>> {
    build::sourced(value, form(area), cell)
}

/// What the units reported for [`plan_2023`]: Areas V and VI sent no form.
pub fn results_2023() -> Results {
    let mut entries: Vec<Entry> = Vec::new();
    let mut e = blank("SG", "OB01.1", 0);
    e.value = s("SG", "G5", 2.0);
    entries.push(e);
    let mut e = blank("SG", "OB01.1", 1);
    e.date = s("SG", "F6", d(2023, 11, 28));
    entries.push(e);
    for (area, pct, richiami) in [
        ("I", 100.0, 0.0),
        ("II", 80.0, 1.0),
        ("III", 100.0, 3.0),
        ("IV", 95.0, 0.0),
    ] {
        let mut e = blank(area, "OB01.2", 0);
        e.value = s(area, "G5", pct);
        if pct < 100.0 {
            e.motivation = s(area, "L5", "assenze per malattia".to_string());
        }
        entries.push(e);
        let mut e = blank(area, "OB02.1", 0);
        e.value = s(area, "G6", richiami);
        entries.push(e);
    }
    let mut e = blank("III", "OB03.1", 0);
    e.date = s("III", "F7", d(2024, 2, 15));
    e.motivation = s(
        "III",
        "L7",
        "contratto del nuovo portale firmato a gennaio 2024".to_string(),
    );
    entries.push(e);
    let mut e = blank("II", "OB04.1", 0);
    e.date = s("II", "F7", d(2023, 10, 12));
    entries.push(e);
    let mut e = blank("II", "OB04.2", 0);
    e.status = s("II", "I8", ProposedStatus::NotApplicable);
    e.motivation = s("II", "L8", "nessuna adesione all'avviso".to_string());
    entries.push(e);
    let mut e = blank("IV", "OB05.1", 0);
    e.done = s("IV", "H9", true);
    entries.push(e);

    // Area V and VI sent no form.
    let reporting = ["SG", "I", "II", "III", "IV"];
    build::results_2023(&reporting, &entries, form)
}
