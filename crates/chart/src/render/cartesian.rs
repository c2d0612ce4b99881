//! Charts on two axes: line, scatter, stacked area, bars (upright, or lying
//! down when the labels are long) and histogram.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{
    category_ticks, category_ticks_in, finite_extent, label_at, padded, x_ticks, y_ticks,
    TickedAxis, CHAR_WIDTH,
};
use super::geometry::{Bands, Boxes, Stacks};
use super::XValues;
use super::{
    fail, shorten, PlotArea, RenderError, RenderStats, AXIS, FONT, GRID, MUTED_TEXT, PALETTE, TEXT,
};
use crate::downsample::{clip_to_x, extent, m4_polylines_with, pixel_bins, visible_rows};
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
    fn y_label_room(&self) -> f64 {
        let widest = self
            .ticks
            .iter()
            .map(|t| t.label.chars().count())
            .max()
            .unwrap_or(1) as f64;
        widest * CHAR_WIDTH + if self.title.is_empty() { 16.0 } else { 36.0 }
    }

    /// CSS pixels of label room below an x axis.
    fn x_label_room(&self) -> f64 {
        if self.title.is_empty() {
            28.0
        } else {
            50.0
        }
    }
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
    right_bars: bool,
    scale: f64,
) -> Result<RenderStats, RenderError> {
    let px = |css: f64| (css * scale).round() as i32;
    let (width, height) = css_size(area, scale);
    let x = XValues::of(sheet, spec);
    let x_range = spec
        .x_view
        .filter(|(lo, hi)| hi > lo)
        .unwrap_or(points.x_extent);
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
                    .flat_map(|seg| {
                        clip_on_axis(&seg, x_range, spec.log_y)
                            .into_iter()
                            .flatten()
                    })
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
    let extent = extent_of(0..left).unwrap_or((0.0, 1.0));
    let x_plan_title = x.title().to_owned();
    let plot_height = height - if x_plan_title.is_empty() { 28.0 } else { 50.0 } - 8.0;
    let (y_range, ticks) = y_ticks(
        padded(extent, spec.kind == ChartKind::Area, spec.log_y),
        plot_height,
        spec.log_y,
    );
    let y = AxisPlan {
        range: y_range,
        ticks,
        title: y_title(sheet, spec, false),
        log: spec.log_y,
    };
    let right = (left < drawn.len()).then(|| {
        let extent = extent_of(left..drawn.len()).unwrap_or((0.0, 1.0));
        let title = match right_columns {
            [only] => sheet.columns[*only].name.clone(),
            _ => String::new(),
        };
        RightAxis::aligned(padded(extent, right_bars, false), &y, title)
    });
    let right_room = right.as_ref().map_or(0.0, |r| r.plan.y_label_room());
    let plot_width = width - y.y_label_room() - right_room - 8.0;
    let ticks = if x.is_positional() {
        // Labels of the categories in view only, made as the ticks need them.
        let label_of = |i: usize| shorten(&x.text(i), 16);
        let first = x_range.0.ceil().max(0.0) as usize;
        let end = ((x_range.1.floor() + 1.0).max(0.0) as usize).min(sheet.rows);
        let spacing = plot_width / (x_range.1 - x_range.0);
        category_ticks_in(label_of, first..end.max(first), spacing, false)
    } else {
        let mut ticks = x_ticks(x_range, plot_width, x.time());
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
    let mut chart = frame(area, &x_plan, &y, right_room, scale, true)?;
    let (plot_px_width, plot_px_height) = chart.plotting_area().dim_in_pixel();
    let mut stats = stats_of(&chart, &x_plan, &y);
    if let Some(right) = &right {
        right.draw(area, &chart, &y, x_range, scale)?;
        let range = right.range_beside(y.range);
        stats.y2_range = Some(range);
        stats.y2_ticks = right.plan.ticks.iter().map(|t| t.label.clone()).collect();
        if let Some(plot) = &mut stats.plot {
            plot.y2_range = Some(range);
        }
    }

    // Right-axis bars go under every line.
    if let Some(right) = right.as_ref().filter(|_| right_bars) {
        let view = (left..drawn.len()).map(|n| (n, &*drawn[n]));
        stats.points_drawn += right.draw_bars(area, &chart, view, x_at, x_range)?;
    }
    let order: Vec<usize> = if spec.kind == ChartKind::Area {
        (0..drawn.len()).rev().collect()
    } else {
        (0..drawn.len()).collect()
    };
    for n in order {
        let ys: &[f64] = &drawn[n];
        let color = PALETTE[n % PALETTE.len()];
        // A right-axis series is drawn on the left axis' scale.
        let on_right = right.as_ref().filter(|_| n >= left);
        if on_right.is_some() && right_bars {
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
        let mut polylines =
            m4_polylines_with(x_at, ys, offset, blocks[n], x_range, plot_px_width as usize);
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
        let markers: Vec<(f64, f64)> = if spec.kind == ChartKind::Line && points <= MARKER_LIMIT {
            markers.copied().collect()
        } else {
            Vec::new()
        };
        let polylines: Vec<Vec<(f64, f64)>> = polylines
            .iter()
            .flat_map(|line| clip_on_axis(line, x_range, spec.log_y))
            .collect();
        let line_style = color.stroke_width(px(2.0).max(1) as u32);
        for line in &polylines {
            if spec.kind == ChartKind::Area {
                let baseline = if spec.log_y { y.range.0 } else { 0.0 };
                let fill =
                    AreaSeries::new(line.iter().copied(), baseline, tint(color, 0.3).filled())
                        .border_style(color.stroke_width(px(1.5).max(1) as u32));
                chart.draw_series(fill).map_err(fail)?;
            } else {
                chart
                    .draw_series(LineSeries::new(line.iter().copied(), line_style))
                    .map_err(fail)?;
            }
        }
        if !markers.is_empty() {
            let dots = markers
                .into_iter()
                .map(|p| Circle::new(p, px(3.0), color.filled()));
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
        super::trend_lines::draw(&mut chart, &x, trends, &view, scale)?;
    }
    Ok(stats)
}

/// [`clip_to_x`] as the line is drawn: on a log axis a segment is straight
/// in log10(y), so that is where it is cut.
fn clip_on_axis(line: &[(f64, f64)], x_range: (f64, f64), log: bool) -> Vec<Vec<(f64, f64)>> {
    if !log {
        return clip_to_x(line, x_range);
    }
    let on_axis: Vec<(f64, f64)> = line.iter().map(|&(x, y)| (x, y.log10())).collect();
    clip_to_x(&on_axis, x_range)
        .into_iter()
        .map(|part| part.into_iter().map(|(x, y)| (x, 10f64.powf(y))).collect())
        .collect()
}

/// Bars of each series by category, grouped side by side.
pub(super) fn bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sheet: &Sheet,
    spec: &ChartSpec,
    groups: &Categories,
    scale: f64,
) -> Result<RenderStats, RenderError> {
    let (width, height) = css_size(area, scale);
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
    let horizontal = widest > UPRIGHT_LABEL_CHARS
        || count as f64 * (widest as f64 * CHAR_WIDTH + 12.0) > width - 100.0;
    let value_title = y_title(sheet, spec, groups.summed);
    let category_title = XValues::of(sheet, spec).title().to_owned();
    let positions = (-0.5, count as f64 - 0.5);
    let (x_plan, y_plan) = if horizontal {
        let category_room =
            widest as f64 * CHAR_WIDTH + 16.0 + if category_title.is_empty() { 0.0 } else { 20.0 };
        let ticks = category_ticks(&labels, height - 70.0, true);
        // First category at the top.
        let y_plan = AxisPlan {
            range: (positions.1, positions.0),
            ticks,
            title: category_title,
            log: false,
        };
        let (range, ticks) = value_axis(extent, width - category_room, spec.log_y, true);
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
        let (range, ticks) = y_ticks(padded(extent, true, spec.log_y), height - 58.0, spec.log_y);
        let y_plan = AxisPlan {
            range,
            ticks,
            title: value_title,
            log: spec.log_y,
        };
        let ticks = category_ticks(&labels, width - y_plan.y_label_room() - 8.0, false);
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
    let mut chart = frame(area, &x_plan, &y_plan, 0.0, scale, !horizontal)?;
    let mut stats = stats_of(&chart, &x_plan, &y_plan);
    let baseline = if spec.log_y {
        if horizontal {
            x_plan.range.0
        } else {
            y_plan.range.0
        }
    } else {
        0.0
    };
    let bands = Bands::new(if stacks.is_some() {
        1
    } else {
        groups.values.len()
    });
    for (n, series) in groups.values.iter().enumerate() {
        let color = PALETTE[n % PALETTE.len()];
        let rects: Vec<_> = series
            .iter()
            .enumerate()
            .filter_map(|(i, &v)| match &stacks {
                Some(stacks) => stacks.span(n, i).map(|run| (i, bands.bar(i, 0), run)),
                None => Bands::shows(v, spec.log_y).then(|| (i, bands.bar(i, n), (baseline, v))),
            })
            .map(|(_, (start, end), (from, to))| {
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
    scale: f64,
) -> Result<RenderStats, RenderError> {
    let px = |css: f64| (css * scale).round() as i32;
    let (width, height) = css_size(area, scale);
    let name = |b: &SeriesBox| &sheet.columns[spec.y[b.series]].name;
    let extent = finite_extent(summaries.iter().map(|s| &s.stats).flat_map(|b| {
        [b.low_whisker, b.high_whisker]
            .into_iter()
            .chain(b.outliers.iter().copied())
    }))
    .ok_or(ChartError::NoValues)?;
    let (range, ticks) = y_ticks(padded(extent, false, spec.log_y), height - 58.0, spec.log_y);
    let y = AxisPlan {
        range,
        ticks,
        title: y_title(sheet, spec, false),
        log: spec.log_y,
    };
    let labels: Vec<String> = summaries.iter().map(|b| shorten(name(b), 20)).collect();
    let ticks = category_ticks(&labels, width - y.y_label_room() - 8.0, false);
    let x = AxisPlan {
        range: (-0.5, summaries.len() as f64 - 0.5),
        ticks,
        title: String::new(),
        log: false,
    };
    let mut chart = frame(area, &x, &y, 0.0, scale, true)?;
    let plot_height = f64::from(chart.plotting_area().dim_in_pixel().1.max(1));
    let mut stats = stats_of(&chart, &x, &y);
    let line = |c: RGBColor, w: f64| c.stroke_width(px(w).max(1) as u32);
    let geometry = Boxes::new(summaries.len());
    for (i, b) in summaries.iter().map(|s| &s.stats).enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let at = i as f64;
        let (left, right) = geometry.body(i);
        let (cap_left, cap_right) = geometry.cap(i);
        let whiskers = [
            vec![(at, b.q3), (at, b.high_whisker)],
            vec![(at, b.q1), (at, b.low_whisker)],
            vec![(cap_left, b.high_whisker), (cap_right, b.high_whisker)],
            vec![(cap_left, b.low_whisker), (cap_right, b.low_whisker)],
        ];
        chart
            .draw_series(
                whiskers
                    .into_iter()
                    .map(|p| PathElement::new(p, line(color, 1.5))),
            )
            .map_err(fail)?;
        chart
            .draw_series([Rectangle::new(
                [(left, b.q1), (right, b.q3)],
                tint(color, 0.55).filled(),
            )])
            .map_err(fail)?;
        chart
            .draw_series([Rectangle::new(
                [(left, b.q1), (right, b.q3)],
                line(color, 1.5),
            )])
            .map_err(fail)?;
        chart
            .draw_series([PathElement::new(
                vec![(left, b.median), (right, b.median)],
                line(TEXT, 2.0),
            )])
            .map_err(fail)?;
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
            .filter(|&&v| rows_taken.insert(to_row(v)))
            .map(|&v| Circle::new((at, v), px(2.5), color.mix(0.8).filled()))
            .collect();
        stats.points_drawn += 1 + dots.len();
        chart.draw_series(dots).map_err(fail)?;
    }
    stats.series = summaries.iter().map(|b| name(b).clone()).collect();
    Ok(stats)
}

/// `color` lightened towards white by `amount`, opaque: stacked layers must
/// not mix with the layer behind them.
fn tint(color: RGBColor, amount: f64) -> RGBColor {
    let lift = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * amount).round() as u8;
    RGBColor(lift(color.0), lift(color.1), lift(color.2))
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
    scale: f64,
) -> Result<RenderStats, RenderError> {
    let px = |css: f64| (css * scale).round() as i32;
    let (width, height) = css_size(area, scale);
    let column = &sheet.columns[spec.y[0]];
    let edges = (
        histogram.edges[0],
        histogram.edges[histogram.edges.len() - 1],
    );
    let x_range = spec.x_view.filter(|(lo, hi)| hi > lo).unwrap_or(edges);
    let most = histogram.counts.iter().copied().max().unwrap_or(1) as f64;
    let (range, mut ticks) = y_ticks((0.0, most * 1.04), height - 58.0, false);
    ticks.retain(|t| t.value.fract() == 0.0);
    let y = AxisPlan {
        range,
        ticks,
        title: "Count".to_owned(),
        log: false,
    };
    let time = match column.values {
        Values::Time { kind, .. } => Some(kind),
        _ => None,
    };
    let ticks = x_ticks(x_range, width - y.y_label_room() - 8.0, time);
    let x = AxisPlan {
        range: x_range,
        ticks,
        title: column.name.clone(),
        log: false,
    };
    let mut chart = frame(area, &x, &y, 0.0, scale, true)?;
    let mut stats = stats_of(&chart, &x, &y);
    let color = PALETTE[0];
    let rects: Vec<_> = histogram
        .counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(i, &c)| {
            Rectangle::new(
                [
                    (histogram.edges[i], 0.0),
                    (histogram.edges[i + 1], c as f64),
                ],
                color.mix(0.85).filled(),
            )
        })
        .collect();
    stats.points_drawn = rects.len();
    chart.draw_series(rects).map_err(fail)?;
    // Thin white seams between neighbouring bins.
    let seams = histogram.edges.iter().map(|&e| {
        PathElement::new(
            vec![(e, 0.0), (e, most)],
            WHITE.stroke_width(px(1.0).max(1) as u32),
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
    /// A right value `v` is drawn at left value `offset + factor * v`.
    factor: f64,
    offset: f64,
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
            factor,
            offset: first - low * factor,
        }
    }

    /// Where right value `v` is drawn, on the left axis' scale.
    fn to_left(&self, v: f64) -> f64 {
        self.offset + self.factor * v
    }

    /// The right axis' values at the ends of the left axis' `range`.
    fn range_beside(&self, range: (f64, f64)) -> (f64, f64) {
        let from_left = |v: f64| (v - self.offset) / self.factor;
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
        scale: f64,
    ) -> Result<(), RenderError> {
        let px = |css: f64| (css * scale).round() as i32;
        let (columns, rows) = chart.plotting_area().get_pixel_range();
        let base = area.get_base_pixel();
        let edge = columns.end - base.0;
        let line = AXIS.stroke_width(px(1.0).max(1) as u32);
        area.draw(&PathElement::new(
            vec![(edge, rows.start - base.1), (edge, rows.end - base.1)],
            line,
        ))
        .map_err(fail)?;
        let style = (FONT, 12.0 * scale)
            .into_font()
            .color(&MUTED_TEXT)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let aligned = left.ticks.len() == self.plan.ticks.len() && !left.log;
        for (i, tick) in self.plan.ticks.iter().enumerate() {
            let on_left = if aligned {
                left.ticks[i].value
            } else {
                self.to_left(tick.value)
            };
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
            let title = (FONT, 13.0 * scale)
                .into_font()
                .transform(FontTransform::Rotate90)
                .color(&TEXT)
                .pos(Pos::new(HPos::Center, VPos::Center));
            let at = (
                edge + px(widest * CHAR_WIDTH + 22.0),
                (rows.start + rows.end) / 2 - base.1,
            );
            area.draw(&Text::new(self.plan.title.clone(), at, title))
                .map_err(fail)?;
        }
        Ok(())
    }

    /// One bar per x value in view of each series in `view` (its index
    /// among all series, for its colour, and its values), side by side,
    /// from zero (or the axis' end nearer it); at least a pixel wide. The
    /// bars drawn.
    fn draw_bars<'s, DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        chart: &Chart<'_, DB>,
        view: impl Iterator<Item = (usize, &'s [f64])>,
        x_at: impl Fn(usize) -> f64,
        x_range: (f64, f64),
    ) -> Result<usize, RenderError> {
        let series: Vec<(usize, &[f64])> = view.collect();
        let rows = series.first().map_or(0, |(_, s)| s.len());
        let in_view = |i: &usize| {
            let v = x_at(*i);
            v >= x_range.0 && v <= x_range.1
        };
        let count = (0..rows).filter(in_view).count().max(1);
        let (columns, _) = chart.plotting_area().get_pixel_range();
        let base = area.get_base_pixel();
        let slot = f64::from(columns.end - columns.start) / count as f64;
        let width = (slot * 0.8 / series.len().max(1) as f64).max(1.0);
        let (low, high) = self.plan.range;
        let zero = self.to_left(0.0f64.clamp(low.min(high), high.max(low)));
        let mut drawn = 0;
        for (j, (n, ys)) in series.iter().enumerate() {
            let color = PALETTE[n % PALETTE.len()].mix(0.75).filled();
            for i in (0..rows).filter(in_view) {
                let v = ys[i];
                if !v.is_finite() {
                    continue;
                }
                let (center, top) = chart.backend_coord(&(x_at(i), self.to_left(v)));
                let (_, bottom) = chart.backend_coord(&(x_at(i), zero));
                let start =
                    f64::from(center) - width * series.len() as f64 / 2.0 + width * j as f64;
                let x0 = (start.round() as i32).clamp(columns.start, columns.end - 1);
                let x1 = ((start + width).round() as i32)
                    .max(x0 + 1)
                    .min(columns.end);
                let corners = [
                    (x0 - base.0, top.min(bottom) - base.1),
                    (x1 - base.0, top.max(bottom) - base.1),
                ];
                area.draw(&Rectangle::new(corners, color)).map_err(fail)?;
                drawn += 1;
            }
        }
        Ok(drawn)
    }
}

/// Whether right-axis bars of `spec` fit a plot about `plot_width` backend
/// pixels wide: no more x values in view than pixels (else they are drawn
/// as lines, and the legend says so).
pub(super) fn right_bars_fit(
    sheet: &Sheet,
    spec: &ChartSpec,
    points: &Points,
    plot_width: f64,
) -> bool {
    let x = XValues::of(sheet, spec);
    let x_range = spec
        .x_view
        .filter(|(lo, hi)| hi > lo)
        .unwrap_or(points.x_extent);
    let in_view = if points.ordered {
        visible_rows(sheet.rows, |i| x.at(i), x_range).len()
    } else {
        (0..sheet.rows)
            .filter(|&i| {
                let v = x.at(i);
                v >= x_range.0 && v <= x_range.1
            })
            .count()
    };
    in_view as f64 <= plot_width
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
    scale: f64,
    horizontal_grid: bool,
) -> Result<Chart<'a, DB>, RenderError> {
    let px = |css: f64| (css * scale).round() as i32;
    let font = |size: f64| (FONT, size * scale).into_font();
    let mut builder = ChartBuilder::on(area);
    builder
        .x_label_area_size(px(x.x_label_room()))
        .y_label_area_size(px(y.y_label_room()));
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
    if horizontal_grid {
        mesh.disable_x_mesh();
    } else {
        mesh.disable_y_mesh();
    }
    mesh.bold_line_style(GRID.stroke_width(px(1.0).max(1) as u32))
        .axis_style(AXIS.stroke_width(px(1.0).max(1) as u32))
        .set_all_tick_mark_size(px(4.0))
        .x_labels(x.ticks.len().max(1))
        .y_labels(y.ticks.len().max(1))
        .x_label_formatter(&|v| label_at(&x.ticks, *v))
        .y_label_formatter(&|v| label_at(&y.ticks, *v))
        .label_style(font(12.0).color(&MUTED_TEXT))
        .axis_desc_style(font(13.0).color(&TEXT))
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
    };
    RenderStats {
        x_ticks: x.ticks.iter().map(|t| t.label.clone()).collect(),
        y_ticks: y.ticks.iter().map(|t| t.label.clone()).collect(),
        plot: Some(plot),
        ..RenderStats::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_a_log_axis_lines_are_cut_where_they_are_drawn() {
        // From 1 to 1000 over x 0..10: halfway, the drawn line is at 10^1.5.
        let line = [(0.0, 1.0), (10.0, 1000.0)];
        let cut = clip_on_axis(&line, (5.0, 10.0), true);
        let (x, y) = cut[0][0];
        assert_eq!(x, 5.0);
        assert!((y - 10f64.powf(1.5)).abs() < 1e-9, "{y}");
        // On a linear axis, halfway is the mean.
        assert_eq!(clip_on_axis(&line, (5.0, 10.0), false)[0][0], (5.0, 500.5));
    }
}
