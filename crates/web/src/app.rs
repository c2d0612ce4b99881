//! The page: wires the drop zone, file picker, data-folder list and sheet
//! picker to the worker, and draws the chosen sheet on the canvas.
//!
//! The main thread never parses: it hands the `File` (a cheap reference) to
//! the worker and receives typed columns back. It owns the canvas and the
//! DOM, and announces every outcome with a `sheetplot:rendered` or
//! `sheetplot:error` event on `window` (a contract for tests).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Blob, DragEvent, ErrorEvent, Event, HtmlButtonElement, HtmlCanvasElement, HtmlElement,
    HtmlInputElement, HtmlSelectElement, MessageEvent, Response, Worker,
};

use crate::dom::{after, by_test_id, dispatch, document, element, later, mark, now_ms, on, window};
use crate::protocol::{
    decode_column, decode_sheet, decode_workbook, get, get_f64, get_string, message, set,
};
use crate::{controls, export, interact, preview};
use sheetplot_chart::render::{render, render_message, RenderError, RenderStats};
use sheetplot_chart::settings::Settings;
use sheetplot_chart::{default_title, ChartSpec};
use sheetplot_model::{Column, Sheet, TimeKind, Values, Workbook};

/// Where the worker's loader (written by trunk's `data-loader-shim`) is served.
const WORKER_URL: &str = "./worker_loader.js";
/// Where nginx serves the data folder, with a JSON listing.
const DATA_URL: &str = "./data/";
/// How many rows from the top the header picker offers.
const HEADER_CHOICES: usize = 30;
const SPREADSHEET_EXTENSIONS: [&str; 8] =
    ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

/// A workbook on screen.
pub(super) struct Loaded {
    /// The request id the worker knows the file by.
    id: u32,
    pub(super) file: String,
    pub(super) workbook: Workbook,
    pub(super) sheet: usize,
    parse_ms: f64,
    /// What is drawn of the current sheet; `None` when it has nothing to plot.
    pub(super) spec: Option<ChartSpec>,
    /// The last render, for hover and zoom.
    pub(super) stats: Option<RenderStats>,
    /// The x span of all the data, for zooming out no further than it.
    pub(super) full_x: Option<(f64, f64)>,
    /// Between showing a sheet and choosing its chart (its columns are
    /// summarised a task each): a redraw meanwhile would show no chart.
    choosing: bool,
}

impl Loaded {
    pub(super) fn sheet(&self) -> &Sheet {
        &self.workbook.sheets[self.sheet]
    }
}

/// A workbook arriving from the worker, a column at a time.
struct Incoming {
    name: String,
    parse_ms: f64,
    workbook: Workbook,
}

/// A file on its way to the worker.
struct Request {
    id: u32,
    name: String,
    file: Blob,
}

type Handler<T> = Closure<dyn FnMut(T)>;

pub(super) struct App {
    worker: Worker,
    ready: bool,
    /// A file chosen before the worker had loaded.
    queued: Option<Request>,
    /// The request whose answer the page is waiting for; answers to older
    /// requests (the user chose another file meanwhile) are dropped.
    pending: Option<(u32, String)>,
    next_id: u32,
    pub(super) loaded: Option<Loaded>,
    /// Keeps the current worker's handlers alive until it is replaced.
    worker_handlers: Option<(Handler<MessageEvent>, Handler<ErrorEvent>)>,
    /// Whether a worker has been ready once.
    started: bool,
    /// The workbook whose columns are arriving.
    incoming: Option<Incoming>,
}

pub(super) type Shared = Rc<RefCell<App>>;

pub fn start() {
    let worker = Worker::new(WORKER_URL).expect("the worker script can be started");
    let app: Shared = Rc::new(RefCell::new(App {
        worker,
        ready: false,
        queued: None,
        pending: None,
        next_id: 1,
        loaded: None,
        worker_handlers: None,
        started: false,
        incoming: None,
    }));
    attach_worker(&app);
    set_reader_state("loading");
    wire_inputs(&app);
    {
        let app = app.clone();
        controls::wire(move || on_controls_changed(&app));
    }
    interact::wire(&app);
    export::wire(&app);
    {
        let app = app.clone();
        on(&by_test_id::<HtmlElement>("cancel"), "click", move |_| {
            cancel(&app)
        });
    }
    spawn_local(list_data_folder(app));
    // The page takes files from here on; one chosen before the reader (the
    // worker, loading meanwhile) is ready waits for it.
    set_status("Ready: drop a spreadsheet, choose one, or open a file from the data folder.");
    mark("sheetplot:interactive");
    later(warm_up_drawing);
}

/// Draws a small line chart once on a canvas that is never shown, right
/// after the page starts, so the browser compiles the drawing code before
/// the first real chart (a first 10k-row line chart drew in 7–10 ms
/// instead of about 20).
fn warm_up_drawing() {
    let Ok(canvas) = document().create_element("canvas") else {
        return;
    };
    let canvas: HtmlCanvasElement = canvas.unchecked_into();
    canvas.set_width(480);
    canvas.set_height(270);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas) else {
        return;
    };
    let rows = 600;
    let hours = |i: usize| 1.7e9 + 3600.0 * i as f64;
    let columns = vec![
        Column::new(
            "time".into(),
            Values::Time {
                seconds: (0..rows).map(hours).collect(),
                kind: TimeKind::DateTime,
            },
            0,
        ),
        Column::new(
            "value".into(),
            Values::Number((0..rows).map(|i| (i as f64 / 40.0).sin()).collect()),
            0,
        ),
    ];
    let sheet = Sheet {
        name: "warm-up".into(),
        rows,
        header_row: Some(0),
        first_row: 0,
        columns,
        title: None,
    };
    if let Ok(spec) = ChartSpec::suggest(&sheet, "warm-up".into()) {
        let _ = render(&backend.into_drawing_area(), &sheet, &spec, 1.0);
    }
}

/// Installs the message and error handlers on the app's current worker.
fn attach_worker(app: &Shared) {
    let on_message = {
        let app = app.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            on_worker_message(&app, &event.data())
        })
    };
    let on_error = {
        let app = app.clone();
        Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            on_worker_crash(&app, &event.message());
        })
    };
    let mut state = app.borrow_mut();
    state
        .worker
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    state
        .worker
        .set_onerror(Some(on_error.as_ref().unchecked_ref()));
    state.worker_handlers = Some((on_message, on_error));
}

fn on_worker_message(app: &Shared, data: &JsValue) {
    match get_string(data, "type").as_str() {
        "ready" => {
            let (queued, first) = {
                let mut state = app.borrow_mut();
                state.ready = true;
                let first = !state.started;
                state.started = true;
                (state.queued.take(), first)
            };
            set_reader_state("ready");
            if first {
                mark("sheetplot:reader-ready");
            }
            if let Some(request) = queued {
                post(app, request);
            }
        }
        "progress" => {
            let id = get_f64(data, "id") as u32;
            let name = app
                .borrow()
                .pending
                .as_ref()
                .filter(|(p, _)| *p == id)
                .map(|(_, n)| n.clone());
            if let Some(name) = name {
                show_progress(&name, get_f64(data, "done"), get_f64(data, "total"));
            }
        }
        "sheet" => {
            let id = get_f64(data, "id") as u32;
            let index = get_f64(data, "index") as usize;
            let sheet = decode_sheet(&get(data, "sheet"));
            {
                let mut state = app.borrow_mut();
                let Some(loaded) = state.loaded.as_mut().filter(|l| l.id == id) else {
                    return;
                };
                let Some(slot) = loaded.workbook.sheets.get_mut(index) else {
                    return;
                };
                *slot = sheet;
                loaded.spec = None;
                loaded.stats = None;
                loaded.choosing = true;
            }
            summarize_then_show(app.clone(), 0);
        }
        "workbook" | "error" | "column" | "done" => {
            let id = get_f64(data, "id") as u32;
            let current = app
                .borrow()
                .pending
                .as_ref()
                .is_some_and(|(pending, _)| *pending == id);
            if !current {
                // An error about the open file (typing a sheet again) still counts.
                let open_file = app
                    .borrow()
                    .loaded
                    .as_ref()
                    .filter(|l| l.id == id)
                    .map(|l| l.file.clone());
                if let (Some(file), "error") = (open_file, get_string(data, "type").as_str()) {
                    refuse(&file, &get_string(data, "message"));
                }
                return;
            }
            match get_string(data, "type").as_str() {
                "error" => {
                    app.borrow_mut().pending = None;
                    hide_progress();
                    refuse(&get_string(data, "name"), &get_string(data, "message"));
                    set_status("Ready for the next file.");
                }
                // The sheets first, then each column in a message (and so a
                // task) of its own: no single task copies a whole workbook.
                "workbook" => {
                    let incoming = Incoming {
                        name: get_string(data, "name"),
                        parse_ms: get_f64(data, "parse_ms"),
                        workbook: decode_workbook(&get(data, "sheets")),
                    };
                    app.borrow_mut().incoming = Some(incoming);
                }
                "column" => {
                    let sheet = get_f64(data, "sheet") as usize;
                    let column = decode_column(&get(data, "column"));
                    let mut state = app.borrow_mut();
                    if let Some(sheet) = state
                        .incoming
                        .as_mut()
                        .and_then(|i| i.workbook.sheets.get_mut(sheet))
                    {
                        sheet.columns.push(column);
                    }
                }
                _ => {
                    let incoming = {
                        let mut state = app.borrow_mut();
                        state.pending = None;
                        state.incoming.take()
                    };
                    hide_progress();
                    if let Some(incoming) = incoming {
                        show_workbook(app, id, incoming);
                    }
                }
            }
        }
        _ => {}
    }
}

/// A workbook has arrived whole: list its sheets and show the first (or
/// the one the URL names).
fn show_workbook(app: &Shared, id: u32, incoming: Incoming) {
    let Incoming {
        name,
        parse_ms,
        workbook,
    } = incoming;
    show_sheet_picker(&workbook);
    let header: HtmlSelectElement = by_test_id("header-row");
    let _ = header.remove_attribute("data-chosen");
    let sheet = settings_in_url().and_then(|s| {
        (s.file == name)
            .then(|| workbook.sheets.iter().position(|sh| sh.name == s.sheet))
            .flatten()
    });
    if let Some(sheet) = sheet {
        by_test_id::<HtmlSelectElement>("sheet-select").set_selected_index(sheet as i32);
    }
    app.borrow_mut().loaded = Some(Loaded {
        id,
        file: name,
        workbook,
        sheet: sheet.unwrap_or(0),
        parse_ms,
        spec: None,
        stats: None,
        full_x: None,
        choosing: true,
    });
    // Choosing and drawing get tasks of their own.
    let app = app.clone();
    later(move || summarize_then_show(app, 0));
}

/// Stops the current worker at once and starts a fresh one.
fn replace_worker(app: &Shared) {
    {
        let mut state = app.borrow_mut();
        state.worker.terminate();
        state.ready = false;
        set_reader_state("loading");
        match Worker::new(WORKER_URL) {
            Ok(worker) => state.worker = worker,
            Err(e) => {
                web_sys::console::error_2(&"sheetplot: could not restart the worker".into(), &e)
            }
        }
    }
    attach_worker(app);
}

/// The worker died (a panic aborts its wasm instance, or it ran out of
/// memory): start a fresh one for the next file, and tell the user unless
/// the worker already answered (its panic hook reports a damaged file).
fn on_worker_crash(app: &Shared, detail: &str) {
    let (pending, was_waiting) = {
        let mut state = app.borrow_mut();
        state.incoming = None;
        (state.pending.take(), state.queued.take().is_some())
    };
    replace_worker(app);
    hide_progress();
    if let Some((_, name)) = pending {
        let detail = if detail.is_empty() {
            "no details"
        } else {
            detail
        };
        let reason = if was_waiting {
            format!("the reader could not start ({detail}). Reload the page to try again.")
        } else {
            format!("sheetplot ran out of memory or hit an internal error reading it ({detail}). The page has recovered; try another file.")
        };
        refuse(&name, &reason);
        set_status("Ready for the next file.");
    }
}

/// How long a chosen file waits for the reader to load before the page
/// gives up: a failed download of the reader's wasm reaches no error event.
const READER_WAIT_MS: i32 = 30_000;

/// The reader has not loaded for a file that has waited [`READER_WAIT_MS`].
fn on_reader_timeout(app: &Shared, id: u32) {
    let waiting = app
        .borrow()
        .queued
        .as_ref()
        .is_some_and(|request| request.id == id);
    if waiting {
        on_worker_crash(app, "it did not load in 30 s");
    }
}

/// Cancel: the worker is stopped mid-read and replaced; the page keeps
/// what it showed before.
fn cancel(app: &Shared) {
    let (pending, was_waiting) = {
        let mut state = app.borrow_mut();
        state.incoming = None;
        (state.pending.take(), state.queued.take().is_some())
    };
    let Some((_, name)) = pending else { return };
    // A file still waiting for the reader was never sent: the loading
    // reader is kept.
    if !was_waiting {
        replace_worker(app);
    }
    hide_progress();
    set_status(&format!("Cancelled reading {name}."));
    let detail = Object::new();
    set(&detail, "file", name.as_str());
    dispatch("sheetplot:cancelled", &detail);
}

fn show_progress(name: &str, done: f64, total: f64) {
    let panel: HtmlElement = by_test_id("progress-panel");
    panel.set_hidden(false);
    let bar: HtmlElement = by_test_id("progress");
    let label: HtmlElement = by_test_id("progress-label");
    if total > 0.0 && done.is_finite() {
        let percent = (100.0 * done / total).clamp(0.0, 100.0);
        let _ = bar.set_attribute("value", &format!("{percent:.1}"));
        label.set_text_content(Some(&format!(
            "{name}: {percent:.0}% of {:.1} MB",
            total / 1e6
        )));
    } else {
        let _ = bar.remove_attribute("value");
        label.set_text_content(Some(name));
    }
}

fn hide_progress() {
    by_test_id::<HtmlElement>("progress-panel").set_hidden(true);
}

/// Sends `file` to the worker, or queues it until the worker is ready.
fn open_file(app: &Shared, name: String, file: Blob) {
    clear_error();
    set_status(&format!("Reading {name}…"));
    show_progress(&name, f64::NAN, file.size());
    let request = {
        let mut state = app.borrow_mut();
        let id = state.next_id;
        state.next_id += 1;
        state.pending = Some((id, name.clone()));
        Request { id, name, file }
    };
    if app.borrow().ready {
        post(app, request);
    } else {
        by_test_id::<HtmlElement>("progress-label").set_text_content(Some(&format!(
            "{}: waiting for the reader to load…",
            request.name
        )));
        let id = request.id;
        app.borrow_mut().queued = Some(request);
        let app = app.clone();
        after(READER_WAIT_MS, move || on_reader_timeout(&app, id));
    }
}

fn post(app: &Shared, request: Request) {
    let msg = message(
        "open",
        &[
            ("id", JsValue::from_f64(f64::from(request.id))),
            ("name", JsValue::from_str(&request.name)),
            ("file", request.file.into()),
        ],
    );
    if let Err(e) = app.borrow().worker.post_message(&msg) {
        refuse(
            &request.name,
            &format!("the file could not be handed to the reader ({e:?})."),
        );
    }
}

/// Works out the drawing summary of the current sheet's columns one column
/// per task (a million-row column takes a few milliseconds), then shows the
/// sheet: no single task holds the main thread for long, and the first draw
/// finds the summaries ready.
fn summarize_then_show(app: Shared, column: usize) {
    let more = {
        let state = app.borrow();
        let Some(loaded) = &state.loaded else { return };
        let columns = &loaded.sheet().columns;
        column + 1 < columns.len()
    };
    if more {
        later(move || summarize_then_show(app, column + 1));
    } else {
        show_sheet(&app);
    }
}

/// Shows the current sheet: picks its chart (the suggestion, or the
/// settings in the URL when they are for this file and sheet), then draws
/// it and fills the controls, the preview and the header choice.
fn show_sheet(app: &Shared) {
    {
        let mut state = app.borrow_mut();
        let Some(loaded) = state.loaded.as_mut() else {
            return;
        };
        let sheet = loaded.sheet();
        let title = default_title(&loaded.file, sheet, loaded.workbook.sheets.len());
        let from_url = settings_in_url().filter(|s| s.file == loaded.file && s.sheet == sheet.name);
        let spec = ChartSpec::suggest(sheet, title)
            .ok()
            .map(|spec| match &from_url {
                Some(settings) => settings.apply(sheet, spec),
                None => spec,
            });
        loaded.spec = spec;
        loaded.choosing = false;
        loaded.full_x = None;
    }
    {
        let state = app.borrow();
        let Some(loaded) = &state.loaded else { return };
        controls::show(loaded.sheet(), loaded.spec.as_ref());
        preview::show(loaded.sheet());
        show_header_picker(loaded.sheet());
    }
    let app = app.clone();
    later(move || draw(&app));
}

/// The controls changed: draw what they now say.
fn on_controls_changed(app: &Shared) {
    {
        let mut state = app.borrow_mut();
        let Some(loaded) = state.loaded.as_mut() else {
            return;
        };
        let Some(current) = &loaded.spec else { return };
        let spec = controls::read(loaded.sheet(), current);
        if !spec.same_x_axis(current) {
            loaded.full_x = None;
        }
        loaded.spec = Some(spec);
    }
    draw(app);
}

/// The chart settings in the page's URL hash, if any.
fn settings_in_url() -> Option<Settings> {
    let hash = window().location().hash().ok()?;
    (hash.len() > 1).then(|| Settings::from_query(&hash))
}

/// Puts the current settings in the URL hash, without a history entry.
fn remember_settings(loaded: &Loaded, spec: &ChartSpec) {
    let sheet = loaded.sheet();
    let default = default_title(&loaded.file, sheet, loaded.workbook.sheets.len());
    let query = Settings::of(&loaded.file, sheet, spec, &default).to_query();
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{query}")));
    }
}

/// Offers the rows near the top of the sheet as its header row.
fn show_header_picker(sheet: &sheetplot_model::Sheet) {
    let select: HtmlSelectElement = by_test_id("header-row");
    let field: HtmlElement = by_test_id("header-field");
    field.set_hidden(sheet.columns.is_empty());
    let detected = match sheet.header_row {
        Some(row) => format!("Row {}", row + 1),
        None => "none".to_owned(),
    };
    let mut options = vec![
        ("auto".to_owned(), format!("Automatic ({detected})")),
        ("none".to_owned(), "No header row".to_owned()),
    ];
    let last = sheet.first_row + sheet.rows + usize::from(sheet.header_row.is_some());
    for row in sheet.first_row..last.min(sheet.first_row + HEADER_CHOICES) {
        options.push((row.to_string(), format!("Row {}", row + 1)));
    }
    let chosen = select
        .get_attribute("data-chosen")
        .unwrap_or_else(|| "auto".to_owned());
    select.set_inner_html("");
    for (value, label) in options {
        let option = element("option", &label);
        let _ = option.set_attribute("value", &value);
        if value == chosen {
            let _ = option.set_attribute("selected", "");
        }
        let _ = select.append_child(&option);
    }
}

/// Asks the worker to type the current sheet again with the header chosen.
fn retype_sheet(app: &Shared, header: &str) {
    let state = app.borrow();
    let Some(loaded) = &state.loaded else { return };
    let header_value = match header.parse::<f64>() {
        Ok(row) => JsValue::from_f64(row),
        Err(_) => JsValue::from_str(header),
    };
    let msg = message(
        "retype",
        &[
            ("id", JsValue::from_f64(f64::from(loaded.id))),
            ("index", JsValue::from_f64(loaded.sheet as f64)),
            ("header", header_value),
        ],
    );
    if let Err(e) = state.worker.post_message(&msg) {
        refuse(
            &loaded.file,
            &format!("the sheet could not be read again ({e:?})."),
        );
    }
}

/// Draws the current chart at the canvas's size and the screen's pixel
/// density, and announces it with `sheetplot:rendered`.
pub(super) fn draw(app: &Shared) {
    let mut state = app.borrow_mut();
    let Some(loaded) = state.loaded.as_mut().filter(|l| !l.choosing) else {
        return;
    };
    let canvas: HtmlCanvasElement = by_test_id("chart");
    document().body().map(|b| b.class_list().add_1("has-chart"));
    let ratio = window().device_pixel_ratio().max(1.0);
    let (css_width, css_height) = (
        f64::from(canvas.client_width().max(320)),
        f64::from(canvas.client_height().max(200)),
    );
    let (width, height) = (
        (css_width * ratio).round() as u32,
        (css_height * ratio).round() as u32,
    );
    canvas.set_width(width);
    canvas.set_height(height);
    interact::fit_overlay(width, height);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas) else {
        refuse(
            &loaded.file,
            "the browser would not give sheetplot a canvas to draw on.",
        );
        return;
    };
    let root = backend.into_drawing_area();
    let sheet = &loaded.workbook.sheets[loaded.sheet];
    let started = now_ms();
    let mut refusal = None;
    let drawn = match &loaded.spec {
        Some(spec) => match render(&root, sheet, spec, ratio) {
            Ok(stats) => Ok(Some(stats)),
            Err(RenderError::Chart(why)) => {
                let text = format!("Cannot draw this: {why}");
                let shown = render_message(&root, &text, ratio).map(|_| None);
                refusal = Some(text);
                shown
            }
            Err(e) => Err(e),
        },
        None => {
            let why = ChartSpec::suggest(sheet, String::new())
                .err()
                .map_or(String::new(), |e| e.to_string());
            render_message(&root, &format!("Sheet “{}”: {why}", sheet.name), ratio).map(|_| None)
        }
    };
    let render_ms = now_ms() - started;
    let mut status = format!(
        "{} · sheet “{}” · {} {} · read in {:.0} ms · drawn in {:.0} ms",
        loaded.file,
        sheet.name,
        group_thousands(sheet.rows),
        if sheet.rows == 1 { "row" } else { "rows" },
        loaded.parse_ms,
        render_ms
    );
    if let Some(text) = &refusal {
        status = format!("{status} · {text}");
    }
    set_status(&status);
    let categorical = loaded
        .spec
        .as_ref()
        .is_some_and(|s| s.kind.is_categorical());
    document()
        .body()
        .map(|b| b.class_list().toggle_with_force("categorical", categorical));
    set_notes(sheet);
    let stats = match drawn {
        Ok(stats) => stats,
        Err(e) => {
            refuse(&loaded.file, &e.to_string());
            None
        }
    };
    if let Some(spec) = &loaded.spec {
        remember_settings(loaded, spec);
        if spec.x_view.is_none() {
            loaded.full_x = stats.as_ref().and_then(|s| s.plot).map(|p| p.x_range);
        }
    }
    by_test_id::<HtmlButtonElement>("reset-zoom")
        .set_disabled(loaded.spec.as_ref().is_none_or(|s| s.x_view.is_none()));
    // Nothing to export when the canvas shows why there is no chart.
    for id in ["export-png", "export-svg"] {
        by_test_id::<HtmlButtonElement>(id).set_disabled(stats.is_none());
    }
    loaded.stats = stats.clone();
    let Some(stats) = stats else {
        // A chart that cannot be drawn is an outcome too (the canvas says
        // why); the file itself opened, so no banner.
        if let Some(text) = refusal {
            let detail = Object::new();
            set(&detail, "file", loaded.file.as_str());
            set(&detail, "message", text.as_str());
            drop(state);
            dispatch("sheetplot:error", &detail);
        }
        return;
    };
    let strings = |items: &[String]| {
        items
            .iter()
            .map(|t| JsValue::from_str(t))
            .collect::<Array>()
    };
    let detail = Object::new();
    set(&detail, "file", loaded.file.as_str());
    set(&detail, "sheet", sheet.name.as_str());
    set(&detail, "rows", sheet.rows as f64);
    set(&detail, "parse_ms", loaded.parse_ms);
    set(&detail, "render_ms", render_ms);
    set(&detail, "points_drawn", stats.points_drawn as f64);
    set(
        &detail,
        "kind",
        loaded.spec.as_ref().map_or("", |s| s.kind.name()),
    );
    set(&detail, "x_ticks", strings(&stats.x_ticks));
    set(&detail, "series", strings(&stats.series));
    if let Some(plot) = stats.plot {
        let numbers = |values: &[f64]| {
            values
                .iter()
                .map(|&v| JsValue::from_f64(v))
                .collect::<Array>()
        };
        set(
            &detail,
            "x_range",
            numbers(&[plot.x_range.0, plot.x_range.1]),
        );
        set(
            &detail,
            "y_range",
            numbers(&[plot.y_range.0, plot.y_range.1]),
        );
        // The plotting area in CSS pixels of the canvas, for pointer tests.
        let area = Object::new();
        set(&area, "left", f64::from(plot.left) / ratio);
        set(&area, "top", f64::from(plot.top) / ratio);
        set(&area, "width", f64::from(plot.width) / ratio);
        set(&area, "height", f64::from(plot.height) / ratio);
        set(&detail, "plot", area);
    }
    drop(state);
    dispatch("sheetplot:rendered", &detail);
}

/// Says under the chart which cells were left out, per column.
fn set_notes(sheet: &sheetplot_model::Sheet) {
    let notes: HtmlElement = by_test_id("notes");
    let lines: Vec<String> = sheet
        .columns
        .iter()
        .filter(|c| c.misfits > 0)
        .map(|c| {
            let (one, many) = match c.values.type_name() {
                "number" => ("a number", "numbers"),
                "date" => ("a date", "dates"),
                "date-time" => ("a date-time", "date-times"),
                "time" => ("a time of day", "times of day"),
                "duration" => ("a duration", "durations"),
                _ => ("TRUE or FALSE", "TRUE or FALSE"),
            };
            let count = group_thousands(c.misfits);
            if c.misfits == 1 {
                format!("1 cell in “{}” is not {one} and was left out.", c.name)
            } else {
                format!(
                    "{count} cells in “{}” are not {many} and were left out.",
                    c.name
                )
            }
        })
        .collect();
    notes.set_text_content(Some(&lines.join(" ")));
    notes.set_hidden(lines.is_empty());
}

fn show_sheet_picker(workbook: &Workbook) {
    let select: HtmlSelectElement = by_test_id("sheet-select");
    select.set_inner_html("");
    for (i, sheet) in workbook.sheets.iter().enumerate() {
        let label = if sheet.is_empty() {
            format!("{} (empty)", sheet.name)
        } else {
            sheet.name.clone()
        };
        let option = element("option", &label);
        let _ = option.set_attribute("value", &i.to_string());
        let _ = select.append_child(&option);
    }
    select.set_selected_index(0);
    let field: HtmlElement = by_test_id("sheet-field");
    field.set_hidden(workbook.sheets.len() < 2);
}

fn wire_inputs(app: &Shared) {
    let win = window();
    let zone: HtmlElement = by_test_id("drop-zone");

    // Dropping anywhere on the page opens the file: a near miss must not
    // make the browser navigate away to the file.
    on(&win, "dragover", |event: Event| {
        event.prevent_default();
        if let Ok(zone) = document().query_selector("[data-testid=\"drop-zone\"]") {
            zone.map(|z| z.class_list().add_1("dragging"));
        }
    });
    on(&win, "dragleave", |event: Event| {
        let leaving_page = event
            .dyn_ref::<DragEvent>()
            .is_some_and(|e| e.related_target().is_none());
        if leaving_page {
            let zone: HtmlElement = by_test_id("drop-zone");
            let _ = zone.class_list().remove_1("dragging");
        }
    });
    {
        let app = app.clone();
        on(&win, "drop", move |event: Event| {
            event.prevent_default();
            let zone: HtmlElement = by_test_id("drop-zone");
            let _ = zone.class_list().remove_1("dragging");
            let file = event
                .dyn_ref::<DragEvent>()
                .and_then(DragEvent::data_transfer)
                .and_then(|t| t.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                open_file(&app, file.name(), file.into());
            }
        });
    }
    {
        let app = app.clone();
        let input: HtmlInputElement = by_test_id("file-input");
        on(&input.clone(), "change", move |_| {
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                open_file(&app, file.name(), file.into());
            }
            // Choosing the same file again must fire `change` again.
            input.set_value("");
        });
    }
    {
        // Enter or Space on the focused drop zone opens the file picker.
        on(&zone, "keydown", move |event: Event| {
            let key = event
                .dyn_ref::<web_sys::KeyboardEvent>()
                .map(|k| k.key())
                .unwrap_or_default();
            if key == "Enter" || key == " " {
                event.prevent_default();
                let input: HtmlElement = by_test_id("file-input");
                input.click();
            }
        });
    }
    {
        let app = app.clone();
        let select: HtmlSelectElement = by_test_id("sheet-select");
        on(&select.clone(), "change", move |_| {
            let index = select.selected_index().max(0) as usize;
            if let Some(loaded) = app.borrow_mut().loaded.as_mut() {
                loaded.sheet = index.min(loaded.workbook.sheets.len().saturating_sub(1));
                // The old sheet's chart must not meet the new sheet's columns
                // (hover, resize) before the new chart is chosen.
                loaded.spec = None;
                loaded.stats = None;
                loaded.choosing = true;
            }
            let header: HtmlSelectElement = by_test_id("header-row");
            let _ = header.remove_attribute("data-chosen");
            summarize_then_show(app.clone(), 0);
        });
    }
    {
        let app = app.clone();
        let select: HtmlSelectElement = by_test_id("header-row");
        on(&select.clone(), "change", move |_| {
            let value = select.value();
            let _ = select.set_attribute("data-chosen", &value);
            retype_sheet(&app, &value);
        });
    }
    {
        let app = app.clone();
        on(&win, "resize", move |_| draw(&app));
    }
}

/// Lists the spreadsheets of the served data folder (nginx's JSON autoindex).
async fn list_data_folder(app: Shared) {
    let list: HtmlElement = by_test_id("data-list");
    let names = match fetch_json(DATA_URL).await {
        Ok(entries) => data_file_names(&entries),
        Err(_) => Vec::new(),
    };
    list.set_inner_html("");
    if names.is_empty() {
        let hint = element("li", "No spreadsheets in the data folder.");
        let _ = hint.set_attribute("class", "hint");
        let _ = list.append_child(&hint);
        return;
    }
    for name in names {
        let item = element("li", "");
        let button = element("button", &name);
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("data-file", &name);
        let _ = item.append_child(&button);
        let _ = list.append_child(&item);
        let app = app.clone();
        on(&button, "click", move |_| {
            let app = app.clone();
            let name = name.clone();
            spawn_local(async move {
                let url = format!(
                    "{DATA_URL}{}",
                    String::from(js_sys::encode_uri_component(&name))
                );
                match fetch_blob(&url).await {
                    Ok(blob) => open_file(&app, name, blob),
                    Err(reason) => refuse(&name, &reason),
                }
            });
        });
    }
}

fn data_file_names(entries: &JsValue) -> Vec<String> {
    let Some(entries) = entries.dyn_ref::<Array>() else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .iter()
        .filter(|e| get_string(e, "type") == "file")
        .map(|e| get_string(&e, "name"))
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
    let response = JsFuture::from(window().fetch_with_str(url))
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

/// Shows why `file` was refused and announces it with `sheetplot:error`.
pub(super) fn refuse(file: &str, reason: &str) {
    let text = format!("Could not open “{file}”: {reason}");
    show_error(&text);
    let detail = Object::new();
    set(&detail, "file", file);
    set(&detail, "message", text.as_str());
    // In a task of its own: callers may hold the app's state, and a
    // listener that changes a control at once must not find it borrowed.
    later(move || dispatch("sheetplot:error", &detail));
}

/// Shows `text` in the error banner.
pub(super) fn show_error(text: &str) {
    let error: HtmlElement = by_test_id("error");
    error.set_text_content(Some(text));
    error.set_hidden(false);
}

fn clear_error() {
    let error: HtmlElement = by_test_id("error");
    error.set_text_content(None);
    error.set_hidden(true);
}

/// Says on `<html data-reader>` whether the reader (the worker) is
/// "loading" or "ready": a contract for tests and the benchmark.
fn set_reader_state(state: &str) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-reader", state);
    }
}

fn set_status(text: &str) {
    let status: HtmlElement = by_test_id("status");
    status.set_text_content(Some(text));
}

fn group_thousands(n: usize) -> String {
    sheetplot_model::format::format_number(n as f64, 0)
}
