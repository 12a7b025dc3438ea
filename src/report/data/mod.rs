//! The JSON the templates read. Numbers and dates are formatted here, in
//! Italian, so templates print strings; raw numbers are kept beside them
//! where a template draws (the bar chart). Keys are Italian because the
//! people who customise templates are the comune's staff.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::italian;
use crate::plan::{AreaId, Objective, Plan};
use crate::scoring::{
    ObjectiveScore, Outcome, OutcomeCounts, QuantityMode, RewardShare, Rules, Standing,
};

mod items;

pub(crate) use items::date_value;
use items::pct;
use items::{
    after_correction, before_correction, counts, detail_json, finer_after, objective_area_json,
    objective_json, status, weight,
};

use super::Input;
use super::settings::ReportConfig;

fn mode(m: QuantityMode) -> &'static str {
    match m {
        QuantityMode::Proportional => "proporzionale",
        QuantityMode::AllOrNothing => "tutto_o_niente",
    }
}

/// The rules, pre-formatted for the methodology text.
pub(crate) fn rules_json(r: &Rules) -> Value {
    let bands: Vec<Value> = r
        .deadline
        .bands
        .iter()
        .map(|b| json!({ "fino_a_giorni": b.up_to_days, "giorni": italian::days(b.up_to_days as i64), "grado": italian::percent(b.grade) }))
        .collect();
    let fasce: Vec<Value> = r
        .reward_bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let next = r
                .reward_bands
                .get(i + 1)
                .map(|n| italian::percent(n.min_grade));
            let (kind, share) = match b.share {
                RewardShare::Fixed(s) => ("fissa", italian::percent(s)),
                RewardShare::Proportional => ("proporzionale", String::new()),
            };
            let from = italian::with_article("da", &italian::percent(b.min_grade));
            json!({
                "etichetta": b.label,
                "intervallo": match &next {
                    Some(n) => format!("{from} a meno {}", italian::with_article("di", n)),
                    None => from.clone(),
                },
                "da": italian::percent(b.min_grade),
                "a": next,
                "tipo": kind,
                "quota": share,
            })
        })
        .collect();
    let mut out = json!({
        "scadenze": {
            "fasce": bands,
            "oltre": italian::percent(r.deadline.beyond_last_band),
            "differibili_con_motivazione": r.deadline.movable_accepts_later_date_with_motivation,
        },
        "minimi": mode(r.quantity.minimum),
        "percentuali": mode(r.quantity.percentage),
        "massimi": {
            "rigido": r.maximum.strict_override,
            "superato": italian::percent(r.maximum.exceeded_grade),
        },
        "obiettivo": match r.objective {
            crate::scoring::ObjectiveAggregation::Mean => "media",
            crate::scoring::ObjectiveAggregation::Minimum => "minimo",
        },
        "soglie": {
            "raggiunto": italian::percent(r.outcomes.achieved),
            "parziale": italian::percent(r.outcomes.partially),
            "raggiunto_del": italian::with_article("di", &italian::percent(r.outcomes.achieved)),
            "parziale_del": italian::with_article("di", &italian::percent(r.outcomes.partially)),
        },
        "mancanti": match r.missing {
            crate::scoring::MissingPolicy::Zero => "zero",
            crate::scoring::MissingPolicy::Exclude => "esclusi",
        },
        "fasce": fasce,
    });
    if let Value::Object(m) = &mut out {
        m.extend(super::shapes::rules_fields(r));
    }
    out
}

fn area_name(plan: &Plan, id: &AreaId) -> String {
    plan.area(id)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Everything both documents share; the scheda adds its `area`.
/// `synthesis_only`: a large ente's Relazione, which stops at the
/// objectives; the indicators are only under `aree` (for the schede).
pub fn build(
    input: &Input,
    config: &ReportConfig,
    date: NaiveDate,
    definitive: bool,
    logo: Option<&str>,
    synthesis_only: bool,
) -> Value {
    let plan = input.plan;
    let sc = input.scorecard;
    let objectives: Vec<(&Objective, &ObjectiveScore)> = sc
        .objectives
        .iter()
        .filter_map(|os| plan.objective(&os.objective).map(|o| (o, os)))
        .collect();

    let themes: Vec<Value> = plan
        .themes
        .iter()
        .filter_map(|t| {
            let objs: Vec<Value> = objectives
                .iter()
                .filter(|(o, os)| o.theme == t.id && os.weighted)
                .map(|(o, os)| objective_json(plan, o, os, !synthesis_only))
                .collect();
            (!objs.is_empty())
                .then(|| json!({ "id": t.id.as_str(), "nome": t.name, "obiettivi": objs }))
        })
        .collect();
    let projects: Vec<Value> = objectives
        .iter()
        .filter(|(_, os)| !os.weighted)
        .map(|(o, os)| objective_json(plan, o, os, !synthesis_only))
        .collect();

    let areas: Vec<Value> = plan
        .areas
        .iter()
        .map(|a| {
            let score = sc.areas.iter().find(|s| s.area == a.id);
            let objs: Vec<Value> = objectives
                .iter()
                .filter_map(|(o, os)| {
                    let oa = os.areas.iter().find(|x| x.area == a.id)?;
                    Some(json!({
                        "id": o.id.as_str(),
                        "titolo": o.title,
                        "ponderato": os.weighted,
                        "peso": weight(oa.weight),
                        "grado": pct(oa.grade),
                        "stato": status(&oa.standing, oa.outcome),
                        "dettaglio": objective_area_json(plan, o, oa, true),
                    }))
                })
                .collect();
            json!({
                "id": a.id.as_str(),
                "nome": a.name,
                "al_nome": input.vocab.named_unit(crate::vocab::Prep::A, a.id.as_str(), &a.name),
                "vertice": plan.is_top_official_unit(&a.id, input.vocab),
                "uffici": a.offices,
                "responsabile": a.head,
                "grado": pct(score.and_then(|s| s.grade)),
                "grado_num": score.and_then(|s| s.grade).map(|g| (g * 1000.0).round() / 10.0),
                "calcolato": before_correction(score.and_then(|s| s.computed), score.and_then(|s| s.grade)),
                "dopo": finer_after(score.and_then(|s| s.computed), score.and_then(|s| s.grade)),
                "corretto": score.is_some_and(|s| s.grade != s.computed),
                "stato": status(&Standing::Scored, score.and_then(|s| s.outcome)),
                "fascia": score.and_then(|s| s.band.as_ref()).map(|b| json!({
                    "etichetta": b.label, "quota": italian::percent(b.share),
                })),
                "peso_totale": score.map(|s| italian::number(s.total_weight, 2)),
                "rendicontato": score.is_some_and(|s| s.reported),
                "spiegazione": score.map(|s| s.explanation.clone()),
                "obiettivi": objs,
            })
        })
        .collect();

    let mut excluded: Vec<Value> = Vec::new();
    let mut corrections: Vec<Value> = Vec::new();
    for (o, os) in &objectives {
        for oa in &os.areas {
            let an = area_name(plan, &oa.area);
            let subject = format!("{} {}", o.id, o.title);
            match &oa.standing {
                Standing::NotApplicable(r) | Standing::Neutralised(r) => excluded.push(json!({
                    "oggetto": subject, "livello": "Obiettivo", "area": an,
                    "area_id": oa.area.as_str(),
                    "stato": status(&oa.standing, None), "motivo": r,
                })),
                _ => {}
            }
            if let Some(c) = &oa.correction {
                corrections.push(json!({
                    "oggetto": subject, "livello": "Obiettivo", "area": an,
                    "calcolato": before_correction(oa.computed, Some(c.grade)),
                    "grado": after_correction(oa.computed, c.grade),
                    "motivazione": c.motivation,
                }));
            }
            for is in &oa.indicators {
                let desc = o
                    .indicators
                    .iter()
                    .find(|i| i.id == is.indicator)
                    .map(|i| format!("{} {}", i.id, i.description))
                    .unwrap_or_else(|| is.indicator.to_string());
                match &is.standing {
                    Standing::NotApplicable(r) | Standing::Neutralised(r) => excluded.push(json!({
                        "oggetto": desc, "livello": "Indicatore", "area": an,
                        "area_id": oa.area.as_str(),
                        "stato": status(&is.standing, None), "motivo": r,
                    })),
                    _ => {}
                }
                if let Some(c) = &is.correction {
                    corrections.push(json!({
                        "oggetto": desc, "livello": "Indicatore", "area": an,
                        "calcolato": before_correction(is.computed, Some(c.grade)),
                        "grado": after_correction(is.computed, c.grade),
                        "motivazione": c.motivation,
                    }));
                }
            }
        }
    }

    let sources: Vec<Value> = input
        .results
        .reports
        .iter()
        .map(|r| {
            json!({
                "file": r.source.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                "area": area_name(plan, &r.source.area),
                "sha256": r.source.sha256,
            })
        })
        .collect();
    let missing_forms: Vec<String> = plan
        .areas
        .iter()
        // A unit with nothing of its own to report (its lead units report
        // for it) had no form to send.
        .filter(|a| input.results.report(&a.id).is_none() && plan.reports_itself(&a.id))
        .map(|a| a.name.clone())
        .collect();

    let sign = |s: &crate::report::settings::Signatory, default_role: &str| {
        json!({
            "nome": s.nome.as_deref().map(str::trim).filter(|n| !n.is_empty()),
            "ruolo": s.ruolo.clone().unwrap_or_else(|| default_role.to_string()),
        })
    };
    let top = {
        let mut t = input.vocab.top_official.the(false);
        if let Some(first) = t.get(..1) {
            let up = first.to_uppercase();
            t.replace_range(..1, &up);
        }
        t
    };
    let secretary = config
        .segretario
        .as_ref()
        .map(|s| sign(s, &top))
        .unwrap_or_else(|| json!({ "nome": null, "ruolo": top }));
    let nucleo: Vec<Value> = config
        .nucleo
        .iter()
        .map(|s| sign(s, "Componente"))
        .collect();

    let mut data = json!({
        "ente": { "nome": plan.ente.name, "provincia": plan.ente.province },
        "anno": plan.year,
        "anno_testo": plan.year.to_string(),
        "data": date_value(date),
        "logo": logo,
        "piano": { "titolo": plan.title, "adottato": plan.adopted_by, "documento": crate::plan::instrument_json(plan) },
        "presentazione_ente": config.presentazione,
        "grado": pct(sc.grade),
        "grado_num": sc.grade.map(|g| (g * 1000.0).round() / 10.0),
        "calcolato": before_correction(sc.computed, sc.grade),
        "dopo": finer_after(sc.computed, sc.grade),
        "stato": status(&Standing::Scored, sc.outcome),
        "conteggi": { "indicatori": counts(&sc.indicator_counts), "obiettivi": counts(&sc.objective_counts) },
        "regole": rules_json(&sc.rules),
        "strategici": super::shapes::strategic(plan, sc, status),
        "soglia_raggiunto_num": sc.rules.outcomes.achieved * 100.0,
        "soglia_parziale_num": sc.rules.outcomes.partially * 100.0,
        "numero_obiettivi": objectives.iter().filter(|(_, os)| os.weighted).count(),
        "numero_indicatori": objectives.iter().filter(|(_, os)| os.weighted).map(|(o, _)| o.indicators.len()).sum::<usize>(),
        "ambiti": themes,
        "progetti": projects,
        "aree": areas,
        "esclusi": excluded,
        "correzioni": corrections,
        "fonti": sources,
        "aree_senza_modulo": missing_forms,
        "firme": { "segretario": secretary, "nucleo": nucleo },
    });
    // Whether the Relazione has its chapter of the evaluator's decisions
    // (confirmed proposals, corrected grades, neutralised results): the
    // Metodologia refers to it only then. A «non applicabile» the unit
    // declared under the plan's condition is no decision.
    let confirmations = confirmations_json(plan, &objectives);
    let decisions = !confirmations.is_empty()
        || !corrections.is_empty()
        || excluded
            .iter()
            .any(|e| e["stato"]["codice"] != "non_applicabile");
    // The chapters added for a publishable Relazione, in a second object:
    // one json! literal of this size hits the macro's recursion limit.
    let (band_groups, band_heads) = bands_json(sc);
    let extra = json!({
        "vocab": input.vocab.to_json(),
        "documento": document_json(config, definitive, input.vocab),
        // What the evaluator cites when it validates (the final version is
        // refused when the results no longer have it): the Relazione's
        // only, since any unit's change moves it.
        "impronta": crate::scoring::fingerprint(sc),
        "in_attesa": pending_json(plan, sc),
        "conferme": confirmations,
        "decisioni": decisions,
        "quote_pubbliche": config.quote_individuali,
        "contesto": config.contesto.as_ref().filter(|c| !c.testo.is_empty() || !c.dato.is_empty()),
        "organizzazione": plan.areas.iter().map(|a| json!({
            "id": a.id.as_str(),
            "nome": a.name, "responsabile": a.head, "uffici": a.offices,
        })).collect::<Vec<_>>(),
        "variazioni": config.variazioni,
        "fasi": phases_json(config, date, definitive),
        "genere": gender_json(config),
        "valutazione": config.valutazione.as_ref().filter(|v| {
            !v.punti_di_forza.is_empty() || !v.criticita.is_empty() || !v.azioni_correttive.is_empty()
        }),
        "mancati": missed_json(plan, &objectives),
        "fasce_aggregate": band_groups,
        "fasce_aggregate_responsabili": band_heads,
        "minimo_persone": crate::privacy::MIN_AGGREGATE,
        "conteggi_ponderati": weighted_counts(&objectives),
        "pesi_uguali": plan.equal_weights(),
        "metodo": method_json(plan, &sc.rules),
        "numero_coppie": objectives.iter().filter(|(_, os)| os.weighted).map(|(_, os)| os.areas.len()).sum::<usize>(),
        "dettaglio": objectives
            .iter()
            .filter(|_| !synthesis_only)
            .map(|(o, os)| detail_json(plan, o, os))
            .collect::<Vec<_>>(),
    });
    if let (Some(map), Value::Object(more)) = (data.as_object_mut(), extra) {
        map.extend(more);
    }
    data
}

/// An act of `relazione.toml` for the templates; `nomina_organo` tells
/// whether its own words already name the body that adopted it
/// ("deliberazione della Giunta comunale n. 84"), so the sentence around
/// it does not name the body twice.
fn act_json(act: &Option<super::settings::Act>, body: &[&str]) -> Value {
    match act {
        Some(a) => json!({
            "atto": a.atto,
            "data": super::settings::act_date(a).map(italian::date_long),
            "del": super::settings::act_date(a).map(|d| italian::with_article("di", &italian::date_long(d))),
            "nomina_organo": a.atto.as_deref().is_some_and(|t| names_any(t, body)),
            // The act cites the results' fingerprint (validation only).
            "cita_impronta": a.impronta.is_some(),
        }),
        None => Value::Null,
    }
}

/// Whether `text` holds one of `names` as whole words, whatever the case.
fn names_any(text: &str, names: &[&str]) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '.')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let text = words(text);
    names.iter().any(|n| {
        let n = words(n);
        !n.is_empty() && text.windows(n.len()).any(|w| w == n.as_slice())
    })
}

/// Draft or final, with the acts that make it final.
fn document_json(
    config: &ReportConfig,
    definitive: bool,
    vocab: &crate::vocab::Vocabulary,
) -> Value {
    let evaluator = [
        vocab.evaluator.singular.as_str(),
        vocab.evaluator_short.as_str(),
    ];
    // The Giunta approves the Relazione (art. 10 D.Lgs. 150/2009) in every comune.
    let giunta = ["Giunta", "DGC", "D.G.C.", "G.C."];
    json!({
        "definitiva": definitive,
        // A draft asked for with the validation already recorded: it
        // neither cites the act nor says it has not happened.
        "validazione_registrata": !definitive && config.validazione.is_some(),
        "validazione": if definitive { act_json(&config.validazione, &evaluator) } else { Value::Null },
        "approvazione": if definitive { act_json(&config.approvazione, &giunta) } else { Value::Null },
    })
}

/// The rules the Metodologia describes only when the plan uses them:
/// phases, targets relative to a starting value, a success level below
/// 100% (the SMVP's, or some indicators' own).
fn method_json(plan: &Plan, rules: &crate::scoring::Rules) -> Value {
    use crate::plan::TargetKind;
    let uses = |kind: TargetKind| {
        plan.objectives
            .iter()
            .flat_map(|o| o.indicators.iter())
            .any(|i| i.targets.iter().any(|t| t.kind() == kind))
    };
    let own_success = plan
        .objectives
        .iter()
        .flat_map(|o| o.indicators.iter())
        .any(|i| i.success.is_some());
    json!({
        "fasi": uses(TargetKind::Phase),
        "variazioni": uses(TargetKind::Change),
        "successo": (rules.success < 1.0).then(|| crate::italian::percent(rules.success)),
        "successo_indicatori": own_success,
        "adozione": super::smvp_doc::adoption_json(rules.adoption.as_ref()),
    })
}

fn pending_json(plan: &Plan, sc: &crate::scoring::Scorecard) -> Vec<Value> {
    sc.pending
        .iter()
        .map(|p| {
            let desc = plan
                .indicator(&p.indicator)
                .map(|(_, i)| i.description.clone())
                .unwrap_or_default();
            json!({
                "indicatore": p.indicator.as_str(),
                "descrizione": desc,
                "area": area_name(plan, &p.area),
                "area_id": p.area.as_str(),
                "tipo": match p.kind {
                    crate::scoring::PendingKind::Qualitative => "valutazione qualitativa",
                    crate::scoring::PendingKind::NotApplicableRequest => "richiesta di non applicabilità",
                },
                "proposta": p.proposal,
            })
        })
        .collect()
}

/// Proposals the Nucleo confirmed, one row per indicator with the Areas.
fn confirmations_json(plan: &Plan, objectives: &[(&Objective, &ObjectiveScore)]) -> Vec<Value> {
    let mut rows: Vec<(String, Vec<String>, String)> = Vec::new();
    for (o, os) in objectives {
        for oa in &os.areas {
            for is in &oa.indicators {
                let Some(m) = &is.confirmation else { continue };
                let desc = o
                    .indicators
                    .iter()
                    .find(|i| i.id == is.indicator)
                    .map(|i| format!("{} {}", i.id, i.description))
                    .unwrap_or_else(|| is.indicator.to_string());
                match rows.iter_mut().find(|(d, _, mm)| d == &desc && mm == m) {
                    Some(r) => r.1.push(area_name(plan, &oa.area)),
                    None => rows.push((desc, vec![area_name(plan, &oa.area)], m.clone())),
                }
            }
        }
    }
    rows.into_iter()
        .map(|(d, a, m)| json!({ "oggetto": d, "aree": a, "motivazione": m }))
        .collect()
}

/// The phases of the cycle; `prevista` when the phase begins after the
/// document's date (a draft of April does not present May's validation
/// as done).
fn phases_json(config: &ReportConfig, date: NaiveDate, definitive: bool) -> Vec<Value> {
    config
        .fase
        .iter()
        .map(|f| {
            // A draft comes before its own validation and approval, whatever
            // month they are given.
            let after_draft = !definitive && validates_or_approves_the_relazione(&f.fase);
            let start = period_start(&f.quando);
            let later = after_draft || start.is_some_and(|start| start > date);
            let ongoing = !later
                && start.is_some_and(|s| s <= date)
                && period_end(&f.quando).is_some_and(|end| end > date);
            json!({
                "fase": f.fase, "quando": f.quando, "chi": f.chi,
                "prevista": later, "in_corso": ongoing,
            })
        })
        .collect()
}

/// Whether a phase of the cycle is the validation or the approval of the
/// Relazione itself («Validazione della Relazione», «Approvazione della
/// Relazione»), which a draft precedes.
fn validates_or_approves_the_relazione(phase: &str) -> bool {
    let lower = phase.to_lowercase();
    lower.contains("validazione") || (lower.contains("approvazione") && lower.contains("relazione"))
}

/// The last day of a period written in words: «gennaio – marzo 2024» ends
/// on 31/03/2024, «15/05/2024» on that day; `None` without a month and year.
pub(crate) fn period_end(text: &str) -> Option<NaiveDate> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| !w.is_empty())
        .collect();
    let mut end = None;
    for (i, w) in words.iter().enumerate() {
        if w.contains('/') {
            if let Some(d) = crate::italian::parse_document_date(w) {
                end = Some(d);
            }
            continue;
        }
        let Some(m) = italian::MONTHS.iter().position(|name| name == w) else {
            continue;
        };
        let Some(year) = words[i + 1..]
            .iter()
            .find_map(|w| w.parse::<i32>().ok().filter(|y| (1900..=2999).contains(y)))
        else {
            continue;
        };
        let (ny, nm) = if m == 11 {
            (year + 1, 1)
        } else {
            (year, m as u32 + 2)
        };
        end = NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt());
    }
    end
}

/// The first day of a period written in words: «maggio 2024», «gennaio –
/// febbraio 2024», «15/05/2024»; `None` when no month and year are found.
pub(crate) fn period_start(text: &str) -> Option<NaiveDate> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if w.contains('/') {
            if let Some(d) = crate::italian::parse_document_date(w) {
                return Some(d);
            }
            continue;
        }
        let Some(m) = italian::MONTHS.iter().position(|name| name == w) else {
            continue;
        };
        let year = words[i + 1..]
            .iter()
            .find_map(|w| w.parse::<i32>().ok().filter(|y| (1900..=2999).contains(y)))?;
        return NaiveDate::from_ymd_opt(year, m as u32 + 1, 1);
    }
    None
}

fn gender_json(config: &ReportConfig) -> Value {
    let Some(g) = &config.genere else {
        return Value::Null;
    };
    if g.testo.is_empty() && g.dato.is_empty() {
        return Value::Null;
    }
    let rows: Vec<Value> = g
        .dato
        .iter()
        .map(|r| {
            let total = r.donne + r.uomini;
            json!({
                "voce": r.voce,
                "donne": r.donne.to_string(),
                "uomini": r.uomini.to_string(),
                "totale": total.to_string(),
                "quota_donne": if total == 0 { "—".to_string() } else { italian::percent(f64::from(r.donne) / f64::from(total)) },
            })
        })
        .collect();
    json!({ "testo": g.testo, "righe": rows })
}

/// Weighted objective×unit pairs not fully achieved, with the units'
/// motivations: the "what was not reached and why" of the summary.
fn missed_json(plan: &Plan, objectives: &[(&Objective, &ObjectiveScore)]) -> Vec<Value> {
    let mut out = Vec::new();
    for (o, os) in objectives.iter().filter(|(_, os)| os.weighted) {
        for oa in &os.areas {
            if !matches!(
                oa.outcome,
                Some(Outcome::PartiallyAchieved | Outcome::NotAchieved)
            ) {
                continue;
            }
            let mut reasons: Vec<String> = Vec::new();
            for is in oa
                .indicators
                .iter()
                .filter(|i| i.grade.is_some_and(|g| g < 1.0))
            {
                for t in &is.targets {
                    if let Some(m) = t.entry.as_ref().and_then(|e| e.motivation.as_ref()) {
                        let m = m.value.trim().to_string();
                        if !m.is_empty() && !reasons.contains(&m) {
                            reasons.push(m);
                        }
                    }
                }
                if let Some(c) = &is.correction
                    && !reasons.contains(&c.motivation)
                {
                    reasons.push(c.motivation.clone());
                }
            }
            out.push(json!({
                "id": o.id.as_str(),
                "titolo": o.title,
                "area": area_name(plan, &oa.area),
                "grado": pct(oa.grade),
                "stato": status(&oa.standing, oa.outcome),
                "motivazioni": items::sentences(reasons),
            }));
        }
    }
    out
}

/// How many heads fall in each reward band (aggregate only: no name, no
/// share), from the units' bands; adjacent bands joined so that no group
/// holds one or two people (`crate::privacy`), nothing with fewer than
/// three heads graded. Gives the groups and how many heads they count.
fn bands_json(sc: &crate::scoring::Scorecard) -> (Vec<Value>, usize) {
    let bands = &sc.rules.reward_bands;
    let counts: Vec<(&str, usize)> = bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let upper = bands.get(i + 1).map(|n| n.min_grade);
            // The scoring engine's tolerance, so 0.9 computed as 0.8999999
            // counts in the band from 90%.
            let tolerance = crate::scoring::GRADE_TOLERANCE;
            let n = sc
                .areas
                .iter()
                .filter_map(|a| a.grade)
                .filter(|g| g + tolerance >= b.min_grade && upper.is_none_or(|u| g + tolerance < u))
                .count();
            (b.label.as_str(), n)
        })
        .collect();
    let heads: usize = counts.iter().map(|(_, n)| n).sum();
    if heads < crate::privacy::MIN_AGGREGATE {
        return (Vec::new(), heads);
    }
    let groups = crate::privacy::band_groups(&counts)
        .into_iter()
        .map(|(labels, n)| {
            json!({
                "etichetta": crate::privacy::group_label(&labels),
                "numero": n,
                "unite": labels.len() > 1,
            })
        })
        .collect();
    (groups, heads)
}

/// Outcomes over weighted objectives only, for objective×unit pairs and
/// indicator×unit pairs alike, so both columns count the same scope.
fn weighted_counts(objectives: &[(&Objective, &ObjectiveScore)]) -> Value {
    let mut obj = OutcomeCounts::default();
    let mut ind = OutcomeCounts::default();
    let add = |c: &mut OutcomeCounts, s: &Standing, o: Option<Outcome>| match (s, o) {
        (Standing::NotApplicable(_), _) => c.not_applicable += 1,
        (Standing::Neutralised(_), _) => c.neutralised += 1,
        (Standing::NotReported, None) | (Standing::Scored, None) => c.not_reported += 1,
        (_, Some(Outcome::Achieved)) => c.achieved += 1,
        (_, Some(Outcome::PartiallyAchieved)) => c.partially_achieved += 1,
        (_, Some(Outcome::NotAchieved)) => c.not_achieved += 1,
    };
    for (_, os) in objectives.iter().filter(|(_, os)| os.weighted) {
        for oa in &os.areas {
            add(&mut obj, &oa.standing, oa.outcome);
            for is in &oa.indicators {
                add(&mut ind, &is.standing, is.outcome);
            }
        }
    }
    json!({ "obiettivi": counts(&obj), "indicatori": counts(&ind) })
}
