//! `consuntivo piano importa`: a plan table as offices keep it (.xlsx,
//! .xls, .ods, .csv; the Allegato H layout *Obiettivo | Indicatore |
//! Livello atteso | Responsabile/i | Peso*, or the workbook written by
//! `piano modello` / `piano esporta`) turned into a plan TOML.
//!
//! The stages, one file each: `sheet` (cells, merges, hostile content),
//! `header` (finding the table and its columns), `side` (the workbook's
//! side sheets), `table` (rows to a [`Draft`]), `units` (responsible
//! units and weights), `targets` (typed targets from the livello atteso),
//! `toml_out` (the TOML text). The TOML is then loaded by [`crate::plan::parse`],
//! so an import gives exactly the plan the file will give.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::{self, Plan};
use crate::vocab::Vocabulary;

mod draft;
mod finish;
mod header;
pub(crate) mod names;
mod phases;
mod reader;
mod resp;
mod sheet;
pub(crate) mod side;
mod table;
mod targets;
mod toml_out;
mod typed;
mod unit_words;
mod units;
mod years;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_hostile;
#[cfg(test)]
mod tests_office;
#[cfg(test)]
mod tests_piao;

pub use draft::{Counts, DIndicator, DObjective, DResp, DTarget, Draft};
pub(crate) use header::Role;
pub use header::{UNIT_ROLES, WORKBOOK_COLUMNS, strategic_columns};
pub use sheet::plain_number as number_text;
pub use toml_out::{CHECK, count};
pub use typed::{TARGET_KIND_WORDS, YES_NO};
pub use units::top_official_id;

/// What the command line can add to what the file says.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The plan's year, when the file does not say it.
    pub year: Option<i32>,
    /// The ente's name, when the file does not say it.
    pub ente: Option<String>,
    pub vocab: Vocabulary,
}

#[derive(Debug, Clone)]
pub struct Imported {
    /// The plan file to write.
    pub toml: String,
    /// The plan that file gives.
    pub plan: Plan,
    pub counts: Counts,
    pub warnings: Diagnostics,
}

/// Reads the plan table in `path`. `target` names the TOML file to be
/// written (for messages about it).
pub fn import(
    path: &Path,
    target: &Path,
    options: &ImportOptions,
) -> Result<Imported, Diagnostics> {
    let (book, mut warnings) = sheet::read(path)?;
    let side = side::read(&book, &options.vocab, &mut warnings);
    let mut found = Diagnostics::new();
    let table = header::find(&book, &options.vocab, &mut found);
    let strategic = header::find_strategic(&book, &options.vocab, &mut found);
    warnings.extend(found);
    let Some(table) = table else {
        return Err(warnings);
    };
    side::unread_sheets(&book, &options.vocab, table.sheet, &mut warnings);
    if warnings.has_errors() {
        return Err(warnings);
    }
    // The warnings met so far go with the errors: nothing said is lost.
    let (draft, more) = table::draft(&book, table, strategic, &options.vocab, options, &side)
        .map_err(|errors| {
            let mut all = warnings.clone();
            all.extend(errors);
            all
        })?;
    warnings.extend(more);
    let toml = toml_out::write(&draft);
    // The plan file is read back with the inputs' size limit: a plan the
    // other commands would refuse is refused here, before it is written.
    if toml.len() as u64 > crate::input::MAX_TEXT_FILE {
        let mut all = warnings.clone();
        all.push(
            Diagnostic::error(
                Location::file(path),
                format!(
                    "il piano che risulterebbe dalla tabella ({} obiettivi, {} MB) supera il limite di {} MB dei file del piano",
                    crate::italian::number(draft.objectives.len() as f64, 0),
                    (toml.len() as u64).div_ceil(1024 * 1024),
                    crate::input::MAX_TEXT_FILE / (1024 * 1024)
                ),
            )
            .with_hint("controllare di aver scelto il file giusto: un piano ha di solito qualche decina di obiettivi"),
        );
        return Err(all);
    }
    let plan = plan::parse_in(&toml, target, &options.vocab).map_err(|errors| {
        let mut d = Diagnostics::from(
            Diagnostic::error(
                Location::file(path),
                "la tabella è stata letta, ma il piano che ne risulta non è valido (errori sotto, riferiti al file che sarebbe stato scritto)",
            )
            .with_hint("correggere la tabella nei punti indicati: ogni obiettivo del file TOML riporta in un commento la cella da cui viene"),
        );
        d.extend(errors);
        d
    })?;
    Ok(Imported {
        toml,
        plan,
        counts: draft.counts(),
        warnings,
    })
}
