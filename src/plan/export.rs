//! The plan workbook: written blank with an example (`piano modello`) or
//! from a loaded plan (`piano esporta`), read back by `piano importa`.
//! One row per target on the «Obiettivi» sheet, objectives and indicators
//! merged over their rows, the units and themes on their own sheets, so
//! export → import gives back the same plan.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::plan::import::side::{
    GENERAL_SHEET, INSTRUCTIONS_SHEET, TABLE_SHEET, THEMES_SHEET, unit_headings,
};
use crate::plan::import::{Role, TARGET_KIND_WORDS, WORKBOOK_COLUMNS, YES_NO};
use crate::plan::{
    ALL_AREAS_NOTE, Area, AreaId, Ente, INDICATOR_SCOPES, INDICATOR_TYPES, Indicator, IndicatorId,
    Objective, ObjectiveId, Plan, Responsibility, Target, Theme, ThemeId,
};
use crate::vocab::Vocabulary;

/// Rows given validation and dropdowns below the data, for the office to fill.
const SPARE_ROWS: u32 = 500;

fn col(role: Role) -> u16 {
    WORKBOOK_COLUMNS
        .iter()
        .position(|(r, _)| *r == role)
        .expect("every role the writer uses has a column") as u16
}

/// The units that "Tutte le Aree" stands for in `plan`: those in any
/// responsibility expanded from it. `None` when the plan never uses it.
fn all_units_set(plan: &Plan) -> Option<Vec<AreaId>> {
    let mut set: Vec<AreaId> = Vec::new();
    let lists = plan.objectives.iter().flat_map(|o| {
        std::iter::once(&o.areas).chain(o.indicators.iter().filter_map(|i| i.areas.as_ref()))
    });
    for list in lists {
        for r in list {
            if r.note
                .as_deref()
                .is_some_and(|n| n.starts_with(ALL_AREAS_NOTE))
                && !set.contains(&r.area)
            {
                set.push(r.area.clone());
            }
        }
    }
    (!set.is_empty()).then_some(set)
}

/// A list of responsibilities as people read it: one (unit, weight) per
/// unit, or one for "Tutte le Aree" when the list is exactly its
/// expansion; a note follows the unit's name after " – ". Shared by the
/// workbook and the plan document.
pub fn describe(
    plan: &Plan,
    list: &[Responsibility],
    vocab: &Vocabulary,
) -> Vec<(String, Option<f64>)> {
    let all = all_units_set(plan);
    let same_weight = list.windows(2).all(|w| w[0].weight == w[1].weight);
    if let (Some(all), Some(first)) = (&all, list.first())
        && list.len() == all.len()
        && list
            .iter()
            .zip(all)
            .all(|(r, a)| &r.area == a && r.note == first.note)
        && same_weight
        && let Some(note) = first.note.as_deref()
        && note.starts_with(ALL_AREAS_NOTE)
    {
        let extra = note[ALL_AREAS_NOTE.len()..]
            .trim()
            .strip_prefix('(')
            .and_then(|s| s.strip_suffix(')'));
        let text = match extra {
            Some(e) => format!("{} – {e}", vocab.all_units()),
            None => vocab.all_units(),
        };
        return vec![(text, first.weight)];
    }
    list.iter()
        .map(|r| {
            let name = plan
                .area(&r.area)
                .map_or(r.area.as_str(), |a| a.name.as_str());
            let text = match &r.note {
                Some(n) => format!("{name} – {n}"),
                None => name.to_string(),
            };
            (text, r.weight)
        })
        .collect()
}

/// The "Responsabile/i" and "Peso" cells for a list of responsibilities.
fn resp_cells(
    plan: &Plan,
    list: &[Responsibility],
    vocab: &Vocabulary,
) -> (String, Option<WeightCell>) {
    let entries = describe(plan, list, vocab);
    let lines: Vec<&str> = entries.iter().map(|(t, _)| t.as_str()).collect();
    let weights: Vec<Option<f64>> = entries.iter().map(|(_, w)| *w).collect();
    let weight = if weights.iter().all(Option::is_none) {
        None
    } else if weights.windows(2).all(|w| w[0] == w[1]) {
        weights[0].map(WeightCell::Number)
    } else {
        Some(WeightCell::Text(
            weights
                .iter()
                .map(|w| w.map_or(String::new(), crate::plan::import::number_text))
                .collect::<Vec<_>>()
                .join("\n"),
        ))
    };
    (lines.join("\n"), weight)
}

enum WeightCell {
    Number(f64),
    Text(String),
}

struct Formats {
    header: Format,
    text: Format,
    number: Format,
    date: Format,
    title: Format,
    heading: Format,
    body: Format,
}

fn formats() -> Formats {
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(0xD9E2F3))
            .set_border(FormatBorder::Thin),
        number: cell.clone().set_num_format("0.##"),
        date: cell.clone().set_num_format("dd/mm/yyyy"),
        text: cell,
        title: Format::new().set_bold().set_font_size(14),
        heading: Format::new().set_bold().set_font_size(11),
        body: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    }
}

/// Writes `text` into a cell, merged down to `last` when it spans rows.
/// Character width of each column of the table.
fn width(role: Role) -> u16 {
    match role {
        Role::Objective | Role::Indicator | Role::Expected | Role::ObjectiveDescription => 40,
        Role::Responsible
        | Role::IndicatorResponsible
        | Role::TargetText
        | Role::Funding
        | Role::Formula
        | Role::DataSource
        | Role::Mission
        | Role::Programme => 28,
        Role::Lead => 20,
        Role::Theme => 20,
        _ => 13,
    }
}

/// Lines `text` takes in a wrapped column `chars` wide (roughly: readers
/// that do not fit row heights themselves need them written).
fn lines_in(text: &str, chars: u16) -> usize {
    let per_line = (chars as usize * 9 / 10).max(1);
    text.lines()
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum()
}

/// Writes `text` into a cell, merged down to `last` when it spans rows,
/// and records how many lines each of those rows needs.
fn put(
    ws: &mut Worksheet,
    needs: &mut Vec<usize>,
    first: u32,
    last: u32,
    c: u16,
    text: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    let role = WORKBOOK_COLUMNS[c as usize].0;
    let span = (last - first + 1) as usize;
    let per_row = lines_in(text, width(role)).div_ceil(span);
    if needs.len() <= last as usize {
        needs.resize(last as usize + 1, 1);
    }
    for r in first..=last {
        needs[r as usize] = needs[r as usize].max(per_row);
    }
    if last > first {
        ws.merge_range(first, c, last, c, text, f)?;
    } else {
        ws.write_string_with_format(first, c, text, f)?;
    }
    Ok(())
}

fn put_weight(
    ws: &mut Worksheet,
    needs: &mut Vec<usize>,
    first: u32,
    last: u32,
    c: u16,
    w: &Option<WeightCell>,
    fm: &Formats,
) -> Result<(), XlsxError> {
    match w {
        Some(WeightCell::Number(n)) => {
            if last > first {
                ws.merge_range(first, c, last, c, "", &fm.number)?;
            }
            ws.write_number_with_format(first, c, *n, &fm.number)?;
        }
        Some(WeightCell::Text(t)) => put(ws, needs, first, last, c, t, &fm.text)?,
        None => put(ws, needs, first, last, c, "", &fm.text)?,
    }
    Ok(())
}

fn write_table(
    ws: &mut Worksheet,
    plan: &Plan,
    vocab: &Vocabulary,
    fm: &Formats,
) -> Result<u32, XlsxError> {
    ws.set_name(TABLE_SHEET)?;
    for (i, (role, heading)) in WORKBOOK_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *heading, &fm.header)?;
        ws.set_column_width(i as u16, width(*role))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(8);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_row_height(0, 30)?;
    let mut row: u32 = 1;
    let mut needs: Vec<usize> = Vec::new();
    for o in &plan.objectives {
        let first = row;
        let n_rows: u32 = o
            .indicators
            .iter()
            .map(|i| i.targets.len().max(1) as u32)
            .sum();
        let last = first + n_rows.max(1) - 1;
        let theme = plan
            .theme(&o.theme)
            .map_or(o.theme.as_str(), |t| t.name.as_str());
        put(
            ws,
            &mut needs,
            first,
            last,
            col(Role::Theme),
            theme,
            &fm.text,
        )?;
        put(
            ws,
            &mut needs,
            first,
            last,
            col(Role::ObjectiveCode),
            o.id.as_str(),
            &fm.text,
        )?;
        put(
            ws,
            &mut needs,
            first,
            last,
            col(Role::Objective),
            &o.title,
            &fm.text,
        )?;
        put(
            ws,
            &mut needs,
            first,
            last,
            col(Role::ObjectiveDescription),
            o.description.as_deref().unwrap_or(""),
            &fm.text,
        )?;
        let (text, weight) = resp_cells(plan, &o.areas, vocab);
        put(
            ws,
            &mut needs,
            first,
            last,
            col(Role::Responsible),
            &text,
            &fm.text,
        )?;
        put_weight(ws, &mut needs, first, last, col(Role::Weight), &weight, fm)?;
        put(
            ws,
            &mut needs,
            first,
            last,
            col(Role::Funding),
            o.funding.as_deref().unwrap_or(""),
            &fm.text,
        )?;
        for ind in &o.indicators {
            let ifirst = row;
            let ilast = ifirst + ind.targets.len().max(1) as u32 - 1;
            put(
                ws,
                &mut needs,
                ifirst,
                ilast,
                col(Role::IndicatorCode),
                ind.id.as_str(),
                &fm.text,
            )?;
            put(
                ws,
                &mut needs,
                ifirst,
                ilast,
                col(Role::Indicator),
                &ind.description,
                &fm.text,
            )?;
            put(
                ws,
                &mut needs,
                ifirst,
                ilast,
                col(Role::Expected),
                &ind.expected,
                &fm.text,
            )?;
            put(
                ws,
                &mut needs,
                ifirst,
                ilast,
                col(Role::Condition),
                ind.condition.as_deref().unwrap_or(""),
                &fm.text,
            )?;
            let (text, weight) = resp_cells(plan, ind.areas.as_deref().unwrap_or_default(), vocab);
            put(
                ws,
                &mut needs,
                ifirst,
                ilast,
                col(Role::IndicatorResponsible),
                &text,
                &fm.text,
            )?;
            put_weight(
                ws,
                &mut needs,
                ifirst,
                ilast,
                col(Role::IndicatorWeight),
                &weight,
                fm,
            )?;
            for (role, text) in indicator_details(plan, ind) {
                put(ws, &mut needs, ifirst, ilast, col(role), &text, &fm.text)?;
            }
            if let Some(x) = ind.success {
                if ilast > ifirst {
                    ws.merge_range(
                        ifirst,
                        col(Role::Success),
                        ilast,
                        col(Role::Success),
                        "",
                        &fm.number,
                    )?;
                }
                ws.write_number_with_format(ifirst, col(Role::Success), x * 100.0, &fm.number)?;
            }
            for t in &ind.targets {
                write_target(ws, row, t, fm)?;
                row += 1;
            }
            if ind.targets.is_empty() {
                row += 1;
            }
        }
    }
    for (r, n) in needs.iter().enumerate().skip(1) {
        if *n > 1 {
            ws.set_row_height(r as u32, 15.0 * *n as f64)?;
        }
    }
    Ok(row)
}

/// The text cells of an indicator's details, in the words the importer
/// reads back: the lead unit by name, the shared result as sì/no.
fn indicator_details(plan: &Plan, ind: &Indicator) -> Vec<(Role, String)> {
    let m = &ind.meta;
    let lead = ind.lead.as_ref().map(|id| {
        plan.area(id)
            .map_or(id.as_str(), |a| a.name.as_str())
            .to_string()
    });
    // The lead implies a shared result: "sì" only when it says more.
    let shared = (ind.shared && ind.lead.is_none()).then(|| YES_NO[0].to_string());
    let sdg = (!m.sdg.is_empty()).then(|| {
        m.sdg
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    });
    [
        (Role::Lead, lead),
        (Role::Shared, shared),
        (Role::Formula, m.formula.clone()),
        (Role::DataSource, m.source.clone()),
        (Role::IndicatorType, m.kind.clone()),
        (Role::Scope, m.scope.clone()),
        (Role::Mission, m.mission.clone()),
        (Role::Programme, m.programme.clone()),
        (Role::Pnrr, m.pnrr.clone()),
        (Role::Sdg, sdg),
    ]
    .into_iter()
    .map(|(r, t)| (r, t.unwrap_or_default()))
    .collect()
}

fn write_target(ws: &mut Worksheet, row: u32, t: &Target, fm: &Formats) -> Result<(), XlsxError> {
    for role in [
        Role::TargetKind,
        Role::TargetValue,
        Role::TargetDate,
        Role::TargetText,
        Role::Movable,
        Role::TargetNote,
        Role::PhaseStart,
    ] {
        ws.write_blank(row, col(role), &fm.text)?;
    }
    let kind = |ws: &mut Worksheet, k: &str| {
        ws.write_string_with_format(row, col(Role::TargetKind), k, &fm.text)
            .map(|_| ())
    };
    let text = |ws: &mut Worksheet, s: &str| {
        ws.write_string_with_format(row, col(Role::TargetText), s, &fm.text)
            .map(|_| ())
    };
    let value = |ws: &mut Worksheet, v: f64| {
        ws.write_number_with_format(row, col(Role::TargetValue), v, &fm.number)
            .map(|_| ())
    };
    match t {
        Target::Deadline {
            date,
            movable,
            note,
        } => {
            kind(ws, TARGET_KIND_WORDS[0])?;
            let d =
                ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
            ws.write_datetime_with_format(row, col(Role::TargetDate), &d, &fm.date)?;
            if let Some(m) = movable {
                ws.write_string_with_format(row, col(Role::Movable), m, &fm.text)?;
            }
            if let Some(n) = note {
                ws.write_string_with_format(row, col(Role::TargetNote), n, &fm.text)?;
            }
        }
        Target::Minimum { value: v, unit } => {
            kind(ws, TARGET_KIND_WORDS[1])?;
            value(ws, *v)?;
            text(ws, unit)?;
        }
        Target::Maximum {
            value: v,
            unit,
            strict,
        } => {
            kind(ws, TARGET_KIND_WORDS[if *strict { 3 } else { 2 }])?;
            value(ws, *v)?;
            text(ws, unit)?;
        }
        Target::Percentage { value: v, of } => {
            kind(ws, TARGET_KIND_WORDS[4])?;
            value(ws, *v)?;
            text(ws, of)?;
        }
        Target::YesNo { what } => {
            kind(ws, TARGET_KIND_WORDS[5])?;
            text(ws, what)?;
        }
        Target::Qualitative { criterion } => {
            kind(ws, TARGET_KIND_WORDS[6])?;
            text(ws, criterion)?;
        }
        Target::Phase {
            name,
            start,
            end,
            weight,
        } => {
            kind(ws, TARGET_KIND_WORDS[7])?;
            text(ws, name)?;
            for (role, d) in [(Role::PhaseStart, start), (Role::TargetDate, end)] {
                if let Some(d) = d {
                    let d =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(row, col(role), &d, &fm.date)?;
                }
            }
            if let Some(w) = weight {
                value(ws, *w)?;
            }
        }
        // Not importable: `piano esporta` refuses plans with relative
        // targets (`Plan::piao_shapes`); written in words so nothing is silent.
        Target::Change { .. } => {
            kind(ws, t.kind().label())?;
            text(ws, &crate::forms::describe_target(t))?;
        }
    }
    Ok(())
}

fn validations(
    ws: &mut Worksheet,
    plan: &Plan,
    units_sheet: &str,
    last: u32,
    vocab: &Vocabulary,
) -> Result<(), XlsxError> {
    let first = 1;
    let unit_list = DataValidation::new()
        .allow_list_formula(format!("='{units_sheet}'!$B$2:$B$200").as_str().into())
        .set_input_title("Unità responsabili")?
        .set_input_message(format!(
            "Scegliere dall'elenco (foglio «{units_sheet}»), oppure scrivere «{}», più unità una per riga, «– nota» dopo il nome.",
            vocab.all_units()
        ))?
        .set_error_style(DataValidationErrorStyle::Information);
    for role in [Role::Responsible, Role::IndicatorResponsible] {
        ws.add_data_validation(first, col(role), last, col(role), &unit_list)?;
    }
    let weight = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title("Peso")?
        .set_input_message("Un numero (5 oppure 7,5); con pesi diversi per unità, uno per riga nello stesso ordine delle unità.")?
        .set_error_style(DataValidationErrorStyle::Information);
    for role in [Role::Weight, Role::IndicatorWeight] {
        ws.add_data_validation(first, col(role), last, col(role), &weight)?;
    }
    let kinds = DataValidation::new()
        .allow_list_strings(&TARGET_KIND_WORDS)?
        .set_input_title("Tipo di traguardo")?
        .set_input_message("scadenza: Data; minimo, massimo, inferiore a, percentuale: Valore; sì/no e qualitativo: Descrizione traguardo.")?
        .set_error_title("Tipo non valido")?
        .set_error_message(format!("Scegliere uno dei tipi: {}.", TARGET_KIND_WORDS.join(", ")))?;
    ws.add_data_validation(
        first,
        col(Role::TargetKind),
        last,
        col(Role::TargetKind),
        &kinds,
    )?;
    let lists: [(Role, &[&str]); 3] = [
        (Role::Shared, &YES_NO),
        (Role::IndicatorType, INDICATOR_TYPES),
        (Role::Scope, INDICATOR_SCOPES),
    ];
    for (role, words) in lists {
        let list = DataValidation::new()
            .allow_list_strings(words)?
            .set_error_title("Valore non ammesso")?
            .set_error_message(format!("Scegliere uno di: {}.", words.join(", ")))?;
        ws.add_data_validation(first, col(role), last, col(role), &list)?;
    }
    let lead = DataValidation::new()
        .allow_list_formula(format!("='{units_sheet}'!$B$2:$B$200").as_str().into())
        .set_error_style(DataValidationErrorStyle::Information);
    ws.add_data_validation(first, col(Role::Lead), last, col(Role::Lead), &lead)?;
    let success = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(1.0, 100.0))
        .set_error_title("Successo atteso non valido")?
        .set_error_message("Scrivere una percentuale da 1 a 100, ad esempio 80.")?;
    ws.add_data_validation(
        first,
        col(Role::Success),
        last,
        col(Role::Success),
        &success,
    )?;
    let value = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_title("Valore non valido")?
        .set_error_message(
            "Scrivere un numero maggiore o uguale a zero (le percentuali da 0 a 100).",
        )?;
    ws.add_data_validation(
        first,
        col(Role::TargetValue),
        last,
        col(Role::TargetValue),
        &value,
    )?;
    let from = ExcelDateTime::from_ymd((plan.year - 1) as u16, 1, 1)?;
    let to = ExcelDateTime::from_ymd((plan.year + 5) as u16, 12, 31)?;
    let date = DataValidation::new()
        .allow_date(DataValidationRule::Between(from, to))
        .set_error_title("Data non valida")?
        .set_error_message(format!(
            "Scrivere una data tra il 01/01/{} e il 31/12/{}, ad esempio 30/06/{}.",
            plan.year - 1,
            plan.year + 5,
            plan.year
        ))?;
    for role in [Role::TargetDate, Role::PhaseStart] {
        ws.add_data_validation(first, col(role), last, col(role), &date)?;
    }
    Ok(())
}

fn write_general(ws: &mut Worksheet, plan: &Plan, fm: &Formats) -> Result<(), XlsxError> {
    ws.set_name(GENERAL_SHEET)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 70)?;
    let values = [
        plan.ente.name.clone(),
        plan.ente.province.clone().unwrap_or_default(),
        String::new(),
        plan.title.clone(),
        plan.adopted_by.clone().unwrap_or_default(),
    ];
    for (i, (label, value)) in crate::plan::import::side::GENERAL_LABELS
        .iter()
        .zip(values)
        .enumerate()
    {
        ws.write_string_with_format(i as u32, 0, *label, &fm.header)?;
        if i == 2 {
            ws.write_number_with_format(i as u32, 1, plan.year as f64, &fm.text)?;
        } else {
            ws.write_string_with_format(i as u32, 1, &value, &fm.text)?;
        }
    }
    let year = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(2000, 2100))
        .set_error_title("Anno non valido")?
        .set_error_message("Scrivere l'anno del piano, ad esempio 2024.")?;
    ws.add_data_validation(2, 1, 2, 1, &year)?;
    Ok(())
}

fn write_units(
    ws: &mut Worksheet,
    plan: &Plan,
    vocab: &Vocabulary,
    fm: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(&vocab.unit.plural)?;
    let all = all_units_set(plan);
    for (i, h) in unit_headings(vocab).iter().enumerate() {
        ws.write_string_with_format(0, i as u16, h, &fm.header)?;
    }
    for (c, w) in [10, 45, 45, 30, 16].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    let top = crate::plan::import::top_official_id(vocab);
    for (i, a) in plan.areas.iter().enumerate() {
        let r = i as u32 + 1;
        let in_all = match &all {
            Some(set) => set.contains(&a.id),
            None => a.id.as_str() != top,
        };
        ws.write_string_with_format(r, 0, a.id.as_str(), &fm.text)?;
        ws.write_string_with_format(r, 1, &a.name, &fm.text)?;
        ws.write_string_with_format(r, 2, a.offices.join(", "), &fm.text)?;
        ws.write_string_with_format(r, 3, a.head.as_deref().unwrap_or(""), &fm.text)?;
        ws.write_string_with_format(r, 4, if in_all { "sì" } else { "no" }, &fm.text)?;
    }
    let yes_no = DataValidation::new().allow_list_strings(&["sì", "no"])?;
    ws.add_data_validation(1, 4, 200, 4, &yes_no)?;
    Ok(())
}

fn write_themes(ws: &mut Worksheet, plan: &Plan, fm: &Formats) -> Result<(), XlsxError> {
    ws.set_name(THEMES_SHEET)?;
    ws.write_string_with_format(0, 0, "Codice", &fm.header)?;
    ws.write_string_with_format(0, 1, "Nome", &fm.header)?;
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 70)?;
    for (i, t) in plan.themes.iter().enumerate() {
        ws.write_string_with_format(i as u32 + 1, 0, t.id.as_str(), &fm.text)?;
        ws.write_string_with_format(i as u32 + 1, 1, &t.name, &fm.text)?;
    }
    Ok(())
}

fn write_instructions(
    ws: &mut Worksheet,
    plan: &Plan,
    vocab: &Vocabulary,
    example: bool,
    fm: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(INSTRUCTIONS_SHEET)?;
    ws.set_column_width(0, 100)?;
    let units = &vocab.unit.plural;
    let all = vocab.all_units();
    let unit = &vocab.unit.singular;
    let mut lines: Vec<(&Format, String)> = vec![
        (&fm.title, format!("{} – Piano della performance {}", plan.ente.name, plan.year)),
        (&fm.body, String::new()),
        (&fm.heading, "Come si compila".into()),
        (&fm.body, format!("«{GENERAL_SHEET}»: ente, anno, titolo del piano e atto di approvazione.")),
        (&fm.body, format!("«{units}»: una riga per unità responsabile: codice breve (es. III), nome per esteso, uffici, {}; l'ultima colonna dice se l'unità è compresa in «{all}».", vocab.head.singular)),
        (&fm.body, format!("«{THEMES_SHEET}»: gli ambiti strategici, con un codice breve senza spazi (es. legalita) e il nome.")),
        (&fm.body, format!("«{TABLE_SHEET}»: una riga per traguardo. Obiettivo e indicatore si scrivono nella prima delle loro righe (o in celle unite); le righe sotto, lasciate vuote, appartengono allo stesso obiettivo e indicatore.")),
        (&fm.body, String::new()),
        (&fm.heading, "Le colonne del foglio Obiettivi".into()),
        (&fm.body, format!("Responsabile/i e Peso: le unità dell'obiettivo, una per riga, scelte dall'elenco o scritte come «{unit} III»; «{all}» vale per ogni unità segnata «sì» nel foglio «{units}». Dopo il nome si può aggiungere « – nota» (es. «{unit} III – ufficio tributi»). Peso: un numero, oppure un peso per riga nello stesso ordine delle unità.")),
        (&fm.body, "Finanziamento: solo per gli obiettivi senza peso, la fonte delle risorse (es. «Da finanziarsi con risorse variabili Art. 79 CCNL»).".into()),
        (&fm.body, "Responsabile/i indicatore e Peso indicatore: solo se l'indicatore ha unità o pesi propri; senza peso, le unità elencate restringono quelle dell'obiettivo.".into()),
        (&fm.body, "Livello atteso: il testo come approvato. Tipo traguardo, Valore, Data, Descrizione traguardo: il traguardo misurabile, uno per riga (un livello atteso con due traguardi occupa due righe).".into()),
        (&fm.body, format!("Tipi di traguardo: {}. «scadenza» vuole la Data (e, se può slittare, Spostabile); «minimo», «massimo», «inferiore a», «percentuale» vogliono il Valore e, in Descrizione traguardo, che cosa si conta; «sì/no» e «qualitativo» vogliono la Descrizione traguardo.", TARGET_KIND_WORDS.join(", "))),
        (&fm.body, "«fase»: un traguardo per fase del progetto, rendicontato come avanzamento %: il nome in Descrizione traguardo, Inizio fase e Data (fine), in Valore il peso della fase (vuoto: le fasi contano allo stesso modo).".into()),
        (&fm.body, "Successo atteso %: la percentuale del traguardo che conta come pieno successo (es. 80); vuota, vale la regola del sistema di valutazione. Capofila: l'unità che rendiconta l'indicatore anche per le altre unità responsabili; Risultato condiviso «sì»: un solo risultato per tutte le unità responsabili, rendicontato da ciascuna.".into()),
        (&fm.body, format!("Metadati dell'indicatore, facoltativi e mai valutati: Formula di calcolo, Fonte dei dati, Tipologia ({}), Dimensione ({}), Missione e Programma di bilancio, Misura PNRR, SDG (numeri da 1 a 17 separati da virgole).", INDICATOR_TYPES.join(", "), INDICATOR_SCOPES.join(", "))),
        (&fm.body, "Se Tipo traguardo è vuoto, il programma ricava i traguardi dal Livello atteso e segna DA VERIFICARE ciò che non è certo.".into()),
        (&fm.body, String::new()),
        (&fm.heading, "Poi".into()),
        (&fm.body, "consuntivo piano importa FILE.xlsx   scrive inputs/piano-<anno>.toml e stampa un riepilogo con i punti da verificare.".into()),
    ];
    if example {
        lines.insert(2, (&fm.heading, format!("Le righe già scritte nei fogli «{TABLE_SHEET}», «{units}» e «{THEMES_SHEET}» sono un esempio: sostituirle con il proprio piano.")));
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    for (i, (f, text)) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, text, f)?;
        // Readers that do not fit wrapped rows themselves (LibreOffice on
        // load) need the height.
        let lines = lines_in(text, 100);
        if lines > 1 {
            ws.set_row_height(i as u32, 15.0 * lines as f64)?;
        }
    }
    Ok(())
}

fn workbook(plan: &Plan, vocab: &Vocabulary, example: bool) -> Result<Vec<u8>, XlsxError> {
    let fm = formats();
    let mut wb = Workbook::new();
    write_instructions(wb.add_worksheet(), plan, vocab, example, &fm)?;
    write_general(wb.add_worksheet(), plan, &fm)?;
    {
        let ws = wb.add_worksheet();
        let last = write_table(ws, plan, vocab, &fm)?;
        validations(ws, plan, &vocab.unit.plural, last + SPARE_ROWS, vocab)?;
        ws.set_active(true);
    }
    write_units(wb.add_worksheet(), plan, vocab, &fm)?;
    write_themes(wb.add_worksheet(), plan, &fm)?;
    wb.save_to_buffer()
}

/// The loaded plan as a plan workbook.
pub fn export(plan: &Plan, vocab: &Vocabulary) -> Result<Vec<u8>, XlsxError> {
    workbook(plan, vocab, false)
}

/// A blank plan workbook with one example row per sheet.
pub fn blank(ente: &str, year: i32, vocab: &Vocabulary) -> Result<Vec<u8>, XlsxError> {
    workbook(&example_plan(ente, year, vocab), vocab, true)
}

/// The example the blank workbook shows: one unit, one theme, one
/// objective with one indicator and a deadline, all importable as they are.
pub fn example_plan(ente: &str, year: i32, vocab: &Vocabulary) -> Plan {
    let unit = AreaId("I".to_string());
    Plan {
        ente: Ente {
            name: ente.to_string(),
            province: None,
        },
        year,
        title: format!("Piano della performance {year}"),
        adopted_by: None,
        areas: vec![Area {
            id: unit.clone(),
            name: format!("{} I Affari generali", vocab.unit.singular),
            offices: vec!["segreteria".into(), "protocollo".into()],
            head: None,
        }],
        themes: vec![Theme {
            id: ThemeId("trasparenza".into()),
            name: "Trasparenza e legalità".into(),
        }],
        objectives: vec![Objective {
            id: ObjectiveId("OB01".into()),
            theme: ThemeId("trasparenza".into()),
            title: "Aggiornamento della sezione Amministrazione trasparente".into(),
            description: None,
            areas: vec![Responsibility {
                area: unit,
                weight: Some(5.0),
                note: None,
            }],
            funding: None,
            indicators: vec![Indicator {
                id: IndicatorId("OB01.1".into()),
                description: "Pubblicazione dei dati obbligatori".into(),
                expected: format!("entro il 30/06/{year}"),
                targets: vec![Target::Deadline {
                    date: NaiveDate::from_ymd_opt(year, 6, 30).unwrap_or_default(),
                    movable: None,
                    note: None,
                }],
                condition: None,
                areas: None,
                ..Default::default()
            }],
            strategic: None,
            dormant: Vec::new(),
        }],
        strategic: Vec::new(),
    }
}
