//! The *Valutazioni individuali <anno>* workbook: one row per person with
//! the same figures as the schede. Points, totals, scores and per-person
//! amounts are formulas over the Obiettivi and Comportamenti sheets, each
//! with its value cached so readers that do not recalculate show it. User
//! text is always written as a string, never as a formula.

use rust_xlsxwriter::{DocProperties, Format, Formula, Workbook, Worksheet, XlsxError};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::Plan;
use crate::vocab::Vocabulary;

use super::model::{Conversion, Evaluation, GateMode, Model, PayRule, Role};

pub fn workbook_file_name(year: i32) -> String {
    format!("Valutazioni individuali {year}.xlsx")
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
    pct4: Format,
    euro: Format,
    date: Format,
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
            pct: cell.clone().set_num_format("0.0%"),
            pct4: cell.clone().set_num_format("0.00%"),
            euro: cell.clone().set_num_format("#,##0.00 [$€-410]"),
            date: cell.set_num_format("dd/mm/yyyy"),
        }
    }
}

const HEADER_ROW: u32 = 3;
const MAX_ROWS: u32 = 10_000;

fn col(c: u16) -> String {
    rust_xlsxwriter::utility::column_number_to_name(c)
}

/// The workbook's bytes.
pub fn render(
    plan: &Plan,
    model: &Model,
    evaluations: &[Evaluation],
    vocab: &Vocabulary,
    definitive: bool,
) -> Result<Vec<u8>, Diagnostics> {
    build(plan, model, evaluations, vocab, definitive).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            Location::file(workbook_file_name(plan.year)),
            format!("impossibile comporre il foglio delle valutazioni individuali: {e}"),
        ))
    })
}

/// The confidential notice and, in a draft run, the draft's, under the
/// title of every sheet (rows 2 and 3) and in the print header of every
/// page: points, scores and amounts name people and may still change.
struct Notices {
    reserved: String,
    draft: Option<String>,
}

impl Notices {
    fn new(vocab: &Vocabulary, definitive: bool) -> Self {
        Notices {
            reserved: "RISERVATO: dati personali, non pubblicare. Punteggio, fascia e importo solo per le valutazioni concluse.".to_string(),
            draft: (!definitive).then(|| format!(
                "BOZZA: la Relazione non è ancora definitiva ({} deve ancora validarla o decidere su qualche proposta); punti, punteggi e importi possono cambiare.",
                vocab.evaluator.the(false)
            )),
        }
    }

    fn write(&self, ws: &mut Worksheet, f: &Fmt) -> Result<(), XlsxError> {
        ws.write_string_with_format(1, 0, &self.reserved, &f.note)?;
        if let Some(d) = &self.draft {
            ws.write_string_with_format(2, 0, d, &f.draft)?;
        }
        let mut header = vec!["RISERVATO: dati personali, non pubblicare".to_string()];
        if self.draft.is_some() {
            header.push("BOZZA: la Relazione non è ancora definitiva".to_string());
        }
        crate::xlsx_style::print_notices(ws, &header);
        Ok(())
    }
}

fn headers(ws: &mut Worksheet, f: &Fmt, cols: &[(&str, f64)]) -> Result<(), XlsxError> {
    for (i, (name, width)) in cols.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, *name, &f.header)?;
        ws.set_column_width(i as u16, crate::xlsx_style::header_width(name, *width))?;
    }
    // Headers wrap on up to three lines; readers do not grow the row.
    ws.set_row_height(HEADER_ROW, 45)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    // A4 landscape, as many pages across as a readable size needs, the
    // names repeated on each.
    let width: f64 = cols
        .iter()
        .map(|(n, w)| crate::xlsx_style::header_width(n, *w))
        .sum();
    crate::xlsx_style::print_setup(ws, true, width, Some((HEADER_ROW, HEADER_ROW)), true)
}

/// Confidential workbook properties; the creation date is 31 December of
/// the plan year, never the clock, so the same inputs give the same bytes.
pub(super) fn properties(plan: &Plan, title: &str) -> Result<DocProperties, XlsxError> {
    let created = crate::xlsx_style::created_on(crate::xlsx_style::year_end(plan.year))?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_author(&plan.ente.name)
        .set_company(&plan.ente.name)
        .set_keywords("valutazione individuale, riservato")
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

pub(super) use crate::xlsx_style::fit_result_row as fit_row;

fn build(
    plan: &Plan,
    model: &Model,
    evaluations: &[Evaluation],
    vocab: &Vocabulary,
    definitive: bool,
) -> Result<Vec<u8>, XlsxError> {
    let f = Fmt::new();
    let notices = Notices::new(vocab, definitive);
    let mut wb = Workbook::new();
    wb.set_properties(&properties(
        plan,
        &format!("Valutazioni individuali {}", plan.year),
    )?);
    let first = HEADER_ROW + 1;
    let range =
        |sheet: &str, c: u16| format!("'{sheet}'!${0}${1}:${0}${2}", col(c), first + 1, MAX_ROWS);

    // Obiettivi: one row per (person, objective).
    let mut ws_o = Worksheet::new();
    ws_o.set_name("Obiettivi")?;
    ws_o.write_string_with_format(
        0,
        0,
        format!("Obiettivi del piano {}: punti per persona", plan.year),
        &f.title,
    )?;
    notices.write(&mut ws_o, &f)?;
    headers(
        &mut ws_o,
        &f,
        &[
            ("Persona", 24.0),
            ("Obiettivo", 10.0),
            ("Titolo", 50.0),
            ("Peso nel piano", 10.0),
            ("Punti disponibili", 11.0),
            ("Grado", 9.0),
            ("Punti", 9.0),
        ],
    )?;
    let mut row = first;
    for e in evaluations {
        for o in &e.objectives {
            ws_o.write_string_with_format(row, 0, &e.person.name, &f.text)?;
            ws_o.write_string_with_format(row, 1, &o.id, &f.text)?;
            ws_o.write_string_with_format(row, 2, &o.title, &f.text)?;
            fit_row(&mut ws_o, row, &[(&o.title, 50.0), (&e.person.name, 24.0)])?;
            ws_o.write_number_with_format(row, 3, o.weight, &f.number)?;
            ws_o.write_number_with_format(row, 4, o.max, &f.number)?;
            opt_number(&mut ws_o, row, 5, o.grade, &f.pct)?;
            match o.points {
                Some(p) => {
                    let formula = Formula::new(format!("ROUND(E{r}*F{r},2)", r = row + 1))
                        .set_result(format!("{p}"));
                    ws_o.write_formula_with_format(row, 6, formula, &f.number)?;
                }
                None => {
                    ws_o.write_string_with_format(row, 6, "neutralizzato", &f.text)?;
                }
            }
            row += 1;
        }
    }

    // Comportamenti: one row per (person, behaviour).
    let mut ws_c = Worksheet::new();
    ws_c.set_name("Comportamenti")?;
    ws_c.write_string_with_format(
        0,
        0,
        format!(
            "Comportamenti organizzativi: punteggio sulla scala da {} a {}",
            italian::number(model.scale.min, 2),
            italian::number(model.scale.max, 2)
        ),
        &f.title,
    )?;
    notices.write(&mut ws_c, &f)?;
    headers(
        &mut ws_c,
        &f,
        &[
            ("Persona", 24.0),
            ("Comportamento", 40.0),
            ("Punteggio", 10.0),
            ("Punti massimi", 10.0),
            ("Punti", 9.0),
            ("Motivazione", 60.0),
        ],
    )?;
    let mut row = first;
    for e in evaluations {
        for b in &e.behaviours {
            ws_c.write_string_with_format(row, 0, &e.person.name, &f.text)?;
            ws_c.write_string_with_format(row, 1, &b.name, &f.text)?;
            opt_number(&mut ws_c, row, 2, b.score, &f.number)?;
            ws_c.write_number_with_format(row, 3, b.max, &f.number)?;
            match b.points {
                Some(p) => {
                    let r = row + 1;
                    let expr = match model.scale.conversion {
                        Conversion::Proportional => {
                            format!("ROUND(D{r}*C{r}/{},2)", model.scale.max)
                        }
                        Conversion::FromBottom => format!(
                            "ROUND(D{r}*(C{r}-{lo})/({hi}-{lo}),2)",
                            lo = model.scale.min,
                            hi = model.scale.max
                        ),
                    };
                    ws_c.write_formula_with_format(
                        row,
                        4,
                        Formula::new(expr).set_result(format!("{p}")),
                        &f.number,
                    )?;
                }
                None => {
                    ws_c.write_blank(row, 4, &f.number)?;
                }
            }
            match &b.motivation {
                Some(m) => ws_c.write_string_with_format(row, 5, m, &f.text)?,
                None => ws_c.write_blank(row, 5, &f.text)?,
            };
            fit_row(
                &mut ws_c,
                row,
                &[
                    (b.motivation.as_deref().unwrap_or(""), 60.0),
                    (&b.name, 40.0),
                    (&e.person.name, 24.0),
                ],
            )?;
            row += 1;
        }
    }

    // Valutazioni: one row per person.
    let mut ws = Worksheet::new();
    ws.set_name("Valutazioni")?;
    let title = format!("Valutazioni individuali {} — {}", plan.year, plan.ente.name);
    ws.write_string_with_format(0, 0, &title, &f.title)?;
    notices.write(&mut ws, &f)?;
    let unit_header = vocab.unit.singular.clone();
    headers(
        &mut ws,
        &f,
        &[
            ("Nome", 24.0),
            ("Ruolo", 18.0),
            (unit_header.as_str(), 44.0),
            ("Dal", 11.0),
            ("Al", 11.0),
            ("Giorni nel ruolo", 9.0),
            ("Pro rata", 9.0),
            ("Punti obiettivi", 10.0),
            ("Massimo obiettivi", 10.0),
            ("Punti ente", 9.0),
            ("Massimo ente", 9.0),
            ("Punti comportamenti", 12.0),
            ("Massimo comportamenti", 12.0),
            ("Totale punti", 10.0),
            ("Massimo", 9.0),
            ("Punteggio su 100", 10.0),
            ("Fascia", 24.0),
            ("Quota", 9.0),
            ("Base di calcolo", 14.0),
            ("Retribuzione di risultato", 14.0),
            ("Stato", 12.0),
            ("Cosa manca", 40.0),
            ("Tempi di pagamento: esito", 22.0),
            ("Trattenuta per i tempi di pagamento", 14.0),
            (
                "Retribuzione prima della regola sui tempi di pagamento",
                14.0,
            ),
            ("Grado dell'obiettivo sui tempi di pagamento", 11.0),
        ],
    )?;
    let mut row = first;
    for e in evaluations {
        let r = row + 1;
        let p = &e.person;
        let role = match p.role {
            Role::Head => &vocab.head.singular,
            Role::TopOfficial => &vocab.top_official.singular,
        };
        ws.write_string_with_format(row, 0, &p.name, &f.text)?;
        ws.write_string_with_format(row, 1, role, &f.text)?;
        ws.write_string_with_format(row, 2, &e.unit_name, &f.text)?;
        ws.write_date_with_format(row, 3, p.from, &f.date)?;
        ws.write_date_with_format(row, 4, p.to, &f.date)?;
        ws.write_formula_with_format(
            row,
            5,
            Formula::new(format!("E{r}-D{r}+1")).set_result(format!("{}", e.days)),
            &f.integer,
        )?;
        ws.write_formula_with_format(
            row,
            6,
            Formula::new(format!("F{r}/{}", e.year_days)).set_result(format!("{}", e.pro_rata)),
            &f.pct,
        )?;
        let sum = |sheet: &str, value_col: u16| {
            format!(
                "SUMPRODUCT(--({}=A{r}),{})",
                range(sheet, 0),
                range(sheet, value_col)
            )
        };
        ws.write_formula_with_format(
            row,
            7,
            Formula::new(sum("Obiettivi", 6)).set_result(format!("{}", e.objectives_part.points)),
            &f.number,
        )?;
        ws.write_number_with_format(row, 8, e.objectives_part.max, &f.number)?;
        let ente = e.ente.map(|(_, p)| p);
        ws.write_number_with_format(row, 9, ente.map_or(0.0, |p| p.points), &f.number)?;
        ws.write_number_with_format(row, 10, ente.map_or(0.0, |p| p.max), &f.number)?;
        ws.write_formula_with_format(
            row,
            11,
            Formula::new(sum("Comportamenti", 4))
                .set_result(format!("{}", e.behaviours_part.points)),
            &f.number,
        )?;
        ws.write_formula_with_format(
            row,
            12,
            Formula::new(sum("Comportamenti", 3)).set_result(format!("{}", e.behaviours_part.max)),
            &f.number,
        )?;
        ws.write_formula_with_format(
            row,
            13,
            Formula::new(format!("H{r}+J{r}+L{r}")).set_result(format!("{}", e.total.points)),
            &f.number,
        )?;
        ws.write_formula_with_format(
            row,
            14,
            Formula::new(format!("I{r}+K{r}+M{r}")).set_result(format!("{}", e.total.max)),
            &f.number,
        )?;
        match e.score {
            Some(s) => {
                ws.write_formula_with_format(
                    row,
                    15,
                    Formula::new(format!("ROUND(N{r}*100/O{r},2)")).set_result(format!("{s}")),
                    &f.number,
                )?;
            }
            None => {
                ws.write_blank(row, 15, &f.number)?;
            }
        }
        match &e.pay {
            Some(pay) => {
                ws.write_string_with_format(row, 16, &pay.band, &f.text)?;
                ws.write_number_with_format(row, 17, pay.share, &f.pct)?;
                opt_number(&mut ws, row, 18, pay.base, &f.euro)?;
                let per_person =
                    matches!(model.role(p.role).map(|m| &m.pay), Some(PayRule::PerPerson));
                // The payment-times rule's withholding (column X) comes
                // off the amount.
                let withheld = e.payment_times.as_ref().and_then(|g| g.withheld);
                let less = if withheld.is_some() {
                    format!("-X{r}")
                } else {
                    String::new()
                };
                match pay.amount {
                    Some(a) if per_person => {
                        ws.write_formula_with_format(
                            row,
                            19,
                            Formula::new(format!("ROUND(S{r}*R{r}*G{r},2){less}"))
                                .set_result(format!("{a}")),
                            &f.euro,
                        )?;
                    }
                    // With the rule applied, the amount before it less
                    // the withholding.
                    Some(a) if withheld.is_some() => {
                        ws.write_formula_with_format(
                            row,
                            19,
                            Formula::new(format!("Y{r}-X{r}")).set_result(format!("{a}")),
                            &f.euro,
                        )?;
                    }
                    // A share of a fund, to the cent by largest remainder: a value.
                    other => opt_number(&mut ws, row, 19, other, &f.euro)?,
                }
            }
            None => {
                for c in 16..=19 {
                    ws.write_blank(row, c, &f.text)?;
                }
            }
        }
        ws.write_string_with_format(
            row,
            20,
            if e.is_final() && definitive {
                "Definitiva"
            } else {
                "BOZZA"
            },
            &f.text,
        )?;
        let missing = e
            .missing
            .iter()
            .chain(&e.fund_waits)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("; ");
        ws.write_string_with_format(row, 21, &missing, &f.text)?;
        match &e.payment_times {
            Some(g) => {
                let outcome = match (g.reached, g.withheld) {
                    (_, None) => "in attesa",
                    (Some(true), Some(_)) => "raggiunto",
                    _ => "non raggiunto",
                };
                ws.write_string_with_format(
                    row,
                    22,
                    format!(
                        "{outcome} (quota {})",
                        crate::italian::percent(g.share / 100.0)
                    ),
                    &f.text,
                )?;
                // The withholding recomputed from the amount before the
                // rule (Y) and the grade the rule used (Z).
                let share = g.share;
                let lost =
                    if g.late || (g.mode == GateMode::AllOrNothing && g.reached == Some(false)) {
                        Some(String::new())
                    } else if g.mode == GateMode::Proportional {
                        Some(format!("*(1-Z{r})"))
                    } else {
                        None
                    };
                match (g.withheld, lost) {
                    (Some(w), Some(lost)) => {
                        ws.write_formula_with_format(
                            row,
                            23,
                            Formula::new(format!("ROUND(Y{r}*{share}/100{lost},2)"))
                                .set_result(format!("{w}")),
                            &f.euro,
                        )?;
                    }
                    (w, _) => opt_number(&mut ws, row, 23, w, &f.euro)?,
                }
                opt_number(&mut ws, row, 24, g.gross, &f.euro)?;
                let used = g.grade.map(|x| g.mode.grade_used(x));
                match used {
                    Some(u) => ws.write_number_with_format(row, 25, u, &f.pct4)?,
                    None => ws.write_blank(row, 25, &f.text)?,
                };
            }
            None => {
                for c in 22..=25 {
                    ws.write_blank(row, c, &f.text)?;
                }
            }
        }
        fit_row(
            &mut ws,
            row,
            &[(&missing, 40.0), (&e.unit_name, 44.0), (&p.name, 24.0)],
        )?;
        row += 1;
    }
    ws.autofilter(HEADER_ROW, 0, row.max(first) - 1, 25)?;
    // Two pages across, the names repeated: the title goes to the footer.
    crate::xlsx_style::print_table_only(&mut ws, (HEADER_ROW, row.max(first) - 1, 25), &title)?;
    wb.push_worksheet(ws);
    wb.push_worksheet(ws_o);
    wb.push_worksheet(ws_c);
    wb.save_to_buffer()
}
