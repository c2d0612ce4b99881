//! Rendering to SVG from real workbooks: the chart the page would draw.

use plotters::prelude::*;
use sheetplot::chart::{default_title, prepare, ChartSpec, XSource};
use sheetplot::read_workbook;
use sheetplot::render::{render, render_message};

/// A sample workbook of data/, read.
fn sample(file: &str) -> sheetplot::Workbook {
    let path = format!("{}/data/{file}", env!("CARGO_MANIFEST_DIR"));
    read_workbook(&std::fs::read(path).unwrap()).unwrap()
}

fn svg_of(file: &str, sheet: usize, size: (u32, u32)) -> (String, usize) {
    let workbook = sample(file);
    let sheet = &workbook.sheets[sheet];
    let spec =
        ChartSpec::suggest(sheet, default_title(file, sheet, workbook.sheets.len())).unwrap();
    let mut svg = String::new();
    let points = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        render(&root, sheet, &spec, 1.0).unwrap().points_drawn
    };
    (svg, points)
}

#[test]
fn a_time_series_has_calendar_ticks_a_legend_and_every_point() {
    let (svg, points) = svg_of("weather.xlsx", 0, (960, 540));
    for text in [
        "weather",
        "Oslo (°C)",
        "Lisbon (°C)",
        "Nairobi (°C)",
        "Jan 2024",
        "Jul 2023",
        "date",
    ] {
        assert!(svg.contains(text), "the SVG shows {text}");
    }
    // 730 days × 3 series fit in ~880 pixel columns: nothing is dropped.
    assert_eq!(points, 3 * 730);
    // Each series in its palette colour, as a line and as its legend swatch.
    for colour in ["#0072B2", "#E69F00", "#009E73"] {
        let lines = svg.matches(&format!("stroke=\"{colour}\"")).count();
        assert_eq!(lines, 2, "{colour}: one line and one legend swatch");
    }
}

#[test]
fn a_category_table_under_a_title_block_is_labelled_by_its_categories() {
    let workbook = sample("regions.xlsx");
    let sheet = &workbook.sheets[0];
    assert_eq!(sheet.header_row, Some(2), "the title block is skipped");
    let spec = ChartSpec::suggest(sheet, "regions".into()).unwrap();
    assert_eq!(spec.x, XSource::Category(0));
    let (svg, _) = svg_of("regions.xlsx", 0, (1400, 600));
    for region in ["Nordics", "Benelux", "DACH", "Central Europe"] {
        assert!(svg.contains(region), "{region} labels the x axis");
    }
    assert!(svg.contains("4,000"), "thousands separators on the y axis");
}

#[test]
fn long_series_are_downsampled_to_the_pixels() {
    let (_, points) = svg_of("weather.xlsx", 0, (300, 200));
    assert!(points < 3 * 730, "{points} points drawn at 300 px wide");
    assert!(points <= 3 * 4 * 300);
}

#[test]
fn sheets_without_numbers_get_a_message_instead() {
    let workbook = sample("website.xlsx");
    let notes = &workbook.sheets[2];
    let why = ChartSpec::suggest(notes, "t".into()).unwrap_err();
    let mut svg = String::new();
    render_message(
        &SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area(),
        &why.to_string(),
        1.0,
    )
    .unwrap();
    assert!(svg.contains("no column of numbers"), "{svg}");
}

/// A line of `values` over a date-time column `seconds`, drawn to SVG.
fn line_over_time(seconds: Vec<f64>, values: Vec<f64>) -> sheetplot::render::RenderStats {
    use sheetplot::chart::{ChartKind, XSource};
    use sheetplot::{Column, Sheet, TimeKind, Values};
    let sheet = Sheet {
        name: "s".into(),
        rows: values.len(),
        title: None,
        header_row: None,
        first_row: 0,
        columns: vec![
            Column::new(
                "t".into(),
                Values::Time {
                    seconds,
                    kind: TimeKind::DateTime,
                },
                0,
            ),
            Column::new("v".into(), Values::Number(values), 0),
        ],
    };
    let spec = ChartSpec::new("t".into(), ChartKind::Line, XSource::Column(0), vec![1]);
    let mut svg = String::new();
    let root = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
    render(&root, &sheet, &spec, 1.0).unwrap()
}

#[test]
fn gaps_in_x_do_not_hide_the_points_around_them() {
    let stats = line_over_time(
        vec![0.0, 3600.0, f64::NAN, f64::NAN],
        vec![1.0, 2.0, 3.0, 4.0],
    );
    assert_eq!(stats.points_drawn, 2);
}

#[test]
fn hovering_finds_the_point_and_shows_it_as_the_workbook_does() {
    use sheetplot::render::hit_test;
    let workbook = sample("weather.xlsx");
    let sheet = &workbook.sheets[0];
    let spec = ChartSpec::suggest(sheet, "t".into()).unwrap();
    let mut svg = String::new();
    let root = SVGBackend::with_string(&mut svg, (800, 450)).into_drawing_area();
    let plot = render(&root, sheet, &spec, 1.0).unwrap().plot.unwrap();
    let prepared = prepare(sheet, &spec).unwrap();
    // Oslo (the first series) on row 200.
    let x = sheet.columns[0].values.as_floats().unwrap()[200];
    let y = sheet.columns[1].values.as_floats().unwrap()[200];
    let hit = hit_test(sheet, &spec, &prepared, &plot, plot.pixel_of(x, y), 6.0)
        .expect("a point under the pointer");
    assert_eq!(hit.name, "Oslo (°C)");
    assert_eq!(hit.x_text, "2023-07-20");
    assert_eq!(hit.y_text, sheetplot::format::format_value(y));
    assert!(
        hit_test(sheet, &spec, &prepared, &plot, (1.0, 1.0), 6.0).is_none(),
        "outside the plot"
    );
}

#[test]
fn rows_without_an_x_do_not_stretch_the_y_axis() {
    let plot = line_over_time(vec![0.0, 86_400.0, f64::NAN], vec![15.0, 16.0, 900.0])
        .plot
        .unwrap();
    assert!(plot.y_range.1 < 100.0, "{:?}", plot.y_range);
}

#[test]
fn a_chart_made_for_another_sheet_is_refused_not_a_panic() {
    // The page changes sheet a task before it chooses the new chart; a
    // hover or a resize in between meets the old spec and the new sheet.
    use sheetplot::chart::settings::Settings;
    use sheetplot::chart::ChartError;
    use sheetplot::render::{hit_test, RenderError};
    let workbook = sample("website.xlsx");
    let (monthly, hourly) = (&workbook.sheets[0], &workbook.sheets[1]);
    assert!(monthly.columns.len() > hourly.columns.len());
    let mut spec = ChartSpec::suggest(monthly, "t".into()).unwrap();
    spec.y = vec![monthly.columns.len() - 1];
    let mut svg = String::new();
    let root = SVGBackend::with_string(&mut svg, (800, 450)).into_drawing_area();
    let plot = render(&root, monthly, &spec, 1.0).unwrap().plot.unwrap();
    assert_eq!(spec.check(hourly), Err(ChartError::NotThisSheet));
    assert!(matches!(
        render(&root, hourly, &spec, 1.0),
        Err(RenderError::Chart(ChartError::NotThisSheet))
    ));
    let centre = (
        f64::from(plot.left + plot.width / 2),
        f64::from(plot.top + plot.height / 2),
    );
    let prepared = prepare(monthly, &spec).unwrap();
    assert!(hit_test(monthly, &spec, &prepared, &plot, centre, 50.0).is_some());
    assert!(hit_test(hourly, &spec, &prepared, &plot, centre, 50.0).is_none());
    let settings = Settings::of("website.xlsx", hourly, &spec, "t");
    assert!(settings.y.is_empty());
}

#[test]
fn a_zoomed_line_runs_to_the_edges_but_marks_only_the_readings_in_view() {
    let workbook = sample("website.xlsx");
    let sheet = &workbook.sheets[0];
    let mut spec = ChartSpec::suggest(sheet, "t".into()).unwrap();
    let XSource::Column(x) = spec.x else {
        panic!("a date column is x")
    };
    let xs = sheet.columns[x].values.as_floats().unwrap();
    // From a third of the way past row 3 to a third of the way before row 8:
    // rows 4 to 7 are in view.
    spec.x_view = Some((xs[3] + (xs[4] - xs[3]) / 3.0, xs[8] - (xs[8] - xs[7]) / 3.0));
    let mut svg = String::new();
    let plot = {
        let root = SVGBackend::with_string(&mut svg, (800, 450)).into_drawing_area();
        render(&root, sheet, &spec, 1.0).unwrap().plot.unwrap()
    };
    let markers: Vec<f64> = svg
        .split("<circle cx=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(markers.len(), 4 * spec.y.len(), "{markers:?}");
    let (left, right) = (f64::from(plot.left), f64::from(plot.left + plot.width));
    assert!(
        markers
            .iter()
            .all(|&cx| cx > left + 5.0 && cx < right - 5.0),
        "no reading is squashed onto an edge: {markers:?} in {left}..{right}"
    );
    // The lines still reach both edges.
    let lines: Vec<&str> = svg.split("<polyline").skip(1).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("points=\"{left},"))),
        "{svg}"
    );
}

#[test]
fn stacked_bars_pile_the_series_and_hover_finds_the_one_under_the_pointer() {
    use sheetplot::chart::{prepare, ChartKind, XSource};
    use sheetplot::render::{hit_test, render};
    let workbook = sample("regions.xlsx");
    let sheet = &workbook.sheets[0];
    let mut spec = ChartSpec::suggest(sheet, "t".into()).unwrap();
    assert_eq!(spec.kind, ChartKind::Bar);
    assert!(matches!(spec.x, XSource::Category(_)));
    spec.y = vec![1, 2];
    spec.stack = true;
    let mut svg = String::new();
    let stats = render(
        &SVGBackend::with_string(&mut svg, (900, 500)).into_drawing_area(),
        sheet,
        &spec,
        1.0,
    )
    .unwrap();
    assert_eq!(stats.points_drawn, 16, "8 regions × 2 piled bars");
    let plot = stats.plot.unwrap();
    // DACH: revenue 3,920 + cost 2,710 = 6,630 on the value axis.
    let values = |c: usize| sheet.columns[c].values.as_floats().unwrap().to_vec();
    let (revenue, cost) = (values(1), values(2));
    let highest = revenue
        .iter()
        .zip(&cost)
        .map(|(r, c)| r + c)
        .fold(0.0, f64::max);
    let value_range = if plot.y_range.0 > plot.y_range.1 {
        plot.x_range
    } else {
        plot.y_range
    };
    assert!(value_range.1 >= highest, "{value_range:?} holds {highest}");
    // Lying bars (long labels): categories top-down on y. Hover the first
    // region at the middle of its cost bar, which starts where revenue ends.
    let prepared = prepare(sheet, &spec).unwrap();
    let lying = plot.y_range.0 > plot.y_range.1;
    assert!(lying, "regions' long labels lay the bars down");
    let (x_mid, _) = plot.pixel_of(revenue[0] + cost[0] / 2.0, 0.0);
    let (_, y_mid) = plot.pixel_of(0.0, 0.0);
    let hit = hit_test(sheet, &spec, &prepared, &plot, (x_mid, y_mid), 10.0).unwrap();
    assert_eq!(hit.series, 1, "the cost bar");
    assert_eq!(hit.name, sheet.columns[2].name);
}

/// The SVG of weather.xlsx's Lisbon readings over time with `trend`.
fn weather_with(
    trend: sheetplot::chart::trend::TrendKind,
    size: (u32, u32),
) -> (String, Vec<String>) {
    let workbook = sample("weather.xlsx");
    let sheet = &workbook.sheets[0];
    let mut spec = ChartSpec::suggest(sheet, "weather".into()).unwrap();
    spec.trend = Some(trend);
    let mut svg = String::new();
    let trends = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        render(&root, sheet, &spec, 1.0).unwrap().trends
    };
    (svg, trends)
}

#[test]
fn a_linear_trend_is_a_dashed_line_per_series_named_with_its_equation() {
    use sheetplot::chart::trend::TrendKind;
    let (svg, trends) = weather_with(TrendKind::Linear, (960, 540));
    assert_eq!(trends.len(), 3, "one per series: {trends:?}");
    for label in &trends {
        assert!(
            label.starts_with("linear: y = ") && label.contains(", R² = "),
            "{label}"
        );
        assert!(svg.contains(label.as_str()), "the legend shows {label}");
    }
    assert!(
        svg.contains("x: days since 2023-01-01"),
        "what x is in the equations"
    );
    // Dashes: many short paths in a darker shade of each series' colour
    // (#0072B2, #E69F00, #009E73 at 68 %), two of them the legend's swatch.
    for colour in ["#004E79", "#9C6C00", "#006B4E"] {
        let strokes = svg.matches(&format!("stroke=\"{colour}\"")).count();
        assert!(strokes > 40, "{colour}: {strokes} paths, dashed");
    }
    // The series themselves are drawn as before: a line and a legend swatch.
    for colour in ["#0072B2", "#E69F00", "#009E73"] {
        assert_eq!(svg.matches(&format!("stroke=\"{colour}\"")).count(), 2);
    }
    // Without a trend the chart is as it was (the golden SVGs hold it).
    let (plain, _) = svg_of("weather.xlsx", 0, (960, 540));
    assert!(!plain.contains("R²"));
}

#[test]
fn many_equations_fall_back_to_r2_in_the_legend() {
    use sheetplot::chart::trend::TrendKind;
    // Narrow and short: three degree-6 equations would not fit.
    let (svg, trends) = weather_with(TrendKind::Polynomial(6), (420, 300));
    assert!(trends
        .iter()
        .all(|t| t.starts_with("polynomial (degree 6): y = ")));
    assert!(
        !svg.contains(trends[0].as_str()),
        "no room for the equations"
    );
    assert!(svg.contains("R² = "), "R² stays");
    assert!(svg.contains("dashed: polynomial (degree 6)"));
}

/// Shares in percent (0–100) on the left and volumes up to 7,300 on the
/// right, over 40 rows.
fn percent_and_volume() -> (sheetplot::Sheet, ChartSpec) {
    use sheetplot::chart::ChartKind;
    use sheetplot::{Column, Sheet, Values};
    let rows = 40;
    let share: Vec<f64> = (0..rows).map(|i| 100.0 * i as f64 / 39.0).collect();
    let volume: Vec<f64> = (0..rows)
        .map(|i| 7300.0 * ((i as f64 / 5.0).sin() + 1.0) / 2.0)
        .collect();
    let sheet = Sheet {
        name: "s".into(),
        rows,
        title: None,
        header_row: Some(0),
        first_row: 0,
        columns: vec![
            Column::new("share".into(), Values::Number(share), 0),
            Column::new("volume".into(), Values::Number(volume), 0),
        ],
    };
    let mut spec = ChartSpec::new("t".into(), ChartKind::Line, XSource::RowNumber, vec![0]);
    spec.y2 = vec![1];
    (sheet, spec)
}

/// The tick labels of an SVG: (x, y, anchor, text) of each `<text>`.
fn svg_texts(svg: &str) -> Vec<(i32, i32, String, String)> {
    let attr = |tag: &str, name: &str| -> String {
        let key = format!(" {name}=\"");
        tag.find(&key)
            .map(|i| {
                let rest = &tag[i + key.len()..];
                rest[..rest.find('"').unwrap()].to_owned()
            })
            .unwrap_or_default()
    };
    svg.split("<text")
        .skip(1)
        .map(|part| {
            let (tag, rest) = part.split_once('>').unwrap();
            let text = rest.split("</text>").next().unwrap().trim().to_owned();
            let number = |name: &str| attr(tag, name).parse::<f64>().unwrap_or(f64::NAN) as i32;
            (number("x"), number("y"), attr(tag, "text-anchor"), text)
        })
        .collect()
}

#[test]
fn right_axis_ticks_sit_on_the_left_axis_grid_lines() {
    let (sheet, spec) = percent_and_volume();
    for (bars, size) in [(false, (960, 540)), (true, (960, 540)), (false, (500, 700))] {
        let mut spec = spec.clone();
        spec.y2_bars = bars;
        let mut svg = String::new();
        let stats = {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            render(&root, &sheet, &spec, 1.0).unwrap()
        };
        let plot = stats.plot.unwrap();
        let texts = svg_texts(&svg);
        let rows_of = |labels: &[String], right: bool| -> Vec<i32> {
            labels
                .iter()
                .map(|label| {
                    texts
                        .iter()
                        .find(|(x, _, anchor, text)| {
                            text == label
                                && if right {
                                    *x > plot.left + plot.width && anchor == "start"
                                } else {
                                    *x < plot.left && anchor == "end"
                                }
                        })
                        .unwrap_or_else(|| panic!("{label} on the {right} side: {texts:?}"))
                        .1
                })
                .collect()
        };
        let left = rows_of(&stats.y_ticks, false);
        let right = rows_of(&stats.y2_ticks, true);
        assert!(left.len() >= 3, "{:?}", stats.y_ticks);
        assert_eq!(
            left, right,
            "{:?} beside {:?}",
            stats.y2_ticks, stats.y_ticks
        );
        // 1-2-5 steps from zero, holding 7,300.
        let values: Vec<f64> = stats
            .y2_ticks
            .iter()
            .map(|t| t.replace(',', "").parse().unwrap())
            .collect();
        let step = values[1] - values[0];
        let magnitude = 10f64.powf(step.log10().floor());
        assert!([1.0, 2.0, 5.0].contains(&(step / magnitude)), "{values:?}");
        assert!(values.windows(2).all(|w| w[1] - w[0] == step), "{values:?}");
        assert_eq!(values[0], 0.0, "{values:?}");
        assert!(*values.last().unwrap() >= 7300.0, "{values:?}");
        let (low, high) = stats.y2_range.unwrap();
        assert_eq!((low, high), (values[0], *values.last().unwrap()));
        assert_eq!(stats.series, ["share", "volume (right)"]);
        assert!(
            svg.contains(">\nvolume\n") || svg.contains(">volume<"),
            "the right axis title"
        );
    }
}

#[test]
fn hover_finds_a_point_of_the_right_axis_where_it_is_drawn() {
    use sheetplot::render::hit_test;
    let (sheet, spec) = percent_and_volume();
    let mut svg = String::new();
    let stats = {
        let root = SVGBackend::with_string(&mut svg, (960, 540)).into_drawing_area();
        render(&root, &sheet, &spec, 1.0).unwrap()
    };
    let plot = stats.plot.unwrap();
    let prepared = prepare(&sheet, &spec).unwrap();
    // Row 31 (x = 32): volume near its top, share at 79.5 — far apart on screen.
    let volume = sheet.columns[1].values.as_floats().unwrap()[31];
    let at = plot.pixel_of_right(32.0, volume);
    let hit = hit_test(&sheet, &spec, &prepared, &plot, at, 6.0).expect("a hit");
    assert_eq!((hit.series, hit.name.as_str()), (1, "volume"));
    assert_eq!(hit.x_text, "32");
    // Read on the left axis instead, the same value is nowhere near a point.
    let (lo, hi) = plot.y_range;
    assert!(volume > hi && lo >= 0.0, "volume is off the left scale");
    // The share at the same x is found on the left scale.
    let at = plot.pixel_of(32.0, sheet.columns[0].values.as_floats().unwrap()[31]);
    let hit = hit_test(&sheet, &spec, &prepared, &plot, at, 6.0).expect("a hit");
    assert_eq!(hit.name, "share");
}
