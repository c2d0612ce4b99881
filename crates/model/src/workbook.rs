//! The typed model every other part works from: a workbook is a list of
//! sheets, a sheet is a list of equally long typed columns.
//!
//! Columns are stored contiguously (`Vec<f64>` or interned ids), never as a
//! grid of cell enums: a million-row column is one allocation, cheap to
//! transfer out of a Web Worker and cheap to scan when drawing.

use crate::stats::{finite_extreme_rows, ColumnStats};

/// A whole workbook after reading and typing.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
}

/// One sheet: its name and its data as typed columns of `rows` values each.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    /// Number of data rows (header excluded).
    pub rows: usize,
    /// Zero-based sheet row of the header, if there is one.
    pub header_row: Option<usize>,
    /// Zero-based sheet row where the used cells begin (rows above are blank).
    pub first_row: usize,
    pub columns: Vec<Column>,
    /// The first text above the header (a title block's first line), if any.
    pub title: Option<String>,
}

/// A named column with its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub values: Values,
    /// Non-blank cells whose type differs from the column's type; they were
    /// left out (as gaps) rather than coerced, and the page says so.
    pub misfits: usize,
    /// Facts about the values for drawing, worked out when the column is
    /// made (numeric columns only).
    stats: Option<ColumnStats>,
    /// How the values were written, beyond their type (`12 %` is the number
    /// 0.12 written as a percentage).
    pub number_format: NumberFormat,
    /// For a date column read from text such as `31/12/2024`: the order of
    /// day and month it was read in, and whether its values left that open.
    pub text_dates: Option<TextDates>,
    /// Where its values sit in the sheet, for a column read from one (not
    /// one derived by shaping): a saved chart's `Sheet1!$B$2:$B$13` finds
    /// its column by it.
    pub origin: Option<CellOrigin>,
}

/// Where a column's values sit in its sheet: value `i` is the cell at
/// zero-based row `first_row + i` of zero-based sheet column `column`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CellOrigin {
    pub column: u32,
    pub first_row: u32,
}

/// How a numeric column's values are shown, as the workbook wrote them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum NumberFormat {
    /// As the number itself: `1,200.5`.
    #[default]
    General,
    /// Times a hundred, with a percent sign: 0.12 reads as `12%`.
    Percent,
}

/// The order of day and month in a date written with numbers only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateOrder {
    /// `31/12/2024`, `31.12.2024`: most of the world.
    DayFirst,
    /// `12/31/2024`: the United States.
    MonthFirst,
}

/// How a column's dates written as text (`03/04/2024`) were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextDates {
    /// The order the column was read in.
    pub order: DateOrder,
    /// No value showed the order (every day was 12 or under), so `order`
    /// is a default (or the user's choice) rather than what the data says:
    /// the page offers the other order.
    pub ambiguous: bool,
}

/// What a date-time column holds, as the workbook's number formats show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeKind {
    /// Calendar dates without a time of day.
    Date,
    /// Dates with a time of day.
    DateTime,
    /// A time of day without a date (a fraction of a day in Excel).
    TimeOfDay,
    /// An elapsed time such as `[h]:mm:ss`.
    Duration,
}

/// The values of a column. Gaps (blank or error cells, and misfits) are
/// `NaN` in the float vectors and [`Values::NO_LABEL`] in text ids.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Number(Vec<f64>),
    /// Seconds since 1970-01-01T00:00:00 of the workbook's wall clock (no
    /// time zone, as in Excel); for [`TimeKind::Duration`], elapsed seconds.
    Time {
        seconds: Vec<f64>,
        kind: TimeKind,
    },
    /// `1.0` for true, `0.0` for false, `NaN` for a gap.
    Bool(Vec<f64>),
    /// Interned text: each row holds an index into `labels`.
    Text {
        ids: Vec<u32>,
        labels: Vec<String>,
    },
}

impl Values {
    /// The id a text row holds when its cell is blank.
    pub const NO_LABEL: u32 = u32::MAX;

    pub fn len(&self) -> usize {
        match self {
            Values::Number(v) | Values::Bool(v) | Values::Time { seconds: v, .. } => v.len(),
            Values::Text { ids, .. } => ids.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values as floats, for the column types that sit on a numeric axis.
    pub fn as_floats(&self) -> Option<&[f64]> {
        match self {
            Values::Number(v) | Values::Bool(v) | Values::Time { seconds: v, .. } => Some(v),
            Values::Text { .. } => None,
        }
    }

    /// The label of text row `row`, if this is a text column and it is not blank.
    pub fn label(&self, row: usize) -> Option<&str> {
        match self {
            Values::Text { ids, labels } => {
                let id = *ids.get(row)?;
                labels.get(id as usize).map(String::as_str)
            }
            _ => None,
        }
    }

    /// A 64-bit fingerprint of the values, their type and their labels
    /// (FNV-1a over 64-bit words; every gap hashes alike): two reads of a
    /// file by different paths gave the same column when they agree. For
    /// tests and diagnostics, not security.
    pub fn checksum(&self) -> u64 {
        let mut hash = Fnv::default();
        hash.text(self.type_name());
        match self {
            Values::Number(v) | Values::Bool(v) | Values::Time { seconds: v, .. } => {
                for &x in v {
                    hash.word(if x.is_nan() { f64::NAN } else { x }.to_bits());
                }
            }
            Values::Text { ids, labels } => {
                for &id in ids {
                    hash.word(u64::from(id));
                }
                for label in labels {
                    hash.text(label);
                }
            }
        }
        hash.0
    }

    /// A short human name of the type, shown in the page.
    pub fn type_name(&self) -> &'static str {
        match self {
            Values::Number(_) => "number",
            Values::Time { kind, .. } => match kind {
                TimeKind::Date => "date",
                TimeKind::DateTime => "date-time",
                TimeKind::TimeOfDay => "time",
                TimeKind::Duration => "duration",
            },
            Values::Bool(_) => "boolean",
            Values::Text { .. } => "text",
        }
    }
}

/// FNV-1a, a word at a time (see [`Values::checksum`]).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn word(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(0x0000_0100_0000_01b3);
    }

    /// `text`'s length, then its bytes eight at a time.
    fn text(&mut self, text: &str) {
        self.word(text.len() as u64);
        for chunk in text.as_bytes().chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
    }
}

impl Column {
    /// A column, with its stats worked out now.
    pub fn new(name: String, values: Values, misfits: usize) -> Column {
        let stats = values.as_floats().map(ColumnStats::of);
        Column::with_stats(name, values, misfits, stats)
    }

    /// The column, its values shown in `format`.
    pub fn with_number_format(mut self, format: NumberFormat) -> Column {
        self.number_format = format;
        self
    }

    /// The column, noting how its dates written as text were read.
    pub fn with_text_dates(mut self, text_dates: Option<TextDates>) -> Column {
        self.text_dates = text_dates;
        self
    }

    /// The column, noting where its values sit in the sheet.
    pub fn with_origin(mut self, origin: Option<CellOrigin>) -> Column {
        self.origin = origin;
        self
    }

    /// A column whose stats were worked out elsewhere (shipped from the
    /// worker with it); `None` for a text column.
    pub fn with_stats(
        name: String,
        values: Values,
        misfits: usize,
        stats: Option<ColumnStats>,
    ) -> Column {
        Column {
            name,
            values,
            misfits,
            stats,
            number_format: NumberFormat::General,
            text_dates: None,
            origin: None,
        }
    }

    /// The column's [`ColumnStats`] (numeric columns only).
    pub fn stats(&self) -> Option<&ColumnStats> {
        self.stats.as_ref()
    }

    /// The rows of the first lowest and the first highest finite value of a
    /// numeric column, gaps skipped: from its blocks when it has stats (no
    /// pass over its rows), else read from its values; `None` for text or
    /// when every value is a gap.
    pub fn extreme_rows(&self) -> Option<(usize, usize)> {
        match self.stats() {
            Some(stats) => stats.blocks.finite_extremes().map(|e| (e.min, e.max)),
            None => finite_extreme_rows(self.values.as_floats()?),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self.values, Values::Number(_))
    }

    pub fn is_time(&self) -> bool {
        matches!(self.values, Values::Time { .. })
    }
}

impl Sheet {
    /// A sheet with no data rows or no columns.
    pub fn is_empty(&self) -> bool {
        self.rows == 0 || self.columns.is_empty()
    }

    /// The columns whose dates were written as text whose values leave the
    /// order of day and month open (`03/04/2024` and no day over 12): the
    /// page offers the other order for them.
    pub fn ambiguous_date_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .filter(|c| c.text_dates.is_some_and(|d| d.ambiguous))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_tell_columns_apart_by_any_value_type_or_label() {
        let numbers = Values::Number(vec![1.0, f64::NAN, 3.0]);
        let base = numbers.checksum();
        let other_gap = Values::Number(vec![1.0, f64::from_bits(f64::NAN.to_bits() | 1), 3.0]);
        assert_eq!(other_gap.checksum(), base, "every gap hashes alike");
        for different in [
            Values::Number(vec![1.0, 2.0, 3.0]),
            Values::Number(vec![1.0, f64::NAN, 3.000_000_000_000_001]),
            Values::Number(vec![1.0, f64::NAN]),
            Values::Bool(vec![1.0, f64::NAN, 3.0]),
            Values::Time {
                seconds: vec![1.0, f64::NAN, 3.0],
                kind: TimeKind::Date,
            },
        ] {
            assert_ne!(different.checksum(), base, "{different:?}");
        }
        let text = |ids: Vec<u32>, labels: &[&str]| Values::Text {
            ids,
            labels: labels.iter().map(|l| l.to_string()).collect(),
        };
        let a = text(vec![0, 1, Values::NO_LABEL], &["north", "south"]);
        assert_eq!(
            a.checksum(),
            text(vec![0, 1, Values::NO_LABEL], &["north", "south"]).checksum()
        );
        for different in [
            text(vec![1, 0, Values::NO_LABEL], &["south", "north"]),
            text(vec![0, 1, 1], &["north", "south"]),
            text(vec![0, 1, Values::NO_LABEL], &["north", "sout"]),
            text(vec![0, 1, Values::NO_LABEL], &["northsouth", ""]),
        ] {
            assert_ne!(different.checksum(), a.checksum(), "{different:?}");
        }
    }
}
