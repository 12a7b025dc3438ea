//! A unit's accepted versions: every accepted upload is kept in the
//! sportello's archive (`archivio/<anno>/<unità>/<quando>-<impronta>.<ext>`),
//! listed newest first, downloadable, and restorable. A restore checks the
//! version again (the plan or the rules may have changed since), puts it
//! in place of the unit's form in one step, and is recorded. A requested
//! version is looked up among the files the listing found, never joined
//! to a path.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDateTime;
use minijinja::{Value, context};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::access::hex;
use super::page::{self, Shown, Visitor, unit_url};
use super::unit::{attachment, unit_visitor};
use super::upload::{self, ARCHIVE, STAMP, Upload, sniff};
use super::{App, Event};
use crate::plan::{Area, Plan};

/// One accepted version in the archive.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// The archived file's name (what the restore form sends back).
    pub file: String,
    /// When it was accepted, «GG/MM/AAAA HH:MM:SS».
    pub when: String,
    /// The first 12 hexadecimal digits of its SHA-256.
    pub sha12: String,
    pub size: String,
    /// Whether it is the unit's form in use now.
    pub in_use: bool,
    pub url: String,
    #[serde(skip)]
    pub path: PathBuf,
}

/// The archived versions of `area`'s form, newest first.
pub fn list(app: &App, plan: &Plan, area: &Area) -> Vec<Version> {
    let dir = upload::unit_dir(&app.config.state, ARCHIVE, plan, area);
    let Ok(listing) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, NaiveDateTime, String, u64)> = listing
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let meta = std::fs::symlink_metadata(e.path()).ok()?;
            if !meta.is_file() || !name.is_ascii() || name.len() < 29 {
                return None;
            }
            // «AAAAMMGG-HHMMSS-mmm-<impronta>.<ext>» (the milliseconds may
            // be missing in the archive of an earlier release).
            let at = NaiveDateTime::parse_from_str(&name[..15], STAMP).ok()?;
            let rest = &name[15..];
            let millis = rest.len() > 5
                && rest.as_bytes()[0] == b'-'
                && rest[1..4].bytes().all(|b| b.is_ascii_digit())
                && rest.as_bytes()[4] == b'-';
            let rest = if millis { &rest[4..] } else { rest };
            let sha12 = rest.get(1..13)?;
            let ext = rest.get(13..)?;
            let known = [".xlsx", ".xls", ".ods"].contains(&ext);
            (known && sha12.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| (name.clone(), at, sha12.to_string(), meta.len()))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0));
    let in_use = upload::accepted_form(&app.config.ente, plan, area)
        .and_then(|p| crate::input::read_bytes(&p, crate::workbook::MAX_FILE_BYTES).ok())
        .map(|b| hex(&Sha256::digest(&b)));
    let mut marked = false;
    let base = unit_url(area.id.as_str());
    found
        .into_iter()
        .map(|(file, at, sha12, len)| {
            let current = !marked
                && in_use
                    .as_deref()
                    .is_some_and(|s| s.starts_with(sha12.as_str()));
            marked |= current;
            Version {
                url: format!("{base}/versioni/{file}"),
                path: dir.join(&file),
                when: at.format("%d/%m/%Y %H:%M:%S").to_string(),
                size: format!("{} kB", len.div_ceil(1024)),
                in_use: current,
                sha12,
                file,
            }
        })
        .collect()
}

fn versions_context(
    app: &App,
    v: &Visitor,
    area: &Area,
    problem: Option<(&str, Vec<Shown>)>,
) -> Value {
    let versions = list(app, &v.plan, area);
    let history: Vec<Value> = app
        .registro
        .for_unit(v.plan.year, area.id.as_str(), 30)
        .unwrap_or_default()
        .iter()
        .map(|e| super::registro_page::row(e, &v.plan, &v.vocab))
        .collect();
    let (message, diagnostics) = problem.unzip();
    context! {
        unit_name => area.name.clone(),
        unit_of => v.vocab.unit_named(crate::vocab::Prep::Di, &area.name),
        unit_url => unit_url(area.id.as_str()),
        versions => Value::from(minijinja::value::Serde(versions)),
        history => history,
        message => message,
        diagnostics => Value::from(minijinja::value::Serde(diagnostics.unwrap_or_default())),
        ..v.base(&format!("Versioni del modulo · {}", area.name))
    }
}

/// `/unita/<id>/versioni`: the accepted versions, with «Ripristina».
pub async fn page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (v, area) = match unit_visitor(&app, &headers, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    page::compose(&app, "versioni.html", move |app| {
        versions_context(app, &v, &area, None)
    })
    .await
}

/// `/unita/<id>/versioni/<file>`: one archived version, to download.
pub async fn download(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let (v, area) = match unit_visitor(&app, &headers, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(found) = list(&app, &v.plan, &area)
        .into_iter()
        .find(|x| x.file == file)
    else {
        return page::not_found_page(&app);
    };
    let Ok(bytes) = crate::input::read_bytes(&found.path, crate::workbook::MAX_FILE_BYTES) else {
        return page::not_found_page(&app);
    };
    let form = crate::forms::file_name(&v.plan, &area.name);
    let stem = form.strip_suffix(".xlsx").unwrap_or(&form);
    let ext = sniff(&bytes).map_or("xlsx", upload::Format::extension);
    let when = found.when.replace('/', "-").replace(':', ".");
    attachment(
        &format!("{stem} (versione del {when}).{ext}"),
        "application/octet-stream",
        bytes,
    )
}

#[derive(serde::Deserialize)]
pub struct RestoreForm {
    csrf: Option<String>,
    versione: Option<String>,
}

/// `POST /unita/<id>/versioni`: puts an earlier accepted version back in
/// place of the unit's form, if it still passes the checks.
pub async fn restore(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<RestoreForm>,
) -> Response {
    let (v, area) = match unit_visitor(&app, &headers, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !v.check_csrf(form.csrf.as_deref()) {
        return page::csrf_refused(&app);
    }
    let wanted = form.versione.unwrap_or_default();
    let app2 = app.clone();
    let done = tokio::task::spawn_blocking(move || -> Result<String, Value> {
        let versions = list(&app2, &v.plan, &area);
        let Some(found) = versions.into_iter().find(|x| x.file == wanted) else {
            return Err(versions_context(
                &app2,
                &v,
                &area,
                Some(("La versione indicata non è tra quelle conservate: sceglierne una dall'elenco.", Vec::new())),
            ));
        };
        let bytes = match crate::input::read_bytes(&found.path, crate::workbook::MAX_FILE_BYTES) {
            Ok(b) => b,
            Err(e) => {
                let d = e.into_diagnostic(&found.path, "la versione conservata");
                return Err(versions_context(
                    &app2,
                    &v,
                    &area,
                    Some(("La versione non si è potuta leggere.", vec![Shown::from(&d)])),
                ));
            }
        };
        let u = Upload::now(&app2, &v, &area, bytes);
        let (mut outcome, _) = upload::check(&u);
        if !outcome.accepted {
            return Err(versions_context(
                &app2,
                &v,
                &area,
                Some((
                    "Questa versione non supera più la verifica (il piano, le regole o gli altri moduli sono cambiati da quando fu accettata): non è stata ripristinata.",
                    outcome.diagnostics,
                )),
            ));
        }
        outcome.restored = Some(found.when.clone());
        let _guard = app2.commit.lock().unwrap_or_else(|p| p.into_inner());
        let put = upload::put_in_place(&u, &outcome.file)
            .and_then(|()| upload::save_outcome(&u, &outcome));
        if let Err(d) = put {
            return Err(versions_context(
                &app2,
                &v,
                &area,
                Some(("La versione non si è potuta ripristinare; il modulo in uso è rimasto quello di prima.", Shown::all(&d))),
            ));
        }
        app2.record(
            &v,
            &Event::Restore {
                unit: area.id.to_string(),
                sha256: outcome.sha256.clone(),
                version: found.when,
                note: String::new(),
            },
        );
        Ok(unit_url(area.id.as_str()))
    })
    .await;
    match done {
        Ok(Ok(url)) => Redirect::to(&format!("{url}#esito")).into_response(),
        Ok(Err(ctx)) => app
            .pages
            .render_status(StatusCode::CONFLICT, "versioni.html", ctx),
        Err(_) => page::bad_request(&app, "La versione non si è potuta ripristinare: riprovare."),
    }
}
