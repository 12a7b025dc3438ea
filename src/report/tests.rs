//! Rendering tests on a small, realistic fixture built by hand (plan,
//! results and scorecard), with hostile notes. PDF text is checked with
//! `pdftotext` (poppler-utils, installed by `.ci/run`).

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;

use super::*;
use crate::plan::{
    Area, AreaId, Ente, Indicator, IndicatorId, Objective, ObjectiveId, Plan, Responsibility,
    Target, Theme, ThemeId,
};
use crate::results::{AreaReport, CellRef, Entry, ProposedStatus, Results, SourceFile, Sourced};
use crate::scoring::{
    AreaScore, BandResult, Correction, IndicatorScore, ObjectiveAreaScore, ObjectiveScore, Outcome,
    OutcomeCounts, Rules, Scorecard, Standing, TargetScore,
};

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
    Entry {
        indicator: IndicatorId::from(indicator),
        target: 0,
        area: AreaId::from(area),
        date: None,
        value: None,
        done: None,
        status: None,
        evidence: None,
        notes: None,
        motivation: None,
    }
}

/// Entries of the fixture, by (indicator, area).
fn entries() -> Vec<Entry> {
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

fn outcome(g: f64) -> Outcome {
    if g >= 0.9 {
        Outcome::Achieved
    } else if g >= 0.5 {
        Outcome::PartiallyAchieved
    } else {
        Outcome::NotAchieved
    }
}

/// An indicator score with one target.
fn iscore(
    indicator: &str,
    area: &str,
    grade: Option<f64>,
    standing: Standing,
    explanation: &str,
) -> IndicatorScore {
    let entry = entries()
        .into_iter()
        .find(|e| e.indicator.as_str() == indicator && e.area.as_str() == area);
    IndicatorScore {
        indicator: IndicatorId::from(indicator),
        area: AreaId::from(area),
        weight: None,
        targets: vec![TargetScore {
            target: 0,
            grade,
            standing: standing.clone(),
            explanation: explanation.into(),
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
        explanation: explanation.into(),
    }
}

fn oascore(
    area: &str,
    weight: Option<f64>,
    indicators: Vec<IndicatorScore>,
    explanation: &str,
) -> ObjectiveAreaScore {
    let graded: Vec<f64> = indicators.iter().filter_map(|i| i.grade).collect();
    let computed_list: Vec<f64> = indicators.iter().filter_map(|i| i.computed).collect();
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let grade = mean(&graded);
    ObjectiveAreaScore {
        area: AreaId::from(area),
        weight,
        indicators,
        computed: mean(&computed_list),
        grade,
        outcome: grade.map(outcome),
        standing: Standing::Scored,
        correction: None,
        explanation: explanation.into(),
    }
}

fn oscore(objective: &str, weighted: bool, areas: Vec<ObjectiveAreaScore>) -> ObjectiveScore {
    let grades: Vec<f64> = areas.iter().filter_map(|a| a.grade).collect();
    let grade = (!grades.is_empty()).then(|| grades.iter().sum::<f64>() / grades.len() as f64);
    ObjectiveScore {
        objective: ObjectiveId::from(objective),
        weighted,
        areas,
        grade,
        outcome: grade.map(outcome),
        standing: Standing::Scored,
    }
}

pub fn rules() -> Rules {
    // The shipped defaults (inputs/smvp.toml): the fixture follows them.
    Rules::default()
}

pub fn scorecard() -> Scorecard {
    let on_time = "Realizzato il 20 giugno 2023, entro la scadenza del 30 giugno 2023: 100%.";
    let mut ob03_2 = iscore(
        "OB03.2",
        "III",
        Some(0.8),
        Standing::Scored,
        "Realizzato il 20 aprile 2023, 20 giorni dopo la scadenza del 31 marzo 2023: ritardo fino a 30 giorni, 80%.",
    );
    ob03_2.correction = Some(Correction {
        grade: 0.9,
        motivation: "Il ritardo è dipeso dal fornitore del software, come documentato dall'Area."
            .into(),
    });
    ob03_2.grade = Some(0.9);
    ob03_2.outcome = Some(Outcome::Achieved);
    let objectives = vec![
        oscore(
            "OB01",
            true,
            vec![
                oascore(
                    "SG",
                    Some(10.0),
                    vec![
                        iscore("OB01.1", "SG", Some(1.0), Standing::Scored, on_time),
                        iscore(
                            "OB01.2",
                            "SG",
                            Some(1.0),
                            Standing::Scored,
                            "100% ottenuto su 100% atteso: 100%.",
                        ),
                    ],
                    "Media dei 2 indicatori: 100%.",
                ),
                oascore(
                    "I",
                    Some(5.0),
                    vec![
                        iscore(
                            "OB01.1",
                            "I",
                            Some(1.0),
                            Standing::Scored,
                            "Realizzato il 28 giugno 2023, entro la scadenza: 100%.",
                        ),
                        iscore(
                            "OB01.2",
                            "I",
                            None,
                            Standing::Neutralised(
                                "Nessuna segnalazione pervenuta nell'anno: indicatore non valutabile."
                                    .into(),
                            ),
                            "Neutralizzato dal Nucleo di Valutazione.",
                        ),
                    ],
                    "Un solo indicatore valutato: 100%.",
                ),
                oascore(
                    "III",
                    Some(10.0),
                    vec![
                        iscore("OB01.1", "III", Some(1.0), Standing::Scored, "Realizzato il 15 giugno 2023, entro la scadenza: 100%."),
                        iscore(
                            "OB01.2",
                            "III",
                            Some(0.925),
                            Standing::Scored,
                            "92,5% ottenuto su 100% atteso: 92,5%.",
                        ),
                    ],
                    "Media dei 2 indicatori: 96,3%.",
                ),
            ],
        ),
        oscore(
            "OB02",
            true,
            vec![oascore(
                "IV",
                Some(20.0),
                vec![
                    iscore(
                        "OB02.1",
                        "IV",
                        Some(0.85),
                        Standing::Scored,
                        "17 interventi su 20 attesi: 85%.",
                    ),
                    iscore(
                        "OB02.2",
                        "IV",
                        None,
                        Standing::NotApplicable(
                            "L'ente non ha aderito all'avviso pubblico regionale.".into(),
                        ),
                        "Condizione non verificata: escluso dalla media.",
                    ),
                ],
                "Un solo indicatore valutato: 85%.",
            )],
        ),
        oscore(
            "OB03",
            true,
            vec![oascore(
                "III",
                Some(15.0),
                vec![
                    iscore(
                        "OB03.1",
                        "III",
                        Some(1.0),
                        Standing::Scored,
                        "1 richiamo, limite inferiore a 3: 100%.",
                    ),
                    ob03_2,
                ],
                "Media dei 2 indicatori: 95% (90% prima della correzione del Nucleo).",
            )],
        ),
        oscore(
            "OB04",
            false,
            vec![oascore(
                "I",
                None,
                vec![iscore(
                    "OB04.1",
                    "I",
                    Some(1.0),
                    Standing::Scored,
                    "Relazione finale presentata: 100%.",
                )],
                "Progetto su risorse variabili: 100%.",
            )],
        ),
    ];
    let area = |id: &str, w: f64, g: f64, c: f64, band: &str, share: f64| AreaScore {
        area: AreaId::from(id),
        total_weight: w,
        grade: Some(g),
        computed: Some(c),
        outcome: Some(outcome(g)),
        band: Some(BandResult {
            label: band.into(),
            share,
        }),
        reported: true,
        explanation: format!("Media ponderata degli obiettivi dell'Area (pesi totali {w})."),
    };
    Scorecard {
        year: 2023,
        grade: Some(0.9262),
        computed: Some(0.9185),
        outcome: Some(Outcome::Achieved),
        areas: vec![
            area("SG", 10.0, 1.0, 1.0, "Fascia 3 (almeno 90%)", 1.0),
            area("I", 5.0, 1.0, 1.0, "Fascia 3 (almeno 90%)", 1.0),
            area("III", 25.0, 0.955, 0.925, "Fascia 3 (almeno 90%)", 1.0),
            area("IV", 20.0, 0.85, 0.85, "Fascia 2 (60–90%)", 0.85),
        ],
        objectives,
        indicator_counts: OutcomeCounts {
            achieved: 6,
            partially_achieved: 1,
            not_achieved: 0,
            not_applicable: 1,
            neutralised: 1,
            not_reported: 0,
        },
        objective_counts: OutcomeCounts {
            achieved: 4,
            partially_achieved: 1,
            ..Default::default()
        },
        rules: rules(),
        pending: vec![],
        warnings: vec![],
        strategic: Vec::new(),
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

fn settings(inputs: &Path) -> Settings {
    Settings {
        templates: None,
        inputs: inputs.to_path_buf(),
        date: Some(d(2024, 4, 30)),
        draft: false,
    }
}

/// Text of a PDF, via `pdftotext -layout`.
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext non trovato: installare poppler-utils (apt-get install poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text with line breaks and hyphenation undone, for phrase checks; the
/// documents print every apostrophe as ’, the expectations write '.
fn flat(text: &str) -> String {
    text.replace("-\n", "")
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "")
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn find<'a>(files: &'a [(PathBuf, Vec<u8>)], path: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|(p, _)| p == Path::new(path))
        .unwrap_or_else(|| {
            panic!(
                "{path} not rendered; got {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            )
        })
        .1
}

#[test]
fn renders_relazione_and_schede_with_concrete_values() {
    let dir = tempfile::tempdir().unwrap();
    let progress = crate::progress::tests::Recorder::default();
    let files = Fixture::new()
        .render_with_progress(&settings(dir.path()), &progress)
        .unwrap();
    let mut expected_calls = vec!["start DocumentsComposed 5".to_string()];
    expected_calls.extend(std::iter::repeat_n("advance".to_string(), 5));
    expected_calls.push("finish".into());
    assert_eq!(
        progress.calls(),
        expected_calls,
        "each document is reported"
    );
    let paths: Vec<String> = files
        .iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        paths,
        vec![
            "2023/Relazione sulla performance 2023.pdf",
            "2023/schede/Segretario generale.pdf",
            "2023/schede/Area I Affari generali.pdf",
            "2023/schede/Area III Finanziaria.pdf",
            "2023/schede/Area IV Lavori pubblici e patrimonio.pdf",
        ]
    );
    let rel = pdf_text(find(&files, "2023/Relazione sulla performance 2023.pdf"));
    let flat_rel = flat(&rel);
    for expected in [
        "Comune di Alzano Lombardo",
        "30 aprile 2024",
        "Indice",
        "92,6%",                        // ente grade
        "95,5%",                        // Area III grade
        "Realizzato il 20 aprile 2023", // OB03.2 result
        "17 interventi",                // OB02.1 result
        "92,5%",                        // OB01.2 Area III
        "Il ritardo è dipeso dal fornitore del software",
        "L'ente non ha aderito all'avviso pubblico regionale.",
        "Nessuna segnalazione pervenuta nell'anno",
        "Da finanziarsi con risorse variabili",
        "un ritardo fino a 30 giorni vale l'80%",
        "2023 - Area III.xlsx",
        &"c3".repeat(32)[..32],
        "Il Segretario generale",
        "Il Nucleo di Valutazione",
        "Pagina 2 di",
    ] {
        assert!(
            flat_rel.contains(expected),
            "«{expected}» not in the Relazione:\n{rel}"
        );
    }
    // A head's name never stands next to a band or a quota: an Area has
    // one head, so they would be that person's pay.
    let head = flat_rel
        .find("Rag. Paolo Verdi")
        .expect("the head is named in the Area's chapter");
    let around = &flat_rel[head..(head + 400).min(flat_rel.len())];
    assert!(
        !around.contains("Fascia") && !around.contains("quota"),
        "band or quota beside the head's name: {around}"
    );
    // No template syntax or placeholders leaked.
    for leak in ["{{", "{%", "none", "TODO", "Lorem"] {
        assert!(!rel.contains(leak), "«{leak}» in the Relazione");
    }

    let scheda = flat(&pdf_text(find(
        &files,
        "2023/schede/Area III Finanziaria.pdf",
    )));
    for expected in [
        "Scheda di valutazione",
        "Area III Finanziaria",
        "Rag. Paolo Verdi",
        "95,5%",
        "Fascia 3 (almeno 90%)",
        "OB03",
        "Per presa visione, il Responsabile di Area",
        "Documento interno, riservato",
    ] {
        assert!(
            scheda.contains(expected),
            "«{expected}» not in the scheda:\n{scheda}"
        );
    }
    assert!(
        !scheda.contains("OB02"),
        "another Area's objective in the scheda"
    );
}

#[test]
fn hostile_notes_print_literally() {
    let dir = tempfile::tempdir().unwrap();
    let files = Fixture::new().render(&settings(dir.path())).unwrap();
    let rel = flat(&pdf_text(find(
        &files,
        "2023/Relazione sulla performance 2023.pdf",
    )));
    assert!(rel.contains(HOSTILE), "hostile note not literal:\n{rel}");
    assert!(rel.contains("INIZIO-NOTA-LUNGA") && rel.contains("FINE-NOTA-LUNGA"));
    assert!(rel.contains("#malattia e $ferie$;"));
}

#[test]
fn same_inputs_give_identical_bytes_and_pdfa_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let a = Fixture::new().render(&settings(dir.path())).unwrap();
    let b = Fixture::new().render(&settings(dir.path())).unwrap();
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between two runs", pa.display());
    }
    let raw = String::from_utf8_lossy(&a[0].1);
    // PDF/A-2a and PDF/UA-1 identification in the XMP metadata.
    assert!(
        raw.contains("<pdfaid:part>2</pdfaid:part>"),
        "no PDF/A part"
    );
    assert!(
        raw.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "not level A"
    );
    assert!(
        raw.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "no PDF/UA part"
    );
    assert!(raw.contains("Relazione sulla performance 2023"), "no title");
    assert!(raw.contains("Comune di Alzano Lombardo"), "no author");
    assert!(raw.contains("2024-04-30"), "no document date");
    assert!(raw.contains("/Lang"), "no language");
}

#[test]
fn missing_date_is_an_italian_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = settings(dir.path());
    s.date = None;
    let err = Fixture::new().render(&s).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("manca la data della Relazione"), "{text}");
    assert!(text.contains("--data"), "{text}");
}

#[test]
fn date_from_relazione_toml_and_signatories() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("relazione.toml"),
        "data = \"15/05/2024\"\n[segretario]\nnome = \"Dott. Mario Rossi\"\n[[nucleo]]\nnome = \"Dott.ssa Anna Neri\"\nruolo = \"Presidente\"\n",
    )
    .unwrap();
    let mut s = settings(dir.path());
    s.date = None;
    let files = Fixture::new().render(&s).unwrap();
    let rel = flat(&pdf_text(&files[0].1));
    assert!(rel.contains("15 maggio 2024"));
    assert!(rel.contains("Dott. Mario Rossi"));
    assert!(rel.contains("Presidente: Dott.ssa Anna Neri"));
}

#[test]
fn typst_template_error_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    let mut text = templates::BUILT_IN[2].1.to_string(); // scheda.typ
    assert!(text.contains("== Obiettivi"));
    text = text.replace("== Obiettivi", "== Obiettivi\n#let x = (\n");
    std::fs::write(tdir.join("scheda.typ"), &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("#let x = ("))
        .unwrap()
        + 1;
    let mut s = settings(dir.path());
    s.templates = Some(tdir.clone());
    let err = Fixture::new().render(&s).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("errore nel modello «scheda.typ»"), "{msg}");
    assert!(msg.contains("scheda.typ:"), "{msg}");
    // Every Area's scheda fails the same way: each problem is listed once.
    let unique: std::collections::HashSet<String> = err.iter().map(|d| d.to_string()).collect();
    assert_eq!(unique.len(), err.len(), "{msg}");
    let d = &err.0[0];
    assert_eq!(
        d.location.file.as_deref(),
        Some(tdir.join("scheda.typ").as_path())
    );
    assert_eq!(d.location.line, Some(line), "{msg}");
}

#[test]
fn typst_unknown_field_in_template_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    let text = templates::BUILT_IN[1]
        .1
        .replace("= Metodologia", "= Metodologia\n#d.campo_inesistente");
    std::fs::write(tdir.join("relazione.typ"), &text).unwrap();
    let mut s = settings(dir.path());
    s.templates = Some(tdir);
    let msg = Fixture::new().render(&s).unwrap_err().to_string();
    assert!(msg.contains("relazione.typ:"), "{msg}");
    assert!(msg.contains("campo_inesistente"), "{msg}");
}

#[test]
fn jinja_template_error_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    std::fs::write(
        tdir.join("scheda.j2"),
        "{% block titolo %}Scheda{% endblock %}\n{% block nome_file %}{{ area.nomee }}{% endblock %}\n{% block sintesi %}{% endblock %}\n",
    )
    .unwrap();
    let mut s = settings(dir.path());
    s.templates = Some(tdir);
    let msg = Fixture::new().render(&s).unwrap_err().to_string();
    assert!(msg.contains("scheda.j2:2"), "{msg}");
    assert!(msg.contains("errore nel modello di testo"), "{msg}");
}

#[test]
fn customised_wording_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    let text = templates::BUILT_IN[3].1.replace(
        "{% block nome_file %}Relazione sulla performance {{ anno }}{% endblock %}",
        "{% block nome_file %}RP {{ anno }}: definitiva{% endblock %}",
    );
    std::fs::write(tdir.join("relazione.j2"), text).unwrap();
    let mut s = settings(dir.path());
    s.templates = Some(tdir);
    let files = Fixture::new().render(&s).unwrap();
    assert_eq!(files[0].0, Path::new("2023/RP 2023- definitiva.pdf"));
}

#[test]
fn missing_logo_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("relazione.toml"), "logo = \"stemma.png\"\n").unwrap();
    let msg = Fixture::new()
        .render(&settings(dir.path()))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("stemma.png"), "{msg}");
    assert!(msg.contains("logo"), "{msg}");
}

/// Writes the fixture's documents to `$CONSUNTIVO_DUMP` to look at them
/// (`pdftoppm -png`); ignored in normal runs.
#[test]
#[ignore]
fn dump_for_inspection() {
    let Ok(out) = std::env::var("CONSUNTIVO_DUMP") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let fixture = match std::env::var("CONSUNTIVO_DUMP_LARGE") {
        Ok(n) => Fixture::large(n.parse().unwrap_or(8)),
        Err(_) => Fixture::new(),
    };
    for (p, bytes) in fixture.render(&settings(dir.path())).unwrap() {
        let path = Path::new(&out).join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn logo_from_inputs_is_embedded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stemma.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="48"><path d="M2 2h36v26c0 10-8 16-18 18C10 44 2 38 2 28z" fill="#1f3a5f"/></svg>"##,
    )
    .unwrap();
    std::fs::write(dir.path().join("relazione.toml"), "logo = \"stemma.svg\"\n").unwrap();
    let with_logo = Fixture::new().render(&settings(dir.path())).unwrap();
    let raw = String::from_utf8_lossy(&with_logo[0].1);
    assert!(
        raw.contains("Stemma del Comune di Alzano Lombardo"),
        "no alt text for the logo"
    );
    let plain = tempfile::tempdir().unwrap();
    let without = Fixture::new().render(&settings(plain.path())).unwrap();
    assert_ne!(with_logo[0].1, without[0].1);
}

impl Fixture {
    /// The fixture with its weighted objectives repeated `times` times
    /// (new ids), to exercise long tables and page breaks.
    pub fn large(times: usize) -> Self {
        let mut f = Fixture::new();
        let base_objectives = f.plan.objectives.clone();
        let base_scores = f.scorecard.objectives.clone();
        for n in 2..=times {
            for (o, s) in base_objectives.iter().zip(&base_scores) {
                if !s.weighted {
                    continue;
                }
                let id = format!("{}-{n}", o.id);
                let mut o = o.clone();
                let mut s = s.clone();
                o.id = ObjectiveId(id.clone());
                s.objective = ObjectiveId(id.clone());
                for (i, ind) in o.indicators.iter_mut().enumerate() {
                    ind.id = IndicatorId(format!("{id}.{}", i + 1));
                }
                for oa in &mut s.areas {
                    for (i, is) in oa.indicators.iter_mut().enumerate() {
                        is.indicator = IndicatorId(format!("{id}.{}", i + 1));
                    }
                }
                f.plan.objectives.push(o);
                f.scorecard.objectives.push(s);
            }
        }
        f
    }
}

#[test]
fn long_plan_breaks_pages_with_numbered_footer() {
    let dir = tempfile::tempdir().unwrap();
    let files = Fixture::large(8).render(&settings(dir.path())).unwrap();
    let text = pdf_text(&files[0].1);
    let pages = text.matches('\u{c}').count();
    assert!(pages > 25, "only {pages} pages");
    assert!(flat(&text).contains(&format!("Pagina {pages} di {pages}")));
    assert!(text.contains("OB03-8.2"));
}

#[test]
fn non_conforming_template_fails_with_the_conformance_message() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    // PDF/UA-1 forbids skipping heading levels.
    let text = templates::BUILT_IN[1]
        .1
        .replace("= Metodologia\n", "= Metodologia\n=== Salto di livello\n");
    std::fs::write(tdir.join("relazione.typ"), &text).unwrap();
    let mut s = settings(dir.path());
    s.templates = Some(tdir);
    let msg = Fixture::new().render(&s).unwrap_err().to_string();
    assert!(
        msg.contains("non è conforme a PDF/A-2a e PDF/UA-1"),
        "{msg}"
    );
    assert!(msg.contains("heading level"), "{msg}");
    assert!(msg.contains("relazione.typ:"), "{msg}");
}

#[test]
fn scheda_wording_and_signatures_fit_the_unit() {
    let dir = tempfile::tempdir().unwrap();
    let files = Fixture::new().render(&settings(dir.path())).unwrap();
    let sg = flat(&pdf_text(find(
        &files,
        "2023/schede/Segretario generale.pdf",
    )));
    assert!(sg.contains("assegnati al Segretario generale"), "{sg}");
    assert!(!sg.contains("Per presa visione"), "{sg}");
    let iii = flat(&pdf_text(find(
        &files,
        "2023/schede/Area III Finanziaria.pdf",
    )));
    assert!(
        iii.contains("assegnati all'Area III Finanziaria per il 2023 è il 95,5%"),
        "{iii}"
    );
}

/// The Relazione of the fixture with `relazione.toml` holding `toml`.
fn relazione_with(toml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("relazione.toml"), toml).unwrap();
    let files = Fixture::new().render(&settings(dir.path())).unwrap();
    flat(&pdf_text(find(
        &files,
        "2023/Relazione sulla performance 2023.pdf",
    )))
}

#[test]
fn chapters_follow_their_data() {
    let bare = relazione_with("");
    let full = relazione_with(
        "[contesto]\ntesto = [\"Organico ridotto nel 2023.\"]\n\
         [[contesto.dato]]\nvoce = \"Dipendenti al 31/12\"\nvalore = \"48\"\n\
         [[variazioni]]\natto = \"DGC n. 9 del 01/09/2023\"\ndescrizione = \"Peso di OB03 portato a 15.\"\n\
         [[fase]]\nfase = \"Monitoraggio intermedio\"\nquando = \"luglio 2023\"\nchi = \"Responsabili\"\n\
         [genere]\n[[genere.dato]]\nvoce = \"Dipendenti\"\ndonne = 30\nuomini = 18\n\
         [valutazione]\npunti_di_forza = [\"Scadenze rispettate.\"]\nazioni_correttive = [\"Monitoraggio a maggio.\"]\n",
    );
    let chapters = [
        ("Il contesto", "Organico ridotto nel 2023."),
        (
            "Variazioni del piano nel corso dell'anno",
            "Peso di OB03 portato a 15.",
        ),
        ("Le fasi del ciclo", "Monitoraggio intermedio"),
        ("Pari opportunità e bilancio di genere", "62,5%"),
        ("Punti di forza", "Scadenze rispettate."),
        ("Azioni correttive", "Monitoraggio a maggio."),
    ];
    for (title, data) in chapters {
        assert!(
            full.contains(title) && full.contains(data),
            "{title} with {data}:\n{full}"
        );
        assert!(!bare.contains(data), "{data} without its data:\n{bare}");
    }
    for title in [
        "Il contesto",
        "Variazioni del piano",
        "Le fasi del ciclo",
        "Pari opportunità",
        "Azioni correttive",
    ] {
        assert!(!bare.contains(title), "{title} without data:\n{bare}");
    }
    assert!(bare.contains("Nel corso dell'anno il piano non è stato modificato."));
    assert!(
        full.contains("Dipendenti al 31/12") && full.contains("Valore 48"),
        "{full}"
    );
    // Without validation the document is a draft, and says so.
    assert!(
        bare.contains("BOZZA") && !bare.contains("Validata"),
        "{bare}"
    );
    // The fixture has projects on variable resources and reward bands.
    assert!(bare.contains("Progetti finanziati con risorse variabili"));
    assert!(bare.contains("Performance individuale"));
    // Heads per band, from the units' grades: 3 at 90% or more, 1 between.
    assert!(bare.contains("Numero di responsabili 0 1 3 4"), "{bare}");
}

#[test]
fn validation_makes_the_relazione_final() {
    let text = relazione_with("[validazione]\natto = \"verbale n. 2\"\ndata = \"08/05/2024\"\n");
    assert!(!text.contains("BOZZA"), "{text}");
    assert!(
        text.contains("Validata dal Nucleo di Valutazione con verbale n. 2 dell'8 maggio 2024"),
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("relazione.toml"),
        "stato = \"definitiva\"\n",
    )
    .unwrap();
    let err = Fixture::new()
        .render(&settings(dir.path()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("richiede la validazione del Nucleo di Valutazione"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("relazione.toml"),
        "[validazione]\natto = \"verbale\"\n",
    )
    .unwrap();
    let err = Fixture::new()
        .render(&settings(dir.path()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("[validazione] incompleta"), "{err}");
}

#[test]
fn missing_templates_folder_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = settings(dir.path());
    s.templates = Some(dir.path().join("modelli-inesistenti"));
    let msg = Fixture::new().render(&s).unwrap_err().to_string();
    assert!(msg.contains("la cartella dei modelli non esiste"), "{msg}");
}

/// How many times `code` stands as a whole word in `text` (an indicator
/// code is a prefix of none of the others' whole words, but "OB01.1" is
/// a prefix of "OB01.10").
fn whole_word_count(text: &str, code: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',' || c == ';')
        .filter(|w| w.trim_end_matches([':', '.']) == code)
        .count()
}

/// The Relazione's Allegato A (the last heading of that name: the first is
/// in the table of contents), up to Allegato B.
fn annex(rel: &str) -> &str {
    let start = rel
        .rfind("Allegato A: dettaglio degli indicatori")
        .expect("Allegato A");
    let len = rel[start..].find("Allegato B").expect("Allegato B");
    &rel[start..start + len]
}

/// A scheda's "Indicatori" section, up to the next section: the lists an
/// annex adds (pending proposals, excluded indicators) or its signatures.
fn scheda_detail(scheda: &str) -> &str {
    let start = scheda.find("\nIndicatori\n").expect("Indicatori");
    let rest = &scheda[start..];
    let len = [
        "Proposte in attesa della decisione",
        "Indicatori esclusi dalla",
        "Firme",
    ]
    .iter()
    .filter_map(|h| rest.find(h))
    .min()
    .unwrap_or(rest.len());
    &rest[..len]
}

#[test]
fn above_the_size_the_indicator_detail_is_in_the_schede_once() {
    let plan = crate::synth::plan(crate::synth::Size::indicators(12, 3), 2023);
    let results = crate::synth::results(&plan, 42, &[]);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let rules = crate::scoring::load_rules(&root.join("inputs/smvp.toml")).unwrap();
    let scorecard = crate::scoring::score(&plan, &results, &rules, &Default::default());
    let vocab = crate::vocab::Vocabulary::default();
    let warnings = Diagnostics::new();
    let render_with = |toml: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("relazione.toml"), toml).unwrap();
        let s = Settings {
            // Synthetic years have qualitative proposals nobody decided on.
            draft: true,
            ..settings(dir.path())
        };
        render(&Input {
            plan: &plan,
            vocab: &vocab,
            results: &results,
            scorecard: &scorecard,
            warnings: &warnings,
            settings: &s,
            individual: None,
        })
        .unwrap()
    };
    let codes: Vec<&str> = plan
        .objectives
        .iter()
        .flat_map(|o| o.indicators.iter().map(|i| i.id.as_str()))
        .collect();
    assert!(codes.len() >= 12);

    // Below the limits the Relazione keeps its own annex.
    let small = render_with("[grande_ente]\nindicatori = 100\n");
    let rel = pdf_text(&small[0].1);
    assert!(!rel.contains("cartella «schede»"), "{rel}");
    for code in &codes {
        assert_eq!(
            whole_word_count(annex(&rel), code),
            1,
            "{code} in the annex"
        );
    }

    // Above them: the Relazione names the schede, which carry the detail.
    let large = render_with("[grande_ente]\nindicatori = 10\n");
    let rel = pdf_text(&large[0].1);
    let flat_rel = flat(&rel);
    assert!(flat_rel.contains("pubblicato nelle schede"), "{flat_rel}");
    let schede: Vec<String> = large[1..]
        .iter()
        .map(|(p, bytes)| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            assert!(flat_rel.contains(&name), "{name} listed in {flat_rel}");
            pdf_text(bytes)
        })
        .collect();
    assert_eq!(schede.len(), plan.areas.len());
    // The schede carry what the annex had: the evidences too.
    assert!(
        schede
            .iter()
            .any(|s| scheda_detail(s).contains("Evidenze:"))
    );
    let small_schede = small[1..].iter().map(|(_, b)| pdf_text(b));
    assert!(
        small_schede
            .into_iter()
            .all(|s| !scheda_detail(&s).contains("Evidenze:"))
    );
    for code in &codes {
        assert_eq!(
            whole_word_count(annex(&rel), code),
            0,
            "{code} in the annex"
        );
        let n: usize = schede
            .iter()
            .map(|s| whole_word_count(scheda_detail(s), code))
            .sum();
        assert_eq!(n, 1, "{code} across the schede");
    }
    // Each unit's chapter names its own annex instead of its objectives.
    for (p, _) in &large[1..] {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            flat_rel.contains(&format!("sono nella scheda allegata «{name}»")),
            "{name} in {flat_rel}"
        );
    }
    // Proposals awaiting the evaluator are listed in their unit's scheda
    // and only counted in the Relazione.
    assert!(!scorecard.pending.is_empty());
    assert!(flat_rel.contains("Ogni scheda allegata elenca le proposte"));
    for p in &scorecard.pending {
        let unit = plan.area(&p.area).unwrap();
        let i = plan.areas.iter().position(|a| a.id == unit.id).unwrap();
        let scheda = &schede[i];
        let listed = &scheda[scheda
            .find("Proposte in attesa della decisione")
            .expect("pending section")..];
        assert!(whole_word_count(listed, p.indicator.as_str()) >= 1);
        assert_eq!(whole_word_count(&rel, p.indicator.as_str()), 0);
    }
    // The units' limit alone switches too.
    let by_units = render_with(&format!(
        "[grande_ente]\nunita = {}\n",
        plan.areas.len() - 1
    ));
    assert!(flat(&pdf_text(&by_units[0].1)).contains("pubblicato nelle schede"));
}
