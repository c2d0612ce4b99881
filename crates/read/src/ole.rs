//! A guard in front of calamine for OLE compound files (.xls).
//!
//! A compound file stores streams as chains of sectors linked through its
//! file allocation table (FAT). A damaged or hostile file can link a chain
//! back into itself, or to a sector past its own end. calamine 0.38 follows
//! the first until it asks for 4 GB, and panics on the second (both found by
//! fuzzing). This walks, within the file's size, exactly the chains calamine
//! will walk to read a workbook, and refuses the file if one loops or leaves
//! the file. Damage elsewhere (an unused stream) is left alone, as other
//! readers leave it.

use sheetplot_model::ReadError;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector ids from here up are markers (DIFAT, FAT, end of chain, free).
const FIRST_MARKER: u32 = 0xFFFF_FFFC;
const HEADER_DIFAT_ENTRIES: usize = 109;
const DIRECTORY_ENTRY: usize = 128;
const MINI_SECTOR: usize = 64;
const MINI_STREAM_CUTOFF: usize = 4096;
/// The streams that hold a workbook (BIFF8, and BIFF5 and older).
const WORKBOOK_STREAMS: [&str; 2] = ["workbook", "book"];

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn words(data: &[u8]) -> impl Iterator<Item = u32> + '_ {
    data.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The sectors of one compound file, addressed by id.
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
    count: usize,
}

impl<'a> Sectors<'a> {
    fn get(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.size)?;
        self.bytes
            .get(start..(start + self.size).min(self.bytes.len()))
            .filter(|s| !s.is_empty())
    }

    /// The ids of the chain from `start` through `next`, at most `limit`
    /// long; `Err` if a link leaves the `count` sectors or the chain loops.
    fn chain(
        next: &[u32],
        start: u32,
        limit: usize,
        count: usize,
        what: &str,
    ) -> Result<Vec<u32>, String> {
        let mut ids = Vec::new();
        let mut at = start;
        while at < FIRST_MARKER && ids.len() < limit {
            if at as usize >= count {
                return Err(format!(
                    "{what} leads to sector {at}, past the end of its data"
                ));
            }
            if ids.len() > next.len() {
                return Err(format!("{what} loops back on itself"));
            }
            ids.push(at);
            at = next.get(at as usize).copied().unwrap_or(END_OF_CHAIN);
        }
        Ok(ids)
    }
}

/// A refusal when a chain calamine will follow to read the workbook in
/// `bytes` loops or leads out of the file ([`ReadError::Corrupt`]), or when
/// its sheets declare more than `max_cells` cells ([`ReadError::Bomb`]).
/// Files too malformed to tell are left to calamine to refuse.
pub fn check_sector_chains(bytes: &[u8], max_cells: usize) -> Result<(), ReadError> {
    let Some(shift) = u16_at(bytes, 0x1E).filter(|s| matches!(s, 9 | 12)) else {
        return Ok(());
    };
    let size = 1usize << shift;
    let sectors = Sectors {
        bytes,
        size,
        count: bytes.len().div_ceil(size).saturating_sub(1),
    };
    let inside = |id: u32| id >= FIRST_MARKER || (id as usize) < sectors.count;

    // The FAT's own sectors: 109 listed in the header, the rest in a chain
    // of DIFAT sectors. calamine reads every one listed.
    let mut fat_ids: Vec<u32> = (0..HEADER_DIFAT_ENTRIES)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .collect();
    let mut difat = u32_at(bytes, 0x44).unwrap_or(END_OF_CHAIN);
    let mut difat_sectors = 0;
    while difat < FIRST_MARKER {
        difat_sectors += 1;
        let data = match sectors.get(difat) {
            Some(data) if difat_sectors <= sectors.count => data,
            _ => {
                return Err(ReadError::Corrupt(format!(
                    "its table of sectors continues at sector {difat}, past the end of the file"
                )))
            }
        };
        let mut listed: Vec<u32> = words(data).collect();
        difat = listed.pop().unwrap_or(END_OF_CHAIN);
        fat_ids.extend(listed);
    }
    if let Some(id) = fat_ids.iter().copied().find(|&id| !inside(id)) {
        return Err(ReadError::Corrupt(format!(
            "its table of sectors lists sector {id}, past the end of the file"
        )));
    }
    // Each sector holds one part of the table: one listed twice would make
    // the table grow past the file (up to ~127 times its size).
    let mut listed = vec![false; sectors.count];
    for id in fat_ids.iter().copied().filter(|&id| id < FIRST_MARKER) {
        if std::mem::replace(&mut listed[id as usize], true) {
            return Err(ReadError::Corrupt(format!(
                "its table of sectors lists sector {id} twice"
            )));
        }
    }
    let fat: Vec<u32> = fat_ids
        .iter()
        .filter_map(|&id| sectors.get(id))
        .flat_map(words)
        .collect();
    let read = |ids: &[u32]| {
        ids.iter()
            .filter_map(|&id| sectors.get(id))
            .flatten()
            .copied()
            .collect::<Vec<u8>>()
    };

    // The directory is read to its end: the chain calamine could loop on forever.
    let directory_ids = Sectors::chain(
        &fat,
        u32_at(bytes, 0x30).unwrap_or(END_OF_CHAIN),
        usize::MAX,
        sectors.count,
        "its directory",
    )
    .map_err(ReadError::Corrupt)?;
    let directory = read(&directory_ids);
    let entries: Vec<&[u8]> = directory.chunks_exact(DIRECTORY_ENTRY).collect();
    let Some(root) = entries.first() else {
        return Ok(());
    };
    let stream_len = |entry: &[u8]| u32_at(entry, 0x78).unwrap_or(0) as usize;
    let stream_start = |entry: &[u8]| u32_at(entry, 0x74).unwrap_or(END_OF_CHAIN);

    // Small streams live in the mini stream, chained through the mini FAT.
    let mini_fat_sectors = u32_at(bytes, 0x40).unwrap_or(0) as usize;
    let mini_stream_len = stream_len(root);
    let mut mini_fat = Vec::new();
    let mut mini_stream = Vec::new();
    if mini_fat_sectors > 0 {
        let ids = Sectors::chain(
            &fat,
            stream_start(root),
            mini_stream_len.div_ceil(size),
            sectors.count,
            "its small-stream area",
        )
        .map_err(ReadError::Corrupt)?;
        mini_stream = read(&ids);
        let ids = Sectors::chain(
            &fat,
            u32_at(bytes, 0x3C).unwrap_or(END_OF_CHAIN),
            mini_fat_sectors,
            sectors.count,
            "its small-sector table",
        )
        .map_err(ReadError::Corrupt)?;
        mini_fat = words(&read(&ids)).collect();
    }

    for entry in &entries[1..] {
        let name_len = (u16_at(entry, 0x40).unwrap_or(0) as usize).min(64);
        let name = String::from_utf16_lossy(
            &entry[..name_len]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        );
        let name = name.trim_end_matches('\0').to_lowercase();
        if entry.get(0x42) != Some(&2) || !WORKBOOK_STREAMS.contains(&name.as_str()) {
            continue;
        }
        let len = stream_len(entry);
        if len < MINI_STREAM_CUTOFF {
            let mini_count = mini_stream_len.div_ceil(MINI_SECTOR);
            let ids = Sectors::chain(
                &mini_fat,
                stream_start(entry),
                len.div_ceil(MINI_SECTOR),
                mini_count,
                "the workbook stream",
            )
            .map_err(ReadError::Corrupt)?;
            let mut stream: Vec<u8> = ids
                .iter()
                .filter_map(|&id| {
                    mini_stream.get(id as usize * MINI_SECTOR..(id as usize + 1) * MINI_SECTOR)
                })
                .flatten()
                .copied()
                .collect();
            stream.truncate(len);
            biff_cells_fit(&stream, max_cells).map_err(ReadError::Bomb)?;
        } else {
            let ids = Sectors::chain(
                &fat,
                stream_start(entry),
                len.div_ceil(size),
                sectors.count,
                "the workbook stream",
            )
            .map_err(ReadError::Corrupt)?;
            let mut stream = read(&ids);
            stream.truncate(len);
            biff_cells_fit(&stream, max_cells).map_err(ReadError::Bomb)?;
        }
    }
    Ok(())
}

/// calamine reads every sheet of an .xls at once, reserving room for the
/// cells a sheet's DIMENSIONS record declares and then a grid as large as
/// its farthest cell. A hostile file declares billions; this walks the
/// workbook stream's records as calamine will (the globals up to their EOF,
/// then each sheet from the offset its BOUNDSHEET record gives) and refuses
/// a file whose sheets would need more than `max_cells` cells in all.
fn biff_cells_fit(stream: &[u8], max_cells: usize) -> Result<(), String> {
    let (mut sheets, mut encrypted) = (Vec::new(), false);
    walk_records(stream, 0, |kind, data| match kind {
        0x0085 => sheets.extend(u32_at(data, 0).map(|pos| pos as usize)),
        // FILEPASS: the sheets' records are encrypted, and calamine refuses
        // the workbook as password-protected before reading them.
        0x002F => encrypted |= u16_at(data, 0).is_some_and(|v| v != 0),
        _ => {}
    });
    if encrypted {
        return Ok(());
    }
    let mut total = 0usize;
    for start in sheets {
        let (mut rows, mut cols, mut reserved) = (0usize, 0usize, 0usize);
        walk_records(stream, start, |kind, data| {
            let u16_in = |i: usize| u16_at(data, i).map_or(0, usize::from);
            match kind {
                // DIMENSIONS: BIFF8 has 32-bit rows, BIFF5 16-bit.
                0x0200 => {
                    let (first_row, last_row, first_col, last_col) = if data.len() >= 14 {
                        let u32_in = |i: usize| u32_at(data, i).map_or(0, |v| v as usize);
                        (u32_in(0), u32_in(4), u16_in(8), u16_in(10))
                    } else {
                        (u16_in(0), u16_in(2), u16_in(4), u16_in(6))
                    };
                    rows = rows.max(last_row.saturating_sub(first_row).saturating_add(1));
                    cols = cols.max(last_col.saturating_sub(first_col) + 1);
                    reserved =
                        reserved.max(calamine_reserve(first_row, last_row, first_col, last_col));
                }
                // Cells: row then column; MULRK and MULBLANK end with their last column.
                0x0201 | 0x0203 | 0x0204 | 0x00D6 | 0x00FD | 0x027E | 0x0205 | 0x0006 | 0x00BD
                | 0x00BE => {
                    let last_col = if matches!(kind, 0x00BD | 0x00BE) {
                        u16_in(data.len().saturating_sub(2))
                    } else {
                        u16_in(2)
                    };
                    rows = rows.max(u16_in(0) + 1);
                    cols = cols.max(last_col + 1);
                }
                _ => {}
            }
        });
        total = total.saturating_add(rows.saturating_mul(cols).max(reserved));
        if total > max_cells {
            return Err(format!(
                "its sheets ask for {total} cells, more than the {max_cells} sheetplot holds"
            ));
        }
    }
    Ok(())
}

/// The cells calamine 0.38 reserves for a DIMENSIONS record (xls.rs,
/// `parse_dimensions`): rows `(last_row - 1) - first_row + 1` in u32 (and
/// columns likewise, after it resets a first column past the last to 0).
/// A first row past the last overflows: a panic in a debug build (refused
/// as damaged), but in a release build it wraps to some four billion rows,
/// and reserving those aborts the program, so they count as declared.
fn calamine_reserve(first_row: usize, last_row: usize, first_col: usize, last_col: usize) -> usize {
    // Each was read from at most 32 bits.
    let [first_row, last_row, first_col, last_col] =
        [first_row, last_row, first_col, last_col].map(|v| v as u32);
    let first_col = if first_col > 0xFF || last_col < first_col {
        0
    } else {
        first_col
    };
    if last_row == 0 || last_col == 0 {
        // calamine makes the range the one cell at its start.
        return 1;
    }
    let span = |first: u32, last: u32| (last - 1).wrapping_sub(first).wrapping_add(1) as usize;
    span(first_row, last_row).saturating_mul(span(first_col, last_col))
}

/// Calls `visit` with each record's type and data from `start` up to the
/// first EOF record (or the end of the stream).
fn walk_records(stream: &[u8], start: usize, mut visit: impl FnMut(u16, &[u8])) {
    let mut at = start;
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + len as usize).unwrap_or(&[]);
        visit(kind, data);
        if kind == 0x000A {
            break;
        }
        at += 4 + len as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_end_leave_or_loop() {
        let next = [1, 2, END_OF_CHAIN, 0xFFFF_FFFF, 7];
        assert_eq!(
            Sectors::chain(&next, 0, usize::MAX, 5, "x"),
            Ok(vec![0, 1, 2])
        );
        assert_eq!(
            Sectors::chain(&next, 0, 2, 5, "x"),
            Ok(vec![0, 1]),
            "a length stops it"
        );
        assert!(Sectors::chain(&next, 4, usize::MAX, 5, "x")
            .unwrap_err()
            .contains("past the end"));
        assert!(Sectors::chain(&[1, 2, 0], 0, usize::MAX, 3, "x")
            .unwrap_err()
            .contains("loops"));
    }

    #[test]
    fn declared_and_scattered_cells_count_against_the_limit() {
        let record = |kind: u16, data: &[u8]| {
            let mut r = kind.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let mut dims = Vec::new();
        dims.extend(0u32.to_le_bytes());
        dims.extend(4_000_000_000u32.to_le_bytes());
        dims.extend([0, 0, 200, 0, 0, 0]);
        // Globals: one BOUNDSHEET pointing just past their EOF, then the sheet.
        let workbook = |sheet: Vec<u8>| {
            let globals_len: u32 = (4 + 8) + 4;
            let mut boundsheet = globals_len.to_le_bytes().to_vec();
            boundsheet.extend([0, 0, 0, 0]);
            [record(0x0085, &boundsheet), record(0x000A, &[]), sheet].concat()
        };
        let bomb = workbook(record(0x0200, &dims));
        assert!(biff_cells_fit(&bomb, 1000).unwrap_err().contains("cells"));
        let far_cell = workbook(
            [
                record(0x0203, &[0xFF, 0xFF, 0xFF, 0x00, 0, 0]),
                record(0x000A, &[]),
            ]
            .concat(),
        );
        assert!(
            biff_cells_fit(&far_cell, 1_000_000).is_err(),
            "65,536 × 256 cells"
        );
        assert_eq!(biff_cells_fit(&far_cell, 20_000_000), Ok(()));
        // Behind a FILEPASS the sheets are ciphertext: left to calamine,
        // which refuses the workbook as password-protected.
        let filepass = record(0x002F, &[1, 0]);
        let mut boundsheet = (4 + 8 + 4 + filepass.len() as u32).to_le_bytes().to_vec();
        boundsheet.extend([0, 0, 0, 0]);
        let encrypted = [
            filepass,
            record(0x0085, &boundsheet),
            record(0x000A, &[]),
            record(0x0200, &dims),
        ]
        .concat();
        assert_eq!(biff_cells_fit(&encrypted, 1000), Ok(()));
    }

    #[test]
    fn dimensions_ending_before_they_start_count_as_calamine_wraps_them() {
        // Rows 10 to 5 (the record stores one past the last): 2^32 - 5 rows.
        assert_eq!(calamine_reserve(10, 5, 0, 3), 3 * 4_294_967_291);
        // Rows 0 to 100 are 100 rows; columns 2 to 5, 3 columns.
        assert_eq!(calamine_reserve(0, 100, 2, 5), 300);
        // A first column past the last is read from column 0.
        assert_eq!(calamine_reserve(0, 100, 9, 5), 500);
        // A range of no rows reserves nothing, a record of zeros one cell.
        assert_eq!(calamine_reserve(7, 7, 0, 3), 0);
        assert_eq!(calamine_reserve(0, 0, 0, 0), 1);
    }

    #[test]
    fn a_table_listing_a_sector_twice_is_refused() {
        // A DIFAT naming sector 0 over and over made the FAT ~127 times the
        // file's size (calamine reads every sector it lists).
        let mut bytes = vec![0u8; 512 * 3];
        bytes[0x1E] = 9;
        bytes[0x44..0x48].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for i in 0..HEADER_DIFAT_ENTRIES {
            let id: u32 = if i < 2 { 0 } else { 0xFFFF_FFFF };
            bytes[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&id.to_le_bytes());
        }
        match check_sector_chains(&bytes, 20_000_000) {
            Err(ReadError::Corrupt(why)) => assert!(why.contains("sector 0 twice"), "{why}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn real_workbooks_pass() {
        for name in [
            "date.xls",
            "issues.xls",
            "merge_cells.xls",
            "OOM_alloc2.xls",
        ] {
            let bytes = crate::corpus_calamine(name);
            assert_eq!(check_sector_chains(&bytes, 20_000_000), Ok(()), "{name}");
        }
    }
}
