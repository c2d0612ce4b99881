//! Charts on two axes: line, scatter, stacked area, bars (upright, or lying
//! down when the labels are long) and histogram.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{
    category_ticks, category_ticks_in, finite_extent, label_at, label_fixed_ends, padded,
    value_ticks, x_ticks, y_ticks, TickedAxis, CHAR_WIDTH,
};
use super::clip;
use super::dashes;
use super::geometry::{Bands, Boxes, SlotBars, Stacks};
use super::look::Look;
use super::XValues;
use super::{fail, shorten, PlotArea, RenderError, RenderStats};
use crate::downsample::{
    extent, m4_polylines, m4_polylines_in, pixel_bins, visible_rows, PixelColumns,
};
use crate::overlay::Trends;
use crate::prepare::{Points, SeriesBox};
use crate::shapes::{as_drawn, y_values, Categories, Histogram};
use crate::spec::{ChartError, ChartKind, ChartSpec};
use crate::ticks::{aligned_ticks, Tick};
use sheetplot_model::Blocks;
use sheetplot_model::{Sheet, Values};
use std::borrow::Cow;

/// Series with at most this many points on screen also get a dot per point.
const MARKER_LIMIT: usize = 60;
/// Bar labels longer than this lay the bars down, so the labels read.
const UPRIGHT_LABEL_CHARS: usize = 12;

/// One laid-out axis.
struct AxisPlan {
    range: (f64, f64),
    ticks: Vec<Tick>,
    title: String,
    log: bool,
}

impl AxisPlan {
    /// CSS pixels of label room beside a y axis.
    fn y_label_room(&self, look: &Look) -> f64 {
        let widest = self
            .ticks
            .iter()
            .map(|t| t.label.chars().count())
            .max()
            .unwrap_or(1) as f64;
        (widest * CHAR_WIDTH + if self.title.is_empty() { 16.0 } else { 36.0 }) * look.font_scale()
    }

    /// CSS pixels of label room below an x axis.
    fn x_label_room(&self, look: &Look) -> f64 {
        x_label_room(&self.title, look)
    }
}

/// CSS pixels of label room below an x axis titled `title`.
fn x_label_room(title: &str, look: &Look) -> f64 {
    let room = if title.is_empty() { 28.0 } else { 50.0 };
    room * look.font_scale()
}

/// The x axis' title: the style's, else `own` (the x column's name).
fn x_title(own: &str, look: &Look) -> String {
    look.style.x_title.clone().unwrap_or_else(|| own.to_owned())
}

/// Whether the style fixes an end of the value axis, so what is drawn is
/// cut to the plot (a fitted axis holds everything already).
fn fixed_ends(look: &Look) -> bool {
    look.style.y_min.is_some() || look.style.y_max.is_some()
}

/// `range` low end first.
fn low_first((a, b): (f64, f64)) -> (f64, f64) {
    (a.min(b), a.max(b))
}

/// Whether the left axis' series of `spec` are drawn as bars when they
/// fit: a line chart asked to ([`ChartSpec::y_bars`]).
pub(super) fn left_bars(spec: &ChartSpec) -> bool {
    spec.y_bars && spec.kind == ChartKind::Line
}

/// Whether `spec` draws any series as bars one per x value.
pub(super) fn wants_bars(spec: &ChartSpec) -> bool {
    left_bars(spec) || (spec.y2_bars && !spec.right_axis().is_empty())
}

/// CSS size of a drawing area.
fn css_size<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, scale: f64) -> (f64, f64) {
    let (w, h) = area.dim_in_pixel();
    (f64::from(w) / scale, f64::from(h) / scale)
}

/// The y axis title: the one series' name, else none (the legend names them).
fn y_title(sheet: &Sheet, spec: &ChartSpec, summed: bool) -> String {
    if let Some(title) = &spec.y_title {
        return title.clone();
    }
    match spec.y.as_slice() {
        [only] if summed => format!("{} (sum)", sheet.columns[*only].name),
        [only] => sheet.columns[*only].name.clone(),
        _ => String::new(),
    }
}

/// Line, scatter and stacked area: every row a point.
pub(super) fn series<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sheet: &Sheet,
    spec: &ChartSpec,
    points: &Points,
    trends: Option<&Trends>,
    bars: bool,
    look: &Look,
) -> Result<RenderStats, RenderError> {
    let px = |css: f64| look.px(css);
    let font_scale = look.font_scale();
    let (width, height) = css_size(area, look.scale);
    let x = XValues::of(sheet, spec);
    let x_range = match spec.x_view.filter(|(lo, hi)| hi > lo) {
        Some(view) => view,
        None if bars => room_for_end_bars(sheet, &x, points),
        None => points.x_extent,
    };
    // When x is in order, only the rows in view (and a neighbour each side)
    // are looked at: zoomed frames cost what they show.
    let ordered = points.ordered;
    let window = if ordered {
        visible_rows(sheet.rows, |i| x.at(i), x_range)
    } else {
        0..sheet.rows
    };
    let offset = window.start;
    let columns = y_values(sheet, spec, window.clone());
    // The left axis' series (stacked for an area), then the right axis'.
    let mut drawn = as_drawn(spec.kind, &columns);
    let left = drawn.len();
    let right_columns = spec.right_axis();
    drawn.extend(
        right_columns
            .iter()
            .filter_map(|&c| sheet.columns[c].values.as_floats())
            .map(|v| Cow::Borrowed(&v[window.clone()])),
    );
    let x_at = |i: usize| x.at(i + offset);

    // The y range fits what is in view, so zooming in shows detail.
    let in_view = |i: usize| {
        let v = x_at(i);
        v >= x_range.0 && v <= x_range.1
    };
    let positive = |v: &f64| !spec.log_y || *v > 0.0;
    // With x in order and no gaps, the window is exact but for the
    // neighbour at each end: no row in between needs checking.
    // Whole blocks of rows read from the columns' summaries (not for a
    // stacked area, whose layers are computed).
    let blocks: Vec<Option<&Blocks>> = spec
        .y
        .iter()
        .chain(right_columns)
        .map(|&c| {
            sheet.columns[c]
                .stats()
                .filter(|_| ordered && spec.kind != ChartKind::Area)
                .map(|s| &s.blocks)
        })
        .collect();
    let extent_of = |series: std::ops::Range<usize>| {
        let drawn = &drawn[series.clone()];
        let blocks = &blocks[series];
        if ordered {
            let rows = drawn.first().map_or(0, |s| s.len());
            let start = usize::from(rows > 0 && !in_view(0));
            let end = if rows > start && !in_view(rows - 1) {
                rows - 1
            } else {
                rows
            }
            .max(start);
            // Lines are cut where they cross the edges of the view (see
            // `clip_to_x`); the y range holds those crossings too. Dots are not
            // joined, so a scatter has none.
            let lines = spec.kind != ChartKind::Scatter;
            let crossings = drawn.iter().filter(|_| lines).flat_map(|s| {
                let segment = |i: usize| [(x_at(i), s[i]), (x_at(i + 1), s[i + 1])];
                let ends = [
                    (start == 1 && rows > 1).then(|| segment(0)),
                    (end + 1 == rows && end > 0).then(|| segment(end - 1)),
                ];
                ends.into_iter()
                    .flatten()
                    .flat_map(|seg| clip::to_x(&seg, x_range, spec.log_y).into_iter().flatten())
                    .map(|(_, y)| y)
            });
            let crossings = finite_extent(crossings.filter(positive));
            drawn
                .iter()
                .zip(blocks)
                .filter_map(|(s, b)| extent(&s[start..end], offset + start, *b))
                .chain(crossings)
                .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
        } else {
            let visible = drawn.iter().flat_map(|s| {
                s.iter()
                    .enumerate()
                    .filter(|(i, _)| in_view(*i))
                    .map(|(_, &v)| v)
            });
            finite_extent(visible.filter(positive))
        }
    };
    let left_bars = bars && left_bars(spec);
    let right_bars = bars && spec.y2_bars;
    let extent = extent_of(0..left).unwrap_or((0.0, 1.0));
    let x_plan_title = x_title(x.title(), look);
    let plot_height = height - x_label_room(&x_plan_title, look) - 8.0;
    let from_zero = spec.kind == ChartKind::Area || left_bars;
    let (y_range, ticks) = value_ticks(look.style, spec.log_y, extent, |extent| {
        y_ticks(
            padded(extent, from_zero, spec.log_y),
            plot_height / font_scale,
            spec.log_y,
        )
    });
    let mut y = AxisPlan {
        range: y_range,
        ticks,
        title: y_title(sheet, spec, false),
        log: spec.log_y,
    };
    let right = (left < drawn.len()).then(|| {
        let extent = extent_of(left..drawn.len()).unwrap_or((0.0, 1.0));
        let title = match (&look.style.y2_title, right_columns) {
            (Some(title), _) => title.clone(),
            (None, [only]) => sheet.columns[*only].name.clone(),
            (None, _) => String::new(),
        };
        RightAxis::aligned(padded(extent, right_bars, false), &y, title)
    });
    // After the right axis, whose ticks stand beside the evenly spaced ones.
    label_fixed_ends(look.style, y.log, y.range, &mut y.ticks);
    let right_room = right.as_ref().map_or(0.0, |r| r.plan.y_label_room(look));
    let plot_width = width - y.y_label_room(look) - right_room - 8.0;
    let ticks = if x.is_positional() {
        // Labels of the categories in view only, made as the ticks need them.
        let label_of = |i: usize| shorten(&x.text(i), 16);
        let first = x_range.0.ceil().max(0.0) as usize;
        let end = ((x_range.1.floor() + 1.0).max(0.0) as usize).min(sheet.rows);
        let spacing = plot_width / (x_range.1 - x_range.0);
        category_ticks_in(label_of, first..end.max(first), spacing / font_scale, false)
    } else {
        let mut ticks = x_ticks(x_range, plot_width / font_scale, x.time());
        if x.is_row_number() {
            ticks.retain(|t| t.value.fract() == 0.0);
        }
        ticks
    };
    let x_plan = AxisPlan {
        range: x_range,
        ticks,
        title: x_plan_title,
        log: false,
    };
    let mut chart = frame(area, &x_plan, &y, right_room, look, true)?;
    let (plot_px_width, plot_px_height) = chart.plotting_area().dim_in_pixel();
    let mut stats = stats_of(&chart, &x_plan, &y);
    if let Some(plot) = &mut stats.plot {
        plot.bars = bars;
    }
    if let Some(right) = &right {
        right.draw(area, &chart, &y, x_range, look)?;
        let range = right.range_beside(y.range);
        stats.y2_range = Some(range);
        stats.y2_ticks = right.plan.ticks.iter().map(|t| t.label.clone()).collect();
        if let Some(plot) = &mut stats.plot {
            plot.y2_range = Some(range);
        }
    }

    // Bars go under every line, the left axis' first.
    let mut columns: Vec<ColumnSeries> = Vec::new();
    if left_bars {
        let zero = if y.log {
            y.range.0
        } else {
            let (low, high) = low_first(y.range);
            0.0f64.clamp(low, high)
        };
        columns.extend((0..left).map(|n| ColumnSeries {
            n,
            values: &drawn[n],
            to_left: Linear::IDENTITY,
            zero,
        }));
    }
    if let Some(right) = right.as_ref().filter(|_| right_bars) {
        let (low, high) = low_first(right.plan.range);
        let zero = right.to_left(0.0f64.clamp(low, high));
        columns.extend((left..drawn.len()).map(|n| ColumnSeries {
            n,
            values: &drawn[n],
            to_left: right.linear,
            zero,
        }));
    }
    if !columns.is_empty() {
        stats.points_drawn += draw_column_bars(area, &chart, &columns, x_at, x_range, look)?;
    }
    let clip_y = fixed_ends(look);
    // With x in order, every line's rows per pixel column are found once.
    let pixel_columns = (ordered && spec.kind != ChartKind::Scatter).then(|| {
        let rows = drawn.first().map_or(0, |s| s.len());
        PixelColumns::of(x_at, rows, x_range, plot_px_width as usize)
    });
    let order: Vec<usize> = if spec.kind == ChartKind::Area {
        (0..drawn.len()).rev().collect()
    } else {
        (0..drawn.len()).collect()
    };
    for n in order {
        let ys: &[f64] = &drawn[n];
        let color = look.series_color(n);
        // A right-axis series is drawn on the left axis' scale.
        let on_right = right.as_ref().filter(|_| n >= left);
        if (on_right.is_some() && right_bars) || (n < left && left_bars) {
            continue;
        }
        if spec.kind == ChartKind::Scatter {
            let y_map = |v: f64| if spec.log_y { v.log10() } else { v };
            let y_span = (y_map(y.range.0), y_map(y.range.1));
            let points = pixel_bins(
                x_at,
                ys,
                y_map,
                x_range,
                y_span,
                (plot_px_width as usize, plot_px_height as usize),
            );
            stats.points_drawn += points.len();
            let radius = if points.len() > 2000 {
                px(2.0)
            } else {
                px(3.0)
            };
            let dots = points
                .into_iter()
                .map(|p| Circle::new(p, radius, color.mix(0.7).filled()));
            chart.draw_series(dots).map_err(fail)?;
            continue;
        }
        let mut polylines = match &pixel_columns {
            Some(columns) => m4_polylines_in(columns, x_at, ys, offset, blocks[n]),
            None => m4_polylines(x_at, ys, x_range, plot_px_width as usize),
        };
        if let Some(right) = on_right {
            for point in polylines.iter_mut().flatten() {
                point.1 = right.to_left(point.1);
            }
        }
        let points: usize = polylines.iter().map(Vec::len).sum();
        stats.points_drawn += points;
        let markers = polylines
            .iter()
            .flatten()
            .filter(|p| p.0 >= x_range.0 && p.0 <= x_range.1);
        let (low, high) = low_first(y.range);
        let in_plot = |p: &&(f64, f64)| !clip_y || (p.1 >= low && p.1 <= high);
        let marked =
            spec.kind == ChartKind::Line && points <= MARKER_LIMIT && look.style.series_markers(n);
        let markers: Vec<(f64, f64)> = if marked {
            markers.filter(in_plot).copied().collect()
        } else {
            Vec::new()
        };
        let area_chart = spec.kind == ChartKind::Area;
        let polylines: Vec<Vec<(f64, f64)>> = polylines
            .iter()
            .flat_map(|line| {
                if clip_y && !area_chart {
                    clip::to_plot(line, x_range, y.range, spec.log_y)
                } else {
                    clip::to_x(line, x_range, spec.log_y)
                }
            })
            .collect();
        let pattern = look.dash_pattern(n);
        let line_style = color.stroke_width(look.line_width(n));
        for line in &polylines {
            if area_chart {
                let baseline = if spec.log_y { y.range.0 } else { 0.0 };
                let (line, baseline) = if clip_y {
                    let held = clip::hold_in_y(line, y.range, spec.log_y);
                    (Cow::Owned(held), baseline.clamp(low, high))
                } else {
                    (Cow::Borrowed(line), baseline)
                };
                let border = px(look.series_css_width(n) * 0.75).max(1) as u32;
                let fill = AreaSeries::new(
                    line.iter().copied(),
                    baseline,
                    look.tint(color, 0.3).filled(),
                );
                if pattern.is_none() {
                    let fill = fill.border_style(color.stroke_width(border));
                    chart.draw_series(fill).map_err(fail)?;
                } else {
                    chart.draw_series(fill).map_err(fail)?;
                    let style = color.stroke_width(border);
                    stroke_on(area, &chart, &line, pattern.as_deref(), style)?;
                }
            } else if pattern.is_some() {
                stroke_on(area, &chart, line, pattern.as_deref(), line_style)?;
            } else {
                chart
                    .draw_series(LineSeries::new(line.iter().copied(), line_style))
                    .map_err(fail)?;
            }
        }
        if !markers.is_empty() {
            let radius = look.marker_radius(n);
            let dots = markers
                .into_iter()
                .map(|p| Circle::new(p, radius, color.filled()));
            chart.draw_series(dots).map_err(fail)?;
        }
    }
    // Trends over every series, so none hides under another series.
    if let Some(trends) = trends {
        let view = super::trend_lines::View {
            x_range,
            y_range: y.range,
            log: y.log,
            plot_width: plot_px_width as usize,
        };
        super::trend_lines::draw(&mut chart, &x, trends, &view, look)?;
    }
    Ok(stats)
}

/// Strokes `line` (data coordinates of `chart`) on `area`, in device
/// pixels, so a dash `pattern` is measured where it is drawn.
fn stroke_on<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    line: &[(f64, f64)],
    pattern: Option<&[f64]>,
    style: ShapeStyle,
) -> Result<(), RenderError> {
    let base = area.get_base_pixel();
    let pixels: Vec<(f64, f64)> = line
        .iter()
        .map(|p| {
            let (x, y) = chart.backend_coord(p);
            (f64::from(x - base.0), f64::from(y - base.1))
        })
        .collect();
    dashes::stroke(area, &pixels, pattern, style)
}

/// Bars of each series by category, grouped side by side.
pub(super) fn bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sheet: &Sheet,
    spec: &ChartSpec,
    groups: &Categories,
    look: &Look,
) -> Result<RenderStats, RenderError> {
    let (width, height) = css_size(area, look.scale);
    let font_scale = look.font_scale();
    let count = groups.labels.len();
    let stacks = Stacks::wanted(spec, groups.values.len()).then(|| Stacks::of(&groups.values));
    let values = groups
        .values
        .iter()
        .flatten()
        .copied()
        .filter(|v| Bands::shows(*v, spec.log_y));
    let extent = match &stacks {
        Some(stacks) => stacks.extent(),
        None => finite_extent(values),
    }
    .ok_or(ChartError::NoValues)?;
    let labels: Vec<String> = groups.labels.iter().map(|l| shorten(l, 24)).collect();
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    let crowded =
        || count as f64 * (widest as f64 * CHAR_WIDTH * font_scale + 12.0) > width - 100.0;
    let horizontal = look
        .style
        .horizontal
        .unwrap_or_else(|| widest > UPRIGHT_LABEL_CHARS || crowded());
    let value_title = y_title(sheet, spec, groups.summed);
    let category_title = x_title(XValues::of(sheet, spec).title(), look);
    let positions = (-0.5, count as f64 - 0.5);
    let (x_plan, y_plan) = if horizontal {
        let category_room = (widest as f64 * CHAR_WIDTH
            + 16.0
            + if category_title.is_empty() { 0.0 } else { 20.0 })
            * font_scale;
        let ticks = category_ticks(&labels, (height - 70.0) / font_scale, true);
        // First category at the top.
        let y_plan = AxisPlan {
            range: (positions.1, positions.0),
            ticks,
            title: category_title,
            log: false,
        };
        let length = (width - category_room) / font_scale;
        let (range, ticks) = value_ticks(look.style, spec.log_y, extent, |extent| {
            value_axis(extent, length, spec.log_y, true)
        });
        (
            AxisPlan {
                range,
                ticks,
                title: value_title,
                log: spec.log_y,
            },
            y_plan,
        )
    } else {
        let length = (height - 58.0 * font_scale) / font_scale;
        let (range, mut ticks) = value_ticks(look.style, spec.log_y, extent, |extent| {
            y_ticks(padded(extent, true, spec.log_y), length, spec.log_y)
        });
        label_fixed_ends(look.style, spec.log_y, range, &mut ticks);
        let y_plan = AxisPlan {
            range,
            ticks,
            title: value_title,
            log: spec.log_y,
        };
        let room = (width - y_plan.y_label_room(look) - 8.0) / font_scale;
        let ticks = category_ticks(&labels, room, false);
        (
            AxisPlan {
                range: positions,
                ticks,
                title: category_title,
                log: false,
            },
            y_plan,
        )
    };
    let mut chart = frame(area, &x_plan, &y_plan, 0.0, look, !horizontal)?;
    let mut stats = stats_of(&chart, &x_plan, &y_plan);
    let value_range = if horizontal {
        x_plan.range
    } else {
        y_plan.range
    };
    let baseline = if spec.log_y { value_range.0 } else { 0.0 };
    // Within the value axis: a fixed end cuts bars that run past it.
    let (low, high) = low_first(value_range);
    let held = |v: f64| v.clamp(low, high);
    let bands = Bands::new(if stacks.is_some() {
        1
    } else {
        groups.values.len()
    });
    for (n, series) in groups.values.iter().enumerate() {
        let color = look.series_color(n);
        let rects: Vec<_> = series
            .iter()
            .enumerate()
            .filter_map(|(i, &v)| match &stacks {
                Some(stacks) => stacks.span(n, i).map(|run| (i, bands.bar(i, 0), run)),
                None => Bands::shows(v, spec.log_y).then(|| (i, bands.bar(i, n), (baseline, v))),
            })
            .map(|(_, (start, end), (from, to))| {
                let (from, to) = (held(from), held(to));
                let corners = if horizontal {
                    [(from, start), (to, end)]
                } else {
                    [(start, from), (end, to)]
                };
                Rectangle::new(corners, color.filled())
            })
            .collect();
        stats.points_drawn += rects.len();
        chart.draw_series(rects).map_err(fail)?;
    }
    Ok(stats)
}

/// A box and whiskers per y column, side by side.
pub(super) fn boxes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sheet: &Sheet,
    spec: &ChartSpec,
    summaries: &[SeriesBox],
    look: &Look,
) -> Result<RenderStats, RenderError> {
    let px = |css: f64| look.px(css);
    let font_scale = look.font_scale();
    let (width, height) = css_size(area, look.scale);
    let name = |b: &SeriesBox| &sheet.columns[spec.y[b.series]].name;
    let extent = finite_extent(summaries.iter().map(|s| &s.stats).flat_map(|b| {
        [b.low_whisker, b.high_whisker]
            .into_iter()
            .chain(b.outliers.iter().copied())
    }))
    .ok_or(ChartError::NoValues)?;
    let length = (height - 58.0 * font_scale) / font_scale;
    let (range, mut ticks) = value_ticks(look.style, spec.log_y, extent, |extent| {
        y_ticks(padded(extent, false, spec.log_y), length, spec.log_y)
    });
    label_fixed_ends(look.style, spec.log_y, range, &mut ticks);
    let y = AxisPlan {
        range,
        ticks,
        title: y_title(sheet, spec, false),
        log: spec.log_y,
    };
    let labels: Vec<String> = summaries.iter().map(|b| shorten(name(b), 20)).collect();
    let room = (width - y.y_label_room(look) - 8.0) / font_scale;
    let ticks = category_ticks(&labels, room, false);
    let x = AxisPlan {
        range: (-0.5, summaries.len() as f64 - 0.5),
        ticks,
        title: x_title("", look),
        log: false,
    };
    let mut chart = frame(area, &x, &y, 0.0, look, true)?;
    let plot_height = f64::from(chart.plotting_area().dim_in_pixel().1.max(1));
    let mut stats = stats_of(&chart, &x, &y);
    let line = |c: RGBColor, w: f64| c.stroke_width(px(w).max(1) as u32);
    let geometry = Boxes::new(summaries.len());
    // Within the value axis: a fixed end cuts what runs past it.
    let (low, high) = low_first(y.range);
    let held = |v: f64| v.clamp(low, high);
    let inside = |v: f64| v >= low && v <= high;
    for (i, b) in summaries.iter().map(|s| &s.stats).enumerate() {
        let color = look.series_color(i);
        let at = i as f64;
        let (left, right) = geometry.body(i);
        let (cap_left, cap_right) = geometry.cap(i);
        let (q1, q3) = (held(b.q1), held(b.q3));
        let mut whiskers = vec![
            vec![(at, q3), (at, held(b.high_whisker))],
            vec![(at, q1), (at, held(b.low_whisker))],
        ];
        for whisker in [b.high_whisker, b.low_whisker]
            .into_iter()
            .filter(|&v| inside(v))
        {
            whiskers.push(vec![(cap_left, whisker), (cap_right, whisker)]);
        }
        chart
            .draw_series(
                whiskers
                    .into_iter()
                    .map(|p| PathElement::new(p, line(color, 1.5))),
            )
            .map_err(fail)?;
        chart
            .draw_series([Rectangle::new(
                [(left, q1), (right, q3)],
                look.tint(color, 0.55).filled(),
            )])
            .map_err(fail)?;
        chart
            .draw_series([Rectangle::new([(left, q1), (right, q3)], line(color, 1.5))])
            .map_err(fail)?;
        if inside(b.median) {
            chart
                .draw_series([PathElement::new(
                    vec![(left, b.median), (right, b.median)],
                    line(look.ink.text, 2.0),
                )])
                .map_err(fail)?;
        }
        // One dot per pixel row: a million outliers draw as a column of dots.
        let to_row = |v: f64| {
            let (lo, hi, v) = if spec.log_y {
                (y.range.0.log10(), y.range.1.log10(), v.log10())
            } else {
                (y.range.0, y.range.1, v)
            };
            ((v - lo) / (hi - lo) * plot_height).floor() as i64
        };
        let mut rows_taken = std::collections::HashSet::new();
        let dots: Vec<_> = b
            .outliers
            .iter()
            .filter(|&&v| inside(v) && rows_taken.insert(to_row(v)))
            .map(|&v| Circle::new((at, v), px(2.5), color.mix(0.8).filled()))
            .collect();
        stats.points_drawn += 1 + dots.len();
        chart.draw_series(dots).map_err(fail)?;
    }
    stats.series = summaries.iter().map(|b| name(b).clone()).collect();
    Ok(stats)
}

/// A value axis laid along x: its padded range and ticks that fit `width`.
fn value_axis(
    extent: (f64, f64),
    width: f64,
    log: bool,
    include_zero: bool,
) -> ((f64, f64), Vec<Tick>) {
    let range = padded(extent, include_zero, log);
    let (range, _) = y_ticks(range, width, log);
    let ticks = if log {
        y_ticks(range, width / 1.5, true).1
    } else {
        x_ticks(range, width, None)
    };
    let framed = (
        range.0.min(ticks.first().map_or(range.0, |t| t.value)),
        range.1.max(ticks.last().map_or(range.1, |t| t.value)),
    );
    (framed, ticks)
}

/// A histogram of the first y column.
pub(super) fn bins<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sheet: &Sheet,
    spec: &ChartSpec,
    histogram: &Histogram,
    look: &Look,
) -> Result<RenderStats, RenderError> {
    let px = |css: f64| look.px(css);
    let font_scale = look.font_scale();
    let (width, height) = css_size(area, look.scale);
    let column = &sheet.columns[spec.y[0]];
    let edges = (
        histogram.edges[0],
        histogram.edges[histogram.edges.len() - 1],
    );
    let x_range = spec.x_view.filter(|(lo, hi)| hi > lo).unwrap_or(edges);
    let most = histogram.counts.iter().copied().max().unwrap_or(1) as f64;
    let length = (height - 58.0 * font_scale) / font_scale;
    let (range, mut ticks) = value_ticks(look.style, false, (0.0, most * 1.04), |extent| {
        y_ticks(extent, length, false)
    });
    ticks.retain(|t| t.value.fract() == 0.0);
    label_fixed_ends(look.style, false, range, &mut ticks);
    let y = AxisPlan {
        range,
        ticks,
        title: spec.y_title.clone().unwrap_or_else(|| "Count".to_owned()),
        log: false,
    };
    let time = match column.values {
        Values::Time { kind, .. } => Some(kind),
        _ => None,
    };
    let ticks = x_ticks(
        x_range,
        (width - y.y_label_room(look) - 8.0) / font_scale,
        time,
    );
    let x = AxisPlan {
        range: x_range,
        ticks,
        title: x_title(&column.name, look),
        log: false,
    };
    let mut chart = frame(area, &x, &y, 0.0, look, true)?;
    let mut stats = stats_of(&chart, &x, &y);
    let color = look.series_color(0);
    // Within the value axis: a fixed end cuts bins that run past it.
    let (low, high) = low_first(y.range);
    let held = |v: f64| v.clamp(low, high);
    let rects: Vec<_> = histogram
        .counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(i, &c)| {
            Rectangle::new(
                [
                    (histogram.edges[i], held(0.0)),
                    (histogram.edges[i + 1], held(c as f64)),
                ],
                color.mix(0.85).filled(),
            )
        })
        .collect();
    stats.points_drawn = rects.len();
    chart.draw_series(rects).map_err(fail)?;
    // Thin seams of the background between neighbouring bins.
    let seams = histogram.edges.iter().map(|&e| {
        PathElement::new(
            vec![(e, held(0.0)), (e, held(most))],
            look.ink.background.stroke_width(px(1.0).max(1) as u32),
        )
    });
    chart.draw_series(seams).map_err(fail)?;
    stats.series = vec![column.name.clone()];
    Ok(stats)
}

/// A right-hand y axis whose ticks sit on the left axis' grid lines (see
/// [`aligned_ticks`]). Its series are drawn on the left axis' scale,
/// through [`RightAxis::to_left`], so they share the left's code path.
struct RightAxis {
    plan: AxisPlan,
    /// Where a right value is drawn on the left axis' scale.
    linear: Linear,
}

/// `v` ↦ `offset + factor * v`: a right-axis value onto the left axis'
/// scale.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Linear {
    factor: f64,
    offset: f64,
}

impl Linear {
    /// The left axis' own values.
    const IDENTITY: Linear = Linear {
        factor: 1.0,
        offset: 0.0,
    };

    fn at(&self, v: f64) -> f64 {
        self.offset + self.factor * v
    }
}

impl RightAxis {
    /// The right axis for values over `extent` beside `left`: as many
    /// intervals as the left has between its ticks.
    fn aligned(extent: (f64, f64), left: &AxisPlan, title: String) -> RightAxis {
        let (first, last, intervals) = match left.ticks.as_slice() {
            [first, .., last] if !left.log => (first.value, last.value, left.ticks.len() - 1),
            _ => (left.range.0, left.range.1, 1),
        };
        let ticks = aligned_ticks(extent.0, extent.1, intervals);
        let (low, high) = (ticks[0].value, ticks[ticks.len() - 1].value);
        let factor = (last - first) / (high - low);
        RightAxis {
            plan: AxisPlan {
                range: (low, high),
                ticks,
                title,
                log: false,
            },
            linear: Linear {
                factor,
                offset: first - low * factor,
            },
        }
    }

    /// Where right value `v` is drawn, on the left axis' scale.
    fn to_left(&self, v: f64) -> f64 {
        self.linear.at(v)
    }

    /// The right axis' values at the ends of the left axis' `range`.
    fn range_beside(&self, range: (f64, f64)) -> (f64, f64) {
        let Linear { factor, offset } = self.linear;
        let from_left = |v: f64| (v - offset) / factor;
        (from_left(range.0), from_left(range.1))
    }

    /// The axis line, tick marks, labels and title on the right of the
    /// plot, each tick on the row of the left tick it stands beside.
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        chart: &Chart<'_, DB>,
        left: &AxisPlan,
        x_range: (f64, f64),
        look: &Look,
    ) -> Result<(), RenderError> {
        let px = |css: f64| look.px(css);
        let (columns, rows) = chart.plotting_area().get_pixel_range();
        let base = area.get_base_pixel();
        let edge = columns.end - base.0;
        let line = look.ink.axis.stroke_width(px(1.0).max(1) as u32);
        area.draw(&PathElement::new(
            vec![(edge, rows.start - base.1), (edge, rows.end - base.1)],
            line,
        ))
        .map_err(fail)?;
        let style = look
            .font(12.0)
            .color(&look.ink.muted)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let aligned = left.ticks.len() == self.plan.ticks.len() && !left.log;
        let (low, high) = low_first(left.range);
        let slack = (high - low) * 1e-9;
        for (i, tick) in self.plan.ticks.iter().enumerate() {
            let on_left = if aligned {
                left.ticks[i].value
            } else {
                self.to_left(tick.value)
            };
            // A fixed left end may leave a right tick beyond the plot.
            if !(low - slack..=high + slack).contains(&on_left) {
                continue;
            }
            let row = chart.backend_coord(&(x_range.0, on_left)).1 - base.1;
            area.draw(&PathElement::new(
                vec![(edge, row), (edge + px(4.0), row)],
                line,
            ))
            .map_err(fail)?;
            area.draw(&Text::new(
                tick.label.clone(),
                (edge + px(7.0), row),
                style.clone(),
            ))
            .map_err(fail)?;
        }
        if !self.plan.title.is_empty() {
            let widest = self
                .plan
                .ticks
                .iter()
                .map(|t| t.label.chars().count())
                .max()
                .unwrap_or(1) as f64;
            let title = look
                .font(13.0)
                .transform(FontTransform::Rotate90)
                .color(&look.ink.text)
                .pos(Pos::new(HPos::Center, VPos::Center));
            let at = (
                edge + px((widest * CHAR_WIDTH + 22.0) * look.font_scale()),
                (rows.start + rows.end) / 2 - base.1,
            );
            area.draw(&Text::new(self.plan.title.clone(), at, title))
                .map_err(fail)?;
        }
        Ok(())
    }
}

/// A series drawn as bars one per x value: its place among all series
/// (for its look), its values in view, where they are drawn on the left
/// axis' scale, and where its bars start there.
struct ColumnSeries<'s> {
    n: usize,
    values: &'s [f64],
    to_left: Linear,
    zero: f64,
}

/// One bar per x value in view of each of `series`, side by side (see
/// [`SlotBars`]), from its zero to its value, cut to the plot. The bars
/// drawn.
fn draw_column_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    series: &[ColumnSeries],
    x_at: impl Fn(usize) -> f64,
    x_range: (f64, f64),
    look: &Look,
) -> Result<usize, RenderError> {
    let rows = series.first().map_or(0, |s| s.values.len());
    let in_view = |i: &usize| {
        let v = x_at(*i);
        v >= x_range.0 && v <= x_range.1
    };
    let count = (0..rows).filter(in_view).count();
    let (columns, pixel_rows) = chart.plotting_area().get_pixel_range();
    let slots = SlotBars::new((columns.start, columns.end), count, series.len());
    let base = area.get_base_pixel();
    let mut drawn = 0;
    for (j, s) in series.iter().enumerate() {
        let color = look.series_color(s.n).mix(0.75).filled();
        for i in (0..rows).filter(in_view) {
            let v = s.values[i];
            if !v.is_finite() {
                continue;
            }
            let (center, top) = chart.backend_coord(&(x_at(i), s.to_left.at(v)));
            let (_, bottom) = chart.backend_coord(&(x_at(i), s.zero));
            let (x0, x1) = slots.span(center, j);
            let held = |row: i32| row.clamp(pixel_rows.start, pixel_rows.end);
            let corners = [
                (x0 - base.0, held(top.min(bottom)) - base.1),
                (x1 - base.0, held(top.max(bottom)) - base.1),
            ];
            area.draw(&Rectangle::new(corners, color)).map_err(fail)?;
            drawn += 1;
        }
    }
    Ok(drawn)
}

/// Whether the bars of `spec` (see [`wants_bars`]) fit a plot about
/// `plot_width` backend pixels wide: no more x values in view than pixels
/// (else they are drawn as lines, and the legend says so).
pub(super) fn bars_fit(sheet: &Sheet, spec: &ChartSpec, points: &Points, plot_width: f64) -> bool {
    let x = XValues::of(sheet, spec);
    let x_range = spec
        .x_view
        .filter(|(lo, hi)| hi > lo)
        .unwrap_or(points.x_extent);
    x_values_in(sheet, &x, points, x_range) as f64 <= plot_width
}

/// How many rows have their x in `x_range` (a binary search when x is in
/// order).
fn x_values_in(sheet: &Sheet, x: &XValues, points: &Points, x_range: (f64, f64)) -> usize {
    if points.ordered {
        visible_rows(sheet.rows, |i| x.at(i), x_range).len()
    } else {
        (0..sheet.rows)
            .filter(|&i| {
                let v = x.at(i);
                v >= x_range.0 && v <= x_range.1
            })
            .count()
    }
}

/// `x_extent` (all the rows' x) widened by half the step between x values
/// at each end, so the first and last bars of a bar series stand whole
/// inside the plot. Categories already have that room (see
/// [`XValues::extent`]).
fn room_for_end_bars(sheet: &Sheet, x: &XValues, points: &Points) -> (f64, f64) {
    let (lo, hi) = points.x_extent;
    let count = x_values_in(sheet, x, points, points.x_extent);
    if x.is_positional() || count < 2 {
        return (lo, hi);
    }
    let half_step = (hi - lo) / (count - 1) as f64 / 2.0;
    (lo - half_step, hi + half_step)
}

pub(super) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<TickedAxis, TickedAxis>>;

/// Axes, grid lines (along y when `horizontal_grid`, else along x), tick
/// labels and axis titles; `right_room` CSS pixels kept on the right for a
/// second y axis (see [`RightAxis::draw`]).
fn frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x: &AxisPlan,
    y: &AxisPlan,
    right_room: f64,
    look: &Look,
    horizontal_grid: bool,
) -> Result<Chart<'a, DB>, RenderError> {
    let px = |css: f64| look.px(css);
    let font = |size: f64| look.font(size);
    let mut builder = ChartBuilder::on(area);
    builder
        .x_label_area_size(px(x.x_label_room(look)))
        .y_label_area_size(px(y.y_label_room(look)));
    if right_room > 0.0 {
        // Room, not a label area: plotters would repeat the left labels there.
        builder.margin_right(px(right_room));
    }
    let mut chart = builder
        .build_cartesian_2d(
            TickedAxis::new(x.range, &x.ticks, x.log),
            TickedAxis::new(y.range, &y.ticks, y.log),
        )
        .map_err(fail)?;
    let mut mesh = chart.configure_mesh();
    if !look.style.gridlines {
        mesh.disable_mesh();
    } else if horizontal_grid {
        mesh.disable_x_mesh();
    } else {
        mesh.disable_y_mesh();
    }
    let ink = look.ink;
    mesh.bold_line_style(ink.grid.stroke_width(px(1.0).max(1) as u32))
        .axis_style(ink.axis.stroke_width(px(1.0).max(1) as u32))
        .set_all_tick_mark_size(px(4.0))
        .x_labels(x.ticks.len().max(1))
        .y_labels(y.ticks.len().max(1))
        .x_label_formatter(&|v| label_at(&x.ticks, *v))
        .y_label_formatter(&|v| label_at(&y.ticks, *v))
        .label_style(font(12.0).color(&ink.muted))
        .axis_desc_style(font(13.0).color(&ink.text))
        .x_desc(x.title.clone())
        .y_desc(y.title.clone())
        .draw()
        .map_err(fail)?;
    Ok(chart)
}

/// The stats every cartesian chart reports: its x ticks and where its plot is.
fn stats_of<DB: DrawingBackend>(chart: &Chart<'_, DB>, x: &AxisPlan, y: &AxisPlan) -> RenderStats {
    let (columns, rows) = chart.plotting_area().get_pixel_range();
    let plot = PlotArea {
        left: columns.start,
        top: rows.start,
        width: columns.end - columns.start,
        height: rows.end - rows.start,
        x_range: x.range,
        y_range: y.range,
        log_y: y.log,
        y2_range: None,
        bars: false,
    };
    RenderStats {
        x_ticks: x.ticks.iter().map(|t| t.label.clone()).collect(),
        y_ticks: y.ticks.iter().map(|t| t.label.clone()).collect(),
        plot: Some(plot),
        ..RenderStats::default()
    }
}
