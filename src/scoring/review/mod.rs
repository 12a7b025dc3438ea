//! The Nucleo di Valutazione's file (`valutazioni-nucleo-<anno>.toml`):
//! the three decisions it takes on what the units declared — confirm a
//! proposal, correct a grade, neutralise — each with a written motivation,
//! checked against the plan.

use std::ops::Range;
use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::{AreaId, IndicatorId, ObjectiveId, Plan};
use crate::vocab::{Prep, Vocabulary};

use super::model::{PendingDecision, PendingKind};

use super::toml_read::{self as tr, Doc, Table};

/// What a correction or neutralisation is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum ReviewSubject {
    Indicator(IndicatorId),
    Objective(ObjectiveId),
}

impl ReviewSubject {
    /// "l'indicatore OB05.1" / "l'obiettivo OB05".
    pub fn describe(&self) -> String {
        match self {
            ReviewSubject::Indicator(id) => format!("l'indicatore {id}"),
            ReviewSubject::Objective(id) => format!("l'obiettivo {id}"),
        }
    }

    /// "dell'indicatore OB05.1" / "dell'obiettivo OB05".
    pub fn describe_of(&self) -> String {
        format!("del{}", self.describe())
    }
}

/// A grade set by the Nucleo for one Area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewCorrection {
    pub subject: ReviewSubject,
    /// Always resolved: when the file omits it, the subject's only Area.
    pub area: AreaId,
    /// Fraction 0–1 (written 0–100 in the file).
    pub grade: f64,
    pub motivation: String,
    /// Where it is written (file, line, column).
    pub at: Location,
}

/// An indicator or objective declared *non valutabile* by the Nucleo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewNeutralisation {
    pub subject: ReviewSubject,
    /// `None`: for every Area that answers for it.
    pub area: Option<AreaId>,
    pub motivation: String,
    pub at: Location,
}

/// A unit's proposal accepted as it is by the Nucleo: a qualitative
/// self-assessment, or a "Non applicabile" on an indicator without a
/// condition in the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewConfirmation {
    pub indicator: IndicatorId,
    /// `None`: for every Area that answers for it.
    pub area: Option<AreaId>,
    pub motivation: String,
    pub at: Location,
}

/// The Nucleo di Valutazione's decisions for a year.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Review {
    pub confirmations: Vec<ReviewConfirmation>,
    pub corrections: Vec<ReviewCorrection>,
    pub neutralisations: Vec<ReviewNeutralisation>,
}

impl Review {
    pub fn confirmation(
        &self,
        indicator: &IndicatorId,
        area: &AreaId,
    ) -> Option<&ReviewConfirmation> {
        self.confirmations
            .iter()
            .find(|c| &c.indicator == indicator && c.area.as_ref().is_none_or(|a| a == area))
    }

    pub fn correction(&self, subject: &ReviewSubject, area: &AreaId) -> Option<&ReviewCorrection> {
        self.corrections
            .iter()
            .find(|c| &c.subject == subject && &c.area == area)
    }

    pub fn neutralisation(
        &self,
        subject: &ReviewSubject,
        area: &AreaId,
    ) -> Option<&ReviewNeutralisation> {
        self.neutralisations
            .iter()
            .find(|n| &n.subject == subject && n.area.as_ref().is_none_or(|a| a == area))
    }
}

/// Reads `valutazioni-nucleo-<anno>.toml`, checking it against the plan.
pub fn load_review(path: &Path, plan: &Plan, vocab: &Vocabulary) -> Result<Review, Diagnostics> {
    let what = format!(
        "il file delle valutazioni {}",
        vocab.evaluator_short_prep(Prep::Di)
    );
    let text = crate::input::read_text(path).map_err(|e| {
        Diagnostics::from(
            e.into_diagnostic(path, &what)
                .with_hint("controllare il percorso (opzione --nucleo) e i permessi del file"),
        )
    })?;
    if let Some(year) = crate::checks::year_in_file_name(path, "valutazioni-nucleo-")
        && year != plan.year
    {
        return Err(Diagnostic::error(
            Location::file(path),
            format!(
                "il file delle valutazioni è del {year}, ma il piano è del {}",
                plan.year
            ),
        )
        .with_hint(format!(
            "usare valutazioni-nucleo-{}.toml, il file dello stesso anno del piano",
            plan.year
        ))
        .into());
    }
    parse_review(&text, path, plan, vocab)
}

/// Parses the text of a review file; `path` is used in messages only.
pub fn parse_review(
    text: &str,
    path: &Path,
    plan: &Plan,
    vocab: &Vocabulary,
) -> Result<Review, Diagnostics> {
    let mut doc = Doc::new(path, text);
    let Some(root) = doc.parse() else {
        return Err(doc.finish());
    };
    let mut top = Table::new(
        root.get_ref(),
        0..0,
        format!(
            "file delle valutazioni {}",
            vocab.evaluator_short_prep(Prep::Di)
        ),
    );
    let unit = &vocab.unit.singular;
    let mut review = Review::default();

    if let Some(v) = top.get("anno")
        && let Some(year) = tr::number(&mut doc, v, "anno")
        && year != f64::from(plan.year)
    {
        doc.error_hint(
            &v.span(),
            format!(
                "il file è per l'anno {year}, ma il piano è del {}",
                plan.year
            ),
            "usare il file delle valutazioni dello stesso anno del piano",
        );
    }

    let mut seen_corr: Vec<(ReviewSubject, AreaId, Range<usize>)> = Vec::new();
    if let Some(v) = top.get("correzione") {
        for mut t in tr::tables(&mut doc, v, "[[correzione]]") {
            let item = read_item(&mut doc, &mut t, plan, vocab, true);
            let grade = t
                .required(&mut doc, "grado")
                .and_then(|g| grade(&mut doc, g));
            let span = t.span.clone();
            t.finish(&mut doc);
            let (Some((subject, area, motivation)), Some(grade)) = (item, grade) else {
                continue;
            };
            let Some(area) = area else { continue };
            if seen_corr
                .iter()
                .any(|(s, a, _)| s == &subject && a == &area)
            {
                doc.error_hint(
                    &span,
                    format!(
                        "correzione ripetuta per {} {} {area}",
                        subject.describe(),
                        vocab.unit.prep(Prep::Di, false)
                    ),
                    &format!(
                        "lasciare una sola [[correzione]] per ogni indicatore/obiettivo e {unit}"
                    ),
                );
                continue;
            }
            seen_corr.push((subject.clone(), area.clone(), span.clone()));
            review.corrections.push(ReviewCorrection {
                subject,
                area,
                grade,
                motivation,
                at: doc.location(span.start),
            });
        }
    }

    let overlaps = |a: &Option<AreaId>, b: &Option<AreaId>| match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    if let Some(v) = top.get("neutralizzazione") {
        for mut t in tr::tables(&mut doc, v, "[[neutralizzazione]]") {
            let item = read_item(&mut doc, &mut t, plan, vocab, false);
            let span = t.span.clone();
            t.finish(&mut doc);
            let Some((subject, area, motivation)) = item else {
                continue;
            };
            if review
                .neutralisations
                .iter()
                .any(|n| n.subject == subject && overlaps(&n.area, &area))
            {
                doc.error_hint(
                    &span,
                    format!("neutralizzazione ripetuta per {}", subject.describe()),
                    &format!(
                        "lasciare una sola [[neutralizzazione]] per ogni indicatore/obiettivo e {unit}"
                    ),
                );
                continue;
            }
            if seen_corr
                .iter()
                .any(|(s, a, _)| s == &subject && area.as_ref().is_none_or(|x| x == a))
            {
                doc.error_hint(
                    &span,
                    format!(
                        "{} è sia corretto sia neutralizzato",
                        capitalise(&subject.describe())
                    ),
                    "un indicatore/obiettivo neutralizzato non ha grado: togliere la [[correzione]] o la [[neutralizzazione]]",
                );
                continue;
            }
            review.neutralisations.push(ReviewNeutralisation {
                subject,
                area,
                motivation,
                at: doc.location(span.start),
            });
        }
    }
    if let Some(v) = top.get("conferma") {
        for mut t in tr::tables(&mut doc, v, "[[conferma]]") {
            let item = read_item(&mut doc, &mut t, plan, vocab, false);
            let span = t.span.clone();
            t.finish(&mut doc);
            let Some((subject, area, motivation)) = item else {
                continue;
            };
            let ReviewSubject::Indicator(indicator) = subject.clone() else {
                doc.error_hint(
                    &span,
                    "si conferma la proposta su un indicatore, non su un obiettivo",
                    "scrivere `indicatore = \"OB05.1\"`, oppure usare [[correzione]] o [[neutralizzazione]] per l'obiettivo",
                );
                continue;
            };
            let same = |a: &Option<AreaId>, b: &AreaId| a.as_ref().is_none_or(|x| x == b);
            if review
                .confirmations
                .iter()
                .any(|c| c.indicator == indicator && overlaps(&c.area, &area))
            {
                doc.error_hint(
                    &span,
                    format!("conferma ripetuta per {}", subject.describe()),
                    &format!("lasciare una sola [[conferma]] per ogni indicatore e {unit}"),
                );
                continue;
            }
            let other = if seen_corr
                .iter()
                .any(|(s, a, _)| s == &subject && same(&area, a))
            {
                Some("[[correzione]]")
            } else if review
                .neutralisations
                .iter()
                .any(|n| n.subject == subject && overlaps(&n.area, &area))
            {
                Some("[[neutralizzazione]]")
            } else {
                None
            };
            if let Some(other) = other {
                doc.error_hint(
                    &span,
                    format!(
                        "{} è sia confermato sia oggetto di una {other}",
                        capitalise(&subject.describe())
                    ),
                    &format!(
                        "{} prende una sola decisione per indicatore e {unit}: togliere la [[conferma]] o l'altra decisione",
                        crate::vocab::the(&vocab.evaluator_short, vocab.evaluator.gender, false)
                    ),
                );
                continue;
            }
            review.confirmations.push(ReviewConfirmation {
                indicator,
                area,
                motivation,
                at: doc.location(span.start),
            });
        }
    }
    top.finish(&mut doc);

    let diags = doc.finish();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(review)
    }
}

/// The name of the evaluator's decisions file for `year` in the inputs.
pub fn file_name(year: i32) -> String {
    format!("valutazioni-nucleo-{year}.toml")
}

/// The Nucleo's decisions still missing, as one message that lists them and
/// says what to write in the Nucleo's file; `None` when nothing is pending.
///
/// (The file of the evaluator's decisions is [`file_name`].)
pub fn pending_message(
    pending: &[PendingDecision],
    year: i32,
    vocab: &Vocabulary,
) -> Option<Diagnostic> {
    let first = pending.first()?;
    let n = pending.len();
    let units = vocab.unit.prep(Prep::Di, true);
    let (verb, noun) = if n == 1 {
        ("attende", "proposta")
    } else {
        ("attendono", "proposte")
    };
    // At the file where the decisions are written.
    let mut d = Diagnostic::warning(
        Location::file(file_name(year)),
        format!(
            "{n} {noun} {units} {verb} la decisione {}: la Relazione resta in bozza",
            vocab.evaluator.prep(Prep::Di, false)
        ),
    );
    for p in pending {
        d = d.with_detail(pending_line(p, vocab));
    }
    Some(decision_hints(d, first, vocab))
}

/// One pending proposal, for the list under a message: "OB07.1 (Area III):
/// valutazione qualitativa proposta «…»".
pub fn pending_line(p: &PendingDecision, vocab: &Vocabulary) -> String {
    let what = match p.kind {
        PendingKind::Qualitative => "valutazione qualitativa",
        PendingKind::NotApplicableRequest => "richiesta di non applicabilità",
    };
    format!(
        "{} ({} {}): {what} proposta «{}»",
        p.indicator, vocab.unit.singular, p.area, p.proposal
    )
}

/// What to write in the Nucleo's file, with a `[[conferma]]` of the first
/// pending proposal to copy.
/// The message lists the proposals as its details, so their number says
/// whether the hint speaks of one proposal or of each of several.
pub fn decision_hints(d: Diagnostic, first: &PendingDecision, vocab: &Vocabulary) -> Diagnostic {
    let (each, example) = if d.details.len() > 1 {
        ("per ciascuna proposta", "Per accogliere la prima")
    } else {
        ("per la proposta", "Per accoglierla")
    };
    d.with_code("proposte-in-attesa").with_hint(format!(
        "aggiungere al file delle valutazioni una decisione {each}: [[conferma]] per accoglierla, [[correzione]] (con `grado`) o [[neutralizzazione]]; senza `area` la conferma vale per {}. {example}, ad esempio:",
        vocab.all_units_lower()
    ))
    .with_example([
        "[[conferma]]".to_string(),
        format!("indicatore = \"{}\"", first.indicator),
        format!("area = \"{}\"", first.area),
        "motivazione = \"…\"".to_string(),
    ])
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The grade of a correction, written 0–100, returned as a fraction.
/// Its messages name the grade, not the file's syntax: the sportello
/// shows them as they are to a Nucleo that never saw the file.
fn grade(doc: &mut Doc<'_>, v: &toml::Spanned<toml::de::DeValue<'_>>) -> Option<f64> {
    use toml::de::DeValue;
    const RANGE: &str = "scrivere un valore tra 0 e 100 (per esempio 80 per l'80%)";
    let n = match v.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|x| x as f64),
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        DeValue::String(s) if s.trim().is_empty() => {
            doc.error(&v.span(), format!("manca il grado corretto: {RANGE}"));
            return None;
        }
        DeValue::String(s) => {
            doc.error(
                &v.span(),
                format!("il grado «{}» non è un numero: {RANGE}", s.trim()),
            );
            return None;
        }
        other => {
            doc.error(
                &v.span(),
                format!(
                    "il grado è {}, non un numero: {RANGE}",
                    tr::type_name(other)
                ),
            );
            return None;
        }
    };
    match n {
        Some(x) if x.is_finite() && (0.0..=100.0).contains(&x) => Some(x / 100.0),
        Some(x) if x.is_finite() => {
            doc.error(
                &v.span(),
                format!(
                    "il grado {} non è valido: {RANGE}",
                    crate::italian::number(x, 2)
                ),
            );
            None
        }
        _ => {
            doc.error(
                &v.span(),
                format!("il grado non è un numero valido: {RANGE}"),
            );
            None
        }
    }
}

/// An indicator id of this plan, for the examples in hints.
fn example_indicator(plan: &Plan) -> &str {
    plan.objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .map(|i| i.id.as_str())
        .next()
        .unwrap_or("OB01.1")
}

/// Reads `indicatore`|`obiettivo`, `area`, `motivazione` and checks them
/// against the plan. The area comes back `None` when omitted and the
/// subject has several Areas (an error when `area_required`).
fn read_item(
    doc: &mut Doc<'_>,
    t: &mut Table<'_, '_>,
    plan: &Plan,
    vocab: &Vocabulary,
    area_required: bool,
) -> Option<(ReviewSubject, Option<AreaId>, String)> {
    let ind_v = t.get("indicatore");
    let obj_v = t.get("obiettivo");
    let area_v = t.get("area");
    let motivation_v = t.required(doc, "motivazione");

    let motivation = motivation_v.and_then(|m| {
        let s = tr::string(doc, m, "motivazione")?.trim();
        if s.is_empty() {
            doc.error_hint(
                &m.span(),
                "la motivazione è vuota",
                &format!(
                    "{} deve motivare per iscritto ogni conferma, correzione e neutralizzazione",
                    crate::vocab::the(&vocab.evaluator_short, vocab.evaluator.gender, false)
                ),
            );
            return None;
        }
        Some(s.to_string())
    });

    let (subject, areas, span): (ReviewSubject, Vec<AreaId>, Range<usize>) = match (ind_v, obj_v) {
        (Some(_), Some(o)) => {
            doc.error_hint(
                &o.span(),
                "indicati sia `indicatore` sia `obiettivo`",
                "indicare uno solo dei due",
            );
            return None;
        }
        (None, None) => {
            doc.error_hint(
                &t.span,
                format!("manca `indicatore` o `obiettivo` {}", t.place),
                &format!(
                    "aggiungere ad esempio `indicatore = \"{}\"`",
                    example_indicator(plan)
                ),
            );
            return None;
        }
        (Some(v), None) => {
            let id = tr::string(doc, v, "indicatore")?;
            let Some((obj, ind)) = plan.indicator(&IndicatorId::from(id)) else {
                doc.error_hint(
                    &v.span(),
                    format!("l'indicatore «{id}» non esiste nel piano {}", plan.year),
                    &format!(
                        "usare l'identificativo dell'indicatore come scritto nel piano (es. {})",
                        example_indicator(plan)
                    ),
                );
                return None;
            };
            let areas = plan
                .areas
                .iter()
                .filter(|a| obj.indicators_for(&a.id).any(|i| i.id == ind.id))
                .map(|a| a.id.clone())
                .collect();
            (ReviewSubject::Indicator(ind.id.clone()), areas, v.span())
        }
        (None, Some(v)) => {
            let id = tr::string(doc, v, "obiettivo")?;
            let Some(obj) = plan.objective(&ObjectiveId::from(id)) else {
                doc.error_hint(
                    &v.span(),
                    format!("l'obiettivo «{id}» non esiste nel piano {}", plan.year),
                    &format!(
                        "usare l'identificativo dell'obiettivo come scritto nel piano (es. {})",
                        plan.objectives
                            .first()
                            .map(|o| o.id.as_str())
                            .unwrap_or("OB01")
                    ),
                );
                return None;
            };
            let areas = plan
                .areas
                .iter()
                .filter(|a| obj.indicators_for(&a.id).next().is_some())
                .map(|a| a.id.clone())
                .collect();
            (ReviewSubject::Objective(obj.id.clone()), areas, v.span())
        }
    };
    let list = areas
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(", ");

    let area = match area_v {
        Some(v) => {
            let id = AreaId::from(tr::string(doc, v, "area")?);
            if plan.area(&id).is_none() {
                doc.error_hint(
                    &v.span(),
                    format!("{} «{id}» non esiste nel piano", vocab.unit.the(false)),
                    &format!(
                        "{} {} {}: {list}",
                        vocab.unit.plural,
                        vocab.unit.agree("responsabile", true),
                        subject.describe_of()
                    ),
                );
                return None;
            }
            if !areas.contains(&id) {
                doc.error_hint(
                    &v.span(),
                    format!(
                        "{} {id} non è responsabile {}",
                        plan.area(&id).map_or_else(
                            || vocab.unit.the(false),
                            |a| vocab.unit_kind(id.as_str(), &a.name).the(false)
                        ),
                        subject.describe_of()
                    ),
                    &format!(
                        "{} {}: {list}",
                        vocab.unit.plural,
                        vocab.unit.agree("responsabile", true)
                    ),
                );
                return None;
            }
            Some(id)
        }
        None if areas.len() == 1 => areas.first().cloned(),
        None if area_required => {
            doc.error_hint(
                &span,
                format!(
                    "{} ha più {} {} ({list}): indicare quale",
                    capitalise(&subject.describe()),
                    vocab.unit.plural,
                    vocab.unit.agree("responsabile", true)
                ),
                &format!(
                    "aggiungere ad esempio `area = \"{}\"`",
                    areas.first().map(|a| a.as_str()).unwrap_or_default()
                ),
            );
            return None;
        }
        None => None,
    };
    Some((subject, area, motivation?))
}

#[cfg(test)]
mod tests;
