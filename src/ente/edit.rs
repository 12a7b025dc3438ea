//! What the sportello's editors of the ente's TOML files share: the
//! file's fingerprint (so that a page never overwrites a file changed
//! after it was shown), the refusals, and the write in one step.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Location};

/// Why an edit was not written. Nothing was written in every case.
#[derive(Debug)]
pub enum Refusal {
    /// The file changed on disk after the page read it (by hand, or from
    /// another page): writing would lose that change.
    Changed,
    /// The commands would refuse the result: their messages.
    Invalid(Diagnostics),
    /// The file could not be read or written.
    Io(Diagnostics),
}

/// The fingerprint of a file: the SHA-256 of its bytes in hex, or
/// «assente» when there is no file.
pub fn fingerprint(path: &Path) -> Result<String, Diagnostics> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(crate::workbook::sha256_hex(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ABSENT.to_string()),
        Err(e) => Err(io_error(path, "leggere", &e)),
    }
}

/// The fingerprint of a file that does not exist.
pub const ABSENT: &str = "assente";

/// The file's text if its fingerprint is still `seen` (`None`: no file,
/// and none was seen).
pub fn read_if_unchanged(path: &Path, seen: &str) -> Result<Option<String>, Refusal> {
    let now = fingerprint(path).map_err(Refusal::Io)?;
    if now != seen {
        return Err(Refusal::Changed);
    }
    if now == ABSENT {
        return Ok(None);
    }
    crate::input::read_text(path)
        .map(Some)
        .map_err(|e| Refusal::Io(e.into_diagnostic(path, "il file").into()))
}

/// Writes `text` over `path` in one step (a temporary file renamed over
/// it): the file holds the old text or the new one, never half of one.
pub fn write(path: &Path, text: &str) -> Result<(), Refusal> {
    crate::output::write_file(path, text.as_bytes())
        .map(|_| ())
        .map_err(|e| {
            Refusal::Io(
                Diagnostic::error(
                    Location::file(path),
                    format!("impossibile scrivere il file: {}", e.reason),
                )
                .into(),
            )
        })
}

fn io_error(path: &Path, verb: &str, e: &std::io::Error) -> Diagnostics {
    Diagnostic::error(
        Location::file(path),
        format!(
            "impossibile {verb} il file: {}",
            crate::diag::os_error_text(e)
        ),
    )
    .into()
}
