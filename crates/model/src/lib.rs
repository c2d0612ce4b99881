//! sheetplot's model: what every other layer works from. A [`Workbook`] is
//! a list of sheets of equally long typed columns, each with its
//! [`ColumnStats`]; [`calendar`] and [`format`] turn stored values into what
//! the workbook shows; [`ReadError`] says why a file was refused.
//!
//! No reading and no drawing here: the reader (`sheetplot-read`) makes
//! these types, the chart layer (`sheetplot-chart`) draws them, and the page
//! ships them between its worker and its main thread.

pub mod calendar;
pub mod error;
pub mod format;
pub mod hash;
pub mod saved_chart;
pub mod stats;
pub mod style;
pub mod workbook;

pub use error::ReadError;
pub use saved_chart::{SavedChart, SavedCharts};
pub use stats::{Blocks, ColumnStats};
pub use style::{Dash, LegendPosition, Rgb};
pub use workbook::{
    CellOrigin, Column, DateOrder, NumberFormat, Sheet, TextDates, TimeKind, Values, Workbook,
};
