//! Drawing a [`ChartSpec`] of a [`Sheet`] on any plotters backend.
//!
//! The same function draws on the page's canvas, into SVG for export, and
//! in native tests, so what is tested is what users see. Sizes are given in
//! CSS pixels and multiplied by `scale` (the device pixel ratio), because
//! plotters-canvas draws in backing-store pixels and knows nothing of it.

mod axis;
mod cartesian;
mod clip;
mod dashes;
mod geometry;
mod hit;
mod keyed;
mod legend;
mod look;
mod pie;
#[cfg(test)]
mod tests;
mod trend_lines;
mod x_values;

pub use hit::{hit_test, Hit};
pub use keyed::{step, KeyPoint, Step};
pub(crate) use x_values::XValues;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::prepare::{ready, Prepared, Shape};
use crate::spec::{ChartError, ChartKind, ChartSpec};
use crate::style::{Style, Theme, OKABE_ITO};
use legend::{Entry, Swatch};
use look::Look;
use sheetplot_model::{Rgb, Sheet};

/// The default series colours ([`OKABE_ITO`]) as plotters colours:
/// distinguishable with the common colour-vision deficiencies, in an order
/// that keeps neighbours apart. A chart's own are [`series_color`]'s.
pub const PALETTE: [RGBColor; 8] = {
    let mut colors = [RGBColor(0, 0, 0); 8];
    let mut n = 0;
    while n < colors.len() {
        let Rgb(r, g, b) = OKABE_ITO[n];
        colors[n] = RGBColor(r, g, b);
        n += 1;
    }
    colors
};

/// The colour series `n` is drawn in under `style`: what the page's hover
/// mark and tooltip swatch take, to match the drawing.
pub fn series_color(style: &Style, n: usize) -> Rgb {
    style.series_color(n)
}

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
    /// Whether the series a line chart draws as bars ([`ChartSpec::y_bars`],
    /// [`ChartSpec::y2_bars`]) are bars in this frame (else lines: more x
    /// values in view than pixels).
    pub bars: bool,
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

    /// The x range moved so that the data x at backend pixel column `from`
    /// is at `to`: a drag keeps the data under the pointer or finger.
    pub fn x_range_dragged(&self, from: f64, to: f64) -> (f64, f64) {
        let by = self.x_at(from) - self.x_at(to);
        (self.x_range.0 + by, self.x_range.1 + by)
    }

    /// The x range that puts data x `xs.0` at backend pixel column `at.0`
    /// and `xs.1` at `at.1`, the plot's pixels as they are: a pinch keeps
    /// the data under each finger under it. `None` when the pixels are
    /// less than one apart or the fingers crossed (it would flip the axis).
    pub fn x_range_holding(&self, xs: (f64, f64), at: (f64, f64)) -> Option<(f64, f64)> {
        let span = self.spans().0;
        let t = |px: f64| (px - f64::from(self.left)) / span;
        let (t0, t1) = (t(at.0), t(at.1));
        if (at.1 - at.0).abs() < 1.0 {
            return None;
        }
        let per_plot = (xs.1 - xs.0) / (t1 - t0);
        if !(per_plot.is_finite() && per_plot > 0.0) {
            return None;
        }
        let lo = xs.0 - t0 * per_plot;
        Some((lo, lo + per_plot))
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
    // The background, the title, the legend, then the chart of the kind.
    let look = Look::of(&spec.style, scale);
    root.fill(&look.ink.background).map_err(fail)?;
    let title_style = look.font(18.0).style(FontStyle::Bold).color(&look.ink.text);
    root.draw(&Text::new(
        spec.title.clone(),
        (look.px(16.0), look.px(14.0)),
        title_style,
    ))
    .map_err(fail)?;

    // Bars one per x value, unless there are more x values than pixels.
    let bars = match prepared.shape() {
        Shape::Points(points) if cartesian::wants_bars(spec) => {
            let width = f64::from(root.dim_in_pixel().0) - 180.0 * scale;
            cartesian::bars_fit(sheet, spec, points, width)
        }
        _ => false,
    };
    let trends = prepared.trends();
    let series = legend_entries(sheet, spec, bars);
    let legend = legend::Legend {
        listed: series.len() > 1
            && !matches!(
                spec.kind,
                ChartKind::Pie | ChartKind::Histogram | ChartKind::Box
            ),
        entries: series,
        trends,
    };
    let room = legend::draw(root, &legend, &look)?;
    let area = root.margin(
        room.top.max(0) as u32,
        room.bottom.max(0) as u32,
        look.px(12.0) as u32,
        room.right.max(0) as u32,
    );
    let mut stats = match prepared.shape() {
        Shape::Pie { slices, .. } => pie::draw(&area, sheet, spec, slices, &look)?,
        Shape::Bars(groups) => cartesian::bars(&area, sheet, spec, groups, &look)?,
        Shape::Histogram(bins) => cartesian::bins(&area, sheet, spec, bins, &look)?,
        Shape::Boxes(boxes) => cartesian::boxes(&area, sheet, spec, boxes, &look)?,
        Shape::Points(points) => {
            cartesian::series(&area, sheet, spec, points, trends, bars, &look)?
        }
    };
    if stats.series.is_empty() {
        stats.series = legend.entries.into_iter().map(|e| e.name).collect();
    }
    stats.trends = prepared.trend_labels();
    root.present().map_err(fail)?;
    Ok(stats)
}

/// The legend's items: the left axis' series, then the right axis'
/// (marked so), each with a line or, drawn as bars, a square. Bars asked
/// for that do not `fit` are lines, and the legend says why.
fn legend_entries(sheet: &Sheet, spec: &ChartSpec, fit: bool) -> Vec<Entry> {
    const NO_ROOM: &str = "lines, too many x values for bars";
    let name = |c: usize| sheet.columns[c].name.clone();
    let swatch = |n: usize, bars: bool| {
        if bars && fit {
            Swatch::Bar(n)
        } else {
            Swatch::Line(n)
        }
    };
    let left_bars = cartesian::left_bars(spec);
    let left = spec.y.iter().enumerate().map(|(n, &c)| Entry {
        name: if left_bars && !fit {
            format!("{} ({NO_ROOM})", name(c))
        } else {
            name(c)
        },
        swatch: swatch(n, left_bars),
    });
    let right_mark = if spec.y2_bars && !fit {
        format!("right; {NO_ROOM}")
    } else {
        "right".to_owned()
    };
    let right = spec.right_axis().iter().enumerate().map(|(n, &c)| Entry {
        name: format!("{} ({right_mark})", name(c)),
        swatch: swatch(spec.y.len() + n, spec.y2_bars),
    });
    left.chain(right).collect()
}

/// Fills `root` with a short centred message, for sheets with nothing to plot.
pub fn render_message<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    scale: f64,
) -> Result<(), RenderError> {
    render_message_in(root, text, Theme::Light, scale)
}

/// [`render_message`] in `theme`, so a dark page's message is dark too.
pub fn render_message_in<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    theme: Theme,
    scale: f64,
) -> Result<(), RenderError> {
    let style = Style {
        theme,
        ..Style::default()
    };
    let look = Look::of(&style, scale);
    root.fill(&look.ink.background).map_err(fail)?;
    let (width, height) = root.dim_in_pixel();
    let style = look
        .font(15.0)
        .color(&look.ink.muted)
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

/// `text`, cut with an ellipsis to fit `room` pixels at `font` pixels.
fn fit_text(text: &str, room: i32, font: f64) -> String {
    if approx_text_width(text, font) <= room {
        return text.to_owned();
    }
    let mut kept: String = text.to_owned();
    while !kept.is_empty() && approx_text_width(&format!("{kept}…"), font) > room {
        kept.pop();
    }
    format!("{}…", kept.trim_end())
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

#[cfg(test)]
mod plot_area_tests {
    use super::PlotArea;

    fn area(x_range: (f64, f64)) -> PlotArea {
        PlotArea {
            left: 60,
            top: 10,
            width: 801,
            height: 400,
            x_range,
            y_range: (0.0, 1.0),
            log_y: false,
            y2_range: None,
            bars: false,
        }
    }

    #[test]
    fn a_pinch_keeps_the_data_under_each_finger() {
        let plot = area((0.0, 100.0));
        let (a, b) = (200.0, 400.0);
        let xs = (plot.x_at(a), plot.x_at(b));
        // Fingers apart (zoom in), together (out), both moved (a pan too).
        for at in [
            (100.0, 700.0),
            (250.0, 330.0),
            (150.0, 350.0),
            (500.0, 520.0),
        ] {
            let range = plot.x_range_holding(xs, at).unwrap();
            let after = area(range);
            assert!((after.x_at(at.0) - xs.0).abs() < 1e-9, "{at:?}: {range:?}");
            assert!((after.x_at(at.1) - xs.1).abs() < 1e-9, "{at:?}: {range:?}");
        }
        // Spread to three times the distance: a third of the range.
        let range = plot.x_range_holding(xs, (100.0, 700.0)).unwrap();
        assert!(
            ((range.1 - range.0) - 100.0 / 3.0).abs() < 1e-9,
            "{range:?}"
        );
        // Held still: the range as it was.
        let same = plot.x_range_holding(xs, (a, b)).unwrap();
        assert!((same.0 - 0.0).abs() < 1e-9 && (same.1 - 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_drag_keeps_the_data_under_the_pointer() {
        let plot = area((0.0, 100.0));
        for (from, to) in [(300.0, 200.0), (200.0, 650.0), (400.0, 400.0)] {
            let after = area(plot.x_range_dragged(from, to));
            assert!(
                (after.x_at(to) - plot.x_at(from)).abs() < 1e-9,
                "{from} -> {to}"
            );
            assert!(((after.x_range.1 - after.x_range.0) - 100.0).abs() < 1e-9);
        }
    }

    #[test]
    fn fingers_that_meet_or_cross_leave_the_range_alone() {
        let plot = area((0.0, 100.0));
        let xs = (plot.x_at(200.0), plot.x_at(400.0));
        assert_eq!(plot.x_range_holding(xs, (300.0, 300.5)), None);
        assert_eq!(plot.x_range_holding(xs, (400.0, 200.0)), None);
    }
}
