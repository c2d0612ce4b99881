//! `sheetplot`: the page's charts from the command line, from the same layers.
//!
//! Exit codes: 0 when the chart was written (or the saved charts listed),
//! 1 when the file was refused (damaged, not a spreadsheet, nothing to
//! draw, no such saved chart), 2 for a wrong command line.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    match cli::run(std::env::args_os().skip(1)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(cli::Failure::Usage(message)) => {
            eprintln!("sheetplot: {message}");
            std::process::ExitCode::from(2)
        }
        Err(cli::Failure::Refused(message)) => {
            eprintln!("sheetplot: {message}");
            std::process::ExitCode::from(1)
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::ffi::OsString;

    use plotters::prelude::*;
    use sheetplot::chart::saved::{bind, label};
    use sheetplot::chart::settings::{parse_filter, FONT_SCALES, LINE_WIDTHS};
    use sheetplot::chart::transform::{Aggregate, Bucket, Filter, Keep};
    use sheetplot::chart::trend::TrendKind;
    use sheetplot::chart::{
        default_title, file_stem, ChartKind, ChartSpec, Palette, Style, Theme, XSource,
    };
    use sheetplot::model::{Dash, LegendPosition, Rgb, SavedChart, SavedCharts};
    use sheetplot::read::saved_charts::read_saved_charts;
    use sheetplot::render::render;
    use sheetplot::{Sheet, Values};

    const USAGE: &str = "usage: sheetplot FILE [--sheet NAME] [--x COLUMN|row] [--y COLUMN,COLUMN…]
                 [--kind line|scatter|bar|area|histogram|pie|box] [--title TEXT] [--log-y]
                 [--bins N] [--size WIDTHxHEIGHT] [-o OUT.svg|OUT.png]
                 [--aggregate sum|mean|median|count|min|max]
                 [--bucket auto|day|week|month|quarter|year] [--split-by COLUMN]
                 [--filter 'COLUMN=A,B'|'COLUMN=MIN..MAX' …] [--stack] [--transpose]
                 [--trend linear|exponential|logarithmic|power|polynomial:2…6|moving-average:N]
                 [--y2 COLUMN,COLUMN… [--y2-bars]] [--y-bars]
The look:        [--palette okabe-ito|tableau|viridis|greys] [--color N=#RRGGBB …]
                 [--line-width PX] [--dash N=solid|dashed|dotted|dash-dot …] [--no-markers]
                 [--legend top|right|bottom|none] [--font-scale F] [--x-title TEXT]
                 [--y-title TEXT] [--y2-title TEXT] [--y-min V] [--y-max V] [--no-grid]
                 [--theme light|dark] [--horizontal|--vertical] [--doughnut]
A saved chart:   sheetplot FILE --list-charts
                 sheetplot FILE --chart N [--title TEXT] [--size …] [-o …] [the look]
Without --x, --y or --kind, sheetplot picks them as the page does. N counts the
drawn series from 1 (the left axis' in order, then the right axis'). --chart N
draws the chart the workbook saved as --list-charts numbers it: its own sheet,
columns, kind and look, which the look flags change as they change any chart.";

    /// Why no chart was written.
    pub enum Failure {
        /// The command line is wrong (exit code 2).
        Usage(String),
        /// The file, or the chart asked of it, was refused (exit code 1).
        Refused(String),
    }

    impl From<lexopt::Error> for Failure {
        fn from(e: lexopt::Error) -> Self {
            Failure::Usage(format!("{e}\n{USAGE}"))
        }
    }

    fn usage(text: impl std::fmt::Display) -> Failure {
        Failure::Usage(format!("{text}\n{USAGE}"))
    }

    #[derive(Default)]
    struct Options {
        file: Option<String>,
        sheet: Option<String>,
        x: Option<String>,
        y: Option<String>,
        kind: Option<ChartKind>,
        title: Option<String>,
        log_y: bool,
        bins: Option<usize>,
        size: Option<(u32, u32)>,
        output: Option<String>,
        aggregate: Option<Aggregate>,
        bucket: Option<Bucket>,
        split_by: Option<String>,
        filters: Vec<(String, Keep)>,
        stack: bool,
        transpose: bool,
        trend: Option<TrendKind>,
        y2: Option<String>,
        y2_bars: bool,
        y_bars: bool,
        y_title: Option<String>,
        /// The look flags, in the order given, to put on the chart's own
        /// look: sheetplot's default, or the one a saved chart keeps.
        looks: Vec<Look>,
        /// `--chart N`: the workbook's saved chart N, from 1.
        chart: Option<usize>,
        list_charts: bool,
    }

    /// One look flag's change to a chart's look.
    type Look = Box<dyn Fn(&mut Style)>;

    impl Options {
        fn look(&mut self, change: impl Fn(&mut Style) + 'static) {
            self.looks.push(Box::new(change));
        }

        /// `style` with the look flags on it.
        fn look_on(&self, mut style: Style) -> Style {
            for change in &self.looks {
                change(&mut style);
            }
            style
        }

        /// The look flags on sheetplot's default look: what they set.
        fn flagged(&self) -> Style {
            self.look_on(Style::default())
        }
    }

    /// A one-line usage error for a flag given a value it does not take.
    fn bad_value(flag: &str, takes: &str, value: &str) -> Failure {
        Failure::Usage(format!(
            "{flag} takes {takes}, not {value:?} (sheetplot --help lists every flag)"
        ))
    }

    /// `value` of `flag` as a number in `range`.
    fn number_in(
        flag: &str,
        value: &str,
        range: std::ops::RangeInclusive<f64>,
    ) -> Result<f64, Failure> {
        value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| range.contains(v))
            .ok_or_else(|| {
                let takes = format!("a number from {} to {}", range.start(), range.end());
                bad_value(flag, &takes, value)
            })
    }

    /// `value` of `flag` as any number.
    fn finite(flag: &str, value: &str) -> Result<f64, Failure> {
        value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| bad_value(flag, "a number", value))
    }

    /// `N=VALUE` of a per-series flag: the series' place (from 1) as an
    /// index, and VALUE as `read` makes it.
    fn per_series<T>(
        flag: &str,
        takes: &str,
        value: &str,
        read: impl Fn(&str) -> Option<T>,
    ) -> Result<(usize, T), Failure> {
        let (place, v) = value
            .split_once('=')
            .ok_or_else(|| bad_value(flag, takes, value))?;
        let n = place
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=Style::MAX_SERIES_LOOKS).contains(n))
            .ok_or_else(|| bad_value(flag, takes, value))?;
        let v = read(v.trim()).ok_or_else(|| bad_value(flag, takes, value))?;
        Ok((n - 1, v))
    }

    fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Options, Failure> {
        use lexopt::prelude::*;
        let mut o = Options::default();
        let mut parser = lexopt::Parser::from_args(args);
        while let Some(arg) = parser.next()? {
            match arg {
                Long("sheet") => o.sheet = Some(parser.value()?.string()?),
                Long("x") => o.x = Some(parser.value()?.string()?),
                Long("y") => o.y = Some(parser.value()?.string()?),
                Long("kind") => {
                    let v = parser.value()?.string()?;
                    o.kind = Some(
                        ChartKind::from_name(&v)
                            .ok_or_else(|| usage(format!("no chart kind {v}")))?,
                    );
                }
                Long("title") => o.title = Some(parser.value()?.string()?),
                Long("log-y") => o.log_y = true,
                Long("bins") => {
                    o.bins = Some(
                        parser
                            .value()?
                            .parse()
                            .map_err(|_| usage("--bins takes a count"))?,
                    )
                }
                Long("size") => {
                    let v = parser.value()?.string()?;
                    let size = v
                        .split_once('x')
                        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
                        .filter(|&(w, h): &(u32, u32)| w > 0 && h > 0);
                    o.size = Some(
                        size.ok_or_else(|| usage(format!("--size takes WIDTHxHEIGHT, not {v}")))?,
                    );
                }
                Short('o') | Long("output") => o.output = Some(parser.value()?.string()?),
                Long("aggregate") => {
                    let v = parser.value()?.string()?;
                    o.aggregate = Some(
                        Aggregate::from_name(&v)
                            .ok_or_else(|| usage(format!("no aggregate {v}")))?,
                    );
                }
                Long("bucket") => {
                    let v = parser.value()?.string()?;
                    o.bucket =
                        Some(Bucket::from_name(&v).ok_or_else(|| usage(format!("no bucket {v}")))?);
                }
                Long("split-by") => o.split_by = Some(parser.value()?.string()?),
                Long("stack") => o.stack = true,
                Long("y2") => o.y2 = Some(parser.value()?.string()?),
                Long("y2-bars") => o.y2_bars = true,
                Long("y-bars") => o.y_bars = true,
                Long("y-title") => o.y_title = Some(parser.value()?.string()?),
                Long("palette") => {
                    let v = parser.value()?.string()?;
                    let palette = Palette::from_name(&v).ok_or_else(|| {
                        bad_value("--palette", "okabe-ito, tableau, viridis or greys", &v)
                    })?;
                    o.look(move |s| s.palette = palette);
                }
                Long("color") => {
                    let v = parser.value()?.string()?;
                    let (n, color) = per_series("--color", "N=#RRGGBB", &v, Rgb::parse)?;
                    o.look(move |s| s.set_series(n, |look| look.color = Some(color)));
                }
                Long("dash") => {
                    let v = parser.value()?.string()?;
                    let takes = "N=solid, N=dashed, N=dotted or N=dash-dot";
                    let (n, dash) = per_series("--dash", takes, &v, Dash::from_name)?;
                    o.look(move |s| s.set_series(n, |look| look.dash = Some(dash)));
                }
                Long("line-width") => {
                    let v = parser.value()?.string()?;
                    let width = number_in("--line-width", &v, LINE_WIDTHS)?;
                    o.look(move |s| s.line_width = width);
                }
                Long("no-markers") => o.look(|s| s.markers = false),
                Long("legend") => {
                    let v = parser.value()?.string()?;
                    let legend = LegendPosition::from_name(&v)
                        .ok_or_else(|| bad_value("--legend", "top, right, bottom or none", &v))?;
                    o.look(move |s| s.legend = legend);
                }
                Long("font-scale") => {
                    let v = parser.value()?.string()?;
                    let scale = number_in("--font-scale", &v, FONT_SCALES)?;
                    o.look(move |s| s.font_scale = scale);
                }
                Long("x-title") => {
                    let title = parser.value()?.string()?;
                    o.look(move |s| s.x_title = Some(title.clone()));
                }
                Long("y2-title") => {
                    let title = parser.value()?.string()?;
                    o.look(move |s| s.y2_title = Some(title.clone()));
                }
                Long("y-min") => {
                    let v = parser.value()?.string()?;
                    let min = finite("--y-min", &v)?;
                    o.look(move |s| s.y_min = Some(min));
                }
                Long("y-max") => {
                    let v = parser.value()?.string()?;
                    let max = finite("--y-max", &v)?;
                    o.look(move |s| s.y_max = Some(max));
                }
                Long("no-grid") => o.look(|s| s.gridlines = false),
                Long("theme") => {
                    let v = parser.value()?.string()?;
                    let theme = Theme::from_name(&v)
                        .ok_or_else(|| bad_value("--theme", "light or dark", &v))?;
                    o.look(move |s| s.theme = theme);
                }
                Long("horizontal") => o.look(|s| s.horizontal = Some(true)),
                Long("vertical") => o.look(|s| s.horizontal = Some(false)),
                Long("doughnut") => o.look(|s| s.doughnut = true),
                Long("chart") => {
                    let v = parser.value()?.string()?;
                    let takes = "a saved chart's number, from 1 (--list-charts lists them)";
                    o.chart = Some(
                        v.trim()
                            .parse()
                            .map_err(|_| bad_value("--chart", takes, &v))?,
                    );
                }
                Long("list-charts") => o.list_charts = true,
                Long("transpose") => o.transpose = true,
                Long("trend") => {
                    let v = parser.value()?.string()?;
                    o.trend = Some(TrendKind::from_name(&v).ok_or_else(|| {
                        usage(format!(
                            "no trend {v}: linear, exponential, logarithmic, power, \
                             polynomial:2 to polynomial:6, or moving-average:N (N from 2 to 1000)"
                        ))
                    })?);
                }
                Long("filter") => {
                    let v = parser.value()?.string()?;
                    o.filters.push(parse_filter(&v).ok_or_else(|| {
                        usage(format!(
                            "--filter takes COLUMN=A,B or COLUMN=MIN..MAX, not {v}"
                        ))
                    })?);
                }
                Short('h') | Long("help") => return Err(Failure::Usage(USAGE.into())),
                Value(file) if o.file.is_none() => o.file = Some(file.string()?),
                _ => return Err(arg.unexpected().into()),
            }
        }
        Ok(o)
    }

    /// The column named `name`; a name the sheet lacks is a usage mistake.
    fn column(sheet: &Sheet, name: &str) -> Result<usize, Failure> {
        sheet
            .columns
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = sheet.columns.iter().map(|c| c.name.as_str()).collect();
                Failure::Usage(format!(
                    "sheet {} has no column {name:?}; it has {names:?}",
                    sheet.name
                ))
            })
    }

    pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<(), Failure> {
        let o = parse(args)?;
        let file = o.file.clone().ok_or_else(|| Failure::Usage(USAGE.into()))?;
        if o.chart.is_some() {
            // A saved chart has its own sheet, columns and kind.
            let picked: Vec<&str> = [
                ("--sheet", o.sheet.is_some()),
                ("--x", o.x.is_some()),
                ("--y", o.y.is_some()),
                ("--kind", o.kind.is_some()),
                ("--y2", o.y2.is_some()),
                ("--y2-bars", o.y2_bars),
                ("--list-charts", o.list_charts),
            ]
            .into_iter()
            .filter_map(|(flag, given)| given.then_some(flag))
            .collect();
            if !picked.is_empty() {
                return Err(Failure::Usage(format!(
                    "--chart draws the saved chart's own sheet, columns and kind; leave out {}",
                    picked.join(" and ")
                )));
            }
        }
        if o.list_charts {
            return list_charts(&file);
        }
        draw(&o, &file)
    }

    /// Prints the charts `file` saved, one a line, numbered as `--chart`
    /// takes them, then a sentence for each chart left out.
    fn list_charts(file: &str) -> Result<(), Failure> {
        let bytes = std::fs::read(file).map_err(|e| Failure::Refused(format!("{file}: {e}")))?;
        let saved = read_saved_charts(&bytes);
        if saved.charts.is_empty() {
            println!("{file}: no saved charts.");
        }
        for (n, chart) in saved.charts.iter().enumerate() {
            println!("{}. {}", n + 1, label(chart, n + 1));
        }
        for sentence in &saved.refused {
            println!("{sentence}");
        }
        Ok(())
    }

    /// Saved chart `number` (from 1) of `saved`; a number past them says
    /// how many there are.
    fn saved_chart<'a>(
        file: &str,
        saved: &'a SavedCharts,
        number: usize,
    ) -> Result<&'a SavedChart, Failure> {
        number
            .checked_sub(1)
            .and_then(|index| saved.charts.get(index))
            .ok_or_else(|| {
                let count = match saved.charts.len() {
                    0 => "no charts".to_owned(),
                    1 => "1 chart (--chart 1)".to_owned(),
                    n => format!("{n} charts (--chart 1 to {n}; --list-charts lists them)"),
                };
                Failure::Refused(format!(
                    "{file}: there is no chart {number}: the workbook saved {count}."
                ))
            })
    }

    /// Reads `file` and writes the chart `o` asks for.
    fn draw(o: &Options, file: &str) -> Result<(), Failure> {
        let refused = |text: String| Failure::Refused(text);
        let bytes = std::fs::read(file).map_err(|e| refused(format!("{file}: {e}")))?;
        let workbook =
            sheetplot::read_workbook(&bytes).map_err(|e| refused(format!("{file}: {e}")))?;
        let file_name = std::path::Path::new(&file)
            .file_name()
            .map_or(file.to_owned(), |n| n.to_string_lossy().into_owned());
        if let Some(number) = o.chart {
            let saved = read_saved_charts(&bytes);
            let chart = saved_chart(file, &saved, number)?;
            let bound = bind(chart, &workbook.sheets, file_stem(&file_name)).map_err(|why| {
                refused(format!("{file}: Chart {number} cannot be drawn: {why}."))
            })?;
            let sheet = bound.sheet(&workbook.sheets).ok_or_else(|| {
                refused(format!(
                    "{file}: Chart {number} cannot be drawn: its sheet is gone."
                ))
            })?;
            // What the page says beside the chart: drawn otherwise than
            // the workbook shows it, or from the values the chart saved.
            for note in &bound.notes {
                eprintln!("{note}");
            }
            let mut spec = bound.spec.clone();
            if let Some(title) = &o.title {
                spec.title = title.clone();
            }
            let place = format!("{file}, chart {number}");
            return finish(o, &place, &file_name, sheet, spec);
        }
        let sheet = match &o.sheet {
            Some(name) => workbook
                .sheets
                .iter()
                .find(|s| &s.name == name)
                .ok_or_else(|| Failure::Usage(format!("{file}: no sheet named {name}")))?,
            None => workbook
                .sheets
                .first()
                .ok_or_else(|| refused(format!("{file}: the workbook contains no sheets.")))?,
        };
        let title = o
            .title
            .clone()
            .unwrap_or_else(|| default_title(&file_name, sheet, workbook.sheets.len()));
        let mut spec = match ChartSpec::suggest(sheet, title.clone()) {
            Ok(spec) => spec,
            Err(_) if o.y.is_some() => {
                ChartSpec::new(title, ChartKind::Line, XSource::RowNumber, Vec::new())
            }
            Err(e) => return Err(refused(format!("{file}, sheet {}: {e}", sheet.name))),
        };
        if let Some(x) = &o.x {
            spec.x = if x == "row" {
                XSource::RowNumber
            } else {
                let c = column(sheet, x)?;
                if matches!(sheet.columns[c].values, Values::Text { .. }) {
                    XSource::Category(c)
                } else {
                    XSource::Column(c)
                }
            };
        }
        if let Some(y) = &o.y {
            spec.y = y
                .split(',')
                .map(|name| column(sheet, name.trim()))
                .collect::<Result<_, _>>()?;
        }
        spec.kind = o.kind.unwrap_or(spec.kind);
        let place = format!("{file}, sheet {}", sheet.name);
        finish(o, &place, &file_name, sheet, spec)
    }

    /// Puts the rest of what `o` asks for on `spec`, a chart of `sheet`
    /// (suggested, picked or saved), and writes it; `place` names the
    /// chart in a refusal.
    fn finish(
        o: &Options,
        place: &str,
        file_name: &str,
        sheet: &Sheet,
        mut spec: ChartSpec,
    ) -> Result<(), Failure> {
        let refused = |text: String| Failure::Refused(text);
        // Flags add to what the chart has (a saved chart's log axis or
        // stacked bars stay), as they add to a suggestion's defaults.
        spec.log_y |= o.log_y;
        if o.bins.is_some() {
            spec.bins = o.bins;
        }
        spec.stack |= o.stack;
        spec.shaping.transpose |= o.transpose;
        if let Some(trend) = o.trend {
            if !spec.kind.takes_trend() {
                return Err(Failure::Usage(format!(
                    "--trend draws over a line or scatter chart, not a {} chart; add --kind line",
                    spec.kind.name()
                )));
            }
            spec.trend = Some(trend);
        }
        if let Some(y2) = &o.y2 {
            if spec.kind != ChartKind::Line || spec.log_y {
                return Err(Failure::Usage(format!(
                    "--y2 draws a right-hand axis on a line chart with a linear y axis, not a {}{} chart; add --kind line",
                    if spec.log_y { "logarithmic " } else { "" },
                    spec.kind.name()
                )));
            }
            spec.y2 = y2
                .split(',')
                .map(|name| column(sheet, name.trim()))
                .collect::<Result<_, _>>()?;
            spec.leave_left_for_right();
        }
        if o.y2_bars && o.y2.is_none() {
            return Err(usage(
                "--y2-bars draws the --y2 columns as bars; name them with --y2",
            ));
        }
        spec.y2_bars |= o.y2_bars;
        apply_look(o, &mut spec)?;
        if o.aggregate.is_some() {
            spec.shaping.aggregate = o.aggregate;
        }
        if let Some(bucket) = o.bucket {
            spec.shaping.bucket = bucket;
        }
        if let Some(split) = &o.split_by {
            spec.shaping.split_by = Some(column(sheet, split)?);
        }
        for (name, keep) in &o.filters {
            let column = column(sheet, name)?;
            spec.shaping.filters.push(Filter {
                column,
                keep: keep.clone(),
            });
        }
        let output = o
            .output
            .clone()
            .unwrap_or_else(|| format!("{}.svg", file_stem(file_name)));
        let mut svg = String::new();
        {
            let root =
                SVGBackend::with_string(&mut svg, o.size.unwrap_or((960, 540))).into_drawing_area();
            render(&root, sheet, &spec, 1.0).map_err(|e| refused(format!("{place}: {e}")))?;
        }
        if output.ends_with(".png") {
            png::write(&svg, &output).map_err(refused)?;
        } else if output.ends_with(".svg") {
            std::fs::write(&output, svg).map_err(|e| refused(format!("{output}: {e}")))?;
        } else {
            return Err(Failure::Usage(format!(
                "{output}: the output must end in .svg or .png"
            )));
        }
        eprintln!("wrote {output}");
        Ok(())
    }

    /// Puts the look `o` asks for on `spec`'s own (sheetplot's default, or
    /// a saved chart's); a flag that the chart's kind does not draw is a
    /// usage mistake, said in one line.
    fn apply_look(o: &Options, spec: &mut ChartSpec) -> Result<(), Failure> {
        let kind = spec.kind.name();
        let refuse = |flag: &str, draws: &str| {
            Failure::Usage(format!(
                "{flag} {draws}, not a {kind} chart (sheetplot --help lists every flag)"
            ))
        };
        // What the flags set, apart from what the chart had.
        let flagged = o.flagged();
        if o.y_bars && spec.kind != ChartKind::Line {
            return Err(refuse(
                "--y-bars",
                "draws a line chart's columns as bars; add --kind line",
            ));
        }
        if flagged.doughnut && spec.kind != ChartKind::Pie {
            return Err(refuse(
                "--doughnut",
                "draws a pie with a hole; add --kind pie",
            ));
        }
        if flagged.horizontal.is_some() && spec.kind != ChartKind::Bar {
            return Err(refuse(
                "--horizontal and --vertical",
                "lay a bar chart's bars; add --kind bar",
            ));
        }
        if flagged.y2_title.is_some() && spec.y2.is_empty() {
            return Err(Failure::Usage(
                "--y2-title names the right-hand axis; name its columns with --y2".into(),
            ));
        }
        let style = o.look_on(spec.style.clone());
        if let (Some(min), Some(max)) = (style.y_min, style.y_max) {
            if min >= max {
                let end = |flag: &str, given: Option<f64>, v: f64| match given {
                    Some(_) => format!("{flag} ({v})"),
                    None => format!("the chart's own {flag} ({v})"),
                };
                return Err(Failure::Usage(format!(
                    "{} must be below {}",
                    end("--y-min", flagged.y_min, min),
                    end("--y-max", flagged.y_max, max)
                )));
            }
        }
        spec.y_bars |= o.y_bars;
        if o.y_title.is_some() {
            spec.y_title = o.y_title.clone();
        }
        spec.style = style;
        Ok(())
    }

    /// PNG output: the SVG rasterised at twice its size, as the page's PNG
    /// export is twice the screen's resolution, with the system's fonts.
    mod png {
        use resvg::tiny_skia::{Pixmap, Transform};
        use resvg::usvg::{Options, Tree};

        const SCALE: f32 = 2.0;
        /// Sans-serif faces to stand for the chart's `sans-serif`, best first.
        const SANS: [&str; 4] = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"];

        pub fn write(svg: &str, output: &str) -> Result<(), String> {
            let mut options = Options::default();
            let fonts = options.fontdb_mut();
            fonts.load_system_fonts();
            let installed = |family: &str| {
                fonts
                    .faces()
                    .any(|f| f.families.iter().any(|(name, _)| name == family))
            };
            match SANS.into_iter().find(|f| installed(f)) {
                Some(family) => fonts.set_sans_serif_family(family),
                None => return Err("no sans-serif font is installed for the PNG's text".to_owned()),
            }
            let tree =
                Tree::from_str(svg, &options).map_err(|e| format!("the chart's SVG: {e}"))?;
            let size = tree
                .size()
                .to_int_size()
                .scale_by(SCALE)
                .ok_or("the chart has no size")?;
            let mut pixmap = Pixmap::new(size.width(), size.height())
                .ok_or("the chart is too large for a PNG")?;
            resvg::render(
                &tree,
                Transform::from_scale(SCALE, SCALE),
                &mut pixmap.as_mut(),
            );
            pixmap
                .save_png(output)
                .map_err(|e| format!("{output}: {e}"))
        }
    }
}
