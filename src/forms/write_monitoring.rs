//! The parts of the monitoring form that differ from the year-end one:
//! its instructions and the checks on its input cells.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Worksheet, XlsxError,
};

use crate::diag::Diagnostics;
use crate::italian;
use crate::plan::{AreaId, Plan, TargetKind};
use crate::results::check::{CheckEntry, Forecast};
use crate::vocab::Prep;

use super::fill::{CellInput, Fill, fill_rows};
use super::instructions::{InstructionFormats, Instructions, this_unit, write_lines};
use super::layout::{Column, FormKind};

/// The input cells of a monitoring form from entries (the reverse of the
/// reader): for example data and for tests that fill forms as a user would.
pub fn fill_from_checks(
    plan: &Plan,
    area: &AreaId,
    entries: &[CheckEntry],
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
            if let Some(v) = &e.progress {
                let numeric = matches!(
                    row.target().kind(),
                    TargetKind::Minimum | TargetKind::Maximum
                );
                put(
                    Column::Progress,
                    if numeric {
                        CellInput::Number(v.value)
                    } else {
                        CellInput::Percent(v.value)
                    },
                );
            }
            if let Some(f) = &e.forecast {
                put(Column::Forecast, CellInput::Text(f.value.label().into()));
            }
            for (col, text) in [
                (Column::Proposal, &e.proposal),
                (Column::ProposalMotivation, &e.proposal_motivation),
                (Column::Notes, &e.notes),
            ] {
                if let Some(t) = text {
                    put(col, CellInput::Text(t.value.clone()));
                }
            }
        },
    )
}

pub fn instructions(
    ws: &mut Worksheet,
    text: &Instructions<'_>,
    date: NaiveDate,
) -> Result<(), XlsxError> {
    let Instructions {
        plan,
        area,
        deadline,
        contact,
        vocab,
        ..
    } = *text;
    let n_rows = text.rows.len();
    let f = InstructionFormats::new();
    let at = italian::date_long_after("al", date);
    let forecasts: Vec<&str> = Forecast::ALL.iter().map(|x| x.label()).collect();
    let mut lines: Vec<(&rust_xlsxwriter::Format, String)> = vec![
        (
            &f.title,
            format!(
                "{} – Monitoraggio intermedio della performance {} {at}",
                plan.ente.name, plan.year
            ),
        ),
        (&f.heading, area.name.clone()),
        (&f.body, String::new()),
        (&f.heading, "Che cosa compilare".into()),
        (
            &f.body,
            format!(
                "Il foglio «{}» elenca, una riga per traguardo, gli obiettivi del piano «{}»{} assegnati a {} ({} {}). \
             Per ciascuno indicare lo stato di avanzamento {at} e la previsione di raggiungimento entro l'anno; \
             se il traguardo non è più realistico si può proporre una modifica del piano, che la Giunta valuterà.",
                FormKind::Monitoring(date).data_sheet(),
                plan.title,
                plan.names()
                    .beside_title
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default(),
                this_unit(vocab),
                n_rows,
                if n_rows == 1 { "riga" } else { "righe" },
            ),
        ),
        (
            &f.yellow,
            "Celle gialle: da compilare per ogni riga.".into(),
        ),
        (
            &f.grey,
            "Celle grigie: non richieste per quel tipo di traguardo.".into(),
        ),
        (&f.body, String::new()),
        (&f.heading, "Formati".into()),
        (
            &f.body,
            format!(
                "• {}: se il traguardo è già realizzato, la data di realizzazione (ad esempio 15/05/{}).",
                Column::Date.header(),
                plan.year
            ),
        ),
        (
            &f.body,
            format!(
                "• {}: il valore raggiunto finora per i traguardi numerici (12 oppure 12,5; per le percentuali 90 o 90%); \
             per scadenze, traguardi sì/no e qualitativi la percentuale di lavoro svolto (ad esempio 60%).",
                Column::Progress.header()
            ),
        ),
        (
            &f.body,
            format!(
                "• {}: {} (dal menu a tendina). Un traguardo con scadenza già passata e non realizzato risulta comunque in ritardo.",
                Column::Forecast.header(),
                forecasts.join(", ")
            ),
        ),
        (
            &f.body,
            format!(
                "• {}: facoltativa, il nuovo traguardo o la nuova scadenza proposti (ad esempio «entro il 31/12/{}» o «almeno 8 corsi»).",
                Column::Proposal.header(),
                plan.year
            ),
        ),
        (
            &f.body,
            format!(
                "• {}: obbligatoria se si propone una modifica: perché il traguardo del piano non è più adeguato.",
                Column::ProposalMotivation.header()
            ),
        ),
        (
            &f.body,
            format!(
                "• {}: ogni altra informazione utile.",
                Column::Notes.header()
            ),
        ),
        (&f.body, String::new()),
        (&f.heading, "Consegna".into()),
        (
            &f.body,
            match deadline {
                Some(d) => format!(
                    "Restituire il file compilato {}, senza cambiarne il nome, a: {contact}. \
                 Questo modulo serve solo per il monitoraggio: la rendicontazione di fine anno userà un modulo diverso.",
                    italian::date_long_after("entro il", d)
                ),
                None => format!(
                    "Restituire il file compilato, senza cambiarne il nome, a: {contact}. \
                 Questo modulo serve solo per il monitoraggio: la rendicontazione di fine anno userà un modulo diverso."
                ),
            },
        ),
        (&f.body, format!("Per chiarimenti: {contact}.")),
        (&f.body, String::new()),
        (
            &f.body,
            format!(
                "Il file è stato generato per il monitoraggio {at} e per questa versione del piano (impronta {}).",
                text.fingerprint
            ),
        ),
    ];
    if n_rows == 0 {
        lines.insert(
            3,
            (
                &f.heading,
                format!(
                    "Nessun obiettivo è assegnato {} nel piano: il modulo non va compilato.",
                    vocab.unit.prep(Prep::A, false)
                ),
            ),
        );
    }
    write_lines(ws, &lines)
}

pub fn validations(
    ws: &mut Worksheet,
    plan: &Plan,
    first: u32,
    last: u32,
) -> Result<(), XlsxError> {
    let kind = FormKind::Monitoring(NaiveDate::MIN);
    let year = plan.year as u16;
    let date = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            rust_xlsxwriter::ExcelDateTime::from_ymd(year - 1, 1, 1)?,
            rust_xlsxwriter::ExcelDateTime::from_ymd(year + 3, 12, 31)?,
        ))
        .set_input_title("Data di realizzazione")?
        .set_input_message("Solo se il traguardo è già realizzato, ad esempio 15/05.")?
        .set_error_style(DataValidationErrorStyle::Warning);
    let c = kind.index(Column::Date);
    ws.add_data_validation(first, c, last, c, &date)?;
    let progress = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title("Avanzamento")?
        .set_input_message("Valore raggiunto finora, oppure percentuale di lavoro svolto (60%).")?
        .set_error_style(DataValidationErrorStyle::Warning);
    let c = kind.index(Column::Progress);
    ws.add_data_validation(first, c, last, c, &progress)?;
    let labels: Vec<&str> = Forecast::ALL.iter().map(|x| x.label()).collect();
    let forecast = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title("Previsione non valida")?
        .set_error_message("Scegliere una delle previsioni dell'elenco.")?
        .set_error_style(DataValidationErrorStyle::Warning);
    let c = kind.index(Column::Forecast);
    ws.add_data_validation(first, c, last, c, &forecast)?;
    Ok(())
}
