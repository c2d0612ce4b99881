//! sheetplot's chart layer: what to draw and drawing it.
//!
//! A [`ChartSpec`] ([`spec`]) is what the user chose; [`spec::ChartSpec::suggest`]
//! picks one from a sheet's types, and [`settings`] carries it in the URL.
//! [`shapes`] derives what is drawn (category totals, bins, slices, box
//! statistics), and [`prepare()`] does so once per sheet and spec, for every
//! frame and hover after; [`ticks`] and [`downsample`] (M4, per-pixel bins)
//! keep the axes readable and a frame's work bounded by its pixels;
//! [`render`] draws on any plotters backend: the page's canvas, SVG, or a
//! native test.

pub mod describe;
pub mod downsample;
mod overlay;
mod prepare;
pub mod render;
pub mod saved;
pub mod settings;
pub mod shapes;
pub mod spec;
pub mod style;
pub mod ticks;
pub mod transform;
pub mod trend;

pub use prepare::{prepare, ready, Prepared, Ready};
pub use spec::{default_title, export_stem, file_stem, ChartError, ChartKind, ChartSpec, XSource};
pub use style::{Palette, SeriesLook, Style, Theme};
