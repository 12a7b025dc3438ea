//! The top official's office: its pages and actions.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use minijinja::{Value, context};

use super::access::Role;
use super::page::{self, Visitor, require};
use super::{App, UploadOutcome, access_url};

/// `/accessi`: every role's link, with the button to replace it.
pub async fn links(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    match require(&app, &headers, |r| *r == Role::Office) {
        Ok(v) => links_page(&app, &v, None),
        Err(r) => r,
    }
}

fn links_page(app: &App, v: &Visitor, issued: Option<(String, String)>) -> Response {
    let tokens = app.tokens.read().ok();
    let roles: Vec<Value> = Role::all(&v.plan)
        .iter()
        .map(|r| {
            context! {
                key => r.key(),
                label => page::role_label(r, &v.plan, &v.vocab),
                label_of => page::role_label_of(r, &v.plan, &v.vocab),
                issued => tokens.as_ref().is_some_and(|t| t.has(r)),
            }
        })
        .collect();
    let (issued_label, issued_url) = issued.unzip();
    app.pages.render(
        "accessi.html",
        context! {
            ..v.base("Accessi"),
            ..context! {
                roles => roles,
                issued_label => issued_label,
                issued_url => issued_url,
            }
        },
    )
}

#[derive(serde::Deserialize)]
pub struct ReissueForm {
    csrf: Option<String>,
    ruolo: Option<String>,
}

/// `POST /accessi`: a new link for one role; the old one stops working.
pub async fn reissue(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<ReissueForm>,
) -> Response {
    let v = match page::require_posted(&app, &headers, |r| *r == Role::Office, form.csrf.as_deref())
    {
        Ok(v) => v,
        Err(r) => return r,
    };
    let role = form
        .ruolo
        .as_deref()
        .and_then(Role::from_key)
        .filter(|r| Role::all(&v.plan).contains(r));
    let Some(role) = role else {
        return page::bad_request(&app, "Il ruolo indicato non esiste in questo piano.");
    };
    let issued = match app.tokens.write() {
        Ok(mut t) => t.issue(&role),
        Err(_) => {
            return page::bad_request(
                &app,
                "Gli accessi non sono disponibili: riavviare lo sportello.",
            );
        }
    };
    let token = match issued {
        Ok(t) => t,
        Err(d) => {
            let text = d
                .iter()
                .map(|x| x.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            return page::bad_request(&app, &text);
        }
    };
    let label = page::role_label_of(&role, &v.plan, &v.vocab);
    let url = access_url(&app.config.public_url, &token);
    // The office replacing its own link stays in, with the new one.
    let v = if role == Role::Office {
        Visitor {
            csrf: super::access::csrf_token(&token),
            ..v
        }
    } else {
        v
    };
    let mut r = links_page(&app, &v, Some((label, url)));
    if role == Role::Office
        && let Ok(c) = HeaderValue::from_str(&format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax",
            page::COOKIE
        ))
    {
        r.headers_mut().insert(header::SET_COOKIE, c);
    }
    r
}

/// `/` for the office: the year, the plan, where each unit stands (as
/// `stato` reports it), the ente's grade once it can be computed, and the
/// year's documents.
pub async fn home(app: Arc<App>, v: Visitor) -> Response {
    let app2 = app.clone();
    let built = tokio::task::spawn_blocking(move || home_context(&app2, &v)).await;
    match built {
        Ok(ctx) => app.pages.render("casa.html", ctx),
        Err(_) => page::bad_request(&app, "La pagina non si è potuta comporre: riprovare."),
    }
}

fn home_context(app: &App, v: &Visitor) -> Value {
    let ente = &app.config.ente;
    let plan = &v.plan;
    let indicators: usize = plan.objectives.iter().map(|o| o.indicators.len()).sum();
    let today = chrono::Local::now().date_naive();
    let progress = crate::progress::Silent;
    // Where each unit stands: the rows of `consuntivo stato`.
    let (status_table, status_problems) =
        match ente.read_forms_so_far(plan, None, &v.vocab, &progress) {
            Ok((results, _)) => {
                let review = ente.load_review(plan, None, &v.vocab).unwrap_or_default();
                let state = crate::status::build(plan, &results, &review, today);
                let t = crate::status::table::summary(&state, &v.vocab);
                let cells = |r: &[crate::status::table::Cell]| -> Vec<String> {
                    r.iter().map(|c| c.shown()).collect()
                };
                let (mut headers, mut rows, mut totals) = (
                    t.headers,
                    t.rows.iter().map(|r| cells(r)).collect::<Vec<_>>(),
                    cells(&t.totals),
                );
                // Beside `stato`'s columns: the deadline, and each unit's
                // last upload from the registro with its outcome.
                let due = crate::ente::default_return_by(plan.year);
                headers.extend(upload_columns());
                let mut to_fix = 0;
                for (row, unit) in rows.iter_mut().zip(&state.units) {
                    let last = last_upload(app, plan.year, unit.area.as_str());
                    to_fix += usize::from(last.as_ref().is_some_and(|l| l.to_fix));
                    row.push(due.map(crate::italian::date_short).unwrap_or_default());
                    row.push(last.as_ref().map(|l| l.when.clone()).unwrap_or("—".into()));
                    row.push(last.map(|l| l.outcome).unwrap_or("nessun invio".into()));
                }
                totals.extend([
                    String::new(),
                    String::new(),
                    if to_fix == 0 {
                        String::new()
                    } else {
                        format!("{to_fix} da correggere")
                    },
                ]);
                let table = context! {
                    headers => headers,
                    rows => rows,
                    totals => totals,
                };
                (Some(table), Vec::new())
            }
            Err(d) => (None, page::Shown::all(&d)),
        };
    // The ente's grade, once everything it needs reads without errors.
    // The final Relazione: why it cannot be written yet, in the words of
    // `relazione` (nothing when it can, or when the grades cannot be
    // computed: the job then says why).
    let (grade, grade_problems, pending, final_blockers) =
        match ente.score_all(&crate::ente::ScoreOptions::default(), &progress) {
            Ok(s) => (
                s.scorecard.grade.map(crate::italian::percent),
                Vec::new(),
                s.scorecard.pending.len(),
                page::Shown::all(&ente.final_blockers(&s)),
            ),
            Err(d) => (None, page::Shown::all(&d), 0, Vec::new()),
        };
    let monitoring_date = ente
        .open_check(plan, &v.vocab)
        .map(|c| c.date.format("%Y-%m-%d").to_string());
    let job = super::work::job_context(
        app,
        v,
        app.jobs.current().as_ref(),
        super::work::Asked::Nothing,
        "/",
    );
    let documents = super::documents::list(&ente.year_dir(plan.year), &v.role);
    context! {
        plan_title => plan.title.clone(),
        adopted_by => plan.adopted_by.clone(),
        plan_label => plan.names().beside_title,
        units_count => plan.areas.len(),
        objectives_count => plan.objectives.len(),
        indicators_count => indicators,
        today => crate::italian::date_short(today),
        status => status_table,
        status_problems => Value::from(minijinja::value::Serde(status_problems)),
        grade => grade,
        grade_problems => Value::from(minijinja::value::Serde(grade_problems)),
        pending => pending,
        documents => Value::from(minijinja::value::Serde(documents)),
        smvp => super::documents::smvp_document(ente).map(|d| Value::from(minijinja::value::Serde(d))),
        final_blockers => Value::from(minijinja::value::Serde(final_blockers)),
        monitoring_date => monitoring_date,
        job => job,
        ..v.base("Situazione dell'anno")
    }
}

/// The headings of the columns [`last_upload`] fills, after the deadline's.
fn upload_columns() -> [String; 3] {
    [
        "Termine di restituzione".to_string(),
        "Ultimo invio".to_string(),
        "Esito dell'ultimo invio".to_string(),
    ]
}

/// A unit's newest upload from its page, as the registro has it.
struct LastUpload {
    /// «GG/MM/AAAA HH:MM:SS».
    when: String,
    /// «accettato», «da correggere: 2 errori», …
    outcome: String,
    to_fix: bool,
}

/// The newest upload the registro holds for `unit` in `year`, if any (a
/// registro that cannot be read counts as none: the page still shows).
fn last_upload(app: &App, year: i32, unit: &str) -> Option<LastUpload> {
    let entries = app.registro.for_unit(year, unit, 200).ok()?;
    entries.into_iter().find_map(|e| match &e.event {
        super::record::Event::Upload {
            outcome,
            errors,
            warnings,
            ..
        } => {
            let plural =
                |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            let with_warnings = if *warnings > 0 {
                format!(", {}", plural(*warnings, "avviso", "avvisi"))
            } else {
                String::new()
            };
            let outcome_text = match outcome {
                UploadOutcome::Accepted => format!("accettato{with_warnings}"),
                UploadOutcome::ToFix => format!(
                    "da correggere: {}{with_warnings}",
                    plural(*errors, "errore", "errori")
                ),
                UploadOutcome::NotReceived => "non ricevuto per intero".to_string(),
                UploadOutcome::NotSaved => "non salvato".to_string(),
            };
            Some(LastUpload {
                when: e.when_local(),
                outcome: outcome_text,
                to_fix: *outcome == UploadOutcome::ToFix,
            })
        }
        _ => None,
    })
}
