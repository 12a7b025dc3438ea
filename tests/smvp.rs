//! `consuntivo smvp documento`: the SMVP's methodological part written
//! from `smvp.toml`, read back with pdftotext. The worked examples must be
//! what the scoring and individual functions compute on the same rules; a
//! changed rule changes the document; the adoption act and the evaluator's
//! opinion are printed (here and in the Relazione's methodology, checked in
//! `tests/relazione.rs`); a wrong date is refused at its line; without
//! `[conciliazione]` the document says nothing of it; the ente's words
//! everywhere.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{consuntivo, flat, pdftotext, pdftotext_flow, repo, scratch_inputs, text};

use consuntivo::individual::{self, Role};
use consuntivo::italian;
use consuntivo::plan::{AreaId, IndicatorId, Target};
use consuntivo::results::{Entry, Sourced};
use consuntivo::scoring::{self, Rules};
use consuntivo::vocab::Vocabulary;

fn rules_of(inputs: &Path) -> Rules {
    scoring::load_rules(&inputs.join("smvp.toml"), consuntivo::ente::RULES_SECTIONS).unwrap()
}

fn edit_rules(inputs: &Path, from: &str, to: &str) {
    let p = inputs.join("smvp.toml");
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{from} not in smvp.toml");
    std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
}

/// The text of the document `smvp documento` wrote in `dir`, whitespace
/// made single spaces: in reading order (for sentences), then as laid out
/// (for tables, read by rows).
struct Document {
    text: String,
    tables: String,
    stderr: String,
}

/// Runs `smvp documento` in `dir`; panics unless it succeeds.
fn document(dir: &Path) -> Document {
    let out = consuntivo(&["smvp", "documento"], dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = dir.join("outputs/smvp.pdf");
    let clean = |t: String| flat(&t.replace("\u{ad}\n", "").replace('\u{ad}', ""));
    Document {
        text: clean(pdftotext_flow(&pdf)),
        tables: clean(pdftotext(&pdf)),
        stderr: text(&out.stderr),
    }
}

fn sourced<T>(value: T) -> Option<Sourced<T>> {
    consuntivo::testkit::build::sourced(value, PathBuf::new(), "")
}

fn entry_on(date: NaiveDate) -> Entry {
    Entry {
        date: sourced(date),
        ..Entry::blank(IndicatorId::from("x"), 0, AreaId::from("x"))
    }
}

/// The deadline examples as the scoring grades them: on time, at the edge
/// of each band, one day past the last.
fn deadline_lines(rules: &Rules, year: i32) -> Vec<String> {
    let deadline = NaiveDate::from_ymd_opt(year, 6, 30).unwrap();
    let target = Target::Deadline {
        date: deadline,
        movable: None,
        note: None,
    };
    let mut days: Vec<i64> = rules
        .deadline
        .bands
        .iter()
        .map(|b| i64::from(b.up_to_days))
        .collect();
    days.push(days.last().unwrap() + 1);
    days.into_iter()
        .map(|d| {
            let e = entry_on(deadline + chrono::Duration::days(d));
            let g = scoring::grade_example(&target, &e, rules, &Vocabulary::default());
            format!(
                "consegna {} dopo la scadenza: {}.",
                italian::days(d),
                italian::percent(g.grade.unwrap())
            )
        })
        .collect()
}

#[test]
fn the_examples_are_what_the_shipped_rules_compute() {
    let dir = scratch_inputs();
    let inputs = dir.path().join("inputs");
    let rules = rules_of(&inputs);
    let d = document(dir.path());
    let (doc, stderr) = (&d.text, &d.stderr);
    assert!(!stderr.contains("avviso"), "{stderr}");
    let adoption = rules.adoption.as_ref().unwrap();
    for line in deadline_lines(&rules, chrono::Datelike::year(&adoption.date)) {
        assert!(doc.contains(&line), "{line} not in: {doc}");
    }
    // The shipped bands, in the words of the scheda's explanation.
    assert!(
        doc.contains("consegna 30 giorni dopo la scadenza: 80%."),
        "{doc}"
    );
    assert!(doc.contains("fascia fino a 30 giorni, 80%»"), "{doc}");
    let minimum = scoring::grade_example(
        &Target::Minimum {
            value: 10.0,
            unit: String::new(),
        },
        &Entry {
            value: sourced(8.0),
            ..Entry::blank(IndicatorId::from("x"), 0, AreaId::from("x"))
        },
        &rules,
        &Vocabulary::default(),
    );
    let line = format!(
        "atteso almeno 10, raggiunto 8: {}.",
        italian::percent(minimum.grade.unwrap())
    );
    assert!(doc.contains(&line), "{line}");

    // The individual model: a behaviour worth 10 at 4 on the 1–5 scale,
    // and the head's worked example scored by the evaluation's functions.
    let model = individual::load_model(&inputs.join("smvp.toml"))
        .unwrap()
        .unwrap();
    assert_eq!(individual::behaviour_points(4.0, 10.0, &model.scale), 8.0);
    assert!(d.tables.contains("Punti su 10 2 4 6 8 10"), "{}", d.tables);
    let head = model.role(Role::Head).unwrap();
    let (_, objectives) = individual::objective_points(
        &[(30.0, Some(1.0)), (30.0, Some(0.8))],
        head.objective_points,
        model.neutralised,
    );
    let behaviours = individual::total_part(
        &head
            .behaviours
            .iter()
            .map(|b| individual::Part {
                points: individual::behaviour_points(4.0, b.points, &model.scale),
                max: b.points,
            })
            .collect::<Vec<_>>(),
    );
    let score =
        individual::score_out_of_100(individual::total_part(&[objectives, behaviours])).unwrap();
    let line = format!(
        "punteggio su 100 pari a {}, {}",
        italian::number(score, 2),
        individual::band(score, &head.bands).unwrap().0.label
    );
    assert!(doc.contains(&line), "{line} not in: {doc}");

    // The acts and the conciliation, as recorded in smvp.toml.
    assert!(
        d.tables.contains(
            "Adottato con deliberazione della Giunta comunale n. 141 del 14 dicembre 2022 Parere vincolante espresso dal Nucleo di Valutazione il 6 dicembre 2022 (protocollo 18452)"
        ),
        "{}",
        d.tables
    );
    assert!(
        doc.contains("Entro 15 giorni dalla comunicazione della valutazione individuale"),
        "{doc}"
    );
    assert!(doc.contains("presentata al Nucleo di Valutazione"), "{doc}");
}

#[test]
fn a_changed_band_changes_the_document() {
    let dir = scratch_inputs();
    let inputs = dir.path().join("inputs");
    edit_rules(
        &inputs,
        "{ fino_a_giorni = 30, grado = 80 }",
        "{ fino_a_giorni = 20, grado = 70 }",
    );
    let rules = rules_of(&inputs);
    let d = document(dir.path());
    let doc = &d.text;
    for line in deadline_lines(&rules, 2022) {
        assert!(doc.contains(&line), "{line} not in: {doc}");
    }
    assert!(
        doc.contains("consegna 20 giorni dopo la scadenza: 70%."),
        "{doc}"
    );
    assert!(!doc.contains("30 giorni dopo la scadenza"), "{doc}");
    assert!(d.tables.contains("fino a 20 giorni 70%"), "{}", d.tables);
}

/// Runs each of `commands` in `dir`: each must fail, naming `smvp.toml`
/// at the line holding `needle` and saying `message`.
fn refused_at(dir: &Path, commands: &[&[&str]], needle: &str, message: &str) {
    let rules = std::fs::read_to_string(dir.join("inputs/smvp.toml")).unwrap();
    let line = rules.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for args in commands {
        let out = consuntivo(args, dir);
        assert!(!out.status.success(), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("smvp.toml:{line}:")),
            "{args:?}, line {line}: {err}"
        );
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

#[test]
fn a_malformed_date_in_adozione_is_refused_at_its_line() {
    let dir = scratch_inputs();
    let inputs = dir.path().join("inputs");
    edit_rules(&inputs, "data = \"14/12/2022\"", "data = \"31/02/2022\"");
    refused_at(
        dir.path(),
        &[&["smvp", "documento"], &["verifica"]],
        "31/02/2022",
        "`data` non è una data valida",
    );
    assert!(!dir.path().join("outputs/smvp.pdf").exists());
}

#[test]
fn a_parere_after_the_adoption_is_a_warning() {
    let dir = scratch_inputs();
    let inputs = dir.path().join("inputs");
    edit_rules(&inputs, "data = \"06/12/2022\"", "data = \"20/12/2022\"");
    let d = document(dir.path());
    assert!(
        d.stderr
            .contains("il parere vincolante deve precedere l'adozione"),
        "{}",
        d.stderr
    );
    assert!(d.stderr.contains("smvp.toml:"), "at its line: {}", d.stderr);
    assert!(d.tables.contains("il 20 dicembre 2022"), "{}", d.tables);
}

#[test]
fn without_conciliazione_the_document_says_nothing_of_it() {
    let dir = scratch_inputs();
    let inputs = dir.path().join("inputs");
    let p = inputs.join("smvp.toml");
    let t = std::fs::read_to_string(&p).unwrap();
    let start = t.find("# --- Procedura di conciliazione").unwrap();
    let end = start + t[start..].find("# --- Indicatori con scadenza").unwrap();
    std::fs::write(&p, format!("{}{}", &t[..start], &t[end..])).unwrap();
    assert!(rules_of(&inputs).conciliation.is_none());
    let d = document(dir.path());
    let doc = &d.text;
    let lower = doc.to_lowercase();
    assert!(!lower.contains("concilia"), "{doc}");
    // The staff's own review period ([personale] giorni_riesame) is the
    // staff chapter's; the heads' evaluation says nothing of a review.
    let heads = &lower[..lower
        .rfind("la valutazione del personale")
        .unwrap_or(lower.len())];
    assert!(!heads.contains("riesame"), "{doc}");
}

/// `inputs/` with a fixture's plan and words and the shipped rules.
fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let from = repo().join("tests/fixtures/piani").join(name);
    for f in ["piano-2025.toml", "ente.toml"] {
        std::fs::copy(from.join(f), inputs.join(f)).unwrap();
    }
    std::fs::copy(repo().join("inputs/smvp.toml"), inputs.join("smvp.toml")).unwrap();
    dir
}

/// The document's text without the comune's own texts of `smvp.toml`
/// (behaviour names, band labels, the act, to whom a review goes), which
/// are printed as written.
fn without_own_texts(doc: &str, rules: &str) -> String {
    let mut own: Vec<&str> = rules
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(|l| l.split('"').skip(1).step_by(2))
        .collect();
    own.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = doc.to_string();
    for s in own {
        out = out.replace(&flat(s).replace('\'', "’"), "");
    }
    out
}

#[test]
fn other_comuni_read_their_own_words() {
    for (name, unit, evaluator, forbidden) in [
        (
            "settori",
            "del Settore",
            "dell’Organismo indipendente di valutazione",
            &["Area", "Aree", "Nucleo", "Alzano", "2023"][..],
        ),
        (
            "triennale",
            "del Servizio",
            "del Nucleo di valutazione monocratico",
            &["Area", "Aree", "Nucleo di Valutazione", "Alzano", "2023"][..],
        ),
    ] {
        let dir = fixture(name);
        let d = document(dir.path());
        let doc = &d.text;
        let rules = std::fs::read_to_string(dir.path().join("inputs/smvp.toml")).unwrap();
        let words = without_own_texts(&format!("{doc} {}", d.tables), &rules)
            // The payment-times law's number is not the example's year.
            .replace("DL 13/2023", "DL 13/…")
            .replace("L. 41/2023", "L. 41/…");
        for w in forbidden {
            assert!(!words.contains(w), "{name}: «{w}» in {words}");
        }
        assert!(
            doc.contains(&format!("Il grado {unit} è la media")),
            "{name}: {doc}"
        );
        assert!(
            doc.contains(&format!("I poteri {evaluator}")),
            "{name}: {doc}"
        );
    }
}

#[test]
fn a_date_before_the_adoption_is_refused() {
    let dir = scratch_inputs();
    let out = consuntivo(&["smvp", "documento", "--data", "13/12/2022"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("cita l'atto di adozione del sistema del 14/12/2022"),
        "{err}"
    );
    assert!(!dir.path().join("outputs/smvp.pdf").exists());
}

#[test]
fn a_relazione_dated_before_the_adoption_is_refused() {
    let dir = scratch_inputs();
    let inputs = dir.path().join("inputs");
    edit_rules(&inputs, "data = \"14/12/2022\"", "data = \"14/05/2024\"");
    refused_at(
        dir.path(),
        &[&["verifica"], &["relazione", "--bozza"]],
        "14/05/2024",
        "cita l'atto di adozione del Sistema di misurazione e valutazione del 14/05/2024",
    );
    assert!(!dir.path().join("outputs/2023").exists());
}

/// Without `[adozione]`, the document is the proposal to adopt: dated as
/// `--data` says, and saying it is not adopted yet (review 33 C6).
#[test]
fn a_document_not_yet_adopted_is_a_dated_proposal() {
    let dir = fixture("settori");
    let inputs = dir.path().join("inputs");
    let rules = std::fs::read_to_string(inputs.join("smvp.toml")).unwrap();
    let start = rules.find("[adozione]").expect("the shipped adoption");
    let end = start + rules[start..].find("\n\n").unwrap_or(rules.len() - start);
    std::fs::write(
        inputs.join("smvp.toml"),
        format!("{}{}", &rules[..start], &rules[end..]),
    )
    .unwrap();
    let out = consuntivo(&["smvp", "documento", "--data", "15/01/2025"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc = flat(&pdftotext_flow(&dir.path().join("outputs/smvp.pdf")));
    assert!(
        doc.contains("Proposta del 15 gennaio 2025, non ancora adottata: è il testo da sottoporre al parere vincolante dell’Organismo indipendente di valutazione e da adottare."),
        "{doc}"
    );
    assert!(!doc.contains("Adottato con"), "{doc}");
}

/// Variations from a baseline, a level to hold and a project in phases
/// have their own paragraphs, each with an example graded by the scoring
/// functions; the «all or nothing» rule changes them (review 33 C9).
#[test]
fn variations_levels_to_hold_and_phases_have_worked_examples() {
    let dir = scratch_inputs();
    let inputs = dir.path().join("inputs");
    let rules = rules_of(&inputs);
    let grade = |target: &Target, value: f64, rules: &Rules| {
        let e = scoring::grade_example(
            target,
            &Entry {
                value: sourced(value),
                ..Entry::blank(IndicatorId::from("x"), 0, AreaId::from("x"))
            },
            rules,
            &Vocabulary::default(),
        );
        italian::percent(e.grade.unwrap())
    };
    let change = |from: f64, c: consuntivo::plan::Change| Target::Change {
        from,
        goal: c.goal(from),
        change: c,
        unit: String::new(),
        previous: None,
    };
    let increase = change(200.0, consuntivo::plan::Change::IncreasePercent(10.0));
    let hold = change(2000.0, consuntivo::plan::Change::Total(2000.0));
    let phase = |w: f64| Target::Phase {
        name: String::new(),
        start: None,
        end: None,
        weight: Some(w),
        note: None,
    };
    let phases = [(Some(40.0), Some(1.0)), (Some(60.0), Some(0.5))];
    let project = italian::percent(scoring::weighted_grade(&phases).unwrap());
    let d = document(dir.path());
    let doc = &d.text;
    for line in [
        "Variazioni da un valore di partenza".to_string(),
        format!(
            "partenza 200, aumento del 10% (obiettivo 220), raggiunto 215: {}.",
            grade(&increase, 215.0, &rules)
        ),
        "l’obiettivo è un livello da mantenere".to_string(),
        format!(
            "livello da mantenere 2.000, raggiunto 1.990: {}.",
            grade(&hold, 1990.0, &rules)
        ),
        "Progetti articolati in fasi".to_string(),
        format!(
            "fase con peso 40, avanzamento 100%: {}.",
            grade(&phase(40.0), 100.0, &rules)
        ),
        format!(
            "fase con peso 60, avanzamento 50%: {}.",
            grade(&phase(60.0), 50.0, &rules)
        ),
        format!("L’indicatore vale il {project}"),
    ] {
        assert!(doc.contains(&line), "«{line}» not in: {doc}");
    }
    assert!(doc.contains("1.990: 99,5%."), "{doc}");
    // 99,5% is «raggiunto» by the thresholds: the example never says
    // «non raggiunto» beside it (review 35, 23).
    assert!(
        doc.contains("non deve scendere sotto 2.000: livello non mantenuto, in proporzione"),
        "{doc}"
    );
    // All or nothing: the level missed by 10 is worth nothing.
    edit_rules(
        &inputs,
        "minimo = \"proporzionale\"",
        "minimo = \"tutto_o_niente\"",
    );
    let rules = rules_of(&inputs);
    let doc = document(dir.path()).text;
    let line = format!(
        "livello da mantenere 2.000, raggiunto 1.990: {}.",
        grade(&hold, 1990.0, &rules)
    );
    assert!(
        doc.contains(&line) && line.ends_with(" 0%."),
        "«{line}» in: {doc}"
    );
    assert!(
        doc.contains("con la regola «tutto o niente» dei valori minimi"),
        "{doc}"
    );
}

/// The payment-times rule is stated with its share, mode and a worked
/// example computed by the year's function; changing the rule changes it.
#[test]
fn the_payment_times_share_and_its_example_follow_the_rules() {
    let dir = scratch_inputs();
    let doc = document(dir.path()).text;
    for needed in [
        "Tempi di pagamento",
        "Il 30% della retribuzione di risultato dei Responsabili di Area che rispondono dei pagamenti",
        "art. 4-bis, comma 2, DL 13/2023",
        "Questa quota si paga solo se l’obiettivo è raggiunto, cioè se il suo grado è pari almeno al 90%",
        "dal solo importo di chi non ha raggiunto l’obiettivo",
        "non si ripartisce tra gli altri",
        "la quota legata ai tempi di pagamento vale € 600,00",
        "la quota non si paga: si trattengono € 600,00 e si pagano € 1.400,00",
    ] {
        assert!(doc.contains(needed), "«{needed}» in: {doc}");
    }
    let inputs = dir.path().join("inputs");
    edit_rules(&inputs, "quota = 30 ", "quota = 40 ");
    edit_rules(&inputs, "\"tutto_o_niente\"\n", "\"proporzionale\"\n");
    let doc = document(dir.path()).text;
    // 40% of € 2.000,00 at 60%: € 320,00 withheld (800 × 40%).
    assert!(
        doc.contains("della quota si paga il 60%: si trattengono € 320,00 e si pagano € 1.680,00"),
        "{doc}"
    );
    assert!(
        doc.contains("Il 40% della retribuzione di risultato"),
        "{doc}"
    );
    // In proportional mode the text says what the computation does:
    // a share is withheld from anyone below 100%, «raggiunto» or not.
    assert!(
        doc.contains("dal solo importo di chi ha l’obiettivo con un grado sotto il 100%"),
        "{doc}"
    );
    assert!(
        !doc.contains("dal solo importo di chi non ha raggiunto"),
        "{doc}"
    );
}
