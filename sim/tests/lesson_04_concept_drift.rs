//! Lesson 4: concept drift leaves the inputs alone; label-based metrics and overrides move late.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::Lesson;

#[test]
fn spec_change_is_invisible_to_input_stats_and_caught_late_by_labels() {
    let s = Lesson::ConceptDrift.preset();
    let drift = s.events[0].start_tick;
    let delay = s.label_delay_ticks;
    let (w, ms) = run(s, drift + 800);
    // Inputs do not move: PSI stays in the "no shift" band, the PSI alert never fires.
    let psi_max = ms
        .iter()
        .filter_map(|m| m.psi_brightness)
        .fold(0.0, f64::max);
    assert!(psi_max < 0.1, "PSI reached {psi_max}");
    assert_eq!(first_firing(&w, "brightness_psi", 0), None);
    // What counts as defective moved (the simulation knows the truth).
    assert!(mean(&ms, "true_defect_rate", drift, drift + 800) > 1.1 * mean(&ms, "true_defect_rate", 0, drift));
    // Recall from delayed labels falls, and its alert fires, but not before labels arrive.
    let before = mean(&ms, "model_recall", drift - 500, drift);
    let after = mean(&ms, "model_recall", drift + 300, drift + 800);
    assert!(after < before - 0.15, "recall {before} -> {after}");
    let fired = first_firing(&w, "model_recall", drift).expect("recall alert fired");
    assert!(fired >= drift + delay, "recall alarm at {fired}, labels arrive from {}", drift + delay);
    // Inspectors overrule the model's suggestion more often.
    let ov_before = mean(&ms, "human_override_rate", drift - 300, drift);
    let ov_after = mean(&ms, "human_override_rate", drift + 300, drift + 800);
    assert!(ov_after > 2.0 * ov_before, "override rate {ov_before} -> {ov_after}");
    // A data-drift alarm of the same size would have come sooner (lesson 3's preset).
    let s3 = Lesson::DataDrift.preset();
    let d3 = s3.events[0].start_tick;
    let (w3, _) = run(s3, d3 + 400);
    let data_delay = first_firing(&w3, "brightness_psi", d3).unwrap() - d3;
    assert!(fired - drift > data_delay, "concept {} vs data {}", fired - drift, data_delay);
}
