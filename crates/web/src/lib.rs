//! sheetplot's page and its reader, over a state machine tested natively.
//!
//! [`session`] is the page as plain data: `update(&mut Session, Msg) ->
//! Vec<Effect>`, with no browser in sight, so `cargo test` drives it
//! through files chosen, columns arriving, charts, cancels and crashes;
//! [`protocol`] is what the page and the worker say to each other, as
//! types. `browser` (wasm32 only) is the glue that turns DOM and worker
//! events into `Msg`s and carries out `Effect`s.

pub mod export_size;
pub mod markup;
pub mod protocol;
pub mod session;

#[cfg(target_arch = "wasm32")]
pub mod browser;
