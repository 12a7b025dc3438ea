//! The evaluator's spreadsheet form, for those who prefer it to the TOML
//! file: written from the plan and the model (one row per unit on
//! «Persone», one row per behaviour of each unit on «Comportamenti»), and
//! read back into the same raw values as the TOML file, so the same checks
//! report at the cell. Columns are found by header, so re-ordered columns
//! read the same. One person per unit: a change of head during the year
//! goes in the TOML file, which allows several.

use std::path::Path;

use calamine::{Data, Range};
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::forms::parse;
use crate::italian;
use crate::plan::{AreaId, Plan};
use crate::vocab::Vocabulary;

use super::input::{RawPerson, RawScore, Val, check};
use super::model::{Model, Person, Role};
use super::xlsx::{fit_row, properties};

pub(super) const PEOPLE: &str = "Persone";
const SCORES: &str = "Comportamenti";

// Headers: the reader finds columns by these names.
const CODE: &str = "Codice";
const ROLE: &str = "Ruolo";
const NAME: &str = "Nome e cognome";
const FROM: &str = "Dal (se non tutto l'anno)";
const TO: &str = "Al (se non tutto l'anno)";
const POSITION: &str = "Retribuzione di posizione annua (€)";
const MAX_AMOUNT: &str = "Retribuzione di risultato massima (€)";
const EVALUATOR: &str = "Valutatore";
const DATE: &str = "Data della valutazione";
const NOTES: &str = "Osservazioni della persona valutata";
const EMAIL: &str = "E-mail della persona (per la bozza che le invia la scheda)";
const BEHAVIOUR: &str = "Comportamento";
const DESCRIPTION: &str = "Descrizione";
const MAX_POINTS: &str = "Punti massimi";
const SCORE: &str = "Punteggio";
const MOTIVATION: &str = "Motivazione";

/// "Valutazioni individuali 2023 - modulo.xlsx"; saved filled as
/// `inputs/valutazioni-individuali-2023.xlsx`.
pub fn form_file_name(year: i32) -> String {
    format!("Valutazioni individuali {year} - modulo.xlsx")
}

/// The name the filled form is read under, in the inputs folder.
pub fn filled_form_name(year: i32) -> String {
    format!("valutazioni-individuali-{year}.xlsx")
}

fn role_word(role: Role, vocab: &Vocabulary) -> &str {
    match role {
        Role::Head => &vocab.head.singular,
        Role::TopOfficial => &vocab.top_official.singular,
    }
}

/// The role a unit's head is evaluated in: the top official's own unit
/// (`Plan::top_official_unit`) is headed by the top official.
fn unit_role(plan: &Plan, unit: &AreaId, model: &Model, vocab: &Vocabulary) -> Role {
    let top = model.role(Role::TopOfficial).is_some() && plan.is_top_official_unit(unit, vocab);
    if top || model.role(Role::Head).is_none() {
        Role::TopOfficial
    } else {
        Role::Head
    }
}

/// The form, filled with `prefill` where a person of a unit is given (the
/// first for each unit), so an evaluation started in the TOML file can go
/// on in the spreadsheet.
pub fn write_form(
    plan: &Plan,
    model: &Model,
    vocab: &Vocabulary,
    prefill: &[Person],
) -> Result<Vec<u8>, Diagnostics> {
    build(plan, model, vocab, prefill).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            Location::file(form_file_name(plan.year)),
            format!("impossibile comporre il modulo delle valutazioni individuali: {e}"),
        ))
    })
}

fn build(
    plan: &Plan,
    model: &Model,
    vocab: &Vocabulary,
    prefill: &[Person],
) -> Result<Vec<u8>, XlsxError> {
    let header = crate::xlsx_style::result_header();
    let given = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_border(FormatBorder::Thin);
    let input = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_unlocked();
    let date = input.clone().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    let mut wb = Workbook::new();
    wb.set_properties(&properties(
        plan,
        &format!("Valutazioni individuali {} - modulo", plan.year),
    )?);
    let mut intro = Worksheet::new();
    intro.set_name(crate::xlsx_style::INSTRUCTIONS_SHEET)?;
    intro.set_column_width(0, 110)?;
    crate::xlsx_style::print_setup(&mut intro, true, 110.0, None, false)?;
    let scale = format!(
        "da {} a {}",
        italian::number(model.scale.min, 2),
        italian::number(model.scale.max, 2)
    );
    let mut lines = vec![
        format!("Valutazioni individuali {} — {}", plan.year, plan.ente.name),
        "RISERVATO: contiene dati personali.".to_string(),
        format!(
            "1. Nel foglio «{PEOPLE}» scrivere, per ogni {} da valutare, il nome della persona, il valutatore e la data; il periodo solo se diverso dall'intero anno; gli importi richiesti dalle regole.",
            vocab.unit.singular
        ),
        format!(
            "2. Nel foglio «{SCORES}» dare a ogni comportamento un punteggio sulla scala {scale}, con una breve motivazione{}.",
            if model.motivation_at_ends {
                " (obbligatoria per i punteggi agli estremi della scala)"
            } else {
                ""
            }
        ),
        "3. Le righe senza nome restano escluse; una valutazione senza tutti i punteggi, il valutatore o la data produce una scheda in BOZZA.".to_string(),
        format!(
            "4. Salvare il file compilato nella cartella dei dati di ingresso come {} (al posto del file .toml) ed eseguire «consuntivo relazione».",
            filled_form_name(plan.year)
        ),
        "Le celle grigie sono fornite dal programma e non vanno modificate.".to_string(),
    ];
    for rm in &model.roles {
        lines.push(format!(
            "{}: {} punti per gli obiettivi del piano, {} per il risultato dell'ente, {} per i comportamenti.",
            role_word(rm.role, vocab),
            italian::number(rm.objective_points, 2),
            italian::number(rm.ente_points, 2),
            italian::number(rm.behaviours.iter().map(|b| b.points).sum(), 2)
        ));
    }
    for (i, l) in lines.iter().enumerate() {
        intro.write_string_with_format(i as u32, 0, l, if i == 0 { &bold } else { &wrap })?;
        fit_row(&mut intro, i as u32, &[(l, 110.0)])?;
    }

    let mut people = Worksheet::new();
    people.set_name(PEOPLE)?;
    let unit_header = vocab.unit.singular.clone();
    let cols: [(&str, f64); 13] = [
        (CODE, 8.0),
        (unit_header.as_str(), 32.0),
        (ROLE, 20.0),
        (NAME, 26.0),
        (FROM, 12.0),
        (TO, 12.0),
        (POSITION, 14.0),
        (MAX_AMOUNT, 14.0),
        (EVALUATOR, 28.0),
        (DATE, 12.0),
        (NOTES, 40.0),
        (EMAIL, 30.0),
        ("", 1.0),
    ];
    for (c, (name, width)) in cols.iter().enumerate().take(12) {
        people.write_string_with_format(0, c as u16, *name, &header)?;
        people.set_column_width(c as u16, *width)?;
    }
    for (i, unit) in plan.areas.iter().enumerate() {
        let r = i as u32 + 1;
        let person = prefill.iter().find(|p| p.unit == unit.id);
        let role = person.map_or_else(|| unit_role(plan, &unit.id, model, vocab), |p| p.role);
        people.write_string_with_format(r, 0, unit.id.as_str(), &given)?;
        people.write_string_with_format(r, 1, &unit.name, &given)?;
        let notes = person.and_then(|p| p.notes.as_deref()).unwrap_or("");
        let evaluator = person.and_then(|p| p.evaluator.as_deref()).unwrap_or("");
        fit_row(
            &mut people,
            r,
            &[(&unit.name, 32.0), (notes, 40.0), (evaluator, 28.0)],
        )?;
        people.write_string_with_format(r, 2, role_word(role, vocab), &input)?;
        let name = person.map(|p| p.name.as_str()).or(unit.head.as_deref());
        let whole_year = person.is_none_or(|p| {
            (Some(p.from), Some(p.to)) == (first_day(plan.year), last_day(plan.year))
        });
        let texts = [
            (3, name),
            (8, person.and_then(|p| p.evaluator.as_deref())),
            (10, person.and_then(|p| p.notes.as_deref())),
            (11, person.and_then(|p| p.email.as_deref())),
        ];
        for (c, t) in texts {
            match t {
                Some(t) => people.write_string_with_format(r, c, t, &input)?,
                None => people.write_blank(r, c, &input)?,
            };
        }
        let dates = [
            (4, person.filter(|_| !whole_year).map(|p| p.from)),
            (5, person.filter(|_| !whole_year).map(|p| p.to)),
            (9, person.and_then(|p| p.date)),
        ];
        for (c, d) in dates {
            match d {
                Some(d) => people.write_date_with_format(r, c, d, &date)?,
                None => people.write_blank(r, c, &date)?,
            };
        }
        for (c, v) in [
            (6, person.and_then(|p| p.position_pay)),
            (7, person.and_then(|p| p.max_amount)),
        ] {
            match v {
                Some(v) => people.write_number_with_format(r, c, v, &input)?,
                None => people.write_blank(r, c, &input)?,
            };
        }
    }
    let roles: Vec<String> = model
        .roles
        .iter()
        .map(|r| role_word(r.role, vocab).to_string())
        .collect();
    let last = plan.areas.len().max(1) as u32;
    if let Ok(v) = DataValidation::new().allow_list_strings(&roles) {
        people.add_data_validation(1, 2, last, 2, &v)?;
    }
    people.set_freeze_panes(1, 2)?;
    people.set_row_height(0, 45)?;
    let width: f64 = cols.iter().take(11).map(|(_, w)| w).sum();
    crate::xlsx_style::print_setup(&mut people, true, width, Some((0, 0)), true)?;

    let mut scores = Worksheet::new();
    scores.set_name(SCORES)?;
    let cols: [(&str, f64); 7] = [
        (CODE, 8.0),
        (unit_header.as_str(), 30.0),
        (BEHAVIOUR, 16.0),
        (DESCRIPTION, 44.0),
        (MAX_POINTS, 9.0),
        (SCORE, 10.0),
        (MOTIVATION, 60.0),
    ];
    for (c, (name, width)) in cols.iter().enumerate() {
        scores.write_string_with_format(0, c as u16, *name, &header)?;
        scores.set_column_width(c as u16, *width)?;
    }
    let mut r = 1u32;
    for unit in &plan.areas {
        let person = prefill.iter().find(|p| p.unit == unit.id);
        let role = person.map_or_else(|| unit_role(plan, &unit.id, model, vocab), |p| p.role);
        let Some(rm) = model.role(role) else { continue };
        for b in &rm.behaviours {
            let given_score = person.and_then(|p| p.scores.iter().find(|s| s.behaviour == b.id));
            scores.write_string_with_format(r, 0, unit.id.as_str(), &given)?;
            scores.write_string_with_format(r, 1, &unit.name, &given)?;
            scores.write_string_with_format(r, 2, &b.id, &given)?;
            scores.write_string_with_format(r, 3, &b.name, &given)?;
            let motivation = given_score
                .and_then(|g| g.motivation.as_deref())
                .unwrap_or("");
            fit_row(
                &mut scores,
                r,
                &[(&unit.name, 30.0), (&b.name, 44.0), (motivation, 60.0)],
            )?;
            scores.write_number_with_format(r, 4, b.points, &given)?;
            match given_score {
                Some(g) => scores.write_number_with_format(r, 5, g.score, &input)?,
                None => scores.write_blank(r, 5, &input)?,
            };
            match given_score.and_then(|g| g.motivation.as_deref()) {
                Some(m) => scores.write_string_with_format(r, 6, m, &input)?,
                None => scores.write_blank(r, 6, &input)?,
            };
            r += 1;
        }
    }
    let v = DataValidation::new()
        .allow_decimal_number(rust_xlsxwriter::DataValidationRule::Between(
            model.scale.min,
            model.scale.max,
        ))
        .set_error_message(format!("Il punteggio va dato sulla scala {scale}."))?;
    if r > 1 {
        scores.add_data_validation(1, 5, r - 1, 5, &v)?;
    }
    scores.set_freeze_panes(1, 3)?;
    scores.set_row_height(0, 30)?;
    let width: f64 = cols.iter().map(|(_, w)| w).sum();
    crate::xlsx_style::print_setup(&mut scores, true, width, Some((0, 0)), true)?;
    wb.push_worksheet(intro);
    wb.push_worksheet(people);
    wb.push_worksheet(scores);
    wb.save_to_buffer()
}

fn first_day(year: i32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(year, 1, 1)
}

fn last_day(year: i32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(year, 12, 31)
}

/// A sheet with its columns found by header (first row holding "Codice").
struct Sheet<'a> {
    path: &'a Path,
    name: &'static str,
    range: &'a Range<Data>,
    header_row: usize,
    columns: Vec<(String, usize)>,
}

impl<'a> Sheet<'a> {
    fn find(
        path: &'a Path,
        name: &'static str,
        sheets: &'a crate::workbook::SheetData,
    ) -> Result<Self, Box<Diagnostic>> {
        let range = sheets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r)
            .ok_or_else(|| {
                Box::new(Diagnostic::error(Location::file(path), format!("manca il foglio «{name}»"))
                    .with_hint("usare il modulo prodotto da «consuntivo moduli --individuali» senza rinominarne i fogli"))
            })?;
        let header_row = range
            .rows()
            .position(|r| {
                r.iter()
                    .any(|c| matches!(c, Data::String(s) if s.trim() == CODE))
            })
            .ok_or_else(|| {
                Box::new(Diagnostic::error(
                    Location::cell(path, name, "A1"),
                    format!("nel foglio «{name}» manca la riga di intestazione con «{CODE}»"),
                ))
            })?;
        let columns = range
            .rows()
            .nth(header_row)
            .map(|r| {
                r.iter()
                    .enumerate()
                    .filter_map(|(i, c)| match c {
                        Data::String(s) => Some((s.trim().to_string(), i)),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Sheet {
            path,
            name,
            range,
            header_row,
            columns,
        })
    }

    fn col(&self, header: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(h, _)| h == header)
            .map(|(_, i)| *i)
    }

    fn at(&self, row: usize, col: usize) -> Location {
        let (r0, c0) = self.range.start().unwrap_or((0, 0));
        Location::cell(
            self.path,
            self.name,
            rust_xlsxwriter::utility::row_col_to_cell(r0 + row as u32, (c0 as usize + col) as u16),
        )
    }

    /// The value under `header` in row `r`: blank is `None`, a value that
    /// does not parse is reported at its cell.
    fn value<T>(
        &self,
        errors: &mut Diagnostics,
        row: &[Data],
        r: usize,
        header: &str,
        parse: impl Fn(&Data) -> Result<Option<T>, String>,
    ) -> Option<Val<T>> {
        let c = self.col(header)?;
        let d = cell(row, Some(c));
        if parse::is_blank(d) {
            return None;
        }
        match parse(d) {
            Ok(v) => v.map(|v| Val {
                v,
                at: self.at(r, c),
            }),
            Err(m) => {
                errors.push(Diagnostic::error(self.at(r, c), m));
                None
            }
        }
    }

    fn rows(&self) -> impl Iterator<Item = (usize, &[Data])> {
        self.range.rows().enumerate().skip(self.header_row + 1)
    }
}

fn number(d: &Data) -> Result<Option<f64>, String> {
    parse::number(d).map(Some)
}

fn cell(row: &[Data], col: Option<usize>) -> &Data {
    col.and_then(|c| row.get(c)).unwrap_or(&Data::Empty)
}

/// Reads a filled form into the evaluations, with the checks of the TOML
/// file reported at their cells.
pub fn read_form(
    path: &Path,
    plan: &Plan,
    model: &Model,
    vocab: &Vocabulary,
) -> Result<Vec<Person>, Diagnostics> {
    let sheets = crate::workbook::open_guarded(path)?;
    let year = plan.year;
    let date = move |d: &Data| parse::date(d, year).map(Some);
    let mut errors = Diagnostics::new();
    let people = Sheet::find(path, PEOPLE, &sheets);
    let scores = Sheet::find(path, SCORES, &sheets);
    let (people, scores) = match (people, scores) {
        (Ok(p), Ok(s)) => (p, s),
        (p, s) => {
            errors.extend(Diagnostics(
                p.err().into_iter().chain(s.err()).map(|d| *d).collect(),
            ));
            return Err(errors);
        }
    };
    let mut raw: Vec<(String, RawPerson)> = Vec::new();
    for (header, sheet) in [
        (CODE, &people),
        (NAME, &people),
        (CODE, &scores),
        (BEHAVIOUR, &scores),
        (SCORE, &scores),
    ] {
        if sheet.col(header).is_none() {
            errors.push(Diagnostic::error(
                sheet.at(sheet.header_row, 0),
                format!("nel foglio «{}» manca la colonna «{header}»", sheet.name),
            ));
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    for (r, row) in people.rows() {
        let name = people.value(&mut errors, row, r, NAME, parse::text);
        let Some(name) = name else { continue };
        let code = people.value(&mut errors, row, r, CODE, parse::text);
        let role = people
            .value(&mut errors, row, r, ROLE, parse::text)
            .map(|v| {
                // The form shows the ente's words; the checks speak in keys.
                let key = Role::ALL
                    .into_iter()
                    .find(|x| {
                        v.v.eq_ignore_ascii_case(role_word(*x, vocab))
                            || v.v.eq_ignore_ascii_case(x.key())
                    })
                    .map(|x| x.key().to_string());
                Val {
                    v: key.unwrap_or(v.v),
                    at: v.at,
                }
            });
        let key = code.as_ref().map(|c| c.v.clone()).unwrap_or_default();
        if let Some((_, first)) = raw.iter().find(|(k, _)| !key.is_empty() && *k == key) {
            errors.push(
                Diagnostic::error(
                    people.at(r, people.col(CODE).unwrap_or(0)),
                    format!("nel modulo «{key}» ha già una persona valutata (riga {})", first.at.cell.clone().unwrap_or_default()),
                )
                .with_hint("il modulo accoglie una persona per unità: per un cambio di responsabile nell'anno usare il file .toml"),
            );
            continue;
        }
        let p = RawPerson {
            at: people.at(r, people.col(NAME).unwrap_or(0)),
            name: Some(name),
            role,
            unit: code,
            from: people.value(&mut errors, row, r, FROM, date),
            to: people.value(&mut errors, row, r, TO, date),
            position_pay: people.value(&mut errors, row, r, POSITION, number),
            max_amount: people.value(&mut errors, row, r, MAX_AMOUNT, number),
            evaluator: people.value(&mut errors, row, r, EVALUATOR, parse::text),
            date: people.value(&mut errors, row, r, DATE, date),
            notes: people.value(&mut errors, row, r, NOTES, parse::text),
            email: people.value(&mut errors, row, r, EMAIL, parse::text),
            scores: Vec::new(),
        };
        raw.push((key, p));
    }
    for (r, row) in scores.rows() {
        let score = scores.value(&mut errors, row, r, SCORE, number);
        let motivation = scores.value(&mut errors, row, r, MOTIVATION, parse::text);
        if score.is_none() && motivation.is_none() {
            continue; // not judged yet: the scheda stays a draft
        }
        let code = scores
            .value(&mut errors, row, r, CODE, parse::text)
            .map(|v| v.v)
            .unwrap_or_default();
        let Some((_, person)) = raw.iter_mut().find(|(k, _)| *k == code) else {
            errors.push(
                Diagnostic::error(scores.at(r, scores.col(SCORE).unwrap_or(0)), format!("punteggio per «{code}», che non ha una persona valutata nel foglio «{PEOPLE}»"))
                    .with_hint(format!("scrivere il nome della persona nel foglio «{PEOPLE}», o cancellare il punteggio")),
            );
            continue;
        };
        person.scores.push(RawScore {
            at: scores.at(r, scores.col(BEHAVIOUR).unwrap_or(0)),
            behaviour: scores.value(&mut errors, row, r, BEHAVIOUR, parse::text),
            score,
            motivation,
        });
    }
    let raw: Vec<RawPerson> = raw.into_iter().map(|(_, p)| p).collect();
    match check(&raw, plan, model, vocab) {
        Ok(persons) if !errors.has_errors() => Ok(persons),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}
