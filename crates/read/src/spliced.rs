//! A zip that is another zip with one entry's content replaced, made
//! without copying: calamine opens a workbook only as a zip, so a worker
//! that reads a sheet from a row on gives calamine the workbook whose
//! sheet part is that sheet's head and the rows from there
//! ([`crate::rows_apart`]).
//!
//! The new zip is the original's bytes (its entries stay where they are),
//! then the new entry (a local header and its content, stored, the most of
//! it inflated from the original only as calamine reads it), then a
//! central directory that lists the new entry in the old one's place.
//! Nothing is copied but the content's head.

use std::io::{self, Read, Seek, SeekFrom};

use crate::read_at::{seek_within, ReadAt};

/// An entry of the original zip, as its central directory lists it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub method: u16,
    pub crc: u32,
    pub compressed: u64,
    pub size: u64,
    pub header_start: u64,
}

/// The original zip with entry `name`'s content replaced: [`Read`] and
/// [`Seek`] anywhere, except that the streamed content is only read in
/// order, once (as the zip crate reads an entry).
pub struct SplicedZip<'a, O: ReadAt + ?Sized> {
    original: &'a O,
    /// The new entry's local header and the content's first bytes.
    head: Vec<u8>,
    /// The rest of the content, `rest_len` bytes, read as it is asked for.
    rest: Box<dyn Read + 'a>,
    rest_len: u64,
    rest_read: u64,
    /// The new central directory and its end record.
    directory: Vec<u8>,
    position: u64,
}

/// The zip format's fields that fit 32 bits (no zip64 is written).
fn u32_of(value: u64) -> Option<u32> {
    u32::try_from(value).ok().filter(|&v| v != u32::MAX)
}

/// Zeros between the new content and the directory: the zip crate finds
/// the directory by reading the file's end backwards (1 KB at a time),
/// which must not reach the content before it is streamed.
const GAP: u64 = 64 << 10;

/// 1980-01-01 00:00, the first DOS date: the new entry's time.
const DOS_DATE: u16 = (1 << 5) | 1;
/// General purpose flag: the name is UTF-8.
const UTF8_NAME: u16 = 1 << 11;

impl<'a, O: ReadAt + ?Sized> SplicedZip<'a, O> {
    /// `original` (whose central directory lists `entries`) with entry
    /// `name`'s content replaced by `content_head` followed by `rest_len`
    /// bytes from `rest`, a content whose CRC-32 is `crc`. `None` when the
    /// entry is not listed or a size needs zip64.
    pub fn new(
        original: &'a O,
        entries: &[Entry],
        name: &str,
        content_head: &[u8],
        (rest, rest_len): (Box<dyn Read + 'a>, u64),
        crc: u32,
    ) -> Option<Self> {
        if !entries.iter().any(|e| e.name == name) {
            return None;
        }
        let start = original.size();
        let size = u32_of(content_head.len() as u64 + rest_len)?;
        let name_len = u16::try_from(name.len()).ok()?;
        let mut head = Vec::with_capacity(30 + name.len() + content_head.len());
        head.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for field in [20, UTF8_NAME, 0, 0, DOS_DATE] {
            head.extend_from_slice(&u16::to_le_bytes(field));
        }
        for field in [crc, size, size] {
            head.extend_from_slice(&field.to_le_bytes());
        }
        head.extend_from_slice(&name_len.to_le_bytes());
        head.extend_from_slice(&0u16.to_le_bytes());
        head.extend_from_slice(name.as_bytes());
        head.extend_from_slice(content_head);
        let mut directory = Vec::new();
        for entry in entries {
            let replaced = entry.name == name;
            let (method, crc, compressed, size, offset) = if replaced {
                (0, crc, u64::from(size), u64::from(size), start)
            } else {
                let e = entry;
                (e.method, e.crc, e.compressed, e.size, e.header_start)
            };
            let name_len = u16::try_from(entry.name.len()).ok()?;
            directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            for field in [20, 20, UTF8_NAME, method, 0, DOS_DATE] {
                directory.extend_from_slice(&u16::to_le_bytes(field));
            }
            directory.extend_from_slice(&crc.to_le_bytes());
            for field in [compressed, size] {
                directory.extend_from_slice(&u32_of(field)?.to_le_bytes());
            }
            // Name, extra field and comment lengths; disk; attributes.
            for field in [name_len, 0, 0, 0, 0] {
                directory.extend_from_slice(&field.to_le_bytes());
            }
            directory.extend_from_slice(&0u32.to_le_bytes());
            directory.extend_from_slice(&u32_of(offset)?.to_le_bytes());
            directory.extend_from_slice(entry.name.as_bytes());
        }
        let count = u16::try_from(entries.len()).ok()?;
        let directory_start = start + head.len() as u64 + rest_len + GAP;
        let directory_len = directory.len() as u64;
        directory.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for field in [0, 0, count, count] {
            directory.extend_from_slice(&u16::to_le_bytes(field));
        }
        for field in [directory_len, directory_start] {
            directory.extend_from_slice(&u32_of(field)?.to_le_bytes());
        }
        directory.extend_from_slice(&0u16.to_le_bytes());
        Some(SplicedZip {
            original,
            head,
            rest,
            rest_len,
            rest_read: 0,
            directory,
            position: 0,
        })
    }

    fn len(&self) -> u64 {
        let content = self.head.len() as u64 + self.rest_len;
        self.original.size() + content + GAP + self.directory.len() as u64
    }
}

impl<O: ReadAt + ?Sized> Read for SplicedZip<'_, O> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let original = self.original.size();
        let head_end = original + self.head.len() as u64;
        let rest_end = head_end + self.rest_len;
        let p = self.position;
        let n = if p < original {
            self.original.read_at(p, buf)?
        } else if p < head_end {
            self.head.read_at(p - original, buf)?
        } else if p < rest_end {
            if p - head_end != self.rest_read {
                return Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    "the replaced entry is read in order, once",
                ));
            }
            let want = buf.len().min((self.rest_len - self.rest_read) as usize);
            let n = self.rest.read(&mut buf[..want])?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            self.rest_read += n as u64;
            n
        } else if p < rest_end + GAP {
            let n = buf.len().min((rest_end + GAP - p) as usize);
            buf[..n].fill(0);
            n
        } else {
            self.directory.read_at(p - rest_end - GAP, buf)?
        };
        self.position += n as u64;
        Ok(n)
    }
}

impl<O: ReadAt + ?Sized> Seek for SplicedZip<'_, O> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.position = seek_within(self.position, self.len(), to)?;
        Ok(self.position)
    }
}

/// The CRC-32 of `a` followed by `len_b` bytes whose CRC-32 is `crc_b`,
/// from the CRC-32 of `a` (zlib's `crc32_combine`).
pub fn crc32_combine(crc_a: u32, crc_b: u32, len_b: u64) -> u32 {
    multiply(x_to_8n(len_b), crc_a) ^ crc_b
}

/// The CRC-32 of the bytes after `a` in a whole whose CRC-32 is
/// `crc_whole`, `len_b` bytes: the inverse of [`crc32_combine`].
pub fn crc32_after(crc_whole: u32, crc_a: u32, len_b: u64) -> u32 {
    crc_whole ^ multiply(x_to_8n(len_b), crc_a)
}

/// CRC-32's polynomial, reflected.
const POLYNOMIAL: u32 = 0xedb8_8320;

/// `a` times `b` modulo the polynomial (reflected bit order).
fn multiply(a: u32, mut b: u32) -> u32 {
    let mut product = 0;
    let mut bit = 1u32 << 31;
    while bit != 0 {
        if a & bit != 0 {
            product ^= b;
        }
        bit >>= 1;
        b = if b & 1 != 0 {
            (b >> 1) ^ POLYNOMIAL
        } else {
            b >> 1
        };
    }
    product
}

/// x to the power 8·`n` modulo the polynomial: `n` bytes' shift.
fn x_to_8n(n: u64) -> u32 {
    // x^(2^k), from x^1 (1 << 30 reflected), squared each step.
    let mut power = 1u32 << 30;
    let mut result = 1u32 << 31;
    // 8·n = n << 3: start at x^8 = x^(2^3).
    for _ in 0..3 {
        power = multiply(power, power);
    }
    let mut n = n;
    while n != 0 {
        if n & 1 != 0 {
            result = multiply(power, result);
        }
        power = multiply(power, power);
        n >>= 1;
    }
    result
}

/// The entries `archive`'s central directory lists; `None` when a name
/// does not decode or an entry is neither stored nor deflated (the only
/// methods written here).
pub fn entries<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> Option<Vec<Entry>> {
    (0..archive.len())
        .map(|i| {
            let file = archive.by_index_raw(i).ok()?;
            let method = match file.compression() {
                zip::CompressionMethod::Stored => 0,
                zip::CompressionMethod::Deflated => 8,
                _ => return None,
            };
            Some(Entry {
                name: file.name().ok()?.into_owned(),
                method,
                crc: file.crc32(),
                compressed: file.compressed_size(),
                size: file.size(),
                header_start: file.header_start(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crc(bytes: &[u8]) -> u32 {
        crc32fast::hash(bytes)
    }

    #[test]
    fn crcs_combine_and_part_as_zlib_says() {
        let whole: Vec<u8> = (0..5000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for cut in [0, 1, 3, 64, 999, 4999, 5000] {
            let (a, b) = whole.split_at(cut);
            let len_b = b.len() as u64;
            assert_eq!(
                crc32_combine(crc(a), crc(b), len_b),
                crc(&whole),
                "cut {cut}"
            );
            assert_eq!(crc32_after(crc(&whole), crc(a), len_b), crc(b), "cut {cut}");
        }
    }

    #[test]
    fn a_spliced_zip_reads_as_a_zip_with_the_entry_replaced() {
        use std::io::{Cursor, Write};
        let mut written = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in [
            ("a.xml", "first entry"),
            ("b.xml", "old content"),
            ("c.xml", "last"),
        ] {
            written.start_file(name, deflated).unwrap();
            written.write_all(text.repeat(50).as_bytes()).unwrap();
        }
        let original = written.finish().unwrap().into_inner();
        let mut archive = zip::ZipArchive::new(Cursor::new(original.as_slice())).unwrap();
        let entries = entries(&mut archive).unwrap();
        drop(archive);
        let (head, rest) = ("new ", "content, streamed".repeat(1000));
        let content = format!("{head}{rest}");
        let stream: Box<dyn Read> = Box::new(Cursor::new(rest.clone().into_bytes()));
        let spliced = SplicedZip::new(
            &original[..],
            &entries,
            "b.xml",
            head.as_bytes(),
            (stream, rest.len() as u64),
            crc(content.as_bytes()),
        )
        .unwrap();
        let mut archive = zip::ZipArchive::new(spliced).unwrap();
        let mut read = |name: &str| {
            let mut text = String::new();
            archive
                .by_name(name)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        };
        assert_eq!(read("a.xml"), "first entry".repeat(50));
        assert_eq!(read("b.xml"), content);
        assert_eq!(read("c.xml"), "last".repeat(50));
    }

    #[test]
    fn a_wrong_crc_is_refused_at_the_end_of_the_entry() {
        use std::io::{Cursor, Write};
        let mut written = zip::ZipWriter::new(Cursor::new(Vec::new()));
        written
            .start_file("b.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        written.write_all(b"old").unwrap();
        let original = written.finish().unwrap().into_inner();
        let mut archive = zip::ZipArchive::new(Cursor::new(original.as_slice())).unwrap();
        let entries = entries(&mut archive).unwrap();
        let stream: Box<dyn Read> = Box::new(Cursor::new(b"tail".to_vec()));
        let spliced = SplicedZip::new(
            &original[..],
            &entries,
            "b.xml",
            b"head ",
            (stream, 4),
            12345,
        )
        .unwrap();
        let mut archive = zip::ZipArchive::new(spliced).unwrap();
        let mut text = String::new();
        let read = archive.by_name("b.xml").unwrap().read_to_string(&mut text);
        assert!(read.is_err(), "the check still runs: {text}");
    }
}
