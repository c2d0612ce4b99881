//! Native drawing speed, for scripts/bench: a line chart of every number
//! column of FILE's first sheet against its first column, drawn as the
//! page's zoom and pan steps draw it (the whole view, then eight zooms in
//! by a fifth around the middle, then eight pans by a tenth), into an SVG
//! string the size of the page's canvas. Prints the time to prepare the
//! chart and to put it in words (the first frame's work beside drawing),
//! the first frame, and the median and slowest of the others, as JSON.
//!
//!     cargo run --profile native --example bench_render -- FILE

use std::time::Instant;

use plotters::prelude::*;
use sheetplot::chart::describe::describe;
use sheetplot::chart::{prepare, ChartKind, ChartSpec, XSource};
use sheetplot::render::render_prepared;

const SIZE: (u32, u32) = (910, 544);

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: bench_render FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let workbook = sheetplot::read_workbook(&bytes).expect("a workbook");
    drop(bytes);
    let sheet = &workbook.sheets[0];
    let y: Vec<usize> = (1..sheet.columns.len())
        .filter(|&c| sheet.columns[c].values.as_floats().is_some())
        .collect();
    let mut spec = ChartSpec::new("bench".into(), ChartKind::Line, XSource::Column(0), y);
    let started = Instant::now();
    let prepared = prepare(sheet, &spec).expect("a chart");
    let prepare_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let summary = describe(sheet, &spec, &prepared);
    let describe_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(!summary.is_empty());
    let x = sheet.columns[0].values.as_floats().expect("a number x");
    let (lo, hi) = (x[0], x[sheet.rows - 1]);

    let frame = |spec: &ChartSpec| {
        let mut svg = String::with_capacity(1 << 20);
        let started = Instant::now();
        let stats = {
            let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
            render_prepared(&root, sheet, spec, &prepared, 1.0).expect("drawn")
        };
        (started.elapsed().as_secs_f64() * 1000.0, stats.points_drawn)
    };
    let (full_ms, full_points) = frame(&spec);
    let (mut view_lo, mut view_hi) = (lo, hi);
    let mut zoom = Vec::new();
    for _ in 0..8 {
        let (middle, half) = ((view_lo + view_hi) / 2.0, (view_hi - view_lo) * 0.4);
        (view_lo, view_hi) = (middle - half, middle + half);
        spec.x_view = Some((view_lo, view_hi));
        zoom.push(frame(&spec).0);
    }
    let mut pan = Vec::new();
    for _ in 0..8 {
        let step = (view_hi - view_lo) / 10.0;
        (view_lo, view_hi) = (view_lo + step, view_hi + step);
        spec.x_view = Some((view_lo, view_hi));
        pan.push(frame(&spec).0);
    }
    println!(
        "{{\"file\": {path:?}, \"rows\": {}, \"series\": {}, \"prepare_ms\": {prepare_ms:.1}, \"describe_ms\": {describe_ms:.1}, \"full_ms\": {full_ms:.1}, \"full_points\": {full_points}, \"zoom_ms\": {:.1}, \"zoom_max_ms\": {:.1}, \"pan_ms\": {:.1}, \"pan_max_ms\": {:.1}}}",
        sheet.rows,
        spec.y.len(),
        median(zoom.clone()),
        zoom.iter().copied().fold(0.0, f64::max),
        median(pan.clone()),
        pan.iter().copied().fold(0.0, f64::max),
    );
}
