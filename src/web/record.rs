//! The Registro: a record of who did what through the sportello (every
//! upload with its outcome, every restored version, every decision of the
//! evaluator, every text edit, every generation), in an embedded SQLite
//! database, `registro.sqlite`, in the sportello's folder.
//!
//! It is a record, not the source of truth: the pipeline reads the files
//! in `inputs/`, never this database. Each event is one transaction (WAL
//! journal, synchronous writes), so a kill -9 at any moment leaves either
//! the whole event or none of it. The schema's version is SQLite's
//! `user_version`: a later release reads it and migrates.
//!
//! Handlers record with [`Registro::record`], passing the visitor's role
//! and an [`Event`]; the office's «Registro» page reads [`Registro::page`].

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Local, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::access::Role;
use crate::diag::{Diagnostic, Diagnostics, Location};

/// The database's file name, in the sportello's folder.
pub const FILE_NAME: &str = "registro.sqlite";

/// The schema this release writes (SQLite's `user_version`).
pub const SCHEMA_VERSION: i32 = 1;

/// How an upload ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UploadOutcome {
    /// Without errors: it replaced the unit's form in the inputs.
    Accepted,
    /// With errors: kept aside «da correggere», the inputs untouched.
    ToFix,
    /// Not received whole (too big, cut short, the browser went away):
    /// nothing was checked nor kept.
    NotReceived,
    /// Checked, but it could not be saved (e.g. the disk is full): the
    /// inputs untouched.
    NotSaved,
}

impl UploadOutcome {
    /// The outcome's word in the registro and on its pages.
    pub(super) fn key(self) -> &'static str {
        match self {
            UploadOutcome::Accepted => "accettato",
            UploadOutcome::ToFix => "da-correggere",
            UploadOutcome::NotReceived => "non-ricevuto",
            UploadOutcome::NotSaved => "non-salvato",
        }
    }

    fn from_key(k: &str) -> Option<Self> {
        [
            UploadOutcome::Accepted,
            UploadOutcome::ToFix,
            UploadOutcome::NotReceived,
            UploadOutcome::NotSaved,
        ]
        .into_iter()
        .find(|o| o.key() == k)
    }
}

/// One thing done through the sportello. Units are named by their id in
/// the plan; `note` is the text shown beside the event (a reason, the
/// grade given, the field edited), already in the ente's words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Event {
    /// A unit's form sent from its page.
    Upload {
        unit: String,
        /// The SHA-256 of what arrived (none if nothing arrived whole).
        sha256: Option<String>,
        bytes: u64,
        outcome: UploadOutcome,
        errors: u32,
        warnings: u32,
        note: String,
    },
    /// An earlier accepted version put back in place of the unit's form.
    Restore {
        unit: String,
        sha256: String,
        /// When that version had been accepted, «GG/MM/AAAA HH:MM:SS».
        version: String,
        note: String,
    },
    /// A decision of the evaluator on one indicator or objective.
    Decision {
        /// The indicator's or objective's code.
        code: String,
        /// «conferma», «correzione», «neutralizzazione», «atto di validazione»…
        action: String,
        note: String,
    },
    /// A text of the Relazione (or of the ente's words) saved from a page.
    TextEdit {
        /// Which text: the key or the section's name.
        field: String,
        note: String,
    },
    /// A document written from a page (forms, reminders, bozza, …).
    Generation {
        /// Which documents.
        what: String,
        /// «richiesta», «completata», «non riuscita»…
        outcome: String,
        note: String,
    },
}

impl Event {
    fn kind(&self) -> &'static str {
        match self {
            Event::Upload { .. } => "invio",
            Event::Restore { .. } => "ripristino",
            Event::Decision { .. } => "decisione",
            Event::TextEdit { .. } => "testo",
            Event::Generation { .. } => "generazione",
        }
    }
}

/// An event's columns in the table `eventi`.
#[derive(Default)]
struct Columns<'a> {
    unit: Option<&'a str>,
    object: Option<&'a str>,
    outcome: Option<&'a str>,
    sha: Option<&'a str>,
    bytes: Option<i64>,
    errors: Option<i64>,
    warnings: Option<i64>,
    note: &'a str,
}

impl<'a> Columns<'a> {
    fn of(event: &'a Event) -> Self {
        match event {
            Event::Upload {
                unit,
                sha256,
                bytes,
                outcome,
                errors,
                warnings,
                note,
            } => Columns {
                unit: Some(unit),
                outcome: Some(outcome.key()),
                sha: sha256.as_deref(),
                bytes: Some(i64::try_from(*bytes).unwrap_or(i64::MAX)),
                errors: Some(i64::from(*errors)),
                warnings: Some(i64::from(*warnings)),
                note,
                ..Columns::default()
            },
            Event::Restore {
                unit,
                sha256,
                version,
                note,
            } => Columns {
                unit: Some(unit),
                object: Some(version),
                sha: Some(sha256),
                note,
                ..Columns::default()
            },
            Event::Decision { code, action, note } => Columns {
                object: Some(code),
                outcome: Some(action),
                note,
                ..Columns::default()
            },
            Event::TextEdit { field, note } => Columns {
                object: Some(field),
                note,
                ..Columns::default()
            },
            Event::Generation {
                what,
                outcome,
                note,
            } => Columns {
                object: Some(what),
                outcome: Some(outcome),
                note,
                ..Columns::default()
            },
        }
    }
}

/// One row of the record, as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: i64,
    /// When, in UTC (RFC 3339 in the database).
    pub at: DateTime<Utc>,
    /// The role's key (`vertice`, `valutatore`, `unita.<id>`).
    pub role: String,
    /// The role as it was named when it acted.
    pub who: String,
    pub year: i32,
    pub event: Event,
}

impl Entry {
    /// «GG/MM/AAAA HH:MM:SS», local time.
    pub fn when_local(&self) -> String {
        DateTime::<Local>::from(self.at)
            .format("%d/%m/%Y %H:%M:%S")
            .to_string()
    }
}

/// A page of the record, newest first.
#[derive(Debug, Clone)]
pub struct Page {
    pub entries: Vec<Entry>,
    /// The id to ask for the next (older) page, if there are older rows.
    pub older: Option<i64>,
    pub total: u64,
}

/// The open database. One connection, behind a lock: events are small
/// and rare next to the work that produces them.
pub struct Registro {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for Registro {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registro")
            .field("path", &self.path)
            .finish()
    }
}

fn user_version(conn: &Connection) -> rusqlite::Result<i32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

fn fault(path: &Path, what: &str, e: rusqlite::Error) -> Diagnostics {
    Diagnostic::error(
        Location::file(path),
        format!("registro: {what}: {}", sqlite_reason(&e)),
    )
    .with_hint(
        "il registro è solo una traccia: i dati dell'ente restano nei file di inputs/. \
             Controllare lo spazio su disco e i permessi della cartella dello sportello",
    )
    .into()
}

/// SQLite's failure in Italian: the kinds a person can act on by name
/// (a full disk, a read-only or locked file, a damaged one), SQLite's own
/// code for the rest.
fn sqlite_reason(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DiskFull) => "spazio su disco esaurito".into(),
        Some(C::ReadOnly) => "il file è in sola lettura".into(),
        Some(C::PermissionDenied) => "permesso negato".into(),
        Some(C::CannotOpen) => "il file non si può aprire (cartella mancante o permessi)".into(),
        Some(C::DatabaseBusy | C::DatabaseLocked) => {
            "il file è bloccato da un altro programma".into()
        }
        Some(C::DatabaseCorrupt | C::NotADatabase) => "il file è danneggiato".into(),
        Some(C::SystemIoFailure) => "errore di lettura o scrittura sul disco".into(),
        Some(code) => format!("errore di SQLite ({code:?})"),
        None => format!("errore del registro ({})", e),
    }
}

impl Registro {
    /// Opens (or creates) `registro.sqlite` in `dir`, bringing its schema
    /// to this release's version.
    pub fn open(dir: &Path) -> Result<Registro, Diagnostics> {
        let path = dir.join(FILE_NAME);
        let conn = Connection::open(&path)
            .map_err(|e| fault(&path, "impossibile aprire il database", e))?;
        let r = Registro {
            conn: Mutex::new(conn),
            path,
        };
        r.prepare()?;
        Ok(r)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn prepare(&self) -> Result<(), Diagnostics> {
        let mut conn = self.lock()?;
        let p = &self.path;
        // Another process on the same file (a second sportello, sqlite3)
        // is waited for, not an error.
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| fault(p, "impossibile preparare il database", e))?;
        // WAL: a writer never blocks the page that reads; FULL: an event
        // recorded is on disk when `record` returns.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| fault(p, "il file non è un database leggibile", e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| fault(p, "impossibile preparare il database", e))?;
        let version =
            user_version(&conn).map_err(|e| fault(p, "il file non è un database leggibile", e))?;
        if version > SCHEMA_VERSION {
            return Err(Diagnostic::error(
                Location::file(p),
                format!(
                    "il registro è stato scritto da una versione più recente di consuntivo \
                     (schema {version}, questa versione conosce fino allo schema {SCHEMA_VERSION})"
                ),
            )
            .with_hint("aggiornare consuntivo, oppure spostare il file altrove per cominciare un registro nuovo")
            .into());
        }
        if version < 1 {
            // Write-locked from the start, and asked again inside: two
            // processes opening a new file create the table once.
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|e| fault(p, "impossibile creare il registro", e))?;
            let again =
                user_version(&tx).map_err(|e| fault(p, "impossibile creare il registro", e))?;
            if again >= 1 {
                return Ok(());
            }
            tx.execute_batch(
                "CREATE TABLE eventi (
                    id       INTEGER PRIMARY KEY AUTOINCREMENT,
                    quando   TEXT NOT NULL,      -- RFC 3339, UTC
                    ruolo    TEXT NOT NULL,      -- vertice, valutatore, unita.<id>
                    chi      TEXT NOT NULL,      -- il ruolo come era chiamato
                    anno     INTEGER NOT NULL,
                    tipo     TEXT NOT NULL,      -- invio, ripristino, decisione, testo, generazione
                    unita    TEXT,               -- l'unità interessata (id nel piano)
                    oggetto  TEXT,               -- codice, campo o documenti
                    esito    TEXT,
                    sha256   TEXT,
                    byte     INTEGER,
                    errori   INTEGER,
                    avvisi   INTEGER,
                    nota     TEXT NOT NULL DEFAULT ''
                 );
                 CREATE INDEX eventi_unita ON eventi (anno, unita, id);
                 PRAGMA user_version = 1;",
            )
            .map_err(|e| fault(p, "impossibile creare il registro", e))?;
            tx.commit()
                .map_err(|e| fault(p, "impossibile creare il registro", e))?;
        }
        Ok(())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>, Diagnostics> {
        // A panic while holding the lock leaves the connection usable:
        // every write is its own transaction, rolled back if unfinished.
        Ok(self.conn.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Records one event, now, done by `role` (named `who`), for `year`.
    pub fn record(
        &self,
        role: &Role,
        who: &str,
        year: i32,
        event: &Event,
    ) -> Result<i64, Diagnostics> {
        self.record_at(Utc::now(), role, who, year, event)
    }

    /// Records one event at a given time (tests, imports).
    pub fn record_at(
        &self,
        at: DateTime<Utc>,
        role: &Role,
        who: &str,
        year: i32,
        event: &Event,
    ) -> Result<i64, Diagnostics> {
        let mut conn = self.lock()?;
        let p = &self.path;
        let tx = conn
            .transaction()
            .map_err(|e| fault(p, "impossibile registrare l'evento", e))?;
        let c = Columns::of(event);
        tx.execute(
            "INSERT INTO eventi (quando, ruolo, chi, anno, tipo, unita, oggetto, esito, sha256, byte, errori, avvisi, nota)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                role.key(),
                who,
                year,
                event.kind(),
                c.unit,
                c.object,
                c.outcome,
                c.sha,
                c.bytes,
                c.errors,
                c.warnings,
                c.note,
            ],
        )
        .map_err(|e| fault(p, "impossibile registrare l'evento", e))?;
        let id = tx.last_insert_rowid();
        tx.commit()
            .map_err(|e| fault(p, "impossibile registrare l'evento", e))?;
        Ok(id)
    }

    /// At most `limit` events older than `before` (all when `None`),
    /// newest first.
    pub fn page(&self, before: Option<i64>, limit: usize) -> Result<Page, Diagnostics> {
        let conn = self.lock()?;
        let p = &self.path;
        let read = |e| fault(p, "impossibile leggere il registro", e);
        let total: i64 = conn
            .query_row("SELECT COUNT(*) FROM eventi", [], |r| r.get(0))
            .map_err(read)?;
        let mut stmt = conn
            .prepare(
                "SELECT id, quando, ruolo, chi, anno, tipo, unita, oggetto, esito, sha256, byte, errori, avvisi, nota
                 FROM eventi WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
            )
            .map_err(read)?;
        let rows = stmt
            .query_map(
                params![before.unwrap_or(i64::MAX), (limit + 1) as i64],
                Self::row,
            )
            .map_err(read)?;
        let mut entries = Vec::new();
        for row in rows {
            // A row this release cannot read (written by hand, damaged) is
            // skipped rather than hiding the whole page.
            if let Ok(Some(e)) = row {
                entries.push(e);
            }
        }
        let older = if entries.len() > limit {
            entries.truncate(limit);
            entries.last().map(|e| e.id)
        } else {
            None
        };
        Ok(Page {
            entries,
            older,
            total: total.max(0) as u64,
        })
    }

    /// Every event about one unit in `year`, newest first.
    pub fn for_unit(&self, year: i32, unit: &str, limit: usize) -> Result<Vec<Entry>, Diagnostics> {
        let conn = self.lock()?;
        let p = &self.path;
        let read = |e| fault(p, "impossibile leggere il registro", e);
        let mut stmt = conn
            .prepare(
                "SELECT id, quando, ruolo, chi, anno, tipo, unita, oggetto, esito, sha256, byte, errori, avvisi, nota
                 FROM eventi WHERE anno = ?1 AND unita = ?2 ORDER BY id DESC LIMIT ?3",
            )
            .map_err(read)?;
        let rows = stmt
            .query_map(params![year, unit, limit as i64], Self::row)
            .map_err(read)?;
        Ok(rows.filter_map(|r| r.ok().flatten()).collect())
    }

    /// The id of the newest event, if any.
    pub fn last_id(&self) -> Result<Option<i64>, Diagnostics> {
        let conn = self.lock()?;
        conn.query_row("SELECT MAX(id) FROM eventi", [], |r| r.get(0))
            .optional()
            .map(Option::flatten)
            .map_err(|e| fault(&self.path, "impossibile leggere il registro", e))
    }

    fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Entry>> {
        let at: String = r.get(1)?;
        let kind: String = r.get(5)?;
        let unit: Option<String> = r.get(6)?;
        let object: Option<String> = r.get(7)?;
        let outcome: Option<String> = r.get(8)?;
        let sha: Option<String> = r.get(9)?;
        let bytes: Option<i64> = r.get(10)?;
        let errors: Option<i64> = r.get(11)?;
        let warnings: Option<i64> = r.get(12)?;
        let note: String = r.get(13)?;
        let Ok(at) = DateTime::parse_from_rfc3339(&at) else {
            return Ok(None);
        };
        let count = |n: Option<i64>| n.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32;
        let event = match kind.as_str() {
            "invio" => {
                let (Some(unit), Some(outcome)) =
                    (unit, outcome.as_deref().and_then(UploadOutcome::from_key))
                else {
                    return Ok(None);
                };
                Event::Upload {
                    unit,
                    sha256: sha,
                    bytes: bytes.unwrap_or(0).max(0) as u64,
                    outcome,
                    errors: count(errors),
                    warnings: count(warnings),
                    note,
                }
            }
            "ripristino" => {
                let (Some(unit), Some(sha256), Some(version)) = (unit, sha, object) else {
                    return Ok(None);
                };
                Event::Restore {
                    unit,
                    sha256,
                    version,
                    note,
                }
            }
            "decisione" => Event::Decision {
                code: object.unwrap_or_default(),
                action: outcome.unwrap_or_default(),
                note,
            },
            "testo" => Event::TextEdit {
                field: object.unwrap_or_default(),
                note,
            },
            "generazione" => Event::Generation {
                what: object.unwrap_or_default(),
                outcome: outcome.unwrap_or_default(),
                note,
            },
            _ => return Ok(None),
        };
        Ok(Some(Entry {
            id: r.get(0)?,
            at: at.with_timezone(&Utc),
            role: r.get(2)?,
            who: r.get(3)?,
            year: r.get(4)?,
            event,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::AreaId;

    fn upload(unit: &str, outcome: UploadOutcome) -> Event {
        Event::Upload {
            unit: unit.into(),
            sha256: Some("ab".repeat(32)),
            bytes: 1234,
            outcome,
            errors: 2,
            warnings: 1,
            note: String::new(),
        }
    }

    #[test]
    fn events_read_back_newest_first_in_pages() {
        let dir = tempfile::tempdir().unwrap();
        let r = Registro::open(dir.path()).unwrap();
        let unit = Role::Unit(AreaId::from("V"));
        let mut written = Vec::new();
        for i in 0..7 {
            let e = if i % 2 == 0 {
                upload("V", UploadOutcome::ToFix)
            } else {
                Event::Decision {
                    code: format!("1.{i}"),
                    action: "conferma".into(),
                    note: "«ok»".into(),
                }
            };
            r.record(&unit, "Area V", 2023, &e).unwrap();
            written.push(e);
        }
        let first = r.page(None, 3).unwrap();
        assert_eq!(first.total, 7);
        assert_eq!(first.entries.len(), 3);
        assert_eq!(first.entries[0].event, written[6]);
        assert_eq!(first.entries[0].role, "unita.V");
        assert_eq!(first.entries[0].who, "Area V");
        let second = r.page(first.older, 3).unwrap();
        assert_eq!(second.entries[0].event, written[3]);
        let third = r.page(second.older, 3).unwrap();
        assert_eq!(third.entries.len(), 1);
        assert_eq!(third.older, None);
        assert_eq!(third.entries[0].event, written[0]);
        assert_eq!(r.for_unit(2023, "V", 10).unwrap().len(), 4);
        assert_eq!(r.for_unit(2024, "V", 10).unwrap().len(), 0);
    }

    #[test]
    fn the_schema_is_versioned_and_a_newer_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        {
            let r = Registro::open(dir.path()).unwrap();
            r.record(
                &Role::Office,
                "Ufficio",
                2023,
                &upload("I", UploadOutcome::Accepted),
            )
            .unwrap();
        }
        let conn = Connection::open(dir.path().join(FILE_NAME)).unwrap();
        let v: i32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        // Reopening keeps what was there.
        assert_eq!(
            Registro::open(dir.path())
                .unwrap()
                .page(None, 10)
                .unwrap()
                .total,
            1
        );
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = Registro::open(dir.path()).unwrap_err();
        assert!(
            err.iter()
                .any(|d| d.message.contains("versione più recente")),
            "{err:?}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_italian_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"non sono un database, ma testo lungo abbastanza da avere una pagina intera di byte qualsiasi").unwrap();
        let err = Registro::open(dir.path()).unwrap_err();
        assert!(
            err.iter()
                .any(|d| d.message.starts_with("registro:") && d.message.contains("danneggiato")),
            "{err:?}"
        );
        assert!(!format!("{err:?}").contains("not a database"), "{err:?}");
    }

    #[test]
    fn sqlites_failures_are_told_in_italian() {
        for (code, words) in [
            (rusqlite::ffi::SQLITE_FULL, "spazio su disco esaurito"),
            (rusqlite::ffi::SQLITE_READONLY, "sola lettura"),
            (rusqlite::ffi::SQLITE_BUSY, "bloccato"),
            (rusqlite::ffi::SQLITE_CORRUPT, "danneggiato"),
        ] {
            let e = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
            let d = fault(
                Path::new("registro.sqlite"),
                "impossibile registrare l'evento",
                e,
            );
            let message = &d.iter().next().unwrap().message;
            assert!(
                message.starts_with("registro: impossibile registrare l'evento: ")
                    && message.contains(words),
                "{message}"
            );
        }
    }
}
