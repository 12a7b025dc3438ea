//! The layout of every PDF, checked on the rendered pages (poppler's
//! `pdftotext -bbox-layout`: each word with its box), for the 2023 example
//! and the two fixture plans (Settori, triennale):
//!
//! - no page more than half empty when the content goes on (a new chapter
//!   may start a page);
//! - no heading as the last line of a page;
//! - no word broken across two pages;
//! - no page holding only the signatures;
//! - no text under 8 pt in the monitoring report;
//! - no table cell split across two pages (from the PDF's structure tree,
//!   read with `qpdf --json`: a TD or TH whose content lies on two pages);
//! - no word hyphenated in a narrow column (a table cell, a signature's
//!   role) or in a heading;
//! - no indicator's evaluation at the top of a page, its row on the page
//!   before.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// The page's margins in cm (top, bottom): the body of the page lies
/// between the running header and the footer. `templates/stile.typ`: top
/// 2.7 cm, bottom 2.4 cm; the plan document (`templates/piano.typ`, A4
/// landscape): top 2.2 cm, bottom 2 cm.
fn margins(pdf: &Path) -> (f64, f64) {
    let name = pdf.file_name().unwrap().to_string_lossy();
    if name.starts_with("piano-") {
        (2.2, 2.0)
    } else {
        (2.7, 2.4)
    }
}

fn cm(x: f64) -> f64 {
    x / 2.54 * 72.0
}

#[derive(Debug, Clone)]
struct Word {
    text: String,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
}

impl Word {
    fn height(&self) -> f64 {
        self.y_max - self.y_min
    }
}

#[derive(Debug, Clone)]
struct Line {
    words: Vec<Word>,
}

impl Line {
    fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn top(&self) -> f64 {
        self.words.iter().map(|w| w.y_min).fold(f64::MAX, f64::min)
    }
    fn bottom(&self) -> f64 {
        self.words.iter().map(|w| w.y_max).fold(0.0, f64::max)
    }
    fn height(&self) -> f64 {
        self.words.iter().map(Word::height).fold(0.0, f64::max)
    }
    fn left(&self) -> f64 {
        self.words.iter().map(|w| w.x_min).fold(f64::MAX, f64::min)
    }
    fn width(&self) -> f64 {
        self.words.iter().map(|w| w.x_max).fold(0.0, f64::max) - self.left()
    }
}

/// The body lines of each page (running header and footer left out), top
/// to bottom, and the height of the footer's words (8.5 pt), the measure
/// that turns a word's box into a font size.
struct Pages {
    pages: Vec<Vec<Line>>,
    footer_height: Option<f64>,
    /// The page's width and the top and bottom of its body, in points.
    width: f64,
    body_top: f64,
    body_bottom: f64,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag.find(&key).unwrap() + key.len();
    tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn read_pages(pdf: &Path) -> Pages {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by the tests");
    assert!(out.status.success(), "pdftotext on {}", pdf.display());
    let xml = text(&out.stdout);
    let mut pages = Vec::new();
    let mut footer_height = None;
    let (top, bottom) = margins(pdf);
    let (mut width, mut body_top, mut body_bottom) = (0.0, 0.0, 0.0);
    for page in xml.split("<page ").skip(1) {
        let tag = &page[..page.find('>').unwrap()];
        width = attr(tag, "width");
        (body_top, body_bottom) = (cm(top), attr(tag, "height") - cm(bottom));
        let mut lines = Vec::new();
        for line in page.split("<line ").skip(1) {
            let mut words = Vec::new();
            for w in line.split("<word ").skip(1) {
                let tag = &w[..w.find('>').unwrap()];
                let body = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                words.push(Word {
                    text: unescape(body),
                    x_min: attr(tag, "xMin"),
                    x_max: attr(tag, "xMax"),
                    y_min: attr(tag, "yMin"),
                    y_max: attr(tag, "yMax"),
                });
            }
            if words.is_empty() {
                continue;
            }
            // The BOZZA mark across the page is not text of the page.
            words.retain(|w| w.height() < 40.0);
            if words.is_empty() {
                continue;
            }
            let l = Line { words };
            if l.top() >= body_bottom - 1.0 {
                if l.text().starts_with("Pagina") {
                    footer_height = Some(l.height());
                }
                continue;
            }
            if l.bottom() <= body_top + 1.0 {
                continue;
            }
            lines.push(l);
        }
        // Lines of one text row may come in several blocks: sort by place.
        lines.sort_by(|a, b| a.top().total_cmp(&b.top()));
        pages.push(lines);
    }
    Pages {
        pages,
        footer_height,
        width,
        body_top,
        body_bottom,
    }
}

impl Pages {
    /// A line's font size in points, from its words' boxes.
    fn size(&self, line: &Line) -> f64 {
        let unit = self.footer_height.unwrap_or(8.5 * 1.2) / 8.5;
        line.height() / unit
    }
}

/// Headings that start a new page by design (`templates/relazione.typ`).
const PAGE_STARTS: &[&str] = &["Sintesi", "Presentazione e contesto", "Allegato A"];

/// What is wrong with the layout of one PDF, one message per problem.
fn layout_problems(pdf: &Path, signature_marks: &[&str]) -> Vec<String> {
    let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
    let p = read_pages(pdf);
    let (body_top, body_bottom) = (p.body_top, p.body_bottom);
    let mut out = Vec::new();
    let last = p.pages.len();
    for (i, lines) in p.pages.iter().enumerate() {
        let n = i + 1;
        let at = format!("{name}, p. {n}");
        let Some(foot) = lines
            .iter()
            .max_by(|a, b| a.bottom().total_cmp(&b.bottom()))
        else {
            if n < last {
                out.push(format!("{at}: blank page"));
            }
            continue;
        };
        if n < last {
            // The parts that start a page on purpose: the table of
            // contents, the synthesis (read on its own), the annexes after
            // the signatures. Any other chapter follows on the same page.
            let first_text = |l: &[Line]| l.first().map(Line::text).unwrap_or_default();
            let deliberate = first_text(lines).contains("Indice")
                || PAGE_STARTS
                    .iter()
                    .any(|s| first_text(&p.pages[i + 1]).contains(s));
            let used = (foot.bottom() - body_top) / (body_bottom - body_top);
            if n > 1 && used < 0.5 && !deliberate {
                out.push(format!(
                    "{at}: {:.0}% of the page used, and the content goes on",
                    used * 100.0
                ));
            }
            // A heading in the lower third followed by at most two lines:
            // its content (a table, most often) is on the next page.
            let is_heading =
                |l: &Line| p.size(l) >= 11.0 && l.text().chars().any(char::is_alphabetic);
            if let Some(h) = lines.iter().rposition(is_heading) {
                let after = lines.len() - 1 - h;
                let low = lines[h].top() > body_top + (body_bottom - body_top) * 2.0 / 3.0;
                // A section of one or two lines, whole at the foot, followed
                // by a heading as large on the next page (a chapter kept
                // whole with its signatures) has nothing on the next page.
                let next_starts_as_large = p.pages[i + 1]
                    .first()
                    .is_some_and(|f| is_heading(f) && p.size(f) + 0.5 >= p.size(&lines[h]));
                if low && (1..=2).contains(&after) && !next_starts_as_large {
                    out.push(format!(
                        "{at}: the heading «{}» with {after} line(s) at the foot, its content on the next page",
                        lines[h].text()
                    ));
                }
            }
            if p.size(foot) >= 11.0 && foot.text().chars().any(char::is_alphabetic) {
                out.push(format!("{at}: ends with the heading «{}»", foot.text()));
            }
            let t = foot.text();
            let broken = t
                .strip_suffix('-')
                .and_then(|s| s.chars().last())
                .is_some_and(char::is_alphabetic);
            if broken {
                out.push(format!("{at}: a word broken across pages: «{t}»"));
            }
        }
        if let Some(first) = lines.first() {
            let t = first.text();
            if n > 1 && signature_marks.iter().any(|m| t.starts_with(m)) {
                out.push(format!("{at}: the page starts with the signatures («{t}»)"));
            }
        }
        out.extend(hyphenated(&p, lines, &at));
        out.extend(orphan_details(lines, &at));
    }
    out
}

/// Words hyphenated where they must not be: in a narrow column (a table
/// cell, a signature's role: a line under 45% of the page's width, where
/// running paragraphs span the page) or in a heading. Typst writes the
/// hyphen of a broken word as U+00AD.
fn hyphenated(p: &Pages, lines: &[Line], at: &str) -> Vec<String> {
    let mut out = Vec::new();
    for l in lines {
        let t = l.text();
        if !t.ends_with('\u{ad}') {
            continue;
        }
        if p.size(l) >= 11.0 {
            out.push(format!("{at}: a heading hyphenated: «{t}»"));
        } else if l.width() < p.width * 0.45 {
            out.push(format!("{at}: a word broken in a narrow column: «{t}»"));
        }
    }
    out
}

/// An indicator's details (its «Motivazione», its «Valutazione») at the top
/// of a page, under the repeated header row, while the indicator's row is
/// on the page before: the second visual row of the page starts (at its
/// left) with the detail's label.
fn orphan_details(lines: &[Line], at: &str) -> Vec<String> {
    let mut rows: Vec<Vec<&Line>> = Vec::new();
    for l in lines {
        match rows.last_mut() {
            Some(r) if (r[0].top() - l.top()).abs() < 2.0 => r.push(l),
            _ => rows.push(vec![l]),
        }
    }
    let Some(second) = rows.get(1) else {
        return Vec::new();
    };
    let Some(left) = second.iter().min_by(|a, b| a.left().total_cmp(&b.left())) else {
        return Vec::new();
    };
    let t = left.text();
    if ["Valutazione:", "Motivazione:"]
        .iter()
        .any(|m| t.starts_with(m))
    {
        vec![format!(
            "{at}: the page opens with an indicator's details, its row on the page before: «{t}»"
        )]
    } else {
        Vec::new()
    }
}

/// Table cells of `pdf` whose content lies on two pages, from the
/// structure tree (`qpdf --json`: each object as "obj:N 0 R" → value).
fn split_cells(pdf: &Path) -> Vec<String> {
    use serde_json::Value;
    use std::collections::{BTreeSet, HashMap};
    let out = Command::new("qpdf")
        .args(["--json", "--json-key=qpdf"])
        .arg(pdf)
        .output()
        .expect("qpdf is needed by the tests (Debian: qpdf; .ci/run installs it)");
    assert!(out.status.success(), "qpdf on {}", pdf.display());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let objects = json["qpdf"][1].as_object().expect("objects").clone();
    let get = |r: &str| -> Value {
        objects
            .get(&format!("obj:{r}"))
            .map(|o| o["value"].clone())
            .unwrap_or(Value::Null)
    };
    // Pages in order, from the page tree.
    let root = objects["trailer"]["value"]["/Root"]
        .as_str()
        .unwrap()
        .to_string();
    let mut order = Vec::new();
    let mut stack = vec![get(&root)["/Pages"].as_str().unwrap().to_string()];
    while let Some(r) = stack.pop() {
        let o = get(&r);
        if o["/Type"] == "/Page" {
            order.push(r);
        } else if let Some(kids) = o["/Kids"].as_array() {
            for k in kids.iter().rev() {
                stack.push(k.as_str().unwrap().to_string());
            }
        }
    }
    let page_number: HashMap<String, usize> = order
        .into_iter()
        .enumerate()
        .map(|(i, r)| (r, i + 1))
        .collect();
    // The pages an element's marked content is on: an MCID takes the page
    // of the nearest /Pg above it.
    fn pages_of(
        get: &dyn Fn(&str) -> Value,
        v: &Value,
        pg: Option<String>,
        pages: &HashMap<String, usize>,
        out: &mut BTreeSet<usize>,
    ) {
        match v {
            Value::Number(_) => {
                if let Some(p) = pg.as_deref().and_then(|p| pages.get(p)) {
                    out.insert(*p);
                }
            }
            Value::Array(a) => {
                for x in a {
                    pages_of(get, x, pg.clone(), pages, out);
                }
            }
            Value::String(r) if r.ends_with(" R") => {
                let o = get(r);
                // A page or an annotation is not structure.
                if o.get("/S").is_some() || o.get("/MCID").is_some() {
                    pages_of(get, &o, pg, pages, out);
                }
            }
            Value::Object(m) => {
                let own = m
                    .get("/Pg")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or(pg);
                if let Some(id) = m.get("/MCID") {
                    pages_of(get, id, own, pages, out);
                } else if let Some(k) = m.get("/K") {
                    pages_of(get, k, own, pages, out);
                }
            }
            _ => {}
        }
    }
    let mut problems = Vec::new();
    for (r, o) in &objects {
        let v = &o["value"];
        let kind = v["/S"].as_str().unwrap_or("");
        if kind != "/TD" && kind != "/TH" {
            continue;
        }
        let mut pages = BTreeSet::new();
        pages_of(&get, v, None, &page_number, &mut pages);
        if pages.len() > 1 {
            problems.push(format!(
                "{}: a table cell ({r}) on pages {pages:?}",
                pdf.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    problems
}

/// The documents of a run: the Relazione, the schede, the individual
/// schede, the letters and the monitoring report.
fn pdfs(outputs: &Path) -> Vec<PathBuf> {
    files_under(outputs)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

/// What a page must not start with: the signature block alone.
const SIGNATURES: &[&str] = &["Firme", "Il Segretario generale", "Il valutatore"];

fn check_all(outputs: &Path, extra_marks: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let docs = pdfs(outputs);
    assert!(!docs.is_empty(), "no PDF under {}", outputs.display());
    for pdf in &docs {
        let mut marks: Vec<&str> = SIGNATURES.to_vec();
        marks.extend_from_slice(extra_marks);
        problems.extend(layout_problems(pdf, &marks));
        problems.extend(split_cells(pdf));
    }
    problems
}

#[test]
fn the_2023_documents_keep_their_layout() {
    let dir = scratch_inputs();
    for args in [
        &["relazione"][..],
        &["monitoraggio", "--data", "10/07/2023"],
        &["piano", "documento"],
        &["smvp", "documento"],
        &["validazione"],
    ] {
        let out = consuntivo(args, dir.path());
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let outputs = dir.path().join("outputs");
    let mut problems = check_all(&outputs, &["Comune di Alzano Lombardo, 30 aprile 2024."]);
    // A draft has the same layout rules.
    let out = consuntivo(&["relazione", "--bozza"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    problems.extend(check_all(
        &outputs.join("2023"),
        &["Comune di Alzano Lombardo, 30 aprile 2024."],
    ));
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The monitoring report prints nothing under 8 pt.
#[test]
fn the_monitoring_report_has_no_text_under_8_pt() {
    let dir = scratch_inputs();
    let out = consuntivo(&["monitoraggio", "--data", "10/07/2023"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = pdfs(&dir.path().join("outputs"))
        .into_iter()
        .find(|p| p.to_string_lossy().contains("Monitoraggio"))
        .expect("the monitoring report");
    let p = read_pages(&pdf);
    assert!(p.footer_height.is_some(), "the footer measures the sizes");
    let mut small = Vec::new();
    for (i, lines) in p.pages.iter().enumerate() {
        for l in lines {
            for w in &l.words {
                let one = Line {
                    words: vec![w.clone()],
                };
                // Punctuation alone has a smaller box than its font.
                if w.text.chars().any(char::is_alphanumeric) && p.size(&one) < 7.9 {
                    small.push(format!(
                        "p. {}: «{}» at {:.1} pt",
                        i + 1,
                        w.text,
                        p.size(&one)
                    ));
                }
            }
        }
    }
    assert!(small.is_empty(), "{}", small.join("\n"));
    // The title's date stays on one line (review 35: «… 2023 al 30 /
    // giugno 2023»), and the title is not justified.
    let first = pdftotext_flow(&pdf);
    assert!(
        first
            .lines()
            .any(|l| l.replace('\u{a0}', " ").contains("al 30 giugno 2023")),
        "{first}"
    );
}

/// The two fixture plans (Settori with phases, a three-year PIAO), with
/// forms filled by the example generator.
#[test]
fn the_fixture_plans_keep_their_layout() {
    let mut problems = Vec::new();
    for fixture in ["settori", "triennale"] {
        let dir = tempfile::tempdir().unwrap();
        let inputs = dir.path().join("inputs");
        copy_dir(&repo().join("tests/fixtures/piani").join(fixture), &inputs);
        // The triennale plan has no weights: equal weights, as its README says.
        let rules = std::fs::read_to_string(repo().join("inputs/smvp.toml"))
            .unwrap()
            .replace("regola = \"errore\"", "regola = \"uguali\"");
        std::fs::write(inputs.join("smvp.toml"), rules).unwrap();
        std::fs::write(inputs.join("relazione.toml"), "data = \"30/04/2026\"\n").unwrap();
        let out = consuntivo(&["moduli"], dir.path());
        assert!(out.status.success(), "{fixture}: {}", text(&out.stderr));
        // The forms as sent, returned untouched: every row «non
        // rendicontato», every document still laid out in full.
        let sent = dir.path().join("outputs/moduli/2025");
        copy_dir(&sent, &inputs.join("rendicontazioni/2025"));
        let out = consuntivo(&["relazione"], dir.path());
        assert!(out.status.success(), "{fixture}: {}", text(&out.stderr));
        let out = consuntivo(&["validazione"], dir.path());
        assert!(out.status.success(), "{fixture}: {}", text(&out.stderr));
        problems.extend(check_all(&dir.path().join("outputs/2025"), &[]));
        let out = consuntivo(&["piano", "documento"], dir.path());
        assert!(out.status.success(), "{fixture}: {}", text(&out.stderr));
        let plan = dir.path().join("outputs/piano-2025.pdf");
        problems.extend(layout_problems(&plan, &[]));
        problems.extend(split_cells(&plan));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The signatures of a scheda sit on one line whatever their roles: with a
/// role on two lines (a long title of the Segretario), the names under the
/// lines of the Settore's head and of the Segretario are on one baseline.
#[test]
fn the_signature_lines_of_a_scheda_are_on_one_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    copy_dir(&repo().join("tests/fixtures/piani/settori"), &inputs);
    std::fs::copy(repo().join("inputs/smvp.toml"), inputs.join("smvp.toml")).unwrap();
    std::fs::write(
        inputs.join("relazione.toml"),
        "data = \"30/04/2026\"\n\n[segretario]\nnome = \"dott. Luca Ferri\"\nruolo = \"Il Segretario comunale e Direttore generale dell'ente\"\n",
    )
    .unwrap();
    let out = consuntivo(&["moduli"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    copy_dir(
        &dir.path().join("outputs/moduli/2025"),
        &inputs.join("rendicontazioni/2025"),
    );
    let out = consuntivo(&["relazione", "--bozza"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let scheda = dir
        .path()
        .join("outputs/2025/schede/Settore Affari generali.pdf");
    let p = read_pages(&scheda);
    let last = p.pages.last().expect("a page");
    let name_top = |first: &str| {
        last.iter()
            .flat_map(|l| l.words.iter())
            .find(|w| w.text == first)
            .map(|w| w.y_min)
            .unwrap_or_else(|| panic!("«{first}» on the last page of {}", scheda.display()))
    };
    // «dott.ssa Maria Greco» (the Settore's head) and «dott. Luca Ferri».
    let (head, secretary) = (name_top("Greco"), name_top("Ferri"));
    assert!(
        (head - secretary).abs() < 1.0,
        "the names under the signature lines at {head:.1} and {secretary:.1} pt"
    );
    let problems = layout_problems(&scheda, &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
