//! HTML tables as workbooks: what web systems export as "Excel" (an .xls
//! or .htm file that is really a page), and what Excel, LibreOffice and
//! Google Sheets put on the clipboard as `text/html` when cells are copied.
//!
//! Each `<table>` is a sheet, named by its `<caption>`, else by the nearest
//! heading (`<h1>`–`<h6>`) before it, else "Table N". Its rows are its
//! `<tr>`s in document order (`<thead>`, `<tbody>` and `<tfoot>` alike),
//! its cells the `<td>`s and `<th>`s, placed as a browser lays them out:
//! `colspan` and `rowspan` cover blank cells, the value staying in the
//! top-left one, as Excel opens such a file. A cell's text is its text
//! content with whitespace collapsed, `<br>` and blocks (`<p>`, `<div>`)
//! read as a space; a table inside a cell is more text for that cell.
//!
//! Cells are read as a CSV field is ([`csv_cell`]), so `$1,200`, `12 %`,
//! `(123)` and `31/12/2024` type as they do in a CSV file. Two exceptions:
//! a header cell (`<th>`, or any cell of `<thead>`) stays text, so a header
//! of years is still a header; and a cell Excel (`x:num`) or LibreOffice
//! (`sdval`) marked with its exact number takes that number when its text
//! is a plain number (the text may be rounded, or in the locale's way).
//!
//! The page is tokenized by html5gum (the WHATWG tokenizer: entities,
//! upper-case tags, `<style>` and `<script>` text) and laid out here one
//! token at a time, with no tree: the page's nesting costs nothing, the
//! cells are checked against the limits as they come, and a bomb is
//! refused at the first token past a limit.

use calamine::{Cell, Data, Range};
use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, Tokenizer};

use sheetplot_model::ReadError;

use crate::delimited::parse_number;
use crate::typing::parse_iso_datetime;
use crate::written::{self, Shape};
use crate::{SheetRanges, MAX_COLUMNS, MAX_SHEET_CELLS};

/// Excel's row limit: a table past it is not a sheet Excel opens either.
const MAX_ROWS: u32 = 1_048_576;
/// Browsers clamp `colspan` to 1000 and `rowspan` to 65534.
const MAX_COLSPAN: u32 = 1000;
const MAX_ROWSPAN: u32 = 65534;
/// Tables inside tables' cells, deeper than any page lays out.
const MAX_TABLE_DEPTH: usize = 100;
/// Sheets from one page: a page with more tables is not a workbook.
const MAX_TABLES: usize = 1000;
/// A sheet name longer than this is cut (a heading can be a paragraph).
const MAX_NAME_CHARS: usize = 100;
/// How much of a file's beginning tells whether it is HTML, and which
/// encoding its `<meta>` declares (the HTML standard's prescan reads 1024
/// bytes; Excel's exports declare it after a long `<html xmlns:…>`).
const HEAD_BYTES: usize = 4096;

/// Elements a page or a copied fragment begins with: a document's, and
/// those browsers put first on the clipboard (`<meta charset>`, Google
/// Sheets' `<google-sheets-html-origin>`, a `<style>`), or a bare table.
const FIRST_ELEMENTS: &[&[u8]] = &[
    b"html",
    b"head",
    b"body",
    b"meta",
    b"title",
    b"style",
    b"link",
    b"base",
    b"google-sheets-html-origin",
    b"table",
    b"caption",
    b"colgroup",
    b"thead",
    b"tbody",
    b"tr",
    b"div",
    b"span",
    b"p",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
];

/// The text of `bytes` when they are an HTML page or fragment (see
/// [`is_html`]), decoded as a browser would: by its byte-order mark, as
/// UTF-8 when it is, else in the encoding its `<meta>` declares, else as
/// Windows-1252 (what Excel's own exports declare).
pub fn page_text(bytes: &[u8]) -> Option<String> {
    let head_text = head_text(bytes);
    if !is_html(&head_text) {
        return None;
    }
    let bom = encoding_rs::Encoding::for_bom(bytes);
    let (encoding, body) = match bom {
        Some((encoding, bom_len)) => (encoding, &bytes[bom_len..]),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => return Some(text.to_owned()),
            Err(_) => (
                declared_encoding(&head_text).unwrap_or(encoding_rs::WINDOWS_1252),
                bytes,
            ),
        },
    };
    Some(encoding.decode_without_bom_handling(body).0.into_owned())
}

/// Whether a file that starts with `head` is an HTML page or fragment
/// (see [`is_html`]); the rest of the file is not needed to tell.
pub fn starts_like_html(head: &[u8]) -> bool {
    is_html(&head_text(head))
}

/// The first [`HEAD_BYTES`] of `bytes` as text, by their byte-order mark or
/// else as UTF-8 with anything else replaced.
fn head_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    match encoding_rs::Encoding::for_bom(head) {
        Some((encoding, bom_len)) => encoding.decode_without_bom_handling(&head[bom_len..]).0,
        None => String::from_utf8_lossy(head),
    }
}

/// Whether `text` is an HTML page or fragment: the first thing in it,
/// after whitespace, comments and an `<?xml?>` declaration, is an HTML
/// doctype or one of [`FIRST_ELEMENTS`].
fn is_html(text: &str) -> bool {
    let head = prefix(text.trim_start_matches('\u{feff}'), HEAD_BYTES);
    let first = scan(head, |piece| match piece {
        Piece::Doctype(name) => Some(name.eq_ignore_ascii_case(b"html")),
        Piece::Start(tag) => Some(FIRST_ELEMENTS.contains(&tag.name.as_slice())),
        Piece::Text(text) if is_blank(text) => None,
        Piece::Text(text) => Some(is_clipboard_header(text)),
        Piece::End(_) => None,
    });
    first.unwrap_or(false)
}

/// Reads every table of an HTML page into a sheet of cells, refusing a
/// page without one.
pub fn read(text: &str) -> Result<SheetRanges, ReadError> {
    let mut page = Page::default();
    if let Some(refusal) = scan(text, |piece| page.take(piece).err()) {
        return Err(refusal);
    }
    page.finish()
}

/// What the layout reads of a page: start tags (with the attributes it
/// reads), end tags, text, and the doctype.
enum Piece<'a> {
    Start(&'a Tag),
    End(&'a [u8]),
    Text(&'a [u8]),
    Doctype(&'a [u8]),
}

/// A start tag: its name and attributes in lower case, as the tokenizer
/// gives them, and of its attributes only those in [`READ_ATTRIBUTES`].
#[derive(Default)]
struct Tag {
    name: Vec<u8>,
    attributes: Vec<(&'static [u8], Vec<u8>)>,
}

/// A table's name (its caption or heading, if any) and its cells.
type NamedTable = (Option<String>, Range<Data>);

/// The attributes the layout reads: spans, exact numbers, and encodings.
const READ_ATTRIBUTES: &[&[u8]] = &[
    b"colspan", b"rowspan", b"x:num", b"sdval", b"charset", b"content",
];

impl Tag {
    /// The value of attribute `name`, the first if it is repeated (as
    /// browsers keep it).
    fn attribute(&self, name: &[u8]) -> Option<String> {
        let (_, value) = self.attributes.iter().find(|(n, _)| *n == name)?;
        Some(String::from_utf8_lossy(value).into_owned())
    }
}

/// Runs `each` over the pieces of `text` until it answers.
fn scan<T>(text: &str, mut each: impl FnMut(Piece<'_>) -> Option<T>) -> Option<T> {
    let mut answer = None;
    // The tokenizer may hand over a few more pieces before it stops.
    scan_pieces(text, &mut |piece| {
        if answer.is_none() {
            answer = each(piece);
        }
        answer.is_some()
    });
    answer
}

/// Runs `each` over the pieces of `text` until it returns true.
///
/// Not generic, so the tokenizer (a state machine of some hundred
/// kilobytes of wasm) is instantiated once, whoever reads the pieces.
/// html5gum's callback emitter hands over a tag's name, each attribute and
/// the tag's end as separate events (no token is built, no attribute map
/// allocated: this is most of the time a page takes). The text of
/// `<script>`, `<style>` and the like is read as text (a `<` in it is no
/// tag), as a browser's tree builder has its tokenizer do.
fn scan_pieces(text: &str, each: &mut dyn FnMut(Piece<'_>) -> bool) {
    let mut scanner = Scanner {
        tag: Tag::default(),
        reading_attribute: false,
        each,
    };
    let mut emitter =
        CallbackEmitter::new(move |event: CallbackEvent<'_>, _: Span<()>| scanner.take(event));
    emitter.naively_switch_states(true);
    // The first token is `each`'s first true: reading stops there.
    Tokenizer::new_with_emitter(text, WithoutErrors(emitter)).next();
}

/// An emitter that tells the tokenizer no one reads its parse errors, so
/// it does not look for them (7% of the time a page takes).
struct WithoutErrors<E>(E);

impl<E: Emitter> ForwardingEmitter for WithoutErrors<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// Gathers a start tag from the tokenizer's events, and hands each piece on.
struct Scanner<'e> {
    tag: Tag,
    /// Whether the attribute being read is one the layout reads.
    reading_attribute: bool,
    each: &'e mut dyn FnMut(Piece<'_>) -> bool,
}

impl Scanner<'_> {
    /// One event; `Some` stops the tokenizer.
    fn take(&mut self, event: CallbackEvent<'_>) -> Option<()> {
        let tag = &mut self.tag;
        let piece = match event {
            CallbackEvent::OpenStartTag { name } => {
                tag.name.clear();
                tag.name.extend_from_slice(name);
                tag.attributes.clear();
                self.reading_attribute = false;
                return None;
            }
            CallbackEvent::AttributeName { name } => {
                let read = READ_ATTRIBUTES.iter().find(|wanted| **wanted == name);
                self.reading_attribute = read.is_some();
                if let Some(name) = read {
                    tag.attributes.push((name, Vec::new()));
                }
                return None;
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some((_, read)) = tag.attributes.last_mut() {
                    if self.reading_attribute {
                        read.extend_from_slice(value);
                    }
                }
                return None;
            }
            // `<br/>` and `<br>` alike: HTML ignores the slash.
            CallbackEvent::CloseStartTag { .. } => Piece::Start(tag),
            CallbackEvent::EndTag { name } => Piece::End(name),
            CallbackEvent::String { value } => Piece::Text(value),
            CallbackEvent::Doctype { name, .. } => Piece::Doctype(name),
            _ => return None,
        };
        (self.each)(piece).then_some(())
    }
}

/// Windows' clipboard format for HTML begins with a header of offsets
/// (`Version:0.9 StartHTML:…`) before the page.
fn is_clipboard_header(text: &[u8]) -> bool {
    text.starts_with(b"Version:") && text.windows(10).any(|w| w == b"StartHTML:")
}

/// The encoding a page's `<meta charset>` or `<meta http-equiv
/// content="text/html; charset=…">` declares in `head`. UTF-16 is not
/// declared that way: bytes that are not UTF-8 are not UTF-16 either.
fn declared_encoding(head: &str) -> Option<&'static encoding_rs::Encoding> {
    let declared = scan(head, |piece| match piece {
        Piece::Start(tag) if tag.name == b"meta" => {
            let label = match tag.attribute(b"charset") {
                Some(charset) => charset,
                None => {
                    let content = tag.attribute(b"content")?.to_ascii_lowercase();
                    let at = content.find("charset=")? + "charset=".len();
                    content[at..]
                        .split([';', ' ', '"', '\''])
                        .next()?
                        .to_owned()
                }
            };
            encoding_rs::Encoding::for_label(label.trim().as_bytes())
                .filter(|e| e.is_ascii_compatible())
        }
        _ => None,
    });
    declared
}

/// At most `len` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn is_blank(text: &[u8]) -> bool {
    String::from_utf8_lossy(text).chars().all(is_space)
}

/// HTML's white space, and the no-break space that `&nbsp;` writes (an
/// empty cell in many exports is `<td>&nbsp;</td>`).
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}'
}

/// A `colspan` or `rowspan` as a browser reads it: digits at the start,
/// at least 1, at most `max` (`rowspan="0"`, "to the end of the group",
/// is read as 1).
fn span(tag: &Tag, name: &[u8], max: u32) -> u32 {
    let Some(text) = tag.attribute(name) else {
        return 1;
    };
    let digits: String = text
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    digits.parse::<u32>().unwrap_or(1).clamp(1, max)
}

/// Text as it is read from a cell, a caption or a heading: runs of white
/// space become one space, and none is kept at either end.
#[derive(Default)]
struct Text {
    text: String,
    space_pending: bool,
}

impl Text {
    fn push(&mut self, chunk: &[u8]) {
        for c in String::from_utf8_lossy(chunk).chars() {
            if is_space(c) {
                self.space_pending = true;
            } else {
                if self.space_pending && !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.space_pending = false;
                self.text.push(c);
            }
        }
    }

    /// Ends a line or a block: what follows is separated by a space.
    fn separate(&mut self) {
        self.space_pending = true;
    }

    fn finish(self) -> String {
        self.text
    }
}

/// A cell being read.
struct OpenCell {
    row: u32,
    col: u32,
    /// A `<th>`, or a cell of `<thead>`: its text names a column.
    header: bool,
    /// Excel's `x:num` or LibreOffice's `sdval`: the number behind the text.
    number: Option<String>,
    text: Text,
}

/// One `<table>`'s cells as they are read.
struct Table {
    /// The heading before the table, until a caption names it instead.
    heading: Option<String>,
    caption: Option<Text>,
    reading_caption: bool,
    /// Tables open inside this one's current cell.
    nested: usize,
    in_head: bool,
    /// The current row, when a `<tr>` (or a cell that implies one) is open.
    row: Option<u32>,
    next_row: u32,
    /// Where the current row's next cell is looked for.
    col: u32,
    /// By column: the first row not covered by a `rowspan` above.
    covered_until: Vec<u32>,
    /// Cells looked at to place cells past those that spans cover.
    span_work: u64,
    cell: Option<OpenCell>,
    cells: Vec<Cell<Data>>,
    first_row: u32,
    last_row: u32,
    last_col: u32,
}

impl Table {
    fn new(heading: Option<String>) -> Table {
        Table {
            heading,
            caption: None,
            reading_caption: false,
            nested: 0,
            in_head: false,
            row: None,
            next_row: 0,
            col: 0,
            covered_until: Vec::new(),
            span_work: 0,
            cell: None,
            cells: Vec::new(),
            first_row: u32::MAX,
            last_row: 0,
            last_col: 0,
        }
    }

    /// The text being read: the caption's, the current cell's, or none
    /// (text between a table's cells is no part of it).
    fn text(&mut self) -> Option<&mut Text> {
        if self.reading_caption {
            return self.caption.as_mut();
        }
        self.cell.as_mut().map(|cell| &mut cell.text)
    }

    fn separate(&mut self) {
        if let Some(text) = self.text() {
            text.separate();
        }
    }

    fn start_row(&mut self) -> Result<(), ReadError> {
        self.end_row()?;
        if self.next_row >= MAX_ROWS {
            return Err(ReadError::TooLarge(format!(
                "a table of more than the {MAX_ROWS} rows sheetplot holds"
            )));
        }
        self.row = Some(self.next_row);
        self.next_row += 1;
        self.col = 0;
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), ReadError> {
        self.end_cell()?;
        self.row = None;
        Ok(())
    }

    /// Opens a `<td>` or `<th>` at the row's first column that no span
    /// above covers, and covers the cells its own spans reach.
    fn start_cell(&mut self, tag: &Tag) -> Result<(), ReadError> {
        self.end_cell()?;
        let row = match self.row {
            Some(row) => row,
            None => {
                self.start_row()?;
                self.next_row - 1
            }
        };
        let mut col = self.col;
        while self
            .covered_until
            .get(col as usize)
            .is_some_and(|&r| r > row)
        {
            col += 1;
            self.span_work += 1;
        }
        if col >= MAX_COLUMNS {
            return Err(ReadError::TooLarge(format!(
                "a table row of more than the {MAX_COLUMNS} columns sheetplot holds"
            )));
        }
        let colspan = span(tag, b"colspan", MAX_COLSPAN);
        let rowspan = span(tag, b"rowspan", MAX_ROWSPAN);
        if rowspan > 1 {
            let end = (col + colspan).min(MAX_COLUMNS);
            if self.covered_until.len() < end as usize {
                self.covered_until.resize(end as usize, 0);
            }
            for covered in &mut self.covered_until[col as usize..end as usize] {
                *covered = (*covered).max(row + rowspan);
            }
            self.span_work += u64::from(end - col);
        }
        if self.span_work > MAX_SHEET_CELLS as u64 {
            return Err(ReadError::Bomb(format!(
                "a table whose rowspans and colspans cover more than the \
                 {MAX_SHEET_CELLS} cells sheetplot holds"
            )));
        }
        self.col = col + colspan;
        let number = tag.attribute(b"x:num").or_else(|| tag.attribute(b"sdval"));
        self.cell = Some(OpenCell {
            row,
            col,
            header: tag.name == b"th" || self.in_head,
            number,
            text: Text::default(),
        });
        Ok(())
    }

    /// Closes the open cell, keeping its value; refuses a table whose
    /// values would span more than a sheet holds.
    fn end_cell(&mut self) -> Result<(), ReadError> {
        let Some(cell) = self.cell.take() else {
            return Ok(());
        };
        let text = cell.text.finish();
        let value = if cell.header {
            header_cell(text)
        } else {
            cell_with_number(text, cell.number.as_deref())
        };
        if value == Data::Empty {
            return Ok(());
        }
        self.first_row = self.first_row.min(cell.row);
        self.last_row = self.last_row.max(cell.row);
        self.last_col = self.last_col.max(cell.col);
        let span = (u64::from(self.last_row - self.first_row) + 1) * (u64::from(self.last_col) + 1);
        if span > MAX_SHEET_CELLS as u64 {
            return Err(ReadError::TooLarge(format!(
                "a table spanning more than the {MAX_SHEET_CELLS} cells sheetplot holds"
            )));
        }
        self.cells.push(Cell::new((cell.row, cell.col), value));
        Ok(())
    }

    /// A start tag inside the table (or inside a table in its cells).
    fn start(&mut self, tag: &Tag) -> Result<(), ReadError> {
        let name = tag.name.as_slice();
        if self.nested > 0 {
            if name == b"table" {
                self.open_nested()?;
            } else if separates(name) {
                self.separate();
            }
            return Ok(());
        }
        if matches!(
            name,
            b"tr" | b"td" | b"th" | b"thead" | b"tbody" | b"tfoot" | b"colgroup" | b"col"
        ) {
            self.reading_caption = false;
        }
        match name {
            b"caption" if self.cell.is_none() => {
                self.caption = Some(Text::default());
                self.reading_caption = true;
            }
            b"tr" => self.start_row()?,
            b"td" | b"th" => self.start_cell(tag)?,
            b"thead" | b"tbody" | b"tfoot" => {
                self.end_row()?;
                self.in_head = name == b"thead";
            }
            b"table" => self.open_nested()?,
            _ if separates(name) => self.separate(),
            _ => {}
        }
        Ok(())
    }

    /// A table inside the current cell: its text is the cell's.
    fn open_nested(&mut self) -> Result<(), ReadError> {
        if self.nested >= MAX_TABLE_DEPTH {
            return Err(ReadError::Bomb(format!(
                "tables nested more than {MAX_TABLE_DEPTH} deep"
            )));
        }
        self.nested += 1;
        self.separate();
        Ok(())
    }

    /// An end tag inside the table; whether it closed the table.
    fn end(&mut self, name: &[u8]) -> Result<bool, ReadError> {
        if self.nested > 0 {
            if name == b"table" {
                self.nested -= 1;
                self.separate();
            } else if separates(name) {
                self.separate();
            }
            return Ok(false);
        }
        match name {
            b"table" => {
                self.end_row()?;
                return Ok(true);
            }
            b"caption" => self.reading_caption = false,
            b"td" | b"th" => self.end_cell()?,
            b"tr" => self.end_row()?,
            b"thead" | b"tbody" | b"tfoot" => {
                self.end_row()?;
                self.in_head = false;
            }
            _ if separates(name) => self.separate(),
            _ => {}
        }
        Ok(false)
    }

    /// The table's name and cells, if it has any.
    fn finish(mut self) -> Result<Option<NamedTable>, ReadError> {
        self.end_row()?;
        if self.cells.is_empty() {
            return Ok(None);
        }
        let caption = self.caption.map(Text::finish).filter(|c| !c.is_empty());
        Ok(Some((
            caption.or(self.heading),
            Range::from_sparse(self.cells),
        )))
    }
}

/// Elements whose start or end leaves a space between the text before and
/// after them: a line break, blocks, and the cells of a nested table.
fn separates(name: &[u8]) -> bool {
    matches!(
        name,
        b"br"
            | b"p"
            | b"div"
            | b"li"
            | b"ul"
            | b"ol"
            | b"td"
            | b"th"
            | b"tr"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
    )
}

/// Elements whose content is no text of the page: their tokens are skipped
/// up to their end tag.
fn hidden(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"title"
            | b"template"
            | b"noscript"
            | b"textarea"
            | b"iframe"
            | b"xmp"
            | b"noembed"
            | b"noframes"
    )
}

fn is_heading(name: &[u8]) -> bool {
    matches!(name, b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6")
}

/// The page as it is read.
#[derive(Default)]
struct Page {
    sheets: SheetRanges,
    /// Inside an element whose content is skipped: its name.
    hidden: Option<Vec<u8>>,
    /// The top-level table being read.
    table: Option<Table>,
    /// A heading outside tables being read.
    heading: Option<Text>,
    /// The last heading read, until a table takes it for its name.
    last_heading: Option<String>,
}

impl Page {
    fn take(&mut self, piece: Piece<'_>) -> Result<(), ReadError> {
        if let Some(hidden) = &self.hidden {
            if matches!(piece, Piece::End(name) if name == hidden.as_slice()) {
                self.hidden = None;
            }
            return Ok(());
        }
        match piece {
            Piece::Start(tag) => self.start(tag),
            Piece::End(name) => self.end(name),
            Piece::Text(text) => {
                if let Some(table) = self.table.as_mut() {
                    if let Some(cell_text) = table.text() {
                        cell_text.push(text);
                    }
                } else if let Some(heading) = self.heading.as_mut() {
                    heading.push(text);
                }
                Ok(())
            }
            Piece::Doctype(_) => Ok(()),
        }
    }

    fn start(&mut self, tag: &Tag) -> Result<(), ReadError> {
        let name = tag.name.as_slice();
        // `<script/>` opens a script all the same: HTML ignores the slash.
        if hidden(name) {
            self.hidden = Some(tag.name.clone());
            return Ok(());
        }
        match self.table.as_mut() {
            // A table where a table's cell is expected (not inside one)
            // ends the one before, as browsers read it.
            Some(table) if name == b"table" && table.nested == 0 && table.cell.is_none() => {
                self.end_table()?;
                self.start_table();
                Ok(())
            }
            Some(table) => table.start(tag),
            None if name == b"table" => {
                self.start_table();
                Ok(())
            }
            None if is_heading(name) => {
                self.heading = Some(Text::default());
                Ok(())
            }
            None => {
                if separates(name) {
                    if let Some(heading) = self.heading.as_mut() {
                        heading.separate();
                    }
                }
                Ok(())
            }
        }
    }

    fn end(&mut self, name: &[u8]) -> Result<(), ReadError> {
        if let Some(table) = self.table.as_mut() {
            if table.end(name)? {
                self.end_table()?;
            }
        } else if is_heading(name) {
            self.end_heading();
        }
        Ok(())
    }

    fn start_table(&mut self) {
        self.end_heading();
        self.table = Some(Table::new(self.last_heading.take()));
    }

    /// Keeps the heading being read for the next table; one left open (no
    /// end tag) ends where a table begins.
    fn end_heading(&mut self) {
        if let Some(heading) = self.heading.take() {
            let text = heading.finish();
            if !text.is_empty() {
                self.last_heading = Some(text);
            }
        }
    }

    /// Keeps the table read as a sheet, if it holds any cells; an empty
    /// (layout) table leaves its heading to the next one.
    fn end_table(&mut self) -> Result<(), ReadError> {
        let Some(table) = self.table.take() else {
            return Ok(());
        };
        let heading = table.heading.clone();
        match table.finish()? {
            Some((name, range)) => {
                if self.sheets.len() >= MAX_TABLES {
                    return Err(ReadError::TooLarge(format!(
                        "a page of more than the {MAX_TABLES} tables sheetplot reads as sheets"
                    )));
                }
                let number = self.sheets.len() + 1;
                let name = self.unique(name.unwrap_or_else(|| format!("Table {number}")));
                self.sheets.push((name, range));
            }
            None => {
                if self.last_heading.is_none() {
                    self.last_heading = heading;
                }
            }
        }
        Ok(())
    }

    /// `name`, cut to [`MAX_NAME_CHARS`], with " (2)", " (3)", … after it
    /// when a sheet before has it.
    fn unique(&self, name: String) -> String {
        let name: String = match name.char_indices().nth(MAX_NAME_CHARS) {
            Some((end, _)) => format!("{}…", name[..end].trim_end()),
            None => name,
        };
        let taken = |candidate: &str| self.sheets.iter().any(|(n, _)| n == candidate);
        if !taken(&name) {
            return name;
        }
        (2..)
            .map(|n| format!("{name} ({n})"))
            .find(|candidate| !taken(candidate))
            .expect("a free name")
    }

    fn finish(mut self) -> Result<SheetRanges, ReadError> {
        self.end_table()?;
        if self.sheets.is_empty() {
            return Err(ReadError::NoTable);
        }
        Ok(self.sheets)
    }
}

/// A header cell's value: its text, never read as a number.
fn header_cell(text: String) -> Data {
    if text.is_empty() {
        Data::Empty
    } else {
        Data::String(text)
    }
}

/// A cell's value: the exact number Excel or LibreOffice wrote beside a
/// text that is a plain number, else the text read as a CSV field.
fn cell_with_number(text: String, number: Option<&str>) -> Data {
    let exact = number
        .and_then(|n| n.trim().parse::<f64>().ok())
        .filter(|n| n.is_finite());
    match exact {
        Some(n) if is_plain_number(&text) => Data::Float(n),
        _ => csv_cell(text),
    }
}

/// Whether `text` is a number written with digits alone (and separators),
/// with a point or a decimal comma: [`Shape::PlainNumber`]. Characters no
/// such number has are ruled out first, so a `$1,200` or a date costs no
/// reading of currencies and dates here (its column reads it later).
fn is_plain_number(text: &str) -> bool {
    let possible = text
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-., eE".contains(&b));
    possible && written::shape(text) == Shape::PlainNumber
}

/// What a cell's text holds, read as a CSV field with a decimal point
/// (`crate::delimited`'s reading, which a text cell's column then reads
/// for what people write, see [`crate::written`]): a plain number, a
/// boolean, an ISO date, else text.
fn csv_cell(text: String) -> Data {
    if text.is_empty() {
        return Data::Empty;
    }
    if let Some(n) = parse_number(&text, false) {
        return Data::Float(n);
    }
    if text.eq_ignore_ascii_case("true") {
        return Data::Bool(true);
    }
    if text.eq_ignore_ascii_case("false") {
        return Data::Bool(false);
    }
    if looks_like_iso(&text) && parse_iso_datetime(&text).is_some() {
        return Data::DateTimeIso(text);
    }
    Data::String(text)
}

/// `2024-01-31`, `2024-01-31T10:00:00` or `10:00` in shape, as
/// `crate::delimited` tests it before [`parse_iso_datetime`].
fn looks_like_iso(text: &str) -> bool {
    let b = text.as_bytes();
    let date =
        b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit);
    let time = b.len() >= 5 && b[2] == b':' && b[..2].iter().all(u8::is_ascii_digit);
    date || time
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheets(html: &str) -> SheetRanges {
        read(html).unwrap_or_else(|e| panic!("{e}: {html}"))
    }

    fn value(range: &Range<Data>, row: u32, col: u32) -> Data {
        range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
    }

    fn text(s: &str) -> Data {
        Data::String(s.to_owned())
    }

    #[test]
    fn pages_and_fragments_are_told_from_their_first_element() {
        for html in [
            "<!DOCTYPE html><html><body></body></html>",
            "\u{feff}  <!-- saved --><!doctype HTML>",
            "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" \
             xmlns:x=\"urn:schemas-microsoft-com:office:excel\">",
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
            "<meta charset=\"utf-8\"><table><tr><td>1</td></tr></table>",
            "<meta charset='utf-8'><google-sheets-html-origin><style>td{}</style><table>",
            "<style type=\"text/css\">td {}</style><table>",
            "\n\n<TABLE BORDER=1><TR><TD>a</TD></TR></TABLE>",
            "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000500\r\n<html>",
        ] {
            assert!(is_html(html), "{html}");
        }
        for text in [
            "a,b\n1,2\n",
            "<b>bold</b>,2\n3,4\n",
            "name;html\n<table>;1\n",
            "<root><table/></root>",
            "These are my notes about <table> tags.",
            "",
        ] {
            assert!(!is_html(text), "{text}");
        }
    }

    #[test]
    fn each_table_is_a_sheet_named_by_its_caption_heading_or_number() {
        let page = sheets(
            "<h1>Report</h1><h2>Sales</h2><p>Figures</p>\
             <table><tr><td>a</td></tr></table>\
             <table><caption> Costs <b>2024</b> </caption><tr><td>b</td></tr></table>\
             <table><tr><td>c</td></tr></table>\
             <h3>Sales</h3><table><tr><td>d</td></tr></table>",
        );
        let names: Vec<&str> = page.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Sales", "Costs 2024", "Table 3", "Sales (2)"]);
    }

    #[test]
    fn empty_tables_are_not_sheets_and_leave_their_heading() {
        let page = sheets(
            "<h2>Totals</h2><table><tr><td>&nbsp;</td></tr></table>\
             <table><tr><td>9</td></tr></table>",
        );
        assert_eq!(page.len(), 1);
        assert_eq!(page[0].0, "Totals");
        assert_eq!(value(&page[0].1, 0, 0), Data::Float(9.0));
    }

    #[test]
    fn spans_cover_blank_cells_and_the_value_stays_top_left() {
        let page = sheets(
            "<table>\
             <tr><td rowspan=2>a</td><TD COLSPAN=2>b</TD><td>c</td></tr>\
             <tr><td>d</td><td>e</td><td>f</td></tr>\
             <tr><td>g</td><td colspan=\"3x\">h</td></tr>\
             </table>",
        );
        let range = &page[0].1;
        assert_eq!(value(range, 0, 0), text("a"));
        assert_eq!(value(range, 0, 1), text("b"));
        assert_eq!(value(range, 0, 2), Data::Empty);
        assert_eq!(value(range, 0, 3), text("c"));
        assert_eq!(value(range, 1, 0), Data::Empty);
        assert_eq!(value(range, 1, 1), text("d"));
        assert_eq!(value(range, 1, 3), text("f"));
        assert_eq!(value(range, 2, 0), text("g"));
        assert_eq!(value(range, 2, 1), text("h"));
    }

    #[test]
    fn text_is_collapsed_with_breaks_and_entities_as_a_browser_reads_them() {
        let page = sheets(
            "<table><tr><td>\n  Fish &amp; chips&nbsp;<br>with <b>peas</b>\n</td>\
             <td><p>one</p><p>two</p></td><td>&euro;&#8364;&lt;</td><td> \u{a0} </td><td>x</td></tr></table>",
        );
        let range = &page[0].1;
        assert_eq!(value(range, 0, 0), text("Fish & chips with peas"));
        assert_eq!(value(range, 0, 1), text("one two"));
        assert_eq!(value(range, 0, 2), text("€€<"));
        assert_eq!(value(range, 0, 3), Data::Empty);
    }

    #[test]
    fn old_upper_case_markup_without_end_tags_is_laid_out_as_a_browser_does() {
        // What tl mis-nests: an upper-case <BR>, no </TD> or </TR>, a `<`
        // in a <STYLE>, and a <SCRIPT> between rows.
        let page = sheets(
            "<HTML><HEAD><STYLE>td<b {}</STYLE><TITLE>Export</TITLE></HEAD><BODY>\
             <TABLE BORDER=1><TR><TH>name<TH>qty\
             <TR><TD>a<BR>b<TD>1\
             <SCRIPT>if (a < b) document.write('<td>9</td>')</SCRIPT>\
             <TR><TD>c<TD>2</TABLE><P>after</P></BODY></HTML>",
        );
        assert_eq!(page.len(), 1);
        let range = &page[0].1;
        assert_eq!(range.get_size(), (3, 2));
        assert_eq!(value(range, 0, 0), text("name"));
        assert_eq!(value(range, 1, 0), text("a b"));
        assert_eq!(value(range, 1, 1), Data::Float(1.0));
        assert_eq!(value(range, 2, 0), text("c"));
        assert_eq!(value(range, 2, 1), Data::Float(2.0));
    }

    #[test]
    fn a_nested_table_is_text_of_the_cell_it_is_in() {
        let page = sheets(
            "<table><tr><td>outer<table><tr><td><b>in</b>ner 1</td><td>in 2</td></tr></table>end\
             <script/>document.write('x')</script></td><td>next</td></tr></table>",
        );
        assert_eq!(page.len(), 1);
        let range = &page[0].1;
        assert_eq!(value(range, 0, 0), text("outer inner 1 in 2 end"));
        assert_eq!(value(range, 0, 1), text("next"));
    }

    #[test]
    fn a_table_where_a_cell_belongs_starts_a_new_table() {
        let page = sheets("<table><tr><td>1</td></tr><table><tr><td>2</td></tr></table>");
        assert_eq!(page.len(), 2);
    }

    #[test]
    fn header_cells_stay_text_and_marked_numbers_are_exact() {
        let page = sheets(
            "<table><thead><tr><th>2023</th><td>2024</td></tr></thead>\
             <tr><td x:num=\"4.56789\">4.57</td><td sdval=\"1234.5\">1.234,5</td></tr>\
             <tr><td x:num=\"0.12\">12%</td><td x:num=\"45657\">31/12/2024</td></tr>\
             <tr><th>true</th><td>TRUE</td></tr></table>",
        );
        let range = &page[0].1;
        assert_eq!(value(range, 0, 0), text("2023"));
        assert_eq!(value(range, 0, 1), text("2024"));
        assert_eq!(value(range, 1, 0), Data::Float(4.56789));
        assert_eq!(value(range, 1, 1), Data::Float(1234.5));
        // Not plain numbers: read as written, by their column.
        assert_eq!(value(range, 2, 0), text("12%"));
        assert_eq!(value(range, 2, 1), text("31/12/2024"));
        assert_eq!(value(range, 3, 0), text("true"));
        assert_eq!(value(range, 3, 1), Data::Bool(true));
    }

    #[test]
    fn cells_read_as_csv_fields() {
        assert_eq!(csv_cell("1,200".into()), Data::Float(1200.0));
        assert_eq!(
            csv_cell("2024-01-31".into()),
            Data::DateTimeIso("2024-01-31".into())
        );
        assert_eq!(csv_cell("24-1-31".into()), text("24-1-31"));
        assert_eq!(csv_cell("$1,200".into()), text("$1,200"));
        assert_eq!(csv_cell(String::new()), Data::Empty);
    }

    #[test]
    fn a_page_without_a_table_is_refused() {
        for html in [
            "<html><body><p>Nothing here</p></body></html>",
            "<table></table><table><tr><td> </td></tr></table>",
        ] {
            assert_eq!(read(html), Err(ReadError::NoTable), "{html}");
        }
    }

    #[test]
    fn bombs_are_refused_at_the_first_cell_past_a_limit() {
        let wide = format!("<table><tr>{}</table>", "<td>".repeat(20_000));
        assert!(matches!(read(&wide), Err(ReadError::TooLarge(_))));
        let deep = format!("<table><tr><td>{}x", "<table><tr><td>".repeat(200));
        assert!(matches!(read(&deep), Err(ReadError::Bomb(_))));
        // Spans that push cells past the last column, and spans that cover
        // more cells than a sheet holds without pushing any.
        let wide_spans = "<tr><td rowspan=65534 colspan=1000>x</td></tr>".repeat(20);
        let wide_spans = format!("<table>{wide_spans}</table>");
        assert!(matches!(read(&wide_spans), Err(ReadError::TooLarge(_))));
        let merged = "<tr><td rowspan=2 colspan=1000>x<tr>".repeat(21_000);
        let merged = format!("<table>{merged}</table>");
        assert!(matches!(read(&merged), Err(ReadError::Bomb(_))));
        // A million rows take seconds to write out in a debug build.
        let mut tall = Table::new(None);
        tall.next_row = MAX_ROWS - 1;
        assert!(tall.start_row().is_ok());
        assert!(matches!(tall.start_row(), Err(ReadError::TooLarge(_))));
    }

    #[test]
    fn a_page_is_decoded_by_its_bom_else_as_utf8_else_as_its_meta_declares() {
        // "￥" in Shift_JIS, "Äpfel" in Windows-1252 (also the default).
        let sjis = b"<meta http-equiv=Content-Type content=\"text/html; charset=shift_jis\">\
                     <table><tr><td>\x81\x8f</td></tr></table>";
        assert!(page_text(sjis).unwrap().contains('\u{ffe5}'));
        for cp1252 in [
            &b"<meta charset=windows-1252><table><tr><td>\xc4pfel</td></tr></table>"[..],
            b"<table><tr><td>\xc4pfel</td></tr></table>",
        ] {
            assert!(page_text(cp1252).unwrap().contains("\u{c4}pfel"));
        }
        let utf8 = "<meta charset=shift_jis><td>\u{c4}pfel</td>".as_bytes();
        assert!(page_text(utf8).unwrap().contains("\u{c4}pfel"));
        let utf16: Vec<u8> = "\u{feff}<table><tr><td>\u{c4}</td></tr></table>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(page_text(&utf16)
            .unwrap()
            .starts_with("<table><tr><td>\u{c4}"));
        assert_eq!(page_text(b"a,b\n1,2\n"), None);
    }
}
