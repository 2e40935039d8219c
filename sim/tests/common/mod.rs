//! Shared helpers for the lesson tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use driftline_sim::metrics::TickMetrics;
use driftline_sim::{Scenario, World};

/// Runs `ticks` ticks and returns the world and every tick's metrics.
pub fn run(s: Scenario, ticks: u64) -> (World, Vec<TickMetrics>) {
    let mut w = World::new(s).expect("valid scenario");
    let mut out = Vec::with_capacity(ticks as usize);
    for _ in 0..ticks {
        out.push(*w.step());
    }
    (w, out)
}

/// Mean of a field over ticks in `[from, to)`, skipping absent values.
pub fn mean(ms: &[TickMetrics], field: &str, from: u64, to: u64) -> f64 {
    let v: Vec<f64> = ms
        .iter()
        .filter(|m| m.tick >= from && m.tick < to)
        .filter_map(|m| m.get(field))
        .collect();
    assert!(!v.is_empty(), "no values of {field} in [{from}, {to})");
    v.iter().sum::<f64>() / v.len() as f64
}

/// Sum of a field over ticks in `[from, to)`.
pub fn sum(ms: &[TickMetrics], field: &str, from: u64, to: u64) -> f64 {
    ms.iter()
        .filter(|m| m.tick >= from && m.tick < to)
        .filter_map(|m| m.get(field))
        .sum()
}

/// The value of a field at one tick.
pub fn at(ms: &[TickMetrics], field: &str, tick: u64) -> Option<f64> {
    ms.iter()
        .find(|m| m.tick == tick)
        .and_then(|m| m.get(field))
}

/// First tick >= `from` where `pred` holds.
pub fn first_tick(
    ms: &[TickMetrics],
    from: u64,
    pred: impl Fn(&TickMetrics) -> bool,
) -> Option<u64> {
    ms.iter()
        .filter(|m| m.tick >= from)
        .find(|m| pred(m))
        .map(|m| m.tick)
}

/// First tick >= `from` at which the named alert (or detector) fired.
pub fn first_firing(w: &World, name: &str, from: u64) -> Option<u64> {
    w.watch()
        .firings()
        .filter(|f| f.alert == name && f.tick >= from)
        .map(|f| f.tick)
        .min()
}

/// `f` for the `count` seeds from `base` on (wrapping), in seed order, on two threads: each
/// world is still one deterministic run, the threads only share the work.
pub fn map_seeds<T: Send>(base: u64, count: u64, f: impl Fn(u64) -> T + Sync) -> Vec<T> {
    let f = &f;
    let mut tagged: Vec<(u64, T)> = std::thread::scope(|scope| {
        let halves: Vec<_> = (0..2u64)
            .map(|half| {
                scope.spawn(move || {
                    (half..count)
                        .step_by(2)
                        .map(|i| (i, f(base.wrapping_add(i))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    tagged.sort_by_key(|(i, _)| *i);
    tagged.into_iter().map(|(_, t)| t).collect()
}

/// Fails with every message when `check` fails for any seed in `seeds`.
pub fn assert_every_seed(
    seeds: std::ops::Range<u64>,
    check: impl Fn(u64) -> Result<(), String> + Sync,
) {
    let failed: Vec<String> = map_seeds(seeds.start, seeds.end - seeds.start, check)
        .into_iter()
        .filter_map(Result::err)
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
