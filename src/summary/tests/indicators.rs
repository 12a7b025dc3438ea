//! The Indicatori sheet: one row per indicator × Area × target matching the
//! scorecard, with the cells each value came from and the Areas' text kept
//! verbatim as text.

use super::*;
use crate::summary::cells::{MAX_CELL_CHARS, TRUNCATION_MARK};

#[test]
fn indicatori_rows_match_the_scorecard_and_keep_hostile_text_as_text() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let ind = book.values(SHEET_INDICATORS);
    let formulas = book.formulas(SHEET_INDICATORS);
    let c = |name| header_col(&ind, 0, name);
    let grade = c("Grado dell'indicatore");
    let computed = c("Grado autovalutato dell'indicatore");
    let target_grade = c("Grado del traguardo");
    let corr = c("Grado fissato dal Nucleo");
    let corr_mot = c("Motivazione del Nucleo");
    let notes = c("Note dell'Area");
    let evidence = c("Documentazione / evidenze");
    let motivation = c("Motivazione dello scostamento");
    let date = c("Data di realizzazione");
    let value = c("Valore raggiunto");
    let cells = c("Celle di origine");
    let mut n = 0;
    for os in &fx.scorecard.objectives {
        for a in &os.areas {
            for is in &a.indicators {
                let row = find_row(&ind, &[(1, is.indicator.as_str()), (3, is.area.as_str())]);
                assert_close(num(&cell(&ind, row, grade)), is.grade, "grado");
                assert_close(num(&cell(&ind, row, computed)), is.computed, "autovalutato");
                assert_close(
                    num(&cell(&ind, row, target_grade)),
                    is.targets[0].grade,
                    "target",
                );
                assert_close(
                    num(&cell(&ind, row, corr)),
                    is.correction.as_ref().map(|c| c.grade),
                    "correzione",
                );
                assert_eq!(
                    text(&cell(&ind, row, corr_mot)),
                    is.correction.as_ref().map(|c| c.motivation.clone())
                );
                let e = is.targets[0].entry.as_ref();
                for (col, field) in [
                    (notes, e.and_then(|e| e.notes.as_ref())),
                    (evidence, e.and_then(|e| e.evidence.as_ref())),
                    (motivation, e.and_then(|e| e.motivation.as_ref())),
                ] {
                    let got = text(&cell(&ind, row, col));
                    let want = field.map(|s| s.value.clone());
                    match (&got, &want) {
                        (Some(g), Some(w)) if w.encode_utf16().count() > MAX_CELL_CHARS => {
                            assert!(g.ends_with(TRUNCATION_MARK));
                            assert!(w.starts_with(g.strip_suffix(TRUNCATION_MARK).unwrap()));
                            assert!(g.encode_utf16().count() <= MAX_CELL_CHARS);
                        }
                        _ => assert_eq!(got, want, "{} {}", is.indicator, is.area),
                    }
                    // Whatever the text looks like, it is not a formula.
                    assert_eq!(formula(&formulas, row, col), "");
                }
                match e.and_then(|e| e.date.as_ref()) {
                    Some(dt) => match cell(&ind, row, date) {
                        Data::DateTime(x) => {
                            assert_eq!(x.as_datetime().unwrap().date(), dt.value, "a real date")
                        }
                        other => panic!("date written as {other:?}"),
                    },
                    None => assert_eq!(cell(&ind, row, date), Data::Empty),
                }
                if let Some(v) = e.and_then(|e| e.value.as_ref()) {
                    let got = num(&cell(&ind, row, value)).unwrap();
                    // Percentages are stored as fractions, formatted as %.
                    let want = if is.indicator.as_str() == "OB01.2" {
                        v.value / 100.0
                    } else {
                        v.value
                    };
                    assert_close(Some(got), Some(want), "valore");
                }
                if let Some(e) = e.filter(|e| e.notes.is_some()) {
                    let note_cell = &e.notes.as_ref().unwrap().at.cell;
                    let sources = text(&cell(&ind, row, cells)).unwrap();
                    assert!(sources.contains(&format!("Note {note_cell}")), "{sources}");
                }
                n += 1;
            }
        }
    }
    assert_eq!(ind.end().unwrap().0, n);
    // The hostile strings are all there, verbatim.
    for s in [FORMULA_NOTE, PLUS_NOTE, MINUS_NOTE, AT_NOTE, EMOJI_EVIDENCE] {
        assert!(
            ind.cells()
                .any(|(_, _, d)| d == &Data::String(s.to_string())),
            "{s} missing"
        );
    }
}
