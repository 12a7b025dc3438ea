//! End-to-end: the payment-times rule (art. 4-bis, c. 2, DL 13/2023) on
//! the 2023 example with a flagged indicator, through the real binary:
//! the head who answers for it loses the share, the others keep their
//! amounts, the scheda says so, the public files say nothing of anyone's
//! amount; the pending check; the bad inputs stop the run.

mod common;

use std::path::Path;

use common::*;

const PLAN: &str = "inputs/piano-2023.toml";
const EVALUATIONS: &str = "inputs/valutazioni-individuali-2023.toml";

/// OB06.1 (Area III alone, graded 0% in the example) flagged as the
/// payment-times indicator.
const FLAG_FROM: &str =
    "aree = [\"III\"]\ntraguardi = [{ tipo = \"scadenza\", data = \"12/06/2023\" }]";

fn flag(dir: &Path) {
    let path = dir.join(PLAN);
    let plan = std::fs::read_to_string(&path).unwrap();
    assert!(plan.contains(FLAG_FROM));
    let flagged = plan.replacen(
        FLAG_FROM,
        &format!("{FLAG_FROM}\ntempi_pagamento = true"),
        1,
    );
    std::fs::write(path, flagged).unwrap();
}

/// `[tempi_pagamento]` at the top of the evaluations file.
fn pcc(dir: &Path, check: bool) {
    let path = dir.join(EVALUATIONS);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("[[persona]]").unwrap();
    let section = format!(
        "[tempi_pagamento]\nindicatore_ritardo = 7.25\nanno = 2023\n{}\n",
        if check {
            "verifica_revisori = \"Verbale del Revisore dei conti n. 3\"\ndata_verifica = \"20/03/2024\"\n"
        } else {
            ""
        }
    );
    std::fs::write(&path, format!("{}{section}{}", &text[..at], &text[at..])).unwrap();
}

/// (name, amount, withheld) of each row of the Valutazioni sheet.
fn amounts(dir: &Path) -> Vec<(String, Option<f64>, Option<f64>)> {
    let path = dir.join("outputs/2023/riservato/Valutazioni individuali 2023.xlsx");
    let columns = [
        "Retribuzione di risultato",
        "Trattenuta per i tempi di pagamento",
    ];
    evaluation_rows(&path, &columns)
        .into_iter()
        .map(|(name, c)| (name, cell_number(&c[0]), cell_number(&c[1])))
        .collect()
}

/// The scheda of the head of Area III in the example.
fn rota_s_scheda(dir: &Path) -> String {
    let riservato = dir.join("outputs/2023/riservato");
    let scheda = every_file_under(&riservato)
        .into_iter()
        .find(|p| p.to_string_lossy().contains("Rota") && p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    flat(&pdftotext(&scheda))
}

/// Runs `validazione` and reads the carta di lavoro back.
fn carta_di_lavoro(dir: &Path) -> String {
    let out = consuntivo(&["validazione"], dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = dir.join("outputs/2023/validazione/Carta di lavoro per la validazione 2023.pdf");
    flat(&pdftotext(&pdf))
}

fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// "€ 1.505,46" for 150546 cents.
fn euro(c: i64) -> String {
    let units = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("€ {grouped},{:02}", c % 100)
}

fn every_file_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(every_file_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_head_who_misses_the_flagged_indicator_loses_the_share_and_no_public_file_tells() {
    // The run without the flag: the amounts the split gives.
    let base = scratch_inputs();
    pcc(base.path(), true);
    let out = consuntivo(&["relazione"], base.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The shipped rules state the share and the plan flags nothing: said.
    assert!(
        flat(&text(&out.stderr)).contains("non indica quale obiettivo li misura"),
        "{}",
        text(&out.stderr)
    );
    let before = amounts(base.path());
    // The carta di lavoro says the rule is not applied, and why.
    let carta = carta_di_lavoro(base.path());
    assert!(
        carta.contains("Tempi di pagamento")
            && carta.contains("ma il piano non indica quale obiettivo lo misura"),
        "{carta}"
    );

    let dir = scratch_inputs();
    flag(dir.path());
    pcc(dir.path(), true);
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let after = amounts(dir.path());
    assert_eq!(after.len(), before.len());
    for (b, a) in before.iter().zip(&after) {
        if a.0.contains("Rota") {
            continue;
        }
        // Everyone else: the amount of the split, unchanged; no withholding.
        assert_eq!((b.0.as_str(), b.1), (a.0.as_str(), a.1));
        assert_eq!(a.2, None, "{a:?}");
    }
    let gross = before
        .iter()
        .find(|r| r.0.contains("Rota"))
        .unwrap()
        .1
        .unwrap();
    let rota = after.iter().find(|r| r.0.contains("Rota")).unwrap();
    // 30% of the amount, to the cent (half away from zero), withheld.
    let withheld = (cents(gross) * 30 + 50) / 100;
    assert_eq!(rota.2.map(cents), Some(withheld), "{rota:?}");
    assert_eq!(rota.1.map(cents), Some(cents(gross) - withheld), "{rota:?}");
    // The workbook recomputes it: the amount before the rule beside the
    // withholding, which is a formula over it (review 36, finding 11).
    let xlsx = dir
        .path()
        .join("outputs/2023/riservato/Valutazioni individuali 2023.xlsx");
    let prima = evaluation_rows(
        &xlsx,
        &["Retribuzione prima della regola sui tempi di pagamento"],
    );
    let rota_prima = prima.iter().find(|r| r.0.contains("Rota")).unwrap();
    assert_eq!(cell_number(&rota_prima.1[0]).map(cents), Some(cents(gross)));
    let book = formulas::read_book(&xlsx);
    assert!(
        book["Valutazioni"].values().any(|c| c
            .formula
            .as_deref()
            .is_some_and(|f| f.starts_with("ROUND(Y"))),
        "the withholding as a formula"
    );
    let (checked, wrong) = formulas::mismatches(&book);
    assert!(checked > 0 && wrong.is_empty(), "{wrong:?}");

    // The scheda: the share, the outcome, the check, the amount withheld.
    let riservato = dir.path().join("outputs/2023/riservato");
    let t = rota_s_scheda(dir.path());
    for needed in [
        "Tempi di pagamento (art. 4-bis, c. 2, DL 13/2023)",
        "Il 30% della retribuzione di risultato dipende dall’obiettivo sui tempi di pagamento OB06",
        "indicatore OB06.1",
        "Indicatore di ritardo annuale dei pagamenti 2023 7,25 giorni",
        "Verbale del Revisore dei conti n. 3, 20 marzo 2024",
        "Grado dell’indicatore OB06.1 0%",
        "Esito non raggiunto",
        &format!("Importo trattenuto {}", euro(withheld)),
        &format!(
            "Trattenuta per i tempi di pagamento (30%) {}",
            euro(withheld)
        ),
        &format!(
            "Retribuzione di risultato {}",
            euro(cents(gross) - withheld)
        ),
    ] {
        assert!(t.contains(needed), "«{needed}» in the scheda:\n{t}");
    }
    assert!(!t.contains("BOZZA"), "{t}");
    // The whole share withheld: the figure once, not beside the share too.
    assert!(!t.contains(&format!("pari a {}", euro(withheld))), "{t}");

    // The carta di lavoro: the flagged objective, its grade, the PCC
    // indicator, the check, how many lose the share.
    let carta = carta_di_lavoro(dir.path());
    for needed in [
        "Tempi di pagamento",
        "dipende dall’obiettivo OB06 («Bilancio di previsione 2024/2026»), indicatore OB06.1",
        "Indicatore di ritardo annuale dei pagamenti (PCC) 2023 7,25 giorni",
        "Verbale del Revisore dei conti n. 3, 20 marzo 2024",
        "Grado dell’indicatore OB06.1: Area III Finanziaria 0%",
        "pagato solo se l’indicatore è raggiunto",
        "Persone che perdono in tutto o in parte la quota 1",
    ] {
        assert!(carta.contains(needed), "«{needed}» in the carta:\n{carta}");
    }

    // The Relazione: the rule in aggregate, no one's amount.
    let year = dir.path().join("outputs/2023");
    let relazione = flat(&pdftotext(
        &year.join("Relazione sulla performance 2023.pdf"),
    ));
    assert!(
        relazione.contains("Tempi di pagamento e retribuzione di risultato"),
        "{relazione}"
    );
    assert!(relazione.contains("è di 7,25 giorni, verificato dall’organo di revisione"));
    // With fewer than 3 heads under the rule, no count of who lost the
    // share: with one, it would say that person's pay (review 36).
    assert!(!relazione.contains("La regola riguarda"), "{relazione}");
    assert!(!relazione.contains("è raggiunto per"), "{relazione}");
    assert!(relazione.contains("chi ne risponde e che cosa riceve non si pubblica"));
    // A rule, never «la parte non pagata» as if someone had lost it.
    assert!(!relazione.contains("La parte non pagata"), "{relazione}");
    // No file outside riservato/ carries the amounts (withheld, gross, net),
    // in any of the ways a figure is written.
    for f in every_file_under(&year) {
        if f.starts_with(&riservato) {
            continue;
        }
        let body = match f.extension().and_then(|e| e.to_str()) {
            Some("pdf") => pdftotext(&f),
            Some("csv" | "json" | "txt" | "md") => std::fs::read_to_string(&f).unwrap(),
            _ => continue,
        };
        for c in [withheld, cents(gross), cents(gross) - withheld] {
            let plain = format!("{}.{:02}", c / 100, c % 100);
            let italian = euro(c).trim_start_matches("€ ").to_string();
            assert!(
                !body.contains(&plain) && !body.contains(&italian),
                "{plain} in {}",
                f.display()
            );
        }
    }
}

#[test]
fn without_the_revisori_s_check_the_share_is_pending_and_the_scheda_a_draft() {
    let dir = scratch_inputs();
    flag(dir.path());
    pcc(dir.path(), false);
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = flat(&text(&out.stderr));
    assert!(stderr.contains("resta sospesa"), "{stderr}");

    assert!(
        !stderr.contains("Rota"),
        "no name on the terminal: {stderr}"
    );
    let t = rota_s_scheda(dir.path());
    assert!(t.contains("BOZZA"), "{t}");
    assert!(
        t.contains("Verifica dell’organo di revisione non ancora registrata"),
        "{t}"
    );
    assert!(t.contains("Importo trattenuto da determinare"), "{t}");
    // Only the amount waits: the behaviours are all scored, and the score
    // and band do not depend on the check (review 36, finding 13).
    assert!(!t.contains("comportamenti da valutare"), "{t}");
    assert!(!t.contains("non definitivo"), "{t}");
    assert!(t.contains("Punteggio e fascia non ne dipendono"), "{t}");
    assert!(t.contains("punteggio su 100"), "{t}");
}

#[test]
fn bad_payment_times_inputs_stop_the_run_at_their_line_and_write_nothing() {
    let cases: &[(&str, &str, &str, &str)] = &[
        // (file, from, to, expected in stderr)
        (
            "inputs/smvp.toml",
            "quota = 30 ",
            "quota = 25 ",
            "smvp.toml:",
        ),
        (
            "inputs/smvp.toml",
            "modalita = \"tutto_o_niente\"",
            "modalita = \"a_rate\"",
            "`modalita` = \"a_rate\"",
        ),
        (
            EVALUATIONS,
            "anno = 2023\n",
            "anno = 2021\n",
            "`anno` = 2021: l'indicatore",
        ),
        (
            EVALUATIONS,
            "indicatore_ritardo = 7.25",
            "indicatore_ritardo = \"sette\"",
            "`indicatore_ritardo`",
        ),
    ];
    // `[tempi_pagamento]` goes where the first person was.
    let shipped = std::fs::read_to_string(repo().join(EVALUATIONS)).unwrap();
    let section = shipped.lines().position(|l| l == "[[persona]]").unwrap() + 1;
    for (file, from, to, expected) in cases {
        let dir = scratch_inputs();
        flag(dir.path());
        pcc(dir.path(), true);
        let path = dir.path().join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        assert!(original.contains(from), "{from}");
        std::fs::write(&path, original.replacen(from, to, 1)).unwrap();
        let out = consuntivo(&["relazione"], dir.path());
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{from} → {to}");
        assert!(stderr.contains(expected), "{expected} in:\n{stderr}");
        if *file == EVALUATIONS {
            // The line of the value: `indicatore_ritardo` first, then `anno`.
            let line = section + if from.starts_with("anno") { 2 } else { 1 };
            let at = format!("valutazioni-individuali-2023.toml:{line}:");
            assert!(stderr.contains(&at), "{at} in:\n{stderr}");
        }
        assert!(!dir.path().join("outputs/2023").exists(), "nothing written");
    }
    // The share below the law's 30% names the rule.
    let dir = scratch_inputs();
    let path = dir.path().join("inputs/smvp.toml");
    let rules = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, rules.replacen("quota = 30 ", "quota = 25 ", 1)).unwrap();
    let stderr = flat(&text(&consuntivo(&["relazione"], dir.path()).stderr));
    assert!(stderr.contains("art. 4-bis, c. 2, DL 13/2023"), "{stderr}");

    // A flagged indicator whose unit has no head evaluated: at the flag.
    let dir = scratch_inputs();
    flag(dir.path());
    let path = dir.path().join(EVALUATIONS);
    let text_ = std::fs::read_to_string(&path).unwrap();
    let start = text_.find("[[persona]]\nnome = \"Silvia Rota").unwrap();
    let end = start + 1 + text_[start + 1..].find("[[persona]]\n").unwrap();
    std::fs::write(&path, format!("{}{}", &text_[..start], &text_[end..])).unwrap();
    let plan = std::fs::read_to_string(dir.path().join(PLAN)).unwrap();
    let line = plan
        .lines()
        .position(|l| l == "tempi_pagamento = true")
        .unwrap()
        + 1;
    let out = consuntivo(&["relazione"], dir.path());
    assert!(!out.status.success());
    let stderr = flat(&text(&out.stderr));
    assert!(
        stderr.contains(&format!("piano-2023.toml:{line}:19"))
            && stderr.contains("nessun responsabile valutato ne risponde"),
        "{stderr}"
    );
    assert!(!dir.path().join("outputs/2023").exists(), "nothing written");
}

/// A revisori's check dated after the documents that cite it: said, with
/// both dates, for the schede and for the Relazione (review 36, finding 4).
#[test]
fn a_check_dated_after_the_documents_that_cite_it_is_flagged_with_the_dates() {
    let dir = scratch_inputs();
    flag(dir.path());
    pcc(dir.path(), true);
    let path = dir.path().join(EVALUATIONS);
    let t = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, t.replacen("\"20/03/2024\"", "\"20/03/2027\"", 1)).unwrap();
    let out = consuntivo(&["relazione"], dir.path());
    let stderr = flat(&text(&out.stderr));
    assert!(
        stderr.contains("è datata 20/03/2027, dopo la data della Relazione"),
        "{stderr}"
    );
    assert!(
        stderr.contains("è datata 20/03/2027, dopo la data di") && stderr.contains("valutazion"),
        "{stderr}"
    );
    assert!(!stderr.contains("Rota"), "no name: {stderr}");
}

/// A flagged objective with no share in the rules: the Relazione says the
/// rule is not applied, and why, as the terminal does (review 36, finding 17).
#[test]
fn a_flag_without_a_share_is_reported_in_the_relazione() {
    let dir = scratch_inputs();
    flag(dir.path());
    pcc(dir.path(), true);
    let path = dir.path().join("inputs/smvp.toml");
    let rules = std::fs::read_to_string(&path).unwrap();
    let from = rules.find("[individuale.tempi_pagamento]").unwrap();
    let to = from
        + rules[from..]
            .find("modalita = \"tutto_o_niente\"\n")
            .unwrap()
        + "modalita = \"tutto_o_niente\"\n".len();
    std::fs::write(&path, format!("{}{}", &rules[..from], &rules[to..])).unwrap();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let relazione = flat(&pdftotext(
        &dir.path()
            .join("outputs/2023/Relazione sulla performance 2023.pdf"),
    ));
    assert!(
        relazione.contains("non stabilisce quale quota della retribuzione di risultato ne dipende"),
        "{relazione}"
    );
}

/// With the evaluator's xlsx form, which has no place for the PCC data,
/// `[tempi_pagamento]` goes in a file beside it: `moduli --individuali`
/// says so, the pending warning names that file, and with it the rule is
/// applied (review 36, finding 6). Beside the TOML file it is an error.
#[test]
fn with_the_xlsx_form_the_pcc_data_go_in_a_file_beside_it() {
    let dir = scratch_inputs();
    flag(dir.path());
    pcc(dir.path(), true);
    let out = consuntivo(&["moduli", "--individuali"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = flat(&text(&out.stdout));
    assert!(said.contains("tempi-pagamento-2023.toml"), "{said}");
    // The section, taken out of the TOML file the form replaces.
    let toml = dir.path().join(EVALUATIONS);
    let t = std::fs::read_to_string(&toml).unwrap();
    let section = &t[..t.find("[[persona]]").unwrap()];
    let separate = dir.path().join("inputs/tempi-pagamento-2023.toml");
    std::fs::write(&separate, section).unwrap();
    // Beside the TOML file: refused, never read twice.
    let out = consuntivo(&["relazione"], dir.path());
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("tempi-pagamento-2023.toml"));
    let form = dir
        .path()
        .join("outputs/moduli/2023/riservato/Valutazioni individuali 2023 - modulo.xlsx");
    std::fs::copy(
        &form,
        dir.path().join("inputs/valutazioni-individuali-2023.xlsx"),
    )
    .unwrap();
    std::fs::remove_file(&toml).unwrap();
    std::fs::remove_dir_all(dir.path().join("outputs/2023")).ok();
    // Without the file: pending, and the hint names the file to write.
    std::fs::rename(&separate, dir.path().join("tempi.bak")).unwrap();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = flat(&text(&out.stderr));
    assert!(
        stderr.contains("resta sospesa") && stderr.contains("tempi-pagamento-2023.toml"),
        "{stderr}"
    );
    // With it: applied.
    std::fs::rename(dir.path().join("tempi.bak"), &separate).unwrap();
    let out = consuntivo(&["relazione"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = rota_s_scheda(dir.path());
    assert!(!t.contains("BOZZA"), "{t}");
    assert!(
        t.contains("Verbale del Revisore dei conti n. 3, 20 marzo 2024"),
        "{t}"
    );
}
