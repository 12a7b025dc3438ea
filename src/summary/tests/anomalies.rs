//! The Anomalie sheet: every warning of the run once, with its cell, the
//! truncated notes, and a line saying so when there is nothing to list.

use super::*;

#[test]
fn a_truncated_note_is_marked_and_listed_in_anomalie() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let anomalies = book.values(SHEET_ANOMALIES);
    let messages: Vec<String> = anomalies
        .rows()
        .skip(1)
        .map(|r| r.get(8).map(|d| d.to_string()).unwrap_or_default())
        .collect();
    let cut: Vec<&String> = messages
        .iter()
        .filter(|m| m.contains("testo troncato"))
        .collect();
    assert_eq!(cut.len(), 1, "{messages:?}");
    assert!(cut[0].contains("di 40.000"), "{}", cut[0]);
    assert!(cut[0].contains("Rendicontazione › K8"), "{}", cut[0]);
}

#[test]
fn anomalie_lists_every_warning_once() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let sheet = book.values(SHEET_ANOMALIES);
    let messages: Vec<String> = sheet
        .rows()
        .skip(1)
        .map(|r| r.get(8).map(|d| d.to_string()).unwrap_or_default())
        .collect();
    for w in fx.warnings.iter() {
        assert_eq!(
            messages.iter().filter(|m| **m == w.message).count(),
            1,
            "{}",
            w.message
        );
    }
    // A hint "=" is text too.
    assert!(
        sheet
            .cells()
            .any(|(_, _, d)| d == &Data::String("=".into()))
    );
    // The scorecard's warning gives its cell.
    let row = find_row(&sheet, &[(5, "L6")]);
    assert_eq!(
        text(&cell(&sheet, row, 4)).as_deref(),
        Some("Rendicontazione")
    );
}

#[test]
fn empty_scorecard_still_renders() {
    let mut fx = fixture();
    fx.scorecard.objectives.clear();
    fx.scorecard.areas.clear();
    fx.scorecard.grade = None;
    fx.scorecard.computed = None;
    fx.results.reports.clear();
    fx.warnings = Diagnostics::new();
    fx.scorecard.warnings.clear();
    let mut book = Book::open(fx.render());
    let anomalies = book.values(SHEET_ANOMALIES);
    assert!(
        anomalies
            .cells()
            .any(|(_, _, d)| d == &Data::String("Nessuna anomalia rilevata.".into()))
    );
}
