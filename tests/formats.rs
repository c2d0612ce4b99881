//! Every way data arrives: values as people write them in text (currencies,
//! percentages, accounting negatives, gap words, dates in every order and
//! language, times and time zones), and SpreadsheetML 2003 workbooks saved
//! with an .xls name. Each rule on a small committed fixture in
//! tests/fixtures/formats/.

use std::path::Path;

use sheetplot::calendar::{days_from_civil, SECONDS_PER_DAY};
use sheetplot::format::display_cell;
use sheetplot::model::{DateOrder, NumberFormat, TextDates};
use sheetplot::read::read_sheet_with_choices;
use sheetplot::typing::{Choices, DateChoice, HeaderChoice};
use sheetplot::{read_workbook, Column, Sheet, TimeKind, Values};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn first_sheet(name: &str) -> Sheet {
    read_workbook(&fixture(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .sheets
        .remove(0)
}

fn column<'a>(sheet: &'a Sheet, name: &str) -> &'a Column {
    sheet
        .columns
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no column '{name}' in {:?}", names(sheet)))
}

fn names(sheet: &Sheet) -> Vec<&str> {
    sheet.columns.iter().map(|c| c.name.as_str()).collect()
}

fn floats(column: &Column) -> Vec<f64> {
    column
        .values
        .as_floats()
        .expect("a numeric column")
        .to_vec()
}

/// Compares with NaN gaps equal to each other.
fn assert_floats(column: &Column, expected: &[f64]) {
    let got = floats(column);
    let same = got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .all(|(a, b)| (a.is_nan() && b.is_nan()) || (a - b).abs() < 1e-9);
    assert!(same, "{}: {got:?}, expected {expected:?}", column.name);
}

fn day(year: i64, month: u32, d: u32) -> f64 {
    days_from_civil(year, month, d) as f64 * SECONDS_PER_DAY
}

const GAP: f64 = f64::NAN;

#[test]
fn currency_percent_accounting_and_day_first_columns_are_typed_as_written() {
    let sheet = first_sheet("as-people-write.csv");
    assert_eq!(names(&sheet), ["price", "share", "change", "day"]);
    let types: Vec<&str> = sheet.columns.iter().map(|c| c.values.type_name()).collect();
    assert_eq!(types, ["number", "number", "number", "date"]);
    let formats: Vec<NumberFormat> = sheet.columns.iter().map(|c| c.number_format).collect();
    assert_eq!(
        formats,
        [
            NumberFormat::General,
            NumberFormat::Percent,
            NumberFormat::General,
            NumberFormat::General
        ]
    );
    assert_floats(column(&sheet, "price"), &[1200.0, 950.0, 1050.5, 2000.0]);
    assert_floats(column(&sheet, "share"), &[0.12, 0.08, 0.075, GAP]);
    assert_floats(column(&sheet, "change"), &[-123.0, 45.0, -7.0, GAP]);
    assert_floats(
        column(&sheet, "day"),
        &[
            day(2024, 12, 31),
            day(2024, 12, 30),
            day(2024, 12, 29),
            day(2024, 12, 28),
        ],
    );
    assert_eq!(
        column(&sheet, "day").text_dates,
        Some(TextDates {
            order: DateOrder::DayFirst,
            ambiguous: false
        })
    );
    assert_eq!(sheet.ambiguous_date_columns().count(), 0);
    // n/a and - are gaps, not cells left out.
    assert!(sheet.columns.iter().all(|c| c.misfits == 0));
    let share = column(&sheet, "share");
    assert_eq!(display_cell(share, 0), "12%");
    assert_eq!(display_cell(share, 2), "7.5%");
    assert_eq!(display_cell(share, 3), "");
}

#[test]
fn currency_symbols_and_codes_before_or_after_and_signs() {
    let sheet = first_sheet("currencies.csv");
    let amount = column(&sheet, "amount");
    assert!(amount.is_numeric());
    assert_floats(
        amount,
        &[
            1200.0, 12.0, 12.0, 3.5, 100.0, 10.0, -5.0, -30.0, 1200.0, GAP,
        ],
    );
    assert_eq!(amount.misfits, 1, "'unknown' is left out, and counted");
    assert_eq!(amount.number_format, NumberFormat::General);
}

#[test]
fn words_for_no_value_are_gaps_and_other_text_is_counted() {
    let sheet = first_sheet("gaps.csv");
    let reading = column(&sheet, "reading");
    assert!(reading.is_numeric());
    let mut expected = vec![GAP; 13];
    expected[0] = 1.5;
    expected[11] = 2.5;
    assert_floats(reading, &expected);
    assert_eq!(reading.misfits, 1, "only 'broken' is a misfit");
    // A text column keeps the same words as written.
    let station = column(&sheet, "station");
    assert_eq!(station.values.label(3), Some("D"));
}

#[test]
fn a_decimal_comma_is_read_when_the_column_says_so() {
    let sheet = first_sheet("decimal-comma.csv");
    assert_eq!(names(&sheet), ["Datum", "Betrag", "Anteil"]);
    assert_floats(column(&sheet, "Betrag"), &[1234.5, 999.99, 1000.0]);
    assert_floats(column(&sheet, "Anteil"), &[0.125, 0.07, 0.005]);
    assert_eq!(
        column(&sheet, "Anteil").number_format,
        NumberFormat::Percent
    );
    let datum = column(&sheet, "Datum");
    assert_floats(
        datum,
        &[day(2024, 12, 31), day(2024, 12, 30), day(2024, 12, 29)],
    );
    assert_eq!(
        datum.text_dates,
        Some(TextDates {
            order: DateOrder::DayFirst,
            ambiguous: false
        })
    );
}

#[test]
fn the_order_of_day_and_month_is_decided_per_column() {
    let sheet = first_sheet("date-orders.csv");
    let dates = |name| {
        let c = column(&sheet, name);
        assert_eq!(c.values.type_name(), "date", "{name}");
        (floats(c), c.text_dates)
    };
    let (day_first, how) = dates("day first");
    assert_eq!(
        &day_first[..3],
        [day(2024, 12, 31), day(2024, 2, 1), day(2024, 3, 15)]
    );
    assert_eq!(
        how.map(|d| (d.order, d.ambiguous)),
        Some((DateOrder::DayFirst, false))
    );
    let (month_first, how) = dates("month first");
    assert_eq!(
        &month_first[..3],
        [day(2024, 12, 31), day(2024, 2, 1), day(2024, 3, 15)]
    );
    assert_eq!(
        how.map(|d| (d.order, d.ambiguous)),
        Some((DateOrder::MonthFirst, false))
    );
    // Nothing tells: "/" is read month first, "." day first, and both say so.
    let (slashes, how) = dates("slashes");
    assert_eq!(slashes[0], day(2024, 3, 4));
    assert_eq!(
        how.map(|d| (d.order, d.ambiguous)),
        Some((DateOrder::MonthFirst, true))
    );
    let (dots, how) = dates("dots");
    assert_eq!(dots[0], day(2024, 4, 3));
    assert_eq!(
        how.map(|d| (d.order, d.ambiguous)),
        Some((DateOrder::DayFirst, true))
    );
    let ambiguous: Vec<&str> = sheet
        .ambiguous_date_columns()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(ambiguous, ["slashes", "dots"]);
    // Month names in English, French, German and Spanish.
    let (named, how) = dates("names");
    assert_eq!(named, vec![day(2024, 12, 31); 5]);
    assert_eq!(how, None, "month names leave no order to choose");
}

#[test]
fn the_user_can_choose_the_order_of_day_and_month() {
    let bytes = fixture("date-orders.csv");
    let choose = |dates| {
        read_sheet_with_choices(
            &bytes,
            0,
            Choices {
                header: HeaderChoice::Auto,
                dates,
            },
        )
        .unwrap()
    };
    let day_first = choose(DateChoice::DayFirst);
    let slashes = column(&day_first, "slashes");
    assert_eq!(floats(slashes)[0], day(2024, 4, 3));
    // Still ambiguous: the page keeps offering the choice.
    assert_eq!(
        slashes.text_dates,
        Some(TextDates {
            order: DateOrder::DayFirst,
            ambiguous: true
        })
    );
    // Forced against what the values say, 12/31 and 03/15 are no dates:
    // only 02/01 (2 January) is, so the column is text, kept as written.
    let month = column(&day_first, "month first");
    assert_eq!(month.values.type_name(), "text");
    assert_eq!(month.values.label(0), Some("12/31/2024"));
    assert_eq!(month.text_dates, None);
    let month_first = choose(DateChoice::MonthFirst);
    assert_eq!(floats(column(&month_first, "dots"))[0], day(2024, 3, 4));
    // Debug text, so NaN gaps compare.
    assert_eq!(
        format!("{:?}", choose(DateChoice::Auto)),
        format!("{:?}", first_sheet("date-orders.csv"))
    );
}

#[test]
fn times_of_day_and_time_zones() {
    let sheet = first_sheet("times-and-zones.csv");
    for name in ["clock", "twelve hour"] {
        let c = column(&sheet, name);
        assert_eq!(
            c.values,
            Values::Time {
                seconds: vec![52_200.0, 32_700.0, 86_340.0],
                kind: TimeKind::TimeOfDay
            },
            "{name}"
        );
    }
    let morning = day(2024, 12, 31) + 10.0 * 3600.0;
    // Offsets are applied: the instants are in UTC.
    assert_floats(
        column(&sheet, "utc"),
        &[morning, morning + 3600.0, morning + 7200.0],
    );
    assert_floats(
        column(&sheet, "offset"),
        &[morning - 3600.0, morning - 1800.0, morning + 3600.0],
    );
    // Without an offset, the wall clock as written.
    assert_floats(
        column(&sheet, "wall"),
        &[morning, morning + 3600.0, morning + 7200.0],
    );
    for name in ["utc", "offset", "wall"] {
        assert!(
            matches!(
                column(&sheet, name).values,
                Values::Time {
                    kind: TimeKind::DateTime,
                    ..
                }
            ),
            "{name}"
        );
    }
}

#[test]
fn a_spreadsheetml_2003_workbook_saved_as_xls_is_read_from_its_bytes() {
    let workbook = read_workbook(&fixture("spreadsheetml-2003.xls")).unwrap();
    let sheet_names: Vec<&str> = workbook.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(sheet_names, ["Sales", "Notes", "Empty"]);
    let sales = &workbook.sheets[0];
    assert_eq!(sales.title.as_deref(), Some("Sales by day"));
    assert_eq!(
        sales.header_row,
        Some(2),
        "ss:Index=\"3\" on the header row"
    );
    assert_eq!(names(sales), ["Day", "Region", "Units", "Paid", "Price"]);
    assert_eq!(sales.rows, 3);
    let day_column = column(sales, "Day");
    assert_eq!(
        day_column.values,
        Values::Time {
            seconds: vec![day(2024, 12, 29), day(2024, 12, 30), day(2024, 12, 31)],
            kind: TimeKind::Date
        }
    );
    let region = column(sales, "Region");
    assert_eq!(region.values.label(0), Some("North & East"));
    assert_eq!(region.values.label(2), None, "a cell skipped by ss:Index");
    // The #DIV/0! error cell is a gap.
    assert_floats(column(sales, "Units"), &[12.0, 7.5, GAP]);
    assert_eq!(column(sales, "Units").misfits, 0);
    assert_eq!(
        column(sales, "Paid").values,
        Values::Bool(vec![1.0, 0.0, 1.0])
    );
    // Text cells follow the same rules as a CSV's.
    assert_floats(column(sales, "Price"), &[1200.0, GAP, 950.0]);
    assert_eq!(
        workbook.sheets[1].columns[0].values.label(0),
        Some("Bold note"),
        "rich text is the cell's text"
    );
    assert!(workbook.sheets[2].is_empty());
}
