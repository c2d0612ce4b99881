//! A chart's [`Style`] resolved for one frame: the theme's colours, each
//! series' colour, line and marks, and text sizes in device pixels. Every
//! drawing function, the legends and hover ask here, so a look is applied
//! the same way across kinds.

use plotters::prelude::*;
use plotters::style::FontDesc;

use super::dashes;
use crate::style::{Style, Theme};
use sheetplot_model::Rgb;

const FONT: &str = "sans-serif";

/// The colours a theme paints everything but the series with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ink {
    pub background: RGBColor,
    /// Titles, axis titles, the legend's names.
    pub text: RGBColor,
    /// Tick labels, the legend's notes, captions.
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
}

/// sheetplot's own: dark grey text on white, light grey lines.
const LIGHT: Ink = Ink {
    background: WHITE,
    text: RGBColor(17, 24, 39),
    muted: RGBColor(75, 85, 99),
    grid: RGBColor(229, 231, 235),
    axis: RGBColor(156, 163, 175),
};

/// Light text on the light theme's text colour: muted text at 7:1, grid
/// lines just above the background so they guide without drawing the eye.
const DARK: Ink = Ink {
    background: RGBColor(17, 24, 39),
    text: RGBColor(243, 244, 246),
    muted: RGBColor(156, 163, 175),
    grid: RGBColor(45, 55, 72),
    axis: RGBColor(107, 114, 128),
};

impl Ink {
    pub(crate) fn of(theme: Theme) -> Ink {
        match theme {
            Theme::Light => LIGHT,
            Theme::Dark => DARK,
        }
    }
}

/// The plotters colour of `color`.
pub(crate) fn rgb(color: Rgb) -> RGBColor {
    RGBColor(color.0, color.1, color.2)
}

/// How this frame draws: the style, its theme's colours, and the device
/// pixels per CSS pixel.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look<'a> {
    pub style: &'a Style,
    pub ink: Ink,
    pub scale: f64,
    /// The style's font scale, kept to a size text can be drawn at.
    font_scale: f64,
}

impl<'a> Look<'a> {
    pub(crate) fn of(style: &'a Style, scale: f64) -> Look<'a> {
        let font_scale = if style.font_scale.is_finite() {
            style.font_scale.clamp(0.25, 4.0)
        } else {
            1.0
        };
        Look {
            style,
            ink: Ink::of(style.theme),
            scale,
            font_scale,
        }
    }

    /// Device pixels of `css` CSS pixels, whole.
    pub(crate) fn px(&self, css: f64) -> i32 {
        (css * self.scale).round() as i32
    }

    /// Text sizes and the room text takes are times this.
    pub(crate) fn font_scale(&self) -> f64 {
        self.font_scale
    }

    /// Device pixels of `css` CSS pixels of room for text: it grows with
    /// the font scale.
    pub(crate) fn text_px(&self, css: f64) -> i32 {
        self.px(css * self.font_scale)
    }

    /// The size in device pixels of text set at `css` pixels.
    pub(crate) fn font_size(&self, css: f64) -> f64 {
        css * self.font_scale * self.scale
    }

    /// The chart's font at `css` pixels (before the font scale).
    pub(crate) fn font(&self, css: f64) -> FontDesc<'static> {
        (FONT, self.font_size(css)).into_font()
    }

    /// Where the title ends and a legend above the plot (or the plot) may
    /// start.
    pub(crate) fn below_title(&self) -> i32 {
        self.px(14.0 + 34.0 * self.font_scale)
    }

    /// Series `n`'s colour.
    pub(crate) fn series_color(&self, n: usize) -> RGBColor {
        rgb(self.style.series_color(n))
    }

    /// Series `n`'s line width in device pixels, at least one.
    pub(crate) fn line_width(&self, n: usize) -> u32 {
        self.px(self.series_css_width(n)).max(1) as u32
    }

    /// Series `n`'s line width in CSS pixels, kept to one that can be seen
    /// and does not cover the plot.
    pub(crate) fn series_css_width(&self, n: usize) -> f64 {
        let width = self.style.series_line_width(n);
        if width.is_finite() {
            width.clamp(0.25, 24.0)
        } else {
            2.0
        }
    }

    /// Series `n`'s dash pattern in device pixels; `None` when solid.
    pub(crate) fn dash_pattern(&self, n: usize) -> Option<Vec<f64>> {
        dashes::pattern(
            self.style.series_dash(n),
            self.series_css_width(n) * self.scale,
        )
    }

    /// Series `n`'s dash pattern in a legend swatch, in device pixels: at
    /// the default width's lengths whatever the line's, so a swatch's few
    /// pixels show the whole pattern. `None` when solid.
    pub(crate) fn swatch_dash_pattern(&self, n: usize) -> Option<Vec<f64>> {
        dashes::pattern(self.style.series_dash(n), 2.0 * self.scale)
    }

    /// The radius of series `n`'s point markers in device pixels: 3 CSS
    /// pixels, more for lines too wide to show a dot of that size.
    pub(crate) fn marker_radius(&self, n: usize) -> i32 {
        self.px((self.series_css_width(n) * 1.25).max(3.0))
    }

    /// `color` faded towards the background by `amount`, opaque: stacked
    /// layers must not mix with the layer behind them.
    pub(crate) fn tint(&self, color: RGBColor, amount: f64) -> RGBColor {
        let to = self.ink.background;
        let lift =
            |c: u8, t: u8| (f64::from(c) + (f64::from(t) - f64::from(c)) * amount).round() as u8;
        RGBColor(
            lift(color.0, to.0),
            lift(color.1, to.1),
            lift(color.2, to.2),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_look_is_sheetplots_own() {
        let style = Style::default();
        let look = Look::of(&style, 2.0);
        assert_eq!(look.series_color(0), super::super::PALETTE[0]);
        assert_eq!((look.line_width(0), look.marker_radius(0)), (4, 6));
        assert_eq!(look.below_title(), 96);
        assert_eq!(look.font_size(13.0), 26.0);
        assert_eq!(look.dash_pattern(0), None);
        // Tinted towards white, as stacked layers always were.
        assert_eq!(
            look.tint(RGBColor(0, 114, 178), 0.3),
            RGBColor(77, 156, 201)
        );
    }

    #[test]
    fn a_dark_look_fades_towards_its_background() {
        let style = Style {
            theme: Theme::Dark,
            font_scale: f64::NAN,
            ..Style::default()
        };
        let look = Look::of(&style, 1.0);
        assert_eq!(look.ink, DARK);
        assert_eq!(look.tint(WHITE, 1.0), DARK.background);
        assert_eq!(
            look.font_size(12.0),
            12.0,
            "a scale that is no number is none"
        );
    }
}
