//! Axes: where ticks go on the page, and a plotters coordinate that puts
//! grid lines and labels exactly there, on a linear or a log scale.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;

use crate::style::Style;
use crate::ticks::{number_ticks, time_ticks, Tick};
use sheetplot_model::format::format_number;
use sheetplot_model::TimeKind;

/// Average width of a tick label character, in CSS pixels at 12 px.
pub const CHAR_WIDTH: f64 = 7.0;
/// Room between two x tick labels.
const LABEL_GAP: f64 = 28.0;
/// Room between two category labels side by side (less than between
/// numbers: each is measured, not sized by the widest).
const CATEGORY_GAP: f64 = 12.0;
/// The height of a category label in a column of them (lying bars).
const STACKED_LABEL_HEIGHT: f64 = 22.0;
/// Room per y tick label.
const Y_TICK_SPACING: f64 = 56.0;

/// A coordinate whose key points (grid lines, labels) are our ticks, on a
/// linear or a base-10 log scale.
pub struct TickedAxis {
    linear: RangedCoordf64,
    log: bool,
    range: (f64, f64),
    ticks: Vec<f64>,
}

impl TickedAxis {
    pub fn new(range: (f64, f64), ticks: &[Tick], log: bool) -> Self {
        let mapped = if log {
            (range.0.log10(), range.1.log10())
        } else {
            range
        };
        TickedAxis {
            linear: (mapped.0..mapped.1).into(),
            log,
            range,
            ticks: ticks.iter().map(|t| t.value).collect(),
        }
    }
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        if self.log {
            // Below the axis (a zero baseline) maps to its bottom.
            let v = if *value > 0.0 {
                value.log10()
            } else {
                self.range.0.log10()
            };
            self.linear.map(&v, limit)
        } else {
            self.linear.map(value, limit)
        }
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.range.0..self.range.1
    }
}

/// The label of the tick nearest `value`.
pub fn label_at(ticks: &[Tick], value: f64) -> String {
    ticks
        .iter()
        .min_by(|a, b| (a.value - value).abs().total_cmp(&(b.value - value).abs()))
        .map(|t| t.label.clone())
        .unwrap_or_default()
}

/// Y ticks for a plot `height` CSS pixels tall; the range grows to the
/// ticks just outside it, so the grid frames the data.
pub fn y_ticks(range: (f64, f64), height: f64, log: bool) -> ((f64, f64), Vec<Tick>) {
    let count = (height / Y_TICK_SPACING).floor().max(2.0) as usize;
    if log {
        return log_ticks(range, count);
    }
    let ticks = number_ticks(range.0, range.1, count);
    if ticks.len() < 2 {
        return (range, ticks);
    }
    let step = ticks[1].value - ticks[0].value;
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let mut ticks = ticks;
    if ticks[0].value > range.0 + 1e-9 * step {
        let below = ticks[0].value - step;
        ticks.insert(
            0,
            Tick {
                value: below,
                label: format_number(below, decimals),
            },
        );
    }
    let last = ticks[ticks.len() - 1].value;
    if last < range.1 - 1e-9 * step {
        ticks.push(Tick {
            value: last + step,
            label: format_number(last + step, decimals),
        });
    }
    let framed = (
        range.0.min(ticks[0].value),
        range.1.max(ticks[ticks.len() - 1].value),
    );
    (framed, ticks)
}

/// Powers of ten, with 2 and 5 between them when there are few decades.
fn log_ticks(range: (f64, f64), count: usize) -> ((f64, f64), Vec<Tick>) {
    let low = range.0.log10().floor() as i32;
    let high = range.1.log10().ceil().max(f64::from(low) + 1.0) as i32;
    let decades = (high - low) as usize;
    let every = decades.div_ceil(count.max(1)).max(1);
    let multiples: &[f64] = if decades * 3 <= count {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0]
    };
    let mut ticks = Vec::new();
    for power in (low..=high).step_by(every) {
        for m in multiples {
            let value = m * 10f64.powi(power);
            if value <= 10f64.powi(high) * 1.0001 {
                let decimals = (-power).max(0) as usize;
                ticks.push(Tick {
                    value,
                    label: format_number(value, decimals),
                });
            }
        }
    }
    ((10f64.powi(low), 10f64.powi(high)), ticks)
}

/// X ticks for a numeric or time axis that fit `width` CSS pixels side by side.
pub fn x_ticks(range: (f64, f64), width: f64, time: Option<TimeKind>) -> Vec<Tick> {
    let make = |count: usize| match time {
        Some(kind) => time_ticks(range.0, range.1, count, kind),
        None => number_ticks(range.0, range.1, count),
    };
    let mut count = ((width / (10.0 * CHAR_WIDTH + LABEL_GAP)).floor() as usize).max(2);
    let px = |v: f64| (v - range.0) / (range.1 - range.0) * width;
    let label_width = |t: &Tick| t.label.chars().count() as f64 * CHAR_WIDTH;
    for _ in 0..6 {
        let ticks = make(count);
        // How many times the room they have the most crowded neighbours
        // need (each label measured: a first tick naming the year is long).
        let crowding = ticks
            .windows(2)
            .map(|pair| {
                let need = (label_width(&pair[0]) + label_width(&pair[1])) / 2.0 + LABEL_GAP;
                need / (px(pair[1].value) - px(pair[0].value)).max(1e-9)
            })
            .fold(0.0, f64::max);
        // One tick says nothing of the scale: a narrow axis still gets two.
        if crowding <= 1.0 && ticks.len() >= 2 {
            return ticks;
        }
        let fewer = ((ticks.len() as f64 / crowding).floor() as usize)
            .min(count - 1)
            .max(2);
        if fewer == count {
            break;
        }
        count = fewer;
    }
    // A 1-2-5 step for two ticks may leave one inside the range; three do not.
    Some(make(2))
        .filter(|ticks| ticks.len() >= 2)
        .unwrap_or_else(|| make(3))
}

/// Ticks at all of `labels` (category positions `0..len`) when they fit in
/// `room` CSS pixels, else at every n-th (side by side, or `stacked`).
pub fn category_ticks(labels: &[String], room: f64, stacked: bool) -> Vec<Tick> {
    let spacing = room / labels.len().max(1) as f64;
    category_ticks_in(|i| labels[i].clone(), 0..labels.len(), spacing, stacked)
}

/// Ticks at the category positions `rows`, each `spacing` CSS pixels
/// wide, thinned to every n-th so that no two neighbouring labels (each
/// measured) overlap. Only the labels tried are made: a million categories
/// in view cost what fits on the axis.
pub fn category_ticks_in(
    label_of: impl Fn(usize) -> String,
    rows: std::ops::Range<usize>,
    spacing: f64,
    stacked: bool,
) -> Vec<Tick> {
    if rows.is_empty() || spacing.is_nan() || spacing <= 0.0 {
        return Vec::new();
    }
    let size = |label: &str| {
        if stacked {
            STACKED_LABEL_HEIGHT
        } else {
            label.chars().count() as f64 * CHAR_WIDTH
        }
    };
    let gap = if stacked { 0.0 } else { CATEGORY_GAP };
    // No step is finer than the smallest label with its gap.
    let smallest = if stacked {
        STACKED_LABEL_HEIGHT
    } else {
        CHAR_WIDTH + gap
    };
    let mut step = ((smallest / spacing).ceil() as usize).max(1);
    loop {
        // At multiples of the step, so panning does not relabel every tick.
        let first = rows.start.div_ceil(step) * step;
        let aligned = if first < rows.end {
            first..rows.end
        } else {
            rows.clone()
        };
        let ticks: Vec<Tick> = aligned
            .step_by(step)
            .map(|i| Tick {
                value: i as f64,
                label: label_of(i),
            })
            .collect();
        let room = step as f64 * spacing;
        let fits = ticks
            .windows(2)
            .all(|pair| (size(&pair[0].label) + size(&pair[1].label)) / 2.0 + gap <= room);
        if fits || step >= rows.len() {
            return ticks;
        }
        step = (step + 1).max(step * 5 / 4);
    }
}

/// The value axis' range and ticks: `fit(extent)` (a fitted range and its
/// ticks), unless the style fixes an end ([`Style::y_min`],
/// [`Style::y_max`]). Then that end is exactly where the axis ends, and
/// the ticks are those inside. Ends the axis cannot show (not numbers, at
/// or below zero on a log axis, or the wrong way round) are not fixed.
pub fn value_ticks(
    style: &Style,
    log: bool,
    extent: (f64, f64),
    fit: impl Fn((f64, f64)) -> ((f64, f64), Vec<Tick>),
) -> ((f64, f64), Vec<Tick>) {
    let usable = |end: Option<f64>| end.filter(|v| v.is_finite() && (!log || *v > 0.0));
    let (min, max) = (usable(style.y_min), usable(style.y_max));
    let wanted = (min.unwrap_or(extent.0), max.unwrap_or(extent.1));
    if (min.is_none() && max.is_none()) || wanted.0 >= wanted.1 {
        return fit(extent);
    }
    let (fitted, mut ticks) = fit(wanted);
    let range = (min.unwrap_or(fitted.0), max.unwrap_or(fitted.1));
    let slack = (range.1 - range.0) * 1e-9;
    ticks.retain(|t| t.value >= range.0 - slack && t.value <= range.1 + slack);
    (range, ticks)
}

/// `ticks` of a vertical value axis ending at `range`, with a tick at each
/// end the style fixed ([`value_ticks`]) that is not near one already: a
/// reader should not have to guess where a chosen axis stops. Log axes are
/// labelled in decades and are left as they are.
pub fn label_fixed_ends(style: &Style, log: bool, range: (f64, f64), ticks: &mut Vec<Tick>) {
    let [first, second, ..] = ticks.as_slice() else {
        return;
    };
    if log {
        return;
    }
    let step = second.value - first.value;
    let decimals = |v: f64| {
        (0..=6)
            .find(|&d| {
                let shifted = v * 10f64.powi(d);
                (shifted - shifted.round()).abs() < 1e-6 * shifted.abs().max(1.0)
            })
            .unwrap_or(6) as usize
    };
    let step_decimals = (-step.log10().floor()).max(0.0) as usize;
    for (end, fixed) in [(range.0, style.y_min), (range.1, style.y_max)] {
        let far = ticks.iter().all(|t| (t.value - end).abs() >= step / 2.0);
        if fixed == Some(end) && far {
            let label = format_number(end, decimals(end).max(step_decimals));
            ticks.push(Tick { value: end, label });
        }
    }
    ticks.sort_by(|a, b| a.value.total_cmp(&b.value));
}

/// The smallest and largest finite values.
pub fn finite_extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// A y range for `extent` with a little air; zero is kept in view when the
/// data sit close to it (or must be, for bars).
pub fn padded(extent: (f64, f64), include_zero: bool, log: bool) -> (f64, f64) {
    let (lo, hi) = extent;
    if log {
        let lo = lo.max(f64::MIN_POSITIVE);
        return if hi > lo {
            (lo, hi)
        } else {
            (lo / 2.0, hi * 2.0)
        };
    }
    let (lo, hi) = if include_zero {
        (lo.min(0.0), hi.max(0.0))
    } else {
        (lo, hi)
    };
    let span = hi - lo;
    if span <= 0.0 {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return (lo - pad, hi + pad);
    }
    let near_zero = lo >= 0.0 && lo - 0.04 * span < 0.0;
    let low = if lo == 0.0 || near_zero {
        0.0
    } else {
        lo - 0.04 * span
    };
    let high = if hi == 0.0 { 0.0 } else { hi + 0.04 * span };
    (low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_are_decades() {
        let (range, ticks) = log_ticks((3.0, 45_000.0), 8);
        assert_eq!(range, (1.0, 100_000.0));
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["1", "10", "100", "1,000", "10,000", "100,000"]);
        let (_, ticks) = log_ticks((0.02, 0.9), 8);
        assert_eq!(ticks[0].label, "0.01");
        assert!(
            ticks.iter().any(|t| t.label == "0.05"),
            "few decades get 2 and 5"
        );
    }

    #[test]
    fn y_ticks_frame_the_data() {
        let ((lo, hi), ticks) = y_ticks((0.0, 93.0), 400.0, false);
        assert_eq!((lo, hi), (0.0, 100.0));
        assert_eq!(ticks.last().unwrap().label, "100");
    }

    #[test]
    fn a_narrow_axis_still_gets_two_ticks() {
        // 0–4,300 on 170 pixels (a phone's lying bars): a step of 5,000
        // would leave only the zero.
        let ticks = x_ticks((0.0, 4300.0), 170.0, None);
        assert!(ticks.len() >= 2, "{ticks:?}");
    }

    #[test]
    fn categories_are_measured_one_by_one() {
        // Eight regions, two of them long: all fit in 900 pixels, where
        // thinning by the widest label showed four.
        let labels: Vec<String> = [
            "Nordics",
            "Benelux",
            "DACH",
            "France",
            "Iberia",
            "Italy",
            "UK & Ireland",
            "Central Europe",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(category_ticks(&labels, 900.0, false).len(), 8);
    }

    #[test]
    fn a_million_categories_make_only_the_labels_that_fit() {
        let made = std::cell::Cell::new(0);
        let ticks = category_ticks_in(
            |i| {
                made.set(made.get() + 1);
                format!("item {i}")
            },
            0..1_000_000,
            900.0 / 1e6,
            false,
        );
        assert!(ticks.len() >= 5 && ticks.len() <= 15, "{}", ticks.len());
        assert!(made.get() < 1_000, "{} labels made", made.get());
    }

    #[test]
    fn categories_thin_to_fit() {
        let labels: Vec<String> = (0..30).map(|i| format!("Region {i}")).collect();
        let ticks = category_ticks(&labels, 500.0, false);
        assert!(ticks.len() < 30 && ticks.len() >= 4, "{}", ticks.len());
        assert_eq!(ticks[0].label, "Region 0");
        assert_eq!(category_ticks(&labels, 2000.0, true).len(), 30);
    }

    #[test]
    fn fixed_ends_are_where_the_axis_ends_with_the_ticks_inside() {
        let fit = |r: (f64, f64)| y_ticks(padded(r, false, false), 400.0, false);
        let style = |y_min, y_max| Style {
            y_min,
            y_max,
            ..Style::default()
        };
        let fitted = value_ticks(&Style::default(), false, (3.0, 93.0), fit);
        assert_eq!(fitted, fit((3.0, 93.0)), "nothing fixed: fitted");
        let (range, ticks) = value_ticks(&style(Some(10.0), Some(55.0)), false, (3.0, 93.0), fit);
        assert_eq!(range, (10.0, 55.0));
        assert!(ticks.len() >= 3 && ticks.iter().all(|t| t.value >= 10.0 && t.value <= 55.0));
        // One end fixed: the other fits the data.
        let (range, _) = value_ticks(&style(Some(-50.0), None), false, (3.0, 93.0), fit);
        assert_eq!(range, (-50.0, 100.0));
        // Ends the axis cannot show are not fixed.
        for (lo, hi) in [
            (Some(60.0), Some(20.0)),
            (Some(f64::NAN), None),
            (None, Some(1.0)),
        ] {
            let (range, _) = value_ticks(&style(lo, hi), false, (3.0, 93.0), fit);
            assert_eq!(range, fitted.0, "{lo:?} {hi:?}");
        }
        // An end between ticks gets one of its own; one near a tick does not.
        for (end, added) in [(28.0, true), (26.0, false)] {
            let fixed = style(None, Some(end));
            let (range, mut ticks) = value_ticks(&fixed, false, (3.0, 93.0), fit);
            let before = ticks.clone();
            label_fixed_ends(&fixed, false, range, &mut ticks);
            let last = ticks.last().unwrap();
            if added {
                assert_eq!((last.value, last.label.as_str()), (end, "28"), "{ticks:?}");
            } else {
                assert_eq!(ticks, before);
            }
        }
        let log = |r: (f64, f64)| y_ticks(r, 400.0, true);
        let (range, _) = value_ticks(&style(Some(0.0), Some(50.0)), true, (3.0, 93.0), log);
        assert_eq!(
            range,
            (1.0, 50.0),
            "no zero on a log axis; the top is fixed"
        );
    }

    #[test]
    fn padding_keeps_zero_near_data_and_bars_on_zero() {
        assert_eq!(padded((1.0, 100.0), false, false).0, 0.0);
        assert!(padded((50.0, 100.0), false, false).0 > 40.0);
        assert_eq!(padded((50.0, 100.0), true, false).0, 0.0);
        assert_eq!(padded((-5.0, -1.0), true, false).1, 0.0);
    }
}
