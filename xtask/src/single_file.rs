//! Packs Trunk's release `dist/` into one HTML file that runs offline from `file://`.
//!
//! Trunk's `index.html` loads four files: the CSS (`<link rel="stylesheet">`), the favicon
//! (`<link rel="icon">`), and, from an inline module script,
//!
//! ```js
//! import init, * as bindings from './driftline-HASH.js';
//! const wasm = await init({ module_or_path: './driftline-HASH_bg.wasm' });
//! window.wasmBindings = bindings;
//! dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
//! ```
//!
//! plus `modulepreload`/`preload` hints for the last two. The packed page
//! ([`page`], a lol_html rewrite; the files' own inlining is in [`dist`]):
//! - puts the CSS in a `<style>` element (its own `url(...)` references inlined too);
//! - turns every other local `href`/`src` (the favicon) into a base64 `data:` URL;
//! - drops the preload hints (nothing to fetch) and every `integrity`/`crossorigin`;
//! - keeps Trunk's module script, but imports the wasm-bindgen glue from a base64
//!   `data:text/javascript` URL (the glue is untouched, so its exports, and therefore
//!   `window.wasmBindings`, stay exactly as generated), and replaces each wasm path with a
//!   call that decodes its base64 bytes (the loader names two wasm files, the chapters'
//!   and the data page's, and decodes only the one it picks). `init` compiles bytes it is given with
//!   `WebAssembly.instantiate` and never fetches; the glue reads `import.meta.url` only when
//!   `init` is called without a module, so its being a `data:` URL does not matter.
//!
//! Everything else in the page (a prerendered body, inline `<svg>`, `<style>` without
//! local `url(...)`) is copied byte for byte. Relative imports inside the glue
//! (wasm-bindgen `snippets/`) are inlined the same way, recursively. Finally the page is
//! checked: no reference may remain that is not a `data:` URL or a `#fragment`
//! ([`crate::check::external_references`]).

mod dist;
mod page;
#[cfg(test)]
mod tests;

use std::fmt;
use std::fs;
use std::path::Path;

pub use dist::WASM_BYTES_FN;

use crate::check::external_references;

/// Why the page could not be packed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError(pub String);

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PackError {}

/// What was inlined, for the command's summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackReport {
    /// Files inlined, relative to the dist directory.
    pub inlined: Vec<String>,
    /// Preload hints and similar tags dropped.
    pub dropped: usize,
}

/// Packs `dist/index.html` and what it references into one HTML page.
///
/// # Errors
/// A missing or unreadable file, a reference leaving `dist`, a reference to the network,
/// a page lol_html will not parse, or any non-inline reference left in the result.
pub fn pack(dist: &Path) -> Result<(String, PackReport), PackError> {
    let root = fs::canonicalize(dist)
        .map_err(|e| PackError(format!("cannot open {}: {e}", dist.display())))?;
    let mut d = dist::Dist {
        root: root.clone(),
        report: PackReport::default(),
    };
    let html = d.read_text(&root.join("index.html"))?;
    let packed = page::rewrite(&mut d, &html)?;
    let left = external_references(&packed)
        .map_err(|e| PackError(format!("cannot check the packed page: {e}")))?;
    if !left.is_empty() {
        return Err(PackError(format!(
            "references that would need the network are left: {}",
            left.join(", ")
        )));
    }
    Ok((packed, d.report))
}

/// Packs `dist` and writes the page to `out` (creating its directory).
///
/// # Errors
/// As [`pack`], or the file could not be written.
pub fn write(dist: &Path, out: &Path) -> Result<PackReport, PackError> {
    let (page, report) = pack(dist)?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)
            .map_err(|e| PackError(format!("cannot create {}: {e}", dir.display())))?;
    }
    fs::write(out, page).map_err(|e| PackError(format!("cannot write {}: {e}", out.display())))?;
    Ok(report)
}
