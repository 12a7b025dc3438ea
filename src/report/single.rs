//! One document from one template and its JSON data, for outputs that are
//! not the Relazione or an Area's scheda (e.g. the confidential individual
//! schede): same templates folder, same typst world, same PDF/A-2a +
//! PDF/UA-1 export.

use std::path::Path;

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Location};

use super::templates::TemplateSet;
use super::{Job, Settings, compile, data, settings};

/// Compiles `main` (a built-in template name, overridable in the templates
/// folder) with `data` as `dati.json`; `path` names the document in the
/// PDF's identifier and in messages. A document whose data has no `data`
/// (date) gets the documents' date (`--data` or `relazione.toml`).
pub fn render_single(
    settings: &Settings,
    main: &'static str,
    mut data: Value,
    path: &Path,
) -> Result<Vec<u8>, Diagnostics> {
    if data.get("data").is_none_or(Value::is_null) {
        let (_, file_date) = settings::load(&settings.inputs)?;
        let Some(date) = settings.date.or(file_date) else {
            return Err(Diagnostic::error(
                Location::file(settings.inputs.join(settings::FILE_NAME)),
                format!("manca la data del documento «{}»", path.display()),
            )
            .with_hint(
                "indicare data = \"GG/MM/AAAA\" in relazione.toml, o l'opzione --data GG/MM/AAAA",
            )
            .into());
        };
        data["data"] = data::date_value(date);
    }
    let set = TemplateSet::load(settings.templates.as_deref())?;
    let job = Job {
        main,
        data,
        path: path.to_path_buf(),
    };
    compile(&set, &job, None).map(|(bytes, _)| bytes)
}
