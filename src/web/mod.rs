//! `consuntivo sportello`: the ente's folder served as web pages, for the
//! top official's office, each unit and the evaluator. A top layer like the
//! command line: thin handlers over the library functions the commands
//! call ([`crate::ente`], [`crate::forms`], [`crate::status`]); the library
//! never uses it. The ente's folder is a value in [`App`], never the
//! current directory; pages, styles and script are embedded in the binary.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::diag::Diagnostics;
use crate::ente::EnteFolder;

pub mod access;
pub mod disk;
mod documents;
pub mod events;
mod home;
mod job_kind;
pub mod jobs;
mod nucleo;
mod office;
mod page;
pub mod record;
mod registro_page;
mod runs;
mod texts;
pub mod tls;
mod unit;
pub mod upload;
mod versions;
mod work;

pub use access::Role;
pub use page::unit_url;
pub use record::{Event, Registro, UploadOutcome};

/// The largest upload accepted, in bytes: a form is refused above the
/// size the form reader accepts, plus room for the request's envelope.
pub const MAX_UPLOAD: usize = crate::workbook::MAX_FILE_BYTES as usize + 64 * 1024;

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub ente: EnteFolder,
    /// The sportello's own folder: the links' hashes, the uploads kept
    /// aside and every accepted version.
    pub state: PathBuf,
    /// The address people open, for the links printed at start and shown
    /// on the «Accessi» page (e.g. `http://127.0.0.1:8080`).
    pub public_url: String,
}

/// The default sportello folder: `sportello/` beside the inputs.
pub fn default_state_dir(inputs: &std::path::Path) -> PathBuf {
    inputs
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| p.join("sportello"))
        .unwrap_or_else(|| PathBuf::from("sportello"))
}

/// The shared state of every request.
pub struct App {
    pub config: Config,
    tokens: RwLock<access::Tokens>,
    pages: page::Pages,
    /// Held while an accepted upload replaces a unit's form, so two
    /// uploads never interleave their renames.
    commit: Mutex<()>,
    /// The long work started from the office's page, one at a time.
    pub jobs: Arc<jobs::Jobs>,
    /// The record of who did what (`registro.sqlite`).
    pub registro: Registro,
    /// Where uploads and restores write their files.
    pub disk: disk::Disk,
}

impl App {
    /// Records `event`, done by visitor `v`. The registro is a trace, not
    /// the data: when it cannot be written (disk full, file damaged), the
    /// action stays done and the failure goes to the server's log.
    pub(crate) fn record(&self, v: &page::Visitor, event: &Event) {
        let who = page::role_label(&v.role, &v.plan, &v.vocab);
        if let Err(d) = self.registro.record(&v.role, &who, v.plan.year, event) {
            for x in d.iter() {
                eprintln!("{x}");
            }
        }
    }
}

/// A link issued at start, to print.
pub struct Issued {
    pub role: String,
    pub url: String,
    /// A unit's link (its own page only), listed apart from the office's
    /// and the evaluator's.
    pub unit: bool,
}

/// What [`prepare`] did: the links issued now (shown once) and the roles
/// whose link was issued before (not recoverable: only its hash is kept).
pub struct Startup {
    pub app: Arc<App>,
    pub issued: Vec<Issued>,
    pub kept: Vec<String>,
}

/// Loads the plan and the links; issues a link for every role that has
/// none (every role when `renew`).
pub fn prepare(config: Config, renew: bool) -> Result<Startup, Diagnostics> {
    let plan = config.ente.load_plan()?;
    let vocab = config.ente.load_vocab()?;
    std::fs::create_dir_all(&config.state).map_err(|e| {
        Diagnostics::from(crate::diag::Diagnostic::error(
            crate::diag::Location::file(&config.state),
            format!(
                "impossibile creare la cartella dello sportello: {}",
                crate::diag::os_error_text(&e)
            ),
        ))
    })?;
    let mut tokens = access::Tokens::load(&config.state)?;
    let registro = Registro::open(&config.state)?;
    let mut issued = Vec::new();
    let mut kept = Vec::new();
    for role in Role::all(&plan) {
        let label = page::role_label(&role, &plan, &vocab);
        if renew || !tokens.has(&role) {
            let token = tokens.issue(&role)?;
            issued.push(Issued {
                unit: matches!(role, access::Role::Unit(_)),
                role: label,
                url: access_url(&config.public_url, &token),
            });
        } else {
            kept.push(label);
        }
    }
    let app = Arc::new(App {
        config,
        tokens: RwLock::new(tokens),
        pages: page::Pages::new(),
        commit: Mutex::new(()),
        registro,
        disk: disk::Disk::default(),
        jobs: Arc::new(jobs::Jobs::default()),
    });
    Ok(Startup { app, issued, kept })
}

/// The link that opens the sportello with `token`.
pub fn access_url(public_url: &str, token: &str) -> String {
    format!("{}/accesso/{token}", public_url.trim_end_matches('/'))
}

/// The warning printed when the server answers beyond this computer
/// without HTTPS: plain HTTP is readable by anyone on the way.
pub fn exposure_warning(addr: IpAddr, tls: bool) -> Option<String> {
    (!addr.is_loopback() && !tls).then(|| {
        format!(
            "Attenzione: lo sportello risponde sull'indirizzo {addr}, raggiungibile da altri computer, \
             e il traffico (link di accesso compresi) viaggia in chiaro, non cifrato. \
             Per cifrarlo: riaprirlo con --tls CERTIFICATO CHIAVE, oppure metterlo dietro un proxy inverso \
             con HTTPS (esempi in docs/sportello.md) e usarlo solo sull'indirizzo 127.0.0.1."
        )
    })
}

/// Every route of the sportello.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(home::home))
        .route("/accesso/{token}", get(page::enter))
        .route("/esci", post(page::leave))
        .route("/risorse/{name}", get(page::asset))
        .route("/accessi", get(office::links).post(office::reissue))
        .route("/registro", get(registro_page::page))
        .route("/documenti/{*path}", get(documents::download))
        .route(documents::SMVP_URL, get(documents::download_smvp))
        .route("/lavori/{lavoro}", post(work::start))
        .route("/lavoro", get(work::status))
        .route("/lavoro.json", get(work::status_json))
        .route(page::NUCLEO_URL, get(nucleo::page))
        .route("/valutazioni/decisione", post(nucleo::decide))
        .route("/valutazioni/validazione", post(nucleo::validate))
        .route(texts::URL, get(texts::page).post(texts::save))
        .route("/unita/{id}", get(unit::page))
        .route("/unita/{id}/monitoraggio", get(unit::download_monitoring))
        .route(
            "/unita/{id}/modulo",
            get(unit::download)
                .post(unit::upload)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route(
            "/unita/{id}/versioni",
            get(versions::page).post(versions::restore),
        )
        .route("/unita/{id}/versioni/{file}", get(versions::download))
        .fallback(page::not_found)
        .layer(axum::middleware::from_fn(page::security_headers))
        .with_state(app)
}

/// Serves on `addr` until the process is stopped (Ctrl+C).
pub async fn serve(app: Arc<App>, addr: SocketAddr) -> std::io::Result<()> {
    serve_on(app, tokio::net::TcpListener::bind(addr).await?).await
}

/// Serves on a bound listener until the process is stopped (Ctrl+C).
pub async fn serve_on(app: Arc<App>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_with(app, listener).await
}

/// Serves on any listener (plain TCP, or [`tls::TlsListener`]) until the
/// process is stopped (Ctrl+C).
pub async fn serve_with<L>(app: Arc<App>, listener: L) -> std::io::Result<()>
where
    L: axum::serve::Listener,
    L::Addr: std::fmt::Debug,
{
    axum::serve(listener, router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
