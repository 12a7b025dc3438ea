//! The staff file `personale-<anno>.toml`: read into raw values with the
//! place each came from, then turned into persons by one function,
//! [`check`], whatever the source (a workbook reader fills the same raw
//! values with sheet and cell), so every source gives the same errors at
//! its own line or cell.

use std::path::Path;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::{AreaId, Plan};
use crate::scoring::toml_read::{self as tr, Doc, Table, Val, date_val, number_val, text_val};

use super::model::{
    BonusQuota, Evaluator, Fund, Judgement, Review, ReviewOutcome, StaffFile, StaffModel,
    StaffPerson, StaffScore,
};

/// Largest fund in euros: far above any real one, small enough that sums
/// and shares stay exact.
pub const MAX_FUND: f64 = 1_000_000_000.0;

/// The file name for a year.
pub fn file_name(year: i32) -> String {
    format!("personale-{year}.toml")
}

/// A behaviour score as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawStaffScore {
    pub at: Location,
    pub behaviour: Option<Val<String>>,
    pub score: Option<Val<f64>>,
    pub motivation: Option<Val<String>>,
}

/// One evaluator's judgement of a person as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawJudgement {
    pub at: Location,
    pub who: Option<Val<String>>,
    pub weight: Option<Val<f64>>,
    pub scores: Vec<RawStaffScore>,
}

/// A request for review as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawReview {
    pub at: Location,
    pub requested: Option<Val<NaiveDate>>,
    pub reasons: Option<Val<String>>,
    pub outcome: Option<Val<String>>,
    pub scores: Vec<RawStaffScore>,
    pub decided: Option<Val<NaiveDate>>,
}

/// One person as written, before the checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawStaffPerson {
    pub at: Location,
    pub name: Option<Val<String>>,
    pub unit: Option<Val<String>>,
    pub category: Option<Val<String>>,
    pub part_time: Option<Val<f64>>,
    pub days: Option<Val<f64>>,
    pub absences: Option<Val<f64>>,
    pub objectives: Option<Val<f64>>,
    pub interview: Option<Val<NaiveDate>>,
    pub judgements: Vec<RawJudgement>,
    pub review: Option<RawReview>,
}

/// A declared evaluator as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEvaluator {
    pub at: Location,
    pub who: Option<Val<String>>,
    pub unit: Option<Val<String>>,
}

/// The whole file as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawStaffFile {
    /// The file itself (for what is missing from it).
    pub at: Location,
    pub year: Option<Val<f64>>,
    /// `[fondo]`, where written.
    pub fund_at: Option<Location>,
    pub fund_amount: Option<Val<f64>>,
    pub fund_act: Option<Val<String>>,
    pub evaluators: Vec<RawEvaluator>,
    pub persons: Vec<RawStaffPerson>,
}

/// Reads and checks the staff file. `Ok` carries the warnings (missing
/// motivations, at their line, without names).
pub fn load(
    path: &Path,
    plan: &Plan,
    model: &StaffModel,
) -> Result<(StaffFile, Diagnostics), Diagnostics> {
    let text = crate::input::read_text(path).map_err(|e| {
        Diagnostics::from(
            e.into_diagnostic(path, "il file del personale")
                .with_hint("controllare il percorso e i permessi del file"),
        )
    })?;
    parse(&text, path, plan, model)
}

/// [`load`] over the text of the file.
pub fn parse(
    text: &str,
    path: &Path,
    plan: &Plan,
    model: &StaffModel,
) -> Result<(StaffFile, Diagnostics), Diagnostics> {
    let (raw, mut diags) = read_toml(text, path)?;
    // The checks run on what could be read, so one run reports both a
    // misspelt key and a score outside the scale.
    match check(&raw, plan, model) {
        Ok((file, warnings)) if !diags.has_errors() => return Ok((file, warnings)),
        Ok((_, warnings)) => diags.extend(warnings),
        Err(more) => diags.extend(more),
    }
    diags
        .0
        .sort_by_key(|d| (d.location.line, d.location.column));
    Err(diags)
}

/// The raw values and the problems of form (types, unknown keys); `Err`
/// only when the file is not TOML at all.
pub fn read_toml(text: &str, path: &Path) -> Result<(RawStaffFile, Diagnostics), Diagnostics> {
    let mut doc = Doc::new(path, text);
    let Some(root) = doc.parse() else {
        return Err(doc.finish());
    };
    let mut top = Table::new(root.get_ref(), 0..0, "file del personale");
    let mut raw = RawStaffFile {
        at: Location::file(path.to_path_buf()),
        year: number_val(&mut doc, &mut top, "anno"),
        ..RawStaffFile::default()
    };
    // Example dates in the hints: of the year after the file's, when the
    // colloqui and the reviews take place.
    doc.example_year = raw
        .year
        .as_ref()
        .filter(|y| y.v.fract() == 0.0 && (1900.0..9999.0).contains(&y.v))
        .map(|y| y.v as i32 + 1);
    if let Some(v) = top.get("fondo")
        && let Some(mut t) = tr::table(&mut doc, v, "[fondo]")
    {
        raw.fund_at = Some(doc.location(t.span.start));
        raw.fund_amount = number_val(&mut doc, &mut t, "importo");
        raw.fund_act = text_val(&mut doc, &mut t, "atto");
        t.finish(&mut doc);
    }
    if let Some(v) = top.get("valutatore") {
        for mut t in tr::tables(&mut doc, v, "[[valutatore]]") {
            raw.evaluators.push(RawEvaluator {
                at: doc.location(t.span.start),
                who: text_val(&mut doc, &mut t, "chi"),
                unit: text_val(&mut doc, &mut t, "unita"),
            });
            t.finish(&mut doc);
        }
    }
    if let Some(v) = top.get("persona") {
        for mut t in tr::tables(&mut doc, v, "[[persona]]") {
            raw.persons.push(read_person(&mut doc, &mut t));
            t.finish(&mut doc);
        }
    }
    top.finish(&mut doc);
    Ok((raw, doc.finish()))
}

fn read_scores(
    doc: &mut Doc<'_>,
    t: &mut Table<'_, '_>,
    key: &str,
    place: &str,
) -> Vec<RawStaffScore> {
    let Some(v) = t.get(key) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for mut s in tr::tables(doc, v, place) {
        out.push(RawStaffScore {
            at: doc.location(s.span.start),
            behaviour: text_val(doc, &mut s, "id"),
            score: number_val(doc, &mut s, "punteggio"),
            motivation: text_val(doc, &mut s, "motivazione"),
        });
        s.finish(doc);
    }
    out
}

fn read_person(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> RawStaffPerson {
    let mut p = RawStaffPerson {
        at: doc.location(t.span.start),
        name: text_val(doc, t, "nome"),
        unit: text_val(doc, t, "unita"),
        category: text_val(doc, t, "categoria"),
        part_time: number_val(doc, t, "part_time"),
        days: number_val(doc, t, "giorni"),
        absences: number_val(doc, t, "assenze"),
        objectives: number_val(doc, t, "obiettivi"),
        interview: date_val(doc, t, "colloquio"),
        ..RawStaffPerson::default()
    };
    if let Some(v) = t.get("valutatore") {
        for mut j in tr::tables(doc, v, "[[persona.valutatore]]") {
            let judgement = RawJudgement {
                at: doc.location(j.span.start),
                who: text_val(doc, &mut j, "chi"),
                weight: number_val(doc, &mut j, "peso"),
                scores: read_scores(
                    doc,
                    &mut j,
                    "comportamento",
                    "[[persona.valutatore.comportamento]]",
                ),
            };
            j.finish(doc);
            p.judgements.push(judgement);
        }
    }
    if let Some(v) = t.get("riesame")
        && let Some(mut r) = tr::table(doc, v, "[persona.riesame]")
    {
        p.review = Some(RawReview {
            at: doc.location(r.span.start),
            requested: date_val(doc, &mut r, "richiesta"),
            reasons: text_val(doc, &mut r, "motivi"),
            outcome: text_val(doc, &mut r, "esito"),
            scores: read_scores(doc, &mut r, "punteggi", "`punteggi` di [persona.riesame]"),
            decided: date_val(doc, &mut r, "data_esito"),
        });
        r.finish(doc);
    }
    p
}

/// Collects the errors and warnings of the checks.
struct Report {
    diags: Diagnostics,
}

impl Report {
    fn error(&mut self, at: &Location, message: impl Into<String>, hint: &str) {
        self.diags
            .push(Diagnostic::error(at.clone(), message).with_hint(hint.to_string()));
    }

    fn warning(&mut self, at: &Location, message: impl Into<String>, hint: &str) {
        self.diags
            .push(Diagnostic::warning(at.clone(), message).with_hint(hint.to_string()));
    }
}

/// A non-empty text, trimmed.
fn text(v: &Option<Val<String>>) -> Option<Val<String>> {
    v.as_ref().filter(|x| !x.v.trim().is_empty()).map(|x| Val {
        v: x.v.trim().to_string(),
        at: x.at.clone(),
    })
}

/// Checks the raw values against the plan and the model: `Ok` with the
/// warnings, or every error found.
pub fn check(
    raw: &RawStaffFile,
    plan: &Plan,
    model: &StaffModel,
) -> Result<(StaffFile, Diagnostics), Diagnostics> {
    let mut r = Report {
        diags: Diagnostics::new(),
    };
    let year = plan.year;
    match &raw.year {
        None => r.error(
            &raw.at,
            "manca l'anno del file del personale",
            &format!("scrivere in cima al file `anno = {year}`"),
        ),
        // A value that is not a number is reported where it was read.
        Some(y) if y.v.is_nan() => {}
        Some(y) if y.v != f64::from(year) => r.error(
            &y.at,
            format!(
                "il file del personale è dell'anno {}, ma il piano è del {year}",
                if y.v.fract() == 0.0 && y.v.abs() < 1e6 {
                    format!("{}", y.v as i64)
                } else {
                    italian::number(y.v, 2)
                }
            ),
            &format!("usare il file del personale del {year}, oppure correggere `anno = {year}`"),
        ),
        Some(_) => {}
    }
    let fund = check_fund(raw, &mut r);
    let year_days = i64::from(if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    });
    let mut evaluators: Vec<Evaluator> = Vec::new();
    for e in &raw.evaluators {
        let Some(who) = text(&e.who) else {
            r.error(
                &e.at,
                "valutatore senza nome: manca `chi`",
                "scrivere chi valuta, es. `chi = \"Mario Rossi\"`",
            );
            continue;
        };
        if evaluators.iter().any(|x| x.who == who.v) {
            r.error(
                &who.at,
                format!("il valutatore «{}» è dichiarato due volte", who.v),
                "tenere una sola sezione [[valutatore]] per ogni valutatore",
            );
            continue;
        }
        let unit = text(&e.unit).and_then(|u| unit_of(plan, &u, &mut r));
        evaluators.push(Evaluator {
            who: who.v,
            unit,
            at: e.at.clone(),
        });
    }
    let mut persons: Vec<StaffPerson> = Vec::new();
    let mut seen: Vec<(String, AreaId, Location)> = Vec::new();
    for p in &raw.persons {
        if let Some(person) = check_person(p, plan, model, &evaluators, year_days, &mut r) {
            if let Some((_, unit, first)) = seen.iter().find(|(n, _, _)| *n == person.name) {
                let line = first
                    .line
                    .map_or_else(String::new, |l| format!(" (la prima volta alla riga {l})"));
                let msg = if *unit == person.unit {
                    format!("la stessa persona compare due volte nel file{line}")
                } else {
                    format!(
                        "la stessa persona compare in due unità: «{}»{line} e «{}»",
                        unit.as_str(),
                        person.unit.as_str()
                    )
                };
                r.error(
                    &person.at,
                    msg,
                    "ogni persona ha una sola sezione [[persona]], nell'unità in cui ha lavorato di più nell'anno",
                );
                continue;
            }
            seen.push((person.name.clone(), person.unit.clone(), person.at.clone()));
            persons.push(person);
        }
    }
    for e in &evaluators {
        let has_staff = raw.persons.iter().any(|p| {
            p.judgements
                .iter()
                .any(|j| text(&j.who).is_some_and(|w| w.v == e.who))
        });
        if !has_staff {
            r.error(
                &e.at,
                format!("il valutatore «{}» non valuta alcuna persona", e.who),
                "togliere la sezione [[valutatore]], oppure indicarlo in [[persona.valutatore]] delle persone che valuta",
            );
        }
    }
    if raw.persons.is_empty() {
        r.error(
            &raw.at,
            "il file del personale non contiene alcuna persona",
            "aggiungere una sezione [[persona]] per ogni dipendente valutato (formato in docs/regole-smvp.md, «Il personale»)",
        );
    }
    check_quota(model, raw.persons.len(), &mut r);
    let file = fund.map(|fund| StaffFile {
        year,
        fund,
        evaluators,
        persons,
    });
    match file {
        Some(f) if !r.diags.has_errors() => Ok((f, r.diags)),
        _ => Err(r.diags),
    }
}

fn check_fund(raw: &RawStaffFile, r: &mut Report) -> Option<Fund> {
    let Some(at) = &raw.fund_at else {
        r.error(
            &raw.at,
            "manca la sezione [fondo] del file del personale",
            "aggiungere [fondo] con `importo` (euro del fondo per i premi della performance) e `atto` (il contratto integrativo)",
        );
        return None;
    };
    let Some(amount) = &raw.fund_amount else {
        r.error(
            at,
            "manca la chiave `importo` in [fondo]",
            "scrivere l'importo in euro, es. `importo = 95000`",
        );
        return None;
    };
    if amount.v.is_nan() {
        return None;
    }
    if amount.v < 0.0 || amount.v > MAX_FUND || crate::decimal::round2(amount.v) != amount.v {
        r.error(
            &amount.at,
            format!(
                "`importo` = {} non è un importo ammesso",
                italian::number(amount.v, 4)
            ),
            "scrivere l'importo in euro, positivo, al più con due decimali (i centesimi), es. `importo = 95000.50`",
        );
        return None;
    }
    Some(Fund {
        amount: amount.v,
        act: text(&raw.fund_act).map(|a| a.v),
        at: at.clone(),
    })
}

/// The art. 81 quota that nobody can satisfy (10% of 3 people: no
/// place): an error at the quota's line in the rules.
fn check_quota(model: &StaffModel, persons: usize, r: &mut Report) {
    let Some(bonus) = &model.bonus else {
        return;
    };
    if persons == 0 {
        return;
    }
    if let BonusQuota::Percent(p) = bonus.quota
        && super::compute::bonus_places(bonus.quota, persons) == 0
    {
        r.error(
            &bonus.at,
            format!(
                "con `quota_personale` = {}% su {persons} persone valutate la maggiorazione dell'art. 81 non spetta a nessuno: i posti sono meno di uno",
                italian::number(p, 2)
            ),
            "alzare `quota_personale`, oppure scrivere il numero di persone con `persone = 1`",
        );
    }
}

fn unit_of(plan: &Plan, u: &Val<String>, r: &mut Report) -> Option<AreaId> {
    match plan.areas.iter().find(|a| a.id.as_str() == u.v) {
        Some(a) => Some(a.id.clone()),
        None => {
            let known = plan
                .areas
                .iter()
                .map(|a| format!("\"{}\"", a.id.as_str()))
                .collect::<Vec<_>>()
                .join(", ");
            r.error(
                &u.at,
                format!("l'unità «{}» non è nel piano", u.v),
                &format!("scrivere il codice di un'unità del piano: {known}"),
            );
            None
        }
    }
}

fn check_person(
    p: &RawStaffPerson,
    plan: &Plan,
    model: &StaffModel,
    evaluators: &[Evaluator],
    year_days: i64,
    r: &mut Report,
) -> Option<StaffPerson> {
    let name = text(&p.name);
    if name.is_none() {
        r.error(
            &p.at,
            "manca il nome della persona (`nome`)",
            "scrivere `nome = \"…\"` in ogni sezione [[persona]]",
        );
    }
    let unit = match text(&p.unit) {
        Some(u) => unit_of(plan, &u, r),
        None => {
            r.error(
                &p.at,
                "manca l'unità della persona (`unita`)",
                "scrivere il codice dell'unità del piano, es. `unita = \"III\"`",
            );
            None
        }
    };
    let category = match text(&p.category) {
        Some(c) => match model.category(&c.v) {
            Some(cat) => Some(cat),
            None => {
                let known = model
                    .categories
                    .iter()
                    .map(|c| format!("\"{}\"", c.id))
                    .collect::<Vec<_>>()
                    .join(", ");
                r.error(
                    &c.at,
                    format!("la categoria «{}» non è in [personale] di smvp.toml", c.v),
                    &format!("scrivere una delle categorie: {known}"),
                );
                None
            }
        },
        None => {
            r.error(
                &p.at,
                "manca la categoria della persona (`categoria`)",
                "scrivere l'`id` di una [[personale.categoria]] di smvp.toml, es. `categoria = \"istruttori\"`",
            );
            None
        }
    };
    let part_time = match &p.part_time {
        None => Some(100.0),
        Some(v) if v.v.is_nan() => None,
        Some(v) if v.v <= 0.0 || v.v > 100.0 => {
            r.error(
                &v.at,
                format!(
                    "`part_time` = {}% non è ammesso: deve essere più di 0 e al più 100",
                    italian::number(v.v, 2)
                ),
                "scrivere la percentuale del tempo pieno, es. 83.33 per 30 ore su 36; senza la chiave vale 100",
            );
            None
        }
        Some(v) => Some(v.v),
    };
    let days = check_days(p, year_days, r);
    let objectives = category.and_then(|c| check_objectives(p, c, r));
    let judgements = category.and_then(|c| check_judgements(p, c, model, evaluators, r));
    let review = match (&p.review, category) {
        (Some(raw), Some(c)) => check_review(raw, c, model, plan.year + 1, r).map(Some),
        (Some(_), None) => None,
        (None, _) => Some(None),
    };
    if let Some(interview) = &p.interview {
        early_interview(interview, plan.year, r);
    }
    let mut dates_ok = true;
    if let (Some(Some(rev)), Some(interview)) = (&review, &p.interview) {
        // At the request's own line; the section's when it is not written.
        let at = p
            .review
            .as_ref()
            .and_then(|x| x.requested.as_ref())
            .map_or(&rev.at, |d| &d.at);
        dates_ok = review_dates(rev, at, interview, model.review_days, r);
    }
    if !dates_ok {
        return None;
    }
    Some(StaffPerson {
        name: name?.v,
        unit: unit?,
        category: category?.id.clone(),
        part_time: part_time?,
        days: days?,
        year_days,
        objectives: objectives?,
        judgements: judgements?,
        interview: p.interview.as_ref().map(|d| d.v),
        review: review?,
        at: p.at.clone(),
    })
}

fn check_days(p: &RawStaffPerson, year_days: i64, r: &mut Report) -> Option<i64> {
    let whole = |v: &Val<f64>, key: &str, r: &mut Report| {
        if v.v.is_nan() {
            return None;
        }
        let why = if v.v.fract() != 0.0 || v.v < 0.0 {
            Some("non è un numero intero di giorni da 0 in su".to_string())
        } else if v.v > year_days as f64 {
            Some(format!("più giorni di quanti ne ha l'anno ({year_days})"))
        } else {
            None
        };
        if let Some(why) = why {
            r.error(
                &v.at,
                format!("`{key}` = {}: {why}", italian::number(v.v, 2)),
                "scrivere i giorni interi, da 0 al numero di giorni dell'anno",
            );
            return None;
        }
        Some(v.v as i64)
    };
    match (&p.days, &p.absences) {
        (Some(d), Some(_)) => {
            r.error(
                &d.at,
                "ci sono sia `giorni` sia `assenze`",
                "tenere una sola delle due: i giorni di servizio nell'anno oppure i giorni di assenza",
            );
            None
        }
        (Some(d), None) => whole(d, "giorni", r),
        (None, Some(a)) => whole(a, "assenze", r).map(|a| year_days - a),
        (None, None) => Some(year_days),
    }
}

fn check_objectives(
    p: &RawStaffPerson,
    c: &super::model::Category,
    r: &mut Report,
) -> Option<Option<f64>> {
    match &p.objectives {
        None if c.objective_points > 0.0 => {
            r.error(
                &p.at,
                format!(
                    "manca il grado degli obiettivi individuali (`obiettivi`): per la categoria «{}» valgono {} punti",
                    c.name,
                    italian::number(c.objective_points, 2)
                ),
                "scrivere la percentuale di raggiungimento, da 0 a 100, es. `obiettivi = 90`",
            );
            None
        }
        None => Some(None),
        Some(v) if v.v.is_nan() => None,
        Some(v) if c.objective_points == 0.0 => {
            r.error(
                &v.at,
                format!(
                    "la categoria «{}» non ha obiettivi individuali (`punti_obiettivi` = 0 in smvp.toml)",
                    c.name
                ),
                "togliere la riga `obiettivi`, oppure dare punti agli obiettivi della categoria in smvp.toml",
            );
            None
        }
        Some(v) if !(0.0..=100.0).contains(&v.v) => {
            r.error(
                &v.at,
                format!(
                    "`obiettivi` = {} è fuori dall'intervallo 0–100",
                    italian::number(v.v, 2)
                ),
                "scrivere la percentuale di raggiungimento degli obiettivi individuali, es. 90",
            );
            None
        }
        Some(v) => Some(Some(v.v / 100.0)),
    }
}

/// Scores of a category's behaviours: each known, on the scale, at most
/// once; with `all`, every behaviour present. A score at an end of the
/// scale without the motivation the rules require is a warning.
fn check_scores(
    raw: &[RawStaffScore],
    c: &super::model::Category,
    model: &StaffModel,
    all: Option<(&Location, &str)>,
    r: &mut Report,
) -> Option<Vec<StaffScore>> {
    let mut out: Vec<StaffScore> = Vec::new();
    let mut ok = true;
    for s in raw {
        let Some(id) = text(&s.behaviour) else {
            r.error(
                &s.at,
                "punteggio senza il codice del comportamento (`id`)",
                "scrivere `id = \"…\"` con il codice del comportamento in smvp.toml",
            );
            ok = false;
            continue;
        };
        if !c.behaviours.iter().any(|b| b.id == id.v) {
            let known = c
                .behaviours
                .iter()
                .map(|b| format!("\"{}\"", b.id))
                .collect::<Vec<_>>()
                .join(", ");
            r.error(
                &id.at,
                format!(
                    "il comportamento «{}» non è della categoria «{}»",
                    id.v, c.name
                ),
                &format!("scrivere uno dei comportamenti della categoria: {known}"),
            );
            ok = false;
            continue;
        }
        if out.iter().any(|o| o.behaviour == id.v) {
            r.error(
                &id.at,
                format!("il comportamento «{}» ha due punteggi", id.v),
                "tenere un solo punteggio per comportamento",
            );
            ok = false;
            continue;
        }
        let score = match &s.score {
            None => {
                r.error(
                    &s.at,
                    format!("manca il punteggio del comportamento «{}»", id.v),
                    "scrivere `punteggio = …` sulla scala di smvp.toml",
                );
                None
            }
            Some(v) if v.v.is_nan() => None,
            Some(v) if v.v < model.scale.min || v.v > model.scale.max => {
                r.error(
                    &v.at,
                    format!(
                        "punteggio {} fuori dalla scala, da {} a {}",
                        italian::number(v.v, 2),
                        italian::number(model.scale.min, 0),
                        italian::number(model.scale.max, 0)
                    ),
                    "scrivere un punteggio della scala di [personale] in smvp.toml",
                );
                None
            }
            Some(v) => Some(v.v),
        };
        let Some(score) = score else {
            ok = false;
            continue;
        };
        let motivation = text(&s.motivation).map(|m| m.v);
        let at_end = score == model.scale.min || score == model.scale.max;
        if model.motivation_at_ends && at_end && motivation.is_none() {
            // No name: the terminal is not confidential.
            r.warning(
                &s.at,
                format!(
                    "punteggio {} agli estremi della scala senza motivazione: la scheda resta una BOZZA",
                    italian::number(score, 0)
                ),
                "scrivere la motivazione (`motivazione = \"…\"`), come chiede smvp.toml",
            );
        }
        out.push(StaffScore {
            behaviour: id.v,
            score,
            motivation,
            at: s.at.clone(),
        });
    }
    if let Some((at, who)) = all {
        for b in &c.behaviours {
            if ok && !out.iter().any(|o| o.behaviour == b.id) {
                r.error(
                    at,
                    format!("manca il punteggio di «{}» nel giudizio di «{who}»", b.name),
                    &format!(
                        "aggiungere `{{ id = \"{}\", punteggio = … }}` ai comportamenti di questo valutatore",
                        b.id
                    ),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn check_judgements(
    p: &RawStaffPerson,
    c: &super::model::Category,
    model: &StaffModel,
    evaluators: &[Evaluator],
    r: &mut Report,
) -> Option<Vec<Judgement>> {
    if p.judgements.is_empty() {
        r.error(
            &p.at,
            "nessun valutatore per questa persona",
            "aggiungere [[persona.valutatore]] con `chi` (uno dei [[valutatore]]) e i punteggi dei comportamenti",
        );
        return None;
    }
    let sole = p.judgements.len() == 1;
    let mut out: Vec<Judgement> = Vec::new();
    let mut ok = true;
    for j in &p.judgements {
        let who = match text(&j.who) {
            Some(w) if evaluators.iter().any(|e| e.who == w.v) => Some(w),
            Some(w) => {
                r.error(
                    &w.at,
                    format!("il valutatore «{}» non è dichiarato in [[valutatore]]", w.v),
                    "aggiungere una sezione [[valutatore]] con lo stesso `chi`, oppure correggere il nome",
                );
                None
            }
            None => {
                r.error(
                    &j.at,
                    "manca chi valuta (`chi`)",
                    "scrivere `chi = \"…\"` come in [[valutatore]]",
                );
                None
            }
        };
        if let Some(w) = &who
            && out.iter().any(|o| o.who == w.v)
        {
            r.error(
                &w.at,
                format!(
                    "il valutatore «{}» compare due volte per la stessa persona",
                    w.v
                ),
                "unire i due giudizi in una sola sezione [[persona.valutatore]]",
            );
            ok = false;
        }
        let weight = match &j.weight {
            None if sole => Some(100.0),
            None => {
                r.error(
                    &j.at,
                    "con più valutatori ognuno ha il suo `peso`",
                    "scrivere il peso in percentuale, es. `peso = 70`: i pesi della persona sommano a 100",
                );
                None
            }
            Some(v) if v.v.is_nan() => None,
            Some(v) if v.v <= 0.0 || v.v > 100.0 => {
                r.error(
                    &v.at,
                    format!(
                        "`peso` = {} è fuori dall'intervallo (0–100]",
                        italian::number(v.v, 2)
                    ),
                    "scrivere il peso in percentuale, es. `peso = 70`",
                );
                None
            }
            Some(v) => Some(v.v),
        };
        // No score at all from this evaluator yet (their form not back):
        // the person's evaluation waits, the rest of the run goes on
        // (review 39).
        let scores = if j.scores.is_empty() {
            r.warning(
                &j.at,
                format!(
                    "nessun punteggio di «{}» per questa persona: la valutazione non è conclusa, la scheda è una BOZZA e il fondo non si ripartisce finché non lo è",
                    who.as_ref().map_or("", |w| w.v.as_str())
                ),
                "il valutatore scrive i punteggi nel suo modulo (consuntivo moduli --personale), da salvare nella cartella personale-<anno> dei dati di ingresso; oppure scriverli qui",
            );
            Some(Vec::new())
        } else {
            check_scores(
                &j.scores,
                c,
                model,
                Some((&j.at, who.as_ref().map_or("", |w| w.v.as_str()))),
                r,
            )
        };
        match (who, weight, scores) {
            (Some(w), Some(weight), Some(scores)) => out.push(Judgement {
                who: w.v,
                weight,
                scores,
                at: j.at.clone(),
            }),
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let total: f64 = out.iter().map(|j| j.weight).sum();
    if (total - 100.0).abs() > 1e-9 {
        r.error(
            &p.judgements[0].at,
            format!(
                "i pesi dei valutatori di questa persona sommano a {} invece che a 100",
                italian::number(total, 2)
            ),
            "correggere i `peso` di [[persona.valutatore]]: es. 70 e 30",
        );
        return None;
    }
    Some(out)
}

fn check_review(
    raw: &RawReview,
    c: &super::model::Category,
    model: &StaffModel,
    example_year: i32,
    r: &mut Report,
) -> Option<Review> {
    let requested = raw.requested.as_ref().map(|d| d.v);
    if requested.is_none() {
        r.error(
            &raw.at,
            "manca la data della richiesta di riesame (`richiesta`)",
            &format!("scrivere la data, es. `richiesta = \"20/03/{example_year}\"`"),
        );
    }
    let reasons = text(&raw.reasons).map(|t| t.v);
    if reasons.is_none() {
        r.error(
            &raw.at,
            "mancano i motivi della richiesta di riesame (`motivi`)",
            "riassumere i motivi della richiesta, es. `motivi = \"…\"`",
        );
    }
    let outcome = match text(&raw.outcome) {
        Some(o) => match o.v.as_str() {
            "accolta" => Some(ReviewOutcome::Upheld),
            "respinta" => Some(ReviewOutcome::Rejected),
            "in_corso" => Some(ReviewOutcome::Pending),
            other => {
                r.error(
                    &o.at,
                    format!("`esito` = \"{other}\" non è un valore ammesso"),
                    "scrivere \"accolta\", \"respinta\" oppure \"in_corso\"",
                );
                None
            }
        },
        None => {
            r.error(
                &raw.at,
                "manca l'esito del riesame (`esito`)",
                "scrivere \"accolta\", \"respinta\" oppure \"in_corso\"",
            );
            None
        }
    };
    let scores = check_scores(&raw.scores, c, model, None, r);
    let outcome = outcome?;
    let decided = raw.decided.as_ref();
    match (outcome, decided) {
        (ReviewOutcome::Pending, Some(d)) => {
            r.error(
                &d.at,
                "un riesame in corso non ha ancora la data dell'esito",
                "togliere `data_esito`, oppure scrivere l'esito (\"accolta\" o \"respinta\")",
            );
            return None;
        }
        (ReviewOutcome::Upheld | ReviewOutcome::Rejected, None) => {
            r.error(
                &raw.at,
                "manca la data dell'esito del riesame (`data_esito`)",
                &format!(
                    "scrivere la data della decisione, es. `data_esito = \"10/04/{example_year}\"`"
                ),
            );
            return None;
        }
        _ => {}
    }
    if let (Some(d), Some(q)) = (decided, requested)
        && d.v < q
    {
        r.error(
            &d.at,
            "la data dell'esito del riesame è prima della richiesta",
            "correggere `data_esito` o `richiesta`",
        );
        return None;
    }
    let scores = scores?;
    match outcome {
        ReviewOutcome::Upheld if scores.is_empty() => {
            r.error(
                &raw.at,
                "riesame accolto senza i nuovi punteggi (`punteggi`)",
                "scrivere `punteggi = [{ id = \"…\", punteggio = … }]` con i punteggi decisi nel riesame",
            );
            return None;
        }
        ReviewOutcome::Rejected | ReviewOutcome::Pending if !scores.is_empty() => {
            r.error(
                &raw.at,
                "nuovi punteggi per un riesame non accolto",
                "i `punteggi` valgono solo con `esito = \"accolta\"`: toglierli, oppure correggere l'esito",
            );
            return None;
        }
        _ => {}
    }
    Some(Review {
        requested: requested?,
        reasons: reasons?,
        outcome,
        scores,
        decided: decided.map(|d| d.v),
        at: raw.at.clone(),
    })
}

/// A colloquio dated within the evaluated year, before the results it
/// communicates are known: a warning at its line.
fn early_interview(interview: &Val<NaiveDate>, year: i32, r: &mut Report) {
    let Some(year_end) = NaiveDate::from_ymd_opt(year, 12, 31) else {
        return;
    };
    if interview.v <= year_end {
        r.warning(
            &interview.at,
            format!(
                "colloquio finale del {}, prima della fine dell'anno valutato ({})",
                italian::date_short(interview.v),
                italian::date_short(year_end)
            ),
            "il colloquio finale comunica la valutazione dell'anno, che si conosce dopo il 31 dicembre: controllare la data di `colloquio`",
        );
    }
}

/// The request's date against the colloquio: before it, an error at the
/// request (the evaluation was not yet communicated: `false`); after the
/// period `giorni_riesame`, a warning at the request (the office decides
/// whether it is admissible). Never the name.
fn review_dates(
    review: &Review,
    at: &Location,
    interview: &Val<NaiveDate>,
    days: i64,
    r: &mut Report,
) -> bool {
    if review.requested < interview.v {
        r.error(
            at,
            format!(
                "richiesta di riesame del {}, prima del colloquio finale del {}",
                italian::date_short(review.requested),
                italian::date_short(interview.v)
            ),
            "il riesame si chiede dopo il colloquio in cui la valutazione è comunicata: correggere la data di `richiesta` o di `colloquio`",
        );
        return false;
    }
    let end = interview.v + chrono::Duration::days(days);
    if review.requested > end {
        r.warning(
            at,
            format!(
                "richiesta di riesame del {}, dopo il termine di {days} giorni dal colloquio del {} (scaduto il {})",
                italian::date_short(review.requested),
                italian::date_short(interview.v),
                italian::date_short(end)
            ),
            "controllare le date; se la richiesta è fuori termine, indicarlo nei `motivi` dell'esito",
        );
    }
    true
}
