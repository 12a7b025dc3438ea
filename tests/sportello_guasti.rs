//! Uploads that go wrong, each with an Italian message, the last accepted
//! form intact and an entry in the registro: a body cut short, 200 MB, a
//! zip bomb posing as xlsx, a form of another year, two uploads of one
//! unit at the same moment, a browser that goes away mid-upload, a full
//! disk (simulated in the write path, and real on a tmpfs); and 50 units
//! uploading at once.

mod common;

use std::io::Write;
use std::time::Duration;

use axum::body::Body;
use axum::http::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use common::sportello::*;

use consuntivo::web::{self, Event, UploadOutcome};

fn last_upload(site: &Site) -> (UploadOutcome, u64, String) {
    match &site.events()[0].event {
        Event::Upload {
            outcome,
            bytes,
            note,
            ..
        } => (*outcome, *bytes, note.clone()),
        other => panic!("{other:?}"),
    }
}

fn archive_count(site: &Site) -> usize {
    std::fs::read_dir(site.path(&format!("sportello/archivio/2023/{V_DIR}")))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_body_cut_short_is_refused_recorded_and_changes_nothing() {
    let (site, accepted, before) = site_with_form_v();
    let token = site.token(unit_label("V"));
    let csrf = site.csrf("/unita/V", token).await;
    let (head, _) = multipart_parts(&csrf, "m.xlsx");
    let mut body = head;
    body.extend_from_slice(&variant(&before, 45090)[..4000]);
    let r = site
        .send(upload_request("V", token, Body::from(body)))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.text().contains("non è arrivato per intero"),
        "{}",
        r.text()
    );
    assert!(r.text().contains("resta valido"));
    assert_eq!(std::fs::read(&accepted).unwrap(), before);
    let (outcome, bytes, note) = last_upload(&site);
    assert_eq!(outcome, UploadOutcome::NotReceived);
    // What of the file reached the server before the cut (the multipart
    // reader may hold back the last piece it could not close).
    assert!(bytes <= 4000, "{bytes}");
    assert!(note.contains("interrotto"), "{note}");
    assert!(!site.path("sportello/da-correggere").exists());
    assert_eq!(archive_count(&site), 0);
}

/// 200 MB offered as a stream: refused once the limit is passed, without
/// reading the rest.
#[tokio::test]
async fn a_200_mb_upload_is_refused_without_being_read() {
    let (site, accepted, before) = site_with_form_v();
    let token = site.token(unit_label("V"));
    let csrf = site.csrf("/unita/V", token).await;
    let (head, tail) = multipart_parts(&csrf, "grande.xlsx");
    let chunk = vec![b'P'; 1024 * 1024];
    let body = Chunks::new(
        std::iter::once(head)
            .chain(std::iter::repeat_n(chunk, 200))
            .chain(std::iter::once(tail)),
    );
    let pulled = body.pulled();
    let body = Body::new(body);
    let r = site.send(upload_request("V", token, body)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("troppo grande"), "{}", r.text());
    let read = pulled.load(std::sync::atomic::Ordering::SeqCst);
    assert!(read < 40, "{read} chunks of 1 MB read of 200");
    assert_eq!(std::fs::read(&accepted).unwrap(), before);
    let (outcome, _, note) = last_upload(&site);
    assert_eq!(outcome, UploadOutcome::NotReceived);
    assert!(note.contains("oltre"), "{note}");
}

/// A real zip bomb with the parts of an xlsx: a few hundred kB that would
/// inflate to 300 MB. Refused from the zip's directory, never inflated.
#[tokio::test]
async fn a_zip_bomb_posing_as_xlsx_is_refused() {
    let (site, accepted, before) = site_with_form_v();
    let token = site.token(unit_label("V"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("[Content_Types].xml", deflated).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("xl/workbook.xml", deflated).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><workbook/>")
        .unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", deflated)
        .unwrap();
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..300 {
        zip.write_all(&zeros).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 * 1024 * 1024, "{}", bomb.len());
    let r = site.upload("V", token, "modulo.xlsx", &bomb).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = site.get("/unita/V", Some(token)).await.text();
    assert!(page.contains("Modulo da correggere"), "{page}");
    assert!(page.contains("una volta decompresso, supera"), "{page}");
    assert_eq!(std::fs::read(&accepted).unwrap(), before);
    let (outcome, bytes, _) = last_upload(&site);
    assert_eq!(outcome, UploadOutcome::ToFix);
    assert_eq!(bytes, bomb.len() as u64);
}

/// The sportello of a 2024 plan receives a 2023 form.
#[tokio::test]
async fn a_form_of_another_year_is_refused() {
    let dir = common::scratch_inputs();
    let inputs = dir.path().join("inputs");
    let plan = std::fs::read_to_string(inputs.join("piano-2023.toml")).unwrap();
    let next = plan
        .replacen("\nanno = 2023\n", "\nanno = 2024\n", 1)
        .replace("/2023\"", "/2024\"");
    assert_ne!(next, plan);
    std::fs::write(inputs.join("piano-2024.toml"), next).unwrap();
    let form = std::fs::read(inputs.join(format!("rendicontazioni/2023/{AREA_V}"))).unwrap();
    let site = Site::from_dir(dir);
    let token = site.token(unit_label("V"));
    let r = site.upload("V", token, AREA_V, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = site.get("/unita/V", Some(token)).await.text();
    assert!(page.contains("Modulo da correggere"), "{page}");
    let page = page.replace("&#x27;", "'");
    // In the unit's words: not the form of this year, what the reader
    // found, and what to do; never the hidden sheet it found it in.
    assert!(
        page.contains("il file inviato non è il modulo dell'Area V Urbanistica, edilizia privata, SUAP e CED per il 2024"),
        "{page}"
    );
    assert!(
        page.contains("il modulo è dell'anno 2023, ma il piano è del 2024"),
        "{page}"
    );
    assert!(page.contains("scaricare di nuovo il modulo"), "{page}");
    assert!(
        !page.contains("_consuntivo") && !page.contains("nascosto"),
        "{page}"
    );
    assert!(!site.path("inputs/rendicontazioni/2024").exists());
    let (outcome, _, note) = last_upload(&site);
    assert_eq!(outcome, UploadOutcome::ToFix);
    assert!(note.contains("anno 2023"), "{note}");
    assert_eq!(site.events()[0].year, 2024);
}

/// Two uploads of one unit at the same moment: both are checked, both
/// recorded, both accepted versions archived; the form in use is one of
/// them whole, and the outcome shown is that one's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_uploads_of_one_unit_at_once_both_end_consistent() {
    let site = Site::new();
    let token = site.token(unit_label("V")).to_string();
    let accepted = site.path(&format!("{FORMS}/{AREA_V}"));
    let form = std::fs::read(&accepted).unwrap();
    let a = variant(&form, 45090);
    let b = variant(&form, 45091);
    let csrf = site.csrf("/unita/V", &token).await;
    let (ra, rb) = tokio::join!(
        site.upload_with("V", &token, "a.xlsx", &a, &csrf),
        site.upload_with("V", &token, "b.xlsx", &b, &csrf)
    );
    assert_eq!(ra.status, StatusCode::SEE_OTHER);
    assert_eq!(rb.status, StatusCode::SEE_OTHER);
    let now = std::fs::read(&accepted).unwrap();
    assert!(now == a || now == b);
    assert_eq!(archive_count(&site), 2);
    let events = site.events();
    assert_eq!(events.len(), 2);
    for e in &events {
        assert!(matches!(
            e.event,
            Event::Upload {
                outcome: UploadOutcome::Accepted,
                ..
            }
        ));
    }
    // The newest record is the upload whose file is in place.
    match &events[0].event {
        Event::Upload { sha256, .. } => assert_eq!(sha256.as_deref(), Some(sha(&now).as_str())),
        _ => unreachable!(),
    }
    let page = site.get("/unita/V", Some(&token)).await.text();
    assert!(
        page.contains(&sha(&now)),
        "the outcome shown is the form in use"
    );
    assert_eq!(std::fs::read_dir(site.path(FORMS)).unwrap().count(), 7);

    // One with an error and one without, at once: the good one is in use.
    let bad = with_text_date(&form, "presto");
    let good = variant(&form, 45092);
    let (r1, r2) = tokio::join!(
        site.upload_with("V", &token, "x.xlsx", &bad, &csrf),
        site.upload_with("V", &token, "y.xlsx", &good, &csrf)
    );
    assert_eq!(
        (r1.status, r2.status),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER)
    );
    assert_eq!(std::fs::read(&accepted).unwrap(), good);
    assert_eq!(site.events().len(), 4);
    assert_eq!(archive_count(&site), 3);
}

#[tokio::test]
async fn a_browser_that_goes_away_mid_upload_leaves_the_form_in_use() {
    let (site, accepted, before) = site_with_form_v();
    let token = site.token(unit_label("V"));
    let csrf = site.csrf("/unita/V", token).await;
    let (head, _) = multipart_parts(&csrf, "m.xlsx");
    let part = variant(&before, 45090)[..5000].to_vec();
    let body = Chunks::new([head, part].into_iter()).then_disconnect();
    let r = site.send(upload_request("V", token, Body::new(body))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("non è arrivato per intero"));
    assert_eq!(std::fs::read(&accepted).unwrap(), before);
    let (outcome, bytes, _) = last_upload(&site);
    assert_eq!(outcome, UploadOutcome::NotReceived);
    assert!(bytes <= 5000, "{bytes}");
}

/// The same over a real socket: the client sends half the announced body
/// and closes the connection. The server records it and keeps serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_closed_mid_upload_is_recorded_and_the_server_goes_on() {
    let site = Site::new();
    let token = site.token(unit_label("V")).to_string();
    let accepted = site.path(&format!("{FORMS}/{AREA_V}"));
    let before = std::fs::read(&accepted).unwrap();
    let csrf = site.csrf("/unita/V", &token).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(web::serve_on(site.app.clone(), listener));
    let (head, tail) = multipart_parts(&csrf, "m.xlsx");
    let file = variant(&before, 45090);
    let length = head.len() + file.len() + tail.len();
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST /unita/V/modulo HTTP/1.1\r\nHost: {addr}\r\nCookie: sportello={token}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {length}\r\n\r\n"
    );
    conn.write_all(request.as_bytes()).await.unwrap();
    conn.write_all(&head).await.unwrap();
    conn.write_all(&file[..file.len() / 2]).await.unwrap();
    conn.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(conn);
    let start = std::time::Instant::now();
    while site.events().is_empty() && start.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (outcome, bytes, _) = last_upload(&site);
    assert_eq!(outcome, UploadOutcome::NotReceived);
    assert!(bytes > 0 && (bytes as usize) < file.len(), "{bytes}");
    assert_eq!(std::fs::read(&accepted).unwrap(), before);
    // Still serving.
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    conn.write_all(
        format!("GET /unita/V HTTP/1.1\r\nHost: {addr}\r\nCookie: sportello={token}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
    .await
    .unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).await.unwrap();
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer[..40.min(answer.len())])
    );
    server.abort();
}

/// Area V's form variant `serial` uploaded on a full disk: refused in
/// Italian, the form in use as it was (`before`), no version archived.
async fn upload_on_a_full_disk(site: &Site, token: &str, before: &[u8], serial: u32) {
    let r = site
        .upload("V", token, "m.xlsx", &variant(before, serial))
        .await;
    let text = r.text();
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("spazio su disco esaurito"), "{text}");
    assert!(
        text.contains("Il modulo accettato in precedenza resta valido"),
        "{text}"
    );
    let accepted = site.path(&format!("{FORMS}/{AREA_V}"));
    assert_eq!(std::fs::read(&accepted).unwrap(), before);
    assert_eq!(archive_count(site), 0, "a version archived");
}

/// The last upload recorded as not saved for a full disk.
fn recorded_as_not_saved(site: &Site) {
    let (outcome, _, note) = last_upload(site);
    assert_eq!(outcome, UploadOutcome::NotSaved);
    assert!(note.contains("spazio su disco esaurito"), "{note}");
}

/// A full disk, simulated in the write path: failing at the archive's
/// copy, then at the form's own place. Either way the form in use is
/// untouched, no archived version is left that never was in use, the
/// page says so in Italian and the registro has it.
#[tokio::test]
async fn a_full_disk_during_an_upload_leaves_the_form_in_use() {
    let (site, accepted, before) = site_with_form_v();
    let token = site.token(unit_label("V"));
    for writes_left in [0, 1] {
        site.app.disk.fill_after(Some(writes_left));
        upload_on_a_full_disk(&site, token, &before, 45090 + writes_left as u32).await;
        site.app.disk.fill_after(None);
        recorded_as_not_saved(&site);
    }
    // Space again: the same upload goes through.
    let r = site
        .upload("V", token, "m.xlsx", &variant(&before, 45090))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(std::fs::read(&accepted).unwrap(), variant(&before, 45090));
    assert_eq!(archive_count(&site), 1);
}

/// A synthetic plan of 50 units; each unit sends its filled form at the
/// same moment. Every form lands whole, every upload is recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_units_upload_at_once_and_every_form_lands() {
    use consuntivo::{forms, plan, synth};
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(
        common::repo().join("inputs/smvp.toml"),
        inputs.join("smvp.toml"),
    )
    .unwrap();
    let p = synth::plan(synth::Size::indicators(150, 50), 2023);
    std::fs::write(inputs.join("piano-2023.toml"), synth::plan_toml(&p)).unwrap();
    let p = plan::load(&inputs.join("piano-2023.toml")).unwrap();
    assert_eq!(p.areas.len(), 50);
    let results = synth::results(&p, 7, &[]);
    let site = std::sync::Arc::new(Site::from_dir(dir));
    let mut sent = Vec::new();
    for report in &results.reports {
        let (name, bytes) = forms::generate_prefilled(&p, &report.area, &report.entries).unwrap();
        let area = p.area(&report.area).unwrap();
        let token = site.token(&area.name).to_string();
        let csrf = site.csrf(&web::unit_url(area.id.as_str()), &token).await;
        sent.push((area.id.to_string(), name, bytes, token, csrf));
    }
    assert_eq!(sent.len(), 50);
    let mut tasks = Vec::new();
    for (id, _, bytes, token, csrf) in sent.clone() {
        let site = site.clone();
        tasks.push(tokio::spawn(async move {
            let url_id = web::unit_url(&id).trim_start_matches("/unita/").to_string();
            site.upload_with(&url_id, &token, "modulo.xlsx", &bytes, &csrf)
                .await
                .status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::SEE_OTHER);
    }
    let forms_dir = site.path("inputs/rendicontazioni/2023");
    for (id, name, bytes, _, _) in &sent {
        let landed = std::fs::read(forms_dir.join(name)).unwrap_or_default();
        assert!(landed == *bytes, "the form of {id} did not land whole");
    }
    assert_eq!(std::fs::read_dir(&forms_dir).unwrap().count(), 50);
    let events = site.events();
    assert_eq!(events.len(), 50);
    let mut units: Vec<String> = events
        .iter()
        .map(|e| match &e.event {
            Event::Upload {
                unit,
                outcome: UploadOutcome::Accepted,
                ..
            } => unit.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    units.sort();
    units.dedup();
    assert_eq!(units.len(), 50);
}

/// A small tmpfs mounted on a folder for the length of a test (the
/// machine's real full disk, `ENOSPC`), or why it cannot be mounted.
struct Tmpfs {
    at: std::path::PathBuf,
    filler: std::path::PathBuf,
}

impl Tmpfs {
    fn mount(at: &std::path::Path, size: &str) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(at).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| format!("mount non eseguibile: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        Ok(Tmpfs {
            at: at.to_path_buf(),
            filler: at.join("riempitivo"),
        })
    }

    /// Fills what is left of it; true when it is full.
    fn fill(&self) -> bool {
        let mut f = std::fs::File::create(&self.filler).unwrap();
        let chunk = vec![0u8; 16 * 1024];
        loop {
            if let Err(e) = f.write_all(&chunk).and_then(|()| f.sync_all()) {
                return e.kind() == std::io::ErrorKind::StorageFull;
            }
        }
    }

    fn free(&self) {
        std::fs::remove_file(&self.filler).unwrap();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.at)
            .status();
    }
}

/// The same with a real full disk: the forms' folder, then the
/// sportello's folder too, on a small tmpfs filled to the last byte.
/// Needs the right to mount (root in CI); without it the test says why
/// and stops.
#[tokio::test]
async fn a_really_full_disk_during_an_upload_leaves_the_form_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join(FORMS);
    let state = dir.path().join("sportello");
    let mounts = match (Tmpfs::mount(&forms, "1m"), Tmpfs::mount(&state, "2m")) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let why = [a.err(), b.err()].into_iter().flatten().collect::<Vec<_>>();
            eprintln!("prova saltata: impossibile montare un tmpfs ({why:?})");
            return;
        }
    };
    common::copy_dir(&common::repo().join("inputs"), &dir.path().join("inputs"));
    let site = Site::from_dir(dir);
    let token = site.token(unit_label("V")).to_string();
    let accepted = site.path(&format!("{FORMS}/{AREA_V}"));
    let before = std::fs::read(&accepted).unwrap();
    let forms_files = || {
        let mut files = common::relative_files(&forms);
        files.retain(|f| f.as_os_str() != "riempitivo");
        files
    };
    let forms_before = forms_files();

    // The forms' folder full: the archived copy is written, then taken
    // back when the form cannot take its place; the registro has it.
    assert!(mounts.0.fill(), "the forms' tmpfs did not fill");
    upload_on_a_full_disk(&site, &token, &before, 45090).await;
    assert_eq!(forms_files(), forms_before, "a file left behind");
    recorded_as_not_saved(&site);

    // The sportello's folder full as well: the same message, nothing
    // half-written; the page still opens.
    assert!(mounts.1.fill(), "the sportello's tmpfs did not fill");
    upload_on_a_full_disk(&site, &token, &before, 45091).await;
    assert_eq!(forms_files(), forms_before, "a file left behind");
    assert_eq!(
        site.get("/unita/V", Some(&token)).await.status,
        StatusCode::OK
    );

    // Space again: the upload goes through and is recorded.
    mounts.0.free();
    mounts.1.free();
    let again = variant(&before, 45092);
    let r = site.upload("V", &token, "m.xlsx", &again).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(std::fs::read(&accepted).unwrap(), again);
    assert_eq!(archive_count(&site), 1);
    let (outcome, _, _) = last_upload(&site);
    assert_eq!(outcome, UploadOutcome::Accepted);
    // The registro closed before the mounts go.
    let Site { dir, app, .. } = site;
    drop(app);
    drop(mounts);
    drop(dir);
}
