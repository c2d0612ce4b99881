//! The chart settings in the page's URL hash.

use sheetplot_chart::settings::Settings;
use wasm_bindgen::JsValue;

use super::dom::window;

/// The settings the URL hash holds, if any.
pub fn settings() -> Option<Settings> {
    let hash = window().ok()?.location().hash().ok()?;
    (hash.len() > 1).then(|| Settings::from_query(&hash))
}

/// Puts `query` in the URL hash, without a history entry.
pub fn remember(query: &str) {
    if let Some(history) = window().ok().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{query}")));
    }
}

/// The value of `name` in the page's URL query (`?threads=1`), if given:
/// switches for tests and diagnostics, not chart settings.
pub fn query(name: &str) -> Option<String> {
    let search = window().ok()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// How many workers may read a file at once: two where the machine has
/// two cores or more, unless `?threads=1` asks for one.
pub fn threads() -> u32 {
    let cores = window().map_or(1.0, |w| w.navigator().hardware_concurrency());
    let asked = query("threads").and_then(|t| t.parse::<u32>().ok());
    asked.unwrap_or(2).clamp(1, 2).min((cores as u32).max(1))
}

/// The least size of a workbook that two workers read apart, when
/// `?apart_min=BYTES` gives one (the tests read small workbooks apart);
/// else the reader's own (`SHEETS_APART_MIN_BYTES`, `ROWS_APART_MIN_BYTES`).
pub fn apart_min_bytes() -> Option<f64> {
    query("apart_min").and_then(|b| b.parse::<f64>().ok())
}
