//! A pie: one series by category, largest slice first from twelve o'clock,
//! labelled in a list beside it (labels around a pie collide).

use std::f64::consts::{FRAC_PI_2, TAU};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{fail, shorten, RenderError, RenderStats, FONT, MUTED_TEXT, PALETTE, TEXT};
use crate::shapes::Slice;
use crate::spec::ChartSpec;
use sheetplot_model::format::format_number;
use sheetplot_model::Sheet;

const OTHER: RGBColor = RGBColor(156, 163, 175);

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sheet: &Sheet,
    spec: &ChartSpec,
    slices: &[Slice],
    scale: f64,
) -> Result<RenderStats, RenderError> {
    let px = |css: f64| (css * scale).round() as i32;
    let total: f64 = slices.iter().map(|s| s.value).sum();
    let (width, height) = area.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    let legend_width = px(260.0).min(width / 2);
    let radius = ((width - legend_width - px(40.0)).min(height - px(16.0)) / 2).max(px(20.0));
    let center = ((width - legend_width) / 2, height / 2);
    let color_of = |i: usize, label: &str| {
        if label == "Other" {
            OTHER
        } else {
            PALETTE[i % PALETTE.len()]
        }
    };

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
            WHITE.stroke_width(px(2.0) as u32),
        ))
        .map_err(fail)?;
        let share = slice.value / total;
        if share >= 0.06 {
            let middle = start + sweep / 2.0;
            let at = (
                center.0 + (0.64 * f64::from(radius) * middle.cos()).round() as i32,
                center.1 + (0.64 * f64::from(radius) * middle.sin()).round() as i32,
            );
            let style = (FONT, 13.0 * scale)
                .into_font()
                .style(FontStyle::Bold)
                .color(&WHITE)
                .pos(Pos::new(HPos::Center, VPos::Center));
            area.draw(&Text::new(percent(share), at, style))
                .map_err(fail)?;
        }
        start += sweep;
    }

    // The legend: swatch, label, share, one row each, centred vertically.
    let row = px(24.0);
    let left = width - legend_width;
    let mut y = center.1 - row * slices.len() as i32 / 2 + row / 2;
    let label_style = (FONT, 13.0 * scale)
        .into_font()
        .color(&TEXT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let share_style = (FONT, 13.0 * scale)
        .into_font()
        .color(&MUTED_TEXT)
        .pos(Pos::new(HPos::Right, VPos::Center));
    for (i, slice) in slices.iter().enumerate() {
        let swatch = [(left, y - px(6.0)), (left + px(12.0), y + px(6.0))];
        area.draw(&Rectangle::new(swatch, color_of(i, &slice.label).filled()))
            .map_err(fail)?;
        let label = shorten(&slice.label, 22);
        area.draw(&Text::new(label, (left + px(20.0), y), label_style.clone()))
            .map_err(fail)?;
        let share = percent(slice.value / total);
        area.draw(&Text::new(share, (width - px(4.0), y), share_style.clone()))
            .map_err(fail)?;
        y += row;
    }
    let caption = format!(
        "{} · total {}",
        sheet.columns[spec.y[0]].name,
        format_number(total, if total.fract() == 0.0 { 0 } else { 2 })
    );
    let caption_style = (FONT, 12.0 * scale)
        .into_font()
        .color(&MUTED_TEXT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let caption_y = (center.1 - row * slices.len() as i32 / 2 - px(14.0)).max(px(8.0));
    area.draw(&Text::new(caption, (left, caption_y), caption_style))
        .map_err(fail)?;
    Ok(RenderStats {
        points_drawn: slices.len(),
        series: slices.iter().map(|s| s.label.clone()).collect(),
        ..RenderStats::default()
    })
}

fn percent(share: f64) -> String {
    format!(
        "{}%",
        format_number(share * 100.0, if share < 0.1 { 1 } else { 0 })
    )
}
