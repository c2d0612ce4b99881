//! Values as people write them in text cells: `$1,200`, `12 %`, `(123)`,
//! `31/12/2024`, `Dec 31, 2024`, `2:30 PM`, `n/a`.
//!
//! A text cell of any format (a CSV field that is not a plain number, an
//! .xlsx cell stored as text) is read here, with the conventions its column
//! decided from all of its cells ([`Evidence`], then [`Conventions`]): the
//! decimal separator, and the order of day and month.
//!
//! The rules:
//! - **Gaps.** `n/a`, `NA`, `-`, `–`, `—`, `NaN`, `null`, `#N/A` (and the
//!   other error texts), `inf`, `-inf`, `Infinity` are gaps, not misfits, in
//!   a column of numbers or dates; a text column keeps them as written.
//! - **Numbers.** Thousands separators in groups of three (`1,200`,
//!   `1 200` with any space, `1'200`, `1.234,5` with a decimal comma);
//!   a currency symbol or code before or after, with or without a space
//!   (`$1,200`, `€ 12`, `12 €`, `£3.50`, `¥100`, `CHF 10`); a percent sign
//!   after (`12 %` is 0.12, and the column records it); a sign before or
//!   after the currency, `−` (U+2212) as a minus, and accounting
//!   parentheses (`(123)` is −123). A number with a leading zero (`007`,
//!   `0042`) is a code, not a number: it stays text.
//! - **Decimal separator.** A column whose texts read only with a decimal
//!   comma (`12,5 %`, `1.234,5 €`) uses one, a column whose texts read only
//!   with a point uses a point; when its texts leave it open (`1,234 €`),
//!   the file's default decides (a CSV's sniffed dialect, else a point).
//! - **Dates.** ISO (`2024-12-31`, with a time, with `Z` or an offset);
//!   year first with `/` or `.` (`2024/12/31`); day and month as numbers
//!   with `/`, `.` or `-` and a year of four digits or two (`24` is 2024,
//!   `30`–`99` the 1900s, as Excel reads them); month names and their
//!   abbreviations in English, French, German, Spanish, Italian, Portuguese
//!   and Dutch (`Dec 31, 2024`, `31 December 2024`, `31 déc. 2024`,
//!   `31. Dezember 2024`, `31 dic 2024`, `31-Dec-24`), each optionally
//!   followed by a time.
//! - **Order of day and month**, decided per column: by the values that can
//!   only be one order (a day over 12), the more common one winning (the
//!   others are misfits). When no value tells, `/` is read month first (as
//!   the United States write it, and as Excel's US exports do) and `.` or
//!   `-` day first (no one writes `12.31.2024`), and the column records
//!   that the order was ambiguous ([`sheetplot_model::TextDates`]); the
//!   user can choose the order ([`crate::typing::DateChoice`]).
//! - **Times**: `14:30`, `14:30:15.5`, `2:30 PM`, `2:30 p.m.`.
//! - **Time zones**: an offset (`+01:00`, `-0500`, `Z`) is applied: the value
//!   is the instant in UTC, so a column that crosses a daylight-saving
//!   change, or mixes zones, stays in time order. Text without an offset
//!   is the wall clock as written, as every spreadsheet date is.

use sheetplot_model::calendar::{days_from_civil, days_in_month, SECONDS_PER_DAY};
use sheetplot_model::DateOrder;

use crate::delimited::parse_number;
use crate::typing::parse_iso_datetime;

/// What a text cell holds, read with its column's conventions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Written {
    /// A word for "no value": `n/a`, `-`, `NaN`, ….
    Gap,
    Number {
        value: f64,
        /// Written with a percent sign (and divided by a hundred).
        percent: bool,
    },
    /// Seconds since 1970-01-01 (the wall clock, or UTC when written with
    /// an offset).
    Date(f64),
    /// Seconds since midnight.
    TimeOfDay(f64),
    Text,
}

/// How a column writes its numbers and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conventions {
    pub decimal_comma: bool,
    pub order: DateOrder,
}

/// What one text alone says about its column's conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Evidence {
    /// `Some(true)`: a number only with a decimal comma (`12,5 %`);
    /// `Some(false)`: only with a decimal point (`12.5 %`).
    pub decimal_comma: Option<bool>,
    /// A date with day and month as numbers: the one order that reads it,
    /// or `None` inside `Some` when both do (`03/04/2024`).
    pub date_order: Option<Option<DateOrder>>,
    /// The separator of such a date (`/`, `.` or `-`).
    pub date_separator: Option<char>,
}

/// How a text looks without its column's conventions, for finding the
/// header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Gap,
    /// Digits alone (`2024`, `3.5`): a header may name its columns so.
    PlainNumber,
    /// A number, date or time under some conventions.
    Value,
    Text,
}

/// Whether `text` is a word for "no value".
pub fn is_gap(text: &str) -> bool {
    const GAPS: [&str; 24] = [
        "n/a",
        "na",
        "n.a.",
        "-",
        "–",
        "—",
        "−",
        "nan",
        "-nan",
        "null",
        "#n/a",
        "#na",
        "#value!",
        "#div/0!",
        "#ref!",
        "#name?",
        "#num!",
        "#null!",
        "inf",
        "-inf",
        "+inf",
        "infinity",
        "-infinity",
        "+infinity",
    ];
    let text = text.trim();
    text.len() <= 12 && GAPS.contains(&text.to_lowercase().as_str())
}

/// The shape of `text` (see [`Shape`]).
pub fn shape(text: &str) -> Shape {
    let text = text.trim();
    if is_gap(text) {
        return Shape::Gap;
    }
    let plain = |comma| parse_number(text, comma).is_some() && !leading_zero(text);
    if plain(false) || plain(true) {
        return Shape::PlainNumber;
    }
    let either = [
        Conventions {
            decimal_comma: false,
            order: DateOrder::MonthFirst,
        },
        Conventions {
            decimal_comma: true,
            order: DateOrder::DayFirst,
        },
    ];
    if either.iter().any(|&c| read(text, c) != Written::Text) {
        Shape::Value
    } else {
        Shape::Text
    }
}

/// What `text` says about its column's conventions.
pub fn evidence(text: &str) -> Evidence {
    let text = text.trim();
    let mut evidence = Evidence::default();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return evidence;
    }
    if let Some((body, _)) = number_parts(text) {
        let point = parse_body(body, false);
        let comma = parse_body(body, true);
        evidence.decimal_comma = match (point, comma) {
            (Some(_), None) => Some(false),
            (None, Some(_)) => Some(true),
            _ => None,
        };
        if point.is_some() || comma.is_some() {
            return evidence;
        }
    }
    let date = split_time(text).0;
    if let Some((a, b, year, separator)) = numeric_date_fields(date) {
        let day_first = valid_date(year, b, a);
        let month_first = valid_date(year, a, b);
        evidence.date_separator = Some(separator);
        evidence.date_order = match (day_first, month_first) {
            (true, false) => Some(Some(DateOrder::DayFirst)),
            (false, true) => Some(Some(DateOrder::MonthFirst)),
            // The same date either way (1/1/2024) says nothing.
            (true, true) if a == b => None,
            (true, true) => Some(None),
            (false, false) => None,
        };
    }
    evidence
}

/// Reads `text` with the column's conventions.
pub fn read(text: &str, conventions: Conventions) -> Written {
    let text = text.trim();
    if text.is_empty() || is_gap(text) {
        return Written::Gap;
    }
    // Every number, date and time has a digit: most text (names,
    // categories) is told at once.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Written::Text;
    }
    if let Some((body, (negative, percent))) = number_parts(text) {
        if let Some(value) = parse_body(body, conventions.decimal_comma) {
            let value = if negative { -value } else { value };
            return Written::Number {
                value: if percent { value / 100.0 } else { value },
                percent,
            };
        }
        // Not a number with this column's separator; with the other, or
        // as a date (`31.12.2024`), it is no number either.
        if percent || parse_body(body, !conventions.decimal_comma).is_some() {
            return Written::Text;
        }
    }
    if let Some(seconds) = read_iso_with_offset(text) {
        return Written::Date(seconds);
    }
    if let Some(seconds) = parse_iso_datetime(text) {
        return if text.contains('-') {
            Written::Date(seconds)
        } else {
            Written::TimeOfDay(seconds)
        };
    }
    let (date, time) = split_time(text);
    let clock = match time {
        Some(time) => match read_clock(time) {
            Some(seconds) => Some(seconds),
            None => return Written::Text,
        },
        None => None,
    };
    if date.is_empty() {
        return clock.map_or(Written::Text, Written::TimeOfDay);
    }
    let day = read_numeric_date(date, conventions.order).or_else(|| read_named_date(date));
    match day {
        Some(days) => Written::Date(days as f64 * SECONDS_PER_DAY + clock.unwrap_or(0.0)),
        None => Written::Text,
    }
}

/// `007` or `-0042`: a code, not a number.
fn leading_zero(text: &str) -> bool {
    let digits = text.trim_start_matches(['-', '+']).as_bytes();
    digits.len() > 1 && digits[0] == b'0' && digits[1].is_ascii_digit()
}

/// Currency symbols and codes, longest first where one begins another.
const CURRENCIES: [&str; 50] = [
    "US$", "R$", "C$", "A$", "NZ$", "HK$", "S$", "$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₪", "₫",
    "฿", "₴", "₦", "₱", "CHF", "USD", "EUR", "GBP", "JPY", "CNY", "CAD", "AUD", "NZD", "SEK",
    "NOK", "DKK", "PLN", "CZK", "HUF", "INR", "BRL", "MXN", "ZAR", "KRW", "SGD", "HKD", "TRY",
    "RUB", "kr", "zł", "Kč", "Fr.", "Rs",
];

/// `text` without a currency symbol at its start (`after` false) or end.
fn strip_currency(text: &str, after: bool) -> Option<&str> {
    CURRENCIES.iter().find_map(|symbol| {
        let rest = if after {
            text.strip_suffix(symbol)?
        } else {
            text.strip_prefix(symbol)?
        };
        // A code is a word of its own: `CHF10` and `10 CHF`, not `CHFX`.
        let next = if after {
            rest.chars().next_back()
        } else {
            rest.chars().next()
        };
        let word = symbol.chars().all(char::is_alphabetic);
        (!word || next.is_none_or(|c| !c.is_alphabetic())).then(|| rest.trim())
    })
}

/// The digits of a number written with decorations (sign, parentheses,
/// currency, percent), and whether it is negative and a percentage; `None`
/// when `text` is not shaped like a number at all.
fn number_parts(text: &str) -> Option<(&str, (bool, bool))> {
    let mut s = text;
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    let percent = match s.strip_suffix('%') {
        Some(rest) => {
            s = rest.trim_end();
            true
        }
        None => false,
    };
    let mut signs = 0;
    let mut currency = false;
    loop {
        if let Some(rest) = s.strip_prefix(['-', '−']) {
            negative = !negative;
            signs += 1;
            s = rest.trim_start();
        } else if let Some(rest) = s.strip_prefix('+') {
            signs += 1;
            s = rest.trim_start();
        } else if let Some(rest) = strip_currency(s, false).filter(|_| !currency) {
            currency = true;
            s = rest;
        } else {
            break;
        }
    }
    if !currency {
        if let Some(rest) = strip_currency(s, true) {
            currency = true;
            s = rest;
        }
    }
    let starts_right = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
    if signs > 1 || (percent && currency) || !starts_right || leading_zero(s) {
        return None;
    }
    // Plain digits with separators are numbers too (`1 200`, `1.234,5`,
    // `12`): the column's decimal separator reads them.
    Some((s, (negative, percent)))
}

/// Unsigned digits with grouping and one decimal separator.
fn parse_body(body: &str, decimal_comma: bool) -> Option<f64> {
    if body.starts_with(['-', '+']) {
        return None;
    }
    // Any space (no-break, narrow, thin) or an apostrophe groups thousands.
    let spaced: String = body
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '\'' || c == '’' {
                ' '
            } else {
                c
            }
        })
        .collect();
    if spaced.contains("  ") {
        return None;
    }
    parse_number(&spaced, decimal_comma).filter(|v| v.is_finite())
}

/// Splits a date-time text at its time: the first word with a colon and
/// what follows it (`PM`).
fn split_time(text: &str) -> (&str, Option<&str>) {
    let mut start = None;
    let mut offset = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        if word.contains(':') {
            start = Some(offset);
            break;
        }
        offset += word.len();
    }
    match start {
        Some(at) => (text[..at].trim(), Some(text[at..].trim())),
        None => (text, None),
    }
}

/// `14:30`, `14:30:15.5`, `2:30 PM`, `2:30pm`, `2:30 p.m.` as seconds
/// since midnight.
fn read_clock(text: &str) -> Option<f64> {
    let lower = text.trim().to_lowercase();
    let (clock, pm) = match ["am", "a.m.", "pm", "p.m."]
        .iter()
        .find_map(|suffix| Some((lower.strip_suffix(suffix)?, suffix.starts_with('p'))))
    {
        Some((clock, pm)) => (clock.trim_end(), Some(pm)),
        None => (lower.as_str(), None),
    };
    let mut parts = clock.splitn(3, ':');
    let hour = small_number(parts.next()?, 1, 2)?;
    let minute = small_number(parts.next()?, 2, 2)?;
    let second = match parts.next() {
        None => 0.0,
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
            let whole = small_number(whole, 2, 2)?;
            if whole > 59 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse::<f64>().ok()?
        }
    };
    let hour = match pm {
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None if hour <= 23 => hour,
        None => return None,
    };
    if minute > 59 {
        return None;
    }
    Some(f64::from(hour * 3600 + minute * 60) + second)
}

/// A field of `min`–`max` ASCII digits.
fn small_number(field: &str, min: usize, max: usize) -> Option<u32> {
    if field.len() < min || field.len() > max || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

/// A year of four digits, or of two as Excel reads them (`00`–`29` are
/// 2000–2029, `30`–`99` 1930–1999).
fn year_of(field: &str) -> Option<i64> {
    match field.len() {
        4 => small_number(field, 4, 4).map(i64::from),
        2 => small_number(field, 2, 2).map(|y| i64::from(if y < 30 { 2000 + y } else { 1900 + y })),
        _ => None,
    }
}

fn valid_date(year: i64, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)
}

/// The two day-or-month fields, the year and the separator of a date such
/// as `31/12/2024`, `12.31.24` or `3-4-2024` (not year first).
fn numeric_date_fields(text: &str) -> Option<(u32, u32, i64, char)> {
    let separator = ['/', '.', '-'].into_iter().find(|&s| text.contains(s))?;
    let mut parts = text.split(separator);
    let a = small_number(parts.next()?, 1, 2)?;
    let b = small_number(parts.next()?, 1, 2)?;
    let year = year_of(parts.next()?)?;
    parts.next().is_none().then_some((a, b, year, separator))
}

/// Days since 1970 of a date with numbers only: year first (`2024/12/31`),
/// or day and month in `order`.
fn read_numeric_date(text: &str, order: DateOrder) -> Option<i64> {
    if let Some((a, b, year, _)) = numeric_date_fields(text) {
        let (month, day) = match order {
            DateOrder::DayFirst => (b, a),
            DateOrder::MonthFirst => (a, b),
        };
        return valid_date(year, month, day).then(|| days_from_civil(year, month, day));
    }
    let separator = ['/', '.'].into_iter().find(|&s| text.contains(s))?;
    let mut parts = text.split(separator);
    let year = i64::from(small_number(parts.next()?, 4, 4)?);
    let month = small_number(parts.next()?, 1, 2)?;
    let day = small_number(parts.next()?, 1, 2)?;
    (parts.next().is_none() && valid_date(year, month, day))
        .then(|| days_from_civil(year, month, day))
}

/// The month a name or abbreviation (lower case, without a final dot)
/// stands for, in English, French, German, Spanish, Italian, Portuguese or
/// Dutch.
fn month_named(word: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &[
            "jan", "january", "janv", "janvier", "januar", "jänner", "ene", "enero", "gen",
            "gennaio", "janeiro", "januari",
        ],
        &[
            "feb",
            "february",
            "févr",
            "fév",
            "fevr",
            "février",
            "fevrier",
            "februar",
            "febrero",
            "febbraio",
            "fev",
            "fevereiro",
            "februari",
        ],
        &[
            "mar", "march", "mars", "mär", "märz", "mrz", "marz", "marzo", "março", "marco", "mrt",
            "maart",
        ],
        &["apr", "april", "avr", "avril", "abr", "abril", "aprile"],
        &["may", "mai", "mayo", "mag", "maggio", "maio", "mei"],
        &[
            "jun", "june", "juin", "juni", "junio", "giu", "giugno", "junho",
        ],
        &[
            "jul", "july", "juil", "juillet", "juli", "julio", "lug", "luglio", "julho",
        ],
        &["aug", "august", "août", "aout", "ago", "agosto", "augustus"],
        &[
            "sep",
            "sept",
            "september",
            "septembre",
            "septiembre",
            "setiembre",
            "set",
            "settembre",
            "setembro",
        ],
        &[
            "oct", "october", "octobre", "okt", "oktober", "octubre", "ott", "ottobre", "out",
            "outubro",
        ],
        &["nov", "november", "novembre", "noviembre", "novembro"],
        &[
            "dec",
            "december",
            "déc",
            "décembre",
            "decembre",
            "dez",
            "dezember",
            "dic",
            "diciembre",
            "dicembre",
            "dezembro",
        ],
    ];
    MONTHS
        .iter()
        .position(|names| names.contains(&word))
        .map(|i| i as u32 + 1)
}

/// Days since 1970 of a date with a month name: `Dec 31, 2024`,
/// `31 December 2024`, `31 déc. 2024`, `31. Dezember 2024`,
/// `31 de diciembre de 2024`, `31-Dec-24`, `2024 Dec 31`.
fn read_named_date(text: &str) -> Option<i64> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '/'))
        .map(|w| w.trim_end_matches('.'))
        .map(|w| {
            // Ordinals: 1st, 2nd, 3rd, 31st.
            ["st", "nd", "rd", "th"]
                .iter()
                .find_map(|s| {
                    w.strip_suffix(s)
                        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                })
                .unwrap_or(w)
        })
        .filter(|w| !w.is_empty() && !matches!(*w, "de" | "del" | "of"))
        .collect();
    let [first, second, third] = words[..] else {
        return None;
    };
    let (year, month, day) = if let Some(month) = month_named(first) {
        (year_of(third)?, month, small_number(second, 1, 2)?)
    } else if let Some(month) = month_named(second) {
        if first.len() == 4 {
            (year_of(first)?, month, small_number(third, 1, 2)?)
        } else {
            (year_of(third)?, month, small_number(first, 1, 2)?)
        }
    } else {
        return None;
    };
    valid_date(year, month, day).then(|| days_from_civil(year, month, day))
}

/// An ISO date-time with a UTC offset (`2024-12-31T10:00:00+01:00`,
/// `…-0500`, `… +01`), as the instant in UTC.
fn read_iso_with_offset(text: &str) -> Option<f64> {
    let (date, time) = text.split_once(['T', ' '])?;
    let at = time.rfind(['+', '-'])?;
    let (clock, offset) = time.split_at(at);
    let sign = if offset.starts_with('-') { -1.0 } else { 1.0 };
    let offset = offset[1..].trim();
    let (hours, minutes) = match offset.split_once(':') {
        Some((h, m)) => (h, m),
        None if offset.len() == 4 => offset.split_at(2),
        None => (offset, "00"),
    };
    let hours = small_number(hours, 2, 2)?;
    let minutes = small_number(minutes, 2, 2)?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    let wall = parse_iso_datetime(&format!("{date}T{}", clock.trim()))?;
    Some(wall - sign * f64::from(hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POINT: Conventions = Conventions {
        decimal_comma: false,
        order: DateOrder::MonthFirst,
    };
    const COMMA: Conventions = Conventions {
        decimal_comma: true,
        order: DateOrder::DayFirst,
    };

    fn number(value: f64) -> Written {
        Written::Number {
            value,
            percent: false,
        }
    }

    fn day(y: i64, m: u32, d: u32) -> f64 {
        days_from_civil(y, m, d) as f64 * SECONDS_PER_DAY
    }

    #[test]
    fn numbers_with_separators_currencies_and_signs() {
        for (text, value) in [
            ("1,200", 1200.0),
            ("1 200", 1200.0),
            ("1\u{a0}200", 1200.0),
            ("1\u{202f}200,5", 1200.5),
            ("1'234.5", 1234.5),
            ("$1,200", 1200.0),
            ("€ 12", 12.0),
            ("12 €", 12.0),
            ("£3.50", 3.5),
            ("¥100", 100.0),
            ("CHF 10", 10.0),
            ("10 CHF", 10.0),
            ("(123)", -123.0),
            ("($1,200.50)", -1200.5),
            ("−5", -5.0),
            ("-$5", -5.0),
            ("$-5", -5.0),
            ("+7", 7.0),
            ("0.5", 0.5),
        ] {
            let conventions = if text.contains(",5") { COMMA } else { POINT };
            assert_eq!(read(text, conventions), number(value), "{text}");
        }
        assert_eq!(read("1.234,5", COMMA), number(1234.5));
        assert_eq!(read("1.234,5 €", COMMA), number(1234.5));
        assert_eq!(read("1.234,5", POINT), Written::Text);
        for text in [
            "007", "CHFX 10", "$$5", "--5", "5 apples", "1,23", "$", "12%%", "$12%", "ISO 9001",
        ] {
            assert_eq!(read(text, POINT), Written::Text, "{text}");
        }
    }

    #[test]
    fn percentages_are_fractions_that_remember_the_sign() {
        assert_eq!(
            read("12 %", POINT),
            Written::Number {
                value: 0.12,
                percent: true
            }
        );
        assert_eq!(
            read("12,5%", COMMA),
            Written::Number {
                value: 0.125,
                percent: true
            }
        );
        assert_eq!(
            read("-3%", POINT),
            Written::Number {
                value: -0.03,
                percent: true
            }
        );
    }

    #[test]
    fn gap_words_are_gaps() {
        for text in [
            "n/a",
            "N/A",
            "NA",
            "-",
            "–",
            "NaN",
            "null",
            "#N/A",
            "inf",
            "-inf",
            " Infinity ",
        ] {
            assert!(is_gap(text), "{text}");
            assert_eq!(read(text, POINT), Written::Gap, "{text}");
            assert_eq!(shape(text), Shape::Gap, "{text}");
        }
        assert!(!is_gap("none of these"));
        assert!(!is_gap("Namibia"));
    }

    #[test]
    fn the_decimal_separator_is_told_only_when_one_reads() {
        assert_eq!(evidence("12,5 %").decimal_comma, Some(true));
        assert_eq!(evidence("1.234,5 €").decimal_comma, Some(true));
        assert_eq!(evidence("$12.50").decimal_comma, Some(false));
        assert_eq!(evidence("1,234 €").decimal_comma, None);
        assert_eq!(evidence("$12").decimal_comma, None);
    }

    #[test]
    fn dates_in_every_order_and_language() {
        let end = day(2024, 12, 31);
        for text in [
            "31/12/2024",
            "31.12.2024",
            "31-12-2024",
            "31/12/24",
            "2024/12/31",
            "2024.12.31",
            "31 December 2024",
            "31 déc. 2024",
            "31. Dezember 2024",
            "31 dic 2024",
            "31 de diciembre de 2024",
            "31-Dec-24",
            "31st December 2024",
            "2024 Dec 31",
        ] {
            assert_eq!(read(text, COMMA), Written::Date(end), "{text}");
        }
        for text in ["12/31/2024", "Dec 31, 2024", "December 31 2024"] {
            assert_eq!(read(text, POINT), Written::Date(end), "{text}");
        }
        // In the other order, a day over 12 is no date.
        assert_eq!(read("12/31/2024", COMMA), Written::Text);
        assert_eq!(read("03/04/2024", COMMA), Written::Date(day(2024, 4, 3)));
        assert_eq!(read("03/04/2024", POINT), Written::Date(day(2024, 3, 4)));
        for text in [
            "31/02/2024",
            "32 Dec 2024",
            "31 Decembar 2024",
            "Dec 2024",
            "1/2/3/4",
        ] {
            assert_eq!(read(text, COMMA), Written::Text, "{text}");
        }
    }

    #[test]
    fn the_order_of_day_and_month_is_told_only_by_a_day_over_twelve() {
        let order = |t| evidence(t).date_order;
        assert_eq!(order("31/12/2024"), Some(Some(DateOrder::DayFirst)));
        assert_eq!(order("12/31/2024"), Some(Some(DateOrder::MonthFirst)));
        assert_eq!(order("03/04/2024"), Some(None));
        assert_eq!(order("01/01/2024"), None);
        assert_eq!(order("2024/12/31"), None);
        assert_eq!(evidence("03.04.2024").date_separator, Some('.'));
    }

    #[test]
    fn times_and_time_zones() {
        assert_eq!(read("14:30", POINT), Written::TimeOfDay(52_200.0));
        assert_eq!(read("2:30 PM", POINT), Written::TimeOfDay(52_200.0));
        assert_eq!(read("2:30pm", POINT), Written::TimeOfDay(52_200.0));
        assert_eq!(read("12:05 a.m.", POINT), Written::TimeOfDay(300.0));
        assert_eq!(read("12:00 PM", POINT), Written::TimeOfDay(43_200.0));
        for text in ["13:00 PM", "0:30 AM", "24:00", "14:60", "14:30:75"] {
            assert_eq!(read(text, POINT), Written::Text, "{text}");
        }
        let ten = day(2024, 12, 31) + 36_000.0;
        assert_eq!(read("2024-12-31T10:00:00Z", POINT), Written::Date(ten));
        assert_eq!(
            read("2024-12-31T10:00:00+01:00", POINT),
            Written::Date(ten - 3600.0)
        );
        assert_eq!(
            read("2024-12-31 10:00-0530", POINT),
            Written::Date(ten + 5.5 * 3600.0)
        );
        assert_eq!(read("2024-12-31T10:00:00+25:00", POINT), Written::Text);
        assert_eq!(
            read("31/12/2024 2:30 PM", COMMA),
            Written::Date(day(2024, 12, 31) + 52_200.0)
        );
        assert_eq!(
            read("Dec 31, 2024 14:30", POINT),
            Written::Date(day(2024, 12, 31) + 52_200.0)
        );
    }

    #[test]
    fn shapes_for_finding_the_header() {
        assert_eq!(shape("2024"), Shape::PlainNumber);
        assert_eq!(shape("$1,200"), Shape::Value);
        assert_eq!(shape("31/12/2024"), Shape::Value);
        assert_eq!(shape("12,5 %"), Shape::Value);
        assert_eq!(shape("Price"), Shape::Text);
        assert_eq!(shape("007"), Shape::Text);
    }
}
