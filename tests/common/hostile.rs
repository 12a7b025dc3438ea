//! Hostile text shared by the tests that feed people's words to the
//! commands and to the sportello's pages: markup that would run as script
//! if a page echoed it unescaped (one for each place a text can land in a
//! page), and a file name that would drive a terminal.

/// Script in element content, out of a double-quoted attribute, out of a
/// single-quoted one, out of a text area, and as a link.
pub const MARKUP: [&str; 5] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'><svg onload=alert(3)>",
    "</textarea><script>alert(4)</script>",
    "<a href=\"javascript:alert(5)\">x</a>",
];

/// A file name (without extension) with a line break and the escape
/// sequence that clears a terminal.
pub const TERMINAL_FILE_NAME: &str = "finto\nerrore: \u{1b}[2J";

/// `s` as a TOML basic string's content.
pub fn toml_escaped(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// `s` as XML text content.
pub fn xml_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Which of [`MARKUP`] a page carries as markup (unescaped).
pub fn unescaped_in(page: &str) -> Vec<&'static str> {
    MARKUP.into_iter().filter(|m| page.contains(m)).collect()
}
