//! The «Istruzioni» sheet: what a unit's staff read before filling the
//! form, worded with the ente's vocabulary and with examples taken from
//! the form itself (a real code, a real deadline). The monitoring form
//! writes its own text through the same lines and formats.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::italian;
use crate::plan::{ALL_AREAS_NOTE, AreaId, Plan, Target};
use crate::vocab::{Gender, Prep, Vocabulary};

use super::layout::{self, Column, RowSpec};

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
    /// The words of this unit: its own kind word (`Vocabulary::for_unit`).
    pub vocab: &'a Vocabulary,
    /// The plan's word for every unit («Tutte le Aree»), in the ente's
    /// words whatever this unit's kind.
    pub all_units: String,
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

/// An act to show as example of evidence, taken from the ente's own plan:
/// the act that adopted it, else the first act its objectives or
/// indicators cite («DGC n. 32 in data 24/02/2023»). `None`: the plan cites
/// no act, and the instructions give no example rather than another
/// comune's.
pub(crate) fn example_act(plan: &Plan) -> Option<String> {
    static ACT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?:D\.?G\.?C\.?|D\.?C\.?C\.?|G\.?C\.?|C\.?C\.?|delibera(?:zione)?(?: (?:di|della) (?:Giunta|Consiglio)(?: comunale)?)?|determina(?:zione)?|decreto(?: sindacale)?)\s+n\.?\s*\d+(?:/\d{2,4})?(?:\s+(?:del|in data)\s+\d{1,2}[/.]\d{1,2}[/.]\d{2,4})?",
        )
        .expect("valid regex")
    });
    if let Some(act) = plan.adopted_by.as_deref().map(str::trim)
        && !act.is_empty()
    {
        return Some(act.to_string());
    }
    let texts = plan.objectives.iter().flat_map(|o| {
        [Some(&o.title), o.description.as_ref()]
            .into_iter()
            .flatten()
            .chain(
                o.indicators
                    .iter()
                    .flat_map(|i| [&i.description, &i.expected]),
            )
    });
    texts
        .filter_map(|t| ACT.find(t))
        .map(|m| m.as_str().to_string())
        .next()
}

pub(super) fn write_instructions(
    ws: &mut Worksheet,
    text: &Instructions<'_>,
) -> Result<(), XlsxError> {
    let Instructions {
        plan,
        area,
        rows,
        deadline,
        contact,
        vocab,
        ref all_units,
        fingerprint,
    } = *text;
    let n_rows = rows.len();
    let example = example_date(plan, rows);
    let shared = if has_shared_objectives(plan, &area.id) {
        format!(", compresi quelli di «{all_units}»")
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
            "Il foglio «{}» elenca, una riga per traguardo, gli obiettivi del piano «{}»{} assegnati a {}{shared} ({} {}). \
             Le colonne da «{}» a «{}» riportano il piano e non si possono modificare. Compilare le celle gialle a destra.",
            layout::DATA_SHEET, plan.title, plan.names().beside_title.map(|a| format!(" ({a})")).unwrap_or_default(), this_unit(vocab), n_rows,
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
        (&body, match example_act(plan) {
            Some(act) => format!("• {}: gli atti o i documenti che provano il risultato, ad esempio «{act}».", Column::Evidence.header()),
            None => format!("• {}: gli atti o i documenti che provano il risultato (numero e data della delibera, della determinazione o del documento).", Column::Evidence.header()),
        }),
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
        // Say why: a unit whose indicators a lead unit reports is assigned
        // objectives, just no row of its own.
        let led = plan
            .objectives_for(&area.id)
            .next()
            .and_then(|_| super::no_rows_reason(plan, &area.id, vocab));
        let why = match led {
            Some(reason) => {
                format!("Nessuna riga da compilare: {reason}. Il modulo non va compilato.")
            }
            None => format!(
                "Nessun obiettivo è assegnato a {} nel piano: il modulo non va compilato.",
                this_unit(vocab)
            ),
        };
        lines.insert(3, (&heading, why));
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
    crate::xlsx_style::print_setup(ws, true, 110.0, None, false)?;
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
