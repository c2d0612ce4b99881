//! What the page tells the person and the tests: the status line, the
//! error banner, the progress panel, notes under the chart, the state of
//! the page around it, and the `sheetplot:*` events on `window`.

use serde::Serialize;
use wasm_bindgen::JsValue;

use super::dom::{dispatch_event, document, Dom};
use crate::session::{Announcement, Chrome, ProgressView, ReaderState};

pub fn status(dom: &Dom, text: &str) {
    dom.status.set_text_content(Some(text));
}

/// The error banner; `None` hides it.
pub fn banner(dom: &Dom, text: Option<&str>) {
    dom.error.set_text_content(text);
    dom.error.set_hidden(text.is_none());
}

pub fn progress(dom: &Dom, view: Option<&ProgressView>) {
    let Some(view) = view else {
        dom.progress_panel.set_hidden(true);
        return;
    };
    dom.progress_panel.set_hidden(false);
    match view.percent() {
        Some(percent) => {
            let _ = dom
                .progress
                .set_attribute("value", &format!("{percent:.1}"));
        }
        None => {
            let _ = dom.progress.remove_attribute("value");
        }
    }
    dom.progress_label.set_text_content(Some(&view.label()));
}

pub fn notes(dom: &Dom, text: &str) {
    dom.notes.set_text_content(Some(text));
    dom.notes.set_hidden(text.is_empty());
}

/// Says on `<html data-reader>` whether the reader is "loading" or "ready".
pub fn reader_state(state: ReaderState) {
    if let Some(root) = document().ok().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-reader", state.name());
    }
}

pub fn chrome(dom: &Dom, chrome: Chrome) {
    if let Some(body) = document().ok().and_then(|d| d.body()) {
        let classes = body.class_list();
        let _ = classes.add_1("has-chart");
        let _ = classes.toggle_with_force("categorical", chrome.categorical);
    }
    dom.reset_zoom.set_disabled(!chrome.reset_zoom);
    dom.export_png.set_disabled(!chrome.export);
    dom.export_svg.set_disabled(!chrome.export);
    dom.copy_png.set_disabled(!chrome.export);
}

#[derive(Serialize)]
struct FileMessage<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
}

/// Dispatches the announcement's event on `window`.
pub fn announce(announcement: &Announcement) {
    let (name, detail) = match announcement {
        Announcement::Rendered(detail) => ("sheetplot:rendered", to_js(detail)),
        Announcement::Error { file, message } => (
            "sheetplot:error",
            to_js(&FileMessage {
                file,
                message: Some(message),
            }),
        ),
        Announcement::Cancelled { file } => (
            "sheetplot:cancelled",
            to_js(&FileMessage {
                file,
                message: None,
            }),
        ),
    };
    dispatch_event(name, &detail);
}

fn to_js(value: &impl Serialize) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}
