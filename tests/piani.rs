//! End-to-end on plans that are not Alzano's (`tests/fixtures/piani/`):
//! a comune in Settori with Dirigenti, a Segretario comunale and an OIV,
//! weights in hundredths and phases (`settori/`), and a triennial plan with
//! baselines, relative targets, a strategic level and no weights
//! (`triennale/`). The real binary runs on a scratch copy of the inputs;
//! the forms are filled as a unit would (prefilled through the library),
//! read back, and every grade is checked against a hand computation.

mod common;

use std::path::{Path, PathBuf};

use common::{consuntivo, pdftotext, repo, text};

use consuntivo::forms;
use consuntivo::plan::{self, AreaId, IndicatorId, ObjectiveId, Plan, StrategicId};
use consuntivo::results::{CellRef, Entry, Sourced};
use consuntivo::scoring::{self, Review, Scorecard};
use consuntivo::testkit::build::d;

/// `inputs/` with the fixture's plan and vocabulary, the shipped rules
/// with each `(from, to)` of `rule_edits` applied, and nothing of 2023.
fn scratch(fixture: &str, rule_edits: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let from = repo().join("tests/fixtures/piani").join(fixture);
    for name in ["piano-2025.toml", "ente.toml"] {
        std::fs::copy(from.join(name), inputs.join(name)).unwrap();
    }
    let mut rules = std::fs::read_to_string(repo().join("inputs/smvp.toml")).unwrap();
    for (from, to) in rule_edits {
        assert!(rules.contains(from), "{from} not in smvp.toml");
        rules = rules.replace(from, to);
    }
    std::fs::write(inputs.join("smvp.toml"), rules).unwrap();
    dir
}

fn sourced<T>(value: T) -> Option<Sourced<T>> {
    Some(Sourced {
        value,
        at: CellRef {
            file: PathBuf::new(),
            sheet: String::new(),
            cell: String::new(),
        },
    })
}

fn entry(area: &str, indicator: &str, target: usize) -> Entry {
    Entry {
        evidence: sourced(format!("Relazione del responsabile, {indicator}")),
        ..Entry::blank(IndicatorId::from(indicator), target, AreaId::from(area))
    }
}

fn value(area: &str, indicator: &str, target: usize, v: f64) -> Entry {
    let mut e = entry(area, indicator, target);
    e.value = sourced(v);
    if v.fract() != 0.0 || v < 1.0 {
        e.motivation = sourced("Risultato parziale per ritardi del fornitore".to_string());
    }
    e
}

/// Writes each unit's prefilled form into `inputs/rendicontazioni/2025/`
/// after `consuntivo moduli` has produced the blank ones.
fn fill_forms(dir: &Path, plan: &Plan, entries: &[Entry]) {
    let out = consuntivo(&["moduli"], dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The files a user sees (the hidden list of the set is not one).
    let blank = common::files_under(&dir.join("outputs/moduli/2025")).len();
    assert_eq!(blank, plan.areas.len(), "one blank form per unit");

    let forms_dir = dir.join("inputs/rendicontazioni/2025");
    std::fs::create_dir_all(&forms_dir).unwrap();
    for a in &plan.areas {
        let own: Vec<Entry> = entries.iter().filter(|e| e.area == a.id).cloned().collect();
        let (name, bytes) = forms::generate_prefilled(plan, &a.id, &own).unwrap();
        assert!(!name.contains(".."), "{name}");
        std::fs::write(forms_dir.join(name), bytes).unwrap();
    }
}

/// The forms read back and graded through the library, as the binary does.
fn score(dir: &Path, plan: &Plan) -> Scorecard {
    let inputs = dir.join("inputs");
    let vocab = consuntivo::vocab::load(&inputs).unwrap();
    let (results, _) = forms::read_dir(plan, &inputs.join("rendicontazioni/2025"), &vocab).unwrap();
    let rules =
        scoring::load_rules(&inputs.join("smvp.toml"), consuntivo::ente::RULES_SECTIONS).unwrap();
    let plan_file = inputs.join("piano-2025.toml");
    let at = consuntivo::diag::Location::file(&plan_file);
    let weighted = scoring::apply_weight_rule(plan.clone(), &rules, &at).unwrap();
    scoring::score_with(&weighted, &results, &rules, &Review::default(), &vocab)
}

fn unit_grade(sc: &Scorecard, area: &str) -> f64 {
    let a = sc.areas.iter().find(|a| a.area.as_str() == area).unwrap();
    a.grade.unwrap()
}

fn objective_grade(sc: &Scorecard, objective: &str, area: &str) -> f64 {
    let o = sc
        .objectives
        .iter()
        .find(|o| o.objective == ObjectiveId::from(objective))
        .unwrap();
    o.areas
        .iter()
        .find(|a| a.area.as_str() == area)
        .unwrap()
        .grade
        .unwrap()
}

fn indicator_explanation(sc: &Scorecard, indicator: &str, area: &str) -> String {
    sc.objectives
        .iter()
        .flat_map(|o| &o.areas)
        .flat_map(|a| &a.indicators)
        .find(|i| i.indicator.as_str() == indicator && i.area.as_str() == area)
        .unwrap()
        .explanation
        .clone()
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-9
}

/// Runs the main job and returns the text of the Relazione and schede.
fn relazione(dir: &Path) -> (String, Vec<String>) {
    let out = consuntivo(&["relazione", "--data", "30/04/2026"], dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let year = dir.join("outputs/2025");
    let main = pdftotext(&year.join("Relazione sulla performance 2025.pdf"));
    let mut schede = Vec::new();
    for e in std::fs::read_dir(year.join("schede")).unwrap() {
        schede.push(pdftotext(&e.unwrap().path()));
    }
    (text(&out.stdout) + &main, schede)
}

/// The scheda whose heading names `unit`.
fn scheda_of<'a>(schede: &'a [String], unit: &str) -> &'a str {
    schede
        .iter()
        .find(|s| s.contains(unit))
        .unwrap_or_else(|| panic!("no scheda names {unit}"))
}

/// Nothing of the example comune, nor its year, in a document whose data
/// never mention them. Words and the year count only whole: the annex
/// prints each form's SHA-256, which changes with the forms' creation
/// time and holds «2023» in its hex digits about once in 300 runs.
fn assert_not_alzano(pdf: &str) {
    assert!(!pdf.contains("Alzano"), "«Alzano» printed:\n{pdf}");
    assert!(whole_word(pdf, "2023").is_none(), "«2023» printed:\n{pdf}");
    // The ente's own words, never the default vocabulary's.
    for word in [
        "Area",
        "Aree",
        "Segretario generale",
        "Nucleo di Valutazione",
    ] {
        let found = whole_word(pdf, word);
        assert!(found.is_none(), "«{word}» printed: {found:?}");
    }
}

/// The stretch of `text` (between punctuation) where `word` stands whole,
/// neither letter nor digit on either side.
fn whole_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    text.split(|c: char| !c.is_alphanumeric() && c != ' ')
        .flat_map(|s| s.match_indices(word).map(move |(i, _)| (s, i)))
        .find(|(s, i)| {
            let before = s[..*i].chars().next_back();
            let after = s[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .map(|(s, _)| s)
}

/// A Relazione where the evaluator decided nothing neither has the chapter
/// of its decisions nor promises one.
fn no_chapter_of_decisions(relazione: &str) {
    assert!(!relazione.contains("Decisioni dell"), "{relazione}");
    assert!(!relazione.contains("capitolo dedicato"), "{relazione}");
    assert!(
        !relazione.contains("riepilogate nel capitolo"),
        "{relazione}"
    );
    assert!(
        relazione.contains("neutralizza, motivando per iscritto."),
        "{relazione}"
    );
}

/// A phase whose end date has passed with nothing reported is a passed
/// deadline without data in `stato`, like any deadline (review 30 #4):
/// Settore Affari generali's three OB02.1 phases ended in 2025; the one
/// still running on 15/09/2025 is not counted then.
#[test]
fn stato_counts_phases_ended_without_data_as_passed_deadlines() {
    let dir = scratch("settori", &[]);
    let plan = plan::load(&dir.path().join("inputs/piano-2025.toml")).unwrap();
    let nothing = consuntivo::results::Results {
        year: 2025,
        reports: Vec::new(),
    };
    let overdue = |date| {
        let state = consuntivo::status::build(&plan, &nothing, &Review::default(), date);
        let ag = state
            .units
            .iter()
            .find(|u| u.area.as_str() == "AG")
            .expect("Settore Affari generali has rows");
        let phases = ag
            .missing
            .iter()
            .filter(|m| m.code.starts_with("OB02.1"))
            .filter(|m| {
                matches!(
                    m.problem,
                    consuntivo::status::Problem::Empty {
                        overdue: Some(_),
                        ..
                    }
                )
            })
            .count();
        (phases, ag.overdue())
    };
    assert_eq!(overdue(d(2026, 12, 7)).0, 3, "three phases ended empty");
    assert_eq!(overdue(d(2025, 9, 15)).0, 1, "only «Analisi» has ended");
    let state = consuntivo::status::build(&plan, &nothing, &Review::default(), d(2026, 12, 7));
    let vocab = consuntivo::vocab::load(&dir.path().join("inputs")).unwrap();
    let table = consuntivo::status::table::summary(&state, &vocab);
    let col = table
        .headers
        .iter()
        .position(|h| h == "Scadenze passate senza dati")
        .unwrap();
    let row = table
        .rows
        .iter()
        .find(|r| matches!(&r[0], consuntivo::status::table::Cell::Text(t) if t == "Settore Affari generali"))
        .unwrap();
    assert_eq!(
        row[col],
        consuntivo::status::table::Cell::Count(overdue(d(2026, 12, 7)).1)
    );
    assert!(overdue(d(2026, 12, 7)).1 >= 3);
}

#[test]
fn a_year_counts_only_as_a_whole_number() {
    // A form's digest in the annex is no year: the check that once failed
    // at random on «…9f2023ab…».
    assert_eq!(whole_word("Impronta 9f2023ab41", "2023"), None);
    assert_eq!(
        whole_word("Approvato nel 2023.", "2023"),
        Some("Approvato nel 2023")
    );
    assert_eq!(whole_word("il 31/12/2023", "2023"), Some("2023"));
}

#[test]
fn a_comune_in_settori_with_phases_and_weights_in_hundredths() {
    let dir = scratch("settori", &[]);
    let plan = plan::load(&dir.path().join("inputs/piano-2025.toml")).unwrap();
    let entries = vec![
        // SC: on time.
        {
            let mut e = entry("SC", "OB01.1", 0);
            e.date = sourced(d(2025, 6, 20));
            e
        },
        // AG, lead unit of OB02.1, for itself and TE: phases at 100%, 80%, 50%.
        value("AG", "OB02.1", 0, 100.0),
        {
            let mut e = value("AG", "OB02.1", 1, 80.0);
            e.motivation =
                sourced("Ritardo del fornitore nella consegna del modulo pagamenti".to_string());
            e
        },
        {
            let mut e = value("AG", "OB02.1", 2, 50.0);
            e.motivation =
                sourced("Collaudo slittato per il ritardo della fase di sviluppo".to_string());
            e
        },
        // EF: 1.080.000 € of 1.500.000 (72%), against a success level of 80%.
        value("EF", "OB03.1", 0, 1_080_000.0),
        // The shared result of OB04.1, reported differently by AG and EF.
        value("AG", "OB04.1", 0, 100.0),
        value("EF", "OB04.1", 0, 90.0),
        // TE: 8 days, within the maximum of 10.
        value("TE", "OB05.1", 0, 8.0),
    ];
    fill_forms(dir.path(), &plan, &entries);
    let sc = score(dir.path(), &plan);

    // One count of warnings, the one under their list: the summary once
    // said «Avvisi: 1» (the scorecard's own) above «5 avvisi.».
    let out = consuntivo(&["valuta"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (said, warned) = (text(&out.stdout), text(&out.stderr));
    assert!(!said.contains("Avvisi:"), "{said}");
    // A plan with weights of its own shows them.
    assert!(
        said.lines()
            .any(|l| l.starts_with("Settore ") && l.contains("Peso")),
        "{said}"
    );
    let listed = warned.lines().filter(|l| l.starts_with("avviso: ")).count();
    assert!(
        warned.trim_end().ends_with(&format!("{listed} avvisi.")),
        "{warned}"
    );
    // A target under its goal whose grade is still «Raggiunto» (90% of
    // OB04.1, at the 90% threshold) is «non pienamente raggiunto», in the
    // warnings and in the reminder, never «non raggiunto».
    assert!(
        warned.contains("traguardo «OB04.1» non pienamente raggiunto (90% contro il 100% atteso)"),
        "{warned}"
    );
    assert!(!warned.contains("non raggiunto ("), "{warned}");
    let out = consuntivo(&["solleciti", "--al", "15/03/2026"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let letter = std::fs::read_to_string(
        dir.path()
            .join("outputs/2025/solleciti/Sollecito 2025 – Settore Economico-finanziario.txt"),
    )
    .unwrap();
    assert!(
        letter.contains(
            "Per 2 traguardi non pienamente raggiunti, o raggiunti in ritardo, manca la motivazione"
        ),
        "{letter}"
    );
    // The two phases under 100% carry their motivation here (they are
    // read back side by side in the Relazione below): no warning for them.
    assert!(!warned.contains("(fase all'80%)"), "{warned}");
    // Without a date, the example date is of this plan's year, not 2024.
    let out = consuntivo(&["relazione"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("es. data = \"30/04/2026\""), "{err}");
    assert!(!err.contains("2024"), "{err}");

    // Phases weigh 20/50/30: 0.2 × 1 + 0.5 × 0.8 + 0.3 × 0.5 = 0.75, for
    // the lead unit and, through it, for TE.
    assert!(close(objective_grade(&sc, "OB02", "AG"), 0.75));
    assert!(close(objective_grade(&sc, "OB02", "TE"), 0.75));
    let phases = indicator_explanation(&sc, "OB02.1", "TE");
    assert!(
        phases.contains("Fase «Analisi», avanzamento 100%; fase «Sviluppo», avanzamento 80%;")
            && phases.contains("Media pesata delle 3 fasi valutate: 75%"),
        "{phases}"
    );
    // Each figure once, and no «traguardo 2 – fase …: …» chain (review 31 N5).
    assert!(!phases.contains("80%, 80%"), "{phases}");
    assert!(!phases.contains("traguardo 2"), "{phases}");
    // 1.080.000 ÷ 1.500.000 = 72%, measured against 80%: 90%.
    assert!(close(objective_grade(&sc, "OB03", "EF"), 0.9));
    let success = indicator_explanation(&sc, "OB03.1", "EF");
    assert!(
        success.contains("livello di successo atteso 80%: 72% su 80% (al massimo il 100%), 90%"),
        "{success}"
    );
    assert!(close(objective_grade(&sc, "OB04", "EF"), 0.9));
    // Settori: Σ(weight × grade) ÷ Σ(weight), weights summing to 100.
    assert!(close(unit_grade(&sc, "SC"), 1.0));
    assert!(close(unit_grade(&sc, "AG"), (60.0 * 0.75 + 40.0) / 100.0));
    assert!(close(
        unit_grade(&sc, "EF"),
        (70.0 * 0.9 + 30.0 * 0.9) / 100.0
    ));
    assert!(close(unit_grade(&sc, "TE"), (30.0 * 0.75 + 70.0) / 100.0));
    // Ente: 367,5 ÷ 400.
    assert!(close(sc.grade.unwrap(), 3.675 / 4.0));
    // The two values of the shared result, with both cells.
    let shared: Vec<String> = sc
        .warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| w.contains("risultato condiviso OB04.1"))
        .collect();
    assert_eq!(shared.len(), 1, "{:?}", sc.warnings);
    assert!(
        shared[0].contains(
            "per il risultato condiviso OB04.1 il Settore Affari generali indica 100, il Settore Economico-finanziario indica 90 (2025 - Settore Economico-finanziario.xlsx › "
        ),
        "{}",
        shared[0]
    );
    // The first cell once, as the message's place; one colon after it
    // (review 31 N15).
    let message = &sc
        .warnings
        .iter()
        .find(|w| w.message.contains("risultato condiviso OB04.1"))
        .unwrap()
        .message;
    assert!(
        !message.contains(':') && !message.contains("Affari generali.xlsx"),
        "{message}"
    );
    assert!(
        shared[0].starts_with("avviso: 2025 - Settore Affari generali.xlsx"),
        "{}",
        shared[0]
    );

    let (relazione, schede) = relazione(dir.path());
    assert!(relazione.contains("Grado dell'ente: 91,9%"), "{relazione}");
    assert!(relazione.contains("Comune di Monte Ferro"));
    // Indicator details wrap inside their table cell.
    let flowing = common::flat(&relazione);
    // Under the phase table, only how the phases combine: the table
    // holds each phase's progress and grade (review 31 N5).
    assert!(
        flowing.contains("Media pesata delle 3 fasi valutate: 75%"),
        "{flowing}"
    );
    assert!(!flowing.contains("avanzamento 80%"), "{flowing}");
    // Each phase is a row of its own table, with its weight and period,
    // in the Relazione and in the lead unit's scheda.
    let phase_row =
        regex::Regex::new(r"Sviluppo\s+50\s+01/04/2025 – 30/09/2025\s+80%\s+80%").unwrap();
    assert!(phase_row.is_match(&relazione), "{relazione}");
    let lead = scheda_of(&schede, "Settore Affari generali");
    assert!(phase_row.is_match(lead), "{lead}");
    assert!(lead.contains("Per fase, nella tabella"), "{lead}");

    // A phase's deliverable is printed with it, in the phase's row (the
    // name's cell may wrap).
    let deliverable = regex::Regex::new(r"(?s)Collaudo \(verbale\s+di.{0,300}?collaudo\)").unwrap();
    assert!(deliverable.is_match(&relazione), "{relazione}");
    // «Label – text», no colon after a label (never two in a row when
    // the text has its own).
    assert!(
        flowing.contains("Rendiconta per tutti (capofila) – Settore Affari generali"),
        "{flowing}"
    );
    assert!(
        flowing.contains("Livello di successo atteso – 80%"),
        "{flowing}"
    );
    // No chain of colons in the annex («Valutazione: traguardo 1: …»).
    let lower = flowing.to_lowercase();
    for chain in [
        "valutazione:",
        "traguardo 1:",
        "valore di partenza:",
        "scadenza: entro",
        "sì/no:",
    ] {
        assert!(!lower.contains(chain), "«{chain}» in {flowing}");
    }
    // The Metodologia says how phases and the success level are graded.
    let method = common::flat(&relazione);
    assert!(
        method.contains("Per gli indicatori articolati in fasi"),
        "{method}"
    );
    assert!(
        method.contains("fissa il livello di successo atteso")
            || method.contains("hanno nel piano un livello di successo atteso"),
        "{method}"
    );
    assert!(
        !method.contains("riferito a un valore di partenza"),
        "{method}"
    );
    // Two phases' motivations side by side read as two sentences.
    assert!(
        method
            .contains("modulo pagamenti. Collaudo slittato per il ritardo della fase di sviluppo."),
        "{method}"
    );
    // The heads are named in the organisation, never beside a grade.
    assert!(method.contains("dott.ssa Maria Greco"), "{method}");
    assert!(
        !method.contains("Dirigente: dott.ssa Maria Greco"),
        "{method}"
    );
    assert!(
        relazione.contains("tipologia: efficienza"),
        "the indicator's metadata"
    );
    assert_not_alzano(&relazione);
    // The OIV decided nothing: no chapter of its decisions, and the
    // Metodologia does not refer to one.
    no_chapter_of_decisions(&flowing);
    assert_eq!(schede.len(), 4);
    for s in &schede {
        assert_not_alzano(s);
    }
    // The Segreteria generale is declared `vertice = true`: its scheda is
    // signed by the Segretario comunale as its head, with no «presa visione».
    let top = scheda_of(&schede, "Segreteria generale");
    assert!(
        top.contains("assegnati all’unità Segreteria generale per il 2025"),
        "{top}"
    );
    assert!(!top.contains("Per presa visione"), "{top}");
    assert!(top.contains("Il Segretario comunale"), "{top}");
    let unit = scheda_of(&schede, "Settore Tecnico");
    assert!(
        unit.contains("Per presa visione, il Dirigente") && unit.contains("ing. Carla Esposito"),
        "{unit}"
    );
}

/// The top official's unit of the Settori plan is named «Segreteria
/// generale», not like the top official: the plan's `vertice = true` alone
/// makes it the top official's. The letters are signed by the Segretario
/// comunale: that unit gets none (a letter to oneself), the command lists
/// it for the office; undeclared, it is a unit like the others.
#[test]
fn the_declared_top_official_s_unit_gets_no_reminder_but_is_listed() {
    let dir = scratch("settori", &[]);
    // No form has come back yet: every other unit gets a letter.
    std::fs::create_dir_all(dir.path().join("inputs/rendicontazioni/2025")).unwrap();
    let out = consuntivo(&["solleciti", "--al", "15/03/2026"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("Segreteria generale, ")
            && said.contains("da completare a cura dell'ufficio: nessun sollecito, perché le lettere sono firmate dal Segretario comunale."),
        "{said}"
    );
    let letters = dir.path().join("outputs/2025/solleciti");
    let letter = |unit: &str| {
        let path = common::files_under(&letters).into_iter().find(|p| {
            p.extension().is_some_and(|e| e == "txt") && p.to_string_lossy().contains(unit)
        })?;
        Some((
            std::fs::read_to_string(&path).unwrap(),
            pdftotext(&path.with_extension("pdf")),
        ))
    };
    assert!(
        letter("Segreteria generale").is_none(),
        "a letter to oneself"
    );
    let (unit, unit_pdf) = letter("Settore Tecnico").expect("the Settore Tecnico's letter");
    assert!(unit.contains("\nAl Dirigente\n"), "{unit}");
    assert!(unit.contains("\nIl Segretario comunale\n"), "{unit}");
    assert!(unit_pdf.contains("Al Dirigente"), "{unit_pdf}");
    // Undeclared, the unit is named neither like the title nor declared:
    // nobody is the top official's and its letter goes to its head.
    let plan_file = dir.path().join("inputs/piano-2025.toml");
    let plan = std::fs::read_to_string(&plan_file).unwrap();
    std::fs::write(&plan_file, plan.replace("vertice = true\n", "")).unwrap();
    let out = consuntivo(&["solleciti", "--al", "15/03/2026"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("a cura dell'ufficio"));
    let (top, _) = letter("Segreteria generale").expect("a letter once undeclared");
    assert!(top.contains("\nAl Dirigente\n"), "{top}");
}

/// The evaluator's form in a comune that has no evaluations file yet:
/// no «al posto di» a file that does not exist, and the form in
/// `riservato/`.
#[test]
fn the_evaluator_s_form_replaces_nothing_that_does_not_exist() {
    let dir = scratch("settori", &[]);
    let out = consuntivo(&["moduli", "--individuali"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(!said.contains("al posto di"), "{said}");
    assert!(
        said.contains("inputs/valutazioni-individuali-2025.xlsx"),
        "{said}"
    );
    assert!(
        dir.path()
            .join("outputs/moduli/2025/riservato/Valutazioni individuali 2025 - modulo.xlsx")
            .is_file()
    );
}

/// `monitoraggio` before any monitoring form came back: the error names
/// the folder by its path, not by its last name («2025:»), and says how
/// the forms get there.
#[test]
fn monitoring_without_its_forms_names_the_folder_and_says_what_to_do() {
    let dir = scratch("settori", &[]);
    let out = consuntivo(&["monitoraggio"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let folder = Path::new("inputs").join("monitoraggio").join("2025");
    assert!(
        err.contains(&format!(
            "errore: {}: impossibile leggere la cartella dei moduli: ",
            folder.display()
        )),
        "{err}"
    );
    assert!(!err.contains("errore: 2025:"), "{err}");
    assert!(
        err.contains("consuntivo moduli --monitoraggio GG/MM/AAAA"),
        "{err}"
    );
    // An empty folder: the same path, the same advice.
    std::fs::create_dir_all(dir.path().join(&folder)).unwrap();
    let out = consuntivo(&["monitoraggio"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "errore: {}: nessun modulo di monitoraggio trovato nella cartella",
            folder.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("consuntivo moduli --monitoraggio GG/MM/AAAA"),
        "{err}"
    );
}

#[test]
fn a_triennial_plan_with_baselines_a_strategic_level_and_no_weights() {
    // Without weights the shipped rule ("errore") stops the run…
    let strict = scratch("triennale", &[]);
    let out = consuntivo(&["relazione", "--data", "30/04/2026"], strict.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("il piano non indica i pesi degli obiettivi (OB1, OB2, OB3 e OB4)"),
        "{err}"
    );

    // The plan workbook holds the strategic level, the other years, the
    // baselines and relative targets and a plan without weights: export →
    // import gives back the same plan, with no warning and nothing to check.
    let out = consuntivo(&["piano", "esporta"], strict.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = consuntivo(
        &[
            "piano",
            "importa",
            "outputs/piano-2025.xlsx",
            "--uscita",
            "reimportato.toml",
        ],
        strict.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("nessun punto da verificare"), "{said}");
    // The import counts indicators and targets as `piano` does, and right:
    // five indicators (OB3.2 without a target in 2025), four targets
    // graded in 2025, eleven over the three years, three strategic ones.
    let summary = consuntivo(&["piano"], strict.path());
    let summary = text(&summary.stdout);
    for line in [
        "Indicatori: 5 (1 senza traguardo nel 2025); più 1 indicatore degli obiettivi strategici, che non si rendiconta",
        "Traguardi 2025 (valutati): 4; in tutti gli anni del piano (2025–2027): 11, più 3 degli obiettivi strategici",
    ] {
        assert!(summary.contains(&format!("\n{line}\n")), "{summary}");
        assert!(said.contains(&format!("  {line}\n")), "{said}");
    }
    assert_eq!(
        plan::load(&strict.path().join("reimportato.toml")).unwrap(),
        plan::load(&strict.path().join("inputs/piano-2025.toml")).unwrap()
    );

    // …equal weights are a rule the comune chooses.
    let dir = scratch(
        "triennale",
        &[("regola = \"errore\"", "regola = \"uguali\"")],
    );
    let plan = plan::load(&dir.path().join("inputs/piano-2025.toml")).unwrap();
    // OB3.2 has no target in 2025: it is not on the forms.
    assert_eq!(plan.objectives[2].indicators.len(), 1);
    assert_eq!(plan.objectives[2].dormant.len(), 1);
    let entries = vec![
        // 2.160 pratiche from 2.000, +10% asked (2.200): 160 ÷ 200 = 80%.
        value("DIG", "OB1.1", 0, 2160.0),
        // 6.200 versamenti from 5.000, +1.000 asked: reached.
        value("TRI", "OB2.1", 0, 6200.0),
        // 279 t from 300, −10% asked (270): 21 ÷ 30 = 70%.
        value("AMB", "OB3.1", 0, 279.0),
        {
            let mut e = entry("AMB", "OB4.1", 0);
            e.date = sourced(d(2025, 9, 15));
            e
        },
    ];
    fill_forms(dir.path(), &plan, &entries);
    let sc = score(dir.path(), &plan);

    assert!(close(objective_grade(&sc, "OB1", "DIG"), 0.8));
    let why = indicator_explanation(&sc, "OB1.1", "DIG");
    assert!(
        why.contains(
            "Valore di partenza 2.000, aumento richiesto del 10%, obiettivo 2.200 pratiche; valore raggiunto 2.160: variazione +160 su +200 richiesti: in proporzione, 80%"
        ),
        "{why}"
    );
    assert!(close(objective_grade(&sc, "OB2", "TRI"), 1.0));
    assert!(close(objective_grade(&sc, "OB3", "AMB"), 0.7));
    let why = indicator_explanation(&sc, "OB3.1", "AMB");
    assert!(
        why.contains("riduzione richiesta del 10%, obiettivo 270 tonnellate")
            && why.contains("variazione −21 su −30 richiesti"),
        "{why}"
    );
    // Equal weights: AMB (70% + 100%) ÷ 2; ente (80 + 100 + 70 + 100) ÷ 4.
    assert!(close(unit_grade(&sc, "AMB"), 0.85));
    assert!(close(sc.grade.unwrap(), 0.875));
    // Strategic objectives: the mean of their operational objectives.
    let s = |id: &str| {
        sc.strategic
            .iter()
            .find(|s| s.strategic == StrategicId::from(id))
            .unwrap()
            .grade
            .unwrap()
    };
    assert!(close(s("S1"), 0.9));
    assert!(close(s("S2"), 0.85));

    let (relazione, schede) = relazione(dir.path());
    assert!(relazione.contains("Grado dell'ente: 87,5%"), "{relazione}");
    assert!(relazione.contains("Comune di Valle Serena"));
    // A plan without weights is not described in weights it never set, and
    // a column no unit fills (no head named) is left out.
    let flat = common::flat(&relazione);
    assert!(flat.contains("4 obiettivi, tutti di pari peso,"), "{flat}");
    // The Metodologia explains targets relative to a starting value.
    assert!(flat.contains("riferito a un valore di partenza"), "{flat}");
    assert!(!flat.contains("articolati in fasi"), "{flat}");
    for weight_talk in [
        "con peso",
        "peso complessivo",
        "(peso 1)",
        "ponderata con i pesi",
    ] {
        assert!(!flat.contains(weight_talk), "«{weight_talk}» in:\n{flat}");
    }
    assert!(!flat.contains("Responsabile di Servizio"), "{flat}");
    assert!(
        flat.contains("Codice Servizio DIG Servizio Innovazione digitale"),
        "{flat}"
    );
    for s in &schede {
        let s = common::flat(s);
        assert!(!s.contains("con peso") && !s.contains("Peso"), "{s}");
    }
    // The plan's summary: no column of zero weights, no «con peso: 0».
    let out = consuntivo(&["piano"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(!said.contains("Peso totale"), "{said}");
    assert!(!said.contains("con peso: 0"), "{said}");
    assert!(
        said.contains("Obiettivi: 4 (il piano non indica pesi: li attribuisce la regola [pesi_mancanti] del SMVP;"),
        "{said}"
    );
    // The plan as JSON and as a document: no negative zero, no weights.
    let out = consuntivo(&["piano", "--json"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json = text(&out.stdout);
    assert!(
        json.contains("\"total_weight\": 0.0") && !json.contains("-0.0"),
        "{json}"
    );
    let out = consuntivo(&["piano", "documento"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let document = common::flat(&pdftotext(&dir.path().join("outputs/piano-2025.pdf")));
    assert!(document.contains("4 obiettivi (senza pesi)"), "{document}");
    assert!(!document.contains("Pesi per"), "{document}");
    // No «Peso» column of dashes for weights the plan never set.
    assert!(!document.contains("Peso"), "{document}");
    assert!(document.contains("Traguardi Responsabile/i"), "{document}");
    // A year without a target says so in words, never the author's «n.a.».
    assert!(document.contains("2027 – nessun traguardo"), "{document}");
    assert!(!document.contains("– n.a."), "{document}");
    assert!(
        common::flat(&relazione).contains("2027 – nessun traguardo"),
        "{relazione}"
    );
    assert!(!common::flat(&relazione).contains("– n.a."), "{relazione}");
    assert!(
        common::flat(&relazione)
            .contains("Valore di partenza – 2.000 (2024; fonte Portale istanze)"),
        "{relazione}"
    );
    assert!(
        common::flat(&relazione)
            .contains("2026 – Aumento del 20% rispetto al valore di partenza 2.000"),
        "the other years as context"
    );
    // «+1.500 ulteriori» in 2026 counts from the 2025 target, not the baseline.
    assert!(
        common::flat(&relazione).contains(
            "2026 – Aumento di 1.500 rispetto al traguardo del 2025, pari a 6.000 (obiettivo 7.500 versamenti)"
        ),
        "{relazione}"
    );
    assert_not_alzano(&relazione);
    no_chapter_of_decisions(&common::flat(&relazione));
    assert_eq!(schede.len(), 3);
    assert!(
        schede.iter().any(|s| common::flat(s)
            .contains("Valore di partenza – 2.000 (2024; fonte Portale istanze)")),
        "the baseline in the unit's scheda"
    );
    for s in &schede {
        assert_not_alzano(s);
    }
    // A count of zero is «nessuno», in the singular, never «0 … non
    // raggiunti» (OB1 80% and OB3 70% partly, OB2 and OB4 reached).
    let flat_rel = common::flat(&relazione);
    assert!(
        flat_rel
            .contains("2 risultano raggiunti, 2 parzialmente raggiunti e nessuno non raggiunto."),
        "{flat_rel}"
    );
    assert!(!flat_rel.contains(" 0 non raggiunti"), "{flat_rel}");
    strategic_level_in_every_output(dir.path());
}

/// The strategic objectives of the triennial plan (S1 from OB1 80% and
/// OB2 100%; S2 from OB3 70% and OB4 100%) in every output: the
/// Relazione's chapter, the Riepilogo's sheet, the open data and `valuta`.
fn strategic_level_in_every_output(dir: &Path) {
    let titles = ["Un comune digitale", "Un territorio sostenibile"];
    let year = dir.join("outputs/2025");
    let pdf = common::flat(&pdftotext(
        &year.join("Relazione sulla performance 2025.pdf"),
    ));
    let chapter = pdf
        .split("Risultati per obiettivo strategico")
        .nth(2)
        .expect("the chapter, after its line in the contents");
    let chapter = chapter
        .split("Risultati per ambito strategico")
        .next()
        .unwrap();
    for expected in [
        "S1 · Un comune digitale",
        "Grado: 90%",
        "Media dei gradi degli obiettivi operativi collegati (OB1 80% e OB2 100%): 90%",
        "S2 · Un territorio sostenibile",
        "Grado: 85%",
        // Not the words before it: a letter of the draft's diagonal
        // «BOZZA» may fall between them in the extracted text.
        "media semplice, secondo il sistema di misurazione",
    ] {
        assert!(chapter.contains(expected), "«{expected}» in:\n{chapter}");
    }
    // The strategic objective's own indicator, under S1 (before S2), with
    // what the plan expects of it in the year.
    let flow = common::flat(&common::pdftotext_flow(
        &year.join("Relazione sulla performance 2025.pdf"),
    ));
    let s1 = flow
        .split("S1 · Un comune digitale")
        .last()
        .and_then(|c| c.split("S2 · Un territorio sostenibile").next())
        .unwrap();
    for expected in [
        "S1.1",
        "Cittadini con identità digitale che usano i servizi online",
        "dal 35% del 2024 al 60% nel 2027",
        "Valore di partenza 35 (2024; fonte Statistiche del portale)",
    ] {
        assert!(s1.contains(expected), "«{expected}» under S1 in:\n{s1}");
    }
    // Its target of the year (its cell read apart from the row's).
    assert!(
        flow.contains("Totale da raggiungere 45% (valore di partenza 35)"),
        "{flow}"
    );

    let mut wb =
        calamine::open_workbook_auto(year.join("Riepilogo performance 2025.xlsx")).unwrap();
    use calamine::Reader;
    let sheet = wb.worksheet_range("Obiettivi strategici").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][..3], ["Codice", "Obiettivo strategico", "Grado"]);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[1][1].starts_with(titles[0]) && rows[2][1].starts_with(titles[1]));
    assert_eq!(rows[1][2], "0.9");
    assert_eq!(rows[1][5], "OB1, OB2");

    let csv = std::fs::read_to_string(year.join("dati-aperti/strategici.csv")).unwrap();
    let rows = common::csv::parse(&csv);
    assert_eq!(rows[0][..3], ["anno", "stato_dati", "strategico_id"]);
    // A draft: no validation recorded in this scratch copy.
    assert_eq!(rows[1][1], "bozza");
    assert_eq!(
        rows[1][2..],
        [
            "S1",
            titles[0],
            "Servizi accessibili online, pagamenti elettronici",
            "90,00",
            "raggiunto",
            "media",
            "OB1, OB2"
        ]
    );
    assert_eq!(rows[2][2..6], ["S2", titles[1], "", "85,00"]);
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(year.join("dati-aperti/risultati.json")).unwrap(),
    )
    .unwrap();
    let strategic = json["obiettivi_strategici"].as_array().unwrap();
    assert_eq!(strategic.len(), 2);
    assert_eq!(strategic[0]["titolo"], titles[0]);
    assert_eq!(
        strategic[1]["obiettivi_id"],
        serde_json::json!(["OB3", "OB4"])
    );
    assert!((strategic[1]["grado"].as_f64().unwrap() - 0.85).abs() < 1e-9);

    let out = consuntivo(&["valuta"], dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    // A plan without weights shows no weight it did not set: each unit's
    // count of objectives, as the Relazione says «tutti di pari peso»
    // (review 30 #26).
    let header = said
        .lines()
        .find(|l| l.starts_with("Servizio ") && l.contains("Grado"))
        .unwrap_or_else(|| panic!("no units' table: {said}"));
    assert!(
        header.contains("Obiettivi") && !header.contains("Peso"),
        "{said}"
    );
    let ambiente = said
        .lines()
        .find_map(|l| l.strip_prefix("Servizio Ambiente"))
        .unwrap_or_else(|| panic!("no Servizio Ambiente: {said}"));
    assert_eq!(ambiente.split_whitespace().next(), Some("2"), "{said}");
    assert!(
        said.contains(
            "Obiettivi strategici (grado: media dei gradi degli obiettivi operativi collegati)"
        ),
        "{said}"
    );
    for line in ["S1 Un comune digitale", "S2 Un territorio sostenibile"] {
        let row = said
            .lines()
            .find(|l| l.contains(line))
            .unwrap_or_else(|| panic!("{line}:\n{said}"));
        assert!(
            row.contains(if line.starts_with("S1") { "90%" } else { "85%" }),
            "{row}"
        );
    }
}

/// A unit whose only indicator is reported by the lead unit has no row of
/// its own: it gets no form, and `moduli` says why, in the ente's words.
#[test]
fn a_unit_whose_results_the_lead_unit_reports_gets_no_form_and_is_told_why() {
    let dir = scratch("settori", &[]);
    let plan_file = dir.path().join("inputs/piano-2025.toml");
    let plan_text = std::fs::read_to_string(&plan_file).unwrap();
    let plan_text = plan_text
        .replace(
            "[[ambito]]\nid = \"trasparenza\"",
            "[[area]]\nid = \"UR\"\nnome = \"Settore Urbanistica\"\n\n[[ambito]]\nid = \"trasparenza\"",
        )
        .replace(
            "responsabili = [{ area = \"AG\", peso = 60 }, { area = \"TE\", peso = 30 }]",
            "responsabili = [{ area = \"AG\", peso = 60 }, { area = \"TE\", peso = 30 }, { area = \"UR\", peso = 10 }]",
        );
    assert!(plan_text.contains("area = \"UR\", peso = 10"));
    std::fs::write(&plan_file, plan_text).unwrap();
    let out = consuntivo(&["moduli"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains(
            "Nessun modulo per 1 Settore, che non ha righe da rendicontare:\n  Settore Urbanistica: il suo indicatore OB02.1 è rendicontato dal Settore Affari generali, capofila.\n"
        ),
        "{said}"
    );
    let forms = common::files_under(&dir.path().join("outputs/moduli/2025"));
    assert_eq!(forms.len(), 4, "{forms:?}");
    assert!(
        forms
            .iter()
            .all(|p| !p.to_string_lossy().contains("Urbanistica")),
        "{forms:?}"
    );
    // The same for the mid-year check.
    let out = consuntivo(&["moduli", "--monitoraggio", "30/06/2025"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Settore Urbanistica: il suo indicatore OB02.1"),
        "{}",
        text(&out.stdout)
    );
    // Graded with its lead unit's result, and never said to have sent
    // nothing: it had nothing to send.
    let plan = plan::load(&plan_file).unwrap();
    let forms_dir = dir.path().join("inputs/rendicontazioni/2025");
    std::fs::create_dir_all(&forms_dir).unwrap();
    for a in ["SC", "AG", "EF", "TE"] {
        let own: Vec<Entry> = [
            value("AG", "OB02.1", 0, 100.0),
            value("AG", "OB02.1", 1, 80.0),
            value("AG", "OB02.1", 2, 50.0),
        ]
        .into_iter()
        .filter(|e| e.area.as_str() == a)
        .collect();
        let (name, bytes) = forms::generate_prefilled(&plan, &AreaId::from(a), &own).unwrap();
        std::fs::write(forms_dir.join(name), bytes).unwrap();
    }
    let sc = score(dir.path(), &plan);
    assert!(close(objective_grade(&sc, "OB02", "UR"), 0.75));
    let about_ur: Vec<String> = sc
        .warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| w.contains("UR ") || w.contains("Urbanistica"))
        .filter(|w| w.contains("non ha inviato") || w.contains("non rendicontat"))
        .collect();
    assert!(about_ur.is_empty(), "{about_ur:?}");
}

/// The instructions sheet of a form, as text.
fn instructions_text(path: &Path) -> String {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range("Istruzioni").unwrap();
    range
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            calamine::Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Settori and U.O.A. in one ente: a unit of the second kind is named
/// with its own word, by its name («U.O.A. Polizia locale») or because
/// `ente.toml` lists it («Ragioneria»); the others keep the ente's word.
#[test]
fn two_kinds_of_units_each_named_with_its_own_word() {
    let dir = scratch("settori", &[]);
    let inputs = dir.path().join("inputs");
    let ente = inputs.join("ente.toml");
    let words = std::fs::read_to_string(&ente).unwrap()
        + "\n[[altre_unita]]\nsingolare = \"U.O.A.\"\nplurale = \"U.O.A.\"\ngenere = \"femminile\"\nunita = [\"EF\"]\n";
    std::fs::write(&ente, &words).unwrap();
    let plan_file = inputs.join("piano-2025.toml");
    let plan_text = std::fs::read_to_string(&plan_file)
        .unwrap()
        .replace(
            "nome = \"Settore Tecnico\"",
            "nome = \"U.O.A. Polizia locale\"",
        )
        .replace(
            "nome = \"Settore Economico-finanziario\"",
            "nome = \"Ragioneria\"",
        );
    std::fs::write(&plan_file, plan_text).unwrap();

    let out = consuntivo(&["piano"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Settori: 2; U.O.A.: 2\n"),
        "{}",
        text(&out.stdout)
    );
    let out = consuntivo(&["moduli"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let forms = dir.path().join("outputs/moduli/2025");
    let police = instructions_text(&forms.join("2025 - U.O.A. Polizia locale.xlsx"));
    assert!(police.contains("assegnati a questa U.O.A. ("), "{police}");
    assert!(police.contains("Un solo file per U.O.A."), "{police}");
    let accounts = instructions_text(&forms.join("2025 - Ragioneria.xlsx"));
    assert!(
        accounts.contains("assegnati a questa U.O.A. ("),
        "{accounts}"
    );
    let settore = instructions_text(&forms.join("2025 - Settore Affari generali.xlsx"));
    assert!(
        settore.contains("assegnati a questo Settore ("),
        "{settore}"
    );
    assert!(settore.contains("Un solo file per Settore."), "{settore}");

    // Nothing returned yet: each unit missing is named in its own word.
    std::fs::create_dir_all(inputs.join("rendicontazioni/2025")).unwrap();
    let out = consuntivo(&["valuta"], dir.path());
    let said = text(&out.stdout) + &text(&out.stderr);
    assert!(
        said.contains("U.O.A. Polizia locale – nessun modulo trovato, obiettivi non rendicontati"),
        "{said}"
    );
    assert!(
        said.contains(
            "Settore Affari generali – nessun modulo trovato, obiettivi non rendicontati"
        ),
        "{said}"
    );

    // An id the plan does not have is an error at its line, not a unit
    // silently of the ente's kind.
    std::fs::write(&ente, words.replace("[\"EF\"]", "[\"XX\"]")).unwrap();
    let out = consuntivo(&["moduli"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("ente.toml:")
            && err.contains("[[altre_unita]] «U.O.A.»: l'unità «XX» non è nel piano"),
        "{err}"
    );
}

#[test]
fn the_plan_document_is_never_dated_before_the_act_it_cites() {
    let dir = scratch("triennale", &[]);
    // «approvato_con = "DGC n. 9 del 28/01/2025"».
    let out = consuntivo(&["piano", "documento", "--data", "20/01/2025"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("il documento sarebbe datato 20/01/2025 ma cita l'atto di approvazione del piano del 28/01/2025"),
        "{err}"
    );
    assert!(!dir.path().join("outputs/piano-2025.pdf").exists());
    let out = consuntivo(&["piano", "documento"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = pdftotext(&dir.path().join("outputs/piano-2025.pdf"));
    assert!(
        pdf.contains("Approvato con DGC n. 9 del 28/01/2025."),
        "{pdf}"
    );
}

/// A form returned with its rows empty: each empty row is said once, at
/// its cell, not again as an indicator «non rendicontato».
#[test]
fn an_empty_row_is_warned_about_once() {
    let dir = scratch("settori", &[]);
    let out = consuntivo(&["moduli"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    common::copy_dir(
        &dir.path().join("outputs/moduli/2025"),
        &dir.path().join("inputs/rendicontazioni/2025"),
    );
    let out = consuntivo(&["verifica"], dir.path());
    let err = text(&out.stderr);
    let rows = err
        .matches("non compilata: il traguardo risulta non rendicontato")
        .count();
    assert!(rows > 0, "{err}");
    assert!(!err.contains("non rendicontato dal"), "{err}");
}
