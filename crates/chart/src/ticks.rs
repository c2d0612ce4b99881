//! Where axis ticks go and what they say.
//!
//! Numbers step by 1, 2 or 5 times a power of ten and carry thousands
//! separators; times step by calendar units (seconds up to decades) so a
//! tick lands on the first of a month rather than every 30.4 days. Callers
//! pass how many labels fit, so labels never overlap.

use sheetplot_model::calendar::{days_from_civil, Civil, MONTH_NAMES, SECONDS_PER_DAY};
use sheetplot_model::format::{format_duration, format_number};
use sheetplot_model::TimeKind;

/// One tick: where it sits on the axis and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub value: f64,
    pub label: String,
}

/// The 1-2-5 step that puts at most `max_count` ticks on `span`.
pub fn nice_step(span: f64, max_count: usize) -> f64 {
    let raw = span / max_count.max(1) as f64;
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

/// At most this many ticks, whatever the data (a span too wide for f64
/// steps must not ask for billions).
const MAX_TICKS: usize = 200;

/// Ticks for a numeric axis from `min` to `max`.
pub fn number_ticks(min: f64, max: f64, max_count: usize) -> Vec<Tick> {
    let step = nice_step(max - min, max_count);
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let Some((first, last)) = tick_indices(min, max, step, 0.0) else {
        return [min, max]
            .map(|value| Tick {
                value,
                label: sheetplot_model::format::format_value(value),
            })
            .to_vec();
    };
    (first..=last)
        .map(|i| {
            let value = i as f64 * step;
            Tick {
                value,
                label: format_number(value, decimals),
            }
        })
        .collect()
}

/// Ticks for a second axis beside one with `intervals` equal intervals
/// between its ticks, so that each of these sits on one of its grid lines
/// (ECharts' `alignTicks`): exactly `intervals + 1` ticks, a 1-2-5 step,
/// the first a multiple of the step, covering `min..=max`. The step is the
/// smallest 1-2-5 step at least `(max - min) / intervals` for which a start
/// rounded down to a multiple of it still reaches `max`.
pub fn aligned_ticks(min: f64, max: f64, intervals: usize) -> Vec<Tick> {
    let n = intervals.max(1);
    let (min, max) = if max > min {
        (min, max)
    } else {
        let pad = if min == 0.0 { 1.0 } else { min.abs() * 0.1 };
        (min - pad, max + pad)
    };
    let mut step = nice_step(max - min, n);
    let mut first = (min / step + 1e-9).floor();
    // Each round moves to the next 1-2-5 step: a few rounds at most.
    for _ in 0..64 {
        if (first + n as f64) * step >= max - 1e-9 * step {
            break;
        }
        step = nice_step(step * 1.5, 1);
        first = (min / step + 1e-9).floor();
    }
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    (0..=n)
        .map(|i| {
            let value = (first + i as f64) * step;
            let value = if value == 0.0 { 0.0 } else { value };
            Tick {
                value,
                label: format_number(value, decimals),
            }
        })
        .collect()
}

/// A calendar step for time axes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TimeStep {
    Seconds(f64),
    Months(i64),
    Years(i64),
}

const FIXED_STEPS: [f64; 17] = [
    1.0,
    2.0,
    5.0,
    10.0,
    15.0,
    30.0, // seconds
    60.0,
    120.0,
    300.0,
    600.0,
    900.0,
    1800.0, // minutes
    3600.0,
    3.0 * 3600.0,
    6.0 * 3600.0,
    12.0 * 3600.0, // hours
    SECONDS_PER_DAY,
];

/// Ticks for a time axis; `min` and `max` are seconds on the scale of
/// [`crate::workbook::Values::Time`].
pub fn time_ticks(min: f64, max: f64, max_count: usize, kind: TimeKind) -> Vec<Tick> {
    if kind == TimeKind::Duration {
        return duration_ticks(min, max, max_count);
    }
    let span = max - min;
    let max_count = max_count.max(1);
    let step = FIXED_STEPS
        .iter()
        .chain(&[2.0 * SECONDS_PER_DAY, 7.0 * SECONDS_PER_DAY])
        .map(|&s| TimeStep::Seconds(s))
        .chain([1, 2, 3, 6].map(TimeStep::Months))
        .chain([1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].map(TimeStep::Years))
        .find(|step| {
            let approx = match *step {
                TimeStep::Seconds(s) => s,
                TimeStep::Months(m) => m as f64 * 30.44 * SECONDS_PER_DAY,
                TimeStep::Years(y) => y as f64 * 365.25 * SECONDS_PER_DAY,
            };
            span / approx <= max_count as f64
        })
        .unwrap_or(TimeStep::Years(1000));
    let values = match step {
        TimeStep::Seconds(s) if s == 7.0 * SECONDS_PER_DAY => {
            // Weeks start on Monday; 1970-01-05 was one.
            let monday = 4.0 * SECONDS_PER_DAY;
            aligned(min, max, s, monday)
        }
        TimeStep::Seconds(s) => aligned(min, max, s, 0.0),
        TimeStep::Months(m) => calendar_months(min, max, m),
        TimeStep::Years(y) => calendar_months(min, max, 12 * y),
    };
    let across_years = Civil::from_seconds(min).year != Civil::from_seconds(max).year;
    let across_days = (max / SECONDS_PER_DAY).floor() != (min / SECONDS_PER_DAY).floor();
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let c = Civil::from_seconds(value);
            let month = MONTH_NAMES[(c.month - 1) as usize];
            let label = match step {
                TimeStep::Years(_) => c.year.to_string(),
                TimeStep::Months(_) => format!("{month} {}", c.year),
                TimeStep::Seconds(s) if s >= SECONDS_PER_DAY && across_years => {
                    format!("{} {month} {}", c.day, c.year)
                }
                // Within a year, the first tick alone names it.
                TimeStep::Seconds(s) if s >= SECONDS_PER_DAY && i == 0 => {
                    format!("{} {month} {}", c.day, c.year)
                }
                TimeStep::Seconds(s) if s >= SECONDS_PER_DAY => format!("{} {month}", c.day),
                _ if kind == TimeKind::TimeOfDay => clock(&c, step),
                _ if c.hour == 0 && c.minute == 0 && c.second == 0 && i == 0 => {
                    format!("{} {month} {}", c.day, c.year)
                }
                _ if c.hour == 0 && c.minute == 0 && c.second == 0 && across_days => {
                    format!("{} {month}", c.day)
                }
                // Times within a day: the first tick also names the day and year.
                _ if i == 0 => format!("{} {month} {} {}", c.day, c.year, clock(&c, step)),
                _ => clock(&c, step),
            };
            Tick { value, label }
        })
        .collect()
}

fn clock(c: &Civil, step: TimeStep) -> String {
    match step {
        TimeStep::Seconds(s) if s < 60.0 => {
            format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second)
        }
        _ => format!("{:02}:{:02}", c.hour, c.minute),
    }
}

/// Multiples of `step` (offset by `origin`) within `[min, max]`.
fn aligned(min: f64, max: f64, step: f64, origin: f64) -> Vec<f64> {
    match tick_indices(min, max, step, origin) {
        Some((first, last)) => (first..=last).map(|i| origin + i as f64 * step).collect(),
        None => vec![min, max],
    }
}

/// The multiples of `step` (from `origin`) within `[min, max]`, as a range
/// of indices, or `None` when there would be more than [`MAX_TICKS`] (a span
/// too wide for the step, or not finite).
fn tick_indices(min: f64, max: f64, step: f64, origin: f64) -> Option<(i64, i64)> {
    let first = ((min - origin) / step - 1e-9).ceil();
    let last = ((max - origin) / step + 1e-9).floor();
    let fits =
        first.is_finite() && last.is_finite() && step > 0.0 && last - first <= MAX_TICKS as f64;
    fits.then_some((first as i64, last as i64))
}

/// Month starts within `[min, max]` whose month index is a multiple of `months`.
fn calendar_months(min: f64, max: f64, months: i64) -> Vec<f64> {
    let count = (max - min) / (months as f64 * 28.0 * SECONDS_PER_DAY);
    if count.is_nan() || count > MAX_TICKS as f64 {
        return vec![min, max];
    }
    let start = Civil::from_seconds(min);
    let mut index = start.year * 12 + i64::from(start.month) - 1;
    index = index.div_euclid(months) * months;
    let mut out = Vec::new();
    loop {
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        let value = days_from_civil(year, month, 1) as f64 * SECONDS_PER_DAY;
        if value > max + 1e-6 {
            break;
        }
        if value >= min - 1e-6 {
            out.push(value);
        }
        index += months;
    }
    out
}

/// Elapsed times: steps of seconds, minutes or hours, labelled `h:mm:ss`.
fn duration_ticks(min: f64, max: f64, max_count: usize) -> Vec<Tick> {
    let span = max - min;
    let step = FIXED_STEPS
        .iter()
        .copied()
        .find(|s| span / s <= max_count.max(1) as f64)
        .unwrap_or_else(|| nice_step(span / 3600.0, max_count) * 3600.0);
    aligned(min, max, step, 0.0)
        .into_iter()
        .map(|value| Tick {
            value,
            label: format_duration(value, step < 60.0),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The step between `ticks`, checked to be one 1-2-5 step throughout.
    fn one_nice_step(ticks: &[Tick]) -> f64 {
        let step = ticks[1].value - ticks[0].value;
        let magnitude = 10f64.powf(step.log10().floor());
        let mantissa = step / magnitude;
        assert!(
            [1.0, 2.0, 5.0].iter().any(|m| (mantissa - m).abs() < 1e-9),
            "{step} is not a 1-2-5 step"
        );
        for pair in ticks.windows(2) {
            assert!(((pair[1].value - pair[0].value) - step).abs() < step * 1e-9);
        }
        assert!(
            ((ticks[0].value / step) - (ticks[0].value / step).round()).abs() < 1e-9,
            "the first tick is a multiple of the step"
        );
        step
    }

    #[test]
    fn aligned_ticks_have_the_intervals_asked_and_cover_the_values() {
        let cases: [(f64, f64, usize, f64); 7] = [
            (0.0, 7300.0, 5, 2000.0),
            (0.0, 7300.0, 4, 2000.0),
            (0.0, 1.0, 5, 0.2),
            (-350.0, -20.0, 4, 100.0),
            (-1234.0, 5678.0, 5, 2000.0),
            (12_345.0, 12_399.0, 6, 10.0),
            (-0.3, 0.05, 7, 0.05),
        ];
        for (min, max, intervals, expected_step) in cases {
            let ticks = aligned_ticks(min, max, intervals);
            assert_eq!(ticks.len(), intervals + 1, "{min}..{max}");
            let step = one_nice_step(&ticks);
            assert!(
                (step - expected_step).abs() < 1e-9,
                "{min}..{max}: step {step}"
            );
            assert!(ticks[0].value <= min + 1e-9, "{min}..{max}: {ticks:?}");
            assert!(
                ticks[intervals].value >= max - 1e-9,
                "{min}..{max}: {ticks:?}"
            );
        }
        // Across zero, zero is a tick; labels read as the values.
        let ticks = aligned_ticks(-1234.0, 5678.0, 5);
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["-2,000", "0", "2,000", "4,000", "6,000", "8,000"]);
        // A flat series still gets a span.
        let flat = aligned_ticks(5.0, 5.0, 2);
        assert!(flat[0].value < 5.0 && flat[2].value > 5.0, "{flat:?}");
    }

    fn labels(ticks: &[Tick]) -> Vec<&str> {
        ticks.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn steps_are_one_two_five() {
        assert_eq!(nice_step(10.0, 10), 1.0);
        assert_eq!(nice_step(10.0, 6), 2.0);
        assert_eq!(nice_step(10.0, 3), 5.0);
        assert_eq!(nice_step(0.9, 4), 0.5);
        assert_eq!(nice_step(3_000_000.0, 5), 1_000_000.0);
    }

    #[test]
    fn numeric_ticks_have_separators_and_fixed_decimals() {
        assert_eq!(
            labels(&number_ticks(0.0, 2_500_000.0, 6)),
            [
                "0",
                "500,000",
                "1,000,000",
                "1,500,000",
                "2,000,000",
                "2,500,000"
            ]
        );
        assert_eq!(
            labels(&number_ticks(-0.3, 0.3, 6)),
            ["-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3"]
        );
    }

    #[test]
    fn time_ticks_follow_the_calendar() {
        let day = |y, m, d| days_from_civil(y, m, d) as f64 * SECONDS_PER_DAY;
        let months = time_ticks(day(2024, 1, 10), day(2024, 12, 20), 6, TimeKind::Date);
        assert_eq!(
            labels(&months),
            ["Mar 2024", "May 2024", "Jul 2024", "Sep 2024", "Nov 2024"]
        );
        let years = time_ticks(day(1990, 6, 1), day(2024, 1, 1), 8, TimeKind::Date);
        assert_eq!(
            labels(&years),
            ["1995", "2000", "2005", "2010", "2015", "2020"]
        );
        let hours = time_ticks(
            day(2024, 3, 1) + 3600.0,
            day(2024, 3, 1) + 13.0 * 3600.0,
            5,
            TimeKind::DateTime,
        );
        assert_eq!(
            labels(&hours),
            ["1 Mar 2024 03:00", "06:00", "09:00", "12:00"]
        );
        // Days within a year: the first tick alone names the year.
        let days = time_ticks(day(2024, 3, 1), day(2024, 3, 29), 5, TimeKind::Date);
        assert!(
            labels(&days)[0].ends_with(" Mar 2024"),
            "{:?}",
            labels(&days)
        );
        assert!(labels(&days)[1..].iter().all(|l| !l.contains("2024")));
        for t in &months {
            assert_eq!(Civil::from_seconds(t.value).day, 1);
        }
    }

    #[test]
    fn absurd_spans_get_two_ticks_not_billions() {
        assert_eq!(number_ticks(-1.7e308, 1.7e308, 8).len(), 2);
        assert!(time_ticks(0.0, 3e16, 8, TimeKind::Date).len() <= MAX_TICKS);
        assert!(time_ticks(f64::MIN / 2.0, 0.0, 8, TimeKind::Duration).len() <= MAX_TICKS);
    }

    #[test]
    fn durations_read_as_hours() {
        let ticks = time_ticks(0.0, 4.0 * 3600.0, 5, TimeKind::Duration);
        assert_eq!(labels(&ticks), ["0:00", "1:00", "2:00", "3:00", "4:00"]);
    }
}
