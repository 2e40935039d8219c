//! Lesson 2: every box of the system diagram is bound to a live, moving metric.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::system_map::system_map;
use driftline_sim::lessons::Lesson;
use driftline_sim::metrics::TickMetrics;

#[test]
fn every_box_maps_to_a_field_that_moves_during_a_run() {
    let map = system_map();
    assert_eq!(map.len(), 9);
    assert_eq!(map.iter().filter(|b| b.is_ml_code).count(), 1);
    let (_, ms) = run(Lesson::SystemMap.preset(), 2200);
    for b in &map {
        assert!(
            TickMetrics::has_field(b.metric),
            "{} -> {}",
            b.name,
            b.metric
        );
        let vals: Vec<f64> = ms.iter().filter_map(|m| m.get(b.metric)).collect();
        assert!(
            !vals.is_empty(),
            "{} ({}) never had a value",
            b.name,
            b.metric
        );
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert!(
            hi > lo,
            "{} ({}) never moved: always {lo}",
            b.name,
            b.metric
        );
    }
}
