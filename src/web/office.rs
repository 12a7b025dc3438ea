//! The top official's office: its pages and actions.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use minijinja::{Value, context};

use super::access::Role;
use super::page::{self, Visitor, require};
use super::{App, access_url};

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
    let v = match require(&app, &headers, |r| *r == Role::Office) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !v.check_csrf(form.csrf.as_deref()) {
        return page::csrf_refused(&app);
    }
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
    let label = page::role_label(&role, &v.plan, &v.vocab);
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
