//! A job over the group's entes: run in parallel, at most as many at once
//! as the machine has cores, each ente's result kept apart (one ente's
//! errors, or even a panic, never stop the others), and the closing table
//! with one row per ente.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `job` for each of `items`, at most as many at once as the cores
/// (`std::thread::available_parallelism`), and gives the results in the
/// order of `items`. A job that panics gives `None` in its place; the
/// others run on.
pub fn run_each<I: Sync, T: Send>(items: &[I], job: impl Fn(&I) -> T + Sync) -> Vec<Option<T>> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let workers = cores.min(items.len()).max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    let done =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(item))).ok();
                    let mut all = results.lock().unwrap_or_else(|e| e.into_inner());
                    all[i] = done;
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// How an ente's run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The command completed.
    Done,
    /// The command stopped on errors.
    Failed,
    /// Not run: the ente's plan is of another year than the group's.
    OtherYear { plan: i32, group: i32 },
    /// The run ended abnormally (an internal fault, reported above).
    Crashed,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        !matches!(self, Outcome::Done)
    }

    fn text(&self) -> String {
        match self {
            Outcome::Done => "completato".into(),
            Outcome::Failed => "non riuscito".into(),
            Outcome::OtherYear { plan, group } => {
                format!("non eseguito: piano {plan}, il gruppo è del {group}")
            }
            Outcome::Crashed => "interrotto da un errore interno".into(),
        }
    }
}

/// One ente's line of the closing table.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub outcome: Outcome,
    pub errors: usize,
    pub warnings: usize,
    /// The ente's grade (a fraction), when the command computed it.
    pub grade: Option<f64>,
    /// The units' proposals the Nucleo has not decided on, when the
    /// command read them.
    pub pending: Option<usize>,
    /// Files written.
    pub documents: usize,
    /// What stopped the ente: its first error, or why it was not run.
    pub first_error: Option<String>,
}

/// The closing table: one row per ente.
pub fn table(rows: &[Row]) -> String {
    let header = [
        "Ente",
        "Esito",
        "Errori",
        "Avvisi",
        "Valutazione dell'ente",
        "Proposte in attesa",
        "Documenti scritti",
    ];
    let dash = || "—".to_string();
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.outcome.text(),
                r.errors.to_string(),
                r.warnings.to_string(),
                r.grade.map_or_else(dash, crate::italian::percent),
                r.pending.map_or_else(dash, |n| n.to_string()),
                r.documents.to_string(),
            ]
        })
        .collect();
    let mut out = crate::text_table::render(&header, &lines);
    let stopped: Vec<&Row> = rows.iter().filter(|r| r.first_error.is_some()).collect();
    if !stopped.is_empty() {
        out.push_str("\nNon completati:\n");
        for r in stopped {
            out.push_str(&format!(
                "  {}: {}\n",
                crate::diag::escape_controls(&r.name),
                crate::diag::escape_controls(r.first_error.as_deref().unwrap_or_default())
            ));
        }
    }
    out
}
