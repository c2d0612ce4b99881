//! The sizes a chart is exported at: the screen's, or one made for slides
//! and print. A size is a layout in CSS pixels and a scale: text, lines
//! and margins are laid out for the CSS size, then drawn `scale` times
//! finer, so a slide's chart reads like the screen's, only sharper.

/// An export size, as the page's `export-size` select names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportSize {
    /// The chart as laid out on screen, at twice the screen's density.
    #[default]
    Screen,
    /// 1280 × 720 pixels (a 16:9 slide).
    Hd720,
    /// 1920 × 1080 pixels, laid out as 1280 × 720 drawn 1.5 times finer.
    Hd1080,
    /// A4 landscape at 300 dpi: 3508 × 2480 pixels, laid out as the page
    /// is at 96 CSS pixels an inch (1123 × 794).
    A4Landscape,
}

/// What an export draws: its layout size in CSS pixels and the device
/// pixels per CSS pixel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExportLayout {
    pub css_width: u32,
    pub css_height: u32,
    pub scale: f64,
}

impl ExportLayout {
    /// The image's size in pixels.
    pub fn pixels(&self) -> (u32, u32) {
        (
            (f64::from(self.css_width) * self.scale).round() as u32,
            (f64::from(self.css_height) * self.scale).round() as u32,
        )
    }
}

impl ExportSize {
    pub const ALL: [ExportSize; 4] = [
        ExportSize::Screen,
        ExportSize::Hd720,
        ExportSize::Hd1080,
        ExportSize::A4Landscape,
    ];

    /// The option's value in the page.
    pub fn name(self) -> &'static str {
        match self {
            ExportSize::Screen => "screen",
            ExportSize::Hd720 => "1280x720",
            ExportSize::Hd1080 => "1920x1080",
            ExportSize::A4Landscape => "a4",
        }
    }

    /// The size an option's value names; anything else is the screen's.
    pub fn from_name(name: &str) -> ExportSize {
        ExportSize::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .unwrap_or_default()
    }

    /// The layout for a chart shown at `screen` CSS pixels on a screen of
    /// `ratio` device pixels per CSS pixel.
    pub fn layout(self, screen: (u32, u32), ratio: f64) -> ExportLayout {
        let (css_width, css_height, scale) = match self {
            ExportSize::Screen => (screen.0, screen.1, 2.0 * ratio),
            ExportSize::Hd720 => (1280, 720, 1.0),
            ExportSize::Hd1080 => (1280, 720, 1.5),
            // 300 dpi over 96 CSS pixels an inch, to the pixel of 297 mm.
            ExportSize::A4Landscape => (1123, 794, 3508.0 / 1123.0),
        };
        ExportLayout {
            css_width,
            css_height,
            scale,
        }
    }
}

/// `svg` with its width and height set to `pixels`, its viewBox kept at
/// the layout's size, so it opens at the export's size and scales.
pub fn sized_svg(svg: &str, (width, height): (u32, u32)) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg.to_owned();
    };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else {
        return svg.to_owned();
    };
    let head = &svg[start..end];
    let attribute = |name: &str| -> Option<String> {
        let at = head.find(&format!(" {name}=\""))? + name.len() + 3;
        let len = head[at..].find('"')?;
        Some(head[at..at + len].to_owned())
    };
    let (Some(css_width), Some(css_height)) = (attribute("width"), attribute("height")) else {
        return svg.to_owned();
    };
    let mut tag = head
        .replacen(
            &format!(" width=\"{css_width}\""),
            &format!(" width=\"{width}\""),
            1,
        )
        .replacen(
            &format!(" height=\"{css_height}\""),
            &format!(" height=\"{height}\""),
            1,
        );
    if !head.contains("viewBox") {
        tag.push_str(&format!(" viewBox=\"0 0 {css_width} {css_height}\""));
    }
    format!("{}{tag}{}", &svg[..start], &svg[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_size_makes_the_pixels_it_promises() {
        let pixels = |size: ExportSize| size.layout((900, 500), 1.0).pixels();
        assert_eq!(pixels(ExportSize::Screen), (1800, 1000));
        assert_eq!(pixels(ExportSize::Hd720), (1280, 720));
        assert_eq!(pixels(ExportSize::Hd1080), (1920, 1080));
        // A4 is 297 × 210 mm: 3508 × 2480 pixels at 300 dpi.
        assert_eq!(pixels(ExportSize::A4Landscape), (3508, 2480));
        assert_eq!(
            ExportSize::Screen.layout((900, 500), 2.0).pixels(),
            (3600, 2000)
        );
    }

    #[test]
    fn an_svg_opens_at_the_export_size_and_keeps_its_layout() {
        use plotters::prelude::*;
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (1280, 720)).into_drawing_area();
            root.fill(&WHITE).unwrap();
        }
        let sized = sized_svg(&svg, (1920, 1080));
        let head = &sized[sized.find("<svg").unwrap()..];
        let head = &head[..head.find('>').unwrap()];
        assert!(
            head.contains(" width=\"1920\"") && head.contains(" height=\"1080\""),
            "{head}"
        );
        assert!(head.contains("viewBox=\"0 0 1280 720\""), "{head}");
        assert_eq!(sized_svg("not svg", (1, 1)), "not svg");
    }

    #[test]
    fn names_round_trip_and_unknown_ones_mean_the_screen() {
        for size in ExportSize::ALL {
            assert_eq!(ExportSize::from_name(size.name()), size);
        }
        assert_eq!(ExportSize::from_name("huge"), ExportSize::Screen);
    }
}
