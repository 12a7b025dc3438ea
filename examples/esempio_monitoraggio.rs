//! Regenerates the example monitoring forms shipped in
//! `inputs/monitoraggio/<anno>/`: each unit's form for the check at 30 June,
//! filled as that unit plausibly would (most targets in line, a few at risk
//! or late, some proposals to change the plan), by
//! `consuntivo::monitoring::example` with a fixed seed.
//!
//!     cargo run --example esempio_monitoraggio

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use consuntivo::{forms, monitoring, plan};

const SEED: u64 = 630;

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let p = match plan::load(&root.join("inputs/piano-2023.toml")) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::FAILURE;
        }
    };
    let Some(date) = NaiveDate::from_ymd_opt(p.year, 6, 30) else {
        return ExitCode::FAILURE;
    };
    let dir = root.join(format!("inputs/monitoraggio/{}", p.year));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("impossibile creare {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let check = monitoring::example::check(&p, date, SEED);
    for report in &check.reports {
        match forms::generate_monitoring_prefilled(&p, &report.area, date, &report.entries) {
            Ok((name, bytes)) => {
                let path = dir.join(name);
                if let Err(e) = std::fs::write(&path, bytes) {
                    eprintln!("impossibile scrivere {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
                println!("scritto {}", path.display());
            }
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
