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

use common::sportello::{AREA_V, FORMS, edit_zip};
use e2e::{Browser, Driver, Site};

const UNIT_V: &str = "Area V Urbanistica, edilizia privata, SUAP e CED";
const UNIT_III: &str = "Area III Finanziaria";
const OFFICE: &str = "Ufficio del Segretario generale";
const EVALUATOR: &str = "Nucleo di Valutazione";
const RESERVED: &str = "riservato/Valutazioni individuali 2023.xlsx";
const REVIEW: &str = "inputs/valutazioni-nucleo-2023.toml";

/// Two of the shipped Nucleo's decisions, taken out of its file so that
/// their proposals await a decision in the browser.
const DECIDED: [&str; 2] = [
    "[[conferma]]\nindicatore = \"OB20.1\"\n",
    "[[correzione]]\nindicatore = \"OB09.2\"\n",
];

/// The ente as shipped, with the decisions of [`DECIDED`] taken out (each
/// block up to the next blank line).
fn with_pending_proposals(dir: &Path) {
    let path = dir.join(REVIEW);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for start in DECIDED {
        let at = text
            .find(start)
            .unwrap_or_else(|| panic!("the shipped Nucleo's file changed: no {start}"));
        let end = text[at..].find("\n\n").map_or(text.len(), |e| at + e + 2);
        text.replace_range(at..end, "");
    }
    std::fs::write(&path, text).unwrap();
}

/// The form's cell I8 (a date in «Rendicontazione») holding `cell` instead.
fn form_with_i8(form: &[u8], cell: &str) -> Vec<u8> {
    edit_zip(form, "xl/worksheets/sheet2.xml", |t| {
        t.replacen("<c r=\"I8\" s=\"18\"><v>45089</v></c>", cell, 1)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_year_in_a_browser() {
    let tools = e2e::tools();
    let dir = common::scratch_inputs();
    with_pending_proposals(dir.path());
    let site = Site::start(dir).await;
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
        the_evaluator_decides(&site, &mut b).await;
        the_office_writes_the_final_relazione(&site, &mut b).await;
        the_error_pages(&site, &mut b).await;
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

    // The form as it was, sent again and accepted; then the fixed
    // version restored from the kept ones.
    let again = scratch.path().join("Area V di prima.xlsx");
    std::fs::write(&again, &original).unwrap();
    choose_file(b, &again).await;
    b.click_and_wait("form[data-invio] button[type=submit]")
        .await;
    assert!(b.text("#esito p.ok").await.contains("Modulo accettato"));
    assert_eq!(std::fs::read(&accepted).unwrap(), original);
    b.open("/unita/V/versioni").await;
    let kept = b
        .find_all_text("section[aria-labelledby=versioni] tbody tr")
        .await;
    assert_eq!(kept.len(), 2, "two accepted versions kept: {kept:?}");
    b.look("unita-versioni").await;
    b.click_and_wait("section[aria-labelledby=versioni] form button[type=submit]")
        .await;
    assert!(
        b.page_text()
            .await
            .contains("è stata ripristinata la versione"),
        "the restore's outcome"
    );
    assert_eq!(
        std::fs::read(&accepted).unwrap(),
        fixed,
        "the fixed form in use again"
    );
    b.look("unita-ripristinata").await;
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
        "/valutazioni",
        "/testi",
        "/registro",
        "/unita/III/versioni",
        reserved.as_str(),
    ] {
        b.open(path).await;
        assert_eq!(b.text("h1").await, "Pagina non accessibile", "{path}");
        let text = b.page_text().await;
        assert!(
            text.contains(&format!("Con il link dell'{UNIT_V}")),
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
    the_menu_is_short_on_a_phone(b).await;
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

    b.open("/testi").await;
    b.look("testi").await;
}

/// On a phone (390 px) the office's menu takes a few lines: the units'
/// pages wait behind a disclosure, which opens by a click without any
/// script and then shows them.
async fn the_menu_is_short_on_a_phone(b: &mut Browser) {
    b.set_width(390).await;
    // checkVisibility: a closed <details> hides its content with
    // content-visibility, which getClientRects does not see.
    let shown = "return Array.from(document.querySelectorAll('nav details a')).filter(a => a.checkVisibility()).length;";
    let closed = header_height(b).await;
    assert_eq!(b.exec(shown, vec![]).await, 0, "the units hidden at first");
    // A few lines: the ente (its name may take two), the role, the
    // sections and the disclosure (about 194 px, looked at).
    assert!(closed < 210.0, "the header at 390 px is {closed} px high");
    b.find("nav details summary").await.click().await.unwrap();
    assert_eq!(b.exec(shown, vec![]).await, 7, "every unit once opened");
    assert!(header_height(b).await > closed);
    b.look("situazione-menu-aperto").await;
    b.open("/").await;
}

async fn header_height(b: &Browser) -> f64 {
    b.exec(
        "return document.querySelector('header.testata').getBoundingClientRect().height;",
        vec![],
    )
    .await
    .as_f64()
    .unwrap()
}

/// Scenario: the evaluator confirms one proposal and corrects another; a
/// decision the commands would refuse is refused with their message.
async fn the_evaluator_decides(site: &Site, b: &mut Browser) {
    b.open(site.link(EVALUATOR)).await;
    assert_eq!(b.path().await, "/valutazioni");
    assert_eq!(b.text("h1").await, "Decisioni del Nucleo di Valutazione");
    let heads = b.find_all_text("article.proposta h3").await;
    assert_eq!(heads.len(), 2, "two proposals await: {heads:?}");
    b.look("valutazioni").await;

    // A grade out of range: refused, nothing written.
    let review = site.path(REVIEW);
    let before = std::fs::read_to_string(&review).unwrap();
    let (form, area) = proposal(b, "OB09.2").await;
    decide(b, &form, "correzione", Some("150"), "Oltre il massimo.").await;
    // The refusal under the proposal, in the page's words: the grade and
    // what to write, not the file's syntax.
    let refusal = b.text(&format!("{form} .diagnostica")).await;
    assert!(
        refusal.contains("il grado 150 non è valido: scrivere un valore tra 0 e 100"),
        "{refusal}"
    );
    assert!(
        !refusal.contains('`') && !refusal.contains("grado ="),
        "{refusal}"
    );
    assert_eq!(std::fs::read_to_string(&review).unwrap(), before);
    b.look("valutazioni-rifiutata").await;

    let correction =
        "La segnalazione al Distretto è arrivata a novembre: tempestiva solo in parte.";
    decide(b, &form, "correzione", Some("80"), correction).await;
    assert!(b.text("#esito p.ok").await.contains("è stata scritta"));
    let (grade, _) = common::sportello::scored_indicator(site.dir.path(), "OB09.2", &area);
    assert_eq!(grade, Some(0.8), "the correction read back by the commands");

    let (form, area) = proposal(b, "OB20.1").await;
    let confirmation = "I progetti della DGC risultano raggiunti dalla relazione del Comandante.";
    decide(b, &form, "conferma", None, confirmation).await;
    let (_, confirmed) = common::sportello::scored_indicator(site.dir.path(), "OB20.1", &area);
    assert_eq!(confirmed.as_deref(), Some(confirmation));
    assert!(
        b.find_all_text("article.proposta").await.is_empty(),
        "no proposal left"
    );
    let taken = b.text("section[aria-labelledby=prese] table").await;
    assert!(
        taken.contains(correction) && taken.contains(confirmation),
        "{taken}"
    );
    // A title the plan writes as a list keeps its lines (review 31 N13).
    assert!(
        taken.contains("Alzano sicura\n-Domeniche estive"),
        "{taken:?}"
    );
    b.look("valutazioni-decise").await;
}

/// Scenario: the office records the validation act, writes the final
/// Relazione from its home (the page following the job by itself) and
/// downloads the PDF, whose text is read back.
async fn the_office_writes_the_final_relazione(site: &Site, b: &mut Browser) {
    b.open(site.link(OFFICE)).await;
    b.open("/valutazioni").await;
    let act = "verbale n. 7/2024 del Nucleo di Valutazione";
    let field = b.find("#validazione-atto").await;
    field.clear().await.unwrap();
    field.send_keys(act).await.unwrap();
    let date = b.find("#validazione-data").await;
    date.clear().await.unwrap();
    date.send_keys("18/04/2024").await.unwrap();
    // The fingerprint printed on the draft the Nucleo read.
    let code = common::fingerprint_of(site.dir.path());
    b.find("#validazione-risultati")
        .await
        .send_keys(&code)
        .await
        .unwrap();
    b.click_and_wait("form[action='/valutazioni/validazione'] button[type=submit]")
        .await;
    assert!(
        b.text("#esito p.ok").await.contains("registrato"),
        "the act recorded"
    );
    assert!(
        b.text("#validazione")
            .await
            .contains("La prossima Relazione sarà la versione definitiva"),
        "the next Relazione is the final one"
    );
    let relazione = std::fs::read_to_string(site.path("inputs/relazione.toml")).unwrap();
    assert!(relazione.contains(act), "the act in relazione.toml");

    // The job is held at its swap by a shared lock on outputs/, as another
    // consuntivo command writing there would hold it: the page shows it
    // running, deterministically.
    b.open("/").await;
    let hold = OutputsHeld::take(&site.path("outputs"));
    b.click_and_wait("form[action='/lavori/definitiva'] button[type=submit]")
        .await;
    assert_eq!(b.path().await, "/lavoro");
    b.wait_until(
        "the job running",
        "var j = document.querySelector('[data-lavoro]'); return !!j && j.getAttribute('data-stato') === 'in_corso';",
        10,
    )
    .await;
    b.find("progress#barra-lavoro").await;
    b.look("lavoro-in-corso").await;
    b.open("/").await;
    assert!(
        b.text("[data-lavoro] [data-lavoro-riga]")
            .await
            .contains("è in corso"),
        "the home shows the job"
    );
    b.look("situazione-lavoro-in-corso").await;
    b.open("/lavoro").await;

    // Released: the script polls the job and opens the page again when it
    // ends, with no click.
    drop(hold);
    b.wait_until(
        "the page following the job to its end",
        "var j = document.querySelector('[data-lavoro]'); return !!j && j.getAttribute('data-stato') !== 'in_corso' && document.readyState === 'complete';",
        180,
    )
    .await;
    let outcome = b.text("[data-lavoro]").await;
    assert!(
        outcome.contains("è la versione definitiva"),
        "the final version written: {outcome}"
    );
    b.look("lavoro-finito").await;

    // The PDF, downloaded from the year's documents by the browser.
    b.open("/").await;
    let pdf_name = "Relazione sulla performance 2023.pdf";
    b.click_link(pdf_name).await;
    let downloaded = b.downloaded(pdf_name).await;
    assert_eq!(
        std::fs::read(&downloaded).unwrap(),
        std::fs::read(site.path("outputs/2023").join(pdf_name)).unwrap(),
        "the download is the written PDF"
    );
    let text = common::pdftotext_flow(&downloaded);
    assert!(!text.contains("BOZZA"), "the final version has no BOZZA");
    let flat = common::flat(&text);
    assert!(flat.contains("verbale n. 7/2024"), "the act in the PDF");
    assert!(
        flat.contains("La segnalazione al Distretto è arrivata a novembre"),
        "the evaluator's correction in the PDF"
    );
    b.look("situazione-definitiva").await;

    // The record of the year: uploads, the restore, decisions, the act,
    // the job.
    b.open("/registro").await;
    let record = b.text("table.registro").await;
    for what in [
        "Invio del modulo dell'Area",
        "Ripristino del modulo dell'Area",
        "Decisione",
        "Scrittura: la Relazione definitiva",
    ] {
        assert!(
            record.contains(what),
            "the registro lists «{what}»: {record}"
        );
    }
    b.look("registro").await;
}

/// A shared lock on the outputs folder (the lock every consuntivo
/// command takes around its swap), released when dropped.
struct OutputsHeld(std::fs::File);

impl OutputsHeld {
    fn take(dir: &Path) -> OutputsHeld {
        use std::os::fd::AsRawFd;
        let f = std::fs::File::open(dir).expect("the outputs folder opens");
        // SAFETY: flock(2) on a descriptor this value owns.
        let rc = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_SH) };
        assert_eq!(rc, 0, "the outputs folder locked");
        OutputsHeld(f)
    }
}

impl Drop for OutputsHeld {
    fn drop(&mut self) {
        use std::os::fd::AsRawFd;
        // SAFETY: as above.
        unsafe { libc::flock(self.0.as_raw_fd(), libc::LOCK_UN) };
    }
}

/// The form of the pending proposal on `indicator` (a CSS selector) and
/// its unit's id.
async fn proposal(b: &Browser, indicator: &str) -> (String, String) {
    let found = b
        .exec(
            "var want = arguments[0];\
             var a = Array.from(document.querySelectorAll('article.proposta')).find(function (a) {\
               return a.querySelector('input[name=indicatore]').value === want; });\
             return a ? [a.id, a.querySelector('input[name=area]').value] : null;",
            vec![json!(indicator)],
        )
        .await;
    let [id, area]: [String; 2] = serde_json::from_value(found)
        .unwrap_or_else(|_| panic!("no pending proposal on {indicator}"));
    (format!("#{id}"), area)
}

/// Fills and sends a decision's form.
async fn decide(b: &Browser, form: &str, kind: &str, grade: Option<&str>, why: &str) {
    b.find(&format!("{form} input[value={kind}]"))
        .await
        .click()
        .await
        .unwrap();
    if let Some(g) = grade {
        let field = b.find(&format!("{form} input[name=grado]")).await;
        field.clear().await.unwrap();
        field.send_keys(g).await.unwrap();
    }
    let text = b.find(&format!("{form} textarea[name=motivazione]")).await;
    text.clear().await.unwrap();
    text.send_keys(why).await.unwrap();
    b.click_and_wait(&format!("{form} button[type=submit]"))
        .await;
}

/// The error pages every role can meet, and the office on the evaluator's page.
async fn the_error_pages(site: &Site, b: &mut Browser) {
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

    // The office's view of the evaluator's page.
    b.open("/valutazioni").await;
    b.look("valutazioni-vista-dall-ufficio").await;

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
