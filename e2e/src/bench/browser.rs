//! The measurements taken in the browser: first chart, redraw and frames while playing,
//! fast-forward in wasm, and memory after many simulated phones.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::bench::scripts;
use crate::checks;
use crate::error::{Context, Error, Result};
use crate::page::Page;

/// Installs the ink watcher so it runs before any page script on every later navigation.
/// Returns `false` when chromedriver offers no DevTools commands (the fallback figure is then
/// unavailable).
pub fn install_ink_watch(page: &Page) -> bool {
    let cdp = json!({
        "cmd": "Page.addScriptToEvaluateOnNewDocument",
        "params": { "source": scripts::INK_WATCH_JS },
    });
    page.session()
        .command("POST", "/goog/cdp/execute", Some(&cdp))
        .is_ok()
}

/// Loads the page afresh (via `about:blank`, so even the same URL is a new navigation) and
/// waits until the app has started (`window.wasmBindings` exists).
pub fn fresh_load(page: &mut Page, timeout: Duration) -> Result<()> {
    page.goto("about:blank")?;
    page.goto("")?;
    page.wait_until("the app to start (window.wasmBindings)", timeout, |p| {
        let started = p.eval("return !!window.wasmBindings;", &[])?;
        Ok((started.as_bool() == Some(true)).then_some(()))
    })
}

/// The bench hooks' interface version in the loaded page, or `None` for a build without them.
pub fn hooks_version(page: &Page) -> Result<Option<u64>> {
    Ok(page.eval(scripts::HOOKS_VERSION_JS, &[])?.as_u64())
}

/// One navigation's first-chart timings, in ms since navigation start.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FirstChart {
    /// The app's `driftline:first-chart` mark (first chart drawn with data).
    pub mark_ms: Option<f64>,
    /// The first animation frame in which any canvas had ink (fallback).
    pub ink_ms: Option<f64>,
    /// End of the load event.
    pub load_event_ms: Option<f64>,
}

/// How long to keep waiting for the mark once a canvas has ink: a chart may first draw empty
/// axes and get its data a little later.
const MARK_GRACE_AFTER_INK: Duration = Duration::from_secs(2);

/// Loads the page `loads` times and records when the first chart appeared each time.
///
/// Waits for the app's mark; when a load ends without one, later loads only wait for ink
/// (the build evidently does not leave the mark).
pub fn first_chart(page: &mut Page, loads: usize, timeout: Duration) -> Result<Vec<FirstChart>> {
    let mut samples = Vec::with_capacity(loads);
    let mut expect_mark = true;
    for _ in 0..loads {
        page.goto("about:blank")?;
        let start = Instant::now();
        page.goto("")?;
        let mut ink_seen_at: Option<Instant> = None;
        let sample = page.wait_until("a first chart (mark or ink)", timeout, |p| {
            let probe = p.eval(scripts::FIRST_CHART_PROBE_JS, &[])?;
            let sample = FirstChart {
                mark_ms: probe.get("mark").and_then(Value::as_f64),
                ink_ms: probe.get("ink").and_then(Value::as_f64),
                load_event_ms: probe.get("loadEvent").and_then(Value::as_f64),
            };
            if sample.mark_ms.is_some() {
                return Ok(Some(sample));
            }
            if sample.ink_ms.is_some() {
                let seen = *ink_seen_at.get_or_insert_with(Instant::now);
                if !expect_mark || seen.elapsed() >= MARK_GRACE_AFTER_INK {
                    return Ok(Some(sample));
                }
            }
            // Without the ink watcher only the mark can end the wait.
            let watching = probe.get("inkWatch").and_then(Value::as_bool) == Some(true);
            if !watching && !expect_mark && start.elapsed() > timeout / 2 {
                return Ok(Some(sample));
            }
            Ok(None)
        })?;
        expect_mark = sample.mark_ms.is_some();
        samples.push(sample);
    }
    Ok(samples)
}

/// What one playing run recorded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlayRun {
    /// requestAnimationFrame deltas while idle, before Play (ms).
    pub idle_frames_ms: Vec<f64>,
    /// requestAnimationFrame deltas while playing (ms).
    pub frames_ms: Vec<f64>,
    /// Clock beats timed by the interval wrapper (ms).
    pub beats_ms: Vec<f64>,
    /// The app's own redraw samples, if the build has the hooks (ms).
    pub app_redraws_ms: Option<Vec<f64>>,
    /// The tick counter before and after.
    pub ticks: (Option<u64>, Option<u64>),
}

/// Idle recording before Play, to learn the display's frame interval.
const IDLE_RECORD: Duration = Duration::from_secs(1);

/// Loads the page, fast-forwards `warm_ticks` through the page's own control (0: none),
/// presses Play and records frames and redraws for `duration`.
pub fn play(
    page: &mut Page,
    warm_ticks: u64,
    duration: Duration,
    timeout: Duration,
) -> Result<PlayRun> {
    fresh_load(page, timeout)?;
    page.wait_for(checks::PLAY, timeout)?;
    if warm_ticks > 0 {
        let reply = page
            .eval_async(scripts::UI_FAST_FORWARD_JS, &[json!(warm_ticks)])
            .context("fast-forward before playing")?;
        if let Some(error) = reply.get("error") {
            return Err(Error::new(format!("fast-forward before playing: {error}")));
        }
        // The figure is only about a full history if the page really got there.
        let reached = read_tick(page).unwrap_or(0);
        if reached < warm_ticks {
            return Err(Error::new(format!(
                "fast-forward before playing stopped at tick {reached}, short of {warm_ticks}"
            )));
        }
    }
    // Let start-up work (first paints, font layout) finish before measuring idle frames.
    std::thread::sleep(Duration::from_millis(500));
    page.eval(scripts::INSTALL_PLAY_JS, &[])?;
    let idle = page.eval_async(scripts::RECORD_FRAMES_JS, &[json!(ms(IDLE_RECORD))])?;
    let tick_before = read_tick(page);
    page.click(checks::PLAY)?;
    let recorded = page
        .eval_async(scripts::RECORD_FRAMES_JS, &[json!(ms(duration))])
        .context("recording frames while playing")?;
    let tick_after = read_tick(page);
    Ok(PlayRun {
        idle_frames_ms: numbers(&idle, "frames"),
        frames_ms: numbers(&recorded, "frames"),
        beats_ms: numbers(&recorded, "beats"),
        app_redraws_ms: recorded
            .get("app")
            .filter(|v| !v.is_null())
            .map(|_| numbers(&recorded, "app")),
        ticks: (tick_before, tick_after),
    })
}

/// Reads and clears the factory picture's frame costs; `None` for a build without the hook.
const SCENE_SAMPLES_JS: &str = "const b = window.wasmBindings; \
return b && typeof b.bench_scene_samples === 'function' ? Array.from(b.bench_scene_samples()) : null;";

/// Loads the page, sets the clock to its top speed, plays for `duration` and returns the
/// factory picture's frame costs (ms per beat, from the app's hooks); `None` when the build
/// has no such hook.
pub fn play_scene(
    page: &mut Page,
    duration: Duration,
    timeout: Duration,
) -> Result<Option<Vec<f64>>> {
    fresh_load(page, timeout)?;
    page.wait_for(checks::PLAY, timeout)?;
    page.eval(
        "const s = document.querySelector('[data-testid=\"speed\"]'); \
         if (!s) { throw new Error('no speed control'); } \
         s.value = s.options[s.options.length - 1].value; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
        &[],
    )
    .context("setting the top speed")?;
    std::thread::sleep(Duration::from_millis(300));
    if page.eval(SCENE_SAMPLES_JS, &[])?.is_null() {
        return Ok(None);
    }
    page.click(checks::PLAY)?;
    std::thread::sleep(duration);
    let samples = page.eval(SCENE_SAMPLES_JS, &[])?;
    page.click(r#"[data-testid="pause"]"#)?;
    Ok(Some(
        samples
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default(),
    ))
}

fn read_tick(page: &Page) -> Option<u64> {
    page.text_content(checks::TICK)
        .ok()
        .flatten()
        .and_then(|t| checks::parse_tick(&t))
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The numbers in the array `key` of `value` (non-numbers skipped).
fn numbers(value: &Value, key: &str) -> Vec<f64> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// Frames missed between consecutive animation frames: a delta of about k intervals means
/// k - 1 frames were dropped.
pub fn dropped_frames(deltas_ms: &[f64], interval_ms: f64) -> u64 {
    if interval_ms <= 0.0 || !interval_ms.is_finite() {
        return 0;
    }
    deltas_ms
        .iter()
        .map(|d| ((d / interval_ms).round() as u64).saturating_sub(1))
        .sum()
}

/// One fast-forward in wasm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WasmRun {
    /// Building the heavy world, ms.
    pub build_ms: f64,
    /// Running the ticks, ms.
    pub run_ms: f64,
    /// Phones simulated.
    pub phones: f64,
}

/// Times `runs` fast-forwards of `ticks` ticks of the heavy world in the page.
pub fn fast_forward(page: &Page, ticks: u64, runs: usize) -> Result<Vec<WasmRun>> {
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let v = page
            .eval(scripts::FAST_FORWARD_JS, &[json!(ticks)])
            .context("fast-forward in wasm")?;
        let num = |k: &str| {
            v.get(k)
                .and_then(Value::as_f64)
                .ok_or_else(|| Error::new(format!("fast-forward reply lacks {k}: {v}")))
        };
        out.push(WasmRun {
            build_ms: num("buildMs")?,
            run_ms: num("runMs")?,
            phones: num("phones")?,
        });
    }
    Ok(out)
}

/// The wasm trace hash of the first `ticks` ticks of the heavy world.
pub fn trace_hash(page: &Page, ticks: u64) -> Result<String> {
    let v = page.eval(scripts::TRACE_HASH_JS, &[json!(ticks)])?;
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::new(format!("trace hash is not a string: {v}")))
}

/// Memory after a number of simulated phones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryPoint {
    /// Phones simulated by the heavy world so far.
    pub phones: f64,
    /// Wasm linear memory, bytes.
    pub wasm_bytes: f64,
    /// `performance.memory.usedJSHeapSize` after a GC, bytes (None outside Chromium).
    pub js_heap_bytes: Option<f64>,
}

/// Ticks per slice of the memory run: about ten thousand phones, so a checkpoint is passed by
/// at most that many.
const MEMORY_SLICE_TICKS: u64 = 1_000;

/// Runs one heavy world until each checkpoint (phones, ascending) and reads memory there.
/// Each WebDriver call runs for at most `call_limit` (keep it well below the driver's HTTP
/// timeout); `progress` hears about every checkpoint.
pub fn memory(
    page: &Page,
    checkpoints: &[f64],
    call_limit: Duration,
    mut progress: impl FnMut(&MemoryPoint),
) -> Result<Vec<MemoryPoint>> {
    let mut phones = page
        .eval(scripts::MEMORY_RESET_JS, &[])?
        .as_f64()
        .unwrap_or(0.0);
    let mut points = Vec::with_capacity(checkpoints.len());
    for &target in checkpoints {
        while phones < target {
            let v = page.eval_async(
                scripts::MEMORY_RUN_JS,
                &[
                    json!(target),
                    json!(MEMORY_SLICE_TICKS),
                    json!(ms(call_limit)),
                ],
            )?;
            let now = v
                .get("phones")
                .and_then(Value::as_f64)
                .ok_or_else(|| Error::new(format!("memory run reply lacks phones: {v}")))?;
            if now <= phones {
                return Err(Error::new(format!(
                    "the heavy world stopped simulating phones at {phones}"
                )));
            }
            phones = now;
        }
        let v = page.eval(scripts::MEMORY_READ_JS, &[])?;
        let point = MemoryPoint {
            phones,
            wasm_bytes: v.get("wasm").and_then(Value::as_f64).unwrap_or(f64::NAN),
            js_heap_bytes: v.get("heap").and_then(Value::as_f64),
        };
        progress(&point);
        points.push(point);
    }
    page.eval("window.wasmBindings.bench_heavy_drop(); return null;", &[])?;
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_frames_count_the_missed_intervals() {
        let interval = 1000.0 / 60.0;
        // On time, one frame late (two intervals), three intervals, and jitter.
        let deltas = [16.7, 33.4, 50.0, 17.9, 15.2, 24.0];
        // 24 ms is 1.44 intervals: rounds to 1, not a drop.
        assert_eq!(dropped_frames(&deltas, interval), 3);
        assert_eq!(dropped_frames(&[], interval), 0);
        assert_eq!(dropped_frames(&deltas, 0.0), 0);
        assert_eq!(dropped_frames(&[26.0], interval), 1);
    }

    #[test]
    fn numbers_are_read_from_json_arrays() {
        let v = json!({ "frames": [16.6, "x", 17.0], "app": null });
        assert_eq!(numbers(&v, "frames"), vec![16.6, 17.0]);
        assert!(numbers(&v, "app").is_empty());
        assert!(numbers(&v, "missing").is_empty());
    }
}
