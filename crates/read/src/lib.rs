//! Bytes in, [`Workbook`] out: the one crate that links calamine.
//!
//! The format is detected from the bytes (zip, OLE compound file), not from
//! the file name, so a renamed file still opens and a wrong extension still
//! gets an honest message. Each sheet's cells go to [`crate::typing`].

mod delimited;
#[cfg(feature = "all-formats")]
mod html;
#[cfg(feature = "all-formats")]
mod ole;
pub mod read_at;
mod spliced;
#[cfg(feature = "all-formats")]
mod spreadsheetml;

pub mod rows_apart;
pub mod saved_charts;
pub mod split;
pub mod typing;
pub mod written;

use std::cell::Cell;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::rc::Rc;

use calamine::{open_workbook_from_rs, Data, Range, Reader, SheetType, Xlsx};
#[cfg(feature = "all-formats")]
use calamine::{Ods, Xls, Xlsb};

use crate::typing::{type_sheet_with_choices, Choices, HeaderChoice, SheetBuilder};
use sheetplot_model::ReadError;
use sheetplot_model::{Sheet, Workbook};

/// Largest file sheetplot accepts, in bytes.
pub const MAX_FILE_BYTES: usize = 512 * 1024 * 1024;
/// Largest sheet, in cells (rows × columns of its used range): twenty
/// columns of Excel's full 1,048,576 rows.
pub const MAX_SHEET_CELLS: usize = 20 * 1_048_576;
/// Excel's column limit (XFD): a cell beyond it is a damaged file, and each
/// column costs the typing a builder.
pub const MAX_COLUMNS: u32 = 16_384;

/// The name of the one sheet of a CSV file.
pub const TEXT_SHEET_NAME: &str = "data";
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The beginning-of-file records of BIFF2, BIFF3 and BIFF4 worksheets.
const LEGACY_BIFF_BOF: [[u8; 2]; 3] = [[0x09, 0x00], [0x09, 0x02], [0x09, 0x04]];
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The container a file's first bytes announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// .xlsx, .xlsm, .xlsb or .ods.
    Zip,
    /// .xls (BIFF5–8), or an encrypted OOXML workbook.
    Ole,
    /// A bare BIFF2–4 worksheet stream (Excel 2.x–4.0), outside any container.
    LegacyBiff,
    /// Anything else: text (CSV, SpreadsheetML 2003, HTML tables) or not a
    /// spreadsheet.
    Unknown,
}

impl Container {
    pub fn sniff(bytes: &[u8]) -> Container {
        if bytes.starts_with(ZIP_MAGIC) {
            Container::Zip
        } else if bytes.starts_with(OLE_MAGIC) {
            Container::Ole
        } else if LEGACY_BIFF_BOF.iter().any(|bof| bytes.starts_with(bof)) {
            Container::LegacyBiff
        } else {
            Container::Unknown
        }
    }
}

/// How far a read has come: bytes of the file read so far, of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// The bytes being read, and whom to tell how far reading has come.
#[derive(Clone, Copy)]
struct Source<'a> {
    bytes: &'a [u8],
    progress: &'a dyn Fn(Progress),
}

/// A reader over the file that counts what is read from it (all clones
/// count together), reporting each further [`PROGRESS_STEP`].
struct Counting<'a, R = Box<dyn ReadSeek + 'a>> {
    inner: R,
    read: Rc<Cell<u64>>,
    total: u64,
    progress: &'a dyn Fn(Progress),
}

/// Report progress every this many bytes read.
const PROGRESS_STEP: u64 = 1 << 20;

impl<'a, R> Counting<'a, R> {
    fn new(inner: R, total: u64, progress: &'a dyn Fn(Progress)) -> Self {
        Counting {
            inner,
            read: Rc::new(Cell::new(0)),
            total,
            progress,
        }
    }
}

impl<'a> Counting<'a> {
    /// Over the bytes of `source`, for calamine. (Boxed: calamine's readers
    /// are generic over their source, and each source type would add a
    /// copy of them to the wasm.)
    fn over(source: Source<'a>) -> Self {
        Counting::new(
            Box::new(Cursor::new(source.bytes)),
            source.bytes.len() as u64,
            source.progress,
        )
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let before = self.read.get();
        let after = before + n as u64;
        self.read.set(after);
        if after / PROGRESS_STEP != before / PROGRESS_STEP {
            // A zip's directory is read twice: never report past the end.
            (self.progress)(Progress {
                done: after.min(self.total),
                total: self.total,
            });
        }
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<'_, R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(to)
    }
}

/// Largest table read from delimited text, in cells. Its fields stream
/// straight into typed columns (8 bytes a number, 4 a label), never into a
/// grid or the whole file in memory, so this is bounded by what a page can
/// hold three times over (the reader's columns, their copy on the way, and
/// the page's): 64 million numbers are 512 MB each time.
pub const MAX_TEXT_CELLS: usize = 64_000_000;
/// Most text (bytes of text fields) read from delimited text: labels are
/// kept, so a file of long unique strings is refused before memory runs out.
pub const MAX_TEXT_BYTES: usize = 512 * 1024 * 1024;

pub use delimited::{TextHead, HEAD_BYTES};

/// What a file that starts with `head` (its first [`HEAD_BYTES`], or all of
/// it when `whole`) is, when it is delimited text (CSV, TSV, …) and not a
/// workbook, an HTML page or a SpreadsheetML 2003 file: such a file is read
/// as it arrives by [`read_delimited_stream`], whatever its length.
pub fn delimited_head(head: &[u8], whole: bool) -> Option<TextHead> {
    if head.is_empty() || Container::sniff(head) != Container::Unknown {
        return None;
    }
    if is_markup(head) {
        return None;
    }
    TextHead::of(head, whole)
}

/// Whether text that starts with `head` is an HTML page or a SpreadsheetML
/// 2003 workbook, not delimited text.
#[cfg(feature = "all-formats")]
fn is_markup(head: &[u8]) -> bool {
    if html::starts_like_html(head) {
        return true;
    }
    let start = delimited::decode_text(&head[..head.len().min(8192)]).unwrap_or_default();
    spreadsheetml::is_spreadsheetml(&start)
}

/// Whether text that starts with `head` may be an HTML page or an XML
/// workbook: this build leaves it to the reader of every format, which
/// tells (and reads a table that merely starts with `<` as text). Telling
/// HTML for sure takes its tokenizer, the code this build leaves out.
#[cfg(not(feature = "all-formats"))]
fn is_markup(head: &[u8]) -> bool {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    // UTF-16 text (a byte-order mark) is CSV only in a spreadsheet's
    // "Unicode text" export, which starts with a cell, never with `<`.
    let text = match text {
        [0xFF, 0xFE, rest @ ..] | [0xFE, 0xFF, rest @ ..] => {
            return rest.iter().find(|b| **b != 0 && !b.is_ascii_whitespace()) == Some(&b'<')
        }
        _ => text,
    };
    let text = text.trim_ascii_start();
    text.starts_with(b"<") || text.starts_with(b"Version:")
}

/// The refusal this build gives a file in a format `format` (named for a
/// person) that it leaves to the reader of every format.
#[cfg(not(feature = "all-formats"))]
fn other_reader(format: &str) -> ReadError {
    ReadError::OtherReader(format.to_owned())
}

/// Whether this build leaves the file that starts with `head` (its first
/// [`HEAD_BYTES`], or all of it) to the reader of every format, as reading
/// it would: told from the head alone, so the page's reader hands an .xls
/// or an HTML page on before it reads the file into memory. A zip's
/// format is told by its directory ([`zip_left_elsewhere_at`]).
pub fn left_elsewhere(head: &[u8]) -> Option<ReadError> {
    #[cfg(feature = "all-formats")]
    {
        let _ = head;
        None
    }
    #[cfg(not(feature = "all-formats"))]
    match Container::sniff(head) {
        Container::Ole => Some(other_reader(".xls workbook")),
        Container::Unknown if is_markup(head) => Some(other_reader("HTML or XML file")),
        _ => None,
    }
}

/// Whether this build leaves the zip that starts with `head` and that
/// `source` holds to the reader of every format (an .xlsb or an .ods),
/// told from its directory alone: the page's reader hands one on before it
/// reads the file into memory, at the cost of a read of the file's last
/// kilobyte or so. `None` for anything else, a zip this build reads or one
/// whose directory does not read (reading it says why).
pub fn zip_left_elsewhere_at<S: read_at::ReadAt + ?Sized>(
    head: &[u8],
    source: &S,
) -> Option<ReadError> {
    #[cfg(feature = "all-formats")]
    {
        let _ = (head, source);
        None
    }
    #[cfg(not(feature = "all-formats"))]
    {
        if Container::sniff(head) != Container::Zip {
            return None;
        }
        zip_contents_in(counting_at(source, 0, &|_| {}))
            .ok()
            .and_then(left_to_every_format)
    }
}

/// What this build says of a zip that holds `contents` it leaves to the
/// reader of every format.
#[cfg(not(feature = "all-formats"))]
fn left_to_every_format(contents: ZipContents) -> Option<ReadError> {
    match contents {
        ZipContents::Xlsb => Some(other_reader(".xlsb workbook")),
        ZipContents::Ods => Some(other_reader(".ods spreadsheet")),
        ZipContents::Xlsx | ZipContents::Unnamed => None,
    }
}

/// Reads the delimited text that `reader` gives from its first byte (a
/// file of `total` bytes that starts as `head` says) into its one typed
/// sheet, a buffer at a time, telling `progress` how far it has come.
pub fn read_delimited_stream(
    reader: impl Read,
    head: &TextHead,
    total: u64,
    progress: &dyn Fn(Progress),
    choices: Choices,
) -> Result<Sheet, ReadError> {
    let limits = (MAX_TEXT_CELLS, MAX_TEXT_BYTES);
    read_delimited_within(reader, head, total, progress, choices, limits)
}

/// Sheet `index` of a delimited text as [`read_delimited_stream`] reads it:
/// such a file has one sheet, 0.
pub fn read_delimited_sheet(
    reader: impl Read,
    head: &TextHead,
    total: u64,
    index: usize,
    progress: &dyn Fn(Progress),
    choices: Choices,
) -> Result<Sheet, ReadError> {
    match index {
        0 => read_delimited_stream(reader, head, total, progress, choices),
        _ => Err(ReadError::NoSheets),
    }
}

/// [`read_delimited_stream`] within `(cells, text bytes)`.
fn read_delimited_within(
    reader: impl Read,
    head: &TextHead,
    total: u64,
    progress: &dyn Fn(Progress),
    choices: Choices,
    limits: (usize, usize),
) -> Result<Sheet, ReadError> {
    let fed = feed_from_start(reader, head, total, progress, choices, limits, None)?;
    Ok(fed.builder.finish())
}

/// Types the delimited text `reader` gives from the file's first byte (a
/// file of `total` bytes that starts as `head` says) into a new sheet's
/// builder, its columns made as long as the head foretells; up to the
/// record that starts at byte `cut`, when one is given and met (see
/// [`split`]).
fn feed_from_start(
    reader: impl Read,
    head: &TextHead,
    total: u64,
    progress: &dyn Fn(Progress),
    choices: Choices,
    limits: (usize, usize),
    cut: Option<u64>,
) -> Result<Fed, ReadError> {
    let counted = Counting::new(reader, total, progress);
    let mut text = delimited::Decoded::new(counted, head).map_err(|e| read_on_error(&e))?;
    let exactness = text.exactness();
    let exact = || exactness.get();
    let stop = cut.map(|cut| delimited::StopAt {
        byte: cut - head.bom_len() as u64,
        exact: &exact,
    });
    let mut builder = SheetBuilder::with_choices(
        TEXT_SHEET_NAME.to_owned(),
        choices,
        head.dialect.decimal_comma,
    );
    builder.expect_rows(head.expected_lines(total).min(limits.0));
    let mut fed = Fed::new(builder, limits);
    fed.feed(&mut text, head, stop)?;
    Ok(fed)
}

fn read_on_error(error: &std::io::Error) -> ReadError {
    ReadError::Corrupt(format!("the file could not be read on: {error}"))
}

/// A sheet being typed from delimited text, and how much of the limits
/// `(cells, text bytes)` its records have taken.
struct Fed {
    builder: SheetBuilder,
    records: delimited::Records,
    text_bytes: usize,
    limits: (usize, usize),
}

impl Fed {
    fn new(builder: SheetBuilder, limits: (usize, usize)) -> Fed {
        Fed {
            builder,
            records: delimited::Records::default(),
            text_bytes: 0,
            limits,
        }
    }

    /// Types the records `text` gives as the rows after those fed so far,
    /// up to `stop` when one is given. `text` is a trait object: the csv
    /// parser and the typing are then compiled once, not once for each
    /// reader (a 64 KB buffer at a time, the call costs nothing; each copy
    /// cost the shipped reader about 15 KB gzipped).
    fn feed(
        &mut self,
        text: &mut dyn Read,
        head: &TextHead,
        stop: Option<delimited::StopAt>,
    ) -> Result<(), ReadError> {
        let (max_cells, max_text_bytes) = self.limits;
        let (builder, text_bytes) = (&mut self.builder, &mut self.text_bytes);
        self.records = delimited::each_record_cell(
            text,
            head.dialect,
            max_cells,
            self.records,
            stop,
            |row, col, value| {
                if let Data::String(text) = &value {
                    *text_bytes += text.len();
                    check_text_bytes(*text_bytes, max_text_bytes)?;
                }
                builder.push(row, col, value);
                Ok(())
            },
        )?;
        Ok(())
    }
}

fn check_text_bytes(text_bytes: usize, max_text_bytes: usize) -> Result<(), ReadError> {
    if text_bytes > max_text_bytes {
        return Err(ReadError::TooLarge(format!(
            "more than the {} MB of text sheetplot holds from a text file",
            max_text_bytes >> 20
        )));
    }
    Ok(())
}

/// Reads and types every sheet of the workbook in `bytes`.
pub fn read_workbook(bytes: &[u8]) -> Result<Workbook, ReadError> {
    read_workbook_with(bytes, &|_| {})
}

/// [`read_workbook`], telling `progress` how far reading has come.
pub fn read_workbook_with(
    bytes: &[u8],
    progress: &dyn Fn(Progress),
) -> Result<Workbook, ReadError> {
    if let Some(head) = delimited_head(bytes, true) {
        let sheet = read_delimited_stream(
            bytes,
            &head,
            bytes.len() as u64,
            progress,
            Choices::default(),
        )?;
        return Ok(Workbook {
            sheets: vec![sheet],
        });
    }
    let source = Source { bytes, progress };
    let sheets = match streamable(bytes) {
        Some(format) => {
            check_size(bytes)?;
            let sheets =
                guarded(|| format.stream(Counting::over(source), Choices::default(), None))?;
            if sheets.is_empty() {
                return Err(ReadError::NoSheets);
            }
            sheets
        }
        None => {
            let (ranges, decimal_comma) = read_ranges(source)?;
            ranges
                .into_iter()
                .map(|(name, range)| {
                    type_sheet_with_choices(name, &range, Choices::default(), decimal_comma)
                })
                .collect()
        }
    };
    Ok(Workbook { sheets })
}

/// How many worksheets the workbook in `bytes` holds, when it is one whose
/// sheets [`read_workbook_sheets`] reads apart (an .xlsx or .xlsb): told by
/// its zip directory's worksheet parts, without reading them. A guide to
/// sharing the work, not a sheet count: a part no sheet names counts, a
/// chart sheet does not.
pub fn worksheet_count(bytes: &[u8]) -> Option<usize> {
    worksheet_count_at(bytes)
}

/// [`worksheet_count`] of the workbook `source` holds, reading only its
/// head and its zip directory.
pub fn worksheet_count_at<S: read_at::ReadAt + ?Sized>(source: &S) -> Option<usize> {
    let format = streamable_at(source)?;
    let ending = match format {
        Streamable::Xlsx => ".xml",
        #[cfg(feature = "all-formats")]
        Streamable::Xlsb => ".bin",
    };
    let archive = zip::ZipArchive::new(counting_at(source, 0, &|_| {})).ok()?;
    let count = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|name| is_worksheet_part(name, ending))
        .count();
    Some(count)
}

/// Whether zip entry `name` is a worksheet part (its name ends in
/// `ending`: `.xml` in an .xlsx, `.bin` in an .xlsb).
fn is_worksheet_part(name: &str, ending: &str) -> bool {
    let name = name.replace('\\', "/").to_ascii_lowercase();
    // (.xlsb keeps an index of each sheet beside it: binaryIndexN.bin.)
    name.contains("worksheets/")
        && !name.contains("/_rels/")
        && !name.contains("binaryindex")
        && name.ends_with(ending)
}

/// The sheets `sheets` (by index, as [`read_workbook`] lists them; those
/// past the last are none) of the .xlsx or .xlsb in `bytes`: two workers
/// read a workbook's sheets apart, each its share.
pub fn read_workbook_sheets(
    bytes: &[u8],
    sheets: std::ops::Range<usize>,
    progress: &dyn Fn(Progress),
) -> Result<Vec<Sheet>, ReadError> {
    read_workbook_sheets_at(bytes, sheets, progress)
}

/// [`read_workbook_sheets`] of the workbook `source` holds, read where
/// calamine asks: the page's helper reads the user's file so, and holds
/// no copy of it.
pub fn read_workbook_sheets_at<S: read_at::ReadAt + ?Sized>(
    source: &S,
    sheets: std::ops::Range<usize>,
    progress: &dyn Fn(Progress),
) -> Result<Vec<Sheet>, ReadError> {
    // A file that cannot be read says so, rather than that it has no sheets.
    source
        .read_at(0, &mut [0; 8])
        .map_err(|e| read_on_error(&e))?;
    let format = streamable_at(source).ok_or(ReadError::NoSheets)?;
    check_file_size(source.size())?;
    guarded(|| {
        let reader = counting_at(source, 0, progress);
        format.stream(reader, Choices::default(), Some(sheets))
    })
}

/// `source` from byte `at` on, for calamine and the zip crate, counted.
/// (Boxed, as [`Counting::over`] is: their code is not made again for each
/// kind of source.)
fn counting_at<'a, S: read_at::ReadAt + ?Sized>(
    source: &'a S,
    at: u64,
    progress: &'a dyn Fn(Progress),
) -> Counting<'a> {
    let cursor = read_at::AtCursor::at(source, at);
    Counting::new(Box::new(cursor), source.size(), progress)
}

/// Reads sheet `index` of the workbook in `bytes` again, typed with the
/// header the user chose.
pub fn read_sheet_with(
    bytes: &[u8],
    index: usize,
    header: HeaderChoice,
) -> Result<Sheet, ReadError> {
    read_sheet_with_choices(bytes, index, header.into())
}

/// Reads sheet `index` of the workbook in `bytes` again, typed with the
/// user's choices (the header row, the order of day and month).
pub fn read_sheet_with_choices(
    bytes: &[u8],
    index: usize,
    choices: Choices,
) -> Result<Sheet, ReadError> {
    if let Some(head) = delimited_head(bytes, true) {
        let total = bytes.len() as u64;
        return read_delimited_sheet(bytes, &head, total, index, &|_| {}, choices);
    }
    let source = Source {
        bytes,
        progress: &|_| {},
    };
    if let Some(format) = streamable(bytes) {
        let sheets =
            guarded(|| format.stream(Counting::over(source), choices, Some(index..index + 1)))?;
        return sheets.into_iter().next().ok_or(ReadError::NoSheets);
    }
    let (ranges, decimal_comma) = read_ranges(source)?;
    let (name, range) = ranges.into_iter().nth(index).ok_or(ReadError::NoSheets)?;
    Ok(type_sheet_with_choices(
        name,
        &range,
        choices,
        decimal_comma,
    ))
}

/// The formats whose cells calamine can hand over one by one.
#[derive(Clone, Copy)]
enum Streamable {
    Xlsx,
    #[cfg(feature = "all-formats")]
    Xlsb,
}

/// The streamable format of `bytes`, when its zip directory names it.
fn streamable(bytes: &[u8]) -> Option<Streamable> {
    streamable_in(bytes, Cursor::new(bytes))
}

/// [`streamable`] of the file `source` holds, reading only its head and
/// its zip directory.
fn streamable_at<S: read_at::ReadAt + ?Sized>(source: &S) -> Option<Streamable> {
    let mut head = [0; 8];
    let len = source.read_at(0, &mut head).ok()?;
    streamable_in(&head[..len], counting_at(source, 0, &|_| {}))
}

/// The streamable format of the file that starts with `head`, when the
/// directory of its zip (read from `file`) names it.
fn streamable_in(head: &[u8], file: impl Read + Seek) -> Option<Streamable> {
    if Container::sniff(head) != Container::Zip {
        return None;
    }
    match zip_contents_in(file) {
        #[cfg(feature = "all-formats")]
        Ok(ZipContents::Xlsb) => Some(Streamable::Xlsb),
        Ok(ZipContents::Xlsx) => Some(Streamable::Xlsx),
        _ => None,
    }
}

/// What a zip's entry names say it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZipContents {
    Xlsb,
    Xlsx,
    Ods,
    /// No part with a name a workbook's main part has.
    Unnamed,
}

/// Lists the entries of the zip in `bytes` (its central directory, with
/// the zip crate calamine uses, so both see the same entries) and tells
/// the format by the name of the workbook's main part. Names are matched
/// after the last `/` or `\`: some writers use backslashes, or no `xl/`.
fn zip_contents(bytes: &[u8]) -> Result<ZipContents, ReadError> {
    zip_contents_in(Cursor::new(bytes))
}

/// [`zip_contents`] of the zip `file` reads.
fn zip_contents_in(file: impl Read + Seek) -> Result<ZipContents, ReadError> {
    let archive = zip::ZipArchive::new(file).map_err(|e| zip_refusal(&e))?;
    let has_part = |part: &str| {
        archive
            .file_names()
            // A name that does not decode names no workbook part.
            .filter_map(Result::ok)
            .any(|name| name.rsplit(['/', '\\']).next() == Some(part))
    };
    Ok(if has_part("workbook.bin") {
        ZipContents::Xlsb
    } else if has_part("workbook.xml") {
        ZipContents::Xlsx
    } else if has_part("content.xml") {
        ZipContents::Ods
    } else {
        ZipContents::Unnamed
    })
}

impl Streamable {
    /// Types the sheets (or only the sheets `only`) straight from calamine's
    /// cell reader into columns, never building a grid of cells.
    fn stream(
        self,
        reader: Counting<'_>,
        choices: Choices,
        only: Option<std::ops::Range<usize>>,
    ) -> Result<Vec<Sheet>, ReadError> {
        let read = self.stream_rows(reader, choices, only, Rows::All, None)?;
        Ok(read.into_iter().map(|r| r.builder.finish()).collect())
    }

    /// [`Streamable::stream`] of the workbook `reader` reads, the sheets'
    /// rows `rows`, their builders left open; the first sheet read into
    /// `resume` (a read begun before) when given.
    fn stream_rows(
        self,
        reader: Counting<'_>,
        choices: Choices,
        only: Option<std::ops::Range<usize>>,
        rows: Rows,
        mut resume: Option<SheetRead>,
    ) -> Result<Vec<SheetRead>, ReadError> {
        let file_bytes = reader.total;
        match self {
            Streamable::Xlsx => {
                let mut workbook: Xlsx<_> = open_workbook_from_rs(reader).map_err(classify)?;
                stream_sheets(
                    &mut workbook,
                    (choices, only, rows, resume.take(), file_bytes),
                    |wb, name, into| {
                        let mut cells = match wb.worksheet_cells_reader(name) {
                            Ok(cells) => cells,
                            Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(()),
                            Err(e) => return Err(classify(e)),
                        };
                        into.declared(cells.dimensions());
                        while let Some(cell) = cells.next_cell().map_err(classify)? {
                            if !into
                                .cell(cell.get_position(), Data::from(cell.get_value().clone()))?
                            {
                                break;
                            }
                        }
                        Ok(())
                    },
                )
            }
            #[cfg(feature = "all-formats")]
            Streamable::Xlsb => {
                let mut workbook: Xlsb<_> = open_workbook_from_rs(reader).map_err(classify)?;
                stream_sheets(
                    &mut workbook,
                    (choices, only, rows, resume.take(), file_bytes),
                    |wb, name, into| {
                        let mut cells = wb.worksheet_cells_reader(name).map_err(classify)?;
                        into.declared(cells.dimensions());
                        while let Some(cell) = cells.next_cell().map_err(classify)? {
                            if !into
                                .cell(cell.get_position(), Data::from(cell.get_value().clone()))?
                            {
                                break;
                            }
                        }
                        Ok(())
                    },
                )
            }
        }
    }
}

/// A workbook's bytes as calamine reads them.
pub(crate) trait ReadSeek: Read + Seek {}

impl<T: Read + Seek> ReadSeek for T {}

/// Which rows of each sheet a read takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rows {
    All,
    /// The rows above sheet row `cut`: the read stops at the first cell
    /// at or below it.
    Before(u32),
    /// The rows from sheet row `cut` on (a later part, its rows counted
    /// from the cut): a cell above it is an error.
    From(u32),
    /// The cells after the first `n` with a value, as one read gives them
    /// (the rest of a read that stopped after `n`).
    After(usize),
}

/// What a read of a sheet's cells gave.
pub(crate) struct SheetRead {
    pub builder: SheetBuilder,
    pub extent: Extent,
    /// The first cell (row, column) met that the rows read leave out:
    /// where [`Rows::Before`] stopped.
    pub stopped_at: Option<(u32, u32)>,
    /// The first cell read (row, column).
    pub first_cell: Option<(u32, u32)>,
    /// How many cells with a value were read.
    pub cells: usize,
}

impl Default for SheetRead {
    fn default() -> Self {
        SheetRead {
            builder: SheetBuilder::later_part(),
            extent: Extent::default(),
            stopped_at: None,
            first_cell: None,
            cells: 0,
        }
    }
}

/// The rows and columns a sheet's cells span so far.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Extent {
    pub first_row: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Default for Extent {
    fn default() -> Self {
        Extent {
            first_row: u32::MAX,
            last_row: 0,
            last_col: 0,
        }
    }
}

impl Extent {
    /// Adds a cell, refusing a sheet (`name`) whose cells would span more
    /// than [`MAX_SHEET_CELLS`] or reach past [`MAX_COLUMNS`].
    pub fn add(&mut self, (row, col): (u32, u32), name: &str) -> Result<(), ReadError> {
        self.first_row = self.first_row.min(row);
        self.last_row = self.last_row.max(row);
        self.last_col = self.last_col.max(col);
        self.check(name)
    }

    fn check(&self, name: &str) -> Result<(), ReadError> {
        // In u64: a damaged .xlsb can name column 4,294,967,295.
        let rows = u64::from(self.last_row.saturating_sub(self.first_row)) + 1;
        let span = rows * (u64::from(self.last_col) + 1);
        if span > MAX_SHEET_CELLS as u64 || self.last_col >= MAX_COLUMNS {
            return Err(ReadError::TooLarge(format!(
                "sheet '{name}' spans more than the {MAX_SHEET_CELLS} cells \
                 (or {MAX_COLUMNS} columns) sheetplot holds"
            )));
        }
        Ok(())
    }
}

/// Where a sheet's cell reader puts what it reads.
trait SheetSink {
    /// The rows and columns the sheet says it spans, told before its cells.
    fn declared(&mut self, dimensions: calamine::Dimensions);
    /// A cell (row, column); false to stop reading.
    fn cell(&mut self, at: (u32, u32), value: Data) -> Result<bool, ReadError>;
}

/// One sheet's read: its cells, the rows `rows` of them, into `read`.
struct IntoSheet<'r> {
    read: &'r mut SheetRead,
    rows: Rows,
    name: &'r str,
    /// The workbook's size: what a sheet's declared span is checked against.
    file_bytes: u64,
    /// Cells with a value passed over ([`Rows::After`]).
    passed: usize,
}

/// The fewest bytes of a workbook file a cell is taken to cost: a sheet
/// declaring more cells than its file could hold at this rate has a
/// dimension its writer got wrong (a formatted range, say), and its
/// columns are not made that long beforehand.
const MIN_BYTES_PER_DECLARED_CELL: u64 = 4;

/// Below this many declared rows a sheet's columns simply grow: doubling
/// them costs nothing worth a guess.
const MIN_DECLARED_ROWS_TO_MAKE: u64 = 4096;

impl SheetSink for IntoSheet<'_> {
    fn declared(&mut self, dimensions: calamine::Dimensions) {
        let (first, last) = (dimensions.start.0, dimensions.end.0);
        let rows = match self.rows {
            // The first part: the later parts join its columns, so they
            // are made as long as the whole sheet.
            Rows::All | Rows::Before(_) => last.saturating_sub(first) + 1,
            Rows::From(cut) => (last + 1).saturating_sub(cut),
            // A read resumed: its columns are already made.
            Rows::After(_) => return,
        };
        let width = u64::from(dimensions.end.1.saturating_sub(dimensions.start.1)) + 1;
        let plausible = self.file_bytes / MIN_BYTES_PER_DECLARED_CELL / width;
        let cap = MAX_SHEET_CELLS as u64 / width;
        let rows = u64::from(rows).min(plausible).min(cap);
        if rows >= MIN_DECLARED_ROWS_TO_MAKE {
            self.read.builder.expect_rows(rows as usize);
        }
    }

    fn cell(&mut self, (row, col): (u32, u32), value: Data) -> Result<bool, ReadError> {
        // Formatted but empty cells are not part of the data.
        if value == Data::Empty {
            return Ok(true);
        }
        let read = &mut *self.read;
        let row = match self.rows {
            Rows::All => row,
            Rows::Before(cut) if row >= cut => {
                read.stopped_at = Some((row, col));
                return Ok(false);
            }
            Rows::Before(_) => row,
            Rows::From(cut) => row.checked_sub(cut).ok_or_else(|| {
                ReadError::Corrupt(format!("row {} comes after row {cut}", row + 1))
            })?,
            Rows::After(n) if self.passed < n => {
                self.passed += 1;
                return Ok(true);
            }
            Rows::After(_) => row,
        };
        read.first_cell.get_or_insert((row, col));
        read.cells += 1;
        read.extent.add((row, col), self.name)?;
        read.builder.push(row as usize, col as usize, value);
        Ok(true)
    }
}

/// Runs `cells_of` over each sheet of `workbook` (only those `only` names
/// by index) into a [`SheetBuilder`] (the first into `resume`, when
/// given), its rows `rows`, refusing a sheet whose cells would span more
/// than [`MAX_SHEET_CELLS`] or reach past [`MAX_COLUMNS`]. The columns are
/// made as long as a sheet declares, where its file (of `file_bytes`)
/// could hold that many cells.
fn stream_sheets<W, RS>(
    workbook: &mut W,
    (choices, only, rows, mut resume, file_bytes): (
        Choices,
        Option<std::ops::Range<usize>>,
        Rows,
        Option<SheetRead>,
        u64,
    ),
    cells_of: impl Fn(&mut W, &str, &mut dyn SheetSink) -> Result<(), ReadError>,
) -> Result<Vec<SheetRead>, ReadError>
where
    W: Reader<RS>,
    RS: Read + Seek,
{
    let metadata = workbook.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for (index, sheet) in metadata.into_iter().enumerate() {
        if only.as_ref().is_some_and(|o| !o.contains(&index)) {
            continue;
        }
        let mut read = resume.take().unwrap_or_else(|| SheetRead {
            builder: match rows {
                Rows::From(_) => SheetBuilder::later_part(),
                _ => SheetBuilder::with_choices(sheet.name.clone(), choices, false),
            },
            ..SheetRead::default()
        });
        if sheet.typ != SheetType::ChartSheet {
            let mut into = IntoSheet {
                read: &mut read,
                rows,
                name: &sheet.name,
                file_bytes,
                passed: 0,
            };
            cells_of(workbook, &sheet.name, &mut into)?;
        }
        sheets.push(read);
    }
    Ok(sheets)
}

/// The sheets of the workbook in `bytes` as calamine reads them, before
/// typing: names and cell ranges, in workbook order, within the limits.
pub fn read_sheets(bytes: &[u8]) -> Result<SheetRanges, ReadError> {
    read_sheets_with(Source {
        bytes,
        progress: &|_| {},
    })
}

/// Refuses empty files and files over [`MAX_FILE_BYTES`].
fn check_size(bytes: &[u8]) -> Result<(), ReadError> {
    check_file_size(bytes.len() as u64)
}

/// Refuses a file of `len` bytes if it is empty or over [`MAX_FILE_BYTES`]:
/// callers that copy a file into memory ask first.
pub fn check_file_size(len: u64) -> Result<(), ReadError> {
    if len == 0 {
        return Err(ReadError::Empty);
    }
    if len > MAX_FILE_BYTES as u64 {
        return Err(ReadError::TooLarge(format!(
            "{} MB, the limit is {} MB",
            len / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

fn read_sheets_with(source: Source<'_>) -> Result<SheetRanges, ReadError> {
    read_ranges(source).map(|(ranges, _)| ranges)
}

/// The sheets' cells, and whether text cells default to a decimal comma
/// (a CSV whose dialect has one).
fn read_ranges(source: Source<'_>) -> Result<(SheetRanges, bool), ReadError> {
    let bytes = source.bytes;
    let mut decimal_comma = false;
    check_size(bytes)?;
    let ranges = match Container::sniff(bytes) {
        Container::Zip => guarded(|| read_zip(source))?,
        Container::Ole => guarded(|| read_ole(source))?,
        Container::LegacyBiff => {
            return Err(ReadError::Unsupported(
                "this is an Excel 2.x–4.0 worksheet (BIFF2–4, from before 1993)".to_owned(),
            ))
        }
        Container::Unknown => {
            let (ranges, comma) = read_text(bytes)?;
            decimal_comma = comma;
            ranges
        }
    };
    if ranges.is_empty() {
        return Err(ReadError::NoSheets);
    }
    for (name, range) in &ranges {
        let (height, width) = range.get_size();
        if height.saturating_mul(width) > MAX_SHEET_CELLS || width > MAX_COLUMNS as usize {
            return Err(ReadError::TooLarge(format!(
                "sheet '{name}' spans {height} rows × {width} columns, more than the \
                 {MAX_SHEET_CELLS} cells (or {MAX_COLUMNS} columns) sheetplot holds"
            )));
        }
    }
    Ok((ranges, decimal_comma))
}

/// Runs a calamine read, turning a panic inside it into a refusal.
///
/// calamine 0.38 panics on some malformed records (index and slice
/// errors found by fuzzing, see tests/regressions.rs). Natively this
/// catches them. In the browser, where wasm aborts on panic, the worker's
/// panic hook reports the same refusal and the page starts a new worker.
fn guarded<T>(read: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|panic| {
        Err(ReadError::Corrupt(format!(
            "the reader stopped at a malformed record: {}",
            panic_text(&*panic)
        )))
    })
}

/// The message of a panic payload.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no details".to_owned())
}

/// Sheet names with their cells, as calamine reads them.
pub type SheetRanges = Vec<(String, Range<Data>)>;

/// A zip holds an Office Open XML workbook (xlsx/xlsm or xlsb) or an
/// OpenDocument spreadsheet. The entry names in its central directory
/// usually tell which; writers that name parts oddly get every reader in
/// turn. A zip whose directory cannot be read is refused as the zip crate
/// (which calamine reads it with) finds it: truncated, or damaged.
#[cfg(feature = "all-formats")]
fn read_zip(source: Source<'_>) -> Result<SheetRanges, ReadError> {
    match zip_contents(source.bytes)? {
        ZipContents::Xlsb => read_all::<Xlsb<_>>(source),
        ZipContents::Xlsx => read_all::<Xlsx<_>>(source),
        ZipContents::Ods => read_all::<Ods<_>>(source),
        // A whole zip (its directory reads) that no reader takes is some
        // other document.
        ZipContents::Unnamed => read_all::<Xlsx<_>>(source)
            .or_else(|_| read_all::<Xlsb<_>>(source))
            .or_else(|_| read_all::<Ods<_>>(source))
            .map_err(|_| ReadError::NotSpreadsheet),
    }
}

/// [`read_zip`] of this build: an .xlsx is read, an .xlsb or .ods left to
/// the reader of every format, and so is a zip whose parts are named
/// oddly, unless it reads as an .xlsx.
#[cfg(not(feature = "all-formats"))]
fn read_zip(source: Source<'_>) -> Result<SheetRanges, ReadError> {
    match zip_contents(source.bytes)? {
        ZipContents::Xlsx => read_all::<Xlsx<_>>(source),
        contents @ (ZipContents::Xlsb | ZipContents::Ods) => {
            Err(left_to_every_format(contents).unwrap_or(ReadError::NotSpreadsheet))
        }
        ZipContents::Unnamed => {
            read_all::<Xlsx<_>>(source).map_err(|_| other_reader("zip of unnamed parts"))
        }
    }
}

/// Text is a SpreadsheetML 2003 workbook or an HTML page (its tables)
/// when its first element says so, else CSV (or another delimiter) when it
/// looks like a table; with it, whether its numbers default to a decimal
/// comma.
fn read_text(bytes: &[u8]) -> Result<(SheetRanges, bool), ReadError> {
    #[cfg(feature = "all-formats")]
    if let Some(page) = html::page_text(bytes) {
        return Ok((html::read(&page)?, false));
    }
    #[cfg(not(feature = "all-formats"))]
    if let Some(elsewhere) = left_elsewhere(&bytes[..bytes.len().min(HEAD_BYTES)]) {
        return Err(elsewhere);
    }
    let text = delimited::decode_text(bytes).ok_or(ReadError::NotSpreadsheet)?;
    #[cfg(feature = "all-formats")]
    if spreadsheetml::is_spreadsheetml(&text) {
        return Ok((spreadsheetml::read(&text)?, false));
    }
    let dialect = delimited::sniff(&text).ok_or(ReadError::NotSpreadsheet)?;
    let range = delimited::read_delimited(&text, dialect, MAX_SHEET_CELLS)?;
    Ok((
        vec![(TEXT_SHEET_NAME.to_owned(), range)],
        dialect.decimal_comma,
    ))
}

/// An OLE compound file is a legacy .xls, or an xlsx/xlsb encrypted with a
/// password (the OOXML readers recognise its `EncryptedPackage`).
#[cfg(feature = "all-formats")]
fn read_ole(source: Source<'_>) -> Result<SheetRanges, ReadError> {
    let bytes = source.bytes;
    ole::check_sector_chains(bytes, MAX_SHEET_CELLS)?;
    match read_all::<Xls<_>>(source) {
        Ok(r) => Ok(r),
        Err(xls_error) => match read_all::<Xlsx<_>>(source) {
            Err(ReadError::PasswordProtected) => Err(ReadError::PasswordProtected),
            _ => Err(xls_error),
        },
    }
}

/// [`read_ole`] of this build: the reader of every format reads it.
#[cfg(not(feature = "all-formats"))]
fn read_ole(source: Source<'_>) -> Result<SheetRanges, ReadError> {
    Err(left_elsewhere(source.bytes).unwrap_or(ReadError::NotSpreadsheet))
}

/// Opens `bytes` with reader `R` and reads every sheet's cells.
fn read_all<'a, R>(source: Source<'a>) -> Result<SheetRanges, ReadError>
where
    R: Reader<Counting<'a>>,
    R::Error: Into<calamine::Error>,
{
    let reader = Counting::over(source);
    let mut workbook: R = open_workbook_from_rs(reader).map_err(classify)?;
    let sheets = workbook.sheets_metadata().to_vec();
    let mut ranges = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        // A chart sheet is listed like any sheet, but holds no cells.
        let range = if sheet.typ == SheetType::ChartSheet {
            Range::empty()
        } else {
            workbook.worksheet_range(&sheet.name).map_err(classify)?
        };
        ranges.push((sheet.name, range));
    }
    Ok(ranges)
}

/// Turns a calamine error into the refusal a person should see, by the
/// error's variant (and, inside it, the zip or I/O error's).
fn classify<E: Into<calamine::Error>>(error: E) -> ReadError {
    use calamine::{Error, OdsError, XlsError, XlsbError, XlsxError};
    let error: Error = error.into();
    let kind = match &error {
        Error::Xls(XlsError::Password)
        | Error::Xlsx(XlsxError::Password)
        | Error::Xlsb(XlsbError::Password)
        | Error::Ods(OdsError::Password) => return ReadError::PasswordProtected,
        Error::Ods(OdsError::CellLimitExceeded { .. }) => Refusal::Bomb,
        Error::Io(e)
        | Error::Xls(XlsError::Io(e))
        | Error::Xlsx(XlsxError::Io(e))
        | Error::Xlsb(XlsbError::Io(e))
        | Error::Ods(OdsError::Io(e)) => io_refusal(e),
        Error::Xlsx(XlsxError::Zip(e))
        | Error::Xlsb(XlsbError::Zip(e))
        | Error::Ods(OdsError::Zip(e)) => zip_kind(e),
        // quick-xml's error, which calamine does not re-export: an I/O
        // error while reading a part (a zip entry) is its source.
        Error::Xlsx(XlsxError::Xml(e))
        | Error::Xlsb(XlsbError::Xml(e))
        | Error::Ods(OdsError::Xml(e)) => source_refusal(e),
        // calamine does not export its compound-file error, so the variant
        // cannot be named: its I/O cause is read from `source`, and a sector
        // past the end (SectorBeyondEof) only from its text.
        Error::Xls(XlsError::Cfb(e)) => match source_refusal(e) {
            Refusal::Corrupt if e.to_string().contains("past end of file") => Refusal::Truncated,
            kind => kind,
        },
        _ => Refusal::Corrupt,
    };
    kind.with(error.to_string())
}

/// The kinds of refusal a read error can be, before its detail is added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    Bomb,
    Truncated,
    Corrupt,
}

impl Refusal {
    fn with(self, detail: String) -> ReadError {
        match self {
            Refusal::Bomb => ReadError::Bomb(detail),
            Refusal::Truncated => ReadError::Truncated(detail),
            Refusal::Corrupt => ReadError::Corrupt(detail),
        }
    }
}

/// A zip's directory that cannot be read, as a refusal.
fn zip_refusal(error: &zip::result::ZipError) -> ReadError {
    zip_kind(error).with(format!("Zip error: {error}"))
}

fn zip_kind(error: &zip::result::ZipError) -> Refusal {
    use zip::result::ZipError;
    match error {
        ZipError::Io(e) => io_refusal(e),
        ZipError::DecompressedSizeLimitExceeded { .. } => Refusal::Bomb,
        // A missing end-of-directory record is what a cut-off zip lacks;
        // the zip crate reports it as InvalidArchive with only this text.
        ZipError::InvalidArchive(why) if why.contains("Could not find EOCD") => Refusal::Truncated,
        _ => Refusal::Corrupt,
    }
}

fn io_refusal(error: &std::io::Error) -> Refusal {
    if error.kind() == std::io::ErrorKind::UnexpectedEof {
        return Refusal::Truncated;
    }
    let inner = error.get_ref();
    if let Some(zip) = inner.and_then(|e| e.downcast_ref::<zip::result::ZipError>()) {
        return zip_kind(zip);
    }
    // The zip crate stops an entry that inflates past its declared size
    // with a bare InvalidData error whose only mark is this text.
    let lying_size = error.kind() == std::io::ErrorKind::InvalidData
        && inner.is_some_and(|e| e.to_string().contains("larger than its declared"));
    if lying_size {
        Refusal::Bomb
    } else {
        Refusal::Corrupt
    }
}

/// The refusal for an error whose cause is an I/O error (directly, or
/// shared in an `Arc` as quick-xml keeps it), else [`Refusal::Corrupt`].
fn source_refusal(error: &dyn std::error::Error) -> Refusal {
    let mut cause = error.source();
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return io_refusal(io);
        }
        if let Some(io) = e.downcast_ref::<std::sync::Arc<std::io::Error>>() {
            return io_refusal(io);
        }
        cause = e.source();
    }
    Refusal::Corrupt
}

/// A workbook of calamine's in the corpus beside the checkout, for this
/// crate's own tests: `$SHEETPLOT_CORPUS`, else `shared/corpus` beside the
/// checkout or one of its parents (as `tests/corpus.rs` finds it).
#[cfg(test)]
pub(crate) fn corpus_calamine(name: &str) -> Vec<u8> {
    let from_env = std::env::var_os("SHEETPLOT_CORPUS").map(std::path::PathBuf::from);
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/corpus"));
    let dir = from_env
        .into_iter()
        .chain(beside)
        .find(|d| d.join("files").is_dir())
        .expect("the corpus (shared/corpus beside the checkout) is missing");
    let path = dir.join("files/calamine").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_workbook_read_from_a_file_bit_by_bit_is_the_workbook_read_from_memory() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/charts.xlsx"
        ))
        .unwrap();
        let file = read_at::Dribble(&bytes);
        assert_eq!(worksheet_count_at(&file), worksheet_count(&bytes));
        for sheets in [0..1, 1..usize::MAX, 0..usize::MAX] {
            let bit_by_bit = read_workbook_sheets_at(&file, sheets.clone(), &|_| {}).unwrap();
            let in_memory = read_workbook_sheets(&bytes, sheets.clone(), &|_| {}).unwrap();
            assert_eq!(bit_by_bit, in_memory, "{sheets:?}");
        }
        let charts = saved_charts::read_saved_charts_at(&file);
        assert!(charts.charts.len() >= 2, "{charts:?}");
        assert_eq!(charts, saved_charts::read_saved_charts(&bytes));
    }

    /// The rows a sheet declaring `dimensions` in a file of `file_bytes`
    /// has its columns made for, read with `rows`.
    fn expected(rows: Rows, dimensions: ((u32, u32), (u32, u32)), file_bytes: u64) -> usize {
        let mut read = SheetRead::default();
        let mut into = IntoSheet {
            read: &mut read,
            rows,
            name: "data",
            file_bytes,
            passed: 0,
        };
        into.declared(calamine::Dimensions::new(dimensions.0, dimensions.1));
        read.builder.expected_rows()
    }

    #[test]
    fn a_later_part_has_its_columns_made_for_the_rows_from_its_cut() {
        let sheet = ((0, 0), (999_999, 5));
        assert_eq!(expected(Rows::From(500_000), sheet, 30 << 20), 500_000);
        assert_eq!(expected(Rows::Before(500_000), sheet, 30 << 20), 1_000_000);
        // A resumed read's columns are already made.
        assert_eq!(expected(Rows::After(10), sheet, 30 << 20), 0);
        // A file of 1 MB holds no million rows of six cells.
        assert_eq!(expected(Rows::All, sheet, 1 << 20), (1 << 20) / 4 / 6);
        // Nor more than sheetplot holds, whatever the file.
        let wide = ((0, 0), (1_048_575, 99));
        assert_eq!(expected(Rows::All, wide, 400 << 20), MAX_SHEET_CELLS / 100);
    }

    /// A zip of `entries` (name, contents), stored uncompressed.
    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, contents) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(contents).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_is_told_apart_by_its_entry_names() {
        let contents = |names: &[&str]| {
            let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (*n, &b"x"[..])).collect();
            zip_contents(&zip_of(&entries))
        };
        assert_eq!(
            contents(&["[Content_Types].xml", "xl/workbook.xml"]),
            Ok(ZipContents::Xlsx)
        );
        assert_eq!(
            contents(&["xl/_rels/workbook.bin.rels", "xl/workbook.bin"]),
            Ok(ZipContents::Xlsb)
        );
        assert_eq!(contents(&["mimetype", "content.xml"]), Ok(ZipContents::Ods));
        // Backslashes, and no xl/ folder, as some writers name parts.
        assert_eq!(contents(&["xl\\workbook.xml"]), Ok(ZipContents::Xlsx));
        assert_eq!(contents(&["workbook.xml"]), Ok(ZipContents::Xlsx));
        // A name is matched whole, not as part of another.
        assert_eq!(
            contents(&["word/document.xml", "notes/myworkbook.xml.txt"]),
            Ok(ZipContents::Unnamed)
        );
    }

    #[test]
    #[cfg(feature = "all-formats")]
    fn a_whole_zip_of_something_else_is_not_a_spreadsheet() {
        let bytes = zip_of(&[("notes.txt", b"These are my notes.")]);
        assert_eq!(
            read_workbook(&bytes).unwrap_err(),
            ReadError::NotSpreadsheet
        );
    }

    /// The reader built without every format (the page's first reader)
    /// reads .xlsx and delimited text as the full one does, and leaves each
    /// other format to the full reader, never calling it something else.
    #[cfg(not(feature = "all-formats"))]
    mod without_every_format {
        use super::*;

        fn data(name: &str) -> Vec<u8> {
            let path = format!("{}/../../data/{name}", env!("CARGO_MANIFEST_DIR"));
            std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
        }

        use crate::corpus_calamine as corpus;

        fn left_to_the_other_reader(bytes: &[u8]) -> bool {
            // Told from the head as reading tells it, where the head tells.
            let head = &bytes[..bytes.len().min(HEAD_BYTES)];
            if let Some(elsewhere) = left_elsewhere(head) {
                assert_eq!(read_workbook(bytes).err(), Some(elsewhere));
            }
            matches!(read_workbook(bytes), Err(ReadError::OtherReader(_)))
                && matches!(
                    read_sheet_with_choices(bytes, 0, Choices::default()),
                    Err(ReadError::OtherReader(_))
                )
        }

        #[test]
        fn an_xlsx_and_a_csv_are_read_here() {
            assert_eq!(left_elsewhere(&data("charts.xlsx")), None);
            assert_eq!(left_elsewhere(b"when,value\n2024-01-01,3\n"), None);
            let workbook = read_workbook(&data("charts.xlsx")).unwrap();
            assert!(workbook.sheets.len() >= 2, "{:?}", workbook.sheets.len());
            let csv = read_workbook(b"when,value\n2024-01-01,3\n2024-01-02,4\n").unwrap();
            assert_eq!(csv.sheets[0].columns.len(), 2);
            assert_eq!(csv.sheets[0].rows, 2);
        }

        #[test]
        fn every_other_format_is_left_to_the_other_reader() {
            for name in ["date.xls", "date.xlsb", "date.ods", "pass_protected.xlsx"] {
                assert!(left_to_the_other_reader(&corpus(name)), "{name}");
            }
            // An .xls is told from its head; a zip's format by its directory,
            // read where it lies (a few bytes at a time here), as reading
            // would tell it.
            assert!(left_elsewhere(&corpus("date.xls")[..512]).is_some());
            assert_eq!(left_elsewhere(&corpus("date.xlsb")[..512]), None);
            for name in ["date.xlsb", "date.ods"] {
                let bytes = corpus(name);
                let told = zip_left_elsewhere_at(&bytes, &read_at::Dribble(&bytes));
                assert!(told.is_some(), "{name}");
                assert_eq!(read_workbook(&bytes).err(), told, "{name}");
            }
            for bytes in [
                data("charts.xlsx"),
                corpus("date.xls"),
                b"a,b\n1,2\n".to_vec(),
            ] {
                assert_eq!(
                    zip_left_elsewhere_at(&bytes, &read_at::Dribble(&bytes)),
                    None
                );
            }
            let html = b"<!DOCTYPE html><table><tr><td>a</td><td>1</td></tr></table>";
            let xml = b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>";
            let utf16_html: Vec<u8> = [0xFF, 0xFE]
                .into_iter()
                .chain("  <table>".bytes().flat_map(|b| [b, 0]))
                .collect();
            let clipboard = b"Version:0.9\r\nStartHTML:0000000105\r\n";
            for text in [&html[..], xml, &utf16_html, clipboard] {
                assert!(
                    left_to_the_other_reader(text),
                    "{}",
                    String::from_utf8_lossy(text)
                );
                assert!(delimited_head(text, true).is_none());
            }
            let notes = zip_of(&[("notes.txt", b"These are my notes.")]);
            assert!(left_to_the_other_reader(&notes));
            assert_eq!(worksheet_count(&corpus("date.xlsb")), None);
        }
    }

    #[test]
    fn a_zip_cut_short_is_truncated() {
        let bytes = zip_of(&[
            ("[Content_Types].xml", &[b'x'; 4000]),
            ("xl/workbook.xml", &[b'y'; 4000]),
        ]);
        // Cut in the data, and right before the 22-byte end record.
        for cut in [bytes.len() / 2, bytes.len() - 22] {
            match read_workbook(&bytes[..cut]) {
                Err(ReadError::Truncated(why)) => assert!(why.contains("EOCD"), "{why}"),
                other => panic!("cut at {cut}: expected a refusal, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_zip_naming_a_workbook_part_that_is_not_one_is_damaged() {
        let bytes = zip_of(&[
            ("[Content_Types].xml", b"not xml <<<"),
            ("xl/workbook.xml", b"not xml <<<"),
        ]);
        assert!(matches!(read_workbook(&bytes), Err(ReadError::Corrupt(_))));
    }

    #[test]
    fn calamine_errors_are_classified_by_their_variants() {
        use calamine::{OdsError, XlsError, XlsbError, XlsxError};
        use std::io::{Error as IoError, ErrorKind};
        use zip::result::ZipError;
        let eof = || IoError::new(ErrorKind::UnexpectedEof, "anything");
        assert_eq!(classify(XlsError::Password), ReadError::PasswordProtected);
        assert_eq!(classify(OdsError::Password), ReadError::PasswordProtected);
        assert!(matches!(
            classify(OdsError::CellLimitExceeded {
                requested: 1 << 34,
                max: 100_000_000
            }),
            ReadError::Bomb(_)
        ));
        for truncated in [
            classify(XlsxError::Io(eof())),
            classify(XlsError::Io(eof())),
            classify(XlsbError::Zip(ZipError::Io(eof()))),
            classify(OdsError::Zip(ZipError::InvalidArchive(
                "Could not find EOCD".into(),
            ))),
            classify(calamine::Error::Io(IoError::new(
                ErrorKind::InvalidData,
                ZipError::InvalidArchive("Could not find EOCD".into()),
            ))),
        ] {
            assert!(
                matches!(truncated, ReadError::Truncated(_)),
                "{truncated:?}"
            );
        }
        let lying = IoError::new(
            ErrorKind::InvalidData,
            "File is larger than its declared uncompressed size",
        );
        assert!(matches!(classify(XlsxError::Io(lying)), ReadError::Bomb(_)));
        for corrupt in [
            classify(XlsxError::Unexpected("a sheet without rows")),
            classify(XlsbError::Zip(ZipError::InvalidArchive(
                "Invalid local file header".into(),
            ))),
            classify(XlsxError::Io(IoError::new(ErrorKind::InvalidData, "bad"))),
        ] {
            assert!(matches!(corrupt, ReadError::Corrupt(_)), "{corrupt:?}");
        }
    }

    #[test]
    fn text_is_read_within_its_limits_of_cells_and_text() {
        let text = "id,name\n1,aaaa\n2,bbbb\n3,cccc\n";
        let head = delimited_head(text.as_bytes(), true).unwrap();
        let read = |limits| {
            let total = text.len() as u64;
            read_delimited_within(
                text.as_bytes(),
                &head,
                total,
                &|_| {},
                Choices::default(),
                limits,
            )
        };
        assert_eq!(read((8, 1 << 20)).unwrap().rows, 3);
        match read((7, 1 << 20)) {
            Err(ReadError::TooLarge(why)) => {
                assert_eq!(why, "more than the 7 cells sheetplot holds")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        // The header's "id" and "name", and three names of four bytes.
        assert!(read((100, 18)).is_ok());
        match read((100, 17)) {
            Err(ReadError::TooLarge(why)) => assert!(why.contains("MB of text"), "{why}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn file_sizes_are_checked_before_anything_is_read() {
        assert!(matches!(check_file_size(0), Err(ReadError::Empty)));
        assert!(check_file_size(MAX_FILE_BYTES as u64).is_ok());
        // 3 GB, more than a 32-bit wasm could even hold.
        match check_file_size(3 << 30) {
            Err(ReadError::TooLarge(why)) => assert_eq!(why, "3072 MB, the limit is 512 MB"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
