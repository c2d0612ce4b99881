//! Reducing a series to what the screen can show (M4).
//!
//! A line over a million points drawn into 1,000 pixel columns looks exactly
//! like a line through, per pixel column, the first, lowest, highest and last
//! point in it. So drawing never touches more than about four points per
//! pixel column, however long the column, and the result is pixel-exact.

use sheetplot_model::stats::{scan_extremes, Blocks, BLOCK_ROWS};

/// The smallest and largest finite value of `ys` (rows `offset..` of a
/// column), whole blocks read from `blocks`.
pub fn extent(ys: &[f64], offset: usize, blocks: Option<&Blocks>) -> Option<(f64, f64)> {
    let mut extent: Option<(f64, f64)> = None;
    let mut take = |v: f64| {
        if v.is_finite() {
            extent = Some(extent.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
        }
    };
    let mut i = 0;
    while i < ys.len() {
        let run = blocks
            .filter(|_| (offset + i) % BLOCK_ROWS == 0)
            .and_then(|b| b.run_at(offset + i, ys.len() - i));
        if let Some(((min, max), rows)) = run {
            take(min);
            take(max);
            i += rows;
        } else {
            take(ys[i]);
            i += 1;
        }
    }
    extent
}

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

/// The pixel column of `x` on a grid of `width` columns spanning
/// `x_range`. Points beyond the window share one column on each side (-1
/// and `width`): the line still runs to the edge, without a bucket per
/// unseen pixel.
fn pixel_mapper(x_range: (f64, f64), width: usize) -> impl Fn(f64) -> i64 {
    let span = x_range.1 - x_range.0;
    let scale = if span > 0.0 {
        width.max(1) as f64 / span
    } else {
        0.0
    };
    move |x: f64| (((x - x_range.0) * scale).floor() as i64).clamp(-1, width as i64)
}

/// Gathers a series' points into pixel-column buckets and the buckets
/// into polylines: per bucket the first, lowest, highest and last point.
struct Reducer<'a, X> {
    x_of: X,
    ys: &'a [f64],
    width: usize,
    bucket: Bucket,
    line: Vec<(f64, f64)>,
    lines: Vec<Vec<(f64, f64)>>,
}

impl<'a, X: Fn(usize) -> f64> Reducer<'a, X> {
    fn new(x_of: X, ys: &'a [f64], width: usize) -> Self {
        Reducer {
            x_of,
            ys,
            width,
            bucket: Bucket {
                pixel: NO_BUCKET,
                first: 0,
                last: 0,
                min: 0,
                max: 0,
                min_y: 0.0,
                max_y: 0.0,
            },
            line: Vec::new(),
            lines: Vec::new(),
        }
    }

    /// Adds rows `first..=last` (lowest at `min`, highest at `max`), all in
    /// pixel column `pixel`: a single row, or a run of them.
    fn add(&mut self, pixel: i64, first: usize, last: usize, min: usize, max: usize) {
        let ys = self.ys;
        let bucket = &mut self.bucket;
        if pixel == bucket.pixel {
            bucket.last = last;
            if ys[min] < bucket.min_y {
                bucket.min = min;
                bucket.min_y = ys[min];
            }
            if ys[max] > bucket.max_y {
                bucket.max = max;
                bucket.max_y = ys[max];
            }
        } else {
            self.emit();
            self.bucket = Bucket {
                pixel,
                first,
                last,
                min,
                max,
                min_y: ys[min],
                max_y: ys[max],
            };
        }
    }

    /// The bucket's points onto the line.
    fn emit(&mut self) {
        let b = self.bucket;
        // Beyond the window only the neighbour of the edge matters: the
        // line runs to it and is clipped there.
        let mut picks = match b.pixel {
            NO_BUCKET => return,
            -1 => [b.last; 4],
            p if p == self.width as i64 => [b.first; 4],
            _ => [b.first, b.min, b.max, b.last],
        };
        picks.sort_unstable();
        let mut previous = usize::MAX;
        for i in picks {
            if i != previous {
                self.line.push(((self.x_of)(i), self.ys[i]));
                previous = i;
            }
        }
    }

    /// A gap: the line so far ends.
    fn gap(&mut self) {
        self.emit();
        self.bucket.pixel = NO_BUCKET;
        if !self.line.is_empty() {
            self.lines.push(std::mem::take(&mut self.line));
        }
    }

    fn finish(mut self) -> Vec<Vec<(f64, f64)>> {
        self.gap();
        self.lines
    }
}

/// The polylines to draw for `ys` against `x_of(i)`, reduced by M4 to the
/// pixel grid of `width` columns spanning `x_range`. A gap (non-finite x or
/// y) breaks the line, so the output is one polyline per unbroken run.
pub fn m4_polylines(
    x_of: impl Fn(usize) -> f64,
    ys: &[f64],
    x_range: (f64, f64),
    width: usize,
) -> Vec<Vec<(f64, f64)>> {
    let pixel_of = pixel_mapper(x_range, width);
    let mut reducer = Reducer::new(&x_of, ys, width);
    // The hot loop of every frame when x is out of order: no allocation.
    for (i, &y) in ys.iter().enumerate() {
        let x = x_of(i);
        if x.is_finite() && y.is_finite() {
            reducer.add(pixel_of(x), i, i, i, i);
        } else {
            reducer.gap();
        }
    }
    reducer.finish()
}

/// The rows of each pixel column of a window whose x never decreases and
/// has no gaps, found by search: worked out once a frame for every series
/// drawn against that x, so a series' frame costs its pixel columns, not
/// its rows.
pub struct PixelColumns {
    /// Each pixel column that holds rows, in order, and its rows; -1 and
    /// `width` hold the rows beyond the window's edges.
    runs: Vec<(i64, std::ops::Range<usize>)>,
    width: usize,
}

impl PixelColumns {
    pub fn of(
        x_of: impl Fn(usize) -> f64,
        rows: usize,
        x_range: (f64, f64),
        width: usize,
    ) -> PixelColumns {
        let pixel_of = pixel_mapper(x_range, width);
        let mut runs = Vec::new();
        let (mut start, mut hint) = (0, 1);
        while start < rows {
            let pixel = pixel_of(x_of(start));
            // Rows start..lo are in `pixel`, row hi (if any) is not: gallop
            // from the last column's length, then bisect.
            let (mut lo, mut hi, mut step) = (start + 1, rows, hint);
            while start + step < rows {
                let probe = start + step;
                if pixel_of(x_of(probe)) != pixel {
                    hi = probe;
                    break;
                }
                lo = probe + 1;
                step *= 2;
            }
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if pixel_of(x_of(mid)) == pixel {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            runs.push((pixel, start..lo));
            hint = lo - start;
            start = lo;
        }
        PixelColumns { runs, width }
    }
}

/// [`m4_polylines`] for `ys` = rows `offset..` of a column, over the pixel
/// `columns` of its x (in order, no gaps): each column's extremes come from
/// the column's `blocks` (whole blocks merged, the rest scanned), so the
/// output is the same and costs a few steps a pixel column.
pub fn m4_polylines_in(
    columns: &PixelColumns,
    x_of: impl Fn(usize) -> f64,
    ys: &[f64],
    offset: usize,
    blocks: Option<&Blocks>,
) -> Vec<Vec<(f64, f64)>> {
    let mut reducer = Reducer::new(&x_of, ys, columns.width);
    for (pixel, rows) in &columns.runs {
        let extremes = match blocks {
            Some(blocks) => blocks.extremes(ys, offset, rows.clone()),
            None => scan_extremes(ys, rows.clone()),
        };
        match extremes {
            Some(e) => reducer.add(*pixel, rows.start, rows.end - 1, e.min, e.max),
            // A gap in this pixel column: row by row.
            None => {
                for i in rows.clone() {
                    if ys[i].is_finite() {
                        reducer.add(*pixel, i, i, i, i);
                    } else {
                        reducer.gap();
                    }
                }
            }
        }
    }
    reducer.finish()
}

/// [`m4_polylines_in`] for one series: its pixel columns worked out here.
pub fn m4_polylines_with(
    x_of: impl Fn(usize) -> f64,
    ys: &[f64],
    offset: usize,
    blocks: Option<&Blocks>,
    x_range: (f64, f64),
    width: usize,
) -> Vec<Vec<(f64, f64)>> {
    let columns = PixelColumns::of(&x_of, ys.len(), x_range, width);
    m4_polylines_in(&columns, x_of, ys, offset, blocks)
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

/// The parts of `line` inside `x_range`, as polylines. A segment that
/// crosses an edge ends at the crossing (interpolated): plotters squashes
/// points outside its plot onto the border, which would bend a zoomed line
/// along the edge and put a reading there that is not in view.
pub fn clip_to_x(line: &[(f64, f64)], x_range: (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let (lo, hi) = x_range;
    let inside = |p: (f64, f64)| p.0 >= lo && p.0 <= hi;
    let mut parts: Vec<Vec<(f64, f64)>> = Vec::new();
    if let [only] = line {
        if inside(*only) {
            parts.push(vec![*only]);
        }
        return parts;
    }
    for pair in line.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        let Some((a, b)) = clip_segment(p, q, lo, hi) else {
            continue;
        };
        match parts.last_mut() {
            Some(part) if part.last() == Some(&a) => part.push(b),
            _ => parts.push(vec![a, b]),
        }
    }
    parts
}

/// The part of segment `p`–`q` with `lo <= x <= hi`, if any.
fn clip_segment(
    p: (f64, f64),
    q: (f64, f64),
    lo: f64,
    hi: f64,
) -> Option<((f64, f64), (f64, f64))> {
    if p.0 == q.0 {
        return (p.0 >= lo && p.0 <= hi).then_some((p, q));
    }
    let at = |x: f64| (x - p.0) / (q.0 - p.0);
    let (t_lo, t_hi) = if p.0 < q.0 {
        (at(lo), at(hi))
    } else {
        (at(hi), at(lo))
    };
    let (t0, t1) = (t_lo.max(0.0), t_hi.min(1.0));
    if t0 > t1 {
        return None;
    }
    let point = |t: f64| match t {
        0.0 => p,
        1.0 => q,
        _ => (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)),
    };
    Some((point(t0), point(t1)))
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
        // The ranges are closed: a point on the right or top edge (the
        // last date of a series) is drawn, in the last pixel.
        if !(0.0..=width as f64).contains(&column) || !(0.0..=height as f64).contains(&row) {
            continue;
        }
        let cell = (row as usize).min(height - 1) * width + (column as usize).min(width - 1);
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
    fn lines_are_cut_where_they_cross_the_edges_of_the_view() {
        let line = [(0.0, 0.0), (10.0, 10.0), (20.0, 0.0), (30.0, 10.0)];
        assert_eq!(
            clip_to_x(&line, (5.0, 25.0)),
            [vec![(5.0, 5.0), (10.0, 10.0), (20.0, 0.0), (25.0, 5.0)]]
        );
        // A view between two points: one segment, cut at both ends.
        assert_eq!(
            clip_to_x(&line, (12.0, 14.0)),
            [vec![(12.0, 8.0), (14.0, 6.0)]]
        );
        // Inside, the line is untouched; outside, nothing is left.
        assert_eq!(clip_to_x(&line, (0.0, 30.0)), [line.to_vec()]);
        assert!(clip_to_x(&line, (40.0, 50.0)).is_empty());
        // x out of order leaves and re-enters the view: two parts.
        let back = [(0.0, 0.0), (10.0, 1.0), (0.0, 2.0), (10.0, 3.0)];
        assert_eq!(
            clip_to_x(&back, (5.0, 20.0)),
            [
                vec![(5.0, 0.5), (10.0, 1.0), (5.0, 1.5)],
                vec![(5.0, 2.5), (10.0, 3.0)]
            ]
        );
    }

    #[test]
    fn pixel_bins_keep_points_on_the_edges_of_the_view() {
        let xs = [0.0, 5.0, 10.0];
        let ys = [0.0, 1.0, 2.0];
        let points = pixel_bins(|i| xs[i], &ys, |y| y, (0.0, 10.0), (0.0, 2.0), (100, 50));
        assert_eq!(points, [(0.0, 0.0), (5.0, 1.0), (10.0, 2.0)]);
        // Beyond the edges is still out.
        let points = pixel_bins(|i| xs[i], &ys, |y| y, (1.0, 9.0), (0.0, 2.0), (100, 50));
        assert_eq!(points, [(5.0, 1.0)]);
    }

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
    fn blocks_change_nothing_but_the_work() {
        // Sorted x, wavy y with a gap, at many windows and widths.
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|i| i as f64 * 0.5).collect();
        let mut ys: Vec<f64> = (0..n)
            .map(|i| ((i as f64) * 0.013).sin() * (1 + i % 17) as f64)
            .collect();
        ys[12_345] = f64::NAN;
        // A gap in a coarse block's later block.
        ys[20_000] = f64::NAN;
        // Equal extremes in one coarse block: the first is kept, row by row.
        ys[40_000] = 1e6;
        ys[41_000] = 1e6;
        let blocks = Blocks::of(&ys);
        for (lo, hi, width) in [
            (0.0, 25_000.0, 800),
            // Thousands of rows a pixel column: coarse blocks are merged.
            (0.0, 100_000.0, 7),
            (-3.0, 99_999.0, 2),
            (10_000.0, 90_000.0, 12),
            (1000.0, 1300.0, 640),
            (-50.0, 40_000.0, 97),
            (7000.3, 7001.9, 500),
            // A block or two a pixel column, and many pixel columns a block.
            (0.0, 100_000.0, 390),
            (0.0, 100_000.0, 780),
            (333.3, 5000.0, 4000),
        ] {
            let window = visible_rows(n, |i| xs[i], (lo, hi));
            let offset = window.start;
            let plain = m4_polylines(|i| xs[i + offset], &ys[window.clone()], (lo, hi), width);
            let fast = m4_polylines_with(
                |i| xs[i + offset],
                &ys[window.clone()],
                offset,
                Some(&blocks),
                (lo, hi),
                width,
            );
            assert_eq!(plain, fast, "window {lo}..{hi} at {width} px");
            let slow_extent = extent(&ys[window.clone()], offset, None);
            assert_eq!(
                extent(&ys[window.clone()], offset, Some(&blocks)),
                slow_extent
            );
        }
    }

    #[test]
    fn ten_million_rows_keep_their_extremes_at_every_zoom() {
        // A random walk: every window has its own lowest and highest rows.
        let n = 10_000_000;
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut walk = 0.0;
        let ys: Vec<f64> = (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                walk += (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
                walk
            })
            .collect();
        let x_of = |i: usize| 1.7e9 + i as f64;
        let blocks = Blocks::of(&ys);
        let (mut lo, mut hi) = (x_of(0), x_of(n - 1));
        // Zoom in by half, off centre, down to a few hundred rows.
        let mut levels = 0;
        while hi - lo > 300.0 {
            let window = visible_rows(n, x_of, (lo, hi));
            let offset = window.start;
            let lines = m4_polylines_with(
                |i| x_of(i + offset),
                &ys[window.clone()],
                offset,
                Some(&blocks),
                (lo, hi),
                910,
            );
            let drawn: Vec<(f64, f64)> = lines.concat();
            assert!(drawn.len() <= 4 * 912, "{} points", drawn.len());
            // The rows strictly in view: their extremes are drawn, at their x.
            let first = window.start + usize::from(x_of(window.start) < lo);
            let last = window.end - 1 - usize::from(x_of(window.end - 1) > hi);
            let in_view = first..last + 1;
            let e = scan_extremes(&ys, in_view.clone()).unwrap();
            let (min, max) = (e.min, e.max);
            let naive_min = in_view.clone().map(|i| ys[i]).fold(f64::MAX, f64::min);
            assert_eq!(ys[min], naive_min);
            for row in [min, max, first, last] {
                assert!(
                    drawn.contains(&(x_of(row), ys[row])),
                    "row {row} of {lo}..{hi} is drawn"
                );
            }
            if window.len() <= 2_000_000 {
                let plain = m4_polylines(|i| x_of(i + offset), &ys[window.clone()], (lo, hi), 910);
                assert_eq!(plain, lines, "window {lo}..{hi}");
            }
            let span = hi - lo;
            lo += span * 0.3;
            hi = lo + span / 2.0;
            levels += 1;
        }
        assert!(levels >= 15, "{levels} zoom levels");
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
