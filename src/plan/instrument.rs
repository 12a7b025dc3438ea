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
    /// Performance», «PEG 2023–2025, piano dettagliato degli obiettivi»,
    /// «Piano degli obiettivi 2023».
    pub label: String,
    /// The label to print beside the plan's own title, in brackets: `None`
    /// when the title already names the act («PIAO 2025-2027 –
    /// Sottosezione Performance»), for a resolution (the title is the
    /// plan's name) and when the plan does not say which act it is.
    pub beside_title: Option<String>,
    /// The plan with its articled preposition, for «gli obiettivi …»:
    /// «della sottosezione Performance del PIAO 2023–2025», «del PEG
    /// 2023–2025».
    pub of: String,
    /// What the plan's document is, after «che costituisce»: «la
    /// sottosezione «Performance» del Piano integrato di attività e
    /// organizzazione (PIAO) 2023–2025»; `None` for a resolution, which
    /// is the plan itself, when the title already says it, or when the
    /// plan does not say.
    pub constitutes: Option<String>,
    /// The law the instrument comes from, for the Relazione.
    pub law: Option<&'static str>,
}

impl Plan {
    /// The words for this plan's act. A plan that does not say which act
    /// it is gets words that name none.
    pub fn names(&self) -> PlanNames {
        names(self.document, self.year, &self.title)
    }

    /// The plan's title with its act in brackets when the title does not
    /// already name it: «Allegato H: Piano e indicatori di Performance
    /// (PIAO 2023–2025, sottosezione Performance)».
    pub fn title_with_act(&self) -> String {
        match self.names().beside_title {
            Some(act) => format!("{} ({act})", self.title),
            None => self.title.clone(),
        }
    }
}

/// The words for the act `document` of a plan of `year` titled `title`.
/// The PIAO and the PEG are three-year documents (art. 6 D.L. 80/2021;
/// art. 169 c. 1 D.Lgs. 267/2000, the same years as the bilancio).
pub fn names(document: Option<PlanInstrument>, year: i32, title: &str) -> PlanNames {
    let three_years = format!("{year}–{}", year + 2);
    // The title already names the act: saying it again beside it repeats.
    let says = |word: &str| {
        title
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    match document {
        Some(PlanInstrument::Piao) => {
            let label = format!("PIAO {three_years}, sottosezione Performance");
            let named = says("PIAO");
            PlanNames {
                beside_title: (!named).then(|| label.clone()),
                label,
                of: format!("della sottosezione Performance del PIAO {three_years}"),
                constitutes: (!named).then(|| format!(
                    "la sottosezione «Performance» del Piano integrato di attività e organizzazione (PIAO) {three_years}"
                )),
                law: Some("art. 6 del D.L. 9 giugno 2021, n. 80"),
            }
        }
        Some(PlanInstrument::Peg) => {
            let label = format!("PEG {three_years}, piano dettagliato degli obiettivi");
            let named = says("PEG");
            PlanNames {
                beside_title: (!named).then(|| label.clone()),
                label,
                of: format!("del PEG {three_years}"),
                constitutes: (!named).then(|| format!(
                    "il piano dettagliato degli obiettivi del Piano esecutivo di gestione (PEG) {three_years}"
                )),
                law: Some("art. 169, comma 3-bis, del D.Lgs. 18 agosto 2000, n. 267"),
            }
        }
        Some(PlanInstrument::Delibera) => PlanNames {
            label: format!("Piano degli obiettivi {year}"),
            beside_title: None,
            of: format!("del piano {year}"),
            constitutes: None,
            law: None,
        },
        None => PlanNames {
            label: format!("Obiettivi di performance {year}"),
            beside_title: None,
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
        "accanto_al_titolo": n.beside_title,
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
                "PEG 2024–2026, piano dettagliato degli obiettivi",
                "del PEG 2024–2026",
                Some(
                    "il piano dettagliato degli obiettivi del Piano esecutivo di gestione (PEG) 2024–2026",
                ),
            ),
            (
                Some(PlanInstrument::Delibera),
                "Piano degli obiettivi 2024",
                "del piano 2024",
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
            let n = names(kind, 2024, "Obiettivi dell'ente");
            assert_eq!(n.label, label);
            assert_eq!(n.of, of);
            assert_eq!(n.constitutes.as_deref(), constitutes);
            // Beside a title only for the PIAO and the PEG.
            assert_eq!(n.beside_title.is_some(), constitutes.is_some());
        }
    }

    /// A title that names the act is not followed by the act again.
    #[test]
    fn a_title_that_names_the_act_is_not_repeated() {
        for (kind, title) in [
            (
                PlanInstrument::Piao,
                "PIAO 2025-2027 – Sottosezione Performance",
            ),
            (PlanInstrument::Peg, "Peg 2025/2027: obiettivi"),
        ] {
            let n = names(Some(kind), 2025, title);
            assert_eq!((n.beside_title, n.constitutes), (None, None), "{title}");
            assert!(n.law.is_some());
        }
        // A word that merely contains the letters does not count.
        let n = names(Some(PlanInstrument::Peg), 2025, "Pegaso");
        assert!(n.beside_title.is_some());
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
