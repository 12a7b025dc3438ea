//! The ente's and each unit's grade against the year before.
//!
//! Units are matched by id, then (for an id the year before did not have)
//! by name, ignoring case and spacing: a renumbered unit is still found,
//! and a unit that changed both is said to be new, never silently paired.
//! Every form of words naming units comes from the [`Vocabulary`].

use serde_json::{Value, json};

use crate::italian;
use crate::vocab::Vocabulary;

use super::OpenData;

/// A grade this year and the year before (fractions 0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Delta {
    pub current: Option<f64>,
    pub previous: Option<f64>,
}

impl Delta {
    /// The change in percentage points, when both grades exist.
    pub fn points(&self) -> Option<f64> {
        match (self.current, self.previous) {
            (Some(c), Some(p)) => Some((c - p) * 100.0),
            _ => None,
        }
    }
}

/// How a unit of this year was found in the year before.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    /// Same id; `renamed_from` when the name differs.
    Id { renamed_from: Option<String> },
    /// Same name under another id.
    Name { previous_id: String },
    /// Not in the year before.
    New,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitDelta {
    pub id: String,
    pub name: String,
    pub delta: Delta,
    pub matched: Match,
}

/// A unit of the year before with no match this year.
#[derive(Debug, Clone, PartialEq)]
pub struct GoneUnit {
    pub id: String,
    pub name: String,
    pub grade: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub year: i32,
    pub previous_year: i32,
    pub ente: Delta,
    /// This year's units, in this year's order.
    pub units: Vec<UnitDelta>,
    pub gone: Vec<GoneUnit>,
}

fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

pub fn compare(current: &OpenData, previous: &OpenData) -> Comparison {
    let mut used = vec![false; previous.units.len()];
    // Ids first, over all units, so a name match never takes a unit that
    // another unit has by id.
    let by_id: Vec<Option<usize>> = current
        .units
        .iter()
        .map(|u| previous.units.iter().position(|p| p.id == u.id))
        .collect();
    for i in by_id.iter().flatten() {
        used[*i] = true;
    }
    let units = current
        .units
        .iter()
        .zip(by_id)
        .map(|(u, id_match)| {
            let found = id_match
                .map(|i| {
                    let p = &previous.units[i];
                    let renamed_from = (!same_name(&p.name, &u.name)).then(|| p.name.clone());
                    (p.grade, Match::Id { renamed_from })
                })
                .or_else(|| {
                    let i = previous
                        .units
                        .iter()
                        .enumerate()
                        .position(|(k, p)| !used[k] && same_name(&p.name, &u.name))?;
                    used[i] = true;
                    let p = &previous.units[i];
                    Some((
                        p.grade,
                        Match::Name {
                            previous_id: p.id.clone(),
                        },
                    ))
                });
            let (previous, matched) = found.unwrap_or((None, Match::New));
            UnitDelta {
                id: u.id.clone(),
                name: u.name.clone(),
                delta: Delta {
                    current: u.grade,
                    previous,
                },
                matched,
            }
        })
        .collect();
    let gone = previous
        .units
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(p, _)| GoneUnit {
            id: p.id.clone(),
            name: p.name.clone(),
            grade: p.grade,
        })
        .collect();
    Comparison {
        year: current.year,
        previous_year: previous.year,
        ente: Delta {
            current: current.ente.grade,
            previous: previous.ente.grade,
        },
        units,
        gone,
    }
}

fn grade(g: Option<f64>) -> String {
    g.map(italian::percent).unwrap_or_else(|| "—".to_string())
}

/// A change in points to one decimal, as every reader is shown it; never
/// -0.
pub fn rounded_points(p: f64) -> f64 {
    let r = (p * 10.0).round() / 10.0;
    if r == 0.0 { 0.0 } else { r }
}

/// "+4,7 punti percentuali", "−1 punto percentuale", "invariato", "—".
pub fn points_text(d: &Delta) -> String {
    let Some(p) = d.points() else {
        return "—".to_string();
    };
    let rounded = rounded_points(p);
    if rounded == 0.0 {
        return "invariato".to_string();
    }
    let sign = if rounded > 0.0 { "+" } else { "−" };
    let n = italian::number(rounded.abs(), 1);
    if rounded.abs() == 1.0 {
        format!("{sign}{n} punto percentuale")
    } else {
        format!("{sign}{n} punti percentuali")
    }
}

/// What a reader needs to know about how a unit was matched, if anything:
/// "nuova nel 2023", "nel 2022 con il codice II", "nel 2022 denominata
/// «Area Tecnica»" (agreeing with the unit noun).
pub fn note(u: &UnitDelta, c: &Comparison, vocab: &Vocabulary) -> Option<String> {
    // The unit's own kind word (`[[altre_unita]]`) gives the agreement.
    let word = vocab.unit_kind(&u.id, &u.name);
    match &u.matched {
        Match::Id { renamed_from: None } => None,
        Match::Id {
            renamed_from: Some(old),
        } => Some(format!(
            "nel {} {} «{old}»",
            c.previous_year,
            word.agree("denominato", false)
        )),
        Match::Name { previous_id } => Some(format!(
            "nel {} con il codice {previous_id}",
            c.previous_year
        )),
        Match::New => Some(format!("{} nel {}", word.agree("nuovo", false), c.year)),
    }
}

/// "Area non più presente nel 2023: Area VII (2022: 80%)", or `None`
/// when every unit of the year before is still there.
pub fn gone_line(c: &Comparison, vocab: &Vocabulary) -> Option<String> {
    if c.gone.is_empty() {
        return None;
    }
    let list: Vec<String> = c
        .gone
        .iter()
        .map(|g| format!("{} ({}: {})", g.name, c.previous_year, grade(g.grade)))
        .collect();
    // Names may hold commas ("Area V Urbanistica, edilizia privata…").
    Some(format!("{}: {}", gone_heading(c, vocab), list.join("; ")))
}

/// "Aree non più presenti nel 2023", for the list of [`Comparison::gone`].
pub fn gone_heading(c: &Comparison, vocab: &Vocabulary) -> String {
    if c.gone.len() == 1 {
        format!("{} non più presente nel {}", vocab.unit.singular, c.year)
    } else {
        format!("{} non più presenti nel {}", vocab.unit.plural, c.year)
    }
}

/// The comparison as printed by `valuta` and `relazione`.
pub fn text(c: &Comparison, vocab: &Vocabulary) -> String {
    let mut out = format!("\nConfronto con il {}\n\n", c.previous_year);
    let header = [
        vocab.unit.singular.clone(),
        c.previous_year.to_string(),
        c.year.to_string(),
        "Differenza".to_string(),
        "Nota".to_string(),
    ];
    let mut rows: Vec<Vec<String>> = c
        .units
        .iter()
        .map(|u| {
            vec![
                u.name.clone(),
                grade(u.delta.previous),
                grade(u.delta.current),
                points_text(&u.delta),
                note(u, c, vocab).unwrap_or_default(),
            ]
        })
        .collect();
    rows.push(vec![
        "Ente".to_string(),
        grade(c.ente.previous),
        grade(c.ente.current),
        points_text(&c.ente),
    ]);
    out.push_str(&crate::text_table::render(&header, &rows));
    if let Some(gone) = gone_line(c, vocab) {
        out.push_str(&gone);
        out.push('\n');
    }
    out
}

/// The comparison for the Relazione's templates (key `confronto`), every
/// value already written in Italian; `punti` is the raw change for charts.
pub fn to_json(c: &Comparison, vocab: &Vocabulary) -> Value {
    let delta = |d: &Delta| {
        json!({
            "grado": grade(d.current),
            "grado_precedente": grade(d.previous),
            // With its article, for prose: "contro l'88% del 2022".
            "il_grado_precedente": d.previous.map(|g| italian::with_article("", &italian::percent(g))),
            "differenza": points_text(d),
            "punti": d.points(),
        })
    };
    let units: Vec<Value> = c
        .units
        .iter()
        .map(|u| {
            let mut v = delta(&u.delta);
            v["id"] = json!(u.id);
            v["nome"] = json!(u.name);
            v["nota"] = json!(note(u, c, vocab));
            v
        })
        .collect();
    let gone: Vec<Value> = c
        .gone
        .iter()
        .map(|g| json!({ "id": g.id, "nome": g.name, "grado_precedente": grade(g.grade) }))
        .collect();
    json!({
        "anno": c.year,
        "anno_precedente": c.previous_year,
        "ente": delta(&c.ente),
        "unita": units,
        "cessate": gone,
        "titolo_cessate": (!c.gone.is_empty()).then(|| gone_heading(c, vocab)),
    })
}
