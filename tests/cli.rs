//! The command line renders the page's charts from the same core.

use std::process::Command;

fn sheetplot(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sheetplot"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// Runs the command line, which must succeed, and returns what it wrote to `out`.
fn written(args: &[&str], out: &str) -> String {
    let run = sheetplot(args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

fn temp(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("sheetplot-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name).to_string_lossy().into_owned()
}

#[test]
fn chosen_columns_and_kind_render_to_svg() {
    let out = temp("chart.svg");
    let svg = written(
        &[
            "data/weather.xlsx",
            "--x",
            "date",
            "--y",
            "Oslo (°C),Lisbon (°C)",
            "--kind",
            "area",
            "--title",
            "Two cities",
            "-o",
            &out,
        ],
        &out,
    );
    for text in ["Two cities", "Oslo (°C)", "Lisbon (°C)", "Jan 2024"] {
        assert!(svg.contains(text), "{text}");
    }
    assert!(!svg.contains("Nairobi"), "only the chosen columns");
}

#[test]
fn png_output_is_twice_the_size() {
    let out = temp("chart.png");
    let run = sheetplot(&[
        "data/website.xlsx",
        "--sheet",
        "hourly load",
        "--size",
        "800x450",
        "-o",
        &out,
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let png = std::fs::read(&out).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1600, 900));
}

#[test]
fn mistakes_are_explained() {
    let run = sheetplot(&["data/weather.xlsx", "--y", "Paris"]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains(r#"no column "Paris""#) && err.contains("Oslo (°C)"),
        "{err}"
    );
    let run = sheetplot(&["data/weather.xlsx", "--kind", "radar"]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("no chart kind radar"));
}

/// Every fuzz finding (files on which calamine panics, loops or reserves
/// gigabytes) is refused with exit code 1 and a message naming the file:
/// never a crash. Run in release too (scripts/test), where the guard around
/// calamine must unwind as it does in a debug build.
#[test]
fn fuzz_findings_are_refused_not_crashed_on() {
    let dir = format!("{}/tests/fixtures/fuzz", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 16,
        "the fuzz findings are missing: {names:?}"
    );
    for name in &names {
        let file = format!("tests/fixtures/fuzz/{name}");
        let out = temp(&format!("{name}.svg"));
        let started = std::time::Instant::now();
        let run = sheetplot(&[&file, "-o", &out]);
        let took = started.elapsed();
        let err = String::from_utf8_lossy(&run.stderr);
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(run.status.signal(), None, "{file} killed the CLI: {err}");
        }
        assert_eq!(run.status.code(), Some(1), "{file}: {err}");
        assert!(
            err.contains(&format!("sheetplot: {file}: ")),
            "{file}: {err}"
        );
        assert!(!std::path::Path::new(&out).exists(), "{file}: no chart");
        // Measured: well under 0.2 s each, debug or release.
        assert!(
            took < std::time::Duration::from_secs(5),
            "{file} took {took:?}"
        );
    }
}

#[test]
fn shaping_flags_are_named_like_the_controls() {
    let out = temp("shaped.svg");
    let svg = written(
        &[
            "tests/fixtures/shaping/sales.csv",
            "--kind",
            "line",
            "--x",
            "date",
            "--y",
            "amount",
            "--aggregate",
            "sum",
            "--bucket",
            "month",
            "--split-by",
            "region",
            "--filter",
            "region=North,South",
            "-o",
            &out,
        ],
        &out,
    );
    // The legend names the kept groups only, largest first.
    let (north, south) = (svg.find("North").unwrap(), svg.find("South").unwrap());
    assert!(north < south, "North (26,049) before South (23,057)");
    assert!(!svg.contains("West") && !svg.contains("East"));
    // Months on the axis.
    assert!(svg.contains("Mar 2024"), "{svg}");

    let run = sheetplot(&["tests/fixtures/shaping/sales.csv", "--aggregate", "total"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no aggregate total"));
    let run = sheetplot(&[
        "tests/fixtures/shaping/sales.csv",
        "--filter",
        "region=Atlantis",
        "-o",
        &temp("none.svg"),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no row matches the filter"));
}

#[test]
fn a_trend_is_drawn_with_its_equation_and_r2() {
    let out = temp("trend.svg");
    let svg = written(
        &[
            "data/weather.xlsx",
            "--y",
            "Lisbon (°C)",
            "--trend",
            "linear",
            "-o",
            &out,
        ],
        &out,
    );
    for text in [
        "Lisbon (°C)",
        "linear: y = ",
        "R² = ",
        "x: days since 2023-01-01",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    // A trend the data cannot take is refused (exit code 1), saying why.
    let run = sheetplot(&[
        "data/weather.xlsx",
        "--y",
        "Oslo (°C)",
        "--trend",
        "exponential",
        "-o",
        &temp("refused.svg"),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let why = String::from_utf8_lossy(&run.stderr);
    assert!(
        why.contains("an exponential trend needs positive values, and “Oslo (°C)”"),
        "{why}"
    );
    // A name that is no trend, or a chart that takes none, is a usage mistake.
    for args in [
        &["data/weather.xlsx", "--trend", "cubic"][..],
        &["data/regions.xlsx", "--trend", "linear"][..],
    ] {
        let run = sheetplot(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn y2_puts_columns_on_a_right_axis_as_lines_or_bars() {
    let out = temp("y2.svg");
    let svg = written(
        &[
            "data/website.xlsx",
            "--y",
            "visitors",
            "--y2",
            "signups",
            "--y2-bars",
            "-o",
            &out,
        ],
        &out,
    );
    for text in ["visitors", "signups (right)", "1,400", "24,000"] {
        assert!(svg.contains(text), "{text}");
    }
    // Bars: filled rectangles in the second colour (orange), one per month.
    let bars = svg.matches("fill=\"#E69F00\"").count();
    assert!(bars >= 24, "{bars} bars");
    // A right axis is for line charts; --y2-bars needs --y2.
    let run = sheetplot(&["data/website.xlsx", "--kind", "bar", "--y2", "signups"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr)
        .contains("--y2 draws a right-hand axis on a line chart"));
    let run = sheetplot(&["data/website.xlsx", "--y2-bars"]);
    assert_eq!(run.status.code(), Some(2));
    let run = sheetplot(&["data/website.xlsx", "--y2", "nope"]);
    assert_ne!(run.status.code(), Some(0));
}

/// Where the `<text>` saying exactly `text` is: its x and y.
fn text_at(svg: &str, text: &str) -> Option<(f64, f64)> {
    svg.split("<text ").skip(1).find_map(|part| {
        let (tag, rest) = part.split_once('>')?;
        let said = rest.split("</text>").next()?.trim();
        let attr = |name: &str| -> Option<f64> {
            let key = format!("{name}=\"");
            let at = tag.find(&key)? + key.len();
            tag[at..].split('"').next()?.parse().ok()
        };
        (said == text).then(|| Some((attr("x")?, attr("y")?)))?
    })
}

#[test]
fn the_look_flags_change_the_chart_drawn() {
    let weather = |flags: &[&str], name: &str| {
        let out = temp(name);
        let mut args = vec!["data/weather.xlsx", "--size", "960x540", "-o", &out];
        args.extend_from_slice(flags);
        written(&args, &out)
    };
    // Colours: the palette's, and a series' own as its line and swatch.
    let svg = weather(
        &["--palette", "tableau", "--color", "2=#ff0080"],
        "colors.svg",
    );
    assert_eq!(
        svg.matches("stroke=\"#4E79A7\"").count(),
        2,
        "Tableau's first"
    );
    assert_eq!(
        svg.matches("stroke=\"#FF0080\"").count(),
        2,
        "the second's own"
    );
    assert!(!svg.contains("#0072B2"), "no Okabe–Ito");
    // Dark: the background painted, the text light.
    let svg = weather(&["--theme", "dark"], "dark.svg");
    let background = svg.split("<rect ").nth(1).unwrap();
    assert!(
        background.contains("width=\"960\"") && background.contains("fill=\"#111827\""),
        "{background}"
    );
    assert!(svg.contains("fill=\"#F3F4F6\""), "light text");
    // The legend above (by default), beside and below the plot.
    let (x, y) = text_at(&weather(&[], "top.svg"), "Lisbon (°C)").unwrap();
    assert!(y < 60.0 && x < 480.0, "{x},{y}");
    let (x, _) = text_at(&weather(&["--legend", "right"], "right.svg"), "Lisbon (°C)").unwrap();
    assert!(x > 700.0, "beside: {x}");
    let (_, y) = text_at(
        &weather(&["--legend", "bottom"], "bottom.svg"),
        "Lisbon (°C)",
    )
    .unwrap();
    assert!(y > 480.0, "below: {y}");
    assert!(text_at(&weather(&["--legend", "none"], "none.svg"), "Lisbon (°C)").is_none());
    // Fixed ends: 25 at the top, nothing above, ticks only inside.
    let svg = weather(&["--y-min", "0", "--y-max", "25", "--no-grid"], "ends.svg");
    let (_, top) = text_at(&svg, "25").expect("a tick at the fixed top");
    let (_, zero) = text_at(&svg, "0").expect("a tick at the fixed bottom");
    assert!(top < zero);
    assert!(text_at(&svg, "30").is_none() && text_at(&svg, "-10").is_none());
    assert!(!svg.contains("stroke=\"#E5E7EB\""), "no grid lines");
    // Titles, dashes and bigger text.
    let svg = weather(
        &[
            "--x-title",
            "Day",
            "--y-title",
            "°C",
            "--dash",
            "1=dashed",
            "--font-scale",
            "2",
        ],
        "titles.svg",
    );
    assert!(text_at(&svg, "Day").is_some() && text_at(&svg, "°C").is_some());
    assert!(text_at(&svg, "date").is_none());
    assert!(svg.matches("stroke=\"#0072B2\"").count() > 40, "dashes");
    assert!(svg.contains("font-size=\"29.0"), "the title at twice 18 px");
}

#[test]
fn bars_pies_and_combos_take_their_look_flags() {
    let out = temp("doughnut.svg");
    let svg = written(
        &[
            "data/regions.xlsx",
            "--kind",
            "pie",
            "--doughnut",
            "-o",
            &out,
        ],
        &out,
    );
    assert!(text_at(&svg, "18,725").is_some(), "the total in the hole");
    let out = temp("lying.svg");
    let svg = written(&["data/regions.xlsx", "--horizontal", "-o", &out], &out);
    let standing = written(&["data/regions.xlsx", "--vertical", "-o", &out], &out);
    // Lying, the region names sit left of the plot, right-aligned.
    let anchor = |svg: &str| {
        let at = svg.find(">\nNordics\n").unwrap();
        svg[..at]
            .rsplit("<text ")
            .next()
            .unwrap()
            .contains("text-anchor=\"end\"")
    };
    assert!(anchor(&svg) && !anchor(&standing));
    let out = temp("combo.svg");
    let svg = written(
        &[
            "data/website.xlsx",
            "--y",
            "signups",
            "--y2",
            "visitors",
            "--y-bars",
            "--y2-title",
            "Visitors a month",
            "-o",
            &out,
        ],
        &out,
    );
    let bars = svg.matches("fill=\"#0072B2\"").count();
    assert!(bars >= 24, "{bars} bars of signups");
    assert!(text_at(&svg, "Visitors a month").is_some());
}

#[test]
fn look_flags_given_wrong_values_are_refused_in_one_line() {
    for args in [
        &["--palette", "rainbow"][..],
        &["--color", "0=#ff0000"],
        &["--color", "1=red"],
        &["--color", "#ff0000"],
        &["--line-width", "wide"],
        &["--line-width", "0"],
        &["--dash", "1=wavy"],
        &["--legend", "left"],
        &["--font-scale", "9"],
        &["--y-min", "low"],
        &["--y-min", "5", "--y-max", "1"],
        &["--theme", "sepia"],
        &["--doughnut"],
        &["--horizontal"],
        &["--y-bars", "--kind", "bar"],
        &["--y2-title", "right"],
    ] {
        let mut all = vec!["data/weather.xlsx"];
        all.extend_from_slice(args);
        let run = sheetplot(&all);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("sheetplot: --"), "{err}");
    }
}

#[test]
fn saved_charts_are_listed_by_number() {
    let run = sheetplot(&["data/charts.xlsx", "--list-charts"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "1. Chart: Revenue and margin 2024, on Summary\n\
         2. Chart: Units by product, on Summary\n\
         3. Chart: Height vs weight, on Summary\n"
    );
    // No charts is no mistake; a chart left out says why.
    let run = sheetplot(&["data/weather.xlsx", "--list-charts"]);
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stdout).contains("no saved charts"));
    let run = sheetplot(&["tests/fixtures/charts/bomb-size.xlsx", "--list-charts"]);
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stdout).contains("was left out"));
}

#[test]
fn a_saved_chart_is_drawn_as_the_workbook_saved_it() {
    // Columns and a line on a right axis, in the colours and titles saved.
    let out = temp("saved-combo.svg");
    let svg = written(&["data/charts.xlsx", "--chart", "1", "-o", &out], &out);
    assert!(
        text_at(&svg, "Revenue and margin 2024").is_some(),
        "the title"
    );
    let columns = svg.matches("fill=\"#1F77B4\"").count();
    assert!(columns >= 12, "{columns} columns in the saved blue");
    assert!(
        svg.contains("stroke=\"#D62728\""),
        "the line in the saved red"
    );
    for title in ["Month", "Revenue (k€)", "Margin (%)"] {
        assert!(text_at(&svg, title).is_some(), "the axis title {title}");
    }
    // The look flags go on top of the saved look.
    let out = temp("saved-combo-dark.svg");
    let svg = written(
        &[
            "data/charts.xlsx",
            "--chart",
            "1",
            "--theme",
            "dark",
            "--color",
            "1=#00ff00",
            "--y2-title",
            "Margin",
            "-o",
            &out,
        ],
        &out,
    );
    assert!(svg.contains("fill=\"#111827\""), "the dark background");
    assert!(svg.contains("fill=\"#00FF00\"") && !svg.contains("#1F77B4"));
    assert!(svg.contains("stroke=\"#D62728\""), "the line keeps its red");
    assert!(text_at(&svg, "Margin").is_some() && text_at(&svg, "Month").is_some());
    // A scatter: the saved green points, no line through them.
    let out = temp("saved-scatter.svg");
    let svg = written(&["data/charts.xlsx", "--chart", "3", "-o", &out], &out);
    assert!(text_at(&svg, "Height vs weight").is_some());
    let points = svg.matches("<circle").count();
    assert!(points >= 20, "{points} points");
    assert!(svg.contains("fill=\"#2CA02C\"") && !svg.contains("stroke=\"#2CA02C\""));
    for title in ["Height (cm)", "Weight (kg)"] {
        assert!(text_at(&svg, title).is_some(), "{title}");
    }
}

#[test]
fn a_saved_chart_whose_data_is_gone_draws_its_cache_and_says_so() {
    let out = temp("saved-cache.svg");
    let run = sheetplot(&[
        "tests/fixtures/charts/missing-data-sheet.xlsx",
        "--chart",
        "1",
        "-o",
        &out,
    ]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("Drawn from the values saved in the chart"),
        "{err}"
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(text_at(&svg, "Revenue 1").is_some() && text_at(&svg, "Jan").is_some());
}

#[test]
fn a_saved_chart_asked_for_wrongly_is_refused() {
    // No such chart: exit 1, saying how many there are.
    for number in ["9", "0"] {
        let run = sheetplot(&["data/charts.xlsx", "--chart", number]);
        assert_eq!(run.status.code(), Some(1), "--chart {number}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains("3 charts"), "{err}");
    }
    let run = sheetplot(&["data/weather.xlsx", "--chart", "1"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("saved no charts"));
    // The saved chart picks its own sheet, columns and kind.
    for args in [
        &["--kind", "bar"][..],
        &["--sheet", "Summary"],
        &["--x", "Month"],
        &["--y", "Units"],
        &["--list-charts"],
    ] {
        let mut all = vec!["data/charts.xlsx", "--chart", "1"];
        all.extend_from_slice(args);
        let run = sheetplot(&all);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("sheetplot: --chart "), "{err}");
    }
    let run = sheetplot(&["data/charts.xlsx", "--chart", "first"]);
    assert_eq!(run.status.code(), Some(2));
}
