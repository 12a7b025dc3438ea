//! Forms written and read back unchanged: prefilled, blank, a whole
//! directory (skipping lock and foreign files), percentages below 1%, and
//! the property that whatever a user types comes back as typed.

use super::*;

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
        "Area I Affari generali – nessun modulo trovato, obiettivi non rendicontati",
    );
    assert_diag(
        &warnings,
        Severity::Warning,
        "",
        "Segretario generale – nessun modulo trovato, obiettivi non rendicontati",
    );
    assert!(warnings.iter().all(|w| !w.is_error()));
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
