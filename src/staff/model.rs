//! The staff evaluation as plain data: the model read from the
//! `[personale]` section of `smvp.toml`, the staff file as checked, and the
//! computed evaluation of each person with the fund's split.
//!
//! These types are the contract with the outputs (schede, payment list,
//! public aggregates): fields may be added, never renamed.

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::Location;
use crate::plan::AreaId;

// ---------------------------------------------------------------- model ---

/// How a behaviour score on the comune's scale becomes points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conversion {
    /// points = max × score ÷ top of the scale (`"proporzionale"`).
    Proportional,
    /// points = max × (score − bottom) ÷ (top − bottom): the bottom of the
    /// scale gives 0 points (`"dal_minimo"`).
    FromBottom,
}

/// The scale the evaluators score behaviours on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    /// Lowest score (`scala_minimo`).
    pub min: f64,
    /// Highest score (`scala_massimo`).
    pub max: f64,
    /// How a score becomes points.
    pub conversion: Conversion,
}

impl Scale {
    /// The whole levels of the scale, lowest first (1, 2, … 5): one
    /// descriptor of the *dizionario dei comportamenti* each.
    pub fn levels(&self) -> Vec<f64> {
        let mut out = Vec::new();
        let mut x = self.min;
        while x <= self.max + 1e-9 {
            out.push(x);
            x += 1.0;
        }
        out
    }
}

/// A behaviour of a staff category, with its dictionary entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffBehaviour {
    /// Code used in the staff file (`id`).
    pub id: String,
    /// Name printed on the scheda (`nome`).
    pub name: String,
    /// Points at the top of the scale (`punti`).
    pub points: f64,
    /// One sentence per level of the scale, lowest first (`descrittori`):
    /// the *dizionario dei comportamenti* printed on the scheda.
    pub descriptors: Vec<String>,
}

/// A staff category (`[[personale.categoria]]`: an area of the CCNL
/// 2019-21) and the points of its parts, summing to 100.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    /// Code used in the staff file (`id`).
    pub id: String,
    /// Name printed on the scheda (`nome`).
    pub name: String,
    /// Points × the organisational grade of the person's unit
    /// (`punti_unita`).
    pub unit_points: f64,
    /// Points × the grade of the person's individual objectives
    /// (`punti_obiettivi`; 0: not a part for this category).
    pub objective_points: f64,
    /// The behaviours judged by the evaluators.
    pub behaviours: Vec<StaffBehaviour>,
}

/// A band of the score out of 100 (`[[personale.fascia]]`), ascending.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffBand {
    /// Lowest score of the band, out of 100, inclusive (`da`).
    pub from: f64,
    /// Printed label (`etichetta`).
    pub label: String,
    /// The band's coefficient in the split by band (`coefficiente`).
    pub coefficient: f64,
}

/// What a person's share of the fund is proportional to (`ripartizione`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitRule {
    /// score × part-time × days (`"punteggio"`).
    Score,
    /// band coefficient × part-time × days (`"fascia"`).
    Band,
}

/// What happens to the share of a person below `punteggio_minimo`
/// (`sotto_minimo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BelowMinimum {
    /// The person has no weight: the whole fund goes to the others
    /// (`"ridistribuisci"`).
    Redistribute,
    /// The share the person would have had is saved, not paid to anyone
    /// (`"economia"`).
    Save,
}

/// How many people may receive the art. 81 bonus.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "tipo", content = "valore", rename_all = "snake_case")]
pub enum BonusQuota {
    /// At most this percent of the staff evaluated, rounded down
    /// (`quota_personale`).
    Percent(f64),
    /// At most this many people (`persone`).
    Persons(u32),
}

/// A tie at the bonus threshold (`parita`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TieRule {
    /// The places left are shared equally among all the tied: each gets
    /// bonus × places left ÷ tied (`"ripartisci"`).
    Share,
    /// If the tied do not all fit, none of them gets it (`"escludi"`).
    Exclude,
}

/// The differentiated bonus of art. 81 CCNL 16/11/2022
/// (`[personale.maggiorazione]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BonusRule {
    /// Percent of the average per-capita premium, at least 30
    /// (`percentuale`).
    pub percent: f64,
    /// How many may receive it.
    pub quota: BonusQuota,
    /// The tie rule at the threshold.
    pub tie: TieRule,
    /// Where the quota is written, for the error of a quota nobody can
    /// satisfy.
    #[serde(skip)]
    pub at: Location,
}

/// The lowest bonus art. 81 CCNL 16/11/2022 allows, percent of the
/// average premium.
pub const BONUS_MIN_PERCENT: f64 = 30.0;

/// The `[personale]` section of `smvp.toml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffModel {
    /// The behaviours' scale.
    pub scale: Scale,
    /// A score at either end of the scale needs a motivation
    /// (`motivazione_agli_estremi`).
    pub motivation_at_ends: bool,
    /// The categories, in the file's order.
    pub categories: Vec<Category>,
    /// Bands of the score out of 100, ascending, the first from 0.
    pub bands: Vec<StaffBand>,
    /// Below this score out of 100, no premium (`punteggio_minimo`).
    pub minimum_score: f64,
    /// What a share is proportional to.
    pub split: SplitRule,
    /// What happens to the share of a person below the minimum.
    pub below_minimum: BelowMinimum,
    /// The art. 81 bonus, when the integrativa provides it.
    pub bonus: Option<BonusRule>,
    /// Days after the communication (the *colloquio*) within which a
    /// review may be asked (`giorni_riesame`).
    pub review_days: i64,
    /// The behaviour of `[individuale.responsabile]` that judges a head's
    /// ability to evaluate (`comportamento_capacita_valutativa`): the
    /// differentiation figures are shown beside it.
    pub head_behaviour: Option<String>,
    /// Where the section starts.
    #[serde(skip)]
    pub at: Location,
}

impl StaffModel {
    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

// ---------------------------------------------------------------- input ---

/// The fund for the performance premiums (`[fondo]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fund {
    /// Euro, exact to the cent (`importo`).
    pub amount: f64,
    /// The act of the contrattazione integrativa that sets it (`atto`).
    pub act: Option<String>,
    #[serde(skip)]
    pub at: Location,
}

/// An evaluator declared in the staff file (`[[valutatore]]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluator {
    /// Who evaluates, as written on the scheda (`chi`).
    pub who: String,
    /// The unit this evaluator heads (`unita`), when a head: the unit
    /// whose head's scheda shows the differentiation figures.
    pub unit: Option<AreaId>,
    #[serde(skip)]
    pub at: Location,
}

/// One behaviour score given by one evaluator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffScore {
    /// The behaviour's id.
    pub behaviour: String,
    /// On the model's scale.
    pub score: f64,
    pub motivation: Option<String>,
    #[serde(skip)]
    pub at: Location,
}

/// One evaluator's judgement of a person (`[[persona.valutatore]]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    /// The evaluator (`chi`), one of the declared ones.
    pub who: String,
    /// Percent of this judgement in the person's scores (`peso`; 100 for a
    /// sole evaluator).
    pub weight: f64,
    /// One per behaviour of the person's category.
    pub scores: Vec<StaffScore>,
    #[serde(skip)]
    pub at: Location,
}

/// The outcome of a review (`esito`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewOutcome {
    /// Upheld: the review's scores replace the evaluators' (`"accolta"`).
    Upheld,
    /// Rejected: the scores stay (`"respinta"`).
    Rejected,
    /// Not decided yet: the payment list is not final (`"in_corso"`).
    Pending,
}

/// A request for review (*conciliazione*, `[persona.riesame]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// Date of the request (`richiesta`).
    pub requested: NaiveDate,
    /// The person's reasons (`motivi`).
    pub reasons: String,
    pub outcome: ReviewOutcome,
    /// New scores of the behaviours reviewed, when upheld (`punteggi`):
    /// each replaces that behaviour's combined score.
    pub scores: Vec<StaffScore>,
    /// Date of the decision (`data_esito`).
    pub decided: Option<NaiveDate>,
    #[serde(skip)]
    pub at: Location,
}

/// One person of the staff file (`[[persona]]`), checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffPerson {
    /// Name (confidential: never in the terminal nor in public files).
    pub name: String,
    /// The plan unit (`unita`).
    pub unit: AreaId,
    /// The category id (`categoria`).
    pub category: String,
    /// Percent of full time, above 0 and at most 100 (`part_time`).
    pub part_time: f64,
    /// Service days in the year (`giorni`, or the year less `assenze`).
    pub days: i64,
    /// Days of the year (365 or 366).
    pub year_days: i64,
    /// Grade of the individual objectives, 0–1 (`obiettivi`, written in
    /// percent), when the category has that part.
    pub objectives: Option<f64>,
    /// The evaluators' judgements, weights summing to 100.
    pub judgements: Vec<Judgement>,
    /// Date of the final interview (`colloquio`): the communication the
    /// review period runs from.
    pub interview: Option<NaiveDate>,
    /// The request for review, when made.
    pub review: Option<Review>,
    #[serde(skip)]
    pub at: Location,
}

/// The staff file `personale-<anno>.toml`, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffFile {
    /// The plan's year (`anno`).
    pub year: i32,
    pub fund: Fund,
    /// The declared evaluators, in the file's order.
    pub evaluators: Vec<Evaluator>,
    /// The persons, in the file's order.
    pub persons: Vec<StaffPerson>,
}

// --------------------------------------------------------------- output ---

/// Points over their maximum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Points {
    pub points: f64,
    pub max: f64,
}

/// One evaluator's part of a behaviour score, shown on the scheda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    /// The evaluator (`chi`).
    pub who: String,
    /// Percent.
    pub weight: f64,
    pub score: f64,
    pub motivation: Option<String>,
}

/// A behaviour on a person's scheda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BehaviourResult {
    pub id: String,
    pub name: String,
    /// Points at the top of the scale.
    pub max: f64,
    /// Each evaluator's score.
    pub components: Vec<Component>,
    /// The scores combined by weight, to the hundredth.
    pub combined: f64,
    /// The score set by an upheld review, when it changed this behaviour.
    pub reviewed: Option<f64>,
    /// The score that counts: `reviewed`, else `combined`.
    pub score: f64,
    /// Points of `score`.
    pub points: f64,
}

/// Why a score or the payment list is what it is: a value the outputs
/// print, never a panic.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "stato", content = "motivo", rename_all = "snake_case")]
pub enum Finality {
    /// Final: the payment list may go to the payroll office.
    Final,
    /// Not final, with the reason in Italian (no names).
    NotFinal(String),
}

impl Finality {
    pub fn is_final(&self) -> bool {
        matches!(self, Finality::Final)
    }
}

/// Whether and how a person got the art. 81 bonus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BonusStanding {
    /// No bonus rule, or below the ranking's threshold, or no premium.
    None,
    /// Within the places: the whole bonus.
    Full,
    /// Tied at the threshold under `"ripartisci"`: a share of the places left.
    SharedTie,
    /// Tied at the threshold under `"escludi"`: left out because the tied
    /// did not all fit.
    ExcludedTie,
}

/// A person's premium.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Premium {
    /// The person's weight in the split (score or band coefficient ×
    /// part-time × days ÷ year days); 0 without a premium.
    pub weight: f64,
    /// Share of the fund left after the bonuses, to the cent.
    pub base: f64,
    /// The art. 81 bonus, to the cent (0 without).
    pub bonus: f64,
    /// base + bonus.
    pub total: f64,
    pub bonus_standing: BonusStanding,
    /// Below `punteggio_minimo`: no premium.
    pub below_minimum: bool,
    /// The share saved, to the cent: under `sotto_minimo = "economia"`
    /// the share of a person below the minimum; when nobody has a premium
    /// (under either rule), everyone's share of the fund saved. The rows'
    /// `saved` add up to [`FundSplit::saved`].
    pub saved: f64,
}

/// One person's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffEvaluation {
    pub person: StaffPerson,
    /// The unit's name in the plan.
    pub unit_name: String,
    /// The category's name.
    pub category_name: String,
    /// The unit's organisational grade (0–1), from the scorecard; `None`
    /// while the unit has none.
    pub unit_grade: Option<f64>,
    /// `punti_unita` × the unit's grade.
    pub unit_part: Points,
    /// `punti_obiettivi` × the objectives' grade.
    pub objectives_part: Points,
    pub behaviours: Vec<BehaviourResult>,
    pub behaviours_part: Points,
    /// Out of 100, to the hundredth, with the evaluators' scores (before
    /// any review); `None` while the unit has no grade.
    pub first_score: Option<f64>,
    /// Out of 100, to the hundredth, after the review: the score that
    /// counts.
    pub score: Option<f64>,
    /// The band of `score`.
    pub band: Option<StaffBand>,
    /// The premium; `None` while the split cannot be made (see
    /// [`FundSplit::finality`]).
    pub premium: Option<Premium>,
    /// Scores at an end of the scale written without the motivation the
    /// SMVP requires: the scheda is a BOZZA (behaviour ids).
    pub missing_motivations: Vec<String>,
    /// Evaluators who have not judged this person yet (no scores in the
    /// file nor in their form): no score until they do, and the scheda is
    /// a BOZZA.
    pub missing_judgements: Vec<String>,
}

impl StaffEvaluation {
    /// A draft while a motivation is missing or the review is pending.
    pub fn is_draft(&self) -> bool {
        !self.missing_motivations.is_empty()
            || !self.missing_judgements.is_empty()
            || self
                .person
                .review
                .as_ref()
                .is_some_and(|r| r.outcome == ReviewOutcome::Pending)
    }
}

/// The fund's split as a whole: the figures the payment list and the
/// schede explain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundSplit {
    /// The fund (`[fondo] importo`).
    pub fund: f64,
    /// Saved under `sotto_minimo = "economia"`.
    pub saved: f64,
    /// fund − saved: what is paid.
    pub distributed: f64,
    /// Persons with a premium.
    pub with_premium: usize,
    /// Average per-capita premium: distributed ÷ persons with a premium,
    /// to the cent (the base of art. 81's bonus).
    pub average: f64,
    /// The bonus to each person within the places, to the cent (0 without
    /// a bonus rule).
    pub bonus_each: f64,
    /// Places the quota allows.
    pub places: usize,
    /// Persons tied at the threshold who did not all fit (0 when none).
    pub tied: usize,
    /// Places left for the tied.
    pub tied_places: usize,
    /// Sum of the bonuses paid.
    pub bonus_total: f64,
    /// Whether the list is final, and why not.
    pub finality: Finality,
}

/// The figures of one evaluator's differentiation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Differentiation {
    /// The evaluator (`chi`).
    pub who: String,
    /// The unit the evaluator heads, when declared.
    pub unit: Option<AreaId>,
    /// Persons evaluated.
    pub persons: usize,
    /// Distinct values, to the hundredth, of the behaviour part each
    /// person gets from this evaluator's own scores, rescaled to 100
    /// (`compute::judgement_out_of_100`): not the final scores.
    pub distinct: usize,
    /// Population standard deviation of those values, to the hundredth.
    pub std_dev: f64,
    /// Share of them (0–1, to 4 places) at or above the top band's
    /// threshold.
    pub top_band_share: f64,
}

/// Everything the staff evaluation computes for a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffResult {
    /// One per person, in the file's order.
    pub evaluations: Vec<StaffEvaluation>,
    pub split: FundSplit,
    /// One per evaluator with at least one person, in the file's order.
    pub differentiation: Vec<Differentiation>,
    /// While the list is not final, what to do, one suggestion per reason
    /// of [`FundSplit::finality`] (`compute::finality_hint`).
    pub not_final_hint: Option<String>,
}

impl StaffResult {
    /// The differentiation figures of the evaluator who heads `unit`.
    pub fn differentiation_of_unit(&self, unit: &AreaId) -> Option<&Differentiation> {
        self.differentiation
            .iter()
            .find(|d| d.unit.as_ref() == Some(unit))
    }

    /// The differentiation figures of an evaluator.
    pub fn differentiation_of(&self, who: &str) -> Option<&Differentiation> {
        self.differentiation.iter().find(|d| d.who == who)
    }
}
