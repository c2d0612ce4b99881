//! The chart settings panel: shows a [`ChartSpec`] in its controls and
//! reads them back as [`ControlValues`] (the session makes a spec of them).

use sheetplot_chart::transform::Keep;
use sheetplot_chart::trend::TrendKind;
use sheetplot_chart::{ChartKind, ChartSpec, XSource};
use sheetplot_model::format::format_time;
use sheetplot_model::Dash;
use sheetplot_model::Sheet;
use sheetplot_model::{TimeKind, Values};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlOptionElement, HtmlSelectElement};

use super::dom::{append, on, Dom};
use super::pickers::{add_option, fill};
use crate::markup::Options;
use crate::session::{ControlValues, SeriesRow};

/// The value of the x option for the row number.
const ROW_NUMBER: &str = "row";
/// The value of the "none" option of the aggregate, split and filter.
const NONE: &str = "none";
/// The trend select's entries: a [`TrendKind::name`] (or [`NONE`]) and
/// its label. A moving average of another window, from the URL or typed
/// beside the select, gets an entry of its own.
const TRENDS: [(&str, &str); 12] = [
    (NONE, "None"),
    ("moving-average:7", "Moving average (7)"),
    ("moving-average:30", "Moving average (30)"),
    ("linear", "Linear"),
    ("exponential", "Exponential"),
    ("logarithmic", "Logarithmic"),
    ("polynomial:2", "Polynomial (2)"),
    ("polynomial:3", "Polynomial (3)"),
    ("polynomial:4", "Polynomial (4)"),
    ("polynomial:5", "Polynomial (5)"),
    ("polynomial:6", "Polynomial (6)"),
    ("power", "Power"),
];
/// Values a text filter offers (a column of 500,000 distinct values offers
/// the first of them, in the workbook's order).
const MAX_FILTER_VALUES: usize = 500;

/// Shows `spec` (or hides the panel when the sheet has no chart).
pub fn show(dom: &Dom, sheet: &Sheet, spec: Option<&ChartSpec>) {
    let Some(spec) = spec else {
        dom.controls.set_hidden(true);
        return;
    };
    dom.controls.set_hidden(false);
    dom.chart_type.set_value(spec.kind.name());

    let mut x = Options::new();
    x.add(ROW_NUMBER, "Row number", spec.x == XSource::RowNumber);
    for (i, column) in sheet.columns.iter().enumerate() {
        let chosen = matches!(spec.x, XSource::Column(c) | XSource::Category(c) if c == i);
        let label = format!("{} ({})", column.name, column.values.type_name());
        x.add(&i.to_string(), &label, chosen);
    }
    fill(&dom.x_select, &x);

    let mut y = Options::new();
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
        y.add(&i.to_string(), &column.name, chosen);
    }
    dom.y_select.set_multiple(!spec.kind.single_series());
    fill(&dom.y_select, &y);

    let mut y2 = Options::new();
    for (i, column) in sheet
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.values.as_floats().is_some())
    {
        y2.add(&i.to_string(), &column.name, spec.y2.contains(&i));
    }
    fill(&dom.y2_select, &y2);
    dom.y2_bars.set_checked(spec.y2_bars);

    dom.bins
        .set_value(&spec.bins.map_or(String::new(), |b| b.to_string()));
    if dom.title_input.value() != spec.title {
        dom.title_input.set_value(&spec.title);
    }
    dom.log_y.set_checked(spec.log_y);
    dom.stack.set_checked(spec.stack);
    dom.transpose.set_checked(spec.shaping.transpose);
    show_shaping(dom, sheet, spec);
    show_trend(dom, spec);
    show_look(dom, spec);
    show_relevant(dom, sheet, spec);
}

/// The look panel, from the spec's [`Style`].
fn show_look(dom: &Dom, spec: &ChartSpec) {
    let style = &spec.style;
    dom.palette.set_value(style.palette.name());
    dom.line_width.set_value(&style.line_width.to_string());
    let scale = style.font_scale.to_string();
    let options = dom.font_scale.options();
    let listed = (0..options.length())
        .filter_map(|i| options.item(i))
        .any(|o| o.unchecked_into::<HtmlOptionElement>().value() == scale);
    if !listed {
        add_option(&dom.font_scale, &scale, &format!("× {scale}"), true);
    }
    dom.font_scale.set_value(&scale);
    dom.legend.set_value(style.legend.name());
    dom.markers.set_checked(style.markers);
    dom.gridlines.set_checked(style.gridlines);
    let text = |input: &web_sys::HtmlInputElement, value: Option<String>| {
        let value = value.unwrap_or_default();
        if input.value() != value {
            input.set_value(&value);
        }
    };
    text(&dom.x_title, style.x_title.clone());
    text(&dom.y_title, spec.y_title.clone());
    text(&dom.y2_title, style.y2_title.clone());
    text(&dom.y_min, style.y_min.map(|v| v.to_string()));
    text(&dom.y_max, style.y_max.map(|v| v.to_string()));
}

/// One row per drawn series: its colour and its line. Rebuilt only when
/// the series or their looks change, so a colour picker in use stays open.
pub fn show_series_looks(dom: &Dom, rows: &[SeriesRow]) {
    let container = &dom.series_styles;
    let signature = rows
        .iter()
        .map(|r| format!("{}|{}|{}|{}", r.name, r.color, r.picked, r.dash.name()))
        .collect::<Vec<_>>()
        .join("\n");
    if container.get_attribute("data-signature").as_deref() == Some(signature.as_str()) {
        return;
    }
    let _ = container.set_attribute("data-signature", &signature);
    container.set_text_content(None);
    for row in rows {
        let Some(line) = append(container, "div", "") else {
            continue;
        };
        let _ = line.set_attribute("class", "series-look");
        if let Some(color) = append(&line, "input", "") {
            let color: HtmlInputElement = color.unchecked_into();
            color.set_type("color");
            color.set_value(&row.color.to_string());
            let _ = color.set_attribute("data-testid", "series-color");
            let _ = color.set_attribute("data-picked", if row.picked { "1" } else { "0" });
            let _ = color.set_attribute("aria-label", &format!("Colour of {}", row.name));
        }
        if let Some(name) = append(&line, "span", &row.name) {
            let _ = name.set_attribute("class", "name");
            let _ = name.set_attribute("title", &row.name);
        }
        if let Some(dash) = append(&line, "select", "") {
            let dash: HtmlSelectElement = dash.unchecked_into();
            let _ = dash.set_attribute("data-testid", "series-dash");
            let _ = dash.set_attribute("aria-label", &format!("Line of {}", row.name));
            let mut options = Options::new();
            for (value, label) in DASHES {
                options.add(value.name(), label, value == row.dash);
            }
            fill(&dash, &options);
        }
    }
}

/// The dash select's entries.
const DASHES: [(Dash, &str); 4] = [
    (Dash::Solid, "Solid"),
    (Dash::Dashed, "Dashed"),
    (Dash::Dotted, "Dotted"),
    (Dash::DashDot, "Dash-dot"),
];

/// The trend select and, for a moving average, its window.
fn show_trend(dom: &Dom, spec: &ChartSpec) {
    let mut options = Options::new();
    let current = spec.trend.map_or(NONE.to_owned(), TrendKind::name);
    for (value, label) in TRENDS {
        options.add(value, label, current == value);
        if value == "moving-average:30" && !TRENDS.iter().any(|(v, _)| *v == current) {
            if let Some(TrendKind::MovingAverage(window)) = spec.trend {
                options.add(&current, &format!("Moving average ({window})"), true);
            }
        }
    }
    fill(&dom.trend, &options);
    match spec.trend {
        Some(TrendKind::MovingAverage(window)) => {
            dom.trend_window.set_hidden(false);
            dom.trend_window.set_value(&window.to_string());
        }
        _ => dom.trend_window.set_hidden(true),
    }
}

/// The shaping controls: aggregate, date bucket, split and filter.
fn show_shaping(dom: &Dom, sheet: &Sheet, spec: &ChartSpec) {
    let shaping = &spec.shaping;
    dom.aggregate
        .set_value(shaping.aggregate.map_or(NONE, |a| a.name()));
    dom.bucket.set_value(shaping.bucket.name());
    let mut split = Options::new();
    split.add(NONE, "None", shaping.split_by.is_none());
    for (i, column) in text_columns(sheet) {
        split.add(&i.to_string(), &column.name, shaping.split_by == Some(i));
    }
    fill(&dom.split_by, &split);
    let filter = shaping.filters.first();
    let mut chosen = Options::new();
    chosen.add(NONE, "No filter", filter.is_none());
    for (i, column) in sheet.columns.iter().enumerate() {
        chosen.add(
            &i.to_string(),
            &column.name,
            filter.is_some_and(|f| f.column == i),
        );
    }
    fill(&dom.filter_column, &chosen);
    show_filter(
        dom,
        sheet,
        filter.map(|f| f.column),
        filter.map(|f| &f.keep),
    );
}

/// What the filter offers for `column`: its values to tick for text, a
/// range to type for numbers and dates; `keep` as chosen.
fn show_filter(dom: &Dom, sheet: &Sheet, column: Option<usize>, keep: Option<&Keep>) {
    let column = column.and_then(|c| sheet.columns.get(c).map(|col| (c, col)));
    let _ = dom.filter_values.set_attribute(
        "data-column",
        &column.map_or(NONE.to_owned(), |(c, _)| c.to_string()),
    );
    dom.filter_values.set_text_content(None);
    dom.filter_min.set_value("");
    dom.filter_max.set_value("");
    let Some((_, column)) = column else {
        dom.filter_values.set_hidden(true);
        dom.filter_range.set_hidden(true);
        return;
    };
    match &column.values {
        Values::Text { labels, .. } => {
            dom.filter_values.set_hidden(false);
            dom.filter_range.set_hidden(true);
            let kept = match keep {
                Some(Keep::Among(values)) => values.as_slice(),
                _ => &[],
            };
            let mut options = Options::new();
            for label in labels.iter().take(MAX_FILTER_VALUES) {
                options.add(label, label, kept.contains(label));
            }
            fill(&dom.filter_values, &options);
        }
        values => {
            dom.filter_values.set_hidden(true);
            dom.filter_range.set_hidden(false);
            let time = matches!(values, Values::Time { .. });
            let placeholder = if time { "YYYY-MM-DD" } else { "" };
            for (input, hint) in [(&dom.filter_min, "from"), (&dom.filter_max, "to")] {
                input.set_placeholder(format!("{hint} {placeholder}").trim());
            }
            if let Some(Keep::Range(min, max)) = keep {
                let text = |v: &Option<f64>| match v {
                    Some(v) if time => format_time(*v, TimeKind::Date),
                    Some(v) => v.to_string(),
                    None => String::new(),
                };
                dom.filter_min.set_value(&text(min));
                dom.filter_max.set_value(&text(max));
            }
        }
    }
}

fn text_columns(sheet: &Sheet) -> impl Iterator<Item = (usize, &sheetplot_model::Column)> {
    sheet
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.values, Values::Text { .. }))
}

/// Makes the controls agree with `spec` after a change: one y column for
/// the kinds that show one, and only the fields its kind uses.
pub fn sync(dom: &Dom, sheet: &Sheet, spec: &ChartSpec) {
    let single = spec.kind.single_series();
    dom.y_select.set_multiple(!single);
    if single {
        dom.y_select
            .set_value(&spec.y.first().map_or(String::new(), |c| c.to_string()));
    } else {
        // A column moved to the right axis leaves the y select.
        select_only(&dom.y_select, &spec.y);
    }
    // Another filter column: offer its values (none chosen yet).
    let chosen = dom.filter_column.value();
    if dom.filter_values.get_attribute("data-column").as_deref() != Some(chosen.as_str()) {
        show_filter(dom, sheet, chosen.parse().ok(), None);
    }
    // The trend (a window typed may have been clamped); a kind without
    // trends keeps the choice for when one returns.
    if spec.kind.takes_trend() {
        show_trend(dom, spec);
    }
    show_relevant(dom, sheet, spec);
}

/// Marks the options of `select` whose value is one of `columns` chosen,
/// and no other.
fn select_only(select: &web_sys::HtmlSelectElement, columns: &[usize]) {
    let options = select.options();
    for i in 0..options.length() {
        if let Some(option) = options.item(i) {
            let option = option.unchecked_into::<HtmlOptionElement>();
            let chosen = option
                .value()
                .parse::<usize>()
                .is_ok_and(|c| columns.contains(&c));
            option.set_selected(chosen);
        }
    }
}

/// Only the controls that mean something for the chart are shown.
fn show_relevant(dom: &Dom, sheet: &Sheet, spec: &ChartSpec) {
    let kind = spec.kind;
    let dated_x =
        matches!(spec.x, XSource::Column(c) if sheet.columns.get(c).is_some_and(|c| c.is_time()));
    dom.aggregate_field.set_hidden(!kind.groups_rows());
    dom.bucket_field
        .set_hidden(!(dated_x && kind.groups_rows() && spec.shaping.aggregate.is_some()));
    dom.split_field
        .set_hidden(!kind.splits() || text_columns(sheet).next().is_none());
    dom.bins_field.set_hidden(kind != ChartKind::Histogram);
    dom.stack_field.set_hidden(kind != ChartKind::Bar);
    dom.trend_field.set_hidden(!kind.takes_trend());
    dom.y2_field.set_hidden(kind != ChartKind::Line);
    dom.x_field.set_hidden(kind.ignores_x());
    dom.y_hint.set_hidden(kind.single_series());
    dom.log_field
        .set_hidden(matches!(kind, ChartKind::Histogram | ChartKind::Pie));
    dom.y2_title_field.set_hidden(spec.right_axis().is_empty());
}

/// What the controls say now.
pub fn read(dom: &Dom) -> ControlValues {
    let options = dom.y_select.selected_options();
    let y = (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|o| o.unchecked_into::<HtmlOptionElement>().value().parse().ok())
        .collect();
    let options = dom.y2_select.selected_options();
    let y2 = (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|o| o.unchecked_into::<HtmlOptionElement>().value().parse().ok())
        .collect();
    let kept = dom.filter_values.selected_options();
    let filter_values = (0..kept.length())
        .filter_map(|i| kept.item(i))
        .map(|o| o.unchecked_into::<HtmlOptionElement>().value())
        .collect();
    let looks = dom
        .series_styles
        .query_selector_all("input[data-testid=series-color]");
    let colors = looks.map_or(Vec::new(), |inputs| {
        (0..inputs.length())
            .filter_map(|i| inputs.item(i))
            .map(|node| {
                let input: HtmlInputElement = node.unchecked_into();
                if input.get_attribute("data-picked").as_deref() == Some("1") {
                    input.value()
                } else {
                    String::new()
                }
            })
            .collect()
    });
    let dashes = dom
        .series_styles
        .query_selector_all("select[data-testid=series-dash]")
        .map_or(Vec::new(), |selects| {
            (0..selects.length())
                .filter_map(|i| selects.item(i))
                .map(|node| node.unchecked_into::<HtmlSelectElement>().value())
                .collect()
        });
    ControlValues {
        kind: dom.chart_type.value(),
        x: dom.x_select.value(),
        y,
        bins: dom.bins.value(),
        log_y: dom.log_y.checked(),
        title: dom.title_input.value(),
        aggregate: dom.aggregate.value(),
        bucket: dom.bucket.value(),
        split_by: dom.split_by.value(),
        filter_column: dom.filter_column.value(),
        filter_values,
        filter_min: dom.filter_min.value(),
        filter_max: dom.filter_max.value(),
        trend: dom.trend.value(),
        trend_window: dom.trend_window.value(),
        stack: dom.stack.checked(),
        transpose: dom.transpose.checked(),
        y2,
        y2_bars: dom.y2_bars.checked(),
        palette: dom.palette.value(),
        colors,
        dashes,
        line_width: dom.line_width.value(),
        markers: dom.markers.checked(),
        legend: dom.legend.value(),
        font_scale: dom.font_scale.value(),
        x_title: dom.x_title.value(),
        y_title: dom.y_title.value(),
        y2_title: dom.y2_title.value(),
        y_min: dom.y_min.value(),
        y_max: dom.y_max.value(),
        gridlines: dom.gridlines.checked(),
    }
}

/// Calls `changed` whenever a control changes (the title as it is typed).
pub fn wire(dom: &Dom, changed: impl Fn() + Clone + 'static) {
    {
        // The series rows come and go: one listener on their container.
        // A colour picked is the person's from then on.
        let changed = changed.clone();
        on(&dom.series_styles, "input", move |event| {
            if let Some(target) = event.target() {
                if let Ok(input) = target.dyn_into::<HtmlInputElement>() {
                    let _ = input.set_attribute("data-picked", "1");
                }
            }
            changed()
        });
    }
    let controls: [(&web_sys::EventTarget, &str); 31] = [
        (&dom.series_styles, "change"),
        (&dom.palette, "change"),
        (&dom.line_width, "input"),
        (&dom.font_scale, "change"),
        (&dom.legend, "change"),
        (&dom.markers, "change"),
        (&dom.gridlines, "change"),
        (&dom.x_title, "input"),
        (&dom.y_title, "input"),
        (&dom.y2_title, "input"),
        (&dom.y_min, "input"),
        (&dom.y_max, "input"),
        (&dom.y2_select, "change"),
        (&dom.y2_bars, "change"),
        (&dom.transpose, "change"),
        (&dom.stack, "change"),
        (&dom.chart_type, "change"),
        (&dom.x_select, "change"),
        (&dom.y_select, "change"),
        (&dom.bins, "input"),
        (&dom.log_y, "change"),
        (&dom.title_input, "input"),
        (&dom.aggregate, "change"),
        (&dom.bucket, "change"),
        (&dom.split_by, "change"),
        (&dom.filter_column, "change"),
        (&dom.filter_values, "change"),
        (&dom.filter_min, "change"),
        (&dom.filter_max, "change"),
        (&dom.trend, "change"),
        (&dom.trend_window, "change"),
    ];
    for (target, event) in controls {
        let changed = changed.clone();
        on(target, event, move |_| changed());
    }
}
