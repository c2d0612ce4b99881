//! sheetplot: a spreadsheet in, a chart out, all in the browser.
//!
//! Data flows one way, and the modules follow it:
//! bytes → [`read`] (calamine) → [`typing`] → [`Workbook`] of typed columns
//! → [`chart::ChartSpec`] (what to draw) → [`render`] on any plotters
//! backend (a canvas in the page, SVG for export and tests).
//! Reading lives in the `sheetplot-workbook` crate (`crates/workbook`),
//! re-exported here; browser glue lives in `web`, compiled for wasm32 only.

pub use sheetplot_workbook::{calendar, downsample, error, format, read, typing, workbook};
pub use sheetplot_workbook::{read_workbook, Column, ReadError, Sheet, TimeKind, Values, Workbook};

pub mod chart;
pub mod render;
pub mod ticks;

#[cfg(target_arch = "wasm32")]
pub mod web;
