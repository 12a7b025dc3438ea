//! The Italian summary printed by `consuntivo piano`.

use std::fmt::Write as _;

use super::model::*;
use crate::italian::number;
use crate::vocab::Vocabulary;

/// The lines on the plan's indicators and targets, the same in `piano`
/// and after `piano importa`: every indicator (those with no target in the
/// plan's year too), the targets graded in the plan's year, and, for a
/// plan of several years or with a strategic level, what else it holds.
pub fn count_lines(plan: &Plan) -> Vec<String> {
    let c = plan.counts();
    let mut out = Vec::new();
    let mut indicators = format!("Indicatori: {}", c.indicators);
    if c.dormant > 0 {
        indicators.push_str(&format!(
            " ({} senza traguardo nel {})",
            c.dormant, plan.year
        ));
    }
    if c.strategic_indicators > 0 {
        indicators.push_str(&if c.strategic_indicators == 1 {
            "; più 1 indicatore degli obiettivi strategici, che non si rendiconta".to_string()
        } else {
            format!(
                "; più {} indicatori degli obiettivi strategici, che non si rendicontano",
                c.strategic_indicators
            )
        });
    }
    out.push(indicators);
    let mut targets = format!("Traguardi {} (valutati): {}", plan.year, c.targets);
    if c.years.0 != c.years.1 || c.strategic_targets > 0 {
        targets.push_str(&format!(
            "; in tutti gli anni del piano ({}–{}): {}",
            c.years.0, c.years.1, c.all_years_targets
        ));
        if c.strategic_targets > 0 {
            targets.push_str(&format!(
                ", più {} degli obiettivi strategici",
                c.strategic_targets
            ));
        }
    }
    out.push(targets);
    out
}

/// Italian summary for `consuntivo piano`: themes, objectives, indicators by
/// target kind, total weight per unit, in the ente's words.
pub fn summary(plan: &Plan, vocab: &Vocabulary) -> String {
    let mut out = String::new();
    let province = plan
        .ente
        .province
        .as_deref()
        .map(|p| format!(" ({p})"))
        .unwrap_or_default();
    let _ = writeln!(out, "{}{province}, anno {}", plan.ente.name, plan.year);
    let _ = writeln!(out, "{}", plan.title_with_act());
    if let Some(act) = &plan.adopted_by {
        let _ = writeln!(out, "Approvato con: {act}");
    }
    if let Some(code) = plan.payment_times_code() {
        let _ = writeln!(
            out,
            "Obiettivo sui tempi di pagamento (art. 4-bis, c. 2, D.L. 13/2023): {code}"
        );
    }
    out.push('\n');

    let weighted = plan.objectives.iter().filter(|o| o.is_weighted()).count();
    let unweighted = plan.objectives.len() - weighted;
    let targets: Vec<&Target> = plan
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .flat_map(|i| &i.targets)
        .collect();
    // One count per kind of unit («Settori: 4», «U.O.A.: 2»), the ente's first.
    let mut kinds: Vec<(&str, usize)> = vec![(vocab.unit.plural.as_str(), 0)];
    for a in &plan.areas {
        let word = vocab.unit_kind(a.id.as_str(), &a.name).plural.as_str();
        match kinds.iter_mut().find(|(w, _)| *w == word) {
            Some((_, n)) => *n += 1,
            None => kinds.push((word, 1)),
        }
    }
    let kinds: Vec<String> = kinds
        .iter()
        .enumerate()
        .filter(|(i, (_, n))| *i == 0 || *n > 0)
        .map(|(_, (w, n))| format!("{w}: {n}"))
        .collect();
    let _ = writeln!(out, "{}", kinds.join("; "));
    let _ = writeln!(out, "{}", top_official_line(plan, vocab));
    let _ = writeln!(out, "Ambiti strategici: {}", plan.themes.len());
    if !plan.strategic.is_empty() {
        let _ = writeln!(out, "Obiettivi strategici: {}", plan.strategic.len());
    }
    let no_weights = plan
        .objectives
        .iter()
        .filter(|o| o.is_weighted() && !o.has_weights())
        .count();
    // A plan that sets no weight at all: nothing to total per unit.
    let unweighted_plan = weighted == no_weights;
    if unweighted_plan && no_weights > 0 {
        let _ = writeln!(
            out,
            "Obiettivi: {} (il piano non indica pesi: li attribuisce la regola [pesi_mancanti] del SMVP; su risorse variabili/altre fonti: {unweighted})",
            plan.objectives.len()
        );
    } else if no_weights == 0 {
        let _ = writeln!(
            out,
            "Obiettivi: {} (con peso: {weighted}; su risorse variabili/altre fonti: {unweighted})",
            plan.objectives.len()
        );
    } else {
        let _ = writeln!(
            out,
            "Obiettivi: {} (con peso: {}; senza peso nel piano, pesati secondo la regola [pesi_mancanti] del SMVP: {no_weights}; su risorse variabili/altre fonti: {unweighted})",
            plan.objectives.len(),
            weighted - no_weights
        );
    }
    for line in count_lines(plan) {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');

    // One column only: an indicator with targets of two kinds would be
    // counted in two rows, and the column would not add up.
    let mut rows = Vec::new();
    for kind in TargetKind::ALL {
        let n = targets.iter().filter(|t| t.kind() == kind).count();
        // The kinds added with multi-year plans are listed only when used.
        if n == 0 && matches!(kind, TargetKind::Change | TargetKind::Phase) {
            continue;
        }
        rows.push(vec![kind.label().to_string(), n.to_string()]);
    }
    rows.push(vec!["Totale".to_string(), targets.len().to_string()]);
    out.push_str(&table(
        &["Tipo di traguardo", "Traguardi"],
        &[false, true],
        &rows,
    ));
    let mixed = plan
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .filter(|i| i.targets.iter().any(|t| t.kind() != i.targets[0].kind()))
        .count();
    if mixed > 0 {
        let _ = writeln!(
            out,
            "{} con traguardi di tipi diversi.",
            if mixed == 1 {
                "1 indicatore".to_string()
            } else {
                format!("{mixed} indicatori")
            }
        );
    }
    out.push('\n');

    let mut rows = Vec::new();
    let mut total = 0.0;
    for area in &plan.areas {
        let objectives = plan.objectives_for(&area.id).count();
        let weight = plan.area_total_weight(&area.id);
        total += weight;
        let mut row = vec![
            area.id.to_string(),
            area.name.clone(),
            objectives.to_string(),
        ];
        if !unweighted_plan {
            row.push(number(weight, 2));
        }
        rows.push(row);
    }
    let mut headers = vec![vocab.unit.singular.as_str(), "Nome", "Obiettivi"];
    // No column of zeros for weights the plan never set (an objective is
    // counted once per unit, so the objectives' column has no total).
    if !unweighted_plan {
        rows.push(vec![
            "Totale".to_string(),
            String::new(),
            String::new(),
            number(total, 2),
        ]);
        headers.push("Peso totale");
    }
    out.push_str(&table(&headers, &[false, false, true, true], &rows));
    out
}

/// A plain-text table; `right[i]` aligns column `i` to the right.
fn table(headers: &[&str], right: &[bool], rows: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = " ".repeat(widths[i].saturating_sub(width(cell)));
            if right.get(i).copied().unwrap_or(false) {
                s.push_str(&pad);
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&pad);
            }
        }
        format!("{}\n", s.trim_end())
    };
    let mut out = line(&mut headers.iter().copied());
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(&mut rule.iter().map(String::as_str)));
    for row in rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out
}

/// Which unit holds the top official's own objectives and why, so a plan
/// that renamed it without `vertice = true` shows it before the schede are
/// signed by the wrong person.
fn top_official_line(plan: &Plan, vocab: &Vocabulary) -> String {
    let top = &vocab.top_official;
    let what = format!(
        "Obiettivi propri {}",
        top.prep(crate::vocab::Prep::Di, false)
    );
    // Said in words: the plan's key (`vertice = true`) is the office's
    // syntax, not what a reader of this summary needs.
    match plan.top_official_unit(vocab) {
        Some(a) => {
            let kind = vocab.unit_kind(a.id.as_str(), &a.name);
            let how = if a.top_official {
                kind.agree("indicato", false) + " dal piano"
            } else {
                kind.agree("riconosciuto", false) + " dal nome"
            };
            format!(
                "{what}: {} ({}), {how}",
                vocab.the_unit(a.id.as_str(), &a.name),
                a.id
            )
        }
        None => {
            let unit = &vocab.unit;
            format!(
                "{what}: {}; il piano non ne indica {} e {} si chiama «{}»",
                unit.none(),
                unit.agree("uno", false),
                unit.agree("nessuno", false),
                top.singular
            )
        }
    }
}
