//! Excel 2016's chart kinds (`cx:chartSpace` in `xl/charts/chartEx*.xml`):
//! waterfall, funnel, treemap and sunburst charts are one value per
//! category, so they are read as bars, with a note. Histograms and Pareto
//! charts (whose bins Excel works out from raw values), box and whisker
//! charts and maps are left out with a sentence saying why.
//!
//! A chartex part keeps its data apart from its series: `cx:chartData`
//! holds `cx:data` blocks of dimensions (`cx:strDim type="cat"`,
//! `cx:numDim type="val"` or `"size"`), each a formula and levels of
//! points; a `cx:series` names its block by `cx:dataId`.

use sheetplot_model::saved_chart::{
    Cache, Grouping, SavedAxis, SavedChart, SavedKind, SavedPlot, SavedSeries, SeriesData,
    SeriesStyle,
};
use sheetplot_model::LegendPosition;

use super::colour::Theme;
use super::formula::parse_range;
use super::series::{placed, point_count, rich_text, PointBudget};
use super::tree::Element;
use super::{check_ranges, LeftOut};

/// How a chartex layout is read: as bars (lying down or not, and the
/// note), or left out (and why).
fn layout(layout_id: &str) -> Result<(bool, &'static str), LeftOut> {
    let left_out = |what: &str| {
        Err(LeftOut(format!(
            "it is {what}, which sheetplot does not draw"
        )))
    };
    match layout_id {
        "waterfall" => Ok((false, "Waterfall chart shown as bars.")),
        "funnel" => Ok((true, "Funnel chart shown as bars.")),
        "treemap" => Ok((false, "Treemap shown as bars.")),
        "sunburst" => Ok((false, "Sunburst chart shown as bars.")),
        "clusteredColumn" | "paretoLine" => {
            left_out("a histogram, whose bins Excel works out from the values")
        }
        "boxWhisker" => left_out("a box and whisker chart"),
        "regionMap" => left_out("a map chart"),
        other => left_out(&format!("a “{other}” chart")),
    }
}

/// The chart of a `cx:chartSpace`, or why it is left out.
pub fn read_chart_ex(root: &Element, theme: &Theme) -> Result<SavedChart, LeftOut> {
    let chart = root
        .child("chart")
        .ok_or_else(|| LeftOut("it holds no chart".to_owned()))?;
    let region = chart
        .at(&["plotArea", "plotAreaRegion"])
        .ok_or_else(|| LeftOut("it holds no plot".to_owned()))?;
    let series: Vec<&Element> = region.children_named("series").collect();
    let first = series
        .first()
        .ok_or_else(|| LeftOut("it holds no series".to_owned()))?;
    let (horizontal, note) = layout(first.attribute("layoutId").unwrap_or(""))?;
    let data = root.child("chartData");
    let mut budget = PointBudget::default();
    let saved: Vec<SavedSeries> = series
        .iter()
        .map(|s| read_series(s, data, theme, &mut budget))
        .collect::<Result<_, _>>()?;
    let plots = vec![SavedPlot {
        kind: SavedKind::Bar,
        grouping: Grouping::Standard,
        horizontal,
        secondary: false,
        series: saved,
    }];
    check_ranges(&plots)?;
    let axes: Vec<&Element> = chart
        .at(&["plotArea"])
        .map_or(Vec::new(), |p| p.children_named("axis").collect());
    let axis = |scaling: &str| {
        axes.iter()
            .find(|a| a.child(scaling).is_some())
            .map(|a| read_axis(a, scaling))
            .unwrap_or_default()
    };
    Ok(SavedChart {
        title: chart
            .child("title")
            .and_then(|t| t.child("tx"))
            .and_then(text),
        sheet: String::new(),
        plots,
        x_axis: axis("catScaling"),
        y_axis: axis("valScaling"),
        y2_axis: None,
        legend: chart.child("legend").map(|l| match l.attribute("pos") {
            Some("t") => LegendPosition::Top,
            Some("b") => LegendPosition::Bottom,
            _ => LegendPosition::Right,
        }),
        notes: vec![note.to_owned()],
    })
}

/// A `cx:tx`'s text: `cx:txData/cx:v`, or rich text.
fn text(tx: &Element) -> Option<String> {
    let text = match (tx.at(&["txData", "v"]), tx.child("rich")) {
        (Some(v), _) => v.text.clone(),
        (None, Some(rich)) => rich_text(rich),
        (None, None) => return None,
    };
    (!text.trim().is_empty()).then_some(text)
}

fn read_series(
    series: &Element,
    data: Option<&Element>,
    theme: &Theme,
    budget: &mut PointBudget,
) -> Result<SavedSeries, LeftOut> {
    let id = series.child("dataId").and_then(Element::val);
    let block = data.and_then(|d| d.children_named("data").find(|b| b.attribute("id") == id));
    let dimension = |kinds: &[&str]| {
        block.and_then(|b| {
            b.children
                .iter()
                .find(|d| d.attribute("type").is_some_and(|t| kinds.contains(&t)))
        })
    };
    Ok(SavedSeries {
        name: series.child("tx").and_then(text),
        categories: dimension(&["cat"])
            .map(|d| dimension_data(d, budget))
            .transpose()?,
        values: dimension(&["val", "size"])
            .map(|d| dimension_data(d, budget))
            .transpose()?,
        style: SeriesStyle {
            color: series.child("spPr").and_then(|s| theme.fill(s)),
            ..Default::default()
        },
    })
}

/// A dimension's formula and its first (innermost) level of points.
fn dimension_data(dimension: &Element, budget: &mut PointBudget) -> Result<SeriesData, LeftOut> {
    let formula = dimension.child("f").map(|f| f.text.trim().to_owned());
    let range = formula.as_deref().and_then(parse_range);
    let cache = match dimension.child("lvl") {
        None => Cache::None,
        Some(level) if dimension.name == "numDim" => Cache::Numbers {
            values: placed(level, point_count(level), budget, f64::NAN, |t| {
                t.trim().parse().unwrap_or(f64::NAN)
            })?,
            format: level.attribute("formatCode").map(str::to_owned),
        },
        Some(level) => Cache::Text(placed(
            level,
            point_count(level),
            budget,
            String::new(),
            str::to_owned,
        )?),
    };
    Ok(SeriesData {
        formula,
        range,
        cache,
    })
}

/// A chartex axis: its title, whether it is hidden (`hidden="1"`), its
/// gridlines, and a value axis' fixed ends (`cx:valScaling min max`).
fn read_axis(axis: &Element, scaling: &str) -> SavedAxis {
    let bound = |name| {
        axis.child(scaling)
            .and_then(|s| s.attribute(name))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
    };
    SavedAxis {
        title: axis
            .child("title")
            .and_then(|t| t.child("tx"))
            .and_then(text),
        min: bound("min"),
        max: bound("max"),
        log: false,
        hidden: matches!(axis.attribute("hidden"), Some("1" | "true")),
        gridlines: axis.child("majorGridlines").is_some(),
    }
}
