//! During a canary or blue-green the candidate serves from its own stack: its latency is its
//! own (its servers, its queue, its model's speed), while the stable stack keeps the latency
//! of a run without a rollout.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::deploy::canary::{CanaryMetric, CheckVerdict};
use driftline_sim::deploy::{CanaryConfig, CanaryPhase, Pattern};
use driftline_sim::lessons::Lesson;
use driftline_sim::model::ModelSpec;
use driftline_sim::{AutomationLevel, Scenario};

const TICKS: u64 = 300;

/// The default line with the model deciding, optionally with a canary of a candidate that
/// takes `mult` times the site's time per phone.
fn scenario(canary_mult: Option<f64>) -> Scenario {
    let base = Scenario {
        automation: AutomationLevel::FullAutomation,
        ..Scenario::default()
    };
    match canary_mult {
        None => base,
        Some(mult) => Scenario {
            candidate: Some(ModelSpec {
                service_time_mult: mult,
                ..ModelSpec::default()
            }),
            // 10% of the phones to the canary for the whole run: the first check would come
            // long after it (this test looks at the latencies, not at the verdicts).
            pattern: Pattern::Canary(CanaryConfig {
                step_weight_pct: 10,
                interval_ticks: 10_000,
                ..CanaryConfig::default()
            }),
            ..base
        },
    }
}

#[test]
fn a_slower_canary_has_its_own_latency_and_stable_keeps_its_scale() {
    let (_, alone) = run(scenario(None), TICKS);
    let (w, canary) = run(scenario(Some(2.0)), TICKS);
    assert!(w.totals().to_candidate > 0, "the canary took no phones");
    let service_ms = driftline_sim::serving::Site::Edge.profile().service_ms;

    let mut both = 0;
    for m in &canary {
        if let (Some(stable), Some(cand)) = (m.latency_p50_ms, m.candidate_latency_p50_ms) {
            both += 1;
            // The candidate's phones take its own (doubled) service time at least; the
            // stable stack's median phone does not wait at this load.
            assert!(cand >= 2.0 * service_ms - 1e-9, "tick {}: {cand}", m.tick);
            assert!(
                (stable - service_ms).abs() < 1e-9,
                "tick {}: {stable}",
                m.tick
            );
            let (s99, c99) = (
                m.latency_p99_ms.unwrap(),
                m.candidate_latency_p99_ms.unwrap(),
            );
            assert!(
                s99 != c99,
                "tick {}: the two arms report one latency",
                m.tick
            );
        }
        // Phones reach the candidate's stack only; with none routed there it reports nothing.
        if m.to_candidate == 0 && m.serving_queue == 0 {
            assert_eq!(m.candidate_latency_p99_ms, None, "tick {}", m.tick);
        }
    }
    assert!(both > TICKS / 2, "only {both} ticks with both arms serving");

    // The stable stack, which takes 90% of the phones on the same servers, keeps the
    // no-rollout run's latency scale: its mean p99 within a tenth of that run's.
    let stable = mean(&canary, "latency_p99_ms", 0, TICKS);
    let no_rollout = mean(&alone, "latency_p99_ms", 0, TICKS);
    assert!(
        (stable / no_rollout - 1.0).abs() < 0.1,
        "stable p99 {stable:.1} ms vs {no_rollout:.1} ms without a rollout"
    );
    let cand = mean(&canary, "candidate_latency_p99_ms", 0, TICKS);
    assert!(
        cand > 1.2 * stable,
        "candidate p99 {cand:.1} vs stable {stable:.1}"
    );
    // Without a rollout there is no candidate series at all.
    assert!(alone.iter().all(|m| m.candidate_latency_p99_ms.is_none()));
}

#[test]
fn the_canary_analysis_judges_the_candidates_own_latency() {
    // The canary lesson's line (two stable servers, p99 about 100 ms) with a good model that
    // is eight times slower to run: 800 ms per phone is past Flagger's 500 ms line, so the
    // first check fails on request-duration, though the stable stack stays fast.
    let mut s = Lesson::Canary.preset();
    s.candidate = Some(ModelSpec {
        service_time_mult: 8.0,
        ..ModelSpec::default()
    });
    let Pattern::Canary(cfg) = s.pattern.clone() else {
        panic!("canary preset")
    };
    let (w, ms) = run(s, cfg.interval_ticks + 2);
    let canary = w.rollout().deployment().canary().unwrap();
    let check = canary.last_check().unwrap();
    assert_eq!(check.verdict, CheckVerdict::Fail, "{check:?}");
    assert_eq!(
        check.decided_by,
        Some(CanaryMetric::P99Latency),
        "{check:?}"
    );
    assert_eq!(canary.phase(), CanaryPhase::Aborted);
    assert!(mean(&ms, "latency_p99_ms", 0, cfg.interval_ticks) < 200.0);
}
