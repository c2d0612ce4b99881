//! A guard in front of calamine for OLE compound files (.xls).
//!
//! A compound file stores streams as chains of sectors linked through its
//! file allocation table (FAT). A damaged or hostile file can link a chain
//! back into itself, or point past its own end. calamine 0.38 follows the
//! first until it asks for 4 GB and panics on the second (both found by
//! fuzzing). A valid FAT has no cycle and no link past the end, so one
//! linear pass over it, over the mini FAT and over the directory's stream
//! starts tells whether every chain ends inside the file, before any reader
//! follows one.

const FREE: u32 = 0xFFFF_FFFF;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Ids from here up are markers (FAT sector, DIFAT sector, end, free).
const FIRST_MARKER: u32 = 0xFFFF_FFFA;
const DIRECTORY_ENTRY: usize = 128;
const MINI_SECTOR: usize = 64;
const MINI_STREAM_CUTOFF: u64 = 4096;
const HEADER_DIFAT_ENTRIES: usize = 109;

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// `Err` with a reason when a sector chain of the compound file in `bytes`
/// loops or leads past the end of the file. Files too malformed to tell are
/// left to calamine to refuse.
pub fn check_sector_chains(bytes: &[u8]) -> Result<(), String> {
    let Some(shift) = u16_at(bytes, 0x1E).filter(|s| matches!(s, 9 | 12)) else {
        return Ok(());
    };
    let sector_size = 1usize << shift;
    let sectors = (bytes.len() / sector_size).saturating_sub(1);
    let sector = |id: u32| {
        let start = (id as usize).checked_add(1)?.checked_mul(sector_size)?;
        bytes.get(start..start + sector_size)
    };
    let entries = |data: &[u8]| {
        data.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect::<Vec<_>>()
    };

    // The FAT's own sectors: 109 listed in the header, the rest in a chain
    // of DIFAT sectors (whose length is capped by the file's size).
    let fat_sector_count = u32_at(bytes, 0x2C).unwrap_or(0) as usize;
    let mut fat_sectors: Vec<u32> = (0..HEADER_DIFAT_ENTRIES.min(fat_sector_count))
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .collect();
    let mut difat = u32_at(bytes, 0x44).unwrap_or(END_OF_CHAIN);
    let mut steps = 0;
    while let Some(data) = sector(difat).filter(|_| fat_sectors.len() < fat_sector_count) {
        steps += 1;
        if steps > sectors {
            return Err("its table of sectors loops back on itself".to_owned());
        }
        let ids = entries(data);
        let (next, listed) = ids.split_last().expect("a sector holds entries");
        fat_sectors.extend(listed.iter().take(fat_sector_count - fat_sectors.len()));
        difat = *next;
    }
    let fat: Vec<u32> = fat_sectors
        .iter()
        .filter_map(|&id| sector(id))
        .flat_map(entries)
        .collect();
    if let Some(at) = find_cycle(&fat) {
        return Err(format!(
            "its chain of sectors loops back on itself at sector {at}"
        ));
    }

    // The mini FAT is itself a stream, read through the FAT.
    let mut mini_fat = Vec::new();
    let mut next = u32_at(bytes, 0x3C).unwrap_or(END_OF_CHAIN);
    while let Some(data) = sector(next) {
        mini_fat.extend(entries(data));
        next = fat.get(next as usize).copied().unwrap_or(END_OF_CHAIN);
    }
    if let Some(at) = find_cycle(&mini_fat) {
        return Err(format!(
            "its chain of small sectors loops back on itself at sector {at}"
        ));
    }
    Ok(())
}

/// The first sector on a cycle of `next` links, if any. Linear: each entry
/// is walked once.
fn find_cycle(next: &[u32]) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::No; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut at = start;
        while at < next.len() && seen[at] == Seen::No {
            seen[at] = Seen::OnPath;
            path.push(at);
            at = match next[at] {
                FREE | END_OF_CHAIN => usize::MAX,
                n => n as usize,
            };
        }
        if at < next.len() && seen[at] == Seen::OnPath {
            return Some(at);
        }
        for &p in &path {
            seen[p] = Seen::Done;
        }
        path.clear();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_that_end_pass_and_loops_are_found() {
        assert_eq!(
            find_cycle(&[1, 2, END_OF_CHAIN, FREE, 5, END_OF_CHAIN]),
            None
        );
        assert_eq!(find_cycle(&[1, 2, 0]), Some(0));
        assert_eq!(find_cycle(&[END_OF_CHAIN, 2, 3, 2]), Some(2));
        assert_eq!(find_cycle(&[0]), Some(0));
        // Special values (FAT and DIFAT sectors) and links past the table end chains.
        assert_eq!(find_cycle(&[0xFFFF_FFFD, 0xFFFF_FFFC, 99]), None);
    }

    #[test]
    fn real_workbooks_pass() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/files/calamine");
        for name in ["date.xls", "issues.xls", "merge_cells.xls"] {
            if let Ok(bytes) = std::fs::read(corpus.join(name)) {
                assert_eq!(check_sector_chains(&bytes), Ok(()), "{name}");
            }
        }
    }
}
