//! Loading and validating `smvp.toml`: every problem at once, in Italian,
//! with line and column.

use std::path::Path;

use crate::diag::Diagnostics;
use crate::italian;

use super::model::*;
use super::toml_read::{self as tr, Doc, Table};

impl Default for Rules {
    /// The rules shipped in `inputs/smvp.toml` (a test keeps them equal).
    fn default() -> Self {
        Rules {
            deadline: DeadlineRules {
                bands: vec![
                    DelayBand {
                        up_to_days: 30,
                        grade: 0.8,
                    },
                    DelayBand {
                        up_to_days: 60,
                        grade: 0.5,
                    },
                ],
                beyond_last_band: 0.0,
                movable_accepts_later_date_with_motivation: true,
            },
            quantity: QuantityRules {
                minimum: QuantityMode::Proportional,
                percentage: QuantityMode::Proportional,
            },
            maximum: MaximumRules {
                strict_override: None,
                exceeded_grade: 0.0,
            },
            qualitative: QualitativeRules {
                partially_achieved: 0.5,
            },
            objective: ObjectiveAggregation::Mean,
            outcomes: OutcomeThresholds {
                achieved: 0.9,
                partially: 0.5,
            },
            missing: MissingPolicy::Zero,
            reward_bands: vec![
                RewardBand {
                    min_grade: 0.0,
                    share: RewardShare::Fixed(0.0),
                    label: "Fascia 1 (meno del 60%)".into(),
                },
                RewardBand {
                    min_grade: 0.6,
                    share: RewardShare::Proportional,
                    label: "Fascia 2 (dal 60% al 90%)".into(),
                },
                RewardBand {
                    min_grade: 0.9,
                    share: RewardShare::Fixed(1.0),
                    label: "Fascia 3 (dal 90%)".into(),
                },
            ],
            weights: WeightRule::Required,
            success: 1.0,
            strategic: ObjectiveAggregation::Mean,
            weight_total: None,
            adoption: None,
            conciliation: None,
        }
    }
}

/// Reads `smvp.toml`. `others` names the sections of the same file that
/// other modules own and read themselves (the individual evaluation's
/// model, say): they are accepted and left alone; any other unknown
/// section is an error.
pub fn load_rules(path: &Path, others: &[&str]) -> Result<Rules, Diagnostics> {
    let text = crate::input::read_text(path).map_err(|e| {
        let missing = matches!(e, crate::input::InputError::Missing);
        let mut d = e.into_diagnostic(path, "il file delle regole");
        // Named by its whole path: «smvp.toml» alone does not say where
        // it was looked for.
        d.location.whole_path = true;
        Diagnostics::from(if missing {
            d.with_hint(
                "copiare lo smvp.toml fornito con il programma (cartella inputs/ degli esempi) e adattarlo alle regole dell'ente (docs/regole-smvp.md), oppure indicare il file con --regole",
            )
        } else {
            d.with_hint("controllare il percorso (opzione --regole) e i permessi del file")
        })
    })?;
    parse_rules(&text, path, others)
}

/// Parses the text of a rules file; `path` is used in messages only,
/// `others` as in [`load_rules`].
pub fn parse_rules(text: &str, path: &Path, others: &[&str]) -> Result<Rules, Diagnostics> {
    let mut doc = Doc::new(path, text);
    let Some(root) = doc.parse() else {
        return Err(doc.finish());
    };
    let mut top = Table::new(root.get_ref(), 0..0, "file delle regole");
    let fallback = Rules::default();

    let deadline = section(&mut doc, &mut top, "scadenze", read_deadline);
    let quantity = section(&mut doc, &mut top, "quantita", read_quantity);
    let maximum = section(&mut doc, &mut top, "massimi", read_maximum);
    let qualitative = section(&mut doc, &mut top, "qualitativi", |doc, t| {
        let v = t.required(doc, "parzialmente_raggiunto")?;
        let partially_achieved = tr::percent(doc, v, "parzialmente_raggiunto")?;
        Some(QualitativeRules { partially_achieved })
    });
    let objective = section(&mut doc, &mut top, "obiettivo", aggregation);
    let outcomes = section(&mut doc, &mut top, "esiti", read_outcomes);
    let missing = section(&mut doc, &mut top, "dati_mancanti", |doc, t| {
        let v = t.required(doc, "regola")?;
        choice(
            doc,
            v,
            "regola",
            &[
                ("zero", MissingPolicy::Zero),
                ("escludi", MissingPolicy::Exclude),
            ],
        )
    });
    // Optional: comuni that do not fix a total per unit leave it out.
    let weight_total = optional_section(
        &mut doc,
        &mut top,
        "pesi",
        super::weights::read_weight_total,
    );
    let weights = optional_section(&mut doc, &mut top, "pesi_mancanti", |doc, t| {
        let v = t.required(doc, "regola")?;
        choice(
            doc,
            v,
            "regola",
            &[
                ("errore", WeightRule::Required),
                ("uguali", WeightRule::Equal),
            ],
        )
    });
    let success = optional_section(&mut doc, &mut top, "successo", |doc, t| {
        let v = t.required(doc, "soglia")?;
        let x = tr::percent(doc, v, "soglia")?;
        if x <= 0.0 {
            doc.error_hint(
                &v.span(),
                "`soglia` del successo deve essere maggiore di 0",
                "scrivere ad esempio `soglia = 80` se l'80% conta come pieno successo, 100 altrimenti",
            );
            return None;
        }
        Some(x)
    });
    let strategic = optional_section(&mut doc, &mut top, "strategico", aggregation);
    let adoption = optional_section(
        &mut doc,
        &mut top,
        "adozione",
        super::adoption::read_adoption,
    );
    let conciliation = optional_section(
        &mut doc,
        &mut top,
        "conciliazione",
        super::adoption::read_conciliation,
    );
    // Optional: a comune that evaluates each head individually takes the
    // pay from that model, and unit bands would give the same person a
    // second, different figure.
    let reward_bands = match top.get("fascia") {
        Some(v) => read_reward_bands(&mut doc, v),
        None => Some(Vec::new()),
    };
    // Sections other modules own live in the same file and are read by
    // them.
    for name in others {
        let _ = top.get(name);
    }
    top.finish(&mut doc);

    let rules = Rules {
        deadline: deadline.unwrap_or(fallback.deadline),
        quantity: quantity.unwrap_or(fallback.quantity),
        maximum: maximum.unwrap_or(fallback.maximum),
        qualitative: qualitative.unwrap_or(fallback.qualitative),
        objective: objective.unwrap_or(fallback.objective),
        outcomes: outcomes.unwrap_or(fallback.outcomes),
        missing: missing.unwrap_or(fallback.missing),
        reward_bands: reward_bands.unwrap_or(fallback.reward_bands),
        weights: weights.unwrap_or(fallback.weights),
        success: success.unwrap_or(fallback.success),
        strategic: strategic.unwrap_or(fallback.strategic),
        weight_total,
        adoption,
        conciliation,
    };
    let diags = doc.finish();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(rules)
    }
}

/// Reads a required `[name]` section with `read`, then reports its unknown keys.
fn section<T>(
    doc: &mut Doc<'_>,
    top: &mut Table<'_, '_>,
    name: &str,
    read: impl FnOnce(&mut Doc<'_>, &mut Table<'_, '_>) -> Option<T>,
) -> Option<T> {
    if top.get(name).is_none() {
        missing_section(doc, &format!("[{name}]"));
        return None;
    }
    optional_section(doc, top, name, read)
}

/// Reads an optional `[name]` section: rules added after the first SMVP
/// files were written, so older files stay valid (defaults apply).
fn optional_section<T>(
    doc: &mut Doc<'_>,
    top: &mut Table<'_, '_>,
    name: &str,
    read: impl FnOnce(&mut Doc<'_>, &mut Table<'_, '_>) -> Option<T>,
) -> Option<T> {
    let v = top.get(name)?;
    let mut t = tr::table(doc, v, &format!("[{name}]"))?;
    let out = read(doc, &mut t);
    t.finish(doc);
    out
}

/// `aggregazione = "media" | "minimo"`.
fn aggregation(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<ObjectiveAggregation> {
    let v = t.required(doc, "aggregazione")?;
    choice(
        doc,
        v,
        "aggregazione",
        &[
            ("media", ObjectiveAggregation::Mean),
            ("minimo", ObjectiveAggregation::Minimum),
        ],
    )
}

fn missing_section(doc: &mut Doc<'_>, section: &str) {
    doc.error_hint(
        &(0..0),
        format!("manca la sezione {section} nel file delle regole"),
        &format!(
            "aggiungere la sezione {section} copiandola dal file smvp.toml fornito (spiegazioni in docs/regole-smvp.md)"
        ),
    );
}

pub(crate) fn choice<T: Copy>(
    doc: &mut Doc<'_>,
    v: &toml::Spanned<toml::de::DeValue<'_>>,
    key: &str,
    options: &[(&str, T)],
) -> Option<T> {
    let s = tr::string(doc, v, key)?;
    if let Some((_, t)) = options.iter().find(|(name, _)| *name == s) {
        return Some(*t);
    }
    let allowed = options
        .iter()
        .map(|(n, _)| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(" oppure ");
    doc.error_hint(
        &v.span(),
        format!("`{key}` = \"{s}\" non è un valore ammesso"),
        &format!("scrivere {allowed}"),
    );
    None
}

fn read_deadline(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<DeadlineRules> {
    let bands_v = t.required(doc, "fasce_ritardo");
    let beyond_v = t.required(doc, "oltre_ultima_fascia");
    let movable_v = t.required(doc, "spostabile_con_motivazione");

    let mut bands = Vec::new();
    let mut ok = true;
    if let Some(v) = bands_v {
        let mut previous: Option<(u32, f64)> = None;
        for mut band in tr::tables(doc, v, "una fascia di ritardo") {
            let days_v = band.required(doc, "fino_a_giorni");
            let grade_v = band.required(doc, "grado");
            let days = days_v.and_then(|dv| {
                let n = tr::number(doc, dv, "fino_a_giorni")?;
                if n < 1.0 || n.fract() != 0.0 || n > 3650.0 {
                    doc.error_hint(
                        &dv.span(),
                        format!(
                            "`fino_a_giorni` = {} non è un numero di giorni valido",
                            italian::number(n, 2)
                        ),
                        "indicare un numero intero di giorni da 1 in su (il giorno della scadenza conta sempre come puntuale)",
                    );
                    return None;
                }
                Some(n as u32)
            });
            let grade = grade_v.and_then(|gv| tr::percent(doc, gv, "grado"));
            band.finish(doc);
            match (days, grade) {
                (Some(days), Some(grade)) => {
                    if let Some((prev_days, prev_grade)) = previous {
                        if days <= prev_days {
                            ok = false;
                            doc.error_hint(
                                &band.span,
                                format!(
                                    "fasce di ritardo sovrapposte o non in ordine: «fino a {}» viene dopo «fino a {}»",
                                    italian::days(days.into()),
                                    italian::days(prev_days.into())
                                ),
                                "elencare le fasce in ordine crescente di giorni, senza ripetizioni",
                            );
                        }
                        if grade > prev_grade {
                            ok = false;
                            doc.error_hint(
                                &band.span,
                                format!(
                                    "la fascia «fino a {}» vale {}, più della fascia precedente ({}): un ritardo maggiore non può valere di più",
                                    italian::days(days.into()),
                                    italian::percent(grade),
                                    italian::percent(prev_grade)
                                ),
                                "i gradi delle fasce devono essere decrescenti (o uguali)",
                            );
                        }
                    }
                    previous = Some((days, grade));
                    bands.push(DelayBand {
                        up_to_days: days,
                        grade,
                    });
                }
                _ => ok = false,
            }
        }
    }
    let beyond = beyond_v.and_then(|v| {
        let g = tr::percent(doc, v, "oltre_ultima_fascia")?;
        if let Some(last) = bands.last()
            && g > last.grade
        {
            doc.error_hint(
                &v.span(),
                format!(
                    "`oltre_ultima_fascia` = {} vale più dell'ultima fascia di ritardo ({})",
                    italian::percent(g),
                    italian::percent(last.grade)
                ),
                "oltre l'ultima fascia il grado non può essere più alto",
            );
            return None;
        }
        Some(g)
    });
    let movable = movable_v.and_then(|v| tr::boolean(doc, v, "spostabile_con_motivazione"));
    if !ok {
        return None;
    }
    Some(DeadlineRules {
        bands,
        beyond_last_band: beyond?,
        movable_accepts_later_date_with_motivation: movable?,
    })
}

fn read_quantity(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<QuantityRules> {
    let options = [
        ("proporzionale", QuantityMode::Proportional),
        ("tutto_o_niente", QuantityMode::AllOrNothing),
    ];
    let minimum = t
        .required(doc, "minimo")
        .and_then(|v| choice(doc, v, "minimo", &options));
    let percentage = t
        .required(doc, "percentuale")
        .and_then(|v| choice(doc, v, "percentuale", &options));
    Some(QuantityRules {
        minimum: minimum?,
        percentage: percentage?,
    })
}

fn read_maximum(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<MaximumRules> {
    let strict = t.required(doc, "stretto").and_then(|v| {
        choice(
            doc,
            v,
            "stretto",
            &[
                ("come_da_piano", None),
                ("sempre", Some(true)),
                ("mai", Some(false)),
            ],
        )
    });
    let exceeded = t
        .required(doc, "grado_se_superato")
        .and_then(|v| tr::percent(doc, v, "grado_se_superato"));
    Some(MaximumRules {
        strict_override: strict?,
        exceeded_grade: exceeded?,
    })
}

fn read_outcomes(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<OutcomeThresholds> {
    let achieved = t
        .required(doc, "raggiunto")
        .and_then(|v| tr::percent(doc, v, "raggiunto"));
    let partially_v = t.required(doc, "parzialmente_raggiunto");
    let partially = partially_v.and_then(|v| tr::percent(doc, v, "parzialmente_raggiunto"));
    let (achieved, partially) = (achieved?, partially?);
    if partially > achieved {
        if let Some(v) = partially_v {
            doc.error_hint(
                &v.span(),
                format!(
                    "la soglia di «parzialmente raggiunto» ({}) supera quella di «raggiunto» ({})",
                    italian::percent(partially),
                    italian::percent(achieved)
                ),
                "la soglia di «parzialmente raggiunto» deve essere minore o uguale a quella di «raggiunto»",
            );
        }
        return None;
    }
    Some(OutcomeThresholds {
        achieved,
        partially,
    })
}

pub(crate) fn read_reward_bands(
    doc: &mut Doc<'_>,
    v: &toml::Spanned<toml::de::DeValue<'_>>,
) -> Option<Vec<RewardBand>> {
    let mut out = Vec::new();
    let mut ok = true;
    let list = tr::tables(doc, v, "[[fascia]]");
    if list.is_empty() {
        doc.error_hint(
            &v.span(),
            "nessuna fascia della retribuzione di risultato",
            "aggiungere almeno una sezione [[fascia]] con `da = 0`",
        );
        return None;
    }
    for (i, mut band) in list.into_iter().enumerate() {
        let min = band
            .required(doc, "da")
            .and_then(|dv| tr::percent(doc, dv, "da"));
        let share = band
            .required(doc, "quota")
            .and_then(|qv| match qv.get_ref() {
                toml::de::DeValue::String(s) if s.as_ref() == "proporzionale" => {
                    Some(RewardShare::Proportional)
                }
                toml::de::DeValue::String(s) => {
                    doc.error_hint(
                        &qv.span(),
                        format!("`quota` = \"{s}\" non è un valore ammesso"),
                        "scrivere una percentuale da 0 a 100 oppure \"proporzionale\"",
                    );
                    None
                }
                _ => tr::percent(doc, qv, "quota").map(RewardShare::Fixed),
            });
        let label = band
            .required(doc, "etichetta")
            .and_then(|lv| tr::string(doc, lv, "etichetta"))
            .map(str::to_string);
        band.finish(doc);
        let (Some(min), Some(share), Some(label)) = (min, share, label) else {
            ok = false;
            continue;
        };
        if i == 0 && min != 0.0 {
            ok = false;
            doc.error_hint(
                &band.span,
                format!(
                    "la prima fascia parte da {} invece che da 0",
                    italian::percent(min)
                ),
                "la prima [[fascia]] deve avere `da = 0`, così ogni grado cade in una fascia",
            );
        }
        if let Some(prev) = out.last().map(|b: &RewardBand| b.min_grade)
            && min <= prev
        {
            ok = false;
            doc.error_hint(
                &band.span,
                format!(
                    "fasce sovrapposte o non in ordine: la fascia da {} viene dopo quella da {}",
                    italian::percent(min),
                    italian::percent(prev)
                ),
                "elencare le [[fascia]] in ordine crescente di `da`, senza ripetizioni",
            );
        }
        out.push(RewardBand {
            min_grade: min,
            share,
            label,
        });
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../inputs/smvp.toml");

    fn parse(text: &str) -> Result<Rules, Diagnostics> {
        parse_rules(text, Path::new("smvp.toml"), crate::ente::RULES_SECTIONS)
    }

    fn errors(text: &str) -> Vec<String> {
        match parse(text) {
            Ok(_) => panic!("expected errors"),
            Err(d) => d.iter().map(|d| d.to_string()).collect(),
        }
    }

    /// The shipped file is the default SMVP but for the unit pay bands,
    /// which it leaves commented: its pay comes from the individual model.
    /// The shipped rules: the defaults but for the unit pay bands, left
    /// commented, and the ente's own acts (no default).
    fn shipped_rules() -> Rules {
        let acts = parse(SHIPPED).unwrap();
        assert!(acts.adoption.is_some() && acts.conciliation.is_some());
        Rules {
            reward_bands: Vec::new(),
            adoption: acts.adoption,
            conciliation: acts.conciliation,
            ..Rules::default()
        }
    }

    /// The shipped file with its commented unit pay bands switched on.
    fn with_unit_bands() -> String {
        let start = SHIPPED.find("# [[fascia]]").unwrap();
        let end = SHIPPED.find("# --- Totale dei pesi").unwrap();
        let bands = SHIPPED[start..end]
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l.trim_start_matches('#')))
            .collect::<Vec<_>>()
            .join("\n");
        format!("{}{bands}\n{}", &SHIPPED[..start], &SHIPPED[end..])
    }

    #[test]
    fn shipped_file_equals_default() {
        assert_eq!(parse(SHIPPED).unwrap(), shipped_rules());
        // Switched on, the commented bands are the default ones.
        assert_eq!(
            Rules {
                adoption: None,
                conciliation: None,
                ..parse(&with_unit_bands()).unwrap()
            },
            Rules::default()
        );
    }

    #[test]
    fn every_shipped_setting_is_commented() {
        // Each section and each key of the shipped file is explained by a
        // comment on the same line or just above it.
        let lines: Vec<&str> = SHIPPED.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let l = line.trim();
            if l.is_empty()
                || l.starts_with('#')
                || l == "]"
                || l.starts_with('{')
                || l == "[[fascia]]"
            {
                continue;
            }
            let commented = l.contains('#') || (i > 0 && lines[i - 1].trim().starts_with('#'));
            let in_band_block = l.starts_with("etichetta") || l.starts_with("quota");
            assert!(
                commented || in_band_block,
                "line {} is not commented: {l}",
                i + 1
            );
        }
    }

    fn replace(from: &str, to: &str) -> String {
        assert!(SHIPPED.contains(from), "{from}");
        SHIPPED.replacen(from, to, 1)
    }

    #[test]
    fn the_sections_added_for_piao_plans_are_optional() {
        // A file written before [pesi], [successo] and [strategico] existed.
        let start = SHIPPED.find("# --- Piani senza pesi").unwrap();
        let end = SHIPPED.find("# --- Classi di esito").unwrap();
        let older = format!("{}{}", &SHIPPED[..start], &SHIPPED[end..]);
        assert_eq!(parse(&older).unwrap(), shipped_rules());
        // And before [adozione] and [conciliazione].
        let start = SHIPPED.find("# --- Adozione del sistema").unwrap();
        let end = SHIPPED.find("# --- Indicatori con scadenza").unwrap();
        let older = format!("{}{}", &SHIPPED[..start], &SHIPPED[end..]);
        let r = parse(&older).unwrap();
        assert!(r.adoption.is_none() && r.conciliation.is_none());

        let r = parse(
            &replace("regola = \"errore\"", "regola = \"uguali\"")
                .replacen("soglia = 100", "soglia = 80", 1)
                .replacen(
                    "aggregazione = \"media\"\n\n# --- Classi",
                    "aggregazione = \"minimo\"\n\n# --- Classi",
                    1,
                ),
        )
        .unwrap();
        assert_eq!(r.weights, WeightRule::Equal);
        assert!((r.success - 0.8).abs() < 1e-12);
        assert_eq!(r.strategic, ObjectiveAggregation::Minimum);

        let e = errors(&replace("regola = \"errore\"", "regola = \"pari\""));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].contains("`regola` = \"pari\" non è un valore ammesso"),
            "{}",
            e[0]
        );
        let e = errors(&replace("soglia = 100", "soglia = 0"));
        assert!(
            e[0].contains("`soglia` del successo deve essere maggiore di 0"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn unordered_delay_bands() {
        let e = errors(&replace("fino_a_giorni = 60", "fino_a_giorni = 30"));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("smvp.toml:33:3"), "{}", e[0]);
        assert!(e[0].contains("sovrapposte o non in ordine"), "{}", e[0]);
    }

    #[test]
    fn increasing_band_grades_are_rejected() {
        let e = errors(&replace("grado = 50", "grado = 90"));
        assert!(e[0].contains("un ritardo maggiore non può valere di più"));
    }

    #[test]
    fn thresholds_outside_range_and_inverted() {
        let e = errors(&replace("raggiunto = 90", "raggiunto = 120"));
        assert!(e.iter().any(|m| m.contains("fuori dall'intervallo 0–100")));
        let e = errors(&replace(
            "parzialmente_raggiunto = 50\n\n# --- Dati",
            "parzialmente_raggiunto = 95\n\n# --- Dati",
        ));
        assert!(
            e.iter().any(|m| m.contains("supera quella di «raggiunto»")),
            "{e:?}"
        );
    }

    #[test]
    fn reward_bands_must_start_at_zero_and_be_ordered() {
        let on = with_unit_bands();
        let e = errors(&on.replacen("da = 0 ", "da = 10 ", 1));
        assert!(e.iter().any(|m| m.contains("parte da 10%")), "{e:?}");
        let e = errors(&on.replacen("da = 90", "da = 60", 1));
        assert!(e.iter().any(|m| m.contains("fasce sovrapposte")), "{e:?}");
    }

    #[test]
    fn unknown_keys_and_values_are_reported_together() {
        let text = replace("regola = \"zero\"", "regola = \"nulla\"\nregolaa = 1");
        let text = text.replacen("[massimi]", "[massimi]\nstrettissimo = true", 1);
        let e = errors(&text);
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(
            e.iter()
                .any(|m| m.contains("chiave sconosciuta `strettissimo`"))
        );
        assert!(e.iter().any(|m| m.contains("chiave sconosciuta `regolaa`")));
        assert!(
            e.iter()
                .any(|m| m.contains("\"nulla\" non è un valore ammesso"))
        );
    }

    #[test]
    fn unknown_section_is_reported_at_its_line() {
        let e = errors(&format!("{SHIPPED}\n[premi]\nx = 1\n"));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].contains("chiave sconosciuta `premi` nel file delle regole"),
            "{e:?}"
        );
        let line = SHIPPED.lines().count() + 2;
        assert!(e[0].contains(&format!("smvp.toml:{line}:2")), "{e:?}");
        // Each allowed section named once (they were listed twice).
        for section in ["`scadenze`", "`esiti`", "`successo`", "`fascia`"] {
            assert_eq!(e[0].matches(section).count(), 1, "{section}: {e:?}");
        }
    }

    #[test]
    fn missing_key_and_syntax_error() {
        let e = errors(&replace("oltre_ultima_fascia = 0\n", ""));
        assert!(
            e[0].contains("manca la chiave `oltre_ultima_fascia`"),
            "{e:?}"
        );
        let e = errors("");
        assert_eq!(e.len(), 7, "{e:?}");
        assert!(
            e[0].contains("smvp.toml:1:1: manca la sezione [scadenze]"),
            "{e:?}"
        );
        let e = errors("[scadenze\nx = 1");
        assert!(e[0].contains("sintassi TOML non valida"), "{e:?}");
        assert!(e[0].contains("smvp.toml:1:"), "{e:?}");
    }

    #[test]
    fn alternative_choices_parse() {
        let text = replace("minimo = \"proporzionale\"", "minimo = \"tutto_o_niente\"")
            .replace("stretto = \"come_da_piano\"", "stretto = \"sempre\"")
            .replace("regola = \"zero\"", "regola = \"escludi\"")
            .replace("aggregazione = \"media\"", "aggregazione = \"minimo\"");
        let r = parse(&text).unwrap();
        assert_eq!(r.quantity.minimum, QuantityMode::AllOrNothing);
        assert_eq!(r.maximum.strict_override, Some(true));
        assert_eq!(r.missing, MissingPolicy::Exclude);
        assert_eq!(r.objective, ObjectiveAggregation::Minimum);
    }

    #[test]
    fn unreadable_file_is_an_error_not_a_panic() {
        let e = load_rules(Path::new("/nonexistent/smvp.toml"), &[]).unwrap_err();
        assert!(e.to_string().contains("impossibile leggere"));
    }
}
