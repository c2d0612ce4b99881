//! The chart settings panel: shows a [`ChartSpec`] in its controls and
//! reads them back as [`ControlValues`] (the session makes a spec of them).

use sheetplot_chart::{ChartKind, ChartSpec, XSource};
use sheetplot_model::Sheet;
use wasm_bindgen::JsCast;
use web_sys::HtmlOptionElement;

use super::dom::{on, Dom};
use super::pickers::add_option;
use crate::session::ControlValues;

/// The value of the x option for the row number.
const ROW_NUMBER: &str = "row";

/// Shows `spec` (or hides the panel when the sheet has no chart).
pub fn show(dom: &Dom, sheet: &Sheet, spec: Option<&ChartSpec>) {
    let Some(spec) = spec else {
        dom.controls.set_hidden(true);
        return;
    };
    dom.controls.set_hidden(false);
    dom.chart_type.set_value(spec.kind.name());

    let x = &dom.x_select;
    x.set_text_content(None);
    add_option(x, ROW_NUMBER, "Row number", spec.x == XSource::RowNumber);
    for (i, column) in sheet.columns.iter().enumerate() {
        let chosen = matches!(spec.x, XSource::Column(c) | XSource::Category(c) if c == i);
        let label = format!("{} ({})", column.name, column.values.type_name());
        add_option(x, &i.to_string(), &label, chosen);
    }

    let y = &dom.y_select;
    y.set_text_content(None);
    y.set_multiple(!spec.kind.single_series());
    for (i, column) in sheet
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.values.as_floats().is_some())
    {
        let chosen = if spec.kind.single_series() {
            spec.y.first() == Some(&i)
        } else {
            spec.y.contains(&i)
        };
        add_option(y, &i.to_string(), &column.name, chosen);
    }

    dom.bins
        .set_value(&spec.bins.map_or(String::new(), |b| b.to_string()));
    if dom.title_input.value() != spec.title {
        dom.title_input.set_value(&spec.title);
    }
    dom.log_y.set_checked(spec.log_y);
    show_relevant(dom, spec.kind);
}

/// Makes the controls agree with `spec` after a change: one y column for
/// the kinds that show one, and only the fields its kind uses.
pub fn sync(dom: &Dom, spec: &ChartSpec) {
    let single = spec.kind.single_series();
    dom.y_select.set_multiple(!single);
    if single {
        dom.y_select
            .set_value(&spec.y.first().map_or(String::new(), |c| c.to_string()));
    }
    show_relevant(dom, spec.kind);
}

/// Only the controls that mean something for `kind` are shown.
fn show_relevant(dom: &Dom, kind: ChartKind) {
    dom.bins_field.set_hidden(kind != ChartKind::Histogram);
    dom.x_field.set_hidden(kind.ignores_x());
    dom.y_hint.set_hidden(kind.single_series());
    dom.log_field
        .set_hidden(matches!(kind, ChartKind::Histogram | ChartKind::Pie));
}

/// What the controls say now.
pub fn read(dom: &Dom) -> ControlValues {
    let options = dom.y_select.selected_options();
    let y = (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|o| o.unchecked_into::<HtmlOptionElement>().value().parse().ok())
        .collect();
    ControlValues {
        kind: dom.chart_type.value(),
        x: dom.x_select.value(),
        y,
        bins: dom.bins.value(),
        log_y: dom.log_y.checked(),
        title: dom.title_input.value(),
    }
}

/// Calls `changed` whenever a control changes (the title as it is typed).
pub fn wire(dom: &Dom, changed: impl Fn() + Clone + 'static) {
    let controls: [(&web_sys::EventTarget, &str); 6] = [
        (&dom.chart_type, "change"),
        (&dom.x_select, "change"),
        (&dom.y_select, "change"),
        (&dom.bins, "input"),
        (&dom.log_y, "change"),
        (&dom.title_input, "input"),
    ];
    for (target, event) in controls {
        let changed = changed.clone();
        on(target, event, move |_| changed());
    }
}
