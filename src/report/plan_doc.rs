//! Data of the plan document (`templates/piano.typ`): the *Piano e
//! indicatori di performance* as adopted, grouped by theme, with each
//! unit's weights and totals. Numbers and dates are written in Italian
//! here; every word around them is the template's.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::italian;
use crate::plan::export::describe;
use crate::plan::{Plan, Responsibility, Target};
use crate::vocab::Vocabulary;

fn weight(w: Option<f64>) -> Value {
    w.map_or(Value::Null, |w| json!(italian::number(w, 2)))
}

fn responsibilities(plan: &Plan, list: &[Responsibility], vocab: &Vocabulary) -> Value {
    describe(plan, list, vocab)
        .into_iter()
        .map(|(unit, w)| json!({ "unita": unit, "peso": weight(w) }))
        .collect()
}

fn target(t: &Target) -> Value {
    match t {
        Target::Deadline {
            date,
            movable,
            note,
        } => json!({
            "tipo": "scadenza", "data": italian::date_long(*date),
            "spostabile": movable, "nota": note,
        }),
        Target::Minimum { value, unit } => {
            json!({ "tipo": "minimo", "valore": italian::number(*value, 2), "unita": agreeing(*value, unit) })
        }
        Target::Maximum {
            value,
            unit,
            strict,
        } => json!({
            "tipo": if *strict { "inferiore" } else { "massimo" },
            "valore": italian::number(*value, 2), "unita": agreeing(*value, unit),
        }),
        Target::Percentage { value, of } => json!({
            "tipo": "percentuale", "valore": format!("{}%", italian::number(*value, 2)), "di": of,
        }),
        Target::YesNo { what } => json!({ "tipo": "si_no", "testo": what }),
        Target::Qualitative { criterion } => json!({ "tipo": "qualitativo", "testo": criterion }),
        Target::Change { .. } => {
            json!({ "tipo": "variazione", "testo": crate::forms::describe_target(t) })
        }
        Target::Phase { .. } => {
            json!({ "tipo": "fase", "testo": crate::forms::describe_target(t) })
        }
    }
}

/// The date a plan document carries: the day of the act adopting it
/// ("DGC n. 12 del 30/01/2023", also "30.01.2023"), when the plan names
/// one; the last date of the citation when it holds several. The plan
/// loader refuses a citation with a wrong date, so none is passed over.
pub fn adoption_date(plan: &Plan) -> Option<NaiveDate> {
    let text = plan.adopted_by.as_deref()?;
    crate::italian::dates_in_text(text)
        .into_iter()
        .rev()
        .find_map(|d| d.date.ok())
}

/// A phase as a row of the table: its name, weight, dates and deliverable.
fn phase(t: &Target) -> Option<Value> {
    let Target::Phase {
        name,
        start,
        end,
        weight: w,
        note,
    } = t
    else {
        return None;
    };
    let period = italian::period(*start, *end);
    Some(json!({ "nome": name, "peso": weight(*w), "periodo": period, "nota": note }))
}

/// One indicator: its targets of the plan's year (none: «n.a.» that
/// year) and those of the plan's other years, as context. An indicator
/// made of phases has them as rows (`fasi`), each with its weight and
/// dates; its lead unit, when it has one, is named (`capofila`).
fn indicator(plan: &Plan, i: &crate::plan::Indicator, vocab: &Vocabulary) -> Value {
    let phases: Vec<Value> = i.targets.iter().filter_map(phase).collect();
    let phases = if phases.len() == i.targets.len() {
        phases
    } else {
        Vec::new()
    };
    json!({
        "fasi": phases,
        "capofila": i.lead.as_ref().map(|a| plan.area(a).map_or_else(|| a.to_string(), |x| x.name.clone())),
        // «dal Settore Affari generali», with its article.
        "capofila_da": i.lead.as_ref().map(|a| plan.area(a).map_or_else(
            || a.to_string(),
            |x| vocab.unit_named(crate::vocab::Prep::Da, &x.name),
        )),
        "id": i.id.as_str(),
        "descrizione": i.description,
        "livello_atteso": i.expected,
        "condizione": i.condition,
        "responsabili": i.areas.as_ref().map(|l| responsibilities(plan, l, vocab)),
        "traguardi": i.targets.iter().map(target).collect::<Vec<_>>(),
        "altri_anni": i.other_years.iter().map(|y| json!({
            "anno": y.year,
            "traguardi": y.targets.iter().map(target).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The JSON `piano.typ` reads as `dati.json`; `date` is the document's.
pub fn plan_data(plan: &Plan, vocab: &Vocabulary, date: NaiveDate) -> Value {
    let themes: Vec<Value> = plan
        .themes
        .iter()
        .filter_map(|t| {
            let objectives: Vec<Value> = plan
                .objectives
                .iter()
                .filter(|o| o.theme == t.id)
                .map(|o| {
                    json!({
                        "id": o.id.as_str(),
                        "titolo": o.title,
                        "descrizione": o.description,
                        "finanziamento": o.funding,
                        // The payment-times objective (art. 4-bis c.2 DL
                        // 13/2023): on the whole objective, or the code of
                        // its flagged indicator.
                        "tempi_pagamento": o.payment_times.as_ref().map(|f| json!({
                            "indicatore": f.indicator.as_ref().map(|i| i.as_str()),
                        })),
                        "responsabili": responsibilities(plan, &o.areas, vocab),
                        "strategico": o.strategic.as_ref().map(|id| json!({
                            "id": id.as_str(),
                            "titolo": plan.strategic_objective(id).map(|s| s.title.clone()),
                        })),
                        // Indicators with no target in the plan's year are
                        // printed too, in the plan's order, as «n.a.».
                        "indicatori": o.indicators.iter().chain(&o.dormant)
                            .map(|i| indicator(plan, i, vocab))
                            .collect::<Vec<_>>(),
                    })
                })
                .collect();
            (!objectives.is_empty()).then(|| json!({ "nome": t.name, "obiettivi": objectives }))
        })
        .collect();
    let strategic: Vec<Value> = plan
        .strategic
        .iter()
        .map(|s| {
            json!({
                "id": s.id.as_str(),
                "titolo": s.title,
                "descrizione": s.description,
                "obiettivi": plan
                    .objectives
                    .iter()
                    .filter(|o| o.strategic.as_ref() == Some(&s.id))
                    .map(|o| json!({ "id": o.id.as_str(), "titolo": o.title }))
                    .collect::<Vec<_>>(),
                "indicatori": s.indicators.iter().map(|i| indicator(plan, i, vocab)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let counts = plan.counts();
    let units: Vec<Value> = plan
        .areas
        .iter()
        .map(|a| {
            json!({
                "id": a.id.as_str(),
                "nome": a.name,
                "responsabile": a.head,
                "obiettivi": plan.objectives_for(&a.id).count(),
                "peso": italian::number(plan.area_total_weight(&a.id), 2),
            })
        })
        .collect();
    // Objectives with a weight written in the plan: a plan without any is
    // weighed by the SMVP's rule at scoring time, not by this document.
    let weighted = plan.objectives.iter().filter(|o| o.has_weights()).count();
    json!({
        "ente": { "nome": plan.ente.name, "provincia": plan.ente.province },
        "anno_testo": plan.year.to_string(),
        "data": { "anno": date.year(), "mese": date.month(), "giorno": date.day(), "testo": italian::date_long(date) },
        "titolo": plan.title,
        "adottato": plan.adopted_by,
        "documento": crate::plan::instrument_json(plan),
        "vocab": vocab.to_json(),
        "numero_obiettivi": plan.objectives.len(),
        "numero_ponderati": weighted,
        "senza_pesi": weighted == 0,
        // Counted as `consuntivo piano` counts them (`Plan::counts`).
        "numero_indicatori": counts.indicators,
        "numero_senza_traguardo": counts.dormant,
        "numero_traguardi": counts.targets,
        "strategici": strategic,
        // Whether any shared result has a lead unit: the legend of the
        // «(capofila)» mark.
        "con_capofila": plan.objectives.iter().flat_map(|o| &o.indicators).any(|i| i.lead.is_some()),
        "ambiti": themes,
        "unita": units,
    })
}

/// The plan's unit (written in the plural) agreeing with `value`: «almeno
/// 1 corso», «almeno 2 corsi».
fn agreeing(value: f64, unit: &str) -> String {
    if (value - 1.0).abs() < f64::EPSILON {
        italian::singular(unit)
    } else {
        unit.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::pdf_text;

    /// Text without spaces, line breaks or hyphens: table cells wrap and
    /// hyphenate words anywhere.
    fn squash(s: &str) -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '‐'))
            .collect()
    }

    /// The plan document of `plan`, dated by its act (else 30 January),
    /// as squashed text.
    fn document_text(plan: &Plan, vocab: &Vocabulary) -> String {
        let date = adoption_date(plan)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(plan.year, 1, 30).unwrap());
        let pdf = crate::report::render_document(
            &Default::default(),
            "piano.typ",
            plan_data(plan, vocab, date),
            std::path::Path::new("piano.pdf"),
        )
        .unwrap();
        squash(&pdf_text(&pdf))
    }

    #[test]
    fn the_2023_plan_document_holds_every_objective_and_the_unit_totals() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/piano-2023.toml");
        let plan = crate::plan::load(&path).unwrap();
        let text = document_text(&plan, &Vocabulary::default());
        for o in &plan.objectives {
            assert!(
                text.contains(&squash(&format!("{} · {}", o.id, o.title))),
                "{} missing",
                o.id
            );
            for i in &o.indicators {
                assert!(text.contains(&squash(&i.description)), "{} missing", i.id);
            }
        }
        assert!(text.contains(&squash(
            "Il piano contiene 42 obiettivi (39 con peso), 84 indicatori e 100 traguardi; le unità responsabili sono 7."
        )));
        // The closing table: unit, objectives, total weight.
        let totals = text.rsplit("Pesototale").next().unwrap();
        let totals = totals.split("Pagina").next().unwrap();
        let expected: String = plan
            .areas
            .iter()
            .map(|a| {
                let n = plan.objectives_for(&a.id).count();
                squash(&format!(
                    "{}{n}{}",
                    a.name,
                    italian::number(plan.area_total_weight(&a.id), 2)
                ))
            })
            .collect();
        assert_eq!(totals, expected);
        assert!(totals.contains("Segretariogenerale220"));
        assert!(totals.contains("AreaIAffarigeneraliegiuridicolegale1165"));
    }

    /// Issue #20: phases are rows with their weights and dates, not one
    /// cell; a shared result's lead unit is marked, with a legend.
    #[test]
    fn phases_are_rows_with_weights_and_dates_and_the_lead_unit_is_marked() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/piani/settori");
        let plan = crate::plan::load(&dir.join("piano-2025.toml")).unwrap();
        let vocab = crate::vocab::load(&dir).unwrap();
        let date = adoption_date(&plan).unwrap();
        let data = plan_data(&plan, &vocab, date);
        let ob02 = data["ambiti"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| a["obiettivi"].as_array().unwrap())
            .find(|o| o["id"] == "OB02")
            .unwrap();
        let ind = &ob02["indicatori"][0];
        assert_eq!(ind["fasi"].as_array().unwrap().len(), 3, "{ind}");
        assert_eq!(ind["fasi"][1]["peso"], "50");
        assert_eq!(ind["fasi"][1]["periodo"], "dal 01/04/2025 al 30/09/2025");
        let text = document_text(&plan, &vocab);
        for phase in [
            "Fase «Analisi», peso 20, dal 01/02/2025 al 31/03/2025 – documento dei requisiti",
            "Fase «Sviluppo», peso 50, dal 01/04/2025 al 30/09/2025",
            "Fase «Collaudo», peso 30, dal 01/10/2025 al 31/12/2025 – verbale di collaudo",
        ] {
            assert!(text.contains(&squash(phase)), "«{phase}» in {text}");
        }
        // No phase squeezed with another into one text run.
        assert!(!text.contains(&squash("avanzamento in %")), "{text}");
        assert!(text.contains(&squash("(capofila)")), "{text}");
        // The lead unit with its article.
        assert!(
            text.contains(&squash(
                "Rendicontato per tutti dal Settore Affari generali (capofila)"
            )),
            "{text}"
        );
        assert!(
            text.contains(&squash("indicazione «(capofila)» accanto a un")),
            "{text}"
        );
    }

    #[test]
    fn the_triennial_plan_document_prints_the_strategic_level_and_every_indicator() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/piani/triennale");
        let plan = crate::plan::load(&dir.join("piano-2025.toml")).unwrap();
        let text = document_text(&plan, &crate::vocab::load(&dir).unwrap());
        // The strategic level, with the operational objectives under each.
        for s in &plan.strategic {
            assert!(
                text.contains(&squash(&format!("{} · {}", s.id, s.title))),
                "{}",
                s.id
            );
        }
        assert!(text.contains(&squash(
            "Obiettivo strategico S2 · Un territorio sostenibile"
        )));
        assert!(text.contains(&squash("S1.1 Cittadini con identità digitale")));
        // OB3.2 has no target in 2025: printed, as «nessun traguardo».
        assert!(
            text.contains(&squash("OB3.2 Centro del riuso aperto al pubblico")),
            "{text}"
        );
        assert!(text.contains(&squash("nessun traguardo nel 2025")));
        // Counted as `consuntivo piano` counts them.
        assert!(
            text.contains(&squash(
                "Il piano contiene 2 obiettivi strategici, 4 obiettivi (senza pesi), 5 indicatori \
                 (1 senza traguardo nel 2025) e 4 traguardi nel 2025;"
            )),
            "{text}"
        );
        let c = plan.counts();
        assert_eq!((c.indicators, c.dormant, c.targets), (5, 1, 4));
        assert_eq!((c.all_years_targets, c.strategic_targets), (11, 3));
    }

    #[test]
    fn adoption_date_comes_from_the_act() {
        let mut plan = crate::report::tests::plan();
        plan.adopted_by = Some("DGC n. 12 del 30/01/2023".into());
        assert_eq!(adoption_date(&plan), NaiveDate::from_ymd_opt(2023, 1, 30));
        plan.adopted_by = Some("DGC n. 12 del 09.08.2024".into());
        assert_eq!(adoption_date(&plan), NaiveDate::from_ymd_opt(2024, 8, 9));
        plan.adopted_by = Some("DGC n. 12".into());
        assert_eq!(adoption_date(&plan), None);
    }
}
