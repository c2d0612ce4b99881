//! Reducing a series to what the screen can show (M4).
//!
//! A line over a million points drawn into 1,000 pixel columns looks exactly
//! like a line through, per pixel column, the first, lowest, highest and last
//! point in it. So drawing never touches more than about four points per
//! pixel column, however long the column, and the result is pixel-exact.

/// A run of consecutive points that fall in the same pixel column.
#[derive(Clone, Copy)]
struct Bucket {
    /// [`NO_BUCKET`] before the first point and after a gap.
    pixel: i64,
    first: usize,
    last: usize,
    min: usize,
    max: usize,
    min_y: f64,
    max_y: f64,
}

const NO_BUCKET: i64 = i64::MIN;

/// The polylines to draw for `ys` against `x_of(i)`, reduced by M4 to the
/// pixel grid of `width` columns spanning `x_range`. A gap (non-finite x or
/// y) breaks the line, so the output is one polyline per unbroken run.
pub fn m4_polylines(
    x_of: impl Fn(usize) -> f64,
    ys: &[f64],
    x_range: (f64, f64),
    width: usize,
) -> Vec<Vec<(f64, f64)>> {
    let span = x_range.1 - x_range.0;
    let scale = if span > 0.0 {
        width.max(1) as f64 / span
    } else {
        0.0
    };
    let mut lines = Vec::new();
    let mut line: Vec<(f64, f64)> = Vec::new();
    let mut bucket = Bucket {
        pixel: NO_BUCKET,
        first: 0,
        last: 0,
        min: 0,
        max: 0,
        min_y: 0.0,
        max_y: 0.0,
    };
    let emit = |b: Bucket, line: &mut Vec<(f64, f64)>| {
        // Beyond the window only the neighbour of the edge matters: the
        // line runs to it and is clipped there.
        let mut picks = match b.pixel {
            NO_BUCKET => return,
            -1 => [b.last; 4],
            p if p == width as i64 => [b.first; 4],
            _ => [b.first, b.min, b.max, b.last],
        };
        picks.sort_unstable();
        let mut previous = usize::MAX;
        for i in picks {
            if i != previous {
                line.push((x_of(i), ys[i]));
                previous = i;
            }
        }
    };
    // The hot loop of every frame: no allocation, no indexing back.
    for (i, &y) in ys.iter().enumerate() {
        let x = x_of(i);
        if !(x.is_finite() && y.is_finite()) {
            emit(bucket, &mut line);
            bucket.pixel = NO_BUCKET;
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            continue;
        }
        // Points beyond the window share one column on each side: the line
        // still runs to the edge, without a bucket per unseen pixel.
        let pixel = (((x - x_range.0) * scale).floor() as i64).clamp(-1, width as i64);
        if pixel == bucket.pixel {
            bucket.last = i;
            if y < bucket.min_y {
                bucket.min = i;
                bucket.min_y = y;
            }
            if y > bucket.max_y {
                bucket.max = i;
                bucket.max_y = y;
            }
        } else {
            emit(bucket, &mut line);
            bucket = Bucket {
                pixel,
                first: i,
                last: i,
                min: i,
                max: i,
                min_y: y,
                max_y: y,
            };
        }
    }
    emit(bucket, &mut line);
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The rows whose x lies in `x_range`, plus one neighbour on each side (a
/// line runs on to the edge), found by binary search: `x_of` must not
/// decrease over the rows and have no gaps. Drawing a zoomed window then
/// costs the rows in view, not all of them.
pub fn visible_rows(
    rows: usize,
    x_of: impl Fn(usize) -> f64,
    x_range: (f64, f64),
) -> std::ops::Range<usize> {
    let first_at_or_after = |bound: f64, inclusive: bool| {
        let (mut lo, mut hi) = (0, rows);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let x = x_of(mid);
            let before = if inclusive { x <= bound } else { x < bound };
            if before {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    };
    let start = first_at_or_after(x_range.0, false).saturating_sub(1);
    let end = (first_at_or_after(x_range.1, true) + 1).min(rows);
    start..end.max(start)
}

/// The points of a scatter series, one per occupied pixel of a `size`
/// grid: a million points on 800 × 400 pixels draw at most 320,000 dots,
/// and look the same. `y_map` puts y on the axis scale (log10 or as is);
/// `y_range` is in that scale. Points outside the window are left out.
pub fn pixel_bins(
    x_of: impl Fn(usize) -> f64,
    ys: &[f64],
    y_map: impl Fn(f64) -> f64,
    x_range: (f64, f64),
    y_range: (f64, f64),
    size: (usize, usize),
) -> Vec<(f64, f64)> {
    let (width, height) = (size.0.max(1), size.1.max(1));
    let x_scale = width as f64 / (x_range.1 - x_range.0);
    let y_scale = height as f64 / (y_range.1 - y_range.0);
    let mut taken = vec![false; width * height];
    let mut points = Vec::new();
    for (i, &y) in ys.iter().enumerate() {
        let x = x_of(i);
        let mapped = y_map(y);
        if !x.is_finite() || !mapped.is_finite() {
            continue;
        }
        let column = ((x - x_range.0) * x_scale).floor();
        let row = ((mapped - y_range.0) * y_scale).floor();
        if !(0.0..width as f64).contains(&column) || !(0.0..height as f64).contains(&row) {
            continue;
        }
        let cell = row as usize * width + column as usize;
        if !taken[cell] {
            taken[cell] = true;
            points.push((x, y));
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_at_most_four_points_per_pixel_column_and_the_extremes() {
        let n = 1_000_000;
        let ys: Vec<f64> = (0..n)
            .map(|i| ((i as f64) * 0.001).sin() * (i % 7) as f64)
            .collect();
        let lines = m4_polylines(|i| i as f64, &ys, (0.0, n as f64), 800);
        assert_eq!(lines.len(), 1);
        let points = &lines[0];
        assert!(points.len() <= 4 * 800, "{} points", points.len());
        let max = ys.iter().cloned().fold(f64::MIN, f64::max);
        let min = ys.iter().cloned().fold(f64::MAX, f64::min);
        assert!(points.iter().any(|p| p.1 == max) && points.iter().any(|p| p.1 == min));
        assert_eq!(points.first(), Some(&(0.0, ys[0])));
        assert_eq!(points.last(), Some(&((n - 1) as f64, ys[n - 1])));
        assert!(points.windows(2).all(|w| w[0].0 < w[1].0), "order is kept");
    }

    #[test]
    fn zoomed_windows_touch_few_points_outside() {
        let ys: Vec<f64> = (0..100_000).map(|i| (i % 13) as f64).collect();
        let lines = m4_polylines(|i| i as f64, &ys, (50_000.0, 50_100.0), 1000);
        let points = &lines[0];
        assert!(
            points.len() <= 101 + 2,
            "{} points for a 100-point window",
            points.len()
        );
        // Outside, only the neighbours of the edges: no spike at the border.
        assert_eq!(points.first().unwrap().0, 49_999.0);
        assert_eq!(points.last().unwrap().0, 50_100.0);
    }

    #[test]
    fn visible_rows_are_found_by_search_with_a_neighbour_each_side() {
        let xs: Vec<f64> = (0..1000).map(f64::from).collect();
        assert_eq!(visible_rows(1000, |i| xs[i], (100.0, 200.0)), 99..202);
        assert_eq!(visible_rows(1000, |i| xs[i], (-5.0, 3.5)), 0..5);
        assert_eq!(visible_rows(1000, |i| xs[i], (2000.0, 3000.0)), 999..1000);
        assert_eq!(visible_rows(0, |i| xs[i], (0.0, 1.0)), 0..0);
    }

    #[test]
    fn scatter_keeps_one_point_per_pixel() {
        let xs: Vec<f64> = (0..200_000).map(|i| (i % 1000) as f64).collect();
        let ys: Vec<f64> = (0..200_000).map(|i| (i % 7) as f64).collect();
        let points = pixel_bins(|i| xs[i], &ys, |y| y, (0.0, 1000.0), (0.0, 7.0), (100, 70));
        assert!(points.len() <= 100 * 70);
        assert!(points.len() >= 100 * 7, "{}", points.len());
        let outside = pixel_bins(
            |i| xs[i],
            &ys,
            |y| y,
            (2000.0, 3000.0),
            (0.0, 7.0),
            (100, 70),
        );
        assert!(outside.is_empty());
    }

    #[test]
    fn gaps_split_lines_and_small_series_pass_through() {
        let ys = [1.0, 2.0, f64::NAN, 3.0, 4.0, 5.0];
        let lines = m4_polylines(|i| i as f64, &ys, (0.0, 5.0), 500);
        assert_eq!(
            lines,
            vec![
                vec![(0.0, 1.0), (1.0, 2.0)],
                vec![(3.0, 3.0), (4.0, 4.0), (5.0, 5.0)]
            ]
        );
    }
}
