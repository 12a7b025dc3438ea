//! Objectives and their indicators.

use super::*;

impl Ctx<'_> {
    pub(super) fn objective(
        &mut self,
        tab: &Tab,
        themes: &[Theme],
        objective_ids: &mut HashMap<String, Range<usize>>,
        indicator_ids: &mut HashMap<String, Range<usize>>,
        payment_times_seen: &mut Option<String>,
    ) -> Option<Objective> {
        self.check_keys(tab, OBJECTIVE_KEYS);
        let id = self.required_string(tab, "id");
        if let Some((id, span)) = &id {
            self.duplicate(objective_ids, id, span.clone(), "id di obiettivo");
        }
        let theme = self.required_string(tab, "ambito").and_then(|(t, span)| {
            if themes.iter().any(|th| th.id.as_str() == t) {
                Some(ThemeId(t))
            } else {
                let known: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
                let message = if known.is_empty() {
                    format!("ambito «{t}» sconosciuto: il piano non definisce ambiti ([[ambito]])")
                } else {
                    format!(
                        "ambito «{t}» sconosciuto: gli ambiti definiti sono {}",
                        known.join(", ")
                    )
                };
                match closest(&t, &known) {
                    Some(s) => self.error_hint(span, message, format!("forse si intendeva «{s}»?")),
                    None => self.error(span, message),
                }
                None
            }
        });
        let title = self.required_string(tab, "titolo").map(|(s, _)| s);
        let description = self.optional_string(tab, "descrizione");
        let funding = self.optional_string(tab, "finanziamento");
        let strategic = tab.get("strategico").and_then(|v| self.strategic_ref(v));
        let own = match &id {
            Some((id, _)) => format!("dell'obiettivo «{id}»"),
            None => "dell'obiettivo".to_string(),
        };
        let resp = tab
            .get("responsabili")
            .map(|v| self.responsibilities(v, &own));
        let obj_areas: Option<Vec<AreaId>> = match &resp {
            Some(Some(list)) => Some(list.iter().flat_map(|r| self.expand(&r.area)).collect()),
            _ => None,
        };

        let ind_tabs = match tab.get("indicatore") {
            Some(v) => self.tables(v, "indicatore", "in [[obiettivo.indicatore]]"),
            None => Vec::new(),
        };
        let obj_name = id.as_ref().map_or("", |(s, _)| s.as_str()).to_string();
        if ind_tabs.is_empty() {
            self.error_hint(
                tab.span.clone(),
                format!("l'obiettivo «{obj_name}» non ha indicatori"),
                "aggiungere almeno una sezione [[obiettivo.indicatore]] dopo l'obiettivo",
            );
        }
        let mut indicators = Vec::new();
        let mut dormant = Vec::new();
        let mut ind_resps = Vec::new();
        let mut all_own_weights = !ind_tabs.is_empty();
        let mut ind_ok = true;
        for it in &ind_tabs {
            let (ind, own_resp) = self.indicator(
                it,
                &obj_name,
                resp.is_some(),
                obj_areas.as_deref(),
                indicator_ids,
            );
            all_own_weights &= own_resp.is_some();
            if let Some(r) = own_resp {
                ind_resps.push(r);
            }
            match ind {
                Some(l) if l.dormant => dormant.push(l.indicator),
                Some(l) => indicators.push(l.indicator),
                None => ind_ok = false,
            }
        }
        if ind_ok && indicators.is_empty() && !dormant.is_empty() {
            let year = self.year.map(|y| y.to_string()).unwrap_or_default();
            self.error_hint(
                tab.span.clone(),
                format!("l'obiettivo «{obj_name}» non ha indicatori con traguardi per l'anno del piano ({year})"),
                "un obiettivo senza nulla da valutare nell'anno va tolto dal piano di quell'anno",
            );
            ind_ok = false;
        }

        // A unit without weight is a project on other resources, which the
        // plan must say (`finanziamento`); at objective level the weights
        // may instead come from every indicator's own list. A plan written
        // with no weight at all is left to the SMVP's weight rule.
        let missing_hint = "aggiungere `peso = …`, oppure `finanziamento = \"…\"` all'obiettivo se è finanziato a parte";
        if funding.is_none() && self.plan_has_weights {
            if let Some(Some(list)) = &resp
                && !all_own_weights
            {
                for r in list.iter().filter(|r| matches!(r.weight, Weight::Missing)) {
                    let name = area_ref_name(&r.area);
                    self.error_hint(
                        r.span.clone(),
                        format!("manca `peso` per {}", self.unit_id(name)),
                        missing_hint,
                    );
                }
            }
            for list in &ind_resps {
                for r in list.iter().filter(|r| matches!(r.weight, Weight::Missing)) {
                    let name = area_ref_name(&r.area);
                    self.error_hint(
                        r.span.clone(),
                        format!("manca `peso` per {}", self.unit_id(name)),
                        missing_hint,
                    );
                }
            }
        }

        let payment_times =
            self.payment_times_flag(tab, &ind_tabs, &obj_name, &indicators, payment_times_seen);
        let areas = match resp {
            Some(Some(list)) => self.to_responsibilities(&list),
            Some(None) => return None,
            None => Vec::new(),
        };
        if !ind_ok {
            return None;
        }
        Some(Objective {
            id: ObjectiveId(id?.0),
            theme: theme?,
            title: title?,
            description,
            areas,
            funding,
            indicators,
            strategic,
            dormant,
            payment_times: payment_times?,
        })
    }

    /// The payment-times flag (`tempi_pagamento = true`, art. 4-bis c.2
    /// DL 13/2023) of the objective or of one of its indicators: one in the
    /// whole plan, on an indicator with a target in the plan's year.
    /// `None` after an error, `Some(None)` when unflagged.
    fn payment_times_flag(
        &mut self,
        tab: &Tab,
        ind_tabs: &[Tab],
        objective: &str,
        indicators: &[Indicator],
        seen: &mut Option<String>,
    ) -> Option<Option<PaymentTimes>> {
        let mut flags: Vec<(Option<String>, Range<usize>)> = Vec::new();
        if self.optional_bool(tab, "tempi_pagamento") == Some(true)
            && let Some(v) = tab.get("tempi_pagamento")
        {
            flags.push((None, v.span()));
        }
        for it in ind_tabs {
            if self.optional_bool(it, "tempi_pagamento") == Some(true)
                && let Some(v) = it.get("tempi_pagamento")
            {
                let id = match it.get("id").map(|v| v.get_ref()) {
                    Some(DeValue::String(s)) => s.trim().to_string(),
                    _ => String::new(),
                };
                flags.push((Some(id), v.span()));
            }
        }
        let mut out = None;
        let mut ok = true;
        for (indicator, span) in flags {
            let name = match &indicator {
                Some(i) => format!("l'indicatore «{i}» dell'obiettivo «{objective}»"),
                None => format!("l'obiettivo «{objective}»"),
            };
            if let Some(first) = seen.as_ref() {
                self.error_hint(
                    span,
                    format!(
                        "il piano indica già come obiettivo sui tempi di pagamento {first}: \
                         la quota della retribuzione di risultato (art. 4-bis, c. 2, DL 13/2023) \
                         dipende da un solo obiettivo"
                    ),
                    "tenere `tempi_pagamento = true` su un solo obiettivo o indicatore del piano",
                );
                ok = false;
                continue;
            }
            if let Some(i) = &indicator
                && !indicators.iter().any(|x| x.id.as_str() == i)
            {
                self.error_hint(
                    span,
                    format!("{name} non ha traguardi nell'anno del piano: non può decidere la quota sui tempi di pagamento"),
                    "indicare `tempi_pagamento = true` su un indicatore con un traguardo nell'anno del piano",
                );
                ok = false;
                continue;
            }
            *seen = Some(name);
            out = Some(PaymentTimes {
                indicator: indicator.map(IndicatorId),
                at: self.loc(span.start),
            });
        }
        ok.then_some(out)
    }

    /// The indicator, and its own `responsabili` list when it has one
    /// (whose missing weights the objective checks).
    pub(super) fn indicator(
        &mut self,
        tab: &Tab,
        objective: &str,
        objective_has_resp: bool,
        objective_areas: Option<&[AreaId]>,
        indicator_ids: &mut HashMap<String, Range<usize>>,
    ) -> (Option<Loaded>, Option<Vec<RawResp>>) {
        self.check_keys(tab, INDICATOR_KEYS);
        let id = self.required_string(tab, "id");
        if let Some((id, span)) = &id {
            self.duplicate(indicator_ids, id, span.clone(), "id di indicatore");
        }
        let description = self.required_string(tab, "descrizione").map(|(s, _)| s);
        let expected = self.required_string(tab, "livello_atteso").map(|(s, _)| s);
        let condition = self.optional_string(tab, "condizione");
        let ind_name = id.as_ref().map_or("", |(s, _)| s.as_str()).to_string();
        let mut ok = true;

        let aree = tab.get("aree");
        let resp_v = tab.get("responsabili");
        if let (Some(_), Some(r)) = (aree, resp_v) {
            self.error_hint(
                r.span(),
                format!("l'indicatore «{ind_name}» ha sia `aree` sia `responsabili`"),
                "usare `aree` per restringere le aree dell'obiettivo, oppure `responsabili` con i pesi propri dell'indicatore, non entrambi",
            );
            ok = false;
        }
        let mut areas = None;
        let mut own = None;
        if let Some(v) = aree {
            if !objective_has_resp {
                self.error_hint(
                    v.span(),
                    format!("`aree` restringe i responsabili dell'obiettivo «{objective}», che però non ne indica"),
                    "usare `responsabili = [{ area = \"…\", peso = … }]` nell'indicatore",
                );
                ok = false;
            }
            let names = self.string_list(v, "aree");
            if names.is_empty() && matches!(v.get_ref(), DeValue::Array(_)) {
                let message = format!("`aree` è vuoto: indicare almeno {}", self.vocab.unit.a());
                self.error(v.span(), message);
                ok = false;
            }
            let mut refs = Vec::new();
            for (name, span) in names {
                match self.area_ref(&name, span.clone()) {
                    Some(r) => refs.push((r, span)),
                    None => ok = false,
                }
            }
            ok &= self.check_area_list(&refs, "aree");
            ok &= self.check_subset(refs.iter().map(|(r, s)| (r, s)), objective, objective_areas);
            let mut list = Vec::new();
            for (r, _) in &refs {
                for area in self.expand(r) {
                    list.push(Responsibility {
                        area,
                        weight: None,
                        note: matches!(r, AreaRef::All).then(|| ALL_AREAS_NOTE.to_string()),
                    });
                }
            }
            areas = Some(list);
        } else if let Some(v) = resp_v {
            let own_name = format!("dell'indicatore «{ind_name}»");
            match self.responsibilities(v, &own_name) {
                Some(list) => {
                    ok &= self.check_subset(
                        list.iter().map(|r| (&r.area, &r.area_span)),
                        objective,
                        objective_areas,
                    );
                    areas = Some(self.to_responsibilities(&list));
                    own = Some(list);
                }
                None => ok = false,
            }
        } else if !objective_has_resp {
            self.error_hint(
                tab.span.clone(),
                format!(
                    "l'indicatore «{ind_name}» non ha responsabili, e l'obiettivo «{objective}» non ne indica"
                ),
                "aggiungere `responsabili` all'obiettivo oppure a ogni suo indicatore",
            );
            ok = false;
        }

        let baseline = self.baseline(tab);
        let shared = self
            .optional_bool(tab, "risultato_condiviso")
            .unwrap_or(false);
        let success = tab.get("successo").and_then(|v| self.success(v));
        let meta = self.meta(tab);
        let lead = tab
            .get("capofila")
            .and_then(|v| self.lead(v, &ind_name, areas.as_deref(), objective_areas));
        if tab.get("capofila").is_some() && lead.is_none() {
            ok = false;
        }
        let targets = self.targets(tab, &ind_name, baseline.as_ref().map(|b| b.value));
        let indicator = match (id, description, expected, targets, ok) {
            (Some((id, _)), Some(description), Some(expected), Some(targets), true) => {
                Some(Loaded {
                    indicator: Indicator {
                        id: IndicatorId(id),
                        description,
                        expected,
                        targets: targets.current,
                        condition,
                        areas,
                        baseline,
                        other_years: targets.other_years,
                        success,
                        shared: lead.is_some() || shared,
                        lead,
                        meta,
                    },
                    dormant: targets.dormant,
                })
            }
            _ => None,
        };
        (indicator, own)
    }
}
