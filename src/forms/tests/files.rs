//! Whole files that are not readable forms: no recognition sheet, not a
//! spreadsheet, truncated, password-protected, damaged byte by byte, zip
//! bombs and cells far outside a form's area. Each is an error naming the
//! file, never a panic.

use super::libreoffice::fixture;
use super::*;

#[test]
fn strict_workbook_without_recognition_sheet() {
    let p = plan();
    let tmp = dir();
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "Codice")
        .expect("cell");
    let path = tmp.path().join("copia.xlsx");
    std::fs::write(&path, wb.save_to_buffer().expect("save")).expect("write");
    let err = read_err(&p, &path);
    assert_eq!(
        err.0[0].message,
        "il file non è un modulo di rendicontazione generato da consuntivo (manca il foglio nascosto «_consuntivo»)"
    );
}

#[test]
fn strict_unreadable_corrupt_and_password_protected_files() {
    let p = plan();
    let tmp = dir();
    let garbage = tmp.path().join("appunti.xlsx");
    std::fs::write(&garbage, b"non sono un foglio di calcolo").expect("write");
    let err = read_err(&p, &garbage);
    assert_eq!(
        err.0[0].to_string(),
        "errore: appunti.xlsx: il file non è un foglio di calcolo leggibile (né .xlsx, né .xls, né .ods): riaprirlo con il programma con cui è stato compilato e salvarlo come cartella di lavoro Excel (.xlsx)"
    );

    let (_, mut bytes) = super::generate(&p, &a("III")).expect("generated");
    bytes.truncate(bytes.len() / 2);
    let corrupt = tmp.path().join("rotto.xlsx");
    std::fs::write(&corrupt, &bytes).expect("write");
    let err = read_err(&p, &corrupt);
    assert!(
        err.0[0]
            .message
            .starts_with("il file è danneggiato o non è un foglio di calcolo leggibile"),
        "{err}"
    );

    // An encrypted OOXML file is an OLE container with an EncryptionInfo stream.
    let mut enc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    enc.resize(1024, 0);
    enc.extend(
        "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    enc.resize(4096, 0);
    let locked = tmp.path().join("protetto.xlsx");
    std::fs::write(&locked, &enc).expect("write");
    let err = read_err(&p, &locked);
    assert_eq!(
        err.0[0].to_string(),
        "errore: protetto.xlsx: il file è protetto da password: salvarlo senza password e riprovare"
    );

    // In a directory, each bad file is reported and the run stops.
    let err = super::read_dir(&p, tmp.path(), &Vocabulary::default()).expect_err("errors");
    assert_eq!(err.errors().count(), 3, "{err}");
}

/// A damaged file is an error naming it, never a panic: every byte of a
/// real form's first kilobytes and a spread of later ones, flipped.
#[test]
fn damaged_files_never_panic() {
    let p = plan();
    let (_, bytes) =
        super::generate_prefilled(&p, &a("III"), &area_iii_entries()).expect("prefilled");
    let ods = std::fs::read(fixture("2023 - Area III Finanziaria.ods")).expect("fixture");
    let xls = std::fs::read(fixture("2023 - Area III Finanziaria.xls")).expect("fixture");
    let mut seen_err = 0;
    for (name, original) in [("f.xlsx", &bytes), ("f.ods", &ods), ("f.xls", &xls)] {
        let step = (original.len() / 150).max(1);
        for i in (0..original.len()).step_by(step) {
            let mut damaged = original.clone();
            damaged[i] ^= 0x5A;
            if super::read::read_bytes(&p, Path::new(name), damaged, &Vocabulary::default())
                .is_err()
            {
                seen_err += 1;
            }
            let mut cut = original.clone();
            cut.truncate(i);
            // Some truncations still read (xls padding): only no panic counts.
            let _ = super::read::read_bytes(&p, Path::new(name), cut, &Vocabulary::default());
        }
    }
    assert!(seen_err > 0);
}

#[test]
fn strict_zip_bomb_and_far_away_cells_are_refused_before_reading() {
    let p = plan();
    let tmp = dir();
    let (_, mut bytes) = super::generate(&p, &a("III")).expect("generated");
    // Claim a 4 GB member in the central directory.
    let entry = bytes
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .expect("central directory");
    bytes[entry + 24..entry + 28].copy_from_slice(&[0xFE, 0xFF, 0xFF, 0xFF]);
    let bomb = tmp.path().join("bomba.xlsx");
    std::fs::write(&bomb, &bytes).expect("write");
    let err = read_err(&p, &bomb);
    assert_eq!(
        err.0[0].to_string(),
        "errore: bomba.xlsx: il file, una volta decompresso, supera 200 MB: non sembra un modulo"
    );

    let path = tmp.path().join("lontano.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Rendicontazione").expect("name");
    ws.write_string(0, 0, "Codice").expect("cell");
    ws.write_string(1_048_575, 16_383, "x").expect("cell");
    let meta = wb.add_worksheet();
    meta_of_area_iii(meta, &p);
    std::fs::write(&path, wb.save_to_buffer().expect("save")).expect("write");
    let err = read_err(&p, &path);
    assert_eq!(
        err.0[0].message,
        "il foglio «Rendicontazione» contiene dati fuori dall'area di un modulo (cella XFD1048576): \
         il file non viene letto"
    );
}
