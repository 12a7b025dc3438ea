//! The CSV files of the open data.
//!
//! Choices, for a double click in Excel or LibreOffice with Italian
//! settings to show the right table: UTF-8 with a byte-order mark (without
//! it Excel reads the accents as Windows-1252), `;` between fields (the
//! Italian list separator: `,` is the decimal mark), decimal comma and no
//! thousands separator in numbers, CRLF line ends and RFC 4180 quoting.
//!
//! Every text field is quoted and, when it starts with a character a
//! spreadsheet takes for the start of a formula (`=`, `+`, `-`, `@`, after
//! any leading blanks, line feeds included; a leading tab, carriage return
//! or line feed), gets an apostrophe in front
//! (OWASP, "CSV Injection"): the text shows as typed and is never
//! evaluated. The JSON file carries every text unchanged.

use super::{Counts, OpenData};

pub const ENTE: &str = "ente.csv";
pub const UNITS: &str = "unita.csv";
pub const STRATEGIC: &str = "strategici.csv";
pub const OBJECTIVES: &str = "obiettivi.csv";
pub const INDICATORS: &str = "indicatori.csv";

const SEP: char = ';';
const BOM: &str = "\u{feff}";

/// One field: a text (quoted, neutralised), a number as written, or
/// nothing. Public for the other CSV files written in this format (the
/// publication list).
pub enum Cell {
    Text(String),
    Number(String),
    Empty,
}

pub(super) fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

pub(super) fn int(n: impl std::fmt::Display) -> Cell {
    Cell::Number(n.to_string())
}

/// A number with a decimal comma and `decimals` digits; empty when absent
/// or not finite.
pub(super) fn decimal(x: Option<f64>, decimals: usize) -> Cell {
    match x {
        Some(x) if x.is_finite() => Cell::Number(format!("{x:.decimals$}").replace('.', ",")),
        _ => Cell::Empty,
    }
}

/// A grade (fraction 0–1) as percentage points with two decimals: 0.855 → "85,50".
pub(super) fn percent(g: Option<f64>) -> Cell {
    decimal(g.map(|g| g * 100.0), 2)
}

pub(super) fn opt_text(s: Option<&str>) -> Cell {
    s.map(text).unwrap_or(Cell::Empty)
}

pub(super) fn yes_no(b: bool) -> Cell {
    text(if b { "sì" } else { "no" })
}

/// The text a spreadsheet shows as typed: an apostrophe in front of a
/// leading formula character, after any blank (spaces, line feeds…), and
/// in front of a leading tab, carriage return or line feed (see the
/// module's comment).
pub fn neutralise(s: &str) -> String {
    let first = s.trim_start().chars().next();
    let blank_first = s.starts_with(['\t', '\r', '\n']);
    if blank_first || matches!(first, Some('=' | '+' | '-' | '@')) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn field(c: &Cell) -> String {
    match c {
        Cell::Text(s) => format!("\"{}\"", neutralise(s).replace('"', "\"\"")),
        Cell::Number(s) => s.clone(),
        Cell::Empty => String::new(),
    }
}

/// A whole file: BOM, header, one CRLF-ended line per row.
pub fn table(header: &[&str], rows: Vec<Vec<Cell>>) -> Vec<u8> {
    let mut out = String::from(BOM);
    let sep = SEP.to_string();
    out.push_str(&header.join(&sep));
    out.push_str("\r\n");
    for row in rows {
        let fields: Vec<String> = row.iter().map(field).collect();
        out.push_str(&fields.join(&sep));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

const COUNT_KINDS: [&str; 6] = [
    "raggiunti",
    "parzialmente_raggiunti",
    "non_raggiunti",
    "non_applicabili",
    "neutralizzati",
    "non_rendicontati",
];

fn count_cells(c: &Counts) -> [Cell; 6] {
    [
        int(c.achieved),
        int(c.partially_achieved),
        int(c.not_achieved),
        int(c.not_applicable),
        int(c.neutralised),
        int(c.not_reported),
    ]
}

pub const ENTE_COLUMNS: [&str; 6] = [
    "anno",
    "stato_dati",
    "ente",
    "grado_percentuale",
    "grado_autovalutato_percentuale",
    "esito",
];

pub const UNIT_COLUMNS: [&str; 9] = [
    "anno",
    "stato_dati",
    "unita_id",
    "unita_nome",
    "peso_totale",
    "grado_percentuale",
    "grado_autovalutato_percentuale",
    "esito",
    "modulo_inviato",
];

pub const STRATEGIC_COLUMNS: [&str; 9] = [
    "anno",
    "stato_dati",
    "strategico_id",
    "titolo",
    "descrizione",
    "grado_percentuale",
    "esito",
    "aggregazione",
    "obiettivi_id",
];

pub const OBJECTIVE_COLUMNS: [&str; 15] = [
    "anno",
    "stato_dati",
    "obiettivo_id",
    "ambito_id",
    "ambito_nome",
    "titolo",
    "pesato",
    "unita_id",
    "unita_nome",
    "peso",
    "grado_percentuale",
    "esito",
    "stato",
    "corretto_dal_valutatore",
    "grado_obiettivo_percentuale",
];

pub const INDICATOR_COLUMNS: [&str; 14] = [
    "anno",
    "stato_dati",
    "indicatore_id",
    "obiettivo_id",
    "unita_id",
    "unita_nome",
    "descrizione",
    "livello_atteso",
    "peso",
    "grado_percentuale",
    "grado_autovalutato_percentuale",
    "esito",
    "stato",
    "corretto_dal_valutatore",
];

/// The files, one per level (`strategici.csv` only when the plan has a
/// strategic level): name and bytes.
pub fn tables(d: &OpenData) -> Vec<(&'static str, Vec<u8>)> {
    let year = || int(d.year);
    // Every file says whether it holds a draft's data: a file downloaded
    // alone still says so.
    let state = || opt_text(d.state.map(super::State::code));

    let mut ente_header: Vec<String> = ENTE_COLUMNS.iter().map(|s| s.to_string()).collect();
    for level in ["obiettivi", "indicatori"] {
        ente_header.extend(COUNT_KINDS.iter().map(|k| format!("{level}_{k}")));
    }
    let ente_header: Vec<&str> = ente_header.iter().map(String::as_str).collect();
    let mut ente_row = vec![
        year(),
        state(),
        text(&d.ente.name),
        percent(d.ente.grade),
        percent(d.ente.computed),
        opt_text(d.ente.outcome.as_deref()),
    ];
    ente_row.extend(count_cells(&d.ente.objectives));
    ente_row.extend(count_cells(&d.ente.indicators));

    let units = d
        .units
        .iter()
        .map(|u| {
            vec![
                year(),
                state(),
                text(&u.id),
                text(&u.name),
                decimal(Some(u.total_weight), 2),
                percent(u.grade),
                percent(u.computed),
                opt_text(u.outcome.as_deref()),
                yes_no(u.reported),
            ]
        })
        .collect();
    let strategic = d
        .strategic
        .iter()
        .map(|s| {
            vec![
                year(),
                state(),
                text(&s.id),
                text(&s.title),
                opt_text(s.description.as_deref()),
                percent(s.grade),
                opt_text(s.outcome.as_deref()),
                text(&s.aggregation),
                text(&s.objectives.join(", ")),
            ]
        })
        .collect::<Vec<_>>();
    let objectives = d
        .objectives
        .iter()
        .map(|o| {
            vec![
                year(),
                state(),
                text(&o.objective),
                text(&o.theme),
                text(&o.theme_name),
                text(&o.title),
                yes_no(o.weighted),
                text(&o.unit),
                text(&o.unit_name),
                decimal(o.weight, 2),
                percent(o.grade),
                opt_text(o.outcome.as_deref()),
                text(&o.standing),
                yes_no(o.corrected),
                percent(o.objective_grade),
            ]
        })
        .collect();
    let indicators = d
        .indicators
        .iter()
        .map(|i| {
            vec![
                year(),
                state(),
                text(&i.indicator),
                text(&i.objective),
                text(&i.unit),
                text(&i.unit_name),
                text(&i.description),
                text(&i.expected),
                decimal(i.weight, 2),
                percent(i.grade),
                percent(i.computed),
                opt_text(i.outcome.as_deref()),
                text(&i.standing),
                yes_no(i.corrected),
            ]
        })
        .collect();
    let mut out = vec![
        (ENTE, table(&ente_header, vec![ente_row])),
        (UNITS, table(&UNIT_COLUMNS, units)),
    ];
    if !strategic.is_empty() {
        out.push((STRATEGIC, table(&STRATEGIC_COLUMNS, strategic)));
    }
    out.extend([
        (OBJECTIVES, table(&OBJECTIVE_COLUMNS, objectives)),
        (INDICATORS, table(&INDICATOR_COLUMNS, indicators)),
    ]);
    out
}
