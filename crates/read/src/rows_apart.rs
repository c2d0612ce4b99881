//! A one-sheet .xlsx read in two parts at once, one on each core.
//!
//! calamine reads a sheet in one pass: inflating its XML part and parsing
//! it. To share that pass, the sheet is cut at a row its declared
//! dimension puts past the middle ([`rows_cut`]). One worker reads the
//! workbook as usual and stops at the first cell at or below the cut
//! ([`read_rows_before`]). Another inflates the sheet's part up to the
//! cut's `<row>` tag and gives calamine the workbook with that part
//! replaced by the sheet's head and the rows from the cut on, inflated as
//! calamine reads them ([`crate::spliced`]); its cells are typed into a
//! later part ([`read_rows_from`]), joined to the first as a text file's
//! parts are. calamine still reads every cell of both.
//!
//! The cut is trusted only when both readers name the same first cell at
//! or past it (a row tag the scan misread would move the later part's
//! start); otherwise the first reader reads the rest itself.

use std::io::{Cursor, Read, Seek};

use memchr::memmem;
use sheetplot_model::{ReadError, Sheet};

use crate::read_at::{AtCursor, ReadAt};
use crate::spliced::{crc32_after, crc32_combine, entries, SplicedZip};
use crate::split::LaterPart;
use crate::typing::{Choices, ColumnPart};
use crate::{
    counting_at, guarded, streamable_at, Counting, Progress, ReadSeek, Rows, SheetRead, Source,
    Streamable,
};

pub use crate::delimited::Records;

/// A sheet of fewer rows than this (by its dimension) is read by one worker.
pub const ROWS_APART_MIN: u32 = 500;

/// The share of the rows the first reader takes: the second inflates the
/// part up to the cut before its rows begin. Measured in the page with
/// 1M rows (`scripts/bench-ab`, 12-08): 0.50 drew 4 % slower than 0.54,
/// 0.60 the same; when the first reader still copied the file first, 0.56
/// left the second idle 500-1,500 ms before the first was done and 0.52
/// the first 200-450 ms before the second.
const FIRST_SHARE: f64 = 0.54;

/// How much of a sheet's part is inflated to find its dimension and its
/// first row tag.
const HEAD_WINDOW: u64 = 64 << 10;

/// The one worksheet part of the .xlsx in `bytes`, when it has exactly one.
fn only_worksheet(archive: &mut zip::ZipArchive<impl Read + Seek>) -> Option<String> {
    let mut parts = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|name| crate::is_worksheet_part(name, ".xml"))
        .map(|name| name.into_owned());
    let part = parts.next()?;
    parts.next().is_none().then_some(part)
}

/// The sheet row (from 0) at which the one sheet of the .xlsx in `bytes`
/// is cut, the rows from it read by a second worker: past the middle of
/// the rows its `<dimension>` declares. `None` for other workbooks, a
/// sheet of fewer than [`ROWS_APART_MIN`] rows, or one whose rows do not
/// say their numbers (`r`), which the later reader needs to start.
pub fn rows_cut(bytes: &[u8]) -> Option<u32> {
    rows_cut_at(bytes)
}

/// [`rows_cut`] of the workbook `source` holds, reading only its head, its
/// zip directory and the head of its sheet: the page's reader finds the
/// cut from the file, so its helper starts while the file comes into
/// memory.
pub fn rows_cut_at<S: ReadAt + ?Sized>(source: &S) -> Option<u32> {
    if !matches!(streamable_at(source)?, Streamable::Xlsx) {
        return None;
    }
    let mut archive = zip::ZipArchive::new(counting_at(source, 0, &|_| {})).ok()?;
    let part = only_worksheet(&mut archive)?;
    let mut head = Vec::new();
    archive
        .by_name(&part)
        .ok()?
        .take(HEAD_WINDOW)
        .read_to_end(&mut head)
        .ok()?;
    let sheet_data = SheetData::find(&head)?;
    let first_row = row_tags(&head[sheet_data.rows_start..], &sheet_data.row_tag).next()?;
    first_row.number?;
    let (first, last) = declared_rows(&head[..sheet_data.rows_start])?;
    let rows = last.checked_sub(first)? + 1;
    (rows >= ROWS_APART_MIN).then(|| first + (f64::from(rows) * FIRST_SHARE) as u32)
}

/// The first and last sheet rows (from 0) of `<dimension ref="A1:F99">`.
fn declared_rows(head: &[u8]) -> Option<(u32, u32)> {
    let at = memmem::find(head, b"dimension")?;
    let tag = &head[at..];
    let tag = &tag[..memchr::memchr(b'>', tag)?];
    let value = attribute(tag, b"ref")?;
    let text = std::str::from_utf8(value).ok()?;
    let row_of = |cell: &str| {
        let digits = cell.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '$');
        digits.parse::<u32>().ok()?.checked_sub(1)
    };
    let (from, to) = text.split_once(':').unwrap_or((text, text));
    Some((row_of(from)?, row_of(to)?))
}

/// The value of attribute `name` in the start tag `tag` (without its `>`).
fn attribute<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let mut rest = tag;
    loop {
        let at = memmem::find(rest, name)?;
        let before = at.checked_sub(1).map(|b| rest[b]);
        let after = &rest[at + name.len()..];
        let value = after.trim_ascii_start().strip_prefix(b"=");
        if before.is_some_and(|b| b.is_ascii_whitespace()) {
            if let Some(value) = value.map(<[u8]>::trim_ascii_start) {
                let quote = *value.first()?;
                if quote == b'"' || quote == b'\'' {
                    let value = &value[1..];
                    return Some(&value[..memchr::memchr(quote, value)?]);
                }
            }
        }
        rest = after;
    }
}

/// Where a sheet part's rows start, and how its row tags are spelled.
struct SheetData {
    /// Just after the `<sheetData>` start tag.
    rows_start: usize,
    /// `<row`, with the namespace prefix `<sheetData>` has.
    row_tag: Vec<u8>,
}

impl SheetData {
    fn find(head: &[u8]) -> Option<SheetData> {
        let mut from = 0;
        loop {
            let at = from + memmem::find(&head[from..], b"sheetData")?;
            from = at + 1;
            // `<sheetData` or `<x:sheetData`, not `</sheetData`.
            let open = head[..at].iter().rposition(|&b| b == b'<')?;
            let prefix = &head[open + 1..at];
            if !(prefix.is_empty() || prefix.ends_with(b":")) || prefix.starts_with(b"/") {
                continue;
            }
            let end = at + memchr::memchr(b'>', &head[at..])?;
            if head[end - 1] == b'/' {
                return None;
            }
            let mut row_tag = b"<".to_vec();
            row_tag.extend_from_slice(prefix);
            row_tag.extend_from_slice(b"row");
            return Some(SheetData {
                rows_start: end + 1,
                row_tag,
            });
        }
    }
}

/// A `<row>` start tag found by [`row_tags`].
struct RowTag {
    at: usize,
    /// Its `r`, from 0; `None` when it has none.
    number: Option<u32>,
}

/// The complete row start tags spelled `row_tag` in `xml`.
fn row_tags<'x>(xml: &'x [u8], row_tag: &'x [u8]) -> impl Iterator<Item = RowTag> + 'x {
    memmem::find_iter(xml, row_tag).filter_map(move |at| {
        let after = &xml[at + row_tag.len()..];
        // `<row ` or `<row>`, not `<rowBreaks>`.
        if !matches!(
            after.first(),
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')
        ) {
            return None;
        }
        let tag = &after[..memchr::memchr(b'>', after)?];
        let number = attribute(tag, b"r").and_then(|r| {
            std::str::from_utf8(r)
                .ok()?
                .parse::<u32>()
                .ok()?
                .checked_sub(1)
        });
        Some(RowTag { at, number })
    })
}

/// What reading up to a cut gave.
pub enum Before {
    /// No cell at or past the cut: the sheets are all read.
    Whole(Vec<Sheet>),
    /// The rows above the cut, waiting for the part from it.
    Part(RowsBefore),
}

/// The sheets of a workbook read up to a cut, the cut sheet still open.
pub struct RowsBefore {
    cut: u32,
    /// Every sheet read, the one that stopped among them, unfinished.
    sheets: Vec<SheetRead>,
    /// The index of the sheet that stopped at the cut.
    stopped: usize,
}

/// Reads the workbook in `bytes` (whose [`rows_cut`] is `cut`) up to the
/// cut, with the default choices. Its progress stands for both parts.
pub fn read_rows_before(
    bytes: &[u8],
    cut: u32,
    progress: &dyn Fn(Progress),
) -> Result<Before, ReadError> {
    read_rows_before_at(bytes, cut, progress)
}

/// [`read_rows_before`] of the workbook `source` holds, read where calamine
/// asks: in the page, from the user's file, which neither of the two
/// workers reading it apart copies into memory.
pub fn read_rows_before_at<S: ReadAt + ?Sized>(
    source: &S,
    cut: u32,
    progress: &dyn Fn(Progress),
) -> Result<Before, ReadError> {
    let format = streamable_at(source).ok_or(ReadError::NoSheets)?;
    let total = source.size();
    crate::check_file_size(total)?;
    // This reader stops about FIRST_SHARE of the way through the sheet.
    let both = |p: Progress| {
        progress(Progress {
            done: ((p.done as f64 / FIRST_SHARE) as u64).min(total),
            total,
        })
    };
    let reader = counting_at(source, 0, &both);
    let sheets =
        guarded(|| format.stream_rows(reader, Choices::default(), None, Rows::Before(cut), None))?;
    if sheets.is_empty() {
        return Err(ReadError::NoSheets);
    }
    if sheets.iter().filter(|s| s.stopped_at.is_some()).count() > 1 {
        // Another sheet (a macro sheet, say) reached the cut too: only the
        // worksheet is read apart, so the workbook is read whole here.
        let sheets = crate::read_workbook_sheets_at(source, 0..usize::MAX, progress)?;
        return Ok(Before::Whole(sheets));
    }
    match sheets.iter().position(|s| s.stopped_at.is_some()) {
        None => Ok(Before::Whole(
            sheets.into_iter().map(|s| s.builder.finish()).collect(),
        )),
        Some(stopped) => {
            // This share is read. Its bytes were only a guess at it (the
            // rows above the cut may compress better or worse than those
            // below; a 200k-row workbook's progress stopped at 81 %), and
            // the later share, read at once beside it, is about as far on.
            progress(Progress { done: total, total });
            Ok(Before::Part(RowsBefore {
                cut,
                sheets,
                stopped,
            }))
        }
    }
}

/// Reads the rows from sheet row `cut` on of the one-sheet .xlsx in
/// `source`, as a later part. Its `first_cell` is the first cell read
/// (sheet, row from the cut, column).
///
/// `source` is read where calamine and the inflater ask, never whole: in
/// the page it is the user's file, so the worker reading this part holds
/// no copy of the workbook beside the first reader's.
pub fn read_rows_from<S: ReadAt + ?Sized>(source: &S, cut: u32) -> Result<LaterPart, ReadError> {
    let unsplittable = || ReadError::Corrupt("the sheet could not be cut at a row".into());
    // Boxed and counted, as calamine's source is: the zip reader's code is
    // not instantiated again for this source.
    let boxed = |at| -> Box<dyn ReadSeek + '_> { Box::new(AtCursor::at(source, at)) };
    let mut archive = zip::ZipArchive::new(counting_at(source, 0, &|_| {}))
        .map_err(|e| crate::zip_refusal(&e))?;
    let part = only_worksheet(&mut archive).ok_or_else(unsplittable)?;
    let listed = entries(&mut archive).ok_or_else(unsplittable)?;
    let entry = listed
        .iter()
        .find(|e| e.name == part)
        .ok_or_else(unsplittable)?
        .clone();
    let data_start = archive
        .by_name_raw(part.as_bytes())
        .ok()
        .and_then(|f| f.data_start())
        .filter(|start| {
            start
                .checked_add(entry.compressed)
                .is_some_and(|end| end <= source.size())
        })
        .ok_or_else(unsplittable)?;
    drop(archive);
    let data = boxed(data_start).take(entry.compressed);
    let inflated: Box<dyn Read> = match entry.method {
        0 => Box::new(data),
        8 => Box::new(flate2::read::DeflateDecoder::new(data)),
        _ => return Err(unsplittable()),
    };
    let Some(found) = find_cut(inflated, cut, entry.size)? else {
        // No row from the cut on: the part is empty.
        return Ok(LaterPart::default());
    };
    let content_crc = crc32_combine(
        crc32fast::hash(&found.head),
        crc32_after(entry.crc, found.crc_before, found.rest_len),
        found.rest_len,
    );
    let rest: Box<dyn Read> = Box::new(Cursor::new(found.pending).chain(found.inflated));
    let spliced = SplicedZip::new(
        source,
        &listed,
        &part,
        &found.head,
        (rest, found.rest_len),
        content_crc,
    )
    .ok_or_else(unsplittable)?;
    let mut sheets = guarded(|| {
        let spliced: Box<dyn crate::ReadSeek> = Box::new(spliced);
        let reader = Counting::new(spliced, source.size(), &|_| {});
        Streamable::Xlsx.stream_rows(reader, Choices::default(), None, Rows::From(cut), None)
    })?;
    let Some(index) = sheets.iter().position(|s| s.first_cell.is_some()) else {
        // No cell from the cut on.
        return Ok(LaterPart::default());
    };
    let read = sheets.swap_remove(index);
    let part = read.builder.into_part();
    Ok(LaterPart {
        records: Records {
            rows: part.last_row.map_or(0, |r| r + 1),
            width: part.columns.len(),
            stopped: false,
        },
        text_bytes: 0,
        first_cell: read.first_cell.map(|(row, col)| [index as u32, row, col]),
        part,
    })
}

/// A sheet part inflated up to the row tag of the cut.
struct FoundCut<'a> {
    /// The part up to and with its `<sheetData>` start tag.
    head: Vec<u8>,
    /// The CRC-32 of everything before the cut's row tag.
    crc_before: u32,
    /// Inflated past the cut's row tag, not yet handed on.
    pending: Vec<u8>,
    /// The rest of the part, still to inflate.
    inflated: Box<dyn Read + 'a>,
    /// The length of the part from the cut's row tag to its end.
    rest_len: u64,
}

/// How much is inflated at a time while looking for the cut.
const SCAN_CHUNK: usize = 1 << 20;

/// Inflates the sheet part `inflated` (`size` bytes) up to the first row
/// tag numbered `cut` or more (`None`: it has none). Every row tag before
/// it must say its number, and nothing before it may be a comment, CDATA
/// or processing instruction (where a row tag would not be one).
fn find_cut(
    mut inflated: Box<dyn Read + '_>,
    cut: u32,
    size: u64,
) -> Result<Option<FoundCut<'_>>, ReadError> {
    let unsplittable = |why: &str| ReadError::Corrupt(format!("the sheet could not be cut: {why}"));
    let io = |e: std::io::Error| ReadError::Corrupt(format!("the sheet part: {e}"));
    let mut buffer = Vec::with_capacity(SCAN_CHUNK * 2);
    let mut hasher = crc32fast::Hasher::new();
    // Bytes of the part before `buffer`.
    let mut passed = 0u64;
    let mut head = None;
    let mut row_tag = Vec::new();
    loop {
        let before = buffer.len();
        buffer.resize(before + SCAN_CHUNK, 0);
        let n = read_full(&mut inflated, &mut buffer[before..]).map_err(io)?;
        buffer.truncate(before + n);
        let ended = n == 0;
        let mut scan_from = 0;
        if head.is_none() {
            match SheetData::find(&buffer) {
                Some(data) => {
                    head = Some(buffer[..data.rows_start].to_vec());
                    row_tag = data.row_tag;
                    scan_from = data.rows_start;
                }
                None if ended || buffer.len() > HEAD_WINDOW as usize => {
                    return Err(unsplittable("no sheetData"))
                }
                None => continue,
            }
        }
        // The first row tag that ends the scan, and where the scan got to.
        let mut kept = scan_from;
        let mut stop = None;
        for tag in row_tags(&buffer[scan_from..], &row_tag) {
            let at = scan_from + tag.at;
            kept = at;
            match tag.number {
                None => return Err(unsplittable("a row without its number")),
                Some(row) if row >= cut => {
                    stop = Some(at);
                    break;
                }
                Some(_) => {}
            }
        }
        if let Some(at) = stop {
            markup_among_rows(&buffer[scan_from..at])?;
            hasher.update(&buffer[..at]);
            let head = head.take().expect("found before the rows");
            let before_cut = passed + at as u64;
            let rest_len = size
                .checked_sub(before_cut)
                .ok_or_else(|| unsplittable("the part is longer than its entry says"))?;
            return Ok(Some(FoundCut {
                head,
                crc_before: hasher.finalize(),
                pending: buffer.split_off(at),
                inflated,
                rest_len,
            }));
        }
        if ended {
            // No row at or past the cut.
            return Ok(None);
        }
        // Keep an unfinished tag (and the bytes a `<!` or `<row` could
        // start in) for the next chunk; the rest is before the cut.
        let last_lt = buffer[kept..]
            .iter()
            .rposition(|&b| b == b'<')
            .map(|p| kept + p);
        let keep_from = last_lt.unwrap_or(buffer.len()).max(kept);
        markup_among_rows(&buffer[scan_from..keep_from])?;
        hasher.update(&buffer[..keep_from]);
        passed += keep_from as u64;
        buffer.drain(..keep_from);
    }
}

/// Refuses a cut after `rows` that hold a comment, CDATA or processing
/// instruction, where a row tag would not be one.
fn markup_among_rows(rows: &[u8]) -> Result<(), ReadError> {
    if memmem::find(rows, b"<!").is_some() || memmem::find(rows, b"<?").is_some() {
        return Err(ReadError::Corrupt(
            "the sheet could not be cut: a comment or CDATA among the rows".into(),
        ));
    }
    Ok(())
}

/// Reads until `buf` is full or the reader ends; how much was read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

impl RowsBefore {
    /// Whether a later part can follow: the cut sheet's header and first
    /// data row were decided above the cut.
    pub fn can_join(&self) -> bool {
        self.sheets[self.stopped].builder.can_join()
    }

    /// The sheets, the cut sheet joined with the part from the cut (given
    /// as what it read and its columns one by one); `None` when the part
    /// does not start at the cell this read stopped at (then read the
    /// rest with [`RowsBefore::read_rest`]).
    ///
    /// # Panics
    /// When not [`RowsBefore::can_join`].
    pub fn join_columns(
        mut self,
        (first_cell, last_row, width): (Option<[u32; 3]>, Option<usize>, usize),
        columns: impl ExactSizeIterator<Item = ColumnPart>,
    ) -> Result<Result<Vec<Sheet>, RowsBefore>, ReadError> {
        let cut = self.cut;
        let expected = self.sheets[self.stopped]
            .stopped_at
            .map(|(row, col)| [self.stopped as u32, row - cut, col]);
        if first_cell != expected {
            return Ok(Err(self));
        }
        let read = &mut self.sheets[self.stopped];
        if let Some(last) = last_row {
            // The sheet's span with the part's: its last row and column.
            let corner = (cut + last as u32, width.saturating_sub(1) as u32);
            let name = read.builder.name().to_owned();
            read.extent.add(corner, &name)?;
        }
        read.builder.join_columns(last_row, columns, cut as usize);
        Ok(Ok(self.finish()))
    }

    /// The sheets, the cut sheet's rows from the cut read here from the
    /// workbook in `bytes` (when the later part cannot follow or its
    /// worker failed): calamine reads the sheet from its start again, the
    /// rows above the cut passed over.
    pub fn read_rest(mut self, bytes: &[u8]) -> Result<Vec<Sheet>, ReadError> {
        let source = Source {
            bytes,
            progress: &|_| {},
        };
        let stopped = self.stopped;
        let read = std::mem::take(&mut self.sheets[stopped]);
        let rows = Rows::After(read.cells);
        let only = Some(stopped..stopped + 1);
        let mut rest = guarded(|| {
            let reader = Counting::over(source);
            let choices = Choices::default();
            Streamable::Xlsx.stream_rows(reader, choices, only, rows, Some(read))
        })?;
        self.sheets[stopped] = rest.pop().ok_or(ReadError::NoSheets)?;
        Ok(self.finish())
    }

    fn finish(self) -> Vec<Sheet> {
        self.sheets
            .into_iter()
            .map(|s| s.builder.finish())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::read_workbook;

    /// A one-sheet workbook of `rows` data rows (a date, a number, a shared
    /// string and an inline string), its tags with the prefix `prefix`
    /// (`""` or `"x:"`), `between` written after the 100th row.
    fn workbook(rows: u32, prefix: &str, between: &str) -> Vec<u8> {
        workbook_of(rows, prefix, between, "")
    }

    /// [`workbook`] with `more` sheets in its workbook part after the first.
    fn workbook_of(rows: u32, prefix: &str, between: &str, more: &str) -> Vec<u8> {
        workbook_declaring(rows, prefix, between, more, &format!("A1:D{}", rows + 1))
    }

    /// [`workbook_of`] whose sheet declares the span `dimension`.
    fn workbook_declaring(
        rows: u32,
        prefix: &str,
        between: &str,
        more: &str,
        dimension: &str,
    ) -> Vec<u8> {
        let ns = if prefix.is_empty() {
            "xmlns"
        } else {
            "xmlns:x"
        };
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let p = prefix;
        let mut sheet = format!(
            "<?xml version=\"1.0\"?><{p}worksheet {ns}=\"{main}\"><{p}dimension ref=\"{dimension}\"/>\
             <{p}sheetData><{p}row r=\"1\"><{p}c r=\"A1\" t=\"inlineStr\"><{p}is><{p}t>when</{p}t></{p}is></{p}c>\
             <{p}c r=\"B1\" t=\"inlineStr\"><{p}is><{p}t>value</{p}t></{p}is></{p}c>\
             <{p}c r=\"C1\" t=\"s\"><{p}v>0</{p}v></{p}c><{p}c r=\"D1\" t=\"inlineStr\"><{p}is><{p}t>note</{p}t></{p}is></{p}c></{p}row>"
        );
        for i in 0..rows {
            let r = i + 2;
            let note = if i % 7 == 0 {
                format!("n{}", i % 50)
            } else {
                String::new()
            };
            sheet += &format!(
                "<{p}row r=\"{r}\"><{p}c r=\"A{r}\" s=\"1\"><{p}v>{}</{p}v></{p}c>\
                 <{p}c r=\"B{r}\"><{p}v>{}</{p}v></{p}c><{p}c r=\"C{r}\" t=\"s\"><{p}v>{}</{p}v></{p}c>",
                45000.0 + f64::from(i) / 24.0,
                f64::from(i) * 0.25 - 7.0,
                1 + i % 3
            );
            if !note.is_empty() {
                sheet += &format!(
                    "<{p}c r=\"D{r}\" t=\"inlineStr\"><{p}is><{p}t>{note}</{p}t></{p}is></{p}c>"
                );
            }
            sheet += &format!("</{p}row>");
            if i == 100 {
                sheet += between;
            }
        }
        sheet += &format!("</{p}sheetData><{p}pageMargins left=\"0.7\"/></{p}worksheet>");
        let parts = [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>".to_owned()),
            ("_rels/.rels", format!("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")),
            ("xl/workbook.xml", format!("<?xml version=\"1.0\"?><workbook xmlns=\"{main}\" xmlns:r=\"{rel}\"><sheets><sheet name=\"data\" sheetId=\"1\" r:id=\"rId1\"/>{more}</sheets></workbook>")),
            ("xl/_rels/workbook.xml.rels", format!("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{rel}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId3\" Type=\"{rel}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>")),
            ("xl/styles.xml", format!("<?xml version=\"1.0\"?><styleSheet xmlns=\"{main}\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm\"/></numFmts><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>")),
            ("xl/sharedStrings.xml", format!("<?xml version=\"1.0\"?><sst xmlns=\"{main}\"><si><t>site</t></si><si><t>north</t></si><si><t>south</t></si><si><t>east</t></si></sst>")),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts {
            zip.start_file(name, deflated).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// The sheets read apart at `cut`, as the page's two workers read them.
    fn read_apart(bytes: &[u8], cut: u32) -> (Vec<Sheet>, bool) {
        match read_rows_before(bytes, cut, &|_| {}).unwrap() {
            Before::Whole(sheets) => (sheets, false),
            Before::Part(before) => {
                let later = read_rows_from(bytes, cut).unwrap();
                assert!(before.can_join());
                let read = (later.first_cell, later.part.last_row, later.records.width);
                match before
                    .join_columns(read, later.part.columns.into_iter())
                    .unwrap()
                {
                    Ok(sheets) => (sheets, true),
                    Err(_) => panic!("the parts disagree at {cut}"),
                }
            }
        }
    }

    #[test]
    fn a_big_sheet_read_apart_at_its_rows_is_read_whole() {
        // 20,000 rows: about 3 MB of XML, scanned in 1 MB chunks.
        for prefix in ["", "x:"] {
            let bytes = workbook(20_000, prefix, "");
            let whole = read_workbook(&bytes).unwrap().sheets;
            assert_eq!(whole[0].rows, 20_000);
            let cut = rows_cut(&bytes).expect("a cut");
            assert_eq!(cut, (20_001.0 * FIRST_SHARE) as u32, "{prefix}");
            for cut in [cut, 60, 6_543, 19_999, 20_000, 20_001, 30_000] {
                let (apart, joined) = read_apart(&bytes, cut);
                assert_eq!(joined, cut <= 20_000, "{prefix} at {cut}");
                assert_eq!(apart, whole, "{prefix} cut at {cut}");
            }
        }
    }

    #[test]
    fn a_sheet_read_apart_from_a_file_read_bit_by_bit_is_the_sheet_read_from_memory() {
        let bytes = workbook(3_000, "", "");
        let file = crate::read_at::Dribble(&bytes);
        let whole = read_workbook(&bytes).unwrap().sheets;
        let cut = rows_cut_at(&file).expect("a cut");
        assert_eq!(Some(cut), rows_cut(&bytes));
        let Before::Part(before) = read_rows_before_at(&file, cut, &|_| {}).unwrap() else {
            panic!("the sheet is cut");
        };
        let later = read_rows_from(&file, cut).unwrap();
        let read = (later.first_cell, later.part.last_row, later.records.width);
        let joined = before.join_columns(read, later.part.columns.into_iter());
        assert_eq!(joined.unwrap().ok().unwrap(), whole);
    }

    #[test]
    fn the_first_share_read_through_windows_reads_its_bytes_about_once() {
        // As the page's reader reads a workbook apart, through one
        // `Windows` over the file: how many sheets, where to cut, the rows
        // above the cut, the saved charts. Each opens the zip again (its
        // directory at the tail, parts at the head): kept windows make
        // that a read of about what it needs, once.
        let bytes = workbook(20_000, "", "");
        let file =
            crate::read_at::Windows::new(crate::read_at::Counted::new(&bytes), 16 << 10, 128 << 10);
        assert_eq!(crate::worksheet_count_at(&file), Some(1));
        let cut = rows_cut_at(&file).expect("a cut");
        assert!(matches!(
            read_rows_before_at(&file, cut, &|_| {}).unwrap(),
            Before::Part(_)
        ));
        crate::saved_charts::read_saved_charts_at(&file);
        let (reads, read) = (file.source().reads.get(), file.source().read.get());
        // The share is 54 % of the rows; one window read 97 % in 16 reads.
        assert!(
            read * 10 < bytes.len() as u64 * 8,
            "{read} bytes read of {}",
            bytes.len()
        );
        assert!(reads <= 8, "{reads} reads");
    }

    #[test]
    fn the_first_share_reports_the_whole_file_read_when_it_is_done() {
        // Its bytes are only a guess at its share: however the rows above
        // the cut compress, the progress it shows ends at the whole, and
        // never goes past it or back.
        let bytes = workbook(20_000, "", "");
        for cut in [60, rows_cut(&bytes).unwrap(), 19_999] {
            let seen = std::cell::RefCell::new(Vec::new());
            let before = read_rows_before(&bytes, cut, &|p| seen.borrow_mut().push(p)).unwrap();
            assert!(matches!(before, Before::Part(_)));
            let seen = seen.into_inner();
            let total = bytes.len() as u64;
            assert!(seen.iter().all(|p| p.total == total && p.done <= total));
            assert!(seen.windows(2).all(|w| w[0].done <= w[1].done), "at {cut}");
            assert_eq!(seen.last().map(|p| p.done), Some(total), "at {cut}");
        }
    }

    /// The rows each sheet's columns were made for, read with `rows`.
    fn expected(bytes: &[u8], rows: Rows) -> Vec<usize> {
        let source = crate::Source {
            bytes,
            progress: &|_| {},
        };
        let reads = Streamable::Xlsx
            .stream_rows(Counting::over(source), Choices::default(), None, rows, None)
            .unwrap();
        reads.iter().map(|r| r.builder.expected_rows()).collect()
    }

    #[test]
    fn columns_are_made_as_long_as_the_sheet_declares_where_its_file_could_hold_it() {
        let bytes = workbook(20_000, "", "");
        // The first part's columns are made for the whole sheet: the later
        // part joins them.
        assert_eq!(expected(&bytes, Rows::All), [20_001]);
        assert_eq!(expected(&bytes, Rows::Before(10_000)), [20_001]);
        // A small sheet's columns simply grow.
        assert_eq!(expected(&workbook(3_000, "", ""), Rows::All), [0]);

        // A span no file of this size holds (a writer's formatted range):
        // the columns are not made that long, and the values are the same.
        let bogus = workbook_declaring(20_000, "", "", "", "A1:XFD1048576");
        assert_eq!(expected(&bogus, Rows::All), [0]);
        let tall = workbook_declaring(20_000, "", "", "", "A1:D1048576");
        let [rows] = expected(&tall, Rows::All)[..] else {
            panic!("one sheet")
        };
        assert!(
            rows <= tall.len() / 16,
            "{rows} rows for {} bytes",
            tall.len()
        );
        let sheets = |bytes: &[u8]| read_workbook(bytes).unwrap().sheets;
        assert_eq!(sheets(&bogus), sheets(&bytes));
        assert_eq!(sheets(&tall), sheets(&bytes));
    }

    #[test]
    fn a_sheet_is_not_cut_where_a_row_tag_may_not_be_one() {
        let commented = workbook(3_000, "", "<!-- <row r=\"2500\"> -->");
        assert!(rows_cut(&commented).is_some());
        let later = read_rows_from(&commented[..], 2_000);
        assert!(later.is_err(), "{later:?}");
        // The first reader reads on alone and gets the whole sheet.
        let Before::Part(before) = read_rows_before(&commented, 2_000, &|_| {}).unwrap() else {
            panic!("rows past the cut");
        };
        let whole = read_workbook(&commented).unwrap().sheets;
        assert_eq!(before.read_rest(&commented).unwrap(), whole);
        // A sheet too short to share is read by one worker.
        assert_eq!(rows_cut(&workbook(400, "", "")), None);
    }

    #[test]
    fn a_part_two_sheets_name_is_read_whole() {
        let bytes = workbook_of(
            600,
            "",
            "",
            "<sheet name=\"again\" sheetId=\"2\" r:id=\"rId1\"/>",
        );
        let whole = read_workbook(&bytes).unwrap().sheets;
        assert_eq!(whole.len(), 2);
        let cut = rows_cut(&bytes).expect("one worksheet part");
        let Before::Whole(sheets) = read_rows_before(&bytes, cut, &|_| {}).unwrap() else {
            panic!("two sheets stopped at the cut: read whole");
        };
        assert_eq!(sheets, whole);
    }

    #[test]
    fn row_tags_say_their_numbers_and_nothing_else_is_one() {
        let xml = b"<row r=\"3\" spans=\"1:2\"><c r=\"A3\"/></row><rowBreaks/><row spans=\"1:1\"><row\n r = '12'>";
        let tags: Vec<_> = row_tags(xml, b"<row").map(|t| (t.at, t.number)).collect();
        assert_eq!(tags, [(0, Some(2)), (52, None), (69, Some(11))]);
        assert_eq!(
            declared_rows(b"<dimension ref=\"B3:F1000001\"/>"),
            Some((2, 1_000_000))
        );
        assert_eq!(declared_rows(b"<dimension ref=\"A1\"/>"), Some((0, 0)));
    }
}
