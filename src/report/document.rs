//! Documents other than the Relazione and the schede (reminder letters,
//! the monitoring report): their minijinja wording and their PDF through
//! [`super::render_document`], the same world, templates folder and
//! PDF/A-2a + PDF/UA-1 output; the data reaches typst as JSON, never as
//! markup.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::diag::Diagnostics;

use super::templates::{TemplateDirs, TemplateSet};
use super::text::Texts;

pub use super::text::{file_name, line, paragraphs};

/// The templates (customised in `dir`, else built in) of a document kind:
/// its typst layout and its minijinja wording.
pub struct Templates {
    dirs: TemplateDirs,
    set: TemplateSet,
}

impl Templates {
    pub fn load(dirs: &TemplateDirs) -> Result<Self, Diagnostics> {
        Ok(Templates {
            dirs: dirs.clone(),
            set: TemplateSet::load(dirs)?,
        })
    }

    /// The named `{% block %}`s of the minijinja template `name` rendered
    /// with `data` (strict: an unknown name is an error located in the
    /// template).
    pub fn texts(
        &self,
        name: &str,
        data: &Value,
        blocks: &[&str],
    ) -> Result<BTreeMap<String, String>, Diagnostics> {
        Texts::new(&self.set, &[name])?.blocks(name, data, blocks)
    }

    /// The typst template `main` compiled with `data` as `dati.json`, as
    /// PDF/A-2a + PDF/UA-1 bytes. `ident` names the document in the PDF
    /// identifier (its path relative to the outputs).
    pub fn pdf(
        &self,
        main: &'static str,
        data: Value,
        ident: &Path,
    ) -> Result<Vec<u8>, Diagnostics> {
        super::render_document(&self.dirs, main, data, ident)
    }
}
