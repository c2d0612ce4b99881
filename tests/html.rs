//! HTML tables read as workbooks: the "Excel" files web systems export (a
//! page saved with an .xls name), the text/html that Excel, Google Sheets
//! and LibreOffice put on the clipboard, pages of several tables, merged
//! cells, a page without a table, and HTML bombs. The fixtures are in
//! tests/fixtures/html/, written by scripts/make-html-fixtures; the bombs
//! are made here.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sheetplot::calendar::{days_from_civil, SECONDS_PER_DAY};
use sheetplot::format::display_cell;
use sheetplot::model::{DateOrder, NumberFormat, TextDates};
use sheetplot::read::read_sheet_with_choices;
use sheetplot::typing::{Choices, HeaderChoice};
use sheetplot::{read_workbook, Column, ReadError, Sheet, Workbook};

/// How long a refusal may take in a debug build (as tests/regressions.rs).
const REFUSED_WITHIN: Duration = Duration::from_secs(2);

/// The tests that time big inputs take turns, so neither is timed while
/// the other holds the second core.
static TIMED: Mutex<()> = Mutex::new(());

fn timed_alone() -> MutexGuard<'static, ()> {
    TIMED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn workbook(name: &str) -> Workbook {
    read_workbook(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn sheet_names(workbook: &Workbook) -> Vec<&str> {
    workbook.sheets.iter().map(|s| s.name.as_str()).collect()
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

fn types(sheet: &Sheet) -> Vec<&str> {
    sheet.columns.iter().map(|c| c.values.type_name()).collect()
}

/// Compares with NaN gaps equal to each other.
fn assert_floats(column: &Column, expected: &[f64]) {
    let got = column.values.as_floats().expect("a numeric column");
    let same = got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .all(|(a, b)| (a.is_nan() && b.is_nan()) || (a - b).abs() < 1e-9);
    assert!(same, "{}: {got:?}, expected {expected:?}", column.name);
}

fn labels(column: &Column) -> Vec<Option<&str>> {
    (0..column.values.len())
        .map(|row| column.values.label(row))
        .collect()
}

fn day(year: i64, month: u32, d: u32) -> f64 {
    days_from_civil(year, month, d) as f64 * SECONDS_PER_DAY
}

const GAP: f64 = f64::NAN;

/// The region, revenue, share, change and day columns every fixture made
/// by a spreadsheet holds: `$1,200`, `12 %`, `(123)` and `31/12/2024` (or
/// their German forms) typed as number, percent, number and date.
fn assert_the_sales_rows(sheet: &Sheet, [region, revenue, share, change, day_name]: [&str; 5]) {
    assert_eq!(
        labels(column(sheet, region)),
        [Some("Zürich"), Some("Oslo"), Some("Lisbon")]
    );
    assert_floats(column(sheet, revenue), &[1200.0, 950.0, 2050.5]);
    let share = column(sheet, share);
    assert_floats(share, &[0.12, 0.095, 0.2]);
    assert_eq!(share.number_format, NumberFormat::Percent);
    assert_eq!(display_cell(share, 0), "12%");
    assert_floats(column(sheet, change), &[-123.0, 45.0, -7.0]);
    let days = column(sheet, day_name);
    assert_eq!(days.values.type_name(), "date");
    assert_floats(
        days,
        &[day(2024, 12, 31), day(2024, 12, 1), day(2024, 11, 15)],
    );
    assert_eq!(
        days.text_dates,
        Some(TextDates {
            order: DateOrder::DayFirst,
            ambiguous: false
        })
    );
    assert!(sheet.columns.iter().all(|c| c.misfits == 0));
}

#[test]
fn an_excel_web_page_export_named_xls_reads_as_its_table() {
    // Windows-1252 (Zürich), Office namespaces, a <col> list, conditional
    // comments, a hidden row of empty cells, and x:num on every number.
    let workbook = workbook("excel-export.xls");
    assert_eq!(sheet_names(&workbook), ["Table 1"]);
    let sheet = &workbook.sheets[0];
    assert_eq!(
        names(sheet),
        ["Region", "Revenue", "Share", "Change", "Day", "Third"]
    );
    assert_eq!(
        types(sheet),
        ["text", "number", "number", "number", "date", "number"]
    );
    assert_eq!(sheet.rows, 3);
    assert_the_sales_rows(sheet, ["Region", "Revenue", "Share", "Change", "Day"]);
    // The cell shows 316.67; x:num holds the value.
    assert_floats(column(sheet, "Third"), &[400.0, 950.0 / 3.0, 683.5]);
}

#[test]
fn a_google_sheets_copy_reads_from_its_fragment() {
    let workbook = workbook("google-sheets-clipboard.html");
    assert_eq!(sheet_names(&workbook), ["Table 1"]);
    let sheet = &workbook.sheets[0];
    assert_eq!(
        names(sheet),
        ["Region", "Revenue", "Share", "Change", "Day", "Note"]
    );
    assert_the_sales_rows(sheet, ["Region", "Revenue", "Share", "Change", "Day"]);
    // <br/> is a space, &amp; an ampersand, an empty cell a gap.
    assert_eq!(
        labels(column(sheet, "Note")),
        [Some("first line second line"), Some("Fish & chips"), None]
    );
}

#[test]
fn a_libreoffice_copy_in_a_decimal_comma_locale_reads_its_exact_values() {
    // "1.200,00" with sdval="1200", "31.12.2024", "12 %".
    let workbook = workbook("libreoffice-clipboard.html");
    assert_eq!(sheet_names(&workbook), ["Table 1"]);
    let sheet = &workbook.sheets[0];
    assert_eq!(
        names(sheet),
        ["Region", "Umsatz", "Anteil", "Änderung", "Tag"]
    );
    assert_eq!(types(sheet), ["text", "number", "number", "number", "date"]);
    assert_the_sales_rows(sheet, ["Region", "Umsatz", "Anteil", "Änderung", "Tag"]);
}

#[test]
fn each_table_of_a_page_is_a_sheet_named_by_caption_heading_or_number() {
    let workbook = workbook("captioned-tables.html");
    // The empty layout table is no sheet; the <script> is no text.
    assert_eq!(
        sheet_names(&workbook),
        ["Revenue by region", "Costs", "Headcount", "Table 4"]
    );
    let revenue = &workbook.sheets[0];
    // The <thead> row of <th> is the header; <tfoot> is the last row.
    assert_eq!(names(revenue), ["Region", "Q3", "Q4"]);
    assert_eq!(
        labels(column(revenue, "Region")),
        [Some("North"), Some("South"), Some("Total")]
    );
    assert_floats(column(revenue, "Q3"), &[1200.0, 980.0, 2180.0]);
    let costs = &workbook.sheets[1];
    assert_floats(column(costs, "Amount"), &[500.0, 2500.0]);
    let headcount = &workbook.sheets[2];
    assert_eq!(types(headcount), ["number", "number"]);
    assert_floats(column(headcount, "Year"), &[2023.0, 2024.0]);

    // Each sheet reads again by its index, with the header the user picks.
    let choices = Choices {
        header: HeaderChoice::None,
        ..Choices::default()
    };
    let again = read_sheet_with_choices(&fixture("captioned-tables.html"), 1, choices).unwrap();
    assert_eq!(again.name, "Costs");
    assert_eq!(again.rows, 3);
}

#[test]
fn merged_cells_keep_their_value_top_left_and_leave_the_rest_blank() {
    let workbook = workbook("merged-cells.html");
    let sheet = &workbook.sheets[0];
    // The header's second row names the columns; "Region" and "City" stand
    // above it in the rows they span, as Excel opens the file.
    assert_eq!(sheet.columns.len(), 4);
    assert_eq!(names(sheet)[2..], ["2023", "2024"]);
    assert_eq!(
        labels(&sheet.columns[0]),
        [Some("North"), None, Some("South"), None, Some("All")]
    );
    assert_eq!(
        labels(&sheet.columns[1]),
        [
            Some("Oslo"),
            Some("Bergen"),
            Some("Lisbon"),
            Some("Porto"),
            None
        ]
    );
    assert_floats(column(sheet, "2023"), &[10.0, 7.0, 20.0, 15.0, 52.0]);
    assert_floats(column(sheet, "2024"), &[12.0, 8.0, 21.0, 17.0, 58.0]);
    // The header row the user picks instead: the first, with the spans.
    let choices = Choices {
        header: HeaderChoice::Row(0),
        ..Choices::default()
    };
    let again = read_sheet_with_choices(&fixture("merged-cells.html"), 0, choices).unwrap();
    assert_eq!(names(&again)[..3], ["Region", "City", "Sales"]);
}

#[test]
fn a_page_without_a_table_is_refused_in_words() {
    let error = read_workbook(&fixture("no-table.html")).unwrap_err();
    assert_eq!(error, ReadError::NoTable);
    assert_eq!(error.kind(), "NoTable");
    let sentence = error.to_string();
    assert!(sentence.contains("no table found"), "{sentence}");
    assert!(sentence.ends_with('.'), "{sentence}");
}

#[test]
fn html_cells_are_typed_exactly_as_the_same_csv_cells() {
    let csv = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/as-people-write.csv"),
    )
    .unwrap();
    let rows = [
        ["price", "share", "change", "day"],
        ["$1,200", "12 %", "(123)", "31/12/2024"],
        ["$950", "8 %", "45", "30/12/2024"],
        ["$1,050.50", "7.5 %", "(7)", "29/12/2024"],
        ["$2,000", "n/a", "-", "28/12/2024"],
    ];
    let table: String = rows
        .iter()
        .map(|row| {
            let cells: String = row.iter().map(|c| format!("<td>{c}</td>")).collect();
            format!("<tr>{cells}</tr>\n")
        })
        .collect();
    let html = format!("<!DOCTYPE html><table>\n{table}</table>");
    let from_csv = read_workbook(&csv).unwrap().sheets.remove(0);
    let mut from_html = read_workbook(html.as_bytes()).unwrap().sheets.remove(0);
    assert_eq!(from_html.name, "Table 1");
    from_html.name = from_csv.name.clone();
    // Gaps are NaN, which equals nothing: compare what each shows.
    assert_eq!(format!("{from_html:?}"), format!("{from_csv:?}"));
}

#[test]
fn pasted_fragments_are_told_by_their_content() {
    // The page hands pasted text/html to the reader as a file: these are
    // how browsers' clipboards begin.
    let table = "<table><tr><td>x</td><td>y</td></tr><tr><td>1</td><td>2</td></tr></table>";
    for start in [
        "<meta charset=\"utf-8\">",
        "<meta charset='utf-8'><google-sheets-html-origin>",
        "<style type=\"text/css\">td { mso-number-format:General; }</style>",
        "\u{feff}<html><body><!--StartFragment-->",
        "",
    ] {
        let html = format!("{start}{table}");
        let workbook = read_workbook(html.as_bytes()).unwrap_or_else(|e| panic!("{start}: {e}"));
        let sheet = &workbook.sheets[0];
        assert_eq!(names(sheet), ["x", "y"], "{start}");
        assert_floats(column(sheet, "y"), &[2.0]);
    }
}

/// Reads `html`, asserting the answer comes within [`REFUSED_WITHIN`].
fn read_quickly(what: &str, html: &str) -> Result<Workbook, ReadError> {
    let started = Instant::now();
    let result = read_workbook(html.as_bytes());
    let took = started.elapsed();
    assert!(took < REFUSED_WITHIN, "{what}: {took:?}");
    result
}

#[test]
fn html_bombs_are_refused_quickly_and_without_a_tree() {
    let _alone = timed_alone();
    let deep = 100_000;
    let divs = format!("<html><body>{}", "<div>".repeat(deep));
    assert_eq!(read_quickly("divs", &divs).unwrap_err(), ReadError::NoTable);
    // As deep, around a real table: nesting costs nothing, it reads.
    let wrapped = format!("{divs}<table><tr><td>a</td></tr><tr><td>1</td></tr></table>");
    assert_eq!(read_quickly("wrapped", &wrapped).unwrap().sheets.len(), 1);
    let tables = format!("<html>{}x", "<table><tr><td>".repeat(deep));
    assert!(matches!(
        read_quickly("tables", &tables),
        Err(ReadError::Bomb(why)) if why.contains("nested")
    ));
    // Ten million cells: 40 MB, refused at the first past the last column.
    let cells = format!("<html><table><tr>{}</table>", "<td>1".repeat(10_000_000));
    assert!(matches!(
        read_quickly("cells", &cells),
        Err(ReadError::TooLarge(why)) if why.contains("columns")
    ));
    // Spans: a few bytes a cell, asking for billions of covered cells.
    let spans = format!(
        "<html><table>{}</table>",
        "<tr><td rowspan=65534 colspan=1000>x</td><td rowspan=2 colspan=1000>y".repeat(100)
    );
    assert!(read_quickly("spans", &spans).is_err());
}

#[test]
fn a_five_megabyte_table_reads_within_seconds() {
    let _alone = timed_alone();
    // Rows as Excel's web page export writes them: a class and an
    // alignment on each cell, and x:num beside each number.
    let header = " <tr>\r\n  <td class=xl65>day</td>\r\n  <td class=xl65>region</td>\r\n  \
                  <td class=xl65>revenue</td>\r\n  <td class=xl65>share</td>\r\n </tr>\r\n";
    let row = |i: usize| {
        let revenue = (i % 90 + 1) * 1000 + i % 1000;
        let share = i % 50;
        format!(
            " <tr height=20 style='height:15.0pt'>\r\n\
             \x20 <td height=20 class=xl69 align=right x:num=\"{serial}\">{day:02}/{month:02}/2024</td>\r\n\
             \x20 <td class=xl65>Region {region}</td>\r\n\
             \x20 <td class=xl66 align=right x:num=\"{revenue}\">${thousands},{units:03} </td>\r\n\
             \x20 <td class=xl67 align=right x:num=\"0.{share:02}\">{share}&nbsp;%</td>\r\n\
             \x20</tr>\r\n",
            serial = 45292 + i % 360,
            day = i % 28 + 1,
            month = i % 12 + 1,
            region = i % 7,
            thousands = revenue / 1000,
            units = revenue % 1000,
        )
    };
    let mut html = format!(
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\r\n<body>\r\n<table>\r\n{header}"
    );
    let mut rows = 0;
    while html.len() < 5 * 1024 * 1024 {
        html.push_str(&row(rows));
        rows += 1;
    }
    html.push_str("</table>\r\n</body>\r\n</html>\r\n");
    let started = Instant::now();
    let workbook = read_workbook(html.as_bytes()).unwrap();
    let took = started.elapsed();
    println!(
        "read a {:.1} MB HTML table ({rows} rows) in {took:?}",
        html.len() as f64 / 1e6
    );
    let sheet = &workbook.sheets[0];
    assert_eq!(sheet.rows, rows);
    assert_eq!(types(sheet), ["date", "text", "number", "number"]);
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn an_empty_cell_row_or_page_is_no_value() {
    let html = "<table><tr><td>a</td><td>b</td></tr><tr><td>&nbsp;</td><td>2</td></tr>\
                <tr></tr><tr><td>3</td><td></td></tr></table>";
    let workbook = read_workbook(html.as_bytes()).unwrap();
    let sheet = &workbook.sheets[0];
    assert_floats(column(sheet, "b"), &[2.0, GAP, GAP]);
}
