//! Bytes read from any offset without being held whole: a workbook in
//! memory, or (in the page's helper worker) the user's file itself, a
//! slice at a time, so a second worker reading a big workbook's later rows
//! does not keep a second copy of it ([`crate::rows_apart`]).

use std::io::{self, Read, Seek, SeekFrom};

/// Bytes of a known size, read from any offset.
pub trait ReadAt {
    fn size(&self) -> u64;

    /// Reads what is at `offset` on into `buf`: how much (0 at the end).
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;
}

impl ReadAt for [u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let from = &self[usize::try_from(offset).map_or(self.len(), |o| o.min(self.len()))..];
        let n = from.len().min(buf.len());
        buf[..n].copy_from_slice(&from[..n]);
        Ok(n)
    }
}

/// A [`ReadAt`] as a stream with its own position ([`Read`], [`Seek`]):
/// several may read one source at once.
pub struct AtCursor<'a, S: ReadAt + ?Sized> {
    source: &'a S,
    position: u64,
}

impl<'a, S: ReadAt + ?Sized> AtCursor<'a, S> {
    pub fn new(source: &'a S) -> Self {
        AtCursor::at(source, 0)
    }

    pub fn at(source: &'a S, position: u64) -> Self {
        AtCursor { source, position }
    }
}

impl<S: ReadAt + ?Sized> Read for AtCursor<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.source.read_at(self.position, buf)?;
        self.position += n as u64;
        Ok(n)
    }
}

impl<S: ReadAt + ?Sized> Seek for AtCursor<'_, S> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.position = seek_within(self.position, self.source.size(), to)?;
        Ok(self.position)
    }
}

/// Where a seek `to` from `position` in `size` bytes lands; an error
/// before the start (past the end is allowed, as for a file).
pub fn seek_within(position: u64, size: u64, to: SeekFrom) -> io::Result<u64> {
    match to {
        SeekFrom::Start(p) => Some(p),
        SeekFrom::End(d) => size.checked_add_signed(d),
        SeekFrom::Current(d) => position.checked_add_signed(d),
    }
    .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "a seek before the start"))
}

/// A [`ReadAt`] whose every read is costly (in the page, a round trip to
/// the browser's file store: some 3–4 ms, and about 4 ms a MB), read
/// through a few windows kept in memory: calamine and the zip crate ask
/// for a few bytes to 32 KB at a time, at the file's head (its format, the
/// small parts written first), at its tail (the zip directory, read again
/// for each part opened) and along a part's stream. With one window those
/// jumps evicted each other: a 4.8 MB workbook read apart was read some 20
/// times a MB, 135 ms of the page's reader.
pub struct Windows<S> {
    source: S,
    /// The size of a window read after a jump, and the most a window
    /// grows to while reads go on from its end.
    first: usize,
    most: usize,
    /// The source's size, asked once (in the page, a call into the browser).
    size: u64,
    /// The windows kept, the one last read from first: where each
    /// starts, and its bytes.
    kept: std::cell::RefCell<Vec<(u64, Vec<u8>)>>,
}

/// How many windows [`Windows`] keeps: the head, the tail, a stream, and
/// one more for a second part's stream or a look elsewhere.
const KEPT_WINDOWS: usize = 4;

impl<S: ReadAt> Windows<S> {
    /// `source` read `first` bytes at a time after a jump, each read from
    /// a window's end twice the last, up to `most`; reads of `first` or
    /// more bytes go to `source` as they are.
    pub fn new(source: S, first: usize, most: usize) -> Self {
        Windows {
            size: source.size(),
            source,
            first,
            most: most.max(first),
            kept: Default::default(),
        }
    }

    /// What a test's counting source saw.
    #[cfg(test)]
    pub(crate) fn source(&self) -> &S {
        &self.source
    }
}

impl<S: ReadAt> ReadAt for Windows<S> {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if buf.len() >= self.first {
            return self.source.read_at(offset, buf);
        }
        if offset >= self.size() {
            return Ok(0);
        }
        let mut kept = self.kept.borrow_mut();
        let within = |&(start, ref bytes): &(u64, Vec<u8>)| {
            offset >= start && offset - start < bytes.len() as u64
        };
        let index = match kept.iter().position(within) {
            Some(index) => index,
            None => {
                // A read from a window's end goes on with its stream: the
                // next window, twice as big, takes its place.
                let follows = kept
                    .iter()
                    .position(|(start, bytes)| offset == start + bytes.len() as u64);
                let (index, size) = match follows {
                    Some(index) => (
                        index,
                        (kept[index].1.len() * 2).clamp(self.first, self.most),
                    ),
                    None if kept.len() < KEPT_WINDOWS => {
                        kept.push((offset, Vec::new()));
                        (kept.len() - 1, self.first)
                    }
                    // The window read from longest ago goes.
                    None => (kept.len() - 1, self.first),
                };
                let (start, bytes) = &mut kept[index];
                bytes.resize(size, 0);
                let n = self.source.read_at(offset, bytes)?;
                bytes.truncate(n);
                *start = offset;
                if n == 0 {
                    kept.remove(index);
                    return Ok(0);
                }
                index
            }
        };
        kept[..=index].rotate_right(1);
        let (start, bytes) = &kept[0];
        bytes[(offset - start) as usize..].read_at(0, buf)
    }
}

/// A file read a few bytes at a time, as no real source is: the readers
/// over a [`ReadAt`] must take whatever each read gives (in the page, a
/// `Blob` read a window at a time).
#[cfg(test)]
pub(crate) struct Dribble<'a>(pub &'a [u8]);

#[cfg(test)]
impl ReadAt for Dribble<'_> {
    fn size(&self) -> u64 {
        self.0.size()
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(7);
        self.0.read_at(offset, &mut buf[..n])
    }
}

/// A file that counts its reads and the bytes they gave: what a
/// [`Windows`] over it costs.
#[cfg(test)]
pub(crate) struct Counted<'a> {
    pub bytes: &'a [u8],
    pub reads: std::cell::Cell<usize>,
    pub read: std::cell::Cell<u64>,
}

#[cfg(test)]
impl<'a> Counted<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Counted {
            bytes,
            reads: Default::default(),
            read: Default::default(),
        }
    }
}

#[cfg(test)]
impl ReadAt for Counted<'_> {
    fn size(&self) -> u64 {
        self.bytes.size()
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.bytes.read_at(offset, buf)?;
        self.reads.set(self.reads.get() + 1);
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_give_their_sources_bytes_wherever_they_are_read() {
        let bytes: Vec<u8> = (0..5_000u32).map(|i| (i * 7 + i / 251) as u8).collect();
        let windows = Windows::new(Counted::new(&bytes), 64, 512);
        // Jumps, reads in order, reads across a window's end, at the end.
        let mut state = 12_345u64;
        let mut offset = 0u64;
        for _ in 0..3_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let len = (state >> 33) as usize % 100;
            if (state >> 20) % 5 == 0 {
                offset = (state >> 40) % 5_100;
            }
            let mut got = vec![0; len];
            let n = windows.read_at(offset, &mut got).unwrap();
            let mut want = vec![0; len];
            let m = bytes.read_at(offset, &mut want).unwrap();
            assert!(n <= m && (n > 0 || m == 0 || len == 0), "at {offset}");
            assert_eq!(got[..n], want[..n], "at {offset}");
            offset += n as u64;
        }
        assert_eq!(windows.read_at(5_000, &mut [0; 8]).unwrap(), 0);
    }

    #[test]
    fn windows_read_a_head_a_tail_and_a_stream_between_them_once() {
        let bytes = vec![1u8; 100_000];
        let windows = Windows::new(Counted::new(&bytes), 1_000, 8_000);
        let mut buf = [0; 100];
        // The head and the tail, again and again around a stream.
        for at in (0..90_000).step_by(100) {
            windows.read_at(at % 500, &mut buf).unwrap();
            windows.read_at(99_950, &mut buf).unwrap();
            assert_eq!(windows.read_at(5_000 + at, &mut buf).unwrap(), 100);
        }
        let counted = windows.source();
        assert!(
            counted.read.get() < 110_000,
            "{} bytes read",
            counted.read.get()
        );
        assert!(counted.reads.get() < 20, "{} reads", counted.reads.get());
    }

    #[test]
    fn cursors_over_one_source_keep_their_own_positions() {
        let bytes: &[u8] = b"0123456789";
        let mut a = AtCursor::new(bytes);
        let mut b = AtCursor::at(bytes, 7);
        let mut buf = [0; 4];
        assert_eq!(a.read(&mut buf).unwrap(), 4);
        assert_eq!(&buf, b"0123");
        assert_eq!(b.read(&mut buf).unwrap(), 3);
        assert_eq!(&buf[..3], b"789");
        assert_eq!(b.read(&mut buf).unwrap(), 0);
        assert_eq!(a.seek(SeekFrom::End(-2)).unwrap(), 8);
        assert_eq!(a.read(&mut buf).unwrap(), 2);
        assert_eq!(&buf[..2], b"89");
        assert!(a.seek(SeekFrom::Current(-11)).is_err());
        assert_eq!(bytes.read_at(u64::MAX, &mut buf).unwrap(), 0);
    }
}
