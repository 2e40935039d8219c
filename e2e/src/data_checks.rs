//! Checks of the "Your data" page (`#/data`): the sample loads and every numeric detector
//! fires after its lamp dims; hostile files set on the file input (as a reader would pick
//! them) each show a visible message naming the problem, and the page keeps working after
//! each; pasted text runs; a large run can be cancelled while the page answers; and no
//! request reaches the server while files are checked.
//!
//! Every check fails when what it looks at is missing: a missing test id is a failure,
//! never a skip.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::page::Page;
use crate::report::Report;
use crate::static_server::StaticServer;

/// Check names.
pub mod names {
    /// The sample loads, runs, and ADWIN and KSWIN fire.
    pub const SAMPLE: &str = "data: the sample shows firings and statistics";
    /// Each hostile file gives a visible message and the page still runs the sample after.
    pub const HOSTILE: &str = "data: hostile files get visible messages, the page keeps working";
    /// Pasted text is checked.
    pub const PASTE: &str = "data: pasted text is checked";
    /// A 1,000,000-row file shows progress, the page never pauses 250 ms, and a run can be
    /// cancelled.
    pub const CANCEL: &str = "data: a large run shows progress and can be cancelled";
    /// Checking files makes no request.
    pub const NO_REQUEST: &str = "data: checking files sends no request";
}

const TIMEOUT: Duration = Duration::from_secs(30);
const ERROR_OR_NOTE: &str =
    r#"[data-testid="data-load-error"], [data-testid="data-error"], [data-testid="data-note"]"#;

/// Hostile files: name, bytes, and a piece of the message the page must show.
fn hostile_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        ("empty.csv", Vec::new(), "empty"),
        ("header-only.csv", b"x,y\n".to_vec(), "no data rows"),
        (
            "bom-semicolon-quoted.csv",
            b"\xEF\xBB\xBFname;x\n\"a;b\";1\n\"c\nd\";1\ne;1\nf;1\ng;1\nh;1\ni;1\nj;1\n".to_vec(),
            "every value in the column is 1",
        ),
        (
            "ragged.csv",
            b"a,x\n1,2\n3,4\n5\n6,7\n".to_vec(),
            "data row 2 (line 4) has 1 field",
        ),
        (
            "bad-cells.csv",
            b"x\n1\n2\nabc\ninf\n3\n4\n".to_vec(),
            "data row 2 (line 4)",
        ),
        ("utf16.csv", b"\xFF\xFEx\x00\n\x00".to_vec(), "UTF-16"),
        (
            "one-value.csv",
            b"x\n5\n5\n5\n5\n5\n5\n5\n5\n".to_vec(),
            "every value in the column is 5",
        ),
        (
            "text-only.csv",
            b"name\nalpha\nbeta\n".to_vec(),
            "no column holds numbers",
        ),
    ]
}

/// Runs every check of this module; hostile files are written under `out_dir`.
pub fn run_data_checks(page: &mut Page, server: &StaticServer, out_dir: &Path) -> Report {
    let mut report = Report::new();
    let _ = page.set_viewport_size(1366, 900);
    record(&mut report, names::SAMPLE, sample(page));
    record(&mut report, names::HOSTILE, hostile(page, out_dir));
    record(&mut report, names::PASTE, paste(page));
    record(&mut report, names::CANCEL, cancel(page, out_dir));
    record(
        &mut report,
        names::NO_REQUEST,
        no_request(page, server, out_dir),
    );
    report
}

fn record(report: &mut Report, name: &str, result: Result<String>) {
    match result {
        Ok(detail) => report.pass(name, detail),
        Err(e) => report.fail(name, e.to_string()),
    }
}

/// Opens the page fresh and waits for its file input.
pub(crate) fn open(page: &mut Page) -> Result<()> {
    page.goto("about:blank")?;
    page.goto("#/data")?;
    page.wait_for(r#"[data-testid="data-file"]"#, TIMEOUT)
        .map(|_| ())
}

/// Waits for a finished run and returns the firings table's text.
pub(crate) fn wait_done(page: &mut Page) -> Result<String> {
    page.wait_for(r#"[data-testid="data-done"]"#, TIMEOUT)?;
    page.wait_for(r#"canvas[data-testid="data-lanes"]"#, TIMEOUT)?;
    page.text(r#"[data-testid="data-firings"]"#)
}

/// The number of firings in a detector's row of the table.
pub(crate) fn firings(page: &Page, detector: &str) -> Result<u64> {
    let row = page.text(&format!(r#"[data-testid="data-firings-{detector}"] td"#))?;
    row.trim()
        .parse()
        .map_err(|_| Error::new(format!("{detector}: firings cell reads {row:?}")))
}

fn sample(page: &mut Page) -> Result<String> {
    open(page)?;
    let privacy = page.text(r#"[data-testid="data-privacy"]"#)?;
    if !privacy.contains("never leaves this browser") {
        return Err(Error::new(format!("privacy line reads {privacy:?}")));
    }
    page.click(r#"[data-testid="data-sample"]"#)?;
    wait_done(page)?;
    let (adwin, kswin) = (firings(page, "adwin")?, firings(page, "kswin")?);
    let ddm = page.text(r#"[data-testid="data-firings-ddm"] td"#)?;
    if adwin == 0 || kswin == 0 {
        return Err(Error::new(format!(
            "ADWIN {adwin}, KSWIN {kswin} firings on the sample"
        )));
    }
    let charts = page.count(r#"[data-testid="data-results"] canvas"#)?;
    if charts < 7 {
        return Err(Error::new(format!(
            "{charts} charts in the results (column, lanes, 4 statistics, histograms)"
        )));
    }
    let summary = page.text(r#"[data-testid="data-summary"]"#)?;
    Ok(format!(
        "ADWIN {adwin}, KSWIN {kswin}, DDM {ddm}; {charts} charts; {summary}"
    ))
}

/// Sets `path` on the page's file input, as a reader picking it would.
pub(crate) fn pick_file(page: &Page, path: &Path) -> Result<()> {
    page.pick_file(r#"[data-testid="data-file"]"#, path)
}

fn hostile(page: &mut Page, out_dir: &Path) -> Result<String> {
    let dir = out_dir.join("data-files");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::new(format!("creating {}: {e}", dir.display())))?;
    let mut seen = Vec::new();
    for (name, bytes, expect) in hostile_files() {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).map_err(|e| Error::new(format!("writing {name}: {e}")))?;
        let path = path.canonicalize().unwrap_or(path);
        open(page)?;
        pick_file(page, &path)?;
        let message = page.wait_until(&format!("a message for {name}"), TIMEOUT, |p| {
            let text: Value = p.eval(
                "return Array.from(document.querySelectorAll(arguments[0])).filter(e => e.offsetParent !== null).map(e => e.textContent).join(' | ');",
                &[json!(ERROR_OR_NOTE)],
            )?;
            Ok(text.as_str().filter(|t| !t.is_empty()).map(str::to_owned))
        })?;
        if !message.contains(expect) {
            return Err(Error::new(format!(
                "{name}: expected {expect:?}, the page says {message:?}"
            )));
        }
        // Still working: the sample runs after it.
        page.click(r#"[data-testid="data-sample"]"#)?;
        wait_done(page).map_err(|e| Error::new(format!("after {name}: {e}")))?;
        seen.push(format!("{name}: {message:.70}"));
    }
    Ok(seen.join("; "))
}

/// Puts `text` in the paste box and asks for it to be checked.
fn paste_text(page: &Page, text_js: &str) -> Result<()> {
    page.eval(
        &format!(
            "const d = document.querySelector('.data-paste'); d.open = true; \
             const t = document.querySelector('[data-testid=\"data-paste\"]'); t.value = {text_js}; \
"
        ),
        &[],
    )?;
    page.click(r#"[data-testid="data-paste-check"]"#)
}

fn paste(page: &mut Page) -> Result<String> {
    open(page)?;
    paste_text(
        page,
        r#""when;value\n1;0,5\n2;0.5\n3;0.6\n4;0.55\n5;9\n6;9.5\n""#,
    )?;
    let name = page
        .wait_for(r#"[data-testid="data-file-name"]"#, TIMEOUT)
        .and_then(|_| page.text(r#"[data-testid="data-file-name"]"#))?;
    // The decimal comma stops the run and says so, by row.
    let error = page
        .wait_for(r#"[data-testid="data-error"]"#, TIMEOUT)
        .and_then(|_| page.text(r#"[data-testid="data-error"]"#))?;
    if !name.contains("separator \";\"") || !error.contains("decimal comma") {
        return Err(Error::new(format!("{name} / {error}")));
    }
    Ok(format!("{name} {error:.80}"))
}

/// Watches the page while a run works: whether a progress bar appeared, and the longest
/// gap between 10 ms timer ticks (how long the page could not answer). With `cancel`, the
/// cancel button is pressed as soon as the bar appears.
pub(crate) const WATCH_JS: &str = r#"
const cancel = arguments[0];
if (window.__dataTimer) { clearInterval(window.__dataTimer); }
if (window.__dataObserver) { window.__dataObserver.disconnect(); }
window.__data = { progress: false, maxGap: 0, last: performance.now() };
window.__dataObserver = new MutationObserver(() => {
  const bar = document.querySelector('[data-testid="data-progress"]');
  if (bar && !window.__data.progress) {
    window.__data.progress = true;
    if (cancel) { setTimeout(() => document.querySelector('[data-testid="data-cancel"]').click(), 200); }
  }
});
window.__dataObserver.observe(document.body, { childList: true, subtree: true });
window.__dataTimer = setInterval(() => {
  const now = performance.now();
  window.__data.maxGap = Math.max(window.__data.maxGap, now - window.__data.last);
  window.__data.last = now;
}, 10);
"#;

/// One million rows of one column, a step halfway.
fn million_rows() -> String {
    let mut text = String::from("x\n");
    for i in 0..1_000_000u32 {
        let step = if i > 500_000 { 1.0 } else { 0.0 };
        text.push_str(&format!("{}\n", f64::from(i % 97) / 97.0 + step));
    }
    text
}

pub(crate) fn watched_gap(page: &Page) -> Result<f64> {
    Ok(page
        .eval("return window.__data.maxGap;", &[])?
        .as_f64()
        .unwrap_or(f64::NAN))
}

fn cancel(page: &mut Page, out_dir: &Path) -> Result<String> {
    let path = out_dir.join("data-files").join("million.csv");
    std::fs::write(&path, million_rows())
        .map_err(|e| Error::new(format!("writing {}: {e}", path.display())))?;
    let path = path.canonicalize().unwrap_or(path);
    open(page)?;
    // A million rows to the end: the time it takes and the longest pause.
    page.eval(WATCH_JS, &[json!(false)])?;
    pick_file(page, &path)?;
    page.wait_for(r#"[data-testid="data-done"]"#, Duration::from_secs(120))?;
    let took = page.text(r#"[data-testid="data-done"]"#)?;
    let full_gap = watched_gap(page)?;
    let saw = page.eval("return window.__data.progress;", &[])?;
    // The same rows again, cancelled as soon as the bar shows.
    page.eval(WATCH_JS, &[json!(true)])?;
    pick_file(page, &path)?;
    page.wait_for(r#"[data-testid="data-cancelled"]"#, TIMEOUT)
        .map_err(|e| {
            Error::new(format!(
                "1,000,000 rows: {took} (pause {full_gap:.0} ms); then {e}"
            ))
        })?;
    if page.exists(r#"[data-testid="data-results"]"#)? {
        return Err(Error::new("results shown after cancelling"));
    }
    let gap = watched_gap(page)?.max(full_gap);
    // One slice is about 30 ms of work, plus rendering: 250 ms is "the page answered".
    let froze = gap.is_nan() || gap >= 250.0;
    if saw != json!(true) || froze {
        return Err(Error::new(format!(
            "progress bar seen: {saw}; the page froze for {gap:.0} ms (1,000,000 rows: {took})"
        )));
    }
    Ok(format!(
        "1,000,000 rows: {took} The longest pause of a 10 ms timer: {gap:.0} ms. Cancelled mid-run."
    ))
}

/// Loads the page, then checks the sample, a file and pasted text: the server must see
/// nothing between.
fn no_request(page: &mut Page, server: &StaticServer, out_dir: &Path) -> Result<String> {
    open(page)?;
    // Let late assets land before counting.
    std::thread::sleep(Duration::from_millis(500));
    let loaded = server.requests().len();
    page.click(r#"[data-testid="data-sample"]"#)?;
    wait_done(page)?;
    let path = out_dir.join("data-files").join("ragged.csv");
    pick_file(page, &path.canonicalize().unwrap_or(path))?;
    page.wait_for(r#"[data-testid="data-error"]"#, TIMEOUT)?;
    paste_text(page, r#""x\n1\n2\n3\n4\n5\n6\n7\n8\n""#)?;
    wait_done(page)?;
    let seen: Vec<String> = server
        .requests()
        .iter()
        .skip(loaded)
        .map(|r| r.target.clone())
        .collect();
    if seen.is_empty() {
        Ok(format!("{loaded} request(s) in all to load; none while checking the sample, a file and pasted text"))
    } else {
        Err(Error::new(format!(
            "requests while checking: {}",
            seen.join(", ")
        )))
    }
}
