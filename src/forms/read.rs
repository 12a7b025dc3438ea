//! Reading filled year-end forms: `.xlsx`, `.xls` and `.ods` through one
//! path. Forgiving about layout (rows matched by code, extra columns,
//! empty rows), strict about values: every problem is collected with its
//! file, sheet and cell. Opening the file is `workbook.rs`'s job, finding
//! the rows `reader.rs`'s; this module says what a year-end row means.

use std::path::Path;

use calamine::Data;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::italian;
use crate::plan::{AreaId, Plan, Target};
use crate::progress::{Progress, Stage, StageGuard};
use crate::results::{AreaReport, CellRef, Entry, ProposedStatus, Results, Sourced, TargetRow};
use crate::vocab::Vocabulary;

use super::folder::{in_plan_order, keep_first, list_forms, missing_units};
use super::layout::{self, Column, FormKind, RowSpec};
use super::parse;
use super::reader::{Expect, FormReader, RowAt, cell_at};
use crate::workbook::file_bytes;

/// Reads every form in `dir` (sorted by name, lock and hidden files
/// skipped). Errors anywhere make the whole read fail, with every
/// diagnostic found (warnings too).
pub fn read_dir(
    plan: &Plan,
    dir: &Path,
    vocab: &Vocabulary,
    progress: &dyn Progress,
) -> Result<(Results, Diagnostics), Diagnostics> {
    let (files, mut diags) = list_forms(
        dir,
        "generare i moduli con `consuntivo moduli`, farli compilare e copiare in questa cartella quelli compilati, oppure indicare con --dati la cartella che li contiene",
    )?;
    // Serialising and hashing the plan once, not once per form: at 10,000
    // indicators that was a third of the time spent reading 200 forms.
    let fingerprint = plan.fingerprint();

    // Files are independent: read them on every core, then merge in the
    // sorted order so diagnostics and results stay deterministic.
    let read: Vec<_> = {
        use rayon::prelude::*;
        let stage = StageGuard::start(progress, Stage::FormsRead, files.len());
        files
            .par_iter()
            .map(|path| {
                let r = file_bytes(path)
                    .and_then(|bytes| read_bytes_expecting(plan, path, bytes, &fingerprint, vocab));
                stage.advance();
                r
            })
            .collect()
    };
    let mut reports: Vec<AreaReport> = Vec::new();
    let mut any_failed = false;
    for (path, outcome) in files.iter().zip(read) {
        match outcome {
            Ok((report, d)) => {
                diags.extend(d);
                keep_first(plan, vocab, path, report, &mut reports, &mut diags);
            }
            Err(d) => {
                any_failed = true;
                diags.extend(d)
            }
        }
    }
    // A form with errors is reported by its errors, not as a missing form
    // too (its unit may well be one of those without a report).
    if !any_failed {
        diags.extend(missing_units(
            plan,
            dir,
            |a| reports.iter().any(|r| &r.area == a),
            not_reported,
        ));
    }

    if diags.has_errors() {
        return Err(diags);
    }
    in_plan_order(plan, &mut reports);
    Ok((
        Results {
            year: plan.year,
            reports,
        },
        diags,
    ))
}

/// [`read_dir`] for the commands of the year in progress (`stato`,
/// `solleciti`): a folder that does not exist yet means that no form has
/// come back, so every unit is listed as without one, as for an empty
/// folder.
pub fn read_dir_so_far(
    plan: &Plan,
    dir: &Path,
    vocab: &Vocabulary,
    progress: &dyn Progress,
) -> Result<(Results, Diagnostics), Diagnostics> {
    if dir.exists() || dir.is_symlink() {
        return read_dir(plan, dir, vocab, progress);
    }
    let diags = missing_units(plan, dir, |_| false, not_reported);
    Ok((
        Results {
            year: plan.year,
            reports: Vec::new(),
        },
        diags,
    ))
}

/// The warning for a unit without a year-end form: one sentence for
/// every unit, whatever its name («Area III…», «Segretario generale»,
/// «Segreteria generale»), so a list of them reads alike and needs no
/// agreement.
fn not_reported(name: &str) -> String {
    format!("{name} – nessun modulo trovato, obiettivi non rendicontati")
}

/// Reads one filled form.
pub fn read_file(
    plan: &Plan,
    path: &Path,
    vocab: &Vocabulary,
) -> Result<(AreaReport, Diagnostics), Diagnostics> {
    read_bytes(plan, path, file_bytes(path)?, vocab)
}

/// Reads a form from its bytes; `path` names it in messages and results.
pub fn read_bytes(
    plan: &Plan,
    path: &Path,
    bytes: Vec<u8>,
    vocab: &Vocabulary,
) -> Result<(AreaReport, Diagnostics), Diagnostics> {
    read_bytes_expecting(plan, path, bytes, &plan.fingerprint(), vocab)
}

/// Like [`read_bytes`], accepting forms that carry `fingerprint`: the
/// committed LibreOffice fixtures keep being read when the plan model
/// gains a field (which changes every fingerprint, not the test plan).
pub(crate) fn read_bytes_expecting(
    plan: &Plan,
    path: &Path,
    bytes: Vec<u8>,
    fingerprint: &str,
    vocab: &Vocabulary,
) -> Result<(AreaReport, Diagnostics), Diagnostics> {
    let mut rows = Vec::new();
    let form = FormReader::new(plan, vocab, path, fingerprint, Expect::YearEnd).read_form(
        bytes,
        &mut |r, spec, at| {
            let code = at.columns.get(&Column::Code).copied().unwrap_or(0);
            rows.push(TargetRow {
                indicator: spec.indicator.id.clone(),
                target: spec.target,
                at: r.cell_ref(at.sheet, at.row, code),
            });
            r.read_entry(spec, at)
        },
        &blank_entry,
    )?;
    Ok((
        AreaReport {
            area: form.source.area.clone(),
            source: form.source,
            entries: form.entries,
            rows,
        },
        form.warnings,
    ))
}

impl FormReader<'_> {
    fn read_entry(&mut self, spec: &RowSpec<'_>, row: &RowAt<'_>) -> Entry {
        let RowAt {
            area,
            sheet,
            range,
            row: r,
            columns,
            ..
        } = *row;
        let mut entry = blank_entry(spec, area);
        let target = spec.target();
        let kind = target.kind();
        let mut typed = false;
        for col in FormKind::YearEnd.inputs().iter().copied() {
            let Some(&c) = columns.get(&col) else {
                continue;
            };
            let cell = cell_at(range, r, c);
            if parse::is_blank(cell) {
                continue;
            }
            typed = true;
            let at = self.at(sheet, r, c);
            if let Some(msg) = parse::formula_error(cell) {
                self.error(at, msg);
                continue;
            }
            let src = self.cell_ref(sheet, r, c);
            let fits = layout::fits(kind, col);
            let result: Result<(), String> =
                match col {
                    Column::Date => self.date_in_range(cell).map(|d| {
                        entry.date = Some(Sourced { value: d, at: src });
                    }),
                    Column::Value => {
                        let v = if kind.value_is_percent() {
                            let percent_cell = self
                                .percent
                                .get(sheet)
                                .is_some_and(|set| set.contains(&(r, c)));
                            parse::percentage(cell, percent_cell)
                        } else {
                            parse::number(cell)
                        };
                        if let Ok(n) = v
                            && let Data::String(t) = cell
                            && parse::dot_could_be_decimal(t)
                        {
                            self.diags.push(Diagnostic::warning(
                                at.clone(),
                                format!(
                                    "«{}» è letto come {} (il punto separa le migliaia): se si \
                                     intendeva un numero con decimali, scriverlo con la virgola",
                                    t.trim(),
                                    // Without separators: "1.160" again would say nothing.
                                    n as i64
                                ),
                            ));
                        }
                        v.map(|v| entry.value = Some(Sourced { value: v, at: src }))
                    }
                    Column::Done => parse::yes_no(cell)
                        .map(|v| entry.done = Some(Sourced { value: v, at: src })),
                    Column::Status => parse::status(cell)
                        .map(|v| entry.status = Some(Sourced { value: v, at: src })),
                    Column::Evidence | Column::Notes | Column::Motivation => {
                        parse::text(cell).map(|t| {
                            let t = t.map(|t| {
                                let (clean, removed) = parse::without_controls(t);
                                if removed > 0 {
                                    self.diags.push(Diagnostic::warning(
                                        at.clone(),
                                        format!(
                                            "{} dal testo: non si possono stampare",
                                            if removed == 1 {
                                                "tolto 1 carattere di controllo (invisibile)"
                                                    .to_string()
                                            } else {
                                                format!(
                                                    "tolti {removed} caratteri di controllo (invisibili)"
                                                )
                                            }
                                        ),
                                    ));
                                }
                                clean
                            });
                            let slot = match col {
                                Column::Evidence => &mut entry.evidence,
                                Column::Notes => &mut entry.notes,
                                _ => &mut entry.motivation,
                            };
                            *slot = t
                                .filter(|v| !v.trim().is_empty())
                                .map(|value| Sourced { value, at: src });
                        })
                    }
                    _ => Ok(()),
                };
            match result {
                Err(msg) => self.error(at, msg),
                Ok(()) if !fits => self.diags.push(Diagnostic::warning(
                    at,
                    format!(
                        "«{}» è nella colonna «{}», che non riguarda un traguardo di tipo {}: il valore è letto ma potrebbe non essere considerato",
                        parse::shown(cell),
                        col.header(),
                        kind.label()
                    ),
                )),
                Ok(()) => {}
            }
        }
        if !typed {
            let c = columns.get(&Column::Code).copied().unwrap_or(0);
            self.diags.push(
                Diagnostic::warning(
                    self.at(sheet, r, c),
                    format!(
                        "riga «{}» non compilata: il traguardo risulta non rendicontato",
                        spec.key()
                    ),
                )
                .with_code(crate::diag::EMPTY_ROW),
            );
        } else if entry.motivation.is_none()
            && let Some(why) = missed(target, &entry)
        {
            let c = columns
                .get(&Column::Motivation)
                .or_else(|| columns.get(&Column::Code))
                .copied()
                .unwrap_or(0);
            self.diags.push(Diagnostic::warning(
                self.at(sheet, r, c),
                format!(
                    "traguardo «{}» non pienamente raggiunto ({why}) senza motivazione dello scostamento",
                    spec.key()
                ),
            ));
        }
        if typed {
            self.warn_unused_or_contradictory(spec, &entry);
        }
        entry
    }

    /// Entries scoring cannot use as typed, said at their cell: a datum in
    /// a column the target does not read when the one it reads is empty,
    /// and a deadline met by date while «Realizzato» says No.
    fn warn_unused_or_contradictory(&mut self, spec: &RowSpec<'_>, e: &Entry) {
        let target = spec.target();
        let at = |c: &CellRef| Location::cell(&c.file, c.sheet.as_str(), c.cell.as_str());
        let done_header = Column::Done.header();
        if let (Target::Deadline { date: due, .. }, Some(d), Some(done)) =
            (target, &e.date, &e.done)
            && d.value <= *due
            && !done.value
        {
            self.diags.push(Diagnostic::warning(
                at(&done.at),
                format!(
                    "dati contraddittori per «{}»: la data di realizzazione ({}, in {}) è entro la \
                     scadenza, ma «{done_header}» è «No»: la valutazione usa la data",
                    spec.key(),
                    italian::date_short(d.value),
                    d.at.cell
                ),
            ).with_hint("correggere la cella sbagliata: cancellare la data se l'attività non è stata realizzata, oppure scrivere «Sì»"));
        }
        if e.done.is_some() || e.status.is_some() {
            return;
        }
        let (needed, unused): (Column, Option<&CellRef>) = match target {
            Target::YesNo { .. } => (
                Column::Done,
                e.date
                    .as_ref()
                    .map(|d| &d.at)
                    .or(e.value.as_ref().map(|v| &v.at)),
            ),
            Target::Deadline { .. } if e.date.is_none() => {
                (Column::Date, e.value.as_ref().map(|v| &v.at))
            }
            Target::Minimum { .. } | Target::Maximum { .. } | Target::Percentage { .. }
                if e.value.is_none() =>
            {
                (Column::Value, e.date.as_ref().map(|d| &d.at))
            }
            _ => return,
        };
        if let Some(cell) = unused {
            self.diags.push(
                Diagnostic::warning(
                    at(cell),
                    format!(
                        "il dato in {} non basta per valutare «{}», un traguardo di tipo {}: \
                         serve la colonna «{}» (oppure «{}» o «{}»); così il traguardo risulta \
                         non rendicontato",
                        cell.cell,
                        spec.key(),
                        target.kind().label(),
                        needed.header(),
                        done_header,
                        Column::Status.header()
                    ),
                )
                .with_hint(format!(
                    "compilare la colonna «{}» della stessa riga",
                    needed.header()
                )),
            );
        }
    }
}

fn blank_entry(spec: &RowSpec<'_>, area: &AreaId) -> Entry {
    Entry::blank(spec.indicator.id.clone(), spec.target, area.clone())
}

/// Why the entry shows a missed target, in the reader's view (the obvious
/// cases only; scoring judges the rest).
pub(crate) fn missed(target: &Target, e: &Entry) -> Option<String> {
    if let Some(s) = &e.status
        && matches!(
            s.value,
            ProposedStatus::NotAchieved | ProposedStatus::PartiallyAchieved
        )
    {
        return Some(format!("stato proposto «{}»", s.value.label()));
    }
    // A deadline with its date is judged by the date (a contradicting
    // «No» is warned about apart).
    let dated_deadline = matches!(target, Target::Deadline { .. }) && e.date.is_some();
    if let Some(d) = &e.done
        && !d.value
        && !dated_deadline
        && matches!(target, Target::YesNo { .. } | Target::Deadline { .. })
    {
        return Some("risposta «No»".into());
    }
    let n = |x: f64| italian::number(x, 2);
    match target {
        Target::Deadline { date, .. } => {
            let d = e.date.as_ref()?;
            (d.value > *date).then(|| {
                format!(
                    "realizzato il {}, scadenza {}",
                    italian::date_short(d.value),
                    italian::date_short(*date)
                )
            })
        }
        Target::Minimum { value, .. } => {
            let v = e.value.as_ref()?.value;
            (v < *value).then(|| format!("valore {} contro un minimo di {}", n(v), n(*value)))
        }
        Target::Maximum { value, strict, .. } => {
            let v = e.value.as_ref()?.value;
            let over = if *strict { v >= *value } else { v > *value };
            over.then(|| {
                format!(
                    "valore {} contro un massimo {}di {}",
                    n(v),
                    if *strict { "(escluso) " } else { "" },
                    n(*value)
                )
            })
        }
        Target::Percentage { value, .. } => {
            let v = e.value.as_ref()?.value;
            (v < *value).then(|| {
                let goal = italian::with_article("", &format!("{}%", n(*value)));
                format!("{}% contro {goal} atteso", n(v))
            })
        }
        Target::Change {
            from,
            goal,
            change,
            unit,
            ..
        } => {
            let v = e.value.as_ref()?.value;
            // The grade's rule (`scoring::target`): a goal below the
            // baseline, or a reduction asking none, is a ceiling; any other
            // a floor.
            let ceiling = goal < from || ((goal - from).abs() < 1e-9 && change.is_reduction());
            let short = if ceiling { v > *goal } else { v < *goal };
            let shown = crate::plan::Change::goal_shown(*from, *goal, unit);
            short.then(|| format!("valore {} contro un obiettivo di {}", n(v), n(shown)))
        }
        Target::Phase { .. } => {
            let v = e.value.as_ref()?.value;
            (v < 100.0)
                .then(|| format!("fase {}", italian::with_article("a", &format!("{}%", n(v)))))
        }
        Target::YesNo { .. } | Target::Qualitative { .. } => None,
    }
}

#[cfg(test)]
mod wording {
    use super::*;

    /// A percentage takes its article with the elision Italian wants:
    /// «fase all'80%», «contro l'80% atteso», never «al 80%» / «il 80%».
    #[test]
    fn a_missed_percentage_or_phase_takes_its_elided_article() {
        let with_value = |v: f64| Entry {
            value: Some(crate::results::Sourced {
                value: v,
                at: CellRef {
                    file: std::path::PathBuf::new(),
                    sheet: String::new(),
                    cell: String::new(),
                },
            }),
            ..Entry::blank("OB01.1".into(), 0, "I".into())
        };
        let phase = Target::Phase {
            name: "Sviluppo".into(),
            start: None,
            end: None,
            weight: None,
            note: None,
        };
        assert_eq!(
            missed(&phase, &with_value(80.0)).as_deref(),
            Some("fase all'80%")
        );
        assert_eq!(
            missed(&phase, &with_value(50.0)).as_deref(),
            Some("fase al 50%")
        );
        let share = Target::Percentage {
            value: 80.0,
            of: "partecipazione".into(),
        };
        assert_eq!(
            missed(&share, &with_value(70.0)).as_deref(),
            Some("70% contro l'80% atteso")
        );
    }

    /// One wording for every unit without a form (review of #20: «Area
    /// III non rendicontata: …» beside «Segreteria generale: …» in one
    /// list).
    #[test]
    fn a_missing_form_is_said_alike_for_every_unit() {
        for name in [
            "Area III Finanziaria",
            "Settore Tecnico",
            "Segreteria generale",
            "Segretario generale",
        ] {
            assert_eq!(
                not_reported(name),
                format!("{name} – nessun modulo trovato, obiettivi non rendicontati")
            );
        }
    }

    /// A phase short of 100% is said with its article, elided before a
    /// vowel: «fase all'80%», «fase al 50%» (review of #20: «fase al 80%»
    /// reached the warnings and the reminder letters).
    #[test]
    fn a_phase_short_of_its_goal_is_said_with_the_right_article() {
        use crate::plan::IndicatorId;
        use crate::results::{CellRef, Sourced};
        let phase = Target::Phase {
            name: "Sviluppo".into(),
            start: None,
            end: None,
            weight: None,
            note: None,
        };
        let at = |v: f64| {
            let mut e = Entry::blank(IndicatorId::from("OB02.1"), 0, AreaId::from("AG"));
            e.value = Some(Sourced {
                value: v,
                at: CellRef {
                    file: std::path::PathBuf::new(),
                    sheet: String::new(),
                    cell: String::new(),
                },
            });
            missed(&phase, &e)
        };
        assert_eq!(at(80.0).as_deref(), Some("fase all'80%"));
        assert_eq!(at(8.0).as_deref(), Some("fase all'8%"));
        assert_eq!(at(50.0).as_deref(), Some("fase al 50%"));
        assert_eq!(at(100.0), None);
    }
}
