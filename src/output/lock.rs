//! One change at a time per output folder, nested folders included.
//!
//! A command replacing `outputs/2023` (the Relazione) and one writing into
//! it (`stato`'s workbook, the `solleciti/` set) must not overlap: a file
//! written into the old folder after the Relazione carried its files over
//! would vanish with the old folder at the swap, after its command had
//! reported it written. So a change to the entries of a folder takes an
//! exclusive lock on that folder and a shared lock on each folder above it,
//! from the root down (one order for everyone: no deadlock). Two changes
//! conflict exactly when one's folder holds the other's: `stato` (exclusive
//! on `outputs/2023`, shared on `outputs`) waits for the Relazione
//! (exclusive on `outputs`), while two years, or `moduli` and `stato`, go
//! side by side. The locks are the folders themselves (no lock file is left
//! around) and are released when the guard is dropped, or when the process
//! ends. Where a folder cannot be opened or locked (another system, a
//! folder without read permission) the change goes on without that lock.

use std::fs;
use std::path::Path;

/// The locks held while a folder's entries change.
pub(super) struct FolderLock {
    _held: Vec<fs::File>,
}

/// Locks `folder` exclusively and every folder above it shared; waits for
/// any change in progress on the folder, inside it or around it.
pub(super) fn lock(folder: &Path) -> FolderLock {
    let Ok(abs) = folder.canonicalize() else {
        return FolderLock { _held: Vec::new() };
    };
    let mut chain: Vec<&Path> = abs.ancestors().collect();
    chain.reverse();
    let last = chain.len() - 1;
    let held = chain
        .into_iter()
        .enumerate()
        .filter_map(|(i, dir)| {
            let f = fs::File::open(dir).ok()?;
            let locked = if i == last { f.lock() } else { f.lock_shared() };
            locked.ok().map(|()| f)
        })
        .collect();
    FolderLock { _held: held }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;
    use std::thread;
    use std::time::Duration;

    use super::super::{OutputSet, write_file};
    use super::*;
    use crate::testkit::listing;

    fn set(dir: &Path, name: &str, files: &[(&str, &str)]) -> OutputSet {
        let mut out = OutputSet::new(dir, name);
        for (p, b) in files {
            out.add(*p, b.as_bytes().to_vec());
        }
        out
    }

    /// How long the paused command gives the other to finish: with the
    /// lock the other waits and this passes; without it, the other's files
    /// would be written in the meantime and lost.
    const PAUSE: Duration = Duration::from_secs(2);

    #[test]
    fn commands_writing_inside_the_relazione_s_folder_wait_for_its_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let year = tmp.path().join("outputs/2023");
        set(&year, "relazione", &[("r.pdf", "v")]).commit().unwrap();
        let (started, go) = channel();
        let (finished, done) = channel();
        let inside = year.clone();
        let others = thread::spawn(move || {
            go.recv().unwrap();
            // `stato` writes one file, `solleciti` its own set.
            write_file(&inside.join("Stato.xlsx"), b"s").unwrap();
            set(
                &inside.join("solleciti"),
                "solleciti",
                &[("Area I.pdf", "l")],
            )
            .commit()
            .unwrap();
            finished.send(()).unwrap();
        });
        // The Relazione has carried the folder's files over and not yet
        // swapped it in.
        set(&year, "relazione", &[("r.pdf", "n")])
            .commit_with(&|_| Ok(()), &|| {
                started.send(()).unwrap();
                let _ = done.recv_timeout(PAUSE);
            })
            .unwrap();
        others.join().unwrap();
        assert_eq!(
            listing(&year),
            ["Stato.xlsx=s", "r.pdf=n", "solleciti/Area I.pdf=l"]
        );
    }

    #[test]
    fn the_relazione_waits_for_a_command_writing_inside_its_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let year = tmp.path().join("outputs/2023");
        set(&year, "relazione", &[("r.pdf", "v")]).commit().unwrap();
        let (started, go) = channel();
        let (finished, done) = channel();
        let folder = year.clone();
        let relazione = thread::spawn(move || {
            go.recv().unwrap();
            set(&folder, "relazione", &[("r.pdf", "n")])
                .commit()
                .unwrap();
            finished.send(()).unwrap();
        });
        set(&year.join("solleciti"), "solleciti", &[("Area I.pdf", "l")])
            .commit_with(&|_| Ok(()), &|| {
                started.send(()).unwrap();
                let _ = done.recv_timeout(PAUSE);
            })
            .unwrap();
        relazione.join().unwrap();
        assert_eq!(listing(&year), ["r.pdf=n", "solleciti/Area I.pdf=l"]);
        let left: Vec<_> = fs::read_dir(&year)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("consuntivo-nuovo"))
            .collect();
        assert!(left.is_empty(), "staging left behind: {left:?}");
    }

    #[test]
    fn separate_folders_do_not_wait_for_each_other() {
        // Two years side by side: the second commits while the first is
        // paused inside its own lock.
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("outputs");
        fs::create_dir_all(out.join("moduli")).unwrap();
        let (finished, done) = channel();
        let moduli = out.join("moduli/2023");
        set(&out.join("2023"), "stato", &[("Stato.xlsx", "s")])
            .commit()
            .unwrap();
        set(&out.join("2023/solleciti"), "solleciti", &[("a.pdf", "l")])
            .commit_with(&|_| Ok(()), &|| {
                let moduli = moduli.clone();
                let finished = finished.clone();
                thread::spawn(move || {
                    write_file(&moduli.join("Area I.xlsx"), b"m").unwrap();
                    finished.send(()).unwrap();
                });
                done.recv_timeout(Duration::from_secs(60))
                    .expect("the other folder's write waited for this one");
            })
            .unwrap();
        assert_eq!(listing(&moduli), ["Area I.xlsx=m"]);
    }
}
