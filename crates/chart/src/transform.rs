//! Shaping: the rows a chart is drawn from, worked out from the sheet
//! before anything is drawn. A [`Shaping`] (part of the [`ChartSpec`]) keeps
//! the rows a [`Filter`] lets through, groups them by x (dates by a time
//! [`Bucket`]) with an [`Aggregate`], and splits a text column's values into
//! series of their own. [`shape`] is a pure function: it returns a small
//! derived [`Sheet`] (x, then one column per series) and the spec that
//! draws it, so every chart kind, hover, zoom and export work on shaped
//! data exactly as on a sheet's own columns.
//!
//! Grouping works on the columns as stored: text by its interned ids, times
//! by whole days, with the last key remembered (sorted rows mostly repeat
//! it), so a million rows cost one pass and no string per row.

use sheetplot_model::calendar::{civil_from_days, days_from_civil, MONTH_NAMES, SECONDS_PER_DAY};
use sheetplot_model::format::display_value;
use sheetplot_model::{Column, Sheet, TimeKind, Values};

use crate::spec::{ChartError, ChartKind, ChartSpec, XSource};

/// Split groups beyond this many (by total) are merged into "Other".
pub const MAX_GROUPS: usize = 12;
/// Buckets the automatic time bucket aims to stay within.
const AUTO_BUCKETS: f64 = 100.0;
/// Cells (x values × groups × series) a shaped chart may hold: beyond it
/// the split or the x is too fine to draw, and is refused with a reason.
const MAX_CELLS: usize = 8_000_000;

/// How the rows are shaped before drawing; the default leaves them as they are.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shaping {
    /// One value per x (per series) from the rows that share it.
    pub aggregate: Option<Aggregate>,
    /// How dates are grouped when aggregated.
    pub bucket: Bucket,
    /// A text column whose values become series of their own.
    pub split_by: Option<usize>,
    /// Rows must pass every filter.
    pub filters: Vec<Filter>,
    /// Series in rows instead of columns (Excel's "switch row/column"):
    /// each row becomes a series, each y column a category.
    pub transpose: bool,
}

impl Shaping {
    /// Whether this leaves the rows as they are.
    pub fn is_identity(&self) -> bool {
        self.aggregate.is_none()
            && self.split_by.is_none()
            && self.filters.is_empty()
            && !self.transpose
    }
}

/// What the rows that share an x become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    Sum,
    Mean,
    Median,
    /// How many rows have a value (with no y column: how many rows).
    Count,
    Min,
    Max,
}

impl Aggregate {
    pub const ALL: [Aggregate; 6] = [
        Aggregate::Sum,
        Aggregate::Mean,
        Aggregate::Median,
        Aggregate::Count,
        Aggregate::Min,
        Aggregate::Max,
    ];

    /// The name in the URL, the page and the command line.
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Sum => "sum",
            Aggregate::Mean => "mean",
            Aggregate::Median => "median",
            Aggregate::Count => "count",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
        }
    }

    pub fn from_name(name: &str) -> Option<Aggregate> {
        Aggregate::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// How dates are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bucket {
    /// The finest of the others that gives at most about a hundred points.
    #[default]
    Auto,
    Day,
    /// ISO weeks, from Monday.
    Week,
    Month,
    Quarter,
    Year,
}

impl Bucket {
    pub const ALL: [Bucket; 6] = [
        Bucket::Auto,
        Bucket::Day,
        Bucket::Week,
        Bucket::Month,
        Bucket::Quarter,
        Bucket::Year,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Bucket::Auto => "auto",
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
            Bucket::Quarter => "quarter",
            Bucket::Year => "year",
        }
    }

    pub fn from_name(name: &str) -> Option<Bucket> {
        Bucket::ALL.into_iter().find(|b| b.name() == name)
    }

    /// About how many days one bucket spans.
    fn days(self) -> f64 {
        match self {
            Bucket::Auto | Bucket::Day => 1.0,
            Bucket::Week => 7.0,
            Bucket::Month => 30.44,
            Bucket::Quarter => 91.31,
            Bucket::Year => 365.25,
        }
    }

    /// The first day (since 1970-01-01) of the bucket holding `day`.
    fn start(self, day: i64) -> i64 {
        match self {
            Bucket::Auto | Bucket::Day => day,
            // 1970-01-01 was a Thursday: Mondays are 4 days later, mod 7.
            Bucket::Week => day - (day - 4).rem_euclid(7),
            Bucket::Month | Bucket::Quarter | Bucket::Year => {
                let (year, month, _) = civil_from_days(day);
                let month = match self {
                    Bucket::Month => month,
                    Bucket::Quarter => (month - 1) / 3 * 3 + 1,
                    _ => 1,
                };
                days_from_civil(year, month, 1)
            }
        }
    }

    /// The name of the bucket starting at `seconds`.
    fn label(self, seconds: f64) -> String {
        let (year, month, day) = civil_from_days((seconds / SECONDS_PER_DAY).floor() as i64);
        match self {
            Bucket::Auto | Bucket::Day => format!("{year}-{month:02}-{day:02}"),
            Bucket::Week => format!("Week of {year}-{month:02}-{day:02}"),
            Bucket::Month => format!("{} {year}", MONTH_NAMES[month as usize - 1]),
            Bucket::Quarter => format!("Q{} {year}", (month - 1) / 3 + 1),
            Bucket::Year => year.to_string(),
        }
    }

    /// The first day of the bucket after the one starting on `start`.
    fn next(self, start: i64) -> i64 {
        match self {
            Bucket::Auto | Bucket::Day => start + 1,
            Bucket::Week => start + 7,
            Bucket::Month | Bucket::Quarter | Bucket::Year => {
                let (year, month, _) = civil_from_days(start);
                let months = match self {
                    Bucket::Month => 1,
                    Bucket::Quarter => 3,
                    _ => 12,
                };
                let index = year * 12 + i64::from(month - 1) + months;
                days_from_civil(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
            }
        }
    }

    /// The bucket [`Bucket::Auto`] stands for over `span_days`.
    fn resolve(self, span_days: f64) -> Bucket {
        if self != Bucket::Auto {
            return self;
        }
        [Bucket::Day, Bucket::Week, Bucket::Month, Bucket::Quarter]
            .into_iter()
            .find(|b| span_days / b.days() <= AUTO_BUCKETS)
            .unwrap_or(Bucket::Year)
    }
}

/// Which rows of a column to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub column: usize,
    pub keep: Keep,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Keep {
    /// Text equal to one of these.
    Among(Vec<String>),
    /// Numbers or dates from `min` to `max`, both included; `None` is open.
    Range(Option<f64>, Option<f64>),
}

/// A shaped chart: the rows it draws, as a sheet of their own, and the
/// spec that draws them.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub sheet: Sheet,
    pub spec: ChartSpec,
    /// Rows the filters kept, of `total`.
    pub kept: usize,
    pub total: usize,
    /// The time bucket used (what [`Bucket::Auto`] chose), when dates were grouped.
    pub bucket: Option<Bucket>,
}

/// `spec`'s shaping applied to `sheet`; `None` when it has none (the sheet
/// is drawn as it is, without a copy).
pub fn shape(sheet: &Sheet, spec: &ChartSpec) -> Result<Option<Shaped>, ChartError> {
    let shaping = &spec.shaping;
    if shaping.is_identity() {
        return Ok(None);
    }
    // Right-axis columns are shaped as more measures after the y ones and
    // handed back to the right axis after (a transposed chart, whose series
    // are rows, has none).
    let right = spec.right_axis();
    let combined;
    let (spec, left) = if right.is_empty() || shaping.transpose || spec.y.is_empty() {
        (spec, spec.y.len())
    } else {
        combined = ChartSpec {
            y: spec.y.iter().chain(right).copied().collect(),
            ..spec.clone()
        };
        (&combined, spec.y.len())
    };
    let measures = spec.y.len();
    check(sheet, spec)?;
    let rows = kept_rows(sheet, &shaping.filters);
    if rows.is_empty() {
        return Err(ChartError::NoRowMatches);
    }
    // Kinds that summarise each column, or read categories themselves, do
    // not group: their rows are kept as they are.
    let groups = spec.kind.groups_rows()
        && (shaping.aggregate.is_some() || {
            shaping.split_by.is_some() && spec.kind != ChartKind::Scatter
        });
    let split = shaping
        .split_by
        .filter(|_| spec.kind.splits())
        .map(|c| Split::of(sheet, c, spec, &rows));
    let mut shaped = if groups {
        grouped(sheet, spec, &rows, split.as_ref())?
    } else {
        gathered(sheet, spec, &rows, split.as_ref())
    };
    shaped.kept = rows.len();
    shaped.total = sheet.rows;
    // Split series are named by their group: the value axis names the
    // measure (unless the person named the axis).
    if split.is_some() && spec.y_title.is_none() {
        let aggregate = groups.then(|| shaping.aggregate.unwrap_or(Aggregate::Sum));
        shaped.spec.y_title = match spec.y[..left] {
            [only] => Some(measure_name(&sheet.columns[only].name, aggregate)),
            [] => Some("Rows".to_owned()),
            _ => None,
        };
    }
    if left < measures {
        // Measure-major: each measure's groups side by side.
        let series = shaped.spec.y.len();
        let on_left = series / measures * left;
        shaped.spec.y2 = shaped.spec.y.split_off(on_left);
    }
    if shaping.transpose {
        shaped = transposed(shaped)?;
        shaped.spec.y_title = spec.y_title.clone();
    }
    Ok(Some(shaped))
}

/// A measure as a series or an axis names it: `amount (sum)`.
fn measure_name(column: &str, aggregate: Option<Aggregate>) -> String {
    match aggregate {
        Some(a) => format!("{column} ({})", a.name()),
        None => column.to_owned(),
    }
}

/// Series a transposed chart may have: one per row of what it transposes.
pub const MAX_TRANSPOSED: usize = 40;

/// `shaped` with rows and series switched: its series' names become the
/// categories, and each of its rows a series named by its x.
fn transposed(shaped: Shaped) -> Result<Shaped, ChartError> {
    let Shaped { sheet, spec, .. } = &shaped;
    if sheet.rows > MAX_TRANSPOSED {
        return Err(ChartError::TooManyRowsToTranspose);
    }
    let Some((x, series)) = sheet.columns.split_first() else {
        return Err(ChartError::NoValues);
    };
    let mut columns = vec![label_column(
        "Series",
        series.iter().map(|c| c.name.clone()).collect(),
    )];
    for row in 0..sheet.rows {
        let name = match display_value(&x.values, row) {
            label if label.is_empty() => format!("Row {}", row + 1),
            label => label,
        };
        let values = series
            .iter()
            .map(|c| c.values.as_floats().map_or(f64::NAN, |v| v[row]))
            .collect();
        columns.push(Column::new(name, Values::Number(values), 0));
    }
    let rows = sheet.rows;
    Ok(Shaped {
        sheet: derived_sheet(sheet, series.len(), columns),
        spec: derived_spec(spec, XSource::Category(0), rows),
        ..shaped
    })
}

/// The columns a shaping names exist and hold what it needs.
fn check(sheet: &Sheet, spec: &ChartSpec) -> Result<(), ChartError> {
    let column = |c: usize| sheet.columns.get(c).ok_or(ChartError::NotThisSheet);
    for filter in &spec.shaping.filters {
        let values = &column(filter.column)?.values;
        let fits = match filter.keep {
            Keep::Among(_) => matches!(values, Values::Text { .. }),
            Keep::Range(..) => values.as_floats().is_some(),
        };
        if !fits {
            return Err(ChartError::NotThisSheet);
        }
    }
    if let Some(c) = spec.shaping.split_by {
        if !matches!(column(c)?.values, Values::Text { .. }) {
            return Err(ChartError::NotThisSheet);
        }
    }
    let counting = spec.shaping.aggregate == Some(Aggregate::Count);
    if spec.y.is_empty() && !counting {
        return Err(ChartError::NoSeries);
    }
    for &c in &spec.y {
        if column(c)?.values.as_floats().is_none() {
            return Err(ChartError::NoNumbers);
        }
    }
    match spec.x {
        XSource::Column(c) | XSource::Category(c) => column(c).map(|_| ()),
        XSource::RowNumber => Ok(()),
    }
}

/// The rows every filter keeps, in order.
fn kept_rows(sheet: &Sheet, filters: &[Filter]) -> Vec<u32> {
    if filters.is_empty() {
        return (0..sheet.rows as u32).collect();
    }
    // Each filter as a test on a row, worked out once (text as ids).
    let tests: Vec<Box<dyn Fn(usize) -> bool + '_>> = filters
        .iter()
        .map(|f| -> Box<dyn Fn(usize) -> bool + '_> {
            let values = &sheet.columns[f.column].values;
            match (&f.keep, values) {
                (Keep::Among(wanted), Values::Text { ids, labels }) => {
                    let keep: Vec<bool> = labels.iter().map(|l| wanted.contains(l)).collect();
                    Box::new(move |row| keep.get(ids[row] as usize).copied().unwrap_or(false))
                }
                (Keep::Range(min, max), values) => {
                    let floats = values.as_floats().unwrap_or(&[]);
                    let (min, max) = (
                        min.unwrap_or(f64::NEG_INFINITY),
                        max.unwrap_or(f64::INFINITY),
                    );
                    Box::new(move |row| floats[row] >= min && floats[row] <= max)
                }
                _ => Box::new(|_| false),
            }
        })
        .collect();
    (0..sheet.rows)
        .filter(|&row| tests.iter().all(|t| t(row)))
        .map(|row| row as u32)
        .collect()
}

/// The groups of a split column: each row's group, and their names.
struct Split<'a> {
    /// Group of each text id (`usize::MAX`: a blank row, left out).
    group_of_id: Vec<usize>,
    names: Vec<String>,
    ids: &'a [u32],
}

impl<'a> Split<'a> {
    /// The [`MAX_GROUPS`] largest groups of column `c` over `rows` (by the
    /// first y column's total, else by rows), the rest as "Other".
    fn of(sheet: &'a Sheet, c: usize, spec: &ChartSpec, rows: &[u32]) -> Split<'a> {
        let Values::Text { ids, labels } = &sheet.columns[c].values else {
            return Split {
                group_of_id: Vec::new(),
                names: Vec::new(),
                ids: &[],
            };
        };
        let weight = spec
            .y
            .first()
            .and_then(|&y| sheet.columns[y].values.as_floats())
            .filter(|_| spec.shaping.aggregate != Some(Aggregate::Count));
        let mut totals = vec![0.0; labels.len()];
        let mut seen = vec![false; labels.len()];
        for &row in rows {
            let id = ids[row as usize] as usize;
            if id < labels.len() {
                seen[id] = true;
                totals[id] += weight.map_or(1.0, |w| {
                    let v = w[row as usize];
                    if v.is_finite() {
                        v.abs()
                    } else {
                        0.0
                    }
                });
            }
        }
        let mut order: Vec<usize> = (0..labels.len()).filter(|&i| seen[i]).collect();
        // Largest first; ties in the workbook's order.
        order.sort_by(|&a, &b| totals[b].total_cmp(&totals[a]).then(a.cmp(&b)));
        let other = order.len() > MAX_GROUPS;
        let kept = if other { MAX_GROUPS - 1 } else { order.len() };
        let mut group_of_id = vec![usize::MAX; labels.len()];
        let mut names: Vec<String> = Vec::new();
        for (rank, &id) in order.iter().enumerate() {
            if rank < kept {
                group_of_id[id] = names.len();
                names.push(labels[id].clone());
            } else {
                group_of_id[id] = kept;
            }
        }
        if other {
            names.push("Other".to_owned());
        }
        Split {
            group_of_id,
            names,
            ids,
        }
    }

    fn group(&self, row: usize) -> Option<usize> {
        let id = *self.ids.get(row)? as usize;
        self.group_of_id
            .get(id)
            .copied()
            .filter(|&g| g != usize::MAX)
    }
}

/// The series' names: each y column (with the aggregate when there is no
/// split), or each group, or both.
fn series_names(
    sheet: &Sheet,
    spec: &ChartSpec,
    split: Option<&Split>,
    aggregate: Option<Aggregate>,
) -> Vec<String> {
    let measures: Vec<String> = if spec.y.is_empty() {
        vec!["Rows".to_owned()]
    } else {
        spec.y
            .iter()
            .map(|&c| {
                let name = &sheet.columns[c].name;
                measure_name(name, aggregate.filter(|_| split.is_none()))
            })
            .collect()
    };
    match split {
        None => measures,
        Some(split) if measures.len() == 1 => split.names.clone(),
        Some(split) => measures
            .iter()
            .flat_map(|m| split.names.iter().map(move |g| format!("{m} · {g}")))
            .collect(),
    }
}

/// The derived spec: `x` then `series` number columns, drawn as `spec` says.
fn derived_spec(spec: &ChartSpec, x: XSource, series: usize) -> ChartSpec {
    ChartSpec {
        x,
        y: (1..=series).collect(),
        y2: Vec::new(),
        shaping: Shaping::default(),
        ..spec.clone()
    }
}

fn derived_sheet(sheet: &Sheet, rows: usize, columns: Vec<Column>) -> Sheet {
    Sheet {
        name: sheet.name.clone(),
        rows,
        header_row: sheet.header_row,
        first_row: sheet.first_row,
        columns,
        title: sheet.title.clone(),
    }
}

/// The kept rows as they are (no grouping): x and the y columns, split
/// into one column per group (a gap where a row is another group's).
fn gathered(sheet: &Sheet, spec: &ChartSpec, rows: &[u32], split: Option<&Split>) -> Shaped {
    let pick = |values: &Values| -> Values {
        match values {
            Values::Number(v) => Values::Number(rows.iter().map(|&r| v[r as usize]).collect()),
            Values::Bool(v) => Values::Bool(rows.iter().map(|&r| v[r as usize]).collect()),
            Values::Time { seconds, kind } => Values::Time {
                seconds: rows.iter().map(|&r| seconds[r as usize]).collect(),
                kind: *kind,
            },
            Values::Text { ids, labels } => Values::Text {
                ids: rows.iter().map(|&r| ids[r as usize]).collect(),
                labels: labels.clone(),
            },
        }
    };
    let (x, x_column) = match spec.x {
        XSource::RowNumber => (
            XSource::Column(0),
            Column::new(
                "Row".into(),
                Values::Number(rows.iter().map(|&r| f64::from(r) + 1.0).collect()),
                0,
            ),
        ),
        XSource::Column(c) | XSource::Category(c) => {
            let source = if matches!(spec.x, XSource::Column(_)) {
                XSource::Column(0)
            } else {
                XSource::Category(0)
            };
            let column = &sheet.columns[c];
            (
                source,
                Column::new(column.name.clone(), pick(&column.values), 0),
            )
        }
    };
    let names = series_names(sheet, spec, split, None);
    let mut columns = vec![x_column];
    let mut name = names.into_iter();
    for &c in &spec.y {
        let ys = sheet.columns[c].values.as_floats().unwrap_or(&[]);
        match split {
            None => columns.push(Column::new(
                name.next().unwrap_or_default(),
                Values::Number(rows.iter().map(|&r| ys[r as usize]).collect()),
                0,
            )),
            Some(split) => {
                for g in 0..split.names.len() {
                    let values = rows
                        .iter()
                        .map(|&r| {
                            let r = r as usize;
                            if split.group(r) == Some(g) {
                                ys[r]
                            } else {
                                f64::NAN
                            }
                        })
                        .collect();
                    columns.push(Column::new(
                        name.next().unwrap_or_default(),
                        Values::Number(values),
                        0,
                    ));
                }
            }
        }
    }
    let series = columns.len() - 1;
    Shaped {
        sheet: derived_sheet(sheet, rows.len(), columns),
        spec: derived_spec(spec, x, series),
        kept: rows.len(),
        total: sheet.rows,
        bucket: None,
    }
}

/// What one (x, group, series) cell has seen.
#[derive(Clone, Copy)]
struct Acc {
    sum: f64,
    count: u32,
    min: f64,
    max: f64,
}

const EMPTY: Acc = Acc {
    sum: 0.0,
    count: 0,
    min: f64::INFINITY,
    max: f64::NEG_INFINITY,
};

/// How a row's x becomes its group key.
enum Keys<'a> {
    /// Row numbers: every row its own x.
    Rows,
    /// Numbers, or times kept as they are: grouped by value.
    Values(&'a [f64]),
    /// Dates grouped by bucket.
    Dates(&'a [f64], Bucket),
    /// Text, by id.
    Labels(&'a [u32]),
}

impl Keys<'_> {
    /// The key of `row` (`None`: a gap, left out), as bits for hashing.
    #[inline]
    fn of(&self, row: usize, last: &mut (i64, i64, f64)) -> Option<u64> {
        match self {
            Keys::Rows => Some(row as u64),
            Keys::Values(v) => Some(v[row]).filter(|x| x.is_finite()).map(f64::to_bits),
            Keys::Dates(v, bucket) => {
                let s = v[row];
                if !s.is_finite() {
                    return None;
                }
                let day = (s / SECONDS_PER_DAY).floor() as i64;
                if day < last.0 || day >= last.1 {
                    let start = bucket.start(day);
                    *last = (start, bucket.next(start), start as f64 * SECONDS_PER_DAY);
                }
                Some(last.2.to_bits())
            }
            Keys::Labels(ids) => Some(ids[row])
                .filter(|&id| id != Values::NO_LABEL)
                .map(u64::from),
        }
    }
}

/// The kept rows grouped by x (and split group), each cell aggregated.
fn grouped(
    sheet: &Sheet,
    spec: &ChartSpec,
    rows: &[u32],
    split: Option<&Split>,
) -> Result<Shaped, ChartError> {
    let aggregate = spec.shaping.aggregate.unwrap_or(Aggregate::Sum);
    let x_values = match spec.x {
        XSource::Column(c) | XSource::Category(c) => Some(&sheet.columns[c].values),
        XSource::RowNumber => None,
    };
    let mut bucket = None;
    let keys = match (spec.x, x_values) {
        (XSource::Category(_), Some(Values::Text { ids, .. })) => Keys::Labels(ids),
        (
            _,
            Some(Values::Time {
                seconds,
                kind: TimeKind::Date | TimeKind::DateTime,
            }),
        ) => {
            let span = span_days(seconds, rows);
            let chosen = spec.shaping.bucket.resolve(span);
            bucket = Some(chosen);
            Keys::Dates(seconds, chosen)
        }
        (_, Some(values)) => match values.as_floats() {
            Some(v) => Keys::Values(v),
            None => Keys::Rows,
        },
        (_, None) => Keys::Rows,
    };
    let groups = split.map_or(1, |s| s.names.len());
    let ys: Vec<&[f64]> = spec
        .y
        .iter()
        .map(|&c| sheet.columns[c].values.as_floats().unwrap_or(&[]))
        .collect();
    let measures = ys.len().max(1);
    let per_key = groups * measures;

    // Dense cells, a block of `per_key` per x key in first-seen order.
    let mut index = KeyMap::default();
    let mut key_bits: Vec<u64> = Vec::new();
    let mut cells: Vec<Acc> = Vec::new();
    let mut medians: Vec<Vec<f64>> = Vec::new();
    let median = aggregate == Aggregate::Median;
    // The bucket of the last date seen: [first day, next bucket's), seconds.
    let mut last_day = (0, 0, 0.0);
    let mut last_key: Option<(u64, usize)> = None;
    for &row in rows {
        let row = row as usize;
        let Some(key) = keys.of(row, &mut last_day) else {
            continue;
        };
        let group = match split {
            Some(split) => match split.group(row) {
                Some(g) => g,
                None => continue,
            },
            None => 0,
        };
        let slot = match last_key {
            Some((k, slot)) if k == key => slot,
            _ => {
                let next = key_bits.len();
                let slot = *index.entry(key).or_insert(next);
                if slot == next {
                    if (next + 1) * per_key > MAX_CELLS {
                        return Err(ChartError::TooManyGroups);
                    }
                    key_bits.push(key);
                    cells.resize(cells.len() + per_key, EMPTY);
                    if median {
                        medians.resize(medians.len() + per_key, Vec::new());
                    }
                }
                last_key = Some((key, slot));
                slot
            }
        };
        for m in 0..measures {
            let cell = slot * per_key + m * groups + group;
            let value = match ys.get(m) {
                Some(y) => y[row],
                None => 1.0,
            };
            if !value.is_finite() {
                continue;
            }
            let acc = &mut cells[cell];
            acc.sum += value;
            acc.count += 1;
            acc.min = acc.min.min(value);
            acc.max = acc.max.max(value);
            if median {
                medians[cell].push(value);
            }
        }
    }
    if key_bits.is_empty() {
        return Err(ChartError::NoValues);
    }

    // Keys in order: numbers and dates ascending (a line runs left to
    // right), text in the workbook's first-seen order.
    let mut order: Vec<usize> = (0..key_bits.len()).collect();
    let key_value = |bits: u64| match keys {
        Keys::Rows => bits as f64 + 1.0,
        Keys::Labels(_) => bits as f64,
        _ => f64::from_bits(bits),
    };
    if !matches!(keys, Keys::Labels(_)) {
        order.sort_by(|&a, &b| key_value(key_bits[a]).total_cmp(&key_value(key_bits[b])));
    }
    let (x, x_column) = match (&keys, x_values) {
        (Keys::Labels(_), Some(Values::Text { labels, .. })) => (
            XSource::Category(0),
            label_column(
                &sheet.columns[column_of(spec)].name,
                order
                    .iter()
                    .map(|&k| labels[key_bits[k] as usize].clone())
                    .collect(),
            ),
        ),
        // Bars and slices of date buckets are categories named as people
        // name them: "Jan 2024", "Q1 2024".
        (Keys::Dates(_, b), Some(Values::Time { .. })) if spec.kind.is_categorical() => (
            XSource::Category(0),
            label_column(
                &sheet.columns[column_of(spec)].name,
                order
                    .iter()
                    .map(|&k| b.label(key_value(key_bits[k])))
                    .collect(),
            ),
        ),
        (Keys::Dates(..), Some(Values::Time { .. }))
        | (Keys::Values(_), Some(Values::Time { .. })) => {
            let kind = match (x_values, bucket) {
                (_, Some(_)) => TimeKind::Date,
                (Some(Values::Time { kind, .. }), None) => *kind,
                _ => TimeKind::Date,
            };
            (
                XSource::Column(0),
                Column::new(
                    sheet.columns[column_of(spec)].name.clone(),
                    Values::Time {
                        seconds: order.iter().map(|&k| key_value(key_bits[k])).collect(),
                        kind,
                    },
                    0,
                ),
            )
        }
        _ => (
            XSource::Column(0),
            Column::new(
                match spec.x {
                    XSource::RowNumber => "Row".to_owned(),
                    _ => sheet.columns[column_of(spec)].name.clone(),
                },
                Values::Number(order.iter().map(|&k| key_value(key_bits[k])).collect()),
                0,
            ),
        ),
    };
    let names = series_names(sheet, spec, split, Some(aggregate));
    let mut columns = vec![x_column];
    for (n, name) in names.into_iter().enumerate() {
        let (m, g) = (n / groups, n % groups);
        let values = order
            .iter()
            .map(|&k| {
                let cell = k * per_key + m * groups + g;
                finish(aggregate, &cells[cell], medians.get_mut(cell))
            })
            .collect();
        columns.push(Column::new(name, Values::Number(values), 0));
    }
    let series = columns.len() - 1;
    Ok(Shaped {
        sheet: derived_sheet(sheet, order.len(), columns),
        spec: derived_spec(spec, x, series),
        kept: rows.len(),
        total: sheet.rows,
        bucket,
    })
}

/// Group keys (f64 bits, ids, days) by row.
type KeyMap = sheetplot_model::hash::FastMap<u64, usize>;

/// A text column of `labels`, one row each, in order.
fn label_column(name: &str, labels: Vec<String>) -> Column {
    Column::new(
        name.to_owned(),
        Values::Text {
            ids: (0..labels.len() as u32).collect(),
            labels,
        },
        0,
    )
}

fn column_of(spec: &ChartSpec) -> usize {
    match spec.x {
        XSource::Column(c) | XSource::Category(c) => c,
        XSource::RowNumber => 0,
    }
}

/// A cell's value: a gap when no row had one (a count is then 0).
fn finish(aggregate: Aggregate, acc: &Acc, values: Option<&mut Vec<f64>>) -> f64 {
    if acc.count == 0 {
        return if aggregate == Aggregate::Count {
            0.0
        } else {
            f64::NAN
        };
    }
    match aggregate {
        Aggregate::Sum => acc.sum,
        Aggregate::Mean => acc.sum / f64::from(acc.count),
        Aggregate::Count => f64::from(acc.count),
        Aggregate::Min => acc.min,
        Aggregate::Max => acc.max,
        Aggregate::Median => {
            let Some(values) = values else {
                return f64::NAN;
            };
            // The middle by selection, not a sort: linear in the cell's rows.
            let n = values.len();
            let (below, &mut middle, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
            if n % 2 == 1 {
                middle
            } else {
                let lower = below.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                (lower + middle) / 2.0
            }
        }
    }
}

/// Days between the first and last finite time of `rows`.
fn span_days(seconds: &[f64], rows: &[u32]) -> f64 {
    let (lo, hi) = rows
        .iter()
        .map(|&r| seconds[r as usize])
        .filter(|s| s.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), s| {
            (lo.min(s), hi.max(s))
        });
    if hi >= lo {
        (hi - lo) / SECONDS_PER_DAY
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests;
