//! What people type is read as they meant it: dates and numbers written
//! as text the Italian way, yes/no in several spellings, rows reordered,
//! columns moved or retyped.

use super::*;

#[test]
fn forgiving_dates_as_text() {
    let p = plan();
    for text in ["30/06/2023", "30-6-2023", "30.06.2023", "2023-06-30"] {
        let t = dir();
        let path = form(
            t.path(),
            &p,
            "III",
            &typed(&[("OB01.1", Column::Date, text)]),
        );
        let (r, _) = read_ok(&p, &path);
        assert_eq!(
            entry(&r, "OB01.1", 0).date.as_ref().map(|x| x.value),
            Some(d(2023, 6, 30)),
            "{text}"
        );
    }
}

#[test]
fn forgiving_numbers_and_percentages() {
    let p = plan();
    for (text, want) in [("0,9", 90.0), ("90", 90.0), ("90%", 90.0), ("92,5 %", 92.5)] {
        let t = dir();
        let path = form(
            t.path(),
            &p,
            "III",
            &typed(&[("OB03.1", Column::Value, text)]),
        );
        let (r, _) = read_ok(&p, &path);
        assert_eq!(
            entry(&r, "OB03.1", 0).value.as_ref().map(|x| x.value),
            Some(want),
            "{text}"
        );
    }
    let t = dir();
    let fill = typed(&[
        ("OB02.1 (1/2)", Column::Value, "2,5"),
        ("OB05.1", Column::Value, "1.234"),
    ]);
    let path = form(t.path(), &p, "III", &fill);
    let (r, _) = read_ok(&p, &path);
    assert_eq!(
        entry(&r, "OB02.1", 0).value.as_ref().map(|x| x.value),
        Some(2.5)
    );
    assert_eq!(
        entry(&r, "OB05.1", 0).value.as_ref().map(|x| x.value),
        Some(1234.0)
    );
}

#[test]
fn forgiving_yes_no() {
    let p = plan();
    for (text, want) in [
        ("Sì", true),
        ("si", true),
        ("SI", true),
        ("X", true),
        ("No", false),
    ] {
        let t = dir();
        let mut fill = typed(&[("OB04.1", Column::Done, text)]);
        fill.insert(
            ("OB04.1".into(), Column::Motivation),
            CellInput::Text("-".into()),
        );
        let path = form(t.path(), &p, "III", &fill);
        let (r, _) = read_ok(&p, &path);
        assert_eq!(
            entry(&r, "OB04.1", 0).done.as_ref().map(|x| x.value),
            Some(want),
            "{text}"
        );
    }
}

#[test]
fn forgiving_reordered_rows_empty_rows_extra_columns_and_retyped_headers() {
    let p = plan();
    let tmp = dir();
    // Columns in another order, a header retyped in capitals, an extra
    // column, rows sorted backwards with empty rows between, one row
    // filtered away (deleted).
    let grid = vec![
        vec![
            t("Note"),
            t("Commenti interni"),
            t("CODICE"),
            t("data di realizzazione"),
            t("Valore raggiunto"),
            t("Stato proposto"),
            t("Motivazione dello scostamento"),
        ],
        vec![None, None, t("OB05.1"), None, t("22"), None, None],
        vec![],
        vec![
            t("nota 4.3"),
            None,
            t("OB04.3"),
            t("29/09/2023"),
            None,
            None,
            None,
        ],
        vec![
            None,
            None,
            t("OB04.2"),
            None,
            None,
            t("Non applicabile"),
            None,
        ],
        vec![
            None,
            t("da verificare"),
            t("OB04.1"),
            None,
            None,
            t("Raggiunto"),
            None,
        ],
        vec![None, None, None, None, None, None, None],
        vec![None, None, t("OB03.2"), None, t("2"), None, None],
        vec![None, None, t("OB03.1"), None, t("95%"), None, None],
        vec![
            None,
            None,
            t("OB02.1 (2/2)"),
            t("01/12/2023"),
            None,
            None,
            None,
        ],
        vec![None, None, t("ob02.1 (1 / 2)"), None, t("2"), None, None],
    ];
    let path = raw_form(tmp.path(), "modulo area III.xlsx", &p, "III", &grid);
    let (r, w) = read_ok(&p, &path);
    assert_eq!(
        entry(&r, "OB05.1", 0)
            .value
            .as_ref()
            .map(|x| (x.value, x.at.cell.as_str())),
        Some((22.0, "E4"))
    );
    assert_eq!(
        entry(&r, "OB04.3", 0)
            .notes
            .as_ref()
            .map(|x| x.value.as_str()),
        Some("nota 4.3")
    );
    assert_eq!(
        entry(&r, "OB02.1", 0).value.as_ref().map(|x| x.value),
        Some(2.0)
    );
    assert_eq!(
        entry(&r, "OB02.1", 1).date.as_ref().map(|x| x.value),
        Some(d(2023, 12, 1))
    );
    assert_eq!(
        entry(&r, "OB03.1", 0).value.as_ref().map(|x| x.value),
        Some(95.0)
    );
    assert_eq!(
        r.entries.len(),
        9,
        "one entry per target, the missing one blank"
    );
    assert!(entry(&r, "OB01.1", 0).is_blank());
    assert_diag(
        &w,
        Severity::Warning,
        "",
        "manca la riga «OB01.1»: il traguardo risulta non rendicontato",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "B8",
        "la colonna «Commenti interni» non fa parte del modulo: il suo contenuto non viene letto; spostarlo nelle «Note» se deve essere considerato",
    );
    assert!(!w.has_errors());
}
