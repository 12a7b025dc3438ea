//! Cells and forms that cannot be read as meant are errors naming file,
//! sheet and cell: invalid or out-of-range values, formula errors,
//! unknown, duplicate and ambiguous codes, forms of another year, plan
//! version or ente, two forms for one unit.

use super::*;

#[test]
fn strict_invalid_date_with_file_sheet_and_cell() {
    let p = plan();
    let tmp = dir();
    let path = form(
        tmp.path(),
        &p,
        "III",
        &typed(&[("OB01.1", Column::Date, "31/02/2023")]),
    );
    let err = read_err(&p, &path);
    assert_eq!(err.errors().count(), 1, "{err}");
    assert_eq!(
        err.errors()
            .next()
            .map(|e| e.to_string())
            .unwrap_or_default(),
        "errore: 2023 - Area III Finanziaria.xlsx › Rendicontazione › I5: «31/02/2023» non è una data valida (scrivere ad esempio 30/06/2023)"
    );
}

#[test]
fn strict_values_out_of_range_and_unreadable_text() {
    let p = plan();
    let tmp = dir();
    let fill = typed(&[
        ("OB03.1", Column::Value, "120%"),
        ("OB05.1", Column::Value, "-2"),
        ("OB02.1 (1/2)", Column::Value, "due"),
        ("OB01.1", Column::Date, "30/06/2203"),
        ("OB04.1", Column::Done, "forse"),
        ("OB04.2", Column::Status, "quasi"),
    ]);
    let path = form(tmp.path(), &p, "III", &fill);
    let err = read_err(&p, &path);
    assert_diag(
        &err,
        Severity::Error,
        "J8",
        "«120%» è fuori intervallo: una percentuale va da 0 a 100%",
    );
    assert_diag(
        &err,
        Severity::Error,
        "J13",
        "«-2» è fuori intervallo: il valore non può essere negativo",
    );
    assert_diag(
        &err,
        Severity::Error,
        "J6",
        "«due» non è un numero valido (scrivere solo il numero, ad esempio 12 o 12,5)",
    );
    assert_diag(
        &err,
        Severity::Error,
        "I5",
        "«30/06/2203» è fuori intervallo: la data deve essere tra il 01/01/2022 e il 31/12/2026",
    );
    assert_diag(
        &err,
        Severity::Error,
        "K10",
        "«forse» non è una risposta valida: scrivere «Sì» o «No»",
    );
    assert_diag(
        &err,
        Severity::Error,
        "L11",
        "«quasi» non è uno stato valido: scegliere tra Raggiunto, Parzialmente raggiunto, Non raggiunto, Non applicabile",
    );
    assert_eq!(err.errors().count(), 6, "{err}");
}

#[test]
fn strict_formula_error() {
    let p = plan();
    let tmp = dir();
    let mut fill = Fill::new();
    fill.insert(
        ("OB05.1".into(), Column::Value),
        CellInput::Formula("=1/0".into(), "#DIV/0!".into()),
    );
    let path = form(tmp.path(), &p, "III", &fill);
    let err = read_err(&p, &path);
    assert_diag(
        &err,
        Severity::Error,
        "J13",
        "la cella contiene un errore di formula (#DIV/0!): scrivere il valore",
    );
}

#[test]
fn strict_unknown_duplicate_and_ambiguous_codes() {
    let p = plan();
    let tmp = dir();
    let grid = vec![
        vec![t("Codice"), t("Valore raggiunto"), t("Note")],
        vec![t("OB05.1"), t("21"), None],
        vec![t("OB99.1"), t("3"), None],
        vec![t("OB06.1"), None, t("x")],
        vec![t("OB05.1"), t("22"), None],
        vec![t("OB02.1"), t("2"), None],
        vec![t("OB02.1 (3/2)"), t("2"), None],
        vec![None, t("7"), t("senza codice")],
    ];
    let path = raw_form(tmp.path(), "f.xlsx", &p, "III", &grid);
    let err = read_err(&p, &path);
    assert_diag(
        &err,
        Severity::Error,
        "A5",
        "«OB99.1» non è un indicatore del piano 2023",
    );
    assert_diag(
        &err,
        Severity::Error,
        "A6",
        "l'indicatore «OB06.1» non è assegnato a questa Area",
    );
    assert_diag(
        &err,
        Severity::Error,
        "A7",
        "la riga «OB05.1» compare due volte (anche in A4)",
    );
    assert_diag(
        &err,
        Severity::Error,
        "A8",
        "l'indicatore OB02.1 ha 2 traguardi: il codice deve indicare quale, ad esempio «OB02.1 (1/2)»",
    );
    assert_diag(
        &err,
        Severity::Error,
        "A9",
        "«OB02.1 (3/2)» non corrisponde a un traguardo dell'indicatore OB02.1 (che ne ha 2)",
    );
    assert_diag(
        &err,
        Severity::Error,
        "B10",
        "riga 10 senza codice: i dati inseriti (B10, C10) non si possono attribuire a un indicatore",
    );
    assert_eq!(err.errors().count(), 6, "{err}");
}

#[test]
fn strict_form_of_another_year_plan_or_ente() {
    let p = plan();
    let tmp = dir();
    let mut other_year = plan();
    other_year.year = 2022;
    let path = form(tmp.path(), &other_year, "III", &Fill::new());
    let err = read_err(&p, &path);
    assert_eq!(
        err.0[0].to_string(),
        "errore: 2022 - Area III Finanziaria.xlsx › _consuntivo › B4: il modulo è dell'anno 2022, ma il piano è del 2023\n  suggerimento: usare i moduli generati per l'anno del piano"
    );

    let mut other_version = plan();
    other_version.objectives[1].indicators[0].expected = "almeno 3 giornate".into();
    let path = form(tmp.path(), &other_version, "III", &Fill::new());
    let err = read_err(&p, &path);
    assert_diag(
        &err,
        Severity::Error,
        "B7",
        &format!(
            "il modulo è stato generato da un'altra versione del piano (impronta {}, piano attuale {})",
            other_version.fingerprint(),
            p.fingerprint()
        ),
    );

    let mut other_ente = plan();
    other_ente.ente.name = "Comune di Altrove".into();
    let path = form(tmp.path(), &other_ente, "III", &Fill::new());
    let err = read_err(&p, &path);
    assert_diag(
        &err,
        Severity::Error,
        "B3",
        "il modulo è di un altro ente («Comune di Altrove»), non di «Comune di Prova»",
    );
}

#[test]
fn strict_two_forms_for_one_area() {
    let p = plan();
    let tmp = dir();
    let first = form(tmp.path(), &p, "III", &Fill::new());
    std::fs::copy(
        &first,
        tmp.path().join("2023 - Area III Finanziaria (copia).xlsx"),
    )
    .expect("copy");
    let err = super::read_dir(&p, tmp.path(), &Vocabulary::default()).expect_err("two forms");
    let e = err.errors().next().expect("an error");
    assert_eq!(
        e.to_string(),
        "errore: 2023 - Area III Finanziaria.xlsx: secondo modulo per l'Area III Finanziaria: c'è già «2023 - Area III Finanziaria (copia).xlsx»\n  suggerimento: lasciare nella cartella un solo modulo per Area"
    );
}
