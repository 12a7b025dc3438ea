//! The evaluators' workbooks (`moduli --personale`): one per evaluator
//! declared in the staff file, with that evaluator's staff only, one sheet
//! per category (its behaviours as columns: a score and its motivation
//! side by side), the colloquio's date, the *dizionario dei comportamenti*
//! on a sheet of its own, and a hidden sheet naming the year, the
//! evaluator and the person of every row, which `form_read.rs` checks.
//! The forms carry what the staff file already holds, so a comune can
//! start in TOML and go on in the workbooks.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::Plan;
use crate::vocab::Vocabulary;

use super::input::{RawStaffFile, RawStaffPerson, RawStaffScore, check};
use super::model::{Category, StaffModel, StaffPerson};

/// The hidden sheet that says what the workbook is.
pub(super) const META_SHEET: &str = "_consuntivo";
/// Its rows: key in column A, value in column B.
pub(super) const META_KIND: &str = "Modulo";
pub(super) const KIND: &str = "personale";
pub(super) const META_YEAR: &str = "Anno";
pub(super) const META_EVALUATOR: &str = "Valutatore";
/// The header of the row list: sheet, row (1-based), person, category.
pub(super) const META_ROWS: &str = "Foglio";
pub(super) const DICTIONARY: &str = "Dizionario";

/// The fixed columns of an evaluation sheet, then per behaviour a score and
/// a motivation, then the colloquio.
pub(super) const NAME: &str = "Nome e cognome";
pub(super) const CATEGORY: &str = "Categoria";
pub(super) const PART_TIME: &str = "Part-time %";
pub(super) const FIXED: u16 = 4;
pub(super) const INTERVIEW: &str = "Data del colloquio finale";

/// The header of a behaviour's score column.
pub(super) fn score_header(behaviour: &str) -> String {
    format!("{behaviour}: punteggio")
}

pub(super) fn motivation_header(behaviour: &str) -> String {
    format!("{behaviour}: motivazione")
}

/// The folder the filled workbooks go back to, in the inputs folder.
pub fn forms_dir_name(year: i32) -> String {
    format!("personale-{year}")
}

/// One evaluator's workbook.
pub struct StaffForm {
    pub evaluator: String,
    /// A safe file name, unique among the year's forms.
    pub file_name: String,
    pub persons: usize,
    pub bytes: Vec<u8>,
}

/// The sheet name of a category: Excel's forbidden characters dropped,
/// at most 31 characters, unique in the workbook.
fn sheet_name(category: &Category, used: &[String]) -> String {
    let clean: String = category
        .name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let base: String = if clean.is_empty() {
        category.id.chars().take(31).collect()
    } else {
        clean.chars().take(31).collect()
    };
    let taken = |n: &str| {
        used.iter().any(|u| u.to_lowercase() == n.to_lowercase())
            || [
                META_SHEET,
                DICTIONARY,
                crate::xlsx_style::INSTRUCTIONS_SHEET,
            ]
            .iter()
            .any(|r| r.to_lowercase() == n.to_lowercase())
    };
    let mut name = base.clone();
    let mut n = 1;
    while taken(&name) {
        n += 1;
        let suffix = format!(" ({n})");
        name = base
            .chars()
            .take(31 - suffix.chars().count())
            .collect::<String>()
            + &suffix;
    }
    name
}

/// The raw file with every judgement's missing behaviours given a score on
/// the scale, so [`check`] judges everything else of the list (names,
/// units, categories, evaluators, weights) before forms are written from
/// it: the scores are what the forms are for.
fn with_scores_to_fill(raw: &RawStaffFile, model: &StaffModel) -> RawStaffFile {
    let mut shape = raw.clone();
    for p in &mut shape.persons {
        let Some(category) = p.category.as_ref().and_then(|c| model.category(c.v.trim())) else {
            continue;
        };
        for j in &mut p.judgements {
            for b in &category.behaviours {
                let given = j
                    .scores
                    .iter()
                    .any(|s| s.behaviour.as_ref().is_some_and(|x| x.v.trim() == b.id));
                if !given {
                    j.scores.push(RawStaffScore {
                        at: j.at.clone(),
                        behaviour: Some(crate::scoring::toml_read::Val {
                            v: b.id.clone(),
                            at: j.at.clone(),
                        }),
                        score: Some(crate::scoring::toml_read::Val {
                            v: model.scale.max - 1.0_f64.min(model.scale.max - model.scale.min),
                            at: j.at.clone(),
                        }),
                        motivation: None,
                    });
                }
            }
        }
    }
    shape
}

fn raw_person<'a>(raw: &'a RawStaffFile, name: &str) -> Option<&'a RawStaffPerson> {
    raw.persons
        .iter()
        .find(|p| p.name.as_ref().is_some_and(|n| n.v.trim() == name))
}

/// One workbook per declared evaluator, with that evaluator's staff and
/// what the staff file already holds for them. The list is checked as the
/// run checks it (only the scores may be missing): its errors stop here.
pub fn write_forms(
    raw: &RawStaffFile,
    plan: &Plan,
    model: &StaffModel,
    vocab: &Vocabulary,
) -> Result<Vec<StaffForm>, Diagnostics> {
    let (file, _) = check(&with_scores_to_fill(raw, model), plan, model)?;
    let mut out: Vec<StaffForm> = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for e in &file.evaluators {
        let persons: Vec<&StaffPerson> = file
            .persons
            .iter()
            .filter(|p| p.judgements.iter().any(|j| j.who == e.who))
            .collect();
        let stem = crate::filename::safe_file_name(&format!(
            "Valutazione del personale {} - {}",
            plan.year, e.who
        ));
        let mut name = format!("{stem}.xlsx");
        let mut n = 1;
        while used.contains(&crate::filename::collision_key(&name)) {
            n += 1;
            name = format!("{stem} ({n}).xlsx");
        }
        used.push(crate::filename::collision_key(&name));
        let bytes = build(raw, plan, model, vocab, &e.who, &persons).map_err(|x| {
            Diagnostics::from(Diagnostic::error(
                Location::file(&name),
                format!("impossibile comporre il modulo di valutazione del personale: {x}"),
            ))
        })?;
        out.push(StaffForm {
            evaluator: e.who.clone(),
            file_name: name,
            persons: persons.len(),
            bytes,
        });
    }
    Ok(out)
}

struct Formats {
    header: Format,
    locked: Format,
    input: Format,
    input_date: Format,
    title: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Self {
        let base = crate::xlsx_style::form_cell();
        let input = base
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC));
        Formats {
            header: crate::xlsx_style::form_header(),
            locked: base.set_background_color(Color::RGB(0xF2F2F2)),
            input_date: input.clone().set_num_format("dd/mm/yyyy"),
            input,
            title: Format::new().set_bold().set_font_size(14),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

fn instructions(
    plan: &Plan,
    model: &StaffModel,
    vocab: &Vocabulary,
    who: &str,
    sheets: &[String],
) -> Vec<String> {
    let year = plan.year;
    let (min, max) = (
        italian::number(model.scale.min, 2),
        italian::number(model.scale.max, 2),
    );
    let sheets = sheets
        .iter()
        .map(|s| format!("«{s}»"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut lines = vec![
        format!("Valutazione del personale {year} — {}", plan.ente.name),
        format!("Valutatore: {who}"),
        "RISERVATO: contiene dati personali; va consegnato solo al valutatore.".to_string(),
        format!(
            "1. Nei fogli {sheets} dare a ogni comportamento di ogni persona un punteggio sulla scala da {min} a {max}; i livelli della scala sono descritti nel foglio «{DICTIONARY}»."
        ),
        if model.motivation_at_ends {
            format!(
                "2. Un punteggio agli estremi della scala ({min} o {max}) va motivato nella colonna «motivazione» accanto al punteggio, come chiede il Sistema di misurazione e valutazione: senza motivazione la scheda resta una BOZZA. Per gli altri punteggi la motivazione è facoltativa."
            )
        } else {
            "2. La colonna «motivazione» accanto a ogni punteggio è facoltativa: serve a spiegare il giudizio nel colloquio.".to_string()
        },
        format!(
            "3. Scrivere nella colonna «{INTERVIEW}» la data del colloquio in cui la valutazione è comunicata alla persona."
        ),
        format!(
            "4. Nome, {}, categoria e part-time vengono dall'elenco del personale e non si modificano (le celle grigie sono bloccate): per una correzione, o per cambiare i pesi dei valutatori, scrivere a {}.",
            vocab.unit.singular, vocab.contact
        ),
        "5. Una riga lasciata senza punteggi non cambia nulla: vale quanto già scritto nell'elenco del personale.".to_string(),
        format!(
            "6. Restituire il file compilato a {}, senza cambiarne il nome né i fogli: va salvato nella cartella dei dati di ingresso, nella cartella {}/.",
            vocab.contact,
            forms_dir_name(year)
        ),
        format!(
            "Periodo per il riesame: la persona valutata può chiedere il riesame della valutazione entro {} giorni dal colloquio.",
            model.review_days
        ),
    ];
    for c in &model.categories {
        lines.push(format!(
            "{}: {} punti per il grado {} di appartenenza, {} per gli obiettivi individuali, {} per i comportamenti.",
            c.name,
            italian::number(c.unit_points, 2),
            vocab.unit.prep(crate::vocab::Prep::Di, false),
            italian::number(c.objective_points, 2),
            italian::number(c.behaviours.iter().map(|b| b.points).sum(), 2)
        ));
    }
    lines
}

fn build(
    raw: &RawStaffFile,
    plan: &Plan,
    model: &StaffModel,
    vocab: &Vocabulary,
    who: &str,
    persons: &[&StaffPerson],
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(format!("Valutazione del personale {} - {who}", plan.year))
        .set_company(&plan.ente.name);
    wb.set_properties(&props);

    let categories: Vec<&Category> = model
        .categories
        .iter()
        .filter(|c| persons.iter().any(|p| p.category == c.id))
        .collect();
    let mut names: Vec<String> = Vec::new();
    for c in &categories {
        let n = sheet_name(c, &names);
        names.push(n);
    }

    let mut intro = Worksheet::new();
    intro.set_name(crate::xlsx_style::INSTRUCTIONS_SHEET)?;
    intro.set_column_width(0, 110)?;
    crate::xlsx_style::print_setup(&mut intro, true, 110.0, None, false)?;
    for (i, l) in instructions(plan, model, vocab, who, &names)
        .iter()
        .enumerate()
    {
        let r = i as u32;
        intro.write_string_with_format(r, 0, l, if i == 0 { &f.title } else { &f.wrap })?;
        let lines = crate::xlsx_style::result_lines(l, 110.0);
        if lines > 1 {
            intro.set_row_height(r, f64::from(lines) * 15.0 + 2.0)?;
        }
    }
    wb.push_worksheet(intro);

    let mut meta = Worksheet::new();
    meta.set_name(META_SHEET)?;
    meta.write_string(0, 0, "Dati di riconoscimento del modulo: non modificare.")?;
    let year = plan.year.to_string();
    for (i, (k, v)) in [(META_KIND, KIND), (META_YEAR, &year), (META_EVALUATOR, who)]
        .iter()
        .enumerate()
    {
        meta.write_string(i as u32 + 1, 0, *k)?;
        meta.write_string(i as u32 + 1, 1, *v)?;
    }
    let mut meta_row = 5u32;
    for (i, h) in [META_ROWS, "Riga", "Persona", CATEGORY].iter().enumerate() {
        meta.write_string(meta_row, i as u16, *h)?;
    }

    let unit_header = vocab.unit.singular.clone();
    for (c, sheet) in categories.iter().zip(&names) {
        let mut ws = Worksheet::new();
        ws.set_name(sheet)?;
        let mut headers: Vec<(String, f64)> = vec![
            (NAME.to_string(), 28.0),
            (unit_header.clone(), 24.0),
            (CATEGORY.to_string(), 18.0),
            (PART_TIME.to_string(), 9.0),
        ];
        for b in &c.behaviours {
            headers.push((score_header(&b.name), 14.0));
            headers.push((motivation_header(&b.name), 34.0));
        }
        headers.push((INTERVIEW.to_string(), 13.0));
        for (i, (h, w)) in headers.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, h, &f.header)?;
            ws.set_column_width(i as u16, *w)?;
        }
        // The longest header, a behaviour's name with «: motivazione»,
        // in full.
        let lines = headers
            .iter()
            .map(|(h, w)| crate::xlsx_style::form_lines(h, *w))
            .max()
            .unwrap_or(1)
            .max(3);
        ws.set_row_height(0, f64::from(lines) * 13.0 + 4.0)?;
        let mut r = 1u32;
        for p in persons.iter().filter(|p| p.category == c.id) {
            let unit = plan
                .areas
                .iter()
                .find(|a| a.id == p.unit)
                .map_or_else(|| p.unit.as_str().to_string(), |a| a.name.clone());
            ws.write_string_with_format(r, 0, &p.name, &f.locked)?;
            ws.write_string_with_format(r, 1, &unit, &f.locked)?;
            ws.write_string_with_format(r, 2, &c.name, &f.locked)?;
            ws.write_number_with_format(r, 3, p.part_time, &f.locked)?;
            let rp = raw_person(raw, &p.name);
            let given = rp.and_then(|rp| {
                rp.judgements
                    .iter()
                    .find(|j| j.who.as_ref().is_some_and(|w| w.v.trim() == who))
            });
            let mut tallest = crate::xlsx_style::result_lines(&unit, 24.0);
            for (k, b) in c.behaviours.iter().enumerate() {
                let col = FIXED + 2 * k as u16;
                let s = given.and_then(|j| {
                    j.scores
                        .iter()
                        .find(|s| s.behaviour.as_ref().is_some_and(|x| x.v.trim() == b.id))
                });
                match s.and_then(|s| s.score.as_ref()).filter(|v| !v.v.is_nan()) {
                    Some(v) => ws.write_number_with_format(r, col, v.v, &f.input)?,
                    None => ws.write_blank(r, col, &f.input)?,
                };
                match s.and_then(|s| s.motivation.as_ref()) {
                    Some(m) => {
                        tallest = tallest.max(crate::xlsx_style::result_lines(&m.v, 34.0));
                        ws.write_string_with_format(r, col + 1, &m.v, &f.input)?
                    }
                    None => ws.write_blank(r, col + 1, &f.input)?,
                };
            }
            let last = FIXED + 2 * c.behaviours.len() as u16;
            match rp.and_then(|rp| rp.interview.as_ref()) {
                Some(d) => ws.write_date_with_format(r, last, d.v, &f.input_date)?,
                None => ws.write_blank(r, last, &f.input_date)?,
            };
            if tallest > 1 {
                ws.set_row_height(r, (f64::from(tallest) * 15.0 + 2.0).min(409.0))?;
            }
            meta_row += 1;
            meta.write_string(meta_row, 0, sheet)?;
            meta.write_string(meta_row, 1, (r + 1).to_string())?;
            meta.write_string(meta_row, 2, &p.name)?;
            meta.write_string(meta_row, 3, &c.id)?;
            r += 1;
        }
        let scale = format!(
            "da {} a {}",
            italian::number(model.scale.min, 2),
            italian::number(model.scale.max, 2)
        );
        let v = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(
                model.scale.min,
                model.scale.max,
            ))
            .set_error_title("Punteggio fuori scala")?
            .set_error_message(format!("Il punteggio va dato sulla scala {scale}."))?;
        let dates = DataValidation::new()
            .allow_date(DataValidationRule::GreaterThan(
                rust_xlsxwriter::ExcelDateTime::from_ymd(plan.year as u16, 1, 1)?,
            ))
            .set_error_message("Scrivere la data del colloquio, GG/MM/AAAA.")?;
        if r > 1 {
            for k in 0..c.behaviours.len() as u16 {
                ws.add_data_validation(1, FIXED + 2 * k, r - 1, FIXED + 2 * k, &v)?;
            }
            let last = FIXED + 2 * c.behaviours.len() as u16;
            ws.add_data_validation(1, last, r - 1, last, &dates)?;
        }
        ws.set_freeze_panes(1, 1)?;
        ws.protect();
        let width: f64 = headers.iter().map(|(_, w)| w).sum();
        crate::xlsx_style::print_setup(&mut ws, true, width, Some((0, 0)), true)?;
        wb.push_worksheet(ws);
    }

    let mut dict = Worksheet::new();
    dict.set_name(DICTIONARY)?;
    let levels = model.scale.levels();
    let mut heads = vec![
        (CATEGORY.to_string(), 18.0),
        ("Comportamento".to_string(), 24.0),
        ("Punti massimi".to_string(), 9.0),
    ];
    for l in &levels {
        heads.push((format!("Livello {}", italian::number(*l, 2)), 30.0));
    }
    for (i, (h, w)) in heads.iter().enumerate() {
        dict.write_string_with_format(0, i as u16, h, &f.header)?;
        dict.set_column_width(i as u16, *w)?;
    }
    let mut r = 1u32;
    for c in &categories {
        for b in &c.behaviours {
            dict.write_string_with_format(r, 0, &c.name, &f.locked)?;
            dict.write_string_with_format(r, 1, &b.name, &f.locked)?;
            dict.write_number_with_format(r, 2, b.points, &f.locked)?;
            let mut tallest = 1;
            for (k, d) in b.descriptors.iter().enumerate() {
                dict.write_string_with_format(r, 3 + k as u16, d, &f.locked)?;
                tallest = tallest.max(crate::xlsx_style::result_lines(d, 30.0));
            }
            if tallest > 1 {
                dict.set_row_height(r, (f64::from(tallest) * 15.0 + 2.0).min(409.0))?;
            }
            r += 1;
        }
    }
    dict.set_freeze_panes(1, 2)?;
    dict.protect();
    let width: f64 = heads.iter().map(|(_, w)| w).sum();
    crate::xlsx_style::print_setup(&mut dict, true, width, Some((0, 0)), true)?;
    wb.push_worksheet(dict);

    meta.set_column_width(0, 30)?;
    meta.set_column_width(2, 40)?;
    meta.protect();
    meta.set_hidden(true);
    wb.push_worksheet(meta);
    wb.save_to_buffer()
}
