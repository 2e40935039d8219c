//! Lesson 14: always saying PASS on a rare defect class.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::lessons::Lesson;
use driftline_sim::Scenario;

#[test]
fn always_pass_is_accurate_useless_and_expensive() {
    const T: u64 = 2000;
    let s = Lesson::RareClass.preset();
    let trained = Scenario {
        model: Default::default(),
        ..s.clone()
    };
    let (w, ms) = run(s, T);
    let (_, mt) = run(trained, T);
    let labels = w.labels().arrived_total.model;
    let defect_rate = (labels.tp + labels.fn_) as f64 / labels.total() as f64;
    let acc = labels.accuracy().unwrap();
    assert!(
        acc >= 1.0 - defect_rate - 1e-12,
        "accuracy {acc}, defect rate {defect_rate}"
    );
    assert!(acc > 0.95);
    assert_eq!(labels.recall(), Some(0.0));
    assert_eq!(labels.tp + labels.fp, 0, "the model never rejects");
    let cost = sum(&ms, "cost", 0, T);
    let cost_trained = sum(&mt, "cost", 0, T);
    assert!(cost > 3.0 * cost_trained, "{cost} vs {cost_trained}");
}
