//! The example data shipped in `inputs/`: the 2023 plan of Alzano Lombardo
//! and the units' example forms, for tests that run on the real thing.

use std::path::PathBuf;

use crate::plan::{self, Plan};

/// The repository's `inputs/` folder.
pub fn inputs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("inputs")
}

/// `inputs/piano-2023.toml`, loaded.
pub fn plan_2023() -> Plan {
    plan::load(&inputs().join("piano-2023.toml")).expect("the 2023 plan loads")
}

/// A copy of the example forms (`inputs/rendicontazioni/2023/`) in a
/// temporary folder, to edit or read.
#[cfg(test)]
pub fn example_forms() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(inputs().join("rendicontazioni/2023")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}
