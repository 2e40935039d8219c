//! Lesson 6: serving choices change latency, load and cost as a queueing model predicts;
//! overload delays and drops; logging off makes retraining impossible.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::Lesson;
use driftline_sim::serving::{ServingConfig, ServingMode, Site};
use driftline_sim::{RetrainError, Scenario, World};

fn with(serving: ServingConfig, phones_per_tick: f64) -> Scenario {
    Scenario {
        serving,
        phones_per_tick,
        ..Lesson::Serving.preset()
    }
}

#[test]
fn cloud_adds_network_latency_and_costs_more_edge_is_slower_per_phone() {
    let edge = with(ServingConfig::default(), 10.0);
    let cloud = with(
        ServingConfig {
            site: Site::Cloud,
            ..ServingConfig::default()
        },
        10.0,
    );
    let (_, me) = run(edge, 300);
    let (_, mc) = run(cloud, 300);
    // Cloud: every request pays the network round trip (60 ms) but its servers are 4x faster.
    assert!(mean(&mc, "latency_p50_ms", 10, 300) >= 60.0);
    assert!(
        mean(&me, "latency_p50_ms", 10, 300) < 60.0 + 1e-9
            || mean(&me, "latency_p99_ms", 10, 300) > mean(&mc, "latency_p99_ms", 10, 300)
    );
    assert!(mean(&mc, "serving_cost", 10, 300) > mean(&me, "serving_cost", 10, 300));
}

#[test]
fn load_follows_rho_and_more_servers_cut_latency() {
    // Edge: 100 ms per phone, so one server scores 10 phones/s; 50 phones per 10 s tick = 5/s.
    let one = with(ServingConfig::default(), 50.0);
    let four = with(
        ServingConfig {
            servers: 4,
            ..ServingConfig::default()
        },
        50.0,
    );
    let (_, m1) = run(one, 400);
    let (_, m4) = run(four, 400);
    let rho1 = 5.0 / 10.0;
    let load1 = mean(&m1, "cpu_load", 10, 400);
    assert!(
        (load1 - rho1).abs() < 0.05,
        "cpu load {load1} vs rho {rho1}"
    );
    let load4 = mean(&m4, "cpu_load", 10, 400);
    assert!((load4 - rho1 / 4.0).abs() < 0.03, "cpu load {load4}");
    assert!(mean(&m4, "latency_p99_ms", 10, 400) < mean(&m1, "latency_p99_ms", 10, 400));
    assert!(mean(&m4, "serving_cost", 10, 400) > mean(&m1, "serving_cost", 10, 400));
}

#[test]
fn overload_delays_then_drops_and_every_phone_is_still_accounted_for() {
    // 150 phones per tick = 15/s against 10/s of capacity.
    let (w, ms) = run(with(ServingConfig::default(), 150.0), 400);
    let calm = run(with(ServingConfig::default(), 10.0), 400).1;
    assert!(sum(&ms, "delayed", 0, 400) > 0.0, "backlog served late");
    assert!(
        sum(&ms, "serving_dropped", 0, 400) > 0.0,
        "queue overflowed"
    );
    assert!(mean(&ms, "latency_p99_ms", 300, 400) > 10.0 * mean(&calm, "latency_p99_ms", 300, 400));
    // Dropped requests took the fallback path (the human), and nothing vanished.
    assert!(sum(&ms, "fallback", 0, 400) >= sum(&ms, "serving_dropped", 0, 400));
    let t = w.totals();
    let last = ms.last().unwrap();
    assert_eq!(t.arrived, t.decided + t.dropped + last.in_flight);
}

#[test]
fn batch_waits_for_the_batch() {
    let rt = with(ServingConfig::default(), 10.0);
    let batch = with(
        ServingConfig {
            mode: ServingMode::Batch {
                batch_every_ticks: 6,
            },
            ..ServingConfig::default()
        },
        10.0,
    );
    let (_, mr) = run(rt, 300);
    let (_, mb) = run(batch, 300);
    assert!(mean(&mb, "latency_p50_ms", 10, 300) > 10.0 * mean(&mr, "latency_p50_ms", 10, 300));
}

#[test]
fn logging_off_means_nothing_to_retrain_on() {
    let mut s = with(ServingConfig::default(), 10.0);
    s.serving.logging = false;
    let mut w = World::new(s).unwrap();
    w.run(600);
    let err = w.retrain().unwrap_err();
    assert_eq!(err, RetrainError::LoggingOff);
    assert!(err.to_string().contains("logging is off"), "{err}");
    // With logging on the same run can retrain.
    let mut on = World::new(with(ServingConfig::default(), 10.0)).unwrap();
    on.run(600);
    assert!(on.retrain().is_ok());
}
