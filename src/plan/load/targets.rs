//! Targets (`traguardi`) and dates.

use super::*;

impl Ctx<'_> {
    pub(super) fn targets(&mut self, tab: &Tab, indicator: &str) -> Option<Vec<Target>> {
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
        let mut out = Vec::new();
        let mut ok = true;
        for t in &tabs {
            match self.target(t) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub(super) fn target(&mut self, tab: &Tab) -> Option<Target> {
        let (kind, kind_span) = self.required_string(tab, "tipo")?;
        let fields: &[&str] = match kind.as_str() {
            "scadenza" => &["tipo", "data", "spostabile", "nota"],
            "minimo" => &["tipo", "valore", "unita"],
            "massimo" => &["tipo", "valore", "unita", "stretto"],
            "percentuale" => &["tipo", "valore", "di"],
            "si_no" => &["tipo", "cosa"],
            "qualitativo" => &["tipo", "criterio"],
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
        match kind.as_str() {
            "scadenza" => {
                let movable = self.optional_string(&tab, "spostabile");
                let note = self.optional_string(&tab, "nota");
                let v = self.required(&tab, "data")?;
                let date = self.date(v)?;
                if let Some(year) = self.year
                    && date.year() != year
                    && movable.is_none()
                    && note.is_none()
                {
                    self.error_hint(
                        v.span(),
                        format!(
                            "la scadenza {} è fuori dall'anno del piano ({year})",
                            crate::italian::date_short(date)
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
        }
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

#[derive(Debug, PartialEq)]
enum DateError {
    Format,
    Impossible,
}

/// "31/12/2023" or "1/7/2023".
fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let parts: Vec<&str> = s.trim().split('/').collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(DateError::Format);
    };
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(d, 1, 2) || !digits(m, 1, 2) || !digits(y, 4, 4) {
        return Err(DateError::Format);
    }
    let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) else {
        return Err(DateError::Format);
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::Impossible)
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
