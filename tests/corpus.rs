//! Real workbooks written by other projects (../shared/corpus), checked
//! against what another reader (python-calamine) makes of them.
//!
//! For every file: where that reader refused, sheetplot refuses too, with a
//! typed error and a sentence for the page. Otherwise the sheet names match,
//! the first sheet's size matches, every cell matches (numbers exactly,
//! dates as the same instant, text exactly), and the typed columns built
//! from those cells keep every value they claim.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::Data;
use serde_json::Value;
use sheetplot::read::read_sheets;
use sheetplot::typing::{cell_seconds, parse_iso_datetime, parse_iso_duration, type_sheet};
use sheetplot::{read_workbook, ReadError, Values};

/// Deliberate differences from the other reader: (file, reason). Keep short.
const ALLOWED_DIFFERENCES: &[(&str, &str)] = &[(
    "calamine/biff5-rich-text-string.xls",
    "calamine 0.38 decodes this BIFF5 string's Windows-1252 bytes (•, ’, ■) that \
     python-calamine 0.9.1 shows as '?' or drops; sheetplot's text is the faithful one",
)];

/// Every file the other reader refuses, and the refusal sheetplot gives it.
const REFUSALS: &[(&str, &str)] = &[
    ("calamine/OOM_alloc3.xls", "Corrupt"),
    ("calamine/issue252.xlsx", "Bomb"),
    ("calamine/issue_385.xls", "PasswordProtected"),
    ("calamine/issue_594_dos.ods", "Bomb"),
    ("calamine/pass_protected.ods", "PasswordProtected"),
    ("calamine/pass_protected.xlsb", "PasswordProtected"),
    ("calamine/pass_protected.xlsx", "PasswordProtected"),
    ("calamine/too_small.xls", "NotSpreadsheet"),
    ("xlrd/biff4_no_format_no_window2.xls", "Unsupported"),
];

/// How long a refusal may take in a debug build: each is refused in a few
/// milliseconds, so this leaves room for a loaded machine, while a reader
/// that loops or reserves gigabytes takes far longer.
const REFUSED_WITHIN: Duration = Duration::from_secs(2);

/// The corpus: `$SHEETPLOT_CORPUS`, else `shared/corpus` beside the checkout
/// or beside one of its parent folders (a CI checkout may sit deeper).
fn corpus_dir() -> PathBuf {
    let from_env = std::env::var_os("SHEETPLOT_CORPUS").map(PathBuf::from);
    let beside = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/corpus"))
        .chain([PathBuf::from("/work/shared/corpus")]);
    let dir = from_env
        .into_iter()
        .chain(beside)
        .find(|d| d.join("expected").is_dir());
    dir.expect("the corpus (shared/corpus beside the checkout) is missing: set SHEETPLOT_CORPUS to its folder")
}

fn expected_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.join("expected")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Whether `cell` holds what the other reader wrote as `expected`.
fn cell_matches(cell: &Data, expected: &Value) -> bool {
    match expected {
        // The other reader reads error cells and empty strings as empty;
        // sheetplot's typing makes all three gaps.
        Value::Null => {
            matches!(cell, Data::Empty | Data::Error(_)) || *cell == Data::String(String::new())
        }
        Value::Bool(b) => *cell == Data::Bool(*b),
        Value::Number(n) => {
            let n = n.as_f64().unwrap();
            match cell {
                Data::Int(i) => *i as f64 == n,
                Data::Float(f) => *f == n,
                _ => false,
            }
        }
        Value::String(text) => {
            if let Data::String(s) = cell {
                return s == text;
            }
            let Some(seconds) = cell_seconds(cell) else {
                return false;
            };
            let wanted = if text.starts_with("PT") {
                parse_iso_duration(text)
            } else if text.len() <= 15 && text.contains(':') && !text.contains('-') {
                // A time of day: compare within the day.
                return parse_iso_datetime(text)
                    .is_some_and(|t| (t - seconds.rem_euclid(86_400.0)).abs() < 1e-3);
            } else {
                parse_iso_datetime(text)
            };
            wanted.is_some_and(|w| (w - seconds).abs() < 1e-3)
        }
        _ => false,
    }
}

#[test]
fn every_corpus_workbook_reads_as_the_other_reader_reads_it() {
    let dir = corpus_dir();
    let files = expected_files(&dir);
    assert!(
        files.len() >= 140,
        "only {} expectations found",
        files.len()
    );
    let mut failures = Vec::new();
    let (mut refused, mut compared_cells) = (Vec::new(), 0usize);
    // Files read whose cells were compared, or not (and why).
    let (mut compared_files, mut differ_on_purpose, mut without_grid) = (0, 0, Vec::new());
    for path in &files {
        let expected: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let file = expected["file"].as_str().unwrap();
        let cells_differ_on_purpose = ALLOWED_DIFFERENCES.iter().any(|(f, _)| *f == file);
        let bytes = std::fs::read(dir.join("files").join(file)).unwrap();
        let mut fail = |what: String| failures.push(format!("{file}: {what}"));

        if let Some(error) = expected.get("error").and_then(Value::as_str) {
            refused.push(file.to_owned());
            let want = REFUSALS.iter().find(|(f, _)| *f == file).map(|(_, k)| *k);
            let started = Instant::now();
            let result = read_workbook(&bytes);
            let took = started.elapsed();
            match (result, want) {
                (Ok(_), _) => fail(format!("read, but the other reader refused: {error}")),
                (Err(e), None) => fail(format!("refused as {e:?}, but not in REFUSALS")),
                (Err(e), Some(want)) => {
                    if e.kind() != want {
                        fail(format!("refused as {e:?}, expected {want}"));
                    }
                    if error.starts_with("PasswordError") && e != ReadError::PasswordProtected {
                        fail(format!("refused as {e:?}, not as password-protected"));
                    }
                    assert!(e.to_string().ends_with('.'), "{file}: a sentence: {e}");
                }
            }
            if took >= REFUSED_WITHIN {
                fail(format!("refused in {took:?}"));
            }
            continue;
        }

        let sheets = match read_sheets(&bytes) {
            Ok(s) => s,
            Err(e) => {
                fail(format!("refused ({e}), but the other reader read it"));
                continue;
            }
        };
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        let want: Vec<&str> = expected["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        if names != want {
            fail(format!("sheets {names:?}, expected {want:?}"));
            continue;
        }
        // The other reader's grid starts at A1, not at the used range.
        let range = &sheets[0].1;
        let (rows, cols) = range
            .end()
            .map_or((0, 0), |(r, c)| (r as usize + 1, c as usize + 1));
        let (want_rows, want_cols) = (
            expected["first_sheet_rows"].as_u64().unwrap() as usize,
            expected["first_sheet_cols"].as_u64().unwrap() as usize,
        );
        if (rows, cols) != (want_rows, want_cols) {
            fail(format!(
                "first sheet is {rows}×{cols}, expected {want_rows}×{want_cols}"
            ));
            continue;
        }
        let grid = expected.get("first_sheet").and_then(Value::as_array);
        if grid.is_none() {
            without_grid.push(file.to_owned());
        } else if cells_differ_on_purpose {
            differ_on_purpose += 1;
        } else {
            compared_files += 1;
        }
        if let Some(grid) = grid.filter(|_| !cells_differ_on_purpose) {
            'rows: for (r, row) in grid.iter().enumerate() {
                for (c, want) in row.as_array().unwrap().iter().enumerate() {
                    let cell = range
                        .get_value((r as u32, c as u32))
                        .unwrap_or(&Data::Empty);
                    compared_cells += 1;
                    if !cell_matches(cell, want) {
                        fail(format!("cell ({r}, {c}) is {cell:?}, expected {want}"));
                        break 'rows;
                    }
                }
            }
        }
        // The typed workbook keeps every sheet and every value it claims,
        // and streaming cells into columns (xlsx, xlsb) types exactly as
        // typing the grid of cells does (Debug text, so NaN gaps compare).
        let workbook = read_workbook(&bytes).unwrap();
        let from_grid: Vec<_> = sheets
            .iter()
            .map(|(name, range)| type_sheet(name.clone(), range))
            .collect();
        if format!("{:?}", workbook.sheets) != format!("{from_grid:?}") {
            fail("streamed typing differs from grid typing".to_owned());
        }
        assert_eq!(workbook.sheets.len(), sheets.len(), "{file}");
        for sheet in &workbook.sheets {
            for column in &sheet.columns {
                assert_eq!(
                    column.values.len(),
                    sheet.rows,
                    "{file}: column {} has every row",
                    column.name
                );
                if let Values::Text { ids, labels } = &column.values {
                    assert!(
                        ids.iter()
                            .all(|&i| i == Values::NO_LABEL || (i as usize) < labels.len()),
                        "{file}"
                    );
                }
            }
        }
    }
    println!(
        "{} files: {} refused as expected, {compared_cells} cells of {compared_files} files compared",
        files.len(),
        refused.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} files differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    // Every file is accounted for, and nothing is skipped unseen: each
    // refusal is listed, each allowed difference is used, and every file
    // read has cells to compare.
    let mut listed: Vec<&str> = REFUSALS.iter().map(|(f, _)| *f).collect();
    listed.sort_unstable();
    refused.sort_unstable();
    assert_eq!(refused, listed, "the files the other reader refuses");
    assert_eq!(differ_on_purpose, ALLOWED_DIFFERENCES.len());
    assert_eq!(without_grid, Vec::<String>::new(), "read but not compared");
    assert_eq!(
        refused.len() + differ_on_purpose + compared_files,
        files.len()
    );
    assert!(compared_cells > 0);
}

/// Every .xlsx, .xlsm and .xlsb of the corpus read in two shares of its
/// sheets, cut at each sheet (as the page's reader and its helper read a
/// big workbook apart), is the workbook read whole: the same sheets,
/// columns and values, in order; and a refused workbook is refused by the
/// share that holds the bad sheet.
#[test]
fn corpus_workbooks_read_apart_by_sheets_are_read_whole() {
    let workbooks = corpus_files(&["xlsx", "xlsm", "xlsb"]);
    let (mut compared, mut several) = (0, 0);
    for path in &workbooks {
        let bytes = std::fs::read(path).unwrap();
        let Ok(whole) = read_workbook(&bytes) else {
            continue;
        };
        several += usize::from(whole.sheets.len() >= 2);
        for from in 0..=whole.sheets.len() {
            let mut first = sheetplot::read::read_workbook_sheets(&bytes, 0..from, &|_| {})
                .unwrap_or_else(|e| panic!("{}: sheets before {from}: {e}", path.display()));
            let later = sheetplot::read::read_workbook_sheets(&bytes, from..usize::MAX, &|_| {})
                .unwrap_or_else(|e| panic!("{}: sheets from {from}: {e}", path.display()));
            assert_eq!(
                first.len(),
                from,
                "{}: the sheets before {from}",
                path.display()
            );
            first.extend(later);
            assert_eq!(
                format!("{first:?}"),
                format!("{:?}", whole.sheets),
                "{} cut before sheet {from}",
                path.display()
            );
        }
        compared += 1;
    }
    assert!(compared >= 60, "{compared} workbooks compared");
    assert!(several >= 5, "{several} workbooks of several sheets");
}

/// The corpus files whose names end in one of `extensions`, in order.
fn corpus_files(extensions: &[&str]) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for source in std::fs::read_dir(corpus_dir().join("files")).unwrap() {
        for entry in std::fs::read_dir(source.unwrap().path()).unwrap() {
            let path = entry.unwrap().path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if extensions.contains(&ext.to_ascii_lowercase().as_str()) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The sheets of `bytes` read in two parts cut at sheet row `cut`, as the
/// page's reader and its helper read a one-sheet workbook apart, and how:
/// "whole" (no cell at the cut), "joined", or "rest" (the later part could
/// not follow and the first reader read on).
fn read_rows_apart(
    bytes: &[u8],
    cut: u32,
) -> (Result<Vec<sheetplot::Sheet>, String>, &'static str) {
    use sheetplot::read::rows_apart::{read_rows_before, read_rows_from, Before};
    let before = match read_rows_before(bytes, cut, &|_| {}) {
        Ok(Before::Whole(sheets)) => return (Ok(sheets), "whole"),
        Ok(Before::Part(before)) => before,
        Err(e) => return (Err(e.to_string()), "refused"),
    };
    let later = read_rows_from(bytes, cut);
    match later {
        Ok(later) if before.can_join() => {
            let read = (later.first_cell, later.part.last_row, later.records.width);
            match before.join_columns(read, later.part.columns.into_iter()) {
                Ok(Ok(sheets)) => (Ok(sheets), "joined"),
                Ok(Err(before)) => (before.read_rest(bytes).map_err(|e| e.to_string()), "rest"),
                Err(e) => (Err(e.to_string()), "refused"),
            }
        }
        _ => (before.read_rest(bytes).map_err(|e| e.to_string()), "rest"),
    }
}

/// Every corpus .xlsx/.xlsm of one worksheet, cut at each of its rows (and
/// past them) and read in two parts, is the workbook read whole; and so is
/// the first part read on alone (the fallback when the later part fails).
#[test]
fn corpus_workbooks_read_apart_by_rows_are_read_whole() {
    use sheetplot::read::rows_apart::{read_rows_before, Before};
    let workbooks = corpus_files(&["xlsx", "xlsm"]);
    let (mut compared, mut joined, mut rests) = (0, 0, 0);
    for path in &workbooks {
        let bytes = std::fs::read(path).unwrap();
        if sheetplot::read::worksheet_count(&bytes) != Some(1) {
            continue;
        }
        let Ok(whole) = read_workbook(&bytes) else {
            continue;
        };
        // Past the last row, and at every row of the first ones (where
        // the header is decided) and at 100 spread over the rest.
        let end = whole
            .sheets
            .iter()
            .map(|s| s.first_row + s.rows + 2)
            .max()
            .unwrap_or(2);
        let whole = format!("{:?}", whole.sheets);
        let step = (end / 100).max(1);
        let cuts = (0..end.min(40)).chain((40..=end).step_by(step));
        for cut in cuts.map(|c| c as u32) {
            let (read, how) = read_rows_apart(&bytes, cut);
            let read = read.unwrap_or_else(|e| panic!("{} cut at {cut}: {e}", path.display()));
            assert_eq!(
                format!("{read:?}"),
                whole,
                "{} cut at row {cut} ({how})",
                path.display()
            );
            joined += usize::from(how == "joined");
            rests += usize::from(how == "rest");
            if let Ok(Before::Part(before)) = read_rows_before(&bytes, cut, &|_| {}) {
                let rest = before.read_rest(&bytes).unwrap();
                assert_eq!(
                    format!("{rest:?}"),
                    whole,
                    "{} read on from {cut}",
                    path.display()
                );
            }
        }
        compared += 1;
    }
    assert!(compared >= 30, "{compared} workbooks compared");
    // Most corpus sheets are shorter than the rows the header is decided
    // from, so most cuts are read on alone; dozens are joined.
    assert!(joined >= 60, "{joined} cuts joined ({rests} read on alone)");
}
