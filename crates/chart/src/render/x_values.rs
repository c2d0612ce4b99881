//! How x is read from a row of the sheet, for drawing and for hover alike.

use crate::spec::{ChartSpec, XSource};
use sheetplot_model::format::display_value;
use sheetplot_model::{Column, Sheet, TimeKind, Values};

/// The x of each row of a sheet under a spec.
pub(crate) struct XValues<'a> {
    source: XSource,
    values: Option<&'a Values>,
    /// The column's floats when x is a number or time column: looked up
    /// once, since x is read for every row of every frame.
    floats: Option<&'a [f64]>,
    /// The column, which knows its extreme rows.
    column: Option<&'a Column>,
    /// The axis title: "Row" or the column's name (borrowed, as hover makes
    /// one of these on every mousemove).
    title: &'a str,
}

impl<'a> XValues<'a> {
    pub(crate) fn of(sheet: &'a Sheet, spec: &ChartSpec) -> Self {
        match spec.x {
            XSource::RowNumber => XValues {
                source: spec.x,
                values: None,
                floats: None,
                column: None,
                title: "Row",
            },
            XSource::Column(c) | XSource::Category(c) => XValues {
                source: spec.x,
                values: Some(&sheet.columns[c].values),
                floats: sheet.columns[c]
                    .values
                    .as_floats()
                    .filter(|_| matches!(spec.x, XSource::Column(_))),
                column: Some(&sheet.columns[c]),
                title: &sheet.columns[c].name,
            },
        }
    }

    /// x of row `i`: the row number, the row's position among categories,
    /// or the column's value (a gap is `NaN`).
    #[inline]
    pub(crate) fn at(&self, i: usize) -> f64 {
        match self.floats {
            Some(v) => v[i],
            None if self.source == XSource::RowNumber => (i + 1) as f64,
            None => i as f64,
        }
    }

    /// x of row `i` as the workbook shows it.
    pub(crate) fn text(&self, i: usize) -> String {
        match self.values {
            None => (i + 1).to_string(),
            Some(values) => display_value(values, i),
        }
    }

    pub(crate) fn title(&self) -> &'a str {
        self.title
    }

    pub(crate) fn is_row_number(&self) -> bool {
        self.source == XSource::RowNumber
    }

    pub(crate) fn time(&self) -> Option<TimeKind> {
        match self.values {
            Some(Values::Time { kind, .. }) if matches!(self.source, XSource::Column(_)) => {
                Some(*kind)
            }
            _ => None,
        }
    }

    /// Whether x positions are row indices labelled by a column.
    pub(crate) fn is_positional(&self) -> bool {
        matches!(self.source, XSource::Category(_))
            || self.values.is_some_and(|v| v.as_floats().is_none())
    }

    /// The rows of the first lowest and the first highest x of all `rows`
    /// (gaps skipped): a column's from its blocks, not a pass over the rows.
    pub(crate) fn extreme_rows(&self, rows: usize) -> Option<(usize, usize)> {
        if self.floats.is_none() {
            return (rows > 0).then(|| (0, rows - 1));
        }
        self.column.and_then(Column::extreme_rows)
    }

    /// The x range of all `rows`, widened when it is a single value.
    pub(crate) fn extent(&self, rows: usize) -> (f64, f64) {
        let (min, max) = match self.source {
            XSource::RowNumber => (1.0, rows as f64),
            _ if self.is_positional() => (-0.5, rows as f64 - 0.5),
            _ => match self.extreme_rows(rows) {
                Some((lo, hi)) => (self.at(lo), self.at(hi)),
                None => (0.0, 1.0),
            },
        };
        if max > min {
            (min, max)
        } else {
            let pad = if self.time().is_some() { 43_200.0 } else { 0.5 };
            (min - pad, max + pad)
        }
    }
}
