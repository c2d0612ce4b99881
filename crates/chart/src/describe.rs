//! The chart in words, for screen readers: its kind, series, the range of
//! x, each series' lowest and highest values and where they fall, trends.
//! The page puts it beside the canvas (which is only pixels to assistive
//! technology) and points there from it.

use crate::prepare::{Prepared, Shape};
use crate::render::XValues;
use crate::spec::{ChartKind, ChartSpec};
use sheetplot_model::format::{format_number, format_value};
use sheetplot_model::stats::finite_extreme_rows;
use sheetplot_model::Sheet;

/// A few sentences that say what `spec` of `sheet` shows, from all its
/// rows (not the zoomed view). Empty when the spec does not fit the sheet.
pub fn describe(sheet: &Sheet, spec: &ChartSpec, prepared: &Prepared) -> String {
    if spec.check(sheet).is_err() || !prepared.serves(sheet, spec) {
        return String::new();
    }
    let x = XValues::of(sheet, spec);
    let name = |c: usize| sheet.columns[c].name.as_str();
    let kind = match spec.kind {
        ChartKind::Line => "Line chart",
        ChartKind::Scatter => "Scatter chart",
        ChartKind::Bar => "Bar chart",
        ChartKind::Area => "Stacked area chart",
        ChartKind::Histogram => "Histogram",
        ChartKind::Pie => "Pie chart",
        ChartKind::Box => "Box plot",
    };
    let mut out = String::from(kind);
    if !spec.title.trim().is_empty() {
        out.push_str(&format!(" “{}”", spec.title.trim()));
    }
    let series: Vec<&str> = spec.y.iter().map(|&c| name(c)).collect();
    let right: Vec<String> = spec
        .right_axis()
        .iter()
        .map(|&c| format!("{} (right axis)", name(c)))
        .collect();
    let all: Vec<&str> = series
        .iter()
        .copied()
        .chain(right.iter().map(String::as_str))
        .collect();
    let rows = format_number(sheet.rows as f64, 0);
    match prepared.shape() {
        Shape::Points(_) => {
            out.push_str(&format!(
                " of {} against {}, {rows} rows.",
                list(&all),
                x.title()
            ));
            if let Some((lo, hi)) = x.extreme_rows(sheet.rows) {
                out.push_str(&format!(
                    " {} runs from {} to {}.",
                    x.title(),
                    x.text(lo),
                    x.text(hi)
                ));
            }
            for (&c, label) in spec.y.iter().chain(spec.right_axis()).zip(&all) {
                let Some(values) = sheet.columns[c].values.as_floats() else {
                    continue;
                };
                if let Some((lo, hi)) = sheet.columns[c].extreme_rows() {
                    out.push_str(&format!(
                        " {label}: lowest {} at {}, highest {} at {}.",
                        format_value(values[lo]),
                        x.text(lo),
                        format_value(values[hi]),
                        x.text(hi)
                    ));
                }
            }
        }
        Shape::Bars(groups) => {
            out.push_str(&format!(
                " of {} by {}, {} categories.",
                list(&all),
                x.title(),
                format_number(groups.labels.len() as f64, 0)
            ));
            for (values, label) in groups.values.iter().zip(&series) {
                if let Some((lo, hi)) = finite_extreme_rows(values) {
                    out.push_str(&format!(
                        " {label}: highest {} ({}), lowest {} ({}).",
                        groups.labels[hi],
                        format_value(values[hi]),
                        groups.labels[lo],
                        format_value(values[lo])
                    ));
                }
            }
        }
        Shape::Pie { slices, .. } => {
            let total: f64 = slices.iter().map(|s| s.value).sum();
            out.push_str(&format!(
                " of {} by {}, {} slices.",
                series.first().copied().unwrap_or_default(),
                x.title(),
                slices.len()
            ));
            let shares: Vec<String> = slices
                .iter()
                .take(5)
                .map(|s| {
                    let share = if total > 0.0 { s.value / total } else { 0.0 };
                    format!("{} {}%", s.label, format_number(share * 100.0, 1))
                })
                .collect();
            out.push_str(&format!(" Largest first: {}.", shares.join(", ")));
        }
        Shape::Histogram(histogram) => {
            let bins = histogram.counts.len();
            out.push_str(&format!(
                " of {}, {} values in {bins} bins from {} to {}.",
                series.first().copied().unwrap_or_default(),
                format_number(histogram.counts.iter().sum::<usize>() as f64, 0),
                format_value(histogram.edges[0]),
                format_value(histogram.edges[bins])
            ));
            if let Some(i) = (0..bins).max_by_key(|&i| (histogram.counts[i], usize::MAX - i)) {
                out.push_str(&format!(
                    " The most, {}, fall from {} to {}.",
                    format_number(histogram.counts[i] as f64, 0),
                    format_value(histogram.edges[i]),
                    format_value(histogram.edges[i + 1])
                ));
            }
        }
        Shape::Boxes(boxes) => {
            out.push_str(&format!(" of {}, {rows} rows.", list(&series)));
            for b in boxes {
                let s = &b.stats;
                out.push_str(&format!(
                    " {}: median {}, half the values from {} to {}, whiskers {} to {}.",
                    name(spec.y[b.series]),
                    format_value(s.median),
                    format_value(s.q1),
                    format_value(s.q3),
                    format_value(s.low_whisker),
                    format_value(s.high_whisker)
                ));
            }
        }
    }
    for trend in prepared.trend_labels() {
        out.push_str(&format!(" Trend {trend}."));
    }
    out.push_str(" The data is in the table below the chart.");
    out
}

/// "a", "a and b", "a, b and c".
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepare::prepare;
    use crate::spec::XSource;
    use sheetplot_model::{Column, Values};

    fn sheet() -> Sheet {
        let months = Values::Text {
            ids: vec![0, 1, 2, 3],
            labels: ["Jan", "Feb", "Mar", "Apr"].map(String::from).to_vec(),
        };
        Sheet {
            name: "s".into(),
            rows: 4,
            title: None,
            header_row: Some(0),
            first_row: 0,
            columns: vec![
                Column::new("Month".into(), months, 0),
                Column::new(
                    "Revenue".into(),
                    Values::Number(vec![120.0, f64::NAN, 1900.0, 40.0]),
                    0,
                ),
                Column::new("Cost".into(), Values::Number(vec![5.0, 6.0, 7.0, 8.0]), 0),
            ],
        }
    }

    fn spec(kind: ChartKind) -> ChartSpec {
        ChartSpec::new(String::new(), kind, XSource::Category(0), vec![1, 2])
    }

    #[test]
    fn a_line_names_its_series_range_and_extremes() {
        let sheet = sheet();
        let spec = ChartSpec {
            title: "Sales".into(),
            ..spec(ChartKind::Line)
        };
        let text = describe(&sheet, &spec, &prepare(&sheet, &spec).unwrap());
        assert_eq!(
            text,
            "Line chart “Sales” of Revenue and Cost against Month, 4 rows. Month runs from \
             Jan to Apr. Revenue: lowest 40 at Apr, highest 1,900 at Mar. Cost: lowest 5 at \
             Jan, highest 8 at Apr. The data is in the table below the chart."
        );
    }

    #[test]
    fn bars_name_their_highest_and_lowest_category() {
        let sheet = sheet();
        let spec = ChartSpec {
            y: vec![1],
            ..spec(ChartKind::Bar)
        };
        let text = describe(&sheet, &spec, &prepare(&sheet, &spec).unwrap());
        assert!(
            text.starts_with("Bar chart of Revenue by Month, 4 categories. Revenue: highest Mar (1,900), lowest Apr (40)."),
            "{text}"
        );
    }

    #[test]
    fn a_pie_names_its_largest_slices_with_shares() {
        let sheet = sheet();
        let spec = ChartSpec {
            y: vec![2],
            ..spec(ChartKind::Pie)
        };
        let text = describe(&sheet, &spec, &prepare(&sheet, &spec).unwrap());
        assert!(
            text.contains(
                "Pie chart of Cost by Month, 4 slices. Largest first: Apr 30.8%, Mar 26.9%"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_spec_for_another_sheet_says_nothing() {
        let sheet = sheet();
        let wrong = ChartSpec {
            y: vec![9],
            ..spec(ChartKind::Line)
        };
        let prepared = prepare(&sheet, &spec(ChartKind::Line)).unwrap();
        assert_eq!(describe(&sheet, &wrong, &prepared), "");
    }
}
