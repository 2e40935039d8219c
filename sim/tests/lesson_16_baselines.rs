//! Lesson 16: per defect type, the gap to human-level performance times share.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::reports::baseline_table;
use driftline_sim::lessons::Lesson;
use driftline_sim::phone::DefectType;

/// Ticks run: about 3,500 defective phones, a few hundred per type.
const TICKS: u64 = 8000;

/// Checks the lesson's claims on the preset run with `seed`; `Err` says which one failed.
fn check(seed: u64) -> Result<(), String> {
    let mut s = Lesson::Baselines.preset();
    s.seed = seed;
    let (w, _) = run(s, TICKS);
    let table = baseline_table(&w);
    assert_eq!(table.len(), 4);
    let shares: f64 = table.iter().map(|r| r.share).sum();
    assert!((shares - 1.0).abs() < 1e-9);
    let mut by = table.clone();
    by.sort_by(|a, b| b.gap_x_share.total_cmp(&a.gap_x_share));
    // Pits: the model sees little of them and they are common, so work pays most there.
    if by[0].defect != DefectType::Pit || by[0].gap_x_share <= 1.5 * by[1].gap_x_share {
        return Err(format!("seed {seed}: no clear winner at pits: {table:#?}"));
    }
    // Dents are big and high-contrast, and any dent over the limit is a reject: the model
    // already matches (here beats) the inspectors.
    let dent = table.iter().find(|r| r.defect == DefectType::Dent).unwrap();
    if dent.gap > 0.01 || dent.gap_x_share >= 0.1 * by[0].gap_x_share {
        return Err(format!("seed {seed}: dents have room left: {dent:?}"));
    }
    Ok(())
}

#[test]
fn gap_times_share_has_a_clear_winner_and_one_type_is_at_hlp() {
    check(Lesson::Baselines.preset().seed).unwrap();
}

/// The claims hold on other seeds, not just the preset's: seeds 0..40, every one must pass
/// (40 of 40 when written: pits lead scratches by 1.6x to 4.6x, the dent gap is -0.6 points
/// at most). `cargo test -p driftline-sim --test lesson_16_baselines -- --ignored` (about 10 s).
#[test]
#[ignore]
fn holds_across_seeds() {
    assert_every_seed(0..40, check);
}
