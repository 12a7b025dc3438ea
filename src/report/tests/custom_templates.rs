//! Templates customised by the ente: their errors name file and line
//! (typst and minijinja), wording changes are used, a template breaking
//! PDF/A or PDF/UA conformance fails with that message.

use super::*;

/// The message and the hints in Italian: typst's and minijinja's own
/// English words only in the hint that says it quotes them.
fn in_italian(err: &Diagnostics) {
    for d in err.iter() {
        let said: Vec<&str> = std::iter::once(d.message.as_str())
            .chain(
                d.hints
                    .iter()
                    .map(String::as_str)
                    .filter(|h| !h.starts_with("dettaglio tecnico (in inglese)")),
            )
            .collect();
        for text in said {
            let english = text.split(|c: char| !c.is_alphabetic()).find(|w| {
                [
                    "unknown",
                    "expected",
                    "found",
                    "failed",
                    "unclosed",
                    "undefined",
                    "does",
                    "error",
                    "typst",
                    "is",
                    "cannot",
                    "add",
                    "integer",
                    "string",
                ]
                .contains(w)
            });
            assert!(english.is_none(), "«{english:?}» in: {d}");
        }
    }
}

#[test]
fn a_type_error_in_an_edited_template_is_said_in_italian_with_line_and_column() {
    // A comune adds a number to a text in its own scheda.typ («(add
    // integer and string)» in typst's words).
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    let mut text = templates::BUILT_IN[2].1.to_string(); // scheda.typ
    text = text.replace("== Obiettivi", "== Obiettivi\n#(1 + \"a\")\n");
    std::fs::write(tdir.join("scheda.typ"), &text).unwrap();
    let line = text.lines().position(|l| l == "#(1 + \"a\")").unwrap() + 1;
    let mut s = settings(dir.path());
    s.templates = crate::report::TemplateDirs::own(tdir.clone());
    let err = Fixture::new().render(&s).unwrap_err();
    let d = &err.0[0];
    assert_eq!(
        d.message,
        format!(
            "errore nel modello «scheda.typ», riga {line}, colonna 3: operazione non ammessa: \
             non si può sommare un numero intero e un testo (convertire prima il dato, ad \
             esempio con str(…) per un testo)"
        ),
        "{d}"
    );
    assert_eq!(d.location.line, Some(line));
    assert_eq!(d.hints[0], crate::report::FIX_TEMPLATE);
    assert!(
        d.hints[1].starts_with("dettaglio tecnico (in inglese): cannot add integer and string"),
        "{d}"
    );
    in_italian(&err);
}

#[test]
fn typst_template_error_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    let mut text = templates::BUILT_IN[2].1.to_string(); // scheda.typ
    assert!(text.contains("== Obiettivi"));
    text = text.replace("== Obiettivi", "== Obiettivi\n#let x = (\n");
    std::fs::write(tdir.join("scheda.typ"), &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("#let x = ("))
        .unwrap()
        + 1;
    let mut s = settings(dir.path());
    s.templates = crate::report::TemplateDirs::own(tdir.clone());
    let err = Fixture::new().render(&s).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("errore nel modello «scheda.typ»"), "{msg}");
    assert!(msg.contains("scheda.typ:"), "{msg}");
    // Every Area's scheda fails the same way: each problem is listed once.
    let unique: std::collections::HashSet<String> = err.iter().map(|d| d.to_string()).collect();
    assert_eq!(unique.len(), err.len(), "{msg}");
    let d = &err.0[0];
    assert_eq!(
        d.location.file.as_deref(),
        Some(tdir.join("scheda.typ").as_path())
    );
    assert_eq!(d.location.line, Some(line), "{msg}");
    in_italian(&err);
}

#[test]
fn typst_unknown_field_in_template_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    let text = templates::BUILT_IN[1]
        .1
        .replace("= Metodologia", "= Metodologia\n#d.campo_inesistente");
    std::fs::write(tdir.join("relazione.typ"), &text).unwrap();
    let mut s = settings(dir.path());
    s.templates = crate::report::TemplateDirs::own(tdir);
    let err = Fixture::new().render(&s).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("relazione.typ:"), "{msg}");
    assert!(
        msg.contains("il dato «campo_inesistente» non esiste"),
        "{msg}"
    );
    in_italian(&err);
}

#[test]
fn jinja_template_error_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    std::fs::write(
        tdir.join("scheda.j2"),
        "{% block titolo %}Scheda{% endblock %}\n{% block nome_file %}{{ area.nomee }}{% endblock %}\n{% block sintesi %}{% endblock %}\n",
    )
    .unwrap();
    let mut s = settings(dir.path());
    s.templates = crate::report::TemplateDirs::own(tdir);
    let err = Fixture::new().render(&s).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("scheda.j2:2"), "{msg}");
    assert!(
        msg.contains(
            "errore nel modello di testo «scheda.j2»: un dato usato dal modello non esiste"
        ),
        "{msg}"
    );
    in_italian(&err);
}

#[test]
fn customised_wording_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    let text = templates::BUILT_IN[3].1.replace(
        "{% block nome_file %}Relazione sulla performance {{ anno }}{% endblock %}",
        "{% block nome_file %}RP {{ anno }}: definitiva{% endblock %}",
    );
    std::fs::write(tdir.join("relazione.j2"), text).unwrap();
    let mut s = settings(dir.path());
    s.templates = crate::report::TemplateDirs::own(tdir);
    let files = Fixture::new().render(&s).unwrap();
    assert_eq!(files[0].0, Path::new("2023/RP 2023- definitiva.pdf"));
}

#[test]
fn non_conforming_template_fails_with_the_conformance_message() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    // PDF/UA-1 forbids skipping heading levels.
    let text = templates::BUILT_IN[1]
        .1
        .replace("= Metodologia\n", "= Metodologia\n=== Salto di livello\n");
    std::fs::write(tdir.join("relazione.typ"), &text).unwrap();
    let mut s = settings(dir.path());
    s.templates = crate::report::TemplateDirs::own(tdir);
    let err = Fixture::new().render(&s).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("non è conforme a PDF/A-2a e PDF/UA-1: un titolo salta un livello"),
        "{msg}"
    );
    assert!(msg.contains("relazione.typ:"), "{msg}");
    in_italian(&err);
}

#[test]
fn missing_templates_folder_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = settings(dir.path());
    s.templates = crate::report::TemplateDirs::own(dir.path().join("modelli-inesistenti"));
    let msg = Fixture::new().render(&s).unwrap_err().to_string();
    assert!(msg.contains("la cartella dei modelli non esiste"), "{msg}");
}

#[test]
fn a_template_that_loops_stops_at_its_time_budget() {
    // typst has no fuel: a loop in a custom template would run for hours.
    // Its work is abandoned at the budget with an Italian error naming the
    // template (a short budget here; 60 s and more in a run).
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    std::fs::write(
        tdir.join("relazione.typ"),
        "#let n = 0\n#for i in range(3000) { for j in range(3000) { n += 1 } }\n#n\n",
    )
    .unwrap();
    let set = TemplateSet::load(&crate::report::TemplateDirs::own(&tdir)).unwrap();
    let job = Job::new(
        "relazione.typ",
        &serde_json::json!({}),
        PathBuf::from("2023/Relazione.pdf"),
    )
    .unwrap();
    let err = compile_within(&set, &job, None, std::time::Duration::from_millis(200))
        .map(|_| ())
        .unwrap_err();
    let d = &err.0[0];
    assert!(is_over_budget(d), "{err}");
    assert!(
        d.message
            .contains("il modello «relazione.typ» fa probabilmente un lavoro senza fine"),
        "{err}"
    );
    assert_eq!(
        d.location.file.as_deref(),
        Some(tdir.join("relazione.typ").as_path())
    );
}

/// A table of a few rows that starts near the foot of a page is moved
/// whole to the next (no row alone on either page); a long table still
/// breaks between its rows. Laid out by the shared style (`stile.typ`), as
/// every document's tables are.
#[test]
fn a_short_table_is_never_split_and_a_long_one_still_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates");
    std::fs::create_dir(&tdir).unwrap();
    let table = |tag: &str, rows: usize| {
        let cells: Vec<String> = (1..=rows)
            .map(|i| format!("[{tag}{i:02}], [valore]"))
            .collect();
        format!("#table(columns: 2, {})\n", cells.join(", "))
    };
    let body = format!(
        "#import \"stile.typ\": *\n\
         #let d = json(\"dati.json\")\n\
         #show: impagina.with(d, \"Prova\", copertina: false)\n\
         #v(21cm)\n{}#pagebreak()\n{}",
        table("breve", 8),
        table("lunga", 90)
    );
    std::fs::write(tdir.join("sollecito.typ"), body).unwrap();
    let data = serde_json::json!({
        "ente": { "nome": "Comune di Prova" },
        "anno_testo": "2025",
        "data": { "anno": 2025, "mese": 1, "giorno": 1 },
    });
    let pdf = crate::report::render_document(
        &crate::report::TemplateDirs::own(&tdir),
        "sollecito.typ",
        data,
        std::path::Path::new("prova.pdf"),
    )
    .unwrap();
    let text = pdf_text(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let on = |row: &str| pages.iter().position(|p| p.contains(row)).unwrap();
    // All eight short rows on one page, the page after the filler.
    assert!((1..=8).all(|i| on(&format!("breve{i:02}")) == 1), "{text}");
    // The long table spans pages.
    assert!(on("lunga90") > on("lunga01"), "{text}");
}

#[test]
fn each_template_comes_from_the_entes_folder_then_the_groups_then_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("ente/templates");
    let shared = dir.path().join("templates");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(own.join("scheda.typ"), "proprio").unwrap();
    std::fs::write(shared.join("scheda.typ"), "comune").unwrap();
    std::fs::write(shared.join("sollecito.typ"), "comune").unwrap();
    let set = TemplateSet::load(&crate::report::TemplateDirs {
        own: Some(own.clone()),
        shared: Some(shared.clone()),
    })
    .unwrap();
    assert_eq!(set.text("scheda.typ"), "proprio");
    assert_eq!(set.origin("scheda.typ"), own.join("scheda.typ"));
    assert_eq!(set.text("sollecito.typ"), "comune");
    assert_eq!(set.origin("sollecito.typ"), shared.join("sollecito.typ"));
    assert_eq!(set.text("piano.typ"), templates::BUILT_IN[6].1);
    assert!(!set.is_custom("piano.typ"));
}
