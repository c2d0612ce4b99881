//! What to draw: the user's choices, separate from the data and the drawing.

use crate::workbook::{Sheet, Values};

/// The kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Line,
}

/// Where x values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XSource {
    /// The 1-based row number of the data.
    RowNumber,
    /// A number, date or time column.
    Column(usize),
    /// Rows in order, labelled by a text column.
    Category(usize),
}

/// A chart of one sheet: the title, the kind, x and the y columns.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub title: String,
    pub kind: ChartKind,
    pub x: XSource,
    /// Indices of numeric columns, one series each.
    pub y: Vec<usize>,
}

/// Why a sheet has no chart to offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartError {
    EmptySheet,
    NoNumbers,
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChartError::EmptySheet => f.write_str("this sheet is empty."),
            ChartError::NoNumbers => f.write_str("this sheet has no column of numbers to plot."),
        }
    }
}

impl std::error::Error for ChartError {}

impl ChartSpec {
    /// The chart a person most likely wants of `sheet`: x is the first date
    /// column, else the first numeric column when it is in order and others
    /// remain for y, else the row number (labelled by the first text column
    /// if there is one); y is every other numeric column that has a value.
    pub fn suggest(sheet: &Sheet, title: String) -> Result<ChartSpec, ChartError> {
        if sheet.is_empty() {
            return Err(ChartError::EmptySheet);
        }
        let has_values = |i: &usize| {
            sheet.columns[*i]
                .values
                .as_floats()
                .is_some_and(|v| v.iter().any(|x| x.is_finite()))
        };
        let numeric: Vec<usize> = (0..sheet.columns.len())
            .filter(|&i| sheet.columns[i].is_numeric())
            .filter(has_values)
            .collect();
        let time = (0..sheet.columns.len())
            .filter(|&i| sheet.columns[i].is_time())
            .find(has_values);
        let ordered_numeric_x = numeric
            .first()
            .copied()
            .filter(|&i| numeric.len() > 1 && is_ascending(&sheet.columns[i].values));
        let x = match (time, ordered_numeric_x) {
            (Some(t), _) => XSource::Column(t),
            (None, Some(n)) => XSource::Column(n),
            (None, None) => match sheet
                .columns
                .iter()
                .position(|c| matches!(c.values, Values::Text { .. }))
            {
                Some(t) => XSource::Category(t),
                None => XSource::RowNumber,
            },
        };
        let y: Vec<usize> = numeric
            .into_iter()
            .filter(|&i| XSource::Column(i) != x)
            .collect();
        if y.is_empty() {
            return Err(ChartError::NoNumbers);
        }
        Ok(ChartSpec {
            title,
            kind: ChartKind::Line,
            x,
            y,
        })
    }
}

/// Whether the finite values of a column never decrease.
fn is_ascending(values: &Values) -> bool {
    let Some(v) = values.as_floats() else {
        return false;
    };
    let mut finite = v.iter().filter(|x| x.is_finite());
    let Some(mut previous) = finite.next() else {
        return false;
    };
    finite.all(|x| {
        let ok = x >= previous;
        previous = x;
        ok
    })
}

/// The title a chart of `sheet` from `file_name` starts with.
pub fn default_title(file_name: &str, sheet: &Sheet, sheet_count: usize) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    if sheet_count > 1 {
        format!("{stem} — {}", sheet.name)
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::{Column, TimeKind};

    fn col(name: &str, values: Values) -> Column {
        Column {
            name: name.into(),
            values,
            misfits: 0,
        }
    }

    fn sheet(columns: Vec<Column>) -> Sheet {
        Sheet {
            name: "data".into(),
            rows: columns[0].values.len(),
            header_row: Some(0),
            first_row: 0,
            columns,
        }
    }

    #[test]
    fn dates_go_on_x_and_numbers_on_y() {
        let s = sheet(vec![
            col("a", Values::Number(vec![1.0, 2.0])),
            col(
                "when",
                Values::Time {
                    seconds: vec![0.0, 86_400.0],
                    kind: TimeKind::Date,
                },
            ),
            col("b", Values::Number(vec![3.0, f64::NAN])),
        ]);
        let spec = ChartSpec::suggest(&s, "t".into()).unwrap();
        assert_eq!((spec.x, spec.y), (XSource::Column(1), vec![0, 2]));
    }

    #[test]
    fn unordered_first_number_stays_a_series() {
        let s = sheet(vec![
            col("a", Values::Number(vec![3.0, 1.0])),
            col("b", Values::Number(vec![1.0, 2.0])),
        ]);
        let spec = ChartSpec::suggest(&s, "t".into()).unwrap();
        assert_eq!((spec.x, spec.y), (XSource::RowNumber, vec![0, 1]));
        let s = sheet(vec![
            col("year", Values::Number(vec![2020.0, 2021.0])),
            col("b", Values::Number(vec![1.0, 2.0])),
        ]);
        assert_eq!(
            ChartSpec::suggest(&s, "t".into()).unwrap().x,
            XSource::Column(0)
        );
    }

    #[test]
    fn text_labels_the_rows_and_sheets_without_numbers_are_refused() {
        let text = Values::Text {
            ids: vec![0, 1],
            labels: vec!["n".into(), "s".into()],
        };
        let s = sheet(vec![
            col("region", text.clone()),
            col("sales", Values::Number(vec![1.0, 2.0])),
        ]);
        assert_eq!(
            ChartSpec::suggest(&s, "t".into()).unwrap().x,
            XSource::Category(0)
        );
        let s = sheet(vec![col("region", text)]);
        assert_eq!(
            ChartSpec::suggest(&s, "t".into()),
            Err(ChartError::NoNumbers)
        );
    }

    #[test]
    fn titles_name_the_file_and_the_sheet_when_there_are_several() {
        let s = sheet(vec![col("a", Values::Number(vec![1.0]))]);
        assert_eq!(default_title("sales.2024.xlsx", &s, 1), "sales.2024");
        assert_eq!(default_title("book.xlsx", &s, 3), "book — data");
    }
}
