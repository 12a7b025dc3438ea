//! The evaluator's input: read from `valutazioni-individuali-<anno>.toml`
//! (or from the spreadsheet form) into raw values with the place each came
//! from, then checked against the plan and the model by one function, so
//! both sources give the same errors at their own line or cell.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::{AreaId, Plan};
use crate::scoring::toml_read::{self as tr, Doc, Table, date_val, number_val, text_val};
use crate::vocab::Vocabulary;

use super::model::{Model, PayRule, PaymentTimesData, Person, Role, Score};

/// Largest amount in euros (a person's maximum, a position's pay): far
/// above any real one, small enough that sums and shares stay exact.
pub const MAX_AMOUNT: f64 = 10_000_000.0;

/// Longest name of a person (evaluated or evaluator).
pub const MAX_NAME: usize = 120;

pub use crate::scoring::toml_read::Val;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawScore {
    pub at: Location,
    pub behaviour: Option<Val<String>>,
    pub score: Option<Val<f64>>,
    pub motivation: Option<Val<String>>,
}

/// One person as written, before the checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawPerson {
    pub at: Location,
    pub name: Option<Val<String>>,
    pub role: Option<Val<String>>,
    pub unit: Option<Val<String>>,
    pub from: Option<Val<NaiveDate>>,
    pub to: Option<Val<NaiveDate>>,
    pub position_pay: Option<Val<f64>>,
    pub max_amount: Option<Val<f64>>,
    pub evaluator: Option<Val<String>>,
    pub date: Option<Val<NaiveDate>>,
    pub notes: Option<Val<String>>,
    /// The person's own address, for the e-mail draft of the scheda.
    pub email: Option<Val<String>>,
    pub scores: Vec<RawScore>,
}

/// The file name for a year.
pub fn file_name(year: i32) -> String {
    format!("valutazioni-individuali-{year}.toml")
}

/// The file that holds `[tempi_pagamento]` beside the evaluator's xlsx
/// form, which has no place for it.
pub fn payment_times_file_name(year: i32) -> String {
    format!("tempi-pagamento-{year}.toml")
}

/// Reads and checks the evaluations file.
pub fn load(
    path: &Path,
    plan: &Plan,
    model: &Model,
    vocab: &Vocabulary,
) -> Result<Vec<Person>, Diagnostics> {
    let text = crate::input::read_text(path).map_err(|e| {
        Diagnostics::from(
            e.into_diagnostic(path, "il file delle valutazioni individuali")
                .with_hint("controllare il percorso e i permessi del file"),
        )
    })?;
    parse(&text, path, plan, model, vocab)
}

pub fn parse(
    text: &str,
    path: &Path,
    plan: &Plan,
    model: &Model,
    vocab: &Vocabulary,
) -> Result<Vec<Person>, Diagnostics> {
    let (raw, mut diags) = read_toml(text, path)?;
    // The checks run on what could be read, so one run reports both a
    // misspelt key and a score outside the scale.
    let checked = check(&raw, plan, model, vocab);
    match checked {
        Ok(persons) if !diags.has_errors() => return Ok(persons),
        Ok(_) => {}
        Err(more) => diags.extend(more),
    }
    diags
        .0
        .sort_by_key(|d| (d.location.line, d.location.column));
    Err(diags)
}

/// The raw values and the problems of form (types, unknown keys); `Err`
/// only when the file is not TOML at all.
fn read_toml(text: &str, path: &Path) -> Result<(Vec<RawPerson>, Diagnostics), Diagnostics> {
    let mut doc = Doc::new(path, text);
    let Some(root) = doc.parse() else {
        return Err(doc.finish());
    };
    let mut top = Table::new(root.get_ref(), 0..0, "file delle valutazioni individuali");
    let mut out = Vec::new();
    match top.get("persona") {
        Some(v) => {
            for mut t in tr::tables(&mut doc, v, "[[persona]]") {
                out.push(read_person(&mut doc, &mut t));
                t.finish(&mut doc);
            }
        }
        None => doc.error_hint(
            &(0..0),
            "il file non contiene alcuna valutazione",
            "aggiungere una sezione [[persona]] per ogni persona valutata (formato in docs/regole-smvp.md, «La valutazione individuale»)",
        ),
    }
    // Read by `parse_payment_times`.
    let _ = top.get(PAYMENT_TIMES);
    top.finish(&mut doc);
    Ok((out, doc.finish()))
}

/// The section of the payment-times data in the evaluations file.
pub const PAYMENT_TIMES: &str = "tempi_pagamento";

/// Longest delay the indicator may state, in days either way.
const MAX_DELAY_DAYS: f64 = 3650.0;

/// Reads `[tempi_pagamento]` of the evaluations file: the PCC annual
/// delay indicator (`indicatore_ritardo`, days, may be negative), the
/// year it refers to (`anno`, the plan's), and the revisori's check
/// (`verifica_revisori`, the act, and `data_verifica`). `None` when the
/// file has no such section.
pub fn load_payment_times(path: &Path, year: i32) -> Result<Option<PaymentTimesData>, Diagnostics> {
    let text = crate::input::read_text(path).map_err(|e| {
        Diagnostics::from(e.into_diagnostic(path, "il file delle valutazioni individuali"))
    })?;
    parse_payment_times(&text, path, year)
}

pub fn parse_payment_times(
    text: &str,
    path: &Path,
    year: i32,
) -> Result<Option<PaymentTimesData>, Diagnostics> {
    let mut doc = Doc::new(path, text);
    let Some(root) = doc.parse() else {
        return Err(doc.finish());
    };
    let Some(v) = tr::top_key(&root, PAYMENT_TIMES) else {
        return Ok(None);
    };
    let Some(mut t) = tr::table(&mut doc, v, "[tempi_pagamento]") else {
        return Err(doc.finish());
    };
    let at = doc.location(t.span.start);
    let delay = number_val(&mut doc, &mut t, "indicatore_ritardo");
    if let Some(d) = &delay
        && !d.v.is_nan()
        && d.v.abs() > MAX_DELAY_DAYS
    {
        let msg = format!(
            "`indicatore_ritardo` = {} giorni è fuori misura: al massimo {} giorni, di ritardo o di anticipo",
            italian::number(d.v, 2),
            italian::number(MAX_DELAY_DAYS, 0)
        );
        doc.diags.push(Diagnostic::error(d.at.clone(), msg).with_hint(
            "scrivere i giorni di ritardo medio ponderato calcolati dalla Piattaforma dei crediti commerciali (PCC), es. `indicatore_ritardo = -3.5`",
        ));
    }
    let year_v = t.get("anno");
    let written_year = year_v.and_then(|v| {
        let n = tr::number(&mut doc, v, "anno")?;
        if n.fract() != 0.0 || n as i64 != i64::from(year) {
            doc.error_hint(
                &v.span(),
                format!(
                    "`anno` = {n}: l'indicatore di ritardo dei pagamenti deve riguardare l'anno valutato, {year}"
                ),
                "indicare l'indicatore di ritardo annuale dell'anno delle valutazioni",
            );
            return None;
        }
        Some(year)
    });
    let act = text_val(&mut doc, &mut t, "verifica_revisori").filter(|a| !a.v.trim().is_empty());
    // A date written but not valid is its own error, never «manca».
    let date_written = t.get("data_verifica").is_some();
    let date = date_val(&mut doc, &mut t, "data_verifica");
    if let Some(a) = &act {
        for (m, hint) in crate::report::printable::problems_with_hints(&a.v) {
            doc.diags
                .push(Diagnostic::error(a.at.clone(), m).with_hint(hint.to_string()));
        }
    }
    match (&act, &date) {
        (Some(a), None) if !date_written => doc.diags.push(
            Diagnostic::error(a.at.clone(), "manca la data della verifica dei revisori")
                .with_hint("aggiungere `data_verifica = \"GG/MM/AAAA\"`"),
        ),
        (None, Some(d)) => doc.diags.push(
            Diagnostic::error(d.at.clone(), "manca l'atto della verifica dei revisori").with_hint(
                "aggiungere `verifica_revisori = \"…\"` (es. \"Verbale n. 5 del 15/03/2024\")",
            ),
        ),
        _ => {}
    }
    if let Some(d) = &date
        && d.v.year() <= year
    {
        doc.diags.push(
            Diagnostic::error(
                d.at.clone(),
                format!(
                    "la verifica dei revisori ({}) precede la fine dell'anno {year}, di cui verifica l'indicatore",
                    italian::date_short(d.v)
                ),
            )
            .with_hint("indicare la data dell'atto con cui l'organo di revisione ha verificato l'indicatore"),
        );
    }
    if act.is_some() && delay.is_none() {
        doc.diags.push(
            Diagnostic::error(
                at.clone(),
                "la verifica dei revisori è indicata, ma manca l'indicatore che verifica",
            )
            .with_hint("aggiungere `indicatore_ritardo = …` (giorni, dalla PCC)"),
        );
    }
    if delay.is_some() && written_year.is_none() && year_v.is_none() {
        doc.diags.push(
            Diagnostic::error(
                at.clone(),
                "manca l'anno dell'indicatore di ritardo dei pagamenti",
            )
            .with_hint(format!("aggiungere `anno = {year}`")),
        );
    }
    t.finish(&mut doc);
    let diags = doc.finish();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Some(PaymentTimesData {
        delay_days: delay.map(|d| d.v),
        year: written_year,
        check: act.zip(date).map(|(a, d)| (a.v.trim().to_string(), d.v)),
        at,
    }))
}

fn read_person(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> RawPerson {
    let mut p = RawPerson {
        at: doc.location(t.span.start),
        name: text_val(doc, t, "nome"),
        role: text_val(doc, t, "ruolo"),
        unit: text_val(doc, t, "unita"),
        from: date_val(doc, t, "dal"),
        to: date_val(doc, t, "al"),
        position_pay: number_val(doc, t, "retribuzione_posizione"),
        max_amount: number_val(doc, t, "importo_massimo"),
        evaluator: text_val(doc, t, "valutatore"),
        date: date_val(doc, t, "data"),
        notes: text_val(doc, t, "note_valutato"),
        email: text_val(doc, t, "email"),
        scores: Vec::new(),
    };
    if let Some(v) = t.get("comportamento") {
        for mut s in tr::tables(doc, v, "[[persona.comportamento]]") {
            p.scores.push(RawScore {
                at: doc.location(s.span.start),
                behaviour: text_val(doc, &mut s, "id"),
                score: number_val(doc, &mut s, "punteggio"),
                motivation: text_val(doc, &mut s, "motivazione"),
            });
            s.finish(doc);
        }
    }
    p
}

fn non_empty(v: &Option<Val<String>>) -> Option<Val<String>> {
    v.as_ref().filter(|x| !x.v.trim().is_empty()).map(|x| Val {
        v: x.v.trim().to_string(),
        at: x.at.clone(),
    })
}

/// Every check of the evaluator's input, whatever file it came from.
pub fn check(
    raw: &[RawPerson],
    plan: &Plan,
    model: &Model,
    vocab: &Vocabulary,
) -> Result<Vec<Person>, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut err = |at: &Location, msg: String, hint: &str| {
        errors.push(Diagnostic::error(at.clone(), msg).with_hint(hint.to_string()));
    };
    let year_start = NaiveDate::from_ymd_opt(plan.year, 1, 1);
    let year_end = NaiveDate::from_ymd_opt(plan.year, 12, 31);
    let mut out: Vec<Person> = Vec::new();
    let mut seen: Vec<(String, Location)> = Vec::new();
    let roles = Role::ALL
        .iter()
        .filter(|r| model.role(**r).is_some())
        .map(|r| format!("\"{}\"", r.key()))
        .collect::<Vec<_>>()
        .join(" oppure ");
    let (scale_lo, scale_hi) = (model.scale.min, model.scale.max);
    for p in raw {
        // Every text printed on the scheda, at its line or cell: what the
        // documents' fonts cannot show, and names of absurd length.
        let texts = [&p.name, &p.evaluator, &p.notes]
            .into_iter()
            .flatten()
            .chain(p.scores.iter().filter_map(|s| s.motivation.as_ref()));
        for v in texts {
            for (m, hint) in crate::report::printable::problems_with_hints(&v.v) {
                err(&v.at, m, hint);
            }
        }
        for v in [&p.name, &p.evaluator].into_iter().flatten() {
            let n = v.v.trim().chars().count();
            if n > MAX_NAME {
                err(
                    &v.at,
                    format!("un nome di {n} caratteri: al massimo {MAX_NAME}"),
                    "scrivere nome e cognome della persona",
                );
            }
        }
        let name = non_empty(&p.name);
        if name.is_none() {
            err(
                &p.at,
                "manca il nome della persona valutata".into(),
                "aggiungere `nome = \"…\"`",
            );
        }
        if let Some(n) = &name {
            let key =
                n.v.to_lowercase()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                err(
                    &n.at,
                    format!(
                        "«{}» è valutato due volte (prima valutazione in {first})",
                        n.v
                    ),
                    "tenere una sola valutazione per persona; per due incarichi nell'anno indicare il periodo con `dal` e `al` in un'unica valutazione",
                );
            } else {
                seen.push((key, n.at.clone()));
            }
        }
        let role = match &p.role {
            None => {
                err(
                    &p.at,
                    "manca il ruolo della persona valutata".into(),
                    &format!("aggiungere `ruolo = …`: {roles}"),
                );
                None
            }
            Some(r) => {
                let found = Role::ALL
                    .into_iter()
                    .find(|x| x.key() == r.v.trim())
                    .filter(|x| model.role(*x).is_some());
                if found.is_none() {
                    err(
                        &r.at,
                        format!("ruolo «{}» sconosciuto", r.v),
                        &format!(
                            "scrivere {roles} (ruoli descritti in smvp.toml, sezione [individuale])"
                        ),
                    );
                }
                found
            }
        };
        let unit = match &p.unit {
            None => {
                err(
                    &p.at,
                    format!("manca {} della persona valutata", vocab.unit.the(false)),
                    "aggiungere `unita = \"…\"` con il codice del piano (es. \"III\")",
                );
                None
            }
            Some(u) => {
                let id = AreaId(u.v.trim().to_string());
                if plan.areas.iter().any(|a| a.id == id) {
                    Some(id)
                } else {
                    let known = plan
                        .areas
                        .iter()
                        .map(|a| a.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    err(
                        &u.at,
                        format!(
                            "{} «{}» non è nel piano {}",
                            vocab.unit.singular, u.v, plan.year
                        ),
                        &format!("usare uno dei codici del piano: {known}"),
                    );
                    None
                }
            }
        };
        let from = p.from.as_ref().map(|d| d.v).or(year_start);
        let to = p.to.as_ref().map(|d| d.v).or(year_end);
        for d in [&p.from, &p.to].into_iter().flatten() {
            if d.v.year() != plan.year {
                err(
                    &d.at,
                    format!(
                        "la data {} è fuori dall'anno {}",
                        italian::date_short(d.v),
                        plan.year
                    ),
                    "il periodo nel ruolo va indicato dentro l'anno valutato",
                );
            }
        }
        if let (Some(f), Some(t)) = (from, to)
            && f > t
            && let Some(at) =
                p.to.as_ref()
                    .map(|d| &d.at)
                    .or(p.from.as_ref().map(|d| &d.at))
        {
            err(
                at,
                format!(
                    "il periodo finisce ({}) prima di cominciare ({})",
                    italian::date_short(t),
                    italian::date_short(f)
                ),
                "controllare `dal` e `al`",
            );
        }
        for (v, key) in [
            (&p.position_pay, "retribuzione_posizione"),
            (&p.max_amount, "importo_massimo"),
        ] {
            if let Some(v) = v
                && v.v < 0.0
            {
                err(
                    &v.at,
                    format!("`{key}` non può essere negativo"),
                    "scrivere l'importo annuo in euro, es. 12000",
                );
            } else if let Some(v) = v
                && v.v > MAX_AMOUNT
            {
                err(
                    &v.at,
                    format!(
                        "`{key}` = {} è fuori misura: al massimo {} euro",
                        italian::number(v.v, 2),
                        italian::number(MAX_AMOUNT, 0)
                    ),
                    "scrivere l'importo annuo in euro, es. 12000",
                );
            }
        }
        if let Some(m) = role.and_then(|r| model.role(r)) {
            let (needed, key, hint) = match m.pay {
                PayRule::PerPerson => (
                    &p.max_amount,
                    "importo_massimo",
                    "indicare la retribuzione di risultato massima annua in euro, es. `importo_massimo = 3000`",
                ),
                PayRule::Fund {
                    by_position: true, ..
                } => (
                    &p.position_pay,
                    "retribuzione_posizione",
                    "indicare la retribuzione di posizione annua in euro, es. `retribuzione_posizione = 14000`",
                ),
                PayRule::Fund { .. } => (&None, "", ""),
            };
            if needed.is_none() && !key.is_empty() {
                err(
                    &p.at,
                    format!(
                        "manca `{key}`, che serve a calcolare la retribuzione di risultato con le regole di questo ruolo"
                    ),
                    hint,
                );
            }
        }
        let mut scores: Vec<Score> = Vec::new();
        let behaviours = role
            .and_then(|r| model.role(r))
            .map(|m| m.behaviours.clone())
            .unwrap_or_default();
        for s in &p.scores {
            let Some(id) = non_empty(&s.behaviour) else {
                err(
                    &s.at,
                    "manca l'`id` del comportamento valutato".into(),
                    "indicare l'`id` di uno dei comportamenti elencati in smvp.toml",
                );
                continue;
            };
            if role.is_some() && !behaviours.iter().any(|b| b.id == id.v) {
                let known = behaviours
                    .iter()
                    .map(|b| format!("\"{}\"", b.id))
                    .collect::<Vec<_>>()
                    .join(", ");
                err(
                    &id.at,
                    format!("comportamento «{}» sconosciuto per questo ruolo", id.v),
                    &format!("i comportamenti del ruolo sono: {known}"),
                );
                continue;
            }
            if scores.iter().any(|x| x.behaviour == id.v) {
                err(
                    &id.at,
                    format!("il comportamento «{}» è valutato due volte", id.v),
                    "tenere un solo punteggio per comportamento",
                );
                continue;
            }
            let Some(score) = &s.score else {
                err(
                    &s.at,
                    format!("manca il `punteggio` del comportamento «{}»", id.v),
                    "togliere il comportamento (valutazione ancora da fare) o indicarne il punteggio",
                );
                continue;
            };
            if !score.v.is_nan() && !(scale_lo..=scale_hi).contains(&score.v) {
                err(
                    &score.at,
                    format!(
                        "punteggio {} fuori dalla scala da {} a {}",
                        italian::number(score.v, 2),
                        italian::number(scale_lo, 2),
                        italian::number(scale_hi, 2)
                    ),
                    "la scala è indicata in smvp.toml (`scala_minimo`, `scala_massimo`)",
                );
                continue;
            }
            let motivation = non_empty(&s.motivation);
            if model.motivation_at_ends
                && motivation.is_none()
                && (score.v == scale_lo || score.v == scale_hi)
            {
                err(
                    &score.at,
                    format!(
                        "il punteggio {} è all'estremo della scala e richiede una motivazione",
                        italian::number(score.v, 2)
                    ),
                    "aggiungere `motivazione = \"…\"` che spieghi il giudizio",
                );
                continue;
            }
            scores.push(Score {
                behaviour: id.v,
                score: score.v,
                motivation: motivation.map(|m| m.v),
                at: s.at.clone(),
            });
        }
        // The scheda's draft goes to this address only: one that is not
        // an address is an error where it was typed, never passed over.
        let email = non_empty(&p.email).and_then(|v| match crate::mail::check_address(&v.v) {
            None => Some(v.v),
            Some(why) => {
                err(
                    &v.at,
                    format!("l'indirizzo e-mail «{}» non è valido: {why}", v.v),
                    "scrivere l'indirizzo personale della persona valutata, es. \"mario.rossi@comune.esempio.it\", oppure togliere la riga",
                );
                None
            }
        });
        let (Some(name), Some(role), Some(unit), Some(from), Some(to)) =
            (name, role, unit, from, to)
        else {
            continue;
        };
        out.push(Person {
            name: name.v,
            role,
            unit,
            from,
            to,
            position_pay: p.position_pay.as_ref().map(|v| v.v),
            max_amount: p.max_amount.as_ref().map(|v| v.v),
            evaluator: non_empty(&p.evaluator).map(|v| v.v),
            date: p.date.as_ref().map(|v| v.v),
            notes: non_empty(&p.notes).map(|v| v.v),
            email,
            scores,
            at: p.at.clone(),
        });
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(out)
    }
}
