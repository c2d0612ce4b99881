//! The whole reading-and-typing path: bytes in, a typed workbook or a
//! refusal out, never a panic. Each sheet is then charted and drawn to SVG,
//! so the chart model and the renderer see every shape of data too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plotters::prelude::*;
use sheetplot::chart::{default_title, ChartSpec};

static DEFAULT_PANIC_HOOK: std::sync::Once = std::sync::Once::new();

fuzz_target!(|bytes: &[u8]| {
    // libfuzzer-sys aborts on any panic, even one sheetplot catches around
    // calamine (read::guarded). With the default hook, caught panics are
    // refusals; any other panic still unwinds out and is reported.
    DEFAULT_PANIC_HOOK.call_once(|| drop(std::panic::take_hook()));
    let Ok(workbook) = sheetplot::read_workbook(bytes) else { return };
    for sheet in &workbook.sheets {
        for column in &sheet.columns {
            assert_eq!(column.values.len(), sheet.rows, "every column has every row");
        }
        let title = default_title("fuzz.xlsx", sheet, workbook.sheets.len());
        if let Ok(spec) = ChartSpec::suggest(sheet, title) {
            let mut svg = String::new();
            let root = SVGBackend::with_string(&mut svg, (320, 200)).into_drawing_area();
            sheetplot::render::render(&root, sheet, &spec, 1.0).expect("drawing into a string cannot fail");
        }
    }
});
