//! `inputs/relazione.toml`: what the report needs that is not in the plan
//! or in the forms (document date, signatories, logo, the ente's own
//! presentation).
//!
//! ```toml
//! # Data dei documenti (GG/MM/AAAA); l'opzione --data della riga di comando prevale.
//! data = "30/04/2024"
//! # Logo dell'ente, file nella cartella inputs/ (PNG, JPG o SVG); facoltativo.
//! logo = "stemma.png"
//! # Paragrafi di presentazione dell'ente; facoltativi.
//! presentazione = ["Il Comune di …", "…"]
//! # Dati aperti dell'anno precedente, per il confronto (cartella dati-aperti
//! # o il suo risultati.json, relativo a inputs/); facoltativo: senza, si usa
//! # outputs/<anno-1>/dati-aperti/ se esiste.
//! anno_precedente = "../archivio/2022/dati-aperti"
//!
//! [segretario]            # facoltativo: senza nome si stampa solo il ruolo
//! nome = "Dott. Mario Rossi"
//! ruolo = "Il Segretario generale"     # predefinito
//!
//! [[nucleo]]              # uno per componente; facoltativo
//! nome = "Dott.ssa Anna Bianchi"
//! ruolo = "Presidente"
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Diagnostics, Location};

pub const FILE_NAME: &str = "relazione.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// The year the file is for: accepted here, checked with its line and
    /// column by `checks::relazione_settings`, which reads the file itself.
    #[allow(dead_code)]
    anno: Option<toml::Value>,
    pub data: Option<String>,
    pub logo: Option<String>,
    /// "bozza" forces a draft even when the validation is recorded;
    /// "definitiva" asks for the final version (refused when anything is
    /// missing). Without it: final once the validation is recorded.
    pub stato: Option<String>,
    /// Prints each unit's share of the *retribuzione di risultato* in the
    /// Relazione: off by default, because a unit has one head and the
    /// published document must not carry one person's bonus.
    #[serde(default)]
    pub quote_individuali: bool,
    #[serde(default)]
    pub presentazione: Vec<String>,
    pub segretario: Option<Signatory>,
    #[serde(default)]
    pub nucleo: Vec<Signatory>,
    /// The Nucleo's validation (documento di validazione).
    pub validazione: Option<Act>,
    /// The Giunta's approval of the Relazione.
    pub approvazione: Option<Act>,
    pub contesto: Option<Context>,
    /// Changes to the plan during the year (act and what changed).
    #[serde(default)]
    pub variazioni: Vec<Change>,
    /// The phases of the cycle, in order.
    #[serde(default)]
    pub fase: Vec<Phase>,
    pub genere: Option<Gender>,
    pub valutazione: Option<Assessment>,
    /// Where the previous year's open data are (see `opendata::previous`).
    pub anno_precedente: Option<String>,
    /// Above these sizes the indicator detail leaves the Relazione for the
    /// per-unit schede (see [`LargeEnte`]).
    pub grande_ente: Option<LargeEnte>,
}

/// The size above which the Relazione carries only the synthesis and the
/// schede are its annexes with the indicator detail: one 2,000-page typst
/// document costs minutes and gigabytes, the same detail split by unit
/// costs the size of one unit (figures in `docs/benchmarks.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LargeEnte {
    /// More indicators than this: detail in the schede.
    pub indicatori: Option<usize>,
    /// More units than this: detail in the schede.
    pub unita: Option<usize>,
}

impl LargeEnte {
    pub const DEFAULT_INDICATORS: usize = 1000;
    pub const DEFAULT_UNITS: usize = 30;

    /// Whether a plan of `indicators` indicators and `units` units is
    /// above the limits (missing fields take the defaults).
    pub fn exceeded(config: Option<&LargeEnte>, indicators: usize, units: usize) -> bool {
        let max_ind = config
            .and_then(|c| c.indicatori)
            .unwrap_or(Self::DEFAULT_INDICATORS);
        let max_units = config.and_then(|c| c.unita).unwrap_or(Self::DEFAULT_UNITS);
        indicators > max_ind || units > max_units
    }
}

/// An act: number (or name) and date.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Act {
    pub atto: Option<String>,
    pub data: Option<String>,
    /// Only in `[validazione]`: the fingerprint of the results the
    /// evaluator validated (`scoring::fingerprint`, printed on the draft).
    /// The final version is refused when today's results have another.
    pub impronta: Option<String>,
}

/// Context of the ente: paragraphs and figures (staff, resources), printed
/// as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    #[serde(default)]
    pub testo: Vec<String>,
    #[serde(default)]
    pub dato: Vec<Figure>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub voce: String,
    pub valore: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub atto: String,
    pub descrizione: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub fase: String,
    pub quando: String,
    pub chi: String,
}

/// Bilancio di genere: paragraphs and a table of women/men counts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gender {
    #[serde(default)]
    pub testo: Vec<String>,
    #[serde(default)]
    pub dato: Vec<GenderFigure>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenderFigure {
    pub voce: String,
    pub donne: u32,
    pub uomini: u32,
}

/// Strengths, weaknesses and corrective actions, as written by the ente.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    #[serde(default)]
    pub punti_di_forza: Vec<String>,
    #[serde(default)]
    pub criticita: Vec<String>,
    #[serde(default)]
    pub azioni_correttive: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    pub nome: Option<String>,
    pub ruolo: Option<String>,
}

/// Reads `relazione.toml` from the inputs folder; a missing file is an
/// empty configuration (the date may still come from the command line).
pub fn load(inputs: &Path) -> Result<(ReportConfig, Option<NaiveDate>), Diagnostics> {
    let path = inputs.join(FILE_NAME);
    let text = match crate::input::read_text(&path) {
        Ok(t) => t,
        Err(crate::input::InputError::Missing) => return Ok((ReportConfig::default(), None)),
        Err(crate::input::InputError::Bad(d)) => return Err((*d).into()),
    };
    parse(&text, &path)
}

/// The settings in `text`, the content of `path` (used in messages): what
/// [`load`] checks, for a text not written yet (the sportello's editor).
pub fn parse(text: &str, path: &Path) -> Result<(ReportConfig, Option<NaiveDate>), Diagnostics> {
    let config: ReportConfig = toml::from_str(text).map_err(|e| {
        let location = match e.span() {
            Some(span) => Location::at_offset(path, text, span.start),
            None => Location::file(path),
        };
        Diagnostics::from(Diagnostic::error(
            location,
            format!(
                "impostazioni della Relazione non valide: {}",
                crate::toml_msg::italian_at(e.message(), text, e.span())
            ),
        ))
    })?;
    check_lengths(text, path)?;
    let date = match &config.data {
        None => None,
        Some(s) => Some(
            crate::italian::parse_document_date(s.trim()).ok_or_else(|| {
                let at = text.find(s.as_str()).unwrap_or(0);
                Diagnostics::from(
                    Diagnostic::error(
                        Location::at_offset(path, text, at),
                        format!("«{s}» non è una data valida"),
                    )
                    .with_hint("scrivere la data come GG/MM/AAAA: giorno, mese e anno a quattro cifre, tra virgolette"),
                )
            })?,
        ),
    };
    for (key, act) in [
        ("validazione", &config.validazione),
        ("approvazione", &config.approvazione),
    ] {
        let Some(act) = act else { continue };
        let at = |needle: &str| Location::at_offset(path, text, text.find(needle).unwrap_or(0));
        match (&act.atto, &act.data) {
            (Some(a), Some(d)) if !a.trim().is_empty() => {
                if crate::italian::parse_document_date(d.trim()).is_none() {
                    return Err(
                        Diagnostic::error(at(d), format!("«{d}» non è una data valida"))
                            .with_hint(
                                "scrivere la data come GG/MM/AAAA: giorno, mese e anno a quattro cifre, tra virgolette",
                            )
                            .into(),
                    );
                }
            }
            _ => {
                return Err(Diagnostic::error(
                    at(&format!("[{key}]")),
                    format!("[{key}] incompleta: servono `atto` e `data`"),
                )
                .with_hint(format!(
                    "es. [{key}] atto = \"{}\" e data = \"GG/MM/AAAA\"",
                    if key == "validazione" {
                        "documento di validazione n. 1"
                    } else {
                        "deliberazione della Giunta comunale n. 12"
                    }
                ))
                .into());
            }
        }
    }
    if let Some(code) = config
        .approvazione
        .as_ref()
        .and_then(|a| a.impronta.as_ref())
    {
        return Err(Diagnostic::error(
            Location::at_offset(path, text, text.find(code.as_str()).unwrap_or(0)),
            "`impronta` va indicata in [validazione], non in [approvazione]",
        )
        .with_hint("spostare la riga impronta = \"…\" nel blocco [validazione]")
        .into());
    }
    if let Some(code) = config
        .validazione
        .as_ref()
        .and_then(|a| a.impronta.as_ref())
        && crate::scoring::parse_fingerprint(code).is_none()
    {
        return Err(Diagnostic::error(
            Location::at_offset(path, text, text.find(code.as_str()).unwrap_or(0)),
            format!("«{code}» non è un'impronta dei risultati"),
        )
        .with_hint("copiare l'impronta com'è stampata sulla bozza validata: dodici cifre e lettere da A a F in tre gruppi, es. impronta = \"3F2A-91C0-B7D4\"")
        .into());
    }
    if let Some(st) = &config.stato
        && st != "bozza"
        && st != "definitiva"
    {
        return Err(Diagnostic::error(
            Location::at_offset(path, text, text.find(st.as_str()).unwrap_or(0)),
            format!("stato «{st}» non riconosciuto"),
        )
        .with_hint("scrivere stato = \"bozza\" oppure stato = \"definitiva\"")
        .into());
    }
    Ok((config, date))
}

/// Longest paragraph of the Relazione's own texts (presentation, context,
/// strengths…), and longest other field (a name, a role, an act).
pub const MAX_PARAGRAPH: usize = 10_000;
pub const MAX_FIELD: usize = 300;
/// The keys whose texts are paragraphs.
const PARAGRAPHS: &[&str] = &[
    "presentazione",
    "testo",
    "punti_di_forza",
    "criticita",
    "azioni_correttive",
    "descrizione",
];

/// Every text of the file within its length: a 1,5 MB `ruolo` would take
/// the Relazione's layout hundreds of megabytes.
fn check_lengths(text: &str, path: &Path) -> Result<(), Diagnostics> {
    fn walk<'v>(key: &str, v: &'v toml::Value, out: &mut Vec<(String, &'v str)>) {
        match v {
            toml::Value::String(s) => out.push((key.to_string(), s)),
            toml::Value::Array(items) => items.iter().for_each(|x| walk(key, x, out)),
            toml::Value::Table(t) => t.iter().for_each(|(k, x)| walk(k, x, out)),
            _ => {}
        }
    }
    let Ok(table) = text.parse::<toml::Table>() else {
        return Ok(());
    };
    let mut strings = Vec::new();
    for (k, v) in &table {
        walk(k, v, &mut strings);
    }
    for (key, s) in strings {
        let max = if PARAGRAPHS.contains(&key.as_str()) {
            MAX_PARAGRAPH
        } else {
            MAX_FIELD
        };
        let n = s.chars().count();
        if n > max {
            let start: String = s.chars().take(20).collect();
            let at = text.find(&start).unwrap_or(0);
            return Err(Diagnostic::error(
                Location::at_offset(path, text, at),
                format!("il testo di `{key}` è lungo {n} caratteri: al massimo {max}"),
            )
            .with_hint(if max == MAX_FIELD {
                "scrivere qui solo un nome, un ruolo o un atto; i testi lunghi vanno nei paragrafi (es. `presentazione`)"
            } else {
                "dividere il testo in più paragrafi, uno per elemento della lista"
            })
            .into());
        }
    }
    Ok(())
}

/// Whether the settings ask for the final version (`stato = "definitiva"`,
/// or a recorded validation without `stato = "bozza"`), before checking
/// that it can be produced ([`is_final`]).
pub fn asks_final(config: &ReportConfig) -> bool {
    match config.stato.as_deref() {
        Some("bozza") => false,
        Some(_) => true,
        None => config.validazione.is_some(),
    }
}

/// Whether the Relazione is the final version: asked for with `stato =
/// "definitiva"` or implied by a recorded validation. The final version
/// needs the validation and no decision of the Nucleo pending; asking for
/// it otherwise is an error that lists what is missing.
pub fn is_final(
    config: &ReportConfig,
    inputs: &Path,
    scorecard: &crate::scoring::Scorecard,
    vocab: &crate::vocab::Vocabulary,
) -> Result<bool, Diagnostics> {
    if !asks_final(config) {
        return Ok(false);
    }
    let errors = final_blockers(config, inputs, scorecard, vocab);
    if errors.is_empty() {
        Ok(true)
    } else {
        Err(errors)
    }
}

/// What stands between the settings and the final version: the missing
/// validation, the proposals awaiting the evaluator (none: it can be
/// produced). The same errors `relazione` stops on when asked for the final
/// version, so the sportello says why in the same words.
pub fn final_blockers(
    config: &ReportConfig,
    inputs: &Path,
    scorecard: &crate::scoring::Scorecard,
    vocab: &crate::vocab::Vocabulary,
) -> Diagnostics {
    use crate::vocab::Prep;
    let pending = &scorecard.pending;
    let of_evaluator = vocab.evaluator.prep(Prep::Di, false);
    let at = Location::file(inputs.join(FILE_NAME));
    let mut errors = Diagnostics::new();
    if config.validazione.is_none() {
        errors.push(
            Diagnostic::error(
                at.clone(),
                format!("la versione definitiva della Relazione richiede la validazione {of_evaluator}"),
            )
            .with_hint("aggiungere [validazione] con atto = \"…\" e data = \"GG/MM/AAAA\", oppure togliere stato = \"definitiva\" per produrre la bozza")
            .with_code("definitiva-senza-validazione"),
        );
    }
    if let Some(act) = &config.validazione
        && let Some(validated) = &act.impronta
    {
        let now = crate::scoring::fingerprint(scorecard);
        if !crate::scoring::same_fingerprint(validated, &now) {
            let what = match (&act.atto, act.data.as_deref()) {
                (Some(a), Some(d)) => format!("{} del {}", a.trim(), d.trim()),
                (Some(a), None) => a.trim().to_string(),
                _ => "la validazione".to_string(),
            };
            errors.push(
                Diagnostic::error(
                    at.clone(),
                    format!(
                        "i risultati sono cambiati dopo la validazione {of_evaluator}: {what} riguarda i risultati con impronta {}, quelli di oggi hanno impronta {now}",
                        validated.trim()
                    ),
                )
                .with_detail("un modulo, una decisione o una motivazione è stato modificato dopo la validazione: la Relazione definitiva non riporterebbe i risultati validati")
                .with_hint(format!(
                    "se la modifica è voluta, inviare la nuova bozza {} per una nuova validazione e registrarla con la nuova impronta; altrimenti ripristinare i moduli e le decisioni validati",
                    vocab.evaluator.prep(Prep::A, false)
                ))
                .with_code("validazione-superata"),
            );
        }
    }
    if let Some(first) = pending.first() {
        let mut d = Diagnostic::error(
            at,
            format!(
                "la versione definitiva non si può produrre: {} in attesa della decisione {of_evaluator}",
                if pending.len() == 1 {
                    "1 proposta è".to_string()
                } else {
                    format!("{} proposte sono", pending.len())
                }
            ),
        );
        for p in pending {
            d = d.with_detail(crate::scoring::pending_line(p, vocab));
        }
        let d = crate::scoring::decision_hints(d, first, vocab);
        errors.push(d.with_hint(format!(
            "oppure scrivere stato = \"bozza\" in relazione.toml (o usare --bozza) per produrre la bozza da inviare {}",
            vocab.evaluator.prep(Prep::A, false)
        )));
    }
    errors
}

/// An act's date in words ("15 aprile 2024"), once `load` has checked it.
pub fn act_date(act: &Act) -> Option<NaiveDate> {
    act.data
        .as_deref()
        .and_then(|d| crate::italian::parse_document_date(d.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_date_and_signatories() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "data = \"30/04/2024\"\n[segretario]\nnome = \"Mario Rossi\"\n[[nucleo]]\nruolo = \"Presidente\"\n",
        )
        .unwrap();
        let (c, d) = load(dir.path()).unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2024, 4, 30));
        assert_eq!(c.segretario.unwrap().nome.as_deref(), Some("Mario Rossi"));
        assert_eq!(c.nucleo.len(), 1);
    }

    #[test]
    fn bad_date_and_unknown_key_are_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "\ndata = \"31/02/2024\"\n").unwrap();
        let err = load(dir.path()).unwrap_err();
        assert!(err.to_string().contains("relazione.toml:2:"), "{err}");
        std::fs::write(dir.path().join(FILE_NAME), "dataa = \"1/1/2024\"\n").unwrap();
        let err = load(dir.path()).unwrap_err();
        assert!(err.to_string().contains("relazione.toml:1:1"), "{err}");
    }

    #[test]
    fn texts_have_a_length_limit() {
        let dir = tempfile::tempdir().unwrap();
        let long = "Segretario ".repeat(150_000);
        std::fs::write(
            dir.path().join(FILE_NAME),
            format!("data = \"30/04/2024\"\n[segretario]\nruolo = \"{long}\"\n"),
        )
        .unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("relazione.toml:3:") && err.contains("`ruolo` è lungo 1650000 caratteri"),
            "{}",
            &err[..err.len().min(300)]
        );
        // A paragraph may be long; not endless.
        let para = "parola ".repeat(1_000);
        std::fs::write(
            dir.path().join(FILE_NAME),
            format!("presentazione = [\"{para}\"]\n"),
        )
        .unwrap();
        assert!(load(dir.path()).is_ok());
        std::fs::write(
            dir.path().join(FILE_NAME),
            format!("presentazione = [\"{}\"]\n", para.repeat(2)),
        )
        .unwrap();
        assert!(load(dir.path()).is_err());
    }

    #[test]
    fn missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let (c, d) = load(dir.path()).unwrap();
        assert!(d.is_none() && c.logo.is_none());
    }
}
