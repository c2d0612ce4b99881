//! The sheet picker and the header-row picker.

use sheetplot_model::Sheet;
use sheetplot_read::typing::{DateChoice, HeaderChoice};
use wasm_bindgen::JsCast;
use web_sys::{HtmlOptionElement, HtmlSelectElement};

use super::dom::{element, Dom};
use crate::markup::Options;

/// How many rows from the top the header picker offers.
const HEADER_CHOICES: usize = 30;

/// Lists the sheets, then the charts the workbook saved (in groups of
/// their own when there are charts); `selected` counts through both.
pub fn show_sheets(dom: &Dom, sheets: &[String], charts: &[String], selected: usize) {
    let select = &dom.sheet_select;
    select.set_text_content(None);
    let group = |label: &str| -> Option<web_sys::Element> {
        let group = web_sys::window()?
            .document()?
            .create_element("optgroup")
            .ok()?;
        group.set_attribute("label", label).ok()?;
        select.append_child(&group).ok()?;
        Some(group)
    };
    let sheet_group = if charts.is_empty() {
        None
    } else {
        group("Sheets")
    };
    for (i, label) in sheets.iter().enumerate() {
        add_option_to(
            select,
            sheet_group.as_ref(),
            &i.to_string(),
            label,
            i == selected,
        );
    }
    let chart_group = if charts.is_empty() {
        None
    } else {
        group("Charts")
    };
    for (n, label) in charts.iter().enumerate() {
        let i = sheets.len() + n;
        let option = add_option_to(
            select,
            chart_group.as_ref(),
            &i.to_string(),
            label,
            i == selected,
        );
        if let Some(option) = option {
            let _ = option.set_attribute("data-chart", "true");
        }
    }
    select.set_selected_index(selected as i32);
    dom.sheet_field.set_hidden(sheets.len() + charts.len() < 2);
}

/// Offers the rows near the top of `sheet` as its header row, `chosen` selected.
pub fn show_headers(dom: &Dom, sheet: &Sheet, chosen: HeaderChoice) {
    dom.header_field.set_hidden(sheet.columns.is_empty());
    let detected = match sheet.header_row {
        Some(row) => format!("Row {}", row + 1),
        None => "none".to_owned(),
    };
    let mut options = Options::new();
    options
        .add(
            "auto",
            &format!("Automatic ({detected})"),
            chosen == HeaderChoice::Auto,
        )
        .add("none", "No header row", chosen == HeaderChoice::None);
    let last = sheet.first_row + sheet.rows + usize::from(sheet.header_row.is_some());
    for row in sheet.first_row..last.min(sheet.first_row + HEADER_CHOICES) {
        options.add(
            &row.to_string(),
            &format!("Row {}", row + 1),
            chosen == HeaderChoice::Row(row),
        );
    }
    fill(&dom.header_select, &options);
}

/// Offers the order of day and month when a column's dates written as
/// text could be read either way (or the person chose one already).
pub fn show_dates(dom: &Dom, sheet: &Sheet, chosen: DateChoice) {
    let ambiguous = sheet.ambiguous_date_columns().next().is_some();
    dom.date_order_field
        .set_hidden(!ambiguous && chosen == DateChoice::Auto);
    dom.date_order.set_value(match chosen {
        DateChoice::Auto => "auto",
        DateChoice::DayFirst => "day-first",
        DateChoice::MonthFirst => "month-first",
    });
}

/// The order of day and month an option's value names.
pub fn date_choice(value: &str) -> DateChoice {
    match value {
        "day-first" => DateChoice::DayFirst,
        "month-first" => DateChoice::MonthFirst,
        _ => DateChoice::Auto,
    }
}

/// The header choice an option's value names.
pub fn header_choice(value: &str) -> HeaderChoice {
    match value {
        "none" => HeaderChoice::None,
        other => other.parse().map_or(HeaderChoice::Auto, HeaderChoice::Row),
    }
}

/// Replaces the options of `select` with `options`, in one call.
pub fn fill(select: &HtmlSelectElement, options: &Options) {
    select.set_inner_html(options.markup());
}

pub fn add_option(select: &HtmlSelectElement, value: &str, label: &str, selected: bool) {
    add_option_to(select, None, value, label, selected);
}

/// An option of `select`, in `group` when there is one.
fn add_option_to(
    select: &HtmlSelectElement,
    group: Option<&web_sys::Element>,
    value: &str,
    label: &str,
    selected: bool,
) -> Option<HtmlOptionElement> {
    let option: HtmlOptionElement = element("option", label)?.unchecked_into();
    option.set_value(value);
    option.set_selected(selected);
    let parent: &web_sys::Node = group.map_or(select.as_ref(), |g| g.as_ref());
    parent.append_child(&option).ok()?;
    Some(option)
}
