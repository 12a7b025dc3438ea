//! The Obiettivi sheet: one row per objective × Area matching the
//! scorecard, with grades that are formulas over the Indicatori sheet.

use super::*;
use crate::scoring::Standing;

/// The Obiettivi grades that are means of their indicators are formulas
/// over the Indicatori sheet; evaluated from the cells read back, they give
/// the scorecard's grades.
#[test]
fn objective_grades_recomputed_from_the_indicatori_sheet() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let obj = book.values(SHEET_OBJECTIVES);
    let obj_f = book.formulas(SHEET_OBJECTIVES);
    let ind = book.values(SHEET_INDICATORS);
    let c = |name| header_col(&ind, 0, name);
    let (c_obj, c_area) = (c("Obiettivo"), c("Area"));
    let (c_w, c_g) = (
        c("Peso nella media dell'obiettivo"),
        c("Grado dell'indicatore"),
    );
    assert_eq!(
        (c_obj, c_area, c_w, c_g),
        (
            u32::from(super::sheets::I_OBJECTIVE),
            u32::from(super::sheets::I_AREA),
            u32::from(super::sheets::I_COUNTED),
            u32::from(super::sheets::I_GRADE)
        )
    );
    let height = ind.end().unwrap().0;
    let mut with_formula = 0;
    for os in &fx.scorecard.objectives {
        for a in &os.areas {
            let row = find_row(&obj, &[(0, os.objective.as_str()), (1, a.area.as_str())]);
            let f = formula(&obj_f, row, u32::from(super::sheets::O_GRADE));
            if f.is_empty() {
                // Only grades a formula cannot express are plain values.
                assert!(
                    a.grade.is_none() || a.correction.is_some(),
                    "{}",
                    os.objective
                );
                continue;
            }
            assert!(f.contains("Indicatori!"), "{f}");
            let (mut sw, mut swg) = (0.0, 0.0);
            for r in 1..=height {
                if text(&cell(&ind, r, c_obj)).as_deref() == Some(os.objective.as_str())
                    && text(&cell(&ind, r, c_area)).as_deref() == Some(a.area.as_str())
                {
                    let w = num(&cell(&ind, r, c_w)).unwrap();
                    sw += w;
                    swg += w * num(&cell(&ind, r, c_g)).unwrap_or(0.0);
                }
            }
            assert_close(Some(swg / sw), a.grade, os.objective.as_str());
            with_formula += 1;
        }
    }
    assert_eq!(
        with_formula, 6,
        "every graded pair without a correction is a formula"
    );
}

#[test]
fn obiettivi_rows_match_the_scorecard() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let obj = book.values(SHEET_OBJECTIVES);
    let c = |name| header_col(&obj, 0, name);
    let (c_weight, c_grade, c_computed) = (
        c("Peso"),
        c("Grado"),
        c("Grado autovalutato (prima della correzione)"),
    );
    let (c_state, c_reason, c_counted) = (
        c("Stato"),
        c("Motivo (neutralizzazione o non applicabilità)"),
        c("Peso conteggiato nella media"),
    );
    let mut n = 0;
    for os in &fx.scorecard.objectives {
        for a in &os.areas {
            let row = find_row(&obj, &[(0, os.objective.as_str()), (1, a.area.as_str())]);
            assert_close(num(&cell(&obj, row, c_weight)), a.weight, "peso");
            assert_close(num(&cell(&obj, row, c_grade)), a.grade, "grado");
            assert_close(
                num(&cell(&obj, row, c_computed)),
                a.computed,
                "autovalutato",
            );
            let counted = num(&cell(&obj, row, c_counted)).unwrap();
            let neutralised = matches!(a.standing, Standing::Neutralised(_));
            if neutralised || !os.weighted {
                assert_eq!(counted, 0.0, "{} {}", os.objective, a.area);
            } else {
                assert_eq!(Some(counted), a.weight);
            }
            if neutralised {
                assert_eq!(
                    text(&cell(&obj, row, c_state)).as_deref(),
                    Some("Neutralizzato (non valutabile)")
                );
                assert!(text(&cell(&obj, row, c_reason)).is_some());
            }
            n += 1;
        }
    }
    assert_eq!(obj.end().unwrap().0, n, "one row per objective × Area");
}
