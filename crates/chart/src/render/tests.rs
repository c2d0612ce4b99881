//! The style as drawn: each part of a [`Style`] changes the SVG the way it
//! says, and the default look is left to the golden tests.

use plotters::prelude::*;

use super::{approx_text_width, fit_text, render, render_message_in, RenderStats};
use crate::spec::{ChartKind, ChartSpec, XSource};
use crate::style::{Palette, Style, Theme};
use sheetplot_model::{Column, Dash, LegendPosition, Rgb, Sheet, Values};

/// Two series over twelve rows: a rise from 10 to 120 and a fall.
fn sheet() -> Sheet {
    let rise: Vec<f64> = (1..=12).map(|i| f64::from(i) * 10.0).collect();
    let fall: Vec<f64> = rise.iter().rev().map(|v| v / 2.0).collect();
    Sheet {
        name: "s".into(),
        rows: 12,
        title: None,
        header_row: Some(0),
        first_row: 0,
        columns: vec![
            Column::new("rise".into(), Values::Number(rise), 0),
            Column::new("fall".into(), Values::Number(fall), 0),
        ],
    }
}

fn line(style: Style) -> ChartSpec {
    ChartSpec {
        style,
        ..ChartSpec::new("t".into(), ChartKind::Line, XSource::RowNumber, vec![0, 1])
    }
}

fn draw(spec: &ChartSpec) -> (String, RenderStats) {
    let mut svg = String::new();
    let stats = {
        let root = SVGBackend::with_string(&mut svg, (800, 450)).into_drawing_area();
        render(&root, &sheet(), spec, 1.0).unwrap()
    };
    (svg, stats)
}

/// How plotters writes `color` as a paint in SVG: `#RRGGBB`.
fn paint(color: Rgb) -> String {
    format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
}

/// The SVG's elements named `tag` (their opening tag's text).
fn elements<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
    svg.split(&format!("<{tag} "))
        .skip(1)
        .map(|e| &e[..e.find('>').unwrap_or(e.len())])
        .collect()
}

/// The number in attribute `name` of element `e`.
fn number(e: &str, name: &str) -> f64 {
    let key = format!(" {name}=\"");
    let at = e.find(&key).map(|i| i + key.len()).unwrap_or_else(|| {
        let key = format!("{name}=\"");
        e.find(&key).unwrap() + key.len()
    });
    e[at..].split('"').next().unwrap().parse().unwrap()
}

/// The `(x, y)` of the `<text>` saying exactly `text`.
fn text_at(svg: &str, text: &str) -> Option<(f64, f64)> {
    svg.split("<text ").skip(1).find_map(|part| {
        let (tag, rest) = part.split_once('>')?;
        let said = rest.split("</text>").next()?.trim();
        (said == text).then(|| (number(tag, "x"), number(tag, "y")))
    })
}

#[test]
fn a_series_is_drawn_and_listed_in_its_own_colour_or_the_palettes() {
    let mut style = Style {
        palette: Palette::Tableau,
        ..Style::default()
    };
    style.set_series(1, |look| look.color = Some(Rgb(0xff, 0x00, 0x80)));
    let (svg, _) = draw(&line(style));
    let strokes = |color: Rgb| svg.matches(&format!("stroke=\"{}\"", paint(color))).count();
    // A line and its legend swatch each.
    assert_eq!(strokes(Rgb(0x4e, 0x79, 0xa7)), 2, "Tableau's first");
    assert_eq!(strokes(Rgb(0xff, 0x00, 0x80)), 2, "the series' own");
    assert_eq!(strokes(Rgb(0, 114, 178)), 0, "no Okabe–Ito blue");
    let markers = elements(&svg, "circle");
    assert!(markers.iter().any(|c| c.contains("fill=\"#FF0080\"")));
}

#[test]
fn a_dashed_series_is_drawn_in_dashes_a_solid_one_in_one_line() {
    let mut style = Style {
        markers: false,
        line_width: 3.0,
        ..Style::default()
    };
    style.set_series(1, |look| look.dash = Some(Dash::Dashed));
    let (svg, _) = draw(&line(style));
    let strokes = |color: &str| {
        elements(&svg, "polyline")
            .into_iter()
            .filter(|p| p.contains(&format!("stroke=\"{color}\"")))
            .map(|p| number(p, "stroke-width"))
            .collect::<Vec<f64>>()
    };
    let solid = strokes("#0072B2");
    assert_eq!(solid, [4.0, 3.0], "the swatch, a pixel wider, and the line");
    let dashes = strokes("#E69F00");
    assert!(dashes.len() > 20, "{} dashes", dashes.len());
    assert!(elements(&svg, "circle").is_empty(), "no markers");
}

#[test]
fn the_legend_goes_where_the_style_puts_it() {
    let placed = |legend| {
        let (svg, stats) = draw(&line(Style {
            legend,
            ..Style::default()
        }));
        (text_at(&svg, "fall"), stats.plot.unwrap())
    };
    let (top_name, top) = placed(LegendPosition::Top);
    let (right_name, right) = placed(LegendPosition::Right);
    let (bottom_name, bottom) = placed(LegendPosition::Bottom);
    let (none_name, none) = placed(LegendPosition::None);
    let top_name = top_name.expect("listed above");
    assert!(top_name.1 < f64::from(top.top));
    // Beside the plot: narrower, as tall as with no legend at all.
    let right_name = right_name.expect("listed beside");
    assert!(
        right.width < top.width - 50,
        "{} of {}",
        right.width,
        top.width
    );
    assert!(right_name.0 > f64::from(right.left + right.width));
    assert_eq!((right.top, right.height), (none.top, none.height));
    // Below: the plot starts where it does without a legend, and ends higher.
    let bottom_name = bottom_name.expect("listed below");
    assert_eq!(bottom.top, none.top);
    assert!(bottom.height < none.height);
    assert!(bottom_name.1 > f64::from(bottom.top + bottom.height));
    assert_eq!(none_name, None);
    assert!(none.top < top.top, "no legend, more plot");
}

#[test]
fn fixed_ends_are_the_axis_and_what_runs_past_them_is_cut() {
    let (svg, stats) = draw(&line(Style {
        y_min: Some(20.0),
        y_max: Some(90.0),
        ..Style::default()
    }));
    let plot = stats.plot.unwrap();
    assert_eq!(plot.y_range, (20.0, 90.0));
    let ticks: Vec<f64> = stats.y_ticks.iter().map(|t| t.parse().unwrap()).collect();
    assert!(
        ticks.iter().all(|&t| (20.0..=90.0).contains(&t)),
        "{ticks:?}"
    );
    assert_eq!(ticks.first(), Some(&20.0));
    assert_eq!(ticks.last(), Some(&90.0));
    // Every point of the lines (2 px wide: the legend's swatches are 3)
    // inside the plot.
    let (top, bottom) = (f64::from(plot.top), f64::from(plot.top + plot.height));
    let lines = elements(&svg, "polyline")
        .into_iter()
        .filter(|p| number(p, "stroke-width") == 2.0);
    let mut points_seen = 0;
    for polyline in lines {
        let points = polyline.split("points=\"").nth(1).unwrap();
        for point in points.split('"').next().unwrap().split_whitespace() {
            let (x, y) = point.split_once(',').unwrap();
            let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
            assert!(x >= f64::from(plot.left), "{point}");
            assert!(
                y >= top - 0.5 && y <= bottom + 0.5,
                "{point} outside {top}..{bottom}"
            );
            points_seen += 1;
        }
    }
    assert!(
        points_seen > 10,
        "the lines are drawn, cut: {points_seen} points"
    );
}

#[test]
fn gridlines_off_leave_the_axes_and_their_labels() {
    let grid = "stroke=\"#E5E7EB\"";
    let (with, _) = draw(&line(Style::default()));
    let (without, stats) = draw(&line(Style {
        gridlines: false,
        ..Style::default()
    }));
    assert!(with.matches(grid).count() >= 3);
    assert_eq!(without.matches(grid).count(), 0);
    assert!(stats.y_ticks.iter().all(|t| text_at(&without, t).is_some()));
}

#[test]
fn a_dark_chart_paints_its_background_and_writes_in_light_text() {
    let (svg, _) = draw(&line(Style {
        theme: Theme::Dark,
        ..Style::default()
    }));
    let background = elements(&svg, "rect")[0];
    assert!(background.contains("fill=\"#111827\""), "{background}");
    assert_eq!(
        (number(background, "width"), number(background, "height")),
        (800.0, 450.0)
    );
    assert!(!svg.contains("fill=\"#FFFFFF\""), "nothing white");
    let title = svg.split("<text ").nth(1).unwrap();
    assert!(title.contains("fill=\"#F3F4F6\""), "{title}");
}

#[test]
fn a_message_on_a_dark_page_is_dark_too() {
    let mut svg = String::new();
    render_message_in(
        &SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area(),
        "nothing to plot",
        Theme::Dark,
        1.0,
    )
    .unwrap();
    assert!(
        elements(&svg, "rect")[0].contains("fill=\"#111827\""),
        "{svg}"
    );
}

#[test]
fn the_font_scale_sizes_every_text() {
    let sizes = |font_scale| {
        let (svg, _) = draw(&line(Style {
            font_scale,
            ..Style::default()
        }));
        let mut sizes: Vec<f64> = elements(&svg, "text")
            .into_iter()
            .map(|t| number(t, "font-size"))
            .collect();
        sizes.sort_by(f64::total_cmp);
        sizes.dedup();
        sizes
    };
    // Ticks, legend and axis titles, the title; each half as large again.
    let (plain, larger) = (sizes(1.0), sizes(1.5));
    assert_eq!(plain.len(), 3, "{plain:?}");
    assert_eq!(larger.len(), 3, "{larger:?}");
    for (a, b) in plain.iter().zip(&larger) {
        assert!((b / a - 1.5).abs() < 1e-9, "{plain:?} {larger:?}");
    }
}

#[test]
fn titles_of_the_axes_are_the_styles() {
    let mut spec = line(Style {
        x_title: Some("Month".into()),
        y2_title: Some("Share of the fall".into()),
        ..Style::default()
    });
    spec.y = vec![0];
    spec.y2 = vec![1];
    spec.y_title = Some("Rise (k€)".into());
    let (svg, _) = draw(&spec);
    for title in ["Month", "Rise (k€)", "Share of the fall"] {
        assert!(text_at(&svg, title).is_some(), "{title}");
    }
    assert!(
        text_at(&svg, "Row").is_none(),
        "the x column's name gives way"
    );
}

#[test]
fn bars_lie_down_or_stand_as_told() {
    let bars = |horizontal| {
        let mut spec = line(Style {
            horizontal,
            ..Style::default()
        });
        spec.kind = ChartKind::Bar;
        let plot = draw(&spec).1.plot.unwrap();
        plot.y_range.0 > plot.y_range.1
    };
    assert!(!bars(None), "short labels stand");
    assert!(bars(Some(true)));
    assert!(!bars(Some(false)));
}

#[test]
fn a_doughnut_has_a_hole_with_the_total_in_it() {
    let mut spec = line(Style {
        doughnut: true,
        ..Style::default()
    });
    spec.kind = ChartKind::Pie;
    let (svg, _) = draw(&spec);
    let hole = elements(&svg, "polygon")
        .into_iter()
        .filter(|p| p.contains("fill=\"#FFFFFF\""))
        .count();
    assert_eq!(hole, 1, "one hole");
    assert!(
        text_at(&svg, "780").is_some(),
        "the total, 10 + 20 + … + 120"
    );
    let (plain, _) = draw(&ChartSpec {
        style: Style::default(),
        ..spec
    });
    assert!(text_at(&plain, "780").is_none());
}

#[test]
fn left_series_drawn_as_bars_stand_beside_the_right_axis_bars() {
    let mut spec = line(Style::default());
    spec.y = vec![0];
    spec.y2 = vec![1];
    spec.y_bars = true;
    spec.y2_bars = true;
    let (svg, stats) = draw(&spec);
    let plot = stats.plot.unwrap();
    assert!(plot.bars);
    let bars = |color: &str| -> Vec<f64> {
        elements(&svg, "rect")
            .into_iter()
            .filter(|r| r.contains(&format!("fill=\"{color}\"")))
            .map(|r| number(r, "x"))
            .collect()
    };
    let (left, right) = (bars("#0072B2"), bars("#E69F00"));
    // Twelve of each and a legend square each.
    assert_eq!((left.len(), right.len()), (13, 13));
    assert!(
        left[1..].iter().zip(&right[1..]).all(|(l, r)| l < r),
        "side by side"
    );
    assert!(
        left[1] >= f64::from(plot.left),
        "the first bar stands whole in the plot"
    );
    assert_eq!(stats.points_drawn, 24);
    assert!(plot.y_range.0 <= 0.0, "bars stand on zero");
}

#[test]
fn long_texts_are_shortened_to_fit() {
    let text = "polynomial (degree 6): y = 1.234x⁶ − 2.345x⁵ + 3.456x⁴, R² = 0.9";
    let cut = fit_text(text, 200, 13.0);
    assert!(
        cut.ends_with('…') && approx_text_width(&cut, 13.0) <= 200,
        "{cut}"
    );
    assert_eq!(fit_text("R² = 1", 200, 13.0), "R² = 1");
}
