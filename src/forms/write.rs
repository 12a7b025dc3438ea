//! The form of one unit as a workbook (rust_xlsxwriter): what is not in
//! the plan (settings, prefilled cells) and the assembly of the three
//! sheets, including the hidden one that lets the readers recognise the
//! form. The visible sheets have their own modules (`instructions.rs`,
//! `data_sheet.rs`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::{AreaId, IndicatorId, Plan};
use crate::results::Entry;
use crate::vocab::{Prep, Vocabulary};

use super::data_sheet::write_data;
use super::instructions::{Instructions, write_instructions};
use super::layout::{self, Column, FormKind, RowSpec};
use super::write_monitoring;

/// What goes in an input cell of a prefilled form.
#[derive(Debug, Clone, PartialEq)]
pub enum CellInput {
    Text(String),
    Number(f64),
    /// A percentage, 0–100, written as a fraction formatted as percentage
    /// (so 0,5% is not read back as 50%).
    Percent(f64),
    Date(NaiveDate),
    /// A formula with its cached result: only tests write one, to play a
    /// user who typed `=1/0`; prefilled forms never contain formulas.
    #[cfg_attr(not(test), allow(dead_code))]
    Formula(String, String),
}

/// Input cells to fill, by row code (see [`layout::row_code`]) and column.
pub type Fill = BTreeMap<(String, Column), CellInput>;

/// Settings of the generated forms that are not in the plan.
#[derive(Debug, Clone, Default)]
pub struct FormSettings {
    /// Date by which the units return the form; default 31 March of the
    /// following year.
    pub deadline: Option<NaiveDate>,
    /// Who to ask; default the vocabulary's contact office.
    pub contact: Option<String>,
    /// The ente's words for its units and roles.
    pub vocab: Vocabulary,
    /// Protect the sheet with this password (none by default, so anyone
    /// can unprotect it if really needed).
    pub password: Option<String>,
    /// A monitoring form for a check at this date, instead of the year-end
    /// form.
    pub monitoring: Option<NaiveDate>,
}

impl FormSettings {
    pub fn kind(&self) -> FormKind {
        match self.monitoring {
            Some(d) => FormKind::Monitoring(d),
            None => FormKind::YearEnd,
        }
    }
}

/// Builds the input cells of `area`'s form from entries (value as
/// reported, percentages 0–100): the reverse of the reader.
pub fn fill_from_entries(
    plan: &Plan,
    area: &AreaId,
    entries: &[Entry],
) -> Result<Fill, Diagnostics> {
    fill_rows(
        plan,
        area,
        entries,
        |e| (&e.indicator, e.target),
        |row, e, put| {
            if let Some(d) = &e.date {
                put(Column::Date, CellInput::Date(d.value));
            }
            if let Some(v) = &e.value {
                let cell = if row.target().kind().value_is_percent() {
                    CellInput::Percent(v.value)
                } else {
                    CellInput::Number(v.value)
                };
                put(Column::Value, cell);
            }
            if let Some(b) = &e.done {
                put(
                    Column::Done,
                    CellInput::Text(if b.value { "Sì" } else { "No" }.into()),
                );
            }
            if let Some(s) = &e.status {
                put(Column::Status, CellInput::Text(s.value.label().into()));
            }
            if let Some(t) = &e.evidence {
                put(Column::Evidence, CellInput::Text(t.value.clone()));
            }
            if let Some(t) = &e.notes {
                put(Column::Notes, CellInput::Text(t.value.clone()));
            }
            if let Some(t) = &e.motivation {
                put(Column::Motivation, CellInput::Text(t.value.clone()));
            }
        },
    )
}

/// The input cells of `area`'s form from any kind of entry: finds each
/// entry's row by indicator and target, and lets `cells` fill that row. An
/// entry with no row in the form is an error, so a test or an example
/// never fills a form silently short.
pub(crate) fn fill_rows<E>(
    plan: &Plan,
    area: &AreaId,
    entries: &[E],
    at: impl Fn(&E) -> (&IndicatorId, usize),
    mut cells: impl FnMut(&RowSpec<'_>, &E, &mut dyn FnMut(Column, CellInput)),
) -> Result<Fill, Diagnostics> {
    let rows = layout::rows(plan, area);
    let mut fill = Fill::new();
    let mut diags = Diagnostics::new();
    for e in entries {
        let (indicator, target) = at(e);
        let Some(row) = rows
            .iter()
            .find(|r| &r.indicator.id == indicator && r.target == target)
        else {
            diags.push(Diagnostic::error(
                Location::default(),
                format!(
                    "l'indicatore {} (traguardo {}) non è nel modulo dell'unità {}",
                    indicator,
                    target + 1,
                    area
                ),
            ));
            continue;
        };
        let key = row.key();
        cells(row, e, &mut |col, v| {
            fill.insert((key.clone(), col), v);
        });
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(fill)
    }
}

fn xerr<'a>(area: &'a AreaId, vocab: &'a Vocabulary) -> impl Fn(XlsxError) -> Diagnostics + 'a {
    move |e| {
        Diagnostics::from(Diagnostic::error(
            Location::default(),
            format!(
                "impossibile generare il modulo {} {area}: {e}",
                vocab.unit.prep(Prep::Di, false)
            ),
        ))
    }
}

/// The workbook of `area` with `fill` in its input cells.
pub fn build(
    plan: &Plan,
    area_id: &AreaId,
    fill: &Fill,
    settings: &FormSettings,
) -> Result<(String, Vec<u8>), Diagnostics> {
    let vocab = &settings.vocab;
    let Some(area) = plan.area(area_id) else {
        return Err(Diagnostic::error(
            Location::default(),
            format!("{} «{area_id}» non esiste nel piano", vocab.unit.the(false)),
        )
        .into());
    };
    let rows = layout::rows(plan, area_id);
    let kind = settings.kind();
    let name = layout::file_name_of(plan, &area.name, kind);
    let err = xerr(area_id, vocab);

    let mut wb = Workbook::new();
    let deadline = settings.deadline.or_else(|| match kind {
        FormKind::YearEnd => NaiveDate::from_ymd_opt(plan.year + 1, 3, 31),
        // A fortnight to answer a mid-year check.
        FormKind::Monitoring(d) => d.checked_add_days(chrono::Days::new(15)),
    });
    let contact = settings
        .contact
        .clone()
        .unwrap_or_else(|| default_contact(plan, vocab));

    let fingerprint = plan.fingerprint();
    let props = DocProperties::new()
        .set_title(match kind {
            FormKind::YearEnd => format!("Rendicontazione {} – {}", plan.year, area.name),
            FormKind::Monitoring(d) => format!(
                "Monitoraggio {} {} – {}",
                plan.year,
                italian::date_long_after("al", d),
                area.name
            ),
        })
        .set_subject(format!("{} – {}", plan.title, plan.ente.name))
        .set_company(&plan.ente.name)
        .set_author("consuntivo")
        .set_keywords("performance, rendicontazione")
        .set_custom_property("consuntivo_formato", kind.format_version())
        .set_custom_property("consuntivo_ente", &plan.ente.name)
        .set_custom_property("consuntivo_anno", plan.year)
        .set_custom_property("consuntivo_area", area.id.as_str())
        .set_custom_property("consuntivo_impronta_piano", fingerprint.as_str());
    wb.set_properties(&props);

    let instructions = wb.add_worksheet();
    // The form speaks to one unit, in its own kind word («questa U.O.A.»).
    let own = vocab.for_unit(area.id.as_str(), &area.name);
    let text = Instructions {
        plan,
        area,
        rows: &rows,
        deadline,
        contact: &contact,
        vocab: &own,
        all_units: vocab.all_units(),
        fingerprint: &fingerprint,
    };
    match kind {
        FormKind::YearEnd => write_instructions(instructions, &text),
        FormKind::Monitoring(date) => write_monitoring::instructions(instructions, &text, date),
    }
    .map_err(&err)?;
    instructions.set_active(true);

    let sheet = wb.add_worksheet();
    write_data(sheet, plan, area, &rows, fill, settings, deadline).map_err(&err)?;

    let meta = wb.add_worksheet();
    write_meta(meta, plan, &fingerprint, area_id, &area.name, kind).map_err(&err)?;

    let bytes = wb.save_to_buffer().map_err(&err)?;
    Ok((name, bytes))
}

/// The vocabulary's contact office; when it is the top official's office and
/// the plan has a unit for the top official (`Plan::top_official_unit`),
/// with that unit's head.
fn default_contact(plan: &Plan, vocab: &Vocabulary) -> String {
    let official = vocab.top_official.singular.to_lowercase();
    let contact = vocab.contact.clone();
    if !contact.to_lowercase().contains(&official) {
        return contact;
    }
    match plan
        .top_official_unit(vocab)
        .and_then(|a| a.head.as_deref())
    {
        Some(head) => format!("{contact} ({head})"),
        None => contact,
    }
}

pub(crate) fn write_meta(
    ws: &mut Worksheet,
    plan: &Plan,
    fingerprint: &str,
    area: &AreaId,
    area_name: &str,
    kind: FormKind,
) -> Result<(), XlsxError> {
    ws.set_name(layout::META_SHEET)?;
    ws.write_string(0, 0, "Dati di riconoscimento del modulo: non modificare.")?;
    let mut pairs: Vec<(&str, String)> = vec![
        (layout::META_FORMAT, kind.format_version().to_string()),
        (layout::META_ENTE, plan.ente.name.clone()),
        (layout::META_YEAR, plan.year.to_string()),
        (layout::META_AREA, area.to_string()),
        (layout::META_AREA_NAME, area_name.to_string()),
        (layout::META_FINGERPRINT, fingerprint.to_string()),
        (layout::META_KIND, kind.meta_value().to_string()),
    ];
    if let FormKind::Monitoring(d) = kind {
        pairs.push((layout::META_MONITORING_DATE, italian::date_short(d)));
    }
    for (i, (k, v)) in pairs.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, *k)?;
        // Text, not numbers: the year and version read back identically
        // from every format.
        ws.write_string(i as u32 + 1, 1, v)?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 40)?;
    ws.protect();
    ws.set_hidden(true);
    Ok(())
}
