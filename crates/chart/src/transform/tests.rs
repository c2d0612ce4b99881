//! Shaping, checked against what pandas makes of the same fixture
//! (`tests/fixtures/shaping/sales.csv`, written and summarised by
//! `scripts/make-shaping-fixture`; the numbers are committed here) and
//! against hand computations.

use super::*;
use crate::spec::ChartKind;
use sheetplot_model::calendar::days_from_civil;

/// The long table: date, region, product, amount (400 rows of 2024).
fn sales() -> Sheet {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/shaping/sales.csv"
    );
    let bytes = std::fs::read(path).unwrap();
    let mut workbook = sheetplot_read::read_workbook(&bytes).unwrap();
    let sheet = workbook.sheets.remove(0);
    assert_eq!(sheet.rows, 400);
    let names: Vec<&str> = sheet.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["date", "region", "product", "amount"]);
    sheet
}

const DATE: usize = 0;
const REGION: usize = 1;
const PRODUCT: usize = 2;
const AMOUNT: usize = 3;

fn spec(kind: ChartKind, x: XSource, y: Vec<usize>, shaping: Shaping) -> ChartSpec {
    ChartSpec {
        shaping,
        ..ChartSpec::new("t".into(), kind, x, y)
    }
}

fn by(aggregate: Aggregate) -> Shaping {
    Shaping {
        aggregate: Some(aggregate),
        ..Shaping::default()
    }
}

fn shaped(sheet: &Sheet, spec: &ChartSpec) -> Shaped {
    shape(sheet, spec)
        .unwrap()
        .expect("the spec shapes its rows")
}

fn floats(shaped: &Shaped, column: usize) -> &[f64] {
    shaped.sheet.columns[column].values.as_floats().unwrap()
}

fn labels(shaped: &Shaped) -> Vec<&str> {
    (0..shaped.sheet.rows)
        .map(|r| shaped.sheet.columns[0].values.label(r).unwrap())
        .collect()
}

fn names(shaped: &Shaped) -> Vec<&str> {
    shaped.sheet.columns[1..]
        .iter()
        .map(|c| c.name.as_str())
        .collect()
}

fn close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() < 1e-6, "{actual:?} vs {expected:?}");
    }
}

fn day(y: i64, m: u32, d: u32) -> f64 {
    days_from_civil(y, m, d) as f64 * SECONDS_PER_DAY
}

#[test]
fn no_shaping_draws_the_sheet_itself() {
    let sheet = sales();
    let plain = ChartSpec::new(
        "t".into(),
        ChartKind::Line,
        XSource::Column(DATE),
        vec![AMOUNT],
    );
    assert_eq!(shape(&sheet, &plain), Ok(None));
}

#[test]
fn monthly_sums_split_by_region_match_pandas() {
    let sheet = sales();
    let shaping = Shaping {
        aggregate: Some(Aggregate::Sum),
        bucket: Bucket::Month,
        split_by: Some(REGION),
        ..Shaping::default()
    };
    let s = shaped(
        &sheet,
        &spec(
            ChartKind::Line,
            XSource::Column(DATE),
            vec![AMOUNT],
            shaping,
        ),
    );
    assert_eq!(s.bucket, Some(Bucket::Month));
    assert_eq!(s.sheet.rows, 12);
    let months: Vec<f64> = (1..=12).map(|m| day(2024, m, 1)).collect();
    assert_eq!(floats(&s, 0), months.as_slice());
    assert_eq!(s.sheet.columns[0].values.type_name(), "date");
    // Groups largest first by total: West 28,556.82, North 26,048.62,
    // East 24,727.05, South 23,057.15.
    assert_eq!(names(&s), ["West", "North", "East", "South"]);
    assert_eq!(
        s.spec.y_title.as_deref(),
        Some("amount (sum)"),
        "the axis names the measure"
    );
    // pandas: df.groupby([Grouper(key="date", freq="MS"), "region"]).amount.sum().unstack()
    close(
        floats(&s, 1),
        &[
            3172.26, 1855.54, 3639.79, 5172.34, 890.41, 2008.42, 3816.87, 1204.72, 2915.15,
            1216.64, 1271.45, 1393.23,
        ],
    );
    close(
        floats(&s, 4),
        &[
            3045.65, 726.91, 1649.85, 2256.31, 888.91, 2085.95, 3493.33, 1941.62, 2209.95, 444.72,
            2552.92, 1761.03,
        ],
    );
    // The derived spec draws x then one series per group.
    assert_eq!(s.spec.x, XSource::Column(0));
    assert_eq!(s.spec.y, [1, 2, 3, 4]);
    assert!(s.spec.shaping.is_identity());
    assert!(
        s.sheet.columns[0].stats().unwrap().searchable,
        "months in order"
    );
}

#[test]
fn category_aggregates_match_pandas_in_first_seen_order() {
    let sheet = sales();
    let sums = shaped(
        &sheet,
        &spec(
            ChartKind::Bar,
            XSource::Category(REGION),
            vec![AMOUNT],
            by(Aggregate::Sum),
        ),
    );
    assert_eq!(labels(&sums), ["South", "North", "West", "East"]);
    assert_eq!(names(&sums), ["amount (sum)"]);
    close(floats(&sums, 1), &[23057.15, 26048.62, 28556.82, 24727.05]);
    let count = shaped(
        &sheet,
        &spec(
            ChartKind::Bar,
            XSource::Category(REGION),
            vec![AMOUNT],
            by(Aggregate::Count),
        ),
    );
    close(floats(&count, 1), &[91.0, 100.0, 110.0, 99.0]);
    let product = |a| {
        shaped(
            &sheet,
            &spec(
                ChartKind::Bar,
                XSource::Category(PRODUCT),
                vec![AMOUNT],
                by(a),
            ),
        )
    };
    let mean = product(Aggregate::Mean);
    assert_eq!(labels(&mean), ["Coffee", "Cocoa", "Tea"]);
    close(
        floats(&mean, 1),
        &[261.347209302, 251.132396694, 255.258866667],
    );
    close(
        floats(&product(Aggregate::Median), 1),
        &[261.35, 247.81, 260.035],
    );
}

#[test]
fn quarters_weeks_and_the_automatic_bucket() {
    let sheet = sales();
    let dated = |bucket, aggregate| {
        let shaping = Shaping {
            aggregate: Some(aggregate),
            bucket,
            ..Shaping::default()
        };
        shaped(
            &sheet,
            &spec(
                ChartKind::Line,
                XSource::Column(DATE),
                vec![AMOUNT],
                shaping,
            ),
        )
    };
    // pandas: Grouper(freq="QS").agg(["min", "max"])
    let quarters = [
        day(2024, 1, 1),
        day(2024, 4, 1),
        day(2024, 7, 1),
        day(2024, 10, 1),
    ];
    let min = dated(Bucket::Quarter, Aggregate::Min);
    assert_eq!(floats(&min, 0), quarters.as_slice());
    close(floats(&min, 1), &[7.41, 15.63, 5.08, 11.7]);
    close(
        floats(&dated(Bucket::Quarter, Aggregate::Max), 1),
        &[494.05, 490.58, 499.96, 495.55],
    );
    // pandas: Grouper(freq="W-MON", closed="left", label="left").sum()
    let weeks = dated(Bucket::Week, Aggregate::Sum);
    assert_eq!(
        &floats(&weeks, 0)[..3],
        &[day(2024, 1, 1), day(2024, 1, 8), day(2024, 1, 15)]
    );
    close(&floats(&weeks, 1)[..3], &[3407.1, 2378.94, 1883.95]);
    let year = dated(Bucket::Year, Aggregate::Count);
    close(floats(&year, 1), &[400.0]);
    // A year of days: the finest bucket with at most about a hundred
    // points, so weeks (53 of them, from 2024-01-01 to the week of 12-30).
    let auto = dated(Bucket::Auto, Aggregate::Sum);
    assert_eq!(auto.bucket, Some(Bucket::Week));
    assert_eq!(auto.sheet.rows, 53);
    assert_eq!(Bucket::Auto.resolve(60.0), Bucket::Day);
    assert_eq!(Bucket::Auto.resolve(600.0), Bucket::Week);
    assert_eq!(Bucket::Auto.resolve(4000.0), Bucket::Quarter);
    assert_eq!(Bucket::Auto.resolve(40_000.0), Bucket::Year);
}

#[test]
fn weeks_start_on_monday() {
    // 2024-01-01 was a Monday; 2024-01-07 a Sunday; 1970-01-01 a Thursday.
    let monday = days_from_civil(2024, 1, 1);
    assert_eq!(Bucket::Week.start(monday), monday);
    assert_eq!(Bucket::Week.start(monday + 6), monday);
    assert_eq!(Bucket::Week.start(monday + 7), monday + 7);
    assert_eq!(Bucket::Week.start(0), -3);
    assert_eq!(
        Bucket::Quarter.start(days_from_civil(2024, 8, 17)),
        days_from_civil(2024, 7, 1)
    );
    assert_eq!(
        Bucket::Quarter.next(days_from_civil(2024, 10, 1)),
        days_from_civil(2025, 1, 1)
    );
    assert_eq!(
        Bucket::Month.next(days_from_civil(2024, 12, 1)),
        days_from_civil(2025, 1, 1)
    );
    assert_eq!(
        Bucket::Year.next(days_from_civil(1969, 1, 1)),
        days_from_civil(1970, 1, 1)
    );
    assert_eq!(Bucket::Week.next(monday), monday + 7);
}

#[test]
fn filters_keep_the_rows_that_pass_every_one() {
    let sheet = sales();
    let shaping = Shaping {
        aggregate: Some(Aggregate::Sum),
        filters: vec![
            Filter {
                column: REGION,
                keep: Keep::Among(vec!["North".into(), "South".into()]),
            },
            Filter {
                column: AMOUNT,
                keep: Keep::Range(Some(100.0), Some(300.0)),
            },
        ],
        ..Shaping::default()
    };
    let s = shaped(
        &sheet,
        &spec(
            ChartKind::Bar,
            XSource::Category(REGION),
            vec![AMOUNT],
            shaping.clone(),
        ),
    );
    // pandas: df[df.region.isin(["North", "South"]) & df.amount.between(100, 300)]
    assert_eq!((s.kept, s.total), (75, 400));
    let total: f64 = floats(&s, 1).iter().sum();
    assert!((total - 14908.79).abs() < 1e-6, "{total}");
    assert_eq!(labels(&s), ["South", "North"]);

    // Without an aggregate the kept rows are drawn as they are.
    let rows = Shaping {
        aggregate: None,
        ..shaping
    };
    let s = shaped(
        &sheet,
        &spec(
            ChartKind::Scatter,
            XSource::Column(DATE),
            vec![AMOUNT],
            rows,
        ),
    );
    assert_eq!(s.sheet.rows, 75);
    assert!(floats(&s, 1).iter().all(|a| (100.0..=300.0).contains(a)));

    let none = Shaping {
        filters: vec![Filter {
            column: REGION,
            keep: Keep::Among(vec!["Atlantis".into()]),
        }],
        ..Shaping::default()
    };
    let nothing = spec(ChartKind::Line, XSource::Column(DATE), vec![AMOUNT], none);
    assert_eq!(shape(&sheet, &nothing), Err(ChartError::NoRowMatches));
    assert_eq!(
        ChartError::NoRowMatches.to_string(),
        "no row matches the filter."
    );
}

#[test]
fn a_sheet_of_text_and_dates_still_charts_by_counting_rows() {
    let sheet = sales();
    let count = spec(
        ChartKind::Bar,
        XSource::Category(PRODUCT),
        Vec::new(),
        by(Aggregate::Count),
    );
    let s = shaped(&sheet, &count);
    assert_eq!(names(&s), ["Rows"]);
    let total: f64 = floats(&s, 1).iter().sum();
    assert_eq!(total, 400.0);
    // Without a count there is nothing to draw.
    let sum = spec(
        ChartKind::Bar,
        XSource::Category(PRODUCT),
        Vec::new(),
        by(Aggregate::Sum),
    );
    assert_eq!(shape(&sheet, &sum), Err(ChartError::NoSeries));
}

/// `rows` rows whose label column has `distinct` values (value i in row i
/// mod `distinct`) and a number column of ones, but row r of label 0 weighs more.
fn labelled(rows: usize, distinct: usize) -> Sheet {
    let labels: Vec<String> = (0..distinct).map(|i| format!("item {i}")).collect();
    Sheet {
        name: "many".into(),
        rows,
        header_row: Some(0),
        first_row: 0,
        columns: vec![
            Column::new(
                "day".into(),
                Values::Time {
                    seconds: (0..rows)
                        .map(|r| day(2024, 1, 1) + (r % 30) as f64 * SECONDS_PER_DAY)
                        .collect(),
                    kind: TimeKind::Date,
                },
                0,
            ),
            Column::new(
                "item".into(),
                Values::Text {
                    ids: (0..rows).map(|r| (r % distinct) as u32).collect(),
                    labels,
                },
                0,
            ),
            Column::new(
                "value".into(),
                Values::Number(
                    (0..rows)
                        .map(|r| if r % distinct < 3 { 100.0 } else { 1.0 })
                        .collect(),
                ),
                0,
            ),
        ],
        title: None,
    }
}

#[test]
fn a_split_by_many_values_keeps_the_largest_and_groups_the_rest_as_other() {
    let sheet = labelled(500_000, 250_000);
    let shaping = Shaping {
        aggregate: Some(Aggregate::Sum),
        bucket: Bucket::Day,
        split_by: Some(1),
        ..Shaping::default()
    };
    let s = shaped(
        &sheet,
        &spec(ChartKind::Line, XSource::Column(0), vec![2], shaping),
    );
    let groups = names(&s);
    assert_eq!(groups.len(), MAX_GROUPS);
    assert_eq!(
        &groups[..3],
        ["item 0", "item 1", "item 2"],
        "the heaviest first"
    );
    assert_eq!(groups[MAX_GROUPS - 1], "Other");
    // Every row lands in one series: the totals add up.
    let total: f64 = (1..=MAX_GROUPS)
        .map(|c| floats(&s, c).iter().filter(|v| v.is_finite()).sum::<f64>())
        .sum();
    let expected: f64 = sheet.columns[2].values.as_floats().unwrap().iter().sum();
    assert!((total - expected).abs() < 1e-6 * expected);
}

#[test]
fn a_scatter_splits_without_grouping_and_a_box_shows_each_group() {
    let sheet = sales();
    let split = Shaping {
        split_by: Some(REGION),
        ..Shaping::default()
    };
    let s = shaped(
        &sheet,
        &spec(
            ChartKind::Scatter,
            XSource::Column(DATE),
            vec![AMOUNT],
            split.clone(),
        ),
    );
    assert_eq!(s.sheet.rows, 400, "a point per row");
    assert_eq!(names(&s).len(), 4);
    // Each row is a point of exactly one series.
    for row in 0..400 {
        let present = (1..=4).filter(|&c| floats(&s, c)[row].is_finite()).count();
        assert_eq!(present, 1);
    }
    let boxes = shaped(
        &sheet,
        &spec(ChartKind::Box, XSource::RowNumber, vec![AMOUNT], split),
    );
    let counts: Vec<usize> = (1..=4)
        .map(|c| floats(&boxes, c).iter().filter(|v| v.is_finite()).count())
        .collect();
    assert_eq!(counts, [110, 100, 99, 91], "West, North, East, South rows");
}

#[test]
fn grouping_too_fine_to_draw_is_refused() {
    // A million distinct x values split 12 ways: 12 million cells.
    let rows = 1_000_000;
    let sheet = Sheet {
        name: "fine".into(),
        rows,
        header_row: None,
        first_row: 0,
        columns: vec![
            Column::new(
                "x".into(),
                Values::Number((0..rows).map(|r| r as f64).collect()),
                0,
            ),
            Column::new(
                "group".into(),
                Values::Text {
                    ids: (0..rows).map(|r| (r % 12) as u32).collect(),
                    labels: (0..12).map(|g| g.to_string()).collect(),
                },
                0,
            ),
            Column::new("y".into(), Values::Number(vec![1.0; rows]), 0),
        ],
        title: None,
    };
    let shaping = Shaping {
        aggregate: Some(Aggregate::Sum),
        split_by: Some(1),
        ..Shaping::default()
    };
    let fine = spec(ChartKind::Line, XSource::Column(0), vec![2], shaping);
    assert_eq!(shape(&sheet, &fine), Err(ChartError::TooManyGroups));
}

#[test]
fn a_million_rows_group_by_month_and_split_in_one_pass() {
    let sheet = labelled(1_000_000, 40);
    let shaping = Shaping {
        aggregate: Some(Aggregate::Sum),
        bucket: Bucket::Month,
        split_by: Some(1),
        ..Shaping::default()
    };
    let spec = spec(ChartKind::Line, XSource::Column(0), vec![2], shaping);
    let started = std::time::Instant::now();
    let s = shaped(&sheet, &spec);
    // Reported, not asserted (debug builds and busy machines vary).
    eprintln!("1M rows, month × 12 groups: {:?}", started.elapsed());
    assert_eq!(s.sheet.rows, 1);
    assert_eq!(names(&s).len(), MAX_GROUPS);
}

#[test]
fn names_round_trip() {
    for a in Aggregate::ALL {
        assert_eq!(Aggregate::from_name(a.name()), Some(a));
    }
    for b in Bucket::ALL {
        assert_eq!(Bucket::from_name(b.name()), Some(b));
    }
    assert_eq!(Aggregate::from_name("average"), None);
}

#[test]
fn bars_of_date_buckets_are_named_as_people_name_them() {
    let sheet = sales();
    let shaping = Shaping {
        aggregate: Some(Aggregate::Sum),
        bucket: Bucket::Quarter,
        ..Shaping::default()
    };
    let s = shaped(
        &sheet,
        &spec(ChartKind::Bar, XSource::Column(DATE), vec![AMOUNT], shaping),
    );
    assert_eq!(s.spec.x, XSource::Category(0));
    assert_eq!(labels(&s), ["Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"]);
    assert_eq!(Bucket::Month.label(day(2024, 2, 1)), "Feb 2024");
    assert_eq!(Bucket::Week.label(day(2024, 1, 8)), "Week of 2024-01-08");
    assert_eq!(Bucket::Year.label(day(1999, 1, 1)), "1999");
}

#[test]
fn transposing_makes_a_series_of_each_row() {
    // A wide table: items down, years across.
    let sheet = Sheet {
        name: "wide".into(),
        rows: 3,
        header_row: Some(0),
        first_row: 0,
        columns: vec![
            Column::new(
                "item".into(),
                Values::Text {
                    ids: vec![0, 1, 2],
                    labels: vec!["Rent".into(), "Food".into(), "Travel".into()],
                },
                0,
            ),
            Column::new("2023".into(), Values::Number(vec![1200.0, 400.0, 90.0]), 0),
            Column::new(
                "2024".into(),
                Values::Number(vec![1250.0, 420.0, f64::NAN]),
                0,
            ),
        ],
        title: None,
    };
    let shaping = Shaping {
        transpose: true,
        ..Shaping::default()
    };
    let s = shaped(
        &sheet,
        &spec(
            ChartKind::Line,
            XSource::Category(0),
            vec![1, 2],
            shaping.clone(),
        ),
    );
    assert_eq!(labels(&s), ["2023", "2024"], "the years are the categories");
    assert_eq!(names(&s), ["Rent", "Food", "Travel"], "a series per row");
    assert_eq!(floats(&s, 1), [1200.0, 1250.0]);
    assert!(floats(&s, 3)[1].is_nan(), "the gap stays a gap");
    assert_eq!(s.spec.x, XSource::Category(0));
    assert_eq!(s.spec.y, [1, 2, 3]);
    // After an aggregate: sums per region, switched.
    let sales = sales();
    let both = Shaping {
        aggregate: Some(Aggregate::Sum),
        transpose: true,
        ..Shaping::default()
    };
    let s = shaped(
        &sales,
        &spec(
            ChartKind::Bar,
            XSource::Category(REGION),
            vec![AMOUNT],
            both,
        ),
    );
    assert_eq!(labels(&s), ["amount (sum)"]);
    assert_eq!(names(&s), ["South", "North", "West", "East"]);
    // 400 rows as 400 series: refused.
    let raw = spec(
        ChartKind::Line,
        XSource::Column(DATE),
        vec![AMOUNT],
        shaping,
    );
    assert_eq!(shape(&sales, &raw), Err(ChartError::TooManyRowsToTranspose));
}
