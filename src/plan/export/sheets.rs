//! The sheets around the table: instructions, general data, units,
//! themes, and the table's validations and dropdowns.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, Worksheet,
    XlsxError,
};

use crate::plan::import::names::{
    GENERAL_SHEET, INSTRUCTIONS_SHEET, STRATEGIC_SHEET, TABLE_SHEET, THEMES_SHEET,
};
use crate::plan::import::side::{TOP_OFFICIAL_HEADING, unit_headings};
use crate::plan::import::{Role, TARGET_KIND_WORDS, YES_NO};
use crate::plan::{INDICATOR_SCOPES, INDICATOR_TYPES, Plan};
use crate::vocab::{Prep, Vocabulary};

use super::table::lines_in;
use super::{Formats, all_units_set};

/// Adds `v` to the column of `role`, from row 1 to `last`, when the sheet has one.
fn validate(
    ws: &mut Worksheet,
    columns: &[(Role, &str)],
    role: Role,
    last: u32,
    v: &DataValidation,
) -> Result<(), XlsxError> {
    if let Some(c) = columns.iter().position(|(r, _)| *r == role) {
        ws.add_data_validation(1, c as u16, last, c as u16, v)?;
    }
    Ok(())
}

/// Dropdowns and checks of a table sheet (`columns`), down to row `last`.
pub(super) fn validations(
    ws: &mut Worksheet,
    columns: &[(Role, &str)],
    plan: &Plan,
    last: u32,
    vocab: &Vocabulary,
) -> Result<(), XlsxError> {
    let units_sheet = &vocab.unit.plural;
    let unit_list = DataValidation::new()
        .allow_list_formula(format!("='{units_sheet}'!$B$2:$B$200").as_str().into())
        .set_input_title("Unità responsabili")?
        .set_input_message(format!(
            "Scegliere dall'elenco (foglio «{units_sheet}»), oppure scrivere «{}», più unità una per riga, «– nota» dopo il nome.",
            vocab.all_units()
        ))?
        .set_error_style(DataValidationErrorStyle::Information);
    for role in [Role::Responsible, Role::IndicatorResponsible] {
        validate(ws, columns, role, last, &unit_list)?;
    }
    let weight = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title("Peso")?
        .set_input_message("Un numero (5 oppure 7,5); con pesi diversi per unità, uno per riga nello stesso ordine delle unità. Senza alcun peso nel piano decide la regola [pesi_mancanti] del sistema di valutazione.")?
        .set_error_style(DataValidationErrorStyle::Information);
    for role in [Role::Weight, Role::IndicatorWeight] {
        validate(ws, columns, role, last, &weight)?;
    }
    let strategic = DataValidation::new()
        .allow_list_formula(format!("='{STRATEGIC_SHEET}'!$A$2:$A$200").as_str().into())
        .set_input_title("Obiettivo strategico")?
        .set_input_message(format!(
            "Il codice di un obiettivo del foglio «{STRATEGIC_SHEET}» (es. S1); vuoto se il piano non ha il livello strategico."
        ))?
        .set_error_style(DataValidationErrorStyle::Information);
    validate(ws, columns, Role::Strategic, last, &strategic)?;
    let kinds = DataValidation::new()
        .allow_list_strings(&TARGET_KIND_WORDS)?
        .set_input_title("Tipo di traguardo")?
        .set_input_message("scadenza: Data. minimo, massimo, inferiore a, percentuale: Valore. sì/no, qualitativo: Descrizione. aumento/riduzione %, assoluto/a, totale: Valore, dal Valore di partenza; «ulteriore …»: dal traguardo dell'anno prima.")?
        .set_error_title("Tipo non valido")?
        .set_error_message("Scegliere uno dei tipi dell'elenco a discesa (sono spiegati nel foglio Istruzioni).")?;
    validate(ws, columns, Role::TargetKind, last, &kinds)?;
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
        validate(ws, columns, role, last, &list)?;
    }
    let lead = DataValidation::new()
        .allow_list_formula(format!("='{units_sheet}'!$B$2:$B$200").as_str().into())
        .set_error_style(DataValidationErrorStyle::Information);
    validate(ws, columns, Role::Lead, last, &lead)?;
    let success = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(1.0, 100.0))
        .set_error_title("Successo atteso non valido")?
        .set_error_message("Scrivere una percentuale da 1 a 100, ad esempio 80.")?;
    validate(ws, columns, Role::Success, last, &success)?;
    let value = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_title("Valore non valido")?
        .set_error_message(
            "Scrivere un numero maggiore o uguale a zero (le percentuali da 0 a 100).",
        )?;
    validate(ws, columns, Role::TargetValue, last, &value)?;
    let baseline = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
        .set_error_title("Valore di partenza non valido")?
        .set_error_message("Scrivere un numero, ad esempio 2000 o 35,5.")?;
    validate(ws, columns, Role::BaselineValue, last, &baseline)?;
    let year = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(1990, 2199))
        .set_error_title("Anno non valido")?
        .set_error_message(format!(
            "Scrivere l'anno con quattro cifre, ad esempio {}.",
            plan.year + 1
        ))?;
    for role in [Role::TargetYear, Role::BaselineYear] {
        validate(ws, columns, role, last, &year)?;
    }
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
        validate(ws, columns, role, last, &date)?;
    }
    Ok(())
}

pub(super) fn general(ws: &mut Worksheet, plan: &Plan, fm: &Formats) -> Result<(), XlsxError> {
    ws.set_name(GENERAL_SHEET)?;
    crate::xlsx_style::print_setup(ws, false, 88.0, None, false)?;
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 70)?;
    let values = [
        plan.ente.name.clone(),
        plan.ente.province.clone().unwrap_or_default(),
        String::new(),
        plan.title.clone(),
        plan.document
            .map(|d| d.written().to_string())
            .unwrap_or_default(),
        plan.adopted_by.clone().unwrap_or_default(),
        plan.payment_times_code().unwrap_or_default(),
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
        .set_error_message(format!(
            "Scrivere l'anno del piano con quattro cifre, ad esempio {}.",
            plan.year
        ))?;
    ws.add_data_validation(2, 1, 2, 1, &year)?;
    let document = DataValidation::new()
        .allow_list_strings(&crate::plan::PlanInstrument::WRITTEN)?
        .set_error_title("Documento non valido")?
        .set_error_message(format!(
            "Scegliere dal menu {}: il documento con cui l'ente ha adottato il piano.",
            crate::italian::or_list(&crate::plan::PlanInstrument::WRITTEN)
        ))?;
    ws.add_data_validation(4, 1, 4, 1, &document)?;
    Ok(())
}

pub(super) fn units(
    ws: &mut Worksheet,
    plan: &Plan,
    vocab: &Vocabulary,
    fm: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(&vocab.unit.plural)?;
    crate::xlsx_style::print_setup(ws, true, 162.0, Some((0, 0)), false)?;
    let all = all_units_set(plan);
    for (i, h) in unit_headings(vocab).iter().enumerate() {
        ws.write_string_with_format(0, i as u16, h, &fm.header)?;
    }
    for (c, w) in [10, 45, 45, 30, 16, 16].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    let top = plan.top_official_unit(vocab).map(|a| &a.id);
    for (i, a) in plan.areas.iter().enumerate() {
        let r = i as u32 + 1;
        let in_all = match &all {
            Some(set) => set.contains(&a.id),
            None => Some(&a.id) != top,
        };
        ws.write_string_with_format(r, 0, a.id.as_str(), &fm.text)?;
        ws.write_string_with_format(r, 1, &a.name, &fm.text)?;
        ws.write_string_with_format(r, 2, a.offices.join(", "), &fm.text)?;
        ws.write_string_with_format(r, 3, a.head.as_deref().unwrap_or(""), &fm.text)?;
        ws.write_string_with_format(r, 4, if in_all { "sì" } else { "no" }, &fm.text)?;
        // Only what the plan declares: a unit found by its name stays
        // found by its name, so the round trip gives the same plan.
        let top = if a.top_official { "sì" } else { "no" };
        ws.write_string_with_format(r, 5, top, &fm.text)?;
    }
    let yes_no = DataValidation::new().allow_list_strings(&["sì", "no"])?;
    ws.add_data_validation(1, 4, 200, 5, &yes_no)?;
    Ok(())
}

pub(super) fn themes(ws: &mut Worksheet, plan: &Plan, fm: &Formats) -> Result<(), XlsxError> {
    ws.set_name(THEMES_SHEET)?;
    crate::xlsx_style::print_setup(ws, false, 90.0, Some((0, 0)), false)?;
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

pub(super) fn instructions(
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
    let top = &vocab.top_official;
    let mut lines: Vec<(&Format, String)> = vec![
        (&fm.title, format!("{} – {}", plan.ente.name, plan.title_with_act())),
        (&fm.body, String::new()),
        (&fm.heading, "Come si compila".into()),
        (&fm.body, format!("«{GENERAL_SHEET}»: ente, anno, titolo del piano, documento di cui fa parte ({}) e atto di approvazione.", crate::italian::or_list(&crate::plan::PlanInstrument::WRITTEN))),
        (&fm.body, format!("«{units}»: una riga per unità responsabile: codice breve (es. III), nome per esteso, uffici, {}, se è compresa in «{all}» («sì» o «no») e se è l'unità del vertice (vedi sotto).", vocab.head.singular)),
        (&fm.body, format!("«{TOP_OFFICIAL_HEADING}» (nel foglio «{units}»): «sì» per una sola unità, quella degli obiettivi propri {}, anche se ha un altro nome: la sua scheda è firmata {} e i solleciti sono indirizzati {}. Senza alcun «sì» è l'unità che si chiama «{}».", top.prep(Prep::Di, false), top.prep(Prep::Da, false), top.prep(Prep::A, false), top.singular)),
        (&fm.body, format!("«{THEMES_SHEET}»: gli ambiti strategici, con un codice breve senza spazi (es. legalita) e il nome.")),
        (&fm.body, format!("«{TABLE_SHEET}»: una riga per traguardo. Obiettivo e indicatore si scrivono nella prima delle loro righe (o in celle unite); le righe sotto, lasciate vuote, appartengono allo stesso obiettivo e indicatore.")),
        (&fm.body, format!("«{STRATEGIC_SHEET}» (facoltativo): gli obiettivi strategici del DUP, sopra gli obiettivi operativi: Codice obiettivo (es. S1), Obiettivo, Descrizione obiettivo e, se ne hanno, i loro indicatori, con le stesse colonne del foglio «{TABLE_SHEET}» ma senza unità né pesi: descrivono l'obiettivo strategico e non si rendicontano.")),
        (&fm.body, String::new()),
        (&fm.heading, format!("Le colonne del foglio «{TABLE_SHEET}»")),
        (&fm.body, format!("Obiettivo strategico: il codice dell'obiettivo strategico (foglio «{STRATEGIC_SHEET}») a cui l'obiettivo contribuisce; vuoto se il piano non ha il livello strategico.")),
        (&fm.body, format!("Responsabile/i e Peso: le unità dell'obiettivo, una per riga, scelte dall'elenco o scritte come «{unit} III»; «{all}» vale per ogni unità segnata «sì» nel foglio «{units}». Dopo il nome si può aggiungere « – nota» (es. «{unit} III – ufficio tributi»). Peso: un numero, oppure un peso per riga nello stesso ordine delle unità.")),
        (&fm.body, "Piano senza pesi: se nessun obiettivo ha un peso, la valutazione applica la regola [pesi_mancanti] del sistema di valutazione (file smvp.toml): «errore» chiede i pesi, «uguali» dà a ogni unità lo stesso peso. Se invece qualche obiettivo ha un peso, devono averlo tutti, salvo quelli con il Finanziamento.".into()),
        (&fm.body, "Finanziamento: solo per gli obiettivi senza peso, la fonte delle risorse (es. «Da finanziarsi con risorse variabili Art. 79 CCNL»).".into()),
        (&fm.body, "Responsabile/i indicatore e Peso indicatore: solo se l'indicatore ha unità o pesi propri; senza peso, le unità elencate restringono quelle dell'obiettivo.".into()),
        (&fm.body, "Livello atteso: il testo come approvato. Tipo traguardo, Valore, Data, Descrizione traguardo: il traguardo misurabile, uno per riga (un livello atteso con due traguardi occupa due righe).".into()),
        (&fm.body, format!("Tipi di traguardo: {}. «scadenza» vuole la Data (e, se può slittare, Spostabile); «minimo», «massimo», «inferiore a», «percentuale» vogliono il Valore e, in Descrizione traguardo, che cosa si conta; «sì/no» e «qualitativo» vogliono la Descrizione traguardo.", TARGET_KIND_WORDS.join(", "))),
        (&fm.body, format!("Anno: l'anno del traguardo in un piano pluriennale, vuoto per l'anno del piano ({}); ogni anno ha le sue righe. «non applicabile»: nessun traguardo in quell'anno; se è l'anno del piano, l'indicatore quest'anno non si rendiconta.", plan.year)),
        (&fm.body, "Valore di partenza, Anno di partenza, Fonte del valore di partenza: il valore da cui si misurano i traguardi relativi, sempre rispetto a quel valore: «aumento %» e «riduzione %» (in Valore la percentuale, es. 10), «aumento assoluto» e «riduzione assoluta» (in Valore la quantità, es. 1000), «totale» (in Valore il valore finale da raggiungere); in Descrizione traguardo l'unità di misura (es. pratiche). «ulteriore aumento %», «ulteriore aumento assoluto», «ulteriore riduzione %» e «ulteriore riduzione assoluta» si misurano invece dal traguardo dell'anno prima («+2 ulteriori» nel 2026 rispetto al traguardo del 2025).".into()),
        (&fm.body, "«fase»: un traguardo per fase del progetto, rendicontato come avanzamento %: il nome in Descrizione traguardo, Inizio fase e Data (fine), in Valore il peso della fase (vuoto: le fasi contano allo stesso modo), in Nota traguardo ciò che la fase consegna (facoltativo).".into()),
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
    crate::xlsx_style::print_setup(ws, true, 100.0, None, false)?;
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
