//! What the Relazione and the schede say: the fixture's concrete values,
//! hostile notes printed literally, the date (an error without one) and
//! signatories, wording that fits the unit, chapters that appear only with
//! their data, validation.

use super::*;

#[test]
fn renders_relazione_and_schede_with_concrete_values() {
    let dir = tempfile::tempdir().unwrap();
    let progress = crate::progress::tests::Recorder::default();
    let files = Fixture::new()
        .render_with_progress(&settings(dir.path()), &progress)
        .unwrap();
    let mut expected_calls = vec!["start DocumentsComposed 5".to_string()];
    expected_calls.extend(std::iter::repeat_n("advance".to_string(), 5));
    expected_calls.push("finish".into());
    assert_eq!(
        progress.calls(),
        expected_calls,
        "each document is reported"
    );
    let paths: Vec<String> = files
        .iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        paths,
        vec![
            "2023/Relazione sulla performance 2023.pdf",
            "2023/schede/Segretario generale.pdf",
            "2023/schede/Area I Affari generali.pdf",
            "2023/schede/Area III Finanziaria.pdf",
            "2023/schede/Area IV Lavori pubblici e patrimonio.pdf",
        ]
    );
    let rel = pdf_text(find(&files, "2023/Relazione sulla performance 2023.pdf"));
    let flat_rel = flat(&rel);
    for expected in [
        "Comune di Alzano Lombardo",
        "30 aprile 2024",
        "Indice",
        "92,6%",                        // ente grade
        "95,5%",                        // Area III grade
        "Realizzato il 20 aprile 2023", // OB03.2 result
        "17 interventi",                // OB02.1 result
        "92,5%",                        // OB01.2 Area III
        "Il ritardo è dipeso dal fornitore del software",
        "L'ente non ha aderito all'avviso pubblico regionale.",
        "Nessuna segnalazione pervenuta nell'anno",
        "Da finanziarsi con risorse variabili",
        "un ritardo fino a 30 giorni vale l'80%",
        "2023 - Area III.xlsx",
        &"c3".repeat(32)[..32],
        "Il Segretario generale",
        "Il Nucleo di Valutazione",
        "Pagina 2 di",
    ] {
        assert!(
            flat_rel.contains(expected),
            "«{expected}» not in the Relazione:\n{rel}"
        );
    }
    // A head's name never stands next to a band or a quota: an Area has
    // one head, so they would be that person's pay.
    let head = flat_rel
        .find("Rag. Paolo Verdi")
        .expect("the head is named in the Area's chapter");
    let around = &flat_rel[head..(head + 400).min(flat_rel.len())];
    assert!(
        !around.contains("Fascia") && !around.contains("quota"),
        "band or quota beside the head's name: {around}"
    );
    // No template syntax or placeholders leaked.
    for leak in ["{{", "{%", "none", "TODO", "Lorem"] {
        assert!(!rel.contains(leak), "«{leak}» in the Relazione");
    }

    let scheda = flat(&pdf_text(find(
        &files,
        "2023/schede/Area III Finanziaria.pdf",
    )));
    for expected in [
        "Scheda di valutazione",
        "Area III Finanziaria",
        "Rag. Paolo Verdi",
        "95,5%",
        "Fascia 3 (almeno 90%)",
        "OB03",
        "Per presa visione, il Responsabile di Area",
        "Documento interno, riservato",
    ] {
        assert!(
            scheda.contains(expected),
            "«{expected}» not in the scheda:\n{scheda}"
        );
    }
    assert!(
        !scheda.contains("OB02"),
        "another Area's objective in the scheda"
    );
}

#[test]
fn hostile_notes_print_literally() {
    let dir = tempfile::tempdir().unwrap();
    let files = Fixture::new().render(&settings(dir.path())).unwrap();
    let rel = flat(&pdf_text(find(
        &files,
        "2023/Relazione sulla performance 2023.pdf",
    )));
    assert!(rel.contains(HOSTILE), "hostile note not literal:\n{rel}");
    assert!(rel.contains("INIZIO-NOTA-LUNGA") && rel.contains("FINE-NOTA-LUNGA"));
    assert!(rel.contains("#malattia e $ferie$;"));
}

#[test]
fn missing_date_is_an_italian_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = settings(dir.path());
    s.date = None;
    let err = Fixture::new().render(&s).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("manca la data della Relazione"), "{text}");
    assert!(text.contains("--data"), "{text}");
}

#[test]
fn date_from_relazione_toml_and_signatories() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("relazione.toml"),
        "data = \"15/05/2024\"\n[segretario]\nnome = \"Dott. Mario Rossi\"\n[[nucleo]]\nnome = \"Dott.ssa Anna Neri\"\nruolo = \"Presidente\"\n",
    )
    .unwrap();
    let mut s = settings(dir.path());
    s.date = None;
    let files = Fixture::new().render(&s).unwrap();
    let rel = flat(&pdf_text(&files[0].1));
    assert!(rel.contains("15 maggio 2024"));
    assert!(rel.contains("Dott. Mario Rossi"));
    assert!(rel.contains("Presidente: Dott.ssa Anna Neri"));
}

#[test]
fn scheda_wording_and_signatures_fit_the_unit() {
    let dir = tempfile::tempdir().unwrap();
    let files = Fixture::new().render(&settings(dir.path())).unwrap();
    let sg = flat(&pdf_text(find(
        &files,
        "2023/schede/Segretario generale.pdf",
    )));
    assert!(sg.contains("assegnati al Segretario generale"), "{sg}");
    assert!(!sg.contains("Per presa visione"), "{sg}");
    let iii = flat(&pdf_text(find(
        &files,
        "2023/schede/Area III Finanziaria.pdf",
    )));
    assert!(
        iii.contains("assegnati all'Area III Finanziaria per il 2023 è il 95,5%"),
        "{iii}"
    );
}

/// The Relazione of the fixture with `relazione.toml` holding `toml`.
fn relazione_with(toml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("relazione.toml"), toml).unwrap();
    let files = Fixture::new().render(&settings(dir.path())).unwrap();
    flat(&pdf_text(find(
        &files,
        "2023/Relazione sulla performance 2023.pdf",
    )))
}

#[test]
fn chapters_follow_their_data() {
    let bare = relazione_with("");
    let full = relazione_with(
        "[contesto]\ntesto = [\"Organico ridotto nel 2023.\"]\n\
         [[contesto.dato]]\nvoce = \"Dipendenti al 31/12\"\nvalore = \"48\"\n\
         [[variazioni]]\natto = \"DGC n. 9 del 01/09/2023\"\ndescrizione = \"Peso di OB03 portato a 15.\"\n\
         [[fase]]\nfase = \"Monitoraggio intermedio\"\nquando = \"luglio 2023\"\nchi = \"Responsabili\"\n\
         [genere]\n[[genere.dato]]\nvoce = \"Dipendenti\"\ndonne = 30\nuomini = 18\n\
         [valutazione]\npunti_di_forza = [\"Scadenze rispettate.\"]\nazioni_correttive = [\"Monitoraggio a maggio.\"]\n",
    );
    let chapters = [
        ("Il contesto", "Organico ridotto nel 2023."),
        (
            "Variazioni del piano nel corso dell'anno",
            "Peso di OB03 portato a 15.",
        ),
        ("Le fasi del ciclo", "Monitoraggio intermedio"),
        ("Pari opportunità e bilancio di genere", "62,5%"),
        ("Punti di forza", "Scadenze rispettate."),
        ("Azioni correttive", "Monitoraggio a maggio."),
    ];
    for (title, data) in chapters {
        assert!(
            full.contains(title) && full.contains(data),
            "{title} with {data}:\n{full}"
        );
        assert!(!bare.contains(data), "{data} without its data:\n{bare}");
    }
    for title in [
        "Il contesto",
        "Variazioni del piano",
        "Le fasi del ciclo",
        "Pari opportunità",
        "Azioni correttive",
    ] {
        assert!(!bare.contains(title), "{title} without data:\n{bare}");
    }
    assert!(bare.contains("Nel corso dell'anno il piano non è stato modificato."));
    assert!(
        full.contains("Dipendenti al 31/12") && full.contains("Valore 48"),
        "{full}"
    );
    // Without validation the document is a draft, and says so.
    assert!(
        bare.contains("BOZZA") && !bare.contains("Validata"),
        "{bare}"
    );
    // The fixture has projects on variable resources and reward bands.
    assert!(bare.contains("Progetti finanziati con risorse variabili"));
    assert!(bare.contains("Performance individuale"));
    // Heads per band, from the units' grades: 3 at 90% or more, 1 between;
    // the band of one is printed with its neighbour, never alone.
    assert!(
        bare.contains("Fascia 2 (dal 60% al 90%) e Fascia 3 (dal 90%)"),
        "{bare}"
    );
    assert!(bare.contains("Numero di responsabili 0 4 4"), "{bare}");
    assert!(
        bare.contains(
            "Le fasce con uno o due responsabili sono indicate insieme alla fascia vicina"
        ),
        "{bare}"
    );
}

#[test]
fn validation_makes_the_relazione_final() {
    let text = relazione_with("[validazione]\natto = \"verbale n. 2\"\ndata = \"08/04/2024\"\n");
    assert!(!text.contains("BOZZA"), "{text}");
    assert!(
        text.contains("Validata dal Nucleo di Valutazione con verbale n. 2 dell'8 aprile 2024"),
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("relazione.toml"),
        "stato = \"definitiva\"\n",
    )
    .unwrap();
    let err = Fixture::new()
        .render(&settings(dir.path()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("richiede la validazione del Nucleo di Valutazione"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("relazione.toml"),
        "[validazione]\natto = \"verbale\"\n",
    )
    .unwrap();
    let err = Fixture::new()
        .render(&settings(dir.path()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("[validazione] incompleta"), "{err}");
}

/// A draft never says that something happened: a phase after the
/// document's date is «prevista», and the units' own «non applicabile»
/// declarations are not presented as the evaluator's decisions.
#[test]
fn a_draft_claims_nothing_that_has_not_happened() {
    let draft = relazione_with(
        "[[fase]]\nfase = \"Redazione della Relazione\"\nquando = \"aprile 2024\"\nchi = \"Segretario\"\n\
         [[fase]]\nfase = \"Validazione della Relazione\"\nquando = \"maggio 2024\"\nchi = \"Nucleo\"\n\
         [[fase]]\nfase = \"Approvazione della Relazione\"\nquando = \"aprile 2024\"\nchi = \"Giunta\"\n\
         [[fase]]\nfase = \"Rendicontazione delle unità\"\nquando = \"aprile – maggio 2024\"\nchi = \"Aree\"\n",
    );
    assert!(draft.contains("BOZZA"), "{draft}");
    assert!(draft.contains("maggio 2024 (prevista)"), "{draft}");
    // Done in its month: no mark. The approval of the Relazione, even in
    // the draft's own month, has not happened; a period running past the
    // date is under way.
    // Two «prevista»: the validation (May) and the approval (April, the
    // draft's own month); the drafting itself, in April, has none.
    assert_eq!(draft.matches("(prevista)").count(), 2, "{draft}");
    assert!(draft.contains("aprile 2024 (prevista)"), "{draft}");
    assert!(draft.contains("aprile – maggio 2024 (in corso)"), "{draft}");
    let na = draft
        .rfind("Obiettivi e indicatori non applicabili")
        .expect("the units' declarations have their own chapter");
    assert!(
        draft[na..].contains("L'ente non ha aderito all'avviso pubblico regionale."),
        "{draft}"
    );
    if let Some(dec) = draft.rfind("Decisioni del Nucleo") {
        let section = &draft[dec..na.max(dec)];
        assert!(!section.contains("Non applicabile"), "{section}");
        assert!(section.contains("alla data di questa bozza"), "{section}");
    }
}

#[test]
fn period_start_reads_months_and_dates() {
    use crate::report::data::period_start;
    use crate::testkit::build::d;
    assert_eq!(period_start("maggio 2024"), Some(d(2024, 5, 1)));
    assert_eq!(period_start("gennaio – febbraio 2024"), Some(d(2024, 1, 1)));
    assert_eq!(period_start("entro il 15/05/2024"), Some(d(2024, 5, 15)));
    assert_eq!(period_start("Luglio 2023"), Some(d(2023, 7, 1)));
    assert_eq!(period_start("a fine anno"), None);
    use crate::report::data::period_end;
    assert_eq!(period_end("gennaio – marzo 2024"), Some(d(2024, 3, 31)));
    assert_eq!(period_end("dicembre 2023"), Some(d(2023, 12, 31)));
    assert_eq!(period_end("febbraio 2024"), Some(d(2024, 2, 29)));
    assert_eq!(period_end("entro il 15/05/2024"), Some(d(2024, 5, 15)));
    assert_eq!(period_end("a fine anno"), None);
}

#[test]
fn the_relazione_names_the_act_the_plan_is_part_of() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("relazione.toml"), "").unwrap();
    use crate::plan::PlanInstrument as K;
    let cases = [
        (
            Some(K::Piao),
            Some(
                "che costituisce la sottosezione «Performance» del Piano integrato di attività e organizzazione (PIAO) 2023–2025 (art. 6 del D.L. 9 giugno 2021, n. 80).",
            ),
        ),
        (
            Some(K::Peg),
            Some(
                "che costituisce il piano dettagliato degli obiettivi del Piano esecutivo di gestione (PEG) 2023–2025 (art. 169, comma 3-bis, del D.Lgs. 18 agosto 2000, n. 267).",
            ),
        ),
        (Some(K::Delibera), None),
        (None, None),
    ];
    for (kind, constitutes) in cases {
        let mut fx = Fixture::new();
        fx.plan.document = kind;
        fx.plan.adopted_by = Some("DGC n. 12 del 30/01/2023".into());
        let files = fx.render(&settings(dir.path())).unwrap();
        let text = flat(&pdf_text(find(
            &files,
            "2023/Relazione sulla performance 2023.pdf",
        )));
        let cited = format!(
            "Gli obiettivi sono quelli del documento «{}», approvato con DGC n. 12 del 30/01/2023",
            fx.plan.title
        );
        assert!(text.contains(&cited), "{kind:?}: {text}");
        match constitutes {
            Some(c) => assert!(
                text.contains(&format!("30/01/2023, {c}")),
                "{kind:?}: {text}"
            ),
            // A resolution, or a plan that does not say: no instrument is claimed.
            None => {
                assert!(text.contains(&format!("{cited}.")), "{kind:?}: {text}");
                for claim in ["PIAO", "PEG", "Piano integrato", "Piano esecutivo"] {
                    assert!(!text.contains(claim), "{kind:?} claims {claim}: {text}");
                }
            }
        }
    }
}

/// A title that already names the PIAO is not followed by the PIAO again;
/// the chapter still opens with the plan's sentence (review 35, 9 and 12).
#[test]
fn a_title_that_names_the_act_is_not_repeated_in_the_relazione() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("relazione.toml"), "").unwrap();
    let mut fx = Fixture::new();
    fx.plan.document = Some(crate::plan::PlanInstrument::Piao);
    fx.plan.title = "PIAO 2023-2025 – Sottosezione Performance".into();
    fx.plan.adopted_by = Some("DGC n. 12 del 30/01/2023".into());
    let files = fx.render(&settings(dir.path())).unwrap();
    let text = flat(&pdf_text(find(
        &files,
        "2023/Relazione sulla performance 2023.pdf",
    )));
    assert!(!text.contains("che costituisce"), "{text}");
    assert!(
        text.contains("Gli obiettivi sono quelli del documento «PIAO 2023-2025 – Sottosezione Performance», approvato con DGC n. 12 del 30/01/2023."),
        "{text}"
    );
}
