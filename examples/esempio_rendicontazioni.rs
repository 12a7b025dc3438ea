//! Regenerates the example filled forms shipped in
//! `inputs/rendicontazioni/<anno>/` from the plan: each Area's form,
//! filled as that Area plausibly would (most targets met, some late, a few
//! missed with a motivation, conditional steps not applicable), by
//! `consuntivo::synth` with a fixed seed.
//!
//!     cargo run --example esempio_rendicontazioni
//!
//! One form is then re-saved by LibreOffice as `.ods`, to ship a real
//! LibreOffice file (see README.md, "Dati di esempio"):
//!
//!     soffice --headless --convert-to ods --outdir inputs/rendicontazioni/2023 \
//!         "inputs/rendicontazioni/2023/2023 - Area II Socio-culturale e personale.xlsx"

use std::path::PathBuf;
use std::process::ExitCode;

use consuntivo::{forms, plan, synth};

/// Chosen among the first seeds because it gives a varied year: most Areas
/// in the top band, two in the proportional one, a few objectives missed.
const SEED: u64 = 2004;

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let plan_path = root.join("inputs/piano-2023.toml");
    let p = match plan::load(&plan_path) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::FAILURE;
        }
    };
    let dir = root.join(format!("inputs/rendicontazioni/{}", p.year));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("impossibile creare {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let results = synth::results(&p, SEED, &[]);
    for report in &results.reports {
        match forms::generate_prefilled(&p, &report.area, &report.entries) {
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
