//! Lesson 9: a bad canary fails analysis and traffic returns to stable; a good one follows
//! the ramp to promotion.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::deploy::{CanaryConfig, CanaryPhase, Pattern};
use driftline_sim::lessons::Lesson;
use driftline_sim::model::ModelSpec;
use driftline_sim::Scenario;

/// The preset with `seed`, and its canary settings.
fn preset(seed: u64) -> (Scenario, CanaryConfig) {
    let mut s = Lesson::Canary.preset();
    s.seed = seed;
    let Pattern::Canary(cfg) = s.pattern.clone() else {
        panic!("canary preset")
    };
    (s, cfg)
}

/// The bad canary (the preset's) is aborted at its first check; `Err` says what failed.
fn check_bad(seed: u64) -> Result<(), String> {
    let (s, cfg) = preset(seed);
    let (w, ms) = run(s, 600);
    if at(&ms, "candidate_weight_pct", 0) != Some(f64::from(cfg.step_weight_pct)) {
        return Err(format!("seed {seed}: did not start at the first step"));
    }
    let phase = w.rollout().deployment().canary().unwrap().phase();
    if phase != CanaryPhase::Aborted {
        return Err(format!("seed {seed}: bad canary ended {phase:?}"));
    }
    // Argo: failureLimit 0, so the first failed check aborts, at the first interval.
    let abort_tick = first_tick(&ms, 0, |m| m.candidate_weight_pct == 0.0).unwrap();
    if abort_tick > cfg.interval_ticks + 1 {
        return Err(format!("seed {seed}: aborted at {abort_tick}"));
    }
    if ms.iter().any(|m| m.tick > abort_tick && m.to_candidate > 0) {
        return Err(format!(
            "seed {seed}: phones reached the canary after the abort"
        ));
    }
    let share = w.totals().to_candidate as f64 / w.totals().arrived as f64;
    if share > f64::from(cfg.step_weight_pct) / 100.0 || share <= 0.0 {
        return Err(format!("seed {seed}: canary share {share}"));
    }
    Ok(())
}

/// A good candidate in the same rollout climbs every step and is promoted.
fn check_good(seed: u64) -> Result<(), String> {
    let (s, cfg) = preset(seed);
    let s = Scenario {
        candidate: Some(ModelSpec::default()),
        ..s
    };
    let (w, ms) = run(s, cfg.min_promotion_ticks() + 100);
    // Weight at the start of each interval: step, 2 step, ..., max, then 100.
    for k in 0..cfg.steps() {
        let tick = k * cfg.interval_ticks + 1;
        let want =
            (f64::from(cfg.step_weight_pct) * (k + 1) as f64).min(f64::from(cfg.max_weight_pct));
        let got = at(&ms, "candidate_weight_pct", tick);
        if got != Some(want) {
            let last = w.rollout().deployment().canary().unwrap().last_check();
            return Err(format!(
                "seed {seed}: weight {got:?} at tick {tick}, want {want} (last check {last:?})"
            ));
        }
    }
    let phase = w.rollout().deployment().canary().unwrap().phase();
    if phase != CanaryPhase::Promoted || ms.last().unwrap().candidate_weight_pct != 100.0 {
        return Err(format!("seed {seed}: good canary ended {phase:?}"));
    }
    Ok(())
}

#[test]
fn bad_canary_is_aborted_and_few_phones_saw_it() {
    check_bad(Lesson::Canary.preset().seed).unwrap();
}

#[test]
fn good_canary_follows_the_ramp_and_is_promoted() {
    check_good(Lesson::Canary.preset().seed).unwrap();
}

/// Both claims hold on other seeds, not just the preset's: seeds 0..40, every one must pass
/// (40 of 40 when written). `cargo test -p driftline-sim --test lesson_09_canary -- --ignored`
/// (about 30 s in the dev profile).
#[test]
#[ignore]
fn holds_across_seeds() {
    assert_every_seed(0..40, check_bad);
    assert_every_seed(0..40, check_good);
}
