//! Inputs the fuzzer (fuzz/, see the README) or a review found to crash or
//! exhaust memory, kept so they stay fixed. Each must be refused, quickly,
//! with a message for the page.

use sheetplot::{read_workbook, ReadError};

fn read_fixture(name: &str) -> Result<sheetplot::Workbook, ReadError> {
    let path = format!("{}/tests/fixtures/fuzz/{name}", env!("CARGO_MANIFEST_DIR"));
    read_workbook(&std::fs::read(path).unwrap())
}

#[test]
fn a_compound_file_whose_sector_chain_loops_is_refused_before_it_allocates() {
    // calamine 0.38 followed this chain until it asked for 4 GB.
    match read_fixture("cfb-sector-cycle.xls") {
        Err(ReadError::Corrupt(why)) => assert!(why.contains("loops back on itself"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_compound_file_pointing_past_its_end_is_refused_instead_of_panicking() {
    // calamine 0.38 sliced past its buffer here (cfb.rs:320) and panicked.
    match read_fixture("cfb-sector-past-end.xls") {
        Err(ReadError::Corrupt(why)) => assert!(why.contains("past the end"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_xls_declaring_billions_of_cells_is_refused_before_calamine_reserves_them() {
    for name in [
        "xls-cell-bomb-1.xls",
        "xls-cell-bomb-2.xls",
        "xls-cell-bomb-small-stream.xls",
    ] {
        match read_fixture(name) {
            Err(ReadError::Bomb(why)) => assert!(why.contains("cells"), "{why}"),
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    }
}

/// calamine-panic-*.xls: malformed BIFF records on which calamine 0.38
/// panics (index out of bounds, subtraction overflow, slice ranges). They
/// must come back as refusals, never as a crash.
#[test]
fn every_fuzz_finding_is_refused_with_a_message() {
    let dir = format!("{}/tests/fixtures/fuzz", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        match read_workbook(&bytes) {
            Err(e) => assert!(e.to_string().len() > 20, "{}: {e}", path.display()),
            Ok(_) => panic!("{} was read, but it is damaged", path.display()),
        }
        seen += 1;
    }
    assert!(seen >= 3, "the fuzz findings are missing");
}

/// Fuzz findings where the suggested chart could not be drawn: labels only
/// on rows whose numbers were gaps (unlabelled-*), and a y span so wide that
/// 1-2-5 steps asked for 55 million ticks (huge-y-span). What is suggested
/// must draw.
#[test]
fn every_suggested_chart_draws() {
    use plotters::prelude::*;
    use sheetplot::chart::{default_title, ChartSpec};
    let dir = format!("{}/tests/fixtures/suggest", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let workbook = read_workbook(&std::fs::read(&path).unwrap()).unwrap();
        for sheet in &workbook.sheets {
            let Ok(spec) = ChartSpec::suggest(sheet, default_title("f.xlsx", sheet, 1)) else {
                continue;
            };
            // Tick counts follow the size: draw at a few.
            for size in [(320, 200), (400, 300), (800, 450)] {
                let mut svg = String::new();
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                let drawn = sheetplot::render::render(&root, sheet, &spec, 1.0);
                assert!(drawn.is_ok(), "{}: {drawn:?}", path.display());
            }
        }
    }
}

#[test]
fn a_cell_beyond_the_last_column_is_refused_before_the_typing_allocates_for_it() {
    // One row, a cell at column ZZZZZ (12,356,630): within the cell limit,
    // but the typing would have made a builder per column (3.6 GB).
    let path = format!(
        "{}/tests/fixtures/limits/column-beyond-xfd.xlsx",
        env!("CARGO_MANIFEST_DIR")
    );
    match read_workbook(&std::fs::read(path).unwrap()) {
        Err(ReadError::TooLarge(why)) => assert!(why.contains("16384 columns"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
