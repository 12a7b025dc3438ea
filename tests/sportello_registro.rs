//! The sportello's registro (who did what), its page, the accepted
//! versions of a unit's form and their restore, a kill -9 while the
//! registro is written, and `--tls`.

mod common;

use std::time::Duration;

use axum::http::{StatusCode, header};

use common::sportello::*;

use consuntivo::web::{self, Event, Role, UploadOutcome};

fn upload_of(e: &web::record::Entry) -> (String, Option<String>, UploadOutcome, u32) {
    match &e.event {
        Event::Upload {
            unit,
            sha256,
            outcome,
            errors,
            ..
        } => (unit.clone(), sha256.clone(), *outcome, *errors),
        other => panic!("not an upload: {other:?}"),
    }
}

#[tokio::test]
async fn every_upload_is_recorded_with_who_when_hash_and_outcome() {
    let site = Site::new();
    let token = site.token(unit_label("V"));
    let form = std::fs::read(site.path(&format!("{FORMS}/{AREA_V}"))).unwrap();
    let other = std::fs::read(site.path(&format!("{FORMS}/{AREA_III}"))).unwrap();
    let bad = with_text_date(&form, "metà settembre");
    let good = variant(&form, 45090);
    for bytes in [&bad, &good, &other, &b"testo qualsiasi".to_vec()] {
        let r = site.upload("V", token, "m.xlsx", bytes).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }
    // The office sends one for a unit too: recorded as the office's.
    let r = site.upload("V", site.office(), "m.xlsx", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let events = site.events();
    assert_eq!(events.len(), 5, "{events:?}");
    let expected = [
        (sha(&form), UploadOutcome::Accepted, "vertice"),
        (sha(b"testo qualsiasi"), UploadOutcome::ToFix, "unita.V"),
        (sha(&other), UploadOutcome::ToFix, "unita.V"),
        (sha(&good), UploadOutcome::Accepted, "unita.V"),
        (sha(&bad), UploadOutcome::ToFix, "unita.V"),
    ];
    for (e, (hash, outcome, role)) in events.iter().zip(expected) {
        let (unit, sent, got, errors) = upload_of(e);
        assert_eq!(unit, "V");
        assert_eq!(sent.as_deref(), Some(hash.as_str()));
        assert_eq!(got, outcome, "{e:?}");
        assert_eq!(e.role, role);
        assert_eq!(e.year, 2023);
        assert_eq!(errors > 0, outcome == UploadOutcome::ToFix, "{e:?}");
        assert!((chrono::Utc::now() - e.at).num_seconds() < 600);
    }
    assert_eq!(events[4].who, unit_label("V"));
    assert_eq!(events[0].who, "Ufficio del Segretario generale");

    // The office reads them on the «Registro» page, newest first.
    let page = site.get("/registro", Some(site.office())).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("<h1>Registro</h1>"), "{html}");
    assert!(html.contains(&format!("Invio del modulo dell&#x27;{}", unit_label("V"))));
    let first = html.find(&sha(&form)[..12]).expect("the office's upload");
    let last = html.find(&sha(&bad)[..12]).expect("the first upload");
    assert!(first < last, "newest first");
    assert!(html.contains("da correggere</span>: 1 errore"), "{html}");
    assert!(html.contains("Rendicontazione › I8"), "{html}");
}

#[tokio::test]
async fn the_registro_page_is_the_offices_only() {
    let site = Site::new();
    for label in UNITS
        .iter()
        .map(|u| unit_label(u))
        .chain(["Nucleo di Valutazione"])
    {
        let r = site.get("/registro", Some(site.token(label))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{label}");
        assert!(!r.text().contains("Invio del modulo"), "{label}");
    }
    assert_eq!(
        site.get("/registro", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = site.get("/registro", Some(site.office())).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Nessun evento registrato finora."));
}

#[tokio::test]
async fn the_registro_page_goes_back_fifty_events_at_a_time_and_escapes_text() {
    let site = Site::new();
    let office = Role::Office;
    for i in 0..120 {
        let e = Event::Decision {
            code: format!("OB{i:03}"),
            action: "conferma".into(),
            note: "<script>alert(1)</script>".into(),
        };
        site.app
            .registro
            .record(&office, "Ufficio", 2023, &e)
            .unwrap();
    }
    let first = site.get("/registro", Some(site.office())).await.text();
    assert!(first.contains("(120 in tutto)"), "{first}");
    assert_eq!(
        first
            .matches("<tr><th scope=\"row\" class=\"quando\">")
            .count(),
        50
    );
    assert!(first.contains("OB119") && first.contains("OB070") && !first.contains("OB069"));
    assert!(!first.contains("<script>alert"));
    assert!(first.contains("&lt;script&gt;alert(1)"));
    let at = first
        .find("/registro?prima=")
        .expect("a link to older events")
        + 16;
    let next: String = first[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let second = site
        .get(&format!("/registro?prima={next}"), Some(site.office()))
        .await
        .text();
    assert!(second.contains("OB069") && second.contains("OB020") && !second.contains("OB070"));
    assert!(second.contains("Torna agli eventi più recenti"));
    let at = second.find("/registro?prima=").unwrap() + 16;
    let next: String = second[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let third = site
        .get(&format!("/registro?prima={next}"), Some(site.office()))
        .await
        .text();
    assert_eq!(
        third
            .matches("<tr><th scope=\"row\" class=\"quando\">")
            .count(),
        20
    );
    assert!(!third.contains("/registro?prima="));
    // A «prima» that is not an id is the first page.
    for odd in ["abc", "-5", "..%2F..%2Fetc", "99999999999999999999999"] {
        let r = site
            .get(&format!("/registro?prima={odd}"), Some(site.office()))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{odd}");
        assert!(r.text().contains("OB119"), "{odd}");
    }
}

#[tokio::test]
async fn an_earlier_version_is_restored_checked_again_and_recorded() {
    let site = Site::new();
    let token = site.token(unit_label("V")).to_string();
    let in_use = site.path(&format!("{FORMS}/{AREA_V}"));
    let form = std::fs::read(&in_use).unwrap();
    let first = variant(&form, 45090);
    let second = variant(&form, 45091);
    for bytes in [&first, &second] {
        let r = site.upload("V", &token, "m.xlsx", bytes).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(std::fs::read(&in_use).unwrap(), second);
    let page = site.get("/unita/V/versioni", Some(&token)).await.text();
    assert!(page.contains("Versioni accettate"), "{page}");
    assert_eq!(page.matches("<strong>in uso</strong>").count(), 1);
    assert_eq!(page.matches(">Ripristina</button>").count(), 1);
    let newest = page.find(&sha(&second)[..12]).unwrap();
    let oldest = page.find(&sha(&first)[..12]).unwrap();
    assert!(newest < oldest, "newest first");
    let archive = site.path(&format!("sportello/archivio/2023/{V_DIR}"));
    let file_of = |bytes: &[u8]| {
        std::fs::read_dir(&archive)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.contains(&sha(bytes)[..12]))
            .unwrap()
    };
    let version = file_of(&first);
    // Downloaded as it was accepted.
    let r = site
        .get(
            &format!("/unita/V/versioni/{}", urlencode(&version)),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, first);
    assert!(
        r.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("versione%20del")
    );

    // Without the page's code, or naming a file not in the list: nothing.
    let csrf = site.csrf("/unita/V/versioni", &token).await;
    let r = site
        .post_form("/unita/V/versioni", &token, &[("versione", &version)])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    for bogus in [
        "../../accessi.toml",
        "..%2F..%2Faccessi.toml",
        "/etc/passwd",
        "20230101-000000-000-zzzzzzzzzzzz.xlsx",
        "",
    ] {
        let r = site
            .post_form(
                "/unita/V/versioni",
                &token,
                &[("csrf", &csrf), ("versione", bogus)],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{bogus}");
        assert!(r.text().contains("non è tra quelle conservate"), "{bogus}");
    }
    assert_eq!(std::fs::read(&in_use).unwrap(), second);

    let r = site
        .post_form(
            "/unita/V/versioni",
            &token,
            &[("csrf", &csrf), ("versione", &version)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(std::fs::read(&in_use).unwrap(), first);
    let page = site.get("/unita/V", Some(&token)).await.text();
    assert!(
        page.contains("è stata ripristinata la versione accettata il"),
        "{page}"
    );
    let page = site.get("/unita/V/versioni", Some(&token)).await.text();
    let marked = page.find("<strong>in uso</strong>").unwrap();
    let row_start = page[..marked].rfind("<tr>").unwrap();
    assert!(page[row_start..marked].contains(&version), "{page}");
    let events = site.events();
    match &events[0].event {
        Event::Restore { unit, sha256, .. } => {
            assert_eq!(unit, "V");
            assert_eq!(sha256, &sha(&first));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(events[0].role, "unita.V");
    assert!(
        page.contains(&format!(
            "Ripristino del modulo dell&#x27;{}",
            unit_label("V")
        )),
        "{page}"
    );
    // Nothing else in the forms folder, and the archive did not grow.
    assert_eq!(std::fs::read_dir(site.path(FORMS)).unwrap().count(), 7);
    assert_eq!(std::fs::read_dir(&archive).unwrap().count(), 2);
}

#[tokio::test]
async fn a_version_that_no_longer_passes_the_checks_is_not_restored() {
    let site = Site::new();
    let token = site.token(unit_label("V")).to_string();
    let in_use = site.path(&format!("{FORMS}/{AREA_V}"));
    let form = std::fs::read(&in_use).unwrap();
    let first = variant(&form, 45090);
    site.upload("V", &token, "m.xlsx", &first).await;
    site.upload("V", &token, "m.xlsx", &form).await;
    // The plan changes (its title, so its fingerprint): the archived form
    // was written for the plan as it was.
    let plan_path = site.path("inputs/piano-2023.toml");
    let plan = std::fs::read_to_string(&plan_path).unwrap();
    let changed = plan.replacen(
        "titolo = \"Allegato H: Piano e indicatori di Performance\"",
        "titolo = \"Piano della performance, versione rivista\"",
        1,
    );
    assert_ne!(changed, plan);
    std::fs::write(&plan_path, changed).unwrap();
    let page = site.get("/unita/V/versioni", Some(&token)).await.text();
    let csrf = site.csrf("/unita/V/versioni", &token).await;
    let at = page.find("name=\"versione\" value=\"").unwrap() + 23;
    let version: String = page[at..].chars().take_while(|c| *c != '"').collect();
    let events = site.events().len();
    let r = site
        .post_form(
            "/unita/V/versioni",
            &token,
            &[("csrf", &csrf), ("versione", &version)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let text = r.text();
    assert!(text.contains("non supera più la verifica"), "{text}");
    assert!(
        text.contains("un&#x27;altra versione del piano")
            || text.contains("un'altra versione del piano"),
        "{text}"
    );
    assert_eq!(std::fs::read(&in_use).unwrap(), form);
    assert_eq!(
        site.events().len(),
        events,
        "a refused restore changes nothing"
    );
}

/// Versions are a unit's own: another unit's link and the evaluator's
/// reach neither the list, nor a download, nor the restore.
#[tokio::test]
async fn versions_for_every_role() {
    let site = Site::new();
    let v = site.token(unit_label("V")).to_string();
    let form = std::fs::read(site.path(&format!("{FORMS}/{AREA_V}"))).unwrap();
    site.upload("V", &v, "m.xlsx", &variant(&form, 45090)).await;
    let page = site
        .get("/unita/V/versioni", Some(&v))
        .await
        .text()
        .replace("&#x2f;", "/");
    let at = page.find("/unita/V/versioni/").unwrap();
    let link: String = page[at..].chars().take_while(|c| *c != '"').collect();
    let mut roles: Vec<(&str, String)> = vec![
        ("office", site.office().to_string()),
        ("evaluator", site.token("Nucleo di Valutazione").to_string()),
    ];
    roles.extend(
        UNITS
            .iter()
            .map(|u| (*u, site.token(unit_label(u)).to_string())),
    );
    for (who, token) in &roles {
        let allowed = *who == "office" || *who == "V";
        let expected = if allowed {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        for path in ["/unita/V/versioni", link.as_str()] {
            let r = site.get(path, Some(token)).await;
            assert_eq!(r.status, expected, "{who} {path}");
        }
        let r = site
            .post_form(
                "/unita/V/versioni",
                token,
                &[("csrf", &"0".repeat(64)), ("versione", "x")],
            )
            .await;
        let expected = if allowed {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(r.status, expected, "{who} restore");
    }
    for path in ["/unita/V/versioni", link.as_str()] {
        assert_eq!(site.get(path, None).await.status, StatusCode::UNAUTHORIZED);
    }
    // A unit with no version yet.
    let page = site
        .get("/unita/III/versioni", Some(site.token(unit_label("III"))))
        .await
        .text();
    assert!(page.contains("Nessuna versione conservata"), "{page}");
    for path in [
        "/unita/V/versioni/..%2F..%2F..%2Faccessi.toml",
        "/unita/V/versioni/%2E%2E",
        "/unita/V/versioni/.nascosto",
    ] {
        let r = site.get(path, Some(&v)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
}

/// A child process writes events as fast as it can and is killed with
/// SIGKILL; the registro it leaves opens, passes SQLite's integrity
/// check, and reads back whole events only.
#[test]
fn the_registro_survives_a_kill_9() {
    if let Ok(dir) = std::env::var("CONSUNTIVO_TEST_REGISTRO_WRITER") {
        let r = web::Registro::open(std::path::Path::new(&dir)).unwrap();
        for i in 0u64.. {
            r.record(
                &Role::Office,
                "Ufficio",
                2023,
                &Event::TextEdit {
                    field: format!("campo {i}"),
                    note: "x".repeat(2000),
                },
            )
            .unwrap();
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for round in 0..3 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["the_registro_survives_a_kill_9", "--exact", "--nocapture"])
            .env("CONSUNTIVO_TEST_REGISTRO_WRITER", dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until it is writing, then kill it mid-stream.
        let db = dir.path().join(web::record::FILE_NAME);
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            let n = web::Registro::open(dir.path())
                .ok()
                .and_then(|r| r.last_id().ok().flatten())
                .unwrap_or(0);
            if n > 50 * (round + 1) {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(37 * (round + 1) as u64));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let conn = rusqlite_check(&db);
        assert_eq!(conn, "ok", "round {round}");
        let r = web::Registro::open(dir.path()).unwrap();
        let page = r.page(None, 1_000_000).unwrap();
        assert!(page.total > 50, "round {round}: {}", page.total);
        assert_eq!(page.entries.len() as u64, page.total);
        for e in &page.entries {
            match &e.event {
                Event::TextEdit { note, .. } => assert_eq!(note.len(), 2000),
                // Written by the parent after each earlier round.
                Event::Generation { .. } => {}
                other => panic!("{other:?}"),
            }
        }
        // Still writable after the kill.
        r.record(
            &Role::Office,
            "Ufficio",
            2023,
            &Event::Generation {
                what: "bozza".into(),
                outcome: "completata".into(),
                note: String::new(),
            },
        )
        .unwrap();
    }
}

/// SQLite's own integrity check, through the library's connection.
fn rusqlite_check(db: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A certificate authority and a certificate for 127.0.0.1 signed by it,
/// made now: (CA in DER, certificate PEM, key PEM).
fn certificates() -> (Vec<u8>, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().unwrap();
    let params =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let cert = params.signed_by(&key, &issuer).unwrap();
    (ca.der().to_vec(), cert.pem(), key.serialize_pem())
}

/// `--tls`: the pages over HTTPS, checked by a TLS client that trusts
/// only the test's authority; plain HTTP on that port gets no page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sportello_answers_over_tls() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls;
    let site = Site::new();
    let (ca, cert, key) = certificates();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cert.pem"), &cert).unwrap();
    std::fs::write(dir.path().join("key.pem"), &key).unwrap();
    let config = web::tls::load(&dir.path().join("cert.pem"), &dir.path().join("key.pem")).unwrap();
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = tcp.local_addr().unwrap();
    let listener = web::tls::TlsListener::new(tcp, config).unwrap();
    let server = tokio::spawn(web::serve_with(site.app.clone(), listener));

    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.into()).unwrap();
    #[allow(deprecated)] // the server's provider (see src/web/tls.rs)
    let provider = rustls::crypto::ring::default_provider();
    let client = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(provider))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(client));
    let token = site.token(unit_label("III"));
    let get = |path: String| {
        let connector = connector.clone();
        let token = token.to_string();
        async move {
            let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
            let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
            let mut tls = connector.connect(name, tcp).await.unwrap();
            tls.write_all(
                format!(
                    "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sportello={token}\r\nConnection: close\r\n\r\n"
                )
                .as_bytes(),
            )
            .await
            .unwrap();
            let mut answer = Vec::new();
            // A server closing without close_notify is tolerated: what
            // arrived is the whole answer (Connection: close).
            let _ = tls.read_to_end(&mut answer).await;
            String::from_utf8_lossy(&answer).into_owned()
        }
    };
    let answer = get(format!("/accesso/{token}")).await;
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(answer.contains(&format!("sportello={token}")), "{answer}");
    let answer = get("/unita/III".into()).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("<h1>Area III Finanziaria</h1>"), "{answer}");

    // Plain HTTP to the HTTPS port: no page, no link, the server goes on.
    let mut plain = tokio::net::TcpStream::connect(addr).await.unwrap();
    plain
        .write_all(b"GET /unita/III HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), plain.read_to_end(&mut answer)).await;
    assert!(!String::from_utf8_lossy(&answer).contains("Area III"));
    let answer = get("/unita/III".into()).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    server.abort();
}

#[test]
fn a_certificate_or_key_that_cannot_be_used_is_an_italian_error_naming_the_file() {
    let (_, cert, key) = certificates();
    let (_, _, other_key) = certificates();
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(p("cert.pem"), &cert).unwrap();
    std::fs::write(p("key.pem"), &key).unwrap();
    std::fs::write(p("altra.pem"), &other_key).unwrap();
    std::fs::write(p("testo.txt"), "non sono un certificato\n").unwrap();
    let message = |cert: &str, key: &str| {
        let err = web::tls::load(&p(cert), &p(key)).unwrap_err();
        err.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let m = message("manca.pem", "key.pem");
    assert!(
        m.contains("impossibile leggere il certificato")
            && m.contains("manca.pem")
            && m.contains("il file non esiste"),
        "{m}"
    );
    assert!(m.contains("--tls"), "{m}");
    let m = message("cert.pem", "manca.key");
    assert!(
        m.contains("impossibile leggere la chiave privata") && m.contains("manca.key"),
        "{m}"
    );
    let m = message("testo.txt", "key.pem");
    assert!(
        m.contains("testo.txt") && m.contains("non contiene alcun certificato"),
        "{m}"
    );
    let m = message("cert.pem", "cert.pem");
    assert!(m.contains("non contiene alcuna chiave privata"), "{m}");
    let m = message("cert.pem", "altra.pem");
    assert!(
        m.contains("non si possono usare insieme") && m.contains("altra.pem"),
        "{m}"
    );
    let m = message(".", "key.pem");
    assert!(m.contains("è una cartella"), "{m}");
    assert!(web::tls::load(&p("cert.pem"), &p("key.pem")).is_ok());
}

#[test]
fn the_command_stops_on_a_missing_certificate_before_serving() {
    let dir = common::scratch_inputs();
    let out = common::consuntivo(
        &[
            "sportello",
            "--porta",
            "0",
            "--tls",
            "manca.pem",
            "manca.key",
        ],
        dir.path(),
    );
    assert!(!out.status.success());
    let err = common::text(&out.stderr);
    assert!(
        err.contains("impossibile leggere il certificato «manca.pem»"),
        "{err}"
    );
    assert!(!dir.path().join("sportello").exists(), "nothing started");
}

#[test]
fn the_exposure_warning_says_traffic_is_unencrypted_unless_tls_or_a_proxy() {
    let lan: std::net::IpAddr = "0.0.0.0".parse().unwrap();
    let w = web::exposure_warning(lan, false).unwrap();
    assert!(
        w.contains("in chiaro") && w.contains("--tls") && w.contains("proxy inverso"),
        "{w}"
    );
    assert!(web::exposure_warning(lan, true).is_none());
    assert!(web::exposure_warning("127.0.0.1".parse().unwrap(), false).is_none());
    assert!(web::exposure_warning("::1".parse().unwrap(), false).is_none());
}

/// The form in use sent again, byte for byte: accepted, nothing replaced,
/// no version added, and the page says so.
#[tokio::test]
async fn the_same_form_sent_again_adds_no_version() {
    let (site, accepted, before) = site_with_form_v();
    let v = site.token(unit_label("V"));
    let changed = variant(&before, 45090);
    let r = site.upload("V", v, "modulo.xlsx", &changed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let archive = site.path(&format!("sportello/archivio/2023/{V_DIR}"));
    let versions = || std::fs::read_dir(&archive).unwrap().count();
    assert_eq!(versions(), 1);
    let r = site.upload("V", v, "di nuovo.xlsx", &changed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(versions(), 1, "a second version of the same bytes");
    assert_eq!(std::fs::read(&accepted).unwrap(), changed);
    let page = site.get("/unita/V", Some(v)).await.text();
    assert!(
        page.contains("è identico, byte per byte, a quello già in uso"),
        "{page}"
    );
}
