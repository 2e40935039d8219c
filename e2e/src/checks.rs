//! The "Foundation" end-to-end checks: the built page loads under its sub-path, the
//! simulation runs when Play is pressed, charts draw, nothing panics or logs errors, and no
//! request leaves the page's own origin and sub-path.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};

use crate::page::Page;
use crate::report::Report;
use crate::static_server::{RequestRecord, StaticServer};
use crate::webdriver::LogEntry;

/// Selector of the Play button.
pub const PLAY: &str = r#"[data-testid="play"]"#;
/// Selector of the tick counter.
pub const TICK: &str = r#"[data-testid="tick"]"#;
/// Selector of the element that appears when the app panics.
pub const PANIC: &str = r#"[data-testid="panic"]"#;
/// Selector of chart canvases.
pub const CHART_CANVAS: &str = r#"canvas[data-testid^="chart-"]"#;
/// Selector of pie charts (canvas or SVG).
pub const PIE: &str = r#"[data-testid^="pie-"]"#;

/// Check names, stable so tests and CI logs can refer to them.
pub mod names {
    /// The page loaded under the sub-path.
    pub const PAGE_LOADS: &str = "page loads";
    /// The viewport has the requested size.
    pub const VIEWPORT: &str = "viewport size";
    /// The Play button appeared.
    pub const PLAY_APPEARS: &str = "play button appears";
    /// The tick counter left 0 after Play.
    pub const TICK_STARTS: &str = "play starts the tick counter";
    /// The tick counter kept going.
    pub const TICK_ADVANCES: &str = "tick keeps advancing";
    /// The first chart canvas has drawn pixels.
    pub const CHART_DRAWN: &str = "chart canvas is drawn";
    /// The chart keeps changing while the simulation runs.
    pub const CHART_UPDATES: &str = "chart updates while playing";
    /// A pie chart is present.
    pub const PIE_PRESENT: &str = "pie chart present";
    /// The screenshot was written.
    pub const SCREENSHOT: &str = "screenshot saved";
    /// No panic element in the DOM.
    pub const NO_PANIC_ELEMENT: &str = "no panic element";
    /// No console errors.
    pub const NO_CONSOLE_ERRORS: &str = "no console errors";
    /// Nothing mentioning "panicked" was logged.
    pub const NO_PANIC_MESSAGE: &str = "no panic message logged";
    /// Navigation and resources come from the page's own origin.
    pub const SAME_ORIGIN: &str = "resources same-origin";
    /// The server saw only paths under the sub-path.
    pub const UNDER_SUB_PATH: &str = "requests stay under sub-path";
    /// Every request was answered with success or redirect.
    pub const REQUESTS_OK: &str = "all requests succeed";
}

/// Tunables of the Foundation run.
#[derive(Debug, Clone)]
pub struct FoundationOptions {
    /// Directory for screenshots.
    pub out_dir: PathBuf,
    /// Screenshot file name inside `out_dir`.
    pub screenshot_name: String,
    /// Viewport width x height in CSS pixels.
    pub viewport: (u32, u32),
    /// How long the page may take to show the Play button.
    pub ready_timeout: Duration,
    /// How long each tick-counter wait may take.
    pub tick_timeout: Duration,
    /// How long the chart may take to show enough drawn pixels.
    pub chart_timeout: Duration,
    /// Fraction of canvas pixels that must differ from the top-left pixel.
    pub min_ink_fraction: f64,
}

impl Default for FoundationOptions {
    fn default() -> Self {
        Self {
            out_dir: PathBuf::from("target/e2e"),
            screenshot_name: "foundation-desktop.png".to_owned(),
            viewport: (1366, 768),
            ready_timeout: Duration::from_secs(15),
            tick_timeout: Duration::from_secs(15),
            chart_timeout: Duration::from_secs(5),
            min_ink_fraction: 0.01,
        }
    }
}

/// Runs every Foundation check against the site served by `server`, continuing past
/// failures so one run reports everything it can.
pub fn run_foundation(page: &mut Page, server: &StaticServer, opts: &FoundationOptions) -> Report {
    let mut report = Report::new();
    if let Err(e) = page.goto("") {
        report.fail(names::PAGE_LOADS, e.to_string());
        check_server_log(&mut report, server);
        return report;
    }
    report.pass(names::PAGE_LOADS, page.url_for(""));
    check_viewport(&mut report, page, opts.viewport);

    match page.wait_for(PLAY, opts.ready_timeout) {
        Ok(_) => {
            report.pass(names::PLAY_APPEARS, PLAY);
            check_ticks(&mut report, page, opts.tick_timeout);
        }
        Err(e) => report.fail(names::PLAY_APPEARS, e.to_string()),
    }
    // Without a drawn chart there is nothing to watch; that check has already failed.
    if check_chart(&mut report, page, opts) {
        check_chart_updates(&mut report, page, opts.tick_timeout);
    }
    match page.exists(PIE) {
        Ok(true) => report.pass(names::PIE_PRESENT, PIE),
        Ok(false) => report.fail(names::PIE_PRESENT, format!("no element matches {PIE}")),
        Err(e) => report.fail(names::PIE_PRESENT, e.to_string()),
    }

    let shot = opts.out_dir.join(&opts.screenshot_name);
    match page.screenshot(&shot) {
        Ok(()) => report.pass(names::SCREENSHOT, shot.display().to_string()),
        Err(e) => report.fail(names::SCREENSHOT, e.to_string()),
    }

    match page.exists(PANIC) {
        Ok(false) => report.pass(names::NO_PANIC_ELEMENT, "absent"),
        Ok(true) => {
            let text = page.text_content(PANIC).ok().flatten().unwrap_or_default();
            report.fail(names::NO_PANIC_ELEMENT, format!("{PANIC} present: {text}"));
        }
        Err(e) => report.fail(names::NO_PANIC_ELEMENT, e.to_string()),
    }
    check_console(&mut report, page);
    check_origins(&mut report, page);
    check_server_log(&mut report, server);
    report
}

fn check_viewport(report: &mut Report, page: &mut Page, (width, height): (u32, u32)) {
    let result = page
        .set_viewport_size(width, height)
        .and_then(|()| page.viewport_size());
    match result {
        Ok(actual) if actual == (width, height) => {
            report.pass(names::VIEWPORT, format!("{width}x{height}"));
        }
        Ok((w, h)) => report.fail(
            names::VIEWPORT,
            format!("wanted {width}x{height}, viewport is {w}x{h}"),
        ),
        Err(e) => report.fail(names::VIEWPORT, e.to_string()),
    }
}

/// Reads the tick counter; `None` while it is missing or holds no digits.
fn read_tick(page: &Page) -> crate::error::Result<Option<u64>> {
    Ok(page.text_content(TICK)?.as_deref().and_then(parse_tick))
}

fn check_ticks(report: &mut Report, page: &mut Page, timeout: Duration) {
    let before = read_tick(page).ok().flatten();
    if let Err(e) = page.click(PLAY) {
        report.fail(names::TICK_STARTS, e.to_string());
        return;
    }
    let first = page.wait_until("the tick counter to pass 0", timeout, |p| {
        Ok(read_tick(p)?.filter(|&t| t > 0))
    });
    let first = match first {
        Ok(t) => {
            let was = before.map_or("missing".to_owned(), |b| b.to_string());
            report.pass(names::TICK_STARTS, format!("tick {was} -> {t}"));
            t
        }
        Err(e) => {
            let now = page.text_content(TICK).ok().flatten();
            report.fail(names::TICK_STARTS, format!("{e}; {TICK} text is {now:?}"));
            return;
        }
    };
    let what = format!("the tick counter to pass {first}");
    match page.wait_until(&what, timeout, |p| Ok(read_tick(p)?.filter(|&t| t > first))) {
        Ok(t) => report.pass(names::TICK_ADVANCES, format!("tick {first} -> {t}")),
        Err(e) => report.fail(names::TICK_ADVANCES, e.to_string()),
    }
}

/// Counts canvas pixels that differ from the top-left pixel. Copying onto a fresh 2D canvas
/// works for any canvas context type.
const INK_JS: &str = r#"
const c = document.querySelector(arguments[0]);
if (!c) { return null; }
const w = c.width, h = c.height;
if (!w || !h) {
  return { testid: c.dataset.testid || '', width: w, height: h, differing: 0, checksum: 0 };
}
const copy = document.createElement('canvas');
copy.width = w; copy.height = h;
const ctx = copy.getContext('2d');
ctx.drawImage(c, 0, 0);
const d = ctx.getImageData(0, 0, w, h).data;
let n = 0;
let sum = 0;
for (let i = 0; i < d.length; i += 4) {
  if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) { n++; }
  sum = (Math.imul(sum, 31) + ((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3])) | 0;
}
return { testid: c.dataset.testid || '', width: w, height: h, differing: n, checksum: sum };
"#;

/// Drawn-pixel measurement of a canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct Ink {
    /// The canvas's `data-testid`.
    pub testid: String,
    /// Canvas bitmap width in pixels.
    pub width: u64,
    /// Canvas bitmap height in pixels.
    pub height: u64,
    /// Pixels whose RGBA differs from the top-left pixel.
    pub differing: u64,
    /// A hash of all pixel values, to notice that the drawing changed.
    pub checksum: i64,
}

impl Ink {
    /// Parses the object returned by the ink script; `None` if no canvas matched.
    pub fn from_json(value: &Value) -> Option<Self> {
        let num = |k: &str| value.get(k).and_then(Value::as_u64).unwrap_or(0);
        value.as_object()?;
        Some(Self {
            testid: value
                .get("testid")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            width: num("width"),
            height: num("height"),
            differing: num("differing"),
            checksum: value.get("checksum").and_then(Value::as_i64).unwrap_or(0),
        })
    }

    /// Fraction of pixels that differ from the background (0 for an empty canvas).
    pub fn fraction(&self) -> f64 {
        let total = self.width * self.height;
        if total == 0 {
            0.0
        } else {
            self.differing as f64 / total as f64
        }
    }
}

/// Measures the first canvas matching `css`; `None` if there is none.
pub fn measure_ink(page: &Page, css: &str) -> crate::error::Result<Option<Ink>> {
    Ok(Ink::from_json(&page.eval(INK_JS, &[json!(css)])?))
}

/// Returns whether the chart check passed.
fn check_chart(report: &mut Report, page: &mut Page, opts: &FoundationOptions) -> bool {
    let mut last = None;
    // Charts may draw a frame or two after the counter moves, so poll briefly.
    let waited = page.wait_until("a drawn chart canvas", opts.chart_timeout, |p| {
        let ink = measure_ink(p, CHART_CANVAS)?;
        let enough = ink
            .as_ref()
            .is_some_and(|i| i.fraction() > opts.min_ink_fraction);
        last.clone_from(&ink);
        Ok(enough.then_some(()))
    });
    let describe = |i: &Ink| {
        format!(
            "{}: {} of {}x{} pixels differ from the background ({:.1}%, need > {:.1}%)",
            i.testid,
            i.differing,
            i.width,
            i.height,
            i.fraction() * 100.0,
            opts.min_ink_fraction * 100.0
        )
    };
    match (waited, last) {
        (Ok(()), Some(ink)) => {
            report.pass(names::CHART_DRAWN, describe(&ink));
            return true;
        }
        (_, None) => report.fail(
            names::CHART_DRAWN,
            format!("no element matches {CHART_CANVAS}"),
        ),
        (_, Some(ink)) => report.fail(names::CHART_DRAWN, describe(&ink)),
    }
    false
}

/// Fails when the drawn chart stays pixel-identical while the simulation runs (drawn once,
/// never updated). The app redraws its charts on every beat of a running clock, so a
/// chart that has not changed within `timeout` is not following the run.
fn check_chart_updates(report: &mut Report, page: &mut Page, timeout: Duration) {
    let first = match measure_ink(page, CHART_CANVAS) {
        Ok(Some(ink)) => ink,
        Ok(None) => {
            report.fail(
                names::CHART_UPDATES,
                format!("the drawn chart is gone: no element matches {CHART_CANVAS}"),
            );
            return;
        }
        Err(e) => {
            report.fail(names::CHART_UPDATES, e.to_string());
            return;
        }
    };
    let changed = page.wait_until("the chart pixels to change", timeout, |p| {
        Ok(measure_ink(p, CHART_CANVAS)?.filter(|i| i.checksum != first.checksum))
    });
    match changed {
        Ok(_) => report.pass(names::CHART_UPDATES, format!("{} redrawn", first.testid)),
        Err(e) => report.fail(
            names::CHART_UPDATES,
            format!("{} never changed while playing: {e}", first.testid),
        ),
    }
}

fn check_console(report: &mut Report, page: &mut Page) {
    let logs = match page.console() {
        Ok(logs) => logs.to_vec(),
        Err(e) => {
            report.fail(names::NO_CONSOLE_ERRORS, e.to_string());
            return;
        }
    };
    let errors = severe_messages(&logs);
    if errors.is_empty() {
        report.pass(
            names::NO_CONSOLE_ERRORS,
            format!("{} console messages, none at error level", logs.len()),
        );
    } else {
        report.fail(names::NO_CONSOLE_ERRORS, errors.join(" | "));
    }
    let panics = panic_messages(&logs);
    if panics.is_empty() {
        report.pass(names::NO_PANIC_MESSAGE, "none");
    } else {
        report.fail(names::NO_PANIC_MESSAGE, panics.join(" | "));
    }
}

/// Lists the origin, navigation entries and resource entries the page recorded.
const ORIGINS_JS: &str = r#"
const names = (type) => performance.getEntriesByType(type).map((e) => e.name);
return { origin: location.origin, urls: names('navigation').concat(names('resource')) };
"#;

fn check_origins(report: &mut Report, page: &Page) {
    let value = match page.eval(ORIGINS_JS, &[]) {
        Ok(v) => v,
        Err(e) => {
            report.fail(names::SAME_ORIGIN, e.to_string());
            return;
        }
    };
    let origin = value
        .get("origin")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let urls: Vec<String> = crate::page::strings(value.get("urls"));
    let foreign = foreign_urls(origin, &urls);
    if urls.is_empty() {
        report.fail(names::SAME_ORIGIN, "no performance entries recorded");
    } else if foreign.is_empty() {
        report.pass(
            names::SAME_ORIGIN,
            format!("{} entries, all from {origin}", urls.len()),
        );
    } else {
        report.fail(
            names::SAME_ORIGIN,
            format!("not from {origin}: {}", foreign.join(", ")),
        );
    }
}

fn check_server_log(report: &mut Report, server: &StaticServer) {
    let requests = server.requests();
    let outside = outside_sub_path(server.sub_path(), &requests);
    if requests.is_empty() {
        report.fail(names::UNDER_SUB_PATH, "the server saw no requests");
    } else if outside.is_empty() {
        report.pass(
            names::UNDER_SUB_PATH,
            format!(
                "{} requests, all under {}",
                requests.len(),
                server.sub_path()
            ),
        );
    } else {
        report.fail(
            names::UNDER_SUB_PATH,
            format!("outside {}: {}", server.sub_path(), outside.join(", ")),
        );
    }
    let failed = failed_requests(&requests);
    if failed.is_empty() {
        report.pass(names::REQUESTS_OK, format!("{} requests", requests.len()));
    } else {
        report.fail(names::REQUESTS_OK, failed.join(", "));
    }
}

/// The tick number in a counter's text, reading digits only (`"12,345"` -> 12345);
/// `None` if there are no digits or the number overflows.
pub fn parse_tick(text: &str) -> Option<u64> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        None
    } else {
        digits.parse().ok()
    }
}

/// Messages at Chrome's `SEVERE` level (console errors, uncaught exceptions, failed loads).
pub fn severe_messages(logs: &[LogEntry]) -> Vec<String> {
    logs.iter()
        .filter(|e| e.level.eq_ignore_ascii_case("SEVERE"))
        .map(|e| format!("[{}] {}", e.source, e.message))
        .collect()
}

/// Messages at any level mentioning a Rust panic.
pub fn panic_messages(logs: &[LogEntry]) -> Vec<String> {
    logs.iter()
        .filter(|e| e.message.contains("panicked"))
        .map(|e| format!("[{}] {}", e.level, e.message))
        .collect()
}

/// URLs not served from `origin` (compared up to the path, so `http://h:1` does not
/// accept `http://h:12`).
pub fn foreign_urls(origin: &str, urls: &[String]) -> Vec<String> {
    let prefix = format!("{origin}/");
    urls.iter()
        .filter(|u| origin.is_empty() || !(u.starts_with(&prefix) || u.as_str() == origin))
        .cloned()
        .collect()
}

/// Request paths outside the sub-path (a bare sub-path without trailing slash counts as
/// inside, it only redirects).
pub fn outside_sub_path(sub_path: &str, requests: &[RequestRecord]) -> Vec<String> {
    let bare = sub_path.trim_end_matches('/');
    requests
        .iter()
        .filter(|r| !(r.path().starts_with(sub_path) || (!bare.is_empty() && r.path() == bare)))
        .map(|r| format!("{} {} ({})", r.method, r.target, r.status))
        .collect()
}

/// Requests answered with a client or server error.
pub fn failed_requests(requests: &[RequestRecord]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.status >= 400)
        .map(|r| format!("{} {} -> {}", r.method, r.target, r.status))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(level: &str, message: &str) -> LogEntry {
        LogEntry {
            level: level.to_owned(),
            source: "console-api".to_owned(),
            message: message.to_owned(),
            timestamp_ms: 0.0,
        }
    }

    fn request(target: &str, status: u16) -> RequestRecord {
        RequestRecord {
            method: "GET".to_owned(),
            target: target.to_owned(),
            status,
        }
    }

    #[test]
    fn tick_text_is_read_as_digits_only() {
        assert_eq!(parse_tick("0"), Some(0));
        assert_eq!(parse_tick("12,345"), Some(12_345));
        assert_eq!(parse_tick("tick 1 234 567"), Some(1_234_567));
        assert_eq!(parse_tick("1.002"), Some(1_002));
        assert_eq!(parse_tick(""), None);
        assert_eq!(parse_tick("—"), None);
        assert_eq!(parse_tick("99999999999999999999999"), None);
    }

    #[test]
    fn severe_and_panic_messages_are_picked_out() {
        let logs = [
            log("INFO", "ready"),
            log("WARNING", "slow frame"),
            log("SEVERE", "boom"),
            log("INFO", "panicked at src/sim.rs:10:5: index out of bounds"),
        ];
        assert_eq!(severe_messages(&logs), vec!["[console-api] boom"]);
        let panics = panic_messages(&logs);
        assert_eq!(panics.len(), 1);
        assert!(panics[0].contains("src/sim.rs"));
        assert!(severe_messages(&logs[..2]).is_empty());
    }

    #[test]
    fn foreign_urls_compare_whole_origins() {
        let origin = "http://127.0.0.1:4000";
        let urls = [
            "http://127.0.0.1:4000/driftline/".to_owned(),
            "http://127.0.0.1:4000/driftline/app_bg.wasm".to_owned(),
            "http://127.0.0.1:40001/x.js".to_owned(),
            "https://fonts.example.com/f.woff2".to_owned(),
        ];
        assert_eq!(
            foreign_urls(origin, &urls),
            vec![urls[2].clone(), urls[3].clone()]
        );
        assert_eq!(foreign_urls("", &urls[..1]).len(), 1, "unknown origin");
    }

    #[test]
    fn requests_outside_the_sub_path_and_failures_are_listed() {
        let requests = [
            request("/driftline/", 200),
            request("/driftline", 301),
            request("/driftline/app.js?v=1", 200),
            request("/favicon.ico", 404),
            request("/driftline/missing.css", 404),
        ];
        assert_eq!(
            outside_sub_path("/driftline/", &requests),
            vec!["GET /favicon.ico (404)"]
        );
        assert!(outside_sub_path("/", &requests).is_empty());
        assert_eq!(
            failed_requests(&requests),
            vec![
                "GET /favicon.ico -> 404",
                "GET /driftline/missing.css -> 404"
            ]
        );
    }

    #[test]
    fn ink_fraction_handles_empty_and_drawn_canvases() {
        let drawn = Ink::from_json(&json!({
            "testid": "chart-loss", "width": 100, "height": 50, "differing": 250,
            "checksum": -7
        }));
        assert_eq!(drawn.as_ref().map(Ink::fraction), Some(0.05));
        assert_eq!(drawn.map(|i| i.checksum), Some(-7));
        let empty = Ink::from_json(&json!({"testid": "chart-x", "width": 0, "height": 0}));
        assert_eq!(empty.map(|i| i.fraction()), Some(0.0));
        assert_eq!(Ink::from_json(&Value::Null), None);
    }
}
