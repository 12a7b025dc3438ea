//! Synthetic but valid plans and filled results of any size, for the
//! benchmark, for tests, and (with the real plan) for the shipped example
//! data. Deterministic: the same seed gives the same data.

use std::path::PathBuf;

use chrono::{Datelike, Days, NaiveDate};

use crate::plan::{
    Area, AreaId, Ente, Indicator, IndicatorId, Objective, ObjectiveId, Plan, Responsibility,
    Target, Theme, ThemeId,
};
use crate::results::{AreaReport, CellRef, Entry, ProposedStatus, Results, SourceFile, Sourced};

/// A small, fast, well-distributed PRNG (SplitMix64): enough for test data,
/// and it keeps the generator free of dependencies.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `p` (0–1).
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Size of a synthetic plan.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub areas: usize,
    pub objectives: usize,
    pub indicators_per_objective: usize,
}

impl Size {
    /// About `n` indicators (3 an objective) over `areas` Areas.
    pub fn indicators(n: usize, areas: usize) -> Self {
        let per_objective = 3;
        Size {
            areas: areas.max(1),
            objectives: n.div_ceil(per_objective).max(1),
            indicators_per_objective: per_objective,
        }
    }
}

/// Largest group of Areas sharing one objective. Small entes share some
/// objectives among all their Areas ("Tutte le Aree"); a large one or a
/// shared-service centre shares them within a group, so the cost of a plan
/// stays proportional to its indicators.
const SHARED_GROUP: usize = 8;

const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

const AREA_NAMES: [&str; 8] = [
    "Affari generali",
    "Servizi sociali",
    "Finanziaria",
    "Lavori pubblici",
    "Urbanistica",
    "Polizia Locale",
    "Cultura e sport",
    "Ambiente",
];

const THEMES: [&str; 6] = [
    "Legalità e trasparenza",
    "Assetto del territorio",
    "Sicurezza urbana",
    "Transizione digitale",
    "Coesione sociale",
    "Sostenibilità ambientale",
];

const VERBS: [&str; 8] = [
    "Aggiornamento",
    "Digitalizzazione",
    "Riorganizzazione",
    "Potenziamento",
    "Monitoraggio",
    "Semplificazione",
    "Completamento",
    "Revisione",
];

const SUBJECTS: [&str; 10] = [
    "del regolamento comunale",
    "dei procedimenti dello sportello unico",
    "dell'archivio storico",
    "dei servizi on line ai cittadini",
    "del piano di manutenzione delle strade",
    "della rete di videosorveglianza",
    "dei servizi scolastici",
    "delle entrate tributarie",
    "del patrimonio immobiliare",
    "della comunicazione istituzionale",
];

fn id(prefix: &str, n: usize) -> String {
    format!("{prefix}{n:04}")
}

/// A plan of the given size: objectives are dealt to the Areas in turn; one
/// in seven is shared (see [`SHARED_GROUP`]); one in twelve is unweighted (variable
/// resources); target kinds are mixed as in real plans.
pub fn plan(size: Size, year: i32) -> Plan {
    let mut rng = Rng::new(0x5EED ^ year as u64);
    let areas: Vec<Area> = (0..size.areas)
        .map(|i| {
            let roman = ROMAN
                .get(i)
                .map(|s| s.to_string())
                .unwrap_or_else(|| format!("{}", i + 1));
            let base = AREA_NAMES[i % AREA_NAMES.len()];
            let name = if i < AREA_NAMES.len() {
                format!("Area {roman} {base}")
            } else {
                format!("Area {roman} {base} {}", i / AREA_NAMES.len() + 1)
            };
            Area {
                id: AreaId(roman),
                name,
                offices: vec!["segreteria".to_string(), "sportello".to_string()],
                head: None,
                top_official: false,
            }
        })
        .collect();
    let themes: Vec<Theme> = THEMES
        .iter()
        .enumerate()
        .map(|(i, name)| Theme {
            id: ThemeId(format!("ambito-{}", i + 1)),
            name: name.to_string(),
        })
        .collect();
    let mut objectives = Vec::new();
    for n in 0..size.objectives {
        let owner = n % size.areas;
        let shared = n % 7 == 6 && size.areas > 1;
        let weighted = n % 12 != 11;
        let weight = weighted.then(|| (1 + rng.below(10)) as f64);
        let responsibilities: Vec<Responsibility> = if shared && size.areas <= SHARED_GROUP {
            areas
                .iter()
                .map(|a| Responsibility {
                    area: a.id.clone(),
                    weight,
                    note: Some("Tutte le Aree".to_string()),
                })
                .collect()
        } else if shared {
            (0..SHARED_GROUP / 2)
                .map(|k| Responsibility {
                    area: areas[(owner + k) % size.areas].id.clone(),
                    weight,
                    note: None,
                })
                .collect()
        } else {
            vec![Responsibility {
                area: areas[owner].id.clone(),
                weight,
                note: None,
            }]
        };
        let oid = id("OB", n + 1);
        let title = format!("{} {}", rng.pick(&VERBS), rng.pick(&SUBJECTS));
        let indicators = (0..size.indicators_per_objective)
            .map(|k| indicator(&mut rng, &oid, k + 1, year))
            .collect();
        objectives.push(Objective {
            id: ObjectiveId(oid),
            theme: themes[n % themes.len()].id.clone(),
            description: Some(format!(
                "{title}: attività programmate nel corso dell'anno {year}, con il coinvolgimento degli uffici \
                 interessati e la rendicontazione degli esiti alla Giunta comunale."
            )),
            title,
            areas: responsibilities,
            funding: (!weighted).then(|| {
                "Da finanziarsi con risorse variabili Art. 79 CCNL 2019/2021".to_string()
            }),
            indicators,
            strategic: None,
            dormant: Vec::new(),
            payment_times: None,
        });
    }
    Plan {
        ente: Ente {
            name: "Comune di Esempio".to_string(),
            province: Some("BG".to_string()),
        },
        year,
        title: "Piano della performance (dati sintetici)".to_string(),
        adopted_by: None,
        document: None,
        areas,
        themes,
        objectives,
        strategic: Vec::new(),
    }
}

fn indicator(rng: &mut Rng, objective: &str, k: usize, year: i32) -> Indicator {
    let month = 1 + rng.below(12) as u32;
    let date = last_day(year, month);
    let (description, expected, targets, condition) = match rng.below(10) {
        0..=3 => (
            "Approvazione dell'atto da parte della Giunta comunale".to_string(),
            format!("{year}: entro il {}", date.format("%d/%m/%Y")),
            vec![Target::Deadline {
                date,
                movable: None,
                note: None,
            }],
            None,
        ),
        4 => (
            "Iniziative realizzate e partecipanti".to_string(),
            format!("{year}: almeno n. 3 iniziative, almeno 40 partecipanti"),
            vec![
                Target::Minimum {
                    value: 3.0,
                    unit: "iniziative".to_string(),
                },
                Target::Minimum {
                    value: 40.0,
                    unit: "partecipanti".to_string(),
                },
            ],
            None,
        ),
        5 => (
            "Pratiche evase sul totale delle pervenute".to_string(),
            format!("{year}: almeno il 90% delle pratiche"),
            vec![Target::Percentage {
                value: 90.0,
                of: "pratiche pervenute".to_string(),
            }],
            None,
        ),
        6 => (
            "Richiami formali ricevuti".to_string(),
            format!("{year}: richiami inferiori a n. 3"),
            vec![Target::Maximum {
                value: 3.0,
                unit: "richiami".to_string(),
                strict: true,
            }],
            None,
        ),
        7 => (
            "Relazione finale alla Giunta comunale".to_string(),
            format!("{year}: relazione finale alla G.C."),
            vec![Target::YesNo {
                what: "relazione finale alla G.C.".to_string(),
            }],
            None,
        ),
        8 => (
            "Qualità del servizio reso".to_string(),
            format!("{year}: assenza di rilievi da parte degli organi di controllo"),
            vec![Target::Qualitative {
                criterion: "assenza di rilievi da parte degli organi di controllo".to_string(),
            }],
            None,
        ),
        _ => (
            "Avvio del tavolo di co-progettazione".to_string(),
            format!(
                "Solo in caso di adesione all'avviso pubblico: {year}: entro il {}",
                date.format("%d/%m/%Y")
            ),
            vec![Target::Deadline {
                date,
                movable: None,
                note: None,
            }],
            Some("Solo in caso di adesione all'avviso pubblico".to_string()),
        ),
    };
    Indicator {
        id: IndicatorId(format!("{objective}.{k}")),
        description,
        expected,
        targets,
        condition,
        areas: None,
        ..Default::default()
    }
}

fn last_day(year: i32, month: u32) -> NaiveDate {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    first_next
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MIN)
}

/// `{del}` is "del 30/06/2023" or "dell'11/08/2023".
const EVIDENCE: [&str; 6] = [
    "DGC n. {n} {del}",
    "Determinazione n. {n} {del}",
    "Verbale prot. n. {n} {del}",
    "DCC n. {n} {del}",
    "Relazione prot. n. {n} {del}",
    "Pubblicazione sul sito istituzionale {del}",
];

/// Motivations of a deviation, by what went wrong: a date missed, a
/// quantity not reached, something not done or judged only partly done.
const LATE: [&str; 4] = [
    "Ritardo dovuto alla riorganizzazione dell'ufficio per la sostituzione di personale assente per lunghi periodi.",
    "Il fornitore ha consegnato il software oltre i termini contrattuali; l'attività è stata completata appena possibile.",
    "Le risorse previste nel bilancio sono state rese disponibili solo con la variazione di assestamento.",
    "L'atto ha richiesto il parere di altri enti, pervenuto oltre i tempi previsti.",
];

const SHORT: [&str; 3] = [
    "Adesione inferiore alle attese, nonostante la promozione sui canali istituzionali e presso le scuole.",
    "Alcune iniziative sono state annullate per il maltempo e non è stato possibile riprogrammarle entro l'anno.",
    "Le richieste pervenute sono state inferiori al previsto; tutte quelle ricevute sono state evase.",
];

const NOT_DONE: [&str; 3] = [
    "L'attività è stata avviata ma non conclusa entro l'anno per la carenza di personale dell'ufficio.",
    "L'attività è stata rinviata all'anno successivo su indicazione della Giunta comunale.",
    "Sono emerse criticità segnalate agli uffici competenti; le azioni correttive sono in corso.",
];

/// Fills every form of `plan` as the Areas plausibly would: most targets
/// met, some late by days or weeks, a few missed with a motivation,
/// conditional indicators not applicable. Areas listed in `silent` send no form.
pub fn results(plan: &Plan, seed: u64, silent: &[AreaId]) -> Results {
    let mut rng = Rng::new(seed);
    let mut reports = Vec::new();
    for area in &plan.areas {
        if silent.contains(&area.id) {
            continue;
        }
        let file = PathBuf::from(format!("{} - {}.xlsx", plan.year, area.name));
        let mut entries = Vec::new();
        let mut rows = Vec::new();
        let mut row = 2;
        for objective in plan.objectives_for(&area.id) {
            for ind in objective.indicators_for(&area.id) {
                for (t, target) in ind.targets.iter().enumerate() {
                    row += 1;
                    rows.push(crate::results::TargetRow {
                        indicator: ind.id.clone(),
                        target: t,
                        at: CellRef {
                            file: file.clone(),
                            sheet: "Rendicontazione".to_string(),
                            cell: format!("A{row}"),
                        },
                    });
                    entries.push(entry(
                        &mut rng, plan.year, &file, row, &area.id, ind, t, target,
                    ));
                }
            }
        }
        reports.push(AreaReport {
            area: area.id.clone(),
            source: SourceFile {
                path: file,
                sha256: format!(
                    "{:016x}{:016x}{:016x}{:016x}",
                    rng.next_u64(),
                    rng.next_u64(),
                    rng.next_u64(),
                    rng.next_u64()
                ),
                area: area.id.clone(),
            },
            entries,
            rows,
        });
    }
    Results {
        year: plan.year,
        reports,
    }
}

#[allow(clippy::too_many_arguments)]
fn entry(
    rng: &mut Rng,
    year: i32,
    file: &std::path::Path,
    row: usize,
    area: &AreaId,
    ind: &Indicator,
    t: usize,
    target: &Target,
) -> Entry {
    let at = |col: &str| CellRef {
        file: file.to_path_buf(),
        sheet: "Rendicontazione".to_string(),
        cell: format!("{col}{row}"),
    };
    let src = |col: &str, s: String| {
        Some(Sourced {
            value: s,
            at: at(col),
        })
    };
    let mut e = Entry::blank(ind.id.clone(), t, area.clone());
    // 0..80 met, 80..92 late or partial, 92..100 missed.
    let roll = rng.below(100);
    let status = |s: ProposedStatus| {
        Some(Sourced {
            value: s,
            at: at("K"),
        })
    };
    if ind.condition.is_some() {
        e.status = status(ProposedStatus::NotApplicable);
        e.notes = src(
            "M",
            "Nessuna adesione all'avviso pubblico: la condizione non si è verificata.".to_string(),
        );
        return e;
    }
    let mut evidence_date =
        NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
            .unwrap_or(NaiveDate::MIN);
    let evidence_template = rng.pick(&EVIDENCE).to_string();
    let act_number = 1 + rng.below(240);
    let motivation = rng
        .pick(match target {
            Target::Deadline { .. } => &LATE[..],
            Target::Minimum { .. }
            | Target::Percentage { .. }
            | Target::Change { .. }
            | Target::Phase { .. } => &SHORT[..],
            Target::Maximum { .. } | Target::YesNo { .. } | Target::Qualitative { .. } => {
                &NOT_DONE[..]
            }
        })
        .to_string();
    match target {
        Target::Deadline { date, .. } => {
            let delay: i64 = match roll {
                0..=79 => -(rng.below(40) as i64),
                80..=91 => 1 + rng.below(45) as i64,
                _ => 60 + rng.below(60) as i64,
            };
            let when = if delay <= 0 {
                date.checked_sub_days(Days::new((-delay) as u64))
            } else {
                date.checked_add_days(Days::new(delay as u64))
            }
            .unwrap_or(*date);
            let when = if when.year() > year + 1 { *date } else { when };
            e.date = Some(Sourced {
                value: when,
                at: at("G"),
            });
            evidence_date = when;
            if delay > 0 {
                e.motivation = src("N", motivation);
                e.status = status(ProposedStatus::PartiallyAchieved);
            } else {
                e.status = status(ProposedStatus::Achieved);
            }
        }
        Target::Minimum { value, .. } | Target::Percentage { value, .. } => {
            let got = match roll {
                0..=79 => value * (1.0 + rng.below(40) as f64 / 100.0),
                80..=91 => value * (0.6 + rng.below(35) as f64 / 100.0),
                _ => value * (rng.below(50) as f64 / 100.0),
            };
            let got = if matches!(target, Target::Percentage { .. }) {
                got.min(100.0).round()
            } else {
                got.round()
            };
            e.value = Some(Sourced {
                value: got,
                at: at("H"),
            });
            if got < *value {
                e.motivation = src("N", motivation);
            }
        }
        Target::Change { from, goal, .. } => {
            let share = match roll {
                0..=79 => 1.0,
                80..=91 => 0.5,
                _ => 0.0,
            };
            let got = (from + (goal - from) * share).round();
            e.value = Some(Sourced {
                value: got,
                at: at("H"),
            });
            if share < 1.0 {
                e.motivation = src("N", motivation);
            }
        }
        Target::Phase { .. } => {
            let got = if roll < 80 { 100.0 } else { 60.0 };
            e.value = Some(Sourced {
                value: got,
                at: at("H"),
            });
            if got < 100.0 {
                e.motivation = src("N", motivation);
            }
        }
        Target::Maximum { value, .. } => {
            let got = if roll < 92 {
                (rng.below(*value as u64 + 1) as f64 - 1.0).max(0.0)
            } else {
                value + 1.0
            };
            e.value = Some(Sourced {
                value: got,
                at: at("H"),
            });
            if got >= *value {
                e.motivation = src("N", motivation);
            }
        }
        Target::YesNo { .. } => {
            let done = roll < 92;
            e.done = Some(Sourced {
                value: done,
                at: at("I"),
            });
            if !done {
                e.motivation = src("N", motivation);
            }
        }
        Target::Qualitative { .. } => {
            let s = match roll {
                0..=84 => ProposedStatus::Achieved,
                85..=94 => ProposedStatus::PartiallyAchieved,
                _ => ProposedStatus::NotAchieved,
            };
            e.status = status(s);
            if s != ProposedStatus::Achieved {
                e.motivation = src("N", motivation);
            } else {
                // Only beside a judgement of "achieved": the note states
                // how it was checked, not a fact other targets may deny.
                e.notes = src(
                    "M",
                    "Esito verificato a fine anno con l'ufficio competente.".to_string(),
                );
            }
        }
    }
    let evidence = evidence_template
        .replace("{n}", &act_number.to_string())
        .replace(
            "{del}",
            &crate::italian::with_article("di", &evidence_date.format("%d/%m/%Y").to_string()),
        );
    e.evidence = src("L", evidence);
    e
}

/// The plan in the TOML format of `docs/formato-piano.md`, so synthetic
/// plans exercise the real loader.
pub fn plan_toml(plan: &Plan) -> String {
    use std::fmt::Write;
    fn q(s: &str) -> String {
        // serde_json escaping is a valid TOML basic string.
        serde_json::to_string(s).unwrap_or_default()
    }
    fn resp(list: &[Responsibility]) -> String {
        if let Some(first) = list.first()
            && list
                .iter()
                .all(|r| r.note.as_deref() == Some("Tutte le Aree") && r.weight == first.weight)
        {
            return match first.weight {
                Some(w) => format!("[{{ area = \"tutte\", peso = {w} }}]"),
                None => "[{ area = \"tutte\" }]".to_string(),
            };
        }
        let items: Vec<String> = list
            .iter()
            .map(|r| match r.weight {
                Some(w) => format!("{{ area = {}, peso = {} }}", q(r.area.as_str()), w),
                None => format!("{{ area = {} }}", q(r.area.as_str())),
            })
            .collect();
        format!("[{}]", items.join(", "))
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "[piano]\nanno = {}\ntitolo = {}\n",
        plan.year,
        q(&plan.title)
    );
    let _ = writeln!(s, "[ente]\nnome = {}", q(&plan.ente.name));
    if let Some(p) = &plan.ente.province {
        let _ = writeln!(s, "provincia = {}", q(p));
    }
    for a in &plan.areas {
        let offices: Vec<String> = a.offices.iter().map(|o| q(o)).collect();
        let _ = writeln!(
            s,
            "\n[[area]]\nid = {}\nnome = {}\nuffici = [{}]",
            q(a.id.as_str()),
            q(&a.name),
            offices.join(", ")
        );
    }
    for t in &plan.themes {
        let _ = writeln!(
            s,
            "\n[[ambito]]\nid = {}\nnome = {}",
            q(t.id.as_str()),
            q(&t.name)
        );
    }
    for o in &plan.objectives {
        let _ = writeln!(
            s,
            "\n[[obiettivo]]\nid = {}\nambito = {}\ntitolo = {}",
            q(o.id.as_str()),
            q(o.theme.as_str()),
            q(&o.title)
        );
        if let Some(d) = &o.description {
            let _ = writeln!(s, "descrizione = {}", q(d));
        }
        let _ = writeln!(s, "responsabili = {}", resp(&o.areas));
        if let Some(f) = &o.funding {
            let _ = writeln!(s, "finanziamento = {}", q(f));
        }
        for i in &o.indicators {
            let _ = writeln!(
                s,
                "\n[[obiettivo.indicatore]]\nid = {}\ndescrizione = {}\nlivello_atteso = {}",
                q(i.id.as_str()),
                q(&i.description),
                q(&i.expected)
            );
            if let Some(c) = &i.condition {
                let _ = writeln!(s, "condizione = {}", q(c));
            }
            if let Some(list) = &i.areas {
                let _ = writeln!(s, "responsabili = {}", resp(list));
            }
            if let Some(b) = &i.baseline {
                let _ = writeln!(s, "base = {{ valore = {} }}", b.value);
            }
            let targets: Vec<String> = i
                .targets
                .iter()
                .map(|t| match t {
                    Target::Deadline { date, movable, note } => {
                        let mut x = format!("{{ tipo = \"scadenza\", data = {}", q(&date.format("%d/%m/%Y").to_string()));
                        if let Some(m) = movable {
                            x.push_str(&format!(", spostabile = {}", q(m)));
                        }
                        if let Some(n) = note {
                            x.push_str(&format!(", nota = {}", q(n)));
                        }
                        x + " }"
                    }
                    Target::Minimum { value, unit } => {
                        format!("{{ tipo = \"minimo\", valore = {value}, unita = {} }}", q(unit))
                    }
                    Target::Maximum { value, unit, strict } => format!(
                        "{{ tipo = \"massimo\", valore = {value}, unita = {}, stretto = {strict} }}",
                        q(unit)
                    ),
                    Target::Percentage { value, of } => {
                        format!("{{ tipo = \"percentuale\", valore = {value}, di = {} }}", q(of))
                    }
                    Target::YesNo { what } => format!("{{ tipo = \"si_no\", cosa = {} }}", q(what)),
                    Target::Qualitative { criterion } => {
                        format!("{{ tipo = \"qualitativo\", criterio = {} }}", q(criterion))
                    }
                    Target::Change { goal, unit, .. } => {
                        format!("{{ tipo = \"totale\", valore = {goal}, unita = {} }}", q(unit))
                    }
                    Target::Phase { name, start, end, weight, .. } => {
                        let mut x = format!("{{ tipo = \"fase\", nome = {}", q(name));
                        for (k, d) in [("inizio", start), ("fine", end)] {
                            if let Some(d) = d {
                                x.push_str(&format!(", {k} = {}", q(&d.format("%d/%m/%Y").to_string())));
                            }
                        }
                        if let Some(w) = weight {
                            x.push_str(&format!(", peso = {w}"));
                        }
                        x + " }"
                    }
                })
                .collect();
            let _ = writeln!(s, "traguardi = [\n  {},\n]", targets.join(",\n  "));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_determinism() {
        let p = plan(Size::indicators(1000, 20), 2023);
        let n: usize = p.objectives.iter().map(|o| o.indicators.len()).sum();
        assert!((900..=1100).contains(&n), "{n} indicators");
        assert_eq!(p, plan(Size::indicators(1000, 20), 2023));
        let r1 = results(&p, 7, &[]);
        let r2 = results(&p, 7, &[]);
        assert_eq!(r1, r2);
        assert_eq!(r1.reports.len(), 20);
    }

    #[test]
    fn every_area_reports_every_target_it_answers_for() {
        let p = plan(Size::indicators(120, 4), 2024);
        let r = results(&p, 1, &[AreaId::from("II")]);
        assert_eq!(r.reports.len(), 3);
        for report in &r.reports {
            let expected: usize = p
                .objectives_for(&report.area)
                .flat_map(|o| o.indicators_for(&report.area))
                .map(|i| i.targets.len())
                .sum();
            assert_eq!(report.entries.len(), expected);
            assert!(report.entries.iter().all(|e| !e.is_blank()));
        }
    }

    #[test]
    fn outcomes_are_mixed() {
        let p = plan(Size::indicators(600, 6), 2023);
        let r = results(&p, 3, &[]);
        let entries: Vec<&Entry> = r.reports.iter().flat_map(|r| &r.entries).collect();
        let late = entries.iter().filter(|e| e.motivation.is_some()).count();
        let na = entries
            .iter()
            .filter(|e| {
                e.status
                    .as_ref()
                    .is_some_and(|s| s.value == ProposedStatus::NotApplicable)
            })
            .count();
        assert!(late > entries.len() / 20, "some targets missed: {late}");
        assert!(late < entries.len() / 2, "most targets met: {late}");
        assert!(na > 0);
    }

    #[test]
    fn synthetic_plans_are_valid_plan_files() {
        for size in [Size::indicators(60, 3), Size::indicators(1000, 20)] {
            let p = plan(size, 2023);
            let text = plan_toml(&p);
            let loaded = crate::plan::parse(&text, std::path::Path::new("sintetico.toml"))
                .unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(loaded, p);
        }
    }
}
