//! Reminder letters (*solleciti*): one per unit with something missing, as
//! a PDF from `templates/sollecito.typ` and as plain text from
//! `templates/sollecito.j2`, ready to paste into an e-mail. Nothing is sent.
//! The letters are signed by the top official: the unit that holds the top
//! official's own objectives gets none (a letter to oneself); what it still
//! has to fill is [`own_unit_due`], for the office to complete.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::diag::Diagnostics;
use crate::italian;
use crate::mail::body_text as tidy;
use crate::plan::Plan;
use crate::report::document::{self, Templates};
use crate::vocab::{Prep, Vocabulary};

use super::table::what_is_missing;
use super::{Problem, Status, UnitStatus};

/// What the letters need besides the state.
#[derive(Debug, Clone)]
pub struct LetterSettings {
    /// Date of the letters.
    pub date: NaiveDate,
    /// Date by which the forms are to be returned.
    pub return_by: NaiveDate,
    /// Whom to ask and return the form to.
    pub contact: String,
    /// Custom templates folder (`templates/`), if any.
    pub templates: crate::report::TemplateDirs,
}

/// One letter: the file name (without extension), the PDF and the text.
#[derive(Debug, Clone)]
pub struct Letter {
    /// The unit written to: its id and its name.
    pub area: crate::plan::AreaId,
    pub unit: String,
    /// Its head, when the plan names one (the addressee of an e-mail).
    pub head: Option<String>,
    pub name: String,
    pub pdf: Vec<u8>,
    /// The text to send by e-mail, with its subject line («Oggetto: …»).
    pub text: String,
    /// The e-mail's subject and its text without it (`.eml` drafts).
    pub subject: String,
    pub body: String,
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The data one letter's templates read.
pub fn letter_data(
    plan: &Plan,
    unit: &UnitStatus,
    vocab: &Vocabulary,
    settings: &LetterSettings,
) -> Value {
    let rows: Vec<Value> = unit
        .missing
        .iter()
        .map(|m| {
            json!({
                "codice": m.code,
                // One line: a description spanning lines would break the e-mail list.
                "indicatore": document::line(&m.indicator),
                "traguardo": m.target,
                "cosa": what_is_missing(m),
                "scaduta": matches!(m.problem, Problem::Empty { overdue: Some(_), .. }),
                "motivazione": matches!(m.problem, Problem::NoMotivation { .. }),
            })
        })
        .collect();
    let d = settings.date;
    json!({
        "ente": { "nome": plan.ente.name },
        "anno": plan.year,
        "anno_testo": plan.year.to_string(),
        "data": {
            "anno": d.year(),
            "mese": d.month(),
            "giorno": d.day(),
            "testo": italian::date_long(d),
        },
        "vocab": vocab.to_json(),
        // Never the top official's own unit: it gets no letter (`due`).
        "destinatario": capitalised(&vocab.head.prep(Prep::A, false)),
        "firmatario": capitalised(&vocab.top_official.the(false)),
        "unita": {
            "id": unit.area.as_str(),
            "nome": unit.name,
            "responsabile": unit.head,
        },
        "modulo": unit.form.as_ref().map(|f| json!({
            "file": f.file,
            "il": f.modified.map(|m| italian::date_long_after("il", m)),
        })),
        "righe": rows,
        "n_righe": unit.missing.len(),
        "n_vuote": unit.empty_rows(),
        "n_motivazioni": unit.missing_motivations(),
        "entro": italian::date_long_after("entro il", settings.return_by),
        // A letter never asks for a return by a day already past on its
        // date: the template says the deadline has passed instead.
        "scaduto": settings.return_by < settings.date,
        "termine": italian::date_long_after("al", settings.return_by),
        "referente": settings.contact,
    })
}

/// A letter for each unit with something missing, in plan order.
pub fn render(
    plan: &Plan,
    status: &Status,
    vocab: &Vocabulary,
    settings: &LetterSettings,
) -> Result<Vec<Letter>, Diagnostics> {
    render_with_progress(plan, status, vocab, settings, &crate::progress::Silent)
}

/// [`render`], reporting each letter composed to `progress`.
pub fn render_with_progress(
    plan: &Plan,
    status: &Status,
    vocab: &Vocabulary,
    settings: &LetterSettings,
    progress: &dyn crate::progress::Progress,
) -> Result<Vec<Letter>, Diagnostics> {
    let templates = Templates::load(&settings.templates)?;
    let mut letters = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let due: Vec<&UnitStatus> = status
        .units
        .iter()
        .filter(|u| u.has_missing() && !plan.is_top_official_unit(&u.area, vocab))
        .collect();
    let stage = crate::progress::StageGuard::start(
        progress,
        crate::progress::Stage::DocumentsComposed,
        due.len(),
    );
    for unit in due {
        let mut data = letter_data(plan, unit, vocab, settings);
        // The e-mail block quotes the composed texts: rendering the other
        // blocks renders it too, so they must exist (empty) already.
        data["testi"] = json!({ "oggetto": "", "apertura": [], "chiusura": [], "corpo": "" });
        let blocks = templates.texts(
            "sollecito.j2",
            &data,
            &["oggetto", "apertura", "chiusura", "nome_file"],
        )?;
        let get = |k: &str| blocks.get(k).map(String::as_str).unwrap_or("");
        let subject = document::line(get("oggetto"));
        data["testi"] = json!({
            "oggetto": subject,
            "apertura": document::paragraphs(get("apertura")),
            "chiusura": document::paragraphs(get("chiusura")),
            "corpo": "",
        });
        let mut name = document::file_name(get("nome_file"));
        if used.contains(&name) {
            name = format!("{name} ({})", unit.area);
        }
        used.push(name.clone());
        // The e-mail's text once, quoted by the block with its subject.
        let body = templates.texts("sollecito.j2", &data, &["corpo_email"])?;
        let body = tidy(body.get("corpo_email").map(String::as_str).unwrap_or(""));
        data["testi"]["corpo"] = json!(body);
        let email = templates.texts("sollecito.j2", &data, &["email"])?;
        let text = email.get("email").cloned().unwrap_or_default();
        let ident = Path::new(&plan.year.to_string())
            .join("solleciti")
            .join(format!("{name}.pdf"));
        let pdf = templates.pdf("sollecito.typ", data, &ident)?;
        letters.push(Letter {
            area: unit.area.clone(),
            unit: unit.name.clone(),
            head: unit.head.clone(),
            name,
            pdf,
            text: tidy(&text),
            subject,
            body,
        });
        stage.advance();
    }
    Ok(letters)
}

/// The unit of the top official's own objectives when it has rows to
/// complete: the signatory of the letters does not write to itself, so the
/// office completes them (the command lists them instead of a letter).
pub fn own_unit_due<'s>(
    plan: &Plan,
    status: &'s Status,
    vocab: &Vocabulary,
) -> Option<&'s UnitStatus> {
    status
        .units
        .iter()
        .find(|u| u.has_missing() && plan.is_top_official_unit(&u.area, vocab))
}
