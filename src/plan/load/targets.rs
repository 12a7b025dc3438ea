//! Targets (`traguardi`) and dates.

use super::*;
use crate::italian::DateError;

impl Ctx<'_> {
    /// The indicator's targets for the plan year, the other years' targets
    /// (context), and whether the plan year is marked "n.a." (the indicator
    /// then rests this year).
    pub(super) fn targets(
        &mut self,
        tab: &Tab,
        indicator: &str,
        baseline: Option<f64>,
    ) -> Option<YearlyTargets> {
        let Some(v) = tab.get("traguardi") else {
            self.error_hint(
                tab.span.clone(),
                format!("l'indicatore «{indicator}» non ha `traguardi`"),
                "aggiungere `traguardi = [{ tipo = \"…\", … }]` con almeno un traguardo misurabile",
            );
            return None;
        };
        let tabs = self.tables(v, "traguardi", "in un traguardo");
        if !matches!(v.get_ref(), DeValue::Array(_)) {
            return None;
        }
        if tabs.is_empty() {
            self.error_hint(
                v.span(),
                format!("l'indicatore «{indicator}» non ha traguardi: `traguardi` è vuoto"),
                format!(
                    "aggiungere almeno un traguardo, es. {{ tipo = \"scadenza\", data = \"{}\" }}",
                    self.example_date()
                ),
            );
            return None;
        }
        let plan_year = self.year;
        // Year → (targets, n.a. span), in year order.
        let mut by_year: std::collections::BTreeMap<Option<i32>, YearSlot> =
            std::collections::BTreeMap::new();
        let mut ok = true;
        for t in &tabs {
            let year = match t.get("anno") {
                Some(y) => match self.year_value(y) {
                    Some(y) if Some(y) == plan_year => None,
                    Some(y) => Some(y),
                    None => {
                        ok = false;
                        continue;
                    }
                },
                None => None,
            };
            let slot = by_year.entry(year).or_default();
            match self.target(t, year.or(plan_year), baseline) {
                Some(Parsed::Target(x)) => slot.0.push((x, t.span.clone())),
                Some(Parsed::NotApplicable) => slot.1 = Some(t.span.clone()),
                None => ok = false,
            }
        }
        for (year, (list, na)) in &by_year {
            if let (Some(span), false) = (na, list.is_empty()) {
                let y = year
                    .or(plan_year)
                    .map(|y| y.to_string())
                    .unwrap_or_default();
                self.error_hint(
                    span.clone(),
                    format!("l'indicatore «{indicator}» ha traguardi per il {y} ma li dichiara anche non applicabili"),
                    "togliere il traguardo «non_applicabile» oppure gli altri traguardi di quell'anno",
                );
                ok = false;
            }
        }
        // Targets counted from the previous year's target, in year order.
        if let Some(py) = plan_year {
            let mut slots: Vec<YearList> = by_year
                .iter_mut()
                .map(|(y, (list, _))| (y.unwrap_or(py), std::mem::take(list)))
                .collect();
            ok &= self.resolve_previous(&mut slots);
            for (y, list) in slots {
                let key = (y != py).then_some(y);
                if let Some(slot) = by_year.get_mut(&key) {
                    slot.0 = list;
                }
            }
        }
        let (current, current_na) = by_year.remove(&None).unwrap_or_default();
        let current: Vec<Target> = current.into_iter().map(|(t, _)| t).collect();
        let dormant = current_na.is_some();
        if current.is_empty() && !dormant && ok {
            let y = plan_year.map(|y| y.to_string()).unwrap_or_default();
            self.error_hint(
                v.span(),
                format!("l'indicatore «{indicator}» non ha traguardi per l'anno del piano ({y})"),
                format!("aggiungere un traguardo con `anno = {y}`, oppure {{ anno = {y}, tipo = \"non_applicabile\" }} se quest'anno non è previsto"),
            );
            ok = false;
        }
        let other_years = by_year
            .into_iter()
            .filter_map(|(y, (targets, _))| {
                y.map(|year| YearTargets {
                    year,
                    targets: targets.into_iter().map(|(t, _)| t).collect(),
                })
            })
            .collect();
        ok.then_some(YearlyTargets {
            current,
            other_years,
            dormant,
        })
    }

    /// One target; `year` is the year it belongs to (for the deadline
    /// check), `baseline` the indicator's starting value.
    pub(super) fn target(
        &mut self,
        tab: &Tab,
        year: Option<i32>,
        baseline: Option<f64>,
    ) -> Option<Parsed> {
        let (kind, kind_span) = self.required_string(tab, "tipo")?;
        let fields: &[&str] = match kind.as_str() {
            "scadenza" => &["tipo", "anno", "data", "spostabile", "nota"],
            "minimo" => &["tipo", "anno", "valore", "unita"],
            "massimo" => &["tipo", "anno", "valore", "unita", "stretto"],
            "percentuale" => &["tipo", "anno", "valore", "di"],
            "si_no" => &["tipo", "anno", "cosa"],
            "qualitativo" => &["tipo", "anno", "criterio"],
            "aumento" | "riduzione" => {
                &["tipo", "anno", "percentuale", "valore", "unita", "rispetto"]
            }
            "totale" => &["tipo", "anno", "valore", "unita"],
            "fase" => &["tipo", "anno", "nome", "inizio", "fine", "peso", "nota"],
            "non_applicabile" => &["tipo", "anno", "nota"],
            other => {
                let message = format!(
                    "tipo di traguardo «{other}» sconosciuto: i tipi ammessi sono {}",
                    TARGET_KINDS.join(", ")
                );
                match closest(other, TARGET_KINDS) {
                    Some(s) => {
                        self.error_hint(kind_span, message, format!("forse si intendeva «{s}»?"))
                    }
                    None => self.error(kind_span, message),
                }
                return None;
            }
        };
        let tab = Tab {
            t: tab.t,
            span: tab.span.clone(),
            name: format!("in un traguardo «{kind}»"),
        };
        self.check_keys(&tab, fields);
        let target = match kind.as_str() {
            "non_applicabile" => return Some(Parsed::NotApplicable),
            "aumento" | "riduzione" | "totale" => {
                let previous = match self.reference(&tab)? {
                    Reference::Baseline => None,
                    // Resolved once every year's targets are read.
                    Reference::PreviousYear => Some(year? - 1),
                };
                self.change(&tab, &kind, kind_span, baseline, previous)
            }
            "fase" => self.phase(&tab),
            "scadenza" => {
                let movable = self.optional_string(&tab, "spostabile");
                let note = self.optional_string(&tab, "nota");
                let v = self.required(&tab, "data")?;
                let date = self.date(v)?;
                if let Some(year) = year
                    && date.year() != year
                    && movable.is_none()
                    && note.is_none()
                {
                    self.error_hint(
                        v.span(),
                        format!(
                            "la scadenza {} è fuori dall'anno {} ({year})",
                            crate::italian::date_short(date),
                            if Some(year) == self.year { "del piano" } else { "del traguardo" }
                        ),
                        "aggiungere `nota = \"…\"` che spieghi perché (es. obiettivo pluriennale), oppure `spostabile = \"…\"`",
                    );
                    return None;
                }
                Some(Target::Deadline {
                    date,
                    movable,
                    note,
                })
            }
            "minimo" | "massimo" => {
                let value = self
                    .required(&tab, "valore")
                    .and_then(|v| self.non_negative(v, "valore"));
                let unit = self.required_string(&tab, "unita").map(|(s, _)| s);
                let strict = self.optional_bool(&tab, "stretto");
                let (value, unit) = (value?, unit?);
                Some(if kind == "minimo" {
                    Target::Minimum { value, unit }
                } else {
                    Target::Maximum {
                        value,
                        unit,
                        strict: strict.unwrap_or(false),
                    }
                })
            }
            "percentuale" => {
                let value = self.required(&tab, "valore").and_then(|v| {
                    let x = self.number(v, "valore")?;
                    if !(0.0..=100.0).contains(&x) {
                        self.error(
                            v.span(),
                            format!(
                                "la percentuale {} è fuori dall'intervallo 0–100",
                                crate::italian::number(x, 6)
                            ),
                        );
                        return None;
                    }
                    Some(x)
                });
                let of = self.required_string(&tab, "di").map(|(s, _)| s);
                Some(Target::Percentage {
                    value: value?,
                    of: of?,
                })
            }
            "si_no" => {
                let what = self.required_string(&tab, "cosa")?.0;
                Some(Target::YesNo { what })
            }
            _ => {
                let criterion = self.required_string(&tab, "criterio")?.0;
                Some(Target::Qualitative { criterion })
            }
        };
        target.map(Parsed::Target)
    }

    /// What a change counts from: `rispetto = "base"` (the default) or
    /// `"anno_precedente"`.
    fn reference(&mut self, tab: &Tab) -> Option<Reference> {
        let Some(v) = tab.get("rispetto") else {
            return Some(Reference::Baseline);
        };
        match v.get_ref() {
            DeValue::String(s) if s.as_ref() == "base" => Some(Reference::Baseline),
            DeValue::String(s) if s.as_ref() == "anno_precedente" => Some(Reference::PreviousYear),
            _ => {
                self.error_hint(
                    v.span(),
                    "`rispetto` può essere \"base\" (il valore di partenza) oppure \"anno_precedente\" (il traguardo dell'anno prima)",
                    "scrivere `rispetto = \"anno_precedente\"` per «+2 ulteriori» rispetto al traguardo dell'anno prima",
                );
                None
            }
        }
    }

    /// "aumento"/"riduzione" by `percentuale` or `valore`, or a final
    /// "totale". With `previous` (the year before the target's), `from` and
    /// `goal` wait for that year's target: [`Self::resolve_previous`].
    fn change(
        &mut self,
        tab: &Tab,
        kind: &str,
        kind_span: Range<usize>,
        baseline: Option<f64>,
        previous: Option<i32>,
    ) -> Option<Target> {
        let unit = self.optional_string(tab, "unita").unwrap_or_default();
        let pct = tab.get("percentuale");
        let val = tab.get("valore");
        let change = match (kind, pct, val) {
            ("totale", _, Some(v)) => Change::Total(self.non_negative(v, "valore")?),
            (_, Some(p), None) => {
                let p = self.non_negative(p, "percentuale")?;
                if kind == "aumento" {
                    Change::IncreasePercent(p)
                } else {
                    Change::DecreasePercent(p)
                }
            }
            (_, None, Some(v)) => {
                let a = self.non_negative(v, "valore")?;
                if kind == "aumento" {
                    Change::IncreaseBy(a)
                } else {
                    Change::DecreaseBy(a)
                }
            }
            ("totale", _, None) => {
                self.required(tab, "valore");
                return None;
            }
            (_, Some(p), Some(_)) => {
                self.error_hint(
                    p.span(),
                    format!(
                        "un traguardo «{kind}» indica `percentuale` oppure `valore`, non entrambi"
                    ),
                    "`percentuale = 10` per +10%, `valore = 20000` per +20.000",
                );
                return None;
            }
            (_, None, None) => {
                self.error_hint(
                    tab.span.clone(),
                    format!("manca la misura del traguardo «{kind}»"),
                    "aggiungere `percentuale = …` (variazione in %) oppure `valore = …` (variazione assoluta)",
                );
                return None;
            }
        };
        if previous.is_some() {
            return Some(Target::Change {
                from: 0.0,
                goal: 0.0,
                change,
                unit,
                previous,
            });
        }
        let Some(from) = baseline else {
            self.error_hint(
                kind_span,
                format!("un traguardo «{kind}» si misura dal valore di partenza, che l'indicatore non indica"),
                "aggiungere all'indicatore `base = { valore = …, anno = …, fonte = \"…\" }`",
            );
            return None;
        };
        if let (Some(p), Some(message)) = (pct, zero_base_message(change, from)) {
            self.error_hint(
                p.span(),
                message,
                "indicare la variazione in valore assoluto (`valore = …` invece di `percentuale`) \
                 oppure il valore da raggiungere (`tipo = \"totale\"`), o correggere `base`",
            );
            return None;
        }
        let goal = change.goal(from);
        if goal < 0.0 {
            self.error(
                tab.span.clone(),
                format!(
                    "la riduzione porta sotto zero il valore di partenza ({})",
                    crate::italian::number(from, 6)
                ),
            );
            return None;
        }
        Some(Target::Change {
            from,
            goal,
            change,
            unit,
            previous: None,
        })
    }

    /// Gives the targets counted from the previous year's target
    /// (`rispetto = "anno_precedente"`) their starting value: the value the
    /// indicator's single target of that year asks (a relative target's
    /// goal, a minimum or a maximum). `slots` are the targets by year with
    /// the span of each; years are resolved in order, so a chain («+2», then
    /// «+2 ulteriori») adds up.
    fn resolve_previous(&mut self, slots: &mut [YearList]) -> bool {
        slots.sort_by_key(|(y, _)| *y);
        let mut ok = true;
        for i in 0..slots.len() {
            for j in 0..slots[i].1.len() {
                let (
                    Target::Change {
                        previous: Some(py),
                        change,
                        ..
                    },
                    span,
                ) = &slots[i].1[j]
                else {
                    continue;
                };
                let (py, change, span) = (*py, *change, span.clone());
                let levels: Vec<f64> = slots
                    .iter()
                    .filter(|(y, _)| *y == py)
                    .flat_map(|(_, list)| list.iter().filter_map(|(t, _)| level(t)))
                    .collect();
                let [from] = levels.as_slice() else {
                    self.error_hint(
                        span,
                        format!(
                            "il traguardo si misura dal traguardo del {py}, ma l'indicatore {} per quell'anno",
                            if levels.is_empty() {
                                "non ha un traguardo con un valore (aumento, riduzione, totale, minimo o massimo)"
                            } else {
                                "ha più traguardi con un valore"
                            }
                        ),
                        format!(
                            "dare per il {py} un solo traguardo con un valore, oppure misurare dal valore di partenza (`base`) togliendo `rispetto`"
                        ),
                    );
                    ok = false;
                    continue;
                };
                let from = *from;
                if let Some(message) = zero_base_message(change, from) {
                    self.error_hint(
                        span,
                        message,
                        "indicare la variazione in valore assoluto (`valore = …` invece di `percentuale`)",
                    );
                    ok = false;
                    continue;
                }
                let goal = change.goal(from);
                if goal < 0.0 {
                    self.error(
                        span,
                        format!(
                            "la riduzione porta sotto zero il traguardo del {py} ({})",
                            crate::italian::number(from, 6)
                        ),
                    );
                    ok = false;
                    continue;
                }
                if let Target::Change {
                    from: f, goal: g, ..
                } = &mut slots[i].1[j].0
                {
                    (*f, *g) = (from, goal);
                }
            }
        }
        ok
    }

    fn phase(&mut self, tab: &Tab) -> Option<Target> {
        let name = self.required_string(tab, "nome").map(|(s, _)| s);
        let start = tab.get("inizio").map(|v| self.date(v));
        let end = tab.get("fine").map(|v| self.date(v));
        let weight = tab.get("peso").map(|v| self.weight(v, "peso"));
        let note = self.optional_string(tab, "nota");
        let (Some(start), Some(end), Some(weight)) = (
            start.map_or(Some(None), |d| d.map(Some)),
            end.map_or(Some(None), |d| d.map(Some)),
            weight.map_or(Some(None), |w| w.map(Some)),
        ) else {
            return None;
        };
        if let (Some(s), Some(e), Some(v)) = (start, end, tab.get("fine"))
            && e < s
        {
            self.error(
                v.span(),
                format!(
                    "la fase finisce ({}) prima di cominciare ({})",
                    crate::italian::date_short(e),
                    crate::italian::date_short(s)
                ),
            );
            return None;
        }
        Some(Target::Phase {
            name: name?,
            start,
            end,
            weight,
            note,
        })
    }

    pub(super) fn date(&mut self, v: &Spanned<DeValue>) -> Option<NaiveDate> {
        match v.get_ref() {
            DeValue::String(s) => match parse_date(s) {
                Ok(d) => Some(d),
                Err(DateError::Impossible) => {
                    self.error(v.span(), format!("«{s}» non è una data valida"));
                    None
                }
                Err(DateError::Format) => {
                    self.error_hint(
                        v.span(),
                        format!("«{s}» non è una data nel formato gg/mm/aaaa"),
                        format!("scrivere la data come \"{}\"", self.example_date()),
                    );
                    None
                }
            },
            DeValue::Datetime(dt) => {
                let date = match (dt.date, dt.time, dt.offset) {
                    (Some(d), None, None) => NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    ),
                    _ => None,
                };
                if date.is_none() {
                    self.error_hint(
                        v.span(),
                        format!("«{dt}» non è una data senza orario"),
                        format!("scrivere la data come \"{}\"", self.example_date()),
                    );
                }
                date
            }
            other => {
                self.error_hint(
                    v.span(),
                    format!("`data` deve essere una data, non {}", type_name(other)),
                    format!("scrivere la data come \"{}\"", self.example_date()),
                );
                None
            }
        }
    }
}

/// A percentage change from a zero starting value asks nothing: any
/// value, 0 included, would be 100%. The plan loader and the importer
/// refuse it with this message.
pub(crate) fn zero_base_message(change: Change, from: f64) -> Option<String> {
    let (kind, percent) = match change {
        Change::IncreasePercent(p) => ("aumento", p),
        Change::DecreasePercent(p) => ("riduzione", p),
        _ => return None,
    };
    (from == 0.0 && percent > 0.0).then(|| format!(
        "«{kind}» {} da un valore di partenza pari a 0: il valore da raggiungere resterebbe 0 e qualunque risultato varrebbe il 100%",
        crate::italian::with_article("di", &format!("{}%", crate::italian::number(percent, 2)))
    ))
}

/// The value a target asks, for a following year's target counted from it.
fn level(t: &Target) -> Option<f64> {
    match t {
        Target::Change { goal, .. } => Some(*goal),
        Target::Minimum { value, .. } | Target::Maximum { value, .. } => Some(*value),
        _ => None,
    }
}

/// What a change counts from.
enum Reference {
    Baseline,
    PreviousYear,
}

/// What a `traguardi` entry holds.
pub(super) enum Parsed {
    Target(Target),
    /// "non_applicabile": no target that year.
    NotApplicable,
}

/// A target with its place in the file.
type Placed = (Target, Range<usize>);

/// One year's targets (each with its place) and, when marked "n.a.", where.
type YearSlot = (Vec<Placed>, Option<Range<usize>>);

/// One year's targets, by the year itself (the plan's included).
type YearList = (i32, Vec<Placed>);

/// An indicator's targets, split by year.
pub(super) struct YearlyTargets {
    pub current: Vec<Target>,
    pub other_years: Vec<YearTargets>,
    /// The plan year is marked "n.a.".
    pub dormant: bool,
}

/// "31/12/2023", "1/7/2023" or "09.08.2024" (see `italian::parse_dmy`).
fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    crate::italian::parse_dmy(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_italian_form() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_date("31/12/2023"), Ok(d(2023, 12, 31)));
        assert_eq!(parse_date("1/7/2023"), Ok(d(2023, 7, 1)));
        assert_eq!(parse_date("31/02/2023"), Err(DateError::Impossible));
        assert_eq!(parse_date("29/02/2024"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("2023-12-31"), Err(DateError::Format));
        assert_eq!(parse_date("31/12/23"), Err(DateError::Format));
        assert_eq!(parse_date("+1/12/2023"), Err(DateError::Format));
        assert_eq!(parse_date(""), Err(DateError::Format));
    }
}
