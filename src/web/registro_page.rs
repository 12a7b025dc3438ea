//! The office's «Registro» page: who did what through the sportello,
//! newest first, 50 events a page.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use minijinja::{Value, context};

use super::App;
use super::access::Role;
use super::page::{self, require};
use super::record::{Entry, Event};
use crate::plan::{AreaId, Plan};

/// Events on one page.
pub const PAGE_SIZE: usize = 50;

#[derive(serde::Deserialize)]
pub struct Params {
    /// The id the previous page stopped before.
    prima: Option<String>,
}

/// One event as the templates show it: the kind and the fields, the
/// unit named as in the plan today (its id if the plan has it no more).
pub fn row(e: &Entry, plan: &Plan, vocab: &crate::vocab::Vocabulary) -> Value {
    let unit_name = |id: &str| {
        plan.area(&AreaId::from(id))
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let base = context! {
        id => e.id,
        when => e.when_local(),
        who => e.who.clone(),
        year => e.year,
    };
    let fields = match &e.event {
        Event::Upload {
            unit,
            sha256,
            bytes,
            outcome,
            errors,
            warnings,
            note,
        } => context! {
            kind => "invio",
            unit => unit_name(unit),
            unit_of => vocab.unit_named(crate::vocab::Prep::Di, &unit_name(unit)),
            outcome => outcome.key(),
            sha12 => sha256.as_deref().map(|s| s.chars().take(12).collect::<String>()),
            sha256 => sha256.clone(),
            kb => bytes.div_ceil(1024),
            errors => errors,
            warnings => warnings,
            note => note.clone(),
        },
        Event::Restore {
            unit,
            sha256,
            version,
            note,
        } => context! {
            kind => "ripristino",
            unit => unit_name(unit),
            unit_of => vocab.unit_named(crate::vocab::Prep::Di, &unit_name(unit)),
            sha12 => sha256.chars().take(12).collect::<String>(),
            sha256 => sha256.clone(),
            version => version.clone(),
            note => note.clone(),
        },
        Event::Decision { code, action, note } => context! {
            kind => "decisione",
            code => code.clone(),
            action => action.clone(),
            note => note.clone(),
        },
        Event::TextEdit { field, note } => context! {
            kind => "testo",
            field => field.clone(),
            note => note.clone(),
        },
        Event::Generation {
            what,
            outcome,
            note,
        } => context! {
            kind => "generazione",
            what => what.clone(),
            outcome => outcome.clone(),
            note => note.clone(),
        },
    };
    context! { ..base, ..fields }
}

/// `/registro[?prima=<id>]`: the office only.
pub async fn page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    let v = match require(&app, &headers, |r| *r == Role::Office) {
        Ok(v) => v,
        Err(r) => return r,
    };
    // A «prima» that is not a number is the first page, not an error: it
    // only ever comes from the page's own link.
    let before = params
        .prima
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| *p > 0);
    page::compose(&app, "registro.html", move |app| {
        let read = app.registro.page(before, PAGE_SIZE);
        let (rows, older, total, problem) = match read {
            Ok(p) => (
                p.entries
                    .iter()
                    .map(|e| row(e, &v.plan, &v.vocab))
                    .collect::<Vec<_>>(),
                p.older,
                p.total,
                Vec::new(),
            ),
            Err(d) => (Vec::new(), None, 0, page::Shown::all(&d)),
        };
        context! {
            rows => rows,
            older => older,
            total => total,
            first_page => before.is_none(),
            problems => Value::from(minijinja::value::Serde(problem)),
            file => app.registro.path().display().to_string(),
            ..v.base("Registro")
        }
    })
    .await
}
