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
