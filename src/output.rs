//! All-or-nothing output. A command's results go to one folder (e.g.
//! `outputs/2023`): the whole new set is written to a hidden sibling
//! folder, then swapped with the old one in a single rename, so at every
//! instant the folder holds either the complete previous set or the
//! complete new one. Leftovers of an interrupted run are cleaned by the
//! next. Each set records what it wrote in a hidden list in the folder, so
//! the next run of the same command removes exactly its own stale files (a
//! renamed Area's scheda) and carries every other file over (another
//! command's, someone's notes): nothing else is lost. Files get ordinary
//! permissions (the umask decides), and nothing is ever written outside the
//! folder.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use thiserror::Error;

use crate::diag::os_error_text;

mod lock;
mod previous;

pub use lock::on_wait;

pub use previous::{Previous, checksum, hex};

#[derive(Debug, Error)]
#[error("impossibile scrivere «{}»: {}", path.display(), reason)]
pub struct WriteError {
    pub path: PathBuf,
    pub reason: String,
}

impl WriteError {
    fn os(path: &Path, e: &std::io::Error) -> Self {
        WriteError {
            path: path.to_path_buf(),
            reason: os_error_text(e),
        }
    }
}

/// What a successful commit did.
#[derive(Debug)]
pub struct Committed {
    /// The folder now holding the set.
    pub dir: PathBuf,
    /// The files written, in the order they were added; hidden
    /// bookkeeping files (a leading dot) are written but not listed.
    pub written: Vec<PathBuf>,
    /// Files the previous run of the same set wrote and this one did not,
    /// now gone.
    pub removed: Vec<PathBuf>,
    /// Other files found in the folder and kept (hidden ones not listed).
    pub kept: Vec<PathBuf>,
}

/// Files to write together into one folder.
#[derive(Debug)]
pub struct OutputSet {
    dir: PathBuf,
    /// Which command's set this is: names its list of files.
    name: String,
    files: Vec<(PathBuf, Vec<u8>)>,
    /// The keys of the files added with one (see [`Previous`]).
    keys: std::collections::HashMap<PathBuf, String>,
}

/// The folder of confidential files (the individual evaluations, named
/// after people). A set lists its files in it in a list of its own inside
/// that folder, never in the public folder's list: the file names name
/// people.
pub const PRIVATE_DIR: &str = "riservato";

const STAGING: &str = "consuntivo-nuovo";
const RETIRED: &str = "consuntivo-vecchio";

impl OutputSet {
    /// A set replacing, in `dir`, what the previous set called `name` wrote.
    pub fn new(dir: impl Into<PathBuf>, name: &str) -> Self {
        OutputSet {
            dir: dir.into(),
            name: name.to_string(),
            files: Vec::new(),
            keys: std::collections::HashMap::new(),
        }
    }

    /// The hidden list of the files of the set, inside the folder.
    fn manifest(&self) -> PathBuf {
        PathBuf::from(format!(".consuntivo-{}.elenco", self.name))
    }

    /// Adds a file at `relative`, a path inside the folder.
    pub fn add(&mut self, relative: impl Into<PathBuf>, bytes: Vec<u8>) {
        self.files.push((relative.into(), bytes));
    }

    /// Adds a file with `key`, the hash of everything its bytes depend on:
    /// the set's list records the key and the file's checksum, so the next
    /// run can take the file back ([`Previous`]) instead of composing it.
    pub fn add_keyed(&mut self, relative: impl Into<PathBuf>, bytes: Vec<u8>, key: String) {
        let relative = relative.into();
        self.keys.insert(relative.clone(), key);
        self.files.push((relative, bytes));
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Writes the set, or changes nothing.
    pub fn commit(self) -> Result<Committed, WriteError> {
        self.commit_with(&|_| Ok(()), &|| ())
    }

    /// `between` runs before each file is written (tests inject failures),
    /// `before_swap` once the old folder's files are carried over (tests
    /// run another command there).
    fn commit_with(
        self,
        between: &dyn Fn(&Path) -> std::io::Result<()>,
        before_swap: &dyn Fn(),
    ) -> Result<Committed, WriteError> {
        let dir = self.dir.clone();
        for (rel, _) in &self.files {
            if !stays_inside(rel) {
                return Err(WriteError {
                    path: dir.join(rel),
                    reason: "il percorso uscirebbe dalla cartella dei risultati".into(),
                });
            }
        }
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| WriteError {
                path: dir.clone(),
                reason: "non è il nome di una cartella".into(),
            })?;
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        if let Ok(meta) = fs::symlink_metadata(&dir)
            && !meta.is_dir()
        {
            return Err(WriteError {
                path: dir.clone(),
                reason: "esiste già un file con questo nome, non una cartella: spostarlo o \
                         rinominarlo"
                    .into(),
            });
        }
        fs::create_dir_all(&parent).map_err(|e| WriteError::os(&parent, &e))?;
        // One change at a time in the parent folder and around it: cleaning
        // other runs' leftovers is safe, and no other command writes into
        // the old folder between the carry-over and the swap.
        let lock = lock::lock(&parent)?;

        recover(&parent, &name, &dir)?;

        // The set's name in the staging folder's says which command is
        // writing to one that waits (see `lock`).
        let command: String = self
            .name
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let staging = parent.join(format!(
            ".{name}.{STAGING}-{command}-{}",
            std::process::id()
        ));
        let manifest = self.manifest();
        let private_manifest = Path::new(PRIVATE_DIR).join(&manifest);
        let mut files = self.files;
        // Confidential files are listed inside their folder; the public
        // list names only that list.
        let (mut list, mut private_list) = (String::new(), String::new());
        for (p, bytes) in &files {
            let key = self.keys.get(p).map(|k| (k.as_str(), checksum(bytes)));
            let line = previous::list_line(p, key.as_ref().map(|(k, s)| (*k, s.as_str())));
            if is_private(p) {
                private_list.push_str(&line);
            } else {
                list.push_str(&line);
            }
        }
        if !private_list.is_empty() {
            list.push_str(&previous::list_line(&private_manifest, None));
            files.push((private_manifest.clone(), private_list.into_bytes()));
        }
        files.push((manifest.clone(), list.into_bytes()));
        let written = match stage(&files, &staging, between) {
            Ok(w) => w,
            Err(e) => {
                let _ = fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        // The lists and any other hidden bookkeeping file (a name with a
        // leading dot, as the schede's index) are written, not reported:
        // people are told about documents.
        let written: Vec<PathBuf> = written
            .into_iter()
            .filter(|p| *p != manifest && *p != private_manifest)
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        let (kept, removed) = if dir.is_dir() {
            match carry_over(&dir, &staging, &files, &manifest) {
                Ok(k) => k,
                Err(e) => {
                    let _ = fs::remove_dir_all(&staging);
                    return Err(e);
                }
            }
        } else {
            (Vec::new(), Vec::new())
        };
        before_swap();
        if let Err(e) = swap(&staging, &dir, &parent, &name) {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        drop(lock);
        Ok(Committed {
            written: written.iter().map(|r| dir.join(r)).collect(),
            removed: removed.iter().map(|r| dir.join(r)).collect(),
            kept: kept.iter().map(|r| dir.join(r)).collect(),
            dir,
        })
    }
}

/// Writes one file on its own (a plan exported or imported, the plan's
/// document): written beside its destination under a hidden name and
/// renamed over it, so the path holds the old file or the new one, never
/// half of one; leftovers of interrupted writes of the same file are
/// removed; the umask decides the permissions.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| WriteError {
            path: path.to_path_buf(),
            reason: "non è il nome di un file".into(),
        })?;
    if path.is_dir() {
        return Err(WriteError {
            path: path.to_path_buf(),
            reason: "esiste già una cartella con questo nome".into(),
        });
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| WriteError::os(parent, &e))?;
    // Not while a command replaces this folder or one around it.
    let _lock = lock::lock(parent)?;
    let prefix = format!(".{name}.{STAGING}-");
    if let Ok(listing) = fs::read_dir(parent) {
        for entry in listing.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    let tmp = parent.join(format!("{prefix}{}", std::process::id()));
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(WriteError::os(path, &e));
    }
    Ok(path.to_path_buf())
}

/// Whether `rel` lies in the confidential folder ([`PRIVATE_DIR`]).
fn is_private(rel: &Path) -> bool {
    rel.components().next() == Some(Component::Normal(PRIVATE_DIR.as_ref()))
}

/// The lines of the set's list `manifest` in `dir`, and of the list of
/// its confidential files that it names (see [`PRIVATE_DIR`]), each read
/// only if a regular file of bounded size.
fn list_lines(dir: &Path, manifest: &Path) -> Vec<String> {
    let read = |rel: &Path| -> Vec<String> {
        let path = dir.join(rel);
        let readable =
            fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= previous::MAX_LIST);
        readable
            .then(|| fs::read_to_string(&path).ok())
            .flatten()
            .map(|t| t.lines().map(String::from).collect())
            .unwrap_or_default()
    };
    let mut lines = read(manifest);
    let private = Path::new(PRIVATE_DIR).join(manifest);
    if lines.iter().any(|l| previous::listed_path(l) == private) {
        lines.extend(read(&private));
    }
    lines
}

/// Whether `rel` names something inside its folder: plain names only, no
/// root, no drive, no `..`.
fn stays_inside(rel: &Path) -> bool {
    !rel.as_os_str().is_empty()
        && rel
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Removes what an interrupted run left beside `dir`; if the run stopped
/// after retiring the old folder and before putting the new one in place,
/// the old one comes back.
fn recover(parent: &Path, name: &str, dir: &Path) -> Result<(), WriteError> {
    let Ok(listing) = fs::read_dir(parent) else {
        return Ok(());
    };
    let staging = format!(".{name}.{STAGING}-");
    let retired = format!(".{name}.{RETIRED}-");
    for entry in listing.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if entry_name.starts_with(&retired) && !dir.exists() {
            fs::rename(&path, dir).map_err(|e| WriteError::os(dir, &e))?;
        } else if entry_name.starts_with(&staging) || entry_name.starts_with(&retired) {
            fs::remove_dir_all(&path).map_err(|e| WriteError::os(&path, &e))?;
        }
    }
    Ok(())
}

/// Writes every file under `staging`, with the permissions the umask
/// gives new files.
fn stage(
    files: &[(PathBuf, Vec<u8>)],
    staging: &Path,
    between: &dyn Fn(&Path) -> std::io::Result<()>,
) -> Result<Vec<PathBuf>, WriteError> {
    fs::create_dir(staging).map_err(|e| WriteError::os(staging, &e))?;
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = staging.join(rel);
        let shown = rel.clone();
        let err = |e: std::io::Error| WriteError::os(&shown, &e);
        between(rel).map_err(err)?;
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(err)?;
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(err)?;
        file.write_all(bytes).map_err(err)?;
        file.sync_all().map_err(err)?;
        written.push(rel.clone());
    }
    Ok(written)
}

/// Files of `dir` the new set does not replace: those the previous run of
/// the same set wrote (its `manifest`) are dropped, so an Area renamed
/// leaves no stale scheda; every other file (another command's, someone's
/// notes) is linked or copied into `staging`. Returns (kept, removed),
/// relative to the folder; hidden files are kept without being listed.
fn carry_over(
    dir: &Path,
    staging: &Path,
    files: &[(PathBuf, Vec<u8>)],
    manifest: &Path,
) -> Result<(Vec<PathBuf>, Vec<PathBuf>), WriteError> {
    let previous: Vec<PathBuf> = list_lines(dir, manifest)
        .iter()
        .map(|l| previous::listed_path(l))
        .collect();
    let mut kept = Vec::new();
    let mut removed = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let here = dir.join(&rel);
        let listing = fs::read_dir(&here).map_err(|e| WriteError::os(&here, &e))?;
        for entry in listing.flatten() {
            let rel_child = rel.join(entry.file_name());
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(rel_child);
                continue;
            }
            if files.iter().any(|(p, _)| *p == rel_child) {
                continue;
            }
            let hidden = rel_child
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if previous.contains(&rel_child) && kind.is_file() {
                // The set's own hidden lists go without a word.
                if !hidden {
                    removed.push(rel_child);
                }
                continue;
            }
            let to = staging.join(&rel_child);
            let err = |e: std::io::Error| WriteError::os(&dir.join(&rel_child), &e);
            if let Some(p) = to.parent() {
                fs::create_dir_all(p).map_err(err)?;
            }
            if kind.is_symlink() {
                let target = fs::read_link(entry.path()).map_err(err)?;
                symlink(&target, &to).map_err(err)?;
            } else if fs::hard_link(entry.path(), &to).is_err() {
                fs::copy(entry.path(), &to).map_err(err)?;
            }
            if !hidden {
                kept.push(rel_child);
            }
        }
    }
    kept.sort();
    removed.sort();
    Ok((kept, removed))
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    fs::copy(target, link).map(|_| ())
}

/// Puts `staging` in the place of `dir`: one atomic exchange where the
/// system offers it, otherwise retire-then-rename (an interruption between
/// the two is repaired by [`recover`] on the next run).
fn swap(staging: &Path, dir: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    if !dir.exists() {
        return fs::rename(staging, dir).map_err(|e| WriteError::os(dir, &e));
    }
    if exchange(staging, dir).is_ok() {
        // `staging` now holds the previous set.
        let _ = fs::remove_dir_all(staging);
        return Ok(());
    }
    let retired = parent.join(format!(".{name}.{RETIRED}-{}", std::process::id()));
    fs::rename(dir, &retired).map_err(|e| WriteError::os(dir, &e))?;
    if let Err(e) = fs::rename(staging, dir) {
        let _ = fs::rename(&retired, dir);
        return Err(WriteError::os(dir, &e));
    }
    let _ = fs::remove_dir_all(&retired);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the
    // call; AT_FDCWD resolves them like `rename` does.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::listing;

    fn set(dir: &Path, files: &[(&str, &str)]) -> OutputSet {
        let mut out = OutputSet::new(dir, "prova");
        for (p, b) in files {
            out.add(*p, b.as_bytes().to_vec());
        }
        out
    }

    #[test]
    fn writes_all_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("outputs/2023");
        let done = set(&dir, &[("a/x.pdf", "uno"), ("b.xlsx", "due")])
            .commit()
            .unwrap();
        assert_eq!(done.written, vec![dir.join("a/x.pdf"), dir.join("b.xlsx")]);
        assert_eq!(listing(&dir), ["a/x.pdf=uno", "b.xlsx=due"]);
        assert_eq!(
            fs::read_to_string(dir.join(".consuntivo-prova.elenco")).unwrap(),
            "a/x.pdf\nb.xlsx\n"
        );
    }

    #[test]
    fn confidential_files_are_listed_only_inside_their_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        let person = "riservato/Scheda individuale 2023 - Area I - Mario Rossi.pdf";
        let key = "a".repeat(64);
        let mut out = set(&dir, &[("r.pdf", "v")]);
        out.add_keyed(person, b"scheda".to_vec(), key.clone());
        out.commit().unwrap();
        let public = fs::read_to_string(dir.join(".consuntivo-prova.elenco")).unwrap();
        assert_eq!(public, "r.pdf\nriservato/.consuntivo-prova.elenco\n");
        assert!(!public.contains("Rossi"));
        let private = fs::read_to_string(dir.join("riservato/.consuntivo-prova.elenco")).unwrap();
        assert!(
            private.starts_with(&format!("{person}\t{key}\t")),
            "{private}"
        );
        // The next run takes the confidential file back by its key…
        assert_eq!(Previous::load(&dir, "prova").take(&key).unwrap(), b"scheda");
        // …and a run without it removes it, and its list, without leaving
        // the name anywhere.
        let done = set(&dir, &[("r.pdf", "n")]).commit().unwrap();
        assert_eq!(done.removed, vec![dir.join(person)]);
        assert_eq!(listing(&dir), ["r.pdf=n"]);
        assert!(!dir.join("riservato/.consuntivo-prova.elenco").exists());
    }

    #[test]
    fn a_failure_between_files_leaves_the_previous_set_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        set(&dir, &[("r.pdf", "vecchia"), ("s/a.pdf", "vecchia")])
            .commit()
            .unwrap();
        let fail_second = |rel: &Path| {
            if rel == Path::new("s/a.pdf") {
                Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
            } else {
                Ok(())
            }
        };
        let err = set(&dir, &[("r.pdf", "nuova"), ("s/a.pdf", "nuova")])
            .commit_with(&fail_second, &|| ())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "impossibile scrivere «s/a.pdf»: spazio su disco esaurito"
        );
        assert_eq!(listing(&dir), ["r.pdf=vecchia", "s/a.pdf=vecchia"]);
        let siblings: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(siblings, ["2023"], "no staging folder left behind");
    }

    #[test]
    fn a_new_set_replaces_stale_files_and_keeps_foreign_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        set(&dir, &[("schede/Area I.pdf", "v"), ("r.pdf", "v")])
            .commit()
            .unwrap();
        fs::write(dir.join("appunti.txt"), "miei").unwrap();
        let done = set(&dir, &[("schede/Area 1.pdf", "n"), ("r.pdf", "n")])
            .commit()
            .unwrap();
        assert_eq!(
            listing(&dir),
            ["appunti.txt=miei", "r.pdf=n", "schede/Area 1.pdf=n"]
        );
        assert_eq!(done.removed, vec![dir.join("schede/Area I.pdf")]);
        assert_eq!(done.kept, vec![dir.join("appunti.txt")]);
    }

    #[test]
    fn two_commands_sharing_a_folder_keep_each_other_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        set(&dir, &[("r.pdf", "v"), ("schede/Area I.pdf", "v")])
            .commit()
            .unwrap();
        let mut other = OutputSet::new(&dir, "stato");
        other.add("Stato.xlsx", b"s".to_vec());
        other.commit().unwrap();
        let done = set(&dir, &[("r.pdf", "n")]).commit().unwrap();
        assert_eq!(listing(&dir), ["Stato.xlsx=s", "r.pdf=n"]);
        assert_eq!(done.removed, vec![dir.join("schede/Area I.pdf")]);
        assert_eq!(done.kept, vec![dir.join("Stato.xlsx")]);
    }

    #[test]
    fn leftovers_of_an_interrupted_run_are_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        set(&dir, &[("r.pdf", "v")]).commit().unwrap();
        // A run killed while staging, and one killed after retiring the old
        // folder but before renaming the new one into place.
        let half = tmp.path().join(format!(".2023.{STAGING}-99999"));
        fs::create_dir_all(half.join("schede")).unwrap();
        fs::write(half.join("r.pdf"), "a metà").unwrap();
        set(&dir, &[("r.pdf", "n")]).commit().unwrap();
        assert!(!half.exists());

        let retired = tmp.path().join(format!(".2023.{RETIRED}-99998"));
        fs::rename(&dir, &retired).unwrap();
        let err = set(&dir, &[("../fuori.pdf", "x")]).commit().unwrap_err();
        assert!(err.reason.contains("uscirebbe"), "{err}");
        set(&dir, &[("r.pdf", "ultima")]).commit().unwrap();
        assert!(!retired.exists());
        assert_eq!(listing(&dir), ["r.pdf=ultima"]);
    }

    #[test]
    fn paths_never_leave_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out/2023");
        for rel in [
            "../evaso.pdf",
            "a/../../evaso.pdf",
            "/tmp/evaso.pdf",
            "x/../../../../../../fuori/evaso.pdf",
            "",
        ] {
            let err = set(&dir, &[("ok.pdf", "x"), (rel, "x")])
                .commit()
                .unwrap_err();
            assert!(err.reason.contains("uscirebbe"), "{rel}: {err}");
        }
        assert!(!dir.exists(), "nothing written");
        assert!(!tmp.path().join("evaso.pdf").exists());
    }

    #[test]
    fn a_file_in_place_of_the_folder_is_an_italian_error() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        fs::write(&dir, "un file").unwrap();
        let err = set(&dir, &[("r.pdf", "x")]).commit().unwrap_err();
        assert!(err.to_string().contains("esiste già un file"), "{err}");
        assert_eq!(fs::read(&dir).unwrap(), b"un file");
    }

    #[test]
    fn one_file_replaces_another_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out/piano-2024.xlsx");
        let stale = tmp.path().join(format!("out/.piano-2024.xlsx.{STAGING}-1"));
        fs::create_dir_all(tmp.path().join("out")).unwrap();
        fs::write(&stale, "a metà").unwrap();
        write_file(&path, b"uno").unwrap();
        write_file(&path, b"due").unwrap();
        assert_eq!(listing(&tmp.path().join("out")), ["piano-2024.xlsx=due"]);
        let err = write_file(tmp.path(), b"x").unwrap_err();
        assert!(err.reason.contains("cartella"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn files_get_the_permissions_the_umask_gives() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        set(&dir, &[("s/r.pdf", "x")]).commit().unwrap();
        // The test cannot set the umask without affecting other threads:
        // read it from a file created the ordinary way.
        let probe = tmp.path().join("probe");
        fs::write(&probe, "").unwrap();
        let expected = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        let mode = fs::metadata(dir.join("s/r.pdf"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, expected);
    }
}
