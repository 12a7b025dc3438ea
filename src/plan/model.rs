//! The *Piano della performance* as plain data. Loading and validation live
//! in `load/`; every other module only reads these types.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }
    };
}

id_type!(
    /// Identifier of an Area (or of the Segretario generale, who is a
    /// responsible unit like an Area): `SG`, `I`, `II`… as written in the plan.
    AreaId
);
id_type!(
    /// Identifier of a strategic theme (*ambito*), e.g. `legalita`.
    ThemeId
);
id_type!(
    /// Identifier of an objective, e.g. `OB01`.
    ObjectiveId
);
id_type!(
    /// Identifier of a strategic objective (*obiettivo strategico* of the
    /// DUP), e.g. `S1`.
    StrategicId
);
id_type!(
    /// Identifier of an indicator, unique in the whole plan, e.g. `OB01.2`.
    IndicatorId
);

/// The kind of act, as written in `[piano] documento`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PlanInstrument {
    /// The «Performance» sub-section of the PIAO (art. 6 D.L. 80/2021),
    /// a three-year plan.
    Piao,
    /// The PEG, which unifies the *piano dettagliato degli obiettivi* and
    /// the performance plan (art. 169 c. 3-bis D.Lgs. 267/2000).
    Peg,
    /// A Giunta resolution assigning the objectives.
    Delibera,
}

impl PlanInstrument {
    /// The values accepted in `[piano] documento`, in the order the
    /// messages list them.
    pub const WRITTEN: [&'static str; 3] = ["PIAO", "PEG", "delibera"];

    /// Reads `[piano] documento`; case does not matter ("piao", "Delibera").
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "piao" => Some(Self::Piao),
            "peg" => Some(Self::Peg),
            "delibera" => Some(Self::Delibera),
            _ => None,
        }
    }

    /// As written in the plan file.
    pub fn written(self) -> &'static str {
        match self {
            Self::Piao => "PIAO",
            Self::Peg => "PEG",
            Self::Delibera => "delibera",
        }
    }
}

/// The whole plan of one ente for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub ente: Ente,
    pub year: i32,
    /// Title of the plan as adopted, e.g. "Allegato H: Piano e indicatori di Performance".
    pub title: String,
    /// The act that adopted the plan, if stated (e.g. "DGC n. 12 del 30/01/2023").
    pub adopted_by: Option<String>,
    /// The kind of act the plan is part of (`[piano] documento`); its
    /// words are in `instrument`. Not part of the fingerprint: it changes
    /// nothing a unit reports on, so forms stay valid when it is added.
    #[serde(skip)]
    pub document: Option<PlanInstrument>,
    pub areas: Vec<Area>,
    pub themes: Vec<Theme>,
    /// Strategic objectives (the level above the operational objectives),
    /// in the plan's order; empty when the plan has no strategic level.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strategic: Vec<StrategicObjective>,
    /// In the plan's order.
    pub objectives: Vec<Objective>,
}

/// A strategic objective (*obiettivo strategico*): graded from its
/// operational objectives; its own indicators, if any, describe it (they
/// are not reported on the forms).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategicObjective {
    pub id: StrategicId,
    pub title: String,
    pub description: Option<String>,
    pub indicators: Vec<Indicator>,
}

/// The public body (*ente*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ente {
    /// Full name, e.g. "Comune di Alzano Lombardo".
    pub name: String,
    /// Province code, e.g. "BG".
    pub province: Option<String>,
}

/// An organisational unit that answers for objectives (*Area*, or the
/// *Segretario generale*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Area {
    pub id: AreaId,
    /// Display name, e.g. "Area III Finanziaria".
    pub name: String,
    /// Offices (*uffici/servizi*) of the Area, e.g. ["ragioneria", "tributi"].
    pub offices: Vec<String>,
    /// Head of the Area (*responsabile*), if known.
    pub head: Option<String>,
    /// Declared in the plan (`vertice = true`) as the top official's own
    /// unit. Read it through [`Plan::top_official_unit`], which also covers
    /// plans that do not declare it. Not part of the fingerprint: it decides
    /// who signs and who is reminded, not what the forms ask, so declaring
    /// it after the forms went out leaves the returned forms valid.
    #[serde(skip)]
    pub top_official: bool,
}

/// A strategic theme (*ambito strategico*), e.g. "Legalità".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Theme {
    pub id: ThemeId,
    pub name: String,
}

/// One responsible unit of an objective or indicator, with its own weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Responsibility {
    pub area: AreaId,
    /// *Peso*; `None` when no weight is given (e.g. projects on variable resources).
    pub weight: Option<f64>,
    /// The wording of the plan about this unit, when it says more than the
    /// Area's name (e.g. "ufficio tributi", "con il coordinamento dell'Area III").
    pub note: Option<String>,
}

/// An objective (*obiettivo*).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    pub id: ObjectiveId,
    pub theme: ThemeId,
    pub title: String,
    /// Longer description, when the plan gives one after the title.
    pub description: Option<String>,
    /// Responsible units, each with its own weight. An indicator may narrow
    /// this list or give per-indicator weights (see [`Indicator::areas`]).
    pub areas: Vec<Responsibility>,
    /// Why the objective has no weight, e.g. "Da finanziarsi con risorse
    /// variabili Art. 79 CCNL 2019/2021…" or "da finanziarsi con Sanzioni CdS".
    pub funding: Option<String>,
    pub indicators: Vec<Indicator>,
    /// The strategic objective this operational objective serves, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategic: Option<StrategicId>,
    /// Indicators with no target in the plan year ("n.a." for that year):
    /// kept for the other years' context, never reported nor graded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dormant: Vec<Indicator>,
    /// The payment-times objective (art. 4-bis c.2 DL 13/2023): part of
    /// its heads' result pay depends on it. Not part of the fingerprint:
    /// it decides pay, not what the forms ask.
    #[serde(skip)]
    pub payment_times: Option<PaymentTimes>,
}

/// Where the plan flags its payment-times objective (`tempi_pagamento =
/// true`): on the whole objective, or on one of its indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentTimes {
    /// The flagged indicator; `None`: the whole objective.
    pub indicator: Option<IndicatorId>,
    /// The flag's place in the plan file.
    pub at: crate::diag::Location,
}

impl Objective {
    /// False for projects on variable resources (`funding`, no weight):
    /// graded but reported apart. An objective of a plan written without
    /// weights counts as weighted: the SMVP's weight rule gives it weights.
    pub fn is_weighted(&self) -> bool {
        self.funding.is_none() || self.has_weights()
    }

    /// True when some responsible unit has a weight written in the plan.
    pub fn has_weights(&self) -> bool {
        self.areas.iter().any(|r| r.weight.is_some())
            || self
                .indicators
                .iter()
                .any(|i| i.areas.iter().flatten().any(|r| r.weight.is_some()))
    }

    /// Areas that answer for at least one indicator of this objective, in
    /// plan order.
    pub fn responsible_areas(&self) -> Vec<&AreaId> {
        let mut out: Vec<&AreaId> = self.areas.iter().map(|r| &r.area).collect();
        for ind in &self.indicators {
            for r in ind.areas.iter().flatten() {
                if !out.contains(&&r.area) {
                    out.push(&r.area);
                }
            }
        }
        out
    }

    /// The units the payment-times rule applies to when this objective is
    /// flagged: the flagged indicator's units, or the objective's.
    pub fn payment_times_units(&self) -> Vec<&AreaId> {
        let Some(pt) = &self.payment_times else {
            return Vec::new();
        };
        match &pt.indicator {
            Some(id) => match self.indicators.iter().find(|i| &i.id == id) {
                Some(ind) => match &ind.areas {
                    Some(list) => list.iter().map(|r| &r.area).collect(),
                    None => self.areas.iter().map(|r| &r.area).collect(),
                },
                None => Vec::new(),
            },
            None => self.responsible_areas(),
        }
    }

    /// Indicators that `area` must report on.
    pub fn indicators_for<'a>(
        &'a self,
        area: &'a AreaId,
    ) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.indicators.iter().filter(move |ind| match &ind.areas {
            Some(list) => list.iter().any(|r| &r.area == area),
            None => self.areas.iter().any(|r| &r.area == area),
        })
    }
}

/// An indicator (*indicatore*) with its expected level (*livello atteso*).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub description: String,
    /// The *livello atteso* exactly as written in the plan.
    pub expected: String,
    /// The measurable targets the expected level holds; each is scored on
    /// its own. Never empty.
    pub targets: Vec<Target>,
    /// Condition of applicability, e.g. "Solo in caso di adesione
    /// all'avviso pubblico": when it did not occur the indicator is not
    /// applicable.
    pub condition: Option<String>,
    /// When present, the units that report on this indicator (a subset or
    /// a different list from the objective's), with per-indicator weights
    /// where the plan gives them. `None`: the objective's units.
    pub areas: Option<Vec<Responsibility>>,
    /// The starting value (*valore di partenza*) relative targets refer to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    /// Targets of the other years of a multi-year plan, in year order: not
    /// graded, printed as context. Empty `targets`: "n.a." for that year.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_years: Vec<YearTargets>,
    /// Expected success level (0–1) for this indicator: a grade is measured
    /// against it (0.8: reaching 80% counts as full success). `None`: the
    /// SMVP's rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<f64>,
    /// The unit that reports once for all the co-responsible units (*unità
    /// capofila*); the others do not report this indicator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<AreaId>,
    /// One result for all the co-responsible units (*risultato condiviso*):
    /// different values reported by them are flagged. Implied by `lead`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shared: bool,
    /// Descriptive metadata (formula, source, type…), never graded.
    #[serde(skip_serializing_if = "IndicatorMeta::is_empty")]
    pub meta: IndicatorMeta,
}

/// The starting value of an indicator (*baseline*).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    pub value: f64,
    /// The year the value refers to.
    pub year: Option<i32>,
    /// Where the value comes from (*fonte*).
    pub source: Option<String>,
}

/// The targets of one year other than the plan's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTargets {
    pub year: i32,
    /// Empty: no target that year ("n.a.").
    pub targets: Vec<Target>,
}

/// What a plan may say about an indicator besides its targets.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndicatorMeta {
    /// How it is computed (*formula di calcolo*).
    pub formula: Option<String>,
    /// Where the data come from (*fonte dei dati*).
    pub source: Option<String>,
    /// *Tipologia*: one of [`INDICATOR_TYPES`].
    pub kind: Option<String>,
    /// *Missione* and *programma* of the budget (*bilancio*), as written.
    pub mission: Option<String>,
    pub programme: Option<String>,
    /// PNRR measure, as written (e.g. "M1C1 Inv. 1.4.1").
    pub pnrr: Option<String>,
    /// UN Sustainable Development Goals, 1–17.
    pub sdg: Vec<u8>,
    /// *Dimensione*: one of [`INDICATOR_SCOPES`].
    pub scope: Option<String>,
}

/// The allowed *tipologie* of an indicator.
pub const INDICATOR_TYPES: &[&str] = &["output", "outcome", "efficienza", "efficacia", "qualita"];
/// The allowed *dimensioni* of an indicator's objective.
pub const INDICATOR_SCOPES: &[&str] = &["organizzativa", "individuale"];

impl IndicatorMeta {
    pub fn is_empty(&self) -> bool {
        *self == IndicatorMeta::default()
    }
}

/// One measurable target of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// Done by a date ("entro il 30/06/2023").
    Deadline {
        date: NaiveDate,
        /// When the deadline may move and under which condition ("o data
        /// successiva, in base alla definizione del nuovo contratto").
        movable: Option<String>,
        /// Why the date falls outside the plan year, when it does
        /// (a multi-year objective).
        note: Option<String>,
    },
    /// At least `value` ("almeno 2 giornate formative").
    Minimum { value: f64, unit: String },
    /// At most `value` ("richiami inferiori a n. 3": strict).
    Maximum {
        value: f64,
        unit: String,
        strict: bool,
    },
    /// A percentage to reach, 0–100 ("almeno il 90% delle presenze").
    Percentage { value: f64, of: String },
    /// Done or not done ("relazione finale alla G.C.").
    YesNo { what: String },
    /// Judged: the Area proposes a status, the Nucleo decides ("assenza di
    /// rilievi…", "rinvio ad indicatori di cui alla DGC n. 32…").
    Qualitative { criterion: String },
    /// A change from the indicator's baseline ("+10% rispetto al valore di
    /// partenza", "riduzione del 5%", "per un totale di 300.000"), or from
    /// the previous year's target ("+2 ulteriori" in 2026): graded as the
    /// share of the required change achieved.
    Change {
        /// The baseline value, copied from the indicator; or, with
        /// `previous`, the value the previous year's target asks.
        from: f64,
        /// The value to reach, computed from `from` and `change`.
        goal: f64,
        change: Change,
        unit: String,
        /// The year whose target `from` is, when the change is counted from
        /// the previous year's target (`rispetto = "anno_precedente"`)
        /// rather than from the baseline. Left out of the fingerprint when
        /// absent.
        #[serde(skip_serializing_if = "Option::is_none")]
        previous: Option<i32>,
    },
    /// A phase of a project, reported as % of progress ("fase 2: 70%").
    Phase {
        name: String,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        /// Weight of the phase in the indicator (often summing to 100);
        /// `None`: phases count equally.
        weight: Option<f64>,
        /// What the phase delivers or a note on it ("delibera di
        /// approvazione del progetto"), as written in the plan. Left out of
        /// the fingerprint when absent, so older plans keep theirs.
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

/// How a relative target is written.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "how", content = "amount", rename_all = "snake_case")]
pub enum Change {
    IncreasePercent(f64),
    IncreaseBy(f64),
    DecreasePercent(f64),
    DecreaseBy(f64),
    /// A final total to reach ("per un totale di 300.000").
    Total(f64),
}

impl Change {
    /// True for a reduction (by a percentage or an amount): its goal is a
    /// ceiling, not a floor.
    pub fn is_reduction(self) -> bool {
        matches!(self, Change::DecreasePercent(_) | Change::DecreaseBy(_))
    }

    /// The value to reach from `from`.
    pub fn goal(self, from: f64) -> f64 {
        match self {
            Change::IncreasePercent(p) => from + from * p / 100.0,
            Change::IncreaseBy(a) => from + a,
            Change::DecreasePercent(p) => from - from * p / 100.0,
            Change::DecreaseBy(a) => from - a,
            Change::Total(t) => t,
        }
    }

    /// The goal as people read it. A baseline that is a whole number and
    /// not money is a count ("autenticazioni", "corsi"): its goal is the
    /// first whole number that reaches the change (a 10% increase from 15
    /// asks for 17, since 16 falls short), never "16,5 corsi". Other goals
    /// are shown as computed.
    pub fn goal_shown(from: f64, goal: f64, unit: &str) -> f64 {
        let lower = unit.to_lowercase();
        let money = lower.contains('€') || lower.split_whitespace().any(|w| w == "euro");
        if money || from.fract() != 0.0 || goal.fract().abs() < 1e-9 {
            return goal;
        }
        // Beyond f64's exact integers, rounding says nothing more.
        if goal.abs() >= 9.0e15 {
            return goal.round();
        }
        if goal >= from {
            goal.ceil()
        } else {
            goal.floor()
        }
    }
}

impl Target {
    /// Stable machine name of the kind (also used in JSON and forms).
    pub fn kind(&self) -> TargetKind {
        match self {
            Target::Deadline { .. } => TargetKind::Deadline,
            Target::Minimum { .. } => TargetKind::Minimum,
            Target::Maximum { .. } => TargetKind::Maximum,
            Target::Percentage { .. } => TargetKind::Percentage,
            Target::YesNo { .. } => TargetKind::YesNo,
            Target::Qualitative { .. } => TargetKind::Qualitative,
            Target::Change { .. } => TargetKind::Change,
            Target::Phase { .. } => TargetKind::Phase,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Deadline,
    Minimum,
    Maximum,
    Percentage,
    YesNo,
    Qualitative,
    Change,
    Phase,
}

impl TargetKind {
    pub const ALL: [TargetKind; 8] = [
        TargetKind::Deadline,
        TargetKind::Minimum,
        TargetKind::Maximum,
        TargetKind::Percentage,
        TargetKind::YesNo,
        TargetKind::Qualitative,
        TargetKind::Change,
        TargetKind::Phase,
    ];

    /// Italian name, for users.
    pub fn label(self) -> &'static str {
        match self {
            TargetKind::Deadline => "scadenza",
            TargetKind::Minimum => "valore minimo",
            TargetKind::Maximum => "valore massimo",
            TargetKind::Percentage => "percentuale",
            TargetKind::YesNo => "sì/no",
            TargetKind::Qualitative => "qualitativo",
            TargetKind::Change => "variazione dal valore di partenza",
            TargetKind::Phase => "fase (avanzamento %)",
        }
    }

    /// Whether the value column holds a percentage (formatted and read as %).
    pub fn value_is_percent(self) -> bool {
        matches!(self, TargetKind::Percentage | TargetKind::Phase)
    }

    /// Whether the target is measured by the value column.
    pub fn takes_value(self) -> bool {
        matches!(
            self,
            TargetKind::Minimum
                | TargetKind::Maximum
                | TargetKind::Percentage
                | TargetKind::Change
                | TargetKind::Phase
        )
    }
}

/// How many indicators and targets a plan holds, counted one way for every
/// summary (`piano`, `piano importa`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanCounts {
    /// The operational objectives' indicators, those with no target in the
    /// plan's year included.
    pub indicators: usize,
    /// Of those, the ones with no target in the plan's year («n.a.»).
    pub dormant: usize,
    /// The strategic objectives' own indicators (never reported).
    pub strategic_indicators: usize,
    /// The operational indicators' targets of the plan's year: what is
    /// graded.
    pub targets: usize,
    /// The operational indicators' targets of every year of the plan.
    pub all_years_targets: usize,
    /// The strategic indicators' targets of every year.
    pub strategic_targets: usize,
    /// The years the plan's targets cover, first and last.
    pub years: (i32, i32),
}

impl Plan {
    /// The plan's indicators and targets, counted as [`PlanCounts`] says.
    pub fn counts(&self) -> PlanCounts {
        let mut c = PlanCounts {
            years: (self.year, self.year),
            ..PlanCounts::default()
        };
        let mut years = |i: &Indicator| {
            for y in &i.other_years {
                c.years.0 = c.years.0.min(y.year);
                c.years.1 = c.years.1.max(y.year);
            }
        };
        let all_years = |i: &Indicator| {
            i.targets.len() + i.other_years.iter().map(|y| y.targets.len()).sum::<usize>()
        };
        for o in &self.objectives {
            for i in o.indicators.iter().chain(&o.dormant) {
                years(i);
                c.all_years_targets += all_years(i);
            }
            c.indicators += o.indicators.len() + o.dormant.len();
            c.dormant += o.dormant.len();
            c.targets += o.indicators.iter().map(|i| i.targets.len()).sum::<usize>();
        }
        for s in &self.strategic {
            for i in &s.indicators {
                years(i);
                c.strategic_targets += all_years(i);
            }
            c.strategic_indicators += s.indicators.len();
        }
        c
    }

    pub fn area(&self, id: &AreaId) -> Option<&Area> {
        self.areas.iter().find(|a| &a.id == id)
    }

    pub fn theme(&self, id: &ThemeId) -> Option<&Theme> {
        self.themes.iter().find(|t| &t.id == id)
    }

    pub fn strategic_objective(&self, id: &StrategicId) -> Option<&StrategicObjective> {
        self.strategic.iter().find(|s| &s.id == id)
    }

    pub fn objective(&self, id: &ObjectiveId) -> Option<&Objective> {
        self.objectives.iter().find(|o| &o.id == id)
    }

    /// The indicator and the objective it belongs to.
    pub fn indicator(&self, id: &IndicatorId) -> Option<(&Objective, &Indicator)> {
        self.objectives
            .iter()
            .find_map(|o| o.indicators.iter().find(|i| &i.id == id).map(|i| (o, i)))
    }

    /// The top official's own unit (the Segretario's objectives), whose
    /// head is the top official: the unit declared `vertice = true` or,
    /// when none is, the one named exactly (ignoring case and surrounding
    /// spaces) like the top official in the ente's vocabulary. Every output
    /// that treats that unit apart asks here, so none guesses differently.
    pub fn top_official_unit(&self, vocab: &crate::vocab::Vocabulary) -> Option<&Area> {
        self.areas.iter().find(|a| a.top_official).or_else(|| {
            let title = vocab.top_official.singular.trim().to_lowercase();
            self.areas
                .iter()
                .find(|a| a.name.trim().to_lowercase() == title)
        })
    }

    /// Whether `area` is [the top official's own unit](Self::top_official_unit).
    pub fn is_top_official_unit(&self, area: &AreaId, vocab: &crate::vocab::Vocabulary) -> bool {
        self.top_official_unit(vocab).is_some_and(|a| &a.id == area)
    }

    /// Whether `area` reports some indicator itself: one it answers for
    /// whose lead unit (*capofila*), if any, is `area`. A unit that only
    /// shares results its lead units report has no form to send.
    pub fn reports_itself(&self, area: &AreaId) -> bool {
        self.objectives_for(area).any(|o| {
            o.indicators_for(area)
                .any(|i| i.lead.as_ref().is_none_or(|l| l == area))
        })
    }

    /// Whether every unit weighs the same in every weighted objective: a
    /// plan written without weights (weighed by the SMVP's «uguali» rule)
    /// or one that gives them all one weight. The documents and `valuta`
    /// then say that the objectives count alike (and how many each unit
    /// has), instead of speaking of weights the plan did not set.
    pub fn equal_weights(&self) -> bool {
        let mut weights = self
            .objectives
            .iter()
            .filter(|o| o.is_weighted())
            .flat_map(|o| self.areas.iter().filter_map(|a| o.area_weight(&a.id)));
        let Some(first) = weights.next() else {
            return false;
        };
        weights.all(|w| (w - first).abs() < 1e-9)
    }

    /// The lead units (*capofila*) other than `area` that report some of
    /// `area`'s indicators for it, in plan order, each once: whose forms
    /// grade those indicators of `area`.
    pub fn leads_for(&self, area: &AreaId) -> Vec<AreaId> {
        let mut out: Vec<AreaId> = Vec::new();
        for o in self.objectives_for(area) {
            for l in o.indicators_for(area).filter_map(|i| i.lead.as_ref()) {
                if l != area && !out.contains(l) {
                    out.push(l.clone());
                }
            }
        }
        out
    }

    /// Objectives (in plan order) for which `area` reports at least one indicator.
    pub fn objectives_for<'a>(
        &'a self,
        area: &'a AreaId,
    ) -> impl Iterator<Item = &'a Objective> + 'a {
        self.objectives
            .iter()
            .filter(move |o| o.indicators_for(area).next().is_some())
    }
}

impl Plan {
    /// The payment-times objective (art. 4-bis c.2 DL 13/2023), when the
    /// plan flags one (the loader allows one at most).
    pub fn payment_times_objective(&self) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.payment_times.is_some())
    }

    /// The code of the payment-times objective or indicator, when the
    /// plan flags one: «OB06», «OB06.1».
    pub fn payment_times_code(&self) -> Option<String> {
        let o = self.payment_times_objective()?;
        let pt = o.payment_times.as_ref()?;
        Some(
            pt.indicator
                .as_ref()
                .map_or(o.id.as_str(), |i| i.as_str())
                .to_string(),
        )
    }

    /// A short fingerprint of the plan's content (not of the file's bytes,
    /// so reformatting or re-commenting the TOML does not change it). Forms
    /// carry it so a form generated from another plan version is recognised.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_vec(self).expect("the plan model always serialises");
        let digest = Sha256::digest(&json);
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}
