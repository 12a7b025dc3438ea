//! Deterministic monitoring answers for a plan: the example forms of
//! `inputs/monitoraggio/<anno>/` and the base of the tests, which then
//! craft the cases they check on top.

use chrono::{Days, NaiveDate};

use crate::forms;
use crate::plan::{AreaId, Plan, Target};
use crate::results::{CellRef, SourceFile, Sourced};
use crate::synth::Rng;

use crate::results::check::{Check, CheckEntry, CheckReport, Forecast};

fn sourced<T>(value: T) -> Option<Sourced<T>> {
    // Where a value came from is the reader's business: generated entries
    // point nowhere.
    Some(Sourced {
        value,
        at: CellRef {
            file: Default::default(),
            sheet: String::new(),
            cell: String::new(),
        },
    })
}

// Reasons a unit gives for any of its targets: they speak of the unit's
// own circumstances, never of one kind of work, so that the example never
// puts a software release behind a building inspection.
const REASONS: [&str; 4] = [
    "Il servizio ha operato per quattro mesi con una persona in meno per un pensionamento non ancora sostituito.",
    "Da aprile l'ufficio lavora con priorità agli adempimenti dei progetti finanziati dal PNRR, che hanno scadenze non differibili.",
    "Le attività sono state riprogrammate dopo la lunga assenza del funzionario referente, rientrato a giugno.",
    "L'ufficio ha coperto per tre mesi anche il servizio di un'altra unità, rimasto senza personale.",
];

/// What each unit with rows would plausibly answer at `date`: most
/// targets in line, deadlines already passed mostly met, a few at risk,
/// one in twenty out of reach with a proposal to change the plan.
pub fn check(plan: &Plan, date: NaiveDate, seed: u64) -> Check {
    let mut rng = Rng::new(seed);
    let mut reports = Vec::new();
    for area in &plan.areas {
        let rows = forms::rows(plan, &area.id);
        if rows.is_empty() {
            continue;
        }
        let mut entries = Vec::new();
        for row in &rows {
            let mut e = CheckEntry::blank(row.indicator.id.clone(), row.target, area.id.clone());
            let target = row.target();
            let roll = rng.below(100);
            match target {
                Target::Deadline { date: due, .. } if *due < date => {
                    if roll < 88 {
                        let early = rng.below(20);
                        e.date = sourced(due.checked_sub_days(Days::new(early)).unwrap_or(*due));
                        e.progress = sourced(100.0);
                    } else {
                        e.progress = sourced(60.0 + rng.below(4) as f64 * 10.0);
                        e.forecast = sourced(Forecast::AtRisk);
                        e.notes = sourced("Atto in corso di predisposizione.".to_string());
                    }
                }
                _ => {
                    let forecast = match roll {
                        0..=88 => Forecast::OnTrack,
                        89..=96 => Forecast::AtRisk,
                        _ => Forecast::Unreachable,
                    };
                    e.forecast = sourced(forecast);
                    e.progress = sourced(match target {
                        Target::Minimum { value, .. } | Target::Maximum { value, .. } => {
                            (value * (0.3 + rng.below(5) as f64 * 0.1)).round()
                        }
                        _ => 20.0 + rng.below(7) as f64 * 10.0,
                    });
                    if forecast == Forecast::Unreachable {
                        e.proposal = sourced(proposal(plan, target));
                        e.proposal_motivation = sourced(rng.pick(&REASONS).to_string());
                    }
                }
            }
            entries.push(e);
        }
        reports.push(CheckReport {
            area: area.id.clone(),
            source: SourceFile {
                path: Default::default(),
                sha256: String::new(),
                area: area.id.clone(),
            },
            entries,
        });
    }
    Check {
        year: plan.year,
        date,
        reports,
    }
}

/// A change that makes an out-of-reach target reachable.
fn proposal(plan: &Plan, target: &Target) -> String {
    let end = format!("31/12/{}", plan.year);
    match target {
        Target::Deadline { .. } => format!("Spostare la scadenza al {end}"),
        // Kept plural: the unit is written for the plan's own number.
        Target::Minimum { value, unit } if *value > 3.0 => format!(
            "Ridurre il traguardo ad almeno {} {unit}",
            crate::italian::number((value * 0.6).round(), 0)
        )
        .trim_end()
        .to_string(),
        Target::Percentage { value, .. } => format!(
            "Ridurre il traguardo al {}%",
            crate::italian::number((value * 0.8).round(), 0)
        ),
        _ => format!("Rinviare il traguardo all'anno {}", plan.year + 1),
    }
}

/// The entries of one unit in `check`, for [`crate::forms::generate_monitoring_prefilled`].
pub fn entries_of<'a>(check: &'a Check, area: &AreaId) -> &'a [CheckEntry] {
    check
        .reports
        .iter()
        .find(|r| &r.area == area)
        .map(|r| r.entries.as_slice())
        .unwrap_or(&[])
}
