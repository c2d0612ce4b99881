//! Drawing the trend overlays ([`crate::overlay`]): a dashed line per
//! series in its colour over the x range in view, and the legend that
//! names each series' trend with its equation and R².

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::cartesian::Chart;
use super::clip;
use super::legend::{draw_swatch, Entry, Region, Swatch};
use super::look::Look;
use super::{approx_text_width, fail, fit_text, RenderError, XValues};
use crate::downsample::{m4_polylines_with, visible_rows};
use crate::overlay::{Curve, SeriesTrend, Trends};

/// Dash and gap lengths, and the line's width, in CSS pixels.
const DASH: f64 = 7.0;
const GAP: f64 = 5.0;
const WIDTH: f64 = 2.5;
/// The edge in the background's colour around each dash, so the trend
/// reads over its own series.
const HALO: f64 = 5.0;

/// The trend's colour: its series' colour, darker, so the dashes read over
/// the series' own line and dots.
pub(super) fn shade(color: RGBColor) -> RGBColor {
    let darker = |c: u8| (f64::from(c) * 0.68).round() as u8;
    RGBColor(darker(color.0), darker(color.1), darker(color.2))
}

/// What the plot shows: the x window, the y axis's range (in data units),
/// whether it is logarithmic, and its width in device pixels.
#[derive(Clone, Copy)]
pub(super) struct View {
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub log: bool,
    pub plot_width: usize,
}

/// Draws every series' trend over the `view` on `chart`.
pub(super) fn draw<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    x: &XValues<'_>,
    trends: &Trends,
    view: &View,
    look: &Look,
) -> Result<(), RenderError> {
    let View {
        x_range,
        y_range,
        log,
        plot_width,
    } = *view;
    let px = |css: f64| look.px(css).max(1);
    for (n, trend) in trends.series.iter().enumerate() {
        let lines = match &trend.curve {
            Curve::Fit { fit, span, shift } => {
                let lo = span.0.max(x_range.0);
                let hi = span.1.min(x_range.1);
                // A point every two pixels: a smooth curve, cheap at any size.
                let steps = ((plot_width as f64 * (hi - lo) / (x_range.1 - x_range.0)) / 2.0)
                    .ceil()
                    .clamp(1.0, 4000.0) as usize;
                let mut lines = Vec::new();
                let mut line = Vec::new();
                if hi >= lo {
                    for k in 0..=steps {
                        let xv = lo + (hi - lo) * k as f64 / steps as f64;
                        let yv = fit.at(xv + shift);
                        if yv.is_finite() && (!log || yv > 0.0) {
                            line.push((xv, yv));
                        } else if !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                        }
                    }
                }
                lines.push(line);
                lines
            }
            Curve::Average {
                rows,
                values,
                blocks,
            } => {
                let x_of = |i: usize| x.at(Curve::row(rows, i));
                let window = visible_rows(values.len(), x_of, x_range);
                let start = window.start;
                m4_polylines_with(
                    |i| x_of(i + start),
                    &values[window],
                    start,
                    Some(blocks),
                    x_range,
                    plot_width,
                )
            }
        };
        let color = shade(look.series_color(n));
        for line in lines.iter().filter(|l| l.len() > 1) {
            for part in clip::to_plot(line, x_range, y_range, log) {
                for style in [
                    look.ink.background.stroke_width(px(HALO) as u32),
                    color.stroke_width(px(WIDTH) as u32),
                ] {
                    chart
                        .draw_series(DashedLineSeries::new(
                            part.iter().copied(),
                            px(DASH),
                            px(GAP),
                            style,
                        ))
                        .map_err(fail)?;
                }
            }
        }
    }
    Ok(())
}

/// One legend item: a series (its name and swatch) and its trend's text.
struct Item<'a> {
    entry: &'a Entry,
    text: String,
}

/// A legend of series with trends, laid out (see [`plan`]).
pub(super) struct Plan<'a> {
    items: Vec<Item<'a>>,
    places: Vec<Place>,
    /// Rows it takes.
    pub rows: i32,
}

/// Lays out the legend of a chart with trends in `region`, each series
/// with its trend ("━ Sales ┄ linear: y = 2.1x + 3, R² = 0.93"), wrapping,
/// and what x stands for last. When the equations would not fit whole in
/// `budget` rows, each item shows R² only (the tooltip still gives the
/// equation).
pub(super) fn plan<'a>(
    entries: &'a [Entry],
    trends: &Trends,
    region: Region,
    budget: i32,
    look: &Look,
) -> Plan<'a> {
    let items = |text: fn(&SeriesTrend) -> &String| -> Vec<Item<'a>> {
        entries
            .iter()
            .zip(&trends.series)
            .map(|(entry, t)| Item {
                entry,
                text: text(t).clone(),
            })
            .collect()
    };
    let full = items(|t| &t.label);
    let kind_name = trends
        .series
        .first()
        .map(|t| t.label.split(':').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    // The full labels when they fit whole in the room a legend may take.
    let fits = |items: &[Item], caption: &str| {
        let (places, rows) = layout(items, caption, region, look);
        let whole = places.iter().zip(items).all(|(p, i)| p.text == i.text);
        whole && rows <= budget
    };
    let caption = trends.caption.clone().unwrap_or_default();
    let compact_caption = [format!("dashed: {kind_name}"), caption.clone()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let (items, caption) = if fits(&full, &caption) {
        (full, caption)
    } else {
        (items(|t| &t.short), compact_caption)
    };
    let (places, rows) = layout(&items, &caption, region, look);
    Plan {
        items,
        places,
        rows,
    }
}

/// The width the widest item of the legend takes with its full label.
pub(super) fn widest(entries: &[Entry], trends: &Trends, look: &Look) -> i32 {
    let font = look.font_size(13.0);
    entries
        .iter()
        .zip(&trends.series)
        .map(|(entry, t)| fixed_width(&entry.name, look) + approx_text_width(&t.label, font))
        .chain(trends.caption.iter().map(|c| approx_text_width(c, font)))
        .max()
        .unwrap_or(0)
}

/// Draws a laid-out legend with its first row centred on `top`; returns
/// where its last row ends.
pub(super) fn draw_plan<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plan: &Plan,
    top: i32,
    look: &Look,
) -> Result<i32, RenderError> {
    let px = |css: f64| look.text_px(css);
    let font = look.font_size(13.0);
    let row_height = super::legend::row_height(look);
    let name_style = look
        .font(13.0)
        .color(&look.ink.text)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let text_style = look
        .font(13.0)
        .color(&look.ink.muted)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (item, place) in plan.items.iter().zip(&plan.places) {
        let (x, y) = (place.x, top + place.row * row_height);
        draw_swatch(root, item.entry.swatch, (x, y), look)?;
        root.draw(&Text::new(
            item.entry.name.clone(),
            (x + px(24.0), y),
            name_style.clone(),
        ))
        .map_err(fail)?;
        let color = match item.entry.swatch {
            Swatch::Line(n) | Swatch::Bar(n) => look.series_color(n),
            Swatch::Slice(color) => color,
        };
        let dashes = x + px(24.0) + approx_text_width(&item.entry.name, font) + px(10.0);
        for (from, to) in [(0.0, 7.0), (11.0, 18.0)] {
            root.draw(&PathElement::new(
                vec![(dashes + px(from), y), (dashes + px(to), y)],
                shade(color).stroke_width(look.px(WIDTH).max(1) as u32),
            ))
            .map_err(fail)?;
        }
        if !place.text.is_empty() {
            root.draw(&Text::new(
                place.text.clone(),
                (dashes + px(24.0), y),
                text_style.clone(),
            ))
            .map_err(fail)?;
        }
    }
    if let Some(place) = plan.places.get(plan.items.len()) {
        let y = top + place.row * row_height;
        root.draw(&Text::new(
            place.text.clone(),
            (place.x, y),
            text_style.clone(),
        ))
        .map_err(fail)?;
    }
    Ok(top + plan.rows * row_height)
}

/// Where an item goes: its left edge, its row, and its text (shortened to
/// fit the width).
struct Place {
    x: i32,
    row: i32,
    text: String,
}

/// Device pixels an item takes before its trend's text: swatch, name,
/// dashes.
fn fixed_width(name: &str, look: &Look) -> i32 {
    let px = |css: f64| look.text_px(css);
    px(24.0) + approx_text_width(name, look.font_size(13.0)) + px(10.0) + px(24.0)
}

/// Lays `items` (and then `caption`, if any) out in `region`, wrapping;
/// returns their places and the number of rows.
fn layout(items: &[Item], caption: &str, region: Region, look: &Look) -> (Vec<Place>, i32) {
    let font = look.font_size(13.0);
    let (left, right) = (region.left, region.right);
    let (mut x, mut row) = (left, 0);
    let mut places = Vec::with_capacity(items.len() + 1);
    let mut place = |fixed: i32, text: &str, places: &mut Vec<Place>| {
        let room = right - left - fixed;
        let text = fit_text(text, room, font);
        let item_width = fixed + approx_text_width(&text, font);
        if (region.column || x + item_width > right) && x > left {
            x = left;
            row += 1;
        }
        places.push(Place { x, row, text });
        x += item_width + look.text_px(22.0);
    };
    for item in items {
        place(fixed_width(&item.entry.name, look), &item.text, &mut places);
    }
    if !caption.is_empty() {
        place(0, caption, &mut places);
    }
    (places, row + 1)
}
