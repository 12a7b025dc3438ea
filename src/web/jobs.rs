//! The long work started from the office's page: writing the forms, the
//! reminders, the monitoring report, the draft and the final Relazione.
//! One generation at a time per ente, on a worker thread of its own; it
//! reports through [`Progress`] to a [`Job`] the pages read (the status
//! page, and the JSON the page's script polls). The run itself is the
//! library's (`ente::EnteFolder::write_*`), the same the commands call, so
//! the output folder stays all-or-nothing as on the command line. Forms
//! uploaded while a job runs are accepted: the next job reads them.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Local, NaiveDate};
use serde::Serialize;

use super::page::Shown;
use crate::diag::Diagnostics;
use crate::ente::EnteFolder;
use crate::progress::{Progress, Stage};

/// What the office can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// The units' year-end forms.
    Forms,
    /// The units' monitoring forms at a check date.
    MonitoringForms(NaiveDate),
    Reminders,
    /// The monitoring report.
    Monitoring,
    /// The Relazione as a draft, for the evaluator.
    Draft,
    /// The final Relazione.
    Final,
}

impl Kind {
    /// The key in the page's forms and addresses (`/lavori/<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Forms => "moduli",
            Kind::MonitoringForms(_) => "moduli-monitoraggio",
            Kind::Reminders => "solleciti",
            Kind::Monitoring => "monitoraggio",
            Kind::Draft => "bozza",
            Kind::Final => "definitiva",
        }
    }
}

/// Where a running job stands.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Advance {
    /// The stage under way (`None` before the first, between stages).
    pub stage: Option<&'static str>,
    pub done: usize,
    pub total: usize,
}

fn stage_key(s: Stage) -> &'static str {
    match s {
        Stage::FormsRead => "moduli_letti",
        Stage::DocumentsComposed => "documenti_composti",
        Stage::FormsWritten => "moduli_scritti",
    }
}

/// What a finished job did, for the pages (their words are the
/// templates').
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub ok: bool,
    /// The files written, relative to the outputs folder, with `/`.
    pub files: Vec<String>,
    /// The files of the year's folder among them, downloadable from the
    /// «Documenti» list (relative to it).
    pub documents: Vec<String>,
    /// The errors that stopped the job, or the warnings of one that ran.
    pub diagnostics: Vec<Shown>,
    /// What the kind of job has to say (counts, names): see each run.
    pub facts: serde_json::Value,
}

impl Outcome {
    pub fn failed(d: &Diagnostics) -> Self {
        Outcome {
            ok: false,
            files: Vec::new(),
            documents: Vec::new(),
            diagnostics: Shown::all(d),
            facts: serde_json::Value::Null,
        }
    }
}

/// One job: what it is, how far it got, how it ended.
pub struct Job {
    pub kind: Kind,
    pub started: DateTime<Local>,
    advance: Mutex<Advance>,
    outcome: Mutex<Option<(Outcome, DateTime<Local>)>>,
}

impl Job {
    pub fn advance(&self) -> Advance {
        self.advance.lock().map(|a| a.clone()).unwrap_or_default()
    }

    /// The outcome and when it ended, once it has.
    pub fn outcome(&self) -> Option<(Outcome, DateTime<Local>)> {
        self.outcome.lock().ok().and_then(|o| o.clone())
    }

    fn set(&self, f: impl FnOnce(&mut Advance)) {
        if let Ok(mut a) = self.advance.lock() {
            f(&mut a);
        }
    }
}

impl Progress for Job {
    fn start(&self, stage: Stage, total: usize) {
        self.set(|a| {
            *a = Advance {
                stage: Some(stage_key(stage)),
                done: 0,
                total,
            }
        });
    }
    fn advance(&self) {
        self.set(|a| a.done += 1);
    }
    fn finish(&self) {
        self.set(|a| a.done = a.total.max(a.done));
    }
}

/// The jobs of one ente: the one running, and the last one ended.
#[derive(Default)]
pub struct Jobs {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    running: Option<Arc<Job>>,
    last: Option<Arc<Job>>,
}

impl Jobs {
    /// The job running, else the last one ended, if any.
    pub fn current(&self) -> Option<Arc<Job>> {
        let s = self.state.lock().ok()?;
        s.running.clone().or_else(|| s.last.clone())
    }

    /// The job running, if any.
    pub fn running(&self) -> Option<Arc<Job>> {
        self.state.lock().ok()?.running.clone()
    }

    /// Starts `kind` on a worker thread, unless a job is running: then
    /// that job is returned as the refusal.
    pub fn start(
        self: &Arc<Self>,
        ente: &EnteFolder,
        kind: Kind,
        today: NaiveDate,
    ) -> Result<Arc<Job>, Arc<Job>> {
        let job = {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(r) = &s.running {
                return Err(r.clone());
            }
            let job = Arc::new(Job {
                kind,
                started: Local::now(),
                advance: Mutex::new(Advance::default()),
                outcome: Mutex::new(None),
            });
            s.running = Some(job.clone());
            job
        };
        let jobs = self.clone();
        let ente = ente.clone();
        let worker = job.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("lavoro {}", kind.key()))
            .spawn(move || {
                // A panic in the run ends the job as failed, never leaves
                // it running for ever.
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    super::runs::run(&ente, kind, today, &*worker)
                }))
                .unwrap_or_else(|_| Outcome::failed(&super::runs::interrupted()));
                jobs.end(&worker, outcome);
            });
        if spawned.is_err() {
            self.end(&job, Outcome::failed(&super::runs::interrupted()));
        }
        Ok(job)
    }

    fn end(&self, job: &Arc<Job>, outcome: Outcome) {
        if let Ok(mut o) = job.outcome.lock() {
            *o = Some((outcome, Local::now()));
        }
        if let Ok(mut s) = self.state.lock() {
            s.running = None;
            s.last = Some(job.clone());
        }
    }
}
