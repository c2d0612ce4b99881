//! What the browser glue's modules share: the session, and a way to send
//! it messages, so no module imports the composition root.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Blob;

use crate::session::{Msg, Session};

/// The session, read by the modules that draw from it.
pub type Shared = Rc<RefCell<Session<Blob>>>;

/// Sends a message to the session (see `app::dispatch`).
#[derive(Clone)]
pub struct Emit(Rc<dyn Fn(Msg<Blob>)>);

impl Emit {
    pub fn new(send: impl Fn(Msg<Blob>) + 'static) -> Emit {
        Emit(Rc::new(send))
    }

    pub fn send(&self, msg: Msg<Blob>) {
        (self.0)(msg)
    }
}
