//! The visual vocabulary a chart's look is told in: colours, dashes, where
//! the legend goes. Shared by the charts a workbook saves (whose XML says
//! these) and the charts a person styles (whose URL hash says them).

use std::fmt;

use serde::{Deserialize, Serialize};

/// An opaque colour, written `#rrggbb` in URLs and on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#0072b2`, `0072b2` or `#07b` (case-insensitive); `None` otherwise.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().trim_start_matches('#');
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
        let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        match hex.len() {
            6 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            _ => None,
        }
    }
}

impl fmt::Display for Rgb {
    /// `#0072b2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Dash {
    #[default]
    Solid,
    Dashed,
    Dotted,
    DashDot,
}

impl Dash {
    pub const ALL: [Dash; 4] = [Dash::Solid, Dash::Dashed, Dash::Dotted, Dash::DashDot];

    /// The name in the URL, the page and the command line.
    pub fn name(self) -> &'static str {
        match self {
            Dash::Solid => "solid",
            Dash::Dashed => "dashed",
            Dash::Dotted => "dotted",
            Dash::DashDot => "dash-dot",
        }
    }

    pub fn from_name(name: &str) -> Option<Dash> {
        Dash::ALL.into_iter().find(|d| d.name() == name)
    }
}

/// Where a chart's legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LegendPosition {
    /// A row above the plot (sheetplot's default: it never hides data).
    #[default]
    Top,
    Right,
    Bottom,
    /// No legend.
    None,
}

impl LegendPosition {
    pub const ALL: [LegendPosition; 4] = [
        LegendPosition::Top,
        LegendPosition::Right,
        LegendPosition::Bottom,
        LegendPosition::None,
    ];

    /// The name in the URL, the page and the command line.
    pub fn name(self) -> &'static str {
        match self {
            LegendPosition::Top => "top",
            LegendPosition::Right => "right",
            LegendPosition::Bottom => "bottom",
            LegendPosition::None => "none",
        }
    }

    pub fn from_name(name: &str) -> Option<LegendPosition> {
        LegendPosition::ALL.into_iter().find(|p| p.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_read_and_write_as_hex() {
        assert_eq!(Rgb::parse("#0072B2"), Some(Rgb(0, 114, 178)));
        assert_eq!(Rgb::parse("0072b2"), Some(Rgb(0, 114, 178)));
        assert_eq!(Rgb::parse("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb(0, 114, 178).to_string(), "#0072b2");
        for bad in ["", "#12345", "#gggggg", "#+1+2+3", "red", "#ÿÿÿ"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn names_round_trip() {
        for dash in Dash::ALL {
            assert_eq!(Dash::from_name(dash.name()), Some(dash));
        }
        for position in LegendPosition::ALL {
            assert_eq!(LegendPosition::from_name(position.name()), Some(position));
        }
    }
}
