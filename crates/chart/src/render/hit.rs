//! What is under the pointer: the nearest point of a drawn chart, found in
//! the full-resolution data (not the downsampled drawing), with its x and y
//! as the workbook shows them.
//!
//! Called on every mousemove, so it reads the [`Prepared`] chart and the
//! rows near the pointer, allocating nothing but the hit it returns.

use super::cartesian::left_bars;
use super::geometry::{Bands, Boxes, SlotBars, Stacks};
use super::{PlotArea, XValues};
use crate::downsample::visible_rows;
use crate::prepare::{Points, Prepared, SeriesBox, Shape};
use crate::shapes::{Categories, Histogram};
use crate::spec::{ChartKind, ChartSpec};
use sheetplot_model::format::{format_number, format_value};
use sheetplot_model::{Rgb, Sheet};

/// A point under the pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into the spec's y columns, then its right-axis columns (the
    /// series' place among the drawn series).
    pub series: usize,
    /// The colour the series is drawn in, for the hover mark.
    pub color: Rgb,
    pub name: String,
    pub x_text: String,
    pub y_text: String,
    /// Where the point is drawn, in backend pixels.
    pub at: (f64, f64),
    /// The series' trend, as the legend names it ("linear: y = 2.1x + 3,
    /// R² = 0.93"), when the chart has one.
    pub trend: Option<String>,
}

/// The point of `spec` nearest the backend pixel `at`, within `radius`
/// pixels; bars, boxes and bins answer for the one under the pointer. Pies
/// have no axes to hit. A `prepared` that does not fit `spec` hits nothing.
pub fn hit_test(
    sheet: &Sheet,
    spec: &ChartSpec,
    prepared: &Prepared,
    plot: &PlotArea,
    at: (f64, f64),
    radius: f64,
) -> Option<Hit> {
    let inside = at.0 >= f64::from(plot.left)
        && at.0 <= f64::from(plot.left + plot.width)
        && at.1 >= f64::from(plot.top)
        && at.1 <= f64::from(plot.top + plot.height);
    // A spec made for another sheet (the sheet changed a task ago) hits nothing.
    if !inside || spec.check(sheet).is_err() || !prepared.serves(sheet, spec) {
        return None;
    }
    let hit = match prepared.shape() {
        Shape::Pie { .. } => None,
        Shape::Bars(groups) => bar_at(sheet, spec, groups, plot, at),
        Shape::Histogram(histogram) => bin_at(sheet, spec, histogram, plot, at),
        Shape::Boxes(boxes) => box_at(sheet, spec, boxes, plot, at),
        // Lines and their points are drawn over the bars.
        Shape::Points(points) => point_near(sheet, spec, points, plot, at, radius)
            .or_else(|| column_bar_at(sheet, spec, points, plot, at)),
    }?;
    Some(dressed(hit, spec, prepared))
}

/// `hit` in its series' colour, with the series' trend when it has one
/// (only line and scatter charts have trends).
pub(super) fn dressed(mut hit: Hit, spec: &ChartSpec, prepared: &Prepared) -> Hit {
    hit.color = spec.style.series_color(hit.series);
    hit.trend = prepared
        .trends()
        .and_then(|t| t.series.get(hit.series))
        .map(|t| t.label.clone());
    hit
}

/// Which of a line chart's series are drawn as bars in the frame `plot`
/// shows: the left axis', the right axis', both or neither.
fn bar_sides(spec: &ChartSpec, plot: &PlotArea) -> (bool, bool) {
    let right = spec.y2_bars && !spec.right_axis().is_empty();
    (plot.bars && left_bars(spec), plot.bars && right)
}

/// Where the pointer is along a category axis, and half a pixel there in
/// data units: plotters rounds drawn edges to whole pixels, so a pointer
/// on the edge pixel of a bar is on the bar.
fn along(plot: &PlotArea, at: f64, vertical: bool) -> (f64, f64) {
    let position = |p: f64| {
        if vertical {
            plot.y_at(p)
        } else {
            plot.x_at(p)
        }
    };
    let here = position(at);
    (here, (position(at + 0.5) - here).abs())
}

fn point_near(
    sheet: &Sheet,
    spec: &ChartSpec,
    points: &Points,
    plot: &PlotArea,
    at: (f64, f64),
    radius: f64,
) -> Option<Hit> {
    let x = XValues::of(sheet, spec);
    // The left axis' series, then the right axis'.
    let right = spec.right_axis();
    let series = spec.y.len() + right.len();
    let column = |n: usize| {
        sheet.columns[spec.drawn_column(n)]
            .values
            .as_floats()
            .unwrap_or(&[])
    };
    // Rows whose x is within `radius` pixels: a binary search when x is in
    // order (rows, categories, sorted columns), else every row.
    let window = if points.ordered {
        visible_rows(
            sheet.rows,
            |i| x.at(i),
            (plot.x_at(at.0 - radius), plot.x_at(at.0 + radius)),
        )
    } else {
        0..sheet.rows
    };
    let stacked = spec.kind == ChartKind::Area;
    // Bars are found by their whole body (see `column_bar_at`), not here.
    let (left_bars, right_bars) = bar_sides(spec, plot);
    let is_bar = |n: usize| {
        if n < spec.y.len() {
            left_bars
        } else {
            right_bars
        }
    };
    let mut best: Option<(f64, usize, usize, (f64, f64))> = None;
    for row in window {
        let xv = x.at(row);
        if !xv.is_finite() {
            continue;
        }
        let value = |n: usize| column(n).get(row).copied().filter(|v| v.is_finite());
        // A stacked area draws each series on the ones before it; a row
        // where every series is a gap is a gap in every layer.
        if stacked && (0..spec.y.len()).all(|n| value(n).is_none()) {
            continue;
        }
        let mut running = 0.0;
        for n in 0..series {
            let yv = if stacked {
                running += value(n).unwrap_or(0.0);
                running
            } else {
                column(n).get(row).copied().unwrap_or(f64::NAN)
            };
            if !yv.is_finite() || (plot.log_y && yv <= 0.0) || is_bar(n) {
                continue;
            }
            let p = if n < spec.y.len() {
                plot.pixel_of(xv, yv)
            } else {
                plot.pixel_of_right(xv, yv)
            };
            let d = (p.0 - at.0).hypot(p.1 - at.1);
            // Ties go to the first series, then the first row.
            if d <= radius && best.is_none_or(|b| d < b.0 || (d == b.0 && n < b.1)) {
                best = Some((d, n, row, p));
            }
        }
    }
    let (_, n, row, p) = best?;
    Some(Hit {
        series: n,
        color: Rgb(0, 0, 0),
        name: sheet.columns[spec.drawn_column(n)].name.clone(),
        x_text: x.text(row),
        y_text: format_value(column(n)[row]),
        at: p,
        trend: None,
    })
}

/// The bar of a line chart's bar series (see [`SlotBars`]) under the
/// pointer, found as drawn: the x values in view share the plot's width,
/// and a bar runs from its axis' zero (or the plot's edge nearer it) to
/// its value.
fn column_bar_at(
    sheet: &Sheet,
    spec: &ChartSpec,
    points: &Points,
    plot: &PlotArea,
    at: (f64, f64),
) -> Option<Hit> {
    let (left_bars, right_bars) = bar_sides(spec, plot);
    let mut series: Vec<usize> = Vec::new();
    if left_bars {
        series.extend(spec.y.iter().copied());
    }
    let first_right = series.len();
    if right_bars {
        series.extend(spec.right_axis().iter().copied());
    }
    if series.is_empty() {
        return None;
    }
    let x = XValues::of(sheet, spec);
    let in_view = |v: f64| v >= plot.x_range.0 && v <= plot.x_range.1;
    let count = if points.ordered {
        visible_rows(sheet.rows, |i| x.at(i), plot.x_range)
            .filter(|&i| in_view(x.at(i)))
            .count()
    } else {
        (0..sheet.rows).filter(|&i| in_view(x.at(i))).count()
    };
    let columns = (plot.left, plot.left + plot.width);
    let slots = SlotBars::new(columns, count, series.len());
    // The rows whose bars can reach the pointer.
    let reach = slots.reach();
    let near = (plot.x_at(at.0 - reach), plot.x_at(at.0 + reach));
    let rows = if points.ordered {
        visible_rows(sheet.rows, |i| x.at(i), near)
    } else {
        0..sheet.rows
    };
    let (top, bottom) = (f64::from(plot.top), f64::from(plot.top + plot.height));
    for row in rows {
        let xv = x.at(row);
        if !xv.is_finite() || !in_view(xv) {
            continue;
        }
        // As plotters maps a drawn x to its pixel column.
        let center = (plot.pixel_of(xv, plot.y_range.0).0 + 1e-3).floor() as i32;
        let Some(j) = slots.at(center, at.0) else {
            continue;
        };
        let column = series[j];
        let value = sheet.columns[column].values.as_floats()?[row];
        if !value.is_finite() {
            continue;
        }
        let on_right = j >= first_right;
        let pixel = |v: f64| {
            if on_right {
                plot.pixel_of_right(xv, v).1
            } else {
                plot.pixel_of(xv, v).1
            }
        };
        let zero = match (on_right, plot.y2_range) {
            (true, Some(range)) => clamped_zero(range),
            _ if plot.log_y => plot.y_range.0,
            _ => clamped_zero(plot.y_range),
        };
        let (a, b) = (pixel(value), pixel(zero));
        let (from, to) = (a.min(b).max(top), a.max(b).min(bottom));
        if at.1 < from - 0.5 || at.1 > to + 0.5 {
            continue;
        }
        let (x0, x1) = slots.span(center, j);
        let n = if on_right {
            spec.y.len() + (j - first_right)
        } else {
            j
        };
        return Some(Hit {
            series: n,
            color: Rgb(0, 0, 0),
            name: sheet.columns[column].name.clone(),
            x_text: x.text(row),
            y_text: format_value(value),
            at: (f64::from(x0 + x1) / 2.0, a.clamp(top, bottom)),
            trend: None,
        });
    }
    None
}

/// Zero, or the end of `range` nearer it: where bars start.
fn clamped_zero(range: (f64, f64)) -> f64 {
    0.0f64.clamp(range.0.min(range.1), range.0.max(range.1))
}

fn bar_at(
    sheet: &Sheet,
    spec: &ChartSpec,
    groups: &Categories,
    plot: &PlotArea,
    at: (f64, f64),
) -> Option<Hit> {
    // A bar chart lying down has its categories on y (first at the top).
    let lying = plot.y_range.0 > plot.y_range.1;
    let (position, slack) = along(plot, if lying { at.1 } else { at.0 }, lying);
    let (i, n) = if Stacks::wanted(spec, groups.values.len()) {
        // Piled up: the category's one band, then the bar at the pointer's value.
        let (i, _) = Bands::new(1).at(position, groups.labels.len(), slack)?;
        let value = if lying {
            plot.x_at(at.0)
        } else {
            plot.y_at(at.1)
        };
        (i, Stacks::of(&groups.values).at(i, value)?)
    } else {
        Bands::new(groups.values.len()).at(position, groups.labels.len(), slack)?
    };
    let value = groups.values[n][i];
    if !Bands::shows(value, spec.log_y) {
        return None;
    }
    Some(Hit {
        series: n,
        color: Rgb(0, 0, 0),
        name: sheet.columns[spec.y[n]].name.clone(),
        x_text: groups.labels[i].clone(),
        y_text: format_value(value),
        at,
        trend: None,
    })
}

fn box_at(
    sheet: &Sheet,
    spec: &ChartSpec,
    boxes: &[SeriesBox],
    plot: &PlotArea,
    at: (f64, f64),
) -> Option<Hit> {
    let (position, slack) = along(plot, at.0, false);
    // Boxes are drawn (and coloured) by their place among the boxes drawn.
    let i = Boxes::new(boxes.len()).at(position, slack)?;
    let SeriesBox { series, stats: b } = &boxes[i];
    Some(Hit {
        series: i,
        color: Rgb(0, 0, 0),
        name: sheet.columns[spec.y[*series]].name.clone(),
        x_text: format!(
            "quartiles {} to {} · {} values",
            format_value(b.q1),
            format_value(b.q3),
            format_number(b.count as f64, 0)
        ),
        y_text: format!("median {}", format_value(b.median)),
        at,
        trend: None,
    })
}

fn bin_at(
    sheet: &Sheet,
    spec: &ChartSpec,
    histogram: &Histogram,
    plot: &PlotArea,
    at: (f64, f64),
) -> Option<Hit> {
    let x = plot.x_at(at.0);
    let i = histogram
        .edges
        .windows(2)
        .position(|e| x >= e[0] && x < e[1])?;
    Some(bin_hit(sheet, spec, histogram, i, at))
}

/// Bin `i` of `histogram` as a hit marked at `at`.
pub(super) fn bin_hit(
    sheet: &Sheet,
    spec: &ChartSpec,
    histogram: &Histogram,
    i: usize,
    at: (f64, f64),
) -> Hit {
    let width = histogram.edges[1] - histogram.edges[0];
    let decimals = (-width.log10().floor()).max(0.0) as usize;
    Hit {
        series: 0,
        color: Rgb(0, 0, 0),
        name: sheet.columns[spec.y[0]].name.clone(),
        x_text: format!(
            "{} to {}",
            format_number(histogram.edges[i], decimals),
            format_number(histogram.edges[i + 1], decimals)
        ),
        y_text: format!("{} values", format_number(histogram.counts[i] as f64, 0)),
        at,
        trend: None,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::{render_prepared, RenderStats, PALETTE};
    use super::*;
    use crate::prepare::prepare;
    use crate::spec::XSource;
    use plotters::prelude::*;
    use sheetplot_model::{Column, Values};

    /// Three categories and a column of numbers per series.
    pub(in crate::render) fn sheet(labels: [&str; 3], series: &[[f64; 3]]) -> Sheet {
        let text = Values::Text {
            ids: vec![0, 1, 2],
            labels: labels.map(String::from).to_vec(),
        };
        let mut columns = vec![Column::new("region".into(), text, 0)];
        for (n, values) in series.iter().enumerate() {
            columns.push(Column::new(
                format!("s{n}"),
                Values::Number(values.to_vec()),
                0,
            ));
        }
        Sheet {
            name: "s".into(),
            rows: 3,
            title: None,
            header_row: Some(0),
            first_row: 0,
            columns,
        }
    }

    /// Draws `spec` from `prepared` to SVG.
    fn draw(sheet: &Sheet, spec: &ChartSpec, prepared: &Prepared) -> (String, RenderStats) {
        let mut svg = String::new();
        let stats = {
            let root = SVGBackend::with_string(&mut svg, (800, 450)).into_drawing_area();
            render_prepared(&root, sheet, spec, prepared, 1.0).unwrap()
        };
        (svg, stats)
    }

    /// The `(x, y, width, height)` of the SVG's rectangles whose `paint`
    /// (fill or stroke) is `color`.
    fn rects(svg: &str, paint: &str, color: RGBColor) -> Vec<[f64; 4]> {
        let fill = format!("{paint}=\"#{:02X}{:02X}{:02X}\"", color.0, color.1, color.2);
        let number = |rect: &str, name: &str| -> f64 {
            let at = rect.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            rect[at..].split('"').next().unwrap().parse().unwrap()
        };
        svg.split("<rect")
            .skip(1)
            .map(|r| &r[..r.find('>').unwrap()])
            .filter(|r| r.contains(&fill))
            .map(|r| ["x", "y", "width", "height"].map(|name| number(r, name)))
            .collect()
    }

    fn bar_spec(sheet: &Sheet) -> (ChartSpec, Prepared) {
        let y = (1..sheet.columns.len()).collect();
        let spec = ChartSpec::new("t".into(), ChartKind::Bar, XSource::Category(0), y);
        let prepared = prepare(sheet, &spec).unwrap();
        (spec, prepared)
    }

    #[test]
    fn upright_bars_are_hit_from_edge_to_edge_as_drawn() {
        let s = sheet(["a", "b", "c"], &[[3.0, 5.0, 4.0], [2.0, 6.0, 1.0]]);
        let (spec, prepared) = bar_spec(&s);
        let (svg, stats) = draw(&s, &spec, &prepared);
        let plot = stats.plot.unwrap();
        assert!(plot.y_range.0 < plot.y_range.1, "upright");
        let bands = Bands::new(2);
        for (n, &color) in PALETTE[..2].iter().enumerate() {
            let drawn = rects(&svg, "fill", color);
            assert_eq!(drawn.len(), 3);
            for (i, rect) in drawn.iter().enumerate() {
                let (start, end) = bands.bar(i, n);
                let (left, right) = (plot.pixel_of(start, 0.0).0, plot.pixel_of(end, 0.0).0);
                // Drawn where hover finds it, but for plotters' rounding.
                assert!((left - rect[0]).abs() < 1.0, "{left} {rect:?}");
                assert!((right - rect[0] - rect[2]).abs() < 1.0, "{right} {rect:?}");
                let y = plot.pixel_of(0.0, 0.5).1;
                let hit = |x: f64| hit_test(&s, &spec, &prepared, &plot, (x, y), 6.0);
                for edge in [left, right] {
                    let found = hit(edge).expect("a bar at its edge");
                    assert_eq!(
                        (found.series, found.x_text.as_str()),
                        (n, ["a", "b", "c"][i])
                    );
                }
                assert_eq!(hit(left - 1.0), None, "just before bar {n} of {i}");
                assert_eq!(hit(right + 1.0), None, "just after bar {n} of {i}");
            }
        }
        let found = hit_test(
            &s,
            &spec,
            &prepared,
            &plot,
            plot.pixel_of(1.0 - 0.2, 1.0),
            6.0,
        );
        assert_eq!(found.map(|h| h.y_text), Some("5".to_owned()));
    }

    #[test]
    fn lying_bars_are_hit_where_they_are_drawn_first_at_the_top() {
        let labels = ["a label too long to stand", "b", "c"];
        let s = sheet(labels, &[[3.0, 5.0, 4.0]]);
        let (spec, prepared) = bar_spec(&s);
        let (svg, stats) = draw(&s, &spec, &prepared);
        let plot = stats.plot.unwrap();
        assert!(plot.y_range.0 > plot.y_range.1, "lying down");
        let drawn = rects(&svg, "fill", PALETTE[0]);
        assert_eq!(drawn.len(), 3);
        for (i, rect) in drawn.iter().enumerate() {
            let (start, end) = Bands::new(1).bar(i, 0);
            let (top, bottom) = (plot.pixel_of(1.0, start).1, plot.pixel_of(1.0, end).1);
            assert!((top - rect[1]).abs() < 1.0, "{top} {rect:?}");
            assert!(
                (bottom - rect[1] - rect[3]).abs() < 1.0,
                "{bottom} {rect:?}"
            );
            let x = plot.pixel_of(1.0, 0.0).0;
            let hit = |y: f64| hit_test(&s, &spec, &prepared, &plot, (x, y), 6.0);
            for edge in [top, bottom] {
                assert_eq!(hit(edge).expect("a bar at its edge").x_text, labels[i]);
            }
            assert_eq!(hit(top - 1.0), None);
            assert_eq!(hit(bottom + 1.0), None);
        }
    }

    #[test]
    fn a_box_is_hit_across_its_drawn_width_only() {
        let s = sheet(
            ["a", "b", "c"],
            &[[1.0, 2.0, 4.0], [f64::NAN; 3], [3.0, 5.0, 9.0]],
        );
        let spec = ChartSpec::new(
            "t".into(),
            ChartKind::Box,
            XSource::RowNumber,
            vec![1, 2, 3],
        );
        let prepared = prepare(&s, &spec).unwrap();
        let (svg, stats) = draw(&s, &spec, &prepared);
        let plot = stats.plot.unwrap();
        let boxes = Boxes::new(2);
        for (i, name) in [(0, "s0"), (1, "s2")] {
            let (start, end) = boxes.body(i);
            let (left, right) = (plot.pixel_of(start, 1.0).0, plot.pixel_of(end, 1.0).0);
            let drawn = rects(&svg, "stroke", PALETTE[i]);
            assert_eq!(drawn.len(), 1, "the box's outline");
            assert!(
                drawn.iter().all(|r| (left - r[0]).abs() < 1.0),
                "{left} {drawn:?}"
            );
            assert!(drawn.iter().all(|r| (right - r[0] - r[2]).abs() < 1.0));
            let y = plot.pixel_of(0.0, 3.0).1;
            let hit = |x: f64| hit_test(&s, &spec, &prepared, &plot, (x, y), 6.0);
            for edge in [left, right] {
                let found = hit(edge).expect("a box at its edge");
                assert_eq!((found.series, found.name.as_str()), (i, name));
            }
            assert_eq!(hit(left - 1.0), None);
            assert_eq!(hit(right + 1.0), None);
        }
        let median = hit(&s, &spec, &prepared, &plot, 1);
        assert_eq!(median.y_text, "median 5");
    }

    /// The hit at the middle of box or bar `i` of an upright chart.
    fn hit(s: &Sheet, spec: &ChartSpec, prepared: &Prepared, plot: &PlotArea, i: usize) -> Hit {
        let at = plot.pixel_of(i as f64, plot.y_range.0);
        hit_test(s, spec, prepared, plot, (at.0, at.1 - 1.0), 6.0).expect("a hit")
    }

    #[test]
    fn a_stacked_area_is_hit_on_its_layer_and_says_its_own_value() {
        let s = sheet(["a", "b", "c"], &[[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]]);
        let spec = ChartSpec::new("t".into(), ChartKind::Area, XSource::RowNumber, vec![1, 2]);
        let prepared = prepare(&s, &spec).unwrap();
        let plot = draw(&s, &spec, &prepared).1.plot.unwrap();
        let found = hit_test(&s, &spec, &prepared, &plot, plot.pixel_of(2.0, 22.0), 4.0);
        let found = found.expect("the second layer at row 2");
        assert_eq!((found.series, found.y_text.as_str()), (1, "20"));
        let found = hit_test(&s, &spec, &prepared, &plot, plot.pixel_of(3.0, 3.0), 4.0);
        assert_eq!(found.map(|h| h.series), Some(0));
    }

    #[test]
    fn a_prepared_chart_of_another_spec_hits_nothing() {
        let s = sheet(["a", "b", "c"], &[[3.0, 5.0, 4.0]]);
        let (spec, prepared) = bar_spec(&s);
        let plot = draw(&s, &spec, &prepared).1.plot.unwrap();
        assert_eq!(hit(&s, &spec, &prepared, &plot, 1).y_text, "5");
        let mut pie = spec.clone();
        pie.kind = ChartKind::Pie;
        let centre = plot.pixel_of(1.0, 1.0);
        assert_eq!(hit_test(&s, &pie, &prepared, &plot, centre, 6.0), None);
        let mut zoomed = spec.clone();
        zoomed.x_view = Some((0.0, 2.0));
        assert!(hit_test(&s, &zoomed, &prepared, &plot, centre, 6.0).is_some());
    }

    #[test]
    fn bars_laid_down_by_the_style_are_hit_where_drawn() {
        // Short labels would stand; the style lays them down.
        let s = sheet(["a", "b", "c"], &[[3.0, 5.0, 4.0]]);
        let (mut spec, prepared) = bar_spec(&s);
        spec.style.horizontal = Some(true);
        spec.style.palette = crate::style::Palette::Tableau;
        let (svg, stats) = draw(&s, &spec, &prepared);
        let plot = stats.plot.unwrap();
        assert!(plot.y_range.0 > plot.y_range.1, "lying down");
        let color = super::super::look::rgb(spec.style.series_color(0));
        let drawn = rects(&svg, "fill", color);
        assert_eq!(drawn.len(), 3);
        for (i, rect) in drawn.iter().enumerate() {
            let middle = (rect[0] + rect[2] / 2.0, rect[1] + rect[3] / 2.0);
            let found = hit_test(&s, &spec, &prepared, &plot, middle, 6.0).expect("a bar");
            assert_eq!(found.x_text, ["a", "b", "c"][i]);
            assert_eq!(found.color, Rgb(0x4e, 0x79, 0xa7), "the colour drawn");
            // Between two bars, nothing.
            let between = (middle.0, rect[1] - 2.0);
            assert_eq!(hit_test(&s, &spec, &prepared, &plot, between, 6.0), None);
        }
    }

    #[test]
    fn bars_of_a_line_chart_are_hit_over_their_whole_height() {
        let s = sheet(["a", "b", "c"], &[[3.0, 5.0, 4.0], [30.0, 10.0, 20.0]]);
        let mut spec = ChartSpec::new("t".into(), ChartKind::Line, XSource::Category(0), vec![1]);
        spec.y2 = vec![2];
        spec.y_bars = true;
        spec.y2_bars = true;
        let prepared = prepare(&s, &spec).unwrap();
        let (svg, stats) = draw(&s, &spec, &prepared);
        let plot = stats.plot.unwrap();
        assert!(plot.bars);
        for (n, name) in [(0, "s0"), (1, "s1")] {
            // The legend's square first, then a bar per category.
            let drawn = rects(&svg, "fill", PALETTE[n]);
            assert_eq!(drawn.len(), 4, "{n}");
            for (i, rect) in drawn[1..].iter().enumerate() {
                let hit = |x: f64, y: f64| hit_test(&s, &spec, &prepared, &plot, (x, y), 4.0);
                let (left, right) = (rect[0] + 0.5, rect[0] + rect[2] - 0.5);
                let (top, bottom) = (rect[1] + 1.0, rect[1] + rect[3] - 1.0);
                for (x, y) in [(left, bottom), (right, top), ((left + right) / 2.0, bottom)] {
                    let found = hit(x, y).unwrap_or_else(|| panic!("bar {n} of {i} at {x},{y}"));
                    assert_eq!((found.series, found.name.as_str()), (n, name));
                    assert_eq!(found.x_text, ["a", "b", "c"][i]);
                    assert_eq!(found.color, spec.style.series_color(n));
                }
                assert_eq!(
                    hit((left + right) / 2.0, rect[1] - 8.0),
                    None,
                    "above bar {n} of {i}"
                );
            }
        }
    }
}
