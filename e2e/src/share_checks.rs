//! Checks of the share, embed, single-file and presenter features. Every check fails when
//! what it looks at is missing: each test id it names must be on the page, and the check
//! says which one was not. The only skip is the single-file check when no `--single-file`
//! was given and no build sits beside `dist` (this machine has nothing to open); it is
//! listed in the run's summary.
//!
//! - a shared link (`?v=1&sim=N&seed=7&t=300#/sandbox`, N this build's simulation version)
//!   raises no notice (while one with `sim=N+1` must, so the notice's test id is real) and
//!   shows the same numbers at tick 300 as a fresh page set to seed 7
//!   and fast-forwarded 300 ticks through the controls, and so does the link the "Copy
//!   link" button hands out on that page;
//! - `host.html` (written next to the served copy of `dist`, see [`prepare_site`]) embeds
//!   `index.html?embed=dashboard`, must receive a `driftline:height` message, and a
//!   `driftline:play` message must start the embedded clock;
//! - the single-file build opened from `file://` runs and loads nothing from a network;
//! - presenter mode (`?present=1`): space plays, space pauses, `?` opens the help.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};

use crate::checks::{parse_tick, severe_messages, PLAY, TICK};
use crate::error::{Context, Error, Result};
use crate::page::Page;
use crate::report::Report;
use tempfile::TempDir;

/// File name of the iframe host page written into the served directory.
pub const HOST_PAGE: &str = "host.html";

/// The shared link the reproduction check loads: written by this build's simulation, so
/// the page has nothing to say about it.
pub fn shared_link() -> String {
    format!(
        "?v=1&sim={}&seed={SHARED_SEED}&t={SHARED_TICK}#/sandbox",
        driftline_sim::golden::STREAM_VERSION
    )
}
/// A link made by another simulation version: the page must say so in [`LINK_NOTICES`].
/// It proves the notice box's test id is real before the shared-link check relies on its
/// absence.
pub fn other_version_link() -> String {
    format!(
        "?v=1&sim={}&seed={SHARED_SEED}#/sandbox",
        driftline_sim::golden::STREAM_VERSION + 1
    )
}
/// Test id of the box listing what the page changed or ignored in a link.
const LINK_NOTICES: &str = r#"[data-testid="notices-link"]"#;
/// Seed in [`shared_link`].
pub const SHARED_SEED: u64 = 7;
/// Tick in [`shared_link`].
pub const SHARED_TICK: u64 = 300;

/// The primary lab's "Copy link" button.
pub const COPY_LINK: &str = r#"[data-testid="copy-link"]"#;
/// The field showing the copied link (rendered once the button was pressed).
pub const SHARE_LINK_FIELD: &str = r#"[data-testid="share-link"]"#;
/// The primary lab's root.
pub const LAB: &str = r#"[data-testid="lab"]"#;
/// The root of an embedded widget (`?embed=...`). Exact: the normal page carries an
/// `embed-builder-link`, which must not count.
pub const EMBED_UI: &str = r#"[data-testid="embed"]"#;
/// The lesson script beside the lab, shown only while presenting (`?present=1`); the
/// presenter toolbar alone is on every page.
pub const PRESENTER_UI: &str = r#"[data-testid="presenter-script"]"#;
/// The presenter's keyboard help.
pub const PRESENTER_HELP: &str = r#"[data-testid="presenter-help"]"#;

/// Check names.
pub mod names {
    /// A shared link replays the same run.
    pub const SHARE_REPRODUCES: &str = "share: link reproduces the run";
    /// The link from "Copy link" replays the same run.
    pub const SHARE_COPIED: &str = "share: copied link reproduces the run";
    /// A copied link also replays what was done by hand during the run.
    pub const SHARE_HAND_ACTIONS: &str = "share: copied link replays hand actions";
    /// The embedded page reports its height.
    pub const EMBED_HEIGHT: &str = "embed: height message";
    /// `driftline:play` starts the embedded clock.
    pub const EMBED_PLAY: &str = "embed: play message runs the clock";
    /// The reported height covers the embedded document (else the iframe keeps a
    /// scrollbar of its own).
    pub const EMBED_HEIGHT_FITS: &str = "embed: reported height fits the content";
    /// The single-file build runs from `file://` without network.
    pub const SINGLE_FILE: &str = "single-file: runs offline";
    /// Space starts and stops the clock in presenter mode.
    pub const PRESENTER_SPACE: &str = "presenter: space plays and pauses";
    /// `?` opens the keyboard help.
    pub const PRESENTER_HELP: &str = "presenter: ? shows help";
}

/// The host page: embeds the dashboard, records height messages in `window.__heights`
/// (and every `driftline:*` message in `window.__messages`), sizes the iframe from them,
/// and offers `window.__post(message)` to talk to the frame.
pub const HOST_HTML: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Driftline embed host (e2e)</title>
<link rel="icon" href="data:,"></head>
<body>
<h1>Embed host</h1>
<iframe id="dl" src="index.html?v=1&amp;embed=dashboard" title="Driftline dashboard"
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

/// Which single-file build the single-file check opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SingleFile {
    /// Named on the command line (`--single-file PATH`): it must exist, a missing file
    /// fails the check.
    Given(PathBuf),
    /// Not named: the build beside `dist` (`dist-single/driftline.html`) is checked when it
    /// exists; when it does not, the check is skipped and the summary says so.
    Default(PathBuf),
}

/// What the single-file check does, decided before the browser is involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SingleFilePlan {
    /// Open this (canonical) path via `file://`.
    Open(PathBuf),
    /// Fail with this detail.
    Fail(String),
    /// Skip with this reason.
    Skip(String),
}

/// How to build the single-file page, for messages.
const SINGLE_FILE_BUILD: &str =
    "cargo run -p driftline-xtask -- single-file --dist dist --out dist-single/driftline.html";

/// Decides the single-file check: a given path must exist, the default path is checked
/// when it exists, and only a missing default (or no choice at all) is a skip.
pub fn plan_single_file(choice: Option<&SingleFile>) -> SingleFilePlan {
    match choice {
        None => SingleFilePlan::Skip("no single-file build to open (--single-file not given)".to_owned()),
        Some(SingleFile::Given(path)) => match path.canonicalize() {
            Ok(p) if p.is_file() => SingleFilePlan::Open(p),
            _ => SingleFilePlan::Fail(format!(
                "--single-file {} does not exist or is not a file; build it with `{SINGLE_FILE_BUILD}`",
                path.display()
            )),
        },
        Some(SingleFile::Default(path)) => match path.canonicalize() {
            Ok(p) if p.is_file() => SingleFilePlan::Open(p),
            _ => SingleFilePlan::Skip(format!(
                "--single-file not given and there is no single-file build at {} (build it with \
                 `{SINGLE_FILE_BUILD}`)",
                path.display()
            )),
        },
    }
}

/// Tunables of the share checks.
#[derive(Debug, Clone)]
pub struct ShareOptions {
    /// The single-file build to open via `file://`, see [`plan_single_file`]; `None` skips
    /// that check.
    pub single_file: Option<SingleFile>,
    /// How long a page may take to show its lab.
    pub ready_timeout: Duration,
    /// How long a tick counter may take to reach a value (fast-forwards in debug builds
    /// are slow).
    pub tick_timeout: Duration,
    /// How long the embedded page may take to send its first message.
    pub message_timeout: Duration,
    /// Viewport the checks run at (the walk may have left a phone-sized window).
    pub viewport: (u32, u32),
}

impl Default for ShareOptions {
    fn default() -> Self {
        Self {
            single_file: None,
            ready_timeout: Duration::from_secs(20),
            tick_timeout: Duration::from_secs(60),
            message_timeout: Duration::from_secs(10),
            viewport: (1366, 768),
        }
    }
}

/// Copies the built site into a fresh temporary directory and adds [`HOST_PAGE`]. Serve
/// the returned directory; it is removed when dropped.
pub fn prepare_site(dist: &Path) -> Result<TempDir> {
    let dir = tempfile::Builder::new()
        .prefix("driftline-e2e-site-")
        .tempdir()
        .context("creating a directory for the served copy")?;
    copy_dir(dist, dir.path()).context(&format!("copying {}", dist.display()))?;
    std::fs::write(dir.path().join(HOST_PAGE), HOST_HTML)
        .context(&format!("writing {HOST_PAGE}"))?;
    Ok(dir)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Runs the four feature checks in order.
pub fn run_share_checks(page: &mut Page, opts: &ShareOptions) -> Report {
    let mut report = Report::new();
    let (width, height) = opts.viewport;
    // The checks below compare desktop layouts; at another size they would not mean much.
    if let Err(e) = page.session().set_window_size(width, height) {
        report.fail(
            "share: viewport",
            format!("could not resize to {width}x{height}: {e}"),
        );
    }
    let fresh = check_shared_link(&mut report, page, opts);
    check_copied_link(&mut report, page, fresh, opts);
    check_hand_actions(&mut report, page, opts);
    check_embed(&mut report, page, opts);
    check_single_file(&mut report, page, opts);
    check_presenter(&mut report, page, opts);
    report
}

/// Fails every check in `names` that has no outcome in `report` after index `from` (a step
/// all of them needed went wrong).
fn fail_unreported(report: &mut Report, from: usize, names: &[&str], why: &str) {
    for name in names {
        let reported = report
            .results
            .get(from..)
            .unwrap_or_default()
            .iter()
            .any(|r| r.name == *name);
        if !reported {
            report.fail(name, why);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Shared link

/// What the primary lab shows: counters and every chart's text alternative (its summary
/// and table of recent values, from the figure's caption). `missing` lists what the lab
/// should show and does not.
const SNAPSHOT_JS: &str = r#"
const missing = [];
const root = document.querySelector(arguments[0]);
if (!root) { return { values: {}, missing: [arguments[0]], busy: false, playing: false }; }
const values = {};
for (const id of ['tick', 'escaped', 'firing', 'pause']) {
  const css = '[data-testid="' + id + '"]';
  const e = root.querySelector(css);
  if (!e) { missing.push(css); } else if (id !== 'pause') { values[id] = e.textContent.trim(); }
}
const stats = root.querySelectorAll('.stat-row > span');
if (!stats.length) { missing.push('.stat-row > span'); }
stats.forEach((s, i) => {
  values['stat ' + i] = s.textContent.trim().replace(/\s+/g, ' ');
});
const charts = root.querySelectorAll('canvas[data-testid^="chart-"]');
if (!charts.length) { missing.push('canvas[data-testid^="chart-"]'); }
for (const c of charts) {
  const figure = c.closest('figure');
  const caption = figure && figure.querySelector('figcaption');
  if (caption) { values[c.dataset.testid] = caption.textContent; }
  else { missing.push('figcaption of [data-testid="' + c.dataset.testid + '"]'); }
}
const busy = !!root.querySelector('[data-testid="ff-progress"]');
const pause = root.querySelector('[data-testid="pause"]');
return { values, missing, busy, playing: !!(pause && !pause.disabled) };
"#;

/// Sets an input's value the way typing and leaving the field would (`input` then
/// `change`, both bubbling, which is where Yew listens).
const SET_INPUT_JS: &str = r#"
const e = document.querySelector(arguments[0]);
if (!e) { return false; }
e.focus();
e.value = arguments[1];
e.dispatchEvent(new Event('input', { bubbles: true }));
e.dispatchEvent(new Event('change', { bubbles: true }));
e.blur();
return true;
"#;

/// Counters and chart summaries of one lab at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    /// Readout name (`tick`, `escaped`, `stat 1`, `chart-psi`) -> text.
    pub values: BTreeMap<String, String>,
}

impl Snapshot {
    /// Parses the `values` object of the snapshot script.
    pub fn from_json(value: &Value) -> Self {
        let values = value
            .get("values")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        Self { values }
    }

    /// The tick counter's value.
    pub fn tick(&self) -> Option<u64> {
        self.values.get("tick").and_then(|t| parse_tick(t))
    }

    /// What the snapshot script found missing in the lab (selectors), from its `missing`
    /// list.
    pub fn missing_from_json(value: &Value) -> Vec<String> {
        crate::page::strings(value.get("missing"))
    }

    /// How many chart summaries say "Latest value".
    pub fn charts_with_values(&self) -> usize {
        self.values
            .iter()
            .filter(|(k, v)| k.starts_with("chart-") && v.contains("Latest value"))
            .count()
    }
}

/// Readouts that differ between two snapshots (or exist in only one), one line each.
pub fn snapshot_differences(shared: &Snapshot, fresh: &Snapshot) -> Vec<String> {
    let mut keys: Vec<&String> = shared.values.keys().chain(fresh.values.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let a = shared.values.get(k);
            let b = fresh.values.get(k);
            (a != b).then(|| {
                let show =
                    |v: Option<&String>| v.map_or("(missing)".to_owned(), |s| format!("{s:?}"));
                format!("{k}: link {} vs controls {}", show(a), show(b))
            })
        })
        .collect()
}

/// Reads the primary lab; fails naming what is missing from it.
fn snapshot(page: &Page) -> Result<(Snapshot, bool, bool)> {
    let value = page.eval(SNAPSHOT_JS, &[json!(LAB)])?;
    let missing = Snapshot::missing_from_json(&value);
    if !missing.is_empty() {
        return Err(Error::new(format!(
            "the lab shows no {}",
            missing.join(", no ")
        )));
    }
    let busy = value.get("busy").and_then(Value::as_bool).unwrap_or(false);
    let playing = value
        .get("playing")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Ok((Snapshot::from_json(&value), busy, playing))
}

/// Waits until the lab sits still at `tick` (no fast-forward running, clock stopped).
fn settled_at(page: &mut Page, tick: u64, timeout: Duration) -> Result<Snapshot> {
    let mut last = None;
    let waited = page.wait_until(&format!("the lab to settle at tick {tick}"), timeout, |p| {
        let (snap, busy, playing) = snapshot(p)?;
        last = snap.tick();
        Ok((snap.tick() == Some(tick) && !busy && !playing).then_some(snap))
    });
    waited.map_err(|e| match last {
        Some(t) => e.context(&format!("tick is {t}")),
        None => e,
    })
}

/// Fresh page, then: `#/sandbox`, seed input, fast-forward input and button.
fn run_through_controls(page: &mut Page, opts: &ShareOptions) -> Result<Snapshot> {
    page.goto("about:blank")?;
    page.goto("#/sandbox")?;
    page.wait_for(
        r#"[data-testid="chapter-sandbox"] [data-testid="play"]"#,
        opts.ready_timeout,
    )?;
    set_input(page, r#"[data-testid="seed"]"#, &SHARED_SEED.to_string())?;
    // The seed restarts the run; the field keeps the value once the lab re-rendered.
    page.wait_until("the seed to be applied", opts.ready_timeout, |p| {
        let v = p.eval(
            "const e = document.querySelector('[data-testid=\"seed\"]'); return e && e.value;",
            &[],
        )?;
        Ok((v.as_str() == Some(&SHARED_SEED.to_string())).then_some(()))
    })?;
    set_input(
        page,
        r#"[data-testid="ff-ticks"]"#,
        &SHARED_TICK.to_string(),
    )?;
    // Let the panel re-render so the button reads the new tick count.
    std::thread::sleep(Duration::from_millis(200));
    page.click(r#"[data-testid="fast-forward"]"#)?;
    settled_at(page, SHARED_TICK, opts.tick_timeout)
}

fn set_input(page: &Page, css: &str, value: &str) -> Result<()> {
    let done = page.eval(SET_INPUT_JS, &[json!(css), json!(value)])?;
    if done.as_bool() == Some(true) {
        Ok(())
    } else {
        Err(Error::new(format!("no input matches {css}")))
    }
}

/// Returns the run set up through the controls, for the copied-link check.
fn check_shared_link(
    report: &mut Report,
    page: &mut Page,
    opts: &ShareOptions,
) -> Option<Snapshot> {
    let name = names::SHARE_REPRODUCES;
    // The check below passes only while no notice shows; first make sure a notice would.
    let control = other_version_link();
    let noticed = page
        .goto("about:blank")
        .and_then(|()| page.goto(&control))
        .and_then(|()| page.wait_for(LINK_NOTICES, opts.ready_timeout).map(|_| ()));
    if let Err(e) = noticed {
        report.fail(
            name,
            format!("{control} (another simulation version) must raise {LINK_NOTICES}: {e}"),
        );
        return None;
    }
    let link = shared_link();
    if let Err(e) = page.goto("about:blank").and_then(|()| page.goto(&link)) {
        report.fail(name, e.to_string());
        return None;
    }
    if let Err(e) = page.wait_for(PLAY, opts.ready_timeout) {
        report.fail(name, format!("{link}: {e}"));
        return None;
    }
    let shared = match settled_at(page, SHARED_TICK, opts.tick_timeout) {
        Ok(s) => s,
        Err(e) => {
            report.fail(name, format!("{link} did not replay the run: {e}"));
            return None;
        }
    };
    // Read now: the run through the controls below leaves this page.
    let notice_shown = match page.exists(LINK_NOTICES) {
        Ok(shown) => shown,
        Err(e) => {
            report.fail(name, format!("looking for {LINK_NOTICES}: {e}"));
            return None;
        }
    };
    let fresh = match run_through_controls(page, opts) {
        Ok(s) => s,
        Err(e) => {
            report.fail(
                name,
                format!("seed {SHARED_SEED} + fast-forward {SHARED_TICK} via the controls: {e}"),
            );
            return None;
        }
    };
    let differences = snapshot_differences(&shared, &fresh);
    if notice_shown {
        report.fail(
            name,
            format!("{link} is a link of this very build, yet the page shows a notice about it"),
        );
    } else if !differences.is_empty() {
        report.fail(name, differences.join("; "));
    } else if shared.charts_with_values() == 0 {
        report.fail(
            name,
            format!("no chart reports a latest value at tick {SHARED_TICK}: {shared:?}"),
        );
    } else {
        report.pass(
            name,
            format!(
                "{link} and the controls agree on {} readouts ({} charts) at tick \
                 {SHARED_TICK}; escaped {}; no notice (while {control} raises one)",
                shared.values.len(),
                shared.charts_with_values(),
                shared.values.get("escaped").map_or("?", String::as_str)
            ),
        );
    }
    Some(fresh)
}

/// On the page set up through the controls (the shared-link check leaves it open; when
/// that check stopped early, it is set up here): "Copy link", load the link it shows,
/// compare.
fn check_copied_link(
    report: &mut Report,
    page: &mut Page,
    fresh: Option<Snapshot>,
    opts: &ShareOptions,
) {
    let name = names::SHARE_COPIED;
    let fresh = match fresh {
        Some(f) => f,
        None => match run_through_controls(page, opts) {
            Ok(f) => f,
            Err(e) => {
                report.fail(
                    name,
                    format!(
                        "seed {SHARED_SEED} + fast-forward {SHARED_TICK} via the controls: {e}"
                    ),
                );
                return;
            }
        },
    };
    let fresh = &fresh;
    match page.exists(COPY_LINK) {
        Ok(true) => {}
        Ok(false) => {
            report.fail(name, format!("no element matches {COPY_LINK} on #/sandbox"));
            return;
        }
        Err(e) => {
            report.fail(name, format!("looking for {COPY_LINK}: {e}"));
            return;
        }
    }
    let link = match copy_link(page, opts) {
        Ok(l) => l,
        Err(e) => {
            report.fail(name, e.to_string());
            return;
        }
    };
    match replay_link(page, &link, SHARED_TICK, opts) {
        Err(e) => report.fail(name, format!("{link}: {e}")),
        Ok(copied) => {
            let differences = snapshot_differences(&copied, fresh);
            if differences.is_empty() {
                report.pass(
                    name,
                    format!("{link} agrees on {} readouts", copied.values.len()),
                );
            } else {
                report.fail(name, format!("{link}: {}", differences.join("; ")));
            }
        }
    }
}

/// Clicks "Copy link" and returns the link the field shows.
fn copy_link(page: &mut Page, opts: &ShareOptions) -> Result<String> {
    page.click(COPY_LINK)?;
    page.wait_until(
        &format!("the copied link to show in {SHARE_LINK_FIELD}"),
        opts.ready_timeout,
        |p| {
            let v = p.eval(
                "const e = document.querySelector(arguments[0]); return e ? e.value : null;",
                &[json!(SHARE_LINK_FIELD)],
            )?;
            if v.is_null() {
                return Err(Error::new(format!("no element matches {SHARE_LINK_FIELD}")));
            }
            Ok(v.as_str().filter(|s| !s.is_empty()).map(str::to_owned))
        },
    )
}

/// Opens `link` on a fresh page and waits for its lab to settle at `tick`.
fn replay_link(page: &mut Page, link: &str, tick: u64, opts: &ShareOptions) -> Result<Snapshot> {
    page.goto("about:blank")?;
    page.goto(link)?;
    page.wait_for(PLAY, opts.ready_timeout)?;
    settled_at(page, tick, opts.tick_timeout)
}

/// Ticks of the hand-action run: the actions happen at the first, the link is copied at
/// the second.
const HAND_ACTION_TICKS: (u64, u64) = (150, 320);

/// Fast-forwards the sandbox lab by `ticks` through its controls and waits for `until`.
fn fast_forward_to(
    page: &mut Page,
    ticks: u64,
    until: u64,
    opts: &ShareOptions,
) -> Result<Snapshot> {
    set_input(page, r#"[data-testid="ff-ticks"]"#, &ticks.to_string())?;
    // Let the panel re-render so the button reads the new tick count.
    std::thread::sleep(Duration::from_millis(200));
    page.click(r#"[data-testid="fast-forward"]"#)?;
    settled_at(page, until, opts.tick_timeout)
}

/// On `#/sandbox`: start a canary, inject drift and retrain by hand at one tick, run on,
/// copy the link, open it and compare the readouts.
fn check_hand_actions(report: &mut Report, page: &mut Page, opts: &ShareOptions) {
    let name = names::SHARE_HAND_ACTIONS;
    match hand_action_steps(page, opts) {
        Ok((link, differences, readouts)) if differences.is_empty() => report.pass(
            name,
            format!(
                "{link} agrees on {readouts} readouts at tick {}",
                HAND_ACTION_TICKS.1
            ),
        ),
        Ok((link, differences, _)) => {
            report.fail(name, format!("{link}: {}", differences.join("; ")))
        }
        Err(e) => report.fail(name, e.to_string()),
    }
}

fn hand_action_steps(page: &mut Page, opts: &ShareOptions) -> Result<(String, Vec<String>, usize)> {
    let (act_at, copy_at) = HAND_ACTION_TICKS;
    page.goto("about:blank")?;
    page.goto("#/sandbox")?;
    page.wait_for(
        r#"[data-testid="chapter-sandbox"] [data-testid="play"]"#,
        opts.ready_timeout,
    )?;
    // The lab opens a little way into its run; start from tick 0.
    page.click(r#"[data-testid="reset"]"#)?;
    settled_at(page, 0, opts.ready_timeout)?;
    fast_forward_to(page, act_at, act_at, opts)?;
    set_input(page, r#"[data-testid="pattern"]"#, "canary")?;
    std::thread::sleep(Duration::from_millis(200));
    page.click(r#"[data-testid="start-pattern"]"#)?;
    page.click(r#"[data-testid="inject-drift"]"#)?;
    page.click(r#"[data-testid="retrain"]"#)?;
    let original = fast_forward_to(page, copy_at - act_at, copy_at, opts)?;
    let link = copy_link(page, opts)?;
    for expected in ["act=", "deploy", "drift", &format!("retrain@{act_at}")] {
        if !link.contains(expected) {
            return Err(Error::new(format!("{link} does not mention {expected}")));
        }
    }
    let replayed = replay_link(page, &link, copy_at, opts)?;
    Ok((
        link,
        snapshot_differences(&replayed, &original),
        original.values.len(),
    ))
}

/// The primary lab's tick; fails when the counter is missing or shows no number.
fn read_tick(page: &Page) -> Result<u64> {
    let text = page
        .text_content(TICK)?
        .ok_or_else(|| Error::new(format!("no element matches {TICK}")))?;
    parse_tick(&text).ok_or_else(|| Error::new(format!("{TICK} shows no number: {text:?}")))
}

// ---------------------------------------------------------------------------------------
// Embed

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

fn check_embed(report: &mut Report, page: &mut Page, opts: &ShareOptions) {
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
        &format!("{wanted} inside index.html?embed=dashboard"),
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
        return Err(e.context("index.html?embed=dashboard told its host page nothing"));
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

// ---------------------------------------------------------------------------------------
// Single file

/// Resource and navigation entries not loaded from `data:`, `blob:` or `file:`.
const NON_LOCAL_JS: &str = r#"
const all = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
return { count: all.length, network: all.map((e) => e.name).filter((n) => !/^(data|blob|file):/.test(n)) };
"#;

/// URLs that would need a network (anything but `data:`, `blob:`, `file:`).
pub fn network_urls(urls: &[String]) -> Vec<String> {
    urls.iter()
        .filter(|u| !["data:", "blob:", "file:"].iter().any(|p| u.starts_with(p)))
        .cloned()
        .collect()
}

/// `file://` URL of an absolute path (spaces and `%`/`#`/`?` escaped).
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for c in path.to_string_lossy().chars() {
        match c {
            ' ' => url.push_str("%20"),
            '%' => url.push_str("%25"),
            '#' => url.push_str("%23"),
            '?' => url.push_str("%3F"),
            c => url.push(c),
        }
    }
    url
}

fn check_single_file(report: &mut Report, page: &mut Page, opts: &ShareOptions) {
    let name = names::SINGLE_FILE;
    let path = match plan_single_file(opts.single_file.as_ref()) {
        SingleFilePlan::Open(path) => path,
        SingleFilePlan::Fail(why) => {
            report.fail(name, why);
            return;
        }
        SingleFilePlan::Skip(why) => {
            report.skip(name, why);
            return;
        }
    };
    match single_file_steps(page, &path, opts) {
        Ok(detail) => report.pass(name, detail),
        Err(e) => report.fail(name, format!("{}: {e}", path.display())),
    }
}

fn single_file_steps(page: &mut Page, path: &Path, opts: &ShareOptions) -> Result<String> {
    let logs_before = page.console()?.len();
    page.goto("about:blank")?;
    page.goto(&file_url(path))?;
    page.wait_for(PLAY, opts.ready_timeout)?;
    page.click(PLAY)?;
    let tick = page.wait_until("the tick counter to pass 0", opts.tick_timeout, |p| {
        Ok(Some(read_tick(p)?).filter(|&t| t > 0))
    })?;
    let later = page.wait_until(
        &format!("the tick counter to pass {tick}"),
        opts.tick_timeout,
        |p| Ok(Some(read_tick(p)?).filter(|&t| t > tick)),
    )?;
    let value = page.eval(NON_LOCAL_JS, &[])?;
    let urls: Vec<String> = crate::page::strings(value.get("network"));
    let network = network_urls(&urls);
    if !network.is_empty() {
        return Err(Error::new(format!(
            "loaded over the network: {}",
            network.join(", ")
        )));
    }
    let errors = severe_messages(page.console()?.get(logs_before..).unwrap_or_default());
    if !errors.is_empty() {
        return Err(Error::new(format!(
            "console errors: {}",
            errors.join(" | ")
        )));
    }
    let count = value.get("count").and_then(Value::as_u64).unwrap_or(0);
    Ok(format!(
        "tick {tick} -> {later} after Play; {count} performance entries, all data:/blob:/file:"
    ))
}

// ---------------------------------------------------------------------------------------
// Presenter

/// Presses and releases one key through the W3C actions API (goes to the focused element).
fn press_key(page: &Page, key: &str) -> Result<()> {
    let actions = json!({ "actions": [{
        "type": "key",
        "id": "keyboard",
        "actions": [ { "type": "keyDown", "value": key }, { "type": "keyUp", "value": key } ]
    }]});
    page.session()
        .command("POST", "/actions", Some(&actions))
        .map(|_| ())
        .context(&format!("pressing {key:?}"))?;
    page.session()
        .command("DELETE", "/actions", None)
        .map(|_| ())
}

/// Whether the first element matching the selector is rendered and not hidden.
const VISIBLE_JS: &str = r#"
const e = document.querySelector(arguments[0]);
if (!e) { return false; }
const s = getComputedStyle(e);
const r = e.getBoundingClientRect();
return !e.hidden && s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0
  && r.width > 0 && r.height > 0;
"#;

fn visible(page: &Page, css: &str) -> Result<bool> {
    Ok(page.eval(VISIBLE_JS, &[json!(css)])?.as_bool() == Some(true))
}

fn check_presenter(report: &mut Report, page: &mut Page, opts: &ShareOptions) {
    let loaded = page
        .goto("about:blank")
        .and_then(|()| page.goto("?present=1"))
        .and_then(|()| page.wait_for(PLAY, opts.ready_timeout).map(|_| ()));
    let presenting = loaded.and_then(|()| {
        page.wait_for(PRESENTER_UI, opts.ready_timeout)
            .map(|_| ())
            .map_err(|e| e.context("?present=1 is not in presenter mode"))
    });
    if let Err(e) = presenting {
        let why = format!("?present=1: {e}");
        report.fail(names::PRESENTER_SPACE, &why);
        report.fail(names::PRESENTER_HELP, why);
        return;
    }
    match presenter_space(page, opts) {
        Ok(detail) => report.pass(names::PRESENTER_SPACE, detail),
        Err(e) => report.fail(names::PRESENTER_SPACE, e.to_string()),
    }
    let help = press_key(page, "?").and_then(|()| {
        page.wait_until(
            &format!("the keyboard help {PRESENTER_HELP} to show"),
            Duration::from_secs(5),
            |p| {
                if !p.exists(PRESENTER_HELP)? {
                    return Err(Error::new(format!("no element matches {PRESENTER_HELP}")));
                }
                Ok(visible(p, PRESENTER_HELP)?.then_some(()))
            },
        )
    });
    match help {
        Ok(()) => report.pass(names::PRESENTER_HELP, "the help overlay is visible after ?"),
        Err(e) => report.fail(names::PRESENTER_HELP, e.to_string()),
    }
}

fn presenter_space(page: &mut Page, opts: &ShareOptions) -> Result<String> {
    let before = read_tick(page)?;
    press_key(page, " ")?;
    let running = page.wait_until(
        &format!("the tick to pass {before} after space"),
        opts.tick_timeout.min(Duration::from_secs(15)),
        |p| Ok(Some(read_tick(p)?).filter(|&t| t > before)),
    )?;
    press_key(page, " ")?;
    // A beat already scheduled may still land; then the counter must hold still.
    std::thread::sleep(Duration::from_millis(400));
    let paused = read_tick(page)?;
    std::thread::sleep(Duration::from_millis(1200));
    let still = read_tick(page)?;
    if still != paused {
        return Err(Error::new(format!(
            "the second space did not stop the clock: tick {paused} -> {still} in 1.2 s"
        )));
    }
    Ok(format!(
        "space: tick {before} -> {running}; space again: held at {still}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(pairs: &[(&str, &str)]) -> Snapshot {
        Snapshot {
            values: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn snapshots_parse_and_count_chart_values() {
        let value = json!({ "values": {
            "tick": "300", "escaped": "4",
            "chart-psi": "Population stability. Latest value 0.012, alarm threshold 0.2.",
            "chart-cpu-load": "CPU load. No data yet.",
            "bogus": 3
        }, "busy": false });
        let s = Snapshot::from_json(&value);
        assert_eq!(s.tick(), Some(300));
        assert_eq!(s.values.len(), 4, "non-string values are dropped");
        assert_eq!(s.charts_with_values(), 1);
        assert_eq!(Snapshot::from_json(&Value::Null), Snapshot::default());
    }

    #[test]
    fn differences_name_each_readout() {
        let a = snap(&[
            ("tick", "300"),
            ("escaped", "4"),
            ("chart-psi", "Latest value 0.1."),
        ]);
        let b = snap(&[("tick", "300"), ("escaped", "5"), ("firing", "0")]);
        let d = snapshot_differences(&a, &b);
        assert_eq!(
            d,
            vec![
                r#"chart-psi: link "Latest value 0.1." vs controls (missing)"#,
                r#"escaped: link "4" vs controls "5""#,
                r#"firing: link (missing) vs controls "0""#,
            ]
        );
        assert!(snapshot_differences(&a, &a.clone()).is_empty());
    }

    #[test]
    fn only_local_schemes_count_as_offline() {
        let urls: Vec<String> = [
            "file:///tmp/driftline.html",
            "data:application/wasm;base64,AGFzbQ==",
            "blob:null/1234",
            "http://127.0.0.1:8080/x.wasm",
            "https://cdn.example/font.woff2",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        assert_eq!(network_urls(&urls), urls[3..].to_vec());
    }

    #[test]
    fn file_urls_escape_what_a_url_would_misread() {
        assert_eq!(
            file_url(Path::new("/tmp/dist single/a#b?.html")),
            "file:///tmp/dist%20single/a%23b%3F.html"
        );
        assert_eq!(file_url(Path::new("/x/100%.html")), "file:///x/100%25.html");
    }

    #[test]
    fn missing_lab_readouts_are_listed() {
        let value = json!({ "values": {}, "missing": ["[data-testid=\"escaped\"]", 3, ".stat-row > span"] });
        assert_eq!(
            Snapshot::missing_from_json(&value),
            vec!["[data-testid=\"escaped\"]", ".stat-row > span"]
        );
        assert!(Snapshot::missing_from_json(&json!({ "values": {} })).is_empty());
    }

    #[test]
    fn selectors_name_exactly_one_test_id_each() {
        // A list (`a, b`) would let a check pass on a stand-in; each names one id.
        for css in [
            COPY_LINK,
            SHARE_LINK_FIELD,
            LAB,
            EMBED_UI,
            PRESENTER_UI,
            PRESENTER_HELP,
            LINK_NOTICES,
        ] {
            assert!(!css.contains(','), "{css}");
            assert_eq!(css.matches("data-testid=").count(), 1, "{css}");
        }
    }

    #[test]
    fn a_given_single_file_must_exist_and_only_a_missing_default_is_skipped() {
        let dir = TempDir::new().unwrap();
        let file = dir.path().join("driftline.html");
        std::fs::write(&file, "<p>offline</p>").unwrap();
        let missing = dir.path().join("nope.html");
        let canonical = file.canonicalize().unwrap();

        assert_eq!(
            plan_single_file(Some(&SingleFile::Given(file.clone()))),
            SingleFilePlan::Open(canonical.clone())
        );
        assert_eq!(
            plan_single_file(Some(&SingleFile::Default(file))),
            SingleFilePlan::Open(canonical)
        );
        let SingleFilePlan::Fail(why) = plan_single_file(Some(&SingleFile::Given(missing.clone())))
        else {
            panic!("a missing --single-file must fail");
        };
        assert!(
            why.contains("nope.html") && why.contains("does not exist"),
            "{why}"
        );
        let SingleFilePlan::Fail(_) =
            plan_single_file(Some(&SingleFile::Given(dir.path().to_owned())))
        else {
            panic!("a directory is not a single-file build");
        };
        let SingleFilePlan::Skip(why) = plan_single_file(Some(&SingleFile::Default(missing)))
        else {
            panic!("a missing default is a skip");
        };
        assert!(
            why.contains("--single-file not given") && why.contains("nope.html"),
            "{why}"
        );
        assert!(matches!(plan_single_file(None), SingleFilePlan::Skip(_)));
    }

    #[test]
    fn unreported_checks_fail_when_a_shared_step_broke() {
        let mut report = Report::new();
        report.pass("earlier", "ok");
        let from = report.results.len();
        report.pass("b", "ok");
        fail_unreported(&mut report, from, &["a", "b", "earlier"], "frame gone");
        let failed: Vec<&str> = report.failures().map(|r| r.name.as_str()).collect();
        assert_eq!(
            failed,
            ["a", "earlier"],
            "only checks reported before `from` are not counted"
        );
        assert_eq!(
            report.get("a").map(|r| r.detail.as_str()),
            Some("frame gone")
        );
    }

    #[test]
    fn prepared_site_is_a_copy_with_the_host_page() {
        let dist = TempDir::new().unwrap();
        std::fs::create_dir_all(dist.path().join("assets")).unwrap();
        std::fs::write(dist.path().join("index.html"), "<p>app</p>").unwrap();
        std::fs::write(dist.path().join("assets").join("a.js"), "x").unwrap();
        let site = prepare_site(dist.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(site.path().join("index.html")).unwrap(),
            "<p>app</p>"
        );
        assert_eq!(
            std::fs::read_to_string(site.path().join("assets/a.js")).unwrap(),
            "x"
        );
        let host = std::fs::read_to_string(site.path().join(HOST_PAGE)).unwrap();
        assert!(host.contains("embed=dashboard") && host.contains("driftline:height"));
        assert!(
            !dist.path().join(HOST_PAGE).exists(),
            "dist itself is untouched"
        );
    }
}
