//! The reader of one plan table: the sheet, its columns, the ente's words
//! and what has been met so far (units, themes, strategic objectives,
//! weights). Its behaviour is split by concern: `table.rs` reads the rows
//! into objectives, `typed.rs` the typed columns, `resp.rs` units and
//! weights, `finish.rs` an objective once its rows are read; all of them
//! build on this file, which builds on none of them.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Diagnostics;
use crate::vocab::Vocabulary;
use crate::workbook::cell_name;

use super::draft::DObjective;
use super::header::Table;
use super::sheet::{Book, Grid};
use super::side;
use super::units::Unit;

/// A cell of the table with its location, for messages.
#[derive(Clone)]
pub(super) struct At {
    pub text: String,
    pub number: Option<f64>,
    pub row: usize,
    pub col: usize,
}

/// The responsible and weight cells met inside one objective.
pub(super) struct RespCells {
    pub row: usize,
    pub indicator: usize,
    pub resp: Option<At>,
    pub weight: Option<At>,
}

pub struct Reader<'a> {
    pub(super) book: &'a Book,
    pub(super) grid: &'a Grid,
    pub(super) table: Table,
    pub(super) vocab: &'a Vocabulary,
    pub(super) year: i32,
    pub diags: Diagnostics,
    /// Units from the units sheet (fixed) or met in the table.
    pub units: Vec<Unit>,
    pub(super) units_fixed: bool,
    pub themes: Vec<(String, String)>,
    /// Reading the strategic objectives' sheet: no themes, units or weights.
    pub(super) strategic_mode: bool,
    /// Strategic objectives known so far: from their sheet (fixed), or met
    /// in the «Obiettivo strategico» column of a table without that sheet.
    pub strategic: Vec<DObjective>,
    pub(super) strategic_fixed: bool,
    /// Objectives without weight nor funding (first row, title), and
    /// whether any objective has a weight.
    pub(super) unweighted: Vec<(usize, String)>,
    pub(super) weighted: bool,
    /// The words each unit is known by (`learn_unit_words`).
    pub(super) unit_words: BTreeMap<String, BTreeSet<String>>,
    /// (cell, reason) to mark `DA VERIFICARE` on the objective being read.
    pub(super) pending_checks: Vec<(String, String)>,
    /// Notes met in its cells for the objective being read.
    pub(super) pending_notes: Vec<String>,
}

impl<'a> Reader<'a> {
    pub fn new(
        book: &'a Book,
        table: Table,
        vocab: &'a Vocabulary,
        year: i32,
        side: &side::Side,
    ) -> Self {
        let grid = &book.sheets[table.sheet];
        Reader {
            book,
            grid,
            table,
            vocab,
            year,
            diags: Diagnostics::new(),
            units_fixed: !side.units.is_empty(),
            units: side.units.clone(),
            themes: side.themes.clone(),
            strategic_mode: false,
            strategic: Vec::new(),
            strategic_fixed: false,
            unweighted: Vec::new(),
            weighted: false,
            unit_words: BTreeMap::new(),
            pending_checks: Vec::new(),
            pending_notes: Vec::new(),
        }
    }
}

/// Sheet-relative label of a cell, "Obiettivi › J12", for TOML comments.
pub(super) fn label(grid: &Grid, row: usize, col: usize) -> String {
    format!("{} › {}", grid.name, cell_name(row as u32, col as u32))
}
