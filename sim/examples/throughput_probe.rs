//! Runs one bench scenario for a fixed number of ticks, for profilers (callgrind, perf)
//! that want a plain process rather than criterion's timing loop.
//!
//! `cargo run --release -p driftline-sim --example throughput_probe -- default 20000`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline_sim::deploy::Pattern;
use driftline_sim::model::ModelSpec;
use driftline_sim::monitor::alert::AlertRule;
use driftline_sim::{AutomationLevel, Scenario, World};

fn heavy() -> Scenario {
    let mut s = Scenario {
        automation: AutomationLevel::PartialAutomation,
        candidate: Some(ModelSpec::default()),
        pattern: Pattern::Shadow,
        ..Scenario::default()
    };
    s.monitoring.drift_eval_every_ticks = 10;
    s.monitoring
        .alerts
        .push(AlertRule::above("overrides", "human_override_rate", 0.8).with_for_ticks(20));
    s.monitoring
        .alerts
        .push(AlertRule::above("escapes", "escape_cost", 100.0));
    s.monitoring
        .alerts
        .push(AlertRule::below("accuracy", "model_accuracy", 0.95));
    s
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let name = args.get(1).map_or("default", String::as_str);
    let ticks: u64 = args.get(2).and_then(|t| t.parse().ok()).unwrap_or(20_000);
    let s = match name {
        "heavy" => heavy(),
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
