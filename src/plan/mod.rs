//! The *Piano della performance*: the model ([`model`]) and its loading
//! from the human-editable TOML file, with every problem reported at once
//! (`load/`: syntax, units, objectives, targets); its summary and JSON form for `consuntivo piano`.
//!
//! Takes: the plan file (`piano-<anno>.toml`), or a plan table as offices
//! keep it (`import/`), and the ente's words (`vocab`). Gives: a validated
//! [`Plan`], its summary and JSON, its workbook (`export/`). Must not
//! touch: forms, results or grades; it stands below everything that
//! reads a plan (workbooks are opened through `crate::workbook`).

pub mod export;
pub mod import;
mod instrument;
mod json;
mod load;
mod model;
mod summary;

pub use instrument::{PlanNames, names, to_json as instrument_json};
pub use json::{JSON_FORMAT_VERSION, to_json};
pub use load::{ALL_AREAS_NOTE, load, load_in, parse, parse_in};
pub use model::*;
pub use summary::{count_lines, summary};

impl Objective {
    /// The weight of `area` in this objective: its weight in the
    /// objective's `responsabili`, or, when it has none there, the sum of
    /// its per-indicator weights; `None` when the plan gives it no weight.
    pub fn area_weight(&self, area: &AreaId) -> Option<f64> {
        if let Some(w) = self
            .areas
            .iter()
            .filter(|r| &r.area == area)
            .find_map(|r| r.weight)
        {
            return Some(w);
        }
        let weights: Vec<f64> = self
            .indicators
            .iter()
            .flat_map(|i| i.areas.iter().flatten())
            .filter(|r| &r.area == area)
            .filter_map(|r| r.weight)
            .collect();
        (!weights.is_empty()).then(|| weights.iter().sum())
    }
}

impl Plan {
    /// Total weight of `area` over the plan's objectives (see
    /// [`Objective::area_weight`]).
    pub fn area_total_weight(&self, area: &AreaId) -> f64 {
        // A fold from +0: `Iterator::sum` of no f64 is -0, which JSON and
        // spreadsheets print as "-0.0".
        self.objectives
            .iter()
            .filter_map(|o| o.area_weight(area))
            .fold(0.0, |a, w| a + w)
    }
}
