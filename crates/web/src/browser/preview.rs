//! The data preview: the first rows of the chosen sheet as a table, with
//! each column's detected type, so a person can check what was read. Cells
//! are text nodes, never markup: a workbook's text cannot inject HTML.

use sheetplot_model::format::{display_cell, format_number};
use sheetplot_model::Sheet;

use super::dom::{append, Dom};

/// Rows and columns shown: enough to check the reading, few enough that a
/// million-row or thousand-column sheet never slows the page.
const MAX_ROWS: usize = 100;
const MAX_COLUMNS: usize = 60;

pub fn show(dom: &Dom, sheet: &Sheet) {
    dom.preview.set_text_content(None);
    if sheet.is_empty() {
        dom.preview_caption
            .set_text_content(Some(&format!("Sheet “{}” is empty.", sheet.name)));
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
    dom.preview_caption.set_text_content(Some(&shown));

    let Some(table) = append(&dom.preview, "table", "") else {
        return;
    };
    let (Some(head), Some(body)) = (append(&table, "thead", ""), append(&table, "tbody", ""))
    else {
        return;
    };
    let Some(header) = append(&head, "tr", "") else {
        return;
    };
    if let Some(corner) = append(&header, "th", "#") {
        let _ = corner.set_attribute("class", "row-number");
        let _ = corner.set_attribute("scope", "col");
    }
    for column in columns {
        let kind = column.values.type_name();
        let Some(th) = append(&header, "th", "") else {
            continue;
        };
        let _ = th.set_attribute("scope", "col");
        if let Some(name) = append(&th, "span", &column.name) {
            let _ = name.set_attribute("class", "name");
        }
        if let Some(badge) = append(&th, "span", kind) {
            let _ = badge.set_attribute("class", &format!("type type-{kind}"));
        }
    }
    for row in 0..rows {
        let Some(tr) = append(&body, "tr", "") else {
            continue;
        };
        if let Some(number) = append(&tr, "th", &(row + 1).to_string()) {
            let _ = number.set_attribute("class", "row-number");
            let _ = number.set_attribute("scope", "row");
        }
        for column in columns {
            if let Some(td) = append(&tr, "td", &display_cell(column, row)) {
                if column.values.type_name() == "number" {
                    let _ = td.set_attribute("class", "num");
                }
            }
        }
    }
}
