use consuntivo::diag::Diagnostics;
use consuntivo::opendata::{Comparison, OpenData};

use super::ente;
use crate::Common;

/// The comparison of this year's open data with the year before's, when
/// those are found, and the warnings met looking for them.
pub fn compare_with_previous(
    common: &Common,
    current: &OpenData,
) -> Result<(Option<Comparison>, Diagnostics), Diagnostics> {
    ente(common).compare_with_previous(current)
}
