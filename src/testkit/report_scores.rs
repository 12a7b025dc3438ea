//! The Relazione fixture's scorecard ([`super::report`]), written out by
//! hand under the shipped rules: a
//! correction by the evaluator, a neutralised and a not-applicable
//! indicator, a project on variable resources, reward bands.

use super::build::{self, outcome};
use super::report::entries;
use crate::plan::{AreaId, ObjectiveId};
use crate::scoring::{
    AreaScore, BandResult, Correction, IndicatorScore, ObjectiveAreaScore, ObjectiveScore, Outcome,
    OutcomeCounts, Rules, Scorecard, Standing,
};

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
    let explanation = explanation.to_string();
    build::indicator_score(
        indicator,
        area,
        grade,
        standing,
        (explanation.clone(), explanation),
        entry,
    )
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
