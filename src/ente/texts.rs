//! The Relazione's texts the office writes, in `relazione.toml`: read for
//! the sportello's editor and written back into the same file. The file is
//! edited, never rewritten: only the fields whose text changed are
//! touched, and comments, order and spacing stay as they were. A text the
//! `relazione` command would refuse is refused with its own message, and
//! nothing is written.

use std::path::{Path, PathBuf};

use serde::Serialize;
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::EnteFolder;
use super::edit::{self, Refusal};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::report::{self, ReportConfig};

/// A row of two texts (a figure's name and value, a signatory's name and
/// role, an act and what it changed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Pair(pub String, pub String);

impl Pair {
    fn is_blank(&self) -> bool {
        self.0.trim().is_empty() && self.1.trim().is_empty()
    }
}

/// Every text of `relazione.toml` the office writes. Lists of paragraphs
/// are one text each, the paragraphs separated by an empty line, as the
/// editor's text areas show them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Texts {
    /// The documents' date (GG/MM/AAAA).
    pub data: String,
    pub presentazione: String,
    pub contesto: String,
    /// The context's figures: name and value.
    pub contesto_dati: Vec<Pair>,
    pub genere: String,
    pub punti_di_forza: String,
    pub criticita: String,
    pub azioni_correttive: String,
    pub segretario_nome: String,
    pub segretario_ruolo: String,
    /// The evaluator's members: name and role.
    pub nucleo: Vec<Pair>,
    pub validazione_atto: String,
    pub validazione_data: String,
    /// The fingerprint of the results validated (`impronta`), recorded
    /// with the act from the evaluator's page; kept as it is by the texts'
    /// editor, and gone with the act.
    pub validazione_impronta: String,
    pub approvazione_atto: String,
    pub approvazione_data: String,
    /// Changes to the plan during the year: act and description.
    pub variazioni: Vec<Pair>,
}

/// Paragraphs as one text: separated by an empty line.
pub fn join_paragraphs(list: &[String]) -> String {
    list.join("\n\n")
}

/// A text of paragraphs separated by empty lines (as a browser sends it,
/// with CR LF line ends), each without the spaces around it.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n").trim().to_string());
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n").trim().to_string());
    }
    out
}

impl Texts {
    /// The texts of a configuration as read by the `relazione` command.
    pub fn from_config(c: &ReportConfig) -> Texts {
        let act = |a: &Option<report::Act>| {
            let a = a.as_ref();
            (
                a.and_then(|x| x.atto.clone()).unwrap_or_default(),
                a.and_then(|x| x.data.clone()).unwrap_or_default(),
            )
        };
        let (validazione_atto, validazione_data) = act(&c.validazione);
        let (approvazione_atto, approvazione_data) = act(&c.approvazione);
        let validazione_impronta = c
            .validazione
            .as_ref()
            .and_then(|a| a.impronta.clone())
            .unwrap_or_default();
        let assessment = c.valutazione.clone().unwrap_or_default();
        let context = c.contesto.clone().unwrap_or_default();
        Texts {
            data: c.data.clone().unwrap_or_default(),
            presentazione: join_paragraphs(&c.presentazione),
            contesto: join_paragraphs(&context.testo),
            contesto_dati: context
                .dato
                .iter()
                .map(|f| Pair(f.voce.clone(), f.valore.clone()))
                .collect(),
            genere: c
                .genere
                .as_ref()
                .map(|g| join_paragraphs(&g.testo))
                .unwrap_or_default(),
            punti_di_forza: join_paragraphs(&assessment.punti_di_forza),
            criticita: join_paragraphs(&assessment.criticita),
            azioni_correttive: join_paragraphs(&assessment.azioni_correttive),
            segretario_nome: c
                .segretario
                .as_ref()
                .and_then(|s| s.nome.clone())
                .unwrap_or_default(),
            segretario_ruolo: c
                .segretario
                .as_ref()
                .and_then(|s| s.ruolo.clone())
                .unwrap_or_default(),
            nucleo: c
                .nucleo
                .iter()
                .map(|s| {
                    Pair(
                        s.nome.clone().unwrap_or_default(),
                        s.ruolo.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            validazione_atto,
            validazione_data,
            validazione_impronta,
            approvazione_atto,
            approvazione_data,
            variazioni: c
                .variazioni
                .iter()
                .map(|v| Pair(v.atto.clone(), v.descrizione.clone()))
                .collect(),
        }
    }
}

/// What the editor starts from: the texts, and the fingerprint of the file
/// they were read from.
pub struct Loaded {
    pub texts: Texts,
    pub fingerprint: String,
    pub path: PathBuf,
}

impl EnteFolder {
    /// `relazione.toml` in the inputs.
    pub fn relazione_path(&self) -> PathBuf {
        self.inputs.join(report::SETTINGS_FILE)
    }

    /// The Relazione's texts as the commands read them (none yet: empty).
    pub fn load_texts(&self) -> Result<Loaded, Diagnostics> {
        let path = self.relazione_path();
        let fingerprint = edit::fingerprint(&path)?;
        let (config, _) = report::load_config(&self.inputs)?;
        Ok(Loaded {
            texts: Texts::from_config(&config),
            fingerprint,
            path,
        })
    }

    /// Writes `texts` into `relazione.toml`, if the file still has the
    /// fingerprint `seen` and the `relazione` command would accept it; only
    /// the fields that changed are touched. `year`: the plan's.
    pub fn write_texts(&self, texts: &Texts, year: i32, seen: &str) -> Result<PathBuf, Refusal> {
        let path = self.relazione_path();
        let current = edit::read_if_unchanged(&path, seen)?.unwrap_or_default();
        let next = apply(&current, &path, texts)?;
        if next != current {
            check_text(&path, &next, year)?;
            edit::write(&path, &next)?;
        }
        Ok(path)
    }

    /// Records the evaluator's validation act (number and date) in
    /// `relazione.toml`, the file the `relazione` command reads it from:
    /// the other texts stay as they are.
    pub fn write_validation(
        &self,
        act: &str,
        date: &str,
        code: &str,
        year: i32,
        seen: &str,
    ) -> Result<PathBuf, Refusal> {
        let path = self.relazione_path();
        let current = edit::read_if_unchanged(&path, seen)?.unwrap_or_default();
        let (config, _) = report::parse_config(&current, &path).map_err(Refusal::Invalid)?;
        if act.trim().is_empty() && date.trim().is_empty() {
            // Nothing to record: the reader's own words for an act without
            // number and date.
            return Err(Refusal::Invalid(
                report::parse_config("[validazione]\n", &path)
                    .err()
                    .unwrap_or_default(),
            ));
        }
        // The results the evaluator validated: the fingerprint it read on
        // the draft, which must still be today's — a form or a decision
        // changed since that draft would make the act validate results
        // the evaluator never saw.
        let impronta = self.validated_fingerprint(code, &path)?;
        let texts = Texts {
            validazione_atto: act.to_string(),
            validazione_data: date.to_string(),
            validazione_impronta: impronta,
            ..Texts::from_config(&config)
        };
        let next = apply(&current, &path, &texts)?;
        check_text(&path, &next, year)?;
        edit::write(&path, &next)?;
        Ok(path)
    }
}

impl EnteFolder {
    /// `code`, the fingerprint typed from the validated draft, checked:
    /// a fingerprint, and today's results'.
    fn validated_fingerprint(&self, code: &str, path: &Path) -> Result<String, Refusal> {
        let refuse = |message: String, hint: &str| {
            Refusal::Invalid(
                Diagnostic::error(Location::file(path), message)
                    .with_hint(hint)
                    .into(),
            )
        };
        let Some(typed) = crate::scoring::parse_fingerprint(code) else {
            return Err(refuse(
                if code.trim().is_empty() {
                    "manca l'impronta dei risultati della bozza validata".to_string()
                } else {
                    format!("«{}» non è un'impronta dei risultati", code.trim())
                },
                "copiarla dalla copertina della bozza validata: dodici cifre e lettere da A a F, es. 3F2A-91C0-B7D4",
            ));
        };
        let s = self
            .score_all(
                &crate::ente::ScoreOptions::default(),
                &crate::progress::Silent,
            )
            .map_err(Refusal::Invalid)?;
        let today = crate::scoring::fingerprint(&s.scorecard);
        if !crate::scoring::same_fingerprint(&typed, &today) {
            return Err(refuse(
                format!(
                    "l'impronta della bozza validata non è quella dei risultati di oggi ({today}): i risultati sono cambiati dopo quella bozza"
                ),
                "scrivere una nuova bozza, farla leggere e registrare la validazione con l'impronta stampata su di essa",
            ));
        }
        Ok(today)
    }
}

/// What `relazione` would refuse in `text` as `relazione.toml`: the file's
/// own errors, a date before the year's end, characters the documents
/// cannot print, acts cited after the documents' date.
fn check_text(path: &Path, text: &str, year: i32) -> Result<(), Refusal> {
    let (config, date) = report::parse_config(text, path).map_err(Refusal::Invalid)?;
    let mut diags = crate::checks::relazione_text(path, text, year, None);
    diags.extend(report::printable::check_file(path, text));
    if let Some(date) = date {
        diags.extend(report::chronology::cited_acts_in(
            path,
            text,
            &config,
            date,
            report::asks_final(&config),
        ));
    }
    let errors = Diagnostics(
        diags
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .cloned()
            .collect(),
    );
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Refusal::Invalid(errors))
    }
}

/// `text` with the fields of `texts` that differ from what it holds.
fn apply(text: &str, path: &Path, texts: &Texts) -> Result<String, Refusal> {
    let (config, _) = report::parse_config(text, path).map_err(Refusal::Invalid)?;
    let old = Texts::from_config(&config);
    // An act emptied takes its fingerprint with it.
    let mut texts = texts.clone();
    if texts.validazione_atto.trim().is_empty() && texts.validazione_data.trim().is_empty() {
        texts.validazione_impronta.clear();
    }
    let texts = &texts;
    let mut doc: DocumentMut = text.parse().map_err(|_| {
        Refusal::Invalid(
            Diagnostic::error(
                Location::file(path),
                "il file delle impostazioni della Relazione non è leggibile",
            )
            .into(),
        )
    })?;
    let root = doc.as_table_mut();
    if texts.data != old.data {
        set_text(root, "data", &texts.data);
    }
    if texts.presentazione != old.presentazione {
        set_paragraphs(root, "presentazione", &texts.presentazione);
    }
    if texts.contesto != old.contesto {
        set_paragraphs(section(root, "contesto"), "testo", &texts.contesto);
    }
    if texts.contesto_dati != old.contesto_dati {
        set_rows(
            section(root, "contesto"),
            "dato",
            ["voce", "valore"],
            &texts.contesto_dati,
        );
    }
    if texts.genere != old.genere {
        set_paragraphs(section(root, "genere"), "testo", &texts.genere);
    }
    for (key, new, was) in [
        ("punti_di_forza", &texts.punti_di_forza, &old.punti_di_forza),
        ("criticita", &texts.criticita, &old.criticita),
        (
            "azioni_correttive",
            &texts.azioni_correttive,
            &old.azioni_correttive,
        ),
    ] {
        if new != was {
            set_paragraphs(section(root, "valutazione"), key, new);
        }
    }
    for (table, key, new, was) in [
        (
            "segretario",
            "nome",
            &texts.segretario_nome,
            &old.segretario_nome,
        ),
        (
            "segretario",
            "ruolo",
            &texts.segretario_ruolo,
            &old.segretario_ruolo,
        ),
        (
            "validazione",
            "atto",
            &texts.validazione_atto,
            &old.validazione_atto,
        ),
        (
            "validazione",
            "data",
            &texts.validazione_data,
            &old.validazione_data,
        ),
        (
            "validazione",
            "impronta",
            &texts.validazione_impronta,
            &old.validazione_impronta,
        ),
        (
            "approvazione",
            "atto",
            &texts.approvazione_atto,
            &old.approvazione_atto,
        ),
        (
            "approvazione",
            "data",
            &texts.approvazione_data,
            &old.approvazione_data,
        ),
    ] {
        if new != was {
            set_text(section(root, table), key, new);
        }
    }
    if texts.nucleo != old.nucleo {
        set_rows(root, "nucleo", ["nome", "ruolo"], &texts.nucleo);
    }
    if texts.variazioni != old.variazioni {
        set_rows(
            root,
            "variazioni",
            ["atto", "descrizione"],
            &texts.variazioni,
        );
    }
    // A section left with nothing in it goes: an empty [validazione] would
    // read as an incomplete act.
    for key in [
        "contesto",
        "genere",
        "valutazione",
        "segretario",
        "validazione",
        "approvazione",
    ] {
        if root
            .get(key)
            .and_then(Item::as_table)
            .is_some_and(Table::is_empty)
        {
            root.remove(key);
        }
    }
    Ok(doc.to_string())
}

/// The table `[key]`, made at the end of the file when missing.
fn section<'t>(root: &'t mut Table, key: &str) -> &'t mut Table {
    let item = root.entry(key).or_insert_with(|| {
        let mut t = Table::new();
        t.decor_mut().set_prefix("\n");
        Item::Table(t)
    });
    if !item.is_table() {
        // An inline table `key = { … }`: kept as it is, edited inside.
        if let Some(t) = item.as_inline_table().cloned() {
            *item = Item::Table(t.into_table());
        } else {
            *item = Item::Table(Table::new());
        }
    }
    item.as_table_mut().expect("made a table above")
}

/// Sets `key` to `text` keeping the spacing and comment around the old
/// value; an empty text removes the key.
fn set_text(table: &mut Table, key: &str, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        table.remove(key);
        return;
    }
    replace_value(table, key, Value::from(text));
}

/// Sets `key` to the paragraphs of `text`, one per line of the array as
/// the shipped files write them; no paragraph removes the key.
fn set_paragraphs(table: &mut Table, key: &str, text: &str) {
    let paragraphs = split_paragraphs(text);
    if paragraphs.is_empty() {
        table.remove(key);
        return;
    }
    let mut array = Array::new();
    for p in paragraphs {
        let mut v = Value::from(p);
        v.decor_mut().set_prefix("\n  ");
        array.push_formatted(v);
    }
    array.set_trailing_comma(true);
    array.set_trailing("\n");
    replace_value(table, key, Value::Array(array));
}

/// Replaces `key`'s value, keeping the spaces and comment around the old.
fn replace_value(table: &mut Table, key: &str, mut new: Value) {
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *new.decor_mut() = decor;
            *old = new;
        }
        None => {
            table.insert(key, Item::Value(new));
        }
    }
}

/// Sets the array of tables `key` to `rows` (blank rows left out): the
/// tables there are edited in place, extra ones removed, new ones added
/// after them.
fn set_rows(table: &mut Table, key: &str, fields: [&str; 2], rows: &[Pair]) {
    let rows: Vec<&Pair> = rows.iter().filter(|r| !r.is_blank()).collect();
    if rows.is_empty() {
        table.remove(key);
        return;
    }
    let item = table
        .entry(key)
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    if !item.is_array_of_tables() {
        *item = Item::ArrayOfTables(ArrayOfTables::new());
    }
    let list = item.as_array_of_tables_mut().expect("made above");
    while list.len() > rows.len() {
        list.remove(list.len() - 1);
    }
    for (i, row) in rows.iter().enumerate() {
        if i == list.len() {
            let mut t = Table::new();
            t.decor_mut().set_prefix("\n");
            list.push(t);
        }
        let t = list.get_mut(i).expect("pushed above");
        for (field, text) in fields.iter().zip([&row.0, &row.1]) {
            let text = text.trim();
            let same = t.get(field).and_then(|v| v.as_str()) == Some(text);
            if !same {
                set_text(t, field, text);
            }
        }
    }
}

/// The fields where `b` differs from `a`: each field's name as the editor
/// shows it (in the ente's words) and `b`'s text.
pub fn differences(
    a: &Texts,
    b: &Texts,
    vocab: &crate::vocab::Vocabulary,
) -> Vec<(String, String)> {
    let top = &vocab.top_official.singular;
    let evaluator = &vocab.evaluator.singular;
    let rows = |list: &[Pair], sep: &str| {
        list.iter()
            .filter(|p| !p.is_blank())
            .map(|p| format!("{}{sep}{}", p.0.trim(), p.1.trim()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let pairs = |x: &[Pair]| {
        x.iter()
            .filter(|p| !p.is_blank())
            .cloned()
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    let mut text = |label: String, x: &str, y: &str| {
        if x != y {
            out.push((label, y.to_string()));
        }
    };
    text("Data dei documenti".into(), &a.data, &b.data);
    text("Presentazione".into(), &a.presentazione, &b.presentazione);
    text("Contesto".into(), &a.contesto, &b.contesto);
    text(
        "Dati del contesto".into(),
        &rows(&pairs(&a.contesto_dati), ": "),
        &rows(&pairs(&b.contesto_dati), ": "),
    );
    text("Pari opportunità".into(), &a.genere, &b.genere);
    text(
        "Punti di forza".into(),
        &a.punti_di_forza,
        &b.punti_di_forza,
    );
    text("Criticità".into(), &a.criticita, &b.criticita);
    text(
        "Azioni correttive".into(),
        &a.azioni_correttive,
        &b.azioni_correttive,
    );
    text(
        format!("{top}: nome"),
        &a.segretario_nome,
        &b.segretario_nome,
    );
    text(
        format!("{top}: ruolo"),
        &a.segretario_ruolo,
        &b.segretario_ruolo,
    );
    text(
        format!(
            "Componenti {}",
            vocab.evaluator.prep(crate::vocab::Prep::Di, false)
        ),
        &rows(&pairs(&a.nucleo), ", "),
        &rows(&pairs(&b.nucleo), ", "),
    );
    text(
        format!("Validazione ({evaluator}): atto"),
        &a.validazione_atto,
        &b.validazione_atto,
    );
    text(
        format!("Validazione ({evaluator}): data"),
        &a.validazione_data,
        &b.validazione_data,
    );
    text(
        "Approvazione: atto".into(),
        &a.approvazione_atto,
        &b.approvazione_atto,
    );
    text(
        "Approvazione: data".into(),
        &a.approvazione_data,
        &b.approvazione_data,
    );
    text(
        "Variazioni del piano".into(),
        &rows(&pairs(&a.variazioni), ": "),
        &rows(&pairs(&b.variazioni), ": "),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_split_on_empty_lines_as_a_browser_sends_them() {
        let text = "Primo\r\nancora primo\r\n\r\n  \r\nSecondo  \r\n\r\n\r\n";
        assert_eq!(
            split_paragraphs(text),
            vec!["Primo\nancora primo", "Secondo"]
        );
        assert!(split_paragraphs(" \r\n\r\n").is_empty());
        let list = vec!["a \"b\" \\ c".to_string(), "d\ne".to_string()];
        assert_eq!(split_paragraphs(&join_paragraphs(&list)), list);
    }

    #[test]
    fn only_the_fields_that_changed_are_touched() {
        let path = Path::new("relazione.toml");
        let text = "# Data.\ndata = \"30/04/2024\"   # a mano\n\npresentazione = [ \"Uno.\" ]\n\n[segretario]\nruolo = \"Il Segretario\"\n";
        let (config, _) = report::parse_config(text, path).unwrap();
        let same = Texts::from_config(&config);
        assert_eq!(apply(text, path, &same).unwrap(), text);
        let changed = Texts {
            data: "02/05/2024".into(),
            segretario_nome: "Anna Bianchi".into(),
            ..same.clone()
        };
        let out = apply(text, path, &changed).unwrap();
        assert!(out.contains("data = \"02/05/2024\"   # a mano\n"), "{out}");
        assert!(out.contains("presentazione = [ \"Uno.\" ]"), "{out}");
        assert!(
            out.contains("[segretario]\nruolo = \"Il Segretario\"\nnome = \"Anna Bianchi\"\n"),
            "{out}"
        );
        // Emptied, an act goes whole: an empty [validazione] would read as incomplete.
        let with_act = format!(
            "{text}\n# Validazione.\n[validazione]\natto = \"v. 1\"\ndata = \"20/04/2024\"\n"
        );
        let (config, _) = report::parse_config(&with_act, path).unwrap();
        let cleared = Texts {
            validazione_atto: String::new(),
            validazione_data: String::new(),
            ..Texts::from_config(&config)
        };
        let out = apply(&with_act, path, &cleared).unwrap();
        assert!(!out.contains("[validazione]"), "{out}");
        assert!(report::parse_config(&out, path).is_ok());
    }
}
