//! Reader preferences in local storage, and the colour theme on `<html>`.
//!
//! Storage may be missing, full or blocked (private windows, sandboxed iframes): reading
//! then gives the defaults and writing reports the failure, never a panic.

use crate::charts::palette::ChartTheme;
use crate::share::notice::{Notice, NoticeKind};
#[cfg(target_arch = "wasm32")]
use crate::share::prefs::PREFS_STORAGE_KEY;
use crate::share::{Prefs, Theme};

/// CSS class put on `<html>` for each theme (`theme-light`, `theme-dark`, `theme-high-contrast`).
#[must_use]
pub fn theme_class(theme: Theme) -> String {
    format!("theme-{}", theme.name())
}

#[cfg(target_arch = "wasm32")]
fn local_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// Raw stored preferences text, if any.
#[must_use]
pub fn read_raw() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        local_storage().and_then(|s| s.get_item(PREFS_STORAGE_KEY).ok().flatten())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// Stores `text` as the raw preferences (tests use it to plant corrupt values).
///
/// # Errors
/// Storage is unavailable or refused the write.
pub fn write_raw(text: &str) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    {
        let storage = local_storage().ok_or("local storage is not available")?;
        storage
            .set_item(PREFS_STORAGE_KEY, text)
            .map_err(|_| "local storage refused the write (full or blocked)".to_owned())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        Err("local storage exists only in a browser".to_owned())
    }
}

/// Removes stored preferences (nothing happens when storage is unavailable).
pub fn clear() {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = local_storage() {
        let _ = s.remove_item(PREFS_STORAGE_KEY);
    }
}

/// Preferences from `raw` (nothing stored gives the defaults without notices).
#[must_use]
pub fn prefs_from(raw: Option<&str>) -> (Prefs, Vec<Notice>) {
    match raw {
        None => (Prefs::default(), Vec::new()),
        Some(text) => Prefs::from_stored(text),
    }
}

/// Reads the stored preferences; never fails. With nothing stored the theme is
/// [`Theme::System`], which follows the system's colour scheme.
#[must_use]
pub fn load_prefs() -> (Prefs, Vec<Notice>) {
    prefs_from(read_raw().as_deref())
}

/// Whether the system asks for a dark colour scheme (`prefers-color-scheme: dark`).
#[must_use]
pub fn system_prefers_dark() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        gloo::utils::window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}

/// The chart palette for `theme` (`System` follows the system's current choice), the same
/// choice `apply_theme` makes for the page's class.
#[must_use]
pub fn chart_theme(theme: Theme) -> ChartTheme {
    match theme.resolved(system_prefers_dark()) {
        Theme::Dark => ChartTheme::DARK,
        Theme::HighContrast => ChartTheme::HIGH_CONTRAST,
        Theme::System | Theme::Light => ChartTheme::LIGHT,
    }
}

/// The theme whose class `<html>` carries now (set before the first paint by the page's
/// head script, from the same stored choice), `System` when it carries none (outside a
/// browser, or a page without that script). Reading it costs a widget's wasm nothing of the
/// preferences' parser.
#[must_use]
pub fn shown_theme() -> Theme {
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = gloo::utils::document().document_element() {
        let list = root.class_list();
        if let Some(t) = Theme::ALL
            .into_iter()
            .find(|&t| t != Theme::System && list.contains(&theme_class(t)))
        {
            return t;
        }
    }
    Theme::System
}

/// Stores `prefs`; on failure returns a notice for the page.
///
/// # Errors
/// A notice saying the preferences could not be kept.
pub fn save_prefs(prefs: Prefs) -> Result<(), Notice> {
    write_raw(&prefs.to_stored()).map_err(|e| {
        Notice::new(
            "(prefs)",
            NoticeKind::Rejected,
            &format!("{e}; your preferences apply to this visit only"),
            "",
        )
    })
}

/// Puts the theme's class on `<html>` (and removes the other themes' classes); `System`
/// puts the class of the system's current choice.
pub fn apply_theme(theme: Theme) {
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = gloo::utils::document().document_element() {
        let list = root.class_list();
        for t in Theme::ALL {
            let _ = list.remove_1(&theme_class(t));
        }
        let _ = list.add_1(&theme_class(theme.resolved(system_prefers_dark())));
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = theme;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_stored_is_silent_and_corrupt_text_raises_a_notice() {
        let (p, n) = prefs_from(None);
        assert_eq!(p, Prefs::default());
        assert!(n.is_empty());
        let (p, n) = prefs_from(Some("{not json"));
        assert_eq!(p, Prefs::default());
        assert_eq!(n.len(), 1);
        let stored = Prefs {
            theme: Theme::Dark,
            speed: 20,
            last_chapter: None,
        };
        assert_eq!(prefs_from(Some(&stored.to_stored())), (stored, Vec::new()));
    }

    #[test]
    fn theme_classes_differ() {
        assert_eq!(theme_class(Theme::HighContrast), "theme-high-contrast");
        assert_ne!(theme_class(Theme::Light), theme_class(Theme::Dark));
    }

    #[test]
    fn the_system_theme_follows_the_system_and_the_others_do_not() {
        assert_eq!(Theme::System.resolved(true), Theme::Dark);
        assert_eq!(Theme::System.resolved(false), Theme::Light);
        assert_eq!(Theme::Light.resolved(true), Theme::Light);
        assert_eq!(Theme::HighContrast.resolved(true), Theme::HighContrast);
        assert_eq!(Prefs::default().theme, Theme::System);
        assert_eq!(Theme::from_name("system"), Some(Theme::System));
    }
}
