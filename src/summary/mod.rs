//! The consolidated xlsx summary (Riepilogo performance) for the
//! Segretario and the Nucleo.

use crate::diag::Diagnostics;
use crate::plan::Plan;
use crate::results::Results;
use crate::scoring::Scorecard;

/// The workbook's bytes; its file name is
/// `<anno>/Riepilogo performance <anno>.xlsx` under the output directory.
pub fn render(
    plan: &Plan,
    results: &Results,
    scorecard: &Scorecard,
    warnings: &Diagnostics,
) -> Result<Vec<u8>, Diagnostics> {
    let _ = (plan, results, scorecard, warnings);
    todo!("summary")
}
