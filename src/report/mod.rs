//! The Relazione sulla performance and the Area schede as PDF/A, rendered
//! in-process with typst from templates, data passed as JSON.
//!
//! Takes: plan, results, scorecard, `relazione.toml`, templates (and the
//! comparison with the year before). Gives: PDF bytes of the Relazione, the
//! schede and, through [`document`], of any other templated document
//! (letters, monitoring, individual schede, the plan document). Must not
//! touch: grading (it prints the scorecard as it is) or the output
//! folders (the caller writes the bytes).
//!
//! - `settings.rs`: `inputs/relazione.toml` (date, signatories, logo,
//!   presentation of the ente);
//! - `data/`: the JSON the templates read (`dati.json`), with numbers and
//!   dates already written in Italian: `items.rs` one plan item with its
//!   score, `mod.rs` the whole document;
//! - `text.rs`: narrative paragraphs and file names from minijinja
//!   templates (`relazione.j2`, `scheda.j2`);
//! - `templates.rs`: built-in templates, overridden by files in
//!   `templates/`;
//! - `world.rs`: the typst world (embedded fonts, no clock, no network).
//!
//! User text never becomes markup: templates read it from JSON, so a note
//! with `#`, `$`, `*` or `<` prints as typed.

mod budget;
pub mod chronology;
mod data;
pub mod document;
mod foreign;
mod jobs;
mod page_mode;
mod plan_doc;
pub mod printable;
mod reuse;
mod settings;
mod shapes;
mod smvp_doc;
mod templates;
mod text;
mod world;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::plan::Plan;
use crate::progress::{Progress, Silent, Stage, StageGuard};
use crate::results::Results;
use crate::scoring::Scorecard;
use crate::vocab::Vocabulary;

pub(crate) use data::date_value;
use jobs::{DATA_FILE, Job, Prepared};
pub use plan_doc::{adoption_date, plan_data};
pub use reuse::{Composed, Composer, Reuse, pending_summary, reuse_summary};
pub use settings::{
    Act, FILE_NAME as SETTINGS_FILE, ReportConfig, act_date, asks_final, final_blockers, is_final,
    load as load_config, parse as parse_config,
};
pub(crate) use smvp_doc::adoption_json;
pub use smvp_doc::smvp_data;
pub use templates::BUILT_IN as BUILT_IN_TEMPLATES;
pub use templates::TemplateDirs;
use templates::TemplateSet;
use world::ReportWorld;

/// Where templates and the logo are, and the document date.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `templates/` (and a group's shared one): files here override the
    /// built-in copies.
    pub templates: TemplateDirs,
    /// `inputs/`: logo and report settings.
    pub inputs: PathBuf,
    /// Date printed on the documents and stored in the PDF metadata; never
    /// the clock, so the same inputs give the same bytes.
    pub date: Option<NaiveDate>,
    /// Forces the draft (`--bozza`), whatever `relazione.toml` records.
    pub draft: bool,
}

pub struct Input<'a> {
    pub plan: &'a Plan,
    /// The ente's words for its units, heads, top official and evaluator.
    pub vocab: &'a Vocabulary,
    pub results: &'a Results,
    pub scorecard: &'a Scorecard,
    /// Warnings of the whole run (forms and scoring).
    pub warnings: &'a Diagnostics,
    pub settings: &'a Settings,
    /// Aggregates of the individual evaluations (`valutazione_individuale`
    /// in the Relazione's data): counts per band and spread, no names.
    pub individual: Option<Value>,
    /// Aggregates of the staff evaluation (`valutazione_personale`):
    /// counts per category and band, the bonus, the differentiation; no
    /// names, no amounts.
    pub staff: Option<Value>,
}

/// Whether the run's documents are final: not forced to a draft
/// (`--bozza`), the validation recorded in `relazione.toml` and no
/// proposal awaiting the evaluator (asking for the final version
/// otherwise is an error listing what is missing). Every document of a
/// run follows this one answer: the Relazione, the schede, and the
/// confidential individual schede and workbook, whose amounts move with
/// the evaluator's decisions.
pub fn is_definitive(
    settings: &Settings,
    scorecard: &Scorecard,
    vocab: &Vocabulary,
) -> Result<bool, Diagnostics> {
    let (config, _) = settings::load(&settings.inputs)?;
    Ok(!settings.draft && settings::is_final(&config, &settings.inputs, scorecard, vocab)?)
}

/// Renders the Relazione and one scheda per unit. Paths are relative to the
/// output directory (e.g. `2023/Relazione sulla performance 2023.pdf`).
pub fn render(input: &Input) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
    render_compared(input, None)
}

/// [`render`], with the comparison with the year before for the templates
/// (key `confronto`, as `opendata::compare::to_json` writes it; `null`
/// when there is none).
pub fn render_compared(
    input: &Input,
    comparison: Option<&Value>,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
    render_inner(input, comparison, &Silent).map(|(files, _)| files)
}

/// [`render_compared`], reporting each document composed to `progress`.
pub fn render_compared_with_progress(
    input: &Input,
    comparison: Option<&Value>,
    progress: &dyn Progress,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostics> {
    render_inner(input, comparison, progress).map(|(files, _)| files)
}

/// Rendered documents: path relative to the output directory, PDF bytes.
pub type Rendered = Vec<(PathBuf, Vec<u8>)>;

/// Where the time of one document went: the benchmark compares the typst
/// work (compile and PDF export) with the whole stage.
#[derive(Debug, Clone)]
pub struct Timing {
    pub path: PathBuf,
    pub pages: usize,
    /// typst layout of the document.
    pub compile: std::time::Duration,
    /// PDF/A export of the laid-out document.
    pub export: std::time::Duration,
}

/// [`render`], also returning the time typst spent on each document.
pub fn render_profiled(input: &Input) -> Result<(Rendered, Vec<Timing>), Diagnostics> {
    render_inner(input, None, &Silent)
}

fn render_inner(
    input: &Input,
    comparison: Option<&Value>,
    progress: &dyn Progress,
) -> Result<(Rendered, Vec<Timing>), Diagnostics> {
    let (docs, timings) = compose(input, comparison, progress, None)?;
    Ok((
        docs.into_iter().map(|d| (d.path, d.bytes)).collect(),
        timings,
    ))
}

/// [`render_compared_with_progress`], composing only the documents whose
/// key differs from the file `reuse` holds from the previous run
/// (`reuse.rs`): the others are that file's bytes, unchanged. Each
/// document comes with its key, for the set's list; `progress` counts the
/// documents composed.
pub fn render_reusing(
    input: &Input,
    comparison: Option<&Value>,
    progress: &dyn Progress,
    reuse: &Reuse,
) -> Result<(Vec<Composed>, Vec<Timing>), Diagnostics> {
    compose(input, comparison, progress, Some(reuse))
}

/// The documents a run would write, each with its key and whether the
/// previous run's file can be taken for it (`verifica`: how many the next
/// run composes), without composing any.
pub fn plan_reuse(
    input: &Input,
    comparison: Option<&Value>,
    reuse: &Reuse,
) -> Result<Vec<(PathBuf, bool)>, Diagnostics> {
    let Prepared { set, logo, jobs } = jobs::prepare(input, comparison)?;
    Ok(jobs
        .iter()
        .map(|job| {
            let held = reuse
                .key(&set, job, logo.as_ref())
                .is_some_and(|k| reuse.holds(&k));
            (job.path.clone(), held)
        })
        .collect())
}

fn compose(
    input: &Input,
    comparison: Option<&Value>,
    progress: &dyn Progress,
    reuse: Option<&Reuse>,
) -> Result<(Vec<Composed>, Vec<Timing>), Diagnostics> {
    let Prepared { set, logo, jobs } = jobs::prepare(input, comparison)?;
    let keys: Vec<Option<String>> = jobs
        .iter()
        .map(|job| reuse.and_then(|r| r.key(&set, job, logo.as_ref())))
        .collect();
    let mut taken: Vec<Option<Vec<u8>>> = keys
        .iter()
        .map(|k| k.as_deref().zip(reuse).and_then(|(k, r)| r.take(k)))
        .collect();
    let todo: Vec<&Job> = jobs
        .iter()
        .zip(&taken)
        .filter(|(_, t)| t.is_none())
        .map(|(j, _)| j)
        .collect();

    // The Relazione first, on its own (typst lays its pages out on every
    // core), then the schede, one per core at a time: their memory peaks do
    // not add up to the Relazione's, nor to each other's.
    let stage = StageGuard::start(progress, Stage::DocumentsComposed, todo.len());
    // A document past its time budget stops the run: the others are not
    // started (its template would most likely loop in them too).
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let compile_one = |job: &Job| {
        if stopped.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Diagnostics::new());
        }
        let out = compile(&set, job, logo.as_ref());
        if out.as_ref().is_err_and(|d| d.0.iter().any(is_over_budget)) {
            stopped.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        stage.advance();
        out
    };
    // typst's own work runs on its pool (budget.rs); this thread waits.
    let alone = usize::from(taken.first().is_some_and(Option::is_none));
    let (first, rest) = todo.split_at(alone.min(todo.len()));
    let mut outputs: Vec<_> = first.iter().map(|job| compile_one(job)).collect();
    typst::comemo::evict(0);
    outputs.extend(bounded(rest, |job| {
        let out = compile_one(job);
        // Each scheda is compiled once: without eviction typst's cache
        // holds every scheda laid out so far (850 MiB at 1,000 indicators).
        // Entries the other scheda in flight uses are younger and stay.
        typst::comemo::evict(2);
        out
    }));
    // Every document is compiled once: typst's memoization cache would
    // only hold on to memory.
    drop(stage);
    typst::comemo::evict(0);
    let mut composed = Vec::new();
    let mut timings = Vec::new();
    let mut errors = Diagnostics::new();
    for o in outputs {
        match o {
            Ok((bytes, timing)) => {
                composed.push(bytes);
                timings.push(timing);
            }
            Err(d) => {
                // The same template error shows in every scheda: say it once.
                errors.extend_once(d);
            }
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    // In the jobs' order, each document composed or taken.
    let mut composed = composed.into_iter();
    let mut docs = Vec::with_capacity(jobs.len());
    for ((job, key), slot) in jobs.into_iter().zip(keys).zip(taken.iter_mut()) {
        let (bytes, reused) = match slot.take() {
            Some(bytes) => (bytes, true),
            None => (composed.next().unwrap_or_default(), false),
        };
        docs.push(Composed {
            path: job.path,
            bytes,
            key,
            reused,
            unit: job.unit,
        });
    }
    Ok((docs, timings))
}

/// `f` over `jobs`, in order, with at most one job per core in flight.
/// A rayon `par_iter` over the documents would let a worker waiting inside
/// typst's own parallel layout steal another whole document: with 200
/// schede dozens were in memory at once (1.4 GiB at 2,000 indicators).
fn bounded<T: Send>(jobs: &[&Job], f: impl Fn(&Job) -> T + Sync) -> Vec<T> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<T>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    let worker = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            let out = f(job);
            let mut v = slots.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(slot) = v.get_mut(i) {
                *slot = Some(out);
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(worker);
        }
    });
    slots
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

/// Compiles one template (`piano.typ`…) of the templates folder, with
/// `data` as its `dati.json`, to PDF/A-2a + PDF/UA-1: documents beside the
/// Relazione use the same fonts, style and checks. `ident` names the
/// document in the PDF.
pub fn render_document(
    templates: &TemplateDirs,
    main: &'static str,
    data: Value,
    ident: &Path,
) -> Result<Vec<u8>, Diagnostics> {
    let set = TemplateSet::load(templates)?;
    let job = Job::new(main, &data, ident.to_path_buf())?;
    // typst's own work runs on its pool, with large stacks (budget.rs).
    let out = compile(&set, &job, None).map(|(bytes, _)| bytes);
    typst::comemo::evict(0);
    out
}

/// The logo named in `relazione.toml`, as (name inside the typst world, bytes).
fn load_logo(inputs: &Path, name: Option<&str>) -> Result<Option<(String, Vec<u8>)>, Diagnostics> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    let path = inputs.join(name);
    // The logo is one of the inputs: a path climbing out of the folder, or
    // an absolute one, would embed any file of the computer in the PDF.
    if !Path::new(name)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
    {
        return Err(Diagnostic::error(
            Location::file(inputs.join(settings::FILE_NAME)),
            format!("il logo «{name}» deve essere un file della cartella dei dati di ingresso"),
        )
        .with_hint("copiare l'immagine nella cartella dei dati di ingresso e indicarne solo il nome, es. logo = \"stemma.png\"")
        .into());
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !["png", "jpg", "jpeg", "svg", "gif", "webp"].contains(&ext.as_str()) {
        return Err(Diagnostic::error(
            Location::file(inputs.join(settings::FILE_NAME)),
            format!("il logo «{name}» non è un'immagine PNG, JPG, GIF, WEBP o SVG"),
        )
        .into());
    }
    let bytes = crate::input::read_bytes(&path, crate::input::MAX_IMAGE_FILE);
    // A regular file, but not through a link from inside the folder to a
    // file outside it.
    if bytes.is_ok()
        && let (Ok(real), Ok(folder)) = (path.canonicalize(), inputs.canonicalize())
        && !real.starts_with(&folder)
    {
        return Err(Diagnostic::error(
            Location::file(inputs.join(settings::FILE_NAME)),
            format!(
                "il logo «{name}» è un collegamento a un file fuori dalla cartella dei dati di ingresso"
            ),
        )
        .with_hint("copiare l'immagine nella cartella dei dati di ingresso al posto del collegamento")
        .into());
    }
    match bytes {
        Ok(bytes) if !image_decodes(&bytes, &ext) => Err(Diagnostic::error(
            Location::file(&path),
            format!(
                "il logo «{name}» non si può leggere: il file è danneggiato o non è un'immagine {}",
                ext.to_uppercase()
            ),
        )
        .with_hint("aprire l'immagine con un programma di grafica e salvarla di nuovo come PNG o JPG, oppure togliere la riga logo = … da relazione.toml")
        .into()),
        Ok(bytes) => Ok(Some((format!("logo.{ext}"), bytes))),
        Err(e) => Err(e
            .into_diagnostic(&path, "il logo indicato in relazione.toml")
            .with_hint(
                "mettere il file nella cartella dei dati di ingresso, o togliere la riga logo = …",
            )
            .into()),
    }
}

/// Whether typst can decode `bytes` as an image of the kind its file
/// extension says: a broken logo is reported at its file before composing,
/// not as typst's English message at a line of the template.
fn image_decodes(bytes: &[u8], ext: &str) -> bool {
    use typst::foundations::Bytes;
    use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};
    let data = Bytes::new(bytes.to_vec());
    let format = match ext {
        "svg" => return SvgImage::new(data).is_ok(),
        "png" => ExchangeFormat::Png,
        "jpg" | "jpeg" => ExchangeFormat::Jpg,
        "gif" => ExchangeFormat::Gif,
        "webp" => ExchangeFormat::Webp,
        _ => return false,
    };
    RasterImage::plain(data, format).is_ok()
}

/// The beginning of the message of a document past its time budget.
const OVER_BUDGET: &str = "il documento non è stato composto entro";

fn is_over_budget(d: &Diagnostic) -> bool {
    d.message.starts_with(OVER_BUDGET)
}

/// Composes one document within its time budget ([`budget`]).
fn compile(
    set: &TemplateSet,
    job: &Job,
    logo: Option<&(String, Vec<u8>)>,
) -> Result<(Vec<u8>, Timing), Diagnostics> {
    compile_within(set, job, logo, budget::budget(job.json.len()))
}

fn compile_within(
    set: &TemplateSet,
    job: &Job,
    logo: Option<&(String, Vec<u8>)>,
    time: std::time::Duration,
) -> Result<(Vec<u8>, Timing), Diagnostics> {
    let sources = vec![
        (job.main.to_string(), set.text(job.main).to_string()),
        ("stile.typ".to_string(), set.text("stile.typ").to_string()),
    ];
    let mut files = vec![(DATA_FILE.to_string(), job.json.clone())];
    if let Some((name, bytes)) = logo {
        files.push((name.clone(), bytes.clone()));
    }
    let world = ReportWorld::new(&sources, files).ok_or_else(|| {
        Diagnostics::from(Diagnostic::error(
            Location::default(),
            "nome di file del modello non valido",
        ))
    })?;
    let (owned_set, main, path) = (set.clone(), job.main, job.path.clone());
    let work = move || compile_world(&owned_set, main, &path, &world);
    budget::run_within(time, work).unwrap_or_else(|stopped| {
        let message = match stopped {
            budget::Stopped::TooLong => format!(
                "{OVER_BUDGET} {} secondi («{}»): il modello «{}» fa probabilmente un lavoro \
                 senza fine (un ciclo, pagine che si ripetono)",
                time.as_secs(),
                job.path.display(),
                job.main
            ),
            budget::Stopped::Failed => format!(
                "errore interno nella composizione del documento «{}»",
                job.path.display()
            ),
        };
        Err(
            Diagnostic::error(Location::file(set.origin(job.main)), message)
                .with_hint(FIX_TEMPLATE)
                .into(),
        )
    })
}

/// typst's work on one document: layout, the page limit, the PDF.
fn compile_world(
    set: &TemplateSet,
    main: &'static str,
    path: &Path,
    world: &ReportWorld,
) -> Result<(Vec<u8>, Timing), Diagnostics> {
    let started = std::time::Instant::now();
    let doc: PagedDocument = typst::compile(world)
        .output
        .map_err(|errs| to_diagnostics(world, set, &errs, None))?;
    let compiled = started.elapsed();
    if doc.pages().len() > MAX_PAGES {
        return Err(Diagnostic::error(
            Location::file(set.origin(main)),
            format!(
                "il documento «{}» supera {MAX_PAGES} pagine ({}): il modello ripete probabilmente \
                 qualcosa senza fine",
                path.display(),
                doc.pages().len()
            ),
        )
        .with_hint(FIX_TEMPLATE)
        .into());
    }
    let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1]).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            Location::default(),
            format!("configurazione PDF/A non valida: {}", e.message()),
        ))
    })?;
    let options = PdfOptions {
        ident: Smart::Custom(path.to_string_lossy().into_owned()),
        creator: Smart::Custom(Some(format!("consuntivo {}", env!("CARGO_PKG_VERSION")))),
        standards,
        ..PdfOptions::default()
    };
    let started = std::time::Instant::now();
    let bytes = typst_pdf::pdf(&doc, &options).map_err(|errs| {
        to_diagnostics(
            world,
            set,
            &errs,
            Some("il documento non è conforme a PDF/A-2a e PDF/UA-1"),
        )
    })?;
    // Readers open the document with its bookmarks (chapters) shown.
    let bytes = page_mode::use_outlines(bytes);
    let timing = Timing {
        path: path.to_path_buf(),
        pages: doc.pages().len(),
        compile: compiled,
        export: started.elapsed(),
    };
    Ok((bytes, timing))
}

/// Pages one document may have: the Relazione of a plan of 10,000
/// indicators has 2,302; far more means a template gone wrong.
const MAX_PAGES: usize = 10_000;

/// What to do about an error in a comune's own template (every message
/// about templates gives it).
pub(crate) const FIX_TEMPLATE: &str =
    "correggere il modello personalizzato, o rimuoverlo per usare quello predefinito";

/// typst's diagnostics, in Italian, located in the template file and line.
fn to_diagnostics(
    world: &ReportWorld,
    set: &TemplateSet,
    errs: &[SourceDiagnostic],
    context: Option<&str>,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    for e in errs.iter().filter(|e| e.severity == TypstSeverity::Error) {
        let mut location = Location::default();
        let mut template = None;
        if let Some(id) = e.span.id() {
            let name = ReportWorld::name_of(id);
            if name == DATA_FILE {
                location = Location::file(DATA_FILE);
            } else {
                location.file = Some(set.origin(&name));
                template = Some(name);
                if let (Some(range), Ok(source)) =
                    (world.range(e.span), typst::World::source(world, id))
                    && let Some((l, c)) = source.lines().byte_to_line_column(range.start)
                {
                    location.line = Some(l + 1);
                    location.column = Some(c + 1);
                }
            }
        }
        let said = foreign::typst_message(&e.message);
        // The line and column in words too: the location's «:12:5» is not
        // read by everyone.
        let at = match (location.line, location.column) {
            (Some(l), Some(c)) => format!(", riga {l}, colonna {c}"),
            (Some(l), None) => format!(", riga {l}"),
            _ => String::new(),
        };
        let message = match (context, &template) {
            (Some(c), _) => format!("{c}: {}", said.text),
            (None, Some(t)) => format!("errore nel modello «{t}»{at}: {}", said.text),
            (None, None) => format!("errore nella composizione del documento: {}", said.text),
        };
        let mut d = Diagnostic::error(location, message);
        if said.image {
            d = d.with_hint(
                "se è il logo indicato in relazione.toml, aprirlo e salvarlo di nuovo come PNG o JPG con un programma di grafica, oppure togliere la riga logo = …",
            );
        }
        if template.as_deref().is_some_and(|t| set.is_custom(t)) && context.is_none() {
            d = d.with_hint(FIX_TEMPLATE);
        } else if template.is_some() && context.is_none() {
            d = d.with_hint(
                "il modello è quello fornito con il programma: segnalare il caso, con questo messaggio, a chi cura il programma",
            );
        }
        let typst_words = std::iter::once(e.message.as_str())
            .chain(e.hints.iter().map(|h| h.v.as_str()))
            .collect::<Vec<_>>()
            .join("; ");
        out.push(d.with_hint(foreign::technical_detail(&typst_words)));
    }
    if out.is_empty() {
        out.push(Diagnostic::error(
            Location::default(),
            context
                .unwrap_or("errore nella composizione del documento")
                .to_string(),
        ));
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
