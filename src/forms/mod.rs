//! Area forms: one workbook per Area generated from the plan
//! (rust_xlsxwriter), and the filled workbooks read back (calamine) into
//! [`crate::results::Results`].

use std::path::Path;

use crate::diag::Diagnostics;
use crate::plan::{AreaId, Plan};
use crate::results::Results;

/// The workbook for `area`, as bytes, and its file name
/// (e.g. "2023 - Area III Finanziaria.xlsx").
pub fn generate(plan: &Plan, area: &AreaId) -> Result<(String, Vec<u8>), Diagnostics> {
    let _ = (plan, area);
    todo!("form generation")
}

/// Reads every form in `dir`. Warnings are returned with the results;
/// errors make the whole read fail.
pub fn read_dir(plan: &Plan, dir: &Path) -> Result<(Results, Diagnostics), Diagnostics> {
    let _ = (plan, dir);
    todo!("form reading")
}
