//! The data preview: the first rows of the chosen sheet as a table, with
//! each column's detected type, so a person can check what was read.

use web_sys::HtmlElement;

use crate::dom::by_test_id;
use sheetplot_model::format::{display_value, format_number};
use sheetplot_model::Sheet;

/// Rows and columns shown: enough to check the reading, few enough that a
/// million-row or thousand-column sheet never slows the page.
const MAX_ROWS: usize = 100;
const MAX_COLUMNS: usize = 60;

pub fn show(sheet: &Sheet) {
    let panel: HtmlElement = by_test_id("preview");
    let caption: HtmlElement = by_test_id("preview-caption");
    if sheet.is_empty() {
        caption.set_text_content(Some(&format!("Sheet “{}” is empty.", sheet.name)));
        panel.set_inner_html("");
        return;
    }
    let rows = sheet.rows.min(MAX_ROWS);
    let columns = &sheet.columns[..sheet.columns.len().min(MAX_COLUMNS)];
    let mut shown = format!(
        "First {} of {} rows",
        format_number(rows as f64, 0),
        format_number(sheet.rows as f64, 0)
    );
    if columns.len() < sheet.columns.len() {
        shown.push_str(&format!(
            ", first {} of {} columns",
            columns.len(),
            sheet.columns.len()
        ));
    }
    if let Some(header) = sheet.header_row {
        shown.push_str(&format!(" · header in row {}", header + 1));
    }
    caption.set_text_content(Some(&shown));

    let mut html = String::with_capacity(64 * rows * columns.len().max(1));
    html.push_str("<table><thead><tr><th class=\"row-number\" scope=\"col\">#</th>");
    for column in columns {
        let kind = column.values.type_name();
        html.push_str(&format!(
            "<th scope=\"col\"><span class=\"name\">{}</span><span class=\"type type-{}\">{}</span></th>",
            escape(&column.name),
            kind,
            kind
        ));
    }
    html.push_str("</tr></thead><tbody>");
    for row in 0..rows {
        html.push_str(&format!(
            "<tr><th class=\"row-number\" scope=\"row\">{}</th>",
            row + 1
        ));
        for column in columns {
            let text = display_value(&column.values, row);
            let class =
                if column.values.as_floats().is_some() && column.values.type_name() == "number" {
                    " class=\"num\""
                } else {
                    ""
                };
            html.push_str(&format!("<td{class}>{}</td>", escape(&text)));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    panel.set_inner_html(&html);
}

/// Text made safe to place inside HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}
