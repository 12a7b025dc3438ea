//! Writes a [`Draft`] as a plan TOML in the documented format
//! (`docs/formato-piano.md`), with Italian comments: where each inferred
//! target came from, and every point to check marked `DA VERIFICARE` and
//! listed again at the end.

use std::fmt::Write;

use crate::plan::{Change, Target};

use super::draft::{DIndicator, DResp, Draft};

/// Marker of everything a person must check, searchable in any editor.
pub const CHECK: &str = "DA VERIFICARE";

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as TOML wants it: 5, 7.5.
pub fn n(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A comment line (or several): `#` before each line of `text`.
fn comment(out: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "{indent}# {line}");
    }
}

fn resp_list(list: &[DResp]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|r| {
            let mut s = format!("{{ area = {}", q(&r.area));
            if let Some(w) = r.weight {
                let _ = write!(s, ", peso = {}", n(w));
            }
            if let Some(note) = &r.note {
                let _ = write!(s, ", nota = {}", q(note));
            }
            s.push_str(" }");
            s
        })
        .collect();
    if items.len() <= 1 {
        format!("[{}]", items.join(""))
    } else {
        format!("[\n  {},\n]", items.join(",\n  "))
    }
}

pub fn target(t: &Target) -> String {
    match t {
        Target::Deadline {
            date,
            movable,
            note,
        } => {
            let mut s = format!(
                "{{ tipo = \"scadenza\", data = {}",
                q(&date.format("%d/%m/%Y").to_string())
            );
            if let Some(m) = movable {
                let _ = write!(s, ", spostabile = {}", q(m));
            }
            if let Some(m) = note {
                let _ = write!(s, ", nota = {}", q(m));
            }
            s + " }"
        }
        Target::Minimum { value, unit } => format!(
            "{{ tipo = \"minimo\", valore = {}, unita = {} }}",
            n(*value),
            q(unit)
        ),
        Target::Maximum {
            value,
            unit,
            strict,
        } => format!(
            "{{ tipo = \"massimo\", valore = {}, unita = {}{} }}",
            n(*value),
            q(unit),
            if *strict { ", stretto = true" } else { "" }
        ),
        Target::Percentage { value, of } => format!(
            "{{ tipo = \"percentuale\", valore = {}, di = {} }}",
            n(*value),
            q(of)
        ),
        Target::YesNo { what } => format!("{{ tipo = \"si_no\", cosa = {} }}", q(what)),
        Target::Qualitative { criterion } => {
            format!("{{ tipo = \"qualitativo\", criterio = {} }}", q(criterion))
        }
        // The indicator's `base` is written with the indicator.
        Target::Change {
            change,
            unit,
            previous,
            ..
        } => {
            let (kind, key, x) = match change {
                Change::IncreasePercent(x) => ("aumento", "percentuale", x),
                Change::IncreaseBy(x) => ("aumento", "valore", x),
                Change::DecreasePercent(x) => ("riduzione", "percentuale", x),
                Change::DecreaseBy(x) => ("riduzione", "valore", x),
                Change::Total(x) => ("totale", "valore", x),
            };
            format!(
                "{{ tipo = \"{kind}\", {key} = {}, unita = {}{} }}",
                n(*x),
                q(unit),
                if previous.is_some() {
                    ", rispetto = \"anno_precedente\""
                } else {
                    ""
                }
            )
        }
        Target::Phase {
            name,
            start,
            end,
            weight,
            note,
        } => {
            let mut s = format!("{{ tipo = \"fase\", nome = {}", q(name));
            for (k, d) in [("inizio", start), ("fine", end)] {
                if let Some(d) = d {
                    let _ = write!(s, ", {k} = {}", q(&d.format("%d/%m/%Y").to_string()));
                }
            }
            if let Some(w) = weight {
                let _ = write!(s, ", peso = {}", n(*w));
            }
            if let Some(x) = note {
                let _ = write!(s, ", nota = {}", q(x));
            }
            s + " }"
        }
    }
}

/// Baseline, success level, lead unit, shared result and metadata of an
/// indicator.
fn details(out: &mut String, i: &DIndicator) {
    if let Some(b) = &i.baseline {
        let mut s = format!("base = {{ valore = {}", n(b.value));
        if let Some(y) = b.year {
            let _ = write!(s, ", anno = {y}");
        }
        if let Some(f) = &b.source {
            let _ = write!(s, ", fonte = {}", q(f));
        }
        let _ = writeln!(out, "{s} }}");
    }
    if let Some(x) = i.success {
        let _ = writeln!(out, "successo = {}", n(x));
    }
    if let Some(l) = &i.lead {
        let _ = writeln!(out, "capofila = {}", q(l));
    } else if i.shared {
        out.push_str("risultato_condiviso = true\n");
    }
    let m = &i.meta;
    for (key, v) in [
        ("formula", &m.formula),
        ("fonte", &m.source),
        ("tipologia", &m.kind),
        ("missione", &m.mission),
        ("programma", &m.programme),
        ("pnrr", &m.pnrr),
    ] {
        if let Some(v) = v {
            let _ = writeln!(out, "{key} = {}", q(v));
        }
    }
    if !m.sdg.is_empty() {
        let list: Vec<String> = m.sdg.iter().map(u8::to_string).collect();
        let _ = writeln!(out, "sdg = [{}]", list.join(", "));
    }
    if let Some(v) = &m.scope {
        let _ = writeln!(out, "dimensione = {}", q(v));
    }
}

/// The indicator's targets in year order (the plan year's first), each
/// with its `anno` when it is another year's, and the years marked
/// "non applicabile".
fn targets(out: &mut String, i: &DIndicator, plan_year: i32) {
    let mut entries: Vec<(i32, String)> = Vec::new();
    for t in &i.targets {
        let mut s = String::new();
        if let Some(src) = &t.source {
            comment(&mut s, "  ", &format!("dal testo {src}"));
        }
        if let Some(why) = &t.check {
            comment(&mut s, "  ", &format!("{CHECK}: {why}"));
        }
        // `target` writes "{ tipo = …": the year goes first inside the braces.
        let text = target(&t.target);
        match t.year {
            Some(y) => {
                let _ = writeln!(s, "  {{ anno = {y}, {},", &text[2..]);
            }
            None => {
                let _ = writeln!(s, "  {text},");
            }
        }
        entries.push((t.year.unwrap_or(plan_year), s));
    }
    for y in &i.na_years {
        entries.push((
            *y,
            format!("  {{ anno = {y}, tipo = \"non_applicabile\" }},\n"),
        ));
    }
    entries.sort_by_key(|(y, _)| (*y != plan_year, *y));
    out.push_str("traguardi = [\n");
    for (_, s) in entries {
        out.push_str(&s);
    }
    out.push_str("]\n");
}

/// One `[[<parent>.indicatore]]` section.
fn indicator(out: &mut String, parent: &str, i: &DIndicator, plan_year: i32, flag: bool) {
    let _ = writeln!(out, "\n[[{parent}.indicatore]]");
    for note in &i.notes {
        comment(out, "", &format!("nota: {note}"));
    }
    for why in &i.checks {
        comment(out, "", &format!("{CHECK} ({}): {why}", i.cell));
    }
    let _ = writeln!(out, "id = {}", q(&i.id));
    let _ = writeln!(out, "descrizione = {}", q(&i.description));
    let _ = writeln!(out, "livello_atteso = {}", q(&i.expected));
    if let Some(c) = &i.condition {
        let _ = writeln!(out, "condizione = {}", q(c));
    }
    if flag {
        let _ = writeln!(out, "tempi_pagamento = true");
    }
    if let Some(a) = &i.areas {
        let items: Vec<String> = a.iter().map(|x| q(&x.area)).collect();
        let _ = writeln!(out, "aree = [{}]", items.join(", "));
    }
    if let Some(r) = &i.resp {
        let _ = writeln!(out, "responsabili = {}", resp_list(r));
    }
    details(out, i);
    targets(out, i, plan_year);
}

/// "1 obiettivo", "2 obiettivi".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn write(d: &Draft) -> String {
    let mut out = String::new();
    let counts = d.counts();
    let _ = writeln!(
        out,
        "# {} ({}) – {}\n#\n# Importato da «{}» con «consuntivo piano importa».",
        d.title, d.year, d.ente, d.source
    );
    comment(
        &mut out,
        "",
        "I traguardi letti dal testo del «Livello atteso» riportano in un commento\n\
         la cella e le parole da cui vengono. Ciò che il programma non ha potuto\n\
         stabilire con certezza è segnato DA VERIFICARE ed è elencato in fondo al\n\
         file: controllarlo, correggerlo se serve e cancellare il commento.\n\
         Il formato del file è descritto in docs/formato-piano.md.",
    );
    let _ = writeln!(
        out,
        "#\n# {}, {}, {}, {} ({} da verificare).",
        count(counts.units, "unità", "unità"),
        count(counts.objectives, "obiettivo", "obiettivi"),
        count(counts.indicators, "indicatore", "indicatori"),
        count(counts.targets, "traguardo", "traguardi"),
        counts.to_check.len()
    );
    out.push_str("\n[piano]\n");
    let _ = writeln!(out, "anno = {}", d.year);
    let _ = writeln!(out, "titolo = {}", q(&d.title));
    if let Some(k) = d.document {
        let _ = writeln!(out, "documento = {}", q(k.written()));
    }
    if let Some(a) = &d.adopted_by {
        let _ = writeln!(out, "approvato_con = {}", q(a));
    }
    out.push_str("\n[ente]\n");
    let _ = writeln!(out, "nome = {}", q(&d.ente));
    if let Some(p) = &d.province {
        let _ = writeln!(out, "provincia = {}", q(p));
    }
    for u in &d.units {
        out.push_str("\n[[area]]\n");
        let _ = writeln!(out, "id = {}", q(&u.id));
        let _ = writeln!(out, "nome = {}", q(&u.name));
        if !u.offices.is_empty() {
            let offices: Vec<String> = u.offices.iter().map(|o| q(o)).collect();
            let _ = writeln!(out, "uffici = [{}]", offices.join(", "));
        }
        if let Some(h) = &u.head {
            let _ = writeln!(out, "responsabile = {}", q(h));
        }
        if !u.in_all {
            out.push_str("in_tutte_le_aree = false\n");
        }
        if u.top_official {
            out.push_str("vertice = true\n");
        }
    }
    for (id, name) in &d.themes {
        out.push_str("\n[[ambito]]\n");
        let _ = writeln!(out, "id = {}", q(id));
        let _ = writeln!(out, "nome = {}", q(name));
    }
    for s in &d.strategic {
        out.push_str("\n[[strategico]]\n");
        comment(&mut out, "", &format!("cella {}", s.cell));
        let _ = writeln!(out, "id = {}", q(&s.id));
        let _ = writeln!(out, "titolo = {}", q(&s.title));
        if let Some(desc) = &s.description {
            let _ = writeln!(out, "descrizione = {}", q(desc));
        }
        for i in &s.indicators {
            indicator(&mut out, "strategico", i, d.year, false);
        }
    }
    for o in &d.objectives {
        out.push_str("\n[[obiettivo]]\n");
        comment(&mut out, "", &format!("cella {}", o.cell));
        for note in &o.notes {
            comment(&mut out, "", &format!("nota: {note}"));
        }
        for (cell, why) in &o.checks {
            comment(&mut out, "", &format!("{CHECK} ({cell}): {why}"));
        }
        let _ = writeln!(out, "id = {}", q(&o.id));
        let _ = writeln!(out, "ambito = {}", q(&o.theme));
        let _ = writeln!(out, "titolo = {}", q(&o.title));
        if let Some(desc) = &o.description {
            let _ = writeln!(out, "descrizione = {}", q(desc));
        }
        if let Some(s) = &o.strategic {
            let _ = writeln!(out, "strategico = {}", q(s));
        }
        if !o.resp.is_empty() {
            let _ = writeln!(out, "responsabili = {}", resp_list(&o.resp));
        }
        if let Some(f) = &o.funding {
            let _ = writeln!(out, "finanziamento = {}", q(f));
        }
        if d.payment_times.as_ref() == Some(&o.id) {
            let _ = writeln!(out, "tempi_pagamento = true");
        }
        for i in &o.indicators {
            let flag = d.payment_times.as_ref() == Some(&i.id);
            indicator(&mut out, "obiettivo", i, d.year, flag);
        }
    }
    if !counts.to_check.is_empty() {
        let _ = writeln!(
            out,
            "\n# ─────────────────────────── {CHECK} ───────────────────────────\n#\n# {}:",
            count(
                counts.to_check.len(),
                "punto da controllare",
                "punti da controllare"
            )
        );
        for (id, cell, why) in &counts.to_check {
            comment(&mut out, "", &format!("- {id} ({cell}): {why}"));
        }
    }
    out
}
