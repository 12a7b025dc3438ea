//! Writing the form of one Area (rust_xlsxwriter).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::{ALL_AREAS_NOTE, AreaId, Change, IndicatorId, Plan, Target};
use crate::results::Entry;
use crate::vocab::{Gender, Prep, Vocabulary};

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
    let text = Instructions {
        plan,
        area,
        rows: &rows,
        deadline,
        contact: &contact,
        vocab,
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

/// "un'altra Area", "un altro Settore".
fn another(vocab: &Vocabulary) -> String {
    match vocab.unit.gender {
        Gender::Feminine => format!("un'altra {}", vocab.unit.singular),
        Gender::Masculine => format!("un altro {}", vocab.unit.singular),
    }
}

/// "questa Area" would be wrong Italian for "Settore": "questo Settore".
pub(super) fn this_unit(vocab: &Vocabulary) -> String {
    format!(
        "{} {}",
        vocab.unit.agree("questo", false),
        vocab.unit.singular
    )
}

/// True when some objective or indicator of the unit's form is assigned to
/// every unit ("tutte" in the plan): only then do the instructions say so.
fn has_shared_objectives(plan: &Plan, area: &AreaId) -> bool {
    let shared = |list: &[crate::plan::Responsibility]| {
        list.iter().any(|r| {
            &r.area == area
                && r.note
                    .as_deref()
                    .is_some_and(|n| n.starts_with(ALL_AREAS_NOTE))
        })
    };
    plan.objectives.iter().any(|o| {
        shared(&o.areas)
            || o.indicators
                .iter()
                .any(|i| i.areas.as_deref().is_some_and(shared))
    })
}

/// What the instructions sheet speaks of.
pub(super) struct Instructions<'a> {
    pub plan: &'a Plan,
    pub area: &'a crate::plan::Area,
    pub rows: &'a [RowSpec<'a>],
    pub deadline: Option<NaiveDate>,
    pub contact: &'a str,
    pub vocab: &'a Vocabulary,
    /// The plan's fingerprint, computed once per form (it serialises the
    /// whole plan).
    pub fingerprint: &'a str,
}

/// A date of the form to show as example: the first deadline of this form
/// in the plan's year, else 30 June of that year.
fn example_date(plan: &Plan, rows: &[RowSpec<'_>]) -> String {
    rows.iter()
        .find_map(|r| match r.target() {
            Target::Deadline { date, .. } if date.year() == plan.year => Some(*date),
            _ => None,
        })
        .or_else(|| NaiveDate::from_ymd_opt(plan.year, 6, 30))
        .map(italian::date_short)
        .unwrap_or_else(|| format!("30/06/{}", plan.year))
}

fn write_instructions(ws: &mut Worksheet, text: &Instructions<'_>) -> Result<(), XlsxError> {
    let Instructions {
        plan,
        area,
        rows,
        deadline,
        contact,
        vocab,
        fingerprint,
    } = *text;
    let n_rows = rows.len();
    let example = example_date(plan, rows);
    let shared = if has_shared_objectives(plan, &area.id) {
        format!(", compresi quelli di «{}»", vocab.all_units())
    } else {
        String::new()
    };
    // The example code is a real one: of this form, else of the plan; a
    // plan with no indicator of several targets needs no such example.
    let several = rows
        .iter()
        .map(|r| r.indicator)
        .chain(plan.objectives.iter().flat_map(|o| &o.indicators))
        .find(|i| i.targets.len() > 1);
    let codes = match several {
        Some(i) => {
            let (id, n) = (&i.id, i.targets.len());
            format!(
                "Quando un indicatore ha più traguardi (ad esempio una quantità e una scadenza), \
                 ha una riga per ciascuno e il codice indica quale: «{id} (1/{n})» è il primo dei {n} traguardi dell'indicatore {id}, «{id} (2/{n})» il secondo. "
            )
        }
        None => String::new(),
    };
    let InstructionFormats {
        title,
        heading,
        body,
        yellow,
        grey,
    } = InstructionFormats::new();

    let when = deadline.map(italian::date_long).unwrap_or_else(|| {
        format!(
            "la data comunicata {}",
            vocab.top_official.prep(Prep::Da, false)
        )
    });
    let mut lines: Vec<(&Format, String)> = vec![
        (
            &title,
            format!("{} – Rendicontazione della performance {}", plan.ente.name, plan.year),
        ),
        (&heading, area.name.clone()),
        (&body, String::new()),
        (&heading, "Che cosa compilare".into()),
        (&body, format!(
            "Il foglio «{}» elenca, una riga per traguardo, gli obiettivi del piano «{}» ({}) assegnati a {}{shared} ({} {}). \
             Le colonne da «{}» a «{}» riportano il piano e non si possono modificare. Compilare le celle gialle a destra.",
            layout::DATA_SHEET, plan.title, plan.year, this_unit(vocab), n_rows,
            if n_rows == 1 { "riga" } else { "righe" },
            Column::Code.header(), Column::Weight.header()
        )),
        (&yellow, "Celle gialle: da compilare per ogni riga.".into()),
        (&grey, "Celle grigie: non richieste per quel tipo di traguardo; se vi si scrive qualcosa, il valore viene comunque letto.".into()),
        (&body, String::new()),
        (&heading, "Il codice di ogni riga".into()),
        (&body, format!(
            "La colonna «{}» identifica la riga: non modificarla. {codes}\
             Le righe possono essere ordinate o filtrate liberamente: vengono riconosciute dal codice, non dalla posizione.",
            Column::Code.header()
        )),
        (&body, String::new()),
        (&heading, "Formati".into()),
        (&body, format!("• {}: la data in cui il traguardo è stato realizzato, ad esempio {example} (anche {}, {} o con l'anno a due cifre).", Column::Date.header(), example.replace('/', "-"), example.replace('/', "."))),
        (&body, format!("• {}: solo il numero, con la virgola per i decimali (12 oppure 12,5; il punto separa le migliaia: 1.160 vale 1160). Per le percentuali scrivere 90, 90% oppure 0,9 (un numero fino a 1 è inteso come frazione: per meno dell'1% scrivere ad esempio 0,5%).", Column::Value.header())),
        (&body, format!("• {}: «Sì» oppure «No» (dal menu a tendina; si leggono anche S, N e X per sì).", Column::Done.header())),
        (&body, format!("• {}: Raggiunto, Parzialmente raggiunto, Non raggiunto oppure Non applicabile (dal menu a tendina); «Non applicabile» quando la condizione dell'indicatore non si è verificata.", Column::Status.header())),
        (&body, format!("• {}: gli atti o i documenti che provano il risultato, ad esempio «DGC n. 45 del {example}».", Column::Evidence.header())),
        (&body, format!("• {}: obbligatoria quando un traguardo non è stato raggiunto o lo è stato in ritardo: spiegare le cause.", Column::Motivation.header())),
        (&body, format!("• {}: ogni altra informazione utile.", Column::Notes.header())),
        (&body, String::new()),
        (&heading, "Consegna".into()),
        (&body, format!(
            "Restituire il file compilato entro il {when}, senza cambiarne il nome, a: {contact}. \
             Si può usare Excel o LibreOffice (anche salvando in formato .ods). Un solo file per {}.",
            vocab.unit.singular
        )),
        (&body, format!("Per chiarimenti: {contact}.")),
        (&body, String::new()),
        (&body, format!(
            "Il file è stato generato per l'anno {} e per questa versione del piano (impronta {}): non usarlo per un altro anno o {}.",
            plan.year, fingerprint, another(vocab)
        )),
    ];
    if n_rows == 0 {
        lines.insert(
            3,
            (
                &heading,
                format!(
                    "Nessun obiettivo è assegnato a {} nel piano: il modulo non va compilato.",
                    this_unit(vocab)
                ),
            ),
        );
    }
    write_lines(ws, &lines)
}

/// The formats of the instructions sheet.
pub(super) struct InstructionFormats {
    pub title: Format,
    pub heading: Format,
    pub body: Format,
    pub yellow: Format,
    pub grey: Format,
}

impl InstructionFormats {
    pub fn new() -> Self {
        InstructionFormats {
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new().set_bold().set_font_size(11),
            body: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            yellow: Format::new()
                .set_background_color(Color::RGB(0xFFF2CC))
                .set_border(FormatBorder::Thin)
                .set_text_wrap(),
            grey: Format::new()
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_border(FormatBorder::Thin)
                .set_text_wrap(),
        }
    }
}

/// The instructions sheet: one line of text per row, protected.
pub(super) fn write_lines(
    ws: &mut Worksheet,
    lines: &[(&Format, String)],
) -> Result<(), XlsxError> {
    ws.set_name(layout::INSTRUCTIONS_SHEET)?;
    ws.set_column_width(0, 110)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 1);
    for (i, (fmt, text)) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, text, fmt)?;
        let n = layout::wrapped_lines(text, 125.0);
        if n > 1 {
            ws.set_row_height(i as u32, 15 * n + 2)?;
        }
    }
    ws.protect();
    Ok(())
}

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

/// The targets of the other years, as context: "2025: Almeno 12 pratiche;
/// 2026: n.a."; `None` for a one-year indicator.
pub fn other_years(ind: &crate::plan::Indicator) -> Option<String> {
    if ind.other_years.is_empty() {
        return None;
    }
    let parts: Vec<String> = ind
        .other_years
        .iter()
        .map(|y| {
            let what = if y.targets.is_empty() {
                "n.a.".to_string()
            } else {
                y.targets
                    .iter()
                    .map(describe_target)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!("{}: {what}", y.year)
        })
        .collect();
    Some(parts.join("; "))
}

/// Plain words for one target, e.g. "Scadenza: entro il 30/06/2023".
pub fn describe_target(t: &Target) -> String {
    match t {
        Target::Deadline { date, movable, .. } => {
            let mut s = format!("Scadenza: entro il {}", italian::date_short(*date));
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
            format!("Almeno il {}% {}", italian::number(*value, 2), of)
                .trim_end()
                .to_string()
        }
        Target::YesNo { what } => format!("Sì/No: {what}"),
        Target::Qualitative { criterion } => format!("Valutazione: {criterion}"),
        Target::Change {
            from,
            goal,
            change,
            unit,
        } => {
            let n = |x: f64| italian::number(x, 2);
            let how = match change {
                Change::IncreasePercent(p) => format!("Aumento del {}%", n(*p)),
                Change::IncreaseBy(a) => format!("Aumento di {}", n(*a)),
                Change::DecreasePercent(p) => format!("Riduzione del {}%", n(*p)),
                Change::DecreaseBy(a) => format!("Riduzione di {}", n(*a)),
                Change::Total(_) => "Totale da raggiungere".to_string(),
            };
            format!(
                "{how} rispetto al valore di partenza {}: obiettivo {} {unit}",
                n(*from),
                n(*goal)
            )
            .trim_end()
            .to_string()
        }
        Target::Phase {
            name, start, end, ..
        } => {
            let mut s = format!("Fase «{name}»: avanzamento in %");
            match (start, end) {
                (Some(a), Some(b)) => s.push_str(&format!(
                    " (dal {} al {})",
                    italian::date_short(*a),
                    italian::date_short(*b)
                )),
                (None, Some(b)) => s.push_str(&format!(" (entro il {})", italian::date_short(*b))),
                (Some(a), None) => s.push_str(&format!(" (dal {})", italian::date_short(*a))),
                (None, None) => {}
            }
            s
        }
    }
}

fn write_data(
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
                this_unit(&settings.vocab)
            ),
        )?;
    }

    ws.set_freeze_panes(h + 1, 1)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_repeat_rows(h, h)?;
    ws.set_print_fit_to_pages(1, 0);
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
