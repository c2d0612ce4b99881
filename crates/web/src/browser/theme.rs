//! Light or dark: the page follows the system's preference until the
//! toggle (`data-testid="theme"`) says otherwise, and remembers that
//! choice in local storage. The chart follows the page (see
//! [`Msg::ThemeChosen`]).

use sheetplot_chart::Theme;

use super::dom::{document, on, window, Dom};
use super::glue::Emit;
use crate::session::Msg;

/// The local-storage key of the toggle's choice.
const STORED: &str = "sheetplot-theme";

/// The theme to start in: the toggle's last choice, else the system's.
pub fn initial() -> Theme {
    let stored = window()
        .ok()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORED).ok().flatten());
    match stored.as_deref() {
        Some("dark") => Theme::Dark,
        Some("light") => Theme::Light,
        _ if prefers_dark() => Theme::Dark,
        _ => Theme::Light,
    }
}

fn prefers_dark() -> bool {
    window()
        .ok()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Shows the page in `theme`.
pub fn show(dom: &Dom, theme: Theme) {
    let dark = theme == Theme::Dark;
    if let Some(root) = document().ok().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
    }
    let _ = dom
        .theme
        .set_attribute("aria-pressed", if dark { "true" } else { "false" });
}

/// The toggle switches theme and remembers the choice.
pub fn wire(dom: &Dom, emit: &Emit) {
    let (button, emit) = (dom.theme.clone(), emit.clone());
    on(&dom.theme, "click", move |_| {
        let dark = button.get_attribute("aria-pressed").as_deref() != Some("true");
        let theme = if dark { Theme::Dark } else { Theme::Light };
        if let Some(storage) = window().ok().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(STORED, if dark { "dark" } else { "light" });
        }
        emit.send(Msg::ThemeChosen(theme));
    });
}
