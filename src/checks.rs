//! Checks that catch a file copied from another year: an office writes next
//! year's files by copying this year's, and a forgotten date or year would
//! otherwise print a 2024 Relazione dated "30 aprile 2024", before the year
//! it accounts for had even ended.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian::{date_short, parse_document_date};

/// File with the Relazione's settings, in the inputs folder.
const RELAZIONE_FILE: &str = "relazione.toml";

/// The document date against the evaluated year: a Relazione accounts for a
/// whole year, so it cannot be dated before that year is over (error); a
/// date more than a year after it is allowed (a late correction) but
/// flagged, since a file copied from a later year looks the same.
pub fn document_date(
    date: NaiveDate,
    year: i32,
    at: Location,
    how_to_fix: &str,
) -> Option<Diagnostic> {
    let shown = date_short(date);
    if date.year() <= year {
        let example = NaiveDate::from_ymd_opt(year + 1, 4, 30)
            .map(date_short)
            .unwrap_or_default();
        return Some(
            Diagnostic::error(
                at,
                format!(
                    "la data dei documenti, {shown}, non è successiva alla fine del {year}, l'anno valutato: \
                     la Relazione non può essere datata prima che l'anno si chiuda"
                ),
            )
            .with_hint(format!("{how_to_fix}, es. {example}")),
        );
    }
    if date.year() > year + 1 {
        return Some(
            Diagnostic::warning(
                at,
                format!(
                    "la data dei documenti, {shown}, è di oltre un anno successiva alla fine del {year}, l'anno valutato"
                ),
            )
            .with_hint(format!(
                "se non si tratta di una correzione tardiva, {how_to_fix}"
            )),
        );
    }
    None
}

/// The year a file name declares, as in `valutazioni-nucleo-2023.toml`
/// (`prefix` = "valutazioni-nucleo-"); `None` when the name has no year.
pub fn year_in_file_name(path: &Path, prefix: &str) -> Option<i32> {
    let stem = path.file_stem()?.to_str()?;
    let digits = stem.strip_prefix(prefix)?;
    if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

/// `relazione.toml` against the plan's year: its optional `anno` must be
/// the plan's, and its `data` (unless `--data` replaces it) must follow the
/// year's end. `cli_date` is checked too. A file that cannot be read or
/// parsed is left to the report's own loader, which says why.
pub fn relazione_settings(inputs: &Path, year: i32, cli_date: Option<NaiveDate>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if let Some(date) = cli_date {
        let at = Location::file("--data");
        if let Some(d) = document_date(
            date,
            year,
            at,
            "indicare con --data la data di approvazione della Relazione",
        ) {
            diags.push(d);
        }
    }
    let path = inputs.join(RELAZIONE_FILE);
    if let Ok(text) = std::fs::read_to_string(&path) {
        diags.extend(relazione_text(&path, &text, year, cli_date));
    }
    diags
}

/// The checks of [`relazione_settings`] on the file's text (`path` for
/// messages only), without the command line's date itself: for a text
/// not written yet (the sportello's editor).
pub fn relazione_text(
    path: &Path,
    text: &str,
    year: i32,
    cli_date: Option<NaiveDate>,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Ok(root) = DeTable::parse(text) else {
        return diags;
    };
    let root = root.get_ref();
    let value = |key: &str| {
        root.iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v)
    };
    if let Some(v) = value("anno") {
        let at = Location::at_offset(path, text, v.span().start);
        match v.get_ref() {
            DeValue::Integer(i) if i.as_str().parse::<i32>().ok() == Some(year) => {}
            DeValue::Integer(i) => diags.push(
                Diagnostic::error(
                    at,
                    format!(
                        "il file è per l'anno {}, ma il piano è del {year}",
                        i.as_str()
                    ),
                )
                .with_hint(format!(
                    "aggiornare il file per il {year}: anno = {year} e la data della Relazione"
                )),
            ),
            _ => diags.push(
                Diagnostic::error(at, "`anno` deve essere un anno, scritto senza virgolette")
                    .with_hint(format!("scrivere anno = {year}")),
            ),
        }
    }
    if cli_date.is_none()
        && let Some(v) = value("data")
        && let DeValue::String(s) = v.get_ref()
        && let Some(date) = parse_document_date(s.trim())
    {
        let at = Location::at_offset(path, text, v.span().start);
        if let Some(d) = document_date(
            date,
            year,
            at,
            "se il file è stato copiato da un altro anno, scrivere in data = \"GG/MM/AAAA\" la data di approvazione della Relazione",
        ) {
            diags.push(d);
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::build::d;

    fn settings(text: &str, year: i32, cli: Option<NaiveDate>) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(RELAZIONE_FILE), text).unwrap();
        relazione_settings(dir.path(), year, cli)
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn a_date_inside_the_evaluated_year_is_an_error() {
        let e = document_date(d(2024, 4, 30), 2024, Location::default(), "correggere").unwrap();
        assert_eq!(e.severity, crate::diag::Severity::Error);
        assert!(e.message.contains("30/04/2024"), "{}", e.message);
        assert!(e.message.contains("fine del 2024"), "{}", e.message);
        assert!(e.to_string().contains("es. 30/04/2025"), "{e}");
        // The last day of the year is not after its end either.
        assert!(document_date(d(2024, 12, 31), 2024, Location::default(), "x").is_some());
        assert!(document_date(d(2023, 6, 1), 2024, Location::default(), "x").is_some());
    }

    #[test]
    fn the_usual_dates_pass_and_a_late_one_is_a_warning() {
        assert!(document_date(d(2025, 1, 1), 2024, Location::default(), "x").is_none());
        assert!(document_date(d(2025, 12, 31), 2024, Location::default(), "x").is_none());
        let w = document_date(d(2026, 4, 30), 2024, Location::default(), "x").unwrap();
        assert_eq!(w.severity, crate::diag::Severity::Warning);
    }

    #[test]
    fn a_copied_relazione_toml_is_caught_with_its_line() {
        let e = settings("# copiato dal 2023\ndata = \"30/04/2024\"\n", 2024, None);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("errore: "), "{}", e[0]);
        assert!(e[0].contains("relazione.toml:2:8"), "{}", e[0]);
        let e = settings("anno = 2023\ndata = \"30/04/2025\"\n", 2024, None);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("relazione.toml:1:8"), "{}", e[0]);
        assert!(
            e[0].contains("il file è per l'anno 2023, ma il piano è del 2024"),
            "{}",
            e[0]
        );
        assert!(settings("anno = \"2024\"\n", 2024, None)[0].contains("senza virgolette"));
        assert!(settings("anno = 2024\ndata = \"30/04/2025\"\n", 2024, None).is_empty());
    }

    #[test]
    fn the_command_line_date_replaces_the_file_date_and_is_checked() {
        // The file's old date does not matter when --data replaces it…
        assert!(settings("data = \"30/04/2024\"\n", 2024, Some(d(2025, 4, 30))).is_empty());
        // …but --data itself is checked.
        let e = settings("", 2024, Some(d(2023, 12, 31)));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("--data"), "{}", e[0]);
    }

    #[test]
    fn unreadable_or_invalid_files_are_left_to_the_report_loader() {
        let dir = tempfile::tempdir().unwrap();
        assert!(relazione_settings(dir.path(), 2024, None).is_empty());
        assert!(settings("data = [", 2024, None).is_empty());
        assert!(settings("data = \"31/02/2025\"\n", 2024, None).is_empty());
    }

    #[test]
    fn years_in_file_names() {
        let y = |p: &str| year_in_file_name(Path::new(p), "valutazioni-nucleo-");
        assert_eq!(y("inputs/valutazioni-nucleo-2023.toml"), Some(2023));
        assert_eq!(y("valutazioni-nucleo-23.toml"), None);
        assert_eq!(y("valutazioni-oiv.toml"), None);
        assert_eq!(y("valutazioni-nucleo-2023-bis.toml"), None);
    }
}
