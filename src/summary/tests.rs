//! The workbook is read back with calamine and compared with the scorecard
//! it came from. The fixture is built by hand from the contract types only.

use std::io::Cursor;
use std::path::PathBuf;

use calamine::{Data, Range, Reader, open_workbook_auto_from_rs};
use chrono::NaiveDate;

use super::cells::{MAX_CELL_CHARS, TRUNCATION_MARK, fit_cell};
use super::*;
use crate::diag::{Diagnostic, Location};
use crate::plan::{
    Area, AreaId, Ente, Indicator, Objective, ObjectiveId, Plan, Responsibility, Target, Theme,
};
use crate::results::{AreaReport, CellRef, Entry, ProposedStatus, SourceFile, Sourced};
use crate::scoring::{
    AreaScore, BandResult, Correction, IndicatorScore, ObjectiveAreaScore, ObjectiveScore, Outcome,
    OutcomeCounts, Rules, Scorecard, Standing, TargetScore,
};

// ------------------------------------------------------------- fixture ---

const FORMULA_NOTE: &str = "=SUM(A1)";
const PLUS_NOTE: &str = "+1";
const MINUS_NOTE: &str = "-2 giornate recuperate a gennaio 2024";
const AT_NOTE: &str = "@x";
const EMOJI_EVIDENCE: &str = "📎 DGC n. 45 del 12/05/2023 ✅ — 👩‍💼 verificato";

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

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn form(area: &str) -> PathBuf {
    PathBuf::from(format!("/dati/2023 - Area {area}.xlsx"))
}

fn at(area: &str, cell: &str) -> CellRef {
    CellRef {
        file: form(area),
        sheet: "Rendicontazione".into(),
        cell: cell.into(),
    }
}

fn sourced<T>(v: T, area: &str, cell: &str) -> Option<Sourced<T>> {
    Some(Sourced {
        value: v,
        at: at(area, cell),
    })
}

fn entry(indicator: &str, area: &str) -> Entry {
    Entry {
        indicator: indicator.into(),
        target: 0,
        area: area.into(),
        date: None,
        value: None,
        done: None,
        status: None,
        evidence: None,
        notes: None,
        motivation: None,
    }
}

fn resp(area: &str, weight: Option<f64>) -> Responsibility {
    Responsibility {
        area: area.into(),
        weight,
        note: None,
    }
}

fn indicator(id: &str, description: &str, expected: &str, target: Target) -> Indicator {
    Indicator {
        id: id.into(),
        description: description.into(),
        expected: expected.into(),
        targets: vec![target],
        condition: None,
        areas: None,
        ..Default::default()
    }
}

pub(crate) fn plan() -> Plan {
    let area = |id: &str, name: &str, head: Option<&str>| Area {
        id: id.into(),
        name: name.into(),
        offices: vec![],
        head: head.map(str::to_string),
        top_official: false,
    };
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
        ente: Ente {
            name: "Comune di Alzano Lombardo".into(),
            province: Some("BG".into()),
        },
        year: 2023,
        title: "Allegato H: Piano e indicatori di Performance".into(),
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
            },
        ],
        strategic: Vec::new(),
    }
}

pub(crate) fn results() -> Results {
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

    let report = |area: &str, entries: Vec<Entry>| AreaReport {
        area: area.into(),
        source: SourceFile {
            path: form(area),
            sha256: format!("{:0>64}", area.len()),
            area: area.into(),
        },
        entries,
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

fn outcome(g: f64) -> Outcome {
    if g >= 0.9 {
        Outcome::Achieved
    } else if g >= 0.5 {
        Outcome::PartiallyAchieved
    } else {
        Outcome::NotAchieved
    }
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
    IndicatorScore {
        indicator: id.into(),
        area: area.into(),
        weight: None,
        targets: vec![TargetScore {
            target: 0,
            grade,
            standing: standing.clone(),
            explanation: format!("Grado del traguardo di {id} per l'Area {area}"),
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
        explanation: format!("Indicatore {id}, Area {area}"),
    }
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
pub(crate) fn scorecard(results: &Results) -> Scorecard {
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

struct Fixture {
    plan: Plan,
    results: Results,
    scorecard: Scorecard,
    warnings: Diagnostics,
}

fn fixture() -> Fixture {
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

impl Fixture {
    fn render(&self) -> Vec<u8> {
        render(
            &self.plan,
            &self.results,
            &self.scorecard,
            &self.warnings,
            &crate::vocab::Vocabulary::default(),
        )
        .expect("renders")
    }
}

// ------------------------------------------------------------- reading ---

struct Book {
    sheets: calamine::Sheets<Cursor<Vec<u8>>>,
}

impl Book {
    fn open(bytes: Vec<u8>) -> Book {
        Book {
            sheets: open_workbook_auto_from_rs(Cursor::new(bytes)).expect("calamine opens it"),
        }
    }

    fn values(&mut self, sheet: &str) -> Range<Data> {
        self.sheets.worksheet_range(sheet).expect("sheet exists")
    }

    fn formulas(&mut self, sheet: &str) -> Range<String> {
        self.sheets.worksheet_formula(sheet).expect("sheet exists")
    }
}

/// Cell at absolute 0-based (row, col), whatever the range's origin.
fn cell(r: &Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn formula(r: &Range<String>, row: u32, col: u32) -> String {
    r.get_value((row, col)).cloned().unwrap_or_default()
}

fn num(data: &Data) -> Option<f64> {
    match data {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::Empty => None,
        Data::String(s) if s == super::sheets::NO_GRADE => None,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn text(data: &Data) -> Option<String> {
    match data {
        Data::String(s) => Some(s.clone()),
        Data::Empty => None,
        other => panic!("expected text, found {other:?}"),
    }
}

fn header_col(r: &Range<Data>, header_row: u32, name: &str) -> u32 {
    let width = r.end().map(|e| e.1).unwrap_or(0);
    (0..=width)
        .find(|&c| text(&cell(r, header_row, c)).as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no column «{name}»"))
}

fn assert_close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (None, None) => {}
        (Some(x), Some(y)) if (x - y).abs() < 1e-12 => {}
        _ => panic!("{what}: workbook {a:?}, scorecard {b:?}"),
    }
}

fn find_row(r: &Range<Data>, cols: &[(u32, &str)]) -> u32 {
    let height = r.end().map(|e| e.0).unwrap_or(0);
    (1..=height)
        .find(|&row| {
            cols.iter()
                .all(|(c, v)| text(&cell(r, row, *c)).as_deref() == Some(*v))
        })
        .unwrap_or_else(|| panic!("no row with {cols:?}"))
}

// --------------------------------------------------------------- tests ---

#[test]
fn sintesi_grades_are_formulas_caching_the_scorecard_values() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let values = book.values(SHEET_SUMMARY);
    let formulas = book.formulas(SHEET_SUMMARY);
    let header = 3;
    assert_eq!(text(&cell(&values, header, 4)).as_deref(), Some("Grado"));
    for (i, score) in fx.scorecard.areas.iter().enumerate() {
        let row = header + 1 + i as u32;
        assert_eq!(
            text(&cell(&values, row, 0)).as_deref(),
            Some(score.area.as_str())
        );
        assert_close(
            num(&cell(&values, row, 3)),
            Some(score.total_weight),
            "peso",
        );
        assert_close(num(&cell(&values, row, 4)), score.grade, "grado Area");
        assert_close(num(&cell(&values, row, 8)), score.computed, "autovalutato");
        assert_eq!(
            text(&cell(&values, row, 5)).as_deref(),
            score.outcome.map(Outcome::label)
        );
        let f = formula(&formulas, row, 4);
        assert!(f.contains("SUMPRODUCT") && f.contains("Obiettivi!"), "{f}");
        assert!(formula(&formulas, row, 3).contains("SUMPRODUCT"));
    }
    // The ente line, below the table after one empty row.
    let ente = header + 1 + fx.scorecard.areas.len() as u32 + 1;
    assert_eq!(text(&cell(&values, ente, 0)).as_deref(), Some("Ente"));
    assert_close(
        num(&cell(&values, ente, 4)),
        fx.scorecard.grade,
        "grado ente",
    );
    assert_close(num(&cell(&values, ente, 3)), Some(40.0), "peso ente");
    assert_close(
        num(&cell(&values, ente, 8)),
        fx.scorecard.computed,
        "ente autovalutato",
    );
    assert!(formula(&formulas, ente, 4).starts_with("IF(SUM(Obiettivi!$N$2:$N$"));
    // No recomputation disagreed with the scorecard.
    let anomalies = book.values(SHEET_ANOMALIES);
    for row in anomalies.rows() {
        let message = row.get(8).map(|d| d.to_string()).unwrap_or_default();
        assert!(!message.contains("il foglio Obiettivi dà"), "{message}");
    }
}

/// Evaluates the Sintesi formulas the way a spreadsheet would, from the
/// Obiettivi cells read back, so the formulas (not just their cached
/// values) are proven to give the scorecard's grades.
#[test]
fn formulas_recomputed_from_the_obiettivi_sheet_give_the_scorecard_grades() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let obj = book.values(SHEET_OBJECTIVES);
    let area_col = header_col(&obj, 0, "Area");
    let weight_col = header_col(&obj, 0, "Peso conteggiato nella media");
    let grade_col = header_col(&obj, 0, "Grado");
    assert_eq!(
        (area_col, weight_col, grade_col),
        (
            u32::from(super::sheets::O_AREA),
            u32::from(super::sheets::O_COUNTED),
            u32::from(super::sheets::O_GRADE)
        ),
        "the formulas' columns"
    );
    let height = obj.end().unwrap().0;
    let rows: Vec<(String, f64, f64)> = (1..=height)
        .map(|r| {
            (
                text(&cell(&obj, r, area_col)).unwrap(),
                num(&cell(&obj, r, weight_col)).unwrap(),
                num(&cell(&obj, r, grade_col)).unwrap_or(0.0),
            )
        })
        .collect();
    let eval = |area: Option<&str>| {
        let sel = rows.iter().filter(|r| area.is_none_or(|a| r.0 == a));
        let (sw, swg) = sel.fold((0.0, 0.0), |(a, b), r| (a + r.1, b + r.1 * r.2));
        (sw, (sw != 0.0).then(|| swg / sw))
    };
    for score in &fx.scorecard.areas {
        let (w, g) = eval(Some(score.area.as_str()));
        assert_close(Some(w), Some(score.total_weight), "peso");
        assert_close(g, score.grade, score.area.as_str());
    }
    assert_close(eval(None).1, fx.scorecard.grade, "ente");
}

/// The Obiettivi grades that are means of their indicators are formulas
/// over the Indicatori sheet; evaluated from the cells read back, they give
/// the scorecard's grades.
#[test]
fn objective_grades_recomputed_from_the_indicatori_sheet() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let obj = book.values(SHEET_OBJECTIVES);
    let obj_f = book.formulas(SHEET_OBJECTIVES);
    let ind = book.values(SHEET_INDICATORS);
    let c = |name| header_col(&ind, 0, name);
    let (c_obj, c_area) = (c("Obiettivo"), c("Area"));
    let (c_w, c_g) = (
        c("Peso nella media dell'obiettivo"),
        c("Grado dell'indicatore"),
    );
    assert_eq!(
        (c_obj, c_area, c_w, c_g),
        (
            u32::from(super::sheets::I_OBJECTIVE),
            u32::from(super::sheets::I_AREA),
            u32::from(super::sheets::I_COUNTED),
            u32::from(super::sheets::I_GRADE)
        )
    );
    let height = ind.end().unwrap().0;
    let mut with_formula = 0;
    for os in &fx.scorecard.objectives {
        for a in &os.areas {
            let row = find_row(&obj, &[(0, os.objective.as_str()), (1, a.area.as_str())]);
            let f = formula(&obj_f, row, u32::from(super::sheets::O_GRADE));
            if f.is_empty() {
                // Only grades a formula cannot express are plain values.
                assert!(
                    a.grade.is_none() || a.correction.is_some(),
                    "{}",
                    os.objective
                );
                continue;
            }
            assert!(f.contains("Indicatori!"), "{f}");
            let (mut sw, mut swg) = (0.0, 0.0);
            for r in 1..=height {
                if text(&cell(&ind, r, c_obj)).as_deref() == Some(os.objective.as_str())
                    && text(&cell(&ind, r, c_area)).as_deref() == Some(a.area.as_str())
                {
                    let w = num(&cell(&ind, r, c_w)).unwrap();
                    sw += w;
                    swg += w * num(&cell(&ind, r, c_g)).unwrap_or(0.0);
                }
            }
            assert_close(Some(swg / sw), a.grade, os.objective.as_str());
            with_formula += 1;
        }
    }
    assert_eq!(
        with_formula, 6,
        "every graded pair without a correction is a formula"
    );
}

#[test]
fn obiettivi_rows_match_the_scorecard() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let obj = book.values(SHEET_OBJECTIVES);
    let c = |name| header_col(&obj, 0, name);
    let (c_weight, c_grade, c_computed) = (
        c("Peso"),
        c("Grado"),
        c("Grado autovalutato (prima della correzione)"),
    );
    let (c_state, c_reason, c_counted) = (
        c("Stato"),
        c("Motivo (neutralizzazione o non applicabilità)"),
        c("Peso conteggiato nella media"),
    );
    let mut n = 0;
    for os in &fx.scorecard.objectives {
        for a in &os.areas {
            let row = find_row(&obj, &[(0, os.objective.as_str()), (1, a.area.as_str())]);
            assert_close(num(&cell(&obj, row, c_weight)), a.weight, "peso");
            assert_close(num(&cell(&obj, row, c_grade)), a.grade, "grado");
            assert_close(
                num(&cell(&obj, row, c_computed)),
                a.computed,
                "autovalutato",
            );
            let counted = num(&cell(&obj, row, c_counted)).unwrap();
            let neutralised = matches!(a.standing, Standing::Neutralised(_));
            if neutralised || !os.weighted {
                assert_eq!(counted, 0.0, "{} {}", os.objective, a.area);
            } else {
                assert_eq!(Some(counted), a.weight);
            }
            if neutralised {
                assert_eq!(
                    text(&cell(&obj, row, c_state)).as_deref(),
                    Some("Neutralizzato (non valutabile)")
                );
                assert!(text(&cell(&obj, row, c_reason)).is_some());
            }
            n += 1;
        }
    }
    assert_eq!(obj.end().unwrap().0, n, "one row per objective × Area");
}

#[test]
fn indicatori_rows_match_the_scorecard_and_keep_hostile_text_as_text() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let ind = book.values(SHEET_INDICATORS);
    let formulas = book.formulas(SHEET_INDICATORS);
    let c = |name| header_col(&ind, 0, name);
    let grade = c("Grado dell'indicatore");
    let computed = c("Grado autovalutato dell'indicatore");
    let target_grade = c("Grado del traguardo");
    let corr = c("Grado fissato dal Nucleo");
    let corr_mot = c("Motivazione del Nucleo");
    let notes = c("Note dell'Area");
    let evidence = c("Documentazione / evidenze");
    let motivation = c("Motivazione dello scostamento");
    let date = c("Data di realizzazione");
    let value = c("Valore raggiunto");
    let cells = c("Celle di origine");
    let mut n = 0;
    for os in &fx.scorecard.objectives {
        for a in &os.areas {
            for is in &a.indicators {
                let row = find_row(&ind, &[(1, is.indicator.as_str()), (3, is.area.as_str())]);
                assert_close(num(&cell(&ind, row, grade)), is.grade, "grado");
                assert_close(num(&cell(&ind, row, computed)), is.computed, "autovalutato");
                assert_close(
                    num(&cell(&ind, row, target_grade)),
                    is.targets[0].grade,
                    "target",
                );
                assert_close(
                    num(&cell(&ind, row, corr)),
                    is.correction.as_ref().map(|c| c.grade),
                    "correzione",
                );
                assert_eq!(
                    text(&cell(&ind, row, corr_mot)),
                    is.correction.as_ref().map(|c| c.motivation.clone())
                );
                let e = is.targets[0].entry.as_ref();
                for (col, field) in [
                    (notes, e.and_then(|e| e.notes.as_ref())),
                    (evidence, e.and_then(|e| e.evidence.as_ref())),
                    (motivation, e.and_then(|e| e.motivation.as_ref())),
                ] {
                    let got = text(&cell(&ind, row, col));
                    let want = field.map(|s| s.value.clone());
                    match (&got, &want) {
                        (Some(g), Some(w)) if w.encode_utf16().count() > MAX_CELL_CHARS => {
                            assert!(g.ends_with(TRUNCATION_MARK));
                            assert!(w.starts_with(g.strip_suffix(TRUNCATION_MARK).unwrap()));
                            assert!(g.encode_utf16().count() <= MAX_CELL_CHARS);
                        }
                        _ => assert_eq!(got, want, "{} {}", is.indicator, is.area),
                    }
                    // Whatever the text looks like, it is not a formula.
                    assert_eq!(formula(&formulas, row, col), "");
                }
                match e.and_then(|e| e.date.as_ref()) {
                    Some(dt) => match cell(&ind, row, date) {
                        Data::DateTime(x) => {
                            assert_eq!(x.as_datetime().unwrap().date(), dt.value, "a real date")
                        }
                        other => panic!("date written as {other:?}"),
                    },
                    None => assert_eq!(cell(&ind, row, date), Data::Empty),
                }
                if let Some(v) = e.and_then(|e| e.value.as_ref()) {
                    let got = num(&cell(&ind, row, value)).unwrap();
                    // Percentages are stored as fractions, formatted as %.
                    let want = if is.indicator.as_str() == "OB01.2" {
                        v.value / 100.0
                    } else {
                        v.value
                    };
                    assert_close(Some(got), Some(want), "valore");
                }
                if let Some(e) = e.filter(|e| e.notes.is_some()) {
                    let note_cell = &e.notes.as_ref().unwrap().at.cell;
                    let sources = text(&cell(&ind, row, cells)).unwrap();
                    assert!(sources.contains(&format!("Note {note_cell}")), "{sources}");
                }
                n += 1;
            }
        }
    }
    assert_eq!(ind.end().unwrap().0, n);
    // The hostile strings are all there, verbatim.
    for s in [FORMULA_NOTE, PLUS_NOTE, MINUS_NOTE, AT_NOTE, EMOJI_EVIDENCE] {
        assert!(
            ind.cells()
                .any(|(_, _, d)| d == &Data::String(s.to_string())),
            "{s} missing"
        );
    }
}

#[test]
fn hostile_text_is_stored_as_shared_strings_not_formulas() {
    // Independent of calamine: the raw sheet XML has no <f> element but the
    // Sintesi grades and the Obiettivi grades (column G), and the hostile
    // strings are in the string table.
    let fx = fixture();
    let bytes = fx.render();
    let mut zip = zip_entries(&bytes);
    let strings = zip.remove("xl/sharedStrings.xml").expect("shared strings");
    for s in ["=SUM(A1)", "+1", "@x", "📎 DGC n. 45"] {
        assert!(strings.contains(s), "{s}");
    }
    for (name, xml) in &zip {
        if !name.starts_with("xl/worksheets/sheet") {
            continue;
        }
        for cell in xml.split("<c r=\"").skip(1) {
            let cell = cell.split("</c>").next().unwrap();
            if cell.contains("<f>") {
                let ok = name == "xl/worksheets/sheet1.xml"
                    || (name == "xl/worksheets/sheet2.xml" && cell.starts_with('G'));
                assert!(ok, "a formula in {name}: {cell}");
            }
        }
    }
    assert!(zip["xl/worksheets/sheet1.xml"].contains("<f>"));
    assert!(zip["xl/worksheets/sheet2.xml"].contains("<f>"));
}

fn zip_entries(bytes: &[u8]) -> std::collections::HashMap<String, String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = std::collections::HashMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            out.insert(f.name().map(|n| n.to_string()).unwrap_or_default(), s);
        }
    }
    out
}

#[test]
fn a_truncated_note_is_marked_and_listed_in_anomalie() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let anomalies = book.values(SHEET_ANOMALIES);
    let messages: Vec<String> = anomalies
        .rows()
        .skip(1)
        .map(|r| r.get(8).map(|d| d.to_string()).unwrap_or_default())
        .collect();
    let cut: Vec<&String> = messages
        .iter()
        .filter(|m| m.contains("testo troncato"))
        .collect();
    assert_eq!(cut.len(), 1, "{messages:?}");
    assert!(cut[0].contains("di 40.000"), "{}", cut[0]);
    assert!(cut[0].contains("Rendicontazione › K8"), "{}", cut[0]);
}

#[test]
fn anomalie_lists_every_warning_once() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let sheet = book.values(SHEET_ANOMALIES);
    let messages: Vec<String> = sheet
        .rows()
        .skip(1)
        .map(|r| r.get(8).map(|d| d.to_string()).unwrap_or_default())
        .collect();
    for w in fx.warnings.iter() {
        assert_eq!(
            messages.iter().filter(|m| **m == w.message).count(),
            1,
            "{}",
            w.message
        );
    }
    // A hint "=" is text too.
    assert!(
        sheet
            .cells()
            .any(|(_, _, d)| d == &Data::String("=".into()))
    );
    // The scorecard's warning gives its cell.
    let row = find_row(&sheet, &[(5, "L6")]);
    assert_eq!(
        text(&cell(&sheet, row, 4)).as_deref(),
        Some("Rendicontazione")
    );
}

#[test]
fn a_disagreeing_scorecard_is_shown_as_is_and_flagged() {
    let mut fx = fixture();
    fx.scorecard.areas[1].grade = Some(0.5);
    let mut book = Book::open(fx.render());
    let values = book.values(SHEET_SUMMARY);
    assert_close(
        num(&cell(&values, 5, 4)),
        Some(0.5),
        "cached value is the scorecard's",
    );
    let anomalies = book.values(SHEET_ANOMALIES);
    assert!(anomalies.cells().any(|(_, _, d)| {
        matches!(d, Data::String(s) if s.starts_with("Area I: il foglio Obiettivi dà peso 15 e grado 83,3%"))
    }));
}

#[test]
fn same_input_gives_the_same_bytes() {
    let fx = fixture();
    assert_eq!(fx.render(), fx.render());
}

#[test]
fn properties_and_print_setup() {
    let fx = fixture();
    let zip = zip_entries(&fx.render());
    let core = &zip["docProps/core.xml"];
    assert!(
        core.contains("<dc:title>Riepilogo performance 2023</dc:title>"),
        "{core}"
    );
    assert!(core.contains("<dc:creator>Comune di Alzano Lombardo</dc:creator>"));
    assert!(core.contains("2023-12-31T00:00:00Z"));
    let workbook = &zip["xl/workbook.xml"];
    for name in [
        SHEET_SUMMARY,
        SHEET_OBJECTIVES,
        SHEET_INDICATORS,
        SHEET_ANOMALIES,
        SHEET_FORMS,
    ] {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "{name}");
    }
    // Repeated header rows on every sheet.
    assert_eq!(workbook.matches("_xlnm.Print_Titles").count(), 5);
    for i in 1..=5 {
        let xml = &zip[&format!("xl/worksheets/sheet{i}.xml")];
        assert!(xml.contains("orientation=\"landscape\""), "sheet{i}");
        assert!(xml.contains("paperSize=\"9\""), "sheet{i}");
        assert!(xml.contains("<autoFilter"), "sheet{i}");
        assert!(xml.contains("state=\"frozen\""), "sheet{i}");
    }
    assert!(zip["xl/styles.xml"].contains("0.0%"));
    assert!(zip["xl/styles.xml"].contains("dd/mm/yyyy"));
    // Traffic lights on the grades.
    assert!(zip["xl/worksheets/sheet1.xml"].contains("conditionalFormatting"));
    assert!(zip.keys().any(|k| k.starts_with("xl/charts/chart")));
}

#[test]
fn empty_scorecard_still_renders() {
    let mut fx = fixture();
    fx.scorecard.objectives.clear();
    fx.scorecard.areas.clear();
    fx.scorecard.grade = None;
    fx.scorecard.computed = None;
    fx.results.reports.clear();
    fx.warnings = Diagnostics::new();
    fx.scorecard.warnings.clear();
    let mut book = Book::open(fx.render());
    let anomalies = book.values(SHEET_ANOMALIES);
    assert!(
        anomalies
            .cells()
            .any(|(_, _, d)| d == &Data::String("Nessuna anomalia rilevata.".into()))
    );
}

#[test]
fn fit_cell_cuts_on_character_boundaries() {
    let short = "😀".repeat(100);
    assert_eq!(
        fit_cell(&short),
        (std::borrow::Cow::Borrowed(short.as_str()), false)
    );
    // 16.383 emoji = 32.766 UTF-16 units: fits; one more does not.
    let fits = "😀".repeat(16_383);
    assert!(!fit_cell(&fits).1);
    let over = "😀".repeat(16_384);
    let (cut, was_cut) = fit_cell(&over);
    assert!(was_cut);
    assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
    let kept = cut.strip_suffix(TRUNCATION_MARK).unwrap();
    assert!(kept.chars().all(|c| c == '😀'));
    assert!(over.starts_with(kept));
    // Excel's limit counts UTF-16 units, not bytes or chars.
    let ascii = "a".repeat(MAX_CELL_CHARS);
    assert!(!fit_cell(&ascii).1);
    assert!(fit_cell(&format!("{ascii}a")).1);
}

#[test]
fn area_ids_are_read_from_cells_not_pasted_into_formulas() {
    let mut fx = fixture();
    // An id that would break a formula if it were spliced into one.
    let odd = AreaId::from("I\"),1)*(\"");
    for o in &mut fx.scorecard.objectives {
        for a in &mut o.areas {
            if a.area.as_str() == "I" {
                a.area = odd.clone();
            }
        }
    }
    fx.scorecard.areas[1].area = odd.clone();
    fx.plan.areas[1].id = odd.clone();
    let mut book = Book::open(fx.render());
    let values = book.values(SHEET_SUMMARY);
    let formulas = book.formulas(SHEET_SUMMARY);
    assert_eq!(text(&cell(&values, 5, 0)).as_deref(), Some(odd.as_str()));
    assert!(formula(&formulas, 5, 4).contains(",$A6)"));
    assert!(!formula(&formulas, 5, 4).contains(odd.as_str()));
}

/// Writes the fixture's workbook for a look in LibreOffice/Excel:
/// `SUMMARY_SAMPLE=/tmp/r.xlsx cargo test --lib summary -- --ignored`.
/// Beside it, `…-cache-errato.xlsx` caches a wrong Area I grade (50%):
/// a spreadsheet that recalculates must show 83,3% there.
#[test]
#[ignore]
fn write_sample_for_manual_check() {
    let path = std::env::var("SUMMARY_SAMPLE").unwrap_or_else(|_| {
        let p = std::env::temp_dir().join("Riepilogo-esempio.xlsx");
        p.display().to_string()
    });
    let mut fx = fixture();
    std::fs::write(&path, fx.render()).unwrap();
    fx.scorecard.areas[1].grade = Some(0.5);
    let wrong = path.replace(".xlsx", "-cache-errato.xlsx");
    std::fs::write(wrong, fx.render()).unwrap();
}

/// Needs LibreOffice (`soffice`), so it is not part of the default suite:
/// `cargo test --lib summary -- --ignored`. LibreOffice opens the workbook,
/// recalculates every formula and exports the sheets as csv: the Sintesi
/// grades it computes must be the scorecard's, even when the cached values
/// are wrong, and the hostile notes must come out as typed.
#[test]
#[ignore]
fn libreoffice_opens_it_and_recalculates_the_scorecard_grades() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture();
    let right = fx.scorecard.areas[1].grade.unwrap();
    fx.scorecard.areas[1].grade = Some(0.5);
    let xlsx = dir.path().join("Riepilogo.xlsx");
    std::fs::write(&xlsx, fx.render()).unwrap();
    // A private profile that recalculates xlsx files on load.
    let profile = dir.path().join("profilo");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>"#,
    )
    .unwrap();
    let status = std::process::Command::new("soffice")
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&xlsx)
        .env("HOME", dir.path())
        .status()
        .expect("soffice runs");
    assert!(status.success());
    let sintesi = std::fs::read_to_string(dir.path().join("Riepilogo-Sintesi.csv")).unwrap();
    let line = sintesi
        .lines()
        .find(|l| l.starts_with("I,"))
        .expect("Area I row");
    let grade: f64 = line
        .split(',')
        .nth(4)
        .unwrap()
        .trim_end_matches('%')
        .parse()
        .unwrap();
    assert!((grade / 100.0 - right).abs() < 1e-9, "{line}");
    let indicatori = std::fs::read_to_string(dir.path().join("Riepilogo-Indicatori.csv")).unwrap();
    for s in [FORMULA_NOTE, PLUS_NOTE, MINUS_NOTE, AT_NOTE] {
        assert!(indicatori.contains(s), "{s}");
    }
}

#[test]
fn render_with_warnings_returns_the_workbook_s_own_warnings() {
    let fx = fixture();
    let (bytes, own) = render_with_warnings(
        &fx.plan,
        &fx.results,
        &fx.scorecard,
        &fx.warnings,
        &crate::vocab::Vocabulary::default(),
    )
    .unwrap();
    assert_eq!(bytes, fx.render());
    assert_eq!(own.len(), 1, "{own}");
    let d = own.iter().next().unwrap();
    assert!(!d.is_error());
    assert!(d.message.starts_with("testo troncato nel riepilogo"), "{d}");
    assert_eq!(d.location.cell.as_deref(), Some("K8"));
}
