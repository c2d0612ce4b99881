//! The legend, where the style puts it: rows above the plot (sheetplot's
//! own place: it never hides data), a column beside it, rows below it, or
//! none. Wherever it goes it is laid out before the plot, which takes the
//! room it leaves, so hover maps the pointer to the plot as drawn.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::look::Look;
use super::trend_lines;
use super::{approx_text_width, dashes, fail, fit_text, RenderError};
use crate::overlay::Trends;
use sheetplot_model::LegendPosition;

/// What a legend item shows before its name: series `n`'s line (its
/// colour, width and dash), a square of its colour for bars, or an opaque
/// square of a pie slice's colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Swatch {
    Line(usize),
    Bar(usize),
    Slice(RGBColor),
}

/// A legend item.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    pub name: String,
    pub swatch: Swatch,
}

/// What the legend names: every series in order, the first `trends` of
/// them with their trend when the chart has one.
pub(super) struct Legend<'a> {
    pub entries: Vec<Entry>,
    pub trends: Option<&'a Trends>,
    /// Whether series without a trend are listed (several series of a
    /// kind that is not labelled otherwise).
    pub listed: bool,
}

/// Where items are laid out: from `left` to `right`, wrapping, the first
/// row centred on `top`; in a `column` each item has a row of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Region {
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub column: bool,
}

/// The room the title and the legend leave the plot: device pixels kept
/// free above, below and right of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Room {
    pub top: i32,
    pub bottom: i32,
    pub right: i32,
}

/// The height of a legend row in device pixels.
pub(super) fn row_height(look: &Look) -> i32 {
    look.text_px(22.0)
}

/// Draws `swatch` with its left end at `at` (device pixels on `root`),
/// centred on `at`'s row.
pub(super) fn draw_swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    at: (i32, i32),
    look: &Look,
) -> Result<(), RenderError> {
    let (x, y) = at;
    let square = [
        (x + look.text_px(3.0), y - look.text_px(6.0)),
        (x + look.text_px(15.0), y + look.text_px(6.0)),
    ];
    match swatch {
        Swatch::Bar(n) => root
            .draw(&Rectangle::new(
                square,
                look.series_color(n).mix(0.75).filled(),
            ))
            .map_err(fail),
        Swatch::Slice(color) => root
            .draw(&Rectangle::new(square, color.filled()))
            .map_err(fail),
        Swatch::Line(n) => {
            let width = look.px(look.series_css_width(n) + 1.0).max(1) as u32;
            let line = [
                (f64::from(x), f64::from(y)),
                (f64::from(x + look.text_px(18.0)), f64::from(y)),
            ];
            let style = look.series_color(n).stroke_width(width);
            dashes::stroke(root, &line, look.swatch_dash_pattern(n).as_deref(), style)
        }
    }
}

/// Lays out and draws `legend` where the style puts it; returns the room
/// left for the plot.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    legend: &Legend,
    look: &Look,
) -> Result<Room, RenderError> {
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    let mut room = Room {
        top: look.below_title(),
        bottom: look.px(12.0),
        right: look.px(28.0),
    };
    let shown = legend.trends.is_some() || legend.listed;
    let rows = |region: Region| {
        let budget = if region.column {
            (height - region.top) / row_height(look).max(1)
        } else {
            // Rows above or below may take a third of the height.
            height / 3 / row_height(look).max(1)
        };
        Blocks::of(legend, region, budget.max(1), look)
    };
    let across = Region {
        left: look.px(16.0),
        right: width - look.px(16.0),
        top: room.top,
        column: false,
    };
    match look.style.legend {
        _ if !shown => {}
        LegendPosition::None => {}
        LegendPosition::Top => room.top = rows(across).draw(root, across.top, look)?,
        LegendPosition::Bottom => {
            let blocks = rows(across);
            let tall = blocks.height(look);
            let top = height - look.px(10.0) - tall + row_height(look) / 2;
            blocks.draw(root, top, look)?;
            room.bottom = look.px(16.0) + tall;
        }
        LegendPosition::Right => {
            let widest = Blocks::widest(legend, look);
            let column_width = widest.min(width * 3 / 10).max(look.px(80.0));
            let column = Region {
                left: width - look.px(12.0) - column_width,
                right: width - look.px(12.0),
                top: room.top + row_height(look) / 2,
                column: true,
            };
            rows(column).draw(root, column.top, look)?;
            room.right = column_width + look.px(12.0 + 24.0);
        }
    }
    Ok(room)
}

/// The rows `entries` take laid out in `region`.
pub(super) fn rows_of(entries: &[Entry], region: Region, look: &Look) -> i32 {
    Plain::of(entries, region, look).rows
}

/// Draws `entries` laid out in `region`; returns where the last row ends.
pub(super) fn draw_entries<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    region: Region,
    look: &Look,
) -> Result<i32, RenderError> {
    Plain::of(entries, region, look).draw(root, region.top, look)
}

/// A legend's parts, laid out: the series with trends, then the others.
struct Blocks<'a> {
    trends: Option<trend_lines::Plan<'a>>,
    plain: Option<Plain<'a>>,
}

impl<'a> Blocks<'a> {
    fn of(legend: &'a Legend, region: Region, budget: i32, look: &Look) -> Blocks<'a> {
        match legend.trends {
            Some(trends) => {
                let with_trend = trends.series.len().min(legend.entries.len());
                let (left, right) = legend.entries.split_at(with_trend);
                Blocks {
                    trends: Some(trend_lines::plan(left, trends, region, budget, look)),
                    // Right-axis series have no trend: a row of their own.
                    plain: (!right.is_empty()).then(|| Plain::of(right, region, look)),
                }
            }
            None => Blocks {
                trends: None,
                plain: Some(Plain::of(&legend.entries, region, look)),
            },
        }
    }

    /// The width the widest item takes whole, for a column.
    fn widest(legend: &Legend, look: &Look) -> i32 {
        let plain = legend
            .entries
            .iter()
            .map(|e| Plain::item_width(&e.name, look))
            .max()
            .unwrap_or(0);
        let trends = legend
            .trends
            .map_or(0, |t| trend_lines::widest(&legend.entries, t, look));
        plain.max(trends)
    }

    fn height(&self, look: &Look) -> i32 {
        let rows =
            self.trends.as_ref().map_or(0, |t| t.rows) + self.plain.as_ref().map_or(0, |p| p.rows);
        rows * row_height(look)
    }

    /// Draws the parts one under the other from `top`; returns where the
    /// last row ends.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        top: i32,
        look: &Look,
    ) -> Result<i32, RenderError> {
        let top = match &self.trends {
            Some(trends) => trend_lines::draw_plan(root, trends, top, look)?,
            None => top,
        };
        match &self.plain {
            Some(plain) => plain.draw(root, top, look),
            None => Ok(top),
        }
    }
}

/// Legend items without a trend, laid out: each at `(x, row)`, its name
/// shortened to fit a column.
struct Plain<'a> {
    entries: &'a [Entry],
    places: Vec<(i32, i32, String)>,
    rows: i32,
}

impl<'a> Plain<'a> {
    /// Device pixels an item takes whole: swatch, name, and the gap after.
    fn item_width(name: &str, look: &Look) -> i32 {
        look.text_px(26.0) + approx_text_width(name, look.font_size(13.0)) + look.text_px(18.0)
    }

    fn of(entries: &'a [Entry], region: Region, look: &Look) -> Plain<'a> {
        let font = look.font_size(13.0);
        let (mut x, mut row) = (region.left, 0);
        let mut places = Vec::with_capacity(entries.len());
        for entry in entries {
            let name = if region.column {
                let room = region.right - region.left - look.text_px(26.0);
                fit_text(&entry.name, room, font)
            } else {
                entry.name.clone()
            };
            let item_width = Plain::item_width(&name, look);
            if (region.column || x + item_width > region.right) && x > region.left {
                x = region.left;
                row += 1;
            }
            places.push((x, row, name));
            x += item_width;
        }
        Plain {
            entries,
            places,
            rows: row + 1,
        }
    }

    /// Draws the items with their first row centred on `top`; returns
    /// where the last row ends.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        top: i32,
        look: &Look,
    ) -> Result<i32, RenderError> {
        let style = look
            .font(13.0)
            .color(&look.ink.muted)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (entry, (x, row, name)) in self.entries.iter().zip(&self.places) {
            let y = top + row * row_height(look);
            draw_swatch(root, entry.swatch, (*x, y), look)?;
            root.draw(&Text::new(
                name.clone(),
                (x + look.text_px(26.0), y),
                style.clone(),
            ))
            .map_err(fail)?;
        }
        Ok(top + self.rows * row_height(look))
    }
}
