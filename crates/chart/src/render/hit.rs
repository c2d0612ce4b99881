//! What is under the pointer: the nearest point of a drawn chart, found in
//! the full-resolution data (not the downsampled drawing), with its x and y
//! as the workbook shows them.

use super::cartesian::XValues;
use super::PlotArea;
use crate::downsample::visible_rows;
use crate::shapes::{as_drawn, box_stats, categories, histogram, y_values};
use crate::spec::{ChartKind, ChartSpec};
use sheetplot_model::format::{format_number, format_value};
use sheetplot_model::Sheet;

/// A point under the pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into the spec's y columns (the series' colour).
    pub series: usize,
    pub name: String,
    pub x_text: String,
    pub y_text: String,
    /// Where the point is drawn, in backend pixels.
    pub at: (f64, f64),
}

/// The point of `spec` nearest the backend pixel `at`, within `radius`
/// pixels; bars and bins answer for the one under the pointer. Pies have
/// no axes to hit.
pub fn hit_test(
    sheet: &Sheet,
    spec: &ChartSpec,
    plot: &PlotArea,
    at: (f64, f64),
    radius: f64,
) -> Option<Hit> {
    let inside = at.0 >= f64::from(plot.left)
        && at.0 <= f64::from(plot.left + plot.width)
        && at.1 >= f64::from(plot.top)
        && at.1 <= f64::from(plot.top + plot.height);
    // A spec made for another sheet (the sheet changed a task ago) hits nothing.
    if !inside || spec.check(sheet).is_err() {
        return None;
    }
    match spec.kind {
        ChartKind::Pie => None,
        ChartKind::Bar => bar_at(sheet, spec, plot, at),
        ChartKind::Histogram => bin_at(sheet, spec, plot, at),
        ChartKind::Box => box_at(sheet, spec, plot, at),
        _ => point_near(sheet, spec, plot, at, radius),
    }
}

fn point_near(
    sheet: &Sheet,
    spec: &ChartSpec,
    plot: &PlotArea,
    at: (f64, f64),
    radius: f64,
) -> Option<Hit> {
    let x = XValues::of(sheet, spec);
    let own = y_values(sheet, spec, 0..sheet.rows);
    let drawn = as_drawn(spec.kind, &own);
    // Rows whose x is within `radius` pixels: a binary search when x is in
    // order (rows, categories, sorted columns), else every row.
    let ordered = spec.x_in_order(sheet);
    let rows = sheet.rows;
    let window = if ordered {
        visible_rows(
            rows,
            |i| x.at(i),
            (plot.x_at(at.0 - radius), plot.x_at(at.0 + radius)),
        )
    } else {
        0..rows
    };
    let mut best: Option<(f64, usize, usize, (f64, f64))> = None;
    for (n, ys) in drawn.iter().enumerate() {
        for row in window.clone() {
            let (xv, yv) = (x.at(row), ys[row]);
            if !xv.is_finite() || !yv.is_finite() || (plot.log_y && yv <= 0.0) {
                continue;
            }
            let p = plot.pixel_of(xv, yv);
            let d = (p.0 - at.0).hypot(p.1 - at.1);
            if d <= radius && best.is_none_or(|b| d < b.0) {
                best = Some((d, n, row, p));
            }
        }
    }
    let (_, n, row, p) = best?;
    Some(Hit {
        series: n,
        name: sheet.columns[spec.y[n]].name.clone(),
        x_text: x.text(row),
        y_text: format_value(own[n][row]),
        at: p,
    })
}

fn bar_at(sheet: &Sheet, spec: &ChartSpec, plot: &PlotArea, at: (f64, f64)) -> Option<Hit> {
    let groups = categories(sheet, spec);
    // A bar chart lying down has its categories on y (first at the top).
    let horizontal = plot.y_range.0 > plot.y_range.1;
    let position = if horizontal {
        let t = (at.1 - f64::from(plot.top)) / f64::from(plot.height.max(1));
        plot.y_range.1 + (1.0 - t) * (plot.y_range.0 - plot.y_range.1)
    } else {
        plot.x_at(at.0)
    };
    let category = position.round();
    if category < 0.0 || category as usize >= groups.labels.len() {
        return None;
    }
    let band = 0.8 / groups.values.len() as f64;
    let offset = position - category + 0.4;
    if !(0.0..0.8).contains(&offset) {
        return None;
    }
    let n = ((offset / band) as usize).min(groups.values.len() - 1);
    let i = category as usize;
    let value = groups.values[n][i];
    if !value.is_finite() {
        return None;
    }
    Some(Hit {
        series: n,
        name: sheet.columns[spec.y[n]].name.clone(),
        x_text: groups.labels[i].clone(),
        y_text: format_value(value),
        at,
    })
}

fn box_at(sheet: &Sheet, spec: &ChartSpec, plot: &PlotArea, at: (f64, f64)) -> Option<Hit> {
    let i = plot.x_at(at.0).round();
    if i < 0.0 || (plot.x_at(at.0) - i).abs() > 0.3 {
        return None;
    }
    let column = &sheet.columns[*spec.y.get(i as usize)?];
    let b = box_stats(column.values.as_floats()?)?;
    Some(Hit {
        series: i as usize,
        name: column.name.clone(),
        x_text: format!(
            "quartiles {} to {} · {} values",
            format_value(b.q1),
            format_value(b.q3),
            format_number(b.count as f64, 0)
        ),
        y_text: format!("median {}", format_value(b.median)),
        at,
    })
}

fn bin_at(sheet: &Sheet, spec: &ChartSpec, plot: &PlotArea, at: (f64, f64)) -> Option<Hit> {
    let column = &sheet.columns[spec.y[0]];
    let histogram = histogram(column.values.as_floats()?, spec.bins)?;
    let x = plot.x_at(at.0);
    let i = histogram
        .edges
        .windows(2)
        .position(|e| x >= e[0] && x < e[1])?;
    let width = histogram.edges[1] - histogram.edges[0];
    let decimals = (-width.log10().floor()).max(0.0) as usize;
    Some(Hit {
        series: 0,
        name: column.name.clone(),
        x_text: format!(
            "{} to {}",
            format_number(histogram.edges[i], decimals),
            format_number(histogram.edges[i + 1], decimals)
        ),
        y_text: format!("{} values", format_number(histogram.counts[i] as f64, 0)),
        at,
    })
}
