//! The page's elements, resolved once at start into a [`Dom`], and small
//! helpers for events and tasks. Nothing here panics: a page whose markup
//! lacks an element refuses to start with a message instead.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CustomEvent, CustomEventInit, Document, Element, Event, HtmlButtonElement, HtmlCanvasElement,
    HtmlElement, HtmlInputElement, HtmlSelectElement, Window,
};

/// Every element the page's code touches, by its `data-testid`.
pub struct Dom {
    pub drop_zone: HtmlElement,
    pub file_input: HtmlInputElement,
    pub sheet_field: HtmlElement,
    pub sheet_select: HtmlSelectElement,
    pub header_field: HtmlElement,
    pub header_select: HtmlSelectElement,
    pub date_order_field: HtmlElement,
    pub date_order: HtmlSelectElement,
    pub controls: HtmlElement,
    pub chart_type: HtmlSelectElement,
    pub x_field: HtmlElement,
    pub x_select: HtmlSelectElement,
    pub y_select: HtmlSelectElement,
    pub y_hint: HtmlElement,
    pub y2_field: HtmlElement,
    pub y2_select: HtmlSelectElement,
    pub y2_bars: HtmlInputElement,
    pub bins_field: HtmlElement,
    pub bins: HtmlInputElement,
    pub log_field: HtmlElement,
    pub log_y: HtmlInputElement,
    pub stack_field: HtmlElement,
    pub stack: HtmlInputElement,
    pub transpose: HtmlInputElement,
    pub title_input: HtmlInputElement,
    pub aggregate_field: HtmlElement,
    pub aggregate: HtmlSelectElement,
    pub bucket_field: HtmlElement,
    pub bucket: HtmlSelectElement,
    pub split_field: HtmlElement,
    pub split_by: HtmlSelectElement,
    pub trend_field: HtmlElement,
    pub trend: HtmlSelectElement,
    pub trend_window: HtmlInputElement,
    pub filter_column: HtmlSelectElement,
    pub filter_values: HtmlSelectElement,
    pub filter_range: HtmlElement,
    pub filter_min: HtmlInputElement,
    pub filter_max: HtmlInputElement,
    pub chart: HtmlCanvasElement,
    pub overlay: HtmlCanvasElement,
    pub tooltip: HtmlElement,
    pub summary: HtmlElement,
    pub data_table: HtmlButtonElement,
    pub reset_zoom: HtmlButtonElement,
    pub export_png: HtmlButtonElement,
    pub export_svg: HtmlButtonElement,
    pub status: HtmlElement,
    pub error: HtmlElement,
    pub notes: HtmlElement,
    pub preview: HtmlElement,
    pub preview_caption: HtmlElement,
    pub progress_panel: HtmlElement,
    pub progress: HtmlElement,
    pub progress_label: HtmlElement,
    pub cancel: HtmlElement,
    pub data_list: HtmlElement,
    pub theme: HtmlButtonElement,
    pub export_size: HtmlSelectElement,
    pub copy_png: HtmlButtonElement,
    pub palette: HtmlSelectElement,
    pub series_styles: HtmlElement,
    pub line_width: HtmlInputElement,
    pub font_scale: HtmlSelectElement,
    pub legend: HtmlSelectElement,
    pub markers: HtmlInputElement,
    pub gridlines: HtmlInputElement,
    pub x_title: HtmlInputElement,
    pub y_title: HtmlInputElement,
    pub y2_title_field: HtmlElement,
    pub y2_title: HtmlInputElement,
    pub y_min: HtmlInputElement,
    pub y_max: HtmlInputElement,
    pub paste: HtmlButtonElement,
}

impl Dom {
    /// Finds every element, or says which one index.html lacks.
    pub fn resolve() -> Result<Dom, String> {
        let doc = document()?;
        Ok(Dom {
            drop_zone: find(&doc, "drop-zone")?,
            file_input: find(&doc, "file-input")?,
            sheet_field: find(&doc, "sheet-field")?,
            sheet_select: find(&doc, "sheet-select")?,
            header_field: find(&doc, "header-field")?,
            header_select: find(&doc, "header-row")?,
            date_order_field: find(&doc, "date-order-field")?,
            date_order: find(&doc, "date-order")?,
            controls: find(&doc, "controls")?,
            chart_type: find(&doc, "chart-type")?,
            x_field: find(&doc, "x-field")?,
            x_select: find(&doc, "x-select")?,
            y_select: find(&doc, "y-select")?,
            y_hint: find(&doc, "y-hint")?,
            y2_field: find(&doc, "y2-field")?,
            y2_select: find(&doc, "y2-select")?,
            y2_bars: find(&doc, "y2-bars")?,
            bins_field: find(&doc, "bins-field")?,
            bins: find(&doc, "bins")?,
            log_field: find(&doc, "log-field")?,
            log_y: find(&doc, "log-y")?,
            stack_field: find(&doc, "stack-field")?,
            stack: find(&doc, "stack")?,
            transpose: find(&doc, "transpose")?,
            title_input: find(&doc, "title-input")?,
            aggregate_field: find(&doc, "aggregate-field")?,
            aggregate: find(&doc, "aggregate")?,
            bucket_field: find(&doc, "bucket-field")?,
            bucket: find(&doc, "bucket")?,
            split_field: find(&doc, "split-field")?,
            split_by: find(&doc, "split-by")?,
            trend_field: find(&doc, "trend-field")?,
            trend: find(&doc, "trend")?,
            trend_window: find(&doc, "trend-window")?,
            filter_column: find(&doc, "filter-column")?,
            filter_values: find(&doc, "filter-values")?,
            filter_range: find(&doc, "filter-range")?,
            filter_min: find(&doc, "filter-min")?,
            filter_max: find(&doc, "filter-max")?,
            chart: find(&doc, "chart")?,
            overlay: find(&doc, "chart-overlay")?,
            tooltip: find(&doc, "tooltip")?,
            summary: find(&doc, "chart-summary")?,
            data_table: find(&doc, "data-table")?,
            reset_zoom: find(&doc, "reset-zoom")?,
            export_png: find(&doc, "export-png")?,
            export_svg: find(&doc, "export-svg")?,
            status: find(&doc, "status")?,
            error: find(&doc, "error")?,
            notes: find(&doc, "notes")?,
            preview: find(&doc, "preview")?,
            preview_caption: find(&doc, "preview-caption")?,
            progress_panel: find(&doc, "progress-panel")?,
            progress: find(&doc, "progress")?,
            progress_label: find(&doc, "progress-label")?,
            cancel: find(&doc, "cancel")?,
            data_list: find(&doc, "data-list")?,
            theme: find(&doc, "theme")?,
            export_size: find(&doc, "export-size")?,
            copy_png: find(&doc, "copy-png")?,
            palette: find(&doc, "palette")?,
            series_styles: find(&doc, "series-styles")?,
            line_width: find(&doc, "line-width")?,
            font_scale: find(&doc, "font-scale")?,
            legend: find(&doc, "legend")?,
            markers: find(&doc, "markers")?,
            gridlines: find(&doc, "gridlines")?,
            x_title: find(&doc, "x-title")?,
            y_title: find(&doc, "y-title")?,
            y2_title_field: find(&doc, "y2-title-field")?,
            y2_title: find(&doc, "y2-title")?,
            y_min: find(&doc, "y-min")?,
            y_max: find(&doc, "y-max")?,
            paste: find(&doc, "paste")?,
        })
    }
}

fn find<T: JsCast>(doc: &Document, id: &str) -> Result<T, String> {
    doc.query_selector(&format!("[data-testid=\"{id}\"]"))
        .ok()
        .flatten()
        .ok_or_else(|| format!("index.html lacks data-testid={id}"))?
        .dyn_into::<T>()
        .map_err(|_| format!("data-testid={id} is the wrong kind of element"))
}

pub fn window() -> Result<Window, String> {
    web_sys::window().ok_or_else(|| "sheetplot runs in a browser window".to_owned())
}

thread_local! {
    /// The page's document, found once: each lookup is two calls into JS.
    static DOCUMENT: Option<Document> = web_sys::window().and_then(|w| w.document());
}

pub fn document() -> Result<Document, String> {
    DOCUMENT
        .with(Clone::clone)
        .ok_or_else(|| "the window has no document".to_owned())
}

/// Device pixels per CSS pixel, at least 1.
pub fn pixel_ratio() -> f64 {
    window().map_or(1.0, |w| w.device_pixel_ratio().max(1.0))
}

pub fn now_ms() -> f64 {
    window()
        .ok()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Records a `performance.mark`, so tools can time the page's milestones.
pub fn mark(name: &str) {
    if let Some(performance) = window().ok().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Dispatches `name` on `window` with `detail`.
pub fn dispatch_event(name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_detail(detail);
    if let (Ok(event), Ok(win)) = (CustomEvent::new_with_event_init_dict(name, &init), window()) {
        let _ = win.dispatch_event(&event);
    }
}

/// Creates `<tag>` with `text` as its content (a text node: never markup).
pub fn element(tag: &str, text: &str) -> Option<Element> {
    let e = document().ok()?.create_element(tag).ok()?;
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Some(e)
}

/// Appends a new `<tag>` with `text` to `parent`, and returns it.
pub fn append(parent: &Element, tag: &str, text: &str) -> Option<Element> {
    let child = element(tag, text)?;
    parent.append_child(&child).ok()?;
    Some(child)
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
    if let Ok(win) = window() {
        let _ =
            win.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
    }
}

/// Runs `task` before the next frame is painted.
pub fn next_frame(task: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(task);
    if let Ok(win) = window() {
        let _ = win.request_animation_frame(callback.unchecked_ref());
    }
}
