//! Lesson 10: blue-green flips all traffic at once; rollback is instant only while blue is warm.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use driftline_sim::deploy::Rollback;
use driftline_sim::lessons::Lesson;
use driftline_sim::scenario::Action;
use driftline_sim::World;

#[test]
fn flip_is_total_warm_rollback_is_instant_cold_rollback_waits() {
    let s = Lesson::BlueGreen.preset();
    let ticks: Vec<(u64, Action)> = s
        .actions
        .iter()
        .map(|a| (a.tick, a.action.clone()))
        .collect();
    let (promote1, rollback1, promote2, rollback2) =
        (ticks[0].0, ticks[1].0, ticks[2].0, ticks[3].0);
    let (_, ms) = run(s.clone(), rollback2 + 50);
    let frac = |t: u64| {
        let m = ms[t as usize];
        m.to_candidate as f64 / (m.to_candidate + m.to_stable).max(1) as f64
    };
    assert_eq!(frac(promote1 - 1), 0.0);
    // All traffic moves in the promotion tick.
    assert_eq!(frac(promote1), 1.0);
    assert_eq!(frac(rollback1 - 1), 1.0);
    // Warm rollback (within scaleDownDelaySeconds): blue serves in the same tick.
    assert_eq!(frac(rollback1), 0.0);
    assert_eq!(frac(promote2), 1.0);
    // Cold rollback: green keeps serving until blue has started again.
    assert_eq!(frac(rollback2), 1.0);
    let back = first_tick(&ms, rollback2, |m| m.to_candidate == 0 && m.to_stable > 0).unwrap();
    assert!(back > rollback2, "cold start takes time");

    // The same through the API, with the cold start's ready tick.
    let mut w = World::new(s).unwrap();
    w.run(promote2 + 1);
    w.run(rollback2 - promote2 - 1);
    match w.rollback() {
        Rollback::ColdStart { ready_tick } => assert_eq!(ready_tick, back),
        other => panic!("expected a cold start, got {other:?}"),
    }
}
