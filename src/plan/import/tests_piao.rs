//! Import of the PIAO shapes from tables as comuni write them and from
//! the plan workbook's typed columns: strategic objectives, baselines,
//! targets per year and relative targets, plans without weights. The
//! round trips of the fixtures are in `tests.rs`.

use rust_xlsxwriter::Workbook;

use super::tests::{import_bytes, messages, opts_2024};
use crate::plan::{Baseline, Change, Target, YearTargets};

/// A plan of 2025 of "Comune di Prova": the year is not in these tables.
fn opts_2025() -> super::ImportOptions {
    super::ImportOptions {
        year: Some(2025),
        ..opts_2024()
    }
}

/// A workbook of text cells: one (name, rows) per sheet, rows one a line
/// with cells separated by ";".
fn book(sheets: &[(&str, &str)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.lines().enumerate() {
            for (c, text) in row.split(';').enumerate() {
                if !text.is_empty() {
                    ws.write_string(r as u32, c as u16, text).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_comunes_table_with_strategic_objectives_baselines_and_no_weights_imports() {
    let csv = "Piano della performance 2025 - Comune di Prova;;;;;;;;\n\
        Obiettivo strategico;Ambito;Obiettivo;Indicatore;Baseline;Anno baseline;Fonte baseline;Livello atteso;Responsabile/i\n\
        Un comune digitale;Digitale;Istanze online;Pratiche online;2.000;2024;Portale;entro il 30/06/2025;Area I\n\
        Un comune digitale;Digitale;Pagamenti;Versamenti pagoPA;5000;;;almeno 100 versamenti;Area II\n\
        Un territorio sostenibile;Ambiente;Verde;Piano del verde;;;;entro il 30/09/2025;Area III\n";
    let (_dir, got) = import_bytes("triennale.csv", csv.as_bytes(), &opts_2024());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert!(got.warnings.is_empty(), "{}", messages(&got.warnings));
    let plan = &got.plan;
    let strategic: Vec<(&str, &str)> = plan
        .strategic
        .iter()
        .map(|s| (s.id.as_str(), s.title.as_str()))
        .collect();
    assert_eq!(
        strategic,
        [
            ("S1", "Un comune digitale"),
            ("S2", "Un territorio sostenibile")
        ]
    );
    let refs: Vec<Option<&str>> = plan
        .objectives
        .iter()
        .map(|o| o.strategic.as_ref().map(|s| s.as_str()))
        .collect();
    assert_eq!(refs, [Some("S1"), Some("S1"), Some("S2")]);
    // "2.000" typed as text is two thousand, the Italian way.
    assert_eq!(
        plan.objectives[0].indicators[0].baseline,
        Some(Baseline {
            value: 2000.0,
            year: Some(2024),
            source: Some("Portale".into())
        })
    );
    assert_eq!(
        plan.objectives[1].indicators[0]
            .baseline
            .as_ref()
            .map(|b| b.value),
        Some(5000.0)
    );
    assert_eq!(plan.objectives[2].indicators[0].baseline, None);
    // No weight anywhere: a plan without weights, which the SMVP weighs.
    assert!(plan.objectives.iter().all(|o| !o.has_weights()));
    assert!(
        got.toml
            .contains("[[strategico]]\n# cella triennale › A3\nid = \"S1\""),
        "{}",
        got.toml
    );
}

#[test]
fn a_table_that_weighs_some_objectives_names_those_without_weight() {
    let csv = "Ambito;Obiettivo;Indicatore;Livello atteso;Responsabile/i;Peso\n\
        Legalità;Trasparenza;Pubblicazioni;2024: entro il 30/06/2024;Area I;5\n\
        Legalità;Formazione;Corsi;2024: almeno 2 corsi;Area II;\n";
    let (_dir, got) = import_bytes("pesi.csv", csv.as_bytes(), &opts_2024());
    let text = messages(&got.expect_err("a missing weight is an error"));
    assert!(
        text.contains("pesi › F3") && text.contains("l'obiettivo «Formazione» non ha peso"),
        "{text}"
    );
}

/// The typed columns of the plan workbook, in a table of their own.
const TYPED: &str = "Ambito;Codice obiettivo;Obiettivo;Codice indicatore;Indicatore;Livello atteso;Responsabile/i;Valore di partenza;Anno;Tipo traguardo;Valore;Descrizione traguardo\n";

#[test]
fn typed_relative_targets_per_year_import() {
    let rows = format!(
        "{TYPED}\
        Digitale;OB1;Istanze;OB1.1;Pratiche;+10%, +20%, 2027 n.a.;Area I;2000;;aumento %;10;pratiche\n\
        ;;;;;;;;2026;aumento %;20;pratiche\n\
        ;;;;;;;;2027;non applicabile;;\n\
        Ambiente;OB2;Rifiuti;OB2.1;Tonnellate;-30 t;Area II;300;2025;riduzione assoluta;30;tonnellate\n\
        ;;;OB2.2;Centro del riuso;2025 n.a., apertura nel 2026;;;;non applicabile;;\n\
        ;;;;;;;;2026;sì/no;;centro aperto\n"
    );
    let bytes = book(&[("Obiettivi", &rows)]);
    let (_dir, got) = import_bytes("anni.xlsx", &bytes, &opts_2025());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert!(got.warnings.is_empty(), "{}", messages(&got.warnings));
    let ob1 = &got.plan.objectives[0].indicators[0];
    let pct = |p| Target::Change {
        from: 2000.0,
        goal: 2000.0 + 2000.0 * p / 100.0,
        change: Change::IncreasePercent(p),
        unit: "pratiche".into(),
        previous: None,
    };
    assert_eq!(ob1.targets, [pct(10.0)]);
    assert_eq!(
        ob1.other_years,
        [
            YearTargets {
                year: 2026,
                targets: vec![pct(20.0)]
            },
            YearTargets {
                year: 2027,
                targets: vec![]
            },
        ]
    );
    // "2025" written as the year is the plan year.
    let ob2 = &got.plan.objectives[1];
    assert_eq!(
        ob2.indicators[0].targets,
        [Target::Change {
            from: 300.0,
            goal: 270.0,
            change: Change::DecreaseBy(30.0),
            unit: "tonnellate".into(),
            previous: None,
        }]
    );
    // At rest in the plan year: kept for 2026, not reported.
    assert_eq!(ob2.indicators.len(), 1);
    assert_eq!(ob2.dormant.len(), 1);
    assert_eq!(ob2.dormant[0].other_years[0].year, 2026);
}

#[test]
fn typed_relative_targets_need_a_baseline_a_clear_kind_and_a_year() {
    let rows = format!(
        "{TYPED}\
        Digitale;OB1;Istanze;OB1.1;Pratiche;+10%;Area I;;;aumento %;10;pratiche\n\
        Digitale;OB2;Pagamenti;OB2.1;Versamenti;+1.000;Area I;5000;;aumento;1000;\n\
        Digitale;OB3;Rifiuti;OB3.1;Tonnellate;-10%;Area I;300;duemila;riduzione %;10;\n\
        Digitale;OB4;Verde;OB4.1;Alberi;-200%;Area I;300;;riduzione %;200;\n\
        Digitale;OB5;Sportelli;OB5.1;Accessi;+10%;Area I;0;;aumento %;10;accessi\n"
    );
    let bytes = book(&[("Obiettivi", &rows)]);
    let (_dir, got) = import_bytes("errori.xlsx", &bytes, &opts_2025());
    let text = messages(&got.expect_err("errors"));
    for (cell, words) in [
        (
            "J2",
            "si misura dal valore di partenza, che l'indicatore non indica",
        ),
        ("J3", "«aumento»: in percentuale o in valore assoluto?"),
        ("I4", "«duemila» non è un anno"),
        (
            "J5",
            "la riduzione porta sotto zero il valore di partenza (300)",
        ),
        // A percentage of a zero baseline asks nothing: refused at its cell.
        ("J6", "«aumento» del 10% da un valore di partenza pari a 0"),
    ] {
        assert!(
            text.contains(&format!("Obiettivi › {cell}")) && text.contains(words),
            "{cell}: {text}"
        );
    }
}

/// «+1.500 ulteriori» in 2026: counted from the 2025 target, not from
/// the baseline, and written back as `rispetto = "anno_precedente"`.
#[test]
fn a_further_change_counts_from_the_previous_year_s_target() {
    let rows = format!(
        "{TYPED}\
        Digitale;OB1;Pagamenti;OB1.1;Versamenti;+1.000, +1.500 ulteriori;Area I;5000;;aumento assoluto;1000;versamenti\n\
        ;;;;;;;;2026;ulteriore aumento assoluto;1500;versamenti\n"
    );
    let bytes = book(&[("Obiettivi", &rows)]);
    let (_dir, got) = import_bytes("ulteriori.xlsx", &bytes, &opts_2025());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let ind = &got.plan.objectives[0].indicators[0];
    assert_eq!(
        ind.other_years[0].targets,
        [Target::Change {
            from: 6000.0,
            goal: 7500.0,
            change: Change::IncreaseBy(1500.0),
            unit: "versamenti".into(),
            previous: Some(2025),
        }]
    );
    assert!(
        got.toml.contains("rispetto = \"anno_precedente\""),
        "{}",
        got.toml
    );
}

#[test]
fn a_year_without_a_typed_target_is_reported_not_dropped() {
    let rows =
        format!("{TYPED}Digitale;OB1;Istanze;OB1.1;Pratiche;almeno 10 pratiche;Area I;;2026;;;\n");
    let bytes = book(&[("Obiettivi", &rows)]);
    let (_dir, got) = import_bytes("anno.xlsx", &bytes, &opts_2025());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let text = messages(&got.warnings);
    assert!(
        text.contains("Obiettivi › I2") && text.contains("l'anno «2026» non è stato letto"),
        "{text}"
    );
}

#[test]
fn strategic_objectives_come_from_their_sheet_and_are_checked() {
    let table = "Ambito;Obiettivo strategico;Obiettivo;Indicatore;Livello atteso;Responsabile/i\n\
        Digitale;S1;Istanze online;Pratiche;entro il 30/06/2025;Area I\n\
        Digitale;S9;Pagamenti;Versamenti;entro il 30/09/2025;Area I\n";
    let strategic = "Codice obiettivo;Obiettivo;Responsabile/i\nS1;Un comune digitale;Area I\n";
    let bytes = book(&[("Obiettivi", table), ("Obiettivi strategici", strategic)]);
    let (_dir, got) = import_bytes("strategici.xlsx", &bytes, &opts_2025());
    let text = messages(&got.expect_err("an unknown strategic objective is an error"));
    assert!(
        text.contains("Obiettivi › B3")
            && text.contains(
                "obiettivo strategico «S9» non presente nel foglio «Obiettivi strategici» (sono: S1)"
            ),
        "{text}"
    );
    // Units on the strategic sheet are said to be ignored.
    assert!(
        text.contains("Obiettivi strategici › C1")
            && text.contains("la colonna «Responsabile/i» non vale per gli obiettivi strategici"),
        "{text}"
    );
}

#[test]
fn target_columns_per_year_give_each_year_its_targets() {
    let csv = "PIAO 2025-2027 - Comune di Prova;;;;;;\n\
        Ambito;Obiettivo;Indicatore;Responsabile/i;Target 2025;Target 2026;Target 2027\n\
        Digitale;Istanze online;Pratiche online;Area I;almeno 100 pratiche;almeno 150 pratiche;n.a.\n\
        Ambiente;Verde;Alberi piantati;Area II;almeno 50 alberi;;\n\
        ;;Centro del riuso;;n.a.;entro il 30/06/2026;\n\
        Ambiente;Rifiuti;Raccolta differenziata;Area II;almeno il 70%;assenza di reclami;\n";
    let (_dir, got) = import_bytes("anni.csv", csv.as_bytes(), &opts_2024());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert!(got.warnings.is_empty(), "{}", messages(&got.warnings));
    let plan = &got.plan;
    assert_eq!(plan.year, 2025);
    let ind = &plan.objectives[0].indicators[0];
    assert_eq!(
        ind.expected,
        "2025: almeno 100 pratiche\n2026: almeno 150 pratiche\n2027: n.a."
    );
    let min = |value| Target::Minimum {
        value,
        unit: "pratiche".into(),
    };
    assert_eq!(ind.targets, [min(100.0)]);
    assert_eq!(
        ind.other_years,
        [
            YearTargets {
                year: 2026,
                targets: vec![min(150.0)]
            },
            YearTargets {
                year: 2027,
                targets: vec![]
            },
        ]
    );
    // "n.a." in the plan year: at rest this year, its 2026 deadline kept.
    assert_eq!(plan.objectives[1].dormant.len(), 1);
    let later = &plan.objectives[1].dormant[0].other_years[0];
    assert_eq!(later.year, 2026);
    assert!(matches!(later.targets[..], [Target::Deadline { .. }]));
    // What is not certain for another year is marked, with the cell.
    assert!(
        got.counts
            .to_check
            .iter()
            .any(|(id, _, why)| id == "OB03.1" && why.contains("nessun valore misurabile")),
        "{:?}",
        got.counts.to_check
    );
    assert!(
        got.toml.contains("# dal testo F6: «assenza di reclami»"),
        "{}",
        got.toml
    );
}

#[test]
fn a_target_column_for_the_plan_year_beside_the_livello_atteso_is_kept_as_notes() {
    let csv = "Ambito;Obiettivo;Indicatore;Livello atteso;Responsabile/i;Target 2025;Target 2026\n\
        Digitale;Istanze online;Pratiche online;almeno 100 pratiche;Area I;100;almeno 150 pratiche\n";
    let (_dir, got) = import_bytes("doppio.csv", csv.as_bytes(), &opts_2025());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    let text = messages(&got.warnings);
    assert!(
        text.contains("doppio › F1") && text.contains("la colonna «Target 2025» è letta come note"),
        "{text}"
    );
    assert_eq!(
        got.plan.objectives[0].indicators[0].other_years[0].year,
        2026
    );
}

#[test]
fn a_baseline_heading_with_its_year_dates_every_value() {
    let csv = "Ambito;Obiettivo;Indicatore;Livello atteso;Responsabile/i;Valore di partenza (2024)\n\
        Digitale;Istanze online;Pratiche online;almeno 2.200 pratiche;Area I;2000\n";
    let (_dir, got) = import_bytes("base.csv", csv.as_bytes(), &opts_2025());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert!(got.warnings.is_empty(), "{}", messages(&got.warnings));
    assert_eq!(
        got.plan.objectives[0].indicators[0].baseline,
        Some(Baseline {
            value: 2000.0,
            year: Some(2024),
            source: None
        })
    );
}

/// The act the plan is part of, read from «Dati generali» (any case) and
/// written back as `documento`; another word is refused at its cell.
#[test]
fn the_general_sheet_names_the_plan_s_act() {
    let table = "Ambito;Obiettivo;Indicatore;Livello atteso;Responsabile/i\n\
        Digitale;Istanze online;Pratiche online;entro il 30/06/2025;Area I\n";
    let general = |doc: &str| {
        format!("Ente;Comune di Prova\nAnno;2025\nTitolo;Obiettivi 2025\nDocumento;{doc}\n")
    };
    let g = general("peg");
    let bytes = book(&[("Dati generali", &g), ("Obiettivi", table)]);
    let (_dir, got) = import_bytes("peg.xlsx", &bytes, &opts_2025());
    let got = got.unwrap_or_else(|d| panic!("{}", messages(&d)));
    assert_eq!(got.plan.document, Some(crate::plan::PlanInstrument::Peg));
    assert!(got.toml.contains("\ndocumento = \"PEG\"\n"), "{}", got.toml);

    let g = general("Piano della performance");
    let bytes = book(&[("Dati generali", &g), ("Obiettivi", table)]);
    let (_dir, got) = import_bytes("errore.xlsx", &bytes, &opts_2025());
    let text = messages(&got.expect_err("errors"));
    assert!(
        text.contains("Dati generali › B4")
            && text.contains(
                "«Piano della performance» non è un documento di programmazione riconosciuto"
            )
            && text.contains("scrivere \"PIAO\", \"PEG\" oppure \"delibera\""),
        "{text}"
    );
    // A resolution without its number and date: at the cell, never at the
    // TOML the import would have written.
    let g = general("delibera");
    let bytes = book(&[("Dati generali", &g), ("Obiettivi", table)]);
    let (_dir, got) = import_bytes("delibera.xlsx", &bytes, &opts_2025());
    let text = messages(&got.expect_err("errors"));
    assert!(
        text.contains("Dati generali › B4")
            && text.contains(
                "con «delibera» il piano è la deliberazione stessa, ma manca «Approvato con»"
            )
            && !text.contains(".toml"),
        "{text}"
    );
}
