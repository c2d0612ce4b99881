//! A `Blob` (the page's `File`) read as a byte stream in a worker.

use std::io::Read;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, FileReaderSync};

use crate::protocol::ReaderError;

pub fn browser_read_error(error: &std::io::Error) -> ReaderError {
    ReaderError::Browser(format!("the browser could not read the file ({error})."))
}

/// How much of a file is read into JavaScript memory at a time.
const READ_CHUNK: f64 = 4.0 * 1024.0 * 1024.0;

/// A `Blob` as a byte stream: each read is one slice of at most
/// [`READ_CHUNK`] bytes, read synchronously (a worker may) and copied
/// straight into the caller's buffer, so only that slice is ever in
/// JavaScript memory.
pub struct BlobReader<'a> {
    blob: &'a Blob,
    reader: FileReaderSync,
    /// Where the next slice starts.
    next: f64,
}

impl<'a> BlobReader<'a> {
    pub fn new(blob: &'a Blob) -> Result<BlobReader<'a>, ReaderError> {
        BlobReader::at(blob, 0.0)
    }

    /// Reads `blob` from byte `from`.
    pub fn at(blob: &'a Blob, from: f64) -> Result<BlobReader<'a>, ReaderError> {
        let reader = FileReaderSync::new()
            .map_err(|_| ReaderError::Browser("the browser cannot read files here.".into()))?;
        Ok(BlobReader {
            blob,
            reader,
            next: from,
        })
    }
}

impl Read for BlobReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let end = (self.next + (out.len() as f64).min(READ_CHUNK)).min(self.blob.size());
        if end <= self.next {
            return Ok(0);
        }
        let buffer = self
            .blob
            .slice_with_f64_and_f64(self.next, end)
            .and_then(|part| self.reader.read_as_array_buffer(&part))
            .map_err(|e| std::io::Error::other(js_error_text(&e)))?;
        let n = (buffer.byte_length() as usize).min(out.len());
        Uint8Array::new_with_byte_offset_and_length(&buffer, 0, n as u32).copy_to(&mut out[..n]);
        self.next += n as f64;
        Ok(n)
    }
}

pub fn js_error_text(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{error:?}"))
}
