//! The individual evaluation as plain data: the model read from the
//! `[individuale]` section of `smvp.toml`, the evaluator's input, and the
//! computed evaluation of each person.

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::Location;
use crate::plan::AreaId;
use crate::scoring::RewardBand;

/// The role a person is evaluated in: each has its own model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Head of a unit (*Responsabile di Area*, EQ, *dirigente*).
    Head,
    /// The top official (*Segretario generale*), evaluated with a model of
    /// its own.
    TopOfficial,
}

impl Role {
    /// The key used in `smvp.toml` and in the evaluations file.
    pub fn key(self) -> &'static str {
        match self {
            Role::Head => "responsabile",
            Role::TopOfficial => "vertice",
        }
    }

    pub const ALL: [Role; 2] = [Role::Head, Role::TopOfficial];
}

/// How a behaviour score on the comune's scale becomes points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conversion {
    /// points = max × score ÷ top of the scale.
    Proportional,
    /// points = max × (score − bottom) ÷ (top − bottom): the bottom of the
    /// scale gives 0 points.
    FromBottom,
}

/// What a neutralised (or otherwise ungraded) objective does to the
/// objectives part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NeutralisedRule {
    /// Its points go to the other objectives, in proportion to their
    /// weights: the part keeps its maximum.
    Redistribute,
    /// Its points leave the maximum: the score out of 100 is computed on
    /// the smaller maximum.
    RemoveFromMax,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub conversion: Conversion,
}

/// A behaviour (*comportamento organizzativo*) judged on the scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Behaviour {
    pub id: String,
    pub name: String,
    /// Points at the top of the scale.
    pub points: f64,
}

/// How the *retribuzione di risultato* is computed from the band's share.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum PayRule {
    /// Each person has a maximum amount (in the evaluations file):
    /// amount = maximum × share × pro rata.
    PerPerson,
    /// A fund shared among the people of the role in proportion to
    /// share × score × pro rata (× *retribuzione di posizione* when
    /// `by_position`), to the cent.
    Fund { amount: f64, by_position: bool },
}

/// The model of one role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleModel {
    pub role: Role,
    /// Maximum points of the plan objectives (the plan's weights).
    pub objective_points: f64,
    /// Maximum points of the ente's overall grade (0: not a part).
    pub ente_points: f64,
    pub behaviours: Vec<Behaviour>,
    /// Score out of 100 → share; ascending, the first from 0.
    pub bands: Vec<RewardBand>,
    pub pay: PayRule,
}

/// The `[individuale]` section of `smvp.toml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    pub scale: Scale,
    /// A score at either end of the scale needs a motivation.
    pub motivation_at_ends: bool,
    pub neutralised: NeutralisedRule,
    pub roles: Vec<RoleModel>,
    /// `[individuale.tempi_pagamento]`: the share of the heads' result
    /// pay that depends on the payment-times objective.
    pub payment_times: Option<PaymentTimesRule>,
}

/// The payment-times rule (art. 4-bis, c. 2, DL 13/2023, L. 41/2023): at
/// least 30% of the result pay of the heads responsible for payments
/// depends on the payment-times objective, and is not paid when it is
/// missed. What is not paid is a saving: never shared among the others.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PaymentTimesRule {
    /// The share, in percent (30 to 100).
    pub share: f64,
    pub mode: GateMode,
}

/// The lowest share the law allows, in percent.
pub const PAYMENT_TIMES_MIN_SHARE: f64 = 30.0;

/// How the flagged objective's result decides the share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateMode {
    /// The share is paid when the objective is reached (the SMVP's
    /// «raggiunto»), nothing of it otherwise.
    AllOrNothing,
    /// The share × the objective's grade is paid.
    Proportional,
}

impl GateMode {
    /// The grade the rule works with: to the hundredth of a percent in
    /// proportional mode, so that the printed grade recomputes the
    /// withholding (1.505,46 × 30% × (1 − 93,33%) = 30,12); as it is for
    /// the threshold of all-or-nothing.
    pub fn grade_used(self, grade: f64) -> f64 {
        match self {
            GateMode::AllOrNothing => grade,
            GateMode::Proportional => (grade * 10_000.0).round() / 10_000.0,
        }
    }

    /// The grade as the rule's texts print it: to the hundredth of a
    /// percent (89,99%, never «90%» beside a share lost at 90%); in
    /// all-or-nothing, a grade just under a whole percent keeps the
    /// decimals that tell it from that percent (89,996%).
    pub fn grade_text(self, grade: f64) -> String {
        let g = self.grade_used(grade) * 100.0;
        let mut shown = crate::italian::number(g, 2);
        if self == GateMode::AllOrNothing {
            for d in 2..=6_i32 {
                shown = crate::italian::number(g, d as usize);
                let p = 10f64.powi(d);
                if shown.contains(',') || ((g * p).round() / p - g).abs() < 1e-9 {
                    break;
                }
            }
        }
        format!("{shown}%")
    }

    pub fn key(self) -> &'static str {
        match self {
            GateMode::AllOrNothing => "tutto_o_niente",
            GateMode::Proportional => "proporzionale",
        }
    }
}

/// The year's payment-times data, from `[tempi_pagamento]` of the
/// evaluations file: the PCC platform's annual delay indicator and the
/// revisori's check of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaymentTimesData {
    /// *Indicatore di ritardo annuale dei pagamenti*, in days (negative:
    /// paid early on average).
    pub delay_days: Option<f64>,
    /// The year the indicator refers to.
    pub year: Option<i32>,
    /// The organo di revisione's check: act and date.
    pub check: Option<(String, NaiveDate)>,
    #[serde(skip)]
    pub at: Location,
}

/// What the payment-times rule did to one head's result pay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaymentTimesGate {
    pub objective: String,
    pub title: String,
    /// The flagged indicator, when the flag is on one.
    pub indicator: Option<String>,
    /// The share, in percent.
    pub share: f64,
    pub mode: GateMode,
    /// The flagged objective's (or indicator's) grade for the head's unit.
    pub grade: Option<f64>,
    /// Reached under the SMVP's threshold for «raggiunto».
    pub reached: Option<bool>,
    /// The objective's (or indicator's) outcome under the SMVP's rules.
    pub outcome: Option<crate::scoring::Outcome>,
    /// The SMVP's threshold for «raggiunto» (0–1).
    pub threshold: f64,
    /// The result pay before the rule; `None` while it is not determined.
    pub gross: Option<f64>,
    /// The part of the share not paid (a saving); `None` while pending.
    pub withheld: Option<f64>,
    /// Whether the revisori's check is recorded.
    pub checked: bool,
    /// The verified PCC indicator shows a delay (more than 0 days): the
    /// payment terms were not kept, and the share is not paid whatever
    /// the objective's grade.
    pub late: bool,
    /// The flagged objective (or indicator) was neutralised or not
    /// applicable for the unit: the verified PCC indicator alone decides
    /// (no delay: paid; a delay: not paid).
    pub neutralised: bool,
}

impl Model {
    pub fn role(&self, role: Role) -> Option<&RoleModel> {
        self.roles.iter().find(|r| r.role == role)
    }
}

// ---------------------------------------------------------------- input ---

/// One behaviour score given by the evaluator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub behaviour: String,
    pub score: f64,
    pub motivation: Option<String>,
    #[serde(skip)]
    pub at: Location,
}

/// One person's evaluation as the evaluator wrote it (checked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub name: String,
    pub role: Role,
    pub unit: AreaId,
    /// Period in the role, within the year.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// *Retribuzione di posizione* (annual), when given.
    pub position_pay: Option<f64>,
    /// Maximum *retribuzione di risultato* (annual), for [`PayRule::PerPerson`].
    pub max_amount: Option<f64>,
    pub evaluator: Option<String>,
    pub date: Option<NaiveDate>,
    /// Notes of the person evaluated.
    pub notes: Option<String>,
    /// The person's own e-mail address, for the draft that sends the
    /// scheda; never printed, never published.
    #[serde(skip)]
    pub email: Option<String>,
    pub scores: Vec<Score>,
    #[serde(skip)]
    pub at: Location,
}

// --------------------------------------------------------------- output ---

/// Points of one objective on the head's scheda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectivePoints {
    pub id: String,
    pub title: String,
    /// The plan's weight for the unit.
    pub weight: f64,
    /// Points available for this objective (weight rescaled to the part's
    /// maximum; 0 when neutralised under [`NeutralisedRule::RemoveFromMax`]).
    pub max: f64,
    pub grade: Option<f64>,
    /// `None` when the objective was not graded (neutralised).
    pub points: Option<f64>,
    /// The grade's explanation, from the scorecard.
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BehaviourPoints {
    pub id: String,
    pub name: String,
    pub max: f64,
    pub score: Option<f64>,
    pub points: Option<f64>,
    pub motivation: Option<String>,
}

/// A part of the evaluation: points over its maximum.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Part {
    pub points: f64,
    pub max: f64,
}

/// The band and the pay of a final evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pay {
    pub band: String,
    /// Share of the band (0–1).
    pub share: f64,
    /// What the share applies to: the person's maximum, or the fund.
    pub base: Option<f64>,
    /// `None` while the amount cannot be final (a fund with someone's
    /// evaluation missing, or a missing maximum).
    pub amount: Option<f64>,
}

/// The computed evaluation of one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub person: Person,
    pub unit_name: String,
    pub objectives: Vec<ObjectivePoints>,
    pub objectives_part: Part,
    /// The ente's grade and its points, when the role has that part.
    pub ente: Option<(f64, Part)>,
    pub behaviours: Vec<BehaviourPoints>,
    pub behaviours_part: Part,
    /// Σ points, and the maximum they are out of (100 unless neutralised
    /// objectives left the maximum).
    pub total: Part,
    /// Out of 100, to the hundredth; `None` while a draft.
    pub score: Option<f64>,
    /// Days in the role ÷ days of the year.
    pub pro_rata: f64,
    pub days: i64,
    pub year_days: i64,
    pub pay: Option<Pay>,
    /// Why the evaluation is a draft (empty: final).
    pub missing: Vec<String>,
    /// Notes on the arithmetic (weights not summing to the part's maximum…).
    pub notes: Vec<String>,
    /// Why the role's fund is not split yet (a unit without evaluation,
    /// evaluations not concluded): the amount waits, whatever this
    /// evaluation's own state.
    pub fund_waits: Option<String>,
    /// The payment-times rule, for a head it applies to.
    pub payment_times: Option<PaymentTimesGate>,
}

impl Evaluation {
    pub fn is_final(&self) -> bool {
        self.missing.is_empty()
    }
}
