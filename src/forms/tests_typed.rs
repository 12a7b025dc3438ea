//! What people type read as they meant it (issue 11): percent cells by
//! their format, entries scoring cannot use said at the cell, renamed data
//! sheets, forms with errors and odd directory entries named for what
//! they are.

use super::fill::{CellInput, Fill};
use super::layout::Column;
use super::tests::{dir, form, read_err, read_ok, typed};
use crate::diag::{Diagnostics, Severity};
use crate::testkit::forms::plan;

fn warnings_with(d: &Diagnostics, part: &str) -> Vec<String> {
    d.iter()
        .filter(|x| x.severity == Severity::Warning && x.message.contains(part))
        .map(|x| x.to_string())
        .collect()
}

#[test]
fn percent_cells_are_read_by_their_format() {
    let p = plan();
    let t = dir();
    let fill: Fill = [(
        ("OB03.1".to_string(), Column::Value),
        CellInput::Percent(105.0),
    )]
    .into();
    let path = form(t.path(), &p, "III", &fill);
    let err = read_err(&p, &path);
    assert!(
        err.iter().any(|d| d.message
            == "«105%» è fuori intervallo: una percentuale va da 0 a 100%"
            && d.location.cell.is_some()),
        "{err}"
    );
    // What a formula leaves, formatted as percent or not, is 100%.
    for cell in [
        CellInput::Percent(100.000_000_000_000_02),
        CellInput::Number(1.000_000_000_000_000_2),
    ] {
        let t = dir();
        let fill: Fill = [(("OB03.1".to_string(), Column::Value), cell)].into();
        let path = form(t.path(), &p, "III", &fill);
        let (r, _) = read_ok(&p, &path);
        let e = super::tests::entry(&r, "OB03.1", 0);
        assert_eq!(e.value.as_ref().map(|v| v.value), Some(100.0));
    }
}

#[test]
fn a_deadline_met_by_date_with_no_is_contradictory() {
    let p = plan();
    let t = dir();
    let fill = typed(&[
        ("OB01.1", Column::Date, "15/06/2023"),
        ("OB01.1", Column::Done, "No"),
    ]);
    let path = form(t.path(), &p, "III", &fill);
    let (_, w) = read_ok(&p, &path);
    let found = warnings_with(&w, "dati contraddittori");
    assert_eq!(found.len(), 1, "{w}");
    assert!(
        found[0].contains("la data di realizzazione (15/06/2023, in ")
            && found[0].contains("la valutazione usa la data"),
        "{}",
        found[0]
    );
    assert!(warnings_with(&w, "non raggiunto").is_empty(), "{w}");
}

#[test]
fn data_in_a_column_the_target_does_not_read_is_said_at_the_cell() {
    let p = plan();
    let t = dir();
    let fill = typed(&[
        ("OB04.1", Column::Date, "30/06/2023"),
        ("OB01.1", Column::Value, "3"),
    ]);
    let path = form(t.path(), &p, "III", &fill);
    let (_, w) = read_ok(&p, &path);
    let found = warnings_with(&w, "non basta per valutare");
    assert_eq!(found.len(), 2, "{w}");
    let needs = |code: &str, col: Column| {
        found.iter().any(|m| {
            m.contains(code) && m.contains(&format!("serve la colonna «{}»", col.header()))
        })
    };
    assert!(needs("«OB04.1»", Column::Done), "{found:?}");
    assert!(needs("«OB01.1»", Column::Date), "{found:?}");
}

#[test]
fn a_renamed_data_sheet_is_read_without_saying_it_is_not() {
    let p = plan();
    let t = dir();
    let fill = typed(&[("OB05.1", Column::Value, "24")]);
    let path = form(t.path(), &p, "III", &fill);
    // Rename the sheet inside the package, as a user renaming the tab.
    let bytes = std::fs::read(&path).expect("read");
    let renamed = rename_sheet(&bytes, "Rendicontazione", "Foglio1");
    std::fs::write(&path, renamed).expect("write");
    let (r, w) = read_ok(&p, &path);
    let e = super::tests::entry(&r, "OB05.1", 0);
    assert_eq!(e.value.as_ref().map(|v| v.value), Some(24.0));
    assert_eq!(
        e.value.as_ref().map(|v| v.at.sheet.as_str()),
        Some("Foglio1")
    );
    assert!(warnings_with(&w, "«Foglio1»").is_empty(), "{w}");
}

/// The xlsx in `bytes` with sheet `from` renamed `to` in the workbook part.
fn rename_sheet(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("entry");
        let name = f.name().expect("name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("inflate");
        if name == "xl/workbook.xml" {
            data = String::from_utf8(data)
                .expect("utf8")
                .replace(&format!("name=\"{from}\""), &format!("name=\"{to}\""))
                .replace(&format!("'{from}'!"), &format!("'{to}'!"))
                .replace(&format!("{from}!"), &format!("{to}!"))
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

#[test]
fn a_form_with_errors_is_not_also_reported_missing() {
    let p = plan();
    let t = dir();
    let fill = typed(&[("OB05.1", Column::Value, "dodici")]);
    form(t.path(), &p, "III", &fill);
    let err =
        super::read_dir(&p, t.path(), &crate::vocab::Vocabulary::default()).expect_err("errors");
    assert!(
        !err.iter()
            .any(|d| d.message.contains("Area III") && d.message.contains("nessun modulo")),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn odd_directory_entries_are_named_not_skipped() {
    let p = plan();
    let t = dir();
    let fill = typed(&[("OB05.1", Column::Value, "24")]);
    form(t.path(), &p, "III", &fill);
    std::os::unix::fs::symlink(t.path().join("manca.xlsx"), t.path().join("rotto.xlsx"))
        .expect("symlink");
    std::os::unix::fs::symlink(t.path().join("giro.xlsx"), t.path().join("giro.xlsx"))
        .expect("symlink");
    let (_, w) =
        super::read_dir(&p, t.path(), &crate::vocab::Vocabulary::default()).expect("reads");
    for name in ["rotto.xlsx", "giro.xlsx"] {
        assert!(
            w.iter().any(|d| d.to_string().contains(name)
                && d.message
                    .contains("collegamento simbolico che non porta a nessun file")),
            "{name}: {w}"
        );
    }
}

#[test]
fn a_dot_before_three_digits_is_read_as_thousands_and_said() {
    let p = plan();
    let t = dir();
    let fill = typed(&[("OB05.1", Column::Value, "1.160")]);
    let path = form(t.path(), &p, "III", &fill);
    let (r, w) = read_ok(&p, &path);
    let e = super::tests::entry(&r, "OB05.1", 0);
    assert_eq!(e.value.as_ref().map(|v| v.value), Some(1160.0));
    let found = warnings_with(
        &w,
        "«1.160» è letto come 1160 (il punto separa le migliaia)",
    );
    assert_eq!(found.len(), 1, "{w}");
}
