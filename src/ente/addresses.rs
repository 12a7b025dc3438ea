//! The ente's address book (`inputs/indirizzi.toml`, optional): the e-mail
//! address of each unit, for the drafts of the reminders
//! (`consuntivo solleciti --email`). It is not part of the plan, which is
//! public: the file is read only to write drafts, never published.
//!
//! ```toml
//! [unita]
//! I = "affarigenerali@comune.esempio.it"
//! III = "ragioneria@comune.esempio.it"
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use toml::de::DeValue;

use super::EnteFolder;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::{AreaId, Plan};
use crate::scoring::toml_read::{Doc, Table, type_name};
use crate::vocab::Vocabulary;

/// The file's name in the inputs folder.
pub const ADDRESSES_FILE: &str = "indirizzi.toml";

/// The addresses read, by unit.
#[derive(Debug, Clone, Default)]
pub struct AddressBook {
    pub path: PathBuf,
    units: BTreeMap<AreaId, String>,
}

impl AddressBook {
    /// The address of unit `id`, if the file gives one.
    pub fn unit(&self, id: &AreaId) -> Option<&str> {
        self.units.get(id).map(String::as_str)
    }
}

impl EnteFolder {
    /// `inputs/indirizzi.toml`.
    pub fn addresses_path(&self) -> PathBuf {
        self.inputs.join(ADDRESSES_FILE)
    }

    /// The address book, or `None` when the ente has none. Every problem
    /// (a unit the plan does not have, an address that is not one) is an
    /// error at its line and column.
    pub fn load_addresses(
        &self,
        plan: &Plan,
        vocab: &Vocabulary,
    ) -> Result<Option<AddressBook>, Diagnostics> {
        let path = self.addresses_path();
        if !path.exists() {
            return Ok(None);
        }
        let text = crate::input::read_text(&path)
            .map_err(|e| Diagnostics::from(e.into_diagnostic(&path, "il file degli indirizzi")))?;
        parse(&path, &text, plan, vocab).map(Some)
    }
}

/// Reads the address book's text (`path` names it in the messages).
pub fn parse(
    path: &std::path::Path,
    text: &str,
    plan: &Plan,
    vocab: &Vocabulary,
) -> Result<AddressBook, Diagnostics> {
    let mut doc = Doc::new(path, text);
    let mut units = BTreeMap::new();
    if let Some(root) = doc.parse() {
        let mut top = Table::new(root.get_ref(), 0..0, "file degli indirizzi");
        if let Some(v) = top.get("unita") {
            match v.get_ref() {
                DeValue::Table(t) => {
                    for (k, value) in t.iter() {
                        let id: &str = k.get_ref().as_ref();
                        let Some(area) = plan.areas.iter().find(|a| a.id.as_str() == id) else {
                            let ids: Vec<&str> = plan.areas.iter().map(|a| a.id.as_str()).collect();
                            doc.error_hint(
                                &k.span(),
                                format!("«{id}» non è il codice di {} del piano", vocab.unit.a()),
                                &format!("i codici del piano sono: {}", ids.join(", ")),
                            );
                            continue;
                        };
                        let DeValue::String(address) = value.get_ref() else {
                            doc.error_hint(
                                &value.span(),
                                format!(
                                    "l'indirizzo {} deve essere un testo tra virgolette, non {}",
                                    vocab.named_unit(crate::vocab::Prep::Di, id, &area.name),
                                    type_name(value.get_ref())
                                ),
                                &format!(
                                    "scrivere per esempio {id} = \"ufficio@comune.esempio.it\""
                                ),
                            );
                            continue;
                        };
                        let address = address.trim();
                        if let Some(why) = crate::mail::check_address(address) {
                            doc.error_hint(
                                &value.span(),
                                format!(
                                    "«{address}» non è un indirizzo di posta elettronica valido: {why}"
                                ),
                                "scrivere l'indirizzo come nel programma di posta, per esempio \"ufficio@comune.esempio.it\"",
                            );
                            continue;
                        }
                        units.insert(area.id.clone(), address.to_string());
                    }
                }
                other => doc.error_hint(
                    &v.span(),
                    format!("`unita` deve essere una tabella, non {}", type_name(other)),
                    "scrivere [unita] e sotto, una per riga, codice = \"indirizzo\"",
                ),
            }
        }
        top.finish(&mut doc);
    }
    let diags = doc.finish();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(AddressBook {
        path: path.to_path_buf(),
        units,
    })
}

/// The warning when drafts are asked for and the ente has no address
/// book: the file named with its place, the letters without a draft
/// listed.
pub fn no_book(path: &std::path::Path, units: Vec<String>) -> Diagnostic {
    let mut d = Diagnostic::warning(
        Location::folder(path),
        "nessuna bozza di e-mail: il file degli indirizzi non c'è, e le lettere seguenti sono solo in PDF e testo",
    );
    for unit in units {
        d = d.with_detail(unit);
    }
    d.with_hint(format!(
        "creare {} con una riga per unità sotto [unita], per esempio I = \"ufficio@comune.esempio.it\" (docs/durante-anno.md, «Le bozze di e-mail»)",
        path.display()
    ))
}

/// The warning for a unit that gets a letter but no e-mail draft.
pub fn no_address(
    path: &std::path::Path,
    vocab: &Vocabulary,
    id: &AreaId,
    name: &str,
) -> Diagnostic {
    Diagnostic::warning(
        Location::file(path),
        format!(
            "nessuna bozza di e-mail per {}, che non ha un indirizzo",
            vocab.the_unit(id.as_str(), name)
        ),
    )
    .with_hint(format!(
        "aggiungere in {} sotto [unita] la riga {} = \"indirizzo@comune.esempio.it\"",
        ADDRESSES_FILE,
        id.as_str()
    ))
}
