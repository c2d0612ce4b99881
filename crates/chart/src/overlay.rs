//! The trend overlays of a chart ([`ChartSpec::trend`]), worked out once
//! when it is prepared: a fit of a million rows takes 10–40 ms, so no
//! frame, zoom or mousemove fits again. What [`crate::trend`] computes is
//! turned here into what a person reads: the equation in the units of the
//! x axis (days since the first date, the categories' places 1, 2, 3…),
//! and the sentence that refuses a trend the data cannot take.

use crate::render::XValues;
use crate::spec::{ChartError, ChartSpec, XSource};
use crate::trend::{fit_from, moving_average, Fit, TrendKind};
use sheetplot_model::format::format_time;
use sheetplot_model::{Blocks, Sheet, TimeKind};

/// The trends of every series of a chart, in the spec's y order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Trends {
    pub series: Vec<SeriesTrend>,
    /// What x stands for in the equations when it is not the axis's own
    /// values, e.g. "x: days since 2024-01-01".
    pub caption: Option<String>,
}

/// One series' trend.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeriesTrend {
    /// The legend's and tooltip's text: "linear: y = 2.13x + 0.5, R² = 0.987",
    /// "moving average of 7".
    pub label: String,
    /// The legend's text when the full labels take too much room:
    /// "R² = 0.987" (a moving average has none).
    pub short: String,
    pub curve: Curve,
}

/// What an overlay draws.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Curve {
    /// A fitted curve, sampled at the pixels of the view within `span`
    /// (the x range of the points it was fitted to). The fit is of x +
    /// `shift` (categories are fitted at their places 1, 2, 3…).
    Fit {
        fit: Fit,
        span: (f64, f64),
        shift: f64,
    },
    /// A moving average through the series' points in x order, drawn (and
    /// downsampled) as a series is. Point `i` is at the x of row
    /// `rows[i]`, or of row `i` when `rows` is `None` (x in order and the
    /// series without gaps: no copy of the row numbers is needed).
    Average {
        rows: Option<Vec<u32>>,
        values: Vec<f64>,
        blocks: Blocks,
    },
}

impl Curve {
    /// The row whose x point `i` of a moving average is at.
    pub fn row(rows: &Option<Vec<u32>>, i: usize) -> usize {
        rows.as_ref().map_or(i, |r| r[i] as usize)
    }
}

/// How x is shown in equations: in `unit` seconds from `origin`.
struct Scale {
    unit: f64,
    origin: f64,
    caption: Option<String>,
}

/// The trends `spec` asks of `sheet`, `None` when it asks for none (or its
/// kind takes none); a series the trend cannot be fitted to refuses the
/// chart, with a sentence naming the trend and the column.
pub(crate) fn trends(
    sheet: &Sheet,
    spec: &ChartSpec,
    ordered: bool,
    x_extent: (f64, f64),
) -> Result<Option<Trends>, ChartError> {
    let Some(kind) = spec.trend.filter(|_| spec.kind.takes_trend()) else {
        return Ok(None);
    };
    let x = XValues::of(sheet, spec);
    let x_name = x.title().to_owned();
    let series_name = |c: usize| sheet.columns[c].name.clone();
    let column = |c: usize| sheet.columns[c].values.as_floats().unwrap_or(&[]);
    if let TrendKind::MovingAverage(window) = kind {
        // Rows in x order: the rows themselves when x is in order, else
        // sorted once for every series.
        let sorted: Option<Vec<u32>> = (!ordered).then(|| {
            let mut rows: Vec<u32> = (0..sheet.rows as u32)
                .filter(|&i| x.at(i as usize).is_finite())
                .collect();
            rows.sort_by(|&a, &b| x.at(a as usize).total_cmp(&x.at(b as usize)));
            rows
        });
        let mut series = Vec::with_capacity(spec.y.len());
        for &c in &spec.y {
            let ys = column(c);
            let (rows, points): (Option<Vec<u32>>, Vec<f64>) = match &sorted {
                None if ys.iter().all(|y| y.is_finite()) => (None, ys.to_vec()),
                None => {
                    let rows: Vec<u32> = (0..ys.len() as u32)
                        .filter(|&i| ys[i as usize].is_finite())
                        .collect();
                    let points = rows.iter().map(|&i| ys[i as usize]).collect();
                    (Some(rows), points)
                }
                Some(sorted) => {
                    let rows: Vec<u32> = sorted
                        .iter()
                        .copied()
                        .filter(|&i| ys[i as usize].is_finite())
                        .collect();
                    let points = rows.iter().map(|&i| ys[i as usize]).collect();
                    (Some(rows), points)
                }
            };
            if points.len() < window {
                return Err(ChartError::Trend(format!(
                    "a moving average of {window} needs at least {window} values, and “{}” has {}.",
                    series_name(c),
                    match points.len() {
                        0 => "none".to_owned(),
                        n => format!("only {n}"),
                    }
                )));
            }
            let values = moving_average(&points, window);
            let blocks = Blocks::of(&values);
            series.push(SeriesTrend {
                label: kind.title(),
                short: String::new(),
                curve: Curve::Average {
                    rows,
                    values,
                    blocks,
                },
            });
        }
        return Ok(Some(Trends {
            series,
            caption: None,
        }));
    }

    // Categories are fitted at their places 1, 2, 3…, not at 0, 1, 2.
    let shift = if matches!(spec.x, XSource::Category(_)) {
        1.0
    } else {
        0.0
    };
    let positions: Vec<f64>;
    let xs: &[f64] = match spec.x {
        XSource::Column(c) if !x.is_positional() => column(c),
        _ => {
            positions = (0..sheet.rows).map(|i| x.at(i) + shift).collect();
            &positions
        }
    };
    let scale = scale_of(&x, kind, spec.x, x_extent);
    let mut series = Vec::with_capacity(spec.y.len());
    for &c in &spec.y {
        let ys = column(c);
        let fit = fit_from(kind, xs, ys, scale.origin)
            .map_err(|e| ChartError::Trend(e.message(kind, &x_name, &series_name(c))))?;
        let span = xs
            .iter()
            .zip(ys)
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (&x, _)| {
                (lo.min(x - shift), hi.max(x - shift))
            });
        let shown = in_units(&fit, scale.unit);
        series.push(SeriesTrend {
            label: format!("{}: {}", kind.title(), shown.label()),
            short: format!("R² = {}", r2_text(&shown)),
            curve: Curve::Fit { fit, span, shift },
        });
    }
    Ok(Some(Trends {
        series,
        caption: scale.caption,
    }))
}

/// How the equations of `kind` over `x` show x: dates in days from the
/// first (hours for times of day and durations), categories by place.
fn scale_of(x: &XValues<'_>, kind: TrendKind, source: XSource, x_extent: (f64, f64)) -> Scale {
    let of_x = matches!(kind, TrendKind::Logarithmic | TrendKind::Power);
    if let Some(time) = x.time() {
        let (unit, unit_name) = match time {
            TimeKind::Date | TimeKind::DateTime => (86_400.0, "days"),
            TimeKind::TimeOfDay | TimeKind::Duration => (3_600.0, "hours"),
        };
        // Logarithmic and power curves are of x itself: from its zero.
        let origin = if of_x { 0.0 } else { x_extent.0 };
        let since = match time {
            TimeKind::Duration if origin == 0.0 => String::new(),
            TimeKind::TimeOfDay if origin == 0.0 => " since midnight".to_owned(),
            _ => format!(" since {}", format_time(origin, time)),
        };
        return Scale {
            unit,
            origin,
            caption: Some(format!("x: {unit_name}{since}")),
        };
    }
    let caption = matches!(source, XSource::Category(_))
        .then(|| format!("x: the place of the “{}” category, from 1", x.title()));
    Scale {
        unit: 1.0,
        origin: 0.0,
        caption,
    }
}

/// `fit` with its coefficients for x in `unit`s (days rather than
/// seconds): for display only, [`Fit::at`] is unchanged.
fn in_units(fit: &Fit, unit: f64) -> Fit {
    let mut shown = fit.clone();
    if unit == 1.0 {
        return shown;
    }
    let c = &mut shown.coefficients;
    match fit.kind {
        TrendKind::Exponential => c[1] *= unit,
        // a·ln(u·x) + b = a·ln(x) + (b + a·ln u)
        TrendKind::Logarithmic => c[1] += c[0] * unit.ln(),
        // a·(u·x)^b = a·u^b·x^b
        TrendKind::Power => c[0] *= unit.powf(c[1]),
        _ => {
            let mut power = 1.0;
            for coefficient in c.iter_mut() {
                *coefficient *= power;
                power *= unit;
            }
        }
    }
    shown
}

/// R² as [`Fit::label`] writes it.
fn r2_text(fit: &Fit) -> String {
    let label = fit.label();
    label
        .rsplit_once("R² = ")
        .map_or(String::new(), |(_, r2)| r2.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ChartKind;
    use sheetplot_model::{Column, Values};

    fn sheet(x: Values, ys: Vec<f64>) -> Sheet {
        Sheet {
            name: "s".into(),
            rows: ys.len(),
            title: None,
            header_row: Some(0),
            first_row: 0,
            columns: vec![
                Column::new("when".into(), x, 0),
                Column::new("Sales".into(), Values::Number(ys), 0),
            ],
        }
    }

    fn spec(kind: TrendKind, x: XSource) -> ChartSpec {
        ChartSpec {
            trend: Some(kind),
            ..ChartSpec::new("t".into(), ChartKind::Line, x, vec![1])
        }
    }

    fn labels(s: &Sheet, spec: &ChartSpec) -> (Vec<String>, Option<String>) {
        let x = XValues::of(s, spec);
        let t = trends(s, spec, true, x.extent(s.rows)).unwrap().unwrap();
        (t.series.into_iter().map(|s| s.label).collect(), t.caption)
    }

    #[test]
    fn dates_are_fitted_in_days_from_the_first() {
        let days: Vec<f64> = (0..10)
            .map(|d| 1_704_067_200.0 + 86_400.0 * d as f64)
            .collect();
        let ys: Vec<f64> = (0..10).map(|d| 3.0 + 2.0 * d as f64).collect();
        let s = sheet(
            Values::Time {
                seconds: days,
                kind: TimeKind::Date,
            },
            ys.clone(),
        );
        let (label, caption) = labels(&s, &spec(TrendKind::Linear, XSource::Column(0)));
        assert_eq!(label, ["linear: y = 2x + 3, R² = 1"]);
        assert_eq!(caption.as_deref(), Some("x: days since 2024-01-01"));
        let growth: Vec<f64> = (0..10).map(|d| 5.0 * (0.1 * d as f64).exp()).collect();
        let mut grows = s.clone();
        grows.columns[1] = Column::new("Sales".into(), Values::Number(growth), 0);
        let (label, _) = labels(&grows, &spec(TrendKind::Exponential, XSource::Column(0)));
        assert_eq!(label, ["exponential: y = 5e^(0.1x), R² = 1"]);
    }

    #[test]
    fn categories_are_fitted_at_their_places_from_one() {
        let text = Values::Text {
            ids: vec![0, 1, 2, 3],
            labels: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        };
        let s = sheet(text, vec![2.0, 4.0, 8.0, 16.0]);
        let (label, caption) = labels(&s, &spec(TrendKind::Exponential, XSource::Category(0)));
        assert_eq!(label, ["exponential: y = e^(0.6931x), R² = 1"]);
        let (label, _) = labels(&s, &spec(TrendKind::Linear, XSource::Category(0)));
        assert_eq!(label, ["linear: y = 4.6x − 4, R² = 0.92"]);
        assert_eq!(
            caption.as_deref(),
            Some("x: the place of the “when” category, from 1")
        );
    }

    #[test]
    fn what_cannot_be_fitted_refuses_the_chart_with_a_sentence() {
        let s = sheet(Values::Number(vec![1.0, 2.0, 3.0]), vec![1.0, -2.0, 3.0]);
        let x = (1.0, 3.0);
        let refused = |kind| trends(&s, &spec(kind, XSource::Column(0)), true, x).unwrap_err();
        assert_eq!(
            refused(TrendKind::Exponential),
            ChartError::Trend(
                "an exponential trend needs positive values, and “Sales” has values at or below zero."
                    .into()
            )
        );
        assert_eq!(
            refused(TrendKind::MovingAverage(7)).to_string(),
            "a moving average of 7 needs at least 7 values, and “Sales” has only 3."
        );
        assert!(refused(TrendKind::Polynomial(3))
            .to_string()
            .contains("needs at least 4 points"));
        // Kinds without trends ignore the trend.
        let mut bars = spec(TrendKind::Exponential, XSource::Column(0));
        bars.kind = ChartKind::Bar;
        assert_eq!(trends(&s, &bars, true, x), Ok(None));
    }

    #[test]
    fn a_moving_average_runs_through_the_points_in_x_order() {
        let s = sheet(
            Values::Number(vec![3.0, 1.0, f64::NAN, 2.0, 4.0]),
            vec![30.0, 10.0, 99.0, f64::NAN, 40.0],
        );
        let spec = spec(TrendKind::MovingAverage(2), XSource::Column(0));
        let t = trends(&s, &spec, false, (1.0, 4.0)).unwrap().unwrap();
        let Curve::Average { rows, values, .. } = &t.series[0].curve else {
            panic!("{t:?}")
        };
        // x 1, 3, 4 (the row without x, and the gap, left out).
        assert_eq!(rows.as_deref(), Some(&[1, 0, 4][..]));
        assert!(values[0].is_nan());
        assert_eq!(&values[1..], [20.0, 35.0]);
        assert_eq!(t.series[0].label, "moving average of 2");
    }
}
