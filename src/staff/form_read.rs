//! The filled evaluators' workbooks (`inputs/personale-<anno>/`), read
//! back into the staff file's raw values: each row becomes the scores of
//! that evaluator's judgement of the person, at their cells, merged into
//! the TOML's raw persons before [`super::check`], so every check and
//! message is the same whatever the source. What the workbook cannot say
//! (the list, the weights) stays the office's, in the TOML file.

use std::path::Path;

use calamine::{Data, Range};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::forms::parse;
use crate::plan::Plan;
use crate::scoring::toml_read::Val;

use super::form::{
    FIXED, INTERVIEW, KIND, META_EVALUATOR, META_KIND, META_ROWS, META_SHEET, META_YEAR,
    forms_dir_name, score_header,
};
use super::input::{RawStaffFile, RawStaffScore, check, file_name, read_toml};
use super::model::{StaffFile, StaffModel};

const REGENERATE: &str =
    "scrivere di nuovo i moduli con «consuntivo moduli --personale» e riportarvi i punteggi";

/// Reads and checks the staff file with the workbooks in `dir` (when the
/// folder exists) merged in: `Ok` carries the warnings.
pub fn load_with_forms(
    path: &Path,
    dir: &Path,
    plan: &Plan,
    model: &StaffModel,
) -> Result<(StaffFile, Diagnostics), Diagnostics> {
    if !dir.exists() {
        return super::input::load(path, plan, model);
    }
    let text = crate::input::read_text(path).map_err(|e| {
        Diagnostics::from(
            e.into_diagnostic(path, "il file del personale")
                .with_hint("controllare il percorso e i permessi del file"),
        )
    })?;
    let (mut raw, mut diags) = read_toml(&text, path)?;
    diags.extend(read_forms(dir, &mut raw, plan, model));
    match check(&raw, plan, model) {
        Ok((file, mut warnings)) if !diags.has_errors() => {
            warnings.extend(diags);
            Ok((file, warnings))
        }
        Ok((_, warnings)) => {
            diags.extend(warnings);
            Err(diags)
        }
        Err(more) => {
            diags.extend(more);
            Err(diags)
        }
    }
}

/// A workbook's sheets and where it is.
struct Book<'a> {
    path: &'a Path,
    sheets: &'a [(String, Range<Data>)],
}

impl Book<'_> {
    fn sheet(&self, name: &str) -> Option<&Range<Data>> {
        self.sheets.iter().find(|(n, _)| n == name).map(|(_, r)| r)
    }

    fn at(&self, sheet: &str, row: u32, col: u32) -> Location {
        Location::cell(self.path, sheet, crate::workbook::cell_name(row, col))
    }
}

fn value(range: &Range<Data>, row: u32, col: u32) -> &Data {
    range.get_value((row, col)).unwrap_or(&Data::Empty)
}

fn text_at(range: &Range<Data>, row: u32, col: u32) -> String {
    parse::text(value(range, row, col))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// The identity on the hidden sheet: year, evaluator, and the rows
/// (sheet, 0-based row, person, category).
struct Identity {
    year: Option<(String, Location)>,
    evaluator: Option<(String, Location)>,
    rows: Vec<(String, u32, String, String)>,
}

fn identity(book: &Book<'_>) -> Result<Identity, Box<Diagnostic>> {
    let not_ours = || {
        Box::new(Diagnostic::error(
            Location::file(book.path),
            "il file non è un modulo di valutazione del personale: manca il foglio nascosto di riconoscimento",
        )
        .with_hint("usare i moduli prodotti da «consuntivo moduli --personale», senza copiarne i fogli in un altro file"))
    };
    let meta = book.sheet(META_SHEET).ok_or_else(not_ours)?;
    let mut id = Identity {
        year: None,
        evaluator: None,
        rows: Vec::new(),
    };
    let mut kind = false;
    let (h, _) = meta.end().unwrap_or((0, 0));
    let mut in_rows = false;
    for r in 0..=h {
        let key = text_at(meta, r, 0);
        if in_rows {
            if key.is_empty() {
                continue;
            }
            let row = text_at(meta, r, 1).parse::<u32>().unwrap_or(0);
            id.rows.push((
                key,
                row.saturating_sub(1),
                text_at(meta, r, 2),
                text_at(meta, r, 3),
            ));
            continue;
        }
        let v = text_at(meta, r, 1);
        let at = book.at(META_SHEET, r, 1);
        match key.as_str() {
            META_KIND => kind = v == KIND,
            META_YEAR => id.year = Some((v, at)),
            META_EVALUATOR => id.evaluator = Some((v, at)),
            META_ROWS => in_rows = true,
            _ => {}
        }
    }
    if !kind {
        return Err(not_ours());
    }
    Ok(id)
}

/// Merges the workbooks of `dir` into `raw`; returns the errors (and the
/// warnings of files skipped). Nothing is merged from a workbook whose
/// identity is wrong.
pub fn read_forms(
    dir: &Path,
    raw: &mut RawStaffFile,
    plan: &Plan,
    model: &StaffModel,
) -> Diagnostics {
    let year = plan.year;
    let hint = format!(
        "mettere nella cartella {}/ dei dati di ingresso i moduli compilati prodotti da «consuntivo moduli --personale»",
        forms_dir_name(year)
    );
    let (files, mut diags) = match crate::forms::list_forms(dir, &hint) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let mut seen: Vec<(String, std::path::PathBuf)> = Vec::new();
    for path in &files {
        let sheets = match crate::workbook::open_guarded(path) {
            Ok(s) => s,
            Err(e) => {
                diags.extend(e);
                continue;
            }
        };
        let book = Book {
            path,
            sheets: &sheets,
        };
        let id = match identity(&book) {
            Ok(id) => id,
            Err(e) => {
                diags.push(*e);
                continue;
            }
        };
        match &id.year {
            Some((y, _)) if *y == year.to_string() => {}
            Some((y, at)) => {
                diags.push(
                    Diagnostic::error(
                        at.clone(),
                        format!(
                            "il modulo è della valutazione del personale {y}, ma il piano è del {year}"
                        ),
                    )
                    .with_hint(format!(
                        "togliere il modulo dalla cartella {}/, o usare quello del {year}",
                        forms_dir_name(year)
                    )),
                );
                continue;
            }
            None => {
                diags.push(
                    Diagnostic::error(
                        Location::cell(path, META_SHEET, "B3"),
                        "il modulo non dice di che anno è",
                    )
                    .with_hint(REGENERATE),
                );
                continue;
            }
        }
        let Some((who, who_at)) = id.evaluator.clone().filter(|(w, _)| !w.is_empty()) else {
            diags.push(
                Diagnostic::error(
                    Location::cell(path, META_SHEET, "B4"),
                    "il modulo non dice di quale valutatore è",
                )
                .with_hint(REGENERATE),
            );
            continue;
        };
        let declared = raw
            .evaluators
            .iter()
            .any(|e| e.who.as_ref().is_some_and(|w| w.v.trim() == who));
        if !declared {
            diags.push(
                Diagnostic::error(
                    who_at,
                    format!(
                        "il modulo è del valutatore «{who}», che non è dichiarato in [[valutatore]] di {}",
                        file_name(year)
                    ),
                )
                .with_hint(format!(
                    "togliere il modulo dalla cartella {}/, o dichiarare il valutatore nel file del personale",
                    forms_dir_name(year)
                )),
            );
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(w, _)| *w == who) {
            diags.push(
                Diagnostic::error(
                    Location::file(path),
                    format!(
                        "ci sono due moduli dello stesso valutatore: questo e {}",
                        first.file_name().unwrap_or_default().to_string_lossy()
                    ),
                )
                .with_hint("tenere nella cartella un solo modulo per valutatore, quello compilato"),
            );
            continue;
        }
        seen.push((who.clone(), path.clone()));
        read_rows(&book, &id, &who, raw, plan, model, &mut diags);
    }
    diags
}

fn read_rows(
    book: &Book<'_>,
    id: &Identity,
    who: &str,
    raw: &mut RawStaffFile,
    plan: &Plan,
    model: &StaffModel,
    diags: &mut Diagnostics,
) {
    let year = plan.year;
    let toml = file_name(year);
    let mut last_row: Vec<(String, u32)> = Vec::new();
    for (sheet, row, person, category_id) in &id.rows {
        match last_row.iter_mut().find(|(s, _)| s == sheet) {
            Some((_, r)) => *r = (*r).max(*row),
            None => last_row.push((sheet.clone(), *row)),
        }
        let Some(range) = book.sheet(sheet) else {
            diags.push(
                Diagnostic::error(
                    Location::file(book.path),
                    format!("manca il foglio «{sheet}»"),
                )
                .with_hint("non rinominare né togliere i fogli del modulo"),
            );
            continue;
        };
        let name_at = book.at(sheet, *row, 0);
        if text_at(range, *row, 0) != *person {
            diags.push(
                Diagnostic::error(
                    name_at,
                    "il nome in questa riga non è quello scritto dal programma: il modulo è stato modificato",
                )
                .with_hint("rimettere il nome com'era, oppure scrivere di nuovo il modulo con «consuntivo moduli --personale»"),
            );
            continue;
        }
        let Some(category) = model.category(category_id) else {
            diags.push(
                Diagnostic::error(
                    name_at,
                    "la categoria di questa riga non è più in [personale] di smvp.toml",
                )
                .with_hint(REGENERATE),
            );
            continue;
        };
        // What the row holds: scores and motivations at their cells.
        let mut scores: Vec<RawStaffScore> = Vec::new();
        let mut bad = false;
        for (k, b) in category.behaviours.iter().enumerate() {
            let col = u32::from(FIXED) + 2 * k as u32;
            if text_at(range, 0, col) != score_header(&b.name) {
                diags.push(
                    Diagnostic::error(
                        book.at(sheet, 0, col),
                        format!(
                            "le colonne del foglio non sono quelle dei comportamenti della categoria in smvp.toml: qui ci si aspetta «{}»",
                            score_header(&b.name)
                        ),
                    )
                    .with_hint(REGENERATE),
                );
                bad = true;
                break;
            }
            let score_at = book.at(sheet, *row, col);
            let score = match value(range, *row, col) {
                d if parse::is_blank(d) => None,
                d => match parse::number(d) {
                    Ok(v) => Some(Val {
                        v,
                        at: score_at.clone(),
                    }),
                    Err(m) => {
                        diags.push(
                            Diagnostic::error(score_at.clone(), format!("punteggio: {m}"))
                                .with_hint(format!(
                                    "scrivere un numero della scala, da {} a {}",
                                    crate::italian::number(model.scale.min, 2),
                                    crate::italian::number(model.scale.max, 2)
                                )),
                        );
                        // Reported: a NaN keeps the checks from saying it
                        // again as a missing score.
                        Some(Val {
                            v: f64::NAN,
                            at: score_at.clone(),
                        })
                    }
                },
            };
            let m_at = book.at(sheet, *row, col + 1);
            let motivation = match parse::text(value(range, *row, col + 1)) {
                Ok(t) => t.map(|v| Val { v, at: m_at }),
                Err(m) => {
                    diags.push(Diagnostic::error(m_at, m));
                    None
                }
            };
            if score.is_some() || motivation.is_some() {
                scores.push(RawStaffScore {
                    at: score_at.clone(),
                    behaviour: Some(Val {
                        v: b.id.clone(),
                        at: score_at,
                    }),
                    score,
                    motivation,
                });
            }
        }
        let i_col = u32::from(FIXED) + 2 * category.behaviours.len() as u32;
        let i_at = book.at(sheet, *row, i_col);
        let interview = match value(range, *row, i_col) {
            d if parse::is_blank(d) => None,
            d => match parse::date(d, year) {
                Ok(v) => Some(Val { v, at: i_at }),
                Err(m) => {
                    diags.push(
                        Diagnostic::error(i_at, format!("{INTERVIEW}: {m}"))
                            .with_hint("scrivere la data come GG/MM/AAAA"),
                    );
                    None
                }
            },
        };
        if bad || (scores.is_empty() && interview.is_none()) {
            continue;
        }
        let Some(p) = raw
            .persons
            .iter_mut()
            .find(|p| p.name.as_ref().is_some_and(|n| n.v.trim() == person))
        else {
            diags.push(
                Diagnostic::error(
                    name_at,
                    format!("la persona di questa riga non è nell'elenco del personale ({toml})"),
                )
                .with_hint(format!(
                    "aggiungere la persona a {toml}, oppure togliere il modulo e scriverlo di nuovo con «consuntivo moduli --personale»"
                )),
            );
            continue;
        };
        if let Some(i) = interview {
            match &p.interview {
                Some(d) if d.v != i.v => {
                    diags.push(
                        Diagnostic::error(
                            i.at.clone(),
                            format!(
                                "la data del colloquio è diversa da quella scritta in {}",
                                d.at
                            ),
                        )
                        .with_hint(format!(
                            "tenere una sola data: togliere `colloquio` da {toml} se vale il modulo, oppure correggere la cella"
                        )),
                    );
                }
                Some(_) => {}
                None => p.interview = Some(i),
            }
        }
        if scores.is_empty() {
            continue;
        }
        let Some(j) = p
            .judgements
            .iter_mut()
            .find(|j| j.who.as_ref().is_some_and(|w| w.v.trim() == who))
        else {
            diags.push(
                Diagnostic::error(
                    name_at,
                    format!(
                        "in {toml} questa persona non ha un [[persona.valutatore]] con `chi = \"{who}\"`"
                    ),
                )
                .with_hint(format!(
                    "aggiungere il valutatore alla persona in {toml} (con il suo `peso`), oppure cancellare i punteggi di questa riga"
                )),
            );
            continue;
        };
        // The form as it was written, prefilled from the file and sent
        // back unchanged: the same scores in both places are no conflict
        // (review 39); the file's stay, with their lines.
        if !j.scores.is_empty() && same_scores(&j.scores, &scores) {
            continue;
        }
        if let Some(first) = j.scores.first() {
            diags.push(
                Diagnostic::error(
                    name_at,
                    format!(
                        "i punteggi di questa persona per questo valutatore sono sia in {} sia in questo modulo",
                        first.at
                    ),
                )
                .with_hint(format!(
                    "tenerli in un solo posto: se vale il modulo, togliere `comportamento` da quel [[persona.valutatore]] di {toml}; se vale il file, cancellare i punteggi di questa riga"
                )),
            );
            continue;
        }
        j.scores = scores;
        j.at = name_at;
    }
    // Rows below the list: the sheet is protected, but a copy may not be.
    for (sheet, last) in &last_row {
        let Some(range) = book.sheet(sheet) else {
            continue;
        };
        let (h, w) = range.end().unwrap_or((0, 0));
        for r in last + 1..=h {
            if let Some(c) = (0..=w).find(|c| !parse::is_blank(value(range, r, *c))) {
                diags.push(
                    Diagnostic::error(
                        book.at(sheet, r, c),
                        "riga non prevista: il modulo accoglie solo le persone che vi ha scritto il programma",
                    )
                    .with_hint(format!(
                        "aggiungere la persona a {toml} e scrivere di nuovo i moduli con «consuntivo moduli --personale»"
                    )),
                );
                break;
            }
        }
    }
}

/// Whether two lists of raw scores say the same (behaviour, score,
/// motivation), whatever their order and place.
fn same_scores(a: &[RawStaffScore], b: &[RawStaffScore]) -> bool {
    let key = |x: &RawStaffScore| {
        (
            x.behaviour.as_ref().map(|v| v.v.trim().to_string()),
            x.score.as_ref().map(|v| crate::decimal::cents(v.v)),
            x.motivation
                .as_ref()
                .map(|v| v.v.trim().to_string())
                .filter(|m| !m.is_empty()),
        )
    };
    let mut a: Vec<_> = a.iter().map(key).collect();
    let mut b: Vec<_> = b.iter().map(key).collect();
    a.sort();
    b.sort();
    a == b
}
