//! Opening input files as hostile: only regular files (a FIFO would hang,
//! a link to `/dev/zero` would never end), of bounded size, and for text
//! files valid UTF-8, with the line and column of the first bad byte.

use std::io::Read;
use std::path::Path;

use crate::diag::{Diagnostic, Location, os_error_text};

/// Largest TOML input accepted (a plan of a large comune is ~200 kB).
pub const MAX_TEXT_FILE: u64 = 4 * 1024 * 1024;
/// Largest image accepted as a logo.
pub const MAX_IMAGE_FILE: u64 = 8 * 1024 * 1024;

/// Why an input cannot be read.
#[derive(Debug)]
pub enum InputError {
    /// No such file: some inputs are optional.
    Missing,
    /// Any other problem, as an Italian diagnostic at the file.
    Bad(Box<Diagnostic>),
}

impl InputError {
    /// The diagnostic, with `what` ("il piano") naming the file's role
    /// when the file is missing.
    pub fn into_diagnostic(self, path: &Path, what: &str) -> Diagnostic {
        match self {
            InputError::Missing => Diagnostic::error(
                Location::file(path),
                format!("impossibile leggere {what}: il file non esiste"),
            )
            .with_hint("controllare il nome del file e la cartella in cui si trova"),
            InputError::Bad(d) => *d,
        }
    }
}

/// The bytes of `path`, if it is a regular file of at most `max` bytes.
pub fn read_bytes(path: &Path, max: u64) -> Result<Vec<u8>, InputError> {
    let bad = |msg: String| InputError::Bad(Box::new(Diagnostic::error(Location::file(path), msg)));
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.is_symlink() => {
            return Err(bad(
                "il file è un collegamento simbolico che non porta a nessun file".into(),
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(InputError::Missing),
        Err(e) => {
            return Err(bad(format!(
                "impossibile leggere il file: {}",
                os_error_text(&e)
            )));
        }
    };
    if meta.is_dir() {
        return Err(bad("è una cartella, non un file".into()));
    }
    if !meta.is_file() {
        return Err(InputError::Bad(Box::new(
            Diagnostic::error(
                Location::file(path),
                "non è un file ordinario (è un dispositivo, una coda o un socket)",
            )
            .with_hint("indicare al suo posto un file ordinario"),
        )));
    }
    let too_big = || {
        bad(format!(
            "il file è troppo grande (al massimo {} MB)",
            max.div_ceil(1024 * 1024)
        ))
    };
    if meta.len() > max {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            bad(format!(
                "impossibile leggere il file: {}",
                os_error_text(&e)
            ))
        })?;
    if bytes.len() as u64 > max {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The text of `path` (see [`read_bytes`]), which must be UTF-8.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    read_text_max(path, MAX_TEXT_FILE)
}

/// [`read_text`] with its own size limit (larger data files).
pub fn read_text_max(path: &Path, max: u64) -> Result<String, InputError> {
    let bytes = read_bytes(path, max)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let prefix = std::str::from_utf8(valid).unwrap_or("");
        InputError::Bad(Box::new(
            Diagnostic::error(
                Location::at_offset(path, prefix, prefix.len()),
                "il file non è in codifica UTF-8 (carattere non valido in questo punto)",
            )
            .with_hint("salvare il file come testo UTF-8"),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(r: Result<String, InputError>) -> String {
        match r {
            Err(InputError::Bad(d)) => d.to_string(),
            Err(InputError::Missing) => "mancante".into(),
            Ok(t) => format!("letto: {t}"),
        }
    }

    #[test]
    fn only_regular_files_of_bounded_size() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path();
        assert_eq!(message(read_text(&p.join("assente.toml"))), "mancante");
        assert!(message(read_text(p)).contains("è una cartella"));
        std::fs::write(
            p.join("grande.toml"),
            vec![b'a'; MAX_TEXT_FILE as usize + 1],
        )
        .unwrap();
        assert!(message(read_text(&p.join("grande.toml"))).contains("troppo grande"));
        std::fs::write(p.join("bad.toml"), b"a = 1\nb = \"\xff\"\n").unwrap();
        assert_eq!(
            message(read_text(&p.join("bad.toml"))),
            "errore: bad.toml:2:6: il file non è in codifica UTF-8 (carattere non valido in \
             questo punto)\n  suggerimento: salvare il file come testo UTF-8"
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_broken_links_are_refused_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path();
        std::os::unix::fs::symlink("/dev/zero", p.join("logo.png")).unwrap();
        assert!(message(read_text(&p.join("logo.png"))).contains("non è un file ordinario"));
        let fifo = p.join("smvp.toml");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if status.is_ok_and(|s| s.success()) {
            assert!(message(read_text(&fifo)).contains("non è un file ordinario"));
        }
        std::os::unix::fs::symlink(p.join("nessuno"), p.join("rotto.toml")).unwrap();
        assert!(message(read_text(&p.join("rotto.toml"))).contains("collegamento simbolico"));
    }
}
