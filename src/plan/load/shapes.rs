//! The PIAO shapes beyond one year's targets: the strategic level, an
//! indicator's baseline, success level, lead unit and metadata, and
//! whether the plan is written with weights at all.

use super::*;

const STRATEGIC_KEYS: &[&str] = &["id", "titolo", "descrizione", "indicatore"];
const BASELINE_KEYS: &[&str] = &["valore", "anno", "fonte"];
/// Keys of a reported indicator that a strategic objective's own
/// indicators cannot have.
const UNIT_KEYS: [&str; 4] = ["aree", "responsabili", "capofila", "risultato_condiviso"];

/// An indicator as loaded, and whether the plan year is "n.a." for it.
pub(super) struct Loaded {
    pub indicator: Indicator,
    pub dormant: bool,
}

/// Whether any `responsabili` entry (of an objective or an indicator) has a
/// `peso`. Phases' own weights do not count: they weigh inside an indicator.
pub(super) fn has_weights(root: &Tab) -> bool {
    fn tables<'t, 'i>(v: Option<&'t Spanned<DeValue<'i>>>) -> Vec<&'t DeTable<'i>> {
        match v.map(|v| v.get_ref()) {
            Some(DeValue::Array(items)) => items
                .iter()
                .filter_map(|i| match i.get_ref() {
                    DeValue::Table(t) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
    let weighted = |t: &DeTable| {
        tables(t.get("responsabili"))
            .iter()
            .any(|r| r.get("peso").is_some())
    };
    tables(root.get("obiettivo"))
        .iter()
        .any(|o| weighted(o) || tables(o.get("indicatore")).iter().any(|i| weighted(i)))
}

impl Ctx<'_> {
    /// The `[[strategico]]` sections (optional).
    pub(super) fn strategic(
        &mut self,
        root: &Tab,
        indicator_ids: &mut HashMap<String, Range<usize>>,
    ) -> Vec<StrategicObjective> {
        let Some(v) = root.get("strategico") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen = HashMap::new();
        for tab in self.tables(v, "strategico", "in [[strategico]]") {
            self.check_keys(&tab, STRATEGIC_KEYS);
            let id = self.required_string(&tab, "id");
            let title = self.required_string(&tab, "titolo").map(|(s, _)| s);
            let description = self.optional_string(&tab, "descrizione");
            let name = id.as_ref().map_or("", |(s, _)| s.as_str()).to_string();
            let mut indicators = Vec::new();
            let mut ok = true;
            if let Some(iv) = tab.get("indicatore") {
                for it in self.tables(iv, "indicatore", "in [[strategico.indicatore]]") {
                    // Its own indicators describe the strategic objective:
                    // nobody reports them, so units and weights would be
                    // kept without meaning anything.
                    for key in UNIT_KEYS {
                        if let Some(v) = it.get(key) {
                            self.error_hint(
                                v.span(),
                                format!("`{key}` non vale per gli indicatori di un obiettivo strategico: non si rendicontano"),
                                "togliere la chiave: unità e pesi si indicano negli obiettivi operativi che servono l'obiettivo strategico",
                            );
                            ok = false;
                        }
                    }
                    match self.indicator(&it, &name, true, None, indicator_ids).0 {
                        Some(l) => indicators.push(l.indicator),
                        None => ok = false,
                    }
                }
            }
            let Some((id, span)) = id else { continue };
            if seen.contains_key(&id) {
                self.duplicate(&mut seen, &id, span, "id di obiettivo strategico");
                continue;
            }
            seen.insert(id.clone(), span);
            self.strategic_ids.push(id.clone());
            if let (Some(title), true) = (title, ok) {
                out.push(StrategicObjective {
                    id: StrategicId(id),
                    title,
                    description,
                    indicators,
                });
            }
        }
        out
    }

    /// An objective's `strategico = "S1"`.
    pub(super) fn strategic_ref(&mut self, v: &Spanned<DeValue>) -> Option<StrategicId> {
        let s = self.string(v, "strategico")?;
        if self.strategic_ids.contains(&s) {
            return Some(StrategicId(s));
        }
        let known: Vec<&str> = self.strategic_ids.iter().map(String::as_str).collect();
        let message = if known.is_empty() {
            format!(
                "obiettivo strategico «{s}» sconosciuto: il piano non definisce obiettivi strategici ([[strategico]])"
            )
        } else {
            format!(
                "obiettivo strategico «{s}» sconosciuto: quelli definiti sono {}",
                known.join(", ")
            )
        };
        match closest(&s, &known) {
            Some(c) => self.error_hint(v.span(), message, format!("forse si intendeva «{c}»?")),
            None => self.error(v.span(), message),
        }
        None
    }

    /// `base = { valore = …, anno = …, fonte = "…" }`.
    pub(super) fn baseline(&mut self, tab: &Tab) -> Option<Baseline> {
        let v = tab.get("base")?;
        let DeValue::Table(t) = v.get_ref() else {
            self.error_hint(
                v.span(),
                format!(
                    "`base` deve essere una tabella, non {}",
                    type_name(v.get_ref())
                ),
                format!(
                    "scrivere `base = {{ valore = 250, anno = {}, fonte = \"…\" }}`",
                    self.year
                        .map_or_else(|| "AAAA".to_string(), |y| (y - 1).to_string())
                ),
            );
            return None;
        };
        let b = Tab {
            t,
            span: v.span(),
            name: "nel valore di partenza (`base`)".to_string(),
        };
        self.check_keys(&b, BASELINE_KEYS);
        let value = self
            .required(&b, "valore")
            .and_then(|x| self.number(x, "valore"));
        let year = match b.get("anno") {
            Some(y) => Some(self.year_value(y)?),
            None => None,
        };
        let source = self.optional_string(&b, "fonte");
        Some(Baseline {
            value: value?,
            year,
            source,
        })
    }

    /// `successo = 80`: the expected success level, in percent.
    pub(super) fn success(&mut self, v: &Spanned<DeValue>) -> Option<f64> {
        let x = self.number(v, "successo")?;
        if !(x > 0.0 && x <= 100.0) {
            self.error_hint(
                v.span(),
                format!(
                    "`successo` deve essere una percentuale maggiore di 0 e non oltre 100, non {}",
                    crate::italian::number(x, 6)
                ),
                "scrivere ad esempio `successo = 80` se l'80% conta come pieno successo",
            );
            return None;
        }
        Some(x / 100.0)
    }

    /// `capofila = "III"`: one of the units answering for the indicator.
    pub(super) fn lead(
        &mut self,
        v: &Spanned<DeValue>,
        indicator: &str,
        own: Option<&[Responsibility]>,
        objective_areas: Option<&[AreaId]>,
    ) -> Option<AreaId> {
        let name = self.string(v, "capofila")?;
        let units: Vec<AreaId> = match own {
            Some(list) => list.iter().map(|r| r.area.clone()).collect(),
            None => objective_areas.map(<[AreaId]>::to_vec).unwrap_or_default(),
        };
        if let Some(a) = units.iter().find(|a| a.as_str() == name) {
            if units.len() < 2 {
                self.error_hint(
                    v.span(),
                    format!("`capofila` in «{indicator}»: l'indicatore ha un solo responsabile"),
                    "la capofila serve quando più responsabili condividono lo stesso risultato; togliere `capofila`",
                );
                return None;
            }
            return Some(a.clone());
        }
        let known: Vec<&str> = units.iter().map(AreaId::as_str).collect();
        self.error_hint(
            v.span(),
            format!(
                "la capofila «{name}» dell'indicatore «{indicator}» non è tra i suoi responsabili ({})",
                known.join(", ")
            ),
            "indicare come capofila uno dei responsabili dell'indicatore",
        );
        None
    }

    /// Formula, source, type, budget mission/programme, PNRR, SDG, scope.
    pub(super) fn meta(&mut self, tab: &Tab) -> IndicatorMeta {
        let kind = self.one_of(tab, "tipologia", INDICATOR_TYPES);
        let scope = self.one_of(tab, "dimensione", INDICATOR_SCOPES);
        let sdg = match tab.get("sdg") {
            None => Vec::new(),
            Some(v) => self.sdg(v),
        };
        IndicatorMeta {
            formula: self.optional_string(tab, "formula"),
            source: self.optional_string(tab, "fonte"),
            kind,
            mission: self.optional_string(tab, "missione"),
            programme: self.optional_string(tab, "programma"),
            pnrr: self.optional_string(tab, "pnrr"),
            sdg,
            scope,
        }
    }

    fn one_of(&mut self, tab: &Tab, key: &str, allowed: &[&str]) -> Option<String> {
        let v = tab.get(key)?;
        let s = self.string(v, key)?;
        if allowed.contains(&s.as_str()) {
            return Some(s);
        }
        let message = format!(
            "`{key}` = «{s}» non è ammesso: i valori ammessi sono {}",
            allowed.join(", ")
        );
        match closest(&s, allowed) {
            Some(c) => self.error_hint(v.span(), message, format!("forse si intendeva «{c}»?")),
            None => self.error(v.span(), message),
        }
        None
    }

    fn sdg(&mut self, v: &Spanned<DeValue>) -> Vec<u8> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error_hint(
                v.span(),
                format!(
                    "`sdg` deve essere una lista, non {}",
                    type_name(v.get_ref())
                ),
                "scrivere `sdg = [11, 16]`",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let Some(x) = self.number(item, "sdg") else {
                continue;
            };
            if x.fract() == 0.0 && (1.0..=17.0).contains(&x) {
                out.push(x as u8);
            } else {
                self.error(
                    item.span(),
                    format!(
                        "l'obiettivo di sviluppo sostenibile (SDG) {} non esiste: sono numerati da 1 a 17",
                        crate::italian::number(x, 6)
                    ),
                );
            }
        }
        out
    }
}
