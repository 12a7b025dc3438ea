//! What every page shares: the embedded templates and assets, who the
//! visitor is (from the link's cookie), the security headers, the error
//! pages, entering and leaving.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Environment, Value, context};
use serde::Serialize;

use super::App;
use super::access::{self, Role};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::plan::Plan;
use crate::vocab::Vocabulary;

/// The cookie that carries the visitor's link token.
pub const COOKIE: &str = "sportello";

const TEMPLATES: [(&str, &str); 15] = [
    ("base.html", include_str!("templates/base.html")),
    ("errore.html", include_str!("templates/errore.html")),
    ("accessi.html", include_str!("templates/accessi.html")),
    ("unita.html", include_str!("templates/unita.html")),
    (
        "diagnostica.html",
        include_str!("templates/diagnostica.html"),
    ),
    ("casa.html", include_str!("templates/casa.html")),
    ("registro.html", include_str!("templates/registro.html")),
    ("versioni.html", include_str!("templates/versioni.html")),
    ("evento.html", include_str!("templates/evento.html")),
    (
        "valutazioni.html",
        include_str!("templates/valutazioni.html"),
    ),
    ("testi.html", include_str!("templates/testi.html")),
    ("lavoro.html", include_str!("templates/lavoro.html")),
    (
        "lavoro_blocco.html",
        include_str!("templates/lavoro_blocco.html"),
    ),
    // Plain text (not escaped: never put into HTML unescaped).
    ("lavoro.txt", include_str!("templates/lavoro.txt")),
    ("lavoro_nome.txt", include_str!("templates/lavoro_nome.txt")),
];

const CSS: &str = include_str!("assets/sportello.css");
const JS: &str = include_str!("assets/sportello.js");

/// The page templates, compiled once. HTML templates escape every value
/// (minijinja's auto-escape for `.html`): user text never becomes markup.
pub struct Pages {
    env: Environment<'static>,
}

impl Pages {
    pub fn new() -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, text) in TEMPLATES {
            // The templates are part of the program: a broken one is a bug
            // the tests catch, not a user's problem.
            if let Err(e) = env.add_template(name, text) {
                panic!("modello {name} non valido: {e}");
            }
        }
        Pages { env }
    }

    /// A plain-text template's text (`.txt`: not escaped), for a page to
    /// show as a value (escaped there) or a script to set as text.
    pub fn text(&self, name: &str, ctx: Value) -> String {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .unwrap_or_else(|e| format!("errore interno nel comporre il testo: {e}"))
    }

    pub fn render(&self, name: &str, ctx: Value) -> Response {
        self.render_status(StatusCode::OK, name, ctx)
    }

    pub fn render_status(&self, status: StatusCode, name: &str, ctx: Value) -> Response {
        match self.env.get_template(name).and_then(|t| t.render(ctx)) {
            Ok(html) => (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            Err(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("errore interno nel comporre la pagina: {e}"),
            )
                .into_response(),
        }
    }
}

impl Default for Pages {
    fn default() -> Self {
        Self::new()
    }
}

/// A visitor whose link is valid, with what every page needs.
pub struct Visitor {
    pub role: Role,
    pub csrf: String,
    pub plan: Plan,
    pub vocab: Vocabulary,
}

impl Visitor {
    /// The context every page template starts from.
    pub fn base(&self, title: &str) -> Value {
        let units: Vec<Value> = match self.role {
            Role::Office => self
                .plan
                .areas
                .iter()
                .map(|a| context! { url => unit_url(a.id.as_str()), name => a.name.clone() })
                .collect(),
            _ => Vec::new(),
        };
        context! {
            title => title,
            ente => self.plan.ente.name.clone(),
            year => self.plan.year,
            vocab => Value::from(minijinja::value::Serde(self.vocab.to_json())),
            csrf => self.csrf.clone(),
            role => role_kind(&self.role),
            role_label => role_label(&self.role, &self.plan, &self.vocab),
            unit_id => match &self.role { Role::Unit(id) => Some(id.as_str()), _ => None },
            units => units,
            nucleo_title => nucleo_title(self),
        }
    }

    pub fn check_csrf(&self, sent: Option<&str>) -> bool {
        sent.is_some_and(|s| access::same(s, &self.csrf))
    }
}

fn role_kind(role: &Role) -> &'static str {
    match role {
        Role::Office => "vertice",
        Role::Evaluator => "valutatore",
        Role::Unit(_) => "unita",
    }
}

/// The role as people name it, in the ente's words.
pub fn role_label(role: &Role, plan: &Plan, vocab: &Vocabulary) -> String {
    match role {
        Role::Office => format!(
            "Ufficio {}",
            vocab.top_official.prep(crate::vocab::Prep::Di, false)
        ),
        Role::Evaluator => vocab.evaluator.singular.clone(),
        Role::Unit(id) => plan
            .area(id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| format!("{} {id}", vocab.unit.singular)),
    }
}

/// [`role_label`] after «di», with its article: «dell'Area IV …», «del
/// Nucleo di Valutazione», «dell'Ufficio del Segretario generale».
pub fn role_label_of(role: &Role, plan: &Plan, vocab: &Vocabulary) -> String {
    use crate::vocab::Prep;
    match role {
        Role::Office => format!("dell'Ufficio {}", vocab.top_official.prep(Prep::Di, false)),
        Role::Evaluator => vocab.evaluator.prep(Prep::Di, false),
        Role::Unit(id) => match plan.area(id) {
            Some(a) => vocab.unit_named(Prep::Di, &a.name),
            None => format!("{} {id}", vocab.unit.prep(Prep::Di, false)),
        },
    }
}

/// The token in the request's cookie.
fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// Who is asking: a valid link's role with the ente's plan and words, or
/// the page to answer instead (no link, revoked link, plan unreadable).
pub fn visitor(app: &App, headers: &HeaderMap) -> Result<Visitor, Response> {
    let token = cookie_token(headers).ok_or_else(|| no_access(app))?;
    let role = app
        .tokens
        .read()
        .ok()
        .and_then(|t| t.role_of(&token))
        .ok_or_else(|| no_access(app))?;
    let loaded = app
        .config
        .ente
        .load_plan()
        .and_then(|plan| app.config.ente.load_vocab().map(|v| (plan, v)));
    let (plan, vocab) = match loaded {
        Ok(x) => x,
        Err(diags) => return Err(unavailable(app, &role, &diags)),
    };
    if let Role::Unit(id) = &role
        && plan.area(id).is_none()
    {
        return Err(no_access(app));
    }
    Ok(Visitor {
        csrf: access::csrf_token(&token),
        role,
        plan,
        vocab,
    })
}

/// A visitor of `role`, or a refusal.
pub fn require(
    app: &App,
    headers: &HeaderMap,
    allowed: impl Fn(&Role) -> bool,
) -> Result<Visitor, Response> {
    let v = visitor(app, headers)?;
    if allowed(&v.role) {
        Ok(v)
    } else {
        Err(forbidden(app, &v))
    }
}

/// Builds a page's context in the blocking pool (it reads files and
/// checks forms) and renders `template` with it.
pub async fn compose(
    app: &Arc<App>,
    template: &'static str,
    build: impl FnOnce(&App) -> Value + Send + 'static,
) -> Response {
    let app2 = app.clone();
    match tokio::task::spawn_blocking(move || build(&app2)).await {
        Ok(ctx) => app.pages.render(template, ctx),
        Err(_) => bad_request(app, "La pagina non si è potuta comporre: riprovare."),
    }
}

/// The visitor of a posted form: of a role `allowed`, and carrying the
/// CSRF token of its own pages; or the refusal.
pub fn require_posted(
    app: &App,
    headers: &HeaderMap,
    allowed: impl Fn(&Role) -> bool,
    csrf: Option<&str>,
) -> Result<Visitor, Response> {
    let v = require(app, headers, allowed)?;
    if v.check_csrf(csrf) {
        Ok(v)
    } else {
        Err(csrf_refused(app))
    }
}

/// A diagnostic as a page shows it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Shown {
    pub error: bool,
    pub place: String,
    pub message: String,
    /// The items listed under the message (the pending proposals).
    #[serde(default)]
    pub details: Vec<String>,
    pub hints: Vec<String>,
    /// Lines to copy, shown after the first hint (a `[[conferma]]` to paste).
    #[serde(default)]
    pub example: Vec<String>,
    /// The kind of problem, for which `diagnostica.html` words the
    /// remedy on the page instead of the command line's hints.
    #[serde(default)]
    pub code: Option<String>,
}

impl Shown {
    pub fn from(d: &Diagnostic) -> Self {
        Shown {
            error: d.severity == Severity::Error,
            place: if d.location.is_empty() {
                String::new()
            } else {
                d.location.to_string()
            },
            message: d.message.clone(),
            details: d.details.clone(),
            hints: d.hints.clone(),
            example: d.example.clone(),
            code: d.code.map(str::to_string),
        }
    }

    pub fn all(diags: &Diagnostics) -> Vec<Shown> {
        diags.iter().map(Shown::from).collect()
    }
}

fn error_page(
    app: &App,
    status: StatusCode,
    title: &str,
    message: &str,
    diags: Vec<Shown>,
) -> Response {
    app.pages.render_status(
        status,
        "errore.html",
        context! { title => title, message => message, diagnostics => Value::from(minijinja::value::Serde(diags)) },
    )
}

pub fn no_access(app: &App) -> Response {
    error_page(
        app,
        StatusCode::UNAUTHORIZED,
        "Accesso non valido",
        "Per entrare serve il link personale ricevuto dall'ufficio. Se il link non funziona più, è stato sostituito: chiederne uno nuovo all'ufficio.",
        Vec::new(),
    )
}

pub fn forbidden(app: &App, v: &Visitor) -> Response {
    let who = role_label_of(&v.role, &v.plan, &v.vocab);
    // The way back: the visitor's own first page.
    let home = match &v.role {
        Role::Office => "/".to_string(),
        Role::Evaluator => NUCLEO_URL.to_string(),
        Role::Unit(id) => unit_url(id.as_str()),
    };
    app.pages.render_status(
        StatusCode::FORBIDDEN,
        "errore.html",
        context! {
            title => "Pagina non accessibile",
            message => format!("Con il link {who} questa pagina non si può aprire."),
            back => home,
            diagnostics => Value::from(minijinja::value::Serde(Vec::<Shown>::new())),
        },
    )
}

fn unavailable(app: &App, role: &Role, diags: &Diagnostics) -> Response {
    let shown = if *role == Role::Office {
        Shown::all(diags)
    } else {
        Vec::new()
    };
    error_page(
        app,
        StatusCode::SERVICE_UNAVAILABLE,
        "Sportello non disponibile",
        "I dati dell'ente non si possono leggere in questo momento (il piano o le parole dell'ente hanno errori). L'ufficio li sta correggendo: riprovare più tardi.",
        shown,
    )
}

pub fn bad_request(app: &App, message: &str) -> Response {
    error_page(
        app,
        StatusCode::BAD_REQUEST,
        "Richiesta non valida",
        message,
        Vec::new(),
    )
}

pub fn csrf_refused(app: &App) -> Response {
    bad_request(
        app,
        "Il modulo inviato non porta il codice di controllo di questa pagina: ricaricare la pagina e riprovare.",
    )
}

pub async fn not_found(State(app): State<Arc<App>>) -> Response {
    not_found_page(&app)
}

pub fn not_found_page(app: &App) -> Response {
    error_page(
        app,
        StatusCode::NOT_FOUND,
        "Pagina non trovata",
        "Questa pagina non esiste. Tornare alla pagina iniziale dal link personale.",
        Vec::new(),
    )
}

/// The evaluator's page's address.
pub const NUCLEO_URL: &str = "/valutazioni";

/// The evaluator's page's title: «Decisioni del Nucleo di Valutazione»
/// (every page's menu names it).
pub fn nucleo_title(v: &Visitor) -> String {
    format!(
        "Decisioni {}",
        v.vocab.evaluator.prep(crate::vocab::Prep::Di, false)
    )
}

/// A unit's page address (the id percent-encoded).
pub fn unit_url(id: &str) -> String {
    let mut s = String::from("/unita/");
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// `/accesso/<token>`: a valid link sets the cookie and opens the role's page.
pub async fn enter(State(app): State<Arc<App>>, Path(token): Path<String>) -> Response {
    let valid = token.len() == 64
        && token.bytes().all(|b| b.is_ascii_hexdigit())
        && app
            .tokens
            .read()
            .ok()
            .and_then(|t| t.role_of(&token))
            .is_some();
    if !valid {
        return no_access(&app);
    }
    let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax");
    let mut r = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

#[derive(serde::Deserialize)]
pub struct CsrfForm {
    pub csrf: Option<String>,
}

/// `POST /esci`: forgets the link in this browser.
pub async fn leave(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Response {
    let v = match visitor(&app, &headers) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !v.check_csrf(form.csrf.as_deref()) {
        return csrf_refused(&app);
    }
    let mut r = error_page(
        &app,
        StatusCode::OK,
        "Uscita",
        "Questo browser non ha più l'accesso allo sportello. Per rientrare, aprire di nuovo il link personale.",
        Vec::new(),
    );
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("sportello=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    );
    r
}

/// `/risorse/<name>`: the embedded style sheet and script.
pub async fn asset(State(app): State<Arc<App>>, Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "sportello.css" => (CSS, "text/css; charset=utf-8"),
        "sportello.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return not_found(State(app)).await,
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// The headers every answer carries: a CSP with no inline script or
/// style, no sniffing, no framing, no referrer (links carry no token, but
/// pages name files), no caching of pages.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}
