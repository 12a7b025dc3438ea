//! `--enti CARTELLA`: a command run for every ente of a group, in
//! parallel (`consuntivo::group`), each ente's messages printed as one
//! block under its name, then a table with one row per ente.

use std::path::Path;
use std::sync::Mutex;

use consuntivo::diag::{Diagnostics, escape_controls};
use consuntivo::group::{self, Group, Member, Outcome, Row};

use super::{CmdResult, capture, say};
use crate::Common;

/// What the group's run asks of each ente.
pub struct GroupRun<'a> {
    /// The command for one ente, given that ente's options.
    pub command: &'a (dyn Fn(&Common) -> CmdResult + Sync),
    /// Say, per ente, which rules and templates it uses (`verifica`).
    pub sources: bool,
    /// The rules file named on the command line (`--regole`), used by
    /// every ente instead of its own or the shared one.
    pub rules: Option<std::path::PathBuf>,
}

/// Runs the command for each ente of the group in `dir` (those `--solo`
/// names): `Ok(true)` when every ente completed, `Ok(false)` when one did
/// not (each block and the table say which), `Err` when the group itself
/// cannot be read (nothing was run).
pub fn cmd_group(common: &Common, dir: &Path, run: &GroupRun) -> Result<bool, Diagnostics> {
    let group = Group::load(dir)?;
    let members = group.select(&common.solo)?;
    let shown = |p: &Path| escape_controls(&p.display().to_string()).into_owned();
    let mut head = format!(
        "{}: {} {}",
        escape_controls(&group.name),
        members.len(),
        if members.len() == 1 { "ente" } else { "enti" }
    );
    if let Some(y) = group.year {
        head.push_str(&format!(", anno {y}"));
    }
    head.push('\n');
    if !group.skipped.is_empty() {
        head.push_str(&format!(
            "Saltate, perché non sono un ente (non hanno la cartella inputs/): {}\n",
            group
                .skipped
                .iter()
                .map(|p| shown(p))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    say(head);
    let printing = Mutex::new(());
    let rows = group::run_each(&members, |m| {
        let (row, block) = run_one(common, &group, m, run);
        let _turn = printing.lock().unwrap_or_else(|e| e.into_inner());
        say(block);
        row
    });
    let rows: Vec<Row> = rows
        .into_iter()
        .zip(&members)
        .map(|(row, m)| {
            row.unwrap_or_else(|| Row {
                name: m.name.clone(),
                outcome: Outcome::Crashed,
                errors: 1,
                warnings: 0,
                grade: None,
                pending: None,
                documents: 0,
                first_error: Some("errore interno, segnalato sopra".to_string()),
            })
        })
        .collect();
    say(format!("\n{}", group::table(&rows)));
    let failed = rows.iter().filter(|r| r.outcome.failed()).count();
    if failed > 0 {
        eprintln!(
            "{} su {}: vedere i messaggi di ciascuno, sopra.",
            if failed == 1 {
                "1 ente non completato".to_string()
            } else {
                format!("{failed} enti non completati")
            },
            members.len()
        );
    }
    Ok(failed == 0)
}

/// One ente's run: its row of the table and its block of text.
fn run_one(common: &Common, group: &Group, m: &Member, run: &GroupRun) -> (Row, String) {
    let shown = |p: &Path| escape_controls(&p.display().to_string()).into_owned();
    let mut block = format!(
        "\n── {} (cartella {}) ──\n",
        escape_controls(&m.name),
        shown(&m.folder)
    );
    if run.sources {
        let templates = m.template_folders(group);
        block.push_str(&format!(
            "Regole: {}. Modelli: {}.\n",
            shown(&run.rules.clone().unwrap_or_else(|| m.rules_file(group))),
            if templates.is_empty() {
                "quelli predefiniti".to_string()
            } else {
                let list: Vec<String> = templates.iter().map(|p| shown(p)).collect();
                format!("{}, poi quelli predefiniti", list.join(", poi "))
            }
        ));
    }
    let mut row = Row {
        name: m.name.clone(),
        outcome: Outcome::Done,
        errors: 0,
        warnings: 0,
        grade: None,
        pending: None,
        documents: 0,
        first_error: None,
    };
    if let Some((plan, year)) = m.other_year(group) {
        block.push_str(&format!(
            "Non eseguito: l'ente non ha il piano del {year} (piano-{year}.toml), l'anno del gruppo in {}; il suo piano più recente è del {plan}.\n",
            group::FILE_NAME
        ));
        row.outcome = Outcome::OtherYear { plan, group: year };
        row.first_error = Some(format!(
            "il piano è del {plan}, il gruppo del {year}: non eseguito"
        ));
        return (row, block);
    }
    let mut own = common.clone();
    own.ingressi = m.ente.inputs.clone();
    own.uscite = m.ente.outputs.clone();
    // The group's year's plan, when the group fixes one and the ente has it.
    own.piano = m.ente.plan.clone();
    own.member = Some(m.ente.clone());
    let (result, captured) = capture(|| (run.command)(&own));
    block.push_str(&captured.text);
    row.grade = captured.grade;
    row.pending = captured.pending;
    row.documents = captured.documents;
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}.")
        } else {
            format!("{n} {many}.")
        }
    };
    match result {
        Ok(warnings) => {
            row.warnings = warnings.len();
            if !warnings.is_empty() {
                block.push('\n');
                for d in warnings.iter() {
                    block.push_str(&format!("{d}\n"));
                }
                block.push_str(&format!("{}\n", count(warnings.len(), "avviso", "avvisi")));
            }
        }
        Err(diags) => {
            row.outcome = Outcome::Failed;
            row.errors = diags.errors().count();
            row.warnings = diags.len() - row.errors;
            row.first_error = first_line(&diags).map(|e| format!("errore: {e}"));
            for d in diags.iter() {
                block.push_str(&format!("{d}\n"));
            }
            block.push_str(&format!(
                "\n{} Nessun file di questo ente è stato scritto.\n",
                count(row.errors, "errore", "errori")
            ));
        }
    }
    (row, block)
}

/// `confronta`: every ente of the group scored and set side by side in
/// `CARTELLA/outputs/Confronto fra gli enti <anno>.xlsx`. `Ok(false)` when
/// an ente could not be scored (its column says why).
pub fn cmd_compare(
    common: &Common,
    dir: &Path,
    deadline: Option<chrono::NaiveDate>,
) -> Result<bool, Diagnostics> {
    use consuntivo::ente::{ScoreOptions, default_return_by};
    use consuntivo::group::compare::{self, Column};
    let group = Group::load(dir)?;
    let members = group.select(&common.solo)?;
    let today = super::stato::today();
    let columns = group::run_each(&members, |m| {
        if let Some((plan, year)) = m.other_year(&group) {
            return Column::NotScorable(format!("il piano è del {plan}, il gruppo del {year}"));
        }
        match m
            .ente
            .score_all(&ScoreOptions::default(), &consuntivo::progress::Silent)
        {
            Ok(s) => {
                let by = deadline
                    .or_else(|| default_return_by(s.plan.year))
                    .unwrap_or(today);
                Column::Scored(Box::new(compare::figures(&s, by)))
            }
            Err(d) => Column::NotScorable(first_line(&d).unwrap_or_default()),
        }
    });
    let columns: Vec<(String, Column)> = columns
        .into_iter()
        .zip(&members)
        .map(|(c, m)| {
            (
                m.name.clone(),
                c.unwrap_or_else(|| Column::NotScorable("errore interno".into())),
            )
        })
        .collect();
    let bytes = compare::workbook(&group.name, group.year, &columns, today)?;
    let path = dir.join("outputs").join(compare::file_name(group.year));
    consuntivo::output::write_file(&path, &bytes)
        .map_err(|e| super::io_error(&e.path.clone(), e))?;
    let shown = |p: &Path| escape_controls(&p.display().to_string()).into_owned();
    let mut text = format!(
        "Confronto fra {} enti di {}: scritto {}\n",
        columns.len(),
        escape_controls(&group.name),
        shown(&path)
    );
    let unscored: Vec<String> = columns
        .iter()
        .filter_map(|(name, c)| match c {
            Column::NotScorable(why) => Some(format!(
                "  {}: non valutabile, {}\n",
                escape_controls(name),
                escape_controls(why)
            )),
            Column::Scored(_) => None,
        })
        .collect();
    text.push_str(&unscored.concat());
    if let Some(w) = compare::size_warning(&columns) {
        text.push_str(&format!("\navviso: {}\n", escape_controls(&w)));
    }
    say(text);
    Ok(unscored.is_empty())
}

/// The first error's first line, without «errore: » (its hints are in
/// the ente's block).
fn first_line(diags: &Diagnostics) -> Option<String> {
    let line = diags.errors().next()?.to_string();
    let line = line.lines().next().unwrap_or_default();
    Some(line.strip_prefix("errore: ").unwrap_or(line).to_string())
}
