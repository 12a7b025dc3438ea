//! The Riepilogo workbook's fixture: the plan, results and scorecard it is
//! rendered from, built by hand from the contract types only, with hostile
//! and over-long text in the Areas' notes.

use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::{Indicator, Objective, ObjectiveId, Plan, Target, Theme};
use crate::results::{Entry, ProposedStatus, Results, Sourced};
use crate::scoring::{
    AreaScore, BandResult, Correction, IndicatorScore, ObjectiveAreaScore, ObjectiveScore, Outcome,
    OutcomeCounts, Rules, Scorecard, Standing,
};

use super::build::{self, area, d, outcome, resp};

pub const FORMULA_NOTE: &str = "=SUM(A1)";
pub const PLUS_NOTE: &str = "+1";
pub const MINUS_NOTE: &str = "-2 giornate recuperate a gennaio 2024";
pub const AT_NOTE: &str = "@x";
pub const EMOJI_EVIDENCE: &str = "📎 DGC n. 45 del 12/05/2023 ✅ — 👩‍💼 verificato";

fn long_note() -> String {
    // 40.000 characters, with emoji (two UTF-16 units each) around the cut.
    let mut s = String::new();
    while s.chars().count() < 39_990 {
        s.push_str("Relazione finale alla Giunta 😀 ");
    }
    while s.chars().count() < 40_000 {
        s.push('x');
    }
    s
}

fn form(area: &str) -> PathBuf {
    PathBuf::from(format!("/dati/2023 - Area {area}.xlsx"))
}

fn sourced<T>(v: T, area: &str, cell: &str) -> Option<Sourced<T>> {
    build::sourced(v, form(area), cell)
}

fn entry(indicator: &str, area: &str) -> Entry {
    build::blank(area, indicator, 0)
}

/// An indicator with one target.
fn indicator(id: &str, description: &str, expected: &str, target: Target) -> Indicator {
    build::ind(id, description, expected, vec![target])
}

pub fn plan() -> Plan {
    let mut ob02_2 = indicator(
        "OB02.2",
        "Partecipazione all'avviso regionale per la formazione",
        "Relazione finale alla G.C., solo in caso di adesione all'avviso pubblico",
        Target::YesNo {
            what: "relazione finale alla G.C.".into(),
        },
    );
    ob02_2.condition = Some("Solo in caso di adesione all'avviso pubblico".into());
    Plan {
        adopted_by: Some("DGC n. 12 del 30/01/2023".into()),
        areas: vec![
            area("SG", "Segretario generale", Some("dott.ssa Rossi")),
            area("I", "Area I Affari generali", Some("Mario Bianchi")),
            area("II", "Area II Socio-culturale", None),
            area("III", "Area III Finanziaria", Some("Anna Verdi")),
        ],
        themes: vec![
            Theme {
                id: "legalita".into(),
                name: "Legalità".into(),
            },
            Theme {
                id: "persone".into(),
                name: "Persone e organizzazione".into(),
            },
        ],
        objectives: vec![
            Objective {
                id: "OB01".into(),
                theme: "legalita".into(),
                title: "Trasparenza e anticorruzione".into(),
                description: None,
                areas: vec![
                    resp("I", Some(5.0)),
                    resp("II", Some(5.0)),
                    resp("III", Some(10.0)),
                ],
                funding: None,
                indicators: vec![
                    indicator(
                        "OB01.1",
                        "Aggiornamento della sezione Amministrazione trasparente",
                        "entro il 30/06/2023",
                        Target::Deadline {
                            date: d(2023, 6, 30),
                            movable: None,
                            note: None,
                        },
                    ),
                    indicator(
                        "OB01.2",
                        "Riscontro alle segnalazioni del RPCT",
                        "100% riscontri su 100% segnalazioni",
                        Target::Percentage {
                            value: 100.0,
                            of: "segnalazioni riscontrate".into(),
                        },
                    ),
                ],
                strategic: None,
                dormant: Vec::new(),
                payment_times: None,
            },
            Objective {
                id: "OB02".into(),
                theme: "persone".into(),
                title: "Formazione del personale".into(),
                description: None,
                areas: vec![resp("I", Some(10.0)), resp("II", Some(10.0))],
                funding: None,
                indicators: vec![
                    indicator(
                        "OB02.1",
                        "Giornate formative organizzate",
                        "almeno 2 giornate formative",
                        Target::Minimum {
                            value: 2.0,
                            unit: "giornate formative".into(),
                        },
                    ),
                    ob02_2,
                ],
                strategic: None,
                dormant: Vec::new(),
                payment_times: None,
            },
            Objective {
                id: "OB03".into(),
                theme: "persone".into(),
                title: "Progetto biblioteca aperta".into(),
                description: None,
                areas: vec![resp("II", None)],
                funding: Some("Da finanziarsi con risorse variabili Art. 79 CCNL 2019/2021".into()),
                indicators: vec![indicator(
                    "OB03.1",
                    "Aperture serali",
                    "relazione finale alla G.C.",
                    Target::YesNo {
                        what: "relazione finale alla G.C.".into(),
                    },
                )],
                strategic: None,
                dormant: Vec::new(),
                payment_times: None,
            },
            Objective {
                id: "OB04".into(),
                theme: "legalita".into(),
                title: "Assenza di rilievi della Corte dei conti".into(),
                description: None,
                areas: vec![resp("II", Some(5.0))],
                funding: None,
                indicators: vec![indicator(
                    "OB04.1",
                    "Rilievi sul rendiconto",
                    "assenza di rilievi",
                    Target::Qualitative {
                        criterion: "assenza di rilievi".into(),
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

pub fn results() -> Results {
    let mut e11_i = entry("OB01.1", "I");
    e11_i.date = sourced(d(2023, 6, 20), "I", "F5");
    e11_i.status = sourced(ProposedStatus::Achieved, "I", "I5");
    e11_i.evidence = sourced("Pubblicazione del 20/06/2023".to_string(), "I", "J5");
    let mut e12_i = entry("OB01.2", "I");
    e12_i.value = sourced(100.0, "I", "G6");
    let mut e21_i = entry("OB02.1", "I");
    e21_i.value = sourced(1.0, "I", "G7");
    e21_i.notes = sourced(FORMULA_NOTE.to_string(), "I", "K7");
    e21_i.motivation = sourced(PLUS_NOTE.to_string(), "I", "L7");
    e21_i.status = sourced(ProposedStatus::PartiallyAchieved, "I", "I7");

    let mut e11_ii = entry("OB01.1", "II");
    e11_ii.date = sourced(d(2023, 7, 15), "II", "F5");
    e11_ii.motivation = sourced("Ritardo del fornitore del portale".to_string(), "II", "L5");
    let mut e12_ii = entry("OB01.2", "II");
    e12_ii.value = sourced(90.0, "II", "G6");
    let mut e21_ii = entry("OB02.1", "II");
    e21_ii.value = sourced(3.0, "II", "G7");
    e21_ii.notes = sourced(AT_NOTE.to_string(), "II", "K7");
    e21_ii.evidence = sourced(EMOJI_EVIDENCE.to_string(), "II", "J7");
    let mut e22_ii = entry("OB02.2", "II");
    e22_ii.done = sourced(true, "II", "H8");
    e22_ii.notes = sourced(long_note(), "II", "K8");
    let mut e31_ii = entry("OB03.1", "II");
    e31_ii.done = sourced(true, "II", "H9");

    let report = |area: &str, entries: Vec<Entry>| {
        build::report_of(area, form(area), format!("{:0>64}", area.len()), &entries)
    };
    Results {
        year: 2023,
        reports: vec![
            report("I", vec![e11_i, e12_i, e21_i]),
            report("II", vec![e11_ii, e12_ii, e21_ii, e22_ii, e31_ii]),
        ],
    }
}

fn rules() -> Rules {
    // The shipped defaults (inputs/smvp.toml): the fixture follows them.
    Rules::default()
}

/// One single-target indicator score; `entry` is looked up in `results`.
fn ind(
    results: &Results,
    id: &str,
    area: &str,
    grade: Option<f64>,
    standing: Standing,
) -> IndicatorScore {
    let entry = results.entry(&area.into(), &id.into(), 0).cloned();
    build::indicator_score(
        id,
        area,
        grade,
        standing,
        (
            format!("Grado del traguardo di {id} per l'Area {area}"),
            format!("Indicatore {id}, Area {area}"),
        ),
        entry,
    )
}

fn oa(area: &str, weight: Option<f64>, indicators: Vec<IndicatorScore>) -> ObjectiveAreaScore {
    let graded: Vec<f64> = indicators.iter().filter_map(|i| i.grade).collect();
    let computed: Vec<f64> = indicators.iter().filter_map(|i| i.computed).collect();
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let grade = mean(&graded);
    ObjectiveAreaScore {
        area: area.into(),
        weight,
        computed: mean(&computed),
        grade,
        outcome: grade.map(outcome),
        standing: if grade.is_some() {
            Standing::Scored
        } else {
            Standing::Neutralised("Tutti gli indicatori sono neutralizzati".into())
        },
        correction: None,
        explanation: format!("Media degli indicatori dell'Area {area}"),
        indicators,
    }
}

fn objective(id: &str, weighted: bool, areas: Vec<ObjectiveAreaScore>) -> ObjectiveScore {
    let pairs: Vec<(f64, f64)> = areas
        .iter()
        .filter_map(|a| Some((a.weight.unwrap_or(1.0), a.grade?)))
        .collect();
    let sw: f64 = pairs.iter().map(|p| p.0).sum();
    let grade = (sw > 0.0).then(|| pairs.iter().map(|p| p.0 * p.1).sum::<f64>() / sw);
    ObjectiveScore {
        objective: ObjectiveId::from(id),
        weighted,
        areas,
        grade,
        outcome: grade.map(outcome),
        standing: Standing::Scored,
    }
}

fn area_score(
    area: &str,
    total_weight: f64,
    grade: Option<f64>,
    computed: Option<f64>,
    reported: bool,
) -> AreaScore {
    AreaScore {
        area: area.into(),
        total_weight,
        grade,
        computed,
        outcome: grade.map(outcome),
        band: grade.map(|g| BandResult {
            label: if g >= 0.9 {
                "Fascia 3 (≥ 90%)"
            } else if g >= 0.6 {
                "Fascia 2 (60–90%)"
            } else {
                "Fascia 1 (< 60%)"
            }
            .into(),
            share: if g >= 0.9 {
                1.0
            } else if g >= 0.6 {
                g
            } else {
                0.0
            },
        }),
        reported,
        explanation: format!("Media ponderata degli obiettivi dell'Area {area}"),
    }
}

/// The grades are worked out by hand (see the comments), independently of
/// the summary's own arithmetic.
pub fn scorecard(results: &Results) -> Scorecard {
    let r = results;
    // OB02.1 for Area I: 1 of 2 days (50%), corrected by the Nucleo to 75%.
    let mut ob21_i = ind(r, "OB02.1", "I", Some(0.75), Standing::Scored);
    ob21_i.computed = Some(0.5);
    ob21_i.targets[0].grade = Some(0.5);
    ob21_i.proposed = Some(ProposedStatus::PartiallyAchieved);
    ob21_i.correction = Some(Correction {
        grade: 0.75,
        motivation: MINUS_NOTE.into(),
    });
    ob21_i.outcome = Some(Outcome::PartiallyAchieved);
    let neutral = Standing::Neutralised("L'avviso pubblico non è stato emanato".into());
    let ob22_i = ind(r, "OB02.2", "I", None, neutral.clone());
    let ob41_ii = ind(r, "OB04.1", "II", None, neutral);

    let objectives = vec![
        objective(
            "OB01",
            true,
            vec![
                // I: on time, 100% → 1.
                oa(
                    "I",
                    Some(5.0),
                    vec![
                        ind(r, "OB01.1", "I", Some(1.0), Standing::Scored),
                        ind(r, "OB01.2", "I", Some(1.0), Standing::Scored),
                    ],
                ),
                // II: 15 days late (0.8), 90% (0.9) → 0.85.
                oa(
                    "II",
                    Some(5.0),
                    vec![
                        ind(r, "OB01.1", "II", Some(0.8), Standing::Scored),
                        ind(r, "OB01.2", "II", Some(0.9), Standing::Scored),
                    ],
                ),
                // III sent no form: counted as 0.
                oa(
                    "III",
                    Some(10.0),
                    vec![
                        ind(r, "OB01.1", "III", Some(0.0), Standing::NotReported),
                        ind(r, "OB01.2", "III", Some(0.0), Standing::NotReported),
                    ],
                )
                .tap_mut(|a| a.standing = Standing::NotReported),
            ],
        ),
        objective(
            "OB02",
            true,
            vec![
                // I: 0.75 (corrected), OB02.2 neutralised → 0.75; self-assessed 0.5.
                oa("I", Some(10.0), vec![ob21_i, ob22_i]),
                // II: 3 of 2 days capped (1), report done (1) → 1.
                oa(
                    "II",
                    Some(10.0),
                    vec![
                        ind(r, "OB02.1", "II", Some(1.0), Standing::Scored),
                        ind(r, "OB02.2", "II", Some(1.0), Standing::Scored),
                    ],
                ),
            ],
        ),
        objective(
            "OB03",
            false,
            vec![oa(
                "II",
                None,
                vec![ind(r, "OB03.1", "II", Some(1.0), Standing::Scored)],
            )],
        ),
        objective("OB04", true, vec![oa("II", Some(5.0), vec![ob41_ii])]),
    ];
    Scorecard {
        year: 2023,
        // (5·1 + 5·0.85 + 10·0 + 10·0.75 + 10·1) ÷ 40 = 26.75 ÷ 40.
        grade: Some(0.66875),
        // (5·1 + 5·0.85 + 10·0 + 10·0.5 + 10·1) ÷ 40 = 24.25 ÷ 40.
        computed: Some(0.60625),
        outcome: Some(Outcome::PartiallyAchieved),
        areas: vec![
            area_score("SG", 0.0, None, None, false),
            // (5·1 + 10·0.75) ÷ 15; self-assessed (5·1 + 10·0.5) ÷ 15.
            area_score("I", 15.0, Some(12.5 / 15.0), Some(10.0 / 15.0), true),
            // (5·0.85 + 10·1) ÷ 15; OB04 neutralised, OB03 unweighted.
            area_score("II", 15.0, Some(0.95), Some(0.95), true),
            area_score("III", 10.0, Some(0.0), Some(0.0), false),
        ],
        objectives,
        indicator_counts: OutcomeCounts::default(),
        objective_counts: OutcomeCounts::default(),
        rules: rules(),
        pending: vec![],
        warnings: vec![
            Diagnostic::warning(
                Location::cell(form("II"), "Rendicontazione", "L6"),
                "OB01.2: obiettivo non raggiunto senza motivazione dello scostamento",
            )
            .with_hint("compilare la colonna «Motivazione dello scostamento»"),
        ],
        strategic: Vec::new(),
    }
}

trait TapMut: Sized {
    fn tap_mut(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}
impl<T> TapMut for T {}

fn run_warnings() -> Diagnostics {
    let mut w = Diagnostics::new();
    w.push(
        Diagnostic::warning(
            Location::file("/dati"),
            "Area III Finanziaria: nessun modulo ricevuto; i suoi indicatori risultano non rendicontati",
        )
        .with_hint("="),
    );
    w
}

pub struct Fixture {
    pub plan: Plan,
    pub results: Results,
    pub scorecard: Scorecard,
    pub warnings: Diagnostics,
}

pub fn fixture() -> Fixture {
    let results = results();
    let scorecard = scorecard(&results);
    let mut warnings = run_warnings();
    // As the CLI does: the run's warnings include the scorecard's.
    warnings.extend(Diagnostics(scorecard.warnings.clone()));
    Fixture {
        plan: plan(),
        results,
        scorecard,
        warnings,
    }
}
