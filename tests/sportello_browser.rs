//! The sportello end to end in a real headless Chromium (Debian's
//! `chromium` and `chromium-driver`, through WebDriver): a unit sends a
//! form with an error, reads the message at the cell, fixes it and sees it
//! accepted; a unit's link is refused everywhere else; the office's
//! pages. On every page axe-core checks WCAG 2.1 A/AA and the page is
//! photographed at 1280 and 390 px (in `target/tmp/sportello-schermate/`).
//!
//! One browser session runs every scenario in turn, on one scratch copy of
//! the ente, as a year goes. Without Chromium the test fails and says what
//! to install.

mod common;
mod e2e;

use std::path::Path;
use std::time::Duration;

use serde_json::json;

use common::zip_edit::edit_zip;
use e2e::{Browser, Driver, Site};

const FORMS: &str = "inputs/rendicontazioni/2023";
const AREA_V: &str = "2023 - Area V Urbanistica, edilizia privata, SUAP e CED.xlsx";
const UNIT_V: &str = "Area V Urbanistica, edilizia privata, SUAP e CED";
const UNIT_III: &str = "Area III Finanziaria";
const OFFICE: &str = "Ufficio del Segretario generale";
const EVALUATOR: &str = "Nucleo di Valutazione";
const RESERVED: &str = "riservato/Valutazioni individuali 2023.xlsx";

/// The form's cell I8 (a date in «Rendicontazione») holding `cell` instead.
fn form_with_i8(form: &[u8], cell: &str) -> Vec<u8> {
    edit_zip(form, "xl/worksheets/sheet2.xml", |t| {
        t.replacen("<c r=\"I8\" s=\"18\"><v>45089</v></c>", cell, 1)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_year_in_a_browser() {
    let tools = e2e::tools();
    let site = Site::start(common::scratch_inputs()).await;
    // A confidential document, for the office only.
    let reserved = site.path("outputs/2023").join(RESERVED);
    std::fs::create_dir_all(reserved.parent().unwrap()).unwrap();
    std::fs::write(&reserved, b"PK riservato").unwrap();

    let driver = Driver::start(&tools);
    let mut b = Browser::start(&tools, &driver, &site.url).await;
    let scenarios = async {
        a_unit_fixes_its_form(&site, &mut b).await;
        a_unit_link_reaches_nothing_else(&site, &mut b).await;
        the_office_pages(&site, &mut b).await;
        the_evaluator_and_error_pages(&site, &mut b).await;
    };
    tokio::time::timeout(Duration::from_secs(240), scenarios)
        .await
        .expect("the browser scenarios end within 4 minutes");
    b.assert_accessible();
    let _ = b.client.close().await;
}

/// Scenario: a unit sends a form with an error, sees the message at the
/// cell, fixes the form, sends it again and sees it accepted.
async fn a_unit_fixes_its_form(site: &Site, b: &mut Browser) {
    b.open(site.link(UNIT_V)).await;
    assert_eq!(b.path().await, "/unita/V", "the link opens the unit's page");
    assert_eq!(b.text("h1").await, UNIT_V);
    b.axe_catches_known_faults().await;
    // The keyboard's first stop skips to the content.
    b.find("body").await.send_keys("\u{e004}").await.unwrap();
    let first = b
        .exec("return document.activeElement.textContent;", vec![])
        .await;
    assert_eq!(first, json!("Vai al contenuto"), "the first Tab stop");
    assert!(
        b.text("#esito")
            .await
            .contains("Nessun modulo è ancora stato inviato")
    );
    b.look("unita").await;

    let accepted = site.path(&format!("{FORMS}/{AREA_V}"));
    let original = std::fs::read(&accepted).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let broken = form_with_i8(
        &original,
        "<c r=\"I8\" s=\"18\" t=\"inlineStr\"><is><t>metà settembre</t></is></c>",
    );
    let fixed = form_with_i8(&original, "<c r=\"I8\" s=\"18\"><v>45090</v></c>");
    let broken_file = scratch.path().join("Area V compilato.xlsx");
    let fixed_file = scratch.path().join("Area V corretto.xlsx");
    std::fs::write(&broken_file, &broken).unwrap();
    std::fs::write(&fixed_file, &fixed).unwrap();

    // The script is there: a file dropped on the area is chosen, and a
    // submission says it is under way and disables the button (the test
    // holds that submission back).
    choose_file(b, &broken_file).await;
    let dropped = b
        .exec(
            "var zone = document.querySelector('[data-zona]');\
             var dt = new DataTransfer();\
             dt.items.add(new File(['x'], 'trascinato.xlsx'));\
             zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));\
             return [document.querySelector('#file-modulo').files[0].name, document.querySelector('[data-stato]').textContent];",
            vec![],
        )
        .await;
    assert_eq!(
        dropped,
        json!(["trascinato.xlsx", "File scelto: trascinato.xlsx"]),
        "the drop area"
    );
    choose_file(b, &broken_file).await;
    let progress = b
        .exec(
            "var form = document.querySelector('form[data-invio]');\
             var hold = function (e) { e.preventDefault(); };\
             form.addEventListener('submit', hold);\
             form.requestSubmit();\
             form.removeEventListener('submit', hold);\
             var button = form.querySelector('button[type=submit]');\
             var shown = [document.querySelector('[data-stato]').textContent, button.disabled];\
             button.disabled = false;\
             return shown;",
            vec![],
        )
        .await;
    assert_eq!(
        progress,
        json!(["Invio e verifica in corso…", true]),
        "the progress message"
    );

    // The plain form: choose the file, send it.
    b.click_and_wait("form[data-invio] button[type=submit]")
        .await;
    assert_eq!(b.path().await, "/unita/V");
    assert!(
        b.text("#esito p.ko").await.contains("Modulo da correggere"),
        "the outcome says to correct"
    );
    let at_cell = b
        .exec(
            "return Array.from(document.querySelectorAll('#esito li.errore')).map(function (li) {\
               var d = li.querySelector('.dove'); var m = li.querySelector('.messaggio');\
               return (d ? d.textContent : '') + ' | ' + (m ? m.textContent : ''); });",
            vec![],
        )
        .await;
    let at_cell: Vec<String> = serde_json::from_value(at_cell).unwrap();
    assert!(
        at_cell
            .iter()
            .any(|e| e.contains("› Rendicontazione › I8 | ")
                && e.contains("«metà settembre» non è una data valida")),
        "the error at the cell: {at_cell:?}"
    );
    assert_eq!(
        std::fs::read(&accepted).unwrap(),
        original,
        "a form with errors replaces nothing"
    );
    b.look("unita-da-correggere").await;

    choose_file(b, &fixed_file).await;
    b.click_and_wait("form[data-invio] button[type=submit]")
        .await;
    let outcome = b.text("#esito p.ok").await;
    assert!(outcome.contains("Modulo accettato"), "{outcome}");
    assert!(
        b.find_all_text("#esito li.errore").await.is_empty(),
        "no error left"
    );
    assert_eq!(
        std::fs::read(&accepted).unwrap(),
        fixed,
        "the fixed form took the old one's place"
    );
    b.look("unita-accettato").await;
}

async fn choose_file(b: &Browser, file: &Path) {
    b.find("#file-modulo")
        .await
        .send_keys(&file.display().to_string())
        .await
        .expect("the file chosen");
}

/// Scenario: a unit's link tries another unit's page and form, the
/// confidential documents, the office's pages and the evaluator's, and is
/// refused each time without learning anything of them.
async fn a_unit_link_reaches_nothing_else(site: &Site, b: &mut Browser) {
    b.open(site.link(UNIT_V)).await;
    let reserved = format!("/documenti/{}", RESERVED.replace(' ', "%20"));
    for path in [
        "/unita/III",
        "/unita/III/modulo",
        "/accessi",
        reserved.as_str(),
    ] {
        b.open(path).await;
        assert_eq!(b.text("h1").await, "Pagina non accessibile", "{path}");
        let text = b.page_text().await;
        assert!(
            text.contains(&format!("Con il link di {UNIT_V}")),
            "{path}: {text}"
        );
        assert!(!text.contains(UNIT_III), "{path} names the other unit");
        assert!(!text.contains("PK riservato"), "{path}");
    }
    b.look("rifiutata").await;
    // Its home is its own page.
    b.open("/").await;
    assert_eq!(b.path().await, "/unita/V");
}

/// The office's pages: the year's situation, a unit's page, the links.
async fn the_office_pages(site: &Site, b: &mut Browser) {
    b.open(site.link(OFFICE)).await;
    assert_eq!(b.path().await, "/");
    assert_eq!(b.text("h1").await, "Situazione dell'anno");
    let rows = b
        .find_all_text("#stato ~ table tbody th, section[aria-labelledby=stato] tbody th")
        .await;
    assert!(rows.iter().any(|r| r == UNIT_V), "a row per unit: {rows:?}");
    b.look("situazione").await;
    // The office reaches the confidential documents.
    assert!(
        b.page_text().await.contains(RESERVED),
        "riservato/ listed for the office"
    );

    b.open("/unita/III").await;
    assert_eq!(b.text("h1").await, UNIT_III);
    b.look("unita-vista-dall-ufficio").await;

    b.open("/accessi").await;
    assert_eq!(b.text("h1").await, "Accessi");
    b.look("accessi").await;
    b.click_and_wait("form[action='/accessi'] input[value='unita.II'] ~ button")
        .await;
    let link = b
        .find("#link")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        link.starts_with(&format!("{}/accesso/", site.url)),
        "the new link shown: {link}"
    );
    b.look("accessi-nuovo-link").await;
}

/// The evaluator's home and the error pages every role can meet.
async fn the_evaluator_and_error_pages(site: &Site, b: &mut Browser) {
    // A form whose control code was altered: refused.
    b.open(site.link(OFFICE)).await;
    b.open("/accessi").await;
    b.exec(
        "document.querySelector('form[action=\"/accessi\"] input[name=csrf]').value = '0';",
        vec![],
    )
    .await;
    b.click_and_wait("form[action='/accessi'] button").await;
    assert_eq!(b.text("h1").await, "Richiesta non valida");
    b.look("errore-richiesta").await;

    b.open("/non-esiste").await;
    assert_eq!(b.text("h1").await, "Pagina non trovata");
    b.look("errore-non-trovata").await;

    b.open(site.link(EVALUATOR)).await;
    b.look("valutatore").await;

    // Leaving forgets the link; a wrong link is refused.
    b.open(site.link(UNIT_V)).await;
    b.click_and_wait(".piede button").await;
    assert_eq!(b.text("h1").await, "Uscita");
    b.look("uscita").await;
    b.open("/").await;
    assert_eq!(b.text("h1").await, "Accesso non valido");
    b.open(&format!("/accesso/{}", "0".repeat(64))).await;
    assert_eq!(b.text("h1").await, "Accesso non valido");
    b.look("errore-accesso").await;

    // The ente's words broken by hand: the office is told what is wrong.
    b.open(site.link(OFFICE)).await;
    let ente = site.path("inputs/ente.toml");
    let text = std::fs::read_to_string(&ente).unwrap();
    std::fs::write(&ente, format!("{text}\n[[[rotto\n")).unwrap();
    b.open("/").await;
    assert_eq!(b.text("h1").await, "Sportello non disponibile");
    assert!(b.page_text().await.contains("ente.toml"));
    b.look("errore-non-disponibile").await;
    std::fs::write(&ente, text).unwrap();
}
