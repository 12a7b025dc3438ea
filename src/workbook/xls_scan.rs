//! A pass over an .xls (BIFF inside an OLE compound file) before calamine
//! reads it: calamine parses every sheet when it opens the file, reserves
//! the cells a sheet's DIMENSIONS record declares and allocates the
//! rectangle spanning its cells, so a 5.6 kB file declaring (65535, 255)
//! costs a gigabyte per sheet. This pass reads the compound file's
//! directory and the Workbook stream's record headers only, and refuses
//! declared or actual extents no form can have.

use super::limits::{MAX_COLS, MAX_ROWS, MAX_WORKBOOK_CELLS};

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;

fn u16_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(
        b.get(i..i + 2)?.try_into().ok()?,
    )))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// The sectors of a chain, bounded so a loop in the table ends.
fn chain(table: &[u32], start: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut s = start;
    while s != END_OF_CHAIN && s != FREE && out.len() <= table.len() {
        out.push(s);
        s = match table.get(s as usize) {
            Some(n) => *n,
            None => break,
        };
    }
    out
}

/// The Workbook stream of a compound file, or `None` if it cannot be
/// found (calamine then reports the damage).
fn workbook_stream(b: &[u8]) -> Option<Vec<u8>> {
    let shift = u16_at(b, 0x1E)?;
    let mini_shift = u16_at(b, 0x20)?;
    if !(7..=16).contains(&shift) || mini_shift >= shift {
        return None;
    }
    let size = 1usize << shift;
    let sector = |n: u32| -> Option<&[u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(size)?;
        b.get(start..start + size)
    };
    // The FAT: sectors listed in the header, then in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(b, 0x4C + 4 * i))
        .filter(|s| *s != FREE)
        .collect();
    let mut difat = u32_at(b, 0x44)?;
    let mut guard = 0;
    while difat != END_OF_CHAIN && difat != FREE && guard < 10_000 {
        let sec = sector(difat)?;
        let n = size / 4 - 1;
        fat_sectors.extend(
            (0..n)
                .filter_map(|i| u32_at(sec, 4 * i))
                .filter(|s| *s != FREE),
        );
        difat = u32_at(sec, 4 * n)?;
        guard += 1;
    }
    let mut fat = Vec::new();
    for s in fat_sectors {
        let sec = sector(s)?;
        fat.extend((0..size / 4).filter_map(|i| u32_at(sec, 4 * i)));
    }
    let read_chain = |start: u32, len: usize| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for s in chain(&fat, start) {
            out.extend_from_slice(sector(s)?);
            if out.len() >= len {
                break;
            }
        }
        out.truncate(len);
        Some(out)
    };
    let dir_chain = chain(&fat, u32_at(b, 0x30)?);
    let mut dir = Vec::new();
    for s in dir_chain {
        dir.extend_from_slice(sector(s)?);
    }
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let name_of = |e: &[u8]| -> String {
        let len = (u16_at(e, 0x40).unwrap_or(0) as usize).min(64);
        let units: Vec<u16> = e[..len.saturating_sub(2)]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let root = entries.first()?;
    let book = entries
        .iter()
        .find(|e| matches!(name_of(e).as_str(), "Workbook" | "Book"))?;
    let start = u32_at(book, 0x74)?;
    let len = u32_at(book, 0x78)? as usize;
    if len > super::limits::MAX_FILE_BYTES as usize {
        return None;
    }
    let cutoff = u32_at(b, 0x38)? as usize;
    if len >= cutoff {
        return read_chain(start, len);
    }
    // A small stream lives in the mini stream, itself a chain of the root.
    let mini = read_chain(u32_at(root, 0x74)?, u32_at(root, 0x78)? as usize)?;
    let mut minifat = Vec::new();
    for s in chain(&fat, u32_at(b, 0x3C)?) {
        let sec = sector(s)?;
        minifat.extend((0..size / 4).filter_map(|i| u32_at(sec, 4 * i)));
    }
    let mini_size = 1usize << mini_shift;
    let mut out = Vec::new();
    for s in chain(&minifat, start) {
        let from = (s as usize).checked_mul(mini_size)?;
        out.extend_from_slice(mini.get(from..from + mini_size)?);
        if out.len() >= len {
            break;
        }
    }
    out.truncate(len);
    Some(out)
}

/// Refuses an .xls whose sheets declare or hold cells beyond a form;
/// `Err` is the Italian reason. Files whose structure cannot be followed
/// pass: calamine reports their damage.
pub fn scan(bytes: &[u8]) -> Result<(), String> {
    let Some(stream) = workbook_stream(bytes) else {
        return Ok(());
    };
    let too_big = |what: &str| {
        format!(
            "il file contiene un foglio {what}, fuori dall'area di un modulo: il file non viene letto"
        )
    };
    let mut total: u64 = 0;
    // (min row, min col, max row, max col) of the current sheet's cells.
    let mut extent: Option<(u32, u32, u32, u32)> = None;
    let mut pos = 0;
    while let (Some(kind), Some(len)) = (u16_at(&stream, pos), u16_at(&stream, pos + 2)) {
        let data = stream.get(pos + 4..pos + 4 + len as usize).unwrap_or(&[]);
        pos += 4 + len as usize;
        let cell = match kind {
            // DIMENSIONS: what calamine reserves.
            0x0200 => {
                let (r0, r1, c0, c1) = match data.len() {
                    10 => (
                        u16_at(data, 0),
                        u16_at(data, 2),
                        u16_at(data, 4),
                        u16_at(data, 6),
                    ),
                    14 | 16 => (
                        u32_at(data, 0),
                        u32_at(data, 4),
                        u16_at(data, 8),
                        u16_at(data, 10),
                    ),
                    _ => continue,
                };
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) = (r0, r1, c0, c1) {
                    let area = u64::from(r1.saturating_sub(r0)) * u64::from(c1.saturating_sub(c0));
                    if r1 as usize > MAX_ROWS || c1 as usize > MAX_COLS || area > MAX_WORKBOOK_CELLS
                    {
                        return Err(too_big(&format!("dichiarato di {r1} righe e {c1} colonne")));
                    }
                }
                continue;
            }
            // NUMBER, LABEL, LABELSST, RK, BOOLERR, FORMULA, RSTRING.
            0x0203 | 0x0204 | 0x00FD | 0x027E | 0x0205 | 0x0006 | 0x00D6 => {
                (u16_at(data, 0), u16_at(data, 2), u16_at(data, 2))
            }
            // MULRK: a row of cells, the last column at the end.
            0x00BD => (
                u16_at(data, 0),
                u16_at(data, 2),
                data.len().checked_sub(2).and_then(|i| u16_at(data, i)),
            ),
            // EOF of a substream: the sheet's rectangle counts.
            0x000A => {
                if let Some((r0, c0, r1, c1)) = extent.take() {
                    total += u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
                    if total > MAX_WORKBOOK_CELLS {
                        return Err(too_big(&format!("con dati fino alla riga {}", r1 + 1)));
                    }
                }
                continue;
            }
            _ => continue,
        };
        if let (Some(r), Some(c0), Some(c1)) = cell {
            if r as usize >= MAX_ROWS || c1 as usize >= MAX_COLS {
                return Err(too_big(&format!(
                    "con dati alla riga {}, colonna {}",
                    r + 1,
                    c1 + 1
                )));
            }
            let e = extent.get_or_insert((r, c0, r, c1));
            *e = (e.0.min(r), e.1.min(c0), e.2.max(r), e.3.max(c1));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/forms/2023 - Area III Finanziaria.xls");
        std::fs::read(path).expect("fixture")
    }

    fn find(b: &[u8], pattern: &[u8]) -> usize {
        b.windows(pattern.len())
            .position(|w| w == pattern)
            .expect("record")
    }

    #[test]
    fn a_real_form_passes() {
        let b = fixture();
        assert!(workbook_stream(&b).is_some_and(|s| s.len() > 1000));
        assert_eq!(scan(&b), Ok(()));
    }

    #[test]
    fn declared_extents_are_refused() {
        let mut b = fixture();
        // DIMENSIONS (BIFF8): first row, last row + 1, first col, last col + 1.
        let at = find(&b, &[0x00, 0x02, 0x0E, 0x00]) + 4;
        b[at + 4..at + 8].copy_from_slice(&65_536u32.to_le_bytes());
        b[at + 10..at + 12].copy_from_slice(&256u16.to_le_bytes());
        let err = scan(&b).unwrap_err();
        assert!(
            err.contains("dichiarato di 65536 righe e 256 colonne"),
            "{err}"
        );
    }

    #[test]
    fn a_far_cell_is_refused() {
        let mut b = fixture();
        // LABELSST: row, column, format, string index.
        let at = find(&b, &[0xFD, 0x00, 0x0A, 0x00]) + 4;
        b[at..at + 2].copy_from_slice(&65_535u16.to_le_bytes());
        b[at + 2..at + 4].copy_from_slice(&255u16.to_le_bytes());
        let err = scan(&b).unwrap_err();
        assert!(err.contains("riga 65536, colonna 256"), "{err}");
    }

    #[test]
    fn garbage_never_panics() {
        let b = fixture();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..300 {
            let mut m = b.clone();
            for _ in 0..20 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let i = (state % m.len() as u64) as usize;
                m[i] = (state >> 32) as u8;
            }
            let _ = scan(&m);
        }
        let _ = scan(&b[..600]);
        let _ = scan(&[]);
    }
}
