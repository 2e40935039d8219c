//! Checks that each page downloads only its own wasm: a chapter the chapters' wasm, "Your
//! data" the full build's (`#/data` reloads into it, and chapters then open without a
//! download), and a widget's page (`embed.html`) the widgets' wasm; an `embed.html`
//! address that names no widget goes to `index.html` before any wasm loads. A scenario file
//! picked in a chapter reloads the page into the full build, which imports it.
//!
//! Every check fails when what it looks at is missing: a missing test id is a failure,
//! never a skip.

use std::path::Path;
use std::time::Duration;

use driftline_sim::scenario::Scenario;

use crate::bench::size::{DATA_PAGE_PREFIX as DATA_WASM, WIDGETS_PREFIX as WIDGETS_WASM};
use crate::error::{Error, Result};
use crate::page::Page;
use crate::report::Report;
use crate::static_server::StaticServer;

/// Check names.
pub mod names {
    /// A chapter never downloads the data page's wasm; its link opens the page with it.
    pub const OWN_WASM: &str = "data: the page has a wasm of its own, fetched only on #/data";
    /// A file picked in a chapter is imported by the full build after one reload.
    pub const IMPORT: &str =
        "import: a chapter hands a picked scenario file to the full build, which imports it";
    /// `embed.html` downloads the widgets' wasm only, and sends widget-less addresses on.
    pub const WIDGETS_WASM: &str =
        "embed: embed.html fetches the widgets' wasm only; without a widget it opens index.html";
}

const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs every check of this module; the picked files are written under `out_dir`.
pub fn run_own_wasm_checks(page: &mut Page, server: &StaticServer, out_dir: &Path) -> Report {
    let mut report = Report::new();
    let _ = page.set_viewport_size(1366, 900);
    for (name, result) in [
        (names::OWN_WASM, own_wasm(page, server)),
        (
            names::IMPORT,
            import_through_full_build(page, server, out_dir),
        ),
        (names::WIDGETS_WASM, widgets_wasm(page, server)),
    ] {
        match result {
            Ok(detail) => report.pass(name, detail),
            Err(e) => report.fail(name, e.to_string()),
        }
    }
    report
}

/// The wasm files the server was asked for after the first `skip` requests, each once
/// (Chromium may ask for a module twice, e.g. to revalidate its compiled-code cache).
fn wasm_requests(server: &StaticServer, skip: usize) -> Vec<String> {
    let mut files: Vec<String> = targets_since(server, skip)
        .into_iter()
        .filter(|t| t.ends_with(".wasm"))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Every target the server was asked for after the first `skip` requests, in order.
fn targets_since(server: &StaticServer, skip: usize) -> Vec<String> {
    server
        .requests()
        .iter()
        .skip(skip)
        .map(|r| r.target.clone())
        .collect()
}

/// A chapter loads the chapters' wasm only; the header's "Your data" link reloads into
/// the data page's wasm, and from there a chapter opens without fetching any wasm.
fn own_wasm(page: &mut Page, server: &StaticServer) -> Result<String> {
    page.goto("about:blank")?;
    let before = server.requests().len();
    page.goto("#/drift")?;
    page.wait_for(r#"[data-testid="data-link"]"#, TIMEOUT)?;
    let chapter = wasm_requests(server, before);
    let pages: Vec<String> = targets_since(server, before)
        .into_iter()
        .filter(|t| t.contains(".html"))
        .collect();
    if pages
        .iter()
        .any(|t| !t.contains("index.html") && !t.ends_with('/'))
    {
        return Err(Error::new(format!(
            "a chapter loaded another page too (a hidden iframe?): {pages:?}"
        )));
    }
    if chapter.len() != 1 || chapter[0].contains(DATA_WASM) || chapter[0].contains(WIDGETS_WASM) {
        return Err(Error::new(format!(
            "a chapter fetched these wasm files: {chapter:?} (want the chapters' one only)"
        )));
    }
    let at_click = server.requests().len();
    page.click(r#"[data-testid="data-link"]"#)?;
    page.wait_for(r#"[data-testid="data-file"]"#, TIMEOUT)?;
    let data = wasm_requests(server, at_click);
    if !(data.len() == 1 && data[0].contains(DATA_WASM)) {
        return Err(Error::new(format!(
            "opening \u{201c}Your data\u{201d} fetched these wasm files: {data:?} (want the data page's one)"
        )));
    }
    let at_back = server.requests().len();
    page.eval("location.hash = '#/drift'; return null;", &[])?;
    page.wait_for(r#"[data-testid="chapter-title"]"#, TIMEOUT)?;
    let back = wasm_requests(server, at_back);
    if !back.is_empty() {
        return Err(Error::new(format!(
            "back to a chapter from the data page fetched {back:?}"
        )));
    }
    Ok(format!(
        "a chapter fetched {}; \u{201c}Your data\u{201d} fetched {}; back to a chapter fetched nothing",
        chapter[0], data[0]
    ))
}

/// A widget on `embed.html` fetches the widgets' wasm and links the full explainer at
/// `index.html`; `embed.html` without `embed=` lands on `index.html` with its query and hash
/// and fetches the chapters' wasm only; an unknown widget is named in a visible notice.
fn widgets_wasm(page: &mut Page, server: &StaticServer) -> Result<String> {
    page.goto("about:blank")?;
    let before = server.requests().len();
    page.goto("embed.html?v=1&embed=dashboard")?;
    page.wait_for(
        r#"[data-testid="embed"] [data-testid="play"], [data-testid="embed"] [data-testid="tick"]"#,
        TIMEOUT,
    )?;
    let widget = wasm_requests(server, before);
    if !(widget.len() == 1 && widget[0].contains(WIDGETS_WASM)) {
        return Err(Error::new(format!(
            "embed.html?embed=dashboard fetched these wasm files: {widget:?} (want the widgets' one only)"
        )));
    }
    let full = page.eval(
        r#"const a = document.querySelector('[data-testid="embed-open-full"]');
           return a ? a.getAttribute('href') : null;"#,
        &[],
    )?;
    let full = full.as_str().unwrap_or_default().to_owned();
    if !full.starts_with("index.html?") {
        return Err(Error::new(format!(
            "the widget's \u{201c}open the full explainer\u{201d} link is {full:?}, not index.html?..."
        )));
    }
    page.goto("about:blank")?;
    let at = server.requests().len();
    page.goto("embed.html?v=1&seed=5#/drift")?;
    page.wait_for(r#"[data-testid="chapter-title"]"#, TIMEOUT)?;
    let address = page.eval(
        "return location.pathname + location.search + location.hash;",
        &[],
    )?;
    let address = address.as_str().map(str::to_owned).unwrap_or_default();
    if !address.ends_with("index.html?v=1&seed=5#/drift") {
        return Err(Error::new(format!(
            "embed.html without a widget ended at {address:?}, not index.html?v=1&seed=5#/drift"
        )));
    }
    let redirected = wasm_requests(server, at);
    if redirected.len() != 1 || redirected[0].contains(WIDGETS_WASM) {
        return Err(Error::new(format!(
            "embed.html without a widget fetched {redirected:?} (want the chapters' wasm only)"
        )));
    }
    page.goto("about:blank")?;
    page.goto("embed.html?v=1&embed=gauge")?;
    let unknown = page.wait_until("the unknown widget's notice", TIMEOUT, |p| {
        let text = p
            .text_content(r#"[data-testid="embed-no-widget"]"#)?
            .unwrap_or_default();
        Ok(text.contains("gauge").then_some(text))
    })?;
    Ok(format!(
        "a widget fetched {}; its full-page link is {full}; a widget-less address went to {address} and fetched {}; embed=gauge says {unknown:?}",
        widget[0], redirected[0]
    ))
}

const IMPORT_FIELD: &str = r#"[data-testid="import-json"]"#;
const IMPORT_STATUS: &str = r#"[data-testid="import-status"]"#;
const IMPORT_ERROR: &str = r#"[data-testid="import-error"]"#;

/// In a chapter (the chapters' wasm, which has no JSON reader) a good file reloads the
/// page into the full build, which imports it once: the lab shows the file's seed, the
/// next plain reload starts the chapters' wasm again. A broken file, picked on the full
/// build, is refused there with its line named.
fn import_through_full_build(
    page: &mut Page,
    server: &StaticServer,
    out_dir: &Path,
) -> Result<String> {
    let dir = out_dir.join("import-files");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::new(format!("creating {}: {e}", dir.display())))?;
    let scenario = Scenario {
        seed: 4242,
        ..Scenario::default()
    };
    let text = serde_json::to_string_pretty(&scenario)
        .map_err(|e| Error::new(format!("writing the scenario: {e}")))?;
    let good = dir.join("seed-4242.json");
    let broken = dir.join("broken.json");
    for (path, body) in [(&good, text.as_str()), (&broken, "{\"seed\": 1,\n  oops")] {
        std::fs::write(path, body)
            .map_err(|e| Error::new(format!("writing {}: {e}", path.display())))?;
    }
    page.goto("about:blank")?;
    page.goto("#/drift")?;
    page.wait_for(IMPORT_FIELD, TIMEOUT)?;
    let at_pick = server.requests().len();
    page.pick_file(IMPORT_FIELD, &good)?;
    page.wait_for(IMPORT_STATUS, TIMEOUT)?;
    let status = page.wait_until("the import status after the reload", TIMEOUT, |p| {
        let text = p.text_content(IMPORT_STATUS)?.unwrap_or_default();
        Ok(text.contains("Imported").then_some(text))
    })?;
    let seed = page.eval(
        r#"const s = document.querySelector('[data-testid="seed"]'); return s ? s.value : null;"#,
        &[],
    )?;
    if seed.as_str() != Some("4242") {
        return Err(Error::new(format!(
            "after importing seed-4242.json the seed field shows {seed}"
        )));
    }
    let fetched = wasm_requests(server, at_pick);
    if !(fetched.len() == 1 && fetched[0].contains(DATA_WASM)) {
        return Err(Error::new(format!(
            "picking a file fetched these wasm files: {fetched:?} (want the full build's only)"
        )));
    }
    page.pick_file(IMPORT_FIELD, &broken)?;
    let refused = page.wait_until("the broken file's error", TIMEOUT, |p| {
        let text = p.text_content(IMPORT_ERROR)?.unwrap_or_default();
        Ok(text.contains("line 2").then_some(text))
    })?;
    let at_reload = server.requests().len();
    page.eval("location.reload(); return null;", &[])?;
    page.wait_for(IMPORT_FIELD, TIMEOUT)?;
    let plain = wasm_requests(server, at_reload);
    if plain.len() != 1 || plain[0].contains(DATA_WASM) {
        return Err(Error::new(format!(
            "a plain reload after the import fetched {plain:?} (want the chapters' wasm: the kept file is used once)"
        )));
    }
    Ok(format!(
        "{status:?} after a reload that fetched {}; then {refused:?}; a plain reload fetched {}",
        fetched[0], plain[0]
    ))
}
