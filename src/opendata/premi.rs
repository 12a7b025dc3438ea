//! The premi data of art. 20 D.Lgs. 33/2013, as open data: the total
//! budgeted and paid (*Ammontare complessivo dei premi*, comma 1), and
//! their distribution by band with the degree of differentiation (*Dati
//! relativi ai premi*, comma 2). Plain aggregates, built by
//! `individual::premi` from the individual evaluations and carried here so
//! they are written with the rest of the open data, in its CSV format and
//! in `risultati.json` (key `premi`).
//!
//! One row per category of people (the heads, `responsabili`, from
//! `individual::premi`; the staff, `personale`, from `staff::premi`), and
//! per group of bands. No names, no one person's amount: [`category`]
//! builds a category's figures from its concluded evaluations with one
//! rule (`crate::privacy`) whoever they are; the rest writes what it is
//! given.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::State;
use super::csv::{Cell, decimal, int, opt_text, table, text, yes_no};

/// «Ammontare complessivo dei premi».
pub const AMOUNT_FILE: &str = "premi-ammontare.csv";
/// «Dati relativi ai premi»: the distribution by band.
pub const DISTRIBUTION_FILE: &str = "premi-distribuzione.csv";
/// «Dati relativi ai premi»: the degree of differentiation.
pub const DIFFERENTIATION_FILE: &str = "premi-differenziazione.csv";

/// Which of the premi files a path is (by its name), for the sub-section
/// of «Amministrazione trasparente» it goes to; `None` for the other open
/// data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File {
    Amount,
    Distribution,
    Differentiation,
}

impl File {
    pub fn of(path: &Path) -> Option<File> {
        match path.file_name()?.to_str()? {
            AMOUNT_FILE => Some(File::Amount),
            DISTRIBUTION_FILE => Some(File::Distribution),
            DIFFERENTIATION_FILE => Some(File::Differentiation),
            _ => None,
        }
    }
}

/// The premi data of one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Premi {
    /// `definitiva` only when the Relazione is final and every evaluation
    /// of every category is concluded with its amount: a partial total
    /// published today and the whole one tomorrow would give the last
    /// person's amount by difference.
    #[serde(rename = "stato")]
    pub state: State,
    /// One per category of people with at least three concluded
    /// evaluations, in a fixed order (heads, then staff).
    #[serde(rename = "categorie")]
    pub categories: Vec<Category>,
}

/// The premi of one category of people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Stable code: `responsabili` or `personale`.
    #[serde(rename = "categoria")]
    pub code: String,
    /// The ente's word for them («Responsabili di Settore»).
    #[serde(rename = "categoria_nome")]
    pub name: String,
    /// The pay rule of `smvp.toml`: `fondo` or `importo_individuale`.
    #[serde(rename = "retribuzione")]
    pub pay_rule: String,
    /// Concluded evaluations: the people every figure below is about.
    #[serde(rename = "persone_valutate")]
    pub evaluated: usize,
    #[serde(rename = "valutazioni_non_concluse")]
    pub pending: usize,
    /// People with an amount above zero; `None` when one or two (withheld
    /// with the amounts).
    #[serde(rename = "persone_premiate")]
    pub paid: Option<usize>,
    /// The fund, or the sum of the people's maximum amounts, as
    /// configured; `None` when withheld or not all given.
    #[serde(rename = "importo_stanziato")]
    pub budgeted: Option<f64>,
    /// Σ the amounts of the concluded evaluations; `None` when withheld or
    /// not yet determined.
    #[serde(rename = "importo_distribuito")]
    pub distributed: Option<f64>,
    #[serde(rename = "differenziazione")]
    pub differentiation: Differentiation,
    /// The bands, adjacent ones joined, lowest first.
    #[serde(rename = "fasce")]
    pub bands: Vec<BandGroup>,
}

/// How differentiated the evaluations are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Differentiation {
    /// Different scores out of 100 (to the hundredth).
    #[serde(rename = "punteggi_distinti")]
    pub distinct_scores: usize,
    /// Bands of the model.
    #[serde(rename = "fasce_previste")]
    pub bands: usize,
    /// Bands holding at least one person.
    #[serde(rename = "fasce_utilizzate")]
    pub bands_used: usize,
    /// The group holding the top band: the band alone, or joined with its
    /// neighbours when it holds one or two people. `None` (empty) when the
    /// top band had to be joined with the lowest: «everyone in the top
    /// band» would be the opposite of the truth (review 34).
    #[serde(rename = "fascia_piu_alta")]
    pub top: Option<String>,
    #[serde(rename = "persone_fascia_piu_alta")]
    pub top_people: Option<usize>,
    /// `top_people ÷ evaluated` (0–1).
    #[serde(rename = "quota_persone_fascia_piu_alta")]
    pub top_share: Option<f64>,
}

/// A band, or adjacent bands joined, with its people and amounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandGroup {
    /// 1, 2, … from the lowest.
    #[serde(rename = "gruppo")]
    pub number: usize,
    /// The bands' labels, as in `smvp.toml`.
    #[serde(rename = "fasce")]
    pub labels: Vec<String>,
    #[serde(rename = "unite")]
    pub joined: bool,
    /// Score out of 100 from which the group starts (included).
    #[serde(rename = "da_punti")]
    pub from: f64,
    /// Score at which the next group starts (excluded); `None` for the last.
    #[serde(rename = "fino_a_punti_escluso")]
    pub to: Option<f64>,
    #[serde(rename = "persone")]
    pub people: usize,
    /// `people ÷ evaluated` (0–1).
    #[serde(rename = "quota_persone")]
    pub share: f64,
    #[serde(rename = "importo_totale")]
    pub total: Option<f64>,
    /// `total ÷ people`, to the cent; `None` for an empty group.
    #[serde(rename = "importo_medio")]
    pub mean: Option<f64>,
}

/// One concluded evaluation as the premi data see it: its band (index
/// in the model's bands), its score out of 100, its amount (`None` until
/// determined) and whether it is paid something.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Member {
    pub band: usize,
    pub score: Option<f64>,
    pub amount: Option<f64>,
    pub paid: bool,
}

/// What a category's premi data are built from: its code and name, its
/// pay rule's code, the model's bands (label, score from which it starts),
/// the concluded evaluations, how many are not concluded, the budget, and
/// how many of the concluded lost part of their amount to a rule whose
/// saving is not redistributed (the budget less the total would be their
/// amounts: with one or two, the amounts are withheld).
pub struct Source<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub pay_rule: &'a str,
    pub bands: Vec<(&'a str, f64)>,
    pub finals: &'a [Member],
    pub pending: usize,
    pub budgeted: Option<f64>,
    pub losing: usize,
}

fn euros(c: i64) -> f64 {
    use crate::decimal::Ratio;
    Ratio::int(c)
        .checked_div(Ratio::int(100))
        .and_then(|r| r.round(2))
        .unwrap_or(c as f64 / 100.0)
}

/// `total ÷ n` to the cent, half away from zero.
fn mean_cents(total: i64, n: usize) -> Option<f64> {
    use crate::decimal::Ratio;
    Ratio::int(total)
        .checked_div(Ratio::int(n as i64))?
        .checked_div(Ratio::int(100))?
        .round(2)
}

/// Σ amounts, exactly in cents; `None` when one is not determined.
fn total_cents<'a>(members: impl IntoIterator<Item = &'a Member>) -> Option<i64> {
    members
        .into_iter()
        .map(|m| m.amount.map(crate::decimal::cents))
        .sum()
}

/// A category's premi data (`s.finals` holds at least
/// [`crate::privacy::MIN_AGGREGATE`] evaluations): the bands joined as
/// every public document shows them (`privacy::groups` over the people
/// and those paid), the amounts withheld when one or two are paid or lose
/// part of theirs, the differentiation over the published groups.
pub fn category(s: &Source) -> Category {
    let n = s.finals.len();
    let in_band = |i: usize| s.finals.iter().filter(move |m| m.band == i);
    let counts: Vec<(&str, [usize; 2])> = s
        .bands
        .iter()
        .enumerate()
        .map(|(i, (label, _))| {
            (
                *label,
                [in_band(i).count(), in_band(i).filter(|m| m.paid).count()],
            )
        })
        .collect();
    let groups = crate::privacy::groups(&counts);
    let paid_total: usize = groups.iter().map(|(_, [_, p])| p).sum();
    // How many are paid, and so how many are not: one or two people paid
    // nothing (below a minimum) would be told apart by the difference
    // (review 37).
    let counts_shown = crate::privacy::publishable(&[paid_total, n - paid_total]);
    let amounts_shown = counts_shown && crate::privacy::publishable(&[s.losing]);
    let points = |x: f64| crate::decimal::round_product(&[x], &[], 2);
    let mut start = 0;
    let mut spans = Vec::new();
    let bands: Vec<BandGroup> = groups
        .iter()
        .enumerate()
        .map(|(i, (labels, [people, _]))| {
            let span = start..start + labels.len();
            start = span.end;
            spans.push(span.clone());
            let total = total_cents(span.clone().flat_map(in_band)).filter(|_| amounts_shown);
            BandGroup {
                number: i + 1,
                labels: labels.iter().map(|l| l.to_string()).collect(),
                joined: labels.len() > 1,
                from: points(s.bands[span.start].1),
                to: s.bands.get(span.end).map(|b| points(b.1)),
                people: *people,
                share: *people as f64 / n as f64,
                total: total.map(euros),
                mean: total.and_then(|t| (*people > 0).then(|| mean_cents(t, *people)).flatten()),
            }
        })
        .collect();
    let mut scores: Vec<i64> = s
        .finals
        .iter()
        .filter_map(|m| m.score)
        .map(crate::decimal::cents)
        .collect();
    scores.sort_unstable();
    scores.dedup();
    // The top band's group, unless it reaches down to the lowest band:
    // «everyone in the top band» would be the opposite of the truth.
    let top = groups
        .last()
        .zip(spans.last())
        .filter(|(_, span)| span.start > 0);
    let top_people = top.map(|((_, [p, _]), _)| *p);
    Category {
        code: s.code.to_string(),
        name: s.name.to_string(),
        pay_rule: s.pay_rule.to_string(),
        evaluated: n,
        pending: s.pending,
        paid: counts_shown.then_some(paid_total),
        budgeted: s.budgeted.filter(|_| counts_shown),
        distributed: total_cents(s.finals).map(euros).filter(|_| amounts_shown),
        differentiation: Differentiation {
            distinct_scores: scores.len(),
            bands: s.bands.len(),
            // Counted over the published groups, not the bands: three
            // bands merged into one group of three, counted as three
            // bands used, would say one person is in each (review 34).
            bands_used: groups.iter().filter(|(_, [p, _])| *p > 0).count(),
            top: top.map(|((labels, _), _)| crate::privacy::group_label(labels)),
            top_people,
            top_share: top_people.map(|t| t as f64 / n as f64),
        },
        bands,
    }
}

/// «A», «A e B», «A, B e C».
fn label(labels: &[String]) -> String {
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    crate::privacy::group_label(&refs)
}

/// `n ÷ total` in percentage points, two decimals, exact (half away from
/// zero on the decimal): 1 of 6 → «16,67».
fn share_percent(n: usize, total: usize) -> Cell {
    use crate::decimal::Ratio;
    let exact = || {
        Ratio::int(n as i64)
            .checked_mul(Ratio::int(100))?
            .checked_div(Ratio::int(total as i64))?
            .round(2)
    };
    decimal(exact(), 2)
}

fn count(n: Option<usize>) -> Cell {
    n.map(int).unwrap_or(Cell::Empty)
}

pub const AMOUNT_COLUMNS: [&str; 10] = [
    "anno",
    "stato_dati",
    "categoria",
    "categoria_nome",
    "retribuzione",
    "persone_valutate",
    "valutazioni_non_concluse",
    "persone_premiate",
    "importo_stanziato",
    "importo_distribuito",
];

pub const DISTRIBUTION_COLUMNS: [&str; 12] = [
    "anno",
    "stato_dati",
    "categoria",
    "gruppo",
    "fasce",
    "fasce_unite",
    "da_punti",
    "fino_a_punti_escluso",
    "persone",
    "quota_persone_percentuale",
    "importo_totale",
    "importo_medio",
];

pub const DIFFERENTIATION_COLUMNS: [&str; 10] = [
    "anno",
    "stato_dati",
    "categoria",
    "persone_valutate",
    "punteggi_distinti",
    "fasce_previste",
    "fasce_utilizzate",
    "fascia_piu_alta",
    "persone_fascia_piu_alta",
    "quota_persone_fascia_piu_alta_percentuale",
];

/// The three files (name and bytes); none when no category could be
/// published.
pub fn tables(year: i32, p: &Premi) -> Vec<(&'static str, Vec<u8>)> {
    if p.categories.is_empty() {
        return Vec::new();
    }
    let lead = || vec![int(year), text(p.state.code())];
    let amount = p
        .categories
        .iter()
        .map(|c| {
            let mut row = lead();
            row.extend([
                text(&c.code),
                text(&c.name),
                text(&c.pay_rule),
                int(c.evaluated),
                int(c.pending),
                count(c.paid),
                decimal(c.budgeted, 2),
                decimal(c.distributed, 2),
            ]);
            row
        })
        .collect();
    let distribution = p
        .categories
        .iter()
        .flat_map(|c| c.bands.iter().map(move |b| (c, b)))
        .map(|(c, b)| {
            let mut row = lead();
            row.extend([
                text(&c.code),
                int(b.number),
                text(&label(&b.labels)),
                yes_no(b.joined),
                decimal(Some(b.from), 2),
                decimal(b.to, 2),
                int(b.people),
                share_percent(b.people, c.evaluated),
                decimal(b.total, 2),
                decimal(b.mean, 2),
            ]);
            row
        })
        .collect();
    let differentiation = p
        .categories
        .iter()
        .map(|c| {
            let d = &c.differentiation;
            let mut row = lead();
            row.extend([
                text(&c.code),
                int(c.evaluated),
                int(d.distinct_scores),
                int(d.bands),
                int(d.bands_used),
                opt_text(d.top.as_deref()),
                d.top_people.map(int).unwrap_or(Cell::Empty),
                match d.top_people {
                    Some(n) => share_percent(n, c.evaluated),
                    None => Cell::Empty,
                },
            ]);
            row
        })
        .collect();
    vec![
        (AMOUNT_FILE, table(&AMOUNT_COLUMNS, amount)),
        (
            DISTRIBUTION_FILE,
            table(&DISTRIBUTION_COLUMNS, distribution),
        ),
        (
            DIFFERENTIATION_FILE,
            table(&DIFFERENTIATION_COLUMNS, differentiation),
        ),
    ]
}
