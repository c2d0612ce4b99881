//! The Web Worker: receives a file, reads and types it, posts the workbook.
//!
//! Reading runs here so the page never freezes. A panic aborts this wasm
//! instance; the page sees the worker's `error` event, tells the user and
//! starts a fresh worker. The open file stays referenced here (a `Blob`,
//! not its bytes), so a sheet can be typed again with another header row
//! without the page sending it back.

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

use crate::protocol::{
    encode_column, encode_sheet, encode_workbook_outline, get, get_f64, get_string, message,
};
use sheetplot_read::typing::HeaderChoice;
use sheetplot_read::{check_file_size, read_sheet_with, read_workbook_with, Progress};

thread_local! {
    /// The id and file (a reference to it, not its bytes) the page shows.
    static OPEN_FILE: RefCell<Option<(f64, Blob)>> = const { RefCell::new(None) };
    /// The request being worked on, for the panic hook to answer.
    static CURRENT: RefCell<Option<(f64, String)>> = const { RefCell::new(None) };
}

pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // wasm aborts on panic, so nothing can catch one (calamine panics on
    // some malformed records). Answer the request with a refusal first; the
    // page then replaces this worker, whose instance is gone.
    let hook_scope = scope.clone();
    std::panic::set_hook(Box::new(move |info| {
        let (id, name) = CURRENT
            .with(|c| c.try_borrow().ok().and_then(|c| c.clone()))
            .unwrap_or((0.0, String::new()));
        let reason = format!(
            "the file is damaged: the reader stopped at a malformed record ({}).",
            sheetplot_read::panic_text(info.payload())
        );
        post_error(&hook_scope, id, &name, &reason);
    }));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        match get_string(&data, "type").as_str() {
            "open" => open(&reply_scope, &data),
            "retype" => retype(&reply_scope, &data),
            _ => {}
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    warm_up();
    // Messages sent before the wasm module loaded were dropped: say we are ready.
    let _ = scope.post_message(&message("ready", &[]));
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

fn open(scope: &DedicatedWorkerGlobalScope, request: &JsValue) {
    let id = get_f64(request, "id");
    let name = get_string(request, "name");
    let started = now_ms(scope);
    CURRENT.with_borrow_mut(|current| *current = Some((id, name.clone())));
    OPEN_FILE.with_borrow_mut(|open| *open = None);
    let file = get(request, "file");
    let report = |p: Progress| {
        let fields = [
            ("id", JsValue::from_f64(id)),
            ("done", JsValue::from_f64(p.done as f64)),
            ("total", JsValue::from_f64(p.total as f64)),
        ];
        let _ = scope.post_message(&message("progress", &fields));
    };
    let result = read_bytes(&file).and_then(|bytes| {
        report(Progress {
            done: 0,
            total: bytes.len() as u64,
        });
        let workbook = read_workbook_with(&bytes, &report).map_err(|e| e.to_string())?;
        if let Some(blob) = file.dyn_ref::<Blob>() {
            OPEN_FILE.with_borrow_mut(|open| *open = Some((id, blob.clone())));
        }
        Ok(workbook)
    });
    let parse_ms = now_ms(scope) - started;
    match result {
        Ok(workbook) => {
            let fields = [
                ("id", JsValue::from_f64(id)),
                ("name", JsValue::from_str(&name)),
                ("parse_ms", JsValue::from_f64(parse_ms)),
                ("sheets", encode_workbook_outline(&workbook).into()),
            ];
            post(
                scope,
                id,
                &name,
                message("workbook", &fields),
                &Array::new(),
            );
            // One message per column: the page decodes each in its own task.
            for (s, sheet) in workbook.sheets.iter().enumerate() {
                for column in &sheet.columns {
                    let transfer = Array::new();
                    let fields = [
                        ("id", JsValue::from_f64(id)),
                        ("sheet", JsValue::from_f64(s as f64)),
                        ("column", encode_column(column, &transfer).into()),
                    ];
                    post(scope, id, &name, message("column", &fields), &transfer);
                }
            }
            post(
                scope,
                id,
                &name,
                message("done", &[("id", JsValue::from_f64(id))]),
                &Array::new(),
            );
        }
        Err(reason) => post_error(scope, id, &name, &reason),
    }
}

/// Types sheet `index` of the open file again with the chosen header.
fn retype(scope: &DedicatedWorkerGlobalScope, request: &JsValue) {
    let id = get_f64(request, "id");
    let index = get_f64(request, "index") as usize;
    let header = get(request, "header");
    CURRENT.with_borrow_mut(|current| *current = Some((id, String::new())));
    let choice = match (header.as_string().as_deref(), header.as_f64()) {
        (Some("none"), _) => HeaderChoice::None,
        (_, Some(row)) => HeaderChoice::Row(row as usize),
        _ => HeaderChoice::Auto,
    };
    let open = OPEN_FILE.with_borrow(|open| open.clone());
    let sheet = match open {
        Some((open_id, blob)) if open_id == id => read_bytes(&blob)
            .and_then(|bytes| read_sheet_with(&bytes, index, choice).map_err(|e| e.to_string())),
        _ => Err("the file is no longer open; drop it again.".to_owned()),
    };
    match sheet {
        Ok(sheet) => {
            let transfer = Array::new();
            let fields = [
                ("id", JsValue::from_f64(id)),
                ("index", JsValue::from_f64(index as f64)),
                ("sheet", encode_sheet(&sheet, &transfer).into()),
            ];
            post(scope, id, "", message("sheet", &fields), &transfer);
        }
        Err(reason) => post_error(scope, id, "", &reason),
    }
}

fn post(
    scope: &DedicatedWorkerGlobalScope,
    id: f64,
    name: &str,
    msg: js_sys::Object,
    transfer: &Array,
) {
    if let Err(e) = scope.post_message_with_transfer(&msg, transfer) {
        post_error(
            scope,
            id,
            name,
            &format!("the result could not be handed to the page ({e:?})."),
        );
    }
}

fn post_error(scope: &DedicatedWorkerGlobalScope, id: f64, name: &str, reason: &str) {
    let fields = [
        ("id", JsValue::from_f64(id)),
        ("name", JsValue::from_str(name)),
        ("message", JsValue::from_str(reason)),
    ];
    let _ = scope.post_message(&message("error", &fields));
}

/// How much of a file is read into JavaScript memory at a time.
const READ_CHUNK: f64 = 4.0 * 1024.0 * 1024.0;

/// The bytes of a `Blob` (a dropped `File` or a fetched data file).
///
/// Read a slice at a time straight into one buffer of the file's size: a
/// whole-file `ArrayBuffer` beside the copy doubles the file in memory until
/// the garbage collector runs (the 48 MB 1M-row benchmark file peaked at
/// 347–409 MB that way, at 347–353 MB this way, over five runs each).
fn read_bytes(file: &JsValue) -> Result<Vec<u8>, String> {
    let blob: &Blob = file.dyn_ref().ok_or("no file was given.")?;
    let reader = FileReaderSync::new().map_err(|_| "the browser cannot read files here.")?;
    let size = blob.size();
    // Before the copy: a file over the limit must not exhaust memory first.
    check_file_size(size as u64).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(size as usize);
    let mut start = 0.0;
    while start < size {
        let end = (start + READ_CHUNK).min(size);
        let chunk = blob
            .slice_with_f64_and_f64(start, end)
            .and_then(|part| reader.read_as_array_buffer(&part))
            .map_err(|e| {
                format!(
                    "the browser could not read the file ({}).",
                    js_error_text(&e)
                )
            })?;
        let chunk = js_sys::Uint8Array::new(&chunk);
        let at = bytes.len();
        bytes.resize(at + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[at..]);
        start = end;
    }
    Ok(bytes)
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
