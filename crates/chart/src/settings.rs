//! Chart settings as text, for the URL hash: reloading the page and
//! dropping the same file gives back the same view. Columns are named, not
//! numbered, so settings survive a column being added to the workbook.

use crate::spec::{ChartKind, ChartSpec, XSource};
use crate::style::{Palette, SeriesLook, Style, Theme};
use crate::transform::{Aggregate, Bucket, Filter, Keep, Shaping};
use crate::trend::TrendKind;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sheetplot_model::{Dash, LegendPosition, Rgb, Sheet, Values};

/// What the user chose, by name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    pub file: String,
    pub sheet: String,
    /// The workbook's saved chart these settings are of, by its number
    /// from 1 in the sheet picker (see `crate::saved`); `None` for a chart
    /// of the sheet itself.
    pub chart: Option<usize>,
    pub kind: Option<ChartKind>,
    /// A column name, or `None` for the row number.
    pub x: Option<String>,
    pub y: Vec<String>,
    pub title: Option<String>,
    pub log_y: bool,
    pub bins: Option<usize>,
    pub aggregate: Option<Aggregate>,
    pub bucket: Bucket,
    /// The split column's name.
    pub split_by: Option<String>,
    /// Filters by column name.
    pub filters: Vec<(String, Keep)>,
    pub stack: bool,
    pub transpose: bool,
    /// The trend overlay, by [`TrendKind::name`].
    pub trend: Option<TrendKind>,
    /// The right-hand axis' columns, by name (see [`ChartSpec::y2`]).
    pub y2: Vec<String>,
    /// The right-hand axis' series drawn as bars.
    pub y2_bars: bool,
    /// The value axis' title (see [`ChartSpec::y_title`]).
    pub y_title: Option<String>,
    /// The left axis' series drawn as bars (see [`ChartSpec::y_bars`]).
    pub y_bars: bool,
    /// How the chart looks (see [`Style`]).
    pub style: Style,
}

/// Line widths a URL may ask for, in CSS pixels.
pub const LINE_WIDTHS: std::ops::RangeInclusive<f64> = 0.5..=12.0;
/// Font scales a URL may ask for.
pub const FONT_SCALES: std::ops::RangeInclusive<f64> = 0.5..=3.0;

impl Settings {
    /// The settings of `spec` on `sheet` of `file`; the title only when it
    /// is not the default one.
    pub fn of(file: &str, sheet: &Sheet, spec: &ChartSpec, default_title: &str) -> Settings {
        // Columns the sheet lacks (a spec for another sheet) are left out.
        let name = |c: usize| sheet.columns.get(c).map(|column| column.name.clone());
        Settings {
            file: file.to_owned(),
            sheet: sheet.name.clone(),
            chart: None,
            kind: Some(spec.kind),
            x: match spec.x {
                XSource::RowNumber => None,
                XSource::Column(c) | XSource::Category(c) => name(c),
            },
            y: spec.y.iter().filter_map(|&c| name(c)).collect(),
            title: (spec.title != default_title).then(|| spec.title.clone()),
            log_y: spec.log_y,
            bins: spec.bins,
            aggregate: spec.shaping.aggregate,
            bucket: spec.shaping.bucket,
            split_by: spec.shaping.split_by.and_then(name),
            filters: spec
                .shaping
                .filters
                .iter()
                .filter_map(|f| Some((name(f.column)?, f.keep.clone())))
                .collect(),
            stack: spec.stack,
            transpose: spec.shaping.transpose,
            trend: spec.trend,
            y2: spec.y2.iter().filter_map(|&c| name(c)).collect(),
            y2_bars: spec.y2_bars,
            y_title: spec.y_title.clone(),
            y_bars: spec.y_bars,
            style: spec.style.clone(),
        }
    }

    /// `spec` with these settings applied where `sheet` has the columns.
    pub fn apply(&self, sheet: &Sheet, mut spec: ChartSpec) -> ChartSpec {
        let find = |name: &str| sheet.columns.iter().position(|c| c.name == name);
        if let Some(kind) = self.kind {
            spec.kind = kind;
        }
        match self.x.as_deref() {
            None if self.kind.is_some() => spec.x = XSource::RowNumber,
            Some(name) => {
                if let Some(c) = find(name) {
                    spec.x = x_source(sheet, c);
                }
            }
            None => {}
        }
        let y: Vec<usize> = self
            .y
            .iter()
            .filter_map(|n| find(n))
            .filter(|&c| sheet.columns[c].values.as_floats().is_some())
            .collect();
        if !y.is_empty() {
            spec.y = y;
        }
        if let Some(title) = &self.title {
            spec.title = title.clone();
        }
        spec.log_y = self.log_y;
        spec.bins = self.bins;
        let is_text = |c: &usize| matches!(sheet.columns[*c].values, Values::Text { .. });
        spec.shaping = Shaping {
            aggregate: self.aggregate,
            bucket: self.bucket,
            split_by: self.split_by.as_deref().and_then(find).filter(is_text),
            filters: self
                .filters
                .iter()
                .filter_map(|(name, keep)| {
                    Some(Filter {
                        column: find(name)?,
                        keep: keep.clone(),
                    })
                })
                .collect(),
            transpose: self.transpose,
        };
        spec.stack = self.stack;
        spec.trend = self.trend;
        spec.y2 = self
            .y2
            .iter()
            .filter_map(|n| find(n))
            .filter(|&c| sheet.columns[c].values.as_floats().is_some())
            .collect();
        spec.y2_bars = self.y2_bars;
        spec.y_title = self.y_title.clone();
        spec.y_bars = self.y_bars;
        spec.style = self.style.clone();
        spec.leave_left_for_right();
        spec
    }

    /// `file=…&sheet=…&kind=…&x=…&y=a|b&title=…&log=1&bins=20`.
    pub fn to_query(&self) -> String {
        let mut parts = vec![
            format!("file={}", encode(&self.file)),
            format!("sheet={}", encode(&self.sheet)),
        ];
        if let Some(chart) = self.chart {
            parts.push(format!("chart={chart}"));
        }
        if let Some(kind) = self.kind {
            parts.push(format!("kind={}", kind.name()));
        }
        parts.push(format!(
            "x={}",
            self.x.as_deref().map_or("~row".to_owned(), encode)
        ));
        parts.push(format!(
            "y={}",
            self.y
                .iter()
                .map(|y| encode(y))
                .collect::<Vec<_>>()
                .join("|")
        ));
        if let Some(title) = &self.title {
            parts.push(format!("title={}", encode(title)));
        }
        if self.log_y {
            parts.push("log=1".to_owned());
        }
        if let Some(bins) = self.bins {
            parts.push(format!("bins={bins}"));
        }
        if let Some(aggregate) = self.aggregate {
            parts.push(format!("aggregate={}", aggregate.name()));
        }
        if self.bucket != Bucket::Auto {
            parts.push(format!("bucket={}", self.bucket.name()));
        }
        if let Some(split) = &self.split_by {
            parts.push(format!("split={}", encode(split)));
        }
        if self.stack {
            parts.push("stack=1".to_owned());
        }
        if self.transpose {
            parts.push("transpose=1".to_owned());
        }
        if let Some(trend) = self.trend {
            // Names are of [a-z0-9:-] only: `trend=polynomial:3` as it is.
            parts.push(format!("trend={}", trend.name()));
        }
        for (column, keep) in &self.filters {
            parts.push(format!("filter={}", encode(&filter_text(column, keep))));
        }
        if !self.y2.is_empty() {
            let names: Vec<String> = self.y2.iter().map(|y| encode(y)).collect();
            parts.push(format!("y2={}", names.join("|")));
        }
        if self.y2_bars {
            parts.push("y2bars=1".to_owned());
        }
        if let Some(title) = &self.y_title {
            parts.push(format!("ytitle={}", encode(title)));
        }
        if self.y_bars {
            parts.push("ybars=1".to_owned());
        }
        style_query(&self.style, &mut parts);
        parts.join("&")
    }

    /// Reads what [`Settings::to_query`] wrote; unknown keys are ignored.
    pub fn from_query(query: &str) -> Settings {
        let mut s = Settings::default();
        for pair in query.trim_start_matches('#').split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            match key {
                "file" => s.file = decode(value),
                "sheet" => s.sheet = decode(value),
                "chart" => s.chart = value.parse().ok().filter(|&n| n > 0),
                "kind" => s.kind = ChartKind::from_name(value),
                "x" if value == "~row" => s.x = None,
                "x" => s.x = Some(decode(value)),
                "y" => {
                    s.y = value
                        .split('|')
                        .filter(|v| !v.is_empty())
                        .map(decode)
                        .collect()
                }
                "title" => s.title = Some(decode(value)),
                "log" => s.log_y = value == "1",
                "bins" => s.bins = value.parse().ok().filter(|&b| b > 0),
                "aggregate" => s.aggregate = Aggregate::from_name(value),
                "bucket" => s.bucket = Bucket::from_name(value).unwrap_or_default(),
                "split" => s.split_by = Some(decode(value)),
                "filter" => s.filters.extend(parse_filter(&decode(value))),
                "stack" => s.stack = value == "1",
                "transpose" => s.transpose = value == "1",
                "trend" => s.trend = TrendKind::from_name(&decode(value)),
                "y2" => {
                    s.y2 = value
                        .split('|')
                        .filter(|v| !v.is_empty())
                        .map(decode)
                        .collect()
                }
                "y2bars" => s.y2_bars = value == "1",
                "ytitle" => s.y_title = Some(decode(value)),
                "ybars" => s.y_bars = value == "1",
                _ => read_style(key, &decode(value), &mut s.style),
            }
        }
        s
    }
}

/// The parts of the query that say how `style` differs from the default
/// look: `palette=tableau&colors=0:%23ff0000&lw=3&dash=1:dashed&…`. A
/// default look writes nothing, so URLs of unstyled charts stay as they were.
fn style_query(style: &Style, parts: &mut Vec<String>) {
    let default = Style::default();
    let mut push = |key: &str, value: String| parts.push(format!("{key}={value}"));
    if style.palette != default.palette {
        push("palette", style.palette.name().to_owned());
    }
    // Each series' own look, as `place:value` pairs.
    let pairs = |value: fn(&SeriesLook) -> Option<String>| -> Option<String> {
        let pairs: Vec<String> = style
            .series
            .iter()
            .enumerate()
            .filter_map(|(n, look)| Some(format!("{n}:{}", value(look)?)))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join(","))
    };
    if let Some(colors) = pairs(|l| l.color.map(|c| encode(&c.to_string()))) {
        push("colors", colors);
    }
    if let Some(widths) = pairs(|l| l.line_width.map(|w| w.to_string())) {
        push("widths", widths);
    }
    if let Some(dashes) = pairs(|l| l.dash.map(|d| d.name().to_owned())) {
        push("dash", dashes);
    }
    if let Some(marks) = pairs(|l| l.markers.map(|m| u8::from(m).to_string())) {
        push("marks", marks);
    }
    if style.line_width != default.line_width {
        push("lw", style.line_width.to_string());
    }
    if !style.markers {
        push("markers", "0".to_owned());
    }
    if style.legend != default.legend {
        push("legend", style.legend.name().to_owned());
    }
    if style.font_scale != default.font_scale {
        push("font", style.font_scale.to_string());
    }
    let titles = [("xtitle", &style.x_title), ("y2title", &style.y2_title)];
    for (key, title) in titles {
        if let Some(title) = title {
            push(key, encode(title));
        }
    }
    for (key, end) in [("ymin", style.y_min), ("ymax", style.y_max)] {
        if let Some(end) = end {
            push(key, end.to_string());
        }
    }
    if !style.gridlines {
        push("grid", "0".to_owned());
    }
    if style.theme != default.theme {
        push("theme", style.theme.name().to_owned());
    }
    if let Some(horizontal) = style.horizontal {
        push("horizontal", u8::from(horizontal).to_string());
    }
    if style.doughnut {
        push("doughnut", "1".to_owned());
    }
}

/// Reads one style key of the query (its value decoded) into `style`;
/// values that are not what the key takes are ignored, and so are keys
/// that are not style's.
fn read_style(key: &str, value: &str, style: &mut Style) {
    let number = |range: std::ops::RangeInclusive<f64>| {
        value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| range.contains(v))
    };
    let end = || value.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match key {
        "palette" => style.palette = Palette::from_name(value).unwrap_or_default(),
        "colors" => each_series(value, style, Rgb::parse, |l, c| l.color = Some(c)),
        "widths" => each_series(
            value,
            style,
            |v| v.parse().ok().filter(|w| LINE_WIDTHS.contains(w)),
            |l, w| l.line_width = Some(w),
        ),
        "dash" => each_series(value, style, Dash::from_name, |l, d| l.dash = Some(d)),
        "marks" => each_series(value, style, switch, |l, m| l.markers = Some(m)),
        "lw" => style.line_width = number(LINE_WIDTHS).unwrap_or(2.0),
        "markers" => style.markers = switch(value).unwrap_or(true),
        "legend" => style.legend = LegendPosition::from_name(value).unwrap_or_default(),
        "font" => style.font_scale = number(FONT_SCALES).unwrap_or(1.0),
        "xtitle" => style.x_title = Some(value.to_owned()),
        "y2title" => style.y2_title = Some(value.to_owned()),
        "ymin" => style.y_min = end(),
        "ymax" => style.y_max = end(),
        "grid" => style.gridlines = switch(value).unwrap_or(true),
        "theme" => style.theme = Theme::from_name(value).unwrap_or_default(),
        "horizontal" => style.horizontal = switch(value),
        "doughnut" => style.doughnut = value == "1",
        _ => {}
    }
}

/// `1` on, `0` off.
fn switch(value: &str) -> Option<bool> {
    match value {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

/// Reads `place:value` pairs, comma-separated, into the series' looks:
/// each value `parse`d, then `set` on the look of the series at its place.
/// A pair whose place is not a number below [`Style::MAX_SERIES_LOOKS`],
/// or whose value does not parse, is ignored.
fn each_series<T>(
    value: &str,
    style: &mut Style,
    parse: impl Fn(&str) -> Option<T>,
    set: impl Fn(&mut SeriesLook, T),
) {
    for pair in value.split(',') {
        let Some((place, v)) = pair.split_once(':') else {
            continue;
        };
        let (Ok(n), Some(v)) = (place.trim().parse::<usize>(), parse(v.trim())) else {
            continue;
        };
        style.set_series(n, |look| set(look, v));
    }
}

/// A filter as text, the way the command line takes it too:
/// `region=North,South` keeps those values (a comma or backslash in a
/// value is escaped with a backslash), `amount=10..100` a range, either end
/// left open (`amount=10..`).
pub fn filter_text(column: &str, keep: &Keep) -> String {
    let escape = |v: &str| v.replace('\\', "\\\\").replace(',', "\\,");
    match keep {
        Keep::Among(values) => {
            let values: Vec<String> = values.iter().map(|v| escape(v)).collect();
            format!("{column}={}", values.join(","))
        }
        Keep::Range(min, max) => {
            let end = |v: &Option<f64>| v.map_or(String::new(), |v| v.to_string());
            format!("{column}={}..{}", end(min), end(max))
        }
    }
}

/// Reads [`filter_text`]'s form: a range when the value is `A..B` of
/// numbers (either may be empty), else the listed values.
pub fn parse_filter(text: &str) -> Option<(String, Keep)> {
    let (column, value) = text.split_once('=')?;
    if let Some((lo, hi)) = value.split_once("..") {
        let end = |t: &str| (!t.trim().is_empty()).then(|| t.trim().parse::<f64>());
        match (end(lo), end(hi)) {
            (Some(Err(_)), _) | (_, Some(Err(_))) => {}
            (None, None) => return None,
            (lo, hi) => {
                return Some((
                    column.to_owned(),
                    Keep::Range(lo.and_then(Result::ok), hi.and_then(Result::ok)),
                ))
            }
        }
    }
    let mut values = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.extend(chars.next()),
            ',' => values.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    values.push(current);
    Some((column.to_owned(), Keep::Among(values)))
}

/// How a column serves as x: text is a list of categories, the rest a scale.
pub fn x_source(sheet: &Sheet, column: usize) -> XSource {
    match sheet.columns[column].values {
        Values::Text { .. } => XSource::Category(column),
        _ => XSource::Column(column),
    }
}

/// Everything but RFC 3986's unreserved characters is percent-encoded, so
/// a value never holds the `&`, `=` and `|` that separate values.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(text: &str) -> String {
    utf8_percent_encode(text, RESERVED).to_string()
}

/// Reads [`encode`]'s output, and also a `+` as a space (as forms write
/// one); bytes that are not UTF-8 become U+FFFD rather than an error.
fn decode(text: &str) -> String {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sheetplot_model::Column;

    fn sheet() -> Sheet {
        let col = |name: &str, values| Column::new(name.into(), values, 0);
        Sheet {
            name: "Q&A sheet".into(),
            title: None,
            rows: 2,
            header_row: Some(0),
            first_row: 0,
            columns: vec![
                col(
                    "region",
                    Values::Text {
                        ids: vec![0, 1],
                        labels: vec!["a".into(), "b".into()],
                    },
                ),
                col("sales (€)", Values::Number(vec![1.0, 2.0])),
                col("cost|net", Values::Number(vec![1.0, 2.0])),
            ],
        }
    }

    #[test]
    fn settings_round_trip_through_the_hash() {
        let s = sheet();
        let mut spec = ChartSpec::new(
            "My title & more".into(),
            ChartKind::Pie,
            XSource::Category(0),
            vec![1, 2],
        );
        spec.log_y = true;
        spec.bins = Some(12);
        let settings = Settings::of("sales 2024.xlsx", &s, &spec, "default");
        let query = settings.to_query();
        assert!(!query.contains(' ') && !query.contains('€'), "{query}");
        assert_eq!(Settings::from_query(&format!("#{query}")), settings);
        let applied = settings.apply(
            &s,
            ChartSpec::new(
                "default".into(),
                ChartKind::Line,
                XSource::RowNumber,
                vec![1],
            ),
        );
        assert_eq!(applied, spec);
    }

    #[test]
    fn missing_columns_keep_the_suggestion() {
        let s = sheet();
        let settings = Settings::from_query("file=x.xlsx&sheet=s&kind=bar&x=gone&y=also%20gone");
        let suggested = ChartSpec::new("t".into(), ChartKind::Line, XSource::Category(0), vec![1]);
        let applied = settings.apply(&s, suggested.clone());
        assert_eq!(
            (applied.kind, applied.x, applied.y),
            (ChartKind::Bar, XSource::Category(0), vec![1])
        );
    }

    #[test]
    fn hashes_written_before_still_read() {
        // As the hand-written encoder of earlier versions wrote them.
        let old = "file=sales%202024.xlsx&sheet=Q%26A%20sheet&kind=pie&x=region\
                   &y=sales%20%28%E2%82%AC%29|cost%7Cnet&title=My%20title%20%26%20more&log=1&bins=12";
        let s = Settings::from_query(old);
        assert_eq!(
            (s.file.as_str(), s.sheet.as_str()),
            ("sales 2024.xlsx", "Q&A sheet")
        );
        assert_eq!(s.y, ["sales (€)", "cost|net"]);
        assert_eq!(s.title.as_deref(), Some("My title & more"));
        assert_eq!(s.to_query(), old, "and are written the same way");
        // Lower-case hex, a `+` for a space, and a stray `%` read as before.
        let s = Settings::from_query("file=caf%c3%a9+bar.csv&sheet=100%&x=a%zz");
        assert_eq!(
            (s.file.as_str(), s.sheet.as_str(), s.x.as_deref()),
            ("café bar.csv", "100%", Some("a%zz"))
        );
    }
}

#[cfg(test)]
mod shaping_tests {
    use super::*;

    #[test]
    fn the_trend_travels_in_the_url_by_name() {
        let settings = Settings {
            file: "sales.csv".into(),
            sheet: "sales".into(),
            trend: Some(TrendKind::Polynomial(3)),
            ..Settings::default()
        };
        let query = settings.to_query();
        assert!(query.ends_with("&trend=polynomial:3"), "{query}");
        assert_eq!(Settings::from_query(&format!("#{query}")), settings);
        // Percent-encoded, as a browser may rewrite it, it reads the same.
        let encoded = Settings::from_query("file=a&trend=moving-average%3A30");
        assert_eq!(encoded.trend, Some(TrendKind::MovingAverage(30)));
        // A name that is not a trend (or a window out of range) is none.
        for bad in ["cubic", "moving-average:5000", "polynomial:9", ""] {
            let s = Settings::from_query(&format!("file=a&trend={bad}"));
            assert_eq!(s.trend, None, "{bad}");
        }
        // Applied to a spec, and read back from it.
        let sheet = Sheet {
            name: "sales".into(),
            rows: 2,
            title: None,
            header_row: Some(0),
            first_row: 0,
            columns: vec![sheetplot_model::Column::new(
                "v".into(),
                Values::Number(vec![1.0, 2.0]),
                0,
            )],
        };
        let spec = ChartSpec::new("t".into(), ChartKind::Line, XSource::RowNumber, vec![0]);
        let applied = settings.apply(&sheet, spec);
        assert_eq!(applied.trend, Some(TrendKind::Polynomial(3)));
        assert_eq!(
            Settings::of("sales.csv", &sheet, &applied, "t").trend,
            Some(TrendKind::Polynomial(3))
        );
    }

    #[test]
    fn the_right_axis_travels_in_the_url_by_column_name() {
        let settings = Settings {
            file: "shop.csv".into(),
            sheet: "shop".into(),
            kind: Some(ChartKind::Line),
            y: vec!["price".into()],
            y2: vec!["volume".into(), "a|b".into()],
            y2_bars: true,
            ..Settings::default()
        };
        let query = settings.to_query();
        assert!(query.contains("&y2=volume|a%7Cb&y2bars=1"), "{query}");
        assert_eq!(Settings::from_query(&format!("#{query}")), settings);
        let column = |name: &str| {
            sheetplot_model::Column::new(name.into(), Values::Number(vec![1.0, 2.0]), 0)
        };
        let sheet = Sheet {
            name: "shop".into(),
            rows: 2,
            title: None,
            header_row: Some(0),
            first_row: 0,
            columns: vec![column("price"), column("a|b"), column("volume")],
        };
        // Suggested with every column on the left: the right axis takes its own.
        let spec = ChartSpec::new(
            "t".into(),
            ChartKind::Line,
            XSource::RowNumber,
            vec![0, 1, 2],
        );
        let applied = settings.apply(&sheet, spec);
        assert_eq!(
            (applied.y.clone(), applied.y2.clone()),
            (vec![0], vec![2, 1])
        );
        assert!(applied.y2_bars);
        assert_eq!(Settings::of("shop.csv", &sheet, &applied, "t"), settings);
        // Without a right axis, the URL says nothing of one.
        let plain = Settings {
            y2: Vec::new(),
            y2_bars: false,
            ..settings
        };
        assert!(!plain.to_query().contains("y2"), "{}", plain.to_query());
    }

    #[test]
    fn shaping_travels_in_the_url_by_column_name() {
        let settings = Settings {
            file: "sales.csv".into(),
            sheet: "sales".into(),
            aggregate: Some(Aggregate::Median),
            bucket: Bucket::Quarter,
            split_by: Some("region & co".into()),
            filters: vec![
                (
                    "product".into(),
                    Keep::Among(vec!["Tea, green".into(), "a\\b".into(), "".into()]),
                ),
                ("amount".into(), Keep::Range(Some(-1.5), None)),
            ],
            ..Settings::default()
        };
        let query = settings.to_query();
        assert!(
            query.contains("aggregate=median&bucket=quarter&split=region%20%26%20co"),
            "{query}"
        );
        assert_eq!(Settings::from_query(&format!("#{query}")), settings);
    }

    #[test]
    fn filters_read_as_the_command_line_writes_them() {
        assert_eq!(
            parse_filter("region=North,South"),
            Some((
                "region".into(),
                Keep::Among(vec!["North".into(), "South".into()])
            ))
        );
        assert_eq!(
            parse_filter("amount=10..100"),
            Some(("amount".into(), Keep::Range(Some(10.0), Some(100.0))))
        );
        assert_eq!(
            parse_filter("amount=..5"),
            Some(("amount".into(), Keep::Range(None, Some(5.0))))
        );
        // Not numbers: the text itself is the value kept.
        assert_eq!(
            parse_filter("version=1.2..beta"),
            Some(("version".into(), Keep::Among(vec!["1.2..beta".into()])))
        );
        assert_eq!(parse_filter("no equals sign"), None);
        assert_eq!(filter_text("a", &Keep::Range(Some(1.0), None)), "a=1..");
    }
}

#[cfg(test)]
mod style_tests {
    use super::*;

    /// A look with every field away from the default.
    fn styled() -> Style {
        let mut style = Style {
            palette: Palette::Tableau,
            line_width: 3.0,
            markers: false,
            legend: LegendPosition::Right,
            font_scale: 1.25,
            x_title: Some("Month & year".into()),
            y2_title: Some("".into()),
            y_min: Some(0.0),
            y_max: Some(100.5),
            gridlines: false,
            theme: Theme::Dark,
            horizontal: Some(false),
            doughnut: true,
            ..Style::default()
        };
        style.set_series(0, |l| l.color = Some(Rgb(255, 0, 0)));
        style.set_series(2, |l| {
            l.color = Some(Rgb(0, 255, 0));
            l.dash = Some(Dash::DashDot);
            l.line_width = Some(1.5);
            l.markers = Some(true);
        });
        style
    }

    #[test]
    fn every_part_of_the_look_travels_in_the_url_by_name() {
        let settings = Settings {
            file: "a.csv".into(),
            sheet: "a".into(),
            y_title: Some("Revenue (k€)".into()),
            y_bars: true,
            style: styled(),
            ..Settings::default()
        };
        let query = settings.to_query();
        for part in [
            "ytitle=Revenue%20%28k%E2%82%AC%29",
            "ybars=1",
            "palette=tableau",
            "colors=0:%23ff0000,2:%2300ff00",
            "widths=2:1.5",
            "dash=2:dash-dot",
            "marks=2:1",
            "lw=3",
            "markers=0",
            "legend=right",
            "font=1.25",
            "xtitle=Month%20%26%20year",
            "y2title=&",
            "ymin=0",
            "ymax=100.5",
            "grid=0",
            "theme=dark",
            "horizontal=0",
            "doughnut=1",
        ] {
            assert!(query.contains(part), "{part} in {query}");
        }
        assert_eq!(Settings::from_query(&format!("#{query}")), settings);
        // Horizontal both ways, and the default (written as nothing).
        for horizontal in [Some(true), None] {
            let mut other = settings.clone();
            other.style.horizontal = horizontal;
            assert_eq!(Settings::from_query(&other.to_query()), other);
        }
    }

    #[test]
    fn the_default_look_writes_nothing() {
        let settings = Settings {
            file: "a.csv".into(),
            ..Settings::default()
        };
        assert_eq!(settings.to_query(), "file=a.csv&sheet=&x=~row&y=");
    }

    #[test]
    fn a_look_is_applied_to_the_chart_and_read_back_from_it() {
        let sheet = Sheet {
            name: "s".into(),
            rows: 2,
            title: None,
            header_row: Some(0),
            first_row: 0,
            columns: vec![sheetplot_model::Column::new(
                "v".into(),
                Values::Number(vec![1.0, 2.0]),
                0,
            )],
        };
        let settings = Settings {
            file: "a.csv".into(),
            sheet: "s".into(),
            kind: Some(ChartKind::Line),
            y: vec!["v".into()],
            y_title: Some("Value".into()),
            y_bars: true,
            style: styled(),
            ..Settings::default()
        };
        let spec = ChartSpec::new("t".into(), ChartKind::Bar, XSource::RowNumber, vec![0]);
        let applied = settings.apply(&sheet, spec);
        assert_eq!(applied.style, styled());
        assert_eq!(applied.y_title.as_deref(), Some("Value"));
        assert!(applied.y_bars);
        assert_eq!(Settings::of("a.csv", &sheet, &applied, "t"), settings);
    }

    #[test]
    fn values_a_key_does_not_take_are_ignored() {
        let s = Settings::from_query(
            "file=a&palette=rainbow&lw=abc&font=9&legend=left&theme=sepia&grid=maybe\
             &horizontal=2&ymin=x&ymax=inf&markers=no\
             &colors=0:red,x:%23ffffff,1:%23000,999999999:%23fff,3&dash=0:wavy,1:dotted\
             &widths=0:-1,1:50,2:4&marks=0:yes,1:0",
        );
        let mut expected = Style::default();
        expected.set_series(1, |l| {
            l.color = Some(Rgb(0, 0, 0));
            l.dash = Some(Dash::Dotted);
            l.markers = Some(false);
        });
        expected.set_series(2, |l| l.line_width = Some(4.0));
        assert_eq!(s.style, expected);
        assert_eq!(s.file, "a");
        // A stray key of another version is ignored too.
        assert_eq!(
            Settings::from_query("file=a&sparkle=1").style,
            Style::default()
        );
    }
}
