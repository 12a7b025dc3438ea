//! Scoring end to end: the shipped rules file, a plan modelled on the 2023
//! Piano (a few of its real objectives), the Areas' data, the Nucleo's file,
//! and the printed summary per Area.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use consuntivo::plan::*;
use consuntivo::results::*;
use consuntivo::scoring::{self, Rules, Standing};
use consuntivo::vocab::Vocabulary;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn resp(list: &[(&str, Option<f64>)]) -> Vec<Responsibility> {
    list.iter()
        .map(|(a, w)| Responsibility {
            area: (*a).into(),
            weight: *w,
            note: None,
        })
        .collect()
}

fn ind(id: &str, expected: &str, targets: Vec<Target>) -> Indicator {
    Indicator {
        id: id.into(),
        description: expected.into(),
        expected: expected.into(),
        targets,
        condition: None,
        areas: None,
        ..Default::default()
    }
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
        id: id.into(),
        theme: theme.into(),
        title: title.into(),
        description: None,
        areas: resp(areas),
        funding: funding.map(String::from),
        indicators,
        strategic: None,
        dormant: Vec::new(),
    }
}

const ALL: [(&str, &str); 7] = [
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
fn plan_2023() -> Plan {
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
        ente: Ente {
            name: "Comune di Alzano Lombardo".into(),
            province: Some("BG".into()),
        },
        year: 2023,
        title: "Allegato H: Piano e indicatori di Performance".into(),
        adopted_by: None,
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
        strategic: Vec::new(),
    }
}

fn at(area: &str, cell: &str) -> CellRef {
    CellRef {
        file: PathBuf::from(format!("2023 - Area {area}.xlsx")),
        sheet: "Rendicontazione".into(),
        cell: cell.into(),
    }
}

fn s<T>(area: &str, cell: &str, value: T) -> Option<Sourced<T>> {
    Some(Sourced {
        value,
        at: at(area, cell),
    })
}

fn blank(area: &str, indicator: &str, target: usize) -> Entry {
    Entry::blank(indicator.into(), target, area.into())
}

fn results_2023() -> Results {
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

fn inputs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs")
}

#[test]
fn shipped_rules_file_loads_and_equals_the_defaults() {
    let rules = scoring::load_rules(
        &inputs().join("smvp.toml"),
        &[consuntivo::individual::RULES_SECTION],
    )
    .unwrap();
    // But for the unit pay bands, left commented: the shipped SMVP pays
    // through the individual evaluation.
    let defaults = Rules {
        reward_bands: Vec::new(),
        ..Rules::default()
    };
    assert_eq!(rules, defaults);
}

#[test]
fn a_2023_shaped_plan_scored_end_to_end() {
    let plan = plan_2023();
    let results = results_2023();
    let rules = scoring::load_rules(
        &inputs().join("smvp.toml"),
        &[consuntivo::individual::RULES_SECTION],
    )
    .unwrap();
    let review = scoring::parse_review(
        "anno = 2023\n\
         [[correzione]]\nindicatore = \"OB02.1\"\narea = \"III\"\ngrado = 100\n\
         motivazione = \"i tre richiami sono stati annullati in autotutela\"\n",
        Path::new("valutazioni-nucleo-2023.toml"),
        &plan,
        &Vocabulary::default(),
    )
    .unwrap();
    let sc = scoring::score(&plan, &results, &rules, &review);
    let text = scoring::summary(&plan, &sc, &Vocabulary::default());
    println!("{text}");
    for w in &sc.warnings {
        println!("{w}");
    }

    let area = |id: &str| sc.areas.iter().find(|a| a.area.as_str() == id).unwrap();
    // SG: OB01.1 both targets met → 100%, weight 10.
    assert_eq!(area("SG").grade, Some(1.0));
    assert_eq!(area("SG").total_weight, 10.0);
    // III: OB01 (3) 100%, OB02 (5) corrected 0 → 100%, OB03 (10) movable, on time.
    assert_eq!(area("III").grade, Some(1.0));
    assert!(area("III").computed.unwrap() < 1.0);
    // II: OB01 80% (3), OB02 100% (5), OB04 (10): OB04.1 12 days late 80%,
    // OB04.2 not applicable → (2.4 + 5 + 8) ÷ 18.
    let ii = area("II").grade.unwrap();
    assert!((ii - 15.4 / 18.0).abs() < 1e-9, "{ii}");
    // V and VI sent nothing: not reported, zero, flagged.
    assert!(!area("V").reported);
    assert_eq!(area("V").grade, Some(0.0));
    // IV: the snow project is graded apart.
    assert_eq!(area("IV").total_weight, 8.0);
    let ob05 = sc
        .objectives
        .iter()
        .find(|o| o.objective.as_str() == "OB05")
        .unwrap();
    assert!(!ob05.weighted);
    assert_eq!(ob05.grade, Some(1.0));
    let ob04_2 = &sc.objectives[3].areas[0].indicators[1];
    assert!(matches!(ob04_2.standing, Standing::NotApplicable(_)));

    for name in ALL.map(|(_, n)| n) {
        assert!(text.contains(name), "{name} missing from the summary");
    }
    assert!(text.contains("Grado dell'ente:"));
    assert!(text.contains("Area V Urbanistica, edilizia privata, SUAP, CED (modulo non inviato)"));
    assert!(text.contains("valutati a parte: OB05 100%"));
    assert!(
        sc.warnings
            .iter()
            .any(|w| w.message.contains("l'Area VI non ha inviato"))
    );
}

/// The real 2023 inputs, once the plan file and the filled forms are in
/// `inputs/` (they are produced on other branches): scored end to end with
/// the shipped rules and the Nucleo's example file, summary printed.
#[test]
fn real_2023_inputs_end_to_end_when_present() {
    let plan_path = inputs().join("piano-2023.toml");
    if !plan_path.exists() {
        eprintln!("inputs/piano-2023.toml assente: test end-to-end sui dati reali saltato");
        return;
    }
    let plan = consuntivo::plan::load(&plan_path).expect("the 2023 plan loads");
    let forms_dir = inputs().join("rendicontazioni").join("2023");
    let results = if forms_dir.is_dir() {
        consuntivo::forms::read_dir(&plan, &forms_dir, &Vocabulary::default())
            .expect("the 2023 forms read")
            .0
    } else {
        Results {
            year: 2023,
            reports: vec![],
        }
    };
    let rules = scoring::load_rules(
        &inputs().join("smvp.toml"),
        &[consuntivo::individual::RULES_SECTION],
    )
    .unwrap();
    let review_path = inputs().join("valutazioni-nucleo-2023.toml");
    let review = scoring::load_review(&review_path, &plan, &Vocabulary::default())
        .unwrap_or_else(|e| panic!("the Nucleo's example file must match the plan's ids:\n{e}"));
    let sc = scoring::score(&plan, &results, &rules, &review);
    println!("{}", scoring::summary(&plan, &sc, &Vocabulary::default()));
    assert_eq!(sc.areas.len(), plan.areas.len());
    let ok = |g: Option<f64>| g.is_none_or(|g| (0.0..=1.0).contains(&g));
    assert!(ok(sc.grade) && sc.areas.iter().all(|a| ok(a.grade)));
    assert_eq!(sc, scoring::score(&plan, &results, &rules, &review));
}
