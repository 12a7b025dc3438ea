//! Hostile workbooks given to the importer: error values, and the plan
//! file's own size limit. (Files that are not regular files, bombs and
//! memory run end to end in `tests/plan_import.rs`.)

use super::tests::{import_bytes, messages, opts_2024, table_with};

#[test]
fn a_cached_div0_is_an_error_at_its_cell() {
    let bytes = table_with(|ws| {
        ws.write_formula(
            1,
            3,
            rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
        )
        .unwrap();
    });
    let (_dir, got) = import_bytes("t.xlsx", &bytes, &opts_2024());
    let text = messages(&got.expect_err("refused"));
    assert!(
        text.contains(
            "errore: t.xlsx › Piano › D2: la cella contiene un errore di formula (#DIV/0!)"
        ),
        "{text}"
    );
    assert!(!text.contains("Div0"), "{text}");
}

#[test]
fn a_table_giving_a_plan_over_the_size_limit_is_refused() {
    let mut csv = String::from("Ambito;Obiettivo;Indicatore;Livello atteso;Responsabile/i;Peso\n");
    for n in 0..19_000 {
        csv.push_str(&format!(
            "Servizi;Obiettivo numero {n} del piano;Pratiche evase nell'anno {n};2024: almeno {n} pratiche evase;Area I;1\n"
        ));
    }
    let (dir, got) = import_bytes("grande.csv", csv.as_bytes(), &opts_2024());
    let text = messages(&got.expect_err("refused"));
    assert!(
        text.contains("19.000 obiettivi") && text.contains("supera il limite di 4 MB"),
        "{text}"
    );
    assert!(!dir.path().join("piano.toml").exists());
}
