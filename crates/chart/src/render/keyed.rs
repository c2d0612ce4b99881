//! Stepping through a drawn chart from the keyboard: the n-th point (bar,
//! bin) of a series among those in view, as a [`Hit`] the page shows and
//! its tooltip's live region reads out, so the chart can be read without a
//! pointer. Points are taken from the full-resolution rows, as hover does.

use super::geometry::{Bands, Stacks};
use super::hit::{bin_hit, dressed, Hit};
use super::{PlotArea, XValues};
use crate::downsample::visible_rows;
use crate::prepare::{Prepared, Shape};
use crate::shapes::Histogram;
use crate::spec::{ChartKind, ChartSpec};
use sheetplot_model::format::format_value;
use sheetplot_model::{Rgb, Sheet};

/// A point chosen from the keyboard: a drawn series (as [`Hit::series`]
/// counts them) and the place of the point among that series' points in
/// view, first to last along x.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyPoint {
    pub series: usize,
    pub index: usize,
}

/// Where a step goes from a [`KeyPoint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Next,
    Previous,
    First,
    Last,
    NextSeries,
    PreviousSeries,
}

/// The point `step` reaches from `from` (none yet: the first point), and
/// that point as a hit. Steps stop at the ends; a series without points in
/// view is passed over. None for pies and boxes, which have no points to
/// step through (their summary reads them), and for an empty view.
pub fn step(
    sheet: &Sheet,
    spec: &ChartSpec,
    prepared: &Prepared,
    plot: &PlotArea,
    from: Option<KeyPoint>,
    step: Step,
) -> Option<(KeyPoint, Hit)> {
    if spec.check(sheet).is_err() || !prepared.serves(sheet, spec) {
        return None;
    }
    let items = Items::of(sheet, spec, prepared, plot)?;
    let series = items.series();
    if series == 0 {
        return None;
    }
    let current = from.unwrap_or_default();
    let mut at = KeyPoint {
        series: current.series.min(series - 1),
        ..current
    };
    // A series is changed to, in turn, until one has points in view.
    let turn = |s: usize, by: isize| (s as isize + by).rem_euclid(series as isize) as usize;
    let by = match step {
        Step::NextSeries => 1,
        Step::PreviousSeries => -1,
        _ => 0,
    };
    if by != 0 {
        at.series = turn(at.series, by);
    }
    let mut count = items.count(at.series);
    for _ in 0..series {
        if count > 0 {
            break;
        }
        at.series = turn(at.series, if by == 0 { 1 } else { by });
        count = items.count(at.series);
    }
    if count == 0 {
        return None;
    }
    let last = count - 1;
    at.index = match step {
        Step::First => 0,
        Step::Last => last,
        _ if from.is_none() => 0,
        Step::Next => (current.index + 1).min(last),
        Step::Previous => current.index.min(last).saturating_sub(1),
        Step::NextSeries | Step::PreviousSeries => current.index.min(last),
    };
    Some((at, dressed(items.hit(at)?, spec, prepared)))
}

/// What can be stepped through, by kind.
enum Items<'a> {
    Rows {
        sheet: &'a Sheet,
        spec: &'a ChartSpec,
        plot: &'a PlotArea,
        x: XValues<'a>,
        rows: std::ops::Range<usize>,
    },
    Bars {
        sheet: &'a Sheet,
        spec: &'a ChartSpec,
        plot: &'a PlotArea,
        labels: &'a [String],
        values: &'a [Vec<f64>],
    },
    Bins {
        sheet: &'a Sheet,
        spec: &'a ChartSpec,
        plot: &'a PlotArea,
        histogram: &'a Histogram,
    },
}

impl<'a> Items<'a> {
    fn of(
        sheet: &'a Sheet,
        spec: &'a ChartSpec,
        prepared: &'a Prepared,
        plot: &'a PlotArea,
    ) -> Option<Items<'a>> {
        Some(match prepared.shape() {
            Shape::Points(points) => {
                let x = XValues::of(sheet, spec);
                let rows = if points.ordered {
                    visible_rows(sheet.rows, |i| x.at(i), plot.x_range)
                } else {
                    0..sheet.rows
                };
                Items::Rows {
                    sheet,
                    spec,
                    plot,
                    x,
                    rows,
                }
            }
            Shape::Bars(groups) => Items::Bars {
                sheet,
                spec,
                plot,
                labels: &groups.labels,
                values: &groups.values,
            },
            Shape::Histogram(histogram) => Items::Bins {
                sheet,
                spec,
                plot,
                histogram,
            },
            Shape::Pie { .. } | Shape::Boxes(_) => return None,
        })
    }

    fn series(&self) -> usize {
        match self {
            Items::Rows { spec, .. } => spec.y.len() + spec.right_axis().len(),
            Items::Bars { values, .. } => values.len(),
            Items::Bins { .. } => 1,
        }
    }

    /// The y value of series `n` at `row` as drawn (stacked areas pile).
    fn row_value(&self, n: usize, row: usize) -> Option<(f64, f64)> {
        let Items::Rows {
            sheet,
            spec,
            x,
            plot,
            ..
        } = self
        else {
            return None;
        };
        let xv = x.at(row);
        if !xv.is_finite() || xv < plot.x_range.0 || xv > plot.x_range.1 {
            return None;
        }
        let column = |n: usize| {
            sheet.columns[spec.drawn_column(n)]
                .values
                .as_floats()
                .and_then(|v| v.get(row).copied())
                .filter(|v| v.is_finite())
        };
        let own = column(n)?;
        let drawn = if spec.kind == ChartKind::Area {
            (0..n).filter_map(column).sum::<f64>() + own
        } else {
            own
        };
        (!(plot.log_y && drawn <= 0.0)).then_some((xv, drawn))
    }

    fn count(&self, n: usize) -> usize {
        match self {
            Items::Rows { rows, .. } => rows
                .clone()
                .filter(|&r| self.row_value(n, r).is_some())
                .count(),
            Items::Bars { spec, values, .. } => values[n]
                .iter()
                .filter(|v| Bands::shows(**v, spec.log_y))
                .count(),
            Items::Bins { histogram, .. } => histogram.counts.len(),
        }
    }

    fn hit(&self, at: KeyPoint) -> Option<Hit> {
        let n = at.series;
        match self {
            Items::Rows {
                sheet,
                spec,
                plot,
                x,
                rows,
            } => {
                let row = rows
                    .clone()
                    .filter(|&r| self.row_value(n, r).is_some())
                    .nth(at.index)?;
                let (xv, drawn) = self.row_value(n, row)?;
                let column = spec.drawn_column(n);
                let own = sheet.columns[column].values.as_floats()?[row];
                let pixel = if n < spec.y.len() {
                    plot.pixel_of(xv, drawn)
                } else {
                    plot.pixel_of_right(xv, drawn)
                };
                Some(Hit {
                    series: n,
                    color: Rgb(0, 0, 0),
                    name: sheet.columns[column].name.clone(),
                    x_text: x.text(row),
                    y_text: format_value(own),
                    at: clamp_to(plot, pixel),
                    trend: None,
                })
            }
            Items::Bars {
                sheet,
                spec,
                plot,
                labels,
                values,
            } => {
                let category = values[n]
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| Bands::shows(**v, spec.log_y))
                    .nth(at.index)?
                    .0;
                let value = values[n][category];
                let (along, top) = if Stacks::wanted(spec, values.len()) {
                    let pile = values[..=n]
                        .iter()
                        .map(|s| s[category])
                        .filter(|v| v.is_finite() && v.signum() == value.signum())
                        .sum::<f64>();
                    (category as f64, pile)
                } else {
                    let (start, end) = Bands::new(values.len()).bar(category, n);
                    ((start + end) / 2.0, value)
                };
                // Bars lying down have their categories on y.
                let lying = plot.y_range.0 > plot.y_range.1;
                let pixel = if lying {
                    plot.pixel_of(top, along)
                } else {
                    plot.pixel_of(along, top)
                };
                Some(Hit {
                    series: n,
                    color: Rgb(0, 0, 0),
                    name: sheet.columns[spec.y[n]].name.clone(),
                    x_text: labels[category].clone(),
                    y_text: format_value(value),
                    at: clamp_to(plot, pixel),
                    trend: None,
                })
            }
            Items::Bins {
                sheet,
                spec,
                plot,
                histogram,
            } => {
                let i = at.index;
                let count = *histogram.counts.get(i)?;
                let middle = (histogram.edges[i] + histogram.edges[i + 1]) / 2.0;
                let pixel = plot.pixel_of(middle, count as f64);
                Some(bin_hit(sheet, spec, histogram, i, clamp_to(plot, pixel)))
            }
        }
    }
}

/// `pixel`, kept inside the plot (a point beyond a fixed axis end is
/// marked at the edge it is cut off at).
fn clamp_to(plot: &PlotArea, pixel: (f64, f64)) -> (f64, f64) {
    let (left, top) = (f64::from(plot.left), f64::from(plot.top));
    (
        pixel.0.clamp(left, left + f64::from(plot.width)),
        pixel.1.clamp(top, top + f64::from(plot.height)),
    )
}

#[cfg(test)]
mod tests {
    use super::super::render_prepared;
    use super::*;
    use crate::prepare::prepare;
    use crate::spec::XSource;
    use plotters::prelude::*;

    fn sheet() -> Sheet {
        super::super::hit::tests::sheet(
            ["north", "south", "east"],
            &[[1.0, f64::NAN, 3.0], [10.0, 20.0, 30.0]],
        )
    }

    /// Steps `keys` through `kind` of `sheet`, answering the hits' x and y.
    fn walk(kind: ChartKind, keys: &[Step]) -> Vec<(usize, String, String)> {
        let sheet = sheet();
        let spec = ChartSpec::new(String::new(), kind, XSource::Category(0), vec![1, 2]);
        let prepared = prepare(&sheet, &spec).unwrap();
        let mut svg = String::new();
        let stats = {
            let root = SVGBackend::with_string(&mut svg, (800, 450)).into_drawing_area();
            render_prepared(&root, &sheet, &spec, &prepared, 1.0).unwrap()
        };
        let plot = stats.plot.unwrap();
        let mut at = None;
        keys.iter()
            .map(|&key| {
                let (point, hit) = step(&sheet, &spec, &prepared, &plot, at, key).unwrap();
                at = Some(point);
                let inside = hit.at.0 >= f64::from(plot.left)
                    && hit.at.0 <= f64::from(plot.left + plot.width)
                    && hit.at.1 >= f64::from(plot.top)
                    && hit.at.1 <= f64::from(plot.top + plot.height);
                assert!(inside, "{hit:?} is outside {plot:?}");
                (hit.series, hit.x_text, hit.y_text)
            })
            .collect()
    }

    fn hit(series: usize, x: &str, y: &str) -> (usize, String, String) {
        (series, x.into(), y.into())
    }

    #[test]
    fn arrows_step_through_a_line_and_skip_its_gaps() {
        use Step::*;
        assert_eq!(
            walk(
                ChartKind::Line,
                &[
                    Next,
                    Next,
                    Next,
                    Previous,
                    NextSeries,
                    Last,
                    First,
                    PreviousSeries
                ]
            ),
            [
                hit(0, "north", "1"),
                hit(0, "east", "3"),
                hit(0, "east", "3"),
                hit(0, "north", "1"),
                hit(1, "north", "10"),
                hit(1, "east", "30"),
                hit(1, "north", "10"),
                hit(0, "north", "1"),
            ]
        );
    }

    #[test]
    fn arrows_step_through_bars_by_category() {
        use Step::*;
        assert_eq!(
            walk(
                ChartKind::Bar,
                &[Next, Next, NextSeries, Previous, First, Last]
            ),
            [
                hit(0, "north", "1"),
                hit(0, "east", "3"),
                hit(1, "south", "20"),
                hit(1, "north", "10"),
                hit(1, "north", "10"),
                hit(1, "east", "30"),
            ]
        );
    }

    #[test]
    fn pies_have_no_points_to_step() {
        let sheet = sheet();
        let spec = ChartSpec::new(String::new(), ChartKind::Pie, XSource::Category(0), vec![2]);
        let prepared = prepare(&sheet, &spec).unwrap();
        let plot = PlotArea::default();
        assert_eq!(
            step(&sheet, &spec, &prepared, &plot, None, Step::Next),
            None
        );
    }
}
