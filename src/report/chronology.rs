//! Dates that cannot be: a document citing an act dated after itself, a
//! result achieved after the document reporting it. Checked by `verifica`
//! and before the Relazione is written.
//!
//! What the Relazione cites: the plan variations (`[[variazioni]]`, in the
//! draft and in the final version), the Nucleo's validation and the
//! Giunta's approval (only the final version cites these). An act dated
//! after the document is an error: the final version is dated on or after
//! its last act. The draft never cites the validation or the approval, so
//! their dates do not bind it: a Segretario may record them in advance and
//! still print the draft of an earlier day.
//!
//! What the units wrote: a *data di realizzazione* after the document date,
//! or documentation citing an act dated after it, is a warning at the cell
//! (the unit's text is printed as written; the date may be a typing error).

use std::path::Path;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian::{date_short, dates_in_text};
use crate::results::{CellRef, Results};

use super::settings::{FILE_NAME, ReportConfig};

fn cell(c: &CellRef) -> Location {
    Location::cell(&c.file, c.sheet.as_str(), c.cell.as_str())
}

/// The acts `relazione.toml` makes the Relazione cite, against the
/// document's `date`: errors for acts dated after it (and for act
/// citations holding a wrong date), located in the file.
pub fn cited_acts(
    inputs: &Path,
    config: &ReportConfig,
    date: NaiveDate,
    definitive: bool,
) -> Diagnostics {
    let path = inputs.join(FILE_NAME);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    cited_acts_in(&path, &text, config, date, definitive)
}

/// [`cited_acts`] for the file's `text` (`path` for messages only): for a
/// text not written yet (the sportello's editor).
pub fn cited_acts_in(
    path: &Path,
    text: &str,
    config: &ReportConfig,
    date: NaiveDate,
    definitive: bool,
) -> Diagnostics {
    // The place of a value in the file, searched after its section's
    // header: its opening quote, as for the other errors of the file.
    let at = |section: &str, needle: &str| {
        let from = text.find(section).unwrap_or(0);
        let offset = text[from..].find(needle).map_or(from, |o| from + o);
        let offset = if text[..offset].ends_with('"') {
            offset - 1
        } else {
            offset
        };
        Location::at_offset(path, text, offset)
    };
    let shown = date_short(date);
    let mut out = Diagnostics::new();
    let mut acts = Vec::new();
    if definitive {
        for (key, what, act) in [
            ("[validazione]", "la validazione", &config.validazione),
            ("[approvazione]", "l'approvazione", &config.approvazione),
        ] {
            if let Some(act) = act
                && let Some(d) = super::settings::act_date(act)
            {
                let written = act.data.as_deref().unwrap_or_default();
                let what = format!("{what} del {}", date_short(d));
                acts.push((what, d, at(key, written), true));
            }
        }
    }
    for v in &config.variazioni {
        for found in dates_in_text(&v.atto) {
            let place = at("[[variazioni]]", &v.atto);
            match found.date {
                Ok(d) => acts.push((
                    format!("la variazione del piano approvata con «{}»", v.atto),
                    d,
                    place,
                    false,
                )),
                Err(_) => out.push(
                    Diagnostic::error(
                        place,
                        format!(
                            "«{}» nell'atto «{}» non è una data valida",
                            found.word, v.atto
                        ),
                    )
                    .with_hint(
                        "scrivere la data dell'atto come GG/MM/AAAA, con l'anno di quattro cifre",
                    ),
                ),
            }
        }
    }
    for (what, d, place, final_only) in acts {
        if d <= date {
            continue;
        }
        let mut e = Diagnostic::error(
            place,
            format!(
                "la Relazione è datata {shown} ma cita {what}: un documento non può citare un atto successivo alla propria data"
            ),
        )
        .with_hint(format!(
            "datare la Relazione dal {} in poi (data = \"GG/MM/AAAA\" in relazione.toml o --data), oppure correggere la data dell'atto",
            date_short(d)
        ));
        if final_only {
            e = e.with_hint("per la bozza, che non cita validazione e approvazione, usare --bozza o stato = \"bozza\"");
        }
        out.push(e);
    }
    out
}

/// The SMVP's adoption act, which the Relazione's methodology cites in
/// both versions: dated after the document, an error at its date in
/// `smvp.toml`.
pub fn smvp_adoption(rules: &crate::scoring::Rules, date: NaiveDate) -> Diagnostics {
    let mut out = Diagnostics::new();
    if let Some(a) = &rules.adoption
        && a.date > date
    {
        out.push(
            Diagnostic::error(
                a.at.clone(),
                format!(
                    "la Relazione è datata {} ma cita l'atto di adozione del Sistema di misurazione e valutazione del {}: un documento non può citare un atto successivo alla propria data",
                    date_short(date),
                    date_short(a.date)
                ),
            )
            .with_hint(format!(
                "datare la Relazione dal {} in poi, oppure correggere la data in [adozione] di smvp.toml",
                date_short(a.date)
            )),
        );
    }
    out
}

/// What the units reported after the document's `date`: a date of
/// achievement or documentation citing a later act. Warnings at the cell.
pub fn results_after(results: &Results, date: NaiveDate) -> Diagnostics {
    let shown = date_short(date);
    let mut out = Diagnostics::new();
    for e in results.reports.iter().flat_map(|r| &r.entries) {
        if let Some(d) = &e.date
            && d.value > date
        {
            out.push(
                Diagnostic::warning(
                    cell(&d.at),
                    format!(
                        "{}: risultato raggiunto il {}, dopo la data della Relazione ({shown})",
                        e.indicator,
                        date_short(d.value)
                    ),
                )
                .with_hint("controllare la data di realizzazione: la Relazione non può riferire un fatto successivo alla propria data"),
            );
        }
        if let Some(ev) = &e.evidence {
            let later: Vec<String> = dates_in_text(&ev.value)
                .into_iter()
                .filter_map(|f| f.date.ok())
                .filter(|d| *d > date)
                .map(date_short)
                .collect();
            if !later.is_empty() {
                out.push(
                    Diagnostic::warning(
                        cell(&ev.at),
                        format!(
                            "{}: la documentazione cita {} del {}, dopo la data della Relazione ({shown})",
                            e.indicator,
                            if later.len() == 1 { "un atto" } else { "atti" },
                            later.join(", ")
                        ),
                    )
                    .with_hint("controllare la data dell'atto citato come evidenza"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{AreaId, IndicatorId};
    use crate::results::{AreaReport, Entry, Sourced};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn config(text: &str) -> (tempfile::TempDir, ReportConfig) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), text).unwrap();
        let (c, _) = super::super::settings::load(dir.path()).unwrap();
        (dir, c)
    }

    const ACTS: &str = "data = \"30/04/2024\"\n\n[validazione]\natto = \"verbale n. 3\"\ndata = \"15/05/2024\"\n\n[approvazione]\natto = \"DGC n. 84\"\ndata = \"28/05/2024\"\n\n[[variazioni]]\natto = \"DGC n. 142 del 14/09/2023\"\ndescrizione = \"x\"\n";

    #[test]
    fn the_final_version_never_cites_a_later_act() {
        let (dir, c) = config(ACTS);
        let e = cited_acts(dir.path(), &c, d(2024, 4, 30), true);
        let all: Vec<String> = e.iter().map(|x| x.to_string()).collect();
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all.iter().all(|m| m.starts_with("errore: ")), "{all:?}");
        assert!(all[0].contains("relazione.toml:5:8"), "{}", all[0]);
        assert!(
            all[0]
                .contains("la Relazione è datata 30/04/2024 ma cita la validazione del 15/05/2024"),
            "{}",
            all[0]
        );
        assert!(all[1].contains("relazione.toml:9:8"), "{}", all[1]);
        assert!(
            all[1].contains("l'approvazione del 28/05/2024"),
            "{}",
            all[1]
        );
        // Dated on the last act: nothing to say.
        assert!(cited_acts(dir.path(), &c, d(2024, 5, 28), true).is_empty());
        // The draft does not cite validation and approval.
        assert!(cited_acts(dir.path(), &c, d(2024, 4, 30), false).is_empty());
    }

    #[test]
    fn a_later_or_wrong_variation_date_stops_the_draft_too() {
        let (dir, c) = config(&ACTS.replace("14/09/2023", "14/09/2024"));
        let e = cited_acts(dir.path(), &c, d(2024, 4, 30), false);
        assert_eq!(e.len(), 1);
        assert!(e.to_string().contains("relazione.toml:12:8"), "{e}");
        assert!(
            e.to_string().contains(
                "cita la variazione del piano approvata con «DGC n. 142 del 14/09/2024»:"
            ),
            "{e}"
        );
        assert!(
            !e.to_string().contains("--bozza"),
            "the draft cites it too: {e}"
        );
        let (dir, c) = config(&ACTS.replace("14/09/2023", "31.09.2023"));
        let e = cited_acts(dir.path(), &c, d(2024, 4, 30), false);
        assert!(e.to_string().contains("«31.09.2023» nell'atto"), "{e}");
    }

    #[test]
    fn a_result_achieved_after_the_document_is_a_warning_at_its_cell() {
        let at = |c: &str| CellRef {
            file: "2023 - Area XI.xlsx".into(),
            sheet: "Rendicontazione".into(),
            cell: c.into(),
        };
        let mut late = Entry::blank(IndicatorId::from("OB11.2"), 0, AreaId::from("XI"));
        late.date = Some(Sourced {
            value: d(2024, 6, 7),
            at: at("H12"),
        });
        late.evidence = Some(Sourced {
            value: "DGC n. 50 del 03.06.2024".into(),
            at: at("K12"),
        });
        let mut early = Entry::blank(IndicatorId::from("OB11.1"), 0, AreaId::from("XI"));
        early.date = Some(Sourced {
            value: d(2023, 12, 7),
            at: at("H11"),
        });
        let results = Results {
            year: 2023,
            reports: vec![AreaReport {
                area: AreaId::from("XI"),
                source: crate::results::SourceFile {
                    path: "2023 - Area XI.xlsx".into(),
                    sha256: String::new(),
                    area: AreaId::from("XI"),
                },
                entries: vec![early, late],
                rows: Vec::new(),
            }],
        };
        let w = results_after(&results, d(2024, 4, 30));
        let all: Vec<String> = w.iter().map(|x| x.to_string()).collect();
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all[0].starts_with("avviso: "), "{}", all[0]);
        assert!(all[0].contains("› H12"), "{}", all[0]);
        assert!(all[0].contains("OB11.2: risultato raggiunto il 07/06/2024, dopo la data della Relazione (30/04/2024)"), "{}", all[0]);
        assert!(
            all[1].contains("› K12") && all[1].contains("cita un atto del 03/06/2024"),
            "{}",
            all[1]
        );
        assert!(results_after(&results, d(2024, 6, 30)).is_empty());
    }
}
