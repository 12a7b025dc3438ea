//! The sheets beside the table in the plan workbook (`piano modello`,
//! `piano esporta`): general data, the units, the themes. All optional:
//! a table alone imports too.

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::PlanInstrument;
use crate::vocab::Vocabulary;

use super::names::{GENERAL_SHEET, INSTRUCTIONS_SHEET, STRATEGIC_SHEET, THEMES_SHEET, normalise};
use super::sheet::{Book, Grid};
use super::units::Unit;

/// Labels of the general data sheet, in order.
pub const GENERAL_LABELS: [&str; 7] = [
    "Ente",
    "Provincia",
    "Anno",
    "Titolo",
    "Documento",
    "Approvato con",
    PAYMENT_TIMES_LABEL,
];

/// The general sheet's row for the payment-times objective (art. 4-bis
/// c.2 DL 13/2023): the code of the flagged objective or indicator.
pub const PAYMENT_TIMES_LABEL: &str = "Obiettivo sui tempi di pagamento";

/// Headings of the units sheet.
pub fn unit_headings(vocab: &Vocabulary) -> [String; 6] {
    [
        "Codice".into(),
        "Nome".into(),
        "Uffici".into(),
        vocab.head.singular.clone(),
        format!("In «{}»", vocab.all_units()),
        TOP_OFFICIAL_HEADING.into(),
    ]
}

/// The units sheet's column for the plan's `vertice = true`, after the
/// plan key (the top official's title varies, the key does not).
pub const TOP_OFFICIAL_HEADING: &str = "Vertice (sì/no)";

#[derive(Debug, Clone, Default)]
pub struct Side {
    pub ente: Option<String>,
    pub province: Option<String>,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub document: Option<PlanInstrument>,
    pub adopted_by: Option<String>,
    /// The code of the payment-times objective or indicator, and its cell.
    pub payment_times: Option<(String, Location)>,
    pub units: Vec<Unit>,
    pub themes: Vec<(String, String)>,
}

/// The header row of a side sheet and the column of each of `words`
/// (a heading starting with the word; `|` separates alternatives, as
/// «responsabile|dirigente»): the first two (code and name) must be there.
fn header_index(grid: &Grid, words: &[&str]) -> Option<(usize, Vec<Option<usize>>)> {
    for r in 0..grid.rows.len().min(10) {
        let row = &grid.rows[r];
        let cols: Vec<Option<usize>> = words
            .iter()
            .map(|w| {
                row.iter().position(|c| {
                    let h = normalise(&c.text);
                    w.split('|').any(|alt| h.starts_with(alt))
                })
            })
            .collect();
        if cols[0].is_some() && cols[1].is_some() {
            return Some((r, cols));
        }
    }
    None
}

/// A heading of a side sheet that no column of `cols` reads: said, since
/// what is written there would otherwise be lost.
fn unread_columns(
    book: &Book,
    g: &Grid,
    row: usize,
    cols: &[Option<usize>],
    diags: &mut Diagnostics,
) {
    let Some(cells) = g.rows.get(row) else { return };
    for (c, cell) in cells.iter().enumerate() {
        if cell.text.trim().is_empty() || cols.contains(&Some(c)) || cell.continues_left {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                book.at(&g.name, row, c),
                format!(
                    "la colonna «{}» del foglio «{}» non è letta",
                    cell.text.trim(),
                    g.name
                ),
            )
            .with_hint(
                "le colonne lette sono quelle del modello (consuntivo piano modello): spostare ciò che serve in una di esse, oppure togliere la colonna",
            ),
        );
    }
}

/// Rows of a side sheet below its header (code, name, then `words[2..]`),
/// with a code and a name each; rows missing one, or repeating a code,
/// are reported with their cell.
fn coded_rows(
    book: &Book,
    g: &Grid,
    words: &[&str],
    hint: &str,
    diags: &mut Diagnostics,
) -> Vec<Vec<String>> {
    coded_rows_at(book, g, words, hint, diags)
        .into_iter()
        .map(|(_, v)| v)
        .collect()
}

/// [`coded_rows`] with each row's cells: `(cell of words[i], value)`.
fn coded_rows_at(
    book: &Book,
    g: &Grid,
    words: &[&str],
    hint: &str,
    diags: &mut Diagnostics,
) -> Vec<(Vec<Location>, Vec<String>)> {
    let Some((hr, cols)) = header_index(g, words) else {
        return Vec::new();
    };
    unread_columns(book, g, hr, &cols, diags);
    let mut out: Vec<(Vec<Location>, Vec<String>)> = Vec::new();
    for r in hr + 1..g.rows.len() {
        let v: Vec<String> = cols
            .iter()
            .map(|c| {
                c.map(|c| g.text(r, c).trim().to_string())
                    .unwrap_or_default()
            })
            .collect();
        if v[0].is_empty() && v[1].is_empty() {
            continue;
        }
        let at = |i: usize| book.at(&g.name, r, cols[i].unwrap_or(0));
        if v[0].is_empty() || v[1].is_empty() {
            let i = if v[0].is_empty() { 0 } else { 1 };
            diags.push(
                Diagnostic::error(at(i), "riga senza codice o senza nome")
                    .with_hint(hint.to_string()),
            );
        } else if out.iter().any(|(_, o)| o[0] == v[0]) {
            diags.push(Diagnostic::error(
                at(0),
                format!("codice «{}» ripetuto", v[0]),
            ));
        } else {
            let cells = (0..cols.len()).map(at).collect();
            out.push((cells, v));
        }
    }
    out
}

pub fn read(book: &Book, vocab: &Vocabulary, diags: &mut Diagnostics) -> Side {
    let mut side = Side::default();
    if let Some(g) = book.sheet(&[&normalise(GENERAL_SHEET)]) {
        let mut document_at = None;
        for (r, row) in g.rows.iter().enumerate() {
            let Some(key) = row.first().map(|c| normalise(&c.text)) else {
                continue;
            };
            let value = row
                .get(1)
                .map(|c| c.text.trim().to_string())
                .unwrap_or_default();
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "ente" => side.ente = Some(value),
                "provincia" => side.province = Some(value),
                "titolo" => side.title = Some(value),
                "approvato con" => side.adopted_by = Some(value),
                k if k == normalise(PAYMENT_TIMES_LABEL) => {
                    side.payment_times = Some((value, book.at(&g.name, r, 1)));
                }
                "documento" => match PlanInstrument::parse(&value) {
                    Some(d) => {
                        side.document = Some(d);
                        document_at = Some(book.at(&g.name, r, 1));
                    }
                    None => diags.push(
                        Diagnostic::error(
                            book.at(&g.name, r, 1),
                            format!("«{value}» non è un documento di programmazione riconosciuto"),
                        )
                        .with_hint(format!(
                            "scrivere {}: il documento con cui l'ente ha adottato il piano",
                            crate::italian::or_list(&PlanInstrument::WRITTEN)
                        )),
                    ),
                },
                "anno" => match value.parse::<i32>() {
                    Ok(y) if (1990..2200).contains(&y) => side.year = Some(y),
                    _ => diags.push(
                        Diagnostic::error(
                            book.at(&g.name, r, 1),
                            format!("«{value}» non è un anno"),
                        )
                        .with_hint("scrivere l'anno del piano con quattro cifre (AAAA)"),
                    ),
                },
                _ => diags.push(
                    Diagnostic::warning(
                        book.at(&g.name, r, 0),
                        format!(
                            "la voce «{}» del foglio «{}» non è letta",
                            row[0].text.trim(),
                            g.name
                        ),
                    )
                    .with_hint(format!("le voci lette sono: {}", GENERAL_LABELS.join(", "))),
                ),
            }
        }
        // A resolution is the plan itself: said here, at the cell, not
        // in the TOML the import would write.
        if let (Some(PlanInstrument::Delibera), None, Some(at)) =
            (side.document, &side.adopted_by, document_at)
        {
            diags.push(
                Diagnostic::error(
                    at,
                    "con «delibera» il piano è la deliberazione stessa, ma manca «Approvato con»",
                )
                .with_hint(
                    "scrivere nella riga «Approvato con» il numero e la data della deliberazione, es. deliberazione della Giunta comunale n. 12 del 30/01/2025",
                ),
            );
        }
    }
    let unit_names = units_sheet_names(vocab);
    let unit_names: Vec<&str> = unit_names.iter().map(String::as_str).collect();
    // The ente's word for the head, or the words the docs and offices use.
    let head_words = format!("{}|responsabile|dirigente", normalise(&vocab.head.singular));
    if let Some(g) = book.sheet(&unit_names) {
        let rows = coded_rows_at(
            book,
            g,
            &["codice", "nome", "uffici", &head_words, "in ", "vertice"],
            "ogni riga del foglio ha un codice breve (es. III) e il nome per esteso",
            diags,
        );
        let mut declared_top: Option<Location> = None;
        for (cells, mut v) in rows {
            let in_all = !matches!(normalise(&v[4]).as_str(), "no" | "falso" | "false");
            let top_official = top_official_cell(&v[5], &cells[5], &mut declared_top, vocab, diags);
            let head = Some(std::mem::take(&mut v[3])).filter(|s| !s.is_empty());
            let offices = v[2]
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            side.units.push(Unit {
                id: std::mem::take(&mut v[0]),
                name: std::mem::take(&mut v[1]),
                offices,
                head,
                in_all,
                top_official,
            });
        }
    }
    if let Some(g) = book.sheet(&[&normalise(THEMES_SHEET)]) {
        let rows = coded_rows(
            book,
            g,
            &["codice", "nome"],
            "ogni riga del foglio ha un codice breve (es. legalita) e il nome",
            diags,
        );
        for mut v in rows {
            side.themes
                .push((std::mem::take(&mut v[0]), std::mem::take(&mut v[1])));
        }
    }
    side
}

/// The «Vertice» cell of a unit: «sì» marks the top official's own unit
/// (the plan's `vertice = true`), empty or «no» any other. Anything else,
/// or a second «sì», is an error at the cell rather than a guess.
fn top_official_cell(
    text: &str,
    at: &Location,
    first: &mut Option<Location>,
    vocab: &Vocabulary,
    diags: &mut Diagnostics,
) -> bool {
    let of_top = vocab.top_official.prep(crate::vocab::Prep::Di, false);
    match normalise(text).as_str() {
        "" | "no" | "falso" | "false" => return false,
        "si" | "vero" | "true" => {}
        _ => {
            diags.push(
                Diagnostic::error(
                    at.clone(),
                    format!("«{text}» non è ammesso nella colonna «{TOP_OFFICIAL_HEADING}»"),
                )
                .with_hint(format!(
                    "scrivere «sì» per l'unità degli obiettivi propri {of_top}, «no» o niente per le altre"
                )),
            );
            return false;
        }
    }
    if let Some(first) = first {
        let cell = first.cell.as_deref().unwrap_or_default();
        diags.push(
            Diagnostic::error(
                at.clone(),
                format!(
                    "anche la cella {cell} dice «sì»: una sola unità può raccogliere gli obiettivi propri {of_top}"
                ),
            )
            .with_hint("lasciare «sì» soltanto nella riga di quell'unità e scrivere «no» nelle altre"),
        );
        return false;
    }
    *first = Some(at.clone());
    true
}

/// The names the units sheet may have (compared normalised).
fn units_sheet_names(vocab: &Vocabulary) -> [String; 3] {
    [
        normalise(&vocab.unit.plural),
        "unita".to_string(),
        "unita organizzative".to_string(),
    ]
}

/// Sheets with content that neither the table (sheet `table`) nor a side
/// sheet is read from: said, so that a second table or a sheet of notes
/// is not lost unsaid.
pub fn unread_sheets(book: &Book, vocab: &Vocabulary, table: usize, diags: &mut Diagnostics) {
    let mut known: Vec<String> = [
        GENERAL_SHEET,
        THEMES_SHEET,
        INSTRUCTIONS_SHEET,
        STRATEGIC_SHEET,
    ]
    .iter()
    .map(|n| normalise(n))
    .collect();
    known.extend(units_sheet_names(vocab));
    for (i, g) in book.sheets.iter().enumerate() {
        let name = normalise(&g.name);
        let empty = g.rows.iter().flatten().all(|c| c.text.trim().is_empty());
        if i == table || empty || known.contains(&name) {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                Location {
                    file: Some(book.path.clone()),
                    sheet: Some(g.name.clone()),
                    ..Default::default()
                },
                format!("il foglio «{}» non è letto: la tabella del piano è nel foglio «{}»", g.name, book.sheets[table].name),
            )
            .with_hint("se il foglio contiene obiettivi, spostarli nella tabella del piano; altrimenti si può ignorare questo avviso"),
        );
    }
}
