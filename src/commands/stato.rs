use std::path::PathBuf;

use super::sayln;
use chrono::NaiveDate;
use consuntivo::output;
use consuntivo::status;

use super::{CmdResult, io_error, load_plan, load_review, load_vocab, read_forms};
use crate::Common;

/// Today, for commands whose reference date defaults to the day they run.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn cmd_status(common: &Common, dati: Option<PathBuf>, al: Option<NaiveDate>) -> CmdResult {
    let plan = load_plan(common)?;
    let vocab = load_vocab(common)?;
    let review = load_review(common, &plan, None, &vocab)?;
    let (results, warnings) = read_forms(common, &plan, dati.as_ref(), &vocab)?;
    let state = status::build(&plan, &results, &review, al.unwrap_or_else(today));
    let bytes = status::xlsx::render(&state, &vocab)?;
    let path = common
        .uscite
        .join(plan.year.to_string())
        .join(status::xlsx::file_name(plan.year));
    output::write_file(&path, &bytes).map_err(|e| io_error(&e.path.clone(), e))?;
    super::note(|c| {
        c.documents += 1;
        c.pending = Some(state.units.iter().map(|u| u.proposals.len()).sum());
    });
    sayln!(
        "Stato della rendicontazione {} {}\n",
        plan.year,
        consuntivo::italian::date_long_after("al", state.date)
    );
    sayln!(
        "{}",
        status::table::to_text(&status::table::summary(&state, &vocab))
    );
    sayln!("\nScritto {}", path.display());
    sayln!(
        "{}",
        last_relazione(
            &common.uscite.join(plan.year.to_string()),
            plan.year,
            &vocab
        )
    );
    Ok(warnings)
}

/// Whether the last Relazione written for the year is a draft, as its
/// open data say.
fn last_relazione(
    year_dir: &std::path::Path,
    year: i32,
    vocab: &consuntivo::vocab::Vocabulary,
) -> String {
    use consuntivo::opendata::{State, Written, written_state};
    match written_state(year_dir) {
        Written::None => format!(
            "Relazione {year}: non ancora scritta (in {}).",
            year_dir.display()
        ),
        Written::Some(State::Bozza) => format!(
            "Relazione {year}: l'ultima scritta è una BOZZA, da inviare {} per la validazione, non da pubblicare.",
            vocab.evaluator.prep(consuntivo::vocab::Prep::A, false)
        ),
        Written::Some(State::Definitiva) => {
            format!("Relazione {year}: l'ultima scritta è la versione definitiva.")
        }
        Written::Unknown => format!(
            "Relazione {year}: non si sa se l'ultima scritta sia una bozza (i suoi dati aperti non lo dicono): eseguire di nuovo «consuntivo relazione»."
        ),
    }
}
