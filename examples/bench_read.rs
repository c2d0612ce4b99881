//! Native reading speed, for scripts/bench: the plain calamine read of a
//! workbook's first sheet (the floor) and sheetplot's whole read (calamine
//! plus typing into columns), best of N runs, as one JSON line. For a CSV,
//! which calamine does not read, only sheetplot's (`calamine_ms` is null).
//!
//!     cargo run --release --example bench_read -- FILE [RUNS]

use std::io::Cursor;
use std::time::Instant;

use calamine::{open_workbook_auto_from_rs, Reader};

fn best_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: bench_read FILE [RUNS]");
    let runs: usize = args
        .next()
        .map_or(3, |r| r.parse().expect("RUNS is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let mut cells = 0;
    let is_text = sheetplot::read::delimited_head(&bytes, true).is_some();
    let calamine_ms = (!is_text).then(|| {
        best_ms(runs, || {
            let mut workbook =
                open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())).expect("a workbook");
            let first = workbook.sheet_names()[0].clone();
            let range = workbook.worksheet_range(&first).expect("a sheet");
            cells = range.get_size().0 * range.get_size().1;
        })
    });
    let mut rows = 0;
    let sheetplot_ms = best_ms(runs, || {
        let workbook = sheetplot::read_workbook(&bytes).expect("a workbook");
        rows = workbook.sheets[0].rows;
        if is_text {
            cells = rows * workbook.sheets[0].columns.len();
        }
    });
    let calamine_ms = calamine_ms.map_or("null".to_owned(), |ms| format!("{ms:.1}"));
    println!(
        "{{\"file\": {path:?}, \"bytes\": {}, \"cells\": {cells}, \"rows\": {rows}, \"calamine_ms\": {calamine_ms}, \"sheetplot_ms\": {sheetplot_ms:.1}}}",
        bytes.len()
    );
}
