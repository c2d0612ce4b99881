//! Drawing the trend overlays ([`crate::overlay`]): a dashed line per
//! series in its colour over the x range in view, and the legend that
//! names each series' trend with its equation and R².

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::cartesian::Chart;
use super::{approx_text_width, fail, RenderError, XValues, FONT, MUTED_TEXT, PALETTE, TEXT};
use crate::downsample::{clip_to_x, m4_polylines_with, visible_rows};
use crate::overlay::{Curve, Trends};

/// Dash and gap lengths, and the line's width, in CSS pixels.
const DASH: f64 = 7.0;
const GAP: f64 = 5.0;
const WIDTH: f64 = 2.5;
/// The white edge around each dash, so the trend reads over its own series.
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
    scale: f64,
) -> Result<(), RenderError> {
    let View {
        x_range,
        y_range,
        log,
        plot_width,
    } = *view;
    let px = |css: f64| (css * scale).round().max(1.0) as i32;
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
        let color = shade(PALETTE[n % PALETTE.len()]);
        for line in lines.iter().filter(|l| l.len() > 1) {
            for part in clip(line, x_range, y_range, log) {
                for style in [
                    WHITE.stroke_width(px(HALO) as u32),
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

/// The parts of `line` inside the plot: x in `x_range` and y in `y_range`
/// (on the axis's scale: log10 on a log axis), cut where they cross.
fn clip(
    line: &[(f64, f64)],
    x_range: (f64, f64),
    y_range: (f64, f64),
    log: bool,
) -> Vec<Vec<(f64, f64)>> {
    type Map = fn(f64) -> f64;
    let (to_axis, from_axis): (Map, Map) = if log {
        (f64::log10, |v| 10f64.powf(v))
    } else {
        (|v| v, |v| v)
    };
    let on_axis: Vec<(f64, f64)> = line.iter().map(|&(x, y)| (x, to_axis(y))).collect();
    let (lo, hi) = (to_axis(y_range.0), to_axis(y_range.1));
    let y_bounds = (lo.min(hi), lo.max(hi));
    clip_to_x(&on_axis, x_range)
        .into_iter()
        .flat_map(|part| {
            let swapped: Vec<(f64, f64)> = part.iter().map(|&(x, y)| (y, x)).collect();
            clip_to_x(&swapped, y_bounds)
        })
        .map(|part| part.into_iter().map(|(y, x)| (x, from_axis(y))).collect())
        .collect()
}

/// One legend item: a series and its trend's text.
struct Item<'a> {
    name: &'a str,
    text: String,
}

/// Draws the legend of a chart with trends from `top`, each series with
/// its trend ("━ Sales ┄ linear: y = 2.1x + 3, R² = 0.93"), wrapping, and
/// what x stands for last; returns where the plot may start. When the
/// equations would take more than a third of the height, each item shows
/// R² only (the tooltip still gives the equation).
pub(super) fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    names: &[String],
    trends: &Trends,
    top: i32,
    scale: f64,
) -> Result<i32, RenderError> {
    let px = |css: f64| (css * scale).round() as i32;
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    let font = 13.0 * scale;
    // A legend may take a third of the height.
    let budget = (height / 3 / px(22.0).max(1)).max(1);
    let full: Vec<Item> = names
        .iter()
        .zip(&trends.series)
        .map(|(name, t)| Item {
            name,
            text: t.label.clone(),
        })
        .collect();
    let kind_name = trends
        .series
        .first()
        .map(|t| t.label.split(':').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    // The full labels when they fit whole in the room a legend may take.
    let fits = |items: &[Item], caption: &str| {
        let (places, rows) = layout(items, caption, width, scale, font);
        let whole = places.iter().zip(items).all(|(p, i)| p.text == i.text);
        whole && rows <= budget
    };
    let caption = trends.caption.clone().unwrap_or_default();
    let compact_caption = [format!("dashed: {kind_name}"), caption.clone()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let compact: Vec<Item> = names
        .iter()
        .zip(&trends.series)
        .map(|(name, t)| Item {
            name,
            text: t.short.clone(),
        })
        .collect();
    let (items, caption) = if fits(&full, &caption) {
        (full, caption)
    } else {
        (compact, compact_caption)
    };
    let (places, rows) = layout(&items, &caption, width, scale, font);
    let name_style = (FONT, font)
        .into_font()
        .color(&TEXT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let text_style = (FONT, font)
        .into_font()
        .color(&MUTED_TEXT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (n, (item, place)) in items.iter().zip(&places).enumerate() {
        let color = PALETTE[n % PALETTE.len()];
        let (x, y) = (place.x, top + place.row * px(22.0));
        root.draw(&PathElement::new(
            vec![(x, y), (x + px(18.0), y)],
            color.stroke_width(px(3.0).max(1) as u32),
        ))
        .map_err(fail)?;
        root.draw(&Text::new(
            item.name.to_owned(),
            (x + px(24.0), y),
            name_style.clone(),
        ))
        .map_err(fail)?;
        let dashes = x + px(24.0) + approx_text_width(item.name, font) + px(10.0);
        for (from, to) in [(0.0, 7.0), (11.0, 18.0)] {
            root.draw(&PathElement::new(
                vec![(dashes + px(from), y), (dashes + px(to), y)],
                shade(color).stroke_width(px(WIDTH).max(1) as u32),
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
    if let Some(place) = places.get(items.len()) {
        let y = top + place.row * px(22.0);
        root.draw(&Text::new(
            place.text.clone(),
            (place.x, y),
            text_style.clone(),
        ))
        .map_err(fail)?;
    }
    Ok(top + rows * px(22.0))
}

/// Where an item goes: its left edge, its row, and its text (shortened to
/// fit the width).
struct Place {
    x: i32,
    row: i32,
    text: String,
}

/// Lays `items` (and then `caption`, if any) out left to right, wrapping
/// at `width`; returns their places and the number of rows.
fn layout(items: &[Item], caption: &str, width: i32, scale: f64, font: f64) -> (Vec<Place>, i32) {
    let px = |css: f64| (css * scale).round() as i32;
    let (left, right) = (px(16.0), width - px(16.0));
    let (mut x, mut row) = (left, 0);
    let mut places = Vec::with_capacity(items.len() + 1);
    let mut place = |fixed: i32, text: &str, places: &mut Vec<Place>| {
        let room = right - left - fixed;
        let text = fit_text(text, room, font);
        let item_width = fixed + approx_text_width(&text, font);
        if x + item_width > right && x > left {
            x = left;
            row += 1;
        }
        places.push(Place { x, row, text });
        x += item_width + px(22.0);
    };
    for item in items {
        // Swatch, name, dashes, then the trend's text.
        let fixed = px(24.0) + approx_text_width(item.name, font) + px(10.0) + px(24.0);
        place(fixed, &item.text, &mut places);
    }
    if !caption.is_empty() {
        place(0, caption, &mut places);
    }
    (places, row + 1)
}

/// `text`, cut with an ellipsis to fit `room` pixels at `font` pixels.
fn fit_text(text: &str, room: i32, font: f64) -> String {
    if approx_text_width(text, font) <= room {
        return text.to_owned();
    }
    let mut kept: String = text.to_owned();
    while !kept.is_empty() && approx_text_width(&format!("{kept}…"), font) > room {
        kept.pop();
    }
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trends_are_cut_at_the_edges_of_the_plot() {
        // From (0, 0) to (10, 20) in a plot of y 0..10: cut at x = 5.
        let parts = clip(&[(0.0, 0.0), (10.0, 20.0)], (0.0, 10.0), (0.0, 10.0), false);
        assert_eq!(parts, [vec![(0.0, 0.0), (5.0, 10.0)]]);
        // On a log axis the cut is where log10(y) crosses.
        let parts = clip(
            &[(0.0, 1.0), (10.0, 10_000.0)],
            (0.0, 10.0),
            (1.0, 100.0),
            true,
        );
        let (x, y) = parts[0][1];
        assert!(
            (x - 5.0).abs() < 1e-9 && (y - 100.0).abs() < 1e-9,
            "{x} {y}"
        );
    }

    #[test]
    fn long_texts_are_shortened_to_fit() {
        let text = "polynomial (degree 6): y = 1.234x⁶ − 2.345x⁵ + 3.456x⁴, R² = 0.9";
        let cut = fit_text(text, 200, 13.0);
        assert!(
            cut.ends_with('…') && approx_text_width(&cut, 13.0) <= 200,
            "{cut}"
        );
        assert_eq!(fit_text("R² = 1", 200, 13.0), "R² = 1");
    }
}
