//! Colours and lines of DrawingML shape properties (`c:spPr`): `a:srgbClr`
//! as written, `a:schemeClr` through the workbook's theme (the default
//! Office theme when it has none), with the brightness changes Excel
//! applies to them (`a:lumMod`, `a:lumOff`, `a:shade`, `a:tint`).

use sheetplot_model::saved_chart::{SavedKind, SeriesStyle};
use sheetplot_model::{Dash, Rgb};

use super::tree::Element;

/// DrawingML lengths are in EMU: 12,700 to a point.
const EMU_PER_POINT: f64 = 12_700.0;

/// The colours a theme names (`dk1`, `lt1`, `accent1`, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    colours: Vec<(String, Rgb)>,
}

/// The default Office theme's scheme (Office 2013–2022).
const OFFICE: [(&str, Rgb); 12] = [
    ("dk1", Rgb(0x00, 0x00, 0x00)),
    ("lt1", Rgb(0xFF, 0xFF, 0xFF)),
    ("dk2", Rgb(0x44, 0x54, 0x6A)),
    ("lt2", Rgb(0xE7, 0xE6, 0xE6)),
    ("accent1", Rgb(0x44, 0x72, 0xC4)),
    ("accent2", Rgb(0xED, 0x7D, 0x31)),
    ("accent3", Rgb(0xA5, 0xA5, 0xA5)),
    ("accent4", Rgb(0xFF, 0xC0, 0x00)),
    ("accent5", Rgb(0x5B, 0x9B, 0xD5)),
    ("accent6", Rgb(0x70, 0xAD, 0x47)),
    ("hlink", Rgb(0x05, 0x63, 0xC1)),
    ("folHlink", Rgb(0x95, 0x4F, 0x72)),
];

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            colours: OFFICE.iter().map(|(n, c)| ((*n).to_owned(), *c)).collect(),
        }
    }
}

impl Theme {
    /// The theme of a theme part (`a:theme/a:themeElements/a:clrScheme`),
    /// each colour it does not set left at the default Office theme's.
    pub fn from_part(root: &Element) -> Theme {
        let mut theme = Theme::default();
        let Some(scheme) = root.at(&["themeElements", "clrScheme"]) else {
            return theme;
        };
        for entry in &scheme.children {
            let colour = entry.children.iter().find_map(|c| match c.name.as_str() {
                "srgbClr" => c.val().and_then(Rgb::parse),
                "sysClr" => c.attribute("lastClr").and_then(Rgb::parse),
                _ => None,
            });
            if let (Some(colour), Some(slot)) = (
                colour,
                theme.colours.iter_mut().find(|(n, _)| *n == entry.name),
            ) {
                slot.1 = colour;
            }
        }
        theme
    }

    /// A scheme colour by the name a chart uses (`accent1`, `tx1`, …).
    fn scheme(&self, name: &str) -> Option<Rgb> {
        let name = match name {
            "tx1" => "dk1",
            "bg1" => "lt1",
            "tx2" => "dk2",
            "bg2" => "lt2",
            other => other,
        };
        self.colours
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| *c)
    }

    /// The colour of a fill (`a:solidFill`, or a gradient's first stop).
    pub fn fill(&self, fill_parent: &Element) -> Option<Rgb> {
        if let Some(solid) = fill_parent.child("solidFill") {
            return self.colour(solid);
        }
        let stops = fill_parent.at(&["gradFill", "gsLst"])?;
        self.colour(stops.child("gs")?)
    }

    /// The colour element inside `holder` (`a:srgbClr`, `a:schemeClr`,
    /// `a:sysClr`), with its brightness changes applied.
    fn colour(&self, holder: &Element) -> Option<Rgb> {
        let element = holder.children.first()?;
        let base = match element.name.as_str() {
            "srgbClr" => Rgb::parse(element.val()?)?,
            "schemeClr" => self.scheme(element.val()?)?,
            "sysClr" => Rgb::parse(element.attribute("lastClr")?)?,
            _ => return None,
        };
        Some(adjusted(base, element))
    }

    /// How a series of a plot of `kind` is drawn, from its `c:spPr` and
    /// `c:marker`. Lines and scatters are told by their line (`a:ln`); a
    /// scatter of markers only by its markers' colour. Bars, areas and
    /// slices are told by their fill: their outline is no line of theirs.
    pub fn series_style(&self, series: &Element, kind: SavedKind) -> SeriesStyle {
        let shape = series.child("spPr");
        let line = shape.and_then(|s| s.child("ln"));
        let marker = series.child("marker");
        let markers = marker
            .and_then(|m| m.child("symbol"))
            .and_then(Element::val)
            .map(|symbol| symbol != "none");
        if !matches!(kind, SavedKind::Line | SavedKind::Scatter) {
            return SeriesStyle {
                color: shape.and_then(|s| self.fill(s)),
                markers,
                ..SeriesStyle::default()
            };
        }
        let no_line = line.is_some_and(|l| l.child("noFill").is_some());
        let marker_shape = marker.and_then(|m| m.child("spPr"));
        let marker_colour = || {
            let shape = marker_shape?;
            self.fill(shape)
                .or_else(|| shape.child("ln").and_then(|l| self.fill(l)))
        };
        let color = line
            .and_then(|l| self.fill(l))
            .or_else(|| if no_line { marker_colour() } else { None })
            // A bubble chart read as a scatter: its bubbles' fill.
            .or_else(|| shape.and_then(|s| self.fill(s)));
        // No line has no width or dash, whatever `a:ln` says of them.
        let line = line.filter(|_| !no_line);
        SeriesStyle {
            color,
            line_width: line
                .and_then(|l| l.attribute("w"))
                .and_then(|w| w.trim().parse::<f64>().ok())
                .filter(|w| w.is_finite() && *w >= 0.0)
                .map(|emu| emu / EMU_PER_POINT),
            dash: line
                .and_then(|l| l.child("prstDash"))
                .and_then(Element::val)
                .map(dash)
                .or_else(|| line.and_then(|l| l.child("custDash")).map(|_| Dash::Dashed)),
            markers,
            no_line,
        }
    }
}

/// A preset dash (`a:prstDash val`) as the nearest of sheetplot's.
fn dash(preset: &str) -> Dash {
    match preset {
        "solid" => Dash::Solid,
        "dot" | "sysDot" => Dash::Dotted,
        "dashDot" | "lgDashDot" | "lgDashDotDot" | "sysDashDot" | "sysDashDotDot" => Dash::DashDot,
        // dash, sysDash, lgDash and any other preset.
        _ => Dash::Dashed,
    }
}

/// `base` with the brightness changes of `element`'s children applied in
/// order: `lumMod`/`lumOff` scale and shift its HSL lightness, `shade`
/// darkens towards black and `tint` lightens towards white. Values are in
/// thousandths of a percent (`75000` = 75 %).
fn adjusted(base: Rgb, element: &Element) -> Rgb {
    let mut colour = base;
    for change in &element.children {
        let Some(amount) = change.val().and_then(|v| v.trim().parse::<f64>().ok()) else {
            continue;
        };
        let amount = amount / 100_000.0;
        colour = match change.name.as_str() {
            "lumMod" => with_lightness(colour, |l| l * amount),
            "lumOff" => with_lightness(colour, |l| l + amount),
            "shade" => map_channels(colour, |c| c * amount),
            "tint" => map_channels(colour, |c| c + (1.0 - c) * (1.0 - amount)),
            _ => colour,
        };
    }
    colour
}

fn map_channels(colour: Rgb, f: impl Fn(f64) -> f64) -> Rgb {
    let channel = |c: u8| to_byte(f(f64::from(c) / 255.0));
    Rgb(channel(colour.0), channel(colour.1), channel(colour.2))
}

fn to_byte(unit: f64) -> u8 {
    (unit.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// `colour` with its HSL lightness changed by `f`.
fn with_lightness(colour: Rgb, f: impl Fn(f64) -> f64) -> Rgb {
    let (h, s, l) = to_hsl(colour);
    from_hsl(h, s, f(l).clamp(0.0, 1.0))
}

fn to_hsl(Rgb(r, g, b): Rgb) -> (f64, f64, f64) {
    let [r, g, b] = [r, g, b].map(|c| f64::from(c) / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = (max + min) / 2.0;
    let d = max - min;
    if d == 0.0 {
        return (0.0, 0.0, l);
    }
    let s = d / (1.0 - (2.0 * l - 1.0).abs());
    let h = if max == r {
        ((g - b) / d).rem_euclid(6.0)
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h * 60.0, s, l)
}

fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - ((h / 60.0).rem_euclid(2.0) - 1.0).abs());
    let m = l - c / 2.0;
    let (r, g, b) = match (h / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    Rgb(to_byte(r + m), to_byte(g + m), to_byte(b + m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saved_charts::tree::parse;

    fn style(xml: &str, kind: SavedKind) -> SeriesStyle {
        Theme::default().series_style(&parse(xml).unwrap(), kind)
    }

    #[test]
    fn a_line_is_told_by_its_line() {
        let line = style(
            r#"<ser><spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="D62728"/></a:solidFill><a:prstDash val="sysDash"/></a:ln></spPr><marker><symbol val="none"/></marker></ser>"#,
            SavedKind::Line,
        );
        assert_eq!(
            line,
            SeriesStyle {
                color: Some(Rgb(0xD6, 0x27, 0x28)),
                line_width: Some(2.25),
                dash: Some(Dash::Dashed),
                markers: Some(false),
                no_line: false,
            }
        );
    }

    #[test]
    fn markers_only_are_told_by_their_markers() {
        let scatter = style(
            r#"<ser><spPr><ln w="28575"><noFill/></ln></spPr><marker><symbol val="circle"/><spPr><solidFill><srgbClr val="2CA02C"/></solidFill></spPr></marker></ser>"#,
            SavedKind::Scatter,
        );
        assert_eq!(scatter.color, Some(Rgb(0x2C, 0xA0, 0x2C)));
        assert!(scatter.no_line);
        assert_eq!(scatter.markers, Some(true));
    }

    #[test]
    fn bars_are_told_by_their_fill_not_their_outline() {
        let bars = style(
            r#"<ser><spPr><solidFill><schemeClr val="accent2"/></solidFill><ln w="9525"><noFill/></ln></spPr></ser>"#,
            SavedKind::Bar,
        );
        assert_eq!(
            bars,
            SeriesStyle {
                color: Some(Rgb(0xED, 0x7D, 0x31)),
                ..SeriesStyle::default()
            }
        );
    }

    #[test]
    fn scheme_colours_come_from_the_theme_with_their_changes() {
        let theme = Theme::from_part(
            &parse(r#"<theme><themeElements><clrScheme name="x"><dk1><sysClr val="windowText" lastClr="000000"/></dk1><accent1><srgbClr val="4F81BD"/></accent1></clrScheme></themeElements></theme>"#)
                .unwrap(),
        );
        let fill = |xml: &str| theme.fill(&parse(xml).unwrap());
        assert_eq!(
            fill(r#"<spPr><solidFill><schemeClr val="accent1"/></solidFill></spPr>"#),
            Some(Rgb(0x4F, 0x81, 0xBD))
        );
        // Not in this theme: the default Office theme's.
        assert_eq!(
            fill(r#"<spPr><solidFill><schemeClr val="accent6"/></solidFill></spPr>"#),
            Some(Rgb(0x70, 0xAD, 0x47))
        );
        // Excel's "Black, Text 1, Lighter 35 %".
        assert_eq!(
            fill(
                r#"<spPr><solidFill><schemeClr val="tx1"><lumMod val="65000"/><lumOff val="35000"/></schemeClr></solidFill></spPr>"#
            ),
            Some(Rgb(0x59, 0x59, 0x59))
        );
        assert_eq!(
            fill(
                r#"<spPr><solidFill><srgbClr val="FFFFFF"><shade val="50000"/></srgbClr></solidFill></spPr>"#
            ),
            Some(Rgb(0x80, 0x80, 0x80))
        );
        assert_eq!(fill(r#"<spPr><noFill/></spPr>"#), None);
        assert_eq!(
            fill(r#"<spPr><solidFill><srgbClr val="nonsense"/></solidFill></spPr>"#),
            None
        );
    }

    #[test]
    fn presets_map_to_the_nearest_dash() {
        assert_eq!(dash("sysDot"), Dash::Dotted);
        assert_eq!(dash("lgDashDotDot"), Dash::DashDot);
        assert_eq!(dash("lgDash"), Dash::Dashed);
        assert_eq!(dash("solid"), Dash::Solid);
    }

    #[test]
    fn lightness_round_trips() {
        for colour in [
            Rgb(0x44, 0x72, 0xC4),
            Rgb(0xED, 0x7D, 0x31),
            Rgb(0, 0, 0),
            Rgb(255, 255, 255),
        ] {
            let (h, s, l) = to_hsl(colour);
            assert_eq!(from_hsl(h, s, l), colour);
        }
    }
}
