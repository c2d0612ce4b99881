//! How values read on screen: the one place that turns numbers, dates and
//! durations into text, for axis ticks, tooltips, the preview and events.

use crate::calendar::Civil;
use crate::workbook::{Column, NumberFormat, TimeKind, Values};

/// `value` with `decimals` places and thousands separators; very large or
/// very small magnitudes in scientific notation.
pub fn format_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let magnitude = value.abs();
    if magnitude >= 1e15 || (magnitude != 0.0 && magnitude < 1e-6 && decimals > 6) {
        return format!("{value:.2e}");
    }
    let text = format!("{:.*}", decimals, value);
    let (sign, digits) = match text.strip_prefix('-') {
        // "-0" and "-0.00" read as zero.
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => ("", rest),
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int_part, frac_part) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac_part {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// `seconds` as `[-]h:mm` or `[-]h:mm:ss`.
pub fn format_duration(seconds: f64, with_seconds: bool) -> String {
    let sign = if seconds < 0.0 { "-" } else { "" };
    let total = seconds.abs().round() as i64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if with_seconds {
        format!("{sign}{h}:{m:02}:{s:02}")
    } else {
        format!("{sign}{h}:{m:02}")
    }
}

/// A time value as the workbook would show it, for tooltips and labels.
pub fn format_time(seconds: f64, kind: TimeKind) -> String {
    let c = Civil::from_seconds(seconds);
    match kind {
        TimeKind::Date => format!("{:04}-{:02}-{:02}", c.year, c.month, c.day),
        TimeKind::DateTime => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        ),
        TimeKind::TimeOfDay => format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second),
        TimeKind::Duration => format_duration(seconds, true),
    }
}

/// A number in full, as a cell shows it: the shortest text that reads back
/// as the same value, with thousands separators.
pub fn format_value(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let shortest = value.to_string();
    let decimals = shortest.split_once('.').map_or(0, |(_, f)| f.len());
    if value.abs() >= 1e15 || (value != 0.0 && value.abs() < 1e-6) {
        return format!("{value:e}");
    }
    format_number(value, decimals)
}

/// A fraction as a percentage, in full: 0.125 reads as `12.5%`, 1234.5 as
/// `123,450%`. The product is rounded to nine decimals first, so the
/// binary error of the multiplication (0.07 × 100 = 7.000000000000001)
/// does not show.
pub fn format_percent(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let percent = value * 100.0;
    let shown = if percent.abs() < 1e6 {
        (percent * 1e9).round() / 1e9
    } else {
        percent
    };
    format!("{}%", format_value(shown))
}

/// A number as `format` shows it.
pub fn format_as(value: f64, format: NumberFormat) -> String {
    match format {
        NumberFormat::General => format_value(value),
        NumberFormat::Percent => format_percent(value),
    }
}

/// Row `row` of `column` as text, in the column's number format; empty
/// for a gap.
pub fn display_cell(column: &Column, row: usize) -> String {
    match (&column.values, column.number_format) {
        (Values::Number(v), format) => v.get(row).map_or(String::new(), |&x| format_as(x, format)),
        (values, _) => display_value(values, row),
    }
}

/// Row `row` of a column as text; empty for a gap.
pub fn display_value(values: &Values, row: usize) -> String {
    match values {
        Values::Number(v) => v.get(row).map_or(String::new(), |&x| format_value(x)),
        Values::Time { seconds, kind } => seconds
            .get(row)
            .filter(|s| s.is_finite())
            .map_or(String::new(), |&s| format_time(s, *kind)),
        Values::Bool(v) => match v.get(row).copied() {
            Some(1.0) => "TRUE".to_owned(),
            Some(0.0) => "FALSE".to_owned(),
            _ => String::new(),
        },
        Values::Text { .. } => values.label(row).unwrap_or("").to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_in_full_with_separators() {
        assert_eq!(format_number(-1234.5, 1), "-1,234.5");
        assert_eq!(format_number(-0.0001, 2), "0.00");
        assert_eq!(format_value(1234567.125), "1,234,567.125");
        assert_eq!(format_value(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_value(42.0), "42");
        assert_eq!(format_value(f64::NAN), "");
    }

    #[test]
    fn values_read_as_their_type() {
        let dates = Values::Time {
            seconds: vec![90_061.0, f64::NAN],
            kind: TimeKind::DateTime,
        };
        assert_eq!(display_value(&dates, 0), "1970-01-02 01:01:01");
        assert_eq!(display_value(&dates, 1), "");
        assert_eq!(display_value(&Values::Bool(vec![1.0, 0.0]), 1), "FALSE");
        let text = Values::Text {
            ids: vec![0, Values::NO_LABEL],
            labels: vec!["a".into()],
        };
        assert_eq!(
            (
                display_value(&text, 0).as_str(),
                display_value(&text, 1).as_str()
            ),
            ("a", "")
        );
        assert_eq!(format_duration(-3725.0, true), "-1:02:05");
    }

    #[test]
    fn percentages_read_as_written() {
        assert_eq!(format_percent(0.12), "12%");
        assert_eq!(format_percent(0.07), "7%");
        assert_eq!(format_percent(0.125), "12.5%");
        assert_eq!(format_percent(-0.035), "-3.5%");
        assert_eq!(format_percent(12.345), "1,234.5%");
        assert_eq!(format_percent(f64::NAN), "");
        let column = Column::new("share".into(), Values::Number(vec![0.12, f64::NAN]), 0)
            .with_number_format(NumberFormat::Percent);
        assert_eq!(display_cell(&column, 0), "12%");
        assert_eq!(display_cell(&column, 1), "");
        let plain = Column::new("n".into(), Values::Number(vec![0.12]), 0);
        assert_eq!(display_cell(&plain, 0), "0.12");
    }
}
