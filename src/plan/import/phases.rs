//! Tables as offices keep them beside the Allegato H layout: a phase
//! table («Obiettivo | Fase | Peso | Inizio | Fine | Settore |
//! Dirigente»), one row per phase of an objective, read as one indicator
//! with a `fase` target per row; the «Dirigente» column, the head of the
//! row's unit; and the columns a table's layout does not read, said.

use chrono::NaiveDate;

use crate::diag::Diagnostic;
use crate::plan::Target;

use super::draft::DIndicator;
use super::header::Role;
use super::reader::{At, Reader};
use super::units::Who;

/// Columns read only beside «Tipo traguardo» (the plan workbook's typed
/// targets), and those a phase table reads too.
const TYPED_ONLY: [Role; 3] = [Role::TargetValue, Role::TargetText, Role::Movable];
const PHASE_COLUMNS: [Role; 3] = [Role::TargetDate, Role::PhaseStart, Role::TargetNote];

impl Reader<'_> {
    /// Warns about the columns the table's layout does not read: a
    /// «Data» or «Inizio» without «Tipo traguardo» (nor «Fase»), a «Fase»
    /// beside «Tipo traguardo». What is written there is not lost unsaid.
    pub(super) fn unread_columns(&mut self, phases: bool) {
        let structured = self.table.col(Role::TargetKind).is_some();
        let unread: Vec<(usize, Role)> = self
            .table
            .columns
            .iter()
            .copied()
            .filter(|(_, r)| {
                (!structured && TYPED_ONLY.contains(r))
                    || (!structured && !phases && PHASE_COLUMNS.contains(r))
                    || (structured && *r == Role::Phase)
            })
            .collect();
        for (c, role) in unread {
            let heading = self.grid.text(self.table.header_row, c).to_string();
            let hint = if role == Role::Phase {
                "con la colonna «Tipo traguardo» ogni fase è una riga di tipo «fase», con il nome in «Descrizione traguardo»"
            } else {
                "la colonna vale solo con «Tipo traguardo» (come nel modello: consuntivo piano modello) o in una tabella di fasi (con la colonna «Fase»); altrimenti scrivere il traguardo nel Livello atteso"
            };
            self.diags.push(
                Diagnostic::warning(
                    self.at(self.table.header_row, c),
                    format!("la colonna «{heading}» non è letta in questa tabella"),
                )
                .with_hint(hint),
            );
        }
    }

    /// A phase's start and end in row `row` («Inizio fase» or «Inizio»,
    /// «Data» or «Fine»), each optional; `None` after an error.
    pub(super) fn phase_dates(
        &mut self,
        row: usize,
    ) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
        let mut dates = [None, None];
        for (slot, role) in dates.iter_mut().zip([Role::PhaseStart, Role::TargetDate]) {
            if let Some(d) = self.get(row, role) {
                *slot = Some(self.date(&d)?);
            }
        }
        Some((dates[0], dates[1]))
    }

    /// The phase in row `row` of a phase table: its name, «Inizio»,
    /// «Fine», «Peso» (the phase's weight in the objective) and «Nota
    /// traguardo» (what it delivers).
    pub(super) fn phase_target(&mut self, row: usize, name: &At) -> Option<Target> {
        let (start, end) = self.phase_dates(row)?;
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            self.error(
                name,
                format!(
                    "la fase «{}» finisce ({}) prima di cominciare ({})",
                    name.text,
                    e.format("%d/%m/%Y"),
                    s.format("%d/%m/%Y")
                ),
                "controllare le date di Inizio e Fine della riga",
            );
            return None;
        }
        let weight = match self.get(row, Role::Weight) {
            None => None,
            Some(w) => {
                let value = w.number.or_else(|| {
                    w.text
                        .trim()
                        .trim_end_matches('%')
                        .trim()
                        .replace(',', ".")
                        .parse::<f64>()
                        .ok()
                });
                match value.filter(|v| v.is_finite() && (0.0..=100.0).contains(v)) {
                    Some(v) => Some(v),
                    None => {
                        self.error(
                            &w,
                            format!("peso della fase non riconosciuto: «{}»", w.text),
                            "scrivere un numero da 0 a 100 (le fasi di un obiettivo pesano di solito 100 in tutto)",
                        );
                        return None;
                    }
                }
            }
        };
        Some(Target::Phase {
            name: name.text.split_whitespace().collect::<Vec<_>>().join(" "),
            start,
            end,
            weight,
            note: self.get(row, Role::TargetNote).map(|a| a.text),
        })
    }

    /// «Dirigente» beside the row's unit: that unit's head, when the
    /// plan does not name one yet; a different name is said, not taken.
    pub(super) fn unit_head(&mut self, head: &At, resp: Option<&At>) {
        let ids: Vec<String> = resp
            .and_then(|r| r.text.lines().next())
            .and_then(|l| self.line_units(l.trim()))
            .map(|(named, _)| {
                named
                    .into_iter()
                    .filter_map(|n| match n.who {
                        Who::Unit(id) => Some(id),
                        Who::All => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let [id] = ids.as_slice() else {
            self.diags.push(
                Diagnostic::warning(
                    self.at(head.row, head.col),
                    format!("«{}» non è letto: nella stessa riga non c'è una sola unità responsabile a cui attribuirlo", head.text),
                )
                .with_hint("scrivere il nome del responsabile nella riga dell'unità che dirige"),
            );
            return;
        };
        let Some(resp) = resp else { return };
        let Some(id) = self.unit(id, resp) else {
            return;
        };
        let name = head.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(u) = self.units.iter_mut().find(|u| u.id == id) else {
            return;
        };
        match &u.head {
            None => u.head = Some(name),
            Some(h) if *h == name => {}
            Some(h) => {
                let h = h.clone();
                self.diags.push(
                    Diagnostic::warning(
                        self.at(head.row, head.col),
                        format!(
                            "«{name}» non è letto: l'unità «{id}» ha già come responsabile «{h}»"
                        ),
                    )
                    .with_hint("scrivere per ogni unità un solo responsabile"),
                );
            }
        }
    }
}

/// The livello atteso of a phase table's indicator, as the phases say it:
/// «Analisi (dal 01/02/2025 al 31/03/2025, peso 20); Sviluppo (…)».
pub(super) fn phases_text(ind: &DIndicator) -> String {
    ind.targets
        .iter()
        .filter_map(|t| match &t.target {
            Target::Phase {
                name,
                start,
                end,
                weight,
                ..
            } => {
                let mut parts = Vec::new();
                match (start, end) {
                    (Some(s), Some(e)) => parts.push(format!(
                        "dal {} al {}",
                        s.format("%d/%m/%Y"),
                        e.format("%d/%m/%Y")
                    )),
                    (Some(s), None) => parts.push(format!("dal {}", s.format("%d/%m/%Y"))),
                    (None, Some(e)) => parts.push(format!("entro il {}", e.format("%d/%m/%Y"))),
                    (None, None) => {}
                }
                if let Some(w) = weight {
                    parts.push(format!("peso {}", crate::italian::number(*w, 2)));
                }
                Some(if parts.is_empty() {
                    name.clone()
                } else {
                    format!("{name} ({})", parts.join(", "))
                })
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("; ")
}
