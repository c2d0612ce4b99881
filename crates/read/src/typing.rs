//! Cells in, typed columns out: the one place that decides what a cell means.
//!
//! A sheet often starts with a title block, so the header is the first row
//! of text that stands above a row of typed data. Each column then takes the
//! type of the clear majority of its non-blank cells. Cells of another type
//! are counted and left out as gaps rather than coerced, and error cells
//! (`#N/A`, `#DIV/0!`) are gaps too: sheetplot never invents a zero.

use std::collections::{HashMap, HashSet};

use calamine::{Data, Range};

use sheetplot_model::calendar::{Civil, SECONDS_PER_DAY};
use sheetplot_model::format::format_time;
use sheetplot_model::hash::FastMap;
use sheetplot_model::{
    CellOrigin, Column, DateOrder, NumberFormat, Sheet, TextDates, TimeKind, Values,
};

use crate::written::{self, Conventions, Shape, Written};

/// How many leading rows may hold title blocks before the header.
const HEADER_SCAN_ROWS: usize = 50;

/// What a single cell holds, before the column decides its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellKind {
    Blank,
    Number,
    Time,
    Duration,
    Bool,
    Text,
}

impl CellKind {
    /// Numbers, dates, durations and booleans: what a data row holds.
    fn is_typed(self) -> bool {
        matches!(
            self,
            CellKind::Number | CellKind::Time | CellKind::Duration | CellKind::Bool
        )
    }
}

/// What a cell holds as far as finding the header goes: text cells are
/// read for what they could hold ([`written::shape`]), except plain digits,
/// which a header row may hold as names (`2023`, `2024`).
fn kind_of(cell: &Data) -> CellKind {
    match cell {
        Data::String(s) => match written::shape(s) {
            _ if s.trim().is_empty() => CellKind::Blank,
            Shape::Gap => CellKind::Blank,
            Shape::Value => CellKind::Number,
            Shape::PlainNumber | Shape::Text => CellKind::Text,
        },
        other => stored_kind(other),
    }
}

/// What a cell holds as stored, text cells still unread: their column
/// reads them all once its conventions are known.
fn stored_kind(cell: &Data) -> CellKind {
    match cell {
        Data::Empty | Data::Error(_) => CellKind::Blank,
        Data::String(s) if s.trim().is_empty() => CellKind::Blank,
        Data::String(_) => CellKind::Text,
        Data::Int(_) | Data::Float(_) => CellKind::Number,
        Data::Bool(_) => CellKind::Bool,
        Data::DateTime(dt) if dt.is_duration() => CellKind::Duration,
        // ISO text that names no real instant (`2024-02-31`) is text, so a
        // date column counts it as a misfit instead of hiding it as a gap.
        Data::DurationIso(text) if parse_iso_duration(text).is_none() => CellKind::Text,
        Data::DateTimeIso(text) if parse_iso_datetime(text).is_none() => CellKind::Text,
        Data::DurationIso(_) => CellKind::Duration,
        Data::DateTime(_) | Data::DateTimeIso(_) => CellKind::Time,
    }
}

/// Which row names the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeaderChoice {
    /// Detected: the first row of text above a row of typed data.
    #[default]
    Auto,
    /// This zero-based sheet row (as the spreadsheet numbers it, minus one).
    Row(usize),
    /// No header: every row is data, columns are named by letter.
    None,
}

/// The order of day and month in dates written with numbers only
/// (`03/04/2024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateChoice {
    /// Decided per column by its values (see [`crate::written`]).
    #[default]
    Auto,
    /// `31/12/2024`.
    DayFirst,
    /// `12/31/2024`.
    MonthFirst,
}

/// What the user chose about how a sheet is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Choices {
    pub header: HeaderChoice,
    pub dates: DateChoice,
}

impl From<HeaderChoice> for Choices {
    fn from(header: HeaderChoice) -> Choices {
        Choices {
            header,
            dates: DateChoice::Auto,
        }
    }
}

/// Types one sheet's used range, detecting its header.
pub fn type_sheet(name: String, range: &Range<Data>) -> Sheet {
    type_sheet_with(name, range, HeaderChoice::Auto)
}

/// Types one sheet's used range with the header the user chose.
pub fn type_sheet_with(name: String, range: &Range<Data>, choice: HeaderChoice) -> Sheet {
    type_sheet_with_choices(name, range, choice.into(), false)
}

/// Types one sheet's used range with the user's choices; `decimal_comma`
/// is the file's default decimal separator for text cells whose column
/// leaves it open (a CSV's sniffed dialect).
pub fn type_sheet_with_choices(
    name: String,
    range: &Range<Data>,
    choices: Choices,
    decimal_comma: bool,
) -> Sheet {
    let mut builder = SheetBuilder::with_choices(name, choices, decimal_comma);
    if let Some((row0, col0)) = range.start() {
        for (r, c, cell) in range.used_cells() {
            builder.push(row0 as usize + r, col0 as usize + c, cell.clone());
        }
    }
    builder.finish()
}

/// Builds a typed sheet from its cells as they are read, row by row (as
/// calamine's cell readers give them), straight into columns: no grid of
/// cells is ever held, only the first rows until the header is known.
pub struct SheetBuilder {
    name: String,
    choice: HeaderChoice,
    dates: DateChoice,
    decimal_comma: bool,
    first_row: Option<usize>,
    last_row: usize,
    /// Cells of the first rows (sheet row, column, value), until the
    /// header is decided.
    early: Vec<(usize, usize, Data)>,
    layout: Option<Layout>,
    /// See [`SheetBuilder::expect_rows`].
    expected_rows: usize,
    /// Indexed by sheet column.
    columns: Vec<ColumnBuilder>,
}

/// What the first rows decided.
struct Layout {
    header: Option<usize>,
    /// The title block's first line (see `decide`).
    title: Option<String>,
    /// Header text by sheet column.
    names: Vec<String>,
    /// The first data row: the first row after the header with a value.
    data_start: Option<usize>,
}

impl SheetBuilder {
    pub fn new(name: String, choice: HeaderChoice) -> Self {
        SheetBuilder::with_choices(name, choice.into(), false)
    }

    /// A builder with the user's choices and the file's default decimal
    /// separator (see [`type_sheet_with_choices`]).
    pub fn with_choices(name: String, choices: Choices, decimal_comma: bool) -> Self {
        SheetBuilder {
            name,
            choice: choices.header,
            dates: choices.dates,
            decimal_comma,
            first_row: None,
            last_row: 0,
            early: Vec::new(),
            layout: None,
            expected_rows: 0,
            columns: Vec::new(),
        }
    }

    /// The sheet's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Says how many data rows the sheet will likely have (an estimate; a
    /// wrong one costs memory or a move, never a value), so columns are
    /// made that long at once.
    pub fn expect_rows(&mut self, rows: usize) {
        self.expected_rows = rows;
    }

    /// What [`SheetBuilder::expect_rows`] was told.
    #[cfg(test)]
    pub(crate) fn expected_rows(&self) -> usize {
        self.expected_rows
    }

    /// Adds the cell at sheet `row` and `col`; cells come in row order.
    pub fn push(&mut self, row: usize, col: usize, value: Data) {
        if value == Data::Empty {
            return;
        }
        let first_row = *self.first_row.get_or_insert(row);
        self.last_row = self.last_row.max(row);
        if self.layout.is_some() {
            self.accept(row, col, value);
            return;
        }
        let header_known_by = match self.choice {
            HeaderChoice::Row(r) => (first_row + HEADER_SCAN_ROWS).max(r + 1),
            _ => first_row + HEADER_SCAN_ROWS,
        };
        if row >= header_known_by {
            self.decide();
            self.accept(row, col, value);
        } else {
            self.early.push((row, col, value));
        }
    }

    /// Decides the header from the first rows, then types them.
    fn decide(&mut self) {
        let mut early = std::mem::take(&mut self.early);
        // Writers may store a row before the one above it; the data starts
        // at the first row with a value, so look at them in sheet order.
        early.sort_by_key(|(r, c, _)| (*r, *c));
        let first_row = early
            .iter()
            .map(|(r, _, _)| *r)
            .min()
            .or(self.first_row)
            .unwrap_or(0);
        self.first_row = Some(first_row);
        let height = early
            .iter()
            .map(|(r, _, _)| r + 1 - first_row)
            .max()
            .unwrap_or(0);
        let width = early.iter().map(|(_, c, _)| c + 1).max().unwrap_or(0);
        let mut grid = vec![CellKind::Blank; height * width];
        for (r, c, value) in &early {
            grid[(r - first_row) * width + c] = kind_of(value);
        }
        let row_kinds = |r: usize| grid[r * width..(r + 1) * width].iter().copied();
        let header = match self.choice {
            HeaderChoice::Auto => find_header(height, &row_kinds).map(|h| h + first_row),
            HeaderChoice::Row(row) => Some(row).filter(|&r| r >= first_row),
            HeaderChoice::None => None,
        };
        let mut names = vec![String::new(); width];
        for (r, c, value) in &early {
            if Some(*r) == header {
                names[*c] = cell_text(value).trim().to_owned();
            }
        }
        // A title: the first non-blank row above a header found here (not
        // one the user picked), when it is a single text cell.
        let title = header
            .filter(|_| self.choice == HeaderChoice::Auto)
            .and_then(|h| {
                let above: Vec<&(usize, usize, Data)> = early
                    .iter()
                    .filter(|(r, _, v)| *r < h && kind_of(v) != CellKind::Blank)
                    .collect();
                let first = above.first()?.0;
                match above
                    .iter()
                    .filter(|(r, _, _)| *r == first)
                    .collect::<Vec<_>>()[..]
                {
                    [(_, _, v)] if kind_of(v) == CellKind::Text => {
                        Some(cell_text(v).trim().to_owned())
                    }
                    _ => None,
                }
            })
            .filter(|t| !t.is_empty());
        self.layout = Some(Layout {
            header,
            title,
            names,
            data_start: None,
        });
        for (r, c, value) in early {
            self.accept(r, c, value);
        }
    }

    /// Types a cell below the header; rows above it (title blocks) and
    /// blank rows before the first data row are left out.
    fn accept(&mut self, row: usize, col: usize, value: Data) {
        let layout = self.layout.as_mut().expect("decided");
        if layout.header.is_some_and(|h| row <= h) {
            return;
        }
        let kind = stored_kind(&value);
        let start = match layout.data_start {
            Some(start) => start,
            None if kind == CellKind::Blank => return,
            None => *layout.data_start.insert(row),
        };
        // Only a row stored after rows below it, beyond the first
        // HEADER_SCAN_ROWS (which are sorted), lands here; no writer in the
        // corpus does that, and the data start cannot move back.
        if row < start {
            return;
        }
        if self.columns.len() <= col {
            let expected_rows = self.expected_rows;
            self.columns.resize_with(col + 1, || ColumnBuilder {
                expected_rows,
                ..ColumnBuilder::default()
            });
        }
        self.columns[col].put(row - start, kind, &value);
    }

    /// A builder for a later part of a sheet, read on its own (by another
    /// worker) from a row boundary: its rows count from 0, it has no header
    /// and every row is data. [`SheetBuilder::join_columns`] adds what it read to
    /// the builder of the rows before it.
    pub fn later_part() -> Self {
        let mut part = SheetBuilder::new(String::new(), HeaderChoice::None);
        part.layout = Some(Layout {
            header: None,
            title: None,
            names: Vec::new(),
            data_start: Some(0),
        });
        part
    }

    /// What a [`SheetBuilder::later_part`] read, to travel and be joined.
    pub fn into_part(self) -> SheetPart {
        SheetPart {
            last_row: self.first_row.map(|_| self.last_row),
            columns: self
                .columns
                .into_iter()
                .map(ColumnBuilder::into_part)
                .collect(),
        }
    }

    /// Whether a part can follow the rows pushed so far: once the header is
    /// decided and the data has started (else the later rows could still
    /// change where the header and the data are, as they would in one read).
    pub fn can_join(&self) -> bool {
        self.layout
            .as_ref()
            .is_some_and(|layout| layout.data_start.is_some())
    }

    /// Adds a later part, whose row 0 is sheet row `first_row` (every row
    /// pushed so far is above it): its last row with a value and its
    /// columns, given one by one so only one need be in memory beside the
    /// sheet's at a time; as if its cells had been pushed here, so the
    /// finished sheet is the one a single read gives.
    ///
    /// # Panics
    /// When not [`SheetBuilder::can_join`].
    pub fn join_columns(
        &mut self,
        last_row: Option<usize>,
        columns: impl ExactSizeIterator<Item = ColumnPart>,
        first_row: usize,
    ) {
        let start = self
            .layout
            .as_ref()
            .and_then(|layout| layout.data_start)
            .expect("can_join");
        if let Some(last) = last_row {
            self.last_row = self.last_row.max(first_row + last);
        }
        if self.columns.len() < columns.len() {
            self.columns
                .resize_with(columns.len(), ColumnBuilder::default);
        }
        for (column, later) in self.columns.iter_mut().zip(columns) {
            column.join(later, first_row - start);
        }
    }

    /// The typed sheet.
    pub fn finish(mut self) -> Sheet {
        if self.layout.is_none() {
            self.decide();
        }
        let layout = self.layout.take().expect("decided");
        let rows = layout
            .data_start
            .map_or(0, |start| self.last_row + 1 - start);
        let width = self.columns.len().max(layout.names.len());
        self.columns.resize_with(width, ColumnBuilder::default);
        let mut names = Vec::new();
        let mut columns = Vec::new();
        for (c, column) in self.columns.into_iter().enumerate() {
            let name = layout.names.get(c).cloned().unwrap_or_default();
            if name.is_empty() && column.is_blank() {
                continue;
            }
            names.push(if name.is_empty() {
                format!("Column {}", column_letters(c))
            } else {
                name
            });
            columns.push((c, column.finish(rows, self.dates, self.decimal_comma)));
        }
        // Rows and columns past u32 are past any workbook format's grid.
        let data_start = layout.data_start.and_then(|r| u32::try_from(r).ok());
        let columns = unique_names(names)
            .into_iter()
            .zip(columns)
            .map(|(name, (c, typed))| {
                let origin = data_start.zip(u32::try_from(c).ok());
                Column::new(name, typed.values, typed.misfits)
                    .with_number_format(typed.number_format)
                    .with_text_dates(typed.text_dates)
                    .with_origin(origin.map(|(first_row, column)| CellOrigin { column, first_row }))
            })
            .collect();
        Sheet {
            name: self.name,
            rows: if width == 0 { 0 } else { rows },
            header_row: layout.header,
            first_row: self.first_row.unwrap_or(0),
            columns,
            title: layout.title,
        }
    }
}

/// The first row whose non-blank cells are all text and whose next
/// non-blank row holds typed data; failing that, for a sheet of text only,
/// its first non-blank row.
fn find_header<I>(height: usize, row_kinds: &impl Fn(usize) -> I) -> Option<usize>
where
    I: Iterator<Item = CellKind>,
{
    let scan = height.min(HEADER_SCAN_ROWS);
    let non_blank: Vec<usize> = (0..scan)
        .filter(|&r| row_kinds(r).any(|k| k != CellKind::Blank))
        .collect();
    let all_text = |r: usize| row_kinds(r).all(|k| matches!(k, CellKind::Blank | CellKind::Text));
    for pair in non_blank.windows(2) {
        let (candidate, next) = (pair[0], pair[1]);
        let typed = row_kinds(next).filter(|k| k.is_typed()).count();
        if all_text(candidate) && typed > 0 {
            let labels = row_kinds(candidate)
                .filter(|&k| k == CellKind::Text)
                .count();
            let filled = row_kinds(next).filter(|&k| k != CellKind::Blank).count();
            // A lone title right above multi-column data is not a header.
            if labels >= 2 || filled <= 1 {
                return Some(candidate);
            }
        }
    }
    let has_typed = (0..height).any(|r| row_kinds(r).any(|k| k.is_typed()));
    match non_blank.first() {
        Some(&first) if !has_typed && non_blank.len() > 1 => Some(first),
        _ => None,
    }
}

/// One column's values as they arrive, kept in every form a cell took
/// (most columns take one), until the majority decides its type.
#[derive(Default)]
struct ColumnBuilder {
    counts: [usize; 6],
    numbers: Vec<f64>,
    /// Instants of date and date-time cells.
    dates: Vec<f64>,
    /// Seconds since midnight of time-of-day cells.
    clock: Vec<f64>,
    durations: Vec<f64>,
    bools: Vec<f64>,
    text_ids: Vec<u32>,
    labels: Vec<String>,
    index: FastMap<String, u32>,
    /// By label: how many text cells (not yet read) hold it.
    string_uses: Vec<usize>,
    /// Text cells, read when the column is finished.
    strings: usize,
    /// Over date cells: all whole days.
    not_whole_days: bool,
    /// Rows the sheet is expected to have, reserved for the values of the
    /// column's first cell's kind (most columns keep to one): a column of
    /// ten million numbers then takes 80 MB, not the 134 MB its doubling
    /// would reach (and both at once while it moves).
    expected_rows: usize,
}

/// The cells a later part of a sheet held, column by column, in the form
/// its [`ColumnBuilder`]s keep them until the whole column decides its type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SheetPart {
    /// The part's last row with a value, counted from its first row.
    pub last_row: Option<usize>,
    pub columns: Vec<ColumnPart>,
}

/// One column of a [`SheetPart`]: its values by the kind each cell took,
/// rows counted from the part's first row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnPart {
    /// Cells by kind (see `CellKind`), text cells not yet read left out.
    pub counts: [usize; 6],
    pub numbers: Vec<f64>,
    pub dates: Vec<f64>,
    pub clock: Vec<f64>,
    pub durations: Vec<f64>,
    pub bools: Vec<f64>,
    pub text_ids: Vec<u32>,
    pub labels: Vec<String>,
    /// By label: how many text cells not yet read hold it.
    pub string_uses: Vec<usize>,
    /// Text cells not yet read.
    pub strings: usize,
    pub not_whole_days: bool,
}

/// A finished column.
struct Typed {
    values: Values,
    misfits: usize,
    number_format: NumberFormat,
    text_dates: Option<TextDates>,
}

/// Sets `values[row]`, filling the rows before it with gaps.
fn set<T: Clone>(values: &mut Vec<T>, row: usize, value: T, gap: T) {
    if values.len() <= row {
        values.resize(row + 1, gap);
    }
    values[row] = value;
}

/// Puts `later` at rows `offset..` of `values` (which ends before them),
/// the rows between made gaps; nothing when `later` holds nothing.
fn append_at<T: Clone>(values: &mut Vec<T>, offset: usize, later: &[T], gap: T) {
    if later.is_empty() {
        return;
    }
    debug_assert!(
        values.len() <= offset,
        "a part joins after the rows before it"
    );
    values.resize(offset, gap);
    values.extend_from_slice(later);
}

impl ColumnBuilder {
    fn count(&self, kind: CellKind) -> usize {
        self.counts[kind as usize]
    }

    fn is_blank(&self) -> bool {
        self.strings == 0 && self.counts.iter().sum::<usize>() == self.count(CellKind::Blank)
    }

    fn put(&mut self, row: usize, kind: CellKind, value: &Data) {
        let expected = std::mem::take(&mut self.expected_rows);
        if expected > 0 {
            // The vector is still empty: it holds rows 0.. of the column.
            let additional = expected.max(row + 1);
            match kind {
                CellKind::Number => self.numbers.reserve_exact(additional),
                CellKind::Time if is_time_of_day(value) => self.clock.reserve_exact(additional),
                CellKind::Time => self.dates.reserve_exact(additional),
                CellKind::Duration => self.durations.reserve_exact(additional),
                CellKind::Bool => self.bools.reserve_exact(additional),
                CellKind::Text => self.text_ids.reserve_exact(additional),
                CellKind::Blank => self.expected_rows = expected,
            }
        }
        if let (CellKind::Text, Data::String(text)) = (kind, value) {
            // Read in `finish`, once the column's conventions are known.
            let id = self.intern(text);
            self.string_uses.resize(self.labels.len(), 0);
            self.string_uses[id as usize] += 1;
            self.strings += 1;
            set(&mut self.text_ids, row, id, Values::NO_LABEL);
            return;
        }
        self.counts[kind as usize] += 1;
        match (kind, value) {
            (CellKind::Number, Data::Int(i)) => set(&mut self.numbers, row, *i as f64, f64::NAN),
            (CellKind::Number, Data::Float(f)) => set(&mut self.numbers, row, *f, f64::NAN),
            (CellKind::Bool, Data::Bool(b)) => {
                set(&mut self.bools, row, f64::from(u8::from(*b)), f64::NAN)
            }
            (CellKind::Duration, _) => set(
                &mut self.durations,
                row,
                cell_seconds(value).unwrap_or(f64::NAN),
                f64::NAN,
            ),
            (CellKind::Time, _) => {
                let seconds = cell_seconds(value).unwrap_or(f64::NAN);
                if is_time_of_day(value) {
                    set(
                        &mut self.clock,
                        row,
                        round_ms(seconds.rem_euclid(SECONDS_PER_DAY)),
                        f64::NAN,
                    );
                } else {
                    self.not_whole_days |= seconds.rem_euclid(SECONDS_PER_DAY) != 0.0;
                    set(&mut self.dates, row, seconds, f64::NAN);
                }
            }
            (CellKind::Text, _) => {
                let id = self.intern_owned(cell_text(value));
                set(&mut self.text_ids, row, id, Values::NO_LABEL);
            }
            _ => {}
        }
    }

    fn into_part(self) -> ColumnPart {
        ColumnPart {
            counts: self.counts,
            numbers: self.numbers,
            dates: self.dates,
            clock: self.clock,
            durations: self.durations,
            bools: self.bools,
            text_ids: self.text_ids,
            labels: self.labels,
            string_uses: self.string_uses,
            strings: self.strings,
            not_whole_days: self.not_whole_days,
        }
    }

    /// Adds the later rows `part` holds, its row 0 at column row `offset`
    /// (past every row here). Labels new to the column are numbered after
    /// its own, in the order the part met them: the order one read gives.
    fn join(&mut self, part: ColumnPart, offset: usize) {
        for (count, later) in self.counts.iter_mut().zip(part.counts) {
            *count += later;
        }
        let pairs = [
            (&mut self.numbers, part.numbers),
            (&mut self.dates, part.dates),
            (&mut self.clock, part.clock),
            (&mut self.durations, part.durations),
            (&mut self.bools, part.bools),
        ];
        for (values, later) in pairs {
            append_at(values, offset, &later, f64::NAN);
        }
        let ids: Vec<u32> = part
            .labels
            .into_iter()
            .map(|l| self.intern_owned(l))
            .collect();
        self.string_uses.resize(self.labels.len(), 0);
        for (id, uses) in part.string_uses.into_iter().enumerate() {
            self.string_uses[ids[id] as usize] += uses;
        }
        let text_ids: Vec<u32> = part
            .text_ids
            .iter()
            .map(|&id| ids.get(id as usize).copied().unwrap_or(Values::NO_LABEL))
            .collect();
        append_at(&mut self.text_ids, offset, &text_ids, Values::NO_LABEL);
        self.strings += part.strings;
        self.not_whole_days |= part.not_whole_days;
    }

    /// The id of label `text`, copied only the first time it is seen.
    fn intern(&mut self, text: &str) -> u32 {
        match self.index.get(text) {
            Some(&id) => id,
            None => self.intern_owned(text.to_owned()),
        }
    }

    /// The id of label `text`, made by the caller anyway.
    fn intern_owned(&mut self, text: String) -> u32 {
        let labels = &mut self.labels;
        *self.index.entry(text).or_insert_with_key(|t| {
            labels.push(t.clone());
            (labels.len() - 1) as u32
        })
    }

    /// Reads the column's text cells ([`crate::written`]) with the
    /// conventions their values decide, counting each as what it reads as;
    /// returns how each label read (by label id, `None` for labels of
    /// other cells), how many cells read as percentages, and how the
    /// column's dates written as text were read.
    fn read_strings(
        &mut self,
        dates: DateChoice,
        decimal_comma: bool,
    ) -> (Vec<Option<Written>>, usize, Option<TextDates>) {
        let (mut comma, mut point) = (0usize, 0usize);
        let (mut day_first, mut month_first, mut open) = (0usize, 0usize, 0usize);
        let mut separators: HashMap<char, usize> = HashMap::new();
        let used = || {
            self.string_uses
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(id, &n)| (id, n))
        };
        for (id, n) in used() {
            let evidence = written::evidence(&self.labels[id]);
            match evidence.decimal_comma {
                Some(true) => comma += n,
                Some(false) => point += n,
                None => {}
            }
            match evidence.date_order {
                Some(Some(DateOrder::DayFirst)) => day_first += n,
                Some(Some(DateOrder::MonthFirst)) => month_first += n,
                Some(None) => open += n,
                None => {}
            }
            if let Some(separator) = evidence.date_separator {
                *separators.entry(separator).or_default() += n;
            }
        }
        let numeric_dates = day_first + month_first + open > 0;
        let by_values = match day_first.cmp(&month_first) {
            std::cmp::Ordering::Greater => Some(DateOrder::DayFirst),
            std::cmp::Ordering::Less => Some(DateOrder::MonthFirst),
            std::cmp::Ordering::Equal => None,
        };
        // When the values leave the order open: `/` month first, `.` and
        // `-` day first (see crate::written).
        let by_separator = match separators.iter().max_by_key(|&(c, n)| (*n, *c)) {
            Some((&'/', _)) => DateOrder::MonthFirst,
            _ => DateOrder::DayFirst,
        };
        let order = match dates {
            DateChoice::DayFirst => DateOrder::DayFirst,
            DateChoice::MonthFirst => DateOrder::MonthFirst,
            DateChoice::Auto => by_values.unwrap_or(by_separator),
        };
        let conventions = Conventions {
            decimal_comma: match comma.cmp(&point) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Equal => decimal_comma,
            },
            order,
        };
        let mut readings = vec![None; self.labels.len()];
        let mut percent = 0;
        let mut read_counts = [0usize; 6];
        for (id, n) in used() {
            let reading = written::read(&self.labels[id], conventions);
            let kind = match reading {
                Written::Gap => CellKind::Blank,
                Written::Number { percent: p, .. } => {
                    percent += if p { n } else { 0 };
                    CellKind::Number
                }
                Written::Date(_) | Written::TimeOfDay(_) => CellKind::Time,
                Written::Text => CellKind::Text,
            };
            read_counts[kind as usize] += n;
            readings[id] = Some(reading);
        }
        for (count, read) in self.counts.iter_mut().zip(read_counts) {
            *count += read;
        }
        let text_dates = numeric_dates.then_some(TextDates {
            order,
            ambiguous: by_values.is_none(),
        });
        (readings, percent, text_dates)
    }

    /// Puts the values text cells read as into the column's vectors.
    fn place_strings(&mut self, readings: &[Option<Written>]) {
        for row in 0..self.text_ids.len() {
            let id = self.text_ids[row];
            let Some(Some(reading)) = readings.get(id as usize) else {
                continue;
            };
            match *reading {
                Written::Number { value, .. } => set(&mut self.numbers, row, value, f64::NAN),
                Written::Date(seconds) => {
                    let seconds = round_ms(seconds);
                    self.not_whole_days |= seconds.rem_euclid(SECONDS_PER_DAY) != 0.0;
                    set(&mut self.dates, row, seconds, f64::NAN);
                }
                Written::TimeOfDay(seconds) => {
                    set(&mut self.clock, row, round_ms(seconds), f64::NAN)
                }
                Written::Gap | Written::Text => {}
            }
        }
    }

    /// The column's values by the majority of its cells, how many cells
    /// did not fit and were left out, and how its values were written.
    fn finish(mut self, rows: usize, dates: DateChoice, decimal_comma: bool) -> Typed {
        let (readings, percent, text_dates) = if self.strings > 0 {
            self.read_strings(dates, decimal_comma)
        } else {
            (Vec::new(), 0, None)
        };
        // Ties go to the more useful type for charting, in this order (text
        // before bool: text keeps every cell).
        let winner = [
            CellKind::Number,
            CellKind::Time,
            CellKind::Duration,
            CellKind::Text,
            CellKind::Bool,
        ]
        .into_iter()
        .enumerate()
        .max_by_key(|&(priority, k)| (self.count(k), std::cmp::Reverse(priority)))
        .map(|(_, k)| k)
        .filter(|&k| self.count(k) > 0)
        .unwrap_or(CellKind::Number);
        let non_blank = self.counts.iter().sum::<usize>() - self.count(CellKind::Blank);
        let misfits = non_blank - self.count(winner);
        if winner != CellKind::Text && self.strings > 0 {
            self.place_strings(&readings);
        }
        let number_format = if winner == CellKind::Number && percent * 2 > self.count(winner) {
            NumberFormat::Percent
        } else {
            NumberFormat::General
        };
        let text_dates = text_dates.filter(|_| winner == CellKind::Time);
        let filled = |mut v: Vec<f64>| {
            v.resize(rows, f64::NAN);
            v
        };
        let (values, misfits) = match winner {
            CellKind::Text => {
                self.texts_for_all(rows);
                let mut ids = self.text_ids;
                ids.resize(rows, Values::NO_LABEL);
                (
                    Values::Text {
                        ids,
                        labels: self.labels,
                    },
                    0,
                )
            }
            CellKind::Time if self.dates.is_empty() => (
                Values::Time {
                    seconds: filled(self.clock),
                    kind: TimeKind::TimeOfDay,
                },
                misfits,
            ),
            CellKind::Time => {
                // Bare times of day among dates have no day to sit on.
                let clock_cells = self.clock.iter().filter(|v| v.is_finite()).count();
                let kind = if self.not_whole_days {
                    TimeKind::DateTime
                } else {
                    TimeKind::Date
                };
                (
                    Values::Time {
                        seconds: filled(self.dates),
                        kind,
                    },
                    misfits + clock_cells,
                )
            }
            CellKind::Duration => (
                Values::Time {
                    seconds: filled(self.durations),
                    kind: TimeKind::Duration,
                },
                misfits,
            ),
            CellKind::Bool => (Values::Bool(filled(self.bools)), misfits),
            _ => (Values::Number(filled(self.numbers)), misfits),
        };
        Typed {
            values,
            misfits,
            number_format,
            text_dates,
        }
    }

    /// A text column keeps every cell: numbers, dates and booleans among
    /// its text become text as the workbook shows them.
    fn texts_for_all(&mut self, rows: usize) {
        self.text_ids.resize(rows, Values::NO_LABEL);
        for row in 0..rows {
            if self.text_ids[row] != Values::NO_LABEL {
                continue;
            }
            let at = |v: &Vec<f64>| v.get(row).copied().filter(|x| x.is_finite());
            let text = if let Some(n) = at(&self.numbers) {
                n.to_string()
            } else if let Some(b) = at(&self.bools) {
                if b == 1.0 { "TRUE" } else { "FALSE" }.to_owned()
            } else if let Some(s) = at(&self.dates) {
                format_time(s, TimeKind::DateTime)
            } else if let Some(s) = at(&self.clock) {
                format_time(s, TimeKind::TimeOfDay)
            } else if let Some(s) = at(&self.durations) {
                format_time(s, TimeKind::Duration)
            } else {
                continue;
            };
            self.text_ids[row] = self.intern_owned(text);
        }
    }
}

/// A time of day without a date: a serial below one day, or ISO text with no date.
fn is_time_of_day(cell: &Data) -> bool {
    match cell {
        Data::DateTime(dt) => (0.0..1.0).contains(&dt.as_f64()),
        Data::DateTimeIso(text) => !text.as_bytes().contains(&b'-'),
        _ => false,
    }
}

/// The instant of a date cell, in seconds since 1970-01-01 of the
/// workbook's wall clock (1900 and 1904 date systems alike), or the length
/// of a duration cell in seconds.
pub fn cell_seconds(cell: &Data) -> Option<f64> {
    match cell {
        Data::DateTime(dt) if dt.is_duration() => Some(round_ms(dt.as_f64() * SECONDS_PER_DAY)),
        Data::DateTime(dt) => {
            let (year, month, day, hour, minute, second, millisecond) = dt.to_ymd_hms_milli();
            let civil = Civil {
                year: i64::from(year),
                month: u32::from(month),
                day: u32::from(day),
                hour: u32::from(hour),
                minute: u32::from(minute),
                second: u32::from(second),
                millisecond: u32::from(millisecond),
            };
            Some(civil.to_seconds())
        }
        Data::DateTimeIso(text) => parse_iso_datetime(text),
        Data::DurationIso(text) => parse_iso_duration(text),
        _ => None,
    }
}

fn round_ms(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]][Z]` or `HH:MM[:SS[.fff]]`
/// (as ODS writes them) into seconds; a bare time is seconds since midnight.
///
/// Every field is checked against the calendar and the clock: `2024-02-31`
/// or `25:99` is text that only looks like a date, not a date to move to
/// the nearest real one. Time zone offsets are not accepted (spreadsheets
/// have none; `Z` is the wall clock as written).
pub fn parse_iso_datetime(text: &str) -> Option<f64> {
    let text = text.trim();
    machine_datetime(text.as_bytes()).or_else(|| general_datetime(text))
}

/// [`parse_iso_datetime`] by its general rules.
fn general_datetime(text: &str) -> Option<f64> {
    let (date, time) = match text.split_once(['T', ' ']) {
        Some((d, t)) => (Some(d), Some(t)),
        None if text.contains(':') => (None, Some(text)),
        None => (Some(text), None),
    };
    let mut seconds = 0.0;
    if let Some(date) = date {
        let mut parts = date.splitn(3, '-');
        // Years beyond four digits are not dates a sheet holds (and would
        // overflow the day arithmetic); such text stays text.
        let year = i64::from(digits(parts.next()?, 4)?);
        let month = digits(parts.next()?, 2)?;
        let day = digits(parts.next()?, 2)?;
        if !(1..=12).contains(&month)
            || !(1..=sheetplot_model::calendar::days_in_month(year, month)).contains(&day)
        {
            return None;
        }
        seconds +=
            sheetplot_model::calendar::days_from_civil(year, month, day) as f64 * SECONDS_PER_DAY;
    }
    if let Some(time) = time {
        let time = time.strip_suffix('Z').unwrap_or(time);
        let mut parts = time.splitn(3, ':');
        let hour = digits(parts.next()?, 2)?;
        let minute = digits(parts.next()?, 2)?;
        let second = match parts.next() {
            None => 0.0,
            Some(s) => {
                let (whole, fraction) = match s.split_once('.') {
                    Some((whole, fraction)) => (whole, Some(fraction)),
                    None => (s, None),
                };
                let whole = digits(whole, 2)?;
                if whole > 59
                    || fraction
                        .is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
                {
                    return None;
                }
                s.parse::<f64>().ok()?
            }
        };
        if hour > 23 || minute > 59 {
            return None;
        }
        seconds += f64::from(hour * 3600 + minute * 60) + second;
    }
    Some(round_ms(seconds))
}

/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS` (or with a space for the `T`),
/// the forms machines write a million times over, read in one pass; `None`
/// for any other text, which [`parse_iso_datetime`]'s general rules read.
fn machine_datetime(b: &[u8]) -> Option<f64> {
    let number = |from: usize, len: usize| {
        b[from..from + len].iter().try_fold(0u32, |n, &c| {
            let digit = c.wrapping_sub(b'0');
            (digit < 10).then_some(n * 10 + u32::from(digit))
        })
    };
    if !matches!(b.len(), 10 | 19) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (i64::from(number(0, 4)?), number(5, 2)?, number(8, 2)?);
    if !(1..=12).contains(&month)
        || !(1..=sheetplot_model::calendar::days_in_month(year, month)).contains(&day)
    {
        return None;
    }
    let mut seconds =
        sheetplot_model::calendar::days_from_civil(year, month, day) as f64 * SECONDS_PER_DAY;
    if b.len() == 19 {
        if !matches!(b[10], b'T' | b' ') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (hour, minute, second) = (number(11, 2)?, number(14, 2)?, number(17, 2)?);
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        seconds += f64::from(hour * 3600 + minute * 60 + second);
    }
    Some(seconds)
}

/// A field of one to `max_len` ASCII digits (no sign, no spaces).
fn digits(field: &str, max_len: usize) -> Option<u32> {
    if field.is_empty() || field.len() > max_len || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

/// Parses an ISO 8601 duration such as `PT36H10M5.5S` or `P1DT2H` into seconds.
pub fn parse_iso_duration(text: &str) -> Option<f64> {
    let body = text.trim().strip_prefix('P')?;
    let (days_part, time_part) = body.split_once('T').unwrap_or((body, ""));
    let mut total = 0.0;
    let mut take = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        for ch in part.chars() {
            if ch.is_ascii_digit() || ch == '.' || ch == '-' {
                number.push(ch);
            } else {
                let scale = units.iter().find(|(u, _)| *u == ch)?.1;
                total += number.parse::<f64>().ok()? * scale;
                number.clear();
            }
        }
        number.is_empty().then_some(())
    };
    take(
        days_part,
        &[('W', 7.0 * SECONDS_PER_DAY), ('D', SECONDS_PER_DAY)],
    )?;
    take(time_part, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    Some(round_ms(total))
}

/// A cell as the text a person reads in it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(dt) => {
            let kind = if dt.is_duration() {
                TimeKind::Duration
            } else {
                TimeKind::DateTime
            };
            cell_seconds(cell).map_or_else(String::new, |s| format_time(s, kind))
        }
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

/// Spreadsheet column letters of zero-based column `index`: A, …, Z, AA, ….
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Makes names unique by numbering repeats: "value", "value (2)", ….
fn unique_names(names: Vec<String>) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::with_capacity(names.len());
    // The last suffix tried per name, so a header of 16,384 equal names
    // costs linear time, not quadratic.
    let mut last_suffix: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        if taken.insert(name.clone()) {
            out.push(name);
            continue;
        }
        let n = last_suffix.entry(name.clone()).or_insert(1);
        let candidate = loop {
            *n += 1;
            let candidate = format!("{name} ({n})");
            if taken.insert(candidate.clone()) {
                break candidate;
            }
        };
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    fn range(rows: Vec<Vec<Data>>) -> Range<Data> {
        let height = rows.len() as u32;
        let width = rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
        let mut r = Range::new((0, 0), (height - 1, width - 1));
        for (i, row) in rows.into_iter().enumerate() {
            for (j, cell) in row.into_iter().enumerate() {
                r.set_value((i as u32, j as u32), cell);
            }
        }
        r
    }

    fn s(text: &str) -> Data {
        Data::String(text.into())
    }

    fn date(serial: f64, is_1904: bool) -> Data {
        Data::DateTime(ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            is_1904,
        ))
    }

    #[test]
    fn rows_stored_out_of_order_keep_their_data() {
        // Some writers store a row before the one above it.
        let mut builder = SheetBuilder::new("s".into(), HeaderChoice::Auto);
        builder.push(0, 0, s("value"));
        builder.push(2, 0, Data::Float(3.0));
        builder.push(1, 0, Data::Float(2.0));
        let sheet = builder.finish();
        assert_eq!(sheet.columns[0].values, Values::Number(vec![2.0, 3.0]));
    }

    #[test]
    fn a_tie_between_text_and_booleans_keeps_the_text() {
        let sheet = type_sheet(
            "s".into(),
            &range(vec![
                vec![s("answer")],
                vec![Data::Bool(true)],
                vec![s("yes")],
            ]),
        );
        let column = &sheet.columns[0];
        assert!(
            matches!(column.values, Values::Text { .. }),
            "{:?}",
            column.values
        );
        assert_eq!(column.misfits, 0);
    }

    #[test]
    fn many_equal_header_names_become_unique_in_linear_time() {
        let names = unique_names(vec!["x".to_owned(); 20_000]);
        assert_eq!(names[0], "x");
        assert_eq!(names[1], "x (2)");
        assert_eq!(names[19_999], "x (20000)");
        let distinct: HashSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), 20_000);
        // A name that is already someone's suffix is not taken twice.
        assert_eq!(
            unique_names(vec!["a (2)".into(), "a".into(), "a".into()]),
            ["a (2)", "a", "a (3)"]
        );
    }

    #[test]
    fn header_is_found_below_a_title_block() {
        let sheet = type_sheet(
            "s".into(),
            &range(vec![
                vec![s("Quarterly report"), Data::Empty],
                vec![Data::Empty, Data::Empty],
                vec![s("Region"), s("Sales")],
                vec![s("North"), Data::Float(1.5)],
                vec![s("South"), Data::Int(2)],
            ]),
        );
        assert_eq!(sheet.header_row, Some(2));
        assert_eq!(sheet.rows, 2);
        assert_eq!(sheet.columns[0].name, "Region");
        assert_eq!(sheet.columns[1].values, Values::Number(vec![1.5, 2.0]));
        assert_eq!(sheet.title.as_deref(), Some("Quarterly report"));
    }

    #[test]
    fn only_a_lone_text_line_above_a_found_header_is_a_title() {
        let rows = |top: Vec<Data>| {
            range(vec![
                top,
                vec![s("Region"), s("Sales")],
                vec![s("North"), Data::Float(1.5)],
                vec![s("South"), Data::Float(2.5)],
            ])
        };
        // A note beside a date is not a title.
        let noted = type_sheet("s".into(), &rows(vec![s("Printed"), Data::Float(45000.0)]));
        assert_eq!(noted.title, None);
        // A header the user picks below the real one does not make it a title.
        let picked = type_sheet_with(
            "s".into(),
            &rows(vec![s("Report"), Data::Empty]),
            HeaderChoice::Row(2),
        );
        assert_eq!(picked.title, None);
    }

    #[test]
    fn years_beyond_four_digits_are_not_dates() {
        assert!(parse_iso_datetime("9999-12-31").is_some());
        assert_eq!(parse_iso_datetime("12345-01-01"), None);
        assert_eq!(parse_iso_datetime("9000000000000000000-01-01"), None);
    }

    #[test]
    fn impossible_dates_and_times_are_not_dates() {
        for text in [
            "2024-02-31",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-00-10",
            "2024-13-01",
            "2024-01-00",
            "2024-01-32",
            "25:99",
            "24:00",
            "23:60",
            "23:59:60",
            "23:59:61.5",
            "2024-01-31T24:00:00",
            "2024-01-31 10:75",
            "10:00:00+01:00",
            "1e1:00",
            "+1:00",
            "10:00:5.",
            "2024-+1-01",
            "10:00ZZ",
        ] {
            assert_eq!(parse_iso_datetime(text), None, "{text}");
        }
    }

    #[test]
    fn the_edges_of_the_calendar_and_the_clock_are_dates() {
        let day =
            |y, m, d| sheetplot_model::calendar::days_from_civil(y, m, d) as f64 * SECONDS_PER_DAY;
        assert_eq!(parse_iso_datetime("2024-02-29"), Some(day(2024, 2, 29)));
        assert_eq!(parse_iso_datetime("2000-02-29"), Some(day(2000, 2, 29)));
        assert_eq!(parse_iso_datetime("1900-03-01"), Some(day(1900, 3, 1)));
        assert_eq!(parse_iso_datetime("2023-12-31"), Some(day(2023, 12, 31)));
        assert_eq!(parse_iso_datetime("23:59:59.5"), Some(86_399.5));
        assert_eq!(parse_iso_datetime("00:00"), Some(0.0));
        assert_eq!(
            parse_iso_datetime("2024-02-29T23:59:59.123456Z"),
            Some(day(2024, 2, 29) + 86_399.123)
        );
    }

    #[test]
    fn an_impossible_iso_date_cell_is_a_misfit_not_a_date() {
        // 2024-02-31 once became 2 March.
        let sheet = type_sheet(
            "s".into(),
            &range(vec![
                vec![s("day")],
                vec![Data::DateTimeIso("2024-02-28".into())],
                vec![Data::DateTimeIso("2024-02-31".into())],
                vec![Data::DateTimeIso("2024-03-01".into())],
            ]),
        );
        let column = &sheet.columns[0];
        assert_eq!(column.misfits, 1);
        let seconds = column.values.as_floats().unwrap();
        assert!(seconds[1].is_nan(), "{seconds:?}");
        assert_eq!(seconds[2] - seconds[0], 2.0 * SECONDS_PER_DAY);
    }

    #[test]
    fn a_sheet_without_a_title_block_has_no_title() {
        let sheet = type_sheet(
            "s".into(),
            &range(vec![
                vec![s("Region"), s("Sales")],
                vec![s("North"), Data::Float(1.5)],
            ]),
        );
        assert_eq!(sheet.title, None);
    }

    #[test]
    fn the_user_can_choose_the_header_row_or_none() {
        let cells = range(vec![
            vec![s("Report"), Data::Empty],
            vec![s("a"), s("b")],
            vec![Data::Int(1), Data::Int(2)],
        ]);
        let auto = type_sheet("s".into(), &cells);
        assert_eq!((auto.header_row, auto.rows), (Some(1), 1));
        let first = type_sheet_with("s".into(), &cells, HeaderChoice::Row(0));
        assert_eq!((first.header_row, first.rows), (Some(0), 2));
        assert_eq!(first.columns[0].name, "Report");
        assert_eq!(first.columns[1].name, "Column B");
        let none = type_sheet_with("s".into(), &cells, HeaderChoice::None);
        assert_eq!((none.header_row, none.rows), (None, 3));
        assert_eq!(none.columns[1].misfits, 1, "\"b\" is not a number");
    }

    #[test]
    fn no_header_names_columns_by_letter() {
        let sheet = type_sheet(
            "s".into(),
            &range(vec![
                vec![Data::Int(1), Data::Int(2)],
                vec![Data::Int(3), Data::Int(4)],
            ]),
        );
        assert_eq!(sheet.header_row, None);
        assert_eq!(sheet.rows, 2);
        let names: Vec<_> = sheet.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Column A", "Column B"]);
    }

    #[test]
    fn missing_and_duplicate_names_are_made_unique() {
        let sheet = type_sheet(
            "s".into(),
            &range(vec![
                vec![s("value"), Data::Empty, s("value"), s("value")],
                vec![Data::Int(1), Data::Int(2), Data::Int(3), Data::Int(4)],
            ]),
        );
        let names: Vec<_> = sheet.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["value", "Column B", "value (2)", "value (3)"]);
    }

    #[test]
    fn errors_and_blanks_are_gaps_and_misfits_are_counted() {
        let sheet = type_sheet(
            "s".into(),
            &range(vec![
                vec![s("x"), s("price")],
                vec![Data::Int(1), Data::Float(9.5)],
                vec![Data::Int(2), Data::Error(CellErrorType::Div0)],
                vec![Data::Int(3), Data::Empty],
                vec![Data::Int(4), s("n/a")],
                vec![Data::Int(5), Data::Float(7.0)],
                vec![Data::Int(6), s("ask")],
            ]),
        );
        let price = &sheet.columns[1];
        let v = price.values.as_floats().unwrap();
        assert_eq!(v[0], 9.5);
        assert!(v[1].is_nan() && v[2].is_nan() && v[3].is_nan() && v[5].is_nan());
        assert_eq!(v[4], 7.0);
        // "n/a" is a word for a gap; "ask" is text in a column of numbers.
        assert_eq!(price.misfits, 1);
    }

    #[test]
    fn dates_in_both_systems_are_the_same_instant() {
        // 2024-01-15 is serial 45306 in the 1900 system and 43844 in 1904.
        let expected =
            sheetplot_model::calendar::days_from_civil(2024, 1, 15) as f64 * SECONDS_PER_DAY;
        for (serial, is_1904) in [(45306.0, false), (43844.0, true)] {
            let sheet = type_sheet(
                "s".into(),
                &range(vec![
                    vec![s("day"), s("v")],
                    vec![date(serial, is_1904), Data::Int(1)],
                ]),
            );
            assert_eq!(
                sheet.columns[0].values,
                Values::Time {
                    seconds: vec![expected],
                    kind: TimeKind::Date
                }
            );
        }
    }

    #[test]
    fn time_kinds_follow_the_cells() {
        let kind_of_cells = |cells: Vec<Data>| {
            let mut rows = vec![vec![s("t")]];
            rows.extend(cells.into_iter().map(|c| vec![c]));
            match type_sheet("s".into(), &range(rows)).columns[0].values {
                Values::Time { kind, .. } => kind,
                ref other => panic!("not a time column: {other:?}"),
            }
        };
        assert_eq!(
            kind_of_cells(vec![date(45306.5, false), date(45307.0, false)]),
            TimeKind::DateTime
        );
        assert_eq!(
            kind_of_cells(vec![date(0.25, false), date(0.5, false)]),
            TimeKind::TimeOfDay
        );
        let d = Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(kind_of_cells(vec![d.clone()]), TimeKind::Duration);
        // A duration among dates is a misfit, not a date in 1970.
        let mixed = type_sheet(
            "s".into(),
            &range(vec![
                vec![s("t")],
                vec![date(45306.0, false)],
                vec![date(45307.0, false)],
                vec![d],
            ]),
        );
        assert_eq!(mixed.columns[0].misfits, 1);
        assert!(mixed.columns[0].values.as_floats().unwrap()[2].is_nan());
        assert_eq!(
            kind_of_cells(vec![Data::DateTimeIso("2021-03-04".into())]),
            TimeKind::Date
        );
    }

    #[test]
    fn text_columns_keep_numbers_as_text() {
        let sheet = type_sheet(
            "s".into(),
            &range(vec![
                vec![s("code"), s("n")],
                vec![s("A1"), Data::Int(1)],
                vec![Data::Int(7), Data::Int(2)],
                vec![s("A1"), Data::Int(3)],
            ]),
        );
        let code = &sheet.columns[0].values;
        assert_eq!(
            (code.label(0), code.label(1), code.label(2)),
            (Some("A1"), Some("7"), Some("A1"))
        );
        assert_eq!(sheet.columns[0].misfits, 0);
    }

    #[test]
    fn machine_written_dates_read_as_the_general_rules_read_them() {
        let mut texts = Vec::new();
        for year in [1, 1899, 1900, 1904, 1970, 2000, 2023, 2024, 2100, 9999] {
            for month in 0..=13 {
                for day in [0, 1, 15, 28, 29, 30, 31, 32] {
                    texts.push(format!("{year:04}-{month:02}-{day:02}"));
                }
            }
        }
        let dates = texts.clone();
        for date in &dates {
            for time in [
                "00:00:00", "23:59:59", "12:34:56", "24:00:00", "23:60:00", "23:59:60",
            ] {
                texts.push(format!("{date}T{time}"));
                texts.push(format!("{date} {time}"));
            }
        }
        texts.extend(
            [
                "2024-01-01X10:00:00",
                "2024-01-01T10-00-00",
                "2024/01/01",
                "2024-1-01",
            ]
            .map(String::from),
        );
        let mut machine = 0;
        for text in &texts {
            let fast = machine_datetime(text.as_bytes());
            machine += usize::from(fast.is_some());
            let general = general_datetime(text);
            if fast.is_some() {
                assert_eq!(fast.map(f64::to_bits), general.map(f64::to_bits), "{text}");
            }
            assert_eq!(
                parse_iso_datetime(text).map(f64::to_bits),
                general.map(f64::to_bits),
                "{text}"
            );
        }
        assert!(machine > 1000, "{machine}");
    }

    #[test]
    fn iso_parsers() {
        assert_eq!(parse_iso_datetime("1970-01-02T01:00:00"), Some(90_000.0));
        assert_eq!(parse_iso_datetime("12:30:00"), Some(45_000.0));
        assert_eq!(parse_iso_datetime("2021-13-01"), None);
        assert_eq!(parse_iso_duration("PT36H10M5.5S"), Some(130_205.5));
        assert_eq!(parse_iso_duration("P1DT2H"), Some(93_600.0));
        assert_eq!(parse_iso_duration("nonsense"), None);
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(16_383), "XFD");
    }
}
