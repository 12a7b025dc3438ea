//! Every route of the sportello for every role, in process: no link, a
//! revoked link, the office, the evaluator and each unit (on its own pages
//! and on every other unit's). A route a role may use answers it (a POST
//! without the page's code is refused for that, not for the role); a
//! route it may not use answers 403 (401 without a valid link), names no
//! other unit and writes nothing. The table is checked against the
//! router's source, so a new route cannot be left out.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use common::sportello::*;
use consuntivo::web;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Nobody,
    Revoked,
    Office,
    Evaluator,
    Unit(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Method {
    Get,
    Post,
}

/// Who may use a route.
#[derive(Debug, Clone, Copy)]
enum May {
    /// Anyone, without a link (the access link itself, the style sheet).
    Public,
    /// Any valid link.
    AnyRole,
    Office,
    OfficeAndEvaluator,
    /// The office and the unit the address names.
    OfficeAndOwnUnit,
}

struct Route {
    /// The router's pattern.
    pattern: &'static str,
    method: Method,
    may: May,
}

const fn route(pattern: &'static str, method: Method, may: May) -> Route {
    Route {
        pattern,
        method,
        may,
    }
}

use May::*;
use Method::*;

/// Every route of `web::router`, with who may use it.
const ROUTES: &[Route] = &[
    route("/", Get, AnyRole),
    route("/accesso/{token}", Get, Public),
    route("/esci", Post, AnyRole),
    route("/risorse/{name}", Get, Public),
    route("/accessi", Get, Office),
    route("/accessi", Post, Office),
    route("/registro", Get, Office),
    // Any document for the office, those outside riservato/ for the
    // evaluator; a unit only its own scheda (sportello_lavori's
    // after_the_bozza_… test), refused here where no scheda is its own.
    route("/documenti/{*path}", Get, OfficeAndEvaluator),
    // The SMVP document, on which the evaluator gives its opinion.
    route("/smvp.pdf", Get, OfficeAndEvaluator),
    route("/lavori/{lavoro}", Post, Office),
    route("/lavoro", Get, Office),
    route("/lavoro.json", Get, Office),
    route("/valutazioni", Get, OfficeAndEvaluator),
    route("/valutazioni/decisione", Post, OfficeAndEvaluator),
    route("/valutazioni/validazione", Post, OfficeAndEvaluator),
    route("/testi", Get, Office),
    route("/testi", Post, Office),
    route("/unita/{id}", Get, OfficeAndOwnUnit),
    route("/unita/{id}/monitoraggio", Get, OfficeAndOwnUnit),
    route("/unita/{id}/modulo", Get, OfficeAndOwnUnit),
    route("/unita/{id}/modulo", Post, OfficeAndOwnUnit),
    route("/unita/{id}/versioni", Get, OfficeAndOwnUnit),
    route("/unita/{id}/versioni", Post, OfficeAndOwnUnit),
    route("/unita/{id}/versioni/{file}", Get, OfficeAndOwnUnit),
];

/// The routes of `web::router` as its source declares them: pattern →
/// methods. A pattern given by a module's constant (`texts::URL`) is
/// looked up in that module.
fn routes_in_source() -> BTreeMap<String, BTreeSet<&'static str>> {
    let web_dir = common::repo().join("src/web");
    let source = std::fs::read_to_string(web_dir.join("mod.rs")).unwrap();
    let start = source.find("pub fn router(").expect("the router");
    let body = &source[start..];
    let body = &body[..body.find(".fallback(").expect("the router's fallback")];
    let mut found = BTreeMap::new();
    for chunk in body.split(".route(").skip(1) {
        let first = chunk.trim_start();
        let pattern = if let Some(rest) = first.strip_prefix('"') {
            rest[..rest.find('"').unwrap()].to_string()
        } else {
            let path = &first[..first.find(',').expect("a pattern or a module's constant")];
            let (module, name) = path.split_once("::").expect("module::CONSTANT");
            let text = std::fs::read_to_string(web_dir.join(format!("{module}.rs"))).unwrap();
            let needle = format!("pub const {name}: &str = \"");
            let at = text.find(&needle).expect("the module's constant") + needle.len();
            text[at..at + text[at..].find('"').unwrap()].to_string()
        };
        let mut methods = BTreeSet::new();
        if chunk.contains("get(") {
            methods.insert("GET");
        }
        if chunk.contains("post(") {
            methods.insert("POST");
        }
        found.insert(pattern, methods);
    }
    found
}

#[test]
fn the_table_names_every_route_of_the_router() {
    let mut table: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for r in ROUTES {
        table
            .entry(r.pattern.to_string())
            .or_default()
            .insert(match r.method {
                Get => "GET",
                Post => "POST",
            });
    }
    let source = routes_in_source();
    assert!(source.len() >= 18, "{source:?}");
    assert_eq!(table, source);
}

/// The address of `route` for a visit: a unit's routes name `unit`.
fn address(route: &Route, unit: &str, token: &str, version: &str) -> String {
    route
        .pattern
        .replace("{id}", unit)
        .replace("{token}", token)
        .replace("{name}", "sportello.css")
        .replace("{*path}", "prova.pdf")
        .replace("{lavoro}", "moduli")
        .replace("{file}", version)
}

fn allowed(may: May, who: Who, unit: &str) -> bool {
    match (may, who) {
        (Public, _) => true,
        (_, Who::Nobody | Who::Revoked) => false,
        (AnyRole, _) => true,
        (Office | OfficeAndEvaluator | OfficeAndOwnUnit, Who::Office) => true,
        (OfficeAndEvaluator, Who::Evaluator) => true,
        (OfficeAndOwnUnit, Who::Unit(u)) => u == unit,
        _ => false,
    }
}

async fn post(site: &Site, path: &str, token: &str, csrf: &str) -> Answer {
    if path.ends_with("/modulo") {
        let unit = path
            .trim_start_matches("/unita/")
            .trim_end_matches("/modulo");
        return site.upload_with(unit, token, "m.xlsx", b"PK", csrf).await;
    }
    let mut b =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if !token.is_empty() {
        b = b.header(header::COOKIE, format!("sportello={token}"));
    }
    let body = if csrf.is_empty() {
        String::new()
    } else {
        format!("csrf={csrf}")
    };
    site.send(b.body(Body::from(body)).unwrap()).await
}

/// Every file of the ente's inputs and outputs with its bytes.
fn snapshot(site: &Site) -> BTreeMap<String, Vec<u8>> {
    ["inputs", "outputs", "sportello/archivio"]
        .iter()
        .flat_map(|d| common::files_under(&site.path(d)))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[tokio::test]
async fn every_route_for_every_role() {
    let site = Site::new();
    let office = site.office().to_string();
    // A document in the year's folder, and an accepted version of Area V.
    std::fs::create_dir_all(site.path("outputs/2023")).unwrap();
    std::fs::write(site.path("outputs/2023/prova.pdf"), b"%PDF-1.7 prova").unwrap();
    std::fs::write(site.path("outputs/smvp.pdf"), b"%PDF-1.7 smvp").unwrap();
    let form = std::fs::read(site.path(&format!("{FORMS}/{AREA_V}"))).unwrap();
    let r = site
        .upload("V", &office, "m.xlsx", &variant(&form, 45090))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let version = std::fs::read_dir(site.path(&format!("sportello/archivio/2023/{V_DIR}")))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name()
        .to_string_lossy()
        .into_owned();
    // A unit's link reissued: the old one is revoked.
    let revoked = site.token(unit_label("II")).to_string();
    assert_eq!(site.reissue("unita.II").await.status, StatusCode::OK);

    let mut visitors: Vec<(Who, String)> = vec![
        (Who::Nobody, String::new()),
        (Who::Revoked, revoked),
        (Who::Office, office.clone()),
        (Who::Evaluator, site.evaluator().to_string()),
    ];
    for u in UNITS.iter().filter(|u| **u != "II") {
        visitors.push((Who::Unit(u), site.token(unit_label(u)).to_string()));
    }
    let before = snapshot(&site);
    let events = site.events().len();
    let mut checked = 0;
    let mut uploads_without_code = 0;
    for route in ROUTES {
        let units: &[&str] = if route.pattern.contains("{id}") {
            &UNITS
        } else {
            &["-"]
        };
        for (who, token) in &visitors {
            for unit in units {
                let path = if token.is_empty() {
                    address(route, unit, &"0".repeat(64), &version)
                } else {
                    address(route, unit, token, &version)
                };
                let may = allowed(route.may, *who, unit);
                let sent = (!token.is_empty()).then_some(token.as_str());
                let r = match route.method {
                    Get => site.get(&path, sent).await,
                    // A role that may: without the page's code, refused
                    // for that. One that may not: with its own code.
                    Post if may => {
                        if path.ends_with("/modulo") {
                            uploads_without_code += 1;
                        }
                        post(&site, &path, token, "").await
                    }
                    Post => {
                        let csrf = if token.is_empty() {
                            String::new()
                        } else {
                            web::access::csrf_token(token)
                        };
                        post(&site, &path, token, &csrf).await
                    }
                };
                let what = format!("{who:?} {:?} {path}", route.method);
                let status = r.status;
                if route.pattern == "/accesso/{token}" {
                    let valid = !matches!(who, Who::Nobody | Who::Revoked);
                    let expected = if valid {
                        StatusCode::SEE_OTHER
                    } else {
                        StatusCode::UNAUTHORIZED
                    };
                    assert_eq!(status, expected, "{what}");
                    checked += 1;
                    continue;
                }
                match (may, route.method, route.may) {
                    (true, Post, Public) => unreachable!(),
                    (true, Post, _) => {
                        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}");
                        assert!(
                            r.text().contains("codice di controllo"),
                            "{what}: {}",
                            r.text()
                        );
                    }
                    (true, Get, _) => assert!(
                        status.is_success()
                            || status.is_redirection()
                            || status == StatusCode::NOT_FOUND,
                        "{what}: {status}"
                    ),
                    (false, _, _) => {
                        let expected = if matches!(who, Who::Nobody | Who::Revoked) {
                            StatusCode::UNAUTHORIZED
                        } else {
                            StatusCode::FORBIDDEN
                        };
                        assert_eq!(status, expected, "{what}");
                        let text = r.text();
                        for other in UNITS {
                            if *who != Who::Unit(other) {
                                assert!(!text.contains(unit_label(other)), "{what} names {other}");
                            }
                        }
                        assert!(!text.contains("%PDF"), "{what}");
                        assert!(!text.contains("[[conferma]]"), "{what}");
                    }
                }
                checked += 1;
            }
        }
    }
    // Pages a role may open, answered in full: one per route where a
    // 404 would hide a mistake.
    let own_version = format!("/unita/V/versioni/{version}");
    let v = site.token(unit_label("V"));
    for (path, token) in [
        ("/documenti/prova.pdf", office.as_str()),
        ("/documenti/prova.pdf", site.evaluator()),
        ("/smvp.pdf", office.as_str()),
        ("/smvp.pdf", site.evaluator()),
        (&own_version, &office),
        (&own_version, v),
        ("/unita/V/modulo", v),
    ] {
        assert_eq!(
            site.get(path, Some(token)).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    assert!(checked > 400, "{checked}");
    assert_eq!(snapshot(&site), before, "a refused request wrote");
    // Only the uploads refused for the missing code are recorded, as
    // uploads not received; nothing refused for the role is.
    let recorded = site.events();
    let new = &recorded[..recorded.len() - events];
    assert_eq!(new.len(), uploads_without_code, "{new:?}");
    for e in new {
        assert!(
            matches!(&e.event, web::Event::Upload { outcome: web::UploadOutcome::NotReceived, note, .. }
                if note.contains("codice di controllo")),
            "{e:?}"
        );
    }
    assert!(site.app.jobs.current().is_none(), "a refused job ran");
}

/// A form posted: address, link, fields.
type Posted<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);

/// What sits outside what a visitor may reach: a file beside the ente's
/// folders, the links' hashes, the system's accounts.
const OUTSIDE: &str = "SEGRETO-FUORI-DALLE-CARTELLE";

/// Path traversal in every parameter (the path's, the query's, the
/// posted forms' and the uploaded file's name) reads nothing outside and
/// writes nothing anywhere.
#[tokio::test]
async fn path_traversal_in_every_parameter_reaches_nothing() {
    let site = Site::new();
    let office = site.office().to_string();
    let v = site.token(unit_label("V")).to_string();
    std::fs::write(site.path("segreto.txt"), OUTSIDE).unwrap();
    std::fs::create_dir_all(site.path("outputs/2023/riservato")).unwrap();
    std::fs::write(site.path("outputs/2023/riservato/schede.pdf"), OUTSIDE).unwrap();
    let hashes = std::fs::read_to_string(site.path("sportello/accessi.toml")).unwrap();
    let a_hash = hashes
        .split('"')
        .find(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .expect("a link's hash")
        .to_string();
    let form = std::fs::read(site.path(&format!("{FORMS}/{AREA_V}"))).unwrap();
    // One accepted version of Area V, so that the versions' routes have
    // something to look among.
    site.upload("V", &v, "m.xlsx", &variant(&form, 45090)).await;
    let before = snapshot(&site);

    let ups = [
        "..%2F..%2Fsegreto.txt",
        "..%2F..%2F..%2Fsegreto.txt",
        "..%2F..%2F..%2F..%2Fsegreto.txt",
        "%2E%2E%2F%2E%2E%2Fsegreto.txt",
        "..%5C..%5Csegreto.txt",
        "..%2F..%2Fsportello%2Faccessi.toml",
        "..%2F..%2F..%2F..%2Fsportello%2Faccessi.toml",
        "..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        "riservato%2F..%2F..%2F..%2Fsegreto.txt",
        "..",
        "%2E%2E",
    ];
    let mut gets: Vec<(String, &str)> = Vec::new();
    for up in ups {
        for (pattern, who) in [
            ("/accesso/{}", ""),
            ("/risorse/{}", ""),
            ("/documenti/{}", "office"),
            ("/documenti/riservato/{}", "office"),
            ("/documenti/{}", "unit"),
            ("/unita/{}", "office"),
            ("/unita/{}/modulo", "office"),
            ("/unita/{}/monitoraggio", "office"),
            ("/unita/{}/versioni", "office"),
            ("/unita/V/versioni/{}", "office"),
            ("/unita/V/versioni/{}", "unit"),
            ("/unita/V%2F{}", "unit"),
            ("/registro?prima={}", "office"),
            ("/valutazioni?esito={}", "office"),
            ("/lavoro?{}", "office"),
        ] {
            gets.push((pattern.replace("{}", up), who));
        }
    }
    // The same with the dots left raw in the address.
    for raw in [
        "/documenti/../../segreto.txt",
        "/documenti/riservato/../../../segreto.txt",
        "/documenti//etc/passwd",
        "/risorse/../../Cargo.toml",
        "/unita/V/versioni/../../../../segreto.txt",
        "/unita/../accessi",
    ] {
        gets.push((raw.to_string(), "office"));
    }
    let token = |who: &str| match who {
        "office" => Some(office.as_str()),
        "unit" => Some(v.as_str()),
        _ => None,
    };
    for (path, who) in &gets {
        let r = site.get(path, token(who)).await;
        let text = r.text();
        assert!(
            !text.contains(OUTSIDE) && !text.contains("root:") && !text.contains(&a_hash),
            "{path}: {text}"
        );
        assert!(!text.contains("[package]"), "{path}");
        // The pages that take no path answer as usual; the others find
        // nothing.
        let is_page = path.contains('?');
        if !is_page {
            assert!(
                [
                    StatusCode::NOT_FOUND,
                    StatusCode::UNAUTHORIZED,
                    StatusCode::FORBIDDEN
                ]
                .contains(&r.status),
                "{path}: {}",
                r.status
            );
        }
    }

    // Posted fields.
    let csrf = web::access::csrf_token(&office);
    let v_csrf = web::access::csrf_token(&v);
    for up in [
        "../../segreto.txt",
        "../../../../segreto.txt",
        "../../../../inputs/piano-2023.toml",
        "/etc/passwd",
        "..\\..\\segreto.txt",
    ] {
        let unit = format!("unita.{up}");
        let job = format!("/lavori/{}", up.replace('/', "%2F"));
        let o = office.as_str();
        let posts: Vec<Posted> = vec![
            (
                "/unita/V/versioni",
                &v,
                vec![("csrf", &v_csrf), ("versione", up)],
            ),
            (
                "/unita/V/versioni",
                o,
                vec![("csrf", &csrf), ("versione", up)],
            ),
            ("/accessi", o, vec![("csrf", &csrf), ("ruolo", &unit)]),
            ("/accessi", o, vec![("csrf", &csrf), ("ruolo", up)]),
            (
                "/valutazioni/decisione",
                o,
                vec![
                    ("csrf", &csrf),
                    ("indicatore", up),
                    ("area", up),
                    ("decisione", "conferma"),
                    ("motivazione", "prova"),
                ],
            ),
            (
                "/lavori/moduli-monitoraggio",
                o,
                vec![("csrf", &csrf), ("data", up)],
            ),
            (&job, o, vec![("csrf", &csrf)]),
        ];
        for (path, token, fields) in posts {
            let r = site.post_form(path, token, &fields).await;
            let text = r.text();
            assert!(
                !r.status.is_success() && !r.status.is_redirection(),
                "{path} {fields:?}: {}",
                r.status
            );
            assert!(!text.contains(OUTSIDE) && !text.contains("root:"), "{path}");
        }
    }
    assert!(site.app.jobs.current().is_none(), "a job started");
    assert_eq!(snapshot(&site), before, "a refused request wrote");

    // An uploaded file's name never becomes a path: the form lands in its
    // own place, under its own name, and nothing else is written.
    let landed = variant(&form, 45091);
    for name in [
        "../../../pwned.xlsx",
        "..\\..\\pwned.xlsx",
        "/tmp/pwned.xlsx",
        "%2E%2E%2Fpwned.xlsx",
    ] {
        let r = site.upload("V", &v, name, &landed).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{name}");
    }
    assert_eq!(
        std::fs::read(site.path(&format!("{FORMS}/{AREA_V}"))).unwrap(),
        landed
    );
    let mut after = snapshot(&site);
    after.retain(|k, _| !k.contains("sportello/archivio"));
    let mut was = before.clone();
    was.retain(|k, _| !k.contains("sportello/archivio"));
    let changed: Vec<_> = after
        .iter()
        .filter(|(k, b)| was.get(*k) != Some(*b))
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(
        changed,
        vec![
            site.path(&format!("{FORMS}/{AREA_V}"))
                .display()
                .to_string()
        ]
    );
    let beside = std::fs::read_dir(site.dir.path().parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.path());
    for f in common::all_under(site.dir.path()).into_iter().chain(beside) {
        assert!(!f.to_string_lossy().contains("pwned"), "{}", f.display());
    }
    assert!(!std::path::Path::new("/tmp/pwned.xlsx").exists());
}

/// `MARKUP[m]` marked with the place it was put in.
fn mark(m: usize, place: &str) -> String {
    format!("{} luogo-{place}", common::hostile::MARKUP[m])
}

/// Replaces `from` with `to` once in the file `rel` under `root`.
fn edit(root: &std::path::Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel}: no {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The text of an answer that is a page (empty for a download).
fn html(r: &Answer) -> String {
    let page = r
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.to_str().unwrap().starts_with("text/html"));
    if page { r.text() } else { String::new() }
}

/// Every page of every role of `site`: each GET route of [`ROUTES`] for
/// each unit, visited by each link (its role told by where «/» sends it,
/// since the labels may be hostile).
async fn every_page(site: &Site) -> Vec<(String, String)> {
    let all: Vec<&str> = site.tokens.values().map(String::as_str).collect();
    pages_of(site, &all).await
}

/// Every page of `site` visited with each of `tokens`, as [`every_page`].
async fn pages_of(site: &Site, tokens: &[&str]) -> Vec<(String, String)> {
    let mut units = Vec::new();
    for token in site.tokens.values() {
        let r = site.get("/", Some(token)).await;
        if let Some(unit) = r.headers.get(header::LOCATION)
            && let Some(id) = unit.to_str().unwrap().strip_prefix("/unita/")
        {
            units.push(id.to_string());
        }
    }
    assert_eq!(units.len(), 7, "{units:?}");
    let mut pages = Vec::new();
    for &token in tokens {
        for route in ROUTES.iter().filter(|r| r.method == Get) {
            let ids: Vec<&str> = if route.pattern.contains("{id}") {
                units.iter().map(String::as_str).collect()
            } else {
                vec!["-"]
            };
            for id in ids {
                // The versions' download: a version that is not there.
                let path = address(route, id, token, "x");
                let r = site.get(&path, Some(token)).await;
                pages.push((path, html(&r)));
            }
        }
        for path in ["/valutazioni?esito=decisione", "/registro?prima=1"] {
            pages.push((path.into(), html(&site.get(path, Some(token)).await)));
        }
    }
    pages
}

/// No page carries hostile markup unescaped, nor a control character;
/// every place's mark is on some page (the text did reach the pages).
fn check_escaped(pages: &[(String, String)], places: &[&str]) {
    assert!(pages.len() > 150, "{}", pages.len());
    for (path, page) in pages {
        assert_eq!(
            common::hostile::unescaped_in(page),
            Vec::<&str>::new(),
            "{path}: {page}"
        );
        assert!(
            !page
                .chars()
                .any(|c| c.is_control() && !"\n\r\t".contains(c)),
            "{path}: a control character"
        );
    }
    let missing: Vec<&&str> = places
        .iter()
        .filter(|place| {
            let needle = format!("luogo-{place}");
            !pages.iter().any(|(_, p)| p.contains(&needle))
        })
        .collect();
    assert!(missing.is_empty(), "never on a page: {missing:?}");
}

/// Hostile text (`common::hostile::MARKUP`) in the ente's own words: a
/// unit's name in the plan, the evaluator's name in `ente.toml`, the
/// Relazione's texts, the Nucleo's motivations, file names in the year's
/// folder (`riservato/` too) and among the forms (the terminal-driving one
/// of `bad_inputs.rs` too), a refused text shown back and the address
/// itself. Every page of every role carries it escaped.
#[tokio::test]
async fn hostile_words_of_the_ente_are_escaped_on_every_page() {
    use common::hostile::{TERMINAL_FILE_NAME, toml_escaped};
    let dir = common::scratch_inputs();
    let root = dir.path();
    edit(
        root,
        "inputs/piano-2023.toml",
        "nome = \"Area III Finanziaria\"",
        &format!("nome = \"Area III {}\"", toml_escaped(&mark(0, "piano"))),
    );
    edit(
        root,
        "inputs/ente.toml",
        "singolare = \"Nucleo di Valutazione\"",
        &format!(
            "singolare = \"Nucleo {}\"",
            toml_escaped(&mark(2, "valutatore"))
        ),
    );
    edit(
        root,
        "inputs/relazione.toml",
        "  \"Il Comune di Alzano Lombardo",
        &format!(
            "  \"{} Il Comune di Alzano Lombardo",
            toml_escaped(&mark(3, "presentazione"))
        ),
    );
    edit(
        root,
        "inputs/valutazioni-nucleo-2023.toml",
        "motivazione = \"Regione Lombardia",
        &format!(
            "motivazione = \"{} Regione Lombardia",
            toml_escaped(&mark(4, "motivazione"))
        ),
    );
    // File names: no «/» in a name, so the markup without one.
    let year = root.join("outputs/2023/riservato");
    std::fs::create_dir_all(&year).unwrap();
    std::fs::write(year.join(format!("{}.pdf", mark(2, "riservato"))), b"%PDF").unwrap();
    std::fs::write(
        year.parent()
            .unwrap()
            .join(format!("{}.pdf", mark(1, "documento"))),
        b"%PDF",
    )
    .unwrap();
    for name in [mark(2, "estraneo"), TERMINAL_FILE_NAME.to_string()] {
        std::fs::write(
            root.join(FORMS).join(format!("{name}.xlsx")),
            b"non un foglio",
        )
        .unwrap();
    }
    let site = Site::from_dir(dir);
    let office = site
        .tokens
        .iter()
        .find(|(label, _)| label.starts_with("Ufficio"))
        .unwrap()
        .1
        .clone();
    let mut pages = every_page(&site).await;

    // A refused text, shown back; an address that is not a page.
    let texts = site.get("/testi", Some(&office)).await.text();
    let r = site
        .post_form(
            "/testi",
            &office,
            &[
                ("csrf", &web::access::csrf_token(&office)),
                ("impronta", &hidden(&texts, "impronta")),
                ("data", &mark(3, "data-scritta")),
            ],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    pages.push(("POST /testi".into(), html(&r)));
    let r = site
        .get(
            &format!("/{}", urlencode(&mark(0, "indirizzo"))),
            Some(&office),
        )
        .await;
    pages.push(("a hostile address".into(), html(&r)));
    check_escaped(
        &pages,
        &[
            "piano",
            "valutatore",
            "presentazione",
            "motivazione",
            "riservato",
            "documento",
            "estraneo",
            "data-scritta",
        ],
    );
}

/// Hostile text in the units' words, on the plan as shipped (which the
/// forms were written for): a form's notes and evidence cells shown to
/// the Nucleo, a cell's value quoted in a message, an uploaded file's
/// name, the Nucleo's typed grade and motivation shown back after a
/// refusal. Every page of every role carries it escaped.
#[tokio::test]
async fn hostile_words_of_the_units_and_the_nucleo_are_escaped_on_every_page() {
    use common::hostile::xml_escaped;
    let dir = common::scratch_inputs();
    let root = dir.path();
    with_ob02_2_pending(root);
    let area_i = format!("{FORMS}/2023 - Area I Affari generali e giuridico-legale.xlsx");
    let bytes = std::fs::read(root.join(&area_i)).unwrap();
    let bytes = edit_zip(&bytes, "xl/sharedStrings.xml", |t| {
        t.replacen(
            "Esito verificato a fine anno con l'ufficio competente.",
            &xml_escaped(&mark(0, "nota")),
            1,
        )
        .replacen(
            "Pubblicazione sul sito istituzionale del 06/01/2023",
            &xml_escaped(&mark(1, "evidenza")),
            1,
        )
    });
    std::fs::write(root.join(&area_i), bytes).unwrap();
    let site = Site::from_dir(dir);
    let office = site.office().to_string();
    let v = site.token(unit_label("V")).to_string();
    let form = std::fs::read(site.path(&format!("{FORMS}/{AREA_V}"))).unwrap();
    let r = site
        .upload(
            "V",
            &v,
            &format!("{}.xlsx", mark(2, "nome-inviato")),
            &with_text_date(&form, &xml_escaped(&mark(0, "cella"))),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut pages = every_page(&site).await;
    let page = site.get("/valutazioni", Some(&office)).await.text();
    let r = site
        .post_form(
            "/valutazioni/decisione",
            &office,
            &[
                ("csrf", &web::access::csrf_token(&office)),
                ("impronta", &hidden(&page, "impronta")),
                ("indicatore", "OB02.2"),
                ("area", "II"),
                ("decisione", "correzione"),
                ("grado", &mark(4, "grado-scritto")),
                ("motivazione", &mark(3, "motivazione-scritta")),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    pages.push(("POST /valutazioni/decisione".into(), html(&r)));
    check_escaped(
        &pages,
        &[
            "nota",
            "evidenza",
            "cella",
            "grado-scritto",
            "motivazione-scritta",
        ],
    );
}

/// What a page must not say to a unit or the Nucleo, who work from the
/// browser: a file of `inputs/` or a command line (a command, an
/// option). The page or button that does it is named instead.
fn command_line_words(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(at) = page.find(".toml") {
        let from = page[..at]
            .char_indices()
            .rev()
            .nth(60)
            .map_or(0, |(i, _)| i);
        found.push(page[from..at + 5].to_string());
    }
    for command in common::COMMANDS {
        let words = format!("consuntivo {command}");
        if page.contains(&words) {
            found.push(words);
        }
    }
    let text = page.replace("<!--", "");
    for (at, _) in text.match_indices(" --") {
        if text[at + 3..].starts_with(|c: char| c.is_ascii_lowercase()) {
            found.push(text[at..].chars().take(20).collect());
        }
    }
    found
}

/// No page a unit or the Nucleo sees names a TOML file or a command:
/// every page of theirs, with an upload refused at a cell, a file that is
/// not the unit's form, and a decision refused on the Nucleo's page.
#[tokio::test]
async fn no_page_of_a_unit_or_the_nucleo_names_a_file_or_a_command() {
    let site = pending_site();
    let v = site.token(unit_label("V")).to_string();
    let form = std::fs::read(site.path(&format!("{FORMS}/{AREA_V}"))).unwrap();
    let r = site
        .upload("V", &v, "modulo.xlsx", &with_text_date(&form, "presto"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Area III sends its own form with its hidden sheet's fingerprint
    // altered: a file that is not the form downloaded from its page; Area
    // II sends no spreadsheet.
    let own =
        std::fs::read(site.path(&format!("{FORMS}/2023 - Area III Finanziaria.xlsx"))).unwrap();
    let altered = edit_zip(&own, "xl/sharedStrings.xml", |t| {
        let fp = consuntivo::plan::load(&site.path("inputs/piano-2023.toml"))
            .unwrap()
            .fingerprint();
        assert!(t.contains(&fp), "the fingerprint among the strings");
        // Every copy: the instructions quote it too.
        t.replace(&fp, "0000000000000000")
    });
    let iii = site.token(unit_label("III")).to_string();
    let r = site.upload("III", &iii, "modulo.xlsx", &altered).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let ii = site.token(unit_label("II")).to_string();
    let r = site
        .upload("II", &ii, "modulo.xlsx", b"not a spreadsheet")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let nucleo = site.evaluator().to_string();
    let page = site.get("/valutazioni", Some(&nucleo)).await.text();
    let refused = site
        .post_form(
            "/valutazioni/decisione",
            &nucleo,
            &[
                ("csrf", &hidden(&page, "csrf")),
                ("impronta", &hidden(&page, "impronta")),
                ("indicatore", "OB02.2"),
                ("area", "IV"),
                ("decisione", "correzione"),
                ("grado", "150"),
                ("motivazione", "x"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

    let tokens: Vec<&str> = site
        .tokens
        .values()
        .map(String::as_str)
        .filter(|t| *t != site.office())
        .collect();
    let mut pages = pages_of(&site, &tokens).await;
    pages.push(("POST /valutazioni/decisione".into(), refused.text()));
    let shown = |needle: &str| pages.iter().any(|(_, p)| p.contains(needle));
    // The states the test set up did reach the pages.
    assert!(shown("presto"), "the error at the cell");
    assert!(shown("il grado 150 non è valido"), "the refused decision");
    assert!(shown("parti nascoste"), "the altered form");
    assert!(shown("Modulo da correggere"));
    for (path, page) in &pages {
        assert_eq!(
            command_line_words(page),
            Vec::<String>::new(),
            "{path}: {page}"
        );
    }
}
