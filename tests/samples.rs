//! The workbooks sheetplot ships read as intended: the reader's warm-up
//! workbook must exercise the paths a real file takes (dates, numbers,
//! shared strings), or warming up would compile the wrong code.

use sheetplot::{read_workbook, TimeKind, Values};

#[test]
fn the_warm_up_workbook_has_a_date_time_a_number_and_a_text_column() {
    let bytes = include_bytes!("../crates/web/src/browser/warmup.xlsx");
    let workbook = read_workbook(bytes).unwrap();
    let sheet = &workbook.sheets[0];
    assert_eq!(sheet.rows, 24);
    let kinds: Vec<_> = sheet
        .columns
        .iter()
        .map(|c| (&*c.name, &c.values))
        .collect();
    assert!(matches!(
        kinds[0],
        (
            "time",
            Values::Time {
                kind: TimeKind::DateTime,
                ..
            }
        )
    ));
    assert!(matches!(kinds[1], ("value", Values::Number(_))));
    assert!(matches!(kinds[2], ("label", Values::Text { .. })));
}
