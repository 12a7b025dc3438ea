//! The cases of issue 20 («Reliability and privacy»): texts `verifica`
//! let through and typst then refused in English, the previous year's
//! open data read without guards, and limits that were missing. Each runs
//! the real binary through the harness of `bad_inputs.rs`.

use super::*;

const EVALUATIONS: &str = "inputs/valutazioni-individuali-2023.toml";

#[test]
fn every_text_that_reaches_a_document_is_checked_where_it_was_typed() {
    let mut cases = 0;

    // A private-use character in a form's cell: PDF/A refuses it.
    let p = Project::new();
    p.edit_zip(
        &format!("{FORMS}/2023 - Area VI Polizia Locale.xlsx"),
        "xl/sharedStrings.xml",
        |t| {
            t.replacen(
                "Pubblicazione sul sito",
                "Pubblicazione \u{E000} sul sito",
                1,
            )
        },
    );
    for command in ["verifica", "relazione"] {
        expect_error(
            &p,
            "private use in a form",
            p.run(&[command]),
            &["2023 - Area VI Polizia Locale.xlsx ›", "U+E000"],
        );
        cases += 1;
    }

    // An ESC written as a TOML escape in the Nucleo's motivation.
    let p = Project::new();
    p.edit(REVIEW, |t| {
        t.replacen(
            "motivazione = \"L'Ufficio",
            "motivazione = \"\\u001B[2J L'Ufficio",
            1,
        )
    });
    let line = std::fs::read_to_string(p.path(REVIEW))
        .unwrap()
        .lines()
        .position(|l| l.contains("\\u001B[2J"))
        .unwrap()
        + 1;
    expect_error(
        &p,
        "escape in the Nucleo's motivation",
        p.run(&["verifica"]),
        &[&format!("valutazioni-nucleo-2023.toml:{line}:"), "U+001B"],
    );
    cases += 1;

    // A CJK name, and a name of 19,000 characters, in the individual
    // evaluations: `verifica` reads them as the schede would print them.
    for (case, name, expected) in [
        ("CJK name", "王小明", "U+738B"),
        ("endless name", &"Rossi ".repeat(3_200), "al massimo 120"),
    ] {
        let p = Project::new();
        p.edit(EVALUATIONS, |t| {
            t.replacen(
                "nome = \"Elena Marchetti (esempio)\"",
                &format!("nome = \"{name}\""),
                1,
            )
        });
        for command in ["verifica", "relazione"] {
            expect_error(
                &p,
                case,
                p.run(&[command]),
                &["valutazioni-individuali-2023.toml:18:8", expected],
            );
            cases += 1;
        }
    }

    // A fullwidth «＝» in the plan: the plan document and the reminders
    // check the plan before typst sees it (reminders read an empty folder
    // of forms here, so the plan's new fingerprint does not matter).
    let p = Project::new();
    p.edit(PLAN, |t| {
        t.replacen(
            "titolo = \"Cultura della legalità",
            "titolo = \"Cultura ＝ della legalità",
            1,
        )
    });
    std::fs::create_dir_all(p.path("vuota")).unwrap();
    for args in [
        &["piano", "documento"][..],
        &["solleciti", "--dati", "vuota", "--al", "15/03/2024"][..],
    ] {
        expect_error(
            &p,
            "fullwidth equals in the plan",
            p.run(args),
            &["piano-2023.toml:123:", "U+FF1D"],
        );
        cases += 1;
    }
    assert!(cases >= 9);
}

#[test]
fn limits_on_sizes_numbers_links_and_names() {
    let mut cases = 0;

    let p = Project::new();
    p.edit(SETTINGS, |t| {
        t.replacen(
            "ruolo = \"Il Segretario generale\"",
            &format!("ruolo = \"{}\"", "Segretario ".repeat(140_000)),
            1,
        )
    });
    expect_error(
        &p,
        "1,5 MB ruolo",
        p.run(&["relazione"]),
        &["relazione.toml:", "`ruolo` è lungo 1540000 caratteri"],
    );
    cases += 1;

    let p = Project::new();
    p.edit(PLAN, |t| {
        t.replacen(
            "{ area = \"SG\", peso = 10 }",
            "{ area = \"SG\", peso = 1e308 }",
            1,
        )
    });
    expect_error(
        &p,
        "peso = 1e308",
        p.run(&["verifica"]),
        &["piano-2023.toml:136:", "è troppo grande"],
    );
    cases += 1;

    for (case, value, expected) in [
        ("importo_massimo = 1e308", "1e308", "fuori misura"),
        ("importo_massimo = nan", "nan", "numero non valido"),
    ] {
        let p = Project::new();
        p.edit(EVALUATIONS, |t| {
            t.replacen(
                "importo_massimo = 7500 ",
                &format!("importo_massimo = {value} "),
                1,
            )
        });
        let run = p.run(&["relazione"]);
        assert!(
            !run.stderr.contains("manca `importo_massimo`"),
            "{}",
            run.stderr
        );
        expect_error(
            &p,
            case,
            run,
            &["valutazioni-individuali-2023.toml:21:", expected],
        );
        cases += 1;
    }

    // A logo that is a link to an image outside the inputs.
    #[cfg(unix)]
    {
        let p = Project::new();
        p.write("altrove/stemma.png", b"\x89PNG\r\n\x1a\n");
        p.write(SETTINGS, b"data = \"30/04/2024\"\nlogo = \"stemma.png\"\n");
        std::os::unix::fs::symlink(p.path("altrove/stemma.png"), p.path("inputs/stemma.png"))
            .unwrap();
        expect_error(
            &p,
            "logo linked outside the inputs",
            p.run(&["relazione"]),
            &["stemma.png", "fuori dalla cartella dei dati di ingresso"],
        );
        cases += 1;
    }

    // A line feed in a form's file name cannot fake a line of `stato`.
    let p = Project::new();
    let from = p.path(&format!("{FORMS}/2023 - Area VI Polizia Locale.xlsx"));
    let to = p.path(&format!(
        "{FORMS}/2023 - Area VI Polizia Locale\nerrore: modulo falso.xlsx"
    ));
    std::fs::rename(&from, &to).unwrap();
    let run = p.run(&["stato", "--al", "15/03/2024"]);
    check_clean("line feed in a file name", &run);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("Polizia Locale¶errore: modulo falso"),
        "{}",
        run.stdout
    );
    for out in [&run.stdout, &run.stderr] {
        assert!(!out.lines().any(|l| l.starts_with("errore:")), "{out}");
        // Shown readable, never as an escape sequence.
        assert!(!out.contains("\\u{"), "{out}");
    }
    cases += 1;
    assert!(cases >= 5);
}

#[test]
fn the_previous_year_s_open_data_are_read_as_hostile_input() {
    let mut cases = 0;
    let previous = "outputs/2022/dati-aperti/risultati.json";
    let p = Project::new();
    // A genuine file to start from: this year's, as if of 2022.
    let run = p.run(&["relazione"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let good = std::fs::read_to_string(p.path("outputs/2023/dati-aperti/risultati.json")).unwrap();
    let good = good.replacen("\"anno\": 2023", "\"anno\": 2022", 1);
    assert!(good.contains("\"anno\": 2022"));

    #[cfg(unix)]
    {
        let p = Project::new();
        std::fs::create_dir_all(p.path("outputs/2022/dati-aperti")).unwrap();
        if mkfifo(&p.path(previous)) {
            expect_warning(
                "previous year FIFO",
                p.run(&["valuta"]),
                &[
                    "risultati.json",
                    "non è un file ordinario",
                    "il confronto con l'anno precedente è omesso",
                ],
            );
            cases += 1;
        }
        let p = Project::new();
        std::fs::create_dir_all(p.path("outputs/2022/dati-aperti")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", p.path(previous)).unwrap();
        expect_warning(
            "previous year /dev/zero",
            p.run_limited(&["valuta"], Some(MEMORY_LIMIT)),
            &["non è un file ordinario"],
        );
        cases += 1;
    }

    let p = Project::new();
    p.write(previous, b"");
    std::fs::OpenOptions::new()
        .write(true)
        .open(p.path(previous))
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    expect_warning(
        "previous year of 300 MB",
        p.run_limited(&["valuta"], Some(MEMORY_LIMIT)),
        &["troppo grande"],
    );
    cases += 1;

    let p = Project::new();
    p.write(previous, b"{\"schema\": \"consuntivo/dati-aperti\",, }");
    expect_warning(
        "previous year broken JSON",
        p.run(&["valuta"]),
        &["risultati.json:1:", "non sono un JSON valido"],
    );
    cases += 1;

    // An ESC in a unit's name would reach the terminal in the comparison.
    let p = Project::new();
    p.write(
        previous,
        good.replacen("\"nome\": \"Area I ", "\"nome\": \"\\u001b[2JArea I ", 1)
            .as_bytes(),
    );
    let run = p.run(&["valuta"]);
    expect_warning(
        "previous year ESC",
        run,
        &["contiene caratteri di controllo"],
    );
    cases += 1;

    // A grade no program writes would print as «-500%».
    let p = Project::new();
    let unit_grade = good.find("\"grado\": ").unwrap();
    let end = unit_grade + good[unit_grade..].find(',').unwrap();
    p.write(
        previous,
        format!("{}\"grado\": -5.0{}", &good[..unit_grade], &good[end..]).as_bytes(),
    );
    let run = p.run(&["valuta"]);
    assert!(!run.stdout.contains("-500"), "{}", run.stdout);
    expect_warning(
        "previous year -500%",
        run,
        &["fuori dall'intervallo da 0 a 1"],
    );
    cases += 1;
    assert!(cases >= 5);
}
