//! Checks that each page downloads only its own wasm: a chapter the chapters' wasm, "Your
//! data" the data page's (`#/data` reloads into it, and chapters then open without a
//! download), and a widget's page (`embed.html`) the widgets' wasm; an `embed.html`
//! address that names no widget goes to `index.html` before any wasm loads.
//!
//! Every check fails when what it looks at is missing: a missing test id is a failure,
//! never a skip.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::page::Page;
use crate::report::Report;
use crate::static_server::StaticServer;

/// Check names.
pub mod names {
    /// A chapter never downloads the data page's wasm; its link opens the page with it.
    pub const OWN_WASM: &str = "data: the page has a wasm of its own, fetched only on #/data";
    /// `embed.html` downloads the widgets' wasm only, and sends widget-less addresses on.
    pub const WIDGETS_WASM: &str =
        "embed: embed.html fetches the widgets' wasm only; without a widget it opens index.html";
}

const TIMEOUT: Duration = Duration::from_secs(30);

/// How the extra wasm builds are named (`driftline::prerender::entry::ExtraWasm`).
const DATA_WASM: &str = "driftline-data-";
const WIDGETS_WASM: &str = "driftline-embed-";

/// Runs every check of this module.
pub fn run_own_wasm_checks(page: &mut Page, server: &StaticServer) -> Report {
    let mut report = Report::new();
    let _ = page.set_viewport_size(1366, 900);
    for (name, result) in [
        (names::OWN_WASM, own_wasm(page, server)),
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
    let mut files: Vec<String> = server
        .requests()
        .iter()
        .skip(skip)
        .map(|r| r.target.clone())
        .filter(|t| t.ends_with(".wasm"))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// A chapter loads the chapters' wasm only; the header's "Your data" link reloads into
/// the data page's wasm, and from there a chapter opens without fetching any wasm.
fn own_wasm(page: &mut Page, server: &StaticServer) -> Result<String> {
    page.goto("about:blank")?;
    let before = server.requests().len();
    page.goto("#/drift")?;
    page.wait_for(r#"[data-testid="data-link"]"#, TIMEOUT)?;
    let chapter = wasm_requests(server, before);
    let pages: Vec<String> = server
        .requests()
        .iter()
        .skip(before)
        .map(|r| r.target.clone())
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
/// and fetches the chapters' wasm only.
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
    Ok(format!(
        "a widget fetched {}; its full-page link is {full}; a widget-less address went to {address} and fetched {}",
        widget[0], redirected[0]
    ))
}
