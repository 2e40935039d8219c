//! Lesson 4: concept drift leaves the inputs alone; label-based metrics and overrides move,
//! and the label-based alarm comes late because labels are delayed.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::Lesson;

/// Ticks simulated after the drift: the label window (600 ticks) must turn over before the
/// precision band alarm can see the new concept.
const AFTER: u64 = 1200;

/// Checks the lesson's claims in the preset run with `seed` (the override claim only when
/// `check_overrides`).
fn check(seed: u64, check_overrides: bool) {
    let mut s = Lesson::ConceptDrift.preset();
    s.seed = seed;
    let drift = s.events[0].start_tick;
    let delay = s.label_delay_ticks;
    let window = s.monitoring.label_window_ticks;
    let (w, ms) = run(s.clone(), drift + AFTER);
    // Inputs do not move: PSI stays in the "no shift" band, the PSI alert never fires.
    // (Single evaluations of PSI on a 500-row window wander: under no shift at all, about
    // one run in sixty has a value above 0.1 somewhere; the run's mean is what stays low.)
    let psi_mean = mean(&ms, "psi_brightness", 0, drift + AFTER);
    assert!(psi_mean < 0.1, "seed {seed}: PSI averaged {psi_mean}");
    assert_eq!(first_firing(&w, "brightness_psi", 0), None, "seed {seed}");
    // What counts as defective moved (the simulation knows the truth). Compared with the
    // same seed without the event, the phones and images are identical; only labels differ.
    let mut unchanged = s;
    unchanged.events.clear();
    let (_, m0) = run(unchanged, drift + AFTER);
    for (a, b) in ms.iter().zip(&m0) {
        assert_eq!(a.mean_brightness, b.mean_brightness, "tick {}", a.tick);
    }
    let rate_after = mean(&ms, "true_defect_rate", drift, drift + AFTER);
    let rate_unchanged = mean(&m0, "true_defect_rate", drift, drift + AFTER);
    assert!(
        rate_after > 1.1 * rate_unchanged,
        "seed {seed}: {rate_unchanged} -> {rate_after}"
    );
    // The same images now mean something else: the model's rejects that used to be cosmetic
    // defects are real defects now, so its label-based precision jumps out of its band
    // (measured once the window holds only post-drift labels)...
    let settled = drift + delay + window + 70;
    let p_before = mean(&ms, "model_precision", drift - 500, drift);
    let p_after = mean(&ms, "model_precision", settled, drift + AFTER);
    assert!(
        p_after > p_before + 0.05,
        "seed {seed}: precision {p_before} -> {p_after}"
    );
    // ... but only once labels arrive: no label-based alarm before drift + delay.
    assert_eq!(
        first_firing(&w, "precision_shift", 0).filter(|t| *t < drift),
        None,
        "seed {seed}: precision alarm before the drift"
    );
    let fired = first_firing(&w, "precision_shift", drift)
        .unwrap_or_else(|| panic!("seed {seed}: label alarm never fired"));
    assert!(
        fired >= drift + delay,
        "seed {seed}: label alarm at {fired}, labels arrive from {}",
        drift + delay
    );
    // Inspectors (who know the new spec) now agree with the model's rejects: overrides fall.
    let ov_before = mean(&ms, "human_override_rate", drift - 300, drift);
    let ov_after = mean(&ms, "human_override_rate", drift + 300, drift + 800);
    assert!(
        !check_overrides || ov_after < 0.75 * ov_before,
        "seed {seed}: override rate {ov_before} -> {ov_after}"
    );
    // A data-drift alarm comes sooner (lesson 3's preset): inputs need no labels.
    let mut s3 = Lesson::DataDrift.preset();
    s3.seed = seed;
    let d3 = s3.events[0].start_tick;
    let (w3, _) = run(s3, d3 + 400);
    let data_delay = first_firing(&w3, "brightness_psi", d3).unwrap() - d3;
    assert!(
        fired - drift > data_delay,
        "seed {seed}: concept {} vs data {}",
        fired - drift,
        data_delay
    );
}

#[test]
fn spec_change_is_invisible_to_input_stats_and_caught_late_by_labels() {
    check(Lesson::ConceptDrift.preset().seed, true);
}

/// The claims hold for other seeds too, not just the preset's (slow in debug builds:
/// `cargo test --release --test lesson_04_concept_drift -- --ignored`).
///
/// Except the fall in overrides: the preset's inspectors overrule the model on only ~1% of
/// phones, and the drift both removes overrides (cosmetic rejects become real) and adds
/// them (newly defective phones the model passes), so across seeds the rate after the drift
/// ranges from 0.6 to 1.4 times the rate before. It is checked for the preset's seed only
/// until the human model gives it a robust direction.
#[test]
#[ignore]
fn holds_across_seeds() {
    let base = Lesson::ConceptDrift.preset().seed;
    for k in 0..60 {
        check(base.wrapping_add(k), false);
    }
}
