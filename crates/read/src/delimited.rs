//! CSV and other delimited text: decoding, sniffing, and cells.
//!
//! Exports from databases and instruments come with `,`, `;`, tab or `|`
//! between fields, a decimal comma in much of Europe, quoted fields, and
//! UTF-8 or UTF-16 with a byte-order mark. The `csv` crate splits the
//! records; this module decides the dialect and what each field holds, then
//! hands calamine's cell type to the same typing as every other format.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

use calamine::{Data, Range};
use encoding_rs::{CoderResult, Decoder, Encoding};

use sheetplot_model::ReadError;

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Records looked at to decide the delimiter and the decimal separator.
const SNIFF_RECORDS: usize = 200;

/// How much of a delimited file is looked at before it is read on: its
/// encoding and dialect are decided from this head (the whole file when it
/// is shorter), so a file of any length streams through in one pass.
pub const HEAD_BYTES: usize = 1 << 20;

/// The text of `bytes`, if they are text: UTF-8 or UTF-16 with a BOM, UTF-8
/// without one, and failing that Windows-1252 (what Excel on Windows writes,
/// and a superset of Latin-1), but never anything with NUL bytes or other
/// binary control characters.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    let (encoding, bom_len) = encoding_of(bytes, true);
    let text = encoding
        .decode_without_bom_handling(&bytes[bom_len..])
        .0
        .into_owned();
    (!is_binary(&text)).then_some(text)
}

/// The encoding of a text that starts with `head` (see [`decode_text`]),
/// and the length of its byte-order mark. When `head` is not the `whole`
/// text, a character cut at its end does not make it less UTF-8.
fn encoding_of(head: &[u8], whole: bool) -> (&'static Encoding, usize) {
    if let Some(found) = Encoding::for_bom(head) {
        return found;
    }
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => !whole && e.error_len().is_none(),
    };
    if utf8 {
        (encoding_rs::UTF_8, 0)
    } else {
        (encoding_rs::WINDOWS_1252, 0)
    }
}

/// Whether the start of `text` has control characters text never holds.
fn is_binary(text: &str) -> bool {
    text.chars()
        .take(64 * 1024)
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
}

/// The head of a delimited text: how it is encoded and how it is split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextHead {
    encoding: &'static Encoding,
    bom_len: usize,
    pub dialect: Dialect,
    /// Bytes of the file per line, as far as the head tells.
    bytes_per_line: f64,
}

impl TextHead {
    /// What `head` (the first [`HEAD_BYTES`] of a file, or all of it when
    /// `whole`) says of the file, when it is delimited text.
    pub fn of(head: &[u8], whole: bool) -> Option<TextHead> {
        let head = &head[..head.len().min(HEAD_BYTES)];
        let (encoding, bom_len) = encoding_of(head, whole);
        let text = encoding.decode_without_bom_handling(&head[bom_len..]).0;
        if is_binary(&text) {
            return None;
        }
        // A record cut at the end of the head is not evidence.
        let complete = if whole {
            &text[..]
        } else {
            text.rfind('\n').map_or(&text[..], |end| &text[..=end])
        };
        let lines = complete.bytes().filter(|&b| b == b'\n').count().max(1);
        Some(TextHead {
            encoding,
            bom_len,
            dialect: sniff(complete)?,
            bytes_per_line: head.len() as f64 / lines as f64,
        })
    }

    /// Whether the file can be read in two parts at once: its text is
    /// UTF-8, so a byte position in the file is one in its text.
    pub fn splits(&self) -> bool {
        self.encoding == encoding_rs::UTF_8
    }

    /// The length of the file's byte-order mark.
    pub fn bom_len(&self) -> usize {
        self.bom_len
    }

    /// About how many lines a file of `total` bytes that starts with this
    /// head has: a little more than its head's rate says, so columns made
    /// that long rarely need to grow.
    pub fn expected_lines(&self, total: u64) -> usize {
        (total as f64 / self.bytes_per_line * 1.02) as usize + 16
    }
}
/// The dialect of a delimited file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    pub decimal_comma: bool,
}

fn records(text: &str, delimiter: u8) -> csv::StringRecordsIntoIter<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records()
}

/// Picks the delimiter whose records most consistently have more than one
/// field; `None` when the text is not a table at all (prose, a log).
pub fn sniff(text: &str) -> Option<Dialect> {
    let mut best: Option<(f64, u8, usize)> = None;
    for delimiter in DELIMITERS {
        let counts: Vec<usize> = records(text, delimiter)
            .take(SNIFF_RECORDS)
            .filter_map(Result::ok)
            .filter(|r| !(r.len() == 1 && r[0].trim().is_empty()))
            .map(|r| r.len())
            .collect();
        if counts.len() < 2 {
            continue;
        }
        let mode = mode(&counts);
        let share = counts.iter().filter(|&&c| c == mode).count() as f64 / counts.len() as f64;
        if mode >= 2 && share >= 0.8 && best.is_none_or(|(s, _, m)| (share, mode) > (s, m)) {
            best = Some((share, delimiter, mode));
        }
    }
    let delimiter = match best {
        Some((_, d, _)) => d,
        // One column: a table only if it is mostly numbers under a header.
        None => {
            let lines: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(SNIFF_RECORDS)
                .collect();
            let numeric = lines
                .iter()
                .skip(1)
                .filter(|l| parse_number(l.trim(), false).is_some())
                .count();
            if lines.len() < 2 || numeric * 2 < lines.len() - 1 {
                return None;
            }
            b','
        }
    };
    Some(Dialect {
        delimiter,
        decimal_comma: delimiter != b',' && prefers_decimal_comma(text, delimiter),
    })
}

fn mode(counts: &[usize]) -> usize {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best = (0, 0);
    let mut run = (sorted[0], 0);
    for &c in &sorted {
        run = if c == run.0 { (c, run.1 + 1) } else { (c, 1) };
        if run.1 > best.1 {
            best = run;
        }
    }
    best.0
}

/// Whether numbers like `3,14` outnumber numbers like `3.14`.
fn prefers_decimal_comma(text: &str, delimiter: u8) -> bool {
    let (mut comma, mut point) = (0, 0);
    for record in records(text, delimiter)
        .take(SNIFF_RECORDS)
        .filter_map(Result::ok)
    {
        for field in record.iter().map(str::trim) {
            if parse_number(field, true).is_some() && field.contains(',') {
                comma += 1;
            } else if parse_number(field, false).is_some() && field.contains('.') {
                point += 1;
            }
        }
    }
    comma > point
}

/// A field as a number: digits with an optional sign, one decimal separator,
/// an exponent, and thousands separators in groups of three. Words such as
/// `inf` or `NaN` are text.
pub fn parse_number(field: &str, decimal_comma: bool) -> Option<f64> {
    match Shape::of(field.as_bytes()) {
        Shape::Plain if !decimal_comma => return fast_float2::parse(field).ok(),
        Shape::Other => return None,
        _ => {}
    }
    by_rules(field, decimal_comma)
}

/// [`parse_number`] by its whole rules, for the fields whose shape does not
/// settle it.
fn by_rules(field: &str, decimal_comma: bool) -> Option<f64> {
    let first = field.chars().next()?;
    if !(first.is_ascii_digit() || matches!(first, '-' | '+' | '.' | ',')) {
        return None;
    }
    let (thousands, decimal) = if decimal_comma {
        ('.', ',')
    } else {
        (',', '.')
    };
    let mantissa_end = field.find(['e', 'E']).unwrap_or(field.len());
    let (mantissa, exponent) = field.split_at(mantissa_end);
    let (int_part, frac_part) = match mantissa.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let unsigned = int_part.trim_start_matches(['-', '+']);
    let grouped = unsigned.contains(thousands) || unsigned.contains(' ');
    if grouped {
        let groups: Vec<&str> = unsigned.split([thousands, ' ']).collect();
        let well_formed = (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return None;
        }
    }
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let int_digits: String = if grouped {
        unsigned.chars().filter(char::is_ascii_digit).collect()
    } else if digits_only(unsigned) {
        unsigned.to_owned()
    } else {
        return None;
    };
    if frac_part.is_some_and(|f| !digits_only(f)) {
        return None;
    }
    if int_digits.is_empty() && frac_part.is_none_or(str::is_empty) {
        return None;
    }
    if let Some(power) = exponent.get(1..) {
        let power = power.trim_start_matches(['-', '+']);
        if power.is_empty() || !digits_only(power) {
            return None;
        }
    }
    let sign = if int_part.starts_with('-') { "-" } else { "" };
    let normal = format!("{sign}{int_digits}.{}{exponent}", frac_part.unwrap_or("0"));
    normal.parse().ok()
}

/// What a field's bytes allow it to be, in one pass: a plain number (a
/// sign, digits, a point, an exponent, each where a number has them), or
/// certainly none (a byte no number has), or something only the whole
/// rules of [`parse_number`] tell (thousands separators, a decimal comma).
#[derive(Debug, PartialEq)]
enum Shape {
    Plain,
    Other,
    Grouped,
}

impl Shape {
    fn of(bytes: &[u8]) -> Shape {
        #[derive(PartialEq)]
        enum Part {
            Mantissa,
            Fraction,
            Exponent,
        }
        let mut part = Part::Mantissa;
        let (mut digits, mut exponent_digits) = (0, 0);
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'0'..=b'9' if part == Part::Exponent => exponent_digits += 1,
                b'0'..=b'9' => digits += 1,
                b'+' | b'-' if i == 0 => {}
                b'+' | b'-' if part == Part::Exponent && matches!(bytes[i - 1], b'e' | b'E') => {}
                b'.' if part == Part::Mantissa => part = Part::Fraction,
                b'e' | b'E' if part != Part::Exponent && digits > 0 => part = Part::Exponent,
                b',' | b' ' | b'.' => return Shape::Grouped,
                _ => return Shape::Other,
            }
        }
        let plain = digits > 0 && (part != Part::Exponent || exponent_digits > 0);
        if plain {
            Shape::Plain
        } else {
            // "-", "." or "1e": the whole rules refuse them.
            Shape::Grouped
        }
    }
}

/// What one field holds, as calamine would report it from a workbook.
fn cell(field: &str, decimal_comma: bool) -> Data {
    let trimmed = field.trim();
    if trimmed.is_empty() {
        return Data::Empty;
    }
    if let Some(n) = parse_number(trimmed, decimal_comma) {
        return Data::Float(n);
    }
    if trimmed.eq_ignore_ascii_case("true") {
        return Data::Bool(true);
    }
    if trimmed.eq_ignore_ascii_case("false") {
        return Data::Bool(false);
    }
    if looks_like_iso(trimmed) && crate::typing::parse_iso_datetime(trimmed).is_some() {
        return Data::DateTimeIso(trimmed.to_owned());
    }
    Data::String(field.to_owned())
}

/// `2024-01-31`, `2024-01-31T10:00:00`, `2024-01-31 10:00` or `10:00:00`
/// in shape, a cheap test before [`crate::typing::parse_iso_datetime`]
/// checks that the date and time exist.
fn looks_like_iso(text: &str) -> bool {
    let b = text.as_bytes();
    let date =
        b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit);
    let time = b.len() >= 5 && b[2] == b':' && b[..2].iter().all(u8::is_ascii_digit);
    date || time
}

/// Reads delimited text into one sheet of cells.
pub fn read_delimited(
    text: &str,
    dialect: Dialect,
    max_cells: usize,
) -> Result<Range<Data>, ReadError> {
    let mut cells: Vec<(u32, u32, Data)> = Vec::new();
    let (mut height, mut width) = (0, 0);
    each_cell(text.as_bytes(), dialect, max_cells, |row, col, value| {
        if value != Data::Empty {
            height = height.max(row + 1);
            width = width.max(col + 1);
            cells.push((row as u32, col as u32, value));
        }
        Ok(())
    })?;
    if cells.is_empty() {
        return Ok(Range::empty());
    }
    let mut range = Range::new((0, 0), (height as u32 - 1, width as u32 - 1));
    for (row, col, value) in cells {
        range.set_value((row, col), value);
    }
    Ok(range)
}

/// Calls `each(row, column, cell)` for every field of the delimited text
/// `reader` gives, in order, refusing a row wider than a sheet or a table
/// (rows × its widest row) of more than `max_cells`.
pub fn each_cell(
    reader: impl Read,
    dialect: Dialect,
    max_cells: usize,
    each: impl FnMut(usize, usize, Data) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    each_record_cell(reader, dialect, max_cells, Records::default(), None, each).map(|_| ())
}

/// Where a first part of a text read in two parts ends: at the record
/// that starts at byte `byte` of the decoded text, if the text decoded so
/// far is the file's bytes unchanged (`exact`); a record that starts
/// beyond it means `byte` was inside a quoted field, and the first part
/// reads on to the end.
pub struct StopAt<'a> {
    pub byte: u64,
    pub exact: &'a dyn Fn() -> bool,
}

/// How far [`each_record_cell`] read: its records, its widest, and whether
/// it stopped at its [`StopAt`] (else it read to the end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Records {
    pub rows: usize,
    pub width: usize,
    pub stopped: bool,
}

/// [`each_cell`] for the records after those `before` counts (rows are
/// numbered on from them, and the limit holds for all of them), stopping
/// at `stop` when a record starts there.
pub fn each_record_cell(
    reader: impl Read,
    dialect: Dialect,
    max_cells: usize,
    before: Records,
    stop: Option<StopAt>,
    mut each: impl FnMut(usize, usize, Data) -> Result<(), ReadError>,
) -> Result<Records, ReadError> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(reader);
    let mut record = csv::StringRecord::new();
    let (mut row, mut width) = (before.rows, before.width);
    let mut stop = stop;
    while csv.read_record(&mut record).map_err(csv_refusal)? {
        if let Some(at) = &stop {
            let start = record.position().map_or(0, |p| p.byte());
            if start >= at.byte {
                if start == at.byte && (at.exact)() {
                    return Ok(Records {
                        rows: row,
                        width,
                        stopped: true,
                    });
                }
                stop = None;
            }
        }
        width = width.max(record.len());
        check_table(row + 1, width, max_cells)?;
        for (col, field) in record.iter().enumerate() {
            each(row, col, cell(field, dialect.decimal_comma))?;
        }
        row += 1;
    }
    Ok(Records {
        rows: row,
        width,
        stopped: false,
    })
}

/// Refuses a table of `rows` whose widest row is `width` fields when it is
/// wider than a sheet or holds more than `max_cells`.
pub fn check_table(rows: usize, width: usize, max_cells: usize) -> Result<(), ReadError> {
    if width > super::MAX_COLUMNS as usize {
        return Err(ReadError::TooLarge(format!(
            "a row of {width} fields, more than the {} columns sheetplot holds",
            super::MAX_COLUMNS
        )));
    }
    if rows.saturating_mul(width) > max_cells {
        return Err(ReadError::TooLarge(format!(
            "more than the {max_cells} cells sheetplot holds"
        )));
    }
    Ok(())
}

fn csv_refusal(error: csv::Error) -> ReadError {
    if let csv::ErrorKind::Io(e) = error.kind() {
        return ReadError::Corrupt(format!("the file could not be read on: {e}"));
    }
    ReadError::Corrupt(format!("CSV: {error}"))
}

/// The text of a delimited file as it is read from `inner` (after its
/// head's byte-order mark), as UTF-8: decoded a buffer at a time, so the
/// file is never in memory whole.
pub struct Decoded<R> {
    inner: R,
    decoder: Decoder,
    input: Box<[u8]>,
    start: usize,
    end: usize,
    at_end: bool,
    finished: bool,
    /// Decoded bytes a too-small read left over.
    spill: [u8; 4],
    spilled: std::ops::Range<usize>,
    /// Whether every byte decoded so far came out as it went in (UTF-8
    /// without a replaced byte): positions in the text are then the file's.
    exact: Rc<Cell<bool>>,
}

/// How much of the file is read and decoded at a time: in the page each
/// read is a round trip to the browser's file store, so they are large.
const DECODE_BYTES: usize = 4 << 20;

impl<R: Read> Decoded<R> {
    /// `inner` read from the start of the file `head` describes.
    pub fn new(mut inner: R, head: &TextHead) -> std::io::Result<Decoded<R>> {
        std::io::copy(
            &mut (&mut inner).take(head.bom_len as u64),
            &mut std::io::sink(),
        )?;
        Ok(Decoded::from_record(inner, head))
    }

    /// `inner` read from a record's start (in a file that starts as `head`
    /// says, whose byte-order mark is behind).
    pub fn from_record(inner: R, head: &TextHead) -> Decoded<R> {
        Decoded {
            inner,
            decoder: head.encoding.new_decoder_without_bom_handling(),
            input: vec![0; DECODE_BYTES].into_boxed_slice(),
            start: 0,
            end: 0,
            at_end: false,
            finished: false,
            spill: [0; 4],
            spilled: 0..0,
            exact: Rc::new(Cell::new(head.encoding == encoding_rs::UTF_8)),
        }
    }

    /// Whether the text so far is the file's bytes unchanged (see `exact`).
    pub fn exactness(&self) -> Rc<Cell<bool>> {
        Rc::clone(&self.exact)
    }

    /// Decodes into `out`, which holds at least one character (4 bytes).
    fn decode(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.finished {
            return Ok(0);
        }
        loop {
            if self.start == self.end && !self.at_end {
                self.start = 0;
                self.end = self.inner.read(&mut self.input)?;
                self.at_end = self.end == 0;
            }
            let (result, read, written, replaced) =
                self.decoder
                    .decode_to_utf8(&self.input[self.start..self.end], out, self.at_end);
            self.start += read;
            if replaced {
                self.exact.set(false);
            }
            if self.at_end && result == CoderResult::InputEmpty {
                // The decoder has finished: it must not be called again.
                self.finished = true;
                return Ok(written);
            }
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.spilled.start < self.spilled.end {
            let n = out.len().min(self.spilled.len());
            out[..n].copy_from_slice(&self.spill[self.spilled.start..self.spilled.start + n]);
            self.spilled.start += n;
            return Ok(n);
        }
        if out.len() < 4 && !out.is_empty() {
            // A character takes up to four bytes: what does not fit waits.
            let mut small = [0u8; 4];
            let n = self.decode(&mut small)?;
            self.spill = small;
            self.spilled = 0..n;
            return self.read(out);
        }
        self.decode(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_wider_than_a_sheet_is_refused_before_its_grid_is_made() {
        let line = vec!["1"; 20_000].join(",");
        let text = format!("{line}\n{line}\n");
        let dialect = Dialect {
            delimiter: b',',
            decimal_comma: false,
        };
        match read_delimited(&text, dialect, 20_000_000) {
            Err(ReadError::TooLarge(why)) => assert!(why.contains("16384 columns"), "{why}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn windows_1252_text_is_decoded_not_refused() {
        // Excel on Windows writes "Café – 5 €" like this; bytes 0x80–0x9F
        // are letters there, not control characters.
        let bytes = b"name;price\nCaf\xe9 \x96 5 \x80;1\n";
        assert_eq!(
            decode_text(bytes).as_deref(),
            Some("name;price\nCafé – 5 €;1\n")
        );
    }

    #[test]
    fn a_date_with_a_huge_year_stays_text() {
        // Its day count would overflow; it is not a date a sheet holds.
        assert_eq!(
            cell("9000000000000000000-01-01", false),
            Data::String("9000000000000000000-01-01".into())
        );
        assert_eq!(
            cell("2024-01-31", false),
            Data::DateTimeIso("2024-01-31".into())
        );
    }

    #[test]
    fn impossible_dates_and_times_stay_text() {
        for text in ["2024-02-31", "2023-02-29", "25:99", "2024-01-31 23:60"] {
            assert_eq!(cell(text, false), Data::String(text.into()), "{text}");
        }
        for text in ["2024-02-29", "2000-02-29", "1900-03-01", "23:59:59.5"] {
            assert_eq!(cell(text, false), Data::DateTimeIso(text.into()), "{text}");
        }
    }

    #[test]
    fn sniffs_delimiters_and_decimal_commas() {
        let semicolon = "Datum;Wert;Anteil\n2024-01-01;1.234,5;0,5\n2024-01-02;1.300,25;0,75\n";
        assert_eq!(
            sniff(semicolon),
            Some(Dialect {
                delimiter: b';',
                decimal_comma: true
            })
        );
        let tabs = "a\tb\n1.5\t2\n3\t4\n";
        assert_eq!(
            sniff(tabs),
            Some(Dialect {
                delimiter: b'\t',
                decimal_comma: false
            })
        );
        let commas = "name,score\n\"Smith, J\",1.5\n\"Doe; A\",2\n";
        assert_eq!(
            sniff(commas),
            Some(Dialect {
                delimiter: b',',
                decimal_comma: false
            })
        );
        assert_eq!(sniff("These are my notes, not a spreadsheet.\n"), None);
        assert_eq!(
            sniff("Dear all,\nplease find attached the figures, as promised.\nBest\n"),
            None
        );
        assert_eq!(
            sniff("level\n1\n2.5\n3\n"),
            Some(Dialect {
                delimiter: b',',
                decimal_comma: false
            })
        );
    }

    #[test]
    fn numbers_are_parsed_strictly() {
        assert_eq!(parse_number("1,234,567.5", false), Some(1_234_567.5));
        assert_eq!(parse_number("1.234,5", true), Some(1234.5));
        assert_eq!(parse_number("-0,25", true), Some(-0.25));
        assert_eq!(parse_number("6.02e23", false), Some(6.02e23));
        assert_eq!(parse_number(".5", false), Some(0.5));
        for text in [
            "inf", "NaN", "1,23", "12-3", "1.2.3", "", "-", "3 apples", "1,2345",
        ] {
            assert_eq!(parse_number(text, false), None, "{text}");
        }
    }

    #[test]
    fn plain_numbers_take_the_short_way_to_the_same_value() {
        for text in [
            "0",
            "-0",
            "+5",
            "5.",
            ".5",
            "-.5",
            "+.5",
            "5.e3",
            "1e5",
            "1E-5",
            "-2.5e+10",
            "123456789012345678901234567890",
            "0.1",
            "3.141592653589793238",
            "1e400",
            "007",
        ] {
            assert_eq!(Shape::of(text.as_bytes()), Shape::Plain, "{text}");
            assert_eq!(
                parse_number(text, false).map(f64::to_bits),
                by_rules(text, false).map(f64::to_bits),
                "{text}"
            );
            assert!(parse_number(text, false).is_some(), "{text}");
        }
        for text in [
            "2024-01-31",
            "10:00",
            "--5",
            "1e--5",
            "e5",
            "abc",
            "5%",
            "$5",
            "1_000",
        ] {
            assert_eq!(Shape::of(text.as_bytes()), Shape::Other, "{text}");
            assert_eq!(parse_number(text, false), None, "{text}");
        }
        for text in ["1,234", "1 234", "1.2.3", "-", ".", "1e", "3,5"] {
            assert_eq!(Shape::of(text.as_bytes()), Shape::Grouped, "{text}");
        }
    }

    #[test]
    fn decodes_boms_and_refuses_binary() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa,b").as_deref(), Some("a,b"));
        assert_eq!(decode_text(b"\xFF\xFEa\0,\0b\0").as_deref(), Some("a,b"));
        assert_eq!(decode_text(b"\xFE\xFF\0a\0,\0b").as_deref(), Some("a,b"));
        // A BOM is not part of the text, even when it is all there is.
        assert_eq!(decode_text(b"\xEF\xBB\xBF").as_deref(), Some(""));
        // Without a BOM, UTF-16 is NUL bytes between letters: binary.
        assert_eq!(decode_text(b"a\0,\0b\0"), None);
        // A broken sequence after a UTF-8 BOM is replaced, not re-read as Windows-1252.
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFcaf\xE9").as_deref(),
            Some("caf\u{FFFD}")
        );
        assert_eq!(decode_text(b"caf\xE9").as_deref(), Some("café"));
        assert_eq!(decode_text(b"\x89PNG\r\n\x1a\n\0\0"), None);
    }

    #[test]
    fn cells_are_typed_and_quoted_fields_kept_whole() {
        let text = "when,value,ok,note\n2024-01-01,1.5,true,\"a, b\"\n2024-01-02,,FALSE,c\n";
        let range = read_delimited(text, sniff(text).unwrap(), 1000).unwrap();
        assert_eq!(range.get_size(), (3, 4));
        assert_eq!(
            range.get((1, 0)),
            Some(&Data::DateTimeIso("2024-01-01".into()))
        );
        assert_eq!(range.get((1, 1)), Some(&Data::Float(1.5)));
        assert_eq!(range.get((2, 1)), Some(&Data::Empty));
        assert_eq!(range.get((1, 2)), Some(&Data::Bool(true)));
        assert_eq!(range.get((1, 3)), Some(&Data::String("a, b".into())));
        assert!(matches!(
            read_delimited(text, sniff(text).unwrap(), 5),
            Err(ReadError::TooLarge(_))
        ));
    }
}
