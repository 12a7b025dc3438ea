//! Diagnostics: problems found in user input, collected so one run reports
//! them all, and shown to the user once, at the top (in `main`).

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Stops the run: no output is written.
    Error,
    /// Listed, and the run goes on.
    Warning,
}

/// Where a problem is. Every field is optional because a problem can be
/// about a whole file (an unreadable workbook), a sheet, a cell or a
/// line/column of a text file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: Option<PathBuf>,
    pub sheet: Option<String>,
    /// A1-style cell reference, e.g. `F12`.
    pub cell: Option<String>,
    /// 1-based line and column in a text file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Printed with its whole path: a folder, whose last name alone
    /// («2025») says nothing, or a file whose name is ambiguous.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub whole_path: bool,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            file: Some(path.into()),
            ..Default::default()
        }
    }

    /// A folder, printed with its whole path (`inputs/monitoraggio/2025`).
    pub fn folder(path: impl Into<PathBuf>) -> Self {
        Location {
            file: Some(path.into()),
            whole_path: true,
            ..Default::default()
        }
    }

    /// A file named by its whole path, where its name alone is ambiguous
    /// (`outputs/2024/dati-aperti/risultati.json`).
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Location::folder(path)
    }

    pub fn cell(
        path: impl Into<PathBuf>,
        sheet: impl Into<String>,
        cell: impl Into<String>,
    ) -> Self {
        Location {
            file: Some(path.into()),
            sheet: Some(sheet.into()),
            cell: Some(cell.into()),
            ..Default::default()
        }
    }

    pub fn line_col(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: Some(path.into()),
            line: Some(line),
            column: Some(column),
            ..Default::default()
        }
    }

    /// The line and column (1-based, in characters) of a byte offset of
    /// `text`, the contents of `path`.
    pub fn at_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let before = text.get(..offset.min(text.len())).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Location::line_col(path, line, column)
    }

    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.sheet.is_none() && self.cell.is_none() && self.line.is_none()
    }
}

impl fmt::Display for Location {
    /// `file:line:column` for text files, `file › sheet › cell` for workbooks
    /// (the separator users see in the issue examples).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            let name = file
                .file_name()
                .filter(|_| !self.whole_path)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.display().to_string());
            let mut s = name;
            if let Some(line) = self.line {
                s.push_str(&format!(":{line}"));
                if let Some(col) = self.column {
                    s.push_str(&format!(":{col}"));
                }
            }
            parts.push(s);
        }
        if let Some(sheet) = &self.sheet {
            parts.push(sheet.clone());
        }
        if let Some(cell) = &self.cell {
            parts.push(cell.clone());
        }
        write!(f, "{}", escape_controls(&parts.join(" › ")))
    }
}

/// A control character or a bidirectional override: what
/// [`escape_controls`] escapes.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The visible mark printed for a line break (line feed, carriage
/// return) inside a value: a pilcrow, in every terminal font.
pub const LINE_BREAK_MARK: char = '¶';
/// The visible mark printed for any other control character or
/// bidirectional override inside a value.
pub const CONTROL_MARK: char = '\u{FFFD}';

/// `text` with every control character (and the bidirectional overrides
/// that reorder what a terminal shows) replaced by a visible mark: a line
/// break by [`LINE_BREAK_MARK`] («¶»), anything else by [`CONTROL_MARK`]
/// («�»). A value from a cell or a file name must never move the cursor,
/// clear the screen or fake a line of output when printed, and the reader
/// sees the name as it looks, never an escape sequence such as `\u{A}`.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let hostile = is_unsafe_char;
    if !text.chars().any(hostile) {
        return std::borrow::Cow::Borrowed(text);
    }
    let out = text
        .chars()
        .map(|c| match c {
            '\n' | '\r' => LINE_BREAK_MARK,
            c if hostile(c) => CONTROL_MARK,
            c => c,
        })
        .collect();
    std::borrow::Cow::Owned(out)
}

/// An operating-system error in Italian, without the system's English
/// text (and so without any temporary path it may carry).
pub fn os_error_text(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "il file o la cartella non esiste",
        K::PermissionDenied => "permesso negato",
        K::AlreadyExists => "esiste già",
        K::IsADirectory => "è una cartella, non un file",
        K::NotADirectory => "un elemento del percorso è un file, non una cartella",
        K::DirectoryNotEmpty => "la cartella non è vuota",
        K::StorageFull => "spazio su disco esaurito",
        K::QuotaExceeded => "quota del disco esaurita",
        K::ReadOnlyFilesystem => "il disco è in sola lettura",
        K::FileTooLarge => "il file è troppo grande",
        K::InvalidFilename => "nome di file non valido o troppo lungo",
        K::InvalidData => "il contenuto non è valido",
        K::UnexpectedEof => "il file finisce prima del previsto",
        K::Interrupted => "operazione interrotta",
        K::OutOfMemory => "memoria esaurita",
        K::ResourceBusy => "il file è in uso da un altro programma",
        K::CrossesDevices => "lo spostamento tra dischi diversi non è possibile",
        K::TooManyLinks => "troppi collegamenti simbolici",
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("errore del sistema operativo (codice {code})"),
                None => "errore del sistema operativo".to_string(),
            };
        }
    };
    text.to_string()
}

/// One problem, in Italian, with where it is and how to fix it.
///
/// Every text field is one line: a line break or another control
/// character inside one (from a cell, a file name, a unit's note) is
/// printed as a visible mark (see [`escape_controls`]). The lines a message needs are separate values:
/// `details` (a list under the message) and `example` (text to copy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    /// Items listed under the message, one per line (the proposals still
    /// waiting for a decision).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    pub hints: Vec<String>,
    /// Lines to copy into a file (a TOML example), printed as an indented
    /// block after the first hint, which introduces it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub example: Vec<String>,
    /// What kind of problem this is, for a front end that words its own
    /// remedy (the sportello names its page and field instead of the
    /// file and option the hints name): `relazione-senza-data`,
    /// `definitiva-senza-validazione`, `correzione-uguale`,
    /// `proposte-in-attesa`, `validazione-superata`, the «not reported»
    /// family ([`EMPTY_ROW`], [`MISSING_ROW`], [`NOT_REPORTED`]) and the
    /// forms' `forms::NOT_THE_FORM` and `forms::OTHER_FORM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

/// Codes of the «not reported» family: a form's row left empty, a row
/// missing from a form, an indicator graded «non rendicontato». One
/// problem, one message: the run keeps the reader's where both fall on
/// the same cell.
pub const EMPTY_ROW: &str = "riga-non-compilata";
pub const MISSING_ROW: &str = "riga-mancante";
pub const NOT_REPORTED: &str = "non-rendicontato";
/// A unit that sent no form: said by the forms' reader at the folder,
/// and by scoring when it grades the unit without one.
pub const NO_FORM: &str = "modulo-non-inviato";

/// `graded` without what `read` already said: the «non rendicontato»
/// warnings that fall on a cell where `read` warned of an empty or
/// missing row, and the units without a form, which the reader lists
/// (one problem, one message).
pub fn without_repeats(read: &Diagnostics, graded: Diagnostics) -> Diagnostics {
    let said: Vec<&Location> = read
        .iter()
        .filter(|d| matches!(d.code, Some(EMPTY_ROW | MISSING_ROW)))
        .map(|d| &d.location)
        .collect();
    let forms_listed = read.iter().any(|d| d.code == Some(NO_FORM));
    Diagnostics(
        graded
            .0
            .into_iter()
            .filter(|d| d.code != Some(NOT_REPORTED) || !said.contains(&&d.location))
            .filter(|d| d.code != Some(NO_FORM) || !forms_listed)
            .collect(),
    )
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            details: Vec::new(),
            hints: Vec::new(),
            example: Vec::new(),
            code: None,
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            details: Vec::new(),
            hints: Vec::new(),
            example: Vec::new(),
            code: None,
        }
    }

    /// Marks the kind of problem (see [`Diagnostic::code`]).
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// One more item listed under the message, on its own line.
    pub fn with_detail(mut self, line: impl Into<String>) -> Self {
        self.details.push(line.into());
        self
    }

    /// Lines to copy (an example for a file), shown after the first hint.
    pub fn with_example<S: Into<String>>(mut self, lines: impl IntoIterator<Item = S>) -> Self {
        self.example.extend(lines.into_iter().map(Into::into));
        self
    }

    /// The message with its listed items, one per line (for a cell of a
    /// workbook, where line breaks are safe).
    pub fn full_message(&self) -> String {
        std::iter::once(self.message.as_str())
            .chain(self.details.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The hints and the example, one per line (for a cell of a workbook).
    pub fn full_hints(&self) -> String {
        let mut lines: Vec<&str> = Vec::new();
        for (i, h) in self.hints.iter().enumerate() {
            lines.push(h);
            if i == 0 {
                lines.extend(self.example.iter().map(String::as_str));
            }
        }
        if self.hints.is_empty() {
            lines.extend(self.example.iter().map(String::as_str));
        }
        lines.join("\n")
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "errore",
            Severity::Warning => "avviso",
        };
        let message = escape_controls(&self.message);
        if self.location.is_empty() {
            write!(f, "{label}: {message}")?;
        } else {
            write!(f, "{label}: {}: {message}", self.location)?;
        }
        for line in &self.details {
            write!(f, "\n    {}", escape_controls(line))?;
        }
        let example = |f: &mut fmt::Formatter<'_>| -> fmt::Result {
            if self.example.is_empty() {
                return Ok(());
            }
            writeln!(f)?;
            for line in &self.example {
                write!(f, "\n      {}", escape_controls(line))?;
            }
            writeln!(f)
        };
        for (i, hint) in self.hints.iter().enumerate() {
            write!(f, "\n  suggerimento: {}", escape_controls(hint))?;
            if i == 0 {
                example(f)?;
            }
        }
        if self.hints.is_empty() {
            example(f)?;
        }
        Ok(())
    }
}

/// A list of diagnostics; a stage returns `Err(Diagnostics)` when at least
/// one of them is an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// `other`'s diagnostics not already here: the same template error of
    /// every scheda said once.
    pub fn extend_once(&mut self, other: Diagnostics) {
        for d in other.0 {
            if !self.0.contains(&d) {
                self.0.push(d);
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_location_uses_the_workbook_separator() {
        let d = Diagnostic::error(
            Location::cell(
                "/x/2023 - Area III Finanziaria.xlsx",
                "Rendicontazione",
                "F12",
            ),
            "«31/02/2023» non è una data valida",
        );
        assert_eq!(
            d.to_string(),
            "errore: 2023 - Area III Finanziaria.xlsx › Rendicontazione › F12: «31/02/2023» non è una data valida"
        );
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::error(
            Location::cell("a\nerrore: finto.xlsx", "Foglio\u{1b}[2J", "B2"),
            "«\u{1b}[2Jnessun errore\r» non è un numero",
        )
        .with_hint("scrivere\u{7}");
        let shown = d.to_string();
        assert_eq!(
            shown,
            "errore: a¶errore: finto.xlsx › Foglio\u{FFFD}[2J › B2: \
             «\u{FFFD}[2Jnessun errore¶» non è un numero\n  suggerimento: scrivere\u{FFFD}"
        );
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn a_folder_is_named_by_its_whole_path() {
        let dir = std::path::Path::new("inputs")
            .join("monitoraggio")
            .join("2025");
        let d = Diagnostic::error(Location::folder(&dir), "la cartella non esiste");
        assert_eq!(
            d.to_string(),
            format!("errore: {}: la cartella non esiste", dir.display())
        );
        // A file keeps its name alone.
        let f = Diagnostic::error(Location::file(dir.join("a.xlsx")), "illeggibile");
        assert_eq!(f.to_string(), "errore: a.xlsx: illeggibile");
    }

    #[test]
    fn line_location_and_hints() {
        let d = Diagnostic::warning(Location::line_col("piano.toml", 3, 7), "peso mancante")
            .with_hint("aggiungere `peso = 5`");
        assert_eq!(
            d.to_string(),
            "avviso: piano.toml:3:7: peso mancante\n  suggerimento: aggiungere `peso = 5`"
        );
    }

    #[test]
    fn our_lines_print_as_lines_and_user_line_breaks_show_as_a_mark() {
        let d = Diagnostic::warning(Location::default(), "2 proposte attendono")
            .with_detail("OB01.1 (Area I): «riga\nerrore: finta»")
            .with_detail("OB02.1 (Area II): «ok»")
            .with_hint("per accoglierla, ad esempio:")
            .with_example(["[[conferma]]", "indicatore = \"OB01.1\""])
            .with_hint("oppure usare --bozza");
        assert_eq!(
            d.to_string(),
            "avviso: 2 proposte attendono\n    OB01.1 (Area I): «riga¶errore: finta»\n    \
             OB02.1 (Area II): «ok»\n  suggerimento: per accoglierla, ad esempio:\n\n      \
             [[conferma]]\n      indicatore = \"OB01.1\"\n\n  suggerimento: oppure usare --bozza"
        );
        assert!(!d.to_string().lines().any(|l| l.starts_with("errore")));
        assert_eq!(
            d.full_hints(),
            "per accoglierla, ad esempio:\n[[conferma]]\nindicatore = \"OB01.1\"\noppure usare --bozza"
        );
    }
}
