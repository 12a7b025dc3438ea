//! `/`: where each link lands — the office's home, a unit's page, the
//! evaluator's page. Apart from [`super::page`], so that what every page
//! shares uses none of the pages.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use super::App;
use super::access::Role;
use super::page::{NUCLEO_URL, unit_url, visitor};

/// `/`: each role's own page.
pub async fn home(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let v = match visitor(&app, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    match &v.role {
        Role::Office => super::office::home(app.clone(), v).await,
        Role::Unit(id) => Redirect::to(&unit_url(id.as_str())).into_response(),
        Role::Evaluator => Redirect::to(NUCLEO_URL).into_response(),
    }
}
