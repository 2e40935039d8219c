//! Checks of the prerendered first paint (`src/prerender.rs`): with the wasm blocked, every
//! chapter's address shows that chapter's text, factory picture and chart frames, and the
//! embed page shows the asked-for widget; with the wasm, the app takes over without moving
//! anything on screen (cumulative layout shift) and leaves no prerendered markup behind.
//!
//! The wasm is blocked through the DevTools protocol (`Network.setBlockedURLs`), which is
//! what a reader on a slow network sees before the 500 KB arrive.

use std::time::Duration;

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::page::{strings, Page};
use crate::report::Report;

/// Check names.
pub mod names {
    /// Without the wasm, each chapter's address shows that chapter's first paint.
    pub const CHAPTERS: &str = "first paint: every chapter readable without the wasm";
    /// Without the wasm, `embed.html` shows the widget its `embed=` names.
    pub const EMBEDS: &str = "first paint: embed.html shows the asked-for widget";
    /// With the wasm, the takeover moves nothing and removes the first paint.
    pub const TAKEOVER: &str = "first paint: the wasm takes over without a layout shift";
    /// The README's dashboard embed shows play, a drift button and its first chart whole in
    /// a 700 x 600 iframe.
    pub const EMBED_FITS: &str = "embed: the dashboard's story fits 700 x 600";
}

/// Largest cumulative layout shift allowed while the wasm takes over (issue 14's target).
pub const MAX_TAKEOVER_SHIFT: f64 = 0.02;

const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs every check of this module at 1366 x 768.
pub fn run_first_paint_checks(page: &mut Page) -> Report {
    let mut report = Report::new();
    if let Err(e) = page.set_viewport_size(1366, 768) {
        report.fail(names::CHAPTERS, format!("could not size the window: {e}"));
        return report;
    }
    let blocked = block_wasm(page, true);
    let (chapters, embeds) = match blocked {
        Ok(()) => (chapters_without_wasm(page), embeds_without_wasm(page)),
        Err(e) => {
            let why = format!("could not block the wasm: {e}");
            (Err(Error::new(why.clone())), Err(Error::new(why)))
        }
    };
    let unblocked = block_wasm(page, false);
    record(&mut report, names::CHAPTERS, chapters);
    record(&mut report, names::EMBEDS, embeds);
    let takeover = unblocked.and_then(|()| takeover(page));
    record(&mut report, names::TAKEOVER, takeover);
    let fits = page
        .set_viewport_size(700, 600)
        .and_then(|()| embed_fits(page));
    record(&mut report, names::EMBED_FITS, fits);
    report
}

/// The bottom edge (CSS px from the top of the viewport) of the first element matching each
/// selector, `null` where none matches.
const BOTTOMS_JS: &str = r"
return arguments[0].map((css) => {
  const e = document.querySelector(css);
  return e ? { bottom: e.getBoundingClientRect().bottom, inner: innerHeight } : null;
});
";

fn embed_fits(page: &mut Page) -> Result<String> {
    page.goto("about:blank")?;
    page.goto(crate::scene_checks::README_EMBED_QUERY)?;
    page.wait_for(
        r#"[data-testid="embed"] [data-testid="chart-brightness"]"#,
        TIMEOUT,
    )?;
    let wanted = [
        r#"[data-testid="play"]"#,
        r#"[data-testid^="quick-drift-"]"#,
        r#"[data-testid="chart-brightness"]"#,
    ];
    let bottoms = page.eval(BOTTOMS_JS, &[json!(wanted)])?;
    let mut seen = Vec::new();
    for (css, v) in wanted.iter().zip(bottoms.as_array().into_iter().flatten()) {
        let bottom = v.get("bottom").and_then(Value::as_f64);
        let inner = v.get("inner").and_then(Value::as_f64).unwrap_or(0.0);
        match bottom {
            None => return Err(Error::new(format!("{css}: not on the page"))),
            Some(b) if b > inner => {
                return Err(Error::new(format!(
                    "{css} ends at {b:.0} px, below the {inner:.0} px iframe"
                )))
            }
            Some(b) => seen.push(format!("{css} ends at {b:.0} px")),
        }
    }
    Ok(seen.join(", "))
}

fn record(report: &mut Report, name: &str, result: Result<String>) {
    match result {
        Ok(detail) => report.pass(name, detail),
        Err(e) => report.fail(name, e.to_string()),
    }
}

/// Runs a DevTools command through chromedriver.
fn devtools(page: &Page, cmd: &str, params: Value) -> Result<Value> {
    page.session().command(
        "POST",
        "/goog/cdp/execute",
        Some(&json!({ "cmd": cmd, "params": params })),
    )
}

/// Blocks (or unblocks) every `.wasm` request, with the cache off so nothing is reused.
fn block_wasm(page: &Page, on: bool) -> Result<()> {
    devtools(page, "Network.enable", json!({}))?;
    devtools(
        page,
        "Network.setCacheDisabled",
        json!({ "cacheDisabled": on }),
    )?;
    let urls: Vec<&str> = if on { vec!["*.wasm"] } else { Vec::new() };
    devtools(page, "Network.setBlockedURLs", json!({ "urls": urls }))?;
    Ok(())
}

/// What the first paint shows: the visible views, the shown view's heading, its chart
/// frames and picture, the nav's chapter links, and any test id (there must be none).
const SHOWN_JS: &str = r##"
const fp = document.getElementById('first-paint');
if (!fp) { return null; }
const shown = Array.from(fp.children).filter((v) => getComputedStyle(v).display !== 'none');
const view = shown[0];
return {
  shown: shown.map((v) => v.id || v.dataset.fpView || v.className),
  heading: view ? (view.querySelector('h2, h1')?.textContent || '') : '',
  charts: view ? view.querySelectorAll('.chart-svg > svg').length : 0,
  scene: view ? view.querySelectorAll('svg.scene-svg').length : 0,
  words: view ? view.innerText.split(/\s+/).length : 0,
  links: Array.from(fp.querySelectorAll('.fp-home nav a[href^="#/"]')).map((a) => a.getAttribute('href')),
  testids: document.querySelectorAll('[data-testid]').length,
};
"##;

fn shown(page: &mut Page, path: &str) -> Result<Value> {
    page.goto("about:blank")?;
    page.goto(path)?;
    page.wait_until(&format!("the first paint of {path}"), TIMEOUT, |p| {
        let v = p.eval(SHOWN_JS, &[])?;
        Ok((!v.is_null()).then_some(v))
    })
}

fn chapters_without_wasm(page: &mut Page) -> Result<String> {
    let home = shown(page, "")?;
    let links = strings(home.get("links"));
    if links.len() < 5 {
        return Err(Error::new(format!(
            "the first paint's nav has {} chapter links",
            links.len()
        )));
    }
    let mut problems = Vec::new();
    let mut words = 0;
    for hash in links
        .iter()
        .map(String::as_str)
        .chain(["", "#/compare", "#/data", "#/embed"])
    {
        let v = shown(page, hash)?;
        let ids = strings(v.get("shown"));
        let count = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
        let heading = v.get("heading").and_then(Value::as_str).unwrap_or("");
        let wanted = hash.trim_start_matches('#');
        let is_chapter = !matches!(hash, "#/compare" | "#/data" | "#/embed");
        let right_view = ids.len() == 1
            && (ids[0] == wanted
                || (hash.is_empty() && ids[0] == links[0].trim_start_matches('#')));
        if !right_view {
            problems.push(format!("{hash:?} shows {ids:?}"));
        } else if heading.trim().is_empty() {
            problems.push(format!("{hash:?}: no heading"));
        } else if is_chapter && (count("scene") != 1 || count("charts") == 0) {
            problems.push(format!(
                "{hash:?}: {} picture(s), {} chart frame(s)",
                count("scene"),
                count("charts")
            ));
        }
        if count("testids") > 0 {
            problems.push(format!(
                "{hash:?}: {} test ids in the first paint",
                count("testids")
            ));
        }
        words += count("words");
    }
    if !problems.is_empty() {
        return Err(Error::new(problems.join("; ")));
    }
    Ok(format!(
        "{} chapters, the home address, the comparison, Your data and the embed builder: each shows its own view ({words} words in all) with no wasm",
        links.len()
    ))
}

fn embeds_without_wasm(page: &mut Page) -> Result<String> {
    let cases = [
        ("embed.html?v=1&embed=chart:psi&t=2000", "chart:psi"),
        (
            "embed.html?v=1&lesson=data-drift&embed=dashboard&hide=seed",
            "dashboard",
        ),
        ("embed.html?v=1&embed=pie:decisions", "pie:decisions"),
        ("embed.html?v=1&embed=drift", "fp-placeholder"),
        ("?v=1&embed=dashboard", "fp-placeholder"),
        ("?present=1#/drift", "fp-placeholder"),
    ];
    let mut problems = Vec::new();
    for (path, wanted) in cases {
        let v = shown(page, path)?;
        let ids = strings(v.get("shown"));
        if ids != [wanted] {
            problems.push(format!("{path} shows {ids:?}, not [{wanted:?}]"));
        }
    }
    if !problems.is_empty() {
        return Err(Error::new(problems.join("; ")));
    }
    Ok(format!(
        "{} addresses each show their widget or the placeholder",
        cases.len()
    ))
}

/// Sums layout shifts (as the CLS metric counts them: not after input) from the start of
/// every document.
const SHIFT_OBSERVER_JS: &str = r"
window.__driftlineShifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (!e.hadRecentInput) { window.__driftlineShifts.push(e.value); }
  }
}).observe({ type: 'layout-shift', buffered: true });
";

fn takeover(page: &mut Page) -> Result<String> {
    let added = devtools(
        page,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": SHIFT_OBSERVER_JS }),
    )?;
    let result = (|| {
        let mut sums = Vec::new();
        for hash in ["", "#/drift", "#/deployment"] {
            page.goto("about:blank")?;
            page.goto(hash)?;
            page.wait_for(r#"[data-testid="lab"] [data-testid="scene"]"#, TIMEOUT)?;
            // The charts' first draw and the picture's first beat come right after.
            std::thread::sleep(Duration::from_millis(1500));
            let v = page.eval(
                "return { shifts: window.__driftlineShifts || null, left: !!document.getElementById('first-paint') };",
                &[],
            )?;
            if v.get("left").and_then(Value::as_bool) != Some(false) {
                return Err(Error::new(format!(
                    "{hash:?}: the first paint is still there"
                )));
            }
            let shifts = v
                .get("shifts")
                .and_then(Value::as_array)
                .ok_or_else(|| Error::new("the layout-shift observer did not run"))?;
            let sum: f64 = shifts.iter().filter_map(Value::as_f64).sum();
            if sum > MAX_TAKEOVER_SHIFT {
                return Err(Error::new(format!(
                    "{hash:?}: cumulative layout shift {sum:.4} > {MAX_TAKEOVER_SHIFT}"
                )));
            }
            sums.push(format!("{hash:?} {sum:.4}"));
        }
        Ok(format!("cumulative layout shift: {}", sums.join(", ")))
    })();
    if let Some(id) = added.get("identifier").and_then(Value::as_str) {
        devtools(
            page,
            "Page.removeScriptToEvaluateOnNewDocument",
            json!({ "identifier": id }),
        )?;
    }
    result
}
