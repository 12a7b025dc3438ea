//! The office's editor of the Relazione's texts (`relazione.toml`):
//! presentation, context, strengths and weaknesses, corrective actions,
//! signatories, acts. Saving writes only what changed, through
//! [`crate::ente::texts`].

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};

use super::App;
use super::access::Role;
use super::events::{self, Event};
use super::nucleo::{changed_message, unplaced};
use super::page::{self, Shown, Visitor, require};
use crate::ente::Refusal;
use crate::ente::texts::{Pair, Texts, differences};

/// The page's address.
pub const URL: &str = "/testi";
const TITLE: &str = "Testi della Relazione";

/// Empty rows offered under the filled ones, for new figures, members
/// and changes.
const SPARE_ROWS: usize = 2;

fn office(r: &Role) -> bool {
    *r == Role::Office
}

#[derive(serde::Deserialize, Default)]
pub struct Outcome {
    esito: Option<String>,
}

/// `GET /testi`.
pub async fn page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<Outcome>,
) -> Response {
    let v = match require(&app, &headers, office) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let view = match app.config.ente.load_texts() {
        Ok(l) => View {
            saved: q.esito.as_deref() == Some("salvati"),
            ..View::new(l.texts, l.fingerprint)
        },
        Err(d) => View::unreadable(&d),
    };
    render(&app, &v, view)
}

/// What the page shows.
struct View {
    texts: Texts,
    /// The file's fingerprint the form carries; empty: no form (the file
    /// cannot be read).
    fingerprint: String,
    diagnostics: Vec<Shown>,
    problem: Option<String>,
    saved: bool,
    /// What was typed in a form refused because the file changed: field
    /// and text.
    typed: Vec<(String, String)>,
    status: StatusCode,
}

impl View {
    fn new(texts: Texts, fingerprint: String) -> View {
        View {
            texts,
            fingerprint,
            diagnostics: Vec::new(),
            problem: None,
            saved: false,
            typed: Vec::new(),
            status: StatusCode::OK,
        }
    }

    fn unreadable(d: &crate::diag::Diagnostics) -> View {
        View {
            diagnostics: Shown::all(d),
            problem: Some(
                "Il file relazione.toml ha errori e i testi non si possono mostrare: correggerlo \
                 come indicato qui sotto (con un editor di testo), poi ricaricare la pagina."
                    .into(),
            ),
            ..View::new(Texts::default(), String::new())
        }
    }
}

fn render(app: &App, v: &Visitor, view: View) -> Response {
    let rows = |list: &[Pair]| -> Vec<(String, String)> {
        list.iter()
            .map(|p| (p.0.clone(), p.1.clone()))
            .chain(std::iter::repeat_n(
                (String::new(), String::new()),
                SPARE_ROWS,
            ))
            .collect()
    };
    let t = &view.texts;
    app.pages.render_status(
        view.status,
        "testi.html",
        context! {
            t => Value::from(minijinja::value::Serde(t)),
            contesto_dati => rows(&t.contesto_dati),
            nucleo => rows(&t.nucleo),
            variazioni => rows(&t.variazioni),
            fingerprint => view.fingerprint.clone(),
            editable => !view.fingerprint.is_empty(),
            diagnostics => Value::from(minijinja::value::Serde(view.diagnostics)),
            problem => view.problem,
            saved => view.saved,
            typed => view.typed,
            ..v.base(TITLE)
        },
    )
}

/// The texts a posted form holds, and the fingerprint it carries.
/// Rows come as repeated fields, in order; a field the form does not carry
/// at all keeps its text in `before` (a form from an older page, a
/// hand-made request), so that nothing is wiped by its absence.
fn from_form(fields: &[(String, String)], before: &Texts) -> (Texts, Option<String>) {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, x)| x.clone());
    let normal = |x: &str| x.replace("\r\n", "\n");
    let one = |k: &str, old: &String| get(k).map_or_else(|| old.clone(), |x| normal(&x));
    let many = |k: &str| -> Vec<String> {
        fields
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, x)| normal(x))
            .collect()
    };
    let pairs = |a: &str, b: &str, old: &Vec<Pair>| -> Vec<Pair> {
        let (xs, ys) = (many(a), many(b));
        if xs.is_empty() && ys.is_empty() {
            return old.clone();
        }
        let n = xs.len().max(ys.len());
        (0..n)
            .map(|i| {
                Pair(
                    xs.get(i).cloned().unwrap_or_default(),
                    ys.get(i).cloned().unwrap_or_default(),
                )
            })
            .collect()
    };
    let b = before;
    let texts = Texts {
        data: one("data", &b.data),
        presentazione: one("presentazione", &b.presentazione),
        contesto: one("contesto", &b.contesto),
        contesto_dati: pairs("contesto_voce", "contesto_valore", &b.contesto_dati),
        genere: one("genere", &b.genere),
        punti_di_forza: one("punti_di_forza", &b.punti_di_forza),
        criticita: one("criticita", &b.criticita),
        azioni_correttive: one("azioni_correttive", &b.azioni_correttive),
        segretario_nome: one("segretario_nome", &b.segretario_nome),
        segretario_ruolo: one("segretario_ruolo", &b.segretario_ruolo),
        nucleo: pairs("nucleo_nome", "nucleo_ruolo", &b.nucleo),
        validazione_atto: one("validazione_atto", &b.validazione_atto),
        validazione_data: one("validazione_data", &b.validazione_data),
        validazione_impronta: b.validazione_impronta.clone(),
        approvazione_atto: one("approvazione_atto", &b.approvazione_atto),
        approvazione_data: one("approvazione_data", &b.approvazione_data),
        variazioni: pairs("variazione_atto", "variazione_descrizione", &b.variazioni),
    };
    (texts, get("impronta"))
}

/// `POST /testi`: saves the texts.
pub async fn save(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Response {
    let csrf = fields
        .iter()
        .find(|(n, _)| n == "csrf")
        .map(|(_, x)| x.as_str());
    let v = match page::require_posted(&app, &headers, office, csrf) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let before = app.config.ente.load_texts().ok().map(|l| l.texts);
    let (texts, seen) = from_form(&fields, &before.clone().unwrap_or_default());
    let seen = seen.unwrap_or_default();
    let app2 = app.clone();
    let year = v.plan.year;
    let t2 = texts.clone();
    let written = tokio::task::spawn_blocking(move || {
        let _guard = app2.commit.lock();
        app2.config.ente.write_texts(&t2, year, &seen)
    })
    .await;
    let file = app.config.ente.relazione_path();
    let refusal = match written {
        Ok(Ok(_)) => {
            let fields: Vec<String> = before
                .map(|b| differences(&b, &texts, &v.vocab))
                .unwrap_or_default()
                .into_iter()
                .map(|(label, _)| label)
                .collect();
            if !fields.is_empty() {
                events::record(
                    &app,
                    &v,
                    Event::TextsEdited {
                        who: page::role_label(&v.role, &v.plan, &v.vocab),
                        fields,
                    },
                );
            }
            return Redirect::to(&format!("{URL}?esito=salvati#esito")).into_response();
        }
        Ok(Err(r)) => r,
        Err(_) => return page::bad_request(&app, "I testi non si sono potuti salvare: riprovare."),
    };
    // The page again, and why nothing was written. A file changed meanwhile
    // is shown as it is now, with what was typed beside it to copy: saving
    // the typed form over it would undo the other change.
    let view = match refusal {
        Refusal::Changed => match app.config.ente.load_texts() {
            Ok(l) => View {
                typed: differences(&l.texts, &texts, &v.vocab),
                problem: Some(changed_message(&file)),
                status: StatusCode::CONFLICT,
                ..View::new(l.texts, l.fingerprint)
            },
            Err(d) => View {
                status: StatusCode::CONFLICT,
                ..View::unreadable(&d)
            },
        },
        Refusal::Invalid(d) => View {
            diagnostics: unplaced(&d),
            problem: Some(
                "Nulla è stato salvato: con questi testi la Relazione non si potrebbe scrivere. \
                 Correggere quanto indicato e salvare di nuovo."
                    .into(),
            ),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            ..View::new(texts, seen_now(&file))
        },
        Refusal::Io(d) => View {
            diagnostics: Shown::all(&d),
            status: StatusCode::INTERNAL_SERVER_ERROR,
            ..View::new(texts, seen_now(&file))
        },
    };
    render(&app, &v, view)
}

fn seen_now(file: &std::path::Path) -> String {
    crate::ente::edit::fingerprint(file).unwrap_or_default()
}
