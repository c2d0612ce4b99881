use super::*;
use sheetplot_model::saved_chart::{SavedAxis, SeriesStyle};
use sheetplot_model::{CellOrigin, Dash, Rgb};

/// A typed sheet whose columns start at sheet row `first_row` of sheet
/// columns 0, 1, 2, …
fn sheet(name: &str, first_row: u32, columns: Vec<(&str, Values)>) -> Sheet {
    let rows = columns[0].1.len();
    Sheet {
        name: name.into(),
        rows,
        header_row: first_row.checked_sub(1).map(|r| r as usize),
        first_row: 0,
        columns: columns
            .into_iter()
            .enumerate()
            .map(|(c, (name, values))| {
                Column::new(name.into(), values, 0).with_origin(Some(CellOrigin {
                    column: c as u32,
                    first_row,
                }))
            })
            .collect(),
        title: None,
    }
}

fn months() -> Values {
    text(["Jan", "Feb", "Mar", "Apr"].iter().map(|s| s.to_string()))
}

fn numbers(v: &[f64]) -> Values {
    Values::Number(v.to_vec())
}

/// `Sheet!$A$2:$A$5`-style data, with a cache.
fn data(sheet: &str, column: u32, rows: (u32, u32), cache: Cache) -> SeriesData {
    SeriesData {
        formula: Some(format!("{sheet}!col{column}")),
        range: Some(CellRange {
            sheet: Some(sheet.into()),
            external: false,
            first_row: rows.0,
            first_column: column,
            last_row: rows.1,
            last_column: column,
        }),
        cache,
    }
}

fn series(name: &str, categories: SeriesData, values: SeriesData) -> SavedSeries {
    SavedSeries {
        name: Some(name.into()),
        categories: Some(categories),
        values: Some(values),
        style: SeriesStyle::default(),
    }
}

fn plot(kind: SavedKind, secondary: bool, series: Vec<SavedSeries>) -> SavedPlot {
    SavedPlot {
        kind,
        grouping: Grouping::Standard,
        horizontal: false,
        secondary,
        series,
    }
}

fn chart(plots: Vec<SavedPlot>) -> SavedChart {
    SavedChart {
        title: Some("Revenue and margin".into()),
        sheet: "Summary".into(),
        plots,
        legend: Some(LegendPosition::Bottom),
        ..SavedChart::default()
    }
}

fn monthly() -> Sheet {
    sheet(
        "Monthly",
        1,
        vec![
            ("month", months()),
            ("revenue", numbers(&[10.0, 12.0, 9.0, 14.0])),
            ("margin", numbers(&[0.1, 0.2, 0.15, 0.3])),
        ],
    )
}

#[test]
fn whole_columns_bind_to_the_sheet_itself_without_a_copy() {
    let n = 1_000_000;
    let big = sheet(
        "Data",
        1,
        vec![
            ("x", Values::Number((0..n).map(f64::from).collect())),
            (
                "y",
                Values::Number((0..n).map(|i| f64::from(i % 97)).collect()),
            ),
        ],
    );
    let saved = chart(vec![plot(
        SavedKind::Line,
        false,
        vec![series(
            "y",
            data("Data", 0, (1, n as u32), Cache::None),
            data("Data", 1, (1, n as u32), Cache::None),
        )],
    )]);
    let sheets = [monthly(), big];
    let bound = bind(&saved, &sheets, "book").unwrap();
    assert_eq!(bound.rows, BoundRows::Sheet(1), "no sheet of its own");
    assert_eq!(
        (bound.spec.x, bound.spec.y.clone()),
        (XSource::Column(0), vec![1])
    );
    assert!(!bound.from_cache);
    // The drawn sheet is the workbook's, the very same allocation.
    let drawn = bound.sheet(&sheets).unwrap();
    assert!(std::ptr::eq(drawn, &sheets[1]));
    // Whole-column references ($B:$B) run past the data: the same.
    let mut whole = saved.clone();
    let values = whole.plots[0].series[0].values.as_mut().unwrap();
    values.range.as_mut().unwrap().first_row = 1;
    values.range.as_mut().unwrap().last_row = 1_048_575;
    assert_eq!(
        bind(&whole, &sheets, "book").unwrap().rows,
        BoundRows::Sheet(1)
    );
}

#[test]
fn a_column_and_line_combo_keeps_its_axes_kinds_and_look() {
    let mut columns = plot(
        SavedKind::Bar,
        false,
        vec![series(
            "revenue",
            data("Monthly", 0, (1, 4), Cache::None),
            data("Monthly", 1, (1, 4), Cache::None),
        )],
    );
    columns.series[0].style.color = Some(Rgb(0x1f, 0x77, 0xb4));
    let mut line = plot(
        SavedKind::Line,
        true,
        vec![series(
            "margin",
            data("Monthly", 0, (1, 4), Cache::None),
            data("Monthly", 2, (1, 4), Cache::None),
        )],
    );
    line.series[0].style = SeriesStyle {
        color: Some(Rgb(0xd6, 0x27, 0x28)),
        line_width: Some(2.25),
        dash: Some(Dash::Dashed),
        markers: Some(false),
        no_line: false,
    };
    let mut saved = chart(vec![columns, line]);
    saved.x_axis.title = Some("Month".into());
    saved.y_axis = SavedAxis {
        title: Some("Revenue".into()),
        min: Some(0.0),
        gridlines: true,
        ..SavedAxis::default()
    };
    saved.y2_axis = Some(SavedAxis {
        title: Some("Margin".into()),
        ..SavedAxis::default()
    });
    let bound = bind(&saved, &[monthly()], "book").unwrap();
    let spec = &bound.spec;
    assert_eq!(bound.rows, BoundRows::Sheet(0));
    assert_eq!(spec.title, "Revenue and margin");
    assert_eq!(spec.kind, ChartKind::Line);
    assert_eq!(spec.x, XSource::Category(0));
    assert_eq!((spec.y.clone(), spec.y2.clone()), (vec![1], vec![2]));
    assert!(spec.y_bars && !spec.y2_bars, "columns left, a line right");
    assert_eq!(spec.style.series[0].color, Some(Rgb(0x1f, 0x77, 0xb4)));
    let margin = spec.style.series[1];
    assert_eq!(margin.color, Some(Rgb(0xd6, 0x27, 0x28)));
    assert_eq!(margin.line_width, Some(3.0), "2.25 pt is 3 CSS px");
    assert_eq!(
        (margin.dash, margin.markers),
        (Some(Dash::Dashed), Some(false))
    );
    assert_eq!(spec.style.legend, LegendPosition::Bottom);
    assert_eq!(spec.style.x_title.as_deref(), Some("Month"));
    assert_eq!(spec.y_title.as_deref(), Some("Revenue"));
    assert_eq!(spec.style.y2_title.as_deref(), Some("Margin"));
    assert_eq!((spec.style.y_min, spec.style.y_max), (Some(0.0), None));
    assert!(bound.notes.is_empty(), "{:?}", bound.notes);
    assert_eq!(spec.check(&monthly()), Ok(()));
}

#[test]
fn part_of_a_column_is_read_into_a_sheet_of_its_own() {
    let saved = chart(vec![plot(
        SavedKind::Bar,
        false,
        vec![series(
            "revenue",
            data("Monthly", 0, (2, 3), Cache::None),
            data("Monthly", 1, (2, 3), Cache::None),
        )],
    )]);
    let bound = bind(&saved, &[monthly()], "book").unwrap();
    let BoundRows::Own(own) = &bound.rows else {
        panic!("a part is copied: {:?}", bound.rows)
    };
    assert_eq!(own.rows, 2);
    assert_eq!(own.columns[1].values, numbers(&[12.0, 9.0]));
    assert_eq!(own.columns[0].values.label(0), Some("Feb"));
    assert_eq!(bound.spec.check(own), Ok(()));
    assert!(!bound.from_cache);
}

#[test]
fn series_along_rows_are_read_across_the_columns() {
    // Quarters across, one region a row: Sheet!$B$1:$D$1 names, $B$2:$D$2 values.
    let wide = sheet(
        "Wide",
        1,
        vec![
            (
                "region",
                text(["North", "South"].iter().map(|s| s.to_string())),
            ),
            ("Q1", numbers(&[1.0, 4.0])),
            ("Q2", numbers(&[2.0, 5.0])),
            ("Q3", numbers(&[3.0, 6.0])),
        ],
    );
    let row = |r: u32, c0: u32, c1: u32| SeriesData {
        formula: None,
        range: Some(CellRange {
            sheet: Some("Wide".into()),
            external: false,
            first_row: r,
            first_column: c0,
            last_row: r,
            last_column: c1,
        }),
        cache: Cache::None,
    };
    let mut north = series("North", row(2, 1, 3), row(1, 1, 3));
    north.categories = None;
    let saved = chart(vec![plot(
        SavedKind::Line,
        false,
        vec![north, series("South", row(1, 1, 3), row(2, 1, 3))],
    )]);
    let bound = bind(&saved, &[wide], "book").unwrap();
    let BoundRows::Own(own) = &bound.rows else {
        panic!("rows are read out")
    };
    let y: Vec<&Values> = bound
        .spec
        .y
        .iter()
        .map(|&c| &own.columns[c].values)
        .collect();
    assert_eq!(y, [&numbers(&[1.0, 2.0, 3.0]), &numbers(&[4.0, 5.0, 6.0])]);
}

#[test]
fn a_missing_data_sheet_draws_the_cache_and_says_so() {
    let cached_months = Cache::Numbers {
        // 2024-01-01, 2024-02-01 as Excel serial days.
        values: vec![45292.0, 45323.0],
        format: Some("mmm\\-yy".into()),
    };
    let values = Cache::Numbers {
        values: vec![3.5, f64::NAN],
        format: None,
    };
    let saved = chart(vec![plot(
        SavedKind::Line,
        false,
        vec![series(
            "sales",
            data("Gone", 0, (1, 2), cached_months),
            data("Gone", 1, (1, 2), values),
        )],
    )]);
    let bound = bind(&saved, &[monthly()], "book").unwrap();
    assert!(bound.from_cache);
    assert_eq!(
        bound.notes,
        ["Drawn from the values saved in the chart: its data sheet “Gone” is not in this workbook."]
    );
    let BoundRows::Own(own) = &bound.rows else {
        panic!("the cache is a sheet of its own")
    };
    assert_eq!(own.columns[0].values.type_name(), "date");
    let seconds = own.columns[0].values.as_floats().unwrap();
    assert_eq!(
        seconds[0],
        days_from_civil(2024, 1, 1) as f64 * SECONDS_PER_DAY
    );
    assert_eq!(own.columns[1].name, "sales");
    assert_eq!(bound.spec.x, XSource::Column(0));
    assert_eq!(bound.spec.check(own), Ok(()));
    // Another workbook's range: the same, and the note says where.
    let mut external = saved.clone();
    let first = &mut external.plots[0].series[0];
    for d in [&mut first.categories, &mut first.values] {
        d.as_mut().unwrap().range.as_mut().unwrap().external = true;
    }
    let bound = bind(&external, &[monthly()], "book").unwrap();
    assert!(
        bound.notes[0].contains("another workbook"),
        "{:?}",
        bound.notes
    );
    // Nothing cached and nothing to read: refused with a reason.
    let mut bare = saved;
    bare.plots[0].series[0].values.as_mut().unwrap().cache = Cache::None;
    let refused = bind(&bare, &[monthly()], "book").unwrap_err();
    assert!(refused.to_string().contains("saved no values"), "{refused}");
}

#[test]
fn a_range_of_a_billion_cells_is_refused() {
    let mut huge = data("Monthly", 1, (0, 1_048_575), Cache::None);
    let range = huge.range.as_mut().unwrap();
    range.first_column = 0;
    range.last_column = 16_383;
    let saved = chart(vec![plot(
        SavedKind::Line,
        false,
        vec![series("all", data("Monthly", 0, (1, 4), Cache::None), huge)],
    )]);
    let refused = bind(&saved, &[monthly()], "book").unwrap_err();
    assert!(refused
        .to_string()
        .contains("more cells than a sheet may hold"));
}

#[test]
fn pies_take_the_first_series_and_doughnuts_keep_their_hole() {
    let categories = || data("Monthly", 0, (1, 4), Cache::None);
    let saved = chart(vec![plot(
        SavedKind::Doughnut,
        false,
        vec![
            series(
                "revenue",
                categories(),
                data("Monthly", 1, (1, 4), Cache::None),
            ),
            series(
                "margin",
                categories(),
                data("Monthly", 2, (1, 4), Cache::None),
            ),
        ],
    )]);
    let bound = bind(&saved, &[monthly()], "book").unwrap();
    assert_eq!(bound.spec.kind, ChartKind::Pie);
    assert_eq!(bound.spec.y, [1]);
    assert!(bound.spec.style.doughnut);
    assert_eq!(bound.notes, ["A pie shows one series: the first is drawn."]);
}

#[test]
fn stacked_horizontal_bars_and_marker_only_lines_are_kept() {
    let mut bars = plot(
        SavedKind::Bar,
        false,
        vec![series(
            "revenue",
            data("Monthly", 0, (1, 4), Cache::None),
            data("Monthly", 1, (1, 4), Cache::None),
        )],
    );
    bars.grouping = Grouping::Stacked;
    bars.horizontal = true;
    let spec = bind(&chart(vec![bars]), &[monthly()], "book").unwrap().spec;
    assert!(spec.stack);
    assert_eq!(spec.style.horizontal, Some(true));
    let mut dots = plot(
        SavedKind::Line,
        false,
        vec![series(
            "margin",
            data("Monthly", 1, (1, 4), Cache::None),
            data("Monthly", 2, (1, 4), Cache::None),
        )],
    );
    dots.series[0].style.no_line = true;
    let spec = bind(&chart(vec![dots]), &[monthly()], "book").unwrap().spec;
    assert_eq!(spec.kind, ChartKind::Scatter);
}

#[test]
fn charts_without_series_or_title_are_named_and_refused_plainly() {
    let mut saved = chart(vec![plot(SavedKind::Line, false, Vec::new())]);
    assert_eq!(label(&saved, 1), "Chart: Revenue and margin, on Summary");
    saved.title = None;
    assert_eq!(label(&saved, 2), "Chart: Chart 2, on Summary");
    assert_eq!(
        bind(&saved, &[monthly()], "book").unwrap_err().to_string(),
        "it has no series"
    );
    assert!(is_date_format("yyyy-mm-dd") && is_date_format("d/m") && is_date_format("mmm\\-yy"));
    assert!(!is_date_format("0.00") && !is_date_format("General") && !is_date_format("\"day\" 0"));
    assert!(!is_date_format("[Red]0.0"));
}
