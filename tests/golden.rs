//! Golden tests: each chart kind rendered to SVG from a sample workbook and
//! compared with the reference committed in tests/golden/. To change a
//! reference on purpose, run `UPDATE_GOLDEN=1 cargo test --test golden`
//! and look at the new SVGs before committing them.

use plotters::prelude::*;
use sheetplot::chart::{ChartKind, ChartSpec, XSource};
use sheetplot::read_workbook;
use sheetplot::render::render;

fn spec_for(
    file: &str,
    sheet: usize,
    build: impl FnOnce(&sheetplot::Sheet) -> ChartSpec,
) -> (sheetplot::Sheet, ChartSpec) {
    let path = format!("{}/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let workbook = read_workbook(&std::fs::read(path).unwrap()).unwrap();
    let sheet = workbook.sheets[sheet].clone();
    let spec = build(&sheet);
    (sheet, spec)
}

fn column(sheet: &sheetplot::Sheet, name: &str) -> usize {
    sheet.columns.iter().position(|c| c.name == name).unwrap()
}

fn check(name: &str, sheet: &sheetplot::Sheet, spec: &ChartSpec) {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (800, 450)).into_drawing_area();
        render(&root, sheet, spec, 1.0).unwrap();
    }
    let path = format!("{}/tests/golden/{name}.svg", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &svg).unwrap();
        return;
    }
    let reference = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{path} is missing: run UPDATE_GOLDEN=1"));
    assert!(
        svg == reference,
        "{name}: the SVG differs from {path}; if on purpose, UPDATE_GOLDEN=1 and look at it"
    );
}

#[test]
fn line() {
    let (sheet, spec) = spec_for("weather.xlsx", 0, |s| {
        ChartSpec::suggest(s, "Daily temperatures".into()).unwrap()
    });
    assert_eq!(spec.kind, ChartKind::Line);
    check("line", &sheet, &spec);
}

#[test]
fn scatter() {
    let (sheet, spec) = spec_for("weather.xlsx", 0, |s| {
        ChartSpec::new(
            "Oslo against Lisbon".into(),
            ChartKind::Scatter,
            XSource::Column(column(s, "Oslo (°C)")),
            vec![column(s, "Lisbon (°C)")],
        )
    });
    check("scatter", &sheet, &spec);
}

#[test]
fn bar() {
    let (sheet, spec) = spec_for("regions.xlsx", 0, |s| {
        ChartSpec::suggest(s, "Sales by region".into()).unwrap()
    });
    assert_eq!(spec.kind, ChartKind::Bar);
    check("bar", &sheet, &spec);
}

#[test]
fn area() {
    let (sheet, spec) = spec_for("website.xlsx", 0, |s| {
        let mut spec = ChartSpec::suggest(s, "Visitors and signups".into()).unwrap();
        spec.kind = ChartKind::Area;
        spec.y = vec![column(s, "visitors"), column(s, "signups")];
        spec
    });
    check("area", &sheet, &spec);
}

#[test]
fn histogram() {
    let (sheet, spec) = spec_for("weather.xlsx", 0, |s| {
        ChartSpec::new(
            "Oslo, daily".into(),
            ChartKind::Histogram,
            XSource::RowNumber,
            vec![column(s, "Oslo (°C)")],
        )
    });
    check("histogram", &sheet, &spec);
}

#[test]
fn pie() {
    let (sheet, spec) = spec_for("regions.xlsx", 0, |s| {
        ChartSpec::new(
            "Revenue by region".into(),
            ChartKind::Pie,
            XSource::Category(0),
            vec![column(s, "Revenue (k€)")],
        )
    });
    check("pie", &sheet, &spec);
}

#[test]
fn log_scale() {
    let (sheet, spec) = spec_for("website.xlsx", 0, |s| {
        let mut spec = ChartSpec::suggest(s, "Visitors and signups, log scale".into()).unwrap();
        spec.y = vec![column(s, "visitors"), column(s, "signups")];
        spec.log_y = true;
        spec
    });
    check("log-line", &sheet, &spec);
}

#[test]
fn box_plot() {
    let (sheet, spec) = spec_for("weather.xlsx", 0, |s| {
        let y = vec![
            column(s, "Oslo (°C)"),
            column(s, "Lisbon (°C)"),
            column(s, "Nairobi (°C)"),
        ];
        ChartSpec::new(
            "Daily temperatures, spread".into(),
            ChartKind::Box,
            XSource::RowNumber,
            y,
        )
    });
    check("box", &sheet, &spec);
}
