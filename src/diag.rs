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
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            file: Some(path.into()),
            ..Default::default()
        }
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
        write!(f, "{}", parts.join(" › "))
    }
}

/// One problem, in Italian, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
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
        if self.location.is_empty() {
            write!(f, "{label}: {}", self.message)?;
        } else {
            write!(f, "{label}: {}: {}", self.location, self.message)?;
        }
        for hint in &self.hints {
            write!(f, "\n  suggerimento: {hint}")?;
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
    fn line_location_and_hints() {
        let d = Diagnostic::warning(Location::line_col("piano.toml", 3, 7), "peso mancante")
            .with_hint("aggiungere `peso = 5`");
        assert_eq!(
            d.to_string(),
            "avviso: piano.toml:3:7: peso mancante\n  suggerimento: aggiungere `peso = 5`"
        );
    }
}
