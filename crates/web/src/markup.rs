//! The markup of the page's long lists (the data preview, a select's
//! options), written as one string and handed to the browser in one call.
//!
//! Building them an element at a time cost five or more calls from wasm to
//! the DOM per cell (create, text, attributes, append), each with its own
//! string decoding: most of the ~40 ms task that showed a first sheet. Every
//! piece of a workbook's text goes through [`escape_into`], so a cell or a
//! column name is always text, never markup.

use std::fmt::Write;

use sheetplot_model::format::{display_cell, format_number};
use sheetplot_model::Sheet;

/// Rows and columns the preview shows: enough to check the reading, few
/// enough that a million-row or thousand-column sheet never slows the page.
pub const PREVIEW_ROWS: usize = 100;
pub const PREVIEW_COLUMNS: usize = 60;

/// Appends `text` to `out` as HTML text or a double-quoted attribute
/// value. A carriage return is written as a reference: the HTML parser
/// would otherwise fold `\r\n` into `\n`, and a text node keeps it.
pub fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'', '\r']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => "&#13;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// A select's `<option>`s, in order.
#[derive(Debug, Default)]
pub struct Options(String);

impl Options {
    pub fn new() -> Options {
        Options::default()
    }

    /// Adds an option whose value is `value` and whose text is `label`.
    pub fn add(&mut self, value: &str, label: &str, selected: bool) -> &mut Options {
        self.0.push_str("<option value=\"");
        escape_into(&mut self.0, value);
        self.0
            .push_str(if selected { "\" selected>" } else { "\">" });
        escape_into(&mut self.0, label);
        self.0.push_str("</option>");
        self
    }

    /// The options as markup, for the select's `innerHTML`.
    pub fn markup(&self) -> &str {
        &self.0
    }
}

/// The data preview of a sheet: what its caption says, and its table.
#[derive(Debug, PartialEq)]
pub struct Preview {
    pub caption: String,
    /// The `<table>`; empty for an empty sheet.
    pub table: String,
}

/// The first [`PREVIEW_ROWS`] rows and [`PREVIEW_COLUMNS`] columns of
/// `sheet`, each column headed by its name and detected type, so a person
/// can check what was read.
pub fn preview(sheet: &Sheet) -> Preview {
    if sheet.is_empty() {
        return Preview {
            caption: format!("Sheet “{}” is empty.", sheet.name),
            table: String::new(),
        };
    }
    let rows = sheet.rows.min(PREVIEW_ROWS);
    let columns = &sheet.columns[..sheet.columns.len().min(PREVIEW_COLUMNS)];
    let mut caption = format!(
        "First {} of {} rows",
        format_number(rows as f64, 0),
        format_number(sheet.rows as f64, 0)
    );
    if columns.len() < sheet.columns.len() {
        let _ = write!(
            caption,
            ", first {} of {} columns",
            columns.len(),
            sheet.columns.len()
        );
    }
    if let Some(header) = sheet.header_row {
        let _ = write!(caption, " · header in row {}", header + 1);
    }

    let mut table = String::with_capacity(64 * (rows + 1) * (columns.len() + 1));
    table.push_str("<table><thead><tr><th class=\"row-number\" scope=\"col\">#</th>");
    for column in columns {
        let kind = column.values.type_name();
        table.push_str("<th scope=\"col\"><span class=\"name\">");
        escape_into(&mut table, &column.name);
        let _ = write!(
            table,
            "</span><span class=\"type type-{kind}\">{kind}</span></th>"
        );
    }
    table.push_str("</tr></thead><tbody>");
    let numeric: Vec<bool> = columns
        .iter()
        .map(|c| c.values.type_name() == "number")
        .collect();
    for row in 0..rows {
        let _ = write!(
            table,
            "<tr><th class=\"row-number\" scope=\"row\">{}</th>",
            row + 1
        );
        for (column, &numeric) in columns.iter().zip(&numeric) {
            table.push_str(if numeric {
                "<td class=\"num\">"
            } else {
                "<td>"
            });
            escape_into(&mut table, &display_cell(column, row));
            table.push_str("</td>");
        }
        table.push_str("</tr>");
    }
    table.push_str("</tbody></table>");
    Preview { caption, table }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sheetplot_model::{Column, Values};

    fn sheet(columns: Vec<Column>, rows: usize) -> Sheet {
        Sheet {
            name: "Data".into(),
            rows,
            header_row: Some(0),
            first_row: 0,
            columns,
            title: None,
        }
    }

    fn text_column(name: &str, cells: &[&str]) -> Column {
        let values = Values::Text {
            ids: (0..cells.len() as u32).collect(),
            labels: cells.iter().map(|c| (*c).to_owned()).collect(),
        };
        Column::new(name.into(), values, 0)
    }

    #[test]
    fn text_is_escaped_so_that_it_stays_text() {
        let mut out = String::new();
        escape_into(&mut out, "<img src=x onerror=\"alert('1')\"> & co\r\nend");
        assert_eq!(
            out,
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co&#13;\nend"
        );
        let mut plain = String::new();
        escape_into(&mut plain, "Umsatz (€) – ✓");
        assert_eq!(plain, "Umsatz (€) – ✓");
    }

    #[test]
    fn options_carry_their_values_labels_and_choice() {
        let mut options = Options::new();
        options
            .add("row", "Row number", false)
            .add("0", "Price \"net\" <EUR>", true);
        assert_eq!(
            options.markup(),
            "<option value=\"row\">Row number</option>\
             <option value=\"0\" selected>Price &quot;net&quot; &lt;EUR&gt;</option>"
        );
    }

    #[test]
    fn the_preview_shows_names_types_and_cells_as_text() {
        let columns = vec![
            text_column("<b>Name</b>", &["a & b", "<script>x</script>"]),
            Column::new("Value".into(), Values::Number(vec![1234.5, f64::NAN]), 0),
        ];
        let preview = preview(&sheet(columns, 2));
        assert_eq!(preview.caption, "First 2 of 2 rows · header in row 1");
        assert_eq!(
            preview.table,
            "<table><thead><tr><th class=\"row-number\" scope=\"col\">#</th>\
             <th scope=\"col\"><span class=\"name\">&lt;b&gt;Name&lt;/b&gt;</span>\
             <span class=\"type type-text\">text</span></th>\
             <th scope=\"col\"><span class=\"name\">Value</span>\
             <span class=\"type type-number\">number</span></th></tr></thead><tbody>\
             <tr><th class=\"row-number\" scope=\"row\">1</th><td>a &amp; b</td>\
             <td class=\"num\">1,234.5</td></tr>\
             <tr><th class=\"row-number\" scope=\"row\">2</th>\
             <td>&lt;script&gt;x&lt;/script&gt;</td><td class=\"num\"></td></tr>\
             </tbody></table>"
        );
    }

    #[test]
    fn a_long_wide_sheet_is_cut_to_the_first_rows_and_columns() {
        let rows = 250_000;
        let columns: Vec<Column> = (0..70)
            .map(|i| Column::new(format!("c{i}"), Values::Number(vec![i as f64; rows]), 0))
            .collect();
        let preview = preview(&sheet(columns, rows));
        assert_eq!(
            preview.caption,
            "First 100 of 250,000 rows, first 60 of 70 columns · header in row 1"
        );
        assert_eq!(preview.table.matches("<tr>").count(), 101);
        assert_eq!(preview.table.matches("<td").count(), 100 * 60);
        assert!(preview.table.contains("c59") && !preview.table.contains("c60"));
    }

    #[test]
    fn an_empty_sheet_says_so_and_has_no_table() {
        let empty = Sheet {
            columns: Vec::new(),
            ..sheet(Vec::new(), 0)
        };
        assert_eq!(
            preview(&empty),
            Preview {
                caption: "Sheet “Data” is empty.".into(),
                table: String::new()
            }
        );
    }
}
