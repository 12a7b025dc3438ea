//! Templates: files in the templates folder override the copies built into
//! the binary, one by one, so a comune can change only what it needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};

/// Built-in templates (name, text).
pub const BUILT_IN: [(&str, &str); 17] = [
    ("stile.typ", include_str!("../../templates/stile.typ")),
    (
        "relazione.typ",
        include_str!("../../templates/relazione.typ"),
    ),
    ("scheda.typ", include_str!("../../templates/scheda.typ")),
    ("relazione.j2", include_str!("../../templates/relazione.j2")),
    ("scheda.j2", include_str!("../../templates/scheda.j2")),
    (
        "scheda-individuale.typ",
        include_str!("../../templates/scheda-individuale.typ"),
    ),
    ("piano.typ", include_str!("../../templates/piano.typ")),
    ("smvp.typ", include_str!("../../templates/smvp.typ")),
    (
        "sollecito.typ",
        include_str!("../../templates/sollecito.typ"),
    ),
    ("sollecito.j2", include_str!("../../templates/sollecito.j2")),
    (
        "scheda-personale.typ",
        include_str!("../../templates/scheda-personale.typ"),
    ),
    (
        "scheda-individuale.j2",
        include_str!("../../templates/scheda-individuale.j2"),
    ),
    (
        "monitoraggio.typ",
        include_str!("../../templates/monitoraggio.typ"),
    ),
    (
        "monitoraggio.j2",
        include_str!("../../templates/monitoraggio.j2"),
    ),
    (
        "pubblicazione.typ",
        include_str!("../../templates/pubblicazione.typ"),
    ),
    (
        "validazione-carta.typ",
        include_str!("../../templates/validazione-carta.typ"),
    ),
    (
        "validazione.typ",
        include_str!("../../templates/validazione.typ"),
    ),
];

/// Where an ente's templates are: its own folder and, in a group of entes
/// (`consuntivo --enti`), the group's shared folder. Each file is taken
/// from the first folder that has it: the ente's own, the shared one, the
/// built-in copy. The default is the built-in copies alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateDirs {
    /// The ente's own templates folder (`--modelli`, `templates/`).
    pub own: Option<PathBuf>,
    /// The group's shared templates folder, for the files the ente's own
    /// folder does not have.
    pub shared: Option<PathBuf>,
}

impl TemplateDirs {
    /// The ente's own folder alone (no group).
    pub fn own(dir: impl Into<PathBuf>) -> Self {
        TemplateDirs {
            own: Some(dir.into()),
            shared: None,
        }
    }

    fn folders(&self) -> impl Iterator<Item = &Path> {
        self.own
            .iter()
            .chain(self.shared.iter())
            .map(PathBuf::as_path)
    }
}

impl From<Option<PathBuf>> for TemplateDirs {
    fn from(own: Option<PathBuf>) -> Self {
        TemplateDirs { own, shared: None }
    }
}

#[derive(Clone)]
pub struct TemplateSet {
    /// name → (text, where it came from; `None`: built in).
    files: BTreeMap<String, (String, Option<PathBuf>)>,
}

impl TemplateSet {
    pub fn load(dirs: &TemplateDirs) -> Result<Self, Diagnostics> {
        if let Some(d) = dirs.folders().find(|d| !d.is_dir()) {
            return Err(Diagnostic::error(
                Location::file(d),
                "la cartella dei modelli non esiste",
            )
            .with_hint("indicare con --modelli una cartella esistente, o ometterlo per usare i modelli predefiniti")
            .into());
        }
        let mut files = BTreeMap::new();
        let mut errors = Diagnostics::new();
        for (name, text) in BUILT_IN {
            let custom = dirs.folders().map(|d| d.join(name)).find(|p| p.is_file());
            match custom {
                Some(path) => match crate::input::read_text(&path) {
                    Ok(t) => {
                        files.insert(name.to_string(), (t, Some(path)));
                    }
                    Err(e) => errors.push(e.into_diagnostic(&path, "il modello")),
                },
                None => {
                    files.insert(name.to_string(), (text.to_string(), None));
                }
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        Ok(TemplateSet { files })
    }

    pub fn text(&self, name: &str) -> &str {
        self.files.get(name).map(|(t, _)| t.as_str()).unwrap_or("")
    }

    /// The file to cite in messages: the customised one, or
    /// `templates/<name>` for a built-in copy.
    /// Whether `name` comes from the comune's templates folder rather
    /// than the built-in copy (only then can the comune correct it).
    pub fn is_custom(&self, name: &str) -> bool {
        matches!(self.files.get(name), Some((_, Some(_))))
    }

    pub fn origin(&self, name: &str) -> PathBuf {
        match self.files.get(name) {
            Some((_, Some(p))) => p.clone(),
            _ => Path::new("templates").join(name),
        }
    }
}
