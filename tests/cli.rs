//! End-to-end: the real binary on the real files shipped in `inputs/`.

use std::path::PathBuf;

mod common;
use common::{all_under, consuntivo, files_under, pdftotext, repo, scratch_inputs, text};

#[test]
fn piano_prints_the_2023_summary() {
    let out = consuntivo(&["piano"], &repo());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Comune di Alzano Lombardo"), "{stdout}");
    assert!(stdout.contains("2023"), "{stdout}");
}

#[test]
fn piano_json_is_valid_json_with_the_plan_ids() {
    let out = consuntivo(&["piano", "--json"], &repo());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["year"], 2023);
    assert!(v["objectives"].as_array().is_some_and(|a| a.len() > 40));
}

#[test]
fn a_broken_plan_fails_with_the_position_and_writes_nothing() {
    let dir = scratch_inputs();
    let plan = dir.path().join("inputs/piano-2023.toml");
    let original = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        original.replacen("anno = 2023", "anno = 2023\nanno_x = 1", 1),
    )
    .unwrap();
    let out = consuntivo(&[], dir.path());
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("piano-2023.toml:"), "{stderr}");
    assert!(stderr.contains("anno_x"), "{stderr}");
    assert!(files_under(&dir.path().join("outputs")).is_empty());
}

#[test]
fn the_main_job_writes_every_report_of_2023() {
    let dir = scratch_inputs();
    let out = consuntivo(&[], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    // stderr is a pipe here, not a terminal: no progress bar in it, so
    // logs stay clean.
    let stderr = text(&out.stderr);
    for drawn in ["Moduli letti", "Documenti composti", "\r", "\u{1b}["] {
        assert!(!stderr.contains(drawn), "{drawn:?} in {stderr:?}");
    }
    let stdout = text(&out.stdout);
    // The example data of Area III: two deadlines missed by weeks.
    assert!(stdout.contains("Area III Finanziaria"), "{stdout}");
    // The run says which version it wrote, and claims nothing about files
    // it did not write.
    assert!(
        stdout.contains("La Relazione 2023 è la versione definitiva"),
        "{stdout}"
    );
    assert!(!stdout.contains("contiene ora solo"), "{stdout}");
    assert!(
        stdout.contains("Grado dell'ente: 91,4% (Raggiunto)"),
        "{stdout}"
    );

    let year = dir.path().join("outputs/2023");
    let relazione = year.join("Relazione sulla performance 2023.pdf");
    let xlsx = year.join("Riepilogo performance 2023.xlsx");
    assert!(relazione.is_file() && xlsx.is_file());
    let schede = files_under(&year.join("schede"));
    assert_eq!(schede.len(), 7, "one scheda per unit: {schede:?}");
    assert!(year.join("schede/Area III Finanziaria.pdf").is_file());

    let pdf = pdftotext(&relazione);
    assert!(pdf.contains("Relazione sulla performance"));
    assert!(pdf.contains("Comune di Alzano Lombardo"));
    assert!(
        pdf.contains("30 aprile 2024"),
        "document date from inputs/relazione.toml"
    );
    assert!(pdf.contains("79,7%"), "Area III grade");
    assert!(
        pdf.contains("Installazione telecamere"),
        "an indicator of Area VI"
    );
    // The Nucleo's neutralisation of OB21.4, with its reason.
    assert!(pdf.contains("Regione Lombardia non ha pubblicato"));
    // Annex: the source files with their SHA-256.
    assert!(
        pdf.contains("personale.ods"),
        "the LibreOffice form is listed"
    );

    // Nothing is left behind by the atomic writer: no staging or retired
    // folder, no temporary file.
    for p in all_under(dir.path().join("outputs").as_path()) {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.contains("consuntivo-nuovo") && !name.contains("consuntivo-vecchio"),
            "{}",
            p.display()
        );
    }
}

#[test]
fn same_inputs_give_byte_identical_reports() {
    let dir = scratch_inputs();
    assert!(consuntivo(&["--uscite", "a"], dir.path()).status.success());
    assert!(consuntivo(&["--uscite", "b"], dir.path()).status.success());
    let a = files_under(&dir.path().join("a"));
    let b = files_under(&dir.path().join("b"));
    // 9 reports, 5 open-data files and the 3 of the premi, 7 individual
    // schede and their workbook, the publication list as PDF and CSV; a
    // scheda per person of the staff file and the payment list.
    let staff = std::fs::read_to_string(dir.path().join("inputs/personale-2023.toml"))
        .unwrap()
        .lines()
        .filter(|l| l.trim() == "[[persona]]")
        .count();
    assert!(staff > 0);
    assert_eq!(a.len(), 27 + staff + 1);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
}

#[test]
fn a_bad_form_stops_the_run_naming_the_cell_and_keeps_old_outputs() {
    let dir = scratch_inputs();
    // A first good run leaves reports in outputs/.
    assert!(consuntivo(&[], dir.path()).status.success());
    let before: Vec<(PathBuf, Vec<u8>)> = files_under(&dir.path().join("outputs"))
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    // A second form for Area III is an error: which one is right?
    let forms = dir.path().join("inputs/rendicontazioni/2023");
    std::fs::copy(
        forms.join("2023 - Area III Finanziaria.xlsx"),
        forms.join("2023 - Area III Finanziaria (copia).xlsx"),
    )
    .unwrap();
    let out = consuntivo(&[], dir.path());
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Area III Finanziaria (copia).xlsx"),
        "{stderr}"
    );
    assert!(stderr.contains("Nessun file è stato scritto"), "{stderr}");
    let after: Vec<(PathBuf, Vec<u8>)> = files_under(&dir.path().join("outputs"))
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    assert_eq!(
        before, after,
        "a failed run leaves the previous outputs untouched"
    );
}

#[test]
fn verifica_reads_every_form_including_the_libreoffice_one() {
    let out = consuntivo(&["verifica"], &repo());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Moduli verificati: 7"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn moduli_writes_one_form_per_unit_that_reads_back() {
    use calamine::{Data, Reader};
    let dir = scratch_inputs();
    let out = consuntivo(
        &[
            "moduli",
            "--scadenza",
            "15/02/2024",
            "--referente",
            "Ufficio personale, interno 214",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let forms = files_under(&dir.path().join("outputs/moduli/2023"));
    assert_eq!(forms.len(), 7, "{forms:?}");
    let area_iii = dir
        .path()
        .join("outputs/moduli/2023/2023 - Area III Finanziaria.xlsx");
    let mut wb = calamine::open_workbook_auto(&area_iii).unwrap();
    let instructions: String = wb
        .worksheet_range("Istruzioni")
        .unwrap()
        .cells()
        .filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(instructions.contains("15 febbraio 2024"), "{instructions}");
    assert!(
        instructions.contains("Ufficio personale, interno 214"),
        "{instructions}"
    );
    // Blank forms are valid forms: the check passes, with warnings for the empty rows.
    let out = consuntivo(&["verifica", "--dati", "outputs/moduli/2023"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn the_xlsx_summary_holds_the_area_grades_as_numbers() {
    use calamine::{Data, Reader};
    let dir = scratch_inputs();
    assert!(consuntivo(&[], dir.path()).status.success());
    let path = dir
        .path()
        .join("outputs/2023/Riepilogo performance 2023.xlsx");
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    let sheet = wb.worksheet_range("Sintesi").unwrap();
    let row = sheet
        .rows()
        .find(|r| {
            r.iter()
                .any(|c| matches!(c, Data::String(s) if s == "Area III Finanziaria"))
        })
        .expect("a row for Area III");
    let grade = row
        .iter()
        .find_map(|c| match c {
            Data::Float(f) if *f > 0.0 && *f <= 1.0 => Some(*f),
            _ => None,
        })
        .expect("a grade as a number");
    assert!((grade - 0.797).abs() < 0.001, "{grade}");
}

#[test]
fn help_and_argument_errors_are_in_italian() {
    let out = consuntivo(&["--help"], &repo());
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(
        help.contains("Uso: consuntivo [OPZIONI] [COMANDO]"),
        "{help}"
    );
    assert!(
        help.contains("Comandi:") && help.contains("Opzioni:"),
        "{help}"
    );
    assert!(
        !help.contains("Usage") && !help.contains("Print help"),
        "{help}"
    );
    let out = consuntivo(&["relazione", "--help"], &repo());
    assert!(text(&out.stdout).contains("Uso: consuntivo relazione [OPZIONI]"));

    let out = consuntivo(&["relazione", "--data", "31/02/2024"], &repo());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "errore: per --data, «31/02/2024» non è una data valida (si scrive GG/MM/AAAA)"
        ),
        "{stderr}"
    );
    // One colon, after «errore» (review 32: four in a row).
    assert_eq!(
        stderr.lines().next().unwrap().matches(':').count(),
        1,
        "{stderr}"
    );
    // A command without its action says which actions it has (review 33
    // C10: «argomenti non validi ()»).
    let out = consuntivo(&["smvp"], &repo());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("errore: manca l'azione da svolgere: consuntivo smvp documento"),
        "{stderr}"
    );
    let out = consuntivo(&["boh"], &repo());
    assert!(text(&out.stderr).contains("comando sconosciuto «boh»"));

    // An option of another command says which command takes it.
    let out = consuntivo(&["--bozza"], &repo());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "argomento sconosciuto «--bozza»\n  suggerimento: --bozza è un'opzione del comando «relazione»: scrivere «consuntivo relazione --bozza»"
        ),
        "{stderr}"
    );
    let out = consuntivo(&["verifica", "--scadenza", "31/03/2024"], &repo());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("--scadenza è un'opzione dei comandi «moduli», «solleciti»"),
        "{stderr}"
    );
    // An option of the Relazione added to the command without arguments
    // (which is the Relazione) is meant for `relazione`.
    let out = consuntivo(&["--data", "30/04/2024"], &repo());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("scrivere, ad esempio, «consuntivo relazione --data» (la Relazione, che è il comando predefinito)"),
        "{stderr}"
    );
    // A word no command takes gets no made-up hint.
    let out = consuntivo(&["--nessuna"], &repo());
    assert!(!text(&out.stderr).contains("suggerimento"));
}

#[test]
fn help_texts_give_no_year_of_a_real_plan_as_example() {
    let mut helps = vec![text(&consuntivo(&["--help"], &repo()).stdout)];
    for cmd in common::COMMANDS {
        let out = consuntivo(&[cmd, "--help"], &repo());
        assert!(out.status.success());
        helps.push(text(&out.stdout));
    }
    let all = helps.join("\n");
    assert!(!all.contains("piano-2023"), "{all}");
    assert!(all.contains("il piano-<anno>.toml più recente"), "{all}");
}

#[test]
fn stato_and_solleciti_follow_the_forms_returned_so_far() {
    let dir = scratch_inputs();
    let out = consuntivo(&["stato", "--al", "15/03/2024"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("al 15 marzo 2024"), "{stdout}");
    assert!(stdout.contains("7 su 7"), "{stdout}");
    assert!(
        dir.path()
            .join("outputs/2023/Stato rendicontazione 2023.xlsx")
            .is_file()
    );
    let out = consuntivo(&["solleciti", "--al", "15/03/2024"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("nessun sollecito"));
    assert!(files_under(&dir.path().join("outputs/2023/solleciti")).is_empty());

    // One unit's form has not come back: one letter, as PDF and as text.
    std::fs::remove_file(
        dir.path()
            .join("inputs/rendicontazioni/2023/2023 - Area VI Polizia Locale.xlsx"),
    )
    .unwrap();
    let out = consuntivo(&["solleciti", "--al", "15/03/2024"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("Scritto 1 sollecito in "), "{said}");
    let letters = files_under(&dir.path().join("outputs/2023/solleciti"));
    let names: Vec<String> = letters
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "Sollecito 2023 – Area VI Polizia Locale.pdf",
            "Sollecito 2023 – Area VI Polizia Locale.txt"
        ]
    );
    let pdf = pdftotext(&letters[0]);
    assert!(pdf.contains("non è ancora pervenuto"), "{pdf}");
    let out = consuntivo(&["stato", "--al", "15/03/2024"], dir.path());
    assert!(text(&out.stdout).contains("6 su 7"));

    // Someone's notes and a signed letter in the folder are not the
    // command's: they stay, run after run, while its own stale letter goes
    // once the form is back.
    let folder = dir.path().join("outputs/2023/solleciti");
    std::fs::write(folder.join("appunti.txt"), "chiamare il comandante").unwrap();
    std::fs::write(folder.join("Sollecito firmato.pdf"), "%PDF firmato").unwrap();
    let out = consuntivo(&["solleciti", "--al", "16/03/2024"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(files_under(&folder).len(), 4);
    std::fs::copy(
        repo().join("inputs/rendicontazioni/2023/2023 - Area VI Polizia Locale.xlsx"),
        dir.path()
            .join("inputs/rendicontazioni/2023/2023 - Area VI Polizia Locale.xlsx"),
    )
    .unwrap();
    let out = consuntivo(&["solleciti", "--al", "17/03/2024"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let left: Vec<String> = files_under(&folder)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["Sollecito firmato.pdf", "appunti.txt"]);
    assert_eq!(
        std::fs::read_to_string(folder.join("appunti.txt")).unwrap(),
        "chiamare il comandante"
    );
}

/// The day the forms go out, the year's folder of returned forms does
/// not exist yet: `stato` says no form is back and `solleciti` writes a
/// letter to every unit, as with an empty folder; a folder named with
/// `--dati` must exist.
#[test]
fn stato_and_solleciti_before_any_form_is_back() {
    let dir = scratch_inputs();
    std::fs::remove_dir_all(dir.path().join("inputs/rendicontazioni/2023")).unwrap();
    let out = consuntivo(&["stato", "--al", "15/03/2024"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("0 su 7"), "{stdout}");
    let out = consuntivo(&["solleciti", "--al", "15/03/2024"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    // No letter to the top official's own unit: its head signs them.
    assert!(said.contains("Scritti 6 solleciti in "), "{said}");
    assert!(
        said.contains("Segretario generale, 4 righe da completare a cura dell'ufficio"),
        "{said}"
    );
    assert_eq!(
        files_under(&dir.path().join("outputs/2023/solleciti")).len(),
        12
    );
    let out = consuntivo(
        &["stato", "--al", "15/03/2024", "--dati", "non-esiste"],
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("la cartella non esiste"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn monitoring_forms_are_written_read_and_kept_apart_from_year_end_ones() {
    let dir = scratch_inputs();
    // A check date of another year than the plan's: refused, nothing
    // written (review 32 B1).
    let out = consuntivo(&["moduli", "--monitoraggio", "30/06/2026"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("la data del monitoraggio, 30/06/2026, non è dell'anno del piano (2023)")
            && err.contains("per esempio 30/06/2023"),
        "{err}"
    );
    assert!(!dir.path().join("outputs/moduli").exists());
    let out = consuntivo(&["moduli", "--monitoraggio", "30/06/2023"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let forms = files_under(
        &dir.path()
            .join("outputs/moduli/2023/monitoraggio 30-06-2023"),
    );
    assert_eq!(forms.len(), 7, "{forms:?}");

    // The example monitoring forms shipped in inputs/monitoraggio/2023.
    let out = consuntivo(&["monitoraggio", "--data", "10/07/2023"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = dir
        .path()
        .join("outputs/2023/Monitoraggio al 30 giugno 2023.pdf");
    let body = pdftotext(&pdf);
    assert!(body.contains("Proposte di modifica del piano"), "{body}");
    assert!(
        dir.path()
            .join("outputs/2023/Monitoraggio al 30 giugno 2023.xlsx")
            .is_file()
    );

    // A monitoring form among the year-end ones stops the run, named.
    let stray = &forms[0];
    let name = stray.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::copy(
        stray,
        dir.path().join("inputs/rendicontazioni/2023").join(&name),
    )
    .unwrap();
    let out = consuntivo(&["verifica"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("«{name}» è un modulo di monitoraggio intermedio")),
        "{err}"
    );
}

/// `stato | head` with a reader already gone: the status is still written,
/// and the program ends quietly instead of a panic on printing.
#[test]
fn stato_ends_quietly_on_a_closed_pipe() {
    let dir = common::scratch_inputs();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_consuntivo"))
        .args(["stato", "--al", "15/03/2024"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(common::text(&out.stderr), "", "quiet on a closed pipe");
    assert!(out.status.success());
    assert!(
        dir.path()
            .join("outputs/2023/Stato rendicontazione 2023.xlsx")
            .exists()
    );
}

/// A first run in an empty folder says where each missing file comes
/// from, and names it by its whole path.
#[test]
fn a_first_run_says_where_the_plan_and_the_rules_come_from() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("inputs")).unwrap();
    let out = consuntivo(&["valuta"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("errore: inputs: nessun piano trovato: serve un file piano-<anno>.toml"),
        "{err}"
    );
    assert!(err.contains("«consuntivo piano modello»"), "{err}");
    assert!(err.contains("«consuntivo piano importa FILE»"), "{err}");
    std::fs::copy(
        repo().join("tests/fixtures/piani/settori/piano-2025.toml"),
        dir.path().join("inputs/piano-2025.toml"),
    )
    .unwrap();
    let out = consuntivo(&["valuta"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let rules = std::path::Path::new("inputs").join("smvp.toml");
    assert!(
        err.contains(&format!(
            "errore: {}: impossibile leggere il file delle regole: il file non esiste",
            rules.display()
        )),
        "{err}"
    );
    assert!(err.contains("docs/regole-smvp.md"), "{err}");
}

#[test]
fn the_plan_document_agrees_its_counts_and_starts_the_funding_with_a_capital() {
    let dir = scratch_inputs();
    let out = consuntivo(&["piano", "documento"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let all = common::flat(&common::pdftotext_flow(
        &dir.path().join("outputs/piano-2023.pdf"),
    ));
    assert!(all.contains("almeno 1 corso sull"), "{all}");
    assert!(!all.contains("almeno 1 corsi"), "{all}");
    assert!(!all.contains("almeno 1 verifiche"), "{all}");
    assert!(
        all.contains("Senza peso. Da finanziarsi con Sanzioni CdS"),
        "{all}"
    );
    assert!(!all.contains("Senza peso. da"), "{all}");
}

#[test]
fn an_option_without_its_value_says_what_to_write() {
    let dir = scratch_inputs();
    let out = consuntivo(&["moduli", "--monitoraggio"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "errore: manca la data di --monitoraggio (GG/MM/AAAA), da scrivere dopo l'opzione\n  suggerimento: per esempio --monitoraggio 30/06/AAAA, con l'anno del piano"
        ),
        "{err}"
    );
    // One colon after «errore», none chained (review 31 N15).
    assert_eq!(err.lines().next().unwrap().matches(':').count(), 1, "{err}");
    assert!(!err.contains("«»"), "{err}");
}

#[test]
fn hidden_bookkeeping_files_are_not_reported_as_written() {
    let dir = scratch_inputs();
    let out = consuntivo(&["relazione", "--bozza"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(!said.contains(".consuntivo-"), "{said}");
    assert!(
        dir.path()
            .join("outputs/2023/.consuntivo-schede.tsv")
            .exists()
    );
    // A draft with warnings: they are read before the draft goes to the
    // evaluator, not «before publishing» what is not to be published
    // (review 32 B7).
    std::fs::remove_file(
        dir.path()
            .join("inputs/rendicontazioni/2023/2023 - Area VI Polizia Locale.xlsx"),
    )
    .unwrap();
    let out = consuntivo(&["relazione", "--bozza"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains(" prima di inviare la bozza al Nucleo di Valutazione."),
        "{said}"
    );
    assert!(!said.contains("prima di pubblicare"), "{said}");
}

#[test]
fn a_folder_named_like_a_form_is_named_in_a_warning() {
    let dir = scratch_inputs();
    let forms = dir.path().join("inputs/rendicontazioni/2023");
    let form = forms.join("2023 - Area VI Polizia Locale.xlsx");
    std::fs::remove_file(&form).unwrap();
    std::fs::create_dir(&form).unwrap();
    let out = consuntivo(&["verifica"], dir.path());
    let err = text(&out.stderr);
    assert!(
        err.contains("2023 - Area VI Polizia Locale.xlsx: cartella ignorata, perché ha il nome di un modulo ma non è un modulo"),
        "{err}"
    );
    // The unit without its form is said once, by its name (review 30
    // R30-23: three messages, the last naming the unit by its code).
    assert_eq!(
        err.matches("Area VI Polizia Locale – nessun modulo trovato")
            .count(),
        1,
        "{err}"
    );
    assert!(!err.contains("non ha inviato il modulo"), "{err}");
    // No chain of colons (review 32 A4).
    for line in err.lines().filter(|l| l.contains("nessun modulo")) {
        assert_eq!(line.matches(": ").count(), 2, "{line}");
    }
}
