//! Forms converted, filled and protected by LibreOffice (the fixtures in
//! `tests/fixtures/forms/`) read like the xlsx they came from.

use super::*;

pub(super) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms")
        .join(name)
}

/// The fixtures are this prefilled form converted by LibreOffice
/// (`soffice --headless --convert-to ods|xls`); regenerate with
/// `FIXTURE_OUT=/tmp cargo test --lib forms::tests::libreoffice::make_fixture_xlsx -- --ignored`.
#[test]
#[ignore]
fn make_fixture_xlsx() {
    let out = std::env::var("FIXTURE_OUT").unwrap_or_else(|_| "/tmp".into());
    let (name, bytes) =
        super::generate_prefilled(&plan(), &a("III"), &area_iii_entries()).expect("prefilled");
    std::fs::write(Path::new(&out).join(name), bytes).expect("write");
    let (_, blank) = super::generate(&plan(), &a("III")).expect("generated");
    std::fs::write(Path::new(&out).join("vuoto.xlsx"), blank).expect("write");
}

/// The fingerprint of the test plan when the fixtures were made. Fixtures
/// are read expecting it, so a field added to the plan model (which
/// changes every fingerprint) does not break them; the fingerprint check
/// itself is tested on freshly generated forms.
const FIXTURE_FINGERPRINT: &str = "a133990b3d3ca31b";

fn read_fixture(
    plan: &Plan,
    name: &str,
) -> Result<(crate::results::AreaReport, Diagnostics), Diagnostics> {
    let path = fixture(name);
    let bytes = std::fs::read(&path).expect("fixture");
    super::read::read_bytes_expecting(
        plan,
        &path,
        bytes,
        FIXTURE_FINGERPRINT,
        &Vocabulary::default(),
    )
}

#[test]
fn libreoffice_ods_reads_like_the_xlsx() {
    let p = plan();
    let (r, _) = read_fixture(&p, "2023 - Area III Finanziaria.ods").expect("reads the .ods");
    check_report_round_trip(&r);
    assert_eq!(
        entry(&r, "OB01.1", 0)
            .date
            .as_ref()
            .map(|x| x.at.cell.as_str()),
        Some("I5")
    );
}

#[test]
fn libreoffice_xls_reads_like_the_xlsx() {
    let p = plan();
    let (r, _) = read_fixture(&p, "2023 - Area III Finanziaria.xls").expect("reads the .xls");
    check_report_round_trip(&r);
}

/// Filled in LibreOffice (Italian locale) by typing into the cells, see
/// tests/fixtures/forms/fill_with_libreoffice.py: real dates, a date left
/// as text, a percentage cell, numbers recognised the Italian way.
#[test]
fn libreoffice_ods_filled_by_typing() {
    let p = plan();
    let (r, w) = read_fixture(&p, "2023 - Area III Finanziaria - LibreOffice.ods")
        .unwrap_or_else(|d| panic!("unexpected errors:\n{d}"));
    let e = |id: &str, t: usize| plain(entry(&r, id, t));
    assert_eq!(e("OB01.1", 0).date, sv(d(2023, 6, 30)));
    assert_eq!(e("OB01.1", 0).status, sv(ProposedStatus::Achieved));
    assert_eq!(
        e("OB01.1", 0).evidence,
        sv("DGC n. 45 del 12/05/2023".to_string())
    );
    assert_eq!(e("OB02.1", 0).value, sv(2.5));
    assert_eq!(
        e("OB02.1", 0).evidence,
        sv("Registro presenze corsi".to_string())
    );
    assert_eq!(e("OB02.1", 1).date, sv(d(2023, 12, 15)));
    assert_eq!(e("OB03.1", 0).value, sv(90.0));
    assert_eq!(e("OB03.2", 0).value, sv(2.0));
    assert_eq!(e("OB04.1", 0).done, sv(true));
    assert_eq!(
        e("OB04.1", 0).notes,
        sv("Relazione trasmessa il 20/12/2023".to_string())
    );
    assert_eq!(e("OB04.2", 0).status, sv(ProposedStatus::NotApplicable));
    assert_eq!(e("OB04.3", 0).date, sv(d(2023, 9, 29)));
    assert_eq!(e("OB05.1", 0).value, sv(1234.0));
    let at = entry(&r, "OB03.1", 0)
        .value
        .as_ref()
        .map(|v| v.at.to_string());
    assert_eq!(
        at.as_deref(),
        Some("2023 - Area III Finanziaria - LibreOffice.ods › Rendicontazione › J8")
    );
    assert!(!w.has_errors());
}

#[test]
fn libreoffice_ods_with_mistakes() {
    let p = plan();
    let err = read_fixture(&p, "2023 - Area III Finanziaria - errori.ods").expect_err("errors");
    let errors: Vec<String> = err.errors().map(|e| e.to_string()).collect();
    assert_eq!(
        errors,
        [
            "errore: 2023 - Area III Finanziaria - errori.ods › Rendicontazione › I5: «31/02/2023» non è una data valida (scrivere ad esempio 30/06/2023)",
            "errore: 2023 - Area III Finanziaria - errori.ods › Rendicontazione › J8: la cella contiene un errore di formula (#DIV/0!): scrivere il valore",
            "errore: 2023 - Area III Finanziaria - errori.ods › Rendicontazione › K10: «forse» non è una risposta valida: scrivere «Sì» o «No»",
        ]
    );
}

#[test]
fn libreoffice_password_protected_ods() {
    let p = plan();
    let err = read_fixture(&p, "2023 - Area III Finanziaria - protetto.ods").expect_err("errors");
    assert_eq!(
        err.0[0].to_string(),
        "errore: 2023 - Area III Finanziaria - protetto.ods: il file è protetto da password: salvarlo senza password e riprovare"
    );
}
