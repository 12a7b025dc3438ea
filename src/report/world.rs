//! The typst `World` of one document: templates and data are in-memory
//! files, fonts are the ones compiled into the binary, and there is no
//! clock, no file system and no network.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::layout::Abs;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Coverage, Font, FontBook, FontInstance, FontVariant, FontVariations};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// Fallback fonts typst picks a glyph from when the template's font lacks
/// it: DejaVu Sans (Greek, Cyrillic, Hebrew, Arabic, Armenian, Georgian,
/// many symbols) and Symbola (emoji and pictographs in monochrome, as a
/// PDF/A document wants them). Licences beside them in `fonts/`.
const FALLBACK_FONTS: [&[u8]; 2] = [
    include_bytes!("../../fonts/DejaVuSans.ttf"),
    include_bytes!("../../fonts/Symbola.ttf"),
];

/// SHA-256 of the fallback fonts, for the documents' keys (`reuse.rs`):
/// typst's own fonts come with its version.
pub fn fallback_fonts_digest() -> String {
    use sha2::{Digest, Sha256};
    static DIGEST: OnceLock<String> = OnceLock::new();
    DIGEST
        .get_or_init(|| {
            let mut hash = Sha256::new();
            for font in FALLBACK_FONTS {
                hash.update((font.len() as u64).to_le_bytes());
                hash.update(font);
            }
            crate::output::hex(&hash.finalize())
        })
        .clone()
}

fn fonts() -> &'static FontStore {
    static FONTS: OnceLock<FontStore> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut store = FontStore::new();
        store.extend(typst_kit::fonts::embedded());
        store.extend(FALLBACK_FONTS.iter().flat_map(|data| {
            Font::iter(Bytes::new(*data)).map(|font| {
                // typst reads coverage from every cmap subtable, shaping
                // uses one: DejaVu Sans claims ✅ and has no glyph for it,
                // which made typst pick it and fail. Keep what has a glyph.
                let mut info = font.info().clone();
                let face = instance(&font);
                let real: Vec<u32> = info
                    .coverage
                    .iter()
                    .filter(|c| {
                        char::from_u32(*c).is_some_and(|c| face.ttf().glyph_index(c).is_some())
                    })
                    .collect();
                info.coverage = Coverage::from_vec(real);
                (font, info)
            })
        }));
        store
    })
}

fn instance(font: &Font) -> FontInstance {
    font.clone().instantiate(
        FontVariant::default(),
        Abs::pt(10.0),
        &FontVariations::default(),
    )
}

/// The templates' text font.
const TEXT_FONT: &str = "libertinus serif";

/// Whether typst prints `c` in running text: the text font has it, or the
/// one fallback font typst picks for it does (typst tries one).
pub fn printable(c: char) -> bool {
    // PDF/A refuses these codepoints whatever the font: U+0000, U+FEFF,
    // U+FFFE and the private use areas (a font's own icons).
    if matches!(c as u32, 0x0 | 0xFEFF | 0xFFFE | 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
    {
        return false;
    }
    let book = fonts().book();
    let has = |i: usize| {
        fonts()
            .font(i)
            .is_some_and(|f| instance(&f).ttf().glyph_index(c).is_some())
    };
    let main = book.select(TEXT_FONT, FontVariant::default());
    if main.is_some_and(|i| book.info(i).is_some_and(|x| x.coverage.contains(c as u32)) && has(i)) {
        return true;
    }
    let like = main.and_then(|i| book.info(i));
    book.select_fallback(like, FontVariant::default(), c.encode_utf8(&mut [0; 4]))
        .is_some_and(has)
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    // `a11y-extras`: `pdf.header-cell`, so a key–value table's keys are
    // tagged as row headers (TH) for screen readers (PDF/UA).
    LIBRARY.get_or_init(|| {
        LazyHash::new(
            Library::builder()
                .with_features([typst::Feature::A11yExtras].into_iter().collect())
                .build(),
        )
    })
}

/// The id of a project file, e.g. `relazione.typ` or `dati.json`.
pub fn file_id(name: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(name).ok()?;
    Some(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

pub struct ReportWorld {
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
}

impl ReportWorld {
    /// `sources`: typst files (name, text), the first is the main one;
    /// `files`: other files the template may read (data, logo).
    pub fn new(sources: &[(String, String)], files: Vec<(String, Vec<u8>)>) -> Option<Self> {
        let main = file_id(&sources.first()?.0)?;
        let mut src_map = HashMap::new();
        for (name, text) in sources {
            let id = file_id(name)?;
            src_map.insert(id, Source::new(id, text.clone()));
        }
        let mut file_map = HashMap::new();
        for (name, bytes) in files {
            file_map.insert(file_id(&name)?, Bytes::new(bytes));
        }
        Some(ReportWorld {
            main,
            sources: src_map,
            files: file_map,
        })
    }

    /// The name of a project file, as given to [`ReportWorld::new`].
    pub fn name_of(id: FileId) -> String {
        id.vpath().get_without_slash().to_string()
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        fonts().book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        Err(not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().font(index)
    }

    /// No clock: the document date comes from the data.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(std::path::PathBuf::from(ReportWorld::name_of(id)))
}
