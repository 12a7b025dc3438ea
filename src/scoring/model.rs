//! The rules (SMVP) and the scorecard: the contract between `scoring` and
//! its readers (`report`, `summary`, the CLI). Grades are fractions in
//! [0, 1] (0.855 is shown as "85,5%").

use serde::Serialize;

use crate::diag::{Diagnostic, Severity};
use crate::plan::{AreaId, IndicatorId, ObjectiveId, StrategicId};
use crate::results::{Entry, ProposedStatus};

// ---------------------------------------------------------------- rules ---

/// The comune's *Sistema di misurazione e valutazione della performance*,
/// as loaded from `smvp.toml`. Serialised as-is into the report data, so the
/// methodology chapter is written from the rules actually applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rules {
    pub deadline: DeadlineRules,
    pub quantity: QuantityRules,
    pub maximum: MaximumRules,
    /// How the status an Area proposes for a qualitative target is graded
    /// (pending the Nucleo's decision).
    pub qualitative: QualitativeRules,
    /// How an objective's grade is made from its indicators' grades.
    pub objective: ObjectiveAggregation,
    pub outcomes: OutcomeThresholds,
    /// What a target the Area did not report counts for.
    pub missing: MissingPolicy,
    /// *Fasce*: Area grade → share of the *retribuzione di risultato*,
    /// ordered by ascending `min_grade`; the first starts at 0.
    pub reward_bands: Vec<RewardBand>,
    /// Optional `[pesi]`: the total each unit's weights must sum to.
    pub weight_total: Option<WeightTotal>,
    /// What a plan written without weights means (`[pesi_mancanti]`,
    /// optional).
    pub weights: WeightRule,
    /// The grade that counts as full success (`[successo]`, optional; 1 by
    /// default): an indicator's grade is measured against it, unless the
    /// plan sets the indicator's own level.
    pub success: f64,
    /// How a strategic objective's grade is made from its operational
    /// objectives' grades (`[strategico]`, optional).
    pub strategic: ObjectiveAggregation,
    /// The act that adopted the system and the evaluator's opinion
    /// (`[adozione]`, optional).
    pub adoption: Option<super::adoption::Adoption>,
    /// The review of an individual evaluation on request
    /// (`[conciliazione]`, optional: absent, nothing is said of it).
    pub conciliation: Option<super::adoption::Conciliation>,
}

/// `[pesi_mancanti] regola`: objectives with no weight and no separate funding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightRule {
    /// Every weighted objective must have its weights ("errore").
    Required,
    /// Every responsible unit weighs 1 in each such objective ("uguali").
    Equal,
}

/// The check that each unit's weights sum to the total the comune uses
/// (often 100; 60 for Alzano's Areas and 20 for its Segretario).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightTotal {
    pub total: f64,
    /// Units with a total of their own, by id.
    pub exceptions: Vec<(AreaId, f64)>,
    /// Whether a different sum stops the run or is only reported.
    pub severity: Severity,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadlineRules {
    /// Delay bands in ascending order of `up_to_days`. On time (delay ≤ 0)
    /// always grades 1.
    pub bands: Vec<DelayBand>,
    /// Grade when late beyond the last band.
    pub beyond_last_band: f64,
    /// For a movable deadline ("o data successiva…"): a later date counts as
    /// on time when the Area states why (motivation present).
    pub movable_accepts_later_date_with_motivation: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DelayBand {
    /// Delay in calendar days, inclusive upper bound of the band.
    pub up_to_days: u32,
    pub grade: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityMode {
    /// actual ÷ target, capped at 1.
    Proportional,
    /// 1 when the target is reached, otherwise 0.
    AllOrNothing,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuantityRules {
    pub minimum: QuantityMode,
    pub percentage: QuantityMode,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaximumRules {
    /// `None`: strict or not as the plan says for each target; `Some(b)`
    /// forces every maximum to be strict (`<`) or not (`≤`).
    pub strict_override: Option<bool>,
    /// Grade when the maximum is exceeded.
    pub exceeded_grade: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualitativeRules {
    /// Grade of *parzialmente raggiunto* (*raggiunto* is 1, *non raggiunto* 0).
    pub partially_achieved: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveAggregation {
    /// Arithmetic mean of the indicators' grades (per-indicator weights,
    /// where the plan gives them, are used as weights of the mean).
    Mean,
    /// The lowest indicator grade.
    Minimum,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeThresholds {
    /// grade ≥ achieved → *raggiunto*.
    pub achieved: f64,
    /// grade ≥ partially → *parzialmente raggiunto*; below → *non raggiunto*.
    pub partially: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingPolicy {
    /// A target with no data counts as 0 (and is flagged "non rendicontato").
    Zero,
    /// A target with no data leaves the averages (and is flagged).
    Exclude,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RewardBand {
    /// Lower bound (inclusive) of the Area grade for this band.
    pub min_grade: f64,
    pub share: RewardShare,
    /// Italian label of the band, e.g. "Fascia 2 (60–90%)".
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum RewardShare {
    /// A fixed share of the *retribuzione di risultato* (0–1).
    Fixed(f64),
    /// Share equal to the Area grade.
    Proportional,
}

// ------------------------------------------------------------ scorecard ---

/// Outcome class of a grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Achieved,
    PartiallyAchieved,
    NotAchieved,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Achieved => "Raggiunto",
            Outcome::PartiallyAchieved => "Parzialmente raggiunto",
            Outcome::NotAchieved => "Non raggiunto",
        }
    }
}

/// Why a grade is or is not in the averages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "reason", rename_all = "snake_case")]
pub enum Standing {
    /// Graded and counted.
    Scored,
    /// The condition of applicability did not occur.
    NotApplicable(String),
    /// Declared *non valutabile*, with the reason: left out of the averages.
    Neutralised(String),
    /// No data from the Area (*non rendicontato*); counted per [`MissingPolicy`].
    NotReported,
}

/// A grade correction by the Nucleo di Valutazione.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correction {
    /// The grade the Nucleo sets (fraction 0–1).
    pub grade: f64,
    pub motivation: String,
}

/// Grade of one target of one indicator for one Area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetScore {
    pub target: usize,
    /// `None` when not graded (not applicable, neutralised, not reported
    /// under [`MissingPolicy::Exclude`]).
    pub grade: Option<f64>,
    pub standing: Standing,
    /// Italian sentence: the rule applied and the values used.
    pub explanation: String,
    /// What the Area reported for this target, if anything.
    pub entry: Option<Entry>,
}

/// Grade of one indicator for one Area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorScore {
    pub indicator: IndicatorId,
    pub area: AreaId,
    /// Per-indicator weight for this Area, when the plan gives one.
    pub weight: Option<f64>,
    pub targets: Vec<TargetScore>,
    /// The grade computed from the Area's data (self-assessment).
    pub computed: Option<f64>,
    /// After the Nucleo's correction, if any; otherwise equal to `computed`.
    pub grade: Option<f64>,
    pub outcome: Option<Outcome>,
    pub standing: Standing,
    pub proposed: Option<ProposedStatus>,
    pub correction: Option<Correction>,
    /// The Nucleo's motivation when it confirmed the Area's proposal.
    pub confirmation: Option<String>,
    /// A proposal of the Area the Nucleo has not decided on yet.
    pub pending: Option<PendingKind>,
    pub explanation: String,
    /// For several targets, how they combine («Media pesata delle 3 fasi
    /// valutate: 72%»), the last sentence of `explanation`.
    pub aggregate: Option<String>,
}

/// What kind of proposal waits for the Nucleo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingKind {
    /// A qualitative self-assessment (the grade shown is the Area's proposal).
    Qualitative,
    /// "Non applicabile" on an indicator without a condition in the plan:
    /// a request, graded as not reported until the Nucleo accepts it.
    NotApplicableRequest,
}

/// A decision the Nucleo still has to take, with what the Area proposed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PendingDecision {
    pub indicator: IndicatorId,
    pub area: AreaId,
    pub kind: PendingKind,
    /// The Area's proposal in words: "Raggiunto (100%)" or its reason.
    pub proposal: String,
}

/// Grade of one objective for one responsible Area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveAreaScore {
    pub area: AreaId,
    /// The Area's weight for this objective (`None`: unweighted project).
    pub weight: Option<f64>,
    pub indicators: Vec<IndicatorScore>,
    pub computed: Option<f64>,
    pub grade: Option<f64>,
    pub outcome: Option<Outcome>,
    pub standing: Standing,
    pub correction: Option<Correction>,
    pub explanation: String,
}

/// Grade of one objective, per Area and overall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveScore {
    pub objective: ObjectiveId,
    /// False for projects on variable resources (no weight): reported apart.
    pub weighted: bool,
    pub areas: Vec<ObjectiveAreaScore>,
    /// Weighted mean over the Areas (plain mean when unweighted).
    pub grade: Option<f64>,
    pub outcome: Option<Outcome>,
    pub standing: Standing,
}

/// Reward band an Area falls in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandResult {
    pub label: String,
    /// Share of the *retribuzione di risultato*, 0–1.
    pub share: f64,
}

/// Grade of one Area (or the Segretario generale).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaScore {
    pub area: AreaId,
    /// Σ weights of the objectives counted in the grade.
    pub total_weight: f64,
    /// Σ(weight × grade) ÷ Σ(weight); `None` with no weighted objective.
    pub grade: Option<f64>,
    /// Same, on self-assessed grades (before the Nucleo's corrections).
    pub computed: Option<f64>,
    pub outcome: Option<Outcome>,
    pub band: Option<BandResult>,
    /// True when the Area sent a form.
    pub reported: bool,
    pub explanation: String,
}

/// Counts of graded items by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OutcomeCounts {
    pub achieved: usize,
    pub partially_achieved: usize,
    pub not_achieved: usize,
    pub not_applicable: usize,
    pub neutralised: usize,
    pub not_reported: usize,
}

/// Everything graded for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub year: i32,
    /// Ente grade over every weighted (objective, Area) pair.
    pub grade: Option<f64>,
    pub computed: Option<f64>,
    pub outcome: Option<Outcome>,
    pub areas: Vec<AreaScore>,
    /// In plan order.
    pub objectives: Vec<ObjectiveScore>,
    /// Outcomes of the indicators (per Area).
    pub indicator_counts: OutcomeCounts,
    /// Outcomes of the weighted objectives (per Area).
    pub objective_counts: OutcomeCounts,
    /// The rules applied.
    pub rules: Rules,
    /// Proposals of the Areas the Nucleo has not decided on, in plan order.
    pub pending: Vec<PendingDecision>,
    /// Anomalies found while grading (missed target with no motivation…),
    /// and errors in the Nucleo's decisions that only grading reveals (a
    /// correction equal to the computed grade).
    pub warnings: Vec<Diagnostic>,
    /// Strategic objectives, in plan order (empty without a strategic level).
    pub strategic: Vec<StrategicScore>,
}

impl Scorecard {
    /// The Nucleo's corrections: of a unit's grade in an objective, and of
    /// an indicator's.
    pub fn corrections(&self) -> usize {
        self.objectives
            .iter()
            .flat_map(|o| &o.areas)
            .map(|a| {
                usize::from(a.correction.is_some())
                    + a.indicators
                        .iter()
                        .filter(|i| i.correction.is_some())
                        .count()
            })
            .sum()
    }

    /// The units' scores in the plan's order of units, then any the
    /// scorecard has that the plan lacks: the order every document lists
    /// them in.
    pub fn areas_in_plan_order(&self, plan: &crate::plan::Plan) -> Vec<&AreaScore> {
        let mut order: Vec<&AreaScore> = plan
            .areas
            .iter()
            .filter_map(|a| self.areas.iter().find(|s| s.area == a.id))
            .collect();
        for s in &self.areas {
            if !order.iter().any(|o| o.area == s.area) {
                order.push(s);
            }
        }
        order
    }
}

/// Grade of a strategic objective, aggregated from its operational objectives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategicScore {
    pub strategic: StrategicId,
    /// The operational objectives it aggregates, in plan order.
    pub objectives: Vec<ObjectiveId>,
    pub grade: Option<f64>,
    pub outcome: Option<Outcome>,
    /// Italian sentence: the rule applied and the grades used.
    pub explanation: String,
}
