//! The ente's own words: what it calls its units (Area, Settore, Servizio…),
//! their heads, its top official and its evaluator, read from
//! `inputs/ente.toml`. Every output that speaks takes its words from here
//! (or from templates fed with [`Vocabulary::to_json`]), so that a comune
//! organised in Settori with an OIV reads its own language, with the right
//! articles ("il Settore", "dell'Area", "allo Staff").
//!
//! ```toml
//! [unita]                       # the organisational unit
//! singolare = "Settore"
//! plurale = "Settori"
//! genere = "maschile"
//!
//! [responsabile]                # the head of a unit
//! singolare = "Dirigente"
//! plurale = "Dirigenti"
//! genere = "maschile"
//!
//! [vertice]                     # the top official who prepares the Relazione
//! singolare = "Segretario comunale"
//! genere = "maschile"
//!
//! [valutatore]                  # who validates: Nucleo, Nucleo monocratico, OIV
//! singolare = "Organismo indipendente di valutazione"
//! sigla = "OIV"
//! genere = "maschile"
//!
//! referente = "Ufficio Segreteria generale"   # whom units ask for help
//!
//! [[altre_unita]]               # a second kind of unit in the same ente
//! singolare = "U.O.A."
//! plurale = "U.O.A."
//! genere = "femminile"
//! unita = ["PL", "SUAP"]        # its units, by plan id (optional)
//! ```
//!
//! A unit is of another kind when `unita` lists its id or its name begins
//! with that kind's word («U.O.A. Polizia locale»); every other unit is of
//! the ente's kind (`[unita]`). Whatever names one unit (its form, its
//! scheda, its reminder, a warning about it) uses that unit's own word:
//! [`Vocabulary::unit_kind`], [`Vocabulary::for_unit`],
//! [`Vocabulary::named_unit`]; sentences about the units in general keep
//! the ente's word.
//!
//! A missing file, or a missing section, gives the defaults: Area/Aree,
//! Responsabile di Area, Segretario generale, Nucleo di Valutazione.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::diag::{Diagnostic, Diagnostics, Location};

pub const FILE_NAME: &str = "ente.toml";

/// Grammatical gender of a noun, for articles and agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    #[serde(rename = "maschile")]
    Masculine,
    #[serde(rename = "femminile")]
    Feminine,
}

/// A simple preposition that fuses with the definite article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prep {
    Di,
    A,
    Da,
    In,
    Su,
}

impl Prep {
    fn stem(self) -> &'static str {
        match self {
            Prep::Di => "de",
            Prep::A => "a",
            Prep::Da => "da",
            Prep::In => "ne",
            Prep::Su => "su",
        }
    }
}

/// A noun with its plural and gender: "Area"/"Aree" (f.), "Settore"/"Settori" (m.).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Noun {
    pub singular: String,
    pub plural: String,
    pub gender: Gender,
}

impl Noun {
    pub fn new(singular: &str, plural: &str, gender: Gender) -> Self {
        Noun {
            singular: singular.to_string(),
            plural: plural.to_string(),
            gender,
        }
    }

    /// The form for a count: 1 → singular, anything else → plural.
    pub fn count_form(&self, n: usize) -> &str {
        if n == 1 { &self.singular } else { &self.plural }
    }

    /// "l'Area", "il Settore", "le Aree", "i Settori".
    pub fn the(&self, plural: bool) -> String {
        the(self.form(plural), self.gender, plural)
    }

    /// "dell'Area", "al Settore", "nelle Aree", "dai Settori".
    pub fn prep(&self, prep: Prep, plural: bool) -> String {
        with_prep(prep, self.form(plural), self.gender, plural)
    }

    /// "un'Area", "un Settore", "uno Staff".
    pub fn a(&self) -> String {
        let w = &self.singular;
        match self.gender {
            Gender::Feminine if starts_with_vowel(w) => format!("un'{w}"),
            Gender::Feminine => format!("una {w}"),
            Gender::Masculine if needs_lo(w) => format!("uno {w}"),
            Gender::Masculine => format!("un {w}"),
        }
    }

    /// "ciascun Settore", "ciascuno Staff", "ciascuna Area": the adjective
    /// before the noun drops its -o as the article "uno" does.
    pub fn each(&self) -> String {
        let w = &self.singular;
        match self.gender {
            Gender::Feminine => format!("ciascuna {w}"),
            Gender::Masculine if needs_lo(w) => format!("ciascuno {w}"),
            Gender::Masculine => format!("ciascun {w}"),
        }
    }

    /// "nessun Settore", "nessuno Staff", "nessuna Area": as [`Self::each`].
    pub fn none(&self) -> String {
        self.each().replacen("ciascun", "nessun", 1)
    }

    /// Agreement of an adjective or participle ending in -o/-a/-i/-e with
    /// this noun: `agree("ciascuno", false)` → "ciascuna" for Area.
    pub fn agree(&self, masculine_singular: &str, plural: bool) -> String {
        agree(masculine_singular, self.gender, plural)
    }

    fn form(&self, plural: bool) -> &str {
        if plural { &self.plural } else { &self.singular }
    }
}

/// Whether `name` begins with the whole word `word`, whatever its case
/// ("Area III" with "area"; not "Areale").
fn begins_with_word(name: &str, word: &str) -> bool {
    let (name, word) = (name.to_lowercase(), word.to_lowercase());
    name.strip_prefix(&word)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// The definite article fused with `word`: "l'Area", "lo Staff", "gli Uffici".
pub fn the(word: &str, gender: Gender, plural: bool) -> String {
    let article = article(word, gender, plural);
    join(article, word)
}

/// A preposition with the article and `word`: "dell'Area", "allo Staff",
/// "al Segretario generale", "nei Settori".
pub fn with_prep(prep: Prep, word: &str, gender: Gender, plural: bool) -> String {
    let article = article(word, gender, plural);
    let stem = prep.stem();
    // il → del/al/dal/nel/sul; lo → dello; l' → dell'; i → dei; gli → degli…
    let fused = match article {
        "il" => format!("{}l", stem),
        "i" => format!("{}i", stem),
        "gli" => format!("{stem}gli"),
        // lo, la, le, l' double their l: dello, alla, nelle, sull'.
        other => format!("{stem}l{other}"),
    };
    join(&fused, word)
}

/// Masculine-singular adjective agreed with a gender and number: "ciascuno"
/// → "ciascuna" / "ciascuni"; "assegnato" → "assegnate".
pub fn agree(masculine_singular: &str, gender: Gender, plural: bool) -> String {
    let Some(stem) = masculine_singular.strip_suffix('o') else {
        // Adjectives in -e: "responsabile" → "responsabili" in the plural.
        return match masculine_singular.strip_suffix('e') {
            Some(stem) if plural => format!("{stem}i"),
            _ => masculine_singular.to_string(),
        };
    };
    let ending = match (gender, plural) {
        (Gender::Masculine, false) => "o",
        (Gender::Masculine, true) => "i",
        (Gender::Feminine, false) => "a",
        (Gender::Feminine, true) => "e",
    };
    format!("{stem}{ending}")
}

fn article(word: &str, gender: Gender, plural: bool) -> &'static str {
    match (gender, plural) {
        (Gender::Feminine, false) if starts_with_vowel(word) => "l'",
        (Gender::Feminine, false) => "la",
        (Gender::Feminine, true) => "le",
        (Gender::Masculine, false) if starts_with_vowel(word) => "l'",
        (Gender::Masculine, false) if needs_lo(word) => "lo",
        (Gender::Masculine, false) => "il",
        (Gender::Masculine, true) if starts_with_vowel(word) || needs_lo(word) => "gli",
        (Gender::Masculine, true) => "i",
    }
}

fn join(article: &str, word: &str) -> String {
    if article.ends_with('\'') {
        format!("{article}{word}")
    } else {
        format!("{article} {word}")
    }
}

fn starts_with_vowel(word: &str) -> bool {
    word.chars().next().is_some_and(|c| {
        matches!(
            c.to_lowercase().next().unwrap_or(c),
            'a' | 'e' | 'i' | 'o' | 'u' | 'à' | 'è' | 'é' | 'ì' | 'ò' | 'ù'
        )
    })
}

/// Masculine words taking "lo"/"gli": s + consonant, z, gn, ps, pn, x, y, i + vowel.
fn needs_lo(word: &str) -> bool {
    let lower: Vec<char> = word.to_lowercase().chars().take(2).collect();
    let vowel = |c: char| "aeiouàèéìòù".contains(c);
    match lower.as_slice() {
        ['s', c, ..] => !vowel(*c),
        ['z', ..] | ['x', ..] | ['y', ..] => true,
        ['g', 'n', ..] | ['p', 's', ..] | ['p', 'n', ..] => true,
        ['i', c, ..] => vowel(*c),
        _ => false,
    }
}

/// The ente's words, with Alzano's wording as the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vocabulary {
    /// The organisational unit: Area, Settore, Servizio, Direzione…
    pub unit: Noun,
    /// The head of a unit: Responsabile di Area, Dirigente…
    pub head: Noun,
    /// The top official who prepares the Relazione: Segretario generale,
    /// Segretario comunale, Direttore generale.
    pub top_official: Noun,
    /// Who validates: Nucleo di Valutazione, Nucleo monocratico, OIV.
    pub evaluator: Noun,
    /// Short name of the evaluator for tables and repeated mentions
    /// ("Nucleo", "OIV").
    pub evaluator_short: String,
    /// Whom the units ask for help with the forms.
    pub contact: String,
    /// Other kinds of unit of the same ente (`[[altre_unita]]`), e.g.
    /// U.O.A. beside Settori.
    pub other_units: Vec<UnitKind>,
    /// The indicator `piano importa` gives an objective written as a
    /// table of phases (`indicatore_fasi`): «Avanzamento delle fasi».
    pub phase_indicator: String,
    /// The ente's codice fiscale (`codice_fiscale`), checked by its check
    /// digit ([`crate::tax_code`]); `None` when the file does not give it.
    pub tax_code: Option<String>,
}

/// A kind of unit other than the ente's default, and the plan ids of its
/// units (units whose name begins with its word are of it too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitKind {
    pub noun: Noun,
    pub units: Vec<String>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            unit: Noun::new("Area", "Aree", Gender::Feminine),
            head: Noun::new(
                "Responsabile di Area",
                "Responsabili di Area",
                Gender::Masculine,
            ),
            top_official: Noun::new(
                "Segretario generale",
                "Segretari generali",
                Gender::Masculine,
            ),
            evaluator: Noun::new(
                "Nucleo di Valutazione",
                "Nuclei di Valutazione",
                Gender::Masculine,
            ),
            evaluator_short: "Nucleo".to_string(),
            contact: "Ufficio del Segretario generale".to_string(),
            other_units: Vec::new(),
            phase_indicator: "Avanzamento delle fasi".to_string(),
            tax_code: None,
        }
    }
}

impl Vocabulary {
    /// "Tutte le Aree", "Tutti i Settori": the plan's word for every unit.
    pub fn all_units(&self) -> String {
        let all = agree("tutto", self.unit.gender, true);
        let mut s = format!("{all} {}", self.unit.the(true));
        s[..1].make_ascii_uppercase();
        s
    }

    /// The evaluator's short name with a preposition: "del Nucleo",
    /// "dall'OIV", for table headers and repeated mentions.
    pub fn evaluator_short_prep(&self, prep: Prep) -> String {
        with_prep(prep, &self.evaluator_short, self.evaluator.gender, false)
    }

    /// The kind word a unit's plan name begins with, the ente's own first
    /// ("Area III Finanziaria", "Settore Tecnico", "U.O.A. Polizia locale").
    fn kind_named(&self, name: &str) -> Option<&Noun> {
        std::iter::once(&self.unit)
            .chain(self.other_units.iter().map(|k| &k.noun))
            .find(|n| begins_with_word(name, &n.singular))
    }

    /// The other kind `[[altre_unita]]` lists the unit `id` under.
    fn listed_kind(&self, id: &str) -> Option<&Noun> {
        self.other_units
            .iter()
            .find(|k| k.units.iter().any(|u| u == id))
            .map(|k| &k.noun)
    }

    /// The word for one unit: the kind `[[altre_unita]]` lists it under,
    /// else the kind its name begins with, else the ente's.
    pub fn unit_kind(&self, id: &str, name: &str) -> &Noun {
        self.listed_kind(id)
            .or_else(|| self.kind_named(name))
            .unwrap_or(&self.unit)
    }

    /// These words, speaking of one unit: its own kind word in place of
    /// the ente's (for its form, its scheda, its reminder).
    pub fn for_unit(&self, id: &str, name: &str) -> Vocabulary {
        Vocabulary {
            unit: self.unit_kind(id, name).clone(),
            ..self.clone()
        }
    }

    /// Whether a unit's plan name begins with a word for a unit ("Area III
    /// Finanziaria", "Settore Tecnico", "U.O.A. Polizia locale"): it then
    /// takes that word's article and agreement.
    pub fn is_named_as_unit(&self, name: &str) -> bool {
        self.kind_named(name).is_some()
    }

    /// The agreement of a participle with a unit's name when the name
    /// begins with a word for a unit ("Area V non rendicontata", "Settore
    /// Tecnico non rendicontato").
    pub fn agree_with_name(&self, name: &str, masculine_singular: &str) -> Option<String> {
        self.kind_named(name)
            .map(|n| n.agree(masculine_singular, false))
    }

    /// A unit by its id and plan name, after a preposition: as
    /// [`Self::unit_named`], and a unit `[[altre_unita]]` lists whose name
    /// does not begin with its word takes that word in front: "dell'U.O.A.
    /// Polizia locale".
    pub fn named_unit(&self, prep: Prep, id: &str, name: &str) -> String {
        match self.listed_kind(id) {
            Some(n) if !begins_with_word(name, &n.singular) => {
                with_prep(prep, &format!("{} {name}", n.singular), n.gender, false)
            }
            _ => self.unit_named(prep, name),
        }
    }

    /// A unit with its article, naming its kind word only when its name
    /// does not begin with it: "l'Area III Finanziaria", "il Settore
    /// «Tributi»", "l'U.O.A. «Polizia locale»".
    pub fn the_unit(&self, id: &str, name: &str) -> String {
        let n = self.unit_kind(id, name);
        if begins_with_word(name, &n.singular) {
            the(name, n.gender, false)
        } else {
            format!("{} «{name}»", n.the(false))
        }
    }

    /// A unit by its plan name, after a preposition: "all'Area III
    /// Finanziaria", "dal Settore Tecnico", "dall'U.O.A. Polizia locale",
    /// "al Segretario generale"; a name of its own ("Segreteria generale",
    /// "Staff del Sindaco") has an article no vocabulary knows, so it stands
    /// in apposition: "all'unità Segreteria generale".
    pub fn unit_named(&self, prep: Prep, name: &str) -> String {
        if let Some(n) = self.kind_named(name) {
            with_prep(prep, name, n.gender, false)
        } else if begins_with_word(name, &self.top_official.singular) {
            with_prep(prep, name, self.top_official.gender, false)
        } else {
            format!(
                "{} {name}",
                with_prep(prep, "unità", Gender::Feminine, false)
            )
        }
    }

    /// "tutte le Aree", "tutti i Settori", inside a sentence.
    pub fn all_units_lower(&self) -> String {
        let all = agree("tutto", self.unit.gender, true);
        format!("{all} {}", self.unit.the(true))
    }

    /// Every form of every word, for templates: `vocab.unita.del` is
    /// "dell'Area", `vocab.unita.plurale` is "Aree", and so on.
    pub fn to_json(&self) -> Value {
        json!({
            "unita": noun_json(&self.unit),
            "responsabile": noun_json(&self.head),
            "vertice": noun_json(&self.top_official),
            "valutatore": noun_json(&self.evaluator),
            "valutatore_breve": self.evaluator_short,
            "referente": self.contact,
            "tutte_le_unita": self.all_units(),
        })
    }
}

fn noun_json(n: &Noun) -> Value {
    let forms = |plural: bool| {
        json!({
            "il": n.the(plural),
            "del": n.prep(Prep::Di, plural),
            "al": n.prep(Prep::A, plural),
            "dal": n.prep(Prep::Da, plural),
            "nel": n.prep(Prep::In, plural),
            "sul": n.prep(Prep::Su, plural),
        })
    };
    json!({
        "singolare": n.singular,
        "plurale": n.plural,
        "genere": match n.gender { Gender::Masculine => "maschile", Gender::Feminine => "femminile" },
        "un": n.a(),
        "s": forms(false),
        "p": forms(true),
        // Common agreements: "ciascuna Area", "assegnati al Settore".
        "ciascuno": n.agree("ciascuno", false),
        "ciascun": n.each(),
        "nessun": n.none(),
        "assegnato": n.agree("assegnato", false),
        "assegnati": n.agree("assegnato", true),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    unita: Option<NounFile>,
    responsabile: Option<NounFile>,
    vertice: Option<NounFile>,
    valutatore: Option<NounFile>,
    referente: Option<String>,
    indicatore_fasi: Option<String>,
    codice_fiscale: Option<toml::Spanned<String>>,
    #[serde(default)]
    altre_unita: Vec<KindFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindFile {
    singolare: String,
    plurale: Option<String>,
    genere: Gender,
    #[serde(default)]
    unita: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NounFile {
    singolare: String,
    plurale: Option<String>,
    genere: Gender,
    sigla: Option<String>,
}

/// Reads `ente.toml` from the inputs folder; a missing file gives the defaults.
pub fn load(inputs: &Path) -> Result<Vocabulary, Diagnostics> {
    let path = inputs.join(FILE_NAME);
    let text = match crate::input::read_text(&path) {
        Ok(t) => t,
        Err(crate::input::InputError::Missing) => return Ok(Vocabulary::default()),
        Err(crate::input::InputError::Bad(d)) => return Err((*d).into()),
    };
    parse(&text, &path)
}

/// The ente's words over a group's shared `ente.toml` (in `shared`, the
/// group's folder, when there is one), section by section: each of
/// `[unita]`, `[responsabile]`, `[vertice]`, `[valutatore]`, `referente`,
/// `indicatore_fasi` and the `[[altre_unita]]` list is the ente's own when
/// its file has it, else the shared file's; the codice fiscale is only
/// ever the ente's own (the shared file may not carry one). Each file is
/// checked on its own first, so a problem is reported at its line.
pub fn load_over(inputs: &Path, shared: Option<&Path>) -> Result<Vocabulary, Diagnostics> {
    let Some(group) = shared else {
        return load(inputs);
    };
    let read = |path: &Path| match crate::input::read_text(path) {
        Ok(t) => Ok(Some(t)),
        Err(crate::input::InputError::Missing) => Ok(None),
        Err(crate::input::InputError::Bad(d)) => Err(Diagnostics::from(*d)),
    };
    let own_path = inputs.join(FILE_NAME);
    let shared_path = group.join(FILE_NAME);
    let own = read(&own_path)?;
    let Some(shared_text) = read(&shared_path)? else {
        return load(inputs);
    };
    let common = parse_file(&shared_text, &shared_path)?;
    if let Some(code) = &common.codice_fiscale {
        return Err(Diagnostic::error(
            Location::at_offset(&shared_path, &shared_text, code.span().start),
            "il codice fiscale è di un solo ente: non va nel vocabolario comune del gruppo",
        )
        .with_hint("scriverlo nell'ente.toml di ciascun ente (nella sua cartella inputs/) e togliere la riga da questo file")
        .into());
    }
    let Some(own_text) = own else {
        return build(common, &shared_text, &shared_path);
    };
    // Each file checked alone first: its problems at its lines.
    build(
        parse_file(&shared_text, &shared_path)?,
        &shared_text,
        &shared_path,
    )?;
    parse(&own_text, &own_path)?;
    let mine = parse_file(&own_text, &own_path)?;
    let merged = File {
        unita: mine.unita.or(common.unita),
        responsabile: mine.responsabile.or(common.responsabile),
        vertice: mine.vertice.or(common.vertice),
        valutatore: mine.valutatore.or(common.valutatore),
        referente: mine.referente.or(common.referente),
        indicatore_fasi: mine.indicatore_fasi.or(common.indicatore_fasi),
        codice_fiscale: mine.codice_fiscale,
        altre_unita: if mine.altre_unita.is_empty() {
            common.altre_unita
        } else {
            mine.altre_unita
        },
    };
    build(merged, &own_text, &own_path)
}

/// The `ente.toml` whose `[[altre_unita]]` [`load_over`] takes: the
/// ente's own when it lists any, else the group's shared one when it
/// exists, else the ente's own path (to be cited in messages).
pub fn other_units_file(inputs: &Path, shared: Option<&Path>) -> std::path::PathBuf {
    let own = inputs.join(FILE_NAME);
    let lists = |p: &Path| {
        crate::input::read_text(p)
            .ok()
            .and_then(|t| toml::from_str::<File>(&t).ok())
            .is_some_and(|f| !f.altre_unita.is_empty())
    };
    match shared.map(|g| g.join(FILE_NAME)) {
        Some(common) if !lists(&own) && lists(&common) => common,
        _ => own,
    }
}

/// Parses the text of an `ente.toml`.
pub fn parse(text: &str, path: &Path) -> Result<Vocabulary, Diagnostics> {
    build(parse_file(text, path)?, text, path)
}

/// The file as written, or its syntax errors at their line.
fn parse_file(text: &str, path: &Path) -> Result<File, Diagnostics> {
    toml::from_str(text).map_err(|e| {
        let location = match e.span() {
            Some(span) => Location::at_offset(path, text, span.start),
            None => Location::file(path),
        };
        // The codice fiscale written as a number (it starts with 0): the
        // one thing to say is the quotes (review 33 C12).
        let line = e
            .span()
            .and_then(|span| text.get(..span.start))
            .map(|before| before.rsplit('\n').next().unwrap_or(before).trim_start())
            .unwrap_or("");
        if line.starts_with("codice_fiscale") {
            return Diagnostics::from(
                Diagnostic::error(
                    location,
                    "il codice fiscale dell'ente va scritto tra virgolette, come un testo",
                )
                .with_hint("per esempio codice_fiscale = \"00220080162\""),
            );
        }
        Diagnostics::from(
            Diagnostic::error(
                location,
                format!(
                    "vocabolario dell'ente non valido: {}",
                    crate::toml_msg::italian_at(e.message(), text, e.span())
                ),
            )
            .with_hint(
                "le sezioni ammesse sono [unita], [responsabile], [vertice], [valutatore], \
                 ciascuna con singolare, plurale e genere (\"maschile\" o \"femminile\"), \
                 le voci referente, indicatore_fasi e codice_fiscale e [[altre_unita]] (singolare, plurale, genere, unita)",
            ),
        )
    })
}

/// The words of a parsed file; `text` and `path` locate its problems.
fn build(file: File, text: &str, path: &Path) -> Result<Vocabulary, Diagnostics> {
    let mut v = Vocabulary::default();
    let mut diags = Diagnostics::new();
    let mut take = |section: &str, given: Option<NounFile>, into: &mut Noun| {
        let n = given?;
        let singular = n.singolare.trim().to_string();
        if singular.is_empty() {
            let at = text.find(&format!("[{section}]")).unwrap_or(0);
            diags.push(Diagnostic::error(
                Location::at_offset(path, text, at),
                format!("[{section}]: «singolare» è vuoto"),
            ));
            return None;
        }
        let plural = n
            .plurale
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| singular.clone());
        *into = Noun {
            singular,
            plural,
            gender: n.genere,
        };
        n.sigla
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    take("unita", file.unita, &mut v.unit);
    take("responsabile", file.responsabile, &mut v.head);
    let vertice_given = file.vertice.is_some();
    take("vertice", file.vertice, &mut v.top_official);
    let given_evaluator = file.valutatore.is_some();
    let sigla = take("valutatore", file.valutatore, &mut v.evaluator);
    if given_evaluator {
        // Without an acronym the short form is the first word ("Nucleo").
        v.evaluator_short = sigla.unwrap_or_else(|| {
            v.evaluator
                .singular
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        });
    }
    if let Some(r) = file
        .referente
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
    {
        v.contact = r;
    } else if vertice_given {
        v.contact = format!("Ufficio {}", v.top_official.prep(Prep::Di, false));
    }
    if let Some(p) = file
        .indicatore_fasi
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
    {
        v.phase_indicator = p;
    }
    if let Some(code) = file.codice_fiscale {
        match crate::tax_code::check(code.get_ref()) {
            Ok(code) => v.tax_code = Some(code),
            Err(problem) => diags.push(
                Diagnostic::error(
                    Location::at_offset(path, text, code.span().start),
                    format!(
                        "il codice fiscale dell'ente «{}» {}",
                        code.get_ref(),
                        problem.says()
                    ),
                )
                .with_hint(
                    "copiare il codice fiscale dell'ente (11 cifre) da un atto o dall'Indice dei domicili digitali della PA, oppure togliere la riga codice_fiscale",
                ),
            ),
        }
    }
    for (i, k) in file.altre_unita.into_iter().enumerate() {
        let singular = k.singolare.trim().to_string();
        let at = text
            .match_indices("[[altre_unita]]")
            .nth(i)
            .map_or(0, |(at, _)| at);
        if singular.is_empty() {
            diags.push(Diagnostic::error(
                Location::at_offset(path, text, at),
                "[[altre_unita]]: «singolare» è vuoto",
            ));
            continue;
        }
        let plural = k
            .plurale
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| singular.clone());
        let noun = Noun {
            singular,
            plural,
            gender: k.genere,
        };
        if v.kind_named(&noun.singular).is_some() || noun.singular == v.unit.singular {
            diags.push(Diagnostic::error(
                Location::at_offset(path, text, at),
                format!(
                    "[[altre_unita]]: «{}» è già una parola per le unità",
                    noun.singular
                ),
            ));
            continue;
        }
        for id in &k.unita {
            if let Some(other) = v.listed_kind(id) {
                diags.push(Diagnostic::error(
                    Location::at_offset(path, text, at),
                    format!(
                        "[[altre_unita]]: l'unità «{id}» è elencata sia come «{}» sia come «{}»",
                        other.singular, noun.singular
                    ),
                ));
            }
        }
        v.other_units.push(UnitKind {
            noun,
            units: k.unita.iter().map(|u| u.trim().to_string()).collect(),
        });
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(v)
}

/// The ids `[[altre_unita]]` lists that the plan does not have: an error
/// at the id's line in `ente.toml` (whose `text` is given), with the ids the
/// plan has, so a misspelt id is not silently a unit of the ente's kind.
pub fn check_units(v: &Vocabulary, plan_ids: &[&str], text: &str, path: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for k in &v.other_units {
        for id in k.units.iter().filter(|u| !plan_ids.contains(&u.as_str())) {
            let at = text.find(&format!("\"{id}\"")).unwrap_or(0);
            diags.push(
                Diagnostic::error(
                    Location::at_offset(path, text, at),
                    format!(
                        "[[altre_unita]] «{}»: l'unità «{id}» non è nel piano",
                        k.noun.singular
                    ),
                )
                .with_hint(format!("le unità del piano sono: {}", plan_ids.join(", "))),
            );
        }
    }
    diags
}

#[cfg(test)]
mod tests;
