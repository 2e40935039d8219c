//! Lesson 4: concept drift leaves the inputs alone; label-based metrics and overrides move,
//! and the label-based alarm comes late because labels are delayed.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::Lesson;

/// Ticks simulated after the drift: the label window (600 ticks) must turn over before the
/// precision band alarm can see the new concept.
const AFTER: u64 = 1200;

/// Checks the lesson's claims in the preset run with `seed` (the fall in overrides, a
/// smaller effect, is checked pooled over many worlds: `overrides_fall_when_the_spec_tightens`).
fn check(seed: u64) {
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
    // The tighter spec adds about 15% more defective phones (mean ratio 1.156, sd 0.023 per
    // seed over 1000 seeds); 1.05 stays clear of that spread on every seed.
    assert!(
        rate_after > 1.05 * rate_unchanged,
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

/// Overrides and inspected phones in the `AFTER` ticks before the drift and the `AFTER`
/// ticks from it, in the preset run with `seed`: `[before overrides, before inspected, after
/// overrides, after inspected]`.
fn override_counts(seed: u64) -> [f64; 4] {
    let mut s = Lesson::ConceptDrift.preset();
    s.seed = seed;
    let drift = s.events[0].start_tick;
    let (_, ms) = run(s, drift + AFTER);
    [
        sum(&ms, "human_overrides", drift - AFTER, drift),
        sum(&ms, "by_human", drift - AFTER, drift),
        sum(&ms, "human_overrides", drift, drift + AFTER),
        sum(&ms, "by_human", drift, drift + AFTER),
    ]
}

/// Worlds pooled for the override claim (the preset's seed and the next ones).
///
/// Inspectors overrule the model on only about 1% of phones, so one world's 1200 ticks hold
/// about 130 overrides before the drift and about 110 after: the after/before ratio of one
/// world spreads with sd about 0.12 (seeds 0..40 ranged from 0.59 to 1.12), too wide to show
/// a fall of about a sixth. Pooled over 24 worlds its sd is about 0.025.
const OVERRIDE_WORLDS: u64 = 24;

/// The claim: the pooled override rate after the drift is below this share of the rate
/// before it (see `overrides_fall_when_the_spec_tightens` for the size of the effect).
const OVERRIDE_MAX_RATIO: f64 = 0.95;

/// Pooled override rate (overrides per inspected phone) after / before the drift, over
/// `OVERRIDE_WORLDS` worlds from seed `base` on (two threads; each world is one
/// deterministic run).
fn pooled_override_ratio(base: u64) -> f64 {
    let counts: Vec<[f64; 4]> = map_seeds(base, OVERRIDE_WORLDS, override_counts);
    let total = |i: usize| counts.iter().map(|c| c[i]).sum::<f64>();
    (total(2) / total(3)) / (total(0) / total(1))
}

#[test]
fn spec_change_is_invisible_to_input_stats_and_caught_late_by_labels() {
    check(Lesson::ConceptDrift.preset().seed);
}

/// Inspectors (who know the new spec) now agree with the model's rejects that the old spec
/// called cosmetic, so overrides fall. Measured over 20 seeds on the delayed labels, the
/// model's false rejects drop from 0.44% to 0.09% of phones. But the tighter spec also adds
/// overrides (its misses rise from 0.20% to 0.36%: newly defective phones it still passes),
/// and the inspectors' own errors (about 0.55% of phones, nearly half the overrides) barely
/// change, so the net fall is only about a sixth: pooled ratios 0.77 to 0.82 over bases 0..40
/// with PCG-64 and 0.84 to 0.88 with xoshiro256++. The claim is the direction, with margin:
/// a fall of more than 5%, which leaves more than three pooled sds of margin in the worse
/// stream.
#[test]
fn overrides_fall_when_the_spec_tightens() {
    let ratio = pooled_override_ratio(Lesson::ConceptDrift.preset().seed);
    assert!(
        ratio < OVERRIDE_MAX_RATIO,
        "override rate after / before the drift, pooled over {OVERRIDE_WORLDS} worlds: {ratio}"
    );
}

/// The claims hold for other seeds too, not just the preset's (slow in debug builds:
/// `cargo test --release --test lesson_04_concept_drift -- --ignored`).
#[test]
#[ignore]
fn holds_across_seeds() {
    let base = Lesson::ConceptDrift.preset().seed;
    for k in 0..60 {
        check(base.wrapping_add(k));
    }
}

/// The pooled override claim holds from other starting seeds: bases 0..40 (each pools 24
/// worlds, so neighbouring bases share most of them), every one must pass (about 20 s).
#[test]
#[ignore]
fn overrides_fall_across_seeds() {
    let per_seed: Vec<[f64; 4]> = (0..40 + OVERRIDE_WORLDS).map(override_counts).collect();
    let mut failed = Vec::new();
    for base in 0..40usize {
        let group = &per_seed[base..base + OVERRIDE_WORLDS as usize];
        let total = |i: usize| group.iter().map(|c| c[i]).sum::<f64>();
        let ratio = (total(2) / total(3)) / (total(0) / total(1));
        println!("base {base}: pooled ratio {ratio:.3}");
        if ratio >= OVERRIDE_MAX_RATIO {
            failed.push(format!("base {base}: {ratio}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
