//! Inputs the fuzzer (fuzz/, see the README) or a review found to crash or
//! exhaust memory, kept so they stay fixed. Each must be refused, quickly,
//! with a message for the page.

use std::time::{Duration, Instant};

use sheetplot::{read_workbook, ReadError};

/// How long a refusal may take in a debug build: the slowest fixture is
/// refused in about 0.1 s, so this leaves room for a loaded machine, while
/// a reader that loops or reserves gigabytes takes far longer.
const REFUSED_WITHIN: Duration = Duration::from_secs(2);

fn read_fixture(name: &str) -> Result<sheetplot::Workbook, ReadError> {
    let path = format!("{}/tests/fixtures/fuzz/{name}", env!("CARGO_MANIFEST_DIR"));
    read_workbook(&std::fs::read(path).unwrap())
}

/// The detail a refusal carries, or its whole sentence when it has none.
fn detail(error: &ReadError) -> String {
    match error {
        ReadError::Unsupported(d)
        | ReadError::Truncated(d)
        | ReadError::Corrupt(d)
        | ReadError::Bomb(d)
        | ReadError::TooLarge(d) => d.clone(),
        other => other.to_string(),
    }
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

/// Every file of tests/fixtures/fuzz: the refusal it gets (variant, and
/// words of its detail). calamine-panic-*.xls are malformed BIFF records on
/// which calamine 0.38 panics (index out of bounds, subtraction overflow,
/// slice ranges). 6fbeb297 is caught as a bomb before calamine reads it,
/// and so is a6704f4e, whose DIMENSIONS end before they start: a debug
/// build's calamine panics on it, a release build's tries to reserve
/// 343 GB and aborts.
const FUZZ_FINDINGS: &[(&str, &str, &str)] = &[
    ("calamine-panic-1144eca2.xls", "Corrupt", "malformed record"),
    ("calamine-panic-313ca1ba.xls", "Corrupt", "malformed record"),
    ("calamine-panic-39ad66a9.xls", "Corrupt", "malformed record"),
    ("calamine-panic-421119a5.xls", "Corrupt", "malformed record"),
    ("calamine-panic-5b540bff.xls", "Corrupt", "malformed record"),
    ("calamine-panic-6fbeb297.xls", "Bomb", "cells"),
    ("calamine-panic-9eedb4a8.xls", "Corrupt", "malformed record"),
    ("calamine-panic-a6704f4e.xls", "Bomb", "cells"),
    ("calamine-panic-c06f0ac0.xls", "Corrupt", "malformed record"),
    ("calamine-panic-e766738e.xls", "Corrupt", "malformed record"),
    ("calamine-panic-ee37eb9e.xls", "Corrupt", "malformed record"),
    ("cfb-sector-cycle.xls", "Corrupt", "loops back on itself"),
    ("cfb-sector-past-end.xls", "Corrupt", "past the end"),
    ("xls-cell-bomb-1.xls", "Bomb", "cells"),
    ("xls-cell-bomb-2.xls", "Bomb", "cells"),
    ("xls-cell-bomb-small-stream.xls", "Bomb", "cells"),
];

#[test]
fn every_fuzz_finding_is_refused_as_what_it_is_and_quickly() {
    let dir = format!("{}/tests/fixtures/fuzz", env!("CARGO_MANIFEST_DIR"));
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = FUZZ_FINDINGS.iter().map(|(name, _, _)| *name).collect();
    assert_eq!(on_disk, listed, "every fixture has its expected refusal");
    for (name, want_kind, words) in FUZZ_FINDINGS {
        let started = Instant::now();
        let error = match read_fixture(name) {
            Err(e) => e,
            Ok(_) => panic!("{name} was read, but it is damaged"),
        };
        let took = started.elapsed();
        assert_eq!(error.kind(), *want_kind, "{name}: {error:?}");
        assert!(detail(&error).contains(words), "{name}: {error:?}");
        assert!(
            error.to_string().ends_with('.'),
            "{name}: a sentence: {error}"
        );
        assert!(took < REFUSED_WITHIN, "{name} took {took:?}");
    }
}

/// A download cut short: the first part of a real workbook.
#[test]
fn a_workbook_cut_short_is_truncated() {
    let path = format!("{}/data/weather.xlsx", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).unwrap();
    for share in [0.25, 0.5, 0.75, 0.99] {
        let cut = (bytes.len() as f64 * share) as usize;
        let started = Instant::now();
        let result = read_workbook(&bytes[..cut]);
        let took = started.elapsed();
        match result {
            Err(ReadError::Truncated(why)) => assert!(why.contains("EOCD"), "{why}"),
            other => panic!("cut at {cut} of {}: got {other:?}", bytes.len()),
        }
        assert!(took < REFUSED_WITHIN, "cut at {cut} took {took:?}");
    }
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
    let (mut drawn_sheets, mut nothing_to_suggest) = (0, Vec::new());
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let workbook = read_workbook(&std::fs::read(&path).unwrap()).unwrap();
        for sheet in &workbook.sheets {
            let Ok(spec) = ChartSpec::suggest(sheet, default_title("f.xlsx", sheet, 1)) else {
                nothing_to_suggest.push(format!("{}: {}", path.display(), sheet.name));
                continue;
            };
            drawn_sheets += 1;
            // Tick counts follow the size: draw at a few.
            for size in [(320, 200), (400, 300), (800, 450)] {
                let mut svg = String::new();
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                let drawn = sheetplot::render::render(&root, sheet, &spec, 1.0);
                assert!(drawn.is_ok(), "{}: {drawn:?}", path.display());
            }
        }
    }
    // Every sheet of these fixtures has a chart to suggest: a sheet skipped
    // for having none would hide the finding it was kept for.
    assert_eq!(nothing_to_suggest, Vec::<String>::new(), "skipped");
    assert_eq!(drawn_sheets, 21, "the three fixtures hold 21 sheets");
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
