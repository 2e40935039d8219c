//! What the packer reads from the dist directory, and how each kind of file is inlined:
//! stylesheets with their `url(...)`s, JS modules with their relative imports (recursively),
//! Trunk's inline loader with its `.js` and `.wasm` paths, anything else as a `data:` URL.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::{PackError, PackReport};
use crate::data_url::{base64, data_url, is_inline, mime};
use crate::{css, js};

/// Name of the JS function that decodes a wasm file's base64 bytes in the packed page.
pub const WASM_BYTES_FN: &str = "__driftlineWasmBytes";
/// Deepest chain of JS modules importing JS modules that is inlined.
const MAX_MODULE_DEPTH: usize = 8;

fn err<T>(msg: impl Into<String>) -> Result<T, PackError> {
    Err(PackError(msg.into()))
}

/// Reads pack inputs from one directory, refusing paths that leave it.
pub(super) struct Dist {
    /// The dist directory, canonical.
    pub root: PathBuf,
    /// What was read so far.
    pub report: PackReport,
}

impl Dist {
    /// The file a local URL names, relative to `base` (a directory inside the dist).
    pub fn resolve(&self, base: &Path, url: &str) -> Result<PathBuf, PackError> {
        let path = url.split(['?', '#']).next().unwrap_or("");
        if path.contains("://") || path.starts_with("//") {
            return err(format!(
                "`{url}` is not a local file; the single file must not need the network"
            ));
        }
        let rel = Path::new(path.trim_start_matches('/'));
        let joined = if path.starts_with('/') {
            self.root.join(rel)
        } else {
            base.join(rel)
        };
        let mut clean = PathBuf::new();
        for c in joined.components() {
            match c {
                Component::ParentDir => {
                    clean.pop();
                }
                Component::CurDir => {}
                other => clean.push(other.as_os_str()),
            }
        }
        if !clean.starts_with(&self.root) {
            return err(format!("`{url}` points outside the dist directory"));
        }
        Ok(clean)
    }

    /// The bytes of `path`, noted in the report.
    pub fn read(&mut self, path: &Path) -> Result<Vec<u8>, PackError> {
        let bytes = fs::read(path)
            .map_err(|e| PackError(format!("cannot read {}: {e}", path.display())))?;
        let shown = path
            .strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string();
        if !self.report.inlined.contains(&shown) {
            self.report.inlined.push(shown);
        }
        Ok(bytes)
    }

    /// The text of `path`, noted in the report.
    pub fn read_text(&mut self, path: &Path) -> Result<String, PackError> {
        String::from_utf8(self.read(path)?)
            .map_err(|_| PackError(format!("{} is not UTF-8 text", path.display())))
    }

    /// A `data:` URL of the file `url` names (relative to `base`), itself inlined first
    /// when it is a stylesheet or a JS module.
    pub fn data_url_of(&mut self, base: &Path, url: &str) -> Result<String, PackError> {
        let path = self.resolve(base, url)?;
        match mime(&path) {
            "text/css" => Ok(data_url("text/css", self.css(&path)?.as_bytes())),
            "text/javascript" => Ok(data_url(
                "text/javascript",
                self.module(&path, 0)?.as_bytes(),
            )),
            other => Ok(data_url(other, &self.read(&path)?)),
        }
    }

    /// A stylesheet file with its `url(...)` references inlined.
    pub fn css(&mut self, path: &Path) -> Result<String, PackError> {
        let css = self.read_text(path)?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        self.inline_css(&css, &dir)
    }

    /// CSS text with its local `url(...)` references (relative to `dir`) inlined.
    pub fn inline_css(&mut self, css: &str, dir: &Path) -> Result<String, PackError> {
        let mut out = String::with_capacity(css.len());
        let mut last = 0;
        for (start, end, url) in css::urls(css) {
            out.push_str(&css[last..start]);
            if is_inline(&url) {
                out.push_str(&css[start..end]);
            } else {
                out.push_str(&format!("url(\"{}\")", self.data_url_of(dir, &url)?));
            }
            last = end;
        }
        out.push_str(&css[last..]);
        Ok(out)
    }

    /// A JS module with its relative imports replaced by `data:` URLs, recursively.
    pub fn module(&mut self, path: &Path, depth: usize) -> Result<String, PackError> {
        if depth > MAX_MODULE_DEPTH {
            return err(format!(
                "{} is imported too deeply (a cycle?)",
                path.display()
            ));
        }
        let code = self.read_text(path)?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        let mut out = String::with_capacity(code.len());
        let mut last = 0;
        for (start, end, spec) in js::specifiers(&code) {
            if !(spec.starts_with("./") || spec.starts_with("../") || spec.starts_with('/')) {
                continue;
            }
            let target = self.resolve(&dir, &spec)?;
            let inner = self.module(&target, depth + 1)?;
            out.push_str(&code[last..start]);
            out.push_str(&format!(
                "\"{}\"",
                data_url("text/javascript", inner.as_bytes())
            ));
            last = end;
        }
        out.push_str(&code[last..]);
        Ok(out)
    }

    /// An inline script (Trunk's loader) with every string literal that names a local file
    /// replaced: `.js` by a `data:` URL, `.wasm` by a call that decodes its bytes from
    /// base64. The loader may name several wasm files (the chapters' and the data page's)
    /// and picks one: only the one it picks is decoded.
    pub fn loader(&mut self, code: &str) -> Result<String, PackError> {
        let root = self.root.clone();
        let mut prelude = String::new();
        let mut out = String::with_capacity(code.len());
        let mut last = 0;
        for (start, end, literal) in js::string_literals(code) {
            let local = !is_inline(literal)
                && !literal.contains("://")
                && !literal.contains(char::is_whitespace)
                && Path::new(literal).extension().is_some()
                && self.resolve(&root, literal).is_ok_and(|p| p.is_file());
            if !local {
                continue;
            }
            let path = self.resolve(&root, literal)?;
            out.push_str(&code[last..start]);
            if mime(&path) == "application/wasm" {
                // atob gives a binary string; one byte per char code.
                prelude = format!(
                    "const {WASM_BYTES_FN} = (b) => Uint8Array.from(atob(b), (c) => c.charCodeAt(0));\n"
                );
                out.push_str(&format!(
                    "{WASM_BYTES_FN}(\"{}\")",
                    base64(&self.read(&path)?)
                ));
            } else {
                out.push_str(&format!("\"{}\"", self.data_url_of(&root, literal)?));
            }
            last = end;
        }
        out.push_str(&code[last..]);
        Ok(format!("{prelude}{out}"))
    }
}
