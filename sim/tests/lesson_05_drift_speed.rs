//! Lesson 5: gradual drift is detected later than sudden drift; ramp vs step.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::drift::DriftShape;
use driftline_sim::lessons::Lesson;

/// Half the span of ticks averaged around each point of the ramp.
const HALF_SPAN: u64 = 50;

/// Checks the lesson's claims in the preset run with `seed`; `Err` says which one failed.
fn check(seed: u64) -> Result<(), String> {
    let mut gradual = Lesson::DriftSpeed.preset();
    gradual.seed = seed;
    let e = gradual.events[0];
    assert_eq!(e.shape, DriftShape::Gradual);
    let mut sudden = gradual.clone();
    sudden.events[0].shape = DriftShape::Sudden;
    let ticks = e.start_tick + e.width_ticks + 600;
    let (wg, mg) = run(gradual, ticks);
    let (ws, ms) = run(sudden, ticks);
    let dg = first_firing(&wg, "brightness_psi", e.start_tick)
        .ok_or(format!("seed {seed}: gradual never detected"))?;
    let ds = first_firing(&ws, "brightness_psi", e.start_tick)
        .ok_or(format!("seed {seed}: sudden never detected"))?;
    // Clearly later: more than 50 ticks (the sudden step is caught at the first evaluation,
    // within `drift_eval_every_ticks` = 30).
    if dg <= ds + 50 {
        return Err(format!(
            "seed {seed}: gradual at +{} vs sudden at +{}",
            dg - e.start_tick,
            ds - e.start_tick
        ));
    }
    // Ramp vs step: a quarter into the change the gradual world is part-way, the sudden one is done.
    let pre = mean(&ms, "mean_brightness", e.start_tick - 300, e.start_tick);
    let post = mean(&ms, "mean_brightness", e.start_tick + e.width_ticks, ticks);
    // Means over 100 ticks around each point: a tick's mean brightness swings by about 0.05
    // with its mix of slices, so 40-tick means (sd about 0.008) were too coarse for a drop of
    // 0.095; over 100 ticks the sd is about 0.005.
    let q = e.start_tick + e.width_ticks / 4;
    let around = |ms: &[driftline_sim::metrics::TickMetrics], t: u64| {
        mean(ms, "mean_brightness", t - HALF_SPAN, t + HALF_SPAN)
    };
    let sudden_q = around(&ms, q);
    let gradual_q = around(&mg, q);
    let gradual_mid = around(&mg, q + e.width_ticks / 4);
    if (sudden_q - post).abs() >= 0.02 {
        return Err(format!(
            "seed {seed}: sudden is not at its new level: {sudden_q} vs {post}"
        ));
    }
    // A quarter of the way through, River's sigmoid has moved about 27% of phones to the new
    // light: the gradual world has covered part of the drop, clearly less than half of it.
    let covered = (pre - gradual_q) / (pre - post);
    if !(covered > 0.0 && covered < 0.5) {
        return Err(format!(
            "seed {seed}: gradual does not ramp: {pre} -> {gradual_q} -> {post} ({covered:.2} of the drop)"
        ));
    }
    if gradual_mid >= gradual_q {
        return Err(format!(
            "seed {seed}: gradual stops falling: {gradual_q} -> {gradual_mid}"
        ));
    }
    Ok(())
}

#[test]
fn gradual_is_detected_later_and_ramps() {
    check(Lesson::DriftSpeed.preset().seed).unwrap();
}

/// The claims hold on other seeds, not just the preset's: seeds 0..40, every one must pass
/// (40 of 40 when written, with either PCG-64 or xoshiro256++: gradual detected 239 to 449
/// ticks in, sudden at +29).
/// `cargo test -p driftline-sim --test lesson_05_drift_speed -- --ignored` (about 20 s).
#[test]
#[ignore]
fn holds_across_seeds() {
    assert_every_seed(0..40, check);
}
