use std::path::{Path, PathBuf};

use super::sayln;
use chrono::NaiveDate;
use clap::Subcommand;

use consuntivo::diag::{Diagnostic, Diagnostics, Location};
use consuntivo::output;
use consuntivo::plan::import::count;
use consuntivo::plan::{self, export, import};

use super::{CmdResult, io_error, load_plan, load_vocab, say};
use crate::Common;

#[derive(Subcommand, Clone)]
pub enum PianoCmd {
    /// Legge la tabella del piano da un foglio di calcolo (.xlsx, .xls, .ods, .csv) e scrive il piano TOML
    Importa {
        /// Il file con la tabella del piano
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Anno del piano, se il file non lo dice
        #[arg(long, value_name = "ANNO")]
        anno: Option<i32>,
        /// Nome dell'ente, se il file non lo dice (es. "Comune di Esempio")
        #[arg(long, value_name = "NOME")]
        ente: Option<String>,
        /// File da scrivere (predefinito: inputs/piano-<anno>.toml)
        #[arg(long, value_name = "FILE")]
        uscita: Option<PathBuf>,
        /// Sostituisce il piano se il file esiste già
        #[arg(long)]
        sovrascrivi: bool,
    },
    /// Scrive una cartella di lavoro vuota (con un esempio) in cui compilare il piano
    Modello {
        /// Anno del piano (predefinito: l'anno dopo quello del piano più recente)
        #[arg(long, value_name = "ANNO")]
        anno: Option<i32>,
        /// Nome dell'ente (predefinito: quello del piano più recente)
        #[arg(long, value_name = "NOME")]
        ente: Option<String>,
        /// File da scrivere (predefinito: outputs/piano-<anno>-modello.xlsx)
        #[arg(long, value_name = "FILE")]
        uscita: Option<PathBuf>,
    },
    /// Scrive il piano come cartella di lavoro, da modificare e reimportare
    Esporta {
        /// File da scrivere (predefinito: outputs/piano-<anno>.xlsx)
        #[arg(long, value_name = "FILE")]
        uscita: Option<PathBuf>,
    },
    /// Produce il documento del piano (PDF/A), da allegare al PIAO
    Documento {
        /// File da scrivere (predefinito: outputs/piano-<anno>.pdf)
        #[arg(long, value_name = "FILE")]
        uscita: Option<PathBuf>,
        /// Cartella dei modelli (predefinita: templates/, se esiste)
        #[arg(long, value_name = "CARTELLA")]
        modelli: Option<PathBuf>,
        /// Data del documento, GG/MM/AAAA (predefinita: quella dell'atto di approvazione, altrimenti quella di inputs/relazione.toml)
        #[arg(long, value_name = "DATA", value_parser = crate::parse_date)]
        data: Option<NaiveDate>,
    },
}

pub fn cmd_plan(common: &Common, json: bool, action: Option<PianoCmd>) -> CmdResult {
    match action {
        None => summary(common, json),
        Some(PianoCmd::Importa {
            file,
            anno,
            ente,
            uscita,
            sovrascrivi,
        }) => import_table(common, &file, anno, ente, uscita, sovrascrivi),
        Some(PianoCmd::Modello { anno, ente, uscita }) => blank(common, anno, ente, uscita),
        Some(PianoCmd::Esporta { uscita }) => {
            let plan = load_plan(common)?;
            let vocab = super::ente(common).words()?;
            let bytes = export::export(&plan, &vocab).map_err(|e| io_error(Path::new("-"), e))?;
            let path =
                uscita.unwrap_or_else(|| common.uscite.join(format!("piano-{}.xlsx", plan.year)));
            write(&path, bytes)?;
            sayln!(
                "Piano {} scritto in {}: si può modificare e reimportare con «consuntivo piano importa».",
                plan.year,
                path.display()
            );
            Ok(Diagnostics::new())
        }
        Some(PianoCmd::Documento {
            uscita,
            modelli,
            data,
        }) => {
            let (year, path) =
                super::ente_with_templates(common, modelli).write_plan_document(data, uscita)?;
            sayln!("Documento del piano {year} scritto in {}.", path.display());
            Ok(Diagnostics::new())
        }
    }
}

fn summary(common: &Common, json: bool) -> CmdResult {
    let plan = load_plan(common)?;
    let vocab = load_vocab(common)?;
    if json {
        let text = serde_json::to_string_pretty(&plan::to_json(&plan, &vocab))
            .map_err(|e| io_error(Path::new("-"), e))?;
        say(format_args!("{text}\n"));
    } else {
        say(plan::summary(&plan, &vocab));
    }
    Ok(Diagnostics::new())
}

fn write(path: &Path, bytes: Vec<u8>) -> Result<(), Diagnostics> {
    output::write_file(path, &bytes).map_err(|e| io_error(&e.path.clone(), e))?;
    Ok(())
}

fn import_table(
    common: &Common,
    file: &Path,
    year: Option<i32>,
    ente: Option<String>,
    output: Option<PathBuf>,
    overwrite: bool,
) -> CmdResult {
    let vocab = super::ente(common).words()?;
    let options = import::ImportOptions { year, ente, vocab };
    // The target is named before the year is known only when given.
    let provisional = output
        .clone()
        .unwrap_or_else(|| common.ingressi.join("piano.toml"));
    let imported = import::import(file, &provisional, &options)?;
    let path = output.unwrap_or_else(|| {
        common
            .ingressi
            .join(format!("piano-{}.toml", imported.plan.year))
    });
    if path.exists() && !overwrite {
        return Err(Diagnostic::error(
            Location::file(&path),
            "il piano esiste già: non lo sostituisco",
        )
        .with_hint("per sostituirlo aggiungere --sovrascrivi; per scriverne un altro indicare --uscita FILE")
        .into());
    }
    write(&path, imported.toml.into_bytes())?;
    let c = &imported.counts;
    sayln!(
        // The ente's name is its own («Comune di …», «Unione …»): never
        // glued to a preposition that would need its article.
        "Piano {} ({}) importato da {} in {}:",
        imported.plan.year,
        imported.plan.ente.name,
        file.display(),
        path.display()
    );
    sayln!(
        "  {}, {}",
        count(c.units, "unità responsabile", "unità responsabili"),
        count(c.objectives, "obiettivo", "obiettivi"),
    );
    // Indicators and targets counted as `piano` counts them.
    for line in consuntivo::plan::count_lines(&imported.plan) {
        sayln!("  {line}");
    }
    if c.strategic > 0 {
        sayln!(
            "  {}",
            count(c.strategic, "obiettivo strategico", "obiettivi strategici")
        );
    }
    if !imported.plan.objectives.iter().any(|o| o.has_weights()) {
        sayln!(
            "  piano senza pesi: come pesare gli obiettivi lo dice la regola [pesi_mancanti] di smvp.toml"
        );
    }
    sayln!(
        "  {} con certezza",
        count(c.typed, "traguardo riconosciuto", "traguardi riconosciuti")
    );
    if c.to_check.is_empty() {
        sayln!("  nessun punto da verificare");
    } else {
        sayln!(
            "  {}, {} {} nel file:",
            count(
                c.to_check.len(),
                "punto da verificare",
                "punti da verificare"
            ),
            if c.to_check.len() == 1 {
                "segnato"
            } else {
                "segnati"
            },
            import::CHECK
        );
        for (id, cell, why) in &c.to_check {
            sayln!("    {id} ({cell}): {why}");
        }
    }
    sayln!(
        "Per controllare il piano: consuntivo piano --piano {}",
        path.display()
    );
    Ok(imported.warnings)
}

fn blank(
    common: &Common,
    year: Option<i32>,
    ente: Option<String>,
    output: Option<PathBuf>,
) -> CmdResult {
    let vocab = super::ente(common).words()?;
    // The office usually prepares next year's plan: the latest plan gives
    // the ente and the year before it.
    let latest = if year.is_none() || ente.is_none() {
        load_plan(common).ok()
    } else {
        None
    };
    let year = year.or(latest.as_ref().map(|p| p.year + 1));
    let ente = ente.or(latest.as_ref().map(|p| p.ente.name.clone()));
    let (Some(year), Some(ente)) = (year, ente) else {
        return Err(Diagnostic::error(
            Location::file(&common.ingressi),
            "non c'è un piano da cui prendere anno ed ente",
        )
        .with_hint("indicarli: consuntivo piano modello --anno 2025 --ente \"Comune di Esempio\"")
        .into());
    };
    let bytes = export::blank(&ente, year, &vocab).map_err(|e| io_error(Path::new("-"), e))?;
    let path = output.unwrap_or_else(|| common.uscite.join(format!("piano-{year}-modello.xlsx")));
    write(&path, bytes)?;
    sayln!("Modello del piano {year} scritto in {}.", path.display());
    sayln!(
        "Compilarlo seguendo il foglio «Istruzioni», poi: consuntivo piano importa {}",
        path.display()
    );
    Ok(Diagnostics::new())
}
