//! End to end on copies of the example forms of 2023, partly emptied by the
//! tests: the state counts exactly what was removed, and the reminders
//! list exactly those rows.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};

use crate::forms;
use crate::plan::{AreaId, Plan};
use crate::results::Entry;
use crate::scoring::Review;
use crate::testkit::build::d;
use crate::testkit::pdf_text;
use crate::testkit::shipped::{example_forms, plan_2023};
use crate::vocab::Vocabulary;

use super::letters::{self, LetterSettings};
use super::{Problem, Status, build, table, xlsx};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn form_of(dir: &Path, name_part: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(name_part))
        .unwrap_or_else(|| panic!("no form for {name_part}"))
}

fn clear(e: &mut Entry) {
    let (indicator, target, area) = (e.indicator.clone(), e.target, e.area.clone());
    *e = Entry::blank(indicator, target, area);
}

/// What the test did to the copies.
struct Edited {
    dir: tempfile::TempDir,
    /// Row codes emptied in Area III's form.
    emptied: Vec<String>,
    /// Row codes whose motivation was removed in Area I's form.
    unmotivated: Vec<String>,
    /// Rows of the unit whose form was removed (Area VI).
    removed_rows: usize,
}

fn code_of(plan: &Plan, area: &AreaId, e: &Entry) -> String {
    forms::rows(plan, area)
        .iter()
        .find(|r| r.indicator.id == e.indicator && r.target == e.target)
        .map(|r| r.key())
        .expect("row of the entry")
}

/// Rewrites a form with the reader's own entries changed by `edit`.
fn rewrite(plan: &Plan, path: &Path, edit: impl FnOnce(&mut Vec<Entry>)) {
    let (mut report, _) =
        forms::read_file(plan, path, &Vocabulary::default()).expect("example form reads");
    edit(&mut report.entries);
    let (name, bytes) = forms::generate_prefilled(plan, &report.area, &report.entries).unwrap();
    std::fs::remove_file(path).unwrap();
    std::fs::write(path.with_file_name(name), bytes).unwrap();
}

fn edited(plan: &Plan) -> Edited {
    let dir = example_forms();
    let iii = AreaId::from("III");
    let mut emptied = Vec::new();
    rewrite(plan, &form_of(dir.path(), "Area III"), |entries| {
        // One deadline before 30/06/2023, one after, one numeric target.
        for i in [3, 6, 0] {
            clear(&mut entries[i]);
            emptied.push(code_of(plan, &iii, &entries[i]));
        }
    });
    let i = AreaId::from("I");
    let mut unmotivated = Vec::new();
    rewrite(plan, &form_of(dir.path(), "Area I "), |entries| {
        for e in entries.iter_mut() {
            let missed = plan
                .indicator(&e.indicator)
                .and_then(|(_, ind)| forms::missed_target(&ind.targets[e.target], e))
                .is_some();
            if missed && e.motivation.is_some() && unmotivated.len() < 2 {
                e.motivation = None;
                unmotivated.push(code_of(plan, &i, e));
            }
        }
    });
    let vi = form_of(dir.path(), "Area VI");
    std::fs::remove_file(vi).unwrap();
    Edited {
        dir,
        emptied,
        unmotivated,
        removed_rows: forms::rows(plan, &AreaId::from("VI")).len(),
    }
}

fn unit<'a>(s: &'a Status, id: &str) -> &'a super::UnitStatus {
    s.units.iter().find(|u| u.area.as_str() == id).unwrap()
}

#[test]
fn the_untouched_examples_have_nothing_missing() {
    let plan = plan_2023();
    let (results, _) = forms::read_dir(
        &plan,
        &root().join("inputs/rendicontazioni/2023"),
        &Vocabulary::default(),
    )
    .unwrap();
    let s = build(&plan, &results, &Review::default(), d(2024, 3, 15));
    assert!(s.units.iter().all(|u| !u.has_missing()), "{s:#?}");
    assert_eq!(s.units_without_form(), 0);
    // The sheet of the rows to complete says there are none, instead of
    // printing a header over an empty table.
    let bytes = xlsx::render(&s, &Vocabulary::default()).unwrap();
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let missing = wb.worksheet_range(xlsx::SHEET_MISSING).unwrap();
    assert_eq!(
        missing.get_value((0, 0)),
        Some(&Data::String(
            "Righe da completare al 15 marzo 2024: nessuna".into()
        ))
    );
    // Nothing else on it: no header row over nothing, printed on one
    // page across (review 30 R30-22: two pages of headers).
    assert_eq!(missing.used_cells().count(), 1, "{missing:?}");
    let bytes = xlsx::render(&s, &Vocabulary::default()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains("fitToWidth=\"1\"") || !xml.contains("fitToWidth"),
        "{xml}"
    );
}

/// «Data del file» lists the files' dates on or before the reference
/// date; with none (files copied after it), the column is left out
/// rather than printed empty.
#[test]
fn the_file_date_column_is_left_out_when_no_file_has_a_date() {
    let plan = plan_2023();
    let (results, _) = forms::read_dir(
        &plan,
        &root().join("inputs/rendicontazioni/2023"),
        &Vocabulary::default(),
    )
    .unwrap();
    let header = |date| {
        let s = build(&plan, &results, &Review::default(), date);
        super::table::summary(&s, &Vocabulary::default()).headers
    };
    let before_any = header(d(2000, 1, 1));
    assert!(
        !before_any.iter().any(|h| h == "Data del file"),
        "{before_any:?}"
    );
    assert_eq!(before_any.len(), 8);
    let after_all = header(d(9999, 12, 31));
    assert_eq!(after_all[2], "Data del file");
    assert_eq!(after_all.len(), 9);
}

#[test]
fn stato_counts_exactly_the_rows_the_test_emptied() {
    let plan = plan_2023();
    let ed = edited(&plan);
    assert_eq!(
        ed.unmotivated.len(),
        2,
        "the examples have two motivated misses in Area I"
    );
    let (results, _) = forms::read_dir(&plan, ed.dir.path(), &Vocabulary::default()).unwrap();
    let s = build(&plan, &results, &Review::default(), d(2023, 6, 30));

    let iii = unit(&s, "III");
    let empty: Vec<&str> = iii
        .missing
        .iter()
        .filter(|m| matches!(m.problem, Problem::Empty { .. }))
        .map(|m| m.code.as_str())
        .collect();
    let mut expected: Vec<&str> = ed.emptied.iter().map(String::as_str).collect();
    let iii_id = AreaId::from("III");
    let rows = forms::rows(&plan, &iii_id);
    expected.sort_by_key(|c| rows.iter().position(|r| r.key() == *c));
    assert_eq!(empty, expected);
    assert_eq!(iii.filled, iii.rows - 3);
    assert_eq!(iii.missing_motivations(), 0);

    let i = unit(&s, "I");
    assert_eq!(i.empty_rows(), 0);
    let unmotivated: Vec<&str> = i.missing.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(unmotivated, ed.unmotivated);

    let vi = unit(&s, "VI");
    assert!(vi.form.is_none());
    assert_eq!(vi.empty_rows(), ed.removed_rows);
    assert_eq!(s.units_without_form(), 1);

    // Every other unit is complete.
    for u in s
        .units
        .iter()
        .filter(|u| !["I", "III", "VI"].contains(&u.area.as_str()))
    {
        assert!(!u.has_missing(), "{}: {:?}", u.name, u.missing);
    }

    // Deadlines before 30/06 among the emptied rows and in the missing form.
    let overdue = |u: &super::UnitStatus| {
        u.missing
            .iter()
            .filter(|m| matches!(m.problem, Problem::Empty { overdue: Some(due), .. } if due < d(2023, 6, 30)))
            .count()
    };
    assert_eq!(iii.overdue(), overdue(iii));
    assert!(iii.overdue() >= 1, "{:?}", iii.missing);

    // The table's totals are the sums, and the xlsx holds the same numbers.
    let t = table::summary(&s, &Vocabulary::default());
    let col = |h: &str| t.headers.iter().position(|x| x == h).unwrap();
    assert_eq!(
        t.totals[col("Vuote")],
        table::Cell::Count(3 + ed.removed_rows)
    );
    assert_eq!(t.totals[col("Senza motivazione")], table::Cell::Count(2));
    assert_eq!(
        t.totals[1],
        table::Cell::Text(format!("{} su {}", s.units.len() - 1, s.units.len()))
    );
    let bytes = xlsx::render(&s, &Vocabulary::default()).unwrap();
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range(xlsx::SHEET_STATE).unwrap();
    let row = sheet
        .rows()
        .find(|r| matches!(&r[0], Data::String(n) if n == "Area III Finanziaria"))
        .expect("Area III row");
    assert_eq!(row[col("Vuote")], Data::Float(3.0));
    let missing = wb.worksheet_range(xlsx::SHEET_MISSING).unwrap();
    assert_eq!(missing.height() - 3, 3 + 2 + ed.removed_rows);
}

#[test]
fn solleciti_go_only_to_units_with_something_missing_and_list_exactly_those_rows() {
    let plan = plan_2023();
    let ed = edited(&plan);
    let (results, _) = forms::read_dir(&plan, ed.dir.path(), &Vocabulary::default()).unwrap();
    let s = build(&plan, &results, &Review::default(), d(2023, 6, 30));
    let vocab = Vocabulary::default();
    let settings = LetterSettings {
        date: d(2024, 3, 8),
        return_by: d(2024, 4, 11),
        contact: "Ufficio personale, interno 214".into(),
        templates: Default::default(),
    };
    let out = letters::render(&plan, &s, &vocab, &settings).unwrap();
    let units: Vec<&str> = out.iter().map(|l| l.unit.as_str()).collect();
    assert_eq!(
        units,
        [
            "Area I Affari generali e giuridico-legale",
            "Area III Finanziaria",
            "Area VI Polizia Locale"
        ]
    );
    let all_codes: Vec<String> = plan
        .areas
        .iter()
        .flat_map(|a| forms::rows(&plan, &a.id))
        .map(|r| r.key())
        .collect();
    for (letter, expected) in out.iter().zip([
        ed.unmotivated.clone(),
        ed.emptied.clone(),
        forms::rows(&plan, &AreaId::from("VI"))
            .iter()
            .map(|r| r.key())
            .collect(),
    ]) {
        // The e-mail text: one item per row, exactly the expected codes.
        let listed: Vec<&str> = letter
            .text
            .lines()
            .filter_map(|l| l.strip_prefix("- "))
            .filter_map(|l| l.split(" – ").next())
            .collect();
        let mut want: Vec<&str> = expected.iter().map(String::as_str).collect();
        let mut got = listed.clone();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{}", letter.text);
        assert!(
            letter.text.contains("entro l'11 aprile 2024"),
            "{}",
            letter.text
        );
        assert!(letter.text.contains("Ufficio personale, interno 214"));
        assert!(letter.text.contains("Al Responsabile di Area"));
        // The PDF lists the same codes and no other code of the plan.
        let pdf = pdf_text(&letter.pdf);
        for code in &all_codes {
            let listed_in_pdf =
                pdf.contains(&format!("{code}\n")) || pdf.contains(&format!("{code} "));
            assert_eq!(
                listed_in_pdf,
                expected.contains(code),
                "{}: {code}\n{pdf}",
                letter.unit
            );
        }
    }
    assert!(
        out[1]
            .text
            .contains("Da compilare: «Data di realizzazione»")
    );
    assert!(out[1].text.contains("è già passata"));
    assert!(
        out[0]
            .text
            .contains("Manca la «Motivazione dello scostamento»")
    );
    assert!(out[2].text.contains("non è ancora pervenuto"));
}

#[test]
fn qualitative_proposals_already_judged_by_the_evaluator_are_not_waiting() {
    let plan = plan_2023();
    let vocab = Vocabulary::default();
    let (results, _) =
        forms::read_dir(&plan, &root().join("inputs/rendicontazioni/2023"), &vocab).unwrap();
    let review = crate::scoring::load_review(
        &root().join("inputs/valutazioni-nucleo-2023.toml"),
        &plan,
        &vocab,
    )
    .unwrap();
    let waiting = |r: &Review| -> Vec<(String, String)> {
        build(&plan, &results, r, d(2024, 3, 15))
            .units
            .iter()
            .flat_map(|u| u.proposals.iter().map(|c| (u.area.to_string(), c.clone())))
            .collect()
    };
    let all = waiting(&Review::default());
    let left = waiting(&review);
    let judged: Vec<&(String, String)> = all.iter().filter(|x| !left.contains(x)).collect();
    assert!(
        !judged.is_empty(),
        "the example review judges a qualitative target"
    );
    for (area, code) in judged {
        let id = code.split(' ').next().unwrap();
        let in_review = review.corrections.iter().any(|c| {
            matches!(&c.subject, crate::scoring::ReviewSubject::Indicator(i) if i.as_str() == id)
                && c.area.as_str() == area
        }) || review.neutralisations.iter().any(|n| {
            matches!(&n.subject, crate::scoring::ReviewSubject::Indicator(i) if i.as_str() == id)
        }) || review
            .confirmations
            .iter()
            .any(|c| c.indicator.as_str() == id && c.area.as_ref().is_none_or(|a| a.as_str() == area));
        assert!(in_review, "{area} {code}");
    }
}

/// The e-mail text of a reminder, in another ente's words: every word
/// naming units, heads and the top official comes from the vocabulary
/// (`UPDATE_GOLDEN=1` rewrites the golden file).
#[test]
fn the_reminder_text_is_stable_and_in_the_entes_words() {
    use crate::vocab::{Gender, Noun};
    let plan = plan_2023();
    let dir = example_forms();
    std::fs::remove_file(form_of(dir.path(), "Area VI")).unwrap();
    let vocab = Vocabulary {
        unit: Noun::new("Settore", "Settori", Gender::Masculine),
        head: Noun::new("Dirigente", "Dirigenti", Gender::Masculine),
        top_official: Noun::new(
            "Segretario comunale",
            "Segretari comunali",
            Gender::Masculine,
        ),
        contact: "Ufficio Segreteria, tel. 035 000000".into(),
        ..Vocabulary::default()
    };
    let (results, _) = forms::read_dir(&plan, dir.path(), &vocab).unwrap();
    let s = build(&plan, &results, &Review::default(), d(2024, 3, 8));
    let settings = LetterSettings {
        date: d(2024, 3, 8),
        return_by: d(2024, 3, 29),
        contact: vocab.contact.clone(),
        templates: Default::default(),
    };
    let out = letters::render(&plan, &s, &vocab, &settings).unwrap();
    assert_eq!(out.len(), 1);
    let path = root().join("tests/fixtures/solleciti/sollecito-modulo-non-pervenuto.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &out[0].text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).expect("golden file present");
    assert_eq!(out[0].text, expected);
    // No chain of colons («Traguardo: Scadenza: …»).
    for line in expected.lines() {
        assert!(
            line.matches(": ").count() < 2,
            "a chain of colons: «{line}»"
        );
    }
    assert!(expected.contains("Traguardo: Entro il "), "{expected}");
    assert!(expected.contains("Al Dirigente\n"));
    assert!(expected.contains("Il Segretario comunale\n"));
}

/// The letters are signed by the top official: the top official's own
/// unit gets no letter (a letter to oneself), and is returned apart for
/// the office to complete; every other unit's letter goes to its head.
#[test]
fn the_top_official_s_own_unit_gets_no_letter_but_is_listed_apart() {
    let plan = plan_2023();
    let vocab = Vocabulary::default();
    let s = build(
        &plan,
        &crate::results::Results::default(),
        &Review::default(),
        d(2024, 3, 8),
    );
    let settings = LetterSettings {
        date: d(2024, 3, 8),
        return_by: d(2024, 4, 11),
        contact: "Ufficio personale".into(),
        templates: Default::default(),
    };
    let out = letters::render(&plan, &s, &vocab, &settings).unwrap();
    let top = plan
        .top_official_unit(&vocab)
        .expect("the 2023 plan has one");
    assert!(
        out.iter().all(|l| l.unit != top.name),
        "no letter to {}: {:?}",
        top.name,
        out.iter().map(|l| &l.unit).collect::<Vec<_>>()
    );
    assert_eq!(out.len(), plan.areas.len() - 1);
    for l in &out {
        assert!(l.text.contains("\nAl Responsabile di Area\n"), "{}", l.text);
        assert!(l.text.contains("\nIl Segretario generale\n"), "{}", l.text);
    }
    let own = letters::own_unit_due(&plan, &s, &vocab).expect("listed apart");
    assert_eq!(own.area, top.id);
    assert!(own.has_missing());
    // Once its rows are complete, nothing is listed.
    let mut done = s.clone();
    for u in done.units.iter_mut().filter(|u| u.area == top.id) {
        u.missing.clear();
    }
    assert!(letters::own_unit_due(&plan, &done, &vocab).is_none());
}

/// `stato` waits for exactly the proposals scoring still holds pending, of
/// either kind: a proposal the Nucleo confirmed is no longer waiting, and a
/// «Non applicabile» asked on an indicator without a condition in the plan
/// (Area IV's OB13.1 here, its value cleared) waits, on a row that counts
/// as filled (review 30 #12).
#[test]
fn waiting_proposals_are_scorings_pending_ones() {
    let plan = plan_2023();
    let vocab = Vocabulary::default();
    let (results, _) =
        forms::read_dir(&plan, &root().join("inputs/rendicontazioni/2023"), &vocab).unwrap();
    let rules = crate::scoring::load_rules(
        &root().join("inputs/smvp.toml"),
        crate::ente::RULES_SECTIONS,
    )
    .unwrap();
    let review = crate::scoring::load_review(
        &root().join("inputs/valutazioni-nucleo-2023.toml"),
        &plan,
        &vocab,
    )
    .unwrap();
    assert!(!review.confirmations.is_empty(), "the example confirms");
    let (_, ob13_1) = plan.indicator(&"OB13.1".into()).unwrap();
    assert!(ob13_1.condition.is_none(), "OB13.1 has no condition");
    let mut asked = results.clone();
    let iv = AreaId::from("IV");
    let e = asked
        .reports
        .iter_mut()
        .filter(|r| r.area == iv)
        .flat_map(|r| r.entries.iter_mut())
        .find(|e| e.indicator.as_str() == "OB13.1")
        .expect("Area IV reports OB13.1");
    let at = e
        .evidence
        .as_ref()
        .map(|v| v.at.clone())
        .expect("OB13.1 has evidence in the example");
    let (indicator, target, area) = (e.indicator.clone(), e.target, e.area.clone());
    *e = Entry::blank(indicator, target, area);
    e.status = Some(crate::results::Sourced {
        value: crate::results::ProposedStatus::NotApplicable,
        at,
    });
    for (results, r) in [
        (&results, Review::default()),
        (&results, review.clone()),
        (&asked, review),
    ] {
        let state = build(&plan, results, &r, d(2024, 3, 15));
        let mut waiting: Vec<(String, String)> = state
            .units
            .iter()
            .flat_map(|u| {
                u.proposals.iter().map(|c| {
                    let id = c.split(' ').next().unwrap_or(c).to_string();
                    (u.area.to_string(), id)
                })
            })
            .collect();
        waiting.sort();
        waiting.dedup();
        let sc = crate::scoring::score(&plan, results, &rules, &r);
        let mut pending: Vec<(String, String)> = sc
            .pending
            .iter()
            .map(|p| (p.area.to_string(), p.indicator.to_string()))
            .collect();
        pending.sort();
        assert_eq!(waiting, pending);
        let asked_na = std::ptr::eq(results, &asked);
        assert_eq!(
            pending.contains(&("IV".to_string(), "OB13.1".to_string())),
            asked_na
        );
        if asked_na {
            let unit = state.units.iter().find(|u| u.area == iv).unwrap();
            assert!(
                unit.missing.iter().all(|m| !m.code.starts_with("OB13.1")),
                "a request is a reported row: {:?}",
                unit.missing
            );
            let said: Vec<String> = sc.warnings.iter().map(|w| w.to_string()).collect();
            assert!(
                !said.iter().any(|w| w.contains("OB13.1 non rendicontato")),
                "a request is not «non rendicontato»: {said:?}"
            );
            let table = table::to_text(&table::summary(&state, &vocab));
            assert!(table.contains("Proposte per il Nucleo"), "{table}");
        }
    }
}

/// A row holding only «Documentazione» is not a result: `stato` counts it
/// as still to fill and the reminder asks for it, as grading scores it as
/// not reported.
#[test]
fn a_row_with_only_documentation_is_still_to_fill() {
    let plan = plan_2023();
    let vocab = Vocabulary::default();
    let dir = example_forms();
    let iii = AreaId::from("III");
    let mut code = String::new();
    let mut id = None;
    rewrite(&plan, &form_of(dir.path(), "Area III"), |entries| {
        let e = &mut entries[0];
        let at = [
            e.date.as_ref().map(|x| x.at.clone()),
            e.value.as_ref().map(|x| x.at.clone()),
            e.done.as_ref().map(|x| x.at.clone()),
            e.status.as_ref().map(|x| x.at.clone()),
        ]
        .into_iter()
        .flatten()
        .next()
        .expect("a filled cell");
        clear(e);
        e.evidence = Some(crate::results::Sourced {
            value: "determinazione n. 12".to_string(),
            at,
        });
        code = code_of(&plan, &iii, e);
        id = Some(e.indicator.clone());
    });
    let (results, _) = forms::read_dir(&plan, dir.path(), &vocab).unwrap();
    let s = build(&plan, &results, &Review::default(), d(2024, 3, 15));
    let u = unit(&s, "III");
    // The form was saved today, after the status's date: no date printed.
    assert_eq!(u.form.as_ref().map(|f| f.modified), Some(None), "{u:#?}");
    let row = u.missing.iter().find(|m| m.code == code);
    assert!(row.is_some(), "{u:#?}");
    // It asks for the result alone: not for the evidence the row gives, nor
    // for a state that only a qualitative target needs.
    let asked = table::what_is_missing(row.unwrap());
    assert!(!asked.contains("Documentazione"), "{asked}");
    assert!(!asked.contains("Stato proposto"), "{asked}");
    assert!(asked.starts_with("Da compilare: «"), "{asked}");
    assert_eq!(u.filled, u.rows - 1);
    let settings = LetterSettings {
        date: d(2024, 3, 8),
        return_by: d(2024, 4, 11),
        contact: "Ufficio personale".into(),
        templates: Default::default(),
    };
    let letters = letters::render(&plan, &s, &vocab, &settings).unwrap();
    assert!(
        letters
            .iter()
            .any(|l| l.unit == u.name && l.text.contains(&code)),
        "the reminder asks for {code}"
    );
    let rules = crate::scoring::load_rules(
        &root().join("inputs/smvp.toml"),
        crate::ente::RULES_SECTIONS,
    )
    .unwrap();
    let sc = crate::scoring::score(&plan, &results, &rules, &Review::default());
    let id = id.unwrap();
    let standing = sc
        .objectives
        .iter()
        .flat_map(|o| &o.areas)
        .filter(|oa| oa.area == iii)
        .flat_map(|oa| &oa.indicators)
        .find(|i| i.indicator == id)
        .map(|i| i.standing.clone());
    assert_eq!(standing, Some(crate::scoring::Standing::NotReported));
}

#[test]
fn a_letter_never_asks_for_a_return_by_a_day_already_past() {
    let plan = plan_2023();
    let s = build(
        &plan,
        &crate::results::Results::default(),
        &Review::default(),
        d(2024, 4, 15),
    );
    let letter = |return_by| {
        let settings = LetterSettings {
            date: d(2024, 4, 15),
            return_by,
            contact: "Ufficio personale".into(),
            templates: Default::default(),
        };
        let out = letters::render(&plan, &s, &Vocabulary::default(), &settings).unwrap();
        (out[0].text.clone(), crate::testkit::pdf_text(&out[0].pdf))
    };
    // Dated 15/04, the usual 31 March has passed: no «entro il 31 marzo».
    let (text, pdf) = letter(d(2024, 3, 31));
    for t in [&text, &crate::report::tests::flat(&pdf)] {
        assert!(!t.contains("entro il 31 marzo"), "{t}");
        assert!(
            t.contains("Il termine per la restituzione, fissato al 31 marzo 2024, è già trascorso: si chiede di completare il modulo e di restituirlo senza ulteriore ritardo"),
            "{t}"
        );
    }
    // A new deadline given for the letter is asked as such.
    let (text, _) = letter(d(2024, 4, 30));
    assert!(
        text.contains("restituirlo entro il 30 aprile 2024"),
        "{text}"
    );
    assert!(!text.contains("trascorso"), "{text}");
}
