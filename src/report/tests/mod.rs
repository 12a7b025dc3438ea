//! Rendering tests on a small, realistic fixture built by hand (plan,
//! results and scorecard), with hostile notes. PDF text is checked with
//! `pdftotext` (poppler-utils, installed by `.ci/run`). This module holds
//! what reads the rendered documents back; the fixture is in `fixture.rs`
//! and `scores.rs`, and each other submodule covers one concern.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

mod content;
mod custom_templates;
mod fixture;
mod large;
mod pdf;
mod plan_doc;
mod scores;

use fixture::settings;
// Other modules' tests render with this fixture (`report::tests::plan`).
pub use fixture::{Fixture, HOSTILE, plan};
use scores::scorecard;

/// Text of a PDF, via `pdftotext -layout`.
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext non trovato: installare poppler-utils (apt-get install poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text with line breaks and hyphenation undone, for phrase checks; the
/// documents print every apostrophe as ’, the expectations write '.
pub fn flat(text: &str) -> String {
    text.replace("-\n", "")
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "")
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn find<'a>(files: &'a [(PathBuf, Vec<u8>)], path: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|(p, _)| p == Path::new(path))
        .unwrap_or_else(|| {
            panic!(
                "{path} not rendered; got {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            )
        })
        .1
}
