//! Monitoring round trip on the 2023 plan: forms generated, filled as the
//! units would (with crafted cases), read back, classified and reported.

use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;

use crate::forms;
use crate::plan::{AreaId, Plan, Target};
use crate::results::{CellRef, Sourced};
use crate::testkit::build::d;
use crate::testkit::pdf_text;
use crate::testkit::shipped::{example_forms, plan_2023};
use crate::vocab::Vocabulary;

use super::analysis::{Standing, TargetCheck, analyse};
use super::{document, example, xlsx};
use crate::results::check::{Check, CheckEntry, Forecast};

const DATE: (i32, u32, u32) = (2023, 6, 30);

fn date() -> NaiveDate {
    d(DATE.0, DATE.1, DATE.2)
}

fn s<T>(value: T) -> Option<Sourced<T>> {
    Some(Sourced {
        value,
        at: CellRef {
            file: Default::default(),
            sheet: String::new(),
            cell: String::new(),
        },
    })
}

/// The crafted rows of Area III, by code.
struct Crafted {
    /// Deadline before the check, not done, forecast "in linea": late.
    late: String,
    /// Deadline before the check, done after it: late.
    done_late: String,
    /// Deadline before the check, done on time, forecast missing: in line.
    done: String,
    /// Deadline after the check, forecast "a rischio", with a proposal.
    at_risk: String,
    /// Forecast "in linea".
    on_track: String,
    /// Nothing typed at all.
    blank: String,
}

fn deadline(plan: &Plan, area: &AreaId, before: bool) -> Vec<(String, usize, NaiveDate)> {
    forms::rows(plan, area)
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r.target() {
            Target::Deadline { date: due, .. } if (*due < date()) == before => {
                Some((r.key(), i, *due))
            }
            _ => None,
        })
        .collect()
}

/// Writes every unit's filled monitoring form into `dir`, with the crafted
/// cases in Area III, and returns them.
fn write_forms(plan: &Plan, dir: &Path) -> (Check, Crafted) {
    let mut check = example::check(plan, date(), 7);
    let iii = AreaId::from("III");
    let rows = forms::rows(plan, &iii);
    let past = deadline(plan, &iii, true);
    let future = deadline(plan, &iii, false);
    assert!(
        past.len() >= 3 && !future.is_empty(),
        "Area III has deadlines on both sides"
    );
    let report = check.reports.iter_mut().find(|r| r.area == iii).unwrap();
    let entry =
        |i: usize| CheckEntry::blank(rows[i].indicator.id.clone(), rows[i].target, iii.clone());
    let (late, i_late, _) = past[0].clone();
    report.entries[i_late] = CheckEntry {
        forecast: s(Forecast::OnTrack),
        progress: s(80.0),
        ..entry(i_late)
    };
    let (done_late, i_dl, due) = past[1].clone();
    report.entries[i_dl] = CheckEntry {
        date: s(due + chrono::Days::new(3)),
        ..entry(i_dl)
    };
    let (done, i_done, due) = past[2].clone();
    report.entries[i_done] = CheckEntry {
        date: s(due),
        ..entry(i_done)
    };
    let (at_risk, i_risk, _) = future[0].clone();
    report.entries[i_risk] = CheckEntry {
        forecast: s(Forecast::AtRisk),
        progress: s(30.0),
        proposal: s("Spostare la scadenza al 31/12/2023".to_string()),
        proposal_motivation: s("Il parere della Provincia è atteso per ottobre.".to_string()),
        ..entry(i_risk)
    };
    let others: Vec<usize> = (0..rows.len())
        .filter(|i| ![i_late, i_dl, i_done, i_risk].contains(i))
        .collect();
    let i_on = others[0];
    report.entries[i_on] = CheckEntry {
        forecast: s(Forecast::OnTrack),
        ..entry(i_on)
    };
    let i_blank = others[1];
    report.entries[i_blank] = entry(i_blank);
    let crafted = Crafted {
        late,
        done_late,
        done,
        at_risk,
        on_track: rows[i_on].key(),
        blank: rows[i_blank].key(),
    };
    for r in &check.reports {
        let (name, bytes) =
            forms::generate_monitoring_prefilled(plan, &r.area, date(), &r.entries).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    (check, crafted)
}

fn target<'a>(targets: &'a [&'a TargetCheck], code: &str) -> &'a TargetCheck {
    targets
        .iter()
        .find(|t| t.code == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

#[test]
fn a_monitoring_round_trip_classifies_the_crafted_cases_and_lists_the_proposals() {
    let plan = plan_2023();
    let dir = tempfile::tempdir().unwrap();
    let (written, c) = write_forms(&plan, dir.path());
    let (check, warnings) =
        forms::read_monitoring_dir(&plan, dir.path(), &Vocabulary::default()).unwrap();
    assert_eq!(check.date, date());
    assert_eq!(check.reports.len(), written.reports.len());
    // What was written is what is read (values; positions aside).
    for (w, r) in written.reports.iter().zip(&check.reports) {
        for (we, re) in w.entries.iter().zip(&r.entries) {
            assert_eq!(
                we.date.as_ref().map(|x| x.value),
                re.date.as_ref().map(|x| x.value)
            );
            assert_eq!(
                we.forecast.as_ref().map(|x| x.value),
                re.forecast.as_ref().map(|x| x.value)
            );
            assert_eq!(
                we.proposal.as_ref().map(|x| &x.value),
                re.proposal.as_ref().map(|x| &x.value)
            );
            let (a, b) = (
                we.progress.as_ref().map(|x| x.value),
                re.progress.as_ref().map(|x| x.value),
            );
            assert!(
                a.zip(b).is_none_or(|(a, b)| (a - b).abs() < 1e-9) && a.is_some() == b.is_some()
            );
        }
    }
    // The blank row is warned about, with its cell.
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains(&format!("«{}» non compilata", c.blank))),
        "{warnings}"
    );

    let a = analyse(&plan, &check);
    let all: Vec<&TargetCheck> = a
        .objectives
        .iter()
        .flat_map(|o| &o.targets)
        .filter(|t| t.area.as_str() == "III")
        .collect();
    assert_eq!(
        target(&all, &c.late).standing,
        Standing::Late,
        "late whatever the forecast"
    );
    assert_eq!(target(&all, &c.done_late).standing, Standing::Late);
    assert_eq!(target(&all, &c.done).standing, Standing::OnTrack);
    assert_eq!(target(&all, &c.at_risk).standing, Standing::AtRisk);
    assert_eq!(target(&all, &c.on_track).standing, Standing::OnTrack);
    assert_eq!(target(&all, &c.blank).standing, Standing::NoForecast);
    assert!(
        target(&all, &c.late)
            .reason
            .contains("passata senza realizzazione")
    );

    // An objective takes its worst target; the counts add up.
    for o in &a.objectives {
        assert_eq!(
            o.standing,
            o.targets.iter().map(|t| t.standing).min().unwrap()
        );
    }
    assert_eq!(a.totals.total(), a.objectives.len());
    assert_eq!(
        a.by_theme.iter().map(|c| c.total()).sum::<usize>(),
        a.objectives.len()
    );
    let late_objective = a
        .objectives
        .iter()
        .find(|o| o.targets.iter().any(|t| t.code == c.late))
        .unwrap();
    assert_eq!(late_objective.standing, Standing::Late);
    let iii = a
        .by_unit
        .iter()
        .find(|u| u.name == "Area III Finanziaria")
        .unwrap();
    assert!(iii.late >= 1);

    // Every proposal written is listed, with its motivation.
    let proposed: Vec<(String, String)> = written
        .reports
        .iter()
        .flat_map(|r| &r.entries)
        .filter_map(|e| {
            e.proposal
                .as_ref()
                .map(|p| (e.indicator.to_string(), p.value.clone()))
        })
        .collect();
    assert_eq!(a.proposals.len(), proposed.len());
    let ours = a.proposals.iter().find(|p| p.code == c.at_risk).unwrap();
    assert_eq!(ours.proposal, "Spostare la scadenza al 31/12/2023");
    assert_eq!(
        ours.motivation.as_deref(),
        Some("Il parere della Provincia è atteso per ottobre.")
    );

    // The PDF and the workbook say the same.
    let (name, pdf) = document::render(
        &plan,
        &a,
        &Vocabulary::default(),
        d(2023, 7, 10),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(name, "Monitoraggio al 30 giugno 2023");
    let text = pdf_text(&pdf);
    // Words hyphenated at a line end are joined back.
    let flat = text
        .replace("\u{ad}\n", "")
        .replace("-\n", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("Il parere della Provincia è atteso per ottobre."),
        "{flat}"
    );
    assert!(
        flat.contains(&format!(
            "Su {} obiettivi: {} in linea, {} a rischio, {} in ritardo",
            a.totals.total(),
            a.totals.on_track,
            a.totals.at_risk,
            a.totals.late
        )),
        "{flat}"
    );
    assert!(flat.contains(&c.late), "the late target is listed");
    let bytes = xlsx::render(&a, &Vocabulary::default(), "x.xlsx").unwrap();
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range(xlsx::SHEET_PROPOSALS).unwrap();
    assert_eq!(sheet.height() - 3, proposed.len());
    assert!(sheet.rows().any(|r| r.iter().any(
        |c| matches!(c, Data::String(s) if s == "Il parere della Provincia è atteso per ottobre.")
    )));
    let themes = wb.worksheet_range(xlsx::SHEET_THEMES).unwrap();
    let total_row = themes.rows().next_back().unwrap();
    assert_eq!(total_row[0], Data::String("Totale".into()));
    assert_eq!(total_row[3], Data::Float(a.totals.late as f64));
}

#[test]
fn year_end_and_monitoring_forms_are_not_mixed_up() {
    let plan = plan_2023();
    let monitoring = tempfile::tempdir().unwrap();
    write_forms(&plan, monitoring.path());
    let iii = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains("Area III"))
            .unwrap()
    };

    // A monitoring form in the year-end folder.
    let year_end = example_forms();
    let m = iii(monitoring.path());
    let m_name = m.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::copy(&m, year_end.path().join(&m_name)).unwrap();
    let err = forms::read_dir(&plan, year_end.path(), &Vocabulary::default()).unwrap_err();
    let e = err
        .errors()
        .find(|e| e.message.contains("monitoraggio"))
        .expect("an error about it");
    assert!(e.message.contains(&m_name), "{e}");
    assert_eq!(
        e.location.file.as_deref(),
        Some(year_end.path().join(&m_name).as_path())
    );

    // A year-end form in the monitoring folder.
    let y = iii(year_end.path());
    let y = if y.to_string_lossy().contains("Monitoraggio") {
        year_end.path().join("2023 - Area III Finanziaria.xlsx")
    } else {
        y
    };
    let y_name = "2023 - Area III Finanziaria.xlsx";
    std::fs::copy(&y, monitoring.path().join(y_name)).unwrap();
    let err =
        forms::read_monitoring_dir(&plan, monitoring.path(), &Vocabulary::default()).unwrap_err();
    let e = err
        .errors()
        .find(|e| e.message.contains("fine anno"))
        .expect("an error about it");
    assert!(e.message.contains(y_name), "{e}");
}

#[test]
fn forms_of_two_check_dates_in_one_folder_are_refused() {
    let plan = plan_2023();
    let dir = tempfile::tempdir().unwrap();
    let iii = AreaId::from("III");
    let vi = AreaId::from("VI");
    let (n1, b1) = forms::generate_monitoring_prefilled(&plan, &iii, date(), &[]).unwrap();
    let (n2, b2) = forms::generate_monitoring_prefilled(&plan, &vi, d(2023, 9, 30), &[]).unwrap();
    std::fs::write(dir.path().join(&n1), b1).unwrap();
    std::fs::write(dir.path().join(&n2), b2).unwrap();
    let err = forms::read_monitoring_dir(&plan, dir.path(), &Vocabulary::default()).unwrap_err();
    assert!(
        err.errors()
            .any(|e| e.message.contains("30/09/2023") && e.message.contains(&n1)),
        "{err}"
    );
}

#[test]
fn a_bad_forecast_is_an_error_at_its_cell() {
    let plan = plan_2023();
    let dir = tempfile::tempdir().unwrap();
    let iii = AreaId::from("III");
    let rows = forms::rows(&plan, &iii);
    let mut e = CheckEntry::blank(rows[0].indicator.id.clone(), rows[0].target, iii.clone());
    e.notes = s("x".into());
    let (name, _) = forms::generate_monitoring_prefilled(&plan, &iii, date(), &[e]).unwrap();
    // Write a form with an invalid forecast through the generic fill.
    let mut fill = crate::forms::Fill::new();
    fill.insert(
        (rows[0].key(), crate::forms::Column::Forecast),
        crate::forms::CellInput::Text("Forse".into()),
    );
    let bytes = crate::forms::build_filled(&plan, &iii, &fill, date()).unwrap();
    std::fs::write(dir.path().join(&name), bytes).unwrap();
    let err = forms::read_monitoring_dir(&plan, dir.path(), &Vocabulary::default()).unwrap_err();
    let e = err.errors().next().unwrap();
    assert!(
        e.message.contains("«Forse» non è una previsione valida"),
        "{e}"
    );
    // The units without a form are named, as missing monitoring forms.
    assert!(
        err.iter().any(|w| !w.is_error()
            && w.message == "Area VI Polizia Locale – nessun modulo di monitoraggio trovato, obiettivi senza previsione (in ritardo quelli con una scadenza già passata)"),
        "{err}"
    );
    assert!(
        e.location
            .cell
            .as_deref()
            .is_some_and(|c| c.starts_with('K')),
        "{e}"
    );
}

/// The report's progress says whether it is a share or a count.
#[test]
fn progress_says_whether_it_is_a_share_or_a_count() {
    use super::analysis::progress_text;
    let mut e = CheckEntry::blank("OB01.1".into(), 0, AreaId::from("III"));
    e.progress = s(3.0);
    let count = Target::Minimum {
        value: 5.0,
        unit: "giornate formative".into(),
    };
    assert_eq!(
        progress_text(&count, &e).as_deref(),
        Some("3 giornate formative")
    );
    let bare = Target::Maximum {
        value: 5.0,
        unit: String::new(),
        strict: false,
    };
    assert_eq!(progress_text(&bare, &e).as_deref(), Some("valore 3"));
    e.progress = s(1.0);
    assert_eq!(
        progress_text(&count, &e).as_deref(),
        Some("1 giornata formativa"),
        "the count agrees with its unit"
    );
    e.progress = s(70.0);
    let share = Target::YesNo {
        what: "regolamento".into(),
    };
    assert_eq!(progress_text(&share, &e).as_deref(), Some("70%"));
}

#[test]
fn the_report_s_default_date_comes_from_the_check_and_the_forms_never_the_clock() {
    let plan = plan_2023();
    let dir = tempfile::tempdir().unwrap();
    let (mut check, _) = write_forms(&plan, dir.path());
    assert_eq!(
        check.default_document_date(),
        date(),
        "nothing done after the check"
    );
    // A unit filling its form in July reports a target done after the check.
    let later = d(2023, 7, 12);
    let entry = check.reports[0].entries.first_mut().unwrap();
    entry.date = s(later);
    assert_eq!(check.default_document_date(), later);
    let only_the_date = Check {
        year: check.year,
        date: check.date,
        reports: Vec::new(),
    };
    assert_eq!(only_the_date.default_document_date(), date());
}

/// A 2025 check at `date` where only `area` sent its form, with `entries`.
fn check_of(area: &AreaId, date: NaiveDate, entries: Vec<CheckEntry>) -> Check {
    Check {
        year: 2025,
        date,
        reports: vec![crate::results::check::CheckReport {
            area: area.clone(),
            source: crate::results::SourceFile {
                path: std::path::PathBuf::new(),
                sha256: String::new(),
                area: area.clone(),
            },
            entries,
        }],
    }
}

/// The Monte Ferro plan (`tests/fixtures/piani/settori`), whose OB02.1 is
/// a project in three phases reported by its lead unit AG.
fn plan_settori() -> Plan {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/piani/settori/piano-2025.toml");
    crate::plan::load(&path).expect("the fixture plan loads")
}

#[test]
fn a_phase_past_its_end_under_100_percent_is_late_whatever_the_forecast() {
    let plan = plan_settori();
    let ag = AreaId::from("AG");
    let at = d(2025, 9, 30);
    let rows = forms::rows(&plan, &ag);
    let phase = |name: &str| {
        rows.iter()
            .find(|r| matches!(r.target(), Target::Phase { name: n, .. } if n == name))
            .expect("the phase is in AG's form")
    };
    let entry = |name: &str, progress: Option<f64>, done: Option<NaiveDate>| {
        let r = phase(name);
        CheckEntry {
            progress: progress.and_then(s),
            date: done.and_then(s),
            forecast: s(Forecast::OnTrack),
            ..CheckEntry::blank(r.indicator.id.clone(), r.target, ag.clone())
        }
    };
    let blank_of = |name: &str| {
        let r = phase(name);
        CheckEntry::blank(r.indicator.id.clone(), r.target, ag.clone())
    };
    // Analisi ended on 31/03: at 50% it is late, whatever the forecast.
    let (standing, why) = super::analysis::classify(
        phase("Analisi").target(),
        Some(&entry("Analisi", Some(50.0), None)),
        at,
    );
    assert_eq!(standing, Standing::Late, "{why}");
    assert_eq!(
        why,
        "fine della fase del 31/03/2025 passata con l'avanzamento al 50%"
    );
    // Complete by its end: in line. Completed after it: late.
    let done = entry("Analisi", Some(100.0), Some(d(2025, 3, 20)));
    let ok = super::analysis::classify(phase("Analisi").target(), Some(&done), at);
    assert_eq!(ok.0, Standing::OnTrack, "{}", ok.1);
    let after = entry("Analisi", Some(100.0), Some(d(2025, 4, 20)));
    let (standing, why) = super::analysis::classify(phase("Analisi").target(), Some(&after), at);
    assert_eq!(standing, Standing::Late, "{why}");
    // Nothing typed for a phase that has ended: late, not «senza previsione».
    let blank = CheckEntry::blank(
        phase("Analisi").indicator.id.clone(),
        phase("Analisi").target,
        ag.clone(),
    );
    let (standing, why) = super::analysis::classify(phase("Analisi").target(), Some(&blank), at);
    assert_eq!(standing, Standing::Late, "{why}");
    // Sviluppo ends on the check date itself: at 30% it is still in line.
    let (standing, _) = super::analysis::classify(
        phase("Sviluppo").target(),
        Some(&entry("Sviluppo", Some(30.0), None)),
        at,
    );
    assert_eq!(standing, Standing::OnTrack);
    // Collaudo starts on 01/10, after the check: neither late nor to be
    // forecast, with or without its row (review 30 #25).
    for e in [None, Some(&blank_of("Collaudo"))] {
        let (standing, why) = super::analysis::classify(phase("Collaudo").target(), e, at);
        assert_eq!(standing, Standing::OnTrack, "{why}");
        assert_eq!(why, "fase non ancora iniziata: inizia il 01/10/2025");
    }
    // The whole analysis counts the objective late for AG.
    let check = check_of(
        &ag,
        at,
        vec![
            entry("Analisi", Some(50.0), None),
            entry("Sviluppo", Some(30.0), None),
        ],
    );
    let analysis = analyse(&plan, &check);
    let ob02 = analysis
        .objectives
        .iter()
        .find(|o| o.id == "OB02")
        .expect("OB02 is checked");
    assert_eq!(ob02.standing, Standing::Late);
    let ag_counts = analysis
        .by_unit
        .iter()
        .find(|c| c.name == "Settore Affari generali")
        .unwrap();
    assert_eq!(ag_counts.late, 1, "{ag_counts:?}");
    // The report says why, and prints the phase with its deliverable.
    let (_, pdf) = document::render(
        &plan,
        &analysis,
        &Vocabulary::default(),
        at,
        &Default::default(),
    )
    .unwrap();
    if let Ok(path) = std::env::var("CONSUNTIVO_KEEP_PDF") {
        std::fs::write(path, &pdf).unwrap();
    }
    let flat = pdf_text(&pdf)
        .replace("\u{ad}\n", "")
        .replace("-\n", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("fine della fase del 31/03/2025 passata con")
            && flat.contains("avanzamento al 50%"),
        "{flat}"
    );
    assert!(flat.contains("– documento dei requisiti"), "{flat}");
    // The phase not yet started is no shortfall: not listed among the
    // targets that are not in line.
    assert!(!flat.contains("Fase «Collaudo»"), "{flat}");
    assert!(!flat.contains("previsione non indicata"), "{flat}");
    assert!(!flat.contains("modulo non pervenuto"), "{flat}");
    assert!(
        flat.contains("o una sua fase terminata prima di quella data non è arrivata al 100%"),
        "{flat}"
    );
}

/// Settore Tecnico shares OB02, whose result its lead unit AG reports:
/// the count per unit holds OB02 for TE too, with AG's standing, so the
/// units' rows add up to the plan's objective–unit pairs.
#[test]
fn a_shared_objective_reported_by_its_lead_unit_counts_for_every_unit_that_shares_it() {
    let plan = plan_settori();
    let ag = AreaId::from("AG");
    let late_phase = forms::rows(&plan, &ag)
        .into_iter()
        .find(|r| matches!(r.target(), Target::Phase { name, .. } if name == "Analisi"))
        .expect("AG reports the phases of OB02.1");
    let blank = CheckEntry::blank(
        late_phase.indicator.id.clone(),
        late_phase.target,
        ag.clone(),
    );
    let entries = vec![CheckEntry {
        progress: s(50.0),
        forecast: s(Forecast::OnTrack),
        ..blank
    }];
    let check = check_of(&ag, d(2025, 9, 30), entries);
    let analysis = analyse(&plan, &check);
    let te = analysis
        .by_unit
        .iter()
        .find(|c| c.name == "Settore Tecnico")
        .expect("TE is counted");
    assert_eq!(te.total(), 2, "OB02 and OB05: {te:?}");
    assert_eq!(te.late, 1, "OB02 as its lead unit reports it: {te:?}");
    let pairs: usize = plan
        .areas
        .iter()
        .map(|a| plan.objectives_for(&a.id).count())
        .sum();
    let counted: usize = analysis.by_unit.iter().map(|c| c.total()).sum();
    assert_eq!(counted, pairs, "{:?}", analysis.by_unit);
}

/// A blank row whose deadline has passed is «in ritardo» in the report:
/// the reader's warning about it must not say it is «senza previsione».
#[test]
fn the_warning_on_a_blank_row_agrees_with_its_standing_in_the_report() {
    let plan = plan_settori();
    let at = d(2025, 9, 30);
    let dir = tempfile::tempdir().unwrap();
    for a in &plan.areas {
        if let Ok((name, bytes)) = forms::generate_monitoring_prefilled(&plan, &a.id, at, &[]) {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
    }
    let (check, warnings) =
        forms::read_monitoring_dir(&plan, dir.path(), &Vocabulary::default()).unwrap();
    let a = analyse(&plan, &check);
    let ob01 = a
        .objectives
        .iter()
        .flat_map(|o| &o.targets)
        .find(|t| t.code == "OB01.1")
        .expect("OB01.1 is checked");
    // Its deadline (30/06/2025) has passed without a date: late.
    assert_eq!(ob01.standing, Standing::Late, "{}", ob01.reason);
    let said: Vec<String> = warnings
        .iter()
        .filter(|w| w.message.contains("«OB01.1» non compilata"))
        .map(|w| w.message.clone())
        .collect();
    assert_eq!(said.len(), 1, "{warnings}");
    assert!(!said[0].contains("risulta senza previsione"), "{}", said[0]);
    assert!(
        said[0].contains("in ritardo se la sua scadenza è già passata"),
        "{}",
        said[0]
    );
    // The Collaudo phase starts on 01/10/2025, after the check: its empty
    // row is what it should be, no warning (review 30 #25); the Sviluppo
    // phase, running, is asked for.
    let rows = |code: &str| {
        warnings
            .iter()
            .filter(|w| w.message.contains(&format!("«{code}»")))
            .count()
    };
    assert_eq!(rows("OB02.1 (3/3)"), 0, "{warnings}");
    assert_eq!(rows("OB02.1 (2/3)"), 1, "{warnings}");
}
