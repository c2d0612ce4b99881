//! A chart a workbook saved (DrawingML `c:chartSpace` in .xlsx/.xlsm), as
//! its XML says it: what to draw and from which cells. The reader makes
//! these (`sheetplot-read`'s `saved_charts`); the chart layer binds them to
//! the typed columns of the sheets they name (`sheetplot-chart`'s `saved`),
//! so a saved chart zooms, hovers and exports like any other.
//!
//! They travel from the reader worker to the page as themselves, hence
//! serde. Each one is small: caches are bounded by the reader.

use serde::{Deserialize, Serialize};

use crate::style::{Dash, LegendPosition, Rgb};

/// One chart of a workbook.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SavedChart {
    /// The chart's title: its own text, or the cached text of the cell it
    /// names. `None` when the chart shows no title.
    pub title: Option<String>,
    /// The sheet the chart is drawn on (its anchor), which need not be the
    /// sheet its data is on.
    pub sheet: String,
    /// Its plots in the order drawn: a combo has several (columns, then a
    /// line on the secondary axis).
    pub plots: Vec<SavedPlot>,
    /// The category (or, for a scatter, x) axis.
    pub x_axis: SavedAxis,
    /// The primary value axis.
    pub y_axis: SavedAxis,
    /// The secondary value axis, when a plot is drawn against one.
    pub y2_axis: Option<SavedAxis>,
    /// `None` when the chart shows no legend.
    pub legend: Option<LegendPosition>,
    /// What the chart asked for that is drawn otherwise, as sentences for
    /// the page ("3-D column shown flat.").
    pub notes: Vec<String>,
}

/// One plot of a chart: a kind and its series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPlot {
    pub kind: SavedKind,
    pub grouping: Grouping,
    /// Bars lying down (`c:barDir val="bar"`) rather than standing.
    pub horizontal: bool,
    /// Drawn against the secondary value axis.
    pub secondary: bool,
    pub series: Vec<SavedSeries>,
}

/// The kinds sheetplot draws; the others (3-D, radar, stock, bubble,
/// surface, …) are read as the nearest of these, with a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SavedKind {
    Line,
    /// Bars or columns (see [`SavedPlot::horizontal`]).
    Bar,
    Area,
    Scatter,
    Pie,
    /// A pie with a hole.
    Doughnut,
}

/// How a plot's series sit together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Grouping {
    /// Side by side (bars) or each on its own (lines, areas).
    #[default]
    Standard,
    Stacked,
    /// Stacked to 100 %.
    PercentStacked,
}

/// One series: where its values are, and how it looks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SavedSeries {
    /// The series' name: its text, or the cached text of the cell it names.
    pub name: Option<String>,
    /// Categories (`c:cat`), or x values of a scatter (`c:xVal`).
    pub categories: Option<SeriesData>,
    /// Values (`c:val`), or y values of a scatter (`c:yVal`).
    pub values: Option<SeriesData>,
    pub style: SeriesStyle,
}

/// Where a series' values come from: a range of cells, and what the writer
/// cached of them (drawn when the range cannot be read).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SeriesData {
    /// The formula as written (`Sheet1!$A$2:$A$100`), for notes.
    pub formula: Option<String>,
    /// The formula read as one rectangular range; `None` for a literal, a
    /// union of ranges, a defined name or anything else not a range.
    pub range: Option<CellRange>,
    pub cache: Cache,
}

/// The values a chart saved beside its formulas.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Cache {
    #[default]
    None,
    /// `c:numCache`/`c:numLit`, point by point (`NaN` for a missing
    /// point), and its number format (`mmm-yy` says these are dates).
    Numbers {
        values: Vec<f64>,
        format: Option<String>,
    },
    /// `c:strCache`/`c:strLit`, point by point (empty for a missing point).
    Text(Vec<String>),
}

/// A rectangle of cells, zero-based and inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellRange {
    /// The sheet named; `None` when the formula names none.
    pub sheet: Option<String>,
    /// The range is in another workbook (`[1]Sheet1!…`).
    pub external: bool,
    pub first_row: u32,
    pub first_column: u32,
    pub last_row: u32,
    pub last_column: u32,
}

impl CellRange {
    /// How many cells the range covers.
    pub fn cells(&self) -> u64 {
        let rows = u64::from(self.last_row.saturating_sub(self.first_row)) + 1;
        let columns = u64::from(self.last_column.saturating_sub(self.first_column)) + 1;
        rows * columns
    }
}

/// How a series is drawn, where the chart says; `None` leaves it to
/// sheetplot (the palette's colour, its line width).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SeriesStyle {
    /// Line colour (lines, scatters) or fill (bars, areas, slices).
    pub color: Option<Rgb>,
    /// Line width in points.
    pub line_width: Option<f64>,
    pub dash: Option<Dash>,
    /// Markers shown (`Some(false)` for `c:marker/c:symbol val="none"`).
    pub markers: Option<bool>,
    /// No line drawn (`a:ln/a:noFill`): a scatter of markers only.
    pub no_line: bool,
}

/// An axis as the chart sets it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SavedAxis {
    pub title: Option<String>,
    /// Fixed ends (`c:scaling/c:min`, `c:max`).
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// A logarithmic scale.
    pub log: bool,
    /// The axis is hidden (`c:delete val="1"`).
    pub hidden: bool,
    /// Major gridlines drawn.
    pub gridlines: bool,
}

/// A workbook's saved charts, in the order its sheets and their drawings
/// list them, and a sentence for each chart that was left out (too deeply
/// nested, caches too large, XML that does not parse): the sheets open
/// whatever the charts hold.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SavedCharts {
    pub charts: Vec<SavedChart>,
    pub refused: Vec<String>,
}
