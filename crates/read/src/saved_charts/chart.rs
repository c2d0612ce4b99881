//! A chart part (`c:chartSpace`) as a [`SavedChart`]: its plots with their
//! series, its axes, title and legend. Kinds sheetplot does not draw are
//! read as the nearest it does, with a note saying so.

use sheetplot_model::saved_chart::{Grouping, SavedAxis, SavedChart, SavedKind, SavedPlot};
use sheetplot_model::LegendPosition;

use super::colour::Theme;
use super::series::{plot_series, text_of, PointBudget};
use super::tree::Element;
use super::{check_ranges, LeftOut};

/// A plot element's kind, and the note when it is drawn otherwise.
fn plot_kind(plot: &Element) -> Option<(SavedKind, Option<&'static str>)> {
    let horizontal = is_horizontal(plot);
    Some(match plot.name.as_str() {
        "lineChart" => (SavedKind::Line, None),
        "line3DChart" => (SavedKind::Line, Some("3-D line shown flat.")),
        "barChart" => (SavedKind::Bar, None),
        "bar3DChart" if horizontal => (SavedKind::Bar, Some("3-D bar shown flat.")),
        "bar3DChart" => (SavedKind::Bar, Some("3-D column shown flat.")),
        "areaChart" => (SavedKind::Area, None),
        "area3DChart" => (SavedKind::Area, Some("3-D area shown flat.")),
        "scatterChart" => (SavedKind::Scatter, None),
        "pieChart" => (SavedKind::Pie, None),
        "pie3DChart" => (SavedKind::Pie, Some("3-D pie shown flat.")),
        "ofPieChart" if plot.child("ofPieType").and_then(Element::val) == Some("bar") => {
            (SavedKind::Pie, Some("Bar of pie shown as one pie."))
        }
        "ofPieChart" => (SavedKind::Pie, Some("Pie of pie shown as one pie.")),
        "doughnutChart" => (SavedKind::Doughnut, None),
        "radarChart" => (SavedKind::Line, Some("Radar chart shown as lines.")),
        "stockChart" => (SavedKind::Line, Some("Stock chart shown as lines.")),
        "bubbleChart" => (SavedKind::Scatter, Some("Bubble chart shown as a scatter.")),
        "surfaceChart" => (SavedKind::Area, Some("Surface chart shown as areas.")),
        "surface3DChart" => (SavedKind::Area, Some("3-D surface chart shown as areas.")),
        _ => return None,
    })
}

/// Bars lying down: `c:barDir val="bar"` (the schema's default is "col").
fn is_horizontal(plot: &Element) -> bool {
    plot.child("barDir").and_then(Element::val) == Some("bar")
}

/// `c:grouping`, whose default is "clustered" for bars and "standard"
/// for lines and areas: both side by side or each on its own.
fn grouping(plot: &Element) -> Grouping {
    match plot.child("grouping").and_then(Element::val) {
        Some("stacked") => Grouping::Stacked,
        Some("percentStacked") => Grouping::PercentStacked,
        _ => Grouping::Standard,
    }
}

/// A plot as read, with the ids of the axes it is drawn against.
struct Plot {
    plot: SavedPlot,
    /// Its category (or x) axis and its value axis.
    axes: Option<(u64, u64)>,
}

/// The chart of a `c:chartSpace`, or why it is left out.
pub fn read_chart(root: &Element, theme: &Theme) -> Result<SavedChart, LeftOut> {
    let chart = root
        .child("chart")
        .ok_or_else(|| LeftOut("it holds no chart".to_owned()))?;
    let plot_area = chart
        .child("plotArea")
        .ok_or_else(|| LeftOut("it holds no plot".to_owned()))?;
    let axes = Axes::of(plot_area);
    let mut budget = PointBudget::default();
    let mut plots = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for element in &plot_area.children {
        let Some((kind, note)) = plot_kind(element) else {
            continue;
        };
        if let Some(note) = note {
            if !notes.iter().any(|n| n == note) {
                notes.push(note.to_owned());
            }
        }
        plots.push(Plot {
            plot: SavedPlot {
                kind,
                grouping: grouping(element),
                horizontal: is_horizontal(element),
                secondary: false,
                series: plot_series(element, kind, theme, &mut budget)?,
            },
            axes: axes.of_plot(element),
        });
    }
    if plots.is_empty() {
        return Err(LeftOut("it holds no plot sheetplot reads".to_owned()));
    }
    let primary = axes.primary_value_axis(&plots);
    for plot in &mut plots {
        plot.plot.secondary = matches!((plot.axes, primary), (Some((_, v)), Some(p)) if v != p);
    }
    let x = plots.iter().find_map(|p| p.axes).map(|(x, _)| x);
    let secondary = plots
        .iter()
        .find(|p| p.plot.secondary)
        .and_then(|p| p.axes)
        .map(|(_, v)| v);
    let plots: Vec<SavedPlot> = plots.into_iter().map(|p| p.plot).collect();
    check_ranges(&plots)?;
    Ok(SavedChart {
        title: title(chart, &plots),
        sheet: String::new(),
        x_axis: x.map(|id| axes.read(id)).unwrap_or_default(),
        y_axis: primary.map(|id| axes.read(id)).unwrap_or_default(),
        y2_axis: secondary.map(|id| axes.read(id)),
        legend: chart.child("legend").map(legend_position),
        plots,
        notes,
    })
}

/// The chart's title: its text, or the cached text of the cell it names.
/// With no text of its own, Excel titles a chart of one series with that
/// series' name, unless the title was deleted (`c:autoTitleDeleted`).
fn title(chart: &Element, plots: &[SavedPlot]) -> Option<String> {
    let deleted = chart.child("autoTitleDeleted").is_some_and(Element::flag);
    let automatic = || {
        let mut series = plots.iter().flat_map(|p| &p.series);
        match (series.next(), series.next()) {
            (Some(only), None) => only.name.clone(),
            _ => None,
        }
    };
    match chart.child("title") {
        Some(title) => title
            .child("tx")
            .and_then(text_of)
            .or_else(automatic),
        None if deleted => None,
        None => automatic(),
    }
}

/// `c:legendPos`: top, bottom, or right (which stands for left and the
/// top-right corner too); the schema's default is right.
fn legend_position(legend: &Element) -> LegendPosition {
    match legend.child("legendPos").and_then(Element::val) {
        Some("t") => LegendPosition::Top,
        Some("b") => LegendPosition::Bottom,
        _ => LegendPosition::Right,
    }
}

/// The axes of a plot area (`c:catAx`, `c:valAx`, `c:dateAx`, `c:serAx`)
/// by their `c:axId`.
struct Axes<'a> {
    by_id: Vec<(u64, &'a Element)>,
}

const AXIS_NAMES: [&str; 4] = ["catAx", "valAx", "dateAx", "serAx"];

impl<'a> Axes<'a> {
    fn of(plot_area: &'a Element) -> Axes<'a> {
        let by_id = plot_area
            .children
            .iter()
            .filter(|c| AXIS_NAMES.contains(&c.name.as_str()))
            .filter_map(|axis| Some((axis_id(axis.child("axId")?)?, axis)))
            .collect();
        Axes { by_id }
    }

    fn get(&self, id: u64) -> Option<&'a Element> {
        self.by_id.iter().find(|(i, _)| *i == id).map(|(_, a)| *a)
    }

    /// The category (or x) and value axes a plot names with its `c:axId`s:
    /// the first and the second, unless the first is the value axis of a
    /// category plot. Pies name none.
    fn of_plot(&self, plot: &Element) -> Option<(u64, u64)> {
        let ids: Vec<u64> = plot.children_named("axId").filter_map(axis_id).collect();
        let (&first, &second) = (ids.first()?, ids.get(1)?);
        let name = |id| self.get(id).map(|a| a.name.as_str());
        if name(first) == Some("valAx") && matches!(name(second), Some("catAx" | "dateAx")) {
            return Some((second, first));
        }
        Some((first, second))
    }

    /// The primary value axis: the first plot's, unless it stands on the
    /// far side (right, or top for bars lying down, or crossing at the
    /// maximum) and another plot's does not.
    fn primary_value_axis(&self, plots: &[Plot]) -> Option<u64> {
        let values: Vec<u64> = plots.iter().filter_map(|p| p.axes).map(|(_, v)| v).collect();
        let far_side = |id: u64| {
            self.get(id).is_some_and(|axis| {
                matches!(axis.child("axPos").and_then(Element::val), Some("r" | "t"))
                    || axis.child("crosses").and_then(Element::val) == Some("max")
            })
        };
        values
            .iter()
            .copied()
            .find(|&id| !far_side(id))
            .or_else(|| values.first().copied())
    }

    fn read(&self, id: u64) -> SavedAxis {
        self.get(id).map(read_axis).unwrap_or_default()
    }
}

fn axis_id(element: &Element) -> Option<u64> {
    element.val()?.trim().parse().ok()
}

fn read_axis(axis: &Element) -> SavedAxis {
    let scaling = axis.child("scaling");
    let bound = |name| {
        scaling
            .and_then(|s| s.number_at(name))
            .filter(|v: &f64| v.is_finite())
    };
    SavedAxis {
        title: axis.at(&["title", "tx"]).and_then(text_of),
        min: bound("min"),
        max: bound("max"),
        log: scaling.is_some_and(|s| s.child("logBase").is_some()),
        hidden: axis.child("delete").is_some_and(Element::flag),
        gridlines: axis.child("majorGridlines").is_some(),
    }
}
