//! Edits of a workbook's XML, for tests that break a form at one cell.

use std::io::{Read, Write};

/// Rewrites one member of a zip package.
pub fn edit_zip(bytes: &[u8], member: &str, f: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut edit = Some(f);
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == member {
            let text = String::from_utf8(data).unwrap();
            let edited = (edit.take().unwrap())(text.clone());
            assert_ne!(edited, text, "the edit of {member} changed nothing");
            data = edited.into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(edit.is_none(), "{member} not found");
    out.finish().unwrap().into_inner()
}
