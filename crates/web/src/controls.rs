//! The chart settings panel: shows a [`ChartSpec`] in its controls and
//! reads the user's changes back into one.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlOptionElement, HtmlSelectElement};

use crate::dom::{by_test_id, element, on};
use sheetplot_chart::settings::x_source;
use sheetplot_chart::{ChartKind, ChartSpec, XSource};
use sheetplot_model::Sheet;

/// The value of the x option for the row number.
const ROW_NUMBER: &str = "row";

/// Shows `spec` (or hides the panel when the sheet has no chart).
pub fn show(sheet: &Sheet, spec: Option<&ChartSpec>) {
    let panel: HtmlElement = by_test_id("controls");
    let Some(spec) = spec else {
        panel.set_hidden(true);
        return;
    };
    panel.set_hidden(false);
    let kind: HtmlSelectElement = by_test_id("chart-type");
    kind.set_value(spec.kind.name());

    let x: HtmlSelectElement = by_test_id("x-select");
    x.set_inner_html("");
    add_option(&x, ROW_NUMBER, "Row number", spec.x == XSource::RowNumber);
    for (i, column) in sheet.columns.iter().enumerate() {
        let chosen = matches!(spec.x, XSource::Column(c) | XSource::Category(c) if c == i);
        add_option(
            &x,
            &i.to_string(),
            &format!("{} ({})", column.name, column.values.type_name()),
            chosen,
        );
    }

    let y: HtmlSelectElement = by_test_id("y-select");
    y.set_inner_html("");
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
        add_option(&y, &i.to_string(), &column.name, chosen);
    }

    let bins: HtmlInputElement = by_test_id("bins");
    bins.set_value(&spec.bins.map_or(String::new(), |b| b.to_string()));
    let title: HtmlInputElement = by_test_id("title-input");
    if title.value() != spec.title {
        title.set_value(&spec.title);
    }
    let log: HtmlInputElement = by_test_id("log-y");
    log.set_checked(spec.log_y);
    show_relevant(spec.kind);
}

/// Only the controls that mean something for `kind` are shown.
fn show_relevant(kind: ChartKind) {
    let field = |id: &str, shown: bool| by_test_id::<HtmlElement>(id).set_hidden(!shown);
    field("bins-field", kind == ChartKind::Histogram);
    field("x-field", !kind.ignores_x());
    field("y-hint", !kind.single_series());
    field(
        "log-field",
        !matches!(kind, ChartKind::Histogram | ChartKind::Pie),
    );
}

fn add_option(select: &HtmlSelectElement, value: &str, label: &str, selected: bool) {
    let option: HtmlOptionElement = element("option", label).unchecked_into();
    option.set_value(value);
    option.set_selected(selected);
    let _ = select.append_child(&option);
}

/// The spec the controls now show; the zoom survives only while the x axis
/// stays the same (see [`ChartSpec::same_x_axis`]).
pub fn read(sheet: &Sheet, current: &ChartSpec) -> ChartSpec {
    let kind = ChartKind::from_name(&by_test_id::<HtmlSelectElement>("chart-type").value())
        .unwrap_or(current.kind);
    let x_value = by_test_id::<HtmlSelectElement>("x-select").value();
    let x = match x_value.parse::<usize>() {
        Ok(c) if c < sheet.columns.len() => x_source(sheet, c),
        _ => XSource::RowNumber,
    };
    let y_select: HtmlSelectElement = by_test_id("y-select");
    let options = y_select.selected_options();
    let mut y: Vec<usize> = (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|o| o.unchecked_into::<HtmlOptionElement>().value().parse().ok())
        .collect();
    if kind.single_series() {
        // One column: the first chosen, and the list shows that one.
        y.truncate(1);
        y_select.set_multiple(false);
        y_select.set_value(&y.first().map_or(String::new(), |c| c.to_string()));
    } else {
        y_select.set_multiple(true);
    }
    let bins = by_test_id::<HtmlInputElement>("bins")
        .value()
        .parse()
        .ok()
        .filter(|&b: &usize| b > 0);
    let mut spec = ChartSpec {
        title: by_test_id::<HtmlInputElement>("title-input").value(),
        kind,
        x,
        y,
        log_y: by_test_id::<HtmlInputElement>("log-y").checked(),
        bins,
        x_view: None,
    };
    if spec.same_x_axis(current) {
        spec.x_view = current.x_view;
    }
    show_relevant(spec.kind);
    spec
}

/// Calls `changed` whenever a control changes (the title as it is typed).
pub fn wire(changed: impl Fn() + Clone + 'static) {
    for (id, event) in [
        ("chart-type", "change"),
        ("x-select", "change"),
        ("y-select", "change"),
        ("bins", "input"),
        ("log-y", "change"),
        ("title-input", "input"),
    ] {
        let changed = changed.clone();
        on(&by_test_id::<HtmlElement>(id), event, move |_| changed());
    }
}
