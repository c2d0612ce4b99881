//! Lines and areas cut to the plot. plotters draws what it is given
//! wherever it maps, over the axes too, so what may leave the plot (a
//! zoomed line, a trend, data beyond fixed axis ends) is cut here, where
//! it crosses an edge. On a log axis a segment is straight in log10(y),
//! so that is where it is cut.

use crate::downsample::clip_to_x;

/// `y` on the axis' scale, and back.
type Map = fn(f64) -> f64;

fn maps(log: bool) -> (Map, Map) {
    if log {
        (f64::log10, |v| 10f64.powf(v))
    } else {
        (|v| v, |v| v)
    }
}

/// The parts of `line` with x in `x_range`, cut where they cross.
pub(super) fn to_x(line: &[(f64, f64)], x_range: (f64, f64), log: bool) -> Vec<Vec<(f64, f64)>> {
    if !log {
        return clip_to_x(line, x_range);
    }
    let on_axis: Vec<(f64, f64)> = line.iter().map(|&(x, y)| (x, y.log10())).collect();
    clip_to_x(&on_axis, x_range)
        .into_iter()
        .map(|part| part.into_iter().map(|(x, y)| (x, 10f64.powf(y))).collect())
        .collect()
}

/// The parts of `line` inside the plot: x in `x_range` and y in `y_range`,
/// cut where they cross.
pub(super) fn to_plot(
    line: &[(f64, f64)],
    x_range: (f64, f64),
    y_range: (f64, f64),
    log: bool,
) -> Vec<Vec<(f64, f64)>> {
    let (to_axis, from_axis) = maps(log);
    let on_axis: Vec<(f64, f64)> = line.iter().map(|&(x, y)| (x, to_axis(y))).collect();
    let (lo, hi) = (to_axis(y_range.0), to_axis(y_range.1));
    let y_bounds = (lo.min(hi), lo.max(hi));
    clip_to_x(&on_axis, x_range)
        .into_iter()
        .flat_map(|part| {
            let swapped: Vec<(f64, f64)> = part.iter().map(|&(x, y)| (y, x)).collect();
            clip_to_x(&swapped, y_bounds)
        })
        .map(|part| part.into_iter().map(|(y, x)| (x, from_axis(y))).collect())
        .collect()
}

/// The edge of an area, held within `y_range`: where it crosses an end of
/// the axis a point is added there, and beyond it the edge runs along the
/// end. Filled from a baseline also held within, the area is the part of
/// the unclipped one inside the plot.
pub(super) fn hold_in_y(line: &[(f64, f64)], y_range: (f64, f64), log: bool) -> Vec<(f64, f64)> {
    let (to_axis, from_axis) = maps(log);
    let (a, b) = (to_axis(y_range.0), to_axis(y_range.1));
    let (lo, hi) = (a.min(b), a.max(b));
    let mut held = Vec::with_capacity(line.len());
    let mut previous: Option<(f64, f64)> = None;
    for &(x, y) in line {
        let y = to_axis(y);
        if let Some((px, py)) = previous {
            // Where the segment crosses the ends, in order along it.
            let mut crossings: Vec<f64> = [lo, hi]
                .into_iter()
                .filter(|&end| (py - end) * (y - end) < 0.0)
                .map(|end| (end - py) / (y - py))
                .collect();
            crossings.sort_by(f64::total_cmp);
            held.extend(
                crossings
                    .into_iter()
                    .map(|t| (px + (x - px) * t, (py + (y - py) * t).clamp(lo, hi))),
            );
        }
        held.push((x, y.clamp(lo, hi)));
        previous = Some((x, y));
    }
    held.into_iter().map(|(x, y)| (x, from_axis(y))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_a_log_axis_lines_are_cut_where_they_are_drawn() {
        // From 1 to 1000 over x 0..10: halfway, the drawn line is at 10^1.5.
        let line = [(0.0, 1.0), (10.0, 1000.0)];
        let cut = to_x(&line, (5.0, 10.0), true);
        let (x, y) = cut[0][0];
        assert_eq!(x, 5.0);
        assert!((y - 10f64.powf(1.5)).abs() < 1e-9, "{y}");
        // On a linear axis, halfway is the mean.
        assert_eq!(to_x(&line, (5.0, 10.0), false)[0][0], (5.0, 500.5));
    }

    #[test]
    fn lines_are_cut_at_the_edges_of_the_plot() {
        // From (0, 0) to (10, 20) in a plot of y 0..10: cut at x = 5.
        let parts = to_plot(&[(0.0, 0.0), (10.0, 20.0)], (0.0, 10.0), (0.0, 10.0), false);
        assert_eq!(parts, [vec![(0.0, 0.0), (5.0, 10.0)]]);
        // On a log axis the cut is where log10(y) crosses.
        let parts = to_plot(
            &[(0.0, 1.0), (10.0, 10_000.0)],
            (0.0, 10.0),
            (1.0, 100.0),
            true,
        );
        let (x, y) = parts[0][1];
        assert!(
            (x - 5.0).abs() < 1e-9 && (y - 100.0).abs() < 1e-9,
            "{x} {y}"
        );
    }

    #[test]
    fn an_area_runs_along_the_end_of_the_axis_it_passes() {
        // Up through 10 and down again, in a plot of y 0..10.
        let edge = hold_in_y(&[(0.0, 0.0), (2.0, 20.0), (4.0, 0.0)], (0.0, 10.0), false);
        assert_eq!(
            edge,
            [
                (0.0, 0.0),
                (1.0, 10.0),
                (2.0, 10.0),
                (3.0, 10.0),
                (4.0, 0.0)
            ]
        );
        // Across both ends in one segment: both crossings, in order.
        let edge = hold_in_y(&[(0.0, -10.0), (4.0, 30.0)], (0.0, 20.0), false);
        assert_eq!(edge, [(0.0, 0.0), (1.0, 0.0), (3.0, 20.0), (4.0, 20.0)]);
        // Inside, nothing changes.
        let inside = [(0.0, 1.0), (1.0, 2.0)];
        assert_eq!(hold_in_y(&inside, (0.0, 10.0), false), inside);
    }
}
