//! How a chart looks, apart from what it shows: colours, lines, legend,
//! fonts, axis titles and ends, gridlines, theme. Part of every
//! [`ChartSpec`](crate::ChartSpec), so it travels in the URL hash, the
//! exports and the command line like the rest of the spec, and a chart a
//! workbook saved keeps its own look (see `crate::saved`).

use sheetplot_model::{Dash, LegendPosition, Rgb};

/// A chart's look. The default is sheetplot's own: the Okabe–Ito palette,
/// 2 px lines, the legend above the plot, gridlines, a light theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub palette: Palette,
    /// Per series, by its place among the drawn series (the left axis'
    /// series in order, then the right axis'); a missing entry, or a
    /// `None` in it, takes the chart-wide look.
    pub series: Vec<SeriesLook>,
    /// Line width in CSS pixels.
    pub line_width: f64,
    /// Markers on the points of line charts (when few enough to tell apart).
    pub markers: bool,
    pub legend: LegendPosition,
    /// Every text's size, times this (1.0 is the page's own).
    pub font_scale: f64,
    /// The x axis' title; `None` names it after the x column.
    pub x_title: Option<String>,
    /// The right-hand axis' title; `None` names it after its column.
    pub y2_title: Option<String>,
    /// Fixed ends of the value axis; `None` fits the data.
    pub y_min: Option<f64>,
    pub y_max: Option<f64>,
    pub gridlines: bool,
    pub theme: Theme,
    /// Bars lying down (`Some(true)`) or standing (`Some(false)`); `None`
    /// lays them down when their labels are long or crowded.
    pub horizontal: Option<bool>,
    /// A pie with a hole in the middle.
    pub doughnut: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            palette: Palette::OkabeIto,
            series: Vec::new(),
            line_width: 2.0,
            markers: true,
            legend: LegendPosition::Top,
            font_scale: 1.0,
            x_title: None,
            y2_title: None,
            y_min: None,
            y_max: None,
            gridlines: true,
            theme: Theme::Light,
            horizontal: None,
            doughnut: false,
        }
    }
}

/// One series' own look; `None` takes the chart-wide one.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SeriesLook {
    pub color: Option<Rgb>,
    /// Line width in CSS pixels.
    pub line_width: Option<f64>,
    pub dash: Option<Dash>,
    pub markers: Option<bool>,
}

/// The series colours to choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// Okabe–Ito: told apart with the common colour-vision deficiencies.
    #[default]
    OkabeIto,
    /// Tableau 10.
    Tableau,
    /// Viridis, sampled: ordered dark to light, for series that are steps.
    Viridis,
    /// Greys, for print in black and white.
    Greys,
}

/// Light or dark: the background, text, axes and grid together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}
