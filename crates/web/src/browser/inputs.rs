//! Where files and choices come from: the drop zone (and the whole page,
//! so a near miss never navigates away), the file picker, the data folder's
//! list, the sheet and header pickers, cancel, resizing and the URL hash.
//! Each becomes a [`Msg`]; nothing is decided here.

use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Blob, DragEvent, Event, HtmlElement, KeyboardEvent, Response};

use super::dom::{append, on, window, Dom};
use super::glue::Emit;
use super::pickers::{date_choice, header_choice};
use crate::session::Msg;

/// Where nginx serves the data folder, with a JSON listing.
const DATA_URL: &str = "./data/";
const SPREADSHEET_EXTENSIONS: [&str; 8] =
    ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

fn chosen(emit: &Emit, name: String, file: Blob) {
    let size = file.size();
    emit.send(Msg::FileChosen { name, file, size });
}

/// Stops early.js's handlers, which took files while the wasm loaded, and
/// opens the file one of them kept.
pub fn take_early_file(emit: &Emit) {
    let Ok(win) = window() else { return };
    let Ok(early) = js_sys::Reflect::get(&win, &JsValue::from_str("sheetplotEarly")) else {
        return;
    };
    let stop = js_sys::Reflect::get(&early, &JsValue::from_str("stop"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(stop) = stop else { return };
    if let Ok(file) = stop
        .call0(&early)
        .and_then(|f| f.dyn_into::<web_sys::File>())
    {
        chosen(emit, file.name(), file.into());
    }
}

pub fn wire(dom: &Rc<Dom>, emit: &Emit) {
    let Ok(win) = window() else { return };
    {
        let zone = dom.drop_zone.clone();
        on(&win, "dragover", move |event: Event| {
            event.prevent_default();
            let _ = zone.class_list().add_1("dragging");
        });
    }
    {
        let zone = dom.drop_zone.clone();
        on(&win, "dragleave", move |event: Event| {
            let leaving_page = event
                .dyn_ref::<DragEvent>()
                .is_some_and(|e| e.related_target().is_none());
            if leaving_page {
                let _ = zone.class_list().remove_1("dragging");
            }
        });
    }
    {
        let (zone, emit) = (dom.drop_zone.clone(), emit.clone());
        on(&win, "drop", move |event: Event| {
            event.prevent_default();
            let _ = zone.class_list().remove_1("dragging");
            let transfer = event
                .dyn_ref::<DragEvent>()
                .and_then(DragEvent::data_transfer);
            let file = transfer
                .as_ref()
                .and_then(|t| t.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                chosen(&emit, file.name(), file.into());
            } else if let Some(table) = transfer.as_ref().and_then(super::paste::dropped) {
                // A selection dragged from another page or program.
                chosen(&emit, super::paste::PASTED.to_owned(), table);
            }
        });
    }
    {
        let (input, emit) = (dom.file_input.clone(), emit.clone());
        on(&dom.file_input, "change", move |_| {
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                chosen(&emit, file.name(), file.into());
            }
            // Choosing the same file again must fire `change` again.
            input.set_value("");
        });
    }
    {
        // Enter or Space on the focused drop zone opens the file picker.
        let input: HtmlElement = dom.file_input.clone().into();
        on(&dom.drop_zone, "keydown", move |event: Event| {
            let key = event
                .dyn_ref::<KeyboardEvent>()
                .map(|k| k.key())
                .unwrap_or_default();
            if key == "Enter" || key == " " {
                event.prevent_default();
                input.click();
            }
        });
    }
    {
        let (select, emit) = (dom.sheet_select.clone(), emit.clone());
        on(&dom.sheet_select, "change", move |_| {
            emit.send(Msg::SheetChosen(select.selected_index().max(0) as usize))
        });
    }
    {
        let (select, emit) = (dom.header_select.clone(), emit.clone());
        on(&dom.header_select, "change", move |_| {
            emit.send(Msg::HeaderChosen(header_choice(&select.value())))
        });
    }
    {
        let (select, emit) = (dom.date_order.clone(), emit.clone());
        on(&dom.date_order, "change", move |_| {
            emit.send(Msg::DatesChosen(date_choice(&select.value())))
        });
    }
    {
        let emit = emit.clone();
        on(&dom.cancel, "click", move |_| emit.send(Msg::Cancel));
    }
    {
        let emit = emit.clone();
        on(&win, "resize", move |_| emit.send(Msg::Resized));
    }
    {
        let emit = emit.clone();
        on(&win, "hashchange", move |_| {
            emit.send(Msg::UrlChanged(super::url::settings()))
        });
    }
    spawn_local(list_data_folder(dom.clone(), emit.clone()));
}

/// Lists the spreadsheets of the served data folder (nginx's JSON autoindex).
async fn list_data_folder(dom: Rc<Dom>, emit: Emit) {
    let list = &dom.data_list;
    let names = match fetch_json(DATA_URL).await {
        Ok(entries) => data_file_names(&entries),
        Err(_) => Vec::new(),
    };
    list.set_text_content(None);
    if names.is_empty() {
        if let Some(hint) = append(list, "li", "No spreadsheets in the data folder.") {
            let _ = hint.set_attribute("class", "hint");
        }
        return;
    }
    for name in names {
        let Some(button) = append(list, "li", "").and_then(|item| append(&item, "button", &name))
        else {
            continue;
        };
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("data-file", &name);
        let emit = emit.clone();
        on(&button, "click", move |_| {
            let (emit, name) = (emit.clone(), name.clone());
            spawn_local(async move {
                let url = format!(
                    "{DATA_URL}{}",
                    String::from(js_sys::encode_uri_component(&name))
                );
                match fetch_blob(&url).await {
                    Ok(blob) => chosen(&emit, name, blob),
                    Err(reason) => emit.send(Msg::NotHandedOver { name, reason }),
                }
            });
        });
    }
}

fn data_file_names(entries: &JsValue) -> Vec<String> {
    let Some(entries) = entries.dyn_ref::<Array>() else {
        return Vec::new();
    };
    let field = |entry: &JsValue, key: &str| {
        js_sys::Reflect::get(entry, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let mut names: Vec<String> = entries
        .iter()
        .filter(|e| field(e, "type") == "file")
        .map(|e| field(&e, "name"))
        .filter(|n| {
            let ext = n
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_default();
            SPREADSHEET_EXTENSIONS.contains(&ext.as_str())
        })
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    names
}

async fn fetch(url: &str) -> Result<Response, String> {
    let promise = window()?.fetch_with_str(url);
    let response = JsFuture::from(promise)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let response: Response = response.unchecked_into();
    if response.ok() {
        Ok(response)
    } else {
        Err(format!(
            "the server answered {} {}.",
            response.status(),
            response.status_text()
        ))
    }
}

async fn fetch_json(url: &str) -> Result<JsValue, String> {
    let promise = fetch(url).await?.json().map_err(|e| format!("{e:?}"))?;
    JsFuture::from(promise)
        .await
        .map_err(|_| "not a listing".to_owned())
}

async fn fetch_blob(url: &str) -> Result<Blob, String> {
    let promise = fetch(url).await?.blob().map_err(|e| format!("{e:?}"))?;
    let blob = JsFuture::from(promise)
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(blob.unchecked_into())
}
