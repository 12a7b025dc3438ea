//! The data sheet: one row per target, the plan's columns locked and the
//! input cells unlocked, coloured by whether the target's kind asks for
//! them, with dropdowns and checks that warn without refusing what people
//! type (the reader is the one that judges).

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, Formula, ProtectionOptions, Worksheet, XlsxError,
};

use crate::italian;
use crate::plan::{Change, Plan, Target};

use super::fill::{CellInput, Fill, FormSettings};
use super::instructions::this_unit;
use super::layout::{self, Column, FormKind, RowSpec};
use super::write_monitoring;

struct Formats {
    header: Format,
    header_input: Format,
    locked: Format,
    locked_center: Format,
    locked_date: Format,
    input: Format,
    input_date: Format,
    input_number: Format,
    greyed: Format,
    greyed_date: Format,
    greyed_number: Format,
}

impl Formats {
    fn new() -> Self {
        let base = crate::xlsx_style::form_cell();
        let header = crate::xlsx_style::form_header();
        let header_input = header.clone().set_background_color(Color::RGB(0x9C5700));
        let input = base
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC));
        let greyed = base
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xD9D9D9));
        Formats {
            header,
            header_input,
            locked_center: base.clone().set_align(FormatAlign::Center),
            locked_date: base.clone().set_num_format("dd/mm/yyyy"),
            locked: base,
            input_date: input.clone().set_num_format("dd/mm/yyyy"),
            input_number: input.clone().set_num_format("General"),
            input,
            greyed_date: greyed.clone().set_num_format("dd/mm/yyyy"),
            greyed_number: greyed.clone().set_num_format("General"),
            greyed,
        }
    }
}

/// The targets of the other years, as context: "2025 – Almeno 12 pratiche;
/// 2026 – n.a." (no colon: it follows a label's); `None` for a one-year
/// indicator.
pub fn other_years(ind: &crate::plan::Indicator) -> Option<String> {
    if ind.other_years.is_empty() {
        return None;
    }
    let parts: Vec<String> = ind
        .other_years
        .iter()
        .map(|y| {
            let what = if y.targets.is_empty() {
                "nessun traguardo".to_string()
            } else {
                y.targets
                    .iter()
                    .map(describe_target)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!("{} – {what}", y.year)
        })
        .collect();
    Some(parts.join("; "))
}

/// "Almeno il 90%" with what it is a share of: glued when the plan writes
/// it with its preposition («delle presenze programmate»), in parentheses
/// otherwise («(partecipazione effettiva alle giornate)»), never «il 100%
/// partecipazione».
fn percentage_of(share: &str, of: &str) -> String {
    let of = of.trim();
    let first = of.split_whitespace().next().unwrap_or("").to_lowercase();
    let with_preposition = [
        "di", "del", "dello", "della", "dei", "degli", "delle", "sul", "sulla", "sui", "sugli",
        "sulle", "su",
    ]
    .contains(&first.as_str())
        || first.starts_with("dell'")
        || first.starts_with("dell’")
        || first.starts_with("sull'")
        || first.starts_with("sull’");
    if of.is_empty() {
        share.to_string()
    } else if with_preposition {
        format!("{share} {of}")
    } else {
        format!("{share} ({of})")
    }
}

/// Plain words for one target, e.g. "Entro il 30/06/2023": a phrase with
/// no colon of its own, so that «Traguardo: …» never chains two.
pub fn describe_target(t: &Target) -> String {
    match t {
        Target::Deadline { date, movable, .. } => {
            let mut s = format!("Entro il {}", italian::date_short(*date));
            if let Some(m) = movable {
                s.push_str(&format!(" ({m})"));
            }
            s
        }
        Target::Minimum { value, unit } => {
            format!("Almeno {} {}", italian::number(*value, 2), unit)
                .trim_end()
                .to_string()
        }
        Target::Maximum {
            value,
            unit,
            strict,
        } => format!(
            "{} {} {}",
            if *strict { "Meno di" } else { "Al massimo" },
            italian::number(*value, 2),
            unit
        )
        .trim_end()
        .to_string(),
        Target::Percentage { value, of } => {
            let share = italian::with_article("", &format!("{}%", italian::number(*value, 2)));
            percentage_of(&format!("Almeno {share}"), of)
        }
        Target::YesNo { what } => format!("{what} (sì o no)"),
        Target::Qualitative { criterion } => format!("Valutazione qualitativa – {criterion}"),
        Target::Change {
            from,
            goal,
            change,
            unit,
            previous,
        } => {
            let n = |x: f64| italian::number(x, 2);
            let percent = |p: f64| italian::with_article("di", &format!("{}%", n(p)));
            let how = match change {
                Change::IncreasePercent(p) => format!("Aumento {}", percent(*p)),
                Change::IncreaseBy(a) => format!("Aumento di {}", n(*a)),
                Change::DecreasePercent(p) => format!("Riduzione {}", percent(*p)),
                Change::DecreaseBy(a) => format!("Riduzione di {}", n(*a)),
                Change::Total(_) => "Totale da raggiungere".to_string(),
            };
            let since = match previous {
                Some(y) => format!("rispetto al traguardo del {y}, pari a"),
                None => "rispetto al valore di partenza".to_string(),
            };
            let goal = n(Change::goal_shown(*from, *goal, unit));
            // «45%», glued as every percentage; «54 pratiche».
            let goal = match unit.trim() {
                "" => goal,
                "%" => format!("{goal}%"),
                u => format!("{goal} {u}"),
            };
            // A total is absolute: the starting value is where it starts
            // from, not what it is «relative» to.
            if matches!(change, Change::Total(_)) {
                return match previous {
                    Some(y) => format!(
                        "Totale da raggiungere {goal} (traguardo del {y}: {})",
                        n(*from)
                    ),
                    None => format!(
                        "Totale da raggiungere {goal} (valore di partenza {})",
                        n(*from)
                    ),
                };
            }
            format!("{how} {since} {} (obiettivo {goal})", n(*from))
        }
        Target::Phase {
            name,
            start,
            end,
            note,
            ..
        } => {
            let mut s = format!("Avanzamento in % della fase «{name}»");
            if let Some(p) = italian::period(*start, *end) {
                s.push_str(&format!(" ({p})"));
            }
            if let Some(n) = note {
                s.push_str(&format!(" – {n}"));
            }
            s
        }
    }
}

pub(super) fn write_data(
    ws: &mut Worksheet,
    plan: &Plan,
    area: &crate::plan::Area,
    rows: &[RowSpec<'_>],
    fill: &Fill,
    settings: &FormSettings,
    deadline: Option<NaiveDate>,
) -> Result<(), XlsxError> {
    let f = Formats::new();
    let form = settings.kind();
    ws.set_name(form.data_sheet())?;
    let title = match form {
        FormKind::YearEnd => format!(
            "{} – Rendicontazione della performance {} – {}",
            plan.ente.name, plan.year, area.name
        ),
        FormKind::Monitoring(d) => format!(
            "{} – Monitoraggio intermedio della performance {} {} – {}",
            plan.ente.name,
            plan.year,
            italian::date_long_after("al", d),
            area.name
        ),
    };
    ws.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
    let mut sub =
        String::from("Compilare solo le celle gialle (istruzioni nel foglio «Istruzioni»).");
    if let Some(d) = deadline {
        sub.push_str(&format!(
            " Da restituire entro il {}.",
            italian::date_long(d)
        ));
    }
    if let Some(head) = &area.head {
        sub.push_str(&format!(" {}: {head}.", settings.vocab.head.singular));
    }
    ws.write_string_with_format(1, 0, sub, &Format::new().set_italic())?;

    let h = layout::HEADER_ROW;
    for &col in form.columns() {
        let c = form.index(col);
        let fmt = if col.is_input() {
            &f.header_input
        } else {
            &f.header
        };
        ws.write_string_with_format(h, c, col.header(), fmt)?;
        ws.set_column_width(c, col.width())?;
    }
    ws.set_row_height(h, 32)?;

    for (i, row) in rows.iter().enumerate() {
        let r = h + 1 + i as u32;
        let key = row.key();
        let target = row.target();
        let kind = target.kind();
        let theme = plan
            .theme(&row.objective.theme)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| row.objective.theme.to_string());
        let mut indicator = row.indicator.description.clone();
        if let Some(c) = &row.indicator.condition {
            indicator.push_str(&format!("\n(Condizione: {c})"));
        }
        let mut lines = 1;
        ws.write_string_with_format(r, Column::Code.index(), &key, &f.locked)?;
        ws.write_string_with_format(r, Column::Theme.index(), &theme, &f.locked)?;
        ws.write_string_with_format(
            r,
            Column::Objective.index(),
            format!("{} – {}", row.objective.id, row.objective.title),
            &f.locked,
        )?;
        ws.write_string_with_format(r, Column::Indicator.index(), &indicator, &f.locked)?;
        ws.write_string_with_format(
            r,
            Column::Expected.index(),
            &row.indicator.expected,
            &f.locked,
        )?;
        let mut tdesc = describe_target(target);
        if row.indicator.targets.len() > 1 {
            tdesc = format!(
                "Traguardo {} di {} – {}",
                row.target + 1,
                row.indicator.targets.len(),
                tdesc
            );
        }
        ws.write_string_with_format(r, Column::Target.index(), &tdesc, &f.locked)?;
        match target {
            Target::Deadline { date, .. } => {
                ws.write_date_with_format(r, Column::Deadline.index(), date, &f.locked_date)?;
            }
            _ => {
                ws.write_blank(r, Column::Deadline.index(), &f.locked)?;
            }
        }
        match row.weight {
            Some(w) => {
                ws.write_number_with_format(r, Column::Weight.index(), w, &f.locked_center)?;
            }
            None => {
                let why = if row.objective.funding.is_some() {
                    "risorse variabili"
                } else {
                    "—"
                };
                ws.write_string_with_format(r, Column::Weight.index(), why, &f.locked_center)?;
            }
        }
        let objective_text = format!("{} – {}", row.objective.id, row.objective.title);
        for (col, text) in [
            (Column::Theme, theme.as_str()),
            (Column::Objective, objective_text.as_str()),
            (Column::Indicator, indicator.as_str()),
            (Column::Expected, row.indicator.expected.as_str()),
            (Column::Target, tdesc.as_str()),
        ] {
            lines = lines.max(layout::wrapped_lines(text, col.width()));
        }
        for &col in form.inputs() {
            if let Some(CellInput::Text(text)) = fill.get(&(key.clone(), col)) {
                lines = lines.max(layout::wrapped_lines(text, col.width()));
            }
        }
        // Room to write a line of evidence in an empty row.
        ws.set_row_height(r, 13 * lines.clamp(2, 30) + 3)?;
        for &col in form.inputs() {
            let c = form.index(col);
            let asked = match form {
                FormKind::YearEnd => layout::asked(kind, col),
                FormKind::Monitoring(_) => layout::asked_monitoring(kind, col),
            };
            let (fmt, fmt_date, fmt_num) = if asked {
                (&f.input, &f.input_date, &f.input_number)
            } else {
                (&f.greyed, &f.greyed_date, &f.greyed_number)
            };
            match fill.get(&(key.clone(), col)) {
                Some(CellInput::Text(t)) => {
                    ws.write_string_with_format(r, c, t, fmt)?;
                }
                Some(CellInput::Number(n)) => {
                    ws.write_number_with_format(r, c, *n, fmt_num)?;
                }
                Some(CellInput::Percent(p)) => {
                    let pattern = if p.fract() == 0.0 { "0%" } else { "0.0##%" };
                    let pct = fmt_num.clone().set_num_format(pattern);
                    ws.write_number_with_format(r, c, *p / 100.0, &pct)?;
                }
                Some(CellInput::Date(d)) => {
                    ws.write_date_with_format(r, c, d, fmt_date)?;
                }
                Some(CellInput::Formula(formula, result)) => {
                    ws.write_formula_with_format(
                        r,
                        c,
                        Formula::new(formula).set_result(result),
                        fmt,
                    )?;
                }
                None => {
                    let blank_fmt = match col {
                        Column::Date => fmt_date,
                        Column::Value | Column::Progress => fmt_num,
                        _ => fmt,
                    };
                    ws.write_blank(r, c, blank_fmt)?;
                }
            }
        }
    }

    if !rows.is_empty() {
        let first = h + 1;
        let last = h + rows.len() as u32;
        match form {
            FormKind::YearEnd => add_validations(ws, plan, first, last)?,
            FormKind::Monitoring(_) => write_monitoring::validations(ws, plan, first, last)?,
        }
        ws.autofilter(h, 0, last, form.columns().len() as u16 - 1)?;
    } else {
        ws.write_string(
            h + 1,
            Column::Objective.index(),
            format!(
                "Nessun obiettivo assegnato a {}.",
                this_unit(&settings.vocab.for_unit(area.id.as_str(), &area.name))
            ),
        )?;
    }

    ws.set_freeze_panes(h + 1, 1)?;
    let width: f64 = form.columns().iter().map(|c| c.width()).sum();
    crate::xlsx_style::print_setup(ws, true, width, Some((h, h)), true)?;
    ws.set_footer("&L&F&RPagina &P di &N");
    ws.set_zoom(90);
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    };
    match &settings.password {
        Some(p) => {
            ws.protect_with_password(p);
            ws.protect_with_options(&options);
        }
        None => {
            ws.protect_with_options(&options);
        }
    }
    Ok(())
}

fn add_validations(
    ws: &mut Worksheet,
    plan: &Plan,
    first: u32,
    last: u32,
) -> Result<(), XlsxError> {
    let from = ExcelDateTime::from_ymd((plan.year - 1) as u16, 1, 1)?;
    let to = ExcelDateTime::from_ymd((plan.year + 3) as u16, 12, 31)?;
    let date = DataValidation::new()
        .allow_date(DataValidationRule::Between(from, to))
        .set_input_title("Data di realizzazione")?
        .set_input_message(format!(
            "Data in cui il traguardo è stato realizzato, ad esempio 30/06/{}.",
            plan.year
        ))?
        .set_error_title("Data non valida")?
        .set_error_message(format!(
            "Scrivere una data tra il 01/01/{} e il 31/12/{}, ad esempio 30/06/{}.",
            plan.year - 1,
            plan.year + 3,
            plan.year
        ))?
        .set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(
        first,
        Column::Date.index(),
        last,
        Column::Date.index(),
        &date,
    )?;

    let value = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title("Valore raggiunto")?
        .set_input_message("Solo il numero (12 oppure 12,5). Percentuali: 90 oppure 90%.")?
        .set_error_title("Valore non valido")?
        .set_error_message("Scrivere un numero maggiore o uguale a zero.")?
        .set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(
        first,
        Column::Value.index(),
        last,
        Column::Value.index(),
        &value,
    )?;

    let yes_no = DataValidation::new()
        .allow_list_strings(&["Sì", "No"])?
        .set_error_title("Risposta non valida")?
        .set_error_message("Scegliere «Sì» o «No».")?
        .set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(
        first,
        Column::Done.index(),
        last,
        Column::Done.index(),
        &yes_no,
    )?;

    let labels: Vec<&str> = crate::results::ProposedStatus::ALL
        .iter()
        .map(|s| s.label())
        .collect();
    let status = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title("Stato non valido")?
        .set_error_message("Scegliere uno degli stati dell'elenco.")?
        .set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(
        first,
        Column::Status.index(),
        last,
        Column::Status.index(),
        &status,
    )?;
    Ok(())
}
