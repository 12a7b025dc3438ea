//! The *Piano della performance*: the model ([`model`]) and its loading
//! from the human-editable TOML file, with every problem reported at once.

mod model;

pub use model::*;

use std::path::Path;

use crate::diag::Diagnostics;

/// Reads and validates a plan file.
pub fn load(path: &Path) -> Result<Plan, Diagnostics> {
    let _ = path;
    todo!("plan loader")
}

/// Italian summary for `consuntivo piano`: themes, objectives, indicators by
/// target kind, total weight per Area.
pub fn summary(plan: &Plan) -> String {
    let _ = plan;
    todo!("plan summary")
}

/// The documented, stable JSON shape printed by `consuntivo piano --json`.
pub fn to_json(plan: &Plan) -> serde_json::Value {
    let _ = plan;
    todo!("plan json")
}
