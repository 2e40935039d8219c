//! Lesson 16: per defect type, the gap to human-level performance times share.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::reports::baseline_table;
use driftline_sim::lessons::Lesson;
use driftline_sim::phone::DefectType;

#[test]
fn gap_times_share_has_a_clear_winner_and_one_type_is_at_hlp() {
    let (w, _) = run(Lesson::Baselines.preset(), 8000);
    let table = baseline_table(&w);
    assert_eq!(table.len(), 4);
    let shares: f64 = table.iter().map(|r| r.share).sum();
    assert!((shares - 1.0).abs() < 1e-9);
    let mut by = table.clone();
    by.sort_by(|a, b| b.gap_x_share.total_cmp(&a.gap_x_share));
    assert_eq!(by[0].defect, DefectType::Pit, "{table:#?}");
    assert!(by[0].gap_x_share > 1.5 * by[1].gap_x_share, "{table:#?}");
    // Dents are big and high-contrast: the model already matches the inspectors.
    let dent = table.iter().find(|r| r.defect == DefectType::Dent).unwrap();
    assert!(dent.gap <= 0.01, "{dent:?}");
    assert!(dent.gap_x_share < 0.1 * by[0].gap_x_share, "{dent:?}");
}
