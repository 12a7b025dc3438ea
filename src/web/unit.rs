//! A unit's page: its form to download, the upload of the filled form
//! with the messages of `verifica` at the cell, and where its reporting
//! stands. A unit's link reaches its own page only.

use std::sync::Arc;

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};

use super::access::Role;
use super::page::{self, Visitor, require, unit_url};
use super::upload::{self, Upload};
use super::{App, Event, MAX_UPLOAD, UploadOutcome};
use crate::forms;
use crate::plan::{Area, AreaId};
use crate::results::Results;
use crate::status;
use crate::vocab::Prep;

/// The visitor, if it may see unit `id`'s page (the office or that unit),
/// with the unit.
pub(super) fn unit_visitor(
    app: &App,
    headers: &HeaderMap,
    id: &str,
) -> Result<(Visitor, Area), Response> {
    let id = AreaId::from(id);
    let v = require(app, headers, |r| match r {
        Role::Office => true,
        Role::Unit(own) => *own == id,
        Role::Evaluator => false,
    })?;
    match v.plan.area(&id).cloned() {
        Some(a) => Ok((v, a)),
        None => Err(page::not_found_page(app)),
    }
}

/// `/unita/<id>`.
pub async fn page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (v, area) = match unit_visitor(&app, &headers, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    page::compose(&app, "unita.html", move |app| unit_context(app, &v, &area)).await
}

fn unit_context(app: &App, v: &Visitor, area: &Area) -> Value {
    let plan = &v.plan;
    let accepted = upload::accepted_form(&app.config.ente, plan, area);
    // The unit's own status, from its accepted form alone: another unit's
    // problems are not its business.
    let mut form_error = Vec::new();
    let results = match &accepted {
        Some(path) => match forms::read_file(plan, path, &v.vocab) {
            Ok((report, _)) => Results {
                year: plan.year,
                reports: vec![report],
            },
            Err(d) => {
                form_error = page::Shown::all(&d);
                Results {
                    year: plan.year,
                    reports: Vec::new(),
                }
            }
        },
        None => Results {
            year: plan.year,
            reports: Vec::new(),
        },
    };
    // The results the lead units (capofila) report for this unit are
    // graded from their forms, as `valuta` grades them: without those the
    // unit's draft grades would call them not reported.
    let graded = with_leads(app, v, area, &results);
    let review = app
        .config
        .ente
        .load_review(plan, None, &v.vocab)
        .unwrap_or_default();
    let today = chrono::Local::now().date_naive();
    let state = status::build(plan, &results, &review, today);
    let unit = state.units.iter().find(|u| u.area == area.id);
    let missing: Vec<Value> = unit
        .map(|u| {
            u.missing
                .iter()
                .map(|m| {
                    context! {
                        code => m.code.clone(),
                        indicator => m.indicator.clone(),
                        target => m.target.clone(),
                        problem => match &m.problem {
                            status::Problem::Empty { overdue: Some(d), .. } =>
                                format!("riga vuota; la scadenza del {} è passata", d.format("%d/%m/%Y")),
                            status::Problem::Empty { .. } => "riga vuota".to_string(),
                            status::Problem::NoMotivation { why } =>
                                format!("manca la motivazione dello scostamento ({why})"),
                        },
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let outcome = upload::last_outcome(&app.config.state, plan, area);
    let monitoring = open_monitoring_form(app, v, area).map(|(date, name, _)| {
        context! {
            date => crate::italian::date_short(date),
            name => name,
            url => format!("{}/monitoraggio", unit_url(area.id.as_str())),
        }
    });
    let form_name = forms::file_name(plan, &area.name);
    let grades = if graded.reports.is_empty() {
        None
    } else {
        draft_grades(app, v, area, &graded, &review)
    };
    let scheda = app
        .config
        .ente
        .unit_scheda(plan.year, area.id.as_str())
        .filter(|p| app.config.ente.year_dir(plan.year).join(p).is_file())
        .map(|p| context! { url => super::documents::url_of(&p), name => p.rsplit('/').next().unwrap_or("").to_string() });
    let base = v.base(&area.name);
    context! {
        unit_name => area.name.clone(),
        head => area.head.clone(),
        unit_url => unit_url(area.id.as_str()),
        form_name => form_name,
        accepted => accepted.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()),
        form_error => Value::from(minijinja::value::Serde(form_error)),
        rows => unit.map(|u| u.rows),
        filled => unit.map(|u| u.filled),
        missing => missing,
        proposals => unit.map(|u| u.proposals.clone()).unwrap_or_default(),
        outcome => outcome.as_ref().map(|o| Value::from(minijinja::value::Serde(o))),
        outcome_errors => outcome.as_ref().map(|o| o.errors()),
        outcome_warnings => outcome.as_ref().map(|o| o.warnings()),
        max_mb => MAX_UPLOAD / (1024 * 1024),
        monitoring => monitoring,
        grades => grades,
        scheda => scheda,
        ..base
    }
}

/// `results` (the unit's own accepted form, if any) with the accepted
/// forms of the lead units that report some of its indicators: what
/// grading reads for this unit. A lead unit's form that cannot be read
/// adds nothing (its page says why).
fn with_leads(app: &App, v: &Visitor, area: &Area, results: &Results) -> Results {
    let mut all = results.clone();
    for lead in v.plan.leads_for(&area.id) {
        let Some(lead_area) = v.plan.area(&lead) else {
            continue;
        };
        if let Some(path) = upload::accepted_form(&app.config.ente, &v.plan, lead_area)
            && let Ok((report, _)) = forms::read_file(&v.plan, &path, &v.vocab)
        {
            all.reports.push(report);
        }
    }
    all
}

/// The unit's grades as its accepted form (and its lead units') gives them, under the
/// ente's rules and the Nucleo's decisions so far: a draft, since the
/// Nucleo may still decide on its proposals.
fn draft_grades(
    app: &App,
    v: &Visitor,
    area: &Area,
    results: &Results,
    review: &crate::scoring::Review,
) -> Option<Value> {
    let sc = app
        .config
        .ente
        .score_results(&v.plan, results, review, &v.vocab)
        .ok()?;
    let pct = |g: Option<f64>| g.map(crate::italian::percent).unwrap_or_else(|| "—".into());
    // The template words each standing.
    let standing = |s: &crate::scoring::Standing| match s {
        crate::scoring::Standing::Scored => "valutato",
        crate::scoring::Standing::NotApplicable(_) => "non_applicabile",
        crate::scoring::Standing::Neutralised(_) => "neutralizzato",
        crate::scoring::Standing::NotReported => "non_rendicontato",
    };
    let rows: Vec<Value> = sc
        .objectives
        .iter()
        .filter_map(|o| {
            let mine = o.areas.iter().find(|a| a.area == area.id)?;
            let title = v
                .plan
                .objective(&o.objective)
                .map(|p| p.title.clone())
                .unwrap_or_default();
            // The lead units that report this objective's results for the unit.
            let led_by: Vec<String> = v
                .plan
                .objective(&o.objective)
                .map(|p| {
                    let mut names: Vec<String> = Vec::new();
                    for l in p.indicators_for(&area.id).filter_map(|i| i.lead.as_ref()) {
                        if *l == area.id {
                            continue;
                        }
                        let name = v.plan.area(l).map_or(l.as_str(), |a| a.name.as_str());
                        let named = v.vocab.named_unit(Prep::Da, l.as_str(), name);
                        if !names.contains(&named) {
                            names.push(named);
                        }
                    }
                    names
                })
                .unwrap_or_default();
            Some(context! {
                led_by => led_by,
                code => o.objective.to_string(),
                title => title,
                weight => mine.weight.map(|w| crate::italian::number(w, 2)),
                grade => pct(mine.grade),
                outcome => mine.outcome.map(|o| o.label()),
                // A «Non applicabile» the unit asked for is reported: it
                // waits for the evaluator, it is not missing.
                standing => if mine.standing == crate::scoring::Standing::NotReported
                    && mine.indicators.iter().any(|i| {
                        i.pending == Some(crate::scoring::PendingKind::NotApplicableRequest)
                    }) {
                    "na_richiesto"
                } else {
                    standing(&mine.standing)
                },
            })
        })
        .collect();
    let unit = sc.areas.iter().find(|a| a.area == area.id);
    Some(context! {
        rows => rows,
        grade => pct(unit.and_then(|u| u.grade)),
        band => unit.and_then(|u| u.band.as_ref()).map(|b| b.label.clone()),
        pending => sc.pending.iter().filter(|p| p.area == area.id).count(),
    })
}

/// `/unita/<id>/modulo`: the unit's form, the one `moduli` wrote if it is
/// in the outputs, else written now with the ente's defaults.
pub async fn download(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (v, area) = match unit_visitor(&app, &headers, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let name = forms::file_name(&v.plan, &area.name);
    let written = app
        .config
        .ente
        .outputs
        .join("moduli")
        .join(v.plan.year.to_string())
        .join(&name);
    let bytes = match crate::input::read_bytes(&written, crate::workbook::MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(_) => {
            let settings = forms::FormSettings {
                vocab: v.vocab.clone(),
                ..forms::FormSettings::default()
            };
            match forms::generate_with(&v.plan, &area.id, &settings) {
                Ok((_, b)) => b,
                Err(d) => {
                    let text = d
                        .iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join("\n");
                    return page::bad_request(&app, &text);
                }
            }
        }
    };
    attachment(
        &name,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    )
}

/// The unit's monitoring form while a check is open (see
/// `EnteFolder::open_check`: its forms written, its report not yet): the
/// check date, the form's name and where it is.
fn open_monitoring_form(
    app: &App,
    v: &Visitor,
    area: &Area,
) -> Option<(chrono::NaiveDate, String, std::path::PathBuf)> {
    let check = app.config.ente.open_check(&v.plan, &v.vocab)?;
    let name = forms::monitoring_file_name(&v.plan, &area.name, check.date);
    let path = check.dir.join(&name);
    path.is_file().then_some((check.date, name, path))
}

/// `/unita/<id>/monitoraggio`: the unit's monitoring form, while the
/// check is open.
pub async fn download_monitoring(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (v, area) = match unit_visitor(&app, &headers, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some((_, name, path)) = open_monitoring_form(&app, &v, &area) else {
        return page::not_found_page(&app);
    };
    match crate::input::read_bytes(&path, crate::workbook::MAX_FILE_BYTES) {
        Ok(bytes) => attachment(
            &name,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes,
        ),
        Err(_) => page::not_found_page(&app),
    }
}

/// A file to save, named in `Content-Disposition` (RFC 6266: an ASCII
/// fallback and the UTF-8 name).
pub fn attachment(name: &str, kind: &'static str, bytes: Vec<u8>) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    let mut r = (StatusCode::OK, [(header::CONTENT_TYPE, kind)], bytes).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    )) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// `POST /unita/<id>/modulo`: the filled form. Checked in the background
/// thread pool; the answer is the unit's page with the outcome. Every
/// upload is recorded in the registro, also one that did not arrive whole
/// or could not be saved.
pub async fn upload(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Response {
    let (v, area) = match unit_visitor(&app, &headers, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut csrf = None;
    let mut file: Option<Vec<u8>> = None;
    // The name the file had on the visitor's computer: shown as text in a
    // refusal, never used as a path (the form is saved under the unit's
    // name).
    let mut sent_name: Option<String> = None;
    // What arrived of the file, to record a cut upload's size.
    let mut received = 0u64;
    loop {
        match multipart.next_field().await {
            Ok(Some(mut field)) => {
                let name = field.name().unwrap_or_default().to_string();
                if name == "modulo" {
                    sent_name = field.file_name().map(|n| n.chars().take(255).collect());
                }
                let mut data = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if name == "modulo" {
                                received += chunk.len() as u64;
                            }
                            if name == "modulo" || (name == "csrf" && data.len() < 256) {
                                data.extend_from_slice(&chunk);
                            }
                        }
                        Ok(None) => break,
                        Err(e) => return not_received(&app, &v, &area, received, e.status()),
                    }
                }
                match name.as_str() {
                    "csrf" => csrf = Some(String::from_utf8_lossy(&data).into_owned()),
                    "modulo" => file = Some(data),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(e) => return not_received(&app, &v, &area, received, e.status()),
        }
    }
    if !v.check_csrf(csrf.as_deref()) {
        record_not_received(
            &app,
            &v,
            &area,
            received,
            "rifiutato: senza il codice di controllo della pagina",
        );
        return page::csrf_refused(&app);
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        record_not_received(&app, &v, &area, 0, "nessun file ricevuto");
        return page::bad_request(
            &app,
            "Nessun file ricevuto: scegliere il modulo compilato e inviarlo di nuovo.",
        );
    };
    let app2 = app.clone();
    let url = unit_url(area.id.as_str());
    let done = tokio::task::spawn_blocking(move || {
        let u = Upload::now(&app2, &v, &area, bytes).sent_as(sent_name.as_deref());
        let (outcome, format) = upload::check(&u);
        // One upload at a time from here: the files and the registro
        // change in the same order.
        let _guard = app2.commit.lock().unwrap_or_else(|p| p.into_inner());
        let kept = upload::keep(&u, &outcome, format);
        let recorded = match &kept {
            Ok(()) if outcome.accepted => UploadOutcome::Accepted,
            Ok(()) => UploadOutcome::ToFix,
            Err(_) => UploadOutcome::NotSaved,
        };
        let note = match &kept {
            Err(d) => d
                .iter()
                .map(|x| x.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
            Ok(()) => outcome
                .diagnostics
                .iter()
                .find(|d| d.error)
                .map(|d| {
                    let details = if d.details.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", d.details.join("; "))
                    };
                    format!("{} {}{details}", d.place, d.message)
                        .trim()
                        .to_string()
                })
                .unwrap_or_default(),
        };
        app2.record(
            &v,
            &Event::Upload {
                unit: area.id.to_string(),
                sha256: Some(outcome.sha256.clone()),
                bytes: outcome.bytes as u64,
                outcome: recorded,
                errors: outcome.errors() as u32,
                warnings: outcome.warnings() as u32,
                note,
            },
        );
        kept
    })
    .await;
    match done {
        Ok(Ok(())) => Redirect::to(&format!("{url}#esito")).into_response(),
        Ok(Err(d)) => {
            for x in d.iter() {
                eprintln!("{x}");
            }
            let text = d
                .iter()
                .map(|x| {
                    std::iter::once(&x.message)
                        .chain(&x.hints)
                        .map(|t| format!("{}.", capitalised(t)))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" ");
            page::bad_request(&app, &text)
        }
        Err(_) => page::bad_request(&app, "Il modulo non si è potuto verificare: riprovare."),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn record_not_received(app: &App, v: &Visitor, area: &Area, received: u64, note: &str) {
    app.record(
        v,
        &Event::Upload {
            unit: area.id.to_string(),
            sha256: None,
            bytes: received,
            outcome: UploadOutcome::NotReceived,
            errors: 0,
            warnings: 0,
            note: note.to_string(),
        },
    );
}

/// An upload that did not arrive whole: recorded, and said on the page.
fn not_received(
    app: &App,
    v: &Visitor,
    area: &Area,
    received: u64,
    status: StatusCode,
) -> Response {
    let (note, message) = if status == StatusCode::PAYLOAD_TOO_LARGE {
        (
            format!("rifiutato: oltre {} MB", MAX_UPLOAD / (1024 * 1024)),
            format!(
                "Il file è troppo grande: un modulo non supera {} MB. Inviare il modulo scaricato da questa pagina.",
                MAX_UPLOAD / (1024 * 1024)
            ),
        )
    } else {
        (
            "interrotto: il file non è arrivato per intero".to_string(),
            "Il file non è arrivato per intero (la connessione si è interrotta): inviarlo di nuovo. Il modulo accettato in precedenza resta valido.".to_string(),
        )
    };
    record_not_received(app, v, area, received, &note);
    page::bad_request(app, &message)
}
