//! A reader of the open-data CSV files, for tests: `;`-separated,
//! RFC 4180 quoting, UTF-8 with a BOM, CRLF after every record. Shared by
//! the unit tests of `src/opendata` (through `#[path]`) and the end-to-end
//! tests.

/// The records, header first; panics when the file breaks the format.
pub fn parse(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 BOM first");
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ';') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.peek(), Some(&'\n'), "CR only before LF"),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "last record ends with CRLF"
    );
    let width = rows.first().map(Vec::len).unwrap_or(0);
    assert!(
        rows.iter().all(|r| r.len() == width),
        "same field count on every record"
    );
    rows
}
