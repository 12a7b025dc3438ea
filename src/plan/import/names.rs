//! The names the plan workbook's sheets go by, and how a heading or a
//! name read from a cell is compared ([`normalise`]). A leaf of the
//! importer: the readers of every sheet (`header.rs`, `side.rs`,
//! `table.rs`, `typed.rs`, `units.rs`, `years.rs`) and the workbook writer
//! (`plan::export`) take their names from here.

/// Names of the sheets, shared with the workbook writer.
pub const GENERAL_SHEET: &str = "Dati generali";
pub const THEMES_SHEET: &str = "Ambiti";
pub const TABLE_SHEET: &str = "Obiettivi";
pub(crate) use crate::xlsx_style::INSTRUCTIONS_SHEET;
pub const STRATEGIC_SHEET: &str = "Obiettivi strategici";

/// A heading or name as compared: lower case, accents folded, spaces
/// collapsed, a trailing `:` or `*` dropped.
pub fn normalise(s: &str) -> String {
    let folded: String = s
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' => 'a',
            'è' | 'é' => 'e',
            'ì' | 'í' => 'i',
            'ò' | 'ó' => 'o',
            'ù' | 'ú' => 'u',
            '’' => '\'',
            c => c,
        })
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([':', '*', ' '])
        .to_string()
}
