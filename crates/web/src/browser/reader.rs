//! The page's side of the reader workers: starts them, hands them files
//! and requests, and turns what they post (or their death) into [`Msg`]s.
//!
//! The page starts one reader, of .xlsx and delimited text. A file in any
//! other format it answers with `Elsewhere`; this side then hands the file
//! to the reader of every format, started (its wasm fetched) only then and
//! kept for the next such file, and asks that reader to type the file's
//! sheets again. The session sees one reader: both post to it alike, and a
//! restart stops both.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, ErrorEvent, Event, MessageEvent, Worker};

use super::glue::Emit;
use super::wire::{open, Envelope, Opened};
use crate::protocol::{
    join_column, Arriving, Dates, FromReader, Header, ReaderError, ToReader, ValueKind,
};
use crate::session::Msg;
use sheetplot_model::ReadError;
use sheetplot_read::typing::{DateChoice, HeaderChoice};

type Handler<T> = Closure<dyn FnMut(T)>;

/// The page's readers.
pub struct Reader {
    url: String,
    /// How many workers may read a file at once.
    threads: u32,
    /// The first reader, of .xlsx and delimited text.
    worker: Option<Started>,
    emit: Emit,
    every: Rc<RefCell<Every>>,
}

/// A worker and the handlers that keep talking to it: they live until it
/// is stopped.
struct Started {
    worker: Worker,
    _handlers: (Handler<MessageEvent>, Handler<Event>),
}

impl Drop for Started {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The reader of every format, and the files handed to it.
struct Every {
    url: String,
    threads: u32,
    emit: Emit,
    started: Option<Started>,
    ready: bool,
    /// The file handed to it before it said it was ready.
    waiting: Option<Handed>,
    /// The request whose file it holds: its sheets are typed again there.
    holds: Option<u32>,
    /// The file last handed to the first reader, to hand on if it is
    /// another reader's.
    last: Option<Handed>,
    /// The request the page reads now.
    current: Option<u32>,
    /// How many times it was started: a wait belongs to one start.
    starts: u32,
}

/// A file handed to a reader as request `id`.
#[derive(Clone)]
struct Handed {
    id: u32,
    name: String,
    file: Blob,
}

/// What a reader posted, for this side.
enum Heard {
    Msg(Box<Msg<Blob>>),
    /// The first reader leaves file `id` to the reader of every format.
    Elsewhere(u32),
    /// A run of a column's values, kept until the column comes.
    Nothing,
}

impl Reader {
    /// Starts the first reader at `url` (its loader script), posting to
    /// `emit`; the reader of every format is at `every_url`. A file is read
    /// on up to `threads` workers.
    pub fn start(url: String, every_url: String, threads: u32, emit: Emit) -> Reader {
        let every = Every {
            url: every_url,
            threads,
            emit: emit.clone(),
            started: None,
            ready: false,
            waiting: None,
            holds: None,
            last: None,
            current: None,
            starts: 0,
        };
        let mut reader = Reader {
            url,
            threads,
            worker: None,
            emit,
            every: Rc::new(RefCell::new(every)),
        };
        reader.worker = reader.spawn_first();
        reader
    }

    fn spawn_first(&self) -> Option<Started> {
        let every = self.every.clone();
        let emit = self.emit.clone();
        let died = {
            let emit = self.emit.clone();
            move |detail| emit.send(Msg::ReaderCrashed { detail })
        };
        spawn(&self.url, died, move |heard| match heard {
            Heard::Msg(msg) => emit.send(*msg),
            Heard::Elsewhere(id) => hand_elsewhere(&every, id),
            Heard::Nothing => {}
        })
    }

    /// Stops both readers at once and starts a fresh first one (the reader
    /// of every format starts again when a file needs it).
    pub fn restart(&mut self) {
        self.worker = None;
        let stopped = {
            let mut every = self.every.borrow_mut();
            every.ready = false;
            every.waiting = None;
            every.holds = None;
            every.last = None;
            every.started.take()
        };
        // Dropped outside the borrow: it may be the worker whose handler
        // is running.
        drop(stopped);
        self.worker = self.spawn_first();
    }

    /// Hands `file` over to be read as request `id`.
    pub fn open(&self, id: u32, name: &str, file: &Blob) -> Result<(), String> {
        let handed = Handed {
            id,
            name: name.to_owned(),
            file: file.clone(),
        };
        {
            let mut every = self.every.borrow_mut();
            every.last = Some(handed.clone());
            every.current = Some(id);
            // A file still waiting for the reader of every format is no
            // longer the one the page reads.
            every.waiting = None;
        }
        post_open(self.worker.as_ref(), &handed, self.threads)
    }

    /// Asks for sheet `index` of file `id` typed again with `header`.
    pub fn retype(
        &self,
        id: u32,
        index: usize,
        header: HeaderChoice,
        dates: DateChoice,
    ) -> Result<(), String> {
        let message = ToReader::Retype {
            id,
            index,
            header: Header::from(header),
            dates: Dates::from(dates),
        };
        let envelope = Envelope::new(&message)?;
        let every = self.every.borrow();
        let worker = if every.holds == Some(id) {
            every.started.as_ref()
        } else {
            self.worker.as_ref()
        };
        post(worker, envelope).map_err(|e| format!("the sheet could not be read again ({e})."))
    }
}

/// Hands file `id`, which the first reader leaves to the reader of every
/// format, to that reader: started now if it is not running, the file
/// handed over once it says it is ready.
fn hand_elsewhere(every: &Rc<RefCell<Every>>, id: u32) {
    let mut state = every.borrow_mut();
    let Some(handed) = state.last.take().filter(|h| h.id == id) else {
        return;
    };
    state.holds = Some(id);
    if state.started.is_none() {
        let weak = Rc::downgrade(every);
        let emit = state.emit.clone();
        state.ready = false;
        state.starts += 1;
        let start = state.starts;
        let died = {
            let weak = weak.clone();
            move |detail: String| {
                if let Some(every) = weak.upgrade() {
                    every_died(&every, &detail);
                }
            }
        };
        state.started = spawn(&state.url, died, move |heard| {
            if let Some(every) = weak.upgrade() {
                every_heard(&every, &emit, heard)
            }
        });
        // A wasm that never arrives (the network gone mid-load) reaches no
        // error event: a file (this one, or one dropped after it) waits no
        // longer than this start's wait.
        let weak = Rc::downgrade(every);
        super::dom::after(crate::session::READER_WAIT_MS, move || {
            let Some(every) = weak.upgrade() else { return };
            let late = {
                let state = every.borrow();
                state.starts == start && !state.ready && state.waiting.is_some()
            };
            if late {
                every_died(&every, "it did not start within 30 seconds");
            }
        });
    }
    if state.ready {
        hand_over(state, handed);
    } else {
        state.waiting = Some(handed);
    }
}

/// Hands `handed` to the running reader of every format (`state`, let go
/// before the session hears of a failure: it may start another request).
fn hand_over(state: std::cell::RefMut<'_, Every>, handed: Handed) {
    let sent = post_open(state.started.as_ref(), &handed, state.threads);
    let emit = state.emit.clone();
    drop(state);
    if let Err(reason) = sent {
        emit.send(Msg::NotHandedOver {
            name: handed.name,
            reason,
        });
    }
}

/// The reader of every format died: before it was ready (its files could
/// not be fetched, say offline before one such file was ever opened), the
/// file waiting for it is refused as a file it could not load; once ready,
/// as the first reader's death is when it was reading the page's file,
/// and quietly otherwise (it starts again when a file needs it).
fn every_died(every: &Rc<RefCell<Every>>, detail: &str) {
    let (emit, death, stopped) = {
        let mut state = every.borrow_mut();
        let ready = std::mem::replace(&mut state.ready, false);
        let reading = state
            .holds
            .take()
            .is_some_and(|id| state.current == Some(id));
        let death = match state.waiting.take() {
            Some(handed) if !ready => Death::Unloaded(handed),
            _ if ready && reading => Death::Reading,
            _ => Death::Idle,
        };
        (state.emit.clone(), death, state.started.take())
    };
    // Dropped in a task of its own: this may run in its error handler.
    super::dom::later(move || drop(stopped));
    match death {
        Death::Unloaded(handed) => emit.send(Msg::NotHandedOver {
            name: handed.name,
            reason: format!(
                "the reader of .xls, .xlsb and .ods files could not be loaded ({detail}). \
                 Offline, it is there once such a file has been opened online."
            ),
        }),
        Death::Reading => emit.send(Msg::ReaderCrashed {
            detail: detail.to_owned(),
        }),
        Death::Idle => {}
    }
}

/// How the reader of every format died, for the page.
enum Death {
    /// Before it was ready, with this file waiting for it.
    Unloaded(Handed),
    /// While it read the page's file.
    Reading,
    /// With nothing of the page's asked of it.
    Idle,
}

/// What the reader of every format posted: once it is ready, the file
/// waiting for it is handed over; the rest goes to the session.
fn every_heard(every: &Rc<RefCell<Every>>, emit: &Emit, heard: Heard) {
    match heard {
        Heard::Msg(msg) if matches!(*msg, Msg::ReaderReady) => {
            let mut state = every.borrow_mut();
            state.ready = true;
            if let Some(handed) = state.waiting.take() {
                hand_over(state, handed);
            }
        }
        Heard::Msg(msg) => emit.send(*msg),
        // It reads every format: this would be a build whose two readers
        // are the same.
        Heard::Elsewhere(id) => emit.send(Msg::Refused {
            id,
            name: String::new(),
            error: ReaderError::Read(ReadError::OtherReader("file".to_owned())),
        }),
        Heard::Nothing => {}
    }
}

/// Starts the worker at `url`, telling `heard` what it posts and `died`
/// of its death. `None` (and `died` told) when it cannot start.
fn spawn(
    url: &str,
    died: impl Fn(String) + 'static,
    mut heard: impl FnMut(Heard) + 'static,
) -> Option<Started> {
    let worker = match Worker::new(url) {
        Ok(worker) => worker,
        Err(e) => {
            let detail = format!("the reader could not be started: {e:?}");
            // Told in a task of its own: the session may be mid-update.
            super::dom::later(move || died(detail));
            return None;
        }
    };
    let on_message = {
        let mut arriving = Arriving::default();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            heard(heard_of(&event.data(), &mut arriving))
        })
    };
    // A worker whose script could not be fetched fires a plain `Event`.
    let on_error = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        event.prevent_default();
        died(match event.dyn_ref::<ErrorEvent>() {
            Some(error) => error.message(),
            None => "its files did not arrive".to_owned(),
        });
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Started {
        worker,
        _handlers: (on_message, on_error),
    })
}

/// Hands `handed` to `worker` to be read on up to `threads` workers.
fn post_open(worker: Option<&Started>, handed: &Handed, threads: u32) -> Result<(), String> {
    let message = ToReader::Open {
        id: handed.id,
        name: handed.name.clone(),
        threads,
        apart_min: super::url::apart_min_bytes(),
    };
    post(worker, Envelope::new(&message)?.with_file(&handed.file))
        .map_err(|e| format!("the file could not be handed to the reader ({e})."))
}

fn post(worker: Option<&Started>, envelope: Envelope) -> Result<(), String> {
    let worker = worker.ok_or("the reader is not running")?;
    worker
        .worker
        .post_message_with_transfer(&envelope.into_value(), &Array::new())
        .map_err(|e| format!("{e:?}"))
}

/// What the worker posted, for this side.
fn heard_of(data: &JsValue, arriving: &mut Arriving) -> Heard {
    match message_of(data, arriving) {
        Ok(Some(msg)) => Heard::Msg(Box::new(msg)),
        Ok(None) => Heard::Nothing,
        Err(id) => Heard::Elsewhere(id),
    }
}

/// The session's message for what the worker posted; none for a run of
/// a column's values, kept in `arriving` until the column comes; `Err`
/// with the request's id when the worker leaves the file to another.
fn message_of(data: &JsValue, arriving: &mut Arriving) -> Result<Option<Msg<Blob>>, u32> {
    let Opened { msg, data, .. } = match open::<FromReader>(data) {
        Ok(opened) => opened,
        Err(detail) => return Ok(Some(Msg::ReaderCrashed { detail })),
    };
    Ok(Some(match msg {
        FromReader::Ready => Msg::ReaderReady,
        FromReader::Progress { id, done, total } => Msg::Progress { id, done, total },
        FromReader::Workbook {
            id,
            parse_ms,
            threads,
            sheets,
            charts,
            ..
        } => Msg::Outline {
            id,
            parse_ms,
            threads,
            charts,
            workbook: sheetplot_model::Workbook {
                sheets: sheets
                    .into_iter()
                    .map(|s| s.into_sheet(Vec::new()))
                    .collect(),
            },
        },
        FromReader::Values { id, of } => {
            data.run_into(arriving, id, of);
            return Ok(None);
        }
        FromReader::Column { id, sheet, column } => {
            let arrays = data.arrays(0, column.kind == ValueKind::Text);
            let arrays = arriving.finish(id, arrays);
            Msg::Column {
                id,
                sheet,
                column: join_column(column, arrays),
            }
        }
        FromReader::Done { id } => Msg::Done { id },
        FromReader::Sheet { id, index, sheet } => Msg::Retyped {
            id,
            index,
            sheet: sheet.into_sheet(Vec::new()),
        },
        FromReader::Refused { id, name, error } => Msg::Refused { id, name, error },
        FromReader::Elsewhere { id } => return Err(id),
    }))
}
