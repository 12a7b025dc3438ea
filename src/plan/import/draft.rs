//! The plan as read from the table, before it is written as TOML: the
//! plan's shape plus where every piece came from and what to check.

use crate::plan::{Baseline, IndicatorMeta, Target};

use super::units::Unit;

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub year: i32,
    pub title: String,
    pub ente: String,
    pub province: Option<String>,
    pub document: Option<crate::plan::PlanInstrument>,
    pub adopted_by: Option<String>,
    /// The id of the payment-times objective or indicator
    /// (`tempi_pagamento = true`), checked to exist.
    pub payment_times: Option<String>,
    /// File name of the source, for the TOML header.
    pub source: String,
    pub units: Vec<Unit>,
    /// (id, name).
    pub themes: Vec<(String, String)>,
    /// Strategic objectives (no theme, no units), with their own indicators.
    pub strategic: Vec<DObjective>,
    pub objectives: Vec<DObjective>,
}

/// One row of a `responsabili` list; `area` is a unit id or "tutte".
#[derive(Debug, Clone, PartialEq)]
pub struct DResp {
    pub area: String,
    pub weight: Option<f64>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DObjective {
    pub id: String,
    pub theme: String,
    pub title: String,
    pub description: Option<String>,
    pub funding: Option<String>,
    pub resp: Vec<DResp>,
    /// `strategico`: the id of a strategic objective.
    pub strategic: Option<String>,
    pub indicators: Vec<DIndicator>,
    /// "Obiettivi › C5": where the objective starts.
    pub cell: String,
    /// Extra columns and remarks, written as comments.
    pub notes: Vec<String>,
    /// (cell, reason): what to check about the objective as a whole (a
    /// responsible unit recognised by its words with some doubt).
    pub checks: Vec<(String, String)>,
}

impl DObjective {
    /// An objective with its identity only; the reader fills the rest.
    pub fn new(id: String, theme: String, title: String, cell: String) -> Self {
        DObjective {
            id,
            theme,
            title,
            description: None,
            funding: None,
            resp: Vec::new(),
            strategic: None,
            indicators: Vec::new(),
            cell,
            notes: Vec::new(),
            checks: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DIndicator {
    pub id: String,
    pub description: String,
    pub expected: String,
    pub condition: Option<String>,
    /// `aree`: units narrowing the objective's, without weights (with
    /// their notes: under an objective without units of its own they are
    /// the indicator's own `responsabili`).
    pub areas: Option<Vec<DResp>>,
    /// Own `responsabili`, with per-indicator weights.
    pub resp: Option<Vec<DResp>>,
    pub targets: Vec<DTarget>,
    pub cell: String,
    /// A1 name of the livello atteso cell, for the targets' comments.
    pub expected_cell: Option<String>,
    pub notes: Vec<String>,
    /// Things to check about the indicator as a whole (words of the
    /// livello atteso that became no target).
    pub checks: Vec<String>,
    /// `successo`, in percent as the plan file writes it.
    pub success: Option<f64>,
    /// `capofila`: a unit id.
    pub lead: Option<String>,
    pub shared: bool,
    pub meta: IndicatorMeta,
    /// `base`: the starting value relative targets refer to.
    pub baseline: Option<Baseline>,
    /// Years marked "non applicabile" (the plan year included).
    pub na_years: Vec<i32>,
    /// Other years' livello atteso («Target 2026» columns), typed when
    /// the objective is complete.
    pub year_texts: Vec<YearText>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DTarget {
    pub target: Target,
    /// `anno`, for a year other than the plan's.
    pub year: Option<i32>,
    /// "J12: «entro il 30/06/2023»" for targets read from the livello
    /// atteso; `None` when the table typed it in its own columns.
    pub source: Option<String>,
    pub check: Option<String>,
}

/// Figures for the summary printed after an import.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Counts {
    pub units: usize,
    pub objectives: usize,
    pub strategic: usize,
    /// Operational and strategic indicators.
    pub indicators: usize,
    pub targets: usize,
    pub typed: usize,
    /// (indicator id, cell, reason) for everything marked DA VERIFICARE.
    pub to_check: Vec<(String, String, String)>,
}

impl Draft {
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            units: self.units.len(),
            objectives: self.objectives.len(),
            strategic: self.strategic.len(),
            ..Counts::default()
        };
        for o in self.strategic.iter().chain(&self.objectives) {
            for (cell, why) in &o.checks {
                c.to_check.push((o.id.clone(), cell.clone(), why.clone()));
            }
            for i in &o.indicators {
                c.indicators += 1;
                for t in &i.targets {
                    c.targets += 1;
                    match &t.check {
                        Some(why) => c.to_check.push((i.id.clone(), i.cell.clone(), why.clone())),
                        None => c.typed += 1,
                    }
                }
                for why in &i.checks {
                    c.to_check.push((i.id.clone(), i.cell.clone(), why.clone()));
                }
            }
        }
        c
    }
}

/// One year's livello atteso read in a «Target <anno>» column.
#[derive(Debug, Clone, PartialEq)]
pub struct YearText {
    pub year: i32,
    pub text: String,
    /// A1 name of its cell.
    pub cell: String,
}
