//! Which wasm the loader starts: the chapters' own, or on `#/data` the data page's
//! (`crate::data_page::slot`), which Trunk builds from a second `rel="rust"` link.
//!
//! Trunk writes that second build unhashed (a `data-type="worker"` link), so this step
//! gives it a content hash like Trunk's own files (hosts may cache them for a long time),
//! and rewrites Trunk's loader to import one glue or the other by the address's hash.

/// The data page's wasm-bindgen glue as Trunk writes it.
pub const DATA_JS: &str = "driftline-data.js";
/// The data page's wasm as Trunk writes it.
pub const DATA_WASM: &str = "driftline-data_bg.wasm";

/// True in the loader when the address is the data page: the same test as
/// `slug_of(hash) == DATA_SLUG` (`#/data`, `#data`, `#/data/`).
const IS_DATA_PAGE: &str = "location.hash.replace(/^#\\/?/, '').replace(/\\/+$/, '') === 'data'";

/// Trunk's static import of the chapters' glue, up to its path.
const TRUNK_IMPORT: &str = "import init, * as bindings from '";
/// Where Trunk's loader names the wasm, up to its path.
const TRUNK_WASM_PATH: &str = "module_or_path: '";

/// The data page's glue and wasm names with a content hash (FNV-1a, 64 bit, of the wasm:
/// the glue is generated from it).
#[must_use]
pub fn hashed_names(wasm: &[u8]) -> (String, String) {
    let mut fnv = driftline_sim::fnv::Fnv1a::default();
    fnv.bytes(wasm);
    let hash = fnv.finish();
    (
        format!("driftline-data-{hash:016x}.js"),
        format!("driftline-data-{hash:016x}_bg.wasm"),
    )
}

/// Trunk's loader in `page` rewritten to start `data_js`/`data_wasm` on `#/data` and the
/// chapters' wasm elsewhere; `None` if the page has no loader shaped like Trunk's.
#[must_use]
pub fn route_data_page(page: &str, data_js: &str, data_wasm: &str) -> Option<String> {
    let (import_at, main_js) = quoted_after(page, TRUNK_IMPORT)?;
    let import_end = import_at + page[import_at..].find(';')? + 1;
    let mut out = String::with_capacity(page.len() + 256);
    out.push_str(&page[..import_at]);
    out.push_str(&format!(
        "const dataPage = {IS_DATA_PAGE};\n\
         const bindings = await import(dataPage ? './{data_js}' : '{main_js}');\n\
         const init = bindings.default;"
    ));
    let rest = &page[import_end..];
    let (path_at, main_wasm) = quoted_after(rest, TRUNK_WASM_PATH)?;
    let path_end = path_at + TRUNK_WASM_PATH.len() + main_wasm.len() + 1;
    out.push_str(&rest[..path_at]);
    out.push_str(&format!(
        "module_or_path: dataPage ? './{data_wasm}' : '{main_wasm}'"
    ));
    out.push_str(&rest[path_end..]);
    Some(out)
}

/// Where `prefix` starts in `text`, and the single-quoted string that follows it.
fn quoted_after<'a>(text: &'a str, prefix: &str) -> Option<(usize, &'a str)> {
    let at = text.find(prefix)?;
    let start = at + prefix.len();
    let len = text[start..].find('\'')?;
    Some((at, &text[start..start + len]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_LOADER: &str = "<script type=\"module\">\n\
import init, * as bindings from './driftline-ab12.js';\n\
const wasm = await init({ module_or_path: './driftline-ab12_bg.wasm' });\n\
window.wasmBindings = bindings;\n</script>";

    #[test]
    fn the_loader_picks_the_data_page_wasm_by_the_hash() {
        let page = route_data_page(TRUNK_LOADER, "d-1.js", "d-1_bg.wasm").unwrap();
        assert_eq!(
            page,
            "<script type=\"module\">\n\
const dataPage = location.hash.replace(/^#\\/?/, '').replace(/\\/+$/, '') === 'data';\n\
const bindings = await import(dataPage ? './d-1.js' : './driftline-ab12.js');\n\
const init = bindings.default;\n\
const wasm = await init({ module_or_path: dataPage ? './d-1_bg.wasm' : './driftline-ab12_bg.wasm' });\n\
window.wasmBindings = bindings;\n</script>"
        );
        assert_eq!(route_data_page("<script></script>", "a", "b"), None);
    }

    #[test]
    fn hashed_names_follow_the_bytes() {
        let (js, wasm) = hashed_names(b"\0asm");
        assert!(js.starts_with("driftline-data-") && js.ends_with(".js"));
        assert_eq!(wasm, js.replace(".js", "_bg.wasm"));
        assert_ne!(hashed_names(b"\0asn").0, js);
        // FNV-1a of no bytes is its offset basis.
        assert_eq!(hashed_names(b"").0, "driftline-data-cbf29ce484222325.js");
    }
}
