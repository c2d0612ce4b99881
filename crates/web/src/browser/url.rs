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
