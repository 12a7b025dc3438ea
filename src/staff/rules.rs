//! The `[personale]` section of `smvp.toml`: the model of the staff
//! evaluation and the fund's rules, read with positions like the rest of
//! the rules file (unknown keys refused, every problem at its line).

use std::path::Path;

use toml::Spanned;
use toml::de::DeValue;

use crate::diag::Diagnostics;
use crate::italian;
use crate::scoring::rules::choice;
use crate::scoring::toml_read::{self as tr, Doc, Table};

use super::model::{
    BONUS_MIN_PERCENT, BelowMinimum, BonusQuota, BonusRule, Category, Conversion, Scale, SplitRule,
    StaffBand, StaffBehaviour, StaffModel, TieRule,
};

/// The section's key in `smvp.toml`.
pub const SECTION: &str = "personale";

/// Longest review period, in days.
const MAX_REVIEW_DAYS: f64 = 365.0;

/// Reads the model from `smvp.toml`; `Ok(None)` when the file has no
/// `[personale]` section (the comune does not evaluate its staff here).
pub fn load_model(path: &Path) -> Result<Option<StaffModel>, Diagnostics> {
    let text = crate::input::read_text(path)
        .map_err(|e| Diagnostics::from(e.into_diagnostic(path, "il file delle regole")))?;
    parse_model(&text, path)
}

/// [`load_model`] over the text of the file.
pub fn parse_model(text: &str, path: &Path) -> Result<Option<StaffModel>, Diagnostics> {
    tr::read_section(text, path, SECTION, "[personale]", |doc, root, t| {
        read_model(doc, t, &head_behaviour_ids(root))
    })
}

/// The ids of `[[individuale.responsabile.comportamento]]`, as written
/// (that section's own reader reports its problems).
fn head_behaviour_ids(root: &Spanned<toml::de::DeTable<'_>>) -> Vec<String> {
    fn get<'v, 'a>(v: &'v DeValue<'a>, key: &str) -> Option<&'v DeValue<'a>> {
        match v {
            DeValue::Table(t) => t
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == key)
                .map(|(_, v)| v.get_ref()),
            _ => None,
        }
    }
    let list = tr::top_key(root, "individuale")
        .and_then(|v| get(v.get_ref(), "responsabile"))
        .and_then(|v| get(v, "comportamento"));
    let Some(DeValue::Array(items)) = list else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|b| match get(b.get_ref(), "id") {
            Some(DeValue::String(s)) => Some(s.trim().to_string()),
            _ => None,
        })
        .collect()
}

/// A number that must pass `ok`; otherwise an error at the value with
/// `why(x)` and `hint`.
fn checked(
    doc: &mut Doc<'_>,
    v: &Spanned<DeValue<'_>>,
    key: &str,
    ok: impl Fn(f64) -> bool,
    why: impl Fn(&str) -> String,
    hint: &str,
) -> Option<f64> {
    let x = tr::number(doc, v, key)?;
    if ok(x) {
        return Some(x);
    }
    let shown = italian::number(x, 2);
    doc.error_hint(
        &v.span(),
        format!("`{key}` = {shown} {}", why(&shown)),
        hint,
    );
    None
}

/// A required text, trimmed.
fn required_text(doc: &mut Doc<'_>, t: &mut Table<'_, '_>, key: &str) -> Option<String> {
    t.required(doc, key)
        .and_then(|v| tr::string(doc, v, key))
        .map(|s| s.trim().to_string())
}

/// A number of points, 0 to 100.
fn points(doc: &mut Doc<'_>, v: &Spanned<DeValue<'_>>, key: &str) -> Option<f64> {
    checked(
        doc,
        v,
        key,
        |x| (0.0..=100.0).contains(&x),
        |_| "è fuori dall'intervallo 0–100".to_string(),
        "i punti delle parti della valutazione del personale sommano a 100",
    )
}

fn read_scale(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<Scale> {
    let bounds: Vec<Option<(f64, &Spanned<DeValue<'_>>)>> = ["scala_minimo", "scala_massimo"]
        .iter()
        .map(|key| {
            let v = t.required(doc, key)?;
            tr::number(doc, v, key).map(|x| (x, v))
        })
        .collect();
    let conversion = t.required(doc, "conversione").and_then(|v| {
        let options = [
            ("proporzionale", Conversion::Proportional),
            ("dal_minimo", Conversion::FromBottom),
        ];
        choice(doc, v, "conversione", &options)
    });
    let (Some((min, _)), Some((max, max_v))) = (bounds[0], bounds[1]) else {
        return None;
    };
    let whole = |x: f64| x.fract() == 0.0;
    if min < 0.0 || max <= min || !whole(min) || !whole(max) || max - min > 20.0 {
        doc.error_hint(
            &max_v.span(),
            format!(
                "scala dei comportamenti del personale non valida: da {} a {}",
                italian::number(min, 2),
                italian::number(max, 2)
            ),
            "scrivere due numeri interi, il minimo 0 o più e minore del massimo, al più 20 livelli (es. da 1 a 5)",
        );
        return None;
    }
    Some(Scale {
        min,
        max,
        conversion: conversion?,
    })
}

fn read_model(
    doc: &mut Doc<'_>,
    t: &mut Table<'_, '_>,
    head_behaviours: &[String],
) -> Option<StaffModel> {
    let at = doc.location(t.span.start);
    let scale = read_scale(doc, t);
    let motivation = t
        .required(doc, "motivazione_agli_estremi")
        .and_then(|v| tr::boolean(doc, v, "motivazione_agli_estremi"));
    let minimum = t
        .required(doc, "punteggio_minimo")
        .and_then(|v| points(doc, v, "punteggio_minimo"));
    let split = t.required(doc, "ripartizione").and_then(|v| {
        let options = [("punteggio", SplitRule::Score), ("fascia", SplitRule::Band)];
        choice(doc, v, "ripartizione", &options)
    });
    let below = t.required(doc, "sotto_minimo").and_then(|v| {
        let options = [
            ("ridistribuisci", BelowMinimum::Redistribute),
            ("economia", BelowMinimum::Save),
        ];
        choice(doc, v, "sotto_minimo", &options)
    });
    let review_days = t.required(doc, "giorni_riesame").and_then(|v| {
        checked(
            doc,
            v,
            "giorni_riesame",
            |x| x.fract() == 0.0 && (0.0..=MAX_REVIEW_DAYS).contains(&x),
            |_| "non è un numero di giorni ammesso".to_string(),
            "scrivere i giorni, interi da 0 a 365, entro cui chi è valutato può chiedere il riesame dopo il colloquio (es. 15)",
        )
        .map(|x| x as i64)
    });
    let head_behaviour = match t.get("comportamento_capacita_valutativa") {
        Some(v) => tr::string(doc, v, "comportamento_capacita_valutativa").and_then(|id| {
            let id = id.trim();
            if !head_behaviours.iter().any(|h| h == id) {
                let known = head_behaviours
                    .iter()
                    .map(|h| format!("\"{h}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                doc.error_hint(
                    &v.span(),
                    format!(
                        "`comportamento_capacita_valutativa` = \"{id}\" non è un comportamento di [individuale.responsabile]"
                    ),
                    &if known.is_empty() {
                        "togliere la riga, oppure aggiungere il comportamento in [[individuale.responsabile.comportamento]]".to_string()
                    } else {
                        format!("scrivere uno dei codici: {known}")
                    },
                );
                None
            } else {
                Some(Some(id.to_string()))
            }
        }),
        None => Some(None),
    };
    let bonus = match t.get("maggiorazione") {
        Some(v) => match tr::table(doc, v, "[personale.maggiorazione]") {
            Some(mut bt) => {
                let b = read_bonus(doc, &mut bt);
                bt.finish(doc);
                b.map(Some)
            }
            None => None,
        },
        None => Some(None),
    };
    let bands = t.required(doc, "fascia").and_then(|v| read_bands(doc, v));
    let categories = match (t.required(doc, "categoria"), &scale) {
        (Some(v), Some(scale)) => read_categories(doc, v, scale),
        _ => None,
    };
    let (bands, minimum) = (bands?, minimum?);
    if bands.iter().all(|b| b.coefficient <= 0.0) {
        doc.error_hint(
            &t.span,
            "nessuna fascia di [personale] ha un coefficiente maggiore di 0: nessuno riceverebbe il premio",
            "dare un `coefficiente` maggiore di 0 almeno alle fasce sopra il punteggio minimo",
        );
        return None;
    }
    Some(StaffModel {
        scale: scale?,
        motivation_at_ends: motivation?,
        categories: categories?,
        bands,
        minimum_score: minimum,
        split: split?,
        below_minimum: below?,
        bonus: bonus?,
        review_days: review_days?,
        head_behaviour: head_behaviour?,
        at,
    })
}

/// `[personale.maggiorazione]`: `percentuale`, `quota_personale` or
/// `persone`, `parita`.
fn read_bonus(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<BonusRule> {
    let percent = t.required(doc, "percentuale").and_then(|v| {
        checked(
            doc,
            v,
            "percentuale",
            |x| (BONUS_MIN_PERCENT..=100.0).contains(&x),
            |_| format!(
                "non è ammessa: la maggiorazione del premio è almeno il {}% del valore medio pro capite dei premi (art. 81 CCNL 16/11/2022)",
                italian::number(BONUS_MIN_PERCENT, 0)
            ),
            "scrivere una percentuale da 30 a 100, es. `percentuale = 30`",
        )
    });
    let by_share = t.get("quota_personale");
    let by_count = t.get("persone");
    let mut quota = || match (by_share, by_count) {
        (Some(a), Some(_)) => {
            doc.error_hint(
                &a.span(),
                "in [personale.maggiorazione] ci sono sia `quota_personale` sia `persone`",
                "tenere una sola delle due: la percentuale del personale valutato oppure il numero di persone",
            );
            None
        }
        (None, None) => {
            doc.error_hint(
                &t.span,
                "in [personale.maggiorazione] manca la quota: `quota_personale` oppure `persone`",
                "aggiungere `quota_personale = 10` (al più il 10% del personale valutato) oppure `persone = 5`",
            );
            None
        }
        (Some(v), None) => {
            let x = checked(
                doc,
                v,
                "quota_personale",
                |x| x > 0.0 && x <= 100.0,
                |_| "è fuori dall'intervallo (0–100]".to_string(),
                "scrivere la percentuale massima del personale valutato che riceve la maggiorazione, es. 10",
            )?;
            Some((BonusQuota::Percent(x), doc.location(v.span().start)))
        }
        (None, Some(v)) => {
            let x = checked(
                doc,
                v,
                "persone",
                |x| x.fract() == 0.0 && (1.0..=100_000.0).contains(&x),
                |_| "non è un numero di persone ammesso".to_string(),
                "scrivere un numero intero da 1 in su, es. `persone = 5`",
            )?;
            Some((BonusQuota::Persons(x as u32), doc.location(v.span().start)))
        }
    };
    let quota = quota();
    let tie = t.required(doc, "parita").and_then(|v| {
        let options = [
            ("ripartisci", TieRule::Share),
            ("escludi", TieRule::Exclude),
        ];
        choice(doc, v, "parita", &options)
    });
    let (quota, at) = quota?;
    Some(BonusRule {
        percent: percent?,
        quota,
        tie: tie?,
        at,
    })
}

/// `[[personale.fascia]]`: `da` (score out of 100), `etichetta`,
/// `coefficiente`; ascending, the first from 0.
fn read_bands(doc: &mut Doc<'_>, v: &Spanned<DeValue<'_>>) -> Option<Vec<StaffBand>> {
    let mut out: Vec<StaffBand> = Vec::new();
    let mut ok = true;
    for mut b in tr::tables(doc, v, "[[personale.fascia]]") {
        let from_v = b.required(doc, "da");
        let from = from_v.and_then(|v| points(doc, v, "da"));
        let label = b
            .required(doc, "etichetta")
            .and_then(|v| tr::string(doc, v, "etichetta"));
        let coefficient = b.required(doc, "coefficiente").and_then(|v| {
            checked(
                doc,
                v,
                "coefficiente",
                |x| (0.0..=100.0).contains(&x),
                |_| "non è ammesso: il coefficiente è una percentuale, da 0 a 100".to_string(),
                "es. 100 per la fascia piena, 80 per l'80%, 0 per nessun premio",
            )
        });
        b.finish(doc);
        let (Some(from), Some(label), Some(coefficient), Some(from_v)) =
            (from, label, coefficient, from_v)
        else {
            ok = false;
            continue;
        };
        let first = out.is_empty();
        if (first && from != 0.0) || out.last().is_some_and(|l| from <= l.from) {
            doc.error_hint(
                &from_v.span(),
                format!(
                    "fascia «{label}» fuori ordine: da {}",
                    italian::number(from, 2)
                ),
                "la prima fascia parte da `da = 0` e ogni fascia parte da un punteggio più alto della precedente",
            );
            ok = false;
        }
        out.push(StaffBand {
            from,
            label: label.trim().to_string(),
            coefficient,
        });
    }
    if out.is_empty() && ok {
        doc.error_hint(
            &v.span(),
            "nessuna fascia del personale",
            "aggiungere almeno una sezione [[personale.fascia]] con `da = 0`",
        );
        return None;
    }
    ok.then_some(out)
}

/// A list of tables read by `read`, each with an `id` not empty and not
/// repeated (`what` names the id in the error); `None` when any is wrong.
fn unique_list<T>(
    doc: &mut Doc<'_>,
    v: &Spanned<DeValue<'_>>,
    place: &str,
    what: &str,
    mut read: impl FnMut(&mut Doc<'_>, &mut Table<'_, '_>) -> Option<T>,
    id: impl Fn(&T) -> &str,
) -> Option<Vec<T>> {
    let mut out: Vec<T> = Vec::new();
    let mut ok = true;
    for mut t in tr::tables(doc, v, place) {
        match read(doc, &mut t) {
            Some(x) if id(&x).is_empty() || out.iter().any(|o| id(o) == id(&x)) => {
                doc.error_hint(
                    &t.span,
                    format!("{what} «{}» è vuoto o ripetuto in {place}", id(&x)),
                    "dare a ognuno un `id` diverso",
                );
                ok = false;
            }
            Some(x) => out.push(x),
            None => ok = false,
        }
        t.finish(doc);
    }
    ok.then_some(out)
}

/// `[[personale.categoria]]` with their behaviours.
fn read_categories(
    doc: &mut Doc<'_>,
    v: &Spanned<DeValue<'_>>,
    scale: &Scale,
) -> Option<Vec<Category>> {
    let out = unique_list(
        doc,
        v,
        "[[personale.categoria]]",
        "il codice di categoria",
        |doc, c| read_category(doc, c, scale),
        |c| &c.id,
    )?;
    if out.is_empty() {
        doc.error_hint(
            &v.span(),
            "nessuna categoria del personale",
            "aggiungere una sezione [[personale.categoria]] per ogni area del CCNL (Operatori, Istruttori, …)",
        );
        return None;
    }
    Some(out)
}

fn read_category(doc: &mut Doc<'_>, t: &mut Table<'_, '_>, scale: &Scale) -> Option<Category> {
    let id = required_text(doc, t, "id");
    let name = required_text(doc, t, "nome");
    let unit_points = t
        .required(doc, "punti_unita")
        .and_then(|v| points(doc, v, "punti_unita"));
    let objective_points = match t.get("punti_obiettivi") {
        Some(v) => points(doc, v, "punti_obiettivi"),
        None => Some(0.0),
    };
    let place = format!(
        "[[personale.categoria.comportamento]] di «{}»",
        id.as_deref().unwrap_or("")
    );
    let behaviours = t.required(doc, "comportamento").and_then(|v| {
        unique_list(
            doc,
            v,
            &place,
            "il codice di comportamento",
            |doc, b| read_behaviour(doc, b, scale),
            |b| &b.id,
        )
    });
    let (id, name, unit_points, objective_points, behaviours) =
        (id?, name?, unit_points?, objective_points?, behaviours?);
    let total = unit_points + objective_points + behaviours.iter().map(|b| b.points).sum::<f64>();
    if (total - 100.0).abs() > 1e-9 {
        doc.error_hint(
            &t.span,
            format!(
                "nella categoria «{id}» le parti della valutazione sommano a {} punti invece che a 100",
                italian::number(total, 2)
            ),
            "`punti_unita` + `punti_obiettivi` + i `punti` dei comportamenti devono fare 100",
        );
        return None;
    }
    Some(Category {
        id,
        name,
        unit_points,
        objective_points,
        behaviours,
    })
}

fn read_behaviour(
    doc: &mut Doc<'_>,
    t: &mut Table<'_, '_>,
    scale: &Scale,
) -> Option<StaffBehaviour> {
    let id = required_text(doc, t, "id");
    let name = required_text(doc, t, "nome");
    let pts = t
        .required(doc, "punti")
        .and_then(|v| points(doc, v, "punti"));
    let levels = scale.levels().len();
    let descriptors = t.required(doc, "descrittori").and_then(|v| {
        let DeValue::Array(items) = v.get_ref() else {
            doc.error(
                &v.span(),
                format!(
                    "`descrittori` deve essere un elenco di frasi, non {}",
                    tr::type_name(v.get_ref())
                ),
            );
            return None;
        };
        let texts: Vec<String> = items
            .iter()
            .filter_map(|i| tr::string(doc, i, "descrittori"))
            .map(|s| s.trim().to_string())
            .collect();
        if texts.len() != items.len() {
            return None;
        }
        if texts.len() != levels || texts.iter().any(String::is_empty) {
            doc.error_hint(
                &v.span(),
                format!(
                    "`descrittori` ha {} frasi, ma la scala ha {levels} livelli (da {} a {})",
                    texts.len(),
                    italian::number(scale.min, 0),
                    italian::number(scale.max, 0)
                ),
                "scrivere una frase non vuota per ogni livello della scala, dal più basso al più alto: è il dizionario dei comportamenti stampato sulla scheda",
            );
            return None;
        }
        Some(texts)
    });
    Some(StaffBehaviour {
        id: id?,
        name: name?,
        points: pts?,
        descriptors: descriptors?,
    })
}
