//! The optional `[pesi]` rule of `smvp.toml`: each unit's weights must sum
//! to the total the comune uses, so a plan copied from another year with a
//! weight left over is caught before grades are computed on it.
//!
//! ```toml
//! [pesi]
//! totale_per_unita = 60
//! eccezioni = { SG = 20 }     # units with a total of their own
//! se_diverso = "errore"       # or "avviso"
//! ```

use crate::diag::{Diagnostic, Diagnostics, Location, Severity};
use crate::italian::number;
use crate::plan::{AreaId, Plan};
use crate::vocab::Vocabulary;

use super::model::{Rules, WeightTotal};
use super::toml_read::{self as tr, Doc, Table};
use toml::de::DeValue;

/// Sums closer than this are equal: weights like 33,33 add up with rounding.
const TOLERANCE: f64 = 0.005;

pub(super) fn read_weight_total(doc: &mut Doc<'_>, t: &mut Table<'_, '_>) -> Option<WeightTotal> {
    let v = t.required(doc, "totale_per_unita")?;
    let total = positive(doc, v, "totale_per_unita")?;
    let mut exceptions = Vec::new();
    if let Some(v) = t.get("eccezioni") {
        match v.get_ref() {
            DeValue::Table(items) => {
                for (k, w) in items.iter() {
                    let key = format!("eccezioni.{}", k.get_ref());
                    if let Some(w) = positive(doc, w, &key) {
                        exceptions.push((AreaId(k.get_ref().to_string()), w));
                    }
                }
            }
            other => doc.error_hint(
                &v.span(),
                format!(
                    "`eccezioni` deve essere una tabella, non {}",
                    tr::type_name(other)
                ),
                "scrivere ad esempio eccezioni = { SG = 20 }: id dell'unità = totale dei suoi pesi",
            ),
        }
    }
    let severity = match t.get("se_diverso") {
        None => Severity::Error,
        Some(v) => match tr::string(doc, v, "se_diverso")? {
            "errore" => Severity::Error,
            "avviso" => Severity::Warning,
            other => {
                doc.error_hint(
                    &v.span(),
                    format!("`se_diverso` = «{other}» non è ammesso"),
                    "scrivere \"errore\" (la valutazione si ferma) oppure \"avviso\" (viene solo segnalato)",
                );
                return None;
            }
        },
    };
    Some(WeightTotal {
        total,
        exceptions,
        severity,
    })
}

/// A unit id as a TOML key: bare when it can be, quoted otherwise.
fn toml_key(id: &str) -> String {
    if !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        id.to_string()
    } else {
        format!("{id:?}")
    }
}

fn positive(doc: &mut Doc<'_>, v: &toml::Spanned<DeValue<'_>>, key: &str) -> Option<f64> {
    let n = tr::number(doc, v, key)?;
    if n > 0.0 {
        Some(n)
    } else {
        doc.error(&v.span(), format!("`{key}` deve essere maggiore di zero"));
        None
    }
}

/// Each unit's weights against the `[pesi]` rule, if the rules have one:
/// a diagnostic (error or warning, as the rule says) for every unit whose
/// weights sum to another total (units with no weighted objective are not
/// checked), located at the plan file `at`; an
/// exception naming a unit the plan does not have is always an error.
pub fn check_weight_totals(
    plan: &Plan,
    rules: &Rules,
    vocab: &Vocabulary,
    at: &Location,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Some(rule) = &rules.weight_total else {
        return diags;
    };
    for (id, _) in &rule.exceptions {
        if plan.area(id).is_none() {
            diags.push(
                Diagnostic::error(
                    at.clone(),
                    format!(
                        "la regola [pesi] di smvp.toml indica un totale per «{id}», che non è {} del piano",
                        vocab.unit.a()
                    ),
                )
                .with_hint(format!(
                    "usare in `eccezioni` gli id {} del piano: {}",
                    vocab.unit.prep(crate::vocab::Prep::Di, true),
                    plan.areas
                        .iter()
                        .map(|a| a.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
    for area in &plan.areas {
        let expected = rule
            .exceptions
            .iter()
            .find(|(id, _)| id == &area.id)
            .map(|(_, w)| *w)
            .unwrap_or(rule.total);
        // A unit without weighted objectives (a staff office with only
        // projects on variable resources) has nothing to add up.
        let sum = plan.area_total_weight(&area.id) + 0.0;
        if sum == 0.0 || (sum - expected).abs() <= TOLERANCE {
            continue;
        }
        let word = vocab.unit_kind(area.id.as_str(), &area.name);
        let message = format!(
            "{} {} ({}): la somma dei pesi degli obiettivi è {}, ma la regola [pesi] di smvp.toml chiede {}",
            word.singular,
            area.id,
            area.name,
            number(sum, 2),
            number(expected, 2)
        );
        // The TOML to copy: a plain number, not the Italian "1.000,5".
        let hint = format!(
            "correggere i pesi nel piano; se il totale di {} {} è diverso per scelta, indicarlo in smvp.toml: eccezioni = {{ {} = {} }}",
            word.agree("questo", false),
            word.singular,
            toml_key(area.id.as_str()),
            (sum * 100.0).round() / 100.0
        );
        let d = match rule.severity {
            Severity::Error => Diagnostic::error(at.clone(), message),
            Severity::Warning => Diagnostic::warning(at.clone(), message),
        };
        diags.push(d.with_hint(hint));
    }
    diags
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::scoring::parse_rules;
    use crate::testkit::small::{indicator, objective, plan_with, yes_no};
    use crate::vocab::{Gender, Noun};

    const SHIPPED: &str = include_str!("../../inputs/smvp.toml");

    fn rules(pesi: &str) -> Result<Rules, Diagnostics> {
        parse_rules(
            &format!("{SHIPPED}\n{pesi}"),
            Path::new("smvp.toml"),
            crate::ente::RULES_SECTIONS,
        )
    }

    /// SG weighs 20 in total, I 60 (40 + 20), II 65; III has no objective.
    fn plan() -> Plan {
        let ind = |id: &str| vec![indicator(id, vec![yes_no()])];
        plan_with(vec![
            objective("A", &[("SG", Some(20.0)), ("I", Some(40.0))], ind("A.1")),
            objective("B", &[("I", Some(20.0)), ("II", Some(65.0))], ind("B.1")),
            // Unweighted projects count for nothing.
            objective("C", &[("I", None), ("II", None)], ind("C.1")),
        ])
    }

    fn check(pesi: &str, vocab: &Vocabulary) -> Vec<Diagnostic> {
        let r = rules(pesi).expect("rules parse");
        let at = Location::file("piano-2023.toml");
        check_weight_totals(&plan(), &r, vocab, &at).0
    }

    #[test]
    fn without_the_rule_nothing_is_checked() {
        assert_eq!(rules("").unwrap().weight_total, None);
        assert!(check("", &Vocabulary::default()).is_empty());
    }

    #[test]
    fn each_unit_is_checked_against_its_total() {
        let d = check(
            "[pesi]\ntotale_per_unita = 60\neccezioni = { SG = 20 }\n",
            &Vocabulary::default(),
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].severity, Severity::Error);
        let text = d[0].to_string();
        assert!(
            text.contains("piano-2023.toml: Area II (Area II): la somma dei pesi degli obiettivi è 65, ma la regola [pesi] di smvp.toml chiede 60"),
            "{text}"
        );
        assert!(text.contains("eccezioni = { II = 65 }"), "{text}");
        // As a warning when the rule says so, in the ente's words.
        let v = Vocabulary {
            unit: Noun::new("Settore", "Settori", Gender::Masculine),
            ..Vocabulary::default()
        };
        let d = check(
            "[pesi]\ntotale_per_unita = 60\neccezioni = { SG = 20, II = 65 }\nse_diverso = \"avviso\"\n",
            &v,
        );
        assert!(d.is_empty(), "{d:?}");
        let d = check(
            "[pesi]\ntotale_per_unita = 60\nse_diverso = \"avviso\"\n",
            &v,
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().all(|d| d.severity == Severity::Warning));
        assert!(d[0].to_string().contains("Settore SG"), "{}", d[0]);
        assert!(d[0].to_string().contains("di questo Settore"), "{}", d[0]);
    }

    #[test]
    fn an_exception_for_a_unit_not_in_the_plan_is_an_error() {
        let d = check(
            "[pesi]\ntotale_per_unita = 60\neccezioni = { SG = 20, II = 65, VII = 10 }\n",
            &Vocabulary::default(),
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].to_string()
                .contains("«VII», che non è un'Area del piano"),
            "{}",
            d[0]
        );
        assert!(d[0].to_string().contains("SG, I, II"), "{}", d[0]);
    }

    #[test]
    fn bad_rules_are_located() {
        let errors = |pesi: &str| -> String {
            rules(pesi)
                .expect_err("errors")
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let line = SHIPPED.lines().count() + 3;
        let e = errors("[pesi]\ntotale_per_unita = 0\n");
        assert!(e.contains(&format!("smvp.toml:{line}:")), "{e}");
        assert!(e.contains("maggiore di zero"), "{e}");
        let e = errors("[pesi]\ntotale_per_unita = 60\nse_diverso = \"forse\"\n");
        assert!(e.contains("«forse» non è ammesso"), "{e}");
        let e = errors("[pesi]\ntotale_per_unita = 60\neccezioni = 20\n");
        assert!(e.contains("`eccezioni` deve essere una tabella"), "{e}");
        let e = errors("[pesi]\ntotale = 60\n");
        assert!(e.contains("totale_per_unita"), "{e}");
    }
}
