//! All-or-nothing output: files are rendered in memory, then written to
//! temporary files beside their destination and renamed into place only
//! when every one of them was written, so a failed run leaves no
//! half-written report.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

#[derive(Debug, Error)]
#[error("impossibile scrivere «{}»: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Files to write together.
#[derive(Debug, Default)]
pub struct OutputSet {
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl OutputSet {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: impl Into<PathBuf>, bytes: Vec<u8>) {
        self.files.push((path.into(), bytes));
    }

    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(p, _)| p.as_path())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Writes every file, or none: on any failure the temporary files are
    /// removed and the destinations are untouched.
    pub fn commit(self) -> Result<Vec<PathBuf>, WriteError> {
        let mut staged: Vec<(tempfile::NamedTempFile, PathBuf)> = Vec::new();
        for (path, bytes) in &self.files {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let err = |source| WriteError {
                path: path.clone(),
                source,
            };
            fs::create_dir_all(dir).map_err(err)?;
            let mut tmp = tempfile::Builder::new()
                .prefix(".consuntivo-")
                .tempfile_in(dir)
                .map_err(err)?;
            tmp.write_all(bytes).map_err(err)?;
            tmp.as_file().sync_all().map_err(err)?;
            staged.push((tmp, path.clone()));
        }
        // Dropping `staged` on an early return deletes every temporary file.
        let mut written = Vec::new();
        for (tmp, path) in staged {
            tmp.persist(&path).map_err(|e| WriteError {
                path: path.clone(),
                source: e.error,
            })?;
            written.push(path);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_all_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = OutputSet::new();
        out.add(dir.path().join("a/x.txt"), b"uno".to_vec());
        out.add(dir.path().join("b.txt"), b"due".to_vec());
        let written = out.commit().unwrap();
        assert_eq!(written.len(), 2);
        assert_eq!(fs::read(dir.path().join("a/x.txt")).unwrap(), b"uno");
    }

    #[test]
    fn a_failure_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // A file where a directory is needed makes the second write fail.
        fs::write(dir.path().join("blocker"), b"").unwrap();
        let mut out = OutputSet::new();
        out.add(dir.path().join("ok.txt"), b"uno".to_vec());
        out.add(dir.path().join("blocker/ko.txt"), b"due".to_vec());
        assert!(out.commit().is_err());
        assert!(!dir.path().join("ok.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the blocker remains");
    }
}
