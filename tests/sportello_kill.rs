//! A kill -9 of the sportello in the middle of a generation: the real
//! binary serving a scratch copy of the ente, the final Relazione started
//! from the office's page, the process killed while the documents are
//! being composed. The year's folder keeps every file of the run before,
//! byte for byte, and the next run writes its documents as usual.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One HTTP/1.1 request on a fresh connection: status, headers, body.
fn http(port: u16, method: &str, path: &str, cookie: &str, body: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: sportello={cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).unwrap();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_string(), rest.to_string())
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(dir).unwrap().display().to_string(), bytes)
        })
        .collect()
}

#[test]
fn a_generation_killed_midway_leaves_the_outputs_as_before() {
    let dir = common::scratch_inputs();
    let first = common::consuntivo(&["relazione", "--bozza"], dir.path());
    assert!(first.status.success(), "{}", common::text(&first.stderr));
    let year = dir.path().join("outputs/2023");
    let before = snapshot(&year);
    assert!(before.keys().any(|k| k.ends_with(".pdf")));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_consuntivo"))
        .args(["sportello", "--porta", &port.to_string()])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(
            std::fs::File::create(dir.path().join("sportello.log")).unwrap(),
        ))
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let mut said = Vec::new();
    loop {
        let line = lines
            .next()
            .expect("the sportello printed no link")
            .unwrap();
        if line.starts_with("Per chiudere lo sportello") {
            break;
        }
        said.push(line);
    }
    // The office's and the evaluator's links first; the units' (the
    // Segretario generale's own objectives among them) under a heading of
    // their own, not to be confused with the office's.
    let heading = said
        .iter()
        .position(|l| l.starts_with("Link delle unità organizzative"))
        .unwrap_or_else(|| panic!("{said:#?}"));
    let office = said
        .iter()
        .position(|l| {
            l.trim_start()
                .starts_with("Ufficio del Segretario generale:")
        })
        .unwrap_or_else(|| panic!("{said:#?}"));
    let own = said
        .iter()
        .position(|l| l.trim_start().starts_with("Segretario generale:"))
        .unwrap_or_else(|| panic!("{said:#?}"));
    assert!(office < heading && heading < own, "{said:#?}");
    let token = said[office].rsplit('/').next().unwrap().to_string();
    let (status, _, home) = http(port, "GET", "/", &token, "");
    assert_eq!(status, 200);
    let at = home.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = &home[at..at + 64];
    let (status, _, _) = http(
        port,
        "POST",
        "/lavori/definitiva",
        &token,
        &format!("csrf={csrf}"),
    );
    assert_eq!(status, 303);
    // Killed once some documents are composed, not all.
    let begun = Instant::now();
    loop {
        let (_, _, json) = http(port, "GET", "/lavoro.json", &token, "");
        let s: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(s["stato"], "in_corso", "the job ended before the kill: {s}");
        let (done, total) = (s["fatti"].as_u64().unwrap(), s["totale"].as_u64().unwrap());
        if s["testo"].as_str().unwrap().contains("documenti composti") && done >= 1 && done < total
        {
            break;
        }
        assert!(begun.elapsed() < Duration::from_secs(300), "{s}");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    assert_eq!(
        snapshot(&year),
        before,
        "the year's folder changed under a killed generation"
    );
    // The start was recorded; the end never came.
    let log = std::fs::read_to_string(dir.path().join("sportello.log")).unwrap();
    assert!(
        log.contains(
            "Ufficio del Segretario generale: La scrittura della Relazione definitiva è in corso"
        ),
        "{log}"
    );
    assert!(!log.contains("è finita"), "{log}");
    // The next run writes its documents, and leaves no leftover behind.
    let again = common::consuntivo(&["relazione"], dir.path());
    assert!(again.status.success(), "{}", common::text(&again.stderr));
    assert_ne!(snapshot(&year), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("outputs"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
