//! Delimited text is read as it arrives (the page hands the reader a file a
//! slice at a time): however the bytes are cut, the sheet is the one typed
//! from the whole file's grid of cells, and the file is never needed whole.

use std::cell::RefCell;
use std::io::Read;

use sheetplot::read::{
    delimited_head, read_delimited_stream, read_sheets, Progress, HEAD_BYTES, TEXT_SHEET_NAME,
};
use sheetplot::typing::{type_sheet_with_choices, Choices};
use sheetplot::{read_workbook, Sheet, Values};

mod text_fixtures;
use text_fixtures::{fixture, TEXT_FIXTURES};

/// Gives `bytes` at most `step` bytes a read, as a slow stream would.
struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(out.len()).min(self.bytes.len());
        out[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

fn streamed(bytes: &[u8], step: usize) -> Sheet {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let head = delimited_head(head, head.len() == bytes.len()).expect("delimited text");
    let reader = Trickle { bytes, step };
    read_delimited_stream(
        reader,
        &head,
        bytes.len() as u64,
        &|_| {},
        Choices::default(),
    )
    .unwrap()
}

/// The sheet typed from the whole file's grid of cells, the other way in.
fn from_grid(bytes: &[u8]) -> Sheet {
    let (_, range) = read_sheets(bytes).unwrap().remove(0);
    let decimal_comma = delimited_head(bytes, true).unwrap().dialect.decimal_comma;
    type_sheet_with_choices(
        TEXT_SHEET_NAME.to_owned(),
        &range,
        Choices::default(),
        decimal_comma,
    )
}

/// Sheets compare by their printed form: gaps are NaN, which `==` refuses.
fn same(a: &Sheet, b: &Sheet) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

#[test]
fn every_text_fixture_is_the_same_sheet_however_its_bytes_arrive() {
    for name in TEXT_FIXTURES {
        let bytes = fixture(name);
        let grid = from_grid(&bytes);
        // Without its last line break, the last record ends with the file.
        let unended = bytes.trim_ascii_end();
        assert!(
            same(&streamed(unended, 5), &grid),
            "{name} without its last line break"
        );
        assert!(grid.rows > 0, "{name}");
        for step in [1, 2, 3, 7, 4096, usize::MAX] {
            assert!(
                same(&streamed(&bytes, step), &grid),
                "{name}, {step} bytes a read"
            );
        }
        assert!(
            same(&read_workbook(&bytes).unwrap().sheets[0], &grid),
            "{name}"
        );
    }
}

#[test]
fn utf16_and_windows_1252_are_decoded_across_cuts() {
    let text = "name;price\nCafé – 5 €;1,5\nÆble;2,25\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let cp1252 = b"name;price\nCaf\xe9 \x96 5 \x80;1,5\n\xc6ble;2,25\n".to_vec();
    for bytes in [utf16, cp1252, text.as_bytes().to_vec()] {
        for step in [1, 3, 5] {
            let sheet = streamed(&bytes, step);
            let Values::Text { ids, labels } = &sheet.columns[0].values else {
                panic!("names are text: {sheet:?}");
            };
            assert_eq!(labels[ids[0] as usize], "Café – 5 €");
            assert_eq!(labels[ids[1] as usize], "Æble");
            let Values::Number(prices) = &sheet.columns[1].values else {
                panic!("prices are numbers: {sheet:?}");
            };
            assert_eq!(prices, &[1.5, 2.25]);
        }
    }
}

#[test]
fn a_file_longer_than_its_head_streams_with_progress_to_its_end() {
    // About 6 MB: the head is its first megabyte, cut inside a record.
    let mut text = String::from("when,level,site\n");
    let rows = 200_000;
    for i in 0..rows {
        text.push_str(&format!(
            "2024-01-{:02}T{:02}:00:00,{}.{},\"site {}, north\"\n",
            1 + i % 28,
            i % 24,
            i,
            i % 10,
            i % 7
        ));
    }
    let bytes = text.as_bytes();
    assert!(bytes.len() > 4 * HEAD_BYTES);
    let head = delimited_head(&bytes[..HEAD_BYTES], false).unwrap();
    let reports = RefCell::new(Vec::<Progress>::new());
    let sheet = read_delimited_stream(
        Trickle {
            bytes,
            step: 100_000,
        },
        &head,
        bytes.len() as u64,
        &|p| reports.borrow_mut().push(p),
        Choices::default(),
    )
    .unwrap();
    assert_eq!(sheet.rows, rows);
    assert!(same(&sheet, &from_grid(bytes)));
    let Values::Number(levels) = &sheet.columns[1].values else {
        panic!("levels are numbers");
    };
    assert_eq!(levels[123_456], 123_456.6);
    // Made as long as the head foretold, not grown by doubling (to 262,144).
    assert!(
        levels.capacity() < rows + rows / 20,
        "{} for {rows} rows",
        levels.capacity()
    );
    let reports = reports.into_inner();
    assert!(reports.len() >= 5, "{reports:?}");
    assert!(reports.windows(2).all(|w| w[0].done < w[1].done));
    assert!(reports
        .iter()
        .all(|p| p.total == bytes.len() as u64 && p.done <= p.total));
}

#[test]
fn only_delimited_text_is_streamed() {
    assert!(delimited_head(b"a,b\n1,2\n", true).is_some());
    for not_delimited in [
        &b"PK\x03\x04rest of a zip"[..],
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1an ole file",
        b"<html><table><tr><td>1</td></tr></table></html>",
        b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
        b"These are my notes, not a spreadsheet.\n",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        b"",
    ] {
        assert!(
            delimited_head(not_delimited, true).is_none(),
            "{}",
            String::from_utf8_lossy(not_delimited)
        );
    }
}
