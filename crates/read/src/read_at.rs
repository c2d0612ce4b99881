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

#[cfg(test)]
mod tests {
    use super::*;

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
