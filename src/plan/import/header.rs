//! Finding the plan table in a sheet: the header row (below any title
//! rows) and what each column holds, by its heading, in any order.

use crate::diag::{Diagnostic, Diagnostics};
use crate::vocab::Vocabulary;

use super::names::{STRATEGIC_SHEET, normalise};
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
    Strategic,
    TargetYear,
    BaselineValue,
    BaselineYear,
    BaselineSource,
    /// «Fase»: each row a phase of the objective (a phase table, read
    /// only where the table has no «Tipo traguardo» column).
    Phase,
    /// «Dirigente»: the head of the row's unit.
    Head,
}

/// The headings of the blank and exported workbook, in column order: the
/// importer reads them back through the same table as any other heading.
pub const WORKBOOK_COLUMNS: [(Role, &str); 36] = [
    (Role::Theme, "Ambito"),
    (Role::Strategic, "Obiettivo strategico"),
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
    (Role::BaselineValue, "Valore di partenza"),
    (Role::BaselineYear, "Anno di partenza"),
    (Role::BaselineSource, "Fonte del valore di partenza"),
    (Role::TargetYear, "Anno"),
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

/// Columns about units, weights and themes: the strategic objectives'
/// sheet has none of them (its indicators describe, nobody reports them).
pub const UNIT_ROLES: [Role; 10] = [
    Role::Theme,
    Role::Strategic,
    Role::Responsible,
    Role::Weight,
    Role::Funding,
    Role::IndicatorResponsible,
    Role::IndicatorWeight,
    Role::Lead,
    Role::Shared,
    Role::Head,
];

/// The headings of the strategic objectives' sheet, in column order.
pub fn strategic_columns() -> Vec<(Role, &'static str)> {
    WORKBOOK_COLUMNS
        .iter()
        .copied()
        .filter(|(r, _)| !UNIT_ROLES.contains(r))
        .collect()
}

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
        Role::TargetDate => &[
            "data",
            "data traguardo",
            "data scadenza",
            "fine",
            "data fine",
            "data di fine",
            "fine fase",
        ],
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
        Role::Strategic => &[
            "obiettivo strategico",
            "obiettivi strategici",
            "codice obiettivo strategico",
            "obiettivo strategico dup",
            "obiettivo dup",
            "strategico",
        ],
        Role::TargetYear => &["anno", "anno traguardo", "anno del traguardo"],
        Role::BaselineValue => &[
            "valore di partenza",
            "baseline",
            "valore iniziale",
            "valore base",
            "valore di base",
            "situazione di partenza",
        ],
        Role::BaselineYear => &[
            "anno di partenza",
            "anno baseline",
            "anno della baseline",
            "anno valore iniziale",
            "anno del valore di partenza",
        ],
        Role::Phase => &[
            "fase",
            "fasi",
            "fase di attuazione",
            "fasi di attuazione",
            "nome fase",
        ],
        Role::Head => &[
            "dirigente",
            "dirigente responsabile",
            "responsabile del settore",
        ],
        Role::BaselineSource => &[
            "fonte del valore di partenza",
            "fonte baseline",
            "fonte della baseline",
            "fonte valore iniziale",
        ],
    }
}

/// A heading ending with a year, «Target 2026» or «Baseline (2024)»:
/// the words before it (normalised) and the year.
fn heading_year(heading: &str) -> Option<(String, i32)> {
    let h = normalise(heading);
    let (words, year) = h.rsplit_once(' ')?;
    let year = year.trim_start_matches('(').trim_end_matches(')');
    let year: i32 = year.parse().ok().filter(|y| (1990..2200).contains(y))?;
    Some((words.trim_end_matches([' ', '-']).to_string(), year))
}

/// The year of a heading such as «Target 2026» or «Livello atteso 2027».
pub fn expected_year(heading: &str) -> Option<i32> {
    let (words, year) = heading_year(heading)?;
    (synonyms(Role::Expected).contains(&words.as_str()) || words == "traguardo").then_some(year)
}

/// The year of a baseline heading such as «Baseline 2024» or «Valore di
/// partenza (2024)»: the year of every value in that column.
fn baseline_year(heading: &str) -> Option<i32> {
    let (words, year) = heading_year(heading)?;
    synonyms(Role::BaselineValue)
        .contains(&words.as_str())
        .then_some(year)
}

fn role_of(heading: &str, vocab: &Vocabulary) -> Option<Role> {
    let h = normalise(heading);
    if h.is_empty() {
        return None;
    }
    if let Some(r) = WORKBOOK_COLUMNS
        .iter()
        .map(|(r, _)| *r)
        .find(|r| synonyms(*r).contains(&h.as_str()))
    {
        return Some(r);
    }
    if let Some(r) = [Role::Phase, Role::Head]
        .into_iter()
        .find(|r| synonyms(*r).contains(&h.as_str()))
    {
        return Some(r);
    }
    if normalise(&vocab.head.singular) == h {
        return Some(Role::Head);
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
    /// The livello atteso of one year each ("Target 2026"), until
    /// [`Table::settle_years`] knows which is the plan's.
    pub year_columns: Vec<(usize, i32)>,
    /// The year a «Baseline 2024» heading gives every baseline value.
    pub baseline_year: Option<i32>,
}

impl Table {
    /// Once the plan year is known: its «Target <anno>» column is the
    /// livello atteso when the table has no other; beside a «Livello
    /// atteso» column it is read as notes, with a warning.
    pub fn settle_years(&mut self, year: i32, book: &Book, diags: &mut Diagnostics) {
        let Some(i) = self.year_columns.iter().position(|(_, y)| *y == year) else {
            return;
        };
        let (c, _) = self.year_columns.remove(i);
        if self.col(Role::Expected).is_none() {
            self.columns.push((c, Role::Expected));
            return;
        }
        let grid = &book.sheets[self.sheet];
        let heading = grid.text(self.header_row, c).to_string();
        diags.push(
            Diagnostic::warning(
                book.at(&grid.name, self.header_row, c),
                format!("la colonna «{heading}» è letta come note: il livello atteso del {year} è nella colonna «Livello atteso»"),
            )
            .with_hint("tenere una sola colonna per il livello atteso dell'anno del piano"),
        );
        self.extra.push((c, heading));
    }

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
/// at least an objective or an indicator column (on the strategic sheet,
/// an objective column is enough: a strategic objective may have no
/// indicator).
fn header_roles(
    grid: &Grid,
    row: usize,
    vocab: &Vocabulary,
    strategic: bool,
) -> Option<Vec<(usize, Role)>> {
    let cells = grid.rows.get(row)?;
    let mut roles: Vec<(usize, Role)> = Vec::new();
    for (c, cell) in cells.iter().enumerate() {
        if let Some(r) = role_of(&cell.text, vocab) {
            roles.push((c, r));
        }
    }
    let has = |r: Role| roles.iter().any(|(_, x)| *x == r);
    let years = cells.iter().any(|c| expected_year(&c.text).is_some());
    let ok = if strategic {
        has(Role::Objective) || has(Role::ObjectiveCode)
    } else {
        (has(Role::Expected) || years) && (has(Role::Objective) || has(Role::Indicator))
            // A phase table: «Obiettivo | Fase | Peso | Inizio | Fine | …».
            || (has(Role::Phase) && has(Role::Objective))
    };
    ok.then_some(roles)
}

pub fn is_header_row(grid: &Grid, row: usize, vocab: &Vocabulary) -> bool {
    header_roles(grid, row, vocab, false).is_some()
}

fn is_strategic_sheet(grid: &Grid) -> bool {
    normalise(&grid.name) == normalise(STRATEGIC_SHEET)
}

/// Finds the plan table in the first sheet that has one (the strategic
/// objectives' sheet apart).
pub fn find(book: &Book, vocab: &Vocabulary, diags: &mut Diagnostics) -> Option<Table> {
    for (si, grid) in book.sheets.iter().enumerate() {
        if is_strategic_sheet(grid) {
            continue;
        }
        if let Some(t) = find_in(book, si, vocab, false, diags) {
            return Some(t);
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

/// The strategic objectives' table, when the workbook has that sheet.
pub fn find_strategic(book: &Book, vocab: &Vocabulary, diags: &mut Diagnostics) -> Option<Table> {
    let si = book.sheets.iter().position(is_strategic_sheet)?;
    let table = find_in(book, si, vocab, true, diags);
    if table.is_none() {
        diags.push(
            Diagnostic::error(
                crate::diag::Location {
                    file: Some(book.path.clone()),
                    sheet: Some(book.sheets[si].name.clone()),
                    ..Default::default()
                },
                "nel foglio degli obiettivi strategici manca la riga di intestazione",
            )
            .with_hint("il foglio deve avere almeno le colonne «Codice obiettivo» e «Obiettivo» (come nel modello: consuntivo piano modello)"),
        );
        return None;
    }
    // Units, weights and themes belong to the operational objectives:
    // said, not silently ignored.
    if let Some(t) = &table {
        let grid = &book.sheets[si];
        for (c, role) in &t.columns {
            if UNIT_ROLES.contains(role) {
                diags.push(
                    Diagnostic::warning(
                        book.at(&grid.name, t.header_row, *c),
                        format!(
                            "la colonna «{}» non vale per gli obiettivi strategici: non è letta",
                            grid.text(t.header_row, *c)
                        ),
                    )
                    .with_hint("unità, pesi e ambiti si scrivono per gli obiettivi operativi, nel foglio «Obiettivi»"),
                );
            }
        }
    }
    table.map(|mut t| {
        t.columns.retain(|(_, r)| !UNIT_ROLES.contains(r));
        t
    })
}

/// The header row of sheet `si` and its columns, within the first rows.
fn find_in(
    book: &Book,
    si: usize,
    vocab: &Vocabulary,
    strategic: bool,
    diags: &mut Diagnostics,
) -> Option<Table> {
    let grid = &book.sheets[si];
    for row in 0..grid.rows.len().min(HEADER_SEARCH_ROWS) {
        let Some(roles) = header_roles(grid, row, vocab, strategic) else {
            continue;
        };
        let mut columns: Vec<(usize, Role)> = Vec::new();
        let mut extra = Vec::new();
        let mut year_columns: Vec<(usize, i32)> = Vec::new();
        let mut baseline_year_of = None;
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
                None if let Some(y) = baseline_year(&cell.text)
                    && !columns.iter().any(|(_, r)| *r == Role::BaselineValue) =>
                {
                    columns.push((c, Role::BaselineValue));
                    baseline_year_of = Some(y);
                }
                None if let Some(y) = expected_year(&cell.text)
                    && !year_columns.iter().any(|(_, x)| *x == y) =>
                {
                    year_columns.push((c, y));
                }
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
                            crate::workbook::cell_name(r0 as u32, c0),
                            crate::workbook::cell_name(r1 as u32, c1)
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
            year_columns,
            baseline_year: baseline_year_of,
        });
    }
    None
}
