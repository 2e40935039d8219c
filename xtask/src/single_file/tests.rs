//! The packer on a miniature of what Trunk writes.

use std::fs;
use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use tempfile::TempDir;

use super::*;
use crate::check::external_references;

const WASM: &[u8] = b"\0asm\x01\0\0\0\xff\xfe binary";

const INDEX: &str = r##"<!doctype html>
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
"##;

fn file(dir: &Path, name: &str, bytes: &[u8]) {
    fs::write(dir.join(name), bytes).unwrap();
}

/// A miniature of what Trunk writes, with the same loader and hints.
fn fake_dist() -> TempDir {
    let d = TempDir::new().unwrap();
    let p = d.path();
    fs::create_dir_all(p.join("snippets")).unwrap();
    file(p, "index.html", INDEX.as_bytes());
    file(p, "app-1.css", b"body{background:url('./dot.png')}\n");
    file(p, "dot.png", b"\x89PNG fake");
    file(
        p,
        "favicon-2.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    );
    file(
        p,
        "app-3.js",
        b"import { helper } from './snippets/helper.js';\nlet wasm;\nasync function __wbg_init(m) { if (m === undefined) { m = new URL('app_bg.wasm', import.meta.url); } return helper(m); }\nexport { __wbg_init as default };\n",
    );
    file(
        p,
        "snippets/helper.js",
        b"export function helper(x) { return x; }\n",
    );
    file(p, "app-3_bg.wasm", WASM);
    d
}

fn data_payload(page: &str, prefix: &str) -> Vec<u8> {
    let start = page.find(prefix).unwrap() + prefix.len();
    let end = page[start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '='))
        .unwrap();
    STANDARD.decode(&page[start..start + end]).unwrap()
}

#[test]
fn packs_a_trunk_dist_into_one_self_contained_page() {
    let d = fake_dist();
    let (page, report) = pack(d.path()).unwrap();
    assert_eq!(external_references(&page).unwrap(), Vec::<String>::new());
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
        data_payload(&page, &format!("module_or_path: {WASM_BYTES_FN}(\"")),
        WASM
    );
    assert!(page.contains(&format!(
        "const {WASM_BYTES_FN} = (b) => Uint8Array.from(atob(b)"
    )));
    // The glue is imported from a data URL, unchanged except for its inlined snippet.
    let glue =
        String::from_utf8(data_payload(&page, "from \"data:text/javascript;base64,")).unwrap();
    assert!(glue.contains("export { __wbg_init as default };"));
    assert!(glue.contains("import.meta.url"));
    let snippet_at = glue.find("from \"data:text/javascript;base64,").unwrap();
    let snippet = data_payload(&glue[snippet_at..], "from \"data:text/javascript;base64,");
    assert_eq!(snippet, b"export function helper(x) { return x; }\n");
    // The rest of Trunk's loader and page is kept as it was.
    assert!(page.contains("window.wasmBindings = bindings;"));
    assert!(page.contains("TrunkApplicationStarted"));
    assert!(page.contains("<a href=\"#main\">skip</a>"));
    assert!(page.starts_with("<!doctype html>\n<html lang=\"en\">\n  <head>\n"));
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
    // Exactly one script element, and it is the module (base64 holds no `<`).
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script type=\"module\">const __driftlineWasmBytes"));
}

/// What the prerendered first paint puts in the page: inline SVG with namespaces, a
/// `<style>`, route ids and fragment links, a classic head script.
const PRERENDERED: &str = r##"<div id="first-paint" class="first-paint"><div class="view" id="/drift"><h1>Driftline</h1><p>Chapter text &amp; more, see http://example.org.</p><a href="#/drift">next</a><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" height="300" viewBox="0 0 600 300"><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><style>.bar{fill:url(#g)}</style><rect class="bar" x="1" y="2" width="3" height="4" fill="url(#g)"/><use xlink:href="#g"/><text x="5" y="6">PSI &lt; 0.2</text></svg></div></div>"##;

#[test]
fn passes_a_prerendered_body_through_untouched() {
    let d = fake_dist();
    let head = "<script>document.documentElement.dataset.route = location.hash || '#/';</script><style>.first-paint{display:block}</style>\n";
    let index = INDEX
        .replace("<title>T</title>", &format!("<title>T</title>{head}"))
        .replace("<body>", &format!("<body>{PRERENDERED}"));
    file(d.path(), "index.html", index.as_bytes());
    let (page, _) = pack(d.path()).unwrap();
    assert!(page.contains(PRERENDERED), "{page}");
    assert!(page.contains(head), "{page}");
}

#[test]
fn refuses_missing_files_escapes_and_network_references() {
    let d = fake_dist();
    fs::remove_file(d.path().join("favicon-2.svg")).unwrap();
    let e = pack(d.path()).unwrap_err();
    assert!(e.0.contains("favicon-2.svg"), "{e}");

    let cases: [(&[u8], &str); 5] = [
        (
            b"<link rel=\"stylesheet\" href=\"../../etc/passwd.css\">",
            "outside",
        ),
        (
            b"<script src=\"https://cdn.example/x.js\"></script>",
            "network",
        ),
        (
            b"<a href=\"https://example.org/\">out</a>",
            "https://example.org/",
        ),
        (
            b"<img srcset=\"https://example.org/a.png 2x\">",
            "https://example.org/a.png",
        ),
        (
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"//cdn/x.png\"/></svg>",
            "network",
        ),
    ];
    for (index, expected) in cases {
        let d = fake_dist();
        file(d.path(), "index.html", index);
        let e = pack(d.path()).unwrap_err();
        assert!(e.0.contains(expected), "{e}");
    }
}

#[test]
fn inlines_script_src_and_svg_images() {
    let d = fake_dist();
    file(d.path(), "classic.js", b"console.log('</script>');");
    file(
        d.path(),
        "index.html",
        b"<script src=\"./classic.js\" integrity=\"x\"></script><svg><image href=\"./dot.png\"/></svg>",
    );
    let (page, _) = pack(d.path()).unwrap();
    assert_eq!(
        page,
        format!(
            "<script>console.log('<\\/script>');</script><svg><image href=\"data:image/png;base64,{}\" /></svg>",
            STANDARD.encode(b"\x89PNG fake")
        )
    );
}

#[test]
fn writes_the_file_and_creates_its_directory() {
    let d = fake_dist();
    let out = d.path().join("single/out.html");
    write(d.path(), &out).unwrap();
    let page = fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    assert!(external_references(&page).unwrap().is_empty());
}
