//! The branch checks of [`super`]: a branch and the original each equal a fresh run of
//! their own action list, the branch's link replays both, the screenshot of a branched run,
//! and the postMessage `seek` and `branch` of an embedded widget.

use std::path::Path;

use serde_json::{json, Value};

use super::{drift_link, open_at, open_link, settled, LONG, SET_SLIDER_JS, SLIDER, TIMEOUT};
use crate::checks::parse_tick;
use crate::error::{Error, Result};
use crate::page::Page;

/// The counters of one side: the lab's own stage (`:scope > .lab-lead > .lab-stage`, or,
/// with a branch open, the stage in the first of the compare columns) keeps the original's
/// own, not the branch's.
const SIDE_JS: &str = r#"
const root = document.querySelector(arguments[0]);
if (!root) { return null; }
const stage = ':is(:scope > .lab-lead > .lab-stage, :scope > .compare-sides > .lab-stage)';
const tick = root.querySelector(stage + ' [data-testid$="tick"]');
const stats = [...root.querySelectorAll(stage + ' .stat-row > span')]
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

pub(super) fn branch(page: &mut Page, out: &Path, link: &mut Result<String>) -> Result<String> {
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
    open_link(page, &drift_link(newest), newest)?;
    page.eval(SET_SLIDER_JS, &[json!(SLIDER), json!(at)])?;
    settled(page, at)?;
    click(page, r#"[data-testid="branch"]"#)?;
    page.wait_for(BRANCH_LAB, TIMEOUT)?;
    side(page, BRANCH_LAB, at)?;
    click(page, r#"[data-testid="branch-quick-retrain"]"#)?;
    step(page, r#"[data-testid="branch-step"]"#, played)?;
    step(page, r#"[data-testid="step"]"#, played)?;
    side(page, BRANCH_LAB, at + played)?;
    // Both columns from their headings down.
    page.eval(
        "const c = document.querySelector('[data-testid=\"branch-compare\"]'); if (c) { c.scrollIntoView({block: 'start'}); window.scrollBy(0, -64); }",
        &[],
    )?;
    let shot = out.join("branch-1366.png");
    page.screenshot(&shot)?;
    page.set_viewport_size(390, 844)?;
    page.eval(
        "const c = document.querySelector('[data-testid=\"branch-compare\"]'); if (c) { c.scrollIntoView({block: 'start'}); window.scrollBy(0, -64); }",
        &[],
    )?;
    page.screenshot(&out.join("branch-390.png"))?;
    page.set_viewport_size(1366, 768)?;
    Ok(shot)
}

/// Where the two columns of a branched run sit and what their timelines mark.
const LAYOUT_JS: &str = r#"
const box = (css) => { const e = document.querySelector(css); if (!e) { return null; } const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, width: r.width }; };
const diverged = (css) => document.querySelectorAll(css + ' .timeline-diverged').length;
return {
  original: box('[data-testid="branch-compare"] > [data-testid="original-side"]'),
  branch: box('[data-testid="branch-compare"] > [data-testid="branch-side"]'),
  marks: [diverged('[data-testid="timeline"]'), diverged('[data-testid="branch-timeline"]')],
  scroll: document.documentElement.scrollWidth,
};
"#;

/// At 1366 px a branched run shows the original and the branch side by side, in the
/// compare page's columns, the fork marked on both timelines.
pub(super) fn side_by_side(page: &mut Page) -> Result<String> {
    open_at(page, LONG)?;
    page.eval(SET_SLIDER_JS, &[json!(SLIDER), json!(BRANCH_AT)])?;
    settled(page, BRANCH_AT)?;
    click(page, r#"[data-testid="branch"]"#)?;
    page.wait_for(BRANCH_LAB, TIMEOUT)?;
    side(page, BRANCH_LAB, BRANCH_AT)?;
    let v = page.eval(LAYOUT_JS, &[])?;
    let f = |side: &str, key: &str| v[side][key].as_f64().unwrap_or(f64::NAN);
    let beside = f("original", "right") <= f("branch", "left") + 1.0
        && (f("original", "top") - f("branch", "top")).abs() < 40.0
        && f("original", "width") > 400.0
        && f("branch", "width") > 400.0
        && f("branch", "right") <= 1366.0;
    let marked = v["marks"] == json!([1, 1]);
    let detail = format!(
        "original column x {:.0}-{:.0}, branch column x {:.0}-{:.0} (tops {:.0} / {:.0}), divergence marks on the timelines {}, page width {}",
        f("original", "left"), f("original", "right"), f("branch", "left"), f("branch", "right"),
        f("original", "top"), f("branch", "top"), v["marks"], v["scroll"]
    );
    if beside && marked {
        Ok(detail)
    } else {
        Err(Error::new(detail))
    }
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
pub(super) fn messages(page: &mut Page) -> Result<String> {
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
