//! Drawing a [`ChartSpec`] of a [`Sheet`] on any plotters backend.
//!
//! The same function draws on the page's canvas, into SVG for export, and
//! in native tests, so what is tested is what users see. Sizes are given in
//! CSS pixels and multiplied by `scale` (the device pixel ratio), because
//! plotters-canvas draws in backing-store pixels and knows nothing of it.

mod axis;
mod cartesian;
mod geometry;
mod hit;
mod pie;
mod trend_lines;
mod x_values;

pub use hit::{hit_test, Hit};
pub(crate) use x_values::XValues;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::prepare::{ready, Prepared, Shape};
use crate::spec::{ChartError, ChartKind, ChartSpec};
use sheetplot_model::Sheet;

/// Series colours: the Okabe–Ito palette, distinguishable with the common
/// colour-vision deficiencies, in an order that keeps neighbours apart.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(64, 64, 64),    // near black
    RGBColor(200, 180, 0),   // yellow, darkened to show on white
];

const TEXT: RGBColor = RGBColor(17, 24, 39);
const MUTED_TEXT: RGBColor = RGBColor(75, 85, 99);
const GRID: RGBColor = RGBColor(229, 231, 235);
const AXIS: RGBColor = RGBColor(156, 163, 175);
const FONT: &str = "sans-serif";

/// Where the plot sits on the backend and what it shows, so the page can
/// map the pointer to data for hover and zoom.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PlotArea {
    /// Pixel rectangle of the plotting area on the backend.
    pub left: i32,
    pub top: i32,
    pub width: i32,
    pub height: i32,
    /// The data ranges at the left/right and bottom/top edges.
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub log_y: bool,
    /// The right-hand axis' values at the bottom and top edges, when the
    /// chart has one (see [`ChartSpec::y2`]).
    pub y2_range: Option<(f64, f64)>,
}

impl PlotArea {
    /// Pixels from the first pixel of the plot to its last, across and
    /// down: plotters maps the data ranges onto those, so this maps the
    /// same way and a point is found where it is drawn.
    fn spans(&self) -> (f64, f64) {
        (
            f64::from((self.width - 1).max(1)),
            f64::from((self.height - 1).max(1)),
        )
    }

    /// `y` on the scale of the y axis: its log on a log axis.
    fn on_y_axis(&self, y: f64) -> f64 {
        if self.log_y {
            y.log10()
        } else {
            y
        }
    }

    /// The data x under backend pixel column `px`.
    pub fn x_at(&self, px: f64) -> f64 {
        let t = (px - f64::from(self.left)) / self.spans().0;
        self.x_range.0 + t * (self.x_range.1 - self.x_range.0)
    }

    /// The data y at backend pixel row `py`.
    pub fn y_at(&self, py: f64) -> f64 {
        let (lo, hi) = (
            self.on_y_axis(self.y_range.0),
            self.on_y_axis(self.y_range.1),
        );
        let t = 1.0 - (py - f64::from(self.top)) / self.spans().1;
        let y = lo + t * (hi - lo);
        if self.log_y {
            10f64.powf(y)
        } else {
            y
        }
    }

    /// The backend pixel of (`x`, `y`) on the right-hand axis (on the left
    /// one when there is none).
    pub fn pixel_of_right(&self, x: f64, y: f64) -> (f64, f64) {
        match self.y2_range {
            Some((lo, hi)) if hi != lo => {
                let t = (y - lo) / (hi - lo);
                let left = self.y_range.0 + t * (self.y_range.1 - self.y_range.0);
                PlotArea {
                    log_y: false,
                    ..*self
                }
                .pixel_of(x, left)
            }
            _ => self.pixel_of(x, y),
        }
    }

    /// The backend pixel of data point (`x`, `y`).
    pub fn pixel_of(&self, x: f64, y: f64) -> (f64, f64) {
        let tx = (x - self.x_range.0) / (self.x_range.1 - self.x_range.0);
        let (lo, hi) = (
            self.on_y_axis(self.y_range.0),
            self.on_y_axis(self.y_range.1),
        );
        let ty = (self.on_y_axis(y) - lo) / (hi - lo);
        let (across, down) = self.spans();
        (
            f64::from(self.left) + tx * across,
            f64::from(self.top) + (1.0 - ty) * down,
        )
    }
}

/// What a render did, for the page's `sheetplot:rendered` event and for
/// hover and zoom.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RenderStats {
    /// Points (or bars, bins, slices) handed to the backend, after downsampling.
    pub points_drawn: usize,
    /// The x axis tick labels, in order, as drawn.
    pub x_ticks: Vec<String>,
    /// The y axis tick labels, bottom to top (the categories of lying bars).
    pub y_ticks: Vec<String>,
    /// The right-hand axis' tick labels, bottom to top, each beside a left
    /// tick; empty without a right axis.
    pub y2_ticks: Vec<String>,
    /// The right-hand axis' values at the bottom and top of the plot.
    pub y2_range: Option<(f64, f64)>,
    /// The series names, in legend order (slice labels for a pie).
    pub series: Vec<String>,
    /// The plotting area, for charts with axes.
    pub plot: Option<PlotArea>,
    /// Each series' trend as the legend names it, in legend order; empty
    /// without a trend.
    pub trends: Vec<String>,
}

/// Why nothing (or not everything) was drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// The spec does not fit the data; a sentence for the page.
    Chart(ChartError),
    /// The backend failed.
    Backend(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Chart(e) => e.fmt(f),
            RenderError::Backend(e) => write!(f, "could not draw the chart: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

impl From<ChartError> for RenderError {
    fn from(e: ChartError) -> Self {
        RenderError::Chart(e)
    }
}

fn fail<E: std::fmt::Debug>(e: E) -> RenderError {
    RenderError::Backend(format!("{e:?}"))
}

/// Draws `spec` of `sheet` filling `root`. `scale` is device pixels per CSS pixel.
///
/// Prepares the chart for this one frame: what draws the same chart again
/// (the page, on zoom or resize) keeps a [`Prepared`] for [`render_prepared`].
pub fn render<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    sheet: &Sheet,
    spec: &ChartSpec,
    scale: f64,
) -> Result<RenderStats, RenderError> {
    let ready = ready(sheet, spec)?;
    let (sheet, spec, prepared) = ready.parts(sheet, spec);
    render_prepared(root, sheet, &spec, prepared, scale)
}

/// Draws `spec` of `sheet` from what [`prepare`] made of them. A `prepared`
/// that does not fit them (see [`Prepared::fits`]) is not trusted: the
/// chart is prepared again for this frame, so a stale one costs time, never
/// a wrong chart.
pub fn render_prepared<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    sheet: &Sheet,
    spec: &ChartSpec,
    prepared: &Prepared,
    scale: f64,
) -> Result<RenderStats, RenderError> {
    // Cheap (column summaries), and the sheet may have changed under it.
    spec.check(sheet)?;
    if !prepared.serves(sheet, spec) {
        return render(root, sheet, spec, scale);
    }
    // The title, the legend, then the chart of the kind.
    root.fill(&WHITE).map_err(fail)?;
    let px = |css: f64| (css * scale).round() as i32;
    let title_style = (FONT, 18.0 * scale)
        .into_font()
        .style(FontStyle::Bold)
        .color(&TEXT);
    root.draw(&Text::new(
        spec.title.clone(),
        (px(16.0), px(14.0)),
        title_style,
    ))
    .map_err(fail)?;

    // A legend row above the plot, so it never hides data; a pie labels its
    // slices beside it instead.
    let mut series: Vec<String> = spec
        .y
        .iter()
        .map(|&c| sheet.columns[c].name.clone())
        .collect();
    let left = series.len();
    // Right-axis bars, unless there are more x values than pixels.
    let right_bars = match prepared.shape() {
        Shape::Points(points) if spec.y2_bars && !spec.right_axis().is_empty() => {
            let width = f64::from(root.dim_in_pixel().0) - 180.0 * scale;
            cartesian::right_bars_fit(sheet, spec, points, width)
        }
        _ => false,
    };
    let right_mark = if spec.y2_bars && !right_bars {
        "right; lines, too many x values for bars"
    } else {
        "right"
    };
    series.extend(
        spec.right_axis()
            .iter()
            .map(|&c| format!("{} ({right_mark})", sheet.columns[c].name)),
    );
    let legend = series.len() > 1
        && !matches!(
            spec.kind,
            ChartKind::Pie | ChartKind::Histogram | ChartKind::Box
        );
    let trends = prepared.trends();
    let top = match trends {
        Some(trends) => {
            let top = trend_lines::legend(root, &series[..left], trends, px(48.0), scale)?;
            // Right-axis series have no trend: a row of their own.
            if left < series.len() {
                let bars = right_bars.then_some(0);
                draw_legend(root, &series[left..], left, bars, top, scale)?
            } else {
                top
            }
        }
        None if legend => {
            let bars = right_bars.then_some(left);
            draw_legend(root, &series, 0, bars, px(48.0), scale)?
        }
        None => px(48.0),
    };
    // top, bottom, left, right: room on the right for the last x label.
    let area = root.margin(
        top.max(0) as u32,
        px(12.0) as u32,
        px(12.0) as u32,
        px(28.0) as u32,
    );
    let mut stats = match prepared.shape() {
        Shape::Pie { slices, .. } => pie::draw(&area, sheet, spec, slices, scale)?,
        Shape::Bars(groups) => cartesian::bars(&area, sheet, spec, groups, scale)?,
        Shape::Histogram(bins) => cartesian::bins(&area, sheet, spec, bins, scale)?,
        Shape::Boxes(boxes) => cartesian::boxes(&area, sheet, spec, boxes, scale)?,
        Shape::Points(points) => {
            cartesian::series(&area, sheet, spec, points, trends, right_bars, scale)?
        }
    };
    if stats.series.is_empty() {
        stats.series = series;
    }
    stats.trends = prepared.trend_labels();
    root.present().map_err(fail)?;
    Ok(stats)
}

/// Draws legend items left to right from `top`, wrapping; returns where
/// the plot may start. Item `n` has the colour of series `first + n`, and
/// a square rather than a line from item `bars_from` on.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    names: &[String],
    first: usize,
    bars_from: Option<usize>,
    top: i32,
    scale: f64,
) -> Result<i32, RenderError> {
    let px = |css: f64| (css * scale).round() as i32;
    let width = root.dim_in_pixel().0 as i32;
    let style = (FONT, 13.0 * scale)
        .into_font()
        .color(&MUTED_TEXT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let (mut x, mut y) = (px(16.0), top);
    for (n, name) in names.iter().enumerate() {
        let item_width = px(26.0) + approx_text_width(name, 13.0 * scale) + px(18.0);
        if x + item_width > width - px(16.0) && x > px(16.0) {
            x = px(16.0);
            y += px(22.0);
        }
        let color = PALETTE[(first + n) % PALETTE.len()];
        if bars_from.is_some_and(|from| n >= from) {
            root.draw(&Rectangle::new(
                [(x + px(3.0), y - px(6.0)), (x + px(15.0), y + px(6.0))],
                color.mix(0.75).filled(),
            ))
            .map_err(fail)?;
        } else {
            root.draw(&PathElement::new(
                vec![(x, y), (x + px(18.0), y)],
                color.stroke_width(px(3.0) as u32),
            ))
            .map_err(fail)?;
        }
        root.draw(&Text::new(name.clone(), (x + px(26.0), y), style.clone()))
            .map_err(fail)?;
        x += item_width;
    }
    Ok(y + px(22.0))
}

/// Fills `root` with a short centred message, for sheets with nothing to plot.
pub fn render_message<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    scale: f64,
) -> Result<(), RenderError> {
    root.fill(&WHITE).map_err(fail)?;
    let (width, height) = root.dim_in_pixel();
    let style = (FONT, 15.0 * scale)
        .into_font()
        .color(&MUTED_TEXT)
        .pos(Pos::new(HPos::Center, VPos::Center));
    root.draw(&Text::new(
        text.to_owned(),
        (width as i32 / 2, height as i32 / 2),
        style,
    ))
    .map_err(fail)?;
    root.present().map_err(fail)
}

/// The width of `text` in sans-serif at `size` pixels, estimated. Asking
/// the backend would be exact, but plotters measures text in the browser
/// with an inline-styled element, which the page's CSP (rightly) blocks.
fn approx_text_width(text: &str, size: f64) -> i32 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | '\'' | '|' | '!' | ':' | ';' => 0.28,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' => 0.36,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.86,
            c if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.64,
            _ => 0.56,
        })
        .sum();
    (ems * size).ceil() as i32
}

/// `text` cut to `max_chars`, with an ellipsis when cut.
fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max_chars - 1).collect();
        s.push('…');
        s
    }
}
