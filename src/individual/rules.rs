//! The `[individuale]` section of `smvp.toml`: the model of the individual
//! evaluation, read with positions like the rest of the rules file.

use std::path::Path;

use toml::Spanned;
use toml::de::DeValue;

use crate::diag::Diagnostics;
use crate::italian;
use crate::scoring::rules::{choice, read_reward_bands};
use crate::scoring::toml_read::{self as tr, Doc, Table};

use super::model::{
    Behaviour, Conversion, GateMode, Model, NeutralisedRule, PAYMENT_TIMES_MIN_SHARE, PayRule,
    PaymentTimesRule, Role, RoleModel, Scale,
};

pub const SECTION: &str = "individuale";

/// Reads the model from `smvp.toml`; `Ok(None)` when the file has no
/// `[individuale]` section (the comune does not use the individual evaluation).
pub fn load_model(path: &Path) -> Result<Option<Model>, Diagnostics> {
    let text = crate::input::read_text(path)
        .map_err(|e| Diagnostics::from(e.into_diagnostic(path, "il file delle regole")))?;
    parse_model(&text, path)
}

pub fn parse_model(text: &str, path: &Path) -> Result<Option<Model>, Diagnostics> {
    tr::read_section(text, path, SECTION, "[individuale]", |doc, root, t| {
        // The units' pay bands give each head a quota by the unit's grade:
        // with the individual evaluation's own bands the same person would
        // get two.
        if let Some((_, bands)) = root
            .get_ref()
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == "fascia")
        {
            doc.error_hint(
                &bands.span(),
                "ci sono sia le [[fascia]] delle unità sia la valutazione individuale [individuale]: \
                 chi dirige un'unità riceverebbe due quote della retribuzione di risultato",
                "togliere le sezioni [[fascia]]: con [individuale] fascia e retribuzione di ciascuno \
                 le decide la valutazione individuale; oppure togliere [individuale]",
            );
        }
        read_model(doc, t)
    })
}

fn read_model(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<Model> {
    let min = t
        .required(doc, "scala_minimo")
        .and_then(|v| tr::number(doc, v, "scala_minimo"));
    let max_v = t.required(doc, "scala_massimo");
    let max = max_v.and_then(|v| tr::number(doc, v, "scala_massimo"));
    let conversion = t.required(doc, "conversione").and_then(|v| {
        choice(
            doc,
            v,
            "conversione",
            &[
                ("proporzionale", Conversion::Proportional),
                ("dal_minimo", Conversion::FromBottom),
            ],
        )
    });
    let motivation = t
        .required(doc, "motivazione_agli_estremi")
        .and_then(|v| tr::boolean(doc, v, "motivazione_agli_estremi"));
    let neutralised = t.required(doc, "obiettivo_neutralizzato").and_then(|v| {
        choice(
            doc,
            v,
            "obiettivo_neutralizzato",
            &[
                ("ridistribuisci", NeutralisedRule::Redistribute),
                ("togli_dal_massimo", NeutralisedRule::RemoveFromMax),
            ],
        )
    });
    if let (Some(lo), Some(hi), Some(v)) = (min, max, max_v)
        && (lo < 0.0 || hi <= lo)
    {
        doc.error_hint(
            &v.span(),
            format!(
                "scala dei comportamenti non valida: da {} a {}",
                italian::number(lo, 2),
                italian::number(hi, 2)
            ),
            "`scala_minimo` deve essere 0 o più e minore di `scala_massimo` (es. da 1 a 5, o da 0 a 10)",
        );
        return None;
    }
    // Read whole even when wrong: one bad value is one error, and the
    // sections after it are still read (never a false «chiave sconosciuta»).
    let payment_times = match t.get(PAYMENT_TIMES) {
        Some(v) => match tr::table(doc, v, "[individuale.tempi_pagamento]") {
            Some(mut pt) => {
                let r = read_payment_times(doc, &mut pt);
                pt.finish(doc);
                Some(r)
            }
            None => Some(None),
        },
        None => None,
    };
    let mut roles = Vec::new();
    for role in Role::ALL {
        let name = format!("[individuale.{}]", role.key());
        if let Some(v) = t.get(role.key())
            && let Some(mut rt) = tr::table(doc, v, &name)
        {
            let r = read_role(doc, &mut rt, role, &name);
            rt.finish(doc);
            roles.push(r);
        }
    }
    let payment_times = match payment_times {
        Some(None) => return None,
        Some(Some(r)) => Some(r),
        None => None,
    };
    if roles.is_empty() {
        doc.error_hint(
            &t.span,
            "la sezione [individuale] non descrive alcun ruolo",
            "aggiungere [individuale.responsabile] e, se valutato con lo stesso programma, [individuale.vertice]",
        );
        return None;
    }
    Some(Model {
        scale: Scale {
            min: min?,
            max: max?,
            conversion: conversion?,
        },
        motivation_at_ends: motivation?,
        neutralised: neutralised?,
        roles: roles.into_iter().collect::<Option<Vec<_>>>()?,
        payment_times,
    })
}

/// The key of the payment-times rule in `[individuale]`.
pub const PAYMENT_TIMES: &str = "tempi_pagamento";

/// `[individuale.tempi_pagamento]`: `quota` (percent, at least the law's
/// 30) and `modalita` (`"tutto_o_niente"`, the default, or
/// `"proporzionale"`).
fn read_payment_times(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<PaymentTimesRule> {
    let share = t.required(doc, "quota").and_then(|share_v| {
        let share = tr::number(doc, share_v, "quota")?;
        let why = if share < PAYMENT_TIMES_MIN_SHARE {
            format!(
                "almeno il {}% della retribuzione di risultato deve dipendere dagli obiettivi \
                 sui tempi di pagamento (art. 4-bis, c. 2, DL 13/2023, convertito dalla L. 41/2023)",
                italian::number(PAYMENT_TIMES_MIN_SHARE, 0)
            )
        } else if share > 100.0 {
            "è una percentuale della retribuzione di risultato, al massimo 100".to_string()
        } else {
            return Some(share);
        };
        doc.error_hint(
            &share_v.span(),
            format!(
                "`quota` = {} non è ammessa: {why}",
                italian::number(share, 2)
            ),
            "scrivere una percentuale da 30 a 100, es. `quota = 30`",
        );
        None
    });
    let mode = match t.get("modalita") {
        Some(v) => choice(
            doc,
            v,
            "modalita",
            &[
                ("tutto_o_niente", GateMode::AllOrNothing),
                ("proporzionale", GateMode::Proportional),
            ],
        ),
        None => Some(GateMode::AllOrNothing),
    };
    Some(PaymentTimesRule {
        share: share?,
        mode: mode?,
    })
}

fn read_role(
    doc: &mut Doc<'_>,
    t: &mut Table<'_, '_>,
    role: Role,
    name: &str,
) -> Option<RoleModel> {
    let points = |doc: &mut Doc<'_>, v: &Spanned<DeValue<'_>>, key: &str| {
        let x = tr::number(doc, v, key)?;
        if !(0.0..=100.0).contains(&x) {
            doc.error_hint(
                &v.span(),
                format!(
                    "`{key}` = {} è fuori dall'intervallo 0–100",
                    italian::number(x, 2)
                ),
                "i punti delle parti della valutazione sommano a 100",
            );
            return None;
        }
        Some(x)
    };
    let objective_points = t
        .required(doc, "punti_obiettivi")
        .and_then(|v| points(doc, v, "punti_obiettivi"));
    let ente_points = t
        .required(doc, "punti_ente")
        .and_then(|v| points(doc, v, "punti_ente"));
    let mut behaviours: Vec<Behaviour> = Vec::new();
    let mut ok = true;
    if let Some(v) = t.required(doc, "comportamento") {
        for mut b in tr::tables(
            doc,
            v,
            &format!("[[individuale.{}.comportamento]]", role.key()),
        ) {
            let id = b
                .required(doc, "id")
                .and_then(|v| tr::string(doc, v, "id"))
                .map(str::trim);
            let nome = b
                .required(doc, "nome")
                .and_then(|v| tr::string(doc, v, "nome"));
            let pts = b
                .required(doc, "punti")
                .and_then(|v| points(doc, v, "punti"));
            b.finish(doc);
            match (id, nome, pts) {
                (Some(id), Some(nome), Some(pts)) => {
                    if id.is_empty() || behaviours.iter().any(|x| x.id == id) {
                        ok = false;
                        doc.error_hint(
                            &b.span,
                            format!("il comportamento «{id}» è vuoto o ripetuto in {name}"),
                            "dare a ogni comportamento un `id` diverso (es. \"leadership\")",
                        );
                    }
                    behaviours.push(Behaviour {
                        id: id.to_string(),
                        name: nome.trim().to_string(),
                        points: pts,
                    })
                }
                _ => ok = false,
            }
        }
    }
    let bands = match t.required(doc, "fascia") {
        Some(v) => read_reward_bands(doc, v),
        None => None,
    };
    let pay = read_pay(doc, t);
    let (objective_points, ente_points) = (objective_points?, ente_points?);
    if !ok {
        return None;
    }
    let total = objective_points + ente_points + behaviours.iter().map(|b| b.points).sum::<f64>();
    if (total - 100.0).abs() > 1e-9 {
        doc.error_hint(
            &t.span,
            format!(
                "in {name} le parti della valutazione sommano a {} punti invece che a 100",
                italian::number(total, 2)
            ),
            "`punti_obiettivi` + `punti_ente` + i `punti` dei comportamenti devono fare 100",
        );
        return None;
    }
    Some(RoleModel {
        role,
        objective_points,
        ente_points,
        behaviours,
        bands: bands?,
        pay: pay?,
    })
}

fn read_pay(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<PayRule> {
    let kind_v = t.required(doc, "retribuzione")?;
    let kind = choice(
        doc,
        kind_v,
        "retribuzione",
        &[("importo_individuale", false), ("fondo", true)],
    )?;
    let fund_v = t.get("fondo");
    let by_position_v = t.get("per_posizione");
    if !kind {
        for (v, key) in [(fund_v, "fondo"), (by_position_v, "per_posizione")] {
            if let Some(v) = v {
                doc.error_hint(
                    &v.span(),
                    format!("`{key}` vale solo con `retribuzione = \"fondo\"`"),
                    "togliere la riga, oppure scrivere `retribuzione = \"fondo\"`",
                );
                return None;
            }
        }
        return Some(PayRule::PerPerson);
    }
    let Some(fund_v) = fund_v else {
        doc.error_hint(
            &t.span,
            format!("manca la chiave `fondo` {}", t.place),
            "con `retribuzione = \"fondo\"` indicare l'importo del fondo, es. `fondo = 18000`",
        );
        return None;
    };
    let amount = tr::number(doc, fund_v, "fondo")?;
    if amount < 0.0 {
        doc.error(&fund_v.span(), "`fondo` non può essere negativo");
        return None;
    }
    let by_position = match by_position_v {
        Some(v) => tr::boolean(doc, v, "per_posizione")?,
        None => false,
    };
    Some(PayRule::Fund {
        amount,
        by_position,
    })
}
