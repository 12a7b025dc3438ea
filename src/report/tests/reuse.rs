//! Composing only what changed: the program's part of each document's key
//! (a new consuntivo version, other fonts) composes every document again;
//! the same program and data take every file from the previous run, with
//! the bytes a full run writes; progress counts only what is composed.

use super::*;
use crate::output::{OutputSet, Previous};
use crate::progress::tests::Recorder;

/// One run over `dir`: its documents, committed as the `relazione` set.
fn run(fx: &Fixture, settings: &Settings, dir: &Path, composer: &Composer) -> Vec<Composed> {
    run_with(fx, settings, dir, composer, &Recorder::default())
}

fn run_with(
    fx: &Fixture,
    settings: &Settings,
    dir: &Path,
    composer: &Composer,
    progress: &Recorder,
) -> Vec<Composed> {
    let reuse = Reuse::with_composer(Previous::load(dir, "relazione"), composer.clone());
    let input = Input {
        plan: &fx.plan,
        vocab: &fx.vocab,
        results: &fx.results,
        scorecard: &fx.scorecard,
        warnings: &fx.warnings,
        settings,
        individual: None,
        staff: None,
    };
    let (docs, _) = render_reusing(&input, None, progress, &reuse).unwrap();
    let mut set = OutputSet::new(dir, "relazione");
    for d in &docs {
        set.add_keyed(&d.path, d.bytes.clone(), d.key.clone().expect("a key"));
    }
    set.commit().unwrap();
    docs
}

fn composer() -> Composer {
    Composer {
        program: "consuntivo 0.1.0 (prova)".into(),
        typst: typst::utils::version().raw().into(),
        fonts: super::world::fallback_fonts_digest(),
    }
}

fn reused(docs: &[Composed]) -> Vec<bool> {
    docs.iter().map(|d| d.reused).collect()
}

#[test]
fn the_same_program_and_data_take_every_document_back_with_its_bytes() {
    let inputs = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let fx = Fixture::new();
    let settings = settings(inputs.path());
    let full = fx.render(&settings).unwrap();
    let first = run(&fx, &settings, out.path(), &composer());
    assert_eq!(reused(&first), [false; 5]);
    let progress = Recorder::default();
    let second = run_with(&fx, &settings, out.path(), &composer(), &progress);
    assert_eq!(reused(&second), [true; 5]);
    assert_eq!(
        progress.calls(),
        ["start DocumentsComposed 0", "finish"],
        "nothing composed"
    );
    let bytes = |docs: &[Composed]| -> Vec<(PathBuf, Vec<u8>)> {
        docs.iter()
            .map(|d| (d.path.clone(), d.bytes.clone()))
            .collect()
    };
    assert_eq!(bytes(&second), full, "the bytes of a full run");
    assert_eq!(bytes(&first), full);
    // A key is a SHA-256 in hex, one per document.
    let keys: std::collections::BTreeSet<_> = second.iter().filter_map(|d| d.key.clone()).collect();
    assert_eq!(keys.len(), 5);
    assert!(keys.iter().all(|k| k.len() == 64));
}

#[test]
fn a_new_version_or_other_fonts_compose_every_document_again() {
    let inputs = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let fx = Fixture::new();
    let settings = settings(inputs.path());
    run(&fx, &settings, out.path(), &composer());
    let newer = Composer {
        program: "consuntivo 0.2.0 (prova)".into(),
        ..composer()
    };
    assert_eq!(reused(&run(&fx, &settings, out.path(), &newer)), [false; 5]);
    assert_eq!(reused(&run(&fx, &settings, out.path(), &newer)), [true; 5]);
    let other_fonts = Composer {
        fonts: crate::output::checksum(b"altri caratteri"),
        ..newer.clone()
    };
    assert_eq!(
        reused(&run(&fx, &settings, out.path(), &other_fonts)),
        [false; 5]
    );
    let other_typst = Composer {
        typst: "0.99.0".into(),
        ..other_fonts
    };
    assert_eq!(
        reused(&run(&fx, &settings, out.path(), &other_typst)),
        [false; 5]
    );
}

#[test]
fn a_change_to_one_unit_composes_its_scheda_and_the_relazione() {
    let inputs = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut fx = Fixture::new();
    let settings = settings(inputs.path());
    run(&fx, &settings, out.path(), &composer());
    // The first unit's grade moves.
    let unit = fx.scorecard.areas[0].area.clone();
    let grade = &mut fx.scorecard.areas[0].grade;
    *grade = Some(grade.map_or(0.5, |g| (g - 0.1).max(0.0)));
    let docs = run(&fx, &settings, out.path(), &composer());
    let composed: Vec<_> = docs
        .iter()
        .filter(|d| !d.reused)
        .map(|d| d.path.to_string_lossy().into_owned())
        .collect();
    assert_eq!(composed.len(), 2, "{composed:?}");
    assert!(composed[0].contains("Relazione"), "{composed:?}");
    let name = &fx.plan.area(&unit).unwrap().name;
    assert!(
        composed[1].contains(name.as_str()),
        "{composed:?} for {name}"
    );

    // Another document date: every document.
    let later = Settings {
        date: Some(d(2024, 5, 2)),
        ..settings.clone()
    };
    assert_eq!(
        reused(&run(&fx, &later, out.path(), &composer())),
        [false; 5]
    );
}

#[test]
fn the_summary_says_what_was_composed_in_the_ente_s_words() {
    let doc = |reused: bool| Composed {
        path: PathBuf::new(),
        bytes: Vec::new(),
        key: None,
        reused,
        unit: None,
    };
    let areas = crate::vocab::Vocabulary::default();
    let mut settori = areas.clone();
    settori.unit = crate::vocab::Noun::new("Settore", "Settori", crate::vocab::Gender::Masculine);
    assert_eq!(
        reuse_summary(&[doc(false), doc(false), doc(true), doc(true)], &areas),
        "Relazione: composta.\nSchede delle Aree: 1 composta, 2 invariate.\n"
    );
    assert_eq!(
        reuse_summary(&[doc(true), doc(true), doc(false), doc(false)], &settori),
        "Relazione: invariata.\nSchede dei Settori: 2 composte, 1 invariata.\n"
    );
    assert_eq!(
        reuse_summary(&[doc(true), doc(true)], &settori),
        "Relazione: invariata.\nSchede dei Settori: 1 invariata.\n"
    );
    assert_eq!(
        reuse_summary(&[doc(false)], &areas),
        "Relazione: composta.\n"
    );
}

#[test]
fn verifica_says_what_the_next_run_would_compose() {
    let doc = |held: bool| (PathBuf::new(), held);
    let areas = crate::vocab::Vocabulary::default();
    assert_eq!(
        pending_summary(
            &[doc(false), doc(false), doc(true), doc(true)],
            false,
            &areas
        ),
        "Documenti da comporre alla prossima esecuzione di «relazione»: 2 su 4 \
         (Relazione da comporre; schede delle Aree: 1 da comporre, 2 invariate); \
         riepilogo da aggiornare.\n"
    );
    assert_eq!(
        pending_summary(&[doc(true), doc(true)], true, &areas),
        "Documenti da comporre alla prossima esecuzione di «relazione»: 0 su 2 \
         (Relazione invariata; schede delle Aree: 1 invariata); riepilogo invariato.\n"
    );
}
