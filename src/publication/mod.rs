//! «Cosa pubblicare e dove»: the list, written with every `relazione`, of
//! the files of the run that are meant for publication, each with the
//! sub-section of «Amministrazione trasparente» it goes to, its date and
//! its codice di controllo (SHA-256); as a PDF (`templates/pubblicazione.typ`)
//! and as the same list in CSV, in the open data's format.
//!
//! Takes: the public files of the run (kind, path under the year's folder,
//! bytes), the ente, the document's date and state. Gives: the two files'
//! paths and bytes. Never lists a file under `riservato/` (the
//! individual evaluations): a path there is left out whatever kind the
//! caller gave it.

use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::diag::Diagnostics;
use crate::italian;
use crate::opendata::csv::{Cell, table};
use crate::report::document::Templates;
use crate::vocab::Vocabulary;

/// A kind of file the run writes for publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The Relazione sulla performance.
    Relazione,
    /// A file of `dati-aperti/`: the Relazione's results in open format.
    OpenData,
    /// The total premi budgeted and paid (`premi-ammontare.csv`).
    PremiAmount,
    /// The premi by band (`premi-distribuzione.csv`).
    PremiDistribution,
    /// The degree of differentiation (`premi-differenziazione.csv`).
    PremiDifferentiation,
    /// The evaluator's documento di validazione, once adopted.
    Validation,
}

impl Kind {
    /// The kind's name in the list's note ([`NOTE`]).
    fn key(self) -> &'static str {
        match self {
            Kind::Relazione => "relazione",
            Kind::OpenData => "dati-aperti",
            Kind::PremiAmount => "premi-ammontare",
            Kind::PremiDistribution => "premi-distribuzione",
            Kind::PremiDifferentiation => "premi-differenziazione",
            Kind::Validation => "validazione",
        }
    }

    fn from_key(key: &str) -> Option<Kind> {
        [
            Kind::Relazione,
            Kind::OpenData,
            Kind::PremiAmount,
            Kind::PremiDistribution,
            Kind::PremiDifferentiation,
            Kind::Validation,
        ]
        .into_iter()
        .find(|k| k.key() == key)
    }
}

/// Where a kind of file is published in «Amministrazione trasparente»
/// (D.Lgs. 33/2013, Allegato A), and what it is, in the list's words.
pub struct Destination {
    pub kind: Kind,
    pub section: &'static str,
    pub subsection: &'static str,
    /// The rule that asks for the publication.
    pub rule: &'static str,
    /// What the file is, in the list.
    pub what: &'static str,
}

/// Every kind of public file and where it goes, in the list's order. A
/// document consuntivo learns to write adds its line here. The open data
/// are the Relazione's results in open format (art. 7): they go beside it.
/// The evaluator's documento di validazione goes to «Controlli e rilievi
/// sull'amministrazione» (art. 31), in the sub-section of the «Organismi
/// indipendenti di valutazione, nuclei di valutazione o altri organismi con
/// funzioni analoghe», as the item «Documento dell'OIV di validazione della
/// Relazione sulla Performance» (ANAC, del. 1310/2016, all. 1), named with
/// the ente's own evaluator (review 35 n. 7).
pub const DESTINATIONS: &[Destination] = &[
    Destination {
        kind: Kind::Relazione,
        section: "Performance",
        subsection: "Relazione sulla performance",
        rule: "art. 10, comma 8, lettera b), del D.Lgs. 33/2013",
        what: "Relazione sulla performance",
    },
    Destination {
        kind: Kind::OpenData,
        section: "Performance",
        subsection: "Relazione sulla performance",
        rule: "art. 7 del D.Lgs. 33/2013 (dati in formato di tipo aperto)",
        what: "Dati aperti dei risultati della Relazione",
    },
    Destination {
        kind: Kind::PremiAmount,
        section: "Performance",
        subsection: "Ammontare complessivo dei premi",
        rule: "art. 20, comma 1, del D.Lgs. 33/2013",
        what: "Ammontare dei premi stanziati e distribuiti in formato CSV",
    },
    Destination {
        kind: Kind::PremiDistribution,
        section: "Performance",
        subsection: "Dati relativi ai premi",
        rule: "art. 20, comma 2, del D.Lgs. 33/2013",
        what: "Distribuzione dei premi per fascia in formato CSV",
    },
    Destination {
        kind: Kind::PremiDifferentiation,
        section: "Performance",
        subsection: "Dati relativi ai premi",
        rule: "art. 20, comma 2, del D.Lgs. 33/2013",
        what: "Grado di differenziazione nell'utilizzo della premialità in formato CSV",
    },
    Destination {
        kind: Kind::Validation,
        section: "Controlli e rilievi sull'amministrazione",
        subsection: "Organismi indipendenti di valutazione, nuclei di valutazione o altri organismi con funzioni analoghe",
        rule: "art. 31 del D.Lgs. 33/2013; art. 14, comma 4, lettera c), del D.Lgs. 150/2009",
        what: "Documento di validazione della Relazione sulla performance",
    },
];

fn destination(kind: Kind) -> &'static Destination {
    DESTINATIONS
        .iter()
        .find(|d| d.kind == kind)
        .unwrap_or(&DESTINATIONS[0])
}

/// What a file is, with its format when the kind has several (the open
/// data: «… in formato CSV», «… in formato JSON»).
fn described(d: &Destination, path: &str, vocab: &Vocabulary) -> String {
    if d.kind == Kind::Validation {
        return validation_item(vocab);
    }
    let format = match path.rsplit_once('.').map(|(_, e)| e.to_lowercase()) {
        Some(e) if d.kind == Kind::OpenData && (e == "csv" || e == "json") => e.to_uppercase(),
        _ => return d.what.to_string(),
    };
    // Each open-data file says what its rows are: four files of one kind
    // must not read alike in the list (review 33 C4).
    let stem = path
        .rsplit('/')
        .next()
        .and_then(|n| n.rsplit_once('.'))
        .map_or("", |(s, _)| s);
    let rows = OPEN_DATA_ROWS
        .iter()
        .find(|(s, _)| *s == stem)
        .map_or(String::new(), |(_, r)| format!(", {r},"));
    format!("{}{rows} in formato {format}", d.what)
}

/// ANAC's item «Documento dell'OIV di validazione della Relazione sulla
/// Performance», with the ente's evaluator: its acronym when it has one
/// («dell'OIV»), else its name («del Nucleo di Valutazione»).
fn validation_item(vocab: &Vocabulary) -> String {
    let short = &vocab.evaluator_short;
    let acronym = short.chars().count() > 1 && short.chars().all(|c| c.is_uppercase());
    let of = if acronym {
        vocab.evaluator_short_prep(crate::vocab::Prep::Di)
    } else {
        vocab.evaluator.prep(crate::vocab::Prep::Di, false)
    };
    format!("Documento {of} di validazione della Relazione sulla performance")
}

/// What the rows of each open-data file are (by the file's name).
const OPEN_DATA_ROWS: &[(&str, &str)] = &[
    ("ente", "il grado dell'ente"),
    ("unita", "una riga per unità organizzativa"),
    ("obiettivi", "una riga per obiettivo e unità"),
    ("indicatori", "una riga per indicatore e unità"),
    ("strategici", "una riga per obiettivo strategico"),
    ("risultati", "tutti i risultati in un file"),
];

/// One file of the run meant for publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub kind: Kind,
    /// Under the year's folder, with `/`.
    pub path: String,
    /// SHA-256 of the bytes, 64 lowercase hex digits.
    pub sha256: String,
    /// The file's own date, when it is not the run's (the documento di
    /// validazione is dated by its act).
    pub date: Option<NaiveDate>,
}

impl Published {
    /// The file at `path` (under the year's folder) with its bytes; `None`
    /// for a file under `riservato/`, which is never published.
    pub fn new(kind: Kind, path: &Path, bytes: &[u8]) -> Option<Self> {
        let parts: Vec<String> = path
            .components()
            .filter_map(|c| match c {
                Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        if parts.iter().any(|p| p == crate::output::PRIVATE_DIR) {
            return None;
        }
        Some(Published {
            kind,
            path: parts.join("/"),
            sha256: format!("{:x}", Sha256::digest(bytes)),
            date: None,
        })
    }

    /// The same file, with its own date.
    pub fn dated(self, date: NaiveDate) -> Self {
        Published {
            date: Some(date),
            ..self
        }
    }
}

/// What the list is about besides its files.
pub struct Context<'a> {
    pub year: i32,
    /// The ente's name, as the plan gives it.
    pub ente: &'a str,
    pub vocab: &'a Vocabulary,
    /// The documents' date.
    pub date: NaiveDate,
    /// The run's documents are the final version (else a draft, not to be
    /// published yet).
    pub definitive: bool,
}

/// The list's file name, without extension.
pub fn file_name(year: i32) -> String {
    crate::filename::safe_file_name(&format!("Cosa pubblicare e dove {year}"))
}

/// The data `pubblicazione.typ` reads: the files grouped by sub-section,
/// in the order of [`DESTINATIONS`].
pub fn data(files: &[Published], c: &Context) -> Value {
    let date = |f: &Published| italian::date_short(f.date.unwrap_or(c.date));
    let mut sections: Vec<Value> = Vec::new();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for d in DESTINATIONS {
        if seen.contains(&(d.section, d.subsection)) {
            continue;
        }
        seen.push((d.section, d.subsection));
        let rows: Vec<Value> = DESTINATIONS
            .iter()
            .filter(|x| (x.section, x.subsection) == (d.section, d.subsection))
            .flat_map(|x| files.iter().filter(move |f| f.kind == x.kind))
            .map(|f| {
                let dest = destination(f.kind);
                json!({
                    "file": f.path,
                    "descrizione": described(dest, &f.path, c.vocab),
                    "riferimento": dest.rule,
                    "data": date(f),
                    "sha256": f.sha256,
                })
            })
            .collect();
        if !rows.is_empty() {
            sections.push(json!({
                "sezione": d.section,
                "sottosezione": d.subsection,
                "file": rows,
            }));
        }
    }
    json!({
        "ente": { "nome": c.ente, "codice_fiscale": c.vocab.tax_code },
        "anno": c.year,
        "anno_testo": c.year.to_string(),
        "data": {
            "anno": c.date.year(),
            "mese": c.date.month(),
            "giorno": c.date.day(),
            "testo": italian::date_long(c.date),
        },
        "documento": { "definitiva": c.definitive },
        "validazione": files.iter().any(|f| f.kind == Kind::Validation),
        "vocab": c.vocab.to_json(),
        "sezioni": sections,
        "file_csv": format!("{}.csv", file_name(c.year)),
    })
}

/// The CSV's columns.
pub const COLUMNS: [&str; 11] = [
    "anno",
    "stato_dati",
    "ente",
    "codice_fiscale_ente",
    "sezione",
    "sottosezione",
    "riferimento_normativo",
    "file",
    "descrizione",
    "data",
    "codice_di_controllo_sha256",
];

/// The same list as CSV, in the open data's format (UTF-8 with BOM, `;`,
/// every text quoted and neutralised).
pub fn csv(files: &[Published], c: &Context) -> Vec<u8> {
    let state = if c.definitive { "definitiva" } else { "bozza" };
    let date = |f: &Published| italian::date_short(f.date.unwrap_or(c.date));
    let text = |s: &str| Cell::Text(s.to_string());
    let rows = DESTINATIONS
        .iter()
        .flat_map(|d| files.iter().filter(move |f| f.kind == d.kind))
        .map(|f| {
            let d = destination(f.kind);
            vec![
                Cell::Number(c.year.to_string()),
                text(state),
                text(c.ente),
                c.vocab.tax_code.as_deref().map_or(Cell::Empty, text),
                text(d.section),
                text(d.subsection),
                text(d.rule),
                text(&f.path),
                text(&described(d, &f.path, c.vocab)),
                text(&date(f)),
                text(&f.sha256),
            ]
        })
        .collect();
    table(&COLUMNS, rows)
}

/// The note the run leaves beside the list, in the year's folder: the
/// run's files for publication (kind and path), the list's date and state
/// and the results' fingerprint, so that `validazione` can write the list
/// again with the documento it adopts, whatever the order of the two
/// commands (review 35 n. 1). Hidden, like the schede's index.
pub const NOTE: &str = ".consuntivo-pubblicazione.tsv";

/// What [`NOTE`] records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noted {
    pub definitive: bool,
    pub date: NaiveDate,
    /// The fingerprint of the results the run's documents carry.
    pub fingerprint: String,
    /// The files other than the documento di validazione: kind, path under
    /// the year's folder, own date.
    pub files: Vec<(Kind, String, Option<NaiveDate>)>,
}

/// The text of [`NOTE`] for the list of `files`.
pub fn note(files: &[Published], c: &Context, fingerprint: &str) -> String {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut out = format!(
        "definitiva\t{}\ndata\t{}\nimpronta\t{fingerprint}\n",
        c.definitive,
        day(c.date)
    );
    for f in files.iter().filter(|f| f.kind != Kind::Validation) {
        if !f.path.contains(['\t', '\n']) {
            let date = f.date.map(day).unwrap_or_default();
            out.push_str(&format!("file\t{}\t{}\t{date}\n", f.kind.key(), f.path));
        }
    }
    out
}

/// [`NOTE`] read back; `None` when it is not one.
pub fn read_note(text: &str) -> Option<Noted> {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (mut definitive, mut date, mut fingerprint) = (None, None, None);
    let mut files = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["definitiva", v] => definitive = v.parse().ok(),
            ["data", v] => date = day(v),
            ["impronta", v] => fingerprint = Some(v.to_string()),
            ["file", k, path, d] => files.push((
                Kind::from_key(k)?,
                path.to_string(),
                (!d.is_empty()).then(|| day(d)).flatten(),
            )),
            _ => return None,
        }
    }
    Some(Noted {
        definitive: definitive?,
        date: date?,
        fingerprint: fingerprint?,
        files,
    })
}

/// The list as PDF and CSV: paths under the outputs folder
/// (`<anno>/Cosa pubblicare e dove <anno>.pdf` and `.csv`) and bytes.
pub fn files(
    public: &[Published],
    c: &Context,
    templates: &crate::report::TemplateDirs,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
    let name = file_name(c.year);
    let dir = PathBuf::from(c.year.to_string());
    let pdf_path = dir.join(format!("{name}.pdf"));
    let pdf = Templates::load(templates)?.pdf("pubblicazione.typ", data(public, c), &pdf_path)?;
    Ok(vec![
        (pdf_path, pdf),
        (dir.join(format!("{name}.csv")), csv(public, c)),
    ])
}

#[cfg(test)]
mod tests;
