//! The page's side of the reader worker: starts it, hands it files and
//! requests, and turns what it posts (or its death) into [`Msg`]s.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker};

use super::glue::Emit;
use super::wire::{open, Envelope, Opened};
use crate::protocol::{join_column, Arriving, Dates, FromReader, Header, ToReader, ValueKind};
use crate::session::Msg;
use sheetplot_read::typing::{DateChoice, HeaderChoice};

type Handler<T> = Closure<dyn FnMut(T)>;

/// The worker and the handlers that keep talking to it.
pub struct Reader {
    url: String,
    /// How many workers may read a file at once.
    threads: u32,
    worker: Option<Worker>,
    emit: Emit,
    /// Kept alive until the worker is replaced.
    handlers: Option<(Handler<MessageEvent>, Handler<ErrorEvent>)>,
}

impl Reader {
    /// Starts the worker at `url` (its loader script), posting to `emit`;
    /// it reads a file on up to `threads` workers.
    pub fn start(url: String, threads: u32, emit: Emit) -> Reader {
        let mut reader = Reader {
            url,
            threads,
            worker: None,
            emit,
            handlers: None,
        };
        reader.spawn();
        reader
    }

    fn spawn(&mut self) {
        let worker = match Worker::new(&self.url) {
            Ok(worker) => worker,
            Err(e) => {
                let detail = format!("the reader could not be started: {e:?}");
                let emit = self.emit.clone();
                // Told in a task of its own: the session may be mid-update.
                super::dom::later(move || emit.send(Msg::ReaderCrashed { detail }));
                return;
            }
        };
        let on_message = {
            let emit = self.emit.clone();
            let mut arriving = Arriving::default();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if let Some(msg) = message_of(&event.data(), &mut arriving) {
                    emit.send(msg);
                }
            })
        };
        let on_error = {
            let emit = self.emit.clone();
            Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
                event.prevent_default();
                emit.send(Msg::ReaderCrashed {
                    detail: event.message(),
                });
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.worker = Some(worker);
        self.handlers = Some((on_message, on_error));
    }

    /// Stops the worker at once and starts a fresh one.
    pub fn restart(&mut self) {
        if let Some(worker) = self.worker.take() {
            worker.terminate();
        }
        self.spawn();
    }

    /// Hands `file` over to be read as request `id`.
    pub fn open(&self, id: u32, name: &str, file: &Blob) -> Result<(), String> {
        let message = ToReader::Open {
            id,
            name: name.to_owned(),
            threads: self.threads,
            apart_min: super::url::apart_min_bytes(),
        };
        self.post(Envelope::new(&message)?.with_file(file))
            .map_err(|e| format!("the file could not be handed to the reader ({e})."))
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
        self.post(Envelope::new(&message)?)
            .map_err(|e| format!("the sheet could not be read again ({e})."))
    }

    fn post(&self, envelope: Envelope) -> Result<(), String> {
        let worker = self.worker.as_ref().ok_or("the reader is not running")?;
        worker
            .post_message_with_transfer(&envelope.into_value(), &Array::new())
            .map_err(|e| format!("{e:?}"))
    }
}

/// The session's message for what the worker posted; none for a run of
/// a column's values, kept in `arriving` until the column comes.
fn message_of(data: &JsValue, arriving: &mut Arriving) -> Option<Msg<Blob>> {
    let Opened { msg, data, .. } = match open::<FromReader>(data) {
        Ok(opened) => opened,
        Err(detail) => return Some(Msg::ReaderCrashed { detail }),
    };
    Some(match msg {
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
            return None;
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
    })
}
