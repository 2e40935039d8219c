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
//! plus `modulepreload`/`preload` hints for the last two. The packed page:
//! - puts the CSS in a `<style>` element (its own `url(...)` references inlined too);
//! - turns every other local `href`/`src` (the favicon) into a base64 `data:` URL;
//! - drops the preload hints (nothing to fetch) and every `integrity`/`crossorigin`;
//! - keeps Trunk's module script, but imports the wasm-bindgen glue from a base64
//!   `data:text/javascript` URL (the glue is untouched, so its exports, and therefore
//!   `window.wasmBindings`, stay exactly as generated), and replaces the wasm path with the
//!   bytes decoded from base64 at startup. `init` compiles bytes it is given with
//!   `WebAssembly.instantiate` and never fetches; the glue reads `import.meta.url` only when
//!   `init` is called without a module, so its being a `data:` URL does not matter.
//!
//! Relative imports inside the glue (wasm-bindgen `snippets/`) are inlined the same way,
//! recursively. Finally the page is checked: no reference may remain that is not a `data:`
//! URL or a `#fragment` ([`crate::html::external_references`]).

use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::base64;
use crate::html::{css_urls, external_references, is_inline, js_specifiers, parts, Part, Tag};

/// Name of the JS variable holding the decoded wasm bytes in the packed page.
pub const WASM_BYTES_VAR: &str = "__driftlineWasmBytes";
/// Deepest chain of JS modules importing JS modules that is inlined.
const MAX_MODULE_DEPTH: usize = 8;

/// Why the page could not be packed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError(pub String);

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PackError {}

fn err<T>(msg: impl Into<String>) -> Result<T, PackError> {
    Err(PackError(msg.into()))
}

/// What was inlined, for the command's summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackReport {
    /// Files inlined, relative to the dist directory.
    pub inlined: Vec<String>,
    /// Preload hints and similar tags dropped.
    pub dropped: usize,
}

/// MIME type by file extension.
pub fn mime(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "css" => "text/css",
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// A `data:` URL of `bytes`.
pub fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!("data:{mime};base64,{}", base64::encode(bytes))
}

/// Reads pack inputs from one directory, refusing paths that leave it.
struct Dist {
    root: PathBuf,
    report: PackReport,
}

impl Dist {
    /// The file a local URL names, relative to `base` (a directory inside the dist).
    fn resolve(&self, base: &Path, url: &str) -> Result<PathBuf, PackError> {
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

    fn read(&mut self, path: &Path) -> Result<Vec<u8>, PackError> {
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

    fn read_text(&mut self, path: &Path) -> Result<String, PackError> {
        String::from_utf8(self.read(path)?)
            .map_err(|_| PackError(format!("{} is not UTF-8 text", path.display())))
    }

    fn data_url_of(&mut self, base: &Path, url: &str) -> Result<String, PackError> {
        let path = self.resolve(base, url)?;
        if mime(&path) == "text/css" {
            let css = self.css(&path)?;
            return Ok(data_url("text/css", css.as_bytes()));
        }
        if mime(&path) == "text/javascript" {
            let js = self.module(&path, 0)?;
            return Ok(data_url("text/javascript", js.as_bytes()));
        }
        let bytes = self.read(&path)?;
        Ok(data_url(mime(&path), &bytes))
    }

    /// A stylesheet with its `url(...)` references inlined.
    fn css(&mut self, path: &Path) -> Result<String, PackError> {
        let css = self.read_text(path)?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        self.inline_css(&css, &dir)
    }

    fn inline_css(&mut self, css: &str, dir: &Path) -> Result<String, PackError> {
        let mut out = String::with_capacity(css.len());
        let mut last = 0;
        for (start, end, url) in css_urls(css) {
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
    fn module(&mut self, path: &Path, depth: usize) -> Result<String, PackError> {
        if depth > MAX_MODULE_DEPTH {
            return err(format!(
                "{} is imported too deeply (a cycle?)",
                path.display()
            ));
        }
        let js = self.read_text(path)?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        let mut out = String::with_capacity(js.len());
        let mut last = 0;
        for (start, end, spec) in js_specifiers(&js) {
            if !(spec.starts_with("./") || spec.starts_with("../") || spec.starts_with('/')) {
                continue;
            }
            let target = self.resolve(&dir, &spec)?;
            let inner = self.module(&target, depth + 1)?;
            out.push_str(&js[last..start]);
            out.push_str(&format!(
                "\"{}\"",
                data_url("text/javascript", inner.as_bytes())
            ));
            last = end;
        }
        out.push_str(&js[last..]);
        Ok(out)
    }

    /// An inline module script (Trunk's loader) with local module specifiers and string
    /// literals naming local files replaced: `.js` by `data:` URLs, `.wasm` by the bytes.
    fn loader(&mut self, js: &str) -> Result<String, PackError> {
        let mut prelude = String::new();
        let mut out = String::with_capacity(js.len());
        let mut last = 0;
        let b = js.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let q = b[i];
            if q != b'\'' && q != b'"' {
                i += 1;
                continue;
            }
            let Some(len) = js[i + 1..].find(char::from(q)) else {
                break;
            };
            let literal = &js[i + 1..i + 1 + len];
            let end = i + len + 2;
            let local = !is_inline(literal)
                && !literal.contains("://")
                && !literal.contains(char::is_whitespace)
                && Path::new(literal).extension().is_some()
                && self
                    .resolve(&self.root.clone(), literal)
                    .is_ok_and(|p| p.is_file());
            if local {
                let path = self.resolve(&self.root.clone(), literal)?;
                out.push_str(&js[last..i]);
                if mime(&path) == "application/wasm" {
                    let bytes = self.read(&path)?;
                    if !prelude.is_empty() {
                        return err("the loader names more than one wasm file");
                    }
                    // atob gives a binary string; one byte per char code.
                    prelude = format!(
                        "const {WASM_BYTES_VAR} = Uint8Array.from(atob(\"{}\"), (c) => c.charCodeAt(0));\n",
                        base64::encode(&bytes)
                    );
                    out.push_str(WASM_BYTES_VAR);
                } else {
                    out.push_str(&format!(
                        "\"{}\"",
                        self.data_url_of(&self.root.clone(), literal)?
                    ));
                }
                last = end;
            }
            i = end;
        }
        out.push_str(&js[last..]);
        Ok(format!("{prelude}{out}"))
    }

    fn page(&mut self, html: &str) -> Result<String, PackError> {
        let root = self.root.clone();
        let mut out = String::with_capacity(html.len() * 2);
        for part in parts(html) {
            match part {
                Part::Text(t) | Part::Markup(t) => out.push_str(t),
                Part::Tag(t) => match Tag::parse(t) {
                    Some(tag) if tag.name == "link" => out.push_str(&self.link(tag)?),
                    Some(mut tag) if tag.attrs.iter().any(|(n, _)| n == "src" || n == "href") => {
                        for name in ["src", "href"] {
                            if let Some(url) = tag.get(name).map(str::to_string) {
                                if !is_inline(&url) && tag.name != "a" {
                                    tag.set(name, &self.data_url_of(&root, &url)?);
                                }
                            }
                        }
                        tag.remove("integrity");
                        out.push_str(&tag.to_html());
                    }
                    _ => out.push_str(t),
                },
                Part::Raw {
                    open,
                    content,
                    close,
                } => {
                    let Some(mut tag) = Tag::parse(open) else {
                        out.push_str(open);
                        out.push_str(content);
                        out.push_str(close);
                        continue;
                    };
                    if tag.name == "style" {
                        out.push_str(open);
                        out.push_str(&self.inline_css(content, &root)?);
                        out.push_str(close);
                        continue;
                    }
                    let body = match tag.get("src").map(str::to_string) {
                        Some(src) if !is_inline(&src) => {
                            let path = self.resolve(&root, &src)?;
                            tag.remove("src");
                            if tag.get("type") == Some("module") {
                                self.module(&path, 0)?
                            } else {
                                self.read_text(&path)?
                            }
                        }
                        _ if tag
                            .get("type")
                            .is_none_or(|t| t == "module" || t.contains("javascript")) =>
                        {
                            self.loader(content)?
                        }
                        _ => content.to_string(),
                    };
                    tag.remove("integrity");
                    tag.remove("crossorigin");
                    out.push_str(&tag.to_html());
                    // A literal `</script` inside would end the element early.
                    out.push_str(&body.replace("</script", "<\\/script"));
                    out.push_str(if close.is_empty() { "</script>" } else { close });
                }
            }
        }
        Ok(out)
    }

    fn link(&mut self, mut tag: Tag) -> Result<String, PackError> {
        let rel = tag.get("rel").unwrap_or("").to_ascii_lowercase();
        let href = tag.get("href").unwrap_or("").to_string();
        let rels: Vec<&str> = rel.split_whitespace().collect();
        if rels.iter().any(|r| {
            matches!(
                *r,
                "modulepreload" | "preload" | "prefetch" | "preconnect" | "dns-prefetch"
            )
        }) {
            self.report.dropped += 1;
            return Ok(String::new());
        }
        if is_inline(&href) {
            return Ok(tag.to_html());
        }
        let root = self.root.clone();
        if rels.contains(&"stylesheet") {
            let path = self.resolve(&root, &href)?;
            let css = self.css(&path)?;
            let media = tag
                .get("media")
                .map(|m| format!(" media=\"{}\"", m.replace('"', "&quot;")))
                .unwrap_or_default();
            return Ok(format!(
                "<style{media}>\n{}\n</style>",
                css.replace("</style", "<\\/style")
            ));
        }
        tag.set("href", &self.data_url_of(&root, &href)?);
        tag.remove("integrity");
        tag.remove("crossorigin");
        Ok(tag.to_html())
    }
}

/// Packs `dist/index.html` and what it references into one HTML page.
///
/// # Errors
/// A missing or unreadable file, a reference leaving `dist`, a reference to the network,
/// or any non-inline reference left in the result.
pub fn pack(dist: &Path) -> Result<(String, PackReport), PackError> {
    let root = fs::canonicalize(dist)
        .map_err(|e| PackError(format!("cannot open {}: {e}", dist.display())))?;
    let mut d = Dist {
        root: root.clone(),
        report: PackReport::default(),
    };
    let index = root.join("index.html");
    let html = d.read_text(&index)?;
    let page = d.page(&html)?;
    let left = external_references(&page);
    if !left.is_empty() {
        return err(format!(
            "references that would need the network are left: {}",
            left.join(", ")
        ));
    }
    Ok((page, d.report))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::{external_references, Part};

    /// A throwaway directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> Self {
            let p =
                std::env::temp_dir().join(format!("driftline-xtask-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&p);
            fs::create_dir_all(p.join("snippets")).unwrap();
            Self(p)
        }
        fn file(&self, name: &str, bytes: &[u8]) {
            fs::write(self.0.join(name), bytes).unwrap();
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    const WASM: &[u8] = b"\0asm\x01\0\0\0\xff\xfe binary";

    /// A miniature of what Trunk writes, with the same loader and hints.
    fn fake_dist(name: &str) -> TempDir {
        let d = TempDir::new(name);
        d.file(
            "index.html",
            br##"<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>T</title>
    <link rel="stylesheet" href="./app-1.css" integrity="sha384-abc"/>
    <link rel="icon" href="./favicon-2.svg" integrity="sha384-def"/>
<script type="module">
import init, * as bindings from './app-3.js';
const wasm = await init({ module_or_path: './app-3_bg.wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script>
  <link rel="modulepreload" href="./app-3.js" crossorigin="anonymous" integrity="sha384-x"><link rel="preload" href="./app-3_bg.wasm" crossorigin="anonymous" integrity="sha384-y" as="fetch" type="application/wasm"></head>
  <body><a href="#main">skip</a><noscript>JS needed</noscript></body>
</html>
"##,
        );
        d.file("app-1.css", b"body{background:url('./dot.png')}\n");
        d.file("dot.png", b"\x89PNG fake");
        d.file(
            "favicon-2.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        );
        d.file(
            "app-3.js",
            b"import { helper } from './snippets/helper.js';\nlet wasm;\nasync function __wbg_init(m) { if (m === undefined) { m = new URL('app_bg.wasm', import.meta.url); } return helper(m); }\nexport { __wbg_init as default };\n",
        );
        d.file(
            "snippets/helper.js",
            b"export function helper(x) { return x; }\n",
        );
        d.file("app-3_bg.wasm", WASM);
        d
    }

    fn data_payload(page: &str, prefix: &str) -> Vec<u8> {
        let start = page.find(prefix).unwrap() + prefix.len();
        let end = page[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '='))
            .unwrap();
        base64::decode(&page[start..start + end]).unwrap()
    }

    #[test]
    fn packs_a_trunk_dist_into_one_self_contained_page() {
        let d = fake_dist("ok");
        let (page, report) = pack(&d.0).unwrap();
        assert!(
            external_references(&page).is_empty(),
            "{:?}",
            external_references(&page)
        );
        // CSS inlined in <style>, with its image as a data URL.
        assert!(page.contains("<style>\nbody{background:url(\"data:image/png;base64,"));
        assert_eq!(
            data_payload(&page, "data:image/png;base64,"),
            b"\x89PNG fake"
        );
        // Favicon as a data URL, integrity gone.
        assert_eq!(
            data_payload(
                &page,
                "<link rel=\"icon\" href=\"data:image/svg+xml;base64,"
            ),
            b"<svg xmlns='http://www.w3.org/2000/svg'/>"
        );
        assert!(!page.contains("integrity"));
        // Preload hints dropped.
        assert!(!page.contains("modulepreload") && !page.contains("rel=\"preload\""));
        assert_eq!(report.dropped, 2);
        // The wasm bytes are in the page and init gets them instead of a path.
        assert_eq!(
            data_payload(
                &page,
                &format!("{WASM_BYTES_VAR} = Uint8Array.from(atob(\"")
            ),
            WASM
        );
        assert!(page.contains(&format!("init({{ module_or_path: {WASM_BYTES_VAR} }})")));
        // The glue is imported from a data URL, unchanged except for its inlined snippet.
        let glue =
            String::from_utf8(data_payload(&page, "from \"data:text/javascript;base64,")).unwrap();
        assert!(glue.contains("export { __wbg_init as default };"));
        assert!(glue.contains("import.meta.url"));
        let snippet_at = glue.find("from \"data:text/javascript;base64,").unwrap();
        let snippet = data_payload(&glue[snippet_at..], "from \"data:text/javascript;base64,");
        assert_eq!(snippet, b"export function helper(x) { return x; }\n");
        // The rest of Trunk's loader is kept.
        assert!(page.contains("window.wasmBindings = bindings;"));
        assert!(page.contains("TrunkApplicationStarted"));
        assert!(page.contains("<a href=\"#main\">skip</a>"));
        let mut inlined = report.inlined.clone();
        inlined.sort();
        assert_eq!(
            inlined,
            [
                "app-1.css",
                "app-3.js",
                "app-3_bg.wasm",
                "dot.png",
                "favicon-2.svg",
                "index.html",
                "snippets/helper.js"
            ]
        );
        // Exactly one script element, and it is the module.
        let scripts = crate::html::parts(&page)
            .into_iter()
            .filter(|p| matches!(p, Part::Raw { open, .. } if open.starts_with("<script")))
            .count();
        assert_eq!(scripts, 1);
    }

    #[test]
    fn refuses_missing_files_escapes_and_network_references() {
        let d = fake_dist("missing");
        fs::remove_file(d.0.join("favicon-2.svg")).unwrap();
        let e = pack(&d.0).unwrap_err();
        assert!(e.0.contains("favicon-2.svg"), "{e}");

        let d = fake_dist("escape");
        d.file(
            "index.html",
            b"<link rel=\"stylesheet\" href=\"../../etc/passwd.css\">",
        );
        assert!(pack(&d.0).unwrap_err().0.contains("outside"));

        let d = fake_dist("network");
        d.file(
            "index.html",
            b"<script src=\"https://cdn.example/x.js\"></script>",
        );
        assert!(pack(&d.0).unwrap_err().0.contains("network"));

        let d = fake_dist("leftover");
        d.file("index.html", b"<a href=\"https://example.org/\">out</a>");
        assert!(pack(&d.0).unwrap_err().0.contains("https://example.org/"));
    }

    #[test]
    fn writes_the_file_and_creates_its_directory() {
        let d = fake_dist("write");
        let out = d.0.join("single/out.html");
        write(&d.0, &out).unwrap();
        let page = fs::read_to_string(&out).unwrap();
        assert!(page.starts_with("<!doctype html>"));
        assert!(external_references(&page).is_empty());
    }
}
