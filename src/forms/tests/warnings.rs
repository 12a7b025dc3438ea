//! What is read but needs a look is a warning, never dropped: missed
//! targets without a motivation, blank rows, values in a column that does
//! not fit, content of sheets added to the form.

use super::*;

#[test]
fn a_missed_target_without_motivation_is_reported_once_through_grading() {
    let p = plan();
    let tmp = dir();
    let fill = typed(&[("OB01.1", Column::Date, "15/07/2023")]);
    form(tmp.path(), &p, "III", &fill);
    let (results, read) = crate::forms::read_dir(&p, tmp.path(), &Vocabulary::default())
        .unwrap_or_else(|d| panic!("{d}"));
    let sc = crate::scoring::score(
        &p,
        &results,
        &crate::scoring::Rules::default(),
        &crate::scoring::Review::default(),
    );
    let about: Vec<String> = read
        .iter()
        .chain(&sc.warnings)
        .map(|d| d.to_string())
        .filter(|m| m.contains("OB01.1") && m.contains("motivazione"))
        .collect();
    assert_eq!(about.len(), 1, "{about:#?}");
}

#[test]
fn warnings_missed_targets_without_motivation_and_blank_rows() {
    let p = plan();
    let tmp = dir();
    let mut fill = typed(&[
        ("OB01.1", Column::Date, "15/07/2023"),
        ("OB02.1 (1/2)", Column::Value, "1"),
        ("OB03.1", Column::Value, "85"),
        ("OB03.2", Column::Value, "3"),
        ("OB04.1", Column::Done, "No"),
        ("OB04.2", Column::Status, "Non raggiunto"),
        ("OB05.1", Column::Value, "25"),
        ("OB05.1", Column::Motivation, "non serve, ma è scritta"),
    ]);
    fill.insert(
        ("OB04.3".into(), Column::Date),
        CellInput::Date(d(2023, 10, 5)),
    );
    fill.insert(
        ("OB04.3".into(), Column::Motivation),
        CellInput::Text("rinvio deciso dalla Giunta".into()),
    );
    let path = form(tmp.path(), &p, "III", &fill);
    let (_, w) = read_ok(&p, &path);
    assert_diag(
        &w,
        Severity::Warning,
        "O5",
        "traguardo «OB01.1» non pienamente raggiunto (realizzato il 15/07/2023, scadenza 30/06/2023) senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "O6",
        "traguardo «OB02.1 (1/2)» non pienamente raggiunto (valore 1 contro un minimo di 2) senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "O8",
        "traguardo «OB03.1» non pienamente raggiunto (85% contro il 90% atteso) senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "O9",
        "traguardo «OB03.2» non pienamente raggiunto (valore 3 contro un massimo (escluso) di 3) senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "O10",
        "traguardo «OB04.1» non pienamente raggiunto (risposta «No») senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "O11",
        "traguardo «OB04.2» non pienamente raggiunto (stato proposto «Non raggiunto») senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "A7",
        "riga «OB02.1 (2/2)» non compilata: il traguardo risulta non rendicontato",
    );
    let cells: Vec<String> = msgs(&w, Severity::Warning)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert!(!cells.contains(&"O12".to_string()), "motivated: no warning");
    assert!(!cells.contains(&"O13".to_string()), "achieved: no warning");
    assert_eq!(w.len(), 7, "{w}");
}

#[test]
fn value_in_a_column_that_does_not_fit_is_kept_with_a_warning() {
    let p = plan();
    let tmp = dir();
    let fill = typed(&[
        ("OB01.1", Column::Value, "4"),
        ("OB01.1", Column::Date, "30/06/2023"),
    ]);
    let path = form(tmp.path(), &p, "III", &fill);
    let (r, w) = read_ok(&p, &path);
    assert_eq!(
        entry(&r, "OB01.1", 0).value.as_ref().map(|x| x.value),
        Some(4.0)
    );
    assert_diag(
        &w,
        Severity::Warning,
        "J5",
        "«4» è nella colonna «Valore raggiunto», che non riguarda un traguardo di tipo scadenza: il valore è letto ma potrebbe non essere considerato",
    );
}

#[test]
fn content_of_an_added_sheet_is_reported_not_dropped() {
    let p = plan();
    let tmp = dir();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Rendicontazione").expect("name");
    ws.write_string(0, 0, "Codice").expect("cell");
    ws.write_string(0, 1, "Note").expect("cell");
    ws.write_string(1, 0, "OB05.1").expect("cell");
    ws.write_string(1, 1, "vedi foglio appunti").expect("cell");
    let extra = wb.add_worksheet();
    extra.set_name("Appunti").expect("name");
    extra
        .write_string(2, 3, "24 associazioni al 31/12")
        .expect("cell");
    let meta = wb.add_worksheet();
    meta_of_area_iii(meta, &p);
    let path = tmp.path().join("con appunti.xlsx");
    std::fs::write(&path, wb.save_to_buffer().expect("save")).expect("write");
    let (r, w) = read_ok(&p, &path);
    assert_eq!(
        entry(&r, "OB05.1", 0)
            .notes
            .as_ref()
            .map(|n| n.value.as_str()),
        Some("vedi foglio appunti")
    );
    assert_diag(
        &w,
        Severity::Warning,
        "D3",
        "il foglio «Appunti» non fa parte del modulo: il suo contenuto non viene letto",
    );
}

/// A row holding only its evidence is not reported: the warning says so at
/// the sheet and row of the form, as every other form warning does, not
/// only at the file.
#[test]
fn an_indicator_not_reported_is_named_at_its_row() {
    let p = plan();
    let tmp = dir();
    let fill = typed(&[("OB01.1", Column::Evidence, "DGC n. 12 del 10/03/2023")]);
    let path = form(tmp.path(), &p, "III", &fill);
    let (report, _) = read_ok(&p, &path);
    let row = report
        .row(&"OB01.1".into(), 0)
        .expect("the row of OB01.1 is known")
        .clone();
    let (results, _) = crate::forms::read_dir(&p, tmp.path(), &Vocabulary::default())
        .unwrap_or_else(|d| panic!("{d}"));
    let sc = crate::scoring::score(
        &p,
        &results,
        &crate::scoring::Rules::default(),
        &crate::scoring::Review::default(),
    );
    let said: Vec<&crate::diag::Diagnostic> = sc
        .warnings
        .iter()
        .filter(|d| d.message.contains("OB01.1 non rendicontato"))
        .collect();
    assert_eq!(said.len(), 1, "{:#?}", sc.warnings);
    let at = &said[0].location;
    assert_eq!(at.sheet.as_deref(), Some(row.sheet.as_str()), "{}", said[0]);
    assert_eq!(at.cell.as_deref(), Some(row.cell.as_str()), "{}", said[0]);
}
