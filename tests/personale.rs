//! The staff evaluation (issue 26): the example staff file loads and
//! splits the fund to the cent; every bad input is an Italian error at its
//! line and column (a missing motivation a warning, without the name); a
//! run with a bad staff file writes nothing.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::{consuntivo, scratch_inputs, text};
use consuntivo::decimal::cents;
use consuntivo::diag::Severity;
use consuntivo::plan::{AreaId, Plan};
use consuntivo::staff::{self, Finality, ReviewOutcome, StaffModel};

const EXAMPLE: &str = include_str!("../inputs/personale-2023.toml");
const RULES: &str = include_str!("../inputs/smvp.toml");

fn plan() -> Plan {
    consuntivo::testkit::shipped::plan_2023()
}

fn model() -> StaffModel {
    staff::parse_model(RULES, Path::new("smvp.toml"))
        .unwrap()
        .unwrap()
}

/// `file:line:column` of byte `at` + `offset` characters in `text`.
fn place(file: &str, text: &str, at: usize, offset: usize) -> String {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    format!(
        "{file}:{line}:{}:",
        before[start..].chars().count() + 1 + offset
    )
}

/// The diagnostics of the staff file `text`, as printed, with whether it
/// loaded.
fn diagnostics(text: &str) -> (bool, Vec<String>) {
    match staff::parse_staff(text, Path::new("personale-2023.toml"), &plan(), &model()) {
        Ok((_, warnings)) => (true, warnings.0.iter().map(|d| d.to_string()).collect()),
        Err(e) => (false, e.0.iter().map(|d| d.to_string()).collect()),
    }
}

#[test]
fn the_example_loads_and_splits_the_fund_to_the_cent() {
    let (file, warnings) =
        staff::parse_staff(EXAMPLE, Path::new("personale-2023.toml"), &plan(), &model()).unwrap();
    assert!(warnings.0.is_empty(), "{warnings:?}");
    assert_eq!(file.persons.len(), 56);
    assert!(file.persons.iter().all(|p| p.name.ends_with("(esempio)")));
    let two = file
        .persons
        .iter()
        .filter(|p| p.judgements.len() == 2)
        .count();
    assert!(two >= 3, "{two}");
    let outcomes: Vec<ReviewOutcome> = file
        .persons
        .iter()
        .filter_map(|p| p.review.as_ref().map(|r| r.outcome))
        .collect();
    assert_eq!(outcomes, [ReviewOutcome::Upheld, ReviewOutcome::Rejected]);
    let grades: Vec<(AreaId, Option<f64>)> = plan()
        .areas
        .iter()
        .map(|a| (a.id.clone(), Some(0.9)))
        .collect();
    let run = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    let r = staff::evaluate(&model(), &file, &plan(), &grades, run);
    assert_eq!(r.split.finality, Finality::Final);
    let paid: i64 = r
        .evaluations
        .iter()
        .map(|e| cents(e.premium.as_ref().unwrap().total))
        .sum();
    assert_eq!(paid + cents(r.split.saved), cents(95_000.0));
    // 10% of 56: five places, shared or whole.
    assert_eq!(r.split.places, 5);
    let with_bonus = r
        .evaluations
        .iter()
        .filter(|e| e.premium.as_ref().unwrap().bonus > 0.0)
        .count();
    assert!(with_bonus >= 5, "{with_bonus}");
    // The upheld review raised the score it changed.
    let upheld = r
        .evaluations
        .iter()
        .find(|e| {
            e.person
                .review
                .as_ref()
                .is_some_and(|x| x.outcome == ReviewOutcome::Upheld)
        })
        .unwrap();
    assert!(upheld.score.unwrap() > upheld.first_score.unwrap());
    // Every declared evaluator has figures, found by unit too.
    assert_eq!(r.differentiation.len(), 7);
    let unit = AreaId::from("III");
    let d = r.differentiation_of_unit(&unit).unwrap();
    assert_eq!(Some(d), r.differentiation_of(&d.who));
    assert!(d.persons >= 3 && d.distinct >= 1);
    // The period for a review: the latest colloquio plus 15 days.
    let early = NaiveDate::from_ymd_opt(2024, 3, 21).unwrap();
    let r = staff::evaluate(&model(), &file, &plan(), &grades, early);
    assert!(
        matches!(&r.split.finality, Finality::NotFinal(w) if w.contains("il periodo per chiedere il riesame termina il")),
        "{:?}",
        r.split.finality
    );
    // Without the units' grades there is no split yet.
    let r = staff::evaluate(&model(), &file, &plan(), &[], run);
    assert!(r.evaluations.iter().all(|e| e.premium.is_none()));
    assert!(!r.split.finality.is_final());
}

#[test]
fn every_bad_input_is_an_error_at_its_line_and_column() {
    let person_ii = "\n[[persona]]\nnome = \"Paolo Mazzoleni (esempio)\"\nunita = \"II\"\ncategoria = \"operatori\"\ncolloquio = \"11/03/2024\"\n\n[[persona.valutatore]]\nchi = \"Marco Pezzotta (esempio)\"\ncomportamento = [\n    { id = \"affidabilita\", punteggio = 3 },\n    { id = \"collaborazione\", punteggio = 3 },\n    { id = \"utenza\", punteggio = 3 },\n]\n";
    // (what, replace, with, the text the error is at in the edited file,
    //  characters into it, words of the message)
    let cases: &[(&str, &str, &str, &str, usize, &str)] = &[
        (
            "another year",
            "anno = 2023",
            "anno = 2022",
            "2022",
            0,
            "è dell'anno 2022, ma il piano è del 2023",
        ),
        (
            "a year that is not a number",
            "anno = 2023",
            "anno = \"2023\"",
            "\"2023\"",
            0,
            "`anno` deve essere un numero, non un testo",
        ),
        (
            "a person in two units",
            "\n[[persona]]\nnome = \"Nicola Facchinetti",
            &format!("{person_ii}\n[[persona]]\nnome = \"Nicola Facchinetti"),
            "[[persona]]\nnome = \"Paolo Mazzoleni (esempio)\"\nunita = \"II\"",
            0,
            "in due unità: «I» (la prima volta alla riga ",
        ),
        (
            "the same person twice in one unit",
            "\n[[persona]]\nnome = \"Nicola Facchinetti",
            &format!(
                "{}\n[[persona]]\nnome = \"Nicola Facchinetti",
                person_ii.replace("\"II\"", "\"I\"")
            ),
            "[[persona]]\nnome = \"Paolo Mazzoleni (esempio)\"\nunita = \"I\"\ncategoria = \"operatori\"\ncolloquio",
            0,
            "la stessa persona compare due volte nel file (la prima volta alla riga ",
        ),
        (
            "an evaluator with no staff",
            "[[persona]]\nnome = \"Paolo Mazzoleni",
            "[[valutatore]]\nchi = \"Mario Nessuno (esempio)\"\n\n[[persona]]\nnome = \"Paolo Mazzoleni",
            "[[valutatore]]\nchi = \"Mario Nessuno",
            0,
            "non valuta alcuna persona",
        ),
        (
            "part-time 0",
            "part_time = 50\n",
            "part_time = 0\n",
            "0\n",
            0,
            "`part_time` = 0% non è ammesso",
        ),
        (
            "part-time over 100",
            "part_time = 50\n",
            "part_time = 120\n",
            "120\n",
            0,
            "`part_time` = 120% non è ammesso",
        ),
        (
            "more days than the year",
            "part_time = 50\n",
            "giorni = 366\n",
            "366\n",
            0,
            "`giorni` = 366: più giorni di quanti ne ha l'anno (365)\n",
        ),
        (
            "days that are not whole",
            "part_time = 50\n",
            "assenze = 12.5\n",
            "12.5\n",
            0,
            "`assenze` = 12,5: non è un numero intero di giorni da 0 in su\n",
        ),
        (
            "a date that is not one, the example of the year after the file's",
            "colloquio = \"11/03/2024\"",
            "colloquio = \"31/02/2024\"",
            "\"31/02/2024\"",
            0,
            "ad esempio \"31/03/2024\"",
        ),
        (
            "a review asked before the colloquio",
            "richiesta = \"18/03/2024\"",
            "richiesta = \"12/03/2024\"",
            "richiesta = \"12/03/2024\"",
            12,
            "richiesta di riesame del 12/03/2024, prima del colloquio finale del 13/03/2024",
        ),
        (
            "weights not summing to 100",
            "peso = 70",
            "peso = 60",
            "[[persona.valutatore]]\nchi = \"Giulia Carrara (esempio)\"\npeso = 60",
            0,
            "sommano a 90 invece che a 100",
        ),
        (
            "a score outside the scale",
            "{ id = \"affidabilita\", punteggio = 3 }",
            "{ id = \"affidabilita\", punteggio = 6 }",
            "6 }",
            0,
            "punteggio 6 fuori dalla scala, da 1 a 5",
        ),
        (
            "an unknown unit",
            "unita = \"I\"\ncategoria",
            "unita = \"IX\"\ncategoria",
            "\"IX\"",
            0,
            "l'unità «IX» non è nel piano",
        ),
        (
            "an unknown category",
            "categoria = \"operatori_esperti\"",
            "categoria = \"dirigenti\"",
            "\"dirigenti\"",
            0,
            "la categoria «dirigenti» non è in [personale]",
        ),
        (
            "a behaviour of another category",
            "{ id = \"affidabilita\", punteggio = 3 }",
            "{ id = \"coordinamento\", punteggio = 3 }",
            "\"coordinamento\", punteggio = 3 }",
            0,
            "il comportamento «coordinamento» non è della categoria «Operatori esperti»",
        ),
        (
            "a misspelt key",
            "colloquio = \"11/03/2024\"",
            "coloquio = \"11/03/2024\"",
            "coloquio",
            0,
            "chiave sconosciuta `coloquio` in [[persona]]",
        ),
        (
            "a review upheld without scores",
            "esito = \"respinta\"",
            "esito = \"accolta\"",
            "[persona.riesame]",
            0,
            "riesame accolto senza i nuovi punteggi",
        ),
    ];
    for (what, from, to, at, offset, words) in cases {
        assert!(EXAMPLE.contains(from), "{what}: {from}");
        let edited = EXAMPLE.replacen(from, to, 1);
        let pos = if *what == "a review upheld without scores" {
            // The second review, the one that was rejected.
            edited.rfind(at).unwrap()
        } else {
            edited.find(at).unwrap()
        };
        let want = place("personale-2023.toml", &edited, pos, *offset);
        let (loaded, found) = diagnostics(&edited);
        assert!(!loaded, "{what}: loaded");
        assert!(
            found.iter().any(|d| d.contains(&want) && d.contains(words)),
            "{what}: want {want} {words}, got {found:#?}"
        );
        if words.contains("la prima volta alla riga") {
            // The first occurrence's line, that of its [[persona]].
            let first = edited
                .find("[[persona]]\nnome = \"Paolo Mazzoleni")
                .unwrap();
            let line = edited[..first].matches('\n').count() + 1;
            let full = format!("{words}{line})");
            assert!(
                found.iter().any(|d| d.contains(&full)),
                "{what}: want {full}, got {found:#?}"
            );
        }
    }
}

#[test]
fn a_missing_motivation_is_a_warning_without_the_name() {
    let from = "    { id = \"affidabilita\", punteggio = 3 },";
    let edited = EXAMPLE.replacen(from, "    { id = \"affidabilita\", punteggio = 5 },", 1);
    let (loaded, found) = diagnostics(&edited);
    assert!(loaded, "{found:?}");
    let want = place(
        "personale-2023.toml",
        &edited,
        edited
            .find("{ id = \"affidabilita\", punteggio = 5")
            .unwrap(),
        0,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains(&want) && found[0].contains("BOZZA"),
        "{found:?}"
    );
    assert!(!found[0].contains("esempio"), "a name: {found:?}");
    let (file, w) =
        staff::parse_staff(&edited, Path::new("personale-2023.toml"), &plan(), &model()).unwrap();
    assert_eq!(w.0[0].severity, Severity::Warning);
    let grades: Vec<(AreaId, Option<f64>)> = plan()
        .areas
        .iter()
        .map(|a| (a.id.clone(), Some(1.0)))
        .collect();
    let r = staff::evaluate(
        &model(),
        &file,
        &plan(),
        &grades,
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
    );
    assert!(r.evaluations[0].is_draft());
    assert_eq!(
        r.split.finality,
        Finality::NotFinal("una scheda è una BOZZA per motivazioni mancanti".into())
    );
}

#[test]
fn a_bonus_quota_nobody_can_satisfy_is_an_error_at_the_quota() {
    let rules = RULES.replacen("quota_personale = 10 ", "quota_personale = 1  ", 1);
    let model = staff::parse_model(&rules, Path::new("smvp.toml"))
        .unwrap()
        .unwrap();
    let e = staff::parse_staff(EXAMPLE, Path::new("personale-2023.toml"), &plan(), &model)
        .expect_err("refused");
    let want = place(
        "smvp.toml",
        &rules,
        rules.find("quota_personale = 1 ").unwrap(),
        18,
    );
    let found: Vec<String> = e.0.iter().map(|d| d.to_string()).collect();
    assert!(
        found
            .iter()
            .any(|d| d.contains(&want) && d.contains("con `quota_personale` = 1% su 56 persone valutate la maggiorazione dell'art. 81 non spetta a nessuno")),
        "want {want}: {found:#?}"
    );
}

#[test]
fn a_run_with_a_bad_staff_file_writes_nothing_and_without_it_nothing_changes() {
    let dir = scratch_inputs();
    let path = dir.path().join("inputs/personale-2023.toml");
    let bad = EXAMPLE.replacen("part_time = 50\n", "part_time = 0\n", 1);
    std::fs::write(&path, &bad).unwrap();
    let out = consuntivo(&["relazione"], dir.path());
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    let want = place(
        "personale-2023.toml",
        &bad,
        bad.find("part_time = 0").unwrap(),
        12,
    );
    assert!(
        err.contains(&want) && err.contains("`part_time` = 0%"),
        "{err}"
    );
    assert!(
        !dir.path().join("outputs").exists(),
        "something was written"
    );
    // The shipped example: `verifica` reads it without a word about it.
    std::fs::write(&path, EXAMPLE).unwrap();
    let out = consuntivo(&["verifica"], dir.path());
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("personale-2023.toml"), "{err}");
}

#[test]
fn a_review_asked_after_the_period_is_a_warning_at_the_request() {
    // The rejected review: colloquio 14/03/2024, 15 days, so the period
    // ends 29/03/2024; asked on 30/03/2024, a day late.
    let old = "colloquio = \"14/03/2024\"";
    let at = EXAMPLE.rfind("[persona.riesame]").unwrap();
    assert_eq!(
        EXAMPLE[..at].rfind("colloquio = ").unwrap(),
        EXAMPLE[..at].rfind(old).unwrap()
    );
    let request = at + EXAMPLE[at..].find("richiesta = ").unwrap();
    let end = request + EXAMPLE[request..].find('\n').unwrap();
    let edited = format!(
        "{}richiesta = \"30/03/2024\"{}",
        &EXAMPLE[..request],
        &EXAMPLE[end..]
    );
    let (loaded, found) = diagnostics(&edited);
    assert!(loaded, "{found:?}");
    let want = place("personale-2023.toml", &edited, request, 12);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains(&want)
            && found[0].contains(
                "richiesta di riesame del 30/03/2024, dopo il termine di 15 giorni dal colloquio del 14/03/2024 (scaduto il 29/03/2024)"
            ),
        "{found:?}"
    );
}

#[test]
fn a_colloquio_within_the_evaluated_year_is_a_warning_at_its_line() {
    // (the colloquio written, whether it is warned)
    let cases = [
        ("15/06/2023", true),
        ("31/12/2023", true),
        ("01/01/2024", false),
    ];
    for (date, warned) in cases {
        let edited = EXAMPLE.replacen(
            "colloquio = \"11/03/2024\"",
            &format!("colloquio = \"{date}\""),
            1,
        );
        let (loaded, found) = diagnostics(&edited);
        assert!(loaded, "{date}: {found:?}");
        if !warned {
            assert!(found.is_empty(), "{date}: {found:?}");
            continue;
        }
        let want = place(
            "personale-2023.toml",
            &edited,
            edited.find(&format!("\"{date}\"")).unwrap(),
            0,
        );
        assert_eq!(found.len(), 1, "{date}: {found:?}");
        assert!(
            found[0].starts_with(&format!("avviso: {want}"))
                && found[0].contains(&format!(
                    "colloquio finale del {date}, prima della fine dell'anno valutato (31/12/2023)"
                ))
                && !found[0].contains("esempio"),
            "{found:?}"
        );
    }
}
