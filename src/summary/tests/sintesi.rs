//! The Sintesi sheet: Area and ente grades are formulas over the Obiettivi
//! sheet caching the scorecard's values; a disagreeing scorecard is shown
//! as is and flagged; Area ids never become part of a formula.

use super::*;
use crate::plan::AreaId;
use crate::scoring::Outcome;

#[test]
fn sintesi_grades_are_formulas_caching_the_scorecard_values() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let values = book.values(SHEET_SUMMARY);
    let formulas = book.formulas(SHEET_SUMMARY);
    let header = 3;
    assert_eq!(text(&cell(&values, header, 3)).as_deref(), Some("Grado"));
    for (i, score) in fx.scorecard.areas.iter().enumerate() {
        let row = header + 1 + i as u32;
        assert_eq!(
            text(&cell(&values, row, 0)).as_deref(),
            Some(score.area.as_str())
        );
        assert_close(
            num(&cell(&values, row, 2)),
            Some(score.total_weight),
            "peso",
        );
        assert_close(num(&cell(&values, row, 3)), score.grade, "grado Area");
        assert_close(num(&cell(&values, row, 7)), score.computed, "autovalutato");
        assert_eq!(
            text(&cell(&values, row, 4)).as_deref(),
            score.outcome.map(Outcome::label)
        );
        let f = formula(&formulas, row, 3);
        assert!(f.contains("SUMPRODUCT") && f.contains("Obiettivi!"), "{f}");
        assert!(formula(&formulas, row, 2).contains("SUMPRODUCT"));
    }
    // The ente line, below the table after one empty row.
    let ente = header + 1 + fx.scorecard.areas.len() as u32 + 1;
    assert_eq!(text(&cell(&values, ente, 0)).as_deref(), Some("Ente"));
    assert_close(
        num(&cell(&values, ente, 3)),
        fx.scorecard.grade,
        "grado ente",
    );
    assert_close(num(&cell(&values, ente, 2)), Some(40.0), "peso ente");
    assert_close(
        num(&cell(&values, ente, 7)),
        fx.scorecard.computed,
        "ente autovalutato",
    );
    assert!(formula(&formulas, ente, 3).starts_with("IF(SUM(Obiettivi!$N$2:$N$"));
    // No recomputation disagreed with the scorecard.
    let anomalies = book.values(SHEET_ANOMALIES);
    for row in anomalies.rows() {
        let message = row.get(8).map(|d| d.to_string()).unwrap_or_default();
        assert!(!message.contains("il foglio Obiettivi dà"), "{message}");
    }
}

/// Evaluates the Sintesi formulas the way a spreadsheet would, from the
/// Obiettivi cells read back, so the formulas (not just their cached
/// values) are proven to give the scorecard's grades.
#[test]
fn formulas_recomputed_from_the_obiettivi_sheet_give_the_scorecard_grades() {
    let fx = fixture();
    let mut book = Book::open(fx.render());
    let obj = book.values(SHEET_OBJECTIVES);
    let area_col = header_col(&obj, 0, "Area");
    let weight_col = header_col(&obj, 0, "Peso conteggiato nella media");
    let grade_col = header_col(&obj, 0, "Grado");
    assert_eq!(
        (area_col, weight_col, grade_col),
        (
            u32::from(super::sheets::O_AREA),
            u32::from(super::sheets::O_COUNTED),
            u32::from(super::sheets::O_GRADE)
        ),
        "the formulas' columns"
    );
    let height = obj.end().unwrap().0;
    let rows: Vec<(String, f64, f64)> = (1..=height)
        .map(|r| {
            (
                text(&cell(&obj, r, area_col)).unwrap(),
                num(&cell(&obj, r, weight_col)).unwrap(),
                num(&cell(&obj, r, grade_col)).unwrap_or(0.0),
            )
        })
        .collect();
    let eval = |area: Option<&str>| {
        let sel = rows.iter().filter(|r| area.is_none_or(|a| r.0 == a));
        let (sw, swg) = sel.fold((0.0, 0.0), |(a, b), r| (a + r.1, b + r.1 * r.2));
        (sw, (sw != 0.0).then(|| swg / sw))
    };
    for score in &fx.scorecard.areas {
        let (w, g) = eval(Some(score.area.as_str()));
        assert_close(Some(w), Some(score.total_weight), "peso");
        assert_close(g, score.grade, score.area.as_str());
    }
    assert_close(eval(None).1, fx.scorecard.grade, "ente");
}

#[test]
fn a_disagreeing_scorecard_is_shown_as_is_and_flagged() {
    let mut fx = fixture();
    fx.scorecard.areas[1].grade = Some(0.5);
    let mut book = Book::open(fx.render());
    let values = book.values(SHEET_SUMMARY);
    assert_close(
        num(&cell(&values, 5, 3)),
        Some(0.5),
        "cached value is the scorecard's",
    );
    let anomalies = book.values(SHEET_ANOMALIES);
    let row = anomalies
        .rows()
        .find(|r| {
            r.iter().any(|d| {
                matches!(d, Data::String(s) if s.starts_with("Area I: il foglio Obiettivi dà peso 15 e grado 83,3%"))
            })
        })
        .expect("the anomaly is listed");
    // At its place: the workbook, the Sintesi sheet, the Area's grade.
    let place: Vec<String> = row[3..6].iter().map(|d| d.to_string()).collect();
    assert_eq!(place, ["Riepilogo performance 2023.xlsx", "Sintesi", "D6"]);
}

#[test]
fn area_ids_are_read_from_cells_not_pasted_into_formulas() {
    let mut fx = fixture();
    // An id that would break a formula if it were spliced into one.
    let odd = AreaId::from("I\"),1)*(\"");
    for o in &mut fx.scorecard.objectives {
        for a in &mut o.areas {
            if a.area.as_str() == "I" {
                a.area = odd.clone();
            }
        }
    }
    fx.scorecard.areas[1].area = odd.clone();
    fx.plan.areas[1].id = odd.clone();
    let mut book = Book::open(fx.render());
    let values = book.values(SHEET_SUMMARY);
    let formulas = book.formulas(SHEET_SUMMARY);
    assert_eq!(text(&cell(&values, 5, 0)).as_deref(), Some(odd.as_str()));
    assert!(formula(&formulas, 5, 3).contains(",$A6)"));
    assert!(!formula(&formulas, 5, 3).contains(odd.as_str()));
}

/// The number format of `cell` on the Sintesi sheet, from the workbook's
/// XML (calamine reads values, not formats).
fn number_format(zip: &std::collections::HashMap<String, String>, cell: &str) -> String {
    let sheet = &zip["xl/worksheets/sheet1.xml"];
    let at = sheet
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no {cell}"));
    let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
    let style: usize = tag
        .split(" s=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map_or(0, |s| s.parse().unwrap());
    let styles = &zip["xl/styles.xml"];
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let id = xf
        .split("numFmtId=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    styles
        .split("<numFmt ")
        .skip(1)
        .find(|f| f.contains(&format!("numFmtId=\"{id}\"")))
        .and_then(|f| f.split("formatCode=\"").nth(1))
        .and_then(|f| f.split('"').next())
        // Built-in formats have no entry of their own.
        .unwrap_or(match id {
            "10" => "0.00%",
            other => other,
        })
        .to_string()
}

/// A corrected grade that rounds like the computed one (75,894% after,
/// 75,95% before) is not printed «75,9%» beside «75,9%»: both cells get
/// two decimals, and so does every row of those columns (one format for
/// a column, never one unit at two decimals among others at one).
#[test]
fn a_grade_and_its_computed_value_that_round_alike_get_two_decimals() {
    let mut fx = fixture();
    fx.scorecard.areas[0].grade = Some(0.75894);
    fx.scorecard.areas[0].computed = Some(0.7595);
    let id = fx.scorecard.areas[0].area.clone();
    let at = fx
        .scorecard
        .areas_in_plan_order(&fx.plan)
        .iter()
        .position(|a| a.area == id)
        .unwrap();
    // The table's first row is the sheet's fifth.
    let (row, other) = (5 + at, if at == 0 { 6 } else { 5 });
    let zip = zip_entries(&fx.render());
    assert_eq!(number_format(&zip, &format!("D{row}")), "0.00%");
    assert_eq!(number_format(&zip, &format!("H{row}")), "0.00%");
    assert_eq!(number_format(&zip, &format!("D{other}")), "0.00%");
    assert_eq!(number_format(&zip, &format!("H{other}")), "0.00%");
    // Without such a pair, one decimal throughout.
    let zip = zip_entries(&fixture().render());
    assert_eq!(number_format(&zip, &format!("D{row}")), "0.0%");
    assert_eq!(number_format(&zip, &format!("D{other}")), "0.0%");
}

/// The Riepilogo is public: no sheet names the heads, whose unit's band
/// and share of pay would sit beside their name.
#[test]
fn no_sheet_names_the_heads() {
    let fx = fixture();
    let heads: Vec<String> = fx
        .plan
        .areas
        .iter()
        .filter_map(|a| a.head.clone())
        .collect();
    assert!(heads.len() >= 2);
    let mut book = Book::open(fx.render());
    let names: Vec<String> = book.sheets.sheet_names();
    for sheet in names {
        let values = book.values(&sheet);
        for (_, _, d) in values.cells() {
            let t = d.to_string();
            for h in &heads {
                assert!(!t.contains(h.as_str()), "{h} in {sheet}: {t}");
            }
        }
    }
}
