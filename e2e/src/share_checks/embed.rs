//! The embed checks: `host.html` (see [`super::prepare_site`]) embeds
//! `embed.html?embed=dashboard` (what the embed builder hands a blogger: the widgets' own
//! wasm), which must tell its host its height (a height that fits its
//! document) and start its clock on a `driftline:play` message.

use std::time::Duration;

use serde_json::{json, Value};

use super::{fail_unreported, names, ShareOptions, EMBED_UI, HOST_PAGE};
use crate::checks::{parse_tick, PLAY, TICK};
use crate::error::{Context, Result};
use crate::page::Page;
use crate::report::Report;

/// The host page: embeds the dashboard, records height messages in `window.__heights`
/// (and every `driftline:*` message in `window.__messages`), sizes the iframe from them,
/// and offers `window.__post(message)` to talk to the frame.
pub const HOST_HTML: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Driftline embed host (e2e)</title>
<link rel="icon" href="data:,"></head>
<body>
<h1>Embed host</h1>
<iframe id="dl" src="embed.html?v=1&amp;embed=dashboard" title="Driftline dashboard"
  style="width:100%;height:300px;border:0"></iframe>
<script>
window.__heights = [];
window.__messages = [];
addEventListener('message', (e) => {
  const frame = document.getElementById('dl');
  if (!frame || e.source !== frame.contentWindow) { return; }
  let d = e.data;
  if (typeof d === 'string') { try { d = JSON.parse(d); } catch (_) { return; } }
  if (!d || typeof d.type !== 'string' || !d.type.startsWith('driftline:')) { return; }
  window.__messages.push(d);
  if (d.type === 'driftline:height' && typeof d.height === 'number') {
    window.__heights.push(d.height);
    frame.style.height = d.height + 'px';
  }
});
window.__post = (m) => document.getElementById('dl').contentWindow.postMessage(m, '*');
</script>
</body>
</html>
"#;

/// Switches WebDriver into the first `<iframe>` matching `css` in the current context.
fn enter_frame(page: &Page, css: &str) -> Result<()> {
    let frame = page.session().find(css)?;
    page.session()
        .command("POST", "/frame", Some(&json!({ "id": frame.to_json() })))
        .map(|_| ())
        .context("switching into the iframe")
}

/// Back to the top-level document.
fn leave_frames(page: &Page) -> Result<()> {
    page.session()
        .command("POST", "/frame", Some(&json!({ "id": null })))
        .map(|_| ())
        .context("switching back to the top document")
}

/// The embedded page's tick, read inside the frame (the embedded lab is its page's
/// primary lab, so the id is unprefixed).
fn frame_tick(page: &Page) -> Result<Option<u64>> {
    enter_frame(page, "#dl")?;
    let text = page.text_content(TICK);
    leave_frames(page)?;
    Ok(text?.as_deref().and_then(parse_tick))
}

fn host_messages(page: &Page) -> Result<(Vec<f64>, Vec<String>)> {
    let value = page.eval(
        "return { heights: window.__heights || [], types: (window.__messages || []).map((m) => m.type) };",
        &[],
    )?;
    let heights = value
        .get("heights")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    let types = crate::page::strings(value.get("types"));
    Ok((heights, types))
}

pub(super) fn check_embed(report: &mut Report, page: &mut Page, opts: &ShareOptions) {
    let from = report.results.len();
    let result = embed_steps(report, page, opts);
    // Whatever happened, later checks need the top-level document.
    let _ = leave_frames(page);
    if let Err(e) = result {
        fail_unreported(
            report,
            from,
            &[
                names::EMBED_HEIGHT,
                names::EMBED_HEIGHT_FITS,
                names::EMBED_PLAY,
            ],
            &e.to_string(),
        );
    }
}

fn embed_steps(report: &mut Report, page: &mut Page, opts: &ShareOptions) -> Result<()> {
    page.goto("about:blank")?;
    page.goto(HOST_PAGE)?;
    page.wait_for("#dl", opts.ready_timeout)?;
    // The frame's app needs its own start-up; its embed widget and lab must appear inside.
    let wanted = format!("{EMBED_UI} {PLAY}");
    page.wait_until(
        &format!("{wanted} inside embed.html?embed=dashboard"),
        opts.ready_timeout,
        |p| {
            enter_frame(p, "#dl")?;
            let ready = p.exists(&wanted);
            leave_frames(p)?;
            Ok(ready?.then_some(()))
        },
    )?;
    let first = page.wait_until("a driftline:* message", opts.message_timeout, |p| {
        let (heights, types) = host_messages(p)?;
        Ok((!heights.is_empty() || !types.is_empty()).then_some(()))
    });
    let (heights, types) = host_messages(page)?;
    if let Err(e) = first {
        return Err(e.context("embed.html?embed=dashboard told its host page nothing"));
    }
    // Height messages may follow the ready message; give them the same time.
    let heights = if heights.is_empty() {
        page.wait_until("a driftline:height message", opts.message_timeout, |p| {
            let (h, _) = host_messages(p)?;
            Ok((!h.is_empty()).then_some(h))
        })
        .unwrap_or_default()
    } else {
        heights
    };
    match heights.iter().copied().reduce(f64::max) {
        Some(h) if h > 0.0 => report.pass(
            names::EMBED_HEIGHT,
            format!(
                "{} height message(s), latest {:?} px; messages {types:?}",
                heights.len(),
                heights.last()
            ),
        ),
        Some(h) => report.fail(
            names::EMBED_HEIGHT,
            format!("height messages but none positive (max {h})"),
        ),
        None => report.fail(
            names::EMBED_HEIGHT,
            format!("no driftline:height message; messages seen: {types:?}"),
        ),
    }

    match heights.last() {
        Some(&latest) => check_height_fits(report, page, latest)?,
        None => report.fail(
            names::EMBED_HEIGHT_FITS,
            "not measured: no driftline:height message",
        ),
    }

    let before = frame_tick(page)?;
    let Some(before) = before else {
        report.fail(
            names::EMBED_PLAY,
            format!("the embedded page shows no tick counter: no element matches {TICK}"),
        );
        return Ok(());
    };
    page.eval(
        "window.__post({ type: 'driftline:play' }); return true;",
        &[],
    )?;
    let advanced = page.wait_until(
        &format!("the embedded tick to pass {before}"),
        opts.tick_timeout.min(Duration::from_secs(15)),
        |p| Ok(frame_tick(p)?.filter(|&t| t > before)),
    );
    match advanced {
        Ok(t) => report.pass(
            names::EMBED_PLAY,
            format!("tick {before} -> {t} after driftline:play"),
        ),
        Err(e) => report.fail(names::EMBED_PLAY, e.to_string()),
    }
    // Leave the clock stopped for the next check's page load.
    page.eval(
        "window.__post({ type: 'driftline:pause' }); return true;",
        &[],
    )?;
    Ok(())
}

/// Compares the latest reported height with the embedded document's `scrollHeight`.
fn check_height_fits(report: &mut Report, page: &Page, latest: f64) -> Result<()> {
    // Height messages follow layout changes; let a late one arrive before measuring.
    std::thread::sleep(Duration::from_millis(500));
    let (heights, _) = host_messages(page)?;
    let latest = heights.last().copied().unwrap_or(latest);
    enter_frame(page, "#dl")?;
    let measured = page.eval(
        "return [document.documentElement.scrollHeight, document.documentElement.clientHeight];",
        &[],
    );
    leave_frames(page)?;
    let measured = measured?;
    let dim = |i: usize| measured.get(i).and_then(Value::as_f64).unwrap_or(0.0);
    let (scroll, client) = (dim(0), dim(1));
    if latest + 1.0 >= scroll {
        report.pass(
            names::EMBED_HEIGHT_FITS,
            format!("reported {latest} px, document scrollHeight {scroll} px"),
        );
    } else {
        report.fail(
            names::EMBED_HEIGHT_FITS,
            format!(
                "reported {latest} px but the embedded document is {scroll} px tall (frame \
                 viewport {client} px): the iframe keeps a {:.0} px scrollbar",
                scroll - latest
            ),
        );
    }
    Ok(())
}
