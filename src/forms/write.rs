//! The form of one unit as a workbook (rust_xlsxwriter): the assembly of
//! the three sheets, including the hidden one that lets the readers
//! recognise the form. The visible sheets have their own modules
//! (`instructions.rs`, `data_sheet.rs`); what is not in the plan (settings,
//! prefilled cells) is in `fill.rs`.

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::{AreaId, Plan};
use crate::vocab::{Prep, Vocabulary};

use super::data_sheet::write_data;
use super::fill::{Fill, FormSettings};
use super::instructions::{Instructions, write_instructions};
use super::layout::{self, FormKind};
use super::write_monitoring;

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
        .set_custom_property("consuntivo_impronta_piano", fingerprint.as_str())
        // The period the form reports on, never the clock: the same plan
        // gives the same bytes.
        .set_creation_datetime(
            &crate::xlsx_style::created_on(match kind {
                FormKind::YearEnd => crate::xlsx_style::year_end(plan.year),
                FormKind::Monitoring(d) => d,
            })
            .map_err(&err)?,
        );
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
