//! `consuntivo sportello` in process: the links, the security headers,
//! CSRF, links revoked, the upload of a unit's form (accepted, kept aside
//! with errors at the cell, another unit's, not a spreadsheet), the
//! office's home. Every route for every role, path traversal and hostile
//! text are in `sportello_rotte.rs`.

mod common;

use std::path::Path;

use axum::http::{StatusCode, header};

use common::sportello::*;
use consuntivo::web;

#[tokio::test]
async fn start_issues_one_link_per_role_and_keeps_only_hashes() {
    let site = Site::new();
    // Office, evaluator, seven units.
    assert_eq!(site.tokens.len(), 9, "{:?}", site.tokens.keys());
    assert!(site.tokens.contains_key("Nucleo di Valutazione"));
    let file = std::fs::read_to_string(site.path("sportello/accessi.toml")).unwrap();
    for token in site.tokens.values() {
        assert_eq!(token.len(), 64);
        assert!(!file.contains(token.as_str()), "a token stored in clear");
    }
    // A second start issues nothing and keeps every link valid.
    let again = web::prepare(site.app.config.clone(), false).unwrap();
    assert!(again.issued.is_empty());
    assert_eq!(again.kept.len(), 9);
    let r = site.get("/accessi", Some(site.office())).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let site = Site::new();
    for (path, token) in [
        ("/", None),
        ("/accessi", Some(site.office())),
        ("/unita/III", Some(site.token(unit_label("III")))),
        ("/risorse/sportello.css", None),
        ("/non-esiste", None),
    ] {
        let r = site.get(path, token).await;
        let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(
            r.headers[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{path}"
        );
    }
    // No page has inline script or style.
    let html = site.get("/accessi", Some(site.office())).await.text();
    assert!(
        !html.contains("<script>") && !html.contains("style="),
        "{html}"
    );
}

#[tokio::test]
async fn a_link_enters_with_a_cookie_and_a_wrong_one_does_not() {
    let site = Site::new();
    let token = site.token(unit_label("V")).to_string();
    let r = site.get(&format!("/accesso/{token}"), None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with(&format!("sportello={token}")));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let r = site.get("/", Some(&token)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/unita/V");

    let wrong = "0".repeat(64);
    for path in [
        format!("/accesso/{wrong}"),
        "/accesso/..%2F..%2Fetc%2Fpasswd".into(),
    ] {
        let r = site.get(&path, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(r.headers.get(header::SET_COOKIE).is_none());
    }
    for path in ["/", "/accessi", "/unita/V", "/unita/V/modulo"] {
        let r = site.get(path, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(r.text().contains("link personale"), "{path}");
        let r = site.get(path, Some(&wrong)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn a_unit_page_shows_its_form_and_status() {
    let site = Site::new();
    let token = site.token(unit_label("III"));
    let page = site.get("/unita/III", Some(token)).await.text();
    assert!(page.contains("<h1>Area III Finanziaria</h1>"), "{page}");
    assert!(page.contains("Scarica il modulo «2023 - Area III Finanziaria.xlsx»"));
    assert!(page.contains("Modulo in uso: «2023 - Area III Finanziaria.xlsx»"));
    assert!(page.contains("Righe compilate:"));
    let r = site.get("/unita/III/modulo", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with(b"PK\x03\x04"));
    let disposition = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.contains("filename*=UTF-8''2023%20-%20Area%20III%20Finanziaria.xlsx"),
        "{disposition}"
    );
    // The form is the one `moduli` writes: it reads back as Area III's.
    let plan = consuntivo::plan::load(&site.path("inputs/piano-2023.toml")).unwrap();
    let (report, _) = consuntivo::forms::read_form_bytes(
        &plan,
        Path::new("modulo.xlsx"),
        r.body.clone(),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(report.area.as_str(), "III");
}

#[tokio::test]
async fn an_upload_with_an_error_is_kept_aside_with_the_message_at_the_cell() {
    let site = Site::new();
    let token = site.token(unit_label("V"));
    let accepted = site.path(&format!("{FORMS}/{AREA_V}"));
    let before = std::fs::read(&accepted).unwrap();
    let broken = edit_zip(&before, "xl/worksheets/sheet2.xml", |t| {
        t.replacen(
            "<c r=\"I8\" s=\"18\"><v>45089</v></c>",
            "<c r=\"I8\" s=\"18\" t=\"inlineStr\"><is><t>metà settembre</t></is></c>",
            1,
        )
    });
    // The name the browser sends is never used as a path.
    let r = site
        .upload("V", token, "../../../inputs/smvp.toml", &broken)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = site.get("/unita/V", Some(token)).await.text();
    assert!(page.contains("Modulo da correggere"), "{page}");
    assert!(page.contains("Rendicontazione › I8"), "{page}");
    assert!(
        page.contains("«metà settembre» non è una data valida"),
        "{page}"
    );
    // The accepted form is untouched; the sent one waits aside.
    assert_eq!(std::fs::read(&accepted).unwrap(), before);
    let aside = site.path(&format!(
        "sportello/da-correggere/2023/Area V Urbanistica, edilizia privata, SUAP e CED/{AREA_V}"
    ));
    assert_eq!(std::fs::read(&aside).unwrap(), broken);
    assert!(site.path("inputs/smvp.toml").is_file());

    // Fixed and sent again: accepted, in place of the old one, and archived.
    let fixed = edit_zip(&before, "xl/worksheets/sheet2.xml", |t| {
        t.replacen(
            "<c r=\"I8\" s=\"18\"><v>45089</v></c>",
            "<c r=\"I8\" s=\"18\"><v>45090</v></c>",
            1,
        )
    });
    let r = site.upload("V", token, "modulo.xlsx", &fixed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = site.get("/unita/V", Some(token)).await.text();
    assert!(page.contains("Modulo accettato"), "{page}");
    assert_eq!(std::fs::read(&accepted).unwrap(), fixed);
    assert!(!aside.exists());
    let archive =
        site.path("sportello/archivio/2023/Area V Urbanistica, edilizia privata, SUAP e CED");
    assert_eq!(std::fs::read_dir(archive).unwrap().count(), 1);
    // Nothing else appeared in the forms folder.
    assert_eq!(std::fs::read_dir(site.path(FORMS)).unwrap().count(), 7);
}

#[tokio::test]
async fn another_units_form_or_not_a_spreadsheet_is_refused() {
    let site = Site::new();
    let token = site.token(unit_label("V"));
    let accepted = site.path(&format!("{FORMS}/{AREA_V}"));
    let before = std::fs::read(&accepted).unwrap();
    let other = std::fs::read(site.path(&format!("{FORMS}/{AREA_III}"))).unwrap();
    // The refusal names the file sent, not the name it would have been
    // saved under (review 30 R30-27), and the units with their articles.
    let r = site.upload("V", token, AREA_III, &other).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = site.get("/unita/V", Some(token)).await.text();
    assert!(
        page.contains("è il modulo dell&#x27;Area III Finanziaria, non dell&#x27;Area V"),
        "{page}"
    );
    let refusal = &page[page.find("Modulo da correggere").unwrap()..];
    let refusal = &refusal[..refusal.find("</ul>").unwrap_or(refusal.len())];
    assert!(refusal.contains(AREA_III), "{refusal}");
    assert!(!refusal.contains(AREA_V), "{refusal}");
    // Named .xlsx, but it is text; a truncated workbook.
    for (name, bytes) in [
        ("modulo.xlsx", b"nome;valore\n".to_vec()),
        ("modulo.xlsx", before[..before.len() / 2].to_vec()),
    ] {
        let r = site.upload("V", token, name, &bytes).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = site.get("/unita/V", Some(token)).await.text();
        assert!(page.contains("Modulo da correggere"), "{page}");
        assert!(
            page.contains("non è un foglio di calcolo .xlsx, .xls o .ods"),
            "{page}"
        );
    }
    assert_eq!(std::fs::read(&accepted).unwrap(), before);
    // Each recorded, with its outcome and the error counted.
    let events = site.events();
    assert_eq!(events.len(), 3);
    for e in &events {
        match &e.event {
            web::Event::Upload {
                unit,
                outcome,
                errors,
                ..
            } => {
                assert_eq!(unit, "V");
                assert_eq!(*outcome, web::UploadOutcome::ToFix);
                assert!(*errors >= 1, "{e:?}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_in_italian() {
    let site = Site::new();
    let token = site.token(unit_label("V"));
    let big = vec![b'P'; web::MAX_UPLOAD + 1];
    let r = site.upload("V", token, "grande.xlsx", &big).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("troppo grande"), "{}", r.text());
}

#[tokio::test]
async fn posts_without_the_csrf_token_are_refused() {
    let site = Site::new();
    let office = site.office();
    let before = std::fs::read_to_string(site.path("sportello/accessi.toml")).unwrap();
    for fields in [
        vec![("ruolo", "valutatore")],
        vec![("ruolo", "valutatore"), ("csrf", &*"0".repeat(64))],
    ] {
        let r = site.post_form("/accessi", office, &fields).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.text().contains("codice di controllo"));
    }
    assert_eq!(
        std::fs::read_to_string(site.path("sportello/accessi.toml")).unwrap(),
        before
    );
    let token = site.token(unit_label("V"));
    let bytes = std::fs::read(site.path(&format!("{FORMS}/{AREA_V}"))).unwrap();
    // Another visitor's CSRF token does not do either.
    let office_csrf = site.csrf("/accessi", office).await;
    let r = site
        .upload_with("V", token, "m.xlsx", &bytes, &office_csrf)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        site.get("/unita/V", Some(token))
            .await
            .text()
            .contains("Nessun modulo è ancora stato inviato")
    );
}

#[tokio::test]
async fn a_reissued_link_revokes_the_old_one() {
    let site = Site::new();
    let office = site.office().to_string();
    let old = site.token(unit_label("II")).to_string();
    assert_eq!(
        site.get("/unita/II", Some(&old)).await.status,
        StatusCode::OK
    );
    let r = site.reissue("unita.II").await;
    assert_eq!(r.status, StatusCode::OK);
    // In the page the link is HTML-escaped («/» as «&#x2f;»).
    let page = r.text().replace("&#x2f;", "/");
    assert!(page.contains("Nuovo link dell&#x27;Area II Socio-culturale e personale"));
    let at = page.find("http://127.0.0.1:8080/accesso/").unwrap() + 30;
    let new = &page[at..at + 64];
    assert_eq!(
        site.get("/unita/II", Some(&old)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        site.get("/unita/II", Some(new)).await.status,
        StatusCode::OK
    );
    // A role the plan does not have is refused.
    let r = site.reissue("unita.../../x").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // The office replacing its own link stays in with the new one.
    let r = site.reissue("vertice").await;
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().to_string();
    let mine = &cookie["sportello=".len().."sportello=".len() + 64];
    assert_eq!(
        site.get("/accessi", Some(&office)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        site.get("/accessi", Some(mine)).await.status,
        StatusCode::OK
    );
}

/// The office's home: the plan, a row per unit as `stato` has it, the
/// ente's grade, the year's documents with downloads (riservato/ too).
#[tokio::test]
async fn the_office_home_shows_status_grade_and_documents() {
    let site = Site::new();
    let office = site.office();
    let year = site.path("outputs/2023");
    std::fs::create_dir_all(year.join("riservato")).unwrap();
    std::fs::write(
        year.join("Relazione sulla performance 2023.pdf"),
        b"%PDF-1.7 prova",
    )
    .unwrap();
    std::fs::write(
        year.join("riservato/Valutazioni individuali 2023.xlsx"),
        b"PK riservato",
    )
    .unwrap();
    std::fs::write(year.join(".nascosto"), b"segreto").unwrap();
    let page = site
        .get("/", Some(office))
        .await
        .text()
        .replace("&#x2f;", "/");
    assert!(
        page.contains("<h1>Situazione dell&#x27;anno</h1>")
            || page.contains("<h1>Situazione dell'anno</h1>"),
        "{page}"
    );
    assert!(page.contains("Stato della rendicontazione al"), "{page}");
    // The ente's word as the ente writes it, no command named, no chain
    // of colons after the plan's title.
    assert!(
        page.contains("<caption>Una riga per ogni Area</caption>"),
        "{page}"
    );
    assert!(!page.contains("consuntivo stato"), "{page}");
    assert!(
        page.contains(
            "Allegato H: Piano e indicatori di Performance (PIAO 2023–2025, sottosezione Performance) — 7 Aree, 42 obiettivi, 84 indicatori."
        ),
        "{page}"
    );
    for unit in UNITS {
        assert!(
            page.contains(&format!("<th scope=\"row\">{}</th>", unit_label(unit))),
            "{unit}: {page}"
        );
    }
    assert!(
        page.contains("Grado di raggiungimento dell&#x27;ente")
            || page.contains("Grado di raggiungimento dell'ente")
    );
    assert!(page.contains("Relazione sulla performance 2023.pdf"));
    assert!(page.contains("riservato/Valutazioni individuali 2023.xlsx"));
    assert!(!page.contains(".nascosto"));
    let r = site
        .get(
            "/documenti/Relazione%20sulla%20performance%202023.pdf",
            Some(office),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, b"%PDF-1.7 prova");
    // A unit reaches neither the home nor any document; nothing outside
    // the listing is served, hidden files and traversal included.
    let unit = site.token(unit_label("III"));
    for path in [
        "/documenti/Relazione%20sulla%20performance%202023.pdf",
        "/documenti/riservato/Valutazioni%20individuali%202023.xlsx",
    ] {
        assert_eq!(
            site.get(path, Some(unit)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let r = site.get("/", Some(unit)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for path in [
        "/documenti/.nascosto",
        "/documenti/..%2F..%2Finputs%2Fsmvp.toml",
        "/documenti/../../inputs/smvp.toml",
        "/documenti/%2Fetc%2Fpasswd",
    ] {
        let r = site.get(path, Some(office)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_refused_page_names_the_link_with_its_article_and_leads_back() {
    let site = Site::new();
    let unit = site.token(unit_label("III"));
    let r = site.get("/valutazioni", Some(unit)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = r.text();
    assert!(
        page.contains(
            "Con il link dell&#x27;Area III Finanziaria questa pagina non si può aprire."
        ),
        "{page}"
    );
    assert!(page.contains("href=\"&#x2f;unita&#x2f;III\""), "{page}");
    let nucleo = site.evaluator().to_string();
    let r = site.get("/unita/III", Some(&nucleo)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.text().contains("Con il link del Nucleo di Valutazione"),
        "{}",
        r.text()
    );
}

#[tokio::test]
async fn the_validation_date_is_shown_as_read_not_as_typed() {
    let site = Site::new();
    let path = site.path("inputs/relazione.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("data = \"18/04/2024\"", "data = \"18.04.2024\"", 1),
    )
    .unwrap();
    let nucleo = site.evaluator().to_string();
    let page = site.get("/valutazioni", Some(&nucleo)).await.text();
    assert!(page.contains("del 18&#x2f;04&#x2f;2024."), "{page}");
    assert!(!page.contains("18.04.2024"), "{page}");
}

/// The token of the first role whose label contains `part`.
fn token_of<'a>(site: &'a Site, part: &str) -> &'a str {
    site.tokens
        .iter()
        .find(|(k, _)| k.contains(part))
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no link for {part}: {:?}", site.tokens.keys()))
}

/// A unit's page grades the results its lead unit reports for it as
/// `valuta` does, and says who reports them (review 30 #11); a «Non
/// applicabile» it asks for is a proposal waiting for the evaluator, not a
/// row «non rendicontato» (review 30 #12).
#[tokio::test]
async fn a_unit_page_grades_what_its_lead_unit_reports_as_the_commands_do() {
    use consuntivo::plan::{AreaId, IndicatorId};
    use consuntivo::results::{Entry, ProposedStatus};
    let entry = |area: &str, indicator: &str, target: usize| Entry {
        evidence: typed(format!("Relazione del responsabile, {indicator}")),
        ..Entry::blank(IndicatorId::from(indicator), target, AreaId::from(area))
    };
    let value = |area: &str, indicator: &str, target: usize, v: f64| Entry {
        value: typed(v),
        motivation: (v < 100.0)
            .then(|| typed("Ritardo del fornitore".to_string()))
            .flatten(),
        ..entry(area, indicator, target)
    };
    let site = settori_site(&[
        value("AG", "OB02.1", 0, 100.0),
        value("AG", "OB02.1", 1, 80.0),
        value("AG", "OB02.1", 2, 40.0),
        value("AG", "OB04.1", 0, 90.0),
        Entry {
            status: typed(ProposedStatus::NotApplicable),
            notes: typed("Nessuna segnalazione nell'anno".to_string()),
            ..entry("TE", "OB05.1", 0)
        },
    ]);
    let scored = consuntivo::ente::EnteFolder::new(site.path("inputs"), site.path("outputs"))
        .score_all(&Default::default(), &consuntivo::progress::Silent)
        .expect("the commands read the ente");
    let grade_of = |area: &str| {
        let a = scored
            .scorecard
            .areas
            .iter()
            .find(|a| a.area.as_str() == area)
            .unwrap();
        consuntivo::italian::percent(a.grade.unwrap())
    };
    let te = grade_of("TE");
    assert_ne!(te, "0%", "OB02 is graded from the lead unit's form");
    let page = site
        .get("/unita/TE", Some(token_of(&site, "Tecnico")))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(
        text.contains(&format!(
            "Grado complessivo provvisorio: <strong>{te}</strong>"
        )),
        "{te}: {text}"
    );
    let row = |code: &str| {
        let row = text
            .split("<tr>")
            .find(|r| r.contains(&format!(">{code}<")))
            .unwrap_or_else(|| panic!("no {code} row: {text}"));
        assert!(!row.contains("Non rendicontato"), "{row}");
        row.to_string()
    };
    let ob02 = row("OB02");
    assert!(
        ob02.contains(
            "rendicontato per tutti i responsabili dal Settore Affari generali, capofila"
        ),
        "{ob02}"
    );
    let ob05 = row("OB05");
    assert!(ob05.contains("«Non applicabile» richiesto"), "{ob05}");
    assert!(!text.contains("non rendicontato"), "{text}");
    assert!(
        text.contains("Proposte in attesa della decisione"),
        "{text}"
    );
    // The lead unit's own page is graded from its own form, as before.
    let ag = grade_of("AG");
    let page = site
        .get("/unita/AG", Some(token_of(&site, "Affari generali")))
        .await
        .text();
    assert!(
        page.contains(&format!(
            "Grado complessivo provvisorio: <strong>{ag}</strong>"
        )),
        "{ag}: {page}"
    );
}

/// The office's home shows, per unit, the deadline, the last upload from
/// its page (when, from the registro) and its outcome, «da correggere» with
/// the count of errors (review 30 #13, issue 22 §3).
#[tokio::test]
async fn the_office_home_shows_each_unit_s_deadline_and_last_upload() {
    let (site, _, before) = site_with_form_v();
    let office = site.office().to_string();
    let unit = site.token(unit_label("V")).to_string();
    let row_of = |page: &str, label: &str| {
        let label = label.replace('\'', "&#x27;");
        page.split("<tr>")
            .find(|r| r.contains(&format!("<th scope=\"row\">{label}</th>")))
            .unwrap_or_else(|| panic!("no row for {label}: {page}"))
            .replace("&#x2f;", "/")
    };
    let home = site.get("/", Some(&office)).await.text();
    for h in ["Termine di restituzione", "Ultimo invio"] {
        assert!(home.contains(&format!(">{h}</th>")), "{h}: {home}");
    }
    let v = row_of(&home, unit_label("V"));
    assert!(v.contains("31/03/2024"), "{v}");
    assert!(v.contains("nessun invio"), "{v}");

    let r = site
        .upload(
            "V",
            &unit,
            "modulo.xlsx",
            &with_text_date(&before, "metà settembre"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let when = site.events()[0].when_local();
    let home = site.get("/", Some(&office)).await.text();
    let v = row_of(&home, unit_label("V"));
    assert!(v.contains(&when), "{when}: {v}");
    assert!(v.contains("da correggere: 1 errore"), "{v}");
    assert!(home.contains("1 da correggere"), "{home}");
    // Another unit that sent nothing says so.
    assert!(row_of(&home, unit_label("III")).contains("nessun invio"));

    let r = site
        .upload("V", &unit, "modulo.xlsx", &variant(&before, 45090))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let home = site.get("/", Some(&office)).await.text();
    let v = row_of(&home, unit_label("V"));
    assert!(v.contains("accettato"), "{v}");
    assert!(!v.contains("da correggere"), "{v}");
    assert!(!home.contains("1 da correggere"), "{home}");
}
