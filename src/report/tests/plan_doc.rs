//! The plan document read back word by word with its position
//! (`pdftotext -bbox`): every cell of the objectives' tables in its column,
//! whatever mix of objective-level and indicator-level units, on the 2023
//! plan and the two fixture plans of other comuni.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;

use crate::plan::Plan;
use crate::report::{adoption_date, plan_data, render_document};
use crate::vocab::Vocabulary;

/// A word of a page: left edge, top, text.
struct Word {
    x: f64,
    y: f64,
    text: String,
}

struct Page {
    height: f64,
    words: Vec<Word>,
}

fn attr(tag: &str, name: &str) -> f64 {
    let from = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let len = tag[from..].find('"').unwrap();
    tag[from..from + len].parse().unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The words of every page, via `pdftotext -bbox`.
fn pages(pdf: &[u8]) -> Vec<Page> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("piano.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext non trovato: installare poppler-utils");
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap()];
        let mut page = Page {
            height: attr(tag, "height"),
            words: Vec::new(),
        };
        for w in chunk.split("<word ").skip(1) {
            let end = w.find('>').unwrap();
            let text = &w[end + 1..w.find("</word>").unwrap()];
            page.words.push(Word {
                x: attr(&w[..end], "xMin"),
                y: attr(&w[..end], "yMin"),
                text: unescape(text),
            });
        }
        pages.push(page);
    }
    pages
}

fn render(plan: &Plan, vocab: &Vocabulary) -> Vec<u8> {
    let date = adoption_date(plan).unwrap_or(NaiveDate::from_ymd_opt(2025, 1, 30).unwrap());
    render_document(
        &Default::default(),
        "piano.typ",
        plan_data(plan, vocab, date),
        Path::new("piano.pdf"),
    )
    .unwrap()
}

const HEADER: [&str; 6] = [
    "Obiettivo",
    "Indicatore",
    "Livello",
    "Traguardi",
    "Responsabile/i",
    "Peso",
];

/// Checks every page holding an objectives' table: objective codes in
/// the first column, indicator codes in the second, only weights under
/// «Peso». Returns how many indicator codes were found in place.
fn check_columns(plan: &Plan, pages: &[Page]) -> usize {
    let indicator_ids: Vec<&str> = plan
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .map(|i| i.id.as_str())
        .collect();
    let objective_ids: Vec<&str> = plan.objectives.iter().map(|o| o.id.as_str()).collect();
    let mut found = 0;
    for (n, page) in pages.iter().enumerate() {
        let Some(resp) = page.words.iter().find(|w| w.text == "Responsabile/i") else {
            continue;
        };
        let header_y = resp.y;
        // Column edges from the header row (text starts at the inset); a
        // plan without weights has no «Peso» column.
        let edges: Vec<f64> = HEADER
            .iter()
            .filter_map(|h| {
                let found = page
                    .words
                    .iter()
                    .find(|w| (w.y - header_y).abs() < 1.0 && w.text == *h);
                if found.is_none() && *h != "Peso" {
                    panic!("page {}: header «{h}» missing", n + 1);
                }
                found.map(|w| w.x - 3.0)
            })
            .collect();
        assert_eq!(
            edges.len() == HEADER.len(),
            plan.objectives.iter().any(|o| o.has_weights()),
            "page {}: a «Peso» column exactly when the plan sets weights",
            n + 1
        );
        let column = |x: f64| edges.iter().rposition(|e| x >= *e).unwrap_or(usize::MAX);
        // The totals' heading ends the objectives' tables.
        let end_y = page
            .words
            .windows(2)
            .find(|w| w[0].text == "Pesi" && w[1].text == "per" && w[0].y > header_y)
            .map_or(page.height * 0.92, |w| w[0].y);
        // Every table's header row (a page may start a theme's table).
        let headers: Vec<f64> = page
            .words
            .iter()
            .filter(|w| w.text == "Responsabile/i")
            .map(|w| w.y)
            .collect();
        let in_header = |w: &Word| headers.iter().any(|y| (w.y - y).abs() < 1.0);
        for w in page
            .words
            .iter()
            .filter(|w| w.y > header_y + 1.0 && w.y < end_y && !in_header(w))
        {
            let at = format!("page {}, «{}» at x {:.0}", n + 1, w.text, w.x);
            if indicator_ids.contains(&w.text.as_str()) {
                assert_eq!(column(w.x), 1, "indicator code out of its column: {at}");
                found += 1;
            }
            if objective_ids.contains(&w.text.as_str()) {
                assert_eq!(column(w.x), 0, "objective code out of its column: {at}");
            }
            if column(w.x) == 5 {
                let weight = w.text == "—"
                    || w.text
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
                assert!(weight, "not a weight under «Peso»: {at}");
            }
        }
    }
    found
}

fn fixture(name: &str) -> (Plan, Vocabulary) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/piani")
        .join(name);
    let plan = crate::plan::load(&dir.join("piano-2025.toml")).unwrap();
    let vocab = crate::vocab::load(&dir).unwrap();
    (plan, vocab)
}

#[test]
fn every_cell_of_the_2023_plan_document_sits_in_its_column() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/piano-2023.toml");
    let plan = crate::plan::load(&path).unwrap();
    // OB06 and OB07: objective-level units, some indicators restricted.
    let mixed = plan
        .objectives
        .iter()
        .filter(|o| !o.areas.is_empty() && o.indicators.iter().any(|i| i.areas.is_some()))
        .count();
    assert!(mixed >= 2, "the 2023 plan has the mixed shape");
    let pages = pages(&render(&plan, &Vocabulary::default()));
    let n: usize = plan.objectives.iter().map(|o| o.indicators.len()).sum();
    assert_eq!(
        check_columns(&plan, &pages),
        n,
        "every indicator code printed"
    );
    // The restricted indicators say who answers for them.
    let text: String = pages
        .iter()
        .flat_map(|p| &p.words)
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("OB06.1 Richiesta dati DUP"), "{text}");
    assert!(text.contains("Ne risponde: Area III Finanziaria"), "{text}");
    assert!(first_page_is_full(&pages[0]));
}

/// Whether the text of a page reaches below 60% of its height (the footer
/// left out).
fn first_page_is_full(first: &Page) -> bool {
    let lowest = first
        .words
        .iter()
        .filter(|w| w.y < first.height * 0.92)
        .map(|w| w.y)
        .fold(0.0, f64::max);
    lowest > first.height * 0.6
}

#[test]
fn a_long_first_objective_does_not_leave_page_one_nearly_empty() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/piano-2023.toml");
    let mut plan = crate::plan::load(&path).unwrap();
    // The first objective with a dozen indicators: more than a page.
    let more: Vec<_> = plan.objectives[1..6]
        .iter()
        .flat_map(|o| o.indicators.clone())
        .collect();
    plan.objectives[0].indicators.extend(more);
    let pages = pages(&render(&plan, &Vocabulary::default()));
    assert!(first_page_is_full(&pages[0]), "page 1 left nearly empty");
}

#[test]
fn the_fixture_plans_documents_keep_their_columns() {
    for name in ["settori", "triennale"] {
        let (plan, vocab) = fixture(name);
        let pages = pages(&render(&plan, &vocab));
        let n: usize = plan.objectives.iter().map(|o| o.indicators.len()).sum();
        assert_eq!(
            check_columns(&plan, &pages),
            n,
            "{name}: every indicator code"
        );
    }
}

/// The running header, from page 2: the plan's title, then the year only
/// when the title does not hold it («Aggiornamento 2023», not «… 2023 2023»).
fn running_header(pages: &[Page]) -> String {
    pages
        .iter()
        .skip(1)
        .flat_map(|p| p.words.iter().filter(|w| w.y < 45.0))
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_running_header_says_the_year_once() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/piano-2023.toml");
    let mut plan = crate::plan::load(&path).unwrap();
    let header = running_header(&pages(&render(&plan, &Vocabulary::default())));
    assert!(
        header.contains("Allegato H: Piano e indicatori di Performance 2023"),
        "{header}"
    );
    plan.title = "Piano della performance – Aggiornamento 2023".into();
    let header = running_header(&pages(&render(&plan, &Vocabulary::default())));
    assert!(header.contains("Aggiornamento 2023"), "{header}");
    assert!(!header.contains("2023 2023"), "{header}");
}

#[test]
fn the_plan_document_names_the_act_it_is_part_of() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/piano-2023.toml");
    let mut plan = crate::plan::load(&path).unwrap();
    let first = |plan: &Plan| {
        pages(&render(plan, &Vocabulary::default()))[0]
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let text = first(&plan);
    assert!(
        text.contains("PIAO 2023–2025, sottosezione Performance"),
        "{text}"
    );
    plan.document = Some(crate::plan::PlanInstrument::Delibera);
    let text = first(&plan);
    assert!(text.contains("Piano degli obiettivi 2023"), "{text}");
    assert!(
        !text.contains("PIAO") && !text.contains("Piano della performance"),
        "{text}"
    );
}

/// The objective that decides part of the heads' pay is marked in the
/// adopted plan document (review 36, 9).
#[test]
fn the_plan_document_marks_the_payment_times_objective() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/piano-2023.toml");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "id = \"OB06.1\"\n",
        "id = \"OB06.1\"\ntempi_pagamento = true\n",
        1,
    );
    let plan = crate::plan::parse(&text, &path).unwrap();
    let words: String = pages(&render(&plan, &Vocabulary::default()))
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.text.clone()))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("Obiettivo sui tempi di pagamento (indicatore OB06.1): ne dipende una quota della retribuzione di risultato"),
        "{words}"
    );
    assert_eq!(words.matches("Obiettivo sui tempi di pagamento").count(), 1);
}
