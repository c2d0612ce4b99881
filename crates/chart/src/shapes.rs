//! What a spec draws, computed from the sheet: category totals for bars and
//! pies, histogram bins, pie slices and stacked layers. Plain numbers, so
//! each is tested without drawing.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::spec::{ChartKind, ChartSpec, XSource};
use crate::ticks::nice_step;
use sheetplot_model::format::display_value;
use sheetplot_model::{Sheet, Values};

/// More categories than this make a bar chart unreadable.
pub const MAX_BARS: usize = 40;
/// A pie shows at most this many slices; the smallest join "Other".
pub const MAX_SLICES: usize = 8;
/// Slices below this share of the whole join "Other".
pub const MIN_SLICE_SHARE: f64 = 0.02;
const MAX_BINS: usize = 200;

/// How many distinct labels a text column holds.
pub fn distinct_labels(values: &Values) -> usize {
    match values {
        Values::Text { labels, .. } => labels.len(),
        _ => 0,
    }
}

/// Per-category totals of each y series, categories in first-seen order.
#[derive(Debug, Clone, PartialEq)]
pub struct Categories {
    pub labels: Vec<String>,
    /// `values[series][category]`: the sum of the series over the rows of
    /// that category (`NaN` when every one of them is a gap).
    pub values: Vec<Vec<f64>>,
    /// Whether some category spans several rows (values are sums).
    pub summed: bool,
}

/// Groups the rows of `sheet` by the x of `spec` (a text label, or x as the
/// workbook shows it, or the row number) and sums each y series.
pub fn categories(sheet: &Sheet, spec: &ChartSpec) -> Categories {
    let label_of = |row: usize| match spec.x {
        XSource::RowNumber => (row + 1).to_string(),
        XSource::Column(c) | XSource::Category(c) => display_value(&sheet.columns[c].values, row),
    };
    let mut labels: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut row_category = Vec::with_capacity(sheet.rows);
    for row in 0..sheet.rows {
        let label = label_of(row);
        if label.is_empty() {
            row_category.push(None);
            continue;
        }
        let next = labels.len();
        let at = *index.entry(label.clone()).or_insert(next);
        if at == next {
            labels.push(label);
        }
        row_category.push(Some(at));
    }
    let mut rows_per_category = vec![0usize; labels.len()];
    for c in row_category.iter().flatten() {
        rows_per_category[*c] += 1;
    }
    let values = spec
        .y
        .iter()
        .map(|&col| {
            let ys = sheet.columns[col].values.as_floats().unwrap_or(&[]);
            let mut sums = vec![f64::NAN; labels.len()];
            for (row, category) in row_category.iter().enumerate() {
                if let (Some(c), Some(&y)) = (category, ys.get(row)) {
                    if y.is_finite() {
                        sums[*c] = if sums[*c].is_nan() { y } else { sums[*c] + y };
                    }
                }
            }
            sums
        })
        .collect();
    Categories {
        labels,
        values,
        summed: rows_per_category.iter().any(|&n| n > 1),
    }
}

/// A histogram: `counts[i]` values fall in `[edges[i], edges[i + 1])` (the
/// last bin also holds its upper edge).
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub edges: Vec<f64>,
    pub counts: Vec<usize>,
}

/// Bins the finite `values`: `bins` of them, or by default a 1-2-5 width
/// near the finer of the Freedman–Diaconis and Sturges rules.
pub fn histogram(values: &[f64], bins: Option<usize>) -> Option<Histogram> {
    let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        return None;
    }
    finite.sort_by(f64::total_cmp);
    let (min, max) = (finite[0], finite[finite.len() - 1]);
    if min == max {
        return Some(Histogram {
            edges: vec![min - 0.5, min + 0.5],
            counts: vec![finite.len()],
        });
    }
    let n = finite.len() as f64;
    let wanted = match bins {
        Some(b) => b.clamp(1, MAX_BINS),
        None => {
            let quartile = |q: f64| finite[((n - 1.0) * q).round() as usize];
            let iqr = quartile(0.75) - quartile(0.25);
            // As numpy's "auto": the finer of Freedman–Diaconis and Sturges.
            let sturges = (n.log2().ceil() + 1.0) as usize;
            let freedman_diaconis = if iqr > 0.0 {
                ((max - min) / (2.0 * iqr / n.cbrt())).ceil() as usize
            } else {
                0
            };
            sturges.max(freedman_diaconis).clamp(1, MAX_BINS)
        }
    };
    // A chosen count is kept exactly; an automatic one gets round edges.
    // `max - min` overflows to infinity for values near ±f64::MAX; then
    // the bins are even, of the width `max / n - min / n`, which does not.
    let (start, width, count) = if bins.is_some() || !(max - min).is_finite() {
        (min, max / wanted as f64 - min / wanted as f64, wanted)
    } else {
        let width = nice_step(max - min, wanted);
        let start = (min / width).floor() * width;
        let count = (((max - start) / width).floor() as usize)
            .saturating_add(1)
            .min(MAX_BINS);
        (start, width, count)
    };
    let edges: Vec<f64> = if (max - min).is_finite() {
        (0..=count).map(|i| start + i as f64 * width).collect()
    } else {
        // Interpolated, so no product overflows either.
        let at = |i: usize| i as f64 / count as f64;
        (0..=count)
            .map(|i| min * (1.0 - at(i)) + max * at(i))
            .collect()
    };
    let mut counts = vec![0usize; count];
    let overflows = !(max - min).is_finite();
    for v in finite {
        let at = if overflows {
            v / width - start / width
        } else {
            (v - start) / width
        };
        let i = (at.floor() as usize).min(count - 1);
        counts[i] += 1;
    }
    Some(Histogram { edges, counts })
}

/// A box plot's summary of one column: quartiles by linear interpolation
/// (as numpy and Excel's QUARTILE.INC), whiskers at the furthest values
/// within 1.5 IQR of the box, and the values beyond them.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxStats {
    pub low_whisker: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub high_whisker: f64,
    pub outliers: Vec<f64>,
    pub count: usize,
}

/// The box of the finite `values`, if there are any.
pub fn box_stats(values: &[f64]) -> Option<BoxStats> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        let at = q * (v.len() - 1) as f64;
        let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
        v[lo] + (v[hi] - v[lo]) * (at - lo as f64)
    };
    let (q1, median, q3) = (quantile(0.25), quantile(0.5), quantile(0.75));
    let reach = 1.5 * (q3 - q1);
    let inside = |x: &&f64| **x >= q1 - reach && **x <= q3 + reach;
    let low_whisker = v.iter().find(inside).copied().unwrap_or(q1);
    let high_whisker = v.iter().rev().find(inside).copied().unwrap_or(q3);
    let outliers = v.iter().copied().filter(|x| !inside(&x)).collect();
    Some(BoxStats {
        low_whisker,
        q1,
        median,
        q3,
        high_whisker,
        outliers,
        count: v.len(),
    })
}

/// One slice of a pie.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    pub label: String,
    pub value: f64,
}

/// The slices of series `series` of `categories`, largest first; slices
/// under [`MIN_SLICE_SHARE`] and beyond [`MAX_SLICES`] join one "Other".
pub fn pie_slices(categories: &Categories, series: usize) -> Vec<Slice> {
    let mut slices: Vec<Slice> = categories
        .labels
        .iter()
        .zip(&categories.values[series])
        .filter(|(_, v)| v.is_finite() && **v > 0.0)
        .map(|(label, &value)| Slice {
            label: label.clone(),
            value,
        })
        .collect();
    slices.sort_by(|a, b| b.value.total_cmp(&a.value));
    let total: f64 = slices.iter().map(|s| s.value).sum();
    let keep = slices
        .iter()
        .take(MAX_SLICES)
        .take_while(|s| s.value >= MIN_SLICE_SHARE * total)
        .count();
    if slices.len() > keep + 1 {
        let other: f64 = slices[keep..].iter().map(|s| s.value).sum();
        slices.truncate(keep);
        slices.push(Slice {
            label: "Other".to_owned(),
            value: other,
        });
    }
    slices
}

/// The values of the spec's y columns over `rows`.
pub fn y_values<'a>(
    sheet: &'a Sheet,
    spec: &ChartSpec,
    rows: std::ops::Range<usize>,
) -> Vec<&'a [f64]> {
    spec.y
        .iter()
        .filter_map(|&c| sheet.columns[c].values.as_floats())
        .map(|v| &v[rows.clone()])
        .collect()
}

/// The series as drawn: as they are, or stacked for an area chart.
pub fn as_drawn<'a>(kind: ChartKind, values: &[&'a [f64]]) -> Vec<Cow<'a, [f64]>> {
    if kind == ChartKind::Area {
        stacked(values).into_iter().map(Cow::Owned).collect()
    } else {
        values.iter().map(|v| Cow::Borrowed(*v)).collect()
    }
}

/// Cumulative layers for a stacked area: layer `i` is the sum of series
/// `0..=i`. A gap counts as zero in the stack, unless every series has a
/// gap at that row, which stays a gap.
pub fn stacked(series: &[&[f64]]) -> Vec<Vec<f64>> {
    let rows = series.iter().map(|s| s.len()).max().unwrap_or(0);
    let all_gap: Vec<bool> = (0..rows)
        .map(|r| {
            series
                .iter()
                .all(|s| !s.get(r).is_some_and(|v| v.is_finite()))
        })
        .collect();
    let mut running = vec![0.0; rows];
    series
        .iter()
        .map(|s| {
            (0..rows)
                .map(|r| {
                    if all_gap[r] {
                        return f64::NAN;
                    }
                    running[r] += s.get(r).copied().filter(|v| v.is_finite()).unwrap_or(0.0);
                    running[r]
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sheetplot_model::Column;

    fn sheet() -> Sheet {
        let region = Values::Text {
            ids: vec![0, 1, 0, Values::NO_LABEL, 2],
            labels: vec!["N".into(), "S".into(), "E".into()],
        };
        Sheet {
            name: "s".into(),
            rows: 5,
            title: None,
            header_row: Some(0),
            first_row: 0,
            columns: vec![
                Column::new("region".into(), region, 0),
                Column::new(
                    "sales".into(),
                    Values::Number(vec![1.0, 2.0, 3.0, 9.0, f64::NAN]),
                    0,
                ),
            ],
        }
    }

    #[test]
    fn a_histogram_spanning_the_whole_float_range_does_not_overflow() {
        // max - min is infinite here; the bins must still be finite.
        let h = histogram(&[1e308, -1e308, 0.0], None).unwrap();
        assert!(h.edges.iter().all(|e| e.is_finite()), "{:?}", h.edges);
        assert_eq!(h.counts.iter().sum::<usize>(), 3);
        let chosen = histogram(&[1e308, -1e308], Some(4)).unwrap();
        assert_eq!(chosen.counts, [1, 0, 0, 1]);
    }

    #[test]
    fn categories_sum_rows_in_first_seen_order() {
        let spec = ChartSpec::new("t".into(), ChartKind::Bar, XSource::Category(0), vec![1]);
        let c = categories(&sheet(), &spec);
        assert_eq!(c.labels, ["N", "S", "E"]);
        assert_eq!(c.values[0][..2], [4.0, 2.0]);
        assert!(c.values[0][2].is_nan(), "a category of gaps stays a gap");
        assert!(c.summed);
    }

    #[test]
    fn histograms_have_round_edges_or_the_chosen_count() {
        let values: Vec<f64> = (0..1000).map(|i| (i % 100) as f64 + 0.5).collect();
        let h = histogram(&values, None).unwrap();
        assert_eq!(h.counts.iter().sum::<usize>(), 1000);
        let width = h.edges[1] - h.edges[0];
        assert!(
            [1.0, 2.0, 5.0, 10.0, 20.0].contains(&width),
            "width {width}"
        );
        assert_eq!(h.edges[0] % width, 0.0);
        let h = histogram(&values, Some(7)).unwrap();
        assert_eq!((h.counts.len(), h.edges.len()), (7, 8));
        assert_eq!(h.counts.iter().sum::<usize>(), 1000);
        assert_eq!(histogram(&[3.0, 3.0], None).unwrap().counts, [2]);
        assert_eq!(histogram(&[f64::NAN], None), None);
    }

    #[test]
    fn boxes_have_quartiles_whiskers_and_outliers() {
        let mut values: Vec<f64> = (1..=9).map(f64::from).collect();
        values.push(100.0);
        values.push(f64::NAN);
        let b = box_stats(&values).unwrap();
        assert_eq!((b.q1, b.median, b.q3), (3.25, 5.5, 7.75));
        assert_eq!((b.low_whisker, b.high_whisker), (1.0, 9.0));
        assert_eq!((b.outliers, b.count), (vec![100.0], 10));
        assert_eq!(box_stats(&[f64::NAN]), None);
    }

    #[test]
    fn small_slices_join_other() {
        let c = Categories {
            labels: ["a", "b", "c", "d", "e"].map(String::from).to_vec(),
            values: vec![vec![50.0, 30.0, 1.0, 0.5, 18.5]],
            summed: false,
        };
        let slices = pie_slices(&c, 0);
        let labels: Vec<&str> = slices.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["a", "b", "e", "Other"]);
        assert_eq!(slices[3].value, 1.5);
    }

    #[test]
    fn stacks_are_cumulative_and_gaps_count_as_zero() {
        let a = [1.0, f64::NAN, f64::NAN];
        let b = [2.0, 5.0, f64::NAN];
        let layers = stacked(&[&a, &b]);
        assert_eq!(layers[0][..2], [1.0, 0.0]);
        assert_eq!(layers[1][..2], [3.0, 5.0]);
        assert!(layers[1][2].is_nan());
    }
}
