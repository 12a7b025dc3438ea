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
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::WriteError;

/// The locks held while a folder's entries change.
pub(super) struct FolderLock {
    _held: Vec<fs::File>,
}

/// Told, once per wait, when a change has to wait for another command:
/// the terminal prints it, so a command waiting never looks frozen.
static ON_WAIT: OnceLock<fn(&str)> = OnceLock::new();

/// Sets what is told when a change waits for another command (the
/// command line prints it on stderr); the first call wins.
pub fn on_wait(notify: fn(&str)) {
    let _ = ON_WAIT.set(notify);
}

/// How long a change waits for another before giving up: the longest
/// commit (the Relazione of a very large ente) takes seconds, so this
/// only ends a wait on a command that hangs.
const WAIT_LIMIT: Duration = Duration::from_secs(10 * 60);
const POLL: Duration = Duration::from_millis(100);

/// Locks `folder` exclusively and every folder above it shared; waits for
/// any change in progress on the folder, inside it or around it, saying
/// so (see [`on_wait`]) and naming the other command when its work in
/// progress shows which; gives up after [`WAIT_LIMIT`].
pub(super) fn lock(folder: &Path) -> Result<FolderLock, WriteError> {
    lock_within(folder, WAIT_LIMIT)
}

fn lock_within(folder: &Path, limit: Duration) -> Result<FolderLock, WriteError> {
    let Ok(abs) = folder.canonicalize() else {
        return Ok(FolderLock { _held: Vec::new() });
    };
    let mut chain: Vec<&Path> = abs.ancestors().collect();
    chain.reverse();
    let last = chain.len() - 1;
    let started = Instant::now();
    let mut told = false;
    let mut held = Vec::new();
    for (i, dir) in chain.iter().enumerate() {
        let Ok(f) = fs::File::open(dir) else {
            continue;
        };
        loop {
            let tried = if i == last {
                f.try_lock()
            } else {
                f.try_lock_shared()
            };
            match tried {
                Ok(()) => {
                    held.push(f);
                    break;
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let other = other_command(&abs);
                    if !told {
                        told = true;
                        if let Some(notify) = ON_WAIT.get() {
                            notify(&format!(
                                "In attesa: {} sta scrivendo in «{}» o in una cartella che la contiene; si prosegue appena ha finito.",
                                other.as_deref().unwrap_or("un altro comando di consuntivo"),
                                folder.display()
                            ));
                        }
                    }
                    if started.elapsed() >= limit {
                        return Err(WriteError {
                            path: folder.to_path_buf(),
                            reason: format!(
                                "{} sta ancora scrivendo in questa cartella dopo {} minuti di attesa: \
                                 attendere che finisca (o chiuderlo, se è bloccato) e ripetere il comando",
                                other.as_deref().unwrap_or("un altro comando di consuntivo"),
                                limit.as_secs().div_ceil(60)
                            ),
                        });
                    }
                    std::thread::sleep(POLL);
                }
                // A folder that cannot be locked (another system): go on
                // without that lock.
                Err(fs::TryLockError::Error(_)) => break,
            }
        }
    }
    Ok(FolderLock { _held: held })
}

/// Which command is writing around `folder`, as its work in progress
/// shows: a set being written leaves `.<folder>.consuntivo-nuovo-<set>-<pid>`
/// beside its folder, a single file `.<file>.consuntivo-nuovo-<pid>`.
fn other_command(folder: &Path) -> Option<String> {
    let mut places: Vec<PathBuf> = folder.ancestors().map(Path::to_path_buf).collect();
    if let Ok(listing) = fs::read_dir(folder) {
        places.extend(listing.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
    }
    let marker = format!(".{}-", super::STAGING);
    for place in places {
        let Ok(listing) = fs::read_dir(&place) else {
            continue;
        };
        for entry in listing.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some((before, after)) = name.split_once(&marker) else {
                continue;
            };
            // `<set>-<pid>` for a set, `<pid>` for one file.
            return Some(match after.rsplit_once('-') {
                Some((set, _)) if !set.is_empty() => format!("il comando «consuntivo {set}»"),
                _ => format!(
                    "un altro comando (che scrive «{}»)",
                    crate::diag::escape_controls(before.trim_start_matches('.'))
                ),
            });
        }
    }
    None
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
    fn a_change_that_cannot_wait_any_longer_names_the_command_it_waited_for() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("outputs");
        let year = out.join("2023");
        fs::create_dir_all(&year).unwrap();
        // The Relazione is swapping `outputs/2023`: its staging folder
        // beside it, its exclusive lock on `outputs`.
        fs::create_dir(out.join(".2023.consuntivo-nuovo-relazione-4242")).unwrap();
        let holder = fs::File::open(&out).unwrap();
        holder.lock().unwrap();
        let Err(err) = lock_within(&year, Duration::ZERO) else {
            panic!("the lock was taken while another command held it");
        };
        assert_eq!(err.path, year);
        assert!(
            err.reason.starts_with(
                "il comando «consuntivo relazione» sta ancora scrivendo in questa cartella"
            ),
            "{err}"
        );
        assert!(err.reason.contains("ripetere il comando"), "{err}");
        // Once it has finished, the lock is taken.
        holder.unlock().unwrap();
        assert!(lock_within(&year, Duration::ZERO).is_ok());
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
