//! The forms' plan: every target kind, a multi-target indicator,
//! several Areas, an objective for "tutte le Aree", per-indicator areas and
//! an unweighted objective. Fixtures under tests/fixtures/forms/ were
//! generated from it: changing it changes the fingerprint, and the
//! fixtures must then be regenerated (see `make_fixture_xlsx`).

use crate::plan::{Ente, Plan, Target, Theme, ThemeId};

pub use super::build::d;
use super::build::{area, ind, obj, resp};

pub fn plan() -> Plan {
    let tutte = || {
        vec![
            resp("I", Some(3.0)),
            resp("III", Some(3.0)),
            resp("IV", Some(3.0)),
        ]
    };
    let mut ob04 = obj(
        "OB04",
        "legalita",
        "Controlli interni e trasparenza",
        vec![resp("I", Some(5.0)), resp("III", Some(10.0))],
        vec![
            ind(
                "OB04.1",
                "Relazione finale sui controlli",
                "Relazione finale alla G.C.",
                vec![Target::YesNo {
                    what: "relazione finale alla G.C.".into(),
                }],
            ),
            ind(
                "OB04.2",
                "Esito dei controlli successivi",
                "Assenza di rilievi da parte dei revisori",
                vec![Target::Qualitative {
                    criterion: "assenza di rilievi".into(),
                }],
            ),
            ind(
                "OB04.3",
                "Aggiornamento del regolamento di contabilità",
                "Entro il 30/09/2023",
                vec![Target::Deadline {
                    date: d(2023, 9, 30),
                    movable: Some("o data successiva, in base al nuovo principio contabile".into()),
                    note: None,
                }],
            ),
        ],
    );
    ob04.indicators[1].condition = Some("Solo in caso di controllo a campione".into());
    ob04.indicators[2].areas = Some(vec![resp("III", Some(4.0))]);
    let mut ob05 = obj(
        "OB05",
        "comunita",
        "Albo delle associazioni",
        vec![resp("III", None)],
        vec![ind(
            "OB05.1",
            "Associazioni iscritte all'albo",
            "Minimo n. 20 associazioni",
            vec![Target::Minimum {
                value: 20.0,
                unit: "associazioni".into(),
            }],
        )],
    );
    ob05.funding = Some("Da finanziarsi con risorse variabili Art. 79 CCNL 2019/2021".into());
    Plan {
        ente: Ente {
            name: "Comune di Prova".into(),
            province: Some("BG".into()),
        },
        year: 2023,
        title: "Piano della performance".into(),
        adopted_by: None,
        document: None,
        areas: vec![
            area("SG", "Segretario generale", Some("dott.ssa Maria Rossi")),
            area("I", "Area I Affari generali", None),
            area("III", "Area III Finanziaria", Some("rag. Luigi Bianchi")),
            area("IV", "Area IV Lavori pubblici", None),
        ],
        themes: vec![
            Theme {
                id: ThemeId::from("legalita"),
                name: "Legalità".into(),
            },
            Theme {
                id: ThemeId::from("comunita"),
                name: "Comunità".into(),
            },
        ],
        objectives: vec![
            obj(
                "OB01",
                "legalita",
                "Cultura della legalità",
                tutte(),
                vec![ind(
                    "OB01.1",
                    "Aggiornamento della sezione Amministrazione trasparente",
                    "Entro il 30/06/2023",
                    vec![Target::Deadline {
                        date: d(2023, 6, 30),
                        movable: None,
                        note: None,
                    }],
                )],
            ),
            obj(
                "OB02",
                "legalita",
                "Formazione del personale",
                vec![resp("III", Some(10.0))],
                vec![ind(
                    "OB02.1",
                    "Corsi di formazione «in house»",
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
                )],
            ),
            obj(
                "OB03",
                "comunita",
                "Qualità dei servizi",
                vec![resp("III", Some(5.0))],
                vec![
                    ind(
                        "OB03.1",
                        "Presenze agli sportelli",
                        "Almeno il 90% delle presenze programmate",
                        vec![Target::Percentage {
                            value: 90.0,
                            of: "delle presenze programmate".into(),
                        }],
                    ),
                    ind(
                        "OB03.2",
                        "Richiami",
                        "Richiami inferiori a n. 3",
                        vec![Target::Maximum {
                            value: 3.0,
                            unit: "richiami".into(),
                            strict: true,
                        }],
                    ),
                ],
            ),
            ob04,
            ob05,
            obj(
                "OB06",
                "legalita",
                "Coordinamento dei responsabili",
                vec![resp("SG", Some(20.0))],
                vec![ind(
                    "OB06.1",
                    "Conferenze dei responsabili",
                    "Rinvio agli indicatori della DGC n. 32",
                    vec![Target::Qualitative {
                        criterion: "rinvio ad indicatori di cui alla DGC n. 32".into(),
                    }],
                )],
            ),
        ],
        strategic: Vec::new(),
    }
}
