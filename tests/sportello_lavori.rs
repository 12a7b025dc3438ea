//! The office's long work from the sportello, in process: every job route
//! for every role, the CSRF code, one job at a time (a second is told one
//! is running, uploads go on meanwhile), the files each job writes in
//! `outputs/`, the progress the page's script polls, the refusal of the
//! final Relazione in the command line's own words, and the monitoring
//! form offered to the units while the check is open.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};

use common::sportello::{AREA_V, Answer, FORMS, Site, UNITS, edit_zip, unit_label};

const JOBS: [&str; 6] = [
    "moduli",
    "moduli-monitoraggio",
    "solleciti",
    "monitoraggio",
    "bozza",
    "definitiva",
];

/// Starts a job as the office's page does.
async fn start(site: &Site, job: &str, extra: &[(&str, &str)]) -> Answer {
    let office = site.office();
    let csrf = site.csrf("/", office).await;
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend_from_slice(extra);
    site.post_form(&format!("/lavori/{job}"), office, &fields)
        .await
}

/// Polls `/lavoro.json`, as the page's script does, until the job ends.
async fn wait(site: &Site) -> serde_json::Value {
    let begun = Instant::now();
    loop {
        let r = site.get("/lavoro.json", Some(site.office())).await;
        assert_eq!(r.status, StatusCode::OK);
        let s: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        if s["stato"] != "in_corso" {
            return s;
        }
        assert!(
            begun.elapsed() < Duration::from_secs(600),
            "the job never ended: {s}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A page's text with the escapes minijinja writes undone.
fn unescaped(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn the_job_routes_are_the_offices_only() {
    let site = Site::new();
    let mut others: Vec<(String, String)> = UNITS
        .iter()
        .map(|u| (format!("/unita/{u}"), site.token(unit_label(u)).to_string()))
        .collect();
    others.push(("/".into(), site.token("Nucleo di Valutazione").to_string()));
    for (page, token) in &others {
        // Its own page's CSRF code, where it has a page: still refused.
        let csrf = if page == "/" {
            "0".repeat(64)
        } else {
            site.csrf(page, token).await
        };
        for job in JOBS {
            let r = site
                .post_form(
                    &format!("/lavori/{job}"),
                    token,
                    &[("csrf", &csrf), ("data", "30/06/2023")],
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{page} {job}");
        }
        for path in ["/lavoro", "/lavoro.json"] {
            let r = site.get(path, Some(token)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{page} {path}");
        }
    }
    for path in ["/lavoro", "/lavoro.json"] {
        assert_eq!(
            site.get(path, None).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    let r = site
        .post_form("/lavori/moduli", &"0".repeat(64), &[("csrf", "x")])
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(site.app.jobs.current().is_none(), "a refused start ran");
    assert!(!site.path("outputs/moduli").exists());

    let office = site.office();
    let r = site.get("/lavoro", Some(office)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.text()
            .contains("Nessun lavoro avviato da quando lo sportello è aperto."),
        "{}",
        r.text()
    );
    let r = site.get("/lavoro.json", Some(office)).await;
    assert_eq!(
        r.headers[header::CONTENT_TYPE],
        "application/json; charset=utf-8"
    );
    let s: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(s["stato"], "nessuno");
    // A job that does not exist, and a monitoring date that is not one.
    let r = start(&site, "tutto", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = start(&site, "moduli-monitoraggio", &[("data", "metà giugno")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("data del monitoraggio"), "{}", r.text());
    assert!(site.app.jobs.current().is_none());
}

#[tokio::test]
async fn a_job_without_the_csrf_code_does_not_start() {
    let site = Site::new();
    let office = site.office();
    let unit_csrf = site.csrf("/unita/V", site.token(unit_label("V"))).await;
    for fields in [
        vec![],
        vec![("csrf", "0".repeat(64))],
        vec![("csrf", unit_csrf)],
    ] {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for job in JOBS {
            let r = site
                .post_form(&format!("/lavori/{job}"), office, &fields)
                .await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{job} {fields:?}");
            assert!(r.text().contains("codice di controllo"), "{job}");
        }
    }
    assert!(site.app.jobs.current().is_none());
    assert!(!site.path("outputs/moduli").exists());
    assert!(!site.path("outputs/2023").exists());
}

#[tokio::test]
async fn the_forms_job_writes_every_units_form_with_its_progress() {
    let site = Site::new();
    let r = start(&site, "moduli", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.headers[header::LOCATION], "/lavoro");
    let s = wait(&site).await;
    assert_eq!(s["stato"], "finito", "{s}");
    assert_eq!(s["lavoro"], "moduli");
    // One form per unit, counted as the page's bar counts them.
    assert_eq!(s["fatti"], 7, "{s}");
    assert_eq!(s["totale"], 7, "{s}");
    assert!(
        s["testo"]
            .as_str()
            .unwrap()
            .starts_with("La scrittura dei moduli di rendicontazione è finita il"),
        "{s}"
    );
    let dir = site.path("outputs/moduli/2023");
    let plan = consuntivo::plan::load(&site.path("inputs/piano-2023.toml")).unwrap();
    let mut units = Vec::new();
    for f in common::files_under(&dir) {
        let bytes = std::fs::read(&f).unwrap();
        let (report, _) =
            consuntivo::forms::read_form_bytes(&plan, &f, bytes, &Default::default()).unwrap();
        units.push(report.area.as_str().to_string());
    }
    units.sort();
    let mut expected: Vec<String> = UNITS.iter().map(|u| u.to_string()).collect();
    expected.sort();
    assert_eq!(units, expected);
    let page = unescaped(&site.get("/lavoro", Some(site.office())).await.text());
    assert!(
        page.contains("7 moduli scritti in outputs/moduli/2023/."),
        "{page}"
    );
    assert!(page.contains("<li>outputs/moduli/2023/2023 - Area III Finanziaria.xlsx</li>"));
    // The unit downloads the form the job wrote.
    let r = site
        .get("/unita/V/modulo", Some(site.token(unit_label("V"))))
        .await;
    assert_eq!(
        r.body,
        std::fs::read(dir.join(AREA_V)).unwrap(),
        "the unit's download is not the written form"
    );
}

#[tokio::test]
async fn a_second_job_while_one_runs_is_told_and_uploads_go_on() {
    let site = Site::new();
    let r = start(&site, "bozza", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // The draft takes seconds: a second start meanwhile is refused.
    let r = start(&site, "moduli", &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let page = r.text();
    assert!(page.contains("Un altro lavoro è in corso"), "{page}");
    assert!(
        page.contains("La scrittura della bozza della Relazione è in corso"),
        "{page}"
    );
    // A unit's form sent meanwhile is accepted at once.
    let v = site.token(unit_label("V"));
    let accepted = site.path(&format!("{FORMS}/{AREA_V}"));
    let before = std::fs::read(&accepted).unwrap();
    let fixed = edit_zip(&before, "xl/worksheets/sheet2.xml", |t| {
        t.replacen(
            "<c r=\"I8\" s=\"18\"><v>45089</v></c>",
            "<c r=\"I8\" s=\"18\"><v>45090</v></c>",
            1,
        )
    });
    let r = site.upload("V", v, "modulo.xlsx", &fixed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(std::fs::read(&accepted).unwrap(), fixed);
    let s = wait(&site).await;
    assert_eq!(s["stato"], "finito", "{s}");
    assert!(!site.path("outputs/moduli").exists(), "the refused job ran");
    let pdf = site.path("outputs/2023/Relazione sulla performance 2023.pdf");
    let text = common::pdftotext(&pdf);
    assert!(text.contains("BOZZA"), "the draft is not marked");
    let page = unescaped(&site.get("/lavoro", Some(site.office())).await.text());
    assert!(
        page.contains("La Relazione 2023 è una bozza, con la scritta BOZZA su ogni pagina"),
        "{page}"
    );
    // Its documents are in the home's list, to download.
    let home = unescaped(&site.get("/", Some(site.office())).await.text());
    assert!(home.contains("Relazione sulla performance 2023.pdf"));
    assert!(home.contains("La scrittura della bozza della Relazione è finita il"));
}

/// With a proposal still waiting for the Nucleo, the final Relazione is
/// refused by the page in the words the command line stops with.
#[tokio::test]
async fn the_final_relazione_is_refused_in_the_command_lines_words() {
    let dir = common::scratch_inputs();
    std::fs::remove_file(dir.path().join("inputs/valutazioni-nucleo-2023.toml")).unwrap();
    let cli = common::consuntivo(&["relazione"], dir.path());
    assert!(!cli.status.success(), "the CLI wrote the final version");
    let stderr = common::text(&cli.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("la versione definitiva non si può produrre"))
        .unwrap_or_else(|| panic!("{stderr}"));
    let message = line[line.find("la versione definitiva").unwrap()..].to_string();
    assert!(!dir.path().join("outputs/2023").exists());
    let site = Site::from_dir(dir);
    let home = unescaped(&site.get("/", Some(site.office())).await.text());
    assert!(
        home.contains("La Relazione definitiva non si può ancora scrivere"),
        "{home}"
    );
    assert!(home.contains(&message), "{message}\n{home}");
    assert!(home.contains("disabled aria-describedby=\"perche-definitiva\""));
    // Each pending proposal is listed, as the command line lists it.
    let details: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.contains("la versione definitiva"))
        .skip(1)
        .take_while(|l| l.starts_with("    "))
        .map(str::trim)
        .collect();
    assert!(!details.is_empty(), "{stderr}");
    for d in &details {
        assert!(home.contains(&format!("<li>{d}</li>")), "{d}");
    }
    // And the example to copy under the first hint.
    assert!(
        home.contains("[[conferma]]\nindicatore = \"OB02.2\""),
        "{home}"
    );
    // Sent anyway (a stale page): the job stops with the same words.
    let r = start(&site, "definitiva", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let s = wait(&site).await;
    assert_eq!(s["stato"], "fallito", "{s}");
    let page = unescaped(&site.get("/lavoro", Some(site.office())).await.text());
    assert!(page.contains(&message), "{page}");
    assert!(page.contains("I file di prima restano come erano"));
    assert!(!site.path("outputs/2023").exists());
}

#[tokio::test]
async fn the_monitoring_form_is_offered_while_the_check_is_open() {
    let site = Site::new();
    let v = site.token(unit_label("V"));
    let page = site.get("/unita/V", Some(v)).await.text();
    assert!(!page.contains("modulo di monitoraggio"), "{page}");
    assert_eq!(
        site.get("/unita/V/monitoraggio", Some(v)).await.status,
        StatusCode::NOT_FOUND
    );
    let r = start(&site, "moduli-monitoraggio", &[("data", "2023-06-30")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let s = wait(&site).await;
    assert_eq!(s["stato"], "finito", "{s}");
    let name =
        "2023 - Monitoraggio 30-06-2023 - Area V Urbanistica, edilizia privata, SUAP e CED.xlsx";
    let written = site.path(&format!(
        "outputs/moduli/2023/monitoraggio 30-06-2023/{name}"
    ));
    assert!(written.is_file());
    let page = unescaped(&site.get("/unita/V", Some(v)).await.text());
    assert!(
        page.contains(&format!(
            "Scarica il modulo di monitoraggio al 30/06/2023 «{name}»"
        )),
        "{page}"
    );
    let r = site.get("/unita/V/monitoraggio", Some(v)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, std::fs::read(&written).unwrap());
    // Another unit's link reaches only its own.
    let iii = site.token(unit_label("III"));
    assert_eq!(
        site.get("/unita/V/monitoraggio", Some(iii)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        site.get(
            "/unita/V/monitoraggio",
            Some(site.token("Nucleo di Valutazione"))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // The report of the check (from the returned forms) closes it.
    let r = start(&site, "monitoraggio", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let s = wait(&site).await;
    assert_eq!(s["stato"], "finito", "{s}");
    let report = site.path("outputs/2023");
    let pdfs: Vec<_> = common::files_under(&report)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "{pdfs:?}");
    let text = common::pdftotext(&pdfs[0]);
    assert!(text.contains("30 giugno 2023"), "{text}");
    let page = site.get("/unita/V", Some(v)).await.text();
    assert!(!page.contains("modulo di monitoraggio al"), "{page}");
    assert_eq!(
        site.get("/unita/V/monitoraggio", Some(v)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_reminders_job_writes_a_letter_per_unit_with_rows_missing() {
    let site = Site::new();
    // Area V's form taken away: its rows are all missing.
    std::fs::remove_file(site.path(&format!("{FORMS}/{AREA_V}"))).unwrap();
    let r = start(&site, "solleciti", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let s = wait(&site).await;
    assert_eq!(s["stato"], "finito", "{s}");
    let dir = site.path("outputs/2023/solleciti");
    let letters: Vec<_> = common::files_under(&dir);
    assert!(
        letters
            .iter()
            .any(|p| p.to_string_lossy().contains("Area V")
                && p.extension().is_some_and(|e| e == "pdf")),
        "{letters:?}"
    );
    let page = unescaped(&site.get("/lavoro", Some(site.office())).await.text());
    assert!(
        page.contains("Area V Urbanistica, edilizia privata, SUAP e CED"),
        "{page}"
    );
    assert!(page.contains("solleciti scritti") || page.contains("sollecito scritto"));
    let _ = Path::new(".");
}
