//! Lesson 4: concept drift leaves the inputs alone; label-based metrics and overrides move,
//! and the label-based alarm comes late because labels are delayed.
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
    // What counts as defective moved (the simulation knows the truth). Compared with the
    // same seed without the event, the phones and images are identical; only labels differ.
    let mut unchanged = Lesson::ConceptDrift.preset();
    unchanged.events.clear();
    let (_, m0) = run(unchanged, drift + 800);
    for (a, b) in ms.iter().zip(&m0) {
        assert_eq!(a.mean_brightness, b.mean_brightness, "tick {}", a.tick);
    }
    let rate_after = mean(&ms, "true_defect_rate", drift, drift + 800);
    let rate_unchanged = mean(&m0, "true_defect_rate", drift, drift + 800);
    assert!(
        rate_after > 1.1 * rate_unchanged,
        "{rate_unchanged} -> {rate_after}"
    );
    // The same images now mean something else: the model's rejects that used to be cosmetic
    // defects are real defects now, so its label-based precision jumps out of its band...
    let p_before = mean(&ms, "model_precision", drift - 500, drift);
    let p_after = mean(&ms, "model_precision", drift + 300, drift + 800);
    assert!(
        p_after > p_before + 0.05 && p_after > 0.95,
        "precision {p_before} -> {p_after}"
    );
    // ... but only once labels arrive: no label-based alarm before drift + delay.
    assert_eq!(
        first_firing(&w, "precision_shift", 0).filter(|t| *t < drift),
        None
    );
    let fired = first_firing(&w, "precision_shift", drift).expect("label alarm fired");
    assert!(
        fired >= drift + delay,
        "label alarm at {fired}, labels arrive from {}",
        drift + delay
    );
    // Inspectors (who know the new spec) now agree with the model's rejects: overrides fall.
    let ov_before = mean(&ms, "human_override_rate", drift - 300, drift);
    let ov_after = mean(&ms, "human_override_rate", drift + 300, drift + 800);
    assert!(
        ov_after < 0.75 * ov_before,
        "override rate {ov_before} -> {ov_after}"
    );
    // A data-drift alarm comes sooner (lesson 3's preset): inputs need no labels.
    let s3 = Lesson::DataDrift.preset();
    let d3 = s3.events[0].start_tick;
    let (w3, _) = run(s3, d3 + 400);
    let data_delay = first_firing(&w3, "brightness_psi", d3).unwrap() - d3;
    assert!(
        fired - drift > data_delay,
        "concept {} vs data {}",
        fired - drift,
        data_delay
    );
}
