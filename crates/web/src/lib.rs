//! sheetplot's page and its reader, over a state machine tested natively.
//!
//! [`session`] is the page as plain data: `update(&mut Session, Msg) ->
//! Vec<Effect>`, with no browser in sight, so `cargo test` drives it
//! through files chosen, columns arriving, charts, cancels and crashes;
//! [`protocol`] is what the page and the worker say to each other, as
//! types. Everything else is browser glue, compiled for wasm32 only and
//! kept thin: it turns DOM and worker events into `Msg`s and carries out
//! `Effect`s. No glue module imports the composition root ([`app`]).

pub mod protocol;
pub mod session;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod canvas;
#[cfg(target_arch = "wasm32")]
mod controls;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod export;
#[cfg(target_arch = "wasm32")]
mod glue;
#[cfg(target_arch = "wasm32")]
mod inputs;
#[cfg(target_arch = "wasm32")]
mod interact;
#[cfg(target_arch = "wasm32")]
mod notify;
#[cfg(target_arch = "wasm32")]
mod pickers;
#[cfg(target_arch = "wasm32")]
mod preview;
#[cfg(target_arch = "wasm32")]
mod reader;
#[cfg(target_arch = "wasm32")]
mod url;
#[cfg(target_arch = "wasm32")]
mod wire;
#[cfg(target_arch = "wasm32")]
pub mod worker;
