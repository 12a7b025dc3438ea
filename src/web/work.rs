//! The office's long work from the page: `POST /lavori/<lavoro>` starts a
//! job (see [`super::jobs`]), `/lavoro` shows how it stands and how it
//! ended, `/lavoro.json` the same for the page's script, which moves the
//! `<progress>` bar. Office only; every start carries the page's CSRF code.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};

use super::App;
use super::access::Role;
use super::events::{self, Event};
use super::jobs::{Job, Kind, Moment, Started};
use super::page::{self, Visitor, require};

#[derive(serde::Deserialize)]
pub struct StartForm {
    csrf: Option<String>,
    /// The check date of monitoring forms: `AAAA-MM-GG` (a date field) or
    /// `GG/MM/AAAA`.
    data: Option<String>,
}

/// A date field's `AAAA-MM-GG` or a typed `GG/MM/AAAA`; a two-digit year
/// («18-04-24») is refused, never read as the year 18 (review 35 n. 6).
fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    crate::italian::parse_document_date(text)
}

/// The form's optional date: `None` when the field is empty, `Err` when
/// it is not a date.
fn optional_date(form: &StartForm) -> Result<Option<chrono::NaiveDate>, ()> {
    match form
        .data
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => Ok(None),
        Some(t) => parse_date(t).map(Some).ok_or(()),
    }
}

/// `POST /lavori/<lavoro>`: starts the job, then shows where it stands;
/// while another runs, the job is queued to start after it, and the page
/// says so; while one runs and another waits, nothing new is queued.
pub async fn start(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(key): Path<String>,
    axum::Form(form): axum::Form<StartForm>,
) -> Response {
    let v = match page::require_posted(&app, &headers, |r| *r == Role::Office, form.csrf.as_deref())
    {
        Ok(v) => v,
        Err(r) => return r,
    };
    let kind = match key.as_str() {
        "moduli" => Kind::Forms,
        "moduli-monitoraggio" => match form.data.as_deref().and_then(parse_date) {
            // The same rule as the command's (`EnteFolder::write_forms`),
            // said before a job is started for nothing.
            Some(d) if chrono::Datelike::year(&d) != v.plan.year => {
                return page::bad_request(
                    &app,
                    &format!(
                        "La data del monitoraggio non è dell'anno del piano: il monitoraggio verifica l'avanzamento durante il {}, indicare una data di quell'anno (per esempio 30/06/{}).",
                        v.plan.year, v.plan.year
                    ),
                );
            }
            Some(d) => Kind::MonitoringForms(d),
            None => {
                return page::bad_request(
                    &app,
                    "La data del monitoraggio manca o non è valida: indicarla come GG/MM/AAAA.",
                );
            }
        },
        "solleciti" => Kind::Reminders,
        "monitoraggio" => Kind::Monitoring,
        "bozza" => Kind::Draft,
        "definitiva" => Kind::Final,
        // The date is optional: without it, the adopting act's.
        "smvp" => match optional_date(&form) {
            Ok(Some(d)) if d > chrono::Local::now().date_naive() => {
                return page::bad_request(
                    &app,
                    "La data del documento del Sistema di misurazione e valutazione è successiva a oggi: un documento non si data nel futuro. Indicare la data dell'atto di adozione, o lasciarla vuota per usare quella.",
                );
            }
            Ok(d) => Kind::SmvpDocument(d),
            Err(()) => {
                return page::bad_request(
                    &app,
                    "La data del documento del Sistema di misurazione e valutazione non è valida: indicarla come GG/MM/AAAA, o lasciarla vuota per usare quella dell'atto di adozione.",
                );
            }
        },
        // The date is optional: without it, the registered act's or the
        // draft's, as for the command.
        "validazione" => match optional_date(&form) {
            Ok(d) => Kind::ValidationPapers(d),
            Err(()) => {
                return page::bad_request(
                    &app,
                    "La data delle carte della validazione non è valida: indicarla come GG/MM/AAAA, o lasciarla vuota per usare quella dell'atto di validazione registrato o della bozza.",
                );
            }
        },
        _ => return page::not_found_page(&app),
    };
    let today = chrono::Local::now().date_naive();
    // Every generation is recorded when it starts (or is refused) and when
    // it ends, in the page's own words.
    let who = page::role_label(&v.role, &v.plan, &v.vocab);
    let (recorder, vocab, role, year) = (app.clone(), v.vocab.clone(), v.role.clone(), v.plan.year);
    let who_then = who.clone();
    let ended = Box::new(move |job: &Job, moment: Moment| {
        let f = facts(Some(job));
        let line = recorder.pages.text("lavoro.txt", line_context(&vocab, &f));
        let ok = f.outcome.as_ref().is_some_and(|o| o.ok);
        let files = f.outcome.map(|o| o.files).unwrap_or_default();
        let outcome = match moment {
            // A queued job starting: its start is recorded now.
            Moment::Started => "avviata",
            Moment::Ended if ok => "completata",
            Moment::Ended => "non riuscita",
        };
        events::record_as(
            &recorder,
            &role,
            &who_then,
            year,
            Event::Generation {
                who: who_then.clone(),
                what: job.kind.key().to_string(),
                outcome: outcome.to_string(),
                line,
                files,
            },
        );
    });
    let started = |job: &Job, outcome: &str| Event::Generation {
        who: who.clone(),
        what: kind.key().to_string(),
        outcome: outcome.to_string(),
        line: app
            .pages
            .text("lavoro.txt", line_context(&v.vocab, &facts(Some(job)))),
        files: Vec::new(),
    };
    match app.jobs.start(&app.config.ente, kind, today, ended) {
        Started::Now(job) => {
            events::record(&app, &v, started(&job, "avviata"));
            Redirect::to("/lavoro").into_response()
        }
        Started::Queued { running } => {
            events::record(
                &app,
                &v,
                started(&running, "in coda: partirà alla fine del lavoro in corso"),
            );
            let ctx = status_context(&app, &v, Some(&running), Asked::Queued(kind));
            app.pages
                .render_status(StatusCode::ACCEPTED, "lavoro.html", ctx)
        }
        Started::Full { running, .. } => {
            events::record(
                &app,
                &v,
                started(
                    &running,
                    "non avviata: un altro lavoro è in corso e uno è già in coda",
                ),
            );
            let ctx = status_context(&app, &v, Some(&running), Asked::Refused(kind));
            app.pages
                .render_status(StatusCode::CONFLICT, "lavoro.html", ctx)
        }
    }
}

/// What became of the job just asked for, when it did not start at once.
#[derive(Clone, Copy)]
pub enum Asked {
    /// Nothing asked (a page shown), or it started.
    Nothing,
    /// It waits for the job running.
    Queued(Kind),
    /// A job runs and another waits: it was dropped.
    Refused(Kind),
}

/// `/lavoro`: the job running, or the last one and what it did.
pub async fn status(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let v = match require(&app, &headers, |r| *r == Role::Office) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let job = app.jobs.current();
    let ctx = status_context(&app, &v, job.as_ref(), Asked::Nothing);
    app.pages.render("lavoro.html", ctx)
}

/// `/lavoro.json`: where the job stands, for the page's script.
pub async fn status_json(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let v = match require(&app, &headers, |r| *r == Role::Office) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let job = app.jobs.current();
    let facts = facts(job.as_deref());
    let line = app.pages.text("lavoro.txt", line_context(&v.vocab, &facts));
    let body = serde_json::json!({
        "stato": facts.state,
        "lavoro": facts.key,
        "fatti": facts.done,
        "totale": facts.total,
        "testo": line,
    });
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

/// A job as the templates see it.
pub struct Facts {
    /// `nessuno`, `in_corso`, `finito`, `fallito`.
    pub state: &'static str,
    pub key: Option<&'static str>,
    pub stage: Option<&'static str>,
    pub done: usize,
    pub total: usize,
    pub started: Option<String>,
    pub ended: Option<String>,
    pub monitoring: Option<String>,
    pub outcome: Option<super::jobs::Outcome>,
}

pub fn facts(job: Option<&Job>) -> Facts {
    let Some(job) = job else {
        return Facts {
            state: "nessuno",
            key: None,
            stage: None,
            done: 0,
            total: 0,
            started: None,
            ended: None,
            monitoring: None,
            outcome: None,
        };
    };
    let advance = job.advance();
    let ended = job.outcome();
    let time = |t: chrono::DateTime<chrono::Local>| t.format("%d/%m/%Y alle %H:%M:%S").to_string();
    Facts {
        state: match &ended {
            None => "in_corso",
            Some((o, _)) if o.ok => "finito",
            Some(_) => "fallito",
        },
        key: Some(job.kind.key()),
        stage: advance.stage,
        done: advance.done,
        total: advance.total,
        started: Some(time(job.started)),
        ended: ended.as_ref().map(|(_, t)| time(*t)),
        monitoring: match job.kind {
            Kind::MonitoringForms(d) => Some(crate::italian::date_short(d)),
            _ => None,
        },
        outcome: ended.map(|(o, _)| o),
    }
}

fn line_context(vocab: &crate::vocab::Vocabulary, f: &Facts) -> Value {
    context! {
        stato => f.state,
        lavoro => f.key,
        fase => f.stage,
        fatti => f.done,
        totale => f.total,
        inizio => f.started.clone(),
        fine => f.ended.clone(),
        monitoraggio => f.monitoring.clone(),
        vocab => Value::from(minijinja::value::Serde(vocab.to_json())),
    }
}

/// What the job block shows (the status page, the office's home): the
/// line, the bar, the outcome, and the job waiting in the queue. `asked`:
/// the job just asked for, queued or refused because `job` runs. `then`:
/// the page the script opens once the job ends (the page itself, never a
/// form's answer to send again).
pub fn job_context(
    app: &App,
    v: &Visitor,
    job: Option<&Arc<Job>>,
    asked: Asked,
    then: &str,
) -> Value {
    let f = facts(job.map(|j| &**j));
    let line = app.pages.text("lavoro.txt", line_context(&v.vocab, &f));
    // A job's name, to start a sentence or inside one.
    let name = |k: Kind, inside: bool| {
        let monitoring = match k {
            Kind::MonitoringForms(d) => Some(crate::italian::date_short(d)),
            _ => None,
        };
        app.pages.text(
            "lavoro_nome.txt",
            context! { lavoro => k.key(), monitoraggio => monitoring, minuscolo => inside },
        )
    };
    let (queued_now, refused) = match asked {
        Asked::Nothing => (None, None),
        Asked::Queued(k) => (Some(name(k, true)), None),
        Asked::Refused(k) => (None, Some(name(k, false))),
    };
    context! {
        stato => f.state,
        lavoro => f.key,
        riga => line,
        fatti => f.done,
        totale => f.total,
        esito => f.outcome.as_ref().map(|o| Value::from(minijinja::value::Serde(o))),
        accodato => queued_now,
        rifiutato => refused,
        in_coda_frase => app.jobs.queued().map(|k| name(k, true)),
        dopo => then,
    }
}

fn status_context(app: &App, v: &Visitor, job: Option<&Arc<Job>>, asked: Asked) -> Value {
    context! {
        job => job_context(app, v, job, asked, "/lavoro"),
        ..v.base("Scrittura dei documenti")
    }
}
