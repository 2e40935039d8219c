//! Lesson 5: gradual drift is detected later than sudden drift; ramp vs step.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::drift::DriftShape;
use driftline_sim::lessons::Lesson;

#[test]
fn gradual_is_detected_later_and_ramps() {
    let gradual = Lesson::DriftSpeed.preset();
    let e = gradual.events[0];
    assert_eq!(e.shape, DriftShape::Gradual);
    let mut sudden = gradual.clone();
    sudden.events[0].shape = DriftShape::Sudden;
    let ticks = e.start_tick + e.width_ticks + 600;
    let (wg, mg) = run(gradual, ticks);
    let (ws, ms) = run(sudden, ticks);
    let dg = first_firing(&wg, "brightness_psi", e.start_tick).expect("gradual detected");
    let ds = first_firing(&ws, "brightness_psi", e.start_tick).expect("sudden detected");
    assert!(
        dg > ds + 50,
        "gradual at +{} vs sudden at +{}",
        dg - e.start_tick,
        ds - e.start_tick
    );
    // Ramp vs step: a quarter into the change the gradual world is part-way, the sudden one is done.
    let pre = mean(&ms, "mean_brightness", e.start_tick - 300, e.start_tick);
    let post = mean(&ms, "mean_brightness", e.start_tick + e.width_ticks, ticks);
    let q = e.start_tick + e.width_ticks / 4;
    let sudden_q = mean(&ms, "mean_brightness", q - 20, q + 20);
    let gradual_q = mean(&mg, "mean_brightness", q - 20, q + 20);
    let gradual_mid = mean(
        &mg,
        "mean_brightness",
        q + e.width_ticks / 4 - 20,
        q + e.width_ticks / 4 + 20,
    );
    assert!(
        (sudden_q - post).abs() < 0.02,
        "sudden is at its new level: {sudden_q} vs {post}"
    );
    assert!(
        gradual_q > post + 0.05 && gradual_q < pre,
        "gradual ramps: {gradual_q}"
    );
    assert!(
        gradual_mid < gradual_q,
        "gradual keeps falling: {gradual_q} -> {gradual_mid}"
    );
}
