//! The long work started from the office's page: writing the forms, the
//! reminders, the monitoring report, the draft and the final Relazione.
//! One generation at a time per ente, on a worker thread of its own; a
//! request while one runs waits in a queue of one place and starts when
//! it ends (a request while one already waits is told so). A job
//! reports through [`Progress`] to a [`Job`] the pages read (the status
//! page, and the JSON the page's script polls). The run itself is the
//! library's (`ente::EnteFolder::write_*`), the same the commands call, so
//! the output folder stays all-or-nothing as on the command line. Forms
//! uploaded while a job runs are accepted: the next job reads them.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Local, NaiveDate};
use serde::Serialize;

pub use super::job_kind::{Kind, Outcome};
use crate::ente::EnteFolder;
use crate::progress::{Progress, Stage};

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

/// One job: what it is, how far it got, how it ended.
pub struct Job {
    pub kind: Kind,
    pub started: DateTime<Local>,
    advance: Mutex<Advance>,
    outcome: Mutex<Option<(Outcome, DateTime<Local>)>>,
}

impl Job {
    fn new(kind: Kind) -> Arc<Job> {
        Arc::new(Job {
            kind,
            started: Local::now(),
            advance: Mutex::new(Advance::default()),
            outcome: Mutex::new(None),
        })
    }

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

/// When a job's callback is called, on the worker thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// A job that waited in the queue starts (one that starts at once is
    /// recorded by whoever asked for it).
    Started,
    /// The job has ended.
    Ended,
}

/// Called on the worker thread when a queued job starts and when any job
/// ends (to record it).
pub type Ended = Box<dyn FnMut(&Job, Moment) + Send>;

/// The jobs of one ente: the one running, the one waiting for it (one
/// place only), and the last one ended.
#[derive(Default)]
pub struct Jobs {
    state: Mutex<State>,
}

/// A job asked for while another ran: it starts when that one ends.
struct Queued {
    kind: Kind,
    today: NaiveDate,
    ended: Ended,
}

#[derive(Default)]
struct State {
    running: Option<Arc<Job>>,
    queued: Option<Queued>,
    last: Option<Arc<Job>>,
}

/// What became of a request to start a job.
pub enum Started {
    /// It runs now.
    Now(Arc<Job>),
    /// Another job runs: this one waits in the queue and starts when it
    /// ends.
    Queued { running: Arc<Job> },
    /// Another job runs and one already waits: this one was dropped.
    Full { running: Arc<Job>, queued: Kind },
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

    /// The kind of the job waiting for the running one, if any.
    pub fn queued(&self) -> Option<Kind> {
        self.state.lock().ok()?.queued.as_ref().map(|q| q.kind)
    }

    /// Starts `kind` on a worker thread; while a job runs, queues it to
    /// start when that one ends, unless one already waits.
    /// `ended` is called on the worker thread once the job has ended.
    pub fn start(
        self: &Arc<Self>,
        ente: &EnteFolder,
        kind: Kind,
        today: NaiveDate,
        ended: Ended,
    ) -> Started {
        let job = {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(running) = &s.running {
                let running = running.clone();
                if let Some(q) = &s.queued {
                    return Started::Full {
                        running,
                        queued: q.kind,
                    };
                }
                s.queued = Some(Queued { kind, today, ended });
                return Started::Queued { running };
            }
            let job = Job::new(kind);
            s.running = Some(job.clone());
            job
        };
        let jobs = self.clone();
        let ente = ente.clone();
        let worker = job.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("lavoro {}", kind.key()))
            .spawn(move || {
                // The job, then the one queued meanwhile, if any, and so on.
                let mut next = Some((worker, today, ended));
                let mut first = true;
                while let Some((job, today, mut ended)) = next {
                    if !std::mem::take(&mut first) {
                        ended(&job, Moment::Started);
                    }
                    // A panic in the run ends the job as failed, never
                    // leaves it running for ever.
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        super::runs::run(&ente, job.kind, today, &*job)
                    }))
                    .unwrap_or_else(|_| Outcome::failed(&super::runs::interrupted()));
                    next = jobs.end(&job, outcome);
                    ended(&job, Moment::Ended);
                }
            });
        if spawned.is_err() {
            // No thread to run it: it fails, and so does any job queued
            // behind it meanwhile.
            let mut next = self.end(&job, Outcome::failed(&super::runs::interrupted()));
            while let Some((queued, _, mut ended)) = next {
                next = self.end(&queued, Outcome::failed(&super::runs::interrupted()));
                ended(&queued, Moment::Ended);
            }
        }
        Started::Now(job)
    }

    /// Ends `job`; the job queued meanwhile, if any, becomes the running
    /// one and is returned to run.
    fn end(&self, job: &Arc<Job>, outcome: Outcome) -> Option<(Arc<Job>, NaiveDate, Ended)> {
        if let Ok(mut o) = job.outcome.lock() {
            *o = Some((outcome, Local::now()));
        }
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.last = Some(job.clone());
        match s.queued.take() {
            Some(q) => {
                let next = Job::new(q.kind);
                s.running = Some(next.clone());
                Some((next, q.today, q.ended))
            }
            None => {
                s.running = None;
                None
            }
        }
    }
}
