//! Plain-text tables for the terminal: columns padded to their widest cell
//! (counted in characters, so accented letters align), a dashed rule under
//! the header, trailing spaces trimmed.

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// The table, one line per row, each ending in a newline. Rows shorter
/// than the header leave their last cells empty.
pub fn render<S: AsRef<str>>(header: &[S], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.as_ref().chars().count()).collect();
    for r in rows {
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
    let mut out = line(header.iter().map(AsRef::as_ref).collect());
    let rules: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(rules.iter().map(String::as_str).collect()));
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
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
