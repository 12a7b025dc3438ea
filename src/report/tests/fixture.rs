//! The hand-built fixture: a plan of four units and four objectives (one
//! conditional indicator, one project on variable resources), what each
//! unit reported (a hostile and a very long note included), and the
//! `Fixture` that renders them with the tests' settings.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::*;
use crate::plan::{
    Area, AreaId, Ente, Indicator, IndicatorId, Objective, ObjectiveId, Plan, Responsibility,
    Target, Theme, ThemeId,
};
use crate::results::{AreaReport, CellRef, Entry, ProposedStatus, Results, SourceFile, Sourced};
use crate::scoring::Scorecard;

pub const HOSTILE: &str = r"Nota #[x] $y$ *grassetto* _corsivo_ <etichetta> @rif \ fine";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn long_note() -> String {
    let mut s = String::from("INIZIO-NOTA-LUNGA ");
    while s.len() < 5000 {
        s.push_str("Il servizio ha operato con personale ridotto per #malattia e $ferie$; ");
    }
    s.push_str(" FINE-NOTA-LUNGA");
    s
}

fn resp(area: &str, weight: Option<f64>) -> Responsibility {
    Responsibility {
        area: AreaId::from(area),
        weight,
        note: None,
    }
}

fn ind(id: &str, description: &str, expected: &str, target: Target) -> Indicator {
    Indicator {
        id: IndicatorId::from(id),
        description: description.into(),
        expected: expected.into(),
        targets: vec![target],
        condition: None,
        areas: None,
        ..Default::default()
    }
}

pub fn plan() -> Plan {
    let area = |id: &str, name: &str, head: Option<&str>| Area {
        id: AreaId::from(id),
        name: name.into(),
        offices: vec![],
        head: head.map(String::from),
        top_official: false,
    };
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
        ente: Ente {
            name: "Comune di Alzano Lombardo".into(),
            province: Some("BG".into()),
        },
        year: 2023,
        title: "Allegato H: Piano e indicatori di Performance".into(),
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
            },
        ],
        strategic: Vec::new(),
    }
}

fn file_of(area: &str) -> PathBuf {
    PathBuf::from(format!(
        "inputs/rendicontazioni/2023/2023 - Area {area}.xlsx"
    ))
}

fn src<T>(value: T, area: &str, cell: &str) -> Option<Sourced<T>> {
    Some(Sourced {
        value,
        at: CellRef {
            file: file_of(area),
            sheet: "Rendicontazione".into(),
            cell: cell.into(),
        },
    })
}

fn blank(indicator: &str, area: &str) -> Entry {
    Entry::blank(IndicatorId::from(indicator), 0, AreaId::from(area))
}

/// Entries of the fixture, by (indicator, area).
pub(super) fn entries() -> Vec<Entry> {
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
    let report = |area: &str, sha: &str| AreaReport {
        area: AreaId::from(area),
        source: SourceFile {
            path: file_of(area),
            sha256: sha.repeat(64 / sha.len()),
            area: AreaId::from(area),
        },
        entries: all
            .iter()
            .filter(|e| e.area.as_str() == area)
            .cloned()
            .collect(),
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

pub struct Fixture {
    pub plan: Plan,
    pub vocab: crate::vocab::Vocabulary,
    pub results: Results,
    pub scorecard: Scorecard,
    pub warnings: Diagnostics,
}

impl Fixture {
    pub fn new() -> Self {
        Fixture {
            plan: plan(),
            vocab: crate::vocab::Vocabulary::default(),
            results: results(),
            scorecard: scorecard(),
            warnings: Diagnostics::new(),
        }
    }

    pub fn render(&self, settings: &Settings) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
        self.render_with_progress(settings, &crate::progress::Silent)
    }

    pub fn render_with_progress(
        &self,
        settings: &Settings,
        progress: &dyn crate::progress::Progress,
    ) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
        super::render_compared_with_progress(
            &Input {
                plan: &self.plan,
                vocab: &self.vocab,
                results: &self.results,
                scorecard: &self.scorecard,
                warnings: &self.warnings,
                settings,
                individual: None,
            },
            None,
            progress,
        )
    }
}

pub(super) fn settings(inputs: &Path) -> Settings {
    Settings {
        templates: None,
        inputs: inputs.to_path_buf(),
        date: Some(d(2024, 4, 30)),
        draft: false,
    }
}
