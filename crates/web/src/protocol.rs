//! The messages between the page and its reader worker, as types.
//!
//! Each message is a serde enum (carried by `serde-wasm-bindgen`) in an
//! envelope with the [`PROTOCOL_VERSION`]; the bulky parts travel beside it
//! untouched: the `File` the page hands over, and each column's values and
//! block summary as typed arrays whose buffers are transferred, not copied.
//! A workbook arrives as an outline of its sheets, then one message (and so
//! one page task) per column, then `Done`; a column longer than
//! [`RUN_VALUES`] sends its values ahead in runs of that many, a message
//! each, so no page task copies more than 8 MB of it.
//!
//! This module is plain Rust, tested natively; `wire` (wasm32) moves the
//! envelopes and arrays.

use std::fmt;

use serde::{Deserialize, Serialize};
use sheetplot_model::stats::Block;
use sheetplot_model::{
    Blocks, CellOrigin, Column, ColumnStats, NumberFormat, ReadError, SavedCharts, Sheet,
    TextDates, TimeKind, Values,
};
use sheetplot_read::split::{LaterPart, Records};
use sheetplot_read::typing::{ColumnPart, DateChoice, HeaderChoice};

/// Bumped whenever a message changes shape: a page and a worker of
/// different versions (a cached worker after an upgrade) refuse each other
/// instead of misreading.
pub const PROTOCOL_VERSION: u32 = 9;

/// The least size of a workbook whose sheets two workers read apart:
/// below it a helper's start (reading the file and its shared strings
/// again) costs more than its share saves.
pub const SHEETS_APART_MIN_BYTES: f64 = 1024.0 * 1024.0;

/// The least size of a one-sheet workbook whose rows two workers read
/// apart: the helper inflates the sheet up to the cut before it starts, so
/// a small one gains nothing. Since the helper starts at once, from the
/// file (not once the reader has copied it), the 4.8 MB, 100,000-row
/// benchmark workbook parses in 802 ms apart against 947 ms alone (medians
/// of six fresh browsers; before, 874 against 713), and a 0.5 MB one as
/// fast either way.
pub const ROWS_APART_MIN_BYTES: f64 = 2.0 * 1024.0 * 1024.0;

/// Page → reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToReader {
    /// Read the file sent beside this message, on up to `threads` workers;
    /// a workbook of [`SHEETS_APART_MIN_BYTES`] or more with two sheets or
    /// more has its later sheets read by a second one, one of
    /// [`ROWS_APART_MIN_BYTES`] or more with one sheet its later rows
    /// (`apart_min`, when given, stands for both: the tests read small
    /// workbooks apart).
    Open {
        id: u32,
        name: String,
        threads: u32,
        apart_min: Option<f64>,
    },
    /// (Reader → its helper.) Read the text file sent beside this message
    /// from byte `cut` to its end, as a later part of its sheet.
    ReadPart { id: u32, cut: f64 },
    /// (Reader → its helper.) Read the sheets from index `from` on of the
    /// workbook sent beside this message.
    ReadSheets { id: u32, from: u32 },
    /// (Reader → its helper.) Read the rows from sheet row `cut` on of the
    /// one-sheet workbook sent beside this message, as a later part.
    ReadRows { id: u32, cut: u32 },
    /// Type sheet `index` of the open file again with another header row
    /// or order of day and month.
    Retype {
        id: u32,
        index: usize,
        header: Header,
        dates: Dates,
    },
}

/// Reader → page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromReader {
    /// The reader's wasm runs and takes files.
    Ready,
    Progress {
        id: u32,
        done: f64,
        total: f64,
    },
    /// The workbook's sheets, without their columns, and the charts it
    /// saved (each small: the reader bounds their caches).
    Workbook {
        id: u32,
        name: String,
        parse_ms: f64,
        /// How many workers read the file at once.
        threads: u32,
        sheets: Vec<SheetOutline>,
        charts: SavedCharts,
    },
    /// A run of the next column's values (a typed array beside it), ahead
    /// of its `Column`; the column holds `of` values in all.
    Values {
        id: u32,
        of: usize,
    },
    /// One column of sheet `sheet`; its arrays travel beside the message
    /// (its values after the runs sent ahead).
    Column {
        id: u32,
        sheet: usize,
        column: ColumnOutline,
    },
    /// Every column of the workbook has been sent.
    Done {
        id: u32,
    },
    /// Sheet `index` typed again, without its columns: they follow as
    /// `Column`s of sheet `index` (and their runs), then `Done`.
    Sheet {
        id: u32,
        index: usize,
        sheet: SheetOutline,
    },
    Refused {
        id: u32,
        name: String,
        error: ReaderError,
    },
    /// File `id` is in a format this reader leaves to the reader of every
    /// format (.xlsb, .ods, .xls, HTML, XML): the page hands it there.
    Elsewhere {
        id: u32,
    },
}

/// Helper → its reader. The helper's `Ready` and `Refused` are the
/// messages any reader posts (the same shape as [`FromReader`]'s); the
/// reader reads them as this smaller type, so it carries no deserializer
/// for the page's messages (saved charts and all: about 50 KB of wasm).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromHelper {
    Ready,
    Refused {
        id: u32,
        name: String,
        error: ReaderError,
    },
    /// The later part of a text file or of a workbook's one sheet; each of
    /// its columns' arrays travel beside it, in the order of [`PartArrays`].
    Part {
        id: u32,
        part: PartOutline,
    },
    /// A workbook's later sheets; each of their columns' arrays travel
    /// beside it, sheet by sheet, column by column.
    Sheets {
        id: u32,
        sheets: Vec<SheetOutline>,
        columns: Vec<Vec<ColumnOutline>>,
    },
}

/// `sheets` as they travel: their outlines, their columns' outlines, and
/// the arrays of every column in order.
pub fn split_sheets(
    sheets: &[Sheet],
) -> (
    Vec<SheetOutline>,
    Vec<Vec<ColumnOutline>>,
    Vec<Outgoing<'_>>,
) {
    let mut arrays = Vec::new();
    let columns = sheets
        .iter()
        .map(|sheet| {
            sheet
                .columns
                .iter()
                .map(|column| {
                    let (outline, column_arrays) = split_column(column);
                    arrays.push(column_arrays);
                    outline
                })
                .collect()
        })
        .collect();
    (
        sheets.iter().map(SheetOutline::of).collect(),
        columns,
        arrays,
    )
}

/// The sheets [`split_sheets`] made travel, the `n`th column's arrays (over
/// all sheets) from `arrays_of(n, text)`.
pub fn join_sheets(
    sheets: Vec<SheetOutline>,
    columns: Vec<Vec<ColumnOutline>>,
    mut arrays_of: impl FnMut(u32, bool) -> ColumnArrays,
) -> Vec<Sheet> {
    let mut n = 0;
    sheets
        .into_iter()
        .zip(columns)
        .map(|(sheet, outlines)| {
            let columns = outlines
                .into_iter()
                .map(|outline| {
                    let arrays = arrays_of(n, outline.kind == ValueKind::Text);
                    n += 1;
                    join_column(outline, arrays)
                })
                .collect();
            sheet.into_sheet(columns)
        })
        .collect()
}

/// The header row asked for, as it travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Header {
    Auto,
    None,
    Row(usize),
}

impl From<HeaderChoice> for Header {
    fn from(choice: HeaderChoice) -> Header {
        match choice {
            HeaderChoice::Auto => Header::Auto,
            HeaderChoice::None => Header::None,
            HeaderChoice::Row(row) => Header::Row(row),
        }
    }
}

impl From<Header> for HeaderChoice {
    fn from(header: Header) -> HeaderChoice {
        match header {
            Header::Auto => HeaderChoice::Auto,
            Header::None => HeaderChoice::None,
            Header::Row(row) => HeaderChoice::Row(row),
        }
    }
}

/// The order of day and month asked for, as it travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dates {
    Auto,
    DayFirst,
    MonthFirst,
}

impl From<DateChoice> for Dates {
    fn from(choice: DateChoice) -> Dates {
        match choice {
            DateChoice::Auto => Dates::Auto,
            DateChoice::DayFirst => Dates::DayFirst,
            DateChoice::MonthFirst => Dates::MonthFirst,
        }
    }
}

impl From<Dates> for DateChoice {
    fn from(dates: Dates) -> DateChoice {
        match dates {
            Dates::Auto => DateChoice::Auto,
            Dates::DayFirst => DateChoice::DayFirst,
            Dates::MonthFirst => DateChoice::MonthFirst,
        }
    }
}

/// Why the reader gave no workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReaderError {
    /// The file was refused.
    Read(ReadError),
    /// calamine panicked at a malformed record (wasm cannot catch it; the
    /// panic hook answers with this before the worker dies).
    Damaged(String),
    /// The browser failed to hand the file over or the result back.
    Browser(String),
    /// A sheet was asked of a file the reader no longer holds.
    NotOpen,
}

impl fmt::Display for ReaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReaderError::Read(e) => e.fmt(f),
            ReaderError::Damaged(detail) => write!(
                f,
                "the file is damaged: the reader stopped at a malformed record ({detail})."
            ),
            ReaderError::Browser(detail) => f.write_str(detail),
            ReaderError::NotOpen => f.write_str("the file is no longer open; drop it again."),
        }
    }
}

/// A sheet without its columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetOutline {
    pub name: String,
    pub rows: usize,
    pub header_row: Option<usize>,
    pub first_row: usize,
    pub title: Option<String>,
}

impl SheetOutline {
    pub fn of(sheet: &Sheet) -> SheetOutline {
        SheetOutline {
            name: sheet.name.clone(),
            rows: sheet.rows,
            header_row: sheet.header_row,
            first_row: sheet.first_row,
            title: sheet.title.clone(),
        }
    }

    /// The sheet, with `columns` (possibly none yet).
    pub fn into_sheet(self, columns: Vec<Column>) -> Sheet {
        Sheet {
            name: self.name,
            rows: self.rows,
            header_row: self.header_row,
            first_row: self.first_row,
            columns,
            title: self.title,
        }
    }
}

/// What a column's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Number,
    Date,
    DateTime,
    Time,
    Duration,
    Boolean,
    Text,
}

/// A column without its arrays: everything but the values and blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnOutline {
    pub name: String,
    pub kind: ValueKind,
    pub misfits: usize,
    /// A text column's distinct labels (its rows hold ids into them).
    pub labels: Vec<String>,
    /// [`ColumnStats::min`] and [`ColumnStats::searchable`].
    pub min: Option<f64>,
    pub searchable: bool,
    /// How the numbers are shown (a percentage column reads `12%`).
    pub number_format: NumberFormat,
    /// How dates written as text were read, and whether the order was a guess.
    pub text_dates: Option<TextDates>,
    /// Where the values sit in the sheet (saved charts find columns by it).
    pub origin: Option<CellOrigin>,
}

/// A column's arrays, as they travel: the values (floats, or text ids)
/// and the block summary as `min row, max row, gap` triples.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnArrays {
    pub floats: Vec<f64>,
    pub ids: Vec<u32>,
    pub blocks: Vec<u32>,
}

/// A [`LaterPart`] without its columns' arrays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartOutline {
    pub rows: usize,
    pub width: usize,
    pub text_bytes: usize,
    /// A workbook's: the first cell read (sheet, row from the cut, column).
    pub first_cell: Option<[u32; 3]>,
    pub last_row: Option<usize>,
    pub columns: Vec<ColumnPartOutline>,
}

/// A [`ColumnPart`] without its arrays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnPartOutline {
    pub counts: [usize; 6],
    pub labels: Vec<String>,
    pub string_uses: Vec<usize>,
    pub strings: usize,
    pub not_whole_days: bool,
}

/// A [`ColumnPart`]'s arrays, as they travel: numbers, dates, times of
/// day, durations and booleans, then the text ids.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PartArrays {
    pub floats: [Vec<f64>; 5],
    pub ids: Vec<u32>,
}

/// Splits `later` into what travels as a message and what as arrays.
pub fn split_part(later: LaterPart) -> (PartOutline, Vec<PartArrays>) {
    let (outlines, arrays) = later
        .part
        .columns
        .into_iter()
        .map(|c| {
            let outline = ColumnPartOutline {
                counts: c.counts,
                labels: c.labels,
                string_uses: c.string_uses,
                strings: c.strings,
                not_whole_days: c.not_whole_days,
            };
            let arrays = PartArrays {
                floats: [c.numbers, c.dates, c.clock, c.durations, c.bools],
                ids: c.text_ids,
            };
            (outline, arrays)
        })
        .unzip();
    let outline = PartOutline {
        rows: later.records.rows,
        width: later.records.width,
        text_bytes: later.text_bytes,
        first_cell: later.first_cell,
        last_row: later.part.last_row,
        columns: outlines,
    };
    (outline, arrays)
}

/// What the part `outline` describes read: its records, its bytes of text
/// and its last row with a value (see `FirstPart::join_columns`).
pub fn part_read(outline: &PartOutline) -> (Records, usize, Option<usize>) {
    let records = Records {
        rows: outline.rows,
        width: outline.width,
        stopped: false,
    };
    (records, outline.text_bytes, outline.last_row)
}

/// The columns `columns` describe, each made from `arrays_of(n)`, the
/// arrays of the `n`th, only as it is taken.
pub fn part_columns(
    columns: Vec<ColumnPartOutline>,
    mut arrays_of: impl FnMut(u32) -> PartArrays,
) -> impl ExactSizeIterator<Item = ColumnPart> {
    columns.into_iter().enumerate().map(move |(n, c)| {
        let a = arrays_of(n as u32);
        let [numbers, dates, clock, durations, bools] = a.floats;
        ColumnPart {
            counts: c.counts,
            numbers,
            dates,
            clock,
            durations,
            bools,
            text_ids: a.ids,
            labels: c.labels,
            string_uses: c.string_uses,
            strings: c.strings,
            not_whole_days: c.not_whole_days,
        }
    })
}

/// Splits `column` into what travels as a message and what as arrays, its
/// values borrowed: they are copied once, into the typed array that travels.
pub fn split_column(column: &Column) -> (ColumnOutline, Outgoing<'_>) {
    let stats = column.stats();
    let kind = match &column.values {
        Values::Number(_) => ValueKind::Number,
        Values::Bool(_) => ValueKind::Boolean,
        Values::Text { .. } => ValueKind::Text,
        Values::Time { kind, .. } => match kind {
            TimeKind::Date => ValueKind::Date,
            TimeKind::DateTime => ValueKind::DateTime,
            TimeKind::TimeOfDay => ValueKind::Time,
            TimeKind::Duration => ValueKind::Duration,
        },
    };
    let (labels, values) = match &column.values {
        Values::Text { ids, labels } => (labels.clone(), Run::Ids(ids)),
        other => (Vec::new(), Run::Floats(other.as_floats().unwrap_or(&[]))),
    };
    let blocks = stats.map_or(Vec::new(), |s| {
        s.blocks
            .as_slice()
            .iter()
            .flat_map(|b| [b.min as u32, b.max as u32, u32::from(b.gap)])
            .collect()
    });
    let outline = ColumnOutline {
        name: column.name.clone(),
        kind,
        misfits: column.misfits,
        labels,
        min: stats.and_then(|s| s.min),
        searchable: stats.is_some_and(|s| s.searchable),
        number_format: column.number_format,
        text_dates: column.text_dates,
        origin: column.origin,
    };
    (outline, Outgoing { values, blocks })
}

/// The most values one message carries: a column's values beyond it go
/// ahead of the column in runs of this many (8 MB of floats), each copied
/// into the page in a task of its own.
pub const RUN_VALUES: usize = 1 << 20;

/// The runs of a column of `len` values sent ahead of it, `run` values
/// each: all but its last `1..=run` values, which the column carries.
fn runs_ahead(len: usize, run: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    let ahead = len.saturating_sub(1) / run * run;
    (0..ahead).step_by(run).map(move |start| start..start + run)
}

/// A run of a column's values, as it is sent ahead of the column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Run<'a> {
    Floats(&'a [f64]),
    Ids(&'a [u32]),
}

impl<'a> Run<'a> {
    pub fn len(&self) -> usize {
        match self {
            Run::Floats(floats) => floats.len(),
            Run::Ids(ids) => ids.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn within(self, range: std::ops::Range<usize>) -> Run<'a> {
        match self {
            Run::Floats(floats) => Run::Floats(&floats[range]),
            Run::Ids(ids) => Run::Ids(&ids[range]),
        }
    }
}

/// A column's arrays as they are sent: its values, borrowed from the
/// column (a text column's ids, else its floats), and its block summary as
/// `min row, max row, gap` triples.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing<'a> {
    pub values: Run<'a>,
    pub blocks: Vec<u32>,
}

impl<'a> Outgoing<'a> {
    /// Hands all but the last `1..=run` values to `send`, a run at a time,
    /// and keeps only those last ones; false as soon as `send` fails.
    pub fn send_runs_ahead(&mut self, run: usize, mut send: impl FnMut(Run<'a>) -> bool) -> bool {
        let len = self.values.len();
        let mut sent = 0;
        for r in runs_ahead(len, run) {
            sent = r.end;
            if !send(self.values.within(r)) {
                return false;
            }
        }
        self.values = self.values.within(sent..len);
        true
    }

    /// The arrays as they arrive.
    pub fn to_arrays(&self) -> ColumnArrays {
        let (floats, ids) = match self.values {
            Run::Floats(floats) => (floats.to_vec(), Vec::new()),
            Run::Ids(ids) => (Vec::new(), ids.to_vec()),
        };
        ColumnArrays {
            floats,
            ids,
            blocks: self.blocks.clone(),
        }
    }
}

/// A column's values arriving in runs ([`FromReader::Values`]), kept
/// until its `Column` brings the rest.
#[derive(Debug, Default)]
pub struct Arriving {
    id: u32,
    floats: Vec<f64>,
    ids: Vec<u32>,
}

impl Arriving {
    /// Room for the next `n` floats of a column of `of` values of request
    /// `id`, to copy a run into; a run of another request starts afresh.
    pub fn floats(&mut self, id: u32, of: usize, n: usize) -> &mut [f64] {
        self.start(id);
        room(&mut self.floats, of, n)
    }

    /// As [`Arriving::floats`], for a text column's ids.
    pub fn ids(&mut self, id: u32, of: usize, n: usize) -> &mut [u32] {
        self.start(id);
        room(&mut self.ids, of, n)
    }

    fn start(&mut self, id: u32) {
        if self.id != id {
            *self = Arriving {
                id,
                ..Arriving::default()
            };
        }
    }

    /// `arrays`, the column of request `id` that the runs so far were of,
    /// with those runs before its values; the next run starts a new column.
    pub fn finish(&mut self, id: u32, mut arrays: ColumnArrays) -> ColumnArrays {
        let ahead = std::mem::take(self);
        if ahead.id != id {
            return arrays;
        }
        prepend(ahead.floats, &mut arrays.floats);
        prepend(ahead.ids, &mut arrays.ids);
        arrays
    }
}

/// `values` with `ahead` before them.
fn prepend<T: Copy>(mut ahead: Vec<T>, values: &mut Vec<T>) {
    if !ahead.is_empty() {
        ahead.extend_from_slice(values);
        *values = ahead;
    }
}

/// The next `n` slots of `values`, a column of `of` values in all (made
/// that long at its first run, so the runs never move it).
fn room<T: Copy + Default>(values: &mut Vec<T>, of: usize, n: usize) -> &mut [T] {
    if values.is_empty() {
        values.reserve_exact(of);
    }
    let start = values.len();
    values.resize(start + n, T::default());
    &mut values[start..]
}

/// The column `outline` and `arrays` describe, its stats as shipped (not
/// worked out again on the page).
pub fn join_column(outline: ColumnOutline, arrays: ColumnArrays) -> Column {
    let ColumnArrays {
        floats,
        ids,
        blocks,
    } = arrays;
    let kind = outline.kind;
    let blocks: Vec<Block> = blocks
        .chunks_exact(3)
        .map(|b| Block {
            min: b[0] as usize,
            max: b[1] as usize,
            gap: b[2] != 0,
        })
        .collect();
    let blocks = (kind != ValueKind::Text).then(|| Blocks::from_blocks(blocks, &floats));
    let values = match kind {
        ValueKind::Number => Values::Number(floats),
        ValueKind::Boolean => Values::Bool(floats),
        ValueKind::Text => Values::Text {
            ids,
            labels: outline.labels,
        },
        ValueKind::Date | ValueKind::DateTime | ValueKind::Time | ValueKind::Duration => {
            Values::Time {
                seconds: floats,
                kind: match kind {
                    ValueKind::Date => TimeKind::Date,
                    ValueKind::DateTime => TimeKind::DateTime,
                    ValueKind::Time => TimeKind::TimeOfDay,
                    _ => TimeKind::Duration,
                },
            }
        }
    };
    let stats = blocks.map(|blocks| ColumnStats {
        searchable: outline.searchable,
        min: outline.min,
        blocks,
    });
    Column::with_stats(outline.name, values, outline.misfits, stats)
        .with_number_format(outline.number_format)
        .with_text_dates(outline.text_dates)
        .with_origin(outline.origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sheetplot_read::typing::SheetPart;

    fn columns() -> Vec<Column> {
        let mut readings: Vec<f64> = (0..700).map(|i| f64::from(i % 97) - 40.0).collect();
        readings[300] = f64::NAN;
        vec![
            Column::new("reading".into(), Values::Number(readings), 2),
            Column::new(
                "when".into(),
                Values::Time {
                    seconds: (0..700).map(|i| 1.7e9 + 60.0 * f64::from(i)).collect(),
                    kind: TimeKind::DateTime,
                },
                0,
            ),
            Column::new("ok".into(), Values::Bool(vec![1.0, 0.0, f64::NAN]), 0),
            Column::new("share".into(), Values::Number(vec![0.12, 0.5]), 0)
                .with_number_format(NumberFormat::Percent),
            Column::new(
                "region".into(),
                Values::Text {
                    ids: vec![0, 1, Values::NO_LABEL, 0],
                    labels: vec!["North".into(), "South".into()],
                },
                1,
            ),
        ]
    }

    #[test]
    fn columns_arrive_as_they_left_with_their_stats() {
        // Debug text, not ==: a gap (NaN) is never equal to itself.
        for column in columns() {
            let (outline, arrays) = split_column(&column);
            let joined = join_column(outline, arrays.to_arrays());
            assert_eq!(format!("{joined:?}"), format!("{column:?}"));
        }
    }

    /// `arrays` as the page has them after the worker sent them in runs
    /// of `run` values (as `Values` messages), then the rest as the column.
    fn through_runs(
        id: u32,
        arrays: &Outgoing<'_>,
        run: usize,
        page: &mut Arriving,
    ) -> ColumnArrays {
        let of = arrays.values.len();
        let mut column = arrays.clone();
        let sent = column.send_runs_ahead(run, |values| {
            match values {
                Run::Floats(f) => {
                    assert!(f.len() <= run);
                    page.floats(id, of, f.len()).copy_from_slice(f);
                }
                Run::Ids(i) => {
                    assert!(i.len() <= run);
                    page.ids(id, of, i.len()).copy_from_slice(i);
                }
            }
            true
        });
        assert!(sent);
        assert!(
            of == 0 || (1..=run).contains(&column.values.len()),
            "the column carries its last 1..={run} of {of} values, not {}",
            column.values.len()
        );
        page.finish(id, column.to_arrays())
    }

    #[test]
    fn a_long_column_arrives_whole_through_runs_sent_ahead() {
        let floats: Vec<f64> = (0..23).map(|i| f64::from(i) * 0.5).collect();
        let ids: Vec<u32> = (0..9).collect();
        let mut page = Arriving::default();
        for run in [1, 4, 5, 22, 23, 24, 100] {
            for len in [0, 1, 4, 5, 9, 20, 21, 23] {
                let numbers = Outgoing {
                    values: Run::Floats(&floats[..len]),
                    blocks: vec![0, 1, 0],
                };
                assert_eq!(
                    through_runs(3, &numbers, run, &mut page),
                    numbers.to_arrays(),
                    "{len} in runs of {run}"
                );
                let text = Outgoing {
                    values: Run::Ids(&ids[..len.min(9)]),
                    blocks: Vec::new(),
                };
                assert_eq!(
                    through_runs(3, &text, run, &mut page),
                    text.to_arrays(),
                    "{len} ids in runs of {run}"
                );
            }
        }
        assert_eq!(runs_ahead(RUN_VALUES * 10, RUN_VALUES).count(), 9);
        assert_eq!(runs_ahead(RUN_VALUES * 10 + 1, RUN_VALUES).count(), 10);
    }

    #[test]
    fn runs_of_a_request_given_up_do_not_join_the_next_ones_column() {
        let mut page = Arriving::default();
        page.floats(1, 10, 4).copy_from_slice(&[9.0; 4]);
        // Request 1 was cancelled; request 2's column is sent whole…
        let whole = ColumnArrays {
            floats: vec![1.0, 2.0],
            ..ColumnArrays::default()
        };
        assert_eq!(page.finish(2, whole.clone()), whole);
        // …or in runs of its own.
        page.floats(1, 10, 4).copy_from_slice(&[9.0; 4]);
        page.floats(2, 3, 1).copy_from_slice(&[0.5]);
        assert_eq!(page.finish(2, whole).floats, vec![0.5, 1.0, 2.0]);
    }

    #[test]
    fn shipped_stats_are_used_not_recomputed() {
        let column = &columns()[0];
        let (mut outline, arrays) = split_column(column);
        outline.min = Some(-1000.0);
        let joined = join_column(outline, arrays.to_arrays());
        assert_eq!(joined.stats().and_then(|s| s.min), Some(-1000.0));
        assert_eq!(
            joined.stats().map(|s| s.blocks.as_slice().len()),
            Some(3),
            "700 rows are three blocks"
        );
    }

    #[test]
    fn messages_keep_their_shape_through_serde() {
        let messages = [
            FromReader::Ready,
            FromReader::Progress {
                id: 3,
                done: 10.0,
                total: 20.0,
            },
            FromReader::Refused {
                id: 3,
                name: "a.xlsx".into(),
                error: ReaderError::Read(ReadError::Truncated("zip".into())),
            },
            FromReader::Column {
                id: 3,
                sheet: 0,
                column: split_column(&columns()[3]).0,
            },
            FromReader::Values {
                id: 3,
                of: 2_000_000,
            },
        ];
        for message in messages {
            let text = serde_json::to_string(&message).unwrap();
            assert_eq!(serde_json::from_str::<FromReader>(&text).unwrap(), message);
        }
        let retype = ToReader::Retype {
            id: 1,
            index: 2,
            header: Header::Row(4),
            dates: Dates::DayFirst,
        };
        let text = serde_json::to_string(&retype).unwrap();
        assert!(text.contains(r#""type":"retype""#), "{text}");
        assert_eq!(serde_json::from_str::<ToReader>(&text).unwrap(), retype);
        assert_eq!(
            HeaderChoice::from(Header::from(HeaderChoice::Row(4))),
            HeaderChoice::Row(4)
        );
    }

    /// The part `outline` and `arrays` describe.
    fn join_part(outline: PartOutline, arrays: Vec<PartArrays>) -> LaterPart {
        let mut arrays = arrays.into_iter();
        let read = part_read(&outline);
        let first_cell = outline.first_cell;
        let columns =
            part_columns(outline.columns, |_| arrays.next().unwrap_or_default()).collect();
        LaterPart {
            records: read.0,
            text_bytes: read.1,
            first_cell,
            part: SheetPart {
                last_row: read.2,
                columns,
            },
        }
    }

    /// The bytes of `name` in the project's `data/` folder.
    fn sample(name: &str) -> Vec<u8> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/");
        std::fs::read(format!("{dir}{name}")).unwrap()
    }

    #[test]
    fn a_workbooks_later_sheets_arrive_as_they_left() {
        let bytes = sample("charts.xlsx");
        let whole = sheetplot_read::read_workbook(&bytes).unwrap().sheets;
        assert!(whole.len() >= 2, "a workbook of several sheets");
        assert_eq!(sheetplot_read::worksheet_count(&bytes), Some(whole.len()));
        let first = sheetplot_read::read_workbook_sheets(&bytes, 0..1, &|_| {}).unwrap();
        let later = sheetplot_read::read_workbook_sheets(&bytes, 1..usize::MAX, &|_| {}).unwrap();
        let (sheets, columns, arrays) = split_sheets(&later);
        let message = FromHelper::Sheets {
            id: 3,
            sheets,
            columns,
        };
        let text = serde_json::to_string(&message).unwrap();
        let Ok(FromHelper::Sheets {
            sheets, columns, ..
        }) = serde_json::from_str(&text)
        else {
            panic!("{text}");
        };
        let arrived = join_sheets(sheets, columns, |n, _| arrays[n as usize].to_arrays());
        let together: Vec<Sheet> = first.into_iter().chain(arrived).collect();
        assert_eq!(format!("{together:?}"), format!("{whole:?}"));
        // Past the last sheet there are none; a CSV is not read apart.
        assert!(sheetplot_read::read_workbook_sheets(&bytes, 9..12, &|_| {})
            .unwrap()
            .is_empty());
        assert_eq!(sheetplot_read::worksheet_count(b"a,b\n1,2\n"), None);
    }

    #[test]
    fn a_workbooks_rows_from_a_cut_arrive_as_they_left_and_join() {
        use sheetplot_read::rows_apart::{read_rows_before, read_rows_from, Before};
        let bytes = sample("weather.xlsx");
        let whole = sheetplot_read::read_workbook(&bytes).unwrap().sheets;
        let cut = whole[0].first_row as u32 + 60;
        let Before::Part(before) = read_rows_before(&bytes, cut, &|_| {}).unwrap() else {
            panic!("rows past the cut");
        };
        let later = read_rows_from(&bytes[..], cut).unwrap();
        assert!(later.first_cell.is_some());
        let (outline, arrays) = split_part(later.clone());
        let text = serde_json::to_string(&FromHelper::Part {
            id: 4,
            part: outline,
        })
        .unwrap();
        let Ok(FromHelper::Part { part, .. }) = serde_json::from_str(&text) else {
            panic!("{text}");
        };
        assert_eq!(join_part(part.clone(), arrays.clone()), later);
        let read = (part.first_cell, part.last_row, part.width);
        let mut arrays = arrays.into_iter();
        let columns = part_columns(part.columns, |_| arrays.next().unwrap_or_default());
        let Ok(Ok(joined)) = before.join_columns(read, columns) else {
            panic!("the parts join");
        };
        assert_eq!(format!("{joined:?}"), format!("{whole:?}"));
    }

    #[test]
    fn a_later_part_arrives_as_it_left_and_joins() {
        use sheetplot_read::split::{cut_in, read_first_part, read_later_part, FirstRead};
        let mut text = String::from("when,level,site\n");
        for i in 0..300 {
            let site = if i < 200 { "north" } else { "late site" };
            let when = if i % 7 == 0 { "12:30" } else { "2024-03-01" };
            text.push_str(&format!("{when},{i}.5,{site}\n"));
        }
        let bytes = text.as_bytes();
        let head = sheetplot_read::delimited_head(bytes, true).unwrap();
        let total = bytes.len() as u64;
        let cut = cut_in(&head, &bytes[bytes.len() / 2..], total / 2).unwrap();
        let FirstRead::Part(first) =
            read_first_part(bytes, &head, total, cut, &|_| {}, Default::default()).unwrap()
        else {
            panic!("the cut is a record's start");
        };
        let later = read_later_part(&bytes[cut as usize..], &head, total, cut).unwrap();
        let (outline, arrays) = split_part(later.clone());
        let message = FromHelper::Part {
            id: 2,
            part: outline,
        };
        let text = serde_json::to_string(&message).unwrap();
        let Ok(FromHelper::Part { part, .. }) = serde_json::from_str(&text) else {
            panic!("{text}");
        };
        // The helper's other messages are a reader's own.
        let refused = FromReader::Refused {
            id: 2,
            name: String::new(),
            error: ReaderError::NotOpen,
        };
        for (from_reader, from_helper) in [
            (FromReader::Ready, FromHelper::Ready),
            (
                refused,
                FromHelper::Refused {
                    id: 2,
                    name: String::new(),
                    error: ReaderError::NotOpen,
                },
            ),
        ] {
            let text = serde_json::to_string(&from_reader).unwrap();
            assert_eq!(
                serde_json::from_str::<FromHelper>(&text).unwrap(),
                from_helper
            );
        }
        let arrived = join_part(part, arrays);
        assert_eq!(format!("{arrived:?}"), format!("{later:?}"));
        let joined = first.join(arrived).unwrap();
        let one = sheetplot_read::read_workbook(bytes)
            .unwrap()
            .sheets
            .remove(0);
        assert_eq!(format!("{joined:?}"), format!("{one:?}"));
        assert_eq!(joined.rows, 300);
    }

    #[test]
    fn refusals_read_as_before() {
        assert_eq!(
            ReaderError::Damaged("a BIFF record".into()).to_string(),
            "the file is damaged: the reader stopped at a malformed record (a BIFF record)."
        );
        assert_eq!(
            ReaderError::Read(ReadError::Empty).to_string(),
            ReadError::Empty.to_string()
        );
    }
}
