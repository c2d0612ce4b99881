//! A pie (or a doughnut): one series by category, largest slice first from
//! twelve o'clock, labelled in a list beside it (labels around a pie
//! collide), in rows below it, or not at all, as the style places the
//! legend.

use std::f64::consts::{FRAC_PI_2, TAU};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::legend::{self, Entry, Region, Swatch};
use super::look::{Ink, Look};
use super::{fail, shorten, RenderError, RenderStats};
use crate::shapes::Slice;
use crate::spec::ChartSpec;
use crate::style::{Style, Theme};
use sheetplot_model::format::format_number;
use sheetplot_model::{LegendPosition, Sheet};

const OTHER: RGBColor = RGBColor(156, 163, 175);
/// The hole of a doughnut, as a share of its radius.
const HOLE: f64 = 0.55;
/// CSS pixels between a pie and the rows of slices below it, where the
/// caption goes.
const CAPTION_ROOM: f64 = 32.0;

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sheet: &Sheet,
    spec: &ChartSpec,
    slices: &[Slice],
    look: &Look,
) -> Result<RenderStats, RenderError> {
    let px = |css: f64| look.px(css);
    let total: f64 = slices.iter().map(|s| s.value).sum();
    let (width, height) = area.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    let caption = format!(
        "{} · total {}",
        sheet.columns[spec.y[0]].name,
        format_number(total, if total.fract() == 0.0 { 0 } else { 2 })
    );
    let color_of = |i: usize, label: &str| match look.style.series.get(i).and_then(|s| s.color) {
        Some(own) => super::look::rgb(own),
        None if label == "Other" => OTHER,
        None => look.series_color(i),
    };
    // The list beside the pie, the rows below it, or nothing.
    let (list_width, rows_height) = match look.style.legend {
        LegendPosition::None => (0, 0),
        LegendPosition::Bottom => {
            let entries = bottom_entries(slices, total, &color_of);
            let rows = legend::rows_of(&entries, bottom_region(width, 0, look), look);
            (
                0,
                rows * legend::row_height(look) + look.text_px(CAPTION_ROOM),
            )
        }
        LegendPosition::Top | LegendPosition::Right => (look.text_px(260.0).min(width / 2), 0),
    };
    let pie_height = height - rows_height;
    let radius = ((width - list_width - px(40.0)).min(pie_height - px(16.0)) / 2).max(px(20.0));
    let center = ((width - list_width) / 2, pie_height / 2);
    let hole = look.style.doughnut.then(|| HOLE * f64::from(radius));

    let mut start = -FRAC_PI_2;
    for (i, slice) in slices.iter().enumerate() {
        let sweep = slice.value / total * TAU;
        let steps = ((sweep / TAU * 360.0).ceil() as usize).max(2);
        let mut points = vec![center];
        points.extend((0..=steps).map(|k| {
            let angle = start + sweep * k as f64 / steps as f64;
            (
                center.0 + (f64::from(radius) * angle.cos()).round() as i32,
                center.1 + (f64::from(radius) * angle.sin()).round() as i32,
            )
        }));
        let color = color_of(i, &slice.label);
        area.draw(&Polygon::new(points.clone(), color.filled()))
            .map_err(fail)?;
        points.push(center);
        area.draw(&PathElement::new(
            points,
            look.ink.background.stroke_width(px(2.0) as u32),
        ))
        .map_err(fail)?;
        let share = slice.value / total;
        if share >= 0.06 {
            let middle = start + sweep / 2.0;
            // Midway across the ring of a doughnut.
            let reach = if hole.is_some() {
                (1.0 + HOLE) / 2.0
            } else {
                0.64
            };
            let at = (
                center.0 + (reach * f64::from(radius) * middle.cos()).round() as i32,
                center.1 + (reach * f64::from(radius) * middle.sin()).round() as i32,
            );
            let style = look
                .font(13.0)
                .style(FontStyle::Bold)
                .color(&label_color(look, i, color))
                .pos(Pos::new(HPos::Center, VPos::Center));
            area.draw(&Text::new(percent(share), at, style))
                .map_err(fail)?;
        }
        start += sweep;
    }
    if let Some(hole) = hole {
        draw_hole(area, center, hole, total, look)?;
    }

    match look.style.legend {
        LegendPosition::None => {}
        LegendPosition::Bottom => {
            let caption_y = pie_height + look.text_px(CAPTION_ROOM / 2.0);
            let caption_style = look
                .font(12.0)
                .color(&look.ink.muted)
                .pos(Pos::new(HPos::Center, VPos::Center));
            area.draw(&Text::new(caption, (width / 2, caption_y), caption_style))
                .map_err(fail)?;
            let entries = bottom_entries(slices, total, &color_of);
            let top = pie_height + look.text_px(CAPTION_ROOM) + legend::row_height(look) / 2;
            legend::draw_entries(area, &entries, bottom_region(width, top, look), look)?;
        }
        LegendPosition::Top | LegendPosition::Right => {
            let list = List {
                left: width - list_width,
                right: width,
                center_y: center.1,
            };
            list.draw(area, slices, total, &caption, &color_of, look)?;
        }
    }
    Ok(RenderStats {
        points_drawn: slices.len(),
        series: slices.iter().map(|s| s.label.clone()).collect(),
        ..RenderStats::default()
    })
}

/// Where rows of slices below the pie go, their first centred on `top`.
fn bottom_region(width: i32, top: i32, look: &Look) -> Region {
    Region {
        left: look.px(4.0),
        right: width - look.px(4.0),
        top,
        column: false,
    }
}

/// The slices as legend items: a square of each's colour, its label and
/// share.
fn bottom_entries(
    slices: &[Slice],
    total: f64,
    color_of: &impl Fn(usize, &str) -> RGBColor,
) -> Vec<Entry> {
    slices
        .iter()
        .enumerate()
        .map(|(i, slice)| Entry {
            name: format!(
                "{} {}",
                shorten(&slice.label, 22),
                percent(slice.value / total)
            ),
            swatch: Swatch::Slice(color_of(i, &slice.label)),
        })
        .collect()
}

/// The list beside a pie: from `left` to `right`, centred on `center_y`.
struct List {
    left: i32,
    right: i32,
    center_y: i32,
}

impl List {
    /// Swatch, label, share, one row each, under the caption.
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        slices: &[Slice],
        total: f64,
        caption: &str,
        color_of: &impl Fn(usize, &str) -> RGBColor,
        look: &Look,
    ) -> Result<(), RenderError> {
        let px = |css: f64| look.text_px(css);
        let row = px(24.0);
        let left = self.left;
        let mut y = self.center_y - row * slices.len() as i32 / 2 + row / 2;
        let label_style = look
            .font(13.0)
            .color(&look.ink.text)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let share_style = look
            .font(13.0)
            .color(&look.ink.muted)
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (i, slice) in slices.iter().enumerate() {
            let swatch = [(left, y - px(6.0)), (left + px(12.0), y + px(6.0))];
            area.draw(&Rectangle::new(swatch, color_of(i, &slice.label).filled()))
                .map_err(fail)?;
            let label = shorten(&slice.label, 22);
            area.draw(&Text::new(label, (left + px(20.0), y), label_style.clone()))
                .map_err(fail)?;
            let share = percent(slice.value / total);
            area.draw(&Text::new(
                share,
                (self.right - look.px(4.0), y),
                share_style.clone(),
            ))
            .map_err(fail)?;
            y += row;
        }
        let caption_style = look
            .font(12.0)
            .color(&look.ink.muted)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let caption_y =
            (self.center_y - row * slices.len() as i32 / 2 - px(14.0)).max(look.px(8.0));
        area.draw(&Text::new(
            caption.to_owned(),
            (left, caption_y),
            caption_style,
        ))
        .map_err(fail)
    }
}

/// A doughnut's hole of `radius` pixels about `center`, in the background,
/// with the total in it when it fits.
fn draw_hole<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    center: (i32, i32),
    radius: f64,
    total: f64,
    look: &Look,
) -> Result<(), RenderError> {
    let steps = 180;
    let ring: Vec<(i32, i32)> = (0..steps)
        .map(|k| {
            let angle = TAU * f64::from(k) / f64::from(steps);
            (
                center.0 + (radius * angle.cos()).round() as i32,
                center.1 + (radius * angle.sin()).round() as i32,
            )
        })
        .collect();
    area.draw(&Polygon::new(ring, look.ink.background.filled()))
        .map_err(fail)?;
    let total = format_number(total, if total.fract() == 0.0 { 0 } else { 2 });
    let size = look.font_size(20.0);
    if f64::from(super::approx_text_width(&total, size)) < radius * 1.6 {
        let style = look
            .font(20.0)
            .style(FontStyle::Bold)
            .color(&look.ink.text)
            .pos(Pos::new(HPos::Center, VPos::Center));
        area.draw(&Text::new(total, center, style)).map_err(fail)?;
    }
    Ok(())
}

/// The colour of the share written on slice `i` of `color`: white on
/// sheetplot's own palette on white, as it has always been drawn (the
/// reference look), else whichever of white and dark text stands out more.
fn label_color(look: &Look, i: usize, color: RGBColor) -> RGBColor {
    let own = look.style.series.get(i).is_some_and(|s| s.color.is_some());
    let default = Style::default();
    if !own && look.style.palette == default.palette && look.style.theme == default.theme {
        WHITE
    } else {
        text_on(color)
    }
}

/// Text that reads on a slice of `color`: white or dark, whichever has the
/// higher contrast with it.
fn text_on(color: RGBColor) -> RGBColor {
    let dark = Ink::of(Theme::Light).text;
    if contrast(color, dark) > contrast(color, WHITE) {
        dark
    } else {
        WHITE
    }
}

/// WCAG's contrast ratio of two colours, 1 to 21.
fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance =
        |c: RGBColor| 0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2);
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn percent(share: f64) -> String {
    format!(
        "{}%",
        format_number(share * 100.0, if share < 0.1 { 1 } else { 0 })
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_written_in_the_colour_that_stands_out_from_the_slice() {
        assert_eq!(text_on(RGBColor(0, 114, 178)), WHITE);
        assert_eq!(text_on(RGBColor(64, 64, 64)), WHITE);
        assert_ne!(text_on(RGBColor(240, 228, 66)), WHITE);
        assert_ne!(text_on(RGBColor(163, 163, 163)), WHITE, "a light grey");
        // sheetplot's own slices keep their white, even the orange.
        let style = Style::default();
        let look = Look::of(&style, 1.0);
        assert_eq!(label_color(&look, 1, RGBColor(230, 159, 0)), WHITE);
        let dark = Style {
            theme: Theme::Dark,
            ..Style::default()
        };
        let look = Look::of(&dark, 1.0);
        assert_ne!(label_color(&look, 1, RGBColor(230, 159, 0)), WHITE);
    }
}
