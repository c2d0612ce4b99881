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
    // The category axis is the primary plot's: a secondary plot's is
    // usually hidden.
    let x = plots
        .iter()
        .filter_map(|p| p.axes)
        .find(|&(_, v)| Some(v) == primary)
        .map(|(x, _)| x);
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
        Some(title) => title.child("tx").and_then(text_of).or_else(automatic),
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
        let values: Vec<u64> = plots
            .iter()
            .filter_map(|p| p.axes)
            .map(|(_, v)| v)
            .collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saved_charts::tree::parse;

    /// A chart of `plots` (plot elements' XML) and `rest` (axes, legend…).
    fn chart_of(plots: &str, rest: &str) -> Result<SavedChart, LeftOut> {
        let xml =
            format!("<chartSpace><chart>{rest}<plotArea>{plots}</plotArea></chart></chartSpace>");
        read_chart(&parse(&xml).unwrap(), &Theme::default())
    }

    fn ser(name: &str) -> String {
        format!("<ser><tx><v>{name}</v></tx></ser>")
    }

    #[test]
    fn kinds_sheetplot_does_not_draw_are_read_as_the_nearest() {
        for (element, extra, kind, note) in [
            ("line3DChart", "", SavedKind::Line, "3-D line shown flat."),
            (
                "bar3DChart",
                r#"<barDir val="bar"/>"#,
                SavedKind::Bar,
                "3-D bar shown flat.",
            ),
            ("area3DChart", "", SavedKind::Area, "3-D area shown flat."),
            ("pie3DChart", "", SavedKind::Pie, "3-D pie shown flat."),
            (
                "ofPieChart",
                r#"<ofPieType val="bar"/>"#,
                SavedKind::Pie,
                "Bar of pie shown as one pie.",
            ),
            (
                "ofPieChart",
                r#"<ofPieType val="pie"/>"#,
                SavedKind::Pie,
                "Pie of pie shown as one pie.",
            ),
            (
                "radarChart",
                "",
                SavedKind::Line,
                "Radar chart shown as lines.",
            ),
            (
                "stockChart",
                "",
                SavedKind::Line,
                "Stock chart shown as lines.",
            ),
            (
                "bubbleChart",
                "",
                SavedKind::Scatter,
                "Bubble chart shown as a scatter.",
            ),
            (
                "surfaceChart",
                "",
                SavedKind::Area,
                "Surface chart shown as areas.",
            ),
            (
                "surface3DChart",
                "",
                SavedKind::Area,
                "3-D surface chart shown as areas.",
            ),
        ] {
            let chart =
                chart_of(&format!("<{element}>{extra}{}</{element}>", ser("A")), "").unwrap();
            assert_eq!(chart.plots[0].kind, kind, "{element}");
            assert_eq!(chart.notes, [note], "{element}");
        }
        // Two 3-D plots say so once.
        let twice = chart_of(
            &format!(
                "<bar3DChart>{}</bar3DChart><bar3DChart>{}</bar3DChart>",
                ser("A"),
                ser("B")
            ),
            "",
        )
        .unwrap();
        assert_eq!(twice.notes, ["3-D column shown flat."]);
        assert!(chart_of("<funnelChart/>", "").is_err());
    }

    #[test]
    fn groupings_and_series_order() {
        let chart = chart_of(
            r#"<barChart><grouping val="percentStacked"/><ser><order val="1"/><tx><v>Second</v></tx></ser><ser><order val="0"/><tx><v>First</v></tx></ser></barChart><areaChart><grouping val="stacked"/></areaChart><lineChart/>"#,
            "",
        )
        .unwrap();
        let groupings: Vec<_> = chart.plots.iter().map(|p| p.grouping).collect();
        assert_eq!(
            groupings,
            [
                Grouping::PercentStacked,
                Grouping::Stacked,
                Grouping::Standard
            ]
        );
        let names: Vec<_> = chart.plots[0]
            .series
            .iter()
            .map(|s| s.name.as_deref())
            .collect();
        assert_eq!(names, [Some("First"), Some("Second")]);
    }

    #[test]
    fn the_secondary_axis_is_the_one_on_the_far_side() {
        // The line on the right axis is listed first; the bars are primary.
        let axes = r#"<valAx><axId val="4"/><scaling><min val="0"/><max val="1"/><logBase val="10"/></scaling><axPos val="r"/><crosses val="max"/><title><tx><rich><p><r><t>Share</t></r></p></rich></tx></title></valAx><catAx><axId val="3"/><delete val="1"/></catAx><catAx><axId val="1"/><title><tx><strRef><f>S!$A$1</f><strCache><pt idx="0"><v>Month</v></pt></strCache></strRef></tx></title></catAx><valAx><axId val="2"/><delete/><majorGridlines/></valAx>"#;
        let plots = format!(
            r#"<lineChart>{}<axId val="3"/><axId val="4"/></lineChart><barChart>{}<axId val="1"/><axId val="2"/></barChart>{axes}"#,
            ser("Share"),
            ser("Units")
        );
        let chart = chart_of(&plots, "").unwrap();
        let secondary: Vec<_> = chart.plots.iter().map(|p| p.secondary).collect();
        assert_eq!(secondary, [true, false]);
        assert_eq!(chart.x_axis.title.as_deref(), Some("Month"));
        assert_eq!(
            chart.y_axis,
            SavedAxis {
                hidden: true,
                gridlines: true,
                ..SavedAxis::default()
            }
        );
        assert_eq!(
            chart.y2_axis,
            Some(SavedAxis {
                title: Some("Share".into()),
                min: Some(0.0),
                max: Some(1.0),
                log: true,
                ..SavedAxis::default()
            })
        );
        // Plots on the same axes are all primary.
        let shared = chart_of(
            &format!(
                r#"<barChart>{}<axId val="1"/><axId val="2"/></barChart><lineChart>{}<axId val="1"/><axId val="2"/></lineChart>"#,
                ser("A"),
                ser("B")
            ),
            "",
        )
        .unwrap();
        assert!(shared.plots.iter().all(|p| !p.secondary));
        assert_eq!(shared.y2_axis, None);
    }

    #[test]
    fn titles_as_excel_shows_them() {
        let one = format!("<lineChart>{}</lineChart>", ser("Revenue"));
        let two = format!("<lineChart>{}{}</lineChart>", ser("A"), ser("B"));
        let title = |plots: &str, rest: &str| chart_of(plots, rest).unwrap().title;
        // No title of its own: one series' name, unless deleted.
        assert_eq!(title(&one, "").as_deref(), Some("Revenue"));
        assert_eq!(
            title(&one, r#"<autoTitleDeleted val="0"/>"#).as_deref(),
            Some("Revenue")
        );
        assert_eq!(title(&one, r#"<autoTitleDeleted val="1"/>"#), None);
        assert_eq!(title(&one, "<title/>").as_deref(), Some("Revenue"));
        assert_eq!(title(&two, ""), None);
        assert_eq!(title(&two, "<title/>"), None);
        // Its own text, rich or from a cell.
        assert_eq!(
            title(
                &two,
                "<title><tx><rich><p><r><t>Sales</t></r></p></rich></tx></title>"
            )
            .as_deref(),
            Some("Sales")
        );
        assert_eq!(
            title(&two, r#"<title><tx><strRef><f>S!$A$1</f><strCache><ptCount val="1"/><pt idx="0"><v>From a cell</v></pt></strCache></strRef></tx></title>"#).as_deref(),
            Some("From a cell")
        );
    }

    #[test]
    fn legend_positions() {
        let plots = format!("<lineChart>{}</lineChart>", ser("A"));
        let legend = |rest: &str| chart_of(&plots, rest).unwrap().legend;
        assert_eq!(legend(""), None);
        assert_eq!(legend("<legend/>"), Some(LegendPosition::Right));
        for (pos, expected) in [
            ("t", LegendPosition::Top),
            ("b", LegendPosition::Bottom),
            ("r", LegendPosition::Right),
            ("l", LegendPosition::Right),
            ("tr", LegendPosition::Right),
        ] {
            let rest = format!(r#"<legend><legendPos val="{pos}"/></legend>"#);
            assert_eq!(legend(&rest), Some(expected), "{pos}");
        }
    }
}
