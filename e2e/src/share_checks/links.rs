//! The shared-link checks: a link of this build replays the run (and one of another
//! simulation version raises a notice), the "Copy link" link does too, and so does a copied
//! link after hand actions (a canary, drift and a retrain at one tick).

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{json, Value};

use super::{names, ShareOptions, COPY_LINK, LAB, SHARE_LINK_FIELD};
use crate::checks::{parse_tick, PLAY};
use crate::error::{Error, Result};
use crate::page::Page;
use crate::report::Report;

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
pub(super) const LINK_NOTICES: &str = r#"[data-testid="notices-link"]"#;
/// Seed in [`shared_link`].
pub const SHARED_SEED: u64 = 7;
/// Tick in [`shared_link`].
pub const SHARED_TICK: u64 = 300;

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
pub(super) fn check_shared_link(
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
pub(super) fn check_copied_link(
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
pub(super) fn check_hand_actions(report: &mut Report, page: &mut Page, opts: &ShareOptions) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn missing_lab_readouts_are_listed() {
        let value = json!({ "values": {}, "missing": ["[data-testid=\"escaped\"]", 3, ".stat-row > span"] });
        assert_eq!(
            Snapshot::missing_from_json(&value),
            vec!["[data-testid=\"escaped\"]", ".stat-row > span"]
        );
        assert!(Snapshot::missing_from_json(&json!({ "values": {} })).is_empty());
    }
}
