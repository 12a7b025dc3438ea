//! Tests of the ente's words: reading `ente.toml`, articles and
//! prepositions, the codice fiscale's place in it.
use super::*;

fn noun(s: &str, p: &str, g: Gender) -> Noun {
    Noun::new(s, p, g)
}

#[test]
fn a_unit_named_after_a_preposition() {
    let areas = Vocabulary::default();
    assert_eq!(
        areas.unit_named(Prep::Da, "Area III Finanziaria"),
        "dall'Area III Finanziaria"
    );
    assert_eq!(
        areas.unit_named(Prep::A, "Segretario generale"),
        "al Segretario generale"
    );
    let settori = Vocabulary {
        unit: Noun::new("Settore", "Settori", Gender::Masculine),
        ..Vocabulary::default()
    };
    assert_eq!(
        settori.unit_named(Prep::Da, "Settore Tecnico"),
        "dal Settore Tecnico"
    );
    assert_eq!(
        settori.unit_named(Prep::Da, "Segreteria generale"),
        "dall'unità Segreteria generale"
    );
    // A word that merely begins like the unit's is a name of its own.
    assert_eq!(
        settori.unit_named(Prep::Di, "Settoriale"),
        "dell'unità Settoriale"
    );
}

#[test]
fn a_second_kind_of_unit_takes_its_own_word_and_articles() {
    let v = parse(
        "[unita]\nsingolare = \"Settore\"\nplurale = \"Settori\"\ngenere = \"maschile\"\n\
         [[altre_unita]]\nsingolare = \"U.O.A.\"\nplurale = \"U.O.A.\"\ngenere = \"femminile\"\nunita = [\"PL\"]\n\
         [[altre_unita]]\nsingolare = \"Staff\"\ngenere = \"maschile\"\n",
        Path::new("ente.toml"),
    )
    .unwrap();
    // Listed by id, or named with the word, or the ente's default.
    assert_eq!(v.unit_kind("PL", "Polizia locale").singular, "U.O.A.");
    assert_eq!(
        v.unit_kind("X", "U.O.A. Servizi sociali").singular,
        "U.O.A."
    );
    assert_eq!(v.unit_kind("S", "Staff del Sindaco").singular, "Staff");
    assert_eq!(v.unit_kind("T", "Settore Tecnico").singular, "Settore");
    assert_eq!(
        v.named_unit(Prep::Da, "PL", "Polizia locale"),
        "dall'U.O.A. Polizia locale"
    );
    assert_eq!(
        v.unit_named(Prep::A, "Staff del Sindaco"),
        "allo Staff del Sindaco"
    );
    assert_eq!(
        v.unit_named(Prep::Di, "Settore Tecnico"),
        "del Settore Tecnico"
    );
    assert_eq!(
        v.the_unit("PL", "Polizia locale"),
        "l'U.O.A. «Polizia locale»"
    );
    assert_eq!(
        v.agree_with_name("U.O.A. Servizi sociali", "rendicontato")
            .as_deref(),
        Some("rendicontata")
    );
    let own = v.for_unit("PL", "Polizia locale");
    assert_eq!(own.unit.a(), "un'U.O.A.");
    assert_eq!(own.unit.agree("questo", false), "questa");
    // The ente's word for every unit stays the ente's.
    assert_eq!(v.all_units(), "Tutti i Settori");
    // A unit listed twice, or a kind that is already the ente's word.
    let err = parse(
        "[[altre_unita]]\nsingolare = \"Area\"\ngenere = \"femminile\"\n",
        Path::new("ente.toml"),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("«Area» è già una parola per le unità"),
        "{err}"
    );
    let ids = ["PL", "T"];
    let text =
        "[[altre_unita]]\nsingolare = \"U.O.A.\"\ngenere = \"femminile\"\nunita = [\"PX\"]\n";
    let v = parse(text, Path::new("ente.toml")).unwrap();
    let d = check_units(&v, &ids, text, Path::new("ente.toml"));
    assert_eq!(
        d.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        [
            "errore: ente.toml:4:10: [[altre_unita]] «U.O.A.»: l'unità «PX» non è nel piano\n  suggerimento: le unità del piano sono: PL, T"
        ]
    );
}

#[test]
fn articles_and_prepositions() {
    use Gender::*;
    let cases = [
        (
            noun("Area", "Aree", Feminine),
            "l'Area",
            "le Aree",
            "dell'Area",
            "alle Aree",
        ),
        (
            noun("Settore", "Settori", Masculine),
            "il Settore",
            "i Settori",
            "del Settore",
            "ai Settori",
        ),
        (
            noun("Servizio", "Servizi", Masculine),
            "il Servizio",
            "i Servizi",
            "del Servizio",
            "ai Servizi",
        ),
        (
            noun("Direzione", "Direzioni", Feminine),
            "la Direzione",
            "le Direzioni",
            "della Direzione",
            "alle Direzioni",
        ),
        (
            noun("Staff", "Staff", Masculine),
            "lo Staff",
            "gli Staff",
            "dello Staff",
            "agli Staff",
        ),
        (
            noun("Unità organizzativa", "Unità organizzative", Feminine),
            "l'Unità organizzativa",
            "le Unità organizzative",
            "dell'Unità organizzativa",
            "alle Unità organizzative",
        ),
        (
            noun("Ufficio", "Uffici", Masculine),
            "l'Ufficio",
            "gli Uffici",
            "dell'Ufficio",
            "agli Uffici",
        ),
    ];
    for (n, the_s, the_p, of_s, to_p) in cases {
        assert_eq!(n.the(false), the_s);
        assert_eq!(n.the(true), the_p);
        assert_eq!(n.prep(Prep::Di, false), of_s);
        assert_eq!(n.prep(Prep::A, true), to_p);
    }
    let s = noun("Settore", "Settori", Masculine);
    assert_eq!(s.prep(Prep::In, false), "nel Settore");
    assert_eq!(s.prep(Prep::Da, true), "dai Settori");
    assert_eq!(s.prep(Prep::Su, false), "sul Settore");
    assert_eq!(
        noun("Staff", "Staff", Masculine).prep(Prep::A, false),
        "allo Staff"
    );
    assert_eq!(
        noun("Area", "Aree", Feminine).prep(Prep::A, false),
        "all'Area"
    );
    assert_eq!(
        noun("Direzione", "Direzioni", Feminine).prep(Prep::A, false),
        "alla Direzione"
    );
}

#[test]
fn indefinite_article_and_agreement() {
    use Gender::*;
    assert_eq!(noun("Area", "Aree", Feminine).a(), "un'Area");
    assert_eq!(
        noun("Direzione", "Direzioni", Feminine).a(),
        "una Direzione"
    );
    assert_eq!(noun("Settore", "Settori", Masculine).a(), "un Settore");
    assert_eq!(noun("Staff", "Staff", Masculine).a(), "uno Staff");
    assert_eq!(
        noun("Settore", "Settori", Masculine).each(),
        "ciascun Settore"
    );
    assert_eq!(noun("Staff", "Staff", Masculine).each(), "ciascuno Staff");
    assert_eq!(noun("Area", "Aree", Feminine).each(), "ciascuna Area");
    assert_eq!(
        noun("Area", "Aree", Feminine).agree("ciascuno", false),
        "ciascuna"
    );
    assert_eq!(
        noun("Settore", "Settori", Masculine).agree("assegnato", true),
        "assegnati"
    );
    assert_eq!(
        noun("Area", "Aree", Feminine).agree("assegnato", true),
        "assegnate"
    );
    assert_eq!(noun("Area", "Aree", Feminine).count_form(1), "Area");
    assert_eq!(noun("Area", "Aree", Feminine).count_form(3), "Aree");
}

#[test]
fn all_units_phrase() {
    assert_eq!(Vocabulary::default().all_units(), "Tutte le Aree");
    let v = parse(
        "[unita]\nsingolare = \"Settore\"\nplurale = \"Settori\"\ngenere = \"maschile\"\n",
        Path::new("ente.toml"),
    )
    .unwrap();
    assert_eq!(v.all_units(), "Tutti i Settori");
    assert_eq!(v.head, Vocabulary::default().head);
}

#[test]
fn evaluator_acronym_and_defaults() {
    let v = parse(
        "[valutatore]\nsingolare = \"Organismo indipendente di valutazione\"\nsigla = \"OIV\"\ngenere = \"maschile\"\n",
        Path::new("ente.toml"),
    )
    .unwrap();
    assert_eq!(v.evaluator_short, "OIV");
    assert_eq!(
        v.evaluator.prep(Prep::Di, false),
        "dell'Organismo indipendente di valutazione"
    );
    let json = v.to_json();
    assert_eq!(
        json["valutatore"]["s"]["del"],
        "dell'Organismo indipendente di valutazione"
    );
    assert_eq!(json["unita"]["s"]["al"], "all'Area");
}

#[test]
fn errors_are_located_and_in_italian() {
    let err = parse(
        "[unita]\nsingolare = \"Settore\"\ngenere = \"neutro\"\n",
        Path::new("ente.toml"),
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("ente.toml:3:"), "{text}");
    assert!(text.contains("vocabolario dell'ente non valido"), "{text}");
    let err = parse(
        "[unita]\nsingolare = \" \"\ngenere = \"femminile\"\n",
        Path::new("ente.toml"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("«singolare» è vuoto"), "{err}");
}

#[test]
fn shipped_file_spells_out_the_defaults() {
    let inputs = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    // The words; the shipped file also gives the ente's codice fiscale.
    assert_eq!(
        load(&inputs).unwrap(),
        Vocabulary {
            tax_code: Some("00220080162".to_string()),
            ..Vocabulary::default()
        }
    );
}

#[test]
fn missing_file_gives_defaults() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(load(dir.path()).unwrap(), Vocabulary::default());
}

#[test]
fn a_groups_shared_words_fill_the_sections_the_entes_file_does_not_have() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("ente/inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(
        dir.path().join(FILE_NAME),
        "[unita]\nsingolare = \"Settore\"\nplurale = \"Settori\"\ngenere = \"maschile\"\n\n[valutatore]\nsingolare = \"Nucleo di Valutazione associato\"\ngenere = \"maschile\"\n",
    )
    .unwrap();
    // No file of its own: the shared words.
    let v = load_over(&inputs, Some(dir.path())).unwrap();
    assert_eq!(v.unit.singular, "Settore");
    assert_eq!(v.evaluator.singular, "Nucleo di Valutazione associato");
    // Its own [unita] wins; the shared [valutatore] stays.
    std::fs::write(
        inputs.join(FILE_NAME),
        "codice_fiscale = \"00220080162\"\n[unita]\nsingolare = \"Area\"\nplurale = \"Aree\"\ngenere = \"femminile\"\n",
    )
    .unwrap();
    let v = load_over(&inputs, Some(dir.path())).unwrap();
    assert_eq!(v.unit.singular, "Area");
    assert_eq!(v.evaluator.singular, "Nucleo di Valutazione associato");
    assert!(v.tax_code.is_some());
    // Without a group, the ente's own file alone.
    assert_eq!(load_over(&inputs, None).unwrap(), load(&inputs).unwrap());
}

#[test]
fn a_codice_fiscale_in_the_groups_shared_words_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("ente/inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(
        dir.path().join(FILE_NAME),
        "referente = \"Ufficio\"\ncodice_fiscale = \"00220080162\"\n",
    )
    .unwrap();
    let e = load_over(&inputs, Some(dir.path())).unwrap_err();
    let text = e.iter().map(|d| d.to_string()).collect::<String>();
    assert!(text.contains("ente.toml:2:"), "{text}");
    assert!(text.contains("di un solo ente"), "{text}");
}
