//! Seek latency and snapshot memory of a timeline over a 30-simulated-day run (native):
//! `cargo bench -p driftline-sim --bench timeline`. Prints, per scenario, the copies held,
//! their spacing and heap bytes, and the median and p95 time of 50 seeks to random ticks.
//!
//! Bytes are counted by a global allocator that forwards to the system's and keeps a
//! running total (the only unsafe code here: the trait is unsafe to implement).
#![allow(clippy::unwrap_used, clippy::expect_used, unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use driftline_sim::bench_scenarios::{heavy_scenario, ticks_for_days};
use driftline_sim::lessons::Lesson;
use driftline_sim::rng::SimRng;
use driftline_sim::timeline::Timeline;
use driftline_sim::{Scenario, World};

struct Counting;
static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call forwards to `System` with the caller's own arguments.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc` requires.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn measure(name: &str, scenario: Scenario) {
    let ticks = ticks_for_days(&scenario, 30.0);
    let mut world = World::new(scenario).unwrap();
    world.record_phones(64);
    let mut timeline = Timeline::new(&mut world);
    let started = Instant::now();
    for _ in 0..ticks {
        world.step();
        timeline.observe(&mut world);
    }
    let run_ms = started.elapsed().as_secs_f64() * 1e3;
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    let copy = timeline.clone();
    let bytes = LIVE_BYTES.load(Ordering::Relaxed) - before;
    drop(copy);
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    let whole = world.clone();
    let world_bytes = LIVE_BYTES.load(Ordering::Relaxed) - before;
    drop(whole);

    let mut rng = SimRng::new(17);
    let mut times: Vec<f64> = (0..50)
        .map(|_| {
            let target = (rng.uniform() * ticks as f64) as u64;
            let started = Instant::now();
            let seeked = timeline.seek(target, world.actions()).unwrap();
            let ms = started.elapsed().as_secs_f64() * 1e3;
            assert_eq!(seeked.tick(), target);
            ms
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{name}: {ticks} ticks (30 days) in {run_ms:.0} ms with the timeline; {} copies every {} ticks, {:.1} MB ({:.0} KB each; a whole world is {:.0} KB); seek median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        timeline.len(),
        timeline.spacing(),
        bytes as f64 / 1e6,
        bytes as f64 / 1024.0 / timeline.len() as f64,
        world_bytes as f64 / 1024.0,
        times[25],
        times[47],
        times[49],
    );
}

fn main() {
    measure("data_drift lesson", Lesson::DataDrift.preset());
    measure("heavy (bench_scenarios)", heavy_scenario());
}
