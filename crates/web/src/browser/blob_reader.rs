//! A `Blob` (the page's `File`) read in a worker: as a byte stream, or
//! from any offset ([`BlobAt`]).

use std::io::Read;

use js_sys::Uint8Array;
use sheetplot_read::read_at::{ReadAt, Windows};
use wasm_bindgen::prelude::*;
use web_sys::{Blob, FileReaderSync};

use crate::protocol::ReaderError;

pub fn browser_read_error(error: &std::io::Error) -> ReaderError {
    ReaderError::Browser(format!("the browser could not read the file ({error})."))
}

/// How much of a file is read into JavaScript memory at a time.
const READ_CHUNK: usize = 4 << 20;

fn file_reader() -> Result<FileReaderSync, ReaderError> {
    FileReaderSync::new()
        .map_err(|_| ReaderError::Browser("the browser cannot read files here.".into()))
}

/// Reads `blob`'s bytes from `from` into `out`, at most `most` (read
/// synchronously, as a worker may, and copied straight into `out`, so only
/// that slice is ever in JavaScript memory): how many.
fn read_slice(
    blob: &Blob,
    reader: &FileReaderSync,
    from: u64,
    out: &mut [u8],
    most: usize,
) -> std::io::Result<usize> {
    let end = (from + out.len().min(most) as u64).min(blob.size() as u64);
    if end <= from {
        return Ok(0);
    }
    let buffer = blob
        .slice_with_f64_and_f64(from as f64, end as f64)
        .and_then(|part| reader.read_as_array_buffer(&part))
        .map_err(|e| std::io::Error::other(js_error_text(&e)))?;
    let n = (buffer.byte_length() as usize).min(out.len());
    Uint8Array::new_with_byte_offset_and_length(&buffer, 0, n as u32).copy_to(&mut out[..n]);
    Ok(n)
}

/// A `Blob` as a byte stream: each read is one slice ([`read_slice`]).
pub struct BlobReader<'a> {
    blob: &'a Blob,
    reader: FileReaderSync,
    /// Where the next slice starts.
    next: u64,
}

impl<'a> BlobReader<'a> {
    pub fn new(blob: &'a Blob) -> Result<BlobReader<'a>, ReaderError> {
        BlobReader::at(blob, 0)
    }

    /// Reads `blob` from byte `from`.
    pub fn at(blob: &'a Blob, from: u64) -> Result<BlobReader<'a>, ReaderError> {
        Ok(BlobReader {
            blob,
            reader: file_reader()?,
            next: from,
        })
    }
}

impl Read for BlobReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = read_slice(self.blob, &self.reader, self.next, out, READ_CHUNK)?;
        self.next += n as u64;
        Ok(n)
    }
}

/// How much of a file [`BlobAt`] reads at a time, and keeps, after a jump:
/// calamine and the zip crate read a few bytes to 32 KB a call, and each
/// read of a `File` is a round trip to the browser's file store. A jump is
/// mostly a look at a zip directory or a part's head: a bigger first read
/// is wasted there.
const FIRST_WINDOW: usize = 1 << 20;

/// The most [`BlobAt`] reads at a time: while reads go on in order (a
/// sheet's compressed stream) each window is twice the last, up to this. A
/// round trip costs about 6 ms a MB in 1 MB reads, 3 in 8 MB ones, and
/// each of a workbook's two workers holds its windows.
const MOST_WINDOW: usize = 8 << 20;

/// A `Blob` read from any offset, each read a slice of it (at most
/// [`MOST_WINDOW`]): a round trip each, so read through [`BlobAt`].
pub struct BlobSlices<'a> {
    blob: &'a Blob,
    reader: FileReaderSync,
}

impl ReadAt for BlobSlices<'_> {
    fn size(&self) -> u64 {
        self.blob.size() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        read_slice(self.blob, &self.reader, offset, buf, MOST_WINDOW)
    }
}

/// A `Blob` read from any offset through a few windows kept in memory
/// ([`Windows`]): only those are ever held.
pub type BlobAt<'a> = Windows<BlobSlices<'a>>;

pub fn blob_at(blob: &Blob) -> Result<BlobAt<'_>, ReaderError> {
    let slices = BlobSlices {
        blob,
        reader: file_reader()?,
    };
    Ok(Windows::new(slices, FIRST_WINDOW, MOST_WINDOW))
}

pub fn js_error_text(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{error:?}"))
}
