//! Finding the plan table in a sheet: the header row (below any title
//! rows) and what each column holds, by its heading, in any order.

use crate::diag::{Diagnostic, Diagnostics};
use crate::vocab::Vocabulary;

use super::sheet::{Book, Grid};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Theme,
    ObjectiveCode,
    Objective,
    ObjectiveDescription,
    Responsible,
    Weight,
    Funding,
    IndicatorCode,
    Indicator,
    Expected,
    Condition,
    IndicatorResponsible,
    IndicatorWeight,
    TargetKind,
    TargetValue,
    TargetDate,
    TargetText,
    Movable,
    TargetNote,
    Success,
    Lead,
    Shared,
    Formula,
    DataSource,
    IndicatorType,
    Mission,
    Programme,
    Pnrr,
    Sdg,
    Scope,
    PhaseStart,
}

/// The headings of the blank and exported workbook, in column order: the
/// importer reads them back through the same table as any other heading.
pub const WORKBOOK_COLUMNS: [(Role, &str); 31] = [
    (Role::Theme, "Ambito"),
    (Role::ObjectiveCode, "Codice obiettivo"),
    (Role::Objective, "Obiettivo"),
    (Role::ObjectiveDescription, "Descrizione obiettivo"),
    (Role::Responsible, "Responsabile/i"),
    (Role::Weight, "Peso"),
    (Role::Funding, "Finanziamento"),
    (Role::IndicatorCode, "Codice indicatore"),
    (Role::Indicator, "Indicatore"),
    (Role::Expected, "Livello atteso"),
    (Role::Condition, "Condizione"),
    (Role::IndicatorResponsible, "Responsabile/i indicatore"),
    (Role::IndicatorWeight, "Peso indicatore"),
    (Role::TargetKind, "Tipo traguardo"),
    (Role::TargetValue, "Valore"),
    (Role::TargetDate, "Data"),
    (Role::TargetText, "Descrizione traguardo"),
    (Role::Movable, "Spostabile"),
    (Role::TargetNote, "Nota traguardo"),
    (Role::PhaseStart, "Inizio fase"),
    (Role::Success, "Successo atteso %"),
    (Role::Lead, "Capofila"),
    (Role::Shared, "Risultato condiviso"),
    (Role::Formula, "Formula di calcolo"),
    (Role::DataSource, "Fonte dei dati"),
    (Role::IndicatorType, "Tipologia"),
    (Role::Scope, "Dimensione"),
    (Role::Mission, "Missione di bilancio"),
    (Role::Programme, "Programma di bilancio"),
    (Role::Pnrr, "Misura PNRR"),
    (Role::Sdg, "SDG"),
];

/// Headings as offices write them (compared lower-case, without accents,
/// spaces collapsed, trailing ":" or "*" removed).
fn synonyms(role: Role) -> &'static [&'static str] {
    match role {
        Role::Theme => &[
            "ambito",
            "ambito strategico",
            "area strategica",
            "linea strategica",
            "linea di mandato",
            "missione",
        ],
        Role::ObjectiveCode => &[
            "codice obiettivo",
            "cod. obiettivo",
            "n. obiettivo",
            "id obiettivo",
        ],
        Role::Objective => &[
            "obiettivo",
            "obiettivi",
            "descrizione",
            "obiettivo operativo",
            "obiettivo di performance",
            "titolo obiettivo",
        ],
        Role::ObjectiveDescription => &["descrizione obiettivo", "descrizione dell'obiettivo"],
        Role::Responsible => &[
            "responsabile/i",
            "responsabili",
            "responsabile",
            "unita responsabile",
            "unita responsabili",
            "struttura responsabile",
        ],
        Role::Weight => &["peso", "peso %", "peso (%)", "pesi", "peso obiettivo"],
        Role::Funding => &["finanziamento", "risorse", "fonte di finanziamento"],
        Role::IndicatorCode => &["codice indicatore", "cod. indicatore", "id indicatore"],
        Role::Indicator => &["indicatore", "indicatori", "indicatore di risultato"],
        Role::Expected => &[
            "livello atteso",
            "target",
            "risultato atteso",
            "valore atteso",
            "risultati attesi",
            "target atteso",
        ],
        Role::Condition => &["condizione", "condizione di applicabilita"],
        Role::IndicatorResponsible => &[
            "responsabile/i indicatore",
            "responsabili indicatore",
            "responsabile indicatore",
        ],
        Role::IndicatorWeight => &["peso indicatore", "pesi indicatore"],
        Role::TargetKind => &["tipo traguardo", "tipo di traguardo", "tipo target"],
        Role::TargetValue => &["valore", "valore traguardo"],
        Role::TargetDate => &["data", "data traguardo", "data scadenza"],
        Role::TargetText => &[
            "descrizione traguardo",
            "unita di misura",
            "oggetto traguardo",
        ],
        Role::Movable => &["spostabile", "scadenza spostabile"],
        Role::TargetNote => &["nota traguardo", "nota scadenza"],
        Role::PhaseStart => &["inizio fase", "data inizio fase", "inizio"],
        Role::Success => &[
            "successo atteso %",
            "successo atteso",
            "livello di successo",
            "successo",
        ],
        Role::Lead => &["capofila", "unita capofila"],
        Role::Shared => &["risultato condiviso", "condiviso"],
        Role::Formula => &["formula di calcolo", "formula", "modalita di calcolo"],
        Role::DataSource => &["fonte dei dati", "fonte del dato", "fonte dati"],
        Role::IndicatorType => &["tipologia", "tipologia indicatore", "tipo indicatore"],
        Role::Scope => &["dimensione", "dimensione della performance"],
        Role::Mission => &["missione di bilancio", "missione bilancio"],
        Role::Programme => &["programma di bilancio", "programma", "programma bilancio"],
        Role::Pnrr => &["misura pnrr", "pnrr", "investimento pnrr"],
        Role::Sdg => &["sdg", "obiettivi agenda 2030", "goal agenda 2030"],
    }
}

pub fn normalise(s: &str) -> String {
    let folded: String = s
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' => 'a',
            'è' | 'é' => 'e',
            'ì' | 'í' => 'i',
            'ò' | 'ó' => 'o',
            'ù' | 'ú' => 'u',
            '’' => '\'',
            c => c,
        })
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([':', '*', ' '])
        .to_string()
}

const ALL_ROLES: [Role; 31] = [
    Role::Theme,
    Role::ObjectiveCode,
    Role::Objective,
    Role::ObjectiveDescription,
    Role::Responsible,
    Role::Weight,
    Role::Funding,
    Role::IndicatorCode,
    Role::Indicator,
    Role::Expected,
    Role::Condition,
    Role::IndicatorResponsible,
    Role::IndicatorWeight,
    Role::TargetKind,
    Role::TargetValue,
    Role::TargetDate,
    Role::TargetText,
    Role::Movable,
    Role::TargetNote,
    Role::Success,
    Role::Lead,
    Role::Shared,
    Role::Formula,
    Role::DataSource,
    Role::IndicatorType,
    Role::Mission,
    Role::Programme,
    Role::Pnrr,
    Role::Sdg,
    Role::Scope,
    Role::PhaseStart,
];

fn role_of(heading: &str, vocab: &Vocabulary) -> Option<Role> {
    let h = normalise(heading);
    if h.is_empty() {
        return None;
    }
    if let Some(r) = ALL_ROLES
        .iter()
        .copied()
        .find(|r| synonyms(*r).contains(&h.as_str()))
    {
        return Some(r);
    }
    // The ente's own word for its units: "Settore", "Aree", "Servizio".
    let unit = [&vocab.unit.singular, &vocab.unit.plural];
    if unit.iter().any(|w| normalise(w) == h) || h == "settore" || h == "area" || h == "aree" {
        return Some(Role::Responsible);
    }
    None
}

/// The table: which row is the header and what each column holds.
#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: usize,
    pub header_row: usize,
    pub columns: Vec<(usize, Role)>,
    /// Columns with a heading the importer does not know: kept as notes.
    pub extra: Vec<(usize, String)>,
}

impl Table {
    pub fn col(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, r)| *r == role)
            .map(|(c, _)| *c)
    }
}

/// Rows looked at for a header (titles, logos and dates come first).
const HEADER_SEARCH_ROWS: usize = 30;

/// Roles found in a row when it reads as a header: the livello atteso and
/// at least an objective or an indicator column.
fn header_roles(grid: &Grid, row: usize, vocab: &Vocabulary) -> Option<Vec<(usize, Role)>> {
    let cells = grid.rows.get(row)?;
    let mut roles: Vec<(usize, Role)> = Vec::new();
    for (c, cell) in cells.iter().enumerate() {
        if let Some(r) = role_of(&cell.text, vocab) {
            roles.push((c, r));
        }
    }
    let has = |r: Role| roles.iter().any(|(_, x)| *x == r);
    (has(Role::Expected) && (has(Role::Objective) || has(Role::Indicator))).then_some(roles)
}

pub fn is_header_row(grid: &Grid, row: usize, vocab: &Vocabulary) -> bool {
    header_roles(grid, row, vocab).is_some()
}

/// Finds the plan table in the first sheet that has one.
pub fn find(book: &Book, vocab: &Vocabulary, diags: &mut Diagnostics) -> Option<Table> {
    for (si, grid) in book.sheets.iter().enumerate() {
        for row in 0..grid.rows.len().min(HEADER_SEARCH_ROWS) {
            let Some(roles) = header_roles(grid, row, vocab) else {
                continue;
            };
            let mut columns: Vec<(usize, Role)> = Vec::new();
            let mut extra = Vec::new();
            for (c, cell) in grid.rows[row].iter().enumerate() {
                if cell.continues_left {
                    diags.push(
                        Diagnostic::warning(
                            book.at(&grid.name, row, c),
                            "intestazione unita alla cella a sinistra: la colonna è letta come parte della precedente",
                        )
                        .with_hint("separare le celle unite dell'intestazione, una colonna per intestazione"),
                    );
                    continue;
                }
                match roles.iter().find(|(rc, _)| *rc == c) {
                    Some((_, r)) if columns.iter().any(|(_, x)| x == r) => {
                        diags.push(Diagnostic::warning(
                            book.at(&grid.name, row, c),
                            format!("colonna «{}» ripetuta: questa è letta come note", cell.text),
                        ));
                        extra.push((c, cell.text.clone()));
                    }
                    Some((_, r)) => columns.push((c, *r)),
                    None if !cell.text.is_empty() => extra.push((c, cell.text.clone())),
                    None => {}
                }
            }
            for &(r0, c0, r1, c1) in &grid.merges {
                let (r0, r1) = (r0 as usize, r1 as usize);
                if r0 <= row && row <= r1 && r0 != r1 {
                    diags.push(
                        Diagnostic::error(
                            book.at(&grid.name, r0, c0 as usize),
                            format!(
                                "celle unite a cavallo dell'intestazione ({}:{}): non si capisce dove finisce l'intestazione e dove iniziano i dati",
                                crate::forms::cell_name(r0 as u32, c0),
                                crate::forms::cell_name(r1 as u32, c1)
                            ),
                        )
                        .with_hint("separare quelle celle: l'intestazione deve stare su una sola riga"),
                    );
                }
            }
            return Some(Table {
                sheet: si,
                header_row: row,
                columns,
                extra,
            });
        }
    }
    diags.push(
        Diagnostic::error(
            crate::diag::Location::file(&book.path),
            "tabella del piano non trovata: nessuna riga di intestazione con le colonne «Livello atteso» e «Obiettivo» o «Indicatore»",
        )
        .with_hint(
            "la tabella deve avere una riga di intestazione (nelle prime 30 righe) con almeno Obiettivo, Indicatore, Livello atteso, Responsabile/i, Peso; oppure partire dal modello vuoto: consuntivo piano modello",
        ),
    );
    None
}
