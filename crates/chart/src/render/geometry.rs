//! Where bars and boxes sit along their category axis, both ways: where a
//! bar or box is drawn, and which one a position falls on. Drawing and
//! hit-testing both ask here, so what is hovered is what is drawn.
//!
//! Category `i` is centred on position `i` of its axis, one unit apart.

/// The share of the unit between two categories their group of bars fills.
const GROUP_WIDTH: f64 = 0.8;
/// Where a group starts before its centre.
const GROUP_HALF_WIDTH: f64 = GROUP_WIDTH / 2.0;
/// The share of its band a bar leaves free on each side, so neighbours part.
const BAR_INSET: f64 = 0.06;
/// The share of its band a bar fills: all but an inset on each side.
const BAR_FILL: f64 = 1.0 - 2.0 * BAR_INSET;

/// The half-width of a box (the quartiles), about its category.
pub const BOX_HALF_WIDTH: f64 = 0.25;
/// The half-width of a whisker's cap.
pub const CAP_HALF_WIDTH: f64 = 0.12;

/// The category centred nearest `position`, if it is one of `count`.
fn category_at(position: f64, count: usize) -> Option<usize> {
    let nearest = position.round();
    (nearest >= 0.0 && nearest < count as f64).then_some(nearest as usize)
}

/// Grouped bars: each category's group is split into one band per series,
/// first series first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bands {
    series: usize,
}

impl Bands {
    pub fn new(series: usize) -> Bands {
        Bands {
            series: series.max(1),
        }
    }

    fn band(&self) -> f64 {
        GROUP_WIDTH / self.series as f64
    }

    /// Whether a bar of `value` is drawn at all: a gap is not, nor a value
    /// a log axis cannot show.
    pub fn shows(value: f64, log: bool) -> bool {
        value.is_finite() && (!log || value > 0.0)
    }

    /// Where bar `series` of `category` starts and ends.
    pub fn bar(&self, category: usize, series: usize) -> (f64, f64) {
        let band = self.band();
        let start = category as f64 - GROUP_HALF_WIDTH + series as f64 * band + band * BAR_INSET;
        (start, start + band * BAR_FILL)
    }

    /// The category and series of the bar drawn over `position`, or within
    /// `slack` of it, among `categories` of them. Between two bars, only
    /// the one whose band it is can be near: band edges lie midway.
    pub fn at(&self, position: f64, categories: usize, slack: f64) -> Option<(usize, usize)> {
        let category = category_at(position, categories)?;
        let offset = position - (category as f64 - GROUP_HALF_WIDTH);
        let series = ((offset / self.band()).max(0.0) as usize).min(self.series - 1);
        let (start, end) = self.bar(category, series);
        (position >= start - slack && position <= end + slack).then_some((category, series))
    }
}

/// Stacked bars: a category's series share its whole group, piled from
/// zero in series order, values above zero upward and below it downward
/// (so a negative value never hides a positive one).
#[derive(Debug, Clone, PartialEq)]
pub struct Stacks {
    /// `spans[series][category]`: where the bar runs along the value axis.
    spans: Vec<Vec<Option<(f64, f64)>>>,
}

impl Stacks {
    /// Whether bars of `series` series are piled up for `spec`: when asked,
    /// of several series, on a linear axis (a pile starts at zero).
    pub fn wanted(spec: &crate::ChartSpec, series: usize) -> bool {
        spec.stack && !spec.log_y && series > 1
    }

    /// `values[series][category]`, gaps left out of the pile.
    pub fn of(values: &[Vec<f64>]) -> Stacks {
        let categories = values.iter().map(Vec::len).max().unwrap_or(0);
        let mut up = vec![0.0; categories];
        let mut down = vec![0.0; categories];
        let spans = values
            .iter()
            .map(|series| {
                series
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| {
                        if !v.is_finite() || v == 0.0 {
                            return None;
                        }
                        let pile = if v > 0.0 { &mut up[i] } else { &mut down[i] };
                        let from = *pile;
                        *pile += v;
                        Some((from, *pile))
                    })
                    .collect()
            })
            .collect();
        Stacks { spans }
    }

    /// Where bar `series` of `category` runs, if it is drawn.
    pub fn span(&self, series: usize, category: usize) -> Option<(f64, f64)> {
        *self.spans.get(series)?.get(category)?
    }

    /// The lowest and highest ends of all piles.
    pub fn extent(&self) -> Option<(f64, f64)> {
        self.spans
            .iter()
            .flatten()
            .flatten()
            .flat_map(|&(a, b)| [a, b])
            .fold(None, |e: Option<(f64, f64)>, v| {
                Some(e.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
            })
    }

    /// The series whose bar of `category` holds `value` on the value axis.
    pub fn at(&self, category: usize, value: f64) -> Option<usize> {
        (0..self.spans.len()).find(|&n| {
            self.span(n, category)
                .is_some_and(|(a, b)| value >= a.min(b) && value <= a.max(b))
        })
    }
}

/// Bars one per x value on a line chart ([`crate::ChartSpec::y_bars`],
/// [`crate::ChartSpec::y2_bars`]), in device pixels: each x value in view
/// has an even share of the plot's width, its slot, and the bars of its
/// row share 80 % of it side by side, each at least a pixel wide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlotBars {
    /// The plot's first pixel column and the one past its last.
    columns: (i32, i32),
    width: f64,
    series: usize,
}

impl SlotBars {
    /// Bars of `series` series over `in_view` x values, in the pixel
    /// `columns` of a plot.
    pub fn new(columns: (i32, i32), in_view: usize, series: usize) -> SlotBars {
        let series = series.max(1);
        let slot = f64::from(columns.1 - columns.0) / in_view.max(1) as f64;
        SlotBars {
            columns,
            width: (slot * GROUP_WIDTH / series as f64).max(1.0),
            series,
        }
    }

    /// The pixel columns bar `j` of the row drawn at pixel column `center`
    /// covers, from the first to the one past the last, within the plot.
    pub fn span(&self, center: i32, j: usize) -> (i32, i32) {
        let start =
            f64::from(center) - self.width * self.series as f64 / 2.0 + self.width * j as f64;
        let x0 = (start.round() as i32).clamp(self.columns.0, self.columns.1 - 1);
        let x1 = ((start + self.width).round() as i32)
            .max(x0 + 1)
            .min(self.columns.1);
        (x0, x1)
    }

    /// The bar of the row at pixel column `center` that covers pixel `x`.
    pub fn at(&self, center: i32, x: f64) -> Option<usize> {
        (0..self.series).find(|&j| {
            let (x0, x1) = self.span(center, j);
            x >= f64::from(x0) && x <= f64::from(x1)
        })
    }

    /// Half a slot's width in pixels: no bar is further from its row's
    /// centre.
    pub fn reach(&self) -> f64 {
        self.width * self.series as f64 / 2.0 + 1.0
    }
}

/// Box plots: one box per series, at the series' position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boxes {
    count: usize,
}

impl Boxes {
    pub fn new(count: usize) -> Boxes {
        Boxes { count }
    }

    /// Where box `i` (its quartiles and median line) starts and ends.
    pub fn body(&self, i: usize) -> (f64, f64) {
        let at = i as f64;
        (at - BOX_HALF_WIDTH, at + BOX_HALF_WIDTH)
    }

    /// Where the caps of box `i`'s whiskers start and end.
    pub fn cap(&self, i: usize) -> (f64, f64) {
        let at = i as f64;
        (at - CAP_HALF_WIDTH, at + CAP_HALF_WIDTH)
    }

    /// The box drawn over `position`, or within `slack` of it.
    pub fn at(&self, position: f64, slack: f64) -> Option<usize> {
        let i = category_at(position, self.count)?;
        let (start, end) = self.body(i);
        (position >= start - slack && position <= end + slack).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JUST: f64 = 1e-9;

    #[test]
    fn a_bar_is_found_from_edge_to_edge_and_not_beside_it() {
        let bands = Bands::new(3);
        for category in 0..4 {
            for series in 0..3 {
                let (start, end) = bands.bar(category, series);
                assert!(end > start);
                let found = Some((category, series));
                assert_eq!(bands.at(start, 4, 0.0), found);
                assert_eq!(bands.at(end, 4, 0.0), found);
                assert_eq!(bands.at((start + end) / 2.0, 4, 0.0), found);
                assert_ne!(bands.at(start - JUST, 4, 0.0), found);
                assert_ne!(bands.at(end + JUST, 4, 0.0), found);
                assert_eq!(bands.at(start - JUST, 4, 2.0 * JUST), found, "slack");
            }
        }
    }

    #[test]
    fn bars_of_a_group_do_not_overlap_and_stay_in_their_category() {
        let bands = Bands::new(4);
        let bars: Vec<(f64, f64)> = (0..4).map(|n| bands.bar(2, n)).collect();
        assert!(bars.windows(2).all(|b| b[0].1 < b[1].0), "{bars:?}");
        assert!(bars[0].0 > 1.5 && bars[3].1 < 2.5);
        // The gap between groups and outside the axis hit nothing.
        assert_eq!(bands.at(2.5, 4, 0.0), None);
        assert_eq!(bands.at(-0.45, 4, 0.0), None);
        assert_eq!(bands.at(4.0, 4, 0.0), None);
        let (start, _) = Bands::new(1).bar(0, 0);
        assert_eq!(Bands::new(1).at(start, 1, 0.0), Some((0, 0)));
    }

    #[test]
    fn bars_of_a_slot_sit_side_by_side_and_are_found_where_drawn() {
        // 10 x values over 400 pixels from 100: slots of 40, two bars of 16.
        let bars = SlotBars::new((100, 500), 10, 2);
        assert_eq!(bars.span(120, 0), (104, 120));
        assert_eq!(bars.span(120, 1), (120, 136));
        assert_eq!(bars.at(120, 110.0), Some(0));
        assert_eq!(bars.at(120, 130.5), Some(1));
        assert_eq!(bars.at(120, 140.0), None);
        assert!(bars.reach() >= 16.0);
        // Never outside the plot, and at least a pixel wide.
        assert_eq!(bars.span(100, 0), (100, 101), "cut at the plot's edge");
        let crowded = SlotBars::new((0, 100), 1000, 3);
        let (x0, x1) = crowded.span(99, 2);
        assert!(x1 - x0 >= 1 && x1 <= 100);
    }

    #[test]
    fn a_box_is_found_across_its_width_only() {
        let boxes = Boxes::new(3);
        for i in 0..3 {
            let (start, end) = boxes.body(i);
            assert_eq!(end - start, 2.0 * BOX_HALF_WIDTH);
            assert_eq!(boxes.at(start, 0.0), Some(i));
            assert_eq!(boxes.at(end, 0.0), Some(i));
            assert_eq!(boxes.at(start - JUST, 0.0), None);
            assert_eq!(boxes.at(end + JUST, 0.0), None);
            let (cap_start, cap_end) = boxes.cap(i);
            assert!(
                cap_start > start && cap_end < end,
                "caps sit within the box"
            );
        }
        assert_eq!(boxes.at(3.0, 0.0), None);
    }

    #[test]
    fn stacked_bars_pile_up_and_down_from_zero_and_are_found_where_drawn() {
        let values = vec![
            vec![2.0, -1.0, f64::NAN],
            vec![3.0, 4.0, 5.0],
            vec![-2.0, -1.0, 0.0],
        ];
        let stacks = Stacks::of(&values);
        assert_eq!(stacks.span(0, 0), Some((0.0, 2.0)));
        assert_eq!(stacks.span(1, 0), Some((2.0, 5.0)));
        assert_eq!(
            stacks.span(2, 0),
            Some((0.0, -2.0)),
            "below zero, from zero"
        );
        assert_eq!(
            stacks.span(1, 1),
            Some((0.0, 4.0)),
            "a negative first bar does not lift the next"
        );
        assert_eq!(stacks.span(2, 1), Some((-1.0, -2.0)));
        assert_eq!(stacks.span(0, 2), None, "a gap is no bar");
        assert_eq!(stacks.span(2, 2), None, "nor is a zero");
        assert_eq!(stacks.extent(), Some((-2.0, 5.0)));
        assert_eq!(stacks.at(0, 1.0), Some(0));
        assert_eq!(stacks.at(0, 4.9), Some(1));
        assert_eq!(stacks.at(0, -1.5), Some(2));
        assert_eq!(stacks.at(0, 5.1), None, "above the pile");
        assert_eq!(stacks.at(1, -1.5), Some(2));
    }
}
