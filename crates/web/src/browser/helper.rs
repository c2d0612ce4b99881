//! The reader's helper: a second worker (the same wasm, started by the
//! reader with [`NAME`]) that reads the later part of a big text file
//! while the reader reads the rows before it (`sheetplot_read::split`),
//! a big workbook's later sheets while the reader reads the first ones,
//! or a one-sheet workbook's rows from a cut (`sheetplot_read::rows_apart`).
//! The reader starts it ahead, since a worker takes messages only once its
//! wasm has loaded, hands it a part once it has said it is ready, and
//! stops it when its part has arrived (its memory goes with it) or is no
//! longer wanted; cancel stops the reader, and a worker's helpers with it.

use std::cell::{Cell, RefCell};

use js_sys::Array;
use sheetplot_read::read_workbook_sheets_at;
use sheetplot_read::rows_apart::read_rows_from;
use sheetplot_read::split::{read_later_part, LaterPart};
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, ErrorEvent, MessageEvent, Worker, WorkerOptions};

use super::blob_reader::{blob_at, BlobReader};
use super::wire::{open, Envelope, Opened};
use super::worker;
use crate::protocol::{split_part, split_sheets, FromHelper, ReaderError, ToReader};

/// The name a reader gives the helper it starts, so the helper knows it is
/// one: it reads the later part of a text file, and nothing else.
pub const NAME: &str = "sheetplot-reader-helper";

thread_local! {
    /// The helper started ahead for the next big text file: a worker only
    /// takes messages once its wasm has loaded, so it is started before it
    /// is needed and used once it has said it is ready.
    static IDLE: RefCell<Option<Idle>> = const { RefCell::new(None) };
    /// Helpers started so far: each one's messages are told apart by it.
    static HELPERS: Cell<u32> = const { Cell::new(0) };
}

struct Idle {
    helper: Helper,
    ready: bool,
}

/// A helper worker (the `n`th started), stopped when dropped (its part has
/// arrived or is no longer wanted): its memory, a wasm instance of its
/// own, goes with it.
pub struct Helper {
    worker: Worker,
    pub n: u32,
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Starts a helper for the next big text file, unless one is idle
/// already or this machine has one core.
pub fn start_idle(scope: &DedicatedWorkerGlobalScope) {
    if IDLE.with_borrow(|i| i.is_some()) || scope.navigator().hardware_concurrency() < 2.0 {
        return;
    }
    let options = WorkerOptions::new();
    options.set_name(NAME);
    let Ok(worker) = Worker::new_with_options(&scope.location().href(), &options) else {
        return;
    };
    let n = HELPERS.get() + 1;
    HELPERS.set(n);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        helper_posted(n, Ok(event.data()))
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        event.prevent_default();
        helper_posted(n, Err(event.message()))
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // They live as long as this worker (a few bytes a helper): one of them
    // is running when its helper is done with, so they cannot go with it.
    on_message.forget();
    on_error.forget();
    let helper = Helper { worker, n };
    IDLE.with_borrow_mut(|idle| {
        *idle = Some(Idle {
            helper,
            ready: false,
        })
    });
}

/// Hands the ready helper `message` (a part of `blob` or some of its
/// sheets to read) with `blob`; `None` when no helper is ready (the caller
/// then reads alone).
pub fn give(message: &ToReader, blob: &Blob) -> Option<Helper> {
    let helper = IDLE
        .with_borrow_mut(|idle| idle.take_if(|i| i.ready))?
        .helper;
    let envelope = Envelope::new(message).ok()?.with_file(blob);
    helper
        .worker
        .post_message_with_transfer(&envelope.into_value(), &Array::new())
        .ok()?;
    Some(helper)
}

/// Whether the idle helper is ready: `None` when there is none.
pub fn idle_ready() -> Option<bool> {
    IDLE.with_borrow(|idle| idle.as_ref().map(|i| i.ready))
}

/// What helper `n` posted, or why it died.
fn helper_posted(n: u32, posted: Result<JsValue, String>) {
    let opened = posted.and_then(|data| open::<FromHelper>(&data));
    let idle = |idle: &Option<Idle>| idle.as_ref().is_some_and(|i| i.helper.n == n);
    if let Ok(Opened {
        msg: FromHelper::Ready,
        ..
    }) = &opened
    {
        let was_idle = IDLE.with_borrow_mut(|slot| {
            let was_idle = idle(slot);
            if let Some(i) = slot.as_mut().filter(|_| was_idle) {
                i.ready = true;
            }
            was_idle
        });
        if was_idle {
            worker::helper_settled();
        }
        return;
    }
    // An idle helper that fails is not started again (it would fail again);
    // a file waiting for it is read alone.
    if IDLE
        .with_borrow_mut(|slot| slot.take_if(|i| i.helper.n == n))
        .is_some()
    {
        return worker::helper_settled();
    }
    worker::part_arrived(n, opened);
}

/// As a helper: reads the text file from `cut` to its end and posts the
/// part to the reader that started it.
pub fn read_part(scope: &DedicatedWorkerGlobalScope, id: u32, cut: u64, file: &JsValue) {
    worker::working_on(id, String::new());
    let part = worker::blob_of(file).and_then(|blob| {
        let worker::Contents::Text(head) = worker::contents(blob)? else {
            return Err(ReaderError::Browser("the helper was given no text".into()));
        };
        let reader = BlobReader::at(blob, cut)?;
        read_later_part(reader, &head, blob.size() as u64, cut).map_err(ReaderError::Read)
    });
    post_part(scope, id, part);
}

/// As a helper: reads the sheets from index `from` on of the workbook and
/// posts them to the reader that started it.
pub fn read_sheets(scope: &DedicatedWorkerGlobalScope, id: u32, from: usize, file: &JsValue) {
    worker::working_on(id, String::new());
    // Read where calamine asks, as `read_rows` reads: no copy of the file.
    let sheets = worker::blob_of(file).and_then(blob_at).and_then(|blob| {
        read_workbook_sheets_at(&blob, from..usize::MAX, &|_| {}).map_err(ReaderError::Read)
    });
    let sheets = match sheets {
        Ok(sheets) => sheets,
        Err(error) => {
            worker::refuse(scope, id, String::new(), error);
            return;
        }
    };
    let (outlines, columns, arrays) = split_sheets(&sheets);
    let message = FromHelper::Sheets {
        id,
        sheets: outlines,
        columns,
    };
    let sent = worker::post(scope, &message, |envelope| {
        for a in &arrays {
            envelope.push_arrays(a);
        }
    });
    if !sent {
        worker::refuse_handover(scope, id, "");
    }
}

/// As a helper: reads the rows from sheet row `cut` on of the one-sheet
/// workbook and posts them, as a part, to the reader that started it.
pub fn read_rows(scope: &DedicatedWorkerGlobalScope, id: u32, cut: u32, file: &JsValue) {
    worker::working_on(id, String::new());
    // The file is read where calamine asks, not copied: the reader holds
    // the workbook's bytes already.
    let part = worker::blob_of(file)
        .and_then(blob_at)
        .and_then(|blob| read_rows_from(&blob, cut).map_err(ReaderError::Read));
    post_part(scope, id, part);
}

/// Posts the part read (or why it was not) to the reader.
fn post_part(scope: &DedicatedWorkerGlobalScope, id: u32, later: Result<LaterPart, ReaderError>) {
    let later = match later {
        Ok(later) => later,
        Err(error) => {
            worker::refuse(scope, id, String::new(), error);
            return;
        }
    };
    let (part, arrays) = split_part(later);
    let sent = worker::post(scope, &FromHelper::Part { id, part }, |envelope| {
        for a in &arrays {
            envelope.push_part_arrays(a);
        }
    });
    if !sent {
        worker::refuse_handover(scope, id, "");
    }
}
