//! A series' formula (`Sheet1!$A$2:$A$100`) read as one rectangle of
//! cells, the way Excel writes them in `c:f`: an optional sheet (quoted
//! when it must be, `''` for a quote inside), an optional workbook in
//! brackets (`[1]Sheet1`, another file), and `$`-anchored or plain cells,
//! whole columns (`$A:$A`) or whole rows (`$2:$2`).
//!
//! Anything else is not one range: unions (`(A1:A3,B1:B3)`), defined
//! names, 3-D references (`Sheet1:Sheet3!A1`), and cells beyond Excel's
//! grid (`$A$0`, `$ZZZZ$1`), which no sheet can hold. Those give `None`:
//! the chart draws its cache instead.

use sheetplot_model::saved_chart::CellRange;

/// Excel's grid: 1,048,576 rows of 16,384 columns (A to XFD).
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLUMNS: u32 = 16_384;

/// The range `formula` names, when it names one rectangle of cells.
pub fn parse_range(formula: &str) -> Option<CellRange> {
    let text = formula.trim();
    let text = text.strip_prefix('=').unwrap_or(text).trim();
    let text = strip_parentheses(text);
    if outside_quotes(text).any(|(_, c)| c == ',') {
        return None;
    }
    let (sheet, reference) = match outside_quotes(text).filter(|&(_, c)| c == '!').last() {
        Some((at, _)) => (Some(&text[..at]), &text[at + 1..]),
        None => (None, text),
    };
    let (sheet, external) = match sheet {
        Some(sheet) => {
            let (name, external) = sheet_name(sheet)?;
            (Some(name), external)
        }
        None => (None, false),
    };
    let (first, last) = corners(reference)?;
    Some(CellRange {
        sheet,
        external,
        first_row: first.0.min(last.0),
        first_column: first.1.min(last.1),
        last_row: first.0.max(last.0),
        last_column: first.1.max(last.1),
    })
}

/// `(X)` as `X`, when the parentheses enclose the whole formula.
fn strip_parentheses(text: &str) -> &str {
    match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) => inner.trim(),
        None => text,
    }
}

/// The characters of `text` (with their byte offsets) that are not inside
/// a quoted sheet name.
fn outside_quotes(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quoted = false;
    text.char_indices().filter(move |&(_, c)| {
        if c == '\'' {
            // `''` inside quotes toggles twice: still quoted.
            quoted = !quoted;
            return false;
        }
        !quoted
    })
}

/// The sheet a formula names, and whether it is in another workbook
/// (`[1]Sheet1`, `'C:\dir\[Book.xlsx]My sheet'`).
fn sheet_name(text: &str) -> Option<(String, bool)> {
    let name = match text.strip_prefix('\'') {
        Some(quoted) => unquote(quoted.strip_suffix('\'')?)?,
        None if text.contains(['\'', ' ', ':', '(', ')', ',']) => return None,
        None => text.to_owned(),
    };
    let (name, external) = match name.find('[') {
        Some(open) => {
            let close = open + name[open..].find(']')?;
            (name[close + 1..].to_owned(), true)
        }
        None => (name, false),
    };
    // `Sheet1:Sheet3` spans sheets: no one rectangle.
    if name.is_empty() || name.contains(':') {
        return None;
    }
    Some((name, external))
}

/// A quoted sheet name's text, with `''` read as `'`; `None` when a quote
/// stands alone.
fn unquote(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// One end of a reference: a cell, a whole column or a whole row.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum End {
    Cell(u32, u32),
    Column(u32),
    Row(u32),
}

/// The zero-based (row, column) corners of `A1`, `A1:B2`, `A:B` or `1:2`.
fn corners(reference: &str) -> Option<((u32, u32), (u32, u32))> {
    let (a, b) = match reference.split_once(':') {
        Some((a, b)) => (end(a)?, end(b)?),
        // Alone, only a cell: `A` or `2` would be a name.
        None => match end(reference)? {
            cell @ End::Cell(..) => (cell, cell),
            _ => return None,
        },
    };
    match (a, b) {
        (End::Cell(r1, c1), End::Cell(r2, c2)) => Some(((r1, c1), (r2, c2))),
        (End::Column(c1), End::Column(c2)) => Some(((0, c1), (MAX_ROWS - 1, c2))),
        (End::Row(r1), End::Row(r2)) => Some(((r1, 0), (r2, MAX_COLUMNS - 1))),
        _ => None,
    }
}

/// `$A$1`, `A1`, `$A` or `$1`, zero-based; `None` beyond Excel's grid.
fn end(text: &str) -> Option<End> {
    let text = text.trim();
    let text = text.strip_prefix('$').unwrap_or(text);
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, rest) = text.split_at(letters);
    let row = rest.strip_prefix('$').unwrap_or(rest);
    let column = match column {
        "" => None,
        letters => Some(column_number(letters)?),
    };
    let row = match row {
        "" => None,
        digits => Some(row_number(digits)?),
    };
    // A `$` between letters and nothing (`A$`) is no reference.
    if row.is_none() && rest.starts_with('$') {
        return None;
    }
    match (column, row) {
        (Some(c), Some(r)) => Some(End::Cell(r, c)),
        (Some(c), None) => Some(End::Column(c)),
        (None, Some(r)) => Some(End::Row(r)),
        (None, None) => None,
    }
}

/// A column's letters (`A` = 0, `XFD` = 16,383) within Excel's columns.
fn column_number(letters: &str) -> Option<u32> {
    if letters.len() > 3 {
        return None;
    }
    let one_based = letters.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    (one_based <= MAX_COLUMNS).then(|| one_based - 1)
}

/// A row's digits (`1` = 0) within Excel's rows.
fn row_number(digits: &str) -> Option<u32> {
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let one_based: u32 = digits.parse().ok()?;
    (1..=MAX_ROWS).contains(&one_based).then(|| one_based - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(sheet: Option<&str>, rows: (u32, u32), columns: (u32, u32)) -> CellRange {
        CellRange {
            sheet: sheet.map(str::to_owned),
            external: false,
            first_row: rows.0,
            first_column: columns.0,
            last_row: rows.1,
            last_column: columns.1,
        }
    }

    #[test]
    fn ranges_with_and_without_anchors() {
        let column_b = range(Some("Sheet1"), (1, 99), (1, 1));
        assert_eq!(parse_range("Sheet1!$B$2:$B$100"), Some(column_b.clone()));
        assert_eq!(parse_range("Sheet1!B2:B100"), Some(column_b.clone()));
        assert_eq!(parse_range("=Sheet1!$B2:B$100"), Some(column_b.clone()));
        assert_eq!(parse_range(" (Sheet1!$b$2:$b$100) "), Some(column_b));
        // Written backwards, read as the same rectangle.
        assert_eq!(
            parse_range("Sheet1!$C$10:$A$2"),
            Some(range(Some("Sheet1"), (1, 9), (0, 2)))
        );
        assert_eq!(parse_range("$A$1"), Some(range(None, (0, 0), (0, 0))));
        assert_eq!(
            parse_range("Data!$XFD$1048576"),
            Some(range(
                Some("Data"),
                (1_048_575, 1_048_575),
                (16_383, 16_383)
            ))
        );
    }

    #[test]
    fn quoted_sheet_names() {
        assert_eq!(
            parse_range("'My sheet'!$B$2:$B$10"),
            Some(range(Some("My sheet"), (1, 9), (1, 1)))
        );
        assert_eq!(
            parse_range("'Bob''s data'!$A$2"),
            Some(range(Some("Bob's data"), (1, 1), (0, 0)))
        );
        // A `!` or `,` inside quotes is part of the name.
        assert_eq!(
            parse_range("'Hi!, there'!A1"),
            Some(range(Some("Hi!, there"), (0, 0), (0, 0)))
        );
        for bad in ["'Bob's data'!A1", "'Open!A1", "My sheet!A1", "''!A1"] {
            assert_eq!(parse_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn whole_columns_and_rows() {
        assert_eq!(
            parse_range("Sheet1!$A:$A"),
            Some(range(Some("Sheet1"), (0, 1_048_575), (0, 0)))
        );
        assert_eq!(
            parse_range("Sheet1!B:D"),
            Some(range(Some("Sheet1"), (0, 1_048_575), (1, 3)))
        );
        assert_eq!(
            parse_range("Sheet1!$2:$2"),
            Some(range(Some("Sheet1"), (1, 1), (0, 16_383)))
        );
        let everything = parse_range("Sheet1!$A$1:$XFD$1048576").unwrap();
        assert_eq!(everything.cells(), 17_179_869_184);
        // A column and a row do not make a rectangle; nor does a lone one.
        for bad in [
            "Sheet1!A:2",
            "Sheet1!A1:B",
            "Sheet1!A",
            "Sheet1!2",
            "Sheet1!$A$",
        ] {
            assert_eq!(parse_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn external_workbooks() {
        let external = |sheet: &str, rows, columns| CellRange {
            external: true,
            ..range(Some(sheet), rows, columns)
        };
        assert_eq!(
            parse_range("[1]Sheet1!$A$1:$A$3"),
            Some(external("Sheet1", (0, 2), (0, 0)))
        );
        assert_eq!(
            parse_range(r"'C:\Reports\[Sales 2024.xlsx]My sheet'!$B$2"),
            Some(external("My sheet", (1, 1), (1, 1)))
        );
        assert_eq!(parse_range("[1]!Revenue"), None);
    }

    #[test]
    fn unions_names_and_spans_of_sheets_are_not_one_range() {
        for not_one in [
            "(Sheet1!$A$1:$A$3,Sheet1!$B$1:$B$3)",
            "Sheet1!$A$1:$A$3,Sheet1!$B$1:$B$3",
            "Revenue",
            "Sheet1!Revenue",
            "Sheet1:Sheet3!$A$1",
            "'Sheet1:Sheet3'!$A$1",
            "OFFSET(Sheet1!$A$1,0,0,10,1)",
            "{1,2,3}",
            "",
            "=",
            "!",
            "Sheet1!",
        ] {
            assert_eq!(parse_range(not_one), None, "{not_one}");
        }
    }

    #[test]
    fn cells_beyond_the_grid_are_refused() {
        for bad in [
            "Sheet1!$A$0",
            "Sheet1!$ZZZZ$1",
            "Sheet1!$XFE$1",
            "Sheet1!$A$1048577",
            "Sheet1!$A$99999999999999999999",
            "Sheet1!$A$-1",
            "Sheet1!$A$1.5",
            "Sheet1!A1B2",
            "Sheet1!$$A1",
            "Sheet1!é1",
        ] {
            assert_eq!(parse_range(bad), None, "{bad}");
        }
    }
}
