//! The monitoring results as a workbook: objectives, counts by unit and by
//! theme, proposed plan changes.

use crate::diag::Diagnostics;
use crate::italian;
use crate::tables::{Cell, Sheet, Table, workbook};
use crate::vocab::Vocabulary;

use super::analysis::{Analysis, Counts, Standing};

pub const SHEET_TARGETS: &str = "Traguardi";
pub const SHEET_UNITS: &str = "Per unità";
pub const SHEET_THEMES: &str = "Per ambito";
pub const SHEET_PROPOSALS: &str = "Proposte di modifica";

fn count_table(first: &str, rows: &[Counts], totals: &Counts) -> Table {
    let mut headers = vec![first.to_string()];
    headers.extend(Standing::ALL.iter().map(|s| s.label().to_string()));
    headers.push("Obiettivi".into());
    let line = |c: &Counts, name: String| {
        let mut r = vec![Cell::Text(name)];
        r.extend(Standing::ALL.iter().map(|s| Cell::Count(c.get(*s))));
        r.push(Cell::Count(c.total()));
        r
    };
    Table {
        headers,
        rows: rows.iter().map(|c| line(c, c.name.clone())).collect(),
        totals: line(totals, "Totale".into()),
    }
}

/// The workbook's bytes; `file_name` names it in errors.
pub fn render(
    analysis: &Analysis,
    vocab: &Vocabulary,
    file_name: &str,
) -> Result<Vec<u8>, Diagnostics> {
    let at = italian::date_long_after("al", analysis.date);
    let mut targets = Vec::new();
    for o in &analysis.objectives {
        for t in &o.targets {
            targets.push(vec![
                Cell::Text(t.unit.clone()),
                Cell::Text(o.theme.clone()),
                Cell::Text(format!("{} – {}", o.id, o.title)),
                Cell::Text(o.standing.label().into()),
                Cell::Text(t.code.clone()),
                Cell::Text(t.indicator.clone()),
                Cell::Text(t.target.clone()),
                Cell::Text(t.progress.clone().unwrap_or_default()),
                Cell::Text(t.standing.label().into()),
                Cell::Text(t.reason.clone()),
                Cell::Text(t.notes.clone().unwrap_or_default()),
            ]);
        }
    }
    let proposals = analysis
        .proposals
        .iter()
        .map(|p| {
            vec![
                Cell::Text(p.unit.clone()),
                Cell::Text(p.code.clone()),
                Cell::Text(p.indicator.clone()),
                Cell::Text(p.target.clone()),
                Cell::Text(p.proposal.clone()),
                Cell::Text(
                    p.motivation
                        .clone()
                        .unwrap_or_else(|| "non indicata".into()),
                ),
            ]
        })
        .collect();
    let unit = vocab.unit.singular.clone();
    let sheets = [
        Sheet {
            name: SHEET_TARGETS.into(),
            title: format!(
                "Monitoraggio della performance {} {at}: traguardi",
                analysis.year
            ),
            table: Table {
                headers: vec![
                    unit.clone(),
                    "Ambito strategico".into(),
                    "Obiettivo".into(),
                    "Stato dell'obiettivo".into(),
                    "Codice".into(),
                    "Indicatore".into(),
                    "Traguardo".into(),
                    "Avanzamento".into(),
                    "Stato del traguardo".into(),
                    "Motivo".into(),
                    "Note".into(),
                ],
                rows: targets,
                totals: Vec::new(),
            },
            widths: vec![
                26.0, 20.0, 36.0, 14.0, 12.0, 36.0, 30.0, 12.0, 14.0, 34.0, 30.0,
            ],
        },
        Sheet {
            name: SHEET_UNITS.into(),
            title: format!("Obiettivi per {} {at}", vocab.unit.singular),
            table: count_table(&unit, &analysis.by_unit, &unit_totals(analysis)),
            widths: vec![40.0, 12.0, 12.0, 12.0, 14.0, 12.0],
        },
        Sheet {
            name: SHEET_THEMES.into(),
            title: format!("Obiettivi per ambito strategico {at}"),
            table: count_table("Ambito strategico", &analysis.by_theme, &analysis.totals),
            widths: vec![40.0, 12.0, 12.0, 12.0, 14.0, 12.0],
        },
        Sheet {
            name: SHEET_PROPOSALS.into(),
            title: format!("Proposte di modifica del piano {at}, per la Giunta"),
            table: Table {
                headers: vec![
                    unit,
                    "Codice".into(),
                    "Indicatore".into(),
                    "Traguardo del piano".into(),
                    "Proposta".into(),
                    "Motivazione".into(),
                ],
                rows: proposals,
                totals: Vec::new(),
            },
            widths: vec![26.0, 12.0, 36.0, 30.0, 34.0, 44.0],
        },
    ];
    workbook(
        file_name,
        &format!("Monitoraggio della performance {} {at}", analysis.year),
        analysis.date,
        &sheets,
    )
}

/// By unit, an objective shared by two units counts once for each.
fn unit_totals(a: &Analysis) -> Counts {
    let mut t = Counts {
        name: "Totale".into(),
        on_track: 0,
        at_risk: 0,
        late: 0,
        no_forecast: 0,
    };
    for c in &a.by_unit {
        t.on_track += c.on_track;
        t.at_risk += c.at_risk;
        t.late += c.late;
        t.no_forecast += c.no_forecast;
    }
    t
}
