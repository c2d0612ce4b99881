//! The command line renders the page's charts from the same core.

use std::process::Command;

fn sheetplot(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sheetplot"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn temp(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("sheetplot-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name).to_string_lossy().into_owned()
}

#[test]
fn chosen_columns_and_kind_render_to_svg() {
    let out = temp("chart.svg");
    let run = sheetplot(&[
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
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let svg = std::fs::read_to_string(&out).unwrap();
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
