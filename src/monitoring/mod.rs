//! The mid-year monitoring (*monitoraggio intermedio*, art. 6 D.Lgs.
//! 150/2009): what the units reported at a check date, classified per
//! target and objective (in line, at risk, late), by unit and by theme,
//! with the plan changes they propose for the Giunta.
//!
//! Takes: the plan and the [`Check`] read by `forms`. Gives: the
//! [`Analysis`], its PDF (through `report::document`) and workbook. Must
//! not touch: the year-end results or grades.

pub use crate::results::check::{Check, CheckEntry, CheckReport, Forecast};
pub mod analysis;
pub mod document;
pub mod example;
pub mod xlsx;

pub use analysis::{Analysis, Standing, analyse};

#[cfg(test)]
mod tests;
