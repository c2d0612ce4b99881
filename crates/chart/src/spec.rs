//! What to draw: the user's choices, separate from the data and the drawing.
//!
//! A [`ChartSpec`] names columns of a sheet and says how to show them; it
//! never holds data, so it can live in the URL and be applied again to the
//! same file. [`shapes`] turns a spec and a sheet into what is drawn:
//! category totals, histogram bins, pie slices, stacked layers.

use crate::shapes;
use crate::style::Style;
use crate::transform::{Aggregate, Shaping};
use crate::trend::TrendKind;
use sheetplot_model::{Sheet, Values};

/// The kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Line,
    Scatter,
    Bar,
    /// Stacked areas.
    Area,
    Histogram,
    Pie,
    /// One box and whiskers per y column.
    Box,
}

impl ChartKind {
    pub const ALL: [ChartKind; 7] = [
        ChartKind::Line,
        ChartKind::Scatter,
        ChartKind::Bar,
        ChartKind::Area,
        ChartKind::Histogram,
        ChartKind::Pie,
        ChartKind::Box,
    ];

    /// The kind's name in the URL, the page and the command line.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Line => "line",
            ChartKind::Scatter => "scatter",
            ChartKind::Bar => "bar",
            ChartKind::Area => "area",
            ChartKind::Histogram => "histogram",
            ChartKind::Pie => "pie",
            ChartKind::Box => "box",
        }
    }

    pub fn from_name(name: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Kinds whose x axis is a list of categories rather than a scale.
    pub fn is_categorical(self) -> bool {
        matches!(self, ChartKind::Bar | ChartKind::Pie | ChartKind::Box)
    }

    /// Kinds that ignore x (they summarise each y column).
    pub fn ignores_x(self) -> bool {
        matches!(self, ChartKind::Histogram | ChartKind::Box)
    }

    /// Kinds that show one y column (the first chosen).
    pub fn single_series(self) -> bool {
        matches!(self, ChartKind::Histogram | ChartKind::Pie)
    }

    /// Kinds whose rows can be grouped by x with an aggregate (the others
    /// summarise each column as a whole).
    pub fn groups_rows(self) -> bool {
        !matches!(self, ChartKind::Histogram | ChartKind::Box)
    }

    /// Kinds that can split a text column's values into series.
    pub fn splits(self) -> bool {
        !matches!(self, ChartKind::Histogram | ChartKind::Pie)
    }

    /// Kinds that draw a trend overlay over each series: lines and
    /// scatters. A stacked area's layers are parts of a total, whose trends
    /// would be read against the stack; bars, pies, histograms and boxes
    /// have no x scale to fit against.
    pub fn takes_trend(self) -> bool {
        matches!(self, ChartKind::Line | ChartKind::Scatter)
    }
}

/// Where x values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XSource {
    /// The 1-based row number of the data.
    RowNumber,
    /// A number, date or time column.
    Column(usize),
    /// Rows in order, labelled by a text column.
    Category(usize),
}

/// A chart of one sheet: the title, the kind, x and the y columns, and how
/// to show them.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub title: String,
    pub kind: ChartKind,
    pub x: XSource,
    /// Indices of numeric columns, one series each (a histogram and a pie
    /// use the first).
    pub y: Vec<usize>,
    /// A logarithmic y axis.
    pub log_y: bool,
    /// Histogram bins; `None` chooses a width from the data.
    pub bins: Option<usize>,
    /// The visible x window when zoomed; `None` shows all the data.
    pub x_view: Option<(f64, f64)>,
    /// Filtering, grouping and splitting of the rows before drawing.
    pub shaping: Shaping,
    /// Bars of several series piled up rather than side by side.
    pub stack: bool,
    /// A trend overlay per series (for the kinds that
    /// [take one](ChartKind::takes_trend); ignored by the others).
    pub trend: Option<TrendKind>,
    /// Numeric columns drawn against a second, right-hand y axis, whose
    /// ticks sit on the left axis' grid lines. Only a line chart on a
    /// linear y axis takes them (see [`ChartSpec::right_axis`]): other
    /// kinds, and a logarithmic y axis, ignore them. Trends fit the left
    /// axis' series only.
    pub y2: Vec<usize>,
    /// Draws the right-axis series as bars (one per x value) rather than
    /// lines.
    pub y2_bars: bool,
    /// The value axis' title; `None` names it after the one y column. A
    /// split names its series by group, so its axis names the measure.
    pub y_title: Option<String>,
    /// On a line chart, the left axis' series drawn as bars (one per x
    /// value), as Excel draws a column and line combo.
    pub y_bars: bool,
    /// How it looks.
    pub style: Style,
}

/// Why a sheet, or a spec of it, has no chart to offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartError {
    EmptySheet,
    NoNumbers,
    /// Log scale with zero or negative values in a series.
    NotPositive {
        column: String,
        count: usize,
    },
    /// A pie of a series with negative values.
    NegativeSlices {
        column: String,
    },
    /// Nothing left to draw (every value is a gap).
    NoValues,
    /// No column is chosen for the y axis.
    NoSeries,
    /// The spec names columns this sheet does not have (it was made for
    /// another sheet).
    NotThisSheet,
    /// The filters keep no row.
    NoRowMatches,
    /// Grouping would make more points than can be drawn.
    TooManyGroups,
    /// Transposing would make more series than a chart can tell apart.
    TooManyRowsToTranspose,
    /// The trend asked for cannot be fitted to a series: the sentence
    /// saying why, naming the trend and the column (see
    /// [`crate::trend::TrendError::message`]).
    Trend(String),
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChartError::EmptySheet => f.write_str("this sheet is empty."),
            ChartError::NoNumbers => f.write_str("this sheet has no column of numbers to plot."),
            ChartError::NotPositive { column, count } => write!(
                f,
                "a log scale needs values above zero, and “{column}” has {count} {} at or below zero.",
                if *count == 1 { "value" } else { "values" }
            ),
            ChartError::NegativeSlices { column } => {
                write!(f, "a pie shows parts of a whole, and “{column}” has negative values; try a bar chart.")
            }
            ChartError::NoValues => f.write_str("the chosen columns have no values to plot."),
            ChartError::NoSeries => f.write_str("choose at least one column for the y axis."),
            ChartError::NotThisSheet => f.write_str("the chosen columns are not in this sheet."),
            ChartError::NoRowMatches => f.write_str("no row matches the filter."),
            ChartError::TooManyRowsToTranspose => write!(
                f,
                "switching rows and columns makes a series of each row, and there are more than {}; filter or aggregate the rows first.",
                crate::transform::MAX_TRANSPOSED
            ),
            ChartError::TooManyGroups => f.write_str(
                "grouping makes too many points to draw; group dates by a coarser bucket or split by a column with fewer values.",
            ),
            ChartError::Trend(sentence) => f.write_str(sentence),
        }
    }
}

impl std::error::Error for ChartError {}

/// Of a sheet's numeric `columns`, the ones to plot by default on one y
/// axis: not row counters (1, 2, 3, … are ids, not readings), and not
/// columns under a twentieth the size of the largest (a percentage beside
/// sums in thousands would lie flat on zero). The others are a click away.
fn series(sheet: &Sheet, columns: Vec<usize>) -> Vec<usize> {
    let values = |c: usize| sheet.columns[c].values.as_floats().unwrap_or(&[]);
    let is_counter = |c: usize| {
        let v = values(c);
        v.len() > 2 && v.windows(2).all(|p| p[1] - p[0] == 1.0) && v[0].fract() == 0.0
    };
    let readings: Vec<usize> = columns
        .iter()
        .copied()
        .filter(|&c| !is_counter(c))
        .collect();
    let columns = if readings.is_empty() {
        columns
    } else {
        readings
    };
    let size = |c: usize| {
        let blocks = sheet.columns[c].stats().map(|s| &s.blocks);
        crate::downsample::extent(values(c), 0, blocks)
            .map_or(0.0, |(lo, hi)| lo.abs().max(hi.abs()))
    };
    let largest = columns.iter().map(|&c| size(c)).fold(0.0, f64::max);
    columns
        .into_iter()
        .filter(|&c| size(c) * 20.0 >= largest)
        .collect()
}

impl ChartSpec {
    /// A spec with the defaults for everything but the columns.
    pub fn new(title: String, kind: ChartKind, x: XSource, y: Vec<usize>) -> ChartSpec {
        ChartSpec {
            title,
            kind,
            x,
            y,
            log_y: false,
            bins: None,
            x_view: None,
            shaping: Shaping::default(),
            stack: false,
            trend: None,
            y2: Vec::new(),
            y2_bars: false,
            y_title: None,
            y_bars: false,
            style: Style::default(),
        }
    }

    /// Takes the right-hand axis' columns off the left axis, for a chart
    /// that has one: a column is drawn against one axis only.
    pub fn leave_left_for_right(&mut self) {
        if !self.right_axis().is_empty() {
            let right = self.y2.clone();
            self.y.retain(|c| !right.contains(c));
        }
    }

    /// The columns drawn against the right-hand axis: [`ChartSpec::y2`]
    /// for a line chart on a linear y axis, none for anything else.
    pub fn right_axis(&self) -> &[usize] {
        if self.kind == ChartKind::Line && !self.log_y {
            &self.y2
        } else {
            &[]
        }
    }

    /// The column of drawn series `n`: the y columns first, then the
    /// right axis' (how hover, keyboard steps and legends count series).
    pub fn drawn_column(&self, n: usize) -> usize {
        self.y
            .get(n)
            .copied()
            .unwrap_or_else(|| self.right_axis()[n - self.y.len()])
    }

    /// The chart a person most likely wants of `sheet`:
    /// - a date column: a line of every numeric column over time;
    /// - a text column: bars of the numeric columns by category (a line when
    ///   there are too many categories for bars);
    /// - one numeric column alone: its histogram;
    /// - numeric columns only: lines over the first if it is in order,
    ///   else a scatter of the others against it;
    /// - no numbers: the count of rows per repeated text value, or per date
    ///   bucket (see [`counted`]).
    pub fn suggest(sheet: &Sheet, title: String) -> Result<ChartSpec, ChartError> {
        if sheet.is_empty() {
            return Err(ChartError::EmptySheet);
        }
        let has_values = |i: &usize| {
            sheet.columns[*i]
                .values
                .as_floats()
                .is_some_and(|v| v.iter().any(|x| x.is_finite()))
        };
        let numeric: Vec<usize> = (0..sheet.columns.len())
            .filter(|&i| sheet.columns[i].is_numeric())
            .filter(has_values)
            .collect();
        let time = (0..sheet.columns.len())
            .filter(|&i| sheet.columns[i].is_time())
            .find(has_values);
        let text = sheet
            .columns
            .iter()
            .position(|c| matches!(c.values, Values::Text { .. }));
        let Some(&first) = numeric.first() else {
            return counted(sheet, title, time, text);
        };
        let spec = |kind, x, y| Ok(ChartSpec::new(title.clone(), kind, x, y));
        if let Some(t) = time {
            return spec(ChartKind::Line, XSource::Column(t), series(sheet, numeric));
        }
        // Bars need a row with both a label and a number.
        let labelled = |t: usize| {
            (0..sheet.rows).any(|row| {
                sheet.columns[t].values.label(row).is_some()
                    && numeric.iter().any(|&c| {
                        sheet.columns[c]
                            .values
                            .as_floats()
                            .is_some_and(|v| v[row].is_finite())
                    })
            })
        };
        if let Some(t) = text.filter(|&t| labelled(t)) {
            let categories = shapes::distinct_labels(&sheet.columns[t].values);
            let kind = if categories <= shapes::MAX_BARS {
                ChartKind::Bar
            } else {
                ChartKind::Line
            };
            return spec(kind, XSource::Category(t), series(sheet, numeric));
        }
        if numeric.len() == 1 {
            return spec(ChartKind::Histogram, XSource::RowNumber, numeric);
        }
        let rest = series(sheet, numeric[1..].to_vec());
        if is_ascending(&sheet.columns[first].values) {
            spec(ChartKind::Line, XSource::Column(first), rest)
        } else {
            spec(ChartKind::Scatter, XSource::Column(first), rest)
        }
    }

    /// Whether x never decreases over the rows and has no gaps (rows,
    /// categories, or a sorted column), so the rows in view can be found
    /// by binary search.
    pub fn x_in_order(&self, sheet: &Sheet) -> bool {
        match self.x {
            XSource::Column(c) => sheet
                .columns
                .get(c)
                .and_then(|c| c.stats())
                .is_some_and(|s| s.searchable),
            _ => true,
        }
    }

    /// Whether `other` has the same x axis, so a zoomed window carries over
    /// from one to the other: the same kind and x, and for a histogram
    /// (whose x is the binned values) the same column and bins.
    pub fn same_x_axis(&self, other: &ChartSpec) -> bool {
        self.kind == other.kind
            && self.x == other.x
            && self.shaping == other.shaping
            && (self.kind != ChartKind::Histogram
                || (self.y.first() == other.y.first() && self.bins == other.bins))
    }

    /// Whether this spec can be drawn from `sheet`: the columns exist and
    /// hold what the kind needs.
    pub fn check(&self, sheet: &Sheet) -> Result<(), ChartError> {
        let numeric = |i: &usize| sheet.columns.get(*i).and_then(|c| c.values.as_floats());
        let exists = |i: &usize| *i < sheet.columns.len();
        let x_fits = match self.x {
            XSource::RowNumber => true,
            XSource::Column(c) => numeric(&c).is_some(),
            XSource::Category(c) => exists(&c),
        };
        let y2 = self.right_axis();
        if !x_fits || !self.y.iter().chain(y2).all(exists) {
            return Err(ChartError::NotThisSheet);
        }
        if self.y.is_empty() {
            return Err(ChartError::NoSeries);
        }
        if self.y.iter().chain(y2).any(|i| numeric(i).is_none()) {
            return Err(ChartError::NoNumbers);
        }
        // Every frame checks: the column summaries answer without a scan.
        let min = |i: usize| sheet.columns[i].stats().and_then(|s| s.min);
        if self.y.iter().all(|&i| min(i).is_none()) {
            return Err(ChartError::NoValues);
        }
        if self.log_y && !matches!(self.kind, ChartKind::Pie | ChartKind::Histogram) {
            for &i in &self.y {
                if min(i).is_some_and(|m| m <= 0.0) {
                    let count = numeric(&i).map_or(0, |v| v.iter().filter(|x| **x <= 0.0).count());
                    return Err(ChartError::NotPositive {
                        column: sheet.columns[i].name.clone(),
                        count,
                    });
                }
            }
        }
        if self.kind == ChartKind::Pie {
            let first = self.y[0];
            if min(first).is_some_and(|m| m < 0.0) {
                return Err(ChartError::NegativeSlices {
                    column: sheet.columns[first].name.clone(),
                });
            }
        }
        Ok(())
    }
}

/// A sheet without numbers still charts when its rows can be counted:
/// rows per category of a text column whose values repeat (bars), else
/// rows per date bucket (a timeline).
fn counted(
    sheet: &Sheet,
    title: String,
    time: Option<usize>,
    text: Option<usize>,
) -> Result<ChartSpec, ChartError> {
    let counting = |kind, x| ChartSpec {
        shaping: Shaping {
            aggregate: Some(Aggregate::Count),
            ..Shaping::default()
        },
        ..ChartSpec::new(title.clone(), kind, x, Vec::new())
    };
    let repeats = |t: usize| {
        let distinct = shapes::distinct_labels(&sheet.columns[t].values);
        distinct > 0 && distinct < sheet.rows && distinct <= shapes::MAX_BARS
    };
    if let Some(t) = text.filter(|&t| repeats(t)) {
        return Ok(counting(ChartKind::Bar, XSource::Category(t)));
    }
    if let Some(t) = time {
        return Ok(counting(ChartKind::Line, XSource::Column(t)));
    }
    Err(ChartError::NoNumbers)
}

/// Whether the finite values of a column never decrease.
pub(crate) fn is_ascending(values: &Values) -> bool {
    let Some(v) = values.as_floats() else {
        return false;
    };
    let mut finite = v.iter().filter(|x| x.is_finite());
    let Some(mut previous) = finite.next() else {
        return false;
    };
    finite.all(|x| {
        let ok = x >= previous;
        previous = x;
        ok
    })
}

/// `weather` of `weather.xlsx`: a file's name without its extension.
pub fn file_stem(file_name: &str) -> &str {
    file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
}

/// `weather-readings`: the name exports of `sheet` of `file_name` get, safe
/// on any file system.
pub fn export_stem(file_name: &str, sheet: &str) -> String {
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_ ".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect::<String>()
            .trim()
            .replace(' ', "-")
    };
    format!("{}-{}", safe(file_stem(file_name)), safe(sheet))
}

/// The title a chart of `sheet` from `file_name` starts with: the sheet's
/// own title (the text above its header) if it has one, else the file's
/// name (and the sheet's, when there are several).
pub fn default_title(file_name: &str, sheet: &Sheet, sheet_count: usize) -> String {
    if let Some(title) = &sheet.title {
        return title.clone();
    }
    let stem = file_stem(file_name);
    if sheet_count > 1 {
        format!("{stem} — {}", sheet.name)
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sheetplot_model::{Column, TimeKind};

    fn col(name: &str, values: Values) -> Column {
        Column::new(name.into(), values, 0)
    }

    fn sheet(columns: Vec<Column>) -> Sheet {
        Sheet {
            name: "data".into(),
            rows: columns[0].values.len(),
            header_row: Some(0),
            first_row: 0,
            columns,
            title: None,
        }
    }

    #[test]
    fn a_sheet_with_a_title_block_is_titled_by_it() {
        let mut s = sheet(vec![col("v", Values::Number(vec![1.0, 2.0]))]);
        assert_eq!(default_title("sales.xlsx", &s, 2), "sales — data");
        s.title = Some("Sales by region, 2024".into());
        assert_eq!(default_title("sales.xlsx", &s, 2), "Sales by region, 2024");
    }

    #[test]
    fn exports_are_named_after_the_file_and_sheet() {
        assert_eq!(file_stem("weather.xlsx"), "weather");
        assert_eq!(file_stem("no extension"), "no extension");
        assert_eq!(
            export_stem("Q3 report.v2.xlsx", "Sales / EU"),
            "Q3-report_v2-Sales-_-EU"
        );
    }

    #[test]
    fn by_default_counters_and_tiny_columns_stay_off_the_axis() {
        let n = |v: &[f64]| Values::Number(v.to_vec());
        let s = sheet(vec![
            col("id", n(&[1.0, 2.0, 3.0, 4.0])),
            col(
                "day",
                Values::Time {
                    seconds: vec![0.0, 86_400.0, 172_800.0, 259_200.0],
                    kind: TimeKind::Date,
                },
            ),
            col("revenue", n(&[1800.0, 2300.0, 3900.0, 2900.0])),
            col("cost", n(&[1200.0, 1500.0, 2700.0, 2000.0])),
            col("margin %", n(&[33.0, 35.0, 31.0, 31.0])),
        ]);
        let spec = ChartSpec::suggest(&s, "t".into()).unwrap();
        assert_eq!(spec.x, XSource::Column(1));
        assert_eq!(spec.y, [2, 3], "not the id, not the percentage");
        // Alone, a counter or a small column is still drawn.
        let alone = sheet(vec![s.columns[1].clone(), s.columns[0].clone()]);
        assert_eq!(ChartSpec::suggest(&alone, "t".into()).unwrap().y, [1]);
    }

    #[test]
    fn a_zoom_carries_over_only_while_the_x_axis_stays() {
        let line = ChartSpec::new("t".into(), ChartKind::Line, XSource::Column(0), vec![1]);
        let mut more = line.clone();
        more.y = vec![1, 2];
        assert!(line.same_x_axis(&more), "another series, the same x");
        let mut scatter = line.clone();
        scatter.kind = ChartKind::Scatter;
        assert!(!line.same_x_axis(&scatter));
        let histogram = ChartSpec::new(
            "t".into(),
            ChartKind::Histogram,
            XSource::RowNumber,
            vec![1],
        );
        let mut other_column = histogram.clone();
        other_column.y = vec![2];
        assert!(
            !histogram.same_x_axis(&other_column),
            "a histogram's x is its column"
        );
        let mut other_bins = histogram.clone();
        other_bins.bins = Some(7);
        assert!(!histogram.same_x_axis(&other_bins));
    }

    #[test]
    fn dates_go_on_x_and_numbers_on_y() {
        let s = sheet(vec![
            col("a", Values::Number(vec![1.0, 2.0])),
            col(
                "when",
                Values::Time {
                    seconds: vec![0.0, 86_400.0],
                    kind: TimeKind::Date,
                },
            ),
            col("b", Values::Number(vec![3.0, f64::NAN])),
        ]);
        let spec = ChartSpec::suggest(&s, "t".into()).unwrap();
        assert_eq!(
            (spec.kind, spec.x, spec.y),
            (ChartKind::Line, XSource::Column(1), vec![0, 2])
        );
    }

    #[test]
    fn unordered_first_number_stays_a_series() {
        let s = sheet(vec![
            col("a", Values::Number(vec![3.0, 1.0])),
            col("b", Values::Number(vec![1.0, 2.0])),
        ]);
        let spec = ChartSpec::suggest(&s, "t".into()).unwrap();
        assert_eq!(
            (spec.kind, spec.x, spec.y),
            (ChartKind::Scatter, XSource::Column(0), vec![1])
        );
        let s = sheet(vec![
            col("year", Values::Number(vec![2020.0, 2021.0])),
            col("b", Values::Number(vec![1.0, 2.0])),
        ]);
        assert_eq!(
            ChartSpec::suggest(&s, "t".into()).unwrap().x,
            XSource::Column(0)
        );
    }

    #[test]
    fn text_labels_the_rows_and_sheets_without_numbers_are_refused() {
        let text = Values::Text {
            ids: vec![0, 1],
            labels: vec!["n".into(), "s".into()],
        };
        let s = sheet(vec![
            col("region", text.clone()),
            col("sales", Values::Number(vec![1.0, 2.0])),
        ]);
        assert_eq!(
            ChartSpec::suggest(&s, "t".into()).unwrap().x,
            XSource::Category(0)
        );
        let s = sheet(vec![col("region", text)]);
        assert_eq!(
            ChartSpec::suggest(&s, "t".into()),
            Err(ChartError::NoNumbers)
        );
    }

    #[test]
    fn checks_refuse_what_cannot_be_drawn() {
        let s = sheet(vec![
            col(
                "label",
                Values::Text {
                    ids: vec![0, 1],
                    labels: vec!["a".into(), "b".into()],
                },
            ),
            col("change", Values::Number(vec![-1.0, 2.0])),
        ]);
        let mut spec = ChartSpec::new("t".into(), ChartKind::Line, XSource::Category(0), vec![1]);
        assert_eq!(spec.check(&s), Ok(()));
        spec.log_y = true;
        let err = spec.check(&s).unwrap_err();
        assert_eq!(
            err,
            ChartError::NotPositive {
                column: "change".into(),
                count: 1
            }
        );
        assert!(err
            .to_string()
            .contains("“change” has 1 value at or below zero"));
        spec.log_y = false;
        spec.kind = ChartKind::Pie;
        assert!(matches!(
            spec.check(&s),
            Err(ChartError::NegativeSlices { .. })
        ));
        spec.y = vec![0];
        assert_eq!(spec.check(&s), Err(ChartError::NoNumbers));
        assert_eq!(ChartKind::from_name("area"), Some(ChartKind::Area));
    }

    #[test]
    fn titles_name_the_file_and_the_sheet_when_there_are_several() {
        let s = sheet(vec![col("a", Values::Number(vec![1.0]))]);
        assert_eq!(default_title("sales.2024.xlsx", &s, 1), "sales.2024");
        assert_eq!(default_title("book.xlsx", &s, 3), "book — data");
    }
}
