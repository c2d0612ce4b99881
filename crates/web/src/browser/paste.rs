//! Data that arrives as text rather than as a file: a range pasted with
//! Ctrl/⌘-V anywhere on the page, the *Paste data* button (the async
//! clipboard API), or a table selection dragged onto the page. Excel,
//! LibreOffice and Google Sheets put the range on the clipboard as an HTML
//! table and as tab-separated text; the HTML is preferred (it keeps cells
//! apart whatever they hold). Either becomes a file named "pasted data"
//! and is read like any other: the reader knows both by their content.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Blob, BlobPropertyBag, ClipboardEvent, DataTransfer, Event, HtmlElement};

use super::dom::{on, window, Dom};
use super::glue::Emit;
use crate::session::Msg;

/// The name pasted data goes by in the page and its events.
pub const PASTED: &str = "pasted data";

pub fn wire(dom: &Dom, emit: &Emit) {
    if let Ok(win) = window() {
        let emit = emit.clone();
        on(&win, "paste", move |event: Event| {
            // Pasting into a text field is typing, not data.
            if typing_in_a_field(&event) {
                return;
            }
            let transfer = event
                .dyn_ref::<ClipboardEvent>()
                .and_then(ClipboardEvent::clipboard_data);
            if let Some(blob) = transfer.as_ref().and_then(blob_of) {
                event.prevent_default();
                send(&emit, blob);
            }
        });
    }
    let (emit, status) = (emit.clone(), dom.status.clone());
    on(&dom.paste, "click", move |_| {
        let (emit, status) = (emit.clone(), status.clone());
        spawn_local(async move {
            match read_clipboard().await {
                Ok(Some(blob)) => send(&emit, blob),
                Ok(None) => status.set_text_content(Some(
                    "The clipboard holds no table or text: copy a range of cells first.",
                )),
                Err(_) => status.set_text_content(Some(
                    "The browser would not let sheetplot read the clipboard; press Ctrl-V (⌘-V) on the page instead.",
                )),
            }
        });
    });
}

/// A table dropped as a selection (no file): its HTML or text, if any.
pub fn dropped(transfer: &DataTransfer) -> Option<Blob> {
    blob_of(transfer)
}

fn send(emit: &Emit, file: Blob) {
    let size = file.size();
    emit.send(Msg::FileChosen {
        name: PASTED.to_owned(),
        file,
        size,
    });
}

fn typing_in_a_field(event: &Event) -> bool {
    let Some(target) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return false;
    };
    let tag = target.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select") || target.is_content_editable()
}

/// The HTML (when it holds a table) or else the text of `transfer`, as a
/// blob; `None` when it holds neither.
fn blob_of(transfer: &DataTransfer) -> Option<Blob> {
    let html = transfer.get_data("text/html").unwrap_or_default();
    if html.to_ascii_lowercase().contains("<table") {
        return text_blob(&html, "text/html");
    }
    let text = transfer.get_data("text/plain").unwrap_or_default();
    if text.trim().is_empty() {
        return None;
    }
    text_blob(&text, "text/plain")
}

fn text_blob(text: &str, kind: &str) -> Option<Blob> {
    let options = BlobPropertyBag::new();
    options.set_type(kind);
    Blob::new_with_str_sequence_and_options(&Array::of1(&JsValue::from_str(text)), &options).ok()
}

/// The clipboard's table (HTML) or text, through `navigator.clipboard`
/// (called through `Reflect`: web-sys has it only behind its unstable
/// APIs). `Err` when the browser refuses.
async fn read_clipboard() -> Result<Option<Blob>, JsValue> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into())?;
    let clipboard = Reflect::get(&navigator, &"clipboard".into())?;
    let read: js_sys::Function = Reflect::get(&clipboard, &"read".into())?.dyn_into()?;
    let promise: js_sys::Promise = read.call0(&clipboard)?.dyn_into()?;
    let items: Array = JsFuture::from(promise).await?.dyn_into()?;
    let mut text = None;
    for item in items.iter() {
        let types: Array = Reflect::get(&item, &"types".into())?.dyn_into()?;
        let has = |kind: &str| types.iter().any(|t| t.as_string().as_deref() == Some(kind));
        let get_type: js_sys::Function = Reflect::get(&item, &"getType".into())?.dyn_into()?;
        let blob_of_type = |kind: &'static str| -> Result<js_sys::Promise, JsValue> {
            get_type.call1(&item, &kind.into())?.dyn_into()
        };
        if has("text/html") {
            let blob: Blob = JsFuture::from(blob_of_type("text/html")?)
                .await?
                .dyn_into()?;
            let html = JsFuture::from(blob.text())
                .await?
                .as_string()
                .unwrap_or_default();
            if html.to_ascii_lowercase().contains("<table") {
                return Ok(Some(blob));
            }
        }
        if text.is_none() && has("text/plain") {
            let blob: Blob = JsFuture::from(blob_of_type("text/plain")?)
                .await?
                .dyn_into()?;
            text = Some(blob);
        }
    }
    Ok(text.filter(|b| b.size() > 0.0))
}
