//! The Web Worker: receives a file, reads and types it, posts the workbook.
//!
//! Reading runs here so the page never freezes. A panic aborts this wasm
//! instance: the panic hook first answers the request (the file is
//! damaged), then the page sees the worker's `error` event and starts a
//! fresh worker. The open file stays referenced here (a `Blob`, not its
//! bytes), so a sheet can be typed again with another header row without
//! the page sending it back.
//!
//! It is built twice. The page's reader (`worker`) reads .xlsx and
//! delimited text, and answers any other file with `Elsewhere`; the page
//! then starts the reader of every format (`worker_all`, the same code
//! with sheetplot-read's `all-formats`), whose wasm is fetched only then.

use std::cell::{Cell, RefCell};
use std::io::Read;

use sheetplot_model::{ReadError, SavedCharts, Sheet, Workbook};
use sheetplot_read::read_at::ReadAt;
use sheetplot_read::rows_apart::{read_rows_before_at, rows_cut_at, Before, RowsBefore};
use sheetplot_read::saved_charts::{read_saved_charts, read_saved_charts_at};
use sheetplot_read::split::{
    cut_in, read_first_part, FirstPart, FirstRead, CUT_WINDOW, SPLIT_MIN_BYTES,
};
use sheetplot_read::typing::Choices;
use sheetplot_read::{
    check_file_size, delimited_head, left_elsewhere, read_delimited_sheet, read_sheet_with_choices,
    read_workbook_sheets, read_workbook_sheets_at, read_workbook_with, worksheet_count_at,
    zip_left_elsewhere_at, Progress, TextHead, HEAD_BYTES,
};
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

use super::blob_reader::{blob_at, browser_read_error, BlobAt, BlobReader};
use super::helper::{self, Helper};
use super::wire::{open, Envelope, Opened};
use crate::protocol::{
    join_sheets, part_columns, part_read, split_column, FromHelper, FromReader, ReaderError,
    SheetOutline, ToReader, ROWS_APART_MIN_BYTES, RUN_VALUES, SHEETS_APART_MIN_BYTES,
};

thread_local! {
    /// The file the page shows (a reference to it, not its bytes).
    static OPEN_FILE: RefCell<Option<OpenFile>> = const { RefCell::new(None) };
    /// The request being worked on, for the panic hook to answer.
    static CURRENT: RefCell<Option<(u32, String)>> = const { RefCell::new(None) };
    /// A text read in two parts whose later part a helper is reading.
    static WAITING: RefCell<Option<Waiting>> = const { RefCell::new(None) };
    /// A big text file waiting for the idle helper to be ready.
    static DEFERRED: RefCell<Option<Deferred>> = const { RefCell::new(None) };
    /// Whether the page has been told this reader is ready.
    static READY_SAID: Cell<bool> = const { Cell::new(false) };
    /// Warm-up reads still to run: none once a request has come, even one
    /// that came before the reader said it was ready.
    static WARM_UPS_LEFT: Cell<u32> = const { Cell::new(WARM_UP_READS) };
}

#[derive(Clone)]
struct OpenFile {
    id: u32,
    blob: Blob,
    /// How many workers may read it at once.
    threads: u32,
}

/// How the page asked for a file to be read.
struct Asked {
    /// How many workers may read it at once.
    threads: u32,
    /// The least size of a workbook that is read apart, if the page says.
    apart_min: Option<f64>,
}

/// What a request that is read in two parts answers with, once both are in.
#[derive(Clone)]
enum Reply {
    Workbook { name: String, started: f64 },
    Sheet { index: usize },
}

impl Reply {
    /// The name of the file a refusal names (a sheet typed again names none).
    fn into_name(self) -> String {
        match self {
            Reply::Workbook { name, .. } => name,
            Reply::Sheet { .. } => String::new(),
        }
    }
}

/// A request whose first part is read, waiting for its helper's part.
struct Waiting {
    id: u32,
    reply: Reply,
    first: First,
    blob: Blob,
    helper: Helper,
}

/// What this worker read of a request a helper shares.
enum First {
    /// The rows of a text file before the cut.
    Text(FirstPart),
    /// A workbook's sheets before sheet `from` (and the charts it saved).
    Sheets {
        sheets: Vec<Sheet>,
        charts: SavedCharts,
        from: usize,
    },
    /// A one-sheet workbook's rows above the cut (and the charts it saved).
    Rows {
        before: RowsBefore,
        charts: SavedCharts,
    },
}

pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let helper = scope.name() == helper::NAME;
    std::panic::set_hook(Box::new(|info| {
        let (id, name) = CURRENT
            .with(|c| c.try_borrow().ok().and_then(|c| c.clone()))
            .unwrap_or((0, String::new()));
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let error = ReaderError::Damaged(sheetplot_read::panic_text(info.payload()));
        refuse(&scope, id, name, error);
    }));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        // A request: the warm-up is over, so it never runs beside a read.
        WARM_UPS_LEFT.set(0);
        match open::<ToReader>(&event.data()) {
            Ok(opened) => match opened.msg {
                ToReader::Open {
                    id,
                    name,
                    threads,
                    apart_min,
                } => {
                    let open = Asked { threads, apart_min };
                    read(&reply_scope, id, name, open, &opened.file)
                }
                ToReader::ReadPart { id, cut } => {
                    helper::read_part(&reply_scope, id, cut as u64, &opened.file)
                }
                ToReader::ReadSheets { id, from } => {
                    helper::read_sheets(&reply_scope, id, from as usize, &opened.file)
                }
                ToReader::ReadRows { id, cut } => {
                    helper::read_rows(&reply_scope, id, cut, &opened.file)
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
        // It reads the same formats: compiled now, not during its part.
        warm_up();
        // Messages sent before the wasm module loaded were dropped: say we
        // are ready.
        post(&scope, &FromReader::Ready, |_| {});
        return;
    }
    // The helper loads while this worker warms up; the page hears that the
    // reader is ready once both are (so nothing is fetched after that), or
    // after HELPER_WAIT_MS at most.
    helper::start_idle(&scope);
    warm_up();
    let loading = helper::idle_ready() == Some(false);
    if !(loading && after(HELPER_WAIT_MS, say_ready)) {
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
    // Without a timer the warm-up is left out: the reader works as well.
    after(0, warm_up_a_task);
}

/// Runs `task` in a task of its own `ms` from now; false if it cannot.
fn after(ms: i32, task: fn()) -> bool {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let task = Closure::once_into_js(task);
    scope
        .set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), ms)
        .is_ok()
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

/// How many more times the page's reader reads [`WARM_UP_XLSX`] once it is
/// ready, and how many of them one task runs. Compiled once, the reading
/// code still runs in the browser's baseline tier until it has run enough
/// to be optimized: a user's first file read about twice as slowly as the
/// next. They take 100–150 ms of a cold worker, hence after it says it is
/// ready (run while the helper loaded, they put that off by 140 ms), a few
/// at a time. Helpers do not run them: one started for the next file would
/// run them beside the helper reading this one.
const WARM_UP_READS: u32 = 60;
const WARM_UP_READS_A_TASK: u32 = 4;

/// Runs [`WARM_UP_READS_A_TASK`] of the warm-up reads left, then the next
/// task of them; a request ends them for good (it comes between two tasks).
fn warm_up_a_task() {
    for _ in 0..WARM_UP_READS_A_TASK {
        let left = WARM_UPS_LEFT.get();
        if left == 0 {
            return;
        }
        WARM_UPS_LEFT.set(left - 1);
        warm_up();
    }
    after(0, warm_up_a_task);
}

fn read(scope: &DedicatedWorkerGlobalScope, id: u32, name: String, asked: Asked, file: &JsValue) {
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
            threads: asked.threads,
        };
        let reply = Reply::Workbook {
            name: name.clone(),
            started,
        };
        // Whether a helper reads some of a workbook is told by the file's
        // zip directory and its sheet's head: read from the file itself,
        // the helper starts at once, and both read their shares from the
        // file, neither copying it into memory (some 400 ms for 48 MB).
        // One reader of the file for all this share's reads, so the zip
        // directory and the parts' heads are read once.
        let file = blob_at(blob)?;
        let read = match apart(&open, &file, asked.apart_min) {
            Some(apart) => read_apart(&open, &file, apart, reply, &report)?,
            None => match contents(blob)? {
                Contents::Text(head) => {
                    let sheet = read_text(&open, &head, 0, &report, Choices::default(), reply)?;
                    sheet.map(|sheet| (one_sheet(sheet), SavedCharts::default()))
                }
                Contents::Bytes(bytes) => {
                    let workbook =
                        read_workbook_with(&bytes, &report).map_err(ReaderError::Read)?;
                    // A chart's problems are its own: the sheets open whatever they are.
                    Some((workbook, read_saved_charts(&bytes)))
                }
            },
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
            refuse(scope, id, name, error);
        }
    }
    start_idle_helper(scope);
}

/// Reads this worker's share of the workbook `open`, as `apart` says, from
/// the file itself, its helper reading the rest meanwhile: `None` (then
/// [`part_arrived`] gives the `reply`), or the workbook and its saved
/// charts when the share turned out to be all of it.
fn read_apart<S: ReadAt + ?Sized>(
    open: &OpenFile,
    file: &S,
    apart: Apart,
    reply: Reply,
    report: &dyn Fn(Progress),
) -> Result<Option<(Workbook, SavedCharts)>, ReaderError> {
    let wait_for = |first: First, helper: Helper| {
        let waiting = Waiting {
            id: open.id,
            reply,
            first,
            blob: open.blob.clone(),
            helper,
        };
        WAITING.with_borrow_mut(|slot| *slot = Some(waiting));
        Ok(None)
    };
    match apart {
        Apart::Sheets { from, helper } => {
            let sheets =
                read_workbook_sheets_at(file, 0..from, report).map_err(ReaderError::Read)?;
            let charts = read_saved_charts_at(file);
            let first = First::Sheets {
                sheets,
                charts,
                from,
            };
            wait_for(first, helper)
        }
        Apart::Rows { cut, helper } => {
            let before = read_rows_before_at(file, cut, report).map_err(ReaderError::Read)?;
            match before {
                Before::Whole(sheets) => {
                    Ok(Some((Workbook { sheets }, read_saved_charts_at(file))))
                }
                Before::Part(before) => {
                    let charts = read_saved_charts_at(file);
                    wait_for(First::Rows { before, charts }, helper)
                }
            }
        }
    }
}

/// How a workbook is read apart: a helper reads its sheets from `from` on,
/// or its one sheet's rows from `cut` on.
enum Apart {
    Sheets { from: usize, helper: Helper },
    Rows { cut: u32, helper: Helper },
}

/// How the workbook `open` is read apart, when two threads may read it and
/// a helper is ready, the helper given its share: a workbook of two sheets
/// or more, of `apart_min` bytes or more (else [`SHEETS_APART_MIN_BYTES`]),
/// by sheets (this worker reads the first half of them); a one-sheet
/// workbook of `apart_min` bytes or more (else [`ROWS_APART_MIN_BYTES`]) by
/// rows, cut past the middle of those its sheet declares.
fn apart(open: &OpenFile, file: &BlobAt, apart_min: Option<f64>) -> Option<Apart> {
    let size = open.blob.size();
    let big = |min: f64| size >= apart_min.unwrap_or(min);
    if open.threads < 2 || !big(SHEETS_APART_MIN_BYTES.min(ROWS_APART_MIN_BYTES)) {
        return None;
    }
    let sheets = worksheet_count_at(file).filter(|&count| count >= 2);
    if let Some(count) = sheets.filter(|_| big(SHEETS_APART_MIN_BYTES)) {
        let from = count.div_ceil(2);
        let message = ToReader::ReadSheets {
            id: open.id,
            from: from as u32,
        };
        let helper = helper::give(&message, &open.blob)?;
        return Some(Apart::Sheets { from, helper });
    }
    if sheets.is_some() || !big(ROWS_APART_MIN_BYTES) {
        return None;
    }
    let cut = rows_cut_at(file)?;
    let message = ToReader::ReadRows { id: open.id, cut };
    let helper = helper::give(&message, &open.blob)?;
    Some(Apart::Rows { cut, helper })
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
/// of its own, a long one's values in runs ahead of it: no single task on
/// the page copies a whole workbook, nor a whole long column.
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
    let sent = post(scope, &outline, |_| {})
        && (workbook.sheets.iter().enumerate()).all(|(n, sheet)| send_columns(scope, id, n, sheet));
    if sent {
        post(scope, &FromReader::Done { id }, |_| {});
    } else {
        refuse_handover(scope, id, name);
    }
}

/// Sends the columns of sheet `n`, each in a message of its own, a long
/// one's values in runs ahead of it; false once one could not be sent.
fn send_columns(scope: &DedicatedWorkerGlobalScope, id: u32, n: usize, sheet: &Sheet) -> bool {
    sheet.columns.iter().all(|column| {
        let (outline, mut arrays) = split_column(column);
        let of = arrays.values.len();
        let ahead = arrays.send_runs_ahead(RUN_VALUES, |run| {
            post(scope, &FromReader::Values { id, of }, |envelope| {
                envelope.push_run(run)
            })
        });
        let message = FromReader::Column {
            id,
            sheet: n,
            column: outline,
        };
        ahead && post(scope, &message, |envelope| envelope.push_arrays(&arrays))
    })
}

pub fn refuse_handover(scope: &DedicatedWorkerGlobalScope, id: u32, name: &str) {
    let error = ReaderError::Browser("the result could not be handed to the page.".into());
    refuse(scope, id, name.to_owned(), error);
}

/// Tells the page (or, from a helper, its reader) that request `id`, of
/// the file `name`, was refused.
pub fn refuse(scope: &DedicatedWorkerGlobalScope, id: u32, name: String, error: ReaderError) {
    // A format this build leaves to the reader of every format: the page
    // hands the file there (a helper's reader tells the page).
    if matches!(error, ReaderError::Read(ReadError::OtherReader(_))) && scope.name() != helper::NAME
    {
        post(scope, &FromReader::Elsewhere { id }, |_| {});
        return;
    }
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
            refuse(scope, id, String::new(), error);
        }
    }
    start_idle_helper(scope);
}

/// Sends sheet `index` typed again, then its columns as a workbook's are
/// sent, then `Done`.
fn send_sheet(scope: &DedicatedWorkerGlobalScope, id: u32, index: usize, sheet: &Sheet) {
    let message = FromReader::Sheet {
        id,
        index,
        sheet: SheetOutline::of(sheet),
    };
    if post(scope, &message, |_| {}) && send_columns(scope, id, index, sheet) {
        post(scope, &FromReader::Done { id }, |_| {});
    } else {
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
            refuse(scope, id, reply.into_name(), error);
        }
    }
}

/// Posts `message`, with the arrays `fill` adds; whether it went.
pub fn post(
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
pub enum Contents {
    Text(TextHead),
    Bytes(Vec<u8>),
}

pub fn blob_of(file: &JsValue) -> Result<&Blob, ReaderError> {
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
///
/// Each read asks for all it can ([`BlobReader`] reads up to 4 MB a call):
/// a read of a `File` is a round trip to the browser's file store, and with
/// `read_to_end`'s small first reads a 0.5 MB workbook took 23–35 ms to
/// come into memory.
pub fn contents(blob: &Blob) -> Result<Contents, ReaderError> {
    let mut reader = BlobReader::new(blob)?;
    let size = blob.size();
    let mut bytes = vec![0; (HEAD_BYTES as f64).min(size) as usize];
    reader
        .read_exact(&mut bytes)
        .map_err(|e| browser_read_error(&e))?;
    if let Some(head) = delimited_head(&bytes, bytes.len() as f64 >= size) {
        return Ok(Contents::Text(head));
    }
    // Before the copy: a file this build leaves to the reader of every
    // format is handed on unread, and one over the limit must not exhaust
    // memory first.
    if let Some(elsewhere) = left_elsewhere(&bytes) {
        return Err(ReaderError::Read(elsewhere));
    }
    // A zip's format is told by its directory, read from the file (its
    // last kilobyte or so) rather than from a copy of all of it.
    if let Some(elsewhere) = zip_left_elsewhere_at(&bytes, &blob_at(blob)?) {
        return Err(ReaderError::Read(elsewhere));
    }
    check_file_size(size as u64).map_err(ReaderError::Read)?;
    let head = bytes.len();
    bytes.resize(size as usize, 0);
    reader
        .read_exact(&mut bytes[head..])
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
    let helper_ready = helper::idle_ready();
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
    read_split_or_alone(open, head, index, report, choices, reply, cut)
}

/// Sheet `index` of `open`: in two parts at `cut` when a helper is ready
/// to read the later one (`None`: the request waits for its part, unless
/// no record starts at the cut and these rows are all of them), else read
/// here alone.
fn read_split_or_alone(
    open: &OpenFile,
    head: &TextHead,
    index: usize,
    report: &dyn Fn(Progress),
    choices: Choices,
    reply: Reply,
    cut: Option<u64>,
) -> Result<Option<Sheet>, ReaderError> {
    let blob = &open.blob;
    let size = blob.size() as u64;
    let helper = cut.and_then(|cut| {
        let message = ToReader::ReadPart {
            id: open.id,
            cut: cut as f64,
        };
        helper::give(&message, blob)
    });
    let (Some(cut), Some(helper)) = (cut, helper) else {
        let sheet =
            read_delimited_sheet(BlobReader::new(blob)?, head, size, index, report, choices);
        return sheet.map(Some).map_err(ReaderError::Read);
    };
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
                first: First::Text(first),
                blob: blob.clone(),
                helper,
            };
            WAITING.with_borrow_mut(|slot| *slot = Some(waiting));
            Ok(None)
        }
    }
}

/// Starts a helper for the next big text file, unless one is busy.
fn start_idle_helper(scope: &DedicatedWorkerGlobalScope) {
    if WAITING.with_borrow(|w| w.is_none()) {
        helper::start_idle(scope);
    }
}

/// The idle helper is ready, or failed to start: the page hears that the
/// reader is ready, and a file waiting for the helper is read.
pub fn helper_settled() {
    say_ready();
    if let Some(deferred) = DEFERRED.take() {
        read_deferred(deferred);
    }
}

/// Marks request `id` (of the file `name`) as the one being worked on,
/// for the panic hook to answer.
pub fn working_on(id: u32, name: String) {
    CURRENT.with_borrow_mut(|current| *current = Some((id, name)));
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
    // Only a file's one sheet (0) is ever cut.
    let sheet = read_split_or_alone(&open, &head, 0, report, choices, reply, Some(cut));
    match sheet {
        Ok(Some(sheet)) => answer(&scope, id, answer_with, Ok(sheet), 1),
        Ok(None) => {}
        Err(error) => answer(&scope, id, answer_with, Err(error), 1),
    }
    start_idle_helper(&scope);
}

/// Where to cut `blob` in two, from a look at the bytes at its middle.
fn cut_of(blob: &Blob, head: &TextHead) -> Option<u64> {
    let middle = blob.size() as u64 / 2;
    let mut reader = BlobReader::at(blob, middle).ok()?;
    let mut window = Vec::with_capacity(CUT_WINDOW);
    (&mut reader)
        .take(CUT_WINDOW as u64)
        .read_to_end(&mut window)
        .ok()?;
    cut_in(head, &window, middle)
}

/// What helper `n`, reading a request's later part or sheets, posted (or
/// why it died): they are joined to this worker's, or else read here.
pub fn part_arrived(n: u32, opened: Result<Opened<FromHelper>, String>) {
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
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let warn = |why: &str| {
        let text = format!("sheetplot: the helper reader failed ({why}); reading on alone");
        web_sys::console::warn_1(&text.into());
    };
    let opened = opened.and_then(|o| match o.msg {
        FromHelper::Refused { error, .. } => Err(error.to_string()),
        _ => Ok(o),
    });
    match first {
        First::Text(first) => {
            let (sheet, threads) = match opened {
                Ok(Opened {
                    msg: FromHelper::Part { part, .. },
                    data,
                    ..
                }) if first.can_join() => {
                    // Each column is copied in from its arrays as it is joined.
                    let read = part_read(&part);
                    let columns = part_columns(part.columns, |n| data.part_arrays(n));
                    let sheet = first.join_columns(read, columns);
                    (sheet.map_err(ReaderError::Read), 2)
                }
                later => {
                    // The helper failed or its part cannot follow: read it here.
                    if let Err(why) = &later {
                        warn(why);
                    }
                    let report = progress_reporter(&scope, id);
                    let rest = BlobReader::at(&blob, first.cut()).and_then(|reader| {
                        first.read_rest(reader, &report).map_err(ReaderError::Read)
                    });
                    (rest, 1)
                }
            };
            answer(&scope, id, reply, sheet, threads);
        }
        First::Rows { before, charts } => {
            let joined = match opened {
                Ok(Opened {
                    msg: FromHelper::Part { part, .. },
                    data,
                    ..
                }) if before.can_join() => {
                    let read = (part.first_cell, part.last_row, part.width);
                    let columns = part_columns(part.columns, |n| data.part_arrays(n));
                    before
                        .join_columns(read, columns)
                        .map_err(ReaderError::Read)
                }
                Ok(Opened {
                    msg: FromHelper::Part { .. },
                    ..
                }) => Ok(Err(before)),
                Ok(_) => {
                    warn("the helper answered out of turn");
                    Ok(Err(before))
                }
                Err(why) => {
                    warn(&why);
                    Ok(Err(before))
                }
            };
            // The helper failed, or its part does not start where this
            // read stopped: the rows from the cut are read here.
            let sheets = joined.and_then(|joined| match joined {
                Ok(sheets) => Ok((sheets, 2)),
                Err(before) => {
                    let Contents::Bytes(bytes) = contents(&blob)? else {
                        return Err(ReaderError::Browser("the workbook changed".into()));
                    };
                    let sheets = before.read_rest(&bytes).map_err(ReaderError::Read)?;
                    Ok((sheets, 1))
                }
            });
            match (reply, sheets) {
                (Reply::Workbook { name, started }, Ok((sheets, threads))) => {
                    let parse_ms = now_ms(&scope) - started;
                    let workbook = Workbook { sheets };
                    send_workbook(&scope, id, &name, (parse_ms, threads), &workbook, charts);
                }
                (reply, sheets) => {
                    // Only a workbook's first read is cut by rows.
                    let error = sheets.err().unwrap_or(ReaderError::NotOpen);
                    refuse(&scope, id, reply.into_name(), error);
                }
            }
        }
        First::Sheets {
            mut sheets,
            charts,
            from,
        } => {
            let later = match opened {
                Ok(Opened {
                    msg:
                        FromHelper::Sheets {
                            sheets, columns, ..
                        },
                    data,
                    ..
                }) => Ok((
                    join_sheets(sheets, columns, |n, text| data.arrays(n, text)),
                    2,
                )),
                Ok(_) => Err("the helper answered out of turn".to_owned()),
                Err(why) => Err(why),
            };
            let later = later.or_else(|why| {
                // The helper failed: its sheets are read here.
                warn(&why);
                let report = progress_reporter(&scope, id);
                let Contents::Bytes(bytes) = contents(&blob)? else {
                    return Err(ReaderError::Browser("the workbook changed".into()));
                };
                let rest = read_workbook_sheets(&bytes, from..usize::MAX, &report);
                Ok((rest.map_err(ReaderError::Read)?, 1))
            });
            match (reply, later) {
                (Reply::Workbook { name, started }, Ok((later, threads))) => {
                    sheets.extend(later);
                    let parse_ms = now_ms(&scope) - started;
                    let workbook = Workbook { sheets };
                    send_workbook(&scope, id, &name, (parse_ms, threads), &workbook, charts);
                }
                (Reply::Sheet { index }, Ok((later, _))) => {
                    sheets.extend(later);
                    match sheets.get(index) {
                        Some(sheet) => send_sheet(&scope, id, index, sheet),
                        None => {
                            let error = ReaderError::Read(sheetplot_model::ReadError::NoSheets);
                            refuse(&scope, id, String::new(), error);
                        }
                    }
                }
                (reply, Err(error)) => {
                    refuse(&scope, id, reply.into_name(), error);
                }
            }
        }
    }
    start_idle_helper(&scope);
}

fn now_ms(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or(0.0, |p| p.now())
}
