//! The page's address: the link's query read on load, the chapter kept in the `#/slug`
//! hash, and the link "Copy link" hands out.
//!
//! Only [`build_link`] and [`split_link`] hold logic (tested natively); the rest reads or
//! writes `window.location` and does nothing outside a browser.

/// `base?query#/slug` (the `?` part left out when `query` is empty).
#[must_use]
pub fn build_link(base: &str, query: &str, slug: &str) -> String {
    let mut out = base.to_owned();
    if !query.is_empty() {
        out.push('?');
        out.push_str(query);
    }
    if !slug.is_empty() {
        out.push_str("#/");
        out.push_str(slug);
    }
    out
}

/// The query (without `?`) and the hash (with `#`) of a full link.
#[must_use]
pub fn split_link(link: &str) -> (&str, &str) {
    let (before, hash) = match link.find('#') {
        Some(i) => (&link[..i], &link[i..]),
        None => (link, ""),
    };
    let query = before.find('?').map_or("", |i| &before[i + 1..]);
    (query, hash)
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    // The address a native render stands in for (the build-time prerender, tests): query
    // without `?`, and hash. Outside a browser it answers `current_search`/`current_hash`.
    static NATIVE_ADDRESS: std::cell::RefCell<(String, String)> =
        const { std::cell::RefCell::new((String::new(), String::new())) };
}

/// Sets the address a native render reads (query without `?`, hash such as `#/drift`).
#[cfg(not(target_arch = "wasm32"))]
pub fn set_native_address(query: &str, hash: &str) {
    NATIVE_ADDRESS.with(|a| *a.borrow_mut() = (query.to_owned(), hash.to_owned()));
}

/// The current query without the leading `?` (outside a browser: the address set with
/// `set_native_address`, empty by default).
#[must_use]
pub fn current_search() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let s = gloo::utils::window()
            .location()
            .search()
            .unwrap_or_default();
        s.strip_prefix('?').unwrap_or(&s).to_owned()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        NATIVE_ADDRESS.with(|a| a.borrow().0.clone())
    }
}

/// The current hash, e.g. `#/drift` (outside a browser: the address set with
/// `set_native_address`, empty by default).
#[must_use]
pub fn current_hash() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        gloo::utils::window().location().hash().unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        NATIVE_ADDRESS.with(|a| a.borrow().1.clone())
    }
}

/// The page address without query and hash, e.g. `https://example.org/driftline/`.
#[must_use]
pub fn page_base() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let location = gloo::utils::window().location();
        let origin = location.origin().unwrap_or_default();
        let path = location.pathname().unwrap_or_default();
        format!("{origin}{path}")
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// Puts `#/slug` in the address without a history entry and without a `hashchange` event
/// (used when the link's `ch=` chose the chapter and the hash was empty).
pub fn replace_hash(slug: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        let window = gloo::utils::window();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("#/{slug}")),
            );
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = slug;
    }
}

/// `query` with presenter mode marked (`present=1`) or unmarked; other pairs keep their order.
#[must_use]
pub fn with_present_flag(query: &str, on: bool) -> String {
    let mut pairs: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && *p != "present" && !p.starts_with("present="))
        .collect();
    if on {
        pairs.push("present=1");
    }
    pairs.join("&")
}

/// Replaces the address's query (keeping path and hash) without a history entry or reload,
/// so "copy the address" and a reload keep what the reader switched on.
pub fn replace_query(query: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        let window = gloo::utils::window();
        let link = format!("{}{}", build_link(&page_base(), query, ""), current_hash());
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = query;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_built_and_split_back() {
        let link = build_link("https://x.org/dl/", "v=1&seed=7", "drift");
        assert_eq!(link, "https://x.org/dl/?v=1&seed=7#/drift");
        assert_eq!(split_link(&link), ("v=1&seed=7", "#/drift"));
        assert_eq!(
            build_link("https://x.org/", "", "drift"),
            "https://x.org/#/drift"
        );
        assert_eq!(split_link("https://x.org/#/drift"), ("", "#/drift"));
        assert_eq!(split_link("https://x.org/?a=1"), ("a=1", ""));
        // A `?` after the hash belongs to the hash.
        assert_eq!(split_link("https://x.org/#/a?b"), ("", "#/a?b"));
    }

    #[test]
    fn the_present_flag_is_added_once_and_removed_without_touching_the_rest() {
        assert_eq!(with_present_flag("", true), "present=1");
        assert_eq!(
            with_present_flag("?v=1&seed=7", true),
            "v=1&seed=7&present=1"
        );
        assert_eq!(
            with_present_flag("v=1&present=true&seed=7", true),
            "v=1&seed=7&present=1"
        );
        assert_eq!(
            with_present_flag("v=1&present&seed=7&present=1", false),
            "v=1&seed=7"
        );
        // A key that only starts like it is someone else's.
        assert_eq!(with_present_flag("presenter=2", false), "presenter=2");
    }
}
