//! Italian sentences that explain each grade: the rule applied and the
//! values used, ready to be printed in the reports.

use chrono::NaiveDate;

use crate::italian::{count, date_short, days, number, percent, with_article};
use crate::results::ProposedStatus;
use crate::vocab::{Prep, Vocabulary};

use crate::plan::Change;

use super::model::{DelayBand, QuantityMode};

pub fn num(x: f64) -> String {
    number(x, 2)
}

/// "l'11/08/2023": a date with its article.
fn on(d: NaiveDate) -> String {
    with_article("", &date_short(d))
}

/// "dell'11/08/2023".
fn of(d: NaiveDate) -> String {
    with_article("di", &date_short(d))
}

/// Appended when the date of a deadline is used against a «No» in the
/// same row (the reader warns at the cell).
pub const DATE_OVER_NO: &str =
    " (vale la data di realizzazione indicata, benché la colonna «Realizzato» dica «No»)";

pub fn on_time(done: NaiveDate, deadline: NaiveDate) -> String {
    if done == deadline {
        format!(
            "realizzato {}, il giorno stesso della scadenza: nei termini, 100%",
            on(done)
        )
    } else {
        format!(
            "realizzato {}, entro la scadenza {}: nei termini, 100%",
            on(done),
            of(deadline)
        )
    }
}

pub fn late_in_band(done: NaiveDate, deadline: NaiveDate, delay: i64, band: &DelayBand) -> String {
    format!(
        "realizzato {}, {} dopo la scadenza {}: fascia fino a {}, {}",
        on(done),
        days(delay),
        of(deadline),
        days(band.up_to_days.into()),
        percent(band.grade)
    )
}

pub fn late_beyond(
    done: NaiveDate,
    deadline: NaiveDate,
    delay: i64,
    last: Option<&DelayBand>,
    grade: f64,
) -> String {
    let beyond = match last {
        Some(b) => format!("oltre l'ultima fascia ({})", days(b.up_to_days.into())),
        None => "in ritardo".to_string(),
    };
    format!(
        "realizzato {}, {} dopo la scadenza {}: {beyond}, {}",
        on(done),
        days(delay),
        of(deadline),
        percent(grade)
    )
}

pub fn movable_accepted(
    vocab: &Vocabulary,
    done: NaiveDate,
    deadline: NaiveDate,
    condition: &str,
    motivation: &str,
) -> String {
    format!(
        "realizzato {}, dopo la scadenza {}, che il piano consente di spostare \
         («{condition}»); motivazione {} «{motivation}», considerato nei termini, 100%",
        on(done),
        of(deadline),
        vocab.unit.prep(Prep::Di, false)
    )
}

pub fn undated(deadline: NaiveDate, what: &str, grade: f64) -> String {
    format!(
        "data di realizzazione non indicata; {what}: per la scadenza {} vale {}",
        of(deadline),
        percent(grade)
    )
}

pub fn quantity(
    kind: &str,
    value: f64,
    target: f64,
    unit: &str,
    mode: QuantityMode,
    grade: f64,
) -> String {
    let rule = rule_text(value, target, mode);
    format!(
        "valore raggiunto {}, {kind} {}: {rule}, {}",
        num(value),
        count(target, unit),
        percent(grade)
    )
}

pub fn percentage(value: f64, target: f64, of: &str, mode: QuantityMode, grade: f64) -> String {
    let rule = rule_text(value, target, mode);
    let of = if of.is_empty() {
        String::new()
    } else {
        format!(" ({of})")
    };
    format!(
        "percentuale raggiunta {}%, richiesta {}%{of}: {rule}, {}",
        num(value),
        num(target),
        percent(grade)
    )
}

fn rule_text(value: f64, target: f64, mode: QuantityMode) -> String {
    match (value >= target, mode) {
        (true, _) => "raggiunto".to_string(),
        (false, QuantityMode::Proportional) => {
            format!("in proporzione ({} su {})", num(value), num(target))
        }
        (false, QuantityMode::AllOrNothing) => "non raggiunto, regola «tutto o niente»".to_string(),
    }
}

/// A relative target: where the indicator started (the baseline, or the
/// target of the `previous` year), where it had to go and the share of the
/// way it went.
#[allow(clippy::too_many_arguments)]
pub fn change(
    value: f64,
    from: f64,
    goal: f64,
    change: Change,
    unit: &str,
    previous: Option<i32>,
    mode: QuantityMode,
    grade: f64,
) -> String {
    let signed = |x: f64| {
        if x >= 0.0 {
            format!("+{}", num(x))
        } else {
            format!("−{}", num(-x))
        }
    };
    let asked = match change {
        Change::IncreasePercent(p) => {
            format!(
                "aumento richiesto {}",
                with_article("di", &format!("{}%", num(p)))
            )
        }
        Change::IncreaseBy(a) => format!("aumento richiesto di {}", num(a)),
        Change::DecreasePercent(p) => {
            format!(
                "riduzione richiesta {}",
                with_article("di", &format!("{}%", num(p)))
            )
        }
        Change::DecreaseBy(a) => format!("riduzione richiesta di {}", num(a)),
        Change::Total(_) => "totale richiesto".to_string(),
    };
    let verdict = if (goal - from).abs() < 1e-9 {
        // No change asked: the goal is a level to hold (see `hold_grade`).
        if change.is_reduction() {
            let held = value <= goal + 1e-9;
            format!(
                "nessuna variazione richiesta, il valore non deve superare {}: {}",
                num(goal),
                if held { "raggiunto" } else { "superato" }
            )
        } else {
            let held = value + 1e-9 >= goal;
            let how = match (held, mode) {
                (true, _) => "raggiunto",
                (false, QuantityMode::Proportional) => "livello non mantenuto, in proporzione",
                (false, QuantityMode::AllOrNothing) => {
                    "livello non mantenuto, regola «tutto o niente»"
                }
            };
            format!(
                "nessuna variazione richiesta, il valore non deve scendere sotto {}: {how}",
                num(goal)
            )
        }
    } else {
        let done = value - from;
        let need = goal - from;
        let reached = (done / need) + 1e-9 >= 1.0;
        match (reached, mode) {
            (true, _) => format!(
                "variazione {} su {} richiesti: raggiunto",
                signed(done),
                signed(need)
            ),
            (false, QuantityMode::Proportional) => format!(
                "variazione {} su {} richiesti: in proporzione",
                signed(done),
                signed(need)
            ),
            (false, QuantityMode::AllOrNothing) => format!(
                "variazione {} su {} richiesti: non raggiunto, regola «tutto o niente»",
                signed(done),
                signed(need)
            ),
        }
    };
    let since = match previous {
        Some(y) => format!("traguardo del {y} pari a"),
        None => "valore di partenza".to_string(),
    };
    format!(
        "{since} {}, {asked}, obiettivo {}; valore raggiunto {}: {verdict}, {}",
        num(from),
        count(Change::goal_shown(from, goal, unit), unit),
        num(value),
        percent(grade)
    )
}

/// «fase «Analisi», avanzamento 80%»: the grade is said only where it
/// differs from the progress (a progress past 100%).
pub fn phase(name: &str, progress: f64, grade: f64) -> String {
    let said = format!("fase «{name}», avanzamento {}%", num(progress));
    if (progress / 100.0 - grade).abs() < 1e-9 {
        said
    } else {
        format!("{said}, grado {}", percent(grade))
    }
}

/// An indicator's grade measured against the expected success level.
pub fn success(raw: f64, level: f64, grade: f64) -> String {
    format!(
        "livello di successo atteso {}: {} su {} (al massimo il 100%), {}",
        percent(level),
        percent(raw),
        percent(level),
        percent(grade)
    )
}

pub fn zero_target(kind: &str, value: f64) -> String {
    format!(
        "{kind} pari a 0 e valore rendicontato ({}): raggiunto, 100%",
        num(value)
    )
}

pub fn maximum(value: f64, max: f64, unit: &str, strict: bool, ok: bool, grade: f64) -> String {
    let relation = if strict {
        format!("inferiore a {}", count(max, unit))
    } else {
        format!("non superiore a {}", count(max, unit))
    };
    let verdict = if ok { "rispettato" } else { "superato" };
    format!(
        "valore rendicontato {} (massimo {relation}): {verdict}, {}",
        num(value),
        percent(grade)
    )
}

pub fn yes_no(done: bool) -> String {
    if done {
        "indicato come realizzato, 100%".to_string()
    } else {
        "indicato come non realizzato, 0%".to_string()
    }
}

pub fn from_status(
    vocab: &Vocabulary,
    missing: &str,
    status: ProposedStatus,
    grade: f64,
) -> String {
    format!(
        "{missing}; si usa lo stato proposto {} «{}»: {}",
        vocab.unit.prep(Prep::Da, false),
        status.label(),
        percent(grade)
    )
}

pub fn qualitative(vocab: &Vocabulary, status: ProposedStatus, grade: f64) -> String {
    format!(
        "valutazione qualitativa, stato proposto {} «{}», {}",
        vocab.unit.prep(Prep::Da, false),
        status.label(),
        percent(grade)
    )
}

pub fn not_reported(what: &str) -> String {
    format!("non rendicontato ({what})")
}

/// "100% e 50%" / "100%, 80% e 50%".
pub fn list_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} e {last}", init.join(", ")),
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_example_reads_as_written() {
        let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
        let band = DelayBand {
            up_to_days: 30,
            grade: 0.8,
        };
        assert_eq!(
            late_in_band(d(7, 12), d(6, 30), 12, &band),
            "realizzato il 12/07/2023, 12 giorni dopo la scadenza del 30/06/2023: fascia fino a 30 giorni, 80%"
        );
        assert_eq!(list_and(&["a".into(), "b".into(), "c".into()]), "a, b e c");
    }
}
