//! The page's composition root: resolves the elements, starts the reader,
//! wires the inputs to the session and carries out its effects.
//!
//! One [`dispatch`] borrows the session, updates it, releases it, then runs
//! the effects; effects that read the session (drawing, filling the
//! controls) borrow it again, immutably, one at a time. The main thread
//! never parses: it hands the `File` (a cheap reference) to the worker and
//! receives typed columns back.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::Blob;

use super::dom::{after, later, mark, Dom};
use super::glue::{Emit, Shared};
use super::reader::Reader;
use super::{
    canvas, controls, export, inputs, interact, notify, offline, paste, pickers, preview, theme,
    url,
};
use crate::session::{update, Effect, Msg, Session, READER_WAIT_MS};

/// Where the readers' loaders are served when the page does not name
/// hashed ones (`<meta name="sheetplot-reader">` and
/// `<meta name="sheetplot-reader-all">`, written at build time).
const WORKER_URL: &str = "./worker_loader.js";
const WORKER_ALL_URL: &str = "./worker_all_loader.js";

struct App {
    session: Shared,
    /// Sends messages to [`dispatch`]; it holds the app weakly.
    emit: Emit,
    dom: Rc<Dom>,
    reader: RefCell<Option<Reader>>,
    /// A drawing is scheduled: changes meanwhile are drawn by it.
    draw_pending: Cell<bool>,
}

pub fn start() {
    install_panic_hook();
    let dom = match Dom::resolve() {
        Ok(dom) => Rc::new(dom),
        Err(why) => {
            web_sys::console::error_1(&format!("sheetplot cannot start: {why}").into());
            return;
        }
    };
    let (mut session, start_effects) = Session::new(url::settings());
    if url::query("checksums").is_some() {
        session.report_checksums();
    }
    let app = Rc::new_cyclic(|weak: &std::rc::Weak<App>| {
        let weak = weak.clone();
        App {
            session: Rc::new(RefCell::new(session)),
            emit: Emit::new(move |msg| {
                if let Some(app) = weak.upgrade() {
                    dispatch(&app, msg)
                }
            }),
            dom,
            reader: RefCell::new(None),
            draw_pending: Cell::new(false),
        }
    });
    let emit = app.emit.clone();
    *app.reader.borrow_mut() = Some(Reader::start(
        loader_url("sheetplot-reader", WORKER_URL),
        loader_url("sheetplot-reader-all", WORKER_ALL_URL),
        url::threads(),
        emit.clone(),
    ));
    run(&app, &emit, start_effects);
    emit.send(Msg::ThemeChosen(theme::initial()));
    inputs::wire(&app.dom, &emit);
    theme::wire(&app.dom, &emit);
    paste::wire(&app.dom, &emit);
    offline::register();
    {
        let (dom, emit) = (app.dom.clone(), emit.clone());
        controls::wire(&app.dom, move || {
            emit.send(Msg::ControlsChanged(controls::read(&dom)))
        });
    }
    interact::wire(app.dom.clone(), app.session.clone(), emit.clone());
    export::wire(app.dom.clone(), app.session.clone());
    // The page's own handlers take files from here on (early.js took them
    // while the wasm loaded, and marked `sheetplot:interactive`); a file
    // chosen before the reader (the worker, loading meanwhile) is ready
    // waits for it.
    inputs::take_early_file(&emit);
    mark("sheetplot:app-ready");
    later(canvas::warm_up);
    // The page lives as long as its tab.
    std::mem::forget(app);
}

/// A reader's loader script: the hashed name the build wrote into the
/// page's `<meta name>`, else trunk's own, `fallback`.
fn loader_url(name: &str, fallback: &str) -> String {
    super::dom::document()
        .ok()
        .and_then(|d| {
            d.query_selector(&format!("meta[name=\"{name}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| fallback.to_owned())
}

/// Updates the session with `msg`, then carries out what it says.
fn dispatch(app: &Rc<App>, msg: Msg<Blob>) {
    let effects = match app.session.try_borrow_mut() {
        Ok(mut session) => update(&mut session, msg),
        Err(_) => {
            // Only an event fired by one of our own effects could land
            // here; it is handled in a task of its own.
            let app = app.clone();
            later(move || dispatch(&app, msg));
            return;
        }
    };
    run(app, &app.emit.clone(), effects);
}

fn run(app: &Rc<App>, emit: &Emit, effects: Vec<Effect<Blob>>) {
    let dom = &app.dom;
    for effect in effects {
        match effect {
            Effect::SendFile { id, name, file } => {
                let sent = match app.reader.borrow().as_ref() {
                    Some(reader) => reader.open(id, &name, &file),
                    None => Err("the reader is not running.".to_owned()),
                };
                if let Err(reason) = sent {
                    emit.send(Msg::NotHandedOver { name, reason });
                }
            }
            Effect::Retype {
                id,
                index,
                header,
                dates,
            } => {
                let sent = match app.reader.borrow().as_ref() {
                    Some(reader) => reader.retype(id, index, header, dates),
                    None => Err("the reader is not running.".to_owned()),
                };
                if let Err(reason) = sent {
                    let name = app
                        .session
                        .borrow()
                        .open()
                        .map_or(String::new(), |o| o.file.clone());
                    emit.send(Msg::NotHandedOver { name, reason });
                }
            }
            Effect::RestartReader => {
                if let Some(reader) = app.reader.borrow_mut().as_mut() {
                    reader.restart();
                }
            }
            Effect::WaitForReader { id } => {
                let emit = emit.clone();
                after(READER_WAIT_MS, move || {
                    emit.send(Msg::ReaderTimedOut { id })
                });
            }
            Effect::ReaderState(state) => notify::reader_state(state),
            Effect::Mark(name) => mark(name),
            Effect::Progress(view) => notify::progress(dom, view.as_ref()),
            Effect::Status(text) => notify::status(dom, &text),
            Effect::Banner(text) => notify::banner(dom, text.as_deref()),
            Effect::Announce(announcement) => notify::announce(&announcement),
            Effect::SheetPicker {
                labels,
                charts,
                selected,
            } => pickers::show_sheets(dom, &labels, &charts, selected),
            // In a task of its own: the task that took the last column is
            // long enough.
            Effect::ShowSheet => {
                let app = app.clone();
                later(move || {
                    let Ok(session) = app.session.try_borrow() else {
                        return;
                    };
                    if let Some(open) = session.open() {
                        let spec = open.chart.as_ref().map(|c| &c.spec);
                        controls::show(&app.dom, open.sheet(), spec);
                        preview::show(&app.dom, open.sheet());
                        pickers::show_headers(&app.dom, open.sheet(), open.header);
                        pickers::show_dates(&app.dom, open.sheet(), open.dates);
                    }
                });
            }
            Effect::SyncControls => {
                let session = app.session.borrow();
                if let Some(open) = session.open() {
                    if let Some(chart) = &open.chart {
                        controls::sync(dom, open.sheet(), &chart.spec);
                    }
                }
            }
            Effect::Draw => schedule_draw(app, emit),
            Effect::Chrome(chrome) => notify::chrome(dom, chrome),
            Effect::Notes(text) => notify::notes(dom, &text),
            // In a task of its own: `history.replaceState` inside the task
            // that fills the panels took 41 ms for a first file (1.4 after).
            Effect::Url(query) => later(move || url::remember(&query)),
            Effect::ClearMarks => interact::clear_marks(dom),
            Effect::Theme(chosen) => theme::show(dom, chosen),
            Effect::SeriesLooks(rows) => controls::show_series_looks(dom, &rows),
        }
    }
}

/// Draws in a task of its own, once for any number of changes meanwhile:
/// the drawing shows the session as it is then.
fn schedule_draw(app: &Rc<App>, emit: &Emit) {
    if app.draw_pending.replace(true) {
        return;
    }
    let (app, emit) = (app.clone(), emit.clone());
    later(move || {
        app.draw_pending.set(false);
        let drawn = {
            let Ok(session) = app.session.try_borrow() else {
                return;
            };
            canvas::draw(&app.dom, &session)
        };
        if let Some(drawn) = drawn {
            emit.send(Msg::Drawn(drawn));
        }
    });
}

/// wasm aborts on a panic, so nothing on the page can catch one: show the
/// person what happened (the chart already drawn stays), and announce it.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let text = format!(
            "sheetplot hit an internal error and stopped ({info}). Reload the page to go on; \
             nothing was sent anywhere."
        );
        web_sys::console::error_1(&text.clone().into());
        let banner = super::dom::document()
            .ok()
            .and_then(|d| d.query_selector("[data-testid=\"error\"]").ok().flatten());
        if let Some(banner) = banner {
            banner.set_text_content(Some(&text));
            let _ = banner.remove_attribute("hidden");
        }
        notify::announce(&crate::session::Announcement::Error {
            file: String::new(),
            message: text,
        });
    }));
}
