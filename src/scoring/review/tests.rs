//! Tests of the evaluator's file: its reader, its checks against the
//! plan and its messages.
use super::*;
use crate::testkit::small::*;

fn plan() -> Plan {
    let mut p = plan_with(vec![
        objective(
            "OB01",
            &[("I", Some(5.0)), ("III", Some(10.0))],
            vec![indicator("OB01.1", vec![minimum(2.0)])],
        ),
        objective(
            "OB05",
            &[("III", Some(5.0))],
            vec![indicator("OB05.1", vec![deadline(2023, 6, 30)])],
        ),
    ]);
    p.year = 2023;
    p
}

#[test]
fn a_file_named_for_another_year_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("valutazioni-nucleo-2022.toml");
    std::fs::write(&path, "").unwrap();
    let e = load_review(&path, &plan(), &Vocabulary::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("valutazioni-nucleo-2022.toml: il file delle valutazioni è del 2022, ma il piano è del 2023"),
        "{e}"
    );
    assert!(e.contains("usare valutazioni-nucleo-2023.toml"), "{e}");
    let path = dir.path().join("valutazioni-nucleo-2023.toml");
    std::fs::write(&path, "").unwrap();
    assert!(load_review(&path, &plan(), &Vocabulary::default()).is_ok());
}

#[test]
fn messages_speak_the_ente_words() {
    use crate::vocab::{Gender, Noun};
    let v = Vocabulary {
        unit: Noun::new("Settore", "Settori", Gender::Masculine),
        evaluator: Noun::new(
            "Organismo indipendente di valutazione",
            "Organismi indipendenti di valutazione",
            Gender::Masculine,
        ),
        evaluator_short: "OIV".into(),
        ..Vocabulary::default()
    };
    let e = |text: &str| {
        parse_review(text, Path::new("valutazioni-nucleo-2023.toml"), &plan(), &v)
            .unwrap_err()
            .to_string()
    };
    let msg =
        e("[[neutralizzazione]]\nobiettivo = \"OB05\"\narea = \"VII\"\nmotivazione = \"b\"\n");
    assert!(
        msg.contains("il Settore «VII» non esiste nel piano"),
        "{msg}"
    );
    assert!(
        msg.contains("Settori responsabili dell'obiettivo OB05: III"),
        "{msg}"
    );
    let msg = e("[[neutralizzazione]]\nobiettivo = \"OB05\"\nmotivazione = \" \"\n");
    assert!(msg.contains("l'OIV deve motivare per iscritto"), "{msg}");
    let msg = e(
        "[[conferma]]\nindicatore = \"OB05.1\"\nmotivazione = \"a\"\n\
         [[conferma]]\nindicatore = \"OB05.1\"\nmotivazione = \"b\"\n",
    );
    assert!(
        msg.contains("una sola [[conferma]] per ogni indicatore e Settore"),
        "{msg}"
    );
    let msg = e(
        "[[correzione]]\nindicatore = \"OB05.1\"\ngrado = 80\nmotivazione = \"a\"\n\
         [[conferma]]\nindicatore = \"OB05.1\"\nmotivazione = \"b\"\n",
    );
    assert!(
        msg.contains("l'OIV prende una sola decisione per indicatore e Settore"),
        "{msg}"
    );
    assert!(!msg.contains("Area") && !msg.contains("Nucleo"), "{msg}");
}

fn parse(text: &str) -> Result<Review, Diagnostics> {
    parse_review(
        text,
        Path::new("valutazioni-nucleo-2023.toml"),
        &plan(),
        &Vocabulary::default(),
    )
}

fn errors(text: &str) -> Vec<String> {
    parse(text)
        .unwrap_err()
        .iter()
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn shipped_example_file_parses_against_the_real_plan() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plan = crate::plan::load(&root.join("inputs/piano-2023.toml")).unwrap();
    let r = load_review(
        &root.join("inputs/valutazioni-nucleo-2023.toml"),
        &plan,
        &Vocabulary::default(),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(!r.corrections.is_empty());
    assert!(!r.neutralisations.is_empty());
}

#[test]
fn corrections_and_neutralisations() {
    let r = parse(
        "anno = 2023\n\
         [[correzione]]\nindicatore = \"OB05.1\"\ngrado = 80\nmotivazione = \"verificato\"\n\
         [[correzione]]\nobiettivo = \"OB01\"\narea = \"I\"\ngrado = 100\nmotivazione = \"ok\"\n\
         [[neutralizzazione]]\nindicatore = \"OB01.1\"\nmotivazione = \"causa esterna\"\n",
    )
    .unwrap();
    assert_eq!(r.corrections.len(), 2);
    assert_eq!(r.corrections[0].area, AreaId::from("III"));
    assert!((r.corrections[0].grade - 0.8).abs() < 1e-12);
    assert_eq!(r.corrections[0].at.line, Some(2));
    assert_eq!(r.neutralisations[0].area, None);
    let subject = ReviewSubject::Indicator("OB01.1".into());
    assert!(r.neutralisation(&subject, &"III".into()).is_some());
}

#[test]
fn every_problem_is_reported_with_line_and_column() {
    let e = errors(
        "[[correzione]]\nindicatore = \"OB09.1\"\ngrado = 80\nmotivazione = \"x\"\n\
         [[correzione]]\nindicatore = \"OB05.1\"\ngrado = 180\nmotivazione = \"  \"\n\
         [[correzione]]\nindicatore = \"OB01.1\"\ngrado = 50\nmotivazione = \"x\"\n\
         [[correzione]]\nindicatore = \"OB05.1\"\narea = \"I\"\ngrado = 50\nmotivazione = \"x\"\nvoto = 3\n",
    );
    let all = e.join("\n");
    assert!(
        all.contains("valutazioni-nucleo-2023.toml:2:14: l'indicatore «OB09.1» non esiste"),
        "{all}"
    );
    assert!(
        all.contains(":7:9: il grado 180 non è valido: scrivere un valore tra 0 e 100"),
        "{all}"
    );
    assert!(all.contains(":8:15: la motivazione è vuota"), "{all}");
    assert!(all.contains("ha più Aree responsabili (I, III)"), "{all}");
    assert!(
        all.contains("l'Area I non è responsabile dell'indicatore OB05.1"),
        "{all}"
    );
    assert!(all.contains("chiave sconosciuta `voto`"), "{all}");
    assert_eq!(e.len(), 6, "{all}");
}

#[test]
fn confirmations_and_their_conflicts() {
    let r = parse(
        "[[conferma]]\nindicatore = \"OB01.1\"\nmotivazione = \"verificato\"\n\
         [[conferma]]\nindicatore = \"OB05.1\"\narea = \"III\"\nmotivazione = \"ok\"\n",
    )
    .unwrap();
    assert_eq!(r.confirmations.len(), 2);
    assert!(r.confirmation(&"OB01.1".into(), &"III".into()).is_some());
    assert!(r.confirmation(&"OB01.1".into(), &"I".into()).is_some());
    let e = errors("[[conferma]]\nobiettivo = \"OB05\"\nmotivazione = \"a\"\n");
    assert!(
        e[0].contains("su un indicatore, non su un obiettivo"),
        "{e:?}"
    );
    let e = errors(
        "[[correzione]]\nindicatore = \"OB05.1\"\ngrado = 80\nmotivazione = \"a\"\n\
         [[conferma]]\nindicatore = \"OB05.1\"\nmotivazione = \"b\"\n",
    );
    assert!(
        e[0].contains("sia confermato sia oggetto di una [[correzione]]"),
        "{e:?}"
    );
    let e = errors("[[conferma]]\nindicatore = \"OB05.1\"\n");
    assert!(e[0].contains("manca la chiave `motivazione`"), "{e:?}");
}

#[test]
fn missing_motivation_duplicates_and_conflicts() {
    let e = errors("[[correzione]]\nindicatore = \"OB05.1\"\ngrado = 80\n");
    assert!(e[0].contains("manca la chiave `motivazione`"), "{e:?}");
    let e = errors(
        "[[correzione]]\nindicatore = \"OB05.1\"\ngrado = 80\nmotivazione = \"a\"\n\
         [[correzione]]\nindicatore = \"OB05.1\"\ngrado = 70\nmotivazione = \"b\"\n",
    );
    assert!(e[0].contains("correzione ripetuta"), "{e:?}");
    let e = errors(
        "[[correzione]]\nindicatore = \"OB05.1\"\ngrado = 80\nmotivazione = \"a\"\n\
         [[neutralizzazione]]\nindicatore = \"OB05.1\"\nmotivazione = \"b\"\n",
    );
    assert!(e[0].contains("sia corretto sia neutralizzato"), "{e:?}");
    let e =
        errors("[[neutralizzazione]]\nobiettivo = \"OB05\"\narea = \"VII\"\nmotivazione = \"b\"\n");
    assert!(e[0].contains("l'Area «VII» non esiste"), "{e:?}");
    let e = errors("anno = 2022\n");
    assert!(e[0].contains("ma il piano è del 2023"), "{e:?}");
}

#[test]
fn the_hint_speaks_of_one_proposal_or_of_the_first_of_several() {
    let vocab = Vocabulary::default();
    let p = |ind: &str| PendingDecision {
        indicator: IndicatorId::from(ind),
        area: AreaId::from("III"),
        kind: PendingKind::Qualitative,
        proposal: "Raggiunto (100%)".to_string(),
    };
    let one = pending_message(&[p("OB01.1")], 2023, &vocab).unwrap();
    // At the file where the decision is to be written.
    assert_eq!(
        one.location.to_string(),
        "valutazioni-nucleo-2023.toml",
        "{one}"
    );
    assert!(
        one.hints[0].contains("Per accoglierla, ad esempio:"),
        "{:?}",
        one.hints
    );
    assert!(
        one.hints[0].contains("una decisione per la proposta"),
        "{:?}",
        one.hints
    );
    assert!(!one.hints[0].contains("la prima"), "{:?}", one.hints);
    let two = pending_message(&[p("OB01.1"), p("OB05.1")], 2023, &vocab).unwrap();
    assert!(
        two.hints[0].contains("Per accogliere la prima, ad esempio:"),
        "{:?}",
        two.hints
    );
    assert!(
        two.hints[0].contains("per ciascuna proposta"),
        "{:?}",
        two.hints
    );
}
