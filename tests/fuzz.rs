//! Bounded fuzzing (issue 11): the shipped files, mutated many times by a
//! deterministic generator, through every loader. Each run must end in a
//! result or in Italian diagnostics that say where the problem is; a panic
//! fails the test. Bounded to a few seconds so it runs in CI.

mod common;

use std::path::{Path, PathBuf};

use common::repo;
use consuntivo::diag::Diagnostics;
use consuntivo::{forms, plan, report, scoring, vocab};

/// A xorshift generator: the same mutations on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that break TOML, text and numbers in the ways people do.
const INSERTS: [&[u8]; 14] = [
    b"[",
    b"]",
    b"=",
    b"\"",
    b"#",
    b"\n",
    b"1,5",
    b"\xff",
    b"\xcc\x81",
    b"[[area]]\n",
    b"x = ",
    b"\x1b[2J",
    b"\\u",
    b"'''",
];

fn mutate(rng: &mut Rng, base: &[u8], edits: usize) -> Vec<u8> {
    let mut b = base.to_vec();
    for _ in 0..edits {
        if b.is_empty() {
            b.push(b'a');
        }
        let at = rng.below(b.len());
        match rng.below(5) {
            0 => b[at] = rng.next() as u8,
            1 => {
                let end = (at + rng.below(40)).min(b.len());
                b.drain(at..end);
            }
            2 => {
                let piece = INSERTS[rng.below(INSERTS.len())];
                b.splice(at..at, piece.iter().copied());
            }
            3 => {
                let end = (at + rng.below(200)).min(b.len());
                let copy: Vec<u8> = b[at..end].to_vec();
                let to = rng.below(b.len());
                b.splice(to..to, copy);
            }
            _ => b.truncate(at.max(1)),
        }
    }
    b
}

const FOREIGN: [&str; 9] = [
    "expected",
    "invalid",
    "unknown field",
    "duplicate key",
    "os error",
    "UTF-8 error",
    "BytesStart",
    "panicked",
    "errore non riconosciuto",
];

/// Every diagnostic located and free of the libraries' English.
fn check(what: &str, diags: &Diagnostics, findings: &mut Vec<String>) {
    assert!(
        diags.has_errors() || !diags.is_empty(),
        "{what}: Err without diagnostics"
    );
    for d in diags.iter() {
        assert!(!d.location.is_empty(), "{what}: unlocated: {d}");
        assert!(!d.message.trim().is_empty(), "{what}: empty message");
        for word in FOREIGN {
            assert!(!d.message.contains(word), "{what}: «{word}» in: {d}");
        }
        let kind: String = d.message.chars().take(40).collect();
        if !findings.contains(&kind) {
            findings.push(kind);
        }
    }
}

fn text_fuzz(
    name: &str,
    file: &Path,
    iterations: usize,
    seed: u64,
    mut run: impl FnMut(&str) -> Option<Diagnostics>,
) {
    let base = std::fs::read(file).expect("shipped file");
    let mut rng = Rng(seed);
    let mut findings = Vec::new();
    let mut accepted = 0;
    for i in 0..iterations {
        let edits = 1 + rng.below(4);
        let bytes = mutate(&mut rng, &base, edits);
        let text = String::from_utf8_lossy(&bytes);
        match run(&text) {
            None => accepted += 1,
            Some(d) => check(&format!("{name} #{i}"), &d, &mut findings),
        }
    }
    eprintln!(
        "{name}: {iterations} mutations, {accepted} accepted, {} kinds of message",
        findings.len()
    );
}

#[test]
fn plan_loader() {
    let path = repo().join("inputs/piano-2023.toml");
    text_fuzz("piano", &path, 300, 0x9E37_79B9_7F4A_7C15, |t| {
        plan::parse(t, &path).err()
    });
}

#[test]
fn rules_and_review_loaders() {
    let plan = plan::load(&repo().join("inputs/piano-2023.toml")).expect("plan");
    let rules = repo().join("inputs/smvp.toml");
    text_fuzz("smvp", &rules, 400, 0xD1B5_4A32_D192_ED03, |t| {
        scoring::parse_rules(t, &rules, consuntivo::ente::RULES_SECTIONS).err()
    });
    let review = repo().join("inputs/valutazioni-nucleo-2023.toml");
    text_fuzz("nucleo", &review, 400, 0x94D0_49BB_1331_11EB, |t| {
        scoring::parse_review(t, &review, &plan, &vocab::Vocabulary::default()).err()
    });
    let ente = repo().join("inputs/ente.toml");
    text_fuzz("ente", &ente, 400, 0xBF58_476D_1CE4_E5B9, |t| {
        vocab::parse(t, &ente).err()
    });
    let validation = repo().join("inputs/validazione-2023.toml");
    text_fuzz(
        "validazione",
        &validation,
        300,
        0x5851_F42D_4C95_7F2D,
        |t| {
            consuntivo::validation::file::parse(t, &validation, 2023, &vocab::Vocabulary::default())
                .err()
        },
    );
}

#[test]
fn report_settings_loader() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("relazione.toml");
    let base = repo().join("inputs/relazione.toml");
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let original = std::fs::read(&base).expect("read");
    let mut findings = Vec::new();
    for i in 0..300 {
        let edits = 1 + rng.below(4);
        let bytes = mutate(&mut rng, &original, edits);
        std::fs::write(&file, &bytes).expect("write");
        if let Err(d) = report::load_config(dir.path()) {
            check(&format!("relazione #{i}"), &d, &mut findings);
        }
    }
    eprintln!(
        "relazione: 300 mutations, {} kinds of message",
        findings.len()
    );
}

#[test]
fn form_reader() {
    let plan = plan::load(&repo().join("inputs/piano-2023.toml")).expect("plan");
    let dir = tempfile::tempdir().expect("dir");
    let forms_dir = repo().join("inputs/rendicontazioni/2023");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&forms_dir)
        .expect("forms")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy().contains("Area V ") || p.extension().is_some_and(|e| e == "ods")
        })
        .collect();
    sources.push(repo().join("tests/fixtures/forms/2023 - Area III Finanziaria.xls"));
    sources.sort();
    let mut rng = Rng(0x6A09_E667_F3BC_C909);
    let mut findings = Vec::new();
    let mut total = 0;
    for source in &sources {
        let base = std::fs::read(source).expect("form");
        let target = dir.path().join(source.file_name().expect("name"));
        for i in 0..40 {
            // Few byte edits: enough to break a compressed member or a
            // record header, not so many that every case is "not a zip".
            let edits = 1 + rng.below(3);
            let bytes = mutate(&mut rng, &base, edits);
            std::fs::write(&target, &bytes).expect("write");
            if let Err(d) = forms::read_file(&plan, &target, &vocab::Vocabulary::default()) {
                check(&format!("{} #{i}", target.display()), &d, &mut findings);
                for diag in d.iter() {
                    assert!(diag.location.file.is_some(), "no file in {diag}");
                }
            }
            total += 1;
        }
    }
    eprintln!(
        "moduli: {total} mutations, {} kinds of message",
        findings.len()
    );
    for f in &findings {
        eprintln!("  {f}");
    }
}
