//! E-mail drafts of the reminders (`solleciti --email`): parsed back as a
//! mail program reads them, the attachment byte for byte the letter's PDF;
//! a unit without an address warned about by name; a wrong address or
//! unit refused at its line, nothing written.

mod common;

use common::*;
use mail_parser::{MessageParser, MimeHeaders};

const ADDRESSES: &str = "inputs/indirizzi.toml";
const LETTERS: &str = "outputs/2023/solleciti";

/// A copy of the 2023 ente with two forms not returned (Area III and Area
/// VI), so two letters are due on 15/03/2024.
fn two_letters_due() -> tempfile::TempDir {
    let dir = scratch_inputs();
    for form in [
        "2023 - Area III Finanziaria.xlsx",
        "2023 - Area VI Polizia Locale.xlsx",
    ] {
        std::fs::remove_file(dir.path().join("inputs/rendicontazioni/2023").join(form)).unwrap();
    }
    dir
}

#[test]
fn a_draft_per_letter_with_an_address_and_a_warning_for_the_others() {
    let dir = two_letters_due();
    std::fs::write(
        dir.path().join(ADDRESSES),
        "# Indirizzi per le bozze di e-mail\n[unita]\nIII = \"ragioneria@comune.esempio.it\"\n",
    )
    .unwrap();
    let out = consuntivo(&["solleciti", "--al", "15/03/2024", "--email"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains(
            "Bozze di e-mail (file .eml, da aprire con il programma di posta, controllare e inviare), 1 su 2:\n  Area III Finanziaria\n"
        ),
        "{said}"
    );
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "nessuna bozza di e-mail per l'Area VI Polizia Locale, che non ha un indirizzo"
        ),
        "{err}"
    );
    assert!(err.contains("sotto [unita] la riga VI = "), "{err}");

    let folder = dir.path().join(LETTERS);
    let eml = folder.join("Sollecito 2023 – Area III Finanziaria.eml");
    assert!(
        !folder
            .join("Sollecito 2023 – Area VI Polizia Locale.eml")
            .exists()
    );
    let bytes = std::fs::read(&eml).unwrap();
    let message = MessageParser::default().parse(&bytes).expect("an e-mail");
    // Addressed to the unit (its head, when the plan names one), at the
    // unit's address; never sent.
    let to = message.to().unwrap().first().unwrap();
    assert_eq!(to.address(), Some("ragioneria@comune.esempio.it"));
    assert_eq!(to.name(), Some("Area III Finanziaria"));
    assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
    assert_eq!(
        message.subject(),
        Some("Sollecito per la rendicontazione della performance 2023 – Area III Finanziaria")
    );
    let body = message.body_text(0).unwrap();
    let txt =
        std::fs::read_to_string(folder.join("Sollecito 2023 – Area III Finanziaria.txt")).unwrap();
    // The same text as the .txt, without its subject line.
    assert!(
        txt.starts_with("Oggetto: Sollecito per la rendicontazione"),
        "{txt}"
    );
    assert_eq!(
        body.replace("\r\n", "\n").trim(),
        txt.split_once("\n\n").unwrap().1.trim(),
        "{body}"
    );
    assert!(body.contains("non è ancora pervenuto"), "{body}");
    let attachment = message.attachment(0).expect("the letter attached");
    assert_eq!(
        attachment.attachment_name(),
        Some("Sollecito 2023 – Area III Finanziaria.pdf")
    );
    assert_eq!(attachment.content_type().unwrap().subtype(), Some("pdf"));
    assert_eq!(
        attachment.contents(),
        std::fs::read(folder.join("Sollecito 2023 – Area III Finanziaria.pdf")).unwrap(),
        "the attachment is the letter, byte for byte"
    );
    // Plain ASCII headers, lines within the limit.
    let raw = String::from_utf8(bytes).expect("7-bit text");
    assert!(raw.is_ascii());
    assert!(raw.split("\r\n").all(|l| l.len() <= 998));

    // Without --email, no draft, no warning; the earlier drafts go.
    let out = consuntivo(&["solleciti", "--al", "16/03/2024"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("bozza di e-mail"));
    assert!(!eml.exists());
}

#[test]
fn wrong_addresses_and_units_are_refused_at_their_line_and_nothing_is_written() {
    let dir = two_letters_due();
    std::fs::write(
        dir.path().join(ADDRESSES),
        "[unita]\nIII = \"ragioneria(at)comune.esempio.it\"\nIX = \"nove@comune.esempio.it\"\nVI = 3\n\n[altro]\n",
    )
    .unwrap();
    let out = consuntivo(&["solleciti", "--al", "15/03/2024", "--email"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    for expected in [
        "indirizzi.toml:2:7: «ragioneria(at)comune.esempio.it» non è un indirizzo di posta elettronica valido",
        "indirizzi.toml:3:1: «IX» non è il codice di un'Area del piano",
        "i codici del piano sono: SG, I, II, III, IV, V, VI",
        "indirizzi.toml:4:6: l'indirizzo dell'Area VI Polizia Locale deve essere un testo tra virgolette, non un numero intero",
        "indirizzi.toml:6:2: chiave sconosciuta `altro`",
    ] {
        assert!(err.contains(expected), "«{expected}» not in:\n{err}");
    }
    assert!(!dir.path().join(LETTERS).exists(), "nothing written");
    // `verifica` reads the file too: the mistake is found before the day
    // the letters go out (review 33 C15).
    let out = consuntivo(&["verifica"], dir.path());
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("«ragioneria(at)comune.esempio.it» non è un indirizzo"),
        "{}",
        text(&out.stderr)
    );
}

/// `--email` without an address book: the letters are written, and one
/// warning names the missing file and the letters without a draft.
#[test]
fn a_missing_address_book_warns_for_every_unit_in_the_ente_s_words() {
    let dir = two_letters_due();
    let out = consuntivo(&["solleciti", "--al", "15/03/2024", "--email"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    // Said once, naming the file where it belongs and the letters without
    // a draft (review 33 C14).
    assert_eq!(err.matches("nessuna bozza di e-mail").count(), 1, "{err}");
    assert!(
        err.contains(
            "inputs/indirizzi.toml: nessuna bozza di e-mail: il file degli indirizzi non c'è"
        ),
        "{err}"
    );
    assert!(
        err.contains("Area III Finanziaria") && err.contains("Area VI Polizia Locale"),
        "{err}"
    );
    assert!(err.contains("docs/durante-anno.md"), "{err}");
    assert!(
        !dir.path()
            .join(LETTERS)
            .join("Sollecito 2023 – Area III Finanziaria.eml")
            .exists()
    );
}

const EVALUATIONS: &str = "inputs/valutazioni-individuali-2023.toml";
const CONFIDENTIAL: &str = "outputs/2023/riservato";

/// The 2023 evaluations file with an address for `who` (name → address).
fn with_addresses(dir: &std::path::Path, who: &[(&str, &str)]) {
    let path = dir.join(EVALUATIONS);
    let mut toml = std::fs::read_to_string(&path).unwrap();
    for (name, address) in who {
        let line = format!("nome = \"{name}\"\n");
        assert!(toml.contains(&line), "{name}");
        toml = toml.replacen(&line, &format!("{line}email = \"{address}\"\n"), 1);
    }
    std::fs::write(path, toml).unwrap();
}

#[test]
fn a_concluded_scheda_goes_to_its_person_only_as_a_draft_with_the_pdf_attached() {
    let dir = scratch_inputs();
    with_addresses(
        dir.path(),
        &[
            (
                "Giulia Carrara (esempio)",
                "giulia.carrara@comune.esempio.it",
            ),
            (
                "Elena Marchetti (esempio)",
                "elena.marchetti@comune.esempio.it",
            ),
        ],
    );
    let out = consuntivo(&[], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Counted, never named: the file names are people's names.
    let said = text(&out.stdout);
    assert!(
        said.contains("7 schede individuali e 2 bozze di e-mail in outputs/2023/riservato/"),
        "{said}"
    );
    assert!(!said.contains("Carrara"), "{said}");
    // The others are warned about, by unit.
    let err = text(&out.stderr);
    assert!(
        err.contains("nessuna bozza di e-mail per la scheda individuale dell'Area III Finanziaria: manca l'indirizzo della persona valutata"),
        "{err}"
    );
    assert_eq!(
        err.matches("nessuna bozza di e-mail per la scheda").count(),
        5,
        "{err}"
    );
    // Named by unit and line, never by person: no name in the terminal.
    for name in [
        "Silvia Rota",
        "Marco Pezzotta",
        "Luca Bonomi",
        "Carrara",
        "Marchetti",
    ] {
        assert!(!err.contains(name) && !said.contains(name), "{name}: {err}");
    }

    let folder = dir.path().join(CONFIDENTIAL);
    let stem = "Scheda individuale 2023 - Area I Affari generali e giuridico-legale - Giulia Carrara (esempio)";
    let bytes = std::fs::read(folder.join(format!("{stem}.eml"))).unwrap();
    let message = MessageParser::default().parse(&bytes).expect("an e-mail");
    let to: Vec<_> = message.to().unwrap().iter().collect();
    assert_eq!(to.len(), 1, "to that person only");
    assert_eq!(to[0].address(), Some("giulia.carrara@comune.esempio.it"));
    assert!(message.cc().is_none() && message.bcc().is_none());
    assert_eq!(
        message.subject(),
        Some("Scheda di valutazione individuale 2023 – Giulia Carrara (esempio)")
    );
    let body = message.body_text(0).unwrap();
    for words in [
        "Gentile Giulia Carrara (esempio),",
        "per l'anno 2023, come Responsabile di Area (Area I Affari generali e giuridico-legale), conclusa il 22 aprile 2024.",
        // The SMVP's conciliation, from smvp.toml.
        "Entro 15 giorni dal ricevimento di questo messaggio può chiedere il riesame della valutazione, con una richiesta motivata al Nucleo di Valutazione",
    ] {
        assert!(body.contains(words), "«{words}» in {body}");
    }
    // The Segretario's unit is named like the role: said once.
    let top = std::fs::read(
        folder
            .join("Scheda individuale 2023 - Segretario generale - Elena Marchetti (esempio).eml"),
    )
    .unwrap();
    let top = MessageParser::default().parse(&top).unwrap();
    assert!(
        top.body_text(0)
            .unwrap()
            .contains("come Segretario generale, conclusa"),
        "{:?}",
        top.body_text(0)
    );
    let attachment = message.attachment(0).expect("the scheda attached");
    assert_eq!(
        attachment.attachment_name(),
        Some(format!("{stem}.pdf").as_str())
    );
    assert_eq!(
        attachment.contents(),
        std::fs::read(folder.join(format!("{stem}.pdf"))).unwrap()
    );
    // Nobody without an address gets a draft; nothing reaches the public list.
    let drafts = std::fs::read_dir(&folder)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "eml")
        })
        .count();
    assert_eq!(drafts, 2);
    let list = std::fs::read_to_string(
        dir.path()
            .join("outputs/2023/Cosa pubblicare e dove 2023.csv"),
    )
    .unwrap();
    assert!(
        !list.contains(".eml") && !list.contains("riservato"),
        "{list}"
    );
}

#[test]
fn a_draft_run_writes_no_scheda_draft_and_a_wrong_address_is_refused_at_its_line() {
    let dir = scratch_inputs();
    with_addresses(
        dir.path(),
        &[(
            "Giulia Carrara (esempio)",
            "giulia.carrara@comune.esempio.it",
        )],
    );
    let out = consuntivo(&["relazione", "--bozza"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let folder = dir.path().join(CONFIDENTIAL);
    assert!(
        std::fs::read_dir(&folder).unwrap().all(|e| e
            .unwrap()
            .path()
            .extension()
            .is_none_or(|x| x != "eml")),
        "a draft scheda is not sent"
    );
    assert!(!text(&out.stderr).contains("nessuna bozza di e-mail"));

    let dir = scratch_inputs();
    with_addresses(
        dir.path(),
        &[("Silvia Rota (esempio)", "silvia.rota@comune")],
    );
    let out = consuntivo(&[], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let line = std::fs::read_to_string(dir.path().join(EVALUATIONS))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("email = "))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "valutazioni-individuali-2023.toml:{line}:9: l'indirizzo e-mail «silvia.rota@comune» non è valido: il dominio dopo la @ non è valido"
        )),
        "{err}"
    );
    assert!(!dir.path().join("outputs/2023").exists(), "nothing written");
}

/// «conclusa l'11 aprile»; and while the fund waits for an open
/// evaluation, no scheda is sent whose amount would still change.
#[test]
fn a_scheda_is_sent_only_with_its_amount_and_its_date_reads_right() {
    let dir = scratch_inputs();
    with_addresses(
        dir.path(),
        &[(
            "Giulia Carrara (esempio)",
            "giulia.carrara@comune.esempio.it",
        )],
    );
    let path = dir.path().join(EVALUATIONS);
    let toml = std::fs::read_to_string(&path).unwrap();
    let at = toml.find("Giulia Carrara").unwrap();
    let (head, tail) = toml.split_at(at);
    let tail = tail.replacen("data = \"22/04/2024\"", "data = \"11/04/2024\"", 1);
    std::fs::write(&path, format!("{head}{tail}")).unwrap();
    let out = consuntivo(&[], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stem = "Scheda individuale 2023 - Area I Affari generali e giuridico-legale - Giulia Carrara (esempio)";
    let folder = dir.path().join(CONFIDENTIAL);
    let bytes = std::fs::read(folder.join(format!("{stem}.eml"))).unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    let body = message.body_text(0).unwrap();
    assert!(body.contains("conclusa l'11 aprile 2024."), "{body}");

    // Area VI's evaluation left open: the fund is not split yet.
    let toml = std::fs::read_to_string(&path).unwrap();
    let at = toml.find("Luca Bonomi").unwrap();
    let (head, tail) = toml.split_at(at);
    let tail = tail.replacen("\ndata = ", "\n# data = ", 1);
    std::fs::write(&path, format!("{head}{tail}")).unwrap();
    let out = consuntivo(&[], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!folder.join(format!("{stem}.eml")).exists());
    let err = text(&out.stderr);
    assert!(
        err.contains("la bozza di e-mail della scheda individuale dell'Area I Affari generali e giuridico-legale non è scritta: la retribuzione di risultato non è ancora determinata"),
        "{err}"
    );
}
