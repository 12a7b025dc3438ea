//! The staff evaluation's documents, end to end on the 2023 example
//! (`inputs/personale-2023.toml`): one confidential scheda per person and
//! the payment list in `riservato/personale/`, read back and checked
//! against each other and the fund; the head's differentiation on their
//! scheda; the Relazione's aggregates; no name in any public file nor on
//! the terminal.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use common::*;

const STAFF_FILE: &str = "inputs/personale-2023.toml";

/// The staff's names as the file writes them, without «(esempio)».
fn names(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join(STAFF_FILE)).unwrap();
    let value: toml::Table = text.parse().unwrap();
    value["persona"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["nome"]
                .as_str()
                .unwrap()
                .replace("(esempio)", "")
                .trim()
                .to_string()
        })
        .collect()
}

/// The «Premi» sheet's rows: header → cell, for each row with a name.
fn premi_rows(path: &Path) -> (Vec<HashMap<String, Data>>, Vec<Vec<Data>>) {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let sheet = wb.worksheet_range("Premi").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let header = rows
        .iter()
        .position(|r| matches!(r.get(1), Some(Data::String(s)) if s == "Nome"))
        .expect("a header row");
    let heads: Vec<String> = rows[header].iter().map(|c| c.to_string()).collect();
    let people = rows[header + 1..]
        .iter()
        .filter(|r| matches!(r.first(), Some(Data::Float(_) | Data::Int(_))))
        .map(|r| heads.iter().cloned().zip(r.iter().cloned()).collect())
        .collect();
    (people, rows)
}

fn cents(c: Option<&Data>) -> i64 {
    (cell_number(c.expect("a cell")).expect("a number") * 100.0).round() as i64
}

/// "€ 1.742,26" for 174226 cents, as the documents print amounts.
fn euro(cents: i64) -> String {
    consuntivo::italian::euro(cents as f64 / 100.0)
}

/// Every text a public file of the year carries: PDFs read with
/// pdftotext, workbooks cell by cell, the rest as text.
fn public_texts(year: &Path) -> Vec<(PathBuf, String)> {
    let private = year.join("riservato");
    all_under(year)
        .into_iter()
        .filter(|p| p.is_file() && !p.starts_with(&private))
        .map(|p| {
            let t = match p.extension().and_then(|e| e.to_str()) {
                Some("pdf") => pdftotext(&p),
                Some("xlsx") => {
                    let mut wb = calamine::open_workbook_auto(&p).unwrap();
                    let mut all = String::new();
                    for name in wb.sheet_names() {
                        if let Ok(range) = wb.worksheet_range(&name) {
                            for row in range.rows() {
                                for c in row {
                                    all.push_str(&c.to_string());
                                    all.push('\n');
                                }
                            }
                        }
                    }
                    all
                }
                _ => String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
            };
            (p, t)
        })
        .collect()
}

#[test]
fn every_employee_gets_a_scheda_and_payroll_an_exact_list_and_the_public_only_aggregates() {
    let dir = scratch_inputs();
    let root = dir.path();
    let out = consuntivo(&[], root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let names = names(root);
    assert!(
        names.len() >= 50,
        "about 56 invented people: {}",
        names.len()
    );

    let year = root.join("outputs/2023");
    let folder = year.join("riservato/personale");
    let schede: Vec<PathBuf> = all_under(&folder)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(schede.len(), names.len(), "one scheda per person");
    // The terminal counts them: a terminal is seen by others.
    assert!(
        stdout.contains(&format!(
            "{} schede del personale in outputs/2023/riservato/personale/",
            names.len()
        )),
        "{stdout}"
    );
    for n in &names {
        assert!(
            !stdout.contains(n.as_str()),
            "{n} on the terminal:\n{stdout}"
        );
        assert!(
            !text(&out.stderr).contains(n.as_str()),
            "{n} on the terminal"
        );
    }

    // The payment list: every premium is its share plus its bonus, and
    // the premiums are the fund to the cent.
    let list = folder.join("Premi del personale 2023.xlsx");
    let (rows, all) = premi_rows(&list);
    assert_eq!(rows.len(), names.len());
    let fund: toml::Table = std::fs::read_to_string(root.join(STAFF_FILE))
        .unwrap()
        .parse()
        .unwrap();
    let fund_cents = (fund["fondo"]["importo"]
        .as_float()
        .unwrap_or_else(|| fund["fondo"]["importo"].as_integer().unwrap() as f64)
        * 100.0)
        .round() as i64;
    let mut paid = 0;
    let mut saved = 0;
    let mut bonuses = 0;
    for r in &rows {
        let total = cents(r.get("Premio"));
        assert_eq!(
            total,
            cents(r.get("Quota del fondo")) + cents(r.get("Maggiorazione art. 81")),
            "{r:?}"
        );
        paid += total;
        saved += cents(r.get("Risparmio (sotto il minimo)"));
        if cents(r.get("Maggiorazione art. 81")) > 0 {
            bonuses += 1;
        }
    }
    assert_eq!(paid + saved, fund_cents, "the fund, exactly");
    assert!(bonuses > 0, "art. 81's bonus went to someone");
    assert!(
        all[2][0].to_string().starts_with("DEFINITIVO"),
        "the reviews are closed at the documents' date: {:?}",
        all[2]
    );
    let book = formulas::read_book(&list);
    let (checked, wrong) = formulas::mismatches(&book);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked > names.len(), "{checked} formulas");

    // Each scheda prints its row's premium; the reviewed one its review.
    for r in &rows {
        let name = r["Nome"].to_string();
        let scheda = schede
            .iter()
            .find(|p| p.to_string_lossy().contains(&name))
            .unwrap_or_else(|| panic!("{name}'s scheda"));
        let t = pdftotext(scheda);
        let premium = euro(cents(r.get("Premio")));
        assert!(t.contains(&premium), "{premium} in {name}'s scheda:\n{t}");
        for needed in [
            "Scheda di valutazione del personale",
            "RISERVATO",
            "Dizionario dei comportamenti",
            "Per presa visione",
        ] {
            assert!(t.contains(needed), "{needed} in {name}'s scheda");
        }
        assert!(!t.contains("BOZZA"), "{name}'s evaluation is complete");
    }
    let signori = pdftotext(
        schede
            .iter()
            .find(|p| p.to_string_lossy().contains("Paolo Signori"))
            .unwrap(),
    );
    for needed in ["dopo il riesame: 4", "Riesame della valutazione", "accolta"] {
        assert!(signori.contains(needed), "{needed}:\n{signori}");
    }
    // By when a review could be asked: the colloquio (11 March) + the
    // staff's 15 days, already past at the schede's date (30 April): said
    // as past, never as still open (review 39).
    let mazzoleni = flat(&pdftotext(
        schede
            .iter()
            .find(|p| p.to_string_lossy().contains("Paolo Mazzoleni"))
            .unwrap(),
    ));
    assert!(
        mazzoleni.contains(
            "Il riesame si poteva chiedere entro 15 giorni dal colloquio finale, cioè entro il 26 marzo 2024: il termine è scaduto senza richieste."
        ),
        "{mazzoleni}"
    );
    let riesami = &book["Riesami"];
    assert!(
        riesami
            .values()
            .any(|c| c.value.as_deref() == Some("respinta")),
        "the reviews' history"
    );

    // The head who evaluated Area I's staff sees how they differentiated.
    let heads = all_under(&year.join("riservato"));
    let carrara = heads
        .iter()
        .find(|p| {
            p.to_string_lossy().contains("Carrara") && p.extension().is_some_and(|e| e == "pdf")
        })
        .unwrap();
    let t = flat(&pdftotext(carrara));
    assert!(
        t.contains("Giudizi dati al personale (i punti dei comportamenti assegnati, su 100): 11 persone valutate"),
        "{t}"
    );

    // The public Relazione: aggregates only.
    let relazione = flat(&pdftotext(
        &year.join("Relazione sulla performance 2023.pdf"),
    ));
    assert!(
        relazione.contains("Valutazione del personale: dati aggregati"),
        "{relazione}"
    );
    assert!(
        relazione.contains(&format!("è andata a {bonuses} persone su {}", names.len())),
        "{relazione}"
    );
    assert!(
        relazione.contains("Differenziazione dei giudizi:"),
        "{relazione}"
    );

    // The premi open data (art. 20): the staff's row, the fund and what
    // was paid, as the payment list says.
    let amounts = std::fs::read_to_string(year.join("dati-aperti/premi-ammontare.csv")).unwrap();
    let row = amounts
        .lines()
        .find(|l| l.contains("\"personale\""))
        .unwrap_or_else(|| panic!("the staff's row:\n{amounts}"));
    let money = |c: i64| format!("{},{:02}", c / 100, c % 100);
    assert!(
        row.ends_with(&format!(
            ";{};0;{};{};{}",
            names.len(),
            names.len(),
            money(fund_cents),
            money(paid)
        )),
        "{row}"
    );

    // No name, and no premium of a person, in any public file.
    for (path, t) in public_texts(&year) {
        for n in &names {
            assert!(!t.contains(n.as_str()), "{n} in {}", path.display());
        }
    }
}

/// The SMVP document describes the staff model from `[personale]`: the
/// dictionary, the bands with their coefficients, the fund's rule, art.
/// 81's bonus and the review period, with an example computed by the
/// functions that split the year's fund.
#[test]
fn the_smvp_document_sets_out_the_staff_model_with_a_computed_example() {
    let dir = scratch_inputs();
    let out = consuntivo(&["smvp", "documento"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = flat(&pdftotext(&dir.path().join("outputs/smvp.pdf")));
    for needed in [
        "La valutazione del personale",
        "Funzionari ed Elevata Qualificazione",
        // A level of the dictionary.
        "1 – Il lavoro richiede spesso correzioni",
        "Fascia 2 (da 60 a 79,99 punti) da 60 a meno di 80 80%",
        "Sotto 60 punti non spetta alcun premio",
        "con 20 persone e un premio medio di € 1.500,00 la maggiorazione è di € 450,00 a persona, per al massimo 2 persone",
        "Entro 15 giorni dal colloquio finale",
        // 83 points each; 83 × 100% × 365/365 against 83 × 50% × 300/365.
        "punteggio su 100 pari a 83",
        "la prima riceverebbe € 7.087,38 e la seconda € 2.912,62",
    ] {
        assert!(t.contains(needed), "«{needed}» in:\n{t}");
    }
}
