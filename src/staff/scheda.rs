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

/// Points and scores, «al centesimo»: always two decimals (94,00).
fn pts(x: f64) -> String {
    italian::fixed(x, 2)
}

/// A level of the scale or a maximum as written (1, 5, 20).
fn plain(x: f64) -> String {
    italian::number(x, 2)
}

/// A percentage to the hundredth it counts at (83,33%, 98,92%, 100%).
fn percent2(fraction: f64) -> String {
    format!("{}%", italian::number(fraction * 100.0, 2))
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
            italian::with_article("a", &percent2(part_time / 100.0))
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
        |t| json!({ "livello": plain(score), "testo": t }),
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
                "massimo": plain(b.max),
                "componenti": b.components.iter().map(|c| json!({
                    "chi": c.who,
                    "peso": percent2(c.weight / 100.0),
                    "punteggio": plain(c.score),
                    "motivazione": c.motivation,
                })).collect::<Vec<_>>(),
                // One evaluator: the score as given (3); several: their
                // weighted mean to the hundredth (3,40).
                "combinato": match b.components.len() {
                    // Not judged yet: nothing to print but that.
                    0 => None,
                    1 => Some(plain(b.combined)),
                    _ => Some(pts(b.combined)),
                },
                "riesame": b.reviewed.map(pts),
                "punti": (!b.components.is_empty()).then(|| pts(b.points)),
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
                            "livello": plain(*l),
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
            "fascia_prima": e
                .first_score
                .and_then(|x| super::compute::band_of(x, &model.bands))
                .map(|b| b.label.clone()),
        })
    });
    let split = &result.split;
    // What the shares are computed from, so the person can check theirs:
    // the fund left after the bonuses and everyone's weights.
    let eligible: Vec<_> = result
        .evaluations
        .iter()
        .filter_map(|x| x.premium.as_ref())
        .filter(|m| !m.below_minimum && m.weight > 0.0)
        .collect();
    let weights: f64 = eligible.iter().map(|m| m.weight).sum();
    let pool = split.distributed - split.bonus_total;
    // Who got the bonus, and the lowest score that did.
    let with_bonus: Vec<_> = result
        .evaluations
        .iter()
        .filter(|x| {
            x.premium.as_ref().is_some_and(|m| {
                matches!(
                    m.bonus_standing,
                    BonusStanding::Full | BonusStanding::SharedTie
                )
            })
        })
        .collect();
    let threshold = with_bonus
        .iter()
        .filter_map(|x| x.score)
        .fold(None, |lo: Option<f64>, x| Some(lo.map_or(x, |l| l.min(x))));
    let premium = e.premium.as_ref().map(|m| {
        json!({
            "peso": (m.weight > 0.0).then(|| italian::fixed(m.weight, 4)),
            "pesi": italian::fixed(weights, 4),
            "ripartito": euro(pool),
            // What the weight multiplies: the score (or the band's
            // coefficient), the working time, the days.
            "fattore": if model.split == SplitRule::Band {
                e.band.as_ref().map(|b| percent2(b.coefficient / 100.0))
            } else {
                e.score.map(pts)
            },
            "tempo": percent2(p.part_time / 100.0),
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
            "percentuale_al": italian::with_article("a", &percent2(b.percent / 100.0)),
            "quota": match b.quota {
                BonusQuota::Percent(x) => format!("al massimo il {} del personale valutato", percent2(x / 100.0)),
                BonusQuota::Persons(n) => format!("al massimo {}", italian::count(f64::from(n), "persona")),
            },
            "parita_ripartisci": b.tie == TieRule::Share,
            "media": euro(split.average),
            "ciascuna": euro(split.bonus_each),
            "posti": split.places,
            "pari": split.tied,
            // «di un'altra persona», «di altre 2 persone».
            "altri_pari": split.tied.saturating_sub(1),
            "posti_rimasti": split.tied_places,
            // Who got it in the end (ties shared or left out).
            "ricevuta": with_bonus.len(),
            "soglia": threshold.map(pts),
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
            format!("manca la motivazione del punteggio di «{name}», agli estremi della scala")
        })
        .collect();
    for who in &e.missing_judgements {
        missing.push(format!("manca il giudizio di {who}"));
    }
    if p.review
        .as_ref()
        .is_some_and(|r| r.outcome == ReviewOutcome::Pending)
    {
        missing.push("manca l'esito della richiesta di riesame".to_string());
    }
    let objectives = category.filter(|c| c.objective_points > 0.0).map(|_| {
        json!({
            "massimo": plain(e.objectives_part.max),
            "punti": pts(e.objectives_part.points),
            "grado": p.objectives.map(percent2),
        })
    });
    json!({
        "ente": { "nome": plan.ente.name },
        "anno_testo": plan.year.to_string(),
        // The documents' date: the scheda reports the Relazione's grades
        // and the reviews decided up to it (review 37).
        "data": crate::report::date_value(ctx.date),
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
                "peso": percent2(j.weight / 100.0),
            })).collect::<Vec<_>>(),
            "colloquio": p.interview.map(italian::date_long),
        },
        "punteggio": e.score.map(pts),
        "fascia": e.band.as_ref().map(|b| b.label.clone()),
        "parte_unita": {
            "massimo": plain(e.unit_part.max),
            "punti": e.unit_grade.map(|_| pts(e.unit_part.points)),
            "grado": e.unit_grade.map(percent2),
        },
        "parte_obiettivi": objectives,
        "parte_comportamenti": {
            "massimo": plain(e.behaviours_part.max),
            "punti": e.missing_judgements.is_empty().then(|| pts(e.behaviours_part.points)),
        },
        "scala": {
            "minimo": plain(model.scale.min),
            "massimo": plain(model.scale.max),
            "dal_minimo": model.scale.conversion == Conversion::FromBottom,
        },
        "comportamenti": behaviours,
        "dizionario": dictionary,
        "riesame": review,
        "conciliazione": ctx.conciliation,
        // The last day to ask for a review: the colloquio + the period.
        "riesame_entro": p.interview.map(|d| {
            italian::date_long_after("il", d + chrono::Duration::days(model.review_days))
        }),
        // By the scheda's own date the period may be over (review 39).
        "riesame_scaduto": p
            .interview
            .is_some_and(|d| d + chrono::Duration::days(model.review_days) < ctx.date),
        "premio": premium,
        "fondo": {
            "importo": euro(split.fund),
            "atto": fund.act,
            "per_fascia": model.split == SplitRule::Band,
            "minimo": plain(model.minimum_score),
            "economia": model.below_minimum == BelowMinimum::Save,
            // Nobody receives a premium: the whole fund is saved.
            "nessuno": split.with_premium == 0,
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
        "fascia_alta": percent2(d.top_band_share),
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
