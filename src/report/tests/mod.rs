//! Rendering tests on a small, realistic fixture built by hand (plan,
//! results and scorecard), with hostile notes. PDF text is checked with
//! `pdftotext` (poppler-utils, installed by `.ci/run`). This module holds
//! the `Fixture` that renders the test kit's `report` fixture with the
//! tests' settings, and what reads the rendered documents back; each
//! submodule covers one concern.

use std::path::{Path, PathBuf};

use super::*;

mod content;
mod custom_templates;
mod large;
mod pdf;
mod plan_doc;
mod reuse;

use crate::results::Results;
use crate::scoring::Scorecard;
// The fixture is the test kit's (`crate::testkit::report`); other
// modules' tests read PDFs back with `crate::testkit::pdf_text`.
pub use crate::testkit::pdf_text;
pub use crate::testkit::report::{HOSTILE, plan};
use crate::testkit::report::{d, results, scorecard};

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

pub struct Fixture {
    pub plan: Plan,
    pub vocab: crate::vocab::Vocabulary,
    pub results: Results,
    pub scorecard: Scorecard,
    pub warnings: Diagnostics,
}

impl Fixture {
    pub fn new() -> Self {
        Fixture {
            plan: plan(),
            vocab: crate::vocab::Vocabulary::default(),
            results: results(),
            scorecard: scorecard(),
            warnings: Diagnostics::new(),
        }
    }

    pub fn render(&self, settings: &Settings) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
        self.render_with_progress(settings, &crate::progress::Silent)
    }

    pub fn render_with_progress(
        &self,
        settings: &Settings,
        progress: &dyn crate::progress::Progress,
    ) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
        super::render_compared_with_progress(
            &Input {
                plan: &self.plan,
                vocab: &self.vocab,
                results: &self.results,
                scorecard: &self.scorecard,
                warnings: &self.warnings,
                settings,
                individual: None,
                staff: None,
            },
            None,
            progress,
        )
    }
}

fn settings(inputs: &Path) -> Settings {
    Settings {
        templates: Default::default(),
        inputs: inputs.to_path_buf(),
        date: Some(d(2024, 4, 30)),
        draft: false,
    }
}
