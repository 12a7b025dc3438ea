//! The plan loader against a fixture covering every feature, one inline
//! plan per kind of error (exact Italian message and line:column), and
//! golden files for the summary and the JSON shape.

use std::path::{Path, PathBuf};

use consuntivo::plan::{self, AreaId, Plan, PlanInstrument, Responsibility, Target};
use consuntivo::testkit::build::d as date;
use consuntivo::vocab::Vocabulary;

/// Lines 1–18: a valid head of plan; objectives are appended from line 19.
const HEAD: &str = r#"[piano]
anno = 2023
titolo = "Piano"
[ente]
nome = "Comune di Prova"
[[area]]
id = "SG"
nome = "Segretario generale"
in_tutte_le_aree = false
[[area]]
id = "I"
nome = "Area I"
[[area]]
id = "II"
nome = "Area II"
[[ambito]]
id = "legalita"
nome = "Legalità"
"#;

/// Lines 19–28: a valid objective.
const OBJ: &str = r#"[[obiettivo]]
id = "OB01"
ambito = "legalita"
titolo = "Titolo"
responsabili = [{ area = "I", peso = 5 }]
[[obiettivo.indicatore]]
id = "OB01.1"
descrizione = "Descrizione"
livello_atteso = "entro il 31/12/2023"
traguardi = [{ tipo = "scadenza", data = "31/12/2023" }]
"#;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/piani")
        .join(name)
}

fn parse(text: &str) -> Result<Plan, Vec<String>> {
    plan::parse(text, Path::new("piano.toml"))
        .map_err(|d| d.iter().map(|d| d.to_string()).collect())
}

/// The diagnostics of a plan that must not load.
fn errors(text: &str) -> Vec<String> {
    match parse(text) {
        Ok(_) => panic!("the plan should not load:\n{text}"),
        Err(e) => e,
    }
}

/// The diagnostics of `HEAD` + `OBJ` with `from` replaced by `to` in `OBJ`.
fn errors_obj(from: &str, to: &str) -> Vec<String> {
    assert!(OBJ.contains(from), "{from:?} not in OBJ");
    errors(&format!("{HEAD}{}", OBJ.replace(from, to)))
}

fn resp(area: &str, weight: Option<f64>, note: Option<&str>) -> Responsibility {
    Responsibility {
        area: AreaId::from(area),
        weight,
        note: note.map(str::to_string),
    }
}

#[test]
fn the_base_plan_is_valid() {
    let plan = parse(&format!("{HEAD}{OBJ}")).unwrap();
    assert_eq!(plan.objectives.len(), 1);
}

#[test]
fn valid_fixture_loads_every_feature() {
    let plan = plan::load(&fixture("valido.toml")).unwrap();
    assert_eq!(plan.year, 2023);
    assert_eq!(plan.ente.name, "Comune di Prova");
    assert_eq!(plan.ente.province.as_deref(), Some("BG"));
    assert_eq!(plan.adopted_by.as_deref(), Some("DGC n. 12 del 30/01/2023"));
    let ids: Vec<&str> = plan.areas.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["SG", "I", "III"]);
    assert_eq!(plan.areas[1].offices, ["segreteria", "protocollo"]);
    assert_eq!(plan.areas[1].head.as_deref(), Some("Mario Rossi"));
    assert_eq!(plan.themes.len(), 2);
    assert_eq!(plan.themes[0].name, "Legalità");

    // Per-area weights; indicators narrowing the objective's areas.
    let ob1 = &plan.objectives[0];
    assert_eq!(
        ob1.areas,
        [
            resp("SG", Some(10.0), None),
            resp("I", Some(5.0), None),
            resp("III", Some(7.5), Some("coordinamento")),
        ]
    );
    assert_eq!(
        ob1.description.as_deref(),
        Some("Percorso di formazione dedicata")
    );
    let i1 = &ob1.indicators[0];
    assert_eq!(i1.areas, Some(vec![resp("SG", None, None)]));
    assert_eq!(
        i1.targets,
        [
            Target::Minimum {
                value: 2.0,
                unit: "giornate formative".into()
            },
            Target::Deadline {
                date: date(2023, 12, 31),
                movable: None,
                note: None
            },
        ]
    );
    assert_eq!(
        ob1.indicators[1].areas,
        Some(vec![resp("I", None, None), resp("III", None, None)])
    );
    assert_eq!(
        ob1.indicators[1].targets,
        [Target::Percentage {
            value: 100.0,
            of: "presenze".into()
        }]
    );

    // "tutte" leaves out SG; movable deadline; strict maximum; g/m/aaaa.
    let ob2 = &plan.objectives[1];
    assert_eq!(
        ob2.areas,
        [
            resp("I", Some(3.0), Some("Tutte le Aree")),
            resp("III", Some(3.0), Some("Tutte le Aree")),
        ]
    );
    assert_eq!(ob2.indicators[0].areas, None);
    assert_eq!(
        ob2.indicators[0].targets,
        [
            Target::Deadline {
                date: date(2023, 6, 30),
                movable: Some("in base alla definizione del nuovo contratto".into()),
                note: None
            },
            Target::Maximum {
                value: 3.0,
                unit: "richiami".into(),
                strict: true
            },
        ]
    );

    // Per-indicator weights; next-year deadline with a note, as a TOML date.
    let ob3 = &plan.objectives[2];
    assert!(ob3.areas.is_empty());
    assert!(ob3.is_weighted());
    assert_eq!(
        ob3.indicators[0].areas,
        Some(vec![resp("III", Some(4.0), Some("ufficio tributi"))])
    );
    assert_eq!(
        ob3.indicators[0].targets,
        [Target::Deadline {
            date: date(2024, 3, 31),
            movable: None,
            note: Some("obiettivo biennale 2023-2024".into())
        }]
    );
    assert_eq!(
        ob3.indicators[1].areas,
        Some(vec![
            resp("III", Some(2.0), None),
            resp("I", Some(1.0), None)
        ])
    );
    assert_eq!(ob3.area_weight(&AreaId::from("III")), Some(6.0));
    assert_eq!(ob3.area_weight(&AreaId::from("I")), Some(1.0));
    assert_eq!(ob3.area_weight(&AreaId::from("SG")), None);

    // No weight, on variable resources; conditional yes/no indicator.
    let ob4 = &plan.objectives[3];
    assert_eq!(
        ob4.funding.as_deref(),
        Some("Da finanziarsi con risorse variabili Art. 79 CCNL 2019/2021")
    );
    assert_eq!(ob4.areas, [resp("I", None, None)]);
    assert!(!ob4.is_weighted());
    let i4 = &ob4.indicators[0];
    assert_eq!(
        i4.condition.as_deref(),
        Some("Solo in caso di adesione all'avviso pubblico")
    );
    assert_eq!(
        i4.targets,
        [Target::YesNo {
            what: "relazione finale alla G.C.".into()
        }]
    );
    assert_eq!(
        plan.objectives[2].indicators[1].targets,
        [Target::Qualitative {
            criterion: "assenza di rilievi del revisore".into()
        }]
    );
}

// ---- one test per kind of error ------------------------------------------

#[test]
fn the_first_toml_syntax_error_is_reported_in_italian() {
    // Only the first: what the parser finds after it may be its consequence.
    let e = errors("[piano]\nanno = 2023\ntitolo = \"Piano\nx = 1\n[ente\n");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:3:16: sintassi TOML non valida: testo tra virgolette non valido (virgolette non chiuse?) (atteso: `\"`)",
        ]
    );
}

#[test]
fn unknown_keys_name_the_allowed_ones() {
    // With its only weight misspelt the plan has no weight at all, which
    // is allowed (the SMVP decides): the misspelling alone is reported.
    let e = errors_obj("peso = 5", "pesi = 5");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:23:31: chiave sconosciuta `pesi` in un responsabile dell'obiettivo «OB01»: le chiavi ammesse sono area, peso, nota\n  suggerimento: forse si intendeva `peso`?"
        ]
    );
    let e = errors(&format!("{HEAD}{OBJ}[[obiettivi]]\nid = \"x\"\n"));
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:29:3: chiave sconosciuta `obiettivi` al primo livello del file: le chiavi ammesse sono piano, ente, area, ambito, strategico, obiettivo\n  suggerimento: forse si intendeva `obiettivo`?"
        ]
    );
}

#[test]
fn unknown_area() {
    let e = errors_obj("area = \"I\"", "area = \"IV\"");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:23:26: Area «IV» sconosciuta: le Aree definite sono SG, I, II (oppure «tutte»)\n  suggerimento: forse si intendeva «I»?"
        ]
    );
}

#[test]
fn unknown_theme() {
    let e = errors_obj("ambito = \"legalita\"", "ambito = \"legalità\"");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:21:10: ambito «legalità» sconosciuto: gli ambiti definiti sono legalita\n  suggerimento: forse si intendeva «legalita»?"
        ]
    );
}

#[test]
fn duplicate_ids() {
    let head = HEAD.replace("id = \"II\"", "id = \"I\"").replace(
        "nome = \"Legalità\"\n",
        "nome = \"Legalità\"\n[[ambito]]\nid = \"legalita\"\nnome = \"Bis\"\n",
    );
    let second = OBJ.replace("\"OB01.1\"", "\"OB01.2\"");
    let third = OBJ.replace("\"OB01\"", "\"OB02\"");
    let e = errors(&format!("{head}{OBJ}{second}{third}"));
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:14:6: id dell'Area «I» ripetuto: è già usato alla riga 11",
            "errore: piano.toml:20:6: id di ambito «legalita» ripetuto: è già usato alla riga 17",
            "errore: piano.toml:33:6: id di obiettivo «OB01» ripetuto: è già usato alla riga 23",
            "errore: piano.toml:48:6: id di indicatore «OB01.1» ripetuto: è già usato alla riga 28"
        ]
    );
}

#[test]
fn only_one_unit_can_be_the_top_official_s() {
    // `vertice = true` at line 10 (SG) and line 14 (I).
    let head = HEAD
        .replace(
            "in_tutte_le_aree = false\n",
            "in_tutte_le_aree = false\nvertice = true\n",
        )
        .replace("nome = \"Area I\"\n", "nome = \"Area I\"\nvertice = true\n");
    assert_eq!(
        errors(&format!("{head}{OBJ}")),
        vec![
            "errore: piano.toml:14:11: anche l'Area «SG» ha `vertice = true` (riga 10): una sola unità può raccogliere gli obiettivi propri del Segretario generale\n  suggerimento: lasciare `vertice = true` soltanto nell'Area che raccoglie gli obiettivi del Segretario generale e toglierlo (o scrivere `vertice = false`) nelle altre sezioni [[area]]"
        ]
    );
    let head = HEAD.replace(
        "nome = \"Area I\"\n",
        "nome = \"Area I\"\nvertice = \"sì\"\n",
    );
    assert_eq!(
        errors(&format!("{head}{OBJ}")),
        vec![
            "errore: piano.toml:13:11: `vertice` deve essere true o false, non un testo\n  suggerimento: scrivere `vertice = true` oppure `vertice = false`, senza virgolette"
        ]
    );
}

/// The plan's messages and its summary name the units in the ente's own
/// words: a comune of Settori with a Segretario comunale never reads «area»
/// or the plan's syntax (`vertice = true`) in the summary.
#[test]
fn plan_messages_and_summary_speak_the_ente_s_words() {
    let vocab = consuntivo::vocab::parse(
        "[unita]\nsingolare = \"Settore\"\nplurale = \"Settori\"\ngenere = \"maschile\"\n\
         [vertice]\nsingolare = \"Segretario comunale\"\ngenere = \"maschile\"\n",
        Path::new("ente.toml"),
    )
    .unwrap();
    let in_words = |text: &str| -> Vec<String> {
        match plan::parse_in(text, Path::new("piano.toml"), &vocab) {
            Ok(_) => panic!("the plan should not load:\n{text}"),
            Err(d) => d.iter().map(|d| d.to_string()).collect(),
        }
    };
    let head = HEAD
        .replace(
            "in_tutte_le_aree = false\n",
            "in_tutte_le_aree = false\nvertice = true\n",
        )
        .replace("nome = \"Area I\"\n", "nome = \"Area I\"\nvertice = true\n");
    assert_eq!(
        in_words(&format!("{head}{OBJ}")),
        vec![
            "errore: piano.toml:14:11: anche il Settore «SG» ha `vertice = true` (riga 10): una sola unità può raccogliere gli obiettivi propri del Segretario comunale\n  suggerimento: lasciare `vertice = true` soltanto nel Settore che raccoglie gli obiettivi del Segretario comunale e toglierlo (o scrivere `vertice = false`) nelle altre sezioni [[area]]"
        ]
    );
    assert_eq!(
        in_words(&format!(
            "{HEAD}{}",
            OBJ.replace("area = \"I\"", "area = \"IV\"")
        )),
        vec![
            "errore: piano.toml:23:26: Settore «IV» sconosciuto: i Settori definiti sono SG, I, II (oppure «tutte»)\n  suggerimento: forse si intendeva «I»?"
        ]
    );
    // The summary: in words, in the ente's words.
    let declared = plan::parse_in(
        &format!(
            "{}{OBJ}",
            HEAD.replace(
                "nome = \"Area II\"\n",
                "nome = \"Tributi\"\nvertice = true\n"
            )
        ),
        Path::new("piano.toml"),
        &vocab,
    )
    .unwrap();
    let summary = plan::summary(&declared, &vocab);
    assert!(
        summary.contains(
            "Obiettivi propri del Segretario comunale: il Settore «Tributi» (II), indicato dal piano"
        ),
        "{summary}"
    );
    for word in ["vertice", "area", "Area "] {
        let rest = summary.replace("Area I", "");
        assert!(!rest.contains(word), "«{word}» in:\n{summary}");
    }
}

#[test]
fn the_top_official_s_unit_is_the_declared_one_else_the_one_named_like_the_title() {
    let vocab = Vocabulary::default();
    let top = |p: &Plan| p.top_official_unit(&vocab).map(|a| a.id.to_string());
    // Alzano's plans declare nothing: the unit named like the title.
    let by_name = parse(&format!("{HEAD}{OBJ}")).unwrap();
    assert_eq!(top(&by_name), Some("SG".into()));
    assert!(!by_name.areas[0].top_official);
    // Declared, it wins over a name that would match, whatever its own name.
    let head = HEAD
        .replace(
            "nome = \"Segretario generale\"",
            "nome = \"Segreteria generale\"",
        )
        .replace(
            "nome = \"Area II\"\n",
            "nome = \"Area II\"\nvertice = true\n",
        );
    let declared = parse(&format!("{head}{OBJ}")).unwrap();
    assert_eq!(top(&declared), Some("II".into()));
    let line = |p: &Plan| {
        let summary = plan::summary(p, &vocab);
        let line = summary.lines().find(|l| l.starts_with("Obiettivi propri"));
        line.unwrap_or_default().to_string()
    };
    assert_eq!(
        line(&by_name),
        "Obiettivi propri del Segretario generale: l'Area «Segretario generale» (SG), riconosciuta dal nome"
    );
    assert_eq!(
        line(&declared),
        "Obiettivi propri del Segretario generale: l'Area II (II), indicata dal piano"
    );
    assert!(declared.is_top_official_unit(&AreaId::from("II"), &vocab));
    assert!(!declared.is_top_official_unit(&AreaId::from("SG"), &vocab));
    // Neither declared nor named like the title: no unit is.
    let head = HEAD.replace(
        "nome = \"Segretario generale\"",
        "nome = \"Segreteria generale\"",
    );
    let nobody = parse(&format!("{head}{OBJ}")).unwrap();
    assert_eq!(top(&nobody), None);
    assert_eq!(
        line(&nobody),
        "Obiettivi propri del Segretario generale: nessuna Area; il piano non ne indica una e nessuna si chiama «Segretario generale»"
    );
    // `vertice = false` is the same as nothing.
    let head = HEAD.replace(
        "in_tutte_le_aree = false\n",
        "in_tutte_le_aree = false\nvertice = false\n",
    );
    assert_eq!(parse(&format!("{head}{OBJ}")).unwrap(), by_name);
    // Declaring it later changes who signs, not the forms: returned forms
    // stay valid.
    let head = HEAD.replace(
        "in_tutte_le_aree = false\n",
        "in_tutte_le_aree = false\nvertice = true\n",
    );
    let declared_sg = parse(&format!("{head}{OBJ}")).unwrap();
    assert!(declared_sg.areas[0].top_official);
    assert_eq!(declared_sg.fingerprint(), by_name.fingerprint());
}

#[test]
fn unit_names_that_give_one_file_name() {
    // "Area I" and "AREA I." would both be the form "2023 - Area I.xlsx"
    // on a case-insensitive disk: `moduli` would write one file twice.
    let head = HEAD.replace("nome = \"Area II\"", "nome = \"AREA  I.\"");
    let e = errors(&format!("{head}{OBJ}"));
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:15:8: il nome «AREA  I.» dà lo stesso nome di file di «Area I» (riga 12): i moduli si sovrascriverebbero\n  suggerimento: dare alle unità nomi che differiscano per lettere o cifre, non solo per maiuscole, punteggiatura o spazi"
        ]
    );
    // A name ending in a dot is fine on its own.
    let head = HEAD.replace("nome = \"Area II\"", "nome = \"PagoPA S.p.A.\"");
    assert!(parse(&format!("{head}{OBJ}")).is_ok());
}

#[test]
fn missing_weight() {
    // A plan that gives weights must give them all: the second objective
    // (lines 29–38) lacks its weight.
    let second = OBJ
        .replace("OB01", "OB02")
        .replace("{ area = \"I\", peso = 5 }", "{ area = \"I\" }");
    let e = errors(&format!("{HEAD}{OBJ}{second}"));
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:33:17: manca `peso` per l'Area «I»\n  suggerimento: aggiungere `peso = …`, oppure `finanziamento = \"…\"` all'obiettivo se è finanziato a parte"
        ]
    );
}

#[test]
fn a_plan_without_any_weight_loads() {
    // The SMVP's `[pesi_mancanti]` rule decides what it means (scoring).
    let text = format!(
        "{HEAD}{}",
        OBJ.replace("{ area = \"I\", peso = 5 }", "{ area = \"I\" }")
    );
    let plan = parse(&text).unwrap();
    assert!(plan.objectives[0].is_weighted());
    assert!(!plan.objectives[0].has_weights());
}

#[test]
fn missing_weight_allowed_with_funding() {
    let text = format!(
        "{HEAD}{}",
        OBJ.replace("{ area = \"I\", peso = 5 }", "{ area = \"I\" }")
            .replace(
                "titolo = \"Titolo\"\n",
                "titolo = \"Titolo\"\nfinanziamento = \"Sanzioni CdS\"\n"
            )
    );
    let plan = parse(&text).unwrap();
    assert!(!plan.objectives[0].is_weighted());
}

#[test]
fn negative_weight() {
    let e = errors_obj("peso = 5", "peso = -5");
    assert_eq!(
        e,
        vec!["errore: piano.toml:23:38: `peso` non può essere negativo (-5)"]
    );
}

#[test]
fn non_numeric_weight() {
    let e = errors_obj("peso = 5", "peso = \"5\"");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:23:38: `peso` deve essere un numero, non un testo\n  suggerimento: scrivere `peso = 5`, senza virgolette e con il punto decimale"
        ]
    );
    let e = errors_obj("peso = 5", "peso = \"cinque\"");
    assert_eq!(
        e,
        vec!["errore: piano.toml:23:38: `peso` deve essere un numero, non un testo"]
    );
}

#[test]
fn impossible_date() {
    let e = errors_obj("\"31/12/2023\" }", "\"31/02/2023\" }");
    assert_eq!(
        e,
        vec!["errore: piano.toml:28:42: «31/02/2023» non è una data valida"]
    );
    let e = errors_obj("\"31/12/2023\" }", "\"2023/12/31\" }");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:28:42: «2023/12/31» non è una data nel formato gg/mm/aaaa\n  suggerimento: scrivere la data come \"31/12/2023\""
        ]
    );
}

#[test]
fn date_hints_use_the_plan_year() {
    // A 2025 plan is not told to write "31/12/2023".
    let head = HEAD.replace("anno = 2023", "anno = 2025");
    let obj = OBJ.replace("\"31/12/2023\" }", "\"2025/12/31\" }");
    let e = errors(&format!("{head}{obj}"));
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:28:42: «2025/12/31» non è una data nel formato gg/mm/aaaa\n  suggerimento: scrivere la data come \"31/12/2025\""
        ]
    );
    // Without a valid year there is no year to give as example.
    let head = HEAD.replace("anno = 2023", "anno = \"2025\"");
    let e = errors(&format!("{head}{obj}"));
    assert!(
        e.iter().any(|e| e.contains(
            "suggerimento: scrivere l'anno del piano come numero, senza virgolette: `anno = AAAA`"
        )),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|e| e.contains("scrivere la data come \"GG/MM/AAAA\"")),
        "{e:?}"
    );
}

#[test]
fn deadline_outside_the_plan_year() {
    let e = errors_obj("\"31/12/2023\" }", "\"31/12/2024\" }");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:28:42: la scadenza 31/12/2024 è fuori dall'anno del piano (2023)\n  suggerimento: aggiungere `nota = \"…\"` che spieghi perché (es. obiettivo pluriennale), oppure `spostabile = \"…\"`"
        ]
    );
    for extra in ["spostabile = \"se\"", "nota = \"biennale\""] {
        let text = format!(
            "{HEAD}{}",
            OBJ.replace("\"31/12/2023\" }", &format!("\"31/12/2024\", {extra} }}"))
        );
        assert!(parse(&text).is_ok(), "{extra}");
    }
}

#[test]
fn objective_without_indicators() {
    let obj = OBJ.split("[[obiettivo.indicatore]]").next().unwrap();
    let e = errors(&format!("{HEAD}{obj}"));
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:19:1: l'obiettivo «OB01» non ha indicatori\n  suggerimento: aggiungere almeno una sezione [[obiettivo.indicatore]] dopo l'obiettivo"
        ]
    );
}

#[test]
fn indicator_without_targets() {
    let e = errors_obj(
        "traguardi = [{ tipo = \"scadenza\", data = \"31/12/2023\" }]",
        "",
    );
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:24:1: l'indicatore «OB01.1» non ha `traguardi`\n  suggerimento: aggiungere `traguardi = [{ tipo = \"…\", … }]` con almeno un traguardo misurabile"
        ]
    );
    let e = errors_obj("[{ tipo = \"scadenza\", data = \"31/12/2023\" }]", "[]");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:28:13: l'indicatore «OB01.1» non ha traguardi: `traguardi` è vuoto\n  suggerimento: aggiungere almeno un traguardo, es. { tipo = \"scadenza\", data = \"31/12/2023\" }"
        ]
    );
}

#[test]
fn percentage_outside_0_100() {
    let e = errors_obj(
        "{ tipo = \"scadenza\", data = \"31/12/2023\" }",
        "{ tipo = \"percentuale\", valore = 120, di = \"pratiche\" }",
    );
    assert_eq!(
        e,
        vec!["errore: piano.toml:28:47: la percentuale 120 è fuori dall'intervallo 0–100"]
    );
}

#[test]
fn all_mixed_with_explicit_areas() {
    let e = errors_obj(
        "[{ area = \"I\", peso = 5 }]",
        "[{ area = \"I\", peso = 5 }, { area = \"tutte\", peso = 3 }]",
    );
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:23:52: in `responsabili` «tutte» non può stare insieme ad altre Aree\n  suggerimento: indicare «tutte» da solo, oppure elencare le Aree una per una"
        ]
    );
}

#[test]
fn unknown_target_kind() {
    let e = errors_obj("tipo = \"scadenza\"", "tipo = \"scadenze\"");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:28:23: tipo di traguardo «scadenze» sconosciuto: i tipi ammessi sono scadenza, minimo, massimo, percentuale, si_no, qualitativo, aumento, riduzione, totale, fase, non_applicabile\n  suggerimento: forse si intendeva «scadenza»?"
        ]
    );
}

#[test]
fn indicator_areas_must_narrow_the_objective() {
    let e = errors_obj(
        "descrizione = \"Descrizione\"\n",
        "descrizione = \"Descrizione\"\naree = [\"II\"]\n",
    );
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:27:9: l'Area «II» non è tra i responsabili dell'obiettivo «OB01»\n  suggerimento: un indicatore può solo restringere l'elenco dei responsabili del suo obiettivo"
        ]
    );
}

#[test]
fn every_problem_at_once() {
    let e = errors_obj("peso = 5", "peso = -5")
        .into_iter()
        .chain(errors_obj("\"31/12/2023\" }", "\"31/02/2023\" }"))
        .count();
    assert_eq!(e, 2);
    let text = format!(
        "{HEAD}{}",
        OBJ.replace("peso = 5", "peso = -5")
            .replace("\"31/12/2023\" }", "\"31/02/2023\" }")
            .replace("ambito = \"legalita\"", "ambito = \"x\"")
    );
    assert_eq!(
        errors(&text),
        vec![
            "errore: piano.toml:21:10: ambito «x» sconosciuto: gli ambiti definiti sono legalita",
            "errore: piano.toml:23:38: `peso` non può essere negativo (-5)",
            "errore: piano.toml:28:42: «31/02/2023» non è una data valida"
        ]
    );
}

// ---- golden files -------------------------------------------------------

/// Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it instead.
fn golden(name: &str, actual: &str) {
    let path = fixture(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(actual, expected, "differs from {}", path.display());
}

#[test]
fn summary_golden() {
    let plan = plan::load(&fixture("valido.toml")).unwrap();
    golden(
        "valido.riepilogo.txt",
        &plan::summary(&plan, &Vocabulary::default()),
    );
}

#[test]
fn json_golden() {
    let plan = plan::load(&fixture("valido.toml")).unwrap();
    let json = plan::to_json(&plan, &Vocabulary::default());
    let text = serde_json::to_string_pretty(&json).unwrap() + "\n";
    golden("valido.json", &text);
    // Key order is not part of the contract: compare values too, so a
    // serde_json feature change cannot make this fail for no reason.
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("valido.json")).unwrap()).unwrap();
    assert_eq!(json, expected);
}

// ---- robustness: never panic, always locate ------------------------------

mod robustness {
    use super::*;
    use proptest::prelude::*;

    const TOKENS: &[&str] = &[
        "\"",
        "'",
        "[",
        "]",
        "[[",
        "]]",
        "{",
        "}",
        "=",
        ",",
        "\n",
        "#",
        "tutte",
        "-1",
        "1e400",
        "nan",
        "\"31/02/2023\"",
        "2024-01-01",
        "2024-01-01T10:00:00Z",
        "peso",
        "area",
        "tipo",
        "\"scadenza\"",
        "\"percentuale\"",
        "200",
        "\u{feff}",
        "é",
        "[[obiettivo]]\n",
        "[[obiettivo.indicatore]]\n",
        "traguardi = []\n",
        "aree = [\"tutte\", \"I\"]\n",
    ];

    /// Every problem has a line and column inside the text.
    fn check(text: &str) {
        match plan::parse(text, Path::new("piano.toml")) {
            Ok(plan) => {
                for o in &plan.objectives {
                    assert!(!o.indicators.is_empty());
                    assert!(o.indicators.iter().all(|i| !i.targets.is_empty()));
                }
            }
            Err(diags) => {
                assert!(diags.has_errors());
                let lines = text.split('\n').count();
                for d in diags.iter() {
                    let line = d.location.line.expect("line");
                    assert!(d.location.column.is_some());
                    assert!((1..=lines).contains(&line), "{d} ({lines} lines)");
                }
            }
        }
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Delete(usize, usize),
        Insert(usize, usize),
        Replace(usize, usize, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), 0usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
            (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, t)| Edit::Insert(a, t)),
            (any::<usize>(), 0usize..10, 0..TOKENS.len())
                .prop_map(|(a, n, t)| Edit::Replace(a, n, t)),
        ]
    }

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for e in edits {
            let len = chars.len().max(1);
            match *e {
                Edit::Delete(at, n) => {
                    let at = at % len;
                    let end = (at + n).min(chars.len());
                    chars.drain(at.min(end)..end);
                }
                Edit::Insert(at, t) => {
                    let at = at % (chars.len() + 1);
                    chars.splice(at..at, TOKENS[t].chars());
                }
                Edit::Replace(at, n, t) => {
                    let at = at % len;
                    let end = (at + n).min(chars.len());
                    chars.splice(at.min(end)..end, TOKENS[t].chars());
                }
            }
        }
        chars.into_iter().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC*") {
            check(&text);
        }

        #[test]
        fn mutated_plans_never_panic(edits in proptest::collection::vec(edit(), 1..6)) {
            let base = std::fs::read_to_string(fixture("valido.toml")).unwrap();
            check(&apply(&base, &edits));
        }

        #[test]
        fn mutated_inline_plans_never_panic(edits in proptest::collection::vec(edit(), 1..4)) {
            check(&apply(&format!("{HEAD}{OBJ}"), &edits));
        }
    }
}

// ---- further checks --------------------------------------------------------

#[test]
fn indicator_with_both_aree_and_responsabili() {
    let e = errors_obj(
        "descrizione = \"Descrizione\"\n",
        "descrizione = \"Descrizione\"\naree = [\"I\"]\nresponsabili = [{ area = \"I\", peso = 1 }]\n",
    );
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:28:16: l'indicatore «OB01.1» ha sia `aree` sia `responsabili`\n  suggerimento: usare `aree` per restringere le aree dell'obiettivo, oppure `responsabili` con i pesi propri dell'indicatore, non entrambi"
        ]
    );
}

#[test]
fn nobody_answers_for_an_indicator() {
    let e = errors_obj("responsabili = [{ area = \"I\", peso = 5 }]\n", "");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:23:1: l'indicatore «OB01.1» non ha responsabili, e l'obiettivo «OB01» non ne indica\n  suggerimento: aggiungere `responsabili` all'obiettivo oppure a ogni suo indicatore"
        ]
    );
}

#[test]
fn area_listed_twice() {
    let e = errors_obj(
        "[{ area = \"I\", peso = 5 }]",
        "[{ area = \"I\", peso = 5 }, { area = \"I\", peso = 2 }]",
    );
    assert_eq!(
        e,
        vec!["errore: piano.toml:23:52: l'Area «I» compare due volte in `responsabili`"]
    );
}

#[test]
fn toml_dates_and_times() {
    let text = format!("{HEAD}{}", OBJ.replace("\"31/12/2023\" }", "2023-12-31 }"));
    assert!(parse(&text).is_ok());
    let e = errors_obj("\"31/12/2023\" }", "2023-12-31T10:00:00 }");
    assert_eq!(
        e,
        vec![
            "errore: piano.toml:28:42: «2023-12-31T10:00:00» non è una data senza orario\n  suggerimento: scrivere la data come \"31/12/2023\""
        ]
    );
}

#[test]
fn all_areas_in_indicator_aree_and_note_with_all() {
    let text = format!(
        "{HEAD}{}",
        OBJ.replace(
            "[{ area = \"I\", peso = 5 }]",
            "[{ area = \"tutte\", peso = 2, nota = \"uffici interessati\" }]"
        )
        .replace(
            "descrizione = \"Descrizione\"\n",
            "descrizione = \"Descrizione\"\naree = [\"tutte\"]\n"
        )
    );
    let plan = parse(&text).unwrap();
    let o = &plan.objectives[0];
    assert_eq!(
        o.areas,
        [
            resp("I", Some(2.0), Some("Tutte le Aree (uffici interessati)")),
            resp("II", Some(2.0), Some("Tutte le Aree (uffici interessati)")),
        ]
    );
    assert_eq!(
        o.indicators[0].areas,
        Some(vec![
            resp("I", None, Some("Tutte le Aree")),
            resp("II", None, Some("Tutte le Aree")),
        ])
    );
}

#[test]
fn byte_order_mark_and_positions() {
    let text = format!("\u{feff}{HEAD}{}", OBJ.replace("peso = 5", "peso = -5"));
    assert_eq!(
        errors(&text),
        vec!["errore: piano.toml:23:38: `peso` non può essere negativo (-5)"]
    );
}

#[test]
fn missing_sections() {
    assert_eq!(
        errors(""),
        vec![
            "errore: piano.toml:1:1: manca la sezione [piano]\n  suggerimento: aggiungere la sezione [piano]",
            "errore: piano.toml:1:1: manca la sezione [ente]\n  suggerimento: aggiungere la sezione [ente]",
            "errore: piano.toml:1:1: il piano non ha aree ([[area]])\n  suggerimento: aggiungere almeno una sezione [[area]]",
            "errore: piano.toml:1:1: il piano non ha ambiti strategici\n  suggerimento: aggiungere almeno una sezione [[ambito]]",
            "errore: piano.toml:1:1: il piano non ha obiettivi\n  suggerimento: aggiungere almeno una sezione [[obiettivo]]",
        ]
    );
}

#[test]
fn unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("piano-2023.toml");
    let e = plan::load(&missing).unwrap_err();
    assert_eq!(
        e.to_string(),
        "errore: piano-2023.toml: impossibile leggere il piano: il file non esiste\n  suggerimento: controllare il nome del file e la cartella in cui si trova"
    );
    let latin1 = dir.path().join("latin1.toml");
    std::fs::write(&latin1, b"[piano]\ntitolo = \"Legalit\xe0\"\n").unwrap();
    let e = plan::load(&latin1).unwrap_err();
    assert_eq!(
        e.to_string(),
        "errore: latin1.toml:2:18: il file non è in codifica UTF-8 (carattere non valido in questo punto)\n  suggerimento: salvare il file come testo UTF-8"
    );
}

#[test]
fn toml_number_forms() {
    let text = format!(
        "{HEAD}{}",
        OBJ.replace("peso = 5", "peso = 1_000").replace(
            "{ tipo = \"scadenza\", data = \"31/12/2023\" }",
            "{ tipo = \"minimo\", valore = 0x10, unita = \"u\" }, { tipo = \"massimo\", valore = 2.5e1, unita = \"u\" }"
        )
    );
    let plan = parse(&text).unwrap();
    let o = &plan.objectives[0];
    assert_eq!(o.areas[0].weight, Some(1000.0));
    assert_eq!(
        o.indicators[0].targets,
        [
            Target::Minimum {
                value: 16.0,
                unit: "u".into()
            },
            Target::Maximum {
                value: 25.0,
                unit: "u".into(),
                strict: false
            },
        ]
    );
    let e = errors_obj("peso = 5", "peso = nan");
    assert_eq!(
        e,
        vec!["errore: piano.toml:23:38: `peso` deve essere un numero finito"]
    );
}

// ---- the PIAO shapes ----------------------------------------------------

/// `HEAD` + `OBJ` with the indicator's `traguardi` line replaced by `lines`
/// (which start on line 28).
fn with_indicator(lines: &str) -> String {
    let obj = OBJ.replace(
        "traguardi = [{ tipo = \"scadenza\", data = \"31/12/2023\" }]\n",
        lines,
    );
    format!("{HEAD}{obj}")
}

#[test]
fn targets_per_year_select_the_plan_year() {
    let plan = parse(&with_indicator(
        "base = { valore = 200, anno = 2022, fonte = \"ISTAT\" }\ntraguardi = [\n  { anno = 2023, tipo = \"aumento\", percentuale = 10 },\n  { anno = 2024, tipo = \"riduzione\", valore = 20, unita = \"pratiche\" },\n  { anno = 2025, tipo = \"non_applicabile\" },\n]\n",
    ))
    .unwrap();
    let ind = &plan.objectives[0].indicators[0];
    assert_eq!(ind.targets.len(), 1);
    let Target::Change { from, goal, .. } = &ind.targets[0] else {
        panic!("{:?}", ind.targets)
    };
    assert_eq!((*from, *goal), (200.0, 220.0));
    let years: Vec<(i32, usize)> = ind
        .other_years
        .iter()
        .map(|y| (y.year, y.targets.len()))
        .collect();
    assert_eq!(years, vec![(2024, 1), (2025, 0)]);
    let b = ind.baseline.as_ref().unwrap();
    assert_eq!((b.year, b.source.as_deref()), (Some(2022), Some("ISTAT")));
}

#[test]
fn an_indicator_resting_this_year_is_kept_apart() {
    let text = format!(
        "{}[[obiettivo.indicatore]]\nid = \"OB01.2\"\ndescrizione = \"Dal 2024\"\nlivello_atteso = \"2023 n.a.\"\ntraguardi = [{{ anno = 2023, tipo = \"non_applicabile\" }}, {{ anno = 2024, tipo = \"si_no\", cosa = \"fatto\" }}]\n",
        with_indicator("traguardi = [{ tipo = \"scadenza\", data = \"31/12/2023\" }]\n")
    );
    let plan = parse(&text).unwrap();
    assert_eq!(plan.objectives[0].indicators.len(), 1);
    assert_eq!(plan.objectives[0].dormant[0].id.as_str(), "OB01.2");
}

#[test]
fn plan_shape_errors_are_located_and_explained() {
    assert_eq!(
        errors(&with_indicator(
            "traguardi = [{ anno = 2024, tipo = \"minimo\", valore = 1, unita = \"x\" }]\n"
        )),
        vec![
            "errore: piano.toml:28:13: l'indicatore «OB01.1» non ha traguardi per l'anno del piano (2023)\n  suggerimento: aggiungere un traguardo con `anno = 2023`, oppure { anno = 2023, tipo = \"non_applicabile\" } se quest'anno non è previsto"
        ]
    );
    assert_eq!(
        errors(&with_indicator(
            "traguardi = [{ tipo = \"aumento\", percentuale = 10 }]\n"
        )),
        vec![
            "errore: piano.toml:28:23: un traguardo «aumento» si misura dal valore di partenza, che l'indicatore non indica\n  suggerimento: aggiungere all'indicatore `base = { valore = …, anno = …, fonte = \"…\" }`"
        ]
    );
    assert_eq!(
        errors(&with_indicator(
            "successo = 120\ntipologia = \"impatto\"\nsdg = [18]\ncapofila = \"II\"\ntraguardi = [{ tipo = \"fase\", nome = \"A\", inizio = \"01/06/2023\", fine = \"01/05/2023\" }]\n"
        )),
        vec![
            "errore: piano.toml:28:12: `successo` deve essere una percentuale maggiore di 0 e non oltre 100, non 120\n  suggerimento: scrivere ad esempio `successo = 80` se l'80% conta come pieno successo",
            "errore: piano.toml:29:13: `tipologia` = «impatto» non è ammesso: i valori ammessi sono output, outcome, efficienza, efficacia, qualita",
            "errore: piano.toml:30:8: l'obiettivo di sviluppo sostenibile (SDG) 18 non esiste: sono numerati da 1 a 17",
            "errore: piano.toml:31:12: la capofila «II» dell'indicatore «OB01.1» non è tra i suoi responsabili (I)\n  suggerimento: indicare come capofila uno dei responsabili dell'indicatore",
            "errore: piano.toml:32:73: la fase finisce (01/05/2023) prima di cominciare (01/06/2023)"
        ]
    );
}

#[test]
fn a_strategic_indicator_has_no_units() {
    let text = format!(
        "{HEAD}[[strategico]]\nid = \"S1\"\ntitolo = \"Strategico\"\n\
         [[strategico.indicatore]]\nid = \"S1.1\"\ndescrizione = \"Impatto\"\n\
         livello_atteso = \"entro il 31/12/2023\"\nresponsabili = [{{ area = \"I\", peso = 5 }}]\n\
         traguardi = [{{ tipo = \"scadenza\", data = \"31/12/2023\" }}]\n{OBJ}"
    );
    assert_eq!(
        errors(&text),
        vec![
            "errore: piano.toml:26:16: `responsabili` non vale per gli indicatori di un obiettivo strategico: non si rendicontano\n  suggerimento: togliere la chiave: unità e pesi si indicano negli obiettivi operativi che servono l'obiettivo strategico"
        ]
    );
}

#[test]
fn an_unknown_strategic_objective_is_an_error() {
    let text = format!(
        "{HEAD}[[strategico]]\nid = \"S1\"\ntitolo = \"Strategico\"\n{}",
        OBJ.replace(
            "titolo = \"Titolo\"\n",
            "titolo = \"Titolo\"\nstrategico = \"S2\"\n"
        )
    );
    assert_eq!(
        errors(&text),
        vec![
            "errore: piano.toml:26:14: obiettivo strategico «S2» sconosciuto: quelli definiti sono S1\n  suggerimento: forse si intendeva «S1»?"
        ]
    );
}

#[test]
fn an_approval_date_with_dots_is_read_and_a_wrong_one_is_refused_at_its_column() {
    let with = |act: &str| {
        HEAD.replace(
            "titolo = \"Piano\"\n",
            &format!("titolo = \"Piano\"\napprovato_con = \"{act}\"\n"),
        ) + OBJ
    };
    // Read: the plan document takes its date from the act.
    let plan = parse(&with("DGC n. 12 del 09.08.2023")).unwrap();
    assert_eq!(
        consuntivo::report::adoption_date(&plan),
        Some(date(2023, 8, 9))
    );
    // Refused where it is written, never passed over.
    for wrong in ["31.02.2023", "09.08.23"] {
        let e = errors(&with(&format!("DGC n. 12 del {wrong}")));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with(&format!(
                "errore: piano.toml:4:32: «{wrong}» non è una data valida"
            )),
            "{e:?}"
        );
    }
}

#[test]
fn a_phase_carries_its_deliverable() {
    let plan = parse(&format!(
        "{HEAD}{}",
        OBJ.replace(
            r#"traguardi = [{ tipo = "scadenza", data = "31/12/2023" }]"#,
            r#"traguardi = [{ tipo = "fase", nome = "Collaudo", fine = "31/12/2023", nota = "verbale di collaudo" }]"#,
        )
    ))
    .expect("`nota` is accepted on a phase");
    let target = &plan.objectives[0].indicators[0].targets[0];
    assert!(
        matches!(target, Target::Phase { note: Some(n), .. } if n == "verbale di collaudo"),
        "{target:?}"
    );
    // Printed where phases print (forms, plan document, monitoring, summary).
    assert_eq!(
        consuntivo::forms::describe_target(target),
        "Avanzamento in % della fase «Collaudo» (entro il 31/12/2023) – verbale di collaudo"
    );
    // In the plan's JSON too.
    let json = plan::to_json(&plan, &Vocabulary::default());
    assert!(
        json.to_string()
            .contains("\"note\":\"verbale di collaudo\""),
        "{json}"
    );
}

#[test]
fn a_percentage_change_from_a_zero_baseline_is_refused_at_its_line() {
    assert_eq!(
        errors(&with_indicator(
            "base = { valore = 0, anno = 2022 }\ntraguardi = [{ tipo = \"aumento\", percentuale = 10, unita = \"pratiche\" }]\n"
        )),
        vec![
            "errore: piano.toml:29:48: «aumento» del 10% da un valore di partenza pari a 0: il valore da raggiungere resterebbe 0 e qualunque risultato varrebbe il 100%\n  suggerimento: indicare la variazione in valore assoluto (`valore = …` invece di `percentuale`) oppure il valore da raggiungere (`tipo = \"totale\"`), o correggere `base`"
        ]
    );
    // An absolute change or a total from 0 asks something: accepted.
    for t in [
        "{ tipo = \"aumento\", valore = 10, unita = \"pratiche\" }",
        "{ tipo = \"totale\", valore = 10, unita = \"pratiche\" }",
    ] {
        parse(&with_indicator(&format!(
            "base = {{ valore = 0, anno = 2022 }}\ntraguardi = [{t}]\n"
        )))
        .unwrap_or_else(|e| panic!("{t}: {e:?}"));
    }
}

#[test]
fn a_change_can_count_from_the_previous_year_s_target() {
    let plan = parse(&with_indicator(
        "base = { valore = 100, anno = 2022 }\ntraguardi = [\n  { anno = 2023, tipo = \"aumento\", valore = 10, unita = \"pratiche\" },\n  { anno = 2024, tipo = \"aumento\", valore = 2, unita = \"pratiche\", rispetto = \"anno_precedente\" },\n  { anno = 2025, tipo = \"riduzione\", percentuale = 50, unita = \"pratiche\", rispetto = \"anno_precedente\" },\n]\n",
    ))
    .unwrap();
    let ind = &plan.objectives[0].indicators[0];
    let goals: Vec<(f64, f64, Option<i32>)> = std::iter::once(&ind.targets[0])
        .chain(ind.other_years.iter().map(|y| &y.targets[0]))
        .map(|t| match t {
            Target::Change {
                from,
                goal,
                previous,
                ..
            } => (*from, *goal, *previous),
            other => panic!("{other:?}"),
        })
        .collect();
    // 100 + 10; then «+2 ulteriori» from 110; then −50% of 112.
    assert_eq!(
        goals,
        vec![
            (100.0, 110.0, None),
            (110.0, 112.0, Some(2023)),
            (112.0, 56.0, Some(2024))
        ]
    );
    assert_eq!(
        consuntivo::forms::describe_target(&ind.other_years[0].targets[0]),
        "Aumento di 2 rispetto al traguardo del 2023, pari a 110 (obiettivo 112 pratiche)"
    );
    // No base needed when every change counts from the year before.
    parse(&with_indicator(
        "traguardi = [\n  { anno = 2023, tipo = \"minimo\", valore = 5, unita = \"corsi\" },\n  { anno = 2024, tipo = \"aumento\", valore = 2, unita = \"corsi\", rispetto = \"anno_precedente\" },\n]\n",
    ))
    .unwrap();
}

#[test]
fn a_change_from_a_previous_year_without_a_value_is_refused() {
    assert_eq!(
        errors(&with_indicator(
            "traguardi = [{ tipo = \"aumento\", valore = 2, rispetto = \"anno_precedente\" }]\n"
        )),
        vec![
            "errore: piano.toml:28:14: il traguardo si misura dal traguardo del 2022, ma l'indicatore non ha un traguardo con un valore (aumento, riduzione, totale, minimo o massimo) per quell'anno\n  suggerimento: dare per il 2022 un solo traguardo con un valore, oppure misurare dal valore di partenza (`base`) togliendo `rispetto`"
        ]
    );
    let e = errors(&with_indicator(
        "traguardi = [{ tipo = \"aumento\", valore = 2, rispetto = \"precedente\" }]\n",
    ));
    assert!(
        e[0].contains(
            "`rispetto` può essere \"base\" (il valore di partenza) oppure \"anno_precedente\""
        ),
        "{e:?}"
    );
}

#[test]
fn the_plan_says_which_act_it_is_part_of_and_a_wrong_one_is_refused_at_its_column() {
    let with = |lines: &str| {
        HEAD.replace(
            "titolo = \"Piano\"\n",
            &format!("titolo = \"Piano\"\n{lines}"),
        ) + OBJ
    };
    // Read in any case; a plan without it names no act.
    for (written, kind) in [
        ("PIAO", PlanInstrument::Piao),
        ("peg", PlanInstrument::Peg),
        ("Delibera", PlanInstrument::Delibera),
    ] {
        let plan = parse(&with(&format!(
            "documento = \"{written}\"\napprovato_con = \"DGC n. 4 del 20/01/2023\"\n"
        )))
        .unwrap();
        assert_eq!(plan.document, Some(kind));
    }
    assert_eq!(parse(&format!("{HEAD}{OBJ}")).unwrap().document, None);
    // Another word: an error at the value, listing the accepted ones.
    let e = errors(&with("documento = \"Piano della performance\"\n"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("errore: piano.toml:4:13: `documento` = «Piano della performance» non è un documento di programmazione riconosciuto\n  suggerimento: scrivere \"PIAO\", \"PEG\" oppure \"delibera\""),
        "{e:?}"
    );
    // A resolution is the plan itself: its number and date are needed.
    let e = errors(&with("documento = \"delibera\"\n"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("errore: piano.toml:4:13: con `documento = \"delibera\"` il piano è la deliberazione stessa, ma manca `approvato_con`\n  suggerimento: aggiungere in [piano] il numero e la data della deliberazione, es. approvato_con = \"deliberazione della Giunta comunale n. 12 del 30/01/2023\""),
        "{e:?}"
    );
}
