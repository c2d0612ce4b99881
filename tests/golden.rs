//! Golden tests: each chart kind rendered to SVG from a sample workbook and
//! compared with the reference committed in tests/golden/. To change a
//! reference on purpose, run `UPDATE_GOLDEN=1 cargo test --test golden`
//! and look at the new SVGs before committing them.

use plotters::prelude::*;
use sheetplot::chart::{prepare, ChartKind, ChartSpec, Prepared, XSource};
use sheetplot::read_workbook;
use sheetplot::render::{render, render_prepared};

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

/// `spec` drawn to SVG, from `prepared` when given, else by [`render`],
/// and the x range drawn.
fn svg_of(
    sheet: &sheetplot::Sheet,
    spec: &ChartSpec,
    prepared: Option<&Prepared>,
) -> (String, (f64, f64)) {
    let mut svg = String::new();
    let stats = {
        let root = SVGBackend::with_string(&mut svg, (800, 450)).into_drawing_area();
        match prepared {
            Some(p) => render_prepared(&root, sheet, spec, p, 1.0).unwrap(),
            None => render(&root, sheet, spec, 1.0).unwrap(),
        }
    };
    (svg, stats.plot.map_or((0.0, 1.0), |p| p.x_range))
}

/// A chart drawn from a prepared one is the chart drawn from scratch:
/// as prepared, retitled and zoomed (the same preparation), and from a
/// preparation for another spec (which is not used).
fn check_prepared(sheet: &sheetplot::Sheet, spec: &ChartSpec, svg: &str, x_range: (f64, f64)) {
    let prepared = prepare(sheet, spec).unwrap();
    assert!(svg_of(sheet, spec, Some(&prepared)).0 == svg, "as prepared");
    let (lo, hi) = x_range;
    let mut zoomed = spec.clone();
    zoomed.title = "Retitled".into();
    zoomed.x_view = Some((lo + (hi - lo) / 4.0, hi - (hi - lo) / 3.0));
    assert!(prepared.fits(&zoomed));
    let from_scratch = svg_of(sheet, &zoomed, None).0;
    assert!(from_scratch != svg, "the zoom and title show");
    let from_prepared = svg_of(sheet, &zoomed, Some(&prepared)).0;
    assert!(from_prepared == from_scratch, "zoomed");
    let mut other = spec.clone();
    other.kind = if spec.kind == ChartKind::Box {
        ChartKind::Histogram
    } else {
        ChartKind::Box
    };
    let stale = prepare(sheet, &other).unwrap();
    assert!(!stale.fits(spec));
    let from_stale = svg_of(sheet, spec, Some(&stale)).0;
    assert!(from_stale == svg, "a stale preparation is not used");
}

fn check(name: &str, sheet: &sheetplot::Sheet, spec: &ChartSpec) {
    let (svg, x_range) = svg_of(sheet, spec, None);
    check_prepared(sheet, spec, &svg, x_range);
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
