//! Why a file was refused, in words a person can act on.

use std::fmt;

/// A refusal to read a file. Every variant's `Display` is a complete
/// sentence for the page; the detail strings carry the reader's own words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReadError {
    /// The file has no bytes at all.
    Empty,
    /// The workbook is encrypted with a password.
    PasswordProtected,
    /// The bytes are not a spreadsheet format sheetplot knows.
    NotSpreadsheet,
    /// A spreadsheet format sheetplot knows of but cannot read.
    Unsupported(String),
    /// It ends before its own structure does (an interrupted download or copy).
    Truncated(String),
    /// It looks like a spreadsheet but its structure is broken.
    Corrupt(String),
    /// It declares far more than it holds (a zip whose sizes lie, a sheet
    /// asking for billions of cells): refused before it exhausts memory.
    Bomb(String),
    /// It asks for more than sheetplot will hold in memory.
    TooLarge(String),
    /// It opened, but holds no sheet.
    NoSheets,
    /// An HTML page (or copied fragment) without a table that holds values.
    NoTable,
    /// A format (named) that this build's reader leaves to sheetplot's
    /// reader of every format: the page's first reader reads .xlsx and
    /// delimited text only, so the rest of the formats' code loads only when
    /// such a file arrives.
    OtherReader(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => f.write_str("the file is empty (0 bytes)."),
            ReadError::PasswordProtected => f.write_str(
                "the workbook is password-protected. Remove the password in the program \
                 that made it, save, and try again.",
            ),
            ReadError::NotSpreadsheet => f.write_str(
                "this is not a spreadsheet sheetplot can read \
                 (.xlsx, .xlsm, .xlsb, .xls, .ods or .csv).",
            ),
            ReadError::Unsupported(what) => write!(
                f,
                "{what}, a format sheetplot cannot read. Open it in Excel or LibreOffice and save it as .xlsx."
            ),
            ReadError::Truncated(detail) => write!(
                f,
                "the file is truncated: it ends before its own structure does, as after an \
                 interrupted download or copy ({detail})."
            ),
            ReadError::Bomb(detail) => write!(
                f,
                "the file claims far more data than it holds and was refused before it could \
                 exhaust your browser's memory ({detail})."
            ),
            ReadError::Corrupt(detail) => {
                write!(
                    f,
                    "the file is damaged and cannot be read ({detail})."
                )
            }
            ReadError::TooLarge(detail) => {
                write!(f, "the file is too large to open here: {detail}.")
            }
            ReadError::NoSheets => f.write_str("the workbook contains no sheets."),
            ReadError::NoTable => f.write_str(
                "no table found in this HTML page: sheetplot reads each <table> that \
                 holds values as a sheet.",
            ),
            ReadError::OtherReader(format) => write!(
                f,
                "this {format} is read by sheetplot's reader of every format, which this \
                 reader is not."
            ),
        }
    }
}

impl ReadError {
    /// The variant's name: what a refusal is, without its details.
    pub fn kind(&self) -> &'static str {
        match self {
            ReadError::Empty => "Empty",
            ReadError::PasswordProtected => "PasswordProtected",
            ReadError::NotSpreadsheet => "NotSpreadsheet",
            ReadError::Unsupported(_) => "Unsupported",
            ReadError::Truncated(_) => "Truncated",
            ReadError::Corrupt(_) => "Corrupt",
            ReadError::Bomb(_) => "Bomb",
            ReadError::TooLarge(_) => "TooLarge",
            ReadError::NoSheets => "NoSheets",
            ReadError::NoTable => "NoTable",
            ReadError::OtherReader(_) => "OtherReader",
        }
    }
}

impl std::error::Error for ReadError {}
