//! The documents of the year's output folder (`outputs/<anno>/`), listed
//! and downloaded. A requested path is never joined to the folder: it is
//! looked up among the files the listing found, so nothing outside the
//! folder (nor a hidden file) can be named. `riservato/` is listed and
//! served to the office only.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use super::App;
use super::access::Role;
use super::page::{self, require};
use super::unit::attachment;
use crate::individual::CONFIDENTIAL_DIR;

/// One file of the folder.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Relative to the year's folder, with `/`.
    pub path: String,
    pub url: String,
    pub size: String,
    pub modified: String,
}

/// The files under `dir` a visitor of `role` may see, sorted by path.
pub fn list(dir: &Path, role: &Role) -> Vec<Document> {
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
        .into_iter()
        .filter(|(rel, _)| *role == Role::Office || !is_confidential(rel))
        .map(|(rel, meta)| {
            let shown = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            Document {
                url: url_of(&shown),
                size: size_text(meta.len()),
                modified: modified_text(&meta),
                path: shown,
            }
        })
        .collect()
}

fn is_confidential(rel: &Path) -> bool {
    rel.components()
        .next()
        .is_some_and(|c| c.as_os_str() == CONFIDENTIAL_DIR)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, std::fs::Metadata)>) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    for e in listing.flatten() {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // Links are not followed: the folder is what the commands wrote.
        let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        if meta.is_dir() {
            walk(root, &e.path(), out);
        } else if meta.is_file()
            && let Ok(rel) = e.path().strip_prefix(root)
        {
            out.push((rel.to_path_buf(), meta));
        }
    }
}

fn modified_text(meta: &std::fs::Metadata) -> String {
    meta.modified()
        .ok()
        .map(|t| {
            chrono::DateTime::<chrono::Local>::from(t)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

fn size_text(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!(
            "{} MB",
            crate::italian::number(n as f64 / (1024.0 * 1024.0), 1)
        )
    } else {
        format!("{} kB", n.div_ceil(1024))
    }
}

/// The address of the SMVP document (`outputs/smvp.pdf`, outside the
/// year's folder).
pub const SMVP_URL: &str = "/smvp.pdf";

/// The SMVP document, when it has been written: for the office's and the
/// evaluator's pages (the evaluator gives its binding opinion on it).
pub fn smvp_document(ente: &crate::ente::EnteFolder) -> Option<Document> {
    let path = ente.outputs.join(crate::ente::SMVP_FILE);
    let meta = std::fs::symlink_metadata(&path)
        .ok()
        .filter(|m| m.is_file())?;
    Some(Document {
        path: crate::ente::SMVP_FILE.to_string(),
        url: SMVP_URL.to_string(),
        size: size_text(meta.len()),
        modified: modified_text(&meta),
    })
}

/// `/smvp.pdf`: the SMVP document, for the office and the evaluator.
pub async fn download_smvp(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if let Err(r) = require(&app, &headers, |r| {
        matches!(r, Role::Office | Role::Evaluator)
    }) {
        return r;
    }
    if smvp_document(&app.config.ente).is_none() {
        return page::not_found_page(&app);
    }
    let path = app.config.ente.outputs.join(crate::ente::SMVP_FILE);
    match crate::input::read_bytes(&path, 1 << 30) {
        Ok(bytes) => attachment(crate::ente::SMVP_FILE, "application/pdf", bytes),
        Err(_) => page::not_found_page(&app),
    }
}

/// The address of a file of the year's folder (its path with `/`).
pub fn url_of(path: &str) -> String {
    format!("/documenti/{}", encode(path))
}

fn encode(path: &str) -> String {
    let mut s = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// `/documenti/<percorso>`: one file of the year's folder. The office
/// gets any; the Nucleo any outside `riservato/` (the bozza it validates);
/// a unit its own scheda of the last Relazione written, and nothing else.
pub async fn download(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    UrlPath(wanted): UrlPath<String>,
) -> Response {
    let v = match require(&app, &headers, |_| true) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Role::Unit(id) = &v.role
        && app
            .config
            .ente
            .unit_scheda(v.plan.year, id.as_str())
            .as_deref()
            != Some(&*wanted)
    {
        return page::forbidden(&app, &v);
    }
    let dir = app.config.ente.year_dir(v.plan.year);
    let Some(doc) = list(&dir, &v.role).into_iter().find(|d| d.path == wanted) else {
        return page::not_found_page(&app);
    };
    let path = dir.join(&doc.path);
    let name = doc
        .path
        .rsplit('/')
        .next()
        .unwrap_or("documento")
        .to_string();
    let kind = match name
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => "application/pdf",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    match crate::input::read_bytes(&path, 1 << 30) {
        Ok(bytes) => attachment(&name, kind, bytes),
        Err(_) => page::not_found_page(&app),
    }
}
