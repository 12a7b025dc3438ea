//! The limits every workbook a user sends is held to, and the two Italian
//! messages of a file that cannot be read: one place below the guarded
//! opening (`mod.rs`) and the two pre-scanners (`ods_scan.rs`,
//! `xls_scan.rs`), which all apply them.

/// Larger files are refused before parsing (a form is a few hundred kB).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Larger sheets are refused (a plan has at most a few hundred targets).
pub const MAX_ROWS: usize = 20_000;
pub const MAX_COLS: usize = 500;
pub const MAX_CELLS: usize = 1_000_000;
/// calamine allocates the rectangle spanning each sheet's cells: the sum
/// of those rectangles over a workbook is bounded (a form spans a few
/// thousand cells; 2 million cost about 64 MB).
pub const MAX_WORKBOOK_CELLS: u64 = 2_000_000;
/// A form inflates to well under a megabyte.
pub const MAX_INFLATED_BYTES: u64 = 200 * 1024 * 1024;

pub(crate) fn password_message() -> String {
    "il file è protetto da password: salvarlo senza password e riprovare".to_string()
}

/// The library's own text is English and sometimes a debug dump: the user
/// gets the Italian sentence alone.
pub(crate) fn damaged(_: &dyn std::fmt::Display) -> String {
    "il file è danneggiato o non è un foglio di calcolo leggibile: riaprirlo con il programma \
     con cui è stato compilato e salvarlo di nuovo"
        .to_string()
}
