//! The *livello atteso* as plans word it, turned into typed targets where
//! the words leave no doubt ("entro il 30/06/2023", "almeno n. 2 giornate",
//! "almeno il 90%", "inferiori a n. 3"). Everything else becomes a target
//! marked to check, with the reason: the importer never presents a guess
//! as certain.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::plan::Target;

/// One target read from the text, with the words it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub target: Target,
    /// The words of the livello atteso the target was read from.
    pub words: String,
    /// Why a person must check it (`None`: typed with confidence).
    pub check: Option<String>,
}

/// What a livello atteso holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    /// "Solo in caso di adesione all'avviso pubblico".
    pub condition: Option<String>,
    pub targets: Vec<Inferred>,
    /// Words that became no target (each to check).
    pub leftovers: Vec<String>,
}

use crate::italian::MONTHS;

const NUM: &str = r"(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)";

static YEAR_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*((?:19|20)\d{2})\s*:\s*").expect("valid regex"));
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*((?:solo |soltanto )?in caso di [^:,;]+)[:,;]?\s*").expect("valid regex")
});
static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    let months = MONTHS.join("|");
    Regex::new(&format!(
        r"(?i)\b(?:entro(?:\s+(?:il|la data del|e non oltre il))?|non oltre il)\s+(?:(\d{{1,2}})[/.\-](\d{{1,2}})(?:[/.\-](\d{{2,4}}))?|(\d{{1,2}})°?\s+({months})(?:\s+(\d{{4}}))?|(?:(?:la )?fine (?:di |del mese di )?)?({months})(?:\s+(\d{{4}}))?)\b"
    ))
    .expect("valid regex")
});
static BARE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})/(\d{1,2})/(\d{4})\s+(?i:o data successiva)").expect("valid regex")
});
static MOVABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*,?\s*(o data successiva.*)$").expect("valid regex"));
static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\b(?:almeno|minimo|non inferiore al?)\s+(?:il\s+|al\s+)?)?{NUM}\s*%"
    ))
    .expect("valid regex")
});
static MINIMUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:almeno|minimo|non meno di|non inferiori? a)\s+(?:(?:il\s+)?n(?:\.|°|umero)\s*)?{NUM}(?:\s*%)?"
    ))
    .expect("valid regex")
});
/// Words that end what a number counts and start another target.
static UNIT_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s)(?:entro|fino al|o data|e non oltre)\b").expect("valid regex")
});
/// "2 corsi" opening a sentence or following a comma: a count to reach.
static BARE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[,;]\s*)(?:n\.\s*)?(\d{1,3}(?:\.\d{3})+|\d+)\s+[a-zà-ÿ]")
        .expect("valid regex")
});
static MAXIMUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(inferior[ei] a|meno di|minori? di|non superior[ei] a|al massimo|massimo|non più di)\s+(?:n(?:\.|°|umero)\s*)?{NUM}(?:\s*%)?"
    ))
    .expect("valid regex")
});
/// Words that ask for a judgement rather than a fact.
static JUDGEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(rinvio|assenza di|tempestiv|adeguat|efficac|qualità|soddisfazione|miglioramento)",
    )
    .expect("valid regex")
});

/// An Italian number as plans write it: "1.000" (thousands), "7,5".
fn number(s: &str) -> Option<f64> {
    let s = if s.contains('.') && !s.contains(',') {
        s.replace('.', "")
    } else {
        s.replace(',', ".")
    };
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    next.pred_opt()
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .map(|i| i as u32 + 1)
}

fn year_of(s: Option<regex::Match<'_>>, plan_year: i32) -> Option<i32> {
    match s {
        None => Some(plan_year),
        Some(m) => {
            let y: i32 = m.as_str().parse().ok()?;
            Some(if m.as_str().len() == 2 { 2000 + y } else { y })
        }
    }
}

/// A span of the line taken by a target, and what it became.
struct Anchor {
    start: usize,
    /// Extra characters taken after `end` (a movable clause, a unit).
    taken_to: usize,
    inferred: Inferred,
}

/// Reads a livello atteso. `year` types dates without a year ("15/5");
/// `fallback` names what a bare number counts ("Almeno 15") when the text
/// does not: the indicator's description.
pub fn parse_expected(text: &str, year: i32, fallback: &str) -> Parsed {
    let mut out = Parsed::default();
    for raw_line in text.lines() {
        let mut line = raw_line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(c) = YEAR_PREFIX.captures(line) {
            let line_year: i32 = c[1].parse().unwrap_or(year);
            let rest = &line[c[0].len()..];
            if line_year != year {
                out.leftovers.push(format!(
                    "riga riferita al {line_year}, non all'anno del piano ({year}): «{}»",
                    line
                ));
                continue;
            }
            line = rest.trim();
        }
        if let Some(c) = CONDITION.captures(line) {
            let cond = c[1].trim().to_string();
            let rest_start = c[0].len();
            if out.condition.is_none() {
                let mut chars = cond.chars();
                out.condition = chars
                    .next()
                    .map(|f| f.to_uppercase().chain(chars).collect());
            }
            line = line[rest_start..].trim();
            if line.is_empty() {
                continue;
            }
        }
        parse_line(line, year, fallback, &mut out);
    }
    if out.targets.is_empty() {
        let words = text.trim();
        let criterion = strip_year(words);
        out.targets.push(Inferred {
            target: Target::Qualitative {
                criterion: if criterion.is_empty() {
                    fallback.to_string()
                } else {
                    criterion
                },
            },
            words: words.to_string(),
            check: Some("nessun traguardo misurabile riconosciuto nel livello atteso".into()),
        });
        out.leftovers.clear();
    }
    out
}

fn strip_year(text: &str) -> String {
    text.lines()
        .map(|l| match YEAR_PREFIX.find(l) {
            Some(m) => l[m.end()..].trim(),
            None => l.trim(),
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn overlaps(anchors: &[Anchor], start: usize, end: usize) -> bool {
    anchors.iter().any(|a| start < a.taken_to && a.start < end)
}

fn parse_line(line: &str, year: i32, fallback: &str, out: &mut Parsed) {
    let mut anchors: Vec<Anchor> = Vec::new();
    deadlines(line, year, &mut anchors);
    for c in PERCENT.captures_iter(line) {
        let m = c.get(0).expect("group 0 always matches");
        if overlaps(&anchors, m.start(), m.end()) {
            continue;
        }
        let Some(value) = number(&c[1]) else { continue };
        let (of, taken_to) = unit_after(line, m.end());
        let of = if of.is_empty() {
            unit_before(line, m.start(), &anchors).unwrap_or_else(|| fallback.to_string())
        } else {
            of
        };
        let check = (value > 100.0).then(|| format!("percentuale {value} oltre 100"));
        anchors.push(Anchor {
            start: m.start(),
            taken_to,
            inferred: Inferred {
                target: Target::Percentage {
                    value: value.min(100.0),
                    of,
                },
                words: line[m.start()..taken_to.max(m.end())].trim().to_string(),
                check,
            },
        });
    }
    for (re, is_max) in [(&*MINIMUM, false), (&*MAXIMUM, true)] {
        for c in re.captures_iter(line) {
            let m = c.get(0).expect("group 0 always matches");
            if overlaps(&anchors, m.start(), m.end()) {
                continue;
            }
            let num = c.get(c.len() - 1).map_or("", |g| g.as_str());
            let Some(value) = number(num) else { continue };
            let in_parens = line[..m.start()].trim_end().ends_with('(');
            let (after, taken_to) = unit_after(line, m.end());
            let before = unit_before(line, m.start(), &anchors);
            // "Richiami inferiori a n. 3": a maximum names what it counts
            // before; a minimum after ("almeno 2 giornate"), or before
            // when it sits in parentheses ("associazioni (minimo n. 20)").
            let unit = if is_max || in_parens {
                before.clone().filter(|b| !b.is_empty()).unwrap_or(after)
            } else if after.is_empty() {
                before.clone().unwrap_or_default()
            } else {
                after
            };
            let unit = if unit.is_empty() {
                fallback.to_string()
            } else {
                unit
            };
            let target = if is_max {
                let strict = c.get(1).is_some_and(|k| {
                    k.as_str().to_lowercase().starts_with("inferior")
                        || k.as_str().to_lowercase().starts_with("meno")
                        || k.as_str().to_lowercase().starts_with("minor")
                });
                Target::Maximum {
                    value,
                    unit,
                    strict,
                }
            } else {
                Target::Minimum { value, unit }
            };
            let words = if (is_max || in_parens) && before.as_deref().is_some_and(|b| !b.is_empty())
            {
                format!("{} {}", before.as_deref().unwrap_or(""), m.as_str())
            } else {
                line[m.start()..taken_to.max(m.end())].trim().to_string()
            };
            let check = m
                .as_str()
                .ends_with('%')
                .then(|| "un valore percentuale come minimo o massimo: verificare il tipo".into());
            anchors.push(Anchor {
                start: m.start(),
                taken_to,
                inferred: Inferred {
                    target,
                    words,
                    check,
                },
            });
        }
    }
    for c in BARE_COUNT.captures_iter(line) {
        let Some(num) = c.get(1) else { continue };
        if overlaps(&anchors, num.start(), num.end()) {
            continue;
        }
        let Some(value) = number(num.as_str()) else {
            continue;
        };
        let (unit, taken_to) = unit_after(line, num.end());
        if unit.is_empty() {
            continue;
        }
        anchors.push(Anchor {
            start: num.start(),
            taken_to,
            inferred: Inferred {
                target: Target::Minimum { value, unit },
                words: line[num.start()..taken_to.max(num.end())]
                    .trim()
                    .to_string(),
                check: None,
            },
        });
    }
    if anchors.is_empty() {
        let words = line.to_string();
        let target = if JUDGEMENT.is_match(line) {
            Target::Qualitative {
                criterion: words.clone(),
            }
        } else {
            Target::YesNo {
                what: words.clone(),
            }
        };
        let check = match target {
            Target::Qualitative { .. } => {
                "nessun valore misurabile: letto come traguardo qualitativo (giudizio)".to_string()
            }
            _ => "nessun valore misurabile: letto come traguardo sì/no (fatto o non fatto); se richiede un giudizio, cambiarlo in qualitativo".to_string(),
        };
        out.targets.push(Inferred {
            target,
            words,
            check: Some(check),
        });
        return;
    }
    anchors.sort_by_key(|a| a.start);
    // Two percentages in one sentence ("100% riscontri su 100% segnalazioni")
    // describe one ratio, not two targets.
    let percents = anchors
        .iter()
        .filter(|a| matches!(a.inferred.target, Target::Percentage { .. }))
        .count();
    if percents > 1 {
        let mut first = true;
        anchors.retain(|a| {
            let keep = !matches!(a.inferred.target, Target::Percentage { .. }) || first;
            if matches!(a.inferred.target, Target::Percentage { .. }) {
                first = false;
            }
            keep
        });
        if let Some(a) = anchors
            .iter_mut()
            .find(|a| matches!(a.inferred.target, Target::Percentage { .. }))
        {
            a.inferred.words = line.to_string();
            a.inferred.check = Some("più percentuali nella stessa frase: tenuta la prima".into());
        }
    }
    let leftover = leftover_words(line, &anchors);
    for a in anchors {
        out.targets.push(a.inferred);
    }
    if let Some(l) = leftover {
        out.leftovers.push(l);
    }
}

fn deadlines(line: &str, year: i32, anchors: &mut Vec<Anchor>) {
    let mut found: Vec<(usize, usize, Option<NaiveDate>)> = Vec::new();
    for c in DEADLINE.captures_iter(line) {
        let m = c.get(0).expect("group 0 always matches");
        let date = if let (Some(d), Some(mo)) = (c.get(1), c.get(2)) {
            year_of(c.get(3), year).and_then(|y| {
                NaiveDate::from_ymd_opt(y, mo.as_str().parse().ok()?, d.as_str().parse().ok()?)
            })
        } else if let (Some(d), Some(mo)) = (c.get(4), c.get(5)) {
            year_of(c.get(6), year).and_then(|y| {
                NaiveDate::from_ymd_opt(y, month_number(mo.as_str())?, d.as_str().parse().ok()?)
            })
        } else if let Some(mo) = c.get(7) {
            year_of(c.get(8), year).and_then(|y| last_day(y, month_number(mo.as_str())?))
        } else {
            None
        };
        found.push((m.start(), m.end(), date));
    }
    if found.is_empty()
        && let Some(c) = BARE_DATE.captures(line)
    {
        let date = NaiveDate::from_ymd_opt(
            c[3].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            c[1].parse().unwrap_or(0),
        );
        let m = c.get(3).expect("group 3 always matches");
        found.push((0, m.end(), date));
    }
    for (start, end, date) in found {
        let words = line[start..end].to_string();
        let Some(date) = date else {
            anchors.push(Anchor {
                start,
                taken_to: end,
                inferred: Inferred {
                    target: Target::Qualitative {
                        criterion: words.clone(),
                    },
                    words,
                    check: Some("data non valida nel livello atteso".into()),
                },
            });
            continue;
        };
        let (movable, taken_to) = match MOVABLE.captures(&line[end..]) {
            Some(c) => (Some(c[1].trim().to_string()), line.len()),
            None => (None, end),
        };
        let words = line[start..taken_to].to_string();
        let outside = date.year_ce().1 as i32 != year;
        let check = (outside && movable.is_none())
            .then(|| format!("scadenza fuori dall'anno del piano ({year}): obiettivo pluriennale o errore di battitura?"));
        anchors.push(Anchor {
            start,
            taken_to,
            inferred: Inferred {
                target: Target::Deadline {
                    date,
                    movable,
                    note: (outside).then(|| {
                        format!("DA VERIFICARE: scadenza fuori dall'anno del piano ({year})")
                    }),
                },
                words,
                check,
            },
        });
    }
}

use chrono::Datelike;

/// The words right after a number, up to the next punctuation: what it counts.
fn unit_after(line: &str, from: usize) -> (String, usize) {
    let rest = &line[from..];
    let stop = rest
        .char_indices()
        .find(|(_, c)| matches!(c, ',' | ';' | '(' | ')' | '–' | ':' | '\n'))
        .map_or(rest.len(), |(i, _)| i);
    let lead = rest.len() - rest.trim_start().len();
    let words = &rest[lead.min(stop)..stop];
    // "almeno 2 giornate formative entro il…": the deadline is another target.
    let cut = UNIT_STOP.find(words).map_or(words.len(), |m| m.start());
    let unit = words[..cut]
        .trim()
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(['.', ' ']);
    (strip_article(unit).to_string(), from + lead.min(stop) + cut)
}

/// The words between the previous target (or the line start) and `to`.
fn unit_before(line: &str, to: usize, anchors: &[Anchor]) -> Option<String> {
    let from = anchors
        .iter()
        .filter(|a| a.taken_to <= to)
        .map(|a| a.taken_to)
        .max()
        .unwrap_or(0);
    let mut s = line[from..to].trim();
    s = s.trim_start_matches([')', ',', ';', ' ']);
    s = s.trim_end_matches(['(', ' ', ',']);
    let s = s
        .trim_start_matches("Numero ")
        .trim_start_matches("numero ")
        .trim_start_matches("n. ");
    (!s.is_empty()).then(|| s.to_string())
}

fn strip_article(s: &str) -> &str {
    for a in [
        "delle ", "degli ", "della ", "dello ", "dei ", "del ", "dell’", "dell'", "di ",
    ] {
        if let Some(rest) = s.strip_prefix(a) {
            return rest;
        }
    }
    s
}

/// Words of the line that no target took, when they say something (three
/// words or more): a person decides whether they are one more target.
fn leftover_words(line: &str, anchors: &[Anchor]) -> Option<String> {
    let mut rest = String::new();
    let mut pos = 0;
    let mut spans: Vec<(usize, usize)> = anchors.iter().map(|a| (a.start, a.taken_to)).collect();
    // Units taken before a number count as used.
    for a in anchors {
        let used = match &a.inferred.target {
            Target::Minimum { unit, .. } | Target::Maximum { unit, .. } => unit.as_str(),
            Target::Percentage { of, .. } => of.as_str(),
            _ => "",
        };
        if !used.is_empty()
            && let Some(i) = line.find(used)
        {
            spans.push((i, i + used.len()));
        }
    }
    spans.sort();
    for (s, e) in spans {
        if s > pos {
            rest.push_str(&line[pos..s]);
            rest.push(' ');
        }
        pos = pos.max(e);
    }
    if pos < line.len() {
        rest.push_str(&line[pos..]);
    }
    // Connectives alone say nothing ("fino al 31/12", "e", "con").
    const CONNECTIVES: [&str; 17] = [
        "fino", "entro", "con", "per", "del", "della", "delle", "dei", "degli", "alla", "alle",
        "nel", "nella", "dal", "dalla", "anche", "numero",
    ];
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'')
        .filter(|w| w.chars().any(char::is_alphabetic) && w.chars().count() > 2)
        .filter(|w| !CONNECTIVES.contains(&w.to_lowercase().as_str()))
        .collect();
    (!words.is_empty()).then(|| {
        rest.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_matches([',', ' ', ';'])
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn kinds(text: &str) -> Vec<Target> {
        parse_expected(text, 2023, "indicatore")
            .targets
            .into_iter()
            .map(|t| t.target)
            .collect()
    }

    proptest::proptest! {
        // Any text, however hostile, gives targets (or checks), never a panic.
        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,300}") {
            let p = parse_expected(&s, 2023, "x");
            proptest::prop_assert!(!p.targets.is_empty());
        }

        #[test]
        fn never_panics_on_plan_like_text(s in "(entro il |almeno n\\. |inferiori a |[0-9]{1,4}|%|/|, |İ|K|o data successiva|\\(|\\)|[a-zà ]{1,8}){0,30}") {
            let p = parse_expected(&s, 2023, "x");
            proptest::prop_assert!(!p.targets.is_empty());
        }
    }

    #[test]
    fn deadlines_in_the_seed_wordings() {
        for (text, date) in [
            ("2023: entro il 30/06/2023", d(2023, 6, 30)),
            ("2023: Entro 15/09/2023", d(2023, 9, 15)),
            ("2023: Entro il 15/5", d(2023, 5, 15)),
            ("2023: Entro ottobre 2023", d(2023, 10, 31)),
            ("Entro settembre", d(2023, 9, 30)),
            ("entro il 15.12.2023", d(2023, 12, 15)),
        ] {
            let p = parse_expected(text, 2023, "x");
            assert_eq!(p.targets.len(), 1, "{text}");
            assert_eq!(
                p.targets[0].target,
                Target::Deadline {
                    date,
                    movable: None,
                    note: None
                },
                "{text}"
            );
            assert!(p.targets[0].check.is_none(), "{text}");
        }
    }

    #[test]
    fn movable_deadline_keeps_its_condition() {
        for text in [
            "2023: Entro il 31/12 o data successiva (in base alla definizione del nuovo contratto)",
            "31/12/2023 o data successiva (in base alla definizione del nuovo contratto)",
        ] {
            assert_eq!(
                kinds(text),
                vec![Target::Deadline {
                    date: d(2023, 12, 31),
                    movable: Some(
                        "o data successiva (in base alla definizione del nuovo contratto)".into()
                    ),
                    note: None
                }],
                "{text}"
            );
        }
    }

    #[test]
    fn minimum_and_deadline_in_one_sentence() {
        assert_eq!(
            kinds("2023: almeno 2 giornate formative entro il 31/12/2023"),
            vec![
                Target::Minimum {
                    value: 2.0,
                    unit: "giornate formative".into()
                },
                Target::Deadline {
                    date: d(2023, 12, 31),
                    movable: None,
                    note: None
                },
            ]
        );
    }

    #[test]
    fn two_minimums_separated_by_a_comma() {
        let p = parse_expected("2023: Almeno n. 1 corso, almeno 10 partecipanti", 2023, "x");
        assert_eq!(
            p.targets
                .iter()
                .map(|t| t.target.clone())
                .collect::<Vec<_>>(),
            vec![
                Target::Minimum {
                    value: 1.0,
                    unit: "corso".into()
                },
                Target::Minimum {
                    value: 10.0,
                    unit: "partecipanti".into()
                },
            ]
        );
        assert!(p.leftovers.is_empty());
    }

    #[test]
    fn a_bare_count_opening_the_sentence_is_a_minimum() {
        assert_eq!(
            kinds("2 corsi, almeno 10 partecipanti"),
            vec![
                Target::Minimum {
                    value: 2.0,
                    unit: "corsi".into()
                },
                Target::Minimum {
                    value: 10.0,
                    unit: "partecipanti".into()
                },
            ]
        );
        // A date is not a count, and nothing else goes unreported.
        let p = parse_expected("2023: Consultazioni 1° ottobre 2023", 2023, "x");
        assert!(matches!(p.targets[0].target, Target::YesNo { .. }));
        let p = parse_expected("almeno 3 corsi, verbale", 2023, "x");
        assert_eq!(p.leftovers, vec!["verbale".to_string()]);
    }

    #[test]
    fn minimums_in_parentheses_count_what_precedes_them() {
        let p = parse_expected(
            "Attività con enti sovracomunali (almeno n. 1) Numero complessivo associazioni/enti coinvolti (minimo n. 20) Numero partecipanti (minimo 1.000 complessivi – fonte rendicontazione)",
            2023,
            "x",
        );
        let got: Vec<_> = p.targets.iter().map(|t| t.target.clone()).collect();
        assert_eq!(
            got,
            vec![
                Target::Minimum {
                    value: 1.0,
                    unit: "Attività con enti sovracomunali".into()
                },
                Target::Minimum {
                    value: 20.0,
                    unit: "complessivo associazioni/enti coinvolti".into()
                },
                Target::Minimum {
                    value: 1000.0,
                    unit: "partecipanti".into()
                },
            ]
        );
    }

    #[test]
    fn percentages_and_strict_maximum() {
        assert_eq!(
            kinds("2023: Almeno il 90% delle presenze"),
            vec![Target::Percentage {
                value: 90.0,
                of: "presenze".into()
            }]
        );
        assert_eq!(
            kinds("100%"),
            vec![Target::Percentage {
                value: 100.0,
                of: "indicatore".into()
            }]
        );
        assert_eq!(
            kinds("Richiami inferiori a n. 3, fino al 31/12/2023"),
            vec![Target::Maximum {
                value: 3.0,
                unit: "Richiami".into(),
                strict: true
            }]
        );
    }

    #[test]
    fn condition_is_taken_apart() {
        let p = parse_expected(
            "Solo in caso di adesione all'avviso pubblico: entro il 30/06/2023",
            2023,
            "x",
        );
        assert_eq!(
            p.condition.as_deref(),
            Some("Solo in caso di adesione all'avviso pubblico")
        );
        assert_eq!(p.targets.len(), 1);
    }

    #[test]
    fn words_without_a_measure_are_marked_to_check() {
        let p = parse_expected(
            "2023: Segnalazione tempestiva di eventuali criticità",
            2023,
            "x",
        );
        assert!(matches!(p.targets[0].target, Target::Qualitative { .. }));
        assert!(p.targets[0].check.is_some());
        let p = parse_expected(
            "2023: Comunicazione autorizzativa ai soggetti coinvolti",
            2023,
            "x",
        );
        assert_eq!(
            p.targets[0].target,
            Target::YesNo {
                what: "Comunicazione autorizzativa ai soggetti coinvolti".into()
            }
        );
        assert!(p.targets[0].check.is_some());
    }

    #[test]
    fn words_left_over_beside_a_target_are_reported() {
        let p = parse_expected(
            "2023: Relazione finale alla G.C. dettagliata con numero e date di intervento entro il 31/12/2023",
            2023,
            "x",
        );
        assert_eq!(p.targets.len(), 1);
        assert_eq!(p.leftovers.len(), 1, "{:?}", p.leftovers);
    }

    #[test]
    fn other_years_and_impossible_dates_are_not_typed_silently() {
        let p = parse_expected("2024: entro il 30/06/2024", 2023, "x");
        assert_eq!(p.targets.len(), 1);
        assert!(p.targets[0].check.is_some());
        let p = parse_expected("entro il 31/02/2023", 2023, "x");
        assert!(p.targets[0].check.is_some());
        let p = parse_expected("entro il 30/06/2024", 2023, "x");
        assert!(p.targets[0].check.is_some());
    }
}
