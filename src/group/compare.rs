//! `consuntivo --enti CARTELLA confronta`: the group's entes side by
//! side, one column per ente, as a table workbook. Only aggregates: no
//! person's name or score. An ente that cannot be scored keeps its column,
//! «non valutabile» with the reason.

use chrono::NaiveDate;

use crate::diag::Diagnostics;
use crate::ente::Scored;
use crate::italian::percent;
use crate::scoring::{Review, Standing};
use crate::tables::{Cell, Sheet, Table};

/// One ente's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub year: i32,
    /// The ente's grade.
    pub grade: Option<f64>,
    /// Units with a grade, and the lowest and highest of their grades.
    pub units_graded: usize,
    pub unit_lowest: Option<f64>,
    pub unit_highest: Option<f64>,
    /// Weighted objectives (per unit) reached, partly reached, missed.
    pub reached: usize,
    pub partly: usize,
    pub missed: usize,
    /// Targets graded below 100%, and those of them the unit left without
    /// a motivation.
    pub gaps: usize,
    pub gaps_unmotivated: usize,
    /// Units with rows to report, forms returned, and forms whose file is
    /// dated by the deadline.
    pub forms_expected: usize,
    pub forms_returned: usize,
    pub forms_on_time: usize,
    /// The Nucleo's corrections (of a unit's or an indicator's grade) and
    /// the indicators it neutralised.
    pub corrections: usize,
    pub neutralised: usize,
}

/// An ente's column.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    Scored(Box<Figures>),
    /// Why the ente cannot be scored (its first error, or another year).
    NotScorable(String),
}

/// The figures of a scored ente; forms count as on time when their file
/// is dated on or before `deadline` (the date the file system keeps, as
/// `stato` shows it).
pub fn figures(s: &Scored, deadline: NaiveDate) -> Figures {
    let sc = &s.scorecard;
    let graded: Vec<f64> = sc.areas.iter().filter_map(|a| a.grade).collect();
    let (mut gaps, mut gaps_unmotivated) = (0, 0);
    for t in sc
        .objectives
        .iter()
        .flat_map(|o| &o.areas)
        .flat_map(|a| &a.indicators)
        .flat_map(|i| &i.targets)
    {
        if t.standing == Standing::Scored && t.grade.is_some_and(|g| g < 1.0 - 1e-9) {
            gaps += 1;
            let motivated = t
                .entry
                .as_ref()
                .and_then(|e| e.motivation.as_ref())
                .is_some_and(|m| !m.value.trim().is_empty());
            if !motivated {
                gaps_unmotivated += 1;
            }
        }
    }
    let status = crate::status::build(&s.plan, &s.results, &Review::default(), deadline);
    Figures {
        year: s.plan.year,
        grade: sc.grade,
        units_graded: graded.len(),
        unit_lowest: graded.iter().copied().reduce(f64::min),
        unit_highest: graded.iter().copied().reduce(f64::max),
        reached: sc.objective_counts.achieved,
        partly: sc.objective_counts.partially_achieved,
        missed: sc.objective_counts.not_achieved,
        gaps,
        gaps_unmotivated,
        forms_expected: status.units.len(),
        forms_returned: status.units.iter().filter(|u| u.form.is_some()).count(),
        forms_on_time: status
            .units
            .iter()
            .filter(|u| u.form.as_ref().is_some_and(|f| f.modified.is_some()))
            .count(),
        corrections: sc.corrections(),
        neutralised: sc.indicator_counts.neutralised,
    }
}

/// A warning when the entes compared differ much in size: the largest
/// has at least twice the units of the smallest.
pub fn size_warning(columns: &[(String, Column)]) -> Option<String> {
    let sizes: Vec<(&str, usize)> = columns
        .iter()
        .filter_map(|(name, c)| match c {
            Column::Scored(f) => Some((name.as_str(), f.forms_expected)),
            Column::NotScorable(_) => None,
        })
        .collect();
    let small = sizes.iter().min_by_key(|(_, n)| *n)?;
    let large = sizes.iter().max_by_key(|(_, n)| *n)?;
    (small.1 > 0 && large.1 >= 2 * small.1).then(|| {
        format!(
            "enti di dimensioni molto diverse: {} ha {} unità con obiettivi, {} ne ha {}; le percentuali si confrontano con cautela, i conteggi no",
            large.0, large.1, small.0, small.1
        )
    })
}

/// The file's name: `Confronto fra gli enti <anno>.xlsx`, or without the
/// year when the group does not fix one.
pub fn file_name(year: Option<i32>) -> String {
    match year {
        Some(y) => format!("Confronto fra gli enti {y}.xlsx"),
        None => "Confronto fra gli enti.xlsx".to_string(),
    }
}

/// The sheet's name, shared with the tests that read it back.
pub const SHEET: &str = "Confronto";

/// The comparison as a workbook: one row per figure, one column per ente.
pub fn workbook(
    group: &str,
    year: Option<i32>,
    columns: &[(String, Column)],
    date: NaiveDate,
) -> Result<Vec<u8>, Diagnostics> {
    let ratio = |part: usize, whole: usize| {
        if whole == 0 {
            "—".to_string()
        } else {
            percent(part as f64 / whole as f64)
        }
    };
    let dash = || Cell::Text("—".into());
    type Figure = (&'static str, fn(&Figures) -> Cell);
    let rows: [Figure; 14] = [
        ("Anno del piano", |f| Cell::Text(f.year.to_string())),
        ("Valutazione dell'ente", |f| {
            Cell::Text(crate::italian::percent_or_dash(f.grade))
        }),
        ("Unità valutate", |f| Cell::Count(f.units_graded)),
        ("Valutazione più bassa di un'unità", |f| {
            Cell::Text(crate::italian::percent_or_dash(f.unit_lowest))
        }),
        ("Valutazione più alta di un'unità", |f| {
            Cell::Text(crate::italian::percent_or_dash(f.unit_highest))
        }),
        ("Obiettivi raggiunti (per unità)", |f| {
            Cell::Count(f.reached)
        }),
        ("Obiettivi parzialmente raggiunti", |f| {
            Cell::Count(f.partly)
        }),
        ("Obiettivi non raggiunti", |f| Cell::Count(f.missed)),
        ("Traguardi non pienamente raggiunti", |f| {
            Cell::Count(f.gaps)
        }),
        ("Di questi, senza motivazione", |f| {
            Cell::Text(if f.gaps == 0 {
                "—".to_string()
            } else {
                percent(f.gaps_unmotivated as f64 / f.gaps as f64)
            })
        }),
        ("Moduli attesi", |f| Cell::Count(f.forms_expected)),
        ("Moduli restituiti", |f| Cell::Count(f.forms_returned)),
        ("Correzioni del valutatore", |f| Cell::Count(f.corrections)),
        ("Indicatori neutralizzati", |f| Cell::Count(f.neutralised)),
    ];
    let mut table_rows: Vec<Vec<Cell>> = vec![{
        let mut r = vec![Cell::Text("Esito".into())];
        for (_, c) in columns {
            r.push(Cell::Text(match c {
                Column::Scored(_) => "valutato".into(),
                Column::NotScorable(why) => format!("non valutabile: {why}"),
            }));
        }
        r
    }];
    for (label, cell) in rows {
        let mut r = vec![Cell::Text(label.into())];
        for (_, c) in columns {
            r.push(match c {
                Column::Scored(f) => cell(f),
                Column::NotScorable(_) => dash(),
            });
        }
        table_rows.push(r);
        // Forms on time, beside the forms returned.
        if label == "Moduli restituiti" {
            let mut r = vec![Cell::Text(
                "Moduli restituiti entro la scadenza (data del file)".into(),
            )];
            for (_, c) in columns {
                r.push(match c {
                    Column::Scored(f) => Cell::Text(format!(
                        "{} ({})",
                        f.forms_on_time,
                        ratio(f.forms_on_time, f.forms_expected)
                    )),
                    Column::NotScorable(_) => dash(),
                });
            }
            table_rows.push(r);
        }
    }
    let mut headers = vec![String::new()];
    headers.extend(columns.iter().map(|(name, _)| name.clone()));
    let title = match year {
        Some(y) => format!("{group}: confronto fra gli enti, {y}"),
        None => format!("{group}: confronto fra gli enti"),
    };
    let mut widths = vec![45.0];
    widths.extend(columns.iter().map(|_| 24.0));
    crate::tables::workbook(
        &file_name(year),
        &title,
        date,
        &[Sheet {
            name: SHEET.into(),
            title: title.clone(),
            table: Table {
                headers,
                rows: table_rows,
                totals: Vec::new(),
            },
            widths,
        }],
    )
}
