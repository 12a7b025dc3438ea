use consuntivo::diag::Diagnostics;
use consuntivo::opendata::{self, Comparison, OpenData, previous};
use consuntivo::report;

use crate::Common;

/// The comparison of this year's open data with the year before's, when
/// those are found (see `opendata::previous` for where), and the warnings
/// met looking for them.
pub fn compare_with_previous(
    common: &Common,
    current: &OpenData,
) -> Result<(Option<Comparison>, Diagnostics), Diagnostics> {
    let (config, _) = report::load_config(&common.ingressi)?;
    let lookup = previous::Lookup {
        year: current.year,
        inputs: &common.ingressi,
        outputs: &common.uscite,
        configured: config.anno_precedente.as_deref(),
    };
    let (found, warnings) = previous::find(&lookup)?;
    Ok((
        found.map(|p| opendata::compare::compare(current, &p)),
        warnings,
    ))
}
