//! The layers of ARCHITECTURE.md («Layers»), held against the code: every
//! `crate::<module>` path in the library's and the binary's non-test code
//! must name a module of a lower layer than its own (or its own module).
//! The table is read from ARCHITECTURE.md itself, so the document and this
//! check cannot drift apart; a module missing from the table is an error
//! too, so a new module is placed before it is used.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Module name → layer, from the «Layers» table of ARCHITECTURE.md: the
/// rows `| N | `a`, `b` | ... |`.
fn layers(architecture: &str) -> BTreeMap<String, u32> {
    let start = architecture
        .find("\n## Layers")
        .expect("ARCHITECTURE.md has a «## Layers» section");
    let mut out = BTreeMap::new();
    for line in architecture[start + 1..].lines().skip(1) {
        if line.starts_with("## ") {
            break;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "", layer, modules, may use, ""
        if cells.len() < 4 {
            continue;
        }
        let Ok(layer) = cells[1].parse::<u32>() else {
            continue;
        };
        for name in cells[2].split('`').skip(1).step_by(2) {
            let previous = out.insert(name.to_string(), layer);
            assert!(
                previous.is_none(),
                "`{name}` stands twice in the layers table"
            );
        }
    }
    assert!(
        !out.is_empty(),
        "the layers table of ARCHITECTURE.md has no rows"
    );
    out
}

/// The top-level module a source file belongs to: `src/forms/read.rs` →
/// `forms`, `src/diag.rs` → `diag`, `src/main.rs` → `main`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Test code may reach any module (the test kit, other modules' helpers):
/// files of tests and the `#[cfg(test)]` modules at the end of a file are
/// left out.
fn is_test_file(rel: &Path) -> bool {
    let name = rel.file_name().unwrap().to_string_lossy();
    rel.components().any(|c| c.as_os_str() == "tests")
        || name == "tests.rs"
        || name.starts_with("tests_")
        || name == "testkit.rs"
        || name == "fixture.rs"
        || name == "testplan.rs"
        || rel.starts_with("testkit")
}

fn non_test_code(text: &str) -> &str {
    // The unit tests of a file sit in one `#[cfg(test)] mod tests` at its end.
    let mut end = text.len();
    for marker in ["#[cfg(test)]\nmod tests {", "#[cfg(test)]\nmod wording {"] {
        if let Some(i) = text.find(marker) {
            end = end.min(i);
        }
    }
    &text[..end]
}

/// Every top-level module named by a `crate::` path in `code`, with the
/// line it stands on: `crate::forms::x`, `crate::{plan, vocab::Vocabulary}`.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            // `consuntivo::crate::` does not exist; `$crate::` is a macro's.
            let before = &rest[..i];
            rest = &rest[i + "crate::".len()..];
            if before.ends_with('$') || before.ends_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or("");
                for item in group.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push((n + 1, name));
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push((n + 1, name));
                }
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The imports of the code under `src` that break `table`, as messages.
fn violations(src: &Path, table: &BTreeMap<String, u32>) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap().to_path_buf();
        let from = module_of(src, &file);
        let Some(&from_layer) = table.get(&from) else {
            out.push(format!(
                "src/{}: the module `{from}` is not in the layers table of ARCHITECTURE.md: add it \
                 to the layer it belongs to",
                rel.display()
            ));
            continue;
        };
        if is_test_file(&rel) {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        for (line, to) in crate_paths(non_test_code(&text)) {
            if to == from {
                continue;
            }
            // Items of lib.rs and main.rs (`crate::Common`) are no modules;
            // every module's own files are checked against the table above.
            let Some(&to_layer) = table.get(&to) else {
                continue;
            };
            if to_layer >= from_layer {
                out.push(format!(
                    "src/{}:{line}: `{from}` (layer {from_layer}) uses `{to}` (layer {to_layer}): \
                     a module may use only lower layers; move what both need below them, or \
                     turn the dependency around",
                    rel.display()
                ));
            }
        }
    }
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_import_runs_down_the_layers_of_architecture_md() {
    let architecture = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let table = layers(&architecture);
    let found = violations(&root().join("src"), &table);
    assert!(
        found.is_empty(),
        "imports against the layers:\n{}",
        found.join("\n")
    );
}

/// The check itself can fail: a copy of the tree with one import against
/// the layers (the plan reaching up into the forms), and one module the
/// table does not know, are both reported.
#[test]
fn an_import_against_the_layers_is_reported() {
    let architecture = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let table = layers(&architecture);
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    fs::create_dir_all(src.join("plan")).unwrap();
    fs::write(
        src.join("plan/mod.rs"),
        "use crate::vocab::Vocabulary;\nuse crate::{diag, forms::FormSettings};\n\
         #[cfg(test)]\nmod tests {\n    use crate::report;\n}\n",
    )
    .unwrap();
    fs::write(src.join("nuovo.rs"), "use crate::diag;\n").unwrap();
    let found = violations(&src, &table);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("src/nuovo.rs: the module `nuovo`"),
        "{}",
        found[0]
    );
    assert!(
        found[1].starts_with("src/plan/mod.rs:2: `plan` (layer"),
        "{}",
        found[1]
    );
    assert!(found[1].contains("uses `forms`"), "{}", found[1]);
}
