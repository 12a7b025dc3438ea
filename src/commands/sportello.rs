//! `consuntivo sportello`: serves the ente's folder as web pages. Wiring
//! only: the pages live in the library's `server` module.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use consuntivo::diag::{Diagnostic, Diagnostics, Location};
use consuntivo::web;

use super::{CmdResult, ente_with_templates, sayln};
use crate::Common;

pub struct Options {
    pub indirizzo: IpAddr,
    pub porta: u16,
    pub url: Option<String>,
    pub cartella: Option<PathBuf>,
    pub nuovi_link: bool,
    /// `--tls CERTIFICATO CHIAVE`: HTTPS without a proxy.
    pub tls: Option<(PathBuf, PathBuf)>,
}

pub fn cmd_sportello(common: &Common, o: Options) -> CmdResult {
    let folder = ente_with_templates(common, None);
    let state = o
        .cartella
        .unwrap_or_else(|| web::default_state_dir(&folder.inputs));
    let addr = SocketAddr::new(o.indirizzo, o.porta);
    // The certificate is read before anything starts: a wrong path stops
    // here, naming the file.
    let tls = match &o.tls {
        Some((cert, key)) => Some(web::tls::load(cert, key)?),
        None => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let public_url = o.url.unwrap_or_else(|| format!("{scheme}://{addr}"));
    let config = web::Config {
        ente: folder,
        state,
        public_url,
    };
    let start = web::prepare(config, o.nuovi_link)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(&start.app.config.state, &e))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(
                    Location::default(),
                    format!(
                        "impossibile aprire lo sportello su {addr}: {}",
                        consuntivo::diag::os_error_text(&e)
                    ),
                )
                .with_hint(
                    "scegliere un'altra porta con --porta, o chiudere il programma che usa questa",
                ),
            )
        })?;
    sayln!(
        "Sportello aperto su {}  (cartella dello sportello: {})",
        start.app.config.public_url,
        start.app.config.state.display()
    );
    if let Some(w) = web::exposure_warning(o.indirizzo, tls.is_some()) {
        eprintln!("\n{w}");
    }
    if !start.issued.is_empty() {
        sayln!("\nLink di accesso (mostrati ora e mai più: copiarli e consegnarli a ciascuno):");
        for i in start.issued.iter().filter(|i| !i.unit) {
            sayln!("  {}: {}", i.role, i.url);
        }
        let units: Vec<_> = start.issued.iter().filter(|i| i.unit).collect();
        if !units.is_empty() {
            sayln!(
                "\nLink delle unità organizzative (ciascuno apre solo la pagina della propria unità):"
            );
            for i in units {
                sayln!("  {}: {}", i.role, i.url);
            }
        }
    }
    if !start.kept.is_empty() {
        sayln!(
            "\nLink già rilasciati, che restano validi: {}.\n\
             Per sostituirne uno: pagina «Accessi» dello sportello; per rilasciarli tutti di nuovo: consuntivo sportello --nuovi-link",
            start.kept.join(", ")
        );
    }
    sayln!("\nPer chiudere lo sportello: Ctrl+C.");
    let app = start.app.clone();
    let served = match tls {
        Some(config) => runtime.block_on(async {
            let listener = web::tls::TlsListener::new(listener, config)?;
            web::serve_with(app, listener).await
        }),
        None => runtime.block_on(web::serve_on(app, listener)),
    };
    served.map_err(|e| fail(&start.app.config.state, &e))?;
    Ok(Diagnostics::new())
}

fn fail(at: &std::path::Path, e: &std::io::Error) -> Diagnostics {
    Diagnostic::error(
        Location::file(at),
        format!(
            "lo sportello si è fermato: {}",
            consuntivo::diag::os_error_text(e)
        ),
    )
    .into()
}
