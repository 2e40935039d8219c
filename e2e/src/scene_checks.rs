//! Checks of the explorable-first page: the factory picture and a chart on every chapter's
//! first screen, the picture's accessible name following drift and deployment, the lamp
//! darkening the picture's pixels, dark charts in the dark theme, an alarm log that stays a
//! screenful, and the README's embed example opening with data and no warning.
//!
//! Every check fails when what it looks at is missing: a missing test id is a failure,
//! never a skip.

use std::time::Duration;

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::page::strings;
use crate::page::Page;
use crate::report::Report;
use crate::walk::discover_chapters;

mod canary_latency;

/// Check names.
pub mod names {
    /// On every chapter, the picture and a chart are on the first screen at 1366x768.
    pub const FIRST_SCREEN: &str = "scene: picture and a chart on every chapter's first screen";
    /// The picture's accessible name follows drift and the deployment pattern.
    pub const NAME_FOLLOWS: &str = "scene: accessible name follows drift and deployment";
    /// Dimming the lamp changes the picture's pixels.
    pub const LAMP_PIXELS: &str = "scene: a dimmed lamp darkens the picture";
    /// In the dark theme every chart canvas is dark.
    pub const DARK_CHARTS: &str = "theme: charts draw dark in the dark theme";
    /// Under the data-drift lesson at tick 3000 the alarm log is a screenful.
    pub const ALARM_LOG: &str = "alarm log: at most 12 episodes at tick 3000";
    /// The README's embed example opens with data and without a warning.
    pub const README_EMBED: &str = "embed: README example opens with data, no warning";
    /// At a device pixel ratio of 2, chart buffers hold two pixels per CSS pixel.
    pub const CRISP_CHARTS: &str = "charts: device pixel ratio 2 backing stores";
    /// With the system set to dark and nothing stored, the page opens dark.
    pub const SYSTEM_DARK: &str = "theme: a dark system opens the page dark";
    /// In the canary lesson no alarm fires before its evidence exists (a full 30-tick mean
    /// held for its 10-tick `for`: tick 39), and none flaps.
    pub const CANARY_QUIET_START: &str =
        "alarms: none fires before its evidence exists or flaps in the canary lesson";
    /// The canary lesson's latency chart draws the stable and the candidate servers.
    pub const CANARY_LATENCY: &str =
        "charts: the canary lesson's latency chart draws stable and candidate";
    /// A single-chart embed honours `t=` and the lesson.
    pub const SOLO_AT_TICK: &str = "embed: a single chart with t=2000 opens at tick 2000";
    /// The stage sticks beside the story and never over the charts and settings below.
    pub const STAGE_STOPS: &str =
        "layout: the sticky stage stays beside the story, never over All settings";
}

/// The embed example the README shows (its `src` after the host).
pub const README_EMBED_QUERY: &str =
    "embed.html?v=1&lesson=data-drift&embed=dashboard&hide=seed&lock=automation";

const SCENE: &str = r#"[data-testid="scene"]"#;
/// A live chart: a canvas (the build-time first paint draws `div.chart-canvas` boxes with
/// SVG inside, which must never satisfy a wait for the live app).
const CHART: &str = "canvas.chart-canvas";
const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs every check of this module.
pub fn run_scene_checks(page: &mut Page) -> Report {
    let mut report = Report::new();
    if let Err(e) = page.set_viewport_size(1366, 768) {
        report.fail(
            names::FIRST_SCREEN,
            format!("could not size the window: {e}"),
        );
        return report;
    }
    record(&mut report, names::FIRST_SCREEN, first_screen(page));
    record(&mut report, names::NAME_FOLLOWS, name_follows(page));
    record(&mut report, names::LAMP_PIXELS, lamp_pixels(page));
    record(&mut report, names::DARK_CHARTS, dark_charts(page));
    record(&mut report, names::ALARM_LOG, alarm_log(page));
    if let Err(e) = page.set_viewport_size(700, 800) {
        report.fail(
            names::README_EMBED,
            format!("could not size the window: {e}"),
        );
        return report;
    }
    record(&mut report, names::README_EMBED, readme_embed(page));
    record(&mut report, names::CRISP_CHARTS, crisp_charts(page));
    record(&mut report, names::SYSTEM_DARK, system_dark(page));
    record(
        &mut report,
        names::CANARY_QUIET_START,
        canary_quiet_start(page),
    );
    record(
        &mut report,
        names::CANARY_LATENCY,
        canary_latency::canary_latency_two_series(page),
    );
    record(&mut report, names::SOLO_AT_TICK, solo_at_tick(page));
    record(&mut report, names::STAGE_STOPS, stage_stops(page));
    // Leave the desktop size for whatever runs next.
    let _ = page.set_viewport_size(1366, 768);
    report
}

/// The earliest tick any alarm of the lab may fire: the 30-tick means exist from tick 29 and
/// their rules hold for 10 ticks (`view_model::metrics`).
const EARLIEST_EVIDENCE_TICK: u64 = 39;

fn canary_quiet_start(page: &mut Page) -> Result<String> {
    open(
        page,
        "?v=1&ch=deployment&lesson=canary&t=200#/deployment",
        r#"[data-testid="alarm-episodes"], [data-testid="alarm-log"]"#,
    )?;
    page.wait_until("the lab to reach tick 200", TIMEOUT, |p| {
        let t = p
            .text_content(r#"[data-testid="tick"]"#)?
            .unwrap_or_default();
        Ok((t.trim() == "200").then_some(()))
    })?;
    let episodes = strings(Some(&page.eval(
        r#"return Array.from(document.querySelectorAll('[data-testid="alarm-episodes"] > li')).map(li => li.textContent);"#,
        &[],
    )?));
    let mut problems = Vec::new();
    for e in &episodes {
        if e.contains("fired twice") || (e.contains("fired ") && e.contains(" times")) {
            problems.push(format!("flaps: {e}"));
        }
        let since = e
            .split("since tick ")
            .nth(1)
            .and_then(|t| t.split_whitespace().next())
            .and_then(|t| t.parse::<u64>().ok());
        if let Some(t) = since.filter(|&t| t < EARLIEST_EVIDENCE_TICK) {
            problems.push(format!("fired at tick {t}: {e}"));
        }
    }
    if problems.is_empty() {
        Ok(format!(
            "{} episode(s) by tick 200: {}",
            episodes.len(),
            episodes.join(" | ")
        ))
    } else {
        Err(Error::new(problems.join("; ")))
    }
}

fn solo_at_tick(page: &mut Page) -> Result<String> {
    open(
        page,
        "?v=1&lesson=data-drift&seed=7&t=2000&embed=chart:psi",
        r#"[data-testid="chart-psi"]"#,
    )?;
    let tick = page.wait_until("the chart's clock to read 2000", TIMEOUT, |p| {
        let t = p
            .text_content(r#"[data-testid="tick"]"#)?
            .unwrap_or_default();
        Ok((t.trim() == "2000").then_some(t))
    })?;
    let summary = page
        .eval(
            "const f = document.querySelector('figure.chart figcaption'); return f ? f.textContent : null;",
            &[],
        )?
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::new("the chart has no text alternative"))?;
    if !summary.contains("Latest value") {
        return Err(Error::new(format!("no data at tick 2000: {summary}")));
    }
    Ok(format!("tick {}, {:.60}", tick.trim(), summary))
}

/// Runs a DevTools command through chromedriver (emulation the WebDriver API lacks).
fn devtools(page: &Page, cmd: &str, params: Value) -> Result<Value> {
    page.session().command(
        "POST",
        "/goog/cdp/execute",
        Some(&json!({ "cmd": cmd, "params": params })),
    )
}

/// Chart canvases whose buffer is not `ratio` times their laid-out size.
const BLURRY_CANVASES_JS: &str = r#"
const ratio = arguments[0];
const all = Array.from(document.querySelectorAll('canvas.chart-canvas'));
const off = all.filter((c) => c.clientWidth > 0 && (Math.abs(c.width - Math.round(c.clientWidth * ratio)) > 1
  || Math.abs(c.height - Math.round(c.clientHeight * ratio)) > 1))
  .map((c) => `${c.dataset.testid}: ${c.width}x${c.height} for ${c.clientWidth}x${c.clientHeight}`);
return { count: all.length, dpr: window.devicePixelRatio, off };
"#;

fn crisp_charts(page: &mut Page) -> Result<String> {
    devtools(
        page,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true }),
    )?;
    let result = (|| {
        open(page, "#/drift", CHART)?;
        page.wait_until("every chart buffer at twice its size", TIMEOUT, |p| {
            let v = p.eval(BLURRY_CANVASES_JS, &[json!(2)])?;
            let count = v.get("count").and_then(Value::as_u64).unwrap_or(0);
            let off = v.get("off").and_then(Value::as_array).map_or(1, Vec::len);
            Ok((count > 0 && off == 0).then_some(v))
        })
    })();
    devtools(page, "Emulation.clearDeviceMetricsOverride", json!({}))?;
    let v = result?;
    Ok(format!(
        "{} charts at device pixel ratio {}",
        v.get("count").and_then(Value::as_u64).unwrap_or(0),
        v.get("dpr").and_then(Value::as_f64).unwrap_or(f64::NAN)
    ))
}

fn system_dark(page: &mut Page) -> Result<String> {
    devtools(
        page,
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
    )?;
    let result = (|| {
        open(page, "#/lifecycle", SCENE)?;
        // Nothing stored: the theme is the system's.
        page.eval("localStorage.clear();", &[])?;
        open(page, "#/lifecycle", SCENE)?;
        page.wait_until("the page to take the dark theme", TIMEOUT, |p| {
            let v = p.eval(
                "return [document.documentElement.className, document.querySelector('[data-testid=\"theme\"]').value];",
                &[],
            )?;
            let class = v.get(0).and_then(Value::as_str).unwrap_or_default().to_owned();
            let select = v.get(1).and_then(Value::as_str).unwrap_or_default().to_owned();
            // The picker stays on "system": the page follows the system until told otherwise.
            Ok((class.contains("theme-dark") && select == "system").then_some((class, select)))
        })
    })();
    devtools(
        page,
        "Emulation.setEmulatedMedia",
        json!({ "features": [] }),
    )?;
    let (class, select) = result?;
    Ok(format!(
        "<html class=\"{class}\">, theme picker on {select}"
    ))
}

fn record(report: &mut Report, name: &str, result: Result<String>) {
    match result {
        Ok(detail) => report.pass(name, detail),
        Err(e) => report.fail(name, e.to_string()),
    }
}

/// Where an element sits in the viewport: `{top, bottom, height, inner}`.
const RECT_JS: &str = r#"
const e = document.querySelector(arguments[0]);
if (!e) { return null; }
const r = e.getBoundingClientRect();
return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height, inner: innerHeight };
"#;

fn rect(page: &Page, css: &str) -> Result<Value> {
    let v = page.eval(RECT_JS, &[json!(css)])?;
    if v.is_null() {
        return Err(Error::new(format!("no element matches {css}")));
    }
    Ok(v)
}

fn num(v: &Value, key: &str) -> f64 {
    v.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

fn open(page: &mut Page, path: &str, css: &str) -> Result<()> {
    page.goto("about:blank")?;
    page.goto(path)?;
    page.wait_for(css, TIMEOUT).map(|_| ())
}

fn first_screen(page: &mut Page) -> Result<String> {
    let slugs = discover_chapters(page, TIMEOUT)?;
    if slugs.len() < 5 {
        return Err(Error::new(format!(
            "only {} chapter links in the nav",
            slugs.len()
        )));
    }
    let mut problems = Vec::new();
    for slug in &slugs {
        let at = |e: Error| Error::new(format!("#/{slug}: {e}"));
        open(
            page,
            &format!("#/{slug}"),
            &format!("[data-testid=\"chapter-{slug}\"] {SCENE}"),
        )
        .map_err(at)?;
        page.wait_for(CHART, TIMEOUT).map_err(at)?;
        let scene = rect(page, SCENE)?;
        let chart = rect(page, CHART)?;
        let inner = num(&scene, "inner");
        // The whole picture is in view, and the first chart at least begins on screen
        // (its top 40 px: caption and the top of the plot).
        if num(&scene, "top") < 0.0 || num(&scene, "bottom") > inner {
            problems.push(format!(
                "#/{slug}: picture at {:.0}-{:.0} of {inner:.0}",
                num(&scene, "top"),
                num(&scene, "bottom")
            ));
        }
        if num(&chart, "top") + 40.0 > inner {
            problems.push(format!(
                "#/{slug}: first chart starts at {:.0} of {inner:.0}",
                num(&chart, "top")
            ));
        }
    }
    if problems.is_empty() {
        Ok(format!(
            "{} chapters: picture and first chart on screen",
            slugs.len()
        ))
    } else {
        Err(Error::new(problems.join("; ")))
    }
}

fn label(page: &Page) -> Result<String> {
    page.eval(
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute('role') + '|' + e.getAttribute('aria-label') : null;",
        &[json!(SCENE)],
    )?
    .as_str()
    .map(str::to_owned)
    .ok_or_else(|| Error::new("the picture is missing"))
}

fn wait_label(page: &mut Page, what: &str, wanted: &str) -> Result<String> {
    page.wait_until(what, TIMEOUT, |p| {
        let l = label(p)?;
        Ok(l.contains(wanted).then_some(l))
    })
}

fn name_follows(page: &mut Page) -> Result<String> {
    open(page, "#/sandbox", SCENE)?;
    let before = label(page)?;
    if !before.starts_with("img|Factory") {
        return Err(Error::new(format!("role and name are {before:?}")));
    }
    if before.contains("lamp is dimmed") || before.contains("canary") {
        return Err(Error::new(format!(
            "fresh lab already names drift or a canary: {before}"
        )));
    }
    page.click(r#"[data-testid="quick-drift-dim-the-lamp"]"#)?;
    let dimmed = wait_label(page, "the name to say the lamp is dimmed", "lamp is dimmed")?;
    page.click(r#"[data-testid="quick-canary"]"#)?;
    let canary = wait_label(page, "the name to name the canary", "canary")?;
    Ok(format!(
        "{before:.60}... -> {dimmed:.0}dimmed -> {}",
        canary.len()
    ))
}

/// Mean luminance (0..1) of the picture's pixels, read from a viewport screenshot.
fn scene_luminance(page: &Page) -> Result<f64> {
    let r = rect(page, SCENE)?;
    let png = page.session().screenshot_png()?;
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder
        .read_info()
        .map_err(|e| Error::new(format!("screenshot is not a PNG: {e}")))?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| Error::new(format!("screenshot PNG: {e}")))?;
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let clamp = |v: f64, max: usize| (v.max(0.0) as usize).min(max);
    let (x0, x1) = (clamp(num(&r, "left"), w), clamp(num(&r, "right"), w));
    let (y0, y1) = (clamp(num(&r, "top"), h), clamp(num(&r, "bottom"), h));
    if x1 <= x0 || y1 <= y0 || channels < 3 {
        return Err(Error::new(format!("picture not on screen: {r}")));
    }
    let mut sum = 0.0;
    for y in y0..y1 {
        for x in x0..x1 {
            let i = (y * w + x) * channels;
            let (rr, gg, bb) = (
                f64::from(buf[i]),
                f64::from(buf[i + 1]),
                f64::from(buf[i + 2]),
            );
            sum += (0.2126 * rr + 0.7152 * gg + 0.0722 * bb) / 255.0;
        }
    }
    Ok(sum / ((x1 - x0) * (y1 - y0)) as f64)
}

fn lamp_pixels(page: &mut Page) -> Result<String> {
    open(page, "#/drift", SCENE)?;
    page.eval(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
        &[json!(SCENE)],
    )?;
    let normal = scene_luminance(page)?;
    page.click(r#"[data-testid="quick-drift-dim-the-lamp"]"#)?;
    wait_label(page, "the lamp to dim", "lamp is dimmed")?;
    // The dimmer fades in over 0.6 s.
    std::thread::sleep(Duration::from_millis(900));
    let dimmed = scene_luminance(page)?;
    if dimmed < normal - 0.03 {
        Ok(format!("mean luminance {normal:.3} -> {dimmed:.3}"))
    } else {
        Err(Error::new(format!(
            "mean luminance {normal:.3} -> {dimmed:.3}: not darker"
        )))
    }
}

/// Mean luminance (0..1) of every chart canvas, read back from the canvases.
const CANVAS_LUMA_JS: &str = r#"
return Array.from(document.querySelectorAll('canvas.chart-canvas')).map((c) => {
  if (!c.width || !c.height) { return null; }
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let s = 0;
  for (let i = 0; i < d.length; i += 4) { s += (0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]) / 255; }
  return s / (d.length / 4);
});
"#;

fn dark_charts(page: &mut Page) -> Result<String> {
    open(page, "#/monitoring", CHART)?;
    let select = r#"[data-testid="theme"]"#;
    page.eval(
        "const s = document.querySelector(arguments[0]); s.value = 'dark'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        &[json!(select)],
    )?;
    let lumas = all_charts_dark(page, "every chart to redraw dark");
    // The stored choice reaches a widget's page too (its own wasm, embed.html).
    let widget = lumas.as_ref().ok().map(|_| {
        open(page, "embed.html?v=1&embed=dashboard", CHART)?;
        all_charts_dark(page, "the widget's charts to draw dark")
    });
    // Back to the system's theme for the checks that follow (the choice is stored).
    let _ = open(page, "#/monitoring", select).and_then(|()| {
        page.eval(
            "const s = document.querySelector(arguments[0]); s.value = 'system'; s.dispatchEvent(new Event('change', {bubbles: true}));",
            &[json!(select)],
        )
    });
    let lumas = lumas?;
    let widget = widget.unwrap_or_else(|| Ok(Vec::new()))?;
    let max = |l: &[Option<f64>]| l.iter().flatten().fold(0.0_f64, |a, &b| a.max(b));
    Ok(format!(
        "{} charts, brightest mean luminance {:.3}; on embed.html {} charts, brightest {:.3}",
        lumas.len(),
        max(&lumas),
        widget.len(),
        max(&widget)
    ))
}

/// Waits until every chart canvas on the page has a dark mean luminance (below 0.35).
fn all_charts_dark(page: &mut Page, what: &str) -> Result<Vec<Option<f64>>> {
    page.wait_until(what, TIMEOUT, |p| {
        let v = p.eval(CANVAS_LUMA_JS, &[])?;
        let lumas: Vec<Option<f64>> = v
            .as_array()
            .map(|a| a.iter().map(Value::as_f64).collect())
            .unwrap_or_default();
        let done = !lumas.is_empty() && lumas.iter().all(|l| l.is_some_and(|l| l < 0.35));
        Ok(done.then_some(lumas))
    })
}

fn alarm_log(page: &mut Page) -> Result<String> {
    open(
        page,
        "?v=1&ch=drift&lesson=data-drift&t=3000#/drift",
        r#"[data-testid="alarm-log"]"#,
    )?;
    page.wait_until("the lab to reach tick 3000", Duration::from_secs(90), |p| {
        let t = p
            .text_content(r#"[data-testid="tick"]"#)?
            .unwrap_or_default();
        Ok((t.trim() == "3000").then_some(()))
    })?;
    let items = page.count(r#"[role="log"] [data-testid="alarm-episodes"] > li"#)?;
    if items == 0 {
        return Err(Error::new(
            "the lamp dims at tick 1500, yet the log lists no episode",
        ));
    }
    if items > 12 {
        return Err(Error::new(format!("{items} entries")));
    }
    Ok(format!("{items} episodes"))
}

fn readme_embed(page: &mut Page) -> Result<String> {
    open(page, README_EMBED_QUERY, r#"[data-testid="embed"]"#)?;
    page.wait_for(CHART, TIMEOUT)?;
    // Every chart's text alternative names a latest value (no "no data yet").
    let summaries = page.eval(
        "return Array.from(document.querySelectorAll('figure.chart figcaption')).map(e => e.textContent);",
        &[],
    )?;
    let summaries = strings(Some(&summaries));
    if summaries.is_empty() {
        return Err(Error::new("no chart text alternative found"));
    }
    let empty: Vec<&String> = summaries
        .iter()
        .filter(|s| !s.contains("Latest value"))
        .collect();
    if !empty.is_empty() {
        return Err(Error::new(format!("charts without data: {empty:?}")));
    }
    let warnings =
        page.count(r#"[data-testid="embed-notices"], .notice, [data-testid^="notices-"]"#)?;
    if warnings > 0 {
        return Err(Error::new(format!(
            "{warnings} warning box(es) on the embed"
        )));
    }
    let tick = page
        .text_content(r#"[data-testid="tick"]"#)?
        .unwrap_or_default();
    Ok(format!(
        "{} charts with data at tick {}",
        summaries.len(),
        tick.trim()
    ))
}

/// On a wide screen, scrolled from mid-story to past the story's end: the stage follows
/// the reader (stuck under the header) while the story lasts, and its bottom never passes
/// the top of "All settings" (it once did, covering the share row and the first charts).
fn stage_stops(page: &mut Page) -> Result<String> {
    page.set_viewport_size(1366, 900)?;
    open(page, "#/drift", r#"[data-testid="import-json"]"#)?;
    let geometry = page.eval(
        r#"const stage = document.querySelector('[data-testid="lab"] .lab-stage');
           const more = document.querySelector('[data-testid="lab"] .lab-more');
           const story = document.querySelector('[data-testid="lab"] .lab-story');
           if (!stage || !more || !story) { return null; }
           const at = (y) => {
             window.scrollTo(0, y);
             const s = stage.getBoundingClientRect(), m = more.getBoundingClientRect();
             return { stageTop: s.top, stageBottom: s.bottom, moreTop: m.top };
           };
           const storyTop = story.getBoundingClientRect().top + window.scrollY;
           const moreTop = more.getBoundingClientRect().top + window.scrollY;
           const out = { mid: at(storyTop + 600), past: at(moreTop - 200), deep: at(moreTop + 400) };
           window.scrollTo(0, 0);
           return out;"#,
        &[],
    )?;
    if geometry.is_null() {
        return Err(Error::new(
            "no stage, story or All settings in the #/drift lab",
        ));
    }
    let num = |at: &str, key: &str| geometry[at][key].as_f64().unwrap_or(f64::NAN);
    let mut problems = Vec::new();
    if num("mid", "stageTop") > 120.0 {
        problems.push(format!(
            "mid-story the stage is at {:.0} px, not stuck under the header",
            num("mid", "stageTop")
        ));
    }
    for at in ["mid", "past", "deep"] {
        if num(at, "stageBottom") > num(at, "moreTop") + 1.0 {
            problems.push(format!(
                "{at}: the stage ends at {:.0} px, below the top of All settings at {:.0} px",
                num(at, "stageBottom"),
                num(at, "moreTop")
            ));
        }
    }
    if problems.is_empty() {
        Ok(format!("stage/All settings tops: {geometry}"))
    } else {
        Err(Error::new(problems.join("; ")))
    }
}

#[cfg(test)]
mod readme_tests {
    use super::README_EMBED_QUERY;

    #[test]
    fn the_checked_embed_is_the_one_the_readme_shows() {
        let readme = include_str!("../../README.md").replace("&amp;", "&");
        assert!(
            readme.contains(&format!("/driftline/{README_EMBED_QUERY}\"")),
            "README.md's iframe src no longer ends in {README_EMBED_QUERY}"
        );
    }
}
