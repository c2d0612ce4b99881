//! The charts workbooks saved, as sheetplot reads them.
//!
//! Each fixture in tests/fixtures/charts/ was written by a real writer
//! (xlsxwriter, openpyxl, LibreOffice) or made from one by
//! scripts/make-chart-fixtures, which also wrote beside it what it asked
//! the writer for, as the model sheetplot should read (NAME.expected.json).
//! Hostile charts (nested 100,000 deep, a billion points, ten billion
//! cells, a part of 9 MB) are left out quickly with a sentence, and the
//! workbook's sheets still open.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use sheetplot::model::saved_chart::{
    Cache, CellRange, Grouping, SavedAxis, SavedChart, SavedCharts, SavedKind, SavedPlot,
    SavedSeries, SeriesData, SeriesStyle,
};
use sheetplot::model::{Dash, LegendPosition, Rgb};
use sheetplot::read::saved_charts::read_saved_charts;
use sheetplot::read_workbook;

/// How long reading a workbook's charts may take in a debug build: each
/// fixture takes milliseconds, a reader that loops or allocates a billion
/// points far longer.
const WITHIN: Duration = Duration::from_secs(2);

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charts")
}

fn workbooks_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every number as an f64 (the script writes `0` where serde writes
/// `0.0`), so the two compare as values.
fn normalised(value: Value) -> Value {
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(normalised).collect()),
        Value::Object(fields) => {
            Value::Object(fields.into_iter().map(|(k, v)| (k, normalised(v))).collect())
        }
        other => other,
    }
}

/// Reads the charts of `bytes`, failing past [`WITHIN`].
fn timed_read(path: &Path, bytes: &[u8]) -> SavedCharts {
    let start = Instant::now();
    let saved = read_saved_charts(bytes);
    let took = start.elapsed();
    assert!(took < WITHIN, "{}: reading its charts took {took:?}", path.display());
    saved
}

#[test]
fn every_fixture_reads_as_its_writer_was_asked() {
    let files = workbooks_in(&fixtures_dir());
    let mut differ = Vec::new();
    for path in &files {
        let expected_path = path.with_extension("expected.json");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
        )
        .unwrap();
        let bytes = std::fs::read(path).unwrap();
        let saved = timed_read(path, &bytes);
        let read = normalised(serde_json::to_value(&saved).unwrap());
        if read != normalised(expected.clone()) {
            differ.push(format!(
                "{}:\n--- read\n{}\n--- expected\n{}",
                path.display(),
                serde_json::to_string_pretty(&read).unwrap(),
                serde_json::to_string_pretty(&expected).unwrap()
            ));
        }
        // However their charts are, their sheets open.
        read_workbook(&bytes).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    }
    assert!(differ.is_empty(), "{} of {} differ:\n{}", differ.len(), files.len(), differ.join("\n\n"));
    assert!(files.len() >= 10, "only {} fixtures", files.len());
}

#[test]
fn hostile_charts_are_left_out_quickly_and_the_sheets_still_open() {
    for (name, because) in [
        ("bomb-nesting", "its XML nests deeper than 64 levels"),
        ("bomb-ptcount", "a series caches 999,999,999 points"),
        ("bomb-size", "is larger than the 8 MB sheetplot reads"),
        ("huge-range", "17,179,869,184 cells, more than the 20,971,520 sheetplot reads"),
    ] {
        let path = fixtures_dir().join(format!("{name}.xlsx"));
        let bytes = std::fs::read(&path).unwrap();
        let saved = timed_read(&path, &bytes);
        assert!(
            saved.refused.iter().any(|r| r.contains(because)),
            "{name}: {:?}",
            saved.refused
        );
        let workbook = read_workbook(&bytes).unwrap();
        assert!(workbook.sheets.iter().any(|s| s.name == "Data"), "{name}");
    }
}

/// The JSON shape the fixture script writes is serde's shape of the model.
#[test]
fn the_expected_json_is_the_models_serde_shape() {
    let saved = SavedCharts {
        charts: vec![SavedChart {
            title: Some("T".into()),
            sheet: "S".into(),
            plots: vec![SavedPlot {
                kind: SavedKind::Line,
                grouping: Grouping::PercentStacked,
                horizontal: false,
                secondary: true,
                series: vec![SavedSeries {
                    name: None,
                    categories: Some(SeriesData {
                        formula: Some("S!$A$2".into()),
                        range: Some(CellRange {
                            sheet: Some("S".into()),
                            external: false,
                            first_row: 1,
                            first_column: 0,
                            last_row: 1,
                            last_column: 0,
                        }),
                        cache: Cache::Text(vec!["a".into()]),
                    }),
                    values: Some(SeriesData {
                        formula: None,
                        range: None,
                        cache: Cache::Numbers {
                            values: vec![1.5, f64::NAN],
                            format: None,
                        },
                    }),
                    style: SeriesStyle {
                        color: Some(Rgb(1, 2, 3)),
                        line_width: Some(2.25),
                        dash: Some(Dash::DashDot),
                        markers: Some(false),
                        no_line: true,
                    },
                }],
            }],
            x_axis: SavedAxis::default(),
            y_axis: SavedAxis {
                min: Some(0.0),
                log: true,
                ..SavedAxis::default()
            },
            y2_axis: None,
            legend: Some(LegendPosition::Bottom),
            notes: vec!["n".into()],
        }],
        refused: vec!["r".into()],
    };
    let written: Value = serde_json::from_str(
        r#"{"charts": [{"title": "T", "sheet": "S", "plots": [{"kind": "Line",
            "grouping": "PercentStacked", "horizontal": false, "secondary": true,
            "series": [{"name": null,
              "categories": {"formula": "S!$A$2", "range": {"sheet": "S", "external": false,
                "first_row": 1, "first_column": 0, "last_row": 1, "last_column": 0},
                "cache": {"Text": ["a"]}},
              "values": {"formula": null, "range": null,
                "cache": {"Numbers": {"values": [1.5, null], "format": null}}},
              "style": {"color": [1, 2, 3], "line_width": 2.25, "dash": "DashDot",
                "markers": false, "no_line": true}}]}],
          "x_axis": {"title": null, "min": null, "max": null, "log": false, "hidden": false,
            "gridlines": false},
          "y_axis": {"title": null, "min": 0, "max": null, "log": true, "hidden": false,
            "gridlines": false},
          "y2_axis": null, "legend": "Bottom", "notes": ["n"]}],
         "refused": ["r"]}"#,
    )
    .unwrap();
    assert_eq!(
        normalised(serde_json::to_value(&saved).unwrap()),
        normalised(written)
    );
    let none: Value = serde_json::to_value(Cache::None).unwrap();
    assert_eq!(none, Value::String("None".into()));
}

/// The corpus (how tests/corpus.rs finds it): `$SHEETPLOT_CORPUS`, else
/// `shared/corpus` beside the checkout or one of its parents.
fn corpus_dir() -> Option<PathBuf> {
    let from_env = std::env::var_os("SHEETPLOT_CORPUS").map(PathBuf::from);
    let beside = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/corpus"))
        .chain([PathBuf::from("/work/shared/corpus")]);
    from_env
        .into_iter()
        .chain(beside)
        .find(|d| d.join("expected").is_dir())
}

#[test]
fn the_corpus_reads_without_panics_and_quickly() {
    let dir = corpus_dir().expect("the corpus (shared/corpus beside the checkout) is missing");
    let files = workbooks_in(&dir.join("files"));
    assert!(files.len() >= 50, "only {} corpus workbooks", files.len());
    let (mut charts, mut refused) = (0, 0);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let saved = timed_read(path, &bytes);
        charts += saved.charts.len();
        refused += saved.refused.len();
    }
    println!(
        "{} corpus workbooks: {charts} charts read, {refused} left out",
        files.len()
    );
}
