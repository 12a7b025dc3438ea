//! Generated forms: one row per target in plan order, the recognition
//! data, instructions whose examples come from the plan, prefilled forms
//! refusing rows they do not have, units without objectives.

use super::*;

#[test]
fn rows_follow_the_plan_one_per_target() {
    let p = plan();
    let keys: Vec<String> = layout::rows(&p, &a("III"))
        .iter()
        .map(|r| r.key())
        .collect();
    assert_eq!(
        keys,
        [
            "OB01.1",
            "OB02.1 (1/2)",
            "OB02.1 (2/2)",
            "OB03.1",
            "OB03.2",
            "OB04.1",
            "OB04.2",
            "OB04.3",
            "OB05.1"
        ]
    );
    let keys_i: Vec<String> = layout::rows(&p, &a("I")).iter().map(|r| r.key()).collect();
    assert_eq!(keys_i, ["OB01.1", "OB04.1", "OB04.2"]);
    let iii = a("III");
    let rows = layout::rows(&p, &iii);
    assert_eq!(rows[7].weight, Some(4.0), "indicator's own weight");
    assert_eq!(rows[5].weight, Some(10.0), "objective's weight");
    assert_eq!(rows[8].weight, None, "unweighted objective");
}

#[test]
fn generated_form_has_the_plan_and_recognition_data() {
    use calamine::{Data, Reader};
    let p = plan();
    let (name, bytes) = super::generate(&p, &a("III")).expect("generated");
    assert_eq!(name, "2023 - Area III Finanziaria.xlsx");
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    assert_eq!(
        book.sheet_names(),
        ["Istruzioni", "Rendicontazione", "_consuntivo"]
    );
    let hidden = &book.sheets_metadata()[2];
    assert_eq!(hidden.visible, calamine::SheetVisible::Hidden);
    let data = book.worksheet_range("Rendicontazione").expect("data sheet");
    let header: Vec<String> = (0..15)
        .map(|c| parse_shown(data.get_value((3, c))))
        .collect();
    let expected: Vec<String> = Column::ALL.iter().map(|c| c.header().to_string()).collect();
    assert_eq!(header, expected);
    assert_eq!(data.get_value((4, 0)), Some(&Data::String("OB01.1".into())));
    assert_eq!(
        data.get_value((5, 5)),
        Some(&Data::String(
            "Traguardo 1 di 2 – Almeno 2 giornate formative".into()
        ))
    );
    assert_eq!(
        data.get_value((7, 4)),
        Some(&Data::String(
            "Almeno il 90% delle presenze programmate".into()
        ))
    );
    assert_eq!(
        data.get_value((12, 7)),
        Some(&Data::String("risorse variabili".into()))
    );
    let meta = book.worksheet_range("_consuntivo").expect("meta");
    assert_eq!(meta.get_value((6, 1)), Some(&Data::String(p.fingerprint())));
    let instructions = book.worksheet_range("Istruzioni").expect("instructions");
    let text: Vec<String> = instructions
        .rows()
        .map(|r| parse_shown(r.first()))
        .collect();
    assert!(
        text.iter()
            .any(|t| t.contains("«OB02.1 (1/2)» è il primo dei 2 traguardi dell'indicatore OB02.1"))
    );
    assert!(text.iter().any(|t| t.contains("entro il 31 marzo 2024")));
    assert!(
        text.iter()
            .any(|t| t.contains("a: Ufficio del Segretario generale (dott.ssa Maria Rossi)"))
    );
}

/// The text of a generated form's instructions sheet, one line per row.
fn instructions_of(bytes: Vec<u8>) -> String {
    use calamine::Reader;
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    let sheet = book.worksheet_range("Istruzioni").expect("instructions");
    sheet
        .rows()
        .map(|r| parse_shown(r.first()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn instructions_give_examples_from_the_plan_not_from_alzano() {
    // A 2025 plan whose indicators have one target each.
    let mut p = plan();
    p.year = 2025;
    for o in &mut p.objectives {
        for i in &mut o.indicators {
            i.targets.truncate(1);
        }
    }
    let settings = FormSettings {
        vocab: Vocabulary {
            unit: crate::vocab::Noun::new("Settore", "Settori", crate::vocab::Gender::Masculine),
            ..Vocabulary::default()
        },
        ..FormSettings::default()
    };
    let (_, bytes) = super::generate_with(&p, &a("III"), &settings).expect("generated");
    let text = instructions_of(bytes);
    assert!(!text.contains("2023"), "{text}");
    assert!(
        !text.contains("(1/"),
        "no multi-target example without one:\n{text}"
    );
    assert!(text.contains("ad esempio 30/06/2025"), "{text}");
    // The evidence example is an act the plan itself cites, never Alzano's.
    assert!(text.contains("ad esempio «DGC n. 32»"), "{text}");
    assert!(!text.contains("n. 45"), "{text}");
    assert!(text.contains("un altro Settore"), "{text}");
    // This plan assigns nothing to every unit: no sentence about it.
    assert!(text.contains("assegnati a questo Settore ("), "{text}");
    assert!(!text.contains("Tutti i Settori"), "{text}");
}

#[test]
fn the_evidence_example_is_the_plans_own_act_or_none() {
    let mut p = plan();
    p.adopted_by = Some("DGC n. 18 del 31/01/2023".into());
    let (_, bytes) = super::generate(&p, &a("III")).expect("generated");
    let text = instructions_of(bytes);
    assert!(
        text.contains("ad esempio «DGC n. 18 del 31/01/2023»"),
        "{text}"
    );
    // A plan that cites no act: no example at all, rather than a made-up one.
    p.adopted_by = None;
    for o in &mut p.objectives {
        for i in &mut o.indicators {
            i.expected = i.expected.replace("DGC n. 32", "delibera");
            for t in &mut i.targets {
                if let crate::plan::Target::Qualitative { criterion } = t {
                    *criterion = criterion.replace("DGC n. 32", "delibera");
                }
            }
        }
    }
    assert_eq!(crate::forms::instructions::example_act(&p), None);
    let (_, bytes) = super::generate(&p, &a("III")).expect("generated");
    let text = instructions_of(bytes);
    assert!(!text.contains("DGC"), "{text}");
    assert!(
        text.contains("che provano il risultato (numero e data della delibera"),
        "{text}"
    );
}

#[test]
fn example_acts_are_found_in_the_plans_words() {
    let mut p = plan();
    p.objectives.truncate(0);
    assert_eq!(crate::forms::instructions::example_act(&p), None);
    let mut p = plan();
    p.objectives[0].indicators[0].expected =
        "rinvio ad indicatori di cui alla DGC n. 32 in data 24/02/2023".into();
    assert_eq!(
        crate::forms::instructions::example_act(&p).as_deref(),
        Some("DGC n. 32 in data 24/02/2023")
    );
}

#[test]
fn prefilled_entries_of_rows_not_in_the_form_are_refused() {
    let p = plan();
    let err =
        super::generate_prefilled(&p, &a("I"), &[blank("OB02.1", 0, "I")]).expect_err("refused");
    assert_eq!(
        err.0[0].message,
        "l'indicatore OB02.1 (traguardo 1) non è nel modulo dell'unità I"
    );
    assert!(super::generate(&p, &a("IX")).is_err());
}

#[test]
fn area_without_objectives_gets_an_empty_form_and_no_warning() {
    let mut p = plan();
    p.areas.push(crate::plan::Area {
        id: a("V"),
        name: "Area V Urbanistica".into(),
        offices: vec![],
        head: None,
        top_official: false,
    });
    let tmp = dir();
    let path = form(tmp.path(), &p, "V", &Fill::new());
    assert!(path.ends_with("2023 - Area V Urbanistica.xlsx"));
    let (r, w) = read_ok(&p, &path);
    assert!(r.entries.is_empty());
    assert!(w.is_empty(), "{w}");
    let (_, w) = super::read_dir(&p, tmp.path(), &Vocabulary::default()).expect("reads");
    assert!(w.iter().all(|d| !d.message.contains("Area V")), "{w}");
}

/// The share a percentage target asks for reads as Italian: the article
/// elided before 8, 11 and 80-something, and what it is a share of glued
/// only when the plan wrote its preposition.
#[test]
fn a_percentage_target_is_described_in_italian() {
    let describe = |value: f64, of: &str| {
        crate::forms::describe_target(&crate::plan::Target::Percentage {
            value,
            of: of.into(),
        })
    };
    assert_eq!(
        describe(
            100.0,
            "partecipazione effettiva alle giornate di formazione"
        ),
        "Almeno il 100% (partecipazione effettiva alle giornate di formazione)"
    );
    assert_eq!(
        describe(80.0, "delle presenze programmate"),
        "Almeno l'80% delle presenze programmate"
    );
    assert_eq!(
        describe(11.0, "dell'organico"),
        "Almeno l'11% dell'organico"
    );
    assert_eq!(describe(90.0, ""), "Almeno il 90%");
}

#[test]
fn relative_targets_read_as_italian_with_whole_goals_for_counts() {
    use crate::plan::{Change, Target};
    let change = |from: f64, change: Change, unit: &str| Target::Change {
        from,
        goal: change.goal(from),
        change,
        unit: unit.into(),
        previous: None,
    };
    assert_eq!(
        crate::forms::describe_target(&change(50.0, Change::IncreasePercent(8.0), "pratiche")),
        "Aumento dell'8% rispetto al valore di partenza 50 (obiettivo 54 pratiche)"
    );
    assert_eq!(
        crate::forms::describe_target(&change(30.0, Change::DecreasePercent(11.0), "reclami")),
        "Riduzione dell'11% rispetto al valore di partenza 30 (obiettivo 26 reclami)"
    );
    // A count has no decimals: 1.051.116.746 + 2% asks for the first whole
    // number reaching 1.072.139.080,92.
    assert_eq!(
        crate::forms::describe_target(&change(
            1_051_116_746.0,
            Change::IncreasePercent(2.0),
            "autenticazioni"
        )),
        "Aumento del 2% rispetto al valore di partenza 1.051.116.746 (obiettivo 1.072.139.081 autenticazioni)"
    );
    // Money and measured values keep their decimals.
    assert_eq!(
        crate::forms::describe_target(&change(1001.0, Change::IncreasePercent(5.0), "euro")),
        "Aumento del 5% rispetto al valore di partenza 1.001 (obiettivo 1.051,05 euro)"
    );
    assert_eq!(
        crate::forms::describe_target(&change(12.5, Change::IncreasePercent(10.0), "giorni")),
        "Aumento del 10% rispetto al valore di partenza 12,5 (obiettivo 13,75 giorni)"
    );
}

/// The example forms shipped in `inputs/` are the ones the program writes
/// today: their instructions carry the plan's own act as the evidence
/// example, never the old «DGC n. 45» (whatever the file's format).
#[test]
fn the_shipped_example_forms_have_today_s_instructions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/rendicontazioni/2023");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = instructions_of(std::fs::read(&path).unwrap());
        assert!(!text.contains("DGC n. 45"), "{}:\n{text}", path.display());
        assert!(
            text.contains("ad esempio «DGC n. 32"),
            "{}:\n{text}",
            path.display()
        );
        seen += 1;
    }
    assert_eq!(seen, 7, "the seven example forms");
}
