//! Lesson 9: a bad canary fails analysis and traffic returns to stable.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::deploy::{CanaryConfig, CanaryPhase, Pattern};
use driftline_sim::lessons::Lesson;
use driftline_sim::model::ModelSpec;
use driftline_sim::Scenario;

#[test]
fn bad_canary_is_aborted_and_few_phones_saw_it() {
    let s = Lesson::Canary.preset();
    let Pattern::Canary(cfg) = s.pattern.clone() else {
        panic!("canary preset")
    };
    let (w, ms) = run(s, 600);
    assert_eq!(
        at(&ms, "candidate_weight_pct", 0),
        Some(f64::from(cfg.step_weight_pct))
    );
    let canary = w.rollout().deployment().canary().unwrap();
    assert_eq!(canary.phase(), CanaryPhase::Aborted);
    // Argo: failureLimit 0, so the first failed check aborts, at the first interval.
    let abort_tick = first_tick(&ms, 0, |m| m.candidate_weight_pct == 0.0).unwrap();
    assert!(
        abort_tick <= cfg.interval_ticks + 1,
        "aborted at {abort_tick}"
    );
    assert!(ms
        .iter()
        .filter(|m| m.tick > abort_tick)
        .all(|m| m.to_candidate == 0));
    let share = w.totals().to_candidate as f64 / w.totals().arrived as f64;
    assert!(share <= f64::from(cfg.step_weight_pct) / 100.0, "{share}");
    assert!(share > 0.0);
}

#[test]
fn good_canary_follows_the_ramp_and_is_promoted() {
    let cfg = CanaryConfig::default();
    let s = Scenario {
        candidate: Some(ModelSpec::default()),
        ..Lesson::Canary.preset()
    };
    let (w, ms) = run(s, cfg.min_promotion_ticks() + 100);
    // Weight at the start of each interval: step, 2 step, ..., max, then 100.
    for k in 0..cfg.steps() {
        let tick = k * cfg.interval_ticks + 1;
        let want =
            (f64::from(cfg.step_weight_pct) * (k + 1) as f64).min(f64::from(cfg.max_weight_pct));
        assert_eq!(
            at(&ms, "candidate_weight_pct", tick),
            Some(want),
            "tick {tick}"
        );
    }
    assert_eq!(
        w.rollout().deployment().canary().unwrap().phase(),
        CanaryPhase::Promoted
    );
    assert_eq!(ms.last().unwrap().candidate_weight_pct, 100.0);
}
