//! SpreadsheetML 2003 (Excel's "XML Spreadsheet", often saved with an .xls
//! name): `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`
//! holding `<Worksheet ss:Name>`s of `<Table>`, `<Row>`, `<Cell>` and
//! `<Data ss:Type>`.
//!
//! Read with quick-xml (calamine's own XML reader, at its version) into
//! calamine's cells, so the same typing as every other format applies:
//! `Number` is a number, `DateTime` an ISO date, `Boolean` a boolean,
//! `Error` an error cell (a gap), `String` text, read for what people write
//! in it. `ss:Index` on a row or a cell skips to that (one-based) row or
//! column; `ss:MergeAcross` moves the next cell past the merged ones (the
//! value stays in the first cell, as every reader keeps a merged area).

use calamine::{Cell, CellErrorType, Data, Range};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use sheetplot_model::ReadError;

use crate::SheetRanges;

/// The namespace of SpreadsheetML 2003.
const NAMESPACE: &str = "urn:schemas-microsoft-com:office:spreadsheet";

/// Whether `text` is a SpreadsheetML 2003 workbook: its first element is a
/// `Workbook` and its namespace is SpreadsheetML's.
pub fn is_spreadsheetml(text: &str) -> bool {
    let head = prefix(text, 4096);
    first_element(head).is_some_and(|name| name == "Workbook" || name == "ss:Workbook")
        && head.contains(NAMESPACE)
}

/// At most `len` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The name of the first element of an XML text, after its declaration,
/// processing instructions (`<?mso-application?>`) and comments.
fn first_element(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = after.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            return Some(&after[..end]);
        } else {
            return None;
        }
    }
}

/// The value of attribute `name` (matched by local name: `ss:Index` and
/// `Index` alike) of `element`.
fn attribute(element: &BytesStart<'_>, name: &str) -> Result<Option<String>, ReadError> {
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|e| corrupt(&e))?;
        if attribute.key.local_name().as_ref() == name {
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| corrupt(&e))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

fn corrupt(error: &dyn std::fmt::Display) -> ReadError {
    ReadError::Corrupt(format!("XML Spreadsheet: {error}"))
}

/// A one-based `ss:Index` as a zero-based position, within `limit`.
fn index(element: &BytesStart<'_>, limit: u64, what: &str) -> Result<Option<u32>, ReadError> {
    let Some(text) = attribute(element, "Index")? else {
        return Ok(None);
    };
    let value: u64 = text
        .trim()
        .parse()
        .map_err(|_| corrupt(&format!("{what} index '{text}' is not a number")))?;
    if value == 0 {
        return Err(corrupt(&format!("{what} index 0 (they count from 1)")));
    }
    if value > limit {
        return Err(ReadError::TooLarge(format!(
            "a {what} at position {value}, beyond the {limit} {what}s sheetplot holds"
        )));
    }
    Ok(Some(value as u32 - 1))
}

/// What a `<Data>` element holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DataType {
    Number,
    DateTime,
    Boolean,
    Error,
    String,
}

/// The cell of a `<Data>` element's type and text.
fn cell(kind: DataType, text: String) -> Data {
    let trimmed = text.trim();
    match kind {
        _ if trimmed.is_empty() && kind != DataType::String => Data::Empty,
        DataType::Number => trimmed
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map_or(Data::String(text.clone()), Data::Float),
        // Excel writes `2024-12-31T00:00:00.000`.
        DataType::DateTime => Data::DateTimeIso(trimmed.to_owned()),
        DataType::Boolean => match trimmed {
            "1" => Data::Bool(true),
            "0" => Data::Bool(false),
            _ => Data::String(text),
        },
        DataType::Error => Data::Error(
            trimmed
                .parse::<CellErrorType>()
                .unwrap_or(CellErrorType::Value),
        ),
        DataType::String if text.is_empty() => Data::Empty,
        DataType::String => Data::String(text),
    }
}

/// One worksheet's cells as they are read.
struct SheetCells {
    name: String,
    cells: Vec<Cell<Data>>,
    first_row: u32,
    last_row: u32,
    last_col: u32,
}

impl SheetCells {
    /// Adds a cell, refusing a sheet that would span more than the limits.
    fn push(&mut self, row: u32, col: u32, value: Data) -> Result<(), ReadError> {
        if value == Data::Empty {
            return Ok(());
        }
        self.first_row = self.first_row.min(row);
        self.last_row = self.last_row.max(row);
        self.last_col = self.last_col.max(col);
        let span = (u64::from(self.last_row - self.first_row) + 1) * (u64::from(self.last_col) + 1);
        if span > crate::MAX_SHEET_CELLS as u64 {
            return Err(ReadError::TooLarge(format!(
                "sheet '{}' spans more than the {} cells sheetplot holds",
                self.name,
                crate::MAX_SHEET_CELLS
            )));
        }
        self.cells.push(Cell::new((row, col), value));
        Ok(())
    }

    fn into_range(self) -> (String, Range<Data>) {
        (self.name, Range::from_sparse(self.cells))
    }
}

/// Where the reader is inside a worksheet.
struct Position {
    /// The row of the current or next `<Row>`.
    row: u32,
    /// The column of the next `<Cell>`.
    col: u32,
    /// The column after the current cell's merged area.
    next_col: u32,
}

/// Reads every worksheet of a SpreadsheetML 2003 workbook into cells.
pub fn read(text: &str) -> Result<SheetRanges, ReadError> {
    const MAX_ROWS: u64 = 1_048_576;
    let mut reader = Reader::from_str(text);
    let mut sheets: SheetRanges = Vec::new();
    let mut sheet: Option<SheetCells> = None;
    let mut at = Position {
        row: 0,
        col: 0,
        next_col: 0,
    };
    // Inside `<Data>`: its type and text so far (rich text included).
    let mut data: Option<(DataType, String)> = None;
    let mut in_table = false;
    let mut row_seen = false;
    let mut span: u32 = 0;
    loop {
        let event = reader.read_event().map_err(|e| corrupt(&e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "Worksheet" => {
                        let name = attribute(e, "Name")?
                            .unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                        let cells = SheetCells {
                            name,
                            cells: Vec::new(),
                            first_row: u32::MAX,
                            last_row: 0,
                            last_col: 0,
                        };
                        if empty {
                            sheets.push(cells.into_range());
                        } else {
                            sheet = Some(cells);
                        }
                        at.row = 0;
                        row_seen = false;
                        span = 0;
                    }
                    "Table" if sheet.is_some() => in_table = !empty,
                    "Row" if in_table => {
                        let next = if row_seen {
                            at.row.saturating_add(1).saturating_add(span)
                        } else {
                            at.row
                        };
                        at.row = index(e, MAX_ROWS, "row")?.unwrap_or(next);
                        if u64::from(at.row) >= MAX_ROWS {
                            return Err(ReadError::TooLarge(format!(
                                "more than the {MAX_ROWS} rows sheetplot holds"
                            )));
                        }
                        // `ss:Span` stands for this many more (empty) rows
                        // after this one.
                        span = attribute(e, "Span")?
                            .and_then(|s| s.trim().parse().ok())
                            .unwrap_or(0);
                        row_seen = true;
                        at.col = 0;
                        at.next_col = 0;
                    }
                    "Cell" if in_table => {
                        let limit = u64::from(crate::MAX_COLUMNS);
                        at.col = index(e, limit, "column")?.unwrap_or(at.next_col);
                        let merged: u32 = attribute(e, "MergeAcross")?
                            .and_then(|s| s.trim().parse().ok())
                            .unwrap_or(0);
                        at.next_col = at.col.saturating_add(merged).saturating_add(1);
                        if u64::from(at.next_col) > limit + 1 {
                            return Err(ReadError::TooLarge(format!(
                                "a cell beyond the {limit} columns sheetplot holds"
                            )));
                        }
                    }
                    "Data" if in_table && !empty => {
                        let kind = match attribute(e, "Type")?.as_deref() {
                            Some("Number") => DataType::Number,
                            Some("DateTime") => DataType::DateTime,
                            Some("Boolean") => DataType::Boolean,
                            Some("Error") => DataType::Error,
                            _ => DataType::String,
                        };
                        data = Some((kind, String::new()));
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                if let Some((_, text)) = data.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::CData(ref t) => {
                if let Some((_, text)) = data.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(ref r) => {
                if let Some((_, text)) = data.as_mut() {
                    let name = r.xml10_content();
                    if let Some(resolved) = quick_xml::escape::resolve_xml_entity(&name) {
                        text.push_str(resolved);
                    } else if let Some(c) = r.resolve_char_ref().map_err(|e| corrupt(&e))? {
                        text.push(c);
                    } else {
                        return Err(corrupt(&format!("unknown entity &{name};")));
                    }
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "Data" => {
                    if let (Some((kind, text)), Some(cells)) = (data.take(), sheet.as_mut()) {
                        cells.push(at.row, at.col, cell(kind, text))?;
                    }
                }
                "Table" => in_table = false,
                "Worksheet" => {
                    if let Some(cells) = sheet.take() {
                        sheets.push(cells.into_range());
                    }
                    in_table = false;
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(cells) = sheet.take() {
        return Err(ReadError::Truncated(format!(
            "XML Spreadsheet: worksheet '{}' is not closed",
            cells.name
        )));
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
             <Workbook xmlns=\"{NAMESPACE}\" xmlns:ss=\"{NAMESPACE}\">{body}</Workbook>"
        )
    }

    #[test]
    fn is_told_from_its_first_element_and_namespace() {
        assert!(is_spreadsheetml(&workbook("")));
        assert!(is_spreadsheetml(&format!(
            "\u{feff}<!-- saved --><ss:Workbook xmlns:ss=\"{NAMESPACE}\"/>"
        )));
        assert!(!is_spreadsheetml("<Workbook xmlns=\"urn:other\"/>"));
        assert!(!is_spreadsheetml(&format!(
            "<html><body>{NAMESPACE}<Workbook></body></html>"
        )));
        assert!(!is_spreadsheetml("a,b\n1,2\n"));
    }

    #[test]
    fn indexes_skip_rows_and_cells_and_merges_move_the_next_cell() {
        let text = workbook(
            "<Worksheet ss:Name=\"S\"><Table>\
             <Row><Cell><Data ss:Type=\"String\">a</Data></Cell>\
                  <Cell ss:Index=\"3\"><Data ss:Type=\"String\">c</Data></Cell></Row>\
             <Row ss:Index=\"4\"><Cell ss:MergeAcross=\"1\"><Data ss:Type=\"Number\">1</Data></Cell>\
                  <Cell><Data ss:Type=\"Number\">2.5</Data></Cell></Row>\
             <Row><Cell><Data ss:Type=\"Boolean\">1</Data></Cell>\
                  <Cell><Data ss:Type=\"Error\">#N/A</Data></Cell>\
                  <Cell><Data ss:Type=\"DateTime\">2024-12-31T00:00:00.000</Data></Cell></Row>\
             </Table></Worksheet>\
             <Worksheet ss:Name=\"Empty\"/>",
        );
        let sheets = read(&text).unwrap();
        assert_eq!(sheets.len(), 2);
        let (name, range) = &sheets[0];
        assert_eq!(name, "S");
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("a".into())));
        assert_eq!(range.get_value((0, 2)), Some(&Data::String("c".into())));
        assert_eq!(range.get_value((3, 0)), Some(&Data::Float(1.0)));
        assert_eq!(range.get_value((3, 2)), Some(&Data::Float(2.5)));
        assert_eq!(range.get_value((4, 0)), Some(&Data::Bool(true)));
        assert_eq!(
            range.get_value((4, 1)),
            Some(&Data::Error(CellErrorType::NA))
        );
        assert_eq!(
            range.get_value((4, 2)),
            Some(&Data::DateTimeIso("2024-12-31T00:00:00.000".into()))
        );
        assert_eq!(sheets[1].0, "Empty");
        assert!(sheets[1].1.is_empty());
    }

    #[test]
    fn rich_text_and_entities_are_the_cell_text() {
        let text = workbook(
            "<Worksheet ss:Name=\"R&amp;D\"><Table><Row><Cell>\
             <ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\">\
             <B>Fish</B> &amp; chips &#8364;</ss:Data></Cell></Row></Table></Worksheet>",
        );
        let sheets = read(&text).unwrap();
        assert_eq!(sheets[0].0, "R&D");
        assert_eq!(
            sheets[0].1.get_value((0, 0)),
            Some(&Data::String("Fish & chips €".into()))
        );
    }

    #[test]
    fn positions_beyond_a_sheet_are_refused_before_anything_is_held() {
        for body in [
            "<Row ss:Index=\"4000000000\"><Cell><Data ss:Type=\"Number\">1</Data></Cell></Row>",
            "<Row><Cell ss:Index=\"99999\"><Data ss:Type=\"Number\">1</Data></Cell></Row>",
            "<Row><Cell><Data ss:Type=\"Number\">1</Data></Cell></Row>\
             <Row ss:Index=\"1048000\"><Cell ss:Index=\"16000\"><Data ss:Type=\"Number\">1</Data></Cell></Row>",
        ] {
            let text = workbook(&format!("<Worksheet ss:Name=\"S\"><Table>{body}</Table></Worksheet>"));
            assert!(
                matches!(read(&text), Err(ReadError::TooLarge(_))),
                "{body}: {:?}",
                read(&text).map(|s| s.len())
            );
        }
        let broken = workbook("<Worksheet ss:Name=\"S\"><Table><Row><Cell ss:Index=\"0\"/>");
        assert!(matches!(read(&broken), Err(ReadError::Corrupt(_))));
    }
}
