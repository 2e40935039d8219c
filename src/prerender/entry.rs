//! Which wasm each page's loader starts. Trunk builds three from `index.html`'s
//! `rel="rust"` links:
//! - the chapters' own (`driftline`), which `index.html` starts everywhere but on `#/data`;
//! - the full build (`driftline-data`, `crate::data_page::slot`): the same page with the
//!   "Your data" page and the scenario importer, which `index.html` starts on `#/data` and
//!   when an import field kept a file for it (`crate::lab::import_slot`);
//! - the widgets' (`driftline-embed`, `crate::embed::app`), which `embed.html` starts: a
//!   blog post's iframe loads no chapter, no presenter and no comparison.
//!
//! Trunk writes the second and third unhashed (`data-type="worker"` links), so this step
//! gives them a content hash like Trunk's own files (hosts may cache them for a long time),
//! and rewrites Trunk's loader to import the right glue.

/// A wasm that Trunk builds from a `data-type="worker"` link: unhashed, started by a
/// rewritten loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtraWasm {
    /// The cargo bin, which is also the start of Trunk's file names.
    pub bin: &'static str,
}

impl ExtraWasm {
    /// The "Your data" page's wasm.
    pub const DATA: Self = Self {
        bin: "driftline-data",
    };
    /// The widgets' wasm, started by `embed.html`.
    pub const EMBED: Self = Self {
        bin: "driftline-embed",
    };

    /// The wasm-bindgen glue as Trunk writes it.
    #[must_use]
    pub fn trunk_js(self) -> String {
        format!("{}.js", self.bin)
    }

    /// The wasm as Trunk writes it.
    #[must_use]
    pub fn trunk_wasm(self) -> String {
        format!("{}_bg.wasm", self.bin)
    }

    /// The glue and wasm names with a content hash (FNV-1a, 64 bit, of the wasm: the glue
    /// is generated from it).
    #[must_use]
    pub fn hashed_names(self, wasm: &[u8]) -> (String, String) {
        let mut fnv = driftline_sim::fnv::Fnv1a::default();
        fnv.bytes(wasm);
        let hash = fnv.finish();
        (
            format!("{}-{hash:016x}.js", self.bin),
            format!("{}-{hash:016x}_bg.wasm", self.bin),
        )
    }
}

/// True in the loader when the address is the data page: the same test as
/// `slug_of(hash) == DATA_SLUG` (`#/data`, `#data`, `#/data/`).
const IS_DATA_PAGE: &str = "location.hash.replace(/^#\\/?/, '').replace(/\\/+$/, '') === 'data'";

/// Trunk's static import of the chapters' glue, up to its path.
const TRUNK_IMPORT: &str = "import init, * as bindings from '";
/// Where Trunk's loader names the wasm, up to its path.
const TRUNK_WASM_PATH: &str = "module_or_path: '";

/// True in the loader when an import field kept a file for the full build (a storage that
/// throws, as in some sandboxed frames, counts as none).
fn has_kept_import() -> String {
    format!(
        "(() => {{ try {{ return sessionStorage.getItem('{}') !== null; }} catch (e) {{ return false; }} }})()",
        crate::lab::import_slot::STASH_KEY
    )
}

/// Trunk's loader in `page` rewritten to start the full build `data_js`/`data_wasm` on
/// `#/data` or for a kept import, and the chapters' wasm otherwise; `None` if the page has
/// no loader shaped like Trunk's.
#[must_use]
pub fn route_data_page(page: &str, data_js: &str, data_wasm: &str) -> Option<String> {
    rewrite_loader(
        page,
        |main_js| {
            format!(
                "const fullBuild = {IS_DATA_PAGE} || {};\n\
                 const bindings = await import(fullBuild ? './{data_js}' : '{main_js}');\n\
                 const init = bindings.default;",
                has_kept_import()
            )
        },
        |main_wasm| format!("fullBuild ? './{data_wasm}' : '{main_wasm}'"),
    )
}

/// The widgets' page `page` with Trunk's loader (and its preload hint) starting `js`/`wasm`
/// instead of the chapters' wasm; an address that names no widget goes to the full
/// explainer before any wasm loads. `None` if the page has no loader shaped like Trunk's.
#[must_use]
pub fn start_widgets(page: &str, js: &str, wasm: &str) -> Option<String> {
    let (_, main_js) = quoted_after(page, TRUNK_IMPORT)?;
    let mut out = rewrite_loader(
        page,
        |_| format!("{TRUNK_IMPORT}./{js}';\n{NO_WIDGET_GOES_TO_FULL_PAGE}"),
        |_| format!("'./{wasm}'"),
    )?;
    // Trunk's hint preloads the chapters' glue, with an integrity hash of that file.
    let hint = format!("<link rel=\"modulepreload\" href=\"{main_js}\"");
    if let Some(at) = out.find(&hint) {
        let end = at + out[at..].find('>')? + 1;
        out.replace_range(
            at..end,
            &format!("<link rel=\"modulepreload\" href=\"./{js}\">"),
        );
    }
    Some(out)
}

/// Trunk's loader in `page` with its import statement replaced by `import(main_js)` and the
/// quoted wasm path after `module_or_path: ` by `wasm_path(main_wasm)`; `None` if the page
/// has no loader shaped like Trunk's.
fn rewrite_loader(
    page: &str,
    import: impl FnOnce(&str) -> String,
    wasm_path: impl FnOnce(&str) -> String,
) -> Option<String> {
    let (import_at, main_js) = quoted_after(page, TRUNK_IMPORT)?;
    let import_end = import_at + page[import_at..].find(';')? + 1;
    let rest = &page[import_end..];
    let (path_at, main_wasm) = quoted_after(rest, TRUNK_WASM_PATH)?;
    let quote_at = path_at + TRUNK_WASM_PATH.len() - 1;
    let quote_end = quote_at + main_wasm.len() + 2;
    Some(format!(
        "{}{}{}{}{}",
        &page[..import_at],
        import(main_js),
        &rest[..quote_at],
        wasm_path(main_wasm),
        &rest[quote_end..]
    ))
}

/// In the widgets' loader: an address without `embed=` is the full explainer's, so it
/// goes to `index.html` (keeping query and hash) and this loader never goes on.
const NO_WIDGET_GOES_TO_FULL_PAGE: &str = "if (!/[?&]embed=/.test(location.search)) {\n\
  location.replace('index.html' + location.search + location.hash);\n\
  await new Promise(() => {});\n\
}";

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
const fullBuild = location.hash.replace(/^#\\/?/, '').replace(/\\/+$/, '') === 'data' || \
(() => { try { return sessionStorage.getItem('driftline.import') !== null; } catch (e) { return false; } })();\n\
const bindings = await import(fullBuild ? './d-1.js' : './driftline-ab12.js');\n\
const init = bindings.default;\n\
const wasm = await init({ module_or_path: fullBuild ? './d-1_bg.wasm' : './driftline-ab12_bg.wasm' });\n\
window.wasmBindings = bindings;\n</script>"
        );
        assert_eq!(route_data_page("<script></script>", "a", "b"), None);
    }

    #[test]
    fn the_widgets_page_starts_the_widgets_wasm() {
        let hint =
            "<link rel=\"modulepreload\" href=\"./driftline-ab12.js\" integrity=\"sha384-x\">";
        let page =
            start_widgets(&format!("{TRUNK_LOADER}{hint}"), "e-1.js", "e-1_bg.wasm").unwrap();
        let import = "import init, * as bindings from './e-1.js';\n";
        assert_eq!(
            page,
            format!(
                "{}{import}{NO_WIDGET_GOES_TO_FULL_PAGE}\n{}<link rel=\"modulepreload\" href=\"./e-1.js\">",
                "<script type=\"module\">\n",
                "const wasm = await init({ module_or_path: './e-1_bg.wasm' });\n\
                 window.wasmBindings = bindings;\n</script>"
            )
        );
        assert!(!page.contains("driftline-ab12"), "{page}");
        assert_eq!(start_widgets("<script></script>", "a", "b"), None);
    }

    #[test]
    fn hashed_names_follow_the_bytes() {
        let (js, wasm) = ExtraWasm::DATA.hashed_names(b"\0asm");
        assert!(js.starts_with("driftline-data-") && js.ends_with(".js"));
        assert_eq!(wasm, js.replace(".js", "_bg.wasm"));
        assert_ne!(ExtraWasm::DATA.hashed_names(b"\0asn").0, js);
        // FNV-1a of no bytes is its offset basis.
        assert_eq!(
            ExtraWasm::DATA.hashed_names(b"").0,
            "driftline-data-cbf29ce484222325.js"
        );
        assert!(ExtraWasm::EMBED
            .hashed_names(b"")
            .1
            .starts_with("driftline-embed-"));
        assert_eq!(ExtraWasm::EMBED.trunk_wasm(), "driftline-embed_bg.wasm");
    }
}
