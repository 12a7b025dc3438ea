//! The published results as open data (D.Lgs. 33/2013 art. 7): one CSV
//! file per level (ente, units, strategic objectives, objectives,
//! indicators) and, when the year has individual evaluations, the premi
//! data of art. 20 ([`premi`]); and one JSON
//! with the same content and a versioned schema, written beside the
//! Relazione under `<anno>/dati-aperti/`. The format is documented for
//! users in `docs/dati-aperti.md`.
//!
//! Takes: the plan and the scorecard (and the year before's JSON). Gives:
//! [`OpenData`], its CSV/JSON files and the [`Comparison`]. Must not touch:
//! results as the units wrote them, names or any free text.
//!
//! What goes in is chosen so nothing identifies a person: the plan's own
//! (already published) texts, grades, weights, outcome codes and counts.
//! Heads' names, each unit's reward band and quota, and the free text the
//! units and the Nucleo wrote (notes, motivations, reasons, which may name
//! people) stay out. The premi data ([`premi`], art. 20) are aggregates of
//! the individual evaluations over groups of at least three people, built
//! by `individual::premi` and added to [`OpenData`] by the run.
//!
//! The JSON of a year is read back the next year ([`previous`]) to compare
//! the ente's and each unit's grade with the year before ([`compare`]).

pub mod compare;
pub mod csv;
pub mod premi;
pub mod previous;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::scoring::{Outcome, OutcomeCounts, Scorecard, Standing};

pub use compare::Comparison;

/// Identifies a consuntivo open-data JSON among other JSON files.
pub const SCHEMA: &str = "consuntivo/dati-aperti";
/// Bumped whenever a field changes meaning or disappears; readers refuse
/// versions they do not know. A new field keeps the version (readers
/// ignore fields they do not know): `obiettivi_strategici` came so, and a
/// file written before it reads as one without a strategic level.
pub const VERSION: u32 = 1;
/// Folder of the open data under `<anno>/`.
pub const DIR: &str = "dati-aperti";
/// File name of the JSON inside [`DIR`].
pub const JSON_FILE: &str = "risultati.json";

/// Whether the data are those of a draft or of the final Relazione: the
/// draft's grades may still change with the evaluator's decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Bozza,
    Definitiva,
}

impl State {
    pub fn of(definitive: bool) -> Self {
        if definitive {
            State::Definitiva
        } else {
            State::Bozza
        }
    }

    /// The code in the files: `bozza` or `definitiva`.
    pub fn code(self) -> &'static str {
        match self {
            State::Bozza => "bozza",
            State::Definitiva => "definitiva",
        }
    }
}

/// Everything published for one year. Field names in the JSON are Italian
/// and stable (see `docs/dati-aperti.md`); grades are fractions in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenData {
    pub schema: String,
    #[serde(rename = "versione")]
    pub version: u32,
    #[serde(rename = "anno")]
    pub year: i32,
    /// `bozza` while the Relazione is a draft, `definitiva` once final;
    /// absent in files written before the field came (read as unknown).
    #[serde(rename = "stato", default)]
    pub state: Option<State>,
    pub ente: EnteRow,
    #[serde(rename = "unita")]
    pub units: Vec<UnitRow>,
    /// The strategic level, in plan order; empty when the plan has none.
    #[serde(rename = "obiettivi_strategici", default)]
    pub strategic: Vec<StrategicRow>,
    #[serde(rename = "obiettivi")]
    pub objectives: Vec<ObjectiveRow>,
    #[serde(rename = "indicatori")]
    pub indicators: Vec<IndicatorRow>,
    /// The premi data (art. 20), when the year has individual evaluations
    /// and some category may be published; absent otherwise. A field added
    /// without changing the version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premi: Option<premi::Premi>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnteRow {
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "grado")]
    pub grade: Option<f64>,
    /// Before the Nucleo's corrections.
    #[serde(rename = "grado_autovalutato")]
    pub computed: Option<f64>,
    #[serde(rename = "esito")]
    pub outcome: Option<String>,
    /// Weighted objective × unit pairs by outcome.
    #[serde(rename = "obiettivi")]
    pub objectives: Counts,
    /// Indicator × unit pairs by outcome.
    #[serde(rename = "indicatori")]
    pub indicators: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    #[serde(rename = "raggiunti")]
    pub achieved: usize,
    #[serde(rename = "parzialmente_raggiunti")]
    pub partially_achieved: usize,
    #[serde(rename = "non_raggiunti")]
    pub not_achieved: usize,
    #[serde(rename = "non_applicabili")]
    pub not_applicable: usize,
    #[serde(rename = "neutralizzati")]
    pub neutralised: usize,
    #[serde(rename = "non_rendicontati")]
    pub not_reported: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRow {
    pub id: String,
    #[serde(rename = "nome")]
    pub name: String,
    /// Sum of the weights counted in the grade.
    #[serde(rename = "peso_totale")]
    pub total_weight: f64,
    #[serde(rename = "grado")]
    pub grade: Option<f64>,
    #[serde(rename = "grado_autovalutato")]
    pub computed: Option<f64>,
    #[serde(rename = "esito")]
    pub outcome: Option<String>,
    #[serde(rename = "modulo_inviato")]
    pub reported: bool,
}

/// One strategic objective, graded from its operational objectives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategicRow {
    pub id: String,
    #[serde(rename = "titolo")]
    pub title: String,
    #[serde(rename = "descrizione")]
    pub description: Option<String>,
    #[serde(rename = "grado")]
    pub grade: Option<f64>,
    #[serde(rename = "esito")]
    pub outcome: Option<String>,
    /// How the grade is made from the operational objectives' grades:
    /// `media` or `minimo` (the SMVP's `[strategico]` rule).
    #[serde(rename = "aggregazione")]
    pub aggregation: String,
    /// The operational objectives it aggregates, in plan order.
    #[serde(rename = "obiettivi_id")]
    pub objectives: Vec<String>,
}

/// Stable code of the strategic aggregation rule.
pub fn aggregation_code(a: crate::scoring::ObjectiveAggregation) -> &'static str {
    match a {
        crate::scoring::ObjectiveAggregation::Mean => "media",
        crate::scoring::ObjectiveAggregation::Minimum => "minimo",
    }
}

/// One objective for one responsible unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveRow {
    #[serde(rename = "obiettivo_id")]
    pub objective: String,
    #[serde(rename = "ambito_id")]
    pub theme: String,
    #[serde(rename = "ambito_nome")]
    pub theme_name: String,
    #[serde(rename = "titolo")]
    pub title: String,
    /// False for projects on variable resources, graded apart.
    #[serde(rename = "pesato")]
    pub weighted: bool,
    #[serde(rename = "unita_id")]
    pub unit: String,
    #[serde(rename = "unita_nome")]
    pub unit_name: String,
    #[serde(rename = "peso")]
    pub weight: Option<f64>,
    #[serde(rename = "grado")]
    pub grade: Option<f64>,
    #[serde(rename = "esito")]
    pub outcome: Option<String>,
    #[serde(rename = "stato")]
    pub standing: String,
    #[serde(rename = "corretto_dal_valutatore")]
    pub corrected: bool,
    /// The objective's grade over all its units (same on each of its rows).
    #[serde(rename = "grado_obiettivo")]
    pub objective_grade: Option<f64>,
}

/// One indicator for one responsible unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    #[serde(rename = "indicatore_id")]
    pub indicator: String,
    #[serde(rename = "obiettivo_id")]
    pub objective: String,
    #[serde(rename = "unita_id")]
    pub unit: String,
    #[serde(rename = "unita_nome")]
    pub unit_name: String,
    #[serde(rename = "descrizione")]
    pub description: String,
    /// The plan's *livello atteso*, verbatim.
    #[serde(rename = "livello_atteso")]
    pub expected: String,
    #[serde(rename = "peso")]
    pub weight: Option<f64>,
    #[serde(rename = "grado")]
    pub grade: Option<f64>,
    #[serde(rename = "grado_autovalutato")]
    pub computed: Option<f64>,
    #[serde(rename = "esito")]
    pub outcome: Option<String>,
    #[serde(rename = "stato")]
    pub standing: String,
    #[serde(rename = "corretto_dal_valutatore")]
    pub corrected: bool,
}

/// Stable code of an outcome, as in the files.
pub fn outcome_code(o: Option<Outcome>) -> Option<String> {
    o.map(|o| {
        match o {
            Outcome::Achieved => "raggiunto",
            Outcome::PartiallyAchieved => "parzialmente_raggiunto",
            Outcome::NotAchieved => "non_raggiunto",
        }
        .to_string()
    })
}

/// Stable code of a standing; the reason (free text) is left out.
fn standing_code(s: &Standing) -> String {
    match s {
        Standing::Scored => "valutato",
        Standing::NotApplicable(_) => "non_applicabile",
        Standing::Neutralised(_) => "neutralizzato",
        Standing::NotReported => "non_rendicontato",
    }
    .to_string()
}

fn counts(c: &OutcomeCounts) -> Counts {
    Counts {
        achieved: c.achieved,
        partially_achieved: c.partially_achieved,
        not_achieved: c.not_achieved,
        not_applicable: c.not_applicable,
        neutralised: c.neutralised,
        not_reported: c.not_reported,
    }
}

/// The open data of a scored year, of the final Relazione or of a draft.
pub fn build(plan: &Plan, sc: &Scorecard, definitive: bool) -> OpenData {
    let unit_name = |id: &crate::plan::AreaId| {
        plan.area(id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    // Units in the order the xlsx summary lists them.
    let areas = sc.areas_in_plan_order(plan);
    let units = areas
        .iter()
        .map(|a| UnitRow {
            id: a.area.to_string(),
            name: unit_name(&a.area),
            total_weight: a.total_weight,
            grade: a.grade,
            computed: a.computed,
            outcome: outcome_code(a.outcome),
            reported: a.reported,
        })
        .collect();
    let strategic = sc
        .strategic
        .iter()
        .map(|ss| {
            let s = plan.strategic_objective(&ss.strategic);
            StrategicRow {
                id: ss.strategic.to_string(),
                title: s.map(|s| s.title.clone()).unwrap_or_default(),
                description: s.and_then(|s| s.description.clone()),
                grade: ss.grade,
                outcome: outcome_code(ss.outcome),
                aggregation: aggregation_code(sc.rules.strategic).to_string(),
                objectives: ss.objectives.iter().map(|o| o.to_string()).collect(),
            }
        })
        .collect();
    let mut objectives = Vec::new();
    let mut indicators = Vec::new();
    for os in &sc.objectives {
        let po = plan.objective(&os.objective);
        let theme = po.map(|o| o.theme.to_string()).unwrap_or_default();
        let theme_name = po
            .and_then(|o| plan.theme(&o.theme))
            .map(|t| t.name.clone())
            .unwrap_or_default();
        for oa in &os.areas {
            objectives.push(ObjectiveRow {
                objective: os.objective.to_string(),
                theme: theme.clone(),
                theme_name: theme_name.clone(),
                title: po.map(|o| o.title.clone()).unwrap_or_default(),
                weighted: os.weighted,
                unit: oa.area.to_string(),
                unit_name: unit_name(&oa.area),
                weight: oa.weight,
                grade: oa.grade,
                outcome: outcome_code(oa.outcome),
                standing: standing_code(&oa.standing),
                corrected: oa.correction.is_some(),
                objective_grade: os.grade,
            });
            for is in &oa.indicators {
                let pi = plan.indicator(&is.indicator).map(|(_, i)| i);
                indicators.push(IndicatorRow {
                    indicator: is.indicator.to_string(),
                    objective: os.objective.to_string(),
                    unit: is.area.to_string(),
                    unit_name: unit_name(&is.area),
                    description: pi.map(|i| i.description.clone()).unwrap_or_default(),
                    expected: pi.map(|i| i.expected.clone()).unwrap_or_default(),
                    weight: is.weight,
                    grade: is.grade,
                    computed: is.computed,
                    outcome: outcome_code(is.outcome),
                    standing: standing_code(&is.standing),
                    corrected: is.correction.is_some(),
                });
            }
        }
    }
    OpenData {
        schema: SCHEMA.to_string(),
        version: VERSION,
        year: sc.year,
        state: Some(State::of(definitive)),
        ente: EnteRow {
            name: plan.ente.name.clone(),
            grade: sc.grade,
            computed: sc.computed,
            outcome: outcome_code(sc.outcome),
            objectives: counts(&sc.objective_counts),
            indicators: counts(&sc.indicator_counts),
        },
        units,
        strategic,
        objectives,
        indicators,
        premi: None,
    }
}

/// What the last Relazione written in a year's folder is, as its open
/// data say (`stato`, for the `stato` command).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// No open data in the folder: no Relazione written yet.
    None,
    /// Written by a version that did not record the state, or unreadable.
    Unknown,
    Some(State),
}

/// The state of the open data in `year_dir` (`outputs/<anno>`): a draft's
/// or the final Relazione's. Read as hostile input (bounded, a regular
/// file); a file that does not say gives [`Written::Unknown`].
pub fn written_state(year_dir: &std::path::Path) -> Written {
    let path = year_dir.join(DIR).join(JSON_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Written::None;
    }
    let Ok(text) = crate::input::read_text_max(&path, previous::MAX_FILE) else {
        return Written::Unknown;
    };
    #[derive(Deserialize)]
    struct Head {
        schema: Option<String>,
        #[serde(rename = "stato", default)]
        state: Option<State>,
    }
    match serde_json::from_str::<Head>(&text) {
        Ok(Head {
            schema: Some(schema),
            state: Some(state),
        }) if schema == SCHEMA => Written::Some(state),
        _ => Written::Unknown,
    }
}

/// The files of the open data, paths relative to the output directory
/// (`<anno>/dati-aperti/…`), ready for the same all-or-nothing write as
/// the Relazione.
pub fn files(data: &OpenData) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(data.year.to_string()).join(DIR);
    let mut json = serde_json::to_vec_pretty(data).expect("open data always serialise");
    json.push(b'\n');
    let premi = data
        .premi
        .as_ref()
        .map(|p| premi::tables(data.year, p))
        .unwrap_or_default();
    let mut out: Vec<(PathBuf, Vec<u8>)> = csv::tables(data)
        .into_iter()
        .chain(premi)
        .map(|(name, bytes)| (dir.join(name), bytes))
        .collect();
    out.push((dir.join(JSON_FILE), json));
    out
}
