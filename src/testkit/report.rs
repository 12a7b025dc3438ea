//! The Relazione's fixture: a plan of four units and four objectives (one
//! conditional indicator, one project on variable resources) and what each
//! unit reported (a hostile and a very long note included); its scorecard
//! is in [`super::report_scores`].

use std::path::PathBuf;

use crate::plan::{Area, Indicator, Objective, ObjectiveId, Plan, Target, Theme, ThemeId};
use crate::results::{Entry, ProposedStatus, Results, Sourced};

pub use super::build::d;
use super::build::{self, resp};
pub use super::report_scores::{rules, scorecard};

pub const HOSTILE: &str = r"Nota #[x] $y$ *grassetto* _corsivo_ <etichetta> @rif \ fine";

fn long_note() -> String {
    let mut s = String::from("INIZIO-NOTA-LUNGA ");
    while s.len() < 5000 {
        s.push_str("Il servizio ha operato con personale ridotto per #malattia e $ferie$; ");
    }
    s.push_str(" FINE-NOTA-LUNGA");
    s
}

/// An indicator with one target.
fn ind(id: &str, description: &str, expected: &str, target: Target) -> Indicator {
    build::ind(id, description, expected, vec![target])
}

pub fn plan() -> Plan {
    let area = build::area;
    let mut conditional = ind(
        "OB02.2",
        "Partecipazione al bando regionale per la manutenzione delle strade",
        "Solo in caso di adesione all'avviso pubblico: domanda presentata",
        Target::YesNo {
            what: "domanda presentata".into(),
        },
    );
    conditional.condition = Some("Solo in caso di adesione all'avviso pubblico".into());
    Plan {
        adopted_by: Some("DGC n. 12 del 30/01/2023".into()),
        areas: vec![
            area("SG", "Segretario generale", None),
            area(
                "I",
                "Area I Affari generali",
                Some("Dott.ssa Laura Bianchi"),
            ),
            Area {
                offices: vec!["ragioneria".into(), "tributi".into()],
                ..area("III", "Area III Finanziaria", Some("Rag. Paolo Verdi"))
            },
            area("IV", "Area IV Lavori pubblici e patrimonio", None),
        ],
        themes: vec![
            Theme {
                id: ThemeId::from("legalita"),
                name: "Legalità".into(),
            },
            Theme {
                id: ThemeId::from("territorio"),
                name: "Assetto del territorio".into(),
            },
        ],
        objectives: vec![
            Objective {
                id: ObjectiveId::from("OB01"),
                theme: ThemeId::from("legalita"),
                title: "Aggiornamento della sezione Rischi corruttivi e trasparenza".into(),
                description: None,
                areas: vec![
                    resp("SG", Some(10.0)),
                    resp("I", Some(5.0)),
                    resp("III", Some(10.0)),
                ],
                funding: None,
                indicators: vec![
                    ind(
                        "OB01.1",
                        "Pubblicazione dei dati in Amministrazione trasparente",
                        "entro il 30/06/2023",
                        Target::Deadline {
                            date: d(2023, 6, 30),
                            movable: None,
                            note: None,
                        },
                    ),
                    ind(
                        "OB01.2",
                        "Riscontro alle segnalazioni",
                        "100% riscontri su 100% segnalazioni",
                        Target::Percentage {
                            value: 100.0,
                            of: "segnalazioni".into(),
                        },
                    ),
                ],
                strategic: None,
                dormant: Vec::new(),
                payment_times: None,
            },
            Objective {
                id: ObjectiveId::from("OB02"),
                theme: ThemeId::from("territorio"),
                title: "Manutenzione programmata del patrimonio".into(),
                description: Some("Interventi sugli edifici scolastici e sulle strade.".into()),
                areas: vec![resp("IV", Some(20.0))],
                funding: None,
                indicators: vec![
                    ind(
                        "OB02.1",
                        "Interventi di manutenzione eseguiti",
                        "almeno 20 interventi",
                        Target::Minimum {
                            value: 20.0,
                            unit: "interventi".into(),
                        },
                    ),
                    conditional,
                ],
                strategic: None,
                dormant: Vec::new(),
                payment_times: None,
            },
            Objective {
                id: ObjectiveId::from("OB03"),
                theme: ThemeId::from("legalita"),
                title: "Riscossione delle entrate tributarie".into(),
                description: None,
                areas: vec![resp("III", Some(15.0))],
                funding: None,
                indicators: vec![
                    ind(
                        "OB03.1",
                        "Richiami della Corte dei conti",
                        "richiami inferiori a n. 3",
                        Target::Maximum {
                            value: 3.0,
                            unit: "richiami".into(),
                            strict: true,
                        },
                    ),
                    ind(
                        "OB03.2",
                        "Emissione degli avvisi di accertamento IMU",
                        "entro il 31/03/2023",
                        Target::Deadline {
                            date: d(2023, 3, 31),
                            movable: None,
                            note: None,
                        },
                    ),
                ],
                strategic: None,
                dormant: Vec::new(),
                payment_times: None,
            },
            Objective {
                id: ObjectiveId::from("OB04"),
                theme: ThemeId::from("territorio"),
                title: "Biblioteca aperta la domenica".into(),
                description: None,
                areas: vec![resp("I", None)],
                funding: Some("Da finanziarsi con risorse variabili Art. 79 CCNL 2019/2021".into()),
                indicators: vec![ind(
                    "OB04.1",
                    "Aperture domenicali",
                    "relazione finale alla G.C.",
                    Target::YesNo {
                        what: "relazione finale".into(),
                    },
                )],
                strategic: None,
                dormant: Vec::new(),
                payment_times: None,
            },
        ],
        ..build::alzano_2023()
    }
}

fn file_of(area: &str) -> PathBuf {
    PathBuf::from(format!(
        "inputs/rendicontazioni/2023/2023 - Area {area}.xlsx"
    ))
}

fn src<T>(value: T, area: &str, cell: &str) -> Option<Sourced<T>> {
    build::sourced(value, file_of(area), cell)
}

fn blank(indicator: &str, area: &str) -> Entry {
    build::blank(area, indicator, 0)
}

/// Entries of the fixture, by (indicator, area).
pub fn entries() -> Vec<Entry> {
    vec![
        Entry {
            date: src(d(2023, 6, 20), "SG", "F5"),
            evidence: src("Decreto n. 7 del 20/06/2023".into(), "SG", "I5"),
            ..blank("OB01.1", "SG")
        },
        Entry {
            value: src(100.0, "SG", "G6"),
            ..blank("OB01.2", "SG")
        },
        Entry {
            date: src(d(2023, 6, 28), "I", "F5"),
            ..blank("OB01.1", "I")
        },
        Entry {
            status: src(ProposedStatus::NotApplicable, "I", "H6"),
            notes: src("Nessuna segnalazione pervenuta nell'anno".into(), "I", "J6"),
            ..blank("OB01.2", "I")
        },
        Entry {
            date: src(d(2023, 6, 15), "III", "F5"),
            evidence: src("DGC n. 45 del 12/05/2023".into(), "III", "I5"),
            notes: src(HOSTILE.into(), "III", "J5"),
            ..blank("OB01.1", "III")
        },
        Entry {
            value: src(92.5, "III", "G6"),
            motivation: src(
                "Tre segnalazioni sono giunte il 29 dicembre e sono state riscontrate a gennaio."
                    .into(),
                "III",
                "K6",
            ),
            ..blank("OB01.2", "III")
        },
        Entry {
            value: src(1.0, "III", "G7"),
            ..blank("OB03.1", "III")
        },
        Entry {
            date: src(d(2023, 4, 20), "III", "F8"),
            motivation: src(
                "Ritardo dovuto all'aggiornamento del software dei tributi.".into(),
                "III",
                "K8",
            ),
            ..blank("OB03.2", "III")
        },
        Entry {
            value: src(17.0, "IV", "G5"),
            notes: src(long_note(), "IV", "J5"),
            motivation: src(
                "Due cantieri rinviati per il maltempo di novembre.".into(),
                "IV",
                "K5",
            ),
            ..blank("OB02.1", "IV")
        },
        Entry {
            status: src(ProposedStatus::NotApplicable, "IV", "H6"),
            ..blank("OB02.2", "IV")
        },
        Entry {
            done: src(true, "I", "E9"),
            evidence: src("Relazione prot. n. 1234 del 15/01/2024".into(), "I", "I9"),
            ..blank("OB04.1", "I")
        },
    ]
}

pub fn results() -> Results {
    let all = entries();
    let report = |area: &str, sha: &str| {
        build::report_of(area, file_of(area), sha.repeat(64 / sha.len()), &all)
    };
    Results {
        year: 2023,
        reports: vec![
            report("SG", "a1"),
            report("I", "b2"),
            report("III", "c3"),
            report("IV", "d4"),
        ],
    }
}
