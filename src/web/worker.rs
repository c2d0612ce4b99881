//! The Web Worker: receives a file, reads and types it, posts the workbook.
//!
//! Reading runs here so the page never freezes. A panic aborts this wasm
//! instance; the page sees the worker's `error` event, tells the user and
//! starts a fresh worker.

use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

use super::protocol::{encode_workbook, get, get_f64, get_string, message};
use crate::read::read_workbook;

pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if get_string(&data, "type") == "open" {
            open(&reply_scope, &data);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    // Messages sent before the wasm module loaded were dropped: say we are ready.
    let _ = scope.post_message(&message("ready", &[]));
}

fn open(scope: &DedicatedWorkerGlobalScope, request: &JsValue) {
    let id = get_f64(request, "id");
    let name = get_string(request, "name");
    let started = now_ms(scope);
    let result = read_bytes(&get(request, "file"))
        .and_then(|bytes| read_workbook(&bytes).map_err(|e| e.to_string()));
    let parse_ms = now_ms(scope) - started;
    let common = [
        ("id", JsValue::from_f64(id)),
        ("name", JsValue::from_str(&name)),
    ];
    let posted = match result {
        Ok(workbook) => {
            let (sheets, transfer) = encode_workbook(&workbook);
            drop(workbook);
            let mut fields = common.to_vec();
            fields.push(("parse_ms", JsValue::from_f64(parse_ms)));
            fields.push(("sheets", sheets.into()));
            scope.post_message_with_transfer(&message("workbook", &fields), &transfer)
        }
        Err(reason) => {
            let mut fields = common.to_vec();
            fields.push(("message", JsValue::from_str(&reason)));
            scope.post_message(&message("error", &fields))
        }
    };
    if let Err(e) = posted {
        let reason = format!("the result could not be handed to the page ({e:?}).");
        let mut fields = common.to_vec();
        fields.push(("message", JsValue::from_str(&reason)));
        let _ = scope.post_message(&message("error", &fields));
    }
}

/// The bytes of a `Blob` (a dropped `File` or a fetched data file).
fn read_bytes(file: &JsValue) -> Result<Vec<u8>, String> {
    let blob: &Blob = file.dyn_ref().ok_or("no file was given.")?;
    let reader = FileReaderSync::new().map_err(|_| "the browser cannot read files here.")?;
    let buffer = reader.read_as_array_buffer(blob).map_err(|e| {
        format!(
            "the browser could not read the file ({}).",
            js_error_text(&e)
        )
    })?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
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
