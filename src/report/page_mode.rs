//! Opens a PDF with its bookmarks panel shown (`/PageMode /UseOutlines` in
//! the catalog): typst-pdf 0.15 (krilla 0.8) has no option for it, so the
//! catalog of the exported file gets the entry and the cross-reference
//! table is shifted by the bytes inserted. Nothing else changes: the
//! document keeps its PDF/A and PDF/UA identification, and a document
//! without bookmarks is left as it is.

/// `pdf` with `/PageMode /UseOutlines` in its catalog when the catalog has
/// `/Outlines`; unchanged when it has none, already says how to open, or
/// is not laid out as typst writes it (classic xref table, plain catalog).
pub fn use_outlines(pdf: Vec<u8>) -> Vec<u8> {
    insert_page_mode(&pdf).unwrap_or(pdf)
}

const ENTRY: &[u8] = b"/PageMode/UseOutlines";

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn number_at(buf: &[u8], at: usize) -> Option<(usize, usize)> {
    let digits = buf
        .get(at..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let n = std::str::from_utf8(buf.get(at..at + digits)?)
        .ok()?
        .parse()
        .ok()?;
    Some((n, at + digits))
}

fn skip_ws(buf: &[u8], mut at: usize) -> usize {
    while buf.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
        at += 1;
    }
    at
}

/// One entry of the xref table: where its ten-digit offset is written.
struct XrefEntry {
    field: usize,
    offset: usize,
    in_use: bool,
    object: usize,
}

fn xref_entries(pdf: &[u8], xref: usize) -> Option<Vec<XrefEntry>> {
    if pdf.get(xref..xref + 4)? != b"xref" {
        return None;
    }
    let mut at = skip_ws(pdf, xref + 4);
    let mut out = Vec::new();
    while pdf.get(at).is_some_and(u8::is_ascii_digit) {
        let (first, next) = number_at(pdf, at)?;
        let (count, next) = number_at(pdf, skip_ws(pdf, next))?;
        at = skip_ws(pdf, next);
        for i in 0..count {
            let line = pdf.get(at..at + 18)?;
            let offset = std::str::from_utf8(line.get(..10)?).ok()?.parse().ok()?;
            out.push(XrefEntry {
                field: at,
                offset,
                in_use: line[17] == b'n',
                object: first + i,
            });
            at += 20;
        }
        at = skip_ws(pdf, at);
    }
    Some(out)
}

fn insert_page_mode(pdf: &[u8]) -> Option<Vec<u8>> {
    let sx = rfind(pdf, b"startxref")?;
    let (xref, _) = number_at(pdf, skip_ws(pdf, sx + 9))?;
    let entries = xref_entries(pdf, xref)?;
    let trailer = find(pdf, b"trailer", xref)?;
    let root_key = find(pdf, b"/Root", trailer)?;
    let (root, _) = number_at(pdf, skip_ws(pdf, root_key + 5))?;
    let obj = entries
        .iter()
        .find(|e| e.object == root && e.in_use)?
        .offset;
    let end = find(pdf, b"endobj", obj)?;
    let catalog = pdf.get(obj..end)?;
    let is_catalog = find(catalog, b"/Type/Catalog", 0).is_some()
        || find(catalog, b"/Type /Catalog", 0).is_some();
    if !is_catalog || find(catalog, b"/PageMode", 0).is_some() {
        return None;
    }
    // Bookmarks to show: an outline with a first item. typst writes an
    // empty `/Outlines` for a document without headings (a letter), which
    // must not open on an empty panel.
    let outlines_key = find(catalog, b"/Outlines", 0)?;
    let (outlines, _) = number_at(catalog, skip_ws(catalog, outlines_key + 9))?;
    let outlines_at = entries
        .iter()
        .find(|e| e.object == outlines && e.in_use)?
        .offset;
    let outlines_end = find(pdf, b"endobj", outlines_at)?;
    find(pdf.get(outlines_at..outlines_end)?, b"/First", 0)?;
    let at = obj + find(catalog, b"<<", 0)? + 2;
    if at >= xref {
        return None;
    }
    let delta = ENTRY.len();
    let mut out = Vec::with_capacity(pdf.len() + delta);
    out.extend_from_slice(&pdf[..at]);
    out.extend_from_slice(ENTRY);
    out.extend_from_slice(&pdf[at..sx]);
    for e in entries.iter().filter(|e| e.in_use && e.offset >= at) {
        let field = e.field + delta;
        let text = format!("{:010}", e.offset + delta);
        out.get_mut(field..field + 10)?
            .copy_from_slice(text.as_bytes());
    }
    out.extend_from_slice(format!("startxref\n{}\n%%EOF", xref + delta).as_bytes());
    // Anything after %%EOF (there is nothing in typst's output) is kept.
    let eof = find(pdf, b"%%EOF", sx)? + 5;
    out.extend_from_slice(&pdf[eof..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal PDF laid out as pdf-writer writes it.
    fn sample(with_outlines: bool) -> Vec<u8> {
        sample_with(with_outlines, true)
    }

    /// `items`: whether the outline has bookmarks (a first item).
    fn sample_with(with_outlines: bool, items: bool) -> Vec<u8> {
        let mut buf = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        let objects: Vec<String> = vec![
            "<</Type/Pages/Kids[]/Count 0>>".into(),
            format!(
                "<</Type/Outlines{}/Count 0>>",
                if items { "/First 1 0 R/Last 1 0 R" } else { "" }
            ),
            format!(
                "<</Type/Catalog/Pages 1 0 R{}>>",
                if with_outlines { "/Outlines 2 0 R" } else { "" }
            ),
        ];
        for (i, o) in objects.iter().enumerate() {
            offsets.push(buf.len());
            buf.extend(format!("{} 0 obj\n{o}\nendobj\n\n", i + 1).as_bytes());
        }
        let xref = buf.len();
        buf.extend(b"xref\n0 4\n0000000000 65535 f\r\n");
        for o in &offsets {
            buf.extend(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        buf.extend(format!("trailer\n<</Size 4/Root 3 0 R>>\nstartxref\n{xref}\n%%EOF").as_bytes());
        buf
    }

    /// Every xref entry of `pdf` points at its "N 0 obj".
    fn offsets_hold(pdf: &[u8]) -> bool {
        let sx = rfind(pdf, b"startxref").unwrap();
        let (xref, _) = number_at(pdf, skip_ws(pdf, sx + 9)).unwrap();
        let entries = xref_entries(pdf, xref).unwrap();
        entries
            .iter()
            .filter(|e| e.in_use)
            .all(|e| pdf[e.offset..].starts_with(format!("{} 0 obj", e.object).as_bytes()))
    }

    #[test]
    fn catalog_gets_page_mode_and_offsets_follow() {
        let pdf = sample(true);
        assert!(offsets_hold(&pdf));
        let out = use_outlines(pdf.clone());
        assert_eq!(out.len(), pdf.len() + ENTRY.len());
        assert!(find(&out, b"<</PageMode/UseOutlines/Type/Catalog", 0).is_some());
        assert!(offsets_hold(&out));
        // Once is enough: a second pass changes nothing.
        assert_eq!(use_outlines(out.clone()), out);
    }

    #[test]
    fn without_bookmarks_or_unknown_layout_nothing_changes() {
        let pdf = sample(false);
        assert_eq!(use_outlines(pdf.clone()), pdf);
        // An empty outline (a letter has no headings): no empty panel.
        let empty = sample_with(true, false);
        assert_eq!(use_outlines(empty.clone()), empty);
        let garbage = b"not a pdf".to_vec();
        assert_eq!(use_outlines(garbage.clone()), garbage);
    }
}
