//! `sportello --tls CERTIFICATO CHIAVE`: HTTPS served by the sportello
//! itself, with rustls (the ring provider). The certificate chain and the
//! private key are PEM files, as every certificate authority and
//! `certbot` hand them out. Handshakes run off the accept loop, so a
//! client that stalls (or speaks plain HTTP to the HTTPS port) delays no
//! one else.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::server::TlsStream;

use crate::diag::{Diagnostic, Diagnostics, Location};

/// The longest a client may take over the TLS handshake.
const HANDSHAKE: Duration = Duration::from_secs(15);

fn unreadable(path: &Path, what: &str, reason: String) -> Diagnostics {
    Diagnostic::error(
        Location::file(path),
        format!("impossibile leggere {what} «{}»: {reason}", path.display()),
    )
    .with_hint(
        "indicare con --tls prima il file del certificato e poi quello della chiave privata, \
         entrambi in formato PEM (come li rilasciano le autorità di certificazione o certbot), \
         leggibili dall'utente che avvia lo sportello",
    )
    .into()
}

fn reason(e: crate::input::InputError) -> String {
    match e {
        crate::input::InputError::Missing => "il file non esiste".into(),
        crate::input::InputError::Bad(d) => d
            .message
            .strip_prefix("impossibile leggere il file: ")
            .unwrap_or(&d.message)
            .to_string(),
    }
}

/// Reads the certificate chain and the private key, and builds the
/// server's TLS settings. Every failure names the file.
pub fn load(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, Diagnostics> {
    const MAX: u64 = 1024 * 1024;
    let cert_bytes = crate::input::read_bytes(cert, MAX)
        .map_err(|e| unreadable(cert, "il certificato", reason(e)))?;
    let key_bytes = crate::input::read_bytes(key, MAX)
        .map_err(|e| unreadable(key, "la chiave privata", reason(e)))?;
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_bytes)
        .collect::<Result<_, _>>()
        .map_err(|e| {
            unreadable(
                cert,
                "il certificato",
                format!("il formato PEM non è valido ({e})"),
            )
        })?;
    if certs.is_empty() {
        return Err(unreadable(
            cert,
            "il certificato",
            "non contiene alcun certificato in formato PEM (un blocco «-----BEGIN CERTIFICATE-----»)"
                .into(),
        ));
    }
    let private = PrivateKeyDer::from_pem_slice(&key_bytes).map_err(|e| {
        let reason = match e {
            rustls_pki_types::pem::Error::NoItemsFound => {
                "non contiene alcuna chiave privata in formato PEM (un blocco «-----BEGIN PRIVATE KEY-----»)"
                    .to_string()
            }
            e => format!("il formato PEM non è valido ({e})"),
        };
        unreadable(key, "la chiave privata", reason)
    })?;
    // ring rather than aws-lc-rs: no cmake nor a second C library to
    // build. rustls marks it deprecated for lacking post-quantum key
    // exchange; X25519 and the P curves it has are what browsers offer
    // every server today.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(certs, private))
        .map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(
                    Location::file(key),
                    format!(
                        "il certificato «{}» e la chiave privata «{}» non si possono usare insieme \
                         (dettaglio tecnico: {e})",
                        cert.display(),
                        key.display()
                    ),
                )
                .with_hint("controllare che la chiave sia quella del certificato, e non cifrata con una password"),
            )
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A listener whose connections are TLS sessions, for `axum::serve`.
pub struct TlsListener {
    local: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
}

impl TlsListener {
    /// Accepts on `tcp`, each handshake in its own task.
    pub fn new(tcp: TcpListener, config: Arc<ServerConfig>) -> std::io::Result<TlsListener> {
        let local = tcp.local_addr()?;
        let (tx, ready) = mpsc::channel(64);
        let acceptor = TlsAcceptor::from(config);
        tokio::spawn(async move {
            loop {
                let (stream, peer) = match tcp.accept().await {
                    Ok(x) => x,
                    // Out of file descriptors and the like: wait, retry.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                if tx.is_closed() {
                    return;
                }
                let acceptor = acceptor.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    // A failed or stalled handshake is dropped: no session,
                    // nothing to answer.
                    if let Ok(Ok(tls)) =
                        tokio::time::timeout(HANDSHAKE, acceptor.accept(stream)).await
                    {
                        let _ = tx.send((tls, peer)).await;
                    }
                });
            }
        });
        Ok(TlsListener { local, ready })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(x) => x,
            // The accept loop ended (it never does while the listener
            // lives): nothing more will come.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}
