//! The office's long work from the sportello, in process: every job route
//! for every role, the CSRF code, one job at a time (a second is queued, a
//! third told one waits; uploads go on meanwhile), the files each job writes in
//! `outputs/`, the progress the page's script polls, the refusal of the
//! final Relazione in the command line's own words, and the monitoring
//! form offered to the units while the check is open.

mod common;

use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};

use common::sportello::{AREA_V, Answer, FORMS, Site, UNITS, edit_zip, unit_label};

const JOBS: [&str; 8] = [
    "moduli",
    "moduli-monitoraggio",
    "solleciti",
    "monitoraggio",
    "bozza",
    "definitiva",
    "smvp",
    "validazione",
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

/// A second job asked for while one runs waits in the queue and starts
/// by itself when the first ends; a third, while one waits, is told one
/// is already queued. Uploads go on meanwhile. A draft written again
/// says which documents it took unchanged, in the command's lines.
#[tokio::test]
async fn a_second_job_while_one_runs_is_queued_a_third_is_told_and_uploads_go_on() {
    let site = Site::new();
    let r = start(&site, "bozza", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // The draft takes seconds: a second start meanwhile is queued.
    let r = start(&site, "moduli", &[]).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text());
    let page = unescaped(&r.text());
    assert!(
        page.contains("Un altro lavoro è in corso e ne parte uno solo alla volta: la scrittura dei moduli di rendicontazione è in coda e partirà da sé"),
        "{page}"
    );
    assert!(
        page.contains("La scrittura della bozza della Relazione è in corso"),
        "{page}"
    );
    // A third, while one waits: not queued, and told which one waits.
    let r = start(&site, "solleciti", &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let page = unescaped(&r.text());
    assert!(
        page.contains("La scrittura dei solleciti non è stata avviata: un altro lavoro è in corso e ne parte uno solo alla volta, e la scrittura dei moduli di rendicontazione è già in coda."),
        "{page}"
    );
    // The queue is on the job's page and on the home.
    for path in ["/lavoro", "/"] {
        let page = unescaped(&site.get(path, Some(site.office())).await.text());
        assert!(
            page.contains("In coda: la scrittura dei moduli di rendicontazione, che partirà da sé"),
            "{path}: {page}"
        );
    }
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
    // The draft ends, the queued forms run by themselves and end.
    let s = wait(&site).await;
    assert_eq!(s["stato"], "finito", "{s}");
    assert_eq!(s["lavoro"], "moduli", "{s}");
    assert!(site.app.jobs.queued().is_none());
    assert!(
        site.path("outputs/moduli/2023").is_dir(),
        "the queued job ran"
    );
    assert!(
        !site.path("outputs/2023/solleciti").exists(),
        "the dropped job ran"
    );
    let pdf = site.path("outputs/2023/Relazione sulla performance 2023.pdf");
    let text = common::pdftotext(&pdf);
    assert!(text.contains("BOZZA"), "the draft is not marked");
    let page = unescaped(&site.get("/lavoro", Some(site.office())).await.text());
    assert!(
        page.contains("7 moduli scritti in outputs/moduli/2023/."),
        "{page}"
    );
    assert!(!page.contains("In coda"), "{page}");
    // The registro has the start, the queued and the refused request, the
    // queued job's start, the ends and the upload.
    let mut seen: Vec<String> = site
        .events()
        .iter()
        .map(|e| match &e.event {
            consuntivo::web::Event::Generation { what, outcome, .. } => {
                format!("{} {what}: {outcome}", e.role)
            }
            consuntivo::web::Event::Upload { unit, outcome, .. } => {
                format!("{} {unit}: {outcome:?}", e.role)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            "unita.V V: Accepted",
            "vertice bozza: avviata",
            "vertice bozza: completata",
            // The queued job's own start, when it came (review 31).
            "vertice moduli: avviata",
            "vertice moduli: completata",
            "vertice moduli: in coda: partirà alla fine del lavoro in corso",
            "vertice solleciti: non avviata: un altro lavoro è in corso e uno è già in coda",
        ]
    );
    let registro = unescaped(&site.get("/registro", Some(site.office())).await.text());
    assert!(
        registro.contains("Scrittura: la bozza della Relazione"),
        "{registro}"
    );

    // The draft again: Area V's form changed, the others did not. The
    // page says what was taken unchanged, as the command prints it.
    let r = start(&site, "bozza", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let s = wait(&site).await;
    assert_eq!(s["stato"], "finito", "{s}");
    let page = unescaped(&site.get("/lavoro", Some(site.office())).await.text());
    assert!(
        page.contains("La Relazione 2023 è una bozza, con la scritta BOZZA su ogni pagina"),
        "{page}"
    );
    assert!(
        page.contains("ripresi invariati dalla scrittura precedente"),
        "{page}"
    );
    assert!(page.contains("<li>Schede delle Aree: "), "{page}");
    assert!(page.contains(" invariate.</li>"), "{page}");
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
    // The remedy is the Nucleo's page, not lines to copy into a file.
    assert!(
        home.contains(
            "nella pagina <a href=\"/valutazioni\">Decisioni del Nucleo di Valutazione</a>"
        ),
        "{home}"
    );
    assert!(!home.contains("[[conferma]]"), "{home}");
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
    // A date of another year than the plan's is refused before any job
    // starts (review 32 B1: «monitoraggio al 30/06/2026» of the 2023 plan).
    let r = start(&site, "moduli-monitoraggio", &[("data", "2026-06-30")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    assert!(
        unescaped(&r.text()).contains("indicare una data di quell'anno (per esempio 30/06/2023)"),
        "{}",
        r.text()
    );
    assert!(
        !site
            .path("outputs/moduli/2023")
            .join("monitoraggio 30-06-2026")
            .exists()
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
    // Every unit reaches its own monitoring form and no other; the office
    // every one; the evaluator none.
    for own in UNITS {
        let token = site.token(unit_label(own));
        for unit in UNITS {
            let r = site
                .get(&format!("/unita/{unit}/monitoraggio"), Some(token))
                .await;
            let expected = if own == unit {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(r.status, expected, "unit {own} /unita/{unit}/monitoraggio");
        }
    }
    for unit in UNITS {
        let path = format!("/unita/{unit}/monitoraggio");
        let r = site.get(&path, Some(site.office())).await;
        assert_eq!(r.status, StatusCode::OK, "office {path}");
        assert!(r.body.starts_with(b"PK\x03\x04"), "office {path}");
        let r = site.get(&path, Some(site.evaluator())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "evaluator {path}");
        assert_eq!(site.get(&path, None).await.status, StatusCode::UNAUTHORIZED);
    }
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
    // No address book: no draft, and the page does not speak of any.
    assert!(!page.contains("Bozze di e-mail"), "{page}");
    assert!(
        !letters
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "eml"))
    );

    // An office that keeps the units' addresses gets the e-mail drafts
    // from the page too, as `solleciti --email` (review 33 C1).
    std::fs::write(
        site.path("inputs/indirizzi.toml"),
        "[unita]\nV = \"urbanistica@comune.esempio.it\"\n",
    )
    .unwrap();
    let r = start(&site, "solleciti", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(wait(&site).await["stato"], "finito");
    assert!(
        common::files_under(&dir)
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "eml")),
        "the draft written"
    );
    let page = unescaped(&site.get("/lavoro", Some(site.office())).await.text());
    assert!(
        page.contains("Bozze di e-mail (file .eml, da aprire con il programma di posta, controllare e inviare), con gli indirizzi del file indirizzi.toml: Area V Urbanistica, edilizia privata, SUAP e CED."),
        "{page}"
    );
}

/// After a bozza, the Nucleo reads it from its own page (riservato/
/// excepted), and each unit downloads its own scheda, never another's nor
/// the Relazione; the unit's page shows its grades as its form gives
/// them, the same the Relazione's run computed.
#[tokio::test]
async fn after_the_bozza_the_nucleo_reads_it_and_each_unit_its_own_scheda() {
    let site = Site::new();
    let r = start(&site, "bozza", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(wait(&site).await["stato"], "finito");
    let relazione = "/documenti/Relazione%20sulla%20performance%202023.pdf";
    let own = "/documenti/schede/Area%20III%20Finanziaria.pdf";
    let other = "/documenti/schede/Area%20I%20Affari%20generali%20e%20giuridico-legale.pdf";
    let reserved = std::fs::read_dir(site.path("outputs/2023/riservato"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".xlsx"))
        .expect("a confidential workbook");
    let reserved = format!("/documenti/riservato/{}", reserved.replace(' ', "%20"));

    // The Nucleo: the documents listed on its page, the Relazione served.
    let nucleo = site.evaluator();
    let page = unescaped(&site.get("/valutazioni", Some(nucleo)).await.text());
    assert!(page.contains("I documenti da leggere"), "{page}");
    assert!(
        page.contains("href=\"/documenti/Relazione%20sulla%20performance%202023.pdf\""),
        "{page}"
    );
    assert!(!page.contains("riservato/"), "{page}");
    let r = site.get(relazione, Some(nucleo)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with(b"%PDF"));
    assert_ne!(
        site.get(&reserved, Some(nucleo)).await.status,
        StatusCode::OK
    );

    // A unit: its own scheda, linked from its page, and nothing else.
    let iii = site.token(unit_label("III"));
    let page = unescaped(&site.get("/unita/III", Some(iii)).await.text());
    assert!(page.contains(&format!("href=\"{own}\"")), "{page}");
    let r = site.get(own, Some(iii)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.body,
        std::fs::read(site.path("outputs/2023/schede/Area III Finanziaria.pdf")).unwrap()
    );
    for path in [other, relazione, reserved.as_str()] {
        assert_eq!(
            site.get(path, Some(iii)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }

    // Its draft grades: the unit's grade of the whole run, and a row for
    // each of its objectives.
    let ente = consuntivo::ente::EnteFolder::new(site.path("inputs"), site.path("outputs"));
    let scored = ente
        .score_all(&Default::default(), &consuntivo::progress::Silent)
        .unwrap();
    let grade = scored
        .scorecard
        .areas
        .iter()
        .find(|a| a.area.as_str() == "III")
        .and_then(|a| a.grade)
        .unwrap();
    assert!(
        page.contains("I gradi provvisori dal modulo in uso"),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "Grado complessivo provvisorio: <strong>{}</strong>",
            consuntivo::italian::percent(grade)
        )),
        "{page}"
    );
    for o in scored
        .scorecard
        .objectives
        .iter()
        .filter(|o| o.areas.iter().any(|a| a.area.as_str() == "III"))
    {
        assert!(
            page.contains(&format!("<th scope=\"row\">{}</th>", o.objective)),
            "{}: {page}",
            o.objective
        );
    }
}

/// The page words its own remedy: a Relazione without a date sends the
/// office to the texts page's date field, not to a TOML file or a
/// command-line option.
#[tokio::test]
async fn a_draft_without_a_date_points_to_the_texts_page() {
    let dir = common::scratch_inputs();
    let settings = dir.path().join("inputs/relazione.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let first = text.find("data = \"30/04/2024\"\n").unwrap();
    std::fs::write(
        &settings,
        format!("{}{}", &text[..first], &text[first + 19..]),
    )
    .unwrap();
    let site = Site::from_dir(dir);
    let r = start(&site, "bozza", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(wait(&site).await["stato"], "fallito");
    let page = unescaped(&site.get("/lavoro", Some(site.office())).await.text());
    assert!(page.contains("manca la data"), "{page}");
    assert!(
        page.contains("indicare la data nella pagina <a href=\"/testi\">Testi della Relazione</a>, riquadro «Data dei documenti»"),
        "{page}"
    );
    assert!(!page.contains("--data"), "{page}");
    assert!(!page.contains("inputs/relazione.toml, es."), "{page}");
}

/// The SMVP document from the sportello (review 33 C11): the office
/// writes it with a button, and both the office and the evaluator find it
/// on their document pages and download it; a unit does not.
#[tokio::test]
async fn the_office_writes_the_smvp_document_and_the_evaluator_reads_it() {
    let site = Site::new();
    let office = site.office();
    let nucleo = site.evaluator();
    // Not written yet: no link, and the address answers 404.
    let page = unescaped(&site.get("/", Some(office)).await.text());
    assert!(page.contains("action=\"/lavori/smvp\""), "{page}");
    assert!(!page.contains("href=\"/smvp.pdf\""), "{page}");
    assert_eq!(
        site.get("/smvp.pdf", Some(office)).await.status,
        StatusCode::NOT_FOUND
    );
    // A date that is not one is refused before a job starts.
    let r = start(&site, "smvp", &[("data", "metà gennaio")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.text().contains("Sistema di misurazione e valutazione"),
        "{}",
        r.text()
    );
    assert!(site.app.jobs.current().is_none());

    let r = start(&site, "smvp", &[("data", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(wait(&site).await["stato"], "finito");
    let written = std::fs::read(site.path("outputs/smvp.pdf")).expect("outputs/smvp.pdf");
    let r = site.get("/lavoro", Some(office)).await;
    let text = unescaped(&r.text());
    // Dated by the adopting act of the shipped smvp.toml.
    assert!(
        text.contains("Il documento del Sistema di misurazione e valutazione è scritto, con la data del 14/12/2022."),
        "{text}"
    );
    assert!(text.contains("outputs/smvp.pdf"), "{text}");

    for (page, token) in [("/", office), ("/valutazioni", nucleo)] {
        let html = unescaped(&site.get(page, Some(token)).await.text());
        assert!(html.contains("href=\"/smvp.pdf\""), "{page}: {html}");
        assert!(
            html.contains("Sistema di misurazione e valutazione"),
            "{page}"
        );
        let r = site.get("/smvp.pdf", Some(token)).await;
        assert_eq!(r.status, StatusCode::OK, "{page}");
        assert_eq!(r.body, written, "{page}");
        assert_eq!(r.headers[header::CONTENT_TYPE], "application/pdf");
    }
    let unit = site.token(unit_label("III"));
    assert_eq!(
        site.get("/smvp.pdf", Some(unit)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        site.get("/smvp.pdf", None).await.status,
        StatusCode::UNAUTHORIZED
    );

    // A chosen date before the adoption: the job fails, in the page's
    // words (its date field, not the command's option), and nothing changes.
    let r = start(&site, "smvp", &[("data", "2022-01-10")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(wait(&site).await["stato"], "fallito");
    assert_eq!(
        std::fs::read(site.path("outputs/smvp.pdf")).unwrap(),
        written
    );
    let text = unescaped(&site.get("/lavoro", Some(office)).await.text());
    assert!(
        text.contains("è precedente all'atto di adozione del Sistema, del 14/12/2022")
            && text.contains("indicare nel campo della data un giorno dal 14/12/2022 in poi"),
        "{text}"
    );
    assert!(!text.contains("--data"), "{text}");
    // A date in the future is refused before a job starts.
    let r = start(&site, "smvp", &[("data", "2099-01-01")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("successiva a oggi"), "{}", r.text());
}

/// The validation papers from the sportello (review 35 n. 1): the office
/// writes them with a button; a final Relazione written before them says
/// that the adopted documento is missing from the publication list, and
/// the papers written after it put the documento in the list, with the
/// file's own checksum; the evaluator downloads the documento, a unit
/// does not.
#[tokio::test]
async fn the_office_writes_the_validation_papers_and_the_list_names_the_documento() {
    let site = Site::new();
    let office = site.office();
    let page = unescaped(&site.get("/", Some(office)).await.text());
    assert!(page.contains("action=\"/lavori/validazione\""), "{page}");
    assert!(page.contains("Scrivi le carte della validazione"), "{page}");
    // A date that is not one is refused before a job starts.
    let r = start(&site, "validazione", &[("data", "18-04-24")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("carte della validazione"), "{}", r.text());
    assert!(site.app.jobs.current().is_none());

    // The main job first: the documento is adopted in the evaluator's file
    // but not written, and the page says what to do.
    let r = start(&site, "definitiva", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(wait(&site).await["stato"], "finito");
    let text = unescaped(&site.get("/lavoro", Some(office)).await.text());
    assert!(
        text.contains("non è ancora scritto per questi risultati"),
        "{text}"
    );
    assert!(
        text.contains("«Scrivi le carte della validazione»"),
        "{text}"
    );
    let list = site.path("outputs/2023/Cosa pubblicare e dove 2023.csv");
    let csv = String::from_utf8(std::fs::read(&list).unwrap()).unwrap();
    assert!(!csv.contains("validazione/"), "{csv}");

    // The papers, with a date of their own: the list names the documento.
    let r = start(&site, "validazione", &[("data", "2024-04-15")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(wait(&site).await["stato"], "finito");
    let text = unescaped(&site.get("/lavoro", Some(office)).await.text());
    assert!(
        text.contains("Le carte della validazione sono scritte, con la data del 15/04/2024"),
        "{text}"
    );
    assert!(
        text.contains("riporta il documento di validazione adottato"),
        "{text}"
    );
    let doc = "outputs/2023/validazione/Documento di validazione 2023.pdf";
    let bytes = std::fs::read(site.path(doc)).unwrap();
    let sum = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(&bytes));
    let csv = String::from_utf8(std::fs::read(&list).unwrap()).unwrap();
    let row = csv
        .lines()
        .find(|l| l.contains("validazione/Documento di validazione 2023.pdf"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(row.contains(&sum), "{row}");
    assert!(row.contains("\"15/04/2024\""), "{row}");

    let url = "/documenti/validazione/Documento%20di%20validazione%202023.pdf";
    for token in [office, site.evaluator()] {
        let r = site.get(url, Some(token)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body, bytes);
    }
    let unit = site.token(unit_label("III"));
    assert_eq!(
        site.get(url, Some(unit)).await.status,
        StatusCode::FORBIDDEN
    );
}
