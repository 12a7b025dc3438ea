//! Where the sportello writes a unit's files (an accepted form, the copy
//! in the archive, a form kept aside, the outcome): each file is written
//! whole beside its place and renamed over it ([`crate::output::write_file`]),
//! so a failed write leaves the previous file as it was.
//!
//! A full disk cannot be made on demand without privileges, so the write
//! path has a seam: [`Disk::fill_after`] makes every write after the next
//! `n` fail as a full disk would (`ENOSPC`). Tests use it; the server
//! never sets it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::output::WriteError;

/// The sportello's writes, with the simulated full disk.
#[derive(Debug)]
pub struct Disk {
    /// Writes still allowed before the disk «fills» (`usize::MAX`: never).
    left: AtomicUsize,
}

impl Default for Disk {
    fn default() -> Self {
        Disk {
            left: AtomicUsize::new(usize::MAX),
        }
    }
}

impl Disk {
    /// From now on, the first `n` writes succeed and every later one fails
    /// as on a full disk; `None` gives the disk back.
    pub fn fill_after(&self, n: Option<usize>) {
        self.left.store(n.unwrap_or(usize::MAX), Ordering::SeqCst);
    }

    /// Writes `bytes` to `path` in one step (see the module's note).
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<PathBuf, WriteError> {
        let full = self
            .left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| match n {
                usize::MAX => Some(n),
                0 => None,
                n => Some(n - 1),
            })
            .is_err();
        if full {
            return Err(WriteError {
                path: path.to_path_buf(),
                reason: crate::diag::os_error_text(&std::io::Error::from(
                    std::io::ErrorKind::StorageFull,
                )),
            });
        }
        crate::output::write_file(path, bytes)
    }
}
