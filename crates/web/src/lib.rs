//! sheetplot's page and its reader, over a state machine tested natively.
//!
//! [`session`] is the page as plain data: `update(&mut Session, Msg) ->
//! Vec<Effect>`, with no browser in sight, so `cargo test` drives it
//! through files chosen, columns arriving, charts, cancels and crashes.
//! Everything else is browser glue, compiled for wasm32 only and kept thin:
//! it turns DOM and worker events into `Msg`s and carries out `Effect`s.

pub mod session;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod controls;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod export;
#[cfg(target_arch = "wasm32")]
mod interact;
#[cfg(target_arch = "wasm32")]
mod preview;
#[cfg(target_arch = "wasm32")]
mod protocol;
#[cfg(target_arch = "wasm32")]
pub mod worker;
