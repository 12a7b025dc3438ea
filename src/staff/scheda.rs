//! The JSON the staff scheda template reads (`scheda-personale.typ`):
//! numbers, dates and amounts already written in Italian, the sentences in
//! the template. Confidential: one person's scheda, for the person and
//! their evaluators.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::italian::{self, euro};
use crate::plan::Plan;
use crate::vocab::Vocabulary;

use super::model::{
    BelowMinimum, BonusQuota, BonusStanding, Conversion, Finality, Fund, ReviewOutcome, SplitRule,
    StaffEvaluation, StaffModel, StaffResult, TieRule,
};

fn pts(x: f64) -> String {
    italian::number(x, 2)
}

/// The scheda's file name: year, unit, person (safe on every system).
pub fn scheda_file_name(year: i32, e: &StaffEvaluation) -> String {
    let stem = format!(
        "Scheda personale {year} - {} - {}",
        e.unit_name, e.person.name
    );
    format!("{}.pdf", crate::filename::safe_file_name(&stem))
}

/// "tempo pieno", "part-time al 50%".
fn working_time(part_time: f64) -> String {
    if part_time >= 100.0 {
        "tempo pieno".to_string()
    } else {
        format!(
            "part-time {}",
            italian::with_article("a", &italian::percent(part_time / 100.0))
        )
    }
}

/// The level a whole score names in the dictionary, with its sentence.
fn level(model: &StaffModel, descriptors: &[String], score: f64) -> Value {
    if score.fract().abs() > 1e-9 {
        return Value::Null;
    }
    let i = (score - model.scale.min).round();
    if i < 0.0 {
        return Value::Null;
    }
    descriptors.get(i as usize).map_or(
        Value::Null,
        |t| json!({ "livello": pts(score), "testo": t }),
    )
}

/// What every scheda of the run shares.
pub struct SchedaContext<'a> {
    pub plan: &'a Plan,
    pub model: &'a StaffModel,
    pub result: &'a StaffResult,
    /// The fund as the staff file states it (amount, act).
    pub fund: &'a Fund,
    pub vocab: &'a Vocabulary,
    /// The SMVP's conciliation procedure (`scoring::conciliation_json`).
    pub conciliation: Value,
    /// The documents' date: a scheda is dated with the interview, when
    /// recorded, else with this.
    pub date: NaiveDate,
    /// The run's documents are final (`report::is_definitive`).
    pub definitive: bool,
}

/// The data of one person's scheda.
pub fn scheda_data(ctx: &SchedaContext, e: &StaffEvaluation) -> Value {
    let SchedaContext {
        plan,
        model,
        result,
        fund,
        vocab,
        ..
    } = *ctx;
    let p = &e.person;
    let category = model.category(&p.category);
    let descriptors = |id: &str| -> &[String] {
        category
            .and_then(|c| c.behaviours.iter().find(|b| b.id == id))
            .map_or(&[], |b| b.descriptors.as_slice())
    };
    let behaviours: Vec<Value> = e
        .behaviours
        .iter()
        .map(|b| {
            json!({
                "nome": b.name,
                "massimo": pts(b.max),
                "componenti": b.components.iter().map(|c| json!({
                    "chi": c.who,
                    "peso": italian::percent(c.weight / 100.0),
                    "punteggio": pts(c.score),
                    "motivazione": c.motivation,
                })).collect::<Vec<_>>(),
                "combinato": pts(b.combined),
                "riesame": b.reviewed.map(pts),
                "punti": pts(b.points),
                "livello": level(model, descriptors(&b.id), b.score),
            })
        })
        .collect();
    let dictionary: Vec<Value> = category
        .map(|c| {
            c.behaviours
                .iter()
                .filter(|b| !b.descriptors.is_empty())
                .map(|b| {
                    json!({
                        "nome": b.name,
                        "livelli": model.scale.levels().iter().zip(&b.descriptors).map(|(l, t)| json!({
                            "livello": pts(*l),
                            "testo": t,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let review = p.review.as_ref().map(|r| {
        json!({
            "richiesta": italian::date_long(r.requested),
            "motivi": r.reasons,
            "esito": match r.outcome {
                ReviewOutcome::Upheld => "accolta",
                ReviewOutcome::Rejected => "respinta",
                ReviewOutcome::Pending => "in corso",
            },
            "accolta": r.outcome == ReviewOutcome::Upheld,
            "in_corso": r.outcome == ReviewOutcome::Pending,
            "decisione": r.decided.map(italian::date_long),
            "prima": e.first_score.map(pts),
        })
    });
    let split = &result.split;
    let premium = e.premium.as_ref().map(|m| {
        json!({
            "peso": (m.weight > 0.0).then(|| italian::number(m.weight, 4)),
            // What the weight multiplies: the score (or the band's
            // coefficient), the working time, the days.
            "fattore": if model.split == SplitRule::Band {
                e.band.as_ref().map(|b| italian::percent(b.coefficient / 100.0))
            } else {
                e.score.map(pts)
            },
            "tempo": italian::percent(p.part_time / 100.0),
            "giorni": format!("{}/{}", p.days, p.year_days),
            "base": euro(m.base),
            "maggiorazione": (m.bonus > 0.0).then(|| euro(m.bonus)),
            "importo": euro(m.total),
            "sotto_minimo": m.below_minimum,
            "economia": (m.saved > 0.0).then(|| euro(m.saved)),
            "stato_maggiorazione": match m.bonus_standing {
                BonusStanding::None => "nessuna",
                BonusStanding::Full => "piena",
                BonusStanding::SharedTie => "ripartita",
                BonusStanding::ExcludedTie => "esclusa",
            },
        })
    });
    let bonus = model.bonus.as_ref().map(|b| {
        json!({
            "percentuale_al": italian::with_article("a", &italian::percent(b.percent / 100.0)),
            "quota": match b.quota {
                BonusQuota::Percent(x) => format!("al massimo il {} del personale valutato", italian::percent(x / 100.0)),
                BonusQuota::Persons(n) => format!("al massimo {}", italian::count(f64::from(n), "persona")),
            },
            "parita_ripartisci": b.tie == TieRule::Share,
            "media": euro(split.average),
            "ciascuna": euro(split.bonus_each),
            "posti": split.places,
            "pari": split.tied,
            "posti_rimasti": split.tied_places,
        })
    });
    let (definitive_list, why_not) = match &split.finality {
        Finality::Final => (true, None),
        Finality::NotFinal(why) => (false, Some(why.clone())),
    };
    let mut missing: Vec<String> = e
        .missing_motivations
        .iter()
        .map(|id| {
            let name = e
                .behaviours
                .iter()
                .find(|b| &b.id == id)
                .map_or(id.as_str(), |b| b.name.as_str());
            format!("la motivazione del punteggio di «{name}», agli estremi della scala")
        })
        .collect();
    if p.review
        .as_ref()
        .is_some_and(|r| r.outcome == ReviewOutcome::Pending)
    {
        missing.push("l'esito della richiesta di riesame".to_string());
    }
    let objectives = category.filter(|c| c.objective_points > 0.0).map(|_| {
        json!({
            "massimo": pts(e.objectives_part.max),
            "punti": pts(e.objectives_part.points),
            "grado": p.objectives.map(italian::percent),
        })
    });
    json!({
        "ente": { "nome": plan.ente.name },
        "anno_testo": plan.year.to_string(),
        "data": crate::report::date_value(p.interview.unwrap_or(ctx.date)),
        "vocab": vocab.for_unit(p.unit.as_str(), &e.unit_name).to_json(),
        "relazione_in_bozza": !ctx.definitive,
        "mancanze": missing,
        "persona": {
            "nome": p.name,
            "unita": e.unit_name,
            // «dell'Area I Affari generali», «del Settore Tributi».
            "unita_del": vocab.named_unit(crate::vocab::Prep::Di, p.unit.as_str(), &e.unit_name),
            "categoria": e.category_name,
            "tempo": working_time(p.part_time),
            "giorni": if p.days >= p.year_days {
                format!("{} (tutto l'anno)", p.days)
            } else {
                format!("{} su {}", p.days, p.year_days)
            },
            "valutatori": p.judgements.iter().map(|j| json!({
                "chi": j.who,
                "peso": italian::percent(j.weight / 100.0),
            })).collect::<Vec<_>>(),
            "colloquio": p.interview.map(italian::date_long),
        },
        "punteggio": e.score.map(pts),
        "fascia": e.band.as_ref().map(|b| b.label.clone()),
        "parte_unita": {
            "massimo": pts(e.unit_part.max),
            "punti": e.unit_grade.map(|_| pts(e.unit_part.points)),
            "grado": e.unit_grade.map(italian::percent),
        },
        "parte_obiettivi": objectives,
        "parte_comportamenti": {
            "massimo": pts(e.behaviours_part.max),
            "punti": pts(e.behaviours_part.points),
        },
        "scala": {
            "minimo": pts(model.scale.min),
            "massimo": pts(model.scale.max),
            "dal_minimo": model.scale.conversion == Conversion::FromBottom,
        },
        "comportamenti": behaviours,
        "dizionario": dictionary,
        "riesame": review,
        "conciliazione": ctx.conciliation,
        "premio": premium,
        "fondo": {
            "importo": euro(split.fund),
            "atto": fund.act,
            "per_fascia": model.split == SplitRule::Band,
            "minimo": pts(model.minimum_score),
            "economia": model.below_minimum == BelowMinimum::Save,
            "definitivo": definitive_list,
            "motivo": why_not,
        },
        "maggiorazione": bonus,
    })
}

/// One evaluator's differentiation in words, for the scheda of the head
/// who gave those scores (beside the behaviour that judges their ability
/// to evaluate) — confidential, like the scheda.
pub fn differentiation_json(d: &super::model::Differentiation) -> Value {
    json!({
        "persone": d.persons,
        "distinti": d.distinct,
        "deviazione": pts(d.std_dev),
        "fascia_alta": italian::percent(d.top_band_share),
    })
}

/// The head's scheda data with the differentiation of the scores they gave
/// their staff beside `behaviour` (the heads' «capacità di valutazione»),
/// when that behaviour is on the scheda.
pub fn add_differentiation(scheda: &mut Value, behaviour: &str, d: &super::model::Differentiation) {
    let Some(list) = scheda
        .get_mut("comportamenti")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for b in list {
        if b.get("id").and_then(Value::as_str) == Some(behaviour)
            && let Some(m) = b.as_object_mut()
        {
            m.insert("differenziazione".to_string(), differentiation_json(d));
        }
    }
}
