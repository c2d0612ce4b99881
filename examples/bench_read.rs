//! Native reading speed, for scripts/bench: the plain calamine read of a
//! workbook's sheets (the floor) and sheetplot's whole read (calamine
//! plus typing into columns), best of N runs, as one JSON line. For a CSV,
//! which calamine does not read, only sheetplot's (`calamine_ms` is null),
//! and its read in two parts on two threads as the page's two workers read
//! it (`split_ms`; for a workbook of several sheets, its sheets read apart;
//! for one big .xlsx sheet, its rows read apart; null for a file too small
//! to cut).
//!
//!     cargo run --release --example bench_read -- FILE [RUNS]

use std::io::Cursor;
use std::time::Instant;

use calamine::{open_workbook_auto_from_rs, Reader};
use sheetplot::read::split::{
    cut_in, read_first_part, read_later_part, FirstRead, CUT_WINDOW, SPLIT_MIN_BYTES,
};
use sheetplot::read::HEAD_BYTES;

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
            cells = 0;
            for name in workbook.sheet_names() {
                let range = workbook.worksheet_range(&name).expect("a sheet");
                cells += range.get_size().0 * range.get_size().1;
            }
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
    let split_ms = is_text
        .then(|| {
            let cut = cut(&bytes)?;
            Some(best_ms(runs, || {
                assert_eq!(two_threads(&bytes, cut).rows, rows, "the same rows");
            }))
        })
        .flatten()
        .or_else(|| {
            // A workbook of several sheets, read apart as the page's two
            // workers read it: the first half of its sheets and the rest.
            let count = sheetplot::read::worksheet_count(&bytes).filter(|&c| c >= 2)?;
            let from = count.div_ceil(2);
            Some(best_ms(runs, || {
                let sheets = std::thread::scope(|scope| {
                    let later = scope.spawn(|| {
                        sheetplot::read::read_workbook_sheets(&bytes, from..usize::MAX, &|_| {})
                    });
                    let mut first =
                        sheetplot::read::read_workbook_sheets(&bytes, 0..from, &|_| {}).unwrap();
                    first.extend(later.join().expect("the later sheets").unwrap());
                    first
                });
                assert_eq!(sheets[0].rows, rows, "the same rows");
            }))
        })
        .or_else(|| {
            // A workbook of one big sheet, its rows read apart at the cut.
            let cut = sheetplot::read::rows_apart::rows_cut(&bytes)?;
            Some(best_ms(runs, || {
                assert_eq!(rows_apart(&bytes, cut)[0].rows, rows, "the same rows");
            }))
        });
    let null_or = |ms: Option<f64>| ms.map_or("null".to_owned(), |ms| format!("{ms:.1}"));
    println!(
        "{{\"file\": {path:?}, \"bytes\": {}, \"cells\": {cells}, \"rows\": {rows}, \"calamine_ms\": {}, \"sheetplot_ms\": {sheetplot_ms:.1}, \"split_ms\": {}}}",
        bytes.len(),
        null_or(calamine_ms),
        null_or(split_ms),
    );
}

/// The sheets of the one-sheet workbook `bytes` read in two parts at row
/// `cut`, on two threads.
fn rows_apart(bytes: &[u8], cut: u32) -> Vec<sheetplot::Sheet> {
    use sheetplot::read::rows_apart::{read_rows_before, read_rows_from, Before};
    std::thread::scope(|scope| {
        let later = scope.spawn(|| read_rows_from(bytes, cut));
        let before = read_rows_before(bytes, cut, &|_| {}).expect("read");
        let later = later.join().expect("the later part").expect("read");
        match before {
            Before::Whole(sheets) => sheets,
            Before::Part(before) => {
                let read = (later.first_cell, later.part.last_row, later.records.width);
                match before.join_columns(read, later.part.columns.into_iter()) {
                    Ok(Ok(sheets)) => sheets,
                    _ => panic!("the parts did not join"),
                }
            }
        }
    })
}

/// Where the page's reader would cut `bytes` in two.
fn cut(bytes: &[u8]) -> Option<u64> {
    let head = sheetplot::read::delimited_head(&bytes[..bytes.len().min(HEAD_BYTES)], false)?;
    let middle = bytes.len() / 2;
    let window = &bytes[middle..bytes.len().min(middle + CUT_WINDOW)];
    (bytes.len() as u64 >= SPLIT_MIN_BYTES)
        .then(|| cut_in(&head, window, middle as u64))
        .flatten()
}

/// The sheet of `bytes` read in two parts at `cut`, on two threads.
fn two_threads(bytes: &[u8], cut: u64) -> sheetplot::Sheet {
    let head = sheetplot::read::delimited_head(&bytes[..bytes.len().min(HEAD_BYTES)], false)
        .expect("delimited text");
    let total = bytes.len() as u64;
    std::thread::scope(|scope| {
        let later = scope.spawn(|| read_later_part(&bytes[cut as usize..], &head, total, cut));
        let first = read_first_part(bytes, &head, total, cut, &|_| {}, Default::default());
        let later = later.join().expect("the later part").expect("read");
        match first.expect("read") {
            FirstRead::Part(first) if first.can_join() => first.join(later).expect("joined"),
            FirstRead::Part(first) => first.read_rest(&bytes[cut as usize..], &|_| {}).unwrap(),
            FirstRead::Whole(sheet) => sheet,
        }
    })
}
