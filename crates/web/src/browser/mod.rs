//! The browser glue (wasm32 only), kept thin: DOM and worker events become
//! [`crate::session::Msg`]s, [`crate::session::Effect`]s become DOM changes,
//! worker posts and drawings. No module here imports the composition root
//! ([`app`]): they share the session and a way to message it ([`glue`]).

pub mod app;
mod blob_reader;
mod canvas;
mod controls;
mod dom;
mod export;
mod glue;
mod helper;
mod inputs;
mod interact;
mod notify;
mod offline;
mod paste;
mod pickers;
mod preview;
mod reader;
mod theme;
mod url;
mod wire;
pub mod worker;
