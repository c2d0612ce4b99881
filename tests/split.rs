//! A delimited text read in two parts at once (two workers in the page)
//! is the sheet one read gives, wherever the file is cut: the parts join
//! when the cut is a record's start, and the first part reads on alone when
//! it is not (a line break in a quoted field, a replaced byte).

use sheetplot::read::split::{cut_in, read_first_part, read_later_part, FirstRead};
use sheetplot::read::{delimited_head, read_delimited_stream, HEAD_BYTES};
use sheetplot::typing::{Choices, DateChoice, HeaderChoice};
use sheetplot::{Sheet, Values};

mod text_fixtures;
use text_fixtures::{fixture, TEXT_FIXTURES};

fn head_of(bytes: &[u8]) -> sheetplot::read::TextHead {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    delimited_head(head, head.len() == bytes.len()).expect("delimited text")
}

fn one_read(bytes: &[u8], choices: Choices) -> Sheet {
    let head = head_of(bytes);
    read_delimited_stream(bytes, &head, bytes.len() as u64, &|_| {}, choices).unwrap()
}

/// How a read in two parts, cut after the line break found from `from`,
/// went.
#[derive(Debug, PartialEq)]
enum Way {
    NoCut,
    Joined,
    /// The first part could not take the later one and read on alone.
    ReadOn,
    /// No record starts at the cut: the first part read to the end.
    Whole,
}

fn two_parts(bytes: &[u8], from: usize, choices: Choices) -> (Sheet, Way) {
    let head = head_of(bytes);
    let total = bytes.len() as u64;
    let Some(cut) = cut_in(&head, &bytes[from..], from as u64) else {
        return (one_read(bytes, choices), Way::NoCut);
    };
    let first = read_first_part(bytes, &head, total, cut, &|_| {}, choices).unwrap();
    match first {
        FirstRead::Whole(sheet) => (sheet, Way::Whole),
        FirstRead::Part(first) => {
            let rest = &bytes[cut as usize..];
            if first.can_join() {
                let later = read_later_part(rest, &head, total, cut).unwrap();
                (first.join(later).unwrap(), Way::Joined)
            } else {
                (first.read_rest(rest, &|_| {}).unwrap(), Way::ReadOn)
            }
        }
    }
}

/// One byte to look for a cut from, for each cut there is: many bytes
/// before a line start lead to the same cut.
fn every_cut(bytes: &[u8]) -> Vec<usize> {
    let head = head_of(bytes);
    let mut seen = std::collections::BTreeMap::new();
    for from in 0..bytes.len() {
        let cut = cut_in(&head, &bytes[from..], from as u64);
        seen.entry(cut).or_insert(from);
    }
    seen.into_values().collect()
}

/// Sheets compare by their printed form: gaps are NaN, which `==` refuses.
fn same(a: &Sheet, b: &Sheet) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

/// A table that changes past its middle: labels first seen late, a column
/// only the later rows fill, a column numbers early and text late (its type
/// is the majority of both), dates and percentages written as text, gaps,
/// rows of empty fields, and quoted fields with line breaks.
fn changing_table(rows: usize) -> String {
    let mut text = String::from("Readings\n\nwhen,level,site,note,share\n");
    for i in 0..rows {
        let late = i >= rows / 2;
        let when = format!("{:02}/{:02}/2024", 1 + i % 28, 1 + i % 12);
        let level = if i % 17 == 0 {
            String::new()
        } else {
            format!("{}.{}", i, i % 10)
        };
        let site = if late {
            format!("late site {}", i % 11)
        } else {
            format!("site {}", i % 5)
        };
        let note = match (late, i % 9) {
            (_, 0) => "\"two\nlines, quoted\"".to_owned(),
            (false, _) => format!("{}", i % 4),
            (true, _) => format!("word {}", i % 3),
        };
        let share = if late {
            format!("{}%", i % 100)
        } else {
            String::new()
        };
        text.push_str(&format!("{when},{level},{site},{note},{share}"));
        if late && i % 13 == 0 {
            text.push_str(",extra");
        }
        text.push('\n');
        if i % 31 == 0 {
            text.push_str(",,,,\n");
        }
    }
    text
}

#[test]
fn a_text_read_in_two_parts_is_the_sheet_one_read_gives_wherever_it_is_cut() {
    let text = changing_table(400);
    let bytes = text.as_bytes();
    let choices = [
        Choices::default(),
        Choices {
            header: HeaderChoice::None,
            dates: DateChoice::MonthFirst,
        },
        Choices {
            header: HeaderChoice::Row(2),
            dates: DateChoice::DayFirst,
        },
    ];
    for choices in choices {
        let whole = one_read(bytes, choices);
        assert!(whole.rows > 400, "{}", whole.rows);
        let mut ways = [0usize; 4];
        let cuts = every_cut(bytes);
        for &from in &cuts {
            let (sheet, way) = two_parts(bytes, from, choices);
            assert!(
                same(&sheet, &whole),
                "{choices:?}, cut from byte {from} ({way:?})"
            );
            ways[way as usize] += 1;
        }
        let [_, joined, read_on, whole_way] = ways;
        // Cuts after the header block join; near the start the first part
        // reads on alone; a cut in a quoted field is found and not trusted.
        assert!(joined > cuts.len() / 2, "{choices:?}: {ways:?}");
        assert!(read_on > 0 && whole_way > 0, "{choices:?}: {ways:?}");
    }
}

#[test]
fn the_joined_columns_keep_the_labels_in_the_order_one_read_meets_them() {
    let text = changing_table(400);
    let bytes = text.as_bytes();
    let (sheet, way) = two_parts(bytes, bytes.len() / 2, Choices::default());
    assert_eq!(way, Way::Joined);
    let site = sheet.columns.iter().find(|c| c.name == "site").unwrap();
    let Values::Text { labels, .. } = &site.values else {
        panic!("sites are text: {site:?}");
    };
    assert_eq!(labels[0], "site 0");
    assert_eq!(labels[5], "late site 2", "{labels:?}");
    let note = sheet.columns.iter().find(|c| c.name == "note").unwrap();
    assert!(matches!(note.values, Values::Text { .. }), "{note:?}");
    let share = sheet.columns.iter().find(|c| c.name == "share").unwrap();
    assert!(matches!(share.values, Values::Number(_)), "{share:?}");
}

#[test]
fn every_text_fixture_reads_the_same_in_two_parts() {
    for name in TEXT_FIXTURES {
        let bytes = fixture(name);
        let whole = one_read(&bytes, Choices::default());
        for from in every_cut(&bytes) {
            let (sheet, way) = two_parts(&bytes, from, Choices::default());
            assert!(same(&sheet, &whole), "{name} cut from {from} ({way:?})");
        }
    }
}

#[test]
fn a_bom_is_behind_the_cut_and_other_encodings_are_not_cut() {
    let table = changing_table(300);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(table.as_bytes());
    let whole = one_read(&bytes, Choices::default());
    let (sheet, way) = two_parts(&bytes, bytes.len() / 2, Choices::default());
    assert_eq!(way, Way::Joined);
    assert!(same(&sheet, &whole));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(table.encode_utf16().flat_map(u16::to_le_bytes));
    let (sheet, way) = two_parts(&utf16, utf16.len() / 2, Choices::default());
    assert_eq!(way, Way::NoCut);
    assert!(same(&sheet, &one_read(&utf16, Choices::default())));
}

#[test]
fn a_byte_replaced_before_the_cut_makes_the_first_part_read_on_alone() {
    // The head (first megabyte) is UTF-8; a stray byte after it is replaced
    // in the text, so its positions are no longer the file's.
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"n,label\n");
    let mut i = 0;
    while bytes.len() < 3 * HEAD_BYTES {
        let label: &[u8] = if i == 150_000 { b"caf\xe9" } else { b"plain" };
        bytes.extend_from_slice(format!("{i},").as_bytes());
        bytes.extend_from_slice(label);
        bytes.push(b'\n');
        i += 1;
    }
    let whole = one_read(&bytes, Choices::default());
    let from = 2 * HEAD_BYTES + 7;
    let (sheet, way) = two_parts(&bytes, from, Choices::default());
    assert_eq!(way, Way::Whole);
    assert!(same(&sheet, &whole));
    // Without the stray byte the same cut joins.
    let clean: Vec<u8> = String::from_utf8_lossy(&bytes)
        .replace('\u{FFFD}', "e")
        .into();
    let (sheet, way) = two_parts(&clean, from, Choices::default());
    assert_eq!(way, Way::Joined);
    assert!(same(&sheet, &one_read(&clean, Choices::default())));
}
