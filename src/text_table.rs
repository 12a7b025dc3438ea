//! Plain-text tables for the terminal: columns padded to their widest cell
//! (counted in characters, so accented letters align), a dashed rule under
//! the header, trailing spaces trimmed.

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// The table, one line per row, each ending in a newline. Rows shorter
/// than the header leave their last cells empty. A control character in a
/// cell (a line feed in a file name) is written as `\u{A}`: one row is one
/// line, and no cell fakes a line of its own («errore: …») or drives the
/// terminal.
pub fn render<S: AsRef<str>>(header: &[S], rows: &[Vec<String>]) -> String {
    let safe = |c: &str| crate::diag::escape_controls(c).into_owned();
    let header: Vec<String> = header.iter().map(|h| safe(h.as_ref())).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| safe(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate().take(widths.len()) {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let parts: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| pad(cells.get(i).copied().unwrap_or(""), *w))
            .collect();
        format!("{}\n", parts.join("  ").trim_end())
    };
    let mut out = line(header.iter().map(String::as_str).collect());
    let rules: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(rules.iter().map(String::as_str).collect()));
    for r in &rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_line_feed_in_a_cell_stays_on_its_row() {
        let t = super::render(
            &["Modulo"],
            &[vec!["Area I.xlsx\nerrore: falso\u{1b}[2J".into()]],
        );
        assert_eq!(t.lines().count(), 3, "{t}");
        assert!(!t.contains("\nerrore") && !t.contains('\u{1b}'), "{t}");
        assert!(
            t.contains("Area I.xlsx¶errore: falso\u{FFFD}[2J") && !t.contains("\\u{"),
            "{t}"
        );
    }

    #[test]
    fn columns_align_on_characters_not_bytes() {
        let t = super::render(
            &["Area", "Grado"],
            &[
                vec!["Più".into(), "80%".into()],
                vec!["Legalità lunga".into(), "100%".into()],
            ],
        );
        assert_eq!(
            t,
            "Area            Grado\n--------------  -----\nPiù             80%\nLegalità lunga  100%\n"
        );
    }
}
