//! The evaluator's page and the Relazione's texts, in process: every new
//! route for every role, CSRF, decisions written into the Nucleo's file and
//! read back by the commands' reader, comments kept byte for byte, a file
//! changed on disk refused, the commands' own messages for what they would
//! refuse, the validation act making the next Relazione the final one,
//! hostile text escaped, and TOML-breaking text saved intact.

mod common;

use std::path::Path;

use axum::http::{StatusCode, header};

use common::sportello::*;
use consuntivo::ente::EnteFolder;
use consuntivo::plan::{AreaId, IndicatorId};
use consuntivo::scoring::ReviewSubject;

const REVIEW: &str = "inputs/valutazioni-nucleo-2023.toml";
const RELAZIONE: &str = "inputs/relazione.toml";

fn ente(site: &Site) -> EnteFolder {
    EnteFolder::new(site.path("inputs"), site.path("outputs"))
}

/// Posts a decision from the evaluator's page as it is now.
async fn decide(site: &Site, token: &str, fields: &[(&str, &str)]) -> Answer {
    let page = site.get("/valutazioni", Some(token)).await.text();
    let mut all = vec![
        ("csrf".to_string(), hidden(&page, "csrf")),
        ("impronta".to_string(), hidden(&page, "impronta")),
    ];
    all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let refs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    site.post_form("/valutazioni/decisione", token, &refs).await
}

fn grade_of(site: &Site, indicator: &str, area: &str) -> (Option<f64>, Option<String>) {
    scored_indicator(site.dir.path(), indicator, area)
}

/// What a page answers a role that may, or may not, open it.
fn opens(allowed: bool) -> StatusCode {
    if allowed {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    }
}

#[tokio::test]
async fn the_new_pages_for_every_role() {
    let site = pending_site();
    let mut roles: Vec<(&str, String)> = vec![
        ("office", site.office().to_string()),
        ("evaluator", site.evaluator().to_string()),
    ];
    for u in UNITS {
        roles.push((u, site.token(unit_label(u)).to_string()));
    }
    for (who, token) in &roles {
        let office = *who == "office";
        let evaluator = *who == "evaluator";
        let r = site.get("/valutazioni", Some(token)).await;
        let ok = office || evaluator;
        assert_eq!(r.status, opens(ok), "{who} /valutazioni");
        if !ok {
            assert!(!r.text().contains("OB02.2"), "{who} sees the proposals");
        }
        let r = site.get("/testi", Some(token)).await;
        assert_eq!(r.status, opens(office), "{who} /testi");
        if !office {
            assert!(!r.text().contains("Presentazione"), "{who} sees the texts");
        }
        // Nor can it post there, even with a valid CSRF token of its own.
        let csrf = if *who == "evaluator" {
            site.csrf("/valutazioni", token).await
        } else if office {
            site.csrf("/testi", token).await
        } else {
            site.csrf(&format!("/unita/{who}"), token).await
        };
        for (path, allowed) in [
            ("/valutazioni/decisione", ok),
            ("/valutazioni/validazione", ok),
            ("/testi", office),
        ] {
            let r = site.post_form(path, token, &[("csrf", &csrf)]).await;
            if allowed {
                assert_ne!(r.status, StatusCode::FORBIDDEN, "{who} POST {path}");
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} POST {path}");
            }
        }
    }
    // Without a link: nothing.
    for path in ["/valutazioni", "/testi"] {
        assert_eq!(site.get(path, None).await.status, StatusCode::UNAUTHORIZED);
    }
    // The evaluator's link opens its page.
    let r = site.get("/", Some(site.evaluator())).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/valutazioni");
    let before = std::fs::read(site.path(REVIEW)).unwrap();
    let texts = std::fs::read(site.path(RELAZIONE)).unwrap();
    assert_eq!(std::fs::read(site.path(REVIEW)).unwrap(), before);
    assert_eq!(std::fs::read(site.path(RELAZIONE)).unwrap(), texts);
}

#[tokio::test]
async fn the_page_lists_the_pending_proposals_and_the_decisions_taken() {
    let site = pending_site();
    let page = site
        .get("/valutazioni", Some(site.evaluator()))
        .await
        .text();
    assert!(
        page.contains("<h1>Decisioni del Nucleo di Valutazione</h1>"),
        "{page}"
    );
    // One proposal per unit on OB02.2 (the six Areas answer for it), in
    // the plan's order of the units.
    let mut last = 0;
    for u in &UNITS[1..] {
        let title = format!("OB02.2 · {}</h3>", unit_label(u));
        let at = page
            .find(&title)
            .unwrap_or_else(|| panic!("{title}: {page}"));
        assert!(at > last, "{u} out of order");
        last = at;
    }
    assert!(
        page.contains("Valutazione qualitativa: «Raggiunto"),
        "{page}"
    );
    assert!(page.contains("Documentazione ed evidenze"));
    // The decisions already in the file, with their motivations.
    for taken in [
        "OB20.1",
        "OB09.2",
        "OB21.4",
        "Regione Lombardia non ha pubblicato",
    ] {
        assert!(page.contains(taken), "{taken}");
    }
    // Forms with labels and legends.
    assert!(page.contains("<legend>Decisione su OB02.2 · Area III Finanziaria</legend>"));
    assert!(page.contains("<label for=\"proposta-OB02-2-III-motivazione\">"));
    // The validation: recorded in the shipped file, but proposals wait.
    assert!(
        page.contains("La prossima Relazione sarà ancora la bozza"),
        "{page}"
    );
    assert!(page.contains("in attesa della decisione del Nucleo di Valutazione"));
}

#[tokio::test]
async fn a_confirmation_and_a_correction_are_written_and_read_back_by_the_commands() {
    let site = pending_site();
    let before = std::fs::read_to_string(site.path(REVIEW)).unwrap();
    let nucleo = site.evaluator().to_string();
    let r = decide(
        &site,
        &nucleo,
        &[
            ("indicatore", "OB02.2"),
            ("area", "III"),
            ("decisione", "conferma"),
            (
                "motivazione",
                "Nessun procedimento disciplinare nel 2023 (nota dell'UPD).",
            ),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.headers[header::LOCATION],
        "/valutazioni?esito=decisione#esito"
    );
    let r = decide(
        &site,
        &nucleo,
        &[
            ("indicatore", "OB02.2"),
            ("area", "V"),
            ("decisione", "correzione"),
            ("grado", "60"),
            ("motivazione", "Due richiami per ritardi di pubblicazione."),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let after = std::fs::read_to_string(site.path(REVIEW)).unwrap();

    // Both are in the registro, as the evaluator's, newest first.
    let recorded: Vec<(String, String, String, String)> = site
        .events()
        .iter()
        .map(|e| match &e.event {
            consuntivo::web::Event::Decision { code, action, note } => {
                (e.role.clone(), code.clone(), action.clone(), note.clone())
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        recorded,
        [
            (
                "valutatore".into(),
                "OB02.2".into(),
                "correzione".into(),
                // The units by their names (review 32 B4).
                "Area V Urbanistica, edilizia privata, SUAP e CED, grado 60".into()
            ),
            (
                "valutatore".into(),
                "OB02.2".into(),
                "conferma".into(),
                "Area III Finanziaria".into()
            ),
        ]
    );
    let registro = site.get("/registro", Some(site.office())).await.text();
    assert!(
        registro.contains("Decisione del Nucleo di Valutazione sull&#x27;indicatore OB02.2")
            || registro.contains("Decisione del Nucleo di Valutazione sull'indicatore OB02.2"),
        "{registro}"
    );

    // The commands' reader reads them, and grades with them.
    let plan = ente(&site).load_plan().unwrap();
    let vocab = ente(&site).load_vocab().unwrap();
    let review = ente(&site).load_review(&plan, None, &vocab).unwrap();
    let c = review
        .confirmation(&IndicatorId::from("OB02.2"), &AreaId::from("III"))
        .expect("the confirmation is read");
    assert_eq!(
        c.motivation,
        "Nessun procedimento disciplinare nel 2023 (nota dell'UPD)."
    );
    let k = review
        .correction(
            &ReviewSubject::Indicator(IndicatorId::from("OB02.2")),
            &AreaId::from("V"),
        )
        .expect("the correction is read");
    assert_eq!(k.grade, 0.6);
    assert_eq!(grade_of(&site, "OB02.2", "V").0, Some(0.6));
    let (grade, confirmed) = grade_of(&site, "OB02.2", "III");
    assert_eq!(grade, Some(1.0));
    assert!(confirmed.is_some());

    // Without the two new entries (each a comment of two lines and its
    // table), the file is what it was, byte for byte: every comment kept,
    // nothing moved.
    let entry = regex::Regex::new(
        r"# Decisione presa dallo sportello [^\n]*\n# [^\n]*\n\[\[(conferma|correzione)\]\]\nindicatore = [^\n]*\narea = [^\n]*\n(grado = 60\n)?motivazione = [^\n]*\n\n?",
    )
    .unwrap();
    assert_eq!(entry.find_iter(&after).count(), 2, "{after}");
    let heading_kept = entry.replace_all(&after, "").into_owned();
    let normal = |t: &str| t.replace("\n\n\n", "\n\n");
    assert_eq!(normal(&heading_kept), normal(&before), "{after}");
    for (kind, area) in [("conferma", "III"), ("correzione", "V")] {
        assert!(
            after.contains(&format!(
                "[[{kind}]]\nindicatore = \"OB02.2\"\narea = \"{area}\"\n"
            )),
            "{after}"
        );
    }
    // In the plan's order among those of their kind: OB02 before OB20 and
    // OB09, under the comment heading each kind.
    let at = |s: &str| after.find(s).unwrap_or_else(|| panic!("{s}: {after}"));
    let confirm = at("indicatore = \"OB02.2\"\narea = \"III\"");
    let correct = at("indicatore = \"OB02.2\"\narea = \"V\"");
    assert!(at("# Conferma della valutazione qualitativa") < confirm);
    assert!(confirm < at("indicatore = \"OB20.1\""));
    assert!(at("# Correzione del grado") < correct);
    assert!(correct < at("indicatore = \"OB09.2\""));
    assert!(
        after.contains("# Decisione presa dallo sportello il "),
        "{after}"
    );
    assert!(
        after.contains("(Nucleo di Valutazione): correzione\n# OB02.2 «"),
        "{after}"
    );
    // The decided proposals leave the page; the others stay.
    let page = site
        .get("/valutazioni?esito=decisione", Some(&nucleo))
        .await
        .text();
    assert!(!page.contains("OB02.2 · Area III Finanziaria</h3>"));
    assert!(page.contains("OB02.2 · Area II Socio-culturale e personale</h3>"));
    assert!(page.contains("La decisione è stata scritta"));
}

#[tokio::test]
async fn a_decision_the_commands_refuse_is_refused_with_their_message() {
    let site = pending_site();
    let before = std::fs::read(site.path(REVIEW)).unwrap();
    let office = site.office().to_string();
    // An empty motivation, a grade out of range, a grade that is no number.
    for (fields, message) in [
        (
            vec![("decisione", "conferma"), ("motivazione", "   ")],
            "la motivazione è vuota",
        ),
        (
            vec![
                ("decisione", "correzione"),
                ("grado", "120"),
                ("motivazione", "x"),
            ],
            "il grado 120 non è valido: scrivere un valore tra 0 e 100",
        ),
        (
            vec![
                ("decisione", "correzione"),
                ("grado", "molto"),
                ("motivazione", "x"),
            ],
            "il grado «molto» non è un numero: scrivere un valore tra 0 e 100",
        ),
    ] {
        let mut all = vec![("indicatore", "OB02.2"), ("area", "IV")];
        all.extend(fields);
        let r = decide(&site, &office, &all).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        let text = r.text();
        assert!(text.contains(message), "{message}: {text}");
        // The page's words: no file syntax for a Nucleo that never saw it.
        assert!(!text.contains("`grado`"), "{message}: {text}");
        assert_eq!(
            std::fs::read(site.path(REVIEW)).unwrap(),
            before,
            "{message}"
        );
    }
    // The reader's own message, word for word.
    let plan = ente(&site).load_plan().unwrap();
    let vocab = ente(&site).load_vocab().unwrap();
    let cli = consuntivo::scoring::parse_review(
        "[[conferma]]\nindicatore = \"OB02.2\"\narea = \"IV\"\nmotivazione = \"\"\n",
        Path::new("x.toml"),
        &plan,
        &vocab,
    )
    .unwrap_err();
    let page = decide(
        &site,
        &office,
        &[
            ("indicatore", "OB02.2"),
            ("area", "IV"),
            ("decisione", "neutralizzazione"),
            ("motivazione", ""),
        ],
    )
    .await
    .text();
    let first = cli.iter().next().unwrap();
    assert!(page.contains(&first.message), "{page}");
    assert!(
        page.contains(&first.hints[0].replace('\'', "&#x27;")),
        "{page}"
    );
    // A correction equal to the computed grade: only grading shows it.
    let computed = grade_of(&site, "OB02.2", "IV").0.unwrap();
    let same = format!("{}", computed * 100.0).replace('.', ",");
    let r = decide(
        &site,
        &office,
        &[
            ("indicatore", "OB02.2"),
            ("area", "IV"),
            ("decisione", "correzione"),
            ("grado", &same),
            ("motivazione", "Uguale."),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text().contains("uguale al grado calcolato"),
        "{}",
        r.text()
    );
    assert_eq!(std::fs::read(site.path(REVIEW)).unwrap(), before);
    // What was typed is still in the form.
    assert!(r.text().contains("Uguale."), "{}", r.text());
}

#[tokio::test]
async fn a_file_changed_after_the_page_was_read_is_not_overwritten() {
    let site = pending_site();
    let nucleo = site.evaluator().to_string();
    let page = site.get("/valutazioni", Some(&nucleo)).await.text();
    let csrf = hidden(&page, "csrf");
    let seen = hidden(&page, "impronta");
    // Someone edits the file by hand meanwhile.
    let path = site.path(REVIEW);
    let edited = format!(
        "{}\n# aggiunto a mano\n",
        std::fs::read_to_string(&path).unwrap()
    );
    std::fs::write(&path, &edited).unwrap();
    let r = site
        .post_form(
            "/valutazioni/decisione",
            &nucleo,
            &[
                ("csrf", &csrf),
                ("impronta", &seen),
                ("indicatore", "OB02.2"),
                ("area", "I"),
                ("decisione", "conferma"),
                ("motivazione", "Motivazione scritta prima."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let text = r.text().replace("&#x27;", "'");
    assert!(text.contains("Nulla è stato scritto"), "{text}");
    assert!(
        text.contains("è stato modificato dopo l'apertura di questa pagina"),
        "{text}"
    );
    assert!(
        text.contains("Motivazione scritta prima."),
        "the typed text is kept"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    // The page now carries the new fingerprint: sent again, it is written.
    let fresh = hidden(&r.text(), "impronta");
    assert_ne!(fresh, seen);
    let r = site
        .post_form(
            "/valutazioni/decisione",
            &nucleo,
            &[
                ("csrf", &csrf),
                ("impronta", &fresh),
                ("indicatore", "OB02.2"),
                ("area", "I"),
                ("decisione", "conferma"),
                ("motivazione", "Motivazione scritta prima."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(now.contains("# aggiunto a mano"), "{now}");
    assert!(now.contains("Motivazione scritta prima."), "{now}");
}

#[tokio::test]
async fn posts_without_the_pages_csrf_token_write_nothing() {
    let site = pending_site();
    let review = std::fs::read(site.path(REVIEW)).unwrap();
    let relazione = std::fs::read(site.path(RELAZIONE)).unwrap();
    let office = site.office().to_string();
    let page = site.get("/valutazioni", Some(&office)).await.text();
    let seen = hidden(&page, "impronta");
    let unit_csrf = site.csrf("/unita/III", site.token(unit_label("III"))).await;
    for csrf in [None, Some("0".repeat(64)), Some(unit_csrf)] {
        let mut fields = vec![
            ("impronta", seen.as_str()),
            ("indicatore", "OB02.2"),
            ("area", "III"),
            ("decisione", "conferma"),
            ("motivazione", "x"),
            ("atto", "verbale n. 1"),
            ("data", "10/04/2024"),
            ("presentazione", "Testo nuovo."),
        ];
        if let Some(c) = &csrf {
            fields.push(("csrf", c));
        }
        for path in [
            "/valutazioni/decisione",
            "/valutazioni/validazione",
            "/testi",
        ] {
            let r = site.post_form(path, &office, &fields).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path} {csrf:?}");
            assert!(r.text().contains("codice di controllo"), "{path}");
        }
    }
    assert_eq!(std::fs::read(site.path(REVIEW)).unwrap(), review);
    assert_eq!(std::fs::read(site.path(RELAZIONE)).unwrap(), relazione);
}

#[tokio::test]
async fn the_validation_act_makes_the_next_relazione_the_final_one() {
    let site = Site::new();
    // No validation yet, and no proposal pending in the shipped ente.
    let path = site.path(RELAZIONE);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find("[validazione]\natto = \"verbale n. 3/2024 del Nucleo di Valutazione\"\ndata = \"18/04/2024\"\nimpronta = ")
        .expect("the shipped validation");
    let end = start + text[start..].find("\n\n").unwrap() + 1;
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let settings = |site: &Site| consuntivo::report::Settings {
        templates: Default::default(),
        inputs: site.path("inputs"),
        date: None,
        draft: false,
    };
    let vocab = ente(&site).load_vocab().unwrap();
    let scored = || {
        ente(&site)
            .score_all(
                &consuntivo::ente::ScoreOptions::default(),
                &consuntivo::progress::Silent,
            )
            .unwrap()
    };
    assert!(
        !consuntivo::report::is_definitive(&settings(&site), &scored().scorecard, &vocab).unwrap()
    );
    let nucleo = site.evaluator().to_string();
    let page = site.get("/valutazioni", Some(&nucleo)).await.text();
    assert!(page.contains("non è ancora registrato"), "{page}");
    let today = common::fingerprint_of(site.dir.path());
    let send = |act: &'static str, date: &'static str, page: String| {
        let code = today.clone();
        let csrf = hidden(&page, "csrf");
        let seen = {
            let at = page.find("action=\"/valutazioni/validazione\"").unwrap();
            hidden(&page[at..], "impronta")
        };
        let site = &site;
        let nucleo = nucleo.clone();
        async move {
            site.post_form(
                "/valutazioni/validazione",
                &nucleo,
                &[
                    ("csrf", &csrf),
                    ("impronta", &seen),
                    ("atto", act),
                    ("data", date),
                    ("risultati", &code),
                ],
            )
            .await
        }
    };
    // A date that is no date: the reader's message, nothing written.
    let before = std::fs::read(&path).unwrap();
    let r = send("verbale n. 2/2024", "31/02/2024", page.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .contains("«31&#x2f;02&#x2f;2024» non è una data valida"),
        "{}",
        r.text()
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // A validation after the Relazione's own date (30/04/2024).
    let r = send("verbale n. 2/2024", "10/05/2024", page.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("10&#x2f;05&#x2f;2024"), "{}", r.text());
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // A fingerprint that is not today's: the results changed after the
    // draft the evaluator read. Nothing written.
    let csrf = hidden(&page, "csrf");
    let seen = {
        let at = page.find("action=\"/valutazioni/validazione\"").unwrap();
        hidden(&page[at..], "impronta")
    };
    let r = site
        .post_form(
            "/valutazioni/validazione",
            &nucleo,
            &[
                ("csrf", &csrf),
                ("impronta", &seen),
                ("atto", "verbale n. 2/2024"),
                ("data", "20/04/2024"),
                ("risultati", "3F2A-91C0-B7D4"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .contains("l&#x27;impronta della bozza validata non è quella dei risultati di oggi"),
        "{}",
        r.text()
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let r = send("verbale n. 2/2024", "20/04/2024", page).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains("[validazione]\natto = \"verbale n. 2/2024\"\ndata = \"20/04/2024\""),
        "{after}"
    );
    // The act records the fingerprint of the results it validates.
    let code = consuntivo::scoring::fingerprint(&scored().scorecard);
    assert!(
        after.contains(&format!("data = \"20/04/2024\"\nimpronta = \"{code}\"")),
        "{after}"
    );
    assert!(
        consuntivo::report::is_definitive(&settings(&site), &scored().scorecard, &vocab).unwrap()
    );
    let page = site.get("/valutazioni", Some(&nucleo)).await.text();
    assert!(
        page.contains("La prossima Relazione sarà la versione definitiva."),
        "{page}"
    );
    assert!(
        page.contains("verbale n. 2&#x2f;2024, del 20&#x2f;04&#x2f;2024"),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "riguarda i risultati con impronta <strong>{code}</strong>"
        )),
        "{page}"
    );

    // A decision that changes the results after the validation: the next
    // Relazione is the draft again, and the page says why.
    let review = site.path(REVIEW);
    let t = std::fs::read_to_string(&review).unwrap();
    std::fs::write(&review, t.replacen("grado = 50", "grado = 60", 1)).unwrap();
    assert!(
        !consuntivo::report::is_definitive(&settings(&site), &scored().scorecard, &vocab)
            .is_ok_and(|x| x)
    );
    let page = site.get("/valutazioni", Some(&nucleo)).await.text();
    assert!(
        page.contains("i risultati sono cambiati dopo la validazione"),
        "{page}"
    );
    // Today's fingerprint is not on the evaluator's page: it is copied
    // from the draft the evaluator read.
    let today = common::fingerprint_of(site.dir.path());
    assert!(!page.contains(&today), "{page}");
    assert!(
        page.contains("La prossima Relazione sarà ancora la bozza"),
        "{page}"
    );
    // The way forward names the new draft and its validation (review 31
    // N12), and, with a proposal pending, deciding it first.
    assert!(
        page.contains("Per la versione definitiva, l'ufficio scrive una nuova bozza, che il Nucleo di Valutazione legge e valida"),
        "{page}"
    );
    let t = std::fs::read_to_string(&review).unwrap();
    let confirmation = t.find("[[conferma]]\nindicatore = \"OB20.1\"").unwrap();
    let end = confirmation + t[confirmation..].find("\n\n").unwrap() + 2;
    std::fs::write(&review, format!("{}{}", &t[..confirmation], &t[end..])).unwrap();
    let page = site.get("/valutazioni", Some(&nucleo)).await.text();
    assert!(
        page.contains("Per la versione definitiva, decidere le proposte elencate sopra; poi l'ufficio scrive una nuova bozza"),
        "{page}"
    );
}

#[tokio::test]
async fn hostile_motivations_and_evidence_are_escaped() {
    const HOSTILE: &str = "<script>alert(\"x\")</script><img src=x onerror=alert(1)>";
    let site = pending_site();
    // The unit's own words in its form (evidence cell of a row), and the
    // Nucleo's motivation in its file.
    let review = site.path(REVIEW);
    let text = std::fs::read_to_string(&review).unwrap();
    std::fs::write(
        &review,
        text.replacen(
            "motivazione = \"Regione Lombardia",
            &format!(
                "motivazione = \"{} Regione Lombardia",
                HOSTILE.replace('"', "\\\"")
            ),
            1,
        ),
    )
    .unwrap();
    let form = site.path(&format!(
        "{FORMS}/2023 - Area I Affari generali e giuridico-legale.xlsx"
    ));
    let bytes = std::fs::read(&form).unwrap();
    let escaped = HOSTILE
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    std::fs::write(
        &form,
        edit_zip(&bytes, "xl/sharedStrings.xml", |t| {
            t.replacen(
                "Pubblicazione sul sito istituzionale del 06/01/2023",
                &format!("{escaped} evidenza"),
                1,
            )
        }),
    )
    .unwrap();
    let office = site.office().to_string();
    let page = site.get("/valutazioni", Some(&office)).await.text();
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt; evidenza"),
        "{page}"
    );
    let r = decide(
        &site,
        &office,
        &[
            ("indicatore", "OB02.2"),
            ("area", "II"),
            ("decisione", "correzione"),
            ("grado", HOSTILE),
            ("motivazione", HOSTILE),
        ],
    )
    .await;
    // Refused (the grade is no number), the typed text shown back escaped.
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for page in [
        r.text(),
        site.get("/valutazioni", Some(&office)).await.text(),
    ] {
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(!page.contains("<img src=x"), "{page}");
        assert!(page.contains("&lt;script&gt;alert("), "{page}");
    }
}

#[tokio::test]
async fn the_texts_are_edited_keeping_the_files_comments() {
    let site = Site::new();
    let office = site.office().to_string();
    let path = site.path(RELAZIONE);
    let before = std::fs::read_to_string(&path).unwrap();
    let page = site.get("/testi", Some(&office)).await.text();
    assert!(
        page.contains("<legend>Presentazione e contesto</legend>"),
        "{page}"
    );
    assert!(page.contains("<label for=\"punti_di_forza\">Punti di forza</label>"));
    // Saving the page as it is changes nothing.
    let fields = form_fields(&page);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = site.post_form("/testi", &office, &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);

    // A presentation with every character TOML treats specially.
    let tricky =
        "Il \"Comune\" di C:\\percorso\\nuovo — ''' e \"\"\" [[tabella]] # non un commento\n= fine";
    let mut fields = form_fields(&site.get("/testi", Some(&office)).await.text());
    set(
        &mut fields,
        "presentazione",
        &format!("{tricky}\r\n\r\nSecondo paragrafo."),
    );
    set(&mut fields, "punti_di_forza", "Un solo punto di forza.");
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = site.post_form("/testi", &office, &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let after = std::fs::read_to_string(&path).unwrap();
    let (config, _) = consuntivo::report::load_config(&site.path("inputs")).unwrap();
    assert_eq!(
        config.presentazione,
        vec![tricky.to_string(), "Secondo paragrafo.".to_string()]
    );
    assert_eq!(
        config.valutazione.unwrap().punti_di_forza,
        vec!["Un solo punto di forza.".to_string()]
    );
    // Every comment of the file is still there, in its order, and what was
    // not edited is unchanged byte for byte.
    let comments = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with('#'))
            .map(String::from)
            .collect()
    };
    assert_eq!(comments(&after), comments(&before));
    let tail = &before
        [before.find("# Contesto: paragrafi").unwrap()..before.find("[valutazione]").unwrap()];
    assert!(after.contains(tail), "{after}");
    let head = &before[..before.find("presentazione = [").unwrap()];
    assert!(after.starts_with(head), "{after}");
    // A form without some fields (an older page, a hand-made request)
    // leaves them as they are.
    let page = site.get("/testi", Some(&office)).await.text();
    let (csrf, seen) = (hidden(&page, "csrf"), hidden(&page, "impronta"));
    let r = site
        .post_form(
            "/testi",
            &office,
            &[
                ("csrf", &csrf),
                ("impronta", &seen),
                ("criticita", "Una sola criticità."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (partial, _) = consuntivo::report::load_config(&site.path("inputs")).unwrap();
    assert_eq!(partial.presentazione, config.presentazione);
    assert_eq!(partial.contesto.unwrap().dato.len(), 4);
    assert_eq!(
        partial.valutazione.unwrap().criticita,
        vec!["Una sola criticità.".to_string()]
    );
    assert!(partial.validazione.is_some() && partial.segretario.is_some());
    // The page shows the text back as it was typed.
    let page = site.get("/testi?esito=salvati", Some(&office)).await.text();
    assert!(page.contains("Testi salvati."), "{page}");
    let shown = form_fields(&page);
    let presentation = &shown.iter().find(|(n, _)| n == "presentazione").unwrap().1;
    assert_eq!(presentation, &format!("{tricky}\n\nSecondo paragrafo."));
    // Each save that changed something is in the registro, naming the
    // texts it changed (the save of the page as it was is not: it changed
    // nothing); newest first.
    let recorded: Vec<(String, String)> = site
        .events()
        .iter()
        .map(|e| match &e.event {
            consuntivo::web::Event::TextEdit { field, .. } => (e.role.clone(), field.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        recorded,
        [
            ("vertice".to_string(), "Criticità".to_string()),
            (
                "vertice".to_string(),
                "Presentazione, Punti di forza".to_string()
            ),
        ]
    );
}

#[tokio::test]
async fn invalid_texts_are_refused_with_the_commands_message() {
    let site = Site::new();
    let office = site.office().to_string();
    let path = site.path(RELAZIONE);
    let before = std::fs::read(&path).unwrap();
    for (field, typed, message) in [
        (
            "approvazione_data",
            "29 aprile",
            "«29 aprile» non è una data valida",
        ),
        ("data", "30/04/2023", "non è successiva alla fine del 2023"),
        ("validazione_data", "", "[validazione] incompleta"),
        (
            "segretario_ruolo",
            &"x".repeat(400),
            "è lungo 400 caratteri: al massimo 300",
        ),
    ] {
        let mut fields = form_fields(&site.get("/testi", Some(&office)).await.text());
        set(&mut fields, field, typed);
        set(&mut fields, "presentazione", "Testo da non perdere.");
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = site.post_form("/testi", &office, &refs).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            r.text()
        );
        let text = r.text().replace("&#x2f;", "/");
        assert!(text.contains(message), "{field}: {text}");
        assert!(text.contains("Nulla è stato salvato"), "{field}");
        assert!(
            text.contains("Testo da non perdere."),
            "{field}: the typed text is kept"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before, "{field}");
    }
    // Changed on disk after the page was read.
    let fields = form_fields(&site.get("/testi", Some(&office)).await.text());
    let edited = format!(
        "{}\n# nota a mano\n",
        String::from_utf8(before.clone()).unwrap()
    );
    std::fs::write(&path, &edited).unwrap();
    let mut fields = fields;
    set(&mut fields, "criticita", "Criticità nuova.");
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = site.post_form("/testi", &office, &refs).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let text = r.text().replace("&#x27;", "'");
    assert!(
        text.contains("è stato modificato dopo l'apertura di questa pagina"),
        "{text}"
    );
    assert!(
        text.contains("Criticità nuova."),
        "the typed text is shown to copy"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
}

/// Every field a page's form would send, as the browser sends it: inputs'
/// values and text areas' contents (HTML-unescaped).
fn form_fields(page: &str) -> Vec<(String, String)> {
    let from = page
        .find("<form method=\"post\" action=\"/testi\"")
        .expect("the texts' form");
    let form = &page[from..from + page[from..].find("</form>").unwrap()];
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..=end];
        let attr = |name: &str| {
            let needle = format!(" {name}=\"");
            tag.find(&needle).map(|i| {
                let s = &tag[i + needle.len()..];
                unescape(&s[..s.find('"').unwrap()])
            })
        };
        if tag.starts_with("<input") {
            if let Some(n) = attr("name") {
                out.push((n, attr("value").unwrap_or_default()));
            }
        } else if tag.starts_with("<textarea") {
            let n = attr("name").unwrap();
            let body = &rest[end + 1..];
            let close = body.find("</textarea>").unwrap();
            let text = body[..close].strip_prefix('\n').unwrap_or(&body[..close]);
            out.push((n, unescape(text)));
        }
        rest = &rest[end + 1..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let f = fields
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    f.1 = value.to_string();
}

/// Another ente's words (an OIV, «Settori»), and no Nucleo's file yet: the
/// first decision makes it, in those words, and the commands read it.
#[tokio::test]
async fn the_first_decision_makes_the_file_in_the_entes_words() {
    let dir = common::scratch_inputs();
    let inputs = dir.path().join("inputs");
    std::fs::remove_file(dir.path().join(REVIEW)).unwrap();
    std::fs::write(
        inputs.join("ente.toml"),
        "[unita]\nsingolare = \"Settore\"\nplurale = \"Settori\"\ngenere = \"maschile\"\n\n\
         [valutatore]\nsingolare = \"Organismo indipendente di valutazione\"\nplurale = \"Organismi indipendenti di valutazione\"\ngenere = \"maschile\"\nsigla = \"OIV\"\n",
    )
    .unwrap();
    let site = Site::from_dir(dir);
    let oiv = site
        .token("Organismo indipendente di valutazione")
        .to_string();
    let page = site.get("/valutazioni", Some(&oiv)).await.text();
    assert!(
        page.contains("<h1>Decisioni dell&#x27;Organismo indipendente di valutazione</h1>"),
        "{page}"
    );
    assert!(page.contains("Proposta del Settore"), "{page}");
    assert!(page.contains("Nessuna decisione ancora."), "{page}");
    // Alzano's act, typed in its relazione.toml, is the only «Nucleo» left.
    let ours = page.replace("verbale n. 3&#x2f;2024 del Nucleo di Valutazione", "");
    for word in ["Nucleo", "Proposta dell&#x27;Area"] {
        assert!(!ours.contains(word), "{word}: {page}");
    }
    let r = decide(
        &site,
        &oiv,
        &[
            ("indicatore", "OB20.1"),
            ("area", "VI"),
            ("decisione", "neutralizzazione"),
            ("motivazione", "Progetti sospesi per lavori."),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let text = std::fs::read_to_string(site.path(REVIEW)).unwrap();
    assert!(
        text.starts_with(
            "# Valutazioni dell'Organismo indipendente di valutazione sulla performance 2023"
        ),
        "{text}"
    );
    assert!(text.contains("proposta del Settore"), "{text}");
    assert!(text.contains("\nanno = 2023\n"), "{text}");
    let plan = ente(&site).load_plan().unwrap();
    let vocab = ente(&site).load_vocab().unwrap();
    let review = ente(&site).load_review(&plan, None, &vocab).unwrap();
    assert_eq!(review.neutralisations.len(), 1);
    assert_eq!(
        review.neutralisations[0].motivation,
        "Progetti sospesi per lavori."
    );
    assert!(review.confirmations.is_empty() && review.corrections.is_empty());
}

/// A validation recorded without the results' fingerprint: the evaluator's
/// page says it cannot be checked and how to bind it, as the command warns
/// (review 33 C19).
#[tokio::test]
async fn a_validation_without_its_fingerprint_is_flagged_on_the_evaluator_s_page() {
    let site = Site::new();
    let path = site.path(RELAZIONE);
    let text = std::fs::read_to_string(&path).unwrap();
    let code = common::fingerprint_of(site.dir.path());
    std::fs::write(&path, text.replace(&format!("impronta = \"{code}\"\n"), "")).unwrap();
    let nucleo = site.evaluator().to_string();
    let page = site.get("/valutazioni", Some(&nucleo)).await.text();
    assert!(
        page.contains("L'atto registrato non indica l'impronta dei risultati validati"),
        "{page}"
    );
    assert!(
        !page.contains(&code),
        "today's fingerprint is not shown: {page}"
    );
}
