//! Round trips and every forgiving and strict case of the issue, with the
//! exact message and cell.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Formula, Workbook};

use super::layout::{self, Column};
use super::testplan::{d, plan};
use super::write::{self, CellInput, Fill, FormSettings};
use crate::diag::{Diagnostics, Severity};
use crate::plan::{AreaId, IndicatorId, Plan};
use crate::results::{CellRef, Entry, ProposedStatus, Results, Sourced};
use crate::vocab::Vocabulary;

pub(super) fn a(id: &str) -> AreaId {
    AreaId::from(id)
}

pub(super) fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Writes `area`'s form with `fill` into `dir` under its own name.
pub(super) fn form(dir: &Path, plan: &Plan, area: &str, fill: &Fill) -> PathBuf {
    let (name, bytes) =
        write::build(plan, &a(area), fill, &FormSettings::default()).expect("form is generated");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write form");
    path
}

pub(super) fn typed(cells: &[(&str, Column, &str)]) -> Fill {
    cells
        .iter()
        .map(|(k, c, v)| ((k.to_string(), *c), CellInput::Text(v.to_string())))
        .collect()
}

pub(super) fn read_ok(plan: &Plan, path: &Path) -> (crate::results::AreaReport, Diagnostics) {
    match super::read_file(plan, path, &Vocabulary::default()) {
        Ok(x) => x,
        Err(d) => panic!("unexpected errors:\n{d}"),
    }
}

pub(super) fn read_err(plan: &Plan, path: &Path) -> Diagnostics {
    match super::read_file(plan, path, &Vocabulary::default()) {
        Ok((_, w)) => panic!("expected errors, got warnings:\n{w}"),
        Err(d) => d,
    }
}

pub(super) fn entry<'a>(r: &'a crate::results::AreaReport, id: &str, target: usize) -> &'a Entry {
    r.entries
        .iter()
        .find(|e| e.indicator.as_str() == id && e.target == target)
        .unwrap_or_else(|| panic!("no entry {id}/{target}"))
}

/// (cell, message) of each diagnostic of `severity`.
pub(super) fn msgs(d: &Diagnostics, severity: Severity) -> Vec<(String, String)> {
    d.iter()
        .filter(|x| x.severity == severity)
        .map(|x| {
            (
                x.location.cell.clone().unwrap_or_default(),
                x.message.clone(),
            )
        })
        .collect()
}

pub(super) fn has(d: &Diagnostics, severity: Severity, cell: &str, message: &str) -> bool {
    msgs(d, severity)
        .iter()
        .any(|(c, m)| c == cell && m == message)
}

#[track_caller]
pub(super) fn assert_diag(d: &Diagnostics, severity: Severity, cell: &str, message: &str) {
    assert!(
        has(d, severity, cell, message),
        "missing {severity:?} at {cell}: {message}\ngot:\n{d}"
    );
}

fn src(cell: &str) -> CellRef {
    CellRef {
        file: PathBuf::new(),
        sheet: String::new(),
        cell: cell.into(),
    }
}

fn sv<T>(value: T) -> Option<Sourced<T>> {
    Some(Sourced { value, at: src("") })
}

fn blank(id: &str, target: usize, area: &str) -> Entry {
    Entry {
        indicator: IndicatorId::from(id),
        target,
        area: a(area),
        date: None,
        value: None,
        done: None,
        status: None,
        evidence: None,
        notes: None,
        motivation: None,
    }
}

/// What Area III reports in the round trip: every row, every kind.
fn area_iii_entries() -> Vec<Entry> {
    let mut out = Vec::new();
    let mut e = blank("OB01.1", 0, "III");
    e.date = sv(d(2023, 6, 15));
    e.status = sv(ProposedStatus::Achieved);
    e.evidence = sv("Pubblicazione del 15/06/2023".to_string());
    out.push(e);
    let mut e = blank("OB02.1", 0, "III");
    e.value = sv(3.0);
    e.evidence = sv("DGC n. 45 del 12/05/2023".to_string());
    out.push(e);
    let mut e = blank("OB02.1", 1, "III");
    e.date = sv(d(2023, 11, 20));
    e.done = sv(true);
    out.push(e);
    let mut e = blank("OB03.1", 0, "III");
    e.value = sv(92.5);
    e.notes = sv("=SOMMA(A1:A3) è scritto così di proposito".to_string());
    out.push(e);
    let mut e = blank("OB03.2", 0, "III");
    e.value = sv(1.0);
    out.push(e);
    let mut e = blank("OB04.1", 0, "III");
    e.done = sv(false);
    e.status = sv(ProposedStatus::NotAchieved);
    e.motivation = sv("Relazione rinviata per l'assenza prolungata del personale".to_string());
    out.push(e);
    let mut e = blank("OB04.2", 0, "III");
    e.status = sv(ProposedStatus::NotApplicable);
    e.notes = sv("Nessun controllo a campione nel 2023".to_string());
    out.push(e);
    let mut e = blank("OB04.3", 0, "III");
    e.date = sv(d(2023, 9, 29));
    out.push(e);
    let mut e = blank("OB05.1", 0, "III");
    e.value = sv(24.0);
    e.status = sv(ProposedStatus::Achieved);
    out.push(e);
    out
}

/// Entry values without cells, for comparisons.
fn plain(e: &Entry) -> Entry {
    fn strip<T: Clone>(s: &Option<Sourced<T>>) -> Option<Sourced<T>> {
        s.as_ref().map(|s| Sourced {
            value: s.value.clone(),
            at: src(""),
        })
    }
    Entry {
        indicator: e.indicator.clone(),
        target: e.target,
        area: e.area.clone(),
        date: strip(&e.date),
        value: strip(&e.value),
        done: strip(&e.done),
        status: strip(&e.status),
        evidence: strip(&e.evidence),
        notes: strip(&e.notes),
        motivation: strip(&e.motivation),
    }
}

fn check_round_trip(results: &Results) {
    check_report_round_trip(results.report(&a("III")).expect("Area III read"));
}

fn check_report_round_trip(report: &crate::results::AreaReport) {
    let expected = area_iii_entries();
    assert_eq!(report.entries.len(), expected.len());
    for (got, want) in report.entries.iter().zip(&expected) {
        assert_eq!(plain(got), *want);
    }
}

#[test]
fn rows_follow_the_plan_one_per_target() {
    let p = plan();
    let keys: Vec<String> = layout::rows(&p, &a("III"))
        .iter()
        .map(|r| r.key())
        .collect();
    assert_eq!(
        keys,
        [
            "OB01.1",
            "OB02.1 (1/2)",
            "OB02.1 (2/2)",
            "OB03.1",
            "OB03.2",
            "OB04.1",
            "OB04.2",
            "OB04.3",
            "OB05.1"
        ]
    );
    let keys_i: Vec<String> = layout::rows(&p, &a("I")).iter().map(|r| r.key()).collect();
    assert_eq!(keys_i, ["OB01.1", "OB04.1", "OB04.2"]);
    let iii = a("III");
    let rows = layout::rows(&p, &iii);
    assert_eq!(rows[7].weight, Some(4.0), "indicator's own weight");
    assert_eq!(rows[5].weight, Some(10.0), "objective's weight");
    assert_eq!(rows[8].weight, None, "unweighted objective");
}

#[test]
fn generated_form_has_the_plan_and_recognition_data() {
    use calamine::{Data, Reader};
    let p = plan();
    let (name, bytes) = super::generate(&p, &a("III")).expect("generated");
    assert_eq!(name, "2023 - Area III Finanziaria.xlsx");
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    assert_eq!(
        book.sheet_names(),
        ["Istruzioni", "Rendicontazione", "_consuntivo"]
    );
    let hidden = &book.sheets_metadata()[2];
    assert_eq!(hidden.visible, calamine::SheetVisible::Hidden);
    let data = book.worksheet_range("Rendicontazione").expect("data sheet");
    let header: Vec<String> = (0..15)
        .map(|c| parse_shown(data.get_value((3, c))))
        .collect();
    let expected: Vec<String> = Column::ALL.iter().map(|c| c.header().to_string()).collect();
    assert_eq!(header, expected);
    assert_eq!(data.get_value((4, 0)), Some(&Data::String("OB01.1".into())));
    assert_eq!(
        data.get_value((5, 5)),
        Some(&Data::String(
            "Traguardo 1 di 2 – Almeno 2 giornate formative".into()
        ))
    );
    assert_eq!(
        data.get_value((7, 4)),
        Some(&Data::String(
            "Almeno il 90% delle presenze programmate".into()
        ))
    );
    assert_eq!(
        data.get_value((12, 7)),
        Some(&Data::String("risorse variabili".into()))
    );
    let meta = book.worksheet_range("_consuntivo").expect("meta");
    assert_eq!(meta.get_value((6, 1)), Some(&Data::String(p.fingerprint())));
    let instructions = book.worksheet_range("Istruzioni").expect("instructions");
    let text: Vec<String> = instructions
        .rows()
        .map(|r| parse_shown(r.first()))
        .collect();
    assert!(
        text.iter()
            .any(|t| t.contains("«OB02.1 (1/2)» è il primo dei 2 traguardi dell'indicatore OB02.1"))
    );
    assert!(text.iter().any(|t| t.contains("entro il 31 marzo 2024")));
    assert!(
        text.iter()
            .any(|t| t.contains("a: Ufficio del Segretario generale (dott.ssa Maria Rossi)"))
    );
}

/// The text of a generated form's instructions sheet, one line per row.
fn instructions_of(bytes: Vec<u8>) -> String {
    use calamine::Reader;
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    let sheet = book.worksheet_range("Istruzioni").expect("instructions");
    sheet
        .rows()
        .map(|r| parse_shown(r.first()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn instructions_give_examples_from_the_plan_not_from_alzano() {
    // A 2025 plan whose indicators have one target each.
    let mut p = plan();
    p.year = 2025;
    for o in &mut p.objectives {
        for i in &mut o.indicators {
            i.targets.truncate(1);
        }
    }
    let settings = FormSettings {
        vocab: Vocabulary {
            unit: crate::vocab::Noun::new("Settore", "Settori", crate::vocab::Gender::Masculine),
            ..Vocabulary::default()
        },
        ..FormSettings::default()
    };
    let (_, bytes) = super::generate_with(&p, &a("III"), &settings).expect("generated");
    let text = instructions_of(bytes);
    assert!(!text.contains("2023"), "{text}");
    assert!(
        !text.contains("(1/"),
        "no multi-target example without one:\n{text}"
    );
    assert!(text.contains("ad esempio 30/06/2025"), "{text}");
    assert!(text.contains("«DGC n. 45 del 30/06/2025»"), "{text}");
    assert!(text.contains("un altro Settore"), "{text}");
    // This plan assigns nothing to every unit: no sentence about it.
    assert!(text.contains("assegnati a questo Settore ("), "{text}");
    assert!(!text.contains("Tutti i Settori"), "{text}");
}

fn parse_shown(c: Option<&calamine::Data>) -> String {
    c.map(super::parse::shown).unwrap_or_default()
}

#[test]
fn round_trip_prefilled_form() {
    let p = plan();
    let t = dir();
    let (name, bytes) =
        super::generate_prefilled(&p, &a("III"), &area_iii_entries()).expect("prefilled");
    std::fs::write(t.path().join(&name), bytes).expect("write");
    let progress = crate::progress::tests::Recorder::default();
    let (results, warnings) =
        super::read_dir_with_progress(&p, t.path(), &Vocabulary::default(), &progress)
            .expect("reads");
    assert_eq!(
        progress.calls(),
        ["start FormsRead 1", "advance", "finish"],
        "each form read is reported"
    );
    check_round_trip(&results);
    assert_eq!(results.year, 2023);
    let report = results.report(&a("III")).expect("III");
    assert_eq!(report.source.path, t.path().join(&name));
    assert_eq!(report.source.sha256.len(), 64);
    let date = entry(report, "OB01.1", 0).date.as_ref().expect("date");
    assert_eq!(date.at.cell, "I5");
    assert_eq!(date.at.sheet, "Rendicontazione");
    assert_eq!(
        entry(report, "OB02.1", 1)
            .date
            .as_ref()
            .map(|x| x.at.cell.as_str()),
        Some("I7")
    );
    // The other Areas sent nothing.
    assert_diag(
        &warnings,
        Severity::Warning,
        "",
        "Area I Affari generali non rendicontata: nessun modulo trovato",
    );
    assert_diag(
        &warnings,
        Severity::Warning,
        "",
        "Segretario generale: nessun modulo trovato, obiettivi non rendicontati",
    );
    assert!(warnings.iter().all(|w| !w.is_error()));
}

#[test]
fn prefilled_entries_of_rows_not_in_the_form_are_refused() {
    let p = plan();
    let err =
        super::generate_prefilled(&p, &a("I"), &[blank("OB02.1", 0, "I")]).expect_err("refused");
    assert_eq!(
        err.0[0].message,
        "l'indicatore OB02.1 (traguardo 1) non è nel modulo dell'unità I"
    );
    assert!(super::generate(&p, &a("IX")).is_err());
}

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

/// A workbook laid out by hand: the recognition sheet of `plan`/`area` and
/// a data sheet whose first row is the header.
pub(super) fn raw_form(
    dir: &Path,
    name: &str,
    plan: &Plan,
    area: &str,
    grid: &[Vec<Option<CellInput>>],
) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Rendicontazione").expect("name");
    for (r, row) in grid.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 2, c as u16);
            match cell {
                None => {}
                Some(CellInput::Text(s)) => {
                    ws.write_string(r, c, s).expect("cell");
                }
                Some(CellInput::Number(n)) | Some(CellInput::Percent(n)) => {
                    ws.write_number(r, c, *n).expect("cell");
                }
                Some(CellInput::Date(dt)) => {
                    let f = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
                    ws.write_date_with_format(r, c, dt, &f).expect("cell");
                }
                Some(CellInput::Formula(f, res)) => {
                    ws.write_formula(r, c, Formula::new(f).set_result(res))
                        .expect("cell");
                }
            }
        }
    }
    let meta = wb.add_worksheet();
    let area_name = plan
        .area(&a(area))
        .map(|x| x.name.clone())
        .unwrap_or_default();
    write::write_meta(
        meta,
        plan,
        &plan.fingerprint(),
        &a(area),
        &area_name,
        layout::FormKind::YearEnd,
    )
    .expect("meta");
    let path = dir.join(name);
    std::fs::write(&path, wb.save_to_buffer().expect("save")).expect("write");
    path
}

pub(super) fn t(s: &str) -> Option<CellInput> {
    Some(CellInput::Text(s.into()))
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

#[test]
fn strict_invalid_date_with_file_sheet_and_cell() {
    let p = plan();
    let tmp = dir();
    let path = form(
        tmp.path(),
        &p,
        "III",
        &typed(&[("OB01.1", Column::Date, "31/02/2023")]),
    );
    let err = read_err(&p, &path);
    assert_eq!(err.errors().count(), 1, "{err}");
    assert_eq!(
        err.errors()
            .next()
            .map(|e| e.to_string())
            .unwrap_or_default(),
        "errore: 2023 - Area III Finanziaria.xlsx › Rendicontazione › I5: «31/02/2023» non è una data valida (scrivere ad esempio 30/06/2023)"
    );
}

#[test]
fn strict_values_out_of_range_and_unreadable_text() {
    let p = plan();
    let tmp = dir();
    let fill = typed(&[
        ("OB03.1", Column::Value, "120%"),
        ("OB05.1", Column::Value, "-2"),
        ("OB02.1 (1/2)", Column::Value, "due"),
        ("OB01.1", Column::Date, "30/06/2203"),
        ("OB04.1", Column::Done, "forse"),
        ("OB04.2", Column::Status, "quasi"),
    ]);
    let path = form(tmp.path(), &p, "III", &fill);
    let err = read_err(&p, &path);
    assert_diag(
        &err,
        Severity::Error,
        "J8",
        "«120%» è fuori intervallo: una percentuale va da 0 a 100%",
    );
    assert_diag(
        &err,
        Severity::Error,
        "J13",
        "«-2» è fuori intervallo: il valore non può essere negativo",
    );
    assert_diag(
        &err,
        Severity::Error,
        "J6",
        "«due» non è un numero valido (scrivere solo il numero, ad esempio 12 o 12,5)",
    );
    assert_diag(
        &err,
        Severity::Error,
        "I5",
        "«30/06/2203» è fuori intervallo: la data deve essere tra il 01/01/2022 e il 31/12/2026",
    );
    assert_diag(
        &err,
        Severity::Error,
        "K10",
        "«forse» non è una risposta valida: scrivere «Sì» o «No»",
    );
    assert_diag(
        &err,
        Severity::Error,
        "L11",
        "«quasi» non è uno stato valido: scegliere tra Raggiunto, Parzialmente raggiunto, Non raggiunto, Non applicabile",
    );
    assert_eq!(err.errors().count(), 6, "{err}");
}

#[test]
fn strict_formula_error() {
    let p = plan();
    let tmp = dir();
    let mut fill = Fill::new();
    fill.insert(
        ("OB05.1".into(), Column::Value),
        CellInput::Formula("=1/0".into(), "#DIV/0!".into()),
    );
    let path = form(tmp.path(), &p, "III", &fill);
    let err = read_err(&p, &path);
    assert_diag(
        &err,
        Severity::Error,
        "J13",
        "la cella contiene un errore di formula (#DIV/0!): scrivere il valore",
    );
}

#[test]
fn strict_unknown_duplicate_and_ambiguous_codes() {
    let p = plan();
    let tmp = dir();
    let grid = vec![
        vec![t("Codice"), t("Valore raggiunto"), t("Note")],
        vec![t("OB05.1"), t("21"), None],
        vec![t("OB99.1"), t("3"), None],
        vec![t("OB06.1"), None, t("x")],
        vec![t("OB05.1"), t("22"), None],
        vec![t("OB02.1"), t("2"), None],
        vec![t("OB02.1 (3/2)"), t("2"), None],
        vec![None, t("7"), t("senza codice")],
    ];
    let path = raw_form(tmp.path(), "f.xlsx", &p, "III", &grid);
    let err = read_err(&p, &path);
    assert_diag(
        &err,
        Severity::Error,
        "A5",
        "«OB99.1» non è un indicatore del piano 2023",
    );
    assert_diag(
        &err,
        Severity::Error,
        "A6",
        "l'indicatore «OB06.1» non è assegnato a questa Area",
    );
    assert_diag(
        &err,
        Severity::Error,
        "A7",
        "la riga «OB05.1» compare due volte (anche in A4)",
    );
    assert_diag(
        &err,
        Severity::Error,
        "A8",
        "l'indicatore OB02.1 ha 2 traguardi: il codice deve indicare quale, ad esempio «OB02.1 (1/2)»",
    );
    assert_diag(
        &err,
        Severity::Error,
        "A9",
        "«OB02.1 (3/2)» non corrisponde a un traguardo dell'indicatore OB02.1 (che ne ha 2)",
    );
    assert_diag(
        &err,
        Severity::Error,
        "B10",
        "riga 10 senza codice: i dati inseriti (B10, C10) non si possono attribuire a un indicatore",
    );
    assert_eq!(err.errors().count(), 6, "{err}");
}

#[test]
fn strict_form_of_another_year_plan_or_ente() {
    let p = plan();
    let tmp = dir();
    let mut other_year = plan();
    other_year.year = 2022;
    let path = form(tmp.path(), &other_year, "III", &Fill::new());
    let err = read_err(&p, &path);
    assert_eq!(
        err.0[0].to_string(),
        "errore: 2022 - Area III Finanziaria.xlsx › _consuntivo › B4: il modulo è dell'anno 2022, ma il piano è del 2023\n  suggerimento: usare i moduli generati per l'anno del piano"
    );

    let mut other_version = plan();
    other_version.objectives[1].indicators[0].expected = "almeno 3 giornate".into();
    let path = form(tmp.path(), &other_version, "III", &Fill::new());
    let err = read_err(&p, &path);
    assert_diag(
        &err,
        Severity::Error,
        "B7",
        &format!(
            "il modulo è stato generato da un'altra versione del piano (impronta {}, piano attuale {})",
            other_version.fingerprint(),
            p.fingerprint()
        ),
    );

    let mut other_ente = plan();
    other_ente.ente.name = "Comune di Altrove".into();
    let path = form(tmp.path(), &other_ente, "III", &Fill::new());
    let err = read_err(&p, &path);
    assert_diag(
        &err,
        Severity::Error,
        "B3",
        "il modulo è di un altro ente («Comune di Altrove»), non di «Comune di Prova»",
    );
}

#[test]
fn strict_workbook_without_recognition_sheet() {
    let p = plan();
    let tmp = dir();
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "Codice")
        .expect("cell");
    let path = tmp.path().join("copia.xlsx");
    std::fs::write(&path, wb.save_to_buffer().expect("save")).expect("write");
    let err = read_err(&p, &path);
    assert_eq!(
        err.0[0].message,
        "il file non è un modulo di rendicontazione generato da consuntivo (manca il foglio nascosto «_consuntivo»)"
    );
}

#[test]
fn strict_two_forms_for_one_area() {
    let p = plan();
    let tmp = dir();
    let first = form(tmp.path(), &p, "III", &Fill::new());
    std::fs::copy(
        &first,
        tmp.path().join("2023 - Area III Finanziaria (copia).xlsx"),
    )
    .expect("copy");
    let err = super::read_dir(&p, tmp.path(), &Vocabulary::default()).expect_err("two forms");
    let e = err.errors().next().expect("an error");
    assert_eq!(
        e.to_string(),
        "errore: 2023 - Area III Finanziaria.xlsx: secondo modulo per l'Area III Finanziaria: c'è già «2023 - Area III Finanziaria (copia).xlsx»\n  suggerimento: lasciare nella cartella un solo modulo per Area"
    );
}

#[test]
fn strict_unreadable_corrupt_and_password_protected_files() {
    let p = plan();
    let tmp = dir();
    let garbage = tmp.path().join("appunti.xlsx");
    std::fs::write(&garbage, b"non sono un foglio di calcolo").expect("write");
    let err = read_err(&p, &garbage);
    assert_eq!(
        err.0[0].to_string(),
        "errore: appunti.xlsx: il file non è un foglio di calcolo leggibile (né .xlsx, né .xls, né .ods)"
    );

    let (_, mut bytes) = super::generate(&p, &a("III")).expect("generated");
    bytes.truncate(bytes.len() / 2);
    let corrupt = tmp.path().join("rotto.xlsx");
    std::fs::write(&corrupt, &bytes).expect("write");
    let err = read_err(&p, &corrupt);
    assert!(
        err.0[0]
            .message
            .starts_with("il file è danneggiato o non è un foglio di calcolo leggibile"),
        "{err}"
    );

    // An encrypted OOXML file is an OLE container with an EncryptionInfo stream.
    let mut enc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    enc.resize(1024, 0);
    enc.extend(
        "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    enc.resize(4096, 0);
    let locked = tmp.path().join("protetto.xlsx");
    std::fs::write(&locked, &enc).expect("write");
    let err = read_err(&p, &locked);
    assert_eq!(
        err.0[0].to_string(),
        "errore: protetto.xlsx: il file è protetto da password: salvarlo senza password e riprovare"
    );

    // In a directory, each bad file is reported and the run stops.
    let err = super::read_dir(&p, tmp.path(), &Vocabulary::default()).expect_err("errors");
    assert_eq!(err.errors().count(), 3, "{err}");
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
        "traguardo «OB01.1» non raggiunto (realizzato il 15/07/2023, scadenza 30/06/2023) senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "O6",
        "traguardo «OB02.1 (1/2)» non raggiunto (valore 1 contro un minimo di 2) senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "O8",
        "traguardo «OB03.1» non raggiunto (85% contro il 90% atteso) senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "O9",
        "traguardo «OB03.2» non raggiunto (valore 3 contro un massimo (escluso) di 3) senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "O10",
        "traguardo «OB04.1» non raggiunto (risposta «No») senza motivazione dello scostamento",
    );
    assert_diag(
        &w,
        Severity::Warning,
        "O11",
        "traguardo «OB04.2» non raggiunto (stato proposto «Non raggiunto») senza motivazione dello scostamento",
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
fn directory_scan_skips_lock_hidden_and_foreign_files() {
    let p = plan();
    let tmp = dir();
    let (name, bytes) =
        super::generate_prefilled(&p, &a("III"), &area_iii_entries()).expect("prefilled");
    std::fs::write(tmp.path().join(&name), &bytes).expect("write");
    std::fs::write(tmp.path().join(format!("~${name}")), b"lock").expect("write");
    std::fs::write(tmp.path().join(format!(".~lock.{name}#")), b"lock").expect("write");
    std::fs::write(tmp.path().join(".nascosto.xlsx"), b"x").expect("write");
    std::fs::write(tmp.path().join("leggimi.txt"), b"x").expect("write");
    std::fs::create_dir(tmp.path().join("vecchi")).expect("dir");
    let (results, w) = super::read_dir(&p, tmp.path(), &Vocabulary::default()).expect("reads");
    check_round_trip(&results);
    assert_diag(
        &w,
        Severity::Warning,
        "",
        "file ignorato: non è un foglio di calcolo (.xlsx, .xls o .ods)",
    );
    let missing = super::read_dir(&p, &tmp.path().join("assente"), &Vocabulary::default())
        .expect_err("no dir");
    assert!(
        missing.0[0].message.contains("la cartella non esiste"),
        "{missing}"
    );
}

#[test]
fn every_area_form_round_trips_blank() {
    let p = plan();
    let tmp = dir();
    for area in &p.areas {
        let (name, bytes) = super::generate(&p, &area.id).expect("generated");
        std::fs::write(tmp.path().join(name), bytes).expect("write");
    }
    let (results, w) = super::read_dir(&p, tmp.path(), &Vocabulary::default()).expect("reads");
    assert_eq!(results.reports.len(), 4);
    let ids: Vec<&str> = results.reports.iter().map(|r| r.area.as_str()).collect();
    assert_eq!(ids, ["SG", "I", "III", "IV"], "plan order");
    assert!(
        results
            .reports
            .iter()
            .flat_map(|r| &r.entries)
            .all(Entry::is_blank)
    );
    // Every row of every form is reported as not filled.
    assert_eq!(w.len(), 1 + 3 + 9 + 1, "{w}");
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms")
        .join(name)
}

/// The fixtures are this prefilled form converted by LibreOffice
/// (`soffice --headless --convert-to ods|xls`); regenerate with
/// `FIXTURE_OUT=/tmp cargo test --lib forms::tests::make_fixture_xlsx -- --ignored`.
#[test]
#[ignore]
fn make_fixture_xlsx() {
    let out = std::env::var("FIXTURE_OUT").unwrap_or_else(|_| "/tmp".into());
    let (name, bytes) =
        super::generate_prefilled(&plan(), &a("III"), &area_iii_entries()).expect("prefilled");
    std::fs::write(Path::new(&out).join(name), bytes).expect("write");
    let (_, blank) = super::generate(&plan(), &a("III")).expect("generated");
    std::fs::write(Path::new(&out).join("vuoto.xlsx"), blank).expect("write");
}

/// The fingerprint of the test plan when the fixtures were made. Fixtures
/// are read expecting it, so a field added to the plan model (which
/// changes every fingerprint) does not break them; the fingerprint check
/// itself is tested on freshly generated forms.
const FIXTURE_FINGERPRINT: &str = "a133990b3d3ca31b";

fn read_fixture(
    plan: &Plan,
    name: &str,
) -> Result<(crate::results::AreaReport, Diagnostics), Diagnostics> {
    let path = fixture(name);
    let bytes = std::fs::read(&path).expect("fixture");
    super::read::read_bytes_expecting(
        plan,
        &path,
        bytes,
        FIXTURE_FINGERPRINT,
        &Vocabulary::default(),
    )
}

#[test]
fn libreoffice_ods_reads_like_the_xlsx() {
    let p = plan();
    let (r, _) = read_fixture(&p, "2023 - Area III Finanziaria.ods").expect("reads the .ods");
    check_report_round_trip(&r);
    assert_eq!(
        entry(&r, "OB01.1", 0)
            .date
            .as_ref()
            .map(|x| x.at.cell.as_str()),
        Some("I5")
    );
}

#[test]
fn libreoffice_xls_reads_like_the_xlsx() {
    let p = plan();
    let (r, _) = read_fixture(&p, "2023 - Area III Finanziaria.xls").expect("reads the .xls");
    check_report_round_trip(&r);
}

/// Filled in LibreOffice (Italian locale) by typing into the cells, see
/// tests/fixtures/forms/fill_with_libreoffice.py: real dates, a date left
/// as text, a percentage cell, numbers recognised the Italian way.
#[test]
fn libreoffice_ods_filled_by_typing() {
    let p = plan();
    let (r, w) = read_fixture(&p, "2023 - Area III Finanziaria - LibreOffice.ods")
        .unwrap_or_else(|d| panic!("unexpected errors:\n{d}"));
    let e = |id: &str, t: usize| plain(entry(&r, id, t));
    assert_eq!(e("OB01.1", 0).date, sv(d(2023, 6, 30)));
    assert_eq!(e("OB01.1", 0).status, sv(ProposedStatus::Achieved));
    assert_eq!(
        e("OB01.1", 0).evidence,
        sv("DGC n. 45 del 12/05/2023".to_string())
    );
    assert_eq!(e("OB02.1", 0).value, sv(2.5));
    assert_eq!(
        e("OB02.1", 0).evidence,
        sv("Registro presenze corsi".to_string())
    );
    assert_eq!(e("OB02.1", 1).date, sv(d(2023, 12, 15)));
    assert_eq!(e("OB03.1", 0).value, sv(90.0));
    assert_eq!(e("OB03.2", 0).value, sv(2.0));
    assert_eq!(e("OB04.1", 0).done, sv(true));
    assert_eq!(
        e("OB04.1", 0).notes,
        sv("Relazione trasmessa il 20/12/2023".to_string())
    );
    assert_eq!(e("OB04.2", 0).status, sv(ProposedStatus::NotApplicable));
    assert_eq!(e("OB04.3", 0).date, sv(d(2023, 9, 29)));
    assert_eq!(e("OB05.1", 0).value, sv(1234.0));
    let at = entry(&r, "OB03.1", 0)
        .value
        .as_ref()
        .map(|v| v.at.to_string());
    assert_eq!(
        at.as_deref(),
        Some("2023 - Area III Finanziaria - LibreOffice.ods › Rendicontazione › J8")
    );
    assert!(!w.has_errors());
}

#[test]
fn libreoffice_ods_with_mistakes() {
    let p = plan();
    let err = read_fixture(&p, "2023 - Area III Finanziaria - errori.ods").expect_err("errors");
    let errors: Vec<String> = err.errors().map(|e| e.to_string()).collect();
    assert_eq!(
        errors,
        [
            "errore: 2023 - Area III Finanziaria - errori.ods › Rendicontazione › I5: «31/02/2023» non è una data valida (scrivere ad esempio 30/06/2023)",
            "errore: 2023 - Area III Finanziaria - errori.ods › Rendicontazione › J8: la cella contiene un errore di formula (#DIV/0!): scrivere il valore",
            "errore: 2023 - Area III Finanziaria - errori.ods › Rendicontazione › K10: «forse» non è una risposta valida: scrivere «Sì» o «No»",
        ]
    );
}

/// A damaged file is an error naming it, never a panic: every byte of a
/// real form's first kilobytes and a spread of later ones, flipped.
#[test]
fn damaged_files_never_panic() {
    let p = plan();
    let (_, bytes) =
        super::generate_prefilled(&p, &a("III"), &area_iii_entries()).expect("prefilled");
    let ods = std::fs::read(fixture("2023 - Area III Finanziaria.ods")).expect("fixture");
    let xls = std::fs::read(fixture("2023 - Area III Finanziaria.xls")).expect("fixture");
    let mut seen_err = 0;
    for (name, original) in [("f.xlsx", &bytes), ("f.ods", &ods), ("f.xls", &xls)] {
        let step = (original.len() / 150).max(1);
        for i in (0..original.len()).step_by(step) {
            let mut damaged = original.clone();
            damaged[i] ^= 0x5A;
            if super::read::read_bytes(&p, Path::new(name), damaged, &Vocabulary::default())
                .is_err()
            {
                seen_err += 1;
            }
            let mut cut = original.clone();
            cut.truncate(i);
            // Some truncations still read (xls padding): only no panic counts.
            let _ = super::read::read_bytes(&p, Path::new(name), cut, &Vocabulary::default());
        }
    }
    assert!(seen_err > 0);
}

#[test]
fn strict_zip_bomb_and_far_away_cells_are_refused_before_reading() {
    let p = plan();
    let tmp = dir();
    let (_, mut bytes) = super::generate(&p, &a("III")).expect("generated");
    // Claim a 4 GB member in the central directory.
    let entry = bytes
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .expect("central directory");
    bytes[entry + 24..entry + 28].copy_from_slice(&[0xFE, 0xFF, 0xFF, 0xFF]);
    let bomb = tmp.path().join("bomba.xlsx");
    std::fs::write(&bomb, &bytes).expect("write");
    let err = read_err(&p, &bomb);
    assert_eq!(
        err.0[0].to_string(),
        "errore: bomba.xlsx: il file, una volta decompresso, supera 200 MB: non sembra un modulo"
    );

    let path = tmp.path().join("lontano.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Rendicontazione").expect("name");
    ws.write_string(0, 0, "Codice").expect("cell");
    ws.write_string(1_048_575, 16_383, "x").expect("cell");
    let meta = wb.add_worksheet();
    meta_of_area_iii(meta, &p);
    std::fs::write(&path, wb.save_to_buffer().expect("save")).expect("write");
    let err = read_err(&p, &path);
    assert_eq!(
        err.0[0].message,
        "il foglio «Rendicontazione» contiene dati fuori dall'area di un modulo (cella XFD1048576): \
         il file non viene letto"
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

#[test]
fn libreoffice_password_protected_ods() {
    let p = plan();
    let err = read_fixture(&p, "2023 - Area III Finanziaria - protetto.ods").expect_err("errors");
    assert_eq!(
        err.0[0].to_string(),
        "errore: 2023 - Area III Finanziaria - protetto.ods: il file è protetto da password: salvarlo senza password e riprovare"
    );
}

#[test]
fn prefilled_percentages_round_trip_below_one_percent() {
    let p = plan();
    for v in [0.5, 1.0, 92.5, 100.0, 0.0] {
        let tmp = dir();
        let mut e = blank("OB03.1", 0, "III");
        e.value = sv(v);
        let (name, bytes) = super::generate_prefilled(&p, &a("III"), &[e]).expect("prefilled");
        std::fs::write(tmp.path().join(name), bytes).expect("write");
        let (results, _) = super::read_dir(&p, tmp.path(), &Vocabulary::default()).expect("reads");
        let got = results.entry(&a("III"), &IndicatorId::from("OB03.1"), 0);
        assert_eq!(got.and_then(|e| e.value.as_ref()).map(|x| x.value), Some(v));
    }
}

mod prop {
    use proptest::prelude::*;

    use super::*;
    use crate::plan::TargetKind;

    fn text() -> impl Strategy<Value = Option<String>> {
        // Printable text as people type it, formulas-looking included;
        // surrounding spaces are trimmed by the reader, so none here.
        proptest::option::of("[=A-Za-z0-9(«]([=A-Za-zàèéìòù0-9€%/.,;:()«» -]{0,40}[A-Za-z0-9)])?")
    }

    fn entry_for(
        id: &'static str,
        target: usize,
        kind: TargetKind,
    ) -> impl Strategy<Value = Entry> {
        (
            proptest::option::of(0i64..1400),
            proptest::option::of(0u32..1_000_000),
            proptest::option::of(any::<bool>()),
            proptest::option::of(0usize..4),
            text(),
            text(),
            text(),
        )
            .prop_map(
                move |(day, value, done, status, evidence, notes, motivation)| {
                    let mut e = blank(id, target, "III");
                    e.date = day
                        .map(|n| d(2022, 1, 1) + chrono::Days::new(n as u64))
                        .and_then(sv);
                    e.value = value
                        .map(|v| match kind {
                            TargetKind::Percentage => f64::from(v % 1001) / 10.0,
                            _ => f64::from(v) / 100.0,
                        })
                        .and_then(sv);
                    e.done = done.and_then(sv);
                    e.status = status.map(|i| ProposedStatus::ALL[i]).and_then(sv);
                    e.evidence = evidence.and_then(sv);
                    e.notes = notes.and_then(sv);
                    e.motivation = motivation.and_then(sv);
                    e
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Whatever a user can put in the input cells comes back as typed.
        #[test]
        fn prefilled_forms_round_trip(
            e1 in entry_for("OB01.1", 0, TargetKind::Deadline),
            e2 in entry_for("OB02.1", 0, TargetKind::Minimum),
            e3 in entry_for("OB02.1", 1, TargetKind::Deadline),
            e4 in entry_for("OB03.1", 0, TargetKind::Percentage),
            e5 in entry_for("OB03.2", 0, TargetKind::Maximum),
            e6 in entry_for("OB04.1", 0, TargetKind::YesNo),
            e7 in entry_for("OB04.2", 0, TargetKind::Qualitative),
        ) {
            let p = plan();
            let entries = vec![e1, e2, e3, e4, e5, e6, e7];
            let (_, bytes) = super::super::generate_prefilled(&p, &a("III"), &entries).expect("prefilled");
            let (report, _) = super::super::read::read_bytes(&p, Path::new("f.xlsx"), bytes, &Vocabulary::default())
                .map_err(|d| TestCaseError::fail(d.to_string()))?;
            for want in &entries {
                let got = entry(&report, want.indicator.as_str(), want.target);
                prop_assert_eq!(plain(got), want.clone());
            }
        }
    }
}

#[test]
fn area_without_objectives_gets_an_empty_form_and_no_warning() {
    let mut p = plan();
    p.areas.push(crate::plan::Area {
        id: a("V"),
        name: "Area V Urbanistica".into(),
        offices: vec![],
        head: None,
        top_official: false,
    });
    let tmp = dir();
    let path = form(tmp.path(), &p, "V", &Fill::new());
    assert!(path.ends_with("2023 - Area V Urbanistica.xlsx"));
    let (r, w) = read_ok(&p, &path);
    assert!(r.entries.is_empty());
    assert!(w.is_empty(), "{w}");
    let (_, w) = super::read_dir(&p, tmp.path(), &Vocabulary::default()).expect("reads");
    assert!(w.iter().all(|d| !d.message.contains("Area V")), "{w}");
}

/// The hidden sheet of Area III's year-end form, for hand-built workbooks.
fn meta_of_area_iii(meta: &mut rust_xlsxwriter::Worksheet, p: &Plan) {
    write::write_meta(
        meta,
        p,
        &p.fingerprint(),
        &a("III"),
        "Area III Finanziaria",
        layout::FormKind::YearEnd,
    )
    .expect("meta");
}
