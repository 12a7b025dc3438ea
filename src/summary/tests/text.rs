//! Text typed by the Areas in the cells: stored as shared strings, never as
//! formulas, and cut on a character boundary at Excel's limit with a
//! warning of the workbook's own.

use super::*;
use crate::summary::cells::{MAX_CELL_CHARS, TRUNCATION_MARK, fit_cell};

#[test]
fn hostile_text_is_stored_as_shared_strings_not_formulas() {
    // Independent of calamine: the raw sheet XML has no <f> element but the
    // Sintesi grades and the Obiettivi grades (column G), and the hostile
    // strings are in the string table.
    let fx = fixture();
    let bytes = fx.render();
    let mut zip = zip_entries(&bytes);
    let strings = zip.remove("xl/sharedStrings.xml").expect("shared strings");
    for s in ["=SUM(A1)", "+1", "@x", "📎 DGC n. 45"] {
        assert!(strings.contains(s), "{s}");
    }
    for (name, xml) in &zip {
        if !name.starts_with("xl/worksheets/sheet") {
            continue;
        }
        for cell in xml.split("<c r=\"").skip(1) {
            let cell = cell.split("</c>").next().unwrap();
            if cell.contains("<f>") {
                let ok = name == "xl/worksheets/sheet1.xml"
                    || (name == "xl/worksheets/sheet2.xml" && cell.starts_with('G'));
                assert!(ok, "a formula in {name}: {cell}");
            }
        }
    }
    assert!(zip["xl/worksheets/sheet1.xml"].contains("<f>"));
    assert!(zip["xl/worksheets/sheet2.xml"].contains("<f>"));
}

#[test]
fn fit_cell_cuts_on_character_boundaries() {
    let short = "😀".repeat(100);
    assert_eq!(
        fit_cell(&short),
        (std::borrow::Cow::Borrowed(short.as_str()), false)
    );
    // 16.383 emoji = 32.766 UTF-16 units: fits; one more does not.
    let fits = "😀".repeat(16_383);
    assert!(!fit_cell(&fits).1);
    let over = "😀".repeat(16_384);
    let (cut, was_cut) = fit_cell(&over);
    assert!(was_cut);
    assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
    let kept = cut.strip_suffix(TRUNCATION_MARK).unwrap();
    assert!(kept.chars().all(|c| c == '😀'));
    assert!(over.starts_with(kept));
    // Excel's limit counts UTF-16 units, not bytes or chars.
    let ascii = "a".repeat(MAX_CELL_CHARS);
    assert!(!fit_cell(&ascii).1);
    assert!(fit_cell(&format!("{ascii}a")).1);
}

#[test]
fn render_with_warnings_returns_the_workbook_s_own_warnings() {
    let fx = fixture();
    let (bytes, own) = render_with_warnings(
        &fx.plan,
        &fx.results,
        &fx.scorecard,
        &fx.warnings,
        &crate::vocab::Vocabulary::default(),
    )
    .unwrap();
    assert_eq!(bytes, fx.render());
    assert_eq!(own.len(), 1, "{own}");
    let d = own.iter().next().unwrap();
    assert!(!d.is_error());
    assert!(d.message.starts_with("testo troncato nel riepilogo"), "{d}");
    assert_eq!(d.location.cell.as_deref(), Some("K8"));
}
