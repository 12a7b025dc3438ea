//! Composing again only what changed. Each document has a key: the
//! SHA-256 of everything its bytes depend on — the program that composes
//! it ([`Composer`]: consuntivo's version and build, typst's version, the
//! fonts compiled in), the template it starts from and the style it
//! imports, its `dati.json` (which carries the document date, the ente's
//! words, the settings of `relazione.toml` that reach it, the grades and
//! every text), the logo and the path it is written to. typst sees
//! nothing else: its world has no clock, no file system and no network
//! (`world.rs`), so two documents with one key have the same bytes.
//!
//! When the previous run of the set recorded a file under the same key,
//! and the file still has the checksum recorded for it
//! (`output::Previous`), its bytes are taken instead of composing the
//! document again.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::output::{Previous, hex};
use crate::vocab::{Prep, Vocabulary};

use super::jobs::Job;
use super::templates::TemplateSet;

/// The program that composes the documents: a document composed by
/// another build of consuntivo, another typst or other fonts is composed
/// again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composer {
    /// consuntivo's version and the build of the executable (its size and
    /// time): a program rebuilt from changed sources keeps the version
    /// number until a release.
    pub program: String,
    /// typst's version (its embedded fonts come with it).
    pub typst: String,
    /// SHA-256 of the fallback fonts compiled into consuntivo (`fonts/`).
    pub fonts: String,
}

impl Composer {
    /// This program, or `None` when its build cannot be told apart (the
    /// executable cannot be read): then nothing is reused.
    pub fn current() -> Option<Self> {
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(exe).ok()?;
        let built = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(Composer {
            program: format!(
                "consuntivo {} ({} byte, {}.{:09})",
                env!("CARGO_PKG_VERSION"),
                meta.len(),
                built.as_secs(),
                built.subsec_nanos()
            ),
            typst: typst::utils::version().raw().to_string(),
            fonts: super::world::fallback_fonts_digest(),
        })
    }
}

/// What a run may take from the previous one instead of composing.
#[derive(Debug)]
pub struct Reuse {
    previous: Previous,
    composer: Option<Composer>,
}

impl Reuse {
    /// Takes from `previous` the documents whose key has not changed, for
    /// this program. `Previous::none()` composes everything and still
    /// gives every document its key, for the next run.
    pub fn new(previous: Previous) -> Self {
        Reuse {
            previous,
            composer: Composer::current(),
        }
    }

    /// [`Reuse::new`] for another program (tests: a new version, other
    /// fonts).
    pub fn with_composer(previous: Previous, composer: Composer) -> Self {
        Reuse {
            previous,
            composer: Some(composer),
        }
    }

    pub(super) fn key(
        &self,
        set: &TemplateSet,
        job: &Job,
        logo: Option<&(String, Vec<u8>)>,
    ) -> Option<String> {
        self.composer.as_ref().map(|c| key(c, set, job, logo))
    }

    /// The bytes of the previous run's file of `key`, still intact.
    pub fn take(&self, key: &str) -> Option<Vec<u8>> {
        self.previous.take(key)
    }

    /// The key of a file this program makes from `inputs` alone (the
    /// Riepilogo from the plan, the results, the grades, the warnings, the
    /// words and the comparison): the SHA-256 of their `Debug` text, which
    /// prints every field of the plain derived types they are (no hash
    /// maps, no hand-written `Debug`), and of the program.
    pub fn key_of(&self, name: &str, inputs: &dyn std::fmt::Debug) -> Option<String> {
        use std::fmt::Write;
        let composer = self.composer.as_ref()?;
        let mut hash = Hashing(Sha256::new());
        write!(hash, "chiave 1\0{name}\0{}\0{:?}", composer.program, inputs).ok()?;
        Some(hex(&hash.0.finalize()))
    }

    /// Whether the previous run's file of `key` is still intact.
    pub fn holds(&self, key: &str) -> bool {
        self.previous.holds(key)
    }
}

/// Text written straight into a hash, without holding it.
struct Hashing(Sha256);

impl std::fmt::Write for Hashing {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// One document of the run.
#[derive(Debug, Clone)]
pub struct Composed {
    /// Relative to the output directory, e.g. `2023/schede/Area I.pdf`.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// Its key, when the run was given a [`Reuse`] (for the set's list).
    pub key: Option<String>,
    /// Taken from the previous run rather than composed.
    pub reused: bool,
    /// The unit whose scheda this is (its id); `None` for the Relazione.
    pub unit: Option<String>,
}

/// What a run of the Relazione composed and what it took unchanged, for
/// the person running it, one line per kind of document:
/// «Relazione: invariata.», «Schede delle Aree: 1 composta, 199
/// invariate.» `docs` are [`render_reusing`](super::render_reusing)'s, the
/// Relazione first.
pub fn reuse_summary(docs: &[Composed], vocab: &Vocabulary) -> String {
    let mut text = String::new();
    if let Some(relazione) = docs.first() {
        text.push_str(if relazione.reused {
            "Relazione: invariata.\n"
        } else {
            "Relazione: composta.\n"
        });
    }
    let schede = docs.get(1..).unwrap_or_default();
    if !schede.is_empty() {
        let reused = schede.iter().filter(|d| d.reused).count();
        text.push_str(&format!(
            "Schede {}: {}.\n",
            vocab.unit.prep(Prep::Di, true),
            counts(&[
                (schede.len() - reused, "composta", "composte"),
                (reused, "invariata", "invariate"),
            ])
        ));
    }
    text
}

/// «1 composta, 6 invariate»: each count with its word agreeing (singular
/// for 1), counts of zero left out.
fn counts(parts: &[(usize, &str, &str)]) -> String {
    parts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the next run of the Relazione would compose, for `verifica`:
/// `documents` as [`plan_reuse`](super::plan_reuse) gives them (the
/// Relazione first, then the schede; `true`: unchanged), and whether the
/// Riepilogo is unchanged.
pub fn pending_summary(
    documents: &[(PathBuf, bool)],
    summary_unchanged: bool,
    vocab: &Vocabulary,
) -> String {
    let pending = documents.iter().filter(|(_, held)| !held).count();
    let mut parts = Vec::new();
    if let Some((_, held)) = documents.first() {
        parts.push(if *held {
            "Relazione invariata".to_string()
        } else {
            "Relazione da comporre".to_string()
        });
    }
    let schede = documents.get(1..).unwrap_or_default();
    if !schede.is_empty() {
        let unchanged = schede.iter().filter(|(_, held)| *held).count();
        parts.push(format!(
            "schede {}: {}",
            vocab.unit.prep(Prep::Di, true),
            counts(&[
                (schede.len() - unchanged, "da comporre", "da comporre"),
                (unchanged, "invariata", "invariate"),
            ])
        ));
    }
    format!(
        "Documenti da comporre alla prossima esecuzione di «relazione»: {pending} su {} ({}); riepilogo {}.\n",
        documents.len(),
        parts.join("; "),
        if summary_unchanged {
            "invariato"
        } else {
            "da aggiornare"
        }
    )
}

/// The key of one document: every input of its typst world and the
/// program, each part labelled and length-prefixed so no two different
/// inputs give the same bytes to hash.
fn key(
    composer: &Composer,
    set: &TemplateSet,
    job: &Job,
    logo: Option<&(String, Vec<u8>)>,
) -> String {
    let mut hash = Sha256::new();
    let mut part = |label: &str, bytes: &[u8]| {
        hash.update(label.as_bytes());
        hash.update([0]);
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    part("chiave", b"1");
    part("programma", composer.program.as_bytes());
    part("typst", composer.typst.as_bytes());
    part("caratteri", composer.fonts.as_bytes());
    part("modello", job.main.as_bytes());
    part("testo del modello", set.text(job.main).as_bytes());
    part("stile", set.text("stile.typ").as_bytes());
    part("dati", &job.json);
    match logo {
        Some((name, bytes)) => {
            part("logo", name.as_bytes());
            part("immagine del logo", bytes);
        }
        None => part("logo", b""),
    }
    part("percorso", job.path.to_string_lossy().as_bytes());
    hex(&hash.finalize())
}
