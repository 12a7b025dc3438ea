//! Areas, themes and the `responsabili` / `aree` lists that refer to them.

use super::*;
use crate::vocab::Prep;

impl Ctx<'_> {
    /// A unit of the plan by its id, in the ente's words: «l'Area «I»»,
    /// «il Settore «I»».
    pub(super) fn unit_id(&self, id: &str) -> String {
        format!("{} «{id}»", self.vocab.unit.the(false))
    }

    pub(super) fn areas(&mut self, root: &Tab) -> Vec<Area> {
        let mut out = Vec::new();
        let mut seen = HashMap::new();
        let mut file_names: HashMap<String, (String, Range<usize>)> = HashMap::new();
        let mut declared_top: Option<(String, Range<usize>)> = None;
        for tab in self.list_section(root, "area", "aree ([[area]])") {
            self.check_keys(&tab, AREA_KEYS);
            let id = self.required_string(&tab, "id");
            let name = self.required_string(&tab, "nome");
            let offices = match tab.get("uffici") {
                Some(v) => self
                    .string_list(v, "uffici")
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect(),
                None => Vec::new(),
            };
            let head = self.optional_string(&tab, "responsabile");
            let in_all = self.optional_bool(&tab, "in_tutte_le_aree").unwrap_or(true);
            let Some((id, id_span)) = id else { continue };
            let top_official = self.top_official_flag(&tab, &id, &mut declared_top);
            if id.eq_ignore_ascii_case(ALL_AREAS) {
                self.error(
                    id_span,
                    format!(
                        "«{id}» non può essere l'id di {}: è riservato per indicare {}",
                        self.vocab.unit.a(),
                        self.vocab.all_units_lower()
                    ),
                );
                continue;
            }
            if seen.contains_key(&id) {
                let what = format!("id {}", self.vocab.unit.prep(Prep::Di, false));
                self.duplicate(&mut seen, &id, id_span, &what);
                continue;
            }
            seen.insert(id.clone(), id_span);
            self.areas.push(AreaInfo {
                id: AreaId(id.clone()),
                in_all,
            });
            if let Some((name, name_span)) = name {
                // Each unit's form is a file named after it: two names that
                // give one file would overwrite each other.
                let key = crate::filename::collision_key(&name);
                if let Some((other, other_span)) = file_names.get(&key) {
                    let (line, _) = self.line_col(other_span.start);
                    self.error_hint(
                        name_span,
                        format!(
                            "il nome «{name}» dà lo stesso nome di file di «{other}» (riga {line}): i moduli si sovrascriverebbero"
                        ),
                        "dare alle unità nomi che differiscano per lettere o cifre, non solo per maiuscole, punteggiatura o spazi",
                    );
                    continue;
                }
                file_names.insert(key, (name.clone(), name_span));
                out.push(Area {
                    id: AreaId(id),
                    name,
                    offices,
                    head,
                    top_official,
                });
            }
        }
        out
    }

    /// `vertice = true`: this unit holds the top official's own objectives.
    /// Only one unit can: with two, the schede and letters would have two
    /// top officials, so the second is an error naming the first's line.
    fn top_official_flag(
        &mut self,
        tab: &Tab,
        id: &str,
        first: &mut Option<(String, Range<usize>)>,
    ) -> bool {
        let Some(span) = tab.get("vertice").map(|v| v.span()) else {
            return false;
        };
        if self.optional_bool(tab, "vertice") != Some(true) {
            return false;
        }
        if let Some((other, other_span)) = first {
            let (line, _) = self.line_col(other_span.start);
            self.error_hint(
                span,
                format!(
                    "anche {} ha `vertice = true` (riga {line}): una sola unità può raccogliere gli obiettivi propri {}",
                    self.unit_id(other),
                    self.vocab.top_official.prep(Prep::Di, false)
                ),
                format!(
                    "lasciare `vertice = true` soltanto {} che raccoglie gli obiettivi {} e toglierlo (o scrivere `vertice = false`) nelle altre sezioni [[area]]",
                    self.vocab.unit.prep(Prep::In, false),
                    self.vocab.top_official.prep(Prep::Di, false)
                ),
            );
            return false;
        }
        *first = Some((id.to_string(), span));
        true
    }

    pub(super) fn themes(&mut self, root: &Tab) -> Vec<Theme> {
        let mut out = Vec::new();
        let mut seen = HashMap::new();
        let Some(v) = root.get("ambito") else {
            self.error_hint(
                0..0,
                "il piano non ha ambiti strategici",
                "aggiungere almeno una sezione [[ambito]]",
            );
            return out;
        };
        for tab in self.tables(v, "ambito", "in [[ambito]]") {
            self.check_keys(&tab, THEME_KEYS);
            let id = self.required_string(&tab, "id");
            let name = self.required_string(&tab, "nome");
            let Some((id, span)) = id else { continue };
            if seen.contains_key(&id) {
                self.duplicate(&mut seen, &id, span, "id di ambito");
                continue;
            }
            seen.insert(id.clone(), span);
            if let Some((name, _)) = name {
                out.push(Theme {
                    id: ThemeId(id),
                    name,
                });
            }
        }
        out
    }

    pub(super) fn known_area_ids(&self) -> String {
        self.areas
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub(super) fn area_ref(&mut self, name: &str, span: Range<usize>) -> Option<AreaRef> {
        if name.eq_ignore_ascii_case(ALL_AREAS) {
            return Some(AreaRef::All);
        }
        if let Some(a) = self.areas.iter().find(|a| a.id.as_str() == name) {
            return Some(AreaRef::One(a.id.clone()));
        }
        let vocab = self.vocab;
        let unit = &vocab.unit;
        let unknown = format!(
            "{} «{name}» {}",
            unit.singular,
            unit.agree("sconosciuto", false)
        );
        let message = if self.areas.is_empty() {
            format!(
                "{unknown}: il piano non definisce {} ([[area]])",
                unit.plural.to_lowercase()
            )
        } else {
            format!(
                "{unknown}: {} {} sono {} (oppure «tutte»)",
                unit.the(true),
                unit.agree("definito", true),
                self.known_area_ids()
            )
        };
        let ids: Vec<&str> = self.areas.iter().map(|a| a.id.as_str()).collect();
        match closest(name, &ids) {
            Some(s) => {
                let hint = format!("forse si intendeva «{s}»?");
                self.error_hint(span, message, hint)
            }
            None => self.error(span, message),
        }
        None
    }

    /// Rejects "tutte" mixed with explicit areas and an area listed twice.
    pub(super) fn check_area_list(&mut self, refs: &[(AreaRef, Range<usize>)], key: &str) -> bool {
        let mut ok = true;
        let has_all = refs.iter().any(|(r, _)| matches!(r, AreaRef::All));
        let has_one = refs.iter().any(|(r, _)| matches!(r, AreaRef::One(_)));
        if has_all && has_one {
            let span = refs
                .iter()
                .find(|(r, _)| matches!(r, AreaRef::All))
                .map(|(_, s)| s.clone())
                .unwrap_or(0..0);
            let vocab = self.vocab;
            let unit = &vocab.unit;
            self.error_hint(
                span,
                format!(
                    "in `{key}` «tutte» non può stare insieme ad {} {}",
                    unit.agree("altro", true),
                    unit.plural
                ),
                format!(
                    "indicare «tutte» da solo, oppure elencare {} {} per {}",
                    unit.the(true),
                    unit.agree("uno", false),
                    unit.agree("uno", false)
                ),
            );
            ok = false;
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut all_seen = false;
        for (r, span) in refs {
            let repeated = match r {
                AreaRef::All => std::mem::replace(&mut all_seen, true),
                AreaRef::One(id) => {
                    let dup = seen.contains(&id.as_str());
                    seen.push(id.as_str());
                    dup
                }
            };
            if repeated {
                let name = match r {
                    AreaRef::All => ALL_AREAS,
                    AreaRef::One(id) => id.as_str(),
                };
                self.error(
                    span.clone(),
                    format!("{} compare due volte in `{key}`", self.unit_id(name)),
                );
                ok = false;
            }
        }
        ok
    }

    pub(super) fn expand(&self, r: &AreaRef) -> Vec<AreaId> {
        match r {
            AreaRef::All => self
                .areas
                .iter()
                .filter(|a| a.in_all)
                .map(|a| a.id.clone())
                .collect(),
            AreaRef::One(id) => vec![id.clone()],
        }
    }

    pub(super) fn responsibilities(
        &mut self,
        v: &Spanned<DeValue>,
        owner: &str,
    ) -> Option<Vec<RawResp>> {
        let tabs = self.tables(v, "responsabili", &format!("in un responsabile {owner}"));
        if !matches!(v.get_ref(), DeValue::Array(_)) {
            return None;
        }
        if tabs.is_empty() {
            self.error_hint(
                v.span(),
                "`responsabili` è vuoto",
                format!(
                    "indicare almeno {}, es. {{ area = \"I\", peso = 5 }}",
                    self.vocab.unit.a()
                ),
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for tab in &tabs {
            self.check_keys(tab, RESP_KEYS);
            let area = self.required_string(tab, "area");
            let weight = match tab.get("peso") {
                None => Weight::Missing,
                Some(pv) => match self.weight(pv, "peso") {
                    Some(x) => Weight::Given(x),
                    None => Weight::Invalid,
                },
            };
            let note = self.optional_string(tab, "nota");
            let Some((name, area_span)) = area else {
                ok = false;
                continue;
            };
            let Some(area) = self.area_ref(&name, area_span.clone()) else {
                ok = false;
                continue;
            };
            out.push(RawResp {
                area,
                weight,
                note,
                span: tab.span.clone(),
                area_span,
            });
        }
        let refs: Vec<(AreaRef, Range<usize>)> = out
            .iter()
            .map(|r| (r.area.clone(), r.area_span.clone()))
            .collect();
        ok &= self.check_area_list(&refs, "responsabili");
        ok.then_some(out)
    }

    pub(super) fn to_responsibilities(&self, list: &[RawResp]) -> Vec<Responsibility> {
        let mut out = Vec::new();
        for r in list {
            let weight = match r.weight {
                Weight::Given(x) => Some(x),
                _ => None,
            };
            let note = match (&r.area, &r.note) {
                (AreaRef::All, Some(n)) => Some(format!("{ALL_AREAS_NOTE} ({n})")),
                (AreaRef::All, None) => Some(ALL_AREAS_NOTE.to_string()),
                (AreaRef::One(_), n) => n.clone(),
            };
            for area in self.expand(&r.area) {
                out.push(Responsibility {
                    area,
                    weight,
                    note: note.clone(),
                });
            }
        }
        out
    }

    /// The indicator's list narrows the objective's: every area must be one of it.
    pub(super) fn check_subset<'r>(
        &mut self,
        refs: impl Iterator<Item = (&'r AreaRef, &'r Range<usize>)>,
        objective: &str,
        objective_areas: Option<&[AreaId]>,
    ) -> bool {
        let Some(allowed) = objective_areas else {
            return true;
        };
        let mut ok = true;
        for (r, span) in refs {
            for area in self.expand(r) {
                if !allowed.contains(&area) {
                    self.error_hint(
                        span.clone(),
                        format!(
                            "{} non è tra i responsabili dell'obiettivo «{objective}»",
                            self.unit_id(area.as_str())
                        ),
                        "un indicatore può solo restringere l'elenco dei responsabili del suo obiettivo",
                    );
                    ok = false;
                }
            }
        }
        ok
    }
}
