//! The act a comune adopts its performance objectives with: a section of
//! the PIAO, the PEG (with the *piano dettagliato degli obiettivi*), or,
//! in the smallest comuni, a Giunta resolution on its own. Every sentence
//! that names the plan (Relazione, plan document, forms, monitoring)
//! takes its words from here, so that no text assumes a standalone
//! «Piano della performance».
//!
//! These are the legal names of the instruments, not the ente's own
//! vocabulary: they are the same for every comune, and the plan's own
//! title (`[piano] titolo`) is always printed beside them.

use serde_json::{Value, json};

use super::model::{Plan, PlanInstrument};

/// The words for the plan's act in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanNames {
    /// A label for titles and headers: «PIAO 2023–2025, sottosezione
    /// Performance», «PEG 2023, piano dettagliato degli obiettivi»,
    /// «Piano degli obiettivi 2023».
    pub label: String,
    /// The plan with its articled preposition, for «gli obiettivi …»:
    /// «della sottosezione Performance del PIAO 2023–2025».
    pub of: String,
    /// What the plan's document is, after «che costituisce»: «la
    /// sottosezione «Performance» del Piano integrato di attività e
    /// organizzazione (PIAO) 2023–2025»; `None` for a resolution, which
    /// is the plan itself.
    pub constitutes: Option<String>,
    /// The law the instrument comes from, for the Relazione.
    pub law: Option<&'static str>,
}

impl Plan {
    /// The words for this plan's act. A plan that does not say which act
    /// it is gets the generic words of art. 10 D.Lgs. 150/2009.
    pub fn names(&self) -> PlanNames {
        names(self.document, self.year)
    }
}

pub fn names(document: Option<PlanInstrument>, year: i32) -> PlanNames {
    let three_years = format!("{year}–{}", year + 2);
    match document {
        Some(PlanInstrument::Piao) => PlanNames {
            label: format!("PIAO {three_years}, sottosezione Performance"),
            of: format!("della sottosezione Performance del PIAO {three_years}"),
            constitutes: Some(format!(
                "la sottosezione «Performance» del Piano integrato di attività e organizzazione (PIAO) {three_years}"
            )),
            law: Some("art. 6 del D.L. 9 giugno 2021, n. 80"),
        },
        Some(PlanInstrument::Peg) => PlanNames {
            label: format!("PEG {year}, piano dettagliato degli obiettivi"),
            of: format!("del piano dettagliato degli obiettivi del PEG {year}"),
            constitutes: Some(format!(
                "il piano dettagliato degli obiettivi del Piano esecutivo di gestione (PEG) {year}"
            )),
            law: Some("art. 169, comma 3-bis, del D.Lgs. 18 agosto 2000, n. 267"),
        },
        Some(PlanInstrument::Delibera) => PlanNames {
            label: format!("Piano degli obiettivi {year}"),
            of: format!("del piano degli obiettivi {year}"),
            constitutes: None,
            law: None,
        },
        None => PlanNames {
            label: format!("Obiettivi di performance {year}"),
            of: format!("del piano della performance {year}"),
            constitutes: None,
            law: None,
        },
    }
}

/// The plan's act for the templates: `piano.documento` in the data of the
/// Relazione, the plan document and the monitoring.
pub fn to_json(plan: &Plan) -> Value {
    let n = plan.names();
    json!({
        "tipo": plan.document.map(PlanInstrument::written),
        "etichetta": n.label,
        "del_piano": n.of,
        "costituisce": n.constitutes,
        "norma": n.law,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_instrument_has_its_words() {
        let cases = [
            (
                Some(PlanInstrument::Piao),
                "PIAO 2024–2026, sottosezione Performance",
                "della sottosezione Performance del PIAO 2024–2026",
                Some(
                    "la sottosezione «Performance» del Piano integrato di attività e organizzazione (PIAO) 2024–2026",
                ),
            ),
            (
                Some(PlanInstrument::Peg),
                "PEG 2024, piano dettagliato degli obiettivi",
                "del piano dettagliato degli obiettivi del PEG 2024",
                Some(
                    "il piano dettagliato degli obiettivi del Piano esecutivo di gestione (PEG) 2024",
                ),
            ),
            (
                Some(PlanInstrument::Delibera),
                "Piano degli obiettivi 2024",
                "del piano degli obiettivi 2024",
                None,
            ),
            (
                None,
                "Obiettivi di performance 2024",
                "del piano della performance 2024",
                None,
            ),
        ];
        for (kind, label, of, constitutes) in cases {
            let n = names(kind, 2024);
            assert_eq!(n.label, label);
            assert_eq!(n.of, of);
            assert_eq!(n.constitutes.as_deref(), constitutes);
        }
    }

    #[test]
    fn written_values_read_back_in_any_case() {
        for w in PlanInstrument::WRITTEN {
            let k = PlanInstrument::parse(w).unwrap();
            assert_eq!(k.written(), w);
            assert_eq!(PlanInstrument::parse(&w.to_uppercase()), Some(k));
        }
        assert_eq!(PlanInstrument::parse("piano"), None);
    }
}
