//! What the previous run of a set left in its folder, for the next run to
//! take instead of composing a document again.
//!
//! A set's hidden list (`.consuntivo-<set>.elenco`) names each file it
//! wrote; a file added with a key ([`super::OutputSet::add_keyed`]) is
//! listed as `path`, tab, key, tab, SHA-256 of its bytes. The key is the
//! caller's hash of everything the file's bytes depend on. The next run
//! asks for a key: the file is given back only if the list has that key
//! and the file in the folder still has the recorded checksum, so a file
//! truncated, edited or replaced is composed again, never trusted; a line
//! that does not read as such an entry is ignored. The list is the whole
//! cache: it holds one line per file of the set (bounded by the set), it
//! is replaced with the set, and deleting it only means the next run
//! composes everything. The files under `riservato/` (named after people)
//! are listed in a list of their own inside that folder, which the public
//! list names by its path alone (see [`super::PRIVATE_DIR`]).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Lists larger than this are not read (a set of 10,000 files takes about
/// 2 MiB).
pub(super) const MAX_LIST: u64 = 64 * 1024 * 1024;
/// Files larger than this are not read back (the Relazione of 10,000
/// indicators is a few MiB).
const MAX_FILE: u64 = 1024 * 1024 * 1024;

/// The SHA-256 of `bytes`, in lowercase hex: the checksum recorded for
/// each keyed file, and the form keys take.
pub fn checksum(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `bytes` in lowercase hex (digests as the lists record them).
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn is_hex_digest(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// One line of a set's list: `path` alone, or `path\tkey\tchecksum`.
pub(super) fn list_line(path: &Path, key: Option<(&str, &str)>) -> String {
    match key {
        Some((key, sum)) => format!("{}\t{key}\t{sum}\n", path.display()),
        None => format!("{}\n", path.display()),
    }
}

/// The path a line of a set's list names (what the set wrote).
pub(super) fn listed_path(line: &str) -> PathBuf {
    PathBuf::from(line.split('\t').next().unwrap_or(line))
}

/// The files the previous run of one set left in its folder, by key.
#[derive(Debug, Default)]
pub struct Previous {
    dir: PathBuf,
    /// key → (path inside the folder, checksum of its bytes).
    entries: HashMap<String, (PathBuf, String)>,
}

impl Previous {
    /// Nothing to take: every document is composed (`--da-capo`).
    pub fn none() -> Self {
        Previous::default()
    }

    /// The keyed files that the set `set` recorded in `dir`. A missing,
    /// oversized or unreadable list gives nothing to take.
    pub fn load(dir: &Path, set: &str) -> Self {
        let list = PathBuf::from(format!(".consuntivo-{set}.elenco"));
        let mut out = Previous {
            dir: dir.to_path_buf(),
            entries: HashMap::new(),
        };
        for line in super::list_lines(dir, &list) {
            let mut parts = line.split('\t');
            let (Some(path), Some(key), Some(sum), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let path = PathBuf::from(path);
            if is_hex_digest(key) && is_hex_digest(sum) && super::stays_inside(&path) {
                out.entries.insert(key.to_string(), (path, sum.to_string()));
            }
        }
        out
    }

    /// How many keyed files the list records.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The bytes of the file recorded under `key`, if it is still in the
    /// folder, a regular file, with the checksum recorded for it.
    pub fn take(&self, key: &str) -> Option<Vec<u8>> {
        let (rel, sum) = self.entries.get(key)?;
        let path = self.dir.join(rel);
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > MAX_FILE {
            return None;
        }
        let bytes = fs::read(&path).ok()?;
        (checksum(&bytes) == *sum).then_some(bytes)
    }

    /// Whether [`Previous::take`] would give the file of `key` back.
    pub fn holds(&self, key: &str) -> bool {
        self.take(key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::super::OutputSet;
    use super::*;

    const KEY_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const KEY_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    fn written(dir: &Path) {
        let mut set = OutputSet::new(dir, "prova");
        set.add_keyed("schede/a.pdf", b"scheda a".to_vec(), KEY_A.into());
        set.add_keyed("b.pdf", b"documento b".to_vec(), KEY_B.into());
        set.add("c.xlsx", b"senza chiave".to_vec());
        set.commit().unwrap();
    }

    #[test]
    fn a_keyed_file_is_given_back_by_its_key() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        written(&dir);
        let list = fs::read_to_string(dir.join(".consuntivo-prova.elenco")).unwrap();
        assert_eq!(
            list,
            format!(
                "schede/a.pdf\t{KEY_A}\t{}\nb.pdf\t{KEY_B}\t{}\nc.xlsx\n",
                checksum(b"scheda a"),
                checksum(b"documento b")
            )
        );
        let previous = Previous::load(&dir, "prova");
        assert_eq!(previous.len(), 2);
        assert_eq!(previous.take(KEY_A).unwrap(), b"scheda a");
        assert_eq!(previous.take(KEY_B).unwrap(), b"documento b");
        assert!(previous.take(&"c".repeat(64)).is_none());
        assert!(Previous::load(&dir, "altro").is_empty());
        assert!(Previous::none().take(KEY_A).is_none());
    }

    #[test]
    fn a_file_that_no_longer_matches_its_checksum_is_not_given_back() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        written(&dir);
        // One byte flipped, and a file cut short.
        let a = dir.join("schede/a.pdf");
        let mut bytes = fs::read(&a).unwrap();
        bytes[3] ^= 0x01;
        fs::write(&a, bytes).unwrap();
        fs::write(dir.join("b.pdf"), b"documento").unwrap();
        let previous = Previous::load(&dir, "prova");
        assert!(previous.take(KEY_A).is_none());
        assert!(!previous.holds(KEY_B));
    }

    #[test]
    fn a_damaged_list_gives_back_only_what_it_still_proves() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        written(&dir);
        let list = dir.join(".consuntivo-prova.elenco");
        let text = fs::read_to_string(&list).unwrap();
        // The first entry's checksum edited, the second cut in the middle.
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines[0] = lines[0].replace(&checksum(b"scheda a"), &checksum(b"altro"));
        let cut = lines[1].len() - 10;
        lines[1].truncate(cut);
        fs::write(&list, lines.join("\n")).unwrap();
        let previous = Previous::load(&dir, "prova");
        assert!(previous.take(KEY_A).is_none());
        assert!(previous.take(KEY_B).is_none());
        assert_eq!(previous.len(), 1, "the cut line is not an entry");

        // A line pointing out of the folder is not followed.
        fs::write(tmp.path().join("fuori.pdf"), b"fuori").unwrap();
        fs::write(
            &list,
            format!("../fuori.pdf\t{KEY_A}\t{}\n", checksum(b"fuori")),
        )
        .unwrap();
        assert!(Previous::load(&dir, "prova").take(KEY_A).is_none());
        // Nor a link in place of a file.
        #[cfg(unix)]
        {
            fs::remove_file(dir.join("b.pdf")).unwrap();
            std::os::unix::fs::symlink(tmp.path().join("fuori.pdf"), dir.join("b.pdf")).unwrap();
            fs::write(&list, format!("b.pdf\t{KEY_B}\t{}\n", checksum(b"fuori"))).unwrap();
            assert!(Previous::load(&dir, "prova").take(KEY_B).is_none());
        }
    }

    #[test]
    fn the_next_run_still_removes_the_keyed_files_it_no_longer_writes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2023");
        written(&dir);
        let mut set = OutputSet::new(&dir, "prova");
        set.add("b.pdf", b"nuovo".to_vec());
        let done = set.commit().unwrap();
        assert_eq!(
            done.removed,
            vec![dir.join("c.xlsx"), dir.join("schede/a.pdf")]
        );
    }
}
