//! The Relazione a comune publishes, on the shipped 2023 data, as the real
//! binary writes it: final and draft, the Nucleo's pending decisions, the
//! privacy of the quotas, the Italian of every PDF, counts that match the
//! xlsx.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{consuntivo, scratch_inputs, text};

/// A scratch copy of `inputs/`, run with `args`; panics unless it succeeds.
fn run(args: &[&str], edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = scratch_inputs();
    edit(&dir.path().join("inputs"));
    // The edited inputs, validated again.
    common::revalidate(dir.path());
    let out = consuntivo(args, dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

/// Switches on the unit pay bands that the shipped `smvp.toml` leaves
/// commented, for a comune without the individual evaluation (the two
/// together are refused), nor the staff evaluation (its `[personale]`
/// goes with the rest of the file after `[individuale]`).
fn unit_bands_on(inputs: &Path) {
    let p = inputs.join("smvp.toml");
    let t = std::fs::read_to_string(&p).unwrap();
    let t = &t[..t.find("\n[individuale]").unwrap()];
    std::fs::remove_file(inputs.join("valutazioni-individuali-2023.toml")).unwrap();
    std::fs::remove_file(inputs.join("personale-2023.toml")).unwrap();
    let t = t
        .lines()
        .map(|l| {
            let on = ["# [[fascia]]", "# da =", "# quota =", "# etichetta ="];
            if on.iter().any(|p| l.starts_with(p)) {
                &l[2..]
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&p, t).unwrap();
}

/// The pages of a PDF as text (pdftotext separates them with form feeds).
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed by the tests (Debian: poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let mut p: Vec<String> = text(&out.stdout)
        .split('\u{c}')
        .map(str::to_string)
        .collect();
    if p.last().is_some_and(|l| l.trim().is_empty()) {
        p.pop();
    }
    p
}

fn flat(text: &str) -> String {
    text.replace("-\n", "")
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn relazione(dir: &Path) -> PathBuf {
    dir.join("outputs/2023/Relazione sulla performance 2023.pdf")
}

fn every_pdf(dir: &Path) -> Vec<PathBuf> {
    let mut all = vec![relazione(dir)];
    let mut schede: Vec<PathBuf> = std::fs::read_dir(dir.join("outputs/2023/schede"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    schede.sort();
    assert_eq!(schede.len(), 7);
    all.extend(schede);
    all
}

/// Defects a reader saw in earlier Relazioni, as patterns that must not
/// come back: agreement with 1, missing elision before 8/11/80–89, a bare
/// preposition before a percentage, machine notation in prose, the English
/// "target", two apostrophe styles, two ways to say a date was met, a
/// correction that changed nothing.
fn forbidden(text: &str) -> Vec<String> {
    let checks: &[(&str, &str)] = &[
        (r"(?<![\w.])1 (?!di\b)[a-zàèéìòù]+i\b", "1 + plural"),
        (r"\b(il|del|al|dal|nel|sul) (8|11|8\d)\b", "no elision"),
        (
            r"\b(da|a|di|tra) \d+(,\d+)?%",
            "bare preposition before a percentage",
        ),
        (r"[÷Σ]", "machine notation"),
        (r"\btarget\b", "English term"),
        (r"'", "straight apostrophe beside typographic ones"),
        (r"[Cc]onsegnato il \d", "second way to say a date was met"),
        (r"Rendiconto di:", "cover label"),
        (r"da (\d+(,\d+)?%) a \1", "correction to the same grade"),
        (r"da 100% a 100%", "correction to the same grade"),
        (
            r"(Giunta comunale|Nucleo di Valutazione) con [^.]*\bdel(la)? \1",
            "body named twice around its act",
        ),
        (r"[Pp]iano di riferimento: [^:]{1,80}:", "chain of colons"),
        (
            r"Grado di raggiungimento: (\d+(,\d+)?%)[^:]{0,120}[Pp]rima delle correzioni[^:]*: \1\.",
            "grade equal to itself before a correction",
        ),
        (
            r"è (il |l')?(\d+(,\d+)?%)[^:]{0,200}prima delle correzioni[^:]{0,80} era (il |l')?\2\.",
            "grade equal to itself before a correction",
        ),
    ];
    let mut found = Vec::new();
    for (pattern, what) in checks {
        let re = fancy_regex::Regex::new(pattern).unwrap();
        for m in re.find_iter(text).flatten() {
            let start = text[..m.start()]
                .char_indices()
                .rev()
                .nth(30)
                .map_or(0, |(i, _)| i);
            let end = text[m.end()..]
                .char_indices()
                .nth(30)
                .map_or(text.len(), |(i, _)| m.end() + i);
            found.push(format!("{what}: «{}»", &text[start..end]));
        }
    }
    found
}

/// The body a Giunta reads: cover to signatures, the annexes excluded.
fn body_pages(pages: &[String]) -> usize {
    pages
        .iter()
        .position(|p| p.contains("Allegato A: dettaglio degli indicatori") && !p.contains(". . ."))
        .expect("the annex of the indicators")
}

#[test]
fn the_shipped_relazione_is_final_short_and_reads_well() {
    let dir = run(&[], |_| {});
    let pdf = pages(&relazione(dir.path()));
    let all = flat(&pdf.join("\n"));
    // A chapter's heading and its introduction never end a page alone: the
    // first ambito follows on the same page (review 33 C17).
    let chapter = pdf
        .iter()
        .find(|p| p.contains("Risultati per ambito strategico") && !p.contains(". . ."))
        .expect("the chapter");
    assert!(chapter.contains("Legalità"), "{chapter}");
    // A project's funding, as the plan document says it (no «Finanziamento:
    // da finanziarsi»).
    assert!(
        all.contains("Senza peso. Da finanziarsi con Sanzioni CdS."),
        "{all}"
    );
    assert!(!all.contains("Finanziamento: da"), "{all}");
    assert!(!all.contains("BOZZA"), "a final document has no draft mark");
    assert!(
        all.contains("Validata con verbale n. 3/2024 del Nucleo di Valutazione del 18 aprile 2024"),
        "the validation on the cover, the Nucleo named once: {all}"
    );
    assert!(
        all.contains("Approvata con deliberazione della Giunta comunale n. 58 del 29 aprile 2024")
    );
    assert!(all.contains("Piano di riferimento «Allegato H: Piano e indicatori di Performance»"));
    // The SMVP's adoption and the evaluator's opinion, from smvp.toml, in
    // the methodology.
    assert!(
        all.contains("La valutazione applica il Sistema di misurazione e valutazione della performance dell’ente, adottato con deliberazione della Giunta comunale n. 141 del 14 dicembre 2022, previo parere vincolante del Nucleo di Valutazione espresso il 6 dicembre 2022 (protocollo 18452)."),
        "{all}"
    );
    // The plan names no heads: the organisation table has no column of
    // dashes for them.
    let org = &all[all
        .find("Codice SG I II III IV V VI Area")
        .expect("the organisation table")..];
    let org = &org[..org.find("Il piano e il ciclo").unwrap_or(org.len())];
    assert!(org.contains("Uffici e servizi"), "{org}");
    assert!(!org.contains("Responsabile di Area"), "{org}");
    assert!(
        !all.contains("in attesa della decisione"),
        "nothing pending"
    );
    let body = body_pages(&pdf);
    // 15 pages, and one more since the staff evaluation's chapter (the
    // shipped ente evaluates its staff).
    assert!(body <= 16, "the body is {body} pages");

    // The acts' table names each body once: the act already says whose it
    // is («verbale … del Nucleo di Valutazione»), so its label does not.
    let acts = &all[all.rfind("Atti e sottoscrizione").expect("the acts")..];
    let acts = &acts[..acts.find("Il Segretario generale").expect("the signatures")];
    assert!(
        acts.contains("verbale n. 3/2024 del Nucleo di Valutazione, 18 aprile 2024"),
        "{acts}"
    );
    assert!(
        acts.contains("deliberazione della Giunta comunale n. 58, 29 aprile 2024"),
        "{acts}"
    );
    assert!(!acts.contains("Validazione del Nucleo"), "{acts}");
    assert!(!acts.contains("(Giunta comunale)"), "{acts}");
    assert_eq!(acts.matches("Nucleo di Valutazione").count(), 1, "{acts}");
    // The Nucleo's three decisions, each once, none as "from X to X", in
    // the chapter the Metodologia refers to.
    assert!(all.contains(
        "le decisioni sono riepilogate nel capitolo «Decisioni del Nucleo di Valutazione»"
    ));
    assert!(all.contains("Proposte confermate"));
    assert!(all.contains("dal 100% al 50%"), "the correction of OB09.2");
    assert!(all.contains("Neutralizzati"), "OB21.4, neutralised");
    // Chapters from relazione.toml.
    for chapter in [
        "Il contesto",
        "Variazioni del piano nel corso dell’anno",
        "Le fasi del ciclo",
        // From the individual evaluations shipped in inputs/: aggregates.
        "Valutazione individuale: dati aggregati",
        "Pari opportunità e bilancio di genere",
        "Azioni correttive",
        "Atti e sottoscrizione",
    ] {
        assert!(all.contains(chapter), "{chapter}");
    }
    assert!(all.contains("€ 2.748.000"), "a context figure");
    assert!(
        all.contains("66,1%"),
        "share of women among the employees, 41 of 62"
    );

    for path in every_pdf(dir.path()) {
        let t = pages(&path).join("\n");
        let bad = forbidden(&t);
        assert!(bad.is_empty(), "{}:\n{}", path.display(), bad.join("\n"));
    }
}

#[test]
fn no_individual_quota_in_the_relazione_unless_the_comune_decides() {
    let dir = run(&[], |_| {});
    let all = flat(&pages(&relazione(dir.path())).join("\n"));
    // "Quota" alone heads the column; other tables say "Quota della…",
    // "Quota di donne".
    let quota_columns = |t: &str| {
        t.matches("Quota").count()
            - t.matches("Quota della").count()
            - t.matches("Quota di donne").count()
    };
    assert_eq!(quota_columns(&all), 0, "no quota column");
    assert!(!all.contains("della retribuzione di risultato 79,7%"));
    assert!(all.contains("Non sono indicati nomi né importi"));
    // The shipped SMVP pays through the individual evaluation: the unit's
    // scheda is internal and gives no unit pay quota that could contradict it.
    let scheda_of = |dir: &Path| {
        flat(&pages(&dir.join("outputs/2023/schede/Area III Finanziaria.pdf")).join("\n"))
    };
    let scheda = scheda_of(dir.path());
    assert!(scheda.contains("Documento interno, riservato"), "{scheda}");
    assert!(!scheda.contains("retribuzione di risultato"), "{scheda}");

    // A comune paying by the unit's grade ([[fascia]] switched on): the
    // scheda gives the quota, the Relazione only if the comune decides so.
    let dir = run(&[], |inputs| {
        unit_bands_on(inputs);
        let p = inputs.join("relazione.toml");
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(
            &p,
            t.replace("quote_individuali = false", "quote_individuali = true"),
        )
        .unwrap();
    });
    let scheda = scheda_of(dir.path());
    assert!(
        scheda.contains("pari al 79,7% della retribuzione di risultato"),
        "{scheda}"
    );
    let all = flat(&pages(&relazione(dir.path())).join("\n"));
    assert_eq!(quota_columns(&all), 1, "the quota column is back");
}

#[test]
fn a_draft_says_so_on_every_page_and_claims_no_validation() {
    let dir = scratch_inputs();
    // The draft that goes to the Nucleo: before any validation.
    let settings = dir.path().join("inputs/relazione.toml");
    let t = std::fs::read_to_string(&settings).unwrap();
    let start = t.find("\n[validazione]\n").unwrap() + 1;
    let end = start + t[start..].find("\n\n").unwrap() + 1;
    std::fs::write(&settings, format!("{}{}", &t[..start], &t[end..])).unwrap();
    let out = consuntivo(&["relazione", "--bozza"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("La Relazione 2023 è una BOZZA, con la scritta BOZZA su ogni pagina: è da inviare al Nucleo di Valutazione per la validazione, non da pubblicare."),
        "{said}"
    );
    let pdf = pages(&relazione(dir.path()));
    for (i, page) in pdf.iter().enumerate() {
        assert!(page.contains("BOZZA"), "page {} has no draft mark", i + 1);
    }
    let all = flat(&pdf.join("\n"));
    assert!(all.contains("da sottoporre al Nucleo di Valutazione per la validazione"));
    for claim in [
        "validati dal",
        "Validata dal",
        "Validata con",
        "verbale n. 3/2024",
    ] {
        assert!(!all.contains(claim), "a draft claims «{claim}»");
    }
    for path in every_pdf(dir.path()) {
        let t = pages(&path).join("\n");
        let bad = forbidden(&t);
        assert!(bad.is_empty(), "{}:\n{}", path.display(), bad.join("\n"));
    }
}

/// The Nucleo file without the confirmation of OB02.2.
fn without_confirmation(inputs: &Path) {
    let p = inputs.join("valutazioni-nucleo-2023.toml");
    let t = std::fs::read_to_string(&p).unwrap();
    let start = t.find("[[conferma]]\nindicatore = \"OB02.2\"").unwrap();
    let end = start + t[start..].find("\n\n").unwrap();
    std::fs::write(&p, format!("{}{}", &t[..start], &t[end..])).unwrap();
}

#[test]
fn the_final_version_is_refused_while_decisions_are_pending() {
    let dir = scratch_inputs();
    without_confirmation(&dir.path().join("inputs"));
    let out = consuntivo(&[], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("la versione definitiva non si può produrre: 6 proposte sono in attesa della decisione del Nucleo di Valutazione"),
        "{err}"
    );
    for area in ["I", "II", "III", "IV", "V", "VI"] {
        assert!(err.contains(&format!("OB02.2 (Area {area})")), "{err}");
    }
    assert_pending_listed_on_lines(&err);
    assert!(!relazione(dir.path()).exists(), "nothing written");

    // The draft for the Nucleo is still possible, and lists the proposals.
    let out = consuntivo(&["relazione", "--bozza"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("6 proposte delle Aree attendono la decisione del Nucleo di Valutazione"),
        "{err}"
    );
    assert_pending_listed_on_lines(&err);
    let all = flat(&pages(&relazione(dir.path())).join("\n"));
    assert!(all.contains("Proposte in attesa della decisione del Nucleo di Valutazione"));
    assert!(all.contains("6 proposte attendono la decisione del Nucleo di Valutazione"));
}

/// The list of pending proposals prints one proposal per line, and the
/// `[[conferma]]` example is a block that parses as TOML once copied.
fn assert_pending_listed_on_lines(err: &str) {
    assert!(!err.contains("\\u{"), "escaped line breaks in:\n{err}");
    for area in ["I", "II", "III", "IV", "V", "VI"] {
        let line = format!("    OB02.2 (Area {area}): ");
        assert!(
            err.lines().any(|l| l.starts_with(&line)),
            "{line} in:\n{err}"
        );
    }
    let lines: Vec<&str> = err.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == "[[conferma]]")
        .unwrap_or_else(|| panic!("no example in:\n{err}"));
    let block: String = lines[start..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| format!("{}\n", l.trim_start()))
        .collect();
    let parsed: toml::Table = block.parse().unwrap_or_else(|e| panic!("{e}: {block}"));
    let confirm = &parsed["conferma"].as_array().unwrap()[0];
    assert_eq!(confirm["indicatore"].as_str(), Some("OB02.2"), "{block}");
    assert_eq!(confirm["area"].as_str(), Some("I"), "{block}");
}

#[test]
fn verifica_and_valuta_list_the_pending_proposals_on_lines() {
    let dir = scratch_inputs();
    without_confirmation(&dir.path().join("inputs"));
    for cmd in ["verifica", "valuta"] {
        let out = consuntivo(&[cmd], dir.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_pending_listed_on_lines(&text(&out.stderr));
    }
}

#[test]
fn a_correction_equal_to_the_computed_grade_is_refused() {
    let dir = scratch_inputs();
    let p = dir.path().join("inputs/valutazioni-nucleo-2023.toml");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        t.replace(
            "[[conferma]]\nindicatore = \"OB20.1\"",
            "[[correzione]]\nindicatore = \"OB20.1\"\ngrado = 100",
        ),
    )
    .unwrap();
    let out = consuntivo(&[], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("la correzione dell'indicatore OB20.1 per l'Area VI porta il grado a 100%, uguale al grado calcolato"),
        "{err}"
    );
    assert!(err.contains("scrivere invece [[conferma]]"), "{err}");
}

#[test]
fn the_summary_counts_match_the_xlsx() {
    use calamine::{Data, Reader};
    let dir = run(&[], |_| {});
    let all = flat(&pages(&relazione(dir.path())).join("\n"));
    let mut wb = calamine::open_workbook_auto(
        dir.path()
            .join("outputs/2023/Riepilogo performance 2023.xlsx"),
    )
    .unwrap();
    let sheet = wb.worksheet_range("Obiettivi").unwrap();
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (peso, esito) = (col("Peso"), col("Esito"));
    let weighted: Vec<&[Data]> = rows
        .filter(|r| matches!(r.get(peso), Some(Data::Float(_) | Data::Int(_))))
        .collect();
    let achieved = weighted
        .iter()
        .filter(|r| matches!(r.get(esito), Some(Data::String(s)) if s == "Raggiunto"))
        .count();
    let box_text = format!("{achieved} su {}", weighted.len());
    assert!(all.contains(&box_text), "the summary box «{box_text}»");
    assert!(
        all.contains(&format!(
            "({} valutazioni), {achieved} risultano raggiunti",
            weighted.len()
        )),
        "the summary sentence counts the same pairs"
    );
}
