//! A browser benchmark of rewinding (issue 17): a lab runs a 30-simulated-day lesson, then
//! seeks to random ticks; the harness calls `window.wasmBindings.bench_seek(30, 50)`.

use std::rc::Rc;

use driftline_sim::lessons::Lesson;
use driftline_sim::rng::SimRng;
use wasm_bindgen::prelude::*;
use yew::Reducible;

use super::state::{LabAction, LabState};

/// Runs the data-drift lesson for `days` simulated days in a lab, then seeks `seeks` times
/// to random ticks (a fixed seed) and returns, in order: median and 95th-percentile seek time
/// (ms), the slowest seek (ms), the ticks run, the copies the timeline holds, the spacing
/// between them (ticks), the wasm memory before and after the run (bytes; linear memory
/// only grows), and the time the run took (ms).
#[wasm_bindgen]
pub fn bench_seek(days: f64, seeks: u32) -> Vec<f64> {
    let perf = web_sys::window().and_then(|w| w.performance());
    let now = || perf.as_ref().map_or(0.0, web_sys::Performance::now);
    let memory_before = crate::bench_hooks::bench_wasm_memory_bytes();
    let scenario = Lesson::DataDrift.preset();
    let ticks = driftline_sim::bench_scenarios::ticks_for_days(&scenario, days);
    let started = now();
    let mut state = Rc::new(LabState::new(scenario));
    // One fast-forward runs at most `MAX_FAST_FORWARD_TICKS`: as many as it takes.
    while state.world().tick() < ticks {
        let left = ticks - state.world().tick();
        state = state.reduce(LabAction::FastForward(left));
        while state.fast_forward.is_some() {
            state = state.reduce(LabAction::RunFastForwardSlice(left));
        }
    }
    let ticks = state.newest_tick();
    let run_ms = now() - started;
    let (copies, spacing) = state.timeline_shape();
    let memory_after = crate::bench_hooks::bench_wasm_memory_bytes();
    let mut rng = SimRng::new(17);
    let mut times: Vec<f64> = (0..seeks)
        .map(|_| {
            // Ticks stay far below 2^52.
            let target = (rng.uniform() * ticks as f64) as u64;
            let started = now();
            state = Rc::clone(&state).reduce(LabAction::Seek(target));
            now() - started
        })
        .collect();
    times.sort_unstable_by(f64::total_cmp);
    let at = |q: f64| {
        // An index into a non-empty sorted list.
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).copied().unwrap_or(0.0)
    };
    vec![
        at(0.5),
        at(0.95),
        at(1.0),
        ticks as f64,
        copies as f64,
        spacing as f64,
        memory_before,
        memory_after,
        run_ms,
    ]
}
