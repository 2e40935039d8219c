//! The default scenario's per-tick output is fixed bit for bit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline_sim::golden::DEFAULT_TRACE_HASH_1000_TICKS;
use driftline_sim::{Scenario, World};

#[test]
fn default_trace_matches_the_committed_hash() {
    let h = World::new(Scenario::default()).unwrap().trace_hash(1000);
    assert_eq!(h, DEFAULT_TRACE_HASH_1000_TICKS, "got {h:#018x}");
}

#[test]
fn same_seed_same_trace_other_seed_other_trace() {
    let a = World::new(Scenario::default()).unwrap().trace_hash(300);
    let b = World::new(Scenario::default()).unwrap().trace_hash(300);
    assert_eq!(a, b);
    let c = World::new(Scenario {
        seed: 43,
        ..Scenario::default()
    })
    .unwrap()
    .trace_hash(300);
    assert_ne!(a, c);
}
