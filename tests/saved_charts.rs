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
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k, normalised(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Reads the charts of `bytes`, failing past [`WITHIN`].
fn timed_read(path: &Path, bytes: &[u8]) -> SavedCharts {
    let start = Instant::now();
    let saved = read_saved_charts(bytes);
    let took = start.elapsed();
    assert!(
        took < WITHIN,
        "{}: reading its charts took {took:?}",
        path.display()
    );
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
    assert!(
        differ.is_empty(),
        "{} of {} differ:\n{}",
        differ.len(),
        files.len(),
        differ.join("\n\n")
    );
    assert!(files.len() >= 10, "only {} fixtures", files.len());
}

#[test]
fn hostile_charts_are_left_out_quickly_and_the_sheets_still_open() {
    for (name, because) in [
        ("bomb-nesting", "its XML nests deeper than 64 levels"),
        ("bomb-ptcount", "a series caches 999,999,999 points"),
        ("bomb-size", "is larger than the 8 MB sheetplot reads"),
        (
            "huge-range",
            "17,179,869,184 cells, more than the 20,971,520 sheetplot reads",
        ),
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
        if !saved.charts.is_empty() || !saved.refused.is_empty() {
            let titles: Vec<_> = saved.charts.iter().map(|c| (&c.title, &c.sheet)).collect();
            println!("{}: {titles:?} {:?}", path.display(), saved.refused);
        }
    }
    println!(
        "{} corpus workbooks: {charts} charts read, {refused} left out",
        files.len()
    );
}

/// The sample data/charts.xlsx (scripts/make-samples) holds the charts it
/// was written with, on its Summary sheet.
#[test]
fn the_charts_sample_reads_as_it_was_written() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/charts.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    let saved = timed_read(&path, &bytes);
    assert_eq!(saved.refused, Vec::<String>::new());
    let titles: Vec<_> = saved.charts.iter().map(|c| c.title.as_deref()).collect();
    assert_eq!(
        titles,
        [
            Some("Revenue and margin 2024"),
            Some("Units by product"),
            Some("Height vs weight")
        ]
    );
    assert!(saved.charts.iter().all(|c| c.sheet == "Summary"));

    let combo = &saved.charts[0];
    let kinds: Vec<_> = combo.plots.iter().map(|p| (p.kind, p.secondary)).collect();
    assert_eq!(kinds, [(SavedKind::Bar, false), (SavedKind::Line, true)]);
    let revenue = &combo.plots[0].series[0];
    assert_eq!(revenue.name.as_deref(), Some("Revenue (k€)"));
    assert_eq!(revenue.style.color, Some(Rgb(0x1F, 0x77, 0xB4)));
    let range = revenue.values.as_ref().unwrap().range.as_ref().unwrap();
    assert_eq!(range.sheet.as_deref(), Some("Monthly"));
    assert_eq!(
        (range.first_row, range.last_row, range.first_column),
        (1, 12, 1)
    );
    let margin = &combo.plots[1].series[0].style;
    assert_eq!(margin.color, Some(Rgb(0xD6, 0x27, 0x28)));
    assert_eq!(margin.line_width, Some(2.25));
    assert_eq!(margin.dash, Some(Dash::Dashed));
    assert_eq!(combo.x_axis.title.as_deref(), Some("Month"));
    assert_eq!(combo.y_axis.title.as_deref(), Some("Revenue (k€)"));
    assert_eq!(
        combo.y2_axis.as_ref().and_then(|a| a.title.as_deref()),
        Some("Margin (%)")
    );
    assert_eq!(combo.legend, Some(LegendPosition::Bottom));

    let pie = &saved.charts[1];
    assert_eq!(pie.plots[0].kind, SavedKind::Pie);
    match &pie.plots[0].series[0].categories.as_ref().unwrap().cache {
        Cache::Text(products) => assert_eq!(products.len(), 5),
        other => panic!("{other:?}"),
    }

    let scatter = &saved.charts[2];
    let points = &scatter.plots[0].series[0];
    assert_eq!(scatter.plots[0].kind, SavedKind::Scatter);
    assert_eq!(points.style.color, Some(Rgb(0x2C, 0xA0, 0x2C)));
    assert!(points.style.no_line);
    match &points.values.as_ref().unwrap().cache {
        Cache::Numbers { values, .. } => assert_eq!(values.len(), 60),
        other => panic!("{other:?}"),
    }
    assert_eq!(scatter.x_axis.title.as_deref(), Some("Height (cm)"));
    assert_eq!(
        (scatter.x_axis.min, scatter.x_axis.max),
        (Some(140.0), Some(200.0))
    );
    assert_eq!(scatter.legend, None);
}

/// Every other fixture (fuzz findings, files at the limits, every format)
/// is no workbook of charts, or a broken one: reading its charts never
/// panics and is quick.
#[test]
fn other_fixtures_read_without_panics_and_quickly() {
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
    let mut read = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.metadata().unwrap().len() <= 64 << 20 {
                timed_read(&path, &std::fs::read(&path).unwrap());
                read += 1;
            }
        }
    }
    assert!(read > 20, "only {read} fixtures");
}
