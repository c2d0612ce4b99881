//! sheetplot: a spreadsheet in, a chart out.
//!
//! This package is the `sheetplot` command line; the work is done by the
//! layer crates, re-exported here under the names the tests, the fuzzer and
//! the benchmark use:
//! bytes → [`read`] (calamine, then [`typing`]) → [`Workbook`] of typed
//! columns ([`model`]) → [`chart::ChartSpec`] → [`chart::prepare`] →
//! [`chart::render`] on any plotters backend.

pub use sheetplot_chart as chart;
pub use sheetplot_chart::{downsample, render, ticks};
pub use sheetplot_model as model;
pub use sheetplot_model::{calendar, error, format, stats, workbook};
pub use sheetplot_model::{Column, ReadError, Sheet, TimeKind, Values, Workbook};
pub use sheetplot_read as read;
pub use sheetplot_read::{read_workbook, typing};
