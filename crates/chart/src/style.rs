//! How a chart looks, apart from what it shows: colours, lines, legend,
//! fonts, axis titles and ends, gridlines, theme. Part of every
//! [`ChartSpec`](crate::ChartSpec), so it travels in the URL hash, the
//! exports and the command line like the rest of the spec, and a chart a
//! workbook saved keeps its own look (see `crate::saved`).

use sheetplot_model::{Dash, LegendPosition, Rgb};

/// A chart's look. The default is sheetplot's own: the Okabe–Ito palette,
/// 2 px lines, the legend above the plot, gridlines, a light theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub palette: Palette,
    /// Per series, by its place among the drawn series (the left axis'
    /// series in order, then the right axis'); a missing entry, or a
    /// `None` in it, takes the chart-wide look.
    pub series: Vec<SeriesLook>,
    /// Line width in CSS pixels.
    pub line_width: f64,
    /// Markers on the points of line charts (when few enough to tell apart).
    pub markers: bool,
    pub legend: LegendPosition,
    /// Every text's size, times this (1.0 is the page's own).
    pub font_scale: f64,
    /// The x axis' title; `None` names it after the x column.
    pub x_title: Option<String>,
    /// The right-hand axis' title; `None` names it after its column.
    pub y2_title: Option<String>,
    /// Fixed ends of the value axis; `None` fits the data.
    pub y_min: Option<f64>,
    pub y_max: Option<f64>,
    pub gridlines: bool,
    pub theme: Theme,
    /// Bars lying down (`Some(true)`) or standing (`Some(false)`); `None`
    /// lays them down when their labels are long or crowded.
    pub horizontal: Option<bool>,
    /// A pie with a hole in the middle.
    pub doughnut: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            palette: Palette::OkabeIto,
            series: Vec::new(),
            line_width: 2.0,
            markers: true,
            legend: LegendPosition::Top,
            font_scale: 1.0,
            x_title: None,
            y2_title: None,
            y_min: None,
            y_max: None,
            gridlines: true,
            theme: Theme::Light,
            horizontal: None,
            doughnut: false,
        }
    }
}

/// One series' own look; `None` takes the chart-wide one.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SeriesLook {
    pub color: Option<Rgb>,
    /// Line width in CSS pixels.
    pub line_width: Option<f64>,
    pub dash: Option<Dash>,
    pub markers: Option<bool>,
}

impl Style {
    /// The most series a look is kept for: a URL or a command line that
    /// names series beyond it is not believed (it would only grow a list).
    pub const MAX_SERIES_LOOKS: usize = 256;

    /// The look of series `n` (see [`Style::series`]), `None`s where it
    /// takes the chart-wide one.
    fn own(&self, n: usize) -> SeriesLook {
        self.series.get(n).copied().unwrap_or_default()
    }

    /// Series `n`'s colour: its own, else the palette's on the theme's
    /// background.
    pub fn series_color(&self, n: usize) -> Rgb {
        self.own(n)
            .color
            .unwrap_or_else(|| self.palette.color_on(n, self.theme))
    }

    /// Series `n`'s line width in CSS pixels.
    pub fn series_line_width(&self, n: usize) -> f64 {
        self.own(n).line_width.unwrap_or(self.line_width)
    }

    pub fn series_dash(&self, n: usize) -> Dash {
        self.own(n).dash.unwrap_or_default()
    }

    /// Whether series `n` marks its points (when few enough to tell apart).
    pub fn series_markers(&self, n: usize) -> bool {
        self.own(n).markers.unwrap_or(self.markers)
    }

    /// Sets series `n`'s look with `change`, growing the list with
    /// chart-wide looks up to it; `n` at or past
    /// [`Style::MAX_SERIES_LOOKS`] is ignored.
    pub fn set_series(&mut self, n: usize, change: impl FnOnce(&mut SeriesLook)) {
        if n >= Style::MAX_SERIES_LOOKS {
            return;
        }
        if self.series.len() <= n {
            self.series.resize(n + 1, SeriesLook::default());
        }
        change(&mut self.series[n]);
    }
}

/// The series colours to choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// Okabe–Ito: told apart with the common colour-vision deficiencies.
    #[default]
    OkabeIto,
    /// Tableau 10.
    Tableau,
    /// Viridis, sampled: ordered dark to light, for series that are steps.
    Viridis,
    /// Greys, for print in black and white.
    Greys,
}

/// Okabe–Ito, in an order that keeps neighbours apart; its black is a
/// dark grey and its yellow darkened, to show on white.
pub const OKABE_ITO: [Rgb; 8] = [
    Rgb(0, 114, 178),   // blue
    Rgb(230, 159, 0),   // orange
    Rgb(0, 158, 115),   // bluish green
    Rgb(213, 94, 0),    // vermillion
    Rgb(86, 180, 233),  // sky blue
    Rgb(204, 121, 167), // reddish purple
    Rgb(64, 64, 64),    // near black
    Rgb(200, 180, 0),   // yellow, darkened to show on white
];

/// Okabe–Ito on a dark background: the near black would vanish there, so
/// it is a near white, and the yellow is its own again.
const OKABE_ITO_ON_DARK: [Rgb; 8] = [
    OKABE_ITO[0],
    OKABE_ITO[1],
    OKABE_ITO[2],
    OKABE_ITO[3],
    OKABE_ITO[4],
    OKABE_ITO[5],
    Rgb(224, 224, 224),
    Rgb(240, 228, 66),
];

/// Tableau 10, as Tableau orders it.
const TABLEAU: [Rgb; 10] = [
    Rgb(0x4e, 0x79, 0xa7),
    Rgb(0xf2, 0x8e, 0x2b),
    Rgb(0xe1, 0x57, 0x59),
    Rgb(0x76, 0xb7, 0xb2),
    Rgb(0x59, 0xa1, 0x4f),
    Rgb(0xed, 0xc9, 0x48),
    Rgb(0xb0, 0x7a, 0xa1),
    Rgb(0xff, 0x9d, 0xa7),
    Rgb(0x9c, 0x75, 0x5f),
    Rgb(0xba, 0xb0, 0xac),
];

/// Viridis at eight even steps of 0–0.82: its last fifth is too pale to
/// read on white.
const VIRIDIS_ON_LIGHT: [Rgb; 8] = [
    Rgb(68, 1, 84),
    Rgb(70, 41, 119),
    Rgb(60, 77, 136),
    Rgb(47, 108, 142),
    Rgb(37, 137, 141),
    Rgb(35, 165, 133),
    Rgb(71, 191, 112),
    Rgb(138, 212, 71),
];

/// Viridis at eight even steps of 0.18–1, light to dark reversed in
/// reading: its first fifth is too dark to read on a dark background.
const VIRIDIS_ON_DARK: [Rgb; 8] = [
    Rgb(66, 61, 131),
    Rgb(53, 95, 141),
    Rgb(40, 124, 143),
    Rgb(33, 152, 138),
    Rgb(54, 179, 122),
    Rgb(105, 203, 91),
    Rgb(177, 221, 53),
    Rgb(254, 232, 37),
];

/// Six greys, darkest first, each told from its neighbours in print.
const GREYS_ON_LIGHT: [Rgb; 6] = [
    Rgb(0x1f, 0x1f, 0x1f),
    Rgb(0x47, 0x47, 0x47),
    Rgb(0x6e, 0x6e, 0x6e),
    Rgb(0x94, 0x94, 0x94),
    Rgb(0xb4, 0xb4, 0xb4),
    Rgb(0xd0, 0xd0, 0xd0),
];

/// The greys on a dark background, lightest (most contrast) first.
const GREYS_ON_DARK: [Rgb; 6] = [
    Rgb(0xf3, 0xf3, 0xf3),
    Rgb(0xd0, 0xd0, 0xd0),
    Rgb(0xad, 0xad, 0xad),
    Rgb(0x8a, 0x8a, 0x8a),
    Rgb(0x6a, 0x6a, 0x6a),
    Rgb(0x4e, 0x4e, 0x4e),
];

impl Palette {
    pub const ALL: [Palette; 4] = [
        Palette::OkabeIto,
        Palette::Tableau,
        Palette::Viridis,
        Palette::Greys,
    ];

    /// The name in the URL, the page and the command line.
    pub fn name(self) -> &'static str {
        match self {
            Palette::OkabeIto => "okabe-ito",
            Palette::Tableau => "tableau",
            Palette::Viridis => "viridis",
            Palette::Greys => "greys",
        }
    }

    pub fn from_name(name: &str) -> Option<Palette> {
        Palette::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The colours, in order, chosen to read on `theme`'s background.
    pub fn colors(self, theme: Theme) -> &'static [Rgb] {
        match (self, theme) {
            (Palette::OkabeIto, Theme::Light) => &OKABE_ITO,
            (Palette::OkabeIto, Theme::Dark) => &OKABE_ITO_ON_DARK,
            (Palette::Tableau, _) => &TABLEAU,
            (Palette::Viridis, Theme::Light) => &VIRIDIS_ON_LIGHT,
            (Palette::Viridis, Theme::Dark) => &VIRIDIS_ON_DARK,
            (Palette::Greys, Theme::Light) => &GREYS_ON_LIGHT,
            (Palette::Greys, Theme::Dark) => &GREYS_ON_DARK,
        }
    }

    /// Series `n`'s colour on `theme`; the palette repeats past its end.
    pub fn color_on(self, n: usize, theme: Theme) -> Rgb {
        let colors = self.colors(theme);
        colors[n % colors.len()]
    }

    /// Series `n`'s colour on the light theme.
    pub fn color(self, n: usize) -> Rgb {
        self.color_on(n, Theme::Light)
    }
}

/// Light or dark: the background, text, axes and grid together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::Light, Theme::Dark];

    /// The name in the URL, the page and the command line.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_name(name: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for palette in Palette::ALL {
            assert_eq!(Palette::from_name(palette.name()), Some(palette));
        }
        for theme in Theme::ALL {
            assert_eq!(Theme::from_name(theme.name()), Some(theme));
        }
        assert_eq!(Palette::from_name("rainbow"), None);
    }

    #[test]
    fn a_series_takes_its_own_look_else_the_charts() {
        let mut style = Style::default();
        style.set_series(2, |look| look.color = Some(Rgb(1, 2, 3)));
        style.set_series(Style::MAX_SERIES_LOOKS, |look| look.line_width = Some(9.0));
        assert_eq!(style.series.len(), 3, "no look past the most kept");
        assert_eq!(style.series_color(2), Rgb(1, 2, 3));
        assert_eq!(style.series_color(1), OKABE_ITO[1]);
        assert_eq!(style.series_color(9), OKABE_ITO[1], "the palette repeats");
        assert_eq!(style.series_line_width(0), 2.0);
        assert!(style.series_markers(0));
        style.theme = Theme::Dark;
        assert_ne!(style.series_color(6), OKABE_ITO[6], "no near black on dark");
        style.palette = Palette::Greys;
        assert_eq!(style.palette.colors(Theme::Dark).len(), 6);
    }
}
