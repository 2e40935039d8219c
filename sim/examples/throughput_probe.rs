//! Runs one bench scenario for a fixed number of ticks, for profilers (callgrind, perf)
//! that want a plain process rather than criterion's timing loop.
//!
//! `cargo run --release -p driftline-sim --example throughput_probe -- default 20000`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline_sim::bench_scenarios::heavy_monitoring;
use driftline_sim::{Scenario, World};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let name = args.get(1).map_or("default", String::as_str);
    let ticks: u64 = args.get(2).and_then(|t| t.parse().ok()).unwrap_or(20_000);
    let s = match name {
        "heavy" => heavy_monitoring(),
        // The heavy scenario's fixed per-tick work (monitoring, labels, metrics) alone.
        "heavy-idle" => Scenario {
            phones_per_tick: 0.0001,
            ..heavy_monitoring()
        },
        // Fixed per-tick work only (almost no phones).
        "idle" => Scenario {
            phones_per_tick: 0.0001,
            ..Scenario::default()
        },
        "dense" => Scenario {
            phones_per_tick: 1000.0,
            ..Scenario::default()
        },
        _ => Scenario::default(),
    };
    let base = World::new(s).unwrap();
    let mut w = base.clone();
    w.run(ticks);
    println!(
        "{name}: {} ticks, {} phones, {} decided",
        ticks,
        w.totals().arrived,
        w.totals().decided
    );
}
