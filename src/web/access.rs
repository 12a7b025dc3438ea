//! Who may see what: access by secret link. Each role (the top official's
//! office, each unit, the evaluator) has one long random token; only its
//! SHA-256 is kept, in `accessi.toml` in the sportello's folder, so the
//! file reveals no link. A link is shown once, when it is issued; the
//! office revokes a link by issuing a new one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::{AreaId, Plan};

/// The file with the tokens' hashes, in the sportello's folder.
pub const FILE_NAME: &str = "accessi.toml";

/// A visitor's role.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The top official's office: sees and does everything.
    Office,
    /// One unit: its own form, status and draft grades.
    Unit(AreaId),
    /// The evaluator (Nucleo, OIV): proposals to decide, its decisions.
    Evaluator,
}

impl Role {
    /// The role's key in `accessi.toml`.
    pub fn key(&self) -> String {
        match self {
            Role::Office => "vertice".to_string(),
            Role::Evaluator => "valutatore".to_string(),
            Role::Unit(id) => format!("unita.{id}"),
        }
    }

    /// The role named by `key` (a unit's role names a unit id, which the
    /// caller checks against the plan).
    pub fn from_key(key: &str) -> Option<Role> {
        match key {
            "vertice" => Some(Role::Office),
            "valutatore" => Some(Role::Evaluator),
            _ => key
                .strip_prefix("unita.")
                .map(|id| Role::Unit(AreaId::from(id))),
        }
    }

    /// Every role of the plan: the office, the evaluator, each unit.
    pub fn all(plan: &Plan) -> Vec<Role> {
        let mut roles = vec![Role::Office, Role::Evaluator];
        roles.extend(plan.areas.iter().map(|a| Role::Unit(a.id.clone())));
        roles
    }
}

/// A fresh token: 32 bytes from the system's random source, in hex.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a token, as kept in the file.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The CSRF token of a visitor: derived from its secret token, so it
/// needs no storage and no one without the link can compute it.
pub fn csrf_token(token: &str) -> String {
    hex(&Sha256::digest(
        format!("consuntivo-csrf\n{token}").as_bytes(),
    ))
}

/// Compares two strings in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The hashes of the tokens in force, by role key.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    path: PathBuf,
    hashes: BTreeMap<String, String>,
}

impl Tokens {
    /// Reads `accessi.toml` from `dir` (none yet: no link issued).
    pub fn load(dir: &Path) -> Result<Tokens, Diagnostics> {
        let path = dir.join(FILE_NAME);
        let mut tokens = Tokens {
            path: path.clone(),
            hashes: BTreeMap::new(),
        };
        if !path.exists() {
            return Ok(tokens);
        }
        let text = crate::input::read_text(&path)
            .map_err(|e| Diagnostics::from(e.into_diagnostic(&path, "il file degli accessi")))?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(
                    Location::file(&path),
                    format!(
                        "il file degli accessi non è leggibile: {}",
                        crate::toml_msg::italian(e.message())
                    ),
                )
                .with_hint("cancellare il file e riavviare lo sportello con --nuovi-link: i link saranno tutti rilasciati di nuovo"),
            )
        })?;
        for (key, value) in table {
            let ok = value
                .as_str()
                .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
            match ok {
                Some(h) => {
                    tokens.hashes.insert(key, h.to_ascii_lowercase());
                }
                None => {
                    return Err(Diagnostic::error(
                        Location::file(&path),
                        format!("il file degli accessi ha un valore non valido per «{key}»"),
                    )
                    .with_hint("cancellare il file e riavviare lo sportello con --nuovi-link")
                    .into());
                }
            }
        }
        Ok(tokens)
    }

    /// The role whose token is `token`, if any.
    pub fn role_of(&self, token: &str) -> Option<Role> {
        let hash = token_hash(token);
        self.hashes
            .iter()
            .find(|(_, h)| same(h, &hash))
            .and_then(|(key, _)| Role::from_key(key))
    }

    pub fn has(&self, role: &Role) -> bool {
        self.hashes.contains_key(&role.key())
    }

    /// Issues a new token for `role`, replacing (revoking) the old one,
    /// and saves the file. Returns the token, to be shown once.
    pub fn issue(&mut self, role: &Role) -> Result<String, Diagnostics> {
        let token = new_token().map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                Location::file(&self.path),
                format!("impossibile generare un link: il sistema non dà numeri casuali ({e})"),
            ))
        })?;
        let mut next = self.hashes.clone();
        next.insert(role.key(), token_hash(&token));
        self.save(&next)?;
        self.hashes = next;
        Ok(token)
    }

    fn save(&self, hashes: &BTreeMap<String, String>) -> Result<(), Diagnostics> {
        let mut text = String::from(
            "# Accessi allo sportello: l'impronta SHA-256 del link di ciascun ruolo.\n\
             # I link non si possono ricavare da questo file; per un link nuovo\n\
             # usare la pagina «Accessi» dello sportello.\n",
        );
        for (k, h) in hashes {
            text.push_str(&format!("{} = \"{h}\"\n", toml_key(k)));
        }
        crate::output::write_file(&self.path, text.as_bytes())
            .map(|_| ())
            .map_err(|e| {
                Diagnostics::from(Diagnostic::error(
                    Location::file(&self.path),
                    format!("impossibile scrivere il file degli accessi: {e}"),
                ))
            })
    }
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        k.to_string()
    } else {
        toml::Value::String(k.to_string()).to_string()
    }
}
