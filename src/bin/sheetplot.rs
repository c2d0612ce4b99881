//! `sheetplot`: the page's charts from the command line, from the same core.
//!
//! Usage: sheetplot FILE [--sheet NAME] [-o OUT.svg] [--size WxH]

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
    use sheetplot::chart::{default_title, ChartSpec};
    use sheetplot::render::render;

    const USAGE: &str = "usage: sheetplot FILE [--sheet NAME] [-o OUT.svg] [--size WIDTHxHEIGHT]";

    pub fn run(args: Vec<String>) -> Result<(), String> {
        let mut file = None;
        let mut sheet_name = None;
        let mut output = None;
        let mut size = (960u32, 540u32);
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let mut value =
                |flag: &str| args.next().ok_or(format!("{flag} needs a value\n{USAGE}"));
            match arg.as_str() {
                "--sheet" => sheet_name = Some(value("--sheet")?),
                "-o" | "--output" => output = Some(value("-o")?),
                "--size" => {
                    let v = value("--size")?;
                    let (w, h) = v
                        .split_once('x')
                        .ok_or(format!("--size takes WIDTHxHEIGHT, not {v}"))?;
                    size = (w.parse().map_err(|_| USAGE)?, h.parse().map_err(|_| USAGE)?);
                }
                "-h" | "--help" => return Err(USAGE.into()),
                _ if file.is_none() => file = Some(arg),
                _ => return Err(format!("unexpected argument {arg}\n{USAGE}")),
            }
        }
        let file = file.ok_or(USAGE)?;
        let bytes = std::fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
        let workbook = sheetplot::read_workbook(&bytes).map_err(|e| format!("{file}: {e}"))?;
        let sheet = match &sheet_name {
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
        let spec = ChartSpec::suggest(
            sheet,
            default_title(&file_name, sheet, workbook.sheets.len()),
        )
        .map_err(|e| format!("{file}, sheet {}: {e}", sheet.name))?;
        let output = output.unwrap_or_else(|| {
            format!(
                "{}.svg",
                file_name
                    .rsplit_once('.')
                    .map_or(file_name.as_str(), |p| p.0)
            )
        });
        let root = SVGBackend::new(&output, size).into_drawing_area();
        render(&root, sheet, &spec, 1.0).map_err(|e| e.to_string())?;
        eprintln!("wrote {output}");
        Ok(())
    }
}
