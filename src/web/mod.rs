//! Browser glue, compiled for wasm32 only: the page ([`app`]) and the Web
//! Worker that reads workbooks off the main thread ([`worker`]). Everything
//! here is thin; the work is done by the core modules.

pub mod app;
mod controls;
mod dom;
mod export;
mod interact;
mod preview;
mod protocol;
pub mod worker;
