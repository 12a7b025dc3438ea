//! Reproducible outputs: every command that writes files, run twice by the
//! same binary on the same inputs (into two different output folders, at
//! different seconds of the clock), writes the same bytes in every file,
//! the hidden lists of each set included. Nothing a document says or
//! stores may come from the clock, the process or the folder it is
//! written to.

use std::path::Path;

mod common;
use common::{consuntivo, differing, relative_files, scratch_inputs, text};

/// Every file-writing command, into `outputs` (a folder name under the
/// scratch copy).
fn run_every_command(dir: &Path, outputs: &str) {
    let out_plan = format!("{outputs}/piano-2023.xlsx");
    let imported = format!("{outputs}/importato.toml");
    let commands: Vec<Vec<&str>> = vec![
        vec!["moduli"],
        vec!["moduli", "--monitoraggio", "30/06/2023"],
        vec!["moduli", "--individuali"],
        vec!["relazione"],
        vec!["stato", "--al", "15/03/2024"],
        vec!["solleciti", "--al", "15/03/2024"],
        vec!["monitoraggio"],
        vec!["piano", "modello"],
        vec!["piano", "esporta"],
        vec!["piano", "documento"],
        vec!["smvp", "documento"],
        vec!["piano", "importa", &out_plan, "--uscita", &imported],
    ];
    for args in commands {
        if args == ["relazione"] {
            // Whatever the commands before changed, validated again.
            common::revalidate(dir);
        }
        let mut all = vec!["--uscite", outputs];
        all.extend(args.iter().copied());
        let out = consuntivo(&all, dir);
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
    }
}

#[test]
fn two_runs_of_every_command_write_the_same_bytes() {
    let dir = scratch_inputs();
    // One unit's form has not come back: the reminders write a letter.
    std::fs::remove_file(
        dir.path()
            .join("inputs/rendicontazioni/2023/2023 - Area VI Polizia Locale.xlsx"),
    )
    .unwrap();
    run_every_command(dir.path(), "prima");
    // xlsx and PDF dates have one-second steps: the second run is at
    // another second of the clock.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    run_every_command(dir.path(), "seconda");

    let first = dir.path().join("prima");
    let second = dir.path().join("seconda");
    let listed = relative_files(&first);
    assert_eq!(listed, relative_files(&second), "the same files");
    for kind in ["pdf", "xlsx", "csv", "json", "txt", "toml", "elenco"] {
        assert!(
            listed
                .iter()
                .any(|p| p.extension().is_some_and(|e| e == kind)),
            "no .{kind} file among {listed:?}"
        );
    }
    let differ = differing(&first, &second, &listed);
    assert!(
        differ.is_empty(),
        "bytes differ between two runs: {differ:?}"
    );
}
