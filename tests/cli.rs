//! End-to-end: the real binary on the real files shipped in `inputs/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn consuntivo(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consuntivo"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch copy of `inputs/` so tests can break it without touching the repo.
fn scratch_inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("inputs"), &dir.path().join("inputs"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn piano_prints_the_2023_summary() {
    let out = consuntivo(&["piano"], &repo());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Comune di Alzano Lombardo"), "{stdout}");
    assert!(stdout.contains("2023"), "{stdout}");
}

#[test]
fn piano_json_is_valid_json_with_the_plan_ids() {
    let out = consuntivo(&["piano", "--json"], &repo());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["year"], 2023);
    assert!(v["objectives"].as_array().is_some_and(|a| a.len() > 40));
}

#[test]
fn a_broken_plan_fails_with_the_position_and_writes_nothing() {
    let dir = scratch_inputs();
    let plan = dir.path().join("inputs/piano-2023.toml");
    let original = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        original.replacen("anno = 2023", "anno = 2023\nanno_x = 1", 1),
    )
    .unwrap();
    let out = consuntivo(&[], dir.path());
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("piano-2023.toml:"), "{stderr}");
    assert!(stderr.contains("anno_x"), "{stderr}");
    assert!(files_under(&dir.path().join("outputs")).is_empty());
}
