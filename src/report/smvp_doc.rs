//! Data of the SMVP document (`templates/smvp.typ`, `smvp documento`): the
//! methodological part of the *Sistema di misurazione e valutazione della
//! performance* written from `smvp.toml`. Every worked example is graded
//! by the scoring functions on example values (`scoring::grade_example`
//! and the others), so the adopted text says what the computation does.
//! Numbers, dates and the product's own explanations are written here;
//! every word around them is the template's.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::italian;
use crate::plan::{AreaId, Change, IndicatorId, Target};
use crate::results::{CellRef, Entry, ProposedStatus, Sourced};
use crate::scoring::{self, Adoption, Outcome, Rules};
use crate::vocab::Vocabulary;

/// A value as an example row carries it (no cell: it is not from a form).
fn sourced<T>(value: T) -> Sourced<T> {
    Sourced {
        value,
        at: CellRef {
            file: PathBuf::new(),
            sheet: String::new(),
            cell: String::new(),
        },
    }
}

fn entry() -> Entry {
    Entry::blank(IndicatorId::from("esempio"), 0, AreaId::from("esempio"))
}

fn pct(g: Option<f64>) -> Value {
    g.map_or(Value::Null, |g| json!(italian::percent(g)))
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Achieved => "raggiunto",
        Outcome::PartiallyAchieved => "parzialmente_raggiunto",
        Outcome::NotAchieved => "non_raggiunto",
    }
}

/// One example: the target graded on `entry`, with its explanation.
fn graded(target: &Target, entry: &Entry, rules: &Rules, vocab: &Vocabulary) -> Value {
    let e = scoring::grade_example(target, entry, rules, vocab);
    json!({ "grado": pct(e.grade), "grado_num": e.grade, "spiegazione": e.text })
}

/// Deliveries on time and at the edge of each delay band, and one day
/// past the last: a deadline on 30 June of the document's year.
fn deadline_examples(rules: &Rules, vocab: &Vocabulary, year: i32) -> Vec<Value> {
    let Some(deadline) = NaiveDate::from_ymd_opt(year, 6, 30) else {
        return Vec::new();
    };
    let target = Target::Deadline {
        date: deadline,
        movable: None,
        note: None,
    };
    let mut delays: Vec<i64> = vec![0];
    delays.extend(rules.deadline.bands.iter().map(|b| i64::from(b.up_to_days)));
    delays.push(
        rules
            .deadline
            .bands
            .last()
            .map_or(1, |b| i64::from(b.up_to_days) + 1),
    );
    delays
        .into_iter()
        .map(|d| {
            let mut e = entry();
            e.date = Some(sourced(deadline + chrono::Duration::days(d)));
            let mut v = graded(&target, &e, rules, vocab);
            v["giorni"] = json!(d);
            v["ritardo"] = json!(italian::days(d));
            v
        })
        .collect()
}

fn value_entry(v: f64) -> Entry {
    let mut e = entry();
    e.value = Some(sourced(v));
    e
}

/// The examples of each kind of target, then how they roll up.
fn examples(rules: &Rules, vocab: &Vocabulary, year: i32) -> Value {
    let deadlines = deadline_examples(rules, vocab, year);
    let minimum = Target::Minimum {
        value: 10.0,
        unit: String::new(),
    };
    let minimum = json!({
        "atteso": italian::number(10.0, 0), "raggiunto": italian::number(8.0, 0),
        "esito": graded(&minimum, &value_entry(8.0), rules, vocab),
    });
    let percentage = Target::Percentage {
        value: 90.0,
        of: String::new(),
    };
    let percentage = json!({
        "atteso": "90%", "raggiunto": "81%",
        "esito": graded(&percentage, &value_entry(81.0), rules, vocab),
    });
    // A maximum of 3, reached exactly: «inferiore a 3» and «non superiore
    // a 3» differ only here.
    let maximum: Vec<Value> = [true, false]
        .into_iter()
        .map(|strict| {
            let t = Target::Maximum {
                value: 3.0,
                unit: String::new(),
                strict,
            };
            json!({
                "stretto": strict,
                "esito": graded(&t, &value_entry(3.0), rules, vocab),
            })
        })
        .collect();
    let mut partial = entry();
    partial.status = Some(sourced(ProposedStatus::PartiallyAchieved));
    let qualitative = graded(
        &Target::Qualitative {
            criterion: String::new(),
        },
        &partial,
        rules,
        vocab,
    );

    // A change from a baseline: +10% from 200, 215 reached; a level to
    // hold (a total equal to the baseline of 2.000), 1.990 reached; a
    // project in two phases weighing 40 and 60, at 100% and 50%, combined
    // as the engine combines them (review 33 C9).
    let variation = |from: f64, change: Change, reached: f64| {
        let t = Target::Change {
            from,
            goal: change.goal(from),
            change,
            unit: String::new(),
            previous: None,
        };
        json!({
            "partenza": italian::number(from, 0),
            "obiettivo": italian::number(change.goal(from), 0),
            "raggiunto": italian::number(reached, 0),
            "esito": graded(&t, &value_entry(reached), rules, vocab),
        })
    };
    let increase = variation(200.0, Change::IncreasePercent(10.0), 215.0);
    let hold = variation(2000.0, Change::Total(2000.0), 1990.0);
    let plan_phases = [
        ("progettazione", 40.0, 100.0),
        ("realizzazione", 60.0, 50.0),
    ];
    let phases: Vec<Value> = plan_phases
        .iter()
        .map(|(name, weight, progress)| {
            let t = Target::Phase {
                name: (*name).to_string(),
                start: None,
                end: None,
                weight: Some(*weight),
                note: None,
            };
            let mut v = graded(&t, &value_entry(*progress), rules, vocab);
            v["peso"] = json!(italian::number(*weight, 0));
            v["avanzamento"] = json!(italian::percent(progress / 100.0));
            v
        })
        .collect();
    let phase_items: Vec<(Option<f64>, Option<f64>)> = plan_phases
        .iter()
        .zip(&phases)
        .map(|((_, weight, _), p)| (Some(*weight), p["grado_num"].as_f64()))
        .collect();
    let project = scoring::weighted_grade(&phase_items);

    // An objective of three indicators: the deadline late in the first
    // band (or on time), the minimum and the percentage above.
    let grade_of = |v: &Value| v["grado_num"].as_f64();
    let late = deadlines.get(1).or(deadlines.first());
    let indicators: Vec<Option<f64>> = vec![
        late.and_then(grade_of),
        grade_of(&minimum["esito"]),
        grade_of(&percentage["esito"]),
    ];
    let items: Vec<(Option<f64>, Option<f64>)> = indicators.iter().map(|g| (None, *g)).collect();
    let objective = scoring::aggregate_grades(&items, rules.objective);
    // A unit with three objectives: the one above, one fully achieved and
    // one neutralised, weighing 20, 30 and 10.
    let unit_items = [
        (Some(20.0), objective),
        (Some(30.0), Some(1.0)),
        (Some(10.0), None),
    ];
    let unit = scoring::weighted_grade(&unit_items);
    let success = (rules.success < 1.0).then(|| {
        let raw = 0.72;
        json!({
            "grezzo": italian::percent(raw),
            "al_grezzo": italian::with_article("a", &italian::percent(raw)),
            "livello": italian::percent(rules.success),
            "grado": italian::percent(scoring::measured_against_success(raw, rules.success)),
        })
    });
    json!({
        "scadenze": deadlines,
        "scadenza": late.and_then(|v| v.get("ritardo")).cloned(),
        "minimo": minimum,
        "percentuale": percentage,
        "massimo": maximum,
        "qualitativo": qualitative,
        "variazione": increase,
        "mantenere": hold,
        "fasi": {
            "fasi": phases,
            "grado": pct(project),
            // «vale il 70%», «vale l'80%».
            "vale": project.map(|g| italian::with_article("", &italian::percent(g))),
        },
        "successo": success,
        "obiettivo": {
            "indicatori": indicators.iter().map(|g| pct(*g)).collect::<Vec<_>>(),
            "grado": pct(objective),
            "esito": objective.map(|g| outcome(scoring::outcome_of(g, rules))),
        },
        "unita": {
            "obiettivi": unit_items.iter().map(|(w, g)| json!({
                "peso": w.map(|w| italian::number(w, 0)),
                "grado": pct(*g),
            })).collect::<Vec<_>>(),
            "grado": pct(unit),
            "esito": unit.map(|g| outcome(scoring::outcome_of(g, rules))),
        },
    })
}

/// An act's date as the template prints it.
fn date_json(d: NaiveDate) -> Value {
    json!({
        "breve": italian::date_short(d),
        "lunga": italian::date_long(d),
        "il": italian::date_long_after("il", d),
        "del": italian::date_long_after("del", d),
    })
}

/// `[adozione]`, for the SMVP document and the Relazione's methodology.
pub(crate) fn adoption_json(a: Option<&Adoption>) -> Value {
    a.map_or(Value::Null, |a| {
        json!({
            "atto": a.act,
            "numero": a.number,
            "data": date_json(a.date),
            "parere": { "data": date_json(a.opinion.date), "protocollo": a.opinion.protocol },
        })
    })
}

/// The JSON `smvp.typ` reads as `dati.json`. `individual` is the
/// individual model's part (`individual::method_data`), built by its own
/// module; `date` is the document's.
pub fn smvp_data(
    ente: &str,
    rules: &Rules,
    individual: Option<Value>,
    vocab: &Vocabulary,
    date: NaiveDate,
) -> Value {
    json!({
        "ente": { "nome": ente },
        "data": { "anno": date.year(), "mese": date.month(), "giorno": date.day(), "testo": italian::date_long(date) },
        "vocab": vocab.to_json(),
        "regole": super::data::rules_json(rules),
        "adozione": adoption_json(rules.adoption.as_ref()),
        "conciliazione": crate::scoring::conciliation_json(rules.conciliation.as_ref()),
        "anno_testo": date.year().to_string(),
        // Grades as a sentence says them: «vale lo 0%», «pari almeno al 90%».
        "art": {
            "oltre": italian::with_article("", &italian::percent(rules.deadline.beyond_last_band)),
            "superato": italian::with_article("", &italian::percent(rules.maximum.exceeded_grade)),
            "parziale_qualitativo": italian::with_article("", &italian::percent(rules.qualitative.partially_achieved)),
            "raggiunto_al": italian::with_article("a", &italian::percent(rules.outcomes.achieved)),
            "raggiunto_del": italian::with_article("di", &italian::percent(rules.outcomes.achieved)),
            "parziale_dal": italian::with_article("da", &italian::percent(rules.outcomes.partially)),
        },
        "esempi": examples(rules, vocab, date.year()),
        "individuale": individual,
    })
}
