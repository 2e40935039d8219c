//! Checks of the run's timeline (issue 17): scrubbing back shows exactly what a fresh run
//! stopped at that tick shows, the slider answers the keyboard, and seeking is quick (a
//! browser figure over a 30-simulated-day run, and the time from moving the slider to the
//! lab showing the tick).

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

mod branch;

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
    /// A branched run at 1366 px: original and branch side by side in the compare page's
    /// columns, the divergence marked on both timelines.
    pub const SIDE_BY_SIDE: &str =
        "timeline: a branch sits beside the original, the fork marked on both";
    /// Scrubbed back, the timeline still marks the whole run's events (later ones dimmer),
    /// alarms from before the chart history included.
    pub const LATER: &str = "timeline: looking back keeps the whole run's events marked";
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
    record(
        &mut report,
        names::BRANCH,
        branch::branch(page, out, &mut link),
    );
    record(&mut report, names::LINK, link);
    record(&mut report, names::MESSAGE, branch::messages(page));
    record(&mut report, names::SIDE_BY_SIDE, branch::side_by_side(page));
    record(&mut report, names::LATER, later(page));
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

/// The data-drift lesson's link at `tick` (its lamp dims at 1,500).
fn drift_link(tick: u64) -> String {
    format!("?v=1&ch=drift&lesson=data-drift&t={tick}#/drift")
}

/// Opens `address` fresh and waits for its lab to settle at `tick`.
fn open_link(page: &mut Page, address: &str, tick: u64) -> Result<Value> {
    page.goto("about:blank")?;
    page.goto(address)?;
    page.wait_for(SLIDER, TIMEOUT)?;
    settled(page, tick)
}

fn open_at(page: &mut Page, tick: u64) -> Result<Value> {
    open_link(page, &link(tick), tick)
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

/// The alarm marks of the main timeline: (tick, later) from their titles.
const ALARM_MARKS_JS: &str = r#"
return [...document.querySelectorAll('[data-testid="timeline"] .timeline-mark-alarm')].map((m) => {
  const later = m.classList.contains('timeline-mark-later');
  const tick = Number((m.getAttribute('title') || '').replace(/^later, /, '').replace(/^tick (\d+):.*$/, '$1'));
  return [tick, later];
});
"#;

fn alarm_marks(page: &mut Page) -> Result<Vec<(u64, bool)>> {
    let v = page.eval(ALARM_MARKS_JS, &[])?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| Some((m[0].as_f64()? as u64, m[1].as_bool()?)))
                .collect()
        })
        .unwrap_or_default())
}

/// The data-drift lesson at tick 8,000: its brightness alarm fired near 1,514, before the
/// 4,096 ticks the charts hold, and is still marked; scrubbed back to 1,000, it stays
/// marked as later.
fn later(page: &mut Page) -> Result<String> {
    let newest = 8_000;
    open_link(page, &drift_link(newest), newest)?;
    let at_newest = alarm_marks(page)?;
    let window_start = newest - 4_096;
    if !at_newest
        .iter()
        .any(|&(t, later)| t < window_start && !later)
    {
        return Err(Error::new(format!(
            "at tick {newest} no alarm before tick {window_start} is marked: {at_newest:?}"
        )));
    }
    let back = 1_000;
    page.eval(SET_SLIDER_JS, &[json!(SLIDER), json!(back)])?;
    settled(page, back)?;
    let at_back = alarm_marks(page)?;
    let later: Vec<u64> = at_back.iter().filter(|m| m.1).map(|m| m.0).collect();
    if later.is_empty() || later.iter().any(|&t| t <= back) || later.len() != at_newest.len() {
        return Err(Error::new(format!(
            "scrubbed back to {back}: alarm marks {at_back:?}, at the newest tick {at_newest:?}"
        )));
    }
    Ok(format!(
        "{} alarm marks at tick {newest} (the first at {}, before the charts' window from {window_start}); at tick {back} all {} still marked, as later",
        at_newest.len(),
        at_newest.first().map_or(0, |m| m.0),
        later.len()
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
