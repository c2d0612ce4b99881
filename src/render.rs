//! Drawing a [`ChartSpec`] of a [`Sheet`] on any plotters backend.
//!
//! The same function draws on the page's canvas, into SVG for export, and
//! in native tests, so what is tested is what users see. Sizes are given in
//! CSS pixels and multiplied by `scale` (the device pixel ratio), because
//! plotters-canvas draws in backing-store pixels and knows nothing of it.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::chart::{ChartSpec, XSource};
use crate::downsample::m4_polylines;
use crate::ticks::{number_ticks, time_ticks, Tick};
use crate::workbook::{Sheet, TimeKind, Values};

/// Series colours: the Okabe–Ito palette, distinguishable with the common
/// colour-vision deficiencies, in an order that keeps neighbours apart.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(0, 0, 0),       // black
    RGBColor(200, 180, 0),   // yellow, darkened to show on white
];

const TEXT: RGBColor = RGBColor(17, 24, 39);
const MUTED_TEXT: RGBColor = RGBColor(75, 85, 99);
const GRID: RGBColor = RGBColor(229, 231, 235);
const AXIS: RGBColor = RGBColor(156, 163, 175);
const FONT: &str = "sans-serif";
/// Series with at most this many points on screen also get a dot per point.
const MARKER_LIMIT: usize = 60;

/// What a render did, for the page's `sheetplot:rendered` event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RenderStats {
    /// Points handed to the backend, after downsampling.
    pub points_drawn: usize,
    /// The x axis tick labels, left to right, as drawn.
    pub x_ticks: Vec<String>,
    /// The series names, in legend order.
    pub series: Vec<String>,
}

/// A drawing failure, in the backend's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not draw the chart: {}", self.0)
    }
}

impl std::error::Error for RenderError {}

fn fail<E: std::fmt::Debug>(e: E) -> RenderError {
    RenderError(format!("{e:?}"))
}

/// The x axis of a spec: how to find x of row `i`, and how to label it.
struct XAxis<'a> {
    source: XSource,
    floats: Option<&'a [f64]>,
    values: Option<&'a Values>,
    title: String,
}

impl XAxis<'_> {
    fn x_of(&self, i: usize) -> f64 {
        match self.source {
            XSource::RowNumber => (i + 1) as f64,
            XSource::Category(_) => i as f64,
            XSource::Column(_) => self.floats.map_or(f64::NAN, |v| v[i]),
        }
    }

    fn time_kind(&self) -> Option<TimeKind> {
        match self.values {
            Some(Values::Time { kind, .. }) if matches!(self.source, XSource::Column(_)) => {
                Some(*kind)
            }
            _ => None,
        }
    }
}

/// Draws `spec` of `sheet` filling `root`. `scale` is device pixels per CSS pixel.
pub fn render<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    sheet: &Sheet,
    spec: &ChartSpec,
    scale: f64,
) -> Result<RenderStats, RenderError> {
    let px = |css: f64| (css * scale).round() as i32;
    let font = |size: f64| (FONT, size * scale).into_font();
    root.fill(&WHITE).map_err(fail)?;
    let (width, height) = root.dim_in_pixel();

    // Title, then a legend row when there is more than one series: above the
    // plot, so it never hides data.
    let title_style = font(18.0).style(FontStyle::Bold).color(&TEXT);
    root.draw(&Text::new(
        spec.title.clone(),
        (px(16.0), px(14.0)),
        title_style,
    ))
    .map_err(fail)?;
    let mut top = px(48.0);
    if spec.y.len() > 1 {
        let legend_style = font(13.0)
            .color(&MUTED_TEXT)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let mut x = px(16.0);
        let mut y = top;
        for (n, &col) in spec.y.iter().enumerate() {
            let name = &sheet.columns[col].name;
            let text_width = approx_text_width(name, 13.0 * scale);
            let item_width = px(26.0) + text_width + px(18.0);
            if x + item_width > width as i32 - px(16.0) && x > px(16.0) {
                x = px(16.0);
                y += px(22.0);
            }
            let color = PALETTE[n % PALETTE.len()];
            root.draw(&PathElement::new(
                vec![(x, y), (x + px(18.0), y)],
                color.stroke_width(px(3.0) as u32),
            ))
            .map_err(fail)?;
            root.draw(&Text::new(
                name.clone(),
                (x + px(26.0), y),
                legend_style.clone(),
            ))
            .map_err(fail)?;
            x += item_width;
        }
        top = y + px(22.0);
    }
    let plot_area = root.margin(
        top.max(0) as u32,
        px(12.0) as u32,
        px(24.0) as u32,
        px(8.0) as u32,
    );

    let x = x_axis(sheet, spec);
    let x_range = x_extent(sheet, &x);
    let y_range = y_extent(sheet, spec);
    let series_label = if spec.y.len() == 1 {
        sheet.columns[spec.y[0]].name.clone()
    } else {
        String::new()
    };

    // Tick counts follow the room there is: about 60 px per y label and the
    // width of the widest x label plus a gap, so labels never overlap.
    let plot_height = (height as i32 - top - px(70.0)).max(px(40.0)) as f64 / scale;
    let y_ticks = number_ticks(
        y_range.0,
        y_range.1,
        (plot_height / 56.0).floor().max(2.0) as usize,
    );
    let y_ticks = snap_ticks(y_ticks, y_range);
    let y_range = (
        y_range
            .0
            .min(y_ticks.first().map_or(y_range.0, |t| t.value)),
        y_range.1.max(y_ticks.last().map_or(y_range.1, |t| t.value)),
    );
    let y_label_chars = y_ticks
        .iter()
        .map(|t| t.label.chars().count())
        .max()
        .unwrap_or(1);
    let y_area = 7.0 * y_label_chars as f64 + if series_label.is_empty() { 14.0 } else { 34.0 };
    let plot_width = (width as f64 / scale - y_area - 40.0).max(40.0);
    let x_ticks = fit_x_ticks(sheet, &x, x_range, plot_width);

    let mut chart = ChartBuilder::on(&plot_area)
        .x_label_area_size(px(if x.title.is_empty() { 28.0 } else { 48.0 }))
        .y_label_area_size(px(y_area))
        .build_cartesian_2d(
            TickedAxis::new(x_range, &x_ticks),
            TickedAxis::new(y_range, &y_ticks),
        )
        .map_err(fail)?;
    let label_for = |ticks: &[Tick], v: f64| {
        ticks
            .iter()
            .min_by(|a, b| (a.value - v).abs().total_cmp(&(b.value - v).abs()))
            .map(|t| t.label.clone())
            .unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(px(1.0).max(1) as u32))
        .axis_style(AXIS.stroke_width(px(1.0).max(1) as u32))
        .set_all_tick_mark_size(px(4.0))
        .x_labels(x_ticks.len().max(1))
        .y_labels(y_ticks.len().max(1))
        .x_label_formatter(&|v| label_for(&x_ticks, *v))
        .y_label_formatter(&|v| label_for(&y_ticks, *v))
        .label_style(font(12.0).color(&MUTED_TEXT))
        .axis_desc_style(font(13.0).color(&TEXT))
        .x_desc(x.title.clone())
        .y_desc(series_label)
        .draw()
        .map_err(fail)?;

    let plot_pixels = chart.plotting_area().dim_in_pixel().0 as usize;
    let mut stats = RenderStats {
        x_ticks: x_ticks.iter().map(|t| t.label.clone()).collect(),
        series: spec
            .y
            .iter()
            .map(|&c| sheet.columns[c].name.clone())
            .collect(),
        ..RenderStats::default()
    };
    for (n, &col) in spec.y.iter().enumerate() {
        let Some(ys) = sheet.columns[col].values.as_floats() else {
            continue;
        };
        let color = PALETTE[n % PALETTE.len()];
        let polylines = m4_polylines(|i| x.x_of(i), ys, x_range, plot_pixels);
        let points: usize = polylines.iter().map(Vec::len).sum();
        stats.points_drawn += points;
        let line_style = color.stroke_width(px(2.0).max(1) as u32);
        for line in &polylines {
            chart
                .draw_series(LineSeries::new(line.iter().copied(), line_style))
                .map_err(fail)?;
        }
        if points <= MARKER_LIMIT {
            let dots = polylines
                .iter()
                .flatten()
                .map(|&p| Circle::new(p, px(3.0), color.filled()));
            chart.draw_series(dots).map_err(fail)?;
        }
    }
    root.present().map_err(fail)?;
    Ok(stats)
}

/// A linear axis whose grid lines and labels sit exactly at our ticks
/// (plotters' own key points would pick other places).
struct TickedAxis {
    linear: RangedCoordf64,
    ticks: Vec<f64>,
}

impl TickedAxis {
    fn new(range: (f64, f64), ticks: &[Tick]) -> Self {
        TickedAxis {
            linear: (range.0..range.1).into(),
            ticks: ticks.iter().map(|t| t.value).collect(),
        }
    }
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.linear.range()
    }
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

fn x_axis<'a>(sheet: &'a Sheet, spec: &ChartSpec) -> XAxis<'a> {
    let (values, title) = match spec.x {
        XSource::RowNumber => (None, "Row".to_owned()),
        XSource::Column(c) | XSource::Category(c) => (
            Some(&sheet.columns[c].values),
            sheet.columns[c].name.clone(),
        ),
    };
    XAxis {
        source: spec.x,
        floats: values.and_then(Values::as_floats),
        values,
        title,
    }
}

/// The x span of the data, widened when every point shares one x.
fn x_extent(sheet: &Sheet, x: &XAxis) -> (f64, f64) {
    let (min, max) = match x.source {
        XSource::RowNumber => (1.0, sheet.rows as f64),
        XSource::Category(_) => (-0.5, sheet.rows as f64 - 0.5),
        XSource::Column(_) => finite_extent(x.floats.unwrap_or(&[])).unwrap_or((0.0, 1.0)),
    };
    if max > min {
        (min, max)
    } else {
        let pad = if x.time_kind().is_some() {
            43_200.0
        } else {
            0.5
        };
        (min - pad, max + pad)
    }
}

/// The y span of all series, with a little air above and below.
fn y_extent(sheet: &Sheet, spec: &ChartSpec) -> (f64, f64) {
    let extent = spec
        .y
        .iter()
        .filter_map(|&c| sheet.columns[c].values.as_floats().and_then(finite_extent))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
        .unwrap_or((0.0, 1.0));
    let span = extent.1 - extent.0;
    if span <= 0.0 {
        let pad = if extent.0 == 0.0 {
            1.0
        } else {
            extent.0.abs() * 0.1
        };
        return (extent.0 - pad, extent.1 + pad);
    }
    let low = if extent.0 >= 0.0 && extent.0 - 0.04 * span < 0.0 {
        0.0
    } else {
        extent.0 - 0.04 * span
    };
    (low, extent.1 + 0.04 * span)
}

/// Widens the y range to the nearest ticks outside it, so the grid frames the data.
fn snap_ticks(ticks: Vec<Tick>, range: (f64, f64)) -> Vec<Tick> {
    if ticks.len() < 2 {
        return ticks;
    }
    let step = ticks[1].value - ticks[0].value;
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let mut out = ticks;
    let below = out[0].value - step;
    if below >= range.0 - step && out[0].value > range.0 + 1e-9 * step.abs() {
        out.insert(
            0,
            Tick {
                value: below,
                label: crate::format::format_number(below, decimals),
            },
        );
    }
    let last = out[out.len() - 1].value;
    if last < range.1 - 1e-9 * step.abs() {
        let above = last + step;
        out.push(Tick {
            value: above,
            label: crate::format::format_number(above, decimals),
        });
    }
    out
}

fn finite_extent(values: &[f64]) -> Option<(f64, f64)> {
    values
        .iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, &v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// X ticks that fit `plot_width` CSS pixels side by side.
fn fit_x_ticks(sheet: &Sheet, x: &XAxis, range: (f64, f64), plot_width: f64) -> Vec<Tick> {
    const CHAR_WIDTH: f64 = 7.0;
    const GAP: f64 = 28.0;
    if let XSource::Category(_) = x.source {
        let labels: Vec<String> = (0..sheet.rows)
            .map(|i| shorten(x.values.and_then(|v| v.label(i)).unwrap_or(""), 16))
            .collect();
        let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
        let fits = ((plot_width / (widest * CHAR_WIDTH + GAP)).floor() as usize).max(1);
        let step = sheet.rows.div_ceil(fits).max(1);
        return (0..sheet.rows)
            .step_by(step)
            .map(|i| Tick {
                value: i as f64,
                label: labels[i].clone(),
            })
            .collect();
    }
    let make = |count: usize| match x.time_kind() {
        Some(kind) => time_ticks(range.0, range.1, count, kind),
        None => number_ticks(range.0, range.1, count),
    };
    let mut count = ((plot_width / (10.0 * CHAR_WIDTH + GAP)).floor() as usize).max(2);
    for _ in 0..4 {
        let ticks = make(count);
        let widest = ticks
            .iter()
            .map(|t| t.label.chars().count())
            .max()
            .unwrap_or(1) as f64;
        let fits = ((plot_width / (widest * CHAR_WIDTH + GAP)).floor() as usize).max(2);
        if ticks.len() <= fits {
            return ticks;
        }
        count = fits.min(count - 1).max(2);
    }
    make(2)
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

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max_chars - 1).collect();
        s.push('…');
        s
    }
}
