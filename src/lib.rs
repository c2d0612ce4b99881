//! sheetplot: a spreadsheet in, a chart out, all in the browser.
//!
//! Data flows one way, and the modules follow it:
//! bytes → [`read`] (calamine) → [`typing`] → [`Workbook`] of typed columns
//! → [`chart::ChartSpec`] (what to draw) → [`render`] on any plotters
//! backend (a canvas in the page, SVG for export and tests).
//! Browser glue lives in [`web`], compiled for wasm32 only.

pub mod calendar;
pub mod error;
pub mod format;
pub mod read;
pub mod typing;
pub mod workbook;

pub use error::ReadError;
pub use read::read_workbook;
pub use workbook::{Column, Sheet, TimeKind, Values, Workbook};
pub mod chart;
pub mod downsample;
pub mod render;
pub mod ticks;

#[cfg(target_arch = "wasm32")]
pub mod web;
