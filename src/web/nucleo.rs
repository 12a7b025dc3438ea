//! The evaluator's page (the Nucleo, the OIV; the office sees it too):
//! the proposals awaiting a decision with what the units wrote, the
//! decisions already taken, and the validation act. Decisions and the act
//! are written into the files the commands read
//! ([`crate::ente::decisions`], [`crate::ente::texts`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};

use super::App;
use super::access::Role;
use super::events::{self, Event};
use super::page::{self, Shown, Visitor, require};
use crate::ente::decisions::{self, Author, Decision, DecisionKind};
use crate::ente::{Refusal, edit};
use crate::plan::{AreaId, IndicatorId};
use crate::report;
use crate::scoring::{Review, ReviewSubject};

/// The page's address.
pub const URL: &str = super::page::NUCLEO_URL;

fn allowed(r: &Role) -> bool {
    matches!(r, Role::Office | Role::Evaluator)
}

#[derive(serde::Deserialize, Default)]
pub struct Outcome {
    esito: Option<String>,
}

/// `GET /valutazioni`.
pub async fn page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<Outcome>,
) -> Response {
    let v = match require(&app, &headers, allowed) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let done = match q.esito.as_deref() {
        Some("decisione") => Some("La decisione è stata scritta nel file delle valutazioni."),
        Some("validazione") => Some("L'atto di validazione è stato registrato."),
        _ => None,
    };
    render(app, v, Form::default(), StatusCode::OK, done).await
}

/// What the page shows besides the files: the message of a refusal, and
/// what was typed in the form it refused (so nothing typed is lost).
#[derive(Default, Clone)]
struct Form {
    /// `indicatore|area` of the proposal whose form was refused, or
    /// «validazione».
    at: Option<String>,
    fields: BTreeMap<String, String>,
    problem: Option<String>,
    diagnostics: Vec<Shown>,
}

async fn render(
    app: Arc<App>,
    v: Visitor,
    form: Form,
    status: StatusCode,
    done: Option<&'static str>,
) -> Response {
    let app2 = app.clone();
    let built = tokio::task::spawn_blocking(move || context_for(&app2, &v, &form, done)).await;
    match built {
        Ok(ctx) => app.pages.render_status(status, "valutazioni.html", ctx),
        Err(_) => page::bad_request(&app, "La pagina non si è potuta comporre: riprovare."),
    }
}

fn context_for(app: &App, v: &Visitor, form: &Form, done: Option<&str>) -> Value {
    let ente = &app.config.ente;
    let plan = &v.plan;
    let progress = crate::progress::Silent;
    let review_path = ente.review_path(plan.year);
    let (proposals, scorecard, problems) =
        match ente.score_all(&crate::ente::ScoreOptions::default(), &progress) {
            Ok(s) => (
                decisions::proposals(&s.plan, &s.results, &s.scorecard.pending),
                Some(s.scorecard),
                Vec::new(),
            ),
            Err(d) => (Vec::new(), None, Shown::all(&d)),
        };
    let (taken, review_problems) = match ente.load_review(plan, None, &v.vocab) {
        Ok(r) => (taken(v, &r), Vec::new()),
        Err(d) => (Vec::new(), Shown::all(&d)),
    };
    let fingerprint = edit::fingerprint(&review_path).unwrap_or_default();
    let relazione = ente.relazione_path();
    let relazione_fingerprint = edit::fingerprint(&relazione).unwrap_or_default();
    let (act, act_problems) = match report::load_config(&ente.inputs) {
        Ok((c, _)) => (c.validazione.clone(), Vec::new()),
        Err(d) => (None, Shown::all(&d)),
    };
    // Whether the next Relazione is the final version, in the words the
    // `relazione` command would use.
    let (definitive, why_not) = match (&scorecard, report::load_config(&ente.inputs)) {
        (Some(p), Ok((config, _))) => match report::is_final(&config, &ente.inputs, p, &v.vocab) {
            Ok(true) => (Some(true), Vec::new()),
            Ok(false) => (Some(false), Vec::new()),
            Err(d) => (Some(false), Shown::all(&d)),
        },
        _ => (None, Vec::new()),
    };
    let asks_draft =
        report::load_config(&ente.inputs).is_ok_and(|(c, _)| c.stato.as_deref() == Some("bozza"));
    let proposals: Vec<Value> = proposals
        .into_iter()
        .enumerate()
        .map(|(n, p)| {
            let key = format!("{}|{}", p.indicator, p.area);
            let refused = form.at.as_deref() == Some(key.as_str());
            context! {
                n => n + 1,
                key => key,
                refused => refused,
                p => Value::from(minijinja::value::Serde(p)),
            }
        })
        .collect();
    // What the Nucleo validates: the public documents of the last run
    // (riservato/ is the office's alone).
    let documents = super::documents::list(&ente.year_dir(v.plan.year), &v.role);
    context! {
        documents => Value::from(minijinja::value::Serde(documents)),
        smvp => super::documents::smvp_document(ente).map(|d| Value::from(minijinja::value::Serde(d))),
        proposals => proposals,
        problems => Value::from(minijinja::value::Serde(problems)),
        taken => taken,
        review_problems => Value::from(minijinja::value::Serde(review_problems)),
        review_file => review_path.file_name().map(|n| n.to_string_lossy().into_owned()),
        fingerprint => fingerprint,
        relazione_fingerprint => relazione_fingerprint,
        act_atto => act.as_ref().and_then(|a| a.atto.clone()),
        // The date as read («20.04.2026» is shown 20/04/2026), as the
        // documents print it.
        act_data => act.as_ref().and_then(|a| a.data.as_deref()).map(|d| {
            crate::italian::parse_document_date(d.trim())
                .map_or_else(|| d.to_string(), crate::italian::date_short)
        }),
        act_impronta => act.as_ref().and_then(|a| a.impronta.clone()),

        act_problems => Value::from(minijinja::value::Serde(act_problems)),
        definitive => definitive,
        why_not => Value::from(minijinja::value::Serde(why_not)),
        asks_draft => asks_draft,
        done => done,
        form_at => form.at.clone(),
        form_fields => {
            let mut all: BTreeMap<String, String> = ["decisione", "grado", "motivazione", "atto", "data"]
                .into_iter()
                .map(|k| (k.to_string(), String::new()))
                .collect();
            all.extend(form.fields.clone());
            all
        },
        form_problem => form.problem.clone(),
        form_diagnostics => Value::from(minijinja::value::Serde(form.diagnostics.clone())),
        ..v.base(&page::nucleo_title(v))
    }
}

/// The decisions in the Nucleo's file, as rows.
fn taken(v: &Visitor, r: &Review) -> Vec<Value> {
    let plan = &v.plan;
    let unit = |a: Option<&AreaId>| match a {
        Some(a) => plan
            .area(a)
            .map_or_else(|| a.to_string(), |x| x.name.clone()),
        None => v.vocab.all_units(),
    };
    let subject = |s: &ReviewSubject| match s {
        ReviewSubject::Indicator(id) => (
            id.to_string(),
            plan.indicator(id)
                .map(|(_, i)| i.description.clone())
                .unwrap_or_default(),
        ),
        ReviewSubject::Objective(id) => (
            id.to_string(),
            plan.objective(id)
                .map(|o| o.title.clone())
                .unwrap_or_default(),
        ),
    };
    let mut rows = Vec::new();
    for c in &r.confirmations {
        let (id, what) = subject(&ReviewSubject::Indicator(c.indicator.clone()));
        rows.push(context! { kind => "Conferma", id, what, unit => unit(c.area.as_ref()), grade => None::<String>, motivation => c.motivation.clone() });
    }
    for c in &r.corrections {
        let (id, what) = subject(&c.subject);
        rows.push(context! { kind => "Correzione", id, what, unit => unit(Some(&c.area)), grade => Some(crate::italian::percent(c.grade)), motivation => c.motivation.clone() });
    }
    for n in &r.neutralisations {
        let (id, what) = subject(&n.subject);
        rows.push(context! { kind => "Neutralizzazione", id, what, unit => unit(n.area.as_ref()), grade => None::<String>, motivation => n.motivation.clone() });
    }
    rows
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    csrf: Option<String>,
    impronta: Option<String>,
    indicatore: Option<String>,
    area: Option<String>,
    decisione: Option<String>,
    grado: Option<String>,
    motivazione: Option<String>,
}

/// `POST /valutazioni/decisione`: one decision on one proposal.
pub async fn decide(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::Form(f): axum::Form<DecisionForm>,
) -> Response {
    let v = match page::require_posted(&app, &headers, allowed, f.csrf.as_deref()) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let (Some(indicator), Some(area)) = (f.indicatore.clone(), f.area.clone()) else {
        return page::bad_request(
            &app,
            "La decisione non indica la proposta: ricaricare la pagina e riprovare.",
        );
    };
    let mut form = Form {
        at: Some(format!("{indicator}|{area}")),
        fields: [
            ("decisione", f.decisione.clone()),
            ("grado", f.grado.clone()),
            ("motivazione", f.motivazione.clone()),
        ]
        .into_iter()
        .filter_map(|(k, x)| x.map(|x| (k.to_string(), x)))
        .collect(),
        ..Form::default()
    };
    let Some(kind) = f.decisione.as_deref().and_then(DecisionKind::from_key) else {
        form.problem = Some(
            "Scegliere la decisione: confermare la proposta, correggere il grado o neutralizzare l'indicatore."
                .into(),
        );
        return render(app, v, form, StatusCode::UNPROCESSABLE_ENTITY, None).await;
    };
    let decision = Decision {
        kind,
        indicator: IndicatorId::from(indicator.as_str()),
        area: AreaId::from(area.as_str()),
        grade: (kind == DecisionKind::Correct).then(|| f.grado.clone().unwrap_or_default()),
        motivation: f.motivazione.clone().unwrap_or_default(),
    };
    let who = page::role_label(&v.role, &v.plan, &v.vocab);
    let seen = f.impronta.clone().unwrap_or_default();
    let app2 = app.clone();
    let (plan, vocab) = (v.plan.clone(), v.vocab.clone());
    let who2 = who.clone();
    let d2 = decision.clone();
    let written = tokio::task::spawn_blocking(move || {
        let _guard = app2.commit.lock();
        let author = Author {
            role: &who2,
            date: chrono::Local::now().date_naive(),
        };
        app2.config
            .ente
            .write_decision(&plan, &vocab, &d2, &author, &seen)
    })
    .await;
    match written {
        Ok(Ok(file)) => {
            events::record(
                &app,
                &v,
                Event::Decision {
                    who,
                    kind: decision.kind,
                    indicator: decision.indicator.to_string(),
                    // The unit by its name, as every page names it.
                    area: v
                        .plan
                        .area(&decision.area)
                        .map_or_else(|| decision.area.to_string(), |a| a.name.clone()),
                    grade: decision.grade.clone(),
                    file,
                },
            );
            Redirect::to(&format!("{URL}?esito=decisione#esito")).into_response()
        }
        Ok(Err(refusal)) => {
            let file = app.config.ente.review_path(v.plan.year);
            refused(app, v, form, refusal, &file).await
        }
        Err(_) => page::bad_request(&app, "La decisione non si è potuta scrivere: riprovare."),
    }
}

/// The page again, with why nothing was written and what was typed.
async fn refused(
    app: Arc<App>,
    v: Visitor,
    mut form: Form,
    refusal: Refusal,
    file: &std::path::Path,
) -> Response {
    let status = match refusal {
        Refusal::Changed => {
            form.problem = Some(changed_message(file));
            StatusCode::CONFLICT
        }
        Refusal::Invalid(d) => {
            form.diagnostics = unplaced(&d);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Refusal::Io(d) => {
            form.diagnostics = Shown::all(&d);
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    render(app, v, form, status, None).await
}

/// What a page says when the file changed after it was shown.
pub fn changed_message(file: &std::path::Path) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(
        "Nulla è stato scritto: il file «{name}» è stato modificato dopo l'apertura di questa pagina \
         (a mano, o da un'altra pagina dello sportello), e scrivere ora cancellerebbe quelle modifiche. \
         La pagina qui sotto mostra il file com'è ora: controllarlo e, se serve ancora, \
         inviare di nuovo (quanto era stato scritto nel modulo è conservato)."
    )
}

/// The commands' messages without their place: it is a line of the text
/// that was refused, not of the file on disk.
pub fn unplaced(d: &crate::diag::Diagnostics) -> Vec<Shown> {
    d.iter()
        .map(|x| Shown {
            place: String::new(),
            ..Shown::from(x)
        })
        .collect()
}

#[derive(serde::Deserialize)]
pub struct ValidationForm {
    csrf: Option<String>,
    impronta: Option<String>,
    atto: Option<String>,
    data: Option<String>,
    /// The fingerprint of the results, as printed on the draft the
    /// evaluator validated.
    risultati: Option<String>,
}

/// `POST /valutazioni/validazione`: the validation act, recorded in
/// `relazione.toml`.
pub async fn validate(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::Form(f): axum::Form<ValidationForm>,
) -> Response {
    let v = match page::require_posted(&app, &headers, allowed, f.csrf.as_deref()) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let act = f.atto.clone().unwrap_or_default();
    let date = f.data.clone().unwrap_or_default();
    let code = f.risultati.clone().unwrap_or_default();
    let form = Form {
        at: Some("validazione".into()),
        fields: [
            ("atto", act.clone()),
            ("data", date.clone()),
            ("risultati", code.clone()),
        ]
        .into_iter()
        .map(|(k, x)| (k.to_string(), x))
        .collect(),
        ..Form::default()
    };
    let seen = f.impronta.clone().unwrap_or_default();
    let year = v.plan.year;
    let app2 = app.clone();
    let (a2, d2) = (act.clone(), date.clone());
    let written = tokio::task::spawn_blocking(move || {
        let _guard = app2.commit.lock();
        app2.config
            .ente
            .write_validation(&a2, &d2, &code, year, &seen)
    })
    .await;
    match written {
        Ok(Ok(_)) => {
            let who = page::role_label(&v.role, &v.plan, &v.vocab);
            events::record(
                &app,
                &v,
                Event::Validation {
                    who,
                    act: act.trim().to_string(),
                    date: date.trim().to_string(),
                },
            );
            Redirect::to(&format!("{URL}?esito=validazione#validazione")).into_response()
        }
        Ok(Err(refusal)) => {
            let file = app.config.ente.relazione_path();
            refused(app, v, form, refusal, &file).await
        }
        Err(_) => page::bad_request(&app, "L'atto non si è potuto registrare: riprovare."),
    }
}
