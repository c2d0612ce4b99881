//! The Web Worker: receives a file, reads and types it, posts the workbook.
//!
//! Reading runs here so the page never freezes. A panic aborts this wasm
//! instance: the panic hook first answers the request (the file is
//! damaged), then the page sees the worker's `error` event and starts a
//! fresh worker. The open file stays referenced here (a `Blob`, not its
//! bytes), so a sheet can be typed again with another header row without
//! the page sending it back.

use std::cell::{Cell, RefCell};
use std::io::Read;

use js_sys::{Array, Uint8Array};
use sheetplot_model::{SavedCharts, Sheet, Workbook};
use sheetplot_read::saved_charts::read_saved_charts;
use sheetplot_read::split::{
    cut_in, read_first_part, read_later_part, FirstPart, FirstRead, LaterPart, CUT_WINDOW,
    SPLIT_MIN_BYTES,
};
use sheetplot_read::typing::Choices;
use sheetplot_read::{
    check_file_size, delimited_head, read_delimited_sheet, read_sheet_with_choices,
    read_workbook_with, Progress, TextHead, HEAD_BYTES,
};
use wasm_bindgen::prelude::*;
use web_sys::{
    Blob, DedicatedWorkerGlobalScope, ErrorEvent, FileReaderSync, MessageEvent, Worker,
    WorkerOptions,
};

use super::wire::{open, Envelope, Opened};
use crate::protocol::{
    part_columns, part_read, split_column, split_part, FromHelper, FromReader, ReaderError,
    SheetOutline, ToReader,
};

/// The name a reader gives the helper it starts, so the helper knows it is
/// one: it reads the later part of a text file, and nothing else.
const HELPER_NAME: &str = "sheetplot-reader-helper";

thread_local! {
    /// The file the page shows (a reference to it, not its bytes).
    static OPEN_FILE: RefCell<Option<OpenFile>> = const { RefCell::new(None) };
    /// The request being worked on, for the panic hook to answer.
    static CURRENT: RefCell<Option<(u32, String)>> = const { RefCell::new(None) };
    /// A text read in two parts whose later part a helper is reading.
    static WAITING: RefCell<Option<Waiting>> = const { RefCell::new(None) };
    /// The helper started ahead for the next big text file: a worker only
    /// takes messages once its wasm has loaded, so it is started before it
    /// is needed and used once it has said it is ready.
    static IDLE: RefCell<Option<Idle>> = const { RefCell::new(None) };
    /// A big text file waiting for the idle helper to be ready.
    static DEFERRED: RefCell<Option<Deferred>> = const { RefCell::new(None) };
    /// Whether the page has been told this reader is ready.
    static READY_SAID: Cell<bool> = const { Cell::new(false) };
    /// Helpers started so far: each one's messages are told apart by it.
    static HELPERS: Cell<u32> = const { Cell::new(0) };
}

struct Idle {
    helper: Helper,
    ready: bool,
}

#[derive(Clone)]
struct OpenFile {
    id: u32,
    blob: Blob,
    /// How many workers may read it at once.
    threads: u32,
}

/// What a request that is read in two parts answers with, once both are in.
#[derive(Clone)]
enum Reply {
    Workbook { name: String, started: f64 },
    Sheet { index: usize },
}

/// A request whose first part is read, waiting for its helper's part.
struct Waiting {
    id: u32,
    reply: Reply,
    first: FirstPart,
    blob: Blob,
    helper: Helper,
}

/// A helper worker (the `n`th started), stopped when dropped (its part has
/// arrived or is no longer wanted): its memory, a wasm instance of its
/// own, goes with it.
struct Helper {
    worker: Worker,
    n: u32,
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let helper = scope.name() == HELPER_NAME;
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
                ToReader::Open { id, name, threads } => {
                    read(&reply_scope, id, name, threads, &opened.file)
                }
                ToReader::ReadPart { id, cut } => {
                    read_part(&reply_scope, id, cut as u64, &opened.file)
                }
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
    if helper {
        // Messages sent before the wasm module loaded were dropped: say we
        // are ready.
        post(&scope, &FromReader::Ready, |_| {});
        return;
    }
    // The helper loads while this worker warms up; the page hears that the
    // reader is ready once both are (so nothing is fetched after that), or
    // after HELPER_WAIT_MS at most.
    start_idle_helper(&scope);
    warm_up();
    let loading = IDLE.with_borrow(|idle| idle.as_ref().is_some_and(|i| !i.ready));
    if loading {
        let later = Closure::once_into_js(say_ready);
        let wait = scope.set_timeout_with_callback_and_timeout_and_arguments_0(
            later.unchecked_ref(),
            HELPER_WAIT_MS,
        );
        if wait.is_err() {
            say_ready();
        }
    } else {
        say_ready();
    }
}

/// How long the page's reader waits for its helper before it says it is
/// ready without it (a helper loads in tens of milliseconds).
const HELPER_WAIT_MS: i32 = 3000;

/// Tells the page this reader takes files, once.
fn say_ready() {
    if READY_SAID.replace(true) {
        return;
    }
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
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

fn read(scope: &DedicatedWorkerGlobalScope, id: u32, name: String, threads: u32, file: &JsValue) {
    let started = now_ms(scope);
    CURRENT.with_borrow_mut(|current| *current = Some((id, name.clone())));
    OPEN_FILE.with_borrow_mut(|open| *open = None);
    drop(WAITING.take());
    drop(DEFERRED.take());
    let report = progress_reporter(scope, id);
    let result = blob_of(file).and_then(|blob| {
        report(Progress {
            done: 0,
            total: blob.size() as u64,
        });
        let open = OpenFile {
            id,
            blob: blob.clone(),
            threads,
        };
        let read = match contents(blob)? {
            Contents::Text(head) => {
                let reply = Reply::Workbook {
                    name: name.clone(),
                    started,
                };
                let sheet = read_text(&open, &head, 0, &report, Choices::default(), reply)?;
                sheet.map(|sheet| (one_sheet(sheet), SavedCharts::default()))
            }
            Contents::Bytes(bytes) => {
                let workbook = read_workbook_with(&bytes, &report).map_err(ReaderError::Read)?;
                // A chart's problems are its own: the sheets open whatever they are.
                Some((workbook, read_saved_charts(&bytes)))
            }
        };
        OPEN_FILE.with_borrow_mut(|slot| *slot = Some(open));
        Ok(read)
    });
    let parse_ms = now_ms(scope) - started;
    match result {
        Ok(Some((workbook, charts))) => {
            send_workbook(scope, id, &name, (parse_ms, 1), &workbook, charts)
        }
        // A helper reads the rest: `part_arrived` answers.
        Ok(None) => {}
        Err(error) => {
            post(scope, &FromReader::Refused { id, name, error }, |_| {});
        }
    }
    start_idle_helper(scope);
}

fn one_sheet(sheet: Sheet) -> Workbook {
    Workbook {
        sheets: vec![sheet],
    }
}

/// Tells the page how far request `id` has come.
fn progress_reporter(scope: &DedicatedWorkerGlobalScope, id: u32) -> impl Fn(Progress) + '_ {
    move |p: Progress| {
        let progress = FromReader::Progress {
            id,
            done: p.done as f64,
            total: p.total as f64,
        };
        post(scope, &progress, |_| {});
    }
}

/// The sheets first, then each column in a message (and so a page task)
/// of its own: no single task on the page copies a whole workbook.
fn send_workbook(
    scope: &DedicatedWorkerGlobalScope,
    id: u32,
    name: &str,
    (parse_ms, threads): (f64, u32),
    workbook: &Workbook,
    charts: SavedCharts,
) {
    let outline = FromReader::Workbook {
        id,
        name: name.to_owned(),
        parse_ms,
        threads,
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
    drop(WAITING.take());
    drop(DEFERRED.take());
    let open = OPEN_FILE.with_borrow(|open| open.clone());
    let sheet: Result<Option<Sheet>, ReaderError> = match open {
        Some(open) if open.id == id => match contents(&open.blob) {
            Ok(Contents::Text(head)) => {
                let reply = Reply::Sheet { index };
                read_text(&open, &head, index, &|_| {}, choices, reply)
            }
            Ok(Contents::Bytes(bytes)) => read_sheet_with_choices(&bytes, index, choices)
                .map(Some)
                .map_err(ReaderError::Read),
            Err(error) => Err(error),
        },
        _ => Err(ReaderError::NotOpen),
    };
    match sheet {
        Ok(Some(sheet)) => send_sheet(scope, id, index, &sheet),
        Ok(None) => {}
        Err(error) => {
            let refused = FromReader::Refused {
                id,
                name: String::new(),
                error,
            };
            post(scope, &refused, |_| {});
        }
    }
    start_idle_helper(scope);
}

/// Sends sheet `index` typed again, its columns' arrays beside it.
fn send_sheet(scope: &DedicatedWorkerGlobalScope, id: u32, index: usize, sheet: &Sheet) {
    let parts: Vec<_> = sheet.columns.iter().map(split_column).collect();
    let message = FromReader::Sheet {
        id,
        index,
        sheet: SheetOutline::of(sheet),
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

/// Answers a request read in two parts with `sheet`.
fn answer(
    scope: &DedicatedWorkerGlobalScope,
    id: u32,
    reply: Reply,
    sheet: Result<Sheet, ReaderError>,
    threads: u32,
) {
    match (reply, sheet) {
        (Reply::Workbook { name, started }, Ok(sheet)) => {
            let parse_ms = now_ms(scope) - started;
            let workbook = one_sheet(sheet);
            send_workbook(
                scope,
                id,
                &name,
                (parse_ms, threads),
                &workbook,
                SavedCharts::default(),
            )
        }
        (Reply::Sheet { index }, Ok(sheet)) => send_sheet(scope, id, index, &sheet),
        (reply, Err(error)) => {
            let name = match reply {
                Reply::Workbook { name, .. } => name,
                Reply::Sheet { .. } => String::new(),
            };
            post(scope, &FromReader::Refused { id, name, error }, |_| {});
        }
    }
}

/// Posts `message`, with the arrays `fill` adds; whether it went.
fn post(
    scope: &DedicatedWorkerGlobalScope,
    message: &impl serde::Serialize,
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

/// Sheet `index` of the delimited text of `open` (that `head` describes),
/// typed with `choices` as it streams; `None` when a helper reads its later
/// part meanwhile (then [`part_arrived`] gives the `reply`).
///
/// A file of [`SPLIT_MIN_BYTES`] or more, when two threads may read it,
/// is cut near its middle: a helper worker reads the rows from the cut
/// while this one reads those before it.
fn read_text(
    open: &OpenFile,
    head: &TextHead,
    index: usize,
    report: &dyn Fn(Progress),
    choices: Choices,
    reply: Reply,
) -> Result<Option<Sheet>, ReaderError> {
    let blob = &open.blob;
    let size = blob.size() as u64;
    let cut = (index == 0 && open.threads > 1 && size >= SPLIT_MIN_BYTES)
        .then(|| cut_of(blob, head))
        .flatten();
    let helper_ready = IDLE.with_borrow(|idle| idle.as_ref().map(|i| i.ready));
    if let (Some(cut), Some(false)) = (cut, helper_ready) {
        // Its wasm is still loading: start both parts once it is ready.
        let deferred = Deferred {
            open: open.clone(),
            head: *head,
            choices,
            reply,
            cut,
        };
        DEFERRED.with_borrow_mut(|slot| *slot = Some(deferred));
        return Ok(None);
    }
    let helper = cut.and_then(|cut| give_part(open.id, blob, cut));
    let (Some(cut), Some(helper)) = (cut, helper) else {
        let sheet =
            read_delimited_sheet(BlobReader::new(blob)?, head, size, index, report, choices);
        return sheet.map(Some).map_err(ReaderError::Read);
    };
    read_first(open, head, report, choices, reply, cut, helper)
}

/// Reads the rows of `open` before `cut` while `helper` reads the rest;
/// the sheet when no record starts at the cut (these rows are then all of
/// them), else `None` and the request waits for the helper's part.
fn read_first(
    open: &OpenFile,
    head: &TextHead,
    report: &dyn Fn(Progress),
    choices: Choices,
    reply: Reply,
    cut: u64,
    helper: Helper,
) -> Result<Option<Sheet>, ReaderError> {
    let blob = &open.blob;
    let size = blob.size() as u64;
    let first = read_first_part(BlobReader::new(blob)?, head, size, cut, report, choices)
        .map_err(ReaderError::Read)?;
    match first {
        FirstRead::Whole(sheet) => {
            drop(helper);
            Ok(Some(sheet))
        }
        FirstRead::Part(first) => {
            let waiting = Waiting {
                id: open.id,
                reply,
                first,
                blob: blob.clone(),
                helper,
            };
            WAITING.with_borrow_mut(|slot| *slot = Some(waiting));
            Ok(None)
        }
    }
}

/// A big text file that came while the helper was loading.
struct Deferred {
    open: OpenFile,
    head: TextHead,
    choices: Choices,
    reply: Reply,
    cut: u64,
}

/// Reads a deferred file: in two parts when the helper is ready (it has
/// just said so), alone when it failed to start.
fn read_deferred(deferred: Deferred) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let Deferred {
        open,
        head,
        choices,
        reply,
        cut,
    } = deferred;
    let id = open.id;
    let reporter = progress_reporter(&scope, id);
    let silent = |_: Progress| {};
    // A sheet typed again shows no progress, as when it is read alone.
    let report: &dyn Fn(Progress) = match reply {
        Reply::Workbook { .. } => &reporter,
        Reply::Sheet { .. } => &silent,
    };
    let answer_with = reply.clone();
    let sheet = match give_part(id, &open.blob, cut) {
        Some(helper) => read_first(&open, &head, report, choices, reply, cut, helper),
        None => BlobReader::new(&open.blob).and_then(|reader| {
            let size = open.blob.size() as u64;
            read_delimited_sheet(reader, &head, size, 0, report, choices)
                .map(Some)
                .map_err(ReaderError::Read)
        }),
    };
    match sheet {
        Ok(Some(sheet)) => answer(&scope, id, answer_with, Ok(sheet), 1),
        Ok(None) => {}
        Err(error) => answer(&scope, id, answer_with, Err(error), 1),
    }
    start_idle_helper(&scope);
}

/// Where to cut `blob` in two, from a look at the bytes at its middle.
fn cut_of(blob: &Blob, head: &TextHead) -> Option<u64> {
    let middle = (blob.size() / 2.0).floor();
    let mut reader = BlobReader::new(blob).ok()?;
    reader.next = middle;
    let mut window = Vec::with_capacity(CUT_WINDOW);
    (&mut reader)
        .take(CUT_WINDOW as u64)
        .read_to_end(&mut window)
        .ok()?;
    cut_in(head, &window, middle as u64)
}

/// Starts a helper for the next big text file, unless one is idle or
/// busy already, or this machine has one core.
fn start_idle_helper(scope: &DedicatedWorkerGlobalScope) {
    let busy = WAITING.with_borrow(|w| w.is_some()) || IDLE.with_borrow(|i| i.is_some());
    if busy || scope.navigator().hardware_concurrency() < 2.0 {
        return;
    }
    let options = WorkerOptions::new();
    options.set_name(HELPER_NAME);
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

/// Hands the ready helper the part of `blob` from `cut` for request `id`;
/// `None` when no helper is ready (the caller then reads alone).
fn give_part(id: u32, blob: &Blob, cut: u64) -> Option<Helper> {
    let helper = IDLE
        .with_borrow_mut(|idle| idle.take_if(|i| i.ready))?
        .helper;
    let message = ToReader::ReadPart {
        id,
        cut: cut as f64,
    };
    let envelope = Envelope::new(&message).ok()?.with_file(blob);
    helper
        .worker
        .post_message_with_transfer(&envelope.into_value(), &Array::new())
        .ok()?;
    Some(helper)
}

/// What helper `n` posted, or why it died.
fn helper_posted(n: u32, posted: Result<JsValue, String>) {
    let opened = posted.and_then(|data| open::<FromHelper>(&data));
    if let Ok(Opened {
        msg: FromHelper::Ready,
        ..
    }) = &opened
    {
        let was_idle = IDLE.with_borrow_mut(|idle| match idle.as_mut() {
            Some(idle) if idle.helper.n == n => {
                idle.ready = true;
                true
            }
            _ => false,
        });
        if was_idle {
            say_ready();
        }
        if let Some(deferred) = DEFERRED.take().filter(|_| was_idle) {
            read_deferred(deferred);
        }
        return;
    }
    // An idle helper that fails is not started again (it would fail again);
    // a file waiting for it is read alone.
    let failed_idle = IDLE.with_borrow_mut(|idle| idle.take_if(|i| i.helper.n == n));
    if failed_idle.is_none() {
        return part_arrived(n, opened);
    }
    say_ready();
    if let Some(deferred) = DEFERRED.take() {
        read_deferred(deferred);
    }
}

/// What helper `n`, reading a request's later part, posted (or why it
/// died): the part is joined, or else the rest is read here.
fn part_arrived(n: u32, opened: Result<Opened<FromHelper>, String>) {
    let Some(waiting) = WAITING.with_borrow_mut(|slot| slot.take_if(|w| w.helper.n == n)) else {
        return;
    };
    let Waiting {
        id,
        reply,
        first,
        blob,
        helper,
    } = waiting;
    // Its arrays are on this side now: its memory goes before the join
    // needs more.
    drop(helper);
    let later = match opened {
        Ok(Opened {
            msg: FromHelper::Part { part, .. },
            data,
            ..
        }) => Ok((part, data)),
        Ok(Opened {
            msg: FromHelper::Refused { error, .. },
            ..
        }) => Err(error.to_string()),
        Ok(_) => Err("the helper answered out of turn".to_owned()),
        Err(why) => Err(why),
    };
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let (sheet, threads) = match later {
        Ok((part, data)) if first.can_join() => {
            // Each column is copied in from its arrays as it is joined.
            let read = part_read(&part);
            let columns = part_columns(part.columns, |n| data.part_arrays(n));
            let sheet = first.join_columns(read, columns);
            (sheet.map_err(ReaderError::Read), 2)
        }
        later => {
            // The helper failed or its part cannot follow: read it here.
            if let Err(why) = later {
                let text = format!("sheetplot: the helper reader failed ({why}); reading on alone");
                web_sys::console::warn_1(&text.into());
            }
            let report = progress_reporter(&scope, id);
            let rest = BlobReader::new(&blob).and_then(|mut reader| {
                reader.next = first.cut() as f64;
                first.read_rest(reader, &report).map_err(ReaderError::Read)
            });
            (rest, 1)
        }
    };
    answer(&scope, id, reply, sheet, threads);
    start_idle_helper(&scope);
}

/// As a helper: reads the text file from `cut` to its end and posts the
/// part to the reader that started it.
fn read_part(scope: &DedicatedWorkerGlobalScope, id: u32, cut: u64, file: &JsValue) {
    CURRENT.with_borrow_mut(|current| *current = Some((id, String::new())));
    let part = blob_of(file).and_then(|blob| {
        let Contents::Text(head) = contents(blob)? else {
            return Err(ReaderError::Browser("the helper was given no text".into()));
        };
        let mut reader = BlobReader::new(blob)?;
        reader.next = cut as f64;
        read_later_part(reader, &head, blob.size() as u64, cut).map_err(ReaderError::Read)
    });
    match part {
        Ok(later) => post_part(scope, id, later),
        Err(error) => {
            let name = String::new();
            post(scope, &FromReader::Refused { id, name, error }, |_| {});
        }
    }
}

fn post_part(scope: &DedicatedWorkerGlobalScope, id: u32, later: LaterPart) {
    let (part, arrays) = split_part(later);
    let sent = post(scope, &FromHelper::Part { id, part }, |envelope| {
        for a in &arrays {
            envelope.push_part_arrays(a);
        }
    });
    if !sent {
        refuse_handover(scope, id, "");
    }
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
