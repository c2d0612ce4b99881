//! `sheetplot`: the page's charts from the command line, from the same core.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    match cli::run(std::env::args().skip(1).collect()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sheetplot: {message}");
            std::process::ExitCode::from(2)
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use plotters::prelude::*;
    use sheetplot::chart::{default_title, file_stem, ChartKind, ChartSpec, XSource};
    use sheetplot::render::render;
    use sheetplot::{Sheet, Values};

    const USAGE: &str = "usage: sheetplot FILE [--sheet NAME] [--x COLUMN|row] [--y COLUMN,COLUMN…]
                 [--kind line|scatter|bar|area|histogram|pie|box] [--title TEXT] [--log-y]
                 [--bins N] [--size WIDTHxHEIGHT] [-o OUT.svg|OUT.png]
Without --x, --y or --kind, sheetplot picks them as the page does.";

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
    }

    fn parse(args: Vec<String>) -> Result<Options, String> {
        let mut o = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let mut value =
                |flag: &str| args.next().ok_or(format!("{flag} needs a value\n{USAGE}"));
            match arg.as_str() {
                "--sheet" => o.sheet = Some(value("--sheet")?),
                "--x" => o.x = Some(value("--x")?),
                "--y" => o.y = Some(value("--y")?),
                "--kind" => {
                    let v = value("--kind")?;
                    o.kind = Some(
                        ChartKind::from_name(&v).ok_or(format!("no chart kind {v}\n{USAGE}"))?,
                    );
                }
                "--title" => o.title = Some(value("--title")?),
                "--log-y" => o.log_y = true,
                "--bins" => {
                    o.bins = Some(
                        value("--bins")?
                            .parse()
                            .map_err(|_| "--bins takes a count")?,
                    )
                }
                "--size" => {
                    let v = value("--size")?;
                    let (w, h) = v
                        .split_once('x')
                        .ok_or(format!("--size takes WIDTHxHEIGHT, not {v}"))?;
                    o.size = Some((w.parse().map_err(|_| USAGE)?, h.parse().map_err(|_| USAGE)?));
                }
                "-o" | "--output" => o.output = Some(value("-o")?),
                "-h" | "--help" => return Err(USAGE.into()),
                _ if o.file.is_none() && !arg.starts_with('-') => o.file = Some(arg),
                _ => return Err(format!("unexpected argument {arg}\n{USAGE}")),
            }
        }
        Ok(o)
    }

    fn column(sheet: &Sheet, name: &str) -> Result<usize, String> {
        sheet
            .columns
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = sheet.columns.iter().map(|c| c.name.as_str()).collect();
                format!(
                    "sheet {} has no column {name:?}; it has {names:?}",
                    sheet.name
                )
            })
    }

    pub fn run(args: Vec<String>) -> Result<(), String> {
        let o = parse(args)?;
        let file = o.file.clone().ok_or(USAGE)?;
        let bytes = std::fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
        let workbook = sheetplot::read_workbook(&bytes).map_err(|e| format!("{file}: {e}"))?;
        let sheet = match &o.sheet {
            Some(name) => workbook
                .sheets
                .iter()
                .find(|s| &s.name == name)
                .ok_or(format!("no sheet named {name}"))?,
            None => &workbook.sheets[0],
        };
        let file_name = std::path::Path::new(&file)
            .file_name()
            .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
        let title = o
            .title
            .clone()
            .unwrap_or_else(|| default_title(&file_name, sheet, workbook.sheets.len()));
        let mut spec = match ChartSpec::suggest(sheet, title.clone()) {
            Ok(spec) => spec,
            Err(_) if o.y.is_some() => {
                ChartSpec::new(title, ChartKind::Line, XSource::RowNumber, Vec::new())
            }
            Err(e) => return Err(format!("{file}, sheet {}: {e}", sheet.name)),
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
        spec.log_y = o.log_y;
        spec.bins = o.bins;
        let output = o
            .output
            .unwrap_or_else(|| format!("{}.svg", file_stem(&file_name)));
        let mut svg = String::new();
        {
            let root =
                SVGBackend::with_string(&mut svg, o.size.unwrap_or((960, 540))).into_drawing_area();
            render(&root, sheet, &spec, 1.0)
                .map_err(|e| format!("{file}, sheet {}: {e}", sheet.name))?;
        }
        if output.ends_with(".png") {
            png::write(&svg, &output)?;
        } else if output.ends_with(".svg") {
            std::fs::write(&output, svg).map_err(|e| format!("{output}: {e}"))?;
        } else {
            return Err(format!("{output}: the output must end in .svg or .png"));
        }
        eprintln!("wrote {output}");
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
