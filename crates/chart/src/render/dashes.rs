//! Dashed and dotted lines, cut here: plotters' backends stroke only solid
//! paths, and its dashed series know one dash length and one gap. A line
//! is cut in device pixels along its length, so the pattern runs on
//! through its bends; the dashes of a line are at most its length in
//! pixels over the pattern's, bounded by the plot like the line itself.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{fail, RenderError};
use sheetplot_model::Dash;

/// `dash`'s pattern for a line `width` device pixels wide: lengths of
/// dash, gap, dash, gap… in device pixels, in proportion to the width so
/// a thick dashed line still reads as dashed. `None` for a solid line.
pub(crate) fn pattern(dash: Dash, width: f64) -> Option<Vec<f64>> {
    let unit = (width / 2.0).max(1.0);
    let lengths: &[f64] = match dash {
        Dash::Solid => return None,
        Dash::Dashed => &[8.0, 5.0],
        // Butt caps: a dot is a square as long as the line is wide.
        Dash::Dotted => &[2.0, 3.0],
        Dash::DashDot => &[8.0, 4.0, 2.0, 4.0],
    };
    Some(lengths.iter().map(|l| l * unit).collect())
}

/// The dashes of `line` under `pattern` (see [`pattern`]), each a polyline
/// of its own that keeps the bends it runs through.
pub(crate) fn cut(line: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let period: f64 = pattern.iter().sum();
    if line.is_empty() || !period.is_finite() || period <= 0.0 {
        return Vec::new();
    }
    let mut dashes = Vec::new();
    let mut current = vec![line[0]];
    // Which entry of the pattern the pen is in, and how far into it.
    let (mut entry, mut into) = (0, 0.0);
    for pair in line.windows(2) {
        let (mut from, to) = (pair[0], pair[1]);
        let mut left = (to.0 - from.0).hypot(to.1 - from.1);
        while left > 0.0 {
            let room = pattern[entry] - into;
            if room > left {
                into += left;
                if entry % 2 == 0 {
                    current.push(to);
                }
                break;
            }
            let t = room / left;
            let at = (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t);
            if entry % 2 == 0 {
                current.push(at);
                dashes.push(std::mem::take(&mut current));
            } else {
                current = vec![at];
            }
            left -= room;
            from = at;
            entry = (entry + 1) % pattern.len();
            into = 0.0;
        }
    }
    if current.len() > 1 {
        dashes.push(current);
    }
    dashes
}

/// Strokes `line` (device pixels relative to `area`) with `style`, solid
/// or cut by `pattern`.
pub(crate) fn stroke<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    line: &[(f64, f64)],
    pattern: Option<&[f64]>,
    style: ShapeStyle,
) -> Result<(), RenderError> {
    let whole = |part: &[(f64, f64)]| -> Vec<(i32, i32)> {
        part.iter()
            .map(|&(x, y)| (x.round() as i32, y.round() as i32))
            .collect()
    };
    match pattern {
        None => area
            .draw(&PathElement::new(whole(line), style))
            .map_err(fail),
        Some(pattern) => cut(line, pattern).iter().try_for_each(|dash| {
            area.draw(&PathElement::new(whole(dash), style))
                .map_err(fail)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_cut_along_its_length_through_its_bends() {
        // 10 right then 10 down, dashes of 4 and gaps of 2.
        let line = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)];
        let dashes = cut(&line, &[4.0, 2.0]);
        assert_eq!(dashes[0], [(0.0, 0.0), (4.0, 0.0)]);
        assert_eq!(dashes[1], [(6.0, 0.0), (10.0, 0.0)]);
        assert_eq!(dashes[2], [(10.0, 2.0), (10.0, 6.0)], "on around the bend");
        assert_eq!(dashes[3], [(10.0, 8.0), (10.0, 10.0)], "a last short dash");
        assert_eq!(dashes.len(), 4);
        // A dash over a bend keeps it.
        let dashes = cut(&line, &[12.0, 100.0]);
        assert_eq!(dashes, [vec![(0.0, 0.0), (10.0, 0.0), (10.0, 2.0)]]);
    }

    #[test]
    fn patterns_grow_with_the_line_and_solid_has_none() {
        assert_eq!(pattern(Dash::Solid, 2.0), None);
        assert_eq!(pattern(Dash::Dashed, 2.0), Some(vec![8.0, 5.0]));
        assert_eq!(pattern(Dash::Dashed, 6.0), Some(vec![24.0, 15.0]));
        assert_eq!(pattern(Dash::DashDot, 1.0).map(|p| p.len()), Some(4));
        assert!(cut(&[(0.0, 0.0)], &[1.0, 1.0]).is_empty());
        assert!(cut(&[(0.0, 0.0), (5.0, 0.0)], &[0.0, 0.0]).is_empty());
    }
}
