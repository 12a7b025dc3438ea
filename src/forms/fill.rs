//! What a generated form carries beyond the plan: its settings (deadline,
//! contact, vocabulary, password, year-end or monitoring) and the input
//! cells prefilled for examples and tests. The writer (`write.rs`), the data
//! sheet (`data_sheet.rs`) and the monitoring variant
//! (`write_monitoring.rs`) all read these; this file reads none of them.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::{AreaId, IndicatorId, Plan};
use crate::results::Entry;
use crate::vocab::Vocabulary;

use super::layout::{self, Column, FormKind, RowSpec};

/// What goes in an input cell of a prefilled form.
#[derive(Debug, Clone, PartialEq)]
pub enum CellInput {
    Text(String),
    Number(f64),
    /// A percentage, 0–100, written as a fraction formatted as percentage
    /// (so 0,5% is not read back as 50%).
    Percent(f64),
    Date(NaiveDate),
    /// A formula with its cached result: only tests write one, to play a
    /// user who typed `=1/0`; prefilled forms never contain formulas.
    #[cfg_attr(not(test), allow(dead_code))]
    Formula(String, String),
}

/// Input cells to fill, by row code (see [`layout::row_code`]) and column.
pub type Fill = BTreeMap<(String, Column), CellInput>;

/// Settings of the generated forms that are not in the plan.
#[derive(Debug, Clone, Default)]
pub struct FormSettings {
    /// Date by which the units return the form; default 31 March of the
    /// following year.
    pub deadline: Option<NaiveDate>,
    /// Who to ask; default the vocabulary's contact office.
    pub contact: Option<String>,
    /// The ente's words for its units and roles.
    pub vocab: Vocabulary,
    /// Protect the sheet with this password (none by default, so anyone
    /// can unprotect it if really needed).
    pub password: Option<String>,
    /// A monitoring form for a check at this date, instead of the year-end
    /// form.
    pub monitoring: Option<NaiveDate>,
}

impl FormSettings {
    pub fn kind(&self) -> FormKind {
        match self.monitoring {
            Some(d) => FormKind::Monitoring(d),
            None => FormKind::YearEnd,
        }
    }
}

/// Builds the input cells of `area`'s form from entries (value as
/// reported, percentages 0–100): the reverse of the reader.
pub fn fill_from_entries(
    plan: &Plan,
    area: &AreaId,
    entries: &[Entry],
) -> Result<Fill, Diagnostics> {
    fill_rows(
        plan,
        area,
        entries,
        |e| (&e.indicator, e.target),
        |row, e, put| {
            if let Some(d) = &e.date {
                put(Column::Date, CellInput::Date(d.value));
            }
            if let Some(v) = &e.value {
                let cell = if row.target().kind().value_is_percent() {
                    CellInput::Percent(v.value)
                } else {
                    CellInput::Number(v.value)
                };
                put(Column::Value, cell);
            }
            if let Some(b) = &e.done {
                put(
                    Column::Done,
                    CellInput::Text(if b.value { "Sì" } else { "No" }.into()),
                );
            }
            if let Some(s) = &e.status {
                put(Column::Status, CellInput::Text(s.value.label().into()));
            }
            if let Some(t) = &e.evidence {
                put(Column::Evidence, CellInput::Text(t.value.clone()));
            }
            if let Some(t) = &e.notes {
                put(Column::Notes, CellInput::Text(t.value.clone()));
            }
            if let Some(t) = &e.motivation {
                put(Column::Motivation, CellInput::Text(t.value.clone()));
            }
        },
    )
}

/// The input cells of `area`'s form from any kind of entry: finds each
/// entry's row by indicator and target, and lets `cells` fill that row. An
/// entry with no row in the form is an error, so a test or an example
/// never fills a form silently short.
pub(crate) fn fill_rows<E>(
    plan: &Plan,
    area: &AreaId,
    entries: &[E],
    at: impl Fn(&E) -> (&IndicatorId, usize),
    mut cells: impl FnMut(&RowSpec<'_>, &E, &mut dyn FnMut(Column, CellInput)),
) -> Result<Fill, Diagnostics> {
    let rows = layout::rows(plan, area);
    let mut fill = Fill::new();
    let mut diags = Diagnostics::new();
    for e in entries {
        let (indicator, target) = at(e);
        let Some(row) = rows
            .iter()
            .find(|r| &r.indicator.id == indicator && r.target == target)
        else {
            diags.push(Diagnostic::error(
                Location::default(),
                format!(
                    "l'indicatore {} (traguardo {}) non è nel modulo dell'unità {}",
                    indicator,
                    target + 1,
                    area
                ),
            ));
            continue;
        };
        let key = row.key();
        cells(row, e, &mut |col, v| {
            fill.insert((key.clone(), col), v);
        });
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(fill)
    }
}
