//! Small DOM helpers shared by the page's code.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Document, Element, Event};

pub fn window() -> web_sys::Window {
    web_sys::window().expect("sheetplot runs in a browser window")
}

pub fn document() -> Document {
    window().document().expect("the window has a document")
}

/// The element with `data-testid="{id}"`, which index.html must provide.
pub fn by_test_id<T: JsCast>(id: &str) -> T {
    document()
        .query_selector(&format!("[data-testid=\"{id}\"]"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("index.html lacks data-testid={id}"))
        .dyn_into::<T>()
        .unwrap_or_else(|_| panic!("data-testid={id} has the wrong element type"))
}

pub fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Records a `performance.mark`, so tools can time the page's milestones.
pub fn mark(name: &str) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(name);
    }
}

/// Dispatches `name` on `window` with `detail`.
pub fn dispatch(name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = window().dispatch_event(&event);
    }
}

/// Creates `<tag>` with `text` as its content.
pub fn element(tag: &str, text: &str) -> Element {
    let e = document().create_element(tag).expect("valid tag name");
    e.set_text_content(Some(text));
    e
}

/// Adds an event listener that lives as long as the page.
pub fn on(target: &web_sys::EventTarget, name: &str, handler: impl FnMut(Event) + 'static) {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Runs `task` in a task of its own, after the current one.
pub fn later(task: impl FnOnce() + 'static) {
    after(0, task);
}

/// Runs `task` in a task of its own, `ms` milliseconds from now.
pub fn after(ms: i32, task: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(task);
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}
