//! Functions exported to JavaScript for the browser benchmark harness (`e2e` crate,
//! `driftline-bench`). Trunk exposes wasm exports as `window.wasmBindings`, so the harness
//! calls e.g. `window.wasmBindings.bench_heavy_run(1000)`.
//!
//! Two kinds of hooks live here:
//! - timing hooks the app calls ([`chart_drawn`], [`beat_start`]). They cost one
//!   `performance.now()` per call, keep a bounded buffer, and leave a single User Timing mark
//!   ([`FIRST_CHART_MARK`]), so an app that calls them stays flat in memory however long it
//!   plays;
//! - `bench_*` functions the harness calls: the heaviest scenario to time (fast-forward
//!   throughput, memory after many phones) and the redraw durations the timing hooks collected.

use std::cell::RefCell;
use std::collections::VecDeque;

use driftline_sim::world::World;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// Shared with the native side of the benchmark so both simulate the same scenario.
use driftline_sim::bench_scenarios as heavy;

/// Version of the `bench_*` interface; the harness refuses builds with a different one.
pub const BENCH_HOOKS_VERSION: u32 = 1;

/// User Timing mark left when a chart is first drawn with data.
pub const FIRST_CHART_MARK: &str = "driftline:first-chart";

/// Redraw durations kept until the harness collects them (oldest dropped first).
const MAX_REDRAW_SAMPLES: usize = 4096;

/// What the timing hooks have seen.
#[derive(Debug, Default)]
struct Timing {
    first_chart_marked: bool,
    /// `performance.now()` at the start of the current clock beat.
    beat_started_ms: Option<f64>,
    /// `performance.now()` after the last chart drawn since the beat started.
    last_draw_ms: Option<f64>,
    /// Completed beats: milliseconds from beat start to the last chart drawn.
    redraw_ms: VecDeque<f64>,
}

impl Timing {
    /// Turns the current beat into a sample, if a chart was drawn during it.
    fn close_beat(&mut self) {
        let started = self.beat_started_ms.take();
        let ended = self.last_draw_ms.take();
        if let (Some(start), Some(end)) = (started, ended) {
            if self.redraw_ms.len() >= MAX_REDRAW_SAMPLES {
                self.redraw_ms.pop_front();
            }
            self.redraw_ms.push_back((end - start).max(0.0));
        }
    }
}

/// The factory picture's frames (see [`scene_committed`]).
#[derive(Debug, Default)]
struct SceneTiming {
    model_started_ms: Option<f64>,
    model_ms: Option<f64>,
    render_started_ms: Option<f64>,
    frames_ms: VecDeque<f64>,
}

thread_local! {
    static SCENE: RefCell<SceneTiming> = RefCell::new(SceneTiming::default());
    static TIMING: RefCell<Timing> = RefCell::new(Timing::default());
    static HEAVY: RefCell<Option<World>> = const { RefCell::new(None) };
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Call after every chart paint with the number of data points drawn.
///
/// The first call with data leaves the [`FIRST_CHART_MARK`] mark (time from navigation to the
/// first chart with data); every call during a clock beat moves that beat's end (see
/// [`beat_start`]).
pub fn chart_drawn(points: usize) {
    let Some(perf) = performance() else {
        return;
    };
    let now_ms = perf.now();
    TIMING.with_borrow_mut(|t| {
        if t.beat_started_ms.is_some() {
            t.last_draw_ms = Some(now_ms);
        }
        if points > 0 && !t.first_chart_marked {
            t.first_chart_marked = true;
            // A failed mark only loses a benchmark figure; the page does not depend on it.
            let _ = perf.mark(FIRST_CHART_MARK);
        }
    });
}

/// Call at the start of each clock beat, before the tick is dispatched.
///
/// One beat's redraw time runs from here to the last [`chart_drawn`] before the next beat:
/// simulation step, view model, virtual DOM diff and every chart paint.
pub fn beat_start() {
    let Some(perf) = performance() else {
        return;
    };
    let now_ms = perf.now();
    TIMING.with_borrow_mut(|t| {
        t.close_beat();
        t.beat_started_ms = Some(now_ms);
    });
}

/// Call just before the factory picture's model is built for a render.
pub fn scene_model_started() {
    if let Some(perf) = performance() {
        let now_ms = perf.now();
        SCENE.with_borrow_mut(|s| s.model_started_ms = Some(now_ms));
    }
}

/// Call once the picture's model is built.
pub fn scene_model_built() {
    if let Some(perf) = performance() {
        let now_ms = perf.now();
        SCENE.with_borrow_mut(|s| {
            s.model_ms = s
                .model_started_ms
                .take()
                .map(|start| (now_ms - start).max(0.0));
        });
    }
}

/// Call at the start of the picture component's render.
pub fn scene_render_started() {
    if let Some(perf) = performance() {
        let now_ms = perf.now();
        SCENE.with_borrow_mut(|s| s.render_started_ms = Some(now_ms));
    }
}

/// Call once the picture's DOM is patched (`scene::view::SceneFrameMark`). One frame's cost
/// is the model's build plus its render start to here: building the model, rendering the
/// SVG's virtual DOM and patching the page.
pub fn scene_committed() {
    let Some(perf) = performance() else {
        return;
    };
    let now_ms = perf.now();
    SCENE.with_borrow_mut(|s| {
        if let Some(start) = s.render_started_ms.take() {
            if s.frames_ms.len() >= MAX_REDRAW_SAMPLES {
                s.frames_ms.pop_front();
            }
            let model = s.model_ms.take().unwrap_or(0.0);
            s.frames_ms.push_back(model + (now_ms - start).max(0.0));
        }
    });
}

/// Takes the picture's frame costs (ms) collected since the last call.
#[wasm_bindgen]
pub fn bench_scene_samples() -> Vec<f64> {
    SCENE.with_borrow_mut(|s| s.frames_ms.drain(..).collect())
}

/// The interface version ([`BENCH_HOOKS_VERSION`]); the harness checks it first.
#[wasm_bindgen]
pub fn bench_hooks_version() -> u32 {
    BENCH_HOOKS_VERSION
}

/// Takes the redraw durations (milliseconds per clock beat) collected since the last call.
/// Empty when the app does not call [`beat_start`] and [`chart_drawn`].
#[wasm_bindgen]
pub fn bench_redraw_samples() -> Vec<f64> {
    TIMING.with_borrow_mut(|t| {
        t.close_beat();
        t.redraw_ms.drain(..).collect()
    })
}

/// Builds a fresh world from the heaviest scenario (dropping any previous one) and returns the
/// ticks in one simulated day. Time it to get the world's construction cost (model training).
#[wasm_bindgen]
pub fn bench_heavy_reset() -> Result<f64, JsError> {
    let scenario = heavy::heavy_scenario();
    let per_day = heavy::ticks_per_day(&scenario);
    let world = World::new(scenario).map_err(|e| JsError::new(&format!("heavy scenario: {e}")))?;
    HEAVY.with_borrow_mut(|slot| *slot = Some(world));
    Ok(per_day as f64)
}

/// Runs `ticks` ticks of the heavy world and returns the phones simulated in them.
#[wasm_bindgen]
pub fn bench_heavy_run(ticks: u32) -> Result<f64, JsError> {
    HEAVY.with_borrow_mut(|slot| {
        let world = slot
            .as_mut()
            .ok_or_else(|| JsError::new("call bench_heavy_reset() first"))?;
        let before = world.last().arrived_total;
        world.run(u64::from(ticks));
        Ok(world.last().arrived_total.saturating_sub(before) as f64)
    })
}

/// Phones simulated by the heavy world since its reset.
#[wasm_bindgen]
pub fn bench_heavy_phones() -> f64 {
    HEAVY.with_borrow(|slot| slot.as_ref().map_or(0.0, |w| w.last().arrived_total as f64))
}

/// Ticks in `days` simulated days of the heavy scenario.
#[wasm_bindgen]
pub fn bench_heavy_ticks_for_days(days: f64) -> f64 {
    heavy::ticks_for_days(&heavy::heavy_scenario(), days) as f64
}

/// Trace hash (hex) of the first `ticks` ticks of a fresh heavy world, to compare with the
/// native run: equal hashes mean both sides simulated the same thing bit for bit.
#[wasm_bindgen]
pub fn bench_heavy_trace_hash(ticks: u32) -> Result<String, JsError> {
    let mut world = World::new(heavy::heavy_scenario())
        .map_err(|e| JsError::new(&format!("heavy scenario: {e}")))?;
    Ok(format!("{:016x}", world.trace_hash(u64::from(ticks))))
}

/// Drops the heavy world (its memory goes back to the allocator, not to the browser: wasm
/// linear memory never shrinks).
#[wasm_bindgen]
pub fn bench_heavy_drop() {
    HEAVY.with_borrow_mut(|slot| *slot = None);
}

/// Size of the wasm linear memory in bytes (grows, never shrinks).
#[wasm_bindgen]
pub fn bench_wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| f64::from(b.byte_length()))
}
