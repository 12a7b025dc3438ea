//! The plan workbook: written blank with an example (`piano modello`) or
//! from a loaded plan (`piano esporta`), read back by `piano importa`.
//! One row per target on the «Obiettivi» sheet (`table.rs`), objectives
//! and indicators merged over their rows; the strategic objectives, the
//! units and the themes on their own sheets (`sheets.rs`), so export →
//! import gives back the same plan.

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::plan::import::{WORKBOOK_COLUMNS, strategic_columns};
use crate::plan::{
    ALL_AREAS_NOTE, Area, AreaId, Ente, Indicator, IndicatorId, Objective, ObjectiveId, Plan,
    Responsibility, Target, Theme, ThemeId,
};
use crate::vocab::Vocabulary;

mod sheets;
mod table;

/// Rows given validation and dropdowns below the data, for the office to fill.
const SPARE_ROWS: u32 = 500;

/// The units that "Tutte le Aree" stands for in `plan`: those in any
/// responsibility expanded from it. `None` when the plan never uses it.
fn all_units_set(plan: &Plan) -> Option<Vec<AreaId>> {
    let mut set: Vec<AreaId> = Vec::new();
    let lists = plan.objectives.iter().flat_map(|o| {
        std::iter::once(&o.areas).chain(
            o.indicators
                .iter()
                .chain(&o.dormant)
                .filter_map(|i| i.areas.as_ref()),
        )
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

struct Formats {
    header: Format,
    text: Format,
    number: Format,
    /// Years: no decimal point.
    year: Format,
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
        year: cell.clone().set_num_format("0"),
        date: cell.clone().set_num_format("dd/mm/yyyy"),
        text: cell,
        title: Format::new().set_bold().set_font_size(14),
        heading: Format::new().set_bold().set_font_size(11),
        body: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    }
}

fn workbook(plan: &Plan, vocab: &Vocabulary, example: bool) -> Result<Vec<u8>, XlsxError> {
    let fm = formats();
    let mut wb = Workbook::new();
    // The start of the plan's year, never the clock: the same plan gives
    // the same bytes.
    let start = NaiveDate::from_ymd_opt(plan.year.clamp(1900, 9999), 1, 1).unwrap_or_default();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_author("consuntivo")
            .set_creation_datetime(&crate::xlsx_style::created_on(start)?),
    );
    sheets::instructions(wb.add_worksheet(), plan, vocab, example, &fm)?;
    sheets::general(wb.add_worksheet(), plan, &fm)?;
    {
        let ws = wb.add_worksheet();
        let last = table::objectives(ws, plan, vocab, &fm)?;
        sheets::validations(ws, &WORKBOOK_COLUMNS, plan, last + SPARE_ROWS, vocab)?;
        ws.set_active(true);
    }
    sheets::units(wb.add_worksheet(), plan, vocab, &fm)?;
    sheets::themes(wb.add_worksheet(), plan, &fm)?;
    {
        let ws = wb.add_worksheet();
        let last = table::strategic(ws, plan, vocab, &fm)?;
        sheets::validations(ws, &strategic_columns(), plan, last + SPARE_ROWS, vocab)?;
    }
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
        document: None,
        areas: vec![Area {
            id: unit.clone(),
            name: format!("{} I Affari generali", vocab.unit.singular),
            offices: vec!["segreteria".into(), "protocollo".into()],
            head: None,
            top_official: false,
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
            payment_times: None,
        }],
        strategic: Vec::new(),
    }
}
