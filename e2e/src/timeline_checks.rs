//! Checks of the run's timeline (issue 17): scrubbing back shows exactly what a fresh run
//! stopped at that tick shows, the slider answers the keyboard, and seeking is quick (a
//! browser figure over a 30-simulated-day run, and the time from moving the slider to the
//! lab showing the tick).

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::checks::parse_tick;
use crate::error::{Error, Result};
use crate::page::Page;
use crate::report::Report;

/// Check names.
pub mod names {
    /// Scrubbing back shows the counters and chart readouts of a fresh run at that tick.
    pub const SCRUB: &str = "timeline: scrubbing back equals a fresh run stopped there";
    /// Home, End and the arrows move the slider and the lab.
    pub const KEYS: &str = "timeline: the slider answers Home, End and the arrows";
    /// A branch from a past tick, with another action, and the original, played on: each
    /// equals a fresh run of its own action list.
    pub const BRANCH: &str = "timeline: a branch and the original equal two fresh runs";
    /// "Copy link" with a branch open, opened fresh, shows both runs as they were.
    pub const LINK: &str = "timeline: a branch's link replays both runs";
    /// An embedding page's `driftline:seek` moves the widget back; `driftline:branch`
    /// answers without breaking it.
    pub const MESSAGE: &str = "timeline: postMessage seek and branch drive the widget";
    /// Seek latency in the release wasm (30-day run) and from slider to shown tick.
    pub const LATENCY: &str = "timeline: seeking in a 30-day run takes at most 100 ms";
}

/// Longest a seek may take (median and 95th percentile), issue 17's target.
pub const MAX_SEEK_MS: f64 = 100.0;

const TIMEOUT: Duration = Duration::from_secs(60);
const SLIDER: &str = r#"[data-testid="timeline-slider"]"#;
const LONG: u64 = 1_500;
const BACK_TO: u64 = 600;

/// The lab's readouts: the counters and each chart's caption (its latest value).
const READOUTS_JS: &str = r#"
const root = document.querySelector('[data-testid="lab"]');
if (!root) { return null; }
const values = {};
root.querySelectorAll('.stat-row > span').forEach((s, i) => {
  values['stat ' + i] = s.textContent.trim().replace(/\s+/g, ' ');
});
for (const c of root.querySelectorAll('canvas[data-testid^="chart-"]')) {
  const caption = c.closest('figure') && c.closest('figure').querySelector('figcaption');
  values[c.dataset.testid] = caption ? caption.textContent : '(no caption)';
}
const tick = root.querySelector('[data-testid="tick"]');
const busy = !!root.querySelector('[data-testid="ff-progress"]');
return { tick: tick ? tick.textContent : '', busy, values };
"#;

const SET_SLIDER_JS: &str = r#"
const e = document.querySelector(arguments[0]);
if (!e) { return false; }
e.value = String(arguments[1]);
e.dispatchEvent(new Event('input', { bubbles: true }));
return true;
"#;

/// Seeks `arguments[1]` ticks (a list) one after another through the slider, each timed
/// from the input event to the frame that shows the tick.
const TIMED_SEEKS_JS: &str = r#"
const [css, targets, done] = arguments;
const slider = document.querySelector(css);
const tick = () => document.querySelector('[data-testid="tick"]').textContent.replace(/\D/g, '');
const times = [];
const next = (i) => {
  if (i >= targets.length) { done(times); return; }
  const t0 = performance.now();
  slider.value = String(targets[i]);
  slider.dispatchEvent(new Event('input', { bubbles: true }));
  const wait = () => {
    if (tick() === String(targets[i])) { times.push(performance.now() - t0); next(i + 1); }
    else if (performance.now() - t0 > 5000) { done({ stuck: targets[i], shown: tick() }); }
    else { requestAnimationFrame(wait); }
  };
  requestAnimationFrame(wait);
};
next(0);
"#;

/// Runs every check of this module at 1366 x 768.
pub fn run_timeline_checks(page: &mut Page, out: &Path) -> Report {
    let mut report = Report::new();
    if let Err(e) = page.set_viewport_size(1366, 768) {
        report.fail(names::SCRUB, format!("could not size the window: {e}"));
        return report;
    }
    record(&mut report, names::SCRUB, scrub(page));
    record(&mut report, names::KEYS, keys(page));
    let mut link = Err(Error::new(
        "the branch check stopped before the link was copied",
    ));
    record(&mut report, names::BRANCH, branch(page, out, &mut link));
    record(&mut report, names::LINK, link);
    record(&mut report, names::MESSAGE, messages(page));
    record(&mut report, names::LATENCY, latency(page));
    report
}

fn record(report: &mut Report, name: &str, outcome: Result<String>) {
    match outcome {
        Ok(detail) => report.pass(name, detail),
        Err(e) => report.fail(name, e.to_string()),
    }
}

fn link(tick: u64) -> String {
    format!("?v=1&seed=7&t={tick}#/sandbox")
}

/// The readouts once the lab shows `tick` and no fast-forward runs.
fn settled(page: &mut Page, tick: u64) -> Result<Value> {
    page.wait_until(&format!("the lab to show tick {tick}"), TIMEOUT, |p| {
        let value = p.eval(READOUTS_JS, &[])?;
        let shown = value
            .get("tick")
            .and_then(Value::as_str)
            .and_then(parse_tick);
        let busy = value.get("busy").and_then(Value::as_bool).unwrap_or(true);
        Ok((shown == Some(tick) && !busy).then(|| value["values"].clone()))
    })
}

fn open_at(page: &mut Page, tick: u64) -> Result<Value> {
    page.goto("about:blank")?;
    page.goto(&link(tick))?;
    page.wait_for(SLIDER, TIMEOUT)?;
    settled(page, tick)
}

fn scrub(page: &mut Page) -> Result<String> {
    open_at(page, LONG)?;
    if page.eval(SET_SLIDER_JS, &[json!(SLIDER), json!(BACK_TO)])? != json!(true) {
        return Err(Error::new("no timeline slider"));
    }
    let scrubbed = settled(page, BACK_TO)?;
    let text = page.eval(
        "return document.querySelector(arguments[0]).getAttribute('aria-valuetext');",
        &[json!(SLIDER)],
    )?;
    let text = text.as_str().unwrap_or_default().to_owned();
    if !text.starts_with(&format!("Tick {BACK_TO} of {LONG}")) {
        return Err(Error::new(format!("the slider's value text is {text:?}")));
    }
    let fresh = open_at(page, BACK_TO)?;
    let differences = differences(&scrubbed, &fresh);
    if !differences.is_empty() {
        return Err(Error::new(format!(
            "scrubbed from {LONG} to {BACK_TO}, the lab differs from a fresh run stopped at {BACK_TO}: {}",
            differences.join("; ")
        )));
    }
    let count = scrubbed.as_object().map_or(0, serde_json::Map::len);
    Ok(format!(
        "{count} readouts (counters, chart captions) equal after scrubbing {LONG} -> {BACK_TO}; value text {text:?}"
    ))
}

fn differences(a: &Value, b: &Value) -> Vec<String> {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return vec!["no readouts".to_owned()];
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| format!("{k}: scrubbed {:?} vs fresh {:?}", a.get(k), b.get(k)))
        .collect()
}

fn press(page: &Page, key: &str) -> Result<()> {
    let element = page.session().find(SLIDER)?;
    page.session().command(
        "POST",
        &format!("/element/{}/value", element.id()),
        Some(&json!({ "text": key })),
    )?;
    Ok(())
}

fn keys(page: &mut Page) -> Result<String> {
    open_at(page, LONG)?;
    press(page, "\u{E011}")?; // Home
    settled(page, 0)?;
    press(page, "\u{E014}")?; // Arrow right
    settled(page, 1)?;
    press(page, "\u{E010}")?; // End
    settled(page, LONG)?;
    press(page, "\u{E012}")?; // Arrow left
    settled(page, LONG - 1)?;
    Ok(format!(
        "Home -> 0, Right -> 1, End -> {LONG}, Left -> {}",
        LONG - 1
    ))
}

fn latency(page: &mut Page) -> Result<String> {
    open_at(page, LONG)?;
    let figures = page.eval(
        "return window.wasmBindings && window.wasmBindings.bench_seek ? Array.from(window.wasmBindings.bench_seek(30, 50)) : null;",
        &[],
    )?;
    let figure = |i: usize| figures.get(i).and_then(Value::as_f64).unwrap_or(f64::NAN);
    if figures.is_null() {
        return Err(Error::new("the wasm exports no bench_seek"));
    }
    let (median, p95, max, ticks) = (figure(0), figure(1), figure(2), figure(3));
    let (copies, spacing) = (figure(4), figure(5));
    let grown_mb = (figure(7) - figure(6)) / 1e6;
    // The slider over a long run in the page: from the input event to the frame showing it.
    let long = 100_000;
    open_at(page, long)?;
    let targets: Vec<u64> = (0..20).map(|i| (i * 7_919 * 13) % long).collect();
    page.session()
        .set_script_timeout(Duration::from_secs(150))?;
    let times = page.eval_async(TIMED_SEEKS_JS, &[json!(SLIDER), json!(targets)])?;
    let mut ui: Vec<f64> = times
        .as_array()
        .ok_or_else(|| Error::new(format!("a seek did not show: {times}")))?
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    ui.sort_by(f64::total_cmp);
    let ui_median = ui.get(ui.len() / 2).copied().unwrap_or(f64::NAN);
    let ui_p95 = ui.get(ui.len() * 19 / 20).copied().unwrap_or(f64::NAN);
    let detail = format!(
        "release wasm, data-drift lesson, 30 days ({ticks} ticks), 50 random seeks: median {median:.1} ms, p95 {p95:.1} ms, max {max:.1} ms; {copies} copies every {spacing} ticks, wasm memory grew {grown_mb:.1} MB over the run; in the page, slider to painted tick over a {long}-tick run, 20 seeks: median {ui_median:.1} ms, p95 {ui_p95:.1} ms"
    );
    if median <= MAX_SEEK_MS && p95 <= MAX_SEEK_MS && ui_p95 <= MAX_SEEK_MS * 2.0 {
        Ok(detail)
    } else {
        Err(Error::new(detail))
    }
}

/// The counters of one side: `:scope > .lab-stage` keeps the original's own, not the
/// branch's inside it.
const SIDE_JS: &str = r#"
const root = document.querySelector(arguments[0]);
if (!root) { return null; }
const tick = root.querySelector(':scope > .lab-stage [data-testid$="tick"]');
const stats = [...root.querySelectorAll(':scope > .lab-stage .stat-row > span')]
  .map((s) => s.textContent.trim().replace(/\s+/g, ' '));
return { tick: tick ? tick.textContent : '', stats };
"#;

const ORIGINAL: &str = r#"[data-testid="lab"]"#;
const BRANCH_LAB: &str = r#"[data-testid="branch-lab"]"#;
const BRANCH_AT: u64 = 600;
const PLAYED: u64 = 40;

fn side(page: &mut Page, root: &str, tick: u64) -> Result<Value> {
    page.wait_until(&format!("{root} to show tick {tick}"), TIMEOUT, |p| {
        let value = p.eval(SIDE_JS, &[json!(root)])?;
        let shown = value
            .get("tick")
            .and_then(Value::as_str)
            .and_then(parse_tick);
        Ok((shown == Some(tick)).then(|| value["stats"].clone()))
    })
}

/// Clicks `css` from a script: the timeline sits at the foot of the stage, which on a wide
/// screen scrolls inside itself, where WebDriver's own click cannot always reach.
fn click(page: &Page, css: &str) -> Result<()> {
    let clicked = page.eval(
        "const e = document.querySelector(arguments[0]); if (!e || e.disabled) { return false; } e.scrollIntoView({block: 'nearest'}); e.click(); return true;",
        &[json!(css)],
    )?;
    if clicked == json!(true) {
        Ok(())
    } else {
        Err(Error::new(format!("no enabled {css} to click")))
    }
}

fn step(page: &mut Page, css: &str, times: u64) -> Result<()> {
    for _ in 0..times {
        click(page, css)?;
    }
    Ok(())
}

fn branch(page: &mut Page, out: &Path, link: &mut Result<String>) -> Result<String> {
    open_at(page, LONG)?;
    page.eval(SET_SLIDER_JS, &[json!(SLIDER), json!(BRANCH_AT)])?;
    settled(page, BRANCH_AT)?;
    click(page, r#"[data-testid="branch"]"#)?;
    page.wait_for(BRANCH_LAB, TIMEOUT)?;
    let at_fork = side(page, BRANCH_LAB, BRANCH_AT)?;
    let original_at_fork = side(page, ORIGINAL, BRANCH_AT)?;
    if at_fork != original_at_fork {
        return Err(Error::new(format!(
            "at the fork the branch shows {at_fork} and the original {original_at_fork}"
        )));
    }
    click(page, r#"[data-testid="branch-quick-level-human"]"#)?;
    step(page, r#"[data-testid="branch-step"]"#, PLAYED)?;
    step(page, r#"[data-testid="step"]"#, PLAYED)?;
    let end = BRANCH_AT + PLAYED;
    let branched = side(page, BRANCH_LAB, end)?;
    let original = side(page, ORIGINAL, end)?;
    *link = round_trip(page, end, &original, &branched);
    let fresh_original = {
        open_at(page, end)?;
        side(page, ORIGINAL, end)?
    };
    let fresh_branch = {
        page.goto("about:blank")?;
        page.goto(&format!(
            "?v=1&seed=7&act=auto:human@{BRANCH_AT}&t={end}#/sandbox"
        ))?;
        settled(page, end)?;
        side(page, ORIGINAL, end)?
    };
    if original != fresh_original || branched != fresh_branch {
        return Err(Error::new(format!(
            "original {original} vs fresh {fresh_original}; branch {branched} vs fresh {fresh_branch}"
        )));
    }
    let parted = if branched == original {
        "the counters still agree"
    } else {
        "the counters differ"
    };
    Ok(format!(
        "{parted}; forked at {BRANCH_AT}, human only on the branch, both played {PLAYED} ticks: original {original} = fresh run; branch {branched} = fresh run of act=auto:human@{BRANCH_AT}; screenshot {}",
        screenshot(page, out)?.display()
    ))
}

/// `branch-1366.png`: the data-drift lesson rewound to after the lamp dimmed, branched,
/// a retrain on the branch, both played on; both timelines in view.
fn screenshot(page: &mut Page, out: &Path) -> Result<std::path::PathBuf> {
    let (newest, at, played) = (3_000, 1_900, 150);
    page.goto("about:blank")?;
    page.goto(&format!(
        "?v=1&ch=drift&lesson=data-drift&t={newest}#/drift"
    ))?;
    page.wait_for(SLIDER, TIMEOUT)?;
    settled(page, newest)?;
    page.eval(SET_SLIDER_JS, &[json!(SLIDER), json!(at)])?;
    settled(page, at)?;
    click(page, r#"[data-testid="branch"]"#)?;
    page.wait_for(BRANCH_LAB, TIMEOUT)?;
    side(page, BRANCH_LAB, at)?;
    click(page, r#"[data-testid="branch-quick-retrain"]"#)?;
    step(page, r#"[data-testid="branch-step"]"#, played)?;
    step(page, r#"[data-testid="step"]"#, played)?;
    side(page, BRANCH_LAB, at + played)?;
    // Both timelines in view: the original's at the foot of its (scrolling) stage, the
    // branch's at the foot of the branch.
    page.eval(
        "const stage = document.querySelector('[data-testid=\"lab\"] > .lab-stage'); if (stage) { stage.scrollTop = stage.scrollHeight; } const t = document.querySelector('[data-testid=\"branch-timeline\"]'); if (t) { t.scrollIntoView({block: 'end'}); }",
        &[],
    )?;
    let shot = out.join("branch-1366.png");
    page.screenshot(&shot)?;
    Ok(shot)
}

/// Copies the link with the branch open and opens it fresh: both sides as they were.
fn round_trip(page: &mut Page, end: u64, original: &Value, branched: &Value) -> Result<String> {
    click(page, r#"[data-testid="copy-link"]"#)?;
    let copied = page.wait_until("the copied link", TIMEOUT, |p| {
        let v = p.eval(
            "const e = document.querySelector('[data-testid=\"share-link\"]'); return e ? e.value : null;",
            &[],
        )?;
        Ok(v.as_str().filter(|s| s.contains("fork=")).map(str::to_owned))
    })?;
    page.goto("about:blank")?;
    page.goto(&copied)?;
    page.wait_for(BRANCH_LAB, TIMEOUT)?;
    let again_original = side(page, ORIGINAL, end)?;
    let again_branch = side(page, BRANCH_LAB, end)?;
    if &again_original != original || &again_branch != branched {
        return Err(Error::new(format!(
            "{copied} shows original {again_original} (was {original}) and branch {again_branch} (was {branched})"
        )));
    }
    Ok(format!(
        "{copied} reopens both runs at tick {end} with the same counters"
    ))
}

/// The widget's tick, read inside the host page's frame.
fn frame_tick(page: &Page) -> Result<Option<u64>> {
    let session = page.session();
    let frame = session.find("#dl")?;
    session.command("POST", "/frame", Some(&json!({ "id": frame.to_json() })))?;
    let text = page.text_content(r#"[data-testid="tick"]"#);
    session.command("POST", "/frame", Some(&json!({ "id": null })))?;
    Ok(text?.as_deref().and_then(parse_tick))
}

/// `host.html` (the e2e's host page, `share_checks::HOST_PAGE`) embeds the dashboard,
/// which opens some hundred ticks into its run: a seek message moves it back to tick 50,
/// and a branch message from there leaves it at tick 50, still answering.
fn messages(page: &mut Page) -> Result<String> {
    page.goto("about:blank")?;
    page.goto(crate::share_checks::HOST_PAGE)?;
    page.wait_for("#dl", TIMEOUT)?;
    let opened = page.wait_until("the widget to open past tick 50", TIMEOUT, |p| {
        Ok(frame_tick(p)?.filter(|t| *t > 50))
    })?;
    page.eval("window.__post({ type: 'driftline:seek', tick: 50 });", &[])?;
    page.wait_until("the widget to show tick 50", TIMEOUT, |p| {
        Ok((frame_tick(p)? == Some(50)).then_some(()))
    })?;
    page.eval(
        "window.__post({ type: 'driftline:branch', tick: 50 });",
        &[],
    )?;
    page.eval("window.__post({ type: 'driftline:seek', tick: 20 });", &[])?;
    page.wait_until("the widget to show tick 20 after a branch", TIMEOUT, |p| {
        Ok((frame_tick(p)? == Some(20)).then_some(()))
    })?;
    Ok(format!(
        "the widget opened at tick {opened}; seek 50 showed tick 50; after branch 50, seek 20 showed tick 20"
    ))
}
