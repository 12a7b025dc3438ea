//! Completing an objective once its rows are read: its units and
//! weights (objective- or indicator-level), targets from the livello
//! atteso where the table did not type them, other years' targets, and
//! the checks that need the whole objective or table.

use crate::diag::{Diagnostic, Location};

use super::draft::{DIndicator, DObjective, DTarget};
use super::header::Role;
use super::reader::{Reader, RespCells};
use super::targets::parse_expected;
use super::years;

impl Reader<'_> {
    pub(super) fn finish_objective(
        &mut self,
        mut o: DObjective,
        cells: Vec<RespCells>,
        first_row: usize,
    ) -> DObjective {
        let objective_level = cells.len() == 1 && cells[0].row == first_row;
        if objective_level {
            let c = &cells[0];
            if let Some((list, funding)) = self.responsibilities(c.resp.as_ref(), c.weight.as_ref())
            {
                o.resp = list;
                if o.funding.is_none() {
                    o.funding = funding;
                }
            }
        } else {
            for c in &cells {
                if let Some((list, funding)) =
                    self.responsibilities(c.resp.as_ref(), c.weight.as_ref())
                {
                    if o.funding.is_none() {
                        o.funding = funding;
                    }
                    if let Some(ind) = o.indicators.get_mut(c.indicator) {
                        match &mut ind.resp {
                            Some(existing) => existing.extend(list),
                            None => ind.resp = Some(list),
                        }
                    }
                }
            }
        }
        // A phase table's indicator: its phases are its livello atteso.
        for ind in &mut o.indicators {
            let phases = !ind.targets.is_empty()
                && ind
                    .targets
                    .iter()
                    .all(|t| matches!(t.target, crate::plan::Target::Phase { .. }));
            if phases && ind.expected.is_empty() {
                ind.expected = super::phases::phases_text(ind);
                if ind.description.is_empty() {
                    ind.description = self.vocab.phase_indicator.clone();
                }
            }
        }
        // Targets from the livello atteso where the table did not type them.
        for ind in &mut o.indicators {
            let others = std::mem::take(&mut ind.year_texts);
            if ind.description.is_empty() {
                ind.description = ind.expected.lines().next().unwrap_or("").to_string();
                ind.checks
                    .push("indicatore senza descrizione: usato il livello atteso".into());
            }
            if ind.expected.is_empty() && ind.targets.is_empty() && ind.na_years.is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        Location {
                            file: Some(self.book.path.clone()),
                            sheet: Some(self.grid.name.clone()),
                            cell: ind.cell.rsplit(" › ").next().map(str::to_string),
                            ..Default::default()
                        },
                        format!(
                            "l'indicatore «{}» non ha un livello atteso per il {}",
                            ind.description, self.year
                        ),
                    )
                    .with_hint(format!("scrivere il livello atteso (es. «entro il 30/06/{0}», «almeno 10 partecipanti»), oppure «n.a.» se nel {0} l'indicatore non ha traguardi", self.year)),
                );
                continue;
            }
            if ind.targets.is_empty() && ind.na_years.is_empty() {
                self.type_expected(ind);
            }
            years::type_other_years(ind, others, self.year);
        }
        o.checks.append(&mut self.pending_checks);
        o.notes.append(&mut self.pending_notes);
        if self.strategic_mode {
            return o;
        }
        if o.indicators.is_empty() {
            let grid = self.grid;
            self.diags.push(
                Diagnostic::error(
                    self.at(first_row, 0),
                    format!("l'obiettivo «{}» non ha indicatori", o.title),
                )
                .with_hint(format!(
                    "scrivere almeno un indicatore nella colonna Indicatore ({})",
                    grid.name
                )),
            );
        }
        // Units written for each indicator without weights (a plan without
        // weights, as `piano esporta` writes it) under an objective with no
        // units of its own: they are each indicator's own list.
        if o.resp.is_empty() {
            for ind in &mut o.indicators {
                if ind.resp.is_none() {
                    ind.resp = ind.areas.take();
                }
            }
        }
        if o.resp.is_empty() && o.indicators.iter().any(|i| i.resp.is_none()) {
            self.diags.push(
                Diagnostic::error(
                    self.at(first_row, self.table.col(Role::Responsible).unwrap_or(0)),
                    format!("l'obiettivo «{}» non ha unità responsabili", o.title),
                )
                .with_hint(
                    "scrivere nella colonna Responsabile/i le unità e nella colonna Peso i pesi",
                ),
            );
        }
        let unweighted = o.resp.iter().all(|r| r.weight.is_none())
            && o.indicators
                .iter()
                .flat_map(|i| i.resp.iter().flatten())
                .all(|r| r.weight.is_none());
        if unweighted && o.funding.is_none() && !o.resp.is_empty() {
            self.unweighted.push((first_row, o.title.clone()));
        } else if !unweighted {
            self.weighted = true;
        }
        o
    }

    /// Targets of the plan year from the livello atteso ("n.a.": none).
    fn type_expected(&self, ind: &mut DIndicator) {
        if years::not_applicable(&ind.expected) {
            ind.na_years.push(self.year);
            return;
        }
        let parsed = parse_expected(&ind.expected, self.year, &ind.description);
        let cell = ind.expected_cell.clone().unwrap_or_default();
        if ind.condition.is_none() {
            ind.condition = parsed.condition;
        }
        for t in parsed.targets {
            ind.targets.push(DTarget {
                target: t.target,
                year: None,
                source: Some(format!("{cell}: «{}»", t.words.replace('\n', " "))),
                check: t.check,
            });
        }
        for l in parsed.leftovers {
            ind.checks.push(format!(
                "parole del livello atteso non tradotte in un traguardo: «{l}»"
            ));
        }
    }

    /// A table that gives weights gives them to every objective (but
    /// those funded apart); a table without any weight is a plan without
    /// weights, left to the SMVP's `[pesi_mancanti]` rule.
    pub(super) fn check_weights(&mut self) {
        if !self.weighted {
            return;
        }
        let col = self.table.col(Role::Weight).unwrap_or(0);
        for (row, title) in std::mem::take(&mut self.unweighted) {
            self.diags.push(
                Diagnostic::error(self.at(row, col), format!("l'obiettivo «{title}» non ha peso"))
                    .with_hint("scrivere il peso nella colonna Peso (gli altri obiettivi lo hanno); se l'obiettivo è finanziato con altre risorse, scriverne la fonte (es. «Da finanziarsi con risorse variabili»)"),
            );
        }
    }
}
