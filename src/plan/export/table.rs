//! The «Obiettivi» and «Obiettivi strategici» sheets: one row per target
//! (a year's "non applicabile" is a row too), objectives and indicators
//! merged over their rows, each in the columns the importer reads back.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Worksheet, XlsxError};

use crate::plan::import::names::{STRATEGIC_SHEET, TABLE_SHEET};
use crate::plan::import::{Role, TARGET_KIND_WORDS, WORKBOOK_COLUMNS, YES_NO, strategic_columns};
use crate::plan::{Change, Indicator, Objective, Plan, Responsibility, Target};
use crate::vocab::Vocabulary;

use super::{Formats, describe};

/// Character width of each column of the table.
fn width(role: Role) -> u16 {
    match role {
        Role::Objective | Role::Indicator | Role::Expected | Role::ObjectiveDescription => 40,
        Role::Responsible
        | Role::IndicatorResponsible
        | Role::TargetText
        | Role::Funding
        | Role::Formula
        | Role::DataSource
        | Role::Mission
        | Role::Programme
        | Role::BaselineSource => 28,
        Role::Lead | Role::Theme | Role::Strategic => 20,
        Role::TargetYear => 8,
        Role::TargetKind => 17,
        _ => 13,
    }
}

/// Lines `text` takes in a wrapped column `chars` wide (roughly: readers
/// that do not fit row heights themselves need them written).
pub(super) fn lines_in(text: &str, chars: u16) -> usize {
    let per_line = (chars as usize * 9 / 10).max(1);
    text.lines()
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum()
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// One table sheet being written: its columns (a role the sheet has no
/// column for is not written) and the lines each row needs.
pub(super) struct Sheet<'a> {
    ws: &'a mut Worksheet,
    columns: Vec<(Role, &'static str)>,
    fm: &'a Formats,
    needs: Vec<usize>,
}

impl<'a> Sheet<'a> {
    fn new(
        ws: &'a mut Worksheet,
        name: &str,
        columns: Vec<(Role, &'static str)>,
        fm: &'a Formats,
    ) -> Result<Self, XlsxError> {
        ws.set_name(name)?;
        for (i, (role, heading)) in columns.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, *heading, &fm.header)?;
            ws.set_column_width(i as u16, width(*role))?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.set_landscape();
        ws.set_paper_size(8);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        ws.set_row_height(0, 30)?;
        Ok(Sheet {
            ws,
            columns,
            fm,
            needs: Vec::new(),
        })
    }

    pub(super) fn col(&self, role: Role) -> Option<u16> {
        self.columns
            .iter()
            .position(|(r, _)| *r == role)
            .map(|c| c as u16)
    }

    /// Writes `text` into a cell, merged down to `last` when it spans
    /// rows, and records how many lines each of those rows needs.
    fn text(&mut self, first: u32, last: u32, role: Role, text: &str) -> Result<(), XlsxError> {
        let Some(c) = self.col(role) else {
            return Ok(());
        };
        let span = (last - first + 1) as usize;
        let per_row = lines_in(text, width(role)).div_ceil(span);
        if self.needs.len() <= last as usize {
            self.needs.resize(last as usize + 1, 1);
        }
        for r in first..=last {
            self.needs[r as usize] = self.needs[r as usize].max(per_row);
        }
        if last > first {
            self.ws
                .merge_range(first, c, last, c, text, &self.fm.text)?;
        } else {
            self.ws
                .write_string_with_format(first, c, text, &self.fm.text)?;
        }
        Ok(())
    }

    /// A number, merged down to `last`.
    fn number(&mut self, first: u32, last: u32, role: Role, x: f64) -> Result<(), XlsxError> {
        let Some(c) = self.col(role) else {
            return Ok(());
        };
        let f = if matches!(role, Role::TargetYear | Role::BaselineYear) {
            &self.fm.year
        } else {
            &self.fm.number
        };
        if last > first {
            self.ws.merge_range(first, c, last, c, "", f)?;
        }
        self.ws.write_number_with_format(first, c, x, f)?;
        Ok(())
    }

    fn date(&mut self, row: u32, role: Role, d: NaiveDate) -> Result<(), XlsxError> {
        if let Some(c) = self.col(role) {
            self.ws
                .write_datetime_with_format(row, c, excel_date(d)?, &self.fm.date)?;
        }
        Ok(())
    }

    fn weight(
        &mut self,
        first: u32,
        last: u32,
        role: Role,
        w: Option<WeightCell>,
    ) -> Result<(), XlsxError> {
        match w {
            Some(WeightCell::Number(n)) => self.number(first, last, role, n),
            Some(WeightCell::Text(t)) => self.text(first, last, role, &t),
            None => self.text(first, last, role, ""),
        }
    }

    /// Row heights for readers that do not fit wrapped rows themselves.
    fn finish(self) -> Result<&'a mut Worksheet, XlsxError> {
        for (r, n) in self.needs.iter().enumerate().skip(1) {
            if *n > 1 {
                self.ws.set_row_height(r as u32, 15.0 * *n as f64)?;
            }
        }
        Ok(self.ws)
    }

    /// One target row: its year (other than the plan's), its kind and the
    /// columns that kind uses; `None` is "non applicabile".
    fn target(&mut self, row: u32, year: Option<i32>, t: Option<&Target>) -> Result<(), XlsxError> {
        for role in [
            Role::TargetYear,
            Role::TargetKind,
            Role::TargetValue,
            Role::TargetDate,
            Role::TargetText,
            Role::Movable,
            Role::TargetNote,
            Role::PhaseStart,
        ] {
            if let Some(c) = self.col(role) {
                self.ws.write_blank(row, c, &self.fm.text)?;
            }
        }
        if let Some(y) = year {
            self.number(row, row, Role::TargetYear, f64::from(y))?;
        }
        let Some(t) = t else {
            return self.text(row, row, Role::TargetKind, TARGET_KIND_WORDS[13]);
        };
        let (kind, value, text) = target_cells(t);
        self.text(row, row, Role::TargetKind, kind)?;
        if let Some(v) = value {
            self.number(row, row, Role::TargetValue, v)?;
        }
        if let Some(s) = text {
            self.text(row, row, Role::TargetText, s)?;
        }
        match t {
            Target::Deadline {
                date,
                movable,
                note,
            } => {
                self.date(row, Role::TargetDate, *date)?;
                for (role, s) in [(Role::Movable, movable), (Role::TargetNote, note)] {
                    if let Some(s) = s {
                        self.text(row, row, role, s)?;
                    }
                }
            }
            Target::Phase {
                start, end, note, ..
            } => {
                for (role, d) in [(Role::PhaseStart, start), (Role::TargetDate, end)] {
                    if let Some(d) = d {
                        self.date(row, role, *d)?;
                    }
                }
                if let Some(s) = note {
                    self.text(row, row, Role::TargetNote, s)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// An indicator's cells from `first`, one row per target of each year;
    /// returns the row after its last.
    fn indicator(
        &mut self,
        plan: &Plan,
        vocab: &Vocabulary,
        ind: &Indicator,
        first: u32,
    ) -> Result<u32, XlsxError> {
        let rows = target_rows(ind);
        let last = first + rows.len() as u32 - 1;
        self.text(first, last, Role::IndicatorCode, ind.id.as_str())?;
        self.text(first, last, Role::Indicator, &ind.description)?;
        self.text(first, last, Role::Expected, &ind.expected)?;
        self.text(
            first,
            last,
            Role::Condition,
            ind.condition.as_deref().unwrap_or(""),
        )?;
        if self.col(Role::IndicatorResponsible).is_some() {
            let (text, weight) = resp_cells(plan, ind.areas.as_deref().unwrap_or_default(), vocab);
            self.text(first, last, Role::IndicatorResponsible, &text)?;
            self.weight(first, last, Role::IndicatorWeight, weight)?;
        }
        for (role, text) in indicator_details(plan, ind) {
            self.text(first, last, role, &text)?;
        }
        let numbers = [
            (Role::BaselineValue, ind.baseline.as_ref().map(|b| b.value)),
            (
                Role::BaselineYear,
                ind.baseline.as_ref().and_then(|b| b.year).map(f64::from),
            ),
            (Role::Success, ind.success.map(|x| x * 100.0)),
        ];
        for (role, x) in numbers {
            match x {
                Some(x) => self.number(first, last, role, x)?,
                None => self.text(first, last, role, "")?,
            }
        }
        for (i, (year, t)) in rows.iter().enumerate() {
            self.target(first + i as u32, *year, *t)?;
        }
        Ok(last + 1)
    }
}

/// The rows of an indicator: the plan year's targets (or one
/// "non applicabile" row), then each other year's, with its year.
fn target_rows(ind: &Indicator) -> Vec<(Option<i32>, Option<&Target>)> {
    fn year(y: Option<i32>, list: &[Target]) -> Vec<(Option<i32>, Option<&Target>)> {
        if list.is_empty() {
            vec![(y, None)]
        } else {
            list.iter().map(|t| (y, Some(t))).collect()
        }
    }
    let mut rows = year(None, &ind.targets);
    for oy in &ind.other_years {
        rows.extend(year(Some(oy.year), &oy.targets));
    }
    rows
}

/// The «Tipo traguardo» word of a target, its Valore and its Descrizione
/// traguardo, in the words the importer reads back.
fn target_cells(t: &Target) -> (&'static str, Option<f64>, Option<&str>) {
    let w = |i: usize| TARGET_KIND_WORDS[i];
    match t {
        Target::Deadline { .. } => (w(0), None, None),
        Target::Minimum { value, unit } => (w(1), Some(*value), Some(unit)),
        Target::Maximum {
            value,
            unit,
            strict,
        } => (w(if *strict { 3 } else { 2 }), Some(*value), Some(unit)),
        Target::Percentage { value, of } => (w(4), Some(*value), Some(of)),
        Target::YesNo { what } => (w(5), None, Some(what)),
        Target::Qualitative { criterion } => (w(6), None, Some(criterion)),
        Target::Phase { name, weight, .. } => (w(7), *weight, Some(name)),
        Target::Change {
            change,
            unit,
            previous,
            ..
        } => {
            // Counted from the previous year's target: «ulteriore …».
            let further = if previous.is_some() { 6 } else { 0 };
            let (i, x) = match change {
                Change::IncreasePercent(x) => (8 + further, x),
                Change::IncreaseBy(x) => (9 + further, x),
                Change::DecreasePercent(x) => (10 + further, x),
                Change::DecreaseBy(x) => (11 + further, x),
                Change::Total(x) => (12, x),
            };
            (w(i), Some(*x), Some(unit))
        }
    }
}

/// Rows an objective takes: its indicators' (those at rest this year
/// too), at least one.
fn objective_rows(indicators: &[&Indicator]) -> u32 {
    let n: usize = indicators.iter().map(|i| target_rows(i).len()).sum();
    n.max(1) as u32
}

/// The «Obiettivi» sheet; returns the row after the last.
pub(super) fn objectives(
    ws: &mut Worksheet,
    plan: &Plan,
    vocab: &Vocabulary,
    fm: &Formats,
) -> Result<u32, XlsxError> {
    let mut s = Sheet::new(ws, TABLE_SHEET, WORKBOOK_COLUMNS.to_vec(), fm)?;
    let mut row: u32 = 1;
    for o in &plan.objectives {
        // Indicators at rest this year follow the others: the plan keeps
        // them apart, so their place among them is not recorded.
        let indicators: Vec<&Indicator> = o.indicators.iter().chain(&o.dormant).collect();
        let last = row + objective_rows(&indicators) - 1;
        let theme = plan
            .theme(&o.theme)
            .map_or(o.theme.as_str(), |t| t.name.as_str());
        s.text(row, last, Role::Theme, theme)?;
        objective_cells(&mut s, o, row, last)?;
        let (text, weight) = resp_cells(plan, &o.areas, vocab);
        s.text(row, last, Role::Responsible, &text)?;
        s.weight(row, last, Role::Weight, weight)?;
        s.text(row, last, Role::Funding, o.funding.as_deref().unwrap_or(""))?;
        for ind in indicators {
            row = s.indicator(plan, vocab, ind, row)?;
        }
    }
    s.finish()?;
    Ok(row)
}

/// Code, title and description of an objective or a strategic objective,
/// over its rows.
fn heading_cells(
    s: &mut Sheet,
    (first, last): (u32, u32),
    code: &str,
    title: &str,
    description: Option<&str>,
) -> Result<(), XlsxError> {
    s.text(first, last, Role::ObjectiveCode, code)?;
    s.text(first, last, Role::Objective, title)?;
    s.text(
        first,
        last,
        Role::ObjectiveDescription,
        description.unwrap_or(""),
    )
}

/// Code, title, description and strategic objective of an objective.
fn objective_cells(s: &mut Sheet, o: &Objective, first: u32, last: u32) -> Result<(), XlsxError> {
    heading_cells(
        s,
        (first, last),
        o.id.as_str(),
        &o.title,
        o.description.as_deref(),
    )?;
    s.text(
        first,
        last,
        Role::Strategic,
        o.strategic.as_ref().map_or("", |x| x.as_str()),
    )
}

/// The «Obiettivi strategici» sheet: code, title, description and the
/// strategic objectives' own indicators, in the same columns as
/// «Obiettivi» but for units, weights and themes.
pub(super) fn strategic(
    ws: &mut Worksheet,
    plan: &Plan,
    vocab: &Vocabulary,
    fm: &Formats,
) -> Result<u32, XlsxError> {
    let mut s = Sheet::new(ws, STRATEGIC_SHEET, strategic_columns(), fm)?;
    let mut row: u32 = 1;
    for so in &plan.strategic {
        let indicators: Vec<&Indicator> = so.indicators.iter().collect();
        let last = row + objective_rows(&indicators) - 1;
        heading_cells(
            &mut s,
            (row, last),
            so.id.as_str(),
            &so.title,
            so.description.as_deref(),
        )?;
        if indicators.is_empty() {
            row += 1;
        }
        for ind in indicators {
            row = s.indicator(plan, vocab, ind, row)?;
        }
    }
    s.finish()?;
    Ok(row)
}

/// The text cells of an indicator's details, in the words the importer
/// reads back: the lead unit by name, the shared result as sì/no.
fn indicator_details(plan: &Plan, ind: &Indicator) -> Vec<(Role, String)> {
    let m = &ind.meta;
    let lead = ind.lead.as_ref().map(|id| {
        plan.area(id)
            .map_or(id.as_str(), |a| a.name.as_str())
            .to_string()
    });
    // The lead implies a shared result: "sì" only when it says more.
    let shared = (ind.shared && ind.lead.is_none()).then(|| YES_NO[0].to_string());
    let sdg = (!m.sdg.is_empty()).then(|| {
        m.sdg
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    });
    let source = ind.baseline.as_ref().and_then(|b| b.source.clone());
    [
        (Role::BaselineSource, source),
        (Role::Lead, lead),
        (Role::Shared, shared),
        (Role::Formula, m.formula.clone()),
        (Role::DataSource, m.source.clone()),
        (Role::IndicatorType, m.kind.clone()),
        (Role::Scope, m.scope.clone()),
        (Role::Mission, m.mission.clone()),
        (Role::Programme, m.programme.clone()),
        (Role::Pnrr, m.pnrr.clone()),
        (Role::Sdg, sdg),
    ]
    .into_iter()
    .map(|(r, t)| (r, t.unwrap_or_default()))
    .collect()
}

pub(super) enum WeightCell {
    Number(f64),
    Text(String),
}

/// The "Responsabile/i" and "Peso" cells for a list of responsibilities.
fn resp_cells(
    plan: &Plan,
    list: &[Responsibility],
    vocab: &Vocabulary,
) -> (String, Option<WeightCell>) {
    let entries = describe(plan, list, vocab);
    let lines: Vec<&str> = entries.iter().map(|(t, _)| t.as_str()).collect();
    let weights: Vec<Option<f64>> = entries.iter().map(|(_, w)| *w).collect();
    let weight = if weights.iter().all(Option::is_none) {
        None
    } else if weights.windows(2).all(|w| w[0] == w[1]) {
        weights[0].map(WeightCell::Number)
    } else {
        Some(WeightCell::Text(
            weights
                .iter()
                .map(|w| w.map_or(String::new(), crate::plan::import::number_text))
                .collect::<Vec<_>>()
                .join("\n"),
        ))
    };
    (lines.join("\n"), weight)
}
