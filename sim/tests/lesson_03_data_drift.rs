//! Lesson 3: data drift (lighting dims) is caught by input statistics, and recall falls.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::Lesson;

#[test]
fn dim_lighting_alarms_on_inputs_quickly_and_hurts_recall() {
    let s = Lesson::DataDrift.preset();
    let drift = s.events[0].start_tick;
    let every = s.monitoring.drift_eval_every_ticks;
    let (w, ms) = run(s, drift + 800);
    // No input alarm before the drift.
    assert_eq!(
        first_firing(&w, "brightness_psi", 0).filter(|t| *t < drift),
        None
    );
    let psi_before = mean(&ms, "psi_brightness", drift - 500, drift);
    assert!(psi_before < 0.1, "PSI before drift {psi_before}");
    // The recent window (500 images, ~50 ticks) refills and the next evaluation alarms.
    let fired = first_firing(&w, "brightness_psi", drift).expect("PSI alert fired");
    assert!(
        fired - drift <= 60 + 2 * every,
        "PSI alarm after {} ticks",
        fired - drift
    );
    // Evidently's default (KS for <= 1000 reference rows) flags it too.
    let ks = first_tick(&ms, drift, |m| m.drift_detected_brightness > 0.5).unwrap();
    assert!(ks - drift <= 60 + 2 * every);
    assert!(
        ms[(drift - 1) as usize].mean_brightness.unwrap()
            > ms[(drift + 10) as usize].mean_brightness.unwrap()
    );
    // Recall falls: the model leans on contrast, and contrast falls with the light.
    let before = mean(&ms, "model_recall", drift - 500, drift);
    let after = mean(&ms, "model_recall", drift + 300, drift + 800);
    assert!(after < before - 0.15, "recall {before} -> {after}");
}
