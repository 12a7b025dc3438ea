//! The classification of a check: every target of every unit in line, at
//! risk, late or without a forecast; objectives take the worst of their
//! targets; counts by unit and by theme; the proposed plan changes.

use chrono::NaiveDate;

use crate::forms;
use crate::italian;
use crate::plan::{AreaId, Plan, Target};

use crate::results::check::{Check, CheckEntry, Forecast};

/// Where a target or objective stands at the check. Ordered from the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Standing {
    /// A deadline before the check date not met, or a phase whose end
    /// date has passed short of 100%: late whatever the forecast.
    Late,
    /// Forecast "a rischio" or "non raggiungibile".
    AtRisk,
    /// Nothing says where it stands (no forecast, or no form).
    NoForecast,
    /// Done, or forecast "in linea".
    OnTrack,
}

impl Standing {
    pub const ALL: [Standing; 4] = [
        Standing::OnTrack,
        Standing::AtRisk,
        Standing::Late,
        Standing::NoForecast,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Standing::Late => "In ritardo",
            Standing::AtRisk => "A rischio",
            Standing::NoForecast => "Senza previsione",
            Standing::OnTrack => "In linea",
        }
    }

    /// Stable name for templates.
    pub fn code(self) -> &'static str {
        match self {
            Standing::Late => "ritardo",
            Standing::AtRisk => "rischio",
            Standing::NoForecast => "senza",
            Standing::OnTrack => "linea",
        }
    }
}

/// One target of one unit at the check.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    pub area: AreaId,
    pub unit: String,
    pub code: String,
    pub indicator: String,
    pub target: String,
    pub standing: Standing,
    /// Why, in words: "scadenza del 31/05/2023 passata senza realizzazione".
    pub reason: String,
    /// Progress as reported ("60%", "5"), if any.
    pub progress: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveCheck {
    pub id: String,
    pub title: String,
    pub theme: String,
    pub standing: Standing,
    pub targets: Vec<TargetCheck>,
}

/// Objectives counted by standing, for a unit or a theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    pub name: String,
    pub on_track: usize,
    pub at_risk: usize,
    pub late: usize,
    pub no_forecast: usize,
}

impl Counts {
    fn new(name: &str) -> Self {
        Counts {
            name: name.to_string(),
            on_track: 0,
            at_risk: 0,
            late: 0,
            no_forecast: 0,
        }
    }

    fn add(&mut self, s: Standing) {
        match s {
            Standing::OnTrack => self.on_track += 1,
            Standing::AtRisk => self.at_risk += 1,
            Standing::Late => self.late += 1,
            Standing::NoForecast => self.no_forecast += 1,
        }
    }

    pub fn get(&self, s: Standing) -> usize {
        match s {
            Standing::OnTrack => self.on_track,
            Standing::AtRisk => self.at_risk,
            Standing::Late => self.late,
            Standing::NoForecast => self.no_forecast,
        }
    }

    pub fn total(&self) -> usize {
        self.on_track + self.at_risk + self.late + self.no_forecast
    }
}

/// A change to the plan a unit proposes, for the Giunta to decide.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub unit: String,
    pub code: String,
    pub indicator: String,
    /// The target as the plan states it now.
    pub target: String,
    pub proposal: String,
    pub motivation: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub year: i32,
    pub date: NaiveDate,
    /// Objectives with at least one row, in plan order.
    pub objectives: Vec<ObjectiveCheck>,
    pub by_unit: Vec<Counts>,
    pub by_theme: Vec<Counts>,
    pub totals: Counts,
    pub proposals: Vec<Proposal>,
    /// Units with rows to report whose form did not come back.
    pub units_without_form: Vec<String>,
}

/// Where one target stands at `date`.
pub fn classify(
    target: &Target,
    entry: Option<&CheckEntry>,
    date: NaiveDate,
) -> (Standing, String) {
    let done = entry.and_then(|e| e.date.as_ref()).map(|d| d.value);
    let forecast = entry.and_then(|e| e.forecast.as_ref()).map(|f| f.value);
    if let Target::Deadline { date: due, .. } = target {
        match done {
            Some(d) if d > *due => {
                return (
                    Standing::Late,
                    format!(
                        "realizzato il {}, dopo la scadenza del {}",
                        italian::date_short(d),
                        italian::date_short(*due)
                    ),
                );
            }
            None if *due < date => {
                return (
                    Standing::Late,
                    format!(
                        "scadenza del {} passata senza realizzazione",
                        italian::date_short(*due)
                    ),
                );
            }
            _ => {}
        }
    }
    if let Target::Phase { end: Some(end), .. } = target
        && *end < date
        && let Some(late) = phase_late(*end, entry)
    {
        return (Standing::Late, late);
    }
    // A phase that starts after the check date is neither late nor to be
    // forecast: not a shortfall, and said so wherever it is listed.
    if let Target::Phase {
        start: Some(start), ..
    } = target
        && *start > date
        && forecast.is_none()
        && done.is_none()
    {
        return (
            Standing::OnTrack,
            format!(
                "fase non ancora iniziata: inizia il {}",
                italian::date_short(*start)
            ),
        );
    }
    if let Some(d) = done
        && !target.kind().takes_value()
    {
        return (
            Standing::OnTrack,
            format!("realizzato il {}", italian::date_short(d)),
        );
    }
    match forecast {
        Some(Forecast::OnTrack) => (
            Standing::OnTrack,
            format!("previsione «{}»", Forecast::OnTrack.label()),
        ),
        Some(f) => (Standing::AtRisk, format!("previsione «{}»", f.label())),
        None if entry.is_none() => (Standing::NoForecast, "modulo non pervenuto".to_string()),
        None => (Standing::NoForecast, "previsione non indicata".to_string()),
    }
}

/// Why a phase whose end date has passed is late, or `None` when it was
/// completed (100%) by its end date. A completion date after the end is
/// late even at 100%; a date alone, without the progress, counts as done.
fn phase_late(end: NaiveDate, entry: Option<&CheckEntry>) -> Option<String> {
    let done = entry.and_then(|e| e.date.as_ref()).map(|d| d.value);
    let progress = entry.and_then(|e| e.progress.as_ref()).map(|p| p.value);
    let end_text = italian::date_short(end);
    if let Some(d) = done
        && d > end
    {
        return Some(format!(
            "fase completata il {}, dopo la fine prevista del {end_text}",
            italian::date_short(d)
        ));
    }
    match progress {
        Some(p) if p + 1e-9 < 100.0 => Some(format!(
            "fine della fase del {end_text} passata con l'avanzamento {}",
            italian::with_article("a", &format!("{}%", italian::number(p, 1)))
        )),
        Some(_) => None,
        None if done.is_some() => None,
        None => Some(format!(
            "fine della fase del {end_text} passata senza avanzamento indicato"
        )),
    }
}

/// The progress as the report prints it, saying what it is: a share
/// («70%») or a count with the target's unit («3 giornate formative»,
/// «valore 3» when the plan names no unit).
pub(crate) fn progress_text(target: &Target, e: &CheckEntry) -> Option<String> {
    let v = e.progress.as_ref()?.value;
    let count = |unit: &str| {
        if unit.trim().is_empty() {
            format!("valore {}", italian::number(v, 2))
        } else {
            italian::count(v, unit)
        }
    };
    Some(match target {
        Target::Minimum { unit, .. }
        | Target::Maximum { unit, .. }
        | Target::Change { unit, .. } => count(unit),
        _ => format!("{}%", italian::number(v, 1)),
    })
}

/// Each unit's objectives counted by its standing on them: the worst of
/// the indicators it answers for, its own rows or, for a shared result,
/// its lead unit's. Units with nothing to answer for are left out.
fn unit_counts(plan: &Plan, reported: &[(&AreaId, &str, Standing)]) -> Vec<Counts> {
    let mut by_unit = Vec::new();
    for area in &plan.areas {
        let mut counts = Counts::new(&area.name);
        for objective in plan.objectives_for(&area.id) {
            let standing = objective
                .indicators_for(&area.id)
                .filter_map(|i| {
                    let reporter = i.lead.as_ref().unwrap_or(&area.id);
                    reported
                        .iter()
                        .find(|(a, id, _)| *a == reporter && *id == i.id.as_str())
                        .map(|(_, _, s)| *s)
                })
                .min();
            if let Some(s) = standing {
                counts.add(s);
            }
        }
        if counts.total() > 0 {
            by_unit.push(counts);
        }
    }
    by_unit
}

/// The analysis of a check against the plan.
pub fn analyse(plan: &Plan, check: &Check) -> Analysis {
    let mut objectives: Vec<ObjectiveCheck> = Vec::new();
    // Where each indicator stands for the unit that reports it: the worst
    // of its targets. A unit that shares a result its lead unit reports
    // takes the lead's standing on it.
    let mut reported: Vec<(&AreaId, &str, Standing)> = Vec::new();
    let mut proposals = Vec::new();
    let mut units_without_form = Vec::new();
    for area in &plan.areas {
        let rows = forms::rows(plan, &area.id);
        if rows.is_empty() {
            continue;
        }
        let report = check.reports.iter().find(|r| r.area == area.id);
        if report.is_none() {
            units_without_form.push(area.name.clone());
        }
        for row in &rows {
            let target = row.target();
            let entry = report.and_then(|r| {
                r.entries
                    .iter()
                    .find(|e| e.indicator == row.indicator.id && e.target == row.target)
            });
            let (standing, reason) = classify(target, entry, check.date);
            let tc = TargetCheck {
                area: area.id.clone(),
                unit: area.name.clone(),
                code: row.key(),
                indicator: row.indicator.description.clone(),
                target: forms::describe_target(target),
                standing,
                reason,
                progress: entry.and_then(|e| progress_text(target, e)),
                notes: entry
                    .and_then(|e| e.notes.as_ref())
                    .map(|n| n.value.clone()),
            };
            if let Some(e) = entry
                && let Some(p) = &e.proposal
            {
                proposals.push(Proposal {
                    unit: area.name.clone(),
                    code: row.key(),
                    indicator: row.indicator.description.clone(),
                    target: tc.target.clone(),
                    proposal: p.value.clone(),
                    motivation: e.proposal_motivation.as_ref().map(|m| m.value.clone()),
                });
            }
            let iid = row.indicator.id.as_str();
            match reported
                .iter_mut()
                .find(|(a, i, _)| *a == &area.id && *i == iid)
            {
                Some((_, _, s)) => *s = (*s).min(standing),
                None => reported.push((&area.id, iid, standing)),
            }
            let oid = row.objective.id.to_string();
            match objectives.iter_mut().find(|o| o.id == oid) {
                Some(o) => {
                    o.standing = o.standing.min(standing);
                    o.targets.push(tc);
                }
                None => objectives.push(ObjectiveCheck {
                    id: oid,
                    title: row.objective.title.clone(),
                    theme: plan
                        .theme(&row.objective.theme)
                        .map(|t| t.name.clone())
                        .unwrap_or_else(|| row.objective.theme.to_string()),
                    standing,
                    targets: vec![tc],
                }),
            }
        }
    }
    let by_unit = unit_counts(plan, &reported);
    // Plan order, not the order units happened to list them.
    objectives.sort_by_key(|o| {
        plan.objectives
            .iter()
            .position(|p| p.id.as_str() == o.id)
            .unwrap_or(usize::MAX)
    });
    let mut by_theme: Vec<Counts> = Vec::new();
    let mut totals = Counts::new("Totale");
    for o in &objectives {
        match by_theme.iter_mut().find(|c| c.name == o.theme) {
            Some(c) => c.add(o.standing),
            None => {
                let mut c = Counts::new(&o.theme);
                c.add(o.standing);
                by_theme.push(c);
            }
        }
        totals.add(o.standing);
    }
    Analysis {
        year: plan.year,
        date: check.date,
        objectives,
        by_unit,
        by_theme,
        totals,
        proposals,
        units_without_form,
    }
}
