//! The PDF files as files: identical bytes for identical inputs, PDF/A-2a
//! and PDF/UA-1 metadata, the ente's logo embedded or reported missing;
//! and an ignored test that writes the fixture's documents out to look at.

use super::*;

#[test]
fn same_inputs_give_identical_bytes_and_pdfa_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let a = Fixture::new().render(&settings(dir.path())).unwrap();
    let b = Fixture::new().render(&settings(dir.path())).unwrap();
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between two runs", pa.display());
    }
    let raw = String::from_utf8_lossy(&a[0].1);
    // PDF/A-2a and PDF/UA-1 identification in the XMP metadata.
    assert!(
        raw.contains("<pdfaid:part>2</pdfaid:part>"),
        "no PDF/A part"
    );
    assert!(
        raw.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "not level A"
    );
    assert!(
        raw.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "no PDF/UA part"
    );
    assert!(raw.contains("Relazione sulla performance 2023"), "no title");
    assert!(raw.contains("Comune di Alzano Lombardo"), "no author");
    assert!(raw.contains("2024-04-30"), "no document date");
    assert!(raw.contains("/Lang"), "no language");
}

#[test]
fn missing_logo_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("relazione.toml"), "logo = \"stemma.png\"\n").unwrap();
    let msg = Fixture::new()
        .render(&settings(dir.path()))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("stemma.png"), "{msg}");
    assert!(msg.contains("logo"), "{msg}");
}

#[test]
fn a_broken_logo_is_reported_at_its_file_in_italian() {
    for (name, bytes) in [
        ("stemma.png", &b"non un PNG"[..]),
        ("stemma.svg", &b"<svg"[..]),
        ("stemma.jpg", &b"\xFF\xD8\xFF rotto"[..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        std::fs::write(
            dir.path().join("relazione.toml"),
            format!("logo = \"{name}\"\n"),
        )
        .unwrap();
        let err = Fixture::new().render(&settings(dir.path())).unwrap_err();
        assert_eq!(err.len(), 1, "{err}");
        let d = &err.0[0];
        assert_eq!(
            d.location.file.as_deref(),
            Some(dir.path().join(name).as_path())
        );
        assert!(d.message.contains("non si può leggere"), "{d}");
        // typst's English words stay out, and no template is blamed.
        let shown = d.to_string();
        assert!(
            !shown.contains("decode") && !shown.contains("parse"),
            "{shown}"
        );
        assert!(!shown.contains("modello"), "{shown}");
    }
}

/// Writes the fixture's documents to `$CONSUNTIVO_DUMP` to look at them
/// (`pdftoppm -png`); ignored in normal runs.
#[test]
#[ignore]
fn dump_for_inspection() {
    let Ok(out) = std::env::var("CONSUNTIVO_DUMP") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let fixture = match std::env::var("CONSUNTIVO_DUMP_LARGE") {
        Ok(n) => Fixture::large(n.parse().unwrap_or(8)),
        Err(_) => Fixture::new(),
    };
    for (p, bytes) in fixture.render(&settings(dir.path())).unwrap() {
        let path = Path::new(&out).join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn logo_from_inputs_is_embedded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stemma.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="48"><path d="M2 2h36v26c0 10-8 16-18 18C10 44 2 38 2 28z" fill="#1f3a5f"/></svg>"##,
    )
    .unwrap();
    std::fs::write(dir.path().join("relazione.toml"), "logo = \"stemma.svg\"\n").unwrap();
    let with_logo = Fixture::new().render(&settings(dir.path())).unwrap();
    let raw = String::from_utf8_lossy(&with_logo[0].1);
    assert!(
        raw.contains("Stemma del Comune di Alzano Lombardo"),
        "no alt text for the logo"
    );
    let plain = tempfile::tempdir().unwrap();
    let without = Fixture::new().render(&settings(plain.path())).unwrap();
    assert_ne!(with_logo[0].1, without[0].1);
}
