//! The state as a table: the same rows and words for the terminal and the
//! xlsx sheet, and the one-line description of what a row still needs.

use crate::italian;
use crate::vocab::Vocabulary;

pub use crate::tables::{Cell, Table, to_text};

use super::{MissingRow, Problem, Status};

pub fn summary(status: &Status, vocab: &Vocabulary) -> Table {
    let headers = vec![
        vocab.unit.singular.clone(),
        "Modulo restituito".to_string(),
        "Data del file".to_string(),
        "Righe".to_string(),
        "Compilate".to_string(),
        "Vuote".to_string(),
        "Senza motivazione".to_string(),
        format!(
            "Proposte per {}",
            crate::vocab::the(&vocab.evaluator_short, vocab.evaluator.gender, false)
        ),
        "Scadenze passate senza dati".to_string(),
    ];
    let mut rows = Vec::new();
    for u in &status.units {
        let (file, date) = match &u.form {
            Some(f) => (
                f.file.clone(),
                f.modified.map(italian::date_short).unwrap_or_default(),
            ),
            None => ("non pervenuto".to_string(), String::new()),
        };
        rows.push(vec![
            Cell::Text(u.name.clone()),
            Cell::Text(file),
            Cell::Text(date),
            Cell::Count(u.rows),
            Cell::Count(u.filled),
            Cell::Count(u.empty_rows()),
            Cell::Count(u.missing_motivations()),
            Cell::Count(u.proposals.len()),
            Cell::Count(u.overdue()),
        ]);
    }
    let sum = |f: &dyn Fn(&super::UnitStatus) -> usize| -> Cell {
        Cell::Count(status.units.iter().map(f).sum())
    };
    let returned = status.units.len() - status.units_without_form();
    let totals = vec![
        Cell::Text("Totale".to_string()),
        Cell::Text(format!("{returned} su {}", status.units.len())),
        Cell::Text(String::new()),
        sum(&|u| u.rows),
        sum(&|u| u.filled),
        sum(&|u| u.empty_rows()),
        sum(&|u| u.missing_motivations()),
        sum(&|u| u.proposals.len()),
        sum(&|u| u.overdue()),
    ];
    let mut table = Table {
        headers,
        rows,
        totals,
    };
    // No file dated on or before the reference date (forms copied later,
    // or none back): a column with nothing in it is left out.
    let dated = table
        .rows
        .iter()
        .any(|r| !matches!(&r[2], Cell::Text(t) if t.is_empty()));
    if !dated {
        table.headers.remove(2);
        table.totals.remove(2);
        for r in &mut table.rows {
            r.remove(2);
        }
    }
    table
}

/// What a row still needs, in one sentence: "Da compilare: Data di
/// realizzazione, Stato proposto, Documentazione / evidenze (scadenza del
/// 30/06/2023 già passata)".
pub fn what_is_missing(row: &MissingRow) -> String {
    match &row.problem {
        Problem::Empty { columns, overdue } => {
            let cols: Vec<String> = columns.iter().map(|c| format!("«{c}»")).collect();
            let mut s = format!("Da compilare: {}", join_and(&cols));
            if let Some(d) = overdue {
                s.push_str(&format!(
                    " (la scadenza del {} è già passata)",
                    italian::date_short(*d)
                ));
            }
            s
        }
        Problem::NoMotivation { why } => {
            format!("Manca la «Motivazione dello scostamento» ({why})")
        }
    }
}

/// "a, b e c".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} e {last}", rest.join(", ")),
    }
}
