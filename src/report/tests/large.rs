//! Large plans: long documents break pages with a numbered footer, and
//! above the configured size the indicator detail moves from the
//! Relazione's annex to the schede, once.

use super::*;
use crate::plan::{IndicatorId, ObjectiveId};

impl Fixture {
    /// The fixture with its weighted objectives repeated `times` times
    /// (new ids), to exercise long tables and page breaks.
    pub fn large(times: usize) -> Self {
        let mut f = Fixture::new();
        let base_objectives = f.plan.objectives.clone();
        let base_scores = f.scorecard.objectives.clone();
        for n in 2..=times {
            for (o, s) in base_objectives.iter().zip(&base_scores) {
                if !s.weighted {
                    continue;
                }
                let id = format!("{}-{n}", o.id);
                let mut o = o.clone();
                let mut s = s.clone();
                o.id = ObjectiveId(id.clone());
                s.objective = ObjectiveId(id.clone());
                for (i, ind) in o.indicators.iter_mut().enumerate() {
                    ind.id = IndicatorId(format!("{id}.{}", i + 1));
                }
                for oa in &mut s.areas {
                    for (i, is) in oa.indicators.iter_mut().enumerate() {
                        is.indicator = IndicatorId(format!("{id}.{}", i + 1));
                    }
                }
                f.plan.objectives.push(o);
                f.scorecard.objectives.push(s);
            }
        }
        f
    }
}

#[test]
fn long_plan_breaks_pages_with_numbered_footer() {
    let dir = tempfile::tempdir().unwrap();
    let files = Fixture::large(8).render(&settings(dir.path())).unwrap();
    let text = pdf_text(&files[0].1);
    let pages = text.matches('\u{c}').count();
    assert!(pages > 25, "only {pages} pages");
    assert!(flat(&text).contains(&format!("Pagina {pages} di {pages}")));
    assert!(text.contains("OB03-8.2"));
}

/// How many times `code` stands as a whole word in `text` (an indicator
/// code is a prefix of none of the others' whole words, but "OB01.1" is
/// a prefix of "OB01.10").
fn whole_word_count(text: &str, code: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',' || c == ';')
        .filter(|w| w.trim_end_matches([':', '.']) == code)
        .count()
}

/// The Relazione's Allegato A (the last heading of that name: the first is
/// in the table of contents), up to Allegato B.
fn annex(rel: &str) -> &str {
    let start = rel
        .rfind("Allegato A: dettaglio degli indicatori")
        .expect("Allegato A");
    let len = rel[start..].find("Allegato B").expect("Allegato B");
    &rel[start..start + len]
}

/// A scheda's "Indicatori" section, up to the next section: the lists an
/// annex adds (pending proposals, excluded indicators) or its signatures.
fn scheda_detail(scheda: &str) -> &str {
    let start = scheda.find("\nIndicatori\n").expect("Indicatori");
    let rest = &scheda[start..];
    let len = [
        "Proposte in attesa della decisione",
        "Indicatori esclusi dalla",
        "Firme",
    ]
    .iter()
    .filter_map(|h| rest.find(h))
    .min()
    .unwrap_or(rest.len());
    &rest[..len]
}

#[test]
fn above_the_size_the_indicator_detail_is_in_the_schede_once() {
    let plan = crate::synth::plan(crate::synth::Size::indicators(12, 3), 2023);
    let results = crate::synth::results(&plan, 42, &[]);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let rules =
        crate::scoring::load_rules(&root.join("inputs/smvp.toml"), crate::ente::RULES_SECTIONS)
            .unwrap();
    let scorecard = crate::scoring::score(&plan, &results, &rules, &Default::default());
    let vocab = crate::vocab::Vocabulary::default();
    let warnings = Diagnostics::new();
    let render_with = |toml: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("relazione.toml"), toml).unwrap();
        let s = Settings {
            // Synthetic years have qualitative proposals nobody decided on.
            draft: true,
            ..settings(dir.path())
        };
        render(&Input {
            plan: &plan,
            vocab: &vocab,
            results: &results,
            scorecard: &scorecard,
            warnings: &warnings,
            settings: &s,
            individual: None,
            staff: None,
        })
        .unwrap()
    };
    let codes: Vec<&str> = plan
        .objectives
        .iter()
        .flat_map(|o| o.indicators.iter().map(|i| i.id.as_str()))
        .collect();
    assert!(codes.len() >= 12);

    // Below the limits the Relazione keeps its own annex.
    let small = render_with("[grande_ente]\nindicatori = 100\n");
    let rel = pdf_text(&small[0].1);
    assert!(!rel.contains("cartella «schede»"), "{rel}");
    for code in &codes {
        assert_eq!(
            whole_word_count(annex(&rel), code),
            1,
            "{code} in the annex"
        );
    }

    // Above them: the Relazione names the schede, which carry the detail.
    let large = render_with("[grande_ente]\nindicatori = 10\n");
    let rel = pdf_text(&large[0].1);
    let flat_rel = flat(&rel);
    assert!(flat_rel.contains("pubblicato nelle schede"), "{flat_rel}");
    let schede: Vec<String> = large[1..]
        .iter()
        .map(|(p, bytes)| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            assert!(flat_rel.contains(&name), "{name} listed in {flat_rel}");
            pdf_text(bytes)
        })
        .collect();
    assert_eq!(schede.len(), plan.areas.len());
    // The schede carry what the annex had: the evidences too.
    assert!(
        schede
            .iter()
            .any(|s| scheda_detail(s).contains("Evidenze –"))
    );
    let small_schede = small[1..].iter().map(|(_, b)| pdf_text(b));
    assert!(
        small_schede
            .into_iter()
            .all(|s| !scheda_detail(&s).contains("Evidenze:"))
    );
    for code in &codes {
        assert_eq!(
            whole_word_count(annex(&rel), code),
            0,
            "{code} in the annex"
        );
        let n: usize = schede
            .iter()
            .map(|s| whole_word_count(scheda_detail(s), code))
            .sum();
        assert_eq!(n, 1, "{code} across the schede");
    }
    // Each unit's chapter names its own annex instead of its objectives.
    for (p, _) in &large[1..] {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            flat_rel.contains(&format!("sono nella scheda allegata «{name}»")),
            "{name} in {flat_rel}"
        );
    }
    // Proposals awaiting the evaluator are listed in their unit's scheda
    // and only counted in the Relazione.
    assert!(!scorecard.pending.is_empty());
    assert!(flat_rel.contains("Ogni scheda allegata elenca le proposte"));
    for p in &scorecard.pending {
        let unit = plan.area(&p.area).unwrap();
        let i = plan.areas.iter().position(|a| a.id == unit.id).unwrap();
        let scheda = &schede[i];
        let listed = &scheda[scheda
            .find("Proposte in attesa della decisione")
            .expect("pending section")..];
        assert!(whole_word_count(listed, p.indicator.as_str()) >= 1);
        assert_eq!(whole_word_count(&rel, p.indicator.as_str()), 0);
    }
    // The units' limit alone switches too.
    let by_units = render_with(&format!(
        "[grande_ente]\nunita = {}\n",
        plan.areas.len() - 1
    ));
    assert!(flat(&pdf_text(&by_units[0].1)).contains("pubblicato nelle schede"));
}
