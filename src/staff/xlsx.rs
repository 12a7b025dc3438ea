//! The payment list of the staff's performance premiums, for the payroll
//! office: one row per person with the figures of their scheda (score,
//! band, weight, share of the fund, art. 81 bonus, premium), the reviews'
//! history, and each evaluator's differentiation. Confidential. The premium
//! of each row and the totals are formulas, with their value cached so
//! readers that do not recalculate show it; user text is always written as
//! a string, never as a formula.

use rust_xlsxwriter::{DocProperties, Format, Formula, Workbook, Worksheet, XlsxError};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::Plan;
use crate::vocab::Vocabulary;

use super::model::{BonusStanding, Finality, ReviewOutcome, StaffModel, StaffResult};

/// The workbook's file name.
pub fn payment_list_file_name(year: i32) -> String {
    format!("Premi del personale {year}.xlsx")
}

struct Fmt {
    title: Format,
    note: Format,
    draft: Format,
    header: Format,
    text: Format,
    number: Format,
    integer: Format,
    pct: Format,
    euro: Format,
    euro_bold: Format,
    bold: Format,
}

impl Fmt {
    fn new() -> Self {
        let cell = crate::xlsx_style::result_cell();
        Fmt {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_italic(),
            draft: crate::xlsx_style::draft_note(),
            header: crate::xlsx_style::result_header(),
            text: cell.clone().set_text_wrap(),
            number: cell.clone().set_num_format("0.00"),
            integer: cell.clone().set_num_format("0"),
            // 83,33% as written in the staff file (review 37).
            pct: cell.clone().set_num_format("0.00%"),
            euro: cell.clone().set_num_format("#,##0.00 [$€-410]"),
            euro_bold: cell.clone().set_bold().set_num_format("#,##0.00 [$€-410]"),
            bold: cell.set_bold(),
        }
    }
}

const HEADER_ROW: u32 = 3;

fn col(c: u16) -> String {
    rust_xlsxwriter::utility::column_number_to_name(c)
}

/// The workbook's bytes.
pub fn render(
    plan: &Plan,
    model: &StaffModel,
    result: &StaffResult,
    vocab: &Vocabulary,
    definitive: bool,
) -> Result<Vec<u8>, Diagnostics> {
    build(plan, model, result, vocab, definitive).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            Location::file(payment_list_file_name(plan.year)),
            format!("impossibile comporre il foglio dei premi del personale: {e}"),
        ))
    })
}

/// The notices under each sheet's title and in its print header: the
/// list is confidential, and says whether it may go to payroll.
fn notices(
    ws: &mut Worksheet,
    f: &Fmt,
    result: &StaffResult,
    vocab: &Vocabulary,
    definitive: bool,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(
        1,
        0,
        "RISERVATO: dati personali, non pubblicare. Per l'ufficio del personale.",
        &f.note,
    )?;
    let mut header = vec!["RISERVATO: dati personali, non pubblicare".to_string()];
    let not_final = if !definitive {
        Some(format!(
            "NON DEFINITIVO: la Relazione non è ancora definitiva ({} deve ancora validarla o decidere su qualche proposta); punteggi e importi possono cambiare.",
            vocab.evaluator.the(false)
        ))
    } else if let Finality::NotFinal(why) = &result.split.finality {
        Some(format!("NON DEFINITIVO: {why}."))
    } else {
        None
    };
    match &not_final {
        Some(n) => {
            ws.write_string_with_format(2, 0, n, &f.draft)?;
            header.push("NON DEFINITIVO: da non pagare".to_string());
        }
        None => {
            ws.write_string_with_format(
                2,
                0,
                "DEFINITIVO: i termini del riesame sono trascorsi e non ci sono richieste in corso.",
                &f.note,
            )?;
            // Printed, the status is on every page too (review 39).
            header.push("DEFINITIVO".to_string());
        }
    }
    crate::xlsx_style::print_notices(ws, &header);
    Ok(())
}

fn headers(ws: &mut Worksheet, f: &Fmt, cols: &[(&str, f64)]) -> Result<(), XlsxError> {
    for (i, (name, width)) in cols.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, *name, &f.header)?;
        ws.set_column_width(i as u16, crate::xlsx_style::header_width(name, *width))?;
    }
    ws.set_row_height(HEADER_ROW, 45)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    let width: f64 = cols
        .iter()
        .map(|(n, w)| crate::xlsx_style::header_width(n, *w))
        .sum();
    crate::xlsx_style::print_setup(ws, true, width, Some((HEADER_ROW, HEADER_ROW)), true)
}

fn properties(plan: &Plan, title: &str) -> Result<DocProperties, XlsxError> {
    let created = crate::xlsx_style::created_on(crate::xlsx_style::year_end(plan.year))?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_author(&plan.ente.name)
        .set_company(&plan.ente.name)
        .set_keywords("premi del personale, riservato")
        .set_comment("Riservato: dati personali. Prodotto da consuntivo")
        .set_creation_datetime(&created))
}

fn opt_number(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    v: Option<f64>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(x) => ws.write_number_with_format(row, c, x, fmt).map(|_| ()),
        None => ws.write_blank(row, c, fmt).map(|_| ()),
    }
}

fn build(
    plan: &Plan,
    model: &StaffModel,
    result: &StaffResult,
    vocab: &Vocabulary,
    definitive: bool,
) -> Result<Vec<u8>, XlsxError> {
    let f = Fmt::new();
    let mut wb = Workbook::new();
    let title = format!("Premi del personale {}", plan.year);
    wb.set_properties(&properties(plan, &title)?);

    // Premi: one row per person.
    let mut ws = Worksheet::new();
    ws.set_name("Premi")?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "Premi correlati alla performance {}: elenco per l'ufficio del personale",
            plan.year
        ),
        &f.title,
    )?;
    notices(&mut ws, &f, result, vocab, definitive)?;
    let cols = [
        ("N.", 5.0),
        ("Nome", 26.0),
        (vocab.unit.singular.as_str(), 24.0),
        ("Categoria", 18.0),
        ("Tempo di lavoro", 10.0),
        ("Giorni di servizio", 10.0),
        ("Giorni dell'anno", 9.0),
        ("Punteggio su 100", 10.0),
        ("Fascia", 18.0),
        ("Peso nella ripartizione", 12.0),
        ("Quota del fondo", 13.0),
        ("Maggiorazione art. 81", 13.0),
        ("Premio", 13.0),
        ("Risparmio (sotto il minimo)", 13.0),
        ("Note", 40.0),
    ];
    headers(&mut ws, &f, &cols)?;
    let first = HEADER_ROW + 1;
    let (c_base, c_bonus, c_total, c_saved) = (10u16, 11u16, 12u16, 13u16);
    for (i, e) in result.evaluations.iter().enumerate() {
        let r = first + i as u32;
        let p = &e.person;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.integer)?;
        ws.write_string_with_format(r, 1, &p.name, &f.text)?;
        ws.write_string_with_format(r, 2, &e.unit_name, &f.text)?;
        ws.write_string_with_format(r, 3, &e.category_name, &f.text)?;
        ws.write_number_with_format(r, 4, p.part_time / 100.0, &f.pct)?;
        ws.write_number_with_format(r, 5, p.days as f64, &f.integer)?;
        ws.write_number_with_format(r, 6, p.year_days as f64, &f.integer)?;
        opt_number(&mut ws, r, 7, e.score, &f.number)?;
        match &e.band {
            Some(b) => ws.write_string_with_format(r, 8, &b.label, &f.text)?,
            None => ws.write_blank(r, 8, &f.text)?,
        };
        let m = e.premium.as_ref();
        opt_number(&mut ws, r, 9, m.map(|m| m.weight), &f.number)?;
        opt_number(&mut ws, r, c_base, m.map(|m| m.base), &f.euro)?;
        opt_number(&mut ws, r, c_bonus, m.map(|m| m.bonus), &f.euro)?;
        match m {
            Some(m) => {
                let formula =
                    Formula::new(format!("={0}{2}+{1}{2}", col(c_base), col(c_bonus), r + 1))
                        .set_result(format!("{:.2}", m.total));
                ws.write_formula_with_format(r, c_total, formula, &f.euro_bold)?;
            }
            None => {
                ws.write_blank(r, c_total, &f.euro_bold)?;
            }
        }
        opt_number(&mut ws, r, c_saved, m.map(|m| m.saved), &f.euro)?;
        let mut notes: Vec<String> = Vec::new();
        if let Some(m) = m {
            if m.below_minimum {
                notes.push(format!(
                    "sotto il punteggio minimo ({}): nessun premio",
                    crate::italian::number(model.minimum_score, 2)
                ));
            }
            match m.bonus_standing {
                BonusStanding::Full => notes.push("maggiorazione intera".to_string()),
                BonusStanding::SharedTie => {
                    notes.push("maggiorazione divisa tra i pari merito alla soglia".to_string())
                }
                BonusStanding::ExcludedTie => notes.push(
                    "pari merito alla soglia della maggiorazione: esclusi tutti, come prevede il contratto integrativo"
                        .to_string(),
                ),
                BonusStanding::None => {}
            }
        }
        if let Some(rv) = &p.review {
            notes.push(
                match rv.outcome {
                    ReviewOutcome::Upheld => "riesame accolto",
                    ReviewOutcome::Rejected => "riesame respinto",
                    ReviewOutcome::Pending => "riesame in corso: importo non definitivo",
                }
                .to_string(),
            );
        }
        if !e.missing_judgements.is_empty() {
            notes.push("valutazione non conclusa: manca il giudizio di un valutatore".to_string());
        }
        if !e.missing_motivations.is_empty() {
            notes.push("valutazione non conclusa: manca una motivazione".to_string());
        }
        let notes = notes.join("; ");
        ws.write_string_with_format(r, 14, &notes, &f.text)?;
        crate::xlsx_style::fit_result_row(
            &mut ws,
            r,
            &[
                (&p.name, 26.0),
                (&e.unit_name, 24.0),
                (&e.category_name, 18.0),
                (e.band.as_ref().map_or("", |b| b.label.as_str()), 18.0),
                (&notes, 40.0),
            ],
        )?;
    }
    // Totals: formulas over the rows, with the values they give.
    let last = first + result.evaluations.len() as u32;
    let total_row = last;
    ws.write_string_with_format(total_row, 1, "Totale", &f.bold)?;
    let sum = |c: u16| {
        (
            format!(
                "=SUM({0}{1}:{0}{2})",
                col(c),
                first + 1,
                last.max(first + 1)
            ),
            c,
        )
    };
    let values = [
        result
            .evaluations
            .iter()
            .filter_map(|e| e.premium.as_ref().map(|m| m.base))
            .sum::<f64>(),
        result.split.bonus_total,
        result.split.distributed,
        result.split.saved,
    ];
    for ((formula, c), v) in [sum(c_base), sum(c_bonus), sum(c_total), sum(c_saved)]
        .into_iter()
        .zip(values)
    {
        let fm = Formula::new(formula).set_result(format!("{:.2}", v));
        ws.write_formula_with_format(total_row, c, fm, &f.euro_bold)?;
    }
    let below = total_row + 2;
    ws.write_string_with_format(below, 1, "Fondo per i premi", &f.bold)?;
    ws.write_number_with_format(below, c_total, result.split.fund, &f.euro_bold)?;
    ws.write_string_with_format(
        below + 1,
        1,
        "Fondo − premi − risparmio (deve essere zero)",
        &f.text,
    )?;
    let check = Formula::new(format!(
        "={0}{1}-{0}{2}-{3}{2}",
        col(c_total),
        below + 1,
        total_row + 1,
        col(c_saved)
    ))
    .set_result("0");
    ws.write_formula_with_format(below + 1, c_total, check, &f.euro)?;
    // Printed: the table with the totals, the names (columns A:B) on
    // every page beside the amounts, the title in the footer and the
    // notices in the header (review 37: amounts on pages without names).
    ws.set_repeat_columns(0, 1)?;
    crate::xlsx_style::print_table_only(
        &mut ws,
        (HEADER_ROW, below + 1, cols.len() as u16 - 1),
        &format!("{title} — {}", plan.ente.name),
    )?;
    wb.push_worksheet(ws);

    // Riesami: the history of every request for review.
    // (number in the Premi sheet, evaluation)
    let reviewed: Vec<_> = result
        .evaluations
        .iter()
        .enumerate()
        .filter(|(_, e)| e.person.review.is_some())
        .collect();
    let mut ws = Worksheet::new();
    ws.set_name("Riesami")?;
    ws.write_string_with_format(
        0,
        0,
        format!("Richieste di riesame {}", plan.year),
        &f.title,
    )?;
    notices(&mut ws, &f, result, vocab, definitive)?;
    headers(
        &mut ws,
        &f,
        &[
            ("N.", 5.0),
            ("Nome", 26.0),
            ("Richiesta", 12.0),
            ("Motivi", 50.0),
            ("Esito", 12.0),
            ("Data dell'esito", 12.0),
            ("Punteggio dei valutatori", 12.0),
            ("Punteggio finale", 12.0),
        ],
    )?;
    if reviewed.is_empty() {
        ws.write_string_with_format(first, 1, "Nessuna richiesta di riesame.", &f.note)?;
    }
    for (i, (n, e)) in reviewed.iter().enumerate() {
        let r = first + i as u32;
        let Some(rv) = &e.person.review else { continue };
        ws.write_number_with_format(r, 0, (n + 1) as f64, &f.integer)?;
        ws.write_string_with_format(r, 1, &e.person.name, &f.text)?;
        ws.write_string_with_format(r, 2, crate::italian::date_short(rv.requested), &f.text)?;
        ws.write_string_with_format(r, 3, &rv.reasons, &f.text)?;
        crate::xlsx_style::fit_result_row(
            &mut ws,
            r,
            &[(&e.person.name, 26.0), (&rv.reasons, 50.0)],
        )?;
        ws.write_string_with_format(
            r,
            4,
            match rv.outcome {
                ReviewOutcome::Upheld => "accolta",
                ReviewOutcome::Rejected => "respinta",
                ReviewOutcome::Pending => "in corso",
            },
            &f.text,
        )?;
        match rv.decided {
            Some(d) => ws.write_string_with_format(r, 5, crate::italian::date_short(d), &f.text)?,
            None => ws.write_blank(r, 5, &f.text)?,
        };
        opt_number(&mut ws, r, 6, e.first_score, &f.number)?;
        opt_number(&mut ws, r, 7, e.score, &f.number)?;
    }
    wb.push_worksheet(ws);

    // Valutatori: how each evaluator differentiated.
    let mut ws = Worksheet::new();
    ws.set_name("Valutatori")?;
    ws.write_string_with_format(
        0,
        0,
        format!("Differenziazione dei giudizi {}, per valutatore", plan.year),
        &f.title,
    )?;
    notices(&mut ws, &f, result, vocab, definitive)?;
    headers(
        &mut ws,
        &f,
        &[
            ("Valutatore", 30.0),
            (vocab.unit.singular.as_str(), 24.0),
            ("Persone valutate", 10.0),
            ("Punteggi diversi", 10.0),
            ("Deviazione standard", 11.0),
            ("Nella fascia più alta", 11.0),
        ],
    )?;
    for (i, d) in result.differentiation.iter().enumerate() {
        let r = first + i as u32;
        ws.write_string_with_format(r, 0, &d.who, &f.text)?;
        let unit = d
            .unit
            .as_ref()
            .and_then(|u| plan.areas.iter().find(|a| &a.id == u))
            .map(|a| a.name.as_str())
            .unwrap_or("");
        ws.write_string_with_format(r, 1, unit, &f.text)?;
        crate::xlsx_style::fit_result_row(&mut ws, r, &[(&d.who, 30.0), (unit, 24.0)])?;
        ws.write_number_with_format(r, 2, d.persons as f64, &f.integer)?;
        ws.write_number_with_format(r, 3, d.distinct as f64, &f.integer)?;
        ws.write_number_with_format(r, 4, d.std_dev, &f.number)?;
        ws.write_number_with_format(r, 5, d.top_band_share, &f.pct)?;
    }
    wb.push_worksheet(ws);
    wb.save_to_buffer()
}
