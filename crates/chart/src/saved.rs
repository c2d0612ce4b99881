//! A chart the workbook saved, bound to the typed columns it names.
//!
//! A saved chart says `Monthly!$B$2:$B$13`; the sheet "Monthly" was typed
//! into columns that know where their values sit ([`CellOrigin`]). When
//! every series names whole columns of one sheet, the chart is a
//! [`ChartSpec`] of that sheet and nothing is copied: zoom, hover, export
//! and downsampling work on it as on any chart. Ranges that cover part of
//! a column, or lie along a row, are read out of the typed columns into a
//! small sheet of their own; ranges that cannot be read at all (another
//! workbook, a sheet that is gone) draw the values the chart cached, and
//! the notes say so.

use sheetplot_model::calendar::{days_from_civil, SECONDS_PER_DAY};
use sheetplot_model::format::display_value;
use sheetplot_model::saved_chart::{
    Cache, CellRange, Grouping, SavedChart, SavedKind, SavedPlot, SavedSeries, SeriesData,
};
use sheetplot_model::{Column, LegendPosition, Sheet, TimeKind, Values};

use crate::settings::x_source;
use crate::spec::{ChartKind, ChartSpec, XSource};
use crate::style::SeriesLook;

/// The most cells one series may name: as many as a sheet may hold.
pub const MAX_RANGE_CELLS: u64 = 20_971_520;

/// Points in a CSS pixel: chart XML gives line widths in points.
const CSS_PX_PER_POINT: f64 = 96.0 / 72.0;

/// What a saved chart draws from.
#[derive(Debug, Clone, PartialEq)]
pub enum BoundRows {
    /// Whole columns of this sheet of the workbook, used as they are.
    Sheet(usize),
    /// A sheet made for the chart: parts of columns, rows read across, or
    /// the chart's cached values.
    Own(Sheet),
}

/// A saved chart ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub rows: BoundRows,
    pub spec: ChartSpec,
    /// Sentences for the page: what is drawn otherwise than the workbook
    /// shows it, and where the values came from when not from its cells.
    pub notes: Vec<String>,
    /// The values come from the chart's cache, not from the cells.
    pub from_cache: bool,
}

impl Bound {
    /// The sheet the chart draws, of the workbook's `sheets`.
    pub fn sheet<'a>(&'a self, sheets: &'a [Sheet]) -> Option<&'a Sheet> {
        match &self.rows {
            BoundRows::Sheet(index) => sheets.get(*index),
            BoundRows::Own(sheet) => Some(sheet),
        }
    }
}

/// The name a saved chart goes by in the sheet picker: "Revenue 2024, on
/// Summary".
pub fn label(chart: &SavedChart, number: usize) -> String {
    let title = chart
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| format!("Chart {number}"));
    format!("Chart: {title}, on {}", chart.sheet)
}

/// Why a saved chart cannot be drawn, as the end of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbindable(pub String);

impl std::fmt::Display for Unbindable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `chart` as a spec of the workbook's `sheets`; `title` when the chart
/// has none of its own.
pub fn bind(chart: &SavedChart, sheets: &[Sheet], title: &str) -> Result<Bound, Unbindable> {
    let series: Vec<(&SavedPlot, &SavedSeries)> = chart
        .plots
        .iter()
        .flat_map(|plot| plot.series.iter().map(move |s| (plot, s)))
        .filter(|(_, s)| s.values.is_some())
        .collect();
    let Some(&(first_plot, first_series)) = series.first() else {
        return Err(Unbindable("it has no series".into()));
    };
    for data in series
        .iter()
        .flat_map(|(_, s)| [s.categories.as_ref(), s.values.as_ref()])
        .flatten()
    {
        if data
            .range
            .as_ref()
            .is_some_and(|r| r.cells() > MAX_RANGE_CELLS)
        {
            return Err(Unbindable(format!(
                "its range {} covers more cells than a sheet may hold",
                data.formula.as_deref().unwrap_or("")
            )));
        }
    }
    let mut notes = chart.notes.clone();
    // A pie shows one series; Excel draws the first.
    let series = if matches!(first_plot.kind, SavedKind::Pie | SavedKind::Doughnut) {
        if series.len() > 1 {
            notes.push("A pie shows one series: the first is drawn.".into());
        }
        series[..1].to_vec()
    } else {
        series
    };
    let categories = first_series.categories.as_ref();
    let mut source = Source::new(chart, sheets);
    let bound = source.columns(categories, &series);
    let (rows, x, y, from_cache) = match bound {
        Some((rows, x, y)) => (rows, x, y, false),
        None => {
            let (sheet, x, y) = cached_sheet(chart, categories, &series)?;
            notes.push(cache_note(chart, sheets, &series));
            (BoundRows::Own(sheet), x, y, true)
        }
    };
    let sheet = match &rows {
        BoundRows::Sheet(index) => &sheets[*index],
        BoundRows::Own(sheet) => sheet,
    };
    let spec = spec_of(chart, sheet, &series, x, y, title, &mut notes);
    Ok(Bound {
        rows,
        spec,
        notes,
        from_cache,
    })
}

/// The spec of the bound columns: kind, axes and look as the chart says.
fn spec_of(
    chart: &SavedChart,
    sheet: &Sheet,
    series: &[(&SavedPlot, &SavedSeries)],
    x: Option<usize>,
    y: Vec<usize>,
    title: &str,
    notes: &mut Vec<String>,
) -> ChartSpec {
    let primary = series[0].0;
    let title = chart
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| title.to_owned());
    let x_source = x.map_or(XSource::RowNumber, |c| x_source(sheet, c));
    let mut kind = match primary.kind {
        SavedKind::Line => ChartKind::Line,
        SavedKind::Bar => ChartKind::Bar,
        SavedKind::Area => ChartKind::Area,
        SavedKind::Scatter => ChartKind::Scatter,
        SavedKind::Pie | SavedKind::Doughnut => ChartKind::Pie,
    };
    // Series of another plot than the first: Excel's combos.
    let other_plots = series.iter().any(|(p, _)| !std::ptr::eq(*p, primary));
    let mut spec = ChartSpec::new(title, kind, x_source, Vec::new());
    if other_plots {
        // The first plot's series on the left axis, the others on the
        // right: a line chart whose each axis is lines or bars.
        let on_right = |p: &SavedPlot| {
            if primary.secondary {
                !p.secondary
            } else {
                p.secondary || !std::ptr::eq(p, primary)
            }
        };
        if !series.iter().any(|(p, _)| p.secondary) {
            notes.push("The chart's plots share one axis; the second is drawn against its own, on the right.".into());
        }
        let right_plot = series.iter().find(|(p, _)| on_right(p)).map(|(p, _)| *p);
        kind = ChartKind::Line;
        spec.kind = kind;
        spec.y_bars = primary.kind == SavedKind::Bar;
        spec.y2_bars = right_plot.is_some_and(|p| p.kind == SavedKind::Bar);
        for ((plot, _), &column) in series.iter().zip(&y) {
            if on_right(plot) {
                spec.y2.push(column);
            } else {
                spec.y.push(column);
            }
        }
        for plot in [Some(primary), right_plot].into_iter().flatten() {
            if !matches!(plot.kind, SavedKind::Bar | SavedKind::Line) {
                notes.push(format!(
                    "Its {} plot is drawn as {}.",
                    kind_name(plot.kind),
                    if plot.kind == SavedKind::Area {
                        "a line"
                    } else {
                        "points on a line"
                    }
                ));
            }
        }
    } else {
        spec.y = y;
    }
    let style = &mut spec.style;
    style.doughnut = primary.kind == SavedKind::Doughnut;
    if primary.kind == SavedKind::Bar && primary.horizontal {
        style.horizontal = Some(true);
    } else if primary.kind == SavedKind::Bar {
        style.horizontal = Some(false);
    }
    match (primary.grouping, primary.kind) {
        (Grouping::Stacked, SavedKind::Bar) => spec.stack = true,
        (Grouping::PercentStacked, SavedKind::Bar) => {
            spec.stack = true;
            notes.push("100 % stacked bars are shown stacked by value.".into());
        }
        (Grouping::PercentStacked, SavedKind::Area) => {
            notes.push("100 % stacked areas are shown stacked by value.".into());
        }
        (Grouping::Standard, SavedKind::Area) if spec.y.len() > 1 && !other_plots => {
            notes.push("Overlapping areas are shown stacked.".into());
        }
        (Grouping::Stacked | Grouping::PercentStacked, SavedKind::Line) if spec.y.len() > 1 => {
            notes.push("Stacked lines are shown each on its own.".into());
        }
        _ => {}
    }
    // Markers only, no line: a scatter.
    if kind == ChartKind::Line && !other_plots && series.iter().all(|(_, s)| s.style.no_line) {
        spec.kind = ChartKind::Scatter;
    }
    spec.style.series = series
        .iter()
        .map(|(_, s)| SeriesLook {
            color: s.style.color,
            line_width: s.style.line_width.map(|pt| pt * CSS_PX_PER_POINT),
            dash: s.style.dash,
            markers: s.style.markers,
        })
        .collect();
    spec.style.legend = chart.legend.unwrap_or(LegendPosition::None);
    spec.style.x_title = chart.x_axis.title.clone();
    spec.y_title = chart.y_axis.title.clone();
    spec.style.y2_title = chart.y2_axis.as_ref().and_then(|a| a.title.clone());
    spec.style.y_min = chart.y_axis.min;
    spec.style.y_max = chart.y_axis.max;
    spec.style.gridlines = chart.y_axis.gridlines;
    spec.log_y = chart.y_axis.log;
    if chart
        .y2_axis
        .as_ref()
        .is_some_and(|a| a.min.is_some() || a.max.is_some())
    {
        notes.push(
            "The right axis' fixed ends are not kept: it follows the left axis' grid.".into(),
        );
    }
    spec
}

fn kind_name(kind: SavedKind) -> &'static str {
    match kind {
        SavedKind::Line => "line",
        SavedKind::Bar => "bar",
        SavedKind::Area => "area",
        SavedKind::Scatter => "scatter",
        SavedKind::Pie => "pie",
        SavedKind::Doughnut => "doughnut",
    }
}

/// Why the chart draws its cached values.
fn cache_note(
    chart: &SavedChart,
    sheets: &[Sheet],
    series: &[(&SavedPlot, &SavedSeries)],
) -> String {
    let ranges = series
        .iter()
        .flat_map(|(_, s)| [s.categories.as_ref(), s.values.as_ref()])
        .flatten()
        .filter_map(|d| d.range.as_ref());
    let mut missing = None;
    let mut external = false;
    for range in ranges {
        external |= range.external;
        let name = range.sheet.as_deref().unwrap_or(&chart.sheet);
        if !range.external && !sheets.iter().any(|s| s.name == name) {
            missing.get_or_insert(name.to_owned());
        }
    }
    let why = match (missing, external) {
        (_, true) => "its data is in another workbook".to_owned(),
        (Some(name), _) => format!("its data sheet “{name}” is not in this workbook"),
        _ => "its ranges do not match the sheet's columns".to_owned(),
    };
    format!("Drawn from the values saved in the chart: {why}.")
}

/// Finds the chart's ranges among the typed columns.
struct Source<'a> {
    chart: &'a SavedChart,
    sheets: &'a [Sheet],
}

/// A range read from the cells: a whole column of a sheet, or values read
/// out of part of one or across a row.
enum Found {
    Whole { sheet: usize, column: usize },
    Read { sheet: usize, values: Values },
}

impl Found {
    fn sheet(&self) -> usize {
        match self {
            Found::Whole { sheet, .. } | Found::Read { sheet, .. } => *sheet,
        }
    }
}

impl<'a> Source<'a> {
    fn new(chart: &'a SavedChart, sheets: &'a [Sheet]) -> Source<'a> {
        Source { chart, sheets }
    }

    /// The sheet of the workbook that `range` names.
    fn sheet_of(&self, range: &CellRange) -> Option<usize> {
        if range.external {
            return None;
        }
        let name = range.sheet.as_deref().unwrap_or(&self.chart.sheet);
        self.sheets.iter().position(|s| s.name == name)
    }

    /// The categories' column and the series' columns, all of one sheet:
    /// that sheet itself when every range is a whole column, else a sheet
    /// of the values read. `None` when some range cannot be read.
    #[allow(clippy::type_complexity)]
    fn columns(
        &mut self,
        categories: Option<&SeriesData>,
        series: &[(&SavedPlot, &SavedSeries)],
    ) -> Option<(BoundRows, Option<usize>, Vec<usize>)> {
        let x = match categories {
            Some(data) => Some(self.find(data)?),
            None => None,
        };
        let ys = series
            .iter()
            .map(|(_, s)| self.find(s.values.as_ref()?))
            .collect::<Option<Vec<Found>>>()?;
        let sheet = ys[0].sheet();
        if x.iter().chain(&ys).any(|f| f.sheet() != sheet) {
            return None;
        }
        let whole = |f: &Found| match f {
            Found::Whole { column, .. } => Some(*column),
            Found::Read { .. } => None,
        };
        if let (Some(y), true) = (
            ys.iter().map(whole).collect::<Option<Vec<usize>>>(),
            x.as_ref().is_none_or(|f| whole(f).is_some()),
        ) {
            return Some((BoundRows::Sheet(sheet), x.as_ref().and_then(whole), y));
        }
        // Some ranges are parts: a sheet of the values they hold.
        let data = &self.sheets[sheet];
        let owned = |found: Found, name: String| -> Column {
            match found {
                Found::Whole { column, .. } => data.columns[column].clone(),
                Found::Read { values, .. } => Column::new(name, values, 0),
            }
        };
        let mut columns = Vec::new();
        let x_index = x.map(|found| {
            let name = categories.map_or(String::new(), |_| "category".to_owned());
            columns.push(owned(found, name));
            0
        });
        let mut y = Vec::new();
        for (n, (found, (_, s))) in ys.into_iter().zip(series).enumerate() {
            y.push(columns.len());
            let name = s
                .name
                .clone()
                .unwrap_or_else(|| format!("Series {}", n + 1));
            columns.push(owned(found, name));
        }
        let rows = columns.iter().map(|c| c.values.len()).max().unwrap_or(0);
        if columns.iter().any(|c| c.values.len() != rows) {
            return None;
        }
        let sheet = Sheet {
            name: data.name.clone(),
            rows,
            header_row: None,
            first_row: 0,
            columns: unique(columns),
            title: None,
        };
        Some((BoundRows::Own(sheet), x_index, y))
    }

    /// `data`'s range among the typed columns.
    fn find(&self, data: &SeriesData) -> Option<Found> {
        let range = data.range.as_ref()?;
        let index = self.sheet_of(range)?;
        let sheet = &self.sheets[index];
        let at = |column: u32| {
            sheet
                .columns
                .iter()
                .position(|c| c.origin.is_some_and(|o| o.column == column))
        };
        if range.first_column == range.last_column {
            let c = at(range.first_column)?;
            let origin = sheet.columns[c].origin?;
            let first = origin.first_row;
            let last = first + u32::try_from(sheet.rows).ok()?.checked_sub(1)?;
            // A whole-column range runs to the sheet's last row.
            let end = range.last_row.min(last);
            if range.first_row == first && end == last {
                return Some(Found::Whole {
                    sheet: index,
                    column: c,
                });
            }
            if range.first_row < first || range.first_row > end {
                return None;
            }
            let rows = (range.first_row - first) as usize..=(end - first) as usize;
            return Some(Found::Read {
                sheet: index,
                values: slice(&sheet.columns[c].values, rows),
            });
        }
        if range.first_row != range.last_row {
            return None;
        }
        // Along a row: one value from each column.
        let cells: Vec<(Option<usize>, usize)> = (range.first_column..=range.last_column)
            .map(|column| {
                let c = at(column);
                let row = c
                    .and_then(|c| sheet.columns[c].origin)
                    .and_then(|o| range.first_row.checked_sub(o.first_row))
                    .map_or(usize::MAX, |r| r as usize);
                (c, row)
            })
            .collect();
        let value = |(c, row): &(Option<usize>, usize)| c.map(|c| (&sheet.columns[c].values, *row));
        let numeric = cells
            .iter()
            .filter_map(value)
            .all(|(v, _)| v.as_floats().is_some());
        let values = if numeric {
            Values::Number(
                cells
                    .iter()
                    .map(|cell| {
                        value(cell)
                            .and_then(|(v, row)| v.as_floats()?.get(row).copied())
                            .unwrap_or(f64::NAN)
                    })
                    .collect(),
            )
        } else {
            text(cells.iter().map(|cell| {
                value(cell)
                    .filter(|(v, row)| *row < v.len())
                    .map_or(String::new(), |(v, row)| display_value(v, row))
            }))
        };
        Some(Found::Read {
            sheet: index,
            values,
        })
    }
}

/// Rows `rows` of `values`.
fn slice(values: &Values, rows: std::ops::RangeInclusive<usize>) -> Values {
    let end = (*rows.end() + 1).min(values.len());
    let rows = (*rows.start()).min(end)..end;
    match values {
        Values::Number(v) => Values::Number(v[rows].to_vec()),
        Values::Bool(v) => Values::Bool(v[rows].to_vec()),
        Values::Time { seconds, kind } => Values::Time {
            seconds: seconds[rows].to_vec(),
            kind: *kind,
        },
        Values::Text { ids, labels } => Values::Text {
            ids: ids[rows].to_vec(),
            labels: labels.clone(),
        },
    }
}

/// Text values, interned.
fn text(values: impl Iterator<Item = String>) -> Values {
    let mut labels: Vec<String> = Vec::new();
    let ids = values
        .map(|value| {
            if value.is_empty() {
                return Values::NO_LABEL;
            }
            match labels.iter().position(|l| *l == value) {
                Some(i) => i as u32,
                None => {
                    labels.push(value);
                    (labels.len() - 1) as u32
                }
            }
        })
        .collect();
    Values::Text { ids, labels }
}

/// Columns with distinct names ("revenue", "revenue (2)").
fn unique(mut columns: Vec<Column>) -> Vec<Column> {
    for i in 1..columns.len() {
        let base = columns[i].name.clone();
        let mut n = 2;
        while columns[..i].iter().any(|c| c.name == columns[i].name) {
            columns[i].name = format!("{base} ({n})");
            n += 1;
        }
    }
    columns
}

/// A sheet of the values the chart cached: the categories, then a column
/// per series.
#[allow(clippy::type_complexity)]
fn cached_sheet(
    chart: &SavedChart,
    categories: Option<&SeriesData>,
    series: &[(&SavedPlot, &SavedSeries)],
) -> Result<(Sheet, Option<usize>, Vec<usize>), Unbindable> {
    let mut columns = Vec::new();
    let x = categories
        .and_then(|data| cached_values(&data.cache))
        .map(|values| {
            columns.push(Column::new("category".into(), values, 0));
            0
        });
    let mut y = Vec::new();
    for (n, (_, s)) in series.iter().enumerate() {
        let values = s
            .values
            .as_ref()
            .and_then(|d| cached_values(&d.cache))
            .filter(|v| v.as_floats().is_some());
        let Some(values) = values else {
            return Err(Unbindable(
                "its data cannot be read and it saved no values of its own".into(),
            ));
        };
        y.push(columns.len());
        let name = s
            .name
            .clone()
            .unwrap_or_else(|| format!("Series {}", n + 1));
        columns.push(Column::new(name, values, 0));
    }
    // Series may cache different lengths: the longest sets the rows.
    let rows = columns.iter().map(|c| c.values.len()).max().unwrap_or(0);
    let columns = columns
        .into_iter()
        .map(|c| padded(c, rows))
        .collect::<Vec<Column>>();
    let sheet = Sheet {
        name: chart.sheet.clone(),
        rows,
        header_row: None,
        first_row: 0,
        columns: unique(columns),
        title: None,
    };
    Ok((sheet, x, y))
}

/// `column` with gaps to `rows` values.
fn padded(column: Column, rows: usize) -> Column {
    if column.values.len() == rows {
        return column;
    }
    let values = match column.values {
        Values::Number(mut v) => {
            v.resize(rows, f64::NAN);
            Values::Number(v)
        }
        Values::Bool(mut v) => {
            v.resize(rows, f64::NAN);
            Values::Bool(v)
        }
        Values::Time { mut seconds, kind } => {
            seconds.resize(rows, f64::NAN);
            Values::Time { seconds, kind }
        }
        Values::Text { mut ids, labels } => {
            ids.resize(rows, Values::NO_LABEL);
            Values::Text { ids, labels }
        }
    };
    Column::new(column.name, values, column.misfits)
}

/// The typed values of a cache: numbers, dates when its number format is
/// a date's, or text.
fn cached_values(cache: &Cache) -> Option<Values> {
    match cache {
        Cache::None => None,
        Cache::Numbers { values, format } if format.as_deref().is_some_and(is_date_format) => {
            // Serial days of the 1900 system, as Excel's charts store them.
            let epoch = days_from_civil(1899, 12, 30) as f64;
            Some(Values::Time {
                seconds: values
                    .iter()
                    .map(|d| (d + epoch) * SECONDS_PER_DAY)
                    .collect(),
                kind: TimeKind::Date,
            })
        }
        Cache::Numbers { values, .. } => Some(Values::Number(values.clone())),
        Cache::Text(values) => Some(text(values.iter().cloned())),
    }
}

/// Whether a number format shows dates (`mmm-yy`, `yyyy-mm-dd`, `d/m`):
/// day or year letters outside quotes and brackets.
fn is_date_format(format: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    for c in format.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'd' | 'D' | 'y' | 'Y' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests;
