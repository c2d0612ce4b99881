//! The Web Worker: receives a file, reads and types it, posts the workbook.
//!
//! Reading runs here so the page never freezes. A panic aborts this wasm
//! instance: the panic hook first answers the request (the file is
//! damaged), then the page sees the worker's `error` event and starts a
//! fresh worker. The open file stays referenced here (a `Blob`, not its
//! bytes), so a sheet can be typed again with another header row without
//! the page sending it back.

use std::cell::RefCell;
use std::io::Read;

use js_sys::Uint8Array;
use sheetplot_model::{SavedCharts, Sheet, Workbook};
use sheetplot_read::saved_charts::read_saved_charts;
use sheetplot_read::typing::Choices;
use sheetplot_read::{
    check_file_size, delimited_head, read_delimited_sheet, read_sheet_with_choices,
    read_workbook_with, Progress, TextHead, HEAD_BYTES,
};
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

use super::wire::{open, Envelope};
use crate::protocol::{split_column, FromReader, ReaderError, SheetOutline, ToReader};

thread_local! {
    /// The id and file (a reference to it, not its bytes) the page shows.
    static OPEN_FILE: RefCell<Option<(u32, Blob)>> = const { RefCell::new(None) };
    /// The request being worked on, for the panic hook to answer.
    static CURRENT: RefCell<Option<(u32, String)>> = const { RefCell::new(None) };
}

pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    std::panic::set_hook(Box::new(|info| {
        let (id, name) = CURRENT
            .with(|c| c.try_borrow().ok().and_then(|c| c.clone()))
            .unwrap_or((0, String::new()));
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let error = ReaderError::Damaged(sheetplot_read::panic_text(info.payload()));
        post(&scope, &FromReader::Refused { id, name, error }, |_| {});
    }));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        match open::<ToReader>(&event.data()) {
            Ok(opened) => match opened.msg {
                ToReader::Open { id, name } => read(&reply_scope, id, name, &opened.file),
                ToReader::Retype {
                    id,
                    index,
                    header,
                    dates,
                } => {
                    let choices = Choices {
                        header: header.into(),
                        dates: dates.into(),
                    };
                    retype(&reply_scope, id, index, choices)
                }
            },
            Err(reason) => web_sys::console::error_1(&reason.into()),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    warm_up();
    // Messages sent before the wasm module loaded were dropped: say we are ready.
    post(&scope, &FromReader::Ready, |_| {});
}

/// A small workbook (written by `scripts/make-samples`) with a date-time, a
/// number and a text column.
const WARM_UP_XLSX: &[u8] = include_bytes!("warmup.xlsx");

/// Reads [`WARM_UP_XLSX`] once, so the browser compiles the reading code
/// now rather than during the user's first file: that made a first 10k-row
/// file read in about 55 ms instead of 125–230 ms.
fn warm_up() {
    let read = read_workbook_with(WARM_UP_XLSX, &|_| {});
    debug_assert!(read.is_ok_and(|w| w.sheets[0].rows == 24));
}

fn read(scope: &DedicatedWorkerGlobalScope, id: u32, name: String, file: &JsValue) {
    let started = now_ms(scope);
    CURRENT.with_borrow_mut(|current| *current = Some((id, name.clone())));
    OPEN_FILE.with_borrow_mut(|open| *open = None);
    let report = |p: Progress| {
        let progress = FromReader::Progress {
            id,
            done: p.done as f64,
            total: p.total as f64,
        };
        post(scope, &progress, |_| {});
    };
    let result = blob_of(file).and_then(|blob| {
        report(Progress {
            done: 0,
            total: blob.size() as u64,
        });
        let read = match contents(blob)? {
            Contents::Text(head) => {
                let sheet = read_text(blob, &head, 0, &report, Choices::default())?;
                let workbook = Workbook {
                    sheets: vec![sheet],
                };
                (workbook, SavedCharts::default())
            }
            Contents::Bytes(bytes) => {
                let workbook = read_workbook_with(&bytes, &report).map_err(ReaderError::Read)?;
                // A chart's problems are its own: the sheets open whatever they are.
                (workbook, read_saved_charts(&bytes))
            }
        };
        OPEN_FILE.with_borrow_mut(|open| *open = Some((id, blob.clone())));
        Ok(read)
    });
    let parse_ms = now_ms(scope) - started;
    match result {
        Ok((workbook, charts)) => send_workbook(scope, id, &name, parse_ms, &workbook, charts),
        Err(error) => {
            post(scope, &FromReader::Refused { id, name, error }, |_| {});
        }
    }
}

/// The sheets first, then each column in a message (and so a page task)
/// of its own: no single task on the page copies a whole workbook.
fn send_workbook(
    scope: &DedicatedWorkerGlobalScope,
    id: u32,
    name: &str,
    parse_ms: f64,
    workbook: &Workbook,
    charts: SavedCharts,
) {
    let outline = FromReader::Workbook {
        id,
        name: name.to_owned(),
        parse_ms,
        sheets: workbook.sheets.iter().map(SheetOutline::of).collect(),
        charts,
    };
    if !post(scope, &outline, |_| {}) {
        return refuse_handover(scope, id, name);
    }
    for (n, sheet) in workbook.sheets.iter().enumerate() {
        for column in &sheet.columns {
            let (outline, arrays) = split_column(column);
            let message = FromReader::Column {
                id,
                sheet: n,
                column: outline,
            };
            if !post(scope, &message, |envelope| envelope.push_arrays(&arrays)) {
                return refuse_handover(scope, id, name);
            }
        }
    }
    post(scope, &FromReader::Done { id }, |_| {});
}

fn refuse_handover(scope: &DedicatedWorkerGlobalScope, id: u32, name: &str) {
    let error = ReaderError::Browser("the result could not be handed to the page.".into());
    let name = name.to_owned();
    post(scope, &FromReader::Refused { id, name, error }, |_| {});
}

/// Types sheet `index` of the open file again with the choices made.
fn retype(scope: &DedicatedWorkerGlobalScope, id: u32, index: usize, choices: Choices) {
    CURRENT.with_borrow_mut(|current| *current = Some((id, String::new())));
    let open = OPEN_FILE.with_borrow(|open| open.clone());
    let sheet: Result<Sheet, ReaderError> = match open {
        Some((open_id, blob)) if open_id == id => match contents(&blob) {
            Ok(Contents::Text(head)) => read_text(&blob, &head, index, &|_| {}, choices),
            Ok(Contents::Bytes(bytes)) => {
                read_sheet_with_choices(&bytes, index, choices).map_err(ReaderError::Read)
            }
            Err(error) => Err(error),
        },
        _ => Err(ReaderError::NotOpen),
    };
    match sheet {
        Ok(sheet) => {
            let parts: Vec<_> = sheet.columns.iter().map(split_column).collect();
            let message = FromReader::Sheet {
                id,
                index,
                sheet: SheetOutline::of(&sheet),
                columns: parts.iter().map(|(outline, _)| outline.clone()).collect(),
            };
            let sent = post(scope, &message, |envelope| {
                for (_, arrays) in &parts {
                    envelope.push_arrays(arrays);
                }
            });
            if !sent {
                refuse_handover(scope, id, "");
            }
        }
        Err(error) => {
            let refused = FromReader::Refused {
                id,
                name: String::new(),
                error,
            };
            post(scope, &refused, |_| {});
        }
    }
}

/// Posts `message`, with the arrays `fill` adds; whether it went.
fn post(
    scope: &DedicatedWorkerGlobalScope,
    message: &FromReader,
    fill: impl FnOnce(&Envelope),
) -> bool {
    let Ok(envelope) = Envelope::new(message) else {
        return false;
    };
    fill(&envelope);
    let transfer = envelope.transfer.clone();
    scope
        .post_message_with_transfer(&envelope.into_value(), &transfer)
        .is_ok()
}

/// How a file is read: delimited text as it streams from the file, so a
/// gigabyte of CSV is never in memory whole; any other format from its
/// bytes in memory (a workbook is a zip or compound file read at offsets).
enum Contents {
    Text(TextHead),
    Bytes(Vec<u8>),
}

fn blob_of(file: &JsValue) -> Result<&Blob, ReaderError> {
    file.dyn_ref()
        .ok_or_else(|| ReaderError::Browser("no file was given.".to_owned()))
}

/// Tells by its head how `blob` is read, and reads it into memory when it
/// is not delimited text (the head read to tell is the start of the bytes).
///
/// The bytes are read a slice at a time straight into one buffer of the
/// file's size: a whole-file `ArrayBuffer` beside the copy doubles the file
/// in memory until the garbage collector runs (the 48 MB 1M-row benchmark
/// file peaked at 347–409 MB that way, at 347–353 MB this way, over five
/// runs each).
fn contents(blob: &Blob) -> Result<Contents, ReaderError> {
    let mut reader = BlobReader::new(blob)?;
    let mut bytes = Vec::new();
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| browser_read_error(&e))?;
    if let Some(head) = delimited_head(&bytes, bytes.len() as f64 >= blob.size()) {
        return Ok(Contents::Text(head));
    }
    // Before the copy: a file over the limit must not exhaust memory first.
    check_file_size(blob.size() as u64).map_err(ReaderError::Read)?;
    bytes.reserve_exact((blob.size() as usize).saturating_sub(bytes.len()));
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| browser_read_error(&e))?;
    Ok(Contents::Bytes(bytes))
}

/// Sheet `index` of the delimited text of `blob` (that `head` describes),
/// typed with `choices` as it streams.
fn read_text(
    blob: &Blob,
    head: &TextHead,
    index: usize,
    report: &dyn Fn(Progress),
    choices: Choices,
) -> Result<Sheet, ReaderError> {
    let size = blob.size() as u64;
    read_delimited_sheet(BlobReader::new(blob)?, head, size, index, report, choices)
        .map_err(ReaderError::Read)
}

fn browser_read_error(error: &std::io::Error) -> ReaderError {
    ReaderError::Browser(format!("the browser could not read the file ({error})."))
}

/// How much of a file is read into JavaScript memory at a time.
const READ_CHUNK: f64 = 4.0 * 1024.0 * 1024.0;

/// A `Blob` as a byte stream: each read is one slice of at most
/// [`READ_CHUNK`] bytes, read synchronously (a worker may) and copied
/// straight into the caller's buffer, so only that slice is ever in
/// JavaScript memory.
struct BlobReader<'a> {
    blob: &'a Blob,
    reader: FileReaderSync,
    /// Where the next slice starts.
    next: f64,
}

impl<'a> BlobReader<'a> {
    fn new(blob: &'a Blob) -> Result<BlobReader<'a>, ReaderError> {
        let reader = FileReaderSync::new()
            .map_err(|_| ReaderError::Browser("the browser cannot read files here.".into()))?;
        Ok(BlobReader {
            blob,
            reader,
            next: 0.0,
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

fn js_error_text(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{error:?}"))
}

fn now_ms(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or(0.0, |p| p.now())
}
