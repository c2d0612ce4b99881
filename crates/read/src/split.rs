//! A delimited text read in two parts at once, one on each core.
//!
//! A CSV is cut near its middle, after a line break: one worker reads the
//! rows before the cut into the sheet's builder, another reads the rows
//! from it into a [`SheetPart`], and the part is joined to the builder,
//! giving the sheet one read would give. A line break inside a quoted
//! field looks like any other, so the cut is only trusted when the first
//! reader, parsing from the file's start, meets a record starting exactly
//! there; otherwise it reads on to the end itself and the part is dropped.
//! Only UTF-8 is cut (its byte positions are its text's), and only files
//! big enough for a second worker to pay for its start.

use std::io::Read;

use sheetplot_model::{ReadError, Sheet};

use crate::delimited::Decoded;
use crate::typing::{Choices, ColumnPart, SheetBuilder, SheetPart};
use crate::{
    check_text_bytes, feed_from_start, Counting, Fed, Progress, TextHead, MAX_TEXT_BYTES,
    MAX_TEXT_CELLS,
};

pub use crate::delimited::Records;

/// A text file shorter than this is read by one worker: below it, two
/// measured no faster than one on a two-core machine (a 14 MB CSV read in
/// 282–363 ms by two, 298–331 by one; 28 MB in 461–477 against 490–525).
pub const SPLIT_MIN_BYTES: u64 = 16 << 20;

/// How many bytes from the middle of a file are looked at for a cut.
pub const CUT_WINDOW: usize = 64 << 10;

/// Where to cut a file that starts as `head` says, given `window`, its
/// bytes from byte `from`: after the first line break there that another
/// line's text follows (a blank line may be skipped by the parser, which
/// would move the record's start off the cut). `None` when the file is not
/// UTF-8 or the window has no such line break.
pub fn cut_in(head: &TextHead, window: &[u8], from: u64) -> Option<u64> {
    if !head.splits() {
        return None;
    }
    let after = window
        .windows(2)
        .position(|w| w[0] == b'\n' && !matches!(w[1], b'\n' | b'\r'))?;
    Some(from + after as u64 + 1)
}

/// What reading up to a cut gave.
pub enum FirstRead {
    /// No record starts at the cut: the rows were read to the end.
    Whole(Sheet),
    /// The rows before the cut, waiting for the part after it.
    Part(FirstPart),
}

/// The rows of a text before its cut, typed so far.
pub struct FirstPart {
    fed: Fed,
    head: TextHead,
    cut: u64,
    total: u64,
}

/// The rows of a sheet from its cut on, as another worker read them (of
/// a text here, of a workbook in [`crate::rows_apart`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LaterPart {
    pub records: Records,
    /// Bytes of text fields, for the limit on the whole sheet.
    pub text_bytes: usize,
    /// A workbook's: the first cell read (sheet, row from the cut, column).
    pub first_cell: Option<[u32; 3]>,
    pub part: SheetPart,
}

/// Reads the text `reader` gives from the file's first byte (a file of
/// `total` bytes that starts as `head` says) up to the record at byte
/// `cut`, typed with `choices`. Its progress stands for both parts (each
/// reads about as fast as the other).
pub fn read_first_part(
    reader: impl Read,
    head: &TextHead,
    total: u64,
    cut: u64,
    progress: &dyn Fn(Progress),
    choices: Choices,
) -> Result<FirstRead, ReadError> {
    let both = |p: Progress| {
        let share = p.done as f64 / cut.max(1) as f64;
        progress(Progress {
            done: ((share * total as f64) as u64).min(total),
            total,
        })
    };
    let limits = (MAX_TEXT_CELLS, MAX_TEXT_BYTES);
    let fed = feed_from_start(reader, head, total, &both, choices, limits, Some(cut))?;
    if !fed.records.stopped {
        return Ok(FirstRead::Whole(fed.builder.finish()));
    }
    Ok(FirstRead::Part(FirstPart {
        fed,
        head: *head,
        cut,
        total,
    }))
}

/// Reads the text `reader` gives from a cut (of a file of `total` bytes
/// that starts as `head` says) to the end, as a part to be joined.
pub fn read_later_part(
    reader: impl Read,
    head: &TextHead,
    total: u64,
    cut: u64,
) -> Result<LaterPart, ReadError> {
    let mut builder = SheetBuilder::later_part();
    builder.expect_rows(head.expected_lines(total - cut).min(MAX_TEXT_CELLS));
    let mut fed = Fed::new(builder, (MAX_TEXT_CELLS, MAX_TEXT_BYTES));
    fed.feed(&mut Decoded::from_record(reader, head), head, None)?;
    Ok(LaterPart {
        records: fed.records,
        text_bytes: fed.text_bytes,
        first_cell: None,
        part: fed.builder.into_part(),
    })
}

impl FirstPart {
    /// Where the file was cut.
    pub fn cut(&self) -> u64 {
        self.cut
    }

    /// Whether a later part can be joined: the header and the data's
    /// first row were decided before the cut (else the later rows could
    /// still move them, as they would in one read, and the rest is read
    /// here with [`FirstPart::read_rest`]).
    pub fn can_join(&self) -> bool {
        self.fed.builder.can_join()
    }

    /// The sheet of both parts.
    ///
    /// # Panics
    /// When not [`FirstPart::can_join`].
    pub fn join(self, later: LaterPart) -> Result<Sheet, ReadError> {
        let read = (later.records, later.text_bytes, later.part.last_row);
        self.join_columns(read, later.part.columns.into_iter())
    }

    /// [`FirstPart::join`] of a later part given as what it read
    /// (`records`, `text_bytes`, `last_row`) and its columns one by one
    /// (made as they are taken, so one at a time is in memory beside the
    /// sheet's).
    pub fn join_columns(
        mut self,
        (records, text_bytes, last_row): (Records, usize, Option<usize>),
        columns: impl ExactSizeIterator<Item = ColumnPart>,
    ) -> Result<Sheet, ReadError> {
        let (max_cells, max_text_bytes) = self.fed.limits;
        let first = self.fed.records;
        let rows = first.rows + records.rows;
        crate::delimited::check_table(rows, first.width.max(records.width), max_cells)?;
        check_text_bytes(self.fed.text_bytes + text_bytes, max_text_bytes)?;
        self.fed.builder.join_columns(last_row, columns, first.rows);
        Ok(self.fed.builder.finish())
    }

    /// The sheet, its rows from the cut read here from `reader` (the
    /// file's bytes from the cut on): when the later part is not joinable
    /// or its worker failed.
    pub fn read_rest(
        mut self,
        reader: impl Read,
        progress: &dyn Fn(Progress),
    ) -> Result<Sheet, ReadError> {
        let (cut, total) = (self.cut, self.total);
        let from_cut = |p: Progress| {
            progress(Progress {
                done: (cut + p.done).min(total),
                total,
            })
        };
        let counted = Counting::new(reader, total, &from_cut);
        let head = self.head;
        let mut text = Decoded::from_record(counted, &head);
        self.fed.feed(&mut text, &head, None)?;
        Ok(self.fed.builder.finish())
    }
}
